//! `jemput generate`: writes scenarios — a synthetic district from aggregate facts, a real
//! district from its village list and published totals, or a synthetic country for the
//! batch mode. The logic is in [`crate::generate`]; this file only maps flags to its specs.
//! Every scenario is checked by the loader before it is written.

use super::Failure;
use crate::generate::national::{national, write_country};
use crate::generate::region::{BasePlacement, BeyondReach, PerDistrict, RegionSpec, region};
use crate::generate::synthetic::{SyntheticSpec, parse_kinds, synthetic};
use crate::generate::{self, GenerateError, Generated, shell_word};
use crate::problem::SiteKind;
use crate::scenario::villages::{read_holidays, read_villages};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub what: What,
}

#[derive(Debug, clap::Subcommand)]
pub enum What {
    /// A made-up district from aggregate facts, deterministic by seed.
    Synthetic(SyntheticArgs),
    /// A district from a real village list, its published totals spread by a weight.
    Region(Box<RegionArgs>),
    /// A synthetic country (514 districts, 84,000 villages), one scenario per district.
    National(NationalArgs),
}

#[derive(Debug, clap::Args)]
pub struct SyntheticArgs {
    /// Scenario TOML to write; the site CSV goes beside it (FILE.sites.csv).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    /// Random seed: the same seed gives the same files.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[arg(long, default_value = "Kabupaten Sintetis")]
    pub name: String,
    /// Kecamatan.
    #[arg(long, default_value_t = 5)]
    pub districts: u32,
    /// Sites of all kinds (split by --kinds).
    #[arg(long, alias = "sites", default_value_t = 60)]
    pub villages: u32,
    /// Recorded e-KTP in the district.
    #[arg(long, default_value_t = 150_000)]
    pub eligible: u64,
    /// Already activated at the start.
    #[arg(long, default_value_t = 9_000)]
    pub activated: u64,
    /// Target activated share at the end, 0..1.
    #[arg(long, default_value_t = 0.3)]
    pub target_share: f64,
    /// Area of the square the sites lie in, km².
    #[arg(long, default_value_t = 900.0)]
    pub area_km2: f64,
    #[arg(long, default_value_t = -7.0, allow_hyphen_values = true)]
    pub base_lat: f64,
    #[arg(long, default_value_t = 110.0, allow_hyphen_values = true)]
    pub base_lon: f64,
    /// Share of sites of each kind, e.g. village=0.8,school=0.15,office=0.05.
    #[arg(long, default_value = "village=0.8,school=0.15,office=0.05")]
    pub kinds: String,
    /// Teams (all at the one base).
    #[arg(long, default_value_t = 3)]
    pub teams: u32,
    /// Staff per team.
    #[arg(long, default_value_t = 3)]
    pub staff: u32,
    #[arg(long, default_value = "08:00-15:00")]
    pub shift: String,
    /// First day of the horizon.
    #[arg(long, value_parser = parse_date, default_value = "2025-01-01")]
    pub start: NaiveDate,
    /// Last day (default 31 December of the start year).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Walk-in activations at the office per working day.
    #[arg(long, default_value_t = 10.0)]
    pub organic_per_day: f64,
}

#[derive(Debug, clap::Args)]
pub struct RegionArgs {
    /// Village list CSV: code,name,district,lat,lon,weight or the Kemendagri area layout.
    #[arg(long)]
    pub villages: PathBuf,
    /// CSV joined to the villages by code, holding the weight column (e.g. polling stations).
    #[arg(long)]
    pub weights: Option<PathBuf>,
    /// Column with the population proxy (`tps` = tps_regular + tps_special). Default
    /// `weight`, or `tps` with --weights.
    #[arg(long)]
    pub weight_column: Option<String>,
    /// Keep only villages whose Kemendagri code starts with this prefix (e.g. `65.01` for
    /// one kab/kota of a province list). Repeatable.
    #[arg(long, value_name = "CODE")]
    pub within: Vec<String>,
    /// Scenario TOML to write; the site CSV goes beside it (FILE.sites.csv).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    #[arg(long)]
    pub name: String,
    #[arg(long)]
    pub description: Option<String>,
    /// Recorded e-KTP in the area (target denominator).
    #[arg(long)]
    pub eligible: u64,
    /// Already activated at the start.
    #[arg(long, default_value_t = 0)]
    pub activated: u64,
    /// Target activated share at the end, 0..1.
    #[arg(long)]
    pub target_share: f64,
    #[arg(long, value_parser = parse_date)]
    pub start: NaiveDate,
    /// Last day (default 31 December of the start year).
    #[arg(long, value_parser = parse_date)]
    pub end: Option<NaiveDate>,
    /// Random seed of the planner's search, written into the scenario.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Walk-in activations at the office per working day.
    #[arg(long, default_value_t = 0.0)]
    pub organic_per_day: f64,
    /// Built-in holidays: `id` (Indonesia 2024–2026) or `none`.
    #[arg(long, default_value = "id")]
    pub holidays: String,
    /// CSV of further days off (`date,name`), kept within the horizon. Repeatable.
    #[arg(long)]
    pub extra_holidays: Vec<PathBuf>,
    /// Teams per base: one number for every base, or one per base in order (`2,1`).
    #[arg(long, default_value = "2", value_delimiter = ',')]
    pub teams: Vec<u32>,
    /// Staff per team.
    #[arg(long, default_value_t = 3)]
    pub staff: u32,
    #[arg(long, default_value = "08:00-15:00")]
    pub shift: String,
    /// One base at these coordinates (with --base-lon).
    #[arg(long, allow_hyphen_values = true, requires = "base_lon")]
    pub base_lat: Option<f64>,
    #[arg(long, allow_hyphen_values = true, requires = "base_lat")]
    pub base_lon: Option<f64>,
    #[arg(long, default_value = "")]
    pub base_name: String,
    /// A base at the centre of this village (repeatable: the first is the Disdukcapil
    /// office, the others kecamatan offices). Default: one per kab/kota at its village with
    /// the largest weight.
    #[arg(long, conflicts_with = "base_lat")]
    pub base_village: Vec<String>,
    /// Village visit length in minutes (default: the kind's 240).
    #[arg(long)]
    pub village_visit_minutes: Option<u32>,
    /// Most visits per village over the horizon (default: the kind's 4).
    #[arg(long)]
    pub village_max_visits: Option<u32>,
    /// Fewest days between two visits to a village (default: the kind's 30).
    #[arg(long)]
    pub village_min_gap_days: Option<u32>,
    /// Placeholder senior high schools per kecamatan.
    #[arg(long, default_value_t = 0)]
    pub schools_per_district: u32,
    /// e-KTP holders per placeholder school (pupils aged 17+ and teachers).
    #[arg(long, default_value_t = 350)]
    pub school_eligible: u64,
    /// Further placeholders per kecamatan as KIND:COUNT:ELIGIBLE, e.g. office:1:600. Repeatable.
    #[arg(long)]
    pub per_district: Vec<String>,
    /// A Saturday car-free day at the first base with this many e-KTP holders passing by.
    #[arg(long)]
    pub car_free_day: Option<u64>,
    #[arg(long, default_value_t = 90)]
    pub event_visit_minutes: u32,
    #[arg(long, default_value_t = 40.0)]
    pub speed_kmh: f64,
    #[arg(long, default_value_t = 1.3)]
    pub detour: f64,
    #[arg(long, default_value_t = 10.0)]
    pub leg_overhead_minutes: f64,
    /// Villages this many km (straight line) or more from every base: connectivity 0.5.
    #[arg(long)]
    pub weak_signal_km: Option<f64>,
    /// Villages this many km or more from every base: connectivity 0 (no signal).
    #[arg(long)]
    pub no_signal_km: Option<f64>,
    /// Connectivity kits (satellite terminals) the office has: `[kits] count` (0: none).
    #[arg(long, default_value_t = 0)]
    pub kits: u32,
    /// Connectivity a visit with a kit works at.
    #[arg(long, default_value_t = crate::scenario::file::default_kit_connectivity())]
    pub kit_connectivity: f64,
    /// Villages beyond a day's trip: `error` (stop and name them) or `drop` (leave out).
    #[arg(long, default_value = "error")]
    pub beyond_reach: String,
    /// Where the figures come from (shown in reports). Repeatable.
    #[arg(long)]
    pub source: Vec<String>,
    /// A line for the header comment (facts, assumptions). Repeatable.
    #[arg(long)]
    pub note: Vec<String>,
}

#[derive(Debug, clap::Args)]
pub struct NationalArgs {
    /// Folder for the district scenarios (created if needed).
    #[arg(long)]
    pub out: PathBuf,
    /// Replace existing files.
    #[arg(long)]
    pub force: bool,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{s}` is not a date; write YYYY-MM-DD, e.g. 2024-01-01"))
}

/// The command line as run, for the header of the files written (without `--force`, so
/// that regenerating in place records the same command).
fn command_line() -> String {
    let mut words = vec!["jemput".to_string()];
    words.extend(
        std::env::args_os()
            .skip(1)
            .map(|a| a.to_string_lossy().into_owned())
            .filter(|a| a != "--force")
            .map(|a| shell_word(&a)),
    );
    words.join(" ")
}

fn bad(e: GenerateError) -> Failure {
    Failure::BadInput(e.to_string())
}

pub fn run(args: Args) -> Result<(), Failure> {
    match args.what {
        What::Synthetic(a) => run_synthetic(a),
        What::Region(a) => run_region(*a),
        What::National(a) => run_national(a),
    }
}

fn run_synthetic(a: SyntheticArgs) -> Result<(), Failure> {
    let kinds = parse_kinds(&a.kinds).map_err(|m| {
        bad(GenerateError::flag(
            "--kinds",
            m,
            "write KIND=SHARE pairs, e.g. village=0.8,school=0.15,office=0.05",
        ))
    })?;
    let spec = SyntheticSpec {
        name: a.name,
        seed: a.seed,
        districts: a.districts,
        sites: a.villages,
        eligible: a.eligible,
        activated: a.activated,
        target_share: a.target_share,
        area_km2: a.area_km2,
        base_lat: a.base_lat,
        base_lon: a.base_lon,
        kinds,
        teams: a.teams,
        staff: a.staff,
        shift: a.shift,
        start: a.start,
        end: a.end,
        organic_per_day: a.organic_per_day,
        command: Some(command_line()),
    };
    let g = synthetic(&spec).map_err(bad)?;
    check_and_write(&a.out, &g, a.force)
}

fn run_region(a: RegionArgs) -> Result<(), Failure> {
    let column = a
        .weight_column
        .clone()
        .or_else(|| a.weights.as_ref().map(|_| "tps".to_string()));
    let mut villages = read_villages(&a.villages, column.as_deref(), a.weights.as_deref())
        .map_err(|d| bad(GenerateError::Input(d)))?;
    if !a.within.is_empty() {
        villages.retain(|v| {
            a.within
                .iter()
                .any(|w| v.code == *w || v.code.starts_with(&format!("{w}.")))
        });
        if villages.is_empty() {
            return Err(Failure::BadInput(format!(
                "{}: no village code starts with {} (--within takes a Kemendagri code prefix such as 65.01)",
                a.villages.display(),
                a.within.join(" or ")
            )));
        }
    }
    let mut extra_holidays = Vec::new();
    for path in &a.extra_holidays {
        extra_holidays.extend(read_holidays(path).map_err(|d| bad(GenerateError::Input(d)))?);
    }
    let bases = match (a.base_lat, a.base_lon) {
        (Some(lat), Some(lon)) => BasePlacement::At {
            lat,
            lon,
            name: a.base_name.clone(),
        },
        _ if !a.base_village.is_empty() => BasePlacement::Villages(a.base_village.clone()),
        _ => BasePlacement::PerGroup,
    };
    let mut per_district = Vec::new();
    if a.schools_per_district > 0 {
        per_district.push(PerDistrict {
            kind: SiteKind::School,
            count: a.schools_per_district,
            eligible: a.school_eligible,
        });
    }
    for text in &a.per_district {
        per_district.push(parse_per_district(text).map_err(bad)?);
    }
    let beyond_reach = match a.beyond_reach.trim() {
        "error" => BeyondReach::Error,
        "drop" => BeyondReach::Drop,
        other => {
            return Err(bad(GenerateError::flag(
                "--beyond-reach",
                format!("`{other}` is neither `error` nor `drop`"),
                "use --beyond-reach error (stop and list them) or --beyond-reach drop",
            )));
        }
    };
    let spec = RegionSpec {
        name: a.name,
        description: a.description,
        start: a.start,
        end: a.end,
        seed: a.seed,
        eligible: a.eligible,
        activated: a.activated,
        target_share: a.target_share,
        organic_per_day: a.organic_per_day,
        holidays: a.holidays,
        extra_holidays,
        bases,
        teams_per_base: a.teams,
        staff: a.staff,
        shift: a.shift,
        village_visit_minutes: a.village_visit_minutes,
        village_max_visits: a.village_max_visits,
        village_min_gap_days: a.village_min_gap_days,
        per_district,
        car_free_day: a.car_free_day,
        event_visit_minutes: a.event_visit_minutes,
        speed_kmh: a.speed_kmh,
        detour: a.detour,
        leg_overhead_minutes: a.leg_overhead_minutes,
        weak_signal_km: a.weak_signal_km,
        no_signal_km: a.no_signal_km,
        kits: a.kits,
        kit_connectivity: a.kit_connectivity,
        beyond_reach,
        sources: a.source,
        notes: a.note,
        command: Some(command_line()),
    };
    let g = region(&spec, &villages).map_err(|e| match e {
        // Problems found on village rows name the village file.
        GenerateError::Input(mut ps) => {
            for p in &mut ps {
                if p.file.as_os_str().is_empty() && p.line.is_some() {
                    p.file = a.villages.clone();
                }
            }
            bad(GenerateError::Input(ps))
        }
        e => bad(e),
    })?;
    check_and_write(&a.out, &g, a.force)
}

/// Parses `KIND:COUNT:ELIGIBLE`.
fn parse_per_district(text: &str) -> Result<PerDistrict, GenerateError> {
    let fail = |m: String| {
        GenerateError::flag(
            "--per-district",
            m,
            "write KIND:COUNT:ELIGIBLE, e.g. office:1:600 (kinds: school, campus, office, hospital, market, event)",
        )
    };
    let parts: Vec<&str> = text.split(':').map(str::trim).collect();
    let [kind, count, eligible] = parts[..] else {
        return Err(fail(format!("`{text}` is not KIND:COUNT:ELIGIBLE")));
    };
    let kind = SiteKind::ALL
        .into_iter()
        .find(|k| k.name() == kind)
        .ok_or_else(|| fail(format!("unknown site kind `{kind}`")))?;
    let count = count
        .parse()
        .map_err(|_| fail(format!("`{count}` is not a whole number")))?;
    let eligible = eligible
        .parse()
        .map_err(|_| fail(format!("`{eligible}` is not a whole number")))?;
    Ok(PerDistrict {
        kind,
        count,
        eligible,
    })
}

fn check_and_write(out: &Path, g: &Generated, force: bool) -> Result<(), Failure> {
    if !force {
        for p in [out.to_path_buf(), generate::sites_path(out)] {
            if p.exists() {
                return Err(bad(GenerateError::Exists(p)));
            }
        }
    }
    let p = generate::validate(g, out).map_err(|d| bad(GenerateError::Invalid(d)))?;
    let written = generate::write(out, g, force).map_err(bad)?;
    let names: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    println!(
        "wrote {}: {} sites in {} district(s), {} team(s), {:.0} eligible, {:.0} activated",
        names.join(" and "),
        p.sites.len(),
        p.districts.len(),
        p.teams.len(),
        p.target.eligible,
        p.target.activated
    );
    Ok(())
}

fn run_national(a: NationalArgs) -> Result<(), Failure> {
    let country = national(a.seed).map_err(bad)?;
    let n = write_country(&a.out, &country, a.force).map_err(bad)?;
    let villages: usize = country
        .iter()
        .map(|d| {
            d.generated
                .sites
                .iter()
                .filter(|s| s.kind == "village")
                .count()
        })
        .sum();
    println!(
        "wrote {n} district scenarios ({villages} villages) into {}",
        a.out.display()
    );
    Ok(())
}

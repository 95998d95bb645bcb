//! A made-up district from a few aggregate facts (sites, districts, totals, area, kind mix),
//! deterministic by seed: for tests, demos and benchmarks when no village list is at hand.
//!
//! Sites are scattered uniformly over a square around the base, cut into vertical strips
//! that are the districts; events (car-free days) are in town, near the base. Village sizes follow a log-normal spread (a few large villages,
//! many small ones, as the 2024 polling-station counts show); schools, offices and the other
//! kinds are smaller pools. The totals are spread exactly as in [`super::region`], which
//! builds the scenario.

use super::region::{BasePlacement, BeyondReach, RegionSpec, region};
use super::{GenerateError, Generated, apportion, round6};
use crate::problem::SiteKind;
use crate::scenario::travel::haversine_km;
use crate::scenario::villages::Village;
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};

/// The aggregate facts of a synthetic district.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntheticSpec {
    pub name: String,
    pub seed: u64,
    /// Districts (kecamatan).
    pub districts: u32,
    /// Sites of all kinds.
    pub sites: u32,
    pub eligible: u64,
    pub activated: u64,
    pub target_share: f64,
    /// Area of the square the sites lie in, km².
    pub area_km2: f64,
    pub base_lat: f64,
    pub base_lon: f64,
    /// Share of the sites of each kind (normalised).
    pub kinds: Vec<(SiteKind, f64)>,
    pub teams: u32,
    pub staff: u32,
    pub shift: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub organic_per_day: f64,
    pub command: Option<String>,
}

impl Default for SyntheticSpec {
    fn default() -> Self {
        SyntheticSpec {
            name: "Kabupaten Sintetis".into(),
            seed: 1,
            districts: 5,
            sites: 60,
            eligible: 150_000,
            activated: 9_000,
            target_share: 0.3,
            area_km2: 900.0,
            base_lat: -7.0,
            base_lon: 110.0,
            kinds: vec![
                (SiteKind::Village, 0.8),
                (SiteKind::School, 0.15),
                (SiteKind::Office, 0.05),
            ],
            teams: 3,
            staff: 3,
            shift: "08:00-15:00".into(),
            start: NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
            end: None,
            organic_per_day: 10.0,
            command: None,
        }
    }
}

/// Relative pool size of a site of each kind, against an average village (1.0).
fn kind_size(kind: SiteKind) -> f64 {
    match kind {
        SiteKind::Village => 1.0,
        SiteKind::School => 0.15,
        SiteKind::Campus => 0.8,
        SiteKind::Office => 0.2,
        SiteKind::Hospital => 0.15,
        SiteKind::Market => 0.5,
        SiteKind::Event => 1.0,
    }
}

/// Parses `village=0.8,school=0.15,office=0.05`.
pub fn parse_kinds(text: &str) -> Result<Vec<(SiteKind, f64)>, String> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let (name, share) = part
            .split_once('=')
            .ok_or_else(|| format!("`{part}` is not KIND=SHARE"))?;
        let kind = SiteKind::ALL
            .into_iter()
            .find(|k| k.name() == name.trim())
            .ok_or_else(|| {
                format!(
                    "unknown site kind `{}` (kinds: {})",
                    name.trim(),
                    crate::scenario::kinds::names().join(", ")
                )
            })?;
        let share: f64 = share
            .trim()
            .parse()
            .ok()
            .filter(|x: &f64| x.is_finite() && *x >= 0.0)
            .ok_or_else(|| format!("`{}` is not a share of 0 or more", share.trim()))?;
        out.push((kind, share));
    }
    if out.iter().map(|(_, s)| s).sum::<f64>() <= 0.0 {
        return Err("the kind shares add up to 0".into());
    }
    Ok(out)
}

/// Makes the district.
pub fn synthetic(spec: &SyntheticSpec) -> Result<Generated, GenerateError> {
    if spec.sites == 0 || spec.districts == 0 {
        return Err(GenerateError::flag(
            "--villages",
            "a district needs at least one site and one kecamatan",
            "e.g. --villages 60 --districts 5",
        ));
    }
    if !(spec.area_km2.is_finite() && spec.area_km2 > 0.0) {
        return Err(GenerateError::flag(
            "--area-km2",
            "the area must be more than 0 km²",
            "e.g. --area-km2 900",
        ));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
    let side = spec.area_km2.sqrt();
    let shares: Vec<f64> = spec.kinds.iter().map(|(_, s)| *s).collect();
    let counts = apportion(u64::from(spec.sites), &shares);
    let mut kinds: Vec<SiteKind> = Vec::with_capacity(spec.sites as usize);
    for ((kind, _), n) in spec.kinds.iter().zip(&counts) {
        kinds.extend(std::iter::repeat_n(*kind, *n as usize));
    }
    // log-normal sizes with a median of 1 and a spread like that of polling-station counts.
    let size = LogNormal::new(0.0, 0.7).expect("valid log-normal");
    let km_per_deg_lat = haversine_km(0.0, 0.0, 1.0, 0.0);
    let km_per_deg_lon = haversine_km(spec.base_lat, 0.0, spec.base_lat, 1.0).max(1e-6);
    // Draw every site, then order them by district so the file reads kecamatan by kecamatan.
    let mut drawn: Vec<(u32, SiteKind, f64, f64, f64)> = kinds
        .iter()
        .map(|kind| {
            let (mut x, mut y) = (rng.random_range(0.0..side), rng.random_range(0.0..side));
            if *kind == SiteKind::Event {
                // Car-free days and the like are in town, near the office (within ~1 km),
                // so that a morning visit fits a shift that starts at office hours.
                x = side / 2.0 + (x / side - 0.5) * side.min(2.0);
                y = side / 2.0 + (y / side - 0.5) * side.min(2.0);
            }
            let d = ((x / side * f64::from(spec.districts)) as u32).min(spec.districts - 1);
            (d, *kind, x, y, size.sample(&mut rng) * kind_size(*kind))
        })
        .collect();
    drawn.sort_by_key(|s| s.0);
    let kinds: Vec<SiteKind> = drawn.iter().map(|s| s.1).collect();
    let villages: Vec<Village> = drawn
        .iter()
        .enumerate()
        .map(|(i, &(d, kind, x, y, w))| Village {
            code: format!("S{:04}", i + 1),
            name: format!("{} {}", kind_label(kind), i + 1),
            kind: String::new(),
            district: format!("K{:02}", d + 1),
            district_name: format!("Kecamatan {}", d + 1),
            group: String::new(),
            group_name: String::new(),
            lat: round6(spec.base_lat + (y - side / 2.0) / km_per_deg_lat),
            lon: round6(spec.base_lon + (x - side / 2.0) / km_per_deg_lon),
            weight: w,
            line: i + 2,
        })
        .collect();
    let has_event = kinds.contains(&SiteKind::Event);
    let region_spec = RegionSpec {
        name: spec.name.clone(),
        description: Some(format!(
            "Synthetic district (seed {}): {} sites in {} kecamatan over {} km²",
            spec.seed, spec.sites, spec.districts, spec.area_km2
        )),
        start: spec.start,
        end: spec.end,
        seed: spec.seed,
        eligible: spec.eligible,
        activated: spec.activated,
        target_share: spec.target_share,
        organic_per_day: spec.organic_per_day,
        bases: BasePlacement::At {
            lat: round6(spec.base_lat),
            lon: round6(spec.base_lon),
            name: "Kantor Disdukcapil".into(),
        },
        teams_per_base: vec![spec.teams],
        staff: spec.staff,
        shift: spec.shift.clone(),
        beyond_reach: BeyondReach::Error,
        sources: vec!["synthetic: made up by `jemput generate synthetic`".into()],
        command: spec.command.clone(),
        ..RegionSpec::default()
    };
    let mut g = region(&region_spec, &villages)?;
    // Turn the generic rows into the drawn kinds (sites keep the order of `kinds`).
    for (site, kind) in g.sites.iter_mut().zip(&kinds) {
        site.kind = kind.name().into();
        if *kind == SiteKind::Event {
            site.weekdays = Some("sat".into());
            site.visit_minutes = Some(i64::from(region_spec.event_visit_minutes));
        }
    }
    if has_event && let Some(t) = g.file.teams.first_mut() {
        t.weekend_duty = vec!["sat".into()];
    }
    g.header[0] = format!(
        "{}: a synthetic district made by `jemput generate synthetic` (seed {}); not a real place.",
        spec.name, spec.seed
    );
    let mix: Vec<String> = spec
        .kinds
        .iter()
        .zip(&counts)
        .map(|((k, _), n)| format!("{n} {}", k.name()))
        .collect();
    for line in g.header.iter_mut().filter(|l| l.starts_with("Sites:")) {
        *line = format!(
            "Sites: {} ({} eligible / {} activated spread by a log-normal size).",
            mix.join(", "),
            spec.eligible,
            spec.activated
        );
    }
    Ok(g)
}

fn kind_label(kind: SiteKind) -> &'static str {
    match kind {
        SiteKind::Village => "Desa",
        SiteKind::School => "SMA",
        SiteKind::Campus => "Kampus",
        SiteKind::Office => "Kantor",
        SiteKind::Hospital => "RSUD",
        SiteKind::Market => "Pasar",
        SiteKind::Event => "Acara",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_and_reject_unknown() {
        let k = parse_kinds("village=0.8, school=0.2").unwrap();
        assert_eq!(k, vec![(SiteKind::Village, 0.8), (SiteKind::School, 0.2)]);
        assert!(parse_kinds("vilage=1").unwrap_err().contains("vilage"));
        assert!(parse_kinds("village=x").is_err());
    }

    #[test]
    fn same_seed_same_district_and_totals_hold() {
        let spec = SyntheticSpec {
            kinds: vec![(SiteKind::Village, 0.7), (SiteKind::Event, 0.3)],
            ..SyntheticSpec::default()
        };
        let a = synthetic(&spec).unwrap();
        let b = synthetic(&spec).unwrap();
        assert_eq!(a, b);
        let c = synthetic(&SyntheticSpec {
            seed: 2,
            ..spec.clone()
        })
        .unwrap();
        assert_ne!(a.sites, c.sites);
        let e: f64 = a.sites.iter().map(|s| s.eligible).sum();
        assert_eq!(e as u64, spec.eligible);
        assert_eq!(a.sites.iter().filter(|s| s.kind == "event").count(), 18);
        assert_eq!(a.file.teams[0].weekend_duty, vec!["sat".to_string()]);
    }
}

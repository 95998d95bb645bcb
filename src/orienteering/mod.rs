//! The routing core measured against published orienteering benchmarks.
//!
//! One working day of jemput's problem with fixed prizes and no repeat visits is the Team
//! Orienteering Problem (TOP); with opening hours it is the TOP with time windows (TOPTW).
//! Both have decades of published instances and results, so they are the honest yardstick
//! for the routing part of every strategy. This module reads the two classic formats
//! ([`top`], [`toptw`]), turns an instance into a one-day [`Problem`] ([`to_problem`]),
//! maps a jemput [`Plan`] back to paths ([`paths_of`]) and re-checks those paths in
//! floating point with the instance's own distance convention ([`verify`]), independent of
//! jemput's integer minutes and of its checker. Reference tables ([`load_references`]) give
//! the scores to compare against.
//!
//! A third family, the orienteering problem with service-time-dependent profits
//! ([`opstp`]), has its own instance type, adapter and verifier
//! ([`verify::verify_opstp`]): there a stay's length is the decision, as in jemput.
//!
//! # Integer minutes
//! jemput times are whole [`Minutes`]. The adapter multiplies every length by a `scale`
//! (default [`default_scale`], 10⁶ for TOP and 10⁴ for TOPTW) and rounds so that every plan
//! feasible in integers is feasible in exact arithmetic: legs and service times up, window
//! openings up, window closings and the budget down. Truncated TOPTW distances are whole
//! multiples of 0.1 or 0.01, so with the default scale their legs are exact.
//!
//! # Zero service time
//! The response model gives a visit of 0 minutes no activations (capacity is proportional
//! to the visit length). A customer without service therefore gets a visit of one scaled
//! unit, taken off every leg into it (never below 0), and its window closes at the latest
//! real start instead of start + visit. With `L` the rounded-up leg, the team arrives at
//! `L - 1`, ends the visit at `≥ L`, and every real time stays ≤ the integer time of the
//! end of the visit, so soundness holds and a route whose real length is exactly the budget
//! (common in TOP: integer coordinates) stays feasible. Each site has
//! `minutes_per_activation` = 10⁻⁹, so capacity never binds and a visit gains exactly
//! `reach × pool` = the prize.

pub mod opstp;
pub mod top;
pub mod toptw;
pub mod verify;

use crate::plan::Plan;
use crate::problem::{
    Base, Day, District, Kits, Minutes, Problem, ProblemParts, Site, SiteKind, Target, Team,
    Travel, Window,
};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How travel time follows from coordinates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Metric {
    /// Exact Euclidean distance (TOP).
    Exact,
    /// Euclidean distance rounded down to `decimals` decimals (TOPTW: 1 for Solomon, 2 for
    /// Cordeau).
    Truncated { decimals: u32 },
}

impl Metric {
    /// The TOPTW convention for an instance name: `pr*` (Cordeau) two decimals, otherwise
    /// (Solomon c/r/rc) one decimal.
    pub fn for_toptw_name(name: &str) -> Metric {
        if name.to_ascii_lowercase().starts_with("pr") {
            Metric::Truncated { decimals: 2 }
        } else {
            Metric::Truncated { decimals: 1 }
        }
    }
}

/// One customer of an orienteering instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Customer {
    /// Number of the vertex in the file (1-based; the start is 0).
    pub id: usize,
    pub x: f64,
    pub y: f64,
    pub prize: f64,
    /// Service time (0 in TOP).
    pub service: f64,
    /// Window for the start of service (TOP: `[0, tmax]`).
    pub open: f64,
    pub close: f64,
}

/// A TOP or TOPTW instance with the number of paths fixed.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    pub metric: Metric,
    /// Number of paths (teams), `m`.
    pub teams: usize,
    /// Budget of each path: its length (TOP) or the latest return to the depot (TOPTW).
    pub tmax: f64,
    /// Earliest departure from the start (TOPTW: opening of the depot; TOP: 0).
    pub depot_open: f64,
    pub start: (f64, f64),
    pub end: (f64, f64),
    pub customers: Vec<Customer>,
}

/// A malformed instance or reference file: where and what.
#[derive(Debug, Clone, PartialEq)]
pub struct ReadError {
    pub file: String,
    /// 1-based line, 0 when the problem is not on one line.
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: {}", self.file, self.line, self.message)
        } else {
            write!(f, "{}: {}", self.file, self.message)
        }
    }
}

impl std::error::Error for ReadError {}

pub(crate) fn number(token: &str) -> Option<f64> {
    token.parse::<f64>().ok().filter(|v| v.is_finite())
}

pub(crate) fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A one-day jemput problem built from an instance, with the scale used.
#[derive(Debug, Clone)]
pub struct Adapted {
    pub problem: Problem,
    /// Scaled units per unit of instance time.
    pub scale: u64,
}

/// Largest scaled time the adapter allows, so that sums of a clock, a visit and a leg stay
/// far below `u32::MAX`.
const HORIZON_LIMIT: f64 = 5.0e8;

/// The largest power of ten up to 10⁶ for which the scaled budget stays below the limit;
/// for truncated distances at least `10^decimals`, so legs are exact. `None` when no scale
/// fits (a budget above 5 × 10⁸ / 10^decimals).
pub fn default_scale(inst: &Instance) -> Option<u64> {
    let min = match inst.metric {
        Metric::Exact => 1,
        Metric::Truncated { decimals } => 10u64.pow(decimals),
    };
    let mut scale = match inst.metric {
        Metric::Exact => 1_000_000,
        Metric::Truncated { .. } => 10_000u64.max(min),
    };
    while scale > min && inst.tmax * scale as f64 > HORIZON_LIMIT {
        scale /= 10;
    }
    (inst.tmax * scale as f64 <= HORIZON_LIMIT).then_some(scale)
}

/// Euclidean distance between two points.
fn euclid(a: (f64, f64), b: (f64, f64)) -> f64 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// Scaled integer leg, never shorter than the instance's own leg times `scale`.
pub fn scaled_leg(metric: Metric, exact: f64, scale: u64) -> u64 {
    match metric {
        Metric::Exact => (exact * scale as f64).ceil() as u64,
        Metric::Truncated { decimals } => {
            let per = 10u64.pow(decimals);
            // Whole multiples of 10^-decimals, then an exact rational rounded up.
            let units = (exact * per as f64).floor() as u64;
            (units * scale).div_ceil(per)
        }
    }
}

/// Builds the one-day problem: `teams` identical teams at one base (the depot; legs out of
/// it are from the start point, legs into it go to the end point), each customer a site
/// visited at most once whose single visit gains its prize.
pub fn to_problem(inst: &Instance, scale: u64) -> Result<Adapted, String> {
    if scale == 0 || inst.tmax * scale as f64 > HORIZON_LIMIT {
        return Err(format!(
            "{}: scale {scale} is 0 or makes the budget {} exceed {HORIZON_LIMIT} scaled units; use a smaller scale",
            inst.name, inst.tmax
        ));
    }
    if let Some(c) = inst.customers.iter().find(|c| c.prize > 1e9) {
        return Err(format!(
            "{}: customer {} has prize {} above 10^9, more than a visit can gain here",
            inst.name, c.id, c.prize
        ));
    }
    let s = scale as f64;
    let horizon = (inst.tmax * s).floor() as u64;
    // Anything longer than the whole day is as good as impossible; clamping keeps sums small.
    let cap = |v: u64| -> Minutes { v.min(horizon + 1) as Minutes };
    let shift_open = cap((inst.depot_open * s).ceil() as u64);
    let n = inst.customers.len();
    // Customers without service get a one-unit visit folded into the leg that reaches them
    // (see the module docs).
    let folded: Vec<bool> = inst
        .customers
        .iter()
        .map(|c| (c.service * s).ceil() <= 0.0)
        .collect();
    let into = |j: usize, leg: u64| -> Minutes {
        cap(if folded[j] {
            leg.saturating_sub(1)
        } else {
            leg
        })
    };
    let mut travel = Travel::new(n + 1);
    for (i, a) in inst.customers.iter().enumerate() {
        let out = euclid(inst.start, (a.x, a.y));
        let back = euclid((a.x, a.y), inst.end);
        travel.set(
            0,
            i + 1,
            into(i, scaled_leg(inst.metric, out, scale)),
            out as f32,
        );
        travel.set(
            i + 1,
            0,
            cap(scaled_leg(inst.metric, back, scale)),
            back as f32,
        );
        for (j, b) in inst.customers.iter().enumerate() {
            if i != j {
                let d = euclid((a.x, a.y), (b.x, b.y));
                travel.set(
                    i + 1,
                    j + 1,
                    into(j, scaled_leg(inst.metric, d, scale)),
                    d as f32,
                );
            }
        }
    }
    let sites = inst
        .customers
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let visit = cap(((c.service * s).ceil() as u64).max(1));
            let open = cap((c.open * s).ceil() as u64);
            // Service may start up to the close and jemput's window bounds the end of
            // service; a folded one-unit visit ends no later than the real start.
            let last_start = cap((c.close.min(inst.tmax) * s).floor() as u64);
            let close = if folded[k] {
                last_start
            } else {
                last_start + visit
            };
            Site {
                code: format!("c{}", c.id),
                name: format!("customer {}", c.id),
                kind: SiteKind::Village,
                district: 0,
                lat: None,
                lon: None,
                eligible: c.prize,
                pool: c.prize,
                reach: 1.0,
                fatigue: 1.0,
                connectivity: 1.0,
                minutes_per_activation: 1e-9,
                min_stay: visit,
                max_stay: visit,
                turnout_minutes: 0.0,
                max_visits: 1,
                min_gap_days: 1,
                weight: 1.0,
                weekdays: [true; 7],
                window: Window::new(open, close),
                first_day: 0,
                last_day: 0,
            }
        })
        .collect::<Vec<_>>();
    let teams = (0..inst.teams)
        .map(|t| Team {
            id: format!("P{}", t + 1),
            base: 0,
            staff: 1,
            shift: Window::new(shift_open, horizon as Minutes),
            weekdays: [true; 7],
            cost_per_km: 0.0,
            cost_per_day: 0.0,
        })
        .collect();
    let total: f64 = inst.customers.iter().map(|c| c.prize).sum();
    let problem = one_day_problem(&inst.name, total, teams, sites, travel)?;
    Ok(Adapted { problem, scale })
}

/// The text of an instance file, or the error that names it.
pub(crate) fn read_text(path: &std::path::Path) -> Result<String, ReadError> {
    std::fs::read_to_string(path).map_err(|e| ReadError {
        file: path.display().to_string(),
        line: 0,
        message: format!("cannot read the file: {e}"),
    })
}

/// The non-blank lines of `text` as (line number from 1, whitespace-separated tokens);
/// `lines` also drops the `\r` of CRLF files.
pub(crate) fn token_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.split_whitespace().collect::<Vec<_>>()))
        .filter(|(_, t)| !t.is_empty())
}

/// The one-day, one-depot problem every benchmark family adapts to: a Monday with no walk-in
/// office days, one district, the depot as the only base, and a target of every prize
/// (`total`).
pub(crate) fn one_day_problem(
    name: &str,
    total: f64,
    teams: Vec<Team>,
    sites: Vec<Site>,
    travel: Travel,
) -> Result<Problem, String> {
    Problem::new(ProblemParts {
        name: name.to_string(),
        seed: 1,
        days: vec![Day {
            date: NaiveDate::from_ymd_opt(2025, 1, 6).expect("valid date"), // a Monday
            weekday: 0,
            holiday: None,
            blackout: false,
            shorter_by: 0,
        }],
        office_weekdays: [false; 7],
        target: Target {
            eligible: total.max(1.0),
            activated: 0.0,
            share: 1.0,
            organic_per_day: 0.0,
        },
        districts: vec![District {
            id: "all".into(),
            name: "all customers".into(),
            floor_share: None,
        }],
        bases: vec![Base {
            id: "depot".into(),
            name: "depot".into(),
            lat: None,
            lon: None,
        }],
        teams,
        sites,
        travel,
        kits: Kits::default(),
    })
    .map_err(|e| format!("{name}: {e}"))
}

/// The paths of a plan as lists of customer indices (into [`Instance::customers`]); the
/// site index of the adapted problem is the customer index.
pub fn paths_of(plan: &Plan) -> Vec<Vec<usize>> {
    plan.routes
        .iter()
        .filter(|r| !r.stops.is_empty())
        .map(|r| r.stops.iter().map(|s| s.site).collect())
        .collect()
}

/// The benchmark families this module reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetKind {
    Top,
    Toptw,
    /// Orienteering with service-time-dependent profits ([`opstp`]).
    Opstp,
}

/// What kind of set a folder holds: by its format note or reference tables, else by the
/// first line of its first instance.
pub fn detect_set(dir: &Path) -> Option<SetKind> {
    if dir.join("TOP_format.txt").is_file() || dir.join("reference_best_known.csv").is_file() {
        return Some(SetKind::Top);
    }
    if dir.join("TOPTW_format.txt").is_file()
        || dir.join("reference_souffriau2013_grils.csv").is_file()
    {
        return Some(SetKind::Toptw);
    }
    if dir.join(opstp::REFERENCE_TABLE).is_file() {
        return Some(SetKind::Opstp);
    }
    let first = list_instances(dir).into_iter().next()?;
    let text = std::fs::read_to_string(first).ok()?;
    let line = text.lines().find(|l| !l.trim().is_empty())?;
    if line.trim_start().starts_with("n ") || line.trim_start().starts_with("n\t") {
        Some(SetKind::Top)
    } else if line.split_whitespace().count() == 1 {
        // OPSTP starts with the number of nodes alone; TOPTW with `k v N t`.
        Some(SetKind::Opstp)
    } else {
        Some(SetKind::Toptw)
    }
}

/// Instance files of a set, sorted by name: `dir/instances/*.txt` if that folder exists,
/// else `dir/*.txt` except format notes.
pub fn list_instances(dir: &Path) -> Vec<PathBuf> {
    let folder = if dir.join("instances").is_dir() {
        dir.join("instances")
    } else {
        dir.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().is_some_and(|e| e == "txt")
                && !stem(p).to_ascii_lowercase().contains("format")
        })
        .collect();
    files.sort();
    files
}

/// The family an instance is reported under: TOP `p4` (set 4), TOPTW `c1`, `r2`, `rc1`,
/// `pr`, ..., OPSTP the number of nodes from the name (`kroA100` → `n100`).
pub fn family(kind: SetKind, name: &str) -> String {
    match kind {
        SetKind::Opstp => {
            let digits: String = name
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_digit())
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if digits.is_empty() {
                name.to_string()
            } else {
                format!("n{digits}")
            }
        }
        SetKind::Top => name.split('.').next().unwrap_or(name).to_string(),
        SetKind::Toptw => {
            let letters: String = name
                .chars()
                .take_while(|c| c.is_ascii_alphabetic())
                .collect();
            if letters.eq_ignore_ascii_case("pr") {
                return "pr".into();
            }
            let digit = name[letters.len()..].chars().next();
            match digit {
                Some(d) if d.is_ascii_digit() => format!("{letters}{d}"),
                _ => letters,
            }
        }
    }
}

/// Published scores for one instance and number of paths; `None` where the table has no
/// value (or says `unknown`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// Best known (TOP; includes values proven optimal by the upper bound).
    pub best_known: Option<f64>,
    /// Chao, Golden & Wasil (1996) heuristic score (TOP).
    pub chao1996: Option<f64>,
    /// GRILS best and average of Souffriau et al. (2013) (TOPTW).
    pub grils_best: Option<f64>,
    pub grils_avg: Option<f64>,
    /// Proven optimum (TOPTW m = 1, Righini & Salani).
    pub optimum: Option<f64>,
    /// Best objective of the TSNLP matheuristic of Yu et al. (OPSTP; a heuristic value),
    /// and the customers its route visits.
    pub tsnlp_best: Option<f64>,
    pub tsnlp_visited: Option<usize>,
    /// Nodes and budget as the OPSTP table states them (to check against the file).
    pub table_nodes: Option<usize>,
    pub table_tmax: Option<f64>,
}

impl Reference {
    /// The value to measure the gap against, with its source: a proven optimum, else the
    /// best known, else GRILS best, else Chao 1996.
    pub fn target(&self) -> Option<(f64, &'static str)> {
        self.optimum
            .map(|v| (v, "optimum (Righini & Salani)"))
            .or(self.best_known.map(|v| (v, "best known")))
            .or(self.grils_best.map(|v| (v, "GRILS best (Souffriau 2013)")))
            .or(self.chao1996.map(|v| (v, "Chao 1996 heuristic")))
            .or(self.tsnlp_best.map(|v| (v, "TSNLP best (Yu et al.)")))
    }
}

/// Stores a table's value (and, for GRILS, its average) into a reference.
type Put = fn(&mut Reference, Option<f64>, Option<f64>);

/// Reference tables of a set, keyed by (instance name, number of paths). Missing tables
/// give an empty map; a malformed table is an error naming file, line and column.
pub fn load_references(
    dir: &Path,
    kind: SetKind,
) -> Result<HashMap<(String, usize), Reference>, ReadError> {
    let mut refs: HashMap<(String, usize), Reference> = HashMap::new();
    let tables: &[(&str, &str, Put)] = match kind {
        SetKind::Opstp => return opstp::load_references(dir),
        SetKind::Top => &[
            ("reference_best_known.csv", "bks", |r, v, _| {
                r.best_known = v
            }),
            (
                "reference_chao1996_heuristic.csv",
                "chao1996_score",
                |r, v, _| r.chao1996 = v,
            ),
        ],
        SetKind::Toptw => &[
            ("reference_souffriau2013_grils.csv", "best", |r, v, avg| {
                r.grils_best = v;
                r.grils_avg = avg;
            }),
            (
                "reference_optw_m1_righini_salani.csv",
                "optimum",
                |r, v, _| r.optimum = v,
            ),
        ],
    };
    for (file, column, put) in tables {
        let path = dir.join(file);
        if !path.is_file() {
            continue;
        }
        let err = |line: usize, message: String| ReadError {
            file: path.display().to_string(),
            line,
            message,
        };
        let mut reader = csv::Reader::from_path(&path).map_err(|e| err(0, e.to_string()))?;
        let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
        let col = |name: &str| -> Result<usize, ReadError> {
            headers.iter().position(|h| h == name).ok_or_else(|| {
                err(
                    1,
                    format!("the header has no `{name}` column; expected instance, m, {column}"),
                )
            })
        };
        let (ci, cm, cv) = (col("instance")?, col("m")?, col(column)?);
        let ca = (kind == SetKind::Toptw && *column == "best")
            .then(|| col("average"))
            .transpose()?;
        for (k, rec) in reader.records().enumerate() {
            let line = k + 2;
            let rec = rec.map_err(|e| err(line, e.to_string()))?;
            let name = rec.get(ci).unwrap_or("").to_string();
            let m: usize = rec
                .get(cm)
                .and_then(|m| m.trim().parse().ok())
                .ok_or_else(|| err(line, "column `m` must be a whole number".into()))?;
            let value = |c: usize| -> Result<Option<f64>, ReadError> {
                let t = rec.get(c).unwrap_or("").trim();
                if t.is_empty() || t.eq_ignore_ascii_case("unknown") {
                    return Ok(None);
                }
                number(t).map(Some).ok_or_else(|| {
                    err(
                        line,
                        format!("`{t}` is not a number (write a number or `unknown`)"),
                    )
                })
            };
            let v = value(cv)?;
            let avg = ca.map(value).transpose()?.flatten();
            put(refs.entry((name, m)).or_default(), v, avg);
        }
    }
    Ok(refs)
}

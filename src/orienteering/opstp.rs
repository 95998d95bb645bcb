//! The orienteering problem with service-time-dependent profits (OPSTP) of Yu et al.
//! ("A matheuristic approach to the orienteering problem with service time dependent
//! profits"; instances after Erdogan & Laporte 2013), read and turned into a one-day jemput
//! problem.
//!
//! ```text
//! N                              number of nodes, the depot included
//! x y p r beta must              N lines; the first is the depot (start and end)
//! Tmax                           budget: travel + service
//! ```
//!
//! One tour from the depot and back. Travel is the Euclidean distance rounded to the nearest
//! integer. A customer `i` served for `t ≥ r_i` pays `p_i · (1 − e^(−β_i·t/200))`; the sum of
//! travel and service is at most `Tmax`. `must` is 1 for a vertex the tour has to visit: in
//! the published files only the depot has it (every tour starts and ends there). jemput
//! cannot force a customer visit, so a customer marked 1 is kept in [`Vertex::must_visit`]
//! and checked by the verifier ([`super::verify::verify_opstp`]), which rejects a tour
//! without it. The depot row's profit, shortest service and β are read but never paid: the
//! published best routes serve the depot 0 minutes (in the 125–200-node files the depot row
//! carries a profit, which no published value includes).
//!
//! # As a jemput problem
//! One team of one staff, one day, the shift `[0, ⌊Tmax · scale⌋]`; each customer a site
//! with `pool = p`, `reach = 1`, `max_visits = 1`, `min_stay = r · scale`, `max_stay` the
//! whole day, `turnout_minutes = 200 · scale / β`, and desk capacity that never binds
//! (`minutes_per_activation` = 10⁻⁹). A stay of `s` scaled minutes then gains
//! `p · (1 − e^(−s/τ)) = p · (1 − e^(−β·t/200))` with `t = s / scale`: jemput's objective is
//! the OPSTP profit of the same tour and service times. Legs are whole numbers, so any
//! integer scale keeps them exact; the scale only sets the grain of service times (jemput
//! hands out stays in steps of [`crate::stays::STEP`] scaled minutes) and whether a
//! half-minute budget survives the floor. [`default_scale`] explains the choice.

use super::{Adapted, ReadError};
use crate::plan::Plan;
use crate::problem::{Minutes, Site, SiteKind, Team, Travel, Window};
use std::collections::HashMap;
use std::path::Path;

/// One row of an OPSTP file.
#[derive(Debug, Clone, PartialEq)]
pub struct Vertex {
    /// Row number (0 = the depot).
    pub id: usize,
    pub x: f64,
    pub y: f64,
    /// `p_i`: the profit of an unbounded stay.
    pub profit: f64,
    /// `r_i`: the shortest service, minutes.
    pub min_service: f64,
    /// `β_i` as written in the file (the rate is `β_i / 200` per minute).
    pub beta: f64,
    pub must_visit: bool,
}

impl Vertex {
    /// Profit of a service of `t` minutes: `p · (1 − e^(−β·t/200))` (0 for `t ≤ 0`).
    pub fn profit_of(&self, t: f64) -> f64 {
        if t <= 0.0 {
            return 0.0;
        }
        -self.profit * (-self.beta / 200.0 * t).exp_m1()
    }
}

/// An OPSTP instance.
#[derive(Debug, Clone, PartialEq)]
pub struct Instance {
    pub name: String,
    /// Budget of travel plus service.
    pub tmax: f64,
    /// Row 0: start and end of the tour (never paid).
    pub depot: Vertex,
    /// Rows 1..N in file order: `customers[k].id == k + 1`.
    pub customers: Vec<Vertex>,
}

impl Instance {
    /// Number of nodes as in the file (the depot included).
    pub fn nodes(&self) -> usize {
        self.customers.len() + 1
    }

    /// Customers the tour must visit (never any in the published files).
    pub fn must_visit(&self) -> Vec<usize> {
        (0..self.customers.len())
            .filter(|&k| self.customers[k].must_visit)
            .collect()
    }
}

/// Reads an OPSTP instance file.
pub fn read(path: &Path) -> Result<Instance, ReadError> {
    let text = super::read_text(path)?;
    parse(&text, &super::stem(path), &path.display().to_string())
}

const SHAPE: &str =
    "an OPSTP file is `N`, then N lines `x y p r beta must` (the depot first), then `Tmax`";

/// Parses the text of an OPSTP instance; `file` names it in error messages.
pub fn parse(text: &str, name: &str, file: &str) -> Result<Instance, ReadError> {
    let err = |line: usize, message: String| ReadError {
        file: file.to_string(),
        line,
        message,
    };
    let mut lines = super::token_lines(text);
    let (n_line, first) = lines
        .next()
        .ok_or_else(|| err(0, format!("the file is empty; {SHAPE}")))?;
    let n = match first.as_slice() {
        [one] => super::number(one).filter(|v| *v >= 1.0 && v.fract() == 0.0),
        _ => None,
    }
    .ok_or_else(|| {
        err(
            n_line,
            format!(
                "the first line must be the number of nodes (a whole number ≥ 1), found `{}`; {SHAPE}",
                first.join(" ")
            ),
        )
    })? as usize;
    let fields = [
        "x",
        "y",
        "p (profit)",
        "r (shortest service)",
        "beta",
        "must",
    ];
    // N comes from the file: do not trust it for the allocation (a huge N is an error below).
    let mut rows: Vec<Vertex> = Vec::with_capacity(n.min(1 << 12));
    // The last line read, for the errors about what is missing after it.
    let mut last = n_line;
    for (no, tokens) in lines.by_ref() {
        last = no;
        if tokens.len() != 6 {
            let found = format!("{} field(s): `{}`", tokens.len(), tokens.join(" "));
            return Err(err(
                no,
                if tokens.len() == 1 {
                    format!(
                        "the file announces {n} nodes but node line {} of {n} is a single number ({found}): is that `Tmax`? fix N or add the missing node lines",
                        rows.len() + 1
                    )
                } else {
                    format!("a node line has 6 fields `x y p r beta must`, found {found}")
                },
            ));
        }
        let mut v = [0.0; 6];
        for (k, field) in fields.iter().enumerate() {
            v[k] = super::number(tokens[k]).ok_or_else(|| {
                err(
                    no,
                    format!("field {field} must be a number, found `{}`", tokens[k]),
                )
            })?;
        }
        for (k, what) in [(2, "profit"), (3, "shortest service"), (4, "beta")] {
            if v[k] < 0.0 {
                return Err(err(
                    no,
                    format!("{what} must not be negative, found {}", v[k]),
                ));
            }
        }
        if v[5] != 0.0 && v[5] != 1.0 {
            return Err(err(
                no,
                format!("field must is 0 or 1, found `{}`", tokens[5]),
            ));
        }
        rows.push(Vertex {
            id: rows.len(),
            x: v[0],
            y: v[1],
            profit: v[2],
            min_service: v[3],
            beta: v[4],
            must_visit: v[5] == 1.0,
        });
        if rows.len() == n {
            break;
        }
    }
    if rows.len() < n {
        return Err(err(
            last,
            format!(
                "the first line announces {n} nodes but the file ends at line {last} after {} node line(s), with no `Tmax`; fix N or add the missing lines; {SHAPE}",
                rows.len()
            ),
        ));
    }
    let (t_line, tmax) = match lines.next() {
        None => {
            return Err(err(
                last,
                format!(
                    "the file ends after the {n} node lines (line {last}) without `Tmax`; add the budget on a line of its own; {SHAPE}"
                ),
            ));
        }
        Some((no, tokens)) => {
            let t = match tokens.as_slice() {
                [one] => super::number(one).filter(|t| *t >= 0.0),
                _ => None,
            };
            let t = t.ok_or_else(|| {
                err(
                    no,
                    format!(
                        "after the {n} node lines comes `Tmax`, one number ≥ 0; found `{}` (is N right?)",
                        tokens.join(" ")
                    ),
                )
            })?;
            (no, t)
        }
    };
    if let Some((no, tokens)) = lines.next() {
        return Err(err(
            no,
            format!(
                "extra line `{}` after `Tmax` (line {t_line}); fix N or remove it",
                tokens.join(" ")
            ),
        ));
    }
    let mut rows = rows.into_iter();
    let depot = rows.next().expect("n ≥ 1");
    Ok(Instance {
        name: name.to_string(),
        tmax,
        depot,
        customers: rows.collect(),
    })
}

/// The instance's travel time between two vertices: Euclidean distance rounded to the nearest
/// integer (the adapter's legs; the verifier computes its own).
pub fn travel(a: &Vertex, b: &Vertex) -> f64 {
    (a.x - b.x).hypot(a.y - b.y).round()
}

/// Largest scale the adapter takes: the greedy stays of [`crate::stays::best`] hand out
/// [`crate::stays::STEP`] scaled minutes at a time, so a route's stays cost about
/// `Tmax · scale / STEP` steps each time the search changes it.
pub const MAX_SCALE: u64 = 100;

/// The smallest scale from 1 to 10 that makes the budget and every shortest service whole
/// scaled minutes (2 for a budget of x.5), else 10. Legs are whole numbers already, so with
/// it nothing but the grain of the service times is rounded: the stays are whole scaled
/// minutes, chosen optimally on a grid of [`crate::stays::STEP`] / scale minutes.
pub fn default_scale(inst: &Instance) -> u64 {
    let whole = |v: f64, s: u64| {
        let x = v * s as f64;
        (x - x.round()).abs() < 1e-9
    };
    (1..=10)
        .find(|&s| whole(inst.tmax, s) && inst.customers.iter().all(|c| whole(c.min_service, s)))
        .unwrap_or(10)
}

/// Builds the one-day problem (see the module docs): site `k` is customer `k`
/// (`customers[k]`), place 0 the depot.
pub fn to_problem(inst: &Instance, scale: u64) -> Result<Adapted, String> {
    if scale == 0 || scale > MAX_SCALE {
        return Err(format!(
            "{}: scale {scale} must be between 1 and {MAX_SCALE}",
            inst.name
        ));
    }
    let s = scale as f64;
    if inst.tmax * s > 5.0e8 {
        return Err(format!(
            "{}: the budget {} times the scale {scale} is too many minutes for jemput",
            inst.name, inst.tmax
        ));
    }
    if let Some(c) = inst.customers.iter().find(|c| c.profit > 1e9) {
        return Err(format!(
            "{}: customer {} has profit {} above 10^9",
            inst.name, c.id, c.profit
        ));
    }
    let horizon = (inst.tmax * s + 1e-9).floor() as u64;
    let cap = |v: u64| -> Minutes { v.min(horizon + 1) as Minutes };
    let n = inst.customers.len();
    let place = |k: usize| {
        if k == 0 {
            &inst.depot
        } else {
            &inst.customers[k - 1]
        }
    };
    let mut matrix = Travel::new(n + 1);
    for i in 0..=n {
        for j in 0..=n {
            if i != j {
                let d = travel(place(i), place(j));
                matrix.set(i, j, cap(d as u64 * scale), d as f32);
            }
        }
    }
    let sites = inst
        .customers
        .iter()
        .map(|c| {
            // Rounded up, so that a stay jemput allows is never below r.
            let min_stay = cap(((c.min_service * s - 1e-9).ceil() as u64).max(1));
            let gains = c.beta > 0.0;
            Site {
                code: format!("v{}", c.id),
                name: format!("vertex {}", c.id),
                kind: SiteKind::Village,
                district: 0,
                lat: None,
                lon: None,
                eligible: c.profit,
                pool: if gains { c.profit } else { 0.0 },
                reach: 1.0,
                fatigue: 1.0,
                connectivity: 1.0,
                minutes_per_activation: 1e-9,
                min_stay,
                max_stay: (horizon as Minutes).max(min_stay),
                turnout_minutes: if gains { 200.0 * s / c.beta } else { 0.0 },
                max_visits: 1,
                min_gap_days: 1,
                weight: 1.0,
                weekdays: [true; 7],
                window: Window::new(0, horizon as Minutes),
                first_day: 0,
                last_day: 0,
            }
        })
        .collect::<Vec<_>>();
    let total: f64 = inst.customers.iter().map(|c| c.profit).sum();
    let team = Team {
        id: "tour".into(),
        base: 0,
        staff: 1,
        shift: Window::new(0, horizon as Minutes),
        weekdays: [true; 7],
        cost_per_km: 0.0,
        cost_per_day: 0.0,
    };
    let problem = super::one_day_problem(&inst.name, total, vec![team], sites, matrix)?;
    Ok(Adapted { problem, scale })
}

/// The tour of a plan: per stop its customer index (into [`Instance::customers`]) and its
/// service time in instance minutes (the stay over `scale`). Stops of every route are
/// concatenated; the adapted problem has one team and one day, so there is one route.
pub fn tour_of(plan: &Plan, scale: u64) -> Vec<(usize, f64)> {
    plan.routes
        .iter()
        .flat_map(|r| r.stops.iter())
        .map(|s| (s.site, f64::from(s.end - s.start) / scale as f64))
        .collect()
}

/// The best service times in real numbers for customers `order` visited in that order:
/// `None` when the tour does not fit at the shortest services. With the budget
/// `B = Tmax − travel`, the optimum gives every customer `max(r_i, ln(p_i·b_i / λ) / b_i)`
/// (`b_i = β_i/200`), with λ such that the services sum to `B` (the gains are concave and
/// separable); λ is found by bisection, on the side where the sum stays within `B`.
pub fn best_services(inst: &Instance, order: &[usize]) -> Option<Vec<f64>> {
    let mut at = &inst.depot;
    let mut legs = 0.0;
    for &k in order {
        let c = inst.customers.get(k)?;
        legs += travel(at, c);
        at = c;
    }
    legs += travel(at, &inst.depot);
    let budget = inst.tmax - legs;
    let cs: Vec<&Vertex> = order.iter().map(|&k| &inst.customers[k]).collect();
    let floor: f64 = cs.iter().map(|c| c.min_service).sum();
    if floor > budget {
        return None;
    }
    let at_rate = |lambda: f64| -> Vec<f64> {
        cs.iter()
            .map(|c| {
                let b = c.beta / 200.0;
                let top = c.profit * b;
                if top <= 0.0 || b <= 0.0 {
                    return c.min_service;
                }
                c.min_service.max((top / lambda).ln() / b)
            })
            .collect()
    };
    // ln λ between a rate at which they overshoot and one at which everyone is at r: at
    // λ = max p_i·b_i every customer is at r, whose sum fits (checked above), so `hi` keeps
    // the sum within B throughout.
    let top = cs
        .iter()
        .map(|c| c.profit * c.beta / 200.0)
        .fold(f64::MIN_POSITIVE, f64::max);
    let (mut lo, mut hi) = (-60.0f64, top.ln().max(-60.0));
    if at_rate(lo.exp()).iter().sum::<f64>() <= budget {
        return Some(at_rate(lo.exp()));
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if at_rate(mid.exp()).iter().sum::<f64>() > budget {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    Some(at_rate(hi.exp()))
}

/// The published values of `reference_yu_tsnlp.csv` (columns `instance`, `best`, and
/// optionally `nodes`, `tmax`, `customers_visited`), keyed by (instance, 1).
pub fn load_references(
    dir: &Path,
) -> Result<HashMap<(String, usize), super::Reference>, ReadError> {
    let path = dir.join(REFERENCE_TABLE);
    let mut refs = HashMap::new();
    if !path.is_file() {
        return Ok(refs);
    }
    let err = |line: usize, message: String| ReadError {
        file: path.display().to_string(),
        line,
        message,
    };
    let mut reader = csv::Reader::from_path(&path).map_err(|e| err(0, e.to_string()))?;
    let headers = reader.headers().map_err(|e| err(1, e.to_string()))?.clone();
    let col = |name: &str| headers.iter().position(|h| h.trim() == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| {
            err(
                1,
                format!(
                    "the header has no `{name}` column; expected instance,nodes,tmax,best,customers_visited"
                ),
            )
        })
    };
    let (ci, cb) = (need("instance")?, need("best")?);
    let (cn, ct, cv) = (col("nodes"), col("tmax"), col("customers_visited"));
    for (k, rec) in reader.records().enumerate() {
        let line = k + 2;
        let rec = rec.map_err(|e| err(line, e.to_string()))?;
        let value = |c: Option<usize>, what: &str| -> Result<Option<f64>, ReadError> {
            let Some(c) = c else { return Ok(None) };
            let t = rec.get(c).unwrap_or("").trim();
            if t.is_empty() || t.eq_ignore_ascii_case("unknown") {
                return Ok(None);
            }
            super::number(t).map(Some).ok_or_else(|| {
                err(
                    line,
                    format!("column `{what}`: `{t}` is not a number (write a number or `unknown`)"),
                )
            })
        };
        let whole = |c: Option<usize>, what: &str| -> Result<Option<usize>, ReadError> {
            match value(c, what)? {
                None => Ok(None),
                Some(v) if v >= 0.0 && v.fract() == 0.0 => Ok(Some(v as usize)),
                Some(v) => Err(err(
                    line,
                    format!("column `{what}` must be a whole number, found {v}"),
                )),
            }
        };
        let name = rec.get(ci).unwrap_or("").trim().to_string();
        if name.is_empty() {
            return Err(err(line, "column `instance` is empty".into()));
        }
        let r = super::Reference {
            tsnlp_best: value(Some(cb), "best")?,
            tsnlp_visited: whole(cv, "customers_visited")?,
            table_nodes: whole(cn, "nodes")?,
            table_tmax: value(ct, "tmax")?,
            ..super::Reference::default()
        };
        refs.insert((name, 1), r);
    }
    Ok(refs)
}

/// The reference table of the OPSTP set.
pub const REFERENCE_TABLE: &str = "reference_yu_tsnlp.csv";

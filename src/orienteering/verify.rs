//! Independent floating-point verifier for orienteering solutions.
//!
//! jemput plans in scaled integer minutes; the literature scores solutions in real numbers
//! with each instance's own distance convention. This verifier takes the paths alone (lists
//! of customer indices), recomputes every leg from the coordinates (exact Euclidean, or
//! truncated to 1 or 2 decimals for TOPTW), walks each path with waiting allowed and
//! recomputes the score from the prizes. It shares no code with the adapter, the schedule
//! or jemput's checker, so an error in any of them shows up here.

use super::{Instance, Metric};

/// Slack allowed on every comparison, for floating-point summation only: far below the
/// resolution of the data (0.01) and below the margin the adapter's rounding leaves.
pub const TOLERANCE: f64 = 1e-7;

/// What the verifier found.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Sum of the prizes of the distinct customers visited.
    pub score: f64,
    /// Per path: its length (TOP) or the time it is back at the depot (TOPTW).
    pub ends: Vec<f64>,
    /// Every broken rule, in words; empty means the solution is feasible.
    pub problems: Vec<String>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The instance's travel time between two points.
pub fn leg(metric: Metric, a: (f64, f64), b: (f64, f64)) -> f64 {
    let dx = a.0 - b.0;
    let dy = a.1 - b.1;
    let d = (dx * dx + dy * dy).sqrt();
    match metric {
        Metric::Exact => d,
        Metric::Truncated { decimals } => {
            let f = 10f64.powi(decimals as i32);
            (d * f).floor() / f
        }
    }
}

/// Checks `paths` (customer indices into `inst.customers`) against the instance: at most
/// `m` paths, each customer at most once, windows met (waiting allowed), every path back by
/// the budget.
pub fn verify(inst: &Instance, paths: &[Vec<usize>]) -> Verdict {
    let n = inst.customers.len();
    let mut problems = Vec::new();
    if paths.len() > inst.teams {
        problems.push(format!(
            "{} paths, the instance allows {}",
            paths.len(),
            inst.teams
        ));
    }
    let mut seen = vec![false; n];
    let mut score = 0.0;
    let mut ends = Vec::with_capacity(paths.len());
    for (p, path) in paths.iter().enumerate() {
        if path.is_empty() {
            // A team that stays home.
            ends.push(0.0);
            continue;
        }
        let mut at = inst.start;
        let mut clock = inst.depot_open;
        for &c in path {
            let Some(cust) = inst.customers.get(c) else {
                problems.push(format!(
                    "path {p}: customer index {c} does not exist ({n} customers)"
                ));
                continue;
            };
            if std::mem::replace(&mut seen[c], true) {
                problems.push(format!(
                    "path {p}: customer {} is visited more than once",
                    cust.id
                ));
            } else {
                score += cust.prize;
            }
            let here = (cust.x, cust.y);
            let arrive = clock + leg(inst.metric, at, here);
            let start = arrive.max(cust.open);
            if start > cust.close + TOLERANCE {
                problems.push(format!(
                    "path {p}: customer {} is reached at {arrive:.4}, after its window [{}, {}] closes",
                    cust.id, cust.open, cust.close
                ));
            }
            clock = start + cust.service;
            at = here;
        }
        let back = clock + leg(inst.metric, at, inst.end);
        if back > inst.tmax + TOLERANCE {
            problems.push(format!(
                "path {p}: ends at {back:.6}, over the budget {}",
                inst.tmax
            ));
        }
        ends.push(back);
    }
    Verdict {
        score,
        ends,
        problems,
    }
}

/// A simple upper bound on any feasible score: the prizes of the customers a path serving
/// only that customer can reach (window met, back by the budget), by the verifier's own legs.
pub fn reachable_bound(inst: &Instance) -> f64 {
    inst.customers
        .iter()
        .enumerate()
        .filter(|(c, _)| verify(inst, &[vec![*c]]).ok())
        .map(|(_, cust)| cust.prize)
        .sum()
}

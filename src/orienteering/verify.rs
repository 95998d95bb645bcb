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

/// What the verifier found for an OPSTP tour.
#[derive(Debug, Clone, PartialEq)]
pub struct OpstpVerdict {
    /// Sum of `p · (1 − e^(−β·t/200))` over the distinct customers served, with the given
    /// service times and the instance's own p and β.
    pub score: f64,
    /// Total travel (rounded Euclidean legs) and total service, instance minutes.
    pub travel: f64,
    pub service: f64,
    /// Every broken rule, in words; empty means the tour is feasible.
    pub problems: Vec<String>,
}

impl OpstpVerdict {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// An OPSTP leg: Euclidean distance rounded to the nearest integer.
fn opstp_leg(a: (f64, f64), b: (f64, f64)) -> f64 {
    let dx = a.0 - b.0;
    let dy = a.1 - b.1;
    (dx * dx + dy * dy).sqrt().round()
}

/// Checks an OPSTP tour, given as `(customer index, service minutes)` in visiting order from
/// the depot and back: each customer at most once, every service at least its `r`, every
/// customer marked must-visit on the tour, travel + service ≤ Tmax. Recomputes the profit
/// from the coordinates, p, β and the service times in `f64`, independent of jemput.
pub fn verify_opstp(inst: &super::opstp::Instance, tour: &[(usize, f64)]) -> OpstpVerdict {
    let n = inst.customers.len();
    let mut problems = Vec::new();
    let mut seen = vec![false; n];
    let (mut score, mut travel, mut service) = (0.0, 0.0, 0.0);
    let depot = (inst.depot.x, inst.depot.y);
    let mut at = depot;
    for &(k, t) in tour {
        let Some(c) = inst.customers.get(k) else {
            problems.push(format!("customer index {k} does not exist ({n} customers)"));
            continue;
        };
        if !t.is_finite() || t < c.min_service - TOLERANCE {
            problems.push(format!(
                "vertex {} is served {t} minutes, less than its shortest service {}",
                c.id, c.min_service
            ));
        }
        if std::mem::replace(&mut seen[k], true) {
            problems.push(format!("vertex {} is visited more than once", c.id));
        } else if t > 0.0 {
            score += c.profit * (1.0 - (-(c.beta / 200.0) * t).exp());
        }
        travel += opstp_leg(at, (c.x, c.y));
        service += t.max(0.0);
        at = (c.x, c.y);
    }
    if !tour.is_empty() {
        travel += opstp_leg(at, depot);
    }
    if travel + service > inst.tmax + TOLERANCE {
        problems.push(format!(
            "travel {travel} + service {service:.6} = {:.6} is over the budget {}",
            travel + service,
            inst.tmax
        ));
    }
    for (k, c) in inst.customers.iter().enumerate() {
        if c.must_visit && !seen[k] {
            problems.push(format!(
                "vertex {} must be visited (MustVisit 1) but is not on the tour",
                c.id
            ));
        }
    }
    OpstpVerdict {
        score,
        travel,
        service,
        problems,
    }
}

/// An upper bound on any OPSTP score: each customer's profit at the longest service a tour
/// through it can leave (`Tmax` less twice the shortest travel from the depot to it), over
/// the customers such a tour can serve for `r`. Rounded legs need not obey the triangle
/// inequality (a detour can be shorter than the direct leg by up to 1; the published files
/// have such pairs), so the shortest travel is the shortest path over the rounded legs, not
/// the direct leg.
pub fn opstp_bound(inst: &super::opstp::Instance) -> f64 {
    let depot = (inst.depot.x, inst.depot.y);
    let points: Vec<(f64, f64)> = std::iter::once(depot)
        .chain(inst.customers.iter().map(|c| (c.x, c.y)))
        .collect();
    // Dijkstra from the depot over the complete graph of rounded legs, O(N²).
    let mut dist: Vec<f64> = points.iter().map(|&p| opstp_leg(depot, p)).collect();
    dist[0] = 0.0;
    let mut done = vec![false; points.len()];
    for _ in 0..points.len() {
        let Some(u) = (0..points.len())
            .filter(|&v| !done[v])
            .min_by(|&a, &b| dist[a].total_cmp(&dist[b]))
        else {
            break;
        };
        done[u] = true;
        for v in 0..points.len() {
            let via = dist[u] + opstp_leg(points[u], points[v]);
            if !done[v] && via < dist[v] {
                dist[v] = via;
            }
        }
    }
    inst.customers
        .iter()
        .enumerate()
        .map(|(k, c)| {
            let spare = inst.tmax - 2.0 * dist[k + 1];
            if spare + TOLERANCE < c.min_service {
                0.0
            } else {
                c.profit * (1.0 - (-(c.beta / 200.0) * spare.max(0.0)).exp())
            }
        })
        .sum()
}

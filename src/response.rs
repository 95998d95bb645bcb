//! The response model: the one source of truth for expected activations.
//!
//! A visit of `s` minutes by a team of `k` staff at site `i`, the `n`-th visit there:
//!
//! ```text
//! capacity = k · s / minutes_per_activation · connectivity
//! demand   = reach · fatigue^(n-1) · remaining
//! expected = min(capacity, demand);   remaining -= expected
//! ```
//!
//! Visits are applied in date order (ties: start minute, then team index). Search, the
//! checker, reports, the LP bound and the tests all call this module; nothing recomputes
//! the objective on the side.

use crate::plan::Plan;
use crate::problem::{Minutes, Problem, Site};

/// Activations a team of `staff` can process in `minutes` at `site` (throughput limit).
#[inline]
pub fn capacity(site: &Site, staff: u32, minutes: Minutes) -> f64 {
    if site.minutes_per_activation <= 0.0 {
        return 0.0;
    }
    staff as f64 * minutes as f64 / site.minutes_per_activation * site.connectivity
}

/// Residents who turn up at the `n`-th visit (1-based) when `remaining` are unactivated.
#[inline]
pub fn demand(site: &Site, n: u32, remaining: f64) -> f64 {
    site.reach * site.fatigue.powi(n.saturating_sub(1) as i32) * remaining.max(0.0)
}

/// Expected activations of the `n`-th visit (1-based) with `remaining` unactivated residents.
#[inline]
pub fn visit_gain(site: &Site, staff: u32, minutes: Minutes, n: u32, remaining: f64) -> f64 {
    capacity(site, staff, minutes).min(demand(site, n, remaining))
}

/// The gains of successive visits to one site by the same team size and visit length,
/// starting from a full pool: `gains[n-1]` is the gain of the `n`-th visit. Non-increasing.
pub fn gain_sequence(site: &Site, staff: u32, minutes: Minutes, visits: u32) -> Vec<f64> {
    let mut remaining = site.pool;
    (1..=visits)
        .map(|n| {
            let g = visit_gain(site, staff, minutes, n, remaining);
            remaining -= g;
            g
        })
        .collect()
}

/// One visit in evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct VisitKey {
    pub day: usize,
    pub start: Minutes,
    pub team: usize,
    pub site: usize,
}

/// Expected activations of a plan, per stop and per site.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Expected activations of each stop: `per_stop[route][stop]`.
    pub per_stop: Vec<Vec<f64>>,
    /// Expected activations per site over the horizon.
    pub per_site: Vec<f64>,
    /// Visits per site.
    pub visits: Vec<u32>,
    /// Total expected activations from the teams.
    pub activations: f64,
    /// Weighted objective: sum of site weight × activations.
    pub objective: f64,
}

/// Scores a plan with the response model. Does not check feasibility (see `checker`).
pub fn evaluate(problem: &Problem, plan: &Plan) -> Evaluation {
    let mut order: Vec<(VisitKey, usize, usize)> = Vec::new();
    for (r, route) in plan.routes.iter().enumerate() {
        for (k, stop) in route.stops.iter().enumerate() {
            let key = VisitKey {
                day: route.day,
                start: stop.start,
                team: route.team,
                site: stop.site,
            };
            order.push((key, r, k));
        }
    }
    order.sort();
    let mut remaining: Vec<f64> = problem.sites.iter().map(|s| s.pool).collect();
    let mut visits = vec![0u32; problem.sites.len()];
    let mut per_site = vec![0.0; problem.sites.len()];
    let mut per_stop: Vec<Vec<f64>> = plan
        .routes
        .iter()
        .map(|r| vec![0.0; r.stops.len()])
        .collect();
    for (key, r, k) in order {
        let s = key.site;
        let site = &problem.sites[s];
        let stop = &plan.routes[r].stops[k];
        visits[s] += 1;
        let staff = problem.teams[key.team].staff;
        let g = visit_gain(
            site,
            staff,
            stop.end.saturating_sub(stop.start),
            visits[s],
            remaining[s],
        );
        remaining[s] -= g;
        per_site[s] += g;
        per_stop[r][k] = g;
    }
    let activations = per_site.iter().sum();
    let objective = per_site
        .iter()
        .zip(&problem.sites)
        .map(|(a, s)| a * s.weight)
        .sum();
    Evaluation {
        per_stop,
        per_site,
        visits,
        activations,
        objective,
    }
}

/// Forecast of activated residents at the end of each day of the horizon: activated at
/// start + walk-ins at the office (per office working day) + the plan's expected activations
/// up to and including that day.
pub fn cumulative_by_day(problem: &Problem, plan: &Plan, evaluation: &Evaluation) -> Vec<f64> {
    let mut per_day = vec![0.0; problem.days.len()];
    for (route, gains) in plan.routes.iter().zip(&evaluation.per_stop) {
        per_day[route.day] += gains.iter().sum::<f64>();
    }
    let mut total = problem.target.activated;
    problem
        .days
        .iter()
        .zip(per_day)
        .map(|(day, gain)| {
            if !day.closed() && problem.office_weekdays[day.weekday] {
                total += problem.target.organic_per_day;
            }
            total += gain;
            total
        })
        .collect()
}

/// Site-local timeline for incremental evaluation: the gains of the visits to one site,
/// given the visits in evaluation order as `(key, staff, minutes)`.
pub fn site_timeline(site: &Site, visits: &[(VisitKey, u32, Minutes)]) -> Vec<f64> {
    let mut remaining = site.pool;
    visits
        .iter()
        .enumerate()
        .map(|(i, &(_, staff, minutes))| {
            let g = visit_gain(site, staff, minutes, i as u32 + 1, remaining);
            remaining -= g;
            g
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{SiteKind, Window};

    fn site(pool: f64) -> Site {
        Site {
            code: "x".into(),
            name: "x".into(),
            kind: SiteKind::Village,
            district: 0,
            lat: None,
            lon: None,
            eligible: pool,
            pool,
            reach: 0.25,
            fatigue: 0.6,
            connectivity: 1.0,
            minutes_per_activation: 6.0,
            visit_minutes: 240,
            max_visits: 4,
            min_gap_days: 30,
            weight: 1.0,
            weekdays: [true; 7],
            window: Window::ALL_DAY,
            first_day: 0,
            last_day: 365,
        }
    }

    #[test]
    fn capacity_binds_on_large_pools() {
        let s = site(10_000.0);
        // 3 staff × 240 min / 6 min = 120 < 0.25 × 10 000
        assert_eq!(visit_gain(&s, 3, 240, 1, s.pool), 120.0);
    }

    #[test]
    fn demand_binds_on_small_pools() {
        let s = site(100.0);
        assert_eq!(visit_gain(&s, 3, 240, 1, s.pool), 25.0);
        // second visit: 0.25 × 0.6 × 75
        assert!((visit_gain(&s, 3, 240, 2, 75.0) - 11.25).abs() < 1e-9);
    }

    #[test]
    fn zero_connectivity_means_no_activation() {
        let mut s = site(1000.0);
        s.connectivity = 0.0;
        assert_eq!(visit_gain(&s, 4, 240, 1, s.pool), 0.0);
    }

    #[test]
    fn gains_never_increase() {
        for pool in [10.0, 400.0, 480.0, 2000.0, 50_000.0] {
            let g = gain_sequence(&site(pool), 3, 240, 8);
            for w in g.windows(2) {
                assert!(w[1] <= w[0] + 1e-12, "pool {pool}: {g:?}");
            }
            assert!(g.iter().sum::<f64>() <= pool + 1e-9);
        }
    }
}

//! `greedy`: day by day and team by team, build each day trip by repeatedly inserting the
//! visit with the most expected activations per added minute of the trip (at its shortest
//! stay), while it fits and the trip with its best stays ([`crate::stays`]) gains more than
//! without it.
//!
//! Gains come from the response model on the state left by the days before, so they are
//! exact; the weakness is myopia (no look-ahead over the year), which the optimizer fixes.

use super::state::SiteState;
use crate::plan::{Plan, Route};
use crate::problem::Problem;
use crate::schedule;
use crate::solve::Solution;
use crate::stays;

/// One-line description for `--help` and reports.
pub const DESCRIPTION: &str =
    "each team-day, the stops with the best expected activations per minute that fit";

/// The `greedy` plan of the whole horizon.
pub fn solve(p: &Problem) -> Solution {
    let mut state = SiteState::new(p);
    let mut routes = Vec::new();
    for d in 0..p.days.len() {
        for t in 0..p.teams.len() {
            if p.shift(t, d).is_none() {
                continue;
            }
            let trip = best_trip(p, &state, t, d);
            if trip.is_empty() {
                continue;
            }
            let best = state
                .stays(p, t, d, &trip)
                .expect("trip was checked to fit");
            let stops = stays::timed(p, t, d, &trip, &best.stays).expect("stays fit");
            let staff = state.crews[t];
            for s in &stops {
                state.visit(p, s.site, d, staff, s.end - s.start);
            }
            let kit = crate::kits::on_route(p, state.crews[t], stops.iter().map(|s| s.site));
            routes.push(Route {
                team: t,
                day: d,
                stops,
                kit,
            });
        }
    }
    let mut plan = Plan { routes };
    plan.normalize();
    Solution {
        plan,
        iterations: 0,
        bound: None,
    }
}

/// Best-ratio insertion for one team-day given the state of the sites.
pub(crate) fn best_trip(p: &Problem, state: &SiteState, t: usize, d: usize) -> Vec<usize> {
    let staff = state.crews[t];
    let mut trip: Vec<usize> = Vec::new();
    let mut duration = 0u32;
    let mut value: f64 = 0.0;
    loop {
        let mut best: Option<(f64, usize, usize, u32)> = None;
        for s in 0..p.sites.len() {
            if trip.contains(&s) || !state.can_visit(p, s, d) {
                continue;
            }
            let gain = state.next_weighted_gain(p, s, staff, p.sites[s].min_stay);
            if gain <= 0.0 {
                continue;
            }
            for pos in 0..=trip.len() {
                let mut cand = trip.clone();
                cand.insert(pos, s);
                let Some(dur) = schedule::duration(p, t, d, &cand) else {
                    continue;
                };
                let added = dur.saturating_sub(duration).max(1);
                let ratio = gain / added as f64;
                if best.is_none_or(|b| ratio > b.0) {
                    best = Some((ratio, s, pos, dur));
                }
            }
        }
        let Some((_, s, pos, dur)) = best else {
            return trip;
        };
        let mut longer = trip.clone();
        longer.insert(pos, s);
        let with: f64 = state
            .stays(p, t, d, &longer)
            .expect("checked to fit")
            .values
            .iter()
            .sum();
        // The stop takes minutes from the others' stays: keep it only when that gains.
        if with <= value + 1e-9 * value.max(1.0) {
            return trip;
        }
        trip = longer;
        duration = dur;
        value = with;
    }
}

//! `round-robin`: what district offices do today. Every site in turn, district by district,
//! one day trip at a time, nearest first; when every site has had its turn, start again.
//!
//! The order is fixed: districts by the distance of their nearest site from the first base,
//! sites within a district by distance from the base. Each team-day takes the next site in
//! the list that can be visited and fits, and stays there as long as the site's longest
//! stay, its hours and the shift allow: one place for the whole working day.

use super::state::SiteState;
use crate::plan::{Plan, Route};
use crate::problem::Problem;
use crate::schedule;
use crate::solve::Solution;
use crate::stays;

/// One-line description for `--help` and reports.
pub const DESCRIPTION: &str =
    "every site in turn, district by district, nearest first (what offices do today)";

/// The `round-robin` plan of the whole horizon.
pub fn solve(p: &Problem) -> Solution {
    let order = visiting_order(p);
    let mut state = SiteState::new(p);
    let mut in_round = vec![false; p.sites.len()];
    let mut routes = Vec::new();
    for d in 0..p.days.len() {
        for t in 0..p.teams.len() {
            if p.shift(t, d).is_none() {
                continue;
            }
            let mut trip: Vec<usize> = Vec::new();
            // The next site in the list that can be visited today and fits alone.
            let first = order.iter().copied().find(|&s| {
                !in_round[s] && state.can_visit(p, s, d) && schedule::fits(p, t, d, &[s])
            });
            let Some(first) = first else { continue };
            trip.push(first);
            in_round[first] = true;
            // The whole day there: the longest stay that fits.
            let longest = stays::best(p, t, d, &trip, |_, stay| f64::from(stay))
                .expect("trip was checked to fit");
            let stops = stays::timed(p, t, d, &trip, &longest.stays).expect("stays fit");
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
            // A new round once every site that could still be visited has had its turn.
            if (0..p.sites.len())
                .all(|s| in_round[s] || state.progress[s].visits >= p.sites[s].max_visits)
            {
                in_round.iter_mut().for_each(|x| *x = false);
            }
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

/// Sites district by district (nearest district first), nearest site first within each.
fn visiting_order(p: &Problem) -> Vec<usize> {
    let base = 0;
    let dist = |s: usize| p.travel.minutes(base, p.site_place(s));
    let mut district_key = vec![u32::MAX; p.districts.len()];
    for s in 0..p.sites.len() {
        let k = &mut district_key[p.sites[s].district];
        *k = (*k).min(dist(s));
    }
    let mut order: Vec<usize> = (0..p.sites.len()).collect();
    order.sort_by_key(|&s| {
        (
            district_key[p.sites[s].district],
            p.sites[s].district,
            dist(s),
            s,
        )
    });
    order
}

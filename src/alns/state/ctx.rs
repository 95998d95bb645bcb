//! Immutable facts of the search: its slots (team-days), staff, useful sites, gaps and
//! neighbour lists.

use crate::problem::{Minutes, Problem, Window};
use crate::response;

/// A team-day on which the team works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub team: usize,
    pub day: usize,
    pub shift: Window,
}

/// One visit of a site: its day, team and stay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub day: usize,
    pub team: usize,
    pub stay: Minutes,
}

/// Immutable facts the search looks up all the time.
#[derive(Debug, Clone)]
pub struct Ctx<'p> {
    pub p: &'p Problem,
    pub slots: Vec<Slot>,
    /// Slot of team `t` on day `d` at `d * teams + t`.
    pub slot_at: Vec<Option<usize>>,
    /// Slots of each day.
    pub slots_by_day: Vec<Vec<usize>>,
    /// Each team's crew: staff and, for the teams that carry one, the kit
    /// ([`crate::kits::crews`]).
    pub staff: Vec<response::Crew>,
    /// Shortest visit of any site (a slot with less room takes nothing).
    pub min_visit: Minutes,
    /// Sites a visit can ever gain something at.
    pub useful: Vec<bool>,
    /// Minimum gap in days between two visits of each site (at least 1).
    pub gap: Vec<usize>,
    /// Nearest useful sites of each site, built on first use (see [`Ctx::near`]).
    near: std::sync::OnceLock<Vec<Vec<usize>>>,
}

/// Sites kept in each site's neighbour list.
const NEAR: usize = 20;

/// Most sites for which neighbour lists are built (all pairs are compared).
const NEAR_UP_TO: usize = 2_000;

impl<'p> Ctx<'p> {
    pub fn new(p: &'p Problem) -> Self {
        let teams = p.teams.len();
        let mut slots = Vec::new();
        let mut slot_at = vec![None; teams * p.days.len()];
        let mut slots_by_day = vec![Vec::new(); p.days.len()];
        for d in 0..p.days.len() {
            for t in 0..teams {
                if let Some(shift) = p.shift(t, d) {
                    slot_at[d * teams + t] = Some(slots.len());
                    slots_by_day[d].push(slots.len());
                    slots.push(Slot {
                        team: t,
                        day: d,
                        shift,
                    });
                }
            }
        }
        let staff = crate::kits::crews(p);
        let useful = p
            .sites
            .iter()
            .map(|s| {
                s.max_visits > 0
                    && s.weight > 0.0
                    && response::visit_gain(
                        s,
                        response::Crew {
                            staff: u32::MAX / 2,
                            kit: p.kits.boost(),
                        },
                        s.min_stay.max(1),
                        1,
                        s.pool,
                    ) > 0.0
            })
            .collect();
        Ctx {
            p,
            min_visit: p.sites.iter().map(|s| s.min_stay).min().unwrap_or(0),
            slots,
            slot_at,
            slots_by_day,
            staff,
            useful,
            gap: p
                .sites
                .iter()
                .map(|s| s.min_gap_days.max(1) as usize)
                .collect(),
            near: std::sync::OnceLock::new(),
        }
    }

    /// The useful sites nearest to `s` (travel there and back), nearest first; empty for
    /// every site when the district has more than 2,000 sites.
    pub fn near(&self, s: usize) -> &[usize] {
        let lists = self.near.get_or_init(|| {
            let p = self.p;
            let n = p.sites.len();
            if n > NEAR_UP_TO {
                return vec![Vec::new(); n];
            }
            let useful = self.useful_sites();
            (0..n)
                .map(|a| {
                    let mut by: Vec<(u64, usize)> = useful
                        .iter()
                        .filter(|&&u| u != a)
                        .map(|&u| {
                            let d =
                                u64::from(p.site_to_site(a, u)) + u64::from(p.site_to_site(u, a));
                            (d, u)
                        })
                        .collect();
                    let k = NEAR.min(by.len());
                    if k < by.len() {
                        by.select_nth_unstable(k);
                        by.truncate(k);
                    }
                    by.sort_unstable();
                    by.into_iter().map(|(_, u)| u).collect()
                })
                .collect()
        });
        &lists[s]
    }

    /// The sites a visit can ever gain something at, in index order.
    pub fn useful_sites(&self) -> Vec<usize> {
        (0..self.p.sites.len())
            .filter(|&s| self.useful[s])
            .collect()
    }

    pub fn slot(&self, team: usize, day: usize) -> Option<usize> {
        self.slot_at[day * self.p.teams.len() + team]
    }

    /// Weighted gain of site `s` with `visits` (sorted by day), optionally with one more.
    pub fn site_gain(&self, s: usize, visits: &[Visit], extra: Option<Visit>) -> f64 {
        let site = &self.p.sites[s];
        let visit = |v: &Visit| (self.staff[v.team], v.stay);
        let total = match extra {
            None => response::sequence_gain(site, visits.iter().map(visit)),
            Some(e) => response::sequence_gain_with(site, visits, &e, |v| v.day, visit),
        };
        response::weighted(site, total)
    }

    /// Weighted gain of site `s` with the stay of its `at`-th visit set to `stay`.
    pub fn site_gain_at(&self, s: usize, visits: &[Visit], at: usize, stay: Minutes) -> f64 {
        let site = &self.p.sites[s];
        let total = response::sequence_gain(
            site,
            visits
                .iter()
                .enumerate()
                .map(|(i, v)| (self.staff[v.team], if i == at { stay } else { v.stay })),
        );
        response::weighted(site, total)
    }

    /// Weighted gain of site `s` without its `skip`-th visit.
    pub fn site_gain_without(&self, s: usize, visits: &[Visit], skip: usize) -> f64 {
        let site = &self.p.sites[s];
        let visit = |v: &Visit| (self.staff[v.team], v.stay);
        response::weighted(
            site,
            response::sequence_gain_without(site, visits, skip, visit),
        )
    }
}

impl Ctx<'_> {
    /// Slot of team `t` on day `d`, if the team works that day (checked indices).
    pub fn slots_at(&self, t: usize, d: usize) -> Option<usize> {
        if t >= self.p.teams.len() || d >= self.p.days.len() {
            return None;
        }
        self.slot(t, d)
    }
}

//! A plan: for each team and working day, the timed stops of its day trip.
//!
//! Plans are plain data produced by strategies and read back from edited CSV files. The
//! route leaves its base at `first.arrive - travel(base, first)` and is back at
//! `last.end + travel(last, base)`; nothing else about timing is stored, so an edited plan
//! cannot carry stale derived fields. Feasibility is the checker's business.

use crate::problem::{Minutes, Problem};

/// One visit of a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stop {
    /// Index into [`Problem::sites`].
    pub site: usize,
    /// Arrival at the site (minutes since midnight); the team may wait until `start`.
    pub arrive: Minutes,
    /// Start of service.
    pub start: Minutes,
    /// End of service; the team leaves at `end`.
    pub end: Minutes,
}

/// The day trip of one team on one day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// Index into [`Problem::teams`].
    pub team: usize,
    /// Index into [`Problem::days`].
    pub day: usize,
    pub stops: Vec<Stop>,
    /// The team carries one of the scenario's connectivity kits on this day.
    pub kit: bool,
}

impl Route {
    /// Minutes the team leaves its base (`None` for an empty route).
    pub fn depart(&self, p: &Problem) -> Option<Minutes> {
        let first = self.stops.first()?;
        Some(
            first
                .arrive
                .saturating_sub(p.base_to_site(self.team, first.site)),
        )
    }

    /// Minutes the team is back at its base (`None` for an empty route).
    pub fn back(&self, p: &Problem) -> Option<Minutes> {
        let last = self.stops.last()?;
        Some(last.end + p.site_to_base(last.site, self.team))
    }

    /// Travel minutes of the whole trip, base to base.
    pub fn travel_minutes(&self, p: &Problem) -> Minutes {
        self.legs(p).iter().sum()
    }

    /// Travel minutes of each leg into a stop, plus the final leg home (len = stops + 1).
    pub fn legs(&self, p: &Problem) -> Vec<Minutes> {
        if self.stops.is_empty() {
            return Vec::new();
        }
        let mut legs = Vec::with_capacity(self.stops.len() + 1);
        let mut at = p.team_place(self.team);
        for s in &self.stops {
            let to = p.site_place(s.site);
            legs.push(p.travel.minutes(at, to));
            at = to;
        }
        legs.push(p.travel.minutes(at, p.team_place(self.team)));
        legs
    }

    /// Km driven on the whole trip.
    pub fn km(&self, p: &Problem) -> f64 {
        if self.stops.is_empty() {
            return 0.0;
        }
        let mut at = p.team_place(self.team);
        let mut km = 0.0;
        for s in &self.stops {
            let to = p.site_place(s.site);
            km += p.travel.km(at, to) as f64;
            at = to;
        }
        km + p.travel.km(at, p.team_place(self.team)) as f64
    }

    /// Service minutes on site.
    pub fn service_minutes(&self) -> Minutes {
        self.stops.iter().map(|s| s.end - s.start).sum()
    }
}

/// A whole-horizon plan. Routes are kept sorted by (day, team) by [`Plan::normalize`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    pub routes: Vec<Route>,
}

impl Plan {
    /// Drops empty routes and sorts by (day, team) so that equal plans compare equal.
    pub fn normalize(&mut self) {
        self.routes.retain(|r| !r.stops.is_empty());
        self.routes.sort_by_key(|r| (r.day, r.team));
    }

    pub fn visits(&self) -> usize {
        self.routes.iter().map(|r| r.stops.len()).sum()
    }

    /// Total cost in rupiah: per km driven and per team-day in the field.
    pub fn cost(&self, p: &Problem) -> f64 {
        self.routes
            .iter()
            .filter(|r| !r.stops.is_empty())
            .map(|r| {
                let t = &p.teams[r.team];
                r.km(p) * t.cost_per_km + t.cost_per_day
            })
            .sum()
    }
}

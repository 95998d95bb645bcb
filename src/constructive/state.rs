//! Chronological construction state shared by the constructive strategies: where each site
//! stands ([`response::SiteProgress`]) and when it was last visited. Because construction
//! goes day by day, the gain of the next visit computed here is exactly what the response
//! model will give.

use crate::problem::{Minutes, Problem};
use crate::response::{self, Crew, SiteProgress};
use crate::stays::{self, Stays};

#[derive(Debug, Clone)]
pub struct SiteState {
    pub progress: Vec<SiteProgress>,
    pub last_day: Vec<Option<usize>>,
    /// Each team's crew: its staff and, for the teams that carry one, the kit
    /// ([`crate::kits::crews`]).
    pub crews: Vec<Crew>,
}

impl SiteState {
    pub fn new(p: &Problem) -> Self {
        SiteState {
            progress: p.sites.iter().map(SiteProgress::new).collect(),
            last_day: vec![None; p.sites.len()],
            crews: crate::kits::crews(p),
        }
    }

    /// May site `s` get another visit on day `d` (max visits, minimum gap, open that day)?
    pub fn can_visit(&self, p: &Problem, s: usize, d: usize) -> bool {
        let site = &p.sites[s];
        self.progress[s].visits < site.max_visits
            && self.last_day[s].is_none_or(|l| d >= l + site.min_gap_days as usize)
            && p.site_window(s, d).is_some()
    }

    /// Expected activations of the next visit to `s` by `staff` for `minutes`.
    pub fn next_gain(&self, p: &Problem, s: usize, staff: Crew, minutes: Minutes) -> f64 {
        self.progress[s].next_gain(&p.sites[s], staff, minutes)
    }

    /// [`SiteState::next_gain`] with the site's weight applied.
    pub fn next_weighted_gain(&self, p: &Problem, s: usize, staff: Crew, minutes: Minutes) -> f64 {
        response::weighted(&p.sites[s], self.next_gain(p, s, staff, minutes))
    }

    /// The best stays ([`stays::best`]) of `trip` for team `t` on day `d`, each stop priced
    /// by its site's next visit; `None` when the trip does not fit at its shortest stays.
    pub fn stays(&self, p: &Problem, t: usize, d: usize, trip: &[usize]) -> Option<Stays> {
        let staff = self.crews[t];
        stays::best(p, t, d, trip, |i, stay| {
            self.next_weighted_gain(p, trip[i], staff, stay)
        })
    }

    /// Records a visit and returns its expected activations.
    pub fn visit(&mut self, p: &Problem, s: usize, d: usize, staff: Crew, minutes: Minutes) -> f64 {
        let g = self.progress[s].visit(&p.sites[s], staff, minutes);
        self.last_day[s] = Some(d);
        g
    }
}

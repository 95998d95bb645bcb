//! Chronological construction state shared by the constructive strategies: what each site
//! has left, how often and when it was last visited. Because construction goes day by day,
//! the gain of the next visit computed here is exactly what the response model will give.

use crate::problem::{Minutes, Problem};
use crate::response;

#[derive(Debug, Clone)]
pub struct SiteState {
    pub remaining: Vec<f64>,
    pub visits: Vec<u32>,
    pub last_day: Vec<Option<usize>>,
}

impl SiteState {
    pub fn new(p: &Problem) -> Self {
        SiteState {
            remaining: p.sites.iter().map(|s| s.pool).collect(),
            visits: vec![0; p.sites.len()],
            last_day: vec![None; p.sites.len()],
        }
    }

    /// May site `s` get another visit on day `d` (max visits, minimum gap, open that day)?
    pub fn can_visit(&self, p: &Problem, s: usize, d: usize) -> bool {
        let site = &p.sites[s];
        self.visits[s] < site.max_visits
            && self.last_day[s].is_none_or(|l| d >= l + site.min_gap_days as usize)
            && p.site_window(s, d).is_some()
    }

    /// Expected activations of the next visit to `s` by `staff` for `minutes`.
    pub fn next_gain(&self, p: &Problem, s: usize, staff: u32, minutes: Minutes) -> f64 {
        let site = &p.sites[s];
        response::visit_gain(site, staff, minutes, self.visits[s] + 1, self.remaining[s])
    }

    /// Records a visit and returns its expected activations.
    pub fn visit(&mut self, p: &Problem, s: usize, d: usize, staff: u32, minutes: Minutes) -> f64 {
        let g = self.next_gain(p, s, staff, minutes);
        self.remaining[s] -= g;
        self.visits[s] += 1;
        self.last_day[s] = Some(d);
        g
    }
}

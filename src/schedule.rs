//! Timing of a day trip: the earliest-start forward pass every strategy uses.
//!
//! Given a team, a day and an ordered list of sites, [`timed`] leaves the base at the start
//! of the shift, drives to each site, waits for it to open if needed, serves for the site's
//! visit length and drives home. It returns `None` when a site is closed that day, a window
//! is missed, or the team cannot be back before the end of its shift.

use crate::plan::Stop;
use crate::problem::{Minutes, Problem};

/// Earliest-start timing of `sites` in order for team `t` on day `d`.
pub fn timed(p: &Problem, t: usize, d: usize, sites: &[usize]) -> Option<Vec<Stop>> {
    let shift = p.shift(t, d)?;
    let mut stops = Vec::with_capacity(sites.len());
    let mut at = p.team_place(t);
    let mut clock = shift.open;
    for &s in sites {
        let w = p.site_window(s, d)?;
        let to = p.site_place(s);
        let mut arrive = clock.checked_add(p.travel.minutes(at, to))?;
        if stops.is_empty() {
            // Leave the base later rather than wait at the first site.
            arrive = arrive.max(w.open);
        }
        let start = arrive.max(w.open);
        let end = start + p.sites[s].visit_minutes;
        if end > w.close {
            return None;
        }
        stops.push(Stop {
            site: s,
            arrive,
            start,
            end,
        });
        clock = end;
        at = to;
    }
    let back = clock.checked_add(p.travel.minutes(at, p.team_place(t)))?;
    (back <= shift.close).then_some(stops)
}

/// True when `sites` in this order fit team `t`'s shift on day `d`.
pub fn fits(p: &Problem, t: usize, d: usize, sites: &[usize]) -> bool {
    timed(p, t, d, sites).is_some()
}

/// Minutes from leaving the base to being back for `sites` in order (None if infeasible).
pub fn duration(p: &Problem, t: usize, d: usize, sites: &[usize]) -> Option<Minutes> {
    let stops = timed(p, t, d, sites)?;
    let first = stops.first()?;
    let last = stops.last()?;
    let depart = first.arrive - p.base_to_site(t, first.site);
    Some(last.end + p.site_to_base(last.site, t) - depart)
}

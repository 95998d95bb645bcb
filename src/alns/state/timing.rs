//! Timing of the search's routes through [`crate::schedule::Segment`]: each route keeps the
//! segment of every prefix (base through a stop) and suffix (a stop back to base), so an
//! insertion is checked by concatenating a prefix, the new visit and a suffix in O(1).

use super::{Ctx, Slot, State};
use crate::problem::Minutes;
use crate::schedule::{self, Segment};

/// Timing of one route: the segments of its prefixes and suffixes, when the team leaves the
/// base and when it is back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timing {
    /// `prefix[i]`: from leaving the base through stop `i`.
    pub prefix: Vec<Segment>,
    /// `suffix[i]`: from stop `i` to being back at the base.
    pub suffix: Vec<Segment>,
    pub depart: Minutes,
    pub back: Minutes,
}

impl Timing {
    pub fn duration(&self) -> Minutes {
        self.back - self.depart
    }
}

impl Ctx<'_> {
    /// Timing of `sites` in slot `c` (`None` when they do not fit; see [`schedule`]).
    pub fn timing(&self, c: usize, sites: &[usize]) -> Option<Timing> {
        let Slot { team, day, shift } = self.slots[c];
        let p = self.p;
        let n = sites.len();
        let home = Segment::base(shift);
        let mut tm = Timing {
            prefix: Vec::with_capacity(n),
            suffix: vec![home; n],
            depart: shift.open,
            back: shift.open,
        };
        if n == 0 {
            return Some(tm);
        }
        let base = p.team_place(team);
        let mut seg = home;
        let mut at = base;
        for (i, &s) in sites.iter().enumerate() {
            let to = p.site_place(s);
            let leg = p.travel.minutes(at, to);
            let visit = schedule::stop(p, s, day)?;
            if i == 0 {
                tm.depart = schedule::depart(shift.open, visit.early, leg);
            }
            seg = seg.then(leg, visit)?;
            tm.prefix.push(seg);
            at = to;
        }
        tm.back = seg
            .then(p.travel.minutes(at, base), home)?
            .end(shift.open)?;
        let mut seg = home;
        let mut from = base;
        for i in (0..n).rev() {
            let here = p.site_place(sites[i]);
            seg = schedule::stop(p, sites[i], day)?.then(p.travel.minutes(here, from), seg)?;
            tm.suffix[i] = seg;
            from = here;
        }
        Some(tm)
    }

    /// Trip minutes (leave base to back) of `sites` in slot `c` without building a timing.
    pub fn trip_minutes<I: IntoIterator<Item = usize>>(
        &self,
        c: usize,
        sites: I,
    ) -> Option<Minutes> {
        let Slot { team, day, shift } = self.slots[c];
        schedule::minutes_in(self.p, team, day, shift, sites)
    }
}

impl State {
    /// Added trip minutes if site `s` goes at position `pos` of slot `c`, or `None` when the
    /// trip would no longer fit (the site's own rules are not checked here).
    pub fn insertion(&self, ctx: &Ctx, c: usize, pos: usize, s: usize) -> Option<Minutes> {
        let route = &self.routes[c];
        let tm = &self.timing[c];
        let p = ctx.p;
        let Slot { team, day, shift } = ctx.slots[c];
        let visit = schedule::stop(p, s, day)?;
        let home = Segment::base(shift);
        let base = p.team_place(team);
        let (before, from) = match pos {
            0 => (home, base),
            _ => (tm.prefix[pos - 1], p.site_place(route[pos - 1])),
        };
        let (after, to) = match route.get(pos) {
            None => (home, base),
            Some(&next) => (tm.suffix[pos], p.site_place(next)),
        };
        let here = p.site_place(s);
        let into = p.travel.minutes(from, here);
        let back = before
            .then(into, visit)?
            .then(p.travel.minutes(here, to), after)?
            .end(shift.open)?;
        if pos > 0 {
            // Same departure: the change is the change of the return.
            return Some(back.saturating_sub(tm.back));
        }
        let new = back - schedule::depart(shift.open, visit.early, into);
        let old = if route.is_empty() { 0 } else { tm.duration() };
        Some(new.saturating_sub(old))
    }
}

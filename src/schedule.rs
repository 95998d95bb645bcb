//! Timing of a day trip: the one owner of the rule every strategy, the search, the LP data,
//! the scenario checks and the generators use.
//!
//! The rule: a team leaves its base at the start of its shift, drives to each site in turn,
//! waits for the site's window to open if it is early, serves for the site's visit length
//! (the visit must end by the window's close), and must be back at the base by the end of
//! its shift. Times are the earliest possible (nobody waits longer than needed), with one
//! refinement for the reported departure: the team leaves the base later rather than wait at
//! the first site, so a trip's minutes run from `max(shift open, first open − first leg)` to
//! the return. Later waits are not avoided by leaving later.
//!
//! The rule is captured by [`Segment`]: a stretch of a trip on a fixed day as a function of
//! when it is started. Two stretches and the leg between them concatenate in O(1), so a
//! trip's end is the end of the concatenation of its stops, and the search keeps the
//! segments of each route's prefixes and suffixes to check an insertion in O(1).
//! [`timed`] walks the stops one by one to report each stop's arrival, start and end.
//!
//! The plan checker ([`crate::checker`]) re-derives timing on its own, on purpose.

use crate::plan::Stop;
use crate::problem::{Minutes, Problem, Window};

/// A stretch of a day trip (a visit, a base, or several of them with the legs between),
/// started at time `t`: feasible when `t <= late`, and then over at `max(t, early) + length`.
///
/// `early` may exceed `late`: a stretch whose latest start lies before a later wait ends at
/// the same time whenever it is started. A stretch that no start makes feasible is not
/// represented (the constructors return `None`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Segment {
    /// Starting before this changes nothing: the stretch waits until then.
    pub early: Minutes,
    /// Latest start for which every window and the shift still hold.
    pub late: Minutes,
    /// Minutes from `max(start, early)` to the end (travel, visits and waits inside).
    pub length: Minutes,
}

impl Segment {
    /// A visit of `visit` minutes within `window`; `None` when it cannot fit at all.
    #[inline]
    pub fn visit(window: Window, visit: Minutes) -> Option<Segment> {
        let late = window.close.checked_sub(visit)?;
        (window.open <= late).then_some(Segment {
            early: window.open,
            late,
            length: visit,
        })
    }

    /// Being at the base within `shift`: the start and the end of every trip.
    #[inline]
    pub fn base(shift: Window) -> Segment {
        Segment {
            early: shift.open,
            late: shift.close,
            length: 0,
        }
    }

    /// `self`, then a leg of `leg` minutes, then `next`; `None` when even the earliest end
    /// of `self` reaches `next` too late (or the minutes overflow).
    #[inline]
    pub fn then(self, leg: Minutes, next: Segment) -> Option<Segment> {
        let lead = self.length.checked_add(leg)?;
        if self.early.checked_add(lead)? > next.late {
            return None;
        }
        Some(Segment {
            early: self.early.max(next.early.saturating_sub(lead)),
            late: self.late.min(next.late - lead),
            length: lead.checked_add(next.length)?,
        })
    }

    /// End when started at `start`, or `None` when that is too late.
    #[inline]
    pub fn end(self, start: Minutes) -> Option<Minutes> {
        if start > self.late {
            return None;
        }
        start.max(self.early).checked_add(self.length)
    }
}

/// Departure from the base under the rule "leave later rather than wait at the first site":
/// the shift opens at `open`, the first site opens at `first_open`, `first_leg` minutes away.
#[inline]
pub fn depart(open: Minutes, first_open: Minutes, first_leg: Minutes) -> Minutes {
    open.max(first_open.saturating_sub(first_leg))
}

/// The visit of site `s` on day `d` as a segment (`None` when it is closed that day).
#[inline]
pub fn stop(p: &Problem, s: usize, d: usize) -> Option<Segment> {
    Segment::visit(p.site_window(s, d)?, p.sites[s].min_stay)
}

/// Whether a one-stop trip fits: leave at the start of `shift`, `go` minutes to a visit of
/// `visit` minutes in `window`, `back` minutes home by the end of the shift.
pub fn one_stop_fits(
    shift: Window,
    go: Minutes,
    window: Window,
    visit: Minutes,
    back: Minutes,
) -> bool {
    Segment::visit(window, visit)
        .and_then(|v| {
            Segment::base(shift)
                .then(go, v)?
                .then(back, Segment::base(shift))
        })
        .and_then(|trip| trip.end(shift.open))
        .is_some()
}

/// Trip minutes (leaving the base to being back, see the module doc) of `sites` in order
/// for team `t` on day `d` with shift `shift`: 0 for no sites, `None` when they do not fit.
pub fn minutes_in<I: IntoIterator<Item = usize>>(
    p: &Problem,
    t: usize,
    d: usize,
    shift: Window,
    sites: I,
) -> Option<Minutes> {
    let base = p.team_place(t);
    let mut trip = Segment::base(shift);
    let mut at = base;
    let mut leave = None;
    for s in sites {
        let to = p.site_place(s);
        let leg = p.travel.minutes(at, to);
        let visit = stop(p, s, d)?;
        leave.get_or_insert(depart(shift.open, visit.early, leg));
        trip = trip.then(leg, visit)?;
        at = to;
    }
    let Some(leave) = leave else {
        return Some(0);
    };
    let back = trip
        .then(p.travel.minutes(at, base), Segment::base(shift))?
        .end(shift.open)?;
    Some(back - leave)
}

/// Earliest-start timing of `sites` in order for team `t` on day `d`: `None` when a site is
/// closed that day, a window is missed, or the team cannot be back before its shift ends.
pub fn timed(p: &Problem, t: usize, d: usize, sites: &[usize]) -> Option<Vec<Stop>> {
    let shift = p.shift(t, d)?;
    let mut stops = Vec::with_capacity(sites.len());
    let mut at = p.team_place(t);
    let mut clock = shift.open;
    for &s in sites {
        let visit = stop(p, s, d)?;
        let to = p.site_place(s);
        let leg = p.travel.minutes(at, to);
        let mut arrive = clock.checked_add(leg)?;
        if stops.is_empty() {
            // Leave the base later rather than wait at the first site (see [`depart`]).
            arrive = arrive.max(visit.early);
        }
        let end = visit.end(arrive)?;
        stops.push(Stop {
            site: s,
            arrive,
            start: end - visit.length,
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
    p.shift(t, d)
        .is_some_and(|shift| minutes_in(p, t, d, shift, sites.iter().copied()).is_some())
}

/// Minutes from leaving the base to being back for `sites` in order (`None` if infeasible
/// or empty).
pub fn duration(p: &Problem, t: usize, d: usize, sites: &[usize]) -> Option<Minutes> {
    if sites.is_empty() {
        return None;
    }
    minutes_in(p, t, d, p.shift(t, d)?, sites.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A random stretch: a few visits with random windows and legs (some never fitting).
    fn random_parts(rng: &mut ChaCha8Rng) -> Vec<(Minutes, Window, Minutes)> {
        (0..rng.random_range(1..6))
            .map(|_| {
                let open = rng.random_range(0..300);
                let close = open + rng.random_range(0..200);
                (
                    rng.random_range(0..60),
                    Window { open, close },
                    rng.random_range(0..80),
                )
            })
            .collect()
    }

    /// End of the plain forward pass: arrive, wait for the window, serve, move on.
    fn forward(start: Minutes, parts: &[(Minutes, Window, Minutes)]) -> Option<Minutes> {
        let mut clock = start;
        for (i, &(leg, w, visit)) in parts.iter().enumerate() {
            if i > 0 {
                clock += leg;
            }
            let end = clock.max(w.open) + visit;
            if end > w.close {
                return None;
            }
            clock = end;
        }
        Some(clock)
    }

    fn concat(parts: &[(Minutes, Window, Minutes)]) -> Option<Segment> {
        let mut seg = Segment::visit(parts[0].1, parts[0].2)?;
        for &(leg, w, visit) in &parts[1..] {
            seg = seg.then(leg, Segment::visit(w, visit)?)?;
        }
        Some(seg)
    }

    #[test]
    fn concatenation_agrees_with_the_forward_pass() {
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let (mut fitting, mut waiting) = (0, 0);
        for _ in 0..20_000 {
            let parts = random_parts(&mut rng);
            let seg = concat(&parts);
            for start in (0..400).step_by(7) {
                let want = forward(start, &parts);
                assert_eq!(seg.and_then(|s| s.end(start)), want, "{parts:?} at {start}");
                fitting += usize::from(want.is_some());
            }
            waiting += usize::from(seg.is_some_and(|s| s.early > s.late));
        }
        assert!(fitting > 10_000 && waiting > 100, "{fitting} {waiting}");
    }

    #[test]
    fn concatenation_is_associative() {
        let mut rng = ChaCha8Rng::seed_from_u64(2);
        let mut both = 0;
        for _ in 0..20_000 {
            let parts = random_parts(&mut rng);
            let seg = |i: usize| Segment::visit(parts[i].1, parts[i].2);
            if parts.len() < 3 {
                continue;
            }
            let (ab, bc) = (parts[1].0, parts[2].0);
            let left = seg(0)
                .zip(seg(1))
                .and_then(|(a, b)| a.then(ab, b))
                .zip(seg(2))
                .and_then(|(x, c)| x.then(bc, c));
            let right = seg(1)
                .zip(seg(2))
                .and_then(|(b, c)| b.then(bc, c))
                .zip(seg(0))
                .and_then(|(y, a)| a.then(ab, y));
            assert_eq!(left, right, "{parts:?}");
            both += usize::from(left.is_some());
        }
        assert!(both > 100);
    }

    #[test]
    fn overflow_is_infeasible() {
        let all = Window {
            open: 0,
            close: Minutes::MAX,
        };
        let v = Segment::visit(all, 10).unwrap();
        assert_eq!(v.then(Minutes::MAX, v), None);
        assert_eq!(Segment::visit(all, Minutes::MAX).unwrap().end(1), None);
        assert!(!one_stop_fits(all, Minutes::MAX, all, 1, 0));
        assert!(one_stop_fits(all, 5, all, 1, 5));
    }

    #[test]
    fn leaving_later_avoids_only_the_first_wait() {
        let shift = Window::new(480, 900);
        assert_eq!(depart(480, 600, 30), 570);
        assert_eq!(depart(480, 490, 30), 480);
        assert_eq!(depart(480, 10, 30), 480);
        assert!(one_stop_fits(shift, 30, Window::new(600, 700), 60, 30));
        assert!(!one_stop_fits(shift, 30, Window::new(600, 700), 60, 300));
    }

    /// Trip minutes from the segments agree with the stops of the forward pass, and both
    /// agree on which trips fit.
    #[test]
    fn trip_minutes_agree_with_the_stops() {
        use crate::synthetic::{Shape, random_problem};
        let shape = Shape {
            sites: 30,
            teams: 2,
            days: 10,
            area_km: 20.0,
        };
        let p = random_problem(7, &shape)
            .edited(|p| {
                for s in &mut p.sites {
                    s.min_stay = 15 + (s.min_stay % 5) * 10;
                }
            })
            .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut fitting, mut missing) = (0, 0);
        for _ in 0..5_000 {
            let (t, d) = (rng.random_range(0..2), rng.random_range(0..10));
            let sites: Vec<usize> = (0..rng.random_range(1..7))
                .map(|_| rng.random_range(0..30))
                .collect();
            let stops = timed(&p, t, d, &sites);
            let from_stops = stops.as_ref().map(|st| {
                let (first, last) = (st[0], st[st.len() - 1]);
                last.end + p.site_to_base(last.site, t)
                    - (first.arrive - p.base_to_site(t, first.site))
            });
            assert_eq!(duration(&p, t, d, &sites), from_stops, "{sites:?}");
            assert_eq!(fits(&p, t, d, &sites), stops.is_some());
            fitting += usize::from(stops.is_some());
            missing += usize::from(stops.is_none() && p.shift(t, d).is_some());
        }
        assert!(fitting > 200 && missing > 200, "{fitting} {missing}");
    }
}

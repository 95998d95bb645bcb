//! How long to stay at each stop of a fixed route: the one owner of that decision, used by
//! every strategy whenever a route changes.
//!
//! A route's order is fixed; each stop `i` may stay between its site's shortest and longest
//! stay, and the trip must keep every window and the shift (the rule of
//! [`crate::schedule`]). The gain of a stop is a concave, non-decreasing function of its
//! stay (see [`crate::response`]), and the sites of one route are distinct, so the gains
//! separate by stop. The feasible stays form a polymatroid: the constraints are "the stays
//! of stops `i..=j`, with the legs between, fit between the earliest start of `i` and the
//! latest end of `j`", one per interval of stops, and their right-hand sides are modular on
//! crossing intervals (the legs add up). Over a polymatroid the greedy algorithm is exact for
//! separable concave gains: give the next minutes to the stop whose gain per minute is the
//! highest, as long as the trip still fits; a stop that cannot grow never can again.
//!
//! Minutes go out in steps of [`STEP`] (shorter at the end of a stop's room), so stays are
//! optimal among stays on that grid and times stay readable ("09:05–11:40").

use crate::plan::Stop;
use crate::problem::{Minutes, Problem, Window};
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// Minutes handed out at a time.
pub const STEP: Minutes = 5;

/// A stop's next step in [`best`]: ordered by gain per minute, then the lower stop first.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    per: f64,
    stop: usize,
    step: Minutes,
    gain: f64,
    version: u32,
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        self.per
            .total_cmp(&other.per)
            .then_with(|| other.stop.cmp(&self.stop))
    }
}

/// The stays chosen for a route, with what one more minute of the route would be worth.
#[derive(Debug, Clone, PartialEq)]
pub struct Stays {
    pub stays: Vec<Minutes>,
    /// Gain of each stop at its stay, as given by the value function.
    pub values: Vec<f64>,
    /// Gain per minute of the cheapest last step given to any stop (what taking minutes
    /// away from this route costs at least, per minute); 0 when no stop grew.
    pub rate: f64,
    /// Minutes of the shift the trip leaves unused (waits inside do not count as unused).
    pub spare: Minutes,
}

/// Earliest times of a trip with `stays`: per stop its start, and the return; `None` when
/// a window or the shift is missed.
struct Pass {
    start: Vec<Minutes>,
    /// Latest end of each stop for which the rest of the trip (at its stays) still fits.
    latest_end: Vec<Minutes>,
    depart: Minutes,
    back: Minutes,
}

/// The places and windows of a route: what timing needs.
struct Route {
    shift: Window,
    windows: Vec<Window>,
    /// `legs[i]`: into stop `i`; `legs[n]`: home.
    legs: Vec<Minutes>,
}

impl Route {
    fn new(p: &Problem, team: usize, day: usize, sites: &[usize]) -> Option<Route> {
        let shift = p.shift(team, day)?;
        let mut windows = Vec::with_capacity(sites.len());
        let mut legs = Vec::with_capacity(sites.len() + 1);
        let base = p.team_place(team);
        let mut at = base;
        for &s in sites {
            windows.push(p.site_window(s, day)?);
            let to = p.site_place(s);
            legs.push(p.travel.minutes(at, to));
            at = to;
        }
        legs.push(p.travel.minutes(at, base));
        Some(Route {
            shift,
            windows,
            legs,
        })
    }

    fn pass(&self, stays: &[Minutes]) -> Option<Pass> {
        let n = stays.len();
        let mut start = Vec::with_capacity(n);
        let mut clock = self.shift.open;
        let mut depart = self.shift.open;
        for (i, &stay) in stays.iter().enumerate() {
            let arrive = clock.checked_add(self.legs[i])?;
            let w = self.windows[i];
            let s = arrive.max(w.open);
            if i == 0 {
                depart = s - self.legs[0];
            }
            let end = s.checked_add(stay)?;
            if end > w.close {
                return None;
            }
            start.push(s);
            clock = end;
        }
        let back = clock.checked_add(self.legs[n])?;
        if back > self.shift.close {
            return None;
        }
        let mut latest_end = vec![0; n];
        let mut limit = self.shift.close - self.legs[n];
        for i in (0..n).rev() {
            let e = limit.min(self.windows[i].close);
            latest_end[i] = e;
            // The latest start of stop i, less the leg into it, bounds the end before it.
            limit = (e - stays[i]).saturating_sub(self.legs[i]);
        }
        Some(Pass {
            start,
            latest_end,
            depart,
            back,
        })
    }
}

/// The best stays for `sites` in this order for team `team` on day `day`, within each
/// site's shortest and longest stay; `value(i, stay)` is the gain of stop `i` at that stay
/// (concave and non-decreasing in the stay). `None` when the route does not fit even at the
/// shortest stays.
pub fn best(
    p: &Problem,
    team: usize,
    day: usize,
    sites: &[usize],
    mut value: impl FnMut(usize, Minutes) -> f64,
) -> Option<Stays> {
    let route = Route::new(p, team, day, sites)?;
    let n = sites.len();
    let mut stays: Vec<Minutes> = sites.iter().map(|&s| p.sites[s].min_stay).collect();
    let mut pass = route.pass(&stays)?;
    let mut values: Vec<f64> = (0..n).map(|i| value(i, stays[i])).collect();
    // Per stop: the step last priced and its gain, so a stop is re-priced only when its
    // step changes.
    let mut priced: Vec<Option<(Minutes, f64)>> = vec![None; n];
    let mut rate = f64::INFINITY;
    // Rooms (how much longer a stop may stay, the rest of the trip unchanged) only shrink as
    // stays grow, and a step of δ minutes shrinks every room by at most δ. So after the
    // rooms are measured, while `given` minutes handed out since leave every growing stop a
    // room of at least STEP, the steps are those of the measured rooms and the trip needs no
    // new pass: the picks are exactly those of re-timing after every step, with a handful
    // of passes instead of one per step on routes whose stops share one slack. Between two
    // passes only the stop that grew changes its next step, so the candidates sit in a heap
    // (best gain per minute first, the lower stop on ties, as a scan in stop order picks).
    let mut room: Vec<Minutes> = Vec::with_capacity(n);
    let mut floor = Minutes::MAX;
    let mut given: Minutes = 0;
    let mut measured = false;
    let mut heap: BinaryHeap<Candidate> = BinaryHeap::with_capacity(n);
    // Version of each stop's entry; older entries in the heap are stale.
    let mut version: Vec<u32> = vec![0; n];
    // The next step of stop `i` as a heap entry, if it gains.
    let mut candidate = |i: usize,
                         room: &[Minutes],
                         given: Minutes,
                         stays: &[Minutes],
                         values: &[f64],
                         version: u32,
                         grew: bool|
     -> Option<Candidate> {
        // Exact right after a pass; otherwise at least STEP for a growing stop, so the step
        // is the same.
        if grew {
            priced[i] = None;
        }
        let step = STEP
            .min(room[i].saturating_sub(given))
            .min(p.sites[sites[i]].max_stay.saturating_sub(stays[i]));
        if step == 0 {
            return None;
        }
        let gain = match priced[i] {
            Some((s, g)) if s == step => g,
            _ => {
                let g = value(i, stays[i] + step);
                priced[i] = Some((step, g));
                g
            }
        };
        let per = (gain - values[i]) / step as f64;
        (per > 1e-12).then_some(Candidate {
            per,
            stop: i,
            step,
            gain,
            version,
        })
    };
    loop {
        if !measured || floor < given.saturating_add(STEP) {
            if measured {
                pass = route
                    .pass(&stays)
                    .expect("a step within the stop's room keeps the trip feasible");
            }
            room.clear();
            room.extend(
                (0..n).map(|i| pass.latest_end[i].saturating_sub(pass.start[i] + stays[i])),
            );
            floor = (0..n)
                .filter(|&i| room[i] > 0 && stays[i] < p.sites[sites[i]].max_stay)
                .map(|i| room[i])
                .min()
                .unwrap_or(Minutes::MAX);
            given = 0;
            measured = true;
            heap.clear();
            for (i, v) in version.iter_mut().enumerate().take(n) {
                *v += 1;
                if let Some(c) = candidate(i, &room, given, &stays, &values, *v, false) {
                    heap.push(c);
                }
            }
        }
        let Some(Candidate {
            stop: i,
            step,
            gain,
            per,
            ..
        }) = std::iter::from_fn(|| heap.pop()).find(|c| c.version == version[c.stop])
        else {
            break;
        };
        stays[i] += step;
        values[i] = gain;
        rate = rate.min(per);
        given += step;
        version[i] += 1;
        // Its stay changed: price its next step afresh.
        if let Some(c) = candidate(i, &room, given, &stays, &values, version[i], true) {
            heap.push(c);
        }
    }
    let pass = route
        .pass(&stays)
        .expect("a step within the stop's room keeps the trip feasible");
    let spare = route.shift.len() - (pass.back - pass.depart);
    Some(Stays {
        stays,
        values,
        rate: if rate.is_finite() { rate } else { 0.0 },
        spare,
    })
}

/// Earliest-start timing of `sites` with `stays` for team `t` on day `d`: `None` when a
/// site is closed that day, a window is missed, or the team cannot be back in time. The team
/// leaves its base later rather than wait at the first site.
pub fn timed(
    p: &Problem,
    t: usize,
    d: usize,
    sites: &[usize],
    stays: &[Minutes],
) -> Option<Vec<Stop>> {
    let route = Route::new(p, t, d, sites)?;
    let pass = route.pass(stays)?;
    let mut clock = pass.depart;
    Some(
        sites
            .iter()
            .enumerate()
            .map(|(i, &site)| {
                let arrive = clock + route.legs[i];
                let start = pass.start[i];
                clock = start + stays[i];
                Stop {
                    site,
                    arrive: arrive.min(start),
                    start,
                    end: clock,
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// Concave gains: `a · (1 − e^(−s/τ))`.
    fn gains(rng: &mut ChaCha8Rng, n: usize) -> Vec<(f64, f64)> {
        (0..n)
            .map(|_| (rng.random_range(10.0..200.0), rng.random_range(20.0..200.0)))
            .collect()
    }

    fn value(g: &[(f64, f64)], i: usize, s: Minutes) -> f64 {
        g[i].0 * (1.0 - (-(s as f64) / g[i].1).exp())
    }

    /// On random short routes, the greedy stays are as good as every combination of stays
    /// on the grid (exhaustive), and the timing they give fits.
    #[test]
    fn greedy_stays_are_optimal_on_the_grid() {
        let p = random_problem(
            11,
            &Shape {
                sites: 12,
                teams: 1,
                days: 3,
                area_km: 10.0,
            },
        )
        .edited(|q| {
            for (i, s) in q.sites.iter_mut().enumerate() {
                s.min_stay = 30 + 5 * (i as Minutes % 4);
                s.max_stay = s.min_stay + 60 + 5 * (i as Minutes % 7);
                s.window =
                    Window::new(480 + 10 * (i as Minutes % 3), 900 - 20 * (i as Minutes % 5));
            }
        })
        .unwrap();
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let (mut tried, mut tight) = (0, 0);
        for _ in 0..300 {
            let n = rng.random_range(1..=3);
            let mut sites: Vec<usize> = (0..p.sites.len()).collect();
            for i in 0..n {
                let j = rng.random_range(i..sites.len());
                sites.swap(i, j);
            }
            sites.truncate(n);
            let g = gains(&mut rng, n);
            let Some(best) = best(&p, 0, 0, &sites, |i, s| value(&g, i, s)) else {
                continue;
            };
            tried += 1;
            let route = Route::new(&p, 0, 0, &sites).unwrap();
            // Every grid combination: min + k·STEP, and the max.
            let grid: Vec<Vec<Minutes>> = sites
                .iter()
                .map(|&s| {
                    let (lo, hi) = (p.sites[s].min_stay, p.sites[s].max_stay);
                    (lo..=hi)
                        .filter(|x| (x - lo) % STEP == 0 || *x == hi)
                        .collect()
                })
                .collect();
            let mut top = f64::NEG_INFINITY;
            let mut idx = vec![0usize; n];
            loop {
                let stays: Vec<Minutes> = (0..n).map(|i| grid[i][idx[i]]).collect();
                if route.pass(&stays).is_some() {
                    top = top.max((0..n).map(|i| value(&g, i, stays[i])).sum());
                }
                let mut k = 0;
                while k < n {
                    idx[k] += 1;
                    if idx[k] < grid[k].len() {
                        break;
                    }
                    idx[k] = 0;
                    k += 1;
                }
                if k == n {
                    break;
                }
            }
            let got: f64 = best.values.iter().sum();
            // The greedy may end between grid points (a stop's room); it never loses to the grid.
            assert!(got >= top - 1e-6 * top.max(1.0), "{sites:?} {got} < {top}");
            let stops = timed(&p, 0, 0, &sites, &best.stays).unwrap();
            assert!(
                stops
                    .iter()
                    .zip(&best.stays)
                    .all(|(s, &x)| s.end - s.start == x)
            );
            tight += usize::from(
                best.rate > 0.0
                    && best
                        .stays
                        .iter()
                        .zip(&sites)
                        .any(|(&x, &s)| x < p.sites[s].max_stay),
            );
        }
        assert!(tried > 100 && tight > 20, "{tried} {tight}");
    }
}

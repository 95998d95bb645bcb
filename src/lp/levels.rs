//! What staying longer than a site's shortest stay can add to one visit, as a few stay
//! levels: the relaxation's visit columns (docs/bound.md, "Stays").
//!
//! A visit of a team with desk rate `c` (activations a minute) to a site whose turnout is
//! `P` (people who would come to a stay without end) brings `min(c·t, P·f(t))` for a stay
//! of `t` minutes, `f(t) = 1 − e^(−t/τ)`. Staying `t` instead of the shortest stay `m`
//! adds
//!
//! ```text
//! h(c, P, t) = min(c·t, P·f(t)) − min(c·m, P·f(m))
//! ```
//!
//! which is non-decreasing in `P` and, in `c`, rises up to `c = P·f(t)/t` and falls after
//! it. So no visit, by any team (`c ≤ c_max`) at any point of the site's history
//! (`P ≤ reach · pool`, the first visit's turnout), adds more than
//!
//! ```text
//! E(t) = c_max · (t − m)          when c_max ≤ P·f(t)/t
//!        P · f(t) · (1 − m/t)     otherwise,              P = reach · pool.
//! ```
//!
//! The relaxation needs that as a concave piecewise-linear function with few pieces: the
//! upper concave hull of `E` at every whole minute from `m` to the longest stay, then the
//! lower envelope of a few lines that support the hull. The envelope lies above the hull,
//! hence above `E` at every whole minute; its vertices are the stay levels.

use crate::problem::{Minutes, Site};
use crate::response;

/// Lines supporting the hull that make up the envelope (evenly spread over the stays).
const LINES: usize = 3;
/// Fewest minutes between two levels.
const CLOSEST: f64 = 20.0;

/// One stay level: minutes beyond the shortest stay, and the most they add to any visit
/// (unweighted).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Level {
    pub extra: f64,
    pub gain: f64,
}

/// The most staying `t` minutes instead of the shortest stay adds to any visit of `site`
/// by a team of at most `staff` (see the module documentation).
pub fn extension_bound(site: &Site, staff: impl Into<response::Crew>, t: Minutes) -> f64 {
    let m = site.min_stay;
    if t <= m {
        return 0.0;
    }
    let c = response::capacity(site, staff, 1);
    let p = response::demand(site, 1, site.pool);
    let f = response::arrived(site, t);
    let t = t as f64;
    if c * t <= p * f {
        c * (t - m as f64)
    } else {
        p * f * (1.0 - m as f64 / t)
    }
}

/// The stay levels of `site` up to `longest` minutes: the first is the shortest stay
/// (nothing added), the last the longest; linear between two levels, they bound
/// [`extension_bound`] at every whole minute.
pub fn levels(site: &Site, staff: impl Into<response::Crew>, longest: Minutes) -> Vec<Level> {
    let staff = staff.into();
    let m = site.min_stay;
    let first = Level {
        extra: 0.0,
        gain: 0.0,
    };
    if longest <= m {
        return vec![first];
    }
    // Upper concave hull of the whole-minute points (monotone chain).
    let mut hull: Vec<(f64, f64)> = Vec::new();
    for t in m..=longest {
        let q = ((t - m) as f64, extension_bound(site, staff, t));
        while hull.len() >= 2 {
            let (a, b) = (hull[hull.len() - 2], hull[hull.len() - 1]);
            // b lies on or below the chord a–q: not a vertex of the upper hull.
            if (b.1 - a.1) * (q.0 - a.0) <= (q.1 - a.1) * (b.0 - a.0) {
                hull.pop();
            } else {
                break;
            }
        }
        hull.push(q);
    }
    let span = (longest - m) as f64;
    if hull.len() == 2 || hull.iter().all(|&(_, g)| g <= 0.0) {
        let last = hull[hull.len() - 1];
        return vec![
            first,
            Level {
                extra: span,
                gain: last.1,
            },
        ];
    }
    // Supporting lines: the hull's edge under each of LINES evenly spread points.
    let mut lines: Vec<(f64, f64)> = Vec::with_capacity(LINES);
    for k in 0..LINES {
        let x = span * k as f64 / (LINES - 1) as f64;
        let e = hull
            .windows(2)
            .position(|w| x < w[1].0)
            .unwrap_or(hull.len() - 2);
        let (a, b) = (hull[e], hull[e + 1]);
        let slope = (b.1 - a.1) / (b.0 - a.0);
        let line = (slope, a.1 - slope * a.0);
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    // Levels closer than CLOSEST minutes make nearly equal columns, which an interior
    // point handles badly: drop a line that makes them (never the first, which goes
    // through the shortest stay at 0). Fewer supporting lines lie higher: still a bound.
    let xs = loop {
        let xs = kinks(&lines, span);
        let close = xs.windows(2).position(|w| w[1] - w[0] < CLOSEST);
        match close {
            Some(i) if lines.len() > 1 => {
                lines.remove(i.clamp(1, lines.len() - 1));
            }
            _ => break xs,
        }
    };
    let at = |x: f64| {
        lines
            .iter()
            .map(|&(s, c)| c + s * x)
            .fold(f64::INFINITY, f64::min)
    };
    xs.into_iter()
        .map(|x| Level {
            extra: x,
            gain: if x == 0.0 { 0.0 } else { at(x).max(0.0) },
        })
        .collect()
}

/// Where the lower envelope of `lines` (by decreasing slope, each supporting a concave
/// hull on `[0, span]`) bends, with 0 and `span` at the ends.
fn kinks(lines: &[(f64, f64)], span: f64) -> Vec<f64> {
    let mut xs = vec![0.0];
    for w in lines.windows(2) {
        let ((s1, c1), (s2, c2)) = (w[0], w[1]);
        if s1 > s2 {
            let x = (c2 - c1) / (s1 - s2);
            if x > xs[xs.len() - 1] && x < span {
                xs.push(x);
            }
        }
    }
    xs.push(span);
    xs
}

/// The levels' bound at `extra` minutes beyond the shortest stay: linear between levels.
#[cfg(test)]
fn at(levels: &[Level], extra: f64) -> f64 {
    for w in levels.windows(2) {
        if extra <= w[1].extra {
            let (a, b) = (w[0], w[1]);
            let u = (extra - a.extra) / (b.extra - a.extra);
            return a.gain + u * (b.gain - a.gain);
        }
    }
    levels.last().map_or(0.0, |l| l.gain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::SiteProgress;
    use crate::synthetic::{Shape, random_problem};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// On random sites, teams and histories, what a longer stay adds to a visit never
    /// exceeds the bound, and the levels never fall below the bound.
    #[test]
    fn levels_bound_what_a_longer_stay_adds() {
        let p = random_problem(5, &Shape::default());
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        let mut tight = 0;
        for _ in 0..400 {
            let mut site = p.sites[rng.random_range(0..p.sites.len())].clone();
            site.min_stay = rng.random_range(10..120);
            site.max_stay = site.min_stay + rng.random_range(0..400);
            site.turnout_minutes = if rng.random_bool(0.2) {
                0.0
            } else {
                rng.random_range(10.0..300.0)
            };
            site.reach = rng.random_range(0.01..1.0);
            site.fatigue = rng.random_range(0.3..1.0);
            site.minutes_per_activation = rng.random_range(1.0..15.0);
            site.pool = rng.random_range(10.0..5000.0);
            let staff_max = rng.random_range(1..6);
            let levels = levels(&site, staff_max, site.max_stay);
            assert_eq!(levels[0].extra, 0.0);
            assert!(levels.len() <= LINES + 1, "{levels:?}");
            let mut at_site = SiteProgress::new(&site);
            for _ in 0..rng.random_range(0..4) {
                at_site.visit(&site, rng.random_range(1..=staff_max), site.max_stay);
            }
            let staff = rng.random_range(1..=staff_max);
            let short = at_site.next_gain(&site, staff, site.min_stay);
            for t in site.min_stay..=site.max_stay {
                let bound = extension_bound(&site, staff_max, t);
                let added = at_site.next_gain(&site, staff, t) - short;
                assert!(added <= bound + 1e-9 * bound.max(1.0), "{added} > {bound}");
                let lv = at(&levels, (t - site.min_stay) as f64);
                assert!(lv >= bound - 1e-9 * bound.max(1.0), "{t}: {lv} < {bound}");
                tight += usize::from(added > 0.9 * bound && added > 1.0);
            }
        }
        assert!(tight > 1000, "the bound is attained often: {tight}");
    }
}

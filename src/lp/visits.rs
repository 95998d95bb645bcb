//! A site's own part of the dual function, solved with the response model itself rather
//! than the relaxation's gain segments and stay levels (docs/bound.md, "The site's own
//! subproblem").
//!
//! For prices on the month rows, a site chooses how many visits to take in each month
//! (within the month's cap and its maximum visits) and how long each stays, to maximise
//! what the visits bring less what they pay. Two bounds on what the `n`-th visit (in date
//! order) can bring make that a small exact problem:
//!
//! * **Turnout.** Before visit `n` at most `R_n` residents are unactivated: `R_1` is the
//!   pool, and every earlier visit activated at least what the smallest team brings at
//!   the shortest stay, `R_{n+1} = R_n − min(c_min·m, a_n·R_n·f(m))`. The map
//!   `r ↦ r − min(c·t, a·r·f(t))` is non-decreasing in `r` (as long as `a·f ≤ 1`) and
//!   non-increasing in `c` and `t`, so by induction no plan leaves more. Hence the visit
//!   brings at most `u_n(t) = min(c_max·t, P_n·f(t))`, `P_n = a_n·R_n`,
//!   `a_n = reach·fatigue^(n−1)`, whatever the other visits do.
//! * **Pairing.** A visit in month `k` with a stay `t` pays `A_k + B_k·(t − m)` (its
//!   team-minutes, team-day share and slot rows at the month's prices). Forgetting that
//!   visit numbers follow the calendar only enlarges the choice, and then the best
//!   assignment of the numbers to the chosen month slots is the sorted one: `w(P, B) =
//!   max_t [u(P, t) − B·(t − m)]` has increasing differences in `(P, −B)` (the best stay
//!   grows as `B` falls, and `∂u/∂P = f(t)·[P·f(t) < c·t]` grows with `t`), so the
//!   largest turnouts go with the cheapest minutes. A dynamic programme over the months
//!   in order of `B` then gives the exact optimum of the enlarged problem.
//!
//! The best stay for one (`P`, `B`) is found exactly: `u − B·t` is concave in `t`, so its
//! maximum over `[m, T]` is at an end, at the kink `c·t = P·f(t)`, or where
//! `P·f′(t) = B`.

use crate::problem::Site;
use crate::response;

/// What a site's visits can bring, as the subproblem needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Visits {
    /// The site's weight in the objective.
    pub weight: f64,
    /// Activations a minute of the largest team's desk.
    pub desk: f64,
    /// Turnout time constant τ (0: everyone comes at once).
    pub tau: f64,
    /// Shortest and longest possible stay, minutes.
    pub shortest: f64,
    pub longest: f64,
    /// `P_n` for visits `n = 1..`, non-increasing (unweighted turnout with an endless stay).
    pub turnout: Vec<f64>,
    /// Per visit: the stay at which the desk and the turnout bring the same (`c·t = P·f(t)`;
    /// `f64::INFINITY` when the desk binds at every stay), to within [`KINK_TOLERANCE`].
    pub kink: Vec<f64>,
    /// Per visit: the bound's value at the shortest stay, the longest, and the kink clamped
    /// to them (the price-free candidates of [`Visits::best`], computed once).
    at_shortest: Vec<f64>,
    at_longest: Vec<f64>,
    at_kink: Vec<Option<(f64, f64)>>,
    /// For the calendar-order programme ([`sequence`]): the pool, `reach · fatigue^(n−1)`
    /// per visit, and the smallest crew's activations a minute.
    pool: f64,
    rates: Vec<f64>,
    desk_min: f64,
}

/// Minutes within which the kink is located.
const KINK_TOLERANCE: f64 = 1e-9;

impl Visits {
    /// The bounds of `site` for up to `visits` visits by teams of `smallest..=largest`
    /// staff, stays up to `longest` minutes.
    pub fn new(
        site: &Site,
        smallest: impl Into<response::Crew>,
        largest: impl Into<response::Crew>,
        visits: u32,
        longest: f64,
    ) -> Visits {
        let desk = response::capacity(site, largest, 1);
        let least = response::capacity(site, smallest, site.min_stay);
        let at_shortest = response::arrived(site, site.min_stay);
        let mut turnout = Vec::with_capacity(visits as usize);
        let mut remaining = site.pool.max(0.0);
        let mut shrinks = true;
        for n in 1..=visits {
            let a = response::turnout_rate(site, n);
            turnout.push(a * remaining);
            // With a·f > 1 the map is not monotone: keep the whole pool (remaining never
            // exceeds it).
            shrinks &= a * at_shortest <= 1.0;
            if shrinks {
                remaining -= least.min(a * remaining * at_shortest);
                remaining = remaining.max(0.0);
            } else {
                remaining = site.pool.max(0.0);
            }
        }
        // Later visits could in principle see a larger bound when the map stops shrinking:
        // keep the sequence non-increasing by a running maximum from the end (still ≥ each
        // visit's own bound).
        for n in (0..turnout.len().saturating_sub(1)).rev() {
            turnout[n] = turnout[n].max(turnout[n + 1]);
        }
        let tau = site.turnout_minutes.max(0.0);
        let kink: Vec<f64> = turnout.iter().map(|&p| kink(desk, p, tau)).collect();
        let rates: Vec<f64> = (1..=visits)
            .map(|n| response::turnout_rate(site, n))
            .collect();
        let desk_min = least / f64::from(site.min_stay.max(1));
        let mut v = Visits {
            weight: site.weight,
            desk,
            tau,
            shortest: site.min_stay as f64,
            longest: longest.max(site.min_stay as f64),
            turnout,
            kink,
            at_shortest: Vec::new(),
            at_longest: Vec::new(),
            at_kink: Vec::new(),
            pool: site.pool.max(0.0),
            rates,
            desk_min,
        };
        let (m, big_t) = (v.shortest, v.longest);
        v.at_shortest = (0..v.turnout.len()).map(|n| v.gain(n, m)).collect();
        v.at_longest = (0..v.turnout.len()).map(|n| v.gain(n, big_t)).collect();
        v.at_kink = (0..v.turnout.len())
            .map(|n| {
                let k = v.kink[n];
                k.is_finite().then(|| {
                    let t = k.clamp(m, big_t);
                    (t, v.gain(n, t))
                })
            })
            .collect();
        v
    }

    fn arrived(&self, t: f64) -> f64 {
        if self.tau <= 0.0 {
            1.0
        } else {
            -(-t / self.tau).exp_m1()
        }
    }

    /// Weighted bound on visit `n` (0-based) with a stay of `t` minutes.
    pub fn gain(&self, n: usize, t: f64) -> f64 {
        self.weight * (self.desk * t).min(self.turnout[n] * self.arrived(t))
    }

    /// The most visit `n` (0-based) brings less `price` per minute beyond the shortest
    /// stay, and the stay's minutes beyond the shortest: `max over t in [m, T]` of
    /// `gain(n, t) − price·(t − m)`. The value is raised by what locating the kink to
    /// [`KINK_TOLERANCE`] could miss, so it is never below the exact maximum.
    pub fn best(&self, n: usize, price: f64) -> (f64, f64) {
        let (m, big_t) = (self.shortest, self.longest);
        let (mut best, mut at) = (self.at_shortest[n], m);
        let v = self.at_longest[n] - price * (big_t - m);
        if v > best {
            (best, at) = (v, big_t);
        }
        if let Some((t, g)) = self.at_kink[n] {
            let v = g - price * (t - m);
            if v > best {
                (best, at) = (v, t);
            }
        }
        // Where the turnout's slope W·P·e^(−t/τ)/τ meets the price: there e^(−t/τ) is
        // τ·price/(W·P), so f(t) needs no exponential (clamped stays are the ends above).
        let top = self.weight * self.turnout[n];
        if self.tau > 0.0 && price > 0.0 && top > 0.0 {
            let ratio = self.tau * price / top;
            let t = -self.tau * ratio.ln();
            if t > m && t < big_t {
                let arrived = 1.0 - ratio;
                let v =
                    self.weight * (self.desk * t).min(self.turnout[n] * arrived) - price * (t - m);
                if v > best {
                    (best, at) = (v, t);
                }
            }
        }
        let slack = (self.weight * self.desk + price) * KINK_TOLERANCE;
        (best + slack, at - m)
    }
}

/// The stay at which `c·t = P·f(t)` (below it the turnout brings more than the desk can
/// serve); infinite when the desk binds at every stay (`c ≤ P/τ` fails: `c·t < P·f(t)`
/// near 0 only when `c < P/τ`).
fn kink(c: f64, p: f64, tau: f64) -> f64 {
    if c <= 0.0 || p <= 0.0 {
        return 0.0;
    }
    if tau <= 0.0 {
        return p / c;
    }
    if c * tau >= p {
        // c·t ≥ P·t/τ ≥ P·f(t): the turnout binds from the start.
        return 0.0;
    }
    // c·t − P·f(t) is negative just above 0 and positive beyond P/c.
    let g = |t: f64| c * t + p * (-t / tau).exp_m1();
    let (mut lo, mut hi) = (0.0f64, p / c);
    while hi - lo > KINK_TOLERANCE * (1.0 + hi) {
        let mid = 0.5 * (lo + hi);
        if g(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// A month the site may be visited in, priced: `fixed` for a visit at the shortest stay,
/// `per_minute` for each minute beyond it, at most `cap` visits.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offer {
    pub month: usize,
    pub cap: u32,
    pub fixed: f64,
    pub per_minute: f64,
}

/// The site's best choice: its value (what the visits bring less what they pay) and per
/// month the visits taken and their minutes beyond the shortest stays.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Choice {
    pub value: f64,
    pub taken: Vec<(usize, u32, f64)>,
}

/// Working memory of [`solve`], kept between sites so that the dual function allocates
/// nothing per site.
#[derive(Debug, Default)]
pub struct Scratch {
    value: Vec<f64>,
    next: Vec<f64>,
    took: Vec<u32>,
    extra: Vec<f64>,
    net: Vec<f64>,
}

/// The exact optimum of the enlarged site problem (module docs): months in order of their
/// price per minute, visit numbers handed out in that order, a dynamic programme over how
/// many each month takes. `offers` is reordered.
pub fn solve(v: &Visits, offers: &mut [Offer], w: &mut Scratch) -> Choice {
    let k = v.turnout.len();
    if k == 0 || offers.is_empty() {
        return Choice::default();
    }
    offers.sort_by(|a, b| {
        a.per_minute
            .total_cmp(&b.per_minute)
            .then(a.month.cmp(&b.month))
    });
    let months = offers.len();
    // value[n]: best with n visit numbers used by the months so far.
    w.value.clear();
    w.value.resize(k + 1, f64::NEG_INFINITY);
    w.value[0] = 0.0;
    w.next.clear();
    w.next.resize(k + 1, f64::NEG_INFINITY);
    // took[i·(k+1) + n]: visits month i took in the best way to reach n after it; extra[i·k
    // + n]: the minutes beyond the shortest stay of visit number n in month i.
    w.took.clear();
    w.took.resize(months * (k + 1), 0);
    w.extra.clear();
    w.extra.resize(months * k, 0.0);
    w.net.clear();
    w.net.resize(k, f64::NEG_INFINITY);
    for (i, o) in offers.iter().enumerate() {
        // Net value of visit number n in this month. It does not increase with n (the
        // turnout bounds do not), so the numbers from the first that gains nothing on are
        // never worth taking here: leaving such a visit out only moves the later months'
        // visits to earlier numbers, which gain at least as much.
        let mut useful = 0;
        while useful < k {
            let (g, e) = v.best(useful, o.per_minute);
            if g - o.fixed <= 0.0 {
                break;
            }
            w.net[useful] = g - o.fixed;
            w.extra[i * k + useful] = e;
            useful += 1;
        }
        w.next.copy_from_slice(&w.value);
        let took = &mut w.took[i * (k + 1)..(i + 1) * (k + 1)];
        for n in 0..useful {
            if w.value[n] == f64::NEG_INFINITY {
                continue;
            }
            let mut sum = w.value[n];
            for q in 1..=(o.cap as usize).min(useful - n) {
                sum += w.net[n + q - 1];
                if sum > w.next[n + q] {
                    w.next[n + q] = sum;
                    took[n + q] = q as u32;
                }
            }
        }
        std::mem::swap(&mut w.value, &mut w.next);
    }
    let value = &w.value;
    let (mut n, best) = value
        .iter()
        .copied()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
        .expect("k + 1 ≥ 1 entries");
    let mut taken = Vec::new();
    for i in (0..months).rev() {
        let q = w.took[i * (k + 1) + n] as usize;
        if q > 0 {
            let minutes: f64 = w.extra[i * k + n - q..i * k + n].iter().sum();
            taken.push((offers[i].month, q as u32, minutes));
            n -= q;
        }
    }
    Choice { value: best, taken }
}

/// Pool levels of the calendar-order programme: the unactivated residents before a visit
/// are rounded up to one of `POOL_LEVELS + 1` evenly spaced values from 0 to the pool.
const POOL_LEVELS: usize = 64;

/// Stay intervals of the calendar-order programme: `[m, T]` in this many equal parts.
const STAY_PARTS: usize = 8;

/// Working memory of [`sequence`].
#[derive(Debug, Default)]
pub struct SequenceScratch {
    next: Vec<f64>,
    layer: Vec<f64>,
    fresh: Vec<f64>,
    kinks: Vec<f64>,
}

/// The most `u(P, t) − B·(t − m)` takes over stays `t ∈ [lo, hi]`, where
/// `u = W·min(c·t, P·f(t))`, given `f` at both ends and the kink `c·t = P·f(t)`: the
/// function is concave in `t`, so the maximum is at an end, the kink (where both terms are
/// `c·t`) or where the turnout's slope meets the price (there `f = 1 − τ·B/(W·P)`): no
/// exponential is needed.
fn best_between(v: &Visits, p: f64, kink: f64, price: f64, ends: [(f64, f64); 2]) -> f64 {
    let m = v.shortest;
    let [(lo, f_lo), (hi, f_hi)] = ends;
    let value = |t: f64, f: f64| v.weight * (v.desk * t).min(p * f) - price * (t - m);
    let mut best = value(lo, f_lo).max(value(hi, f_hi));
    if kink > lo && kink < hi {
        best = best.max(v.weight * v.desk * kink - price * (kink - m));
    }
    let top = v.weight * p;
    if v.tau > 0.0 && price > 0.0 && top > 0.0 {
        let ratio = v.tau * price / top;
        let t = -v.tau * ratio.ln();
        if t > lo && t < hi {
            best = best.max(value(t, 1.0 - ratio));
        }
    }
    best + (v.weight * v.desk + price) * KINK_TOLERANCE
}

/// The site's part of the dual function with visits in calendar order: a dynamic programme
/// over the months in date order, the visits taken so far and the residents left (rounded
/// up to [`POOL_LEVELS`] levels), each visit's stay chosen in one of [`STAY_PARTS`]
/// intervals. It keeps what the enlarged problem of [`solve`] forgets — the `n`-th visit
/// comes after the first `n − 1` in the calendar, and a long stay leaves fewer residents
/// for the next visit — so it is never above it, and it is still at least what any plan's
/// visits bring less what they pay:
///
/// * the value of what is left is non-decreasing in the residents left (a visit brings
///   `min(c·t, a·R·f(t))`, and leaves `R − min(c·t, a·R·f(t))`, both non-decreasing in `R`
///   as `a·f ≤ 1`), so rounding the residents up never lowers it;
/// * a visit in the stay interval `[t_i, t_{i+1}]` brings at most the most its own gain
///   less its price takes over the interval (the largest team's desk), and leaves at least
///   `R − min(c_min·t_i, a·R·f(t_i))` (the smallest team's desk, the interval's shortest
///   stay), which the next visits can only gain from.
///
/// `offers` is reordered (by month).
pub fn sequence(v: &Visits, offers: &mut [Offer], w: &mut SequenceScratch) -> f64 {
    let k = v.rates.len();
    if k == 0 || offers.is_empty() || v.pool <= 0.0 {
        return 0.0;
    }
    offers.sort_by_key(|o| o.month);
    let g = POOL_LEVELS;
    let width = g + 1;
    let level = |r: f64| -> usize {
        if r <= 0.0 {
            0
        } else {
            ((r / v.pool * g as f64).ceil() as usize).min(g)
        }
    };
    // Kinks per visit number and pool level (they do not depend on the prices).
    w.kinks.clear();
    for n in 0..k {
        for i in 0..width {
            let p = v.rates[n] * v.pool * i as f64 / g as f64;
            w.kinks.push(kink(v.desk, p, v.tau));
        }
    }
    let (m, big_t) = (v.shortest, v.longest);
    let parts = if big_t > m { STAY_PARTS } else { 1 };
    // The interval ends and the turnout's share at each.
    let grid: Vec<(f64, f64)> = (0..=parts)
        .map(|i| {
            let t = m + (big_t - m) * i as f64 / parts as f64;
            (t, v.arrived(t))
        })
        .collect();
    // next[n·width + r]: the most the later months bring from visit number n with pool
    // level r.
    w.next.clear();
    w.next.resize((k + 1) * width, 0.0);
    for o in offers.iter().rev() {
        // Layer j: at most j more visits this month, then the later months.
        w.layer.clear();
        w.layer.extend_from_slice(&w.next);
        for _ in 0..o.cap.min(k as u32) {
            w.fresh.clear();
            w.fresh.extend_from_slice(&w.next);
            for n in 0..k {
                for r in 0..width {
                    let left = v.pool * r as f64 / g as f64;
                    let p = v.rates[n] * left;
                    let kink = w.kinks[n * width + r];
                    let mut best = f64::NEG_INFINITY;
                    for i in 0..parts {
                        let ends = if parts == 1 {
                            [grid[0], grid[0]]
                        } else {
                            [grid[i], grid[i + 1]]
                        };
                        let own = best_between(v, p, kink, o.per_minute, ends);
                        let (lo, f_lo) = ends[0];
                        let removed = (v.desk_min * lo).min(p * f_lo);
                        let after = w.layer[(n + 1) * width + level(left - removed)];
                        best = best.max(own - o.fixed + after);
                    }
                    let at = n * width + r;
                    if best > w.fresh[at] {
                        w.fresh[at] = best;
                    }
                }
            }
            std::mem::swap(&mut w.layer, &mut w.fresh);
        }
        std::mem::swap(&mut w.next, &mut w.layer);
    }
    w.next[g].max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};

    fn site_with(p: &crate::problem::Problem, s: usize) -> Site {
        p.sites[s].clone()
    }

    #[test]
    fn the_best_stay_beats_every_whole_minute() {
        let p = random_problem(5, &Shape::default());
        for s in 0..p.sites.len().min(40) {
            let mut site = site_with(&p, s);
            site.turnout_minutes = [0.0, 30.0, 150.0, 400.0][s % 4];
            site.max_stay = site.min_stay + 300;
            let v = Visits::new(&site, 2, 4, 3, site.max_stay as f64);
            for n in 0..3 {
                for price in [0.0, 0.01, 0.1, 0.5, 2.0, 50.0] {
                    let (best, extra) = v.best(n, price);
                    let m = site.min_stay;
                    let mut grid = f64::NEG_INFINITY;
                    for t in m..=site.max_stay {
                        grid = grid.max(v.gain(n, t as f64) - price * (t - m) as f64);
                    }
                    assert!(best >= grid - 1e-9, "site {s} n {n} price {price}");
                    // And it is attained, to the kink's tolerance.
                    let at = v.gain(n, m as f64 + extra) - price * extra;
                    assert!(best - at <= 1e-6, "{best} vs {at}");
                }
            }
        }
    }

    #[test]
    fn the_turnout_bounds_every_sequence_of_visits() {
        let p = random_problem(7, &Shape::default());
        for s in 0..p.sites.len().min(40) {
            let mut site = site_with(&p, s);
            site.reach = [0.05, 0.3, 0.6, 0.9][s % 4];
            site.fatigue = [1.0, 0.8, 0.5, 0.95][(s / 4) % 4];
            site.turnout_minutes = 60.0;
            let v = Visits::new(&site, 1, 5, 4, 480.0);
            // Any teams and stays: each visit stays within its bound.
            for trial in 0..20u32 {
                let mut progress = response::SiteProgress::new(&site);
                for n in 0..4 {
                    let staff = 1 + (trial + n as u32) % 5;
                    let stay = site.min_stay + ((trial * 37 + n as u32 * 11) % 300);
                    let g = progress.visit(&site, staff, stay);
                    assert!(
                        site.weight * g <= v.gain(n, stay as f64) + 1e-9,
                        "site {s} visit {n}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_programme_matches_every_assignment() {
        // Three months, caps 0–2, four visit numbers: every way to take visits and pair
        // them with numbers (any order) is no better than the programme.
        let p = random_problem(11, &Shape::default());
        for s in 0..p.sites.len().min(25) {
            let mut site = site_with(&p, s);
            site.turnout_minutes = 90.0;
            site.reach = 0.4;
            site.fatigue = 0.7;
            let v = Visits::new(&site, 2, 3, 4, site.min_stay as f64 + 240.0);
            let offers: Vec<Offer> = (0..3)
                .map(|m| Offer {
                    month: m,
                    cap: ((s + m) % 3) as u32,
                    fixed: [10.0, 40.0, 5.0][m] * (s % 3) as f64,
                    per_minute: [0.2, 0.05, 0.6][(m + s) % 3],
                })
                .collect();
            let mut sorted = offers.clone();
            let choice = solve(&v, &mut sorted, &mut Scratch::default());
            // Enumerate: each visit number 0..4 goes to no month or one month, within caps.
            let mut best = 0.0f64;
            for code in 0..4usize.pow(4) {
                let mut used = [0u32; 3];
                let mut value = 0.0;
                let mut ok = true;
                let mut c = code;
                for n in 0..4 {
                    let m = c % 4;
                    c /= 4;
                    if m == 3 {
                        continue;
                    }
                    used[m] += 1;
                    if used[m] > offers[m].cap {
                        ok = false;
                        break;
                    }
                    let (g, _) = v.best(n, offers[m].per_minute);
                    value += g - offers[m].fixed;
                }
                if ok {
                    best = best.max(value);
                }
            }
            assert!(
                (choice.value - best).abs() <= 1e-6 * (1.0 + best.abs()),
                "site {s}: programme {} vs enumeration {best}",
                choice.value
            );
            let visits: u32 = choice.taken.iter().map(|t| t.1).sum();
            for &(m, q, _) in &choice.taken {
                assert!(q <= offers[m].cap);
            }
            assert!(visits as usize <= 4);
        }
    }

    #[test]
    fn the_calendar_programme_bounds_every_plan_and_stays_under_the_enlarged_one() {
        // Three months in date order, caps 0–2, up to four visits, stays on a grid and
        // either team: every plan's visits in date order bring less what they pay at most
        // the programme's value, which is at most the enlarged problem's.
        let p = random_problem(13, &Shape::default());
        let mut tighter = 0;
        for s in 0..p.sites.len().min(20) {
            let mut site = site_with(&p, s);
            site.turnout_minutes = [30.0, 90.0, 200.0, 0.0][s % 4];
            site.reach = [0.3, 0.6, 0.9][s % 3];
            site.fatigue = [0.5, 0.8, 1.0][(s / 3) % 3];
            site.max_stay = site.min_stay + 240;
            let (small, large) = (2u32, 4u32);
            let v = Visits::new(&site, small, large, 4, site.max_stay as f64);
            let offers: Vec<Offer> = (0..3)
                .map(|m| Offer {
                    month: m,
                    cap: ((s + m) % 3) as u32,
                    fixed: [5.0, 20.0, 0.0][(m + s) % 3],
                    per_minute: [0.05, 0.2, 0.0][(m + 2 * s) % 3],
                })
                .collect();
            let programme = sequence(&v, &mut offers.clone(), &mut SequenceScratch::default());
            let enlarged = solve(&v, &mut offers.clone(), &mut Scratch::default()).value;
            assert!(
                programme <= enlarged + 1e-6,
                "site {s}: {programme} > {enlarged}"
            );
            tighter += usize::from(programme < enlarged - 1e-6);
            let m = site.min_stay;
            let stays = [m, m + 60, m + 120, m + 240];
            // Every number of visits per month within the caps, every stay and team.
            let mut best = 0.0f64;
            for q0 in 0..=offers[0].cap {
                for q1 in 0..=offers[1].cap {
                    for q2 in 0..=offers[2].cap {
                        let months: Vec<usize> = [(0, q0), (1, q1), (2, q2)]
                            .iter()
                            .flat_map(|&(k, q)| std::iter::repeat_n(k, q as usize))
                            .take(4)
                            .collect();
                        let n = months.len();
                        for code in 0..(stays.len() * 2).pow(n as u32) {
                            let mut c = code;
                            let mut at = response::SiteProgress::new(&site);
                            let mut value = 0.0;
                            for &k in &months {
                                let (t, team) =
                                    (stays[c % 4], if (c / 4) % 2 == 0 { small } else { large });
                                c /= 8;
                                value += site.weight * at.visit(&site, team, t);
                                value -= offers[k].fixed + offers[k].per_minute * f64::from(t - m);
                            }
                            best = best.max(value);
                        }
                    }
                }
            }
            assert!(
                best <= programme + 1e-6,
                "site {s}: a plan brings {best} > {programme}"
            );
        }
        assert!(
            tighter >= 5,
            "the programme is tighter on only {tighter} of 20 sites"
        );
    }
}

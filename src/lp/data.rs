//! The numbers the relaxation is built from, derived once from the `Problem`: each site's
//! gains per visit, its size in team-minutes, how many visits each month can hold, and the
//! team-minutes and team-day slots of each month.
//!
//! Every number here is chosen so that any feasible plan satisfies the relaxation's
//! constraints (see docs/bound.md for the argument).

use super::levels::{self, Level};
use super::visits::Visits;
use crate::problem::{Minutes, Problem, Window};
use crate::response::gain_sequence;
use crate::schedule::{self, Segment};
use rayon::prelude::*;

/// Size thresholds for the team-day slot inequalities, as fractions of the longest shift.
const THRESHOLD_FRACTIONS: &[f64] = &[
    0.08, 0.10, 0.12, 0.14, 0.16, 0.18, 0.20, 0.22, 0.25, 0.28, 0.31, 0.34, 0.37, 0.40, 0.45, 0.50,
    0.55, 0.60, 0.70, 0.80, 0.90,
];

/// Data of the relaxation.
#[derive(Debug, Clone)]
pub struct Data {
    pub months: usize,
    /// Weighted gain of the n-th visit to each site (non-increasing in n), for the largest
    /// team at the site's shortest stay: `gains[s][n-1]`. Empty for a site that cannot be
    /// visited at all.
    pub gains: Vec<Vec<f64>>,
    /// Stay levels of each site: minutes beyond its shortest stay and the most (weighted)
    /// that adds to any one visit; the first level is the shortest stay itself.
    pub levels: Vec<Vec<Level>>,
    /// Team-minutes a visit to each site takes at least: its shortest stay plus half of the
    /// shortest leg in and half of the shortest leg out (a visit at a longer level takes
    /// the level's extra minutes too).
    pub size: Vec<f64>,
    /// Most visits each site can get in each month: `caps[s][m]`.
    pub caps: Vec<Vec<u32>>,
    /// Team-minutes available in each month (shift minus the base legs every trip has).
    pub minutes: Vec<f64>,
    /// Slot thresholds θ (minutes).
    pub thresholds: Vec<f64>,
    /// `slots[m][k]`: Σ over the month's team-days of ⌊usable minutes / θ_k⌋ — the most
    /// visits of size ≥ θ_k the month can hold.
    pub slots: Vec<Vec<f64>>,
    /// Sites that never share a team-day with another visit: no other site can come right
    /// before or after them in any trip (see [`may_follow`]). Empty when not computed.
    pub solo: Vec<bool>,
    /// Team-days of each month (days with a shift, counted per team).
    pub team_days: Vec<f64>,
    /// Longest usable minutes of a team-day in each month.
    pub longest_usable: Vec<f64>,
    /// Kit team-days of each month: Σ over its days of the fewer of the kits and the teams
    /// at work (at most that many trips carry a kit).
    pub kit_days: Vec<f64>,
    /// Sites without signal (connectivity 0) a kit makes workable: every visit there that
    /// gains anything is a kit visit, so their visits share the kit team-days (the kit
    /// rows). Empty when the kit rows would not bind (no kits, or a kit for every team).
    pub kit_site: Vec<bool>,
    /// What each site's visits can bring, for the site's own subproblem of the dual
    /// function (`super::visits`); empty leaves the dual with the relaxation's columns.
    pub visits: Vec<Visits>,
}

/// One site's gains, stay levels, size, caps and visit bounds.
type SiteData = (Vec<f64>, Vec<Level>, f64, Vec<u32>, Visits);

/// Per site, [`Charge::Radial`]'s travel charge: `r / k`, with `r` the shortest round trip
/// from any team's base through the site and `k` the most stops a trip through it can hold
/// (its shortest stay, `k − 1` of the shortest stay of any site and `r` fit in the longest
/// shift, `longest` minutes). 0 where no base reaches the site.
fn radial_charges(p: &Problem, longest: f64) -> Vec<f64> {
    let places = p.bases.len() + p.sites.len();
    let mut round = vec![f64::INFINITY; p.sites.len()];
    for b in team_bases(p) {
        let from = shortest_paths(places, b, |u, v| p.travel.minutes(u, v));
        let to = shortest_paths(places, b, |u, v| p.travel.minutes(v, u));
        for (s, r) in round.iter_mut().enumerate() {
            let place = p.site_place(s);
            *r = r.min(from[place] + to[place]);
        }
    }
    let shortest_stay = p
        .sites
        .iter()
        .map(|s| s.min_stay.max(1) as f64)
        .fold(f64::INFINITY, f64::min);
    p.sites
        .iter()
        .zip(&round)
        .map(|(site, &r)| {
            if !r.is_finite() {
                return 0.0;
            }
            let room = longest - site.min_stay as f64 - r;
            let k = if room > 0.0 {
                1.0 + (room / shortest_stay).floor()
            } else {
                1.0
            };
            r / k
        })
        .collect()
}

/// Shortest path minutes from `source` to every place over the legs `leg(u, v)` (a dense
/// Dijkstra; unreachable legs are skipped, unreachable places stay infinite).
fn shortest_paths(places: usize, source: usize, leg: impl Fn(usize, usize) -> Minutes) -> Vec<f64> {
    let mut dist = vec![f64::INFINITY; places];
    let mut done = vec![false; places];
    dist[source] = 0.0;
    for _ in 0..places {
        let Some(u) = (0..places)
            .filter(|&v| !done[v] && dist[v].is_finite())
            .min_by(|&a, &b| dist[a].total_cmp(&dist[b]))
        else {
            break;
        };
        done[u] = true;
        for v in 0..places {
            if done[v] {
                continue;
            }
            let w = leg(u, v);
            if w == crate::problem::Travel::UNREACHABLE {
                continue;
            }
            let via = dist[u] + f64::from(w);
            if via < dist[v] {
                dist[v] = via;
            }
        }
    }
    dist
}

/// Most sites for which solo sites are looked for (pairs × shift classes are checked).
const SOLO_SITES: usize = 4_000;

/// How a visit is charged for the travel of its trip in the team-minute, slot and team-day
/// rows (docs/bound.md). Each is valid on its own; the bound is the smaller of the two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Charge {
    /// Half the shortest leg into the site and half the shortest leg out of it; half of
    /// each trip's shortest legs out of and back to its base comes off the team-day.
    HalfLegs,
    /// The round trip from the nearest base to the site (over shortest paths) divided by
    /// the most stops a trip through the site can hold: a trip lasts at least its stays plus
    /// the round trip to its farthest stop, and each of its `k` stops is charged at most
    /// `1/k` of its own round trip. Nothing comes off the team-day.
    Radial,
}

/// Most legs read for [`Charge::Radial`]: it needs shortest paths from and to every base
/// over the whole travel matrix, twice places² legs per base (1,000 places and five bases
/// is 10⁷ legs, a fraction of a second; a leg of a geographic matrix is computed each time
/// it is read).
pub const RADIAL_LEGS: usize = 10_000_000;

/// The places the teams leave from, each once, in order.
fn team_bases(p: &Problem) -> Vec<usize> {
    let mut bases: Vec<usize> = p.teams.iter().map(|t| t.base).collect();
    bases.sort_unstable();
    bases.dedup();
    bases
}

/// Whether [`Charge::Radial`] is computed for `p` (within [`RADIAL_LEGS`]).
pub fn radial_fits(p: &Problem) -> bool {
    let places = p.bases.len() + p.sites.len();
    2usize
        .saturating_mul(team_bases(p).len())
        .saturating_mul(places)
        .saturating_mul(places)
        <= RADIAL_LEGS
}

impl Data {
    pub fn new(p: &Problem) -> Data {
        Data::charged(p, Charge::HalfLegs)
    }

    /// The relaxation's data with travel charged as `charge`.
    pub fn charged(p: &Problem, charge: Charge) -> Data {
        let months = p.months();
        // The strongest crew any visit can have (the largest team with a kit, when there
        // are kits) and the weakest (the smallest without): every visit's gain lies
        // between theirs.
        let staff = crate::response::Crew {
            staff: p.teams.iter().map(|t| t.staff).max().unwrap_or(0),
            kit: p.kits.boost(),
        };
        let fewest = crate::response::Crew::new(p.teams.iter().map(|t| t.staff).min().unwrap_or(0));
        let n_sites = p.sites.len();
        let (into, out) = p.travel.shortest_in_out();

        // Every trip leaves its base and comes back: half of each of those two legs is not
        // charged to any visit, so it comes off the usable minutes of the team-day.
        // Charged by round trips, nothing comes off.
        let base_half: Vec<f64> = (0..p.teams.len())
            .into_par_iter()
            .map(|t| {
                if charge == Charge::Radial {
                    return 0.0;
                }
                let first = (0..n_sites)
                    .map(|s| p.base_to_site(t, s))
                    .min()
                    .unwrap_or(0);
                let last = (0..n_sites)
                    .map(|s| p.site_to_base(s, t))
                    .min()
                    .unwrap_or(0);
                (first + last) as f64 / 2.0
            })
            .collect();

        let mut minutes = vec![0.0; months];
        let mut team_days = vec![0.0; months];
        let mut longest_usable: Vec<f64> = vec![0.0; months];
        let mut usable_by_month: Vec<Vec<f64>> = vec![Vec::new(); months];
        let mut longest: f64 = 0.0;
        let mut kit_days = vec![0.0; months];
        let mut fewer_kits = false;
        for d in 0..p.days.len() {
            let m = p.month_index(d);
            let mut working = 0u32;
            for (t, half) in base_half.iter().enumerate() {
                if let Some(w) = p.shift(t, d) {
                    working += 1;
                    let usable = (w.len() as f64 - half).max(0.0);
                    minutes[m] += usable;
                    team_days[m] += 1.0;
                    longest_usable[m] = longest_usable[m].max(usable);
                    usable_by_month[m].push(usable);
                    longest = longest.max(w.len() as f64);
                }
            }
            kit_days[m] += f64::from(working.min(p.kits.count));
            fewer_kits |= working > p.kits.count;
        }
        let longest_shift = longest as Minutes;
        let radial = match charge {
            Charge::HalfLegs => None,
            Charge::Radial => Some(radial_charges(p, longest)),
        };
        let thresholds: Vec<f64> = THRESHOLD_FRACTIONS
            .iter()
            .map(|f| (f * longest).max(1.0))
            .collect();
        let slots: Vec<Vec<f64>> = usable_by_month
            .iter()
            .map(|days| {
                thresholds
                    .iter()
                    .map(|&th| days.iter().map(|u| (u / th).floor()).sum())
                    .collect()
            })
            .collect();

        // Single-trip feasibility depends on the team only through its base and that day's
        // shift: group team-days into classes so each site is tried once per class, not
        // once per team and day (a district with hundreds of teams and tens of thousands
        // of villages would otherwise make billions of checks).
        let mut classes: Vec<(usize, Window)> = Vec::new();
        let day_classes: Vec<Vec<usize>> = (0..p.days.len())
            .map(|d| {
                let mut here: Vec<usize> = Vec::new();
                for t in 0..p.teams.len() {
                    let Some(w) = p.shift(t, d) else { continue };
                    let key = (p.team_place(t), w);
                    let c = match classes.iter().position(|k| *k == key) {
                        Some(c) => c,
                        None => {
                            classes.push(key);
                            classes.len() - 1
                        }
                    };
                    if !here.contains(&c) {
                        here.push(c);
                    }
                }
                here
            })
            .collect();

        // Each site's numbers depend on the site alone: computed in parallel, collected in
        // site order (the same result on any number of threads).
        let per_site: Vec<SiteData> = p
            .sites
            .par_iter()
            .enumerate()
            .map(|(s, site)| {
                let place = p.site_place(s);
                let size = site.min_stay as f64
                    + match &radial {
                        None => (into[place] + out[place]) as f64 / 2.0,
                        Some(r) => r[s],
                    };
                // Days on which some team can serve the site on a trip of its own.
                let mut cap = vec![0u32; months];
                let mut last: Option<usize> = None;
                let gap = site.min_gap_days.max(1) as usize;
                let class_fits: Vec<bool> = classes
                    .iter()
                    .map(|&(place, shift)| alone_fits(p, place, shift, s))
                    .collect();
                #[allow(clippy::needless_range_loop)] // `d` is the day index for several calls
                for d in site.first_day..=site.last_day.min(p.days.len().saturating_sub(1)) {
                    if p.site_window(s, d).is_none() {
                        continue;
                    }
                    if !day_classes[d].iter().any(|&c| class_fits[c]) {
                        continue;
                    }
                    let m = p.month_index(d);
                    // Within a month, the earliest-first count is the most visits that
                    // respect the gap; a new month starts its own count (a relaxation
                    // across months).
                    let fresh = last.is_none_or(|l| p.month_index(l) != m || d >= l + gap);
                    if fresh {
                        cap[m] += 1;
                        last = Some(d);
                    }
                }
                let possible: u32 = cap.iter().sum();
                let k = site.max_visits.min(possible);
                // Gains at the shortest stay, and what a longer stay adds to any one visit:
                // together they bound every sequence of stays (docs/bound.md). No stay is
                // longer than the site's longest, its hours, or the longest shift less the
                // shortest legs in and out.
                let g: Vec<f64> = gain_sequence(site, staff, site.min_stay, k)
                    .into_iter()
                    .map(|x| crate::response::weighted(site, x))
                    .take_while(|&x| x > 1e-9)
                    .collect();
                let longest_stay = site
                    .max_stay
                    .min(site.window.len())
                    .min(longest_shift.saturating_sub(into[place] + out[place]));
                let lv = if g.is_empty() {
                    Vec::new()
                } else {
                    levels::levels(site, staff, longest_stay)
                        .into_iter()
                        .map(|l| Level {
                            extra: l.extra,
                            gain: crate::response::weighted(site, l.gain),
                        })
                        .collect()
                };
                let visits = Visits::new(site, fewest, staff, k, longest_stay as f64);
                (g, lv, size, cap, visits)
            })
            .collect();
        let mut gains = Vec::with_capacity(n_sites);
        let mut stay_levels = Vec::with_capacity(n_sites);
        let mut size = Vec::with_capacity(n_sites);
        let mut caps = Vec::with_capacity(n_sites);
        let mut visits = Vec::with_capacity(n_sites);
        for (g, l, z, c, v) in per_site {
            gains.push(g);
            stay_levels.push(l);
            size.push(z);
            caps.push(c);
            visits.push(v);
        }
        let solo = if n_sites <= SOLO_SITES && n_sites > 1 {
            let ends = Ends::new(p, &into, &out);
            (0..n_sites)
                .into_par_iter()
                .map(|s| {
                    classes.iter().all(|&(place, shift)| {
                        (0..n_sites).all(|o| {
                            o == s
                                || (!may_follow(p, &ends, place, shift, o, s)
                                    && !may_follow(p, &ends, place, shift, s, o))
                        })
                    })
                })
                .collect()
        } else {
            Vec::new()
        };
        let kit_site = if p.kits.boost() > 0.0 && fewer_kits {
            p.sites.iter().map(|s| s.connectivity <= 0.0).collect()
        } else {
            Vec::new()
        };
        Data {
            months,
            gains,
            levels: stay_levels,
            size,
            caps,
            minutes,
            thresholds,
            slots,
            solo,
            team_days,
            longest_usable,
            visits,
            kit_days,
            kit_site,
        }
    }

    /// Whether site `s` counts in the kit rows.
    pub fn is_kit_site(&self, s: usize) -> bool {
        self.kit_site.get(s).copied().unwrap_or(false)
    }

    /// Whether the kit rows are worth adding: some site needs a kit and there are fewer
    /// kits than teams at work on some day.
    pub fn has_kit_rows(&self) -> bool {
        self.kit_site.iter().any(|&x| x)
    }

    /// Whether the team-day row is worth adding: some site is solo.
    pub fn has_day_rows(&self) -> bool {
        self.solo.iter().any(|&x| x)
    }

    /// Coefficient of a visit to `s` in month `m`, `extra` minutes beyond its shortest
    /// stay, in the team-day row: 1 for a solo site (it has its team-day to itself), else
    /// its size over the month's longest usable team-day (the sizes of one trip's visits
    /// sum to at most that day's usable minutes), at most 1.
    pub fn day_coef(&self, s: usize, m: usize, extra: f64) -> f64 {
        match self.day_share(s, m) {
            (unit, 0.0) => unit,
            _ => ((self.size[s] + extra) / self.longest_usable[m]).min(1.0),
        }
    }

    /// The team-day share of a visit to `s` in month `m` at its shortest stay and what
    /// each minute beyond it adds, uncapped: `(1, 0)` for a solo site, else its size and
    /// 1 over the month's longest usable team-day. A trip's shares sum to at most 1 either
    /// way, so the uncapped line is as valid a coefficient as [`Data::day_coef`].
    pub fn day_share(&self, s: usize, m: usize) -> (f64, f64) {
        if self.solo.get(s).copied().unwrap_or(false) || self.longest_usable[m] <= 0.0 {
            (1.0, 0.0)
        } else {
            (
                self.size[s] / self.longest_usable[m],
                1.0 / self.longest_usable[m],
            )
        }
    }

    /// Slot rows site `s` counts in: the thresholds its size reaches.
    pub fn slot_rows(&self, s: usize) -> impl Iterator<Item = usize> + '_ {
        let size = self.size[s];
        self.thresholds
            .iter()
            .enumerate()
            .filter(move |(_, th)| size >= **th)
            .map(|(k, _)| k)
    }
}

/// Lower bounds on how a trip reaches and leaves each site when it is not the first or last
/// stop: the shortest leg into (out of) its place from (to) any other place.
struct Ends {
    into: Vec<Minutes>,
    out: Vec<Minutes>,
}

impl Ends {
    fn new(p: &Problem, into: &[Minutes], out: &[Minutes]) -> Ends {
        let n = p.sites.len();
        Ends {
            into: (0..n).map(|s| into[p.site_place(s)]).collect(),
            out: (0..n).map(|s| out[p.site_place(s)]).collect(),
        }
    }
}

/// Whether site `b` may be visited right after site `a` on a trip of a team leaving `place`
/// at the start of `shift`. A necessary condition, whatever else the trip holds and whether
/// or not travel times obey the triangle inequality: `a` is reached no earlier than the
/// shift opening plus the shortest leg into it (from the base or any site), both visits fit
/// their windows with the direct leg between them, and after `b` the shortest leg out of it
/// still ends within the shift.
fn may_follow(p: &Problem, ends: &Ends, place: usize, shift: Window, a: usize, b: usize) -> bool {
    let (pa, pb) = (p.site_place(a), p.site_place(b));
    let leg = |x: usize, y: usize| p.travel.minutes(x, y);
    let visit = |s: usize| Segment::visit(p.sites[s].window, p.sites[s].min_stay);
    let home = Segment::base(shift);
    let trip = || {
        home.then(leg(place, pa).min(ends.into[a]), visit(a)?)?
            .then(leg(pa, pb), visit(b)?)?
            .then(leg(pb, place).min(ends.out[b]), home)?
            .end(shift.open)
    };
    trip().is_some()
}

/// Whether a team leaving `place` at the start of `shift` can visit site `s` alone and be
/// back in time, on a day the site is open: [`schedule::timed`] for a one-stop trip.
fn alone_fits(p: &Problem, place: usize, shift: Window, s: usize) -> bool {
    let site = &p.sites[s];
    let to = p.site_place(s);
    schedule::one_stop_fits(
        shift,
        p.travel.minutes(place, to),
        site.window,
        site.min_stay,
        p.travel.minutes(to, place),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};

    #[test]
    fn round_trips_follow_shortest_paths_and_are_shared_by_the_most_stops() {
        // Legs with a detour shorter than a direct leg: the charge uses the detour.
        let legs = |u: usize, v: usize| -> Minutes {
            match (u.min(v), u.max(v)) {
                (0, 1) => 10,
                (1, 2) => 10,
                (0, 2) => 50,
                _ => crate::problem::Travel::UNREACHABLE,
            }
        };
        let d = shortest_paths(4, 0, legs);
        assert_eq!(&d[..3], &[0.0, 10.0, 20.0]);
        assert!(d[3].is_infinite());
        // On a district: every site's charge is its shortest round trip over some k ≥ 1,
        // and k is the most stops whose shortest stays fit the longest shift with it.
        let problem = random_problem(3, &Shape::default());
        let p = &problem;
        let places = p.bases.len() + p.sites.len();
        let longest = (0..p.days.len())
            .flat_map(|d| (0..p.teams.len()).filter_map(move |t| p.shift(t, d)))
            .map(|w| w.len() as f64)
            .fold(0.0, f64::max);
        let charges = radial_charges(p, longest);
        let shortest = p
            .sites
            .iter()
            .map(|s| s.min_stay.max(1) as f64)
            .fold(f64::MAX, f64::min);
        for (s, &c) in charges.iter().enumerate() {
            let round = p
                .teams
                .iter()
                .map(|t| {
                    let out = shortest_paths(places, t.base, |u, v| p.travel.minutes(u, v));
                    let back = shortest_paths(places, t.base, |u, v| p.travel.minutes(v, u));
                    out[p.site_place(s)] + back[p.site_place(s)]
                })
                .fold(f64::INFINITY, f64::min);
            let k = (round / c).round();
            assert!(
                k >= 1.0 && (round / k - c).abs() < 1e-9,
                "site {s}: {c} of {round}"
            );
            let fits =
                |k: f64| p.sites[s].min_stay as f64 + (k - 1.0) * shortest + round <= longest;
            assert!(k == 1.0 || fits(k), "site {s}: {k} stops do not fit");
            assert!(!fits(k + 1.0), "site {s}: {} stops would fit", k + 1.0);
        }
    }

    #[test]
    fn single_trip_check_matches_the_schedule() {
        let mut disagreements = 0;
        let mut fitting = 0;
        let mut tried = 0;
        for seed in 0..4 {
            let p = random_problem(
                seed,
                &Shape {
                    sites: 60,
                    teams: 3,
                    days: 40,
                    area_km: 400.0,
                },
            );
            // Shorter days on some dates so shift windows differ between days.
            let p = p
                .edited(|p| {
                    for (d, day) in p.days.iter_mut().enumerate() {
                        if d % 5 == 0 {
                            day.shorter_by = 120;
                        }
                    }
                })
                .unwrap();
            for d in 0..p.days.len() {
                for t in 0..p.teams.len() {
                    let Some(w) = p.shift(t, d) else { continue };
                    for s in 0..p.sites.len() {
                        if p.site_window(s, d).is_none() {
                            continue;
                        }
                        tried += 1;
                        let expected = schedule::fits(&p, t, d, &[s]);
                        fitting += expected as usize;
                        if alone_fits(&p, p.team_place(t), w, s) != expected {
                            disagreements += 1;
                        }
                    }
                }
            }
        }
        assert_eq!(disagreements, 0);
        // A 400 km area leaves some sites out of reach and others within: both cases ran.
        assert!(fitting > 0 && fitting < tried, "{fitting} of {tried}");
    }
}

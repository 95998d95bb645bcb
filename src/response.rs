//! The response model: the one source of truth for expected activations. It owns the gain of
//! a visit, the gains of a site's sequence of visits (and of that sequence with one visit
//! added or removed), the evaluation order of a plan's visits and the site weight.
//!
//! A stay of `s` minutes by a team of `k` staff at site `i`, the `n`-th visit there:
//!
//! ```text
//! demand   = reach · fatigue^(n-1) · remaining            (who will come)
//! arrived  = demand · (1 − e^(−s/τ))                      (who has come by the end of the stay)
//! desk     = k · s / minutes_per_activation · connectivity (whom the desk can serve)
//! expected = min(arrived, desk);   remaining -= expected
//! ```
//!
//! Residents arrive at a rate that slows down (`demand/τ · e^(−t/τ)`), the desk serves at
//! most `k · connectivity / minutes_per_activation` a minute: a fluid queue with concave
//! arrivals serves exactly the smaller of the two curves by the end of the stay. Both are
//! concave and non-decreasing in `s`, so the gain is too; `τ = 0` (turnout_minutes) means
//! everyone who comes is there at once (the gain is then `min(demand, desk)`).
//!
//! Visits are applied in date order (ties: start minute, then team index; see
//! [`visit_order`]). The weighted objective is `weight · activations` per site
//! ([`weighted`]), summed over the sites.
//!
//! Its callers; nothing else computes a gain or applies a site weight:
//!
//! - the search (`alns::state`): [`sequence_gain`], [`sequence_gain_with`] and
//!   [`sequence_gain_without`] for a site's visits with one visit more or less, [`weighted`],
//!   and [`visit_gain`] for the sites a visit can gain at; `alns` scores its result with
//!   [`evaluate`];
//! - the constructive strategies (`strategy::state`): [`SiteProgress`] day by day, [`weighted`];
//! - the LP bound (`lp::data`): [`gain_sequence`] and [`weighted`];
//! - the Monte Carlo (`simulate`): [`visit_order`] and [`RealisedSite`], its random draws
//!   passed in as a [`Field`]; [`evaluate`] for the expectation;
//! - re-planning (`replan`): [`evaluate`] for the gains of locked visits and [`turnout_rate`]
//!   for the history entered into a site;
//! - the reports (`report`), the visual outputs (`visual`), the what-if analysis (`whatif`),
//!   the pipeline and `jemput evaluate`: [`Evaluation`] from [`evaluate`] and
//!   [`cumulative_by_day`]; the unvisited report also [`visit_gain`] for a next visit.
//!
//! The checker checks feasibility only; it does not score.

use crate::plan::Plan;
use crate::problem::{Minutes, Problem, Site};

/// Who serves at a visit: the team's staff and, when it carries a connectivity kit, the
/// connectivity the kit gives (0: no kit). A visit works at the better of the site's own
/// connectivity and the kit's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Crew {
    pub staff: u32,
    pub kit: f64,
}

impl Crew {
    /// A team of `staff` without a kit.
    #[inline]
    pub const fn new(staff: u32) -> Crew {
        Crew { staff, kit: 0.0 }
    }

    /// Team `team` of `problem`, carrying one of its kits when `kit`.
    #[inline]
    pub fn of(problem: &Problem, team: usize, kit: bool) -> Crew {
        Crew {
            staff: problem.teams[team].staff,
            kit: if kit { problem.kits.boost() } else { 0.0 },
        }
    }

    /// The connectivity a visit by this crew works at, at `site`.
    #[inline]
    pub fn connectivity(&self, site: &Site) -> f64 {
        site.connectivity.max(self.kit)
    }
}

impl From<u32> for Crew {
    #[inline]
    fn from(staff: u32) -> Crew {
        Crew::new(staff)
    }
}

/// Activations a crew (a team of `staff`, or a [`Crew`] with a kit) can process in
/// `minutes` at `site` (throughput limit).
#[inline]
pub fn capacity(site: &Site, crew: impl Into<Crew>, minutes: Minutes) -> f64 {
    if site.minutes_per_activation <= 0.0 {
        return 0.0;
    }
    let crew = crew.into();
    crew.staff as f64 * minutes as f64 / site.minutes_per_activation * crew.connectivity(site)
}

/// Share of the unactivated residents who turn up at the `n`-th visit (1-based):
/// `reach · fatigue^(n-1)`.
#[inline]
pub fn turnout_rate(site: &Site, n: u32) -> f64 {
    site.reach * site.fatigue.powi(n.saturating_sub(1) as i32)
}

/// Residents who turn up at the `n`-th visit (1-based) when `remaining` are unactivated,
/// if the team stayed for ever.
#[inline]
pub fn demand(site: &Site, n: u32, remaining: f64) -> f64 {
    turnout_rate(site, n) * remaining.max(0.0)
}

/// Share of a visit's turnout that has arrived after a stay of `minutes`: `1 − e^(−s/τ)`
/// (1 when τ is 0).
#[inline]
pub fn arrived(site: &Site, minutes: Minutes) -> f64 {
    if site.turnout_minutes <= 0.0 {
        return 1.0;
    }
    -(-(minutes as f64) / site.turnout_minutes).exp_m1()
}

/// Expected activations of the `n`-th visit (1-based), a stay of `minutes`, with
/// `remaining` unactivated residents.
#[inline]
pub fn visit_gain(
    site: &Site,
    crew: impl Into<Crew>,
    minutes: Minutes,
    n: u32,
    remaining: f64,
) -> f64 {
    capacity(site, crew, minutes).min(demand(site, n, remaining) * arrived(site, minutes))
}

/// The site's weight applied to its activations: its share of the weighted objective.
#[inline]
pub fn weighted(site: &Site, activations: f64) -> f64 {
    activations * site.weight
}

/// Where a site stands after some of its visits: unactivated residents left (expected) and
/// visits so far.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SiteProgress {
    pub remaining: f64,
    pub visits: u32,
}

impl SiteProgress {
    /// Before any visit: the full pool.
    #[inline]
    pub fn new(site: &Site) -> Self {
        SiteProgress {
            remaining: site.pool,
            visits: 0,
        }
    }

    /// Expected activations of the next visit, by `staff` for `minutes`.
    #[inline]
    pub fn next_gain(&self, site: &Site, crew: impl Into<Crew>, minutes: Minutes) -> f64 {
        visit_gain(site, crew, minutes, self.visits + 1, self.remaining)
    }

    /// Applies the next visit and returns its expected activations.
    #[inline]
    pub fn visit(&mut self, site: &Site, crew: impl Into<Crew>, minutes: Minutes) -> f64 {
        let g = self.next_gain(site, crew, minutes);
        self.remaining -= g;
        self.visits += 1;
        g
    }
}

/// Expected activations (unweighted) of a site's visits so far, summed in evaluation order.
#[derive(Debug, Clone, Copy)]
struct SequenceGain<'s> {
    site: &'s Site,
    at: SiteProgress,
    total: f64,
}

impl<'s> SequenceGain<'s> {
    #[inline]
    fn new(site: &'s Site) -> Self {
        SequenceGain {
            site,
            at: SiteProgress::new(site),
            total: 0.0,
        }
    }

    #[inline]
    fn visit<C: Into<Crew>>(&mut self, (crew, minutes): (C, Minutes)) {
        self.total += self.at.visit(self.site, crew, minutes);
    }

    #[inline]
    fn extend<C: Into<Crew>, I: IntoIterator<Item = (C, Minutes)>>(&mut self, visits: I) {
        for v in visits {
            self.visit(v);
        }
    }
}

/// Expected activations (unweighted) of a site's visits, given as `(crew, minutes)` (a
/// crew or a team's staff) in evaluation order, starting from a full pool.
#[inline]
pub fn sequence_gain<C: Into<Crew>, I>(site: &Site, visits: I) -> f64
where
    I: IntoIterator<Item = (C, Minutes)>,
{
    let mut seq = SequenceGain::new(site);
    seq.extend(visits);
    seq.total
}

/// [`sequence_gain`] of `visits` (in evaluation order by `key`) with `extra` among them:
/// before the first visit whose key is greater than its own. `visit` gives a visit's
/// `(staff, minutes)`.
#[inline]
pub fn sequence_gain_with<T, K: Ord, C: Into<Crew>>(
    site: &Site,
    visits: &[T],
    extra: &T,
    key: impl Fn(&T) -> K,
    visit: impl Fn(&T) -> (C, Minutes),
) -> f64 {
    let k = key(extra);
    let mut extra = Some(extra);
    let mut seq = SequenceGain::new(site);
    for v in visits {
        if let Some(e) = extra
            && k < key(v)
        {
            seq.visit(visit(e));
            extra = None;
        }
        seq.visit(visit(v));
    }
    if let Some(e) = extra {
        seq.visit(visit(e));
    }
    seq.total
}

/// [`sequence_gain`] of `visits` (in evaluation order) without the `skip`-th. `visit` gives a
/// visit's `(staff, minutes)`.
#[inline]
pub fn sequence_gain_without<T, C: Into<Crew>>(
    site: &Site,
    visits: &[T],
    skip: usize,
    visit: impl Fn(&T) -> (C, Minutes),
) -> f64 {
    let (before, after) = visits.split_at(skip.min(visits.len()));
    let mut seq = SequenceGain::new(site);
    seq.extend(before.iter().map(&visit));
    seq.extend(after.iter().skip(1).map(&visit));
    seq.total
}

/// The gains of successive visits to one site by the same team size and visit length,
/// starting from a full pool: `gains[n-1]` is the gain of the `n`-th visit. Non-increasing.
pub fn gain_sequence(
    site: &Site,
    crew: impl Into<Crew>,
    minutes: Minutes,
    visits: u32,
) -> Vec<f64> {
    let crew = crew.into();
    let mut at = SiteProgress::new(site);
    (0..visits).map(|_| at.visit(site, crew, minutes)).collect()
}

/// One visit in evaluation order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct VisitKey {
    pub day: usize,
    pub start: Minutes,
    pub team: usize,
    pub site: usize,
}

/// The visits of a plan in evaluation order (date, start minute, team): each with its key,
/// route index and stop index.
pub fn visit_order(plan: &Plan) -> Vec<(VisitKey, usize, usize)> {
    let mut order = Vec::new();
    for (r, route) in plan.routes.iter().enumerate() {
        for (k, stop) in route.stops.iter().enumerate() {
            let key = VisitKey {
                day: route.day,
                start: stop.start,
                team: route.team,
                site: stop.site,
            };
            order.push((key, r, k));
        }
    }
    order.sort();
    order
}

/// Expected activations of a plan, per stop and per site.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// Expected activations of each stop: `per_stop[route][stop]`.
    pub per_stop: Vec<Vec<f64>>,
    /// Expected activations per site over the horizon.
    pub per_site: Vec<f64>,
    /// Visits per site.
    pub visits: Vec<u32>,
    /// Total expected activations from the teams.
    pub activations: f64,
    /// Weighted objective: sum of site weight × activations.
    pub objective: f64,
}

/// Scores a plan with the response model. Does not check feasibility (see `checker`).
pub fn evaluate(problem: &Problem, plan: &Plan) -> Evaluation {
    let mut progress: Vec<SiteProgress> = problem.sites.iter().map(SiteProgress::new).collect();
    let mut per_site = vec![0.0; problem.sites.len()];
    let mut per_stop: Vec<Vec<f64>> = plan
        .routes
        .iter()
        .map(|r| vec![0.0; r.stops.len()])
        .collect();
    for (key, r, k) in visit_order(plan) {
        let s = key.site;
        let stop = &plan.routes[r].stops[k];
        let g = progress[s].visit(
            &problem.sites[s],
            Crew::of(problem, key.team, plan.routes[r].kit),
            stop.end.saturating_sub(stop.start),
        );
        per_site[s] += g;
        per_stop[r][k] = g;
    }
    let activations = per_site.iter().sum();
    let objective = per_site
        .iter()
        .zip(&problem.sites)
        .map(|(&a, s)| weighted(s, a))
        .sum();
    Evaluation {
        per_stop,
        per_site,
        visits: progress.iter().map(|at| at.visits).collect(),
        activations,
        objective,
    }
}

/// What is random in the field at one visit: who of the unactivated residents turns up and
/// how much of the team's capacity holds.
pub trait Field {
    /// Residents out of `remaining` who turn up, each with probability `rate`.
    fn turnout(&mut self, remaining: u64, rate: f64) -> u64;
    /// Capacity that holds of the model's `capacity` at this visit.
    fn capacity(&mut self, capacity: f64) -> f64;
}

/// A site's visits with realised rather than expected outcomes, in whole residents: the
/// turnout rate and capacity of the model, drawn by a [`Field`] in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RealisedSite {
    pub remaining: u64,
    pub visits: u32,
}

impl RealisedSite {
    /// Before any visit: the pool rounded to whole residents.
    pub fn new(site: &Site) -> Self {
        RealisedSite {
            remaining: site.pool.max(0.0).round() as u64,
            visits: 0,
        }
    }

    /// Applies the next visit: min(turnout, capacity rounded down) residents are activated.
    pub fn visit(
        &mut self,
        site: &Site,
        crew: impl Into<Crew>,
        minutes: Minutes,
        field: &mut impl Field,
    ) -> u64 {
        self.visits += 1;
        // Each resident comes with the visit's turnout rate and arrives within the stay with
        // the share [`arrived`]: one draw with their product.
        let rate = (turnout_rate(site, self.visits) * arrived(site, minutes)).clamp(0.0, 1.0);
        let turnout = field.turnout(self.remaining, rate);
        let capacity = field.capacity(capacity(site, crew, minutes));
        let activated = turnout.min(capacity.floor() as u64);
        self.remaining -= activated;
        activated
    }
}

/// Forecast of activated residents at the end of each day of the horizon: activated at
/// start + walk-ins at the office (per office working day) + the plan's expected activations
/// up to and including that day.
pub fn cumulative_by_day(problem: &Problem, plan: &Plan, evaluation: &Evaluation) -> Vec<f64> {
    let mut per_day = vec![0.0; problem.days.len()];
    for (route, gains) in plan.routes.iter().zip(&evaluation.per_stop) {
        per_day[route.day] += gains.iter().sum::<f64>();
    }
    let mut total = problem.target.activated;
    problem
        .days
        .iter()
        .zip(per_day)
        .map(|(day, gain)| {
            if !day.closed() && problem.office_weekdays[day.weekday] {
                total += problem.target.organic_per_day;
            }
            total += gain;
            total
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::{SiteKind, Window};

    fn site(pool: f64) -> Site {
        Site {
            code: "x".into(),
            name: "x".into(),
            kind: SiteKind::Village,
            district: 0,
            lat: None,
            lon: None,
            eligible: pool,
            pool,
            reach: 0.25,
            fatigue: 0.6,
            connectivity: 1.0,
            minutes_per_activation: 6.0,
            min_stay: 240,
            max_stay: 240,
            turnout_minutes: 0.0,
            max_visits: 4,
            min_gap_days: 30,
            weight: 1.0,
            weekdays: [true; 7],
            window: Window::ALL_DAY,
            first_day: 0,
            last_day: 365,
        }
    }

    #[test]
    fn capacity_binds_on_large_pools() {
        let s = site(10_000.0);
        // 3 staff × 240 min / 6 min = 120 < 0.25 × 10 000
        assert_eq!(visit_gain(&s, 3, 240, 1, s.pool), 120.0);
    }

    #[test]
    fn demand_binds_on_small_pools() {
        let s = site(100.0);
        assert_eq!(visit_gain(&s, 3, 240, 1, s.pool), 25.0);
        // second visit: 0.25 × 0.6 × 75
        assert!((visit_gain(&s, 3, 240, 2, 75.0) - 11.25).abs() < 1e-9);
    }

    #[test]
    fn zero_connectivity_means_no_activation() {
        let mut s = site(1000.0);
        s.connectivity = 0.0;
        assert_eq!(visit_gain(&s, 4, 240, 1, s.pool), 0.0);
    }

    #[test]
    fn gains_never_increase() {
        for pool in [10.0, 400.0, 480.0, 2000.0, 50_000.0] {
            let g = gain_sequence(&site(pool), 3, 240, 8);
            for w in g.windows(2) {
                assert!(w[1] <= w[0] + 1e-12, "pool {pool}: {g:?}");
            }
            assert!(g.iter().sum::<f64>() <= pool + 1e-9);
        }
    }

    #[test]
    fn one_visit_more_or_less_is_the_sequence_with_or_without_it() {
        let s = site(400.0);
        // (day, staff): visits in day order, each 240 minutes.
        let visits = [(3, 2), (40, 5), (90, 3)];
        let gain = |v: &[(usize, u32)]| sequence_gain(&s, v.iter().map(|&(_, k)| (k, 240)));
        let visit = |v: &(usize, u32)| (v.1, 240);
        for extra in [(0, 4), (3, 4), (50, 1), (200, 6)] {
            let mut merged = visits.to_vec();
            let at = merged.iter().position(|v| v.0 > extra.0).unwrap_or(3);
            merged.insert(at, extra);
            let with = sequence_gain_with(&s, &visits, &extra, |v| v.0, visit);
            assert_eq!(with.to_bits(), gain(&merged).to_bits(), "{extra:?}");
        }
        for skip in 0..=visits.len() {
            let mut rest = visits.to_vec();
            if skip < rest.len() {
                rest.remove(skip);
            }
            let without = sequence_gain_without(&s, &visits, skip, visit);
            assert_eq!(without.to_bits(), gain(&rest).to_bits(), "{skip}");
        }
        // The sequence sums the gains of `gain_sequence` in order.
        let same = sequence_gain(&s, std::iter::repeat_n((3, 240), 4));
        let by_visit = gain_sequence(&s, 3, 240, 4)
            .into_iter()
            .fold(0.0, |t, g| t + g);
        assert_eq!(same.to_bits(), by_visit.to_bits());
    }

    #[test]
    fn weighted_scales_by_the_site_weight() {
        let mut s = site(100.0);
        s.weight = 2.5;
        assert_eq!(weighted(&s, 10.0), 25.0);
    }
}

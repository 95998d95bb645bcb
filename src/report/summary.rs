//! The key figures of a plan, computed once and shared by every report (terminal table,
//! `summary.json`, `plan.json`, the monthly Markdown and later the HTML and GeoJSON views).
//!
//! Expected activations come from [`crate::response::evaluate`] only; this module adds them
//! up by district, month and date but never recomputes them.

use crate::plan::Plan;
use crate::problem::Problem;
use crate::response::Evaluation;
use crate::schedule;
use chrono::NaiveDate;
use serde::Serialize;

/// How the plan was made: the strategy and the search limits and effort.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunInfo {
    pub strategy: String,
    pub seed: u64,
    pub runtime_s: f64,
    pub iterations: u64,
    pub threads: usize,
    pub time_limit_s: Option<f64>,
}

/// Coverage of one district (kecamatan).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictSummary {
    pub id: String,
    pub name: String,
    /// Number of sites in the district.
    pub sites: usize,
    /// Unactivated eligible residents at its sites at the start.
    pub pool: f64,
    /// Sites with at least one visit.
    pub visited_sites: usize,
    pub visits: usize,
    pub expected: f64,
    /// `expected / pool` (0 for an empty pool).
    pub coverage: f64,
    /// The district's equity floor (minimum coverage), if the scenario sets one.
    pub floor_share: Option<f64>,
    /// Whether the plan's coverage reaches the floor (`None` without a floor).
    pub floor_met: Option<bool>,
}

/// One calendar month of the horizon.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthSummary {
    /// `YYYY-MM`.
    pub month: String,
    pub visits: usize,
    pub team_days: usize,
    pub expected: f64,
    /// Forecast activated share at the end of the month (start + walk-ins + visits so far).
    pub cumulative_share: f64,
}

/// The key figures of a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Summary {
    pub scenario: String,
    pub strategy: String,
    pub seed: u64,
    /// First and last date of the horizon.
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub teams: usize,
    pub sites: usize,
    /// Expected activations from the teams' visits.
    pub expected_activations: f64,
    /// Weighted objective (site priority × activations).
    pub objective: f64,
    /// Upper bound on the objective (LP relaxation), when computed.
    pub bound: Option<f64>,
    /// Relative gap `(bound - objective) / bound`, when a bound is known.
    pub gap: Option<f64>,
    /// What the LP solver said about the bound, when it ran.
    pub lp_status: Option<String>,
    /// Walk-in activations at the office over the horizon.
    pub organic_activations: f64,
    pub activated_at_start: f64,
    pub eligible: f64,
    /// `(activated_at_start + organic + expected) / eligible` at the end of the horizon.
    pub forecast_share: f64,
    pub target_share: f64,
    pub target_met: bool,
    /// First date the forecast reaches the target share, if it does.
    pub target_date: Option<NaiveDate>,
    /// Activations the teams must bring for the target, after walk-ins.
    pub activations_needed: f64,
    pub visits: usize,
    pub sites_visited: usize,
    /// Routes (a team in the field on a day).
    pub team_days: usize,
    pub travel_minutes: u64,
    pub service_minutes: u64,
    /// Minutes waiting for sites to open, base to base.
    pub waiting_minutes: u64,
    /// `travel / (travel + service + waiting)` over all routes.
    pub travel_share: f64,
    /// Shift minutes left over on team-days in the field (shift length less the trip).
    pub idle_minutes: u64,
    /// Working team-days (the team's shift is open) on which the team is not sent out.
    pub idle_team_days: usize,
    /// Why those team-days are idle, by reason (see [`idle_reasons`]); the counts sum to
    /// `idle_team_days`.
    pub idle_team_days_by_reason: std::collections::BTreeMap<String, usize>,
    pub km: f64,
    /// Rupiah: per km driven and per team-day.
    pub cost: f64,
    pub runtime_s: f64,
    pub iterations: u64,
    pub threads: usize,
    pub time_limit_s: Option<f64>,
    pub districts: Vec<DistrictSummary>,
    pub months: Vec<MonthSummary>,
    /// Sites left out (or short of their LP visits) by reason, as listed in
    /// `unvisited.csv`; empty until [`Summary::set_unvisited`] is called.
    pub unvisited: std::collections::BTreeMap<String, usize>,
}

/// Expected activations of each route (same order as `plan.routes`).
pub fn route_expected(eval: &Evaluation) -> Vec<f64> {
    eval.per_stop.iter().map(|r| r.iter().sum()).collect()
}

/// The cumulative forecast of activated residents at the end of each day of the horizon:
/// already activated at the start, plus walk-ins on each office working day, plus the
/// expected activations of the visits up to that day.
pub fn forecast_curve(p: &Problem, plan: &Plan, eval: &Evaluation) -> Vec<(NaiveDate, f64)> {
    let mut by_day = vec![0.0; p.days.len()];
    for (route, gain) in plan.routes.iter().zip(route_expected(eval)) {
        if let Some(x) = by_day.get_mut(route.day) {
            *x += gain;
        }
    }
    let mut total = p.target.activated;
    p.days
        .iter()
        .zip(by_day)
        .map(|(day, visits)| {
            if !day.closed() && p.office_weekdays[day.weekday] {
                total += p.target.organic_per_day;
            }
            total += visits;
            (day.date, total)
        })
        .collect()
}

/// The first date on which the cumulative forecast reaches `share` of the eligible.
pub fn date_reaching(p: &Problem, curve: &[(NaiveDate, f64)], share: f64) -> Option<NaiveDate> {
    let needed = share * p.target.eligible;
    curve
        .iter()
        .find(|(_, a)| *a >= needed - 1e-9)
        .map(|(d, _)| *d)
}

/// Travel, service and waiting minutes of all routes, base to base.
pub fn time_split(p: &Problem, plan: &Plan) -> (u64, u64, u64) {
    let (mut travel, mut service, mut total) = (0u64, 0u64, 0u64);
    for r in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
        travel += r.travel_minutes(p) as u64;
        service += r
            .stops
            .iter()
            .map(|s| s.end.saturating_sub(s.start) as u64)
            .sum::<u64>();
        if let (Some(depart), Some(back)) = (r.depart(p), r.back(p)) {
            total += back.saturating_sub(depart) as u64;
        }
    }
    let waiting = total.saturating_sub(travel + service);
    (travel, service, waiting)
}

/// Team time not used: the shift minutes left over on team-days in the field (the shift's
/// length less the trip, from leaving the base to being back), and the working team-days
/// (the team's shift is open) on which the team is not sent out at all.
pub fn idle(p: &Problem, plan: &Plan) -> (u64, usize) {
    let mut out = vec![vec![false; p.days.len()]; p.teams.len()];
    let mut minutes = 0u64;
    for r in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
        out[r.team][r.day] = true;
        if let (Some(shift), Some(depart), Some(back)) =
            (p.shift(r.team, r.day), r.depart(p), r.back(p))
        {
            minutes += u64::from(shift.len().saturating_sub(back.saturating_sub(depart)));
        }
    }
    let days = (0..p.teams.len())
        .flat_map(|t| (0..p.days.len()).map(move |d| (t, d)))
        .filter(|&(t, d)| p.shift(t, d).is_some() && !out[t][d])
        .count();
    (minutes, days)
}

/// Reasons a working team-day is not sent out, in the order they are tried: the first that
/// applies is the day's.
pub const IDLE_REASONS: &[(&str, &str)] = &[
    (
        "nothing-in-reach",
        "no site is open that day that the team can reach, serve for its shortest stay and \
         be back from within its shift",
    ),
    (
        "no-signal",
        "the only sites in reach that could still take a visit that day have no signal \
         (connectivity 0) and no connectivity kit is left that day (`[kits]`): a visit \
         activates no one there without one",
    ),
    (
        "sites-at-limit",
        "every site the team could reach that day already has its maximum visits, was \
         visited fewer than its minimum gap of days before or after, or has no one left to \
         activate",
    ),
    (
        "left-unused",
        "some site in reach could still take a visit that day: the plan leaves it unused",
    ),
];

/// Why each working team-day on which the team is not sent out is idle (codes of
/// [`IDLE_REASONS`]), counted over the horizon. A site *could take a visit* on day `d` by
/// team `t` when it is open, a trip to it alone fits the team's shift, it has fewer visits
/// than its maximum, no visit of the plan is within its minimum gap of `d`, the plan
/// leaves someone to activate there, and its desk can serve (connectivity above 0, or a
/// connectivity kit not in use that day; else the day counts as `no-signal` when nothing
/// else could take it).
pub fn idle_reasons(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
) -> std::collections::BTreeMap<String, usize> {
    let mut out_days = vec![vec![false; p.days.len()]; p.teams.len()];
    let mut visit_days: Vec<Vec<usize>> = vec![Vec::new(); p.sites.len()];
    for r in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
        out_days[r.team][r.day] = true;
        for st in &r.stops {
            visit_days[st.site].push(r.day);
        }
    }
    // Sites under their maximum with someone left, and whether their desk can serve.
    let open_to_more: Vec<bool> = p
        .sites
        .iter()
        .enumerate()
        .map(|(s, site)| {
            (visit_days[s].len() as u32) < site.max_visits && site.pool - eval.per_site[s] > 1e-9
        })
        .collect();
    let serves: Vec<bool> = p
        .sites
        .iter()
        .map(|site| site.connectivity > 0.0 && site.minutes_per_activation > 0.0)
        .collect();
    // A kit left over on a day lets an idle team serve a no-signal site too.
    let mut kits_used = vec![0u32; p.days.len()];
    for r in plan.routes.iter().filter(|r| r.kit && !r.stops.is_empty()) {
        kits_used[r.day] += 1;
    }
    let kit_free: Vec<bool> = kits_used
        .iter()
        .map(|&u| u < p.kits.count && p.kits.boost() > 0.0)
        .collect();
    let mut counts = std::collections::BTreeMap::new();
    for (t, out) in out_days.iter().enumerate() {
        for (d, &sent) in out.iter().enumerate() {
            if sent || p.shift(t, d).is_none() {
                continue;
            }
            let (mut in_reach, mut no_signal, mut could) = (false, false, false);
            for s in 0..p.sites.len() {
                if p.site_window(s, d).is_none() {
                    continue;
                }
                let free = open_to_more[s]
                    && visit_days[s]
                        .iter()
                        .all(|&v| v.abs_diff(d) >= p.sites[s].min_gap_days as usize);
                // Reach is checked only where the site could change the answer.
                let serves = serves[s] || (kit_free[d] && p.sites[s].minutes_per_activation > 0.0);
                let matters = (free && (serves || !no_signal)) || !in_reach;
                if matters && schedule::fits(p, t, d, &[s]) {
                    in_reach = true;
                    if free && serves {
                        could = true;
                        break;
                    }
                    no_signal |= free;
                }
            }
            let reason = if could {
                "left-unused"
            } else if no_signal {
                "no-signal"
            } else if in_reach {
                "sites-at-limit"
            } else {
                "nothing-in-reach"
            };
            *counts.entry(reason.to_string()).or_insert(0) += 1;
        }
    }
    counts
}

/// The sum of no numbers is `-0.0` in Rust; reports show it as `0`.
fn no_negative_zero(x: f64) -> f64 {
    x + 0.0
}

impl Summary {
    /// Key figures of `plan` scored as `eval` (from `response::evaluate(p, plan)`).
    /// The plan's indices must be in range (plans from strategies and `read_plan_csv` are).
    pub fn new(p: &Problem, plan: &Plan, eval: &Evaluation, run: &RunInfo) -> Summary {
        let routes: Vec<_> = plan.routes.iter().filter(|r| !r.stops.is_empty()).collect();
        let expected = no_negative_zero(eval.activations);
        let organic = p.organic_total();
        let t = &p.target;
        let ratio = |a: f64, b: f64| if b > 0.0 { a / b } else { 0.0 };
        let forecast_share = ratio(t.activated + organic + expected, t.eligible);
        let curve = forecast_curve(p, plan, eval);
        let (travel, service, waiting) = time_split(p, plan);
        let (idle_minutes, idle_team_days) = idle(p, plan);
        let idle_team_days_by_reason = idle_reasons(p, plan, eval);

        let mut districts: Vec<DistrictSummary> = p
            .districts
            .iter()
            .map(|d| DistrictSummary {
                id: d.id.clone(),
                name: d.name.clone(),
                sites: 0,
                pool: 0.0,
                visited_sites: 0,
                visits: 0,
                expected: 0.0,
                coverage: 0.0,
                floor_share: d.floor_share,
                floor_met: None,
            })
            .collect();
        for (s, site) in p.sites.iter().enumerate() {
            let d = &mut districts[site.district];
            d.sites += 1;
            d.pool += site.pool;
            d.visits += eval.visits[s] as usize;
            d.visited_sites += usize::from(eval.visits[s] > 0);
            d.expected += eval.per_site[s];
        }
        for d in &mut districts {
            d.coverage = ratio(d.expected, d.pool);
            // A relative tolerance so a floor met exactly is not reported short by rounding.
            d.floor_met = d
                .floor_share
                .map(|f| d.expected >= f * d.pool * (1.0 - 1e-9) - 1e-9);
        }

        let mut months: Vec<MonthSummary> = (0..p.months())
            .map(|_| MonthSummary {
                month: String::new(),
                visits: 0,
                team_days: 0,
                expected: 0.0,
                cumulative_share: 0.0,
            })
            .collect();
        for (d, (_, cumulative)) in curve.iter().enumerate() {
            let m = &mut months[p.month_index(d)];
            m.month = p.month_key(d);
            m.cumulative_share = ratio(*cumulative, t.eligible);
        }
        for (route, gain) in plan.routes.iter().zip(route_expected(eval)) {
            if route.stops.is_empty() {
                continue;
            }
            let m = &mut months[p.month_index(route.day)];
            m.visits += route.stops.len();
            m.team_days += 1;
            m.expected += gain;
        }

        Summary {
            scenario: p.name.clone(),
            strategy: run.strategy.clone(),
            seed: run.seed,
            start: p.days.first().map(|d| d.date),
            end: p.days.last().map(|d| d.date),
            teams: p.teams.len(),
            sites: p.sites.len(),
            expected_activations: expected,
            objective: no_negative_zero(eval.objective),
            bound: None,
            gap: None,
            lp_status: None,
            organic_activations: organic,
            activated_at_start: t.activated,
            eligible: t.eligible,
            forecast_share,
            target_share: t.share,
            target_met: forecast_share >= t.share - 1e-12,
            target_date: date_reaching(p, &curve, t.share),
            activations_needed: p.activations_needed(),
            visits: plan.visits(),
            sites_visited: eval.visits.iter().filter(|&&v| v > 0).count(),
            team_days: routes.len(),
            travel_minutes: travel,
            service_minutes: service,
            waiting_minutes: waiting,
            travel_share: ratio(travel as f64, (travel + service + waiting) as f64),
            idle_minutes,
            idle_team_days,
            idle_team_days_by_reason,
            km: no_negative_zero(routes.iter().map(|r| r.km(p)).sum()),
            cost: no_negative_zero(plan.cost(p)),
            runtime_s: run.runtime_s,
            iterations: run.iterations,
            threads: run.threads,
            time_limit_s: run.time_limit_s,
            districts,
            months,
            unvisited: Default::default(),
        }
    }

    /// Records the reasons sites are left out (see [`super::unvisited`]).
    pub fn set_unvisited(&mut self, rows: &[super::Unvisited]) {
        self.unvisited.clear();
        for u in rows {
            *self.unvisited.entry(u.reason.to_string()).or_insert(0) += 1;
        }
    }

    /// Records an upper bound on the objective and the gap to it.
    pub fn set_bound(&mut self, bound: f64, lp_status: impl Into<String>) {
        self.bound = Some(bound);
        self.gap = Some(if bound.abs() > 0.0 {
            ((bound - self.objective) / bound.abs()).max(0.0)
        } else {
            0.0
        });
        self.lp_status = Some(lp_status.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::evaluate;

    use crate::synthetic::{Shape, random_problem};

    pub(crate) fn run() -> RunInfo {
        RunInfo {
            strategy: "greedy".into(),
            seed: 1,
            runtime_s: 0.5,
            iterations: 0,
            threads: 1,
            time_limit_s: None,
        }
    }

    fn planned() -> (Problem, Plan, Evaluation) {
        let p = random_problem(5, &Shape::default());
        let plan = crate::constructive::greedy::solve(&p).plan;
        let e = evaluate(&p, &plan);
        (p, plan, e)
    }

    #[test]
    fn idle_time_is_the_shift_left_over_and_the_days_not_sent_out() {
        let (p, plan, e) = planned();
        let s = Summary::new(&p, &plan, &e, &run());
        let mut left = 0u64;
        for r in plan.routes.iter().filter(|r| !r.stops.is_empty()) {
            let sites: Vec<usize> = r.stops.iter().map(|x| x.site).collect();
            let trip = crate::schedule::duration(&p, r.team, r.day, &sites).unwrap();
            left += u64::from(p.shift(r.team, r.day).unwrap().len() - trip);
        }
        assert_eq!(s.idle_minutes, left);
        let working = (0..p.teams.len())
            .flat_map(|t| (0..p.days.len()).map(move |d| (t, d)))
            .filter(|&(t, d)| p.shift(t, d).is_some())
            .count();
        assert!(s.team_days > 0 && s.idle_minutes > 0);
        assert_eq!(s.idle_team_days + s.team_days, working);
        // Nobody sent out: every working team-day is idle, and no shift is cut short.
        let none = Summary::new(
            &p,
            &Plan::default(),
            &evaluate(&p, &Plan::default()),
            &run(),
        );
        assert_eq!((none.idle_minutes, none.idle_team_days), (0, working));
    }

    #[test]
    fn each_idle_team_day_gets_the_reason_that_applies() {
        let (p, plan, e) = planned();
        let total = |m: &std::collections::BTreeMap<String, usize>| m.values().sum::<usize>();
        let s = Summary::new(&p, &plan, &e, &run());
        assert_eq!(total(&s.idle_team_days_by_reason), s.idle_team_days);
        assert!(
            s.idle_team_days_by_reason
                .keys()
                .all(|k| IDLE_REASONS.iter().any(|(c, _)| c == k))
        );
        // Nobody sent out: some site could take a visit on some day.
        let empty = Plan::default();
        let none = idle_reasons(&p, &empty, &evaluate(&p, &empty));
        assert_eq!(total(&none), s.idle_team_days + s.team_days);
        assert!(
            none.get("left-unused").copied().unwrap_or(0) > 0,
            "{none:?}"
        );
        // No one left to activate anywhere: the sites are in reach but at their limit.
        let drained = p
            .edited(|p| p.sites.iter_mut().for_each(|s| s.pool = 0.0))
            .unwrap();
        let r = idle_reasons(&drained, &empty, &evaluate(&drained, &empty));
        assert_eq!(r.get("left-unused"), None, "{r:?}");
        assert!(r.get("sites-at-limit").copied().unwrap_or(0) > 0, "{r:?}");
        // No signal anywhere: the days that could take a visit are the no-signal ones.
        let dark = p
            .edited(|p| p.sites.iter_mut().for_each(|s| s.connectivity = 0.0))
            .unwrap();
        let r = idle_reasons(&dark, &empty, &evaluate(&dark, &empty));
        assert_eq!(r.get("left-unused"), None, "{r:?}");
        assert_eq!(
            r.get("no-signal"),
            none.get("left-unused"),
            "{r:?} vs {none:?}"
        );
        // A shift too short to reach anything: nothing is in reach.
        let short = p
            .edited(|p| {
                p.teams
                    .iter_mut()
                    .for_each(|t| t.shift = crate::problem::Window::new(480, 482))
            })
            .unwrap();
        let r = idle_reasons(&short, &empty, &evaluate(&short, &empty));
        assert_eq!(
            r.keys().collect::<Vec<_>>(),
            vec!["nothing-in-reach"],
            "{r:?}"
        );
    }

    #[test]
    fn totals_agree_across_districts_months_and_the_curve() {
        let (p, plan, e) = planned();
        let s = Summary::new(&p, &plan, &e, &run());
        assert!(s.expected_activations > 0.0);
        let by_district: f64 = s.districts.iter().map(|d| d.expected).sum();
        let by_month: f64 = s.months.iter().map(|m| m.expected).sum();
        assert!((by_district - s.expected_activations).abs() < 1e-6);
        assert!((by_month - s.expected_activations).abs() < 1e-6);
        assert_eq!(
            s.districts.iter().map(|d| d.visits).sum::<usize>(),
            s.visits
        );
        assert_eq!(s.months.iter().map(|m| m.visits).sum::<usize>(), s.visits);
        let curve = forecast_curve(&p, &plan, &e);
        let last = curve.last().unwrap().1;
        assert!((last / p.target.eligible - s.forecast_share).abs() < 1e-9);
        assert!((s.months.last().unwrap().cumulative_share - s.forecast_share).abs() < 1e-9);
        assert!(curve.windows(2).all(|w| w[1].1 >= w[0].1));
        assert!(s.travel_share > 0.0 && s.travel_share < 1.0);
        assert_eq!(s.months.len(), p.months());
        assert!(s.months.iter().all(|m| m.month.len() == 7));
    }

    #[test]
    fn target_date_is_the_first_day_the_curve_reaches_the_share() {
        let (p, plan, e) = planned();
        let curve = forecast_curve(&p, &plan, &e);
        // A share reached half-way through the horizon.
        let mid = curve[curve.len() / 2].1;
        let p = p
            .edited(|p| p.target.share = mid / p.target.eligible)
            .unwrap();
        let s = Summary::new(&p, &plan, &e, &run());
        let date = s.target_date.expect("the target is reached");
        assert!(s.target_met);
        let d = p.day_of(date).unwrap();
        assert!(curve[d].1 >= mid - 1e-9);
        assert!(d == 0 || curve[d - 1].1 < mid - 1e-9);
        // An unreachable share has no date and is not met.
        let p = p.edited(|p| p.target.share = 0.99).unwrap();
        let s = Summary::new(&p, &plan, &e, &run());
        assert_eq!(s.target_date, None);
        assert!(!s.target_met);
    }

    #[test]
    fn missing_bound_serializes_as_null_and_gap_follows_the_bound() {
        let (p, plan, e) = planned();
        let mut s = Summary::new(&p, &plan, &e, &run());
        let json = serde_json::to_value(&s).unwrap();
        assert!(json["bound"].is_null() && json["gap"].is_null() && json["lp_status"].is_null());
        s.set_bound(s.objective * 1.25, "optimal");
        assert!((s.gap.unwrap() - 0.2).abs() < 1e-9);
    }

    #[test]
    fn an_empty_plan_has_zero_figures_and_walk_ins_only() {
        let p = random_problem(6, &Shape::default());
        let plan = Plan::default();
        let s = Summary::new(&p, &plan, &evaluate(&p, &plan), &run());
        assert_eq!((s.visits, s.team_days, s.travel_share), (0, 0, 0.0));
        let json = serde_json::to_string(&s).unwrap();
        assert!(!json.contains("-0.0"), "{json}");
        let walk_ins = (p.target.activated + p.organic_total()) / p.target.eligible;
        assert!((s.forecast_share - walk_ins).abs() < 1e-12);
    }
}

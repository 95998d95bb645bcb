//! Monte Carlo of a plan: how sure is the forecast?
//!
//! The response model gives the *expected* activations of each visit. In the field, who turns
//! up is random, the signal fails now and then, and a team loses a day to illness or a broken
//! car. Each run replays the plan in the response model's evaluation order, each visit by
//! [`response::RealisedSite`] with the random draws of this module ([`response::Field`]):
//!
//! - **turnout**: each unactivated resident of the site turns up independently with the
//!   model's probability `reach · fatigue^(n-1)`, so turnout is Binomial(remaining, p) with the
//!   model's demand as its mean;
//! - **capacity**: the model's `staff · minutes / minutes_per_activation · connectivity`,
//!   rounded down, cut to `outage_capacity` of itself when the signal fails
//!   (probability `outage_rate` per visit);
//! - **lost team-days**: with probability `day_loss_rate` a route does not happen at all.
//!
//! Activated = min(turnout, capacity). With no outages, no lost days and capacity that never
//! binds, the mean of the runs is the response model's expectation (the test below checks it).
//! Runs are independent and seeded from (seed, run index), so results do not depend on the
//! number of threads.

use crate::plan::Plan;
use crate::problem::Problem;
use crate::response::{self, Field, RealisedSite, VisitKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Binomial, Distribution};
use rayon::prelude::*;
use serde::Serialize;

/// Parameters of the random model.
#[derive(Debug, Clone, Serialize)]
pub struct SimOptions {
    pub runs: usize,
    pub seed: u64,
    /// Probability that a visit suffers a connectivity outage.
    pub outage_rate: f64,
    /// Share of capacity left during an outage.
    pub outage_capacity: f64,
    /// Probability that a planned team-day is lost (illness, vehicle).
    pub day_loss_rate: f64,
}

impl Default for SimOptions {
    fn default() -> Self {
        SimOptions {
            runs: 1000,
            seed: 1,
            outage_rate: 0.05,
            outage_capacity: 0.2,
            day_loss_rate: 0.03,
        }
    }
}

/// Spread of the simulated outcome.
#[derive(Debug, Clone, Serialize)]
pub struct SimResult {
    pub runs: usize,
    /// Response-model expectation of the team activations (for comparison).
    pub expected: f64,
    pub mean: f64,
    pub p10: f64,
    pub p50: f64,
    pub p90: f64,
    /// Share of runs in which the target share is met at the end.
    pub target_probability: f64,
    /// Per month (`YYYY-MM`): P10/P50/P90 of the cumulative activated share at month end.
    pub months: Vec<MonthSpread>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MonthSpread {
    pub month: String,
    pub p10_share: f64,
    pub p50_share: f64,
    pub p90_share: f64,
    /// Share of runs with the target met by the end of this month.
    pub target_probability: f64,
}

/// The field of one run: binomial turnout and connectivity outages, drawn from `rng`.
struct Draws<'a> {
    rng: &'a mut ChaCha8Rng,
    o: &'a SimOptions,
}

impl Field for Draws<'_> {
    fn turnout(&mut self, remaining: u64, rate: f64) -> u64 {
        Binomial::new(remaining, rate).map_or(0, |b| b.sample(self.rng))
    }

    fn capacity(&mut self, capacity: f64) -> f64 {
        if self.rng.random::<f64>() < self.o.outage_rate {
            capacity * self.o.outage_capacity
        } else {
            capacity
        }
    }
}

/// One run: team activations per month of the horizon.
fn one_run(
    p: &Problem,
    plan: &Plan,
    order: &[(VisitKey, usize, usize)],
    o: &SimOptions,
    run: u64,
) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ run);
    let lost: Vec<bool> = plan
        .routes
        .iter()
        .map(|_| rng.random::<f64>() < o.day_loss_rate)
        .collect();
    let mut sites: Vec<RealisedSite> = p.sites.iter().map(RealisedSite::new).collect();
    let mut field = Draws { rng: &mut rng, o };
    let mut per_month = vec![0.0; p.months()];
    for &(key, r, k) in order {
        if lost[r] {
            continue;
        }
        let s = key.site;
        let stop = &plan.routes[r].stops[k];
        let activated = sites[s].visit(
            &p.sites[s],
            crate::response::Crew::of(p, key.team, plan.routes[r].kit),
            stop.end - stop.start,
            &mut field,
        );
        per_month[p.month_index(key.day)] += activated as f64;
    }
    per_month
}

fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i]
}

/// Runs the Monte Carlo in parallel; deterministic by `options.seed` whatever the threads.
pub fn simulate(p: &Problem, plan: &Plan, options: &SimOptions) -> SimResult {
    let order = response::visit_order(plan);
    let runs: Vec<Vec<f64>> = (0..options.runs as u64)
        .into_par_iter()
        .map(|run| one_run(p, plan, &order, options, run))
        .collect();
    let t = &p.target;
    let months = p.months();
    // Walk-in activations accrued by the end of each month.
    let mut organic = vec![0.0; months];
    for (d, day) in p.days.iter().enumerate() {
        if !day.closed() && p.office_weekdays[day.weekday] {
            organic[p.month_index(d)] += t.organic_per_day;
        }
    }
    let share = |x: f64| {
        if t.eligible > 0.0 {
            x / t.eligible
        } else {
            0.0
        }
    };
    let mut month_out = Vec::with_capacity(months);
    let mut cumulative: Vec<f64> = vec![t.activated; runs.len()];
    let mut met_by = vec![false; runs.len()];
    for m in 0..months {
        for (i, run) in runs.iter().enumerate() {
            cumulative[i] += run[m] + organic[m];
            if share(cumulative[i]) + 1e-12 >= t.share {
                met_by[i] = true;
            }
        }
        let mut shares: Vec<f64> = cumulative.iter().map(|&c| share(c)).collect();
        shares.sort_by(f64::total_cmp);
        let first_day = (0..p.days.len())
            .find(|&d| p.month_index(d) == m)
            .unwrap_or(0);
        month_out.push(MonthSpread {
            month: p.month_key(first_day),
            p10_share: quantile(&shares, 0.1),
            p50_share: quantile(&shares, 0.5),
            p90_share: quantile(&shares, 0.9),
            target_probability: met_by.iter().filter(|&&b| b).count() as f64
                / runs.len().max(1) as f64,
        });
    }
    let mut totals: Vec<f64> = runs.iter().map(|r| r.iter().sum()).collect();
    totals.sort_by(f64::total_cmp);
    let mean = totals.iter().sum::<f64>() / totals.len().max(1) as f64;
    SimResult {
        runs: runs.len(),
        expected: response::evaluate(p, plan).activations,
        mean,
        p10: quantile(&totals, 0.1),
        p50: quantile(&totals, 0.5),
        p90: quantile(&totals, 0.9),
        target_probability: month_out.last().map_or(0.0, |m| m.target_probability),
        months: month_out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::synthetic::{Shape, random_problem};

    fn plan_for(p: &Problem) -> Plan {
        crate::constructive::greedy::solve(p).plan
    }

    #[test]
    fn mean_matches_the_response_model_where_it_is_linear() {
        // Capacity never binds (huge staff-throughput), no outages, no lost days: each visit's
        // expectation is linear in the remaining pool, so the Monte Carlo mean must agree.
        let p = random_problem(
            5,
            &Shape {
                sites: 15,
                teams: 2,
                days: 40,
                area_km: 30.0,
            },
        );
        let p = p
            .edited(|p| {
                for s in &mut p.sites {
                    s.minutes_per_activation = 0.01;
                    s.pool = s.pool.round();
                }
            })
            .unwrap();
        let plan = plan_for(&p);
        let o = SimOptions {
            runs: 4000,
            seed: 3,
            outage_rate: 0.0,
            outage_capacity: 1.0,
            day_loss_rate: 0.0,
        };
        let r = simulate(&p, &plan, &o);
        assert!(r.expected > 100.0);
        let rel = (r.mean - r.expected).abs() / r.expected;
        assert!(rel < 0.01, "mean {} vs expected {}", r.mean, r.expected);
        assert!(r.p10 <= r.p50 && r.p50 <= r.p90);
    }

    #[test]
    fn losses_lower_the_outcome_and_runs_are_deterministic() {
        let p = random_problem(2, &Shape::default());
        let plan = plan_for(&p);
        let base = SimOptions {
            runs: 300,
            ..SimOptions::default()
        };
        let a = simulate(&p, &plan, &base);
        let b = simulate(&p, &plan, &base);
        assert_eq!(a.p50, b.p50);
        assert_eq!(a.mean, b.mean);
        let harsh = SimOptions {
            day_loss_rate: 0.5,
            ..base
        };
        let c = simulate(&p, &plan, &harsh);
        assert!(c.mean < a.mean * 0.8, "{} vs {}", c.mean, a.mean);
    }
}

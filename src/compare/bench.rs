//! The grid strategy × scenario × seed (`jemput bench`): each cell one planning run, the
//! summary one row per scenario × strategy over seeds.

use super::{Table, pct};
use crate::pipeline::{self, Outcome};
use crate::problem::Problem;
use crate::report::table::thousands;
use crate::strategy::{self, SolveOptions};
use rayon::prelude::*;
use std::fmt::Write;

/// One cell of the bench grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BenchRun {
    pub scenario: String,
    pub strategy: String,
    pub seed: u64,
    pub expected_activations: f64,
    pub bound: Option<f64>,
    /// `objective / bound`.
    pub of_bound: Option<f64>,
    pub forecast_share: f64,
    pub target_met: bool,
    pub travel_share: f64,
    pub runtime_s: f64,
    pub iterations: u64,
    /// Broken rules found by the checker (0 for every correct strategy).
    pub violations: usize,
}

fn bench_run(name: &str, p: &Problem, strat: &str, seed: u64, options: &SolveOptions) -> BenchRun {
    let s = strategy::by_name(strat).expect("strategy names are checked before the grid runs");
    let opts = SolveOptions {
        seed,
        ..options.clone()
    };
    let o: Outcome = pipeline::run(p, s.as_ref(), &opts, false);
    BenchRun {
        scenario: name.to_string(),
        strategy: strat.to_string(),
        seed,
        expected_activations: o.summary.expected_activations,
        bound: None,
        of_bound: None,
        forecast_share: o.summary.forecast_share,
        target_met: o.summary.target_met,
        travel_share: o.summary.travel_share,
        runtime_s: o.summary.runtime_s,
        iterations: o.summary.iterations,
        violations: o.violations.len(),
    }
}

/// Runs the grid strategy × scenario × seed, `jobs` cells at a time (rayon). Each cell is
/// exactly the run `jemput plan --strategy S --seed N` would make with the same options, so
/// with an iteration limit the figures do not depend on `jobs`. The bound is computed once
/// per scenario.
pub fn bench_grid(
    scenarios: &[(String, Problem)],
    strategies: &[String],
    seeds: &[u64],
    options: &SolveOptions,
    jobs: usize,
    with_bound: bool,
) -> Vec<BenchRun> {
    let bounds: Vec<Option<f64>> = scenarios
        .iter()
        .map(|(_, p)| {
            if with_bound {
                pipeline::bound(p).ok().map(|b| b.value)
            } else {
                None
            }
        })
        .collect();
    let mut cells = Vec::new();
    for (i, _) in scenarios.iter().enumerate() {
        for s in strategies {
            for &seed in seeds {
                cells.push((i, s.clone(), seed));
            }
        }
    }
    let run_cell = |(i, s, seed): &(usize, String, u64)| {
        let (name, p) = &scenarios[*i];
        let mut r = bench_run(name, p, s, *seed, options);
        r.bound = bounds[*i];
        r.of_bound = bounds[*i].filter(|b| *b > 0.0).map(|b| {
            let objective: f64 = r.expected_activations;
            objective / b
        });
        r
    };
    if jobs <= 1 {
        cells.iter().map(run_cell).collect()
    } else {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
        match pool {
            Ok(pool) => pool.install(|| cells.par_iter().map(run_cell).collect()),
            Err(_) => cells.iter().map(run_cell).collect(),
        }
    }
}

/// Mean and sample standard deviation.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = if xs.len() > 1 {
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// The bench summary: one row per scenario × strategy, over seeds.
pub fn bench_table(runs: &[BenchRun]) -> Table {
    let header: Vec<String> = [
        "Scenario",
        "Strategy",
        "Seeds",
        "Expected (mean)",
        "± sd",
        "% of bound",
        "Target met",
        "Travel share",
        "Runtime s",
        "Violations",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in runs {
        let k = (r.scenario.clone(), r.strategy.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    let mut best_by_scenario: Vec<(String, f64)> = Vec::new();
    for (sc, st) in &keys {
        let group: Vec<&BenchRun> = runs
            .iter()
            .filter(|r| &r.scenario == sc && &r.strategy == st)
            .collect();
        let (mean, sd) = mean_sd(
            &group
                .iter()
                .map(|r| r.expected_activations)
                .collect::<Vec<_>>(),
        );
        match best_by_scenario.iter_mut().find(|(s, _)| s == sc) {
            Some((_, b)) => *b = b.max(mean),
            None => best_by_scenario.push((sc.clone(), mean)),
        }
        let of_bound: Vec<f64> = group.iter().filter_map(|r| r.of_bound).collect();
        rows.push(vec![
            sc.clone(),
            st.clone(),
            group.len().to_string(),
            thousands(mean),
            thousands(sd),
            if of_bound.is_empty() {
                "-".into()
            } else {
                pct(mean_sd(&of_bound).0)
            },
            format!(
                "{}/{}",
                group.iter().filter(|r| r.target_met).count(),
                group.len()
            ),
            pct(mean_sd(&group.iter().map(|r| r.travel_share).collect::<Vec<_>>()).0),
            format!(
                "{:.2}",
                mean_sd(&group.iter().map(|r| r.runtime_s).collect::<Vec<_>>()).0
            ),
            group
                .iter()
                .map(|r| r.violations)
                .sum::<usize>()
                .to_string(),
        ]);
        marks.push((sc.clone(), mean));
    }
    let marks = marks
        .into_iter()
        .map(|(sc, mean)| {
            let best = best_by_scenario
                .iter()
                .find(|(s, _)| *s == sc)
                .map_or(mean, |(_, b)| *b);
            let mut m = vec![false; header.len()];
            m[3] = (mean - best).abs() <= 1e-9 * best.abs().max(1.0);
            m
        })
        .collect();
    Table {
        header,
        rows,
        marks,
    }
}

/// One CSV row per run of the grid.
pub fn bench_csv(runs: &[BenchRun]) -> String {
    let mut out = String::from(
        "scenario,strategy,seed,expected_activations,bound,of_bound,forecast_share,target_met,travel_share,runtime_s,iterations,violations\n",
    );
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    for r in runs {
        let _ = writeln!(
            out,
            "{},{},{},{:.3},{},{},{:.6},{},{:.6},{:.3},{},{}",
            r.scenario,
            r.strategy,
            r.seed,
            r.expected_activations,
            opt(r.bound),
            opt(r.of_bound),
            r.forecast_share,
            r.target_met,
            r.travel_share,
            r.runtime_s,
            r.iterations,
            r.violations
        );
    }
    out
}

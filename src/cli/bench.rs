//! `jemput bench SCENARIOS... [--strategies a,b] [--seeds 1,2,3]`: which planning strategy
//! is best on these districts — the grid strategy × scenario × seed, with mean and spread.

use super::Failure;
use super::plan::solve_options;
use crate::compare::{bench_csv, bench_grid, bench_table};
use crate::report;
use crate::strategy;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario files (TOML).
    #[arg(required = true)]
    pub scenarios: Vec<PathBuf>,
    /// Strategies, comma-separated (default: all).
    #[arg(long, value_delimiter = ',')]
    pub strategies: Vec<String>,
    /// Seeds, comma-separated.
    #[arg(long, value_delimiter = ',', default_values_t = [1u64, 2, 3])]
    pub seeds: Vec<u64>,
    /// Time limit per run, seconds.
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// Iteration limit per run (makes every figure independent of machine load).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Search threads per run.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Runs at once (default: 1 with only a time limit, so runs do not slow each other;
    /// all cores with --iterations).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Skip the LP bound (and the "% of bound" column).
    #[arg(long)]
    pub no_bound: bool,
    /// Write bench.csv (one row per run) and bench.md into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let strategies: Vec<String> = if a.strategies.is_empty() {
        strategy::names().iter().map(|s| s.to_string()).collect()
    } else {
        a.strategies.clone()
    };
    for s in &strategies {
        if strategy::by_name(s).is_none() {
            return Err(Failure::BadInput(format!(
                "--strategies: unknown strategy `{s}`; use some of {}",
                strategy::names().join(",")
            )));
        }
    }
    if a.seeds.is_empty() {
        return Err(Failure::BadInput("--seeds: give at least one seed".into()));
    }
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    for path in &a.scenarios {
        let name = path
            .file_stem()
            .map_or("scenario".into(), |s| s.to_string_lossy().into_owned());
        match crate::scenario::load(path) {
            Ok(p) => problems.push((name, p)),
            Err(d) => errors.push(d.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::BadInput(errors.join("\n")));
    }
    let mut opts = solve_options(1, a.time_limit, a.iterations, a.threads)?;
    opts.progress = false;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = a
        .jobs
        .unwrap_or(if a.iterations.is_some() { cores } else { 1 })
        .max(1);
    eprintln!(
        "bench: {} scenario(s) × {} strategies × {} seed(s), {} at a time",
        problems.len(),
        strategies.len(),
        a.seeds.len(),
        jobs
    );
    let runs = bench_grid(&problems, &strategies, &a.seeds, &opts, jobs, !a.no_bound);
    let table = bench_table(&runs);
    let mut wrote = None;
    if let Some(dir) = &a.out {
        let files = vec![
            ("bench.csv".to_string(), bench_csv(&runs).into_bytes()),
            ("bench.md".to_string(), table.markdown().into_bytes()),
        ];
        report::write_files(dir, &files, false).map_err(|e| Failure::BadInput(e.to_string()))?;
        wrote = Some(format!(
            "\nWrote bench.csv and bench.md to {}",
            dir.display()
        ));
    }
    print!("{}", table.text());
    if let Some(w) = wrote {
        println!("{w}");
    }
    let broken: usize = runs.iter().map(|r| r.violations).sum();
    if broken > 0 {
        return Err(Failure::Negative(format!(
            "{broken} broken rule(s) in the plans above; run `jemput plan` on that scenario to see them"
        )));
    }
    Ok(())
}

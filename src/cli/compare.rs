//! `jemput compare A.toml B.toml ...`: plan each scenario the same way and show the figures
//! side by side, the best of each row marked; also as CSV and Markdown with `--out`.

use super::Failure;
use super::plan::{solve_options, strategy_named};
use crate::compare::compare_table;
use crate::pipeline;
use crate::report;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Two or more scenario files (TOML).
    #[arg(required = true, num_args = 2..)]
    pub scenarios: Vec<PathBuf>,
    /// Strategy used for every scenario (default: the best available search).
    #[arg(long)]
    pub strategy: Option<String>,
    /// Seed used for every scenario (default: each scenario's own seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Time limit per scenario, seconds.
    #[arg(long, default_value_t = 30.0)]
    pub time_limit: f64,
    /// Iteration limit per scenario.
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Search threads per scenario.
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Skip the LP upper bound.
    #[arg(long)]
    pub no_bound: bool,
    /// Also write compare.csv and compare.md into this folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let strat = strategy_named(a.strategy.as_deref())?;
    // Read every scenario first so all input problems are reported before any planning.
    let mut problems = Vec::new();
    let mut errors = Vec::new();
    for path in &a.scenarios {
        match crate::scenario::load(path) {
            Ok(p) => problems.push(p),
            Err(d) => errors.push(d.to_string()),
        }
    }
    if !errors.is_empty() {
        return Err(Failure::BadInput(errors.join("\n")));
    }
    let mut names: Vec<String> = a
        .scenarios
        .iter()
        .map(|p| {
            p.file_stem()
                .map_or("scenario".into(), |s| s.to_string_lossy().into_owned())
        })
        .collect();
    for i in 0..names.len() {
        if names[..i].contains(&names[i]) {
            names[i] = a.scenarios[i].display().to_string();
        }
    }
    let mut outcomes = Vec::new();
    for p in &problems {
        let opts = solve_options(
            a.seed.unwrap_or(p.seed),
            a.time_limit,
            a.iterations,
            a.threads,
        )?;
        let o = pipeline::run(p, strat.as_ref(), &opts, !a.no_bound);
        if !o.violations.is_empty() {
            return Err(super::plan::violations_failure(&o));
        }
        outcomes.push(o);
    }
    let summaries: Vec<&report::Summary> = outcomes.iter().map(|o| &o.summary).collect();
    let table = compare_table(&names, &summaries);
    let mut wrote = None;
    if let Some(dir) = &a.out {
        let files = vec![
            ("compare.csv".to_string(), table.csv().into_bytes()),
            ("compare.md".to_string(), table.markdown().into_bytes()),
        ];
        report::write_files(dir, &files, false).map_err(|e| Failure::BadInput(e.to_string()))?;
        wrote = Some(format!(
            "\nWrote compare.csv and compare.md to {}",
            dir.display()
        ));
    }
    println!("Compared with {} (same seed and limits):\n", strat.name());
    print!("{}", table.text());
    if let Some(w) = wrote {
        println!("{w}");
    }
    Ok(())
}

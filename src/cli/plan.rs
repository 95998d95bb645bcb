//! `jemput plan SCENARIO`: plan the horizon, print the key figures, write the output folder.
//!
//! Also re-plans mid-year: `--from DATE` starts the plan on that date, `--actuals CSV`
//! applies the activations recorded before it, and `--lock PLAN.csv` keeps the published
//! visits in that file (from `--from` on, or only up to `--lock-until DATE`) exactly and
//! re-optimizes the rest.

use super::Failure;
use crate::i18n::Lang;
use crate::pipeline::{self, Outcome};
use crate::plan::Plan;
use crate::problem::Problem;
use crate::replan;
use crate::report::{self, RunInfo};
use crate::strategy::{self, SolveOptions, Strategy};
use chrono::NaiveDate;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML); or a folder of scenarios, or a province file listing district
    /// scenarios, to plan them all in parallel with a roll-up.
    pub scenario: PathBuf,
    /// Districts planned at once in a batch (default: all cores).
    #[arg(long)]
    pub jobs: Option<usize>,
    /// Output folder (default: out/<scenario name>).
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// Planning strategy (see `jemput plan --help`; default: the best available search).
    #[arg(long)]
    pub strategy: Option<String>,
    /// Random seed (default: the scenario's seed).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Search time limit in seconds.
    #[arg(long, default_value_t = 30.0)]
    pub time_limit: f64,
    /// Stop the search after this many iterations (makes the plan independent of speed).
    #[arg(long)]
    pub iterations: Option<u64>,
    /// Search threads (the plan depends on seed and thread count, nothing else).
    #[arg(long, default_value_t = 1)]
    pub threads: usize,
    /// Cooling cycles in a row without a new best before the search stops, each reheating
    /// hotter (1 = stop at the first; more uses more of --time-limit).
    #[arg(long, default_value_t = 1)]
    pub patience: u32,
    /// Further runs of the search from its starting plan, each with its own seed, after a
    /// run stops by itself; the best plan is kept (0 = one run). Uses more of --time-limit.
    #[arg(long, default_value_t = 0)]
    pub restarts: u32,
    /// Skip the LP upper bound (and the gap).
    #[arg(long)]
    pub no_bound: bool,
    /// Replace output files even if someone edited them since jemput wrote them.
    #[arg(long)]
    pub force: bool,
    /// Language of the printed summary, the monthly plans (YYYY-MM.md) and report.html:
    /// en or id (Bahasa Indonesia). CSV and JSON files stay in English.
    #[arg(long, default_value = "en")]
    pub lang: String,
    /// Re-plan from this date (YYYY-MM-DD): the plan starts here.
    #[arg(long)]
    pub from: Option<NaiveDate>,
    /// Activations recorded before --from: CSV with site_code,date,activations.
    #[arg(long, requires = "from")]
    pub actuals: Option<PathBuf>,
    /// Published visits to keep exactly (a plan.csv); its visits before --from are ignored.
    #[arg(long, requires = "from")]
    pub lock: Option<PathBuf>,
    /// Lock only the visits of --lock up to and including this date.
    #[arg(long, requires = "lock")]
    pub lock_until: Option<NaiveDate>,
}

/// The strategy called `name`, or the default search when `name` is `None`.
pub fn strategy_named(name: Option<&str>) -> Result<Box<dyn Strategy>, Failure> {
    let name = name.unwrap_or_else(|| {
        if strategy::by_name("alns").is_some() {
            "alns"
        } else {
            "greedy"
        }
    });
    strategy::by_name(name).ok_or_else(|| {
        Failure::BadInput(format!(
            "--strategy {name}: unknown strategy; use one of {}",
            strategy::names().join(", ")
        ))
    })
}

/// `--patience`, checked.
fn patience(n: u32) -> Result<u32, Failure> {
    if (1..=1000).contains(&n) {
        Ok(n)
    } else {
        Err(Failure::BadInput(format!(
            "--patience {n}: give between 1 and 1000 cycles, e.g. --patience 5"
        )))
    }
}

/// Solve options from the common flags, checked.
pub fn solve_options(
    seed: u64,
    time_limit: f64,
    iterations: Option<u64>,
    threads: usize,
) -> Result<SolveOptions, Failure> {
    if !(time_limit > 0.0 && time_limit.is_finite() && time_limit <= 7.0 * 86_400.0) {
        return Err(Failure::BadInput(format!(
            "--time-limit {time_limit}: give a number of seconds between 0 and 604800, e.g. --time-limit 30"
        )));
    }
    if !(1..=256).contains(&threads) {
        return Err(Failure::BadInput(format!(
            "--threads {threads}: give between 1 and 256 threads"
        )));
    }
    Ok(SolveOptions {
        seed,
        time_limit: Some(Duration::from_secs_f64(time_limit)),
        iterations,
        threads,
        progress: std::io::stderr().is_terminal(),
        patience: 1,
        restarts: 0,
    })
}

/// The default output folder for a scenario: `out/<file stem>`.
pub fn default_out(scenario: &Path) -> PathBuf {
    let stem = scenario
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "plan".into());
    PathBuf::from("out").join(stem)
}

/// Writes an outcome's files into `dir`; refuses (exit 2) to replace edited files.
pub fn write_outcome(
    dir: &Path,
    p: &Problem,
    o: &Outcome,
    lang: Lang,
    force: bool,
) -> Result<Vec<PathBuf>, Failure> {
    let files = pipeline::output_files(p, o, lang);
    report::write_files(dir, &files, force).map_err(|e| Failure::BadInput(e.to_string()))
}

/// Lists broken rules and turns them into exit 1.
pub fn violations_failure(o: &Outcome) -> Failure {
    let mut msg = format!(
        "the {} strategy produced a plan that breaks {} rule(s); nothing was written:\n",
        o.summary.strategy,
        o.violations.len()
    );
    for v in o.violations.iter().take(50) {
        msg.push_str(&format!("  {v}\n"));
    }
    Failure::Negative(msg.trim_end().to_string())
}

pub fn run(a: Args) -> Result<(), Failure> {
    let lang: Lang = a
        .lang
        .parse()
        .map_err(|e| Failure::BadInput(format!("--lang: {e}")))?;
    if crate::batch::is_batch(&a.scenario) {
        return run_batch(a, lang);
    }
    let full = crate::scenario::load(&a.scenario)?;
    let strat = strategy_named(a.strategy.as_deref())?;
    let mut opts = solve_options(
        a.seed.unwrap_or(full.seed),
        a.time_limit,
        a.iterations,
        a.threads,
    )?;
    opts.patience = patience(a.patience)?;
    opts.restarts = a.restarts;

    let (p, outcome) = match a.from {
        None => {
            let o = pipeline::run(&full, strat.as_ref(), &opts, !a.no_bound);
            (full, o)
        }
        Some(from) => {
            let actuals = match &a.actuals {
                Some(path) => crate::scenario::actuals::read_actuals(&full, path)
                    .map_err(|errors| super::diagnostics_failure(path, "actuals", errors))?,
                None => Vec::new(),
            };
            let p = replan::from_date(&full, from, &actuals).map_err(Failure::BadInput)?;
            let locked = match &a.lock {
                Some(path) => locked_visits(&full, path, from, a.lock_until)?,
                None => Plan::default(),
            };
            let clock = Instant::now();
            let plan = replan::replan(&p, &locked, &|q: &Problem| strat.solve(q, &opts).plan);
            let run = RunInfo {
                strategy: strat.name().to_string(),
                seed: opts.seed,
                runtime_s: clock.elapsed().as_secs_f64(),
                iterations: 0,
                threads: opts.threads,
                time_limit_s: opts.time_limit.map(|t| t.as_secs_f64()),
            };
            let o = pipeline::finish(&p, plan, &run, !a.no_bound);
            (p, o)
        }
    };
    if !outcome.violations.is_empty() {
        return Err(violations_failure(&outcome));
    }
    // Files first: the summary goes to a terminal or a pipe that may close early.
    let dir = a.out.clone().unwrap_or_else(|| default_out(&a.scenario));
    let written = write_outcome(&dir, &p, &outcome, lang, a.force)?;
    print!("{}", report::terminal_summary_in(&outcome.summary, lang));
    println!(
        "\n{}",
        lang.fill("plan_wrote", &[&written.len(), &dir.display()])
    );
    Ok(())
}

/// The visits of the published plan at `path` from `from` on (through `until` when given),
/// as a plan of the problem cut to start at `from`.
fn locked_visits(
    full: &Problem,
    path: &Path,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Result<Plan, Failure> {
    let until = until.unwrap_or(NaiveDate::MAX);
    if until < from {
        return Err(Failure::BadInput(format!(
            "--lock-until {until} is before --from {from}; lock the days from {from} on"
        )));
    }
    let current =
        crate::scenario::read_plan_csv(full, path).map_err(|e| super::plan_csv_failure(path, e))?;
    let first = full.day_of(from).unwrap_or(0);
    let mut plan = Plan {
        routes: current
            .routes
            .into_iter()
            .filter(|r| r.day >= first && full.days[r.day].date <= until)
            .map(|mut r| {
                r.day -= first;
                r
            })
            .collect(),
    };
    plan.normalize();
    Ok(plan)
}

/// Plans every district of a folder or province file; exit 2 when any district's input is
/// bad, 1 when any plan broke a rule (the others are planned and written regardless).
fn run_batch(a: Args, lang: Lang) -> Result<(), Failure> {
    if a.from.is_some() || a.lock.is_some() {
        return Err(Failure::BadInput(
            "--from/--actuals/--lock re-plan one district; give that district's scenario file"
                .into(),
        ));
    }
    let (name, files) = crate::batch::members(&a.scenario).map_err(Failure::BadInput)?;
    let strat = strategy_named(a.strategy.as_deref())?;
    let mut solve = solve_options(1, a.time_limit, a.iterations, a.threads)?;
    solve.progress = false;
    solve.patience = patience(a.patience)?;
    solve.restarts = a.restarts;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let jobs = a.jobs.unwrap_or(cores).max(1);
    let out = a.out.clone().unwrap_or_else(|| default_out(&a.scenario));
    eprintln!(
        "planning {} district(s) of {name} with {}, {jobs} at a time, {} s each",
        files.len(),
        strat.name(),
        a.time_limit
    );
    let options = crate::batch::BatchOptions {
        strategy: strat.name().to_string(),
        seed: a.seed,
        solve,
        jobs,
        bound: !a.no_bound,
        lang,
        force: a.force,
    };
    let clock = Instant::now();
    let rollup = crate::batch::run(name, &files, &out, &options);
    crate::batch::write_rollup(&out, &rollup, a.force)
        .map_err(|e| Failure::BadInput(e.to_string()))?;
    print!("{}", rollup.text());
    println!(
        "\nPlanned in {:.1} s; one folder per district and rollup.csv/json/txt in {}",
        clock.elapsed().as_secs_f64(),
        out.display()
    );
    match rollup.failed.iter().map(|f| f.exit_code).max() {
        Some(2) => Err(Failure::BadInput(format!(
            "{} district(s) could not be read; see above",
            rollup.failed.len()
        ))),
        Some(_) => Err(Failure::Negative(format!(
            "{} district plan(s) broke a rule; see above",
            rollup.failed.len()
        ))),
        None => Ok(()),
    }
}

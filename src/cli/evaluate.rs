//! `jemput evaluate SCENARIO PLAN.csv`: re-check and re-score a plan a person edited.
//!
//! Planners move visits around in `plan.csv` (a village asks for another date, a team car
//! breaks down). This command reads the edited file back, runs the independent checker on
//! it, prints every broken rule and the key figures of the plan as it now stands. Exit 1
//! when a rule is broken, 2 when the scenario or the plan cannot be read.

use super::Failure;
use crate::checker;
use crate::i18n::Lang;
use crate::problem::Problem;
use crate::report::{self, RunInfo, Summary};
use crate::response;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario file (TOML) the plan was made for.
    pub scenario: PathBuf,
    /// The plan to check: a plan.csv written by `jemput plan`, possibly edited.
    pub plan: PathBuf,
    /// Print the summary as JSON on standard output (violations go to standard error).
    #[arg(long)]
    pub json: bool,
    /// Language of the printed summary: en or id (Bahasa Indonesia). JSON stays in English.
    #[arg(long, default_value = "en")]
    pub lang: String,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let lang: Lang = args
        .lang
        .parse()
        .map_err(|e| Failure::BadInput(format!("--lang: {e}")))?;
    let problem = crate::scenario::load(&args.scenario)?;
    let stdout = std::io::stdout();
    let stderr = std::io::stderr();
    evaluate_plan_in(
        &problem,
        &args.plan,
        args.json,
        lang,
        &mut stdout.lock(),
        &mut stderr.lock(),
    )
}

/// Reads, checks and scores the plan at `plan_path` for problem `p`, writing the report to
/// `out` (and, with `json`, the violations to `err` so `out` stays valid JSON).
pub fn evaluate_plan(
    p: &Problem,
    plan_path: &Path,
    json: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    evaluate_plan_in(p, plan_path, json, Lang::En, out, err)
}

/// [`evaluate_plan`] with the summary printed in `lang` (the rules broken and the JSON stay
/// in English).
pub fn evaluate_plan_in(
    p: &Problem,
    plan_path: &Path,
    json: bool,
    lang: Lang,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<(), Failure> {
    let clock = Instant::now();
    let plan = crate::scenario::read_plan_csv(p, plan_path)
        .map_err(|errors| super::plan_csv_failure(plan_path, errors))?;
    let violations = checker::check(p, &plan);
    let eval = response::evaluate(p, &plan);
    let run = RunInfo {
        strategy: "plan file".into(),
        seed: p.seed,
        runtime_s: clock.elapsed().as_secs_f64(),
        iterations: 0,
        threads: 1,
        time_limit_s: None,
    };
    let summary = Summary::new(p, &plan, &eval, &run);

    let io = |e: std::io::Error| Failure::BadInput(format!("cannot write the report: {e}"));
    let listing: &mut dyn Write = if json { &mut *err } else { &mut *out };
    if violations.is_empty() {
        if !json {
            writeln!(
                listing,
                "{}\n",
                lang.fill(
                    "eval_ok",
                    &[&plan_path.display(), &summary.visits, &summary.team_days]
                )
            )
            .map_err(io)?;
        }
    } else {
        writeln!(
            listing,
            "{}",
            lang.fill("eval_broken", &[&plan_path.display(), &violations.len()])
        )
        .map_err(io)?;
        for v in &violations {
            writeln!(listing, "  {}", v).map_err(io)?;
        }
        writeln!(listing).map_err(io)?;
    }
    if json {
        let text = serde_json::to_string_pretty(&summary).expect("plain data serializes");
        writeln!(out, "{text}").map_err(io)?;
    } else {
        write!(out, "{}", report::terminal_summary_in(&summary, lang)).map_err(io)?;
    }

    if violations.is_empty() {
        Ok(())
    } else {
        Err(Failure::Negative(format!(
            "{} rule(s) broken in {}: fix the rows named above and run `jemput evaluate` again",
            violations.len(),
            plan_path.display()
        )))
    }
}

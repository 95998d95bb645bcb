//! One planning run, the same for every command that plans: `plan`, `compare`, the batch
//! mode and the benchmarks.
//!
//! strategy → independent checker → response model → upper bound → summary → reasons for
//! the sites left out → the files of the output folder. Keeping it in one place means a
//! figure printed by `compare` is the figure `plan` writes to `summary.json`.

use crate::checker::{self, Violation};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::report::{self, RunInfo, Summary, Unvisited};
use crate::response::{self, Evaluation};
use crate::strategy::{SolveOptions, Strategy};
use crate::visual;
use std::time::Instant;

/// An upper bound on the objective of any feasible plan, with what the solver said.
#[derive(Debug, Clone, PartialEq)]
pub struct Bound {
    pub value: f64,
    /// The LP backend's own status, kept verbatim for the report.
    pub status: String,
    /// LP visits per site over the horizon (for the "fewer visits than the LP" reasons).
    pub site_visits: Vec<f64>,
    pub seconds: f64,
}

/// Everything one run produced.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub plan: Plan,
    pub eval: Evaluation,
    pub summary: Summary,
    /// Broken rules found by the independent checker (empty for a feasible plan).
    pub violations: Vec<Violation>,
    pub bound: Option<Bound>,
    pub unvisited: Vec<Unvisited>,
}

/// The upper bound for `p` (see [`crate::lp`]), or why it could not be computed.
pub fn bound(p: &Problem) -> Result<Bound, String> {
    let b = crate::lp::bound(p, &crate::lp::LpOptions::default())?;
    Ok(summarise(&b))
}

fn summarise(b: &crate::lp::LpBound) -> Bound {
    Bound {
        value: b.value,
        status: b.status.clone(),
        site_visits: b.site_visits(),
        seconds: b.seconds,
    }
}

/// Plans `p` with `strategy`, checks and scores the plan, and (when `with_bound`) computes
/// the upper bound and the gap.
pub fn run(
    p: &Problem,
    strategy: &dyn Strategy,
    options: &SolveOptions,
    with_bound: bool,
) -> Outcome {
    let clock = Instant::now();
    let solution = strategy.solve(p, options);
    let runtime_s = clock.elapsed().as_secs_f64();
    let run = RunInfo {
        strategy: strategy.name().to_string(),
        seed: options.seed,
        runtime_s,
        iterations: solution.iterations,
        threads: options.threads,
        time_limit_s: options.time_limit.map(|t| t.as_secs_f64()),
    };
    // A strategy that solved the same LP already hands it over.
    let known = if with_bound {
        solution.bound.as_ref().map(summarise)
    } else {
        None
    };
    finish_with(p, solution.plan, &run, with_bound, known)
}

/// Checks, scores and summarises a plan made elsewhere (a locked re-plan, an edited file).
pub fn finish(p: &Problem, plan: Plan, run: &RunInfo, with_bound: bool) -> Outcome {
    finish_with(p, plan, run, with_bound, None)
}

fn finish_with(
    p: &Problem,
    plan: Plan,
    run: &RunInfo,
    with_bound: bool,
    known: Option<Bound>,
) -> Outcome {
    let violations = checker::check(p, &plan);
    let eval = response::evaluate(p, &plan);
    let mut summary = Summary::new(p, &plan, &eval, run);
    let bound = match known {
        Some(b) => Some(b),
        None if with_bound => bound(p).ok(),
        None => None,
    };
    if let Some(b) = &bound {
        summary.set_bound(b.value, b.status.clone());
    }
    let unvisited = report::unvisited(
        p,
        &plan,
        &eval,
        bound.as_ref().map(|b| b.site_visits.as_slice()),
    );
    summary.set_unvisited(&unvisited);
    Outcome {
        plan,
        eval,
        summary,
        violations,
        bound,
        unvisited,
    }
}

/// The files of an output folder: `plan.csv`, `plan.json`, `summary.json`, the monthly
/// Markdown, `unvisited.csv`, `plan.geojson` and `report.html`. The monthly Markdown and
/// `report.html` are written in `lang`; the CSV, JSON and GeoJSON files stay in English.
pub fn output_files(p: &Problem, o: &Outcome, lang: Lang) -> Vec<(String, Vec<u8>)> {
    let mut files = report::render_all_in(p, &o.plan, &o.summary, lang);
    files.push((
        "unvisited.csv".into(),
        report::unvisited_csv(&o.unvisited).into_bytes(),
    ));
    let geo = visual::geojson::render(p, &o.plan, &o.eval);
    let mut geo_bytes = serde_json::to_vec(&geo).unwrap_or_default();
    geo_bytes.push(b'\n');
    files.push(("plan.geojson".into(), geo_bytes));
    let header = visual::html::Header {
        strategy: o.summary.strategy.clone(),
        seed: o.summary.seed,
        bound: o.summary.bound,
    };
    files.push((
        "report.html".into(),
        visual::html::render(p, &o.plan, &o.eval, &header, lang).into_bytes(),
    ));
    files
}

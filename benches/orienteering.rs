//! Plan-quality harness on the published orienteering benchmarks (TOP of Chao et al. 1996,
//! TOPTW on Solomon and Cordeau instances, OPSTP of Yu et al. with service-time-dependent
//! profits): solves every instance of a set with one strategy, verifies each solution in
//! floating point, and prints the gap to the published reference per instance, per family
//! (OPSTP: per instance size) and per set. Protocol and figures: docs/orienteering.md.
//!
//! ```text
//! cargo bench --bench orienteering -- --set ../shared/bench/top_chao --time-limit 10 --seed 1
//! ```
//!
//! Flags: `--set PATH` (repeatable; a folder of sets runs each), `--filter SUBSTR[,SUBSTR..]`,
//! `--strategy NAME` (default alns when registered, else greedy), `--time-limit SECONDS`,
//! `--iterations N`, `--seed N`, `--threads N`, `--m 1,2,3,4` (TOPTW paths), `--csv PATH`
//! (default target/orienteering-<set>.csv), `--max-instances N`, `--patience N` (search
//! cycles without a new best before stopping, as `jemput plan --patience`), `--scale N`
//! (OPSTP: scaled minutes per instance minute, default `opstp::default_scale`). Unknown
//! flags (cargo passes `--bench`) are ignored. A missing set folder is skipped with a
//! message.

use jemput::checker;
use jemput::orienteering::{
    self, Instance, Reference, SetKind, opstp, paths_of, to_problem, top, toptw, verify,
};
use jemput::response::evaluate;
use jemput::strategy::{self, SolveOptions, Strategy};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set while a strategy runs, so the panic hook stays quiet for panics caught per run.
static IN_STRATEGY: AtomicBool = AtomicBool::new(false);

struct Args {
    sets: Vec<String>,
    filter: Option<String>,
    strategy: Option<String>,
    time_limit: f64,
    iterations: Option<u64>,
    seed: u64,
    threads: usize,
    teams: Vec<usize>,
    csv: Option<PathBuf>,
    max_instances: Option<usize>,
    patience: u32,
    restarts: u32,
    scale: Option<u64>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        sets: Vec::new(),
        filter: None,
        strategy: None,
        time_limit: 10.0,
        iterations: None,
        seed: 1,
        threads: 1,
        teams: vec![1, 2, 3, 4],
        csv: None,
        max_instances: None,
        patience: 1,
        restarts: 0,
        scale: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (flag, None),
        };
        let known = [
            "--set",
            "--filter",
            "--strategy",
            "--time-limit",
            "--iterations",
            "--seed",
            "--threads",
            "--m",
            "--csv",
            "--max-instances",
            "--patience",
            "--restarts",
            "--scale",
        ];
        if !known.contains(&flag.as_str()) {
            continue; // `--bench` and other cargo flags
        }
        let value = inline
            .or_else(|| it.next())
            .ok_or_else(|| format!("{flag} needs a value"))?;
        let num = |what: &str| -> Result<f64, String> {
            value
                .parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("{flag} takes {what}, found `{value}`"))
        };
        match flag.as_str() {
            "--set" => a.sets.push(value.clone()),
            "--filter" => a.filter = Some(value.clone()),
            "--strategy" => a.strategy = Some(value.clone()),
            "--time-limit" => a.time_limit = num("seconds")?,
            "--iterations" => a.iterations = Some(num("a whole number")? as u64),
            "--seed" => a.seed = num("a whole number")? as u64,
            "--threads" => a.threads = (num("a whole number")? as usize).max(1),
            "--max-instances" => a.max_instances = Some(num("a whole number")? as usize),
            "--patience" => a.patience = (num("a whole number")? as u32).clamp(1, 1000),
            "--restarts" => a.restarts = (num("a whole number")? as u32).min(1000),
            "--csv" => a.csv = Some(PathBuf::from(&value)),
            "--scale" => {
                let s = num("a whole number")? as u64;
                if s == 0 || s > opstp::MAX_SCALE {
                    return Err(format!(
                        "--scale takes 1 to {}, found `{value}`",
                        opstp::MAX_SCALE
                    ));
                }
                a.scale = Some(s);
            }
            "--m" => {
                a.teams = value
                    .split(',')
                    .map(|t| t.trim().parse::<usize>().ok().filter(|m| *m > 0))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| format!("--m takes paths like 1,2,3,4, found `{value}`"))?
            }
            _ => unreachable!(),
        }
    }
    Ok(a)
}

/// The shared data folder: `JEMPUT_SHARED`, else `../shared` beside the crate.
fn shared_candidates() -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    std::env::var_os("JEMPUT_SHARED")
        .map(PathBuf::from)
        .into_iter()
        .chain([root.join("../shared")])
        .collect()
}

/// A `--set` path as given (current folder), else from the crate root, else with a leading
/// `.../shared/` re-rooted at the shared data folder, else a set name under `shared/bench`.
fn resolve_set(given: &str) -> Option<PathBuf> {
    let path = PathBuf::from(given);
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut tries = vec![path.clone(), root.join(&path)];
    let parts: Vec<_> = path.components().collect();
    if let Some(k) = parts.iter().position(|c| c.as_os_str() == "shared") {
        let rest: PathBuf = parts[k + 1..].iter().collect();
        tries.extend(shared_candidates().into_iter().map(|s| s.join(&rest)));
    }
    tries.extend(
        shared_candidates()
            .into_iter()
            .map(|s| s.join("bench").join(&path)),
    );
    tries.into_iter().find(|p| p.is_dir())
}

/// Sets under a path: the path itself, or each sub-folder that holds a set.
fn sets_under(dir: &Path) -> Vec<(PathBuf, SetKind)> {
    if let Some(kind) = orienteering::detect_set(dir)
        && !orienteering::list_instances(dir).is_empty()
    {
        return vec![(dir.to_path_buf(), kind)];
    }
    let mut subs: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    subs.sort();
    subs.into_iter()
        .filter_map(|p| {
            let kind = orienteering::detect_set(&p)?;
            (!orienteering::list_instances(&p).is_empty()).then_some((p, kind))
        })
        .collect()
}

/// One solved instance.
struct Row {
    set: String,
    instance: String,
    family: String,
    m: usize,
    customers: usize,
    tmax: f64,
    score: f64,
    reference: Option<(f64, &'static str)>,
    refs: Reference,
    gap_pct: Option<f64>,
    seconds: f64,
    verified: bool,
    problems: Vec<String>,
    /// Customers on the tour(s).
    visited: usize,
    /// OPSTP: the score of the same tour with the service times re-optimised in real
    /// numbers (`opstp::best_services`), what jemput's integer stays leave on the table.
    exact_stays: Option<f64>,
}

/// What one run gave.
struct Outcome {
    score: f64,
    seconds: f64,
    verified: bool,
    problems: Vec<String>,
    visited: usize,
    exact_stays: Option<f64>,
}

fn gap_pct(score: f64, reference: f64) -> f64 {
    if reference <= 0.0 {
        if score >= reference { 0.0 } else { 100.0 }
    } else {
        (reference - score) / reference * 100.0
    }
}

fn fmt_opt(v: Option<f64>) -> String {
    v.map_or_else(|| "-".into(), |v| format!("{v}"))
}

/// Solves `p` with `strat`, timed; a panic inside the strategy becomes `Err(message)`.
fn solve_timed(
    p: &jemput::problem::Problem,
    strat: &dyn Strategy,
    options: &SolveOptions,
) -> (Result<jemput::plan::Plan, String>, f64) {
    let t0 = Instant::now();
    // A strategy that panics fails this run (✗, with the message) and the set goes on.
    IN_STRATEGY.store(true, Ordering::Relaxed);
    let solved = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| strat.solve(p, options)));
    IN_STRATEGY.store(false, Ordering::Relaxed);
    let seconds = t0.elapsed().as_secs_f64();
    let plan = solved.map(|s| s.plan).map_err(|payload| {
        let message = payload
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "(no message)".into());
        format!("the strategy panicked: {message}")
    });
    (plan, seconds)
}

fn failed(seconds: f64, problem: String) -> Outcome {
    Outcome {
        score: 0.0,
        seconds,
        verified: false,
        problems: vec![problem],
        visited: 0,
        exact_stays: None,
    }
}

fn run_instance(
    inst: &Instance,
    strat: &dyn Strategy,
    options: &SolveOptions,
) -> Result<Outcome, String> {
    let scale = orienteering::default_scale(inst)
        .ok_or_else(|| format!("{}: budget {} too large to scale", inst.name, inst.tmax))?;
    let adapted = to_problem(inst, scale)?;
    let p = &adapted.problem;
    let (plan, seconds) = solve_timed(p, strat, options);
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => return Ok(failed(seconds, e)),
    };
    let mut problems: Vec<String> = checker::check(p, &plan)
        .iter()
        .map(|v| format!("checker: {v}"))
        .collect();
    let verdict = verify::verify(inst, &paths_of(&plan));
    problems.extend(verdict.problems.iter().map(|p| format!("verifier: {p}")));
    let objective = evaluate(p, &plan).objective;
    if objective != verdict.score {
        problems.push(format!(
            "jemput's objective {objective} differs from the verified score {}",
            verdict.score
        ));
    }
    let bound = verify::reachable_bound(inst);
    if verdict.score > bound {
        problems.push(format!(
            "score {} above the bound {bound} of individually reachable prizes",
            verdict.score
        ));
    }
    Ok(Outcome {
        score: verdict.score,
        seconds,
        verified: problems.is_empty(),
        problems,
        visited: plan.visits(),
        exact_stays: None,
    })
}

/// One OPSTP run: the adapted problem solved by `strat`, the tour checked by jemput's
/// checker and by the floating-point verifier with the instance's own rules, jemput's
/// objective compared with the verified profit (to 10⁻⁹ relative: the two compute the same
/// exponentials in a different order), and the score of the same tour with exact service
/// times beside it.
fn run_opstp(
    inst: &opstp::Instance,
    strat: &dyn Strategy,
    options: &SolveOptions,
    scale: Option<u64>,
) -> Result<Outcome, String> {
    let scale = scale.unwrap_or_else(|| opstp::default_scale(inst));
    let adapted = opstp::to_problem(inst, scale)?;
    let p = &adapted.problem;
    let (plan, seconds) = solve_timed(p, strat, options);
    let plan = match plan {
        Ok(plan) => plan,
        Err(e) => return Ok(failed(seconds, e)),
    };
    let mut problems: Vec<String> = checker::check(p, &plan)
        .iter()
        .map(|v| format!("checker: {v}"))
        .collect();
    let tour = opstp::tour_of(&plan, scale);
    let verdict = verify::verify_opstp(inst, &tour);
    problems.extend(verdict.problems.iter().map(|p| format!("verifier: {p}")));
    let objective = evaluate(p, &plan).objective;
    if (objective - verdict.score).abs() > 1e-9 * verdict.score.abs().max(1.0) {
        problems.push(format!(
            "jemput's objective {objective} differs from the verified score {}",
            verdict.score
        ));
    }
    let bound = verify::opstp_bound(inst);
    if verdict.score > bound + 1e-9 {
        problems.push(format!(
            "score {} above the bound {bound} of customers served alone",
            verdict.score
        ));
    }
    let order: Vec<usize> = tour.iter().map(|t| t.0).collect();
    let exact_stays = opstp::best_services(inst, &order).map(|services| {
        let exact: Vec<(usize, f64)> = order.iter().copied().zip(services).collect();
        let v = verify::verify_opstp(inst, &exact);
        if v.ok() { v.score } else { f64::NAN }
    });
    Ok(Outcome {
        score: verdict.score,
        seconds,
        verified: problems.is_empty(),
        problems,
        visited: tour.len(),
        exact_stays,
    })
}

fn run_set(
    dir: &Path,
    kind: SetKind,
    args: &Args,
    strat: &dyn Strategy,
    budget: &mut usize,
) -> Result<Vec<Row>, String> {
    let set = dir
        .file_name()
        .map_or_else(|| "set".into(), |n| n.to_string_lossy().into_owned());
    let refs = orienteering::load_references(dir, kind).map_err(|e| e.to_string())?;
    let options = SolveOptions {
        seed: args.seed,
        time_limit: Some(Duration::from_secs_f64(args.time_limit)),
        iterations: args.iterations,
        threads: args.threads,
        progress: false,
        patience: args.patience,
        restarts: args.restarts,
    };
    println!(
        "\n== {set} ({}) — strategy {}, seed {}, time limit {} s, threads {}",
        dir.display(),
        strat.name(),
        args.seed,
        args.time_limit,
        args.threads
    );
    if kind == SetKind::Opstp {
        println!(
            "{:<10} {:>5} {:>9} {:>9} {:>7} {:>7} {:>9} {:>7}  ok",
            "instance", "nodes", "score", "TSNLP", "ratio", "visited", "exact", "s"
        );
    } else {
        println!(
            "{:<10} {:>2} {:>7} {:>7}  {:<28} {:>7} {:>7}  ok",
            "instance", "m", "score", "ref", "source", "gap %", "s"
        );
    }
    let mut rows = Vec::new();
    let mut files = orienteering::list_instances(dir);
    if kind == SetKind::Opstp {
        // By size, then name: kroA25, kroB25, kroC25, kroA50, ...
        files.sort_by_key(|f| {
            let name = f
                .file_stem()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let size: usize = orienteering::family(kind, &name)
                .trim_start_matches('n')
                .parse()
                .unwrap_or(usize::MAX);
            (size, name)
        });
    }
    for file in files {
        let name = file
            .file_stem()
            .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
        if args
            .filter
            .as_ref()
            .is_some_and(|f| !f.split(',').any(|f| name.contains(f)))
        {
            continue;
        }
        if kind == SetKind::Opstp {
            if *budget == 0 {
                return Ok(rows);
            }
            *budget -= 1;
            rows.push(opstp_row(&file, &set, &refs, args, strat, &options)?);
            continue;
        }
        let teams: Vec<Option<usize>> = match kind {
            SetKind::Toptw => args.teams.iter().map(|&m| Some(m)).collect(),
            _ => vec![None],
        };
        for m in teams {
            if *budget == 0 {
                return Ok(rows);
            }
            *budget -= 1;
            let inst = match m {
                None => top::read(&file),
                Some(m) => toptw::read(&file, m),
            }
            .map_err(|e| e.to_string())?;
            let Outcome {
                score,
                seconds,
                verified,
                problems,
                visited,
                exact_stays,
            } = run_instance(&inst, strat, &options)?;
            let r = refs
                .get(&(inst.name.clone(), inst.teams))
                .cloned()
                .unwrap_or_default();
            let reference = r.target();
            let gap = reference.map(|(v, _)| gap_pct(score, v));
            println!(
                "{:<10} {:>2} {:>7} {:>7}  {:<28} {:>7} {:>7.2}  {}",
                inst.name,
                inst.teams,
                score,
                fmt_opt(reference.map(|r| r.0)),
                reference.map_or("-", |r| r.1),
                gap.map_or_else(|| "-".into(), |g| format!("{g:.2}")),
                seconds,
                if verified { "✓" } else { "✗" }
            );
            for p in &problems {
                println!("    {p}");
            }
            rows.push(Row {
                set: set.clone(),
                family: orienteering::family(kind, &inst.name),
                instance: inst.name.clone(),
                m: inst.teams,
                customers: inst.customers.len(),
                tmax: inst.tmax,
                score,
                reference,
                refs: r,
                gap_pct: gap,
                seconds,
                verified,
                problems,
                visited,
                exact_stays,
            });
        }
    }
    Ok(rows)
}

/// Reads, solves and prints one OPSTP instance.
fn opstp_row(
    file: &Path,
    set: &str,
    refs: &std::collections::HashMap<(String, usize), Reference>,
    args: &Args,
    strat: &dyn Strategy,
    options: &SolveOptions,
) -> Result<Row, String> {
    let inst = opstp::read(file).map_err(|e| e.to_string())?;
    let r = refs
        .get(&(inst.name.clone(), 1))
        .cloned()
        .unwrap_or_default();
    let mut notes = Vec::new();
    if r.table_nodes.is_some_and(|n| n != inst.nodes())
        || r.table_tmax.is_some_and(|t| (t - inst.tmax).abs() > 1e-9)
    {
        notes.push(format!(
            "the reference table says {} nodes and Tmax {}, the file {} and {}",
            fmt_opt(r.table_nodes.map(|n| n as f64)),
            fmt_opt(r.table_tmax),
            inst.nodes(),
            inst.tmax
        ));
    }
    let must = inst.must_visit();
    if !must.is_empty() {
        notes.push(format!(
            "{} customer(s) marked MustVisit: jemput cannot force a visit, the verifier checks them",
            must.len()
        ));
    }
    let mut out = run_opstp(&inst, strat, options, args.scale)?;
    let reference = r.target();
    let gap = reference.map(|(v, _)| gap_pct(out.score, v));
    let ratio = reference.map(|(v, _)| out.score / v);
    println!(
        "{:<10} {:>5} {:>9.2} {:>9} {:>7} {:>3}/{:<3} {:>9} {:>7.2}  {}",
        inst.name,
        inst.nodes(),
        out.score,
        reference.map_or_else(|| "-".into(), |r| format!("{:.2}", r.0)),
        ratio.map_or_else(|| "-".into(), |x| format!("{x:.4}")),
        out.visited,
        r.tsnlp_visited
            .map_or_else(|| "-".into(), |v| v.to_string()),
        out.exact_stays
            .map_or_else(|| "-".into(), |x| format!("{x:.2}")),
        out.seconds,
        if out.verified { "✓" } else { "✗" }
    );
    for p in notes.iter().chain(&out.problems) {
        println!("    {p}");
    }
    out.problems.extend(notes);
    Ok(Row {
        set: set.to_string(),
        family: orienteering::family(SetKind::Opstp, &inst.name),
        instance: inst.name.clone(),
        m: 1,
        customers: inst.customers.len(),
        tmax: inst.tmax,
        score: out.score,
        reference,
        refs: r,
        gap_pct: gap,
        seconds: out.seconds,
        verified: out.verified,
        problems: out.problems,
        visited: out.visited,
        exact_stays: out.exact_stays,
    })
}

/// Per instance size (OPSTP): mean score against the mean published best, the mean of the
/// per-instance ratios, instances at or above the published best, time per instance.
fn opstp_summary(label: &str, rows: &[&Row]) -> String {
    let with: Vec<(&Row, f64)> = rows
        .iter()
        .filter_map(|r| Some((*r, r.refs.tsnlp_best?)))
        .collect();
    let n = rows.len();
    let time: f64 = rows.iter().map(|r| r.seconds).sum();
    let mut s = format!("{label:<6} n={n:<3}");
    if !with.is_empty() {
        let k = with.len() as f64;
        let mean_score = with.iter().map(|(r, _)| r.score).sum::<f64>() / k;
        let mean_best = with.iter().map(|(_, b)| b).sum::<f64>() / k;
        let mean_ratio = with.iter().map(|(r, b)| r.score / b).sum::<f64>() / k;
        let at = with.iter().filter(|(r, b)| r.score >= *b - 1e-9).count();
        let _ = write!(
            s,
            "  mean score {mean_score:.2} vs TSNLP best {mean_best:.2} (ratio of means {:.4}, mean ratio {mean_ratio:.4})  ≥ best {at}/{}",
            mean_score / mean_best,
            with.len()
        );
        let exact: Vec<f64> = with
            .iter()
            .filter_map(|(r, b)| r.exact_stays.filter(|x| x.is_finite()).map(|x| x / b))
            .collect();
        if exact.len() == with.len() {
            let _ = write!(
                s,
                "  exact stays: mean ratio {:.4}",
                exact.iter().sum::<f64>() / exact.len() as f64
            );
        }
    }
    let _ = write!(
        s,
        "  time {time:.1} s ({:.2} s per instance)",
        time / n.max(1) as f64
    );
    let failed = rows.iter().filter(|r| !r.verified).count();
    if failed > 0 {
        let _ = write!(s, "  NOT VERIFIED {failed}");
    }
    s
}

/// Per-group figures: mean gap, at or above the reference, below Chao 1996 (TOP) or below
/// the GRILS average (TOPTW), mean score against mean GRILS best, at a proven optimum.
fn summary(label: &str, rows: &[&Row]) -> String {
    let n = rows.len();
    let gaps: Vec<f64> = rows.iter().filter_map(|r| r.gap_pct).collect();
    let mean_gap = if gaps.is_empty() {
        "-".into()
    } else {
        format!("{:.2}", gaps.iter().sum::<f64>() / gaps.len() as f64)
    };
    let at_ref = rows
        .iter()
        .filter(|r| r.reference.is_some_and(|(v, _)| r.score >= v))
        .count();
    let with_ref = rows.iter().filter(|r| r.reference.is_some()).count();
    let chao: Vec<_> = rows
        .iter()
        .filter_map(|r| Some((r.score, r.refs.chao1996?)))
        .collect();
    let grils: Vec<_> = rows
        .iter()
        .filter_map(|r| Some((r.score, r.refs.grils_best?, r.refs.grils_avg)))
        .collect();
    let opt: Vec<_> = rows
        .iter()
        .filter_map(|r| Some((r.score, r.refs.optimum?)))
        .collect();
    let time: f64 = rows.iter().map(|r| r.seconds).sum();
    let failed = rows.iter().filter(|r| !r.verified).count();
    let mut s =
        format!("{label:<12} n={n:<3} mean gap {mean_gap:>6} %  at/above ref {at_ref}/{with_ref}");
    let bks: Vec<f64> = rows
        .iter()
        .filter_map(|r| Some(gap_pct(r.score, r.refs.best_known?)))
        .collect();
    if !bks.is_empty() {
        let _ = write!(
            s,
            "  gap to best known {:.2} % on {}",
            bks.iter().sum::<f64>() / bks.len() as f64,
            bks.len()
        );
    }
    if !chao.is_empty() {
        let below = chao.iter().filter(|(s, c)| s < c).count();
        let _ = write!(s, "  below Chao96 {below}/{}", chao.len());
    }
    if !grils.is_empty() {
        let k = grils.len() as f64;
        let mean_score = grils.iter().map(|g| g.0).sum::<f64>() / k;
        let mean_best = grils.iter().map(|g| g.1).sum::<f64>() / k;
        let below_avg = grils
            .iter()
            .filter(|g| g.2.is_some_and(|a| g.0 < a))
            .count();
        let at_best = grils.iter().filter(|g| g.0 >= g.1).count();
        let _ = write!(
            s,
            "  mean {mean_score:.1} vs GRILS best {mean_best:.1}  ≥GRILS best {at_best}/{}  <GRILS avg {below_avg}",
            grils.len()
        );
    }
    if !opt.is_empty() {
        let at = opt.iter().filter(|(s, o)| s >= o).count();
        let _ = write!(s, "  at optimum {at}/{}", opt.len());
    }
    let _ = write!(s, "  time {time:.1} s");
    if failed > 0 {
        let _ = write!(s, "  NOT VERIFIED {failed}");
    }
    s
}

fn print_summaries(kind: SetKind, rows: &[Row]) {
    if kind == SetKind::Opstp {
        let mut by_size: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
        for r in rows {
            by_size.entry(r.customers + 1).or_default().push(r);
        }
        println!("\nper instance size (nodes):");
        for (nodes, g) in &by_size {
            println!("  {}", opstp_summary(&format!("n{nodes}"), g));
        }
        let all: Vec<&Row> = rows.iter().collect();
        if let Some(first) = rows.first() {
            println!("set:\n  {}", opstp_summary(&first.set, &all));
        }
        return;
    }
    let mut groups: BTreeMap<String, Vec<&Row>> = BTreeMap::new();
    for r in rows {
        let key = match kind {
            SetKind::Toptw => format!("{} m={}", r.family, r.m),
            _ => r.family.clone(),
        };
        groups.entry(key).or_default().push(r);
    }
    println!("\nper family:");
    for (k, g) in &groups {
        println!("  {}", summary(k, g));
    }
    if kind == SetKind::Toptw {
        let mut by_m: BTreeMap<usize, Vec<&Row>> = BTreeMap::new();
        for r in rows {
            by_m.entry(r.m).or_default().push(r);
        }
        println!("per number of paths:");
        for (m, g) in &by_m {
            println!("  {}", summary(&format!("m={m}"), g));
        }
    }
    let all: Vec<&Row> = rows.iter().collect();
    if let Some(first) = rows.first() {
        println!("set:\n  {}", summary(&first.set, &all));
    }
}

fn write_csv(path: &Path, rows: &[Row], strategy: &str, args: &Args) -> Result<(), String> {
    let mut out = String::from(
        "set,instance,family,m,customers,tmax,strategy,seed,time_limit_s,score,reference,reference_source,gap_pct,best_known,chao1996,grils_best,grils_avg,optimum,seconds,verified,problems,tsnlp_best,ratio,visited,tsnlp_visited,exact_stays_score\n",
    );
    for r in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{},\"{}\",{},{},{},{},{},{},{:.3},{},\"{}\",{},{},{},{},{}",
            r.set,
            r.instance,
            r.family,
            r.m,
            r.customers,
            r.tmax,
            strategy,
            args.seed,
            args.time_limit,
            r.score,
            r.reference.map_or(String::new(), |x| x.0.to_string()),
            r.reference.map_or("", |x| x.1),
            r.gap_pct.map_or(String::new(), |g| format!("{g:.4}")),
            r.refs.best_known.map_or(String::new(), |v| v.to_string()),
            r.refs.chao1996.map_or(String::new(), |v| v.to_string()),
            r.refs.grils_best.map_or(String::new(), |v| v.to_string()),
            r.refs.grils_avg.map_or(String::new(), |v| v.to_string()),
            r.refs.optimum.map_or(String::new(), |v| v.to_string()),
            r.seconds,
            r.verified,
            r.problems.join("; ").replace('"', "'"),
            r.refs.tsnlp_best.map_or(String::new(), |v| v.to_string()),
            r.reference
                .map_or(String::new(), |x| format!("{:.6}", r.score / x.0)),
            r.visited,
            r.refs
                .tsnlp_visited
                .map_or(String::new(), |v| v.to_string()),
            r.exact_stays.map_or(String::new(), |v| format!("{v:.6}")),
        );
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| format!("{}: {e}", parent.display()))?;
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let name = args.strategy.clone().unwrap_or_else(|| {
        if strategy::by_name("alns").is_some() {
            "alns".into()
        } else {
            "greedy".into()
        }
    });
    let Some(strat) = strategy::by_name(&name) else {
        eprintln!(
            "error: no strategy `{name}`; choose one of {}",
            strategy::names().join(", ")
        );
        return ExitCode::from(2);
    };
    let given = if args.sets.is_empty() {
        vec!["../shared/bench".to_string()]
    } else {
        args.sets.clone()
    };
    let mut sets = Vec::new();
    for g in &given {
        match resolve_set(g) {
            None => println!(
                "skipping --set {g}: folder not found (looked beside the current folder, the crate root and the shared data folder; set JEMPUT_SHARED to point at it)"
            ),
            Some(dir) => {
                let found = sets_under(&dir);
                if found.is_empty() {
                    println!(
                        "skipping {}: no TOP, TOPTW or OPSTP instances found in it",
                        dir.display()
                    );
                }
                sets.extend(found);
            }
        }
    }
    // Panics inside a strategy are reported per run (see `run_instance`), not as a backtrace.
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !IN_STRATEGY.load(Ordering::Relaxed) {
            default_hook(info);
        }
    }));
    let mut budget = args.max_instances.unwrap_or(usize::MAX);
    let mut all_rows = Vec::new();
    let mut failed = false;
    for (dir, kind) in &sets {
        let rows = match run_set(dir, *kind, &args, strat.as_ref(), &mut budget) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
        print_summaries(*kind, &rows);
        failed |= rows.iter().any(|r| !r.verified);
        if args.csv.is_none() {
            let set = rows.first().map_or("set".into(), |r| r.set.clone());
            let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target")
                .join(format!("orienteering-{set}.csv"));
            if let Err(e) = write_csv(&path, &rows, &name, &args) {
                eprintln!("error: cannot write the CSV {e}");
                return ExitCode::from(2);
            }
            println!("wrote {}", path.display());
        }
        all_rows.extend(rows);
    }
    if let Some(path) = &args.csv {
        if let Err(e) = write_csv(path, &all_rows, &name, &args) {
            eprintln!("error: cannot write the CSV {e}");
            return ExitCode::from(2);
        }
        println!("wrote {}", path.display());
    }
    if failed {
        println!("some solutions did NOT verify (✗ above)");
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

//! The optimizer: adaptive large-neighbourhood search (ALNS) over the whole horizon.
//!
//! Constructive strategies decide day by day and cannot undo a choice; the year's best plan
//! needs to trade visits between sites, days and teams. This module starts from the best of
//! an LP-guided construction and the `greedy` plan, then repeatedly ruins part of the plan
//! and recreates it (see docs/search.md). Several independent runs (`threads`) start from
//! the same plan with their own seeds; the best plan wins (ties: the lowest run index).
//!
//! The search works on its own representation ([`state::State`]) and hands back a plain
//! [`Plan`]; the objective comes from the response model only.

pub mod construct;
pub mod local;
pub mod lp_round;
pub mod recreate;
pub mod ruin;
pub mod search;
pub mod state;

use crate::constructive::greedy;
use crate::lp::{self, LpBound, LpOptions};
use crate::plan::Plan;
use crate::problem::Problem;
use crate::solve::{Solution, SolveOptions};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use search::{Limits, Operators, Shared};
use state::{Ctx, State};
use std::time::{Duration, Instant};

/// One-line description of `alns` (the default strategy) for `--help` and reports.
pub const DESCRIPTION: &str =
    "LP-guided start, then ruin-and-recreate search with local search (the default)";

/// Most sites for which the `greedy` plan is also built as a start (it takes time growing
/// with sites² × team-days).
const GREEDY_START_UP_TO: usize = 1_500;

/// Iterations of one cooling cycle: ten per visit of the starting plan, within these bounds.
/// A run stops after a whole cycle without a new best.
const CYCLE: (u64, u64) = (2_000, 20_000);

/// The starting states: LP-guided (when the bound can be computed) and greedy.
pub struct Starts {
    pub lp: Option<LpBound>,
    pub states: Vec<(&'static str, State)>,
}

/// Builds the starting plans; `with_greedy` adds the `greedy` strategy's plan.
pub fn starts(ctx: &Ctx, with_greedy: bool, deadline: Option<Instant>) -> Starts {
    let p = ctx.p;
    let mut states = Vec::new();
    // The bound (the native LP and the dual search) may use up to two fifths of the time
    // left, so that the construction and the search keep theirs.
    let lp_deadline = deadline.map(|d| {
        let now = Instant::now();
        now + d.saturating_duration_since(now).mul_f64(0.4)
    });
    let lp = lp_allocation(ctx, lp_deadline);
    if let Some(b) = &lp {
        states.extend(construct::lp_guided_starts(ctx, b, deadline));
    }
    if with_greedy && p.sites.len() <= GREEDY_START_UP_TO {
        let plan = greedy::solve(p).plan;
        states.push(("greedy", State::from_plan(ctx, &plan)));
    }
    if states.is_empty() {
        let mut st = State::empty(ctx);
        construct::greedy_fill(
            ctx,
            &mut st,
            crate::alns::recreate::Scoring::PER_MINUTE,
            None,
        );
        st.commit();
        states.push(("greedy-insertion", st));
    }
    Starts { lp, states }
}

/// The LP relaxation's allocation, or `None` when there is nothing to allocate or the LP
/// cannot be solved (the search then starts from greedy plans only). A failure inside the
/// LP backend must not cost the user their plan, so a panic there is caught too.
pub fn lp_allocation(ctx: &Ctx, deadline: Option<Instant>) -> Option<LpBound> {
    let p = ctx.p;
    if p.sites.is_empty() || ctx.slots.is_empty() || !ctx.useful.iter().any(|&u| u) {
        return None;
    }
    // The bound's own threshold decides between solving the LP (up to 5,000 sites) and
    // the Lagrangian dual search alone.
    let options = LpOptions {
        deadline,
        ..LpOptions::default()
    };
    std::panic::catch_unwind(|| lp::bound(p, &options))
        .ok()?
        .ok()
        .filter(|b| b.visits.len() == p.sites.len())
}

/// The best of the starts (ties: the first).
pub fn best_start(starts: &Starts) -> &State {
    let mut best = &starts.states[0].1;
    for (_, s) in &starts.states[1..] {
        if s.objective > best.objective {
            best = s;
        }
    }
    best
}

/// Seed of run `i` from the user's seed (SplitMix64 of both).
pub fn run_seed(seed: u64, i: usize) -> u64 {
    let mut z = seed ^ (i as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Plans with ALNS; see the module documentation.
pub fn solve(p: &Problem, options: &SolveOptions) -> Solution {
    let clock = Instant::now();
    let deadline = options.time_limit.map(|t| clock + t);
    let ctx = Ctx::new(p);
    let starts = starts(&ctx, true, deadline);
    let start = best_start(&starts).clone();
    let threads = options.threads.max(1);
    let limits = Limits {
        deadline,
        iterations: options.iterations,
        cycle: (10 * start.n_visits() as u64).clamp(CYCLE.0, CYCLE.1),
        patience: options.patience,
    };
    let shared = Shared::default();
    shared.offer(start.objective);
    let bar = options
        .progress
        .then(|| progress_bar(options, starts.lp.as_ref().map(|b| b.value)));
    let results = std::thread::scope(|scope| {
        let ticker = bar.as_ref().map(|bar| {
            let shared = &shared;
            let bound = starts.lp.as_ref().map(|b| b.value);
            let iterations = options.iterations;
            scope.spawn(move || tick(bar, shared, bound, clock, deadline, iterations))
        });
        let ops = Operators::default();
        let results: Vec<search::RunResult> = (0..threads)
            .into_par_iter()
            .map(|i| {
                // Run `r` of thread `i` has seed number `i + r · threads`; the iteration
                // limit counts over the thread's runs.
                let mut done = search::run(
                    &ctx,
                    &start,
                    run_seed(options.seed, i),
                    limits,
                    &ops,
                    Some(&shared),
                    i == 0,
                );
                for r in 1..=options.restarts as usize {
                    let left = limits.iterations.map(|n| n.saturating_sub(done.iterations));
                    if left == Some(0) || deadline.is_some_and(|d| Instant::now() >= d) {
                        break;
                    }
                    let next = search::run(
                        &ctx,
                        &start,
                        run_seed(options.seed, i + r * threads),
                        Limits {
                            iterations: left,
                            ..limits
                        },
                        &ops,
                        Some(&shared),
                        i == 0,
                    );
                    done.iterations += next.iterations;
                    if next.best.objective > done.best.objective {
                        done.best = next.best;
                    }
                }
                done
            })
            .collect();
        shared
            .iterations
            .store(u64::MAX, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = ticker {
            let _ = t.join();
        }
        results
    });
    let iterations = results.iter().map(|r| r.iterations).sum();
    let mut best = &results[0].best;
    for r in &results[1..] {
        if r.best.objective > best.objective {
            best = &r.best;
        }
    }
    let mut best = best.clone();
    polish(&ctx, &mut best);
    let plan = best.to_plan(&ctx);
    debug_check(p, &plan, best.objective);
    Solution {
        plan,
        iterations,
        // A bound the time limit cut short is not reported: the pipeline computes it again
        // in full for the summary.
        bound: starts.lp.filter(|b| !b.lp_stopped),
    }
}

/// A last pass over the search's best plan: every stop is offered to its nearest sites
/// that would gain more on that day ([`local::Replace`]), the trips it changed are filled
/// again, and this repeats while the plan gains (at most three rounds). A pass that would
/// lose anything is undone, so the plan can only improve. It runs after the time limit
/// and is short: a few milliseconds on the committed scenarios (the neighbour lists exist
/// up to 2,000 sites; beyond, it does nothing).
pub fn polish(ctx: &Ctx, st: &mut State) {
    let ops: Vec<Box<dyn local::Local>> = vec![Box::new(local::Replace)];
    let useful = ctx.useful_sites();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    for _ in 0..3 {
        let busy: Vec<usize> = (0..ctx.slots.len())
            .filter(|&c| !st.routes[c].is_empty())
            .collect();
        let before = st.objective;
        st.begin();
        if !local::improve(ctx, st, &ops, &busy) {
            st.rollback();
            return;
        }
        let touched: Vec<usize> = st.touched_slots().collect();
        recreate::fill(
            ctx,
            st,
            &useful,
            &touched,
            1,
            recreate::Scoring::PER_MINUTE,
            &mut rng,
        );
        if st.objective <= before * (1.0 + 1e-12) + 1e-12 {
            st.rollback();
            return;
        }
        st.commit();
    }
}

/// In debug builds: the plan passes the checker and its objective is the search's.
pub fn debug_check(p: &Problem, plan: &Plan, objective: f64) {
    if cfg!(debug_assertions) {
        let violations = crate::checker::check(p, plan);
        assert!(violations.is_empty(), "search produced {violations:?}");
        let eval = crate::response::evaluate(p, plan).objective;
        assert!(
            (eval - objective).abs() <= 1e-6 * eval.abs().max(1.0),
            "incremental objective {objective} but the response model says {eval}"
        );
    }
}

fn progress_bar(options: &SolveOptions, bound: Option<f64>) -> indicatif::ProgressBar {
    let len = match (options.iterations, options.time_limit) {
        (Some(n), _) => n,
        (None, Some(t)) => t.as_millis() as u64,
        (None, None) => 0,
    };
    let bar = indicatif::ProgressBar::new(len);
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} alns [{bar:30}] {elapsed} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    if let Some(b) = bound {
        bar.set_message(format!("bound {b:.0}"));
    }
    bar
}

/// Updates the progress bar until the runs are done.
fn tick(
    bar: &indicatif::ProgressBar,
    shared: &Shared,
    bound: Option<f64>,
    clock: Instant,
    deadline: Option<Instant>,
    iterations: Option<u64>,
) {
    use std::sync::atomic::Ordering;
    loop {
        let it = shared.iterations.load(Ordering::Relaxed);
        if it == u64::MAX {
            break;
        }
        match (iterations, deadline) {
            (Some(_), _) => bar.set_position(it),
            (None, Some(_)) => bar.set_position(clock.elapsed().as_millis() as u64),
            _ => {}
        }
        let best = shared.best();
        let msg = match bound {
            Some(b) if b > 0.0 => format!(
                "expected activations {best:.0} · bound {b:.0} · gap {:.1} %",
                100.0 * (b - best).max(0.0) / b
            ),
            _ => format!("expected activations {best:.0}"),
        };
        bar.set_message(msg);
        std::thread::sleep(Duration::from_millis(200));
    }
    bar.finish_and_clear();
}

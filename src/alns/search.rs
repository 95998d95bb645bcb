//! One run of adaptive large-neighbourhood search from a starting state.
//!
//! Each iteration: pick a ruin and a recreate operator by roulette over adaptive weights,
//! remove about `k` visits, put visits back (the freed slots, the days around them and a
//! random sample of slots with room are on offer), tidy the touched routes with local
//! search, then accept or undo by simulated annealing. Weights are updated every segment of
//! iterations from how well each operator did (new best, better than current, accepted).

use super::local::{self, Local};
use super::recreate::{self, Recreate};
use super::ruin::{self, Removed, Ruin};
use super::state::{Ctx, State};
use rand::Rng;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

/// When to stop a run.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub deadline: Option<Instant>,
    pub iterations: Option<u64>,
    /// Length of one cooling cycle in iterations; a run stops after `patience` whole
    /// cycles in a row without a new best.
    pub cycle: u64,
    pub patience: u32,
}

/// Shared with the progress bar: the best objective of all runs (as `f64` bits; positive
/// floats order like their bits) and the iterations of the first run.
#[derive(Debug, Default)]
pub struct Shared {
    pub best_bits: AtomicU64,
    pub iterations: AtomicU64,
}

impl Shared {
    pub fn offer(&self, objective: f64) {
        if objective > 0.0 {
            self.best_bits
                .fetch_max(objective.to_bits(), Ordering::Relaxed);
        }
    }

    pub fn best(&self) -> f64 {
        f64::from_bits(self.best_bits.load(Ordering::Relaxed))
    }
}

/// Starting temperature relative to the starting objective, and the final one relative to
/// the start: a loss of `T_START` × objective is accepted with probability 1/e at first.
const T_START: f64 = 0.0001;
const T_END_RATIO: f64 = 0.01;
/// Temperature factor of each further cycle after one without a new best (`--patience`).
const REHEAT: f64 = 10.0;

/// Segment length for weight updates, reaction factor, and the scores of an outcome.
const SEGMENT: u64 = 100;
const REACTION: f64 = 0.2;
const SCORE_BEST: f64 = 33.0;
const SCORE_BETTER: f64 = 9.0;
const SCORE_ACCEPTED: f64 = 13.0;

/// Roulette weights of one family of operators.
#[derive(Debug, Clone)]
struct Weights {
    weight: Vec<f64>,
    score: Vec<f64>,
    uses: Vec<u32>,
}

impl Weights {
    fn new(n: usize) -> Self {
        Weights {
            weight: vec![1.0; n],
            score: vec![0.0; n],
            uses: vec![0; n],
        }
    }

    fn pick(&self, rng: &mut ChaCha8Rng) -> usize {
        let total: f64 = self.weight.iter().sum();
        let mut x = rng.random::<f64>() * total;
        for (i, w) in self.weight.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        self.weight.len() - 1
    }

    fn reward(&mut self, i: usize, score: f64) {
        self.score[i] += score;
        self.uses[i] += 1;
    }

    fn update(&mut self) {
        for i in 0..self.weight.len() {
            if self.uses[i] > 0 {
                let avg = self.score[i] / self.uses[i] as f64;
                self.weight[i] = (1.0 - REACTION) * self.weight[i] + REACTION * avg;
            }
            self.weight[i] = self.weight[i].max(0.05);
            self.score[i] = 0.0;
            self.uses[i] = 0;
        }
    }
}

/// The operators of a run.
pub struct Operators {
    pub ruins: Vec<Box<dyn Ruin>>,
    pub recreates: Vec<Box<dyn Recreate>>,
    pub locals: Vec<Box<dyn Local>>,
}

impl Default for Operators {
    fn default() -> Self {
        Operators {
            ruins: ruin::defaults(),
            recreates: recreate::defaults(),
            locals: local::defaults(),
        }
    }
}

/// How a run ended.
#[derive(Debug, Clone)]
pub struct RunResult {
    pub best: State,
    pub iterations: u64,
}

/// Ruin size bounds for a plan of `visits` visits: 5–40 % of the visits, at most 10 to 40.
pub fn ruin_sizes(visits: usize) -> (usize, usize) {
    let lo = ((visits as f64 * 0.05).ceil() as usize).clamp(1, 10);
    let hi = ((visits as f64 * 0.4).ceil() as usize).clamp(lo, 40);
    (lo, hi)
}

/// Runs the search from `start` with its own random stream.
pub fn run(
    ctx: &Ctx,
    start: &State,
    seed: u64,
    limits: Limits,
    ops: &Operators,
    shared: Option<&Shared>,
    report_iterations: bool,
) -> RunResult {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut current = start.clone();
    let mut best = start.clone();
    let mut ruin_w = Weights::new(ops.ruins.len());
    let mut recreate_w = Weights::new(ops.recreates.len());
    let t0 = T_START * start.objective.max(1.0);
    let t_end = t0 * T_END_RATIO;
    // One cycle cools from t0 to t_end; an iteration limit shorter than a cycle is one
    // cycle. The schedule never looks at the clock, so a run with an iteration limit is
    // reproducible and a time limit only decides where the same run is cut.
    let cycle = limits
        .iterations
        .map_or(limits.cycle, |n| n.min(limits.cycle))
        .max(1);
    let mut in_cycle = 0u64;
    let mut improved_in_cycle = false;
    // Cycles in a row without a new best; each starts ten times hotter.
    let mut fruitless = 0u32;
    let mut removed = Removed::default();
    let mut it = 0u64;
    let useful = ctx.useful_sites();
    if current.n_visits() == 0 && useful.is_empty() {
        return RunResult {
            best,
            iterations: 0,
        };
    }
    loop {
        if limits.iterations.is_some_and(|n| it >= n)
            || limits.deadline.is_some_and(|d| Instant::now() >= d)
        {
            break;
        }
        if in_cycle == cycle {
            if improved_in_cycle {
                fruitless = 0;
            } else {
                fruitless += 1;
                if fruitless >= limits.patience.max(1) {
                    break;
                }
            }
            // Reheat from the best plan.
            current = best.clone();
            in_cycle = 0;
            improved_in_cycle = false;
        }
        let temperature = t0
            * REHEAT.powi(fruitless.min(6) as i32)
            * (t_end / t0).powf(in_cycle as f64 / cycle as f64);
        in_cycle += 1;
        let r = ruin_w.pick(&mut rng);
        let q = recreate_w.pick(&mut rng);
        let (lo, hi) = ruin_sizes(current.n_visits());
        let k = rng.random_range(lo..=hi);

        let before = current.objective;
        current.begin();
        removed.clear();
        ops.ruins[r].ruin(ctx, &mut current, k, &mut rng, &mut removed);
        let sites = candidate_sites(ctx, &current, &removed, &useful, &mut rng);
        let slots = candidate_slots(ctx, &current, &removed, &mut rng);
        ops.recreates[q].recreate(ctx, &mut current, &sites, &slots, &mut rng);
        let touched: Vec<usize> = current.touched_slots().collect();
        if local::improve(ctx, &mut current, &ops.locals, &touched) {
            // Shorter trips may take one more visit.
            recreate::fill(
                ctx,
                &mut current,
                &sites,
                &touched,
                1,
                recreate::Scoring::PER_MINUTE,
                &mut rng,
            );
        }
        let after = current.objective;
        let accept = after >= before - 1e-9 * before.abs().max(1.0)
            || rng.random::<f64>() < ((after - before) / temperature).exp();
        let score;
        if accept {
            current.commit();
            if current.objective > best.objective * (1.0 + 1e-12) + 1e-12 {
                best = current.clone();
                improved_in_cycle = true;
                score = SCORE_BEST;
                if let Some(s) = shared {
                    s.offer(best.objective);
                }
            } else {
                score = if after > before {
                    SCORE_BETTER
                } else {
                    SCORE_ACCEPTED
                };
            }
        } else {
            current.rollback();
            score = 0.0;
        }
        ruin_w.reward(r, score);
        recreate_w.reward(q, score);
        it += 1;
        if it.is_multiple_of(SEGMENT) {
            ruin_w.update();
            recreate_w.update();
            if report_iterations && let Some(s) = shared {
                s.iterations.store(it, Ordering::Relaxed);
            }
        }
    }
    RunResult {
        best,
        iterations: it,
    }
}

/// Most candidate sites offered to recreate besides the removed ones.
const SITE_SAMPLE: usize = 400;

/// Sites offered to recreate: the removed ones and every useful site that may take another
/// visit (a random sample of them in large districts).
fn candidate_sites(
    ctx: &Ctx,
    st: &State,
    removed: &Removed,
    useful: &[usize],
    rng: &mut ChaCha8Rng,
) -> Vec<usize> {
    let mut open: Vec<usize> = useful
        .iter()
        .copied()
        .filter(|&s| st.visits[s].len() < ctx.p.sites[s].max_visits as usize)
        .collect();
    if open.len() > SITE_SAMPLE {
        let (chosen, _) = open.partial_shuffle(rng, SITE_SAMPLE);
        open = chosen.to_vec();
    }
    open.extend_from_slice(&removed.sites);
    open.sort_unstable();
    open.dedup();
    open
}

/// Slots offered to recreate when the plan has more than this many.
const ALL_SLOTS_UP_TO: usize = 120;
/// Days on each side of a removed visit whose slots are offered.
const NEAR_DAYS: usize = 3;
/// Random slots with room offered besides.
const SLOT_SAMPLE: usize = 30;

/// Slots offered to recreate: the ones visits were removed from, the slots of the days
/// around them, and a random sample of slots with room for a visit.
fn candidate_slots(ctx: &Ctx, st: &State, removed: &Removed, rng: &mut ChaCha8Rng) -> Vec<usize> {
    let n = ctx.slots.len();
    let mut out: Vec<usize> = if n <= ALL_SLOTS_UP_TO {
        (0..n).collect()
    } else {
        let mut out = removed.slots.clone();
        let days = ctx.p.days.len();
        for &c in &removed.slots {
            let d = ctx.slots[c].day;
            for dd in d.saturating_sub(NEAR_DAYS)..=(d + NEAR_DAYS).min(days - 1) {
                out.extend_from_slice(&ctx.slots_by_day[dd]);
            }
        }
        let mut found = 0;
        for _ in 0..SLOT_SAMPLE * 8 {
            if found >= SLOT_SAMPLE {
                break;
            }
            let c = rng.random_range(0..n);
            if st.slack(ctx, c) >= ctx.min_visit {
                out.push(c);
                found += 1;
            }
        }
        out
    };
    out.sort_unstable();
    out.dedup();
    out.retain(|&c| st.slack(ctx, c) >= ctx.min_visit);
    out
}

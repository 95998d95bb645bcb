//! Planning strategies: values behind one trait, selectable by name.
//!
//! Every strategy takes the immutable [`Problem`] and explicit [`SolveOptions`] (seed, limits)
//! and returns plain data. The list in [`all`] is the registry the command line uses.

mod greedy;
mod lp_round;
mod round_robin;
pub mod state;

pub use crate::alns::Alns;
pub use greedy::Greedy;
pub use lp_round::LpRound;
pub use round_robin::RoundRobin;

use crate::plan::Plan;
use crate::problem::Problem;
use std::time::Duration;

/// Limits and knobs shared by all strategies.
#[derive(Debug, Clone)]
pub struct SolveOptions {
    pub seed: u64,
    /// Wall-clock limit for search strategies.
    pub time_limit: Option<Duration>,
    /// Iteration limit for search strategies.
    pub iterations: Option<u64>,
    /// Worker threads for multi-start search (1 = single-threaded).
    pub threads: usize,
    /// Show a progress bar (only when stderr is a terminal).
    pub progress: bool,
    /// Cooling cycles in a row without a new best before a search stops (at least 1). Each
    /// such cycle reheats ten times hotter than the last, so a patient search climbs out of
    /// deeper local optima; the time and iteration limits still apply.
    pub patience: u32,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            seed: 1,
            time_limit: Some(Duration::from_secs(30)),
            iterations: None,
            threads: 1,
            progress: false,
            patience: 1,
        }
    }
}

/// What a strategy returns: the plan and how the search went.
#[derive(Debug, Clone, Default)]
pub struct Solution {
    pub plan: Plan,
    /// Search iterations run (0 for constructive strategies).
    pub iterations: u64,
    /// The upper bound, when the strategy computed it anyway (with the default LP options),
    /// so the pipeline need not solve the same LP again.
    pub bound: Option<crate::lp::LpBound>,
}

/// A planning strategy.
pub trait Strategy: Send + Sync {
    /// Name used on the command line (`--strategy NAME`).
    fn name(&self) -> &'static str;
    /// One line for `--help` and reports.
    fn description(&self) -> &'static str;
    /// Plans the whole horizon.
    fn solve(&self, problem: &Problem, options: &SolveOptions) -> Solution;
}

/// All strategies, in the order they are listed to users.
pub fn all() -> Vec<Box<dyn Strategy>> {
    vec![
        Box::new(Alns),
        Box::new(LpRound),
        Box::new(RoundRobin),
        Box::new(Greedy),
    ]
}

/// The strategy called `name`, if any.
pub fn by_name(name: &str) -> Option<Box<dyn Strategy>> {
    all().into_iter().find(|s| s.name() == name)
}

/// Names of all strategies, for error messages.
pub fn names() -> Vec<&'static str> {
    all().iter().map(|s| s.name()).collect()
}

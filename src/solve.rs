//! What every planning strategy takes and gives back: [`SolveOptions`] (seed, limits) and
//! [`Solution`] (the plan and how the search went).
//!
//! This module sits below the strategies and the search, so that they share these types
//! without importing the registry in [`crate::strategy`] that sits above them.

use crate::plan::Plan;
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
    /// Further runs of a search from its starting plan, each with its own seed, after a run
    /// stops by itself; the best plan of all is kept (0 = one run). The time and iteration
    /// limits count over all runs, so the plan stays reproducible from seed, threads and
    /// restarts whenever the runs stop by themselves.
    pub restarts: u32,
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
            restarts: 0,
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

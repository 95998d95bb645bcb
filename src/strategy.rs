//! Planning strategies: values behind one trait, selectable by name.
//!
//! Every strategy takes the immutable [`Problem`] and explicit [`SolveOptions`] (seed, limits)
//! and returns plain data. The list in [`all`] is the registry the command line uses.
//!
//! This module is the top of the planning layers: the constructive strategies
//! ([`crate::constructive`]) and the search ([`crate::alns`]) are plain functions below it,
//! sharing [`SolveOptions`] and [`Solution`] from [`crate::solve`]; the trait and the
//! registry here wrap them, so nothing below imports the registry.

pub use crate::solve::{Solution, SolveOptions};

use crate::problem::Problem;

/// A planning strategy.
pub trait Strategy: Send + Sync {
    /// Name used on the command line (`--strategy NAME`).
    fn name(&self) -> &'static str;
    /// One line for `--help` and reports.
    fn description(&self) -> &'static str;
    /// Plans the whole horizon.
    fn solve(&self, problem: &Problem, options: &SolveOptions) -> Solution;
}

/// `alns`: the default strategy (see [`crate::alns`]).
pub struct Alns;

impl Strategy for Alns {
    fn name(&self) -> &'static str {
        "alns"
    }

    fn description(&self) -> &'static str {
        crate::alns::DESCRIPTION
    }

    fn solve(&self, p: &Problem, options: &SolveOptions) -> Solution {
        crate::alns::solve(p, options)
    }
}

/// `lp-round` (see [`crate::alns::lp_round`]).
pub struct LpRound;

impl Strategy for LpRound {
    fn name(&self) -> &'static str {
        "lp-round"
    }

    fn description(&self) -> &'static str {
        crate::alns::lp_round::DESCRIPTION
    }

    fn solve(&self, p: &Problem, _options: &SolveOptions) -> Solution {
        crate::alns::lp_round::solve(p)
    }
}

/// `round-robin` (see [`crate::constructive::round_robin`]).
pub struct RoundRobin;

impl Strategy for RoundRobin {
    fn name(&self) -> &'static str {
        "round-robin"
    }

    fn description(&self) -> &'static str {
        crate::constructive::round_robin::DESCRIPTION
    }

    fn solve(&self, p: &Problem, _options: &SolveOptions) -> Solution {
        crate::constructive::round_robin::solve(p)
    }
}

/// `greedy` (see [`crate::constructive::greedy`]).
pub struct Greedy;

impl Strategy for Greedy {
    fn name(&self) -> &'static str {
        "greedy"
    }

    fn description(&self) -> &'static str {
        crate::constructive::greedy::DESCRIPTION
    }

    fn solve(&self, p: &Problem, _options: &SolveOptions) -> Solution {
        crate::constructive::greedy::solve(p)
    }
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

//! The `jemput` command line: flag definitions (clap derive, one file per command) and the
//! mapping of outcomes to exit codes. `main.rs` only calls [`run`].
//!
//! Exit codes: 0 success, 1 no feasible plan / violations found / target check failed,
//! 2 bad input (the message names the file, line and field).

pub mod bench;
pub mod compare;
pub mod evaluate;
pub mod generate;
pub mod plan;
pub mod rollup;
pub mod simulate;
pub mod validate;
pub mod what_it_takes;

use clap::{Parser, Subcommand};

/// Plans jemput bola outreach: where each mobile IKD-activation team goes on each working
/// day so that the year ends with as many digital-ID activations as possible.
#[derive(Debug, Parser)]
#[command(name = "jemput", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check a scenario and list every problem at once (codes, lines, hints).
    Validate(validate::Args),
    /// Plan the horizon: summary on the terminal, plan files in --out.
    Plan(plan::Args),
    /// Plan several scenarios the same way and show their figures side by side.
    Compare(compare::Args),
    /// Which strategy is best: the grid strategy × scenario × seed.
    Bench(bench::Args),
    /// Roll up district folders planned by separate runs (cluster jobs).
    Rollup(rollup::Args),
    /// Re-check and re-score a plan a person edited (plan.csv).
    Evaluate(evaluate::Args),
    /// Write synthetic scenarios, or build one from a village list.
    Generate(generate::Args),
    /// The smallest number of teams, staff or weekend duty that reaches the target.
    WhatItTakes(what_it_takes::Args),
    /// How sure is the plan: Monte Carlo of turnout, outages and lost days around the model.
    Simulate(simulate::Args),
}

/// How a command ended, other than success.
#[derive(Debug)]
pub enum Failure {
    /// The user's input is wrong (exit 2). The message says where and how to fix it.
    BadInput(String),
    /// The command ran but the answer is "no" (exit 1): infeasible, violations, target missed.
    Negative(String),
}

impl Failure {
    pub fn exit_code(&self) -> u8 {
        match self {
            Failure::BadInput(_) => 2,
            Failure::Negative(_) => 1,
        }
    }
}

impl From<crate::scenario::Diagnostics> for Failure {
    fn from(d: crate::scenario::Diagnostics) -> Self {
        Failure::BadInput(d.to_string())
    }
}

/// Turns the problems found in an unreadable plan.csv into one bad-input message that lists
/// each of them (file, line, field, fix).
pub fn plan_csv_failure(
    path: &std::path::Path,
    errors: Vec<crate::scenario::Diagnostic>,
) -> Failure {
    diagnostics_failure(path, "a plan", errors)
}

/// One bad-input message listing every problem found in a file read as `what`.
pub fn diagnostics_failure(
    path: &std::path::Path,
    what: &str,
    errors: Vec<crate::scenario::Diagnostic>,
) -> Failure {
    let mut msg = format!(
        "{} cannot be read as {what} ({} problem(s)):\n",
        path.display(),
        errors.len()
    );
    for e in &errors {
        msg.push_str(&format!("  {e}\n"));
    }
    Failure::BadInput(msg.trim_end().to_string())
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> u8 {
    let result = match cli.command {
        Command::Validate(a) => validate::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Compare(a) => compare::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Rollup(a) => rollup::run(a),
        Command::Evaluate(a) => evaluate::run(a),
        Command::Generate(a) => generate::run(a),
        Command::WhatItTakes(a) => what_it_takes::run(a),
        Command::Simulate(a) => simulate::run(a),
    };
    match result {
        Ok(()) => 0,
        Err(f) => {
            match &f {
                Failure::BadInput(m) | Failure::Negative(m) => eprintln!("{m}"),
            }
            f.exit_code()
        }
    }
}

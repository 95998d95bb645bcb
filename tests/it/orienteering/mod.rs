//! Orienteering benchmarks: readers on hand-written fixtures, the adapter to `Problem`
//! (every plan passes jemput's checker and the independent f64 verifier with the same
//! score), the conservative integer rounding, and the verifier's own rejections.
//! Split by source: `fixtures` (hand-written files), `random` (random instances and
//! properties), `shared` (the benchmark sets in ../shared, skipped when absent).

mod fixtures;
mod opstp;
mod random;
mod shared;

use crate::common;

use jemput::checker;
use jemput::orienteering::verify::{self, verify};
use jemput::orienteering::{
    self, Customer, Instance, Metric, SetKind, paths_of, scaled_leg, to_problem, top, toptw,
};
use jemput::response::evaluate;
use jemput::schedule;
use jemput::strategy::{self, SolveOptions};
use proptest::prelude::*;
use std::path::PathBuf;
use std::time::Duration;

fn fixture(name: &str) -> PathBuf {
    common::root()
        .join("tests/fixtures/orienteering")
        .join(name)
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

/// Solves with every registered strategy and checks each plan with jemput's checker and the
/// verifier; returns the best verified score.
fn solve_all_and_check(inst: &Instance) -> f64 {
    let adapted = to_problem(inst, orienteering::default_scale(inst).unwrap()).unwrap();
    let p = &adapted.problem;
    let options = SolveOptions {
        seed: 3,
        time_limit: Some(Duration::from_millis(300)),
        iterations: Some(200),
        threads: 1,
        progress: false,
        patience: 1,
        restarts: 0,
    };
    let mut best = 0.0f64;
    for s in strategy::all() {
        let plan = s.solve(p, &options).plan;
        let violations = checker::check(p, &plan);
        assert!(
            violations.is_empty(),
            "{} on {}: {violations:?}",
            s.name(),
            inst.name
        );
        let paths = paths_of(&plan);
        let verdict = verify(inst, &paths);
        assert!(
            verdict.ok(),
            "{} on {}: {:?} for {paths:?}",
            s.name(),
            inst.name,
            verdict.problems
        );
        assert_eq!(evaluate(p, &plan).objective, verdict.score, "{}", s.name());
        assert!(verdict.score <= verify::reachable_bound(inst));
        best = best.max(verdict.score);
    }
    best
}

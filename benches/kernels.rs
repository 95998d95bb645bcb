//! Kernel benchmarks (criterion): the pieces every plan run leans on.
//!
//! `cargo bench --bench kernels` — figures and their context are in docs/benchmarks.md.

use criterion::{Criterion, criterion_group, criterion_main};
use jemput::response::evaluate;
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use std::hint::black_box;

fn response_model(c: &mut Criterion) {
    // A full-year plan for a 300-site district with 4 teams.
    let p = random_problem(
        1,
        &Shape {
            sites: 300,
            teams: 4,
            days: 365,
            area_km: 60.0,
        },
    );
    let plan = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &SolveOptions::default())
        .plan;
    let visits = plan.visits();
    c.bench_function(
        &format!("evaluate full-year plan ({visits} visits, 300 sites)"),
        |b| b.iter(|| black_box(evaluate(black_box(&p), black_box(&plan)))),
    );
}

criterion_group! {
    name = kernels;
    config = Criterion::default().sample_size(20);
    targets = response_model
}
criterion_main!(kernels);

//! Optimizer benchmarks (criterion): the cost of one ALNS iteration and of the starting
//! plans on a 300-site, 4-team synthetic year.
//!
//! `cargo bench --bench alns`. Each benchmark prints the objective it reaches against the
//! greedy plan's, so a time is never read without the quality it buys (docs/search.md).

use criterion::{Criterion, criterion_group, criterion_main};
use jemput::alns::search::{self, Limits, Operators};
use jemput::alns::state::Ctx;
use jemput::alns::{self, construct};
use jemput::problem::Problem;
use jemput::synthetic::{Shape, random_problem};
use std::hint::black_box;

fn year() -> Problem {
    random_problem(
        1,
        &Shape {
            sites: 300,
            teams: 4,
            days: 365,
            area_km: 60.0,
        },
    )
}

fn iteration(c: &mut Criterion) {
    let p = year();
    let ctx = Ctx::new(&p);
    let starts = alns::starts(&ctx, true, None);
    let start = alns::best_start(&starts).clone();
    let ops = Operators::default();
    let greedy = starts
        .states
        .iter()
        .find(|(n, _)| *n == "greedy")
        .map_or(0.0, |(_, s)| s.objective);
    let after = search::run(
        &ctx,
        &start,
        1,
        Limits {
            deadline: None,
            iterations: Some(200),
            cycle: u64::MAX,
            patience: 1,
        },
        &ops,
        None,
        false,
    );
    eprintln!(
        "300 sites × 4 teams × 365 days: start {:.0} ({:.3} × greedy), after 200 iterations {:.0} ({:.3} × greedy)",
        start.objective,
        start.objective / greedy,
        after.best.objective,
        after.best.objective / greedy
    );
    let mut seed = 0;
    c.bench_function("alns: 10 iterations, 300-site year", |b| {
        b.iter(|| {
            seed += 1;
            black_box(search::run(
                &ctx,
                &start,
                seed,
                Limits {
                    deadline: None,
                    iterations: Some(10),
                    cycle: u64::MAX,
                    patience: 1,
                },
                &ops,
                None,
                false,
            ))
        })
    });
}

fn construction(c: &mut Criterion) {
    let p = year();
    let ctx = Ctx::new(&p);
    let lp = jemput::lp::bound(&p, &jemput::lp::LpOptions::default()).expect("the LP solves");
    c.bench_function(
        "lp-guided construction, 300-site year (LP solved once)",
        |b| {
            b.iter(|| {
                black_box(construct::lp_guided(
                    &ctx,
                    &lp,
                    construct::Rounding::BySite,
                    None,
                ))
            })
        },
    );
}

criterion_group! {
    name = optimizer;
    config = Criterion::default().sample_size(10);
    targets = iteration, construction
}
criterion_main!(optimizer);

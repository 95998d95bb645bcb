//! Properties over random districts (proptest): every strategy's plan passes the
//! independent checker, never scores above the upper bound, and reads back from its own
//! plan.csv with the same score.

use jemput::pipeline;
use jemput::report;
use jemput::response::evaluate;
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use proptest::prelude::*;

fn shape() -> impl Strategy<Value = (u64, Shape)> {
    (
        any::<u64>(),
        2usize..40,
        1usize..4,
        3usize..45,
        5.0f64..80.0,
    )
        .prop_map(|(seed, sites, teams, days, area_km)| {
            (
                seed,
                Shape {
                    sites,
                    teams,
                    days,
                    area_km,
                },
            )
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn every_strategy_is_feasible_bounded_and_round_trips((seed, shape) in shape()) {
        let p = random_problem(seed, &shape);
        let bound = pipeline::bound(&p).ok();
        let opts = SolveOptions {
            seed,
            iterations: Some(40),
            time_limit: None,
            ..SolveOptions::default()
        };
        for s in strategy::all() {
            let plan = s.solve(&p, &opts).plan;
            let violations = jemput::checker::check(&p, &plan);
            prop_assert!(violations.is_empty(), "{}: {:?}", s.name(), violations);
            let eval = evaluate(&p, &plan);
            if let Some(b) = &bound {
                prop_assert!(
                    eval.objective <= b.value * (1.0 + 1e-6) + 1e-6,
                    "{}: objective {} above the bound {}",
                    s.name(), eval.objective, b.value
                );
            }
            let csv = report::plan_csv(&p, &plan, &eval);
            let back = jemput::scenario::parse_plan_csv(&p, &csv, std::path::Path::new("plan.csv"))
                .map_err(|e| TestCaseError::fail(format!("{}: {e:?}", s.name())))?;
            let again = evaluate(&p, &back);
            prop_assert!((again.activations - eval.activations).abs() <= 1e-9 * eval.activations.max(1.0));
            prop_assert_eq!(back.visits(), plan.visits());
        }
    }
}

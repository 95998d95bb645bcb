//! Baseline strategies on random problems: plans are non-empty and greedy beats round-robin.

use jemput::response::evaluate;
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};

#[test]
fn greedy_beats_round_robin_on_random_districts() {
    for seed in 1..=3 {
        let p = random_problem(seed, &Shape::default());
        let opts = SolveOptions::default();
        let rr = strategy::by_name("round-robin").unwrap().solve(&p, &opts);
        let gr = strategy::by_name("greedy").unwrap().solve(&p, &opts);
        let e_rr = evaluate(&p, &rr.plan);
        let e_gr = evaluate(&p, &gr.plan);
        eprintln!(
            "seed {seed}: round-robin {:.0} ({} visits), greedy {:.0} ({} visits)",
            e_rr.activations,
            rr.plan.visits(),
            e_gr.activations,
            gr.plan.visits()
        );
        assert!(rr.plan.visits() > 0);
        assert!(e_gr.activations > e_rr.activations);
    }
}

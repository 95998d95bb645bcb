//! Random instances: every strategy's plan verifies, and the integer rounding stays
//! conservative.

use super::*;

/// A random instance of either kind with `n` customers on a 100 × 100 square.
fn random_instance(seed: u64, n: usize, metric: Metric, teams: usize) -> Instance {
    use rand::{Rng, SeedableRng};
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    let windows = metric != Metric::Exact;
    let tmax = if windows { 400.0 } else { 120.0 };
    let customers = (0..n)
        .map(|i| {
            let open: f64 = if windows {
                rng.random_range(0.0..300.0f64).round()
            } else {
                0.0
            };
            Customer {
                id: i + 1,
                x: rng.random_range(0.0..100.0f64),
                y: rng.random_range(0.0..100.0f64),
                prize: rng.random_range(1..30) as f64,
                service: if windows {
                    rng.random_range(0..15) as f64
                } else {
                    0.0
                },
                open,
                close: if windows {
                    open + rng.random_range(10.0..120.0f64).round()
                } else {
                    tmax
                },
            }
        })
        .collect();
    Instance {
        name: format!("random-{seed}"),
        metric,
        teams,
        tmax,
        depot_open: 0.0,
        start: (50.0, 50.0),
        end: if windows { (50.0, 50.0) } else { (55.0, 45.0) },
        customers,
    }
}

#[test]
fn every_strategy_plan_on_random_instances_passes_checker_and_verifier() {
    for seed in 0..6 {
        let metric = [
            Metric::Exact,
            Metric::Truncated { decimals: 1 },
            Metric::Truncated { decimals: 2 },
        ][seed as usize % 3];
        solve_all_and_check(&random_instance(seed, 30, metric, 1 + seed as usize % 3));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// The scaled integer leg is never shorter than the instance's leg times the scale.
    #[test]
    fn scaled_legs_round_up(ax in -1e3..1e3f64, ay in -1e3..1e3f64, bx in -1e3..1e3f64,
                            by in -1e3..1e3f64, k in 0usize..3, scale_pow in 2u32..7) {
        let metric = [Metric::Exact, Metric::Truncated { decimals: 1 },
                      Metric::Truncated { decimals: 2 }][k];
        let scale = 10u64.pow(scale_pow);
        let exact = ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt();
        let own = verify::leg(metric, (ax, ay), (bx, by));
        let int = scaled_leg(metric, exact, scale);
        // (f64 products of a truncated leg may carry a last-bit excess, hence the factor.)
        prop_assert!(int as f64 >= own * scale as f64 * (1.0 - 1e-12),
            "{int} < {own} × {scale}");
        // And never more than one unit above it (no needless loss).
        prop_assert!((int as f64) <= own * scale as f64 + 1.0 + 1e-6);
        if metric == Metric::Exact {
            prop_assert!(int as f64 >= exact * scale as f64);
        }
    }

    /// Any sequence jemput's schedule accepts in scaled integers is feasible for the
    /// verifier in real numbers, with the same score.
    #[test]
    fn integer_feasible_paths_are_real_feasible(seed in 0u64..1000, k in 0usize..3,
                                                order in proptest::collection::vec(0usize..12, 1..6)) {
        let metric = [Metric::Exact, Metric::Truncated { decimals: 1 },
                      Metric::Truncated { decimals: 2 }][k];
        let inst = random_instance(seed, 12, metric, 1);
        let mut path = order.clone();
        path.dedup();
        let mut seen = std::collections::HashSet::new();
        path.retain(|c| seen.insert(*c));
        let a = to_problem(&inst, orienteering::default_scale(&inst).unwrap()).unwrap();
        if let Some(stops) = schedule::timed(&a.problem, 0, 0, &path) {
            let plan = jemput::plan::Plan { routes: vec![jemput::plan::Route { team: 0, day: 0, stops, kit: false }] };
            prop_assert!(checker::check(&a.problem, &plan).is_empty());
            let v = verify(&inst, &[path.clone()]);
            prop_assert!(v.ok(), "{:?} {:?}", path, v.problems);
            prop_assert_eq!(evaluate(&a.problem, &plan).objective, v.score);
        }
    }
}

/// The property above with a count, so it cannot pass by never finding a feasible path:
/// greedy-like random paths, extended while jemput's schedule accepts them.
#[test]
fn many_integer_feasible_random_paths_are_real_feasible() {
    use rand::{Rng, SeedableRng};
    let mut feasible = 0;
    for seed in 0..60u64 {
        let metric = [
            Metric::Exact,
            Metric::Truncated { decimals: 1 },
            Metric::Truncated { decimals: 2 },
        ][seed as usize % 3];
        let inst = random_instance(seed, 25, metric, 1);
        let a = to_problem(&inst, orienteering::default_scale(&inst).unwrap()).unwrap();
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let mut path: Vec<usize> = Vec::new();
        for _ in 0..40 {
            let c = rng.random_range(0..inst.customers.len());
            if path.contains(&c) {
                continue;
            }
            let pos = rng.random_range(0..=path.len());
            let mut cand = path.clone();
            cand.insert(pos, c);
            if schedule::fits(&a.problem, 0, 0, &cand) {
                path = cand;
            }
        }
        if path.is_empty() {
            continue;
        }
        feasible += 1;
        let v = verify(&inst, std::slice::from_ref(&path));
        assert!(v.ok(), "seed {seed}: {path:?} {:?}", v.problems);
    }
    assert!(
        feasible >= 30,
        "only {feasible} instances gave a feasible path"
    );
}

/// Integer coordinates often make a best route exactly as long as the budget: such a route
/// must stay feasible after scaling (the one-unit visit is folded into the leg).
#[test]
fn a_route_exactly_at_the_budget_stays_feasible_in_integers() {
    let customer = |id: usize, x: f64, y: f64| Customer {
        id,
        x,
        y,
        prize: 5.0,
        service: 0.0,
        open: 0.0,
        close: 18.0,
    };
    let inst = Instance {
        name: "tight".into(),
        metric: Metric::Exact,
        teams: 1,
        // 5 out, 8 across, 5 back.
        tmax: 18.0,
        depot_open: 0.0,
        start: (0.0, 0.0),
        end: (0.0, 0.0),
        customers: vec![customer(1, 3.0, 4.0), customer(2, 3.0, -4.0)],
    };
    let v = verify(&inst, &[vec![0, 1]]);
    assert!(v.ok() && v.ends[0] == 18.0, "{v:?}");
    let a = to_problem(&inst, orienteering::default_scale(&inst).unwrap()).unwrap();
    let stops = schedule::timed(&a.problem, 0, 0, &[0, 1]).expect("exactly at the budget");
    let plan = jemput::plan::Plan {
        routes: vec![jemput::plan::Route {
            team: 0,
            day: 0,
            stops,
            kit: false,
        }],
    };
    assert!(checker::check(&a.problem, &plan).is_empty());
    assert_eq!(evaluate(&a.problem, &plan).objective, 10.0);
    // One unit longer in real terms does not fit.
    let mut over = inst.clone();
    over.tmax = 18.0 - 1e-3;
    let a = to_problem(&over, orienteering::default_scale(&over).unwrap()).unwrap();
    assert!(schedule::timed(&a.problem, 0, 0, &[0, 1]).is_none());
}

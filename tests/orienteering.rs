//! Orienteering benchmarks: readers on hand-written fixtures, the adapter to `Problem`
//! (every plan passes jemput's checker and the independent f64 verifier with the same
//! score), the conservative integer rounding, and the verifier's own rejections.

mod common;

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

#[test]
fn top_reader_reads_the_fixture() {
    let inst = top::read(&fixture("tiny_top.txt")).unwrap();
    assert_eq!(inst.name, "tiny_top");
    assert_eq!(inst.metric, Metric::Exact);
    assert_eq!(inst.teams, 2);
    assert_eq!(inst.tmax, 10.0);
    // Six points: start, four customers, end.
    assert_eq!(inst.customers.len(), 4);
    assert_eq!(inst.start, (0.0, 0.0));
    assert_eq!(inst.end, (0.0, 1.0));
    let c = &inst.customers[0];
    assert_eq!((c.id, c.x, c.y, c.prize), (1, 3.0, 4.0, 10.0));
    assert_eq!(inst.customers[3].prize, 20.0);
    assert!(inst.customers.iter().all(|c| c.service == 0.0));
    // Exact Euclidean: start → customer 1 is the 3-4-5 triangle; customer 1 → end is √18.
    assert_eq!(verify::leg(inst.metric, inst.start, (3.0, 4.0)), 5.0);
    assert!(close(
        verify::leg(inst.metric, (3.0, 4.0), inst.end),
        18f64.sqrt()
    ));
}

#[test]
fn toptw_reader_reads_the_solomon_fixture() {
    let inst = toptw::read(&fixture("tiny_solomon.txt"), 1).unwrap();
    assert_eq!(inst.metric, Metric::Truncated { decimals: 1 });
    assert_eq!(inst.teams, 1);
    assert_eq!(inst.customers.len(), 3);
    assert_eq!(inst.tmax, 100.0);
    assert_eq!(inst.depot_open, 0.0);
    assert_eq!(inst.start, (40.0, 50.0));
    assert_eq!(inst.end, inst.start);
    let c1 = &inst.customers[0];
    assert_eq!(
        (c1.x, c1.y, c1.service, c1.prize, c1.open, c1.close),
        (45.0, 68.0, 10.0, 10.0, 20.0, 40.0)
    );
    // The row with a list of two entries: window is read from the last two fields.
    let c2 = &inst.customers[1];
    assert_eq!(
        (c2.service, c2.prize, c2.open, c2.close),
        (5.0, 20.0, 0.0, 50.0)
    );
    let c3 = &inst.customers[2];
    assert_eq!((c3.service, c3.open, c3.close), (0.0, 30.0, 35.0));
    // Depot → customer 1 is √349 = 18.68…, truncated to one decimal: 18.6.
    assert!(close(
        verify::leg(inst.metric, inst.start, (c1.x, c1.y)),
        18.6
    ));
    // Customer 2 → customer 1 is √272 = 16.49…: 16.4.
    assert!(close(
        verify::leg(inst.metric, (c2.x, c2.y), (c1.x, c1.y)),
        16.4
    ));
}

#[test]
fn toptw_reader_reads_the_cordeau_fixture_without_the_d_q_line() {
    let inst = toptw::read(&fixture("pr_tiny.txt"), 3).unwrap();
    assert_eq!(inst.metric, Metric::Truncated { decimals: 2 });
    assert_eq!(inst.teams, 3);
    assert_eq!(inst.customers.len(), 2);
    assert_eq!(inst.tmax, 1000.0);
    let c1 = &inst.customers[0];
    assert_eq!(
        (c1.service, c1.prize, c1.open, c1.close),
        (2.0, 12.0, 354.0, 509.0)
    );
    // Depot → customer 1 is 48.1674…, truncated to two decimals: 48.16.
    assert!(close(
        verify::leg(inst.metric, inst.start, (c1.x, c1.y)),
        48.16
    ));
    // Customer 2 sits at the origin: 22.5609… → 22.56.
    assert!(close(
        verify::leg(inst.metric, inst.start, (0.0, 0.0)),
        22.56
    ));
}

#[test]
fn readers_name_file_line_and_field_on_bad_input() {
    let e = top::parse("n 4\nm 2\ntmax 5\n0 0 0\n1 x 3\n", "bad", "bad.txt").unwrap_err();
    assert_eq!(e.line, 5);
    assert!(e.to_string().starts_with("bad.txt:5:"), "{e}");
    assert!(e.message.contains('y'), "{e}");
    let e = top::parse("n 5\nm 2\ntmax 5\n0 0 0\n1 1 3\n", "bad", "bad.txt").unwrap_err();
    assert!(e.message.contains("announces 5 points"), "{e}");
    let e = top::parse("m 2\n", "bad", "bad.txt").unwrap_err();
    assert_eq!(e.line, 1);
    let e = toptw::parse(
        "4 10 1 1\n0 0 0 0 0 0 0 0 100\n1 1 1 1 1 1 2 1 20 40\n",
        "bad",
        "bad.txt",
        1,
        Metric::Truncated { decimals: 1 },
    )
    .unwrap_err();
    assert_eq!(e.line, 3);
    assert!(e.message.contains("9 + a"), "{e}");
    let e = toptw::parse(
        "4 10 1 1\n0 0 0 0 0 0 0 0 100\n1 1 1 1 1 1 0 50 40\n",
        "bad",
        "bad.txt",
        1,
        Metric::Truncated { decimals: 1 },
    )
    .unwrap_err();
    assert!(e.message.contains("window"), "{e}");
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

#[test]
fn every_strategy_plan_on_the_fixtures_passes_checker_and_verifier() {
    let top = top::read(&fixture("tiny_top.txt")).unwrap();
    let score = solve_all_and_check(&top);
    // Only customers 1 and 3 can be reached alone (10 + 7).
    assert_eq!(verify::reachable_bound(&top), 17.0);
    assert!(score <= 17.0);
    for m in 1..=3 {
        solve_all_and_check(&toptw::read(&fixture("tiny_solomon.txt"), m).unwrap());
        solve_all_and_check(&toptw::read(&fixture("pr_tiny.txt"), m).unwrap());
    }
}

#[test]
fn the_best_plans_on_the_fixtures_pass_the_verifier_with_their_hand_computed_scores() {
    // TOP: one path each to customers 1 and 3 (a path through both is 3 + √58 + 5 > 10).
    let top = top::read(&fixture("tiny_top.txt")).unwrap();
    let v = verify(&top, &[vec![0], vec![2]]);
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.score, 17.0);
    assert!(!verify(&top, &[vec![2, 0]]).ok());
    // TOPTW m = 1: customer 3 at 20.0 (wait to 30), then customer 2 at 30 + 19.1 = 49.1 ≤ 50.
    let tw = toptw::read(&fixture("tiny_solomon.txt"), 1).unwrap();
    let v = verify(&tw, &[vec![2, 1]]);
    assert!(v.ok(), "{:?}", v.problems);
    assert_eq!(v.score, 35.0);
    assert!(close(v.ends[0], 49.1 + 5.0 + 2.2));
    // The same route is feasible for jemput in scaled integers, with the same score.
    let a = to_problem(&tw, 10_000).unwrap();
    let stops = schedule::timed(&a.problem, 0, 0, &[2, 1]).expect("fits in integers");
    // The zero-length visit at customer 3 lasts one scaled unit (see the module docs).
    assert_eq!(stops[1].arrive, 491_001);
}

#[test]
fn verifier_rejects_over_budget_missed_window_repeat_and_extra_paths() {
    let top = top::read(&fixture("tiny_top.txt")).unwrap();
    // Customer 2 alone: 6 + √37 > 10.
    let v = verify(&top, &[vec![1]]);
    assert!(
        !v.ok() && v.problems[0].contains("over the budget"),
        "{v:?}"
    );
    let v = verify(&top, &[vec![0], vec![0]]);
    assert!(
        v.problems.iter().any(|p| p.contains("more than once")),
        "{v:?}"
    );
    // The repeated customer counts once in the score.
    assert_eq!(v.score, 10.0);
    let v = verify(&top, &[vec![0], vec![2], vec![]]);
    assert!(v.problems.iter().any(|p| p.contains("paths")), "{v:?}");
    let v = verify(&top, &[vec![9]]);
    assert!(!v.ok());
    // TOPTW: customer 1 after customer 2 and 3 arrives long after its window closes at 40.
    let tw = toptw::read(&fixture("tiny_solomon.txt"), 1).unwrap();
    let v = verify(&tw, &[vec![2, 1, 0]]);
    assert!(
        v.problems.iter().any(|p| p.contains("window")),
        "{:?}",
        v.problems
    );
}

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
            let plan = jemput::plan::Plan { routes: vec![jemput::plan::Route { team: 0, day: 0, stops }] };
            prop_assert!(checker::check(&a.problem, &plan).is_empty());
            let v = verify(&inst, &[path.clone()]);
            prop_assert!(v.ok(), "{:?} {:?}", path, v.problems);
            prop_assert_eq!(evaluate(&a.problem, &plan).objective, v.score);
        }
    }
}

#[test]
fn greedy_on_the_first_instance_of_each_shared_set_verifies() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let bench = shared.join("bench");
    let mut found = 0;
    for set in ["top_chao", "toptw"] {
        let dir = bench.join(set);
        let Some(kind) = orienteering::detect_set(&dir) else {
            eprintln!("skipping {}: not present", dir.display());
            continue;
        };
        let Some(first) = orienteering::list_instances(&dir).into_iter().next() else {
            eprintln!("skipping {}: no instances", dir.display());
            continue;
        };
        let inst = match kind {
            SetKind::Top => top::read(&first).unwrap(),
            SetKind::Toptw => toptw::read(&first, 2).unwrap(),
        };
        let refs = orienteering::load_references(&dir, kind).unwrap();
        assert!(!refs.is_empty(), "{set}: no reference values read");
        let a = to_problem(&inst, orienteering::default_scale(&inst).unwrap()).unwrap();
        let options = SolveOptions {
            time_limit: Some(Duration::from_secs(1)),
            ..SolveOptions::default()
        };
        let plan = strategy::by_name("greedy")
            .unwrap()
            .solve(&a.problem, &options)
            .plan;
        assert!(checker::check(&a.problem, &plan).is_empty());
        let v = verify(&inst, &paths_of(&plan));
        assert!(v.ok(), "{}: {:?}", inst.name, v.problems);
        assert_eq!(evaluate(&a.problem, &plan).objective, v.score);
        // A published score for a feasible solution is never above the total of all prizes.
        if let Some((reference, _)) = refs
            .get(&(inst.name.clone(), inst.teams))
            .and_then(|r| r.target())
        {
            let total: f64 = inst.customers.iter().map(|c| c.prize).sum();
            assert!(reference <= total && v.score <= total);
        }
        found += 1;
    }
    eprintln!("checked the first instance of {found} shared set(s)");
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

/// The shared TOP table carries, per instance, the prizes of the customers reachable alone
/// (computed when the table was made, not by jemput): the reader and the verifier's legs
/// must give the same bound on every instance.
#[test]
fn reachable_bound_matches_the_shared_top_table() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("bench/top_chao");
    let table = dir.join("reference_chao1996_heuristic.csv");
    if !table.is_file() {
        eprintln!("skipping: {} is not present", table.display());
        return;
    }
    let mut reader = csv::Reader::from_path(&table).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (ci, cu) = (col("instance"), col("ub_reachable_score_sum"));
    let mut checked = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        let path = dir.join("instances").join(format!("{}.txt", &rec[ci]));
        if !path.is_file() {
            continue;
        }
        let inst = top::read(&path).unwrap();
        let expected: f64 = rec[cu].parse().unwrap();
        assert_eq!(verify::reachable_bound(&inst), expected, "{}", inst.name);
        checked += 1;
    }
    assert!(checked > 0, "no instance of the table found");
    eprintln!("reachable bound agrees on {checked} TOP instances");
}

/// The shared TOPTW table carries customers, budget and total prize per instance (computed
/// when the table was made): the reader must agree on every instance.
#[test]
fn toptw_reader_agrees_with_the_shared_table() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let dir = shared.join("bench/toptw");
    let table = dir.join("reference_souffriau2013_grils.csv");
    if !table.is_file() {
        eprintln!("skipping: {} is not present", table.display());
        return;
    }
    let mut reader = csv::Reader::from_path(&table).unwrap();
    let headers = reader.headers().unwrap().clone();
    let col = |n: &str| headers.iter().position(|h| h == n).unwrap();
    let (ci, cm, cn, ct, cs) = (
        col("instance"),
        col("m"),
        col("n_customers"),
        col("tmax"),
        col("total_score"),
    );
    let mut checked = 0;
    for rec in reader.records() {
        let rec = rec.unwrap();
        let path = dir.join("instances").join(format!("{}.txt", &rec[ci]));
        if !path.is_file() {
            continue;
        }
        let inst = toptw::read(&path, rec[cm].parse().unwrap()).unwrap();
        assert_eq!(inst.customers.len(), rec[cn].parse::<usize>().unwrap());
        assert_eq!(inst.tmax, rec[ct].parse::<f64>().unwrap());
        let total: f64 = inst.customers.iter().map(|c| c.prize).sum();
        assert_eq!(total, rec[cs].parse::<f64>().unwrap(), "{}", inst.name);
        // A published score never exceeds what the verifier says is reachable.
        let best: f64 = rec[col("best")].parse().unwrap();
        assert!(best <= verify::reachable_bound(&inst), "{}", inst.name);
        checked += 1;
    }
    assert!(checked > 0, "no instance of the table found");
    eprintln!("TOPTW reader agrees on {checked} rows");
}

/// Published m = 1 optimal routes of Righini & Salani (DSSR runs, printed with their
/// service-start times): the verifier accepts them with the published score and reproduces
/// the start times with the one-decimal truncation, and jemput's scaled-integer problem
/// accepts the same routes, so the adapter does not cut off these optima.
#[test]
fn published_optimal_toptw_routes_verify_and_fit_in_integers() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let cases: [(&str, f64, &[usize], &[f64]); 2] = [
        (
            "c101",
            320.0,
            &[57, 63, 62, 74, 93, 97, 12, 2, 21, 75],
            &[
                35.0, 171.0, 266.0, 359.0, 500.4, 595.4, 720.4, 835.4, 948.8, 1058.6,
            ],
        ),
        (
            "r101",
            198.0,
            &[59, 5, 83, 16, 85, 26, 13, 89, 58],
            &[18.0, 36.4, 53.4, 80.8, 97.1, 137.1, 162.9, 183.6, 207.0],
        ),
    ];
    for (name, score, ids, starts) in cases {
        let path = shared.join(format!("bench/toptw/instances/{name}.txt"));
        if !path.is_file() {
            eprintln!("skipping {name}: {} is not present", path.display());
            continue;
        }
        let inst = toptw::read(&path, 1).unwrap();
        let route: Vec<usize> = ids.iter().map(|id| id - 1).collect();
        let v = verify(&inst, std::slice::from_ref(&route));
        assert!(v.ok(), "{name}: {:?}", v.problems);
        assert_eq!(v.score, score, "{name}");
        // Walk the route as the verifier does and compare with the printed start times.
        let (mut at, mut clock) = (inst.start, inst.depot_open);
        for (&c, &printed) in route.iter().zip(starts) {
            let cust = &inst.customers[c];
            let start = (clock + verify::leg(inst.metric, at, (cust.x, cust.y))).max(cust.open);
            assert!(
                (start - printed).abs() < 1e-6,
                "{name}: {start} vs {printed}"
            );
            clock = start + cust.service;
            at = (cust.x, cust.y);
        }
        let a = to_problem(&inst, orienteering::default_scale(&inst).unwrap()).unwrap();
        let stops = schedule::timed(&a.problem, 0, 0, &route).expect("fits in integers");
        let plan = jemput::plan::Plan {
            routes: vec![jemput::plan::Route {
                team: 0,
                day: 0,
                stops,
            }],
        };
        assert!(checker::check(&a.problem, &plan).is_empty());
        assert_eq!(evaluate(&a.problem, &plan).objective, score);
    }
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

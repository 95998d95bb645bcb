//! The published benchmark sets and tables in ../shared/bench (skipped when absent).

use super::*;

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
            // OPSTP has its own instance type: see `opstp::the_shared_opstp_set_*`.
            SetKind::Opstp => panic!("{}: detected as an OPSTP set", dir.display()),
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
        common::skip(&format!("{} is not present", table.display()));
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
        common::skip(&format!("{} is not present", table.display()));
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
                kit: false,
            }],
        };
        assert!(checker::check(&a.problem, &plan).is_empty());
        assert_eq!(evaluate(&a.problem, &plan).objective, score);
    }
}

//! The readers, the adapter and the verifier on the hand-written fixtures in
//! tests/fixtures/orienteering.

use super::*;

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

use super::*;
use crate::pipeline;
use crate::strategy::{self, SolveOptions};
use crate::synthetic::{Shape, random_problem};

fn opts() -> SolveOptions {
    SolveOptions {
        iterations: Some(50),
        ..SolveOptions::default()
    }
}

#[test]
fn the_grid_does_not_depend_on_how_many_cells_run_at_once() {
    let scenarios = vec![
        ("a".to_string(), random_problem(1, &Shape::default())),
        ("b".to_string(), random_problem(2, &Shape::default())),
    ];
    let strategies: Vec<String> = strategy::names().iter().map(|s| s.to_string()).collect();
    let one = bench_grid(&scenarios, &strategies, &[1, 2], &opts(), 1, false);
    let two = bench_grid(&scenarios, &strategies, &[1, 2], &opts(), 2, false);
    assert_eq!(one.len(), 2 * strategies.len() * 2);
    let strip = |v: &[BenchRun]| {
        v.iter()
            .map(|r| {
                (
                    r.scenario.clone(),
                    r.strategy.clone(),
                    r.seed,
                    r.expected_activations.to_bits(),
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(strip(&one), strip(&two));
    assert!(one.iter().all(|r| r.violations == 0));
    let table = bench_table(&one);
    assert_eq!(table.rows.len(), 2 * strategies.len());
    // Exactly one best mean per scenario unless tied.
    for sc in ["a", "b"] {
        let marked = table
            .rows
            .iter()
            .zip(&table.marks)
            .filter(|(r, m)| r[0] == sc && m[3])
            .count();
        assert!(marked >= 1, "{sc}");
    }
    assert_eq!(bench_csv(&one).lines().count(), one.len() + 1);
}

#[test]
fn compare_marks_the_better_scenario_only_when_they_differ() {
    let p = random_problem(3, &Shape::default());
    let q = p.edited(|q| q.teams.push(q.teams[0].clone())).unwrap();
    let g = strategy::by_name("greedy").unwrap();
    let a = pipeline::run(&p, g.as_ref(), &opts(), false);
    let b = pipeline::run(&q, g.as_ref(), &opts(), false);
    let names = vec!["two teams".to_string(), "three teams".to_string()];
    let t = compare_table(&names, &[&a.summary, &b.summary]);
    let row = t
        .rows
        .iter()
        .position(|r| r[0] == "Expected activations")
        .unwrap();
    let (ea, eb) = (
        a.summary.expected_activations,
        b.summary.expected_activations,
    );
    assert_ne!(ea, eb, "an extra team changes the plan");
    assert_eq!(t.marks[row], vec![false, ea > eb, eb > ea]);
    let same = compare_table(&names, &[&a.summary, &a.summary]);
    assert!(same.marks.iter().all(|m| m.iter().all(|x| !x)));
    assert!(t.text().contains("*"));
    assert!(t.markdown().contains("**"));
    assert!(
        t.csv()
            .lines()
            .nth(1)
            .unwrap()
            .starts_with("Expected activations")
    );
}

//! `jemput compare` and `jemput bench` through the binary.

use crate::common;

use std::process::{Command, Output};

fn jemput(args: &[&str]) -> Output {
    Command::new(common::jemput_bin())
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the jemput binary runs")
}

#[test]
fn compare_two_scenarios_writes_csv_and_markdown() {
    let dir = tempfile::tempdir().unwrap();
    // A second scenario: the tutorial with one more team.
    let text = std::fs::read_to_string(common::root().join("scenarios/tutorial.toml")).unwrap();
    let wider = dir.path().join("tutorial_more.toml");
    let extra =
        "\n[[teams]]\nid = \"C\"\nbase = \"dukcapil\"\nstaff = 3\nshift = \"07:30-15:30\"\n";
    let with_c = format!("{text}{extra}");
    assert!(text.contains("[[teams]]") && !text.contains("id = \"C\""));
    std::fs::write(&wider, with_c).unwrap();
    for entry in std::fs::read_dir(common::root().join("scenarios")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|x| x == "csv") {
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
    }
    let out = dir.path().join("cmp");
    let o = jemput(&[
        "compare",
        "scenarios/tutorial.toml",
        wider.to_str().unwrap(),
        "--strategy",
        "greedy",
        "--no-bound",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("Expected activations"), "{stdout}");
    let csv = std::fs::read_to_string(out.join("compare.csv")).unwrap();
    assert!(
        csv.starts_with("figure,tutorial,tutorial_more,best"),
        "{csv}"
    );
    assert!(out.join("compare.md").is_file());
    // The third team changes the plan, and the figure row names the better scenario.
    let team_days: Vec<&str> = csv
        .lines()
        .find(|l| l.starts_with("Expected activations"))
        .unwrap()
        .split(',')
        .collect();
    assert_ne!(team_days[1], team_days[2], "{csv}");
    assert!(!team_days[3].is_empty(), "{csv}");
}

#[test]
fn compare_reports_every_bad_scenario_and_exits_2() {
    let o = jemput(&[
        "compare",
        "tests/fixtures/does-not-exist.toml",
        "scenarios/tutorial.toml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does-not-exist.toml"));
}

#[test]
fn bench_grid_table_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bench");
    let o = jemput(&[
        "bench",
        "scenarios/tutorial.toml",
        "--strategies",
        "round-robin,greedy",
        "--seeds",
        "1,2",
        "--iterations",
        "50",
        "--no-bound",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let csv = std::fs::read_to_string(out.join("bench.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 2 * 2, "{csv}");
    let o = jemput(&["bench", "scenarios/tutorial.toml", "--strategies", "nope"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn compare_into_a_plan_folder_keeps_the_plan_and_its_guard() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    let o = jemput(&[
        "plan",
        "scenarios/tutorial.toml",
        "--strategy",
        "greedy",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let o = jemput(&[
        "compare",
        "scenarios/tutorial.toml",
        "scenarios/tutorial.toml",
        "--strategy",
        "greedy",
        "--no-bound",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join("plan.csv").is_file() && out.join("2025-03.md").is_file());
    assert!(out.join("compare.csv").is_file());
    // The plan's files are still guarded: an edit stops the next plan.
    let plan = out.join("plan.csv");
    let mut text = std::fs::read_to_string(&plan).unwrap();
    text.push('\n');
    std::fs::write(&plan, text).unwrap();
    let o = jemput(&[
        "plan",
        "scenarios/tutorial.toml",
        "--strategy",
        "greedy",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(out.join("compare.csv").is_file());
}

//! `jemput plan` end to end through the binary: output folder, determinism, the guard on
//! edited files, re-planning with locked visits, and every committed scenario.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn jemput(args: &[&str]) -> Output {
    Command::new(common::jemput_bin())
        .args(args)
        .current_dir(common::root())
        .output()
        .expect("the jemput binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn tutorial() -> PathBuf {
    common::root().join("scenarios/tutorial.toml")
}

/// Plans `scenario` into `out` with a fast strategy and returns the process output.
fn plan(scenario: &Path, out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["plan", s(scenario), "--out", s(out), "--time-limit", "5"];
    args.extend_from_slice(extra);
    jemput(&args)
}

/// `jemput evaluate` accepts the written plan: every rule holds (exit 0).
fn assert_checker_passes(scenario: &Path, plan_csv: &Path) {
    let o = jemput(&["evaluate", s(scenario), s(plan_csv)]);
    assert!(
        o.status.success(),
        "evaluate {} failed:\n{}{}",
        plan_csv.display(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn plan_writes_every_file_and_the_plan_passes_the_checker() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("tutorial");
    let o = plan(&tutorial(), &out, &["--strategy", "greedy"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("Expected activations"), "{stdout}");
    for f in [
        "plan.csv",
        "plan.json",
        "summary.json",
        "unvisited.csv",
        "plan.geojson",
        "report.html",
        ".jemput-manifest.json",
    ] {
        assert!(out.join(f).is_file(), "{f} missing");
    }
    assert_checker_passes(&tutorial(), &out.join("plan.csv"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["strategy"], "greedy");
    assert!(summary["expected_activations"].as_f64().unwrap() > 0.0);
}

#[test]
fn same_seed_same_plan_and_another_seed_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for out in [&a, &b] {
        let o = plan(&tutorial(), out, &["--seed", "3", "--iterations", "300"]);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    assert_eq!(
        std::fs::read(a.join("plan.csv")).unwrap(),
        std::fs::read(b.join("plan.csv")).unwrap()
    );
    assert_checker_passes(&tutorial(), &a.join("plan.csv"));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(a.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["seed"], 3);
}

#[test]
fn an_edited_plan_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("p");
    assert!(
        plan(&tutorial(), &out, &["--strategy", "greedy"])
            .status
            .success()
    );
    let path = out.join("plan.csv");
    let mut edited = std::fs::read_to_string(&path).unwrap();
    edited.push_str("# moved a visit\n");
    std::fs::write(&path, &edited).unwrap();

    let o = plan(&tutorial(), &out, &["--strategy", "greedy"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("plan.csv") && err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), edited);

    let o = plan(&tutorial(), &out, &["--strategy", "greedy", "--force"]);
    assert!(o.status.success());
    assert_ne!(std::fs::read_to_string(&path).unwrap(), edited);
}

#[test]
fn bad_flags_and_bad_scenarios_exit_2_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    for extra in [
        &["--strategy", "nonsense"][..],
        &["--time-limit", "-1"][..],
        &["--threads", "0"][..],
        &["--patience", "0"][..],
        &["--lang", "fr"][..],
        &["--from", "2031-01-01"][..],
    ] {
        let o = plan(&tutorial(), &out, extra);
        assert_eq!(o.status.code(), Some(2), "{extra:?}");
        assert!(!o.stderr.is_empty(), "{extra:?}: no message");
    }
    let bad = common::root().join("tests/fixtures/bad");
    let any_bad = std::fs::read_dir(&bad)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "toml"))
        .unwrap();
    let o = plan(&any_bad, &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists(), "nothing is written for a bad scenario");
}

/// Rows of a plan.csv whose date is within `from..=until`, without the expected column
/// (which depends on history).
fn rows_between(csv: &str, from: &str, until: &str) -> Vec<String> {
    csv.lines()
        .skip(1)
        .filter(|l| {
            let date = &l[..10.min(l.len())];
            date >= from && date <= until
        })
        .map(|l| l.rsplit_once(',').unwrap().0.to_string())
        .collect()
}

#[test]
fn replan_keeps_the_locked_visits_and_plans_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("first");
    assert!(
        plan(&tutorial(), &first, &["--strategy", "greedy"])
            .status
            .success()
    );
    let published = std::fs::read_to_string(first.join("plan.csv")).unwrap();
    let locked = rows_between(&published, "2025-07-01", "2025-07-15");
    assert!(
        !locked.is_empty(),
        "the tutorial plan has visits in early July"
    );

    let actuals = dir.path().join("actuals.csv");
    let done: Vec<&str> = published
        .lines()
        .skip(1)
        .filter(|l| &l[..10] < "2025-07-01")
        .take(5)
        .collect();
    let mut text = String::from("site_code,date,activations\n");
    for row in &done {
        let cols: Vec<&str> = row.split(',').collect();
        text.push_str(&format!("{},{},25\n", cols[3], cols[0]));
    }
    std::fs::write(&actuals, text).unwrap();

    let second = dir.path().join("second");
    let o = plan(
        &tutorial(),
        &second,
        &[
            "--strategy",
            "greedy",
            "--from",
            "2025-07-01",
            "--actuals",
            s(&actuals),
            "--lock",
            s(&first.join("plan.csv")),
            "--lock-until",
            "2025-07-15",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let replanned = std::fs::read_to_string(second.join("plan.csv")).unwrap();
    assert_eq!(
        rows_between(&replanned, "2025-07-01", "2025-07-15"),
        locked,
        "locked visits are kept exactly"
    );
    assert!(
        replanned.lines().skip(1).all(|l| &l[..10] >= "2025-07-01"),
        "a re-plan starts on --from"
    );
    assert!(
        replanned.lines().skip(1).any(|l| &l[..10] > "2025-07-15"),
        "the days after the lock are planned"
    );
}

/// Every scenario committed in scenarios/ plans with every strategy, and every plan passes
/// the checker. Search strategies run a fixed number of iterations to stay quick.
#[test]
fn every_committed_scenario_plans_and_passes_the_checker() {
    let mut scenarios: Vec<PathBuf> = std::fs::read_dir(common::root().join("scenarios"))
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    scenarios.sort();
    assert!(!scenarios.is_empty());
    let dir = tempfile::tempdir().unwrap();
    for scenario in &scenarios {
        for strategy in jemput::strategy::names() {
            let stem = scenario.file_stem().unwrap().to_string_lossy();
            let out = dir.path().join(format!("{stem}-{strategy}"));
            let o = plan(
                scenario,
                &out,
                &["--strategy", strategy, "--iterations", "200", "--no-bound"],
            );
            assert!(
                o.status.success(),
                "{} with {strategy}: {}",
                scenario.display(),
                String::from_utf8_lossy(&o.stderr)
            );
            assert_checker_passes(scenario, &out.join("plan.csv"));
        }
    }
}

//! Batch mode: a folder or a province file of district scenarios, planned in parallel, each
//! exactly as `jemput plan` plans it alone, with a roll-up; a bad district does not stop the
//! others.

use crate::common;

use std::path::Path;
use std::process::{Command, Output};

fn jemput(args: &[&str]) -> Output {
    Command::new(common::jemput_bin())
        .args(args)
        .output()
        .expect("the jemput binary runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Two districts made from the tutorial (different names and seeds).
fn districts(dir: &Path) {
    let text = std::fs::read_to_string(common::root().join("scenarios/tutorial.toml")).unwrap();
    std::fs::write(dir.join("a.toml"), &text).unwrap();
    let b = text
        .replace("Kabupaten Tutorial 2025", "Kabupaten Kedua")
        .replace("seed = 7 ", "seed = 8 ");
    assert_ne!(b, text);
    std::fs::write(dir.join("b.toml"), b).unwrap();
}

#[test]
fn province_file_plans_each_district_as_alone_and_rolls_up() {
    let dir = tempfile::tempdir().unwrap();
    districts(dir.path());
    let province = dir.path().join("province.toml");
    std::fs::write(
        &province,
        "[province]\nname = \"Provinsi Contoh\"\ndistricts = [\"a.toml\", \"b.toml\"]\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = jemput(&[
        "plan",
        s(&province),
        "--strategy",
        "greedy",
        "--jobs",
        "2",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rollup: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rollup.json")).unwrap()).unwrap();
    assert_eq!(rollup["name"], "Provinsi Contoh");
    let ds = rollup["districts"].as_array().unwrap();
    assert_eq!(ds.len(), 2);
    let sum: f64 = ds.iter().map(|d| d["expected"].as_f64().unwrap()).sum();
    assert!((sum - rollup["expected"].as_f64().unwrap()).abs() < 1e-6);

    // District a in the batch is exactly district a planned alone.
    let alone = dir.path().join("alone");
    let o = jemput(&[
        "plan",
        s(&dir.path().join("a.toml")),
        "--strategy",
        "greedy",
        "--out",
        s(&alone),
    ]);
    assert!(o.status.success());
    assert_eq!(
        std::fs::read(out.join("a/plan.csv")).unwrap(),
        std::fs::read(alone.join("plan.csv")).unwrap()
    );
    let o = jemput(&[
        "evaluate",
        s(&dir.path().join("b.toml")),
        s(&out.join("b/plan.csv")),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

#[test]
fn a_bad_district_in_a_folder_is_reported_and_the_others_are_planned() {
    let dir = tempfile::tempdir().unwrap();
    districts(dir.path());
    std::fs::write(dir.path().join("c.toml"), "[scenario]\nname = \"broken\"\n").unwrap();
    let out = dir.path().join("out");
    let o = jemput(&[
        "plan",
        s(dir.path()),
        "--strategy",
        "greedy",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(2));
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(stdout.contains("c.toml"), "{stdout}");
    assert!(out.join("a/plan.csv").is_file() && out.join("b/plan.csv").is_file());
    let csv = std::fs::read_to_string(out.join("rollup.csv")).unwrap();
    assert_eq!(csv.lines().count(), 3, "{csv}");
}

#[test]
fn a_malformed_province_file_names_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let province = dir.path().join("province.toml");
    std::fs::write(
        &province,
        "[province]\nname = \"P\"\ndistrict = [\"a.toml\"]\n",
    )
    .unwrap();
    let o = jemput(&["plan", s(&province)]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("province.toml:3"), "{err}");
}

#[test]
fn rollup_of_separately_planned_districts_equals_the_batch_rollup() {
    let dir = tempfile::tempdir().unwrap();
    districts(dir.path());
    let batch = dir.path().join("batch");
    let o = jemput(&[
        "plan",
        s(dir.path()),
        "--strategy",
        "greedy",
        "--out",
        s(&batch),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The same districts as two separate jobs, then `jemput rollup`.
    let jobs = dir.path().join("jobs");
    for d in ["a", "b"] {
        let o = jemput(&[
            "plan",
            s(&dir.path().join(format!("{d}.toml"))),
            "--strategy",
            "greedy",
            "--out",
            s(&jobs.join(d)),
        ]);
        assert!(o.status.success());
    }
    let o = jemput(&["rollup", s(&jobs)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let read = |p: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(p.join("rollup.json")).unwrap()).unwrap()
    };
    let (a, b) = (read(&batch), read(&jobs));
    for key in ["expected", "forecast_share", "total_shortfall", "eligible"] {
        assert_eq!(a[key], b[key], "{key}");
    }
}

#[test]
fn the_committed_kalimantan_utara_province_plans_every_district() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let province = common::root().join("scenarios/kaltara/province.toml");
    let o = jemput(&[
        "plan",
        s(&province),
        "--strategy",
        "greedy",
        "--no-bound",
        "--out",
        s(&out),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rollup: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("rollup.json")).unwrap()).unwrap();
    let mut sum = 0.0;
    for d in ["bulungan", "malinau", "nunukan", "tana_tidung", "tarakan"] {
        // Each district's plan passes the checker when re-read (evaluate exits 0).
        let scenario = common::root().join(format!("scenarios/kaltara/{d}.toml"));
        let plan = out.join(d).join("plan.csv");
        let e = jemput(&["evaluate", s(&scenario), s(&plan)]);
        assert!(
            e.status.success(),
            "{d}: {}",
            String::from_utf8_lossy(&e.stdout)
        );
        let summary: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join(d).join("summary.json")).unwrap())
                .unwrap();
        sum += summary["expected_activations"].as_f64().unwrap();
    }
    assert!((sum - rollup["expected"].as_f64().unwrap()).abs() < 1e-6 * sum.max(1.0));
}

//! Absurd sizes end in a clear refusal or a plan, never a crash: a million sites, a
//! ten-year horizon.

use crate::common;

use std::fmt::Write;
use std::path::Path;
use std::process::{Command, Output};

fn jemput(args: &[&str]) -> Output {
    Command::new(common::jemput_bin())
        .args(args)
        .output()
        .expect("the jemput binary runs")
}

fn scenario(start: &str, end: &str, site_file: &str) -> String {
    format!(
        r#"[scenario]
name = "Large"
start = {start}
end = {end}
site_files = ["{site_file}"]

[target]
eligible = 2000000
activated = 10000
share = 0.3
organic_per_day = 5

[calendar]
holidays = "none"

[[bases]]
id = "office"
name = "Office"
lat = -6.9
lon = 109.7

[[teams]]
id = "T"
count = 2
base = "office"
staff = 3
shift = "08:00-15:00"
"#
    )
}

fn sites_csv(path: &Path, n: usize) {
    let mut text = String::from("code,name,kind,district,lat,lon,eligible,activated\n");
    for i in 0..n {
        let lat = -6.9 + (i % 97) as f64 * 0.001;
        let lon = 109.7 + (i % 89) as f64 * 0.001;
        let _ = writeln!(
            text,
            "S{i},Desa {i},village,K{},{lat:.4},{lon:.4},2000,10",
            i % 15
        );
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_million_sites_is_refused_with_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    sites_csv(&dir.path().join("sites.csv"), 1_000_000);
    let toml = dir.path().join("big.toml");
    std::fs::write(&toml, scenario("2025-01-01", "2025-12-31", "sites.csv")).unwrap();
    let o = jemput(&["validate", toml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("200000 sites"), "{err}");
}

#[test]
fn a_ten_year_horizon_plans() {
    let dir = tempfile::tempdir().unwrap();
    sites_csv(&dir.path().join("sites.csv"), 40);
    let toml = dir.path().join("decade.toml");
    std::fs::write(&toml, scenario("2025-01-01", "2034-12-31", "sites.csv")).unwrap();
    let out = dir.path().join("out");
    let o = jemput(&[
        "plan",
        toml.to_str().unwrap(),
        "--strategy",
        "greedy",
        "--no-bound",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("summary.json")).unwrap()).unwrap();
    assert_eq!(summary["end"], "2034-12-31");
    assert!(summary["visits"].as_u64().unwrap() > 0);
    assert_eq!(summary["months"].as_array().unwrap().len(), 120);
    let o = jemput(&[
        "evaluate",
        toml.to_str().unwrap(),
        out.join("plan.csv").to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stdout));
}

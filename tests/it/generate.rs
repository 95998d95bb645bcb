//! `jemput generate`: determinism, totals, the committed seed-district scenarios (they load,
//! and greedy's plan passes the checker), byte-identical regeneration from the shared village
//! lists, and clear errors for bad village rows.

use crate::common;

use jemput::generate::national::{
    ELIGIBLE, KABUPATEN, KOTA, MAX_VILLAGES, VILLAGES, national, write_country,
};
use jemput::generate::region::{BasePlacement, BeyondReach, RegionSpec, region};
use jemput::generate::synthetic::{SyntheticSpec, synthetic};
use jemput::generate::{render_sites_csv, render_toml, split_command, validate};
use jemput::scenario::villages::read_villages;
use jemput::strategy::{self, SolveOptions};
use jemput::{checker, scenario};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The seed-district scenarios committed under scenarios/.
const SEEDS: [&str; 10] = [
    "batang",
    "mukomuko",
    "penajam_paser_utara",
    "denpasar",
    "kalimantan_utara",
    "kaltara/bulungan",
    "kaltara/malinau",
    "kaltara/nunukan",
    "kaltara/tana_tidung",
    "kaltara/tarakan",
];

fn jemput(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(common::jemput_bin())
        .current_dir(dir)
        .args(args)
        .output()
        .expect("run jemput")
}

/// Plans with greedy and asserts the checker finds nothing; returns the number of visits.
fn greedy_plan_passes_checker(path: &Path) -> usize {
    greedy_plan(path).0
}

/// Greedy's plan, checked: (visits, expected activations, activations the teams need).
fn greedy_plan(path: &Path) -> (usize, f64, f64) {
    let p =
        scenario::load(path).unwrap_or_else(|d| panic!("{} does not load:\n{d}", path.display()));
    let solution = strategy::by_name("greedy")
        .expect("greedy is registered")
        .solve(&p, &SolveOptions::default());
    let violations = checker::check(&p, &solution.plan);
    assert!(
        violations.is_empty(),
        "{}: greedy's plan breaks {} rule(s), first: {}",
        path.display(),
        violations.len(),
        violations[0]
    );
    let activations = jemput::response::evaluate(&p, &solution.plan).activations;
    (solution.plan.visits(), activations, p.activations_needed())
}

#[test]
fn synthetic_is_deterministic_by_seed() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "generate",
        "synthetic",
        "--out",
        "d.toml",
        "--seed",
        "42",
        "--villages",
        "40",
        "--kinds",
        "village=0.8,school=0.1,event=0.1",
    ];
    let first = jemput(dir.path(), &args);
    assert!(
        first.status.success(),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let toml1 = std::fs::read(dir.path().join("d.toml")).unwrap();
    let csv1 = std::fs::read(dir.path().join("d.sites.csv")).unwrap();

    // Without --force the files are not replaced, and the message says how.
    let again = jemput(dir.path(), &args);
    assert_eq!(again.status.code(), Some(2));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(
        err.contains("already exists") && err.contains("--force"),
        "{err}"
    );

    let mut forced = args.to_vec();
    forced.push("--force");
    let second = jemput(dir.path(), &forced);
    assert!(second.status.success());
    assert_eq!(toml1, std::fs::read(dir.path().join("d.toml")).unwrap());
    assert_eq!(csv1, std::fs::read(dir.path().join("d.sites.csv")).unwrap());

    // Another seed gives other sites.
    let other = jemput(
        dir.path(),
        &[
            "generate",
            "synthetic",
            "--out",
            "e.toml",
            "--seed",
            "43",
            "--villages",
            "40",
        ],
    );
    assert!(other.status.success());
    assert_ne!(csv1, std::fs::read(dir.path().join("e.sites.csv")).unwrap());

    let visits = greedy_plan_passes_checker(&dir.path().join("d.toml"));
    assert!(visits > 0);
}

#[test]
fn synthetic_totals_are_preserved() {
    for seed in [1, 2, 3] {
        let spec = SyntheticSpec {
            seed,
            eligible: 123_457,
            activated: 8_765,
            sites: 75,
            ..SyntheticSpec::default()
        };
        let g = synthetic(&spec).unwrap();
        let e: f64 = g.sites.iter().map(|s| s.eligible).sum();
        let a: f64 = g.sites.iter().map(|s| s.activated).sum();
        assert_eq!(e, 123_457.0);
        assert_eq!(a, 8_765.0);
        assert!(g.sites.iter().all(|s| s.activated <= s.eligible));
        assert_eq!(g.sites.len(), 75);
        // Same seed, same bytes.
        let out = Path::new("x.toml");
        let again = synthetic(&spec).unwrap();
        assert_eq!(render_toml(&g, out), render_toml(&again, out));
        assert_eq!(render_sites_csv(&g.sites), render_sites_csv(&again.sites));
    }
}

fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn region_spreads_totals_over_a_plain_village_list() {
    let dir = tempfile::tempdir().unwrap();
    let list = write(
        dir.path(),
        "v.csv",
        "code,name,district,lat,lon,weight\n\
         V1,Desa Satu,K1,-7.000,110.000,12\n\
         V2,Desa Dua,K1,-7.020,110.030,3\n\
         V3,Desa Tiga,K2,-7.050,110.010,7\n\
         V4,Desa Empat,K2,-7.080,110.060,1\n\
         V5,Desa Lima,K2,-7.030,109.980,0\n",
    );
    let out = jemput(
        dir.path(),
        &[
            "generate",
            "region",
            "--villages",
            "v.csv",
            "--out",
            "r.toml",
            "--name",
            "Kabupaten Uji",
            "--eligible",
            "23001",
            "--activated",
            "1999",
            "--target-share",
            "0.3",
            "--start",
            "2025-01-01",
            "--base-lat",
            "-7.01",
            "--base-lon",
            "110.01",
            "--schools-per-district",
            "1",
            "--car-free-day",
            "800",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let (file, p) = scenario::load_scenario(&dir.path().join("r.toml")).unwrap();
    assert_eq!(file.target.eligible, 23001.0);
    let villages: Vec<_> = p
        .sites
        .iter()
        .filter(|s| s.kind == jemput::problem::SiteKind::Village)
        .collect();
    assert_eq!(villages.len(), 5);
    let pool: f64 = villages.iter().map(|s| s.pool).sum();
    // The pools are eligible - activated per village; together the district's figures.
    assert_eq!(pool, 23001.0 - 1999.0);
    assert_eq!(p.sites.len(), 5 + 2 + 1);
    greedy_plan_passes_checker(&dir.path().join("r.toml"));

    // The village rows as read: weight 0 gets nothing.
    let g_villages = read_villages(&list, None, None).unwrap();
    let spec = RegionSpec {
        name: "T".into(),
        eligible: 23001,
        activated: 1999,
        bases: BasePlacement::PerGroup,
        ..RegionSpec::default()
    };
    let g = region(&spec, &g_villages).unwrap();
    let v5 = g.sites.iter().find(|s| s.code == "V5").unwrap();
    assert_eq!((v5.eligible, v5.activated), (0.0, 0.0));
    let e: f64 = g.sites.iter().map(|s| s.eligible).sum();
    let a: f64 = g.sites.iter().map(|s| s.activated).sum();
    assert_eq!((e, a), (23001.0, 1999.0));
    validate(&g, &dir.path().join("t.toml")).unwrap();
}

#[test]
fn bad_village_rows_are_named_by_file_line_and_field() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "bad.csv",
        "code,name,district,lat,lon,weight\n\
         V1,Desa Satu,K1,-7.000,110.000,12\n\
         V2,Desa Dua,K1,minus tujuh,110.030,3\n\
         V3,Desa Tiga,,-7.050,110.010,7\n\
         V4,Desa Empat,K2,-7.080,110.060,banyak\n\
         V1,Desa Lima,K2,-7.030,109.980,1\n\
         V6,Desa Enam,K2\n",
    );
    let out = jemput(
        dir.path(),
        &[
            "generate",
            "region",
            "--villages",
            "bad.csv",
            "--out",
            "r.toml",
            "--name",
            "X",
            "--eligible",
            "1000",
            "--target-share",
            "0.3",
            "--start",
            "2025-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    for expected in [
        "bad.csv:3: [E027-bad-coordinates] lat:",
        "bad.csv:4: [E005-missing-field] district:",
        "bad.csv:5: [E014-csv-bad-value] weight:",
        "bad.csv:6: [E006-duplicate-id] code:",
        "bad.csv:7: [E025-csv-syntax] ",
    ] {
        assert!(err.contains(expected), "missing `{expected}` in:\n{err}");
    }
    assert!(!err.contains("panicked"), "{err}");
    assert!(!dir.path().join("r.toml").exists());

    // A missing column is named too.
    write(
        dir.path(),
        "nocol.csv",
        "code,name,lat,lon,weight\nV1,A,-7,110,1\n",
    );
    let out = jemput(
        dir.path(),
        &[
            "generate",
            "region",
            "--villages",
            "nocol.csv",
            "--out",
            "r.toml",
            "--name",
            "X",
            "--eligible",
            "1000",
            "--target-share",
            "0.3",
            "--start",
            "2025-01-01",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("nocol.csv:1: [E013-csv-missing-column] header:") && err.contains("district"),
        "{err}"
    );
}

#[test]
fn villages_beyond_a_days_trip_are_named_or_left_out() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "far.csv",
        "code,name,district,lat,lon,weight\nV1,Dekat,K1,-7.0,110.0,5\nV2,Jauh,K1,-8.5,110.0,5\n",
    );
    let base = [
        "generate",
        "region",
        "--villages",
        "far.csv",
        "--out",
        "f.toml",
        "--name",
        "X",
        "--eligible",
        "1000",
        "--activated",
        "100",
        "--target-share",
        "0.3",
        "--start",
        "2025-01-01",
        "--base-lat",
        "-7.0",
        "--base-lon",
        "110.0",
    ];
    let out = jemput(dir.path(), &base);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("far.csv:3: [E016-visit-cannot-fit] lat/lon: village `V2`"),
        "{err}"
    );
    let mut drop = base.to_vec();
    drop.extend(["--beyond-reach", "drop"]);
    let out = jemput(dir.path(), &drop);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(dir.path().join("f.toml")).unwrap();
    assert!(text.contains("Left out") && text.contains("V2"), "{text}");
    let p = scenario::load(&dir.path().join("f.toml")).unwrap();
    assert_eq!(p.sites.len(), 1);
    // The left-out village keeps its share of the target.
    assert_eq!(p.target.eligible, 1000.0);
    assert_eq!(p.sites[0].pool, 450.0);
}

#[test]
fn national_country_has_the_documented_size_and_is_deterministic() {
    let a = national(5).unwrap();
    assert_eq!(a.len(), KABUPATEN + KOTA);
    let villages: usize = a
        .iter()
        .map(|d| {
            d.generated
                .sites
                .iter()
                .filter(|s| s.kind == "village")
                .count()
        })
        .sum();
    assert_eq!(villages as u64, VILLAGES);
    let per_district = |d: &jemput::generate::national::District| {
        d.generated
            .sites
            .iter()
            .filter(|s| s.kind == "village")
            .count() as u64
    };
    assert!(
        a.iter()
            .all(|d| (5..=MAX_VILLAGES).contains(&per_district(d)))
    );
    let eligible: f64 = a.iter().map(|d| d.generated.file.target.eligible).sum();
    assert_eq!(eligible as u64, ELIGIBLE);
    let b = national(5).unwrap();
    assert!(a == b, "same seed, same country");
    let c = national(6).unwrap();
    assert!(a != c);

    // Written, the smallest and the largest district load; the smallest plans cleanly.
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(write_country(dir.path(), &a, false).unwrap(), 514);
    assert!(matches!(
        write_country(dir.path(), &a, false),
        Err(jemput::generate::GenerateError::Exists(_))
    ));
    let size = |i: usize| a[i].generated.sites.len();
    let smallest = (0..a.len()).min_by_key(|&i| size(i)).unwrap();
    let largest = (0..a.len()).max_by_key(|&i| size(i)).unwrap();
    for i in [smallest, largest] {
        let path = dir.path().join(format!("{}.toml", a[i].stem));
        scenario::load(&path).unwrap_or_else(|d| panic!("{}:\n{d}", path.display()));
    }
    greedy_plan_passes_checker(&dir.path().join(format!("{}.toml", a[smallest].stem)));
}

#[test]
fn committed_scenarios_load_and_greedy_plans_pass_the_checker() {
    for name in SEEDS {
        let path = common::root().join(format!("scenarios/{name}.toml"));
        let (file, p) = scenario::load_scenario(&path)
            .unwrap_or_else(|d| panic!("{} does not load:\n{d}", path.display()));
        // Village pools add up to the district totals, except villages left out as beyond
        // a day's trip (listed in the header), whose share stays in the target.
        let text = std::fs::read_to_string(&path).unwrap();
        let villages = p
            .sites
            .iter()
            .filter(|s| s.kind == jemput::problem::SiteKind::Village);
        let eligible: f64 = villages.clone().map(|s| s.eligible).sum();
        let pool: f64 = villages.map(|s| s.pool).sum();
        if text.contains("# Left out") {
            assert!(eligible < file.target.eligible, "{name}");
        } else {
            assert_eq!(eligible, file.target.eligible, "{name}");
            assert_eq!(pool, file.target.eligible - file.target.activated, "{name}");
        }
        let (visits, activations, needed) = greedy_plan(&path);
        eprintln!(
            "{name}: greedy {visits} visits, {activations:.0} activations ({needed:.0} needed)"
        );
        assert!(visits > 0, "{name}: greedy planned nothing");
        assert!(activations > 0.0, "{name}: greedy's visits activate nobody");
    }
}

/// The command recorded in a generated file's header.
fn recorded_command(toml: &str) -> Option<String> {
    toml.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix("# command: "))
        .map(str::to_string)
}

#[test]
fn committed_scenarios_regenerate_byte_identical_from_the_shared_village_lists() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let root = common::root();
    let sources = std::fs::read_to_string(root.join("scenarios/SOURCES.md")).unwrap();
    // The layout the commands expect: the project beside shared/.
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("scenarios/inputs")).unwrap();
    std::fs::create_dir_all(repo.join("scenarios/kaltara")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&shared, tmp.path().join("shared")).unwrap();
    #[cfg(not(unix))]
    {
        common::skip("needs a symlink to the shared folder");
        return;
    }
    for entry in std::fs::read_dir(root.join("scenarios/inputs")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            repo.join("scenarios/inputs").join(entry.file_name()),
        )
        .unwrap();
    }
    for name in SEEDS {
        let committed =
            std::fs::read_to_string(root.join(format!("scenarios/{name}.toml"))).unwrap();
        let command = recorded_command(&committed)
            .unwrap_or_else(|| panic!("{name}.toml records no command in its header"));
        assert!(
            sources.contains(&command),
            "scenarios/SOURCES.md does not show the command of {name}.toml:\n{command}"
        );
        let words = split_command(&command);
        assert_eq!(words[0], "jemput");
        let args: Vec<&str> = words[1..].iter().map(String::as_str).collect();
        let out = jemput(&repo, &args);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        for file in [format!("{name}.toml"), format!("{name}.sites.csv")] {
            let again = std::fs::read(repo.join("scenarios").join(&file)).unwrap();
            let before = std::fs::read(root.join("scenarios").join(&file)).unwrap();
            assert!(
                again == before,
                "scenarios/{file} differs when regenerated: run scenarios/regenerate.sh"
            );
        }
    }
}

#[test]
fn region_reads_the_shared_area_files_with_polling_station_weights() {
    let Some(shared) = common::shared_dir() else {
        return;
    };
    let regions = shared.join("data/regions");
    let weights = regions.join("tps2024_by_village.csv");
    for (file, villages, districts) in [
        ("batang.csv", 248, 15),
        ("mukomuko.csv", 151, 15),
        ("penajam_paser_utara.csv", 54, 4),
        ("denpasar.csv", 43, 4),
        ("kalimantan_utara.csv", 482, 55),
    ] {
        let v = read_villages(&regions.join(file), Some("tps"), Some(&weights))
            .unwrap_or_else(|e| panic!("{file}: {}", jemput::scenario::Diagnostics(e)));
        assert_eq!(v.len(), villages, "{file}");
        let mut ds: Vec<&str> = v.iter().map(|x| x.district.as_str()).collect();
        ds.dedup();
        assert_eq!(ds.len(), districts, "{file}");
        assert!(
            v.iter().all(|x| x.weight >= 1.0),
            "{file}: every village had a TPS"
        );
    }
    // Batang: 628,072 spread exactly.
    let v = read_villages(&regions.join("batang.csv"), Some("tps"), Some(&weights)).unwrap();
    let spec = RegionSpec {
        name: "Batang".into(),
        eligible: 628_072,
        activated: 44_022,
        beyond_reach: BeyondReach::Error,
        ..RegionSpec::default()
    };
    let g = region(&spec, &v).unwrap();
    let e: f64 = g.sites.iter().map(|s| s.eligible).sum();
    let a: f64 = g.sites.iter().map(|s| s.activated).sum();
    assert_eq!((e, a), (628_072.0, 44_022.0));
}

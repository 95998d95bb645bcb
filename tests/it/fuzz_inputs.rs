//! Mutation fuzzing of everything a planner feeds jemput: scenario TOML, site CSV, actuals CSV
//! and edited plan CSV. Each case mutates a valid file (delete, duplicate or swap lines, flip
//! or insert bytes, replace numbers with absurd values, truncate) and loads it; loading must
//! return a value or a list of problems, never panic. Runs on stable Rust in `cargo test`;
//! `JEMPUT_FUZZ_CASES=200000 cargo test --release --test it fuzz_inputs:: -- --nocapture` runs a
//! long campaign (see docs/reliability.md).

use crate::common;

use jemput::strategy::{self, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

const ABSURD: &[&str] = &[
    "-1",
    "0",
    "1e308",
    "-1e308",
    "nan",
    "inf",
    "\"\"",
    "99999999999999999999",
    "0.0000001",
    "\"x\"",
    "[]",
    "{}",
    "2024-02-30",
    "25:99-07:00",
    "true",
    "-0",
    "1_000",
    "18446744073709551616",
];

fn cases() -> usize {
    std::env::var("JEMPUT_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(150)
}

/// One random mutation of `text`.
fn mutate(rng: &mut ChaCha8Rng, text: &[u8]) -> Vec<u8> {
    let mut lines: Vec<Vec<u8>> = text.split(|&b| b == b'\n').map(|l| l.to_vec()).collect();
    let n = lines.len().max(1);
    match rng.random_range(0..9) {
        0 => {
            lines.remove(rng.random_range(0..n).min(lines.len().saturating_sub(1)));
        }
        1 => {
            let i = rng.random_range(0..n).min(lines.len() - 1);
            let l = lines[i].clone();
            lines.insert(i, l);
        }
        2 => {
            let (a, b) = (rng.random_range(0..n), rng.random_range(0..n));
            if a < lines.len() && b < lines.len() {
                lines.swap(a, b);
            }
        }
        3 => {
            // Replace a number (or a value after '=' / ',') with an absurd one.
            let i = rng.random_range(0..n).min(lines.len() - 1);
            let s = String::from_utf8_lossy(&lines[i]).to_string();
            let absurd = ABSURD[rng.random_range(0..ABSURD.len())];
            let replaced = if let Some(eq) = s.find('=') {
                format!("{}= {absurd}", &s[..eq])
            } else {
                let mut cells: Vec<String> = s.split(',').map(String::from).collect();
                let k = rng.random_range(0..cells.len());
                cells[k] = absurd.trim_matches('"').to_string();
                cells.join(",")
            };
            lines[i] = replaced.into_bytes();
        }
        4 => {
            let mut bytes = text.to_vec();
            if !bytes.is_empty() {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = rng.random();
            }
            return bytes;
        }
        5 => {
            let mut bytes = text.to_vec();
            let i = rng.random_range(0..=bytes.len());
            let junk: Vec<u8> = (0..rng.random_range(1..8)).map(|_| rng.random()).collect();
            bytes.splice(i..i, junk);
            return bytes;
        }
        6 => {
            let cut = rng.random_range(0..=text.len());
            return text[..cut].to_vec();
        }
        7 => {
            // Structural characters.
            let mut bytes = text.to_vec();
            if !bytes.is_empty() {
                let i = rng.random_range(0..bytes.len());
                bytes[i] = b"[]=,\"'#\n:{}"[rng.random_range(0..11)];
            }
            return bytes;
        }
        _ => {
            // Several mutations at once.
            let once = mutate(rng, text);
            return mutate(rng, &once);
        }
    }
    lines.join(&b'\n')
}

fn no_panic<T>(what: &str, input: &[u8], f: impl FnOnce() -> T) {
    if catch_unwind(AssertUnwindSafe(f)).is_err() {
        panic!(
            "{what} panicked on input:\n{}",
            String::from_utf8_lossy(input)
        );
    }
}

/// The seed corpus: valid scenarios with each travel form and site CSVs, as (scenario,
/// companion files it reads) relative to the project root.
const SEEDS: &[(&str, &[&str])] = &[
    ("scenarios/tutorial.toml", &[]),
    (
        "tests/fixtures/good/csv_sites.toml",
        &["tests/fixtures/good/csv_sites.sites.csv"],
    ),
    (
        "tests/fixtures/good/graph.toml",
        &["tests/fixtures/good/graph.edges.csv"],
    ),
    (
        "tests/fixtures/good/matrix.toml",
        &["tests/fixtures/good/matrix.travel.csv"],
    ),
];

#[test]
fn scenario_and_site_files_never_panic() {
    let root = common::root();
    let seeds: Vec<Vec<(String, Vec<u8>)>> = SEEDS
        .iter()
        .map(|(toml, files)| {
            std::iter::once(toml)
                .chain(files.iter())
                .map(|f| {
                    let name = Path::new(f)
                        .file_name()
                        .unwrap()
                        .to_string_lossy()
                        .into_owned();
                    (name, std::fs::read(root.join(f)).unwrap())
                })
                .collect()
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut rng = ChaCha8Rng::seed_from_u64(20241127);
    let (mut ok, mut rejected) = (0usize, 0usize);
    for _ in 0..cases() {
        let seed = &seeds[rng.random_range(0..seeds.len())];
        // Mutate the scenario (60 %) or one of the files it reads.
        let target = if seed.len() > 1 && rng.random_bool(0.4) {
            rng.random_range(1..seed.len())
        } else {
            0
        };
        let mut input = Vec::new();
        for (i, (name, bytes)) in seed.iter().enumerate() {
            let bytes = if i == target {
                mutate(&mut rng, bytes)
            } else {
                bytes.clone()
            };
            std::fs::write(dir.path().join(name), &bytes).unwrap();
            input.extend_from_slice(format!("--- {name} ---\n").as_bytes());
            input.extend_from_slice(&bytes);
            input.push(b'\n');
        }
        let scenario = dir.path().join(&seed[0].0);
        no_panic("scenario loading", &input, || {
            match jemput::scenario::load(&scenario) {
                Ok(p) => {
                    ok += 1;
                    // A scenario that loads must also plan without panicking.
                    let plan = strategy::by_name("greedy")
                        .unwrap()
                        .solve(&p, &SolveOptions::default())
                        .plan;
                    assert!(jemput::checker::check(&p, &plan).is_empty());
                }
                Err(d) => {
                    rejected += 1;
                    assert!(!d.0.is_empty(), "an error must list at least one problem");
                }
            }
        });
    }
    eprintln!(
        "scenario fuzz: {} cases over {} seeds, {ok} loaded, {rejected} rejected with diagnostics",
        cases(),
        seeds.len()
    );
    assert!(
        rejected > 0,
        "mutations should produce some invalid scenarios"
    );
    assert!(ok > 0, "some mutations should still load");
}

fn fuzz_csv(name: &str, valid: &[u8], load: impl Fn(&Path) -> bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    let mut rejected = 0;
    for _ in 0..cases() {
        let bytes = mutate(&mut rng, valid);
        std::fs::write(&path, &bytes).unwrap();
        no_panic(name, &bytes, || {
            if !load(&path) {
                rejected += 1;
            }
        });
    }
    eprintln!("{name} fuzz: {} cases, {rejected} rejected", cases());
}

#[test]
fn actuals_and_edited_plans_never_panic() {
    let root = common::root();
    let p = jemput::scenario::load(&root.join("scenarios/tutorial.toml")).unwrap();
    let plan = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &SolveOptions::default())
        .plan;
    let mut actuals = String::from("site_code,date,activations\n");
    for r in plan.routes.iter().take(20) {
        for s in &r.stops {
            actuals.push_str(&format!(
                "{},{},{}\n",
                p.sites[s.site].code, p.days[r.day].date, 12
            ));
        }
    }
    fuzz_csv("actuals.csv", actuals.as_bytes(), |path| {
        jemput::scenario::actuals::read_actuals(&p, path).is_ok()
    });

    let dir = tempfile::tempdir().unwrap();
    let csv_path = dir.path().join("plan.csv");
    let eval = jemput::response::evaluate(&p, &plan);
    jemput::report::write_atomic(
        &csv_path,
        jemput::report::plan_csv(&p, &plan, &eval).as_bytes(),
    )
    .unwrap();
    let valid = std::fs::read(&csv_path).unwrap();
    fuzz_csv(
        "plan.csv",
        &valid,
        |path| match jemput::scenario::read_plan_csv(&p, path) {
            Ok(edited) => {
                // Whatever was read can be checked and scored without panicking.
                let _ = jemput::checker::check(&p, &edited);
                let _ = jemput::response::evaluate(&p, &edited);
                true
            }
            Err(_) => false,
        },
    );
}

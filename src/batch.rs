//! Many districts in one run: a folder of scenarios, or a province file listing district
//! scenarios, planned in parallel with one output folder per district and a roll-up.
//!
//! Each district is independent, so the batch is a pure function from scenario file to
//! output folder: the same run can be split over the machines of a cluster (one district per
//! job, see docs/scale.md) and the roll-up rebuilt from the `summary.json` files.

use crate::i18n::Lang;
use crate::pipeline;
use crate::report::table::thousands;
use crate::report::{self, Summary};
use crate::strategy::{self, SolveOptions};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// A province file: `[province] name = "...", districts = ["a.toml", ...]` (paths relative
/// to the file).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ProvinceFile {
    province: Province,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Province {
    name: String,
    districts: Vec<PathBuf>,
}

/// True when `path` is a folder or a province file rather than one district's scenario.
pub fn is_batch(path: &Path) -> bool {
    if path.is_dir() {
        return true;
    }
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| text.parse::<toml::Table>().ok())
        .is_some_and(|t| t.contains_key("province"))
}

/// The roll-up name and the district scenario files of a batch input.
pub fn members(path: &Path) -> Result<(String, Vec<PathBuf>), String> {
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .map_err(|e| format!("{}: cannot list the folder: {e}", path.display()))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml") && !is_batch(p))
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(format!(
                "{}: no scenario files (*.toml) in this folder",
                path.display()
            ));
        }
        let name = path
            .file_name()
            .map_or("batch".into(), |s| s.to_string_lossy().into_owned());
        return Ok((name, files));
    }
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    let file: ProvinceFile = toml::from_str(&text).map_err(|e| {
        let line = e
            .span()
            .map(|s| text.as_bytes()[..s.start.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1);
        format!(
            "{}{}: {} (a province file has [province] with name = \"...\" and districts = [\"district.toml\", ...])",
            path.display(),
            line.map_or(String::new(), |l| format!(":{l}")),
            e.message()
        )
    })?;
    if file.province.districts.is_empty() {
        return Err(format!(
            "{}: [province] districts is empty; list the district scenario files",
            path.display()
        ));
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let files = file
        .province
        .districts
        .iter()
        .map(|f| dir.join(f))
        .collect();
    Ok((file.province.name, files))
}

/// One district of the roll-up.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DistrictResult {
    pub scenario: PathBuf,
    pub name: String,
    pub out: PathBuf,
    pub eligible: f64,
    pub activated_at_start: f64,
    pub organic: f64,
    pub expected: f64,
    pub forecast_share: f64,
    pub target_share: f64,
    pub target_met: bool,
    /// Activations short of the target at the end of the horizon (0 when met).
    pub shortfall: f64,
    pub bound: Option<f64>,
    pub gap: Option<f64>,
    pub runtime_s: f64,
}

impl DistrictResult {
    fn new(scenario: &Path, out: &Path, s: &Summary) -> Self {
        let forecast = s.activated_at_start + s.organic_activations + s.expected_activations;
        DistrictResult {
            scenario: scenario.to_path_buf(),
            name: s.scenario.clone(),
            out: out.to_path_buf(),
            eligible: s.eligible,
            activated_at_start: s.activated_at_start,
            organic: s.organic_activations,
            expected: s.expected_activations,
            forecast_share: s.forecast_share,
            target_share: s.target_share,
            target_met: s.target_met,
            shortfall: (s.target_share * s.eligible - forecast).max(0.0),
            bound: s.bound,
            gap: s.gap,
            runtime_s: s.runtime_s,
        }
    }
}

/// A district that could not be planned, and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failed {
    pub scenario: PathBuf,
    /// 2 for bad input, 1 for a plan that broke a rule.
    pub exit_code: u8,
    pub message: String,
}

/// The roll-up of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rollup {
    pub name: String,
    pub districts: Vec<DistrictResult>,
    pub failed: Vec<Failed>,
    pub eligible: f64,
    pub activated_at_start: f64,
    pub expected: f64,
    pub organic: f64,
    /// Activated share at the end of the horizon over all planned districts.
    pub forecast_share: f64,
    /// Eligible-weighted target share over all planned districts.
    pub target_share: f64,
    pub districts_missing_target: usize,
    pub total_shortfall: f64,
}

impl Rollup {
    fn new(name: String, mut districts: Vec<DistrictResult>, failed: Vec<Failed>) -> Self {
        districts.sort_by(|a, b| a.scenario.cmp(&b.scenario));
        let sum = |f: fn(&DistrictResult) -> f64| districts.iter().map(f).sum::<f64>();
        let eligible = sum(|d| d.eligible);
        let activated = sum(|d| d.activated_at_start);
        let expected = sum(|d| d.expected);
        let organic = sum(|d| d.organic);
        let ratio = |a: f64| if eligible > 0.0 { a / eligible } else { 0.0 };
        Rollup {
            forecast_share: ratio(activated + expected + organic),
            target_share: ratio(sum(|d| d.target_share * d.eligible)),
            districts_missing_target: districts.iter().filter(|d| !d.target_met).count(),
            total_shortfall: sum(|d| d.shortfall),
            name,
            districts,
            failed,
            eligible,
            activated_at_start: activated,
            expected,
            organic,
        }
    }

    /// The roll-up as plain text: totals, then the districts that will miss their target,
    /// worst first.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "  {}: {} district(s) planned, {} failed",
            self.name,
            self.districts.len(),
            self.failed.len()
        );
        let _ = writeln!(
            out,
            "  Expected activations   {} (+ {} walk-ins, {} at start)",
            thousands(self.expected),
            thousands(self.organic),
            thousands(self.activated_at_start)
        );
        let _ = writeln!(
            out,
            "  Forecast share         {:.1} % of {} eligible (target {:.1} %)",
            100.0 * self.forecast_share,
            thousands(self.eligible),
            100.0 * self.target_share
        );
        let _ = writeln!(
            out,
            "  Missing their target   {} district(s), {} activations short in all",
            self.districts_missing_target,
            thousands(self.total_shortfall)
        );
        let mut missing: Vec<&DistrictResult> =
            self.districts.iter().filter(|d| !d.target_met).collect();
        missing.sort_by(|a, b| b.shortfall.total_cmp(&a.shortfall));
        if !missing.is_empty() {
            let _ = writeln!(
                out,
                "\n  {:<36} {:>9} {:>9} {:>12}",
                "District", "Forecast", "Target", "Short by"
            );
            for d in missing.iter().take(25) {
                let name: String = d.name.chars().take(36).collect();
                let _ = writeln!(
                    out,
                    "  {:<36} {:>8.1}% {:>8.1}% {:>12}",
                    name,
                    100.0 * d.forecast_share,
                    100.0 * d.target_share,
                    thousands(d.shortfall)
                );
            }
            if missing.len() > 25 {
                let _ = writeln!(out, "  ... and {} more (rollup.csv)", missing.len() - 25);
            }
        }
        for f in &self.failed {
            let _ = writeln!(
                out,
                "\n  FAILED {} (exit {}):\n{}",
                f.scenario.display(),
                f.exit_code,
                f.message
            );
        }
        out
    }

    /// One row per district.
    pub fn csv(&self) -> String {
        let mut out = String::from(
            "scenario,name,eligible,activated_at_start,organic,expected,forecast_share,target_share,target_met,shortfall,bound,gap,runtime_s\n",
        );
        let q = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
        for d in &self.districts {
            let _ = writeln!(
                out,
                "{},{},{:.0},{:.0},{:.1},{:.1},{:.6},{:.6},{},{:.1},{},{},{:.3}",
                q(&d.scenario.display().to_string()),
                q(&d.name),
                d.eligible,
                d.activated_at_start,
                d.organic,
                d.expected,
                d.forecast_share,
                d.target_share,
                d.target_met,
                d.shortfall,
                opt(d.bound),
                opt(d.gap),
                d.runtime_s
            );
        }
        out
    }
}

/// The roll-up of output folders written by separate runs (e.g. one cluster job per
/// district): every `*/summary.json` under `out`.
pub fn rollup_from_folders(name: String, out: &Path) -> Result<Rollup, String> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(out)
        .map_err(|e| format!("{}: cannot list the folder: {e}", out.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("summary.json").is_file())
        .collect();
    dirs.sort();
    if dirs.is_empty() {
        return Err(format!(
            "{}: no district folders with a summary.json; run `jemput plan` into it first",
            out.display()
        ));
    }
    let mut districts = Vec::new();
    let mut failed = Vec::new();
    for dir in dirs {
        let path = dir.join("summary.json");
        let parsed = std::fs::read(&path)
            .map_err(|e| e.to_string())
            .and_then(|b| {
                serde_json::from_slice::<serde_json::Value>(&b).map_err(|e| e.to_string())
            })
            .and_then(|v| result_from_json(&dir, &v));
        match parsed {
            Ok(d) => districts.push(d),
            Err(message) => failed.push(Failed {
                scenario: path,
                exit_code: 2,
                message,
            }),
        }
    }
    Ok(Rollup::new(name, districts, failed))
}

fn result_from_json(dir: &Path, v: &serde_json::Value) -> Result<DistrictResult, String> {
    let num = |k: &str| {
        v[k].as_f64()
            .ok_or_else(|| format!("summary.json: `{k}` is missing or not a number"))
    };
    let eligible = num("eligible")?;
    let activated = num("activated_at_start")?;
    let organic = num("organic_activations")?;
    let expected = num("expected_activations")?;
    let target_share = num("target_share")?;
    let forecast = activated + organic + expected;
    Ok(DistrictResult {
        scenario: dir.to_path_buf(),
        name: v["scenario"].as_str().unwrap_or_default().to_string(),
        out: dir.to_path_buf(),
        eligible,
        activated_at_start: activated,
        organic,
        expected,
        forecast_share: num("forecast_share")?,
        target_share,
        target_met: v["target_met"].as_bool().unwrap_or(false),
        shortfall: (target_share * eligible - forecast).max(0.0),
        bound: v["bound"].as_f64(),
        gap: v["gap"].as_f64(),
        runtime_s: v["runtime_s"].as_f64().unwrap_or(0.0),
    })
}

/// How to run a batch.
#[derive(Debug, Clone)]
pub struct BatchOptions {
    pub strategy: String,
    /// Seed for every district (`None`: each scenario's own seed).
    pub seed: Option<u64>,
    pub solve: SolveOptions,
    /// Districts planned at once.
    pub jobs: usize,
    pub bound: bool,
    pub lang: Lang,
    pub force: bool,
}

/// Plans every district of `files` into `out/<file stem>/` and returns the roll-up. A
/// district that fails is listed in the roll-up; the others are planned regardless.
pub fn run(name: String, files: &[PathBuf], out: &Path, o: &BatchOptions) -> Rollup {
    let one = |path: &PathBuf| -> Result<DistrictResult, Failed> {
        let fail = |exit_code: u8, message: String| Failed {
            scenario: path.clone(),
            exit_code,
            message,
        };
        let p = crate::scenario::load(path).map_err(|d| fail(2, d.to_string()))?;
        let strat = strategy::by_name(&o.strategy)
            .ok_or_else(|| fail(2, format!("unknown strategy {}", o.strategy)))?;
        let opts = SolveOptions {
            seed: o.seed.unwrap_or(p.seed),
            progress: false,
            ..o.solve.clone()
        };
        let outcome = pipeline::run(&p, strat.as_ref(), &opts, o.bound);
        if !outcome.violations.is_empty() {
            return Err(fail(
                1,
                outcome
                    .violations
                    .iter()
                    .take(20)
                    .map(|v| format!("    {v}"))
                    .collect::<Vec<_>>()
                    .join("\n"),
            ));
        }
        let stem = path
            .file_stem()
            .map_or("district".into(), |s| s.to_string_lossy().into_owned());
        let dir = out.join(stem);
        let files = pipeline::output_files(&p, &outcome, o.lang);
        report::write_files(&dir, &files, o.force).map_err(|e| fail(2, e.to_string()))?;
        Ok(DistrictResult::new(path, &dir, &outcome.summary))
    };
    let results: Vec<Result<DistrictResult, Failed>> = match rayon::ThreadPoolBuilder::new()
        .num_threads(o.jobs.max(1))
        .build()
    {
        Ok(pool) => pool.install(|| files.par_iter().map(one).collect()),
        Err(_) => files.iter().map(one).collect(),
    };
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for r in results {
        match r {
            Ok(d) => ok.push(d),
            Err(f) => failed.push(f),
        }
    }
    Rollup::new(name, ok, failed)
}

/// Writes `rollup.csv`, `rollup.json` and `rollup.txt` into `out`.
pub fn write_rollup(out: &Path, r: &Rollup, force: bool) -> Result<(), report::ReportError> {
    let mut json = serde_json::to_vec_pretty(r).unwrap_or_default();
    json.push(b'\n');
    let files = vec![
        ("rollup.csv".to_string(), r.csv().into_bytes()),
        ("rollup.json".to_string(), json),
        ("rollup.txt".to_string(), r.text().into_bytes()),
    ];
    report::write_files(out, &files, force).map(|_| ())
}

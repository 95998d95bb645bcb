//! Scenario generators: synthetic districts for tests and benchmarks, scenarios built from a
//! real village list and a district's published totals, and a synthetic country for the
//! batch mode.
//!
//! A planner wants to see *their* villages, but nobody publishes e-KTP counts per village;
//! what is public is the village list (codes, names, centres) and how many polling stations
//! each village had in 2024. [`region`] spreads the district totals over the villages in
//! proportion to such a weight, so that the site pools add up exactly to the published
//! totals. [`synthetic`] and [`national`] make up districts of a given shape, deterministic
//! by seed, for tests and benchmarks.
//!
//! Every generator returns a [`Generated`] scenario (the TOML in serde form plus the site
//! rows); [`write`] renders and writes it (the TOML and a site CSV beside it), atomically and
//! never over an existing file unless asked. Generated scenarios go through the same loader
//! and checks as hand-written ones ([`validate`]).

pub mod national;
pub mod region;
pub mod synthetic;

use crate::problem::Problem;
use crate::report::{ReportError, write_atomic};
use crate::scenario::file::{ScenarioFile, SiteSpec};
use crate::scenario::{self, Diagnostic, Diagnostics, code};
use std::fmt;
use std::path::{Path, PathBuf};

/// A generated scenario, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// The scenario as it will be written (sites are in the site CSV, named in
    /// `scenario.site_files` when written).
    pub file: ScenarioFile,
    /// Site rows of the site CSV.
    pub sites: Vec<SiteSpec>,
    /// Comment lines at the top of the TOML (without the leading `# `): how it was made,
    /// which figures are facts and which are assumptions.
    pub header: Vec<String>,
}

/// Why a scenario could not be generated or written.
#[derive(Debug)]
pub enum GenerateError {
    /// Bad input: every problem found, each naming its file, line and field (a flag value
    /// has no file).
    Input(Vec<Diagnostic>),
    /// The output exists and `force` was not given.
    Exists(PathBuf),
    /// The generated scenario does not pass the loader's checks (the flags ask for
    /// something no team can do, e.g. villages beyond a day's drive).
    Invalid(Diagnostics),
    /// Writing failed.
    Write(ReportError),
}

impl GenerateError {
    /// A single input problem not tied to a file (a flag value).
    pub fn flag(field: &str, message: impl Into<String>, hint: impl Into<String>) -> Self {
        GenerateError::Input(vec![Diagnostic {
            code: code::BAD_FLAG,
            file: PathBuf::new(),
            line: None,
            field: field.to_string(),
            message: message.into(),
            hint: hint.into(),
        }])
    }
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Input(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
            GenerateError::Exists(path) => write!(
                f,
                "{} already exists; not overwriting it: use --force to replace it, or choose another --out",
                path.display()
            ),
            GenerateError::Invalid(d) => write!(
                f,
                "the generated scenario does not pass validation, so nothing was written:\n{d}"
            ),
            GenerateError::Write(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for GenerateError {}

/// Splits `total` into whole parts proportional to `weights` that add up to `total`
/// exactly (largest remainder; ties go to the earlier entry). All-zero weights share
/// equally.
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: f64 = weights.iter().map(|w| w.max(0.0)).sum();
    let shares: Vec<f64> = if sum > 0.0 {
        weights
            .iter()
            .map(|w| w.max(0.0) / sum * total as f64)
            .collect()
    } else {
        vec![total as f64 / weights.len() as f64; weights.len()]
    };
    let mut parts: Vec<u64> = shares.iter().map(|s| s.floor() as u64).collect();
    let given: u64 = parts.iter().sum();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    // Largest fractional part first; stable sort keeps ties in input order.
    order.sort_by(|&a, &b| {
        let fa = shares[a] - shares[a].floor();
        let fb = shares[b] - shares[b].floor();
        fb.total_cmp(&fa)
    });
    let mut left = total.saturating_sub(given);
    for &i in order.iter().cycle() {
        if left == 0 {
            break;
        }
        parts[i] += 1;
        left -= 1;
    }
    parts
}

/// Spreads `eligible` and `activated` over sites by `weights`, both adding up exactly, with
/// no site's activated above its eligible.
pub fn spread(eligible: u64, activated: u64, weights: &[f64]) -> Vec<(u64, u64)> {
    let e = apportion(eligible, weights);
    let mut a = apportion(activated.min(eligible), weights);
    // Rounding can put one activation too many on a site; move each to a site with room.
    let mut excess: u64 = 0;
    for (ai, ei) in a.iter_mut().zip(&e) {
        if *ai > *ei {
            excess += *ai - *ei;
            *ai = *ei;
        }
    }
    for (ai, ei) in a.iter_mut().zip(&e) {
        if excess == 0 {
            break;
        }
        let room = (*ei - *ai).min(excess);
        *ai += room;
        excess -= room;
    }
    e.into_iter().zip(a).collect()
}

/// The site CSV written beside `out`: `batang.toml` → `batang.sites.csv`.
pub fn sites_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "scenario".into());
    out.with_file_name(format!("{stem}.sites.csv"))
}

/// The scenario as it is written: the site CSV named in `scenario.site_files`.
fn file_for(g: &Generated, out: &Path) -> ScenarioFile {
    let mut file = g.file.clone();
    let csv_name = sites_path(out)
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    file.scenario.site_files = vec![csv_name];
    file.sites.clear();
    file
}

/// The TOML text written to `out`: the header comment, then the scenario.
pub fn render_toml(g: &Generated, out: &Path) -> String {
    let file = file_for(g, out);
    let mut text = String::new();
    for line in &g.header {
        if line.is_empty() {
            text.push_str("#\n");
        } else {
            text.push_str("# ");
            text.push_str(line);
            text.push('\n');
        }
    }
    if !g.header.is_empty() {
        text.push('\n');
    }
    // Plain data with string keys: serialization cannot fail.
    text.push_str(&toml::to_string(&file).expect("a scenario serializes to TOML"));
    text
}

/// The site CSV text: the usual columns, plus any optional column some site sets.
pub fn render_sites_csv(sites: &[SiteSpec]) -> String {
    type Col = (&'static str, fn(&SiteSpec) -> Option<String>);
    let optional: [Col; 8] = [
        ("connectivity", |s| s.connectivity.map(num)),
        ("visit_minutes", |s| s.visit_minutes.map(|v| v.to_string())),
        ("max_visits", |s| s.max_visits.map(|v| v.to_string())),
        ("weekdays", |s| s.weekdays.clone()),
        ("window", |s| s.window.clone()),
        ("reach", |s| s.reach.map(num)),
        ("from", |s| s.from.clone()),
        ("until", |s| s.until.clone()),
    ];
    let used: Vec<&Col> = optional
        .iter()
        .filter(|(_, get)| sites.iter().any(|s| get(s).is_some()))
        .collect();
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let mut header = vec![
        "code",
        "name",
        "kind",
        "district",
        "lat",
        "lon",
        "eligible",
        "activated",
    ];
    header.extend(used.iter().map(|(name, _)| *name));
    // Writing into a Vec cannot fail.
    w.write_record(&header).expect("write to memory");
    for s in sites {
        let mut row = vec![
            s.code.clone(),
            s.name.clone(),
            s.kind.clone(),
            s.district.clone(),
            s.lat.map(coord).unwrap_or_default(),
            s.lon.map(coord).unwrap_or_default(),
            num(s.eligible),
            num(s.activated),
        ];
        row.extend(used.iter().map(|(_, get)| get(s).unwrap_or_default()));
        w.write_record(&row).expect("write to memory");
    }
    String::from_utf8(w.into_inner().expect("write to memory")).expect("CSV of UTF-8 text")
}

/// A number as written in CSV: whole numbers without a decimal point.
fn num(x: f64) -> String {
    format!("{x}")
}

/// A coordinate with six decimals (about 0.1 m), as in the source village lists.
fn coord(x: f64) -> String {
    format!("{x:.6}")
}

/// Rounds to six decimals, so that what is written is what was checked.
pub(crate) fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// Runs the loader's checks on a generated scenario as if it were written to `out`.
pub fn validate(g: &Generated, out: &Path) -> Result<Problem, Diagnostics> {
    let mut file = g.file.clone();
    file.scenario.site_files.clear();
    file.sites = g.sites.clone();
    scenario::from_file(&file, out)
}

/// Writes `out` (the TOML) and its site CSV, each atomically. Refuses when either exists,
/// unless `force`. Returns the paths written.
pub fn write(out: &Path, g: &Generated, force: bool) -> Result<Vec<PathBuf>, GenerateError> {
    let csv_path = sites_path(out);
    if !force {
        for p in [out, csv_path.as_path()] {
            if p.exists() {
                return Err(GenerateError::Exists(p.to_path_buf()));
            }
        }
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        std::fs::create_dir_all(dir).map_err(|source| {
            GenerateError::Write(ReportError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })
        })?;
    }
    write_atomic(&csv_path, render_sites_csv(&g.sites).as_bytes()).map_err(GenerateError::Write)?;
    write_atomic(out, render_toml(g, out).as_bytes()).map_err(GenerateError::Write)?;
    Ok(vec![out.to_path_buf(), csv_path])
}

/// Quotes one command-line word for a POSIX shell when it needs quoting.
pub fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:,+@%".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', r"'\''"))
    }
}

/// Splits a command line written by [`shell_word`] back into words.
pub fn split_command(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => {
                in_word = true;
                for q in chars.by_ref() {
                    if q == '\'' {
                        break;
                    }
                    cur.push(q);
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    cur.push(n);
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                cur.push(c);
            }
        }
    }
    if in_word {
        words.push(cur);
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_adds_up_and_follows_weights() {
        let parts = apportion(100, &[1.0, 1.0, 1.0]);
        assert_eq!(parts.iter().sum::<u64>(), 100);
        assert_eq!(parts, vec![34, 33, 33]);
        let parts = apportion(628_072, &[46.0, 43.0, 5.0, 0.0, 1.0]);
        assert_eq!(parts.iter().sum::<u64>(), 628_072);
        assert_eq!(parts[3], 0);
        assert!(parts[0] > parts[1] && parts[1] > parts[2] && parts[2] > parts[4]);
        assert_eq!(apportion(7, &[0.0, 0.0]).iter().sum::<u64>(), 7);
    }

    #[test]
    fn spread_keeps_activated_within_eligible() {
        let w = [1.0, 2.0, 3.0, 0.5, 0.25];
        for (e, a) in [(10, 10), (11, 9), (1000, 44), (3, 2)] {
            let s = spread(e, a, &w);
            assert_eq!(s.iter().map(|x| x.0).sum::<u64>(), e);
            assert_eq!(s.iter().map(|x| x.1).sum::<u64>(), a);
            assert!(s.iter().all(|(e, a)| a <= e), "{s:?}");
        }
    }

    #[test]
    fn shell_words_round_trip() {
        let words = [
            "jemput",
            "--name",
            "Kabupaten Batang 2024",
            "it's",
            "--kinds",
            "village=0.8,school=0.2",
        ];
        let line: Vec<String> = words.iter().map(|w| shell_word(w)).collect();
        assert_eq!(split_command(&line.join(" ")), words);
    }
}

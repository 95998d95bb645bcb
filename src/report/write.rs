//! Writing the plan files safely.
//!
//! Every file is written to a temporary file in the output folder and renamed into place,
//! so a crash never leaves half a plan. A manifest (`.jemput-manifest.json`) records a hash
//! of each file jemput wrote; before writing again, any file that differs from its hash —
//! a planner edited it — or that jemput did not write is left alone and the run refuses,
//! unless `force` is given.

use super::ReportError;
use super::json::plan_json;
use super::markdown::monthly_markdown;
use super::plan_csv::plan_csv;
use super::summary::Summary;
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::response;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Name of the manifest file in the output folder.
pub const MANIFEST: &str = ".jemput-manifest.json";

/// The record of the files jemput wrote in a folder, with their hashes.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// How the hashes are computed.
    pub hash: String,
    /// File name (in the folder) → hash as 16 hex digits.
    pub files: BTreeMap<String, String>,
}

/// 64-bit FNV-1a of `bytes` as 16 hex digits: enough to notice an edit, not a security
/// measure.
pub fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// All plan files as (file name, contents), in the order they are written, the monthly
/// plans in English.
pub fn render_all(p: &Problem, plan: &Plan, summary: &Summary) -> Vec<(String, Vec<u8>)> {
    render_all_in(p, plan, summary, Lang::En)
}

/// All plan files as (file name, contents), in the order they are written, the monthly
/// Markdown plans in `lang`. `plan.csv`, `plan.json` and `summary.json` are for programs
/// and stay in English.
pub fn render_all_in(
    p: &Problem,
    plan: &Plan,
    summary: &Summary,
    lang: Lang,
) -> Vec<(String, Vec<u8>)> {
    let eval = response::evaluate(p, plan);
    let mut files = vec![
        (
            "plan.csv".to_string(),
            plan_csv(p, plan, &eval).into_bytes(),
        ),
        (
            "plan.json".to_string(),
            pretty(&plan_json(p, plan, &eval, summary)),
        ),
        ("summary.json".to_string(), pretty(summary)),
    ];
    for (month, text) in monthly_markdown(p, plan, &eval, summary, lang) {
        files.push((format!("{month}.md"), text.into_bytes()));
    }
    files
}

/// Pretty JSON with a final newline.
fn pretty<T: Serialize>(value: &T) -> Vec<u8> {
    let mut v = serde_json::to_vec_pretty(value).expect("plain data serializes");
    v.push(b'\n');
    v
}

/// Writes `plan.csv`, `plan.json`, `summary.json` and one `YYYY-MM.md` per month into
/// `dir` (created if needed), each atomically, and records them in the manifest. Returns
/// the paths written. Refuses with [`ReportError::WouldOverwriteEdited`] when a file it
/// would replace, or one it wrote before, was changed since (or was not written by
/// jemput), unless `force`.
pub fn write_all(
    dir: &Path,
    p: &Problem,
    plan: &Plan,
    summary: &Summary,
    force: bool,
) -> Result<Vec<PathBuf>, ReportError> {
    write_files(dir, &render_all(p, plan, summary), force)
}

/// Writes the named `files` into `dir` (created if needed) with the same guarantees as
/// [`write_all`]: each file atomically, recorded in the manifest, and nothing replaced that
/// a person edited or that jemput did not write, unless `force`.
pub fn write_files(
    dir: &Path,
    files: &[(String, Vec<u8>)],
    force: bool,
) -> Result<Vec<PathBuf>, ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::CreateDir {
        path: dir.to_path_buf(),
        source,
    })?;
    let old = read_manifest(dir, force)?;

    // Look before writing anything: every file we would replace, and every monthly plan of
    // an earlier run we would remove, must be exactly as we left it. Other files jemput wrote
    // here before (another command's output) are left alone and stay in the manifest.
    let rewritten = |name: &str| files.iter().any(|(n, _)| n == name);
    let mut names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    names.extend(
        old.files
            .keys()
            .map(String::as_str)
            .filter(|n| !rewritten(n) && is_month_file(n)),
    );
    names.sort_unstable();
    names.dedup();
    let mut stale = Vec::new();
    for name in names {
        let path = dir.join(name);
        let Some(current) = read_if_exists(&path)? else {
            continue;
        };
        let ours = old.files.get(name).is_some_and(|h| *h == fnv1a(&current));
        if !ours && !force {
            return Err(ReportError::WouldOverwriteEdited { path });
        }
        if ours && !rewritten(name) {
            stale.push((name.to_string(), path));
        }
    }

    let mut manifest = Manifest {
        hash: "fnv1a-64".into(),
        files: old.files.clone(),
    };
    let mut written = Vec::new();
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        manifest.files.insert(name.clone(), fnv1a(bytes));
        written.push(path);
    }
    // Monthly plans of an earlier horizon that this plan no longer has, untouched since.
    // Only when this write is a plan (it has monthly files of its own).
    if files.iter().any(|(n, _)| is_month_file(n)) {
        for (name, path) in stale {
            let _ = std::fs::remove_file(path);
            manifest.files.remove(&name);
        }
    }
    // Entries of files that no longer exist are dropped.
    manifest.files.retain(|name, _| dir.join(name).exists());
    write_atomic(&dir.join(MANIFEST), &pretty(&manifest))?;
    Ok(written)
}

/// `YYYY-MM.md`: a monthly plan.
fn is_month_file(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() == 10
        && name.ends_with(".md")
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..7]).all(u8::is_ascii_digit)
}

/// The manifest in `dir`, or an empty one when there is none. A damaged manifest is an
/// error unless `force` (then it is ignored and rewritten).
fn read_manifest(dir: &Path, force: bool) -> Result<Manifest, ReportError> {
    let path = dir.join(MANIFEST);
    let Some(bytes) = read_if_exists(&path)? else {
        return Ok(Manifest::default());
    };
    match serde_json::from_slice::<Manifest>(&bytes) {
        Ok(m) => Ok(m),
        Err(_) if force => Ok(Manifest::default()),
        Err(e) => Err(ReportError::BadManifest {
            path,
            message: e.to_string(),
        }),
    }
}

fn read_if_exists(path: &Path) -> Result<Option<Vec<u8>>, ReportError> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(ReportError::Read {
            path: path.to_path_buf(),
            source,
        }),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ReportError> {
    let io = |source| ReportError::Write {
        path: path.to_path_buf(),
        source,
    };
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    // Plan files are for sharing: readable by others like any file a program writes
    // (temporary files are private by default).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o644));
    }
    let mut tmp = builder.tempfile_in(dir).map_err(io)?;
    tmp.write_all(bytes).map_err(io)?;
    tmp.as_file().sync_all().map_err(io)?;
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(b""), "cbf29ce484222325");
        assert_eq!(fnv1a(b"a"), "af63dc4c8601ec8c");
        assert_eq!(fnv1a(b"foobar"), "85944171f73967e8");
    }
}

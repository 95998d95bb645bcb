//! Reading the CSV files a scenario points to (sites, travel matrix, road graph), with the
//! line of every row kept so that each bad cell is reported as `file:line: row N: column`.

use super::diagnostics::{Diagnostic, Loc, Sink, closest, code};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// More rows than this in one CSV file is refused (the planner cannot use them anyway).
pub const MAX_ROWS: usize = 2_000_000;

/// A CSV file read into memory: header positions and data rows with their lines.
pub(crate) struct Csv {
    pub path: PathBuf,
    columns: HashMap<String, usize>,
    pub rows: Vec<(usize, csv::StringRecord)>,
}

/// Resolves `name` (as written in the scenario) against the scenario's folder.
pub(crate) fn resolve(scenario: &Path, name: &str) -> PathBuf {
    let p = Path::new(name);
    if p.is_absolute() {
        p.to_path_buf()
    } else {
        scenario.parent().unwrap_or(Path::new("")).join(p)
    }
}

/// Reads the CSV file `name` named by TOML field `field`. Reports a missing file, missing
/// required columns, unknown columns and malformed rows; `None` when it cannot be used.
pub(crate) fn read(
    scenario: &Path,
    name: &str,
    field: &str,
    required: &[&str],
    optional: &[&str],
    sink: &mut Sink,
) -> Option<Csv> {
    let path = resolve(scenario, name);
    let shown = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
    let file = match std::fs::File::open(&path) {
        Ok(f) => f,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "not found".to_string()
            } else {
                format!("cannot be read ({e})")
            };
            sink.toml(
                code::FILE_MISSING,
                field,
                format!("file `{name}` {why}: looked for {}", shown.display()),
                "paths are relative to the scenario file; check the name and where the file is",
            );
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .comment(Some(b'#'))
        .from_reader(std::io::BufReader::new(file));
    let header = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            sink.push(csv_error(&path, &e, 1));
            return None;
        }
    };
    let mut columns = HashMap::new();
    let mut ok = true;
    for (i, raw) in header.iter().enumerate() {
        let name = raw.trim_start_matches('\u{feff}').trim().to_lowercase();
        if name.is_empty() || name.starts_with('_') || name.starts_with("note") {
            continue;
        }
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            let all = required.iter().chain(optional).copied();
            let hint = match closest(&name, all) {
                Some(c) => format!("did you mean `{c}`? (columns starting with `_` are ignored)"),
                None => format!(
                    "the columns are {}; start a column name with `_` to keep it as a note",
                    required
                        .iter()
                        .chain(optional)
                        .copied()
                        .collect::<Vec<_>>()
                        .join(",")
                ),
            };
            sink.push(Diagnostic {
                code: code::CSV_UNKNOWN_COLUMN,
                file: path.clone(),
                line: Some(1),
                field: format!("header: {name}"),
                message: format!("unknown column `{name}`"),
                hint,
            });
            continue;
        }
        if columns.insert(name.clone(), i).is_some() {
            sink.push(Diagnostic {
                code: code::CSV_BAD_VALUE,
                file: path.clone(),
                line: Some(1),
                field: format!("header: {name}"),
                message: format!("column `{name}` appears twice"),
                hint: "remove or rename one of them".into(),
            });
            ok = false;
        }
    }
    for &c in required {
        if !columns.contains_key(c) {
            sink.push(Diagnostic {
                code: code::CSV_MISSING_COLUMN,
                file: path.clone(),
                line: Some(1),
                field: format!("header: {c}"),
                message: format!("required column `{c}` is missing"),
                hint: format!(
                    "the first line must name the columns, at least: {}",
                    required.join(",")
                ),
            });
            ok = false;
        }
    }
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line() as usize);
                if record.iter().all(str::is_empty) {
                    continue;
                }
                if rows.len() >= MAX_ROWS {
                    sink.push(Diagnostic {
                        code: code::TOO_LARGE,
                        file: path.clone(),
                        line: Some(line),
                        field: String::new(),
                        message: format!("more than {MAX_ROWS} rows"),
                        hint: "split the scenario into smaller areas".into(),
                    });
                    return None;
                }
                rows.push((line, record.clone()));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line() as usize);
                sink.push(csv_error(&path, &e, line));
                // A row with the wrong number of cells is skipped; the others are still read.
                if !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. }) {
                    break;
                }
            }
        }
    }
    ok.then_some(Csv {
        path,
        columns,
        rows,
    })
}

fn csv_error(path: &Path, e: &csv::Error, line: usize) -> Diagnostic {
    let (message, hint) = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => (
            format!("this row has {len} cells but the header has {expected_len}"),
            "add the missing cells (empty is fine: `,,`) or quote text that contains commas"
                .to_string(),
        ),
        csv::ErrorKind::Utf8 { .. } => (
            "the file is not UTF-8 text".to_string(),
            "save it as CSV UTF-8".to_string(),
        ),
        _ => (
            format!("cannot read CSV: {e}"),
            "save the file as plain CSV".to_string(),
        ),
    };
    Diagnostic {
        code: code::CSV_SYNTAX,
        file: path.to_path_buf(),
        line: Some(line.max(1)),
        field: format!("row {}", line.max(1)),
        message,
        hint,
    }
}

impl Csv {
    pub fn loc(&self, line: usize) -> Loc {
        Loc::Csv {
            file: self.path.clone(),
            line,
        }
    }

    /// The trimmed cell, `None` when the column is absent or the cell is empty.
    pub fn text<'r>(&self, row: &'r csv::StringRecord, column: &str) -> Option<&'r str> {
        let i = *self.columns.get(column)?;
        row.get(i).map(str::trim).filter(|s| !s.is_empty())
    }

    /// A cell read by `parse`; a value it refuses is reported as not `expected`.
    fn cell<T>(
        &self,
        row: &(usize, csv::StringRecord),
        column: &str,
        sink: &mut Sink,
        expected: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Option<T> {
        let t = self.text(&row.1, column)?;
        let x = parse(t);
        if x.is_none() {
            self.bad(row.0, column, t, expected, sink);
        }
        x
    }

    /// A number cell; a value that is not a number is reported.
    pub fn number(
        &self,
        row: &(usize, csv::StringRecord),
        column: &str,
        sink: &mut Sink,
    ) -> Option<f64> {
        self.cell(
            row,
            column,
            sink,
            "a number like 1200 or 0.35",
            parse_number,
        )
    }

    /// A count of people: digits only. `3.200` and `3,200` (thousands written the Indonesian
    /// or the English way) and `0,5` are reported rather than read as 3.2, 3200 or nothing.
    pub fn count(
        &self,
        row: &(usize, csv::StringRecord),
        column: &str,
        sink: &mut Sink,
    ) -> Option<f64> {
        let expected = "a whole count without separators, like 3200 (not 3.200 or 3,200)";
        self.cell(row, column, sink, expected, parse_count)
    }

    /// A whole-number cell; other values are reported.
    pub fn integer(
        &self,
        row: &(usize, csv::StringRecord),
        column: &str,
        sink: &mut Sink,
    ) -> Option<i64> {
        self.cell(row, column, sink, "a whole number like 180", |t| {
            let x = parse_number(t)?;
            (x.fract() == 0.0 && x.abs() < 1e15).then_some(x as i64)
        })
    }

    /// Reports a cell that could not be read.
    pub fn bad(&self, line: usize, column: &str, value: &str, expected: &str, sink: &mut Sink) {
        let shown: String = value.chars().take(40).collect();
        sink.at(
            &self.loc(line),
            column,
            code::CSV_BAD_VALUE,
            format!("`{shown}` is not {expected}"),
            format!("write {expected} in column `{column}`"),
        );
    }
}

/// A count of people as written in a CSV cell: digits only, so that `3.200`, `3,200` and
/// `0,5` are refused rather than read as 3.2, 3200 or nothing.
pub fn parse_count(t: &str) -> Option<f64> {
    let t = t.trim();
    let x = t.parse::<u64>().ok()?;
    (t.bytes().all(|b| b.is_ascii_digit()) && x < 1 << 53).then_some(x as f64)
}

/// A number as written in a CSV cell: `1200`, `0.35`, `-7.05`; no thousands separators.
pub fn parse_number(t: &str) -> Option<f64> {
    let x: f64 = t.trim().parse().ok()?;
    x.is_finite().then_some(x)
}

//! Problems found in a scenario, collected rather than thrown.
//!
//! A planner fixing a scenario wants the whole list at once, each item saying where (file,
//! line, field), what is wrong and how to fix it. Every check pushes into one [`Sink`]; the
//! stable `code` of each [`Diagnostic`] lets tests and scripts recognise a problem without
//! matching on the wording.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// Stable diagnostic codes. The list with an example each is in `docs/scenario.md`.
pub mod code {
    pub const FILE_MISSING: &str = "E001-file-missing";
    pub const TOML_SYNTAX: &str = "E002-toml-syntax";
    pub const UNKNOWN_KEY: &str = "E003-unknown-key";
    pub const WRONG_TYPE: &str = "E004-wrong-type";
    pub const MISSING_FIELD: &str = "E005-missing-field";
    pub const DUPLICATE_ID: &str = "E006-duplicate-id";
    pub const UNKNOWN_REFERENCE: &str = "E007-unknown-reference";
    pub const BAD_HORIZON: &str = "E008-bad-horizon";
    pub const BAD_TIME: &str = "E009-bad-time";
    pub const BAD_NUMBER: &str = "E010-bad-number";
    pub const SHARE_RANGE: &str = "E011-share-out-of-range";
    pub const ACTIVATED_EXCEEDS: &str = "E012-activated-exceeds-eligible";
    pub const CSV_MISSING_COLUMN: &str = "E013-csv-missing-column";
    pub const CSV_BAD_VALUE: &str = "E014-csv-bad-value";
    pub const UNREACHABLE: &str = "E015-unreachable-site";
    pub const CANNOT_FIT: &str = "E016-visit-cannot-fit";
    pub const OUTSIDE_HORIZON: &str = "E017-date-outside-horizon";
    pub const UNKNOWN_WEEKDAY: &str = "E018-unknown-weekday";
    pub const UNKNOWN_KIND: &str = "E019-unknown-site-kind";
    pub const UNKNOWN_TRAVEL: &str = "E020-unknown-travel-kind";
    pub const TOO_LARGE: &str = "E021-too-large";
    pub const MISSING_LOCATION: &str = "E022-missing-location";
    pub const BAD_DATE: &str = "E023-bad-date";
    pub const EMPTY: &str = "E024-nothing-to-plan";
    pub const CSV_SYNTAX: &str = "E025-csv-syntax";
    pub const UNKNOWN_CALENDAR: &str = "E026-unknown-holiday-calendar";
    pub const BAD_COORDINATES: &str = "E027-bad-coordinates";
    pub const NEVER_AVAILABLE: &str = "E028-never-available";
    pub const BAD_RANGE: &str = "E029-bad-date-range";
    pub const CSV_UNKNOWN_COLUMN: &str = "E030-csv-unknown-column";

    /// A command-line value the generators cannot use (not a problem of a file, so not in
    /// [`ALL`], the catalogue of scenario codes).
    pub const BAD_FLAG: &str = "G001-bad-flag";

    /// Every code, in order.
    pub const ALL: &[&str] = &[
        FILE_MISSING,
        TOML_SYNTAX,
        UNKNOWN_KEY,
        WRONG_TYPE,
        MISSING_FIELD,
        DUPLICATE_ID,
        UNKNOWN_REFERENCE,
        BAD_HORIZON,
        BAD_TIME,
        BAD_NUMBER,
        SHARE_RANGE,
        ACTIVATED_EXCEEDS,
        CSV_MISSING_COLUMN,
        CSV_BAD_VALUE,
        UNREACHABLE,
        CANNOT_FIT,
        OUTSIDE_HORIZON,
        UNKNOWN_WEEKDAY,
        UNKNOWN_KIND,
        UNKNOWN_TRAVEL,
        TOO_LARGE,
        MISSING_LOCATION,
        BAD_DATE,
        EMPTY,
        CSV_SYNTAX,
        UNKNOWN_CALENDAR,
        BAD_COORDINATES,
        NEVER_AVAILABLE,
        BAD_RANGE,
        CSV_UNKNOWN_COLUMN,
    ];
}

/// One problem in a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Stable code such as `E003-unknown-key`.
    pub code: &'static str,
    /// The file the problem is in (the scenario TOML or one of its CSV files).
    pub file: PathBuf,
    /// 1-based line, when known (scenarios built in code have no lines).
    pub line: Option<usize>,
    /// Where in the file: a key path such as `teams[1].shift`, or `row 7: eligible` in a CSV.
    pub field: String,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        // A problem of a command-line value has no file.
        if !self.file.as_os_str().is_empty() {
            write!(f, "{}", self.file.display())?;
            if let Some(line) = self.line {
                write!(f, ":{line}")?;
            }
            write!(f, ": ")?;
        }
        write!(f, "[{}] ", self.code)?;
        if !self.field.is_empty() {
            write!(f, "{}: ", self.field)?;
        }
        write!(f, "{}", self.message)?;
        if !self.hint.is_empty() {
            write!(f, "\n  hint: {}", self.hint)?;
        }
        Ok(())
    }
}

/// Every problem found in a scenario, each naming file, line, field and a fix.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// The diagnostics with this code.
    pub fn with_code<'a>(&'a self, code: &'a str) -> impl Iterator<Item = &'a Diagnostic> + 'a {
        self.0.iter().filter(move |d| d.code == code)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found; fix {} and run `jemput validate` again",
            if n == 1 { "" } else { "s" },
            if n == 1 { "it" } else { "them" }
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Collects diagnostics. Knows the line of every key of the scenario TOML (when it was read
/// from a file), and reports one problem per field at most, so that a value that could not
/// be read is not reported again by the checks that use it.
#[derive(Debug, Default)]
pub struct Sink {
    pub(crate) scenario_file: PathBuf,
    /// Line of each key path of the scenario TOML (`teams[1].shift`, `teams[1]`, ...).
    pub(crate) lines: HashMap<String, usize>,
    seen: HashSet<(PathBuf, String)>,
    pub(crate) list: Vec<Diagnostic>,
}

impl Sink {
    pub fn new(scenario_file: &Path) -> Self {
        Sink {
            scenario_file: scenario_file.to_path_buf(),
            ..Sink::default()
        }
    }

    /// Line of a key path of the scenario TOML, falling back to its closest parent.
    pub fn line_of(&self, field: &str) -> Option<usize> {
        let mut f = field;
        loop {
            if let Some(&l) = self.lines.get(f) {
                return Some(l);
            }
            let cut = f.rfind(['.', '['])?;
            f = &f[..cut];
        }
    }

    /// A problem at a key path of the scenario TOML.
    pub fn toml(
        &mut self,
        code: &'static str,
        field: impl Into<String>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        let field = field.into();
        let line = self.line_of(&field);
        let file = self.scenario_file.clone();
        self.push(Diagnostic {
            code,
            file,
            line,
            field,
            message: message.into(),
            hint: hint.into(),
        });
    }

    /// A problem at a place given explicitly (a CSV row, a syntax error).
    pub fn push(&mut self, d: Diagnostic) {
        // One problem per field, and none inside an entry already reported as a whole: the
        // first report is the most direct one, later ones would be its consequences.
        if !d.field.is_empty() {
            if self.is_reported(&d.file, &d.field) {
                return;
            }
            self.seen.insert((d.file.clone(), d.field.clone()));
        }
        self.list.push(d);
    }

    /// True when this field, or an entry containing it, has been reported (or silenced).
    pub fn is_reported(&self, file: &Path, field: &str) -> bool {
        let mut f = field;
        loop {
            if self.seen.contains(&(file.to_path_buf(), f.to_string())) {
                return true;
            }
            match f.rfind(['.', '[']) {
                Some(cut) => f = &f[..cut],
                None => return false,
            }
        }
    }

    /// True when a key path of the scenario TOML has been reported.
    pub fn toml_reported(&self, field: &str) -> bool {
        self.is_reported(&self.scenario_file.clone(), field)
    }

    /// Keeps later reports about this key path of the scenario TOML quiet (its problem has
    /// been reported under another name, e.g. as a misspelt key).
    pub fn silence(&mut self, field: &str) {
        self.seen
            .insert((self.scenario_file.clone(), field.to_string()));
    }

    pub fn has_errors(&self) -> bool {
        !self.list.is_empty()
    }

    pub fn count(&self) -> usize {
        self.list.len()
    }

    /// The diagnostics sorted by file and line (order of discovery within a line).
    pub fn finish(mut self) -> Diagnostics {
        let main = self.scenario_file.clone();
        self.list.sort_by(|a, b| {
            (a.file != main, &a.file, a.line.unwrap_or(0)).cmp(&(
                b.file != main,
                &b.file,
                b.line.unwrap_or(0),
            ))
        });
        Diagnostics(self.list)
    }
}

/// Where an entry came from: a key path of the scenario TOML (`sites[3]`) or a row of a
/// CSV file. Checks shared by both report through it.
#[derive(Debug, Clone, PartialEq)]
pub enum Loc {
    Toml(String),
    Csv { file: PathBuf, line: usize },
}

impl Loc {
    /// The field name of `key` of this entry: `sites[3].reach` or `row 7: reach`.
    pub fn field(&self, key: &str) -> String {
        match (self, key.is_empty()) {
            (Loc::Toml(p), true) => p.clone(),
            (Loc::Toml(p), false) => format!("{p}.{key}"),
            (Loc::Csv { line, .. }, true) => format!("row {line}"),
            (Loc::Csv { line, .. }, false) => format!("row {line}: {key}"),
        }
    }

    /// Short description for messages: "`sites[3]`" or "row 7 of sites.csv".
    pub fn describe(&self) -> String {
        match self {
            Loc::Toml(p) => format!("`{p}`"),
            Loc::Csv { file, line } => format!(
                "row {line} of {}",
                file.file_name().map_or_else(
                    || file.display().to_string(),
                    |n| n.to_string_lossy().into_owned()
                )
            ),
        }
    }
}

impl Sink {
    /// A problem with field `key` of the entry at `loc` (empty key: the entry as a whole).
    pub fn at(
        &mut self,
        loc: &Loc,
        key: &str,
        code: &'static str,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) {
        match loc {
            Loc::Toml(_) => self.toml(code, loc.field(key), message, hint),
            Loc::Csv { file, line } => self.push(Diagnostic {
                code,
                file: file.clone(),
                line: Some(*line),
                field: loc.field(key),
                message: message.into(),
                hint: hint.into(),
            }),
        }
    }

    /// True when field `key` of the entry at `loc` (or the entry) has been reported.
    pub fn reported_at(&self, loc: &Loc, key: &str) -> bool {
        match loc {
            Loc::Toml(_) => self.toml_reported(&loc.field(key)),
            Loc::Csv { file, .. } => {
                self.is_reported(file, &loc.field(key)) || self.is_reported(file, &loc.field(""))
            }
        }
    }
}

/// Edit distance between two short strings (for "did you mean").
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The candidate closest to `word`, if it is close enough to be a likely misspelling.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&w, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1) + 1 || c.starts_with(&w))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// "did you mean `x`?" or a list of the allowed values.
pub fn suggest(word: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(c) => format!("did you mean `{c}`?"),
        None => {
            let shown: Vec<String> = candidates
                .iter()
                .take(12)
                .map(|c| format!("`{c}`"))
                .collect();
            let more = if candidates.len() > 12 { ", ..." } else { "" };
            format!("expected one of {}{more}", shown.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_single_edits() {
        assert_eq!(edit_distance("shift", "shift"), 0);
        assert_eq!(edit_distance("shfit", "shift"), 2);
        assert_eq!(edit_distance("staf", "staff"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn closest_finds_misspellings_only() {
        let keys = ["reach", "fatigue", "visit_minutes"];
        assert_eq!(closest("raech", keys), Some("reach"));
        assert_eq!(closest("visit_minute", keys), Some("visit_minutes"));
        assert_eq!(closest("elephant", keys), None);
    }

    #[test]
    fn sink_reports_one_problem_per_field() {
        let mut s = Sink::new(Path::new("a.toml"));
        s.lines.insert("teams[0]".into(), 4);
        s.toml(code::BAD_TIME, "teams[0].shift", "first", "");
        s.toml(code::BAD_TIME, "teams[0].shift", "second", "");
        let d = s.finish();
        assert_eq!(d.len(), 1);
        assert_eq!(d.0[0].line, Some(4), "falls back to the parent's line");
        assert!(
            d.to_string()
                .starts_with("a.toml:4: [E009-bad-time] teams[0].shift: first")
        );
    }
}

//! Scenario TOML text → [`ScenarioFile`], reporting every syntax error, unknown key, wrong
//! type and missing field with its line.
//!
//! serde stops at the first type error, so the file is first parsed into a spanned TOML tree
//! and each section and each `[[teams]]` / `[[sites]]` entry is read field by field against
//! the known keys. A field that cannot be read is reported and replaced by a stand-in, so
//! one bad entry never hides the problems of the others. The line of every key path is
//! kept in the [`Sink`] for the checks that run on the typed scenario afterwards.

use super::diagnostics::{Diagnostic, Sink, closest, code};
use crate::scenario::file::*;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// Byte offset → 1-based line number.
pub(crate) struct LineIndex(Vec<usize>);

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    pub fn line(&self, offset: usize) -> usize {
        self.0.partition_point(|&p| p < offset) + 1
    }
}

/// Reads the scenario TOML. `None` when the text is not valid TOML (each syntax error is
/// reported); otherwise the scenario with stand-ins for the fields that were reported.
pub(crate) fn read_toml(text: &str, sink: &mut Sink) -> Option<ScenarioFile> {
    let lines = LineIndex::new(text);
    let (doc, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let line = e.span().map(|s| lines.line(s.start));
            let message = e.message().trim().replace('\n', " ");
            sink.push(Diagnostic {
                code: code::TOML_SYNTAX,
                file: sink.scenario_file.clone(),
                line,
                field: String::new(),
                message: format!("not valid TOML: {message}"),
                hint: "check quotes, brackets and `key = value` on this line; text values \
                       need double quotes, e.g. shift = \"07:30-15:30\""
                    .into(),
            });
        }
        return None;
    }
    let mut r = Reader { text, lines, sink };
    Some(r.file(doc.get_ref()))
}

type Val<'i> = Spanned<DeValue<'i>>;

/// Fields that count people: a value like `6.200` there is Indonesian for 6200, which TOML
/// would read as 6.2, so it is refused rather than read either way.
const COUNTS: &[&str] = &["eligible", "activated"];

/// `6.200`, `1.250.000`: digits grouped in threes by dots, as thousands are written in
/// Indonesian.
fn thousands_dotted(t: &str) -> bool {
    let mut parts = t.split('.');
    let head = parts.next().unwrap_or("");
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    let mut groups = 0;
    for p in parts {
        if p.len() != 3 || !digits(p) {
            return false;
        }
        groups += 1;
    }
    groups > 0 && head.len() <= 3 && digits(head) && !head.starts_with('0')
}

/// Converts one TOML value, or says what was expected.
type Conv<T> = fn(&DeValue) -> Result<T, &'static str>;

struct Reader<'s, 'x> {
    text: &'x str,
    lines: LineIndex,
    sink: &'s mut Sink,
}

/// One table being read: its key path and its keys.
struct Entry<'t, 'i> {
    table: &'t DeTable<'i>,
    path: String,
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

mod convert;
mod sections;

pub(crate) use sections::SITE;

use convert::*;

impl<'s, 'x> Reader<'s, 'x> {
    fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    fn mark(&mut self, path: &str, offset: usize) {
        let line = self.line(offset);
        self.sink.lines.entry(path.to_string()).or_insert(line);
    }

    fn snippet(&self, v: &Val) -> String {
        let span = v.span();
        let raw = self.text.get(span).unwrap_or("").trim();
        let mut s: String = raw.chars().take(40).collect();
        if raw.chars().count() > 40 {
            s.push('…');
        }
        s.replace('\n', " ")
    }

    /// Starts reading a table at `path`: records the lines of its keys and reports keys
    /// that are not in `known` (suggesting the closest known key).
    fn entry<'t, 'i>(
        &mut self,
        v: &'t Val<'i>,
        path: &str,
        known: &[&str],
        example: &str,
    ) -> Option<Entry<'t, 'i>> {
        self.mark(path, v.span().start);
        let DeValue::Table(table) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.sink.toml(
                code::WRONG_TYPE,
                path,
                format!("expected a table, found {found} `{}`", self.snippet(v)),
                format!("write it as {example}"),
            );
            return None;
        };
        for (k, val) in table.iter() {
            let kp = join(path, k.get_ref());
            let line = self.line(k.span().start);
            self.sink.lines.insert(kp.clone(), line);
            let _ = val;
        }
        for (k, _) in table.iter() {
            let key: &str = k.get_ref();
            if known.contains(&key) {
                continue;
            }
            let kp = join(path, key);
            let hint = match closest(key, known.iter().copied()) {
                Some(c) => {
                    if !table.contains_key(c) {
                        // The misspelt key stands for this one: don't also call it missing.
                        self.sink.silence(&join(path, c));
                    }
                    format!("did you mean `{c}`?")
                }
                None => format!(
                    "remove it; the keys here are: {}",
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let at = if path.is_empty() {
                "at the top level".to_string()
            } else {
                format!("in `{path}`")
            };
            self.sink.toml(
                code::UNKNOWN_KEY,
                kp,
                format!("unknown key `{key}` {at}"),
                hint,
            );
        }
        Some(Entry {
            table,
            path: path.to_string(),
        })
    }

    /// An optional field: `None` when absent or when it has the wrong type (reported).
    fn opt<T>(&mut self, e: &Entry, key: &str, conv: Conv<T>) -> Option<T> {
        let v = e.table.get(key)?;
        match conv(v.get_ref()) {
            Ok(_) if COUNTS.contains(&key) && thousands_dotted(&self.snippet(v)) => {
                let snippet = self.snippet(v);
                self.sink.toml(
                    code::BAD_NUMBER,
                    join(&e.path, key),
                    format!(
                        "`{snippet}` would be read as the decimal {snippet}, not as {} people",
                        snippet.replace('.', "")
                    ),
                    format!(
                        "write counts without a thousands separator: {key} = {}",
                        snippet.replace('.', "")
                    ),
                );
                None
            }
            Ok(x) => Some(x),
            Err(expected) => {
                let found = type_name(v.get_ref());
                let snippet = self.snippet(v);
                let unquoted = snippet.trim_matches(['"', '\'']);
                let hint = if thousands_dotted(unquoted) && expected.contains("number") {
                    format!(
                        "remove the quotes and the thousands dot: {key} = {}",
                        unquoted.replace('.', "")
                    )
                } else if matches!(v.get_ref(), DeValue::String(_))
                    && expected.contains("number")
                    && unquoted.parse::<f64>().is_ok()
                {
                    format!("remove the quotes: {key} = {unquoted}")
                } else {
                    format!("write `{key}` as {expected}")
                };
                self.sink.toml(
                    code::WRONG_TYPE,
                    join(&e.path, key),
                    format!("expected {expected}, found {found} `{snippet}`"),
                    hint,
                );
                None
            }
        }
    }

    /// A required field: reported when absent or of the wrong type; a stand-in is returned.
    fn req<T: Default>(&mut self, e: &Entry, key: &str, conv: Conv<T>, example: &str) -> T {
        if !e.table.contains_key(key) {
            let what = if e.path.is_empty() {
                "the scenario".to_string()
            } else {
                format!("`{}`", e.path)
            };
            self.sink.toml(
                code::MISSING_FIELD,
                join(&e.path, key),
                format!("required key `{key}` is missing in {what}"),
                format!("add a line like {example}"),
            );
            return T::default();
        }
        self.opt(e, key, conv).unwrap_or_default()
    }

    /// A list of tables (`[[teams]]`), each read by `item`.
    fn list<T: Default>(
        &mut self,
        root: &Entry,
        key: &str,
        mut item: impl FnMut(&mut Self, &Val, &str) -> T,
    ) -> Vec<T> {
        let Some(v) = root.table.get(key) else {
            return Vec::new();
        };
        let path = join(&root.path, key);
        let DeValue::Array(items) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.sink.toml(
                code::WRONG_TYPE,
                path,
                format!("expected a list of [[{key}]] tables, found {found}"),
                format!("write each entry under its own `[[{key}]]` header (double brackets)"),
            );
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .map(|(i, it)| item(self, it, &format!("{path}[{i}]")))
            .collect()
    }

    /// One item of a list of tables.
    fn sub<T: Default>(
        &mut self,
        v: &Val,
        path: &str,
        known: &[&str],
        read: impl FnOnce(&mut Self, &Entry) -> T,
    ) -> T {
        let header = path.split('[').next().unwrap_or(path);
        match self.entry(v, path, known, &format!("a `[[{header}]]` table")) {
            Some(e) => read(self, &e),
            None => T::default(),
        }
    }

    /// A list of plain values (`blackout = [2025-06-02, ...]`); bad items are reported.
    fn opt_list<T>(&mut self, e: &Entry, key: &str, conv: Conv<T>) -> Vec<T> {
        let Some(v) = e.table.get(key) else {
            return Vec::new();
        };
        let path = join(&e.path, key);
        let DeValue::Array(items) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.sink.toml(
                code::WRONG_TYPE,
                path,
                format!("expected a list, found {found} `{}`", self.snippet(v)),
                format!("write it as {key} = [2025-06-02, 2025-06-03]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, it) in items.iter().enumerate() {
            let p = format!("{path}[{i}]");
            self.mark(&p, it.span().start);
            match conv(it.get_ref()) {
                Ok(x) => out.push(x),
                Err(expected) => {
                    let found = type_name(it.get_ref());
                    let s = self.snippet(it);
                    self.sink.toml(
                        code::WRONG_TYPE,
                        p,
                        format!("expected {expected}, found {found} `{s}`"),
                        format!("write each item as {expected}"),
                    );
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn read(text: &str) -> (Option<ScenarioFile>, Sink) {
        let mut sink = Sink::new(Path::new("t.toml"));
        let f = read_toml(text, &mut sink);
        (f, sink)
    }

    #[test]
    fn line_index_counts_from_one() {
        let l = LineIndex::new("a\nb\nc");
        assert_eq!(l.line(0), 1);
        assert_eq!(l.line(2), 2);
        assert_eq!(l.line(4), 3);
    }

    #[test]
    fn reads_a_minimal_file_and_records_lines() {
        let (f, sink) = read(
            "[scenario]\nname = \"x\"\nstart = 2025-01-01\n\n[target]\neligible = 10\nshare = 0.5\n\n\
             [[teams]]\nid = \"A\"\nbase = \"o\"\nstaff = 2\nshift = \"07:30-15:30\"\n",
        );
        let f = f.unwrap();
        assert!(!sink.has_errors(), "{:?}", sink.list);
        assert_eq!(f.target.eligible, 10.0);
        assert_eq!(f.teams[0].staff, 2);
        assert_eq!(sink.line_of("teams[0].shift"), Some(13));
        assert_eq!(sink.line_of("target.share"), Some(7));
    }

    #[test]
    fn counts_with_a_thousands_dot_are_refused() {
        assert!(thousands_dotted("6.200") && thousands_dotted("1.250.000"));
        for t in [
            "6.2", "6200", "0.350", "6.2000", "1234.500", ".200", "6.200.5",
        ] {
            assert!(!thousands_dotted(t), "{t}");
        }
        let text = "[scenario]\nname = \"x\"\n[target]\neligible = 40.000\nactivated = \"3.200\"\nshare = 0.350\n";
        let (_, sink) = read(text);
        let d = sink.finish();
        let eligible = d
            .with_code(code::BAD_NUMBER)
            .next()
            .expect("eligible refused");
        assert_eq!(
            (eligible.field.as_str(), eligible.line),
            ("target.eligible", Some(4))
        );
        assert!(
            eligible.hint.contains("eligible = 40000"),
            "{}",
            eligible.hint
        );
        let activated = d
            .with_code(code::WRONG_TYPE)
            .next()
            .expect("activated refused");
        assert!(
            activated.hint.contains("activated = 3200"),
            "{}",
            activated.hint
        );
        let about_numbers =
            d.with_code(code::BAD_NUMBER).count() + d.with_code(code::WRONG_TYPE).count();
        assert_eq!(about_numbers, 2, "a share of 0.350 is a decimal:\n{d}");
    }

    #[test]
    fn wrong_types_in_two_entries_are_both_reported() {
        let (_, sink) = read(
            "[scenario]\nname = \"x\"\nstart = 2025-01-01\n[target]\neligible = 10\nshare = 0.5\n\
             [[teams]]\nid = \"A\"\nbase = \"o\"\nstaff = \"two\"\nshift = \"07:30-15:30\"\n\
             [[teams]]\nid = \"B\"\nbase = \"o\"\nstaff = 2\nshift = 730\n",
        );
        let d = sink.finish();
        let fields: Vec<&str> = d.0.iter().map(|d| d.field.as_str()).collect();
        assert_eq!(fields, ["teams[0].staff", "teams[1].shift"]);
        assert_eq!(d.0[0].line, Some(10));
        assert_eq!(d.0[1].line, Some(16));
    }
}

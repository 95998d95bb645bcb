//! Scenario TOML text → [`ScenarioFile`], reporting every syntax error, unknown key, wrong
//! type and missing field with its line.
//!
//! serde stops at the first type error, so the file is first parsed into a spanned TOML tree
//! and each section and each `[[teams]]` / `[[sites]]` entry is read field by field against
//! the known keys. A field that cannot be read is reported and replaced by a stand-in, so
//! one bad entry never hides the problems of the others. The line of every key path is
//! kept in the [`Sink`] for the checks that run on the typed scenario afterwards.

use super::diagnostics::{Diagnostic, Sink, closest, code};
use crate::scenario::*;
use chrono::NaiveDate;
use std::collections::BTreeMap;
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

const TOP: &[&str] = &[
    "scenario",
    "target",
    "calendar",
    "districts",
    "bases",
    "teams",
    "kinds",
    "travel",
    "sites",
];
const HEADER: &[&str] = &[
    "name",
    "description",
    "start",
    "end",
    "seed",
    "site_files",
    "sources",
];
const TARGET: &[&str] = &["eligible", "activated", "share", "organic_per_day"];
const CALENDAR: &[&str] = &[
    "weekdays",
    "holidays",
    "extra_holidays",
    "blackout",
    "reduced_hours",
];
const HOLIDAY: &[&str] = &["date", "name"];
const REDUCED: &[&str] = &["from", "until", "minutes_shorter", "name"];
const DISTRICT: &[&str] = &["id", "name", "floor_share"];
const BASE: &[&str] = &["id", "name", "lat", "lon", "node"];
const TEAM: &[&str] = &[
    "id",
    "base",
    "staff",
    "shift",
    "weekdays",
    "weekend_duty",
    "count",
    "cost_per_km",
    "cost_per_day",
];
pub(crate) const KIND: &[&str] = &[
    "reach",
    "minutes_per_activation",
    "visit_minutes",
    "fatigue",
    "max_visits",
    "min_gap_days",
    "connectivity",
    "weight",
    "weekdays",
    "window",
];
/// Site fields; also the column names of site CSV files.
pub(crate) const SITE: &[&str] = &[
    "code",
    "name",
    "kind",
    "district",
    "lat",
    "lon",
    "node",
    "eligible",
    "activated",
    "reach",
    "connectivity",
    "minutes_per_activation",
    "visit_minutes",
    "fatigue",
    "max_visits",
    "min_gap_days",
    "weight",
    "weekdays",
    "window",
    "from",
    "until",
];
const TRAVEL: &[&str] = &[
    "kind",
    "speed_kmh",
    "detour",
    "matrix",
    "edges",
    "leg_overhead_minutes",
];

// ---- leaf conversions ---------------------------------------------------------------

fn to_string(v: &DeValue) -> Result<String, &'static str> {
    match v {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err("text in double quotes"),
    }
}

fn integer(v: &DeValue) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

fn to_f64(v: &DeValue) -> Result<f64, &'static str> {
    const E: &str = "a number (without quotes)";
    match v {
        DeValue::Integer(_) => integer(v).map(|i| i as f64).ok_or(E),
        DeValue::Float(f) => f.as_str().parse::<f64>().map_err(|_| E),
        _ => Err(E),
    }
}

fn to_i64(v: &DeValue) -> Result<i64, &'static str> {
    const E: &str = "a whole number (without quotes)";
    match v {
        DeValue::Integer(_) => integer(v).ok_or(E),
        DeValue::Float(_) => match to_f64(v) {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(f as i64),
            _ => Err(E),
        },
        _ => Err(E),
    }
}

fn to_u64(v: &DeValue) -> Result<u64, &'static str> {
    const E: &str = "a whole number of 0 or more";
    match v {
        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).map_err(|_| E),
        _ => Err(E),
    }
}

fn to_date(v: &DeValue) -> Result<DateValue, &'static str> {
    const E: &str = "a date like 2025-01-02";
    match v {
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(DateValue)
                    .ok_or(E)
            }
            _ => Err("a plain date like 2025-01-02 (no time of day)"),
        },
        DeValue::String(s) => super::calendar::date(s).map(DateValue).ok_or(E),
        _ => Err(E),
    }
}

/// A date kept as text (site `from` / `until`): a TOML date or a string.
fn to_date_text(v: &DeValue) -> Result<String, &'static str> {
    match v {
        DeValue::String(s) => Ok(s.to_string()),
        DeValue::Datetime(_) => to_date(v).map(|d| d.0.format("%Y-%m-%d").to_string()),
        _ => Err("a date like 2025-01-02"),
    }
}

/// A list of texts; a single text is taken as a list of one.
fn to_strings(v: &DeValue) -> Result<Vec<String>, &'static str> {
    const E: &str = "a list of texts like [\"a\", \"b\"]";
    match v {
        DeValue::String(s) => Ok(vec![s.to_string()]),
        DeValue::Array(a) => a
            .iter()
            .map(|x| to_string(x.get_ref()).map_err(|_| E))
            .collect(),
        _ => Err(E),
    }
}

/// Weekdays: `["mon", "tue"]` or `"mon|tue"`.
fn to_weekdays(v: &DeValue) -> Result<Vec<String>, &'static str> {
    const E: &str = "weekday names like [\"mon\", \"tue\"] or \"mon|tue\"";
    match v {
        DeValue::String(s) => Ok(super::calendar::split_weekdays(s)),
        DeValue::Array(a) => a
            .iter()
            .map(|x| to_string(x.get_ref()).map_err(|_| E))
            .collect(),
        _ => Err(E),
    }
}

fn to_weekday_text(v: &DeValue) -> Result<String, &'static str> {
    to_weekdays(v).map(|w| w.join("|"))
}

fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "whole number",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "date",
        DeValue::Array(_) => "list",
        DeValue::Table(_) => "table",
    }
}

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
            Ok(x) => Some(x),
            Err(expected) => {
                let found = type_name(v.get_ref());
                let snippet = self.snippet(v);
                let unquoted = snippet.trim_matches(['"', '\'']);
                let hint = if matches!(v.get_ref(), DeValue::String(_))
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

    fn file(&mut self, doc: &DeTable) -> ScenarioFile {
        let root = Entry {
            table: doc,
            path: String::new(),
        };
        for (k, _) in doc.iter() {
            self.sink
                .lines
                .insert(k.get_ref().to_string(), self.lines.line(k.span().start));
        }
        // Unknown top-level sections.
        for (k, _) in doc.iter() {
            let key: &str = k.get_ref();
            if !TOP.contains(&key) {
                let hint = match closest(key, TOP.iter().copied()) {
                    Some(c) => format!("did you mean `[{c}]`?"),
                    None => format!("the sections are: {}", TOP.join(", ")),
                };
                self.sink.toml(
                    code::UNKNOWN_KEY,
                    key,
                    format!("unknown section or key `{key}`"),
                    hint,
                );
            }
        }
        let scenario = self.section(&root, "scenario", true, |r, e| Header {
            name: r.req(e, "name", to_string, "name = \"Kabupaten Contoh 2025\""),
            description: r.opt(e, "description", to_string),
            start: r.req(e, "start", to_date, "start = 2025-01-01"),
            end: r.opt(e, "end", to_date),
            seed: r.opt(e, "seed", to_u64).unwrap_or_default(),
            site_files: r.opt(e, "site_files", to_strings).unwrap_or_default(),
            sources: r.opt(e, "sources", to_strings).unwrap_or_default(),
        });
        let target = self.section(&root, "target", true, |r, e| TargetSpec {
            eligible: r.req(e, "eligible", to_f64, "eligible = 250000"),
            activated: r.opt(e, "activated", to_f64).unwrap_or_default(),
            share: r.req(e, "share", to_f64, "share = 0.3"),
            organic_per_day: r.opt(e, "organic_per_day", to_f64).unwrap_or_default(),
        });
        let calendar = self.section(&root, "calendar", false, |r, e| {
            let d = CalendarSpec::default();
            CalendarSpec {
                weekdays: r.opt(e, "weekdays", to_weekdays).unwrap_or(d.weekdays),
                holidays: r.opt(e, "holidays", to_string).unwrap_or(d.holidays),
                extra_holidays: r.list(e, "extra_holidays", |r, v, p| {
                    r.sub(v, p, HOLIDAY, |r, e| HolidaySpec {
                        date: r.req(e, "date", to_date, "date = 2025-06-20"),
                        name: r.opt(e, "name", to_string).unwrap_or_default(),
                    })
                }),
                blackout: r.opt_list(e, "blackout", to_date),
                reduced_hours: r.list(e, "reduced_hours", |r, v, p| {
                    r.sub(v, p, REDUCED, |r, e| ReducedHoursSpec {
                        from: r.req(e, "from", to_date, "from = 2025-03-01"),
                        until: r.req(e, "until", to_date, "until = 2025-03-30"),
                        minutes_shorter: r.req(
                            e,
                            "minutes_shorter",
                            to_i64,
                            "minutes_shorter = 60",
                        ),
                        name: r.opt(e, "name", to_string).unwrap_or_default(),
                    })
                }),
            }
        });
        let districts = self.list(&root, "districts", |r, v, p| {
            r.sub(v, p, DISTRICT, |r, e| DistrictSpec {
                id: r.req(e, "id", to_string, "id = \"warungasem\""),
                name: r.opt(e, "name", to_string).unwrap_or_default(),
                floor_share: r.opt(e, "floor_share", to_f64),
            })
        });
        let bases = self.list(&root, "bases", |r, v, p| {
            r.sub(v, p, BASE, |r, e| BaseSpec {
                id: r.req(e, "id", to_string, "id = \"office\""),
                name: r.opt(e, "name", to_string).unwrap_or_default(),
                lat: r.opt(e, "lat", to_f64),
                lon: r.opt(e, "lon", to_f64),
                node: r.opt(e, "node", to_string),
            })
        });
        let teams = self.list(&root, "teams", |r, v, p| {
            r.sub(v, p, TEAM, |r, e| TeamSpec {
                id: r.req(e, "id", to_string, "id = \"A\""),
                base: r.req(e, "base", to_string, "base = \"office\""),
                staff: r.req(e, "staff", to_i64, "staff = 3"),
                shift: r.req(e, "shift", to_string, "shift = \"07:30-15:30\""),
                weekdays: r.opt(e, "weekdays", to_weekdays),
                weekend_duty: r.opt(e, "weekend_duty", to_weekdays).unwrap_or_default(),
                count: r.opt(e, "count", to_i64).unwrap_or(1),
                cost_per_km: r.opt(e, "cost_per_km", to_f64).unwrap_or_default(),
                cost_per_day: r.opt(e, "cost_per_day", to_f64).unwrap_or_default(),
            })
        });
        let kinds = self.kinds(&root);
        let travel = self.section(&root, "travel", false, |r, e| {
            let d = TravelSpec::default();
            TravelSpec {
                kind: r.opt(e, "kind", to_string).unwrap_or(d.kind),
                speed_kmh: r.opt(e, "speed_kmh", to_f64).unwrap_or(d.speed_kmh),
                detour: r.opt(e, "detour", to_f64).unwrap_or(d.detour),
                matrix: r.opt(e, "matrix", to_string),
                edges: r.opt(e, "edges", to_string),
                leg_overhead_minutes: r.opt(e, "leg_overhead_minutes", to_f64).unwrap_or_default(),
            }
        });
        let sites = self.list(&root, "sites", |r, v, p| {
            r.sub(v, p, SITE, |r, e| SiteSpec {
                code: r.req(e, "code", to_string, "code = \"3325012001\""),
                name: r.req(e, "name", to_string, "name = \"Silurah\""),
                kind: r.req(e, "kind", to_string, "kind = \"village\""),
                district: r.req(e, "district", to_string, "district = \"wonotunggal\""),
                lat: r.opt(e, "lat", to_f64),
                lon: r.opt(e, "lon", to_f64),
                node: r.opt(e, "node", to_string),
                eligible: r.req(e, "eligible", to_f64, "eligible = 1200"),
                activated: r.opt(e, "activated", to_f64).unwrap_or_default(),
                reach: r.opt(e, "reach", to_f64),
                connectivity: r.opt(e, "connectivity", to_f64),
                minutes_per_activation: r.opt(e, "minutes_per_activation", to_f64),
                visit_minutes: r.opt(e, "visit_minutes", to_i64),
                fatigue: r.opt(e, "fatigue", to_f64),
                max_visits: r.opt(e, "max_visits", to_i64),
                min_gap_days: r.opt(e, "min_gap_days", to_i64),
                weight: r.opt(e, "weight", to_f64),
                weekdays: r.opt(e, "weekdays", to_weekday_text),
                window: r.opt(e, "window", to_string),
                from: r.opt(e, "from", to_date_text),
                until: r.opt(e, "until", to_date_text),
            })
        });
        ScenarioFile {
            scenario,
            target,
            calendar,
            districts,
            bases,
            teams,
            kinds,
            travel,
            sites,
        }
    }

    /// A top-level section `[key]`.
    fn section<T: Default>(
        &mut self,
        root: &Entry,
        key: &str,
        required: bool,
        read: impl FnOnce(&mut Self, &Entry) -> T,
    ) -> T {
        let known = match key {
            "scenario" => HEADER,
            "target" => TARGET,
            "calendar" => CALENDAR,
            "travel" => TRAVEL,
            _ => &[],
        };
        match root.table.get(key) {
            None => {
                if required {
                    self.sink.toml(
                        code::MISSING_FIELD,
                        key,
                        format!("required section `[{key}]` is missing"),
                        format!("add a `[{key}]` section; see docs/scenario.md"),
                    );
                }
                T::default()
            }
            Some(v) => match self.entry(v, key, known, &format!("a `[{key}]` section")) {
                Some(e) => read(self, &e),
                None => T::default(),
            },
        }
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

    /// `[kinds.<kind>]` tables.
    fn kinds(&mut self, root: &Entry) -> BTreeMap<String, KindSpec> {
        let mut out = BTreeMap::new();
        let Some(v) = root.table.get("kinds") else {
            return out;
        };
        self.mark("kinds", v.span().start);
        let DeValue::Table(kinds) = v.get_ref() else {
            let found = type_name(v.get_ref());
            self.sink.toml(
                code::WRONG_TYPE,
                "kinds",
                format!("expected tables like `[kinds.village]`, found {found}"),
                "write overrides as `[kinds.village]` followed by `reach = 0.3` lines",
            );
            return out;
        };
        // Kind names are checked against the built-in kinds with the rest of the scenario.
        for (k, v) in kinds.iter() {
            let name: &str = k.get_ref();
            let path = format!("kinds.{name}");
            let spec = self.sub(v, &path, KIND, |r, e| KindSpec {
                reach: r.opt(e, "reach", to_f64),
                minutes_per_activation: r.opt(e, "minutes_per_activation", to_f64),
                visit_minutes: r.opt(e, "visit_minutes", to_i64),
                fatigue: r.opt(e, "fatigue", to_f64),
                max_visits: r.opt(e, "max_visits", to_i64),
                min_gap_days: r.opt(e, "min_gap_days", to_i64),
                connectivity: r.opt(e, "connectivity", to_f64),
                weight: r.opt(e, "weight", to_f64),
                weekdays: r.opt(e, "weekdays", to_weekdays),
                window: r.opt(e, "window", to_string),
            });
            out.insert(name.to_string(), spec);
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

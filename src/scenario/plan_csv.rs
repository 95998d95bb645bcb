//! Reading `plan.csv` back: a plan a planner edited in a spreadsheet, handed to
//! `jemput evaluate`, `jemput simulate` or `jemput plan --fixed`.
//!
//! Reading needs only `date, team, seq, site_code, arrive, start, end`; every other column
//! is for people and may be edited or deleted. Every bad row is reported with its line,
//! column and a hint, not only the first.

use super::diagnostics::{Diagnostic, code};
use crate::plan::{Plan, Route, Stop};
use crate::problem::{Minutes, Problem, hhmm};
use std::collections::BTreeMap;
use std::path::Path;

/// The columns of `plan.csv`, in order.
pub const COLUMNS: [&str; 14] = [
    "date",
    "team",
    "seq",
    "site_code",
    "site_name",
    "district",
    "arrive",
    "start",
    "end",
    "stay_minutes",
    "depart",
    "travel_minutes",
    "kit",
    "expected_activations",
];

/// How `plan.csv` writes a team-day that carries a connectivity kit (empty: none).
pub const KIT_YES: &str = "yes";

/// Reads a `kit` cell: `None` when it is neither a yes nor a no.
fn kit_cell(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "" | "no" | "tidak" | "0" | "false" => Some(false),
        "yes" | "ya" | "1" | "true" | "x" => Some(true),
        _ => None,
    }
}

/// Reads a plan back from `plan.csv` (possibly edited by a person), mapping dates, team
/// ids and site codes to the problem's indices. Feasibility is not checked here (that is
/// `checker::check`); only whether each row can be understood.
pub fn read_plan_csv(p: &Problem, path: &Path) -> Result<Plan, Vec<Diagnostic>> {
    let text = std::fs::read(path).map_err(|e| {
        vec![Diagnostic {
            code: code::FILE_MISSING,
            file: path.to_path_buf(),
            line: None,
            field: String::new(),
            message: format!("cannot read the plan file: {e}"),
            hint: "check the path; `jemput plan --out DIR` writes DIR/plan.csv".into(),
        }]
    })?;
    let text = String::from_utf8_lossy(&text);
    parse_plan_csv(p, &text, path)
}

/// Parses plan CSV text; `path` is only used in messages.
pub fn parse_plan_csv(p: &Problem, text: &str, path: &Path) -> Result<Plan, Vec<Diagnostic>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut errors = Vec::new();
    let err =
        |code: &'static str, line: usize, column: Option<&str>, message: String, hint: &str| {
            Diagnostic {
                code,
                file: path.to_path_buf(),
                line: Some(line),
                field: column.unwrap_or_default().to_string(),
                message,
                hint: hint.to_string(),
            }
        };

    // Spreadsheets set to an Indonesian locale save with `;` between fields.
    let header_line = text.lines().next().unwrap_or("");
    let delimiter = if header_line.contains(';') && !header_line.contains(',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            return Err(vec![err(
                code::CSV_SYNTAX,
                1,
                None,
                format!("cannot read the header: {e}"),
                "",
            )]);
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let mut required = BTreeMap::new();
    for name in ["date", "team", "seq", "site_code", "start", "end"] {
        match col(name) {
            Some(i) => {
                required.insert(name, i);
            }
            None => errors.push(err(
                code::CSV_MISSING_COLUMN,
                1,
                Some(name),
                format!("the header has no `{name}` column"),
                &format!(
                    "the first line must name the columns; jemput writes: {}",
                    COLUMNS.join(",")
                ),
            )),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let arrive_col = col("arrive");
    let stay_col = col("stay_minutes");
    let kit_col = col("kit");
    // Team-days (day, team) whose rows say they carry a kit.
    let mut kits: std::collections::BTreeSet<(usize, usize)> = Default::default();

    let mut trips: BTreeMap<(usize, usize), Vec<Row>> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |pos| pos.line() as usize);
                errors.push(err(
                    code::CSV_SYNTAX,
                    line,
                    None,
                    format!("unreadable row: {e}"),
                    "",
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |pos| pos.line() as usize);
        if record.iter().all(|f| f.is_empty()) {
            continue;
        }
        let before = errors.len();
        let field = |name: &'static str, errors: &mut Vec<Diagnostic>| -> Option<String> {
            let v = record.get(required[name]).unwrap_or("");
            if v.is_empty() {
                errors.push(err(
                    code::MISSING_FIELD,
                    line,
                    Some(name),
                    "the value is missing".into(),
                    "",
                ));
                None
            } else {
                Some(v.to_string())
            }
        };
        let date = field("date", &mut errors);
        let team = field("team", &mut errors);
        let seq = field("seq", &mut errors);
        let code = field("site_code", &mut errors);
        let start = field("start", &mut errors);
        let end = field("end", &mut errors);
        let arrive = arrive_col
            .and_then(|i| record.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let stay = stay_col
            .and_then(|i| record.get(i))
            .filter(|v| !v.is_empty())
            .map(str::to_string);
        let kit = match kit_col.and_then(|i| record.get(i)).map(kit_cell) {
            None => false,
            Some(Some(k)) => k,
            Some(None) => {
                errors.push(err(
                    code::CSV_BAD_VALUE,
                    line,
                    Some("kit"),
                    format!(
                        "`{}` is not a yes or a no",
                        kit_col.and_then(|i| record.get(i)).unwrap_or("")
                    ),
                    &format!(
                        "write `{KIT_YES}` when the team carries a connectivity kit that day, \
                         or leave the cell empty"
                    ),
                ));
                false
            }
        };

        let day = date.and_then(
            |v| match chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d") {
                Err(_) => {
                    errors.push(err(
                        code::BAD_DATE,
                        line,
                        Some("date"),
                        format!("`{v}` is not a date"),
                        "write dates as YYYY-MM-DD, e.g. 2025-01-06",
                    ));
                    None
                }
                Ok(date) => p.day_of(date).or_else(|| {
                    let (first, last) = horizon(p);
                    errors.push(err(
                        code::OUTSIDE_HORIZON,
                        line,
                        Some("date"),
                        format!("{date} is outside the scenario's horizon {first} .. {last}"),
                        "move the visit into the horizon or delete the row",
                    ));
                    None
                }),
            },
        );
        let team = team.and_then(|v| {
            let t = p.teams.iter().position(|t| t.id == v);
            if t.is_none() {
                let known: Vec<&str> = p.teams.iter().take(12).map(|t| t.id.as_str()).collect();
                errors.push(err(
                    code::UNKNOWN_REFERENCE,
                    line,
                    Some("team"),
                    format!("unknown team `{v}`"),
                    &format!("use a team id from the scenario: {}", known.join(", ")),
                ));
            }
            t
        });
        let seq = seq.and_then(|v| match v.parse::<u32>() {
            Ok(n) if n >= 1 => Some(n),
            _ => {
                errors.push(err(
                    code::CSV_BAD_VALUE,
                    line,
                    Some("seq"),
                    format!("`{v}` is not a stop number"),
                    "number the stops of each team's day 1, 2, 3, ...",
                ));
                None
            }
        });
        let site = code.and_then(|v| {
            let s = p.sites.iter().position(|s| s.code == v);
            if s.is_none() {
                let hint = match p.sites.iter().find(|s| s.name.eq_ignore_ascii_case(&v)) {
                    Some(named) => format!(
                        "`{v}` is the name of site {}; put its code in this column",
                        named.code
                    ),
                    None => "use a site code from the scenario's site list".to_string(),
                };
                errors.push(err(
                    code::UNKNOWN_REFERENCE,
                    line,
                    Some("site_code"),
                    format!("unknown site code `{v}`"),
                    &hint,
                ));
            }
            s
        });
        let mut time = |name: &'static str, v: Option<String>| {
            v.and_then(|v| {
                let t = parse_time(&v);
                if t.is_none() {
                    errors.push(err(
                        code::BAD_TIME,
                        line,
                        Some(name),
                        format!("`{v}` is not a time of day"),
                        "write times as HH:MM, e.g. 07:30",
                    ));
                }
                t
            })
        };
        let start = time("start", start);
        let end = time("end", end);
        let arrive = match arrive {
            Some(v) => time("arrive", Some(v)),
            None => start,
        };
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            errors.push(err(
                code::BAD_TIME,
                line,
                Some("end"),
                format!(
                    "the visit ends at {} before it starts at {}",
                    hhmm(e),
                    hhmm(s)
                ),
                "end is the start plus the stay (between the site's shortest and longest)",
            ));
        }
        // The stay is what start and end say; `stay_minutes` is written for reading and,
        // when given, must agree (an edit of one without the other is a mistake).
        if let (Some(v), Some(s), Some(e)) = (stay, start, end)
            && e >= s
        {
            match v.parse::<Minutes>() {
                Err(_) if !v.bytes().all(|b| b.is_ascii_digit()) => errors.push(err(
                    code::CSV_BAD_VALUE,
                    line,
                    Some("stay_minutes"),
                    format!("`{v}` is not a number of minutes"),
                    "write whole minutes, e.g. 150, or leave the cell empty",
                )),
                Ok(n) if n != e - s => errors.push(err(
                    code::BAD_TIME,
                    line,
                    Some("stay_minutes"),
                    format!(
                        "stay_minutes says {n} but the visit runs {}–{}, {} minutes",
                        hhmm(s),
                        hhmm(e),
                        e - s
                    ),
                    &format!(
                        "a stay is set by start and end: for {n} minutes write end {}, \
                         or clear stay_minutes",
                        hhmm(s + n)
                    ),
                )),
                _ => {}
            }
        }
        if errors.len() > before {
            continue;
        }
        let (Some(day), Some(team), Some(seq), Some(site), Some(arrive), Some(start), Some(end)) =
            (day, team, seq, site, arrive, start, end)
        else {
            continue;
        };
        if kit {
            kits.insert((day, team));
        }
        let trip = trips.entry((day, team)).or_default();
        if let Some(Row {
            line: first_line, ..
        }) = trip.iter().find(|r| r.seq == seq)
        {
            errors.push(err(
                code::DUPLICATE_ID,
                line,
                Some("seq"),
                format!(
                    "stop {seq} of team {} on {} is already on line {first_line}",
                    p.teams[team].id, p.days[day].date
                ),
                "give each stop of a team's day its own number",
            ));
            continue;
        }
        trip.push(Row {
            seq,
            line,
            stop: Stop {
                site,
                arrive,
                start,
                end,
            },
        });
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let routes = trips
        .into_iter()
        .map(|((day, team), mut stops)| {
            stops.sort_by_key(|r| r.seq);
            Route {
                team,
                day,
                stops: stops.into_iter().map(|r| r.stop).collect(),
                kit: kits.contains(&(day, team)),
            }
        })
        .collect();
    let mut plan = Plan { routes };
    plan.normalize();
    Ok(plan)
}

/// A row understood: the stop, its number in the team's day and its line in the file.
struct Row {
    seq: u32,
    line: usize,
    stop: Stop,
}

fn horizon(p: &Problem) -> (String, String) {
    let show = |d: Option<&crate::problem::Day>| d.map_or("-".into(), |d| d.date.to_string());
    (show(p.days.first()), show(p.days.last()))
}

/// Parses `HH:MM` (or `H:MM`, or `HH:MM:SS` as spreadsheets re-save it) into minutes.
pub fn parse_time(text: &str) -> Option<Minutes> {
    let mut parts = text.trim().split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    let secs = parts.next();
    if parts.next().is_some() || h.is_empty() || h.len() > 2 || m.len() != 2 {
        return None;
    }
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(h) || !digits(m) || secs.is_some_and(|s| s != "00") {
        return None;
    }
    let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
    (h < 24 && m < 60).then_some(h * 60 + m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_parse_strictly() {
        assert_eq!(parse_time("07:30"), Some(450));
        assert_eq!(parse_time("7:30"), Some(450));
        assert_eq!(parse_time("07:30:00"), Some(450));
        for bad in [
            "7:3o", "7:3", "24:00", "07:60", "0730", "", "07:30:15", "-1:00", "7.30",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
    }
}

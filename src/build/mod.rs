//! Scenario file → validated, immutable [`Problem`].
//!
//! This is the one place where the loose file format (TOML + CSV, strings everywhere) meets
//! the model. Every check runs and every problem is collected before giving up, so a planner
//! sees the whole list at once — each with a stable code, the file, the line, the field and
//! a hint — instead of fixing one typo per run. Nothing here panics on user input.
//!
//! Steps: read the TOML ([`read`]) and site CSVs ([`sites`]) into [`ScenarioFile`] form;
//! check and resolve the horizon, calendar, target, districts, bases, teams, per-kind
//! defaults ([`kinds`]) and sites; build travel ([`travel`]); then check that every site can
//! be reached and visited by some team within its shift.

pub mod calendar;
pub mod diagnostics;
pub mod kinds;
mod read;
mod sites;
mod table;
pub mod travel;

pub use calendar::builtin_holidays;
pub use diagnostics::{Diagnostic, Diagnostics, code};

use crate::problem::*;
use crate::scenario::*;
use chrono::{Datelike, Days, NaiveDate};
use diagnostics::{Loc, Sink, suggest};
use kinds::KindDefaults;
use std::collections::HashMap;
use std::path::Path;

/// Longest horizon accepted, in days (ten years).
pub const MAX_HORIZON_DAYS: i64 = 3660;
/// Most sites in one scenario.
pub const MAX_SITES: usize = 200_000;
/// Most teams in one scenario (after expanding `count`).
pub const MAX_TEAMS: usize = 1_000;

/// Reads a scenario TOML (and the CSV files it names) and builds the validated problem.
pub fn load(path: &Path) -> Result<Problem, Diagnostics> {
    load_scenario(path).map(|(_, p)| p)
}

/// Like [`load`], also returning the scenario as read (for what-if edits and summaries).
pub fn load_scenario(path: &Path) -> Result<(ScenarioFile, Problem), Diagnostics> {
    let mut sink = Sink::new(path);
    // Problems found while reading (unknown keys, wrong types) are kept and the checks go
    // on with stand-ins, so that one run lists everything; only a syntax error stops here.
    let Some(file) = read_into(path, &mut sink) else {
        return Err(sink.finish());
    };
    let problem = check(&file, path, sink)?;
    Ok((file, problem))
}

/// Reads a scenario TOML into its serde form without checking its meaning (syntax, keys,
/// types and required fields are checked). Site CSVs are not read here.
pub fn read_scenario(path: &Path) -> Result<ScenarioFile, Diagnostics> {
    let mut sink = Sink::new(path);
    let file = read_into(path, &mut sink);
    match file {
        Some(f) if !sink.has_errors() => Ok(f),
        _ => Err(sink.finish()),
    }
}

fn read_into(path: &Path, sink: &mut Sink) -> Option<ScenarioFile> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            let why = if e.kind() == std::io::ErrorKind::NotFound {
                "not found".to_string()
            } else {
                format!("cannot be read ({e})")
            };
            let tried = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
            sink.push(Diagnostic {
                code: code::FILE_MISSING,
                file: path.to_path_buf(),
                line: None,
                field: String::new(),
                message: format!("scenario file {why}: looked for {}", tried.display()),
                hint: "check the path; scenarios usually live in scenarios/".into(),
            });
            return None;
        }
    };
    let Ok(text) = String::from_utf8(bytes) else {
        sink.push(Diagnostic {
            code: code::TOML_SYNTAX,
            file: path.to_path_buf(),
            line: None,
            field: String::new(),
            message: "the file is not UTF-8 text".into(),
            hint: "save it as UTF-8".into(),
        });
        return None;
    };
    read::read_toml(&text, sink)
}

/// Builds the validated problem from a scenario given in code (generator, what-if).
/// `path` is where the scenario lives: site and travel CSVs are found relative to it and
/// diagnostics name it (without line numbers).
pub fn from_file(file: &ScenarioFile, path: &Path) -> Result<Problem, Diagnostics> {
    let mut sink = Sink::new(path);
    // When the file was read from disk, recover its lines for the diagnostics.
    if let Ok(text) = std::fs::read_to_string(path) {
        let mut probe = Sink::new(path);
        if let Some(parsed) = read::read_toml(&text, &mut probe)
            && &parsed == file
        {
            sink.lines = probe.lines;
        }
    }
    check(file, path, sink)
}

/// Per-site (and per-kind) parameters that override the kind defaults.
struct Overrides<'a> {
    reach: Option<f64>,
    minutes_per_activation: Option<f64>,
    visit_minutes: Option<i64>,
    fatigue: Option<f64>,
    max_visits: Option<i64>,
    min_gap_days: Option<i64>,
    connectivity: Option<f64>,
    weight: Option<f64>,
    weekdays: Option<Vec<String>>,
    window: Option<&'a str>,
}

impl<'a> Overrides<'a> {
    fn of_kind(k: &'a KindSpec) -> Self {
        Overrides {
            reach: k.reach,
            minutes_per_activation: k.minutes_per_activation,
            visit_minutes: k.visit_minutes,
            fatigue: k.fatigue,
            max_visits: k.max_visits,
            min_gap_days: k.min_gap_days,
            connectivity: k.connectivity,
            weight: k.weight,
            weekdays: k.weekdays.clone(),
            window: k.window.as_deref(),
        }
    }

    fn of_site(s: &'a SiteSpec) -> Self {
        Overrides {
            reach: s.reach,
            minutes_per_activation: s.minutes_per_activation,
            visit_minutes: s.visit_minutes,
            fatigue: s.fatigue,
            max_visits: s.max_visits,
            min_gap_days: s.min_gap_days,
            connectivity: s.connectivity,
            weight: s.weight,
            weekdays: s.weekdays.as_deref().map(calendar::split_weekdays),
            window: s.window.as_deref(),
        }
    }
}

/// The checks, with the diagnostics collected in `sink`.
struct Checker<'f> {
    f: &'f ScenarioFile,
    path: &'f Path,
    sink: Sink,
}

fn share(sink: &mut Sink, loc: &Loc, key: &str, x: f64, what: &str) -> Option<f64> {
    if sink.reported_at(loc, key) {
        return None; // could not be read: a stand-in
    }
    if !x.is_finite() || !(0.0..=1.0).contains(&x) {
        let hint = if (5.0..=100.0).contains(&x) {
            format!(
                "`{key}` is a share between 0 and 1: write {x} % as {}",
                (x * 1e4).round() / 1e6
            )
        } else {
            format!("`{key}` must be between 0 and 1")
        };
        sink.at(
            loc,
            key,
            code::SHARE_RANGE,
            format!("{what} must be a share between 0 and 1, found {x}"),
            hint,
        );
        return None;
    }
    Some(x)
}

fn number(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    x: f64,
    min: f64,
    max: f64,
    what: &str,
) -> Option<f64> {
    if sink.reported_at(loc, key) {
        return None;
    }
    if !x.is_finite() || x < min || x > max {
        let range = if max.is_infinite() {
            format!("at least {min}")
        } else {
            format!("between {min} and {max}")
        };
        let problem = if !x.is_finite() {
            "is not a finite number".to_string()
        } else if x < 0.0 {
            format!("is negative ({x})")
        } else {
            format!("is out of range ({x})")
        };
        sink.at(
            loc,
            key,
            code::BAD_NUMBER,
            format!("{what} {problem}"),
            format!("`{key}` must be {range}"),
        );
        return None;
    }
    Some(x)
}

fn whole(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    x: i64,
    min: i64,
    max: i64,
    what: &str,
) -> Option<u32> {
    if sink.reported_at(loc, key) {
        return None;
    }
    if x < min || x > max {
        let problem = if x < 0 {
            format!("is negative ({x})")
        } else {
            format!("is out of range ({x})")
        };
        sink.at(
            loc,
            key,
            code::BAD_NUMBER,
            format!("{what} {problem}"),
            format!("`{key}` must be a whole number between {min} and {max}"),
        );
        return None;
    }
    u32::try_from(x).ok()
}

/// Parses weekday names into a mask; unknown names are reported.
fn weekday_mask(sink: &mut Sink, loc: &Loc, key: &str, names: &[String]) -> Option<[bool; 7]> {
    if sink.reported_at(loc, key) {
        return None;
    }
    let mut mask = [false; 7];
    let mut ok = true;
    for n in names {
        match calendar::weekday(n) {
            Some(i) => mask[i] = true,
            None => {
                if ok {
                    sink.at(
                        loc,
                        key,
                        code::UNKNOWN_WEEKDAY,
                        format!("`{n}` is not a weekday"),
                        format!(
                            "{} (weekdays are mon, tue, wed, thu, fri, sat, sun)",
                            suggest(&n.to_lowercase(), &calendar::WEEKDAYS)
                        ),
                    );
                }
                ok = false;
            }
        }
    }
    ok.then_some(mask)
}

fn time_window(sink: &mut Sink, loc: &Loc, key: &str, text: &str, what: &str) -> Option<Window> {
    if sink.reported_at(loc, key) {
        return None;
    }
    match calendar::window(text) {
        Ok(w) => Some(w),
        Err(calendar::WindowError::Format) => {
            sink.at(
                loc,
                key,
                code::BAD_TIME,
                format!("{what} `{text}` is not a time range like 07:30-15:30"),
                "write HH:MM-HH:MM on a 24-hour clock, e.g. \"07:30-15:30\"",
            );
            None
        }
        Err(calendar::WindowError::EndNotAfterStart { open, close }) => {
            let problem = if open == close {
                format!("{what} `{text}` has zero length")
            } else {
                format!(
                    "{what} `{text}` ends ({}) before it starts ({})",
                    hhmm(close),
                    hhmm(open)
                )
            };
            sink.at(
                loc,
                key,
                code::BAD_TIME,
                problem,
                "the end must be later than the start on the same day (24-hour clock: 15:30, not 3:30)",
            );
            None
        }
    }
}

/// Resolved site, before travel checks.
struct SiteDraft {
    site: Site,
    loc: Loc,
}

fn check(f: &ScenarioFile, path: &Path, sink: Sink) -> Result<Problem, Diagnostics> {
    let mut c = Checker { f, path, sink };
    let problem = c.run();
    match problem {
        Some(p) if !c.sink.has_errors() => Ok(p),
        _ => Err(c.sink.finish()),
    }
}

impl<'f> Checker<'f> {
    fn t(&self, path: &str) -> Loc {
        Loc::Toml(path.to_string())
    }

    fn run(&mut self) -> Option<Problem> {
        let f = self.f;
        if f.scenario.name.trim().is_empty() && !self.sink.toml_reported("scenario.name") {
            self.sink.toml(
                code::MISSING_FIELD,
                "scenario.name",
                "the scenario has no name",
                "add name = \"Kabupaten Contoh 2025\" under [scenario]",
            );
        }
        let horizon = self.horizon();
        let office_weekdays = weekday_mask(
            &mut self.sink,
            &Loc::Toml("calendar".into()),
            "weekdays",
            &f.calendar.weekdays,
        )
        .unwrap_or([true, true, true, true, true, false, false]);
        let days = self.days(horizon);
        let target = self.target();
        let districts_declared = self.districts();
        let bases = self.bases();
        let teams = self.teams(&bases, &office_weekdays);
        let kind_defaults = self.kinds();
        let site_specs = self.site_specs();
        let (sites, districts) = self.sites(
            &site_specs,
            &kind_defaults,
            districts_declared,
            horizon,
            days.len(),
        );
        let travel = self.travel(&bases, &site_specs);

        if let Some(travel) = &travel {
            self.reachability(travel, &bases, &teams, &site_specs);
            if let (Some(_), true) = (horizon, !days.is_empty()) {
                self.fit(travel, &days, &teams, &sites, bases.len());
            }
        }
        if self.sink.has_errors() {
            return None;
        }
        Some(Problem {
            name: f.scenario.name.clone(),
            seed: f.scenario.seed,
            days,
            office_weekdays,
            target: target?,
            districts,
            bases,
            teams: teams
                .into_iter()
                .map(|(t, _)| t)
                .collect::<Option<Vec<_>>>()?,
            sites: sites
                .into_iter()
                .map(|d| d.map(|d| d.site))
                .collect::<Option<Vec<_>>>()?,
            travel: travel?,
        })
    }

    // ---- horizon and calendar ---------------------------------------------------------

    fn horizon(&mut self) -> Option<(NaiveDate, NaiveDate)> {
        let h = &self.f.scenario;
        if self.sink.toml_reported("scenario.start") || self.sink.toml_reported("scenario.end") {
            return None;
        }
        let start = h.start.0;
        let end = match h.end {
            Some(e) => e.0,
            None => NaiveDate::from_ymd_opt(start.year(), 12, 31)?,
        };
        if end < start {
            self.sink.toml(
                code::BAD_HORIZON,
                if h.end.is_some() {
                    "scenario.end"
                } else {
                    "scenario.start"
                },
                format!("the horizon is empty: end {end} is before start {start}"),
                "set end on or after start (end defaults to 31 December of the start year)",
            );
            return None;
        }
        let days = (end - start).num_days() + 1;
        if days > MAX_HORIZON_DAYS {
            self.sink.toml(
                code::TOO_LARGE,
                "scenario.end",
                format!("the horizon has {days} days; at most {MAX_HORIZON_DAYS} are supported"),
                "plan one year at a time",
            );
            return None;
        }
        Some((start, end))
    }

    /// A date of the calendar section: reported when outside the horizon.
    fn in_horizon(&mut self, field: &str, date: NaiveDate, h: (NaiveDate, NaiveDate)) -> bool {
        if date < h.0 || date > h.1 {
            self.sink.toml(
                code::OUTSIDE_HORIZON,
                field,
                format!("{date} is outside the horizon {} ..= {}", h.0, h.1),
                "check the year, or widen the horizon with scenario.start / scenario.end",
            );
            return false;
        }
        true
    }

    fn days(&mut self, horizon: Option<(NaiveDate, NaiveDate)>) -> Vec<Day> {
        let cal = &self.f.calendar;
        let builtin = match cal.holidays.trim().to_lowercase().as_str() {
            "id" | "indonesia" => true,
            "none" | "" => false,
            other => {
                self.sink.toml(
                    code::UNKNOWN_CALENDAR,
                    "calendar.holidays",
                    format!("unknown holiday calendar `{other}`"),
                    "use \"id\" (Indonesian national holidays and cuti bersama 2024–2026) or \
                     \"none\" (then list your days off in extra_holidays)",
                );
                false
            }
        };
        let Some(h) = horizon else {
            return Vec::new();
        };
        let (y0, y1) = calendar::HOLIDAY_YEARS;
        if builtin && (h.0.year() < y0 || h.1.year() > y1) {
            // Planning across Idul Fitri as if it were a working day would be badly wrong.
            // Point at the horizon when the calendar is not written out.
            let field = ["calendar.holidays", "scenario.end", "scenario.start"]
                .into_iter()
                .find(|f| self.sink.lines.contains_key(*f))
                .unwrap_or("calendar.holidays");
            self.sink.toml(
                code::UNKNOWN_CALENDAR,
                field,
                format!(
                    "the built-in holidays cover {y0}–{y1}, but the horizon {} ..= {} goes beyond",
                    h.0, h.1
                ),
                format!(
                    "plan within {y0}–{y1}, or set holidays = \"none\" and list every day off in \
                     calendar.extra_holidays"
                ),
            );
        }
        let n = ((h.1 - h.0).num_days() + 1).max(0) as usize;
        let mut days: Vec<Day> = (0..n)
            .filter_map(|i| h.0.checked_add_days(Days::new(i as u64)))
            .map(|date| Day {
                date,
                weekday: weekday_index(date),
                holiday: builtin
                    .then(|| calendar::holiday_on(date).map(|x| x.name.to_string()))
                    .flatten(),
                blackout: false,
                shorter_by: 0,
            })
            .collect();
        let index = |date: NaiveDate| (date - h.0).num_days() as usize;
        for (i, x) in cal.extra_holidays.iter().enumerate() {
            let field = format!("calendar.extra_holidays[{i}].date");
            if self.sink.toml_reported(&field) || !self.in_horizon(&field, x.date.0, h) {
                continue;
            }
            let name = if x.name.trim().is_empty() {
                "libur daerah"
            } else {
                x.name.trim()
            };
            days[index(x.date.0)]
                .holiday
                .get_or_insert_with(|| name.to_string());
        }
        for (i, d) in cal.blackout.iter().enumerate() {
            let field = format!("calendar.blackout[{i}]");
            if self.in_horizon(&field, d.0, h) {
                days[index(d.0)].blackout = true;
            }
        }
        for (i, r) in cal.reduced_hours.iter().enumerate() {
            let p = format!("calendar.reduced_hours[{i}]");
            if self.sink.toml_reported(&p) {
                continue;
            }
            let loc = self.t(&p);
            let by = whole(
                &mut self.sink,
                &loc,
                "minutes_shorter",
                r.minutes_shorter,
                0,
                720,
                "minutes_shorter",
            );
            if r.until < r.from {
                self.sink.toml(
                    code::BAD_RANGE,
                    format!("{p}.until"),
                    format!(
                        "the period ends ({}) before it starts ({})",
                        r.until.0, r.from.0
                    ),
                    "swap from and until",
                );
                continue;
            }
            let a = self.in_horizon(&format!("{p}.from"), r.from.0, h);
            let b = self.in_horizon(&format!("{p}.until"), r.until.0, h);
            if let (true, true, Some(by)) = (a, b, by) {
                for day in &mut days[index(r.from.0)..=index(r.until.0)] {
                    day.shorter_by = day.shorter_by.max(by);
                }
            }
        }
        days
    }

    // ---- target, districts, bases, teams ---------------------------------------------

    fn target(&mut self) -> Option<Target> {
        let t = &self.f.target;
        if self.sink.toml_reported("target") {
            return None;
        }
        let loc = self.t("target");
        let s = &mut self.sink;
        let eligible = number(
            s,
            &loc,
            "eligible",
            t.eligible,
            1.0,
            f64::INFINITY,
            "eligible",
        );
        let activated = number(
            s,
            &loc,
            "activated",
            t.activated,
            0.0,
            f64::INFINITY,
            "activated",
        );
        let share = share(s, &loc, "share", t.share, "the target share");
        let organic = number(
            s,
            &loc,
            "organic_per_day",
            t.organic_per_day,
            0.0,
            f64::INFINITY,
            "organic_per_day",
        );
        if let (Some(e), Some(a)) = (eligible, activated)
            && a > e
        {
            s.at(
                &loc,
                "activated",
                code::ACTIVATED_EXCEEDS,
                format!("{a} already activated is more than the {e} eligible"),
                "activated counts residents with an activated IKD among the eligible; it cannot exceed eligible",
            );
            return None;
        }
        Some(Target {
            eligible: eligible?,
            activated: activated?,
            share: share?,
            organic_per_day: organic?,
        })
    }

    /// Declared districts (empty: made from the sites' district values).
    fn districts(&mut self) -> Vec<District> {
        let mut out = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, d) in self.f.districts.iter().enumerate() {
            let loc = self.t(&format!("districts[{i}]"));
            let id = d.id.trim();
            if id.is_empty() {
                self.sink.at(
                    &loc,
                    "id",
                    code::MISSING_FIELD,
                    "the district has no id",
                    "add id = \"...\"",
                );
                continue;
            }
            if let Some(&first) = seen.get(id) {
                self.sink.at(
                    &loc,
                    "id",
                    code::DUPLICATE_ID,
                    format!("district id `{id}` is already used by districts[{first}]"),
                    "give each district its own id",
                );
                continue;
            }
            seen.insert(id.to_string(), i);
            let floor = d
                .floor_share
                .and_then(|x| share(&mut self.sink, &loc, "floor_share", x, "floor_share"));
            out.push(District {
                id: id.to_string(),
                name: if d.name.trim().is_empty() {
                    id.to_string()
                } else {
                    d.name.trim().to_string()
                },
                floor_share: floor,
            });
        }
        out
    }

    fn bases(&mut self) -> Vec<Base> {
        let mut out = Vec::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        if self.f.bases.is_empty() && !self.sink.toml_reported("bases") {
            self.sink.toml(
                code::EMPTY,
                "bases",
                "no bases: teams need a place to start and end their day",
                "add a [[bases]] entry with id, name and lat/lon (the Disdukcapil office)",
            );
        }
        for (i, b) in self.f.bases.iter().enumerate() {
            let loc = self.t(&format!("bases[{i}]"));
            let id = b.id.trim();
            if id.is_empty() {
                self.sink.at(
                    &loc,
                    "id",
                    code::MISSING_FIELD,
                    "the base has no id",
                    "add id = \"office\"",
                );
            } else if let Some(&first) = seen.get(id) {
                self.sink.at(
                    &loc,
                    "id",
                    code::DUPLICATE_ID,
                    format!("base id `{id}` is already used by bases[{first}]"),
                    "give each base its own id",
                );
            } else {
                seen.insert(id.to_string(), i);
            }
            let (lat, lon) = self.coordinates(&loc, b.lat, b.lon);
            out.push(Base {
                id: id.to_string(),
                name: if b.name.trim().is_empty() {
                    id.to_string()
                } else {
                    b.name.clone()
                },
                lat,
                lon,
            });
        }
        out
    }

    fn coordinates(
        &mut self,
        loc: &Loc,
        lat: Option<f64>,
        lon: Option<f64>,
    ) -> (Option<f64>, Option<f64>) {
        let mut check = |key: &str, x: Option<f64>, lim: f64| {
            let x = x?;
            if x.is_finite() && x.abs() <= lim {
                return Some(x);
            }
            self.sink.at(
                loc,
                key,
                code::BAD_COORDINATES,
                format!("{key} {x} is not a valid coordinate"),
                format!("{key} is in decimal degrees between -{lim} and {lim} (Indonesia: lat -11..6, lon 95..141); check that lat and lon are not swapped"),
            );
            None
        };
        (check("lat", lat, 90.0), check("lon", lon, 180.0))
    }

    /// Teams, expanded by `count`; each with the index of its `[[teams]]` entry.
    fn teams(&mut self, bases: &[Base], office: &[bool; 7]) -> Vec<(Option<Team>, usize)> {
        let f = self.f;
        if f.teams.is_empty() && !self.sink.toml_reported("teams") {
            self.sink.toml(
                code::EMPTY,
                "teams",
                "no teams: there is nobody to send out",
                "add a [[teams]] entry with id, base, staff and shift",
            );
        }
        let base_ids: Vec<&str> = bases.iter().map(|b| b.id.as_str()).collect();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        let mut total = 0usize;
        for (i, t) in f.teams.iter().enumerate() {
            let loc = self.t(&format!("teams[{i}]"));
            let s = &mut self.sink;
            let id = t.id.trim();
            if id.is_empty() && !s.reported_at(&loc, "id") {
                s.at(
                    &loc,
                    "id",
                    code::MISSING_FIELD,
                    "the team has no id",
                    "add id = \"A\"",
                );
            }
            let count = whole(s, &loc, "count", t.count, 1, MAX_TEAMS as i64, "count");
            let base = match base_ids.iter().position(|b| *b == t.base.trim()) {
                Some(b) => Some(b),
                None => {
                    if !s.reported_at(&loc, "base") {
                        s.at(
                            &loc,
                            "base",
                            code::UNKNOWN_REFERENCE,
                            format!("team `{id}` names base `{}`, which is not declared", t.base),
                            format!(
                                "{} (bases are declared in [[bases]])",
                                suggest(t.base.trim(), &base_ids)
                            ),
                        );
                    }
                    None
                }
            };
            let staff = whole(s, &loc, "staff", t.staff, 1, 100, "staff");
            let shift = if s.reported_at(&loc, "shift") {
                None
            } else {
                time_window(s, &loc, "shift", &t.shift, "shift")
            };
            let mut weekdays = match &t.weekdays {
                Some(w) => weekday_mask(s, &loc, "weekdays", w),
                None => Some(*office),
            };
            if let (Some(w), Some(duty)) = (
                &mut weekdays,
                weekday_mask(s, &loc, "weekend_duty", &t.weekend_duty),
            ) {
                for d in 0..7 {
                    w[d] |= duty[d];
                }
            }
            if weekdays == Some([false; 7]) {
                s.at(
                    &loc,
                    "weekdays",
                    code::UNKNOWN_WEEKDAY,
                    "the team works on no weekday",
                    "list its working days, e.g. weekdays = [\"mon\", \"tue\", \"wed\", \"thu\", \"fri\"]",
                );
                weekdays = None;
            }
            let cost_km = number(
                s,
                &loc,
                "cost_per_km",
                t.cost_per_km,
                0.0,
                f64::INFINITY,
                "cost_per_km",
            );
            let cost_day = number(
                s,
                &loc,
                "cost_per_day",
                t.cost_per_day,
                0.0,
                f64::INFINITY,
                "cost_per_day",
            );
            let n = count.unwrap_or(1) as usize;
            total += n;
            let ids: Vec<String> = if n > 1 {
                (1..=n).map(|k| format!("{id}-{k}")).collect()
            } else {
                vec![id.to_string()]
            };
            for tid in ids {
                if !id.is_empty() {
                    if let Some(&first) = seen.get(&tid) {
                        s.at(
                            &loc,
                            "id",
                            code::DUPLICATE_ID,
                            format!("team id `{tid}` is already used by teams[{first}]"),
                            "give each team its own id (a `count` of N adds -1 .. -N to the id)",
                        );
                    }
                    seen.insert(tid.clone(), i);
                }
                let team = match (base, staff, shift, weekdays, cost_km, cost_day) {
                    (
                        Some(base),
                        Some(staff),
                        Some(shift),
                        Some(weekdays),
                        Some(cost_per_km),
                        Some(cost_per_day),
                    ) => Some(Team {
                        id: tid,
                        base,
                        staff,
                        shift,
                        weekdays,
                        cost_per_km,
                        cost_per_day,
                    }),
                    _ => None,
                };
                out.push((team, i));
                if out.len() > MAX_TEAMS {
                    break;
                }
            }
        }
        if total > MAX_TEAMS {
            self.sink.toml(
                code::TOO_LARGE,
                "teams",
                format!("{total} teams; at most {MAX_TEAMS} are supported"),
                "check the `count` of each [[teams]] entry",
            );
        }
        out
    }

    // ---- kinds and sites ---------------------------------------------------------------

    fn kinds(&mut self) -> HashMap<SiteKind, KindDefaults> {
        let mut out: HashMap<SiteKind, KindDefaults> = SiteKind::ALL
            .iter()
            .map(|&k| (k, kinds::defaults(k)))
            .collect();
        for (name, spec) in &self.f.kinds {
            let loc = self.t(&format!("kinds.{name}"));
            let Some(kind) = SiteKind::parse(name.trim()) else {
                self.sink.at(
                    &loc,
                    "",
                    code::UNKNOWN_KIND,
                    format!("unknown site kind `{name}` in [kinds.{name}]"),
                    suggest(name, &kinds::names()),
                );
                continue;
            };
            let base = out[&kind];
            if let Some(d) = self.apply(base, &Overrides::of_kind(spec), &loc) {
                out.insert(kind, d);
            }
        }
        out
    }

    /// Applies overrides to defaults, checking each value; `None` if any is bad.
    fn apply(&mut self, mut d: KindDefaults, o: &Overrides, loc: &Loc) -> Option<KindDefaults> {
        let s = &mut self.sink;
        let mut ok = true;
        macro_rules! set {
            ($field:ident, $check:expr) => {
                if let Some(x) = o.$field {
                    match $check(s, x) {
                        Some(v) => d.$field = v,
                        None => ok = false,
                    }
                }
            };
        }
        set!(reach, |s, x| share(s, loc, "reach", x, "reach"));
        set!(fatigue, |s, x| share(s, loc, "fatigue", x, "fatigue"));
        set!(connectivity, |s, x| share(
            s,
            loc,
            "connectivity",
            x,
            "connectivity"
        ));
        set!(minutes_per_activation, |s, x| number(
            s,
            loc,
            "minutes_per_activation",
            x,
            0.1,
            1440.0,
            "minutes_per_activation"
        ));
        set!(weight, |s, x| number(
            s,
            loc,
            "weight",
            x,
            0.0,
            f64::INFINITY,
            "weight"
        ));
        set!(visit_minutes, |s, x| whole(
            s,
            loc,
            "visit_minutes",
            x,
            1,
            1440,
            "visit_minutes"
        ));
        set!(max_visits, |s, x| whole(
            s,
            loc,
            "max_visits",
            x,
            1,
            10_000,
            "max_visits"
        ));
        set!(min_gap_days, |s, x| whole(
            s,
            loc,
            "min_gap_days",
            x,
            1,
            MAX_HORIZON_DAYS,
            "min_gap_days"
        ));
        if let Some(w) = &o.weekdays {
            match weekday_mask(s, loc, "weekdays", w) {
                Some(m) => d.weekdays = m,
                None => ok = false,
            }
        }
        if let Some(w) = o.window {
            match time_window(s, loc, "window", w, "window") {
                Some(w) => d.window = w,
                None => ok = false,
            }
        }
        ok.then_some(d)
    }

    /// Inline sites then the rows of each site CSV, each with where it came from.
    fn site_specs(&mut self) -> Vec<(SiteSpec, Loc)> {
        let f = self.f;
        let mut out: Vec<(SiteSpec, Loc)> = f
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), Loc::Toml(format!("sites[{i}]"))))
            .collect();
        let before = self.sink.count();
        for (i, name) in f.scenario.site_files.iter().enumerate() {
            out.extend(sites::read_csv(self.path, name, i, &mut self.sink));
            if out.len() > MAX_SITES {
                break;
            }
        }
        let files_failed = self.sink.count() > before;
        if out.is_empty() && !files_failed && !self.sink.toml_reported("sites") {
            self.sink.toml(
                code::EMPTY,
                "sites",
                "no sites: there is nowhere to go",
                "add [[sites]] entries, or list site CSV files in scenario.site_files",
            );
        }
        if out.len() > MAX_SITES {
            self.sink.toml(
                code::TOO_LARGE,
                "scenario.site_files",
                format!("more than {MAX_SITES} sites"),
                "split the scenario into smaller areas",
            );
            out.truncate(MAX_SITES);
        }
        out
    }

    /// A site's `from` / `until` date → day index.
    fn site_date(
        &mut self,
        loc: &Loc,
        key: &str,
        text: &Option<String>,
        h: (NaiveDate, NaiveDate),
    ) -> Result<Option<usize>, ()> {
        let Some(text) = text else {
            return Ok(None);
        };
        let Some(date) = calendar::date(text) else {
            self.sink.at(
                loc,
                key,
                code::BAD_DATE,
                format!("`{text}` is not a date"),
                "write dates as YYYY-MM-DD, e.g. 2025-03-01",
            );
            return Err(());
        };
        if date < h.0 || date > h.1 {
            self.sink.at(
                loc,
                key,
                code::OUTSIDE_HORIZON,
                format!("{key} {date} is outside the horizon {} ..= {}", h.0, h.1),
                "check the year, or leave it empty to mean the whole horizon",
            );
            return Err(());
        }
        Ok(Some((date - h.0).num_days() as usize))
    }

    fn sites(
        &mut self,
        specs: &[(SiteSpec, Loc)],
        kinds: &HashMap<SiteKind, KindDefaults>,
        declared: Vec<District>,
        horizon: Option<(NaiveDate, NaiveDate)>,
        n_days: usize,
    ) -> (Vec<Option<SiteDraft>>, Vec<District>) {
        let auto = declared.is_empty() && self.f.districts.is_empty();
        let mut districts = declared;
        let mut district_index: HashMap<String, usize> = districts
            .iter()
            .enumerate()
            .map(|(i, d)| (d.id.clone(), i))
            .collect();
        let mut codes: HashMap<String, Loc> = HashMap::new();
        let mut out = Vec::with_capacity(specs.len());
        let kind_names = kinds::names();
        for (spec, loc) in specs {
            let s = &mut self.sink;
            let code_ = spec.code.trim();
            let mut ok = true;
            if code_.is_empty() {
                if !s.reported_at(loc, "code") {
                    s.at(
                        loc,
                        "code",
                        code::MISSING_FIELD,
                        "the site has no code",
                        "give every site a unique code (e.g. its Kemendagri code)",
                    );
                }
                ok = false;
            } else if let Some(first) = codes.get(code_) {
                s.at(
                    loc,
                    "code",
                    code::DUPLICATE_ID,
                    format!(
                        "site code `{code_}` ({}) is already used by {}",
                        spec.name,
                        first.describe()
                    ),
                    "give every site its own code",
                );
                ok = false;
            } else {
                codes.insert(code_.to_string(), loc.clone());
            }
            if spec.name.trim().is_empty() && !s.reported_at(loc, "name") {
                s.at(
                    loc,
                    "name",
                    code::MISSING_FIELD,
                    format!("site `{code_}` has no name"),
                    "add its name, as planners know it",
                );
                ok = false;
            }
            let kind = SiteKind::parse(spec.kind.trim().to_lowercase().as_str());
            if kind.is_none() && !s.reported_at(loc, "kind") {
                s.at(
                    loc,
                    "kind",
                    code::UNKNOWN_KIND,
                    format!(
                        "unknown site kind `{}` for `{code_}` ({})",
                        spec.kind, spec.name
                    ),
                    format!(
                        "{} (kinds: {})",
                        suggest(&spec.kind.to_lowercase(), &kind_names),
                        kind_names.join(", ")
                    ),
                );
            }
            let did = spec.district.trim();
            let district = if did.is_empty() {
                if !s.reported_at(loc, "district") {
                    s.at(
                        loc,
                        "district",
                        code::MISSING_FIELD,
                        format!("site `{code_}` has no district"),
                        "name its kecamatan",
                    );
                }
                None
            } else if let Some(&d) = district_index.get(did) {
                Some(d)
            } else if auto {
                districts.push(District {
                    id: did.to_string(),
                    name: did.to_string(),
                    floor_share: None,
                });
                district_index.insert(did.to_string(), districts.len() - 1);
                Some(districts.len() - 1)
            } else {
                let ids: Vec<&str> = districts.iter().map(|d| d.id.as_str()).collect();
                s.at(
                    loc,
                    "district",
                    code::UNKNOWN_REFERENCE,
                    format!("site `{code_}` ({}) names district `{did}`, which is not declared", spec.name),
                    format!("{} (districts are declared in [[districts]]; remove them all to take the sites' values as they are)", suggest(did, &ids)),
                );
                None
            };
            let (lat, lon) = self.coordinates(loc, spec.lat, spec.lon);
            let s = &mut self.sink;
            let eligible = number(
                s,
                loc,
                "eligible",
                spec.eligible,
                0.0,
                f64::INFINITY,
                "eligible",
            );
            let activated = number(
                s,
                loc,
                "activated",
                spec.activated,
                0.0,
                f64::INFINITY,
                "activated",
            );
            if let (Some(e), Some(a)) = (eligible, activated)
                && a > e
            {
                s.at(
                    loc,
                    "activated",
                    code::ACTIVATED_EXCEEDS,
                    format!(
                        "site `{code_}` ({}): {a} activated is more than its {e} eligible",
                        spec.name
                    ),
                    "activated cannot exceed eligible; check both figures",
                );
                ok = false;
            }
            let params = kind.and_then(|k| self.apply(kinds[&k], &Overrides::of_site(spec), loc));
            let (first, last) = match horizon {
                Some(h) => {
                    let a = self.site_date(loc, "from", &spec.from, h);
                    let b = self.site_date(loc, "until", &spec.until, h);
                    match (a, b) {
                        (Ok(a), Ok(b)) => {
                            let (a, b) = (a.unwrap_or(0), b.unwrap_or(n_days.saturating_sub(1)));
                            if b < a {
                                self.sink.at(
                                    loc,
                                    "until",
                                    code::BAD_RANGE,
                                    format!("site `{code_}` ({}) is available until before it is available from", spec.name),
                                    "swap from and until",
                                );
                                ok = false;
                            }
                            (a, b)
                        }
                        _ => {
                            ok = false;
                            (0, 0)
                        }
                    }
                }
                None => (0, 0),
            };
            let draft = match (ok, kind, district, eligible, activated, params) {
                (true, Some(kind), Some(district), Some(eligible), Some(activated), Some(p)) => {
                    Some(SiteDraft {
                        site: Site {
                            code: code_.to_string(),
                            name: spec.name.trim().to_string(),
                            kind,
                            district,
                            lat,
                            lon,
                            eligible,
                            pool: eligible - activated,
                            reach: p.reach,
                            fatigue: p.fatigue,
                            connectivity: p.connectivity,
                            minutes_per_activation: p.minutes_per_activation,
                            visit_minutes: p.visit_minutes,
                            max_visits: p.max_visits,
                            min_gap_days: p.min_gap_days,
                            weight: p.weight,
                            weekdays: p.weekdays,
                            window: p.window,
                            first_day: first,
                            last_day: last,
                        },
                        loc: loc.clone(),
                    })
                }
                _ => None,
            };
            out.push(draft);
        }
        (out, districts)
    }

    // ---- travel and feasibility --------------------------------------------------------

    fn travel(&mut self, bases: &[Base], specs: &[(SiteSpec, Loc)]) -> Option<Travel> {
        let t = &self.f.travel;
        let loc = self.t("travel");
        let s = &mut self.sink;
        let mut ok = true;
        if !travel::KINDS.contains(&t.kind.trim()) {
            s.at(
                &loc,
                "kind",
                code::UNKNOWN_TRAVEL,
                format!("unknown travel kind `{}`", t.kind),
                format!("{} (coordinates: great circle × detour ÷ speed; matrix: a CSV of minutes; graph: a road-network CSV)", suggest(t.kind.trim(), travel::KINDS)),
            );
            ok = false;
        }
        ok &= number(s, &loc, "speed_kmh", t.speed_kmh, 1.0, 200.0, "speed_kmh").is_some();
        ok &= number(s, &loc, "detour", t.detour, 1.0, 10.0, "detour").is_some();
        ok &= number(
            s,
            &loc,
            "leg_overhead_minutes",
            t.leg_overhead_minutes,
            0.0,
            600.0,
            "leg_overhead_minutes",
        )
        .is_some();
        if !ok || self.sink.toml_reported("travel") {
            return None;
        }
        // Matrix rows name places by id: base ids and site codes must not collide.
        if t.kind.trim() == "matrix" {
            for (spec, loc) in specs {
                if let Some(b) = bases.iter().position(|b| b.id == spec.code.trim()) {
                    self.sink.at(
                        loc,
                        "code",
                        code::DUPLICATE_ID,
                        format!("site code `{}` is also the id of bases[{b}]", spec.code.trim()),
                        "the travel matrix names places by id: make site codes and base ids distinct",
                    );
                    ok = false;
                }
            }
        }
        let mut places: Vec<travel::Place> = Vec::with_capacity(bases.len() + specs.len());
        for (i, (b, spec)) in bases.iter().zip(&self.f.bases).enumerate() {
            places.push(travel::Place {
                id: &b.id,
                name: &b.name,
                lat: b.lat,
                lon: b.lon,
                node: spec.node.as_deref(),
                loc: Loc::Toml(format!("bases[{i}]")),
            });
        }
        for (spec, loc) in specs {
            places.push(travel::Place {
                id: spec.code.trim(),
                name: &spec.name,
                lat: spec.lat,
                lon: spec.lon,
                node: spec.node.as_deref(),
                loc: loc.clone(),
            });
        }
        if !ok {
            return None;
        }
        let mut t = t.clone();
        t.kind = t.kind.trim().to_string();
        travel::build(&t, &places, self.path, &mut self.sink)
    }

    /// Every site must be reachable from some base, and the way back must exist.
    fn reachability(
        &mut self,
        travel: &Travel,
        bases: &[Base],
        teams: &[(Option<Team>, usize)],
        specs: &[(SiteSpec, Loc)],
    ) {
        let mut used: Vec<usize> = teams
            .iter()
            .filter_map(|(t, _)| t.as_ref().map(|t| t.base))
            .collect();
        used.sort_unstable();
        used.dedup();
        if used.is_empty() {
            used = (0..bases.len()).collect();
        }
        let nb = bases.len();
        let hint = match self.f.travel.kind.trim() {
            "matrix" => "add rows for this site to and from a base in the travel matrix",
            _ => "connect its node to the network (a road, river or ferry edge both ways)",
        };
        for (s, (spec, loc)) in specs.iter().enumerate() {
            let p = nb + s;
            let there = used
                .iter()
                .any(|&b| travel.minutes(b, p) != Travel::UNREACHABLE);
            let back = used
                .iter()
                .any(|&b| travel.minutes(p, b) != Travel::UNREACHABLE);
            let both = used.iter().any(|&b| {
                travel.minutes(b, p) != Travel::UNREACHABLE
                    && travel.minutes(p, b) != Travel::UNREACHABLE
            });
            if !both {
                let why = match (there, back) {
                    (false, _) => "no base can reach it",
                    (true, false) => "there is no way back from it to a base",
                    (true, true) => "no single base can both reach it and be reached back",
                };
                self.sink.at(
                    loc,
                    "",
                    code::UNREACHABLE,
                    format!(
                        "site `{}` ({}) is unreachable: {why}",
                        spec.code.trim(),
                        spec.name
                    ),
                    hint,
                );
            }
        }
    }

    /// Every site must fit some team's shift on some day: round trip from the team's base
    /// plus the visit, within the site's window.
    fn fit(
        &mut self,
        travel: &Travel,
        days: &[Day],
        teams: &[(Option<Team>, usize)],
        sites: &[Option<SiteDraft>],
        nb: usize,
    ) {
        // open[w][d]: working days (not closed) with weekday w among the first d days.
        let mut open = vec![vec![0u32; days.len() + 1]; 7];
        for (d, day) in days.iter().enumerate() {
            for (w, row) in open.iter_mut().enumerate() {
                row[d + 1] = row[d] + u32::from(!day.closed() && day.weekday == w);
            }
        }
        let teams: Vec<&Team> = teams.iter().filter_map(|(t, _)| t.as_ref()).collect();
        if teams.is_empty() {
            return;
        }
        for (s, draft) in sites.iter().enumerate() {
            let Some(SiteDraft { site, loc }) = draft else {
                continue;
            };
            let p = nb + s;
            if self.sink.reported_at(loc, "") {
                continue;
            }
            let (a, b) = (
                site.first_day.min(days.len() - 1),
                site.last_day.min(days.len() - 1),
            );
            let avail: Vec<bool> = (0..7)
                .map(|w| site.weekdays[w] && open[w][b + 1] > open[w][a])
                .collect();
            if !avail.iter().any(|&x| x) {
                let names: Vec<&str> = (0..7)
                    .filter(|&w| site.weekdays[w])
                    .map(|w| calendar::WEEKDAYS[w])
                    .collect();
                self.sink.at(
                    loc,
                    "",
                    code::NEVER_AVAILABLE,
                    format!(
                        "site `{}` ({}) is never available: no working day from {} to {} falls on its weekdays ({})",
                        site.code, site.name, days[a].date, days[b].date, names.join("|")
                    ),
                    "check its weekdays and from/until dates against holidays and blackout dates",
                );
                continue;
            }
            let mut on_days = false;
            let mut best: Option<(u64, String, &str)> = None;
            let mut fits = false;
            for t in &teams {
                if !(0..7).any(|w| avail[w] && t.weekdays[w]) {
                    continue;
                }
                on_days = true;
                let go = u64::from(travel.minutes(t.base, p));
                let back = u64::from(travel.minutes(p, t.base));
                let w = site.window;
                let arrive = u64::from(t.shift.open) + go;
                let start = arrive.max(u64::from(w.open));
                let end = start + u64::from(site.visit_minutes);
                if end <= u64::from(w.close) && end + back <= u64::from(t.shift.close) {
                    fits = true;
                    break;
                }
                // Explain the team that misses by the least.
                let late_close = end.saturating_sub(u64::from(w.close));
                let late_back = (end + back).saturating_sub(u64::from(t.shift.close));
                let miss = late_close.max(late_back);
                if best.as_ref().is_none_or(|(m, _, _)| miss < *m) {
                    let clock = |m: u64| hhmm(m.min(99 * 60) as u32);
                    let why = if late_close > 0 {
                        format!(
                            "the visit would end at {} but the site closes at {}",
                            clock(end),
                            hhmm(w.close)
                        )
                    } else {
                        format!(
                            "the visit ends at {}, and with {back} min back the team would return at {}, after its shift ends at {}",
                            clock(end),
                            clock(end + back),
                            hhmm(t.shift.close)
                        )
                    };
                    let hint = if late_close > 0 {
                        "shorten visit_minutes, widen the site's window, or start a team's shift earlier"
                    } else {
                        "shorten visit_minutes, lengthen a team's shift, or station a team at a base nearer to it"
                    };
                    best = Some((
                        miss,
                        format!(
                            "team {} (shift {}-{}) arrives at {} ({go} min from base) for a {}-minute visit in the window {}-{}; {why}",
                            t.id,
                            hhmm(t.shift.open),
                            hhmm(t.shift.close),
                            clock(arrive),
                            site.visit_minutes,
                            hhmm(w.open),
                            hhmm(w.close),
                        ),
                        hint,
                    ));
                }
            }
            if fits {
                continue;
            }
            if !on_days {
                let names: Vec<&str> = (0..7)
                    .filter(|&w| avail[w])
                    .map(|w| calendar::WEEKDAYS[w])
                    .collect();
                self.sink.at(
                    loc,
                    "",
                    code::CANNOT_FIT,
                    format!(
                        "no team works on the days site `{}` ({}) is open ({})",
                        site.code,
                        site.name,
                        names.join("|")
                    ),
                    format!(
                        "give a team weekend_duty = [\"{}\"], or change the site's weekdays",
                        names[0]
                    ),
                );
            } else {
                self.sink.at(
                    loc,
                    "",
                    code::CANNOT_FIT,
                    format!(
                        "a visit to site `{}` ({}) cannot fit any team's shift: {}",
                        site.code,
                        site.name,
                        best.as_ref().map(|b| b.1.as_str()).unwrap_or_default()
                    ),
                    best.as_ref().map_or("", |b| b.2),
                );
            }
        }
    }
}

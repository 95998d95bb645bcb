//! Scenario file → validated, immutable [`Problem`].
//!
//! This is the one place where the loose file format (TOML + CSV, strings everywhere) meets
//! the model. Every check runs and every problem is collected before giving up, so a planner
//! sees the whole list at once — each with a stable code, the file, the line, the field and
//! a hint — instead of fixing one typo per run. Nothing here panics on user input.
//!
//! Steps: read the TOML (`read`) and site CSVs (`site_csv`) into [`ScenarioFile`] form;
//! check and resolve the horizon, calendar, target, districts, bases, teams, per-kind
//! defaults ([`kinds`]) and sites; build travel ([`travel`]); then check that every site can
//! be reached and visited by some team within its shift.

pub mod calendar;
pub mod diagnostics;
mod feasibility;
pub mod kinds;
mod read;
mod site_csv;
mod sites;
mod table;
pub mod travel;
mod values;

pub use calendar::builtin_holidays;
pub use diagnostics::{Diagnostic, Diagnostics, code};

use crate::problem::*;
use crate::scenario::*;
use chrono::{Datelike, Days, NaiveDate};
use diagnostics::{Loc, Sink, suggest};
use std::collections::HashMap;
use std::path::Path;
use values::{number, share, time_window, weekday_mask, whole};

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
/// diagnostics name it — with line numbers only when the file at `path` holds this very
/// scenario.
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

/// The checks, with the diagnostics collected in `sink`.
struct Checker<'f> {
    f: &'f ScenarioFile,
    path: &'f Path,
    sink: Sink,
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
        _ => {
            if !c.sink.has_errors() {
                // Every path that gives up reports why; this keeps an error list non-empty.
                c.sink.toml(
                    code::MISSING_FIELD,
                    "",
                    "the scenario could not be built",
                    "please report this scenario to the jemput maintainers",
                );
            }
            Err(c.sink.finish())
        }
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
            if horizon.is_some() && !days.is_empty() {
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
}

//! Scenario file → validated, immutable [`Problem`].
//!
//! This is the one place where the loose file format (TOML + CSV, strings everywhere) meets
//! the model. Every check runs and every problem is collected before giving up, so a planner
//! sees the whole list at once — each with a stable code, the file, the line, the field and
//! a hint — instead of fixing one typo per run. Nothing here panics on user input.
//!
//! This folder is the wall between a planner's files and the solver: every reader of a
//! user's file lives here and reports through the one [`Diagnostic`] type; nothing past
//! it sees a string or a serde type.
//!
//! Steps: read the TOML (`read`, into the serde types of [`file`]) and site CSVs
//! (`site_csv`, `table`); check and resolve the horizon and calendar (`horizon`,
//! [`calendar`]), the target, districts, bases and teams (`teams`), per-kind defaults
//! ([`kinds`]) and sites (`sites`); build travel ([`travel`]); then check that every site
//! can be reached and visited by some team within its shift (`feasibility`).

pub mod actuals;
pub mod calendar;
pub mod diagnostics;
mod feasibility;
pub mod file;
mod horizon;
pub mod kinds;
pub mod plan_csv;
mod read;
mod site_csv;
mod sites;
mod table;
mod teams;
pub mod travel;
mod values;
pub mod villages;

pub use calendar::builtin_holidays;
pub use diagnostics::{Diagnostic, Diagnostics, code};
pub use plan_csv::{parse_plan_csv, parse_time, read_plan_csv};

use crate::problem::*;
use crate::scenario::file::*;
use diagnostics::{Loc, Sink};
use std::path::Path;
use values::weekday_mask;

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
        let kits = self.kits();
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
        let parts = ProblemParts {
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
            kits: kits?,
        };
        match Problem::new(parts) {
            Ok(p) => Some(p),
            Err(e) => {
                // The checks above should have caught every way a scenario can be wrong.
                self.sink.toml(
                    code::MISSING_FIELD,
                    "",
                    format!("the scenario passed its checks but is not a valid problem ({e})"),
                    "please report this scenario to the jemput maintainers",
                );
                None
            }
        }
    }
}

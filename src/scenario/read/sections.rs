//! The sections of a scenario file and their known keys, read field by field.

use super::convert::*;
use super::{Entry, Reader};
use crate::scenario::diagnostics::{closest, code};
use crate::scenario::file::*;
use std::collections::BTreeMap;
use toml::de::{DeTable, DeValue};

const TOP: &[&str] = &[
    "scenario",
    "target",
    "calendar",
    "districts",
    "bases",
    "teams",
    "kinds",
    "travel",
    "kits",
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
    "min_stay_minutes",
    "max_stay_minutes",
    "turnout_minutes",
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
    "min_stay_minutes",
    "max_stay_minutes",
    "turnout_minutes",
    "fatigue",
    "max_visits",
    "min_gap_days",
    "weight",
    "weekdays",
    "window",
    "from",
    "until",
];
const KITS: &[&str] = &["count", "connectivity"];
const TRAVEL: &[&str] = &[
    "kind",
    "speed_kmh",
    "detour",
    "matrix",
    "edges",
    "leg_overhead_minutes",
];

impl Reader<'_, '_> {
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
            "kits" => KITS,
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

    pub(super) fn file(&mut self, doc: &DeTable) -> ScenarioFile {
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
        let kits = root.table.get("kits").map(|_| {
            self.section(&root, "kits", false, |r, e| KitsSpec {
                count: r.req(e, "count", to_i64, "count = 1"),
                connectivity: r
                    .opt(e, "connectivity", to_f64)
                    .unwrap_or_else(default_kit_connectivity),
            })
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
                min_stay_minutes: r.opt(e, "min_stay_minutes", to_i64),
                max_stay_minutes: r.opt(e, "max_stay_minutes", to_i64),
                turnout_minutes: r.opt(e, "turnout_minutes", to_f64),
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
            kits,
            sites,
        }
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
                min_stay_minutes: r.opt(e, "min_stay_minutes", to_i64),
                max_stay_minutes: r.opt(e, "max_stay_minutes", to_i64),
                turnout_minutes: r.opt(e, "turnout_minutes", to_f64),
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

//! Checks of the target, districts, bases and teams.

use super::diagnostics::{Loc, code, suggest};
use super::values::{number, share, time_window, weekday_mask, whole};
use super::{Checker, MAX_TEAMS};
use crate::problem::*;
use std::collections::HashMap;

impl Checker<'_> {
    pub(super) fn target(&mut self) -> Option<Target> {
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

    /// The `[kits]` section: how many kits and the connectivity they give.
    pub(super) fn kits(&mut self) -> Option<Kits> {
        let Some(k) = &self.f.kits else {
            return Some(Kits::default());
        };
        if self.sink.toml_reported("kits") {
            return None;
        }
        let loc = self.t("kits");
        let s = &mut self.sink;
        let count = whole(s, &loc, "count", k.count, 0, 1000, "the number of kits");
        let connectivity = share(
            s,
            &loc,
            "connectivity",
            k.connectivity,
            "the connectivity a kit gives",
        );
        Some(Kits {
            count: count?,
            connectivity: connectivity?,
        })
    }

    /// Declared districts (empty: made from the sites' district values).
    pub(super) fn districts(&mut self) -> Vec<District> {
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

    pub(super) fn bases(&mut self) -> Vec<Base> {
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

    pub(super) fn coordinates(
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
    pub(super) fn teams(
        &mut self,
        bases: &[Base],
        office: &[bool; 7],
    ) -> Vec<(Option<Team>, usize)> {
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

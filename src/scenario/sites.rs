//! Per-kind defaults with their overrides, and the sites (inline and from CSV) resolved
//! into [`Site`]s: codes, kinds, districts, figures, availability.

use super::diagnostics::{Loc, code, suggest};
use super::kinds::{self, KindDefaults};
use super::values::{number, share, time_window, weekday_mask, whole};
use super::{Checker, MAX_HORIZON_DAYS, MAX_SITES, SiteDraft, calendar, site_csv};
use crate::problem::*;
use crate::scenario::file::*;
use chrono::NaiveDate;
use std::collections::HashMap;

/// Per-site (and per-kind) parameters that override the kind defaults.
pub(super) struct Overrides<'a> {
    reach: Option<f64>,
    minutes_per_activation: Option<f64>,
    visit_minutes: Option<i64>,
    min_stay_minutes: Option<i64>,
    max_stay_minutes: Option<i64>,
    turnout_minutes: Option<f64>,
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
            min_stay_minutes: k.min_stay_minutes,
            max_stay_minutes: k.max_stay_minutes,
            turnout_minutes: k.turnout_minutes,
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
            min_stay_minutes: s.min_stay_minutes,
            max_stay_minutes: s.max_stay_minutes,
            turnout_minutes: s.turnout_minutes,
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

impl Checker<'_> {
    pub(super) fn kinds(&mut self) -> HashMap<SiteKind, KindDefaults> {
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
        // `visit_minutes` fixes the stay: shortest and longest at once.
        if let Some(x) = o.visit_minutes {
            match whole(s, loc, "visit_minutes", x, 1, 1440, "visit_minutes") {
                Some(v) => (d.min_stay, d.max_stay) = (v, v),
                None => ok = false,
            }
        }
        if let Some(x) = o.min_stay_minutes {
            match whole(s, loc, "min_stay_minutes", x, 1, 1440, "min_stay_minutes") {
                Some(v) => d.min_stay = v,
                None => ok = false,
            }
        }
        if let Some(x) = o.max_stay_minutes {
            match whole(s, loc, "max_stay_minutes", x, 1, 1440, "max_stay_minutes") {
                Some(v) => d.max_stay = v,
                None => ok = false,
            }
        }
        set!(turnout_minutes, |s, x| number(
            s,
            loc,
            "turnout_minutes",
            x,
            0.0,
            1440.0,
            "turnout_minutes"
        ));
        if ok && d.min_stay > d.max_stay {
            let key = if o.max_stay_minutes.is_some() {
                "max_stay_minutes"
            } else {
                "min_stay_minutes"
            };
            s.at(
                loc,
                key,
                code::BAD_NUMBER,
                format!(
                    "the shortest stay ({} min) is longer than the longest ({} min)",
                    d.min_stay, d.max_stay
                ),
                "make min_stay_minutes at most max_stay_minutes",
            );
            ok = false;
        }
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
    pub(super) fn site_specs(&mut self) -> Vec<(SiteSpec, Loc)> {
        let f = self.f;
        let mut out: Vec<(SiteSpec, Loc)> = f
            .sites
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), Loc::Toml(format!("sites[{i}]"))))
            .collect();
        let before = self.sink.count();
        for (i, name) in f.scenario.site_files.iter().enumerate() {
            out.extend(site_csv::read_csv(self.path, name, i, &mut self.sink));
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

    pub(super) fn sites(
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
                            min_stay: p.min_stay,
                            max_stay: p.max_stay,
                            turnout_minutes: p.turnout_minutes,
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
}

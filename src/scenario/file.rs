//! The scenario file format (TOML + optional site CSV files), as serde types.
//!
//! These types mirror the file one to one and are deliberately loose: times, weekdays and
//! kinds stay strings here so that the checks in [`crate::scenario`] can check every field and report every problem
//! at once with its line and a hint. They are mapped once into [`crate::problem::Problem`];
//! solver code never sees them. The format is documented in `docs/scenario.md`.

use chrono::NaiveDate;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

/// A calendar date written either as a TOML date (`2024-01-02`) or a string (`"2024-01-02"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateValue(pub NaiveDate);

impl<'de> Deserialize<'de> for DateValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = DateValue;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a date like 2024-01-02")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<DateValue, E> {
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map(DateValue)
                    .map_err(|_| E::custom(format!("`{s}` is not a date like 2024-01-02")))
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<DateValue, A::Error> {
                // The toml crate hands native dates over as a one-entry map.
                let mut found = None;
                while let Some(key) = map.next_key::<String>()? {
                    let value: toml::value::Datetime = if key == "$__toml_private_datetime" {
                        let s: String = map.next_value()?;
                        s.parse().map_err(serde::de::Error::custom)?
                    } else {
                        return Err(serde::de::Error::custom("expected a date like 2024-01-02"));
                    };
                    found = Some(value);
                }
                let dt = found.ok_or_else(|| serde::de::Error::custom("expected a date"))?;
                match (dt.date, dt.time) {
                    (Some(d), None) => {
                        NaiveDate::from_ymd_opt(d.year as i32, d.month as u32, d.day as u32)
                            .map(DateValue)
                            .ok_or_else(|| serde::de::Error::custom("not a valid calendar date"))
                    }
                    _ => Err(serde::de::Error::custom(
                        "expected a plain date like 2024-01-02 (no time of day)",
                    )),
                }
            }
        }
        d.deserialize_any(V)
    }
}

impl Serialize for DateValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        // A native TOML date when writing TOML.
        let dt: toml::value::Datetime = self
            .0
            .format("%Y-%m-%d")
            .to_string()
            .parse()
            .map_err(serde::ser::Error::custom)?;
        dt.serialize(s)
    }
}

/// The whole scenario file.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct ScenarioFile {
    pub scenario: Header,
    pub target: TargetSpec,
    #[serde(default)]
    pub calendar: CalendarSpec,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub districts: Vec<DistrictSpec>,
    #[serde(default)]
    pub bases: Vec<BaseSpec>,
    #[serde(default)]
    pub teams: Vec<TeamSpec>,
    /// Per-kind overrides of the built-in defaults, keyed by kind name (`village`, ...).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kinds: BTreeMap<String, KindSpec>,
    #[serde(default)]
    pub travel: TravelSpec,
    /// Connectivity kits the teams can carry (none when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kits: Option<KitsSpec>,
    /// Sites written inline (in addition to `scenario.site_files`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<SiteSpec>,
}

/// `[scenario]`
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct Header {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    pub start: DateValue,
    /// Default: 31 December of the start year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<DateValue>,
    #[serde(default)]
    pub seed: u64,
    /// Site CSV files, relative to the scenario file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub site_files: Vec<String>,
    /// Where the figures come from (free text, shown in reports).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
}

impl Default for DateValue {
    fn default() -> Self {
        DateValue(NaiveDate::from_ymd_opt(2024, 1, 1).unwrap())
    }
}

/// `[target]`
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct TargetSpec {
    /// Residents with a recorded e-KTP.
    pub eligible: f64,
    /// Already activated at `start`.
    #[serde(default)]
    pub activated: f64,
    /// Target activated share at `end`, 0..1.
    pub share: f64,
    /// Walk-in activations at the office per office working day.
    #[serde(default)]
    pub organic_per_day: f64,
}

/// `[calendar]`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct CalendarSpec {
    /// Office working weekdays (`mon` .. `sun`). Default Monday to Friday.
    #[serde(default = "default_weekdays")]
    pub weekdays: Vec<String>,
    /// Built-in holiday calendar: `"id"` (Indonesian national holidays and cuti bersama
    /// 2024–2026) or `"none"`.
    #[serde(default = "default_holidays")]
    pub holidays: String,
    /// Further holidays (regional days such as Nyepi-eve in Bali, anniversaries).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extra_holidays: Vec<HolidaySpec>,
    /// Dates with no field work at all (office events, elections duty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub blackout: Vec<DateValue>,
    /// Periods with shorter shifts (e.g. Ramadan).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reduced_hours: Vec<ReducedHoursSpec>,
}

impl Default for CalendarSpec {
    fn default() -> Self {
        CalendarSpec {
            weekdays: default_weekdays(),
            holidays: default_holidays(),
            extra_holidays: Vec::new(),
            blackout: Vec::new(),
            reduced_hours: Vec::new(),
        }
    }
}

fn default_weekdays() -> Vec<String> {
    ["mon", "tue", "wed", "thu", "fri"]
        .map(String::from)
        .to_vec()
}

fn default_holidays() -> String {
    "id".into()
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct HolidaySpec {
    pub date: DateValue,
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct ReducedHoursSpec {
    pub from: DateValue,
    pub until: DateValue,
    /// Minutes by which every shift ends earlier in the period.
    pub minutes_shorter: i64,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// `[[districts]]`
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct DistrictSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    /// Equity floor: minimum share of the district's pool to activate, 0..1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor_share: Option<f64>,
}

/// `[[bases]]`
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct BaseSpec {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// Road-graph node id (graph travel).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
}

/// `[[teams]]`
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct TeamSpec {
    pub id: String,
    pub base: String,
    pub staff: i64,
    /// Shift as `"07:30-15:30"`.
    pub shift: String,
    /// Working weekdays; default: the calendar's weekdays.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<Vec<String>>,
    /// Extra weekend days worked (e.g. `["sat"]` for car-free-day duty).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub weekend_duty: Vec<String>,
    /// Number of identical teams declared by this entry (ids get `-1`, `-2`, ... appended).
    #[serde(default = "one")]
    pub count: i64,
    #[serde(default)]
    pub cost_per_km: f64,
    #[serde(default)]
    pub cost_per_day: f64,
}

fn one() -> i64 {
    1
}

/// `[kinds.<kind>]`: overrides of the per-kind defaults. Every field optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct KindSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_per_activation: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_stay_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_stay_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnout_minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatigue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_visits: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gap_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connectivity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<Vec<String>>,
    /// Opening hours as `"07:30-13:00"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
}

/// `[[sites]]` inline, or one row of a site CSV (same field names as CSV columns).
/// Optional fields fall back to the kind's defaults.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
pub struct SiteSpec {
    pub code: String,
    pub name: String,
    pub kind: String,
    pub district: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node: Option<String>,
    pub eligible: f64,
    #[serde(default)]
    pub activated: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub connectivity: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_per_activation: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_stay_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_stay_minutes: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turnout_minutes: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatigue: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_visits: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_gap_days: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weight: Option<f64>,
    /// Weekdays the site can be visited; in CSV written as `sat` or `mon|tue|wed`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekdays: Option<String>,
    /// Opening hours as `"06:00-10:00"`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub window: Option<String>,
    /// First date it can be visited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last date it can be visited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// `[kits]`: satellite terminals (Starlink, VSAT) a team can carry to no-signal villages.
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct KitsSpec {
    /// How many the office has.
    pub count: i64,
    /// Connectivity a visit with a kit works at, 0..1.
    #[serde(default = "default_kit_connectivity")]
    pub connectivity: f64,
}

impl Default for KitsSpec {
    fn default() -> Self {
        KitsSpec {
            count: 0,
            connectivity: default_kit_connectivity(),
        }
    }
}

/// A satellite terminal works about as well as a fair mobile signal (docs/model.md).
pub fn default_kit_connectivity() -> f64 {
    0.9
}

/// `[travel]`
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
pub struct TravelSpec {
    /// `"coordinates"` (default), `"matrix"` or `"graph"`.
    #[serde(default = "default_travel_kind")]
    pub kind: String,
    /// Average road speed for coordinates travel, km/h.
    #[serde(default = "default_speed")]
    pub speed_kmh: f64,
    /// Road distance over great-circle distance, for coordinates travel.
    #[serde(default = "default_detour")]
    pub detour: f64,
    /// Matrix CSV (`from,to,minutes,km`) with place ids (base ids and site codes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matrix: Option<String>,
    /// Road-graph edges CSV (`from,to,minutes,km,mode,oneway`) between node ids.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edges: Option<String>,
    /// Minutes added to every leg (parking, finding the venue).
    #[serde(default)]
    pub leg_overhead_minutes: f64,
}

impl Default for TravelSpec {
    fn default() -> Self {
        TravelSpec {
            kind: default_travel_kind(),
            speed_kmh: default_speed(),
            detour: default_detour(),
            matrix: None,
            edges: None,
            leg_overhead_minutes: 0.0,
        }
    }
}

fn default_travel_kind() -> String {
    "coordinates".into()
}
fn default_speed() -> f64 {
    40.0
}
fn default_detour() -> f64 {
    1.3
}

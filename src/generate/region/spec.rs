//! What a region scenario is made from besides the villages ([`RegionSpec`]), and where its
//! bases go.

use crate::generate::GenerateError;
use crate::problem::SiteKind;
use crate::scenario::villages::Village;
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// Where the bases are.
#[derive(Debug, Clone, PartialEq)]
pub enum BasePlacement {
    /// One base at these coordinates.
    At { lat: f64, lon: f64, name: String },
    /// Bases at the centres of these villages: the first is the Disdukcapil office, the
    /// others kecamatan offices.
    Villages(Vec<String>),
    /// One base per kab/kota, at its village with the largest weight.
    PerGroup,
}

/// Placeholder sites added in every district (kecamatan).
#[derive(Debug, Clone, PartialEq)]
pub struct PerDistrict {
    pub kind: SiteKind,
    pub count: u32,
    /// e-KTP holders reachable at each (pupils aged 17+ and teachers, staff, ...).
    pub eligible: u64,
}

/// What to do with villages no team can visit within one shift.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeyondReach {
    /// Stop and name them.
    Error,
    /// Leave them out (listed in the header); their people stay in the target.
    Drop,
}

/// Everything [`super::region`] needs besides the villages.
#[derive(Debug, Clone, PartialEq)]
pub struct RegionSpec {
    pub name: String,
    pub description: Option<String>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub seed: u64,
    /// Recorded e-KTP in the area (the target's denominator).
    pub eligible: u64,
    /// Already activated at `start`.
    pub activated: u64,
    pub target_share: f64,
    /// Walk-in activations at the office per working day.
    pub organic_per_day: f64,
    /// `"id"` or `"none"`.
    pub holidays: String,
    /// Further days off (kept when inside the horizon).
    pub extra_holidays: Vec<(NaiveDate, String)>,
    pub bases: BasePlacement,
    /// Teams at each base, in base order; one number applies to every base.
    pub teams_per_base: Vec<u32>,
    pub staff: u32,
    /// `"08:00-15:00"`.
    pub shift: String,
    /// Visit length of villages, when not the kind's default.
    pub village_visit_minutes: Option<u32>,
    /// Most visits per village over the horizon, when not the kind's default (4).
    pub village_max_visits: Option<u32>,
    /// Fewest days between two visits to a village, when not the kind's default (30).
    pub village_min_gap_days: Option<u32>,
    pub per_district: Vec<PerDistrict>,
    /// A Saturday car-free day at the first base, with this many e-KTP holders passing by
    /// over the year; the first team of the first base works Saturdays.
    pub car_free_day: Option<u64>,
    pub event_visit_minutes: u32,
    pub speed_kmh: f64,
    pub detour: f64,
    pub leg_overhead_minutes: f64,
    /// Villages at least this far (straight line) from every base get connectivity 0.5.
    pub weak_signal_km: Option<f64>,
    /// Villages at least this far from every base get connectivity 0 (no signal).
    pub no_signal_km: Option<f64>,
    /// Connectivity kits the office has and the connectivity they give (`[kits]`).
    pub kits: u32,
    pub kit_connectivity: f64,
    pub beyond_reach: BeyondReach,
    /// Shown in reports (`scenario.sources`).
    pub sources: Vec<String>,
    /// Header comment lines (facts and assumptions).
    pub notes: Vec<String>,
    /// The command that made the file, recorded in its header.
    pub command: Option<String>,
}

impl Default for RegionSpec {
    fn default() -> Self {
        RegionSpec {
            name: String::new(),
            description: None,
            start: NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date"),
            end: None,
            seed: 0,
            eligible: 0,
            activated: 0,
            target_share: 0.3,
            organic_per_day: 0.0,
            holidays: "id".into(),
            extra_holidays: Vec::new(),
            bases: BasePlacement::PerGroup,
            teams_per_base: vec![2],
            staff: 3,
            shift: "08:00-15:00".into(),
            village_visit_minutes: None,
            village_max_visits: None,
            village_min_gap_days: None,
            per_district: Vec::new(),
            car_free_day: None,
            event_visit_minutes: 90,
            speed_kmh: 40.0,
            detour: 1.3,
            leg_overhead_minutes: 10.0,
            weak_signal_km: None,
            no_signal_km: None,
            kits: 0,
            kit_connectivity: crate::scenario::file::default_kit_connectivity(),
            beyond_reach: BeyondReach::Error,
            sources: Vec::new(),
            notes: Vec::new(),
            command: None,
        }
    }
}

/// A base as placed.
pub(super) struct PlacedBase {
    pub(super) id: String,
    pub(super) name: String,
    pub(super) lat: f64,
    pub(super) lon: f64,
    /// The district of the village it stands in (for the car-free day).
    pub(super) district: Option<String>,
}

pub(super) fn place_bases(
    spec: &RegionSpec,
    villages: &[Village],
) -> Result<Vec<PlacedBase>, GenerateError> {
    match &spec.bases {
        BasePlacement::At { lat, lon, name } => Ok(vec![PlacedBase {
            id: "dukcapil".into(),
            name: if name.is_empty() {
                "Kantor Disdukcapil".into()
            } else {
                name.clone()
            },
            lat: *lat,
            lon: *lon,
            district: None,
        }]),
        BasePlacement::Villages(codes) => codes
            .iter()
            .enumerate()
            .map(|(i, code)| {
                let v = villages.iter().find(|v| &v.code == code).ok_or_else(|| {
                    GenerateError::flag(
                        "--base-village",
                        format!("no village has code `{code}`"),
                        "use a code from the village file's code column",
                    )
                })?;
                let (id, name) = if i == 0 {
                    (
                        "dukcapil".to_string(),
                        format!("Kantor Disdukcapil (at {})", v.name),
                    )
                } else {
                    (
                        format!("kec-{}", v.district_name.to_lowercase().replace(' ', "-")),
                        format!("Kantor Kecamatan {} (at {})", v.district_name, v.name),
                    )
                };
                Ok(PlacedBase {
                    id,
                    name,
                    lat: v.lat,
                    lon: v.lon,
                    district: Some(v.district.clone()),
                })
            })
            .collect(),
        BasePlacement::PerGroup => {
            // Groups in order of first appearance; the heaviest village of each (first on ties).
            let mut order: Vec<&str> = Vec::new();
            let mut best: BTreeMap<&str, &Village> = BTreeMap::new();
            for v in villages {
                let g = v.group.as_str();
                match best.get(g) {
                    None => {
                        order.push(g);
                        best.insert(g, v);
                    }
                    Some(b) if v.weight > b.weight => {
                        best.insert(g, v);
                    }
                    Some(_) => {}
                }
            }
            let single = order.len() == 1;
            Ok(order
                .iter()
                .map(|g| {
                    let v = best[g];
                    let label = if v.group_name.is_empty() {
                        String::new()
                    } else {
                        format!(" {}", v.group_name)
                    };
                    PlacedBase {
                        id: if single {
                            "dukcapil".into()
                        } else {
                            format!("dukcapil-{g}")
                        },
                        name: format!("Disdukcapil{label} (at {})", v.name),
                        lat: v.lat,
                        lon: v.lon,
                        district: Some(v.district.clone()),
                    }
                })
                .collect())
        }
    }
}

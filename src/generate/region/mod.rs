//! A scenario from a real village list and a district's published totals.
//!
//! Nobody publishes e-KTP counts per village, but the district totals (recorded e-KTP,
//! activated IKD) are public, and so is a population proxy per village (2024 polling
//! stations). The totals are spread over the villages in proportion to the proxy, so the
//! village pools add up exactly to the published figures. Schools, offices and the like are
//! placeholders per kecamatan (a planner replaces them with the real list); their pupils and
//! staff live in the villages too, so they are not taken out of the village pools.
//!
//! Bases: one at given coordinates, at a named village, or one per kab/kota at its village
//! with the most polling stations (usually the capital, where the Disdukcapil office is).
//! Villages farther than a day's trip from every base either stop the generator (the
//! default, naming them) or are left out and listed in the header. Villages far from every
//! base can be given a weak or no signal (`connectivity`), the usual picture in the
//! interior.

mod spec;

use spec::place_bases;
pub use spec::{BasePlacement, BeyondReach, PerDistrict, RegionSpec};

use super::{GenerateError, Generated, round6, spread};
use crate::problem::{SiteKind, leg_minutes};
use crate::scenario::calendar;
use crate::scenario::file::*;
use crate::scenario::kinds;
use crate::scenario::travel::haversine_km;
use crate::scenario::villages::Village;
use crate::scenario::{Diagnostic, code};
use crate::schedule;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// One-way minutes from a base `km` away (great circle), as the loader computes them for
/// coordinates travel.
fn minutes(spec: &RegionSpec, km: f64) -> u32 {
    leg_minutes(km * spec.detour, spec.speed_kmh, spec.leg_overhead_minutes)
}

fn village_name(v: &Village) -> String {
    match v.kind.as_str() {
        "desa" => format!("Desa {}", v.name),
        "kelurahan" => format!("Kelurahan {}", v.name),
        _ => v.name.clone(),
    }
}

/// Builds the scenario. `villages` come from [`crate::scenario::villages::read_villages`].
pub fn region(spec: &RegionSpec, villages: &[Village]) -> Result<Generated, GenerateError> {
    if spec.eligible == 0 {
        return Err(GenerateError::flag(
            "--eligible",
            "eligible must be more than 0",
            "give the district's recorded e-KTP count, e.g. --eligible 628072",
        ));
    }
    if spec.activated > spec.eligible {
        return Err(GenerateError::flag(
            "--activated",
            format!(
                "{} activated is more than the {} eligible",
                spec.activated, spec.eligible
            ),
            "activated counts residents with an activated IKD among the eligible",
        ));
    }
    if !(spec.speed_kmh > 0.0 && spec.detour >= 1.0) {
        return Err(GenerateError::flag(
            "--speed-kmh",
            "speed must be above 0 and detour at least 1",
            "e.g. --speed-kmh 40 --detour 1.3",
        ));
    }
    let shift = calendar::window(&spec.shift).map_err(|_| {
        GenerateError::flag(
            "--shift",
            format!("`{}` is not a shift like 08:00-15:00", spec.shift),
            "write the shift as HH:MM-HH:MM on a 24-hour clock",
        )
    })?;
    let bases = place_bases(spec, villages)?;
    let team_counts: Vec<u32> = match spec.teams_per_base[..] {
        [n] => vec![n; bases.len()],
        _ if spec.teams_per_base.len() == bases.len() => spec.teams_per_base.clone(),
        _ => {
            return Err(GenerateError::flag(
                "--teams",
                format!(
                    "{} team counts given for {} bases",
                    spec.teams_per_base.len(),
                    bases.len()
                ),
                "give one number for every base, or a list with one number per base in order",
            ));
        }
    };
    if team_counts.iter().sum::<u32>() == 0 {
        return Err(GenerateError::flag(
            "--teams",
            "no teams",
            "give at least one team, e.g. --teams 2",
        ));
    }
    let vdef = kinds::defaults(SiteKind::Village);
    // A village is within a day trip when its shortest stay fits.
    let visit = spec.village_visit_minutes.unwrap_or(vdef.min_stay);

    // Nearest base of each village, and whether a day trip reaches it.
    let mut kept: Vec<(&Village, f64)> = Vec::new();
    let mut beyond: Vec<(&Village, f64)> = Vec::new();
    for v in villages {
        let km = bases
            .iter()
            .map(|b| haversine_km(b.lat, b.lon, v.lat, v.lon))
            .fold(f64::INFINITY, f64::min);
        let one_way = minutes(spec, km);
        if schedule::one_stop_fits(shift, one_way, vdef.window, visit, one_way) {
            kept.push((v, km));
        } else {
            beyond.push((v, km));
        }
    }
    if !beyond.is_empty() && spec.beyond_reach == BeyondReach::Error {
        let problems = beyond
            .iter()
            .map(|(v, km)| Diagnostic {
                code: code::CANNOT_FIT,
                // The command line names the village file.
                file: PathBuf::new(),
                line: Some(v.line),
                field: "lat/lon".into(),
                message: format!(
                    "village `{}` ({}) is {km:.0} km from the nearest base: a {visit}-minute visit does not fit the {} shift",
                    v.code, v.name, spec.shift
                ),
                hint: "add a base nearer to it, raise --speed-kmh, shorten --village-visit-minutes, or pass --beyond-reach drop".into(),
            })
            .collect();
        return Err(GenerateError::Input(problems));
    }
    if kept.is_empty() {
        return Err(GenerateError::flag(
            "--beyond-reach",
            "no village is within a day's trip of a base",
            "check the base coordinates and the travel speed",
        ));
    }

    // Pools: the totals spread over all villages (kept or not), so the left-out villages
    // keep their share of the target.
    let weights: Vec<f64> = villages.iter().map(|v| v.weight).collect();
    let pools = spread(spec.eligible, spec.activated, &weights);
    let pool_of: BTreeMap<&str, (u64, u64)> = villages
        .iter()
        .zip(&pools)
        .map(|(v, p)| (v.code.as_str(), *p))
        .collect();

    // Districts in order of first appearance, with their heaviest village (for placeholders).
    let mut districts: Vec<(String, String)> = Vec::new();
    let mut centre: BTreeMap<String, &Village> = BTreeMap::new();
    let mut district_pool: BTreeMap<String, (u64, u64)> = BTreeMap::new();
    for (v, _) in &kept {
        if !centre.contains_key(&v.district) {
            districts.push((v.district.clone(), v.district_name.clone()));
        }
        let c = centre.entry(v.district.clone()).or_insert(v);
        if v.weight > c.weight {
            *c = v;
        }
        let p = pool_of[v.code.as_str()];
        let d = district_pool.entry(v.district.clone()).or_default();
        d.0 += p.0;
        d.1 += p.1;
    }

    let mut sites: Vec<SiteSpec> = Vec::new();
    let mut no_signal = (0usize, 0u64);
    let mut weak_signal = (0usize, 0u64);
    for (v, km) in &kept {
        let (eligible, activated) = pool_of[v.code.as_str()];
        let connectivity = if spec.no_signal_km.is_some_and(|d| *km >= d) {
            no_signal.0 += 1;
            no_signal.1 += eligible - activated;
            Some(0.0)
        } else if spec.weak_signal_km.is_some_and(|d| *km >= d) {
            weak_signal.0 += 1;
            weak_signal.1 += eligible - activated;
            Some(0.5)
        } else {
            None
        };
        sites.push(SiteSpec {
            code: v.code.clone(),
            name: village_name(v),
            kind: "village".into(),
            district: v.district.clone(),
            lat: Some(v.lat),
            lon: Some(v.lon),
            eligible: eligible as f64,
            activated: activated as f64,
            connectivity,
            ..SiteSpec::default()
        });
    }
    let village_sites = sites.len();
    for (district, district_name) in &districts {
        let c = centre[district];
        let (e, a) = district_pool[district];
        let share = if e > 0 { a as f64 / e as f64 } else { 0.0 };
        for extra in &spec.per_district {
            for k in 1..=extra.count {
                let (label, tag) = placeholder_label(extra.kind);
                sites.push(SiteSpec {
                    code: format!("{district}.{tag}{k}"),
                    name: format!("{label} {k} Kec. {district_name}"),
                    kind: extra.kind.name().into(),
                    district: district.clone(),
                    lat: Some(c.lat),
                    lon: Some(c.lon),
                    eligible: extra.eligible as f64,
                    activated: (extra.eligible as f64 * share).round(),
                    ..SiteSpec::default()
                });
            }
        }
    }
    if let Some(eligible) = spec.car_free_day {
        let b = &bases[0];
        sites.push(SiteSpec {
            code: "CFD".into(),
            name: format!("Car Free Day ({})", b.name),
            kind: "event".into(),
            district: b
                .district
                .clone()
                .filter(|d| centre.contains_key(d))
                .unwrap_or_else(|| districts[0].0.clone()),
            lat: Some(b.lat),
            lon: Some(b.lon),
            eligible: eligible as f64,
            activated: (eligible as f64 * spec.activated as f64 / spec.eligible as f64).round(),
            weekdays: Some("sat".into()),
            visit_minutes: Some(i64::from(spec.event_visit_minutes)),
            ..SiteSpec::default()
        });
    }

    let end = spec
        .end
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(spec.start.year(), 12, 31).expect("valid"));
    let mut extra: BTreeMap<NaiveDate, String> = BTreeMap::new();
    for (d, name) in &spec.extra_holidays {
        if *d >= spec.start && *d <= end {
            extra.entry(*d).or_insert_with(|| name.clone());
        }
    }
    let single_base = bases.len() == 1;
    let mut teams = Vec::new();
    for (bi, b) in bases.iter().enumerate() {
        for k in 1..=team_counts[bi] {
            teams.push(TeamSpec {
                id: if single_base {
                    format!("T{k}")
                } else {
                    format!(
                        "{}-T{k}",
                        b.id.trim_start_matches("dukcapil-")
                            .trim_start_matches("kec-")
                    )
                },
                base: b.id.clone(),
                staff: i64::from(spec.staff),
                shift: spec.shift.clone(),
                weekend_duty: if spec.car_free_day.is_some() && bi == 0 && k == 1 {
                    vec!["sat".into()]
                } else {
                    Vec::new()
                },
                count: 1,
                ..TeamSpec::default()
            });
        }
    }
    let mut kinds_over = BTreeMap::new();
    let village = KindSpec {
        visit_minutes: spec.village_visit_minutes.map(i64::from),
        max_visits: spec.village_max_visits.map(i64::from),
        min_gap_days: spec.village_min_gap_days.map(i64::from),
        ..KindSpec::default()
    };
    if village != KindSpec::default() {
        kinds_over.insert("village".to_string(), village);
    }
    let file = ScenarioFile {
        scenario: Header {
            name: spec.name.clone(),
            description: spec.description.clone(),
            start: DateValue(spec.start),
            end: spec.end.map(DateValue),
            seed: spec.seed,
            site_files: Vec::new(),
            sources: spec.sources.clone(),
        },
        target: TargetSpec {
            eligible: spec.eligible as f64,
            activated: spec.activated as f64,
            share: spec.target_share,
            organic_per_day: spec.organic_per_day,
        },
        calendar: CalendarSpec {
            holidays: spec.holidays.clone(),
            extra_holidays: extra
                .into_iter()
                .map(|(date, name)| HolidaySpec {
                    date: DateValue(date),
                    name,
                })
                .collect(),
            ..CalendarSpec::default()
        },
        districts: districts
            .iter()
            .map(|(id, name)| DistrictSpec {
                id: id.clone(),
                name: name.clone(),
                floor_share: None,
            })
            .collect(),
        bases: bases
            .iter()
            .map(|b| BaseSpec {
                id: b.id.clone(),
                name: b.name.clone(),
                lat: Some(round6(b.lat)),
                lon: Some(round6(b.lon)),
                node: None,
            })
            .collect(),
        teams,
        kinds: kinds_over,
        kits: (spec.kits > 0).then(|| KitsSpec {
            count: i64::from(spec.kits),
            connectivity: spec.kit_connectivity,
        }),
        travel: TravelSpec {
            kind: "coordinates".into(),
            speed_kmh: spec.speed_kmh,
            detour: spec.detour,
            matrix: None,
            edges: None,
            leg_overhead_minutes: spec.leg_overhead_minutes,
        },
        sites: Vec::new(),
    };

    let mut header = vec![format!(
        "{}: generated by `jemput generate region` from a real village list; regenerate rather than edit.",
        spec.name
    )];
    if let Some(c) = &spec.command {
        header.push(format!("command: {c}"));
    }
    header.push(format!(
        "Sites: {village_sites} villages (the totals {} eligible / {} activated spread by weight), {} placeholder sites.",
        spec.eligible,
        spec.activated,
        sites.len() - village_sites
    ));
    if !beyond.is_empty() {
        let pool: u64 = beyond
            .iter()
            .map(|(v, _)| {
                let (e, a) = pool_of[v.code.as_str()];
                e - a
            })
            .sum();
        header.push(format!(
            "Left out, beyond a day's trip of every base ({} villages, {pool} unactivated, still counted in the target):",
            beyond.len()
        ));
        let names: Vec<String> = beyond.iter().map(|(v, _)| v.code.clone()).collect();
        for chunk in names.chunks(8) {
            header.push(format!("  {}", chunk.join(" ")));
        }
    }
    if no_signal.0 > 0 {
        header.push(format!(
            "No signal (connectivity 0, {} km or more from every base): {} villages, {} unactivated{}.",
            spec.no_signal_km.unwrap_or_default(),
            no_signal.0,
            no_signal.1,
            if spec.kits > 0 {
                format!(
                    "; workable by a team carrying one of the {} connectivity kits (connectivity {})",
                    spec.kits, spec.kit_connectivity
                )
            } else {
                String::new()
            }
        ));
    }
    if weak_signal.0 > 0 {
        header.push(format!(
            "Weak signal (connectivity 0.5, {} km or more from every base): {} villages, {} unactivated.",
            spec.weak_signal_km.unwrap_or_default(),
            weak_signal.0,
            weak_signal.1
        ));
    }
    if !spec.notes.is_empty() {
        header.push(String::new());
        header.extend(spec.notes.iter().cloned());
    }
    Ok(Generated {
        file,
        sites,
        header,
    })
}

/// Name prefix and code tag of a placeholder site of `kind`.
fn placeholder_label(kind: SiteKind) -> (&'static str, &'static str) {
    match kind {
        SiteKind::School => ("SMA/SMK", "SCH"),
        SiteKind::Campus => ("Kampus", "CMP"),
        SiteKind::Office => ("Kantor Pemerintah", "OFF"),
        SiteKind::Hospital => ("Rumah Sakit/Puskesmas", "HSP"),
        SiteKind::Market => ("Pasar", "MKT"),
        SiteKind::Event => ("Acara", "EVT"),
        SiteKind::Village => ("Desa", "VIL"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(code: &str, district: &str, lat: f64, weight: f64) -> Village {
        Village {
            code: code.into(),
            name: format!("V {code}"),
            kind: "desa".into(),
            district: district.into(),
            district_name: format!("Kec {district}"),
            group: "G".into(),
            group_name: "Kab G".into(),
            lat,
            lon: 110.0,
            weight,
            line: 2,
        }
    }

    #[test]
    fn totals_are_spread_exactly_and_far_villages_are_named() {
        let villages = vec![
            v("1", "A", -7.0, 10.0),
            v("2", "A", -7.05, 3.0),
            v("3", "B", -7.1, 1.0),
            v("4", "B", -9.0, 2.0), // 220 km away
        ];
        let spec = RegionSpec {
            name: "T".into(),
            eligible: 10_001,
            activated: 777,
            per_district: vec![PerDistrict {
                kind: SiteKind::School,
                count: 2,
                eligible: 300,
            }],
            ..RegionSpec::default()
        };
        let err = region(&spec, &villages).unwrap_err().to_string();
        assert!(err.contains("village `4`"), "{err}");
        let spec = RegionSpec {
            beyond_reach: BeyondReach::Drop,
            ..spec
        };
        let g = region(&spec, &villages).unwrap();
        let villages_only: Vec<&SiteSpec> =
            g.sites.iter().filter(|s| s.kind == "village").collect();
        assert_eq!(villages_only.len(), 3);
        assert_eq!(g.sites.len(), 3 + 4);
        // The dropped village keeps its share: kept pools are the total minus its share.
        let dropped = spread(10_001, 777, &[10.0, 3.0, 1.0, 2.0])[3];
        let e: f64 = villages_only.iter().map(|s| s.eligible).sum();
        let a: f64 = villages_only.iter().map(|s| s.activated).sum();
        assert_eq!(e as u64 + dropped.0, 10_001);
        assert_eq!(a as u64 + dropped.1, 777);
        assert!(g.header.iter().any(|l| l.contains("Left out")));
    }
}

//! A synthetic country for benchmarking the batch mode: 514 districts (416 kabupaten and
//! 98 kota) with 84,000 villages between them, one scenario per district, deterministic by
//! seed and written in seconds.
//!
//! Per-district facts are public only for a handful of districts (the area files in
//! `data/regions` cover nine), so sizes are drawn from a documented distribution instead,
//! fitted to the national counts and to the nine known districts:
//! - villages per district: log-normal (σ 0.6), kota a quarter the size of kabupaten (Kota
//!   Denpasar 43 and Kota Tarakan 20 villages against 54–248 for the kabupaten), scaled so
//!   the country has exactly [`VILLAGES`] villages, 5 to [`MAX_VILLAGES`] per district;
//! - about 11.5 villages per kecamatan (roughly 7,300 kecamatan nationwide);
//! - recorded e-KTP per district: its villages × a log-normal size (σ 0.4), kelurahan of a
//!   kota about three times a desa, scaled to [`ELIGIBLE`] in all; already activated 2–12 %
//!   (the seed districts range from 2.2 % to 9 %);
//! - villages scattered over a disc around the office small enough for day trips
//!   (at most 38 km); 2 teams, 3 above 150 villages, 4 above 400, of 3 staff, 08:00–15:00.

use super::region::{BasePlacement, BeyondReach, PerDistrict, RegionSpec, region};
use super::{GenerateError, Generated, apportion, round6};
use crate::problem::SiteKind;
use crate::scenario::travel::haversine_km;
use crate::scenario::villages::Village;
use chrono::NaiveDate;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, LogNormal};
use std::path::{Path, PathBuf};

/// Kabupaten (regencies).
pub const KABUPATEN: usize = 416;
/// Kota (cities).
pub const KOTA: usize = 98;
/// Villages (desa and kelurahan) in the whole country.
pub const VILLAGES: u64 = 84_000;
/// Most villages in one district (Kabupaten Aceh Utara, the largest, has 852).
pub const MAX_VILLAGES: u64 = 850;
/// Recorded e-KTP in the whole country (about 70 % of 280 million residents).
pub const ELIGIBLE: u64 = 190_000_000;

/// One district of the synthetic country, with its file name stem.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub stem: String,
    pub generated: Generated,
}

/// The country, deterministic by `seed`.
pub fn national(seed: u64) -> Result<Vec<District>, GenerateError> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n = KABUPATEN + KOTA;
    let is_kota = |i: usize| i >= KABUPATEN;
    let spread = LogNormal::new(0.0, 0.6).expect("valid log-normal");
    let size_w: Vec<f64> = (0..n)
        .map(|i| spread.sample(&mut rng) * if is_kota(i) { 0.25 } else { 1.0 })
        .collect();
    let villages = capped_apportion(VILLAGES, &size_w, 5, MAX_VILLAGES);
    let per_village = LogNormal::new(0.0, 0.4).expect("valid log-normal");
    let eligible_w: Vec<f64> = (0..n)
        .map(|i| {
            villages[i] as f64 * per_village.sample(&mut rng) * if is_kota(i) { 3.0 } else { 1.0 }
        })
        .collect();
    let eligible = apportion(ELIGIBLE, &eligible_w);
    let village_size = LogNormal::new(0.0, 0.7).expect("valid log-normal");
    let start = NaiveDate::from_ymd_opt(2025, 1, 1).expect("valid date");

    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let nv = villages[i] as usize;
        let kecamatan = ((nv as f64 / 11.5).round() as usize).max(1);
        let share = rng.random_range(0.02..0.12);
        let activated = (eligible[i] as f64 * share).round() as u64;
        let base_lat = round6(rng.random_range(-9.0..4.0));
        let base_lon = round6(rng.random_range(96.0..139.0));
        let radius = (3.0 + 1.6 * (nv as f64).sqrt()).min(38.0);
        let km_lat = haversine_km(0.0, 0.0, 1.0, 0.0);
        let km_lon = haversine_km(base_lat, 0.0, base_lat, 1.0);
        let code = format!("{:03}", i + 1);
        let (kind, label) = if is_kota(i) {
            ("kelurahan", "Kota")
        } else {
            ("desa", "Kabupaten")
        };
        let list: Vec<Village> = (0..nv)
            .map(|j| {
                let r = radius * rng.random::<f64>().sqrt();
                let a = rng.random_range(0.0..std::f64::consts::TAU);
                let k = (j * kecamatan / nv).min(kecamatan - 1);
                Village {
                    code: format!("{code}.{:02}.{:04}", k + 1, j + 1),
                    name: format!("{} {}", if is_kota(i) { "Kel." } else { "Desa" }, j + 1),
                    kind: String::new(),
                    district: format!("{code}.{:02}", k + 1),
                    district_name: format!("Kecamatan {}", k + 1),
                    group: code.clone(),
                    group_name: String::new(),
                    lat: round6(base_lat + r * a.sin() / km_lat),
                    lon: round6(base_lon + r * a.cos() / km_lon),
                    weight: village_size.sample(&mut rng),
                    line: j + 2,
                }
            })
            .collect();
        let teams = 2 + u32::from(nv > 150) + u32::from(nv > 400);
        let spec = RegionSpec {
            name: format!("{label} Sintetis {code}"),
            description: Some(format!(
                "Synthetic {kind} district {code} of {n} (seed {seed}): {nv} villages in {kecamatan} kecamatan"
            )),
            start,
            seed,
            eligible: eligible[i],
            activated,
            target_share: 0.3,
            organic_per_day: (eligible[i] as f64 / 20_000.0).round(),
            bases: BasePlacement::At {
                lat: base_lat,
                lon: base_lon,
                name: "Kantor Disdukcapil".into(),
            },
            teams_per_base: vec![teams],
            staff: 3,
            per_district: vec![PerDistrict {
                kind: SiteKind::School,
                count: 1,
                eligible: 350,
            }],
            beyond_reach: BeyondReach::Error,
            sources: vec!["synthetic: made up by `jemput generate national`".into()],
            command: Some(format!("jemput generate national --seed {seed}")),
            ..RegionSpec::default()
        };
        let mut generated = region(&spec, &list)?;
        generated.header[0] = format!(
            "{}: one district of a synthetic country made by `jemput generate national` (seed {seed}); not a real place.",
            spec.name
        );
        out.push(District {
            stem: format!("district-{code}"),
            generated,
        });
    }
    Ok(out)
}

/// Like [`apportion`], with every part between `floor` and `cap`: parts above the cap are
/// fixed at it and the rest shared again among the others.
fn capped_apportion(total: u64, weights: &[f64], floor: u64, cap: u64) -> Vec<u64> {
    let n = weights.len();
    let mut fixed: Vec<Option<u64>> = vec![None; n];
    loop {
        let free: Vec<usize> = (0..n).filter(|&i| fixed[i].is_none()).collect();
        let left = total - fixed.iter().flatten().sum::<u64>() - floor * free.len() as u64;
        let w: Vec<f64> = free.iter().map(|&i| weights[i]).collect();
        let parts = apportion(left, &w);
        let mut over = false;
        for (&i, p) in free.iter().zip(&parts) {
            if p + floor > cap {
                fixed[i] = Some(cap);
                over = true;
            }
        }
        if !over {
            let mut out: Vec<u64> = fixed.iter().map(|f| f.unwrap_or(0)).collect();
            for (&i, p) in free.iter().zip(&parts) {
                out[i] = p + floor;
            }
            return out;
        }
    }
}

/// Writes every district as `DIR/district-NNN.toml` and its site CSV. Refuses when any of
/// them exists, unless `force`. Returns the number of scenario files written.
pub fn write_country(
    dir: &Path,
    districts: &[District],
    force: bool,
) -> Result<usize, GenerateError> {
    let paths: Vec<PathBuf> = districts
        .iter()
        .map(|d| dir.join(format!("{}.toml", d.stem)))
        .collect();
    if !force {
        for p in &paths {
            for q in [p.clone(), super::sites_path(p)] {
                if q.exists() {
                    return Err(GenerateError::Exists(q));
                }
            }
        }
    }
    for (d, p) in districts.iter().zip(&paths) {
        super::write(p, &d.generated, true)?;
    }
    Ok(paths.len())
}

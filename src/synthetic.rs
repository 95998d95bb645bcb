//! Small random problems built directly (no scenario file), for unit tests, property tests
//! and kernel benchmarks. Deterministic by seed. Real scenarios come from `generate`.

use crate::problem::*;
use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Shape of a random problem.
#[derive(Debug, Clone)]
pub struct Shape {
    pub sites: usize,
    pub teams: usize,
    pub days: usize,
    /// Side of the square area, km.
    pub area_km: f64,
}

impl Default for Shape {
    fn default() -> Self {
        Shape {
            sites: 30,
            teams: 2,
            days: 60,
            area_km: 40.0,
        }
    }
}

/// A random district: one base in the middle, villages and a few schools and events
/// scattered around, Euclidean travel at 40 km/h with a 1.3 detour.
pub fn random_problem(seed: u64, shape: &Shape) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let start = NaiveDate::from_ymd_opt(2025, 1, 6).unwrap(); // a Monday
    let days: Vec<Day> = (0..shape.days)
        .map(|i| {
            let date = start.checked_add_days(Days::new(i as u64)).unwrap();
            Day {
                date,
                weekday: weekday_index(date),
                holiday: None,
                blackout: false,
                shorter_by: 0,
            }
        })
        .collect();
    let n_districts = (shape.sites / 10).clamp(1, 8);
    let districts = (0..n_districts)
        .map(|i| District {
            id: format!("D{i}"),
            name: format!("District {i}"),
            floor_share: None,
        })
        .collect();
    let bases = vec![Base {
        id: "office".into(),
        name: "Office".into(),
        lat: None,
        lon: None,
    }];
    let teams = (0..shape.teams)
        .map(|i| Team {
            id: format!("T{}", i + 1),
            base: 0,
            staff: rng.random_range(2..=4),
            shift: Window::new(7 * 60 + 30, 15 * 60 + 30),
            weekdays: [true, true, true, true, true, i == 0, false],
            cost_per_km: 2500.0,
            cost_per_day: 300_000.0,
        })
        .collect();
    let mut xy = vec![(shape.area_km / 2.0, shape.area_km / 2.0)];
    let sites: Vec<Site> = (0..shape.sites)
        .map(|i| {
            let x = rng.random_range(0.0..shape.area_km);
            let y = rng.random_range(0.0..shape.area_km);
            xy.push((x, y));
            let roll: f64 = rng.random();
            let (kind, reach, fatigue, visit, max_visits, gap, weekdays, window) = if roll < 0.75 {
                let w = [true, true, true, true, true, false, false];
                (
                    SiteKind::Village,
                    0.25,
                    0.6,
                    240,
                    4,
                    30,
                    w,
                    Window::new(480, 900),
                )
            } else if roll < 0.95 {
                let w = [true, true, true, true, true, false, false];
                (
                    SiteKind::School,
                    0.6,
                    0.3,
                    180,
                    2,
                    60,
                    w,
                    Window::new(450, 780),
                )
            } else {
                let w = [false, false, false, false, false, true, false];
                (
                    SiteKind::Event,
                    0.05,
                    0.9,
                    240,
                    52,
                    7,
                    w,
                    Window::new(360, 600),
                )
            };
            let eligible = rng.random_range(200.0..4000.0f64).round();
            let activated = (eligible * rng.random_range(0.0..0.15f64)).round();
            Site {
                code: format!("S{i:03}"),
                name: format!("Site {i}"),
                kind,
                district: i % n_districts,
                lat: None,
                lon: None,
                eligible,
                pool: eligible - activated,
                reach,
                fatigue,
                connectivity: if rng.random::<f64>() < 0.1 { 0.3 } else { 1.0 },
                minutes_per_activation: 6.0,
                min_stay: visit,
                max_stay: visit,
                turnout_minutes: 0.0,
                max_visits,
                min_gap_days: gap,
                weight: 1.0,
                weekdays,
                window,
                first_day: 0,
                last_day: shape.days - 1,
            }
        })
        .collect();
    let n = xy.len();
    let travel = if n > Travel::DENSE_LIMIT {
        // Large districts: legs on demand from coordinates (x, y km near the equator, where
        // a degree is ~111.2 km), as the scenario loader does beyond the same size.
        Travel::geo(GeoTravel {
            at: xy.iter().map(|&(x, y)| (y / 111.2, x / 111.2)).collect(),
            detour: 1.3,
            speed_kmh: 40.0,
            overhead: 0.0,
        })
    } else {
        let mut travel = Travel::new(n);
        for a in 0..n {
            for b in 0..n {
                let km = ((xy[a].0 - xy[b].0).powi(2) + (xy[a].1 - xy[b].1).powi(2)).sqrt() * 1.3;
                travel.set(a, b, leg_minutes(km, 40.0, 0.0), km as f32);
            }
        }
        travel
    };
    let eligible: f64 = sites.iter().map(|s| s.eligible).sum::<f64>() * 1.5;
    let activated: f64 = sites.iter().map(|s| s.eligible - s.pool).sum();
    crate::problem::Problem::new(crate::problem::ProblemParts {
        name: format!("random-{seed}"),
        seed,
        days,
        office_weekdays: [true, true, true, true, true, false, false],
        target: Target {
            eligible,
            activated,
            share: 0.3,
            organic_per_day: 5.0,
        },
        districts,
        bases,
        teams,
        sites,
        travel,
        kits: Kits::default(),
    })
    .expect("a random problem is valid by construction")
}

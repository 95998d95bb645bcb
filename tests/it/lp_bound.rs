//! The LP bound is an upper bound: on small random problems solved exhaustively it is never
//! below the exact optimum, and never below what any strategy plans.
//!
//! The exhaustive search walks the team-days in date order and tries every ordered set of
//! sites on each (every route the shift can hold), with the same visit rules the checker
//! applies; because it goes in date order, gains come straight from the response model.
//! Its best plan is re-checked by the checker and re-scored by `response::evaluate`.

use chrono::{Days, NaiveDate};
use jemput::checker;
use jemput::lp::{self, LpOptions};
use jemput::plan::{Plan, Route};
use jemput::problem::*;
use jemput::response;
use jemput::schedule;
use jemput::strategy::{self, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A tiny district whose optimum can be enumerated: 3–4 sites, 1–2 teams, 2–4 days that
/// may straddle a month end, short visits (several fit a shift), gaps of 1–2 days.
fn tiny(seed: u64) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let n_days = rng.random_range(2..=4usize);
    let n_teams = rng.random_range(1..=2usize);
    let n_sites = if n_teams * n_days > 4 {
        3
    } else {
        rng.random_range(3..=4usize)
    };
    // Start on 29–31 January 2025 so some problems span two months.
    let start = NaiveDate::from_ymd_opt(2025, 1, rng.random_range(27..=31)).unwrap();
    let days: Vec<Day> = (0..n_days)
        .map(|i| {
            let date = start.checked_add_days(Days::new(i as u64)).unwrap();
            Day {
                date,
                weekday: weekday_index(date),
                holiday: None,
                blackout: false,
                shorter_by: if rng.random::<f64>() < 0.2 { 60 } else { 0 },
            }
        })
        .collect();
    let teams = (0..n_teams)
        .map(|i| Team {
            id: format!("T{i}"),
            base: 0,
            staff: rng.random_range(1..=3),
            shift: Window::new(480, 480 + rng.random_range(240..=420)),
            weekdays: [true; 7],
            cost_per_km: 0.0,
            cost_per_day: 0.0,
        })
        .collect();
    let mut xy = vec![(0.0f64, 0.0f64)];
    let sites: Vec<Site> = (0..n_sites)
        .map(|i| {
            xy.push((rng.random_range(-30.0..30.0), rng.random_range(-30.0..30.0)));
            let open = 480 + 30 * rng.random_range(0..=4u32);
            let close = open + rng.random_range(150..=420u32);
            let mut weekdays = [true; 7];
            if rng.random::<f64>() < 0.3 {
                weekdays[rng.random_range(0..7)] = false;
            }
            let pool = rng.random_range(50.0..600.0f64).round();
            let stay = rng.random_range(60..=180);
            Site {
                code: format!("S{i}"),
                name: format!("Site {i}"),
                kind: SiteKind::Village,
                district: 0,
                lat: None,
                lon: None,
                eligible: pool,
                pool,
                reach: rng.random_range(0.2..0.9),
                fatigue: rng.random_range(0.3..1.0),
                connectivity: if rng.random::<f64>() < 0.2 { 0.5 } else { 1.0 },
                minutes_per_activation: rng.random_range(2.0..12.0),
                min_stay: stay,
                max_stay: stay,
                turnout_minutes: 0.0,
                max_visits: rng.random_range(1..=3),
                min_gap_days: rng.random_range(1..=2),
                weight: if rng.random::<f64>() < 0.3 { 2.0 } else { 1.0 },
                weekdays,
                window: Window::new(open, close),
                first_day: 0,
                last_day: n_days - 1,
            }
        })
        .collect();
    let n = xy.len();
    let mut travel = Travel::new(n);
    for a in 0..n {
        for b in 0..n {
            let km = ((xy[a].0 - xy[b].0).powi(2) + (xy[a].1 - xy[b].1).powi(2)).sqrt();
            travel.set(a, b, (km * 1.5).round() as Minutes, km as f32);
        }
    }
    Problem::new(ProblemParts {
        name: format!("tiny-{seed}"),
        seed,
        days,
        office_weekdays: [true, true, true, true, true, false, false],
        target: Target {
            eligible: 10_000.0,
            activated: 0.0,
            share: 0.3,
            organic_per_day: 0.0,
        },
        districts: vec![District {
            id: "D".into(),
            name: "D".into(),
            floor_share: None,
        }],
        bases: vec![Base {
            id: "office".into(),
            name: "Office".into(),
            lat: None,
            lon: None,
        }],
        teams,
        sites,
        travel,
    })
    .unwrap()
}

/// Every ordered subset of `0..n` (the empty one included).
fn sequences(n: usize) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new()];
    let mut frontier = vec![Vec::new()];
    while let Some(seq) = frontier.pop() {
        for s in 0..n {
            if !seq.contains(&s) {
                let mut next: Vec<usize> = seq.clone();
                next.push(s);
                out.push(next.clone());
                frontier.push(next);
            }
        }
    }
    out
}

struct Search<'a> {
    p: &'a Problem,
    slots: Vec<(usize, usize)>,
    sequences: Vec<Vec<usize>>,
    remaining: Vec<f64>,
    visits: Vec<u32>,
    last: Vec<Option<usize>>,
    routes: Vec<Route>,
    best: f64,
    best_plan: Plan,
    nodes: u64,
}

impl Search<'_> {
    fn go(&mut self, k: usize, value: f64) {
        self.nodes += 1;
        if value > self.best {
            self.best = value;
            self.best_plan = Plan {
                routes: self.routes.clone(),
            };
        }
        if k == self.slots.len() {
            return;
        }
        let (d, t) = self.slots[k];
        let p = self.p;
        for i in 0..self.sequences.len() {
            let seq = &self.sequences[i];
            if seq.is_empty() {
                self.go(k + 1, value);
                continue;
            }
            let allowed = seq.iter().all(|&s| {
                self.visits[s] < p.sites[s].max_visits
                    && self.last[s].is_none_or(|l| d >= l + p.sites[s].min_gap_days as usize)
            });
            if !allowed {
                continue;
            }
            let Some(stops) = schedule::timed(p, t, d, seq) else {
                continue;
            };
            let saved: Vec<(f64, u32, Option<usize>)> = seq
                .iter()
                .map(|&s| (self.remaining[s], self.visits[s], self.last[s]))
                .collect();
            let mut gained = 0.0;
            for st in &stops {
                let s = st.site;
                let site = &p.sites[s];
                let g = response::visit_gain(
                    site,
                    p.teams[t].staff,
                    st.end - st.start,
                    self.visits[s] + 1,
                    self.remaining[s],
                );
                self.remaining[s] -= g;
                self.visits[s] += 1;
                self.last[s] = Some(d);
                gained += g * site.weight;
            }
            self.routes.push(Route {
                team: t,
                day: d,
                stops,
            });
            let seq = self.sequences[i].clone();
            self.go(k + 1, value + gained);
            self.routes.pop();
            for (&s, (r, v, l)) in seq.iter().zip(saved) {
                self.remaining[s] = r;
                self.visits[s] = v;
                self.last[s] = l;
            }
        }
    }
}

/// The exact optimum of `p` and a plan that reaches it.
fn exact(p: &Problem) -> (f64, Plan, u64) {
    let mut slots = Vec::new();
    for d in 0..p.days.len() {
        for t in 0..p.teams.len() {
            if p.shift(t, d).is_some() {
                slots.push((d, t));
            }
        }
    }
    let mut search = Search {
        p,
        slots,
        sequences: sequences(p.sites.len()),
        remaining: p.sites.iter().map(|s| s.pool).collect(),
        visits: vec![0; p.sites.len()],
        last: vec![None; p.sites.len()],
        routes: Vec::new(),
        best: 0.0,
        best_plan: Plan::default(),
        nodes: 0,
    };
    search.go(0, 0.0);
    (search.best, search.best_plan, search.nodes)
}

#[test]
fn bound_is_never_below_the_exact_optimum() {
    let mut binding = 0;
    let mut gaps = Vec::new();
    let mut nodes = 0;
    let mut with_solo = 0;
    for seed in 0..200 {
        let p = tiny(seed);
        if lp::Data::new(&p).has_day_rows() {
            with_solo += 1;
        }
        let (optimum, mut plan, searched) = exact(&p);
        nodes += searched;
        plan.normalize();
        // The enumerated optimum is a real plan: it passes the checker and scores the same.
        let violations = checker::check(&p, &plan);
        assert!(violations.is_empty(), "seed {seed}: {violations:?}");
        let scored = response::evaluate(&p, &plan).objective;
        assert!(
            (scored - optimum).abs() <= 1e-6 * optimum.max(1.0),
            "seed {seed}: search {optimum} vs evaluate {scored}"
        );

        let with_lp = lp::bound(&p, &LpOptions::default()).expect("LP solves");
        let dual_only = lp::bound(
            &p,
            &LpOptions {
                max_lp_sites: 0,
                ..LpOptions::default()
            },
        )
        .expect("dual search runs");
        for (how, b) in [("LP", &with_lp), ("dual search", &dual_only)] {
            assert!(
                b.value >= optimum - 1e-6 * optimum.max(1.0),
                "seed {seed}: {how} bound {} below the exact optimum {optimum}",
                b.value
            );
        }
        if with_lp.value <= optimum * 1.02 + 1e-9 {
            binding += 1;
        }
        gaps.push(1.0 - optimum / with_lp.value.max(1e-9));
    }
    gaps.sort_by(f64::total_cmp);
    eprintln!(
        "200 problems, {nodes} search nodes; bound above the optimum by: median {:.1} %, \
         90th percentile {:.1} %, worst {:.1} %",
        100.0 * gaps[gaps.len() / 2],
        100.0 * gaps[gaps.len() * 9 / 10],
        100.0 * gaps[gaps.len() - 1]
    );
    // Not a formality: on a good share of these problems the bound is within 2 % of the
    // optimum, so a bound that cut too deep would have shown.
    assert!(
        binding >= 30,
        "bound tight on only {binding} of 200 problems"
    );
    // The team-day row (sites that can share no trip) is exercised too.
    eprintln!("{with_solo} of 200 problems have a solo site (team-day rows)");
    assert!(
        with_solo >= 20,
        "only {with_solo} problems with a solo site"
    );
}

#[test]
fn bound_agrees_with_the_lp_and_the_dual_search() {
    for seed in 100..110 {
        let p = jemput::synthetic::random_problem(
            seed,
            &jemput::synthetic::Shape {
                sites: 40,
                teams: 2,
                days: 90,
                area_km: 50.0,
            },
        );
        let with_lp = lp::bound(&p, &LpOptions::default()).unwrap();
        let lp_value = with_lp
            .lp_objective
            .expect("LP solved below the size limit");
        // Weak duality: the reported value is at least the LP optimum (up to the solver's
        // tolerance), and evaluating at the solver's duals loses almost nothing.
        assert!(with_lp.value >= lp_value * (1.0 - 1e-4), "seed {seed}");
        assert!(
            with_lp.value <= lp_value * 1.01,
            "seed {seed}: {} vs {lp_value}",
            with_lp.value
        );
        let dual_only = lp::bound(
            &p,
            &LpOptions {
                max_lp_sites: 0,
                ..LpOptions::default()
            },
        )
        .unwrap();
        assert!(dual_only.value >= lp_value * (1.0 - 1e-4), "seed {seed}");
        assert!(
            dual_only.value <= lp_value * 1.25,
            "seed {seed}: the dual search alone ({}) strays far from the LP ({lp_value})",
            dual_only.value
        );
        // The allocation respects each site's visit cap.
        for (s, v) in with_lp.site_visits().iter().enumerate() {
            assert!(*v <= p.sites[s].max_visits as f64 + 1e-6, "site {s}: {v}");
        }
    }
}

#[test]
fn every_strategy_stays_under_the_bound() {
    for seed in 0..12 {
        let p = tiny(seed + 1000);
        let b = lp::bound(&p, &LpOptions::default()).unwrap();
        let (optimum, _, _) = exact(&p);
        let options = SolveOptions {
            time_limit: None,
            iterations: Some(50),
            ..SolveOptions::default()
        };
        for s in strategy::all() {
            let plan = s.solve(&p, &options).plan;
            assert!(
                checker::check(&p, &plan).is_empty(),
                "{} seed {seed}",
                s.name()
            );
            let value = response::evaluate(&p, &plan).objective;
            assert!(
                value <= optimum + 1e-6 * optimum.max(1.0),
                "{} beat the exact optimum",
                s.name()
            );
            assert!(value <= b.value + 1e-6 * b.value.max(1.0), "{}", s.name());
        }
    }
}

/// The districts the native interior point is compared on: tiny ones (with solo sites, so
/// team-day rows), random ones of growing size, and generated ones where every site may be
/// visited in every month.
fn lp_cases() -> Vec<(String, Problem)> {
    let mut cases: Vec<(String, Problem)> =
        (0..60).map(|s| (format!("tiny {s}"), tiny(s))).collect();
    for seed in 0..8u64 {
        let shape = jemput::synthetic::Shape {
            sites: 20 + 40 * seed as usize,
            teams: 1 + seed as usize % 4,
            days: 60 + 40 * seed as usize,
            area_km: 30.0 + 20.0 * seed as f64,
        };
        cases.push((
            format!("random {seed}"),
            jemput::synthetic::random_problem(seed, &shape),
        ));
    }
    for seed in 1..=3 {
        cases.push((format!("generated {seed}"), generated(seed, 150, 3, 3)));
    }
    cases
}

/// A district as `jemput generate synthetic` writes it, loaded.
fn generated(seed: u64, sites: u32, teams: u32, districts: u32) -> Problem {
    let spec = jemput::generate::synthetic::SyntheticSpec {
        seed,
        sites,
        teams,
        districts,
        ..Default::default()
    };
    let g = jemput::generate::synthetic::synthetic(&spec).expect("generates");
    jemput::generate::validate(&g, std::path::Path::new("generated.toml"))
        .expect("a generated district loads")
}

#[test]
fn native_interior_point_solves_the_same_lp_as_clarabel() {
    let mut with_day_rows = 0;
    for (name, p) in lp_cases() {
        let options = |backend| LpOptions {
            backend,
            ..LpOptions::default()
        };
        let native = lp::bound(&p, &options(lp::Backend::Native)).unwrap();
        let general = lp::bound(&p, &options(lp::Backend::Clarabel)).unwrap();
        // Solved by the native method itself, not by the fallback.
        assert!(
            native.status.starts_with("jemput interior point"),
            "{name}: {}",
            native.status
        );
        let (mine, theirs) = (native.lp_objective.unwrap(), general.lp_objective.unwrap());
        let tol = 1e-6 * theirs.abs().max(1.0);
        assert!(
            (mine - theirs).abs() <= tol,
            "{name}: native {mine} vs clarabel {theirs}"
        );
        // The bound at its prices is at least the optimum and no looser than clarabel's.
        assert!(native.value >= theirs - tol, "{name}: {}", native.value);
        assert!(
            native.value <= general.value + tol,
            "{name}: {} vs {}",
            native.value,
            general.value
        );
        // Its allocation is feasible: month caps per site and team-minutes per month.
        let d = lp::Data::new(&p);
        with_day_rows += usize::from(d.has_day_rows());
        for m in 0..d.months {
            let mut minutes = 0.0;
            for s in 0..p.sites.len() {
                let x = native.visits[s][m];
                assert!(
                    x >= 0.0 && x <= f64::from(d.caps[s][m]) + 1e-6,
                    "{name}: site {s} month {m}: {x}"
                );
                minutes += x * d.size[s];
            }
            assert!(
                minutes <= d.minutes[m] * (1.0 + 1e-6) + 1e-6,
                "{name}: month {m} uses {minutes} of {} team-minutes",
                d.minutes[m]
            );
        }
    }
    assert!(
        with_day_rows >= 5,
        "only {with_day_rows} cases with team-day rows"
    );
}

/// The native interior point splits its passes over the sites into parallel tasks of fixed
/// size and adds their sums in a fixed order: one thread or three give the same bits.
#[test]
fn native_lp_is_the_same_on_any_number_of_threads() {
    let p = generated(5, 1_500, 6, 8);
    let solve = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| lp::bound(&p, &LpOptions::default()).unwrap())
    };
    let one = solve(1);
    assert!(
        one.status.starts_with("jemput interior point"),
        "{}",
        one.status
    );
    let three = solve(3);
    assert_eq!(one.value.to_bits(), three.value.to_bits());
    assert_eq!(one.lp_objective, three.lp_objective);
    assert_eq!(one.visits, three.visits);
}

/// At its deadline the native LP stops with its current prices: a valid bound (at least the
/// LP optimum), marked as stopped so that a report computes the full one.
#[test]
fn native_lp_stops_at_its_deadline_with_a_valid_bound() {
    let p = generated(7, 1_000, 5, 6);
    let full = lp::bound(&p, &LpOptions::default()).unwrap();
    let optimum = full.lp_objective.expect("solved");
    assert!(!full.lp_stopped);
    let cut = lp::bound(
        &p,
        &LpOptions {
            deadline: Some(std::time::Instant::now()),
            ..LpOptions::default()
        },
    )
    .unwrap();
    assert!(cut.lp_stopped, "{}", cut.status);
    assert!(
        cut.status.contains("stopped at the time limit"),
        "{}",
        cut.status
    );
    assert_eq!(cut.lp_objective, None);
    assert!(
        cut.value >= optimum * (1.0 - 1e-9),
        "{} < {optimum}",
        cut.value
    );
    assert!(
        cut.value > full.value,
        "a cut-short bound is looser: {} vs {} ({})",
        cut.value,
        full.value,
        full.status
    );
    assert_eq!(cut.visits.len(), p.sites.len());
}

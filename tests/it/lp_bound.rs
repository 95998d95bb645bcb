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
use jemput::stays;
use jemput::strategy::{self, SolveOptions};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A tiny district whose optimum can be enumerated: 3–4 sites, 1–2 teams, 2–4 days that
/// may straddle a month end, short visits (several fit a shift), gaps of 1–2 days. With
/// `stays`, each site may stay up to three hours longer than its shortest stay and its
/// turnout comes in over 30–200 minutes (or at once); without, every stay is fixed and
/// everyone who comes is there at once.
fn tiny(seed: u64, stays: bool) -> Problem {
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
            let min_stay = rng.random_range(60..=180);
            let (max_stay, turnout_minutes) = if stays {
                let longer = 15 * rng.random_range(0..=12);
                let tau = if rng.random::<f64>() < 0.2 {
                    0.0
                } else {
                    rng.random_range(30.0..200.0)
                };
                (min_stay + longer, tau)
            } else {
                (min_stay, 0.0)
            };
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
                min_stay,
                max_stay,
                turnout_minutes,
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
        kits: Kits::default(),
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
    /// Connectivity kits in use on each day.
    kits_used: Vec<u32>,
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
            let seq = self.sequences[i].clone();
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
            // Each route at its shortest stays and at the stays that gain most on it that
            // day (longer stays there leave less for later visits: both are tried).
            // With and, while one is left that day, without a connectivity kit.
            let helps = seq
                .iter()
                .any(|&s| p.sites[s].connectivity < p.kits.boost());
            let kits: &[bool] = if helps && self.kits_used[d] < p.kits.count {
                &[false, true]
            } else {
                &[false]
            };
            for &kit in kits {
                let shortest: Vec<Minutes> = seq.iter().map(|&s| p.sites[s].min_stay).collect();
                let crew = response::Crew::of(p, t, kit);
                let greedy = stays::best(p, t, d, &seq, |i, stay| {
                    let s = seq[i];
                    let site = &p.sites[s];
                    response::visit_gain(site, crew, stay, self.visits[s] + 1, self.remaining[s])
                        * site.weight
                });
                let mut choices = vec![shortest];
                if let Some(g) = greedy.filter(|g| g.stays != choices[0]) {
                    choices.push(g.stays);
                }
                for chosen in choices {
                    self.try_route(k, value, &seq, (d, t, kit), &chosen);
                }
            }
        }
    }

    /// Goes on with the route `seq` at stays `chosen` on team-day `(d, t)`, slot `k`.
    fn try_route(
        &mut self,
        k: usize,
        value: f64,
        seq: &[usize],
        (d, t, kit): (usize, usize, bool),
        chosen: &[Minutes],
    ) {
        let p = self.p;
        {
            let Some(stops) = stays::timed(p, t, d, seq, chosen) else {
                return;
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
                    response::Crew::of(p, t, kit),
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
                kit,
            });
            self.kits_used[d] += u32::from(kit);
            self.go(k + 1, value + gained);
            self.kits_used[d] -= u32::from(kit);
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
        kits_used: vec![0; p.days.len()],
        best: 0.0,
        best_plan: Plan::default(),
        nodes: 0,
    };
    search.go(0, 0.0);
    (search.best, search.best_plan, search.nodes)
}

/// What the exhaustive comparison found on 200 tiny problems.
struct Tiny {
    /// Problems where the bound is within 2 % of the optimum.
    binding: usize,
    /// `1 − optimum / bound`, sorted.
    gaps: Vec<f64>,
    with_solo: usize,
    /// Problems whose best plan stays longer than the shortest stay somewhere.
    longer: usize,
    /// Problems whose bound comes from the round-trip travel charge (`lp::Charge::Radial`).
    radial: usize,
    /// Problems whose best plan carries a connectivity kit somewhere.
    with_kit: usize,
    /// Problems whose LP has kit rows (fewer kits than teams at work on some day).
    with_kit_rows: usize,
}

/// [`tiny`] (with variable stays when `stays`) and one connectivity kit (fewer than the
/// teams where there are two: the kit rows bind), and some sites with no or weak signal,
/// where only a team carrying a kit activates (more).
fn tiny_with_kits(seed: u64, stays: bool) -> Problem {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x6b17);
    tiny(seed, stays)
        .edited(|p| {
            p.kits = Kits {
                count: 1,
                connectivity: rng.random_range(0.6..1.0),
            };
            for s in &mut p.sites {
                s.connectivity = match rng.random_range(0..5) {
                    0 | 1 => 0.0,
                    2 => 0.5,
                    _ => 1.0,
                };
            }
        })
        .expect("still a valid problem")
}

/// Which tiny problems a run of the exhaustive comparison draws.
#[derive(Clone, Copy, PartialEq)]
enum Draw {
    FixedStays,
    VariableStays,
    Kits,
}

/// On 200 tiny problems: the bound (LP and dual search alone) is never below the best plan
/// the exhaustive search finds, and that plan passes the checker and scores the same.
fn bound_against_the_exhaustive_search(draw: Draw) -> Tiny {
    let stays = draw != Draw::FixedStays;
    let mut out = Tiny {
        binding: 0,
        gaps: Vec::new(),
        with_solo: 0,
        longer: 0,
        radial: 0,
        with_kit: 0,
        with_kit_rows: 0,
    };
    let mut nodes = 0;
    // With kits every route is tried with and without one: half as many problems.
    let problems = if draw == Draw::Kits { 100 } else { 200 };
    for seed in 0..problems {
        let p = match draw {
            Draw::Kits => tiny_with_kits(seed, true),
            _ => tiny(seed, stays),
        };
        if lp::Data::new(&p).has_day_rows() {
            out.with_solo += 1;
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
        out.with_kit += usize::from(plan.routes.iter().any(|r| r.kit));
        out.with_kit_rows += usize::from(lp::Data::new(&p).has_kit_rows());
        out.longer += usize::from(
            plan.routes
                .iter()
                .flat_map(|r| &r.stops)
                .any(|st| st.end - st.start > p.sites[st.site].min_stay),
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
            out.binding += 1;
        }
        out.radial += usize::from(with_lp.status.contains("round trips"));
        // A problem where nothing can be gained has bound and optimum 0: no gap.
        out.gaps.push(if with_lp.value > 1e-9 {
            1.0 - optimum / with_lp.value
        } else {
            0.0
        });
    }
    out.gaps.sort_by(f64::total_cmp);
    let g = &out.gaps;
    eprintln!(
        "{problems} problems ({}), {nodes} search nodes; bound above the optimum by: median \
         {:.1} %, 90th percentile {:.1} %, worst {:.1} %; {} have a solo site (team-day \
         rows); {} best plans stay longer than the shortest stay somewhere; {} bounds from the \
         round-trip charge; {} best plans carry a kit; {} have kit rows",
        match draw {
            Draw::FixedStays => "fixed stays",
            Draw::VariableStays => "variable stays",
            Draw::Kits => "variable stays and connectivity kits",
        },
        100.0 * g[g.len() / 2],
        100.0 * g[g.len() * 9 / 10],
        100.0 * g[g.len() - 1],
        out.with_solo,
        out.longer,
        out.radial,
        out.with_kit,
        out.with_kit_rows,
    );
    out
}

#[test]
fn bound_is_never_below_the_exact_optimum() {
    let t = bound_against_the_exhaustive_search(Draw::FixedStays);
    // Not a formality: on a good share of these problems the bound is within 2 % of the
    // optimum, so a bound that cut too deep would have shown.
    assert!(
        t.binding >= 30,
        "bound tight on only {} of 200 problems",
        t.binding
    );
    // The round-trip travel charge is valid where it is the bound.
    assert!(
        t.radial >= 10,
        "round-trip charge the bound on only {}",
        t.radial
    );
    // The team-day row (sites that can share no trip) is exercised too.
    assert!(
        t.with_solo >= 20,
        "only {} problems with a solo site",
        t.with_solo
    );
}

/// Stays are a decision: every route is tried at its shortest stays and at the stays that
/// gain most on it that day (trying every stay on a four-point grid per stop as well found
/// no better plan on the first 30 problems). The bound holds for every whole-minute stay.
#[test]
fn bound_is_never_below_the_exact_optimum_with_variable_stays() {
    let t = bound_against_the_exhaustive_search(Draw::VariableStays);
    // The longer stays are exercised: most best plans use them.
    assert!(t.longer >= 100, "only {} plans stay longer", t.longer);
    // How far above: a bound far above every optimum would be useless, and one this test
    // cannot tell from a valid one if it were cut too deep.
    let median = t.gaps[t.gaps.len() / 2];
    // 12.2 % with the site subproblems of `lp::visits`, the calendar-order evaluation and
    // the round-trip charge; 19.3 % with the relaxation's columns alone.
    assert!(median < 0.15, "median gap {median}");
    assert!(t.binding >= 5, "bound tight on only {} of 200", t.binding);
}

/// Connectivity kits: every route is also tried with a kit while one is left that day, so
/// the best plans carry them where they pay; the bound (which credits every visit with the
/// kit's connectivity) stays above every one of them.
#[test]
fn bound_is_never_below_the_exact_optimum_with_kits() {
    let t = bound_against_the_exhaustive_search(Draw::Kits);
    assert!(
        t.with_kit >= 70,
        "only {} best plans carry a kit",
        t.with_kit
    );
    // The kit rows (kit team-days shared by the visits to sites without signal) are in the
    // bound of many of them.
    assert!(
        t.with_kit_rows >= 25,
        "only {} problems with kit rows",
        t.with_kit_rows
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
        // The reported value is at least what greedy plans, and at most the LP optimum up to
        // the solver's tolerance (the search starts at the LP's prices).
        let floor = planned(&p);
        assert!(with_lp.value >= floor, "seed {seed}");
        assert!(
            with_lp.value <= lp_value * (1.0 + 1e-4),
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
        assert!(dual_only.value >= floor, "seed {seed}");
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
        let p = tiny(seed + 1000, true);
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

/// What greedy plans on `p`: a feasible value no valid bound may fall below. (The bound is
/// not bounded below by the LP's optimum: the dual function's site subproblems are tighter
/// than the LP's columns, so only a plan's value is a floor that holds.)
fn planned(p: &Problem) -> f64 {
    let options = SolveOptions {
        time_limit: None,
        iterations: Some(1),
        ..SolveOptions::default()
    };
    let plan = strategy::by_name("greedy").unwrap().solve(p, &options).plan;
    assert!(checker::check(p, &plan).is_empty());
    response::evaluate(p, &plan).objective
}

/// The districts the native interior point is compared on: tiny ones (with solo sites, so
/// team-day rows), random ones of growing size, and generated ones where every site may be
/// visited in every month.
fn lp_cases() -> Vec<(String, Problem)> {
    let mut cases: Vec<(String, Problem)> = (0..60)
        .map(|s| (format!("tiny {s}"), tiny(s, false)))
        .collect();
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
    // Connectivity kits: fewer than the teams, so the kit rows are in the LP.
    for seed in 0..8u64 {
        let p = tiny_with_kits(seed, false);
        if lp::Data::new(&p).has_kit_rows() {
            cases.push((format!("tiny with kits {seed}"), p));
        }
    }
    let shape = jemput::synthetic::Shape {
        sites: 120,
        teams: 3,
        days: 90,
        area_km: 60.0,
    };
    let kits = jemput::synthetic::random_problem(4, &shape)
        .edited(|p| {
            p.kits = Kits {
                count: 1,
                connectivity: 0.9,
            };
            p.sites
                .iter_mut()
                .step_by(3)
                .for_each(|s| s.connectivity = 0.0);
        })
        .unwrap();
    assert!(lp::Data::new(&kits).has_kit_rows());
    cases.push(("random with a kit".into(), kits));
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
        // Both bounds are at least what greedy plans, and at most the LP's optimum: the
        // search starts from the LP's prices, where the dual function with the LP's own
        // columns equals the optimum and the site subproblems can only take less.
        let floor = planned(&p);
        for (how, b) in [("native", &native), ("clarabel", &general)] {
            assert!(
                b.value >= floor - tol,
                "{name}: {how} bound {} below greedy's {floor}",
                b.value
            );
            assert!(
                b.value <= theirs * (1.0 + 1e-4) + 1e-6,
                "{name}: {how} bound {} above the LP optimum {theirs}",
                b.value
            );
        }
        // Its allocation is feasible: month caps per site and stay level (the visits of a
        // month are summed over the levels), visits per site within its gain segments, and
        // team-minutes per month (each visit at least its shortest size).
        let d = lp::Data::new(&p);
        with_day_rows += usize::from(d.has_day_rows());
        for s in 0..p.sites.len() {
            let total: f64 = native.visits[s].iter().sum();
            assert!(
                total <= d.gains[s].len() as f64 + 1e-6,
                "{name}: site {s}: {total} visits"
            );
        }
        for m in 0..d.months {
            let mut minutes = 0.0;
            for s in 0..p.sites.len() {
                let x = native.visits[s][m];
                let cap = f64::from(d.caps[s][m]) * d.levels[s].len().max(1) as f64;
                assert!(
                    x >= 0.0 && x <= cap + 1e-6,
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

/// At its deadline the native LP stops with its current prices: a valid bound (at least what
/// greedy plans), marked as stopped so that a report computes the full one.
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
    let floor = planned(&p);
    assert!(
        cut.value >= floor && full.value >= floor,
        "{} or {} below greedy's {floor}",
        cut.value,
        full.value
    );
    assert!(full.value <= optimum * (1.0 + 1e-4), "{}", full.value);
    assert!(
        cut.value > full.value,
        "a cut-short bound is looser: {} vs {} ({})",
        cut.value,
        full.value,
        full.status
    );
    assert_eq!(cut.visits.len(), p.sites.len());
}

/// With variable stays the blocks hold a visit column per month and stay level. Where the
/// native interior point solves them it finds clarabel's optimum; where it does not, the
/// bound comes from the fallback, still valid. The count of those is printed and kept low
/// (3 of 60 today: a known weakness, see docs/bound.md).
#[test]
fn native_interior_point_with_variable_stays() {
    let mut failed = Vec::new();
    for s in 0..60 {
        let p = tiny(s, true);
        let options = |backend| LpOptions {
            backend,
            ..LpOptions::default()
        };
        let native = lp::bound(&p, &options(lp::Backend::Native)).unwrap();
        let general = lp::bound(&p, &options(lp::Backend::Clarabel)).unwrap();
        let theirs = general.lp_objective.unwrap();
        let tol = 1e-6 * theirs.abs().max(1.0);
        if !native.status.starts_with("jemput interior point") {
            failed.push(s);
        } else {
            let mine = native.lp_objective.unwrap();
            assert!((mine - theirs).abs() <= tol, "tiny {s}: {mine} vs {theirs}");
        }
        let floor = planned(&p);
        for b in [&native, &general] {
            assert!(b.value >= floor - tol, "tiny {s}: {} < {floor}", b.value);
            assert!(
                b.value <= theirs * (1.0 + 1e-4) + 1e-6,
                "tiny {s}: {}",
                b.value
            );
        }
    }
    eprintln!("native interior point fell back to clarabel on {failed:?} of 60");
    assert!(failed.len() <= 3, "fell back on {failed:?}");
    // Where it fails, its last finite iterate may stand in for the general solver (as on
    // large districts): the dual search from those prices is still a bound.
    for &s in &failed {
        let p = tiny(s, true);
        let b = lp::bound(
            &p,
            &LpOptions {
                general_fallback_sites: 0,
                ..LpOptions::default()
            },
        )
        .unwrap();
        assert!(b.status.contains("last finite iterate"), "{}", b.status);
        assert!(!b.lp_stopped && b.lp_objective.is_none(), "{}", b.status);
        let (optimum, _, _) = exact(&p);
        assert!(
            b.value >= optimum - 1e-6 * optimum.max(1.0),
            "tiny {s}: {} below the exact optimum {optimum}",
            b.value
        );
    }
}

//! The optimizer (`alns`) and its LP-guided start (`lp-round`): every plan passes the
//! checker, the search never ends below its greedy start nor above the upper bound, the
//! incremental objective is the response model's, and runs are reproducible.

use crate::common;

use chrono::{Days, NaiveDate};
use jemput::alns::search::{self, Limits, Operators};
use jemput::alns::state::{Ctx, State};
use jemput::alns::{self, run_seed};
use jemput::checker;
use jemput::pipeline;
use jemput::plan::Plan;
use jemput::problem::*;
use jemput::response;
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};

fn opts(seed: u64, iterations: u64, threads: usize) -> SolveOptions {
    SolveOptions {
        seed,
        time_limit: None,
        iterations: Some(iterations),
        threads,
        progress: false,
        patience: 1,
        restarts: 0,
    }
}

fn objective(p: &Problem, plan: &Plan) -> f64 {
    response::evaluate(p, plan).objective
}

fn assert_feasible(p: &Problem, plan: &Plan, what: &str) {
    let v = checker::check(p, plan);
    assert!(
        v.is_empty(),
        "{what}: {} violations, first {}",
        v.len(),
        v[0]
    );
}

fn shapes() -> Vec<(u64, Shape)> {
    vec![
        (1, Shape::default()),
        (
            2,
            Shape {
                sites: 50,
                teams: 3,
                days: 90,
                area_km: 50.0,
            },
        ),
        (
            3,
            Shape {
                sites: 15,
                teams: 1,
                days: 45,
                area_km: 20.0,
            },
        ),
    ]
}

#[test]
fn plans_are_feasible_and_between_greedy_and_the_bound() {
    let alns = strategy::by_name("alns").unwrap();
    let lp_round = strategy::by_name("lp-round").unwrap();
    let greedy = strategy::by_name("greedy").unwrap();
    for (seed, shape) in shapes() {
        let p = random_problem(seed, &shape);
        let o = opts(seed, 150, 1);
        let g = greedy.solve(&p, &o).plan;
        let a = alns.solve(&p, &o);
        let l = lp_round.solve(&p, &o).plan;
        assert_feasible(&p, &a.plan, "alns");
        assert_feasible(&p, &l, "lp-round");
        let (ga, aa, la) = (objective(&p, &g), objective(&p, &a.plan), objective(&p, &l));
        assert!(aa >= ga - 1e-9, "seed {seed}: alns {aa} < greedy {ga}");
        assert!(aa >= la - 1e-9, "seed {seed}: alns {aa} < lp-round {la}");
        assert!(a.iterations > 0);
        let bound = pipeline::bound(&p).unwrap().value;
        assert!(
            aa <= bound * (1.0 + 1e-6),
            "seed {seed}: alns {aa} > bound {bound}"
        );
        assert!(la > 0.0, "seed {seed}: lp-round planned nothing");
    }
}

#[test]
fn same_seed_threads_and_iterations_give_the_same_plan() {
    let p = random_problem(
        11,
        &Shape {
            sites: 40,
            teams: 2,
            days: 60,
            area_km: 40.0,
        },
    );
    let alns = strategy::by_name("alns").unwrap();
    for threads in [1, 2] {
        let a = alns.solve(&p, &opts(5, 120, threads));
        let b = alns.solve(&p, &opts(5, 120, threads));
        assert_eq!(a.plan, b.plan, "threads {threads}");
        assert_eq!(a.iterations, b.iterations);
        assert_feasible(&p, &a.plan, "alns");
    }
    // Two runs are at least as good as the first of them alone.
    let one = objective(&p, &alns.solve(&p, &opts(5, 120, 1)).plan);
    let two = objective(&p, &alns.solve(&p, &opts(5, 120, 2)).plan);
    assert!(two >= one - 1e-9, "two runs {two} < one run {one}");
}

#[test]
fn incremental_objective_is_the_response_model() {
    let p = random_problem(
        21,
        &Shape {
            sites: 30,
            teams: 2,
            days: 60,
            area_km: 30.0,
        },
    );
    let ctx = Ctx::new(&p);
    let starts = alns::starts(&ctx, true, None);
    for (name, st) in &starts.states {
        let plan = st.to_plan(&ctx);
        assert_feasible(&p, &plan, name);
        let e = objective(&p, &plan);
        assert!(
            (e - st.objective).abs() <= 1e-6 * e.max(1.0),
            "{name}: {} vs {e}",
            st.objective
        );
    }
    let start = alns::best_start(&starts).clone();
    let limits = Limits {
        deadline: None,
        iterations: Some(200),
        cycle: u64::MAX,
        patience: 1,
    };
    let r = search::run(
        &ctx,
        &start,
        run_seed(3, 0),
        limits,
        &Operators::default(),
        None,
        false,
    );
    let plan = r.best.to_plan(&ctx);
    assert_feasible(&p, &plan, "search");
    let e = objective(&p, &plan);
    assert!((e - r.best.objective).abs() <= 1e-6 * e.max(1.0));
    assert!(r.best.objective >= start.objective - 1e-9);
    // Rebuilding the state from the plan gives the same objective.
    let again = State::from_plan(&ctx, &plan);
    assert_eq!(again.to_plan(&ctx), plan);
}

#[test]
fn each_operator_alone_keeps_plans_feasible() {
    let p = random_problem(
        8,
        &Shape {
            sites: 30,
            teams: 2,
            days: 40,
            area_km: 30.0,
        },
    );
    let ctx = Ctx::new(&p);
    let start = alns::best_start(&alns::starts(&ctx, false, None)).clone();
    let all = Operators::default();
    let n_ruins = all.ruins.len();
    let n_recreates = all.recreates.len();
    for r in 0..n_ruins {
        for q in 0..n_recreates {
            let mut ops = Operators::default();
            let ruin = ops.ruins.swap_remove(r);
            let recreate = ops.recreates.swap_remove(q);
            let ops = Operators {
                ruins: vec![ruin],
                recreates: vec![recreate],
                locals: ops.locals,
            };
            let limits = Limits {
                deadline: None,
                iterations: Some(40),
                cycle: u64::MAX,
                patience: 1,
            };
            let res = search::run(&ctx, &start, 9, limits, &ops, None, false);
            let plan = res.best.to_plan(&ctx);
            let what = format!("{} + {}", ops.ruins[0].name(), ops.recreates[0].name());
            assert_feasible(&p, &plan, &what);
            let e = objective(&p, &plan);
            assert!(
                (e - res.best.objective).abs() <= 1e-6 * e.max(1.0),
                "{what}"
            );
            assert!(e >= start.objective - 1e-9, "{what}");
        }
    }
}

#[test]
fn tutorial_scenario_plans_cleanly() {
    let path = common::root().join("scenarios/tutorial.toml");
    if !path.exists() {
        eprintln!("skipping: {} is absent", path.display());
        return;
    }
    let p = jemput::scenario::load(&path).expect("tutorial loads");
    let greedy = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &opts(1, 0, 1));
    for name in ["alns", "lp-round"] {
        let s = strategy::by_name(name).unwrap().solve(&p, &opts(7, 100, 1));
        assert_feasible(&p, &s.plan, name);
        assert!(objective(&p, &s.plan) > 0.0, "{name} planned nothing");
        if name == "alns" {
            assert!(objective(&p, &s.plan) >= objective(&p, &greedy.plan) - 1e-9);
        }
    }
}

/// One day, two teams, thirty sites with fixed prizes: the Team Orienteering Problem.
fn top_problem() -> Problem {
    let date = NaiveDate::from_ymd_opt(2025, 3, 3).unwrap(); // a Monday
    let days = vec![Day {
        date,
        weekday: weekday_index(date),
        holiday: None,
        blackout: false,
        shorter_by: 0,
    }];
    let _ = Days::new(0);
    // Sites on a rough spiral around the depot; prizes 10..40.
    let mut xy = vec![(0.0f64, 0.0f64)];
    let mut sites = Vec::new();
    for i in 0..30 {
        let a = i as f64 * 2.4;
        let r = 5.0 + (i % 7) as f64 * 6.0;
        xy.push((r * a.cos(), r * a.sin()));
        let prize = 10.0 + ((i * 7) % 31) as f64;
        sites.push(Site {
            code: format!("S{i}"),
            name: format!("Site {i}"),
            kind: SiteKind::Village,
            district: 0,
            lat: None,
            lon: None,
            eligible: prize,
            pool: prize,
            reach: 1.0,
            fatigue: 1.0,
            connectivity: 1.0,
            minutes_per_activation: 0.001,
            min_stay: 5,
            max_stay: 5,
            turnout_minutes: 0.0,
            max_visits: 1,
            min_gap_days: 1,
            weight: 1.0,
            weekdays: [true; 7],
            window: Window::ALL_DAY,
            first_day: 0,
            last_day: 0,
        });
    }
    let n = xy.len();
    let mut travel = Travel::new(n);
    for a in 0..n {
        for b in 0..n {
            let d = ((xy[a].0 - xy[b].0).powi(2) + (xy[a].1 - xy[b].1).powi(2)).sqrt();
            travel.set(a, b, d.round() as Minutes, d as f32);
        }
    }
    let team = |id: &str| Team {
        id: id.into(),
        base: 0,
        staff: 2,
        shift: Window::new(8 * 60, 8 * 60 + 150),
        weekdays: [true; 7],
        cost_per_km: 0.0,
        cost_per_day: 0.0,
    };
    Problem::new(ProblemParts {
        name: "top".into(),
        seed: 1,
        days,
        office_weekdays: [true; 7],
        target: Target {
            eligible: 10_000.0,
            activated: 0.0,
            share: 0.1,
            organic_per_day: 0.0,
        },
        districts: vec![District {
            id: "d".into(),
            name: "d".into(),
            floor_share: None,
        }],
        bases: vec![Base {
            id: "depot".into(),
            name: "Depot".into(),
            lat: None,
            lon: None,
        }],
        teams: vec![team("A"), team("B")],
        sites,
        travel,
        kits: Kits::default(),
    })
    .unwrap()
}

#[test]
fn team_orienteering_day_is_at_least_greedy() {
    let p = top_problem();
    let g = strategy::by_name("greedy")
        .unwrap()
        .solve(&p, &opts(1, 0, 1));
    let a = strategy::by_name("alns")
        .unwrap()
        .solve(&p, &opts(1, 300, 1));
    assert_feasible(&p, &g.plan, "greedy");
    assert_feasible(&p, &a.plan, "alns");
    let (go, ao) = (objective(&p, &g.plan), objective(&p, &a.plan));
    assert!(ao >= go - 1e-9, "alns {ao} < greedy {go}");
    // Prizes are fixed: the objective is the sum of the prizes collected.
    let prizes: f64 = a
        .plan
        .routes
        .iter()
        .flat_map(|r| &r.stops)
        .map(|s| p.sites[s.site].pool)
        .sum();
    assert!((prizes - ao).abs() < 1e-6);
    assert!(
        a.plan.routes.len() <= 2 && a.plan.visits() < 30,
        "the day cannot hold all"
    );
    eprintln!("TOP-like day: greedy {go}, alns {ao}");
}

#[test]
fn patience_continues_the_same_search_and_never_ends_worse() {
    // Same seed: a patient run follows the impatient one exactly until that one stops at
    // its first cycle without a new best, then keeps searching from the best plan hotter.
    let p = random_problem(
        21,
        &Shape {
            sites: 40,
            teams: 2,
            days: 30,
            area_km: 30.0,
        },
    );
    let ctx = Ctx::new(&p);
    let start = alns::best_start(&alns::starts(&ctx, false, None)).clone();
    let run = |patience: u32| {
        let limits = Limits {
            deadline: None,
            iterations: Some(20_000),
            cycle: 300,
            patience,
        };
        search::run(&ctx, &start, 5, limits, &Operators::default(), None, true)
    };
    let once = run(1);
    let patient = run(4);
    assert!(
        once.iterations < 20_000,
        "the impatient run stops by the cycle rule"
    );
    assert!(
        patient.iterations >= once.iterations + 3 * 300,
        "{} vs {}",
        patient.iterations,
        once.iterations
    );
    assert!(patient.best.objective >= once.best.objective - 1e-9);
    assert_feasible(&p, &patient.best.to_plan(&ctx), "patience 4");
}

/// A district too large to fill at once is filled month by month and sector by sector; the
/// sectors split the sites and the teams evenly, and the plan stays feasible and close to
/// the whole-year fill.
#[test]
fn fill_by_month_and_sector_is_feasible() {
    let p = random_problem(
        5,
        &Shape {
            sites: 120,
            teams: 6,
            days: 60,
            area_km: 30.0,
        },
    );
    // Coordinates on a spiral around the base, so the sectors go by bearing.
    let p = p
        .edited(|p| {
            for (i, s) in p.sites.iter_mut().enumerate() {
                let (a, r) = (i as f64 * 2.4, 0.02 + 0.1 * i as f64 / 120.0);
                s.lat = Some(-7.0 + r * a.sin());
                s.lon = Some(110.0 + r * a.cos());
            }
            p.bases[0].lat = Some(-7.0);
            p.bases[0].lon = Some(110.0);
        })
        .unwrap();
    let ctx = Ctx::new(&p);
    let sites: Vec<usize> = (0..p.sites.len()).filter(|&s| ctx.useful[s]).collect();
    let (parts, team_part) = alns::construct::sectors(&ctx, &sites, 3);
    assert_eq!(parts.len(), 3);
    let mut all = parts.concat();
    all.sort_unstable();
    assert_eq!(all, sites, "every useful site in exactly one sector");
    for (g, part) in parts.iter().enumerate() {
        assert_eq!(team_part.iter().filter(|&&x| x == g).count(), 2);
        assert!(part.len().abs_diff(sites.len() / 3) <= 1, "sector {g}");
    }
    let scoring = alns::recreate::Scoring::PER_MINUTE;
    let mut whole = State::empty(&ctx);
    alns::construct::fill_split(&ctx, &mut whole, scoring, None, (usize::MAX, usize::MAX));
    whole.commit();
    // Thresholds of 0 and 1: month by month, one sector per team.
    let mut split = State::empty(&ctx);
    alns::construct::fill_split(&ctx, &mut split, scoring, None, (0, 1));
    split.commit();
    for (st, what) in [(&whole, "whole"), (&split, "by month and sector")] {
        let plan = st.to_plan(&ctx);
        assert_feasible(&p, &plan, what);
        assert!((objective(&p, &plan) - st.objective).abs() < 1e-6 * st.objective.max(1.0));
    }
    assert!(split.n_visits() > 0);
    assert!(
        split.objective >= 0.7 * whole.objective,
        "split {} whole {}",
        split.objective,
        whole.objective
    );
}

/// A small district and a deliberately poor plan for it (round-robin's), with room for
/// local search to improve.
fn poor_plan(seed: u64) -> (Problem, Plan) {
    let p = random_problem(
        seed,
        &Shape {
            sites: 40,
            teams: 2,
            days: 20,
            area_km: 30.0,
        },
    );
    let plan = strategy::by_name("round-robin")
        .unwrap()
        .solve(&p, &opts(1, 1, 1))
        .plan;
    (p, plan)
}

/// Each local-search operator alone (the per-iteration ones and `replace`, which polishes
/// the final plan), on plans with room to improve: the plan stays feasible, its
/// incremental objective stays exact and never falls, and `replace` finds something to do
/// on some of them (a dead operator would fail this).
#[test]
fn local_operators_never_lose_and_replace_acts() {
    let mut replaced = 0;
    for seed in 0..12 {
        let (p, plan) = poor_plan(seed);
        let ctx = Ctx::new(&p);
        let start = State::from_plan(&ctx, &plan);
        let slots: Vec<usize> = (0..ctx.slots.len()).collect();
        let mut ops = alns::local::defaults();
        ops.push(Box::new(alns::local::Replace));
        for op in ops {
            let mut st = start.clone();
            let changed = op.improve(&ctx, &mut st, &slots);
            st.commit();
            let plan = st.to_plan(&ctx);
            let what = format!("{} on seed {seed}", op.name());
            assert_feasible(&p, &plan, &what);
            let e = objective(&p, &plan);
            assert!((e - st.objective).abs() <= 1e-6 * e.max(1.0), "{what}");
            assert!(
                e >= start.objective - 1e-6 * e.max(1.0),
                "{what}: {e} < {}",
                start.objective
            );
            if op.name() == "replace" && changed {
                replaced += 1;
                assert!(
                    e > start.objective + 1e-9
                        || (0..ctx.slots.len())
                            .map(|c| st.timing[c].duration())
                            .sum::<u32>()
                            < (0..ctx.slots.len())
                                .map(|c| start.timing[c].duration())
                                .sum::<u32>(),
                    "{what}: a replacement must gain or shorten a trip"
                );
            }
        }
    }
    assert!(replaced >= 6, "replace acted on {replaced} of 12 plans");
}

/// The final polish only ever raises the objective, keeps the plan feasible, and raises it
/// on some poor plans.
#[test]
fn polish_never_loses_and_sometimes_gains() {
    let mut gained = 0;
    for seed in 0..8 {
        let (p, plan) = poor_plan(seed);
        let ctx = Ctx::new(&p);
        let start = State::from_plan(&ctx, &plan);
        let mut st = start.clone();
        alns::polish(&ctx, &mut st);
        let plan = st.to_plan(&ctx);
        assert_feasible(&p, &plan, &format!("polish on seed {seed}"));
        let e = objective(&p, &plan);
        assert!((e - st.objective).abs() <= 1e-6 * e.max(1.0));
        assert!(e >= start.objective - 1e-6 * e.max(1.0));
        if e > start.objective + 1e-6 {
            gained += 1;
        }
    }
    assert!(gained >= 4, "polish gained on {gained} of 8 plans");
}

/// `restarts`: after the first run stops by itself, further runs from the same start with
/// their own seeds; the best is kept, so the plan is never worse than one run's, and the
/// same seed, threads and restarts give the same plan.
#[test]
fn restarts_keep_the_best_run_and_are_reproducible() {
    let p = random_problem(
        23,
        &Shape {
            sites: 40,
            teams: 2,
            days: 30,
            area_km: 30.0,
        },
    );
    let solve = |restarts: u32| {
        let o = SolveOptions {
            iterations: None,
            restarts,
            ..opts(4, 0, 1)
        };
        strategy::by_name("alns").unwrap().solve(&p, &o)
    };
    let one = solve(0);
    let more = solve(3);
    assert_feasible(&p, &one.plan, "one run");
    assert_feasible(&p, &more.plan, "four runs");
    let (a, b) = (objective(&p, &one.plan), objective(&p, &more.plan));
    assert!(b >= a - 1e-9 * a.max(1.0), "restarts lost: {b} < {a}");
    // Three more runs did run: more iterations than the first alone.
    assert!(
        more.iterations > one.iterations,
        "{} vs {}",
        more.iterations,
        one.iterations
    );
    let again = solve(3);
    assert_eq!(again.plan, more.plan);
    assert_eq!(again.iterations, more.iterations);
    // An iteration limit counts over all runs.
    let capped = strategy::by_name("alns").unwrap().solve(
        &p,
        &SolveOptions {
            restarts: 3,
            ..opts(4, one.iterations + 5, 1)
        },
    );
    assert!(
        capped.iterations <= one.iterations + 5,
        "{}",
        capped.iterations
    );
}

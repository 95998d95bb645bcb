//! The independent checker: baseline plans pass, and each rule broken by hand is reported
//! with its code.

use jemput::checker::{CODES, Violation, check};
use jemput::plan::{Plan, Route, Stop};
use jemput::problem::{Kits, Problem, Travel};
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use std::collections::BTreeSet;

fn problem() -> Problem {
    random_problem(
        11,
        &Shape {
            sites: 25,
            teams: 2,
            days: 40,
            area_km: 40.0,
        },
    )
}

fn greedy(p: &Problem) -> Plan {
    let plan = strategy::by_name("greedy")
        .unwrap()
        .solve(p, &SolveOptions::default())
        .plan;
    assert!(plan.visits() > 0);
    assert_eq!(check(p, &plan), vec![], "greedy plan must be feasible");
    plan
}

fn codes(v: &[Violation]) -> BTreeSet<&'static str> {
    v.iter().map(|v| v.code).collect()
}

/// Index of the first route with at least `n` stops.
fn route_with(plan: &Plan, n: usize) -> usize {
    plan.routes
        .iter()
        .position(|r| r.stops.len() >= n)
        .unwrap_or_else(|| panic!("no route with {n} stops"))
}

/// Checks the mutated plan (and problem), asserts `code` is among the violations and
/// records every code seen.
fn expect(p: &Problem, plan: &Plan, code: &str, seen: &mut BTreeSet<&'static str>) {
    let v = check(p, plan);
    let found = codes(&v);
    assert!(
        found.contains(code),
        "expected {code}, got: {}",
        v.iter()
            .map(|x| x.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    seen.extend(found);
}

#[test]
fn baseline_plans_pass_the_checker() {
    for seed in 1..=4 {
        for shape in [
            Shape::default(),
            Shape {
                sites: 50,
                teams: 3,
                days: 90,
                area_km: 60.0,
            },
        ] {
            let p = random_problem(seed, &shape);
            for name in strategy::names() {
                let plan = strategy::by_name(name)
                    .unwrap()
                    .solve(&p, &SolveOptions::default())
                    .plan;
                assert!(plan.visits() > 0, "{name} seed {seed}");
                let v = check(&p, &plan);
                assert!(v.is_empty(), "{name} seed {seed}: {}", v[0]);
            }
        }
    }
}

#[test]
fn every_rule_broken_by_hand_is_reported() {
    let p = problem();
    let plan = greedy(&p);
    let mut seen = BTreeSet::new();
    let r2 = route_with(&plan, 2);

    // Index ranges.
    let mut m = plan.clone();
    m.routes[0].day = p.days.len();
    expect(&p, &m, "bad-day", &mut seen);
    let mut m = plan.clone();
    m.routes[0].team = p.teams.len();
    expect(&p, &m, "bad-team", &mut seen);
    let mut m = plan.clone();
    m.routes[0].stops[0].site = p.sites.len();
    expect(&p, &m, "bad-site", &mut seen);

    // The team does not work: a holiday on a planned day, and a Sunday.
    let q = p
        .edited(|q| q.days[plan.routes[0].day].holiday = Some("Hari Raya".into()))
        .unwrap();
    expect(&q, &plan, "team-off", &mut seen);
    let mut m = plan.clone();
    let sunday = (0..p.days.len()).find(|&d| p.days[d].weekday == 6).unwrap();
    m.routes[0].day = sunday;
    expect(&p, &m, "team-off", &mut seen);

    // Two routes for one team on one day.
    let mut m = plan.clone();
    let mut twin = m.routes[0].clone();
    twin.stops.truncate(1);
    m.routes.push(twin);
    expect(&p, &m, "two-routes", &mut seen);

    // No road into the first stop.
    let r = &plan.routes[0];
    let (from, to) = (p.team_place(r.team), p.site_place(r.stops[0].site));
    let q = p
        .edited(|q| q.travel.set(from, to, Travel::UNREACHABLE, 0.0))
        .unwrap();
    expect(&q, &plan, "unreachable", &mut seen);

    // Leaving before the shift: the whole trip earlier than the shift allows.
    let mut m = plan.clone();
    let r = &mut m.routes[0];
    let shift = p.shift(r.team, r.day).unwrap();
    let leg = p.base_to_site(r.team, r.stops[0].site);
    let early = r.stops[0].arrive - leg - shift.open + 1;
    for s in &mut r.stops {
        s.arrive -= early;
        s.start -= early;
        s.end -= early;
    }
    expect(&p, &m, "depart-before-shift", &mut seen);

    // Arriving at the second stop faster than the road allows.
    let mut m = plan.clone();
    let r = &mut m.routes[r2];
    let leg = p.site_to_site(r.stops[0].site, r.stops[1].site);
    r.stops[1].arrive = r.stops[0].end + leg - 1;
    let v = check(&p, &m);
    assert_eq!(codes(&v), BTreeSet::from(["arrive-too-early"]), "{v:?}");
    seen.insert("arrive-too-early");

    // Service starting before arrival.
    let mut m = plan.clone();
    let s = &mut m.routes[r2].stops[1];
    s.arrive = s.start + 1;
    expect(&p, &m, "start-before-arrive", &mut seen);

    // The site cannot be visited that day (outside its dates).
    let r = &plan.routes[0];
    let q = p
        .edited(|q| q.sites[r.stops[0].site].first_day = r.day + 1)
        .unwrap();
    expect(&q, &plan, "site-closed", &mut seen);

    // Before the site opens and after it closes.
    let s = plan.routes[0].stops[0];
    let q = p
        .edited(|q| q.sites[s.site].window.open = s.start + 1)
        .unwrap();
    expect(&q, &plan, "start-before-open", &mut seen);
    let q = p
        .edited(|q| q.sites[s.site].window.close = s.end - 1)
        .unwrap();
    expect(&q, &plan, "end-after-close", &mut seen);

    // A visit shorter than the site's visit length.
    let mut m = plan.clone();
    m.routes[0].stops[0].end -= 1;
    let v = check(&p, &m);
    assert_eq!(codes(&v), BTreeSet::from(["wrong-length"]), "{v:?}");
    seen.insert("wrong-length");

    // Back after the shift: the same trip for a team whose shift ends earlier.
    let r = &plan.routes[0];
    let back = r.back(&p).unwrap();
    let q = p
        .edited(|q| q.teams[r.team].shift.close = back - 1)
        .unwrap();
    expect(&q, &plan, "back-after-shift", &mut seen);

    // The same site twice on one trip, timed correctly otherwise.
    let mut m = plan.clone();
    let r = &mut m.routes[r2];
    let (first, last) = (r.stops[0], *r.stops.last().unwrap());
    let arrive = last.end + p.site_to_site(last.site, first.site);
    r.stops.push(Stop {
        site: first.site,
        arrive,
        start: arrive,
        end: arrive + p.sites[first.site].min_stay,
    });
    expect(&p, &m, "repeat-in-route", &mut seen);

    // More visits than allowed.
    let s = plan.routes[0].stops[0].site;
    let q = p.edited(|q| q.sites[s].max_visits = 0).unwrap();
    expect(&q, &plan, "too-many-visits", &mut seen);

    // Two teams at one site on the same day break any gap of at least one day.
    let s = plan.routes[0].stops[0];
    let d = plan.routes[0].day;
    let teams: Vec<usize> = (0..p.teams.len())
        .filter(|&t| p.shift(t, d).is_some())
        .collect();
    assert!(teams.len() >= 2);
    let route = |team: usize| Route {
        team,
        day: d,
        stops: vec![s],
        kit: false,
    };
    let m = Plan {
        routes: vec![route(teams[0]), route(teams[1])],
    };
    expect(&p, &m, "gap-too-short", &mut seen);
    // ... and visits a few days apart break a longer gap.
    let (site, days) = revisited(&plan);
    let q = p.edited(|q| q.sites[site].min_gap_days = days + 1).unwrap();
    expect(&q, &plan, "gap-too-short", &mut seen);

    // A connectivity kit the scenario does not have, and more kits on a day than it has.
    let mut m = plan.clone();
    m.routes[0].kit = true;
    expect(&p, &m, "too-many-kits", &mut seen);
    let one = p
        .edited(|q| {
            q.kits = Kits {
                count: 1,
                connectivity: 0.9,
            }
        })
        .unwrap();
    assert!(
        check(&one, &m).is_empty(),
        "one kit on one team-day is allowed"
    );
    let d = plan.routes[0].day;
    let same_day: Vec<usize> = (0..plan.routes.len())
        .filter(|&r| plan.routes[r].day == d)
        .collect();
    assert!(
        same_day.len() >= 2,
        "the test needs two teams out on one day"
    );
    for &r in &same_day {
        m.routes[r].kit = true;
    }
    expect(&one, &m, "too-many-kits", &mut seen);

    let all: BTreeSet<&str> = CODES.iter().map(|(c, _)| *c).collect();
    let missing: Vec<_> = all.difference(&seen).collect();
    assert!(missing.is_empty(), "codes never produced: {missing:?}");
}

/// A site the plan visits twice, and the smallest gap in days between its visits.
fn revisited(plan: &Plan) -> (usize, u32) {
    let mut days: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
    for r in &plan.routes {
        for s in &r.stops {
            days.entry(s.site).or_default().push(r.day);
        }
    }
    days.into_iter()
        .filter(|(_, d)| d.len() >= 2)
        .map(|(s, mut d)| {
            d.sort();
            (s, d.windows(2).map(|w| (w[1] - w[0]) as u32).min().unwrap())
        })
        .next()
        .expect("some site is visited twice")
}

#[test]
fn violations_name_date_team_and_site() {
    let p = problem();
    let mut plan = greedy(&p);
    plan.routes[0].stops[0].end -= 1;
    let v = check(&p, &plan);
    let text = v[0].to_string();
    let r = &plan.routes[0];
    assert!(text.contains(&p.days[r.day].date.to_string()), "{text}");
    assert!(text.contains(&p.teams[r.team].id), "{text}");
    assert!(text.contains(&p.sites[r.stops[0].site].code), "{text}");
}

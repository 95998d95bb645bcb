//! What it takes to reach the target: the figure a head of office takes to a budget meeting.
//!
//! Six levers, each tried one step at a time on a copy of the problem and re-planned with
//! the same strategy: more teams (copies of the most common team), more staff on every team,
//! weekend duty (Saturday, then Saturday and Sunday), more connectivity kits (one more each
//! step), more visits allowed per site (one more each step, the minimum gap unchanged) and
//! postings (a base and a team at a village of the farthest kecamatan, one more each step). For each step: the expected activations, the marginal gain of the step, the
//! forecast share and the date the target is reached, and, for a kit or a posting that
//! gains nothing, why. The first step that meets the target answers the question for that
//! lever; a lever stops after two steps in a row that gain nothing (a kit after one).

use crate::plan::Plan;
use crate::problem::{Problem, Team};
use crate::response::{cumulative_by_day, evaluate};
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// One lever setting and what the plan makes of it.
#[derive(Debug, Clone, Serialize)]
pub struct Step {
    pub lever: String,
    /// Human-readable setting, e.g. "5 teams", "4 staff per team", "Saturday duty".
    pub setting: String,
    pub teams: usize,
    pub staff_total: u32,
    pub expected_activations: f64,
    /// Expected activations gained over the previous step of the same lever.
    pub marginal: f64,
    pub forecast_share: f64,
    pub target_met: bool,
    pub target_date: Option<NaiveDate>,
    /// What the plan's field days cost (Rupiah: km × the team's `cost_per_km` plus its
    /// `cost_per_day`; 0 when the scenario gives no costs).
    pub cost: f64,
    /// Rupiah per expected activation gained over the previous step of the same lever, where
    /// the step gains and costs more (the scenario's costs are per km and per team-day:
    /// staff, kits and visits cost nothing in it).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rupiah_per_extra: Option<f64>,
    /// Why the step gains (next to) nothing, where the lever can tell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub why_nothing: Option<String>,
}

/// The answer for all levers.
#[derive(Debug, Clone, Serialize)]
pub struct WhatItTakes {
    pub scenario: String,
    pub target_share: f64,
    /// With the teams as they are.
    pub current: Step,
    /// Date the target would be reached at the current pace, extrapolated beyond the horizon
    /// when needed (None if the pace is zero).
    pub projected_date: Option<NaiveDate>,
    pub projected_beyond_horizon: bool,
    pub teams: Vec<Step>,
    pub staff: Vec<Step>,
    pub weekend: Vec<Step>,
    pub kits: Vec<Step>,
    pub visits: Vec<Step>,
    pub postings: Vec<Step>,
}

/// The problem with `extra` more copies of the most common team (same base, staff, shift).
pub fn with_extra_teams(p: &Problem, extra: usize) -> Problem {
    let Some(template) = most_common_team(p) else {
        return p.clone();
    };
    p.edited(|q| {
        for i in 0..extra {
            q.teams.push(Team {
                id: format!("extra-{}", i + 1),
                ..template.clone()
            });
        }
    })
    .expect("a copy of an existing team keeps the problem valid")
}

/// The problem with `extra` more staff on every team.
pub fn with_extra_staff(p: &Problem, extra: u32) -> Problem {
    p.edited(|q| {
        for t in &mut q.teams {
            t.staff += extra;
        }
    })
    .expect("more staff keeps the problem valid")
}

/// The problem with every team also working on the given weekdays (5 = Saturday, 6 = Sunday).
pub fn with_weekend_duty(p: &Problem, weekdays: &[usize]) -> Problem {
    p.edited(|q| {
        for t in &mut q.teams {
            for &w in weekdays {
                t.weekdays[w] = true;
            }
        }
    })
    .expect("more working weekdays keep the problem valid")
}

/// The problem with `extra` more connectivity kits (at the scenario's kit connectivity, or
/// the default when it declares none).
pub fn with_extra_kits(p: &Problem, extra: u32) -> Problem {
    p.edited(|q| {
        if q.kits.count == 0 {
            q.kits.connectivity = crate::scenario::file::default_kit_connectivity();
        }
        q.kits.count += extra;
    })
    .expect("more kits keep the problem valid")
}

/// The problem with every site allowed `extra` more visits (at its minimum gap).
pub fn with_extra_visits(p: &Problem, extra: u32) -> Problem {
    p.edited(|q| {
        for s in &mut q.sites {
            if s.max_visits > 0 {
                s.max_visits += extra;
            }
        }
    })
    .expect("more visits keep the problem valid")
}

/// The problem with `posts` more postings — a base at a village and a team there (a copy
/// of the most common team) — chosen one at a time where they save the most: the village
/// whose round trips to the sites, weighted by each site's unactivated residents and
/// weight, are the most shorter than the round trips from the nearest base (or posting
/// already made). Also the posting places, for the report.
pub fn with_postings(p: &Problem, posts: usize) -> (Problem, Vec<String>) {
    let Some(template) = most_common_team(p).cloned() else {
        return (p.clone(), Vec::new());
    };
    let mut q = p.clone();
    let mut named = Vec::new();
    let leg = |q: &Problem, a: usize, b: usize| -> f64 {
        let m = q.travel.minutes(a, b);
        if m == crate::problem::Travel::UNREACHABLE {
            f64::INFINITY
        } else {
            f64::from(m)
        }
    };
    for _ in 0..posts {
        let n_bases = q.bases.len();
        let place = |s: usize| n_bases + s;
        // Shortest round trip from any base to each site.
        let round: Vec<f64> = (0..q.sites.len())
            .map(|s| {
                (0..n_bases)
                    .map(|b| leg(&q, b, place(s)) + leg(&q, place(s), b))
                    .fold(f64::INFINITY, f64::min)
            })
            .collect();
        let worth: Vec<f64> = q
            .sites
            .iter()
            .map(|s| {
                if s.max_visits > 0 {
                    s.pool * s.weight
                } else {
                    0.0
                }
            })
            .collect();
        // Candidates: every village up to 1,500 sites, else every fourth.
        let step = if q.sites.len() <= 1_500 { 1 } else { 4 };
        let saving = |c: usize| -> f64 {
            (0..q.sites.len())
                .filter(|&s| worth[s] > 0.0)
                .map(|s| {
                    let from_c = leg(&q, place(c), place(s)) + leg(&q, place(s), place(c));
                    let now = if round[s].is_finite() {
                        round[s]
                    } else {
                        from_c.max(1.0) * 4.0
                    };
                    worth[s] * (now - from_c).max(0.0)
                })
                .sum()
        };
        let best = (0..q.sites.len())
            .step_by(step)
            .map(|c| (saving(c), c))
            .filter(|&(v, _)| v > 0.0)
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)));
        let Some((_, at)) = best else { break };
        let site = q.sites[at].clone();
        let travel = q.travel.with_place_like(n_bases, place(at));
        let label = format!("{} ({})", site.name, q.districts[site.district].name);
        q = q
            .edited(|r| {
                r.bases.push(crate::problem::Base {
                    id: format!("post-{}", site.code),
                    name: format!("Pos {}", site.name),
                    lat: site.lat,
                    lon: site.lon,
                });
                r.teams.push(Team {
                    id: format!("post-{}", named.len() + 1),
                    base: n_bases,
                    ..template.clone()
                });
                r.travel = travel;
            })
            .expect("a posting at a village keeps the problem valid");
        named.push(label);
    }
    (q, named)
}

/// Why one more kit (making `q` from `before`) can add nothing, when that can be told
/// without planning: no site's signal is weaker than a kit's, or no team without a kit
/// reaches such a site on a day trip.
pub fn why_no_kit_gain(before: &Problem, q: &Problem) -> Option<String> {
    let boost = q.kits.boost();
    let weak = q.sites.iter().filter(|s| s.connectivity < boost).count();
    if weak == 0 {
        return Some(format!(
            "every site already has a signal at least as good as a kit's ({boost:.2})"
        ));
    }
    let had = crate::kits::carriers(before).iter().filter(|&&c| c).count();
    let has = crate::kits::carriers(q).iter().filter(|&&c| c).count();
    if has <= had {
        return Some(format!(
            "no team without a kit can add anything with one: the {weak} sites with a weaker \
             signal are out of every other team's day trips or already have all their visits"
        ));
    }
    None
}

fn most_common_team(p: &Problem) -> Option<&Team> {
    p.teams.iter().max_by_key(|t| {
        p.teams
            .iter()
            .filter(|u| u.base == t.base && u.staff == t.staff && u.shift == t.shift)
            .count()
    })
}

fn step(
    p: &Problem,
    plan: &Plan,
    lever: &str,
    setting: String,
    previous: Option<(f64, f64)>,
) -> Step {
    let eval = evaluate(p, plan);
    let curve = cumulative_by_day(p, plan, &eval);
    let share = |x: f64| {
        if p.target.eligible > 0.0 {
            x / p.target.eligible
        } else {
            0.0
        }
    };
    let end = curve.last().copied().unwrap_or(p.target.activated);
    let reached = curve
        .iter()
        .position(|&c| share(c) + 1e-12 >= p.target.share);
    let cost = plan.cost(p);
    let marginal = previous.map_or(0.0, |(prev, _)| eval.activations - prev);
    // Only where the step costs more than the one before: a lever the scenario gives no
    // cost for (staff, kits, visits) shows none rather than Rp 0.
    let rupiah_per_extra = previous
        .filter(|&(_, prev_cost)| marginal >= 0.5 && cost > prev_cost)
        .map(|(_, prev_cost)| (cost - prev_cost) / marginal);
    Step {
        lever: lever.into(),
        setting,
        teams: p.teams.len(),
        staff_total: p.teams.iter().map(|t| t.staff).sum(),
        expected_activations: eval.activations,
        marginal,
        forecast_share: share(end),
        target_met: reached.is_some(),
        target_date: reached.map(|d| p.days[d].date),
        cost,
        rupiah_per_extra,
        why_nothing: None,
    }
}

/// Tries the levers, re-planning each setting with `solve`, up to `max_steps` steps per lever
/// (stopping a lever at the first step that meets the target).
pub fn what_it_takes(
    p: &Problem,
    solve: &(dyn Fn(&Problem) -> Plan + Sync),
    max_steps: usize,
) -> WhatItTakes {
    let base_plan = solve(p);
    let current = step(
        p,
        &base_plan,
        "current",
        format!("{} teams as they are", p.teams.len()),
        None,
    );

    // Projected date at the current pace (walk-ins + teams), extrapolated past the horizon.
    let eval = evaluate(p, &base_plan);
    let curve = cumulative_by_day(p, &base_plan, &eval);
    let target = p.target.share * p.target.eligible;
    let (projected_date, beyond) = match current.target_date {
        Some(d) => (Some(d), false),
        None => {
            let end = curve.last().copied().unwrap_or(p.target.activated);
            let days = p.days.len().max(1) as f64;
            let pace = (end - p.target.activated) / days;
            if pace > 0.0 {
                let more = ((target - end) / pace).ceil() as u64;
                let last = p.days.last().map(|d| d.date);
                (last.and_then(|d| d.checked_add_days(Days::new(more))), true)
            } else {
                (None, true)
            }
        }
    };

    let run_lever = |lever: &str, make: &dyn Fn(usize) -> (Problem, String)| -> Vec<Step> {
        let mut steps = Vec::new();
        let mut previous = (current.expected_activations, current.cost);
        let mut previous_plan = base_plan.clone();
        let mut previous_problem = p.clone();
        for k in 1..=max_steps {
            let (q, setting) = make(k);
            // Every lever only adds capacity, so the previous step's plan is still feasible:
            // keep it when the re-plan does worse (a heuristic is not monotone by itself).
            let fresh = solve(&q);
            let plan = if evaluate(&q, &fresh).objective >= evaluate(&q, &previous_plan).objective {
                fresh
            } else {
                previous_plan.clone()
            };
            let mut s = step(&q, &plan, lever, setting, Some(previous));
            if lever == "postings" && s.marginal < 0.5 {
                s.why_nothing = Some(
                    "the sites the posted team reaches are already worked as far as their \
                     visits and the teams' days allow"
                        .into(),
                );
            }
            if lever == "kits" && s.marginal < 0.5 {
                s.why_nothing = why_no_kit_gain(&previous_problem, &q).or_else(|| {
                    Some(
                        "the sites a kit helps that the teams reach are already worked as far \
                         as their visits and the teams' days allow"
                            .into(),
                    )
                });
            }
            previous_problem = q;
            previous_plan = plan;
            previous = (s.expected_activations, s.cost);
            let met = s.target_met;
            steps.push(s);
            // Two steps in a row that gain nothing: the lever has run dry (a kit that adds
            // nothing says why after the first, and the next would add nothing either).
            let dry = |s: &Step| s.marginal < 0.5;
            let stalled = match steps.as_slice() {
                [.., a, b] => dry(a) && dry(b),
                [a] => lever == "kits" && dry(a),
                [] => false,
            };
            if met || stalled {
                break;
            }
        }
        steps
    };
    let (teams, (staff, (weekend, (kits, (visits, postings))))) = if current.target_met {
        let none = Vec::new;
        (none(), (none(), (none(), (none(), (none(), none())))))
    } else {
        let teams = || {
            run_lever("teams", &|k| {
                (
                    with_extra_teams(p, k),
                    format!("{} teams", p.teams.len() + k),
                )
            })
        };
        let staff = || {
            run_lever("staff", &|k| {
                let q = with_extra_staff(p, k as u32);
                let per = q.teams.first().map_or(0, |t| t.staff);
                (q, format!("+{k} staff per team ({per} on the first team)"))
            })
        };
        let weekend = || {
            run_lever("weekend", &|k| match k {
                1 => (with_weekend_duty(p, &[5]), "Saturday duty".to_string()),
                _ => (
                    with_weekend_duty(p, &[5, 6]),
                    "Saturday and Sunday duty".to_string(),
                ),
            })
            .into_iter()
            .take(2)
            .collect()
        };
        let kits = || {
            run_lever("kits", &|k| {
                let q = with_extra_kits(p, k as u32);
                let n = q.kits.count;
                (
                    q,
                    format!("{n} connectivity kit{}", if n == 1 { "" } else { "s" }),
                )
            })
        };
        let visits = || {
            run_lever("visits", &|k| {
                (
                    with_extra_visits(p, k as u32),
                    format!(
                        "+{k} visit{} allowed per site",
                        if k == 1 { "" } else { "s" }
                    ),
                )
            })
        };
        let postings = || {
            run_lever("postings", &|k| {
                let (q, places) = with_postings(p, k);
                let last = places.last().cloned().unwrap_or_default();
                (
                    q,
                    format!(
                        "+{k} posting{}, the last at {last}",
                        if k == 1 { "" } else { "s" }
                    ),
                )
            })
        };
        rayon::join(teams, || {
            rayon::join(staff, || {
                rayon::join(weekend, || {
                    rayon::join(kits, || rayon::join(visits, postings))
                })
            })
        })
    };
    WhatItTakes {
        scenario: p.name.clone(),
        target_share: p.target.share,
        current,
        projected_date,
        projected_beyond_horizon: beyond,
        teams,
        staff,
        weekend,
        kits,
        visits,
        postings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::synthetic::{Shape, random_problem};

    fn greedy(p: &Problem) -> Plan {
        crate::constructive::greedy::solve(p).plan
    }

    /// A 40-village district with one team and 60 days.
    fn one_team_district() -> Problem {
        random_problem(
            11,
            &Shape {
                sites: 40,
                teams: 1,
                days: 60,
                area_km: 30.0,
            },
        )
    }

    #[test]
    fn more_capacity_never_lowers_the_forecast_and_the_target_is_met_when_reachable() {
        let p = one_team_district();
        // A target a few extra teams can reach.
        let one = evaluate(&p, &greedy(&p)).activations;
        let q = with_extra_teams(&p, 1);
        let two = evaluate(&q, &greedy(&q)).activations;
        assert!(two > one);
        let needed = (one + two) / 2.0;
        let share = (p.target.activated + p.organic_total() + needed) / p.target.eligible;
        let p = p.edited(|p| p.target.share = share).unwrap();
        let w = what_it_takes(&p, &greedy, 6);
        assert!(!w.current.target_met);
        assert!(w.projected_beyond_horizon && w.projected_date.is_some());
        let last = w.teams.last().unwrap();
        assert!(last.target_met, "{:?}", w.teams);
        assert_eq!(w.teams.len(), 1, "one extra team is what it takes");
        assert!(w.teams[0].marginal > 0.0, "{:?}", w.teams[0]);
        for s in w.teams.iter().chain(&w.staff).chain(&w.weekend) {
            assert!(s.marginal >= 0.0, "{s:?}");
        }
        assert!(w.weekend.len() <= 2);
    }

    #[test]
    fn levers_change_only_what_they_say() {
        let p = random_problem(3, &Shape::default());
        let q = with_extra_teams(&p, 2);
        assert_eq!(q.teams.len(), p.teams.len() + 2);
        assert_eq!(q.sites, p.sites);
        let q = with_extra_staff(&p, 1);
        assert!(
            q.teams
                .iter()
                .zip(&p.teams)
                .all(|(a, b)| a.staff == b.staff + 1)
        );
        let q = with_weekend_duty(&p, &[5]);
        assert!(q.teams.iter().all(|t| t.weekdays[5] && !t.weekdays[6]));
    }

    #[test]
    fn a_kit_gains_where_villages_have_no_signal_and_says_why_when_it_cannot() {
        let p = random_problem(
            5,
            &Shape {
                sites: 30,
                teams: 2,
                days: 40,
                area_km: 30.0,
            },
        )
        .edited(|q| {
            for s in q.sites.iter_mut().step_by(2) {
                s.connectivity = 0.0;
            }
            q.target.share = 1.0;
        })
        .unwrap();
        let w = what_it_takes(&p, &greedy, 2);
        assert_eq!(w.kits.len(), 2);
        assert_eq!(w.kits[0].setting, "1 connectivity kit");
        assert!(w.kits[0].marginal > 0.0, "{:?}", w.kits[0]);
        assert!(w.kits[0].why_nothing.is_none());
        // Every site with a good signal: a kit cannot add anything, and says so.
        let full = p
            .edited(|q| q.sites.iter_mut().for_each(|s| s.connectivity = 1.0))
            .unwrap();
        let w = what_it_takes(&full, &greedy, 3);
        assert_eq!(w.kits.len(), 1, "a kit that gains nothing ends the lever");
        assert!(w.kits[0].marginal.abs() < 0.5, "{:?}", w.kits[0]);
        let why = w.kits[0].why_nothing.as_deref().unwrap();
        assert!(why.contains("signal"), "{why}");
        assert!(!w.visits.is_empty());
        let q = with_extra_visits(&p, 2);
        assert!(
            q.sites
                .iter()
                .zip(&p.sites)
                .all(|(a, b)| a.max_visits == b.max_visits + 2 * u32::from(b.max_visits > 0))
        );
        let q = with_extra_kits(&p, 3);
        assert_eq!(q.kits.count, 3);
        assert_eq!(q.sites, p.sites);
    }

    #[test]
    fn a_posting_is_a_base_and_a_team_where_a_village_is() {
        let p = random_problem(
            6,
            &Shape {
                sites: 40,
                teams: 2,
                days: 30,
                area_km: 80.0,
            },
        );
        let (q, places) = with_postings(&p, 2);
        assert_eq!(places.len(), 2);
        assert_eq!(q.bases.len(), p.bases.len() + 2);
        assert_eq!(q.teams.len(), p.teams.len() + 2);
        assert_eq!(q.sites, p.sites);
        for (k, team) in q.teams[p.teams.len()..].iter().enumerate() {
            let b = team.base;
            assert_eq!(b, p.bases.len() + k, "each posted team at its own post");
            let code = q.bases[b].id.strip_prefix("post-").unwrap();
            let s = q.sites.iter().position(|s| s.code == code).unwrap();
            // The post is where its village is: the same legs to every site.
            for o in 0..q.sites.len() {
                if o != s {
                    assert_eq!(
                        q.travel.minutes(b, q.site_place(o)),
                        q.travel.minutes(q.site_place(s), q.site_place(o))
                    );
                }
            }
        }
        // The existing bases keep their legs.
        for s in 0..p.sites.len() {
            assert_eq!(
                q.travel.minutes(0, q.site_place(s)),
                p.travel.minutes(0, p.site_place(s))
            );
        }
        // Re-planned, the posted teams go out.
        let plan = greedy(&q);
        assert!(plan.routes.iter().any(|r| r.team >= p.teams.len()));
    }

    #[test]
    fn a_lever_that_costs_says_what_each_extra_activation_costs() {
        // Random problems cost Rp 300,000 a team-day: one more team costs its days.
        let p = one_team_district()
            .edited(|q| q.target.share = 1.0)
            .unwrap();
        let w = what_it_takes(&p, &greedy, 1);
        let s = &w.teams[0];
        assert!(s.marginal > 0.0 && s.cost > w.current.cost, "{s:?}");
        let per = s.rupiah_per_extra.unwrap();
        assert!(
            (per - (s.cost - w.current.cost) / s.marginal).abs() < 1e-6,
            "{per} {s:?}"
        );
        // Without costs, no Rupiah figure.
        let free = p
            .edited(|q| {
                q.teams.iter_mut().for_each(|t| {
                    t.cost_per_day = 0.0;
                    t.cost_per_km = 0.0
                })
            })
            .unwrap();
        let w = what_it_takes(&free, &greedy, 1);
        assert!(w.teams[0].rupiah_per_extra.is_none());
    }
}

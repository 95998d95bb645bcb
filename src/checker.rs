//! The independent plan checker.
//!
//! A plan may come from any strategy, from the optimizer or from a planner who edited
//! `plan.csv` by hand. Before it is scored or printed, this module re-derives every rule
//! from the [`Problem`] alone — index ranges, who works when, travel times, opening hours,
//! visit lengths, visit counts and gaps — and lists every breach. It deliberately shares no
//! code with `schedule` or the strategies, so a bug there cannot hide itself here. In
//! particular it re-derives the timing of each trip on purpose, independently of
//! [`crate::schedule`] (the owner of the timing rule and its `Segment`): it walks each
//! route's stops itself instead of using that type.

use crate::plan::{Plan, Route};
use crate::problem::{Problem, Travel, hhmm};
use std::fmt;

/// One broken rule. `code` is stable (tests and scripts match on it); `day`, `team` and
/// `site` are indices into the problem when they are known and in range.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub code: &'static str,
    pub day: Option<usize>,
    pub team: Option<usize>,
    pub site: Option<usize>,
    /// Date, team id and site code (and name) spelled out from the problem, for display.
    pub context: String,
    pub message: String,
}

/// Every violation code, with what it means.
pub const CODES: &[(&str, &str)] = &[
    ("bad-day", "the route's day is outside the horizon"),
    ("bad-team", "the route's team index does not exist"),
    ("bad-site", "a stop's site index does not exist"),
    (
        "too-many-kits",
        "more teams carry a connectivity kit on the day than the scenario has kits",
    ),
    (
        "team-off",
        "the team does not work that day (holiday, blackout or weekday off)",
    ),
    (
        "two-routes",
        "the team has more than one route on the same day",
    ),
    (
        "unreachable",
        "there is no road between two consecutive places",
    ),
    (
        "depart-before-shift",
        "the team would have to leave its base before its shift starts",
    ),
    (
        "arrive-too-early",
        "arrival is earlier than the previous stop's end plus travel",
    ),
    (
        "start-before-arrive",
        "service starts before the team arrives",
    ),
    ("site-closed", "the site cannot be visited on that day"),
    ("start-before-open", "service starts before the site opens"),
    (
        "wrong-length",
        "stay shorter than the site's shortest stay or longer than its longest",
    ),
    ("end-after-close", "service ends after the site closes"),
    (
        "back-after-shift",
        "the team is back at its base after its shift ends",
    ),
    (
        "repeat-in-route",
        "the same site appears twice in one route",
    ),
    (
        "too-many-visits",
        "the site is visited more often than its maximum",
    ),
    (
        "gap-too-short",
        "two visits to a site are closer than its minimum gap in days",
    ),
];

impl Violation {
    fn new(code: &'static str, route: &Route, site: Option<usize>, message: String) -> Self {
        Violation {
            code,
            day: Some(route.day),
            team: Some(route.team),
            site,
            context: String::new(),
            message,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "[{}]", self.code)?;
        if !self.context.is_empty() {
            write!(f, " {}", self.context)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// `2025-01-06 team T1 site S001 (Desa Sukamaju)`, from whichever indices are known.
fn context(p: &Problem, day: Option<usize>, team: Option<usize>, site: Option<usize>) -> String {
    let mut parts = Vec::new();
    if let Some(d) = day {
        parts.push(match p.days.get(d) {
            Some(day) => day.date.to_string(),
            None => format!("day #{d}"),
        });
    }
    if let Some(t) = team {
        parts.push(match p.teams.get(t) {
            Some(team) => format!("team {}", team.id),
            None => format!("team #{t}"),
        });
    }
    if let Some(s) = site {
        parts.push(match p.sites.get(s) {
            Some(site) => format!("site {} ({})", site.code, site.name),
            None => format!("site #{s}"),
        });
    }
    parts.join(" ")
}

/// Every rule the plan breaks, in route order, then the site-wide counts and gaps.
/// An empty list means the plan is feasible.
pub fn check(p: &Problem, plan: &Plan) -> Vec<Violation> {
    let mut out = Vec::new();
    // Whether team t already has a route on day d, at t * days + d.
    let mut has_route = vec![false; p.teams.len() * p.days.len()];
    // The days of each site's visits, for the horizon-wide counts and gaps.
    let mut visits_of: Vec<Vec<usize>> = vec![Vec::new(); p.sites.len()];
    // Connectivity kits in use on each day.
    let mut kits_on: Vec<u32> = vec![0; p.days.len()];

    for route in &plan.routes {
        if !indices_ok(p, route, &mut out) {
            continue;
        }
        let (t, d) = (route.team, route.day);
        if route.stops.is_empty() {
            continue;
        }
        if std::mem::replace(&mut has_route[t * p.days.len() + d], true) {
            out.push(Violation::new(
                "two-routes",
                route,
                None,
                "the team already has a route on this day; merge them into one trip".into(),
            ));
        }
        for s in &route.stops {
            visits_of[s.site].push(d);
        }
        if route.kit {
            kits_on[d] += 1;
            if kits_on[d] > p.kits.count {
                out.push(Violation::new(
                    "too-many-kits",
                    route,
                    None,
                    if p.kits.count == 0 {
                        "the team carries a connectivity kit, but the scenario has none (`[kits]`); \
                         clear its `kit` cells"
                            .into()
                    } else {
                        format!(
                            "{} connectivity kits in use on this day, the scenario has {}; \
                             clear the `kit` cells of a team that day",
                            kits_on[d], p.kits.count
                        )
                    },
                ));
            }
        }
        check_route(p, route, &mut out);
    }

    for (s, days) in visits_of.iter_mut().enumerate() {
        let site = &p.sites[s];
        if days.len() > site.max_visits as usize {
            out.push(Violation {
                code: "too-many-visits",
                day: None,
                team: None,
                site: Some(s),
                context: String::new(),
                message: format!(
                    "{} visits planned, at most {} allowed",
                    days.len(),
                    site.max_visits
                ),
            });
        }
        days.sort_unstable();
        for w in days.windows(2) {
            let gap = w[1] - w[0];
            if gap < site.min_gap_days as usize {
                out.push(Violation {
                    code: "gap-too-short",
                    day: Some(w[1]),
                    team: None,
                    site: Some(s),
                    context: String::new(),
                    message: format!(
                        "visited on {} and again {} day(s) later; at least {} days apart required",
                        p.days[w[0]].date, gap, site.min_gap_days
                    ),
                });
            }
        }
    }
    for v in &mut out {
        v.context = context(p, v.day, v.team, v.site);
    }
    out
}

/// Index checks; false when the route cannot be checked further.
fn indices_ok(p: &Problem, route: &Route, out: &mut Vec<Violation>) -> bool {
    let mut ok = true;
    // Whichever of the route's day and team exist, to say where the bad index is.
    let day = (route.day < p.days.len()).then_some(route.day);
    let team = (route.team < p.teams.len()).then_some(route.team);
    if route.day >= p.days.len() {
        out.push(Violation {
            code: "bad-day",
            day: None,
            team,
            site: None,
            context: String::new(),
            message: format!(
                "day index {} is outside the horizon of {} days",
                route.day,
                p.days.len()
            ),
        });
        ok = false;
    }
    if route.team >= p.teams.len() {
        out.push(Violation {
            code: "bad-team",
            day,
            team: None,
            site: None,
            context: String::new(),
            message: format!(
                "team index {} does not exist ({} teams)",
                route.team,
                p.teams.len()
            ),
        });
        ok = false;
    }
    for stop in &route.stops {
        if stop.site >= p.sites.len() {
            out.push(Violation {
                code: "bad-site",
                day,
                team,
                site: None,
                context: String::new(),
                message: format!(
                    "site index {} does not exist ({} sites)",
                    stop.site,
                    p.sites.len()
                ),
            });
            ok = false;
        }
    }
    ok
}

/// The rules of one day trip: shift, travel, windows, visit lengths, repeats.
fn check_route(p: &Problem, route: &Route, out: &mut Vec<Violation>) {
    let (t, d) = (route.team, route.day);
    let shift = p.shift(t, d);
    if shift.is_none() {
        let day = &p.days[d];
        let why = if let Some(h) = &day.holiday {
            format!("it is a holiday ({h})")
        } else if day.blackout {
            "it is a blackout date".to_string()
        } else if day.shorter_by > 0 {
            "reduced hours leave no shift".to_string()
        } else {
            "the team does not work on this weekday".to_string()
        };
        out.push(Violation::new(
            "team-off",
            route,
            None,
            format!("the team does not work this day: {why}"),
        ));
    }

    let base = p.team_place(t);
    let mut at = base;
    // End of the previous stop, minutes since midnight (signed: no wrap-around).
    let mut prev_end: Option<i64> = None;
    for (k, stop) in route.stops.iter().enumerate() {
        let s = stop.site;
        let site = &p.sites[s];
        let to = p.site_place(s);
        let leg = p.travel.minutes(at, to);
        let (arrive, start, end) = (stop.arrive as i64, stop.start as i64, stop.end as i64);

        if route.stops[..k].iter().any(|o| o.site == s) {
            out.push(Violation::new(
                "repeat-in-route",
                route,
                Some(s),
                "the site is visited twice on the same trip".into(),
            ));
        }
        if leg == Travel::UNREACHABLE {
            out.push(Violation::new(
                "unreachable",
                route,
                Some(s),
                format!("no road from {} to this site", place_name(p, at)),
            ));
        } else {
            let leg = leg as i64;
            match prev_end {
                None => {
                    if let Some(sh) = shift {
                        let depart = arrive - leg;
                        if depart < sh.open as i64 {
                            out.push(Violation::new(
                                "depart-before-shift",
                                route,
                                Some(s),
                                format!(
                                    "arriving at {} means leaving the base at {} ({} min drive), before the shift starts at {}",
                                    hhmm(stop.arrive),
                                    clock(depart),
                                    leg,
                                    hhmm(sh.open)
                                ),
                            ));
                        }
                    }
                }
                Some(prev) => {
                    if arrive < prev + leg {
                        out.push(Violation::new(
                            "arrive-too-early",
                            route,
                            Some(s),
                            format!(
                                "arrives at {} but the previous stop ends at {} and the drive takes {} min (earliest {})",
                                hhmm(stop.arrive),
                                clock(prev),
                                leg,
                                clock(prev + leg)
                            ),
                        ));
                    }
                }
            }
        }
        if start < arrive {
            out.push(Violation::new(
                "start-before-arrive",
                route,
                Some(s),
                format!(
                    "service starts at {} before the team arrives at {}",
                    hhmm(stop.start),
                    hhmm(stop.arrive)
                ),
            ));
        }
        match p.site_window(s, d) {
            None => out.push(Violation::new(
                "site-closed",
                route,
                Some(s),
                site_closed_reason(p, s, d),
            )),
            Some(w) => {
                if start < w.open as i64 {
                    out.push(Violation::new(
                        "start-before-open",
                        route,
                        Some(s),
                        format!(
                            "service starts at {}, the site opens at {}",
                            hhmm(stop.start),
                            hhmm(w.open)
                        ),
                    ));
                }
                if end > w.close as i64 {
                    out.push(Violation::new(
                        "end-after-close",
                        route,
                        Some(s),
                        format!(
                            "service ends at {}, the site closes at {}",
                            hhmm(stop.end),
                            hhmm(w.close)
                        ),
                    ));
                }
            }
        }
        let stay = end - start;
        if stay < i64::from(site.min_stay) || stay > i64::from(site.max_stay) {
            let allowed = if site.min_stay == site.max_stay {
                format!("a stay here lasts {} min", site.min_stay)
            } else {
                format!("a stay here lasts {}–{} min", site.min_stay, site.max_stay)
            };
            out.push(Violation::new(
                "wrong-length",
                route,
                Some(s),
                format!(
                    "service {}–{} lasts {stay} min, {allowed}",
                    hhmm(stop.start),
                    hhmm(stop.end),
                ),
            ));
        }
        prev_end = Some(end);
        at = to;
    }

    let (Some(last), Some(prev)) = (route.stops.last(), prev_end) else {
        return;
    };
    let leg = p.travel.minutes(at, base);
    if leg == Travel::UNREACHABLE {
        out.push(Violation::new(
            "unreachable",
            route,
            Some(last.site),
            format!("no road from this site back to {}", place_name(p, base)),
        ));
    } else if let Some(sh) = shift {
        let back = prev + leg as i64;
        if back > sh.close as i64 {
            out.push(Violation::new(
                "back-after-shift",
                route,
                Some(last.site),
                format!(
                    "back at the base at {} ({} min drive), after the shift ends at {}",
                    clock(back),
                    leg,
                    hhmm(sh.close)
                ),
            ));
        }
    }
}

/// Why site `s` cannot be visited on day `d`.
fn site_closed_reason(p: &Problem, s: usize, d: usize) -> String {
    let site = &p.sites[s];
    if d < site.first_day || d > site.last_day {
        let from = p.days.get(site.first_day).map(|x| x.date.to_string());
        let to = p.days.get(site.last_day).map(|x| x.date.to_string());
        format!(
            "the site can only be visited from {} to {}",
            from.unwrap_or_else(|| "-".into()),
            to.unwrap_or_else(|| "-".into())
        )
    } else {
        format!("the site is not open on {}s", p.days[d].date.format("%A"))
    }
}

/// Name of place `place` (a base or a site) for messages.
fn place_name(p: &Problem, place: usize) -> String {
    if place < p.bases.len() {
        format!("base {}", p.bases[place].id)
    } else {
        format!("site {}", p.sites[place - p.bases.len()].code)
    }
}

/// A signed clock time as `HH:MM` (negative times, before midnight, are shown with a sign).
fn clock(m: i64) -> String {
    if m < 0 {
        format!("-{}", hhmm((-m) as u32))
    } else {
        hhmm(m as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{Route, Stop};
    use crate::synthetic::{Shape, random_problem};

    fn tiny() -> Problem {
        random_problem(
            3,
            &Shape {
                sites: 12,
                teams: 2,
                days: 21,
                area_km: 30.0,
            },
        )
    }

    /// A first weekday village visit for team 0 on day 0 (a Monday), timed by hand.
    fn one_stop(p: &Problem, s: usize) -> Route {
        let w = p.sites[s].window;
        let open = p.teams[0].shift.open.max(w.open);
        let arrive = (p.teams[0].shift.open + p.base_to_site(0, s)).max(open);
        Route {
            team: 0,
            day: 0,
            stops: vec![Stop {
                site: s,
                arrive,
                start: arrive,
                end: arrive + p.sites[s].min_stay,
            }],
            kit: false,
        }
    }

    fn village(p: &Problem) -> usize {
        (0..p.sites.len())
            .find(|&s| {
                p.sites[s].weekdays[0] && p.sites[s].kind == crate::problem::SiteKind::Village
            })
            .unwrap()
    }

    #[test]
    fn a_hand_timed_stop_is_feasible() {
        let p = tiny();
        let plan = Plan {
            routes: vec![one_stop(&p, village(&p))],
        };
        assert_eq!(check(&p, &plan), vec![]);
    }

    #[test]
    fn display_names_date_team_and_site() {
        let p = tiny();
        let s = village(&p);
        let mut r = one_stop(&p, s);
        r.stops[0].end += 1;
        let v = check(&p, &Plan { routes: vec![r] });
        assert_eq!(v.len(), 1);
        let text = v[0].to_string();
        assert!(text.contains("2025-01-06"), "{text}");
        assert!(text.contains(&p.teams[0].id), "{text}");
        assert!(text.contains(&p.sites[s].code), "{text}");
        assert!(text.contains("wrong-length"), "{text}");
    }
}

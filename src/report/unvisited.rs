//! Why a site is not in the plan (or is visited fewer times than the LP would like).
//!
//! A head of office will ask about the villages the plan leaves out. Each reason here is
//! derived from the `Problem` and the response model, in this order, and the first that
//! applies is reported:
//!
//! 1. `nothing-left`: no unactivated residents remain in the site's pool.
//! 2. `no-capacity`: connectivity 0 (or no throughput), so a visit activates no one.
//! 3. `never-open`: the site is never open on a day a team works.
//! 4. `out-of-reach`: no team can leave its base, serve the site and be back within a shift.
//! 5. `no-kit-in-reach`: no signal, and no team that carries a connectivity kit
//!    ([`crate::kits::carriers`]) can serve it on a day trip.
//! 6. `max-visits`: the site already has its maximum number of visits.
//! 7. `low-yield`: its next visit would activate fewer residents per minute (service plus
//!    the shortest drive in from any place) than the teams' least productive tenth of visits in the plan.
//! 8. `no-room`: worth a visit at the teams' rate, but every team-day that could take it
//!    was full; more team-days (see `jemput what-it-takes`) would add it.

use crate::plan::Plan;
use crate::problem::Problem;
use crate::response::{Evaluation, visit_gain};
use crate::schedule;
use serde::Serialize;
use std::fmt::Write;

/// One site the plan leaves out or under-serves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unvisited {
    pub code: String,
    pub name: String,
    pub district: String,
    /// Visits in the plan.
    pub visits: u32,
    /// Visits in the LP allocation, when a bound was computed.
    pub lp_visits: Option<f64>,
    /// Stable reason code (see the module documentation).
    pub reason: &'static str,
    /// The reason in words, with the figures behind it.
    pub detail: String,
}

/// The sites `plan` leaves out — and, given the LP's visits per site (`lp_visits`), those it
/// visits at least one visit less than the LP allocation — each with the reason.
pub fn unvisited(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    lp_visits: Option<&[f64]>,
) -> Vec<Unvisited> {
    let carriers = crate::kits::carriers(p);
    let staff = crate::response::Crew {
        staff: p.teams.iter().map(|t| t.staff).max().unwrap_or(0),
        kit: p.kits.boost(),
    };
    // Yield of the visits the teams make: activations per minute of service + drive in.
    let mut yields: Vec<f64> = Vec::new();
    for (route, gains) in plan.routes.iter().zip(&eval.per_stop) {
        let legs = route.legs(p);
        for (k, (stop, g)) in route.stops.iter().zip(gains).enumerate() {
            let minutes = stop.end.saturating_sub(stop.start) + legs[k];
            if minutes > 0 {
                yields.push(g / minutes as f64);
            }
        }
    }
    yields.sort_by(f64::total_cmp);
    let low = yields.get(yields.len() / 10).copied();

    // The shortest drive into each place, computed once when a site needs it.
    let mut shortest: Option<Vec<u32>> = None;
    let mut out = Vec::new();
    for (s, site) in p.sites.iter().enumerate() {
        let visits = eval.visits[s];
        let lp = lp_visits.and_then(|v| v.get(s).copied());
        let short_of_lp = lp.is_some_and(|l| (visits as f64) + 0.5 <= l);
        if visits > 0 && !short_of_lp {
            continue;
        }
        let remaining = (site.pool - eval.per_site[s]).max(0.0);
        let open_days: Vec<usize> = (0..p.days.len())
            .filter(|&d| p.site_window(s, d).is_some())
            .filter(|&d| (0..p.teams.len()).any(|t| p.shift(t, d).is_some()))
            .collect();
        let (reason, detail) = if remaining <= 1e-9 {
            (
                "nothing-left",
                "every resident in its pool is expected to be activated".into(),
            )
        } else if site.connectivity.max(p.kits.boost()) <= 0.0 || site.minutes_per_activation <= 0.0
        {
            (
                "no-capacity",
                format!(
                    "connectivity {:.2}: a visit can activate no one (a connectivity kit would: declare the office's kits in `[kits]`)",
                    site.connectivity
                ),
            )
        } else if open_days.is_empty() {
            (
                "never-open",
                "never open on a day a team works (check its weekdays, dates and the team weekdays)".into(),
            )
        } else if !open_days
            .iter()
            .any(|&d| (0..p.teams.len()).any(|t| schedule::fits(p, t, d, &[s])))
        {
            (
                "out-of-reach",
                format!(
                    "no team can drive there, serve {} min and be back within its shift",
                    site.min_stay
                ),
            )
        } else if site.connectivity <= 0.0
            && !open_days
                .iter()
                .any(|&d| (0..p.teams.len()).any(|t| carriers[t] && schedule::fits(p, t, d, &[s])))
        {
            (
                "no-kit-in-reach",
                "no signal, and no team that carries a connectivity kit can serve it on a day \
                 trip (one more kit, at another office: `jemput what-it-takes`)"
                    .into(),
            )
        } else if visits >= site.max_visits {
            (
                "max-visits",
                format!("already at its maximum of {} visits", site.max_visits),
            )
        } else {
            let gain = visit_gain(site, staff, site.min_stay, visits + 1, remaining);
            let into = shortest.get_or_insert_with(|| p.travel.shortest_in())[p.site_place(s)];
            let minutes = (site.min_stay + into).max(1);
            let rate = gain / minutes as f64;
            match low {
                Some(low) if rate < low => (
                    "low-yield",
                    format!(
                        "next visit ≈ {gain:.1} activations in {minutes} min ({rate:.2}/min); the teams' least productive tenth of visits made {low:.2}/min or more"
                    ),
                ),
                _ => (
                    "no-room",
                    format!(
                        "next visit ≈ {gain:.1} activations ({rate:.2}/min) but the team-days that could take it were full"
                    ),
                ),
            }
        };
        out.push(Unvisited {
            code: site.code.clone(),
            name: site.name.clone(),
            district: p.districts[site.district].name.clone(),
            visits,
            lp_visits: lp,
            reason,
            detail,
        });
    }
    out
}

/// Quotes a CSV field when it needs it.
fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `unvisited.csv`: one row per site in `rows`.
pub fn unvisited_csv(rows: &[Unvisited]) -> String {
    let mut out = String::from("site_code,site_name,district,visits,lp_visits,reason,detail\n");
    for u in rows {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{}",
            field(&u.code),
            field(&u.name),
            field(&u.district),
            u.visits,
            u.lp_visits.map_or(String::new(), |v| format!("{v:.2}")),
            u.reason,
            field(&u.detail)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::evaluate;

    use crate::synthetic::{Shape, random_problem};

    #[test]
    fn each_left_out_site_gets_the_reason_that_applies() {
        // Site 0: no throughput. Site 1: never open. Site 2: nothing left.
        let p = random_problem(5, &Shape::default())
            .edited(|p| {
                p.sites[0].connectivity = 0.0;
                p.sites[1].weekdays = [false; 7];
                p.sites[2].pool = 0.0;
            })
            .unwrap();
        let plan = crate::constructive::greedy::solve(&p).plan;
        assert!(crate::checker::check(&p, &plan).is_empty());
        let eval = evaluate(&p, &plan);
        let rows = unvisited(&p, &plan, &eval, None);
        let reason = |code: &str| rows.iter().find(|u| u.code == code).map(|u| u.reason);
        assert_eq!(reason(&p.sites[0].code), Some("no-capacity"));
        assert_eq!(reason(&p.sites[1].code), Some("never-open"));
        assert_eq!(reason(&p.sites[2].code), Some("nothing-left"));
        // Every row is a site the plan does not visit.
        for u in &rows {
            let s = p.sites.iter().position(|s| s.code == u.code).unwrap();
            assert_eq!(eval.visits[s], 0, "{}", u.code);
        }
        let csv = unvisited_csv(&rows);
        assert_eq!(csv.lines().count(), rows.len() + 1);
    }

    #[test]
    fn a_no_signal_site_only_a_team_without_a_kit_reaches_has_no_kit_in_reach() {
        // Two offices: team 0 at the first (Tuesday to Friday), team 1 (Mondays only) at a
        // second office where site 3 is. Site 5 is out of the first office's day trips. One kit: it goes to team
        // 0, which can work the first office's no-signal villages every weekday.
        let p = random_problem(5, &Shape::default());
        let like = p.site_place(3);
        let p = p
            .edited(|q| {
                q.travel = q.travel.with_place_like(1, like);
                q.bases.push(crate::problem::Base {
                    id: "post".into(),
                    name: "Post".into(),
                    lat: None,
                    lon: None,
                });
                q.teams[1].base = 1;
                q.teams[1].weekdays = [true, false, false, false, false, false, false];
                q.teams[0].weekdays = [false, true, true, true, true, false, false];
                let five = 2 + 5;
                q.travel.set(0, five, 10_000, 500.0);
                q.travel.set(five, 0, 10_000, 500.0);
                for s in [5, 6, 7, 8] {
                    q.sites[s].connectivity = 0.0;
                }
                q.kits = crate::problem::Kits {
                    count: 1,
                    connectivity: 0.9,
                };
            })
            .unwrap();
        assert_eq!(crate::kits::carriers(&p), vec![true, false]);
        let plan = crate::constructive::greedy::solve(&p).plan;
        assert!(crate::checker::check(&p, &plan).is_empty());
        let eval = evaluate(&p, &plan);
        let rows = unvisited(&p, &plan, &eval, None);
        let reason = |code: &str| rows.iter().find(|u| u.code == code).map(|u| u.reason);
        assert_eq!(reason(&p.sites[5].code), Some("no-kit-in-reach"));
        // The other no-signal sites are worked with the kit.
        assert!(eval.visits[6] > 0 && eval.visits[7] > 0);
    }

    #[test]
    fn a_site_beyond_every_shift_is_out_of_reach() {
        let p = random_problem(8, &Shape::default());
        let far = p.site_place(3);
        let p = p
            .edited(|p| {
                for f in 0..p.travel.n {
                    if f != far {
                        p.travel.set(f, far, 10_000, 500.0);
                        p.travel.set(far, f, 10_000, 500.0);
                    }
                }
            })
            .unwrap();
        let plan = crate::constructive::greedy::solve(&p).plan;
        let eval = evaluate(&p, &plan);
        let rows = unvisited(&p, &plan, &eval, None);
        let row = rows.iter().find(|u| u.code == p.sites[3].code).unwrap();
        assert_eq!(row.reason, "out-of-reach");
    }

    #[test]
    fn sites_short_of_their_lp_share_are_listed() {
        let p = random_problem(9, &Shape::default());
        let plan = crate::constructive::greedy::solve(&p).plan;
        let eval = evaluate(&p, &plan);
        let lp: Vec<f64> = eval.visits.iter().map(|&v| v as f64 + 1.0).collect();
        let rows = unvisited(&p, &plan, &eval, Some(&lp));
        assert_eq!(rows.len(), p.sites.len());
        let exact: Vec<f64> = eval.visits.iter().map(|&v| v as f64).collect();
        let rows = unvisited(&p, &plan, &eval, Some(&exact));
        assert_eq!(rows.len(), eval.visits.iter().filter(|&&v| v == 0).count());
    }
}

//! Re-planning mid-year: apply what actually happened, keep what was published, re-optimize
//! the rest.
//!
//! History enters the problem by exact transformations of the sites, so every strategy, the
//! checker and the response model work on the re-planned problem unchanged:
//!
//! - a site's pool drops by the activations recorded there;
//! - after `k` earlier visits the next visit is the `(k+1)`-th, whose turnout is
//!   `reach · fatigue^k · remaining`: the site's `reach` is multiplied by `fatigue^k`;
//! - `max_visits` drops by `k`, and the site opens no earlier than `min_gap_days` after its
//!   last visit.
//!
//! Locked visits (a published plan) are kept exactly; the optimizer plans only the days after
//! the last locked day, with the locked visits entered as history at their expected gains.

use crate::plan::{Plan, Route};
use crate::problem::Problem;
use crate::response::{self, evaluate};
pub use crate::scenario::actuals::Actual;
use chrono::NaiveDate;

/// A visit that happened (or is fixed) before the first day of the re-planned horizon.
#[derive(Debug, Clone, Copy)]
struct Prior {
    site: usize,
    /// Day index in the original problem.
    day: usize,
    activations: f64,
}

/// Enters earlier visits into the sites of a problem whose horizon starts at `first`
/// (a day index of `p`), cuts the horizon to `first..` and adds `activated` to the target's
/// activated total. Built through [`Problem::edited`], so the result is checked again.
fn with_history(p: &Problem, first: usize, priors: &[Prior], activated: f64) -> Problem {
    p.edited(|q| {
        q.days = p.days[first..].to_vec();
        q.target.activated += activated;
        for s in &mut q.sites {
            s.first_day = s.first_day.saturating_sub(first);
            s.last_day = s.last_day.saturating_sub(first);
            if s.last_day < s.first_day || p.sites.is_empty() {
                s.max_visits = 0;
            }
        }
        for (i, site) in q.sites.iter_mut().enumerate() {
            let mine: Vec<&Prior> = priors.iter().filter(|v| v.site == i).collect();
            if mine.is_empty() {
                continue;
            }
            let k = mine.len() as u32;
            let got: f64 = mine.iter().map(|v| v.activations).sum();
            site.pool = (site.pool - got).max(0.0);
            // The next visit is the (k+1)-th: its turnout rate becomes the site's reach.
            site.reach = response::turnout_rate(site, k + 1);
            site.max_visits = site.max_visits.saturating_sub(k);
            let last = mine.iter().map(|v| v.day).max().unwrap_or(0);
            // First allowed day in the new horizon: last visit + gap.
            let open_again = (last + site.min_gap_days as usize).saturating_sub(first);
            site.first_day = site.first_day.max(open_again);
            if site.first_day > site.last_day {
                site.max_visits = 0;
            }
        }
    })
    .expect("cutting the horizon and shrinking pools keeps the problem valid")
}

/// The problem as it stands on `from`: actual activations before `from` taken off the pools
/// (with walk-ins at the office before `from` at the scenario's organic rate) and the horizon
/// cut to `from..=end`.
pub fn from_date(p: &Problem, from: NaiveDate, actuals: &[Actual]) -> Result<Problem, String> {
    let first = p.day_of(from).ok_or_else(|| {
        format!(
            "--from {from} is outside the scenario horizon {}..{}",
            p.days.first().map_or(String::new(), |d| d.date.to_string()),
            p.days.last().map_or(String::new(), |d| d.date.to_string())
        )
    })?;
    let mut priors = Vec::new();
    for a in actuals {
        let day = p.day_of(a.date).ok_or_else(|| {
            format!(
                "actuals: {} at {} is outside the scenario horizon",
                a.date, p.sites[a.site].code
            )
        })?;
        if day >= first {
            return Err(format!(
                "actuals: {} at {} is on or after --from {from}; only what happened before can be applied",
                a.date, p.sites[a.site].code
            ));
        }
        priors.push(Prior {
            site: a.site,
            day,
            activations: a.activations,
        });
    }
    let walk_ins = p.days[..first]
        .iter()
        .filter(|d| !d.closed() && p.office_weekdays[d.weekday])
        .count() as f64
        * p.target.organic_per_day;
    let activated = priors.iter().map(|v| v.activations).sum::<f64>() + walk_ins;
    Ok(with_history(p, first, &priors, activated))
}

/// Re-plans `p` (already cut to start at `from`) keeping every `locked` route exactly: the
/// optimizer plans the days after the last locked day and the result is the locked routes
/// followed by the new ones.
pub fn replan(p: &Problem, locked: &Plan, solve: &dyn Fn(&Problem) -> Plan) -> Plan {
    let Some(last_locked) = locked.routes.iter().map(|r| r.day).max() else {
        return solve(p);
    };
    let first = last_locked + 1;
    if first >= p.days.len() {
        return locked.clone();
    }
    let eval = evaluate(p, locked);
    let mut priors = Vec::new();
    for (route, gains) in locked.routes.iter().zip(&eval.per_stop) {
        for (stop, &g) in route.stops.iter().zip(gains) {
            priors.push(Prior {
                site: stop.site,
                day: route.day,
                activations: g,
            });
        }
    }
    let rest = with_history(p, first, &priors, 0.0);
    let tail = solve(&rest);
    let mut routes: Vec<Route> = locked.routes.clone();
    routes.extend(tail.routes.into_iter().map(|mut r| {
        r.day += first;
        r
    }));
    let mut plan = Plan { routes };
    plan.normalize();
    plan
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::evaluate;

    use crate::synthetic::{Shape, random_problem};

    fn greedy(p: &Problem) -> Plan {
        crate::constructive::greedy::solve(p).plan
    }

    #[test]
    fn actuals_change_the_pools_exactly_as_stated() {
        let p = random_problem(21, &Shape::default());
        let from = p.days[20].date;
        let actuals = vec![
            Actual {
                site: 3,
                date: p.days[2].date,
                activations: 40.0,
            },
            Actual {
                site: 3,
                date: p.days[10].date,
                activations: 15.0,
            },
            Actual {
                site: 7,
                date: p.days[5].date,
                activations: 8.0,
            },
        ];
        let q = from_date(&p, from, &actuals).unwrap();
        assert_eq!(q.days.len(), p.days.len() - 20);
        assert_eq!(q.days[0].date, from);
        assert!((q.sites[3].pool - (p.sites[3].pool - 55.0)).abs() < 1e-9);
        assert!((q.sites[7].pool - (p.sites[7].pool - 8.0)).abs() < 1e-9);
        assert_eq!(q.sites[0].pool, p.sites[0].pool);
        // Two earlier visits: the next one is the third.
        let f = p.sites[3].fatigue;
        assert!((q.sites[3].reach - p.sites[3].reach * f * f).abs() < 1e-12);
        assert_eq!(q.sites[3].max_visits, p.sites[3].max_visits - 2);
        // Gap counted from the last visit (day 10).
        assert_eq!(
            q.sites[3].first_day,
            (10 + p.sites[3].min_gap_days as usize).saturating_sub(20)
        );
        assert!(q.target.activated >= p.target.activated + 63.0);
        assert!(
            from_date(&p, p.days[1].date, &actuals).is_err(),
            "actuals after --from"
        );
    }

    #[test]
    fn locked_visits_never_move_and_the_rest_is_replanned() {
        let p = random_problem(22, &Shape::default());
        let full = greedy(&p);
        // Publish the first two weeks.
        let locked = Plan {
            routes: full.routes.iter().filter(|r| r.day < 14).cloned().collect(),
        };
        assert!(!locked.routes.is_empty());
        let plan = replan(&p, &locked, &greedy);
        for r in &locked.routes {
            assert!(plan.routes.contains(r), "locked route moved: {r:?}");
        }
        let extra_in_window = plan
            .routes
            .iter()
            .filter(|r| r.day < 14 && !locked.routes.contains(r))
            .count();
        assert_eq!(extra_in_window, 0);
        assert!(plan.routes.len() > locked.routes.len());
        // The locked prefix is greedy's own, so re-planning the tail reproduces greedy's value.
        let a = evaluate(&p, &plan).activations;
        let b = evaluate(&p, &full).activations;
        assert!((a - b).abs() < 1e-6 * b.max(1.0), "{a} vs {b}");
    }
}

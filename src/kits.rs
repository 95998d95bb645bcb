//! Which teams carry the connectivity kits, and on which days a kit is in use.
//!
//! A scenario's kits (`[kits]`, [`crate::problem::Kits`]) make a no-signal or weak-signal
//! village workable: a visit by a team carrying one works at the kit's connectivity. The
//! strategies give the kits to the teams that can reach the most such residents on a day
//! trip ([`carriers`]), for the whole horizon, and plan with those teams' crews; a route
//! then records the kit on the days it visits a site the kit helps ([`on_route`]), so a
//! planner sees where the kits go and may move one to another team on a day in plan.csv
//! (`jemput evaluate` checks that no more are in use on a day than exist).

use crate::problem::Problem;
use crate::response::{self, Crew};
use crate::schedule;

/// Per team: whether it carries one of the kits. The kits go one at a time to the team
/// that would add the most with one: each site a kit helps and the team reaches on a trip
/// of its own offers its visits (up to its maximum, each worth what the kit adds to that
/// visit at the site's longest stay), the team takes the best of them up to its working
/// days, and a carrier takes its visits away from the teams picked after it (a second kit
/// at an office whose villages the first already covers adds nothing). Ties go to the
/// earlier team; a team that would add nothing gets none.
pub fn carriers(p: &Problem) -> Vec<bool> {
    let boost = p.kits.boost();
    let mut out = vec![false; p.teams.len()];
    if boost <= 0.0 {
        return out;
    }
    // What a kit adds to each visit of each site it helps (weighted, non-increasing).
    let staff = p.teams.iter().map(|t| t.staff).max().unwrap_or(0);
    let added: Vec<Vec<f64>> = p
        .sites
        .iter()
        .map(|site| {
            if site.connectivity >= boost || site.max_visits == 0 {
                return Vec::new();
            }
            let stay = site.max_stay.min(site.window.len());
            let with =
                response::gain_sequence(site, Crew { staff, kit: boost }, stay, site.max_visits);
            let without = response::gain_sequence(site, staff, stay, site.max_visits);
            with.iter()
                .zip(&without)
                .map(|(a, b)| response::weighted(site, (a - b).max(0.0)))
                .collect()
        })
        .collect();
    let reach: Vec<Vec<usize>> = (0..p.teams.len())
        .map(|t| {
            let team = &p.teams[t];
            (0..p.sites.len())
                .filter(|&s| !added[s].is_empty())
                .filter(|&s| {
                    let site = &p.sites[s];
                    schedule::one_stop_fits(
                        team.shift,
                        p.base_to_site(t, s),
                        site.window,
                        site.min_stay,
                        p.site_to_base(s, t),
                    )
                })
                .collect()
        })
        .collect();
    let days: Vec<usize> = (0..p.teams.len())
        .map(|t| {
            (0..p.days.len())
                .filter(|&d| p.shift(t, d).is_some())
                .count()
        })
        .collect();
    // Visits of each site already taken by a carrier.
    let mut taken = vec![0usize; p.sites.len()];
    // The best `days[t]` visits team `t` could still add, as (site, visits it takes).
    let take = |t: usize, taken: &[usize]| -> (f64, Vec<(usize, usize)>) {
        let mut offers: Vec<(f64, usize)> = reach[t]
            .iter()
            .flat_map(|&s| added[s].iter().skip(taken[s]).map(move |&g| (g, s)))
            .collect();
        offers.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offers.truncate(days[t]);
        let mut per_site: Vec<(usize, usize)> = Vec::new();
        for &(_, s) in &offers {
            match per_site.iter_mut().find(|x| x.0 == s) {
                Some(x) => x.1 += 1,
                None => per_site.push((s, 1)),
            }
        }
        (offers.iter().map(|o| o.0).sum(), per_site)
    };
    for _ in 0..p.kits.count {
        let best = (0..p.teams.len())
            .filter(|&t| !out[t])
            .map(|t| (take(t, &taken), t))
            .filter(|((w, _), _)| *w > 1e-9)
            .max_by(|a, b| a.0.0.total_cmp(&b.0.0).then(b.1.cmp(&a.1)));
        let Some(((_, visits), t)) = best else { break };
        out[t] = true;
        for (s, q) in visits {
            taken[s] += q;
        }
    }
    out
}

/// The crew of each team as the strategies plan with it: its staff, and the kit's
/// connectivity for the [`carriers`].
pub fn crews(p: &Problem) -> Vec<Crew> {
    carriers(p)
        .into_iter()
        .enumerate()
        .map(|(t, kit)| Crew::of(p, t, kit))
        .collect()
}

/// Whether a kit adds connectivity at any of `sites`.
pub fn helps(p: &Problem, sites: impl IntoIterator<Item = usize>) -> bool {
    let boost = p.kits.boost();
    sites.into_iter().any(|s| p.sites[s].connectivity < boost)
}

/// Whether a route of `crew` through `sites` records a kit: the crew carries one and it
/// adds connectivity at one of the stops.
pub fn on_route(p: &Problem, crew: Crew, sites: impl IntoIterator<Item = usize>) -> bool {
    crew.kit > 0.0 && helps(p, sites)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::problem::Kits;
    use crate::synthetic::{Shape, random_problem};

    #[test]
    fn kits_go_to_the_teams_that_reach_no_signal_villages() {
        let p = random_problem(2, &Shape::default());
        assert!(carriers(&p).iter().all(|&c| !c), "no kits, no carriers");
        let p = p
            .edited(|p| {
                p.kits = Kits {
                    count: 1,
                    connectivity: 0.9,
                };
                for s in p.sites.iter_mut().step_by(3) {
                    s.connectivity = 0.0;
                }
            })
            .unwrap();
        let c = carriers(&p);
        assert_eq!(c.iter().filter(|&&x| x).count(), 1);
        assert!(helps(&p, [0]));
        // The carrier is a team that reaches a no-signal village on a day trip.
        let t = c.iter().position(|&x| x).unwrap();
        assert!((0..p.sites.len()).step_by(3).any(|s| {
            let site = &p.sites[s];
            schedule::one_stop_fits(
                p.teams[t].shift,
                p.base_to_site(t, s),
                site.window,
                site.min_stay,
                p.site_to_base(s, t),
            )
        }));
        // Every site a kit could help at full signal: nobody carries one.
        let full = p
            .edited(|p| p.sites.iter_mut().for_each(|s| s.connectivity = 1.0))
            .unwrap();
        assert!(carriers(&full).iter().all(|&x| !x));
    }
}

//! Starting plans for the search.
//!
//! The LP relaxation already says how many visits each site deserves in each month (its
//! fractional allocation maximises the concave gains under the month's team-minutes). The
//! LP-guided construction rounds that allocation to whole visits per site and month, keeping
//! each month's total, and places the visits on team-days spread over the month, most
//! valuable first; whatever room is left is then filled by greedy insertion. The search
//! starts from the best of this plan and the `greedy` strategy's plan.

use super::recreate;
use super::state::{Ctx, State};
use crate::lp::LpBound;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Whole visits per site and month from the LP's fractional ones: per month, every site gets
/// the floor of its value, and the month's remaining visits (its rounded total minus the
/// floors) go to the largest fractional parts (ties: lower site index).
pub fn lp_targets(visits: &[Vec<f64>], months: usize, max_visits: &[u32]) -> Vec<Vec<u32>> {
    let n = visits.len();
    let mut out = vec![vec![0u32; months]; n];
    for m in 0..months {
        let value = |s: usize| {
            visits[s]
                .get(m)
                .copied()
                .filter(|v| v.is_finite())
                .unwrap_or(0.0)
                .max(0.0)
        };
        let total: f64 = (0..n).map(value).sum();
        let mut floors = 0u64;
        let mut fractions: Vec<(f64, usize)> = Vec::new();
        for (s, row) in out.iter_mut().enumerate() {
            let v = value(s);
            let f = v.floor();
            row[m] = f as u32;
            floors += f as u64;
            if v - f > 1e-9 {
                fractions.push((v - f, s));
            }
        }
        fractions.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        let extra = (total.round() as u64).saturating_sub(floors) as usize;
        for &(_, s) in fractions.iter().take(extra) {
            out[s][m] += 1;
        }
    }
    // Never more than a site's maximum over the horizon: drop the latest months' extras.
    for (s, row) in out.iter_mut().enumerate() {
        let mut over = row.iter().sum::<u32>().saturating_sub(max_visits[s]);
        for x in row.iter_mut().rev() {
            let cut = over.min(*x);
            *x -= cut;
            over -= cut;
        }
    }
    out
}

/// The LP-guided plan: the rounded targets placed month by month, then a greedy fill by
/// gain per minute and, if `deadline` has not passed, another by gain; the better is kept.
pub fn lp_guided(ctx: &Ctx, lp: &LpBound, deadline: Option<Instant>) -> State {
    let p = ctx.p;
    let months = p.months();
    let max_visits: Vec<u32> = p.sites.iter().map(|s| s.max_visits).collect();
    let targets = lp_targets(&lp.visits, months, &max_visits);
    let mut st = State::empty(ctx);
    // Slots and first/last day of each month.
    let mut month_slots: Vec<Vec<usize>> = vec![Vec::new(); months];
    let mut month_days: Vec<(usize, usize)> = vec![(usize::MAX, 0); months];
    for d in 0..p.days.len() {
        let m = p.month_index(d);
        month_days[m].0 = month_days[m].0.min(d);
        month_days[m].1 = month_days[m].1.max(d);
        month_slots[m].extend_from_slice(&ctx.slots_by_day[d]);
    }
    for m in 0..months {
        if month_slots[m].is_empty() {
            continue;
        }
        let (first, last) = month_days[m];
        let len = (last - first + 1) as f64;
        // (k-th of n visits this month, desired day, site)
        let mut demands: Vec<(u32, usize, usize)> = Vec::new();
        for (s, row) in targets.iter().enumerate() {
            let n = row[m];
            for k in 0..n {
                let want = first + ((k as f64 + 0.5) / n as f64 * len) as usize;
                demands.push((k, want.min(last), s));
            }
        }
        // First visits of the month before second ones; within, most valuable first.
        let value = |s: usize, st: &State| {
            let site = &p.sites[s];
            st.gain_delta(ctx, s, first, 0) / site.visit_minutes.max(1) as f64
        };
        let mut keyed: Vec<(u32, f64, usize, usize)> = demands
            .into_iter()
            .map(|(k, want, s)| (k, value(s, &st), want, s))
            .collect();
        keyed.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.total_cmp(&a.1)).then(a.3.cmp(&b.3)));
        let mut order = month_slots[m].clone();
        for (_, _, want, s) in keyed {
            order.sort_by_key(|&c| (ctx.slots[c].day.abs_diff(want), c));
            let mut best: Option<(usize, recreate::Insertion)> = None;
            for &c in &order {
                let dist = ctx.slots[c].day.abs_diff(want);
                if best.is_some_and(|(d, _)| dist > d) {
                    break;
                }
                if let Some(ins) = recreate::best_in_slot(ctx, &st, s, c)
                    && best.is_none_or(|(_, b)| ins.added < b.added)
                {
                    best = Some((dist, ins));
                }
            }
            if let Some((_, ins)) = best {
                st.insert(ctx, ins.slot, ins.pos, s);
            }
        }
    }
    // Fill what is left both ways, keep the better (the second only while time is left).
    let mut by_gain = st.clone();
    greedy_fill(ctx, &mut st, recreate::Scoring::PER_MINUTE);
    if deadline.is_none_or(|d| Instant::now() < d) {
        greedy_fill(
            ctx,
            &mut by_gain,
            recreate::Scoring {
                per_minute: false,
                noise: 0.0,
            },
        );
    }
    st.commit();
    by_gain.commit();
    if by_gain.objective > st.objective {
        by_gain
    } else {
        st
    }
}

/// Above this many (site, slot) pairs the greedy fill goes month by month: each insertion
/// then looks at one month's slots instead of the year's (a 3,500-site, 20-team year took
/// 49 s filled at once). Below it — every committed scenario — the whole year is filled at
/// once, which places each visit on its best team-day of the year.
const FILL_BY_MONTH_ABOVE: usize = 4_000_000;

/// Greedy insertion of every useful site into every slot with room, while something gains.
/// It always runs to the end, whatever the time limit: a plan with empty months would
/// mislead a planner more than a run that overshoots a very short limit.
pub fn greedy_fill(ctx: &Ctx, st: &mut State, scoring: recreate::Scoring) {
    let sites: Vec<usize> = (0..ctx.p.sites.len()).filter(|&s| ctx.useful[s]).collect();
    let slots: Vec<usize> = (0..ctx.slots.len())
        .filter(|&c| st.slack(ctx, c) >= ctx.min_visit)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    if sites.len().saturating_mul(slots.len()) <= FILL_BY_MONTH_ABOVE {
        recreate::fill(ctx, st, &sites, &slots, 1, scoring, &mut rng);
        return;
    }
    let p = ctx.p;
    for m in 0..p.months() {
        let month: Vec<usize> = slots
            .iter()
            .copied()
            .filter(|&c| p.month_index(ctx.slots[c].day) == m)
            .collect();
        if !month.is_empty() {
            recreate::fill(ctx, st, &sites, &month, 1, scoring, &mut rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_keeps_month_totals() {
        let visits = vec![
            vec![0.5, 1.2, 0.0],
            vec![0.5, 0.4, 2.0],
            vec![0.6, 0.4, 0.0],
            vec![0.4, 0.0, 0.0],
        ];
        let t = lp_targets(&visits, 3, &[9, 9, 9, 9]);
        for m in 0..3 {
            let want: f64 = visits.iter().map(|v| v[m]).sum();
            let got: u32 = t.iter().map(|r| r[m]).sum();
            assert_eq!(got as f64, want.round(), "month {m}: {t:?}");
        }
        // The largest remainders win; ties go to the lower index.
        assert_eq!(t[2][0], 1);
        assert_eq!(t[0][0] + t[1][0], 1);
        assert_eq!(t[0][0], 1);
        assert_eq!(t[0][1], 1);
        // The site maximum is respected.
        let capped = lp_targets(&visits, 3, &[1, 1, 1, 1]);
        assert!(capped.iter().all(|r| r.iter().sum::<u32>() <= 1));
    }
}

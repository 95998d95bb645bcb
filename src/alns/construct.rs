//! Starting plans for the search.
//!
//! The LP relaxation already says how many visits each site deserves in each month (its
//! fractional allocation maximises the concave gains under the month's team-minutes). The
//! LP-guided construction rounds that allocation to whole visits per site and month, keeping
//! each site's total, and places the visits on team-days spread over the month, most
//! valuable first; whatever room is left is then filled by greedy insertion. On small
//! districts a second plan rounds month by month instead ([`lp_guided_starts`]). The search
//! starts from the best of these and the `greedy` strategy's plan.

use super::recreate;
use super::state::{Ctx, State};
use crate::lp::LpBound;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::time::Instant;

/// Whole visits per site and month from the LP's fractional ones, by systematic rounding
/// along each site's months: with `C_m` the site's LP visits up to and including month `m`
/// and `u` a fixed offset in [0, 1) that differs from site to site, month `m` gets
/// `⌊C_m + u⌋ − ⌊C_(m−1) + u⌋` visits. Each site keeps its LP total rounded down or up (on
/// average exactly), its visits fall in the months where the LP put them, and a site the LP
/// spread thinly over the year (0.3 visits a month) gets its three or four visits instead of
/// none — rounding month by month would give every one of its months to the sites with the
/// largest fractions, then cut those back to their maximum, losing visits.
pub fn lp_targets(visits: &[Vec<f64>], months: usize, max_visits: &[u32]) -> Vec<Vec<u32>> {
    // Offsets from the golden-ratio sequence: deterministic and evenly spread.
    const PHI: f64 = 0.618_033_988_749_895;
    visits
        .iter()
        .enumerate()
        .map(|(s, row)| {
            let u = ((s as f64 + 1.0) * PHI).fract();
            let mut out = vec![0u32; months];
            let mut cumulative = 0.0;
            let mut before = 0.0f64;
            let mut left = max_visits.get(s).copied().unwrap_or(0);
            for (m, x) in out.iter_mut().enumerate() {
                let v = row
                    .get(m)
                    .copied()
                    .filter(|v| v.is_finite())
                    .unwrap_or(0.0)
                    .max(0.0);
                cumulative += v;
                // A hair of tolerance so that an integral LP value is never rounded down.
                let now = (cumulative + u + 1e-9).floor();
                let here = ((now - before).max(0.0) as u32).min(left);
                *x = here;
                left -= here;
                before = now;
            }
            out
        })
        .collect()
}

/// Whole visits per site and month rounded month by month: every site gets the floor of its
/// value, and the month's remaining visits (its rounded total minus the floors) go to the
/// largest fractional parts (ties: lower site index); then no site keeps more than its
/// `max_visits` (the latest months' extras go). Keeps each month's total exactly, but where
/// the LP spreads sites thinly over the year it gives every month's extras to the same
/// sites and the cut loses visits — so it only adds a second start on small districts.
pub fn lp_targets_by_month(
    visits: &[Vec<f64>],
    months: usize,
    max_visits: &[u32],
) -> Vec<Vec<u32>> {
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

/// How the LP's fractional visits become whole ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// [`lp_targets`]: systematic rounding along each site's months.
    BySite,
    /// [`lp_targets_by_month`]: largest remainders within each month.
    ByMonth,
}

/// Districts up to this many sites get both roundings as starting plans (each takes
/// milliseconds there): on the committed scenarios neither is always the better.
pub const BOTH_ROUNDINGS_UP_TO: usize = 1_500;

/// The LP-guided starting plans: by site, and on districts up to [`BOTH_ROUNDINGS_UP_TO`]
/// sites by month too.
pub fn lp_guided_starts(
    ctx: &Ctx,
    lp: &LpBound,
    deadline: Option<Instant>,
) -> Vec<(&'static str, State)> {
    let mut out = vec![("lp-guided", lp_guided(ctx, lp, Rounding::BySite, deadline))];
    if ctx.p.sites.len() <= BOTH_ROUNDINGS_UP_TO {
        out.push((
            "lp-guided by month",
            lp_guided(ctx, lp, Rounding::ByMonth, deadline),
        ));
    }
    out
}

/// The LP-guided plan: the rounded targets placed month by month, then a greedy fill by
/// gain per minute and, while `deadline` has not passed, another by gain (stopped at the first
/// month boundary after it); the better is kept. The placement alone leaves much undone on
/// large districts (286,000 of 493,000 activations on 3,500 sites), so the first fill always
/// runs to the end.
pub fn lp_guided(ctx: &Ctx, lp: &LpBound, rounding: Rounding, deadline: Option<Instant>) -> State {
    let p = ctx.p;
    let months = p.months();
    let max_visits: Vec<u32> = p.sites.iter().map(|s| s.max_visits).collect();
    let targets = match rounding {
        Rounding::BySite => lp_targets(&lp.visits, months, &max_visits),
        Rounding::ByMonth => lp_targets_by_month(&lp.visits, months, &max_visits),
    };
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
            st.gain_delta(ctx, s, first, 0, site.min_stay) / site.min_stay.max(1) as f64
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
    greedy_fill(ctx, &mut st, recreate::Scoring::PER_MINUTE, None);
    if deadline.is_none_or(|d| Instant::now() < d) {
        greedy_fill(
            ctx,
            &mut by_gain,
            recreate::Scoring {
                per_minute: false,
                noise: 0.0,
            },
            deadline,
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

/// A month with more (site, slot) pairs than this is filled sector by sector (see
/// [`sectors`]): a 30,000-site, 100-team year is then built in about ten seconds (the
/// whole-month fill ran for more than five minutes).
const SECTOR_PAIRS: usize = 1_000_000;

/// Greedy insertion of every useful site into every slot with room, while something gains.
/// A large district is filled month by month, and once `deadline` passes the months not yet
/// filled keep what they hold: give a deadline only to top up a plan that already covers
/// the year (the LP-guided placement), never to build one from nothing — a plan with empty
/// months would mislead a planner more than a run that overshoots a very short limit.
pub fn greedy_fill(
    ctx: &Ctx,
    st: &mut State,
    scoring: recreate::Scoring,
    deadline: Option<Instant>,
) {
    fill_split(
        ctx,
        st,
        scoring,
        deadline,
        (FILL_BY_MONTH_ABOVE, SECTOR_PAIRS),
    );
}

/// [`greedy_fill`] with its two size thresholds given: (by month above, sectors above).
pub fn fill_split(
    ctx: &Ctx,
    st: &mut State,
    scoring: recreate::Scoring,
    deadline: Option<Instant>,
    (by_month_above, sector_pairs): (usize, usize),
) {
    let sites = ctx.useful_sites();
    let slots: Vec<usize> = (0..ctx.slots.len())
        .filter(|&c| st.slack(ctx, c) >= ctx.min_visit)
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(0);
    if sites.len().saturating_mul(slots.len()) <= by_month_above {
        recreate::fill(ctx, st, &sites, &slots, 1, scoring, &mut rng);
        return;
    }
    let p = ctx.p;
    let months = p.months().max(1);
    let per_month = slots.len().div_ceil(months);
    let parts = (sites.len().saturating_mul(per_month) / sector_pairs.max(1))
        .clamp(1, p.teams.len().max(1));
    let (site_parts, team_part) = sectors(ctx, &sites, parts);
    for m in 0..months {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let month: Vec<usize> = slots
            .iter()
            .copied()
            .filter(|&c| p.month_index(ctx.slots[c].day) == m)
            .collect();
        for (g, part) in site_parts.iter().enumerate() {
            let mine: Vec<usize> = month
                .iter()
                .copied()
                .filter(|&c| team_part[ctx.slots[c].team] == g)
                .collect();
            if !mine.is_empty() && !part.is_empty() {
                recreate::fill(ctx, st, part, &mine, 1, scoring, &mut rng);
            }
        }
    }
}

/// Splits a district too large to fill at once into `parts` sectors, cluster first: the
/// sites by their bearing from the sites' centre (in file order when some have no
/// coordinates), the teams by the bearing of their base (in order when all share one), each
/// into `parts` runs of equal size. A sector's sites are offered only its teams' slots, so
/// a month costs `1/parts` of the whole; the search then moves visits across sectors.
/// Returns the sites of each sector and the sector of each team.
pub fn sectors(ctx: &Ctx, sites: &[usize], parts: usize) -> (Vec<Vec<usize>>, Vec<usize>) {
    let p = ctx.p;
    let teams = p.teams.len();
    if parts <= 1 {
        return (vec![sites.to_vec()], vec![0; teams]);
    }
    let coords: Option<Vec<(f64, f64)>> = sites
        .iter()
        .map(|&s| Some((p.sites[s].lat?, p.sites[s].lon?)))
        .collect();
    let mut by_bearing: Vec<(f64, usize)> = Vec::with_capacity(sites.len());
    let mut team_order: Vec<(f64, usize)> = (0..teams).map(|t| (0.0, t)).collect();
    match coords {
        Some(c) => {
            let n = c.len().max(1) as f64;
            let lat0 = c.iter().map(|x| x.0).sum::<f64>() / n;
            let lon0 = c.iter().map(|x| x.1).sum::<f64>() / n;
            let k = lat0.to_radians().cos();
            let bearing = |lat: f64, lon: f64| (lat - lat0).atan2((lon - lon0) * k);
            by_bearing.extend(
                sites
                    .iter()
                    .zip(&c)
                    .map(|(&s, &(la, lo))| (bearing(la, lo), s)),
            );
            for (t, slot) in team_order.iter_mut().enumerate() {
                let b = &p.bases[p.teams[t].base];
                if let (Some(la), Some(lo)) = (b.lat, b.lon) {
                    slot.0 = bearing(la, lo);
                }
            }
        }
        None => by_bearing.extend(sites.iter().enumerate().map(|(i, &s)| (i as f64, s))),
    }
    by_bearing.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    team_order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let parts = parts.min(teams).max(1);
    let mut site_parts = vec![Vec::new(); parts];
    for (i, &(_, s)) in by_bearing.iter().enumerate() {
        site_parts[i * parts / by_bearing.len()].push(s);
    }
    let mut team_part = vec![0; teams];
    for (i, &(_, t)) in team_order.iter().enumerate() {
        team_part[t] = i * parts / teams;
    }
    (site_parts, team_part)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fractional LP visits of four sites over three months.
    fn fractional() -> Vec<Vec<f64>> {
        vec![
            vec![0.5, 1.2, 0.0],
            vec![0.5, 0.4, 2.0],
            vec![0.6, 0.4, 0.0],
            vec![0.4, 0.0, 0.0],
        ]
    }

    #[test]
    fn rounding_keeps_site_totals_and_months() {
        let mut visits = fractional();
        visits.push(vec![1.0, 0.0, 3.0]);
        let t = lp_targets(&visits, 3, &[9; 5]);
        for (s, row) in visits.iter().enumerate() {
            let want: f64 = row.iter().sum();
            let got: u32 = t[s].iter().sum();
            // Each site gets its total rounded down or up.
            assert!(
                got as f64 >= want.floor() - 1e-9 && got as f64 <= want.ceil() + 1e-9,
                "site {s}: {got} for {want}"
            );
            // Never a visit in a month the LP left empty, and whole values stay whole.
            for m in 0..3 {
                if row[m] == 0.0 {
                    assert_eq!(t[s][m], 0, "site {s} month {m}");
                }
            }
        }
        assert_eq!(t[4], vec![1, 0, 3]);
        assert_eq!(t[1][2], 2);
        // A site spread thinly over many months still gets about its total.
        let thin = vec![vec![0.3; 12]; 200];
        let t = lp_targets(&thin, 12, &[12; 200]);
        let total: u32 = t.iter().flatten().sum();
        assert!((700..=740).contains(&total), "{total} visits for 720");
        assert!(t.iter().all(|r| (3..=4).contains(&r.iter().sum::<u32>())));
        // The site maximum is respected.
        let capped = lp_targets(&visits, 3, &[1; 5]);
        assert!(capped.iter().all(|r| r.iter().sum::<u32>() <= 1));
    }

    #[test]
    fn rounding_by_month_keeps_month_totals() {
        let visits = fractional();
        let t = lp_targets_by_month(&visits, 3, &[9, 9, 9, 9]);
        for m in 0..3 {
            let want: f64 = visits.iter().map(|v| v[m]).sum();
            let got: u32 = t.iter().map(|r| r[m]).sum();
            assert_eq!(f64::from(got), want.round(), "month {m}: {t:?}");
        }
        // The largest remainders win; ties go to the lower index.
        assert_eq!(t[2][0], 1);
        assert_eq!(t[0][0], 1);
        assert_eq!(t[1][0], 0);
        assert_eq!(t[0][1], 1);
        // Thin sites: the same few get every month's extras and are then cut back, which
        // is why it is not the default.
        let thin = vec![vec![0.3; 12]; 200];
        let t = lp_targets_by_month(&thin, 12, &[4; 200]);
        let total: u32 = t.iter().flatten().sum();
        assert_eq!(total, 240, "the first 60 sites, 4 visits each");
        let t = lp_targets(&thin, 12, &[4; 200]);
        let total: u32 = t.iter().flatten().sum();
        assert!(total >= 700, "{total}");
        let capped = lp_targets_by_month(&visits, 3, &[1, 1, 1, 1]);
        assert!(capped.iter().all(|r| r.iter().sum::<u32>() <= 1));
    }
}

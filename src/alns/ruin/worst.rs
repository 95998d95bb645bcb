//! Worst removal: the visits that bring least objective per minute of trip they cost (their
//! marginal gain — the site's gain with and without the visit — over the minutes the trip
//! saves without it). Drawn with a bias towards the worst (`rank = ⌊u³·n⌋`), not strictly.

use super::{Removed, Ruin, all_visits, remove_visit};
use crate::alns::state::{Ctx, State};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct Worst;

impl Ruin for Worst {
    fn name(&self) -> &'static str {
        "worst"
    }

    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed) {
        let mut scored: Vec<(f64, usize, usize)> = all_visits(st)
            .into_iter()
            .map(|(c, s)| (value_per_minute(ctx, st, c, s), c, s))
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        for _ in 0..k.min(scored.len()) {
            let u: f64 = rng.random();
            let i = ((u * u * u) * scored.len() as f64) as usize;
            let (_, c, s) = scored.remove(i.min(scored.len() - 1));
            remove_visit(ctx, st, c, s, out);
        }
    }
}

/// Marginal weighted gain of site `s`'s visit in slot `c` per trip minute it costs.
pub fn value_per_minute(ctx: &Ctx, st: &State, c: usize, s: usize) -> f64 {
    let day = ctx.slots[c].day;
    let visits = &st.visits[s];
    let i = visits.iter().position(|v| v.day == day).unwrap_or(0);
    let marginal = st.gain[s] - ctx.site_gain_without(s, visits, i);
    let route = &st.routes[c];
    let pos = route.iter().position(|&x| x == s).unwrap_or(0);
    let without = ctx
        .trip_minutes(
            c,
            route
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != pos)
                .map(|(_, &x)| x),
        )
        .unwrap_or(0);
    let saved = st.timing[c].duration().saturating_sub(without).max(1);
    marginal / saved as f64
}

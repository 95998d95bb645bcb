//! Related removal (Shaw): a random visit and the visits most like it — near in travel time
//! and near in date — so that recreate can rearrange a neighbourhood of the plan (swap which
//! of two nearby villages gets the visit, move visits between nearby days and teams).

use super::{Removed, Ruin, all_visits, remove_visit};
use crate::alns::state::{Ctx, State};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct Related;

impl Ruin for Related {
    fn name(&self) -> &'static str {
        "related"
    }

    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed) {
        let visits = all_visits(st);
        if visits.is_empty() {
            return;
        }
        let (c0, s0) = visits[rng.random_range(0..visits.len())];
        let d0 = ctx.slots[c0].day as f64;
        // Scale: a day apart weighs like this many minutes apart.
        let horizon = ctx.p.days.len().max(1) as f64;
        let minutes_per_day = 240.0 / horizon.min(30.0);
        let mut scored: Vec<(f64, usize, usize)> = visits
            .into_iter()
            .map(|(c, s)| {
                let dist = ctx.p.site_to_site(s0, s).min(ctx.p.site_to_site(s, s0)) as f64;
                let days = (ctx.slots[c].day as f64 - d0).abs();
                (dist + minutes_per_day * days, c, s)
            })
            .collect();
        scored.sort_by(|a, b| a.0.total_cmp(&b.0).then((a.1, a.2).cmp(&(b.1, b.2))));
        let mut left = scored;
        for _ in 0..k.min(left.len()) {
            let u: f64 = rng.random();
            let i = ((u * u * u * u) * left.len() as f64) as usize;
            let (_, c, s) = left.remove(i.min(left.len() - 1));
            remove_visit(ctx, st, c, s, out);
        }
    }
}

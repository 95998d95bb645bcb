//! District removal: visits to the sites of one kecamatan (up to `k`, drawn at random), so
//! that recreate can re-balance which villages of a district get visits and when.

use super::{Removed, Ruin, all_visits, remove_visit};
use crate::alns::state::{Ctx, State};
use rand::Rng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

pub struct District;

impl Ruin for District {
    fn name(&self) -> &'static str {
        "district"
    }

    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed) {
        let visits = all_visits(st);
        if visits.is_empty() {
            return;
        }
        let district = ctx.p.sites[visits[rng.random_range(0..visits.len())].1].district;
        let mut mine: Vec<(usize, usize)> = visits
            .into_iter()
            .filter(|&(_, s)| ctx.p.sites[s].district == district)
            .collect();
        let k = k.min(mine.len());
        let (chosen, _) = mine.partial_shuffle(rng, k);
        for &(c, s) in chosen.iter() {
            remove_visit(ctx, st, c, s, out);
        }
    }
}

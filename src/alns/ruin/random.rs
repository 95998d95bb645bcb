//! Random removal: `k` visits drawn uniformly. Cheap and unbiased; keeps the search moving.

use super::{Removed, Ruin, all_visits, remove_visit};
use crate::alns::state::{Ctx, State};
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

pub struct Random;

impl Ruin for Random {
    fn name(&self) -> &'static str {
        "random"
    }

    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed) {
        let mut visits = all_visits(st);
        let k = k.min(visits.len());
        let (chosen, _) = visits.partial_shuffle(rng, k);
        for &(c, s) in chosen.iter() {
            remove_visit(ctx, st, c, s, out);
        }
    }
}

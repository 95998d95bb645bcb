//! Regret-k insertion: first the site that loses most if it does not get its best slot now
//! (the sum of the differences between its best ratio and its 2nd..k-th best, a missing
//! option counting as 0). Looks ahead where greedy is myopic: a site that fits only on a few
//! days is placed before those days are taken.

use super::{Recreate, Scoring, fill};
use crate::alns::state::{Ctx, State};
use rand_chacha::ChaCha8Rng;

pub struct Regret {
    pub k: usize,
}

impl Recreate for Regret {
    fn name(&self) -> &'static str {
        match self.k {
            2 => "regret-2",
            3 => "regret-3",
            _ => "regret-k",
        }
    }

    fn recreate(
        &self,
        ctx: &Ctx,
        st: &mut State,
        sites: &[usize],
        slots: &[usize],
        rng: &mut ChaCha8Rng,
    ) {
        fill(ctx, st, sites, slots, self.k, Scoring::PER_MINUTE, rng);
    }
}

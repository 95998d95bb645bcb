//! Greedy insertion: repeatedly the visit with the most objective per added trip minute,
//! over all candidate slots and positions (optionally with noise on the ratios, which
//! diversifies the search).

use super::{Recreate, fill};
use crate::alns::state::{Ctx, State};
use rand_chacha::ChaCha8Rng;

pub struct Greedy {
    /// Relative noise on each ratio (0 = plain greedy).
    pub noise: f64,
}

impl Recreate for Greedy {
    fn name(&self) -> &'static str {
        if self.noise > 0.0 {
            "greedy-noise"
        } else {
            "greedy"
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
        fill(ctx, st, sites, slots, 1, self.noise, rng);
    }
}

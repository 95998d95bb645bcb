//! Greedy insertion: repeatedly the visit with the most objective per added trip minute (or
//! the most objective, when team-days rather than minutes are scarce), over all candidate
//! slots and positions, optionally with noise on the scores to diversify the search.

use super::{Recreate, Scoring, fill};
use crate::alns::state::{Ctx, State};
use rand_chacha::ChaCha8Rng;

pub struct Greedy {
    /// Relative noise on each score (0 = plain greedy).
    pub noise: f64,
    /// Rank by gain per added minute (else by the gain itself).
    pub per_minute: bool,
}

impl Recreate for Greedy {
    fn name(&self) -> &'static str {
        match (self.per_minute, self.noise > 0.0) {
            (true, false) => "greedy",
            (true, true) => "greedy-noise",
            (false, false) => "greedy-gain",
            (false, true) => "greedy-gain-noise",
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
        let scoring = Scoring {
            per_minute: self.per_minute,
            noise: self.noise,
        };
        fill(ctx, st, sites, slots, 1, scoring, rng);
    }
}

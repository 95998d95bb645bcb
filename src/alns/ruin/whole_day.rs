//! Whole-day removal: every route of a run of consecutive days (or one team-day, half of the
//! time), so that recreate can re-plan those days from scratch — which site each team serves
//! and in which order.

use super::{Removed, Ruin, remove_visit};
use crate::alns::state::{Ctx, State};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

pub struct WholeDay;

impl Ruin for WholeDay {
    fn name(&self) -> &'static str {
        "whole-day"
    }

    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed) {
        let busy: Vec<usize> = (0..ctx.slots.len())
            .filter(|&c| !st.routes[c].is_empty())
            .collect();
        if busy.is_empty() {
            return;
        }
        let c0 = busy[rng.random_range(0..busy.len())];
        if rng.random_bool(0.5) {
            empty_slot(ctx, st, c0, out);
            return;
        }
        let mut d = ctx.slots[c0].day;
        let mut taken = 0;
        while d < ctx.p.days.len() && (taken == 0 || out.sites.len() < k) {
            for &c in &ctx.slots_by_day[d] {
                empty_slot(ctx, st, c, out);
            }
            taken += 1;
            d += 1;
        }
    }
}

fn empty_slot(ctx: &Ctx, st: &mut State, c: usize, out: &mut Removed) {
    while let Some(&s) = st.routes[c].last() {
        remove_visit(ctx, st, c, s, out);
    }
}

//! `lp-round`: the LP relaxation's allocation rounded to whole visits and placed on
//! team-days, then greedy insertion of whatever still fits — no search.
//!
//! Shows how much of the optimizer's result the relaxation alone explains; it is also the
//! optimizer's usual starting plan. When the bound cannot be computed it falls back to
//! greedy insertion over the whole horizon.

use super::construct;
use super::state::{Ctx, State};
use crate::problem::Problem;
use crate::solve::Solution;

/// One-line description for `--help` and reports.
pub const DESCRIPTION: &str =
    "the LP bound's visits per site and month, rounded and placed, then a greedy fill";

/// The `lp-round` plan of the whole horizon.
pub fn solve(p: &Problem) -> Solution {
    let ctx = Ctx::new(p);
    let lp = crate::alns::lp_allocation(&ctx, None);
    let st = match &lp {
        // The better of the roundings (the first on ties).
        Some(b) => construct::lp_guided_starts(&ctx, b, None)
            .into_iter()
            .map(|(_, st)| st)
            .reduce(|best, st| {
                if st.objective > best.objective {
                    st
                } else {
                    best
                }
            })
            .expect("at least one start"),
        None => {
            let mut st = State::empty(&ctx);
            construct::greedy_fill(
                &ctx,
                &mut st,
                crate::alns::recreate::Scoring::PER_MINUTE,
                None,
            );
            st.commit();
            st
        }
    };
    let plan = st.to_plan(&ctx);
    crate::alns::debug_check(p, &plan, st.objective);
    Solution {
        plan,
        iterations: 0,
        bound: lp,
    }
}

//! Local search on routes: shorter trips (2-opt, or-opt) leave room for more visits, and
//! swapping the trips of two teams on one day puts the larger team where throughput binds.
//! Each operator changes only slots it is given and never makes the plan worse.

mod or_opt;
mod team_swap;
mod two_opt;

pub use or_opt::OrOpt;
pub use team_swap::TeamSwap;
pub use two_opt::TwoOpt;

use super::state::{Ctx, State};

/// A local-search operator.
pub trait Local: Send + Sync {
    fn name(&self) -> &'static str;
    /// Improves the routes of `slots`; true when something changed.
    fn improve(&self, ctx: &Ctx, st: &mut State, slots: &[usize]) -> bool;
}

/// The default local-search operators, applied in this order.
pub fn defaults() -> Vec<Box<dyn Local>> {
    vec![Box::new(TwoOpt), Box::new(OrOpt), Box::new(TeamSwap)]
}

/// Runs every operator on `slots` until none changes anything (at most a few rounds).
pub fn improve(ctx: &Ctx, st: &mut State, ops: &[Box<dyn Local>], slots: &[usize]) -> bool {
    let mut any = false;
    for _ in 0..4 {
        let mut changed = false;
        for op in ops {
            changed |= op.improve(ctx, st, slots);
        }
        any |= changed;
        if !changed {
            break;
        }
    }
    any
}

//! Local search on routes: shorter trips (2-opt, or-opt, relocating a stop to another team's
//! trip on the same day) leave room for more visits, and
//! swapping the trips of two teams on one day puts the larger team where throughput binds.
//! Each operator changes only slots it is given and never makes the plan worse.
//! [`Replace`] (a stop for a nearby site that gains more) is not among the per-iteration
//! operators: it doubled the cost of an iteration on long trips, so it polishes the final
//! plan instead (see `alns::polish`).

mod or_opt;
mod relocate;
mod replace;
mod team_swap;
mod two_opt;

pub use or_opt::OrOpt;
pub use relocate::Relocate;
pub use replace::Replace;
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
    vec![
        Box::new(TwoOpt),
        Box::new(OrOpt),
        Box::new(Relocate),
        Box::new(TeamSwap),
    ]
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

/// Travel minutes of slot `c`'s route, as places: the base, then each stop, then the base.
/// Used to skip reorderings that cannot shorten a trip without waiting: such a trip lasts
/// exactly its travel plus its visits, and any reordering lasts at least its own travel
/// plus the same visits, so only a reordering with less travel can be shorter.
pub(crate) struct Legs {
    places: Vec<usize>,
    /// Whether the current trip waits nowhere (the skip rule holds only then).
    pub no_wait: bool,
    /// Travel minutes of the whole trip, base to base.
    pub travel: u64,
    /// Visit minutes of its stops.
    pub service: u64,
}

impl Legs {
    pub(crate) fn new(ctx: &Ctx, st: &State, c: usize) -> Legs {
        let p = ctx.p;
        let base = p.team_place(ctx.slots[c].team);
        let route = &st.routes[c];
        let mut places = Vec::with_capacity(route.len() + 2);
        places.push(base);
        places.extend(route.iter().map(|&s| p.site_place(s)));
        places.push(base);
        let travel: u64 = places.windows(2).map(|w| leg(ctx, w[0], w[1])).sum();
        let service: u64 = route.iter().map(|&s| u64::from(p.sites[s].min_stay)).sum();
        let no_wait = u64::from(st.timing[c].duration()) == travel + service;
        Legs {
            places,
            no_wait,
            travel,
            service,
        }
    }

    /// Place of stop `k` (0-based); `k = -1` and `k = n` are the base.
    pub(crate) fn at(&self, k: isize) -> usize {
        self.places[(k + 1) as usize]
    }
}

/// Travel minutes between two places, widened so sums cannot overflow.
pub(crate) fn leg(ctx: &Ctx, a: usize, b: usize) -> u64 {
    u64::from(ctx.p.travel.minutes(a, b))
}

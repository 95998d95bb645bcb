//! Ruin operators: take some visits out of the plan so that recreate can put better ones in.
//!
//! Each operator removes about `k` visits and records which sites and slots it touched; the
//! search then offers those slots (and days near them, plus a random sample) to recreate.

mod district;
mod random;
mod related;
mod whole_day;
mod worst;

pub use district::District;
pub use random::Random;
pub use related::Related;
pub use whole_day::WholeDay;
pub use worst::Worst;

use super::state::{Ctx, State};
use rand_chacha::ChaCha8Rng;

/// What a ruin took out.
#[derive(Debug, Clone, Default)]
pub struct Removed {
    /// Sites of the removed visits (with repeats).
    pub sites: Vec<usize>,
    /// Slots they were removed from (with repeats).
    pub slots: Vec<usize>,
}

impl Removed {
    pub fn clear(&mut self) {
        self.sites.clear();
        self.slots.clear();
    }
}

/// A ruin operator.
pub trait Ruin: Send + Sync {
    fn name(&self) -> &'static str;
    /// Removes about `k` visits.
    fn ruin(&self, ctx: &Ctx, st: &mut State, k: usize, rng: &mut ChaCha8Rng, out: &mut Removed);
}

/// The default ruin operators.
pub fn defaults() -> Vec<Box<dyn Ruin>> {
    vec![
        Box::new(Random),
        Box::new(Worst),
        Box::new(Related),
        Box::new(WholeDay),
        Box::new(District),
    ]
}

/// Every visit of the plan as (slot, site).
pub fn all_visits(st: &State) -> Vec<(usize, usize)> {
    st.routes
        .iter()
        .enumerate()
        .flat_map(|(c, r)| r.iter().map(move |&s| (c, s)))
        .collect()
}

/// Removes the visit of site `s` in slot `c`, if it is still there.
pub fn remove_visit(ctx: &Ctx, st: &mut State, c: usize, s: usize, out: &mut Removed) {
    if let Some(pos) = st.position(c, s) {
        st.remove(ctx, c, pos);
        out.sites.push(s);
        out.slots.push(c);
    }
}

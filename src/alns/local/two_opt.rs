//! 2-opt inside a route: reverse a segment when the trip gets shorter and still fits.

use super::{Legs, Local, leg};
use crate::alns::state::{Ctx, State};

pub struct TwoOpt;

impl Local for TwoOpt {
    fn name(&self) -> &'static str {
        "2-opt"
    }

    fn improve(&self, ctx: &Ctx, st: &mut State, slots: &[usize]) -> bool {
        let mut changed = false;
        for &c in slots {
            let n = st.routes[c].len();
            if n < 3 {
                continue;
            }
            let mut improved = true;
            let mut rounds = 0;
            while improved && rounds < 20 {
                improved = false;
                rounds += 1;
                let current = st.timing[c].duration();
                let legs = Legs::new(ctx, st, c);
                let at = |k: usize| legs.at(k as isize);
                'search: for i in 0..n - 1 {
                    // Travel inside the segment i..=j, forwards and reversed.
                    let (mut fwd, mut rev) = (0u64, 0u64);
                    for j in i + 1..n {
                        fwd += leg(ctx, at(j - 1), at(j));
                        rev += leg(ctx, at(j), at(j - 1));
                        if legs.no_wait {
                            let before = leg(ctx, legs.at(i as isize - 1), at(i))
                                + fwd
                                + leg(ctx, at(j), at(j + 1));
                            let after = leg(ctx, legs.at(i as isize - 1), at(j))
                                + rev
                                + leg(ctx, at(i), at(j + 1));
                            if after >= before {
                                continue;
                            }
                        }
                        let mut order = st.routes[c].clone();
                        order[i..=j].reverse();
                        if let Some(t) = ctx.timing(c, &order)
                            && t.duration() < current
                            && st.reorder(ctx, c, order, t)
                        {
                            improved = true;
                            changed = true;
                            break 'search;
                        }
                    }
                }
            }
        }
        changed
    }
}

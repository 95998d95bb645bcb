//! 2-opt inside a route: reverse a segment when the trip gets shorter and still fits.

use super::Local;
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
                'search: for i in 0..n - 1 {
                    for j in i + 1..n {
                        let mut order = st.routes[c].clone();
                        order[i..=j].reverse();
                        if let Some(t) = ctx.timing(c, &order)
                            && t.duration() < current
                        {
                            st.reorder(ctx, c, order, t);
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

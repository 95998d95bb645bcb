//! Or-opt inside a route: move a run of one to three stops elsewhere in the route when the
//! trip gets shorter and still fits.

use super::{Legs, Local, leg};
use crate::alns::state::{Ctx, State};

pub struct OrOpt;

impl Local for OrOpt {
    fn name(&self) -> &'static str {
        "or-opt"
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
                let pl = |k: isize| legs.at(k);
                'search: for len in 1..=3.min(n - 1) {
                    for i in 0..=n - len {
                        let route = st.routes[c].clone();
                        let segment = &route[i..i + len];
                        let rest: Vec<usize> = route[..i]
                            .iter()
                            .chain(&route[i + len..])
                            .copied()
                            .collect();
                        let (first, last) = (pl(i as isize), pl((i + len - 1) as isize));
                        let (a, b) = (pl(i as isize - 1), pl((i + len) as isize));
                        // Travel saved by taking the segment out (may be negative).
                        let out = leg(ctx, a, first) + leg(ctx, last, b);
                        let joined = leg(ctx, a, b);
                        // Place of position k of `rest` (-1 and rest.len() are the base).
                        let rest_at = |k: isize| -> usize {
                            if k < i as isize {
                                pl(k)
                            } else {
                                pl(k + len as isize)
                            }
                        };
                        for at in 0..=rest.len() {
                            if at == i {
                                continue;
                            }
                            if legs.no_wait {
                                let (x, y) = (rest_at(at as isize - 1), rest_at(at as isize));
                                let before = out + leg(ctx, x, y);
                                let after = joined + leg(ctx, x, first) + leg(ctx, last, y);
                                if after >= before {
                                    continue;
                                }
                            }
                            let mut order = Vec::with_capacity(n);
                            order.extend_from_slice(&rest[..at]);
                            order.extend_from_slice(segment);
                            order.extend_from_slice(&rest[at..]);
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
        }
        changed
    }
}

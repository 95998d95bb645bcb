//! Team swap: exchange the whole trips of two teams on the same day when both still fit and
//! the objective grows — a team with more staff activates more where throughput, not
//! turnout, limits the visit.

use super::Local;
use crate::alns::state::{Ctx, State};

pub struct TeamSwap;

impl Local for TeamSwap {
    fn name(&self) -> &'static str {
        "team-swap"
    }

    fn improve(&self, ctx: &Ctx, st: &mut State, slots: &[usize]) -> bool {
        if ctx.p.teams.len() < 2 {
            return false;
        }
        let mut changed = false;
        let mut days: Vec<usize> = slots.iter().map(|&c| ctx.slots[c].day).collect();
        days.sort_unstable();
        days.dedup();
        for d in days {
            let day_slots = &ctx.slots_by_day[d];
            for (i, &a) in day_slots.iter().enumerate() {
                for &b in &day_slots[i + 1..] {
                    if ctx.staff[ctx.slots[a].team] == ctx.staff[ctx.slots[b].team]
                        || (st.routes[a].is_empty() && st.routes[b].is_empty())
                    {
                        continue;
                    }
                    let (ra, rb) = (st.routes[a].clone(), st.routes[b].clone());
                    let (Some(ta), Some(tb)) = (ctx.timing(a, &rb), ctx.timing(b, &ra)) else {
                        continue;
                    };
                    let (old_a, old_b) = (st.timing[a].clone(), st.timing[b].clone());
                    let before = st.objective;
                    st.swap_routes(ctx, a, b, ta, tb);
                    if st.objective > before + 1e-9 * before.abs().max(1.0) {
                        changed = true;
                    } else {
                        st.swap_routes(ctx, a, b, old_a, old_b);
                    }
                }
            }
        }
        changed
    }
}

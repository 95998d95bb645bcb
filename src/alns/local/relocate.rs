//! Relocate between routes of one day: move a stop to another team's trip on the same day
//! (at its best position) when the two trips together get shorter and the objective does
//! not fall. Frees time in a long trip for another visit; the visit's site and date stay the
//! same, so only a change of team size can change its gain.

use super::Local;
use crate::alns::state::{Ctx, State};
use crate::problem::Minutes;

pub struct Relocate;

impl Local for Relocate {
    fn name(&self) -> &'static str {
        "relocate"
    }

    fn improve(&self, ctx: &Ctx, st: &mut State, slots: &[usize]) -> bool {
        if ctx.p.teams.len() < 2 {
            return false;
        }
        let mut changed = false;
        for &a in slots {
            let day = ctx.slots[a].day;
            let mut i = 0;
            while i < st.routes[a].len() {
                if try_move(ctx, st, a, i, &ctx.slots_by_day[day]) {
                    changed = true;
                } else {
                    i += 1;
                }
            }
        }
        changed
    }
}

/// Moves stop `i` of slot `a` to the best other slot of `day_slots` if that pays.
fn try_move(ctx: &Ctx, st: &mut State, a: usize, i: usize, day_slots: &[usize]) -> bool {
    let s = st.routes[a][i];
    let route = &st.routes[a];
    let without = ctx
        .trip_minutes(
            a,
            route
                .iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .map(|(_, &x)| x),
        )
        .unwrap_or(Minutes::MAX);
    if without == Minutes::MAX {
        return false;
    }
    let saved = st.timing[a].duration().saturating_sub(without);
    if saved == 0 {
        return false;
    }
    let mut best: Option<(Minutes, usize, usize)> = None;
    for &b in day_slots {
        if b == a || st.slack(ctx, b) < ctx.p.sites[s].min_stay {
            continue;
        }
        let (to, from) = (ctx.staff[ctx.slots[b].team], ctx.staff[ctx.slots[a].team]);
        if to.staff < from.staff || to.kit < from.kit {
            continue; // a smaller team (or one without the kit) could lose activations
        }
        for pos in 0..=st.routes[b].len() {
            if let Some(added) = st.insertion(ctx, b, pos, s)
                && added < saved
                && best.is_none_or(|x| added < x.0)
            {
                best = Some((added, b, pos));
            }
        }
    }
    let Some((_, b, pos)) = best else {
        return false;
    };
    let before = st.objective;
    st.remove(ctx, a, i);
    if !st.can_visit(ctx, s, ctx.slots[b].day) || st.insertion(ctx, b, pos, s).is_none() {
        // Cannot happen with travel that respects the triangle inequality; put it back.
        let back = st.routes[a].len().min(i);
        if st.insertion(ctx, a, back, s).is_some() && st.can_visit(ctx, s, ctx.slots[a].day) {
            st.insert(ctx, a, back, s);
        }
        return false;
    }
    st.insert(ctx, b, pos, s);
    if st.objective >= before - 1e-9 * before.abs().max(1.0) {
        return true;
    }
    // The stays of the two new routes gain less than before: move the stop back.
    let at = st.position(b, s).expect("just inserted");
    st.remove(ctx, b, at);
    let back = st.routes[a].len().min(i);
    if st.insertion(ctx, a, back, s).is_some() && st.can_visit(ctx, s, ctx.slots[a].day) {
        st.insert(ctx, a, back, s);
    }
    false
}

//! Replace: swap a stop for a nearby site whose visit gains more on that day, in the same
//! place of the trip, when the trip still fits. Once trips are full, this is how a better
//! site gets in without first taking the worse one out in a separate move (the exchange
//! step of orienteering heuristics). Candidates are the stop's nearest neighbours
//! (districts up to 2,000 sites).

use super::{Legs, Local, leg};
use crate::alns::state::{Ctx, State};

pub struct Replace;

impl Local for Replace {
    fn name(&self) -> &'static str {
        "replace"
    }

    fn improve(&self, ctx: &Ctx, st: &mut State, slots: &[usize]) -> bool {
        let mut changed = false;
        for &c in slots {
            if st.routes[c].is_empty() {
                continue;
            }
            // Every trip lasts at least its travel plus its visits: a cheap test that
            // rules out most candidates before a trip is timed.
            let mut legs = Legs::new(ctx, st, c);
            for i in 0..st.routes[c].len() {
                if i < st.routes[c].len() && try_replace(ctx, st, c, i, &legs) {
                    changed = true;
                    legs = Legs::new(ctx, st, c);
                }
            }
        }
        changed
    }
}

/// Replaces stop `i` of slot `c` by its best neighbour, if that gains; true when it did.
fn try_replace(ctx: &Ctx, st: &mut State, c: usize, i: usize, legs: &Legs) -> bool {
    let p = ctx.p;
    let slot = ctx.slots[c];
    let v = st.routes[c][i];
    let Some(k) = st.visits[v].iter().position(|x| x.day == slot.day) else {
        return false;
    };
    let loss = st.gain[v] - ctx.site_gain_without(v, &st.visits[v], k);
    let tol = 1e-9 * st.objective.abs().max(1.0);
    let (prev, next) = (legs.at(i as isize - 1), legs.at(i as isize + 1));
    let here = p.site_place(v);
    let without = legs.travel + legs.service
        - leg(ctx, prev, here)
        - leg(ctx, here, next)
        - u64::from(p.sites[v].min_stay);
    let longest = u64::from(slot.shift.len());
    let mut best: Option<(f64, usize)> = None;
    let mut route: Option<Vec<usize>> = None;
    for &u in ctx.near(v) {
        // A site already on this trip is visited that day, which `can_visit` refuses.
        if !st.can_visit(ctx, u, slot.day) {
            continue;
        }
        // The newcomer is priced at the stay it takes over (within its own limits).
        let su = &p.sites[u];
        let stay = st.visits[v][k].stay.clamp(su.min_stay, su.max_stay);
        let gain = st.gain_delta(ctx, u, slot.day, slot.team, stay) - loss;
        if gain <= tol || best.is_some_and(|b| gain <= b.0) {
            continue;
        }
        let there = p.site_place(u);
        let at_least = without
            + leg(ctx, prev, there)
            + leg(ctx, there, next)
            + u64::from(p.sites[u].min_stay);
        if at_least > longest {
            continue;
        }
        let r = route.get_or_insert_with(|| st.routes[c].clone());
        r[i] = u;
        if ctx.trip_minutes(c, r.iter().copied()).is_some() {
            best = Some((gain, u));
        }
    }
    let Some((_, u)) = best else {
        return false;
    };
    let before = st.objective;
    st.remove(ctx, c, i);
    let at = i.min(st.routes[c].len());
    if st.insertion(ctx, c, at, u).is_some() && st.can_visit(ctx, u, slot.day) {
        st.insert(ctx, c, at, u);
        if st.objective >= before - tol {
            return true;
        }
        // The stays decided on the new route gain less than the estimate: undo.
        st.remove(ctx, c, at);
    }
    // Only with travel that breaks the triangle inequality: put the stop back if it fits.
    if st.insertion(ctx, c, at, v).is_some() && st.can_visit(ctx, v, slot.day) {
        st.insert(ctx, c, at, v);
    }
    false
}

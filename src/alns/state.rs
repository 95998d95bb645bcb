//! The search representation: one ordered list of sites per team-day *slot*, each site's
//! visits in date order with their cached gains, and each route's timing.
//!
//! The objective separates by site (a site's gains depend only on its own visits in date
//! order), so a move is evaluated by recomputing only the timelines of the sites it touches,
//! with [`response::sequence_gain`] (and its variants with one visit more or less) in the
//! order [`response::evaluate`] uses. Timing of a route is
//! the earliest-start pass of [`crate::schedule`]; the cached per-stop slack (how long each
//! start may be pushed back) makes checking an insertion O(1) per position.
//!
//! This state never leaves the search: [`State::to_plan`] turns it into a [`Plan`] with
//! [`schedule::timed`], and the checker verifies that plan independently.

use crate::plan::{Plan, Route};
use crate::problem::{Minutes, Problem, Window};
use crate::response;
use crate::schedule;

/// A team-day on which the team works.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Slot {
    pub team: usize,
    pub day: usize,
    pub shift: Window,
}

/// One visit of a site (its length is always the site's visit length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Visit {
    pub day: usize,
    pub team: usize,
}

/// Immutable facts the search looks up all the time.
#[derive(Debug, Clone)]
pub struct Ctx<'p> {
    pub p: &'p Problem,
    pub slots: Vec<Slot>,
    /// Slot of team `t` on day `d` at `d * teams + t`.
    pub slot_at: Vec<Option<usize>>,
    /// Slots of each day.
    pub slots_by_day: Vec<Vec<usize>>,
    pub staff: Vec<u32>,
    /// Shortest visit of any site (a slot with less room takes nothing).
    pub min_visit: Minutes,
    /// Sites a visit can ever gain something at.
    pub useful: Vec<bool>,
    /// Minimum gap in days between two visits of each site (at least 1).
    pub gap: Vec<usize>,
    /// Nearest useful sites of each site, built on first use (see [`Ctx::near`]).
    near: std::sync::OnceLock<Vec<Vec<usize>>>,
}

/// Sites kept in each site's neighbour list.
const NEAR: usize = 20;

/// Most sites for which neighbour lists are built (all pairs are compared).
const NEAR_UP_TO: usize = 2_000;

impl<'p> Ctx<'p> {
    pub fn new(p: &'p Problem) -> Self {
        let teams = p.teams.len();
        let mut slots = Vec::new();
        let mut slot_at = vec![None; teams * p.days.len()];
        let mut slots_by_day = vec![Vec::new(); p.days.len()];
        for d in 0..p.days.len() {
            for t in 0..teams {
                if let Some(shift) = p.shift(t, d) {
                    slot_at[d * teams + t] = Some(slots.len());
                    slots_by_day[d].push(slots.len());
                    slots.push(Slot {
                        team: t,
                        day: d,
                        shift,
                    });
                }
            }
        }
        let staff = p.teams.iter().map(|t| t.staff).collect();
        let useful = p
            .sites
            .iter()
            .map(|s| {
                s.max_visits > 0
                    && s.weight > 0.0
                    && response::visit_gain(s, u32::MAX / 2, s.visit_minutes.max(1), 1, s.pool)
                        > 0.0
            })
            .collect();
        Ctx {
            p,
            min_visit: p.sites.iter().map(|s| s.visit_minutes).min().unwrap_or(0),
            slots,
            slot_at,
            slots_by_day,
            staff,
            useful,
            gap: p
                .sites
                .iter()
                .map(|s| s.min_gap_days.max(1) as usize)
                .collect(),
            near: std::sync::OnceLock::new(),
        }
    }

    /// The useful sites nearest to `s` (travel there and back), nearest first; empty for
    /// every site when the district has more than 2,000 sites.
    pub fn near(&self, s: usize) -> &[usize] {
        let lists = self.near.get_or_init(|| {
            let p = self.p;
            let n = p.sites.len();
            if n > NEAR_UP_TO {
                return vec![Vec::new(); n];
            }
            let useful = self.useful_sites();
            (0..n)
                .map(|a| {
                    let mut by: Vec<(u64, usize)> = useful
                        .iter()
                        .filter(|&&u| u != a)
                        .map(|&u| {
                            let d =
                                u64::from(p.site_to_site(a, u)) + u64::from(p.site_to_site(u, a));
                            (d, u)
                        })
                        .collect();
                    let k = NEAR.min(by.len());
                    if k < by.len() {
                        by.select_nth_unstable(k);
                        by.truncate(k);
                    }
                    by.sort_unstable();
                    by.into_iter().map(|(_, u)| u).collect()
                })
                .collect()
        });
        &lists[s]
    }

    /// The sites a visit can ever gain something at, in index order.
    pub fn useful_sites(&self) -> Vec<usize> {
        (0..self.p.sites.len())
            .filter(|&s| self.useful[s])
            .collect()
    }

    pub fn slot(&self, team: usize, day: usize) -> Option<usize> {
        self.slot_at[day * self.p.teams.len() + team]
    }

    /// Weighted gain of site `s` with `visits` (sorted by day), optionally with one more.
    pub fn site_gain(&self, s: usize, visits: &[Visit], extra: Option<Visit>) -> f64 {
        let site = &self.p.sites[s];
        let visit = |v: &Visit| (self.staff[v.team], site.visit_minutes);
        let total = match extra {
            None => response::sequence_gain(site, visits.iter().map(visit)),
            Some(e) => response::sequence_gain_with(site, visits, &e, |v| v.day, visit),
        };
        response::weighted(site, total)
    }

    /// Weighted gain of site `s` without its `skip`-th visit.
    pub fn site_gain_without(&self, s: usize, visits: &[Visit], skip: usize) -> f64 {
        let site = &self.p.sites[s];
        let visit = |v: &Visit| (self.staff[v.team], site.visit_minutes);
        response::weighted(
            site,
            response::sequence_gain_without(site, visits, skip, visit),
        )
    }

    /// Earliest-start timing of `sites` in slot `c` (the pass of [`schedule::timed`]).
    pub fn timing(&self, c: usize, sites: &[usize]) -> Option<Timing> {
        let Slot { team, day, shift } = self.slots[c];
        let p = self.p;
        let n = sites.len();
        let mut tm = Timing {
            start: Vec::with_capacity(n),
            end: Vec::with_capacity(n),
            max_shift: vec![0; n],
            wait_after: vec![0; n],
            depart: shift.open,
            back: shift.open,
        };
        if n == 0 {
            return Some(tm);
        }
        let mut waits = Vec::with_capacity(n);
        let mut at = p.team_place(team);
        let mut clock = shift.open;
        for (i, &s) in sites.iter().enumerate() {
            let w = p.site_window(s, day)?;
            let to = p.site_place(s);
            let leg = p.travel.minutes(at, to);
            let mut arrive = clock.checked_add(leg)?;
            if i == 0 {
                arrive = arrive.max(w.open);
                tm.depart = arrive - leg;
            }
            let start = arrive.max(w.open);
            let end = start + p.sites[s].visit_minutes;
            if end > w.close {
                return None;
            }
            waits.push(start - arrive);
            tm.start.push(start);
            tm.end.push(end);
            clock = end;
            at = to;
        }
        tm.back = clock.checked_add(p.travel.minutes(at, p.team_place(team)))?;
        if tm.back > shift.close {
            return None;
        }
        let mut next_shift = shift.close - tm.back;
        let mut after = 0;
        for i in (0..n).rev() {
            let close = p.sites[sites[i]].window.close;
            tm.max_shift[i] = (close - tm.end[i]).min(next_shift);
            tm.wait_after[i] = after;
            next_shift = tm.max_shift[i].saturating_add(waits[i]);
            after += waits[i];
        }
        Some(tm)
    }

    /// Trip minutes (leave base to back) of `sites` in slot `c` without building a timing.
    pub fn trip_minutes<I: IntoIterator<Item = usize>>(
        &self,
        c: usize,
        sites: I,
    ) -> Option<Minutes> {
        let Slot { team, day, shift } = self.slots[c];
        let p = self.p;
        let mut at = p.team_place(team);
        let mut clock = shift.open;
        let mut depart = None;
        for s in sites {
            let w = p.site_window(s, day)?;
            let to = p.site_place(s);
            let leg = p.travel.minutes(at, to);
            let mut arrive = clock.checked_add(leg)?;
            if depart.is_none() {
                arrive = arrive.max(w.open);
                depart = Some(arrive - leg);
            }
            let end = arrive.max(w.open) + p.sites[s].visit_minutes;
            if end > w.close {
                return None;
            }
            clock = end;
            at = to;
        }
        let Some(depart) = depart else {
            return Some(0);
        };
        let back = clock.checked_add(p.travel.minutes(at, p.team_place(team)))?;
        (back <= shift.close).then_some(back - depart)
    }
}

/// Timing of one route: start and end of each stop, how far each start may be pushed back
/// without breaking a window or the shift, and the waiting that absorbs a push.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Timing {
    pub start: Vec<Minutes>,
    pub end: Vec<Minutes>,
    pub max_shift: Vec<Minutes>,
    /// Waiting minutes at the stops after each stop.
    pub wait_after: Vec<Minutes>,
    pub depart: Minutes,
    pub back: Minutes,
}

impl Timing {
    pub fn duration(&self) -> Minutes {
        self.back - self.depart
    }
}

/// What the search changes and how to undo it.
#[derive(Debug, Clone, Default)]
struct Journal {
    active: bool,
    slots: Vec<(usize, Vec<usize>, Timing)>,
    slot_seen: Vec<bool>,
    sites: Vec<(usize, Vec<Visit>, f64)>,
    site_seen: Vec<bool>,
    objective: f64,
}

/// A solution under search.
#[derive(Debug, Clone)]
pub struct State {
    /// Ordered sites of each slot.
    pub routes: Vec<Vec<usize>>,
    pub timing: Vec<Timing>,
    /// Visits of each site, sorted by day.
    pub visits: Vec<Vec<Visit>>,
    /// Weighted gain of each site.
    pub gain: Vec<f64>,
    pub objective: f64,
    journal: Journal,
}

impl State {
    pub fn empty(ctx: &Ctx) -> Self {
        let n_slots = ctx.slots.len();
        let n_sites = ctx.p.sites.len();
        State {
            routes: vec![Vec::new(); n_slots],
            timing: (0..n_slots)
                .map(|c| ctx.timing(c, &[]).unwrap_or_default())
                .collect(),
            visits: vec![Vec::new(); n_sites],
            gain: vec![0.0; n_sites],
            objective: 0.0,
            journal: Journal {
                slot_seen: vec![false; n_slots],
                site_seen: vec![false; n_sites],
                ..Journal::default()
            },
        }
    }

    /// The state of a plan made elsewhere; stops that break a rule are left out.
    pub fn from_plan(ctx: &Ctx, plan: &Plan) -> Self {
        let mut st = State::empty(ctx);
        let mut routes = plan.routes.clone();
        routes.sort_by_key(|r| (r.day, r.team));
        for r in &routes {
            let Some(c) = ctx.slots_at(r.team, r.day) else {
                continue;
            };
            for stop in &r.stops {
                let s = stop.site;
                if s >= ctx.p.sites.len() || !st.can_visit(ctx, s, r.day) {
                    continue;
                }
                let pos = st.routes[c].len();
                if st.insertion(ctx, c, pos, s).is_some() {
                    st.insert(ctx, c, pos, s);
                }
            }
        }
        st
    }

    /// The plan: every non-empty slot timed by [`schedule::timed`].
    pub fn to_plan(&self, ctx: &Ctx) -> Plan {
        let mut routes = Vec::new();
        for (c, sites) in self.routes.iter().enumerate() {
            if sites.is_empty() {
                continue;
            }
            let Slot { team, day, .. } = ctx.slots[c];
            let stops = schedule::timed(ctx.p, team, day, sites)
                .expect("the search only keeps routes that fit the shift");
            routes.push(Route { team, day, stops });
        }
        let mut plan = Plan { routes };
        plan.normalize();
        plan
    }

    pub fn n_visits(&self) -> usize {
        self.routes.iter().map(Vec::len).sum()
    }

    /// Free minutes left in slot `c`'s shift.
    pub fn slack(&self, ctx: &Ctx, c: usize) -> Minutes {
        ctx.slots[c].shift.len() - self.timing[c].duration()
    }

    /// May site `s` get one more visit on day `d` (open, count, gaps to its other visits)?
    pub fn can_visit(&self, ctx: &Ctx, s: usize, d: usize) -> bool {
        let v = &self.visits[s];
        if v.len() >= ctx.p.sites[s].max_visits as usize || ctx.p.site_window(s, d).is_none() {
            return false;
        }
        let gap = ctx.gap[s];
        let i = v.partition_point(|x| x.day < d);
        if i > 0 && d < v[i - 1].day + gap {
            return false;
        }
        if i < v.len() && v[i].day < d + gap {
            return false;
        }
        true
    }

    /// Change of the objective if site `s` gets a visit by `team` on day `d` (rules not
    /// checked).
    pub fn gain_delta(&self, ctx: &Ctx, s: usize, d: usize, team: usize) -> f64 {
        ctx.site_gain(s, &self.visits[s], Some(Visit { day: d, team })) - self.gain[s]
    }

    /// Added trip minutes if site `s` goes at position `pos` of slot `c`, or `None` when the
    /// trip would no longer fit (the site's own rules are not checked here).
    pub fn insertion(&self, ctx: &Ctx, c: usize, pos: usize, s: usize) -> Option<Minutes> {
        let route = &self.routes[c];
        let tm = &self.timing[c];
        let p = ctx.p;
        let Slot { team, day, shift } = ctx.slots[c];
        let old = if route.is_empty() { 0 } else { tm.duration() };
        if route.is_empty() || pos == 0 {
            let new = ctx.trip_minutes(c, std::iter::once(s).chain(route.iter().copied()))?;
            return Some(new.saturating_sub(old));
        }
        let w = p.site_window(s, day)?;
        let prev = route[pos - 1];
        let arrive = tm.end[pos - 1] + p.site_to_site(prev, s);
        let end = arrive.max(w.open) + p.sites[s].visit_minutes;
        if end > w.close {
            return None;
        }
        if pos == route.len() {
            let back = end.checked_add(p.site_to_base(s, team))?;
            return (back <= shift.close).then(|| back.saturating_sub(tm.back));
        }
        let next = route[pos];
        let arrive_next = end.checked_add(p.site_to_site(s, next))?;
        let start_next = arrive_next.max(p.sites[next].window.open);
        if start_next < tm.start[pos] {
            // Travel that breaks the triangle inequality: time the whole trip.
            let new = ctx.trip_minutes(
                c,
                route[..pos]
                    .iter()
                    .copied()
                    .chain(std::iter::once(s))
                    .chain(route[pos..].iter().copied()),
            )?;
            return Some(new.saturating_sub(old));
        }
        let push = start_next - tm.start[pos];
        if push > tm.max_shift[pos] {
            return None;
        }
        Some(push.saturating_sub(tm.wait_after[pos]))
    }

    /// Starts recording changes so that [`State::rollback`] can undo them.
    pub fn begin(&mut self) {
        self.journal.active = true;
        self.journal.objective = self.objective;
    }

    /// Keeps the changes made since [`State::begin`].
    pub fn commit(&mut self) {
        let j = &mut self.journal;
        for (c, _, _) in j.slots.drain(..) {
            j.slot_seen[c] = false;
        }
        for (s, _, _) in j.sites.drain(..) {
            j.site_seen[s] = false;
        }
        j.active = false;
        // Re-add the gains so that rounding never drifts.
        self.objective = self.gain.iter().sum();
    }

    /// Undoes the changes made since [`State::begin`].
    pub fn rollback(&mut self) {
        let j = &mut self.journal;
        for (c, r, t) in j.slots.drain(..).rev() {
            j.slot_seen[c] = false;
            self.routes[c] = r;
            self.timing[c] = t;
        }
        for (s, v, g) in j.sites.drain(..).rev() {
            j.site_seen[s] = false;
            self.visits[s] = v;
            self.gain[s] = g;
        }
        self.objective = j.objective;
        j.active = false;
    }

    /// Slots changed since [`State::begin`].
    pub fn touched_slots(&self) -> impl Iterator<Item = usize> + '_ {
        self.journal.slots.iter().map(|x| x.0)
    }

    fn save_slot(&mut self, c: usize) {
        let j = &mut self.journal;
        if j.active && !j.slot_seen[c] {
            j.slot_seen[c] = true;
            j.slots
                .push((c, self.routes[c].clone(), self.timing[c].clone()));
        }
    }

    fn save_site(&mut self, s: usize) {
        let j = &mut self.journal;
        if j.active && !j.site_seen[s] {
            j.site_seen[s] = true;
            j.sites.push((s, self.visits[s].clone(), self.gain[s]));
        }
    }

    /// Puts site `s` at position `pos` of slot `c`. The caller has checked
    /// [`State::can_visit`] and [`State::insertion`].
    pub fn insert(&mut self, ctx: &Ctx, c: usize, pos: usize, s: usize) {
        self.save_slot(c);
        self.save_site(s);
        self.routes[c].insert(pos, s);
        self.timing[c] = ctx
            .timing(c, &self.routes[c])
            .expect("insertion was checked to fit");
        let Slot { team, day, .. } = ctx.slots[c];
        let v = &mut self.visits[s];
        let i = v.partition_point(|x| x.day < day);
        v.insert(i, Visit { day, team });
        self.refresh_site(ctx, s);
    }

    /// Takes the stop at position `pos` out of slot `c` and returns its site.
    pub fn remove(&mut self, ctx: &Ctx, c: usize, pos: usize) -> usize {
        self.save_slot(c);
        let s = self.routes[c].remove(pos);
        self.save_site(s);
        let day = ctx.slots[c].day;
        self.visits[s].retain(|v| v.day != day);
        self.refresh_site(ctx, s);
        match ctx.timing(c, &self.routes[c]) {
            Some(t) => self.timing[c] = t,
            // Only possible with travel that breaks the triangle inequality: drop the stop
            // after the gap too until the trip fits again.
            None => {
                let at = pos.min(self.routes[c].len() - 1);
                self.remove(ctx, c, at);
            }
        }
        s
    }

    /// Replaces the order of slot `c`'s route by `order` (same sites), which must fit.
    pub fn reorder(&mut self, ctx: &Ctx, c: usize, order: Vec<usize>, timing: Timing) {
        debug_assert_eq!(ctx.timing(c, &order).as_ref(), Some(&timing));
        self.save_slot(c);
        self.routes[c] = order;
        self.timing[c] = timing;
    }

    /// Exchanges the routes of slots `a` and `b` (same day); `ta` and `tb` are the timings
    /// of the new routes of `a` and `b`.
    pub fn swap_routes(&mut self, ctx: &Ctx, a: usize, b: usize, ta: Timing, tb: Timing) {
        debug_assert_eq!(ctx.slots[a].day, ctx.slots[b].day);
        self.save_slot(a);
        self.save_slot(b);
        self.routes.swap(a, b);
        self.timing[a] = ta;
        self.timing[b] = tb;
        let day = ctx.slots[a].day;
        for c in [a, b] {
            let team = ctx.slots[c].team;
            for i in 0..self.routes[c].len() {
                let s = self.routes[c][i];
                self.save_site(s);
                if let Some(v) = self.visits[s].iter_mut().find(|v| v.day == day) {
                    v.team = team;
                }
                self.refresh_site(ctx, s);
            }
        }
    }

    fn refresh_site(&mut self, ctx: &Ctx, s: usize) {
        let g = ctx.site_gain(s, &self.visits[s], None);
        self.objective += g - self.gain[s];
        self.gain[s] = g;
    }

    /// Position of site `s` in slot `c`.
    pub fn position(&self, c: usize, s: usize) -> Option<usize> {
        self.routes[c].iter().position(|&x| x == s)
    }
}

impl Ctx<'_> {
    /// Slot of team `t` on day `d`, if the team works that day (checked indices).
    pub fn slots_at(&self, t: usize, d: usize) -> Option<usize> {
        if t >= self.p.teams.len() || d >= self.p.days.len() {
            return None;
        }
        self.slot(t, d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// The O(1) insertion check agrees with timing the whole trip, on random routes.
    #[test]
    fn insertion_agrees_with_the_schedule() {
        let p = random_problem(
            3,
            &Shape {
                sites: 40,
                teams: 2,
                days: 14,
                area_km: 15.0,
            },
        );
        // Short visits so that routes get long.
        let p = p
            .edited(|p| {
                for s in &mut p.sites {
                    s.visit_minutes = 20 + (s.visit_minutes % 7) * 5;
                    s.min_gap_days = 1;
                    s.max_visits = 10;
                }
            })
            .unwrap();
        let ctx = Ctx::new(&p);
        let mut st = State::empty(&ctx);
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let mut checked = 0;
        for _ in 0..4000 {
            let c = rng.random_range(0..ctx.slots.len());
            let s = rng.random_range(0..p.sites.len());
            let pos = rng.random_range(0..=st.routes[c].len());
            if !st.can_visit(&ctx, s, ctx.slots[c].day) {
                continue;
            }
            let mut cand = st.routes[c].clone();
            cand.insert(pos, s);
            let Slot { team, day, .. } = ctx.slots[c];
            let want = schedule::duration(&p, team, day, &cand);
            let old = schedule::duration(&p, team, day, &st.routes[c]).unwrap_or(0);
            let got = st.insertion(&ctx, c, pos, s);
            assert_eq!(got, want.map(|w| w.saturating_sub(old)), "{cand:?}");
            checked += 1;
            if got.is_some() {
                st.insert(&ctx, c, pos, s);
            }
        }
        assert!(checked > 100 && st.n_visits() > 30);
        let plan = st.to_plan(&ctx);
        assert!(crate::checker::check(&p, &plan).is_empty());
        let eval = response::evaluate(&p, &plan);
        assert!((eval.objective - st.objective).abs() <= 1e-6 * eval.objective.max(1.0));
    }

    #[test]
    fn rollback_restores_the_state() {
        let p = random_problem(4, &Shape::default());
        let ctx = Ctx::new(&p);
        let plan = crate::strategy::by_name("greedy")
            .unwrap()
            .solve(&p, &Default::default())
            .plan;
        let mut st = State::from_plan(&ctx, &plan);
        assert_eq!(st.to_plan(&ctx), plan);
        let before = (st.routes.clone(), st.visits.clone(), st.objective);
        st.begin();
        let c = st.routes.iter().position(|r| !r.is_empty()).unwrap();
        st.remove(&ctx, c, 0);
        assert!(st.objective < before.2);
        st.rollback();
        assert_eq!((st.routes.clone(), st.visits.clone(), st.objective), before);
    }
}

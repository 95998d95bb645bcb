//! The search representation: one ordered list of sites per team-day *slot*, each site's
//! visits in date order with their cached gains, and each route's timing.
//!
//! The objective separates by site (a site's gains depend only on its own visits in date
//! order), so a move is evaluated by recomputing only the timelines of the sites it touches,
//! with [`crate::response::sequence_gain`] (and its variants with one visit more or less) in the
//! order [`crate::response::evaluate`] uses. Timing of a route follows [`crate::schedule`]: each
//! route keeps the segments of its prefixes and suffixes ([`Timing`]), so checking an
//! insertion is O(1) per position.
//!
//! The `ctx` module holds the facts that never change during a search, `timing` the timing
//! of the routes.
//!
//! Stays: the timing above is that of the shortest stays, which decides whether a route
//! fits. How long each stop then stays is decided by [`crate::stays::best`] whenever a
//! route changes ([`State::insert`], [`State::remove`], [`State::reorder`],
//! [`State::swap_routes`]); the stays go into the site's visits and so into its gain, and
//! the route remembers what a minute of it is worth ([`State::rate`]) and how many of its
//! minutes are unused ([`State::spare`]) for pricing an insertion.
//!
//! This state never leaves the search: [`State::to_plan`] turns it into a [`Plan`] with
//! [`stays::timed`], and the checker verifies that plan independently.

mod ctx;
mod timing;

pub use ctx::{Ctx, Slot, Visit};
pub use timing::Timing;

use crate::plan::{Plan, Route};
use crate::problem::Minutes;
use crate::stays;

/// What a slot holds besides its order and timing: its stays, its rate and its spare minutes.
#[derive(Debug, Clone, PartialEq)]
struct SlotStays {
    stays: Vec<Minutes>,
    rate: f64,
    spare: Minutes,
}

/// What the search changes and how to undo it.
#[derive(Debug, Clone, Default)]
struct Journal {
    active: bool,
    slots: Vec<(usize, Vec<usize>, Timing, SlotStays)>,
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
    /// Stay of each stop of each slot, minutes.
    pub stays: Vec<Vec<Minutes>>,
    /// Gain per minute a slot's stays lose at least when the route gives up minutes.
    pub rate: Vec<f64>,
    /// Minutes of a slot's shift its trip (at its stays) leaves unused.
    pub spare: Vec<Minutes>,
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
            stays: vec![Vec::new(); n_slots],
            rate: vec![0.0; n_slots],
            spare: ctx.slots.iter().map(|s| s.shift.len()).collect(),
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
            let stops = stays::timed(ctx.p, team, day, sites, &self.stays[c])
                .expect("the search only keeps routes that fit the shift");
            let kit = crate::kits::on_route(ctx.p, ctx.staff[team], sites.iter().copied());
            routes.push(Route {
                team,
                day,
                stops,
                kit,
            });
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

    /// Change of the objective if site `s` gets a visit by `team` on day `d` staying
    /// `stay` minutes (rules not checked; the other stops' stays unchanged).
    pub fn gain_delta(&self, ctx: &Ctx, s: usize, d: usize, team: usize, stay: Minutes) -> f64 {
        ctx.site_gain(s, &self.visits[s], Some(Visit { day: d, team, stay })) - self.gain[s]
    }

    /// Estimated change of the objective if site `s` goes into slot `c` adding `added` trip
    /// minutes at the shortest stays: the new stop stays what the route's unused minutes
    /// allow (at least its shortest stay) and, beyond them, as long as one more step of its
    /// stay gains more than the route's [`State::rate`]; minutes taken beyond the unused
    /// ones cost that rate. Exact when the route has room; [`State::insert`] then decides
    /// the stays exactly.
    pub fn insertion_delta(&self, ctx: &Ctx, s: usize, c: usize, added: Minutes) -> f64 {
        let (gain, cost) = self.insertion_parts(ctx, s, c, added);
        ctx.site_gain(s, &self.visits[s], Some(gain)) - self.gain[s] - cost
    }

    /// The new visit of [`State::insertion_delta`] and the cost of the minutes it takes.
    ///
    /// A route with no unused minutes would otherwise price every newcomer at its shortest
    /// stay, although re-staying the route ([`stays::best`]) then hands it minutes from
    /// the other stops at about the route's rate: with long, saturating stays (gains that
    /// grow over hours) that undervalued every insertion into a full route by most of its
    /// gain. This is done for a site's first visit only (below). The stay is found by
    /// bisection on the grid of [`stays::STEP`] from the stay the
    /// unused minutes give (the gain is concave), and it never exceeds what the other stops
    /// could give up down to their shortest stays.
    pub fn insertion_parts(&self, ctx: &Ctx, s: usize, c: usize, added: Minutes) -> (Visit, f64) {
        let site = &ctx.p.sites[s];
        let Slot { team, day, .. } = ctx.slots[c];
        let spare = self.spare[c];
        let free = spare.saturating_sub(added);
        let mut stay = site.max_stay.min(site.min_stay + free);
        let rate = self.rate[c];
        // Only for a site's first visit: a later one draws on a pool earlier visits have
        // thinned and gains less from a longer stay, and pricing it costs a dozen
        // evaluations of the site's whole sequence per candidate. Priced for every visit,
        // Batang's search ran 2.7 times slower per iteration and planned less at 4,000
        // iterations (77,486 against 77,815).
        if self.visits[s].is_empty() && stay < site.max_stay && rate > 0.0 {
            // Minutes the other stops could give up, and so the longest stay they allow.
            let above: Minutes = self.routes[c]
                .iter()
                .zip(&self.stays[c])
                .map(|(&x, &k)| k.saturating_sub(ctx.p.sites[x].min_stay))
                .sum();
            let most = site
                .max_stay
                .min((site.min_stay + spare + above).saturating_sub(added));
            let gain =
                |x: Minutes| ctx.site_gain(s, &self.visits[s], Some(Visit { day, team, stay: x }));
            let grows = |x: Minutes| {
                let y = (x + stays::STEP).min(most);
                y > x && gain(y) - gain(x) > rate * f64::from(y - x)
            };
            if stay < most && grows(stay) {
                // grows(stay + lo·STEP) holds; grows(stay + hi·STEP) does not (or is the end).
                let (mut lo, mut hi) = (0, (most - stay).div_ceil(stays::STEP));
                while hi - lo > 1 {
                    let mid = lo + (hi - lo) / 2;
                    if grows(stay + mid * stays::STEP) {
                        lo = mid;
                    } else {
                        hi = mid;
                    }
                }
                stay = (stay + hi * stays::STEP).min(most);
            }
        }
        let taken = (added + stay - site.min_stay).saturating_sub(spare);
        (Visit { day, team, stay }, rate * f64::from(taken))
    }

    /// Starts recording changes so that [`State::rollback`] can undo them.
    pub fn begin(&mut self) {
        self.journal.active = true;
        self.journal.objective = self.objective;
    }

    /// Keeps the changes made since [`State::begin`].
    pub fn commit(&mut self) {
        let j = &mut self.journal;
        for (c, _, _, _) in j.slots.drain(..) {
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
        for (c, r, t, k) in j.slots.drain(..).rev() {
            j.slot_seen[c] = false;
            self.routes[c] = r;
            self.timing[c] = t;
            self.stays[c] = k.stays;
            self.rate[c] = k.rate;
            self.spare[c] = k.spare;
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
            let kept = SlotStays {
                stays: self.stays[c].clone(),
                rate: self.rate[c],
                spare: self.spare[c],
            };
            j.slots
                .push((c, self.routes[c].clone(), self.timing[c].clone(), kept));
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
        let stay = ctx.p.sites[s].min_stay;
        v.insert(i, Visit { day, team, stay });
        self.stays[c].insert(pos, stay);
        self.restay(ctx, c);
    }

    /// Takes the stop at position `pos` out of slot `c` and returns its site.
    pub fn remove(&mut self, ctx: &Ctx, c: usize, pos: usize) -> usize {
        self.save_slot(c);
        let s = self.routes[c].remove(pos);
        self.stays[c].remove(pos);
        self.save_site(s);
        let day = ctx.slots[c].day;
        self.visits[s].retain(|v| v.day != day);
        self.refresh_site(ctx, s);
        match ctx.timing(c, &self.routes[c]) {
            Some(t) => {
                self.timing[c] = t;
                self.restay(ctx, c);
            }
            // Only possible with travel that breaks the triangle inequality: drop the stop
            // after the gap too until the trip fits again.
            None => {
                let at = pos.min(self.routes[c].len() - 1);
                self.remove(ctx, c, at);
            }
        }
        s
    }

    /// Replaces the order of slot `c`'s route by `order` (same sites), which must fit,
    /// unless the stays of the new order gain less than those of the old one; true when the
    /// new order is kept.
    pub fn reorder(&mut self, ctx: &Ctx, c: usize, order: Vec<usize>, timing: Timing) -> bool {
        debug_assert_eq!(ctx.timing(c, &order).as_ref(), Some(&timing));
        self.save_slot(c);
        let before = self.objective;
        let old = std::mem::replace(&mut self.routes[c], order);
        let old_timing = std::mem::replace(&mut self.timing[c], timing);
        self.restay(ctx, c);
        if self.objective >= before - 1e-9 * before.abs().max(1.0) {
            return true;
        }
        self.routes[c] = old;
        self.timing[c] = old_timing;
        self.restay(ctx, c);
        false
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
            }
            // The other team's shift and base: start again from the shortest stays.
            self.stays[c] = self.routes[c]
                .iter()
                .map(|&s| ctx.p.sites[s].min_stay)
                .collect();
            self.restay(ctx, c);
        }
    }

    /// Decides the stays of slot `c`'s route ([`stays::best`]) and brings its sites' visits
    /// and gains up to date.
    fn restay(&mut self, ctx: &Ctx, c: usize) {
        self.save_slot(c);
        let Slot { team, day, shift } = ctx.slots[c];
        if self.routes[c].is_empty() {
            self.stays[c].clear();
            self.rate[c] = 0.0;
            self.spare[c] = shift.len();
            return;
        }
        let sites = std::mem::take(&mut self.routes[c]);
        let at: Vec<usize> = sites
            .iter()
            .map(|&s| {
                self.visits[s]
                    .iter()
                    .position(|v| v.day == day)
                    .expect("a stop is among its site's visits")
            })
            .collect();
        let best = stays::best(ctx.p, team, day, &sites, |i, stay| {
            ctx.site_gain_at(sites[i], &self.visits[sites[i]], at[i], stay)
        })
        .expect("the route fits at its shortest stays");
        for (i, &s) in sites.iter().enumerate() {
            self.save_site(s);
            self.visits[s][at[i]].stay = best.stays[i];
            self.refresh_site(ctx, s);
        }
        self.routes[c] = sites;
        self.stays[c] = best.stays;
        self.rate[c] = best.rate;
        self.spare[c] = best.spare;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schedule;
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
                    s.min_stay = 20 + (s.min_stay % 7) * 5;
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
        let eval = crate::response::evaluate(&p, &plan);
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

//! Recreate operators: put visits back into the plan, best first.
//!
//! Both operators share one engine. For every candidate site it keeps its best insertions
//! (one per candidate slot, at the slot's best position); each step takes the site with the
//! best key — the best gain per added trip minute for greedy insertion, the regret for
//! regret-k — inserts it and re-evaluates only the sites whose cached options used the slot
//! that changed (a site's own options change only when it is itself inserted).

mod greedy;
mod regret;

pub use greedy::Greedy;
pub use regret::Regret;

use super::state::{Ctx, State, Visit};
use crate::problem::Minutes;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// A recreate operator.
pub trait Recreate: Send + Sync {
    fn name(&self) -> &'static str;
    /// Inserts visits of `sites` into `slots` while some insertion gains something.
    fn recreate(
        &self,
        ctx: &Ctx,
        st: &mut State,
        sites: &[usize],
        slots: &[usize],
        rng: &mut ChaCha8Rng,
    );
}

/// The default recreate operators.
pub fn defaults() -> Vec<Box<dyn Recreate>> {
    vec![
        Box::new(Greedy {
            noise: 0.0,
            per_minute: true,
        }),
        Box::new(Greedy {
            noise: 0.15,
            per_minute: true,
        }),
        Box::new(Greedy {
            noise: 0.0,
            per_minute: false,
        }),
        Box::new(Regret { k: 2 }),
        Box::new(Regret { k: 3 }),
    ]
}

/// One way to insert a site: into `slot` at `pos`, gaining `delta` for `added` minutes.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Insertion {
    pub slot: usize,
    pub pos: usize,
    pub delta: f64,
    pub added: Minutes,
    /// What insertions are ranked by: gain per added minute, or the gain itself (with
    /// noise, when asked).
    pub score: f64,
}

/// How insertions are ranked.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scoring {
    /// Gain per added trip minute (true) or the gain itself, the fewest added minutes
    /// breaking ties (false): when every trip holds one visit, minutes are not what is
    /// scarce, team-days are.
    pub per_minute: bool,
    /// Relative noise on each score (0 = none); diversifies the search.
    pub noise: f64,
}

impl Scoring {
    pub const PER_MINUTE: Scoring = Scoring {
        per_minute: true,
        noise: 0.0,
    };
}

/// The best position of site `s` in slot `c`, if it may go there and gains something;
/// ranked per minute it takes.
pub fn best_in_slot(ctx: &Ctx, st: &State, s: usize, c: usize) -> Option<Insertion> {
    if !admits(ctx, st, s, c) {
        return None;
    }
    place(ctx, st, s, c, &mut Gains { seen: Vec::new() })
}

/// Whether slot `c` has room for a visit to `s` and `s` may be visited that day.
fn admits(ctx: &Ctx, st: &State, s: usize, c: usize) -> bool {
    st.slack(ctx, c) >= ctx.p.sites[s].min_stay && st.can_visit(ctx, s, ctx.slots[c].day)
}

/// The cheapest position of site `s` in slot `c`, if a visit there gains something
/// ([`State::insertion_delta`]) and fits. Its score is the gain per minute the visit takes:
/// the added trip minutes plus what it stays beyond its shortest stay.
fn place(ctx: &Ctx, st: &State, s: usize, c: usize, gains: &mut Gains) -> Option<Insertion> {
    let mut best: Option<(Minutes, usize)> = None;
    for pos in 0..=st.routes[c].len() {
        if let Some(added) = st.insertion(ctx, c, pos, s)
            && best.is_none_or(|b| added < b.0)
        {
            best = Some((added, pos));
        }
    }
    let (added, pos) = best?;
    let (visit, cost) = st.insertion_parts(ctx, s, c, added);
    let delta = gains.get(ctx, st, s, visit) - cost;
    if delta <= 1e-9 {
        return None;
    }
    let taken = added + (visit.stay - ctx.p.sites[s].min_stay);
    Some(Insertion {
        slot: c,
        pos,
        delta,
        added,
        score: delta / taken.max(1) as f64,
    })
}

/// Gains of one site's next visit, remembered across slots: the response model makes the
/// gain depend only on the team's staff, the stay and on how many of the site's visits come
/// before the new one, not on the day itself, so a site weighed against hundreds of slots
/// needs only a handful of evaluations.
struct Gains {
    seen: Vec<(usize, crate::response::Crew, Minutes, f64)>,
}

impl Gains {
    fn get(&mut self, ctx: &Ctx, st: &State, s: usize, visit: Visit) -> f64 {
        // The new visit counts after every visit on or before its day, as in `site_gain`.
        let before = st.visits[s].partition_point(|v| v.day <= visit.day);
        let staff = ctx.staff[visit.team];
        if let Some(&(_, _, _, g)) = self
            .seen
            .iter()
            .find(|&&(b, t, m, _)| b == before && t == staff && m == visit.stay)
        {
            return g;
        }
        let g = st.gain_delta(ctx, s, visit.day, visit.team, visit.stay);
        self.seen.push((before, staff, visit.stay, g));
        g
    }
}

/// The `m` best insertions of site `s` over `slots` (distinct slots), best first.
fn options(
    ctx: &Ctx,
    st: &State,
    s: usize,
    slots: &[usize],
    m: usize,
    scoring: Scoring,
    rng: &mut ChaCha8Rng,
) -> Vec<Insertion> {
    let mut out: Vec<Insertion> = Vec::with_capacity(m + 1);
    let mut gains = Gains { seen: Vec::new() };
    for &c in slots {
        if !admits(ctx, st, s, c) {
            continue;
        }
        let Some(mut ins) = place(ctx, st, s, c, &mut gains) else {
            continue;
        };
        if !scoring.per_minute {
            ins.score = ins.delta * (1.0 - 1e-7 * ins.added as f64);
        }
        if scoring.noise > 0.0 {
            ins.score *= 1.0 + scoring.noise * (2.0 * rng.random::<f64>() - 1.0);
        }
        if out.len() < m || ins.score > out[out.len() - 1].score {
            let at = out.partition_point(|o| o.score >= ins.score);
            out.insert(at, ins);
            out.truncate(m);
        }
    }
    out
}

/// Options kept per site: a slot that another insertion changes is dropped from the list
/// (rather than re-evaluating every site), and the list is rebuilt once it runs out.
const KEPT: usize = 12;

/// The shared insertion loop; `k = 1` is greedy, `k ≥ 2` regret-k.
pub fn fill(
    ctx: &Ctx,
    st: &mut State,
    sites: &[usize],
    slots: &[usize],
    k: usize,
    scoring: Scoring,
    rng: &mut ChaCha8Rng,
) {
    let k = k.max(1);
    let kept = KEPT.max(k);
    let mut cache: Vec<Option<Vec<Insertion>>> = vec![None; sites.len()];
    let mut alive = vec![true; sites.len()];
    loop {
        let mut pick: Option<(usize, f64, f64)> = None;
        for i in 0..sites.len() {
            if !alive[i] {
                continue;
            }
            if cache[i].as_ref().is_none_or(|o| o.is_empty()) {
                cache[i] = Some(options(ctx, st, sites[i], slots, kept, scoring, rng));
            }
            let opts = cache[i].as_ref().expect("just filled");
            let Some(first) = opts.first() else {
                alive[i] = false;
                continue;
            };
            let key = if k == 1 {
                first.score
            } else {
                (1..k)
                    .map(|j| first.score - opts.get(j).map_or(0.0, |o| o.score))
                    .sum()
            };
            if pick.is_none_or(|(_, best_key, best_score)| {
                key > best_key || (key == best_key && first.score > best_score)
            }) {
                pick = Some((i, key, first.score));
            }
        }
        let Some((i, _, _)) = pick else { break };
        let ins = cache[i].as_ref().expect("picked from the cache")[0];
        let s = sites[i];
        st.insert(ctx, ins.slot, ins.pos, s);
        // The same site may be listed more than once: all of its entries are stale now.
        for (j, c) in cache.iter_mut().enumerate() {
            if sites[j] == s {
                *c = None;
            } else if let Some(o) = c {
                o.retain(|x| x.slot != ins.slot);
            }
        }
    }
}

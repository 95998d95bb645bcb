//! The upper bound: how many expected activations no feasible plan can exceed.
//!
//! A planner needs to know whether a plan is close to the best possible or whether a better
//! one exists. The relaxation here (an LP over sites × months, docs/bound.md) drops the
//! exact routing and keeps only what every plan must respect: each site's diminishing gains
//! per visit, its availability and minimum gap per month, its maximum visits, the
//! team-minutes of each month with every visit charged its length plus a provable share of
//! travel, and how many visits of a given size fit in the month's team-days.
//!
//! The value reported is never the LP solver's primal objective: it is the Lagrangian
//! dual function evaluated exactly at the solver's dual prices (improved by a subgradient
//! search). Weak duality makes that a valid upper bound whatever the solver's tolerances —
//! and for districts too large for the LP, the same dual search alone gives the bound.
//!
//! The relaxation is written once, in `form` ([`Form`]): columns with their bounds and
//! gains, grouped in one block per site (its gain segments and visits per month, tied by
//! the block's row) followed by the size-bucket counts, and the month rows (team-minutes,
//! team-days, buckets, slot rows) with their senses, right-hand sides and names. It is
//! built once from [`Data`] and handed to every consumer: jemput's own interior point
//! (`ipm`), which scales it, adds a slack per inequality and eliminates each site's block,
//! factoring only the month rows; good_lp's clarabel (or HiGHS), which takes it as it is
//! (`model`; the fallback and the reference of the cross-checks); and the dual function
//! (`dual`), which reads each site's subproblem from its block.

mod data;
mod dual;
mod form;
mod ipm;
mod levels;
mod model;
mod visits;

pub use data::{Charge, Data};
pub use dual::Prices;
pub use form::Form;

use crate::problem::Problem;
use std::time::Instant;

/// How to compute the bound.
#[derive(Debug, Clone, PartialEq)]
pub struct LpOptions {
    /// Solve the LP (with this backend) when the district has at most this many sites;
    /// beyond, only the dual search runs.
    pub max_lp_sites: usize,
    /// Subgradient iterations after the LP (or from scratch without it).
    pub dual_iterations: usize,
    pub backend: Backend,
    /// When the bound must stop: jemput's interior point returns its current prices and
    /// the dual search takes no further step (a general solver, when it is the fallback,
    /// runs to the end). Every value found is still a valid bound, only looser: a
    /// strategy with a time limit keeps time for its plan.
    pub deadline: Option<Instant>,
    /// Most sites for which the general solver stands in when jemput's interior point
    /// fails (clarabel takes about 5 s on 3,500 sites, 137 s on 30,000 with stay levels);
    /// beyond, the dual search starts from the interior point's last finite iterate
    /// instead, still a valid bound.
    pub general_fallback_sites: usize,
}

/// Which LP solver computes the relaxation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// jemput's own interior point (default), which eliminates every site's block and
    /// factors only the few dozen month rows (docs/bound.md). Should it fail to converge,
    /// the general solver ([`Backend::GENERAL`]) solves the LP instead, or, above
    /// [`LpOptions::general_fallback_sites`], its last finite iterate's prices stand in.
    Native,
    /// Pure Rust interior point through good_lp.
    Clarabel,
    /// HiGHS through good_lp (build with `--features highs`).
    #[cfg(feature = "highs")]
    Highs,
}

impl Backend {
    /// jemput's own interior point, in every build.
    pub const DEFAULT: Backend = Backend::Native;
    /// The general LP solver: HiGHS when the build has it (`--features highs`), else
    /// clarabel.
    #[cfg(feature = "highs")]
    pub const GENERAL: Backend = Backend::Highs;
    /// The general LP solver: HiGHS when the build has it (`--features highs`), else
    /// clarabel.
    #[cfg(not(feature = "highs"))]
    pub const GENERAL: Backend = Backend::Clarabel;
}

/// Most sites for which the LP is solved by default. Its prices only start the dual search,
/// whose site subproblems make the bound (`visits`); beyond a few thousand sites the search
/// from its own starting prices ends within 0.1 % of the value from the LP's prices, in a
/// fraction of the time (docs/bound.md).
pub const LP_SITES: usize = 5_000;

impl Default for LpOptions {
    fn default() -> Self {
        LpOptions {
            max_lp_sites: LP_SITES,
            dual_iterations: 300,
            backend: Backend::DEFAULT,
            deadline: None,
            general_fallback_sites: 5_000,
        }
    }
}

/// An upper bound on the objective (weighted expected activations) of every feasible plan.
#[derive(Debug, Clone, PartialEq)]
pub struct LpBound {
    pub value: f64,
    /// What the LP backend said (verbatim), or how the dual search ended.
    pub status: String,
    pub seconds: f64,
    /// Visits per site and month in the relaxation's allocation: `visits[s][m]`.
    pub visits: Vec<Vec<f64>>,
    /// The LP's primal objective when it was solved to optimality (≈ `value`); `None`
    /// when only the dual search ran or the LP stopped at the deadline.
    pub lp_objective: Option<f64>,
    /// The LP stopped at the deadline before its optimum, or the deadline left no time for
    /// the calendar-order evaluation: `value` is valid but looser, and a report should
    /// compute the bound again without a deadline.
    pub lp_stopped: bool,
}

impl LpBound {
    /// Visits per site over the horizon.
    pub fn site_visits(&self) -> Vec<f64> {
        self.visits.iter().map(|v| v.iter().sum()).collect()
    }
}

/// The upper bound for `p`: the relaxation with travel charged by half legs and, where
/// the shortest paths it needs are cheap ([`data::radial_fits`]), also by round trips
/// ([`data::Charge`]); the smaller value is the bound. The LP's objective, allocation and
/// status are those of the half-leg relaxation.
pub fn bound(p: &Problem, o: &LpOptions) -> Result<LpBound, String> {
    let clock = Instant::now();
    let (mut b, mut searched) = bound_of(p, o, Data::new(p))?;
    if data::radial_fits(p)
        && let Ok((r, radial)) = bound_of(p, o, Data::charged(p, data::Charge::Radial))
        && r.value < b.value
    {
        b.value = r.value;
        b.status = format!("{}; travel charged by round trips", b.status);
        searched = radial;
    }
    // The calendar-order evaluation, on the relaxation that gave the smaller value.
    let (data, prices) = searched;
    let (ordered, cut) = in_order(p, o, &data, &Form::new(&data), &prices);
    b.value = b.value.min(ordered);
    b.lp_stopped |= cut;
    b.seconds = clock.elapsed().as_secs_f64();
    Ok(b)
}

/// Most sites for which the dual function is evaluated once more at the search's best
/// prices with each site's visits in calendar order (`visits::sequence`, about a
/// millisecond a site).
pub const IN_ORDER_SITES: usize = 2_000;

/// The dual function at `prices` with the sites' visits in calendar order where that is
/// cheap enough (infinite otherwise), and whether it was left out because the deadline had
/// passed (the bound is then looser than a report should show).
fn in_order(p: &Problem, o: &LpOptions, data: &Data, form: &Form, prices: &Prices) -> (f64, bool) {
    if p.sites.len() > IN_ORDER_SITES {
        (f64::INFINITY, false)
    } else if o.deadline.is_some_and(|d| Instant::now() >= d) {
        (f64::INFINITY, true)
    } else {
        (dual::evaluate_in_order(data, form, prices), false)
    }
}

/// The relaxation's data and the dual search's best prices, for a last evaluation.
type Searched = (Data, Prices);

/// The bound from the relaxation's data `data` (without the calendar-order evaluation),
/// and the data with the best prices found.
fn bound_of(p: &Problem, o: &LpOptions, data: Data) -> Result<(LpBound, Searched), String> {
    let clock = Instant::now();
    let form = Form::new(&data);
    if p.sites.len() <= o.max_lp_sites {
        // Whether the native method failed and its last finite iterate stands in for it.
        let mut failed = false;
        let lp = match o.backend {
            Backend::Native => match ipm::solve(&data, &form, o.deadline) {
                Ok(r) => r,
                Err(ipm::Failure {
                    why,
                    last: Some(mut last),
                }) if p.sites.len() > o.general_fallback_sites => {
                    last.status = format!(
                        "{why}; the dual search went on from the prices of the last finite \
                         iterate"
                    );
                    failed = true;
                    *last
                }
                Err(f) => model::solve(&data, &form, Backend::GENERAL).map(|mut r| {
                    r.status = format!("{} (after {})", r.status, f.why);
                    r
                })?,
            },
            general => model::solve(&data, &form, general)?,
        };
        let mut prices = lp.prices.clone();
        prices.project();
        let (at_duals, _) = dual::evaluate(&data, &form, &prices);
        // The dual function's site subproblems are tighter than the LP's own columns
        // (`visits`): its value can fall below the LP's optimum, so the search runs on.
        let enough = f64::NEG_INFINITY;
        let (best, best_prices) = dual::minimize(
            &data,
            &form,
            prices,
            at_duals,
            o.dual_iterations,
            enough,
            o.deadline,
        );
        let b = LpBound {
            value: best,
            status: lp.status,
            seconds: clock.elapsed().as_secs_f64(),
            visits: lp.visits,
            lp_objective: lp.optimal.then_some(lp.objective),
            lp_stopped: !lp.optimal && !failed,
        };
        return Ok((b, (data, best_prices)));
    }
    let start = Prices::initial(&data);
    let (v0, _) = dual::evaluate(&data, &form, &start);
    let (best, best_prices) = dual::minimize(
        &data,
        &form,
        start,
        v0,
        o.dual_iterations.max(600),
        f64::NEG_INFINITY,
        o.deadline,
    );
    let (_, visits) = dual::evaluate(&data, &form, &best_prices);
    let b = LpBound {
        value: best,
        status: format!(
            "dual search ({} sites > {} for the LP)",
            p.sites.len(),
            o.max_lp_sites
        ),
        seconds: clock.elapsed().as_secs_f64(),
        visits,
        lp_objective: None,
        lp_stopped: false,
    };
    Ok((b, (data, best_prices)))
}

//! jemput's own interior-point method for the relaxation, built on its shape. It takes
//! the relaxation's [`Form`] (scaling the team-minute rows and the gains, adding a slack
//! per inequality row) and works in three parts: this file (the LP in solver form, the
//! iteration loop, reading the result), `normal` (the parallel passes over the sites and
//! the eliminated normal matrix) and `step` (residuals, directions, the starting point).
//!
//! The LP has one small block per site (its gain segments `y`, its visits per month `x`,
//! and the row `Σ y = Σ x`) and a few hundred coupling rows per horizon (each month's
//! team-minutes, team-days, size buckets and slot rows). A general solver factors the whole
//! normal matrix; here every site row is eliminated by hand — each site contributes a
//! low-rank update to a dense matrix over the coupling rows only (at most 44 per month,
//! often 5 once the rows that cannot bind are left out) — so an iteration costs a pass over
//! the sites plus one small dense Cholesky factorisation, whatever the number of sites.
//! The method is Mehrotra's predictor–corrector for `min cᵀz, Az = b, 0 ≤ z ≤ u` on the
//! normal equations. The passes over the sites run in parallel tasks of a fixed size whose
//! sums are added in task order, so the result does not depend on the number of threads.
//!
//! Nothing here has to be exact for the bound to be valid: the bound is the dual function
//! evaluated at the prices this method returns (see `super::dual`). Its accuracy only
//! decides how tight the bound is, and `tests/it/lp_bound.rs` checks it against clarabel.

// Columns and rows index several parallel arrays (values, reduced costs, scalings, …).
#![allow(clippy::needless_range_loop)]

mod normal;
mod step;

use super::data::Data;
use super::dual::Prices;
use super::form::{Column, Form, NO_BLOCK, Row};
use super::model::LpResult;
use normal::{Normal, chunks};
use rayon::prelude::*;
use step::{Direction, State, inf_norm, start};

/// Iterations before giving up (the caller then falls back to a general LP solver).
const MAX_ITERATIONS: usize = 100;
/// Relative duality gap and infeasibilities at which the LP counts as solved.
const TOLERANCE: f64 = 1e-9;
/// Fraction of the step to the boundary taken.
const STEP: f64 = 0.995;

/// No site: the column belongs to the coupling rows only (a slack or a bucket count).
const NO_SITE: u32 = NO_BLOCK;

/// The relaxation ([`Form`]) in the solver's form `Az = b, 0 ≤ z ≤ u`, scaled.
struct Lp<'f> {
    form: &'f Form,
    /// Per column: cost (minimisation, scaled), upper bound (∞ when none), owning site
    /// row (or [`NO_SITE`]) and its coefficient there (+1 for a gain segment, −1 for a
    /// visit variable).
    cost: Vec<f64>,
    upper: Vec<f64>,
    site: Vec<u32>,
    site_coef: Vec<f64>,
    /// Coupling entries, column-wise: `entries[start[j]..start[j + 1]]`.
    start: Vec<usize>,
    entries: Vec<(u32, f64)>,
    /// Right-hand side of the coupling rows (the form's month rows; site rows have 0).
    b: Vec<f64>,
    /// Columns of each site row (the form's blocks): `site_cols[r]..site_cols[r + 1]`;
    /// coupling-only columns (counts and slacks) come after the last site's.
    site_cols: Vec<usize>,
    /// Team-minute rows are divided by this (the largest visit size), gains by `gain_scale`.
    minute_scale: f64,
    gain_scale: f64,
}

impl<'f> Lp<'f> {
    fn columns(&self) -> usize {
        self.cost.len()
    }
    fn coupling_rows(&self) -> usize {
        self.b.len()
    }
    fn site_rows(&self) -> usize {
        self.form.blocks()
    }

    /// The form's columns with the team-minute rows and the objective scaled, plus a slack
    /// for each inequality row; the coupling-only columns go month by month: the slacks of
    /// the team-minute and team-day rows, then per bucket its count and the slack of its
    /// slot row.
    fn new(form: &'f Form) -> Lp<'f> {
        let minute_scale = form.largest_size;
        let gain_scale = form.largest_gain;
        let is_minutes = |row: u32| matches!(form.row[row as usize], Row::Minutes { .. });
        let b = form
            .row
            .iter()
            .zip(&form.rhs)
            .map(|(row, &rhs)| match row {
                Row::Minutes { .. } => rhs / minute_scale,
                _ => rhs,
            })
            .collect();
        let mut lp = Lp {
            form,
            cost: Vec::new(),
            upper: Vec::new(),
            site: Vec::new(),
            site_coef: Vec::new(),
            start: vec![0],
            entries: Vec::new(),
            b,
            site_cols: form.block_cols.clone(),
            minute_scale,
            gain_scale,
        };
        let mut e = Vec::with_capacity(3);
        for j in 0..form.block_cols[form.blocks()] {
            let cost = -form.gain[j] / gain_scale;
            e.clear();
            e.extend(form.col(j).iter().map(|&(row, v)| {
                if is_minutes(row) {
                    (row, v / minute_scale)
                } else {
                    (row, v)
                }
            }));
            lp.push(cost, form.upper[j], form.block[j], form.block_coef[j], &e);
        }
        let slack = |lp: &mut Lp, row: usize| {
            lp.push(0.0, f64::INFINITY, NO_SITE, 0.0, &[(row as u32, 1.0)]);
        };
        for m in 0..form.minute_rows.len() {
            for row in [form.minute_rows[m], form.day_rows[m], form.kit_rows[m]]
                .into_iter()
                .flatten()
            {
                slack(&mut lp, row);
            }
            for k in 0..form.count_cols[m].len() {
                if let Some(j) = form.count_cols[m][k] {
                    lp.push(0.0, form.upper[j], NO_SITE, 0.0, form.col(j));
                }
                if let Some(row) = form.slot_rows[m][k] {
                    slack(&mut lp, row);
                }
            }
        }
        lp
    }
    fn push(&mut self, cost: f64, upper: f64, site: u32, coef: f64, e: &[(u32, f64)]) {
        self.cost.push(cost);
        self.upper.push(upper);
        self.site.push(site);
        self.site_coef.push(coef);
        self.entries.extend_from_slice(e);
        self.start.push(self.entries.len());
    }

    fn col(&self, j: usize) -> &[(u32, f64)] {
        &self.entries[self.start[j]..self.start[j + 1]]
    }

    /// `A z`: site rows, then coupling rows.
    fn times(&self, z: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let mut site = vec![0.0; self.site_rows()];
        let mut coupling = vec![0.0; self.coupling_rows()];
        for j in 0..self.columns() {
            if self.site[j] != NO_SITE {
                site[self.site[j] as usize] += self.site_coef[j] * z[j];
            }
            for &(r, v) in self.col(j) {
                coupling[r as usize] += v * z[j];
            }
        }
        (site, coupling)
    }

    /// `Aᵀ λ` for column `j`.
    fn column_dot(&self, j: usize, site: &[f64], coupling: &[f64]) -> f64 {
        let mut x = if self.site[j] == NO_SITE {
            0.0
        } else {
            self.site_coef[j] * site[self.site[j] as usize]
        };
        for &(r, v) in self.col(j) {
            x += v * coupling[r as usize];
        }
        x
    }
}

/// Why the method did not converge, and the last iterate whose residuals were finite (its
/// prices give a valid bound like any others; `None` when the first one was not).
pub struct Failure {
    pub why: String,
    pub last: Option<Box<LpResult>>,
}

/// Solves the relaxation of `d`. An error means the method did not converge (the caller
/// falls back to a general LP solver, or to the last finite iterate's prices). Once
/// `deadline` has passed it stops and returns the current iterate, marked not optimal: its
/// prices still give a valid bound, only looser.
pub fn solve(
    d: &Data,
    form: &Form,
    deadline: Option<std::time::Instant>,
) -> Result<LpResult, Failure> {
    let lp = Lp::new(form);
    let chunks = chunks(&lp);
    let n = lp.columns();
    if n == 0 {
        // Nothing can be visited: the optimum is 0, every price 0.
        return Ok(read(d, &lp, &[], &[], 0, None));
    }
    let (z, s, w) = start(&lp);
    let finite = lp.upper.iter().filter(|u| u.is_finite()).count();
    let mut st = State {
        z,
        s,
        w,
        rc: vec![0.0; n],
        dd: vec![0.0; n],
        rb_site: vec![0.0; lp.site_rows()],
        rb_c: Vec::new(),
    };
    let mut lam_site = vec![0.0; lp.site_rows()];
    let mut lam_c = vec![0.0; lp.coupling_rows()];
    let mut aff = Direction::new(&lp);
    let mut cor = Direction::new(&lp);
    let mut tmp = vec![0.0; n];
    let b_norm = 1.0 + inf_norm(&lp.b);
    let c_norm = 1.0 + inf_norm(&lp.cost);
    let pairs = (n + finite) as f64;
    let mut iterations: usize = 0;
    // The last iterate whose residuals were finite, with its relative gap.
    let mut last: Option<(Vec<f64>, Vec<f64>, f64)> = None;
    loop {
        let sums = st.measure(&lp, &chunks, &lam_site, &lam_c);
        let mu = sums.complementarity / pairs;
        let primal = sums.primal;
        let dual = lp.b.iter().zip(&lam_c).map(|(b, l)| b * l).sum::<f64>() - sums.upper;
        let fail = |why: String, last: Option<(Vec<f64>, Vec<f64>, f64)>, at: usize| Failure {
            why,
            last: last.map(|(z, lam, gap)| Box::new(read(d, &lp, &z, &lam, at, Some(gap)))),
        };
        if !(primal.is_finite() && dual.is_finite() && mu.is_finite()) {
            return Err(fail(
                format!("interior point: numerical failure at iteration {iterations}"),
                last,
                iterations.saturating_sub(1),
            ));
        }
        let p_inf = inf_norm(&st.rb_site).max(inf_norm(&st.rb_c)) / b_norm;
        let d_inf = sums.dual_residual / c_norm;
        let gap = (primal - dual).abs() / (1.0 + primal.abs());
        if gap < TOLERANCE && p_inf < TOLERANCE && d_inf < TOLERANCE {
            break;
        }
        if deadline.is_some_and(|t| std::time::Instant::now() >= t) {
            return Ok(read(d, &lp, &st.z, &lam_c, iterations, Some(gap)));
        }
        if iterations == MAX_ITERATIONS {
            return Err(fail(
                format!(
                    "interior point: not solved in {MAX_ITERATIONS} iterations (gap {gap:.1e})"
                ),
                Some((st.z.clone(), lam_c.clone(), gap)),
                iterations,
            ));
        }
        match &mut last {
            Some((z, lam, g)) => {
                z.copy_from_slice(&st.z);
                lam.copy_from_slice(&lam_c);
                *g = gap;
            }
            None => last = Some((st.z.clone(), lam_c.clone(), gap)),
        }
        iterations += 1;
        let normal = Normal::new(&lp, &chunks, &st.dd);
        let (z, s, w) = (&st.z, &st.s, &st.w);
        let room = |j: usize| lp.upper[j] - z[j];
        // Predictor: the affine-scaling direction.
        st.direction(
            &lp,
            &chunks,
            &normal,
            |j| -z[j] * s[j],
            |j| -room(j) * w[j],
            &mut tmp,
            &mut aff,
        );
        let (ap, ad) = (aff.primal_step, aff.dual_step);
        let parts: Vec<f64> = chunks
            .par_iter()
            .map(|c| {
                c.cols
                    .clone()
                    .map(|j| {
                        let mut x = (z[j] + ap * aff.dz[j]) * (s[j] + ad * aff.ds[j]);
                        if lp.upper[j].is_finite() {
                            x += (room(j) - ap * aff.dz[j]) * (w[j] + ad * aff.dw[j]);
                        }
                        x
                    })
                    .sum()
            })
            .collect();
        let mu_aff = parts.iter().sum::<f64>() / pairs;
        let sigma = (mu_aff / mu).clamp(0.0, 1.0).powi(3);
        // Corrector: centring plus the second-order term of the predictor.
        let target = sigma * mu;
        st.direction(
            &lp,
            &chunks,
            &normal,
            |j| target - z[j] * s[j] - aff.dz[j] * aff.ds[j],
            |j| target - room(j) * w[j] + aff.dz[j] * aff.dw[j],
            &mut tmp,
            &mut cor,
        );
        let ap = (STEP * cor.primal_step).min(1.0);
        let ad = (STEP * cor.dual_step).min(1.0);
        st.z.par_iter_mut()
            .zip(&cor.dz)
            .for_each(|(x, dx)| *x += ap * dx);
        st.s.par_iter_mut()
            .zip(&cor.ds)
            .for_each(|(x, dx)| *x += ad * dx);
        st.w.par_iter_mut()
            .zip(&cor.dw)
            .for_each(|(x, dx)| *x += ad * dx);
        for (l, dl) in lam_site.iter_mut().zip(&cor.dl_site) {
            *l += ad * dl;
        }
        for (l, dl) in lam_c.iter_mut().zip(&cor.dl_c) {
            *l += ad * dl;
        }
    }
    Ok(read(d, &lp, &st.z, &lam_c, iterations, None))
}

/// The allocation, objective and prices of the LP, unscaled; `stopped` is the relative gap
/// when the method stopped at its deadline before the optimum.
fn read(
    d: &Data,
    lp: &Lp,
    z: &[f64],
    lam_c: &[f64],
    iterations: usize,
    stopped: Option<f64>,
) -> LpResult {
    let mut visits = vec![vec![0.0; d.months]; d.gains.len()];
    for r in 0..lp.site_rows() {
        let s = lp.form.site_of_block[r];
        for j in lp.site_cols[r]..lp.site_cols[r + 1] {
            if let Column::Visit { month, .. } = lp.form.column[j] {
                visits[s][month] += z[j].max(0.0);
            }
        }
    }
    let objective: f64 = (0..lp.site_rows())
        .flat_map(|r| lp.site_cols[r]..lp.site_cols[r + 1])
        .map(|j| -lp.cost[j] * lp.gain_scale * z[j].clamp(0.0, lp.upper[j]))
        .sum();
    let price = |row: usize| (-lam_c[row]).max(0.0) * lp.gain_scale;
    let mut prices = Prices::zero(d);
    for m in 0..d.months {
        if let Some(row) = lp.form.minute_rows[m] {
            prices.minute[m] = price(row) / lp.minute_scale;
        }
        if let Some(row) = lp.form.day_rows[m] {
            prices.day[m] = price(row);
        }
        if let Some(row) = lp.form.kit_rows[m] {
            prices.kit[m] = price(row);
        }
        for (k, row) in lp.form.slot_rows[m].iter().enumerate() {
            if let Some(row) = row {
                prices.slot[m][k] = price(*row);
            }
        }
    }
    LpResult {
        objective,
        visits,
        prices,
        status: match stopped {
            None => format!("jemput interior point: optimal in {iterations} iterations"),
            Some(gap) => format!(
                "jemput interior point: stopped at the time limit after {iterations} \
                 iterations (relative gap {gap:.1e})"
            ),
        },
        optimal: stopped.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn solve_now(d: &Data) -> Result<LpResult, String> {
        solve(d, &Form::new(d), None).map_err(|f| f.why)
    }

    /// A relaxation written by hand: two months, no slot thresholds, no team-day rows.
    fn data(minutes: [f64; 2], gains: Vec<Vec<f64>>, caps: Vec<Vec<u32>>) -> Data {
        let n = gains.len();
        Data {
            months: 2,
            gains,
            levels: vec![
                vec![crate::lp::levels::Level {
                    extra: 0.0,
                    gain: 0.0
                }];
                n
            ],
            size: vec![60.0; n],
            caps,
            minutes: minutes.to_vec(),
            thresholds: Vec::new(),
            slots: vec![Vec::new(); 2],
            solo: Vec::new(),
            team_days: vec![1.0; 2],
            longest_usable: vec![480.0; 2],
            kit_days: vec![0.0; 2],
            kit_site: Vec::new(),
            visits: Vec::new(),
        }
    }

    #[test]
    fn solves_small_lps_to_their_known_optimum() {
        // Site 0: gains 10 then 5, one visit a month at most; site 1: one visit worth 8.
        let gains = vec![vec![10.0, 5.0], vec![8.0]];
        let caps = vec![vec![1, 1], vec![1, 1]];
        // 200 team-minutes hold all three 60-minute visits once site 1 splits its visit
        // between the months (2/3 and 1/3): 10 + 5 + 8.
        let r = solve_now(&data([100.0, 100.0], gains.clone(), caps.clone())).unwrap();
        assert!((r.objective - 23.0).abs() < 1e-6, "{}", r.objective);
        // 150 team-minutes hold 2.5 visits: the 5 goes half.
        let r = solve_now(&data([100.0, 50.0], gains, caps)).unwrap();
        assert!((r.objective - 20.5).abs() < 1e-6, "{}", r.objective);
        for m in 0..2 {
            let used: f64 = r.visits.iter().map(|v| 60.0 * v[m]).sum();
            assert!(used <= [100.0, 50.0][m] + 1e-6, "month {m}: {used}");
        }
        // The month prices: the last half visit is worth 5 for 60 minutes in either month.
        assert!(
            (r.prices.minute[0] - 5.0 / 60.0).abs() < 1e-6,
            "{:?}",
            r.prices
        );
        assert!(
            (r.prices.minute[1] - 5.0 / 60.0).abs() < 1e-6,
            "{:?}",
            r.prices
        );
    }

    #[test]
    fn an_lp_with_nothing_to_allocate_is_solved_at_once() {
        // No site can be visited: no site row, no month row.
        let r = solve_now(&data(
            [100.0, 100.0],
            vec![Vec::new(); 3],
            vec![vec![0, 0]; 3],
        ))
        .unwrap();
        assert_eq!(r.objective, 0.0);
        assert_eq!(r.prices.minute, vec![0.0, 0.0]);
        assert!(r.status.contains("in 0 iterations"), "{}", r.status);
        // A site that can only use the first month leaves the second month's row out.
        let r = solve_now(&data([100.0, 100.0], vec![vec![7.0]], vec![vec![1, 0]])).unwrap();
        assert!((r.objective - 7.0).abs() < 1e-6, "{}", r.objective);
        assert_eq!(r.prices.minute[1], 0.0);
    }
}

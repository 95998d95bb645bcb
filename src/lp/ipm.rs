//! jemput's own interior-point method for the relaxation, built on its shape.
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
//! decides how tight the bound is, and `tests/lp_bound.rs` checks it against clarabel.

// Columns and rows index several parallel arrays (values, reduced costs, scalings, …).
#![allow(clippy::needless_range_loop)]

use super::data::Data;
use super::dual::Prices;
use super::model::LpResult;
use rayon::prelude::*;
use std::ops::Range;

/// Iterations before giving up (the caller then falls back to a general LP solver).
const MAX_ITERATIONS: usize = 100;
/// Relative duality gap and infeasibilities at which the LP counts as solved.
const TOLERANCE: f64 = 1e-9;
/// Fraction of the step to the boundary taken.
const STEP: f64 = 0.995;

/// No site: the column belongs to the coupling rows only (a slack or a bucket count).
const NO_SITE: u32 = u32::MAX;

/// The LP in the solver's form, scaled.
struct Lp {
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
    /// Right-hand side of the coupling rows (site rows have 0).
    b: Vec<f64>,
    /// Columns of each site row: `site_cols[r]..site_cols[r + 1]`; coupling-only columns
    /// come after the last site's.
    site_cols: Vec<usize>,
    /// Data site of each site row.
    site_of_row: Vec<usize>,
    /// Coupling row of each month's team-minutes, team-days, size bucket `k` and slot
    /// row `k` (`None`: the row is not in the LP, see [`Lp::build`]).
    minute_rows: Vec<Option<usize>>,
    day_rows: Vec<Option<usize>>,
    bucket_rows: Vec<Vec<Option<usize>>>,
    slot_rows: Vec<Vec<Option<usize>>>,
    /// Team-minute rows are divided by this (the largest visit size), gains by `gain_scale`.
    minute_scale: f64,
    gain_scale: f64,
    /// Column of each (site row, month) visit variable, for reading the allocation back.
    x_cols: Vec<(usize, usize, usize)>,
}

impl Lp {
    fn columns(&self) -> usize {
        self.cost.len()
    }
    fn coupling_rows(&self) -> usize {
        self.b.len()
    }
    fn site_rows(&self) -> usize {
        self.site_of_row.len()
    }

    /// The LP of `d`. Rows that cannot change the optimum are left out and priced 0: a
    /// month's rows when no site can be visited in it, the bucket of a size no site has,
    /// and every slot row but the tightest among those with the same visits on the left
    /// (slot row `k` counts the buckets from `k` up, so with bucket `k` empty it counts what
    /// row `k + 1` counts, with at least as many slots).
    fn build(d: &Data) -> Lp {
        let k_n = d.thresholds.len();
        let months = d.months;
        let minute_scale = d.size.iter().copied().fold(1.0, f64::max);
        let gain_scale = d
            .gains
            .iter()
            .flatten()
            .copied()
            .fold(0.0, f64::max)
            .max(1e-12);
        let tops: Vec<Option<usize>> = (0..d.gains.len()).map(|s| d.slot_rows(s).last()).collect();
        let mut used = vec![false; months];
        let mut present = vec![vec![false; k_n]; months];
        for s in 0..d.gains.len() {
            if d.gains[s].is_empty() {
                continue;
            }
            for m in 0..months {
                if d.caps[s][m] > 0 {
                    used[m] = true;
                    if let Some(k) = tops[s] {
                        present[m][k] = true;
                    }
                }
            }
        }
        let mut b = Vec::new();
        let mut minute_rows = vec![None; months];
        let mut day_rows = vec![None; months];
        let mut bucket_rows = vec![vec![None; k_n]; months];
        let mut slot_rows = vec![vec![None; k_n]; months];
        let mut row = |rhs: f64| {
            b.push(rhs);
            Some(b.len() - 1)
        };
        for m in 0..months {
            if !used[m] {
                continue;
            }
            minute_rows[m] = row(d.minutes[m] / minute_scale);
            if d.has_day_rows() {
                day_rows[m] = row(d.team_days[m]);
            }
            for k in 0..k_n {
                if present[m][k] {
                    bucket_rows[m][k] = row(0.0);
                }
            }
            // Slot rows by the first present bucket they count: the tightest of each group.
            let mut k = 0;
            while k < k_n {
                let Some(first) = (k..k_n).find(|&x| present[m][x]) else {
                    break;
                };
                let tightest = (k..=first)
                    .min_by(|&x, &y| d.slots[m][x].total_cmp(&d.slots[m][y]).then(y.cmp(&x)))
                    .unwrap_or(first);
                slot_rows[m][tightest] = row(d.slots[m][tightest]);
                k = first + 1;
            }
        }
        let mut lp = Lp {
            cost: Vec::new(),
            upper: Vec::new(),
            site: Vec::new(),
            site_coef: Vec::new(),
            start: vec![0],
            entries: Vec::new(),
            b,
            site_cols: vec![0],
            site_of_row: Vec::new(),
            minute_rows,
            day_rows,
            bucket_rows,
            slot_rows,
            minute_scale,
            gain_scale,
            x_cols: Vec::new(),
        };
        for s in 0..d.gains.len() {
            if d.gains[s].is_empty() {
                continue;
            }
            let r = lp.site_of_row.len() as u32;
            lp.site_of_row.push(s);
            for &g in &d.gains[s] {
                lp.push(-g / gain_scale, 1.0, r, 1.0, &[]);
            }
            for m in 0..months {
                if d.caps[s][m] == 0 {
                    continue;
                }
                let mut e = Vec::with_capacity(3);
                if let Some(row) = lp.minute_rows[m] {
                    e.push((row as u32, d.size[s] / minute_scale));
                }
                if let Some(row) = lp.day_rows[m] {
                    e.push((row as u32, d.day_coef(s, m)));
                }
                if let Some(row) = tops[s].and_then(|k| lp.bucket_rows[m][k]) {
                    e.push((row as u32, 1.0));
                }
                lp.x_cols.push((r as usize, m, lp.columns()));
                lp.push(0.0, f64::from(d.caps[s][m]), r, -1.0, &e);
            }
            lp.site_cols.push(lp.columns());
        }
        for m in 0..months {
            for row in [lp.minute_rows[m], lp.day_rows[m]].into_iter().flatten() {
                lp.push(0.0, f64::INFINITY, NO_SITE, 0.0, &[(row as u32, 1.0)]);
            }
            for k in 0..k_n {
                // Bucket k counts the visits whose largest threshold is θ_k; it is one of
                // the visits each slot row from 0 to k counts.
                if let Some(bucket) = lp.bucket_rows[m][k] {
                    let mut e = vec![(bucket as u32, -1.0)];
                    e.extend(
                        lp.slot_rows[m][..=k]
                            .iter()
                            .flatten()
                            .map(|&row| (row as u32, 1.0)),
                    );
                    lp.push(0.0, f64::INFINITY, NO_SITE, 0.0, &e);
                }
                if let Some(row) = lp.slot_rows[m][k] {
                    lp.push(0.0, f64::INFINITY, NO_SITE, 0.0, &[(row as u32, 1.0)]);
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

/// Site rows per parallel task, at least: fixed by the LP alone, so that sums are always
/// added in the same order and the same district gives the same solution whatever the
/// number of threads.
const CHUNK_ROWS: usize = 256;
/// Most tasks per pass (each builds its own copy of the dense matrix).
const MAX_CHUNKS: usize = 32;

/// What one parallel task handles: some site rows and their columns. The last chunk holds
/// the coupling-only columns and no site row.
struct Chunk {
    rows: Range<usize>,
    cols: Range<usize>,
}

fn chunks(lp: &Lp) -> Vec<Chunk> {
    let rows = lp.site_rows();
    let per = CHUNK_ROWS.max(rows.div_ceil(MAX_CHUNKS));
    let mut out: Vec<Chunk> = (0..rows)
        .step_by(per)
        .map(|r0| {
            let r1 = (r0 + per).min(rows);
            Chunk {
                rows: r0..r1,
                cols: lp.site_cols[r0]..lp.site_cols[r1],
            }
        })
        .collect();
    out.push(Chunk {
        rows: rows..rows,
        cols: lp.site_cols[rows]..lp.columns(),
    });
    out
}

/// `buf` cut into one consecutive piece per chunk, of the lengths `len` gives.
fn split<'a>(
    mut buf: &'a mut [f64],
    chunks: &[Chunk],
    len: impl Fn(&Chunk) -> usize,
) -> Vec<&'a mut [f64]> {
    let mut out = Vec::with_capacity(chunks.len());
    for c in chunks {
        let (head, tail) = std::mem::take(&mut buf).split_at_mut(len(c));
        out.push(head);
        buf = tail;
    }
    out
}

fn cols(c: &Chunk) -> usize {
    c.cols.len()
}

fn rows(c: &Chunk) -> usize {
    c.rows.len()
}

/// Adds per-chunk vectors in chunk order (not in whatever order threads finish).
fn add_parts(into: &mut [f64], parts: &[Vec<f64>]) {
    for part in parts {
        for (x, y) in into.iter_mut().zip(part) {
            *x += y;
        }
    }
}

/// The normal matrix `A D Aᵀ` with the site rows eliminated: the dense Cholesky factor of
/// its Schur complement on the coupling rows, and each site row's diagonal.
struct Normal {
    n: usize,
    /// Lower-triangular factor, row-major `n × n`.
    l: Vec<f64>,
    site_diag: Vec<f64>,
}

impl Normal {
    fn new(lp: &Lp, chunks: &[Chunk], dd: &[f64]) -> Normal {
        let n = lp.coupling_rows();
        let add = |a: &mut [f64], r1: u32, r2: u32, x: f64| {
            let (i, j) = (r1.max(r2) as usize, r1.min(r2) as usize);
            a[i * n + j] += x;
        };
        let parts: Vec<(Vec<f64>, Vec<f64>)> = chunks
            .par_iter()
            .map(|c| {
                let mut a = vec![0.0; n * n];
                let mut diag = Vec::with_capacity(c.rows.len());
                // Per site: Σ_j D_j G_j G_jᵀ − m mᵀ / T with m = Σ_j D_j a_j G_j and
                // T = Σ_j D_j. A column's own term is D_j (T − D_j) / T, with T − D_j summed
                // from the other columns so that no cancellation occurs when one dominates.
                let mut terms: Vec<(u32, f64, usize)> = Vec::new();
                let mut others: Vec<f64> = Vec::new();
                for r in c.rows.clone() {
                    let (first, end) = (lp.site_cols[r], lp.site_cols[r + 1]);
                    let here = &dd[first..end];
                    others.clear();
                    others.resize(here.len(), 0.0);
                    let mut before = 0.0;
                    for (o, x) in others.iter_mut().zip(here) {
                        *o = before;
                        before += x;
                    }
                    let total = before;
                    let mut after = 0.0;
                    for (o, x) in others.iter_mut().zip(here).rev() {
                        *o += after;
                        after += x;
                    }
                    diag.push(total);
                    terms.clear();
                    for j in first..end {
                        for &(row, v) in lp.col(j) {
                            terms.push((row, dd[j] * lp.site_coef[j] * v, j));
                        }
                    }
                    for (x, &(ra, ma, ja)) in terms.iter().enumerate() {
                        for &(rb, mb, jb) in &terms[..=x] {
                            let value = if ja == jb {
                                // D_j v_a v_b (T − D_j) / T, written with the factors at hand.
                                ma * mb * others[ja - first] / (dd[ja] * total)
                            } else {
                                -ma * mb / total
                            };
                            add(&mut a, ra, rb, value);
                        }
                    }
                }
                if c.rows.is_empty() {
                    for j in c.cols.clone() {
                        let col = lp.col(j);
                        for (x, &(ra, va)) in col.iter().enumerate() {
                            for &(rb, vb) in &col[..=x] {
                                add(&mut a, ra, rb, dd[j] * va * vb);
                            }
                        }
                    }
                }
                (a, diag)
            })
            .collect();
        let mut a = vec![0.0; n * n];
        let mut site_diag = Vec::with_capacity(lp.site_rows());
        for (part, diag) in parts {
            for (x, y) in a.iter_mut().zip(part) {
                *x += y;
            }
            site_diag.extend(diag);
        }
        cholesky(&mut a, n);
        Normal { n, l: a, site_diag }
    }

    /// Forward and back substitution with the factor.
    fn back(&self, mut x: Vec<f64>) -> Vec<f64> {
        let n = self.n;
        for i in 0..n {
            let row = &self.l[i * n..i * n + i];
            let s: f64 = row.iter().zip(&x[..i]).map(|(a, b)| a * b).sum();
            x[i] = (x[i] - s) / self.l[i * n + i];
        }
        for i in (0..n).rev() {
            let mut s = x[i];
            for k in i + 1..n {
                s -= self.l[k * n + i] * x[k];
            }
            x[i] = s / self.l[i * n + i];
        }
        x
    }
}

/// In-place Cholesky of the lower triangle of `a` (`n × n`, row-major). A pivot that has
/// vanished to rounding (a row whose every column is at a bound) is replaced by a huge
/// one, which drops that row from the step — the usual treatment in interior-point codes.
fn cholesky(a: &mut [f64], n: usize) {
    let scale = (0..n).map(|i| a[i * n + i]).fold(0.0, f64::max).max(1e-300);
    for j in 0..n {
        let s: f64 = a[j * n..j * n + j].iter().map(|x| x * x).sum();
        let mut pivot = a[j * n + j] - s;
        if pivot.is_nan() || pivot <= 1e-30 * scale {
            pivot = 1e128;
        }
        let pivot = pivot.sqrt();
        a[j * n + j] = pivot;
        let (upper, lower) = a.split_at_mut((j + 1) * n);
        let row_j = &upper[j * n..j * n + j];
        for row_i in lower.chunks_exact_mut(n) {
            let s: f64 = row_i[..j].iter().zip(row_j).map(|(x, y)| x * y).sum();
            row_i[j] = (row_i[j] - s) / pivot;
        }
    }
}

fn inf_norm(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// The iterate and what each iteration derives from it, in buffers reused throughout.
struct State {
    /// Primal values, reduced costs at the lower and upper bounds (`w` is 0 for columns
    /// without an upper bound).
    z: Vec<f64>,
    s: Vec<f64>,
    w: Vec<f64>,
    /// Dual residual `c − Aᵀλ − s + w` and the scaling `D` of the normal equations.
    rc: Vec<f64>,
    dd: Vec<f64>,
    /// Primal residual `b − Az`: site rows and coupling rows.
    rb_site: Vec<f64>,
    rb_c: Vec<f64>,
}

/// Sums over the columns at the current iterate.
#[derive(Default)]
struct Sums {
    /// Σ z s + Σ (u − z) w.
    complementarity: f64,
    /// cᵀz, Σ u w, largest dual residual.
    primal: f64,
    upper: f64,
    dual_residual: f64,
}

/// A search direction and the longest primal and dual steps it allows.
struct Direction {
    dz: Vec<f64>,
    ds: Vec<f64>,
    dw: Vec<f64>,
    dl_site: Vec<f64>,
    dl_c: Vec<f64>,
    primal_step: f64,
    dual_step: f64,
}

impl Direction {
    fn new(lp: &Lp) -> Direction {
        let n = lp.columns();
        Direction {
            dz: vec![0.0; n],
            ds: vec![0.0; n],
            dw: vec![0.0; n],
            dl_site: vec![0.0; lp.site_rows()],
            dl_c: Vec::new(),
            primal_step: 1.0,
            dual_step: 1.0,
        }
    }
}

impl State {
    /// Residuals, `D` and the sums at the current iterate.
    fn measure(&mut self, lp: &Lp, chunks: &[Chunk], lam_site: &[f64], lam_c: &[f64]) -> Sums {
        let nc = lp.coupling_rows();
        let State {
            z,
            s,
            w,
            rc,
            dd,
            rb_site,
            ..
        } = self;
        let parts: Vec<(Vec<f64>, Sums)> = chunks
            .par_iter()
            .zip(split(rc, chunks, cols))
            .zip(split(dd, chunks, cols))
            .zip(split(rb_site, chunks, rows))
            .map(|(((c, rc), dd), rb)| {
                let mut az_c = vec![0.0; nc];
                let mut sums = Sums::default();
                for (k, r) in c.rows.clone().enumerate() {
                    let site: f64 = (lp.site_cols[r]..lp.site_cols[r + 1])
                        .map(|j| lp.site_coef[j] * z[j])
                        .sum();
                    rb[k] = -site;
                }
                for (k, j) in c.cols.clone().enumerate() {
                    for &(row, v) in lp.col(j) {
                        az_c[row as usize] += v * z[j];
                    }
                    let r = lp.column_dot(j, lam_site, lam_c) + s[j] - w[j];
                    rc[k] = lp.cost[j] - r;
                    sums.dual_residual = sums.dual_residual.max(rc[k].abs());
                    sums.primal += lp.cost[j] * z[j];
                    sums.complementarity += z[j] * s[j];
                    let mut curvature = s[j] / z[j];
                    if lp.upper[j].is_finite() {
                        let room = lp.upper[j] - z[j];
                        sums.complementarity += room * w[j];
                        sums.upper += lp.upper[j] * w[j];
                        curvature += w[j] / room;
                    }
                    dd[k] = 1.0 / curvature;
                }
                (az_c, sums)
            })
            .collect();
        let mut total = Sums::default();
        let mut az_c = vec![0.0; nc];
        for (part, sums) in &parts {
            for (x, y) in az_c.iter_mut().zip(part) {
                *x += y;
            }
            total.complementarity += sums.complementarity;
            total.primal += sums.primal;
            total.upper += sums.upper;
            total.dual_residual = total.dual_residual.max(sums.dual_residual);
        }
        self.rb_c = lp.b.iter().zip(&az_c).map(|(b, a)| b - a).collect();
        total
    }

    /// The Newton direction whose complementarity targets are `r_zs(j)` (lower bound) and
    /// `r_vw(j)` (upper bound), into `out`; `tmp` is scratch of one value per column.
    #[allow(clippy::too_many_arguments)]
    fn direction(
        &self,
        lp: &Lp,
        chunks: &[Chunk],
        normal: &Normal,
        r_zs: impl Fn(usize) -> f64 + Sync,
        r_vw: impl Fn(usize) -> f64 + Sync,
        tmp: &mut [f64],
        out: &mut Direction,
    ) {
        let nc = lp.coupling_rows();
        let (z, s, w, rc, dd) = (&self.z, &self.s, &self.w, &self.rc, &self.dd);
        // D r̂ with r̂ = r_c − Z⁻¹ r_zs + V⁻¹ r_vw for one column.
        let scaled = |j: usize| {
            let mut r = rc[j] - r_zs(j) / z[j];
            if lp.upper[j].is_finite() {
                r += r_vw(j) / (lp.upper[j] - z[j]);
            }
            dd[j] * r
        };
        // Right-hand side r_b + A D r̂; each site row is eliminated as soon as its own
        // value is complete: q̂_c = q_c − M_scᵀ q_s / T.
        let mut q_site = vec![0.0; lp.site_rows()];
        let parts: Vec<Vec<f64>> = chunks
            .par_iter()
            .zip(split(tmp, chunks, cols))
            .zip(split(&mut q_site, chunks, rows))
            .map(|((c, tmp), q)| {
                let mut part = vec![0.0; nc];
                let at = |j: usize| j - c.cols.start;
                for (k, r) in c.rows.clone().enumerate() {
                    let site = lp.site_cols[r]..lp.site_cols[r + 1];
                    let mut sum = self.rb_site[r];
                    for j in site.clone() {
                        let t = scaled(j);
                        tmp[at(j)] = t;
                        sum += lp.site_coef[j] * t;
                        for &(row, v) in lp.col(j) {
                            part[row as usize] += v * t;
                        }
                    }
                    q[k] = sum;
                    let f = sum / normal.site_diag[r];
                    for j in site {
                        for &(row, v) in lp.col(j) {
                            part[row as usize] -= dd[j] * lp.site_coef[j] * v * f;
                        }
                    }
                }
                if c.rows.is_empty() {
                    for j in c.cols.clone() {
                        let t = scaled(j);
                        tmp[at(j)] = t;
                        for &(row, v) in lp.col(j) {
                            part[row as usize] += v * t;
                        }
                    }
                }
                part
            })
            .collect();
        let mut rhs = self.rb_c.clone();
        add_parts(&mut rhs, &parts);
        let dl_c = normal.back(rhs);
        // Back to the site rows and the columns, with the longest steps.
        let tmp: &[f64] = tmp;
        let steps: Vec<(f64, f64)> = chunks
            .par_iter()
            .zip(split(&mut out.dz, chunks, cols))
            .zip(split(&mut out.ds, chunks, cols))
            .zip(split(&mut out.dw, chunks, cols))
            .zip(split(&mut out.dl_site, chunks, rows))
            .map(|((((c, dz), ds), dw), dl)| {
                let at = |j: usize| j - c.cols.start;
                let coupling = |j: usize| -> f64 {
                    lp.col(j)
                        .iter()
                        .map(|&(row, v)| v * dl_c[row as usize])
                        .sum()
                };
                for (k, r) in c.rows.clone().enumerate() {
                    let mut x = q_site[r];
                    for j in lp.site_cols[r]..lp.site_cols[r + 1] {
                        let g = coupling(j);
                        dz[at(j)] = g;
                        x -= dd[j] * lp.site_coef[j] * g;
                    }
                    let x = x / normal.site_diag[r];
                    dl[k] = x;
                    for j in lp.site_cols[r]..lp.site_cols[r + 1] {
                        let i = at(j);
                        dz[i] = dd[j] * (lp.site_coef[j] * x + dz[i]) - tmp[j];
                    }
                }
                if c.rows.is_empty() {
                    for j in c.cols.clone() {
                        dz[at(j)] = dd[j] * coupling(j) - tmp[j];
                    }
                }
                let (mut ap, mut ad) = (1.0f64, 1.0f64);
                for j in c.cols.clone() {
                    let i = at(j);
                    let step = dz[i];
                    ds[i] = (r_zs(j) - s[j] * step) / z[j];
                    if step < 0.0 {
                        ap = ap.min(-z[j] / step);
                    }
                    if ds[i] < 0.0 {
                        ad = ad.min(-s[j] / ds[i]);
                    }
                    if lp.upper[j].is_finite() {
                        let room = lp.upper[j] - z[j];
                        dw[i] = (r_vw(j) + w[j] * step) / room;
                        if step > 0.0 {
                            ap = ap.min(room / step);
                        }
                        if dw[i] < 0.0 {
                            ad = ad.min(-w[j] / dw[i]);
                        }
                    } else {
                        dw[i] = 0.0;
                    }
                }
                (ap, ad)
            })
            .collect();
        out.dl_c = dl_c;
        out.primal_step = steps.iter().map(|s| s.0).fold(1.0, f64::min);
        out.dual_step = steps.iter().map(|s| s.1).fold(1.0, f64::min);
    }
}

/// A starting point: each site takes half of each gain segment, spread evenly over its
/// open months (so its own row holds); the coupling columns (slacks, bucket counts) take
/// what their rows leave, at least 1; reduced costs make every bounded column dual feasible.
fn start(lp: &Lp) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let n = lp.columns();
    let mut z = vec![0.0; n];
    for r in 0..lp.site_rows() {
        let cols = lp.site_cols[r]..lp.site_cols[r + 1];
        let gains = cols.clone().filter(|&j| lp.site_coef[j] > 0.0).count() as f64;
        let months = cols.clone().filter(|&j| lp.site_coef[j] < 0.0).count() as f64;
        for j in cols {
            z[j] = if lp.site_coef[j] > 0.0 {
                0.5
            } else {
                (0.5 * gains / months).min(lp.upper[j] / 2.0)
            };
        }
    }
    // Counts first (bucket rows are equalities), then the slacks of the inequality rows.
    let first = lp.site_cols[lp.site_rows()];
    let (_, mut act) = lp.times(&z);
    for j in first..n {
        let col = lp.col(j);
        if col[0].1 < 0.0 {
            let bucket = col[0].0 as usize;
            z[j] = act[bucket].max(1.0);
            for &(row, v) in col {
                act[row as usize] += v * z[j];
            }
        }
    }
    for j in first..n {
        let col = lp.col(j);
        if col[0].1 > 0.0 {
            let row = col[0].0 as usize;
            z[j] = (lp.b[row] - act[row]).max(1.0);
        }
    }
    let s: Vec<f64> = lp.cost.iter().map(|c| c.max(0.0) + 1.0).collect();
    let w: Vec<f64> = (0..n)
        .map(|j| {
            if lp.upper[j].is_finite() {
                (-lp.cost[j]).max(0.0) + 1.0
            } else {
                0.0
            }
        })
        .collect();
    (z, s, w)
}

/// Solves the relaxation of `d`. An error means the method did not converge (the caller
/// falls back to a general LP solver). Once `deadline` has passed it stops and returns the
/// current iterate, marked not optimal: its prices still give a valid bound, only looser.
pub fn solve(d: &Data, deadline: Option<std::time::Instant>) -> Result<LpResult, String> {
    let lp = Lp::build(d);
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
    let mut iterations = 0;
    loop {
        let sums = st.measure(&lp, &chunks, &lam_site, &lam_c);
        let mu = sums.complementarity / pairs;
        let primal = sums.primal;
        let dual = lp.b.iter().zip(&lam_c).map(|(b, l)| b * l).sum::<f64>() - sums.upper;
        if !(primal.is_finite() && dual.is_finite() && mu.is_finite()) {
            return Err(format!(
                "interior point: numerical failure at iteration {iterations}"
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
            return Err(format!(
                "interior point: not solved in {MAX_ITERATIONS} iterations (gap {gap:.1e})"
            ));
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
    for &(r, m, j) in &lp.x_cols {
        visits[lp.site_of_row[r]][m] = z[j].max(0.0);
    }
    let objective: f64 = (0..lp.site_rows())
        .flat_map(|r| lp.site_cols[r]..lp.site_cols[r + 1])
        .filter(|&j| lp.site_coef[j] > 0.0)
        .map(|j| -lp.cost[j] * lp.gain_scale * z[j].clamp(0.0, 1.0))
        .sum();
    let price = |row: usize| (-lam_c[row]).max(0.0) * lp.gain_scale;
    let mut prices = Prices::zero(d);
    for m in 0..d.months {
        if let Some(row) = lp.minute_rows[m] {
            prices.minute[m] = price(row) / lp.minute_scale;
        }
        if let Some(row) = lp.day_rows[m] {
            prices.day[m] = price(row);
        }
        for (k, row) in lp.slot_rows[m].iter().enumerate() {
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
        solve(d, None)
    }

    /// A relaxation written by hand: two months, no slot thresholds, no team-day rows.
    fn data(minutes: [f64; 2], gains: Vec<Vec<f64>>, caps: Vec<Vec<u32>>) -> Data {
        let n = gains.len();
        Data {
            months: 2,
            gains,
            size: vec![60.0; n],
            caps,
            minutes: minutes.to_vec(),
            thresholds: Vec::new(),
            slots: vec![Vec::new(); 2],
            solo: Vec::new(),
            team_days: vec![1.0; 2],
            longest_usable: vec![480.0; 2],
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

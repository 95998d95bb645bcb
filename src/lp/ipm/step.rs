//! One iteration's work: the residuals at the iterate, the Newton direction through the
//! eliminated normal equations and the longest steps it allows, and the starting point.

// Columns and rows index several parallel arrays (values, reduced costs, scalings, …).
#![allow(clippy::needless_range_loop)]

use super::Lp;
use super::normal::{Chunk, Normal, add_parts, cols, rows, split};
use rayon::prelude::*;

pub(super) fn inf_norm(x: &[f64]) -> f64 {
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// The iterate and what each iteration derives from it, in buffers reused throughout.
pub(super) struct State {
    /// Primal values, reduced costs at the lower and upper bounds (`w` is 0 for columns
    /// without an upper bound).
    pub(super) z: Vec<f64>,
    pub(super) s: Vec<f64>,
    pub(super) w: Vec<f64>,
    /// Dual residual `c − Aᵀλ − s + w` and the scaling `D` of the normal equations.
    pub(super) rc: Vec<f64>,
    pub(super) dd: Vec<f64>,
    /// Primal residual `b − Az`: site rows and coupling rows.
    pub(super) rb_site: Vec<f64>,
    pub(super) rb_c: Vec<f64>,
}

/// Sums over the columns at the current iterate.
#[derive(Default)]
pub(super) struct Sums {
    /// Σ z s + Σ (u − z) w.
    pub(super) complementarity: f64,
    /// cᵀz, Σ u w, largest dual residual.
    pub(super) primal: f64,
    pub(super) upper: f64,
    pub(super) dual_residual: f64,
}

/// A search direction and the longest primal and dual steps it allows.
pub(super) struct Direction {
    pub(super) dz: Vec<f64>,
    pub(super) ds: Vec<f64>,
    pub(super) dw: Vec<f64>,
    pub(super) dl_site: Vec<f64>,
    pub(super) dl_c: Vec<f64>,
    pub(super) primal_step: f64,
    pub(super) dual_step: f64,
}

impl Direction {
    pub(super) fn new(lp: &Lp<'_>) -> Direction {
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
    pub(super) fn measure(
        &mut self,
        lp: &Lp<'_>,
        chunks: &[Chunk],
        lam_site: &[f64],
        lam_c: &[f64],
    ) -> Sums {
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
    pub(super) fn direction(
        &self,
        lp: &Lp<'_>,
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
pub(super) fn start(lp: &Lp<'_>) -> (Vec<f64>, Vec<f64>, Vec<f64>) {
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

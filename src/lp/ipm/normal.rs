//! The normal equations with the site rows eliminated: the parallel tasks over the sites,
//! the dense matrix over the coupling rows and its Cholesky factor.

use super::Lp;
use rayon::prelude::*;
use std::ops::Range;

/// Site rows per parallel task, at least: fixed by the LP alone, so that sums are always
/// added in the same order and the same district gives the same solution whatever the
/// number of threads.
pub(super) const CHUNK_ROWS: usize = 256;
/// Most tasks per pass (each builds its own copy of the dense matrix).
pub(super) const MAX_CHUNKS: usize = 32;

/// What one parallel task handles: some site rows and their columns. The last chunk holds
/// the coupling-only columns and no site row.
pub(super) struct Chunk {
    pub(super) rows: Range<usize>,
    pub(super) cols: Range<usize>,
}

pub(super) fn chunks(lp: &Lp<'_>) -> Vec<Chunk> {
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
pub(super) fn split<'a>(
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

pub(super) fn cols(c: &Chunk) -> usize {
    c.cols.len()
}

pub(super) fn rows(c: &Chunk) -> usize {
    c.rows.len()
}

/// Adds per-chunk vectors in chunk order (not in whatever order threads finish).
pub(super) fn add_parts(into: &mut [f64], parts: &[Vec<f64>]) {
    for part in parts {
        for (x, y) in into.iter_mut().zip(part) {
            *x += y;
        }
    }
}

/// The normal matrix `A D Aᵀ` with the site rows eliminated: the dense Cholesky factor of
/// its Schur complement on the coupling rows, and each site row's diagonal.
pub(super) struct Normal {
    pub(super) n: usize,
    /// Lower-triangular factor, row-major `n × n`.
    pub(super) l: Vec<f64>,
    pub(super) site_diag: Vec<f64>,
}

impl Normal {
    pub(super) fn new(lp: &Lp<'_>, chunks: &[Chunk], dd: &[f64]) -> Normal {
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
    pub(super) fn back(&self, mut x: Vec<f64>) -> Vec<f64> {
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
pub(super) fn cholesky(a: &mut [f64], n: usize) {
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

//! The relaxation written once: its columns, rows and their names, built from [`Data`] and
//! handed to whichever solver computes it.
//!
//! Columns come in two kinds of groups. Each site that can be visited owns a **block**:
//! its gain segments `y` (`0 ≤ y ≤ 1`, worth the gain of that visit at the shortest stay)
//! and its visits per month and stay level `x` (`0 ≤ x ≤ cap`, worth what that level's
//! longer stay adds, charged its minutes), tied by the block's own row `Σ y − Σ x = 0`. After the last
//! block come the **counts**, one per month and size bucket, which belong to month rows
//! only. The month rows (the coupling rows) are, per month: team-minutes (≤), team-days
//! (≤, when some site is solo), one equality per size bucket (`Σ x − count = 0`) and the
//! slot rows (≤), each over the counts of its bucket and the larger ones. Each visit
//! variable appears in a single bucket row instead of up to 21 slot rows: the same LP
//! (substituting the counts gives the slot rows of docs/bound.md), a much sparser matrix.
//!
//! Rows that cannot change the optimum are left out (their prices are 0): a month's rows
//! when no site can be visited in it, the bucket of a size no site has, and every slot row
//! but the tightest among those with the same visits on the left (slot row `k` counts the
//! buckets from `k` up, so with bucket `k` empty it counts what row `k + 1` counts, with at
//! least as many slots).
//!
//! Coefficients are in the data's units (gains, team-minutes); a solver scales them as it
//! needs. The block layout is what jemput's interior point eliminates site by site; a
//! general solver takes the same columns and rows as they are.

// Sites, months and buckets index several parallel tables of the data.
#![allow(clippy::needless_range_loop)]

use super::data::Data;

/// Block of a column that belongs to the month rows only (a count).
pub const NO_BLOCK: u32 = u32::MAX;

/// What a column stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    /// A gain segment of its block's site.
    Segment,
    /// Visits of its block's site in `month` at stay level `level` (0: the shortest stay).
    Visit { month: usize, level: usize },
    /// Visits in `month` whose largest slot threshold is θ_k.
    Count { month: usize, k: usize },
}

/// What a month row stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Row {
    /// Team-minutes of `month` (≤).
    Minutes { month: usize },
    /// Team-days of `month` (≤).
    Days { month: usize },
    /// Kit team-days of `month` (≤): the team-day shares of the visits to sites without
    /// signal.
    Kits { month: usize },
    /// Size bucket `k` of `month` (= 0): its visits minus its count.
    Bucket { month: usize, k: usize },
    /// Slot row `k` of `month` (≤): the counts of buckets `k` and up.
    Slots { month: usize, k: usize },
}

impl Row {
    /// Whether the row is an equality (else `≤`).
    pub fn is_equality(self) -> bool {
        matches!(self, Row::Bucket { .. })
    }
}

/// The relaxation: maximise `Σ gain · z` subject to each block's row, the month rows and
/// `0 ≤ z ≤ upper`.
#[derive(Debug, Clone)]
pub struct Form {
    /// Per column: objective (the gain, 0 but for segments), upper bound (∞ when none),
    /// what it stands for, its block (or [`NO_BLOCK`]) and its coefficient in the block's
    /// row (+1 for a segment, −1 for a visit).
    pub gain: Vec<f64>,
    pub upper: Vec<f64>,
    pub column: Vec<Column>,
    pub block: Vec<u32>,
    pub block_coef: Vec<f64>,
    /// Month-row entries, column-wise: `entries[start[j]..start[j + 1]]`, each (row,
    /// coefficient), in row order.
    pub start: Vec<usize>,
    pub entries: Vec<(u32, f64)>,
    /// Columns of block `r`: `block_cols[r]..block_cols[r + 1]` (segments, then visits by
    /// month); the counts follow the last block's.
    pub block_cols: Vec<usize>,
    /// Data site of each block.
    pub site_of_block: Vec<usize>,
    /// Per month row: what it stands for and its right-hand side.
    pub row: Vec<Row>,
    pub rhs: Vec<f64>,
    /// Month row of each month's team-minutes, team-days, bucket `k` and slot row `k`, and
    /// the column of each count (`None`: not in the LP).
    pub minute_rows: Vec<Option<usize>>,
    pub day_rows: Vec<Option<usize>>,
    pub kit_rows: Vec<Option<usize>>,
    pub bucket_rows: Vec<Vec<Option<usize>>>,
    pub slot_rows: Vec<Vec<Option<usize>>>,
    pub count_cols: Vec<Vec<Option<usize>>>,
    /// The largest visit size (at least 1) and the largest gain (at least 1e-12), for a
    /// solver that scales the rows and the objective.
    pub largest_size: f64,
    pub largest_gain: f64,
}

impl Form {
    pub fn columns(&self) -> usize {
        self.gain.len()
    }

    pub fn blocks(&self) -> usize {
        self.site_of_block.len()
    }

    pub fn month_rows(&self) -> usize {
        self.rhs.len()
    }

    /// Month-row entries of column `j`.
    pub fn col(&self, j: usize) -> &[(u32, f64)] {
        &self.entries[self.start[j]..self.start[j + 1]]
    }

    /// The relaxation of `d`.
    pub fn new(d: &Data) -> Form {
        let k_n = d.thresholds.len();
        let months = d.months;
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
        let mut f = Form {
            gain: Vec::new(),
            upper: Vec::new(),
            column: Vec::new(),
            block: Vec::new(),
            block_coef: Vec::new(),
            start: vec![0],
            entries: Vec::new(),
            block_cols: vec![0],
            site_of_block: Vec::new(),
            row: Vec::new(),
            rhs: Vec::new(),
            minute_rows: vec![None; months],
            day_rows: vec![None; months],
            kit_rows: vec![None; months],
            bucket_rows: vec![vec![None; k_n]; months],
            slot_rows: vec![vec![None; k_n]; months],
            count_cols: vec![vec![None; k_n]; months],
            largest_size: d
                .size
                .iter()
                .zip(&d.levels)
                .map(|(z, l)| z + l.last().map_or(0.0, |l| l.extra))
                .fold(1.0, f64::max),
            largest_gain: d
                .gains
                .iter()
                .flatten()
                .chain(d.levels.iter().flatten().map(|l| &l.gain))
                .copied()
                .fold(0.0, f64::max)
                .max(1e-12),
        };
        for m in 0..months {
            if !used[m] {
                continue;
            }
            f.minute_rows[m] = f.add_row(Row::Minutes { month: m }, d.minutes[m]);
            if d.has_day_rows() {
                f.day_rows[m] = f.add_row(Row::Days { month: m }, d.team_days[m]);
            }
            if d.has_kit_rows() {
                f.kit_rows[m] = f.add_row(Row::Kits { month: m }, d.kit_days[m]);
            }
            for k in 0..k_n {
                if present[m][k] {
                    f.bucket_rows[m][k] = f.add_row(Row::Bucket { month: m, k }, 0.0);
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
                f.slot_rows[m][tightest] = f.add_row(
                    Row::Slots {
                        month: m,
                        k: tightest,
                    },
                    d.slots[m][tightest],
                );
                k = first + 1;
            }
        }
        for s in 0..d.gains.len() {
            if d.gains[s].is_empty() {
                continue;
            }
            let r = f.site_of_block.len() as u32;
            f.site_of_block.push(s);
            for &g in &d.gains[s] {
                f.push(Column::Segment, g, 1.0, r, 1.0, &[]);
            }
            for m in 0..months {
                if d.caps[s][m] == 0 {
                    continue;
                }
                for (level, l) in d.levels[s].iter().enumerate() {
                    let mut e = Vec::with_capacity(3);
                    if let Some(row) = f.minute_rows[m] {
                        e.push((row as u32, d.size[s] + l.extra));
                    }
                    if let Some(row) = f.day_rows[m] {
                        e.push((row as u32, d.day_coef(s, m, l.extra)));
                    }
                    // A kit team-day's visits share it as a team-day's do.
                    if let Some(row) = f.kit_rows[m].filter(|_| d.is_kit_site(s)) {
                        e.push((row as u32, d.day_coef(s, m, l.extra)));
                    }
                    // A longer stay counts in the slot rows of the shortest: a visit's
                    // real size is at least that.
                    if let Some(row) = tops[s].and_then(|k| f.bucket_rows[m][k]) {
                        e.push((row as u32, 1.0));
                    }
                    let cap = f64::from(d.caps[s][m]);
                    f.push(Column::Visit { month: m, level }, l.gain, cap, r, -1.0, &e);
                }
            }
            f.block_cols.push(f.columns());
        }
        for m in 0..months {
            for k in 0..k_n {
                // Bucket k counts the visits whose largest threshold is θ_k; it is one of
                // the visits each slot row from 0 to k counts.
                if let Some(bucket) = f.bucket_rows[m][k] {
                    let mut e = vec![(bucket as u32, -1.0)];
                    e.extend(
                        f.slot_rows[m][..=k]
                            .iter()
                            .flatten()
                            .map(|&row| (row as u32, 1.0)),
                    );
                    f.count_cols[m][k] = Some(f.columns());
                    let count = Column::Count { month: m, k };
                    f.push(count, 0.0, f64::INFINITY, NO_BLOCK, 0.0, &e);
                }
            }
        }
        f
    }

    fn add_row(&mut self, row: Row, rhs: f64) -> Option<usize> {
        self.row.push(row);
        self.rhs.push(rhs);
        Some(self.rhs.len() - 1)
    }

    fn push(&mut self, c: Column, gain: f64, upper: f64, block: u32, coef: f64, e: &[(u32, f64)]) {
        self.column.push(c);
        self.gain.push(gain);
        self.upper.push(upper);
        self.block.push(block);
        self.block_coef.push(coef);
        self.entries.extend_from_slice(e);
        self.start.push(self.entries.len());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two months; sites of 60 and 200 minutes; thresholds at 50, 100 and 150 minutes.
    fn data() -> Data {
        let shortest = vec![super::super::levels::Level {
            extra: 0.0,
            gain: 0.0,
        }];
        Data {
            months: 2,
            gains: vec![vec![10.0, 5.0], vec![8.0], Vec::new()],
            levels: vec![shortest.clone(), shortest, Vec::new()],
            size: vec![60.0, 200.0, 90.0],
            caps: vec![vec![1, 1], vec![1, 0], vec![1, 1]],
            minutes: vec![600.0, 400.0],
            thresholds: vec![50.0, 100.0, 150.0],
            slots: vec![vec![9.0, 4.0, 4.0], vec![6.0, 3.0, 2.0]],
            solo: Vec::new(),
            team_days: vec![2.0; 2],
            longest_usable: vec![480.0; 2],
            kit_days: vec![0.0; 2],
            kit_site: Vec::new(),
            visits: Vec::new(),
        }
    }

    #[test]
    fn the_relaxation_has_one_block_per_site_and_only_the_rows_that_can_bind() {
        let f = Form::new(&data());
        // Site 2 has no gain: no block. Site 0: two segments and two visits; site 1: one
        // segment and one visit (month 0 only).
        assert_eq!(f.site_of_block, vec![0, 1]);
        assert_eq!(f.block_cols, vec![0, 4, 6]);
        // Month 0: minutes, buckets 0 (site 0) and 2 (site 1), slot rows 0 and 1 (θ_1 and
        // θ_2 count the same visits: the tighter is kept, 4 slots at k = 2 over k = 1 as the
        // larger index wins a tie). Month 1: minutes, bucket 0, slot row 0.
        use Row::*;
        assert_eq!(
            f.row,
            vec![
                Minutes { month: 0 },
                Bucket { month: 0, k: 0 },
                Bucket { month: 0, k: 2 },
                Slots { month: 0, k: 0 },
                Slots { month: 0, k: 2 },
                Minutes { month: 1 },
                Bucket { month: 1, k: 0 },
                Slots { month: 1, k: 0 },
            ]
        );
        assert_eq!(f.rhs, vec![600.0, 0.0, 0.0, 9.0, 4.0, 400.0, 0.0, 6.0]);
        // Three counts after the blocks; the count of bucket 2 in month 0 is in both slot
        // rows of that month.
        assert_eq!(f.columns(), 9);
        assert_eq!(f.count_cols[0][2], Some(7));
        assert_eq!(f.col(7), &[(2, -1.0), (3, 1.0), (4, 1.0)]);
        // Site 1's visit: 200 team-minutes and bucket 2.
        assert_eq!(f.col(5), &[(0, 200.0), (2, 1.0)]);
        assert_eq!(f.upper[5], 1.0);
        assert_eq!(f.largest_size, 200.0);
        assert_eq!(f.largest_gain, 10.0);
    }
}

//! The Lagrangian dual of the relaxation: prices on each month's team-minutes and team-day
//! slots. For any non-negative prices, the dual function is an upper bound on the LP optimum
//! (weak duality), and it separates by site: each site takes the visits whose gain exceeds
//! the price of the cheapest month slots still open to it.
//!
//! The sites' subproblems are read from the relaxation's form (each block's segments and
//! visit columns, priced through the rows the columns are in), but the prices are not
//! exactly the form's rows: the dual keeps a price on every slot row of every month —
//! also on the slot rows the LP leaves out because another row counts the same visits
//! with fewer slots, and on months no site can use — since for the subgradient search they
//! are free directions (the LP's own prices set them to 0). So the constant term sums over
//! the data's full family of month rows, and a visit in bucket `k` pays the slot prices
//! `0..=k`.

use super::data::Data;
use super::form::{Column, Form, Row};
use super::visits;
use rayon::prelude::*;

/// Prices of the coupling constraints: `minute[m]` per team-minute, `slot[m][k]` per
/// visit of size ≥ θ_k, `day[m]` per team-day (the row exists when some site is solo),
/// `kit[m]` per kit team-day (the row exists when some site needs a kit).
#[derive(Debug, Clone, PartialEq)]
pub struct Prices {
    pub minute: Vec<f64>,
    pub slot: Vec<Vec<f64>>,
    pub day: Vec<f64>,
    pub kit: Vec<f64>,
}

impl Prices {
    pub fn zero(d: &Data) -> Prices {
        Prices {
            minute: vec![0.0; d.months],
            slot: vec![vec![0.0; d.thresholds.len()]; d.months],
            day: vec![0.0; d.months],
            kit: vec![0.0; d.months],
        }
    }

    /// A starting point: the median first-visit gain per team-minute as the minute price.
    pub fn initial(d: &Data) -> Prices {
        let mut ratios: Vec<f64> = d
            .gains
            .iter()
            .zip(&d.size)
            .filter(|(g, s)| !g.is_empty() && **s > 0.0)
            .map(|(g, s)| g[0] / s)
            .collect();
        ratios.sort_by(f64::total_cmp);
        let r = ratios.get(ratios.len() / 2).copied().unwrap_or(0.0);
        let mut p = Prices::zero(d);
        p.minute.iter_mut().for_each(|x| *x = r);
        p
    }

    /// Negative or non-finite prices to zero.
    pub fn project(&mut self) {
        let fix = |x: &mut f64| {
            if !x.is_finite() || *x < 0.0 {
                *x = 0.0
            }
        };
        self.minute.iter_mut().for_each(fix);
        self.slot.iter_mut().flatten().for_each(fix);
        self.day.iter_mut().for_each(fix);
        self.kit.iter_mut().for_each(fix);
    }
}

/// The dual function at `prices` and the visits per site and month that attain it.
pub fn evaluate(d: &Data, f: &Form, prices: &Prices) -> (f64, Vec<Vec<f64>>) {
    let (value, at) = evaluate_use(d, f, prices);
    (value, at.visits)
}

/// What the allocation attaining the dual function uses of each month row: its visits per
/// site and month, team-minutes and team-day units per month, and visits per month and
/// size bucket (the bucket of the site's shortest stay).
struct Use {
    visits: Vec<Vec<f64>>,
    minutes: Vec<f64>,
    days: Vec<f64>,
    kits: Vec<f64>,
    buckets: Vec<Vec<f64>>,
}

/// The dual function at `prices` and what its allocation uses.
///
/// Each site's subproblem is read from its block of the form: the gains of its segments,
/// and per visit column its month, its cap, what its stay level adds and its price — the
/// minute and day prices times its coefficients in those rows, plus, for its size bucket
/// `k`, the prices of slot rows `0..=k` (the rows that count the bucket). The segments'
/// gains do not increase, so the site pairs them in order with the visit columns from the
/// cheapest net price up (price less what the level adds) while the pair gains.
///
/// The sites are evaluated in parallel tasks of [`TASK`] blocks whose sums are added in task
/// order, so the value and the allocation have the same bits on any number of threads.
fn evaluate_use(d: &Data, f: &Form, prices: &Prices) -> (f64, Use) {
    evaluate_with(d, f, prices, false)
}

/// The dual function at `prices` with each site's part also bounded by the calendar-order
/// programme (`visits::sequence`): tighter, and slower, so it is evaluated once at the
/// search's best prices.
pub fn evaluate_in_order(d: &Data, f: &Form, prices: &Prices) -> f64 {
    evaluate_with(d, f, prices, true).0
}

fn evaluate_with(d: &Data, f: &Form, prices: &Prices, calendar: bool) -> (f64, Use) {
    let mut value = 0.0;
    for m in 0..d.months {
        value += prices.minute[m] * d.minutes[m];
        value += prices.day[m] * d.team_days[m];
        value += prices.kit[m] * d.kit_days[m];
        for (k, p) in prices.slot[m].iter().enumerate() {
            value += p * d.slots[m][k];
        }
    }
    let mut used = Use {
        visits: vec![vec![0.0; d.months]; d.gains.len()],
        minutes: vec![0.0; d.months],
        days: vec![0.0; d.months],
        kits: vec![0.0; d.months],
        buckets: vec![vec![0.0; d.thresholds.len()]; d.months],
    };
    let blocks: Vec<usize> = (0..f.blocks()).collect();
    let parts: Vec<Part> = blocks
        .par_chunks(TASK)
        .map(|chunk| evaluate_blocks(d, f, prices, chunk, calendar))
        .collect();
    for part in parts {
        value += part.value;
        for m in 0..d.months {
            used.minutes[m] += part.minutes[m];
            used.days[m] += part.days[m];
            used.kits[m] += part.kits[m];
            for (k, x) in part.buckets[m].iter().enumerate() {
                used.buckets[m][k] += x;
            }
        }
        for (s, m, q) in part.visits {
            used.visits[s][m] += q;
        }
    }
    (value, used)
}

/// A visit column as a site's subproblem sees it: net price, month, column, cap,
/// team-minutes, team-day units (and kit team-day units), bucket.
type VisitOffer = (f64, usize, usize, u32, f64, (f64, f64), Option<usize>);

/// A visit a site's subproblem takes from its columns: month, visits, team-minutes,
/// team-day units and kit team-day units, bucket.
type Taken = (usize, f64, f64, (f64, f64), Option<usize>);

/// Blocks (sites) per parallel task of the dual function: a fixed size, so that the sums
/// are added in the same order on any number of threads.
const TASK: usize = 128;

/// One task's share of the dual function: its sites' value, what they use of each month
/// row, and their visits as (site, month, visits).
struct Part {
    value: f64,
    minutes: Vec<f64>,
    days: Vec<f64>,
    kits: Vec<f64>,
    buckets: Vec<Vec<f64>>,
    visits: Vec<(usize, usize, f64)>,
}

/// The sites' part of the dual function for the blocks `blocks`.
fn evaluate_blocks(d: &Data, f: &Form, prices: &Prices, blocks: &[usize], calendar: bool) -> Part {
    let mut used = Part {
        value: 0.0,
        minutes: vec![0.0; d.months],
        days: vec![0.0; d.months],
        kits: vec![0.0; d.months],
        buckets: vec![vec![0.0; d.thresholds.len()]; d.months],
        visits: Vec::new(),
    };
    let mut scratch = visits::Scratch::default();
    let mut in_order = visits::SequenceScratch::default();
    let mut gains: Vec<f64> = Vec::new();
    // Per visit column: net price, month, column, cap, team-minutes, team-day units, bucket.
    let mut offers: Vec<VisitOffer> = Vec::new();
    // slot_sum[m][k]: the prices of slot rows 0..=k of month m, the rows that count a visit
    // of bucket k.
    let slot_sum: Vec<Vec<f64>> = prices
        .slot
        .iter()
        .map(|row| {
            let mut acc = std::iter::empty::<f64>().sum::<f64>();
            row.iter()
                .map(|p| {
                    acc += p;
                    acc
                })
                .collect()
        })
        .collect();
    // The visits a site's subproblem takes: month, visits, team-minutes, team-day units
    // (and kit team-day units), bucket.
    let mut from_form: Vec<Taken> = Vec::new();
    let mut priced: Vec<visits::Offer> = Vec::new();
    let days = d.has_day_rows();
    for &r in blocks {
        let s = f.site_of_block[r];
        gains.clear();
        offers.clear();
        from_form.clear();
        let mut bucket_of_site = None;
        for j in f.block_cols[r]..f.block_cols[r + 1] {
            let month = match f.column[j] {
                Column::Segment => {
                    gains.push(f.gain[j]);
                    continue;
                }
                Column::Visit { month, .. } => month,
                Column::Count { .. } => unreachable!("a count is in no block"),
            };
            // Terms of rows the column is not in are 0 (a month without its team-day row
            // keeps a day price of 0); the slot sum starts as a sum over no row does.
            let (mut minutes, mut day, mut kit) = (0.0, 0.0, 0.0);
            let (mut size, mut unit, mut kit_unit, mut bucket) = (0.0, 0.0, 0.0, None);
            let mut slots = std::iter::empty::<f64>().sum::<f64>();
            for &(row, v) in f.col(j) {
                match f.row[row as usize] {
                    Row::Minutes { month } => {
                        minutes = prices.minute[month] * v;
                        size = v;
                    }
                    Row::Days { month } => {
                        day = prices.day[month] * v;
                        unit = v;
                    }
                    Row::Kits { month } => {
                        kit = prices.kit[month] * v;
                        kit_unit = v;
                    }
                    Row::Bucket { month, k } => {
                        slots = slot_sum[month][k];
                        bucket = Some(k);
                    }
                    Row::Slots { .. } => unreachable!("a visit counts in its bucket row"),
                }
            }
            bucket_of_site = bucket_of_site.or(bucket);
            let net = minutes + day + kit + slots - f.gain[j];
            let cap = f.upper[j] as u32;
            if cap > 0 {
                offers.push((net, month, j, cap, size, (unit, kit_unit), bucket));
            }
        }
        // The relaxation's own subproblem: segments paired in order with the visit columns
        // from the cheapest net price up, while the pair gains. Each column holds at least
        // one visit, so only the cheapest as many columns as there are segments can be
        // paired.
        let order = |a: &VisitOffer, b: &VisitOffer| {
            a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2))
        };
        let need = gains.len().min(offers.len());
        if need < offers.len() {
            if need > 0 {
                offers.select_nth_unstable_by(need - 1, order);
            }
            offers.truncate(need);
        }
        offers.sort_unstable_by(order);
        let mut n = 0;
        let mut from_segments = 0.0;
        'slots: for &(cost, m, _, cap, size, unit, bucket) in &offers {
            for _ in 0..cap {
                let Some(&g) = gains.get(n) else {
                    break 'slots;
                };
                if g <= cost {
                    break 'slots;
                }
                from_segments += g - cost;
                from_form.push((m, 1.0, size, unit, bucket));
                n += 1;
            }
        }
        // The site's own subproblem with the response model (`visits`): a visit pays its
        // shortest size, its team-day share and its slot rows, and per minute beyond the
        // shortest stay the minute price and the team-day share of a minute.
        let size = d.size[s];
        let kit_site = d.is_kit_site(s);
        priced.clear();
        for (m, sums) in slot_sum.iter().enumerate() {
            let cap = d.caps[s][m];
            if cap == 0 {
                continue;
            }
            let (unit, per_unit) = if days { d.day_share(s, m) } else { (0.0, 0.0) };
            // A visit to a site without signal pays its share of a kit team-day too.
            let (kit_unit, kit_per) = if kit_site {
                d.day_share(s, m)
            } else {
                (0.0, 0.0)
            };
            let slots: f64 = bucket_of_site.map_or(0.0, |k| sums[k]);
            priced.push(visits::Offer {
                month: m,
                cap,
                fixed: prices.minute[m] * size
                    + prices.day[m] * unit
                    + prices.kit[m] * kit_unit
                    + slots,
                per_minute: prices.minute[m] + prices.day[m] * per_unit + prices.kit[m] * kit_per,
            });
        }
        // The calendar-order programme, when asked for: never above the enlarged
        // problem's value, and only the value is kept (the allocation stays the enlarged
        // problem's).
        let in_order = match (calendar, d.visits.get(s)) {
            (true, Some(v)) => Some(visits::sequence(v, &mut priced.clone(), &mut in_order)),
            _ => None,
        };
        // (Data written by hand for a test may leave the visit bounds out.)
        let own = d
            .visits
            .get(s)
            .map(|v| visits::solve(v, &mut priced, &mut scratch))
            .filter(|own| own.value < from_segments);
        if let Some(x) = in_order {
            let enlarged = own.as_ref().map_or(from_segments, |o| o.value);
            used.value -= enlarged - x.min(enlarged);
        }
        if let Some(own) = own {
            used.value += own.value;
            for &(m, q, extra) in &own.taken {
                let q64 = f64::from(q);
                let (unit, per_unit) = if days { d.day_share(s, m) } else { (0.0, 0.0) };
                used.visits.push((s, m, q64));
                used.minutes[m] += q64 * size + extra;
                used.days[m] += q64 * unit + extra * per_unit;
                if kit_site {
                    let (kit_unit, kit_per) = d.day_share(s, m);
                    used.kits[m] += q64 * kit_unit + extra * kit_per;
                }
                if let Some(k) = bucket_of_site {
                    used.buckets[m][k] += q64;
                }
            }
        } else {
            used.value += from_segments;
            for &(m, q, size, (unit, kit_unit), bucket) in &from_form {
                used.visits.push((s, m, q));
                used.minutes[m] += size;
                used.days[m] += unit;
                used.kits[m] += kit_unit;
                if let Some(k) = bucket {
                    used.buckets[m][k] += q;
                }
            }
        }
    }
    used
}

/// Steps without a new best after which the subgradient search halves its step.
const PATIENCE: usize = 10;

/// The step scale below which the search stops: eight halvings from the first, each after
/// PATIENCE steps without a new best.
const SMALLEST_SCALE: f64 = 2.0 / 256.0;

/// Projected subgradient descent on the dual function from `start` (whose value is
/// `start_value`); returns the lowest value found and its prices. It stops early once the
/// value is at most `enough` (the LP's own optimum, when known: no dual value can be lower,
/// so the search has nothing left to find), or at `deadline` (every value found is a valid
/// bound; stopping early only leaves it looser).
pub fn minimize(
    d: &Data,
    f: &Form,
    start: Prices,
    start_value: f64,
    iterations: usize,
    enough: f64,
    deadline: Option<std::time::Instant>,
) -> (f64, Prices) {
    let mut best = (start_value, start.clone());
    if start_value <= enough {
        return best;
    }
    let mut p = start;
    // Step: `scale` times the typical price along the normalised subgradient; the scale
    // halves, and the search goes back to the best prices, after PATIENCE steps without a
    // new best (the classic rule of Held, Wolfe and Crowder).
    let mut scale = 2.0;
    let mut since_best = 0;
    let typical = {
        let init = Prices::initial(d);
        init.minute.first().copied().unwrap_or(1.0).max(1e-6)
    };
    // The allocation at the current prices: the subgradient of the next step.
    let (_, mut used) = evaluate_use(d, f, &p);
    for _ in 0..iterations {
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            break;
        }
        // Subgradient: capacity minus use (the dual decreases when we raise prices of
        // over-capacity rows, i.e. we move against the gradient). A visit in bucket `k`
        // counts in slot rows `0..=k`.
        let days = d.has_day_rows();
        let mut g_min = vec![0.0; d.months];
        let mut g_slot = vec![vec![0.0; d.thresholds.len()]; d.months];
        let mut g_day = vec![0.0; d.months];
        let kits = d.has_kit_rows();
        let mut g_kit = vec![0.0; d.months];
        for m in 0..d.months {
            g_min[m] = d.minutes[m] - used.minutes[m];
            g_day[m] = d.team_days[m] - used.days[m];
            if kits {
                g_kit[m] = d.kit_days[m] - used.kits[m];
            }
            let mut above = 0.0;
            for k in (0..d.thresholds.len()).rev() {
                above += used.buckets[m][k];
                g_slot[m][k] = d.slots[m][k] - above;
            }
        }
        // Normalise each block by its scale so minute and slot prices move comparably.
        let norm_min: f64 = g_min
            .iter()
            .zip(&d.minutes)
            .map(|(g, c)| (g / c.max(1.0)).powi(2))
            .sum::<f64>();
        let norm_slot: f64 = g_slot
            .iter()
            .zip(&d.slots)
            .flat_map(|(g, c)| g.iter().zip(c).map(|(g, c)| (g / c.max(1.0)).powi(2)))
            .sum::<f64>();
        let norm_day: f64 = if days {
            g_day
                .iter()
                .zip(&d.team_days)
                .map(|(g, c)| (g / c.max(1.0)).powi(2))
                .sum::<f64>()
        } else {
            0.0
        };
        let norm_kit: f64 = g_kit
            .iter()
            .zip(&d.kit_days)
            .map(|(g, c)| (g / c.max(1.0)).powi(2))
            .sum::<f64>();
        let norm = (norm_min + norm_slot + norm_day + norm_kit).sqrt();
        if norm < 1e-12 {
            break;
        }
        let step = scale * typical / norm;
        for m in 0..d.months {
            p.minute[m] -= step * g_min[m] / d.minutes[m].max(1.0);
            for (k, theta) in d.thresholds.iter().enumerate() {
                // A slot price is worth about a visit's size in minutes.
                p.slot[m][k] -= step * g_slot[m][k] / d.slots[m][k].max(1.0) * theta;
            }
            if days {
                // A team-day's price is worth about its usable minutes.
                p.day[m] -= step * g_day[m] / d.team_days[m].max(1.0) * d.longest_usable[m];
            }
            if kits {
                p.kit[m] -= step * g_kit[m] / d.kit_days[m].max(1.0) * d.longest_usable[m];
            }
        }
        p.project();
        let (v, at) = evaluate_use(d, f, &p);
        used = at;
        if v < best.0 {
            best = (v, p.clone());
            since_best = 0;
            if v <= enough {
                break;
            }
        } else {
            since_best += 1;
            if since_best >= PATIENCE {
                since_best = 0;
                scale /= 2.0;
                if scale < SMALLEST_SCALE {
                    break;
                }
                p = best.1.clone();
                used = evaluate_use(d, f, &p).1;
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};

    #[test]
    fn every_price_gives_a_value_at_least_the_minimum() {
        let p = random_problem(3, &Shape::default());
        let d = Data::new(&p);
        let f = Form::new(&d);
        let start = Prices::initial(&d);
        let (v0, _) = evaluate(&d, &f, &start);
        let (best, prices) = minimize(&d, &f, start, v0, 200, f64::NEG_INFINITY, None);
        assert!(best <= v0);
        assert_eq!(evaluate(&d, &f, &prices).0, best);
        // Zero prices: every site takes every visit it can — the loosest bound.
        let (loose, _) = evaluate(&d, &f, &Prices::zero(&d));
        assert!(loose >= best);
    }

    #[test]
    fn the_search_stops_at_its_deadline_and_at_enough() {
        let p = random_problem(3, &Shape::default());
        let d = Data::new(&p);
        let f = Form::new(&d);
        let start = Prices::initial(&d);
        let (v0, _) = evaluate(&d, &f, &start);
        let (full, _) = minimize(&d, &f, start.clone(), v0, 200, f64::NEG_INFINITY, None);
        assert!(full < v0, "the test needs a search that improves");
        // A deadline already past: no step, the start is the answer.
        let past = Some(std::time::Instant::now());
        let (cut, prices) = minimize(&d, &f, start.clone(), v0, 200, f64::NEG_INFINITY, past);
        assert_eq!(cut, v0);
        assert_eq!(prices, start);
        // Enough: it stops at the first value at or below it, never above the full run's
        // first such value.
        let halfway = (v0 + full) / 2.0;
        let (early, _) = minimize(&d, &f, start, v0, 200, halfway, None);
        assert!(
            early <= halfway && early >= full,
            "{early} vs {halfway}, {full}"
        );
    }
}

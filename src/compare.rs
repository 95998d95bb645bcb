//! Side-by-side figures: several scenarios planned the same way (`jemput compare`), and the
//! grid strategy × scenario × seed (`jemput bench`).
//!
//! A head of office compares "four teams" with "five teams" or "weekend duty"; an analyst
//! asks which strategy is best on their districts. Both are tables of figures already in each
//! run's [`Summary`]; nothing is scored here.

use crate::pipeline::{self, Outcome};
use crate::problem::Problem;
use crate::report::Summary;
use crate::report::table::thousands;
use crate::strategy::{self, SolveOptions};
use rayon::prelude::*;
use std::fmt::Write;

/// One figure of the comparison: a label and how to read it from a summary.
struct Figure {
    label: &'static str,
    value: fn(&Summary) -> Option<f64>,
    show: fn(f64) -> String,
    /// Whether a larger value is better (for the marks), `None` when neither.
    larger_is_better: Option<bool>,
}

fn pct(x: f64) -> String {
    format!("{:.1} %", 100.0 * x)
}

fn figures() -> Vec<Figure> {
    vec![
        Figure {
            label: "Expected activations",
            value: |s| Some(s.expected_activations),
            show: thousands,
            larger_is_better: Some(true),
        },
        Figure {
            label: "Forecast share at end",
            value: |s| Some(s.forecast_share),
            show: pct,
            larger_is_better: Some(true),
        },
        Figure {
            label: "Target share",
            value: |s| Some(s.target_share),
            show: pct,
            larger_is_better: None,
        },
        Figure {
            label: "Target reached (days from start)",
            value: |s| match (s.target_date, s.start) {
                (Some(d), Some(start)) => Some((d - start).num_days() as f64),
                _ => None,
            },
            show: |x| format!("day {x:.0}"),
            larger_is_better: Some(false),
        },
        Figure {
            label: "Visits",
            value: |s| Some(s.visits as f64),
            show: thousands,
            larger_is_better: None,
        },
        Figure {
            label: "Sites visited",
            value: |s| Some(s.sites_visited as f64),
            show: thousands,
            larger_is_better: Some(true),
        },
        Figure {
            label: "Team-days",
            value: |s| Some(s.team_days as f64),
            show: thousands,
            larger_is_better: None,
        },
        Figure {
            label: "Travel share",
            value: |s| Some(s.travel_share),
            show: pct,
            larger_is_better: Some(false),
        },
        Figure {
            label: "Cost (Rp)",
            value: |s| Some(s.cost),
            show: thousands,
            larger_is_better: Some(false),
        },
        Figure {
            label: "Upper bound",
            value: |s| s.bound,
            show: thousands,
            larger_is_better: None,
        },
        Figure {
            label: "Gap to bound",
            value: |s| s.gap,
            show: pct,
            larger_is_better: Some(false),
        },
    ]
}

/// A table of cells: header row then body rows; `marks[r][c]` flags the best value of a row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// `marks[r][c]`: cell `c` of row `r` is the best of its row (differences highlighted).
    pub marks: Vec<Vec<bool>>,
}

/// The comparison of several planned scenarios: one column per scenario, one row per
/// figure, then one row per district (coverage), with the best value of each row marked.
pub fn compare_table(names: &[String], summaries: &[&Summary]) -> Table {
    let mut header = vec!["".to_string()];
    header.extend(names.iter().cloned());
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    for f in figures() {
        let values: Vec<Option<f64>> = summaries.iter().map(|s| (f.value)(s)).collect();
        let mut row = vec![f.label.to_string()];
        row.extend(
            values
                .iter()
                .map(|v| v.map_or("-".to_string(), |x| (f.show)(x))),
        );
        rows.push(row);
        marks.push(best_marks(&values, f.larger_is_better));
        if f.label.starts_with("Target reached") {
            let mut row = vec!["Target reached on".to_string()];
            row.extend(summaries.iter().map(|s| {
                s.target_date
                    .map_or("not reached".to_string(), |d| d.to_string())
            }));
            rows.push(row);
            marks.push(vec![false; summaries.len() + 1]);
        }
    }
    // Coverage per district, by district name across scenarios.
    let mut districts: Vec<String> = Vec::new();
    for s in summaries {
        for d in &s.districts {
            if !districts.contains(&d.name) {
                districts.push(d.name.clone());
            }
        }
    }
    for name in districts {
        let values: Vec<Option<f64>> = summaries
            .iter()
            .map(|s| {
                s.districts
                    .iter()
                    .find(|d| d.name == name)
                    .map(|d| d.coverage)
            })
            .collect();
        let mut row = vec![format!("Coverage {name}")];
        row.extend(values.iter().map(|v| v.map_or("-".into(), pct)));
        rows.push(row);
        marks.push(best_marks(&values, Some(true)));
    }
    Table {
        header,
        rows,
        marks,
    }
}

/// Marks the best value (within 1e-9 relative) when the values differ; the label column is
/// never marked.
fn best_marks(values: &[Option<f64>], larger_is_better: Option<bool>) -> Vec<bool> {
    let mut marks = vec![false; values.len() + 1];
    let Some(larger) = larger_is_better else {
        return marks;
    };
    let present: Vec<f64> = values.iter().flatten().copied().collect();
    if present.len() < 2 {
        return marks;
    }
    let best = if larger {
        present.iter().copied().fold(f64::MIN, f64::max)
    } else {
        present.iter().copied().fold(f64::MAX, f64::min)
    };
    let worst = if larger {
        present.iter().copied().fold(f64::MAX, f64::min)
    } else {
        present.iter().copied().fold(f64::MIN, f64::max)
    };
    let tol = 1e-9 * best.abs().max(1.0);
    if (best - worst).abs() <= tol {
        return marks;
    }
    for (i, v) in values.iter().enumerate() {
        marks[i + 1] = v.is_some_and(|x| (x - best).abs() <= tol);
    }
    marks
}

impl Table {
    /// Fixed-width text; the best value of each row is followed by `*`.
    pub fn text(&self) -> String {
        let cols = self.header.len();
        let cell = |r: usize, c: usize| -> String {
            let v = &self.rows[r][c];
            if self.marks[r][c] {
                format!("{v} *")
            } else {
                v.clone()
            }
        };
        let mut width = vec![0usize; cols];
        for (c, h) in self.header.iter().enumerate() {
            width[c] = h.chars().count();
        }
        for r in 0..self.rows.len() {
            for (c, w) in width.iter_mut().enumerate() {
                *w = (*w).max(cell(r, c).chars().count());
            }
        }
        let mut out = String::new();
        let line = |cells: Vec<String>, out: &mut String| {
            let mut l = String::from(" ");
            for (c, v) in cells.iter().enumerate() {
                let pad = width[c] - v.chars().count();
                if c == 0 {
                    let _ = write!(l, " {v}{}", " ".repeat(pad));
                } else {
                    let _ = write!(l, "  {}{v}", " ".repeat(pad));
                }
            }
            let _ = writeln!(out, "{}", l.trim_end());
        };
        line(self.header.clone(), &mut out);
        for r in 0..self.rows.len() {
            line((0..cols).map(|c| cell(r, c)).collect(), &mut out);
        }
        let _ = writeln!(out, "\n  * best of the row");
        out
    }

    /// Markdown; the best value of each row is in bold.
    pub fn markdown(&self) -> String {
        let esc = |s: &str| s.replace('|', "\\|");
        let mut out = String::new();
        let _ = writeln!(
            out,
            "| {} |",
            self.header
                .iter()
                .map(|h| esc(h))
                .collect::<Vec<_>>()
                .join(" | ")
        );
        let _ = writeln!(
            out,
            "|{}",
            (0..self.header.len())
                .map(|c| if c == 0 { "---|" } else { "---:|" })
                .collect::<String>()
        );
        for (row, marks) in self.rows.iter().zip(&self.marks) {
            let cells: Vec<String> = row
                .iter()
                .zip(marks)
                .map(|(v, &m)| if m { format!("**{}**", esc(v)) } else { esc(v) })
                .collect();
            let _ = writeln!(out, "| {} |", cells.join(" | "));
        }
        out
    }

    /// CSV with a `best` column naming the best scenario(s) of each row.
    pub fn csv(&self) -> String {
        let q = |s: &str| {
            if s.contains([',', '"', '\n']) {
                format!("\"{}\"", s.replace('"', "\"\""))
            } else {
                s.to_string()
            }
        };
        let mut out = String::new();
        let mut header: Vec<String> = self.header.iter().map(|h| q(h)).collect();
        header[0] = "figure".into();
        header.push("best".into());
        let _ = writeln!(out, "{}", header.join(","));
        for (row, marks) in self.rows.iter().zip(&self.marks) {
            let best: Vec<&str> = (1..row.len())
                .filter(|&c| marks[c])
                .map(|c| self.header[c].as_str())
                .collect();
            let mut cells: Vec<String> = row.iter().map(|v| q(v)).collect();
            cells.push(q(&best.join(" ")));
            let _ = writeln!(out, "{}", cells.join(","));
        }
        out
    }
}

/// One cell of the bench grid.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct BenchRun {
    pub scenario: String,
    pub strategy: String,
    pub seed: u64,
    pub expected_activations: f64,
    pub bound: Option<f64>,
    /// `objective / bound`.
    pub of_bound: Option<f64>,
    pub forecast_share: f64,
    pub target_met: bool,
    pub travel_share: f64,
    pub runtime_s: f64,
    pub iterations: u64,
    /// Broken rules found by the checker (0 for every correct strategy).
    pub violations: usize,
}

fn bench_run(name: &str, p: &Problem, strat: &str, seed: u64, options: &SolveOptions) -> BenchRun {
    let s = strategy::by_name(strat).expect("strategy names are checked before the grid runs");
    let opts = SolveOptions {
        seed,
        ..options.clone()
    };
    let o: Outcome = pipeline::run(p, s.as_ref(), &opts, false);
    BenchRun {
        scenario: name.to_string(),
        strategy: strat.to_string(),
        seed,
        expected_activations: o.summary.expected_activations,
        bound: None,
        of_bound: None,
        forecast_share: o.summary.forecast_share,
        target_met: o.summary.target_met,
        travel_share: o.summary.travel_share,
        runtime_s: o.summary.runtime_s,
        iterations: o.summary.iterations,
        violations: o.violations.len(),
    }
}

/// Runs the grid strategy × scenario × seed, `jobs` cells at a time (rayon). Each cell is
/// exactly the run `jemput plan --strategy S --seed N` would make with the same options, so
/// with an iteration limit the figures do not depend on `jobs`. The bound is computed once
/// per scenario.
pub fn bench_grid(
    scenarios: &[(String, Problem)],
    strategies: &[String],
    seeds: &[u64],
    options: &SolveOptions,
    jobs: usize,
    with_bound: bool,
) -> Vec<BenchRun> {
    let bounds: Vec<Option<f64>> = scenarios
        .iter()
        .map(|(_, p)| {
            if with_bound {
                pipeline::bound(p).ok().map(|b| b.value)
            } else {
                None
            }
        })
        .collect();
    let mut cells = Vec::new();
    for (i, _) in scenarios.iter().enumerate() {
        for s in strategies {
            for &seed in seeds {
                cells.push((i, s.clone(), seed));
            }
        }
    }
    let run_cell = |(i, s, seed): &(usize, String, u64)| {
        let (name, p) = &scenarios[*i];
        let mut r = bench_run(name, p, s, *seed, options);
        r.bound = bounds[*i];
        r.of_bound = bounds[*i].filter(|b| *b > 0.0).map(|b| {
            let objective: f64 = r.expected_activations;
            objective / b
        });
        r
    };
    if jobs <= 1 {
        cells.iter().map(run_cell).collect()
    } else {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(jobs).build();
        match pool {
            Ok(pool) => pool.install(|| cells.par_iter().map(run_cell).collect()),
            Err(_) => cells.iter().map(run_cell).collect(),
        }
    }
}

/// Mean and sample standard deviation.
pub fn mean_sd(xs: &[f64]) -> (f64, f64) {
    if xs.is_empty() {
        return (0.0, 0.0);
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let var = if xs.len() > 1 {
        xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
    } else {
        0.0
    };
    (mean, var.sqrt())
}

/// The bench summary: one row per scenario × strategy, over seeds.
pub fn bench_table(runs: &[BenchRun]) -> Table {
    let header: Vec<String> = [
        "Scenario",
        "Strategy",
        "Seeds",
        "Expected (mean)",
        "± sd",
        "% of bound",
        "Target met",
        "Travel share",
        "Runtime s",
        "Violations",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut keys: Vec<(String, String)> = Vec::new();
    for r in runs {
        let k = (r.scenario.clone(), r.strategy.clone());
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    let mut rows = Vec::new();
    let mut marks = Vec::new();
    let mut best_by_scenario: Vec<(String, f64)> = Vec::new();
    for (sc, st) in &keys {
        let group: Vec<&BenchRun> = runs
            .iter()
            .filter(|r| &r.scenario == sc && &r.strategy == st)
            .collect();
        let (mean, sd) = mean_sd(
            &group
                .iter()
                .map(|r| r.expected_activations)
                .collect::<Vec<_>>(),
        );
        match best_by_scenario.iter_mut().find(|(s, _)| s == sc) {
            Some((_, b)) => *b = b.max(mean),
            None => best_by_scenario.push((sc.clone(), mean)),
        }
        let of_bound: Vec<f64> = group.iter().filter_map(|r| r.of_bound).collect();
        rows.push(vec![
            sc.clone(),
            st.clone(),
            group.len().to_string(),
            thousands(mean),
            thousands(sd),
            if of_bound.is_empty() {
                "-".into()
            } else {
                pct(mean_sd(&of_bound).0)
            },
            format!(
                "{}/{}",
                group.iter().filter(|r| r.target_met).count(),
                group.len()
            ),
            pct(mean_sd(&group.iter().map(|r| r.travel_share).collect::<Vec<_>>()).0),
            format!(
                "{:.2}",
                mean_sd(&group.iter().map(|r| r.runtime_s).collect::<Vec<_>>()).0
            ),
            group
                .iter()
                .map(|r| r.violations)
                .sum::<usize>()
                .to_string(),
        ]);
        marks.push((sc.clone(), mean));
    }
    let marks = marks
        .into_iter()
        .map(|(sc, mean)| {
            let best = best_by_scenario
                .iter()
                .find(|(s, _)| *s == sc)
                .map_or(mean, |(_, b)| *b);
            let mut m = vec![false; header.len()];
            m[3] = (mean - best).abs() <= 1e-9 * best.abs().max(1.0);
            m
        })
        .collect();
    Table {
        header,
        rows,
        marks,
    }
}

/// One CSV row per run of the grid.
pub fn bench_csv(runs: &[BenchRun]) -> String {
    let mut out = String::from(
        "scenario,strategy,seed,expected_activations,bound,of_bound,forecast_share,target_met,travel_share,runtime_s,iterations,violations\n",
    );
    let opt = |x: Option<f64>| x.map_or(String::new(), |v| format!("{v:.6}"));
    for r in runs {
        let _ = writeln!(
            out,
            "{},{},{},{:.3},{},{},{:.6},{},{:.6},{:.3},{},{}",
            r.scenario,
            r.strategy,
            r.seed,
            r.expected_activations,
            opt(r.bound),
            opt(r.of_bound),
            r.forecast_share,
            r.target_met,
            r.travel_share,
            r.runtime_s,
            r.iterations,
            r.violations
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};

    fn opts() -> SolveOptions {
        SolveOptions {
            iterations: Some(50),
            ..SolveOptions::default()
        }
    }

    #[test]
    fn the_grid_does_not_depend_on_how_many_cells_run_at_once() {
        let scenarios = vec![
            ("a".to_string(), random_problem(1, &Shape::default())),
            ("b".to_string(), random_problem(2, &Shape::default())),
        ];
        let strategies: Vec<String> = strategy::names().iter().map(|s| s.to_string()).collect();
        let one = bench_grid(&scenarios, &strategies, &[1, 2], &opts(), 1, false);
        let two = bench_grid(&scenarios, &strategies, &[1, 2], &opts(), 2, false);
        assert_eq!(one.len(), 2 * strategies.len() * 2);
        let strip = |v: &[BenchRun]| {
            v.iter()
                .map(|r| {
                    (
                        r.scenario.clone(),
                        r.strategy.clone(),
                        r.seed,
                        r.expected_activations.to_bits(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(strip(&one), strip(&two));
        assert!(one.iter().all(|r| r.violations == 0));
        let table = bench_table(&one);
        assert_eq!(table.rows.len(), 2 * strategies.len());
        // Exactly one best mean per scenario unless tied.
        for sc in ["a", "b"] {
            let marked = table
                .rows
                .iter()
                .zip(&table.marks)
                .filter(|(r, m)| r[0] == sc && m[3])
                .count();
            assert!(marked >= 1, "{sc}");
        }
        assert_eq!(bench_csv(&one).lines().count(), one.len() + 1);
    }

    #[test]
    fn compare_marks_the_better_scenario_only_when_they_differ() {
        let p = random_problem(3, &Shape::default());
        let mut q = p.clone();
        q.teams.push(q.teams[0].clone());
        let g = strategy::by_name("greedy").unwrap();
        let a = pipeline::run(&p, g.as_ref(), &opts(), false);
        let b = pipeline::run(&q, g.as_ref(), &opts(), false);
        let names = vec!["two teams".to_string(), "three teams".to_string()];
        let t = compare_table(&names, &[&a.summary, &b.summary]);
        let row = t
            .rows
            .iter()
            .position(|r| r[0] == "Expected activations")
            .unwrap();
        let (ea, eb) = (
            a.summary.expected_activations,
            b.summary.expected_activations,
        );
        assert_ne!(ea, eb, "an extra team changes the plan");
        assert_eq!(t.marks[row], vec![false, ea > eb, eb > ea]);
        let same = compare_table(&names, &[&a.summary, &a.summary]);
        assert!(same.marks.iter().all(|m| m.iter().all(|x| !x)));
        assert!(t.text().contains("*"));
        assert!(t.markdown().contains("**"));
        assert!(
            t.csv()
                .lines()
                .nth(1)
                .unwrap()
                .starts_with("Expected activations")
        );
    }
}

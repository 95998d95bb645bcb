//! Side-by-side figures: several scenarios planned the same way (`jemput compare`), and the
//! grid strategy × scenario × seed (`jemput bench`).
//!
//! A head of office compares "four teams" with "five teams" or "weekend duty"; an analyst
//! asks which strategy is best on their districts. Both are tables of figures already in each
//! run's [`Summary`]; nothing is scored here.

use crate::report::Summary;
use crate::report::table::thousands;
use std::fmt::Write;

mod bench;
#[cfg(test)]
mod tests;

pub use bench::{BenchRun, bench_csv, bench_grid, bench_table, mean_sd};

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

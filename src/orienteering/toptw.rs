//! Reader for the TOPTW format of the Solomon (c/r/rc) and Cordeau (pr) instances as used by
//! Vansteenwegen et al. (2009) and Montemanni & Gambardella (2009).
//!
//! ```text
//! k v N t                  N = number of customers (the depot is extra); k, v, t unused
//! D Q                      unused; may be absent
//! i x y d S f a <a ints> O C    N + 1 rows, row 0 is the depot
//! ```
//!
//! `d` is the service time, `S` the score and `[O, C]` the window for the *start* of
//! service. The depot is the start and the end of every path and `C` of row 0 is the time
//! budget. The number of paths is not in the file: the user picks it (usually 1 to 4).
//! Travel time is the Euclidean distance truncated to one decimal for Solomon instances and
//! to two decimals for Cordeau instances ([`Metric::for_toptw_name`]).

use super::{Customer, Instance, Metric, ReadError};
use std::path::Path;

/// Reads a TOPTW instance file for `teams` paths; the distance convention follows the file
/// name (`pr*` = Cordeau, two decimals; otherwise Solomon, one decimal).
pub fn read(path: &Path, teams: usize) -> Result<Instance, ReadError> {
    let text = super::read_text(path)?;
    let name = super::stem(path);
    let metric = Metric::for_toptw_name(&name);
    parse(&text, &name, &path.display().to_string(), teams, metric)
}

/// Parses the text of a TOPTW instance; `file` names it in error messages.
pub fn parse(
    text: &str,
    name: &str,
    file: &str,
    teams: usize,
    metric: Metric,
) -> Result<Instance, ReadError> {
    let err = |line: usize, message: String| ReadError {
        file: file.to_string(),
        line,
        message,
    };
    if teams == 0 {
        return Err(err(0, "the number of paths must be at least 1".into()));
    }
    let mut lines = super::token_lines(text).peekable();
    let (no, first) = lines.next().ok_or_else(|| {
        err(
            0,
            "the file is empty; a TOPTW file starts with `k v N t`".into(),
        )
    })?;
    if first.len() != 4 {
        return Err(err(
            no,
            format!(
                "the first line has 4 fields `k v N t`, found {}: `{}`",
                first.len(),
                first.join(" ")
            ),
        ));
    }
    let n = super::number(first[2])
        .filter(|v| *v >= 0.0 && v.fract() == 0.0)
        .ok_or_else(|| {
            err(
                no,
                format!(
                    "field N (third on the first line) must be a whole number of customers, found `{}`",
                    first[2]
                ),
            )
        })? as usize;
    // The optional `D Q` line.
    if lines.peek().is_some_and(|(_, t)| t.len() <= 2) {
        lines.next();
    }
    let mut rows: Vec<(usize, [f64; 6])> = Vec::with_capacity(n + 1);
    for (no, t) in lines.by_ref() {
        if t.len() < 9 {
            return Err(err(
                no,
                format!(
                    "a vertex row has at least 9 fields `i x y d S f a <list> O C`, found {}: `{}`",
                    t.len(),
                    t.join(" ")
                ),
            ));
        }
        let a = super::number(t[6]).filter(|v| *v >= 0.0 && v.fract() == 0.0);
        if a.is_none_or(|a| t.len() != 9 + a as usize) {
            return Err(err(
                no,
                format!(
                    "field a (7th) says the list has `{}` entries, but the row has {} fields (9 + a expected)",
                    t[6],
                    t.len()
                ),
            ));
        }
        let fields = [
            ("x", t[1]),
            ("y", t[2]),
            ("d (service time)", t[3]),
            ("S (score)", t[4]),
            ("O (window open)", t[t.len() - 2]),
            ("C (window close)", t[t.len() - 1]),
        ];
        let mut v = [0.0; 6];
        for (k, (field, tok)) in fields.iter().enumerate() {
            v[k] = super::number(tok)
                .ok_or_else(|| err(no, format!("field {field} must be a number, found `{tok}`")))?;
        }
        if v[2] < 0.0 || v[3] < 0.0 {
            return Err(err(
                no,
                "service time and score must not be negative".to_string(),
            ));
        }
        if v[4] < 0.0 || v[5] < v[4] {
            return Err(err(
                no,
                format!(
                    "the window [{}, {}] is not a valid interval of non-negative times",
                    v[4], v[5]
                ),
            ));
        }
        rows.push((no, v));
        if rows.len() == n + 1 {
            break;
        }
    }
    if rows.len() < n + 1 {
        return Err(err(
            0,
            format!(
                "the first line announces N = {n} customers (plus the depot row), but the file has {} vertex rows",
                rows.len()
            ),
        ));
    }
    if let Some((no, _)) = lines.next() {
        return Err(err(
            no,
            format!("extra line after the {n} customers announced on the first line"),
        ));
    }
    let depot = rows[0].1;
    let customers = rows[1..]
        .iter()
        .enumerate()
        .map(|(i, (_, v))| Customer {
            id: i + 1,
            x: v[0],
            y: v[1],
            service: v[2],
            prize: v[3],
            open: v[4],
            close: v[5],
        })
        .collect();
    Ok(Instance {
        name: name.to_string(),
        metric,
        teams,
        tmax: depot[5],
        depot_open: depot[4],
        start: (depot[0], depot[1]),
        end: (depot[0], depot[1]),
        customers,
    })
}

//! Reader for the Team Orienteering Problem format of Chao, Golden & Wasil (1996).
//!
//! ```text
//! n N        number of points, including the start and the end
//! m P        number of paths (teams)
//! tmax T     length budget of each path
//! x y S      N lines: coordinates and integer score
//! ```
//!
//! The first point is the start and the last the end (score 0 both); distances are exact
//! Euclidean; there are no service times and no windows.

use super::{Customer, Instance, Metric, ReadError};
use std::path::Path;

/// Reads a TOP instance file.
pub fn read(path: &Path) -> Result<Instance, ReadError> {
    let text = super::read_text(path)?;
    parse(&text, &super::stem(path), &path.display().to_string())
}

/// Parses the text of a TOP instance; `file` names it in error messages.
pub fn parse(text: &str, name: &str, file: &str) -> Result<Instance, ReadError> {
    let err = |line: usize, message: String| ReadError {
        file: file.to_string(),
        line,
        message,
    };
    let mut lines = super::token_lines(text);

    let mut header = |key: &str| -> Result<(usize, f64), ReadError> {
        let (no, tokens) = lines.next().ok_or_else(|| {
            err(
                0,
                format!("the file ends before the `{key}` line; a TOP file starts with `n N`, `m P`, `tmax T`"),
            )
        })?;
        if tokens.len() != 2 || tokens[0] != key {
            return Err(err(
                no,
                format!(
                    "expected `{key} <number>`, found `{}`; a TOP file starts with `n N`, `m P`, `tmax T`",
                    tokens.join(" ")
                ),
            ));
        }
        let v = super::number(tokens[1]).ok_or_else(|| {
            err(
                no,
                format!("`{key}` must be a number, found `{}`", tokens[1]),
            )
        })?;
        Ok((no, v))
    };
    let (n_line, n) = header("n")?;
    let (m_line, m) = header("m")?;
    let (t_line, tmax) = header("tmax")?;
    if n < 2.0 || n.fract() != 0.0 {
        return Err(err(
            n_line,
            format!("`n` must be a whole number of at least 2 (start and end), found {n}"),
        ));
    }
    if m < 1.0 || m.fract() != 0.0 {
        return Err(err(
            m_line,
            format!("`m` must be a whole number of paths, at least 1, found {m}"),
        ));
    }
    if tmax < 0.0 {
        return Err(err(
            t_line,
            format!("`tmax` must not be negative, found {tmax}"),
        ));
    }
    let n = n as usize;
    let mut points = Vec::with_capacity(n);
    for (no, tokens) in lines.by_ref() {
        if tokens.len() != 3 {
            return Err(err(
                no,
                format!(
                    "a point line has 3 fields `x y S`, found {}: `{}`",
                    tokens.len(),
                    tokens.join(" ")
                ),
            ));
        }
        let mut v = [0.0; 3];
        for (k, field) in ["x", "y", "S (score)"].iter().enumerate() {
            v[k] = super::number(tokens[k]).ok_or_else(|| {
                err(
                    no,
                    format!("field {field} must be a number, found `{}`", tokens[k]),
                )
            })?;
        }
        if v[2] < 0.0 {
            return Err(err(
                no,
                format!("score must not be negative, found {}", v[2]),
            ));
        }
        points.push((no, v));
        if points.len() == n {
            break;
        }
    }
    if points.len() < n {
        return Err(err(
            0,
            format!(
                "`n {n}` announces {n} points but the file has {}; fix `n` or add the missing lines",
                points.len()
            ),
        ));
    }
    if let Some((no, _)) = lines.next() {
        return Err(err(
            no,
            format!("extra line after the {n} points announced by `n`; fix `n` or remove it"),
        ));
    }
    let customers = points[1..n - 1]
        .iter()
        .enumerate()
        .map(|(i, (_, v))| Customer {
            id: i + 1,
            x: v[0],
            y: v[1],
            prize: v[2],
            service: 0.0,
            open: 0.0,
            close: tmax,
        })
        .collect();
    let (start, end) = (points[0].1, points[n - 1].1);
    Ok(Instance {
        name: name.to_string(),
        metric: Metric::Exact,
        teams: m as usize,
        tmax,
        depot_open: 0.0,
        start: (start[0], start[1]),
        end: (end[0], end[1]),
        customers,
    })
}

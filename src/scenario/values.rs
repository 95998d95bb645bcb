//! Checks of single values shared by every section: numbers in range, shares, whole numbers,
//! weekday lists and clock-time windows. Each reports its own problem at the field's place
//! and returns `None`, and stays quiet for a field already reported (a stand-in value).

use super::calendar;
use super::diagnostics::{Loc, Sink, code, suggest};
use crate::problem::{Window, hhmm};

pub(super) fn share(sink: &mut Sink, loc: &Loc, key: &str, x: f64, what: &str) -> Option<f64> {
    if sink.reported_at(loc, key) {
        return None; // could not be read: a stand-in
    }
    if !x.is_finite() || !(0.0..=1.0).contains(&x) {
        let hint = if (5.0..=100.0).contains(&x) {
            format!(
                "`{key}` is a share between 0 and 1: write {x} % as {}",
                (x * 1e4).round() / 1e6
            )
        } else {
            format!("`{key}` must be between 0 and 1")
        };
        sink.at(
            loc,
            key,
            code::SHARE_RANGE,
            format!("{what} must be a share between 0 and 1, found {x}"),
            hint,
        );
        return None;
    }
    Some(x)
}

pub(super) fn number(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    x: f64,
    min: f64,
    max: f64,
    what: &str,
) -> Option<f64> {
    if sink.reported_at(loc, key) {
        return None;
    }
    if !x.is_finite() || x < min || x > max {
        let range = if max.is_infinite() {
            format!("at least {min}")
        } else {
            format!("between {min} and {max}")
        };
        let problem = if !x.is_finite() {
            "is not a finite number".to_string()
        } else if x < 0.0 {
            format!("is negative ({x})")
        } else {
            format!("is out of range ({x})")
        };
        sink.at(
            loc,
            key,
            code::BAD_NUMBER,
            format!("{what} {problem}"),
            format!("`{key}` must be {range}"),
        );
        return None;
    }
    Some(x)
}

pub(super) fn whole(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    x: i64,
    min: i64,
    max: i64,
    what: &str,
) -> Option<u32> {
    if sink.reported_at(loc, key) {
        return None;
    }
    if x < min || x > max {
        let problem = if x < 0 {
            format!("is negative ({x})")
        } else {
            format!("is out of range ({x})")
        };
        sink.at(
            loc,
            key,
            code::BAD_NUMBER,
            format!("{what} {problem}"),
            format!("`{key}` must be a whole number between {min} and {max}"),
        );
        return None;
    }
    u32::try_from(x).ok()
}

/// Parses weekday names into a mask; unknown names are reported.
pub(super) fn weekday_mask(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    names: &[String],
) -> Option<[bool; 7]> {
    if sink.reported_at(loc, key) {
        return None;
    }
    let mut mask = [false; 7];
    let mut ok = true;
    for n in names {
        match calendar::weekday(n) {
            Some(i) => mask[i] = true,
            None => {
                if ok {
                    sink.at(
                        loc,
                        key,
                        code::UNKNOWN_WEEKDAY,
                        format!("`{n}` is not a weekday"),
                        format!(
                            "{} (weekdays are mon, tue, wed, thu, fri, sat, sun)",
                            suggest(&n.to_lowercase(), &calendar::WEEKDAYS)
                        ),
                    );
                }
                ok = false;
            }
        }
    }
    ok.then_some(mask)
}

pub(super) fn time_window(
    sink: &mut Sink,
    loc: &Loc,
    key: &str,
    text: &str,
    what: &str,
) -> Option<Window> {
    if sink.reported_at(loc, key) {
        return None;
    }
    match calendar::window(text) {
        Ok(w) => Some(w),
        Err(calendar::WindowError::Format) => {
            sink.at(
                loc,
                key,
                code::BAD_TIME,
                format!("{what} `{text}` is not a time range like 07:30-15:30"),
                "write HH:MM-HH:MM on a 24-hour clock, e.g. \"07:30-15:30\"",
            );
            None
        }
        Err(calendar::WindowError::EndNotAfterStart { open, close }) => {
            let problem = if open == close {
                format!("{what} `{text}` has zero length")
            } else {
                format!(
                    "{what} `{text}` ends ({}) before it starts ({})",
                    hhmm(close),
                    hhmm(open)
                )
            };
            sink.at(
                loc,
                key,
                code::BAD_TIME,
                problem,
                "the end must be later than the start on the same day (24-hour clock: 15:30, not 3:30)",
            );
            None
        }
    }
}

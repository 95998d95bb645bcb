//! Leaf conversions: one TOML value into the type a field expects, or what was expected
//! instead (the reader turns that into a diagnostic with the line).

use crate::scenario::file::*;
use chrono::NaiveDate;
use toml::de::DeValue;

pub(super) fn to_string(v: &DeValue) -> Result<String, &'static str> {
    match v {
        DeValue::String(s) => Ok(s.to_string()),
        _ => Err("text in double quotes"),
    }
}

pub(super) fn integer(v: &DeValue) -> Option<i64> {
    match v {
        DeValue::Integer(i) => i64::from_str_radix(i.as_str(), i.radix()).ok(),
        _ => None,
    }
}

pub(super) fn to_f64(v: &DeValue) -> Result<f64, &'static str> {
    const E: &str = "a number (without quotes)";
    match v {
        DeValue::Integer(_) => integer(v).map(|i| i as f64).ok_or(E),
        DeValue::Float(f) => f.as_str().parse::<f64>().map_err(|_| E),
        _ => Err(E),
    }
}

pub(super) fn to_i64(v: &DeValue) -> Result<i64, &'static str> {
    const E: &str = "a whole number (without quotes)";
    match v {
        DeValue::Integer(_) => integer(v).ok_or(E),
        DeValue::Float(_) => match to_f64(v) {
            Ok(f) if f.fract() == 0.0 && f.abs() < 1e15 => Ok(f as i64),
            _ => Err(E),
        },
        _ => Err(E),
    }
}

pub(super) fn to_u64(v: &DeValue) -> Result<u64, &'static str> {
    const E: &str = "a whole number of 0 or more";
    match v {
        DeValue::Integer(i) => u64::from_str_radix(i.as_str(), i.radix()).map_err(|_| E),
        _ => Err(E),
    }
}

pub(super) fn to_date(v: &DeValue) -> Result<DateValue, &'static str> {
    const E: &str = "a date like 2025-01-02";
    match v {
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(d), None) => {
                NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
                    .map(DateValue)
                    .ok_or(E)
            }
            _ => Err("a plain date like 2025-01-02 (no time of day)"),
        },
        DeValue::String(s) => crate::scenario::calendar::date(s).map(DateValue).ok_or(E),
        _ => Err(E),
    }
}

/// A date kept as text (site `from` / `until`): a TOML date or a string.
pub(super) fn to_date_text(v: &DeValue) -> Result<String, &'static str> {
    match v {
        DeValue::String(s) => Ok(s.to_string()),
        DeValue::Datetime(_) => to_date(v).map(|d| d.0.format("%Y-%m-%d").to_string()),
        _ => Err("a date like 2025-01-02"),
    }
}

/// A list of texts; a single text is taken as a list of one.
pub(super) fn to_strings(v: &DeValue) -> Result<Vec<String>, &'static str> {
    const E: &str = "a list of texts like [\"a\", \"b\"]";
    match v {
        DeValue::String(s) => Ok(vec![s.to_string()]),
        DeValue::Array(a) => a
            .iter()
            .map(|x| to_string(x.get_ref()).map_err(|_| E))
            .collect(),
        _ => Err(E),
    }
}

/// Weekdays: `["mon", "tue"]` or `"mon|tue"`.
pub(super) fn to_weekdays(v: &DeValue) -> Result<Vec<String>, &'static str> {
    const E: &str = "weekday names like [\"mon\", \"tue\"] or \"mon|tue\"";
    match v {
        DeValue::String(s) => Ok(crate::scenario::calendar::split_weekdays(s)),
        DeValue::Array(a) => a
            .iter()
            .map(|x| to_string(x.get_ref()).map_err(|_| E))
            .collect(),
        _ => Err(E),
    }
}

pub(super) fn to_weekday_text(v: &DeValue) -> Result<String, &'static str> {
    to_weekdays(v).map(|w| w.join("|"))
}

pub(super) fn type_name(v: &DeValue) -> &'static str {
    match v {
        DeValue::String(_) => "text",
        DeValue::Integer(_) => "whole number",
        DeValue::Float(_) => "number",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "date",
        DeValue::Array(_) => "list",
        DeValue::Table(_) => "table",
    }
}

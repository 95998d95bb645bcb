//! Checks of the horizon and the working calendar: dates, office weekdays, holidays and
//! reduced hours, resolved into the problem's days.

use super::diagnostics::code;
use super::values::whole;
use super::{Checker, MAX_HORIZON_DAYS, calendar};
use crate::problem::*;
use chrono::{Datelike, Days, NaiveDate};

impl Checker<'_> {
    pub(super) fn horizon(&mut self) -> Option<(NaiveDate, NaiveDate)> {
        let h = &self.f.scenario;
        if self.sink.toml_reported("scenario.start") || self.sink.toml_reported("scenario.end") {
            return None;
        }
        let start = h.start.0;
        let end = match h.end {
            Some(e) => e.0,
            None => NaiveDate::from_ymd_opt(start.year(), 12, 31)?,
        };
        if end < start {
            self.sink.toml(
                code::BAD_HORIZON,
                if h.end.is_some() {
                    "scenario.end"
                } else {
                    "scenario.start"
                },
                format!("the horizon is empty: end {end} is before start {start}"),
                "set end on or after start (end defaults to 31 December of the start year)",
            );
            return None;
        }
        let days = (end - start).num_days() + 1;
        if days > MAX_HORIZON_DAYS {
            self.sink.toml(
                code::TOO_LARGE,
                "scenario.end",
                format!("the horizon has {days} days; at most {MAX_HORIZON_DAYS} are supported"),
                "plan one year at a time",
            );
            return None;
        }
        Some((start, end))
    }

    /// A date of the calendar section: reported when outside the horizon.
    pub(super) fn in_horizon(
        &mut self,
        field: &str,
        date: NaiveDate,
        h: (NaiveDate, NaiveDate),
    ) -> bool {
        if date < h.0 || date > h.1 {
            self.sink.toml(
                code::OUTSIDE_HORIZON,
                field,
                format!("{date} is outside the horizon {} ..= {}", h.0, h.1),
                "check the year, or widen the horizon with scenario.start / scenario.end",
            );
            return false;
        }
        true
    }

    pub(super) fn days(&mut self, horizon: Option<(NaiveDate, NaiveDate)>) -> Vec<Day> {
        let cal = &self.f.calendar;
        let builtin = match cal.holidays.trim().to_lowercase().as_str() {
            "id" | "indonesia" => true,
            "none" | "" => false,
            other => {
                self.sink.toml(
                    code::UNKNOWN_CALENDAR,
                    "calendar.holidays",
                    format!("unknown holiday calendar `{other}`"),
                    "use \"id\" (Indonesian national holidays and cuti bersama 2024–2026) or \
                     \"none\" (then list your days off in extra_holidays)",
                );
                false
            }
        };
        let Some(h) = horizon else {
            return Vec::new();
        };
        let (y0, y1) = calendar::HOLIDAY_YEARS;
        if builtin && (h.0.year() < y0 || h.1.year() > y1) {
            // Planning across Idul Fitri as if it were a working day would be badly wrong.
            // Point at the horizon when the calendar is not written out.
            let field = ["calendar.holidays", "scenario.end", "scenario.start"]
                .into_iter()
                .find(|f| self.sink.lines.contains_key(*f))
                .unwrap_or("calendar.holidays");
            self.sink.toml(
                code::UNKNOWN_CALENDAR,
                field,
                format!(
                    "the built-in holidays cover {y0}–{y1}, but the horizon {} ..= {} goes beyond",
                    h.0, h.1
                ),
                format!(
                    "plan within {y0}–{y1}, or set holidays = \"none\" and list every day off in \
                     calendar.extra_holidays"
                ),
            );
        }
        let n = ((h.1 - h.0).num_days() + 1).max(0) as usize;
        let mut days: Vec<Day> = (0..n)
            .filter_map(|i| h.0.checked_add_days(Days::new(i as u64)))
            .map(|date| Day {
                date,
                weekday: weekday_index(date),
                holiday: builtin
                    .then(|| calendar::holiday_on(date).map(|x| x.name.to_string()))
                    .flatten(),
                blackout: false,
                shorter_by: 0,
            })
            .collect();
        let index = |date: NaiveDate| (date - h.0).num_days() as usize;
        for (i, x) in cal.extra_holidays.iter().enumerate() {
            let field = format!("calendar.extra_holidays[{i}].date");
            if self.sink.toml_reported(&field) || !self.in_horizon(&field, x.date.0, h) {
                continue;
            }
            let name = if x.name.trim().is_empty() {
                "libur daerah"
            } else {
                x.name.trim()
            };
            days[index(x.date.0)]
                .holiday
                .get_or_insert_with(|| name.to_string());
        }
        for (i, d) in cal.blackout.iter().enumerate() {
            let field = format!("calendar.blackout[{i}]");
            if self.in_horizon(&field, d.0, h) {
                days[index(d.0)].blackout = true;
            }
        }
        for (i, r) in cal.reduced_hours.iter().enumerate() {
            let p = format!("calendar.reduced_hours[{i}]");
            if self.sink.toml_reported(&p) {
                continue;
            }
            let loc = self.t(&p);
            let by = whole(
                &mut self.sink,
                &loc,
                "minutes_shorter",
                r.minutes_shorter,
                0,
                720,
                "minutes_shorter",
            );
            if r.until < r.from {
                self.sink.toml(
                    code::BAD_RANGE,
                    format!("{p}.until"),
                    format!(
                        "the period ends ({}) before it starts ({})",
                        r.until.0, r.from.0
                    ),
                    "swap from and until",
                );
                continue;
            }
            let a = self.in_horizon(&format!("{p}.from"), r.from.0, h);
            let b = self.in_horizon(&format!("{p}.until"), r.until.0, h);
            if let (true, true, Some(by)) = (a, b, by) {
                for day in &mut days[index(r.from.0)..=index(r.until.0)] {
                    day.shorter_by = day.shorter_by.max(by);
                }
            }
        }
        days
    }
}

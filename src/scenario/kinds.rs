//! Built-in per-kind defaults for sites. A planner lists villages and schools; how many
//! residents turn up, how fast they come, how long a stay may be and how often it can be
//! repeated are facts of the kind of place, calibrated from field reports (sources and
//! reasons in `docs/model.md` and `docs/scenario.md`), and overridable per scenario in
//! `[kinds.<kind>]` and per site.

use crate::problem::{SiteKind, Window};

/// Defaults for one kind of site (the same fields a site may override).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct KindDefaults {
    pub reach: f64,
    pub minutes_per_activation: f64,
    /// Shortest and longest stay of one visit, minutes.
    pub min_stay: u32,
    pub max_stay: u32,
    /// Turnout time constant τ, minutes (see `response::arrived`).
    pub turnout_minutes: f64,
    pub fatigue: f64,
    pub max_visits: u32,
    pub min_gap_days: u32,
    pub connectivity: f64,
    pub weight: f64,
    /// Monday = 0.
    pub weekdays: [bool; 7],
    pub window: Window,
}

const MON_FRI: [bool; 7] = [true, true, true, true, true, false, false];
const MON_SAT: [bool; 7] = [true, true, true, true, true, true, false];
const EVERY_DAY: [bool; 7] = [true; 7];
const SAT_SUN: [bool; 7] = [false, false, false, false, false, true, true];

const fn hm(h: u32, m: u32) -> u32 {
    h * 60 + m
}

#[allow(clippy::too_many_arguments)]
const fn k(
    reach: f64,
    minutes_per_activation: f64,
    (min_stay, max_stay, turnout_minutes): (u32, u32, f64),
    fatigue: f64,
    max_visits: u32,
    min_gap_days: u32,
    window: (u32, u32),
    weekdays: [bool; 7],
) -> KindDefaults {
    KindDefaults {
        reach,
        minutes_per_activation,
        min_stay,
        max_stay,
        turnout_minutes,
        fatigue,
        max_visits,
        min_gap_days,
        connectivity: 1.0,
        weight: 1.0,
        weekdays,
        window: Window {
            open: window.0,
            close: window.1,
        },
    }
}

/// The built-in defaults of a kind (sources and reasons in `docs/model.md`): reach,
/// minutes per activation, (shortest stay, longest stay, turnout τ), fatigue, most visits,
/// least days between visits, hours, weekdays.
pub fn defaults(kind: SiteKind) -> KindDefaults {
    let (hours, stays) = (hm(8, 0), hm(15, 0));
    match kind {
        SiteKind::Village => k(
            0.08,
            5.0,
            (90, 420, 150.0),
            0.6,
            4,
            30,
            (hours, stays),
            MON_FRI,
        ),
        SiteKind::School => k(
            0.6,
            5.0,
            (90, 330, 60.0),
            0.3,
            2,
            1,
            (hm(7, 30), hm(13, 0)),
            MON_FRI,
        ),
        SiteKind::Campus => k(
            0.35,
            4.0,
            (120, 420, 120.0),
            0.5,
            3,
            1,
            (hours, stays),
            MON_FRI,
        ),
        SiteKind::Office => k(
            0.5,
            5.0,
            (60, 240, 60.0),
            0.3,
            2,
            60,
            (hours, stays),
            MON_FRI,
        ),
        SiteKind::Hospital => k(
            0.15,
            6.0,
            (60, 300, 90.0),
            0.7,
            4,
            30,
            (hours, hm(14, 0)),
            MON_SAT,
        ),
        SiteKind::Market => k(
            0.08,
            7.0,
            (60, 240, 60.0),
            0.8,
            6,
            14,
            (hm(6, 0), hm(11, 0)),
            EVERY_DAY,
        ),
        SiteKind::Event => k(
            0.05,
            6.0,
            (60, 240, 60.0),
            0.9,
            52,
            7,
            (hm(6, 0), hm(10, 0)),
            SAT_SUN,
        ),
    }
}

/// Kind names, for suggestions.
pub fn names() -> Vec<&'static str> {
    SiteKind::ALL.iter().map(|k| k.name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_within_their_ranges() {
        for kind in SiteKind::ALL {
            let d = defaults(kind);
            assert!((0.0..=1.0).contains(&d.reach), "{kind:?}");
            assert!((0.0..=1.0).contains(&d.fatigue), "{kind:?}");
            assert!(
                d.min_stay <= d.max_stay && d.max_stay <= d.window.len(),
                "{kind:?} stays fit the window"
            );
            assert!(d.turnout_minutes > 0.0, "{kind:?}");
            assert!(d.min_gap_days >= 1 && d.max_visits >= 1);
            assert!(d.weekdays.iter().any(|&w| w));
        }
        assert_eq!(defaults(SiteKind::Event).window, Window::new(360, 600));
        assert!(defaults(SiteKind::Event).weekdays[5]);
    }
}

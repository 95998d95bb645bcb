//! The immutable, validated planning problem.
//!
//! A [`Problem`] is built once from a scenario file (see [`crate::scenario`]) and never changes. Solver
//! code sees only dense indices, minutes and numbers: no serde types, no string ids. Names and
//! codes are kept beside the numbers only so that reports can print them.
//!
//! Places: the travel matrix is indexed by *place*; bases come first, then sites, so base `b`
//! is place `b` and site `s` is place `bases.len() + s` (see [`Problem::site_place`]).

use chrono::{Datelike, NaiveDate};

mod parts;
mod travel;

pub use parts::{InvalidProblem, ProblemParts};
pub use travel::{GeoTravel, Travel, haversine_km, leg_minutes, to_minutes};

/// Minutes since midnight (for clock times) or a duration in minutes.
pub type Minutes = u32;

/// A closed-open time window `[open, close)` in minutes since midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub open: Minutes,
    pub close: Minutes,
}

impl Window {
    pub const ALL_DAY: Window = Window {
        open: 0,
        close: 24 * 60,
    };

    pub fn new(open: Minutes, close: Minutes) -> Self {
        Window { open, close }
    }

    pub fn len(&self) -> Minutes {
        self.close.saturating_sub(self.open)
    }

    pub fn is_empty(&self) -> bool {
        self.close <= self.open
    }
}

/// Formats minutes since midnight as `HH:MM`.
pub fn hhmm(m: Minutes) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// Weekday index, Monday = 0 .. Sunday = 6.
pub fn weekday_index(date: NaiveDate) -> usize {
    date.weekday().num_days_from_monday() as usize
}

/// One calendar day of the horizon.
#[derive(Debug, Clone, PartialEq)]
pub struct Day {
    pub date: NaiveDate,
    /// Monday = 0 .. Sunday = 6.
    pub weekday: usize,
    /// Name of the public holiday or cuti bersama on this date, if any.
    pub holiday: Option<String>,
    /// An office-specific blackout date (training, elections, ...): no field work.
    pub blackout: bool,
    /// Minutes by which shifts end earlier on this date (e.g. Ramadan hours); 0 normally.
    pub shorter_by: Minutes,
}

impl Day {
    /// True when no team works on this date whatever its weekdays (holiday or blackout).
    pub fn closed(&self) -> bool {
        self.holiday.is_some() || self.blackout
    }
}

/// District-wide activation target and the walk-in activations at the office.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// Residents with a recorded e-KTP (the denominator of the share).
    pub eligible: f64,
    /// Already activated at the start of the horizon.
    pub activated: f64,
    /// Target activated share by the end of the horizon, 0..1.
    pub share: f64,
    /// Activations at the office per office working day, independent of the teams.
    pub organic_per_day: f64,
}

/// A district (kecamatan) sites belong to; used for coverage reports and equity floors.
#[derive(Debug, Clone, PartialEq)]
pub struct District {
    pub id: String,
    pub name: String,
    /// Optional minimum share of the district's pool to activate (equity floor), 0..1.
    pub floor_share: Option<f64>,
}

/// Connectivity kits (a satellite terminal such as Starlink or VSAT) a team can carry: a
/// visit by a team carrying one works at the kit's connectivity where the site's own
/// signal is weaker. The plan says which team carries one on which day (`Route::kit`);
/// never more are in use on a day than exist.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Kits {
    /// Kits the office has (0: none).
    pub count: u32,
    /// Connectivity a visit with a kit works at, 0..1.
    pub connectivity: f64,
}

impl Kits {
    /// The connectivity a crew with a kit brings: the kit's, or 0 when there are none.
    pub fn boost(&self) -> f64 {
        if self.count > 0 {
            self.connectivity
        } else {
            0.0
        }
    }
}

/// Where teams start and end their day.
#[derive(Debug, Clone, PartialEq)]
pub struct Base {
    pub id: String,
    pub name: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
}

/// One mobile team (a declared `count` of identical teams is expanded to several).
#[derive(Debug, Clone, PartialEq)]
pub struct Team {
    pub id: String,
    /// Index into [`Problem::bases`].
    pub base: usize,
    pub staff: u32,
    pub shift: Window,
    /// Weekdays the team works (Monday = 0), including weekend duty days.
    pub weekdays: [bool; 7],
    /// Rupiah per km driven.
    pub cost_per_km: f64,
    /// Rupiah per team-day in the field.
    pub cost_per_day: f64,
}

/// Kind of site; sets the per-kind defaults and is shown in reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SiteKind {
    Village,
    School,
    Campus,
    Office,
    Hospital,
    Market,
    Event,
}

impl SiteKind {
    pub const ALL: [SiteKind; 7] = [
        SiteKind::Village,
        SiteKind::School,
        SiteKind::Campus,
        SiteKind::Office,
        SiteKind::Hospital,
        SiteKind::Market,
        SiteKind::Event,
    ];

    pub fn name(self) -> &'static str {
        match self {
            SiteKind::Village => "village",
            SiteKind::School => "school",
            SiteKind::Campus => "campus",
            SiteKind::Office => "office",
            SiteKind::Hospital => "hospital",
            SiteKind::Market => "market",
            SiteKind::Event => "event",
        }
    }

    pub fn parse(s: &str) -> Option<SiteKind> {
        SiteKind::ALL.into_iter().find(|k| k.name() == s)
    }
}

/// A place a team can visit to activate residents.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub code: String,
    pub name: String,
    pub kind: SiteKind,
    /// Index into [`Problem::districts`].
    pub district: usize,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// Residents with e-KTP reachable here (for coverage reports).
    pub eligible: f64,
    /// Unactivated eligible residents at the start of the horizon (`eligible - activated`).
    pub pool: f64,
    /// Share of the remaining pool that turns up at a first visit, 0..1.
    pub reach: f64,
    /// Multiplier on turnout for each further visit, 0..1.
    pub fatigue: f64,
    /// Connectivity, 0..1: scales throughput; 0 means no activation possible.
    pub connectivity: f64,
    /// Staff-minutes needed per activation.
    pub minutes_per_activation: f64,
    /// Shortest stay of one visit on site, in minutes.
    pub min_stay: Minutes,
    /// Longest stay of one visit on site, in minutes (`>= min_stay`).
    pub max_stay: Minutes,
    /// Turnout time constant τ in minutes: a stay of `s` minutes brings `1 − e^(−s/τ)` of
    /// the visit's turnout (0: everyone who comes is there at once).
    pub turnout_minutes: f64,
    /// Most visits over the horizon.
    pub max_visits: u32,
    /// Minimum number of calendar days between two visits (at least 1).
    pub min_gap_days: u32,
    /// Priority weight on this site's activations in the objective.
    pub weight: f64,
    /// Weekdays the site can be visited (Monday = 0).
    pub weekdays: [bool; 7],
    /// Opening hours on days it is open.
    pub window: Window,
    /// First and last day index (inclusive) on which the site can be visited.
    pub first_day: usize,
    pub last_day: usize,
}

/// The whole planning problem: horizon, target, teams, sites and travel.
///
/// Made only by [`Problem::new`], which checks its [`ProblemParts`]; read through
/// `Deref<Target = ProblemParts>`: every part can be read (`p.sites[s]`, `p.days.len()`),
/// none can be changed. A changed problem is a new one, from [`Problem::edited`].
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    parts: ProblemParts,
}

impl std::ops::Deref for Problem {
    type Target = ProblemParts;

    fn deref(&self) -> &ProblemParts {
        &self.parts
    }
}

impl Problem {
    /// Place index of site `s` in the travel matrix.
    #[inline]
    pub fn site_place(&self, s: usize) -> usize {
        self.bases.len() + s
    }

    /// Place index of team `t`'s base.
    #[inline]
    pub fn team_place(&self, t: usize) -> usize {
        self.teams[t].base
    }

    /// Travel minutes from team `t`'s base to site `s`.
    #[inline]
    pub fn base_to_site(&self, t: usize, s: usize) -> Minutes {
        self.travel.minutes(self.team_place(t), self.site_place(s))
    }

    /// Travel minutes from site `s` back to team `t`'s base.
    #[inline]
    pub fn site_to_base(&self, s: usize, t: usize) -> Minutes {
        self.travel.minutes(self.site_place(s), self.team_place(t))
    }

    /// Travel minutes between two sites.
    #[inline]
    pub fn site_to_site(&self, a: usize, b: usize) -> Minutes {
        self.travel.minutes(self.site_place(a), self.site_place(b))
    }

    /// The shift team `t` works on day `d`, or `None` when it does not work that day.
    /// Reduced-hour days end the shift earlier.
    pub fn shift(&self, t: usize, d: usize) -> Option<Window> {
        let day = &self.days[d];
        let team = &self.teams[t];
        if day.closed() || !team.weekdays[day.weekday] {
            return None;
        }
        let close = team
            .shift
            .close
            .saturating_sub(day.shorter_by)
            .max(team.shift.open);
        let w = Window::new(team.shift.open, close);
        (!w.is_empty()).then_some(w)
    }

    /// The opening window of site `s` on day `d`, or `None` when it cannot be visited then.
    pub fn site_window(&self, s: usize, d: usize) -> Option<Window> {
        let site = &self.sites[s];
        let day = &self.days[d];
        if d < site.first_day || d > site.last_day || !site.weekdays[day.weekday] {
            return None;
        }
        Some(site.window)
    }

    /// Office working days in the horizon (walk-in activations accrue on these).
    pub fn office_days(&self) -> usize {
        self.days
            .iter()
            .filter(|d| !d.closed() && self.office_weekdays[d.weekday])
            .count()
    }

    /// Walk-in activations at the office over the whole horizon.
    pub fn organic_total(&self) -> f64 {
        self.target.organic_per_day * self.office_days() as f64
    }

    /// Day index of a date, if inside the horizon.
    pub fn day_of(&self, date: NaiveDate) -> Option<usize> {
        let first = self.days.first()?.date;
        let i = (date - first).num_days();
        (i >= 0 && (i as usize) < self.days.len()).then_some(i as usize)
    }

    /// Month key (`YYYY-MM`) of day `d`.
    pub fn month_key(&self, d: usize) -> String {
        self.days[d].date.format("%Y-%m").to_string()
    }

    /// Index of the month (0-based from the first month of the horizon) of day `d`.
    pub fn month_index(&self, d: usize) -> usize {
        let first = self.days[0].date;
        let date = self.days[d].date;
        ((date.year() - first.year()) * 12 + date.month() as i32 - first.month() as i32) as usize
    }

    /// Number of (partial) months in the horizon.
    pub fn months(&self) -> usize {
        self.days
            .last()
            .map_or(0, |_| self.month_index(self.days.len() - 1) + 1)
    }

    /// Number of activations needed from the teams to reach the target share at the end,
    /// after walk-ins (never negative).
    pub fn activations_needed(&self) -> f64 {
        let t = &self.target;
        (t.share * t.eligible - t.activated - self.organic_total()).max(0.0)
    }
}

//! The immutable, validated planning problem.
//!
//! A [`Problem`] is built once from a scenario file (see `build`) and never changes. Solver
//! code sees only dense indices, minutes and numbers: no serde types, no string ids. Names and
//! codes are kept beside the numbers only so that reports can print them.
//!
//! Places: the travel matrix is indexed by *place*; bases come first, then sites, so base `b`
//! is place `b` and site `s` is place `bases.len() + s` (see [`Problem::site_place`]).

use chrono::{Datelike, NaiveDate};
use rayon::prelude::*;

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
    /// Length of one visit on site, in minutes.
    pub visit_minutes: Minutes,
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

/// Travel between places (bases then sites), in minutes and km.
///
/// Two forms behind one interface. A full matrix (`Dense`) for road graphs, explicit
/// matrices and districts of up to [`Travel::DENSE_LIMIT`] places; for larger districts with
/// coordinates travel, legs are computed on demand from the coordinates (`Geo`) with exactly
/// the formula the matrix would hold, so nothing of size places² is ever allocated.
#[derive(Debug, Clone, PartialEq)]
pub struct Travel {
    pub n: usize,
    form: Form,
}

#[derive(Debug, Clone, PartialEq)]
enum Form {
    Dense { minutes: Vec<Minutes>, km: Vec<f32> },
    Geo(GeoTravel),
}

/// Coordinates travel computed on demand: great-circle km × `detour`, at `speed_kmh`, plus
/// `overhead` minutes on every leg between different places.
#[derive(Debug, Clone, PartialEq)]
pub struct GeoTravel {
    pub at: Vec<(f64, f64)>,
    pub detour: f64,
    pub speed_kmh: f64,
    pub overhead: f64,
}

/// Mean Earth radius, km.
const EARTH_RADIUS_KM: f64 = 6371.0088;

/// Great-circle distance in km.
pub fn haversine_km(lat1: f64, lon1: f64, lat2: f64, lon2: f64) -> f64 {
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let dp = p2 - p1;
    let dl = (lon2 - lon1).to_radians();
    let a = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_KM * a.sqrt().min(1.0).asin()
}

/// Whole minutes of a leg, never the unreachable marker.
pub fn to_minutes(m: f64) -> Minutes {
    m.round().clamp(0.0, f64::from(Travel::UNREACHABLE - 1)) as Minutes
}

/// Minutes of a leg of `km` (road km, detour included) at `speed_kmh`, plus `overhead`
/// minutes: the one formula for travel from coordinates (the loader, the generators and the
/// random test districts).
#[inline]
pub fn leg_minutes(km: f64, speed_kmh: f64, overhead: f64) -> Minutes {
    to_minutes(km / speed_kmh * 60.0 + overhead)
}

impl GeoTravel {
    /// (minutes, km) of the leg `from → to`.
    #[inline]
    pub fn leg(&self, from: usize, to: usize) -> (Minutes, f32) {
        if from == to {
            return (0, 0.0);
        }
        let (a, b) = (self.at[from], self.at[to]);
        let km = haversine_km(a.0, a.1, b.0, b.1) * self.detour;
        (leg_minutes(km, self.speed_kmh, self.overhead), km as f32)
    }
}

impl Travel {
    /// Marker for "no path"; never present in a validated problem.
    pub const UNREACHABLE: Minutes = Minutes::MAX;

    /// Most places for which coordinates travel is stored as a full matrix (8 bytes per
    /// pair: 4,000 places take 128 MB); beyond it legs are computed on demand.
    pub const DENSE_LIMIT: usize = 4_000;

    /// A full matrix of `n` places, all legs 0 until [`Travel::set`].
    pub fn new(n: usize) -> Self {
        Travel {
            n,
            form: Form::Dense {
                minutes: vec![0; n * n],
                km: vec![0.0; n * n],
            },
        }
    }

    /// Legs computed on demand from coordinates.
    pub fn geo(geo: GeoTravel) -> Self {
        Travel {
            n: geo.at.len(),
            form: Form::Geo(geo),
        }
    }

    #[inline]
    pub fn minutes(&self, from: usize, to: usize) -> Minutes {
        match &self.form {
            Form::Dense { minutes, .. } => minutes[from * self.n + to],
            Form::Geo(g) => g.leg(from, to).0,
        }
    }

    #[inline]
    pub fn km(&self, from: usize, to: usize) -> f32 {
        match &self.form {
            Form::Dense { km, .. } => km[from * self.n + to],
            Form::Geo(g) => g.leg(from, to).1,
        }
    }

    /// Sets one leg; a computed-on-demand travel is first stored as a full matrix.
    pub fn set(&mut self, from: usize, to: usize, minutes: Minutes, km: f32) {
        if let Form::Geo(_) = self.form {
            self.form = self.to_dense_form();
        }
        if let Form::Dense { minutes: m, km: k } = &mut self.form {
            m[from * self.n + to] = minutes;
            k[from * self.n + to] = km;
        }
    }

    fn to_dense_form(&self) -> Form {
        let n = self.n;
        let mut minutes = vec![0; n * n];
        let mut km = vec![0.0; n * n];
        for i in 0..n {
            for j in 0..n {
                minutes[i * n + j] = self.minutes(i, j);
                km[i * n + j] = self.km(i, j);
            }
        }
        Form::Dense { minutes, km }
    }

    /// The full matrices (row-major, `n × n`), when travel is stored that way.
    pub fn dense(&self) -> Option<(&[Minutes], &[f32])> {
        match &self.form {
            Form::Dense { minutes, km } => Some((minutes, km)),
            Form::Geo(_) => None,
        }
    }

    /// Mutable full matrices, for building travel row by row in parallel.
    pub fn dense_mut(&mut self) -> Option<(&mut [Minutes], &mut [f32])> {
        match &mut self.form {
            Form::Dense { minutes, km } => Some((minutes, km)),
            Form::Geo(_) => None,
        }
    }

    /// The coordinates form, when legs are computed on demand.
    pub fn as_geo(&self) -> Option<&GeoTravel> {
        match &self.form {
            Form::Geo(g) => Some(g),
            Form::Dense { .. } => None,
        }
    }

    /// [`Travel::shortest_in`] and [`Travel::shortest_out`] together (one sweep when legs
    /// are the same both ways).
    pub fn shortest_in_out(&self) -> (Vec<Minutes>, Vec<Minutes>) {
        let into = self.shortest_in();
        let out = match &self.form {
            Form::Geo(_) => into.clone(),
            Form::Dense { .. } => self.shortest_out(),
        };
        (into, out)
    }

    /// For every place, the shortest leg out of it to any other place (0 for a single
    /// place).
    pub fn shortest_out(&self) -> Vec<Minutes> {
        let n = self.n;
        match &self.form {
            Form::Dense { .. } => (0..n)
                .map(|from| {
                    (0..n)
                        .filter(|&t| t != from)
                        .map(|t| self.minutes(from, t))
                        .min()
                        .unwrap_or(0)
                })
                .collect(),
            // Great-circle legs are the same both ways.
            Form::Geo(_) => self.shortest_in(),
        }
    }

    /// For every place, the shortest leg into it from any other place (0 for a single
    /// place). A full matrix is scanned; on-demand coordinates use a latitude sweep, so
    /// large districts need no n² work.
    pub fn shortest_in(&self) -> Vec<Minutes> {
        let n = self.n;
        match &self.form {
            Form::Dense { .. } => (0..n)
                .map(|to| {
                    (0..n)
                        .filter(|&f| f != to)
                        .map(|f| self.minutes(f, to))
                        .min()
                        .unwrap_or(0)
                })
                .collect(),
            Form::Geo(g) => {
                // Minutes grow with km, so the nearest place by great-circle distance has
                // the shortest leg; a degree of latitude is at least 110.5 km. Each place's
                // sweep is independent: they run in parallel, collected in order.
                let mut order: Vec<usize> = (0..n).collect();
                order.sort_by(|&a, &b| g.at[a].0.total_cmp(&g.at[b].0));
                let nearest: Vec<Option<usize>> = (0..n)
                    .into_par_iter()
                    .map(|k| {
                        let i = order[k];
                        let mut best = f64::INFINITY;
                        let mut best_j = None;
                        for dir in [-1i64, 1] {
                            let mut m = k as i64 + dir;
                            while m >= 0 && (m as usize) < n {
                                let j = order[m as usize];
                                if (g.at[j].0 - g.at[i].0).abs() * 110.5 > best {
                                    break;
                                }
                                let d = haversine_km(g.at[i].0, g.at[i].1, g.at[j].0, g.at[j].1);
                                if d < best {
                                    best = d;
                                    best_j = Some(j);
                                }
                                m += dir;
                            }
                        }
                        best_j
                    })
                    .collect();
                let mut out = vec![0; n];
                for (k, j) in nearest.into_iter().enumerate() {
                    let i = order[k];
                    out[i] = j.map_or(0, |j| g.leg(j, i).0);
                }
                out
            }
        }
    }
}

#[cfg(test)]
mod travel_tests {
    use super::*;

    fn points(n: usize) -> Vec<(f64, f64)> {
        // A deterministic scatter over ~60 × 60 km.
        (0..n)
            .map(|i| {
                let a = (i as f64 * 0.618_033_988_7).fract();
                let b = (i as f64 * 0.414_213_562_3).fract();
                (-7.2 + 0.55 * a, 109.5 + 0.55 * b)
            })
            .collect()
    }

    #[test]
    fn on_demand_legs_equal_the_stored_matrix() {
        let geo = GeoTravel {
            at: points(300),
            detour: 1.3,
            speed_kmh: 35.0,
            overhead: 4.0,
        };
        let lazy = Travel::geo(geo.clone());
        let mut dense = Travel::new(300);
        for i in 0..300 {
            for j in 0..300 {
                let (m, k) = geo.leg(i, j);
                dense.set(i, j, m, k);
            }
        }
        for i in 0..300 {
            for j in 0..300 {
                assert_eq!(lazy.minutes(i, j), dense.minutes(i, j));
                assert_eq!(lazy.km(i, j), dense.km(i, j));
            }
        }
        assert_eq!(lazy.shortest_in(), dense.shortest_in());
        let both = (dense.shortest_in(), dense.shortest_out());
        assert_eq!(lazy.shortest_in_out(), both);
        assert_eq!(dense.shortest_in_out(), both);
        // Setting a leg stores the whole matrix first, then changes only that leg.
        let mut edited = lazy.clone();
        edited.set(3, 4, 999, 1.0);
        assert!(edited.dense().is_some());
        assert_eq!(edited.minutes(3, 4), 999);
        assert_eq!(edited.minutes(4, 3), lazy.minutes(4, 3));
    }
}

/// The whole planning problem: horizon, target, teams, sites and travel.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub name: String,
    pub seed: u64,
    pub days: Vec<Day>,
    /// Office working weekdays (for walk-in activations), Monday = 0.
    pub office_weekdays: [bool; 7],
    pub target: Target,
    pub districts: Vec<District>,
    pub bases: Vec<Base>,
    pub teams: Vec<Team>,
    pub sites: Vec<Site>,
    pub travel: Travel,
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

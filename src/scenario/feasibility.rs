//! Travel between the places, then the two checks that need it: every site can be reached
//! from a base and back, and one visit fits some team's shift on some working day.

use super::diagnostics::{Loc, code, suggest};
use super::values::number;
use super::{Checker, SiteDraft, calendar, travel};
use crate::problem::*;
use crate::scenario::file::*;
use crate::schedule;

impl Checker<'_> {
    pub(super) fn travel(&mut self, bases: &[Base], specs: &[(SiteSpec, Loc)]) -> Option<Travel> {
        let t = &self.f.travel;
        let loc = self.t("travel");
        let s = &mut self.sink;
        let mut ok = true;
        if !travel::KINDS.contains(&t.kind.trim()) {
            s.at(
                &loc,
                "kind",
                code::UNKNOWN_TRAVEL,
                format!("unknown travel kind `{}`", t.kind),
                format!("{} (coordinates: great circle × detour ÷ speed; matrix: a CSV of minutes; graph: a road-network CSV)", suggest(t.kind.trim(), travel::KINDS)),
            );
            ok = false;
        }
        ok &= number(s, &loc, "speed_kmh", t.speed_kmh, 1.0, 200.0, "speed_kmh").is_some();
        ok &= number(s, &loc, "detour", t.detour, 1.0, 10.0, "detour").is_some();
        ok &= number(
            s,
            &loc,
            "leg_overhead_minutes",
            t.leg_overhead_minutes,
            0.0,
            600.0,
            "leg_overhead_minutes",
        )
        .is_some();
        if !ok || self.sink.toml_reported("travel") {
            return None;
        }
        // Matrix rows name places by id: base ids and site codes must not collide.
        if t.kind.trim() == "matrix" {
            for (spec, loc) in specs {
                if let Some(b) = bases.iter().position(|b| b.id == spec.code.trim()) {
                    self.sink.at(
                        loc,
                        "code",
                        code::DUPLICATE_ID,
                        format!("site code `{}` is also the id of bases[{b}]", spec.code.trim()),
                        "the travel matrix names places by id: make site codes and base ids distinct",
                    );
                    ok = false;
                }
            }
        }
        let mut places: Vec<travel::Place> = Vec::with_capacity(bases.len() + specs.len());
        for (i, (b, spec)) in bases.iter().zip(&self.f.bases).enumerate() {
            places.push(travel::Place {
                id: &b.id,
                name: &b.name,
                lat: b.lat,
                lon: b.lon,
                node: spec.node.as_deref(),
                loc: Loc::Toml(format!("bases[{i}]")),
            });
        }
        for (spec, loc) in specs {
            // A coordinate already reported as invalid is left out (and travel not built).
            let valid = |key: &str, x: Option<f64>| x.filter(|_| !self.sink.reported_at(loc, key));
            places.push(travel::Place {
                id: spec.code.trim(),
                name: &spec.name,
                lat: valid("lat", spec.lat),
                lon: valid("lon", spec.lon),
                node: spec.node.as_deref(),
                loc: loc.clone(),
            });
        }
        if !ok {
            return None;
        }
        let mut t = t.clone();
        t.kind = t.kind.trim().to_string();
        travel::build(&t, &places, self.path, &mut self.sink)
    }

    /// Every site must be reachable from some base, and the way back must exist.
    pub(super) fn reachability(
        &mut self,
        travel: &Travel,
        bases: &[Base],
        teams: &[(Option<Team>, usize)],
        specs: &[(SiteSpec, Loc)],
    ) {
        let mut used: Vec<usize> = teams
            .iter()
            .filter_map(|(t, _)| t.as_ref().map(|t| t.base))
            .collect();
        used.sort_unstable();
        used.dedup();
        if used.is_empty() {
            used = (0..bases.len()).collect();
        }
        let nb = bases.len();
        let hint = match self.f.travel.kind.trim() {
            "matrix" => "add rows for this site to and from a base in the travel matrix",
            _ => "connect its node to the network (a road, river or ferry edge both ways)",
        };
        for (s, (spec, loc)) in specs.iter().enumerate() {
            let p = nb + s;
            let there = used
                .iter()
                .any(|&b| travel.minutes(b, p) != Travel::UNREACHABLE);
            let back = used
                .iter()
                .any(|&b| travel.minutes(p, b) != Travel::UNREACHABLE);
            let both = used.iter().any(|&b| {
                travel.minutes(b, p) != Travel::UNREACHABLE
                    && travel.minutes(p, b) != Travel::UNREACHABLE
            });
            if !both {
                let why = match (there, back) {
                    (false, _) => "no base can reach it",
                    (true, false) => "there is no way back from it to a base",
                    (true, true) => "no single base can both reach it and be reached back",
                };
                self.sink.at(
                    loc,
                    "",
                    code::UNREACHABLE,
                    format!(
                        "site `{}` ({}) is unreachable: {why}",
                        spec.code.trim(),
                        spec.name
                    ),
                    hint,
                );
            }
        }
    }

    /// Every site must fit some team's shift on some day: round trip from the team's base
    /// plus the visit, within the site's window.
    pub(super) fn fit(
        &mut self,
        travel: &Travel,
        days: &[Day],
        teams: &[(Option<Team>, usize)],
        sites: &[Option<SiteDraft>],
        nb: usize,
    ) {
        // open[w][d]: working days (not closed) with weekday w among the first d days.
        let mut open = vec![vec![0u32; days.len() + 1]; 7];
        for (d, day) in days.iter().enumerate() {
            for (w, row) in open.iter_mut().enumerate() {
                row[d + 1] = row[d] + u32::from(!day.closed() && day.weekday == w);
            }
        }
        let teams: Vec<&Team> = teams.iter().filter_map(|(t, _)| t.as_ref()).collect();
        if teams.is_empty() {
            return;
        }
        for (s, draft) in sites.iter().enumerate() {
            let Some(SiteDraft { site, loc }) = draft else {
                continue;
            };
            let p = nb + s;
            if self.sink.reported_at(loc, "") {
                continue;
            }
            let (a, b) = (
                site.first_day.min(days.len() - 1),
                site.last_day.min(days.len() - 1),
            );
            let avail: Vec<bool> = (0..7)
                .map(|w| site.weekdays[w] && open[w][b + 1] > open[w][a])
                .collect();
            if !avail.iter().any(|&x| x) {
                let names: Vec<&str> = (0..7)
                    .filter(|&w| site.weekdays[w])
                    .map(|w| calendar::WEEKDAYS[w])
                    .collect();
                self.sink.at(
                    loc,
                    "",
                    code::NEVER_AVAILABLE,
                    format!(
                        "site `{}` ({}) is never available: no working day from {} to {} falls on its weekdays ({})",
                        site.code, site.name, days[a].date, days[b].date, names.join("|")
                    ),
                    "check its weekdays and from/until dates against holidays and blackout dates",
                );
                continue;
            }
            let mut on_days = false;
            let mut best: Option<(u64, String, &str)> = None;
            let mut fits = false;
            for t in &teams {
                if !(0..7).any(|w| avail[w] && t.weekdays[w]) {
                    continue;
                }
                on_days = true;
                let (go, back) = (travel.minutes(t.base, p), travel.minutes(p, t.base));
                let w = site.window;
                if schedule::one_stop_fits(t.shift, go, w, site.min_stay, back) {
                    fits = true;
                    break;
                }
                // Explain the team that misses by the least, with the times of the visit.
                let (go, back) = (u64::from(go), u64::from(back));
                let arrive = u64::from(t.shift.open) + go;
                let end = arrive.max(u64::from(w.open)) + u64::from(site.min_stay);
                let late_close = end.saturating_sub(u64::from(w.close));
                let late_back = (end + back).saturating_sub(u64::from(t.shift.close));
                let miss = late_close.max(late_back);
                if best.as_ref().is_none_or(|(m, _, _)| miss < *m) {
                    let clock = |m: u64| hhmm(m.min(99 * 60) as u32);
                    let why = if late_close > 0 {
                        format!(
                            "the visit would end at {} but the site closes at {}",
                            clock(end),
                            hhmm(w.close)
                        )
                    } else {
                        format!(
                            "the visit ends at {}, and with {back} min back the team would return at {}, after its shift ends at {}",
                            clock(end),
                            clock(end + back),
                            hhmm(t.shift.close)
                        )
                    };
                    let hint = if late_close > 0 {
                        "shorten min_stay_minutes (the shortest stay), widen the site's window, or start a team's shift earlier"
                    } else {
                        "shorten min_stay_minutes (the shortest stay), lengthen a team's shift, or station a team at a base nearer to it"
                    };
                    best = Some((
                        miss,
                        format!(
                            "team {} (shift {}-{}) arrives at {} ({go} min from base) for a shortest stay of {} minutes in the window {}-{}; {why}",
                            t.id,
                            hhmm(t.shift.open),
                            hhmm(t.shift.close),
                            clock(arrive),
                            site.min_stay,
                            hhmm(w.open),
                            hhmm(w.close),
                        ),
                        hint,
                    ));
                }
            }
            if fits {
                continue;
            }
            if !on_days {
                let names: Vec<&str> = (0..7)
                    .filter(|&w| avail[w])
                    .map(|w| calendar::WEEKDAYS[w])
                    .collect();
                self.sink.at(
                    loc,
                    "",
                    code::CANNOT_FIT,
                    format!(
                        "no team works on the days site `{}` ({}) is open ({})",
                        site.code,
                        site.name,
                        names.join("|")
                    ),
                    format!(
                        "give a team weekend_duty = [\"{}\"], or change the site's weekdays",
                        names[0]
                    ),
                );
            } else {
                self.sink.at(
                    loc,
                    "",
                    code::CANNOT_FIT,
                    format!(
                        "a visit to site `{}` ({}) cannot fit any team's shift: {}",
                        site.code,
                        site.name,
                        best.as_ref().map(|b| b.1.as_str()).unwrap_or_default()
                    ),
                    best.as_ref().map_or("", |b| b.2),
                );
            }
        }
    }
}

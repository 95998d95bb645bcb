//! `plan.json`: the complete plan with every time and expected activation, plus the
//! summary, for scripts, dashboards and the HTML report.

use super::summary::{Summary, route_expected};
use crate::plan::Plan;
use crate::problem::{Problem, hhmm};
use crate::response::Evaluation;
use chrono::NaiveDate;
use serde::Serialize;

/// The whole plan file.
#[derive(Debug, Clone, Serialize)]
pub struct PlanJson<'a> {
    pub summary: &'a Summary,
    pub routes: Vec<RouteJson>,
}

/// One team's day trip. Times are `HH:MM`.
#[derive(Debug, Clone, Serialize)]
pub struct RouteJson {
    pub date: NaiveDate,
    pub team: String,
    pub base: String,
    pub depart: String,
    pub back: String,
    pub travel_minutes: u32,
    pub km: f64,
    pub expected_activations: f64,
    pub stops: Vec<StopJson>,
}

/// One visit. `travel_minutes` is the drive into this stop.
#[derive(Debug, Clone, Serialize)]
pub struct StopJson {
    pub seq: usize,
    pub site_code: String,
    pub site_name: String,
    pub kind: &'static str,
    pub district: String,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub arrive: String,
    pub start: String,
    pub end: String,
    pub travel_minutes: u32,
    pub expected_activations: f64,
}

/// The plan as serializable data, routes sorted by date then team.
pub fn plan_json<'a>(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    summary: &'a Summary,
) -> PlanJson<'a> {
    let expected = route_expected(eval);
    let mut order: Vec<usize> = (0..plan.routes.len())
        .filter(|&r| !plan.routes[r].stops.is_empty())
        .collect();
    order.sort_by_key(|&r| (plan.routes[r].day, plan.routes[r].team));
    let routes = order
        .into_iter()
        .map(|r| {
            let route = &plan.routes[r];
            let legs = route.legs(p);
            let team = &p.teams[route.team];
            RouteJson {
                date: p.days[route.day].date,
                team: team.id.clone(),
                base: p.bases[team.base].id.clone(),
                depart: route.depart(p).map(hhmm).unwrap_or_default(),
                back: route.back(p).map(hhmm).unwrap_or_default(),
                travel_minutes: legs.iter().sum(),
                km: route.km(p),
                expected_activations: expected[r],
                stops: route
                    .stops
                    .iter()
                    .enumerate()
                    .map(|(k, s)| {
                        let site = &p.sites[s.site];
                        StopJson {
                            seq: k + 1,
                            site_code: site.code.clone(),
                            site_name: site.name.clone(),
                            kind: site.kind.name(),
                            district: p.districts[site.district].name.clone(),
                            lat: site.lat,
                            lon: site.lon,
                            arrive: hhmm(s.arrive),
                            start: hhmm(s.start),
                            end: hhmm(s.end),
                            travel_minutes: legs[k],
                            expected_activations: eval.per_stop[r][k],
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    PlanJson { summary, routes }
}

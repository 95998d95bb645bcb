//! Monthly Markdown plans (`YYYY-MM.md`): what a team leader prints and pins on the wall —
//! one table per working day with every team's stops and times, and the month's totals.

use super::summary::{Summary, route_expected};
use super::table::thousands;
use crate::plan::Plan;
use crate::problem::{Problem, hhmm};
use crate::response::Evaluation;
use std::fmt::Write;

/// `(month key, Markdown)` for every month of the horizon, in order.
pub fn monthly_markdown(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    summary: &Summary,
) -> Vec<(String, String)> {
    (0..p.months())
        .map(|m| (month_key(p, m), month_markdown(p, plan, eval, summary, m)))
        .collect()
}

fn month_key(p: &Problem, m: usize) -> String {
    let d = (0..p.days.len())
        .find(|&d| p.month_index(d) == m)
        .unwrap_or(0);
    p.month_key(d)
}

/// The Markdown plan of month `m` (0-based from the first month of the horizon).
pub fn month_markdown(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    summary: &Summary,
    m: usize,
) -> String {
    let expected = route_expected(eval);
    let days: Vec<usize> = (0..p.days.len())
        .filter(|&d| p.month_index(d) == m)
        .collect();
    let mut routes: Vec<usize> = (0..plan.routes.len())
        .filter(|&r| !plan.routes[r].stops.is_empty() && p.month_index(plan.routes[r].day) == m)
        .collect();
    routes.sort_by_key(|&r| (plan.routes[r].day, plan.routes[r].team));

    let mut out = String::new();
    let title = days.first().map_or(String::new(), |&d| {
        p.days[d].date.format("%B %Y").to_string()
    });
    let _ = writeln!(out, "# {} — plan for {}\n", cell(&p.name), title);
    let _ = writeln!(
        out,
        "Strategy `{}`, seed {}. Expected activations are forecasts of the response model.\n",
        summary.strategy, summary.seed
    );

    let visits: usize = routes.iter().map(|&r| plan.routes[r].stops.len()).sum();
    let gain: f64 = routes.iter().map(|&r| expected[r]).sum();
    let km: f64 = routes.iter().map(|&r| plan.routes[r].km(p)).sum();
    let _ = writeln!(out, "## Month totals\n");
    let _ = writeln!(out, "| Team-days | Visits | Expected activations | Km |");
    let _ = writeln!(out, "|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n",
        routes.len(),
        visits,
        thousands(gain),
        thousands(km)
    );
    if let Some(ms) = summary.months.get(m) {
        let _ = writeln!(
            out,
            "Forecast activated share at the end of the month: {:.1} % (target {:.1} %).\n",
            ms.cumulative_share * 100.0,
            summary.target_share * 100.0
        );
    }

    if routes.is_empty() {
        let _ = writeln!(out, "No visits are planned this month.");
        return out;
    }
    for &d in &days {
        let today: Vec<usize> = routes
            .iter()
            .copied()
            .filter(|&r| plan.routes[r].day == d)
            .collect();
        if today.is_empty() {
            continue;
        }
        let day = &p.days[d];
        let _ = writeln!(out, "## {}\n", day.date.format("%A %-d %B %Y"));
        let _ = writeln!(
            out,
            "| Team | # | Site | Code | District | Arrive | Start | End | Expected |"
        );
        let _ = writeln!(out, "|---|---:|---|---|---|---|---|---|---:|");
        for &r in &today {
            let route = &plan.routes[r];
            let team = &p.teams[route.team];
            for (k, s) in route.stops.iter().enumerate() {
                let site = &p.sites[s.site];
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {:.0} |",
                    cell(&team.id),
                    k + 1,
                    cell(&site.name),
                    cell(&site.code),
                    cell(&p.districts[site.district].name),
                    hhmm(s.arrive),
                    hhmm(s.start),
                    hhmm(s.end),
                    eval.per_stop[r][k]
                );
            }
        }
        let _ = writeln!(out);
        let trips: Vec<String> = today
            .iter()
            .map(|&r| {
                let route = &plan.routes[r];
                format!(
                    "{} leaves {} at {}, back at {}",
                    p.teams[route.team].id,
                    p.bases[p.teams[route.team].base].name,
                    route.depart(p).map(hhmm).unwrap_or_default(),
                    route.back(p).map(hhmm).unwrap_or_default()
                )
            })
            .collect();
        let _ = writeln!(out, "{}.\n", trips.join("; "));
    }
    out
}

/// Text safe inside a Markdown table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

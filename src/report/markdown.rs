//! Monthly Markdown plans (`YYYY-MM.md`): what a team leader prints and pins on the wall —
//! one table per working day with every team's stops and times, and the month's totals.

use super::summary::{Summary, route_expected};
use crate::i18n::Lang;
use crate::plan::Plan;
use crate::problem::Problem;
use crate::response::Evaluation;
use chrono::Datelike;
use std::fmt::Write;

/// `(month key, Markdown)` for every month of the horizon, in order, written in `lang`.
pub fn monthly_markdown(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    summary: &Summary,
    lang: Lang,
) -> Vec<(String, String)> {
    (0..p.months())
        .map(|m| {
            (
                month_key(p, m),
                month_markdown(p, plan, eval, summary, m, lang),
            )
        })
        .collect()
}

fn month_key(p: &Problem, m: usize) -> String {
    let d = (0..p.days.len())
        .find(|&d| p.month_index(d) == m)
        .unwrap_or(0);
    p.month_key(d)
}

/// The Markdown plan of month `m` (0-based from the first month of the horizon), written in
/// `lang`.
pub fn month_markdown(
    p: &Problem,
    plan: &Plan,
    eval: &Evaluation,
    summary: &Summary,
    m: usize,
    lang: Lang,
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
        let date = p.days[d].date;
        format!("{} {}", lang.month_name(date), date.year())
    });
    let _ = writeln!(
        out,
        "# {}\n",
        lang.fill("md_title", &[&cell(&p.name), &title])
    );
    let _ = writeln!(
        out,
        "{}\n",
        lang.fill("md_intro", &[&summary.strategy, &summary.seed])
    );

    let visits: usize = routes.iter().map(|&r| plan.routes[r].stops.len()).sum();
    let gain: f64 = routes.iter().map(|&r| expected[r]).sum();
    let km: f64 = routes.iter().map(|&r| plan.routes[r].km(p)).sum();
    let _ = writeln!(out, "## {}\n", lang.t("md_totals"));
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |",
        lang.t("md_team_days"),
        lang.t("visits"),
        lang.t("sum_expected"),
        lang.t("md_km")
    );
    let _ = writeln!(out, "|---:|---:|---:|---:|");
    let _ = writeln!(
        out,
        "| {} | {} | {} | {} |\n",
        routes.len(),
        visits,
        lang.int(gain),
        lang.int(km)
    );
    if let Some(ms) = summary.months.get(m) {
        let _ = writeln!(
            out,
            "{}\n",
            lang.fill(
                "md_share",
                &[
                    &lang.dec(ms.cumulative_share * 100.0, 1),
                    &lang.dec(summary.target_share * 100.0, 1)
                ]
            )
        );
    }

    if routes.is_empty() {
        let _ = writeln!(out, "{}", lang.t("md_no_visits"));
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
        let _ = writeln!(out, "## {}\n", lang.long_date(day.date));
        let _ = writeln!(
            out,
            "| {} | # | {} | {} | {} | {} | {} | {} | {} | {} |",
            lang.t("team"),
            lang.t("site"),
            lang.t("md_code"),
            lang.t("district"),
            lang.t("arrive"),
            lang.t("start"),
            lang.t("end"),
            lang.t("stay"),
            lang.t("sum_expected_col")
        );
        let _ = writeln!(out, "|---|---:|---|---|---|---|---|---|---:|---:|");
        for &r in &today {
            let route = &plan.routes[r];
            let team = &p.teams[route.team];
            for (k, s) in route.stops.iter().enumerate() {
                let site = &p.sites[s.site];
                let _ = writeln!(
                    out,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {:.0} |",
                    cell(&team.id),
                    k + 1,
                    cell(&site.name),
                    cell(&site.code),
                    cell(&p.districts[site.district].name),
                    lang.clock(s.arrive),
                    lang.clock(s.start),
                    lang.clock(s.end),
                    stay_text(s.end - s.start),
                    eval.per_stop[r][k]
                );
            }
        }
        let _ = writeln!(out);
        let trips: Vec<String> = today
            .iter()
            .map(|&r| {
                let route = &plan.routes[r];
                let clock = |m: Option<_>| m.map(|m| lang.clock(m)).unwrap_or_default();
                lang.fill(
                    if route.kit { "md_trip_kit" } else { "md_trip" },
                    &[
                        &p.teams[route.team].id,
                        &p.bases[p.teams[route.team].base].name,
                        &clock(route.depart(p)),
                        &clock(route.back(p)),
                    ],
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

/// A stay as hours and minutes: `3 h 25`, `45 min`.
fn stay_text(minutes: crate::problem::Minutes) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m:02}"),
    }
}

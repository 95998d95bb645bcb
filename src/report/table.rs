//! The terminal summary: key figures and per-district coverage as a plain fixed-width
//! table, readable in any terminal, log file or e-mail (no colours, no box drawing).

use super::summary::Summary;
use crate::i18n::Lang;
use std::fmt::Write;

/// The key figures of a plan and the coverage per district, as plain text, in English.
pub fn terminal_summary(s: &Summary) -> String {
    terminal_summary_in(s, Lang::En)
}

/// The key figures of a plan and the coverage per district, as plain text, in `lang`
/// (labels from [`crate::i18n`], numbers written the language's way).
pub fn terminal_summary_in(s: &Summary, lang: Lang) -> String {
    let int = |x: f64| lang.int(x);
    let pct = |x: f64| lang.dec(x * 100.0, 1);
    let horizon = match (s.start, s.end) {
        (Some(a), Some(b)) => lang.fill("sum_horizon_range", &[&a, &b]),
        _ => "-".into(),
    };
    let mut rows: Vec<(&str, String)> = Vec::new();
    rows.push((lang.t("sum_scenario"), s.scenario.clone()));
    rows.push((
        lang.t("strategy"),
        lang.fill("sum_strategy_value", &[&s.strategy, &s.seed]),
    ));
    rows.push((
        lang.t("sum_horizon"),
        lang.fill("sum_horizon_value", &[&horizon, &s.teams, &s.sites]),
    ));
    rows.push((
        lang.t("sum_expected"),
        lang.fill(
            "sum_expected_value",
            &[&int(s.expected_activations), &int(s.objective)],
        ),
    ));
    rows.push((
        lang.t("bound"),
        match (s.bound, s.gap) {
            (Some(b), Some(g)) => lang.fill("sum_bound_gap", &[&int(b), &pct(g)]),
            (Some(b), None) => int(b),
            _ => lang.t("sum_not_computed").into(),
        },
    ));
    rows.push((
        lang.t("sum_forecast"),
        lang.fill(
            "sum_forecast_value",
            &[
                &pct(s.forecast_share),
                &int(s.eligible),
                &pct(s.target_share),
                &lang.t(if s.target_met {
                    "sum_met"
                } else {
                    "sum_not_met"
                }),
            ],
        ),
    ));
    rows.push((
        lang.t("sum_from_start"),
        format!(
            "{} / {}",
            int(s.activated_at_start),
            int(s.organic_activations)
        ),
    ));
    rows.push((lang.t("sum_needed"), int(s.activations_needed)));
    rows.push((
        lang.t("target_date"),
        s.target_date
            .map_or(lang.t("sum_not_within").into(), |d| d.to_string()),
    ));
    rows.push((
        lang.t("sum_visits"),
        lang.fill(
            "sum_visits_value",
            &[&s.visits, &s.team_days, &s.sites_visited, &s.sites],
        ),
    ));
    rows.push((
        lang.t("sum_travel"),
        lang.fill(
            "sum_travel_value",
            &[
                &pct(s.travel_share),
                &(s.travel_minutes / 60),
                &(s.service_minutes / 60),
                &(s.waiting_minutes / 60),
            ],
        ),
    ));
    rows.push((
        lang.t("sum_idle"),
        lang.fill(
            "sum_idle_value",
            &[&(s.idle_minutes / 60), &s.team_days, &s.idle_team_days],
        ),
    ));
    let why = idle_why(&s.idle_team_days_by_reason, lang);
    if !why.is_empty() {
        rows.push((lang.t("sum_idle_why"), why));
    }
    rows.push((
        lang.t("sum_distance"),
        lang.fill("sum_distance_value", &[&int(s.km), &int(s.cost)]),
    ));
    if !s.unvisited.is_empty() {
        let list: Vec<String> = s
            .unvisited
            .iter()
            .map(|(reason, n)| format!("{n} {}", reason_words(reason, lang)))
            .collect();
        rows.push((lang.t("sum_left_out"), list.join(", ")));
    }
    let limit = s
        .time_limit_s
        .map_or(String::new(), |t| lang.fill("sum_limit", &[&lang.num(t)]));
    rows.push((
        lang.t("sum_run"),
        lang.fill(
            "sum_run_value",
            &[&lang.dec(s.runtime_s, 2), &s.iterations, &s.threads, &limit],
        ),
    ));

    let mut out = String::new();
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0)
        .max(24);
    for (label, value) in &rows {
        let _ = writeln!(out, "  {label:<width$} {value}");
    }

    let _ = writeln!(out);
    let headers = [
        lang.t("sites"),
        lang.t("visited"),
        lang.t("visits"),
        lang.t("sum_pool"),
        lang.t("sum_expected_col"),
        lang.t("coverage"),
    ];
    // Column widths of the English table, widened for longer words.
    let w: Vec<usize> = [6, 8, 7, 10, 10, 9]
        .iter()
        .zip(headers)
        .map(|(&w, h)| w.max(h.chars().count()))
        .collect();
    let name_width = s
        .districts
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 28)
        .max(lang.t("district").chars().count());
    let _ = writeln!(
        out,
        "  {:<name_width$} {:>w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {:>w5$}",
        lang.t("district"),
        headers[0],
        headers[1],
        headers[2],
        headers[3],
        headers[4],
        headers[5],
        w0 = w[0],
        w1 = w[1],
        w2 = w[2],
        w3 = w[3],
        w4 = w[4],
        w5 = w[5],
    );
    for d in &s.districts {
        let name: String = d.name.chars().take(name_width).collect();
        let _ = writeln!(
            out,
            "  {:<name_width$} {:>w0$} {:>w1$} {:>w2$} {:>w3$} {:>w4$} {:>w5m$}%",
            name,
            d.sites,
            d.visited_sites,
            d.visits,
            int(d.pool),
            int(d.expected),
            pct(d.coverage),
            w0 = w[0],
            w1 = w[1],
            w2 = w[2],
            w3 = w[3],
            w4 = w[4],
            w5m = w[5] - 1,
        );
    }
    // Equity floors: each district's minimum coverage and whether the plan reaches it.
    for d in &s.districts {
        if let (Some(floor), Some(met)) = (d.floor_share, d.floor_met) {
            let _ = writeln!(
                out,
                "  {} {}: {}% {} {}% ({})",
                lang.t("floor"),
                d.name,
                pct(floor),
                if met { "≤" } else { ">" },
                pct(d.coverage),
                lang.t(if met { "floor_met" } else { "floor_short" }),
            );
        }
    }
    out
}

/// A reason code of `unvisited.csv` in words (in English, the code itself).
/// `504 sites in reach at visit limit or gap, …` for the idle team-days by
/// reason, in the order of `IDLE_REASONS`; empty when there are none.
pub fn idle_why(by_reason: &std::collections::BTreeMap<String, usize>, lang: Lang) -> String {
    let parts: Vec<String> = crate::report::summary::IDLE_REASONS
        .iter()
        .filter_map(|(code, _)| {
            let n = by_reason.get(*code).copied().unwrap_or(0);
            let words = lang
                .get(&format!("idle_{}", code.replace('-', "_")))
                .unwrap_or(code);
            (n > 0).then(|| format!("{n} {words}"))
        })
        .collect();
    parts.join(", ")
}

fn reason_words(code: &str, lang: Lang) -> &str {
    lang.get(&format!("reason_{}", code.replace('-', "_")))
        .unwrap_or(code)
}

/// A number rounded to an integer with thousands separators as in the English reports:
/// `12 345`.
pub fn thousands(x: f64) -> String {
    Lang::En.int(x)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1234.0), "1 234");
        assert_eq!(thousands(-1234567.0), "-1 234 567");
        assert_eq!(thousands(f64::NAN), "-");
    }

    #[test]
    fn indonesian_summary_keeps_the_columns_aligned() {
        use crate::report::summary::{RunInfo, Summary};
        use crate::response::evaluate;

        use crate::synthetic::{Shape, random_problem};
        let p = random_problem(3, &Shape::default());
        let plan = crate::constructive::greedy::solve(&p).plan;
        assert!(crate::checker::check(&p, &plan).is_empty());
        let run = RunInfo {
            strategy: "greedy".into(),
            seed: 1,
            runtime_s: 0.5,
            iterations: 0,
            threads: 1,
            time_limit_s: Some(2.5),
        };
        let s = Summary::new(&p, &plan, &evaluate(&p, &plan), &run);
        assert_eq!(terminal_summary(&s), terminal_summary_in(&s, Lang::En));
        let text = terminal_summary_in(&s, Lang::Id);
        assert!(text.contains("batas 2,5 detik"), "{text}");
        // The district table's rows are as wide as its (longer) Indonesian header.
        let (_, table) = text.split_once("\n\n").unwrap();
        let width = |l: &str| l.chars().count();
        let widths: Vec<usize> = table.lines().map(width).collect();
        assert!(
            widths.len() > 1 && widths.iter().all(|&w| w == widths[0]),
            "{table}"
        );
        assert!(table.lines().nth(1).unwrap().ends_with('%'), "{table}");
    }
}

//! The terminal summary: key figures and per-district coverage as a plain fixed-width
//! table, readable in any terminal, log file or e-mail (no colours, no box drawing).

use super::summary::Summary;
use std::fmt::Write;

/// The key figures of a plan and the coverage per district, as plain text.
pub fn terminal_summary(s: &Summary) -> String {
    let mut out = String::new();
    let horizon = match (s.start, s.end) {
        (Some(a), Some(b)) => format!("{a} .. {b}"),
        _ => "-".into(),
    };
    let mut row = |label: &str, value: String| {
        let _ = writeln!(out, "  {label:<24} {value}");
    };
    row("Scenario", s.scenario.clone());
    row("Strategy", format!("{} (seed {})", s.strategy, s.seed));
    row(
        "Horizon",
        format!("{horizon}, {} teams, {} sites", s.teams, s.sites),
    );
    row(
        "Expected activations",
        format!(
            "{} (objective {})",
            thousands(s.expected_activations),
            thousands(s.objective)
        ),
    );
    row(
        "Upper bound",
        match (s.bound, s.gap) {
            (Some(b), Some(g)) => format!("{} (gap {:.1} %)", thousands(b), g * 100.0),
            (Some(b), None) => thousands(b),
            _ => "not computed".into(),
        },
    );
    row(
        "Forecast share",
        format!(
            "{:.1} % of {} eligible (target {:.1} %: {})",
            s.forecast_share * 100.0,
            thousands(s.eligible),
            s.target_share * 100.0,
            if s.target_met { "met" } else { "not met" }
        ),
    );
    row(
        "  from start / walk-ins",
        format!(
            "{} / {}",
            thousands(s.activated_at_start),
            thousands(s.organic_activations)
        ),
    );
    row("  needed from teams", thousands(s.activations_needed));
    row(
        "Target reached on",
        s.target_date
            .map_or("not within the horizon".into(), |d| d.to_string()),
    );
    row(
        "Visits / team-days",
        format!(
            "{} / {} ({} of {} sites visited)",
            s.visits, s.team_days, s.sites_visited, s.sites
        ),
    );
    row(
        "Travel share",
        format!(
            "{:.1} % ({} h driving, {} h on site, {} h waiting)",
            s.travel_share * 100.0,
            s.travel_minutes / 60,
            s.service_minutes / 60,
            s.waiting_minutes / 60
        ),
    );
    row(
        "Distance / cost",
        format!("{} km / Rp {}", thousands(s.km), thousands(s.cost)),
    );
    if !s.unvisited.is_empty() {
        let list: Vec<String> = s
            .unvisited
            .iter()
            .map(|(reason, n)| format!("{n} {reason}"))
            .collect();
        row("Left out (unvisited.csv)", list.join(", "));
    }
    row(
        "Run",
        format!(
            "{:.2} s, {} iterations, {} thread(s){}",
            s.runtime_s,
            s.iterations,
            s.threads,
            s.time_limit_s
                .map_or(String::new(), |t| format!(", limit {t} s"))
        ),
    );

    let _ = writeln!(out);
    let name_width = s
        .districts
        .iter()
        .map(|d| d.name.chars().count())
        .max()
        .unwrap_or(0)
        .clamp(8, 28);
    let _ = writeln!(
        out,
        "  {:<name_width$} {:>6} {:>8} {:>7} {:>10} {:>10} {:>9}",
        "District", "Sites", "Visited", "Visits", "Pool", "Expected", "Coverage"
    );
    for d in &s.districts {
        let name: String = d.name.chars().take(name_width).collect();
        let _ = writeln!(
            out,
            "  {:<name_width$} {:>6} {:>8} {:>7} {:>10} {:>10} {:>8.1}%",
            name,
            d.sites,
            d.visited_sites,
            d.visits,
            thousands(d.pool),
            thousands(d.expected),
            d.coverage * 100.0
        );
    }
    out
}

/// A number rounded to an integer with thin thousands separators: `12 345`.
pub fn thousands(x: f64) -> String {
    if !x.is_finite() {
        return "-".into();
    }
    let n = x.round() as i64;
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
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
}

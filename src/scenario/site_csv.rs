//! Site CSV files → [`SiteSpec`] rows. Planners keep village lists in spreadsheets; each
//! row becomes the same `SiteSpec` an inline `[[sites]]` entry gives, remembering its row
//! so that later checks name `file:line: row N: column`.

use super::diagnostics::{Loc, Sink};
use super::read::SITE;
use super::table;
use crate::scenario::file::SiteSpec;
use std::path::Path;

/// Columns a site CSV must have.
pub const REQUIRED: &[&str] = &["code", "name", "kind", "district", "eligible"];

/// Reads site CSV file number `index` of `scenario.site_files`.
pub(crate) fn read_csv(
    scenario: &Path,
    name: &str,
    index: usize,
    sink: &mut Sink,
) -> Vec<(SiteSpec, Loc)> {
    let optional: Vec<&str> = SITE
        .iter()
        .copied()
        .filter(|c| !REQUIRED.contains(c))
        .collect();
    let field = format!("scenario.site_files[{index}]");
    let Some(csv) = table::read(scenario, name, &field, REQUIRED, &optional, sink) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(csv.rows.len());
    for row in &csv.rows {
        let loc = csv.loc(row.0);
        let text = |c: &str| csv.text(&row.1, c).map(String::from);
        let missing = |c: &str, sink: &mut Sink| {
            let v = text(c);
            if v.is_none() {
                sink.at(
                    &loc,
                    c,
                    super::diagnostics::code::MISSING_FIELD,
                    format!("`{c}` is empty"),
                    format!("fill in `{c}` on this row"),
                );
            }
            v.unwrap_or_default()
        };
        let code = missing("code", sink);
        let name = missing("name", sink);
        let kind = missing("kind", sink);
        let district = missing("district", sink);
        let eligible = match csv.text(&row.1, "eligible") {
            None => {
                missing("eligible", sink);
                0.0
            }
            Some(_) => csv.count(row, "eligible", sink).unwrap_or(0.0),
        };
        let spec = SiteSpec {
            code,
            name,
            kind,
            district,
            lat: csv.number(row, "lat", sink),
            lon: csv.number(row, "lon", sink),
            node: text("node"),
            eligible,
            activated: csv.count(row, "activated", sink).unwrap_or(0.0),
            reach: csv.number(row, "reach", sink),
            connectivity: csv.number(row, "connectivity", sink),
            minutes_per_activation: csv.number(row, "minutes_per_activation", sink),
            visit_minutes: csv.integer(row, "visit_minutes", sink),
            min_stay_minutes: csv.integer(row, "min_stay_minutes", sink),
            max_stay_minutes: csv.integer(row, "max_stay_minutes", sink),
            turnout_minutes: csv.number(row, "turnout_minutes", sink),
            fatigue: csv.number(row, "fatigue", sink),
            max_visits: csv.integer(row, "max_visits", sink),
            min_gap_days: csv.integer(row, "min_gap_days", sink),
            weight: csv.number(row, "weight", sink),
            weekdays: text("weekdays"),
            window: text("window"),
            from: text("from"),
            until: text("until"),
        };
        out.push((spec, loc));
    }
    out
}

//! Reading the actuals: `site_code,date,activations` rows recorded in the field, used by
//! `jemput plan --actuals` to re-plan from a date.
//!
//! Every bad row is reported with its line and column. Activations are whole counts written
//! without separators: `3.200` or `3,200` (Indonesian or English thousands) is refused
//! rather than read as 3.2 or 3200.

use super::diagnostics::{Diagnostic, code};
use super::table::parse_count as count;
use crate::problem::Problem;
use chrono::NaiveDate;
use std::path::Path;

/// Activations recorded at a site on a date (one row of the actuals CSV).
#[derive(Debug, Clone, PartialEq)]
pub struct Actual {
    pub site: usize,
    pub date: NaiveDate,
    pub activations: f64,
}

/// Reads `site_code,date,activations` rows; every bad row is reported with its line.
pub fn read_actuals(p: &Problem, path: &Path) -> Result<Vec<Actual>, Vec<Diagnostic>> {
    let diag =
        |code: &'static str, line: Option<usize>, field: &str, message: String, hint: &str| {
            Diagnostic {
                code,
                file: path.to_path_buf(),
                line,
                field: field.to_string(),
                message,
                hint: hint.to_string(),
            }
        };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| {
            vec![diag(
                code::FILE_MISSING,
                None,
                "",
                format!("cannot read actuals: {e}"),
                "check the path given to --actuals",
            )]
        })?;
    let headers = reader
        .headers()
        .map_err(|e| {
            vec![diag(
                code::CSV_SYNTAX,
                Some(1),
                "",
                format!("cannot read the header: {e}"),
                "save the file as CSV (UTF-8, comma-separated)",
            )]
        })?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(c_site), Some(c_date), Some(c_act)) =
        (col("site_code"), col("date"), col("activations"))
    else {
        return Err(vec![diag(
            code::CSV_MISSING_COLUMN,
            Some(1),
            "",
            format!(
                "actuals need the columns site_code,date,activations (found: {})",
                headers.iter().collect::<Vec<_>>().join(",")
            ),
            "the first line must be: site_code,date,activations",
        )]);
    };
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in reader.records().enumerate() {
        let line = Some(i + 2);
        let row = match row {
            Ok(r) => r,
            Err(e) => {
                errors.push(diag(
                    code::CSV_SYNTAX,
                    line,
                    "",
                    format!("unreadable row: {e}"),
                    "each row needs the same columns as the header",
                ));
                continue;
            }
        };
        let code = row.get(c_site).unwrap_or("");
        let site = p.sites.iter().position(|s| s.code == code);
        if site.is_none() {
            errors.push(diag(
                code::UNKNOWN_REFERENCE,
                line,
                "site_code",
                format!("site_code `{code}` is not a site of the scenario"),
                "check the code against the site list",
            ));
        }
        let date = NaiveDate::parse_from_str(row.get(c_date).unwrap_or(""), "%Y-%m-%d");
        if date.is_err() {
            errors.push(diag(
                code::BAD_DATE,
                line,
                "date",
                format!(
                    "date `{}` is not a date like 2024-08-01",
                    row.get(c_date).unwrap_or("")
                ),
                "write dates as YYYY-MM-DD",
            ));
        }
        let text = row.get(c_act).unwrap_or("");
        let act = count(text);
        if act.is_none() {
            errors.push(diag(
                code::CSV_BAD_VALUE,
                line,
                "activations",
                format!("activations `{text}` must be a whole number ≥ 0"),
                "write the count without separators, e.g. 3200 (not 3.200 or 3,200)",
            ));
        }
        if let (Some(site), Ok(date), Some(activations)) = (site, date, act) {
            out.push(Actual {
                site,
                date,
                activations,
            });
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::count;

    #[test]
    fn counts_refuse_separators_and_fractions() {
        assert_eq!(count("3200"), Some(3200.0));
        assert_eq!(count(" 0 "), Some(0.0));
        for bad in ["3.200", "3,200", "0,5", "1.5", "-3", "", "1e3", "3 200"] {
            assert_eq!(count(bad), None, "{bad}");
        }
    }
}

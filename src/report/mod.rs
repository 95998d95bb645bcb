//! Reports of a plan: the key figures ([`Summary`]), the terminal table, and the files a
//! planner works with — `plan.csv` (editable, read back by `jemput evaluate`), `plan.json`,
//! `summary.json` and one printable Markdown plan per month.
//!
//! Everything here is computed from the `Problem`, the `Plan` and the response model's
//! `Evaluation`; no report recomputes expected activations on its own.

pub mod json;
pub mod markdown;
pub mod plan_csv;
pub mod summary;
pub mod table;
pub mod unvisited;
pub mod write;

pub use json::{PlanJson, plan_json};
pub use markdown::{month_markdown, monthly_markdown};
pub use plan_csv::plan_csv;
pub use summary::{
    DistrictSummary, MonthSummary, RunInfo, Summary, date_reaching, forecast_curve, route_expected,
    time_split,
};
pub use table::{terminal_summary, terminal_summary_in};
pub use unvisited::{Unvisited, unvisited, unvisited_csv};
pub use write::{MANIFEST, render_all, render_all_in, write_all, write_atomic, write_files};

use std::path::PathBuf;

/// Why the plan files could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot create the output folder {path}: {source}; choose another --out folder")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}; check the folder is writable or choose another --out")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}; check its permissions or choose another --out")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{path} was changed after jemput wrote it, or was not written by jemput; \
         not overwriting a planner's edits: check it with `jemput evaluate`, move it away, \
         or use --force or another --out folder"
    )]
    WouldOverwriteEdited { path: PathBuf },
    #[error(
        "{path} is not a readable jemput manifest ({message}); delete it, \
         or use --force or another --out folder"
    )]
    BadManifest { path: PathBuf, message: String },
}

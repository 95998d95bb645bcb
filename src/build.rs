//! Scenario file → validated [`crate::problem::Problem`] (in progress).

use std::fmt;

/// Every problem found in a scenario, each naming file, line, field and a fix.
#[derive(Debug, Clone, Default)]
pub struct Diagnostics(pub Vec<String>);

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

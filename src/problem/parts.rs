//! Building a [`Problem`]: the one constructor and the invariants it guarantees.
//!
//! Every problem — loaded from a scenario, generated, cut for re-planning, changed by a
//! what-it-takes lever — goes through [`Problem::new`], which checks what every part of
//! jemput relies on (indices in range, a travel matrix of the right size, consecutive days,
//! rates and shares that are rates and shares). A problem that exists is valid; solver code
//! never re-checks it. The scenario's own checks (with file, line and hint) run before, in
//! [`crate::scenario`]; a problem refused here after those checks is a bug in jemput.

use super::*;
use std::fmt;

/// The parts of a [`Problem`], open for building and editing; [`Problem::new`] checks them.
#[derive(Debug, Clone, PartialEq)]
pub struct ProblemParts {
    pub name: String,
    pub seed: u64,
    pub days: Vec<Day>,
    /// Office working weekdays (for walk-in activations), Monday = 0.
    pub office_weekdays: [bool; 7],
    pub target: Target,
    pub districts: Vec<District>,
    pub bases: Vec<Base>,
    pub teams: Vec<Team>,
    pub sites: Vec<Site>,
    pub travel: Travel,
    pub kits: Kits,
}

/// Why a set of parts is not a problem: the part and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidProblem {
    /// The part, e.g. `sites[3].reach` or `travel`.
    pub field: String,
    pub message: String,
}

impl fmt::Display for InvalidProblem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "invalid problem: {}: {}", self.field, self.message)
    }
}

impl std::error::Error for InvalidProblem {}

fn invalid(field: impl Into<String>, message: impl Into<String>) -> InvalidProblem {
    InvalidProblem {
        field: field.into(),
        message: message.into(),
    }
}

/// `x` is a finite number ≥ 0.
fn amount(field: &str, x: f64) -> Result<(), InvalidProblem> {
    if x.is_finite() && x >= 0.0 {
        Ok(())
    } else {
        Err(invalid(field, format!("{x} is not a finite number ≥ 0")))
    }
}

/// `x` is in `[0, 1]`.
fn rate(field: &str, x: f64) -> Result<(), InvalidProblem> {
    if (0.0..=1.0).contains(&x) {
        Ok(())
    } else {
        Err(invalid(field, format!("{x} is not between 0 and 1")))
    }
}

fn check(q: &ProblemParts) -> Result<(), InvalidProblem> {
    let places = q.bases.len() + q.sites.len();
    if q.travel.n != places {
        return Err(invalid(
            "travel",
            format!(
                "covers {} places, but there are {} bases and {} sites",
                q.travel.n,
                q.bases.len(),
                q.sites.len()
            ),
        ));
    }
    for (d, w) in q.days.windows(2).enumerate() {
        if w[0].date.succ_opt() != Some(w[1].date) {
            return Err(invalid(
                format!("days[{}]", d + 1),
                format!("{} does not follow {}", w[1].date, w[0].date),
            ));
        }
    }
    for (d, day) in q.days.iter().enumerate() {
        if day.weekday != weekday_index(day.date) {
            return Err(invalid(
                format!("days[{d}].weekday"),
                format!("{} is not the weekday of {}", day.weekday, day.date),
            ));
        }
    }
    let t = &q.target;
    amount("target.eligible", t.eligible)?;
    amount("target.activated", t.activated)?;
    rate("target.share", t.share)?;
    amount("target.organic_per_day", t.organic_per_day)?;
    rate("kits.connectivity", q.kits.connectivity)?;
    for (i, team) in q.teams.iter().enumerate() {
        if team.base >= q.bases.len() {
            return Err(invalid(
                format!("teams[{i}].base"),
                format!("base {} of {}", team.base, q.bases.len()),
            ));
        }
        if team.shift.open > team.shift.close {
            return Err(invalid(
                format!("teams[{i}].shift"),
                "closes before it opens",
            ));
        }
        amount(&format!("teams[{i}].cost_per_km"), team.cost_per_km)?;
        amount(&format!("teams[{i}].cost_per_day"), team.cost_per_day)?;
    }
    for (i, s) in q.sites.iter().enumerate() {
        let f = |name: &str| format!("sites[{i}].{name}");
        if s.district >= q.districts.len() {
            return Err(invalid(
                f("district"),
                format!("district {} of {}", s.district, q.districts.len()),
            ));
        }
        amount(&f("eligible"), s.eligible)?;
        amount(&f("pool"), s.pool)?;
        rate(&f("reach"), s.reach)?;
        rate(&f("fatigue"), s.fatigue)?;
        rate(&f("connectivity"), s.connectivity)?;
        amount(&f("weight"), s.weight)?;
        if !(s.minutes_per_activation.is_finite() && s.minutes_per_activation > 0.0) {
            return Err(invalid(
                f("minutes_per_activation"),
                format!("{} is not a positive number", s.minutes_per_activation),
            ));
        }
        if s.min_stay > s.max_stay {
            return Err(invalid(
                f("max_stay"),
                format!("{} is shorter than min_stay {}", s.max_stay, s.min_stay),
            ));
        }
        amount(&f("turnout_minutes"), s.turnout_minutes)?;
        if s.min_gap_days == 0 {
            return Err(invalid(f("min_gap_days"), "must be at least 1"));
        }
        if s.window.open > s.window.close {
            return Err(invalid(f("window"), "closes before it opens"));
        }
        if s.max_visits > 0 && s.last_day >= q.days.len() {
            return Err(invalid(
                f("last_day"),
                format!("day {} of a {}-day horizon", s.last_day, q.days.len()),
            ));
        }
    }
    Ok(())
}

impl Problem {
    /// The problem made of `parts`, or the first part that breaks an invariant.
    pub fn new(parts: ProblemParts) -> Result<Problem, InvalidProblem> {
        check(&parts)?;
        Ok(Problem { parts })
    }

    /// A copy of the parts, to build a changed problem from.
    pub fn to_parts(&self) -> ProblemParts {
        self.parts.clone()
    }

    /// The parts, without copying.
    pub fn into_parts(self) -> ProblemParts {
        self.parts
    }

    /// A new problem: this one with `edit` applied to a copy of its parts, checked again.
    pub fn edited(&self, edit: impl FnOnce(&mut ProblemParts)) -> Result<Problem, InvalidProblem> {
        let mut parts = self.to_parts();
        edit(&mut parts);
        Problem::new(parts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::synthetic::{Shape, random_problem};

    fn refused(p: &Problem, edit: impl FnOnce(&mut ProblemParts)) -> String {
        p.edited(edit)
            .expect_err("the edit breaks an invariant")
            .field
    }

    #[test]
    fn parts_round_trip_and_each_invariant_is_enforced() {
        let p = random_problem(3, &Shape::default());
        assert_eq!(Problem::new(p.to_parts()).as_ref(), Ok(&p));
        assert_eq!(p.edited(|_| {}).as_ref(), Ok(&p));
        assert_eq!(refused(&p, |q| q.bases.push(q.bases[0].clone())), "travel");
        assert_eq!(
            refused(&p, |q| {
                q.days.remove(1);
            }),
            "days[1]"
        );
        assert_eq!(
            refused(&p, |q| q.days[2].weekday = (q.days[2].weekday + 1) % 7),
            "days[2].weekday"
        );
        assert_eq!(refused(&p, |q| q.target.share = 1.5), "target.share");
        assert_eq!(
            refused(&p, |q| q.target.eligible = f64::NAN),
            "target.eligible"
        );
        let bases = p.bases.len();
        assert_eq!(refused(&p, |q| q.teams[0].base = bases), "teams[0].base");
        assert_eq!(refused(&p, |q| q.sites[1].reach = 1.01), "sites[1].reach");
        assert_eq!(refused(&p, |q| q.sites[1].pool = -1.0), "sites[1].pool");
        assert_eq!(
            refused(&p, |q| q.sites[0].min_gap_days = 0),
            "sites[0].min_gap_days"
        );
        assert_eq!(
            refused(&p, |q| q.sites[0].minutes_per_activation = 0.0),
            "sites[0].minutes_per_activation"
        );
        let districts = p.districts.len();
        assert_eq!(
            refused(&p, |q| q.sites[2].district = districts),
            "sites[2].district"
        );
        let days = p.days.len();
        assert_eq!(
            refused(&p, |q| q.sites[2].last_day = days),
            "sites[2].last_day"
        );
        // A site that can no longer be visited may keep any day range (re-planning makes them).
        assert!(
            p.edited(|q| {
                q.sites[2].max_visits = 0;
                q.sites[2].last_day = days + 5;
            })
            .is_ok()
        );
    }
}

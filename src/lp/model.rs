//! The general LP solvers (clarabel, or HiGHS with `--features highs`) through good_lp:
//! the relaxation's [`Form`] as it is — one variable per column with its bounds, one
//! equality per site block, the month rows with their senses — and the dual prices read
//! back from the rows the form names.

use super::Backend;
use super::data::Data;
use super::dual::Prices;
use super::form::{Column, Form, NO_BLOCK, Row};
use good_lp::constraint::ConstraintReference;
use good_lp::{
    Constraint, DualValues, Expression, ProblemVariables, Solution, SolutionWithDual, SolverModel,
    Variable, variable,
};

/// What the LP gave: its objective, the visits per site and month, the dual prices and the
/// backend's status.
pub struct LpResult {
    pub objective: f64,
    pub visits: Vec<Vec<f64>>,
    pub prices: Prices,
    pub status: String,
    /// Solved to optimality (false: stopped at a deadline; the prices still give a valid,
    /// looser bound and `objective` is not the LP's optimum).
    pub optimal: bool,
}

/// The form as good_lp variables, objective and constraints (block rows first, then the
/// month rows in the form's order).
struct Built {
    vars: ProblemVariables,
    objective: Expression,
    z: Vec<Variable>,
    constraints: Vec<Constraint>,
    /// Index in `constraints` of month row `i`.
    month_rows: usize,
}

fn build(f: &Form) -> Built {
    let mut vars = ProblemVariables::new();
    let z: Vec<Variable> = (0..f.columns())
        .map(|j| {
            let v = variable().min(0.0);
            vars.add(if f.upper[j].is_finite() {
                v.max(f.upper[j])
            } else {
                v
            })
        })
        .collect();
    let mut objective = Expression::from(0.0);
    let mut blocks: Vec<Expression> = vec![Expression::from(0.0); f.blocks()];
    let mut rows: Vec<Expression> = vec![Expression::from(0.0); f.month_rows()];
    for j in 0..f.columns() {
        if f.gain[j] != 0.0 {
            objective += f.gain[j] * z[j];
        }
        if f.block[j] != NO_BLOCK {
            blocks[f.block[j] as usize] += f.block_coef[j] * z[j];
        }
        for &(row, v) in f.col(j) {
            rows[row as usize] += v * z[j];
        }
    }
    let mut constraints: Vec<Constraint> = blocks.into_iter().map(|e| e.eq(0.0)).collect();
    let month_rows = constraints.len();
    for (i, e) in rows.into_iter().enumerate() {
        constraints.push(if f.row[i].is_equality() {
            e.eq(f.rhs[i])
        } else {
            e.leq(f.rhs[i])
        });
    }
    Built {
        vars,
        objective,
        z,
        constraints,
        month_rows,
    }
}

/// Reads the solution and duals, whatever the backend.
fn read<S>(
    d: &Data,
    f: &Form,
    b: &Built,
    refs: &[ConstraintReference],
    solution: &S,
    duals: impl DualValues,
) -> LpResult
where
    S: Solution,
{
    let objective = (0..f.columns())
        .map(|j| f.gain[j] * solution.value(b.z[j]))
        .sum();
    let mut visits = vec![vec![0.0; d.months]; d.gains.len()];
    for r in 0..f.blocks() {
        for j in f.block_cols[r]..f.block_cols[r + 1] {
            if let Column::Visit { month, .. } = f.column[j] {
                visits[f.site_of_block[r]][month] += solution.value(b.z[j]).max(0.0);
            }
        }
    }
    let mut prices = Prices::zero(d);
    for (i, row) in f.row.iter().enumerate() {
        let price = || duals.dual(refs[b.month_rows + i].clone()).abs();
        match *row {
            Row::Minutes { month } => prices.minute[month] = price(),
            Row::Days { month } => prices.day[month] = price(),
            Row::Kits { month } => prices.kit[month] = price(),
            Row::Slots { month, k } => prices.slot[month][k] = price(),
            Row::Bucket { .. } => {}
        }
    }
    LpResult {
        objective,
        visits,
        prices,
        status: String::new(),
        optimal: true,
    }
}

/// Adds the constraints to `model` and solves it.
fn run<M>(
    mut model: M,
    constraints: Vec<Constraint>,
    backend: &str,
) -> Result<(M::Solution, Vec<ConstraintReference>), String>
where
    M: SolverModel,
    M::Error: std::fmt::Display,
{
    let refs: Vec<ConstraintReference> = constraints
        .into_iter()
        .map(|c| model.add_constraint(c))
        .collect();
    let solution = model
        .solve()
        .map_err(|e| format!("{backend} could not solve the LP: {e}"))?;
    Ok((solution, refs))
}

/// Solves the LP of `d` with `backend`.
pub fn solve(d: &Data, form: &Form, backend: Backend) -> Result<LpResult, String> {
    let mut b = build(form);
    let vars = std::mem::take(&mut b.vars);
    let objective = std::mem::take(&mut b.objective);
    let constraints = std::mem::take(&mut b.constraints);
    match backend {
        Backend::Native => Err("the native interior point is not a good_lp backend".into()),
        Backend::Clarabel => {
            let model = vars.maximise(objective).using(good_lp::clarabel);
            let (mut solution, refs) = run(model, constraints, "clarabel")?;
            let status = format!("clarabel: {:?}", solution.inner().status);
            let duals = solution.compute_dual();
            let mut r = read(d, form, &b, &refs, duals, duals);
            r.status = status;
            Ok(r)
        }
        #[cfg(feature = "highs")]
        Backend::Highs => {
            let model = vars.maximise(objective).using(good_lp::highs);
            let (mut solution, refs) = run(model, constraints, "HiGHS")?;
            let status = format!("highs: {:?}", solution.status());
            let duals = solution.compute_dual();
            let mut r = read(d, form, &b, &refs, duals, duals);
            r.status = status;
            Ok(r)
        }
    }
}

//! The LP itself (good_lp): segment variables for each site's diminishing gains, visits per
//! site and month, the month rows for team-minutes, team-day slots and team-days.

use super::Backend;
use super::data::Data;
use super::dual::Prices;
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

struct Built {
    vars: ProblemVariables,
    objective: Expression,
    segments: Vec<Vec<(Variable, f64)>>,
    x: Vec<Vec<Option<Variable>>>,
    constraints: Vec<Constraint>,
    /// Index in `constraints` of each month's minutes row, and of each slot row.
    minute_rows: Vec<Option<usize>>,
    slot_rows: Vec<Vec<Option<usize>>>,
    day_rows: Vec<Option<usize>>,
}

fn build(d: &Data) -> Built {
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::from(0.0);
    let mut segments = Vec::with_capacity(d.gains.len());
    let mut x = Vec::with_capacity(d.gains.len());
    let mut constraints = Vec::new();
    let mut minute_expr: Vec<Expression> = vec![Expression::from(0.0); d.months];
    let mut minute_used = vec![false; d.months];
    let mut bucket_expr: Vec<Vec<Expression>> =
        vec![vec![Expression::from(0.0); d.thresholds.len()]; d.months];
    let mut bucket_used = vec![vec![false; d.thresholds.len()]; d.months];
    let day_rows_wanted = d.has_day_rows();
    let mut day_expr: Vec<Expression> = vec![Expression::from(0.0); d.months];
    for s in 0..d.gains.len() {
        let segs: Vec<(Variable, f64)> = d.gains[s]
            .iter()
            .map(|&g| (vars.add(variable().min(0.0).max(1.0)), g))
            .collect();
        let mut xs = vec![None; d.months];
        if !segs.is_empty() {
            let rows: Vec<usize> = d.slot_rows(s).collect();
            let mut visits = Expression::from(0.0);
            for m in 0..d.months {
                if d.caps[s][m] == 0 {
                    continue;
                }
                let v = vars.add(variable().min(0.0).max(d.caps[s][m] as f64));
                visits += v;
                minute_expr[m] += d.size[s] * v;
                minute_used[m] = true;
                if day_rows_wanted {
                    day_expr[m] += d.day_coef(s, m) * v;
                }
                // The site counts in every slot row up to its largest threshold; it enters
                // the LP once, in the bucket of that threshold (see below).
                if let Some(&top) = rows.last() {
                    bucket_expr[m][top] += v;
                    bucket_used[m][top] = true;
                }
                xs[m] = Some(v);
            }
            let mut taken = Expression::from(0.0);
            for &(v, g) in &segs {
                objective += g * v;
                taken += v;
            }
            constraints.push(taken.eq(visits));
        }
        segments.push(segs);
        x.push(xs);
    }
    let mut minute_rows = vec![None; d.months];
    let mut slot_rows = vec![vec![None; d.thresholds.len()]; d.months];
    let mut day_rows = vec![None; d.months];
    for m in 0..d.months {
        if minute_used[m] {
            minute_rows[m] = Some(constraints.len());
            let e = std::mem::take(&mut minute_expr[m]);
            constraints.push(e.leq(d.minutes[m]));
            if day_rows_wanted {
                day_rows[m] = Some(constraints.len());
                let e = std::mem::take(&mut day_expr[m]);
                constraints.push(e.leq(d.team_days[m]));
            }
        }
        // Slot rows Σ_{size ≥ θ_k} x ≤ slots[m][k], written over one count per size bucket
        // so each visit variable appears in a single bucket row instead of up to 21 slot
        // rows: the same LP (substituting the counts gives the original rows, with the same
        // duals on the slot rows), a much sparser matrix for the interior-point solver.
        let mut counts: Vec<Option<Variable>> = vec![None; d.thresholds.len()];
        for k in 0..d.thresholds.len() {
            if bucket_used[m][k] {
                let c = vars.add(variable().min(0.0));
                let e = std::mem::take(&mut bucket_expr[m][k]);
                constraints.push(Expression::from(c).eq(e));
                counts[k] = Some(c);
            }
        }
        for k in 0..d.thresholds.len() {
            let above: Vec<Variable> = counts[k..].iter().flatten().copied().collect();
            if above.is_empty() {
                continue;
            }
            slot_rows[m][k] = Some(constraints.len());
            let e: Expression = above.into_iter().map(Expression::from).sum();
            constraints.push(e.leq(d.slots[m][k]));
        }
    }
    Built {
        vars,
        objective,
        segments,
        x,
        constraints,
        minute_rows,
        slot_rows,
        day_rows,
    }
}

/// Reads the solution and duals, whatever the backend.
fn read<S>(
    d: &Data,
    b: &Built,
    refs: &[ConstraintReference],
    solution: &S,
    duals: impl DualValues,
) -> LpResult
where
    S: Solution,
{
    let objective = b
        .segments
        .iter()
        .flatten()
        .map(|&(v, g)| g * solution.value(v))
        .sum();
    let visits =
        b.x.iter()
            .map(|xs| {
                xs.iter()
                    .map(|v| v.map_or(0.0, |v| solution.value(v).max(0.0)))
                    .collect()
            })
            .collect();
    let mut prices = Prices::zero(d);
    for m in 0..d.months {
        if let Some(i) = b.minute_rows[m] {
            prices.minute[m] = duals.dual(refs[i].clone()).abs();
        }
        if let Some(i) = b.day_rows[m] {
            prices.day[m] = duals.dual(refs[i].clone()).abs();
        }
        for k in 0..d.thresholds.len() {
            if let Some(i) = b.slot_rows[m][k] {
                prices.slot[m][k] = duals.dual(refs[i].clone()).abs();
            }
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
pub fn solve(d: &Data, backend: Backend) -> Result<LpResult, String> {
    let mut b = build(d);
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
            let mut r = read(d, &b, &refs, duals, duals);
            r.status = status;
            Ok(r)
        }
        #[cfg(feature = "highs")]
        Backend::Highs => {
            let model = vars.maximise(objective).using(good_lp::highs);
            let (mut solution, refs) = run(model, constraints, "HiGHS")?;
            let status = format!("highs: {:?}", solution.status());
            let duals = solution.compute_dual();
            let mut r = read(d, &b, &refs, duals, duals);
            r.status = status;
            Ok(r)
        }
    }
}

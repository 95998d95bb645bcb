//! `jemput simulate SCENARIO PLAN.csv`: Monte Carlo spread of a plan's outcome.

use super::Failure;
use crate::simulate::{SimOptions, simulate};
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Plan to simulate (plan.csv as written by `jemput plan`, possibly edited).
    pub plan: PathBuf,
    /// Number of Monte Carlo runs.
    #[arg(long, default_value_t = 1000)]
    pub runs: usize,
    /// Random seed (same seed, same result, whatever the number of threads).
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Probability that a visit suffers a connectivity outage.
    #[arg(long, default_value_t = 0.05)]
    pub outage_rate: f64,
    /// Share of capacity left during an outage.
    #[arg(long, default_value_t = 0.2)]
    pub outage_capacity: f64,
    /// Probability that a planned team-day is lost (illness, vehicle).
    #[arg(long, default_value_t = 0.03)]
    pub day_loss_rate: f64,
    /// Write simulation.json here as well.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(a: Args) -> Result<(), Failure> {
    for (name, v) in [
        ("--outage-rate", a.outage_rate),
        ("--outage-capacity", a.outage_capacity),
        ("--day-loss-rate", a.day_loss_rate),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return Err(Failure::BadInput(format!(
                "{name} {v} must be between 0 and 1"
            )));
        }
    }
    if a.runs == 0 || a.runs > 1_000_000 {
        return Err(Failure::BadInput(
            "--runs must be between 1 and 1000000".into(),
        ));
    }
    let p = crate::scenario::load(&a.scenario)?;
    let plan = crate::scenario::read_plan_csv(&p, &a.plan)
        .map_err(|e| super::plan_csv_failure(&a.plan, e))?;
    let o = SimOptions {
        runs: a.runs,
        seed: a.seed,
        outage_rate: a.outage_rate,
        outage_capacity: a.outage_capacity,
        day_loss_rate: a.day_loss_rate,
    };
    let r = simulate(&p, &plan, &o);
    // Files first: the printout goes to a terminal or a pipe that may close early.
    let mut wrote = None;
    if let Some(dir) = &a.out {
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::BadInput(format!("{}: cannot create: {e}", dir.display())))?;
        let json = serde_json::json!({"options": o, "result": r});
        let path = dir.join("simulation.json");
        crate::report::write_atomic(
            &path,
            serde_json::to_string_pretty(&json)
                .unwrap_or_default()
                .as_bytes(),
        )
        .map_err(|e| Failure::BadInput(format!("{}: cannot write: {e}", path.display())))?;
        wrote = Some(path);
    }
    println!("{} — {} runs, seed {}", p.name, r.runs, a.seed);
    println!(
        "team activations: expected {:.0}, mean {:.0}, P10 {:.0}, P50 {:.0}, P90 {:.0}",
        r.expected, r.mean, r.p10, r.p50, r.p90
    );
    println!(
        "chance the target ({:.1} %) is met by the end: {:.0} %",
        100.0 * p.target.share,
        100.0 * r.target_probability
    );
    println!(
        "{:<8} {:>8} {:>8} {:>8} {:>10}",
        "month", "P10 %", "P50 %", "P90 %", "P(target)"
    );
    for m in &r.months {
        println!(
            "{:<8} {:>8.2} {:>8.2} {:>8.2} {:>9.0} %",
            m.month,
            100.0 * m.p10_share,
            100.0 * m.p50_share,
            100.0 * m.p90_share,
            100.0 * m.target_probability
        );
    }
    if let Some(path) = wrote {
        println!("wrote {}", path.display());
    }
    Ok(())
}

//! `jemput what-it-takes SCENARIO`: the smallest change (teams, staff, weekend duty, kits,
//! visits per site, postings) that reaches the target, and the projected target date with the teams
//! as they are.

use super::Failure;
use crate::strategy::SolveOptions;
use crate::whatif::{Step, what_it_takes};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Scenario file (TOML).
    pub scenario: PathBuf,
    /// Strategy used for every re-plan (default: the best available search).
    #[arg(long)]
    pub strategy: Option<String>,
    /// Time limit per re-plan, seconds (search strategies only).
    #[arg(long, default_value_t = 10.0)]
    pub time_limit: f64,
    /// Random seed.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Most steps tried per lever.
    #[arg(long, default_value_t = 8)]
    pub max_steps: usize,
    /// Print the answer as JSON.
    #[arg(long)]
    pub json: bool,
}

fn row(s: &Step) -> String {
    let rupiah = s.rupiah_per_extra.map_or(String::new(), |r| {
        format!(
            "  Rp {} per extra activation",
            crate::report::table::thousands(r)
        )
    });
    format!(
        "  {:<44} {:>12.0} {:>+10.0} {:>8.1} %  {}{rupiah}",
        s.setting,
        s.expected_activations,
        s.marginal,
        100.0 * s.forecast_share,
        s.target_date
            .map_or("not reached".to_string(), |d| d.to_string())
    )
}

pub fn run(a: Args) -> Result<(), Failure> {
    let p = crate::scenario::load(&a.scenario)?;
    let strat = super::plan::strategy_named(a.strategy.as_deref())?;
    if !(a.time_limit > 0.0 && a.time_limit.is_finite()) {
        return Err(Failure::BadInput(
            "--time-limit must be a positive number of seconds".into(),
        ));
    }
    let opts = SolveOptions {
        seed: a.seed.unwrap_or(p.seed),
        time_limit: Some(Duration::from_secs_f64(a.time_limit)),
        threads: 1,
        ..SolveOptions::default()
    };
    let solve = |q: &crate::problem::Problem| strat.solve(q, &opts).plan;
    let w = what_it_takes(&p, &solve, a.max_steps);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&w).unwrap_or_default());
        return Ok(());
    }
    println!(
        "What it takes — {} (target {:.1} %)",
        p.name,
        100.0 * w.target_share
    );
    println!(
        "  {:<44} {:>12} {:>10} {:>10}  target reached",
        "setting", "activations", "marginal", "share"
    );
    println!("{}", row(&w.current));
    match (w.projected_date, w.projected_beyond_horizon) {
        (Some(d), false) => println!("  target reached on {d} with the teams as they are"),
        (Some(d), true) => {
            println!("  at the current pace the target would be reached on {d} (after the horizon)")
        }
        (None, _) => println!("  at the current pace the target is never reached"),
    }
    for (title, steps) in [
        ("more teams", &w.teams),
        ("more staff", &w.staff),
        ("weekend duty", &w.weekend),
        ("connectivity kits", &w.kits),
        ("more visits per site", &w.visits),
        ("postings in far kecamatan", &w.postings),
    ] {
        if steps.is_empty() {
            continue;
        }
        println!("{title}:");
        for s in steps.iter() {
            println!("{}", row(s));
            if let Some(why) = &s.why_nothing {
                println!("      why +0: {why}");
            }
        }
        match steps.iter().find(|s| s.target_met) {
            Some(s) => println!("  → {} reaches the target", s.setting),
            None => println!("  → not enough within {} steps", steps.len()),
        }
    }
    Ok(())
}

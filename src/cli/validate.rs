//! `jemput validate`: checks a scenario and lists every problem at once, or prints a short
//! summary of what was loaded so a planner can see the scenario means what they meant.

use super::Failure;
use crate::scenario;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The scenario TOML file.
    pub scenario: PathBuf,
}

pub fn run(args: Args) -> Result<(), Failure> {
    let (file, p) = scenario::load_scenario(&args.scenario)?;
    let holidays = p.days.iter().filter(|d| d.holiday.is_some()).count();
    let team_days: usize = (0..p.teams.len())
        .map(|t| {
            (0..p.days.len())
                .filter(|&d| p.shift(t, d).is_some())
                .count()
        })
        .sum();
    let (first, last) = match (p.days.first(), p.days.last()) {
        (Some(a), Some(b)) => (a.date.to_string(), b.date.to_string()),
        _ => (String::new(), String::new()),
    };
    println!("{}: OK — {}", args.scenario.display(), p.name);
    println!(
        "  horizon     {first} .. {last}: {} days, {} office working days, {holidays} holidays",
        p.days.len(),
        p.office_days()
    );
    println!(
        "  teams       {} ({} staff, {team_days} team-days) from {} base(s)",
        p.teams.len(),
        p.teams.iter().map(|t| t.staff).sum::<u32>(),
        p.bases.len()
    );
    println!(
        "  sites       {} in {} district(s), pool {:.0} not yet activated",
        p.sites.len(),
        p.districts.len(),
        p.sites.iter().map(|s| s.pool).sum::<f64>()
    );
    println!(
        "  target      {:.0} % of {:.0} eligible; {:.0} activations needed from the teams",
        p.target.share * 100.0,
        p.target.eligible,
        p.activations_needed()
    );
    println!("  travel      {}", file.travel.kind.trim());
    Ok(())
}

//! `plan.csv`: the plan as one row per stop, the file planners open in a spreadsheet, edit
//! and hand back to `jemput evaluate`.
//!
//! The columns are those of [`COLUMNS`]; reading the file back is
//! [`crate::scenario::plan_csv`], with the readers of every other file a planner edits.

use crate::plan::Plan;
use crate::problem::{Problem, hhmm};
use crate::response::Evaluation;
use crate::scenario::plan_csv::{COLUMNS, KIT_YES};

/// `plan.csv` as text: one row per stop, sorted by date, team and sequence.
pub fn plan_csv(p: &Problem, plan: &Plan, eval: &Evaluation) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS).expect("writing to memory");
    let mut order: Vec<usize> = (0..plan.routes.len()).collect();
    order.sort_by_key(|&r| (plan.routes[r].day, plan.routes[r].team));
    for r in order {
        let route = &plan.routes[r];
        let legs = route.legs(p);
        for (k, stop) in route.stops.iter().enumerate() {
            let site = &p.sites[stop.site];
            w.write_record([
                p.days[route.day].date.to_string(),
                p.teams[route.team].id.clone(),
                (k + 1).to_string(),
                site.code.clone(),
                site.name.clone(),
                p.districts[site.district].name.clone(),
                hhmm(stop.arrive),
                hhmm(stop.start),
                hhmm(stop.end),
                (stop.end - stop.start).to_string(),
                hhmm(stop.end),
                legs[k].to_string(),
                if route.kit { KIT_YES } else { "" }.to_string(),
                format!("{:.2}", eval.per_stop[r][k]),
            ])
            .expect("writing to memory");
        }
    }
    String::from_utf8(w.into_inner().expect("writing to memory")).expect("CSV of UTF-8 fields")
}

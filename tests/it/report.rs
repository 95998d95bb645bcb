//! Reports end to end on synthetic districts: plan → check → score → summary → files →
//! read back, the protection of a planner's edits, and the errors of a badly edited CSV.

use jemput::checker::check;
use jemput::plan::Plan;
use jemput::problem::Problem;
use jemput::report::{self, MANIFEST, ReportError, RunInfo, Summary, terminal_summary, write_all};
use jemput::response::evaluate;
use jemput::scenario::{Diagnostic, parse_plan_csv, parse_time, read_plan_csv};
use jemput::strategy::{self, SolveOptions};
use jemput::synthetic::{Shape, random_problem};
use std::path::Path;

use crate::common;

fn problem(seed: u64) -> Problem {
    random_problem(
        seed,
        &Shape {
            sites: 30,
            teams: 2,
            days: 75,
            area_km: 40.0,
        },
    )
}

fn solve(p: &Problem, name: &str) -> Plan {
    let plan = strategy::by_name(name)
        .unwrap()
        .solve(p, &SolveOptions::default())
        .plan;
    assert!(plan.visits() > 0);
    assert_eq!(check(p, &plan), vec![]);
    plan
}

fn summary(p: &Problem, plan: &Plan, name: &str) -> Summary {
    let run = RunInfo {
        strategy: name.into(),
        seed: 1,
        runtime_s: 0.0,
        iterations: 0,
        threads: 1,
        time_limit_s: Some(30.0),
    };
    Summary::new(p, plan, &evaluate(p, plan), &run)
}

#[test]
fn written_plans_read_back_identical_and_score_the_same() {
    for seed in 1..=3 {
        let p = problem(seed);
        for name in ["round-robin", "greedy"] {
            let plan = solve(&p, name);
            let s = summary(&p, &plan, name);
            let dir = tempfile::tempdir().unwrap();
            let written = write_all(dir.path(), &p, &plan, &s, false).unwrap();
            assert!(written.iter().all(|f| f.is_file()));

            let back = read_plan_csv(&p, &dir.path().join("plan.csv")).unwrap();
            assert_eq!(back, plan, "{name} seed {seed}");
            // A team-day marked as carrying a kit reads back as such.
            let mut kitted = plan.clone();
            kitted.routes[0].kit = true;
            let dir2 = tempfile::tempdir().unwrap();
            write_all(dir2.path(), &p, &kitted, &s, false).unwrap();
            let back2 = read_plan_csv(&p, &dir2.path().join("plan.csv")).unwrap();
            assert_eq!(back2, kitted, "{name} seed {seed} with a kit");
            // The report outlines that team-day in its calendar and says what the outline is.
            let header = jemput::visual::html::Header {
                strategy: name.into(),
                seed,
                bound: None,
            };
            let html = |plan: &Plan| {
                let eval = evaluate(&p, plan);
                jemput::visual::html::render(&p, plan, &eval, &header, jemput::i18n::Lang::En)
            };
            let with = html(&kitted);
            assert_eq!(with.matches("stroke=\"#d9730d\"").count(), 1);
            assert!(with.contains("connectivity kit"));
            assert!(!html(&plan).contains("connectivity kit"));
            assert_eq!(check(&p, &back), vec![]);
            let (a, b) = (evaluate(&p, &plan), evaluate(&p, &back));
            assert_eq!(a.activations, b.activations);
            assert_eq!(a.objective, b.objective);
            assert_eq!(summary(&p, &back, name), s);
        }
    }
}

#[test]
fn write_all_writes_every_file_with_the_agreed_columns() {
    let p = problem(4);
    let plan = solve(&p, "greedy");
    let s = summary(&p, &plan, "greedy");
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &p, &plan, &s, false).unwrap();
    let d = dir.path();

    let csv = std::fs::read_to_string(d.join("plan.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "date,team,seq,site_code,site_name,district,arrive,start,end,stay_minutes,depart,travel_minutes,kit,expected_activations"
    );
    assert_eq!(lines.count(), plan.visits());
    // Rows sorted by date, team and sequence; expected activations add up.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let team_index = |id: &str| p.teams.iter().position(|t| t.id == id).unwrap();
    let keys: Vec<(String, usize, usize)> = rows
        .iter()
        .map(|r| (r[0].to_string(), team_index(&r[1]), r[2].parse().unwrap()))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]));
    let total: f64 = rows.iter().map(|r| r[13].parse::<f64>().unwrap()).sum();
    assert!((total - s.expected_activations).abs() < 0.01 * rows.len() as f64);
    assert!(rows.iter().all(|r| r[8] == r[10]), "depart = end");

    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("plan.json")).unwrap()).unwrap();
    let routes = json["routes"].as_array().unwrap();
    assert_eq!(routes.len(), s.team_days);
    let stops: usize = routes
        .iter()
        .map(|r| r["stops"].as_array().unwrap().len())
        .sum();
    assert_eq!(stops, plan.visits());
    assert_eq!(
        json["summary"]["expected_activations"].as_f64().unwrap(),
        s.expected_activations
    );
    assert!(routes[0]["depart"].as_str().unwrap().contains(':'));

    let sj: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(d.join("summary.json")).unwrap()).unwrap();
    assert_eq!(sj["scenario"], p.name.as_str());
    assert!(sj["bound"].is_null());
    assert_eq!(sj["districts"].as_array().unwrap().len(), p.districts.len());

    // One Markdown plan per month, each naming the planned sites of its month.
    let months: Vec<String> = (0..p.months())
        .map(|m| {
            let d = (0..p.days.len()).find(|&d| p.month_index(d) == m).unwrap();
            p.month_key(d)
        })
        .collect();
    for key in &months {
        let md = std::fs::read_to_string(d.join(format!("{key}.md"))).unwrap();
        assert!(md.contains("Month totals"), "{key}");
    }
    let r = &plan.routes[0];
    let first = std::fs::read_to_string(d.join(format!("{}.md", p.month_key(r.day)))).unwrap();
    assert!(first.contains(&p.sites[r.stops[0].site].code));
    assert!(first.contains(&p.teams[r.team].id));
    assert!(d.join(MANIFEST).is_file());
}

#[test]
fn a_planners_edits_are_not_overwritten_without_force() {
    let p = problem(5);
    let plan = solve(&p, "greedy");
    let s = summary(&p, &plan, "greedy");
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write_all(d, &p, &plan, &s, false).unwrap();
    // Writing again over untouched files is fine.
    write_all(d, &p, &plan, &s, false).unwrap();

    // A planner edits plan.csv: refused, and the edit survives.
    let csv = d.join("plan.csv");
    let edited = std::fs::read_to_string(&csv).unwrap() + "\n";
    std::fs::write(&csv, &edited).unwrap();
    match write_all(d, &p, &plan, &s, false) {
        Err(ReportError::WouldOverwriteEdited { path }) => {
            assert_eq!(path, csv);
            let msg = ReportError::WouldOverwriteEdited { path }.to_string();
            assert!(msg.contains("--force") && msg.contains("--out"), "{msg}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), edited);
    // An edited month file is protected too.
    write_all(d, &p, &plan, &s, true).unwrap();
    let md = d.join(format!("{}.md", p.month_key(0)));
    std::fs::write(&md, "notes").unwrap();
    assert!(matches!(
        write_all(d, &p, &plan, &s, false),
        Err(ReportError::WouldOverwriteEdited { path }) if path == md
    ));
    // --force overwrites.
    write_all(d, &p, &plan, &s, true).unwrap();
    assert_ne!(std::fs::read_to_string(&md).unwrap(), "notes");

    // A plan.csv with no manifest was not written by jemput: refused.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("plan.csv"), "date,team\n").unwrap();
    assert!(matches!(
        write_all(other.path(), &p, &plan, &s, false),
        Err(ReportError::WouldOverwriteEdited { .. })
    ));
    // A damaged manifest is reported, not ignored.
    std::fs::write(d.join(MANIFEST), "{").unwrap();
    assert!(matches!(
        write_all(d, &p, &plan, &s, false),
        Err(ReportError::BadManifest { .. })
    ));
}

#[test]
fn month_files_of_an_earlier_longer_plan_are_removed_when_untouched() {
    let long = problem(6);
    let short = long
        .edited(|short| {
            short.days.truncate(20);
            for site in &mut short.sites {
                site.last_day = site.last_day.min(19);
            }
        })
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plan = solve(&long, "greedy");
    write_all(d, &long, &plan, &summary(&long, &plan, "greedy"), false).unwrap();
    let last_month = d.join(format!("{}.md", long.month_key(long.days.len() - 1)));
    assert!(last_month.is_file());
    let plan = solve(&short, "greedy");
    write_all(d, &short, &plan, &summary(&short, &plan, "greedy"), false).unwrap();
    assert!(!last_month.exists());
}

fn errors_of(p: &Problem, text: &str) -> Vec<Diagnostic> {
    parse_plan_csv(p, text, Path::new("plan.csv")).unwrap_err()
}

#[test]
fn bad_rows_are_all_reported_with_line_and_column() {
    let p = problem(7);
    let (t, s) = (&p.teams[0].id, &p.sites[0].code);
    let first = p.days[0].date;
    let text = format!(
        "date,team,seq,site_code,arrive,start,end\n\
         {first},{t},1,{s},08:00,08:00,12:00\n\
         {first},{t},2,NOPE,13:00,13:00,14:00\n\
         {first},T99,1,{s},08:00,08:00,12:00\n\
         2019-01-01,{t},1,{s},08:00,08:00,12:00\n\
         {first},{t},3,{s},7:3o,08:00,12:00\n\
         {first},{t},1,{s},08:00,08:00,12:00\n\
         {first},{t},4,{s},08:00,12:00,08:00\n\
         {first},{t},x,{s},08:00,08:00,12:00\n\
         06/01/2025,{t},5,{s},08:00,08:00,12:00\n\
         {first},{t},6,,08:00,08:00,12:00\n"
    );
    let errors = errors_of(&p, &text);
    let got: Vec<(usize, Option<&str>)> = errors
        .iter()
        .map(|e| (e.line.unwrap(), Some(e.field.as_str())))
        .collect();
    assert_eq!(
        got,
        vec![
            (3, Some("site_code")),
            (4, Some("team")),
            (5, Some("date")),
            (6, Some("arrive")),
            (7, Some("seq")),
            (8, Some("end")),
            (9, Some("seq")),
            (10, Some("date")),
            (11, Some("site_code")),
        ],
        "{errors:#?}"
    );
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert!(
        shown[0].starts_with(
            "plan.csv:3: [E007-unknown-reference] site_code: unknown site code `NOPE`"
        )
    );
    assert!(
        shown[1].contains(&p.teams[1].id),
        "lists known teams: {}",
        shown[1]
    );
    assert!(shown[2].contains("outside"), "{}", shown[2]);
    assert!(
        shown[3].contains("7:3o") && shown[3].contains("HH:MM"),
        "{}",
        shown[3]
    );
    assert!(shown[4].contains("line 2"), "{}", shown[4]);
    assert!(shown[7].contains("YYYY-MM-DD"), "{}", shown[7]);
    assert!(shown[8].contains("missing"), "{}", shown[8]);
}

#[test]
fn missing_columns_are_named_and_optional_columns_may_go() {
    let p = problem(8);
    let errors = errors_of(&p, "date,team,site_code,start\n2025-01-06,T1,S000,08:00\n");
    let cols: Vec<_> = errors.iter().map(|e| e.field.clone()).collect();
    assert_eq!(cols, ["seq", "end"]);
    assert!(errors.iter().all(|e| e.line == Some(1)));

    // Only the needed columns, in another order, `;`-separated, no `arrive`: start is used.
    let plan = solve(&p, "greedy");
    let r = &plan.routes[0];
    let s = r.stops[0];
    let text = format!(
        "Site_Code;End;Start;Seq;Team;Date;Notes\n{};{};{};1;{};{};call the lurah first\n",
        p.sites[s.site].code,
        jemput::problem::hhmm(s.end),
        jemput::problem::hhmm(s.start),
        p.teams[r.team].id,
        p.days[r.day].date
    );
    let back = parse_plan_csv(&p, &text, Path::new("plan.csv")).unwrap();
    assert_eq!(back.routes.len(), 1);
    assert_eq!(back.routes[0].stops[0].arrive, s.start);
    assert_eq!(back.routes[0].stops[0].site, s.site);
    assert_eq!((back.routes[0].team, back.routes[0].day), (r.team, r.day));

    let unreadable = read_plan_csv(&p, Path::new("/nonexistent/plan.csv")).unwrap_err();
    assert_eq!(unreadable.len(), 1);
    assert!(unreadable[0].to_string().contains("/nonexistent/plan.csv"));
}

#[test]
fn an_edited_plan_is_re_scored_and_re_checked() {
    let p = problem(9);
    let plan = solve(&p, "greedy");
    let s = summary(&p, &plan, "greedy");
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &p, &plan, &s, false).unwrap();
    let path = dir.path().join("plan.csv");
    // The planner deletes the first stop's row and moves the next start so late that the
    // stay is shorter than the site's shortest (clearing stay_minutes, which must agree).
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.remove(1);
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    let site = p.sites.iter().find(|s| s.code == cells[3]).unwrap();
    let end = parse_time(&cells[8]).unwrap();
    cells[7] = jemput::problem::hhmm(end - site.min_stay + 5);
    cells[9].clear();
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();

    let edited = read_plan_csv(&p, &path).unwrap();
    assert_eq!(edited.visits(), plan.visits() - 1);
    let codes: Vec<_> = check(&p, &edited).iter().map(|v| v.code).collect();
    assert!(codes.contains(&"wrong-length"), "{codes:?}");
    assert!(evaluate(&p, &edited).activations < s.expected_activations);
}

/// A planner lengthens or shortens a stay in plan.csv (end and stay_minutes): `evaluate`
/// scores the stay as written, the checker holds it to the site's limits, and a
/// stay_minutes that disagrees with start and end is an error naming its line and field.
#[test]
fn an_edited_stay_is_re_scored() {
    // Stays of up to three hours more than the shortest, turnout over two hours.
    let p = problem(9)
        .edited(|q| {
            for site in &mut q.sites {
                site.max_stay = site.min_stay + 180;
                site.turnout_minutes = 120.0;
            }
        })
        .unwrap();
    let plan = solve(&p, "greedy");
    let s = summary(&p, &plan, "greedy");
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &p, &plan, &s, false).unwrap();
    let path = dir.path().join("plan.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    assert!(
        lines[0].split(',').nth(9) == Some("stay_minutes"),
        "{}",
        lines[0]
    );
    // The last stop of a team-day: shortening it cannot make the rest of the day late.
    let row = (1..lines.len())
        .find(|&i| {
            let c: Vec<&str> = lines[i].split(',').collect();
            let next: Vec<&str> = lines
                .get(i + 1)
                .map_or(Vec::new(), |l| l.split(',').collect());
            let site = p.sites.iter().find(|x| x.code == c[3]).unwrap();
            (next.is_empty() || next[0] != c[0] || next[1] != c[1])
                && c[9].parse::<u32>().unwrap() > site.min_stay + 30
        })
        .expect("a last stop longer than its site's shortest stay");
    let edit = |minutes: u32, stay_cell: Option<u32>| {
        let mut cells: Vec<String> = lines[row].split(',').map(str::to_string).collect();
        let start = parse_time(&cells[7]).unwrap();
        cells[8] = jemput::problem::hhmm(start + minutes);
        cells[9] = stay_cell.map_or(String::new(), |m| m.to_string());
        let mut all = lines.clone();
        all[row] = cells.join(",");
        std::fs::write(&path, all.join("\n")).unwrap();
    };
    let cells: Vec<&str> = lines[row].split(',').collect();
    let site = p.sites.iter().find(|x| x.code == cells[3]).unwrap();
    let before = evaluate(&p, &plan).activations;

    // Shorter, within the limits: feasible, and it scores less.
    edit(site.min_stay, Some(site.min_stay));
    let shorter = read_plan_csv(&p, &path).unwrap();
    assert!(check(&p, &shorter).is_empty(), "{:?}", check(&p, &shorter));
    let after = evaluate(&p, &shorter).activations;
    assert!(after < before, "{after} vs {before}");

    // Below the shortest stay: the checker says so.
    edit(site.min_stay - 5, None);
    let short = read_plan_csv(&p, &path).unwrap();
    let codes: Vec<_> = check(&p, &short).iter().map(|v| v.code).collect();
    assert!(codes.contains(&"wrong-length"), "{codes:?}");

    // stay_minutes against start and end: an error on that line and field.
    edit(site.min_stay, Some(site.min_stay + 10));
    let errors = read_plan_csv(&p, &path).unwrap_err();
    let text = errors[0].to_string();
    assert!(text.contains("stay_minutes"), "{text}");
    assert!(text.contains(&format!(":{}", row + 1)), "{text}");
}

#[test]
fn terminal_summary_shows_key_figures_and_every_district() {
    let p = problem(10);
    let plan = solve(&p, "greedy");
    let mut s = summary(&p, &plan, "greedy");
    s.set_bound(s.objective * 1.1, "optimal");
    let text = terminal_summary(&s);
    assert!(text.contains(&p.name));
    assert!(text.contains("greedy"));
    assert!(text.contains(&report::table::thousands(s.expected_activations)));
    assert!(text.contains("gap 9.1 %"), "{text}");
    for d in &p.districts {
        assert!(text.contains(&d.name), "{text}");
    }
    assert!(!text.contains('\x1b'), "no colour codes");
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
}

/// Runs `jemput evaluate`'s body on a plan file; returns (outcome, stdout, stderr).
fn evaluate_command(
    p: &Problem,
    path: &Path,
    json: bool,
) -> (Result<(), jemput::cli::Failure>, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let r = jemput::cli::evaluate::evaluate_plan(p, path, json, &mut out, &mut err);
    (
        r,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

#[test]
fn evaluate_command_reports_violations_scores_and_exit_codes() {
    let p = problem(12);
    let plan = solve(&p, "greedy");
    let s = summary(&p, &plan, "greedy");
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &p, &plan, &s, false).unwrap();
    let path = dir.path().join("plan.csv");

    // An untouched plan: success, key figures printed.
    let (r, out, _) = evaluate_command(&p, &path, false);
    assert!(r.is_ok(), "{r:?}");
    assert!(out.contains("all rules hold"), "{out}");
    assert!(
        out.contains(&report::table::thousands(s.expected_activations)),
        "{out}"
    );

    // --json: the summary as JSON, and the same expected activations.
    let (r, out, _) = evaluate_command(&p, &path, true);
    assert!(r.is_ok());
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        json["expected_activations"].as_f64().unwrap(),
        s.expected_activations
    );

    // A visit made one minute too long: exit 1, the violation named with date, team, site.
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    let end = parse_time(&cells[8]).unwrap() + 1;
    cells[8] = jemput::problem::hhmm(end);
    cells[9] = (end - parse_time(&cells[7]).unwrap()).to_string();
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (r, out, _) = evaluate_command(&p, &path, false);
    let Err(f) = r else {
        panic!("violations must fail")
    };
    assert_eq!(f.exit_code(), 1);
    assert!(out.contains("[wrong-length]"), "{out}");
    assert!(out.contains(&cells[0]) && out.contains(&cells[1]) && out.contains(&cells[3]));
    // With --json the violations go to stderr and stdout stays JSON.
    let (r, out, err) = evaluate_command(&p, &path, true);
    assert_eq!(r.unwrap_err().exit_code(), 1);
    assert!(err.contains("[wrong-length]"), "{err}");
    serde_json::from_str::<serde_json::Value>(&out).unwrap();

    // An unreadable row: exit 2, naming line and column.
    let mut row: Vec<&str> = lines[2].split(',').collect();
    row[1] = "NO-SUCH-TEAM";
    lines[2] = row.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let (r, _, _) = evaluate_command(&p, &path, false);
    match r {
        Err(f @ jemput::cli::Failure::BadInput(_)) => {
            assert_eq!(f.exit_code(), 2);
            let jemput::cli::Failure::BadInput(msg) = f else {
                unreachable!()
            };
            assert!(msg.contains(":3: [E007-unknown-reference] team:"), "{msg}");
        }
        other => panic!("expected bad input, got {other:?}"),
    }
    let (r, _, _) = evaluate_command(&p, &dir.path().join("missing.csv"), false);
    assert_eq!(r.unwrap_err().exit_code(), 2);
}

#[test]
fn evaluate_binary_on_the_tutorial_scenario() {
    let scenario = common::root().join("scenarios/tutorial.toml");
    if !scenario.is_file() {
        eprintln!("skipping: {} is not present", scenario.display());
        return;
    }
    let p = jemput::scenario::load(&scenario).expect("the tutorial scenario is valid");
    let plan = solve(&p, "greedy");
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), &p, &plan, &summary(&p, &plan, "greedy"), false).unwrap();
    let path = dir.path().join("plan.csv");
    let jemput = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(common::jemput_bin())
            .arg("evaluate")
            .args(args)
            .output()
            .unwrap()
    };
    let ok = jemput(&[scenario.as_os_str(), path.as_os_str()]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    let json = jemput(&[scenario.as_os_str(), path.as_os_str(), "--json".as_ref()]);
    let s: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let expected = evaluate(&p, &plan).activations;
    assert!((s["expected_activations"].as_f64().unwrap() - expected).abs() < 1e-9);

    // A stop moved to a Sunday: exit 1 and the rule named.
    let text = std::fs::read_to_string(&path).unwrap();
    let sunday = p.days.iter().find(|d| d.weekday == 6).unwrap().date;
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let mut row: Vec<String> = lines[1].split(',').map(str::to_string).collect();
    row[0] = sunday.to_string();
    lines[1] = row.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let bad = jemput(&[scenario.as_os_str(), path.as_os_str()]);
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stdout).contains("[team-off]"));

    // An unreadable time: exit 2.
    let mut row: Vec<&str> = lines[1].split(',').collect();
    row[7] = "7:3o";
    lines[1] = row.join(",");
    std::fs::write(&path, lines.join("\n")).unwrap();
    let unreadable = jemput(&[scenario.as_os_str(), path.as_os_str()]);
    assert_eq!(unreadable.status.code(), Some(2), "{unreadable:?}");
    assert!(String::from_utf8_lossy(&unreadable.stderr).contains("HH:MM"));
}

#[test]
fn equity_floors_are_reported_met_or_not() {
    let p = problem(11);
    assert!(p.districts.len() >= 2);
    let plan = solve(&p, "greedy");
    let plain = summary(&p, &plan, "greedy");
    assert!(plain.districts.iter().all(|d| d.floor_met.is_none()));
    // One floor just under the plan's coverage, one just above it.
    let (a, b) = (&plain.districts[0], &plain.districts[1]);
    assert!(a.coverage > 0.0 && b.coverage < 0.999);
    let floors = (Some(a.coverage * 0.99), Some((b.coverage + 0.001).min(1.0)));
    let p = p
        .edited(|p| {
            p.districts[0].floor_share = floors.0;
            p.districts[1].floor_share = floors.1;
        })
        .unwrap();
    let s = summary(&p, &plan, "greedy");
    assert_eq!(s.districts[0].floor_met, Some(true));
    assert_eq!(s.districts[1].floor_met, Some(false));
    assert!(s.districts[2..].iter().all(|d| d.floor_met.is_none()));
    let text = terminal_summary(&s);
    let line = |name: &str| {
        text.lines()
            .find(|l| l.contains("Equity floor") && l.contains(name))
            .unwrap_or_else(|| panic!("no floor line for {name}: {text}"))
            .to_string()
    };
    assert!(line(&p.districts[0].name).ends_with("(met)"), "{text}");
    assert!(line(&p.districts[1].name).ends_with("(not met)"), "{text}");
    let json: serde_json::Value = serde_json::to_value(&s).unwrap();
    assert_eq!(json["districts"][1]["floor_met"], false);
}

#[test]
fn a_kit_cell_that_is_neither_yes_nor_no_is_reported() {
    let p = problem(7);
    let (t, s) = (&p.teams[0].id, &p.sites[0].code);
    let first = p.days[0].date;
    let text = format!(
        "date,team,seq,site_code,arrive,start,end,kit\n\
         {first},{t},1,{s},08:00,08:00,12:00,ya\n\
         {first},{t},2,{s},13:00,13:00,14:00,maybe\n"
    );
    let errors = errors_of(&p, &text);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].line, Some(3));
    assert_eq!(errors[0].field, "kit");
    assert!(errors[0].to_string().contains("maybe"), "{}", errors[0]);
    // `ya` (and `yes`) mark the team-day as carrying a kit.
    let ok = format!(
        "date,team,seq,site_code,arrive,start,end,kit\n{first},{t},1,{s},08:00,08:00,12:00,ya\n"
    );
    let plan = parse_plan_csv(&p, &ok, Path::new("plan.csv")).unwrap();
    assert!(plan.routes[0].kit);
}

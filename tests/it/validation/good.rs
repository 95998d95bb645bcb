//! Good scenarios load into the expected `Problem`.

use super::*;

#[test]
fn tutorial_loads_with_its_calendar_teams_and_sites() {
    let p = scenario::load(&common::root().join("scenarios/tutorial.toml"))
        .unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(p.days.len(), 365);
    assert_eq!(p.teams.len(), 2);
    assert_eq!(p.sites.len(), 10);
    assert_eq!(p.districts.len(), 2);
    assert_eq!(p.districts[1].floor_share, Some(0.05));
    let day = |s: &str| p.day_of(s.parse().unwrap()).unwrap();
    assert!(
        p.days[day("2025-03-31")]
            .holiday
            .as_deref()
            .unwrap()
            .contains("Idul Fitri")
    );
    assert_eq!(
        p.days[day("2025-08-08")].holiday.as_deref(),
        Some("Hari Jadi Kabupaten")
    );
    assert!(p.days[day("2025-07-14")].blackout);
    assert_eq!(p.days[day("2025-03-10")].shorter_by, 60);
    assert_eq!(p.days[day("2025-04-10")].shorter_by, 0);
    // Team A works Saturdays (car-free day); team B Monday to Thursday.
    assert!(p.teams[0].weekdays[5] && !p.teams[0].weekdays[6]);
    assert_eq!(
        p.teams[1].weekdays,
        [true, true, true, true, false, false, false]
    );
    assert_eq!(p.teams[0].shift, Window::new(450, 930));
    let event = p.sites.iter().find(|s| s.kind == SiteKind::Event).unwrap();
    assert_eq!(
        event.weekdays,
        [false, false, false, false, false, true, false]
    );
    assert_eq!(event.window, Window::new(360, 600));
    assert_eq!((event.min_stay, event.max_stay), (120, 120));
    let remote = p.sites.iter().find(|s| s.code == "BD-04").unwrap();
    assert_eq!(remote.connectivity, 0.3);
    assert_eq!(remote.pool, 2280.0);
    // [kinds.village] visit_minutes = 210 applies to every village.
    assert!(
        p.sites
            .iter()
            .filter(|s| s.kind == SiteKind::Village)
            .all(|s| (s.min_stay, s.max_stay) == (210, 210))
    );
    let school = p.sites.iter().find(|s| s.kind == SiteKind::School).unwrap();
    assert_eq!(
        (school.reach, school.max_visits, school.min_gap_days),
        (0.6, 2, 1)
    );
    assert!(
        p.travel
            .dense()
            .unwrap()
            .0
            .iter()
            .all(|&m| m != Travel::UNREACHABLE)
    );
}

#[test]
fn csv_sites_make_districts_in_first_appearance_order() {
    let p = scenario::load(&fixture("good/csv_sites.toml")).unwrap_or_else(|d| panic!("{d}"));
    let ids: Vec<&str> = p.districts.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["Kecamatan Barat", "Kecamatan Timur"]);
    let teams: Vec<&str> = p.teams.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(teams, ["A-1", "A-2"]);
    assert_eq!(p.sites[2].name, "Desa Tiga, Atas");
    let school = &p.sites[1];
    assert_eq!(
        school.weekdays,
        [true, true, false, false, false, false, false]
    );
    assert_eq!(school.window, Window::new(450, 720));
    assert_eq!(school.reach, 0.5, "[kinds.school] override");
    assert_eq!(
        (school.min_stay, school.max_stay),
        (150, 150),
        "per-site override beats the kind"
    );
    assert_eq!(p.days[school.first_day].date.to_string(), "2025-02-01");
    assert_eq!(p.days[school.last_day].date.to_string(), "2025-05-31");
    assert_eq!(p.sites[0].last_day, p.days.len() - 1);
}

#[test]
fn matrix_travel_fills_the_reverse_of_one_way_rows() {
    let p = scenario::load(&fixture("good/matrix.toml")).unwrap_or_else(|d| panic!("{d}"));
    let t = &p.travel;
    // Places: office, S1, S2. Leg overhead 5 min.
    assert_eq!(t.minutes(0, 1), 35);
    assert_eq!(t.minutes(1, 0), 40, "both directions given: each is used");
    assert_eq!(
        t.minutes(2, 0),
        50,
        "only office→S2 given: taken as symmetric"
    );
    assert_eq!(t.km(2, 0), 30.0);
    assert_eq!(
        t.minutes(1, 2),
        Travel::UNREACHABLE,
        "pairs not given are not driven directly"
    );
}

#[test]
fn graph_travel_uses_river_ferry_and_oneway_edges() {
    let p = scenario::load(&fixture("good/graph.toml")).unwrap_or_else(|d| panic!("{d}"));
    let t = &p.travel;
    // office=n0, S1=n2, S2=n3.
    assert_eq!(
        t.minutes(0, 1),
        50,
        "river n0-n2 beats the road through n1 (80 min)"
    );
    assert_eq!(t.km(0, 1), 18.0);
    assert_eq!(t.minutes(0, 2), 65, "then the one-way ferry n2→n3");
    assert_eq!(t.minutes(2, 0), 90, "back by the one-way track n3→n0");
    assert_eq!(t.minutes(2, 1), 140, "n3→n2 goes round through n0");
}

#[test]
fn programmatic_scenarios_load_through_from_file() {
    let path = fixture("good/minimal.toml");
    let (mut file, p) = scenario::load_scenario(&path).unwrap();
    assert_eq!(p.sites.len(), 1);
    // A what-if edit: a second team entry with count 3.
    let mut extra = file.teams[0].clone();
    extra.id = "X".into();
    extra.count = 3;
    file.teams.push(extra);
    let p2 = scenario::from_file(&file, &path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(p2.teams.len(), 4);
    // A bad edit is reported against the file, without a line (not what is on disk).
    file.teams[1].shift = "late".into();
    let d = scenario::from_file(&file, &path).unwrap_err();
    let x = find(&d, code::BAD_TIME, "teams[1].shift");
    assert_eq!(x.line, None);
}

#[test]
fn serialized_scenarios_read_back_identically() {
    // Guards the reader against drifting from the serde types of the format.
    let (file, _) =
        scenario::load_scenario(&common::root().join("scenarios/tutorial.toml")).unwrap();
    let text = toml::to_string(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.toml");
    std::fs::write(&path, text).unwrap();
    let (again, _) = scenario::load_scenario(&path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(again, file);
}

#[test]
fn no_panic_when_any_line_of_the_tutorial_is_removed_or_mangled() {
    let text = std::fs::read_to_string(common::root().join("scenarios/tutorial.toml")).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.toml");
    let mangles: [fn(&str) -> String; 4] = [
        |_| String::new(),
        |l| l.replace('=', "= -"),
        |l| l.replace('"', ""),
        |l| l.replace(['0', '5'], "9").replace("-7", "999"),
    ];
    for i in 0..lines.len() {
        for mangle in &mangles {
            let mut v: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            v[i] = mangle(lines[i]);
            std::fs::write(&path, v.join("\n")).unwrap();
            if let Err(d) = scenario::load(&path) {
                assert!(!d.is_empty());
                assert!(
                    d.0.iter()
                        .all(|x| !x.hint.is_empty() && !x.message.is_empty())
                );
            }
        }
    }
}

#[test]
fn kits_load_with_their_count_and_connectivity() {
    let text = std::fs::read_to_string(common::root().join("scenarios/tutorial.toml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let with = dir.path().join("kits.toml");
    std::fs::write(&with, format!("{text}\n[kits]\ncount = 2\n")).unwrap();
    let p = scenario::load(&with).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(p.kits.count, 2);
    assert_eq!(p.kits.connectivity, 0.9, "the default kit connectivity");
    let without = scenario::load(&common::root().join("scenarios/tutorial.toml")).unwrap();
    assert_eq!(without.kits.count, 0);
    assert_eq!(without.kits.boost(), 0.0);
}

//! Scenario validation: one bad fixture per kind of problem (tests/fixtures/bad), each
//! checked for its code, line and field; good fixtures load into the expected `Problem`;
//! and the real binary exits 2 naming the file and line.

mod common;

use jemput::build::{self, Diagnostic, Diagnostics, code};
use jemput::problem::{SiteKind, Travel, Window};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(rel: &str) -> PathBuf {
    common::root().join("tests/fixtures").join(rel)
}

fn errors(rel: &str) -> Diagnostics {
    match build::load(&fixture(rel)) {
        Ok(_) => panic!("{rel} should not load"),
        Err(d) => d,
    }
}

/// 1-based line of the first line of `file` containing `needle`.
fn line_of(file: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("`{needle}` not in {}", file.display()))
        + 1
}

/// Line of the `[[...]]` header of the entry whose body contains `needle`.
fn header_of(file: &Path, needle: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let at = line_of(file, needle);
    text.lines()
        .take(at)
        .enumerate()
        .filter(|(_, l)| l.starts_with("[["))
        .last()
        .map(|(i, _)| i + 1)
        .unwrap()
}

/// Asserts an entry-level diagnostic (`sites[1]`) on the header line of that entry.
fn expect_entry(d: &Diagnostics, code: &str, field: &str, file: &str, needle: &str) -> Diagnostic {
    let x = find(d, code, field);
    assert_eq!(
        x.line,
        Some(header_of(&fixture(file), needle)),
        "line of [{code}] {field}:\n{d}"
    );
    x.clone()
}

/// The diagnostic with this code and field; fails listing all of them otherwise.
fn find<'a>(d: &'a Diagnostics, code: &str, field: &str) -> &'a Diagnostic {
    d.0.iter()
        .find(|x| x.code == code && x.field == field)
        .unwrap_or_else(|| panic!("no [{code}] at `{field}` in:\n{d}"))
}

/// Asserts a diagnostic with `code` at `field` on the line of `file` containing `needle`.
fn expect_at(d: &Diagnostics, code: &str, field: &str, file: &str, needle: &str) -> Diagnostic {
    let x = find(d, code, field);
    let path = fixture(file);
    assert_eq!(x.file, path, "file of [{code}] {field}");
    assert_eq!(
        x.line,
        Some(line_of(&path, needle)),
        "line of [{code}] {field}:\n{d}"
    );
    assert!(!x.hint.is_empty(), "every problem comes with a hint");
    x.clone()
}

#[test]
fn toml_syntax_error_names_its_line() {
    let d = errors("bad/syntax.toml");
    assert_eq!(d.len(), 1, "{d}");
    let x = &d.0[0];
    assert_eq!(x.code, code::TOML_SYNTAX);
    assert_eq!(
        x.line,
        Some(line_of(&fixture("bad/syntax.toml"), "shift ="))
    );
}

#[test]
fn unknown_keys_suggest_the_closest_known_key() {
    let d = errors("bad/unknown_key.toml");
    let f = "bad/unknown_key.toml";
    let x = expect_at(&d, code::UNKNOWN_KEY, "teams[0].shfit", f, "shfit");
    assert!(x.hint.contains("`shift`"), "{}", x.hint);
    let x = expect_at(&d, code::UNKNOWN_KEY, "sites[0].reache", f, "reache");
    assert!(x.hint.contains("`reach`"), "{}", x.hint);
    // The misspelt `shfit` is not reported a second time as a missing `shift`.
    assert_eq!(d.with_code(code::MISSING_FIELD).count(), 0, "{d}");
}

#[test]
fn wrong_types_are_reported_per_field() {
    let d = errors("bad/wrong_type.toml");
    let f = "bad/wrong_type.toml";
    expect_at(&d, code::WRONG_TYPE, "teams[0].staff", f, "staff =");
    let x = expect_at(&d, code::WRONG_TYPE, "sites[0].lat", f, "lat = \"-6.95\"");
    assert!(x.hint.contains("remove the quotes"), "{}", x.hint);
    assert_eq!(
        d.len(),
        2,
        "no follow-on problems from the stand-in values:\n{d}"
    );
}

#[test]
fn missing_required_fields_are_named() {
    let d = errors("bad/missing_field.toml");
    let f = "bad/missing_field.toml";
    expect_at(&d, code::MISSING_FIELD, "teams[0].base", f, "[[teams]]");
    expect_at(&d, code::MISSING_FIELD, "sites[0].eligible", f, "[[sites]]");
}

#[test]
fn duplicate_ids_of_every_kind() {
    let d = errors("bad/duplicate_ids.toml");
    let f = "bad/duplicate_ids.toml";
    let file = fixture(f);
    let nth = |needle: &str, n: usize| {
        let text = std::fs::read_to_string(&file).unwrap();
        text.lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == needle)
            .nth(n)
            .map(|(i, _)| i + 1)
    };
    for (field, needle, n) in [
        ("sites[1].code", "code = \"S1\"", 1),
        ("teams[1].id", "id = \"A\"", 1),
        ("bases[1].id", "id = \"office\"", 1),
        ("districts[1].id", "id = \"d1\"", 1),
    ] {
        let x = find(&d, code::DUPLICATE_ID, field);
        assert_eq!(x.line, nth(needle, n), "{field}");
    }
    assert!(
        find(&d, code::DUPLICATE_ID, "sites[1].code")
            .message
            .contains("sites[0]")
    );
}

#[test]
fn unknown_references_suggest_the_declared_ids() {
    let d = errors("bad/unknown_reference.toml");
    let f = "bad/unknown_reference.toml";
    let x = expect_at(&d, code::UNKNOWN_REFERENCE, "teams[0].base", f, "ofice");
    assert!(x.hint.contains("`office`"));
    let x = expect_at(
        &d,
        code::UNKNOWN_REFERENCE,
        "sites[0].district",
        f,
        "district = \"d1\"",
    );
    assert!(x.message.contains("S1") && x.message.contains("Desa Satu"));
}

#[test]
fn unknown_graph_node_is_named() {
    let d = errors("bad/unknown_node.toml");
    let x = expect_at(
        &d,
        code::UNKNOWN_REFERENCE,
        "sites[1].node",
        "bad/unknown_node.toml",
        "n33",
    );
    assert!(
        x.message.contains("Desa Seberang") && x.hint.contains("`n3`"),
        "{x:?}"
    );
}

#[test]
fn matrix_rows_with_unknown_ids_or_negative_minutes() {
    let d = errors("bad/unknown_matrix_id.toml");
    let f = "bad/unknown_matrix_id.travel.csv";
    expect_at(&d, code::UNKNOWN_REFERENCE, "row 3: to", f, "S3");
    expect_at(&d, code::BAD_NUMBER, "row 4: minutes", f, "-5");
    assert_eq!(d.len(), 2, "{d}");
}

#[test]
fn end_before_start_is_an_empty_horizon() {
    let d = errors("bad/end_before_start.toml");
    expect_at(
        &d,
        code::BAD_HORIZON,
        "scenario.end",
        "bad/end_before_start.toml",
        "end =",
    );
    assert_eq!(d.len(), 1, "{d}");
}

#[test]
fn absurdly_long_horizon_is_refused() {
    let d = errors("bad/too_long.toml");
    expect_at(
        &d,
        code::TOO_LARGE,
        "scenario.end",
        "bad/too_long.toml",
        "end =",
    );
}

#[test]
fn shifts_that_end_before_they_start_or_have_no_length() {
    let d = errors("bad/shift_times.toml");
    let f = "bad/shift_times.toml";
    let x = expect_at(&d, code::BAD_TIME, "teams[0].shift", f, "15:30-07:30");
    assert!(x.message.contains("before it starts"));
    let x = expect_at(&d, code::BAD_TIME, "teams[1].shift", f, "08:00-08:00");
    assert!(x.message.contains("zero length"));
    expect_at(&d, code::BAD_TIME, "teams[2].shift", f, "7.30 to 15.30");
}

#[test]
fn negative_numbers() {
    let d = errors("bad/negative_numbers.toml");
    let f = "bad/negative_numbers.toml";
    expect_at(&d, code::BAD_NUMBER, "teams[0].staff", f, "staff = -2");
    expect_at(
        &d,
        code::BAD_NUMBER,
        "sites[0].eligible",
        f,
        "eligible = -500",
    );
}

#[test]
fn shares_outside_zero_to_one() {
    let d = errors("bad/share_range.toml");
    let f = "bad/share_range.toml";
    let x = expect_at(&d, code::SHARE_RANGE, "target.share", f, "share = 30");
    assert!(
        x.hint.contains("0.3"),
        "a percentage is recognised: {}",
        x.hint
    );
    expect_at(&d, code::SHARE_RANGE, "sites[0].reach", f, "reach = 1.5");
    expect_at(
        &d,
        code::SHARE_RANGE,
        "sites[0].fatigue",
        f,
        "fatigue = -0.1",
    );
    expect_at(
        &d,
        code::SHARE_RANGE,
        "sites[0].connectivity",
        f,
        "connectivity = 2",
    );
}

#[test]
fn activated_more_than_eligible() {
    let d = errors("bad/activated_exceeds.toml");
    let f = "bad/activated_exceeds.toml";
    expect_at(
        &d,
        code::ACTIVATED_EXCEEDS,
        "target.activated",
        f,
        "activated = 2000",
    );
    expect_at(
        &d,
        code::ACTIVATED_EXCEEDS,
        "sites[0].activated",
        f,
        "activated = 600",
    );
}

#[test]
fn csv_missing_column() {
    let d = errors("bad/csv_missing_column.toml");
    let x = expect_at(
        &d,
        code::CSV_MISSING_COLUMN,
        "header: eligible",
        "bad/csv_missing_column.sites.csv",
        "code,name",
    );
    assert_eq!(x.line, Some(1));
    assert_eq!(d.len(), 1, "{d}");
}

#[test]
fn csv_bad_values_name_their_row() {
    let d = errors("bad/csv_bad_value.toml");
    let f = "bad/csv_bad_value.sites.csv";
    let x = expect_at(&d, code::CSV_BAD_VALUE, "row 3: eligible", f, "banyak");
    assert!(x.message.contains("banyak"));
    expect_at(&d, code::UNKNOWN_KIND, "row 4: kind", f, "vilage");
    expect_at(&d, code::ACTIVATED_EXCEEDS, "row 4: activated", f, "vilage");
    expect_at(&d, code::CSV_SYNTAX, "row 5", f, "Desa Empat");
    assert_eq!(
        d.len(),
        4,
        "no follow-on problem for the unreadable eligible:\n{d}"
    );
}

#[test]
fn csv_unknown_column_suggests_the_right_name() {
    let d = errors("bad/csv_unknown_column.toml");
    let x = expect_at(
        &d,
        code::CSV_UNKNOWN_COLUMN,
        "header: activatd",
        "bad/csv_unknown_column.sites.csv",
        "code,",
    );
    assert!(x.hint.contains("`activated`"));
    assert_eq!(d.len(), 1, "the `_note` column is allowed:\n{d}");
}

#[test]
fn unreachable_sites_are_named() {
    let d = errors("bad/unreachable.toml");
    let f = "bad/unreachable.toml";
    let x = expect_entry(&d, code::UNREACHABLE, "sites[1]", f, "code = \"PULAU\"");
    assert!(
        x.message.contains("PULAU") && x.message.contains("Desa Pulau"),
        "{x:?}"
    );
    let x = expect_entry(&d, code::UNREACHABLE, "sites[2]", f, "code = \"HILIR\"");
    assert!(
        x.message.contains("way back"),
        "the one-way river leaves no way back: {x:?}"
    );
    assert_eq!(d.len(), 2, "{d}");
}

#[test]
fn visits_that_cannot_fit_any_shift_are_named() {
    let d = errors("bad/cannot_fit.toml");
    let f = "bad/cannot_fit.toml";
    // Car-free day 06:00-10:00 with the default 240-minute visit, teams start at 07:30.
    let x = expect_entry(&d, code::CANNOT_FIT, "sites[1]", f, "code = \"CFD\"");
    assert!(x.message.contains("Car Free Day Alun-alun"));
    // A Sunday market, and no team works Sundays.
    let x = expect_entry(&d, code::CANNOT_FIT, "sites[2]", f, "code = \"MGU\"");
    assert!(x.message.contains("no team works"), "{x:?}");
    assert_eq!(d.len(), 2, "{d}");
}

#[test]
fn dates_outside_the_horizon() {
    let d = errors("bad/outside_horizon.toml");
    let f = "bad/outside_horizon.toml";
    expect_at(
        &d,
        code::OUTSIDE_HORIZON,
        "calendar.blackout[1]",
        f,
        "blackout =",
    );
    expect_at(
        &d,
        code::OUTSIDE_HORIZON,
        "calendar.extra_holidays[0].date",
        f,
        "extra_holidays",
    );
    expect_at(
        &d,
        code::OUTSIDE_HORIZON,
        "calendar.reduced_hours[0].until",
        f,
        "reduced_hours",
    );
    expect_at(
        &d,
        code::OUTSIDE_HORIZON,
        "sites[0].from",
        f,
        "from = \"2024",
    );
    expect_at(&d, code::BAD_DATE, "sites[0].until", f, "2025-13-01");
    assert!(
        d.0.iter().all(|x| x.field != "calendar.blackout[0]"),
        "2025-03-03 is fine"
    );
}

#[test]
fn unknown_weekday_names() {
    let d = errors("bad/unknown_weekday.toml");
    let f = "bad/unknown_weekday.toml";
    let x = expect_at(&d, code::UNKNOWN_WEEKDAY, "teams[0].weekdays", f, "frii");
    assert!(x.hint.contains("`fri`"));
    let x = expect_at(&d, code::UNKNOWN_WEEKDAY, "sites[0].weekdays", f, "mon|sab");
    assert!(x.hint.contains("`sat`"));
}

#[test]
fn unknown_site_kinds_in_sites_and_kind_overrides() {
    let d = errors("bad/unknown_kind.toml");
    let f = "bad/unknown_kind.toml";
    let x = expect_at(&d, code::UNKNOWN_KIND, "sites[0].kind", f, "vilage");
    assert!(x.hint.contains("`village`"));
    let x = expect_at(&d, code::UNKNOWN_KIND, "kinds.scool", f, "[kinds.scool]");
    assert!(x.hint.contains("`school`"));
}

#[test]
fn unknown_travel_kind() {
    let d = errors("bad/unknown_travel.toml");
    let x = expect_at(
        &d,
        code::UNKNOWN_TRAVEL,
        "travel.kind",
        "bad/unknown_travel.toml",
        "kind = \"coordinate\"",
    );
    assert!(x.hint.contains("`coordinates`"));
}

#[test]
fn missing_site_file_names_the_path_tried() {
    let d = errors("bad/missing_file.toml");
    let x = expect_at(
        &d,
        code::FILE_MISSING,
        "scenario.site_files[0]",
        "bad/missing_file.toml",
        "site_files",
    );
    assert!(x.message.contains("no-such-sites.csv"));
    assert!(
        x.message.contains(&fixture("bad").display().to_string()),
        "{}",
        x.message
    );
}

#[test]
fn missing_scenario_file() {
    let d = build::load(Path::new("no/such/scenario.toml")).unwrap_err();
    assert_eq!(d.0[0].code, code::FILE_MISSING);
    assert!(d.to_string().contains("no/such/scenario.toml"));
}

#[test]
fn coordinates_travel_needs_coordinates() {
    let d = errors("bad/missing_coordinates.toml");
    let x = find(&d, code::MISSING_LOCATION, "sites[0].lat");
    assert!(x.message.contains("Desa Satu"));
}

#[test]
fn an_empty_scenario_says_what_is_missing() {
    let d = errors("bad/empty.toml");
    for field in ["bases", "teams", "sites"] {
        find(&d, code::EMPTY, field);
    }
    assert_eq!(d.len(), 3, "{d}");
}

#[test]
fn calendar_problems_and_sites_never_open() {
    let d = errors("bad/calendar.toml");
    let f = "bad/calendar.toml";
    expect_at(&d, code::UNKNOWN_CALENDAR, "calendar.holidays", f, "jawa");
    expect_at(
        &d,
        code::BAD_RANGE,
        "calendar.reduced_hours[0].until",
        f,
        "reduced_hours",
    );
    // A school (Monday to Friday) open only over a weekend.
    let x = expect_entry(&d, code::NEVER_AVAILABLE, "sites[1]", f, "SMA Akhir Pekan");
    assert!(x.message.contains("SMA Akhir Pekan"));
}

#[test]
fn built_in_holidays_do_not_cover_the_horizon() {
    let d = errors("bad/beyond_holidays.toml");
    let x = expect_at(
        &d,
        code::UNKNOWN_CALENDAR,
        "scenario.end",
        "bad/beyond_holidays.toml",
        "end =",
    );
    assert!(x.message.contains("2024–2026"));
}

#[test]
fn coordinates_out_of_range() {
    let d = errors("bad/coordinates.toml");
    let f = "bad/coordinates.toml";
    let x = expect_at(&d, code::BAD_COORDINATES, "bases[0].lat", f, "lat = 109.7");
    assert!(x.hint.contains("swapped"));
    expect_at(&d, code::BAD_COORDINATES, "sites[0].lon", f, "lon = 209.75");
}

#[test]
fn too_many_places_for_a_full_travel_matrix() {
    // 10,001 sites in the CSV.
    let dir = tempfile::tempdir().unwrap();
    let mut csv = String::from("code,name,kind,district,lat,lon,eligible\n");
    for i in 0..=build::travel::MAX_PLACES {
        let (lat, lon) = (
            -7.0 + (i % 100) as f64 * 0.001,
            110.0 + (i / 100) as f64 * 0.001,
        );
        csv.push_str(&format!(
            "C{i},Desa {i},village,d{},{lat},{lon},100\n",
            i % 7
        ));
    }
    std::fs::write(dir.path().join("sites.csv"), csv).unwrap();
    let toml = std::fs::read_to_string(fixture("good/minimal.toml")).unwrap();
    let toml = toml.replace(
        "start = 2025-01-01",
        "start = 2025-01-01\nsite_files = [\"sites.csv\"]",
    );
    // Coordinates travel that large is computed on demand: it loads.
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &toml).unwrap();
    let p = build::load(&path).unwrap();
    assert!(p.travel.as_geo().is_some() && p.travel.dense().is_none());
    assert_eq!(
        p.travel.n,
        build::travel::MAX_PLACES + 3,
        "1 base, 1 inline site, the CSV"
    );
    // A matrix that large would not fit in memory: refused before the file is read.
    let path = dir.path().join("big_matrix.toml");
    std::fs::write(
        &path,
        format!("{toml}\n[travel]\nkind = \"matrix\"\nmatrix = \"travel.csv\"\n"),
    )
    .unwrap();
    let d = build::load(&path).unwrap_err();
    let x = find(&d, code::TOO_LARGE, "travel.kind");
    assert!(x.message.contains("places"), "{x:?}");
    assert_eq!(d.len(), 1, "{d}");
}

#[test]
fn a_file_with_several_problems_reports_all_of_them() {
    let d = errors("bad/many.toml");
    let f = "bad/many.toml";
    expect_at(&d, code::UNKNOWN_KEY, "scenario.sead", f, "sead");
    expect_at(&d, code::SHARE_RANGE, "target.share", f, "share = 1.3");
    expect_at(&d, code::WRONG_TYPE, "teams[0].staff", f, "staff = \"2\"");
    expect_at(&d, code::UNKNOWN_REFERENCE, "teams[1].base", f, "kantor");
    expect_at(&d, code::BAD_TIME, "teams[1].shift", f, "15:30-07:30");
    expect_at(&d, code::UNKNOWN_KIND, "sites[0].kind", f, "vilage");
    expect_at(
        &d,
        code::ACTIVATED_EXCEEDS,
        "sites[1].activated",
        f,
        "activated = 700",
    );
    expect_at(&d, code::UNKNOWN_WEEKDAY, "sites[1].weekdays", f, "fry");
    expect_at(&d, code::BAD_NUMBER, "travel.speed_kmh", f, "speed_kmh");
    assert_eq!(d.len(), 9, "{d}");
    // Sorted by line.
    let lines: Vec<usize> = d.0.iter().filter_map(|x| x.line).collect();
    assert!(lines.windows(2).all(|w| w[0] <= w[1]), "{lines:?}");
}

#[test]
fn every_code_is_documented_and_has_a_bad_fixture() {
    let docs = std::fs::read_to_string(common::root().join("docs/scenario.md")).unwrap();
    let mut found = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml")
            && let Err(d) = build::load(&path)
        {
            found.extend(d.0.iter().map(|x| x.code));
        }
    }
    for (i, c) in code::ALL.iter().enumerate() {
        assert!(
            c.starts_with(&format!("E{:03}-", i + 1)),
            "codes are numbered in order: {c}"
        );
        assert!(
            docs.contains(&format!("`{c}`")),
            "{c} is not in docs/scenario.md"
        );
        assert!(
            found.contains(c),
            "no fixture in tests/fixtures/bad produces {c}"
        );
    }
}

// ---- good scenarios --------------------------------------------------------------------

#[test]
fn tutorial_loads_with_its_calendar_teams_and_sites() {
    let p = build::load(&common::root().join("scenarios/tutorial.toml"))
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
    assert_eq!(event.visit_minutes, 120);
    let remote = p.sites.iter().find(|s| s.code == "BD-04").unwrap();
    assert_eq!(remote.connectivity, 0.3);
    assert_eq!(remote.pool, 2280.0);
    // [kinds.village] visit_minutes = 210 applies to every village.
    assert!(
        p.sites
            .iter()
            .filter(|s| s.kind == SiteKind::Village)
            .all(|s| s.visit_minutes == 210)
    );
    let school = p.sites.iter().find(|s| s.kind == SiteKind::School).unwrap();
    assert_eq!(
        (school.reach, school.max_visits, school.min_gap_days),
        (0.6, 2, 60)
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
    let p = build::load(&fixture("good/csv_sites.toml")).unwrap_or_else(|d| panic!("{d}"));
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
        school.visit_minutes, 150,
        "per-site override beats the kind"
    );
    assert_eq!(p.days[school.first_day].date.to_string(), "2025-02-01");
    assert_eq!(p.days[school.last_day].date.to_string(), "2025-05-31");
    assert_eq!(p.sites[0].last_day, p.days.len() - 1);
}

#[test]
fn matrix_travel_fills_the_reverse_of_one_way_rows() {
    let p = build::load(&fixture("good/matrix.toml")).unwrap_or_else(|d| panic!("{d}"));
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
    let p = build::load(&fixture("good/graph.toml")).unwrap_or_else(|d| panic!("{d}"));
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
    let (mut file, p) = build::load_scenario(&path).unwrap();
    assert_eq!(p.sites.len(), 1);
    // A what-if edit: a second team entry with count 3.
    let mut extra = file.teams[0].clone();
    extra.id = "X".into();
    extra.count = 3;
    file.teams.push(extra);
    let p2 = build::from_file(&file, &path).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(p2.teams.len(), 4);
    // A bad edit is reported against the file, without a line (not what is on disk).
    file.teams[1].shift = "late".into();
    let d = build::from_file(&file, &path).unwrap_err();
    let x = find(&d, code::BAD_TIME, "teams[1].shift");
    assert_eq!(x.line, None);
}

#[test]
fn serialized_scenarios_read_back_identically() {
    // Guards the reader against drifting from the serde types of the format.
    let (file, _) = build::load_scenario(&common::root().join("scenarios/tutorial.toml")).unwrap();
    let text = toml::to_string(&file).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("copy.toml");
    std::fs::write(&path, text).unwrap();
    let (again, _) = build::load_scenario(&path).unwrap_or_else(|d| panic!("{d}"));
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
            if let Err(d) = build::load(&path) {
                assert!(!d.is_empty());
                assert!(
                    d.0.iter()
                        .all(|x| !x.hint.is_empty() && !x.message.is_empty())
                );
            }
        }
    }
}

// ---- the binary --------------------------------------------------------------------------

fn validate(path: &Path) -> std::process::Output {
    Command::new(common::jemput_bin())
        .arg("validate")
        .arg(path)
        .output()
        .expect("run jemput")
}

#[test]
fn binary_accepts_the_tutorial() {
    let out = validate(&common::root().join("scenarios/tutorial.toml"));
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("OK") && stdout.contains("coordinates"),
        "{stdout}"
    );
}

#[test]
fn binary_exits_2_naming_file_and_line() {
    for (rel, needle) in [
        ("bad/syntax.toml", "shift ="),
        ("bad/unknown_kind.toml", "vilage"),
        ("bad/cannot_fit.toml", "code = \"CFD\""),
    ] {
        let path = fixture(rel);
        let out = validate(&path);
        assert_eq!(out.status.code(), Some(2), "{rel}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = if rel.contains("fit") {
            header_of(&path, needle)
        } else {
            line_of(&path, needle)
        };
        let at = format!("{}:{line}:", path.display());
        assert!(stderr.contains(&at), "{rel}: expected `{at}` in:\n{stderr}");
        assert!(stderr.contains("hint:"), "{stderr}");
    }
}

#[test]
fn binary_lists_csv_rows_with_their_file() {
    let out = validate(&fixture("bad/csv_bad_value.toml"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("csv_bad_value.sites.csv:3: [E014-csv-bad-value] row 3: eligible"),
        "{stderr}"
    );
}

mod no_panic {
    use super::*;
    use proptest::prelude::*;

    const HEAD: &str = "[scenario]\nname = \"p\"\nstart = 2025-01-01\nsite_files = [\"s.csv\"]\n\
                        [target]\neligible = 10\nshare = 0.3\n\
                        [[bases]]\nid = \"o\"\nlat = -7\nlon = 110\n\
                        [[teams]]\nid = \"A\"\nbase = \"o\"\nstaff = 2\nshift = \"07:30-15:30\"\n";

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// Any text as a scenario: problems are reported, never a panic.
        #[test]
        fn any_toml_text(text in "[a-z_\\[\\]=\"0-9:., \\n{}-]{0,300}") {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("x.toml");
            std::fs::write(&path, format!("{HEAD}{text}")).unwrap();
            std::fs::write(dir.path().join("s.csv"), "code,name,kind,district,eligible\n").unwrap();
            if let Err(d) = build::load(&path) {
                prop_assert!(!d.is_empty());
            }
        }

        /// Any cells in a site CSV.
        #[test]
        fn any_site_csv(rows in proptest::collection::vec(
            proptest::collection::vec("[a-z0-9.|:-]{0,12}", 8), 0..6)
        ) {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("x.toml");
            std::fs::write(&path, HEAD).unwrap();
            let mut csv = String::from("code,name,kind,district,lat,lon,eligible,window\n");
            for r in rows {
                csv.push_str(&r.join(","));
                csv.push('\n');
            }
            std::fs::write(dir.path().join("s.csv"), csv).unwrap();
            if let Err(d) = build::load(&path) {
                prop_assert!(d.0.iter().all(|x| !x.message.is_empty()));
            }
        }
    }
}

//! One bad fixture per kind of problem (tests/fixtures/bad): code, line and field.

use super::*;

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
    // Thousands written the Indonesian way are refused, not read as 1.467 people.
    let x = expect_at(&d, code::CSV_BAD_VALUE, "row 7: eligible", f, "1.467");
    assert!(x.hint.contains("3200"), "{}", x.hint);
    assert_eq!(
        d.len(),
        5,
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
    // Car-free day 06:00-10:00 with a 180-minute shortest stay, teams start at 07:30.
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
    let d = scenario::load(Path::new("no/such/scenario.toml")).unwrap_err();
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
    for i in 0..=scenario::travel::MAX_PLACES {
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
    let p = scenario::load(&path).unwrap();
    assert!(p.travel.as_geo().is_some() && p.travel.dense().is_none());
    assert_eq!(
        p.travel.n,
        scenario::travel::MAX_PLACES + 3,
        "1 base, 1 inline site, the CSV"
    );
    // A matrix that large would not fit in memory: refused before the file is read.
    let path = dir.path().join("big_matrix.toml");
    std::fs::write(
        &path,
        format!("{toml}\n[travel]\nkind = \"matrix\"\nmatrix = \"travel.csv\"\n"),
    )
    .unwrap();
    let d = scenario::load(&path).unwrap_err();
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
            && let Err(d) = scenario::load(&path)
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

#[test]
fn kits_need_a_whole_count_and_a_share_of_connectivity() {
    let d = errors("bad/kits.toml");
    let f = "bad/kits.toml";
    expect_at(&d, code::BAD_NUMBER, "kits.count", f, "count = -1");
    let x = expect_at(
        &d,
        code::SHARE_RANGE,
        "kits.connectivity",
        f,
        "connectivity = 90",
    );
    assert!(
        x.hint.contains("0.9"),
        "a percentage is recognised: {}",
        x.hint
    );
}

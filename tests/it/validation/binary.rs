//! The real binary: `jemput validate` exits 2 naming the file and line.

use super::*;

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

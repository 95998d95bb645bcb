//! Scenario validation: one bad fixture per kind of problem (tests/fixtures/bad), each
//! checked for its code, line and field; good fixtures load into the expected `Problem`;
//! and the real binary exits 2 naming the file and line.
//! Split by kind: `bad` (one fixture per diagnostic code), `good` (scenarios that load),
//! `binary` (`jemput validate`) and `no_panic` (random input).

mod bad;
mod binary;
mod good;
mod no_panic;

use crate::common;

use jemput::problem::{SiteKind, Travel, Window};
use jemput::scenario::{self, Diagnostic, Diagnostics, code};
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(rel: &str) -> PathBuf {
    common::root().join("tests/fixtures").join(rel)
}

fn errors(rel: &str) -> Diagnostics {
    match scenario::load(&fixture(rel)) {
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

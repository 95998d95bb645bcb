//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (data and benchmark instances): `JEMPUT_SHARED` if set, else
/// `../shared` beside the project root; nothing else. A user's clone does not have it, so
/// tests that need it call this and return early on `None`, after [`skip`] has said so.
pub fn shared_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("JEMPUT_SHARED") {
        Some(v) => PathBuf::from(v),
        None => root().join("../shared"),
    };
    if dir.join("data").is_dir() {
        Some(dir)
    } else {
        skip(&format!(
            "{} not found (needs ../shared beside the project, or set JEMPUT_SHARED=<folder>)",
            dir.display()
        ));
        None
    }
}

/// Prints `SKIPPED <test>: <why>` to the test output: a test that cannot run (no shared
/// data, no browser) says so instead of passing silently. It writes to stderr directly
/// rather than through `eprintln!`, which the test harness captures, so the line shows in
/// every `cargo test` run.
pub fn skip(why: &str) {
    use std::io::Write;
    let thread = std::thread::current();
    let test = thread.name().unwrap_or("<test>");
    let _ = writeln!(std::io::stderr(), "SKIPPED {test}: {why}");
}

/// Path of the jemput binary built for the integration tests.
pub fn jemput_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jemput"))
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

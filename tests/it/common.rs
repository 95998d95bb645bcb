//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared data folder (`../shared` beside the project), if present: `JEMPUT_SHARED`,
/// else `../shared` from the crate root, else `/work/shared`. Tests that need it print a
/// message and return early when it is absent (a user's clone does not have it).
pub fn shared_dir() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("JEMPUT_SHARED").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared")),
        Some(PathBuf::from("/work/shared")),
    ];
    let found = candidates
        .into_iter()
        .flatten()
        .find(|p| p.join("data").is_dir());
    if found.is_none() {
        eprintln!("skipping: ../shared (data and benchmark instances) is not present");
    }
    found
}

/// Path of the jemput binary built for the integration tests.
pub fn jemput_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_jemput"))
}

/// The project's root folder.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

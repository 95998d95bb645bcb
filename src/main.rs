//! The `jemput` binary: parse flags, run the command, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    // Behave like other command-line tools when the reader of our output goes away
    // (`jemput validate x.toml | head`): end quietly instead of failing on a closed pipe.
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    ExitCode::from(jemput::cli::run(jemput::cli::Cli::parse()))
}

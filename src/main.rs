//! The `jemput` binary: parse flags, run the command, map the outcome to an exit code.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    ExitCode::from(jemput::cli::run(jemput::cli::Cli::parse()))
}

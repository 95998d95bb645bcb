//! `jemput validate` (in progress).

use super::Failure;

#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_args: Args) -> Result<(), Failure> {
    Err(Failure::Negative(
        "`jemput validate` is not implemented yet".into(),
    ))
}

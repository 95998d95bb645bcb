//! `jemput rollup OUT_DIR`: the roll-up of district folders planned by separate runs (for
//! example one cluster job per district), from their `summary.json` files.

use super::Failure;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Folder holding one output folder per district.
    pub out: PathBuf,
    /// Name shown on the roll-up (default: the folder name).
    #[arg(long)]
    pub name: Option<String>,
    /// Replace roll-up files someone edited.
    #[arg(long)]
    pub force: bool,
}

pub fn run(a: Args) -> Result<(), Failure> {
    let name = a.name.clone().unwrap_or_else(|| {
        a.out
            .file_name()
            .map_or("rollup".into(), |s| s.to_string_lossy().into_owned())
    });
    let rollup = crate::batch::rollup_from_folders(name, &a.out).map_err(Failure::BadInput)?;
    crate::batch::write_rollup(&a.out, &rollup, a.force)
        .map_err(|e| Failure::BadInput(e.to_string()))?;
    print!("{}", rollup.text());
    println!("\nWrote rollup.csv/json/txt in {}", a.out.display());
    if rollup.failed.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(format!(
            "{} summary file(s) could not be read; see above",
            rollup.failed.len()
        )))
    }
}

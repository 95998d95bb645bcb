//! jemput's integration tests, in one test crate so the library is linked once: one module
//! per area, with the shared helpers (paths, the jemput binary, optional data) in `common`.
//! `cargo test --test it <module>::` runs one area, e.g. `cargo test --test it validation::`.

mod common;

mod absurd_sizes;
mod alns;
mod batch;
mod checker;
mod cli_compare;
mod cli_lang;
mod cli_plan;
mod fuzz_inputs;
mod generate;
mod html_render;
mod lp_bound;
mod orienteering;
mod properties;
mod report;
mod smoke_strategies;
mod validation;

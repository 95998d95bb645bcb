//! jemput: plans *jemput bola* outreach — where each mobile civil-registry team goes on
//! each working day so that the year ends with as many digital-ID (IKD) activations as
//! possible.
//!
//! Pipeline: scenario file, read and checked by [`scenario`] → validated, immutable
//! [`problem::Problem`] → a [`plan::Plan`] from a strategy ([`strategy`]) → independent
//! [`checker`] → score by the one response model ([`response`]) → reports ([`report`]).

pub mod alns;
pub mod batch;
pub mod checker;
pub mod cli;
pub mod compare;
pub mod constructive;
pub mod generate;
pub mod i18n;
pub mod kits;
pub mod lp;
pub mod orienteering;
pub mod pipeline;
pub mod plan;
pub mod problem;
pub mod replan;
pub mod report;
pub mod response;
pub mod scenario;
pub mod schedule;
pub mod simulate;
pub mod solve;
pub mod stays;
pub mod strategy;
pub mod synthetic;
pub mod visual;
pub mod whatif;

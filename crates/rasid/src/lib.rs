//! rasid: one pass from an Arabic news article to structured knowledge.
//!
//! [`Pipeline::analyze`] takes an [`Article`] and returns an [`Analysis`]. Each stage
//! reads what earlier stages wrote and adds its own layer; no stage changes an earlier
//! layer and no stage re-tokenises:
//!
//! ```text
//! Article ─▶ text: tokens (+norm, +clitic segments), sentences ─▶ entities ─▶ dates ─▶ quotes ─▶ events
//! ```
//!
//! The models the pipeline needs are compiled into the library (see `data/` and
//! [`models`]), so an analysis needs no set-up and no download.

pub mod build;
pub mod eval;
pub mod models;
pub mod names;
pub mod pipeline;
pub mod topic;

pub use pipeline::{Pipeline, PipelineError};
pub use rasid_core::{Analysis, Article};

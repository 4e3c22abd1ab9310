//! What rasid builds on tokens and entities. Each module is one layer of the analysis:
//!
//! - [`time`]: temporal expressions with TIMEX3 types and values resolved against the
//!   publication date.

pub mod knowledge;
pub mod time;

//! What rasid builds on tokens and entities. Each module is one layer of the analysis:
//!
//! - [`time`]: temporal expressions with TIMEX3 types and values resolved against the
//!   publication date.

pub mod entities;
pub mod events;
pub mod knowledge;
pub mod quotes;
pub mod time;
pub mod translit;

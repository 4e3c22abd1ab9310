//! What rasid builds on tokens and entities. Each module is one stage of the analysis
//! (a [`rasid_core::Stage`]), in the order the pipeline runs them:
//!
//! - [`entities`]: mentions grouped into entities, with roles, affiliations and links;
//! - [`time`]: temporal expressions with TIMEX3 types and values resolved against the
//!   publication date;
//! - [`quotes`]: direct and reported quotations and their speakers;
//! - [`events`]: CAMEO-coded events with source, target, place and date.
//!
//! Their closed-class word lists are data (`data/lang/*.toml`, loaded by [`lang`]); the
//! open-class knowledge (titles, places, actors) is the built [`knowledge`] file.

pub mod entities;
pub mod events;
pub mod knowledge;
pub mod lang;
pub mod quotes;
#[cfg(test)]
mod testing;
pub mod time;
pub mod titles;
pub mod translit;

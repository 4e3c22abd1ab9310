//! The corpus: analysed articles kept in a store directory, searchable in Arabic.
//!
//! A store is a directory with `articles.sqlite` (metadata, the analysis as JSON, the
//! entities of each article) and `index/` (a tantivy index over titles and bodies with
//! rasid's Arabic analyzer). It needs no server.

pub mod analyzer;
pub mod eval;
pub mod minhash;
pub mod store;
pub mod stories;

pub use store::{CorpusEntity, IngestOutcome, SearchHit, SearchOptions, Store, StoreError};

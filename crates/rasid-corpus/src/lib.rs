//! The corpus: analysed articles kept in a store directory, searchable in Arabic.
//!
//! A store is a directory with `articles.sqlite` (metadata, the analysis as JSON, the
//! entities of each article) and `index/` (a tantivy index over titles and bodies with
//! rasid's Arabic analyzer, and each article's metadata). It needs no server. One writer
//! and any number of readers may use it at once; [`repair`] rebuilds either part from the
//! other.

pub mod analyzer;
pub mod corpus;
pub mod entities;
pub mod eval;
pub mod events;
mod facets;
mod guard;
pub mod minhash;
pub mod profile;
pub mod query;
pub mod repair;
pub mod search;
pub mod store;
pub mod stories;
#[doc(hidden)]
pub mod testing;

pub use corpus::Corpus;
pub use entities::CorpusEntity;
pub use search::{Bucket, Facets, SearchHit, SearchOptions, SearchResults, TOPICS};
pub use store::{IngestOutcome, Store, StoreError, STORE_VERSION};

//! rasid's entity tagger.
//!
//! - [`features`]: what the tagger looks at (word, clitic stem, affixes, shape, context,
//!   gazetteers, word clusters, entity [`priors`] learned from news), as hashed features in
//!   switchable groups;
//! - [`train`]: an averaged structured perceptron with IOB2-constrained Viterbi;
//! - [`model`]: the compact, versioned runtime model, which embeds the [`gazetteer`] and
//!   [`clusters`] it was trained with, so that one file is the whole tagger;
//! - [`conll`] and [`eval`]: reading CoNLL files and conlleval-style scoring.

// Numeric kernels index several arrays with one loop variable; iterators would hide that.
#![allow(clippy::needless_range_loop)]

pub mod clusters;
pub mod conll;
pub mod eval;
pub mod features;
pub mod gazetteer;
pub mod hash;
pub mod model;
pub mod names;
pub mod priors;
pub mod train;

pub use features::{Extractor, Lexicons, SentenceFeatures, TokenView};
pub use model::{Model, ModelError, ModelMeta, TAGS};

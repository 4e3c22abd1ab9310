//! The article-level layer: what an article is about, as a whole.
//!
//! ```text
//! tokens (+clitic segments) ─▶ terms (normalised stems) ─▶ topic (logistic regression)
//!                                                     └─▶ keywords (TF-IDF) ─▶ summary (3 sentences)
//! ```
//!
//! Everything works on *terms*: the normalised stem of each word, so that الحكومة،
//! وللحكومة and حكومته count as one. The model file ([`TopicModel`]) holds the classifier's
//! weights and the document frequencies of the training corpus, which keywords and the
//! summary weigh words with.

pub mod keywords;
pub mod model;
pub mod terms;
pub mod train;

pub use keywords::{keywords, summary};
pub use model::{ModelError, TopicModel};
pub use terms::{terms, Term};
pub use train::{train, TrainOptions, TrainReport};

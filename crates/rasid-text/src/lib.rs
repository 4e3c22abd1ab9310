//! rasid's text layer: everything between raw article text and words.
//!
//! The stages, in the order `rasid analyze` runs them:
//!
//! 1. [`normalize`]: the matching form of Arabic text (diacritics, tatweel, alef forms,
//!    alef maqsura, hamza carriers, digits, presentation forms, invisible controls), with
//!    a byte map back to the original when a whole text is normalised.
//! 2. [`tokenize`]: words, numbers, punctuation, URLs, e-mails, hashtags, mentions; spans
//!    are byte ranges into the original text.
//! 3. [`sentence`]: sentence boundaries over the tokens.
//! 4. [`segment`]: clitic segmentation of Arabic words (و ف ب ل ك س + ال + stem + pronoun),
//!    driven by a stem [`lexicon`] learned from unlabelled news.
//!
//! Nothing here allocates per token on the hot path: the tokeniser writes into a
//! caller-owned `Vec`, normalisation into a caller-owned `String`.

pub mod binary;
pub mod chars;
pub mod checksum;
pub mod closed;
pub mod layer;
pub mod lexicon;
pub mod normalize;
pub mod rng;
pub mod segment;
pub mod sentence;
pub mod tokenize;
pub mod words;

pub use lexicon::{Lexicon, LexiconBuilder, LexiconError};
pub use normalize::{normalize, normalize_into, normalize_with_map, Normalized};
pub use segment::{SegPiece, Segmenter};
pub use sentence::split_sentences;
pub use tokenize::{tokenize, RawToken};
pub use words::{strip_article, word, words};

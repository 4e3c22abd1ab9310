//! Reading articles: plain text, one JSON object, JSON lines (optionally gzipped),
//! directories of those, or standard input.
//!
//! Readers never panic and never drop a document silently: every document that cannot be
//! read becomes an [`IngestError`] naming the file, the line (for JSON lines) and the byte
//! offset, and the batch goes on with the next document.

mod date;
mod error;
mod json;
mod read;

pub use date::{date_from_file_name, parse_published};
pub use error::IngestError;
pub use json::article_from_json;
pub use read::{estimate_count, read_bytes, read_inputs, twins, Format, Input, ReadOptions};

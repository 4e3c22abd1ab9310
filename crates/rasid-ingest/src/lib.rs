//! Reading articles: plain text, one JSON object, JSON lines (optionally gzipped), saved
//! HTML article pages, RSS and Atom feeds, directories of those, or standard input.
//!
//! [`fetch`] and [`watch`] are the HTTP side: feeds and pages fetched politely, and what
//! `rasid watch` keeps between polls.
//!
//! Readers never panic and never drop a document silently: every document that cannot be
//! read becomes an [`IngestError`] naming the file, the line (for JSON lines) and the byte
//! offset, and the batch goes on with the next document.

mod charset;
mod date;
mod error;
mod feed;
pub mod fetch;
mod html;
mod json;
mod read;
pub mod watch;

pub use charset::{decode, Decoded};
pub use date::{date_from_file_name, parse_published};
pub use error::IngestError;
pub use feed::{feed_articles, looks_like_feed, parse as parse_feed, Feed, FeedItem};
pub use html::{extract as extract_page, page_article, Page};
pub use json::article_from_json;
pub use read::{article_from_text, estimate_count, read_bytes, read_inputs, twins, Format, Input, ReadOptions};

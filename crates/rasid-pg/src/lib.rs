//! PostgreSQL as the shared store of many rasid readers.
//!
//! The local store (`rasid-corpus`) is one directory on one machine. When the analysis runs
//! on a cluster (`scripts/cluster/spark_analyze.py` writes its output as Parquet), the
//! results go into one PostgreSQL database that every reader queries:
//!
//! - [`load`]: the job's Parquet (or `rasid analyze -f jsonl` output) into the tables of
//!   [`schema`], by upserts keyed by article id, in input order, with the local store's
//!   duplicate rules (same id, URL or text: the first stays). Loading the same analyses
//!   again changes no row.
//! - [`search`]: `rasid search`'s query language and filters, answered from a GIN index over
//!   a `tsvector` of rasid's own analyzer terms (the stems the local index holds, titles
//!   weighted `A`, bodies `D`, with positions for phrases), ranked by BM25 with the local
//!   store's parameters (titles count twice), from document frequencies the load keeps.
//!
//! - [`corpus`]: the rows `rasid serve --db` computes its views from (the merged entity
//!   list, events, stories, entity pages), by the code that computes them over a local store.
//!
//! PostgreSQL's own text search configurations know no Arabic clitics: the `simple`
//! configuration only reads the terms rasid wrote.

pub mod corpus;
pub mod eval;
pub mod load;
pub mod schema;
pub mod search;

pub use corpus::PgStore;
pub use load::{load_analyses, load_path, LoadReport};
pub use search::search;

#[derive(Debug, thiserror::Error)]
pub enum PgError {
    #[error("PostgreSQL: {0}")]
    Db(#[from] postgres::Error),
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Invalid(String),
}

/// Connects to `url` (`postgres://user@host:port/db`), with a message that names the
/// server when it cannot.
pub fn connect(url: &str) -> Result<postgres::Client, PgError> {
    postgres::Client::connect(url, postgres::NoTls).map_err(|e| {
        PgError::Input(format!(
            "cannot connect to {} ({}): is the server up? (scripts/cluster/postgres_up.sh starts one)",
            shown_url(url),
            e
        ))
    })
}

/// The URL without its password.
pub fn shown_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let user = &url[s + 3..at];
            let user = user.split(':').next().unwrap_or("");
            format!("{}{}@{}", &url[..s + 3], user, &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_are_shown_without_their_password() {
        assert_eq!(super::shown_url("postgres://u:secret@h:5/db"), "postgres://u@h:5/db");
        assert_eq!(super::shown_url("postgres://h/db"), "postgres://h/db");
    }
}

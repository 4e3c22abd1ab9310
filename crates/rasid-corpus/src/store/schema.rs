//! The database's tables, version by version.
//!
//! The DDL is an ordered list of migrations, one per store version. A new database runs
//! them all; an older one the steps after its `PRAGMA user_version`; the database is then
//! stamped with [`STORE_VERSION`]. Every step may run again on a database that already has
//! what it makes (`IF NOT EXISTS`, a column added only when it is missing): stores from
//! before formats were numbered say `user_version` 0 whichever of the later tables and
//! columns they hold.

use std::path::Path;

use rusqlite::Connection;

use super::{repair_hint, StoreError};

/// The store format this rasid reads and writes (SQLite `user_version`, and the index's
/// commit payload). 2: the index keeps each article's metadata (so the database can be
/// rebuilt from it) and names with their article (so `--person البشير` is not `بشير`).
/// 3: the index keeps source, topic and names as columns, which the facets of a search
/// count (the database is unchanged; repair rebuilds the index of a format 2 store).
pub const STORE_VERSION: i32 = 3;

/// One step of the schema: what takes a database of the version before to `version`.
struct Migration {
    version: i32,
    /// Statements that change nothing when run again.
    sql: &'static str,
    /// `(table, column, type)` added to a table an earlier step made, when it lacks the
    /// column (SQLite has no `ADD COLUMN IF NOT EXISTS`).
    columns: &'static [(&'static str, &'static str, &'static str)],
}

const MIGRATIONS: [Migration; 3] = [
    // 1: the store before formats were numbered (`user_version` 0).
    Migration {
        version: 1,
        sql: "
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, url TEXT, text_hash TEXT NOT NULL, title TEXT NOT NULL,
        published TEXT, source TEXT, category TEXT, analysis TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
    CREATE INDEX IF NOT EXISTS articles_hash ON articles(text_hash);
    CREATE TABLE IF NOT EXISTS entities (
        article TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
        role TEXT, code TEXT, published TEXT);
    CREATE INDEX IF NOT EXISTS entities_key ON entities(type, key);
    CREATE INDEX IF NOT EXISTS entities_article ON entities(article);
    CREATE TABLE IF NOT EXISTS keywords (
        article TEXT NOT NULL, stem TEXT NOT NULL, text TEXT NOT NULL, score REAL NOT NULL);
    CREATE INDEX IF NOT EXISTS keywords_article ON keywords(article);
    CREATE TABLE IF NOT EXISTS minhash (article TEXT PRIMARY KEY, signature BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, article TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS bands_key ON bands(key);
    CREATE TABLE IF NOT EXISTS near_duplicates (
        article TEXT NOT NULL, of TEXT NOT NULL, similarity REAL NOT NULL);
    CREATE INDEX IF NOT EXISTS near_duplicates_article ON near_duplicates(article);
    CREATE INDEX IF NOT EXISTS near_duplicates_of ON near_duplicates(of);",
        columns: &[],
    },
    // 2: the entity's actor dictionary entry, which the merging of spellings needs. It came
    // late in version 1, so some unnumbered stores have it already. (The rest of format 2
    // is in the index.)
    Migration {
        version: 2,
        sql: "",
        columns: &[("entities", "actor", "TEXT")],
    },
    // 3: only the index changed (its columns).
    Migration {
        version: 3,
        sql: "",
        columns: &[],
    },
];

/// Brings a database up to this store format: the steps after its `user_version`.
pub(crate) fn upgrade(db: &Connection) -> Result<(), StoreError> {
    let from = user_version(db)?;
    apply(db, from)
}

/// Every step, whatever the database's `user_version` says. For repair: a database it
/// keeps may have lost a table its version promises (only the three [`has_tables`] looks
/// for are sure to be there), and each step makes only what is missing.
pub(crate) fn upgrade_all(db: &Connection) -> Result<(), StoreError> {
    apply(db, 0)
}

fn apply(db: &Connection, from: i32) -> Result<(), StoreError> {
    db.execute_batch("PRAGMA journal_mode=WAL;")?;
    for m in MIGRATIONS.iter().filter(|m| m.version > from) {
        db.execute_batch(m.sql)?;
        for &(table, column, ty) in m.columns {
            let has = db
                .prepare("SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2")?
                .exists([table, column])?;
            if !has {
                db.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} {ty}"))?;
            }
        }
    }
    db.pragma_update(None, "user_version", STORE_VERSION)?;
    Ok(())
}

/// The store format a database says it is of (0: made before formats were numbered).
pub(crate) fn user_version(db: &Connection) -> rusqlite::Result<i32> {
    db.pragma_query_value(None, "user_version", |r| r.get(0))
}

/// Whether a database has the tables of a rasid store (an emptied or foreign file has not).
pub(crate) fn has_tables(db: &Connection) -> rusqlite::Result<bool> {
    let n: i64 = db.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('articles', 'entities', 'keywords')",
        [],
        |r| r.get(0),
    )?;
    Ok(n == 3)
}

/// Refuses a store of another format. An older one is not migrated on open: a reader
/// writes nothing, and what format 2 changed is mostly in the index (article metadata,
/// names with their article), which only a rebuild from the database gives. That is
/// repair's work, done under the writer's lock with a report: it runs [`upgrade_all`] and
/// rebuilds the index. A newer one is left to the rasid that made it.
pub(crate) fn check_version(dir: &Path, version: i32) -> Result<(), StoreError> {
    if version < STORE_VERSION {
        return Err(StoreError::Damaged(format!(
            "{} was made by an older rasid (store format {version}; this rasid reads {STORE_VERSION}): {} to rebuild its index in the new format",
            dir.display(),
            repair_hint(dir)
        )));
    }
    if version > STORE_VERSION {
        return Err(StoreError::Damaged(format!(
            "{} was made by a newer rasid (store format {version}; this rasid reads {STORE_VERSION}): use that version",
            dir.display()
        )));
    }
    Ok(())
}

//! The store: SQLite for articles and their analyses, tantivy for search.
//!
//! A store directory holds `articles.sqlite` (the articles, their analyses without tokens,
//! entities, keywords, MinHash signatures) and `index/` (tantivy: titles and bodies with
//! rasid's analyzer, the filter fields, and each article's metadata). Each part can be
//! rebuilt from the other (`repair`): the index from the stored analyses, the database by
//! analysing the index's stored texts again.
//!
//! **Writing.** One writer at a time holds `write.lock` exclusively. A batch is written to
//! the index and committed first, then to SQLite in one transaction. A crash between the
//! two leaves index documents that SQLite does not know; the next writer deletes them (it
//! knows a batch was interrupted from the `ingest.pending` marker written before the index
//! commit and removed after the database commit), so re-ingesting the same input resumes
//! where it stopped (articles already stored are skipped as duplicates).
//!
//! **Reading.** Readers never write: SQLite is opened read-only (WAL mode lets it read
//! while the writer writes) and the index without a writer. A reader takes `write.lock`
//! shared for the moment it opens, so no writer can start halfway through its checks.
//!
//! **Checks on open.** Both parts must exist and be of this store format; when no writer is
//! busy, the number of articles must agree and the newest article of each part must be in
//! the other. Index files are checked against their checksums (writers: all, every time;
//! readers: each file once, [`verify_new_files`]). A store that fails is not read or
//! written; the error says how to repair it.
//!
//! The code is split by job: `schema` the database's tables by store version, `index`
//! the search index's fields, opening and checksums, `ingest` adding articles (duplicates,
//! database rows, index documents), `rows` the rows the corpus views are computed from
//! ([`crate::Corpus`]). This module opens a store and checks it.

pub(crate) mod index;
pub(crate) mod ingest;
mod rows;
pub(crate) mod schema;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rasid_core::Analysis;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, Term};

use crate::guard::guarded;
use index::{damaged_files, open_index, register, verify_new_files, Fields, Payload};

pub use ingest::{
    body_hash, body_of, filter_words, kept_analysis, link_columns, name_key, text_hash, topic_of, IngestOutcome,
};
pub use schema::STORE_VERSION;

pub(crate) const DB_FILE: &str = "articles.sqlite";
pub(crate) const INDEX_DIR: &str = "index";
pub(crate) const LOCK_FILE: &str = "write.lock";
pub(crate) const PENDING_FILE: &str = "ingest.pending";
/// Present while a writer creates a store: a store is made of several files, and a writer
/// killed before the first (empty) commit of both parts leaves some of them half made.
/// Nothing can have been stored by then, so the next writer makes the store again.
pub(crate) const CREATING_FILE: &str = "store.creating";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("store database")]
    Sql(#[from] rusqlite::Error),
    #[error("search index")]
    Index(#[from] tantivy::TantivyError),
    /// The directory holds no store.
    #[error("{0}")]
    NotAStore(String),
    /// A part of the store is missing, unreadable, of another format, or disagrees with the
    /// other part. The message names the part and the repair.
    #[error("{0}")]
    Damaged(String),
    /// Another process is writing to the store.
    #[error("{0}")]
    Busy(String),
    /// An option that cannot be right (a limit of 0, a date range that ends before it begins).
    #[error("{0}")]
    Invalid(String),
    #[error("{0}")]
    Other(String),
}

/// The repair advice every damage message ends with.
pub(crate) fn repair_hint(dir: &Path) -> String {
    format!("run `rasid repair --store {}`", dir.display())
}

pub struct Store {
    pub(crate) dir: PathBuf,
    pub(crate) db: Connection,
    pub(crate) index: Index,
    pub(crate) reader: IndexReader,
    writer: Option<IndexWriter>,
    pub(crate) f: Fields,
    /// Held exclusively by a writer for its whole life.
    _lock: Option<File>,
}

/// Opens the database of an existing store and checks that it is one of this format.
fn open_db(dir: &Path, write: bool) -> Result<Connection, StoreError> {
    let path = dir.join(DB_FILE);
    let hint = repair_hint(dir);
    if !path.exists() {
        return Err(StoreError::Damaged(format!(
            "{}: the database is missing (the index is there): {hint} to rebuild it from the index",
            path.display()
        )));
    }
    // A file that is not SQLite at all (emptied, overwritten from the start) is refused
    // before SQLite opens it and adds its side files.
    let mut head = [0u8; 16];
    let n = File::open(&path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .unwrap_or(0);
    if n < 16 || &head != b"SQLite format 3\0" {
        return Err(StoreError::Damaged(format!(
            "{}: the database is {} (not an SQLite file): {hint} to rebuild it from the index",
            path.display(),
            if n == 0 { "empty" } else { "overwritten" }
        )));
    }
    let flags = if write {
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let damaged = |e: &dyn std::fmt::Display| {
        StoreError::Damaged(format!(
            "{}: the database cannot be read ({e}): {hint} to rebuild it from the index",
            path.display()
        ))
    };
    let db = Connection::open_with_flags(&path, flags).map_err(|e| damaged(&e))?;
    db.busy_timeout(Duration::from_secs(10)).map_err(|e| damaged(&e))?;
    if !schema::has_tables(&db).map_err(|e| damaged(&e))? {
        return Err(StoreError::Damaged(format!(
            "{}: the database has no rasid tables (emptied or replaced): {hint} to rebuild it from the index",
            path.display()
        )));
    }
    let version = schema::user_version(&db).map_err(|e| damaged(&e))?;
    schema::check_version(dir, version)?;
    Ok(db)
}

/// Removes what a writer killed while creating the store left (the caller holds the lock
/// and has seen [`CREATING_FILE`]): the database and its side files and the index
/// directory. Only these: the directory may hold the user's own files.
fn remove_unfinished(dir: &Path) -> Result<(), StoreError> {
    // A safeguard: a database that holds articles is not a creation cut short, whatever
    // the marker says (it could come back after a power loss), and is never removed.
    let db = dir.join(DB_FILE);
    if let Ok(c) = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY) {
        let n: Option<i64> = c.query_row("SELECT count(*) FROM articles", [], |r| r.get(0)).ok();
        if n.is_some_and(|n| n > 0) {
            return Err(StoreError::Damaged(format!(
                "{}: marked as being created, but its database holds articles: {} (and remove {} if it is sound)",
                dir.display(),
                repair_hint(dir),
                dir.join(CREATING_FILE).display()
            )));
        }
    }
    for name in [
        DB_FILE,
        "articles.sqlite-wal",
        "articles.sqlite-shm",
        "articles.sqlite-journal",
    ] {
        let path = dir.join(name);
        match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(StoreError::Io(path, e)),
            _ => {}
        }
    }
    let index_dir = dir.join(INDEX_DIR);
    match std::fs::remove_dir_all(&index_dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(StoreError::Io(index_dir, e)),
        _ => Ok(()),
    }
}

/// Makes a file's creation or removal in `dir` durable.
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Takes the writer's lock, waiting a little for readers that hold it for a moment.
pub(crate) fn lock_for_writing(dir: &Path) -> Result<File, StoreError> {
    let path = dir.join(LOCK_FILE);
    let f = File::options()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| StoreError::Io(path.clone(), e))?;
    for _ in 0..100 {
        match f.try_lock() {
            Ok(()) => return Ok(f),
            Err(std::fs::TryLockError::WouldBlock) => std::thread::sleep(Duration::from_millis(50)),
            Err(std::fs::TryLockError::Error(e)) => return Err(StoreError::Io(path, e)),
        }
    }
    Err(StoreError::Busy(format!(
        "{} is being written by another rasid process (an ingest or a repair): wait for it to finish",
        dir.display()
    )))
}

/// Whether a writer holds the store now; while this returns `Some(file)` with `false`, the
/// caller holds the lock shared and no writer can start.
fn lock_for_reading(dir: &Path) -> Result<(Option<File>, bool), StoreError> {
    let path = dir.join(LOCK_FILE);
    let Ok(f) = File::open(&path) else {
        return Ok((None, false));
    };
    match f.try_lock_shared() {
        Ok(()) => Ok((Some(f), false)),
        Err(std::fs::TryLockError::WouldBlock) => Ok((None, true)),
        Err(std::fs::TryLockError::Error(e)) => Err(StoreError::Io(path, e)),
    }
}

impl Store {
    /// Opens an existing store to read it. Writes nothing; fails with a message that says
    /// how to repair when the store is damaged.
    pub fn open(dir: &Path, segmenter: Arc<rasid_text::Segmenter>) -> Result<Store, StoreError> {
        let (db_there, index_there) = (dir.join(DB_FILE).exists(), dir.join(INDEX_DIR).exists());
        if !db_there && !index_there {
            return Err(StoreError::NotAStore(format!(
                "{} is not a rasid store (run `rasid ingest ... --store {}` first)",
                dir.display(),
                dir.display()
            )));
        }
        let (lock, writing) = lock_for_reading(dir)?;
        if dir.join(CREATING_FILE).exists() {
            return Err(StoreError::Busy(if writing {
                format!(
                    "{} is being created by an ingest: try again when its first batch is committed",
                    dir.display()
                )
            } else {
                format!(
                    "{} was never finished: the ingest that created it stopped before storing anything; run the ingest again",
                    dir.display()
                )
            }));
        }
        let opened = open_db(dir, false).and_then(|db| Ok((db, open_index(dir, &segmenter)?)));
        let (db, (index, reader)) = match opened {
            Ok(x) => x,
            // A store whose first batch is not committed yet.
            Err(StoreError::Damaged(_)) if writing && !dir.join(INDEX_DIR).join("meta.json").exists() => {
                return Err(StoreError::Busy(format!(
                    "{} is being created by an ingest: try again when its first batch is committed",
                    dir.display()
                )))
            }
            Err(e) => return Err(e),
        };
        let settling = writing || dir.join(PENDING_FILE).exists();
        let store = Store::assemble(dir, db, index, reader, None);
        // The index may be ahead of the database (a writer is busy, or a batch was
        // interrupted): the count check would fail, and search drops the hits the
        // database does not know yet.
        if !settling {
            store.check_consistent()?;
        }
        // The checksums are read without the lock: a writer must not wait for them.
        drop(lock);
        verify_new_files(dir, &store.index).map_err(|why| store.index_damaged(&why))?;
        Ok(store)
    }

    /// Opens a store to write into it, creating it when the directory holds none. Takes
    /// the writer's lock; finishes a batch an earlier writer left half done; refuses a
    /// store that is damaged or whose parts disagree (checking every index file's
    /// checksum: a writer must not build on damaged segments).
    pub fn open_for_writing(dir: &Path, segmenter: Arc<rasid_text::Segmenter>) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(dir.to_path_buf(), e))?;
        let lock = lock_for_writing(dir)?;
        if dir.join(CREATING_FILE).exists() {
            remove_unfinished(dir)?;
        }
        let index_dir = dir.join(INDEX_DIR);
        let index_empty = std::fs::read_dir(&index_dir)
            .map(|mut d| d.next().is_none())
            .unwrap_or(true);
        if !dir.join(DB_FILE).exists() && index_empty {
            return Store::create(dir, segmenter, lock);
        }
        let db = open_db(dir, true)?;
        let (index, reader) = open_index(dir, &segmenter)?;
        let mut store = Store::assemble(dir, db, index, reader, Some(lock));
        store.check_checksums()?;
        if dir.join(PENDING_FILE).exists() {
            store.drop_orphans()?;
            std::fs::remove_file(store.pending()).map_err(|e| StoreError::Io(store.pending(), e))?;
        }
        store.check_consistent()?;
        Ok(store)
    }

    fn assemble(dir: &Path, db: Connection, index: Index, reader: IndexReader, lock: Option<File>) -> Store {
        Store {
            dir: dir.to_path_buf(),
            db,
            index,
            reader,
            writer: None,
            f: index::schema().1,
            _lock: lock,
        }
    }

    fn create(dir: &Path, segmenter: Arc<rasid_text::Segmenter>, lock: File) -> Result<Store, StoreError> {
        let marker = dir.join(CREATING_FILE);
        File::create(&marker)
            .and_then(|f| f.sync_all())
            .and_then(|_| sync_dir(dir))
            .map_err(|e| StoreError::Io(marker.clone(), e))?;
        let index_dir = dir.join(INDEX_DIR);
        std::fs::create_dir_all(&index_dir).map_err(|e| StoreError::Io(index_dir.clone(), e))?;
        let db = Connection::open(dir.join(DB_FILE))?;
        db.busy_timeout(Duration::from_secs(10))?;
        schema::upgrade(&db)?;
        let (schema, _) = index::schema();
        let mmap = tantivy::directory::MmapDirectory::open(&index_dir).map_err(|e| StoreError::Other(e.to_string()))?;
        let index = Index::create(mmap, schema, tantivy::IndexSettings::default())?;
        register(&index, &segmenter);
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let mut store = Store::assemble(dir, db, index, reader, Some(lock));
        store.commit_index(&Payload {
            store: STORE_VERSION,
            articles: 0,
            last: None,
        })?;
        std::fs::remove_file(&marker)
            .and_then(|_| sync_dir(dir))
            .map_err(|e| StoreError::Io(marker, e))?;
        Ok(store)
    }

    /// Every index file the index uses, checked against its checksum.
    pub(crate) fn check_checksums(&self) -> Result<(), StoreError> {
        damaged_files(&self.dir, &self.index).map_err(|why| self.index_damaged(&why))
    }

    pub(crate) fn index_damaged(&self, why: &str) -> StoreError {
        StoreError::Damaged(format!(
            "{}: the search index is damaged ({why}): {} to rebuild it from the database",
            self.dir.join(INDEX_DIR).display(),
            repair_hint(&self.dir)
        ))
    }

    fn db_damaged(&self, why: &str) -> StoreError {
        StoreError::Damaged(format!(
            "{}: the database is damaged ({why}): {} to rebuild it from the index",
            self.dir.join(DB_FILE).display(),
            repair_hint(&self.dir)
        ))
    }

    /// The count and newest-article check: both parts hold the same number of articles,
    /// the newest article of the database is in the index, and the last article the index
    /// committed is in the database.
    pub(crate) fn check_consistent(&self) -> Result<(), StoreError> {
        self.check_db_length()?;
        let n_db = self.len().map_err(|e| self.db_damaged(&error_chain(&e)))?;
        let searcher = self.reader.searcher();
        let n_index = searcher.num_docs() as usize;
        let disagree = |what: String| {
            StoreError::Damaged(format!(
                "{}: the store's parts disagree ({what}): {} to rebuild what is missing",
                self.dir.display(),
                repair_hint(&self.dir)
            ))
        };
        if n_db != n_index {
            return Err(disagree(format!(
                "the database holds {n_db} articles, the search index {n_index}"
            )));
        }
        let newest: Option<String> = self
            .db
            .query_row("SELECT id FROM articles ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(|e| self.db_damaged(&e.to_string()))?;
        if let Some(id) = newest {
            let n = guarded(
                || Ok(searcher.doc_freq(&Term::from_field_text(self.f.id, &id))?),
                StoreError::Other,
            )
            .map_err(|e| self.index_damaged(&e.to_string()))?;
            if n == 0 {
                return Err(disagree(format!("the newest article {id} is not in the search index")));
            }
        }
        let payload = self.payload()?;
        if let Some(last) = payload.last {
            if !self.contains(&last)? {
                return Err(disagree(format!(
                    "the search index's last article {last} is not in the database"
                )));
            }
        }
        Ok(())
    }

    /// A database file shorter than its header says was cut (copied in part, a full disk):
    /// SQLite itself would notice only when a query reaches a missing page. Only checked
    /// when no writer is busy, since a checkpoint may write the header before the pages.
    fn check_db_length(&self) -> Result<(), StoreError> {
        let path = self.dir.join(DB_FILE);
        let mut head = [0u8; 32];
        let read = File::open(&path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head));
        if read.is_err() {
            return Err(self.db_damaged("its header cannot be read"));
        }
        let page_size = match u16::from_be_bytes([head[16], head[17]]) {
            1 => 65536,
            n => n as u64,
        };
        let pages = u32::from_be_bytes([head[28], head[29], head[30], head[31]]) as u64;
        let len = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if len < pages * page_size {
            return Err(self.db_damaged(&format!(
                "the file has {len} bytes, its header says {}: it was cut short",
                pages * page_size
            )));
        }
        Ok(())
    }

    fn payload(&self) -> Result<Payload, StoreError> {
        let metas = self
            .index
            .load_metas()
            .map_err(|e| self.index_damaged(&e.to_string()))?;
        Ok(metas
            .payload
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_default())
    }

    /// Whether the database holds an article with this id.
    pub fn contains(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .db
            .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |r| r.get::<_, i64>(0))
            .optional()
            .map_err(|e| self.db_damaged(&e.to_string()))?
            .is_some())
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, StoreError> {
        if self._lock.is_none() {
            return Err(StoreError::Other(
                "this store was opened to read: it cannot write".into(),
            ));
        }
        if self.writer.is_none() {
            self.writer = Some(self.index.writer(200_000_000)?);
        }
        Ok(self.writer.as_mut().expect("just set"))
    }

    fn commit_index(&mut self, payload: &Payload) -> Result<(), StoreError> {
        let json = serde_json::to_string(payload).map_err(|e| StoreError::Other(e.to_string()))?;
        let w = self.writer()?;
        let mut prepared = w.prepare_commit()?;
        prepared.set_payload(&json);
        prepared.commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn newest(&self) -> Result<Option<String>, StoreError> {
        Ok(self
            .db
            .query_row("SELECT id FROM articles ORDER BY rowid DESC LIMIT 1", [], |r| r.get(0))
            .optional()?)
    }

    fn pending(&self) -> PathBuf {
        self.dir.join(PENDING_FILE)
    }

    /// Sees what a writer has committed since this reader opened the store or last
    /// reloaded: the index's new segments, their files checked as on open. (The database
    /// shows every commit to each new query already.)
    pub fn reload(&self) -> Result<(), StoreError> {
        self.reader.reload()?;
        verify_new_files(&self.dir, &self.index).map_err(|why| self.index_damaged(&why))
    }

    /// A number that grows with every article stored: readers that keep results computed
    /// over the whole store compare it to know when to compute them again.
    pub fn generation(&self) -> Result<i64, StoreError> {
        Ok(self
            .db
            .query_row("SELECT coalesce(max(rowid), 0) FROM articles", [], |r| r.get(0))?)
    }

    /// The store directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// (articles in the database, live documents in the index): equal in a consistent store.
    pub fn counts(&self) -> Result<(usize, usize), StoreError> {
        Ok((self.len()?, self.reader.searcher().num_docs() as usize))
    }

    /// Up to `n` stored titles in a fixed pseudo-random order (by text hash): a query set
    /// drawn from the store itself, for benchmarks.
    pub fn sample_titles(&self, n: usize) -> Result<Vec<String>, StoreError> {
        let mut st = self
            .db
            .prepare("SELECT title FROM articles ORDER BY text_hash, id LIMIT ?1")?;
        let v = st
            .query_map([n as i64], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// Number of stored articles.
    pub fn len(&self) -> Result<usize, StoreError> {
        Ok(self
            .db
            .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize)
    }

    pub fn is_empty(&self) -> Result<bool, StoreError> {
        Ok(self.len()? == 0)
    }

    /// One stored article with its analysis (without tokens and sentences, which the store
    /// does not keep: `rasid show` computes them again).
    pub fn article(&self, id: &str) -> Result<Option<Analysis>, StoreError> {
        let json: Option<String> = self
            .db
            .query_row("SELECT analysis FROM articles WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        json.map(|j| {
            serde_json::from_str(&j).map_err(|e| self.db_damaged(&format!("the analysis of {id} does not parse: {e}")))
        })
        .transpose()
    }

    /// Every stored analysis in the order of ingest, one at a time (an export streams
    /// them). `f` may stop the walk with an error, which is returned.
    pub fn each_analysis(&self, mut f: impl FnMut(Analysis) -> Result<(), StoreError>) -> Result<(), StoreError> {
        let mut st = self.db.prepare("SELECT id, analysis FROM articles ORDER BY rowid")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let json: String = r.get(1)?;
            let a = serde_json::from_str(&json)
                .map_err(|e| self.db_damaged(&format!("the analysis of {id} does not parse: {e}")))?;
            f(a)?;
        }
        Ok(())
    }

    /// Near-duplicates of an article (either direction), most similar first.
    pub fn near_duplicates(&self, id: &str) -> Result<Vec<(String, f32)>, StoreError> {
        let mut st = self.db.prepare(
            "SELECT of, similarity FROM near_duplicates WHERE article = ?1
             UNION SELECT article, similarity FROM near_duplicates WHERE of = ?1 ORDER BY 2 DESC, 1",
        )?;
        let v = st
            .query_map([id], |r| Ok((r.get::<_, String>(0)?, r.get::<_, f64>(1)? as f32)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }

    /// All near-duplicate pairs `(later article, earlier article, similarity)`.
    pub fn near_duplicate_pairs(&self) -> Result<Vec<(String, String, f32)>, StoreError> {
        let mut st = self
            .db
            .prepare("SELECT article, of, similarity FROM near_duplicates ORDER BY article, of")?;
        let v = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, f64>(2)? as f32)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(v)
    }
}

/// An error with its causes, for messages that wrap it.
pub(crate) fn error_chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segmenter() -> Arc<rasid_text::Segmenter> {
        Arc::new(rasid_text::Segmenter::new(
            rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap(),
        ))
    }

    /// The states a writer killed while creating a store can leave (found by killing
    /// `rasid ingest` at every few milliseconds of its start): a readers says the store was
    /// never finished, and the next writer makes it again.
    #[test]
    fn a_creation_cut_short_is_made_again_by_the_next_writer() {
        type Leave = fn(&Path);
        let states: [(&str, Leave); 3] = [
            ("an empty database, no index", |d| {
                File::create(d.join(DB_FILE)).unwrap();
                std::fs::create_dir_all(d.join(INDEX_DIR)).unwrap();
            }),
            ("a database without its tables' version, an empty index", |d| {
                let db = Connection::open(d.join(DB_FILE)).unwrap();
                db.execute_batch("CREATE TABLE articles (id TEXT); CREATE TABLE entities (id TEXT); CREATE TABLE keywords (id TEXT);").unwrap();
                std::fs::create_dir_all(d.join(INDEX_DIR)).unwrap();
            }),
            ("both parts made, the first commit not yet", |d| {
                let seg = segmenter();
                drop(Store::open_for_writing(d, seg).unwrap());
                std::fs::remove_file(d.join(INDEX_DIR).join("meta.json")).unwrap();
            }),
        ];
        for (what, leave) in states {
            let dir = tempfile::tempdir().unwrap();
            leave(dir.path());
            File::create(dir.path().join(CREATING_FILE)).unwrap();
            std::fs::write(dir.path().join("notes.txt"), "the user's own file").unwrap();
            let Err(e) = Store::open(dir.path(), segmenter()) else {
                panic!("{what}: a reader opened a store never finished")
            };
            assert!(e.to_string().contains("never finished"), "{what}: {e}");
            let store = Store::open_for_writing(dir.path(), segmenter()).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(store.len().unwrap(), 0, "{what}");
            drop(store);
            assert!(!dir.path().join(CREATING_FILE).exists(), "{what}");
            assert!(
                dir.path().join("notes.txt").exists(),
                "{what}: only the store's own files go"
            );
            Store::open(dir.path(), segmenter()).unwrap_or_else(|e| panic!("{what}: {e}"));
        }
    }
}

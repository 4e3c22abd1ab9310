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

use std::collections::HashSet;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rasid_core::{Analysis, Article, DocumentInfo, EntityType};
use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::ArabicTokenizer;
use crate::guard::guarded;
use crate::minhash;

/// The store format this rasid reads and writes (SQLite `user_version`, and the index's
/// commit payload). 2: the index keeps each article's metadata (so the database can be
/// rebuilt from it) and names with their article (so `--person البشير` is not `بشير`).
pub const STORE_VERSION: i32 = 2;

pub(crate) const DB_FILE: &str = "articles.sqlite";
pub(crate) const INDEX_DIR: &str = "index";
pub(crate) const LOCK_FILE: &str = "write.lock";
pub(crate) const PENDING_FILE: &str = "ingest.pending";

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

/// What happened to one article on ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    Stored,
    /// Already in the store: same id, same URL, or the same text.
    Duplicate(String),
}

#[derive(Clone, Copy)]
pub(crate) struct Fields {
    pub id: Field,
    pub title: Field,
    pub body: Field,
    pub source: Field,
    pub topic: Field,
    pub date: Field,
    pub per: Field,
    pub loc: Field,
    pub org: Field,
    /// The article's metadata as JSON ([`StoredDoc`]), stored only.
    pub doc: Field,
}

/// What the index keeps of an article beyond its text: enough to analyse it again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct StoredDoc {
    #[serde(flatten)]
    pub info: DocumentInfo,
    /// False for `ingest --index-only`, whose articles a rebuild must not analyse.
    pub analysed: bool,
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

const TOKENIZER: &str = "rasid_ar";

pub(crate) fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored();
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        source: b.add_text_field("source", STRING | STORED),
        topic: b.add_text_field("topic", STRING | STORED),
        date: b.add_i64_field("date", INDEXED | FAST | STORED),
        per: b.add_text_field("per", STRING),
        loc: b.add_text_field("loc", STRING),
        org: b.add_text_field("org", STRING),
        doc: b.add_text_field("doc", STORED),
    };
    (b.build(), f)
}

/// The key a name is grouped by in the entity list: normalised, article-insensitive words
/// (البشير and بشير share one; the actor links tell them apart there).
pub fn name_key(name: &str) -> String {
    filter_words(name)
        .iter()
        .map(|w| rasid_text::strip_article(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The normalised words of a name, article kept: what the name filters of search match.
pub fn filter_words(name: &str) -> Vec<String> {
    rasid_text::normalize(name)
        .split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

pub(crate) fn date_key(d: &str) -> Option<i64> {
    d.replace('-', "").parse().ok()
}

fn text_hash(text: &str) -> String {
    format!("{:016x}", rasid_text::checksum::text_fingerprint(text))
}

/// The body of an analysed article: its text after the title and the blank line.
pub(crate) fn body_of(a: &Analysis) -> &str {
    let rest = a.text.get(a.document.title.len()..).unwrap_or("");
    rest.strip_prefix("\n\n").unwrap_or(rest)
}

/// Whether an analysis came from the pipeline (an index-only one has no layers at all; the
/// topic classifier labels every analysed article).
pub(crate) fn is_analysed(a: &Analysis) -> bool {
    a.topic.is_some() || !a.tokens.is_empty() || !a.entities.is_empty()
}

const TABLES: &str = "
    CREATE TABLE IF NOT EXISTS articles (
        id TEXT PRIMARY KEY, url TEXT, text_hash TEXT NOT NULL, title TEXT NOT NULL,
        published TEXT, source TEXT, category TEXT, analysis TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS articles_url ON articles(url);
    CREATE INDEX IF NOT EXISTS articles_hash ON articles(text_hash);
    CREATE TABLE IF NOT EXISTS entities (
        article TEXT NOT NULL, type TEXT NOT NULL, name TEXT NOT NULL, key TEXT NOT NULL,
        role TEXT, code TEXT, published TEXT, actor TEXT);
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
    CREATE INDEX IF NOT EXISTS near_duplicates_of ON near_duplicates(of);";

/// Creates the tables of this store format in a new database, or brings an older store's
/// tables up to it (the `actor` column came late).
pub(crate) fn create_tables(db: &Connection) -> Result<(), StoreError> {
    db.execute_batch("PRAGMA journal_mode=WAL;")?;
    db.execute_batch(TABLES)?;
    let has_actor = db
        .prepare("SELECT 1 FROM pragma_table_info('entities') WHERE name = 'actor'")?
        .exists([])?;
    if !has_actor {
        db.execute_batch("ALTER TABLE entities ADD COLUMN actor TEXT")?;
    }
    db.pragma_update(None, "user_version", STORE_VERSION)?;
    Ok(())
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
    if !has_tables(&db).map_err(|e| damaged(&e))? {
        return Err(StoreError::Damaged(format!(
            "{}: the database has no rasid tables (emptied or replaced): {hint} to rebuild it from the index",
            path.display()
        )));
    }
    let version: i32 = db
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .map_err(|e| damaged(&e))?;
    check_version(dir, version)?;
    Ok(db)
}

fn check_version(dir: &Path, version: i32) -> Result<(), StoreError> {
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

/// The index files whose checksum is wrong, as the reason an index is damaged: every file
/// of the committed segments (writers, `rasid check`).
pub(crate) fn damaged_files(dir: &Path, index: &Index) -> Result<(), String> {
    check_files(dir, index, false)
}

/// Where a reader remembers which index files it has found sound: outside the store (a
/// reader writes nothing into it), in the user's cache directory; `None` when there is
/// none, and then every file is checked on every open.
fn verified_list(index_dir: &Path) -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))?;
    let key = std::fs::canonicalize(index_dir).ok()?;
    let hash = rasid_text::checksum::text_fingerprint(&key.to_string_lossy());
    Some(base.join("rasid").join("verified").join(format!("{hash:016x}")))
}

/// Checks the checksum of every file of the committed segments that this user's readers
/// have not checked before. A file is remembered by name, length and modification time,
/// so bytes overwritten in place (which change the time) are checked again, and a search
/// pays for a segment once, not on every open. Damage that keeps the time (bit rot) is
/// what `rasid check` and every writer find: they check every file.
pub(crate) fn verify_new_files(dir: &Path, index: &Index) -> Result<(), String> {
    check_files(dir, index, true)
}

/// The checksum check of the committed segments' files; with `remember`, only the files
/// not in this user's list of sound files, which is then brought up to date.
fn check_files(dir: &Path, index: &Index, remember: bool) -> Result<(), String> {
    let list = if remember {
        verified_list(&dir.join(INDEX_DIR))
    } else {
        None
    };
    let known: HashSet<String> = list
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .map(|s| s.lines().map(str::to_string).collect())
        .unwrap_or_default();
    let metas = index.load_metas().map_err(|e| e.to_string())?;
    let mut files: Vec<PathBuf> = metas.list_segment_files().into_iter().collect();
    files.sort();
    let mut sound = Vec::new();
    let mut bad = Vec::new();
    for f in files {
        let path = dir.join(INDEX_DIR).join(&f);
        let Ok(m) = std::fs::metadata(&path) else {
            continue; // a component this segment does not have
        };
        let mtime = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let line = format!("{}\t{}\t{mtime}", f.display(), m.len());
        if !known.contains(&line) {
            let ok = guarded(
                || {
                    index
                        .directory()
                        .validate_checksum(&f)
                        .map_err(|e| StoreError::Other(e.to_string()))
                },
                StoreError::Other,
            )
            .unwrap_or(false);
            if !ok {
                // A file a writer's merge has just removed is not damage.
                if path.exists() {
                    bad.push(f.display().to_string());
                }
                continue;
            }
        }
        sound.push(line);
    }
    if !bad.is_empty() {
        return Err(format!("damaged files: {}", bad.join(", ")));
    }
    // Remembered for next time; a list that cannot be written only costs time.
    if let Some(p) = list {
        if sound.iter().any(|l| !known.contains(l)) {
            let tmp = p.with_extension(format!("tmp{}", std::process::id()));
            let written = p
                .parent()
                .map(std::fs::create_dir_all)
                .transpose()
                .and_then(|_| std::fs::write(&tmp, sound.join("\n")))
                .and_then(|_| std::fs::rename(&tmp, &p));
            if written.is_err() {
                let _ = std::fs::remove_file(&tmp);
            }
        }
    }
    Ok(())
}

/// Opens the index of an existing store with rasid's analyzer registered.
pub(crate) fn open_index(dir: &Path, seg: &Arc<rasid_text::Segmenter>) -> Result<(Index, IndexReader), StoreError> {
    let path = dir.join(INDEX_DIR);
    let hint = repair_hint(dir);
    if !path.join("meta.json").exists() {
        let what = if path.is_dir() {
            "has lost its meta.json"
        } else {
            "is missing"
        };
        return Err(StoreError::Damaged(format!(
            "{}: the search index {what}: {hint} to rebuild it from the database",
            path.display()
        )));
    }
    let damaged = |e: String| {
        StoreError::Damaged(format!(
            "{}: the search index cannot be read ({e}): {hint} to rebuild it from the database",
            path.display()
        ))
    };
    guarded(
        || {
            let mmap = tantivy::directory::MmapDirectory::open(&path).map_err(|e| StoreError::Other(e.to_string()))?;
            let index = Index::open(mmap)?;
            if index.schema().get_field("doc").is_err() {
                return Err(StoreError::Damaged(format!(
                    "{} was made by an older rasid (its index keeps no article metadata): {} to rebuild its index in the new format",
                    dir.display(),
                    repair_hint(dir)
                )));
            }
            register(&index, seg);
            let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
            Ok((index, reader))
        },
        StoreError::Other,
    )
    .map_err(|e| match e {
        StoreError::Damaged(_) => e,
        other => damaged(other.to_string()),
    })
}

pub(crate) fn register(index: &Index, seg: &Arc<rasid_text::Segmenter>) {
    index
        .tokenizers()
        .register(TOKENIZER, TextAnalyzer::from(ArabicTokenizer::new(seg.clone())));
}

/// The commit payload of the index: which store format wrote it, and the state it
/// committed (the database commits after it).
#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Payload {
    pub store: i32,
    pub articles: usize,
    pub last: Option<String>,
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
            f: schema().1,
            _lock: lock,
        }
    }

    fn create(dir: &Path, segmenter: Arc<rasid_text::Segmenter>, lock: File) -> Result<Store, StoreError> {
        let index_dir = dir.join(INDEX_DIR);
        std::fs::create_dir_all(&index_dir).map_err(|e| StoreError::Io(index_dir.clone(), e))?;
        let db = Connection::open(dir.join(DB_FILE))?;
        db.busy_timeout(Duration::from_secs(10))?;
        create_tables(&db)?;
        let (schema, _) = schema();
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

    /// Deletes index documents whose article row is missing (a crash between the two commits).
    fn drop_orphans(&mut self) -> Result<(), StoreError> {
        let mut orphans = Vec::new();
        for (id, _) in crate::repair::index_documents(&self.reader.searcher(), self.f)?.docs {
            if !self.contains(&id)? {
                orphans.push(id);
            }
        }
        if !orphans.is_empty() {
            let f = self.f;
            let w = self.writer()?;
            for id in &orphans {
                w.delete_term(Term::from_field_text(f.id, id));
            }
            let payload = Payload {
                store: STORE_VERSION,
                articles: self.len()?,
                last: self.newest()?,
            };
            self.commit_index(&payload)?;
        }
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

    /// Why an article read from the input need not be analysed: it is already stored
    /// (same id, same URL, or the same body). Ingest asks this before analysing.
    pub fn duplicate_of_article(&self, a: &Article) -> Result<Option<String>, StoreError> {
        self.duplicate_of(&a.id, a.url.as_deref(), &text_hash(&a.body))
    }

    fn duplicate_of(&self, id: &str, url: Option<&str>, hash: &str) -> Result<Option<String>, StoreError> {
        let by = |sql: &str, v: &str| -> Result<Option<String>, rusqlite::Error> {
            self.db.query_row(sql, [v], |r| r.get(0)).optional()
        };
        if let Some(id) = by("SELECT id FROM articles WHERE id = ?1", id)? {
            return Ok(Some(format!("same id as {id}")));
        }
        if let Some(url) = url.filter(|u| !u.is_empty()) {
            if let Some(id) = by("SELECT id FROM articles WHERE url = ?1", url)? {
                return Ok(Some(format!("same URL as {id}")));
            }
        }
        if let Some(id) = by("SELECT id FROM articles WHERE text_hash = ?1", hash)? {
            return Ok(Some(format!("same text as {id}")));
        }
        Ok(None)
    }

    /// The index document of an analysed article.
    pub(crate) fn index_doc(f: Fields, a: &Analysis) -> TantivyDocument {
        let body = body_of(a);
        let stored = StoredDoc {
            info: a.document.clone(),
            analysed: is_analysed(a),
        };
        let mut d = doc!(
            f.id => a.document.id.clone(),
            f.title => a.document.title.clone(),
            f.body => body.to_string(),
            f.doc => serde_json::to_string(&stored).unwrap_or_default(),
        );
        if let Some(s) = &a.document.source {
            d.add_text(f.source, s);
        }
        // The topic filter uses the source's own section when it gives one, else the
        // classifier's label (both are ANT-style names when the source is ANT-like).
        let given = a.document.category.as_deref().filter(|c| !c.is_empty());
        if let Some(c) = given.or(a.topic.as_ref().map(|t| t.label.as_str())) {
            d.add_text(f.topic, c);
        }
        if let Some(k) = a.document.published.as_deref().and_then(date_key) {
            d.add_i64(f.date, k);
        }
        for e in &a.entities {
            let field = match e.kind {
                EntityType::Per => f.per,
                EntityType::Loc => f.loc,
                EntityType::Org => f.org,
                EntityType::Misc => continue,
            };
            d.add_text(field, filter_words(&e.canonical).join(" "));
        }
        d
    }

    /// Stores a batch of analyses: index first, then the database, each committed once.
    pub fn ingest(&mut self, batch: &[Analysis]) -> Result<Vec<IngestOutcome>, StoreError> {
        let f = self.f;
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut rows = Vec::new();
        let mut seen_hashes = HashSet::new();
        let mut seen_ids = HashSet::new();
        let mut seen_urls = HashSet::new();
        for a in batch {
            let hash = text_hash(body_of(a));
            let url = a.document.url.as_deref().filter(|u| !u.is_empty());
            let dup = match self.duplicate_of(&a.document.id, url, &hash)? {
                Some(d) => Some(d),
                None if !seen_ids.insert(a.document.id.clone()) => Some("same id as an article of this batch".into()),
                None if url.is_some_and(|u| !seen_urls.insert(u.to_string())) => {
                    Some("same URL as an article of this batch".into())
                }
                None if !seen_hashes.insert(hash.clone()) => Some("same text as an article of this batch".into()),
                None => None,
            };
            if let Some(d) = dup {
                outcomes.push(IngestOutcome::Duplicate(d));
                continue;
            }
            self.writer()?.add_document(Store::index_doc(f, a))?;
            rows.push((a, hash));
            outcomes.push(IngestOutcome::Stored);
        }
        if rows.is_empty() {
            return Ok(outcomes);
        }
        std::fs::write(self.pending(), b"").map_err(|e| StoreError::Io(self.pending(), e))?;
        let payload = Payload {
            store: STORE_VERSION,
            articles: self.len()? + rows.len(),
            last: rows.last().map(|(a, _)| a.document.id.clone()),
        };
        self.commit_index(&payload)?;
        let tx = self.db.transaction()?;
        for (a, hash) in rows {
            insert_rows(&tx, a, &hash)?;
        }
        tx.commit()?;
        std::fs::remove_file(self.pending()).map_err(|e| StoreError::Io(self.pending(), e))?;
        Ok(outcomes)
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

    /// The SQLite connection, for the corpus-level jobs in this crate (stories).
    pub(crate) fn db(&self) -> &Connection {
        &self.db
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

/// The database rows of one analysed article (in the caller's transaction).
pub(crate) fn insert_rows(tx: &Connection, a: &Analysis, hash: &str) -> Result<(), StoreError> {
    // Tokens and sentences are most of an analysis and cheap to recompute from the
    // text: the store keeps the rest (entities, dates, quotes, events).
    let mut kept = a.clone();
    kept.tokens = Vec::new();
    kept.sentences = Vec::new();
    let json = serde_json::to_string(&kept).map_err(|e| StoreError::Other(e.to_string()))?;
    tx.execute(
        "INSERT INTO articles (id, url, text_hash, title, published, source, category, analysis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![a.document.id, a.document.url, hash, a.document.title, a.document.published, a.document.source, a.document.category, json],
    )?;
    for e in &a.entities {
        let (code, actor) = match &e.link {
            Some(rasid_core::Link::Actor { code, name, .. }) => (Some(code.clone()), Some(name.clone())),
            Some(rasid_core::Link::Place { country, .. }) => (Some(country.clone()), None),
            None => (None, None),
        };
        tx.execute(
            "INSERT INTO entities (article, type, name, key, role, code, published, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![a.document.id, e.kind.as_str(), e.canonical, name_key(&e.canonical), e.role, code, a.document.published, actor],
        )?;
    }
    for k in &a.keywords {
        tx.execute(
            "INSERT INTO keywords (article, stem, text, score) VALUES (?1, ?2, ?3, ?4)",
            params![a.document.id, k.stem, k.text, k.score],
        )?;
    }
    if let Some(sig) = minhash::signature(body_of(a)) {
        record_near_duplicates(tx, &a.document.id, &sig)?;
    }
    Ok(())
}

/// The hash duplicates are found by: of the article's body.
pub(crate) fn body_hash(a: &Analysis) -> String {
    text_hash(body_of(a))
}

/// Finds stored articles whose body is a near-duplicate of this one (through the LSH band
/// table, confirmed on the signatures), records the pairs, then files the new signature.
fn record_near_duplicates(tx: &Connection, id: &str, sig: &minhash::Signature) -> Result<(), StoreError> {
    let keys = minhash::band_keys(sig);
    let mut candidates: HashSet<String> = HashSet::new();
    {
        let mut st = tx.prepare_cached("SELECT article FROM bands WHERE key = ?1")?;
        for k in keys {
            for r in st.query_map([k], |r| r.get::<_, String>(0))? {
                candidates.insert(r?);
            }
        }
    }
    let mut candidates: Vec<String> = candidates.into_iter().collect();
    candidates.sort();
    let mut get = tx.prepare_cached("SELECT signature FROM minhash WHERE article = ?1")?;
    for c in candidates {
        if c == id {
            continue;
        }
        let other: Option<Vec<u8>> = get.query_row([&c], |r| r.get(0)).optional()?;
        let Some(other) = other.as_deref().and_then(minhash::from_bytes) else {
            continue;
        };
        let s = minhash::similarity(sig, &other);
        if s >= minhash::NEAR_DUPLICATE {
            tx.execute(
                "INSERT INTO near_duplicates (article, of, similarity) VALUES (?1, ?2, ?3)",
                params![id, c, s],
            )?;
        }
    }
    tx.execute(
        "INSERT OR REPLACE INTO minhash (article, signature) VALUES (?1, ?2)",
        params![id, minhash::to_bytes(sig)],
    )?;
    let mut ins = tx.prepare_cached("INSERT INTO bands (key, article) VALUES (?1, ?2)")?;
    for k in keys {
        ins.execute(params![k, id])?;
    }
    Ok(())
}

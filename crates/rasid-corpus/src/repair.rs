//! Checking a store and rebuilding what is damaged, each part from the other.
//!
//! The database holds every article's analysis, so the index is rebuilt from it without
//! analysing anything. The index stores every article's title, body and metadata, so the
//! database is rebuilt from it by analysing those texts again (the pipeline is
//! deterministic: the same rasid gives the same analyses). Repair takes the union: an
//! article in either readable part is in both afterwards. Damaged files are moved into
//! `damaged-<time>/` in the store, never deleted, so a repair loses nothing it could not
//! read.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasid_core::{Analysis, Article};
use rusqlite::Connection;
use serde::Serialize;
use tantivy::schema::Value;
use tantivy::{Index, ReloadPolicy, Searcher, TantivyDocument};

use crate::guard::guarded;
use crate::store::index::{damaged_files, open_index, register, schema, Fields, Payload, StoredDoc};
use crate::store::ingest::{body_hash, insert_rows};
use crate::store::schema::{has_tables, upgrade_all, user_version};
use crate::store::{error_chain, lock_for_writing, Store, StoreError, DB_FILE, INDEX_DIR, PENDING_FILE, STORE_VERSION};

/// The readable documents of an index, by article id, and how many could not be read.
pub(crate) struct IndexDocs {
    pub docs: Vec<(String, TantivyDocument)>,
    pub unreadable: usize,
}

/// Reads every live document of every segment; a segment that cannot be read (its store
/// file damaged) counts its documents as unreadable instead of failing the whole read.
pub(crate) fn index_documents(searcher: &Searcher, f: Fields) -> Result<IndexDocs, StoreError> {
    let mut out = IndexDocs {
        docs: Vec::new(),
        unreadable: 0,
    };
    for seg in searcher.segment_readers() {
        let read = guarded(
            || {
                let store = seg.get_store_reader(1).map_err(|e| StoreError::Other(e.to_string()))?;
                let mut docs = Vec::new();
                for d in 0..seg.max_doc() {
                    if seg.is_deleted(d) {
                        continue;
                    }
                    let doc: TantivyDocument = store.get(d)?;
                    if let Some(id) = doc.get_first(f.id).and_then(|v| v.as_str()) {
                        docs.push((id.to_string(), doc));
                    }
                }
                Ok(docs)
            },
            StoreError::Other,
        );
        match read {
            Ok(docs) => out.docs.extend(docs),
            Err(_) => out.unreadable += seg.num_docs() as usize,
        }
    }
    Ok(out)
}

/// The article an index document was made from.
fn article_of(f: Fields, id: &str, doc: &TantivyDocument) -> (Article, bool) {
    let s = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
    let stored: Option<StoredDoc> = s(f.doc).and_then(|j| serde_json::from_str(&j).ok());
    let (info, analysed) = match stored {
        Some(d) => (d.info, d.analysed),
        None => (
            rasid_core::DocumentInfo {
                id: id.to_string(),
                title: s(f.title).unwrap_or_default(),
                source: s(f.source),
                ..Default::default()
            },
            true,
        ),
    };
    let published = info
        .published
        .as_deref()
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let published_from = match info.published_from.as_deref() {
        Some("input") => Some("input"),
        Some("option") => Some("option"),
        Some("filename") => Some("filename"),
        _ => None,
    };
    let article = Article {
        id: id.to_string(),
        title: info.title.clone(),
        body: s(f.body).unwrap_or_default(),
        url: info.url,
        source: info.source,
        category: info.category,
        author: info.author,
        published_raw: None,
        published,
        published_from,
        origin: "the store's index".into(),
    };
    (article, analysed)
}

/// What `repair` found and did.
#[derive(Debug, Default, Serialize)]
pub struct RepairReport {
    /// Articles in the store afterwards.
    pub articles: usize,
    /// What was wrong, as the checks on open would have said it.
    pub problems: Vec<String>,
    pub database_rebuilt: bool,
    pub index_rebuilt: bool,
    /// Articles found only in the index and analysed again into the database.
    pub reanalysed: usize,
    /// Index documents that could not be read (in damaged segments).
    pub unreadable: usize,
    /// Where the damaged files were moved.
    pub moved_aside: Vec<PathBuf>,
}

/// The problems the checks on open, the index files' checksums and SQLite's own
/// integrity check find; empty when the store is sound.
pub fn check(dir: &Path, seg: Arc<rasid_text::Segmenter>) -> Result<Vec<String>, StoreError> {
    Ok(findings(dir, seg)?.problems)
}

/// What `check` found, and which of the two long checks ran and passed (`None`: not run,
/// the store did not open), so that `repair` need not run them again.
struct Findings {
    problems: Vec<String>,
    index_checksums_sound: Option<bool>,
    database_integrity_sound: Option<bool>,
}

fn findings(dir: &Path, seg: Arc<rasid_text::Segmenter>) -> Result<Findings, StoreError> {
    let store = match Store::open(dir, seg) {
        Ok(s) => s,
        Err(e @ StoreError::Damaged(_)) => {
            return Ok(Findings {
                problems: vec![e.to_string()],
                index_checksums_sound: None,
                database_integrity_sound: None,
            })
        }
        Err(e) => return Err(e),
    };
    let mut problems = Vec::new();
    let checksums = store.check_checksums();
    if let Err(e) = &checksums {
        problems.push(e.to_string());
    }
    let integrity = match store
        .db
        .query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0))
    {
        Ok(s) if s == "ok" => Ok(()),
        Ok(s) => Err(s),
        Err(e) => Err(error_chain(&e)),
    };
    if let Err(why) = &integrity {
        problems.push(format!(
            "{}: the database is damaged ({why})",
            dir.join(DB_FILE).display()
        ));
    }
    Ok(Findings {
        problems,
        index_checksums_sound: Some(checksums.is_ok()),
        database_integrity_sound: Some(integrity.is_ok()),
    })
}

/// A database that can be read through, whatever its format version; `verified` when
/// SQLite's integrity check has just passed on it.
fn readable_db(path: &Path, verified: bool) -> Result<Connection, String> {
    if !path.exists() {
        return Err("the database is missing".into());
    }
    let db = Connection::open(path).map_err(|e| error_chain(&e))?;
    if !has_tables(&db).map_err(|e| error_chain(&e))? {
        return Err("the database has no rasid tables".into());
    }
    if verified {
        return Ok(db);
    }
    let check: String = db
        .query_row("PRAGMA quick_check", [], |r| r.get(0))
        .map_err(|e| error_chain(&e))?;
    if check != "ok" {
        return Err(format!("the database is damaged ({check})"));
    }
    Ok(db)
}

/// Moves a damaged file or directory into the store's `damaged-<time>/` directory.
fn move_aside(dir: &Path, stamp: &str, name: &str, report: &mut RepairReport) -> Result<(), StoreError> {
    let from = dir.join(name);
    if !from.exists() {
        return Ok(());
    }
    let aside = dir.join(format!("damaged-{stamp}"));
    std::fs::create_dir_all(&aside).map_err(|e| StoreError::Io(aside.clone(), e))?;
    let to = aside.join(name);
    std::fs::rename(&from, &to).map_err(|e| StoreError::Io(from.clone(), e))?;
    report.moved_aside.push(to);
    Ok(())
}

/// Checks a store and rebuilds what is missing or damaged (see the module comment).
/// `analyze` analyses a batch of articles (the caller decides how: the CLI uses every
/// core); `progress` is told (done, total) of each long step.
pub fn repair(
    dir: &Path,
    seg: Arc<rasid_text::Segmenter>,
    analyze: &dyn Fn(&[Article]) -> Vec<Analysis>,
    progress: &dyn Fn(&str, usize, usize),
) -> Result<RepairReport, StoreError> {
    if !dir.join(DB_FILE).exists() && !dir.join(INDEX_DIR).exists() {
        return Err(StoreError::NotAStore(format!("{} is not a rasid store", dir.display())));
    }
    refuse_newer_format(dir)?;
    // The same findings as `rasid check`, so that the two never disagree.
    let mut found = findings(dir, seg.clone())?;
    let mut report = RepairReport {
        problems: std::mem::take(&mut found.problems),
        ..RepairReport::default()
    };
    let pending = dir.join(PENDING_FILE).exists();
    let lock = lock_for_writing(dir)?;
    let f = schema().1;

    let index = OldIndex::read(dir, &seg, f, &found)?;
    report.unreadable = index.docs.unreadable;
    if report.problems.is_empty() && !pending {
        report.articles = index.docs.docs.len();
        return Ok(report);
    }
    let stamp = chrono_stamp();

    let db = kept_or_new_db(dir, &stamp, &found, &index.docs, &mut report)?;
    // Every migration, not only those after the database's version: see `upgrade_all`.
    upgrade_all(&db)?;
    report.reanalysed = add_missing_articles(&db, f, &index.docs, analyze, progress)?;
    let (index_ok, in_index) = (index.sound, index.docs.docs.len());
    drop(index);

    // The index: rebuilt from the database unless it was sound and nothing was added.
    let in_db: usize = db.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize;
    if !index_ok || report.reanalysed > 0 || pending || in_db != in_index {
        rebuild_index(dir, &seg, &db, f, progress)?;
        swap_in_new_index(dir, index_ok, &stamp, &mut report)?;
    }
    let pending = dir.join(PENDING_FILE);
    if pending.exists() {
        std::fs::remove_file(&pending).map_err(|e| StoreError::Io(pending, e))?;
    }
    report.articles = db.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))? as usize;
    drop(db);
    drop(lock);
    Ok(report)
}

/// A store of a newer format is that rasid's to repair: this one would write its own
/// older format into it.
fn refuse_newer_format(dir: &Path) -> Result<(), StoreError> {
    if let Ok(db) = Connection::open_with_flags(dir.join(DB_FILE), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY) {
        if let Ok(v) = user_version(&db) {
            if v > STORE_VERSION {
                return Err(StoreError::Damaged(format!(
                    "{} was made by a newer rasid (store format {v}; this rasid writes {STORE_VERSION}): repair it with that version",
                    dir.display()
                )));
            }
        }
    }
    Ok(())
}

/// What the store's index holds, read before anything is rebuilt. It stays open until the
/// database is whole again, and is let go before a new index replaces it.
struct OldIndex {
    _opened: Result<(Index, tantivy::IndexReader), StoreError>,
    docs: IndexDocs,
    /// Every document readable and every file's checksum right.
    sound: bool,
}

impl OldIndex {
    fn read(dir: &Path, seg: &Arc<rasid_text::Segmenter>, f: Fields, found: &Findings) -> Result<OldIndex, StoreError> {
        let opened = open_index(dir, seg);
        let (docs, sound) = match &opened {
            Ok((index, reader)) => {
                let searcher = reader.searcher();
                let docs = index_documents(&searcher, f)?;
                // An index of an older format (fields without the columns format 3 added)
                // is read for its documents and rebuilt.
                let current = serde_json::to_value(index.schema()).ok() == serde_json::to_value(schema().0).ok();
                let ok = current
                    && docs.unreadable == 0
                    && found
                        .index_checksums_sound
                        .unwrap_or_else(|| damaged_files(dir, index).is_ok());
                (docs, ok)
            }
            Err(_) => (
                IndexDocs {
                    docs: Vec::new(),
                    unreadable: 0,
                },
                false,
            ),
        };
        Ok(OldIndex {
            _opened: opened,
            docs,
            sound,
        })
    }
}

/// The database: kept when readable, else moved aside and a new one made, to be filled
/// from the index.
fn kept_or_new_db(
    dir: &Path,
    stamp: &str,
    found: &Findings,
    docs: &IndexDocs,
    report: &mut RepairReport,
) -> Result<Connection, StoreError> {
    let db_path = dir.join(DB_FILE);
    match readable_db(&db_path, found.database_integrity_sound == Some(true)) {
        Ok(db) => Ok(db),
        Err(why) => {
            if docs.docs.is_empty() {
                return Err(StoreError::Damaged(format!(
                    "{}: {why}, and the search index has no readable article to rebuild it from: re-ingest the source files into a new store",
                    dir.display()
                )));
            }
            for name in [DB_FILE, "articles.sqlite-wal", "articles.sqlite-shm"] {
                move_aside(dir, stamp, name, report)?;
            }
            report.database_rebuilt = true;
            Ok(Connection::open(&db_path)?)
        }
    }
}

/// Analyses the articles only the index holds into the database, in chunks that each
/// commit (an interrupted repair keeps what it did); returns how many there were.
fn add_missing_articles(
    db: &Connection,
    f: Fields,
    docs: &IndexDocs,
    analyze: &dyn Fn(&[Article]) -> Vec<Analysis>,
    progress: &dyn Fn(&str, usize, usize),
) -> Result<usize, StoreError> {
    let known: HashSet<String> = {
        let mut st = db.prepare("SELECT id FROM articles")?;
        let ids = st.query_map([], |r| r.get::<_, String>(0))?;
        ids.collect::<Result<_, _>>()?
    };
    let missing: Vec<(Article, bool)> = docs
        .docs
        .iter()
        .filter(|(id, _)| !known.contains(id))
        .map(|(id, d)| article_of(f, id, d))
        .collect();
    let mut done = 0;
    for chunk in missing.chunks(256) {
        let to_analyse: Vec<Article> = chunk.iter().filter(|(_, an)| *an).map(|(a, _)| a.clone()).collect();
        let mut analyses = analyze(&to_analyse);
        // Index-only articles come back index-only.
        analyses.extend(
            chunk
                .iter()
                .filter(|(_, an)| !*an)
                .map(|(a, _)| rasid::pipeline::unanalysed(a)),
        );
        let tx = db.unchecked_transaction()?;
        for a in &analyses {
            insert_rows(&tx, a, &body_hash(a))?;
        }
        tx.commit()?;
        done += chunk.len();
        progress("analysing the articles only the index holds", done, missing.len());
    }
    Ok(missing.len())
}

/// Puts the index `rebuild_index` wrote in the old one's place.
fn swap_in_new_index(dir: &Path, old_sound: bool, stamp: &str, report: &mut RepairReport) -> Result<(), StoreError> {
    // A sound index holds nothing the new one lacks; a damaged one is kept aside.
    if old_sound {
        let old = dir.join(INDEX_DIR);
        std::fs::remove_dir_all(&old).map_err(|e| StoreError::Io(old, e))?;
    } else {
        move_aside(dir, stamp, INDEX_DIR, report)?;
    }
    let new = dir.join("index.new");
    std::fs::rename(&new, dir.join(INDEX_DIR)).map_err(|e| StoreError::Io(new, e))?;
    report.index_rebuilt = true;
    Ok(())
}

/// Writes a new index of every article of the database into `index.new/`.
fn rebuild_index(
    dir: &Path,
    seg: &Arc<rasid_text::Segmenter>,
    db: &Connection,
    f: Fields,
    progress: &dyn Fn(&str, usize, usize),
) -> Result<(), StoreError> {
    let path = dir.join("index.new");
    if path.exists() {
        std::fs::remove_dir_all(&path).map_err(|e| StoreError::Io(path.clone(), e))?;
    }
    std::fs::create_dir_all(&path).map_err(|e| StoreError::Io(path.clone(), e))?;
    let mmap = tantivy::directory::MmapDirectory::open(&path).map_err(|e| StoreError::Other(e.to_string()))?;
    let index = Index::create(mmap, schema().0, tantivy::IndexSettings::default())?;
    register(&index, seg);
    let mut writer: tantivy::IndexWriter = index.writer(200_000_000)?;
    let total: i64 = db.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))?;
    let mut st = db.prepare("SELECT id, analysis FROM articles ORDER BY rowid")?;
    let mut rows = st.query([])?;
    let (mut n, mut last) = (0usize, None);
    while let Some(r) = rows.next()? {
        let (id, json): (String, String) = (r.get(0)?, r.get(1)?);
        let a: Analysis = serde_json::from_str(&json)
            .map_err(|e| StoreError::Other(format!("the stored analysis of {id} does not parse: {e}")))?;
        writer.add_document(Store::index_doc(f, &a))?;
        n += 1;
        last = Some(id);
        if n % 1000 == 0 {
            progress("indexing", n, total as usize);
        }
    }
    let payload = serde_json::to_string(&Payload {
        store: STORE_VERSION,
        articles: n,
        last,
    })
    .map_err(|e| StoreError::Other(e.to_string()))?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    writer.wait_merging_threads()?;
    let _ = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
    progress("indexing", n, total as usize);
    Ok(())
}

/// Seconds since 1970, for the name of the directory damaged files are moved into.
fn chrono_stamp() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    secs.to_string()
}

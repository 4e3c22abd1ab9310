//! The search index's side of the store: its fields, opening it with rasid's analyzer,
//! its commit payload, and the checksums of its files.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasid_core::DocumentInfo;
use serde::{Deserialize, Serialize};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy};

use super::{repair_hint, StoreError, INDEX_DIR};
use crate::analyzer::ArabicTokenizer;
use crate::guard::guarded;

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
        // FAST (a column per field): the facets of a search count them over every hit.
        source: b.add_text_field("source", STRING | STORED | FAST),
        topic: b.add_text_field("topic", STRING | STORED | FAST),
        date: b.add_i64_field("date", INDEXED | FAST | STORED),
        per: b.add_text_field("per", STRING | FAST),
        loc: b.add_text_field("loc", STRING | FAST),
        org: b.add_text_field("org", STRING | FAST),
        doc: b.add_text_field("doc", STORED),
    };
    (b.build(), f)
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

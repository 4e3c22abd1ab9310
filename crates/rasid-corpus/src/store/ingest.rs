//! Adding articles: duplicates found before anything is written, then the index documents
//! and the database rows of a batch, each part committed once (see the module comment of
//! [`crate::store`] for the order and what a crash between the two leaves).

use std::collections::HashSet;

use rasid_core::{Analysis, Article, EntityType};
use rusqlite::{params, Connection, OptionalExtension};
use tantivy::{doc, TantivyDocument, Term};

use super::index::{Fields, Payload, StoredDoc};
use super::{Store, StoreError, STORE_VERSION};
use crate::minhash;

/// What happened to one article on ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    Stored,
    /// Already in the store: same id, same URL, or the same text.
    Duplicate(String),
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

/// The hash duplicates by text are found by.
pub fn text_hash(text: &str) -> String {
    format!("{:016x}", rasid_text::checksum::text_fingerprint(text))
}

/// The body of an analysed article: its text after the title and the blank line.
pub fn body_of(a: &Analysis) -> &str {
    let rest = a.text.get(a.document.title.len()..).unwrap_or("");
    rest.strip_prefix("\n\n").unwrap_or(rest)
}

/// Whether an analysis came from the pipeline (an index-only one has no layers at all; the
/// topic classifier labels every analysed article).
pub(crate) fn is_analysed(a: &Analysis) -> bool {
    a.topic.is_some() || !a.tokens.is_empty() || !a.entities.is_empty()
}

/// The ids, URLs and text hashes of the articles of a batch stored so far: the database
/// sees none of them before the batch commits, and the same article twice in one batch is
/// a duplicate, not a failed commit.
#[derive(Default)]
struct SeenInBatch {
    ids: HashSet<String>,
    urls: HashSet<String>,
    hashes: HashSet<String>,
}

impl SeenInBatch {
    /// Why an article the database does not hold is a duplicate all the same; files it when
    /// it is not (an article is filed under its id even when its URL or text was seen).
    fn duplicate(&mut self, id: &str, url: Option<&str>, hash: &str) -> Option<String> {
        if !self.ids.insert(id.to_string()) {
            return Some("same id as an article of this batch".into());
        }
        if url.is_some_and(|u| !self.urls.insert(u.to_string())) {
            return Some("same URL as an article of this batch".into());
        }
        if !self.hashes.insert(hash.to_string()) {
            return Some("same text as an article of this batch".into());
        }
        None
    }
}

impl Store {
    /// Why an article read from the input need not be analysed: it is already stored
    /// (same id, same URL, or the same body). Ingest asks this before analysing.
    pub fn duplicate_of_article(&self, a: &Article) -> Result<Option<String>, StoreError> {
        self.duplicate_of(&a.id, a.url.as_deref(), &text_hash(&a.body))
    }

    /// Whether an article of this id, or of this URL, is stored (`rasid watch` asks before
    /// fetching a page).
    pub fn has_id_or_url(&self, id: &str, url: &str) -> Result<bool, StoreError> {
        let n: i64 = self.db.query_row(
            "SELECT count(*) FROM articles WHERE id = ?1 OR url = ?2",
            [id, url],
            |r| r.get(0),
        )?;
        Ok(n > 0)
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
        if let Some(c) = topic_of(a) {
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
        let mut seen = SeenInBatch::default();
        for a in batch {
            let hash = text_hash(body_of(a));
            let url = a.document.url.as_deref().filter(|u| !u.is_empty());
            let dup = match self.duplicate_of(&a.document.id, url, &hash)? {
                Some(d) => Some(d),
                None => seen.duplicate(&a.document.id, url, &hash),
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

    /// Deletes index documents whose article row is missing (a crash between the two commits).
    pub(super) fn drop_orphans(&mut self) -> Result<(), StoreError> {
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
}

/// The database rows of one analysed article (in the caller's transaction).
pub(crate) fn insert_rows(tx: &Connection, a: &Analysis, hash: &str) -> Result<(), StoreError> {
    let json = serde_json::to_string(&kept_analysis(a)).map_err(|e| StoreError::Other(e.to_string()))?;
    tx.execute(
        "INSERT INTO articles (id, url, text_hash, title, published, source, category, analysis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![a.document.id, a.document.url, hash, a.document.title, a.document.published, a.document.source, a.document.category, json],
    )?;
    for e in &a.entities {
        let (code, actor) = link_columns(e);
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

/// The analysis as a store keeps it. Tokens and sentences are most of an analysis and
/// cheap to recompute from the text: the store keeps the rest (entities, dates, quotes,
/// events).
pub fn kept_analysis(a: &Analysis) -> Analysis {
    let mut kept = a.clone();
    kept.tokens = Vec::new();
    kept.sentences = Vec::new();
    kept
}

/// What the topic filter matches: the source's own section when it gives one, else the
/// classifier's label (both are ANT-style names when the source is ANT-like).
pub fn topic_of(a: &Analysis) -> Option<&str> {
    let given = a.document.category.as_deref().filter(|c| !c.is_empty());
    given.or(a.topic.as_ref().map(|t| t.label.as_str()))
}

/// An entity's link as the store keeps it: (CAMEO actor or country code, actor name).
pub fn link_columns(e: &rasid_core::Entity) -> (Option<String>, Option<String>) {
    match &e.link {
        Some(rasid_core::Link::Actor { code, name, .. }) => (Some(code.clone()), Some(name.clone())),
        Some(rasid_core::Link::Place { country, .. }) => (Some(country.clone()), None),
        None => (None, None),
    }
}

/// The hash duplicates are found by: of the article's body.
pub fn body_hash(a: &Analysis) -> String {
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

//! The store: SQLite for articles and their analyses, tantivy for search.
//!
//! Consistency: a batch is written to the index and committed first, then to SQLite in one
//! transaction. A crash between the two leaves index documents that SQLite does not know;
//! `open` deletes them (it knows a batch was interrupted from the `ingest.pending` marker
//! written before the index commit and removed after the database commit), so the store
//! always opens consistent, and re-ingesting the same input resumes where it stopped
//! (articles already stored are skipped as duplicates).

use std::collections::{HashMap, HashSet};
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rasid_core::{Analysis, EntityType};
use rusqlite::{params, Connection, OptionalExtension};
use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED, STRING,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{doc, Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use crate::analyzer::ArabicTokenizer;
use crate::minhash;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("store {0}: {1}")]
    Io(PathBuf, std::io::Error),
    #[error("store database")]
    Sql(#[from] rusqlite::Error),
    #[error("search index")]
    Index(#[from] tantivy::TantivyError),
    #[error("query")]
    Query(#[from] tantivy::query::QueryParserError),
    #[error("{0}")]
    Other(String),
}

/// What happened to one article on ingest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IngestOutcome {
    Stored,
    /// Already in the store: same id, same URL, or the same text.
    Duplicate(String),
}

#[derive(Debug, Clone, Default)]
pub struct SearchOptions {
    pub limit: usize,
    /// Inclusive `YYYY-MM-DD` bounds.
    pub from: Option<String>,
    pub to: Option<String>,
    pub source: Option<String>,
    pub topic: Option<String>,
    pub person: Option<String>,
    pub place: Option<String>,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub score: f32,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    /// A passage with the matching words in `<b>…</b>`.
    pub snippet: String,
}

/// One person, place or organisation across the corpus.
#[derive(Debug, Clone, Serialize)]
pub struct CorpusEntity {
    #[serde(rename = "type")]
    pub kind: String,
    /// The spelling used most often.
    pub name: String,
    /// The matching key of the most frequent spelling (normalised, article-insensitive).
    pub key: String,
    /// Other keys merged into this row: same actor dictionary entry, or (people) the same
    /// consonants and the same CAMEO code.
    pub merged_keys: Vec<String>,
    pub articles: usize,
    /// Other spellings merged into this row.
    pub spellings: Vec<String>,
    /// The most frequent roles, most frequent first.
    pub roles: Vec<String>,
    /// CAMEO actor codes or country codes the entity was linked to.
    pub codes: Vec<String>,
    pub first_seen: Option<String>,
    pub last_seen: Option<String>,
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    title: Field,
    body: Field,
    source: Field,
    topic: Field,
    date: Field,
    per: Field,
    loc: Field,
    org: Field,
}

pub struct Store {
    dir: PathBuf,
    db: Connection,
    index: Index,
    reader: IndexReader,
    writer: Option<IndexWriter>,
    f: Fields,
}

const TOKENIZER: &str = "rasid_ar";

fn schema() -> (Schema, Fields) {
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
    };
    (b.build(), f)
}

/// The key a name is filtered by: normalised, article-insensitive words.
pub fn name_key(name: &str) -> String {
    rasid_text::normalize(name)
        .split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .map(|w| w.strip_prefix("ال").filter(|b| b.chars().count() >= 2).unwrap_or(w))
        .collect::<Vec<_>>()
        .join(" ")
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

/// A name key without its long vowels after the first letter of each word (بوتين → بوتن، ترامب → ترمب):
/// spellings of a transliterated name differ mostly there.
pub fn skeleton(key: &str) -> String {
    key.split(' ')
        .map(|w| {
            let mut cs = w.chars();
            let first = cs.next().map(String::from).unwrap_or_default();
            first + &cs.filter(|c| !matches!(c, 'ا' | 'و' | 'ي' | 'ى')).collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether one key is the other with some long vowels (ا و ي ى) left out inside words:
/// بوتين / بوتن yes, خامنيي / خميني no (the vowels moved), طيب / طيبي no (a final ي is a
/// suffix, not a spelling), سعيد / سعد no (words under five letters are different names more
/// often than different spellings).
pub fn vowel_variants(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    if a == b || wa.len() != wb.len() {
        return false;
    }
    wa.iter().zip(&wb).all(|(x, y)| {
        if x == y {
            return true;
        }
        let (long, short) = if x.chars().count() >= y.chars().count() {
            (x, y)
        } else {
            (y, x)
        };
        let long: Vec<char> = long.chars().collect();
        if long.len() < 5 {
            return false;
        }
        let mut s = short.chars().peekable();
        for (i, &c) in long.iter().enumerate() {
            if s.peek() == Some(&c) {
                s.next();
            } else if i == 0 || i + 1 == long.len() || !matches!(c, 'ا' | 'و' | 'ي' | 'ى') {
                return false;
            }
        }
        s.next().is_none()
    })
}

fn date_key(d: &str) -> Option<i64> {
    d.replace('-', "").parse().ok()
}

fn text_hash(text: &str) -> String {
    format!("{:016x}", rasid_text::checksum::text_fingerprint(text))
}

impl Store {
    /// Opens (or creates) a store directory, repairing an interrupted batch.
    pub fn open(dir: &Path, segmenter: Arc<rasid_text::Segmenter>) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir.join("index")).map_err(|e| StoreError::Io(dir.to_path_buf(), e))?;
        let db = Connection::open(dir.join("articles.sqlite"))?;
        db.execute_batch(
            "PRAGMA journal_mode=WAL;
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
             CREATE INDEX IF NOT EXISTS near_duplicates_of ON near_duplicates(of);",
        )?;
        // Stores made before entities carried their actor entry get the column.
        let has_actor = db
            .prepare("SELECT 1 FROM pragma_table_info('entities') WHERE name = 'actor'")?
            .exists([])?;
        if !has_actor {
            db.execute_batch("ALTER TABLE entities ADD COLUMN actor TEXT")?;
        }
        let (schema, f) = schema();
        let mmap =
            tantivy::directory::MmapDirectory::open(dir.join("index")).map_err(|e| StoreError::Other(e.to_string()))?;
        let index = Index::open_or_create(mmap, schema)?;
        index
            .tokenizers()
            .register(TOKENIZER, TextAnalyzer::from(ArabicTokenizer::new(segmenter)));
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            db,
            index,
            reader,
            writer: None,
            f,
        };
        // Only an ingest that did not finish leaves the marker; then the index may hold
        // documents the database does not (the index commits first).
        if store.pending().exists() {
            store.repair()?;
            std::fs::remove_file(store.pending()).map_err(|e| StoreError::Io(store.pending(), e))?;
        }
        Ok(store)
    }

    fn writer(&mut self) -> Result<&mut IndexWriter, StoreError> {
        if self.writer.is_none() {
            self.writer = Some(self.index.writer(200_000_000)?);
        }
        Ok(self.writer.as_mut().expect("just set"))
    }

    /// Deletes index documents whose article row is missing (a crash between the two commits).
    fn repair(&mut self) -> Result<(), StoreError> {
        let searcher = self.reader.searcher();
        let mut orphans = Vec::new();
        for seg in searcher.segment_readers() {
            let store = seg.get_store_reader(1).map_err(|e| StoreError::Other(e.to_string()))?;
            for d in 0..seg.max_doc() {
                if seg.is_deleted(d) {
                    continue;
                }
                let doc: TantivyDocument = store.get(d)?;
                if let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_str()) {
                    let known: Option<i64> = self
                        .db
                        .query_row("SELECT 1 FROM articles WHERE id = ?1", [id], |r| r.get(0))
                        .optional()?;
                    if known.is_none() {
                        orphans.push(id.to_string());
                    }
                }
            }
        }
        if !orphans.is_empty() {
            let f = self.f;
            let w = self.writer()?;
            for id in &orphans {
                w.delete_term(Term::from_field_text(f.id, id));
            }
            w.commit()?;
            self.reader.reload()?;
        }
        Ok(())
    }

    fn pending(&self) -> PathBuf {
        self.dir.join("ingest.pending")
    }

    /// (articles in the database, live documents in the index): equal in a consistent store.
    pub fn counts(&self) -> Result<(usize, usize), StoreError> {
        Ok((self.len()?, self.reader.searcher().num_docs() as usize))
    }

    /// The entities of the corpus by number of articles. Spellings that normalise alike
    /// (أوباما / اوباما, البشير / بشير) share a key; keys are then merged into one row when
    /// they link to the same entry of the actor dictionary (ترامب / ترمب), or, for people,
    /// when they differ only in long vowels (بوتين / بوتن) *and* link to the same CAMEO code —
    /// vowels alone would join سلمان and سليمان.
    pub fn entities(&self, kind: Option<&str>, limit: usize) -> Result<Vec<CorpusEntity>, StoreError> {
        struct Agg {
            kind: String,
            key: String,
            articles: HashSet<String>,
            names: HashMap<String, usize>,
            roles: HashMap<String, usize>,
            codes: HashMap<String, usize>,
            actors: HashMap<String, usize>,
            first: Option<String>,
            last: Option<String>,
        }
        let mut st = self.db.prepare(
            "SELECT type, key, article, name, role, code, actor, published FROM entities
             WHERE (?1 IS NULL OR type = ?1) AND key != '' ORDER BY type, key",
        )?;
        let mut aggs: Vec<Agg> = Vec::new();
        let mut rows = st.query(params![kind])?;
        while let Some(r) = rows.next()? {
            let (ty, key): (String, String) = (r.get(0)?, r.get(1)?);
            if aggs.last().is_none_or(|a| a.kind != ty || a.key != key) {
                aggs.push(Agg {
                    kind: ty,
                    key,
                    articles: HashSet::new(),
                    names: HashMap::new(),
                    roles: HashMap::new(),
                    codes: HashMap::new(),
                    actors: HashMap::new(),
                    first: None,
                    last: None,
                });
            }
            let a = aggs.last_mut().expect("just pushed");
            a.articles.insert(r.get(2)?);
            *a.names.entry(r.get(3)?).or_default() += 1;
            for (col, map) in [(4, &mut a.roles), (5, &mut a.codes), (6, &mut a.actors)] {
                if let Some(v) = r.get::<_, Option<String>>(col)? {
                    *map.entry(v).or_default() += 1;
                }
            }
            if let Some(p) = r.get::<_, Option<String>>(7)? {
                if a.first.as_ref().is_none_or(|f| &p < f) {
                    a.first = Some(p.clone());
                }
                if a.last.as_ref().is_none_or(|l| &p > l) {
                    a.last = Some(p);
                }
            }
        }
        // The value most rows of a key agree on (ties: alphabetical).
        fn top(m: &HashMap<String, usize>) -> Option<&str> {
            m.iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|x| x.0.as_str())
        }
        let mut parent: Vec<usize> = (0..aggs.len()).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let mut by_actor: HashMap<(String, String), usize> = HashMap::new();
        let mut by_skeleton: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, a) in aggs.iter().enumerate() {
            if let Some(actor) = top(&a.actors) {
                let j = *by_actor.entry((a.kind.clone(), actor.to_string())).or_insert(i);
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                parent[ri] = rj;
            }
            if a.kind == "PER" {
                by_skeleton.entry(skeleton(&a.key)).or_default().push(i);
            }
        }
        for list in by_skeleton.values() {
            for (x, &i) in list.iter().enumerate() {
                for &j in &list[x + 1..] {
                    let (ci, cj) = (top(&aggs[i].codes), top(&aggs[j].codes));
                    // One word needs the same code on both sides; a full name only needs
                    // codes that do not disagree (the dictionary knows few spellings).
                    // So does a full name whose first word differs (محمود / محمد عباس).
                    let first_same = aggs[i].key.split(' ').next() == aggs[j].key.split(' ').next();
                    let codes_agree = match (ci, cj) {
                        (Some(x), Some(y)) => x == y,
                        _ => aggs[i].key.contains(' ') && first_same && (ci.is_some() || cj.is_some()),
                    };
                    if codes_agree && vowel_variants(&aggs[i].key, &aggs[j].key) {
                        let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                        parent[ri] = rj;
                    }
                }
            }
        }
        // A surname used alone (بوتين) joins the full name it ends (فلاديمير بوتين) when only
        // one full name in the store ends with it and both link to the same code.
        let mut full_by_last: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, a) in aggs.iter().enumerate() {
            if a.kind == "PER" && a.key.contains(' ') && a.articles.len() >= 3 {
                if let Some(last) = a.key.rsplit(' ').next() {
                    full_by_last.entry(last).or_default().push(i);
                }
            }
        }
        for (i, a) in aggs.iter().enumerate() {
            if a.kind != "PER" || a.key.contains(' ') {
                continue;
            }
            if let Some([j]) = full_by_last.get(a.key.as_str()).map(Vec::as_slice) {
                if top(&a.codes).is_some() && top(&a.codes) == top(&aggs[*j].codes) {
                    let (ri, rj) = (find(&mut parent, i), find(&mut parent, *j));
                    parent[ri] = rj;
                }
            }
        }
        let mut groups: HashMap<usize, Vec<usize>> = HashMap::new();
        for i in 0..aggs.len() {
            let r = find(&mut parent, i);
            groups.entry(r).or_default().push(i);
        }
        let mut out: Vec<CorpusEntity> = groups
            .into_values()
            .map(|members| {
                let mut articles: HashSet<&str> = HashSet::new();
                let sum = |pick: fn(&Agg) -> &HashMap<String, usize>| {
                    let mut m: HashMap<String, usize> = HashMap::new();
                    for &i in &members {
                        for (k, v) in pick(&aggs[i]) {
                            *m.entry(k.clone()).or_default() += v;
                        }
                    }
                    let mut v: Vec<(String, usize)> = m.into_iter().collect();
                    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    v.into_iter().map(|x| x.0).collect::<Vec<_>>()
                };
                let names = sum(|a| &a.names);
                let roles = sum(|a| &a.roles);
                let codes = sum(|a| &a.codes);
                for &i in &members {
                    articles.extend(aggs[i].articles.iter().map(String::as_str));
                }
                // The row's key: the key of the member seen in most articles.
                let main = *members
                    .iter()
                    .max_by(|&&x, &&y| {
                        aggs[x]
                            .articles
                            .len()
                            .cmp(&aggs[y].articles.len())
                            .then(aggs[y].key.cmp(&aggs[x].key))
                    })
                    .expect("groups are not empty");
                let mut keys: Vec<String> = members.iter().map(|&i| aggs[i].key.clone()).collect();
                keys.sort();
                CorpusEntity {
                    kind: aggs[main].kind.clone(),
                    name: names.first().cloned().unwrap_or_else(|| aggs[main].key.clone()),
                    spellings: names.iter().skip(1).take(8).cloned().collect(),
                    roles: roles.into_iter().take(3).collect(),
                    codes: codes.into_iter().take(3).collect(),
                    key: aggs[main].key.clone(),
                    merged_keys: keys.into_iter().filter(|k| k != &aggs[main].key).collect(),
                    articles: articles.len(),
                    first_seen: members.iter().filter_map(|&i| aggs[i].first.clone()).min(),
                    last_seen: members.iter().filter_map(|&i| aggs[i].last.clone()).max(),
                }
            })
            .collect();
        out.sort_by(|a, b| {
            b.articles
                .cmp(&a.articles)
                .then(a.kind.cmp(&b.kind))
                .then(a.key.cmp(&b.key))
        });
        out.truncate(limit);
        Ok(out)
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

    fn duplicate_of(&self, a: &Analysis, hash: &str) -> Result<Option<String>, StoreError> {
        let by = |sql: &str, v: &str| -> Result<Option<String>, rusqlite::Error> {
            self.db.query_row(sql, [v], |r| r.get(0)).optional()
        };
        if let Some(id) = by("SELECT id FROM articles WHERE id = ?1", &a.document.id)? {
            return Ok(Some(format!("same id as {id}")));
        }
        if let Some(url) = a.document.url.as_deref().filter(|u| !u.is_empty()) {
            if let Some(id) = by("SELECT id FROM articles WHERE url = ?1", url)? {
                return Ok(Some(format!("same URL as {id}")));
            }
        }
        if let Some(id) = by("SELECT id FROM articles WHERE text_hash = ?1", hash)? {
            return Ok(Some(format!("same text as {id}")));
        }
        Ok(None)
    }

    /// Stores a batch of analyses: index first, then the database, each committed once.
    pub fn ingest(&mut self, batch: &[Analysis]) -> Result<Vec<IngestOutcome>, StoreError> {
        let f = self.f;
        let mut outcomes = Vec::with_capacity(batch.len());
        let mut rows = Vec::new();
        let mut seen_hashes = HashSet::new();
        for a in batch {
            let body_start = a.text.find("\n\n").map(|i| i + 2).unwrap_or(a.text.len());
            let hash = text_hash(&a.text[body_start..]);
            let dup = match self.duplicate_of(a, &hash)? {
                Some(d) => Some(d),
                None if !seen_hashes.insert(hash.clone()) => Some("same text as an article of this batch".into()),
                None => None,
            };
            if let Some(d) = dup {
                outcomes.push(IngestOutcome::Duplicate(d));
                continue;
            }
            let mut d = doc!(
                f.id => a.document.id.clone(),
                f.title => a.document.title.clone(),
                f.body => a.text[body_start..].to_string(),
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
                d.add_text(field, name_key(&e.canonical));
            }
            self.writer()?.add_document(d)?;
            let sig = minhash::signature(&a.text[body_start..]);
            rows.push((a, hash, sig));
            outcomes.push(IngestOutcome::Stored);
        }
        if !rows.is_empty() {
            std::fs::write(self.pending(), b"").map_err(|e| StoreError::Io(self.pending(), e))?;
            self.writer()?.commit()?;
        }
        let tx = self.db.transaction()?;
        for (a, hash, sig) in rows {
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
            if let Some(sig) = sig {
                record_near_duplicates(&tx, &a.document.id, &sig)?;
            }
        }
        tx.commit()?;
        if self.pending().exists() {
            std::fs::remove_file(self.pending()).map_err(|e| StoreError::Io(self.pending(), e))?;
        }
        self.reader.reload()?;
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

    /// BM25 search over titles and bodies with rasid's Arabic analyzer; `"…"` makes a phrase.
    pub fn search(&self, query: &str, o: &SearchOptions) -> Result<Vec<SearchHit>, StoreError> {
        let f = self.f;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_field_boost(f.title, 2.0);
        let text_query = parser.parse_query(query)?;
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, text_query.box_clone())];
        let term = |field: Field, v: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(
                Term::from_field_text(field, v),
                IndexRecordOption::Basic,
            ))
        };
        for (field, v) in [(f.source, &o.source), (f.topic, &o.topic)] {
            if let Some(v) = v {
                clauses.push((Occur::Must, term(field, v)));
            }
        }
        for (field, v) in [(f.per, &o.person), (f.loc, &o.place), (f.org, &o.org)] {
            if let Some(v) = v {
                clauses.push((Occur::Must, term(field, &name_key(v))));
            }
        }
        if o.from.is_some() || o.to.is_some() {
            let bound = |d: &Option<String>| match d.as_deref().and_then(date_key) {
                Some(k) => Bound::Included(Term::from_field_i64(f.date, k)),
                None => Bound::Unbounded,
            };
            clauses.push((Occur::Must, Box::new(RangeQuery::new(bound(&o.from), bound(&o.to)))));
        }
        let q = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let top = searcher.search(&q, &TopDocs::with_limit(o.limit.max(1)).order_by_score())?;
        let mut snippets = SnippetGenerator::create(&searcher, &*text_query, f.body)?;
        snippets.set_max_num_chars(240);
        let mut hits = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let s = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let date = doc
                .get_first(f.date)
                .and_then(|v| v.as_i64())
                .map(|k| format!("{:04}-{:02}-{:02}", k / 10000, k / 100 % 100, k % 100));
            hits.push(SearchHit {
                id: s(f.id).unwrap_or_default(),
                score,
                title: s(f.title).unwrap_or_default(),
                date,
                source: s(f.source),
                snippet: snippets.snippet_from_doc(&doc).to_html(),
            });
        }
        Ok(hits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spelling_variants() {
        assert!(vowel_variants("بوتين", "بوتن"));
        assert!(vowel_variants("هيلاري كلينتون", "هيلاري كلنتون"));
        assert!(!vowel_variants("ايه له خامنيي", "ايه له خميني"));
        // Spelling alone cannot tell these apart: that is why a merge also needs the same code.
        assert!(vowel_variants("سلمان", "سليمان"));
        assert!(!vowel_variants("عمر", "عمر"));
        assert!(!vowel_variants("محمد علي", "محمد"));
        assert!(!vowel_variants("احمد طيبي", "احمد طيب"));
        assert!(!vowel_variants("احمد سعيد", "احمد سعد"));
        assert!(vowel_variants("فلاديمير بوتين", "فلادمير بوتن"));
        assert_eq!(skeleton("دونالد ترامب"), "دنلد ترمب");
    }
}

//! Loading analyses: the Spark job's Parquet or `rasid analyze -f jsonl` lines, in input
//! order, by upserts keyed by article id.
//!
//! An article already stored with the same analysis and position is left alone (no row is
//! written: a second load of the same output changes nothing); one whose analysis changed
//! is updated and its mentions, quotes and events replaced. An article whose URL or text
//! another stored article has is a duplicate and not stored, as `rasid ingest` decides it:
//! the first in input order stays, so the two stores hold the same articles.

use std::collections::HashSet;
use std::path::Path;
use std::time::Instant;

use postgres::Client;
use rasid_core::Analysis;
use rasid_corpus::minhash;
use rasid_corpus::store::{
    body_hash, body_of, filter_words, kept_analysis, link_columns, name_key, text_hash, topic_of,
};

use crate::PgError;

/// Articles per transaction.
const BATCH: usize = 500;

#[derive(Debug, Default, Clone, serde::Serialize)]
pub struct LoadReport {
    /// Rows read from the input.
    pub read: usize,
    pub inserted: usize,
    pub updated: usize,
    /// Already stored as they are.
    pub unchanged: usize,
    /// Same URL or text as another article (stored earlier in the input or before).
    pub duplicates: usize,
    /// Rows the analysis failed on (the job's `error`) or that do not parse.
    pub failed: usize,
    /// What went wrong with each failed row, naming its position or id.
    pub problems: Vec<String>,
    pub seconds: f64,
}

/// One row of the input: its position, and the analysis as JSON or why there is none.
pub struct InputRow {
    pub seq: i64,
    pub analysis: Result<String, String>,
}

/// Reads `path`: a directory of Parquet files (the Spark job's output, every `*.parquet`
/// under it), one Parquet file, or JSON lines of analyses.
pub fn read_path(path: &Path) -> Result<Vec<InputRow>, PgError> {
    let mut rows = Vec::new();
    if path.is_dir() {
        // A Spark job writes into `_temporary/` and marks a finished output with `_SUCCESS`:
        // files of unfinished or failed attempts are never read.
        if path.join("_temporary").exists() && !path.join("_SUCCESS").exists() {
            return Err(PgError::Input(format!(
                "{}: a Spark job is still writing here, or died before it finished (no _SUCCESS): run it again",
                path.display()
            )));
        }
        let hidden =
            |e: &walkdir::DirEntry| e.depth() > 0 && e.file_name().to_str().is_some_and(|n| n.starts_with(['_', '.']));
        let mut files: Vec<_> = walkdir::WalkDir::new(path)
            .into_iter()
            .filter_entry(|e| !hidden(e))
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "parquet"))
            .map(|e| e.into_path())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(PgError::Input(format!("{}: no .parquet file in it", path.display())));
        }
        for f in files {
            read_parquet(&f, &mut rows)?;
        }
    } else if path.extension().is_some_and(|x| x == "parquet") {
        read_parquet(path, &mut rows)?;
    } else {
        read_jsonl(path, &mut rows)?;
    }
    rows.sort_by_key(|r| r.seq);
    Ok(rows)
}

fn read_parquet(path: &Path, rows: &mut Vec<InputRow>) -> Result<(), PgError> {
    use parquet::file::reader::{FileReader, SerializedFileReader};
    use parquet::record::Field;
    let bad = |e: &dyn std::fmt::Display| PgError::Input(format!("{}: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(|e| bad(&e))?;
    let reader = SerializedFileReader::new(file).map_err(|e| bad(&e))?;
    for (i, row) in reader.get_row_iter(None).map_err(|e| bad(&e))?.enumerate() {
        let row = row.map_err(|e| bad(&e))?;
        let (mut seq, mut analysis, mut error) = (None, None, None);
        for (name, field) in row.get_column_iter() {
            match (name.as_str(), field) {
                ("seq", Field::Long(n)) => seq = Some(*n),
                ("analysis", Field::Str(s)) => analysis = Some(s.clone()),
                ("error", Field::Str(s)) => error = Some(s.clone()),
                _ => {}
            }
        }
        let seq = seq.ok_or_else(|| bad(&format!("row {i} has no seq")))?;
        let analysis = match (analysis, error) {
            (Some(a), _) => Ok(a),
            (None, Some(e)) => Err(e),
            (None, None) => Err(format!("{}: row {i} has neither analysis nor error", path.display())),
        };
        rows.push(InputRow { seq, analysis });
    }
    Ok(())
}

fn read_jsonl(path: &Path, rows: &mut Vec<InputRow>) -> Result<(), PgError> {
    use std::io::BufRead;
    let file = std::fs::File::open(path).map_err(|e| PgError::Input(format!("{}: {e}", path.display())))?;
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let line = line.map_err(|e| PgError::Input(format!("{}:{}: {e}", path.display(), i + 1)))?;
        if !line.trim().is_empty() {
            rows.push(InputRow {
                seq: i as i64,
                analysis: Ok(line),
            });
        }
    }
    Ok(())
}

/// Loads the analyses at `path` (see [`read_path`]).
pub fn load_path(client: &mut Client, seg: &rasid_text::Segmenter, path: &Path) -> Result<LoadReport, PgError> {
    let rows = read_path(path)?;
    load_analyses(client, seg, rows)
}

/// Loads rows in their order, a transaction per [`BATCH`], then recomputes the term
/// statistics when anything changed (or an earlier load stopped before it could). One
/// load at a time: a second waits for the first (an advisory lock), as the duplicate
/// rules need.
pub fn load_analyses(
    client: &mut Client,
    seg: &rasid_text::Segmenter,
    rows: Vec<InputRow>,
) -> Result<LoadReport, PgError> {
    let t0 = Instant::now();
    crate::schema::ensure(client)?;
    client.execute("SELECT pg_advisory_lock($1)", &[&LOAD_LOCK])?;
    let r = load_locked(client, seg, rows);
    client.execute("SELECT pg_advisory_unlock($1)", &[&LOAD_LOCK])?;
    let mut report = r?;
    report.seconds = t0.elapsed().as_secs_f64();
    Ok(report)
}

/// The advisory lock loads take (any number; this one spells "rasid").
const LOAD_LOCK: i64 = 0x72_6173_6964;

fn load_locked(client: &mut Client, seg: &rasid_text::Segmenter, rows: Vec<InputRow>) -> Result<LoadReport, PgError> {
    let mut report = LoadReport {
        read: rows.len(),
        ..LoadReport::default()
    };
    // The ids of this load so far: a second copy of an id is a duplicate, as on ingest (the
    // first stays); across loads, a new analysis of an id replaces the old.
    let mut ids: HashSet<String> = HashSet::new();
    for chunk in rows.chunks(BATCH) {
        let mut tx = client.transaction()?;
        let mut changed = Vec::new();
        for row in chunk {
            let a = match &row.analysis {
                Ok(json) => match serde_json::from_str::<Analysis>(json) {
                    Ok(a) => a,
                    Err(e) => {
                        report.failed += 1;
                        report
                            .problems
                            .push(format!("input row {}: not an analysis ({e})", row.seq + 1));
                        continue;
                    }
                },
                Err(e) => {
                    report.failed += 1;
                    report.problems.push(e.clone());
                    continue;
                }
            };
            if let Some(why) = unstorable(row) {
                report.failed += 1;
                report.problems.push(format!("article {}: {why}", a.document.id));
                continue;
            }
            if !ids.insert(a.document.id.clone()) {
                report.duplicates += 1;
                continue;
            }
            match upsert_article(&mut tx, seg, &a, row.seq)? {
                Upsert::Duplicate => report.duplicates += 1,
                Upsert::Unchanged => report.unchanged += 1,
                Upsert::Inserted => {
                    report.inserted += 1;
                    record_near_duplicates(&mut tx, &a, false)?;
                    changed.push(a);
                }
                Upsert::Updated => {
                    report.updated += 1;
                    record_near_duplicates(&mut tx, &a, true)?;
                    changed.push(a);
                }
            }
        }
        write_children(&mut tx, &changed)?;
        if !changed.is_empty() {
            // Readers see that the store changed with the batch, not only once the load
            // ends (a load cut short leaves its batches seen).
            tx.execute("UPDATE corpus SET generation = generation + 1", &[])?;
        }
        tx.commit()?;
    }
    if report.inserted + report.updated > 0 || statistics_stale(client)? {
        refresh_statistics(client)?;
    }
    Ok(report)
}

/// Why PostgreSQL cannot store an analysis as it is: a NUL character (text and jsonb
/// refuse it), or a text so long that its search vector passes PostgreSQL's 1 MB.
fn unstorable(row: &InputRow) -> Option<String> {
    let json = row.analysis.as_ref().ok()?;
    if json.contains("\\u0000") {
        return Some("its text holds a NUL character, which PostgreSQL cannot store".into());
    }
    // A vector is a few bytes a term; a text under 512 KB is far from the limit.
    (json.len() > 512 * 1024).then(|| {
        format!(
            "its analysis is {} KB; PostgreSQL's search vectors stop at 1 MB (split the article)",
            json.len() / 1024
        )
    })
}

/// Whether the term statistics are not those of the articles (a load stopped after its
/// last batch and before the statistics).
fn statistics_stale(client: &mut Client) -> Result<bool, PgError> {
    let r = client.query_one(
        "SELECT (SELECT articles FROM corpus) IS DISTINCT FROM (SELECT count(*) FROM articles)",
        &[],
    )?;
    Ok(r.get(0))
}

enum Upsert {
    Inserted,
    Updated,
    Unchanged,
    Duplicate,
}

fn upsert_article(
    tx: &mut postgres::Transaction<'_>,
    seg: &rasid_text::Segmenter,
    a: &Analysis,
    seq: i64,
) -> Result<Upsert, PgError> {
    let d = &a.document;
    let hash = body_hash(a);
    let url = d.url.as_deref().filter(|u| !u.is_empty());
    // Rows this transaction wrote are visible to it: a batch's own duplicates are found too.
    let other = tx.query_opt(
        "SELECT id FROM articles WHERE id <> $1 AND (url = $2 OR text_hash = $3) LIMIT 1",
        &[&d.id, &url, &hash],
    )?;
    if other.is_some() {
        return Ok(Upsert::Duplicate);
    }
    let json = serde_json::to_value(kept_analysis(a)).map_err(|e| PgError::Input(e.to_string()))?;
    let v = crate::search::vector(seg, &d.title, body_of(a));
    let norms = v.norms();
    let published = published_of(a);
    let topic = topic_of(a);
    let row = tx.query_opt(
        "INSERT INTO articles (id, seq, url, text_hash, title, body, published, published_at, source, topic, analysis, tsv, title_tsv, title_len, body_len, title_norm, body_norm)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $17, $8, $9, $10, $11::text::tsvector, $16::text::tsvector, $12, $13, $14, $15)
         ON CONFLICT (id) DO UPDATE SET seq = EXCLUDED.seq, url = EXCLUDED.url, text_hash = EXCLUDED.text_hash,
           title = EXCLUDED.title, body = EXCLUDED.body, published = EXCLUDED.published,
           published_at = EXCLUDED.published_at, source = EXCLUDED.source,
           topic = EXCLUDED.topic, analysis = EXCLUDED.analysis, tsv = EXCLUDED.tsv, title_tsv = EXCLUDED.title_tsv,
           title_len = EXCLUDED.title_len, body_len = EXCLUDED.body_len,
           title_norm = EXCLUDED.title_norm, body_norm = EXCLUDED.body_norm
         WHERE articles.analysis IS DISTINCT FROM EXCLUDED.analysis OR articles.seq IS DISTINCT FROM EXCLUDED.seq
         RETURNING (xmax = 0)",
        &[
            &d.id,
            &seq,
            &d.url,
            &hash,
            &d.title,
            &body_of(a),
            &published,
            &d.source,
            &topic,
            &json,
            &v.text,
            &v.title_len,
            &v.body_len,
            &norms.0,
            &norms.1,
            &v.title_text,
            &d.published,
        ],
    )?;
    Ok(match row {
        None => Upsert::Unchanged,
        Some(r) if r.get::<_, bool>(0) => Upsert::Inserted,
        Some(_) => Upsert::Updated,
    })
}

/// Finds the stored articles whose body is a near-duplicate of this one's, as the local
/// store does (LSH bands, confirmed on the signatures), records the pairs, then files the
/// signature. An article loaded again with another text loses its old pairs first.
fn record_near_duplicates(tx: &mut postgres::Transaction<'_>, a: &Analysis, replaced: bool) -> Result<(), PgError> {
    let id = &a.document.id;
    let sig = minhash::signature(body_of(a));
    if replaced {
        // A new position or other analysis of the same text keeps its pairs.
        let old = tx.query_opt("SELECT signature FROM minhash WHERE article = $1", &[id])?;
        let old: Option<Vec<u8>> = old.map(|r| r.get(0));
        if old == sig.as_ref().map(minhash::to_bytes) {
            return Ok(());
        }
        tx.execute("DELETE FROM near_duplicates WHERE article = $1 OR of = $1", &[id])?;
        tx.execute("DELETE FROM bands WHERE article = $1", &[id])?;
        tx.execute("DELETE FROM minhash WHERE article = $1", &[id])?;
    }
    let Some(sig) = sig else {
        return Ok(());
    };
    let keys = minhash::band_keys(&sig);
    let candidates = tx.query(
        "SELECT m.article, m.signature FROM minhash m
         WHERE m.article IN (SELECT article FROM bands WHERE key = ANY($1)) AND m.article <> $2
         ORDER BY m.article",
        &[&keys.as_slice(), id],
    )?;
    for c in &candidates {
        let Some(other) = minhash::from_bytes(c.get::<_, &[u8]>(1)) else {
            continue;
        };
        let s = minhash::similarity(&sig, &other);
        if s >= minhash::NEAR_DUPLICATE {
            tx.execute(
                "INSERT INTO near_duplicates (article, of, similarity) VALUES ($1, $2, $3)",
                &[id, &c.get::<_, &str>(0), &s],
            )?;
        }
    }
    tx.execute(
        "INSERT INTO minhash (article, signature) VALUES ($1, $2)",
        &[id, &minhash::to_bytes(&sig)],
    )?;
    tx.execute(
        "INSERT INTO bands (key, article) SELECT unnest($1::bigint[]), $2",
        &[&keys.as_slice(), id],
    )?;
    Ok(())
}

/// The mentions, quotes and events of the articles a batch inserted or changed: the old
/// rows deleted, the new written, one statement per table (arrays unnested).
fn write_children(tx: &mut postgres::Transaction<'_>, changed: &[Analysis]) -> Result<(), PgError> {
    if changed.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = changed.iter().map(|a| a.document.id.as_str()).collect();
    for table in ["mentions", "quotes", "events"] {
        tx.execute(&format!("DELETE FROM {table} WHERE article = ANY($1)"), &[&ids])?;
    }
    let mut m = Mentions::default();
    let mut q = Quotes::default();
    let mut e = Events::default();
    for a in changed {
        m.add(a);
        q.add(a)?;
        e.add(a)?;
    }
    tx.execute(
        "INSERT INTO entities (type, key, name)
         SELECT DISTINCT ON (t, k) t, k, n FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS u(t, k, n, o)
         ORDER BY t, k, o
         ON CONFLICT (type, key) DO NOTHING",
        &[&m.kind, &m.key, &m.name],
    )?;
    tx.execute(
        "INSERT INTO mentions (article, n, type, key, name, filter, role, code, actor, published)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])",
        &[&m.article, &m.n, &m.kind, &m.key, &m.name, &m.filter, &m.role, &m.code, &m.actor, &m.published],
    )?;
    tx.execute(
        "INSERT INTO quotes (article, n, speaker, text, data)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::jsonb[])",
        &[&q.article, &q.n, &q.speaker, &q.text, &q.data],
    )?;
    tx.execute(
        "INSERT INTO events (article, n, code, status, source, target, data)
         SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::jsonb[])",
        &[&e.article, &e.n, &e.code, &e.status, &e.source, &e.target, &e.data],
    )?;
    Ok(())
}

/// The day the date filters and facets go by: the publication when it is a plain day
/// (`YYYY-MM-DD`; one with a time has no day in the local index either).
fn published_of(a: &Analysis) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(a.document.published.as_deref()?, "%Y-%m-%d").ok()
}

/// The columns of the mention rows of a batch.
#[derive(Default)]
struct Mentions {
    article: Vec<String>,
    n: Vec<i32>,
    kind: Vec<String>,
    key: Vec<String>,
    name: Vec<String>,
    filter: Vec<String>,
    role: Vec<Option<String>>,
    code: Vec<Option<String>>,
    actor: Vec<Option<String>>,
    published: Vec<Option<String>>,
}

impl Mentions {
    /// The rows the local store writes to its `entities` table, with the same keys.
    fn add(&mut self, a: &Analysis) {
        for (n, e) in a.entities.iter().enumerate() {
            let (code, actor) = link_columns(e);
            self.article.push(a.document.id.clone());
            self.n.push(n as i32);
            self.kind.push(e.kind.as_str().to_string());
            self.key.push(name_key(&e.canonical));
            self.name.push(e.canonical.clone());
            // What the local index's name fields hold (`Store::index_doc`).
            self.filter.push(filter_words(&e.canonical).join(" "));
            self.role.push(e.role.clone());
            self.code.push(code);
            self.actor.push(actor);
            self.published.push(a.document.published.clone());
        }
    }
}

#[derive(Default)]
struct Quotes {
    article: Vec<String>,
    n: Vec<i32>,
    speaker: Vec<Option<String>>,
    text: Vec<String>,
    data: Vec<serde_json::Value>,
}

impl Quotes {
    fn add(&mut self, a: &Analysis) -> Result<(), PgError> {
        for (n, q) in a.quotes.iter().enumerate() {
            self.article.push(a.document.id.clone());
            self.n.push(n as i32);
            self.speaker.push(q.speaker.clone());
            self.text.push(q.text.clone());
            self.data
                .push(serde_json::to_value(q).map_err(|e| PgError::Input(e.to_string()))?);
        }
        Ok(())
    }
}

#[derive(Default)]
struct Events {
    article: Vec<String>,
    n: Vec<i32>,
    code: Vec<String>,
    status: Vec<String>,
    source: Vec<Option<String>>,
    target: Vec<Option<String>>,
    data: Vec<serde_json::Value>,
}

impl Events {
    fn add(&mut self, a: &Analysis) -> Result<(), PgError> {
        for (n, ev) in a.events.iter().enumerate() {
            let data = serde_json::to_value(ev).map_err(|e| PgError::Input(e.to_string()))?;
            self.article.push(a.document.id.clone());
            self.n.push(n as i32);
            self.code.push(ev.cameo.as_str().to_string());
            self.status
                .push(data["status"].as_str().unwrap_or("reported").to_string());
            let who = |p: &Option<rasid_core::Participant>| {
                p.as_ref().map(|p| p.entity.clone().unwrap_or_else(|| p.text.clone()))
            };
            self.source.push(who(&ev.source));
            self.target.push(who(&ev.target));
            self.data.push(data);
        }
        Ok(())
    }
}

/// The document frequencies and mean lengths BM25 needs, from the articles as they are now.
pub(crate) fn refresh_statistics(client: &mut Client) -> Result<(), PgError> {
    let mut tx = client.transaction()?;
    tx.batch_execute(&format!(
        "DELETE FROM terms;
         INSERT INTO terms (term, title_df, body_df)
           SELECT lexeme, count(*) FILTER (WHERE 'A' = ANY(weights)), count(*) FILTER (WHERE 'D' = ANY(weights))
           FROM articles, unnest(tsv) GROUP BY lexeme;
         CREATE TEMP TABLE generation ON COMMIT DROP AS SELECT coalesce(max(generation), 0) + 1 AS g FROM corpus;
         DELETE FROM corpus;
         INSERT INTO corpus (version, articles, title_avg, body_avg, generation)
           SELECT {}, count(*), coalesce(avg(title_len), 0), coalesce(avg(body_len), 0), (SELECT g FROM generation) FROM articles;",
        crate::schema::VERSION
    ))?;
    tx.commit()?;
    client.batch_execute("ANALYZE articles")?;
    Ok(())
}

/// Articles with a body and nothing else (for the retrieval evaluation): the columns of
/// a batch, inserted in one statement.
#[derive(Default)]
pub(crate) struct IndexRows {
    id: Vec<String>,
    seq: Vec<i64>,
    hash: Vec<String>,
    body: Vec<String>,
    tsv: Vec<String>,
    lens: [Vec<i32>; 4],
}

impl IndexRows {
    pub(crate) fn add(&mut self, seg: &rasid_text::Segmenter, seq: i64, body: &str) {
        let v = crate::search::vector(seg, "", body);
        let (tn, bn) = v.norms();
        self.id.push(seq.to_string());
        self.seq.push(seq);
        self.hash.push(text_hash(body));
        self.body.push(body.to_string());
        self.tsv.push(v.text);
        for (col, n) in self.lens.iter_mut().zip([v.title_len, v.body_len, tn, bn]) {
            col.push(n);
        }
    }

    pub(crate) fn insert(&self, client: &mut Client) -> Result<(), PgError> {
        client.execute(
            "INSERT INTO articles (id, seq, text_hash, title, body, analysis, tsv, title_tsv, title_len, body_len, title_norm, body_norm)
             SELECT id, seq, h, '', b, '{}'::jsonb, t::tsvector, ''::tsvector, tl, bl, tn, bn
             FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::int[], $7::int[], $8::int[], $9::int[])
               AS u(id, seq, h, b, t, tl, bl, tn, bn)",
            &[&self.id, &self.seq, &self.hash, &self.body, &self.tsv, &self.lens[0], &self.lens[1], &self.lens[2], &self.lens[3]],
        )?;
        Ok(())
    }
}

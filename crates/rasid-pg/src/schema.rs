//! The tables. Every statement may run again on a database that has them.
//!
//! - `articles`: one row per stored article: metadata (`seq` its line in the last input
//!   that held it, `stored` the order it was first stored in), the analysis without tokens and
//!   sentences (as the local store keeps it), the `tsv` search vector with its term counts
//!   per field (exact, for the mean lengths, and as the local index keeps them, `*_norm`, for BM25's length normalisation), and `seq`, the article's position in the
//!   input it came from.
//! - `entities`: one row per entity of the corpus (type and the name key the local entity
//!   list groups by), with the first name it was seen under.
//! - `mentions`: an entity in an article (the local store's `entities` rows): its name, role,
//!   CAMEO or country code, and `filter`, the normalised words the name filters match.
//! - `quotes`, `events`: one row per quote and per event of an article, in the analysis's
//!   order (`n`), with their JSON.
//! - `minhash`, `bands`, `near_duplicates`: the local store's near-duplicate tables.
//! - `terms`: how many articles have each term in their title and in their body, and
//!   `corpus`: the article count, mean lengths and the generation (one more for each load that
//!   changed something). Both are recomputed at the end of a load.

/// The store format this crate writes (`corpus.version`). 2: the title's own vector and
/// the lengths as the local index keeps them. 3: what `rasid serve` reads: publications as
/// given, text in byte order (`C`), near-duplicates, and a generation.
pub const VERSION: i32 = 3;

pub const DDL: &str = r#"
CREATE TABLE IF NOT EXISTS articles (
    id TEXT COLLATE "C" PRIMARY KEY,
    seq BIGINT NOT NULL,
    -- The order articles were first stored in, over every load (what the local store's
    -- rowid and index order are): ties in search and the keywords' order go by it.
    stored BIGINT GENERATED ALWAYS AS IDENTITY,
    url TEXT,
    text_hash TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    published DATE,
    published_at TEXT COLLATE "C",
    source TEXT,
    topic TEXT,
    analysis JSONB NOT NULL,
    tsv TSVECTOR NOT NULL,
    title_tsv TSVECTOR NOT NULL,
    title_len INT NOT NULL,
    body_len INT NOT NULL,
    title_norm INT NOT NULL,
    body_norm INT NOT NULL);
CREATE INDEX IF NOT EXISTS articles_tsv ON articles USING GIN (tsv);
CREATE INDEX IF NOT EXISTS articles_url ON articles (url);
CREATE INDEX IF NOT EXISTS articles_hash ON articles (text_hash);
CREATE INDEX IF NOT EXISTS articles_published ON articles (published);
CREATE INDEX IF NOT EXISTS articles_published_at ON articles (published_at);
-- The source and topic filters match stored values (found case-blind in Rust) with `= ANY`,
-- and list the distinct values: both read these indexes.
CREATE INDEX IF NOT EXISTS articles_source_value ON articles (source);
CREATE INDEX IF NOT EXISTS articles_topic_value ON articles (topic);
CREATE TABLE IF NOT EXISTS entities (
    type TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (type, key));
CREATE TABLE IF NOT EXISTS mentions (
    article TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n INT NOT NULL,
    type TEXT COLLATE "C" NOT NULL,
    key TEXT COLLATE "C" NOT NULL,
    name TEXT COLLATE "C" NOT NULL,
    filter TEXT COLLATE "C" NOT NULL,
    role TEXT COLLATE "C",
    code TEXT,
    actor TEXT,
    published TEXT COLLATE "C",
    PRIMARY KEY (article, n));
CREATE INDEX IF NOT EXISTS mentions_filter ON mentions (type, filter);
CREATE INDEX IF NOT EXISTS mentions_key ON mentions (type, key);
CREATE TABLE IF NOT EXISTS quotes (
    article TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n INT NOT NULL,
    speaker TEXT,
    text TEXT NOT NULL,
    data JSONB NOT NULL,
    PRIMARY KEY (article, n));
CREATE TABLE IF NOT EXISTS events (
    article TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    n INT NOT NULL,
    code TEXT NOT NULL,
    status TEXT NOT NULL,
    source TEXT,
    target TEXT,
    data JSONB NOT NULL,
    PRIMARY KEY (article, n));
CREATE INDEX IF NOT EXISTS events_code ON events (code);
-- Near-duplicates as the local store finds them: MinHash signatures, their LSH bands, and
-- the pairs found (`article` the one loaded later).
CREATE TABLE IF NOT EXISTS minhash (
    article TEXT COLLATE "C" PRIMARY KEY REFERENCES articles (id) ON DELETE CASCADE,
    signature BYTEA NOT NULL);
CREATE TABLE IF NOT EXISTS bands (
    key BIGINT NOT NULL,
    article TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS bands_key ON bands (key);
CREATE INDEX IF NOT EXISTS bands_article ON bands (article);
CREATE TABLE IF NOT EXISTS near_duplicates (
    article TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    of TEXT COLLATE "C" NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    similarity REAL NOT NULL);
CREATE INDEX IF NOT EXISTS near_duplicates_article ON near_duplicates (article);
CREATE INDEX IF NOT EXISTS near_duplicates_of ON near_duplicates (of);
CREATE TABLE IF NOT EXISTS terms (
    term TEXT PRIMARY KEY,
    title_df INT NOT NULL,
    body_df INT NOT NULL);
CREATE TABLE IF NOT EXISTS corpus (
    version INT NOT NULL,
    articles BIGINT NOT NULL,
    title_avg DOUBLE PRECISION NOT NULL,
    body_avg DOUBLE PRECISION NOT NULL,
    generation BIGINT NOT NULL);
"#;

/// The search vector stays in the row (compressed) rather than in the TOAST table: a
/// search reads it for every candidate, once per scoring term, and fetching it from TOAST
/// each time made searches ten times slower (measured 2026-12-02: 80 ms against 5-8 ms to
/// count 5,566 matches among 27,086 articles). The analysis and body go to TOAST first.
const STORAGE: &str = "ALTER TABLE articles ALTER COLUMN tsv SET STORAGE MAIN";

/// Makes the tables that are missing; refuses a database of another format.
pub fn ensure(client: &mut postgres::Client) -> Result<(), crate::PgError> {
    // The format first: the DDL of this one fails on the tables of another.
    let there: bool = client
        .query_one("SELECT to_regclass('corpus') IS NOT NULL", &[])?
        .get(0);
    if there {
        if let Some(row) = client.query_opt("SELECT version FROM corpus LIMIT 1", &[])? {
            let v: i32 = row.get(0);
            if v != VERSION {
                return Err(crate::PgError::Invalid(format!(
                    "the database holds a rasid store of format {v}; this rasid writes format {VERSION} (load into a new database)"
                )));
            }
        }
    }
    let new: bool = client.query_one("SELECT to_regclass('articles') IS NULL", &[])?.get(0);
    client.batch_execute(DDL)?;
    if new {
        // Only when the table is made: an ALTER locks it against every reader.
        client.batch_execute(STORAGE)?;
    }
    Ok(())
}

/// For readers: whether the database holds a store of this format (reads only).
pub fn check(client: &mut postgres::Client) -> Result<(), crate::PgError> {
    let there: bool = client
        .query_one("SELECT to_regclass('corpus') IS NOT NULL", &[])?
        .get(0);
    let version: Option<i32> = if there {
        client
            .query_opt("SELECT version FROM corpus LIMIT 1", &[])?
            .map(|r| r.get(0))
    } else {
        None
    };
    match version {
        Some(VERSION) => Ok(()),
        Some(v) => Err(crate::PgError::Invalid(format!(
            "the database holds a rasid store of format {v}; this rasid reads format {VERSION} (load it again into a new database)"
        ))),
        None => Err(crate::PgError::Invalid(
            "the database holds no rasid store yet: load one with `rasid db load`".into(),
        )),
    }
}

/// Each table's row count and a checksum of its content (the md5 of its rows' md5s in
/// order): equal checksums before and after a load mean the load changed nothing.
pub fn counts(client: &mut postgres::Client) -> Result<serde_json::Value, crate::PgError> {
    ensure(client)?;
    let mut out = serde_json::Map::new();
    for table in [
        "articles",
        "entities",
        "mentions",
        "quotes",
        "events",
        "near_duplicates",
        "terms",
        "corpus",
    ] {
        let r = client.query_one(
            &format!("SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') FROM (SELECT md5(t::text) AS h FROM {table} t) s"),
            &[],
        )?;
        out.insert(
            table.to_string(),
            serde_json::json!({"rows": r.get::<_, i64>(0), "checksum": r.get::<_, String>(1)}),
        );
    }
    Ok(serde_json::Value::Object(out))
}

//! The PostgreSQL store as a [`Corpus`]: the rows the corpus views are computed from, so
//! that `rasid serve --db` shows the entity list, events, stories and entity pages the
//! same code computes over a local store.
//!
//! The queries are the local store's (`rasid_corpus::store`'s rows) in PostgreSQL's words.
//! Text that is ordered or compared is of the `C` collation (the schema's columns), so rows
//! come in the byte order SQLite gives and the views come out the same.

use std::sync::{Arc, Mutex, MutexGuard};

use postgres::types::ToSql;
use postgres::{Client, Row};
use rasid_core::Analysis;
use rasid_corpus::corpus::{ArticleParts, KeywordRow, MentionRow, Sink};
use rasid_corpus::profile::{CoMention, DayCount, RoleSpan};
use rasid_corpus::{Corpus, SearchOptions, SearchResults, StoreError};

use crate::PgError;

/// A reader of a PostgreSQL store (one connection).
pub struct PgStore {
    client: Mutex<Client>,
    seg: Arc<rasid_text::Segmenter>,
    /// Shown (without the password), and connected to.
    url: String,
    raw_url: String,
}

fn store_error(e: impl Into<PgError>) -> StoreError {
    StoreError::Other(e.into().to_string())
}

impl PgStore {
    /// Connects and checks that the database holds a store of this format.
    pub fn open(url: &str, seg: Arc<rasid_text::Segmenter>) -> Result<PgStore, PgError> {
        let mut client = crate::connect(url)?;
        crate::schema::check(&mut client)?;
        Ok(PgStore {
            client: Mutex::new(client),
            seg,
            url: crate::shown_url(url),
            raw_url: url.to_string(),
        })
    }

    /// The database's URL without its password.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The connection, made again when the server closed it (a restart of PostgreSQL):
    /// a long-running `rasid serve` goes on once the database is back.
    fn client(&self) -> MutexGuard<'_, Client> {
        // A panic while a query ran leaves the connection as usable as any other.
        let mut c = self.client.lock().unwrap_or_else(|p| p.into_inner());
        if c.is_closed() {
            if let Ok(fresh) = crate::connect(&self.raw_url) {
                *c = fresh;
            }
        }
        c
    }

    /// Runs a query and hands each row to `f`, streaming (a view reads every mention).
    fn each(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        mut f: impl FnMut(&Row) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let mut client = self.client();
        let mut rows = client.query_raw(sql, params.iter().copied()).map_err(store_error)?;
        while let Some(r) = rows.next().map_err(store_error)? {
            f(&r)?;
        }
        Ok(())
    }

    fn all(&self, sql: &str, params: &[&(dyn ToSql + Sync)]) -> Result<Vec<Row>, StoreError> {
        self.client().query(sql, params).map_err(store_error)
    }
}

/// A day `days` before or after `day` (`YYYY-MM-DD`); `None` when it is not a day, which
/// makes the range hold nothing (as SQLite's `date()` of what it cannot read; the API and
/// the CLI check dates before they come here).
fn shifted(day: &str, days: i64) -> Option<String> {
    let d = chrono::NaiveDate::parse_from_str(day.get(..10)?, "%Y-%m-%d").ok()?;
    Some((d + chrono::Duration::days(days)).format("%Y-%m-%d").to_string())
}

impl Corpus for PgStore {
    fn articles(&self) -> Result<usize, StoreError> {
        let r = self.all("SELECT count(*) FROM articles", &[])?;
        Ok(r[0].get::<_, i64>(0) as usize)
    }

    fn generation(&self) -> Result<i64, StoreError> {
        let r = self.all("SELECT coalesce(max(generation), 0) FROM corpus", &[])?;
        Ok(r[0].get(0))
    }

    fn reload(&self) -> Result<(), StoreError> {
        Ok(()) // every query sees what was committed
    }

    fn article(&self, id: &str) -> Result<Option<Analysis>, StoreError> {
        let rows = self.all("SELECT analysis::text FROM articles WHERE id = $1", &[&id])?;
        let Some(r) = rows.first() else { return Ok(None) };
        let json: String = r.get(0);
        serde_json::from_str(&json)
            .map(Some)
            .map_err(|e| StoreError::Other(format!("article {id}: its stored analysis does not read ({e})")))
    }

    fn near_duplicates(&self, id: &str) -> Result<Vec<(String, f32)>, StoreError> {
        let rows = self.all(
            "SELECT of, similarity FROM near_duplicates WHERE article = $1
             UNION SELECT article, similarity FROM near_duplicates WHERE of = $1 ORDER BY 2 DESC, 1",
            &[&id],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, f32>(1))).collect())
    }

    fn search(&self, query: &str, o: &SearchOptions) -> Result<SearchResults, StoreError> {
        crate::search(&mut self.client(), &self.seg, query, o).map_err(|e| match e {
            PgError::Invalid(m) => StoreError::Invalid(m),
            e => store_error(e),
        })
    }

    fn mention_rows(&self, kind: Option<&str>, each: Sink<MentionRow>) -> Result<(), StoreError> {
        self.each(
            "SELECT type, key, article, name, role, code, actor, published FROM mentions
             WHERE ($1::text IS NULL OR type = $1) AND key <> '' ORDER BY type, key",
            &[&kind],
            |r| {
                each(MentionRow {
                    kind: r.get(0),
                    key: r.get(1),
                    article: r.get(2),
                    name: r.get(3),
                    role: r.get(4),
                    code: r.get(5),
                    actor: r.get(6),
                    published: r.get(7),
                })
            },
        )
    }

    fn article_names(&self, each: Sink<MentionRow>) -> Result<(), StoreError> {
        self.each(
            "SELECT article, type, key, min(name) FROM mentions WHERE type <> 'MISC' AND key <> ''
             GROUP BY article, type, key ORDER BY article, type, key",
            &[],
            |r| {
                each(MentionRow {
                    article: r.get(0),
                    kind: r.get(1),
                    key: r.get(2),
                    name: r.get(3),
                    ..MentionRow::default()
                })
            },
        )
    }

    fn dated_articles(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError> {
        self.each(
            "SELECT id, title, source, published_at FROM articles WHERE published_at IS NOT NULL
             AND ($1::text IS NULL OR published_at >= $1) AND ($2::text IS NULL OR published_at <= $2)
             ORDER BY published_at, id",
            &[&from, &to],
            |r| {
                each(ArticleParts {
                    id: r.get(0),
                    title: r.get(1),
                    source: r.get(2),
                    published: r.get(3),
                    ..ArticleParts::default()
                })
            },
        )
    }

    fn keyword_rows(&self, each: Sink<KeywordRow>) -> Result<(), StoreError> {
        self.each(
            "SELECT a.id, k->>'stem', (k->>'score')::float8, k->>'text'
             FROM articles a, jsonb_array_elements(a.analysis->'keywords') WITH ORDINALITY AS u(k, n)
             ORDER BY a.stored, u.n",
            &[],
            |r| {
                each(KeywordRow {
                    article: r.get(0),
                    stem: r.get::<_, Option<String>>(1).unwrap_or_default(),
                    score: r.get::<_, Option<f64>>(2).unwrap_or_default(),
                    text: r.get::<_, Option<String>>(3).unwrap_or_default(),
                })
            },
        )
    }

    fn event_parts(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError> {
        let lo = from.map(|f| shifted(f, -31));
        let hi = to.map(|t| shifted(t, 31));
        if matches!(lo, Some(None)) || matches!(hi, Some(None)) {
            return Ok(()); // not a day: nothing is in the range (as on the local store)
        }
        let (lo, hi) = (lo.flatten(), hi.flatten());
        self.each(
            "SELECT id, url, published_at, (analysis->'events')::text, (analysis->'entities')::text FROM articles
             WHERE ($1::text IS NULL OR published_at >= $1) AND ($2::text IS NULL OR published_at <= $2)
             ORDER BY published_at NULLS FIRST, id",
            &[&lo, &hi],
            |r| {
                each(ArticleParts {
                    id: r.get(0),
                    url: r.get(1),
                    published: r.get(2),
                    events: r.get(3),
                    entities: r.get(4),
                    ..ArticleParts::default()
                })
            },
        )
    }

    fn latest_parts(
        &self,
        kind: &str,
        keys: &[String],
        limit: usize,
        each: Sink<ArticleParts>,
    ) -> Result<(), StoreError> {
        self.each(
            "SELECT id, title, published_at, (analysis->'entities')::text, (analysis->'quotes')::text
             FROM articles WHERE id IN (
                SELECT article FROM mentions WHERE type = $1 AND key = ANY($2)
                GROUP BY article ORDER BY max(published) DESC NULLS LAST, article LIMIT $3)
             ORDER BY published_at DESC NULLS LAST, id",
            &[&kind, &keys, &(limit as i64)],
            |r| {
                each(ArticleParts {
                    id: r.get(0),
                    title: r.get(1),
                    published: r.get(2),
                    entities: r.get(3),
                    quotes: r.get(4),
                    ..ArticleParts::default()
                })
            },
        )
    }

    fn entity_days(&self, kind: &str, keys: &[String]) -> Result<Vec<DayCount>, StoreError> {
        let rows = self.all(
            "SELECT substr(published, 1, 10) AS day, count(DISTINCT article) FROM mentions
             WHERE type = $1 AND key = ANY($2) AND published IS NOT NULL GROUP BY day ORDER BY day",
            &[&kind, &keys],
        )?;
        Ok(rows
            .iter()
            .map(|r| DayCount {
                day: r.get(0),
                articles: r.get::<_, i64>(1) as u64,
            })
            .collect())
    }

    fn entity_roles(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<RoleSpan>, StoreError> {
        let rows = self.all(
            "SELECT role, count(*) AS n, min(published), max(published) FROM mentions
             WHERE type = $1 AND key = ANY($2) AND role IS NOT NULL AND role <> ''
             GROUP BY role ORDER BY n DESC, role LIMIT $3",
            &[&kind, &keys, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| RoleSpan {
                role: r.get(0),
                mentions: r.get::<_, i64>(1) as u64,
                first: r.get(2),
                last: r.get(3),
            })
            .collect())
    }

    fn co_mentions(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<CoMention>, StoreError> {
        let rows = self.all(
            "SELECT o.type, o.key, count(DISTINCT o.article) AS n
             FROM mentions e JOIN mentions o ON o.article = e.article
             WHERE e.type = $1 AND e.key = ANY($2) AND o.key <> ''
               AND NOT (o.type = $1 AND o.key = ANY($2))
             GROUP BY o.type, o.key ORDER BY n DESC, o.key, o.type LIMIT $3",
            &[&kind, &keys, &(limit as i64)],
        )?;
        Ok(rows
            .iter()
            .map(|r| CoMention {
                kind: r.get(0),
                key: r.get(1),
                articles: r.get::<_, i64>(2) as u64,
            })
            .collect())
    }

    fn top_keys(
        &self,
        kind: &str,
        from: Option<&str>,
        to_end: Option<&str>,
        top: usize,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let rows = self.all(
            "SELECT key, count(DISTINCT article) AS n FROM mentions
             WHERE type = $1 AND key <> '' AND ($2::text IS NULL OR published >= $2) AND ($3::text IS NULL OR published <= $3)
             GROUP BY key ORDER BY n DESC, key LIMIT $4",
            &[&kind, &from, &to_end, &(top as i64)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1) as u64)).collect())
    }

    fn key_articles(
        &self,
        kind: &str,
        keys: &[String],
        from: Option<&str>,
        to_end: Option<&str>,
        each: Sink<(String, String, Option<String>)>,
    ) -> Result<(), StoreError> {
        self.each(
            "SELECT DISTINCT article, key, published FROM mentions
             WHERE type = $1 AND key = ANY($2)
               AND ($3::text IS NULL OR published >= $3) AND ($4::text IS NULL OR published <= $4)",
            &[&kind, &keys, &from, &to_end],
            |r| each((r.get(0), r.get(1), r.get(2))),
        )
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges_widen_by_days_and_refuse_what_is_not_a_day() {
        assert_eq!(super::shifted("2020-03-01", -31).as_deref(), Some("2020-01-30"));
        assert_eq!(super::shifted("2020-12-15", 31).as_deref(), Some("2021-01-15"));
        assert_eq!(super::shifted("soon", 31), None);
    }
}

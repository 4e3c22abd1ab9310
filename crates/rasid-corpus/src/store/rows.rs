//! The local store's rows for the corpus views ([`Corpus`]), read from SQLite.

use rasid_core::Analysis;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};

use super::{Store, StoreError};
use crate::corpus::{ArticleParts, Corpus, KeywordRow, MentionRow, Sink};
use crate::profile::{CoMention, DayCount, RoleSpan};
use crate::search::{SearchOptions, SearchResults};

/// `?2, ?3, …` for `n` keys after the first parameter, and the parameters.
fn key_params(kind: &str, keys: &[String]) -> (String, Vec<Value>) {
    let marks: Vec<String> = (0..keys.len()).map(|i| format!("?{}", i + 2)).collect();
    let mut values = vec![Value::Text(kind.to_string())];
    values.extend(keys.iter().map(|k| Value::Text(k.clone())));
    (marks.join(", "), values)
}

impl Corpus for Store {
    fn articles(&self) -> Result<usize, StoreError> {
        self.len()
    }

    fn generation(&self) -> Result<i64, StoreError> {
        Store::generation(self)
    }

    fn reload(&self) -> Result<(), StoreError> {
        Store::reload(self)
    }

    fn article(&self, id: &str) -> Result<Option<Analysis>, StoreError> {
        Store::article(self, id)
    }

    fn near_duplicates(&self, id: &str) -> Result<Vec<(String, f32)>, StoreError> {
        Store::near_duplicates(self, id)
    }

    fn search(&self, query: &str, o: &SearchOptions) -> Result<SearchResults, StoreError> {
        Store::search(self, query, o)
    }

    fn mention_rows(&self, kind: Option<&str>, each: Sink<MentionRow>) -> Result<(), StoreError> {
        let mut st = self.db.prepare(
            "SELECT type, key, article, name, role, code, actor, published FROM entities
             WHERE (?1 IS NULL OR type = ?1) AND key != '' ORDER BY type, key",
        )?;
        let mut rows = st.query(params![kind])?;
        while let Some(r) = rows.next()? {
            each(MentionRow {
                kind: r.get(0)?,
                key: r.get(1)?,
                article: r.get(2)?,
                name: r.get(3)?,
                role: r.get(4)?,
                code: r.get(5)?,
                actor: r.get(6)?,
                published: r.get(7)?,
            })?;
        }
        Ok(())
    }

    fn article_names(&self, each: Sink<MentionRow>) -> Result<(), StoreError> {
        let mut st = self.db.prepare(
            "SELECT article, type, key, MIN(name) FROM entities WHERE type != 'MISC' AND key != ''
             GROUP BY article, type, key ORDER BY article, type, key",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            each(MentionRow {
                article: r.get(0)?,
                kind: r.get(1)?,
                key: r.get(2)?,
                name: r.get(3)?,
                ..MentionRow::default()
            })?;
        }
        Ok(())
    }

    fn dated_articles(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError> {
        let mut st = self.db.prepare(
            "SELECT id, title, source, published FROM articles WHERE published IS NOT NULL
             AND (?1 IS NULL OR published >= ?1) AND (?2 IS NULL OR published <= ?2) ORDER BY published, id",
        )?;
        let mut rows = st.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            each(ArticleParts {
                id: r.get(0)?,
                title: r.get(1)?,
                source: r.get(2)?,
                published: r.get(3)?,
                ..ArticleParts::default()
            })?;
        }
        Ok(())
    }

    fn keyword_rows(&self, each: Sink<KeywordRow>) -> Result<(), StoreError> {
        let mut st = self
            .db
            .prepare("SELECT article, stem, score, text FROM keywords ORDER BY rowid")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            each(KeywordRow {
                article: r.get(0)?,
                stem: r.get(1)?,
                score: r.get(2)?,
                text: r.get(3)?,
            })?;
        }
        Ok(())
    }

    fn event_parts(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError> {
        let mut st = self.db.prepare(
            "SELECT id, url, published, json_extract(analysis, '$.events'), json_extract(analysis, '$.entities') FROM articles
             WHERE (?1 IS NULL OR published >= date(?1, '-31 days')) AND (?2 IS NULL OR published <= date(?2, '+31 days'))
             ORDER BY published, id",
        )?;
        let mut rows = st.query(params![from, to])?;
        while let Some(r) = rows.next()? {
            each(ArticleParts {
                id: r.get(0)?,
                url: r.get(1)?,
                published: r.get(2)?,
                events: r.get(3)?,
                entities: r.get(4)?,
                ..ArticleParts::default()
            })?;
        }
        Ok(())
    }

    fn latest_parts(
        &self,
        kind: &str,
        keys: &[String],
        limit: usize,
        each: Sink<ArticleParts>,
    ) -> Result<(), StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        values.push(Value::Integer(limit as i64));
        let limit_mark = values.len();
        let mut st = self.db.prepare(&format!(
            "SELECT id, title, published, json_extract(analysis, '$.entities'), json_extract(analysis, '$.quotes')
             FROM articles WHERE id IN (
                SELECT article FROM entities WHERE type = ?1 AND key IN ({marks})
                GROUP BY article ORDER BY max(published) DESC, article LIMIT ?{limit_mark})
             ORDER BY published DESC, id"
        ))?;
        let mut rows = st.query(params_from_iter(values))?;
        while let Some(r) = rows.next()? {
            each(ArticleParts {
                id: r.get(0)?,
                title: r.get(1)?,
                published: r.get(2)?,
                entities: r.get(3)?,
                quotes: r.get(4)?,
                ..ArticleParts::default()
            })?;
        }
        Ok(())
    }

    fn entity_days(&self, kind: &str, keys: &[String]) -> Result<Vec<DayCount>, StoreError> {
        let (marks, values) = key_params(kind, keys);
        let mut st = self.db.prepare(&format!(
            "SELECT substr(published, 1, 10) AS day, count(DISTINCT article) FROM entities
             WHERE type = ?1 AND key IN ({marks}) AND published IS NOT NULL GROUP BY day ORDER BY day"
        ))?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok(DayCount {
                day: r.get(0)?,
                articles: r.get::<_, i64>(1)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn entity_roles(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<RoleSpan>, StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        values.push(Value::Integer(limit as i64));
        let limit_mark = values.len();
        let mut st = self.db.prepare(&format!(
            "SELECT role, count(*) AS n, min(published), max(published) FROM entities
             WHERE type = ?1 AND key IN ({marks}) AND role IS NOT NULL AND role != ''
             GROUP BY role ORDER BY n DESC, role LIMIT ?{limit_mark}"
        ))?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok(RoleSpan {
                role: r.get(0)?,
                mentions: r.get::<_, i64>(1)? as u64,
                first: r.get(2)?,
                last: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn co_mentions(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<CoMention>, StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        values.push(Value::Integer(limit as i64));
        let limit_mark = values.len();
        let mut st = self.db.prepare(&format!(
            "SELECT o.type, o.key, count(DISTINCT o.article) AS n
             FROM entities e JOIN entities o ON o.article = e.article
             WHERE e.type = ?1 AND e.key IN ({marks}) AND o.key != ''
               AND NOT (o.type = ?1 AND o.key IN ({marks}))
             GROUP BY o.type, o.key ORDER BY n DESC, o.key, o.type LIMIT ?{limit_mark}"
        ))?;
        let rows = st.query_map(params_from_iter(values), |r| {
            Ok(CoMention {
                kind: r.get(0)?,
                key: r.get(1)?,
                articles: r.get::<_, i64>(2)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn top_keys(
        &self,
        kind: &str,
        from: Option<&str>,
        to_end: Option<&str>,
        top: usize,
    ) -> Result<Vec<(String, u64)>, StoreError> {
        let mut st = self.db.prepare(
            "SELECT key, count(DISTINCT article) AS n FROM entities
             WHERE type = ?1 AND key != '' AND (?2 IS NULL OR published >= ?2) AND (?3 IS NULL OR published <= ?3)
             GROUP BY key ORDER BY n DESC, key LIMIT ?4",
        )?;
        let nodes = st
            .query_map(params![kind, from, to_end, top as i64], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<Result<_, _>>()?;
        Ok(nodes)
    }

    fn key_articles(
        &self,
        kind: &str,
        keys: &[String],
        from: Option<&str>,
        to_end: Option<&str>,
        each: Sink<(String, String, Option<String>)>,
    ) -> Result<(), StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        let n = values.len();
        values.push(from.map_or(Value::Null, |f| Value::Text(f.to_string())));
        values.push(to_end.map_or(Value::Null, |t| Value::Text(t.to_string())));
        let mut st = self.db.prepare(&format!(
            "SELECT DISTINCT article, key, published FROM entities
             WHERE type = ?1 AND key IN ({marks})
               AND (?{a} IS NULL OR published >= ?{a}) AND (?{b} IS NULL OR published <= ?{b})",
            a = n + 1,
            b = n + 2
        ))?;
        let mut rows = st.query(params_from_iter(values))?;
        while let Some(r) = rows.next()? {
            each((r.get(0)?, r.get(1)?, r.get(2)?))?;
        }
        Ok(())
    }
}

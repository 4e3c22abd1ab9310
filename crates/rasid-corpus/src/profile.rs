//! One entity across the store (its page: mentions per day, roles over time, who it is
//! mentioned with, what it said) and the co-mention network of a date range.
//!
//! An entity here is a set of keys of one type, as [`Store::entities`] merges them
//! (`CorpusEntity::key` and `merged_keys`).

use std::collections::HashMap;

use rasid_core::{Entity, Link, Quote};
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter};
use serde::Serialize;

use crate::store::{name_key, Store, StoreError};

/// How many of an entity's latest articles are read for its quotes and affiliation.
pub const PROFILE_ARTICLES: usize = 100;

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct DayCount {
    pub day: String,
    pub articles: u64,
}

/// A role (title) the entity was given, and when.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct RoleSpan {
    pub role: String,
    pub mentions: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// Another entity mentioned in the same articles.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct CoMention {
    #[serde(rename = "type")]
    pub kind: String,
    pub key: String,
    pub articles: u64,
}

/// A quotation the entity is the speaker of.
#[derive(Debug, Clone, Serialize)]
pub struct QuoteBy {
    pub article: String,
    pub title: String,
    pub date: Option<String>,
    pub quote: Quote,
}

/// What the latest articles of an entity say of it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Reading {
    /// Affiliations (the state or body it belongs to), most frequent first.
    pub affiliations: Vec<String>,
    /// The link most articles gave it (a gazetteer place or an actor dictionary entry).
    pub link: Option<Link>,
    pub latin: Option<String>,
    pub quotes: Vec<QuoteBy>,
    /// Articles read (at most [`PROFILE_ARTICLES`], the latest).
    pub articles_read: usize,
}

/// A pair of entities of one type mentioned in the same articles.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Pair {
    pub a: String,
    pub b: String,
    pub articles: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// `?2, ?3, …` for `n` keys after the first parameter, and the parameters.
fn key_params(kind: &str, keys: &[String]) -> (String, Vec<Value>) {
    let marks: Vec<String> = (0..keys.len()).map(|i| format!("?{}", i + 2)).collect();
    let mut values = vec![Value::Text(kind.to_string())];
    values.extend(keys.iter().map(|k| Value::Text(k.clone())));
    (marks.join(", "), values)
}

impl Store {
    /// Articles per publication day that mention the entity.
    pub fn entity_days(&self, kind: &str, keys: &[String]) -> Result<Vec<DayCount>, StoreError> {
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

    /// The roles of the entity, most often given first, with the first and last day.
    pub fn entity_roles(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<RoleSpan>, StoreError> {
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

    /// The entities mentioned in the most articles beside this one.
    pub fn co_mentions(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<CoMention>, StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        values.push(Value::Integer(limit as i64));
        let limit_mark = values.len();
        let mut st = self.db.prepare(&format!(
            "SELECT o.type, o.key, count(DISTINCT o.article) AS n
             FROM entities e JOIN entities o ON o.article = e.article
             WHERE e.type = ?1 AND e.key IN ({marks}) AND o.key != ''
               AND NOT (o.type = ?1 AND o.key IN ({marks}))
             GROUP BY o.type, o.key ORDER BY n DESC, o.key LIMIT ?{limit_mark}"
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

    /// Quotes, affiliations and link of the entity in its latest articles.
    pub fn entity_reading(&self, kind: &str, keys: &[String]) -> Result<Reading, StoreError> {
        let (marks, mut values) = key_params(kind, keys);
        values.push(Value::Integer(PROFILE_ARTICLES as i64));
        let limit_mark = values.len();
        let mut st = self.db.prepare(&format!(
            "SELECT id, title, published, json_extract(analysis, '$.entities'), json_extract(analysis, '$.quotes')
             FROM articles WHERE id IN (
                SELECT article FROM entities WHERE type = ?1 AND key IN ({marks})
                GROUP BY article ORDER BY max(published) DESC LIMIT ?{limit_mark})
             ORDER BY published DESC, id"
        ))?;
        let mut rows = st.query(params_from_iter(values))?;
        let mut reading = Reading::default();
        let mut affiliations: HashMap<String, usize> = HashMap::new();
        let mut links: Vec<(String, Link)> = Vec::new();
        let mut latin: HashMap<String, usize> = HashMap::new();
        while let Some(r) = rows.next()? {
            let (id, title, date, entities, quotes): (String, String, Option<String>, Option<String>, Option<String>) =
                (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?);
            // Only the two parts read, not the whole analysis. One that does not read is
            // left out here; `rasid check` names it.
            let parsed = serde_json::from_str::<Vec<Entity>>(entities.as_deref().unwrap_or("[]")).and_then(|e| {
                Ok((
                    e,
                    serde_json::from_str::<Vec<Quote>>(quotes.as_deref().unwrap_or("[]"))?,
                ))
            });
            let Ok((entities, quotes)) = parsed else {
                continue;
            };
            reading.articles_read += 1;
            let own: Vec<&Entity> = entities
                .iter()
                .filter(|e| e.kind.as_str() == kind && keys.contains(&name_key(&e.canonical)))
                .collect();
            for e in &own {
                if let Some(x) = &e.affiliation {
                    *affiliations.entry(x.clone()).or_default() += 1;
                }
                if let Some(l) = &e.link {
                    links.push((serde_json::to_string(l).unwrap_or_default(), l.clone()));
                }
                if !e.latin.is_empty() {
                    *latin.entry(e.latin.clone()).or_default() += 1;
                }
            }
            for q in &quotes {
                if q.speaker.as_ref().is_some_and(|s| own.iter().any(|e| &e.id == s)) {
                    reading.quotes.push(QuoteBy {
                        article: id.clone(),
                        title: title.clone(),
                        date: date.clone(),
                        quote: q.clone(),
                    });
                }
            }
        }
        reading.affiliations = most_first(affiliations);
        reading.latin = most_first(latin).into_iter().next();
        let mut link_counts: HashMap<String, usize> = HashMap::new();
        for (k, _) in &links {
            *link_counts.entry(k.clone()).or_default() += 1;
        }
        if let Some(best) = most_first(link_counts).first() {
            reading.link = links.into_iter().find(|(k, _)| k == best).map(|x| x.1);
        }
        Ok(reading)
    }

    /// Pairs among the `top` keys of `kind` in most articles published in the range,
    /// mentioned in the same articles. `group` names the entity a key belongs to (keys of
    /// one entity are one side of a pair, counted once per article); a key it does not
    /// know is left out.
    pub fn co_mention_pairs(
        &self,
        kind: &str,
        from: Option<&str>,
        to: Option<&str>,
        top: usize,
        group: impl Fn(&str) -> Option<String>,
    ) -> Result<Vec<Pair>, StoreError> {
        // `to` is a day: every time of that day is before its end.
        let to_end = to.map(|t| format!("{t}\u{10ffff}"));
        let in_range = "(?2 IS NULL OR published >= ?2) AND (?3 IS NULL OR published <= ?3)";
        let mut st = self.db.prepare(&format!(
            "SELECT key, count(DISTINCT article) AS n FROM entities
             WHERE type = ?1 AND key != '' AND {in_range} GROUP BY key ORDER BY n DESC, key LIMIT ?4"
        ))?;
        let nodes: Vec<(String, u64)> = st
            .query_map(params![kind, from, to_end, top as i64], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64))
            })?
            .collect::<Result<_, _>>()?;
        // The pairs are made here, per article, from the rows of the top keys only (an
        // SQL self-join over every row of the type took seconds on 28k articles).
        let keys: Vec<String> = nodes.iter().map(|n| n.0.clone()).collect();
        let (marks, mut values) = key_params(kind, &keys);
        let n = values.len();
        values.push(from.map_or(Value::Null, |f| Value::Text(f.to_string())));
        values.push(to_end.map_or(Value::Null, Value::Text));
        let mut st = self.db.prepare(&format!(
            "SELECT DISTINCT article, key, published FROM entities
             WHERE type = ?1 AND key IN ({marks})
               AND (?{a} IS NULL OR published >= ?{a}) AND (?{b} IS NULL OR published <= ?{b})",
            a = n + 1,
            b = n + 2
        ))?;
        let mut by_article: HashMap<String, (Vec<String>, Option<String>)> = HashMap::new();
        let mut rows = st.query(params_from_iter(values))?;
        let groups: HashMap<&str, String> = keys.iter().filter_map(|k| Some((k.as_str(), group(k)?))).collect();
        while let Some(r) = rows.next()? {
            let (article, key, published): (String, String, Option<String>) = (r.get(0)?, r.get(1)?, r.get(2)?);
            let Some(g) = groups.get(key.as_str()) else { continue };
            let e = by_article.entry(article).or_insert((Vec::new(), published));
            e.0.push(g.clone());
        }
        let mut pairs: HashMap<(String, String), Pair> = HashMap::new();
        for (mut keys, published) in by_article.into_values() {
            keys.sort();
            keys.dedup();
            for (i, a) in keys.iter().enumerate() {
                for b in &keys[i + 1..] {
                    let p = pairs.entry((a.clone(), b.clone())).or_insert_with(|| Pair {
                        a: a.clone(),
                        b: b.clone(),
                        articles: 0,
                        first: published.clone(),
                        last: published.clone(),
                    });
                    p.articles += 1;
                    if published.is_some() {
                        p.first = p.first.take().min(published.clone()).or(published.clone());
                        p.last = p.last.take().max(published.clone());
                    }
                }
            }
        }
        let mut pairs: Vec<Pair> = pairs.into_values().collect();
        pairs.sort_by(|x, y| y.articles.cmp(&x.articles).then(x.a.cmp(&y.a)).then(x.b.cmp(&y.b)));
        Ok(pairs)
    }
}

/// The keys of `counts`, most counted first (ties: alphabetical).
fn most_first(counts: HashMap<String, usize>) -> Vec<String> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().map(|x| x.0).collect()
}

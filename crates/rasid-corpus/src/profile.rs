//! One entity across the store (its page: mentions per day, roles over time, who it is
//! mentioned with, what it said) and the co-mention network of a date range.
//!
//! An entity here is a set of keys of one type, as [`Corpus::entities`] merges them
//! (`CorpusEntity::key` and `merged_keys`).

use std::collections::HashMap;

use rasid_core::{Entity, Link, Quote};
use serde::Serialize;

use crate::corpus::Corpus;
use crate::store::{name_key, StoreError};

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

/// Quotes, affiliations and link of the entity in its latest articles.
pub(crate) fn reading<C: Corpus + ?Sized>(c: &C, kind: &str, keys: &[String]) -> Result<Reading, StoreError> {
    let mut reading = Reading::default();
    let mut affiliations: HashMap<String, usize> = HashMap::new();
    let mut links: Vec<(String, Link)> = Vec::new();
    let mut latin: HashMap<String, usize> = HashMap::new();
    c.latest_parts(kind, keys, PROFILE_ARTICLES, &mut |r| {
        // Only the two parts read, not the whole analysis. One that does not read is
        // left out here; `rasid check` names it.
        let parsed = serde_json::from_str::<Vec<Entity>>(r.entities.as_deref().unwrap_or("[]")).and_then(|e| {
            Ok((
                e,
                serde_json::from_str::<Vec<Quote>>(r.quotes.as_deref().unwrap_or("[]"))?,
            ))
        });
        let Ok((entities, quotes)) = parsed else {
            return Ok(());
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
                    article: r.id.clone(),
                    title: r.title.clone(),
                    date: r.published.clone(),
                    quote: q.clone(),
                });
            }
        }
        Ok(())
    })?;
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
pub(crate) fn pairs<C: Corpus + ?Sized>(
    c: &C,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    top: usize,
    group: &dyn Fn(&str) -> Option<String>,
) -> Result<Vec<Pair>, StoreError> {
    // `to` is a day: every time of that day is before its end.
    let to_end = to.map(|t| format!("{t}\u{10ffff}"));
    let nodes = c.top_keys(kind, from, to_end.as_deref(), top)?;
    // The pairs are made here, per article, from the rows of the top keys only (an SQL
    // self-join over every row of the type took seconds on 28k articles).
    let keys: Vec<String> = nodes.into_iter().map(|n| n.0).collect();
    let groups: HashMap<&str, String> = keys.iter().filter_map(|k| Some((k.as_str(), group(k)?))).collect();
    let mut by_article: HashMap<String, (Vec<String>, Option<String>)> = HashMap::new();
    c.key_articles(kind, &keys, from, to_end.as_deref(), &mut |(
        article,
        key,
        published,
    )| {
        if let Some(g) = groups.get(key.as_str()) {
            let e = by_article.entry(article).or_insert((Vec::new(), published));
            e.0.push(g.clone());
        }
        Ok(())
    })?;
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

/// The keys of `counts`, most counted first (ties: alphabetical).
fn most_first(counts: HashMap<String, usize>) -> Vec<String> {
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.into_iter().map(|x| x.0).collect()
}

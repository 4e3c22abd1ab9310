//! Search over a store: the lenient query ([`crate::query`]), BM25 over titles and bodies,
//! and filters that say so when they name something the store does not have.

use std::collections::BTreeSet;
use std::ops::Bound;
use std::time::Instant;

use chrono::NaiveDate;
use rusqlite::OptionalExtension;
use serde::Serialize;
use tantivy::collector::{Count, DocSetCollector, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Searcher, TantivyDocument, Term};

use crate::guard::guarded;
use crate::query;
use crate::store::ingest::date_key;
use crate::store::{filter_words, Store, StoreError};

/// The largest `limit` a search takes.
pub const MAX_LIMIT: usize = 10_000;

#[derive(Debug, Clone)]
pub struct SearchOptions {
    /// Hits to return, 1 to [`MAX_LIMIT`].
    pub limit: usize,
    /// Hits to skip before the first returned (paging), at most [`MAX_LIMIT`].
    pub offset: usize,
    /// Count sources, topics, names and days over every hit ([`Facets`]).
    pub facets: bool,
    /// Values each facet of sources and names lists (the most frequent).
    pub facet_size: usize,
    /// Inclusive bounds on the publication date.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Matched without regard to case (`bbc` finds `BBC`).
    pub source: Option<String>,
    pub topic: Option<String>,
    /// Articles that mention this person: the name, a longer name ending with it, or the
    /// surname of it (`دونالد ترامب` finds `ترامب`), spelling variants in long vowels
    /// included; an article in the name must be there (`البشير` is not `بشير`).
    pub person: Option<String>,
    pub place: Option<String>,
    pub org: Option<String>,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            limit: 10,
            offset: 0,
            facets: false,
            facet_size: 15,
            from: None,
            to: None,
            source: None,
            topic: None,
            person: None,
            place: None,
            org: None,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub score: f32,
    pub title: String,
    pub date: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    /// A passage with the matching words in `<b>…</b>`, HTML-escaped.
    pub snippet: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SearchResults {
    pub query: String,
    /// Articles that match (`hits` holds the first `limit` of them).
    pub total: usize,
    pub took_ms: f64,
    pub hits: Vec<SearchHit>,
    /// What the user should know: a filter that names nothing in the store, words dropped.
    pub notes: Vec<String>,
    /// Counts over every hit, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// What the hits of a search are made of: each list holds the values with the most hits,
/// most first; `days` holds every publication day, in date order.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct Facets {
    pub sources: Vec<Bucket>,
    pub topics: Vec<Bucket>,
    pub people: Vec<Bucket>,
    pub places: Vec<Bucket>,
    pub organisations: Vec<Bucket>,
    pub days: Vec<Bucket>,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Bucket {
    pub value: String,
    /// Articles among the hits with this value.
    pub articles: u64,
}

/// The topic labels of rasid's classifier (ANT's sections).
pub const TOPICS: [&str; 6] = [
    "culture",
    "economy",
    "internationalNews",
    "middleEast",
    "sport",
    "technology",
];

/// Whether a word of a name filter matches a word of a stored name: the same, the stored
/// word with an article the query left out, or a spelling that differs in long vowels.
fn word_matches(query: &str, stored: &str) -> bool {
    if query == stored {
        return true;
    }
    // `strip_article` hands back the word itself when it has no article to strip.
    let query_has_article = rasid_text::strip_article(query) != query;
    let stored_bare = rasid_text::strip_article(stored);
    let stored_has_article = stored_bare != stored;
    if !query_has_article && stored_has_article && stored_bare == query {
        return true;
    }
    if query_has_article != stored_has_article {
        return false;
    }
    crate::entities::vowel_variants(query, stored)
}

/// Whether the shorter name is the longer one or a part of it that ends it (a surname, a
/// name without its first names), word by word.
pub fn names_match(query: &[String], stored: &[&str]) -> bool {
    let (Some(q_last), Some(s_last)) = (query.last(), stored.last()) else {
        return false;
    };
    if !word_matches(q_last, s_last) {
        return false;
    }
    // The other words of the shorter name, in order, among those of the longer one.
    if query.len() <= stored.len() {
        let mut rest = stored[..stored.len() - 1].iter();
        query[..query.len() - 1]
            .iter()
            .all(|q| rest.by_ref().any(|s| word_matches(q, s)))
    } else {
        let mut rest = query[..query.len() - 1].iter();
        stored[..stored.len() - 1]
            .iter()
            .all(|s| rest.by_ref().any(|q| word_matches(q, s)))
    }
}

/// What no search can answer: a limit or offset out of range, a date range that ends
/// before it begins (the message says which). Every store checks the same.
pub fn check_options(o: &SearchOptions) -> Result<(), String> {
    if o.limit == 0 || o.limit > MAX_LIMIT {
        return Err(format!("limit must be between 1 and {MAX_LIMIT}, not {}", o.limit));
    }
    if o.offset > MAX_LIMIT {
        return Err(format!("offset must be at most {MAX_LIMIT}, not {}", o.offset));
    }
    match (o.from, o.to) {
        (Some(a), Some(b)) if a > b => Err(format!("the date range ends before it begins (from {a} to {b})")),
        _ => Ok(()),
    }
}

/// Every value a string field holds in the index (its term dictionary).
fn field_values(searcher: &Searcher, field: Field) -> Result<BTreeSet<String>, StoreError> {
    let mut out = BTreeSet::new();
    for seg in searcher.segment_readers() {
        let inverted = seg.inverted_index(field)?;
        let mut stream = inverted
            .terms()
            .stream()
            .map_err(|e| StoreError::Other(e.to_string()))?;
        while stream.advance() {
            out.insert(String::from_utf8_lossy(stream.key()).into_owned());
        }
    }
    Ok(out)
}

fn any_of(field: Field, values: &[String]) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        values
            .iter()
            .map(|v| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect(),
    ))
}

/// A filter: it decides which articles pass, not their order (a name filter scored as a
/// term would rank articles that name fewer people first).
fn unscored(q: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, 0.0))
}

/// The first 20 values of a filter's field, for the note that says none matched.
pub fn shown_list(values: &BTreeSet<String>) -> String {
    let mut v: Vec<&str> = values.iter().map(String::as_str).take(20).collect();
    if values.len() > 20 {
        v.push("…");
    }
    if v.is_empty() {
        "none".into()
    } else {
        v.join(", ")
    }
}

/// The passage of a body that matches the query best, or, for a query with no words (a
/// filter alone), the body's beginning.
fn snippet(g: &SnippetGenerator, doc: &TantivyDocument, body: Field) -> String {
    let s = g.snippet_from_doc(doc);
    if !s.fragment().is_empty() {
        return s.to_html();
    }
    opening_snippet(doc.get_first(body).and_then(|v| v.as_str()).unwrap_or(""))
}

/// The snippet of a hit no query word is in: the body's first 200 characters, escaped like
/// tantivy's snippets, so that every snippet is the same kind of text.
pub fn opening_snippet(text: &str) -> String {
    let end = text.char_indices().nth(200).map(|(i, _)| i).unwrap_or(text.len());
    htmlescape::encode_minimal(&text[..end])
}

impl Store {
    /// BM25 search over titles (weighted twice) and bodies with rasid's Arabic analyzer.
    /// The query is read leniently ([`crate::query`]) and never fails; an empty query with
    /// filters lists the articles that pass them.
    pub fn search(&self, query: &str, o: &SearchOptions) -> Result<SearchResults, StoreError> {
        let t0 = Instant::now();
        check_options(o).map_err(StoreError::Invalid)?;
        // A panic inside tantivy is damage in all but rare cases (the fuzzer found one
        // tantivy assertion on a sound index, worked around in `query::build`); the
        // message says how to tell.
        let mut r = guarded(
            || self.search_index(query, o),
            |m| {
                StoreError::Damaged(format!(
                    "the search failed inside the index ({m}): `rasid check --store {d}` tells whether {d} is damaged; if it is, run `rasid repair --store {d}`",
                    d = self.dir.display()
                ))
            },
        )?;
        r.took_ms = t0.elapsed().as_secs_f64() * 1000.0;
        Ok(r)
    }

    fn search_index(&self, query: &str, o: &SearchOptions) -> Result<SearchResults, StoreError> {
        let searcher = self.reader.searcher();
        let mut results = SearchResults {
            query: query.to_string(),
            total: 0,
            took_ms: 0.0,
            hits: Vec::new(),
            notes: Vec::new(),
            facets: o.facets.then(Facets::default),
        };
        let parsed = query::parse(query);
        if parsed.dropped > 0 {
            results.notes.push(format!(
                "the query was cut to its first {} words ({} left out)",
                query::MAX_CLAUSES,
                parsed.dropped
            ));
        }
        let Some(text) = self.text_query(&parsed, query)? else {
            results
                .notes
                .push("the query has no word to search for (only punctuation or operators)".into());
            return Ok(results);
        };
        let mut clauses: Vec<Clause> = vec![(Occur::Must, text.query.box_clone())];
        clauses.extend(self.excluded_articles(&searcher, text.excluded_phrases)?);
        match self.filters(&searcher, o)? {
            Filters::Clauses(filters) => clauses.extend(filters),
            Filters::NothingPasses(note) => {
                results.notes.push(note);
                return Ok(results);
            }
        }
        let q = BooleanQuery::new(clauses);
        self.collect_hits(&searcher, &q, &*text.query, o, &mut results)?;
        Ok(results)
    }

    /// The words of the query over titles (weighted twice) and bodies; an empty query (a
    /// filter alone) matches every article. `None`: the query has words, none searchable.
    fn text_query(&self, parsed: &query::Parsed, query: &str) -> Result<Option<query::Built>, StoreError> {
        let f = self.f;
        let analyzer = self.index.tokenizer_for_field(f.title)?;
        let mut fields = [(f.title, 2.0, analyzer.clone()), (f.body, 1.0, analyzer)];
        Ok(match query::build(parsed, &mut fields) {
            Some(b) => Some(b),
            None if query.trim().is_empty() => Some(query::Built {
                query: Box::new(AllQuery),
                excluded_phrases: Vec::new(),
            }),
            None => None,
        })
    }

    /// Excluded phrases: their articles found first, then excluded by id (see
    /// [`query::build`] for why not by tantivy's exclusion).
    fn excluded_articles(&self, searcher: &Searcher, phrases: Vec<Box<dyn Query>>) -> Result<Vec<Clause>, StoreError> {
        let mut clauses = Vec::new();
        for phrase in phrases {
            let mut ids = Vec::new();
            for addr in searcher.search(&*phrase, &DocSetCollector)? {
                let doc: TantivyDocument = searcher.doc(addr)?;
                if let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_str()) {
                    ids.push(id.to_string());
                }
            }
            if !ids.is_empty() {
                clauses.push((Occur::MustNot, any_of(self.f.id, &ids)));
            }
        }
        Ok(clauses)
    }

    /// The clauses of the filters, or the note that says which filter nothing passes.
    fn filters(&self, searcher: &Searcher, o: &SearchOptions) -> Result<Filters, StoreError> {
        let f = self.f;
        let mut clauses = Vec::new();
        // Source and topic: the values the store has, without regard to case.
        for (field, wanted, what) in [(f.source, &o.source, "source"), (f.topic, &o.topic, "topic")] {
            let Some(wanted) = wanted else { continue };
            let values = field_values(searcher, field)?;
            let wanted_lower = wanted.trim().to_lowercase();
            let matching: Vec<String> = values
                .iter()
                .filter(|v| v.to_lowercase() == wanted_lower)
                .cloned()
                .collect();
            if matching.is_empty() {
                return Ok(Filters::NothingPasses(format!(
                    "no article in the store has the {what} '{wanted}' (the store's {what}s: {})",
                    shown_list(&values)
                )));
            }
            clauses.push((Occur::Must, unscored(any_of(field, &matching))));
        }
        for (field, wanted, what) in [
            (f.per, &o.person, "person"),
            (f.loc, &o.place, "place"),
            (f.org, &o.org, "organisation"),
        ] {
            let Some(wanted) = wanted else { continue };
            let words = filter_words(wanted);
            let matching: Vec<String> = field_values(searcher, field)?
                .into_iter()
                .filter(|v| names_match(&words, &v.split(' ').collect::<Vec<_>>()))
                .collect();
            if matching.is_empty() {
                return Ok(Filters::NothingPasses(format!(
                    "no article in the store mentions a {what} named '{wanted}'"
                )));
            }
            clauses.push((Occur::Must, unscored(any_of(field, &matching))));
        }
        if o.from.is_some() || o.to.is_some() {
            let bound = |d: Option<NaiveDate>| match d.and_then(|d| date_key(&d.format("%Y-%m-%d").to_string())) {
                Some(k) => Bound::Included(Term::from_field_i64(f.date, k)),
                None => Bound::Unbounded,
            };
            clauses.push((
                Occur::Must,
                unscored(Box::new(RangeQuery::new(bound(o.from), bound(o.to)))),
            ));
        }
        Ok(Filters::Clauses(clauses))
    }

    /// Runs the search and fills in the total and the first `limit` hits, with snippets
    /// of the words of `text`.
    fn collect_hits(
        &self,
        searcher: &Searcher,
        q: &BooleanQuery,
        text: &dyn Query,
        o: &SearchOptions,
        results: &mut SearchResults,
    ) -> Result<(), StoreError> {
        let f = self.f;
        let top_docs = TopDocs::with_limit(o.limit).and_offset(o.offset).order_by_score();
        // The facets in the same pass over the hits as the top documents and the count.
        let facets = o.facets.then(|| crate::facets::FacetCollector {
            size: o.facet_size.clamp(1, 1000),
        });
        let (top, total, facets) = searcher.search(q, &(top_docs, Count, facets))?;
        results.total = total;
        results.facets = facets.or(results.facets.take());
        let mut snippets = SnippetGenerator::create(searcher, text, f.body)?;
        snippets.set_max_num_chars(240);
        for (score, addr) in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let s = |field: Field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
            let id = s(f.id).unwrap_or_default();
            let url: Option<Option<String>> = self
                .db
                .query_row("SELECT url FROM articles WHERE id = ?1", [&id], |r| r.get(0))
                .optional()?;
            // A document the database does not know yet: the writer's batch is between
            // its two commits (or was interrupted there).
            let Some(url) = url else {
                results.total = results.total.saturating_sub(1);
                continue;
            };
            let date = doc.get_first(f.date).and_then(|v| v.as_i64()).map(day_of_key);
            results.hits.push(SearchHit {
                id,
                score,
                title: s(f.title).unwrap_or_default(),
                date,
                source: s(f.source),
                url,
                snippet: snippet(&snippets, &doc, f.body),
            });
        }
        Ok(())
    }
}

/// `YYYY-MM-DD` of the index's date key (`YYYYMMDD` as a number).
pub(crate) fn day_of_key(k: i64) -> String {
    format!("{:04}-{:02}-{:02}", k / 10000, k / 100 % 100, k % 100)
}

/// One clause of the search's boolean query.
type Clause = (Occur, Box<dyn Query>);

/// What the filters of a search come to.
enum Filters {
    Clauses(Vec<Clause>),
    /// A filter names nothing the store has, so no article can pass: the note says which.
    NothingPasses(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(q: &str, stored: &str) -> bool {
        names_match(
            &filter_words(q),
            &filter_words(stored).iter().map(String::as_str).collect::<Vec<_>>(),
        )
    }

    #[test]
    fn name_filters() {
        assert!(m("دونالد ترامب", "ترامب"));
        assert!(m("ترامب", "دونالد ترامب"));
        assert!(m("دونالد ترامب", "دونالد ترمب"));
        assert!(!m("دونالد ترامب", "ايفانكا ترامب"));
        assert!(m("البشير", "عمر البشير"));
        assert!(m("بشير", "البشير"));
        assert!(!m("البشير", "بشير"));
        assert!(!m("البشير", "بشير الشيخ"));
        assert!(!m("عمر البشير", "عمر"));
        assert!(m("عمر البشير", "عمر حسن البشير"));
    }

    /// The facet collector counts as tantivy's terms aggregation does.
    #[test]
    fn facets_count_as_tantivy_aggregation() {
        use tantivy::aggregation::agg_req::Aggregations;
        use tantivy::aggregation::AggregationCollector;
        let dir = tempfile::tempdir().unwrap();
        let store = crate::testing::small_store(dir.path()).unwrap();
        let searcher = store.reader.searcher();
        let q = BooleanQuery::new(vec![(Occur::Must, Box::new(AllQuery) as Box<dyn Query>)]);
        let ours = searcher
            .search(&q, &crate::facets::FacetCollector { size: 15 })
            .unwrap();
        let request = serde_json::json!({
            "sources": {"terms": {"field": "source", "size": 15}},
            "days": {"terms": {"field": "date", "size": 100}},
        });
        let aggs: Aggregations = serde_json::from_value(request).unwrap();
        let theirs = serde_json::to_value(
            searcher
                .search(&q, &AggregationCollector::from_aggs(aggs, Default::default()))
                .unwrap(),
        )
        .unwrap();
        let sources: Vec<(String, u64)> = theirs["sources"]["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| (b["key"].as_str().unwrap().to_string(), b["doc_count"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            ours.sources
                .iter()
                .map(|b| (b.value.clone(), b.articles))
                .collect::<Vec<_>>(),
            sources
        );
        let mut days: Vec<(String, u64)> = theirs["days"]["buckets"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                (
                    day_of_key(b["key"].as_f64().unwrap() as i64),
                    b["doc_count"].as_u64().unwrap(),
                )
            })
            .collect();
        days.sort();
        assert_eq!(
            ours.days
                .iter()
                .map(|b| (b.value.clone(), b.articles))
                .collect::<Vec<_>>(),
            days
        );
        assert_eq!(days.len(), 3);
    }
}

//! `rasid search` from PostgreSQL: the local store's query language, filters and ranking.
//!
//! Matching: each clause of the query ([`rasid_corpus::query::parse`]) becomes its
//! analyzer terms, one term or a phrase of them (`<->`), joined as the local search joins
//! them (must: all; should: any; must not: none) into a `tsquery` the GIN index answers.
//! Ranking: BM25 (k1 = 1.2, b = 0.75, as tantivy) over titles (weighted twice) and bodies,
//! with document frequencies from `terms`; a clause's frequency in a field is
//! `ts_rank_cd` with only that field's weight set, which for one term or one phrase is
//! the number of times it is there with that weight. PostgreSQL keeps at most 256
//! positions of a term and none past 16,383: in a very long article a word's frequency is
//! capped there, and a phrase past that position is not found.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::time::Instant;

use postgres::types::ToSql;
use postgres::Client;
use rasid_corpus::query::{self, Occurrence};
use rasid_corpus::search::names_match;
use rasid_corpus::store::filter_words;
use rasid_corpus::{Bucket, Facets, SearchHit, SearchOptions, SearchResults};

use crate::PgError;

const K1: f64 = 1.2;
const B: f64 = 0.75;
/// The longest lexeme PostgreSQL keeps (2 KiB less a margin): longer terms are left out.
const MAX_LEXEME: usize = 2000;

/// An article's search vector as `tsvector` text, and its term counts per field.
pub struct Vector {
    pub text: String,
    /// The title's part alone: scoring reads a term's title frequency from it, which is
    /// much cheaper than from the whole vector.
    pub title_text: String,
    pub title_len: i32,
    pub body_len: i32,
}

impl Vector {
    /// The lengths BM25 divides by, as the local index stores them.
    pub fn norms(&self) -> (i32, i32) {
        let norm = |n: i32| rasid_corpus::analyzer::fieldnorm(n as u32) as i32;
        (norm(self.title_len), norm(self.body_len))
    }
}

/// The `tsvector` of a title (weight `A`) and a body (`D`): rasid's analyzer terms with
/// their positions; the body's positions start one past the title's so that no phrase
/// runs from one into the other.
pub fn vector(seg: &rasid_text::Segmenter, title: &str, body: &str) -> Vector {
    let mut positions: BTreeMap<String, Vec<(usize, char)>> = BTreeMap::new();
    let mut terms = Vec::new();
    rasid_corpus::analyzer::terms(seg, title, &mut terms);
    let title_len = terms.len();
    for (i, (_, _, t)) in terms.drain(..).enumerate() {
        positions.entry(t).or_default().push((i + 1, 'A'));
    }
    rasid_corpus::analyzer::terms(seg, body, &mut terms);
    let body_len = terms.len();
    for (i, (_, _, t)) in terms.drain(..).enumerate() {
        positions.entry(t).or_default().push((title_len + 2 + i, 'D'));
    }
    Vector {
        text: vector_text(&positions, |_| true),
        title_text: vector_text(&positions, |w| w == 'A'),
        title_len: title_len as i32,
        body_len: body_len as i32,
    }
}

/// `tsvector` text of the positions whose weight passes.
fn vector_text(positions: &BTreeMap<String, Vec<(usize, char)>>, keep: impl Fn(char) -> bool) -> String {
    let mut text = String::new();
    for (term, ps) in positions.iter().filter(|(t, _)| t.len() <= MAX_LEXEME) {
        let mut first = true;
        for (p, w) in ps.iter().filter(|(_, w)| keep(*w)) {
            if first {
                if !text.is_empty() {
                    text.push(' ');
                }
                text.push_str(&quoted(term));
                text.push(':');
            }
            let _ = write!(text, "{}{}{}", if first { "" } else { "," }, p.min(&16383), w);
            first = false;
        }
    }
    text
}

/// A lexeme as `tsvector`/`tsquery` text: in single quotes, quotes doubled, backslashes
/// escaped.
fn quoted(term: &str) -> String {
    format!("'{}'", term.replace('\\', "\\\\").replace('\'', "''"))
}

/// A query read as `tsquery` text and the clauses that score.
struct TextQuery {
    /// `None`: every article (a query of filters only).
    tsquery: Option<String>,
    scoring: Vec<Scored>,
}

/// A word or phrase of the query that scores, as tantivy scores a clause: by its own
/// frequency in each field (a phrase's: how often the whole phrase is there) and the sum
/// of its terms' idf. A word given twice scores twice, as two clauses do there.
struct Scored {
    /// One term, or a phrase (`'a' <-> 'b'`), as `tsquery` text.
    tsquery: String,
    terms: Vec<String>,
}

/// The query as a `tsquery`; `None` when it has words but none the analyzer keeps.
fn text_query(seg: &rasid_text::Segmenter, q: &str, notes: &mut Vec<String>) -> Option<TextQuery> {
    let parsed = query::parse(q);
    if parsed.dropped > 0 {
        notes.push(format!(
            "the query was cut to its first {} words ({} left out)",
            query::MAX_CLAUSES,
            parsed.dropped
        ));
    }
    let (mut must, mut should, mut not) = (Vec::new(), Vec::new(), Vec::new());
    let mut scoring = Vec::new();
    let mut terms = Vec::new();
    for c in &parsed.clauses {
        terms.clear();
        rasid_corpus::analyzer::terms(seg, &c.text, &mut terms);
        terms.retain(|(_, _, t)| t.len() <= MAX_LEXEME);
        if terms.is_empty() {
            continue;
        }
        let part = terms
            .iter()
            .map(|(_, _, t)| quoted(t))
            .collect::<Vec<_>>()
            .join(" <-> ");
        let scored = Scored {
            tsquery: part.clone(),
            terms: terms.iter().map(|(_, _, t)| t.clone()).collect(),
        };
        let part = format!("({part})");
        match c.occur {
            Occurrence::Must => must.push(part),
            Occurrence::Should => should.push(part),
            Occurrence::MustNot => {
                not.push(format!("!{part}"));
                continue;
            }
        }
        scoring.push(scored);
    }
    // No clause with a term: a query of filters only matches every article; one with
    // words none of which the analyzer keeps matches nothing.
    if must.is_empty() && should.is_empty() && not.is_empty() {
        return q.trim().is_empty().then_some(TextQuery {
            tsquery: None,
            scoring: Vec::new(),
        });
    }
    let mut all = Vec::new();
    if !must.is_empty() {
        all.push(must.join(" & "));
    } else if !should.is_empty() {
        all.push(format!("({})", should.join(" | ")));
    }
    all.extend(not);
    Some(TextQuery {
        tsquery: Some(all.join(" & ")),
        scoring,
    })
}

/// The `WHERE` conditions of the filters and their parameters, or the note that says which
/// filter nothing passes (in the local search's words).
struct Filters {
    conditions: Vec<String>,
    params: Vec<Box<dyn ToSql + Sync>>,
}

impl Filters {
    fn param(&mut self, v: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(v));
        format!("${}", self.params.len())
    }
}

fn filters(client: &mut Client, o: &SearchOptions, f: &mut Filters) -> Result<Option<String>, PgError> {
    for (column, wanted, what) in [("source", &o.source, "source"), ("topic", &o.topic, "topic")] {
        let Some(wanted) = wanted else { continue };
        let values: BTreeSet<String> = client
            .query(
                &format!("SELECT DISTINCT {column} FROM articles WHERE {column} IS NOT NULL"),
                &[],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        // Matched in Rust, as the local search matches (not by the server's locale).
        let lower = wanted.trim().to_lowercase();
        let matching: Vec<String> = values.iter().filter(|v| v.to_lowercase() == lower).cloned().collect();
        if matching.is_empty() {
            return Ok(Some(format!(
                "no article in the store has the {what} '{wanted}' (the store's {what}s: {})",
                rasid_corpus::search::shown_list(&values)
            )));
        }
        let p = f.param(matching);
        f.conditions.push(format!("a.{column} = ANY({p})"));
    }
    for (kind, wanted, what) in [
        ("PER", &o.person, "person"),
        ("LOC", &o.place, "place"),
        ("ORG", &o.org, "organisation"),
    ] {
        let Some(wanted) = wanted else { continue };
        let words = filter_words(wanted);
        let matching: Vec<String> = client
            .query("SELECT DISTINCT filter FROM mentions WHERE type = $1", &[&kind])?
            .iter()
            .map(|r| r.get::<_, String>(0))
            .filter(|v| names_match(&words, &v.split(' ').collect::<Vec<_>>()))
            .collect();
        if matching.is_empty() {
            return Ok(Some(format!(
                "no article in the store mentions a {what} named '{wanted}'"
            )));
        }
        let (pk, pm) = (f.param(kind.to_string()), f.param(matching));
        f.conditions.push(format!(
            "a.id IN (SELECT article FROM mentions WHERE type = {pk} AND filter = ANY({pm}))"
        ));
    }
    if let Some(d) = o.from {
        let p = f.param(d);
        f.conditions.push(format!("a.published >= {p}"));
    }
    if let Some(d) = o.to {
        let p = f.param(d);
        f.conditions.push(format!("a.published <= {p}"));
    }
    Ok(None)
}

/// The weight of each scoring clause in titles and in bodies (the sum of its terms' idf,
/// tantivy's ln(1 + (N − df + 0.5) / (df + 0.5))), and the mean field lengths.
fn weights(client: &mut Client, scoring: &[Scored]) -> Result<(Vec<f64>, Vec<f64>, f64, f64), PgError> {
    let terms: Vec<&str> = scoring
        .iter()
        .flat_map(|s| s.terms.iter().map(String::as_str))
        .collect();
    let (n, title_avg, body_avg) = match client.query_opt("SELECT articles, title_avg, body_avg FROM corpus", &[])? {
        Some(r) => (r.get::<_, i64>(0) as f64, r.get::<_, f64>(1), r.get::<_, f64>(2)),
        None => (0.0, 1.0, 1.0),
    };
    let mut df: BTreeMap<String, (i32, i32)> = BTreeMap::new();
    for r in client.query(
        "SELECT term, title_df, body_df FROM terms WHERE term = ANY($1)",
        &[&terms],
    )? {
        df.insert(r.get(0), (r.get(1), r.get(2)));
    }
    let idf = |d: i32| (1.0 + (n - d as f64 + 0.5) / (d as f64 + 0.5)).ln();
    let (mut wa, mut wd) = (Vec::new(), Vec::new());
    for s in scoring {
        let df_of = |t: &String| df.get(t).copied().unwrap_or((0, 0));
        // Titles count twice (the local search's boost), and tantivy's (k1 + 1) factor. A
        // clause none of whose articles has it in a field scores 0 there anyway.
        wa.push(2.0 * (K1 + 1.0) * s.terms.iter().map(|t| idf(df_of(t).0)).sum::<f64>());
        wd.push((K1 + 1.0) * s.terms.iter().map(|t| idf(df_of(t).1)).sum::<f64>());
    }
    Ok((wa, wd, title_avg.max(1.0), body_avg.max(1.0)))
}

/// Searches the articles in PostgreSQL: the same query language, filters, notes and
/// ranking as `Store::search`.
pub fn search(
    client: &mut Client,
    seg: &rasid_text::Segmenter,
    q: &str,
    o: &SearchOptions,
) -> Result<SearchResults, PgError> {
    let t0 = Instant::now();
    rasid_corpus::search::check_options(o).map_err(PgError::Invalid)?;
    crate::schema::check(client)?;
    let mut results = SearchResults {
        query: q.to_string(),
        total: 0,
        took_ms: 0.0,
        hits: Vec::new(),
        notes: Vec::new(),
        facets: o.facets.then(Facets::default),
    };
    let Some(text) = text_query(seg, q, &mut results.notes) else {
        results
            .notes
            .push("the query has no word to search for (only punctuation or operators)".into());
        return Ok(results);
    };
    let mut f = Filters {
        conditions: Vec::new(),
        params: Vec::new(),
    };
    if let Some(note) = filters(client, o, &mut f)? {
        results.notes.push(note);
        return Ok(results);
    }
    let (wa, wd, title_avg, body_avg) = weights(client, &text.scoring)?;
    if let Some(tsq) = &text.tsquery {
        let p = f.param(tsq.clone());
        f.conditions.push(format!("a.tsv @@ {p}::text::tsquery"));
    }
    // The conditions name the parameters so far; the scoring ones come after.
    let condition_params = f.params.len();
    let singles: Vec<String> = text.scoring.iter().map(|s| s.tsquery.clone()).collect();
    let (pt, pa, pd) = (f.param(singles), f.param(wa), f.param(wd));
    let (pta, pba) = (f.param(title_avg), f.param(body_avg));
    let (pl, po) = (f.param(o.limit as i64), f.param(o.offset as i64));
    let score = format!(
        "coalesce((SELECT sum(
            ({pa}::float8[])[i] * ta / (ta + {K1} * (1 - {B} + {B} * a.title_norm / {pta}::float8))
          + ({pd}::float8[])[i] * tb / (tb + {K1} * (1 - {B} + {B} * a.body_norm / {pba}::float8)))
          FROM (SELECT i, ts_rank_cd('{{0,0,0,1}}', a.title_tsv, t::tsquery)::float8 AS ta,
                          ts_rank_cd('{{1,0,0,0}}', a.tsv, t::tsquery)::float8 AS tb
                FROM unnest({pt}::text[]) WITH ORDINALITY AS u(t, i)) s), 0)"
    );
    let where_ = if f.conditions.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", f.conditions.join(" AND "))
    };
    let sql = format!(
        "SELECT a.id, a.title, a.published, a.source, a.url, a.body, {score} AS score, count(*) OVER () AS total
         FROM articles a {where_} ORDER BY score DESC, a.stored, a.id LIMIT {pl} OFFSET {po}"
    );
    let params: Vec<&(dyn ToSql + Sync)> = f.params.iter().map(|p| p.as_ref()).collect();
    let rows = client.query(&sql, &params)?;
    let scoring: BTreeSet<&str> = text
        .scoring
        .iter()
        .flat_map(|s| s.terms.iter().map(String::as_str))
        .collect();
    for r in &rows {
        results.total = r.get::<_, i64>(7) as usize;
        let body: String = r.get(5);
        results.hits.push(SearchHit {
            id: r.get(0),
            score: r.get::<_, f64>(6) as f32,
            title: r.get(1),
            date: r.get::<_, Option<chrono::NaiveDate>>(2).map(|d| d.to_string()),
            source: r.get(3),
            url: r.get(4),
            snippet: snippet(seg, &body, &scoring),
        });
    }
    if rows.is_empty() && o.offset > 0 {
        // The page is past the last hit: the count still says how many there are.
        let sql = format!("SELECT count(*) FROM articles a {where_}");
        let params: Vec<&(dyn ToSql + Sync)> = f.params[..condition_params].iter().map(|p| p.as_ref()).collect();
        results.total = client.query_one(&sql, &params)?.get::<_, i64>(0) as usize;
    }
    if o.facets {
        let params: Vec<&(dyn ToSql + Sync)> = f.params[..condition_params].iter().map(|p| p.as_ref()).collect();
        results.facets = Some(facets(client, &where_, &params, o.facet_size.clamp(1, 1000))?);
    }
    results.took_ms = t0.elapsed().as_secs_f64() * 1000.0;
    Ok(results)
}

/// What the hits are made of, counted over every hit: sources and topics as stored, names
/// as the name filters match them (`mentions.filter`, one count per article), days of
/// publication in date order; ties by value. Exact: the local search's counts are exact
/// too, but on a store of many index segments it may miss a value at the tail of a list
/// (it gathers each segment's most frequent).
fn facets(client: &mut Client, where_: &str, params: &[&(dyn ToSql + Sync)], size: usize) -> Result<Facets, PgError> {
    let and = if where_.is_empty() { "WHERE" } else { "AND" };
    let mut buckets = |sql: String| -> Result<Vec<Bucket>, PgError> {
        Ok(client
            .query(&sql, params)?
            .iter()
            .map(|r| Bucket {
                value: r.get(0),
                articles: r.get::<_, i64>(1) as u64,
            })
            .collect())
    };
    let column = |column: &str, size: usize| {
        format!(
            "SELECT a.{column}, count(*) AS n FROM articles a {where_} {and} a.{column} IS NOT NULL
             GROUP BY 1 ORDER BY n DESC, a.{column} COLLATE \"C\" LIMIT {size}"
        )
    };
    let names = |kind: &str| {
        format!(
            "SELECT m.filter, count(DISTINCT m.article) AS n FROM articles a JOIN mentions m ON m.article = a.id
             {where_} {and} m.type = '{kind}' GROUP BY 1 ORDER BY n DESC, 1 LIMIT {size}"
        )
    };
    let sources = buckets(column("source", size))?;
    // The local search lists up to 50 topics whatever the size.
    let topics = buckets(column("topic", 50))?;
    let people = buckets(names("PER"))?;
    let places = buckets(names("LOC"))?;
    let organisations = buckets(names("ORG"))?;
    let days = client
        .query(
            &format!(
                "SELECT a.published, count(*) FROM articles a {where_} {and} a.published IS NOT NULL
                 GROUP BY 1 ORDER BY 1"
            ),
            params,
        )?
        .iter()
        .map(|r| Bucket {
            value: r.get::<_, chrono::NaiveDate>(0).to_string(),
            articles: r.get::<_, i64>(1) as u64,
        })
        .collect();
    Ok(Facets {
        sources,
        topics,
        people,
        places,
        organisations,
        days,
    })
}

/// The passage of up to 240 characters of the body with the most query terms, those in
/// `<b>…</b>`, HTML-escaped; the body's beginning when no term is in it. Close to the
/// local search's snippets, not the same: tantivy cuts 240 bytes at tokens and weighs
/// terms by idf.
fn snippet(seg: &rasid_text::Segmenter, body: &str, scoring: &BTreeSet<&str>) -> String {
    const WINDOW: usize = 240;
    let mut terms = Vec::new();
    rasid_corpus::analyzer::terms(seg, body, &mut terms);
    let hits: Vec<(usize, usize)> = terms
        .iter()
        .filter(|(_, _, t)| scoring.contains(t.as_str()))
        .map(|(s, e, _)| (*s, *e))
        .collect();
    if hits.is_empty() {
        return rasid_corpus::search::opening_snippet(body);
    }
    // The window starting at each hit that holds the most hits.
    let chars_between = |a: usize, b: usize| body[a..b].chars().count();
    let (mut best, mut best_n) = (0, 0);
    for i in 0..hits.len() {
        let n = hits[i..]
            .iter()
            .take_while(|h| chars_between(hits[i].0, h.1) <= WINDOW)
            .count();
        if n > best_n {
            (best, best_n) = (i, n);
        }
    }
    let start = hits[best].0;
    let end = body[start..]
        .char_indices()
        .nth(WINDOW)
        .map(|(i, _)| start + i)
        .unwrap_or(body.len());
    let mut out = String::new();
    let mut at = start;
    for &(s, e) in hits[best..].iter().take(best_n).filter(|h| h.1 <= end) {
        out.push_str(&htmlescape::encode_minimal(&body[at..s]));
        out.push_str("<b>");
        out.push_str(&htmlescape::encode_minimal(&body[s..e]));
        out.push_str("</b>");
        at = e;
    }
    out.push_str(&htmlescape::encode_minimal(&body[at..end]));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg() -> rasid_text::Segmenter {
        rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap())
    }

    #[test]
    fn vectors_quote_lexemes_and_keep_the_body_apart_from_the_title() {
        let v = vector(&seg(), "it's", "it's here");
        assert_eq!(v.title_len, 1);
        assert!(v.text.contains("'it''s':1A,3D"), "{}", v.text);
        assert_eq!(v.title_text, "'it''s':1A");
        let v = vector(&seg(), "", "here");
        assert_eq!((v.title_text.as_str(), v.title_len, v.body_len), ("", 0, 1));
    }

    #[test]
    fn queries_join_clauses_as_the_local_search_does() {
        let s = seg();
        let mut notes = Vec::new();
        let q = text_query(&s, "a +b -c \"d e\"", &mut notes).unwrap();
        assert_eq!(q.tsquery.as_deref(), Some("('b') & !('c')"));
        let q = text_query(&s, "a \"d e\" -c", &mut notes).unwrap();
        assert_eq!(q.tsquery.as_deref(), Some("(('a') | ('d' <-> 'e')) & !('c')"));
        let scored: Vec<&str> = q.scoring.iter().map(|s| s.tsquery.as_str()).collect();
        assert_eq!(scored, vec!["'a'", "'d' <-> 'e'"]);
        assert!(text_query(&s, "", &mut notes).unwrap().tsquery.is_none());
        assert!(text_query(&s, "!!! ؟", &mut notes).is_none());
    }
}

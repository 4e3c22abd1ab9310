//! Retrieval quality: known-item search from headlines.
//!
//! Every article's body is indexed (titles are not, or the query would find its own
//! headline). A query is the key words of one article's headline: its words without the
//! corpus's most frequent words (by document frequency); the relevant documents are that
//! article and its near-duplicates (MinHash, as on ingest). The same queries run against
//! the same bodies indexed with each analyzer, so only the analysis chain differs.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Instant;

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, STORED, STRING};
use tantivy::tokenizer::{Language, LowerCaser, SimpleTokenizer, Stemmer, TextAnalyzer, WhitespaceTokenizer};
use tantivy::{doc, Index, Searcher, TantivyDocument};

use crate::analyzer::ArabicTokenizer;
use crate::minhash;
use crate::store::StoreError;

/// One article of the evaluation corpus.
pub struct RetrievalDoc {
    pub id: String,
    pub title: String,
    pub body: String,
}

#[derive(Clone, Debug)]
pub struct RetrievalOptions {
    pub queries: usize,
    pub seed: u64,
    /// Cut-off for recall and MRR.
    pub k: usize,
    /// This many most frequent words (by document frequency) are left out of queries.
    pub stop_words: usize,
}

impl Default for RetrievalOptions {
    fn default() -> Self {
        RetrievalOptions {
            queries: 500,
            seed: 1,
            k: 10,
            stop_words: 200,
        }
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct AnalyzerScore {
    pub analyzer: String,
    /// Mean reciprocal rank of the first relevant document, 0 when none is in the top k.
    pub mrr: f64,
    /// Mean share of a query's relevant documents found in the top k.
    pub recall_at_k: f64,
    /// Share of queries whose first hit is relevant.
    pub success_at_1: f64,
    pub index_seconds: f64,
    /// Median search time per query, in milliseconds (in process, warm).
    pub search_ms_median: f64,
}

#[derive(Clone, Debug, Serialize)]
pub struct RetrievalReport {
    pub documents: usize,
    /// Exact duplicate bodies left out before indexing.
    pub exact_duplicates_dropped: usize,
    pub near_duplicate_pairs: usize,
    pub queries: usize,
    pub mean_relevant_per_query: f64,
    pub k: usize,
    pub stop_words: usize,
    pub example_queries: Vec<String>,
    pub analyzers: Vec<AnalyzerScore>,
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A search engine scored on the same bodies and queries as the in-memory indexes (the
/// PostgreSQL store): it indexes the bodies, each named by its position, and ranks.
pub trait Ranker {
    fn name(&self) -> String;
    /// Indexes the bodies; returns the seconds it took.
    fn index(&mut self, bodies: &[&str]) -> Result<f64, StoreError>;
    /// The positions of the top `k` bodies for a query, best first.
    fn ranked(&mut self, query: &str, k: usize) -> Result<Vec<usize>, StoreError>;
}

/// Runs the evaluation over `docs` for rasid's analyzer and three baselines.
pub fn retrieval(
    docs: &[RetrievalDoc],
    seg: Arc<rasid_text::Segmenter>,
    o: &RetrievalOptions,
) -> Result<RetrievalReport, StoreError> {
    retrieval_with(docs, seg, o, &mut [])
}

/// [`retrieval`], and each of `others` scored on the same queries after them.
pub fn retrieval_with(
    docs: &[RetrievalDoc],
    seg: Arc<rasid_text::Segmenter>,
    o: &RetrievalOptions,
    others: &mut [&mut dyn Ranker],
) -> Result<RetrievalReport, StoreError> {
    let (docs, exact_duplicates_dropped) = unique_bodies(docs);
    let near = near_duplicates(&docs);
    let near_pairs = near.iter().map(|s| s.len()).sum::<usize>() / 2;
    let stop = stop_words(&docs, o.stop_words);
    let queries = draw_queries(&docs, &stop, o);
    let mut scores = Vec::new();
    for (name, analyzer) in analyzers(seg) {
        let index = BodyIndex::build(&docs, analyzer)?;
        scores.push(index.score(name, &queries, &near, o.k)?);
    }
    let bodies: Vec<&str> = docs.iter().map(|d| d.body.as_str()).collect();
    for other in others.iter_mut() {
        let seconds = other.index(&bodies)?;
        let name = other.name();
        scores.push(score_queries(&name, seconds, &queries, &near, |q| {
            other.ranked(q, o.k)
        })?);
    }
    let mean_relevant =
        queries.iter().map(|(t, _)| 1 + near[*t].len()).sum::<usize>() as f64 / queries.len().max(1) as f64;
    Ok(RetrievalReport {
        documents: docs.len(),
        exact_duplicates_dropped,
        near_duplicate_pairs: near_pairs,
        queries: queries.len(),
        mean_relevant_per_query: mean_relevant,
        k: o.k,
        stop_words: o.stop_words,
        example_queries: queries.iter().take(5).map(|q| q.1.clone()).collect(),
        analyzers: scores,
    })
}

/// Exact duplicate bodies: keep the first, as ingest does. Also says how many were left out.
fn unique_bodies(docs: &[RetrievalDoc]) -> (Vec<&RetrievalDoc>, usize) {
    let mut seen = HashSet::new();
    let unique: Vec<&RetrievalDoc> = docs
        .iter()
        .filter(|d| seen.insert(rasid_text::checksum::text_fingerprint(&d.body)))
        .collect();
    let dropped = docs.len() - unique.len();
    (unique, dropped)
}

/// Each document's near-duplicates, through LSH bands, confirmed on the signatures.
fn near_duplicates(docs: &[&RetrievalDoc]) -> Vec<HashSet<usize>> {
    let sigs: Vec<Option<minhash::Signature>> = docs.iter().map(|d| minhash::signature(&d.body)).collect();
    let mut buckets: HashMap<i64, Vec<usize>> = HashMap::new();
    for (i, s) in sigs.iter().enumerate() {
        if let Some(s) = s {
            for k in minhash::band_keys(s) {
                buckets.entry(k).or_default().push(i);
            }
        }
    }
    let mut near: Vec<HashSet<usize>> = vec![HashSet::new(); docs.len()];
    for list in buckets.values().filter(|l| l.len() > 1) {
        for (x, &a) in list.iter().enumerate() {
            for &b in &list[x + 1..] {
                if let (Some(sa), Some(sb)) = (&sigs[a], &sigs[b]) {
                    if minhash::similarity(sa, sb) >= minhash::NEAR_DUPLICATE {
                        near[a].insert(b);
                        near[b].insert(a);
                    }
                }
            }
        }
    }
    near
}

/// Stop words: the `n` most frequent words by document frequency, analyzer-neutral.
fn stop_words(docs: &[&RetrievalDoc], n: usize) -> HashSet<String> {
    let mut df: HashMap<String, usize> = HashMap::new();
    for d in docs {
        let set: HashSet<String> = words(&d.body).map(|w| w.to_lowercase()).collect();
        for w in set {
            *df.entry(w).or_default() += 1;
        }
    }
    let mut by_df: Vec<(String, usize)> = df.into_iter().collect();
    by_df.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    by_df.into_iter().take(n).map(|x| x.0).collect()
}

/// Queries `(target document, query)`: headlines with at least two key words, drawn
/// without replacement.
fn draw_queries(docs: &[&RetrievalDoc], stop: &HashSet<String>, o: &RetrievalOptions) -> Vec<(usize, String)> {
    let candidates: Vec<(usize, String)> = docs
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            let q: Vec<String> = words(&d.title)
                .map(|w| w.to_lowercase())
                .filter(|w| w.chars().count() >= 2 && !stop.contains(w))
                .collect();
            (q.len() >= 2).then(|| (i, q.join(" ")))
        })
        .collect();
    let mut rng = rasid_text::rng::Rng::new(o.seed);
    let mut pool = candidates;
    let mut queries = Vec::new();
    while queries.len() < o.queries && !pool.is_empty() {
        let j = rng.below(pool.len());
        queries.push(pool.swap_remove(j));
    }
    queries
}

/// The analyzers compared: three baselines and rasid's.
fn analyzers(seg: Arc<rasid_text::Segmenter>) -> Vec<(&'static str, TextAnalyzer)> {
    vec![
        (
            "whitespace",
            TextAnalyzer::builder(WhitespaceTokenizer::default())
                .filter(LowerCaser)
                .build(),
        ),
        (
            "simple (letters and digits, lower case)",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .build(),
        ),
        (
            "snowball arabic (tantivy)",
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(LowerCaser)
                .filter(Stemmer::new(Language::Arabic))
                .build(),
        ),
        ("rasid", TextAnalyzer::from(ArabicTokenizer::new(seg))),
    ]
}

/// MRR, recall and success at 1 of a ranking over the queries; the relevant documents of
/// one are its target and the target's near-duplicates.
fn score_queries(
    name: &str,
    index_seconds: f64,
    queries: &[(usize, String)],
    near: &[HashSet<usize>],
    mut ranked: impl FnMut(&str) -> Result<Vec<usize>, StoreError>,
) -> Result<AnalyzerScore, StoreError> {
    let (mut rr, mut recall, mut s1) = (0.0, 0.0, 0.0);
    let mut times = Vec::with_capacity(queries.len());
    for (target, q) in queries {
        let relevant: HashSet<usize> = near[*target].iter().copied().chain([*target]).collect();
        let t = Instant::now();
        let ranked = ranked(q)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        if let Some(r) = ranked.iter().position(|i| relevant.contains(i)) {
            rr += 1.0 / (r + 1) as f64;
            if r == 0 {
                s1 += 1.0;
            }
        }
        recall += ranked.iter().filter(|i| relevant.contains(i)).count() as f64 / relevant.len() as f64;
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let n = queries.len().max(1) as f64;
    Ok(AnalyzerScore {
        analyzer: name.to_string(),
        mrr: rr / n,
        recall_at_k: recall / n,
        success_at_1: s1 / n,
        index_seconds,
        search_ms_median: times.get(times.len() / 2).copied().unwrap_or(0.0),
    })
}

/// The bodies indexed in memory with one analyzer, documents named by their position.
struct BodyIndex {
    index: Index,
    id: Field,
    body: Field,
    seconds: f64,
}

impl BodyIndex {
    fn build(docs: &[&RetrievalDoc], analyzer: TextAnalyzer) -> Result<BodyIndex, StoreError> {
        let mut sb = Schema::builder();
        let id = sb.add_text_field("id", STRING | STORED);
        let body = sb.add_text_field(
            "body",
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer("eval")
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            ),
        );
        let index = Index::create_in_ram(sb.build());
        index.tokenizers().register("eval", analyzer);
        let t0 = Instant::now();
        // One indexing thread: the segment layout, hence tie order and scores, is then the
        // same on every run and the CI gate on the MRR difference cannot flicker.
        let mut w = index.writer_with_num_threads(1, 200_000_000)?;
        for (i, d) in docs.iter().enumerate() {
            w.add_document(doc!(id => i.to_string(), body => d.body.clone()))?;
        }
        w.commit()?;
        Ok(BodyIndex {
            index,
            id,
            body,
            seconds: t0.elapsed().as_secs_f64(),
        })
    }

    /// Runs every query; the relevant documents of one are its target and the target's
    /// near-duplicates.
    fn score(
        &self,
        name: &str,
        queries: &[(usize, String)],
        near: &[HashSet<usize>],
        k: usize,
    ) -> Result<AnalyzerScore, StoreError> {
        let reader = self.index.reader()?;
        let searcher = reader.searcher();
        let mut fields = [(self.body, 1.0, self.index.tokenizer_for_field(self.body)?)];
        score_queries(name, self.seconds, queries, near, |q| {
            self.ranked(&searcher, &mut fields, q, k)
        })
    }

    /// The positions of the top `k` documents for one query, best first.
    fn ranked(
        &self,
        searcher: &Searcher,
        fields: &mut [(Field, f32, TextAnalyzer)],
        q: &str,
        k: usize,
    ) -> Result<Vec<usize>, StoreError> {
        // The same lenient reading of the headline for every analyzer: `rasid search`'s.
        let hits = match crate::query::build(&crate::query::parse(q), fields) {
            // Headline words: no phrase to exclude.
            Some(built) => searcher.search(&built.query, &TopDocs::with_limit(k).order_by_score())?,
            None => Vec::new(),
        };
        let mut ranked = Vec::with_capacity(hits.len());
        for (_, addr) in hits {
            let d: TantivyDocument = searcher.doc(addr)?;
            if let Some(i) = d
                .get_first(self.id)
                .and_then(|v| v.as_str())
                .and_then(|s| s.parse::<usize>().ok())
            {
                ranked.push(i);
            }
        }
        Ok(ranked)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, title: &str, body: &str) -> RetrievalDoc {
        RetrievalDoc {
            id: id.into(),
            title: title.into(),
            body: body.into(),
        }
    }

    #[test]
    fn clitics_in_bodies_are_found_by_rasid_and_missed_by_whitespace() {
        // Headlines write the bare words; the bodies only with clitics attached.
        let docs = vec![
            doc(
                "a",
                "الخرطوم المعارضة",
                "بدأت بالخرطوم جولة جديدة من الحوار بين الحكومة وللمعارضة شروط كثيرة",
            ),
            doc(
                "b",
                "المنتخب البطولة",
                "فاز بالبطولة فريق قوي وللمنتخب تاريخ طويل في المسابقات القارية",
            ),
            doc(
                "c",
                "الأسواق النفط",
                "تراجعت أسعار الأسهم في بالأسواق مع انخفاض بالنفط الخام هذا الأسبوع",
            ),
        ];
        let seg = Arc::new(rasid_text::Segmenter::new(
            rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).unwrap(),
        ));
        let o = RetrievalOptions {
            queries: 10,
            stop_words: 0,
            ..Default::default()
        };
        let r = retrieval(&docs, seg, &o).unwrap();
        assert_eq!(r.queries, 3);
        let by = |n: &str| r.analyzers.iter().find(|a| a.analyzer == n).unwrap().mrr;
        assert_eq!(by("whitespace"), 0.0);
        assert_eq!(by("rasid"), 1.0);
    }
}

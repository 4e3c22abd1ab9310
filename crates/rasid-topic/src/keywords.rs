//! Keywords (TF-IDF against the training corpus) and a three-sentence extractive summary.

use std::collections::{HashMap, HashSet};

use rasid_core::{Keyword, Sentence, SummarySentence};

use crate::model::TopicModel;
use crate::terms::Term;

/// Terms in more than this share of documents are function words for keyword purposes
/// (في، التي، قال ...), whatever their count in one article.
const MAX_DF_SHARE: f32 = 0.2;

/// The TF-IDF weight of every candidate term of an article. A title occurrence counts
/// twice. Candidates: three letters or more, not a number, not in more than a fifth of
/// the corpus.
pub fn term_weights<'a>(terms: &'a [Term], title_end: usize, model: &TopicModel) -> HashMap<&'a str, f32> {
    let mut tf: HashMap<&str, f32> = HashMap::new();
    for t in terms {
        *tf.entry(t.key.as_str()).or_default() += if t.start < title_end { 2.0 } else { 1.0 };
    }
    let n = model.meta.documents.max(1) as f32;
    tf.into_iter()
        .filter(|(k, _)| k.chars().count() >= 3 && !k.chars().all(|c| c.is_numeric()))
        .filter_map(|(k, c)| {
            // One look-up per term: the frequency table is an fst, and this runs per article.
            let df = model.df(k) as f32;
            (df <= MAX_DF_SHARE * n).then(|| (k, (1.0 + c.ln()) * (((n + 1.0) / (df + 1.0)).ln() + 1.0)))
        })
        .collect()
}

/// The `limit` best keywords by their [`term_weights`], best first; ties go to the earlier word.
pub fn keywords(text: &str, terms: &[Term], weights: &HashMap<&str, f32>, limit: usize) -> Vec<Keyword> {
    // Per term: occurrences, first position, surface forms with their counts.
    let mut seen: HashMap<&str, (u32, usize, HashMap<&str, u32>)> = HashMap::new();
    for (i, t) in terms.iter().enumerate() {
        if !weights.contains_key(t.key.as_str()) {
            continue;
        }
        let e = seen.entry(t.key.as_str()).or_insert((0, i, HashMap::new()));
        e.0 += 1;
        if let Some(s) = text.get(t.start..t.end) {
            *e.2.entry(s).or_default() += 1;
        }
    }
    let mut out: Vec<(usize, Keyword)> = seen
        .into_iter()
        .map(|(key, (count, first, forms))| {
            let text = forms
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(a.0)))
                .map(|x| x.0.to_string())
                .unwrap_or_else(|| key.to_string());
            let score = (weights[key] * 1000.0).round() / 1000.0;
            (
                first,
                Keyword {
                    text,
                    stem: key.to_string(),
                    score,
                    count,
                },
            )
        })
        .collect();
    out.sort_by(|a, b| b.1.score.total_cmp(&a.1.score).then(a.0.cmp(&b.0)));
    out.into_iter().take(limit).map(|x| x.1).collect()
}

/// Up to `n` body sentences (after `title_end`) that carry most [`term_weights`], in text
/// order. A sentence scores the weights of its distinct terms over the square root of their
/// number (long sentences do not win by length alone); the first body sentence, the news
/// lead, gets a third more; a sentence sharing half its terms with one already chosen is
/// skipped; sentences under five terms are taken only when nothing longer is left.
pub fn summary(
    text: &str,
    sentences: &[Sentence],
    terms: &[Term],
    title_end: usize,
    weights: &HashMap<&str, f32>,
    n: usize,
) -> Vec<SummarySentence> {
    let mut by_sentence: Vec<HashSet<&str>> = vec![HashSet::new(); sentences.len()];
    let mut s_i = 0;
    for t in terms {
        while s_i < sentences.len() && sentences[s_i].end_token <= t.token {
            s_i += 1;
        }
        if s_i == sentences.len() {
            break;
        }
        if t.token >= sentences[s_i].first_token {
            by_sentence[s_i].insert(t.key.as_str());
        }
    }
    let mut cands: Vec<(usize, f32, bool)> = Vec::new();
    let mut lead = true;
    for (i, s) in sentences.iter().enumerate() {
        if s.start < title_end || by_sentence[i].is_empty() {
            continue;
        }
        let w: f32 = by_sentence[i].iter().filter_map(|k| weights.get(k)).sum();
        let mut score = w / (by_sentence[i].len() as f32).sqrt();
        if lead {
            score *= 4.0 / 3.0;
            lead = false;
        }
        cands.push((i, score, by_sentence[i].len() >= 5));
    }
    cands.sort_by(|a, b| b.2.cmp(&a.2).then(b.1.total_cmp(&a.1)).then(a.0.cmp(&b.0)));
    let mut chosen: Vec<usize> = Vec::new();
    for (i, _, _) in cands {
        if chosen.len() == n {
            break;
        }
        let redundant = chosen.iter().any(|&j| {
            let (a, b) = (&by_sentence[i], &by_sentence[j]);
            let common = a.intersection(b).count();
            common * 2 >= a.len().min(b.len())
        });
        if !redundant {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    chosen
        .into_iter()
        .map(|i| {
            let s = &sentences[i];
            SummarySentence {
                start: s.start,
                end: s.end,
                text: text.get(s.start..s.end).unwrap_or("").to_string(),
            }
        })
        .collect()
}

//! Entity tagging of pre-tokenised CoNLL text, and its scoring against gold tags.

use std::time::Instant;

use rasid_ner::conll::Sentence;
use rasid_ner::eval::{Report, Scorer};
use rasid_ner::{Model, TokenView, TAGS};
use rasid_text::Segmenter;
use serde::Serialize;

/// Tags every sentence; returns one tag sequence per sentence.
pub fn tag_sentences(model: &Model, seg: &Segmenter, sentences: &[Sentence]) -> Vec<Vec<&'static str>> {
    let views: Vec<Vec<TokenView>> = sentences
        .iter()
        .map(|s| s.tokens.iter().map(|t| TokenView::from_word(t, seg)).collect())
        .collect();
    model
        .tag(&views)
        .into_iter()
        .map(|t| t.into_iter().map(|t| TAGS[t]).collect())
        .collect()
}

#[derive(Debug, Serialize)]
pub struct NerReport {
    pub gold: String,
    pub sentences: usize,
    #[serde(flatten)]
    pub scores: Report,
    /// Tagging speed, features included, one thread (absent when scoring a predictions file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tokens_per_second: Option<u64>,
}

/// Tags the gold file's tokens and scores them, conlleval style.
pub fn evaluate(model: &Model, seg: &Segmenter, gold: &[Sentence], name: &str) -> NerReport {
    let t0 = Instant::now();
    let pred = tag_sentences(model, seg, gold);
    let dt = t0.elapsed().as_secs_f64().max(1e-9);
    let mut sc = Scorer::default();
    for (g, p) in gold.iter().zip(&pred) {
        sc.add(&g.tags, p);
    }
    NerReport {
        gold: name.to_string(),
        sentences: gold.len(),
        scores: sc.report(),
        tokens_per_second: Some((sc.tokens as f64 / dt) as u64),
    }
}

/// Scores another tagger's output (CoNLL, tag in the last column) against the gold file;
/// the two must have the same sentences and tokens.
pub fn score_predictions(gold: &[Sentence], pred: &[Sentence], name: &str) -> Result<NerReport, String> {
    if gold.len() != pred.len() {
        return Err(format!(
            "{} gold sentences but {} predicted ones",
            gold.len(),
            pred.len()
        ));
    }
    let mut sc = Scorer::default();
    for (k, (g, p)) in gold.iter().zip(pred).enumerate() {
        if g.tokens != p.tokens {
            return Err(format!(
                "sentence {}: the predicted tokens differ from the gold ones",
                k + 1
            ));
        }
        sc.add(&g.tags, &p.tags);
    }
    Ok(NerReport {
        gold: name.to_string(),
        sentences: gold.len(),
        scores: sc.report(),
        tokens_per_second: None,
    })
}

/// Splits sentences into (train, dev) with the last `fraction` of sentences as dev.
pub fn split_tail(mut s: Vec<Sentence>, fraction: f64) -> (Vec<Sentence>, Vec<Sentence>) {
    let keep = ((s.len() as f64) * (1.0 - fraction)).round() as usize;
    let dev = s.split_off(keep.min(s.len()));
    (s, dev)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sent(tokens: &[&str], tags: &[&str]) -> Sentence {
        Sentence {
            tokens: tokens.iter().map(|s| s.to_string()).collect(),
            tags: tags.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn predictions_are_scored_and_mismatches_refused() {
        let gold = [sent(&["قال", "سمير", "في", "باريس"], &["O", "B-PERS", "O", "B-LOC"])];
        // One of two entities right, one spurious: P 1/2, R 1/2.
        let pred = [sent(&["قال", "سمير", "في", "باريس"], &["B-ORG", "B-PER", "O", "O"])];
        let r = score_predictions(&gold, &pred, "g").unwrap();
        assert_eq!(r.scores.f1, 50.0);
        assert!(r.tokens_per_second.is_none());
        let other = [sent(&["قال", "سمير"], &["O", "O"])];
        assert!(score_predictions(&gold, &other, "g")
            .unwrap_err()
            .contains("sentence 1"));
        assert!(score_predictions(&gold, &[], "g").is_err());
    }
}

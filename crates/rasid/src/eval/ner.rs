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
    /// Tagging speed, features included, one thread.
    pub tokens_per_second: u64,
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
        tokens_per_second: (sc.tokens as f64 / dt) as u64,
    }
}

/// Splits sentences into (train, dev) with the last `fraction` of sentences as dev.
pub fn split_tail(mut s: Vec<Sentence>, fraction: f64) -> (Vec<Sentence>, Vec<Sentence>) {
    let keep = ((s.len() as f64) * (1.0 - fraction)).round() as usize;
    let dev = s.split_off(keep.min(s.len()));
    (s, dev)
}

//! Terms: the unit topics, keywords and summaries count.

use rasid_core::{Token, TokenKind};

/// One counted word of the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    /// Normalised stem (Arabic) or lower-cased word (Latin).
    pub key: String,
    /// Index of the token it comes from.
    pub token: usize,
    /// The word without attached clitics, as bytes into the text.
    pub start: usize,
    pub end: usize,
}

/// The terms of a token stream, in text order. Numbers, punctuation, links and one-letter
/// words are left out; a hashtag gives one term per word (#محمود_عباس → محمود، عباس).
pub fn terms(text: &str, tokens: &[Token]) -> Vec<Term> {
    let mut out = Vec::with_capacity(tokens.len());
    for (i, t) in tokens.iter().enumerate() {
        match t.kind {
            TokenKind::Arabic => {
                let (key, start, end) = match t.stem() {
                    Some(s) => (rasid_text::normalize(&s.text), t.core_start(), t.core_end()),
                    None => (t.norm.clone(), t.start, t.end),
                };
                push(&mut out, key, i, start, end);
            }
            TokenKind::Latin => push(&mut out, t.norm.to_lowercase(), i, t.start, t.end),
            TokenKind::Hashtag => {
                for w in &t.words {
                    let Some(word) = text.get(w.start..w.end) else { continue };
                    // The word's own stem segment, when the segmenter split it.
                    let stem = t
                        .segments
                        .iter()
                        .find(|g| g.kind == rasid_core::SegmentKind::Stem && g.start >= w.start && g.end <= w.end)
                        .map(|g| g.text.as_str())
                        .unwrap_or(word);
                    push(&mut out, rasid_text::normalize(stem).to_lowercase(), i, w.start, w.end);
                }
            }
            _ => {}
        }
    }
    out
}

fn push(out: &mut Vec<Term>, key: String, token: usize, start: usize, end: usize) {
    if key.chars().count() >= 2 {
        out.push(Term { key, token, start, end });
    }
}

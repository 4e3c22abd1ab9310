//! The text layer as one call: tokens with their norms and clitic segments, one word view
//! per token, and sentences. The pipeline's first stage and the builders use it.

use rasid_core::{Segment, Sentence, Token, TokenKind, Word};

use crate::tokenize::hashtag_words;
use crate::{normalize_into, split_sentences, tokenize, RawToken, SegPiece, Segmenter};

/// Tokens, word views and sentences of `text`.
pub fn layer(segmenter: &Segmenter, text: &str) -> (Vec<Token>, Vec<Word>, Vec<Sentence>) {
    let (tokens, raw) = tokens(segmenter, text);
    let sentences = sentences(text, &raw);
    let words = crate::words(&tokens);
    (tokens, words, sentences)
}

/// Sentences over the tokens of `text`, as byte spans and token ranges.
pub fn sentences(text: &str, raw: &[RawToken]) -> Vec<Sentence> {
    split_sentences(text, raw)
        .into_iter()
        .map(|(a, b)| Sentence {
            start: raw[a].start,
            end: raw[b - 1].end,
            first_token: a,
            end_token: b,
        })
        .collect()
}

/// The tokens of `text` with norms and clitic segments (hashtags: each word segmented).
pub fn tokens(segmenter: &Segmenter, text: &str) -> (Vec<Token>, Vec<RawToken>) {
    let mut raw = Vec::with_capacity(text.len() / 5);
    tokenize(text, &mut raw);
    let mut pieces = Vec::new();
    let mut tokens = Vec::with_capacity(raw.len());
    for t in &raw {
        let surface = &text[t.start..t.end];
        let mut norm = String::with_capacity(surface.len());
        let mut words = Vec::new();
        pieces.clear();
        match t.kind {
            TokenKind::Arabic => {
                normalize_into(surface, &mut norm);
                segmenter.segment(surface, t.start, &mut pieces);
            }
            TokenKind::Hashtag => {
                for (a, b) in hashtag_words(text, t) {
                    if !norm.is_empty() {
                        norm.push(' ');
                    }
                    normalize_into(&text[a..b], &mut norm);
                    if text[a..b].chars().next().is_some_and(crate::chars::is_arabic_letter) {
                        segmenter.segment(&text[a..b], a, &mut pieces);
                    }
                    words.push(rasid_core::Span::new(a, b));
                }
            }
            _ => normalize_into(surface, &mut norm),
        }
        let segments = pieces
            .iter()
            .map(|p: &SegPiece| Segment {
                start: p.start,
                end: p.end,
                text: text[p.start..p.end].to_string(),
                kind: p.kind,
            })
            .collect();
        tokens.push(Token {
            start: t.start,
            end: t.end,
            text: surface.to_string(),
            norm,
            kind: t.kind,
            segments,
            words,
        });
    }
    (tokens, raw)
}

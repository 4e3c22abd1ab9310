//! The Arabic analysis chain for search: rasid's tokeniser, its normaliser, and its clitic
//! segmenter as a light stemmer — each Arabic word is indexed as its stem without
//! proclitics, article or pronoun (والمنطقة، بالمنطقة، منطقته → منطقه), so a search for
//! المنطقة finds والمنطقة, which stemmers that leave و/ل before ال miss.

use std::sync::Arc;

use rasid_core::{SegmentKind, TokenKind};
use rasid_text::{normalize_into, tokenize, RawToken, SegPiece, Segmenter};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

/// The search form of every word of `text`: (byte start, byte end, term).
pub fn terms(seg: &Segmenter, text: &str, out: &mut Vec<(usize, usize, String)>) {
    let mut raw: Vec<RawToken> = Vec::new();
    tokenize(text, &mut raw);
    let mut pieces: Vec<SegPiece> = Vec::new();
    for t in &raw {
        let surface = &text[t.start..t.end];
        let mut term = String::new();
        match t.kind {
            TokenKind::Arabic => {
                pieces.clear();
                seg.segment(surface, t.start, &mut pieces);
                for p in pieces.iter().filter(|p| p.kind == SegmentKind::Stem) {
                    normalize_into(&text[p.start..p.end], &mut term);
                }
                if term.chars().count() < 2 {
                    term.clear();
                    normalize_into(surface, &mut term);
                }
            }
            TokenKind::Latin | TokenKind::Number => normalize_into(surface, &mut term),
            TokenKind::Hashtag => {
                // Each word of a hashtag is a term of its own.
                for (a, b) in rasid_text::tokenize::hashtag_words(text, t) {
                    let mut w = String::new();
                    normalize_into(&text[a..b], &mut w);
                    out.push((a, b, w));
                }
                continue;
            }
            _ => continue,
        }
        if !term.is_empty() {
            out.push((t.start, t.end, term));
        }
    }
}

/// rasid's analyzer as a tantivy tokenizer.
#[derive(Clone)]
pub struct ArabicTokenizer {
    seg: Arc<Segmenter>,
}

impl ArabicTokenizer {
    pub fn new(seg: Arc<Segmenter>) -> ArabicTokenizer {
        ArabicTokenizer { seg }
    }
}

pub struct ArabicTokenStream {
    terms: Vec<(usize, usize, String)>,
    at: usize,
    token: Token,
}

impl Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = ArabicTokenStream;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> ArabicTokenStream {
        let mut terms = Vec::new();
        self::terms(&self.seg, text, &mut terms);
        ArabicTokenStream {
            terms,
            at: 0,
            token: Token::default(),
        }
    }
}

impl TokenStream for ArabicTokenStream {
    fn advance(&mut self) -> bool {
        let Some((s, e, t)) = self.terms.get(self.at) else {
            return false;
        };
        self.token.offset_from = *s;
        self.token.offset_to = *e;
        self.token.position = self.at;
        self.token.text.clear();
        self.token.text.push_str(t);
        self.at += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.token
    }
}

/// The length of a field as the index's BM25 sees it: tantivy keeps each document's
/// number of terms in one byte (exact up to 40, coarser above), so documents of nearby
/// lengths score alike. The PostgreSQL store ranks with the same lengths.
pub fn fieldnorm(terms: u32) -> u32 {
    use tantivy::fieldnorm::FieldNormReader;
    FieldNormReader::id_to_fieldnorm(FieldNormReader::fieldnorm_to_id(terms))
}

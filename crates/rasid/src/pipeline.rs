use rasid_core::{Analysis, Article, DocumentInfo, Segment, Sentence, Token, TokenKind, SCHEMA};
use rasid_text::tokenize::hashtag_words;
use rasid_text::{normalize_into, split_sentences, tokenize, Lexicon, LexiconError, RawToken, SegPiece, Segmenter};

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("stem lexicon: {0}")]
    Lexicon(#[from] LexiconError),
}

/// The analysis pipeline with its models loaded. Build once, analyse many articles;
/// `analyze` takes `&self`, so one pipeline can serve several threads.
pub struct Pipeline {
    segmenter: Segmenter,
}

impl Pipeline {
    /// The pipeline with the models compiled into rasid.
    pub fn embedded() -> Result<Pipeline, PipelineError> {
        Pipeline::with_lexicon(Lexicon::from_bytes(crate::models::STEM_LEXICON)?)
    }

    pub fn with_lexicon(lex: Lexicon) -> Result<Pipeline, PipelineError> {
        Ok(Pipeline {
            segmenter: Segmenter::new(lex),
        })
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    /// Tokens of `text` with norms and clitic segments: the text layer alone.
    pub fn tokens(&self, text: &str) -> (Vec<Token>, Vec<RawToken>) {
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
                    self.segmenter.segment(surface, t.start, &mut pieces);
                }
                TokenKind::Hashtag => {
                    for (a, b) in hashtag_words(text, t) {
                        if !norm.is_empty() {
                            norm.push(' ');
                        }
                        normalize_into(&text[a..b], &mut norm);
                        if text[a..b]
                            .chars()
                            .next()
                            .is_some_and(rasid_text::chars::is_arabic_letter)
                        {
                            self.segmenter.segment(&text[a..b], a, &mut pieces);
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

    /// Analyses one article.
    pub fn analyze(&self, article: &Article) -> Analysis {
        let text = article.analysis_text();
        let (tokens, raw) = self.tokens(&text);
        let sentences = split_sentences(&text, &raw)
            .into_iter()
            .map(|(a, b)| Sentence {
                start: raw[a].start,
                end: raw[b - 1].end,
                first_token: a,
                end_token: b,
            })
            .collect();
        Analysis {
            schema: SCHEMA.to_string(),
            document: DocumentInfo {
                id: article.id.clone(),
                title: article.title.clone(),
                published: article.published.map(|d| d.format("%Y-%m-%d").to_string()),
                published_from: article.published_from.map(str::to_string),
                source: article.source.clone(),
                url: article.url.clone(),
                category: article.category.clone(),
                author: article.author.clone(),
            },
            text,
            sentences,
            tokens,
            entities: Vec::new(),
            dates: Vec::new(),
            quotes: Vec::new(),
            events: Vec::new(),
        }
    }
}

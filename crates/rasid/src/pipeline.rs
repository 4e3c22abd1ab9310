//! The analysis pipeline: one pass, each stage adding its layer.

use rasid_core::{
    Analysis, Article, DocumentInfo, EntityType, Mention, Segment, SegmentKind, Sentence, Token, TokenKind, SCHEMA,
};
use rasid_extract::knowledge::Knowledge;
use rasid_ner::{Model, ModelError, TokenView, TAGS};
use rasid_text::tokenize::hashtag_words;
use rasid_text::{
    normalize, normalize_into, split_sentences, tokenize, Lexicon, LexiconError, RawToken, SegPiece, Segmenter,
};

/// Why a pipeline could not be built.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    #[error("stem lexicon")]
    Lexicon(#[from] LexiconError),
    #[error("entity tagger")]
    Tagger(#[from] ModelError),
    #[error("knowledge file")]
    Knowledge(#[from] rasid_extract::knowledge::KnowledgeError),
    #[error("topic model")]
    Topic(#[from] rasid_topic::ModelError),
}

/// The analysis pipeline with its models loaded. Build once, analyse many articles;
/// `analyze` takes `&self`, so one pipeline can serve several threads.
pub struct Pipeline {
    segmenter: Segmenter,
    tagger: Option<Model>,
    knowledge: Knowledge,
    topics: Option<rasid_topic::TopicModel>,
}

impl Pipeline {
    /// The pipeline with the models compiled into rasid.
    pub fn embedded() -> Result<Pipeline, PipelineError> {
        let tagger = Model::from_bytes(crate::models::NER_MODEL)?;
        Self::embedded_with_tagger(Some(tagger))
    }

    /// The shipped pipeline with another entity tagger (or none). The shipped tagger is not
    /// read at all, so a tagger of a newer feature set can be scored before it ships.
    pub fn embedded_with_tagger(tagger: Option<Model>) -> Result<Pipeline, PipelineError> {
        let lex = Lexicon::from_bytes(crate::models::STEM_LEXICON)?;
        let knowledge = Knowledge::from_json(crate::models::KNOWLEDGE)?;
        let topics = rasid_topic::TopicModel::from_bytes(crate::models::TOPIC_MODEL)?;
        Ok(Pipeline {
            segmenter: Segmenter::new(lex),
            tagger,
            knowledge,
            topics: Some(topics),
        })
    }

    /// A pipeline from explicit parts; without a tagger the entity layer stays empty, and
    /// without a topic model (see [`Pipeline::with_topics`]) so do topic, keywords and summary.
    pub fn new(segmenter: Segmenter, tagger: Option<Model>, knowledge: Knowledge) -> Pipeline {
        Pipeline {
            segmenter,
            tagger,
            knowledge,
            topics: None,
        }
    }

    /// The same pipeline with another topic model.
    pub fn with_topics(mut self, model: Option<rasid_topic::TopicModel>) -> Pipeline {
        self.topics = model;
        self
    }

    pub fn topics(&self) -> Option<&rasid_topic::TopicModel> {
        self.topics.as_ref()
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    pub fn tagger(&self) -> Option<&Model> {
        self.tagger.as_ref()
    }

    /// Tokens of `text` with norms and clitic segments: the text layer alone.
    pub fn tokens(&self, text: &str) -> (Vec<Token>, Vec<RawToken>) {
        tokens_with(&self.segmenter, text)
    }

    /// Tokens and sentences of `text`: the layers a store does not keep, since they are
    /// computed again from the text this way (`rasid show`).
    pub fn text_layer(&self, text: &str) -> (Vec<Token>, Vec<Sentence>) {
        let (tokens, raw) = self.tokens(text);
        let sentences: Vec<Sentence> = split_sentences(text, &raw)
            .into_iter()
            .map(|(a, b)| Sentence {
                start: raw[a].start,
                end: raw[b - 1].end,
                first_token: a,
                end_token: b,
            })
            .collect();
        (tokens, sentences)
    }

    /// Analyses one article.
    pub fn analyze(&self, article: &Article) -> Analysis {
        let text = article.analysis_text();
        let (tokens, sentences) = self.text_layer(&text);
        let tagged = match &self.tagger {
            Some(m) => mentions(m, &text, &tokens, &sentences),
            None => Vec::new(),
        };
        let (mentions, entities) =
            rasid_extract::entities::resolve(&text, &tokens, &sentences, tagged, &self.knowledge, article.published);
        let dates = rasid_extract::time::extract(&text, &tokens, &sentences, article.published);
        let quotes = rasid_extract::quotes::extract(&text, &tokens, &sentences, &mentions, &dates);
        let events = rasid_extract::events::extract(&text, &tokens, &sentences, &mentions, &entities, &dates, &quotes);
        let (topic, keywords, summary) = match &self.topics {
            Some(m) => crate::topic::digest(m, &text, &tokens, &sentences),
            None => (None, Vec::new(), Vec::new()),
        };
        Analysis {
            schema: SCHEMA.to_string(),
            document: document_info(article),
            text,
            sentences,
            tokens,
            mentions,
            entities,
            dates,
            quotes,
            events,
            topic,
            keywords,
            summary,
        }
    }
}

/// An analysis with the article's metadata and text and no layers: what a store needs to
/// index an article for search alone (`rasid ingest --index-only`).
pub fn unanalysed(article: &Article) -> Analysis {
    Analysis {
        schema: SCHEMA.to_string(),
        document: document_info(article),
        text: article.analysis_text(),
        sentences: Vec::new(),
        tokens: Vec::new(),
        mentions: Vec::new(),
        entities: Vec::new(),
        dates: Vec::new(),
        quotes: Vec::new(),
        events: Vec::new(),
        topic: None,
        keywords: Vec::new(),
        summary: Vec::new(),
    }
}

fn document_info(article: &Article) -> DocumentInfo {
    DocumentInfo {
        id: article.id.clone(),
        title: article.title.clone(),
        published: article.published.map(|d| d.format("%Y-%m-%d").to_string()),
        published_from: article.published_from.map(str::to_string),
        source: article.source.clone(),
        url: article.url.clone(),
        category: article.category.clone(),
        author: article.author.clone(),
    }
}

/// The text layer with a given segmenter (builders use it without a whole pipeline).
pub fn tokens_with(segmenter: &Segmenter, text: &str) -> (Vec<Token>, Vec<RawToken>) {
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
                    if text[a..b]
                        .chars()
                        .next()
                        .is_some_and(rasid_text::chars::is_arabic_letter)
                    {
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

/// Tags the article's sentences (as one document: a two-stage tagger makes its mentions of a
/// name agree) and turns B/I runs into mentions whose spans leave out proclitics (و، ب، ل
/// ...) of the first token and the pronoun suffix of the last.
fn mentions(model: &Model, text: &str, tokens: &[Token], sentences: &[Sentence]) -> Vec<Mention> {
    let views: Vec<Vec<TokenView>> = sentences
        .iter()
        .map(|s| {
            tokens[s.first_token..s.end_token]
                .iter()
                .map(TokenView::from_token)
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (s, tags) in sentences.iter().zip(model.tag(&views)) {
        let toks = &tokens[s.first_token..s.end_token];
        let tags: Vec<&str> = tags.into_iter().map(|t| TAGS[t]).collect();
        for (a, b, ty) in rasid_ner::conll::chunks(&tags) {
            let Some(kind) = EntityType::from_tag_type(&ty) else {
                continue;
            };
            let first = &toks[a];
            let last = &toks[b - 1];
            let start = first.core_start();
            let end = last.core_end();
            if start >= end {
                continue;
            }
            let surface = &text[start..end];
            // After ل the article's alef is not written (للخرطوم): the name is still الخرطوم.
            let elided = first
                .segments
                .iter()
                .any(|g| g.kind == SegmentKind::Article && g.start == start && g.text == "ل");
            let norm = if elided {
                format!("ا{}", normalize(surface))
            } else {
                normalize(surface)
            };
            out.push(Mention {
                kind,
                start,
                end,
                text: surface.to_string(),
                norm,
                first_token: s.first_token + a,
                end_token: s.first_token + b,
                entity: None,
                how: "name".into(),
            });
        }
    }
    out
}

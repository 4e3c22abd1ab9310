//! The analysis pipeline: one pass, each stage adding its layer.

use std::sync::Arc;

use rasid_core::{
    Analysis, Article, Doc, DocumentInfo, EntityType, Mention, MentionHow, SegmentKind, Sentence, Stage, Token,
};
use rasid_extract::knowledge::Knowledge;
use rasid_ner::{Model, ModelError, TokenView, TAGS};
use rasid_text::{normalize, Lexicon, LexiconError, RawToken, Segmenter};

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
    #[error("{0}")]
    Names(String),
    #[error("language data")]
    Language(#[from] rasid_extract::lang::LangError),
}

pub(crate) const DIGEST: &str = "digest";
/// The name of the tagger stage.
pub const TAGGER: &str = "tagger";

/// The analysis pipeline with its models loaded. Build once, analyse many articles;
/// `analyze` takes `&self`, so one pipeline can serve several threads.
pub struct Pipeline {
    segmenter: Arc<Segmenter>,
    tagger: Option<Arc<Model>>,
    knowledge: Arc<Knowledge>,
    topics: Option<Arc<rasid_topic::TopicModel>>,
    /// The stages in the order they run (see [`Pipeline::stages`]).
    stages: Vec<Box<dyn Stage>>,
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
        Ok(Pipeline::new(Segmenter::new(lex), tagger, knowledge)?.with_topics(Some(topics)))
    }

    /// A pipeline from explicit parts; without a tagger the entity layer stays empty, and
    /// without a topic model (see [`Pipeline::with_topics`]) so do topic, keywords and summary.
    /// The word lists of the extraction stages are the ones compiled in (`data/lang`).
    pub fn new(segmenter: Segmenter, tagger: Option<Model>, knowledge: Knowledge) -> Result<Pipeline, PipelineError> {
        let segmenter = Arc::new(segmenter);
        let tagger = tagger.map(Arc::new);
        let knowledge = Arc::new(knowledge);
        // The stages in the order they run; each reads the layers of the stages before it
        // (ARCHITECTURE.md, "One pass, no going back"). A stage whose model is missing is
        // left out and its layer stays empty.
        let mut stages: Vec<Box<dyn Stage>> = vec![Box::new(TextLayer(segmenter.clone()))];
        if let Some(m) = &tagger {
            stages.push(Box::new(Tagger(m.clone())));
            let names = rasid_ner::names::Names::from_file_bytes(crate::models::NAMES).map_err(PipelineError::Names)?;
            stages.push(Box::new(crate::names::NameList::new(
                Arc::new(names),
                knowledge.clone(),
            )));
        }
        stages.push(Box::new(rasid_extract::entities::Entities::new(
            knowledge.clone(),
            rasid_extract::titles::TitleWords::embedded()?,
        )));
        stages.push(Box::new(rasid_extract::time::Dates::embedded()?));
        stages.push(Box::new(rasid_extract::quotes::Quotes::embedded()?));
        stages.push(Box::new(rasid_extract::events::Events::embedded(knowledge.clone())?));
        Ok(Pipeline {
            segmenter,
            tagger,
            knowledge,
            topics: None,
            stages,
        })
    }

    /// The same pipeline with another topic model (or none): the article-level stage, last.
    pub fn with_topics(mut self, model: Option<rasid_topic::TopicModel>) -> Pipeline {
        self.stages.retain(|s| s.name() != DIGEST);
        self.topics = model.map(Arc::new);
        if let Some(m) = &self.topics {
            self.stages.push(Box::new(crate::topic::Digest(m.clone())));
        }
        self
    }

    /// The same pipeline with the stage called `name` replaced by `stage` (a tagger of
    /// another kind, a stand-in for tests); the tagger's place is after the text layer when
    /// the pipeline has none.
    pub fn with_stage(mut self, name: &str, stage: Box<dyn Stage>) -> Pipeline {
        match self.stages.iter().position(|s| s.name() == name) {
            Some(i) => self.stages[i] = stage,
            None if name == TAGGER => self.stages.insert(1, stage),
            None => self.stages.push(stage),
        }
        self
    }

    /// The same pipeline with another list of learned names (`rasid build names`).
    pub fn with_names(self, names: rasid_ner::names::Names) -> Pipeline {
        let stage = crate::names::NameList::new(Arc::new(names), self.knowledge.clone());
        self.with_stage(crate::names::NAMES, Box::new(stage))
    }

    /// The names of the stages in the order they run.
    pub fn stages(&self) -> Vec<&'static str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    pub fn topics(&self) -> Option<&rasid_topic::TopicModel> {
        self.topics.as_deref()
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }

    pub fn segmenter(&self) -> &Segmenter {
        &self.segmenter
    }

    pub fn tagger(&self) -> Option<&Model> {
        self.tagger.as_deref()
    }

    /// Tokens of `text` with norms and clitic segments: the text layer alone.
    pub fn tokens(&self, text: &str) -> (Vec<Token>, Vec<RawToken>) {
        tokens_with(&self.segmenter, text)
    }

    /// Tokens and sentences of `text`: the layers a store does not keep, since they are
    /// computed again from the text this way (`rasid show`).
    pub fn text_layer(&self, text: &str) -> (Vec<Token>, Vec<Sentence>) {
        let (tokens, raw) = self.tokens(text);
        let sentences = sentences(text, &raw);
        (tokens, sentences)
    }

    /// Analyses one article: every stage in turn over one document.
    pub fn analyze(&self, article: &Article) -> Analysis {
        let mut doc = Doc::new(unanalysed(article), article.published);
        for stage in &self.stages {
            stage.run(&mut doc);
        }
        doc.analysis
    }
}

/// The text layer: tokens with norms and clitic segments, one word view per token, sentences.
struct TextLayer(Arc<Segmenter>);

impl Stage for TextLayer {
    fn name(&self) -> &'static str {
        "text"
    }

    fn run(&self, doc: &mut Doc) {
        let (tokens, raw) = tokens_with(&self.0, &doc.analysis.text);
        doc.analysis.sentences = sentences(&doc.analysis.text, &raw);
        doc.words = rasid_text::words(&tokens);
        doc.analysis.tokens = tokens;
    }
}

/// The entity tagger's mentions.
struct Tagger(Arc<Model>);

impl Stage for Tagger {
    fn name(&self) -> &'static str {
        TAGGER
    }

    fn run(&self, doc: &mut Doc) {
        doc.analysis.mentions = mentions(&self.0, doc);
    }
}

fn sentences(text: &str, raw: &[RawToken]) -> Vec<Sentence> {
    rasid_text::layer::sentences(text, raw)
}

/// An analysis with the article's metadata and text and no layers: what a store needs to
/// index an article for search alone (`rasid ingest --index-only`).
pub fn unanalysed(article: &Article) -> Analysis {
    Analysis::empty(document_info(article), article.analysis_text())
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
    rasid_text::layer::tokens(segmenter, text)
}

/// Tags the article's sentences (as one document: a two-stage tagger makes its mentions of a
/// name agree) and turns B/I runs into mentions whose spans leave out proclitics (و، ب، ل
/// ...) of the first token and the pronoun suffix of the last.
fn mentions(model: &Model, doc: &Doc) -> Vec<Mention> {
    let (tokens, sentences) = (&doc.analysis.tokens, &doc.analysis.sentences);
    let views: Vec<Vec<TokenView>> = sentences
        .iter()
        .map(|s| {
            (s.first_token..s.end_token)
                .map(|i| TokenView::of(&tokens[i], &doc.words[i]))
                .collect()
        })
        .collect();
    let mut out = Vec::new();
    for (s, tags) in sentences.iter().zip(model.tag(&views)) {
        let tags: Vec<&str> = tags.into_iter().map(|t| TAGS[t]).collect();
        for (a, b, ty) in rasid_ner::conll::chunks(&tags) {
            let Some(kind) = EntityType::from_tag_type(&ty) else {
                continue;
            };
            out.extend(mention_over(
                doc,
                (s.first_token + a, s.first_token + b),
                kind,
                MentionHow::Name,
            ));
        }
    }
    out
}

/// A mention over tokens `first..end`: its span leaves out the proclitics (و، ب، ل ...) of
/// the first token and the pronoun suffix of the last; `None` when nothing is left.
pub(crate) fn mention_over(
    doc: &Doc,
    (first, end): (usize, usize),
    kind: EntityType,
    how: MentionHow,
) -> Option<Mention> {
    let (text, tokens) = (&doc.analysis.text, &doc.analysis.tokens);
    let (a, z) = (&tokens[first], &tokens[end - 1]);
    let (start, stop) = (a.core_start(), z.core_end());
    if start >= stop {
        return None;
    }
    let surface = &text[start..stop];
    // After ل the article's alef is not written (للخرطوم): the name is still الخرطوم.
    let elided = a
        .segments
        .iter()
        .any(|g| g.kind == SegmentKind::Article && g.start == start && g.text == "ل");
    let norm = if elided {
        format!("ا{}", normalize(surface))
    } else {
        normalize(surface)
    };
    Some(Mention {
        kind,
        start,
        end: stop,
        text: surface.to_string(),
        norm,
        first_token: first,
        end_token: end,
        entity: None,
        how,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_stages_run_in_the_order_architecture_gives() {
        let p = Pipeline::embedded().expect("the shipped pipeline loads");
        assert_eq!(
            p.stages(),
            ["text", "tagger", "names", "entities", "dates", "quotes", "events", "digest"]
        );
        let p = p.with_topics(None);
        assert_eq!(p.stages().last(), Some(&"events"));
        let p = p.with_stage(
            TAGGER,
            Box::new(TextLayer(Arc::new(Segmenter::new(
                Lexicon::from_bytes(crate::models::STEM_LEXICON).unwrap(),
            )))),
        );
        assert_eq!(p.stages()[1], "text", "a stage replaces the one of that name");
    }

    #[test]
    fn an_article_goes_through_every_stage() {
        let p = Pipeline::embedded().unwrap();
        let a = p.analyze(&Article {
            id: "t".into(),
            title: "قال الوزير إن الوفد وصل أمس".into(),
            published: chrono::NaiveDate::from_ymd_opt(2018, 6, 7),
            ..Article::default()
        });
        assert!(!a.tokens.is_empty() && !a.sentences.is_empty());
        assert_eq!(a.dates.first().map(|d| d.value.as_str()), Some("2018-06-06"));
        assert_eq!(a.quotes.len(), 1);
        assert!(a.topic.is_some());
    }
}

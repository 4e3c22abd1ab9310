//! The article-level stage (topic, keywords, summary) and the topic model's training data.

use rasid_core::{Article, Sentence, Token};
use rasid_text::Segmenter;
use rasid_topic::train::Example;

/// The development split of a news corpus: one article in ten, chosen by a hash of the
/// normalised body, so that the 1,481 duplicated bodies of ANT fall on one side of the
/// split and the development score is not inflated by articles seen in training.
pub fn in_dev_split(article: &Article) -> bool {
    rasid_text::checksum::text_fingerprint(&article.body).is_multiple_of(10)
}

/// Where the title ends in an article's analysis text (the body follows a blank line).
pub fn title_end(text: &str) -> usize {
    text.find("\n\n").unwrap_or(text.len())
}

/// A training or evaluation example from a labelled article; `None` without a category.
pub fn example(segmenter: &Segmenter, article: &Article) -> Option<Example> {
    let label = article.category.clone().filter(|c| !c.is_empty())?;
    let text = article.analysis_text();
    let (tokens, _) = crate::pipeline::tokens_with(segmenter, &text);
    Some(Example {
        terms: rasid_topic::terms(&text, &tokens),
        title_end: title_end(&text),
        label,
    })
}

/// Topic, keywords and summary of an analysed text.
pub fn digest(
    model: &rasid_topic::TopicModel,
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
) -> (
    Option<rasid_core::Topic>,
    Vec<rasid_core::Keyword>,
    Vec<rasid_core::SummarySentence>,
) {
    let terms = rasid_topic::terms(text, tokens);
    let end = title_end(text);
    let topic = if terms.is_empty() {
        None
    } else {
        model.classify(&terms, end).map(|(label, c)| rasid_core::Topic {
            label: label.to_string(),
            confidence: (c * 1000.0).round() / 1000.0,
        })
    };
    let weights = rasid_topic::keywords::term_weights(&terms, end, model);
    let keywords = rasid_topic::keywords(text, &terms, &weights, 10);
    let summary = rasid_topic::summary(text, sentences, &terms, end, &weights, 3);
    (topic, keywords, summary)
}

/// The article-level stage: topic, keywords and summary from the topic model.
pub struct Digest(pub std::sync::Arc<rasid_topic::TopicModel>);

impl rasid_core::Stage for Digest {
    fn name(&self) -> &'static str {
        crate::pipeline::DIGEST
    }

    fn run(&self, doc: &mut rasid_core::Doc) {
        let a = &mut doc.analysis;
        let (topic, keywords, summary) = digest(&self.0, &a.text, &a.tokens, &a.sentences);
        (a.topic, a.keywords, a.summary) = (topic, keywords, summary);
    }
}

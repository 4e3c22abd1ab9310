use serde::{Deserialize, Serialize};

use crate::{Entity, Event, Mention, Quote, Sentence, Timex, Token};

/// The schema identifier written into every analysis; bump the number on breaking changes.
pub const SCHEMA: &str = "rasid.analysis/4";

/// Metadata of the analysed document.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    pub id: String,
    pub title: String,
    /// `YYYY-MM-DD`, or null when unknown.
    pub published: Option<String>,
    /// How the date was obtained: `input`, `option`, `filename`.
    pub published_from: Option<String>,
    pub source: Option<String>,
    pub url: Option<String>,
    pub category: Option<String>,
    pub author: Option<String>,
}

/// Everything rasid knows about one article. Printed as JSON by `rasid analyze`.
///
/// Later stages add their own layers (entities, dates, quotes, events); the empty arrays
/// are there from the start so that consumers can rely on the keys.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    pub schema: String,
    pub document: DocumentInfo,
    /// Title, a blank line, then the body. All offsets point into this string.
    pub text: String,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
    /// Entity mentions, in text order.
    pub mentions: Vec<Mention>,
    /// Entities: mentions grouped by referent, with canonical name, role, affiliation, link.
    pub entities: Vec<Entity>,
    /// Temporal expressions with TIMEX3 types and values.
    pub dates: Vec<Timex>,
    /// Direct and reported quotations with their speakers.
    pub quotes: Vec<Quote>,
    /// CAMEO-coded events.
    pub events: Vec<Event>,
    /// The article's section, as in ANT's categories, from the topic classifier.
    /// `default` so that analyses stored under schema 2 still load.
    #[serde(default)]
    pub topic: Option<Topic>,
    /// The words that set this article apart from the news at large (TF-IDF), best first.
    #[serde(default)]
    pub keywords: Vec<Keyword>,
    /// Up to three sentences of the body, in text order, that carry most of its keywords.
    #[serde(default)]
    pub summary: Vec<SummarySentence>,
}

impl Analysis {
    /// An analysis of `text` with no layers yet: where the pipeline starts, and what a
    /// store keeps for an article indexed for search alone.
    pub fn empty(document: DocumentInfo, text: String) -> Analysis {
        Analysis {
            schema: SCHEMA.to_string(),
            document,
            text,
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
}

/// The topic label with the classifier's probability for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Topic {
    pub label: String,
    pub confidence: f32,
}

/// A keyword: a word (clitics left out) with its TF-IDF score against the corpus statistics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Keyword {
    /// The most frequent surface form in the article, without attached clitics.
    pub text: String,
    /// The normalised stem all its forms share.
    pub stem: String,
    pub score: f32,
    /// Occurrences in the article (title included).
    pub count: u32,
}

/// One sentence of an extractive summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummarySentence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

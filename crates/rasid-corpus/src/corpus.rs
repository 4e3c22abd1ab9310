//! What the corpus views read from a store, whichever store it is.
//!
//! The views (the merged entity list, the event table, an entity's page, the co-mention
//! network, the stories) are computed in Rust from a few kinds of rows. [`Corpus`] is those
//! rows: the local store reads them from SQLite, `rasid-pg` from PostgreSQL, and the views
//! are the same code over both (its provided methods and [`crate::stories::stories`]).
//! Each row query keeps the order the views expect (byte order of keys and ids, as
//! SQLite compares), so that two stores of the same articles give the same views.

use rasid_core::Analysis;

use crate::entities::CorpusEntity;
use crate::events::{EventFilter, EventRow};
use crate::profile::{CoMention, DayCount, Pair, Reading, RoleSpan};
use crate::search::{SearchOptions, SearchResults};
use crate::store::StoreError;

/// Where a row query hands its rows, one at a time (an error stops the query).
pub type Sink<'a, T> = &'a mut dyn FnMut(T) -> Result<(), StoreError>;

/// An entity in an article, as stored (the local store's `entities` table).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MentionRow {
    pub kind: String,
    pub key: String,
    pub article: String,
    pub name: String,
    pub role: Option<String>,
    pub code: Option<String>,
    pub actor: Option<String>,
    /// The article's publication as it was given.
    pub published: Option<String>,
}

/// An article's metadata with parts of its analysis as JSON text (only those a query
/// asks for; the others are `None`).
#[derive(Debug, Clone, Default)]
pub struct ArticleParts {
    pub id: String,
    pub url: Option<String>,
    pub title: String,
    pub source: Option<String>,
    pub published: Option<String>,
    pub entities: Option<String>,
    pub events: Option<String>,
    pub quotes: Option<String>,
}

/// A keyword of an article with its TF-IDF score.
#[derive(Debug, Clone, PartialEq)]
pub struct KeywordRow {
    pub article: String,
    pub stem: String,
    pub score: f64,
    pub text: String,
}

/// A store the corpus views can be computed over.
pub trait Corpus: Send {
    /// Articles stored.
    fn articles(&self) -> Result<usize, StoreError>;
    /// A number that grows when articles are added or changed (the views are recomputed
    /// when it does).
    fn generation(&self) -> Result<i64, StoreError>;
    /// Makes what was committed since the store was opened visible.
    fn reload(&self) -> Result<(), StoreError>;
    fn article(&self, id: &str) -> Result<Option<Analysis>, StoreError>;
    /// The stored articles whose text is nearly that of `id`, most similar first.
    fn near_duplicates(&self, id: &str) -> Result<Vec<(String, f32)>, StoreError>;
    fn search(&self, query: &str, o: &SearchOptions) -> Result<SearchResults, StoreError>;

    /// The mentions of a type (every type: `None`) with a key, in (type, key) order.
    fn mention_rows(&self, kind: Option<&str>, each: Sink<MentionRow>) -> Result<(), StoreError>;
    /// Each (article, type, key) of the types but MISC once, with the least of its names
    /// (only `article`, `kind`, `key` and `name` are set), in that order.
    fn article_names(&self, each: Sink<MentionRow>) -> Result<(), StoreError>;
    /// Articles with a publication, in the range (compared as text), in (publication, id)
    /// order: id, title, source and publication.
    fn dated_articles(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError>;
    /// Every keyword, article by article in the order the articles were first stored.
    fn keyword_rows(&self, each: Sink<KeywordRow>) -> Result<(), StoreError>;
    /// Articles published within 31 days of the range (events may carry their own day),
    /// in (publication, id) order: id, url, publication, events and entities.
    fn event_parts(&self, from: Option<&str>, to: Option<&str>, each: Sink<ArticleParts>) -> Result<(), StoreError>;
    /// The `limit` latest articles that mention one of the keys, latest first: id, title,
    /// publication, entities and quotes.
    fn latest_parts(
        &self,
        kind: &str,
        keys: &[String],
        limit: usize,
        each: Sink<ArticleParts>,
    ) -> Result<(), StoreError>;

    /// Articles per publication day that mention the entity.
    fn entity_days(&self, kind: &str, keys: &[String]) -> Result<Vec<DayCount>, StoreError>;
    /// The roles of the entity, most often given first, with the first and last day.
    fn entity_roles(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<RoleSpan>, StoreError>;
    /// The entities mentioned in the most articles beside this one.
    fn co_mentions(&self, kind: &str, keys: &[String], limit: usize) -> Result<Vec<CoMention>, StoreError>;
    /// The `top` keys of a type in most articles published in the range (`to_end` is past
    /// every time of the last day), most first, ties by key.
    fn top_keys(
        &self,
        kind: &str,
        from: Option<&str>,
        to_end: Option<&str>,
        top: usize,
    ) -> Result<Vec<(String, u64)>, StoreError>;
    /// Each distinct (article, key, publication) of the keys in the range.
    fn key_articles(
        &self,
        kind: &str,
        keys: &[String],
        from: Option<&str>,
        to_end: Option<&str>,
        each: Sink<(String, String, Option<String>)>,
    ) -> Result<(), StoreError>;

    /// The entities of the corpus by number of articles, spellings merged
    /// ([`crate::entities`]).
    fn entities(&self, kind: Option<&str>, limit: usize) -> Result<Vec<CorpusEntity>, StoreError> {
        crate::entities::merged(self, kind, limit)
    }

    /// The event table under `f`, in date order, and the articles whose stored events
    /// could not be read.
    fn events(&self, f: &EventFilter) -> Result<(Vec<EventRow>, Vec<String>), StoreError> {
        crate::events::table(self, f)
    }

    /// Quotes, affiliations and link of the entity in its latest articles.
    fn entity_reading(&self, kind: &str, keys: &[String]) -> Result<Reading, StoreError> {
        crate::profile::reading(self, kind, keys)
    }

    /// Pairs among the `top` keys of `kind` in the range, mentioned in the same articles
    /// ([`crate::profile::pairs`]).
    fn co_mention_pairs(
        &self,
        kind: &str,
        from: Option<&str>,
        to: Option<&str>,
        top: usize,
        group: &dyn Fn(&str) -> Option<String>,
    ) -> Result<Vec<Pair>, StoreError> {
        crate::profile::pairs(self, kind, from, to, top, group)
    }
}

//! The shared vocabulary of rasid.
//!
//! Every pipeline stage speaks these types and nothing else: a [`Span`] is a byte range
//! into the analysed text, a [`Token`] carries its surface span, its normalised form and
//! its clitic [`Segment`]s, and an [`Analysis`] is what `rasid analyze` prints. The crate
//! holds no logic beyond invariants, so that every other crate can depend on it cheaply.

mod analysis;
mod document;
mod entity;
mod span;
mod stage;
mod timex;
mod token;

pub use analysis::{Analysis, DocumentInfo, Keyword, SummarySentence, Topic, SCHEMA};
pub use document::Article;
pub use entity::{
    CameoCode, CameoCodeError, Entity, EntityType, Event, EventPlace, EventStatus, Link, Mention, MentionHow,
    Participant, PlaceKind, Quote, QuoteKind, SpeakerFrom,
};
pub use span::Span;
pub use stage::{Doc, Stage};
pub use timex::{Timex, TimexType};
pub use token::{Segment, SegmentKind, Sentence, Token, TokenKind, Word};

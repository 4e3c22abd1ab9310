use chrono::NaiveDate;

/// One article as read by ingest, before analysis.
///
/// `title` and `body` are kept apart; the analysed text is `title + "\n\n" + body`
/// (see [`Article::analysis_text`]), so every offset in an analysis is an offset into
/// that string.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Article {
    pub id: String,
    pub title: String,
    pub body: String,
    pub url: Option<String>,
    pub source: Option<String>,
    pub category: Option<String>,
    pub author: Option<String>,
    /// The publication time string as the source gave it.
    pub published_raw: Option<String>,
    /// The publication date (in the source's own time zone) when it could be read.
    pub published: Option<NaiveDate>,
    /// Where `published` came from: `input`, `option` (--date) or `filename`.
    pub published_from: Option<&'static str>,
    /// Where the article came from: `file`, or `file:line` for JSON lines.
    pub origin: String,
}

impl Article {
    /// The text every offset of an analysis points into.
    pub fn analysis_text(&self) -> String {
        let mut s = String::with_capacity(self.title.len() + 2 + self.body.len());
        s.push_str(&self.title);
        if !self.body.is_empty() {
            s.push_str("\n\n");
            s.push_str(&self.body);
        }
        s
    }
}

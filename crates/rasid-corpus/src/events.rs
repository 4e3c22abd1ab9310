//! The corpus event table: every event of every stored analysis as one row with GDELT's
//! columns (date, source name and code, event code, target name and code, Goldstein,
//! QuadClass, place, coordinates, article), filtered, and counted by day and code.
//!
//! The rows are read from the stored analyses (the `analysis` column keeps each article's
//! events), with the date range filtered in SQL on the publication date. An article
//! analysed by an older rasid whose events do not read is named in `problems`, not
//! skipped silently.

use std::collections::BTreeMap;

use rasid_core::{Event, EventStatus, Participant};
use serde::Serialize;

use crate::store::{Store, StoreError};

/// Which events to list.
#[derive(Clone, Debug, Default)]
pub struct EventFilter {
    /// Publication or event dates, `YYYY-MM-DD`, both ends included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Source or target name (a part of it, normalised) or actor code (a prefix: IRQ, IRQGOV).
    pub actor: Option<String>,
    /// CAMEO code prefix: `14` is every protest, `173` arrests.
    pub code: Option<String>,
    /// Alpha-3 country code: an actor's code starts with it.
    pub country: Option<String>,
    /// Only events of these statuses; empty: every status.
    pub status: Vec<EventStatus>,
}

/// One row of the event table.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct EventRow {
    pub date: Option<String>,
    pub source: Option<String>,
    pub source_code: Option<String>,
    pub code: String,
    pub label: String,
    pub target: Option<String>,
    pub target_code: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
    pub status: String,
    pub trigger: String,
    pub place: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub article: String,
    pub url: Option<String>,
}

/// Events counted by day and root code (`--by day,code`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct EventCount {
    pub day: String,
    pub code: String,
    pub events: usize,
}

impl EventFilter {
    /// `actor_norm`: the `actor` query normalised, once for all rows.
    fn keeps(&self, e: &Event, row: &EventRow, actor_norm: &str) -> bool {
        let in_range = |d: &str| {
            self.from.as_deref().is_none_or(|f| d >= f) && self.to.as_deref().is_none_or(|t| &d[..d.len().min(10)] <= t)
        };
        let actor = |p: &Option<Participant>, (q, norm): (&str, &str)| {
            p.as_ref().is_some_and(|p| {
                rasid_text::normalize(&p.text).contains(norm)
                    || p.actor_code.as_deref().is_some_and(|c| c.starts_with(q))
            })
        };
        let country = |p: &Option<Participant>, c: &str| {
            p.as_ref()
                .and_then(|p| p.actor_code.as_deref())
                .is_some_and(|a| a.starts_with(c))
        };
        (self.status.is_empty() || self.status.contains(&e.status))
            && row.date.as_deref().is_none_or(in_range)
            && self.code.as_deref().is_none_or(|c| e.cameo.as_str().starts_with(c))
            && self
                .actor
                .as_deref()
                .is_none_or(|q| actor(&e.source, (q, actor_norm)) || actor(&e.target, (q, actor_norm)))
            && self
                .country
                .as_deref()
                .is_none_or(|c| country(&e.source, c) || country(&e.target, c))
    }
}

fn row(e: &Event, article: &str, url: Option<String>, published: Option<&str>) -> EventRow {
    // The event's own date when it names a day, else the article's.
    let day = e
        .date
        .as_deref()
        .filter(|d| d.len() >= 10 && d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
        .map(|d| d[..10].to_string());
    EventRow {
        date: day.or_else(|| published.map(str::to_string)),
        source: e.source.as_ref().map(|p| p.text.clone()),
        source_code: e.source.as_ref().and_then(|p| p.actor_code.clone()),
        code: e.cameo.to_string(),
        label: e.label.clone(),
        target: e.target.as_ref().map(|p| p.text.clone()),
        target_code: e.target.as_ref().and_then(|p| p.actor_code.clone()),
        goldstein: e.goldstein,
        quad_class: e.quad_class,
        status: e.status.as_str().to_string(),
        trigger: e.verb_text.clone(),
        place: e.place.as_ref().map(|p| p.name.clone()),
        lat: e.place.as_ref().and_then(|p| p.lat),
        lon: e.place.as_ref().and_then(|p| p.lon),
        article: article.to_string(),
        url,
    }
}

impl Store {
    /// The event table of the store under `f`, in date order, and the articles whose
    /// stored events could not be read.
    pub fn events(&self, f: &EventFilter) -> Result<(Vec<EventRow>, Vec<String>), StoreError> {
        // Events may carry their own date a few days off the publication: the SQL range
        // is only on publication and wide; `keeps` applies the exact one.
        let mut q = self.db.prepare(
            "SELECT id, url, published, json_extract(analysis, '$.events') FROM articles
             WHERE (?1 IS NULL OR published >= date(?1, '-31 days')) AND (?2 IS NULL OR published <= date(?2, '+31 days'))
             ORDER BY published, id",
        )?;
        let actor_norm = f.actor.as_deref().map(rasid_text::normalize).unwrap_or_default();
        let mut rows = Vec::new();
        let mut problems = Vec::new();
        let mut r = q.query(rusqlite::params![f.from, f.to])?;
        while let Some(x) = r.next()? {
            let (id, url, published, events): (String, Option<String>, Option<String>, Option<String>) =
                (x.get(0)?, x.get(1)?, x.get(2)?, x.get(3)?);
            let events: Vec<Event> = match serde_json::from_str(events.as_deref().unwrap_or("[]")) {
                Ok(v) => v,
                Err(e) => {
                    problems.push(format!(
                        "article {id}: its events do not read ({e}); re-ingest it with this rasid"
                    ));
                    continue;
                }
            };
            for e in &events {
                let row = row(e, &id, url.clone(), published.as_deref());
                if f.keeps(e, &row, &actor_norm) {
                    rows.push(row);
                }
            }
        }
        rows.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.article.cmp(&b.article)));
        Ok((rows, problems))
    }
}

/// Counts by day and root code, in day order.
pub fn by_day_and_code(rows: &[EventRow]) -> Vec<EventCount> {
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in rows {
        let day = r.date.clone().unwrap_or_else(|| "unknown".into());
        *counts.entry((day, r.code[..2].to_string())).or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((day, code), events)| EventCount { day, code, events })
        .collect()
}

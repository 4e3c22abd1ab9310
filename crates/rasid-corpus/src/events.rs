//! The corpus event table: every event of every stored analysis as one row with GDELT's
//! columns (date, source name and code, event code, target name and code, Goldstein,
//! QuadClass, place, coordinates, article), filtered, and counted by day and code.
//!
//! The rows are read from the stored analyses (the `analysis` column keeps each article's
//! events), with the date range filtered in SQL on the publication date. An article
//! analysed by an older rasid whose events do not read is named in `problems`, not
//! skipped silently.

use std::collections::BTreeMap;

use rasid_core::{Event, EventStatus};
use serde::{Deserialize, Serialize};

use crate::corpus::Corpus;
use crate::store::StoreError;

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
    /// The event's own day when the text gives one, else the article's publication day.
    pub date: Option<String>,
    /// The article's publication day (GDELT's DATEADDED).
    pub published: Option<String>,
    /// The participant as the sentence names it (a surname alone: Y).
    pub source: Option<String>,
    pub source_code: Option<String>,
    /// The article's full name of the participant's entity (X Y), when it is one.
    pub source_entity: Option<String>,
    pub code: String,
    pub label: String,
    pub target: Option<String>,
    pub target_code: Option<String>,
    pub target_entity: Option<String>,
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
    /// Whether the filter keeps a row. Everything it looks at is in the row, so that a
    /// table kept in memory (rasid serve's) is filtered as the store's is.
    pub fn keeps(&self, row: &EventRow) -> bool {
        self.keeps_normalised(
            row,
            &self.actor.as_deref().map(rasid_text::normalize).unwrap_or_default(),
        )
    }

    /// [`keeps`](Self::keeps) with the `actor` query normalised once for all rows.
    pub fn keeps_normalised(&self, row: &EventRow, actor_norm: &str) -> bool {
        let in_range = |d: &str| {
            self.from.as_deref().is_none_or(|f| d >= f)
                && self.to.as_deref().is_none_or(|t| d.get(..10).unwrap_or(d) <= t)
        };
        let actor = |names: [&Option<String>; 2], code: &Option<String>, q: &str| {
            names
                .iter()
                .filter_map(|n| n.as_deref())
                .any(|t| rasid_text::normalize(t).contains(actor_norm))
                || code.as_deref().is_some_and(|c| c.starts_with(q))
        };
        let country = |code: &Option<String>, c: &str| code.as_deref().is_some_and(|a| a.starts_with(c));
        (self.status.is_empty() || self.status.iter().any(|s| s.as_str() == row.status))
            && row.date.as_deref().is_none_or(in_range)
            && self.code.as_deref().is_none_or(|c| row.code.starts_with(c))
            && self.actor.as_deref().is_none_or(|q| {
                actor([&row.source, &row.source_entity], &row.source_code, q)
                    || actor([&row.target, &row.target_entity], &row.target_code, q)
            })
            && self
                .country
                .as_deref()
                .is_none_or(|c| country(&row.source_code, c) || country(&row.target_code, c))
    }
}

/// What the event table reads of an article's entities: the full name of each.
#[derive(Deserialize)]
struct Named {
    id: String,
    canonical: String,
}

fn row(e: &Event, names: &[Named], article: &str, url: Option<String>, published: Option<&str>) -> EventRow {
    let entity = |p: &Option<rasid_core::Participant>| {
        let id = p.as_ref()?.entity.as_deref()?;
        names.iter().find(|n| n.id == id).map(|n| n.canonical.clone())
    };
    // The event's own date when it names a day, else the article's.
    let day = e
        .date
        .as_deref()
        .and_then(|d| d.get(..10))
        .filter(|d| d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-')
        .map(str::to_string);
    EventRow {
        date: day.or_else(|| published.map(str::to_string)),
        published: published.map(|p| p.get(..10).unwrap_or(p).to_string()),
        source: e.source.as_ref().map(|p| p.text.clone()),
        source_code: e.source.as_ref().and_then(|p| p.actor_code.clone()),
        source_entity: entity(&e.source),
        code: e.cameo.to_string(),
        label: e.label.clone(),
        target: e.target.as_ref().map(|p| p.text.clone()),
        target_code: e.target.as_ref().and_then(|p| p.actor_code.clone()),
        target_entity: entity(&e.target),
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

/// The event table of a store under `f`, in date order, and the articles whose stored
/// events could not be read.
pub(crate) fn table<C: Corpus + ?Sized>(c: &C, f: &EventFilter) -> Result<(Vec<EventRow>, Vec<String>), StoreError> {
    let actor_norm = f.actor.as_deref().map(rasid_text::normalize).unwrap_or_default();
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    // Events may carry their own date a few days off the publication: the store's range
    // is only on publication and wide; `keeps` applies the exact one.
    c.event_parts(f.from.as_deref(), f.to.as_deref(), &mut |x| {
        let id = &x.id;
        let read = serde_json::from_str::<Vec<Event>>(x.events.as_deref().unwrap_or("[]")).and_then(|ev| {
            Ok((
                ev,
                serde_json::from_str::<Vec<Named>>(x.entities.as_deref().unwrap_or("[]"))?,
            ))
        });
        let (events, names) = match read {
            Ok(v) => v,
            Err(e) => {
                problems.push(format!(
                    "article {id}: its events do not read ({e}); re-ingest it with this rasid"
                ));
                return Ok(());
            }
        };
        for e in &events {
            let row = row(e, &names, id, x.url.clone(), x.published.as_deref());
            if f.keeps_normalised(&row, &actor_norm) {
                rows.push(row);
            }
        }
        Ok(())
    })?;
    rows.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.article.cmp(&b.article)));
    Ok((rows, problems))
}

/// Counts by day and root code, in day order.
pub fn by_day_and_code<'a>(rows: impl IntoIterator<Item = &'a EventRow>) -> Vec<EventCount> {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for r in rows {
        *counts
            .entry((r.date.as_deref().unwrap_or("unknown"), &r.code[..2]))
            .or_default() += 1;
    }
    counts
        .into_iter()
        .map(|((day, code), events)| EventCount {
            day: day.to_string(),
            code: code.to_string(),
            events,
        })
        .collect()
}

//! A store's contents for the tools analysts already use: tables (articles, entities,
//! quotes, events) as CSV, JSON lines or Parquet for spreadsheets, pandas and DuckDB; the
//! places as GeoJSON for GIS tools; the network (who met whom, who is named with whom) as
//! GraphML or GEXF for Gephi and networkx.
//!
//! Tables stream: articles are read from the store one at a time and rows are written as
//! they are made (Parquet keeps one row group of 8,192 rows in memory).

mod graph;
mod table;

use std::io::Write;

use rasid_core::Analysis;
use rasid_corpus::{Corpus, Store, StoreError};

pub use graph::{graph, places, write_geojson, write_gexf, write_graphml, GraphOptions};
pub use table::{sink, Cell, Column, Kind, Sink, TableFormat};

use table::{float, int, text};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("writing: {0}")]
    Io(#[from] std::io::Error),
    #[error("writing CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("writing Parquet: {0}")]
    Parquet(#[from] parquet::errors::ParquetError),
    #[error("{0}")]
    Other(String),
}

/// The tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Table {
    Articles,
    Entities,
    Quotes,
    Events,
}

pub const ARTICLE_COLUMNS: &[Column] = &[
    text("id"),
    text("published"),
    text("source"),
    text("url"),
    text("title"),
    text("author"),
    text("category"),
    text("topic"),
    float("topic_confidence"),
    text("people"),
    text("places"),
    text("organisations"),
    int("quotes"),
    int("events"),
    text("summary"),
    text("text"),
];

pub const ENTITY_COLUMNS: &[Column] = &[
    text("id"),
    text("type"),
    text("name"),
    int("articles"),
    text("first_seen"),
    text("last_seen"),
    text("roles"),
    text("codes"),
    text("spellings"),
];

pub const QUOTE_COLUMNS: &[Column] = &[
    text("article"),
    text("published"),
    text("source"),
    text("speaker"),
    text("speaker_text"),
    text("speaker_type"),
    text("speaker_from"),
    text("kind"),
    text("verb"),
    text("quote"),
    int("start"),
    int("end"),
    text("url"),
];

pub const EVENT_COLUMNS: &[Column] = &[
    text("date"),
    text("published"),
    text("code"),
    text("label"),
    int("quad_class"),
    float("goldstein"),
    text("status"),
    text("source"),
    text("source_entity"),
    text("source_code"),
    text("target"),
    text("target_entity"),
    text("target_code"),
    text("trigger"),
    text("place"),
    float("lat"),
    float("lon"),
    text("article"),
    text("url"),
];

impl Table {
    pub fn columns(self) -> &'static [Column] {
        match self {
            Table::Articles => ARTICLE_COLUMNS,
            Table::Entities => ENTITY_COLUMNS,
            Table::Quotes => QUOTE_COLUMNS,
            Table::Events => EVENT_COLUMNS,
        }
    }
}

/// Several values in one cell: joined by ` | ` (a bar is rare in Arabic text and reads as
/// a separator in a spreadsheet).
fn joined<'a>(v: impl IntoIterator<Item = &'a str>) -> Cell {
    let v: Vec<&str> = v.into_iter().filter(|s| !s.is_empty()).collect();
    if v.is_empty() {
        Cell::Null
    } else {
        Cell::Text(v.join(" | "))
    }
}

/// What an export wrote.
#[derive(Debug, Default)]
pub struct Exported {
    pub rows: u64,
    /// Articles whose stored events do not read (left out of the events table; the
    /// caller should say so).
    pub problems: Vec<String>,
}

/// Writes one table of the store.
pub fn export_table(
    store: &Store,
    table: Table,
    format: TableFormat,
    out: impl Write + Send,
) -> Result<Exported, ExportError> {
    let mut sink = sink(format, table.columns(), out)?;
    let e = export_rows(store, table, sink.as_mut())?;
    sink.finish()?;
    Ok(e)
}

/// Gives every row of one table of the store to `sink` (of `table.columns()`), in order.
pub fn export_rows(store: &Store, table: Table, sink: &mut dyn Sink) -> Result<Exported, ExportError> {
    let mut n = 0u64;
    let mut problems = Vec::new();
    match table {
        Table::Articles | Table::Quotes => store.each_analysis(|a| {
            let rows = if table == Table::Articles {
                vec![article_row(&a)]
            } else {
                quote_rows(&a)
            };
            for r in rows {
                sink.row(r).map_err(|e| StoreError::Other(e.to_string()))?;
                n += 1;
            }
            Ok(())
        })?,
        Table::Entities => {
            for kind in ["PER", "LOC", "ORG", "MISC"] {
                for e in store.entities(Some(kind), usize::MAX)? {
                    sink.row(vec![
                        rasid_serve::state::entity_id(&e.kind, &e.key).into(),
                        e.kind.as_str().into(),
                        e.name.as_str().into(),
                        e.articles.into(),
                        e.first_seen.into(),
                        e.last_seen.into(),
                        joined(e.roles.iter().map(String::as_str)),
                        joined(e.codes.iter().map(String::as_str)),
                        joined(e.spellings.iter().map(String::as_str)),
                    ])?;
                    n += 1;
                }
            }
        }
        Table::Events => {
            let (rows, p) = store.events(&rasid_corpus::events::EventFilter::default())?;
            problems = p;
            for e in rows {
                sink.row(vec![
                    e.date.into(),
                    e.published.into(),
                    e.code.into(),
                    e.label.into(),
                    Cell::Int(i64::from(e.quad_class)),
                    e.goldstein.into(),
                    e.status.into(),
                    e.source.into(),
                    e.source_entity.into(),
                    e.source_code.into(),
                    e.target.into(),
                    e.target_entity.into(),
                    e.target_code.into(),
                    e.trigger.into(),
                    e.place.into(),
                    e.lat.into(),
                    e.lon.into(),
                    e.article.into(),
                    e.url.into(),
                ])?;
                n += 1;
            }
        }
    }
    Ok(Exported { rows: n, problems })
}

fn article_row(a: &Analysis) -> Vec<Cell> {
    let d = &a.document;
    let names = |kind: rasid_core::EntityType| {
        joined(
            a.entities
                .iter()
                .filter(|e| e.kind == kind)
                .map(|e| e.canonical.as_str()),
        )
    };
    vec![
        d.id.as_str().into(),
        d.published.as_deref().into(),
        d.source.as_deref().into(),
        d.url.as_deref().into(),
        d.title.as_str().into(),
        d.author.as_deref().into(),
        d.category.as_deref().into(),
        a.topic.as_ref().map(|t| t.label.clone()).into(),
        a.topic.as_ref().map(|t| f64::from(t.confidence)).into(),
        names(rasid_core::EntityType::Per),
        names(rasid_core::EntityType::Loc),
        names(rasid_core::EntityType::Org),
        a.quotes.len().into(),
        a.events.len().into(),
        joined(a.summary.iter().map(|s| s.text.as_str())),
        a.text.as_str().into(),
    ]
}

fn quote_rows(a: &Analysis) -> Vec<Vec<Cell>> {
    let d = &a.document;
    a.quotes
        .iter()
        .map(|q| {
            let speaker = q
                .speaker
                .as_ref()
                .and_then(|id| a.entities.iter().find(|e| &e.id == id));
            vec![
                d.id.as_str().into(),
                d.published.as_deref().into(),
                d.source.as_deref().into(),
                speaker.map(|e| e.canonical.clone()).into(),
                q.speaker_text.clone().into(),
                speaker.map(|e| e.kind.as_str().to_string()).into(),
                q.speaker_from.map(|f| enum_name(&f)).into(),
                enum_name(&q.kind).into(),
                q.verb_text.clone().into(),
                q.text.as_str().into(),
                q.start.into(),
                q.end.into(),
                d.url.as_deref().into(),
            ]
        })
        .collect()
}

/// The serialised name of a unit enum variant (`direct`, `reported`, …).
fn enum_name(v: &impl serde::Serialize) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

//! `rasid events`: the corpus event table of a store.

use std::io::Write;

use rasid_core::EventStatus;
use rasid_corpus::events::{by_day_and_code, EventCount, EventFilter, EventRow};
use rasid_corpus::{Corpus, Store};

use crate::args::{EventsArgs, StatusArg, TableFormat};
use crate::pretty::printable_str as p;

pub fn run(a: EventsArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store.dir, super::corpus::store_segmenter()?)?;
    let country = match a.country.as_deref() {
        None => None,
        Some(c) if c.len() == 3 => Some(c.to_ascii_uppercase()),
        Some(c) => {
            let k = rasid_extract::knowledge::Knowledge::from_json(rasid::models::KNOWLEDGE)?;
            let code = k
                .alpha3(&c.to_ascii_uppercase())
                .ok_or_else(|| anyhow::anyhow!("`{c}` is not an ISO country code (IQ, IRQ)"))?
                .to_string();
            Some(code)
        }
    };
    let status = match a.status {
        StatusArg::All => Vec::new(),
        StatusArg::Reported => vec![EventStatus::Reported],
        StatusArg::Planned => vec![EventStatus::Planned],
        StatusArg::Negated => vec![EventStatus::Negated],
        StatusArg::Claimed => vec![EventStatus::Claimed],
    };
    let filter = EventFilter {
        from: a.from,
        to: a.to,
        actor: a.actor,
        code: a.code,
        country,
        status,
    };
    let (rows, problems) = store.events(&filter)?;
    for problem in &problems {
        eprintln!("rasid: warning: {problem}");
    }
    let mut out = std::io::stdout().lock();
    if a.by.is_some() {
        let counts = by_day_and_code(&rows);
        write(&counts, a.format, &mut out, count_row)?;
    } else {
        write(&rows, a.format, &mut out, event_row)?;
    }
    if rows.is_empty() {
        eprintln!("rasid: no events in {} match", a.store.dir.display());
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

fn write<T: serde::Serialize>(
    rows: &[T],
    format: TableFormat,
    out: &mut dyn Write,
    pretty: fn(&T, &mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    match format {
        TableFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut *out, r)?;
                out.write_all(b"\n")?;
            }
        }
        TableFormat::Csv => {
            // The byte-order mark makes spreadsheets read the file as UTF-8.
            out.write_all("\u{feff}".as_bytes())?;
            let mut w = csv::Writer::from_writer(out);
            for r in rows {
                w.serialize(r)?;
            }
            w.flush()?;
        }
        TableFormat::Pretty => {
            for r in rows {
                pretty(r, out)?;
            }
        }
    }
    Ok(())
}

fn event_row(r: &EventRow, out: &mut dyn Write) -> std::io::Result<()> {
    let who = |name: &Option<String>, code: &Option<String>| match (name, code) {
        (None, _) => "—".to_string(),
        (Some(n), None) => p(n).into_owned(),
        (Some(n), Some(c)) => format!("{} [{c}]", p(n)),
    };
    writeln!(
        out,
        "{}  {:<4} {:>5.1}  {} → {} → {}{}  {}",
        r.date.as_deref().unwrap_or("????-??-??"),
        r.code,
        r.goldstein,
        who(&r.source, &r.source_code),
        p(&r.trigger),
        who(&r.target, &r.target_code),
        r.place.as_deref().map(|x| format!(" ({})", p(x))).unwrap_or_default(),
        r.article,
    )
}

fn count_row(c: &EventCount, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}  {}  {:>6}", c.day, c.code, c.events)
}

use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::Pipeline;
use rasid_corpus::{IngestOutcome, SearchOptions, Store};
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rayon::prelude::*;

use crate::args::{DuplicatesArgs, EntitiesArgs, HitFormat, IngestArgs, SearchArgs, StoriesArgs};

fn store_segmenter() -> anyhow::Result<Arc<rasid_text::Segmenter>> {
    Ok(Arc::new(rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(
        rasid::models::STEM_LEXICON,
    )?)))
}

/// Articles per second, whole numbers (indicatif's own `per_sec` prints four decimals).
fn rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.0} articles/s", state.per_sec());
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let mut store =
        Store::open(&a.store, store_segmenter()?).with_context(|| format!("opening {}", a.store.display()))?;
    let inputs: Vec<Input> = if a.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        a.inputs.iter().map(|s| Input::from_arg(s)).collect()
    };
    let opts = ReadOptions {
        default_date: a.date,
        date_from_file_name: true,
        max_bytes: a.max_bytes,
    };
    // A bar with an ETA when the inputs can be counted first (files); a spinner for stdin.
    let bar = match rasid_ingest::estimate_count(&inputs) {
        Some(n) => {
            let b = ProgressBar::new(n);
            b.set_style(
                ProgressStyle::with_template("{bar:30} {pos}/{len} [{elapsed} < {eta}] {rate} {msg}")
                    .expect("valid template")
                    .with_key("rate", rate),
            );
            b
        }
        None => {
            let b = ProgressBar::new_spinner();
            b.set_style(
                ProgressStyle::with_template("{spinner} {pos} [{elapsed}] {rate} {msg}")
                    .expect("valid template")
                    .with_key("rate", rate),
            );
            b
        }
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let (mut stored, mut dups, mut failed) = (0usize, 0usize, 0usize);
    let mut articles = read_inputs(inputs, opts).peekable();
    let mut batch = Vec::with_capacity(a.batch);
    while articles.peek().is_some() {
        batch.clear();
        batch.extend(articles.by_ref().take(a.batch.max(1)));
        let results: Vec<_> = batch
            .par_drain(..)
            .map(|r| {
                r.map(|x| {
                    if a.index_only {
                        rasid::pipeline::unanalysed(&x)
                    } else {
                        pipeline.analyze(&x)
                    }
                })
            })
            .collect();
        let read = results.len() as u64;
        let mut ok = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(x) => ok.push(x),
                Err(e) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("rasid: error: {e}"));
                }
            }
        }
        for o in store.ingest(&ok)? {
            match o {
                IngestOutcome::Stored => stored += 1,
                IngestOutcome::Duplicate(_) => dups += 1,
            }
        }
        bar.inc(read);
        bar.set_message(format!("stored {stored}, duplicates {dups}, failed {failed}"));
    }
    bar.finish_and_clear();
    eprintln!(
        "rasid: stored {stored} articles, skipped {dups} duplicates, {failed} failed; the store holds {}",
        store.len()?
    );
    Ok(if failed > 0 { 1 } else { 0 })
}

fn open_existing(dir: &std::path::Path) -> anyhow::Result<Store> {
    if !dir.join("articles.sqlite").exists() {
        anyhow::bail!(
            "{} is not a rasid store (run `rasid ingest ... --store {}` first)",
            dir.display(),
            dir.display()
        );
    }
    Ok(Store::open(dir, store_segmenter()?)?)
}

pub fn entities(a: EntitiesArgs) -> anyhow::Result<i32> {
    let store = open_existing(&a.store)?;
    let kind = a.kind.map(|k| k.to_uppercase());
    let rows = store.entities(kind.as_deref(), a.limit)?;
    match a.format {
        HitFormat::Json => crate::commands::print_json(&rows)?,
        HitFormat::Pretty => {
            let mut out = std::io::stdout().lock();
            for r in &rows {
                let roles = if r.roles.is_empty() {
                    String::new()
                } else {
                    format!(" — {}", r.roles.join("؛ "))
                };
                let seen = format!(
                    "{} … {}",
                    r.first_seen.as_deref().unwrap_or("?"),
                    r.last_seen.as_deref().unwrap_or("?")
                );
                writeln!(out, "{:<4} {:>5}  {}{roles}  ({seen})", r.kind, r.articles, r.name)?;
            }
        }
    }
    Ok(0)
}

pub fn search(a: SearchArgs) -> anyhow::Result<i32> {
    let store = open_existing(&a.store)?;
    let opts = SearchOptions {
        limit: a.limit,
        from: a.from,
        to: a.to,
        source: a.source,
        topic: a.topic,
        person: a.person,
        place: a.place,
        org: a.org,
    };
    let hits = store.search(&a.query, &opts)?;
    match a.format {
        HitFormat::Json => crate::commands::print_json(&hits)?,
        HitFormat::Pretty => {
            let mut out = std::io::stdout().lock();
            for (i, h) in hits.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} ({:.2}) {} · {}",
                    i + 1,
                    h.title,
                    h.score,
                    h.date.as_deref().unwrap_or("?"),
                    h.source.as_deref().unwrap_or("?")
                )?;
                writeln!(
                    out,
                    "   {}",
                    h.snippet.replace("<b>", "\x1b[1m").replace("</b>", "\x1b[0m")
                )?;
                writeln!(out, "   {}", h.id)?;
            }
        }
    }
    Ok(0)
}

pub fn stories(a: StoriesArgs) -> anyhow::Result<i32> {
    let store = open_existing(&a.store)?;
    let o = rasid_corpus::stories::StoryOptions {
        from: a.from,
        to: a.to,
        window_days: a.window_days.max(0),
        threshold: a.threshold,
        min_sources: a.min_sources.max(1),
        min_articles: 2,
        limit: a.limit,
    };
    let stories = rasid_corpus::stories::stories(&store, &o)?;
    match a.format {
        HitFormat::Json => crate::commands::print_json(&stories)?,
        HitFormat::Pretty => {
            let mut out = std::io::stdout().lock();
            for (i, s) in stories.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} — {} articles, {} outlets ({}), {} … {}",
                    i + 1,
                    s.title,
                    s.articles,
                    s.sources.len(),
                    s.sources.join(", "),
                    s.first,
                    s.last
                )?;
                writeln!(out, "   {} · {}", s.entities.join("، "), s.keywords.join("، "))?;
                for m in &s.members {
                    writeln!(
                        out,
                        "   {} {:<9} {:.2} {}",
                        m.date,
                        m.source.as_deref().unwrap_or("?"),
                        m.similarity,
                        m.title
                    )?;
                }
            }
        }
    }
    Ok(0)
}

#[derive(serde::Serialize)]
struct DuplicatePair {
    article: String,
    of: String,
    similarity: f32,
}

pub fn duplicates(a: DuplicatesArgs) -> anyhow::Result<i32> {
    let store = open_existing(&a.store)?;
    let pairs: Vec<DuplicatePair> = match &a.id {
        Some(id) => store
            .near_duplicates(id)?
            .into_iter()
            .map(|(of, similarity)| DuplicatePair {
                article: id.clone(),
                of,
                similarity,
            })
            .collect(),
        None => store
            .near_duplicate_pairs()?
            .into_iter()
            .map(|(article, of, similarity)| DuplicatePair {
                article,
                of,
                similarity,
            })
            .collect(),
    };
    let pairs: Vec<DuplicatePair> = pairs.into_iter().take(a.limit).collect();
    match a.format {
        HitFormat::Json => crate::commands::print_json(&pairs)?,
        HitFormat::Pretty => {
            let mut out = std::io::stdout().lock();
            for p in &pairs {
                writeln!(out, "{:.2}  {}  ≈  {}", p.similarity, p.article, p.of)?;
            }
        }
    }
    Ok(0)
}

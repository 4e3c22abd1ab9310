use std::io::Write;
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::Pipeline;
use rasid_corpus::{IngestOutcome, SearchOptions, Store};
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rayon::prelude::*;

use crate::args::{
    DuplicatesArgs, EntitiesArgs, IngestArgs, OutputFormat, SearchArgs, ShowArgs, StoreArg, StoriesArgs,
};
use crate::pretty::printable_str as p;

fn store_segmenter() -> anyhow::Result<Arc<rasid_text::Segmenter>> {
    Ok(Arc::new(rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(
        rasid::models::STEM_LEXICON,
    )?)))
}

/// Articles per second, whole numbers (indicatif's own `per_sec` prints four decimals).
fn rate(state: &indicatif::ProgressState, w: &mut dyn std::fmt::Write) {
    let _ = write!(w, "{:.0} articles/s", state.per_sec());
}

/// A bar with an ETA when the total is known; a spinner otherwise.
fn progress_bar(total: Option<u64>) -> ProgressBar {
    let (b, template) = match total {
        Some(n) => (
            ProgressBar::new(n),
            "{bar:30} {pos}/{len} [{elapsed} < {eta}] {rate} {msg}",
        ),
        None => (ProgressBar::new_spinner(), "{spinner} {pos} [{elapsed}] {rate} {msg}"),
    };
    b.set_style(
        ProgressStyle::with_template(template)
            .expect("valid template")
            .with_key("rate", rate),
    );
    b
}

pub fn ingest(a: IngestArgs) -> anyhow::Result<i32> {
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let mut store = Store::open_for_writing(&a.store, store_segmenter()?)?;
    let inputs: Vec<Input> = if a.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        a.inputs.iter().map(|s| Input::from_arg(s)).collect()
    };
    note_twins(&inputs);
    let opts = ReadOptions {
        default_date: a.date,
        date_from_file_name: true,
        max_bytes: a.max_bytes,
    };
    let bar = progress_bar(rasid_ingest::estimate_count(&inputs));
    bar.enable_steady_tick(std::time::Duration::from_millis(250));
    let (mut stored, mut dups, mut failed) = (0usize, 0usize, 0usize);
    let mut articles = read_inputs(inputs, opts).peekable();
    let mut batch = Vec::with_capacity(a.batch);
    while articles.peek().is_some() {
        batch.clear();
        batch.extend(articles.by_ref().take(a.batch.max(1)));
        let read = batch.len() as u64;
        // Articles already stored are skipped before the costly analysis.
        let mut fresh = Vec::with_capacity(batch.len());
        for r in batch.drain(..) {
            match r {
                Ok(x) => match store.duplicate_of_article(&x)? {
                    Some(_) => dups += 1,
                    None => fresh.push(x),
                },
                Err(e) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("rasid: error: {e}"));
                }
            }
        }
        let analysed: Vec<_> = fresh
            .par_iter()
            .map(|x| {
                if a.index_only {
                    rasid::pipeline::unanalysed(x)
                } else {
                    pipeline.analyze(x)
                }
            })
            .collect();
        for o in store.ingest(&analysed)? {
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

/// Says which `.txt` files of the input directories are left out for the `.json` beside them.
pub fn note_twins(inputs: &[Input]) {
    let twins = rasid_ingest::twins(inputs);
    if let Some((skipped, kept)) = twins.first() {
        eprintln!(
            "rasid: note: {} .txt file{} left out, each the same article as the .json of the same name beside it (e.g. {} for {})",
            twins.len(),
            if twins.len() == 1 { " is" } else { "s are" },
            kept.display(),
            skipped.display()
        );
    }
}

/// One value as `json` (pretty) or `jsonl` (one line); callers print `pretty` themselves.
fn print_value(v: &impl serde::Serialize, format: OutputFormat) -> anyhow::Result<()> {
    if format == OutputFormat::Jsonl {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer(&mut out, v)?;
        writeln!(out)?;
        Ok(())
    } else {
        crate::commands::print_json(v)
    }
}

/// Prints rows as JSON (one array), JSON lines, or with `pretty` for each row.
fn print_rows<T: serde::Serialize>(
    rows: &[T],
    format: OutputFormat,
    pretty: impl Fn(&T, &mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match format {
        OutputFormat::Json => crate::commands::print_json(&rows)?,
        OutputFormat::Jsonl => {
            for r in rows {
                serde_json::to_writer(&mut out, r)?;
                writeln!(out)?;
            }
        }
        OutputFormat::Pretty => {
            for r in rows {
                pretty(r, &mut out)?;
            }
        }
    }
    Ok(())
}

pub fn entities(a: EntitiesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store, store_segmenter()?)?;
    let kind = a.kind.map(|k| k.to_uppercase());
    let rows = store.entities(kind.as_deref(), a.limit)?;
    if rows.is_empty() {
        eprintln!("rasid: no entities in {}", a.store.display());
    }
    print_rows(&rows, a.format, |r, out| {
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
        writeln!(
            out,
            "{:<4} {:>5}  {}{}  ({seen})",
            r.kind,
            r.articles,
            p(&r.name),
            p(&roles)
        )
    })?;
    Ok(0)
}

/// A snippet's HTML as terminal text: `<b>` as bold (or nothing), entities decoded.
fn snippet_text(html: &str, color: bool) -> String {
    let (on, off) = if color { ("\x1b[1m", "\x1b[0m") } else { ("", "") };
    // The marks stand in for <b> while the text is decoded and cleaned of control
    // characters (an article that itself holds one would show a bold mark: harmless).
    let marked = html.replace("<b>", "\u{E000}").replace("</b>", "\u{E001}");
    let text = htmlescape::decode_html(&marked).unwrap_or(marked);
    p(&text)
        .replace('\u{E000}', on)
        .replace('\u{E001}', off)
        .replace('\n', " ")
}

pub fn search(a: SearchArgs, color: bool) -> anyhow::Result<i32> {
    let store = Store::open(&a.store, store_segmenter()?)?;
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
    let r = store.search(&a.query, &opts)?;
    for n in &r.notes {
        eprintln!("rasid: note: {n}");
    }
    let summary = format!(
        "{} hit{} in {:.1} ms{}",
        r.total,
        if r.total == 1 { "" } else { "s" },
        r.took_ms,
        if r.total > r.hits.len() {
            format!(", the first {} shown", r.hits.len())
        } else {
            String::new()
        },
    );
    let mut out = std::io::stdout().lock();
    match a.format {
        OutputFormat::Json => crate::commands::print_json(&r)?,
        OutputFormat::Jsonl => {
            for h in &r.hits {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
            eprintln!("rasid: {summary}");
        }
        OutputFormat::Pretty => {
            writeln!(out, "{summary}")?;
            for (i, h) in r.hits.iter().enumerate() {
                writeln!(
                    out,
                    "{}. {} ({:.2}) {} · {}",
                    i + 1,
                    p(&h.title),
                    h.score,
                    h.date.as_deref().unwrap_or("?"),
                    p(h.source.as_deref().unwrap_or("?"))
                )?;
                writeln!(out, "   {}", snippet_text(&h.snippet, color))?;
                match &h.url {
                    Some(u) => writeln!(out, "   {} · {}", p(&h.id), p(u))?,
                    None => writeln!(out, "   {}", p(&h.id))?,
                }
            }
        }
    }
    Ok(0)
}

pub fn stories(a: StoriesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store, store_segmenter()?)?;
    if let (Some(f), Some(t)) = (a.from, a.to) {
        if f > t {
            anyhow::bail!("--from {f} is after --to {t}: no article can be in that range");
        }
    }
    let o = rasid_corpus::stories::StoryOptions {
        from: a.from.map(|d| d.format("%Y-%m-%d").to_string()),
        to: a.to.map(|d| d.format("%Y-%m-%d").to_string()),
        window_days: a.window_days,
        threshold: a.threshold,
        min_sources: a.min_sources as usize,
        min_articles: 2,
        limit: a.limit,
    };
    let stories = rasid_corpus::stories::stories(&store, &o)?;
    if stories.is_empty() {
        eprintln!(
            "rasid: no story in that range is covered by {} or more outlets",
            a.min_sources
        );
    }
    print_rows(&stories, a.format, |s, out| {
        writeln!(
            out,
            "{} — {} articles, {} outlets ({}), {} … {}",
            p(&s.title),
            s.articles,
            s.sources.len(),
            p(&s.sources.join(", ")),
            s.first,
            s.last
        )?;
        writeln!(out, "   {} · {}", p(&s.entities.join("، ")), p(&s.keywords.join("، ")))?;
        for m in &s.members {
            writeln!(
                out,
                "   {} {:<9} {:.2} {}",
                m.date,
                p(m.source.as_deref().unwrap_or("?")),
                m.similarity,
                p(&m.title)
            )?;
        }
        Ok(())
    })?;
    Ok(0)
}

#[derive(serde::Serialize)]
struct DuplicatePair {
    article: String,
    of: String,
    similarity: f32,
}

pub fn duplicates(a: DuplicatesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store, store_segmenter()?)?;
    let pairs: Vec<DuplicatePair> = match &a.id {
        Some(id) => {
            if !store.contains(id)? {
                anyhow::bail!("{} holds no article with the id {id}", a.store.display());
            }
            store
                .near_duplicates(id)?
                .into_iter()
                .map(|(of, similarity)| DuplicatePair {
                    article: id.clone(),
                    of,
                    similarity,
                })
                .collect()
        }
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
    if pairs.is_empty() {
        eprintln!("rasid: no near-duplicates");
    }
    print_rows(&pairs, a.format, |d, out| {
        writeln!(out, "{:.2}  {}  ≈  {}", d.similarity, p(&d.article), p(&d.of))
    })?;
    Ok(0)
}

pub fn show(a: ShowArgs, color: bool) -> anyhow::Result<i32> {
    let store = Store::open(&a.store, store_segmenter()?)?;
    let Some(mut analysis) = store.article(&a.id)? else {
        anyhow::bail!(
            "{} holds no article with the id {} (`rasid search` lists ids)",
            a.store.display(),
            a.id
        );
    };
    // The store keeps no tokens or sentences: they are the text layer, computed again.
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let (tokens, sentences) = pipeline.text_layer(&analysis.text);
    analysis.tokens = tokens;
    analysis.sentences = sentences;
    match a.format {
        OutputFormat::Pretty => crate::pretty::write(&analysis, color, &mut std::io::stdout().lock())?,
        f => print_value(&analysis, f)?,
    }
    Ok(0)
}

pub fn check(a: StoreArg) -> anyhow::Result<i32> {
    let problems = rasid_corpus::repair::check(&a.store, store_segmenter()?)?;
    match a.format {
        OutputFormat::Pretty => {
            if problems.is_empty() {
                println!("{} is sound", a.store.display());
            }
            for p in &problems {
                println!("{p}");
            }
        }
        f => print_value(
            &serde_json::json!({ "sound": problems.is_empty(), "problems": problems }),
            f,
        )?,
    }
    Ok(if problems.is_empty() { 0 } else { 1 })
}

pub fn repair(a: StoreArg) -> anyhow::Result<i32> {
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let bar = progress_bar(None);
    let analyze = |batch: &[rasid_core::Article]| batch.par_iter().map(|x| pipeline.analyze(x)).collect();
    let progress = |what: &str, done: usize, total: usize| {
        bar.set_message(format!("{what} {done}/{total}"));
        bar.tick();
    };
    let report = rasid_corpus::repair::repair(&a.store, store_segmenter()?, &analyze, &progress)?;
    bar.finish_and_clear();
    // The repaired store must open as a reader would open it.
    let store = Store::open(&a.store, store_segmenter()?)?;
    match a.format {
        OutputFormat::Pretty => {
            for p in &report.problems {
                println!("found: {p}");
            }
            if report.problems.is_empty() && !report.index_rebuilt && !report.database_rebuilt {
                println!("{} is sound: nothing to repair", a.store.display());
            }
            if report.database_rebuilt {
                println!("rebuilt the database from the index");
            }
            if report.reanalysed > 0 {
                println!(
                    "analysed {} articles from the index into the database",
                    report.reanalysed
                );
            }
            if report.index_rebuilt {
                println!("rebuilt the search index from the database");
            }
            if report.unreadable > 0 {
                println!(
                    "{} index documents could not be read (in damaged segments); re-ingest their source to get them back",
                    report.unreadable
                );
            }
            for m in &report.moved_aside {
                println!(
                    "moved the damaged {} aside (delete it when you no longer need it)",
                    m.display()
                );
            }
            println!("the store holds {} articles", store.len()?);
        }
        f => print_value(&report, f)?,
    }
    Ok(0)
}

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::Pipeline;
use rasid_corpus::{Corpus, IngestOutcome, SearchOptions, SearchResults, Store};
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rayon::prelude::*;

use crate::args::{CheckArgs, DuplicatesArgs, EntitiesArgs, IngestArgs, SearchArgs, ShowArgs, StoriesArgs};
use crate::output::{write_json, Item, Rows};
use crate::pretty::printable_str as p;

pub(crate) fn store_segmenter() -> anyhow::Result<Arc<rasid_text::Segmenter>> {
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
    let mut store = Store::open_for_writing(&a.store.dir, store_segmenter()?)?;
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

pub fn entities(a: EntitiesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store.dir, store_segmenter()?)?;
    let rows = store.entities(a.kind.map(|k| k.as_str()), a.limit)?;
    if rows.is_empty() {
        eprintln!("rasid: no entities in {}", a.store.dir.display());
    }
    let rows = Rows {
        rows: &rows,
        pretty: entity_row,
    };
    a.format.kind.print(&rows, false)?;
    Ok(0)
}

fn entity_row(r: &rasid_corpus::CorpusEntity, out: &mut dyn Write) -> std::io::Result<()> {
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

/// How many hits, how fast, and how many of them are shown.
fn search_summary(r: &SearchResults) -> String {
    format!(
        "{} hit{} in {:.1} ms{}",
        r.total,
        if r.total == 1 { "" } else { "s" },
        r.took_ms,
        if r.total > r.hits.len() {
            format!(", the first {} shown", r.hits.len())
        } else {
            String::new()
        },
    )
}

/// JSON is the whole result; JSON lines are the hits alone, one per line, with the
/// summary on standard error so that every line of standard output is a hit.
impl Item for SearchResults {
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
        write_json(self, out, indent)
    }

    fn json_lines(&self, out: &mut dyn Write) -> anyhow::Result<()> {
        for h in &self.hits {
            write_json(h, out, false)?;
            writeln!(out)?;
        }
        eprintln!("rasid: {}", search_summary(self));
        Ok(())
    }

    fn pretty(&self, out: &mut dyn Write, color: bool) -> anyhow::Result<()> {
        writeln!(out, "{}", search_summary(self))?;
        for (i, h) in self.hits.iter().enumerate() {
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
        Ok(())
    }
}

pub fn search(a: SearchArgs, color: bool) -> anyhow::Result<i32> {
    let seg = store_segmenter()?;
    let opts = SearchOptions {
        limit: a.limit,
        offset: a.offset,
        facets: a.facets,
        facet_size: 15,
        from: a.from,
        to: a.to,
        source: a.source,
        topic: a.topic,
        person: a.person,
        place: a.place,
        org: a.org,
    };
    let r = match (&a.db, &a.store) {
        (Some(url), _) => rasid_pg::search(&mut rasid_pg::connect(url)?, &seg, &a.query, &opts)?,
        (None, Some(dir)) => Store::open(dir, seg)?.search(&a.query, &opts)?,
        (None, None) => anyhow::bail!("search: give --store or --db"),
    };
    for n in &r.notes {
        eprintln!("rasid: note: {n}");
    }
    a.format.kind.print(&r, color)?;
    Ok(0)
}

pub fn stories(a: StoriesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store.dir, store_segmenter()?)?;
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
    let rows = Rows {
        rows: &stories,
        pretty: story_row,
    };
    a.format.kind.print(&rows, false)?;
    Ok(0)
}

fn story_row(s: &rasid_corpus::stories::Story, out: &mut dyn Write) -> std::io::Result<()> {
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
}

#[derive(serde::Serialize)]
struct DuplicatePair {
    article: String,
    of: String,
    similarity: f32,
}

pub fn duplicates(a: DuplicatesArgs) -> anyhow::Result<i32> {
    let store = Store::open(&a.store.dir, store_segmenter()?)?;
    let pairs: Vec<DuplicatePair> = match &a.id {
        Some(id) => {
            if !store.contains(id)? {
                anyhow::bail!("{} holds no article with the id {id}", a.store.dir.display());
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
    let rows = Rows {
        rows: &pairs,
        pretty: |d, out| writeln!(out, "{:.2}  {}  ≈  {}", d.similarity, p(&d.article), p(&d.of)),
    };
    a.format.kind.print(&rows, false)?;
    Ok(0)
}

pub fn show(a: ShowArgs, color: bool) -> anyhow::Result<i32> {
    let store = Store::open(&a.store.dir, store_segmenter()?)?;
    let Some(mut analysis) = store.article(&a.id)? else {
        anyhow::bail!(
            "{} holds no article with the id {} (`rasid search` lists ids)",
            a.store.dir.display(),
            a.id
        );
    };
    // The store keeps no tokens or sentences: they are the text layer, computed again.
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let (tokens, sentences) = pipeline.text_layer(&analysis.text);
    analysis.tokens = tokens;
    analysis.sentences = sentences;
    a.format.kind.print(&analysis, color)?;
    Ok(0)
}

/// What `rasid check` found in the store at `dir`.
struct Checked<'a> {
    dir: &'a Path,
    problems: &'a [String],
}

impl Item for Checked<'_> {
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
        let v = serde_json::json!({ "sound": self.problems.is_empty(), "problems": self.problems });
        write_json(&v, out, indent)
    }

    fn pretty(&self, out: &mut dyn Write, _color: bool) -> anyhow::Result<()> {
        if self.problems.is_empty() {
            writeln!(out, "{} is sound", self.dir.display())?;
        }
        for p in self.problems {
            writeln!(out, "{p}")?;
        }
        Ok(())
    }
}

pub fn check(a: CheckArgs) -> anyhow::Result<i32> {
    let problems = rasid_corpus::repair::check(&a.store.dir, store_segmenter()?)?;
    let checked = Checked {
        dir: &a.store.dir,
        problems: &problems,
    };
    a.format.kind.print(&checked, false)?;
    Ok(if problems.is_empty() { 0 } else { 1 })
}

/// What `rasid repair` did to the store at `dir`, which now opens as `store`.
struct Repaired<'a> {
    dir: &'a Path,
    report: &'a rasid_corpus::repair::RepairReport,
    store: &'a Store,
}

impl Item for Repaired<'_> {
    fn json(&self, out: &mut dyn Write, indent: bool) -> serde_json::Result<()> {
        write_json(self.report, out, indent)
    }

    fn pretty(&self, out: &mut dyn Write, _color: bool) -> anyhow::Result<()> {
        let r = self.report;
        for p in &r.problems {
            writeln!(out, "found: {p}")?;
        }
        if r.problems.is_empty() && !r.index_rebuilt && !r.database_rebuilt {
            writeln!(out, "{} is sound: nothing to repair", self.dir.display())?;
        }
        if r.database_rebuilt {
            writeln!(out, "rebuilt the database from the index")?;
        }
        if r.reanalysed > 0 {
            writeln!(
                out,
                "analysed {} articles from the index into the database",
                r.reanalysed
            )?;
        }
        if r.index_rebuilt {
            writeln!(out, "rebuilt the search index from the database")?;
        }
        if r.unreadable > 0 {
            writeln!(
                out,
                "{} index documents could not be read (in damaged segments); re-ingest their source to get them back",
                r.unreadable
            )?;
        }
        for m in &r.moved_aside {
            writeln!(
                out,
                "moved the damaged {} aside (delete it when you no longer need it)",
                m.display()
            )?;
        }
        writeln!(out, "the store holds {} articles", self.store.len()?)?;
        Ok(())
    }
}

pub fn repair(a: CheckArgs) -> anyhow::Result<i32> {
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let bar = progress_bar(None);
    let analyze = |batch: &[rasid_core::Article]| batch.par_iter().map(|x| pipeline.analyze(x)).collect();
    let progress = |what: &str, done: usize, total: usize| {
        bar.set_message(format!("{what} {done}/{total}"));
        bar.tick();
    };
    let report = rasid_corpus::repair::repair(&a.store.dir, store_segmenter()?, &analyze, &progress)?;
    bar.finish_and_clear();
    // The repaired store must open as a reader would open it.
    let store = Store::open(&a.store.dir, store_segmenter()?)?;
    let repaired = Repaired {
        dir: &a.store.dir,
        report: &report,
        store: &store,
    };
    a.format.kind.print(&repaired, false)?;
    Ok(0)
}

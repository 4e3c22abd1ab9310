//! `rasid watch`: poll feeds, fetch each new article's page once, analyse and store it.
//!
//! An item is fetched only when the store has no article of its link (as id or URL), and
//! the watch state (`STORE/watch.json`: validators, items whose page failed) is saved
//! after the feed's new articles are stored, so a run stopped at any point and started
//! again neither fetches nor stores anything twice.

use std::collections::HashSet;

use anyhow::Context;
use rasid::{Article, Pipeline};
use rasid_corpus::{IngestOutcome, Store};
use rasid_ingest::fetch::{FetchOptions, Fetched, Fetcher, Validators};
use rasid_ingest::watch::{poll_feed, read_feed_list, PendingItem, WatchState};
use rasid_ingest::FeedItem;

use crate::args::WatchArgs;

/// Polls after which an item whose page keeps failing is given up (with its feed text
/// stored when the feed has some).
const MAX_ATTEMPTS: u32 = 5;

#[derive(Default)]
struct Tally {
    stored: usize,
    known: usize,
    failed: usize,
    pending: usize,
}

pub fn run(a: WatchArgs) -> anyhow::Result<i32> {
    let feeds = read_feed_list(&a.feeds)?;
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
    let mut store = Store::open_for_writing(&a.store.dir, super::corpus::store_segmenter()?)?;
    let mut state = WatchState::load(&a.store.dir.join("watch.json")).map_err(anyhow::Error::msg)?;
    let mut opts = FetchOptions {
        per_host: a.per_host,
        timeout: a.timeout,
        max_bytes: a.max_bytes as u64,
        retries: a.retries,
        backoff: a.backoff,
        ..FetchOptions::default()
    };
    if let Some(ua) = a.user_agent {
        opts.user_agent = ua;
    }
    // The hosts the user named may be on a private network; links found in feeds may not.
    opts.trusted_hosts = feeds.iter().filter_map(|f| rasid_ingest::fetch::host(f)).collect();
    opts.allow_private = a.allow_private;
    let mut fetcher = Fetcher::new(opts);
    loop {
        let mut failed = 0;
        for url in &feeds {
            let t = poll_one(url, &mut fetcher, &mut state, &mut store, &pipeline)?;
            failed += t.failed;
            state.save().map_err(anyhow::Error::msg)?;
        }
        if a.once {
            eprintln!(
                "rasid: watch: {} requests; the store holds {}",
                fetcher.requests,
                store.len()?
            );
            return Ok(if failed > 0 { 1 } else { 0 });
        }
        std::thread::sleep(a.interval);
    }
}

fn poll_one(
    url: &str,
    fetcher: &mut Fetcher,
    state: &mut WatchState,
    store: &mut Store,
    pipeline: &Pipeline,
) -> anyhow::Result<Tally> {
    let mut t = Tally::default();
    let st = state.feeds.entry(url.to_string()).or_default();
    let items = match poll_feed(fetcher, url, st) {
        Ok(items) => items,
        Err(e) => {
            eprintln!("rasid: watch: error: {e}");
            t.failed += 1;
            Vec::new()
        }
    };
    let n_items = items.len();
    // The items of earlier polls whose page failed, then the feed's (an item still in the
    // feed keeps the attempts it has had).
    let mut todo: Vec<(FeedItem, u32)> = Vec::new();
    for p in std::mem::take(&mut st.pending) {
        todo.push((
            FeedItem {
                id: p.link.clone(),
                link: Some(p.link),
                title: p.title,
                text: p.text,
                author: p.author,
                published: p.published,
            },
            p.attempts,
        ));
    }
    todo.extend(items.into_iter().map(|i| (i, 0)));
    let mut seen = HashSet::new();
    for (item, attempts) in todo {
        let key = item.link.clone().unwrap_or_else(|| item.id.clone());
        if key.is_empty() || !seen.insert(key.clone()) {
            continue;
        }
        if st.handled.contains(&key) || store.has_id_or_url(&key, &key)? {
            t.known += 1;
            continue;
        }
        match article_of(fetcher, &item, &key, attempts + 1 >= MAX_ATTEMPTS) {
            Ok(a) => {
                // Stored one by one: a watch stopped in the middle of a feed keeps what it
                // has fetched.
                let analysis = pipeline.analyze(&a);
                for o in store.ingest(std::slice::from_ref(&analysis))? {
                    match o {
                        IngestOutcome::Stored => t.stored += 1,
                        // The same article under another link (a tracking parameter, a
                        // second feed): the link is remembered so as not to fetch it again.
                        IngestOutcome::Duplicate(_) => {
                            t.known += 1;
                            st.handle(&key);
                        }
                    }
                }
            }
            Err((e, true)) if attempts + 1 < MAX_ATTEMPTS => {
                eprintln!("rasid: watch: will retry: {e}");
                t.pending += 1;
                st.pending.push(PendingItem {
                    link: key,
                    title: item.title,
                    text: item.text,
                    author: item.author,
                    published: item.published,
                    attempts: attempts + 1,
                });
            }
            Err((e, _)) => {
                eprintln!("rasid: watch: error: {e}");
                t.failed += 1;
                st.handle(&key);
            }
        }
    }
    eprintln!(
        "rasid: watch: {url}: {n_items} items; stored {}, already stored {}, to retry {}, failed {}",
        t.stored, t.known, t.pending, t.failed
    );
    Ok(t)
}

/// The article of a feed item: its page fetched and extracted; the feed's own text when the
/// page cannot give one and the feed has it (for a failure that may pass, only at the
/// `last_try`). The error says whether trying again may help.
fn article_of(fetcher: &mut Fetcher, item: &FeedItem, key: &str, last_try: bool) -> Result<Article, (String, bool)> {
    let from_feed = |why: String, transient: bool| -> Result<Article, (String, bool)> {
        if item.text.trim().is_empty() || (transient && !last_try) {
            return Err((why, transient));
        }
        eprintln!("rasid: watch: note: {why}; stored the feed's text of it instead");
        let published = item.published.as_deref().and_then(rasid_ingest::parse_published);
        Ok(Article {
            id: key.to_string(),
            title: item.title.clone(),
            body: item.text.clone(),
            url: item.link.clone(),
            author: item.author.clone(),
            published_from: published.map(|_| "input"),
            published,
            published_raw: item.published.clone(),
            origin: key.to_string(),
            ..Article::default()
        })
    };
    let Some(link) = &item.link else {
        return from_feed(format!("{key}: the item has no link"), false);
    };
    match fetcher.get(link, &Validators::default()) {
        Ok(Fetched::Body {
            bytes, charset, url, ..
        }) => {
            match rasid_ingest::page_article(&bytes, charset.as_deref(), key, link, Some(&url)) {
                Ok(mut a) => {
                    // A page may name any URL as its canonical one; one on another host
                    // could shadow that site's own article, so the fetched URL stands.
                    let canonical_host = a.url.as_deref().and_then(rasid_ingest::fetch::host);
                    if canonical_host != rasid_ingest::fetch::host(&url) {
                        a.url = Some(url.clone());
                    }
                    if a.title.is_empty() {
                        a.title = item.title.clone();
                    }
                    if a.published.is_none() {
                        a.published_raw = item.published.clone();
                        a.published = item.published.as_deref().and_then(rasid_ingest::parse_published);
                        a.published_from = a.published.map(|_| "input");
                    }
                    if a.author.is_none() {
                        a.author = item.author.clone();
                    }
                    // A page that does not name its site: its host stands for the source.
                    if a.source.is_none() {
                        a.source = rasid_ingest::fetch::host(&url);
                    }
                    Ok(a)
                }
                Err(e) => from_feed(e.to_string(), false),
            }
        }
        Ok(Fetched::NotModified) => Err((format!("{link}: 304 to an unconditional request"), true)),
        Err(e) => {
            let transient = e.transient;
            from_feed(e.to_string(), transient)
        }
    }
}

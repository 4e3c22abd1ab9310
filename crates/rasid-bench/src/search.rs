//! Search latency in process: `rasid-bench-search STORE [QUERIES] [ROUNDS]`.
//!
//! The query set is drawn from the store itself (titles in a fixed pseudo-random order,
//! their first five words of two letters or more), so it is the same for a given store and
//! needs no file. Each query runs plain, with a date range, and with a source filter; one
//! warm-up round, then ROUNDS timed rounds. Prints JSON: median, p90, p99, max in ms.

use std::sync::Arc;
use std::time::Instant;

use rasid_corpus::{SearchOptions, Store};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let dir = args
        .get(1)
        .ok_or("usage: rasid-bench-search STORE [QUERIES] [ROUNDS]")?;
    let n: usize = args.get(2).map(|s| s.parse()).transpose()?.unwrap_or(200);
    let rounds: usize = args.get(3).map(|s| s.parse()).transpose()?.unwrap_or(5);
    let seg = Arc::new(rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(
        rasid::models::STEM_LEXICON,
    )?));
    let t = Instant::now();
    let store = Store::open(std::path::Path::new(dir), seg)?;
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let queries: Vec<String> = store
        .sample_titles(n)?
        .into_iter()
        .map(|t| {
            t.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.chars().count() >= 2)
                .take(5)
                .collect::<Vec<_>>()
                .join(" ")
        })
        .filter(|q| !q.is_empty())
        .collect();
    let variants = [
        SearchOptions {
            limit: 10,
            ..Default::default()
        },
        SearchOptions {
            limit: 10,
            from: chrono::NaiveDate::from_ymd_opt(2018, 5, 1),
            to: chrono::NaiveDate::from_ymd_opt(2018, 6, 30),
            ..Default::default()
        },
        SearchOptions {
            limit: 10,
            source: Some("skynews".into()),
            ..Default::default()
        },
    ];
    let mut times = Vec::new();
    let mut hits = 0usize;
    for round in 0..=rounds {
        for q in &queries {
            for o in &variants {
                let t = Instant::now();
                let h = store.search(q, o)?;
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                if round > 0 {
                    times.push(ms);
                    hits += h.hits.len();
                }
            }
        }
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let q = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{}",
        serde_json::json!({
            "store": dir,
            "articles": store.len()?,
            "queries": queries.len(),
            "searches_timed": times.len(),
            "mean_hits": hits as f64 / times.len() as f64,
            "open_ms": open_ms,
            "median_ms": q(0.5),
            "p90_ms": q(0.9),
            "p99_ms": q(0.99),
            "max_ms": times[times.len() - 1],
        })
    );
    Ok(())
}

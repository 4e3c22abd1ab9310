//! Any text as a search query, with filters taken from its first bytes, against a small
//! store: search answers (hits or notes), never an error, never a panic.

#![no_main]

use libfuzzer_sys::fuzz_target;
use rasid_corpus::{SearchOptions, Store};

thread_local! {
    static STORE: (tempfile::TempDir, Store) = small_store();
}

fn small_store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = rasid_corpus::testing::small_store(dir.path()).unwrap();
    (dir, store)
}

fuzz_target!(|data: &[u8]| {
    let (flags, text) = data.split_first().map(|(f, t)| (*f, t)).unwrap_or((0, &[][..]));
    let q = String::from_utf8_lossy(text);
    // The parser alone: its clauses come from the text.
    let parsed = rasid_corpus::query::parse(&q);
    assert!(parsed.clauses.len() <= rasid_corpus::query::MAX_CLAUSES);
    let o = SearchOptions {
        limit: 1 + (flags as usize % 20),
        person: (flags & 0x20 != 0).then(|| q.chars().take(8).collect()),
        source: (flags & 0x40 != 0).then(|| q.chars().rev().take(4).collect()),
        from: (flags & 0x80 != 0).then(|| chrono::NaiveDate::from_ymd_opt(2018, 6, 2).unwrap()),
        ..SearchOptions::default()
    };
    let r = STORE.with(|(_, s)| s.search(&q, &o));
    let r = r.unwrap_or_else(|e| panic!("search failed on {q:?}: {e}"));
    assert!(r.hits.len() <= o.limit);
});

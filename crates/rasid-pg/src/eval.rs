//! `rasid eval retrieval --db`: the PostgreSQL store scored beside the in-memory indexes,
//! on the same bodies and headline queries ([`rasid_corpus::eval`]).
//!
//! The bodies go into a schema of their own, `rasid_eval` (made again on every run, so the
//! database's store is not touched), as articles with no title, named by position; the
//! queries run through [`crate::search`], the code `rasid search --db` runs.

use std::time::Instant;

use postgres::Client;
use rasid_corpus::eval::Ranker;
use rasid_corpus::{SearchOptions, StoreError};

use crate::PgError;

pub struct PgRanker<'a> {
    pub client: Client,
    pub seg: &'a rasid_text::Segmenter,
}

fn store_error(e: PgError) -> StoreError {
    StoreError::Other(e.to_string())
}

impl Ranker for PgRanker<'_> {
    fn name(&self) -> String {
        "rasid (PostgreSQL store)".into()
    }

    fn index(&mut self, bodies: &[&str]) -> Result<f64, StoreError> {
        let t0 = Instant::now();
        self.fill(bodies).map_err(store_error)?;
        Ok(t0.elapsed().as_secs_f64())
    }

    fn ranked(&mut self, query: &str, k: usize) -> Result<Vec<usize>, StoreError> {
        let o = SearchOptions {
            limit: k,
            ..SearchOptions::default()
        };
        let r = crate::search(&mut self.client, self.seg, query, &o).map_err(store_error)?;
        Ok(r.hits.iter().filter_map(|h| h.id.parse().ok()).collect())
    }
}

impl PgRanker<'_> {
    fn fill(&mut self, bodies: &[&str]) -> Result<(), PgError> {
        self.client.batch_execute(
            "DROP SCHEMA IF EXISTS rasid_eval CASCADE; CREATE SCHEMA rasid_eval; SET search_path TO rasid_eval",
        )?;
        crate::schema::ensure(&mut self.client)?;
        for (c, chunk) in bodies.chunks(1000).enumerate() {
            let mut rows = crate::load::IndexRows::default();
            for (i, body) in chunk.iter().enumerate() {
                rows.add(self.seg, (c * 1000 + i) as i64, body);
            }
            rows.insert(&mut self.client)?;
        }
        crate::load::refresh_statistics(&mut self.client)
    }
}

//! A small store for tests and fuzzing of search (not part of the API).

use std::path::Path;
use std::sync::Arc;

use rasid_core::Article;

use crate::{Store, StoreError};

/// Three index-only articles whose titles are headlines with a colon, a dash, a question
/// mark and brackets, and a URL in a body; opened to read.
pub fn small_store(dir: &Path) -> Result<Store, StoreError> {
    let seg = Arc::new(rasid_text::Segmenter::new(
        rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON).map_err(|e| StoreError::Other(e.to_string()))?,
    ));
    let mut store = Store::open_for_writing(dir, seg.clone())?;
    let texts = [
        (
            "الوزير: ستنشب حرب لو انسحب السفير من اتفاق التجارة",
            "حذر الرئيس من حرب.",
        ),
        ("قمة السفير - المندوب؟", "التقى الرئيسان في العاصمة (القمة الأولى)."),
        (
            "المدينة تستضيف لقاء",
            "وصل الوفد إلى المدينة https://example.invalid/a?b=1",
        ),
    ];
    let batch: Vec<_> = texts
        .iter()
        .enumerate()
        .map(|(i, (title, body))| {
            rasid::pipeline::unanalysed(&Article {
                id: format!("q{i}"),
                title: title.to_string(),
                body: body.to_string(),
                source: Some("BBC".into()),
                published: chrono::NaiveDate::from_ymd_opt(2018, 6, 1 + i as u32),
                ..Article::default()
            })
        })
        .collect();
    store.ingest(&batch)?;
    drop(store);
    Store::open(dir, seg)
}

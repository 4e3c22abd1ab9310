//! Golden snapshots of the whole analysis of the shipped example articles, offsets
//! included. A change in any layer shows up here as a diff.
//!
//! To accept an intended change: `INSTA_UPDATE=always cargo test -p rasid --test golden`
//! (or `cargo insta review`), then read the diff of `tests/snapshots/` before committing.

use rasid::Pipeline;
use rasid_ingest::{read_inputs, Input, ReadOptions};

#[test]
fn example_articles() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert_eq!(files.len(), 4, "the four shipped examples");
    let p = Pipeline::embedded().unwrap();
    for f in files {
        let a = read_inputs(vec![Input::Path(f.clone())], ReadOptions::default())
            .next()
            .unwrap()
            .unwrap();
        let analysis = p.analyze(&a);
        let name = f.file_stem().unwrap().to_string_lossy().into_owned();
        insta::assert_json_snapshot!(name, analysis);
    }
}

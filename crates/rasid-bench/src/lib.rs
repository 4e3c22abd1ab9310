//! Shared helpers of rasid's benchmarks: the sample text and the measured operations, so
//! that criterion and the side-by-side script time exactly the same code.

use std::path::Path;

use rasid_text::{normalize_into, tokenize, RawToken};

/// The benchmark sample: `RASID_BENCH_FILE` (one article per line) if set, else the first
/// `max_bytes` of ANT v2.1 from `../shared/data`, else the shipped examples.
pub fn sample(max_bytes: usize) -> (String, &'static str) {
    if let Ok(p) = std::env::var("RASID_BENCH_FILE") {
        if let Ok(s) = std::fs::read_to_string(&p) {
            return (s, "RASID_BENCH_FILE");
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let ant = root.join("../shared/data/news/ant-v2.1-train.jsonl.gz");
    if ant.exists() {
        let mut out = String::new();
        let opts = rasid_ingest::ReadOptions::default();
        for a in rasid_ingest::read_inputs(vec![rasid_ingest::Input::Path(ant)], opts).flatten() {
            out.push_str(&a.title);
            out.push(' ');
            out.push_str(&a.body.replace('\n', " "));
            out.push('\n');
            if out.len() >= max_bytes {
                break;
            }
        }
        return (out, "ANT v2.1 (first articles)");
    }
    let mut out = String::new();
    for e in std::fs::read_dir(root.join("examples")).into_iter().flatten().flatten() {
        if e.path().extension().is_some_and(|x| x == "txt") {
            out.push_str(&std::fs::read_to_string(e.path()).unwrap_or_default().replace('\n', " "));
            out.push('\n');
        }
    }
    (out, "shipped examples")
}

/// Normalise + tokenise: every token found, every token's normal form computed into a
/// reused buffer. Returns the number of tokens (checked by the benchmarks).
pub fn normalise_tokenise(lines: &[&str], toks: &mut Vec<RawToken>, norm: &mut String) -> usize {
    let mut n = 0;
    for line in lines {
        toks.clear();
        tokenize(line, toks);
        for t in toks.iter() {
            norm.clear();
            normalize_into(&line[t.start..t.end], norm);
        }
        n += toks.len();
    }
    n
}

/// The full text layer as `rasid analyze` runs it: owned tokens with norms and clitic
/// segments, and sentences. Returns the number of clitic segments plus sentences.
pub fn full_layer(p: &rasid::Pipeline, lines: &[&str]) -> usize {
    let mut n = 0;
    for line in lines {
        let (tokens, raw) = p.tokens(line);
        let sents = rasid_text::split_sentences(line, &raw);
        n += tokens.iter().map(|t| t.segments.len()).sum::<usize>() + sents.len();
    }
    n
}

/// Entity tagging of prepared sentences (features and decoding). Returns the number of
/// tokens tagged as part of an entity.
pub fn ner_tag(model: &rasid_ner::Model, sentences: &[Vec<rasid_ner::TokenView>]) -> usize {
    model.tag(sentences).iter().flatten().filter(|&&t| t != 0).count()
}

/// CoNLL sentences as the tagger sees them (clitic segmentation included).
pub fn ner_views(p: &rasid::Pipeline, sentences: &[rasid_ner::conll::Sentence]) -> Vec<Vec<rasid_ner::TokenView>> {
    sentences
        .iter()
        .map(|s| {
            s.tokens
                .iter()
                .map(|t| rasid_ner::TokenView::from_word(t, p.segmenter()))
                .collect()
        })
        .collect()
}

//! Properties that must hold for any input text: no panic, and every offset slices the
//! text back to the surface it names.

use proptest::prelude::*;
use rasid::{Article, Pipeline};
use rasid_core::TokenKind;
use std::sync::OnceLock;

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| Pipeline::embedded().expect("embedded models load"))
}

/// Text that looks like Arabic news more often than random Unicode does: Arabic letters,
/// clitic letters, diacritics, tatweel, joiners and bidi marks, three digit scripts,
/// quotes, punctuation, hashtags, URLs, presentation forms, Latin.
fn newsy() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            Just("وال".to_string()),
            Just("بال".to_string()),
            Just("لل".to_string()),
            Just("ـ".to_string()),
            Just("\u{064E}".to_string()),
            Just("\u{200F}".to_string()),
            Just("\u{200C}".to_string()),
            Just("ﻻ".to_string()),
            Just("#".to_string()),
            Just("_".to_string()),
            Just("@".to_string()),
            Just("http://".to_string()),
            Just("\n".to_string()),
            Just(" ".to_string()),
            Just("«".to_string()),
            Just("\"".to_string()),
            Just(".".to_string()),
            Just("؟".to_string()),
            Just("،".to_string()),
            "[\u{0621}-\u{064A}]{1,8}",
            "[0-9\u{0660}-\u{0669}\u{06F0}-\u{06F9}]{1,4}",
            "[a-zA-Z]{1,5}",
            any::<char>().prop_map(|c| c.to_string()),
        ],
        0..40,
    );
    pieces.prop_map(|v| v.concat())
}

fn check(text: &str) {
    let p = pipeline();
    let a = p.analyze(&Article {
        id: "p".into(),
        title: text.to_string(),
        body: text.to_string(),
        ..Article::default()
    });
    let t = &a.text;
    let mut last_end = 0;
    for tok in &a.tokens {
        assert!(tok.start < tok.end, "empty token {tok:?}");
        assert!(tok.start >= last_end, "tokens overlap or go backwards");
        assert_eq!(
            &t[tok.start..tok.end],
            tok.text,
            "token offsets do not slice to its surface"
        );
        last_end = tok.end;
        if tok.kind == TokenKind::Arabic {
            assert!(!tok.segments.is_empty());
            assert_eq!(tok.segments.first().unwrap().start, tok.start);
            assert_eq!(tok.segments.last().unwrap().end, tok.end);
        }
        let mut seg_end = tok.start;
        for s in &tok.segments {
            assert!(
                s.start < s.end && s.start >= seg_end && s.end <= tok.end,
                "segment outside its token: {s:?}"
            );
            assert_eq!(&t[s.start..s.end], s.text);
            if tok.kind == TokenKind::Arabic {
                assert_eq!(s.start, seg_end, "segments of a word must be contiguous");
            }
            seg_end = s.end;
        }
        for w in &tok.words {
            assert!(tok.span().contains(*w));
            let _ = &t[w.start..w.end];
        }
    }
    // Sentences partition the tokens, in order.
    let mut next = 0;
    for s in &a.sentences {
        assert_eq!(s.first_token, next);
        assert!(s.end_token > s.first_token);
        assert_eq!(s.start, a.tokens[s.first_token].start);
        assert_eq!(s.end, a.tokens[s.end_token - 1].end);
        next = s.end_token;
    }
    assert_eq!(next, a.tokens.len());
    // The normaliser's byte map points at character boundaries of the original.
    let n = rasid_text::normalize_with_map(text);
    for (i, _) in n.text.char_indices() {
        let (a, b) = n.original_span(i, i + n.text[i..].chars().next().unwrap().len_utf8());
        assert!(text.is_char_boundary(a) && text.is_char_boundary(b) && a <= b);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn newsy_text_never_panics_and_offsets_slice_back(text in newsy()) {
        check(&text);
    }

    #[test]
    fn any_unicode_never_panics_and_offsets_slice_back(text in any::<String>()) {
        check(&text);
    }
}

/// Inputs the fuzzers found, replayed through the whole pipeline.
#[test]
fn fuzz_regressions() {
    // A hashtag of punctuation made a mention with no name words; repeating it underflowed
    // a token index in entity resolution (entities.rs, name repetition).
    let bytes = include_bytes!("data/fuzz/entities-empty-name.bin");
    let text = String::from_utf8_lossy(bytes);
    check(&text);
}

#[test]
fn regressions() {
    // Inputs that once broke an invariant, kept as named cases.
    for text in [
        "",
        "ـ",
        "الـ",
        "#_",
        "#ـ",
        "@",
        "www.",
        "و\u{064E}ـ\u{200C}",
        "ﻻ\u{FE70}",
        "\u{0670}ا",
        "1,",
        ".\"",
        "«.»",
    ] {
        check(text);
    }
}

//! The whole pipeline on arbitrary text: no panic, offsets slice back to surfaces.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fuzz_target!(|data: &[u8]| {
    static P: OnceLock<rasid::Pipeline> = OnceLock::new();
    let p = P.get_or_init(|| rasid::Pipeline::embedded().unwrap());
    let text = String::from_utf8_lossy(data);
    let (tokens, _) = p.tokens(&text);
    for t in &tokens {
        assert_eq!(&text[t.start..t.end], t.text);
        for s in &t.segments {
            assert!(t.start <= s.start && s.end <= t.end && s.start < s.end);
        }
    }
    // The whole analysis, every layer, on the same text.
    let a = p.analyze(&rasid::Article { id: "f".into(), title: text.to_string(), body: text.to_string(), ..Default::default() });
    for m in &a.mentions {
        assert_eq!(&a.text[m.start..m.end], m.text);
    }
    for q in &a.quotes {
        assert_eq!(&a.text[q.start..q.end], q.text);
    }
    let n = rasid_text::normalize_with_map(&text);
    if !n.text.is_empty() {
        let (a, b) = n.original_span(0, n.text.len());
        assert!(a <= b && b <= text.len());
    }
});

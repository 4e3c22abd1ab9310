//! Clitic segmentation with the shipped lexicon, case by case from `data/segmentation.tsv`
//! (one `word<TAB>segments` line per case), so that a regression names the word it broke.

use rasid::Pipeline;

#[test]
fn segmentation_cases() {
    let p = Pipeline::embedded().unwrap();
    let cases = include_str!("data/segmentation.tsv");
    let mut failures = Vec::new();
    let mut n = 0;
    for line in cases.lines().filter(|l| !l.starts_with('#') && !l.trim().is_empty()) {
        let (word, expected) = line.split_once('\t').expect("word<TAB>expected");
        let (tokens, _) = p.tokens(word);
        assert_eq!(tokens.len(), 1, "{word} is one token");
        let got: Vec<&str> = tokens[0].segments.iter().map(|s| s.text.as_str()).collect();
        if got.join("+") != expected {
            failures.push(format!("{word}: expected {expected}, got {}", got.join("+")));
        }
        n += 1;
    }
    assert!(n >= 30);
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

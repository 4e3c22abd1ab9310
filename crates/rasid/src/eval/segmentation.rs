//! Clitic segmentation scored against a CoNLL-U treebank (UD Arabic-PUD).
//!
//! UD splits clitics into syntactic words and glues them back with `SpaceAfter=No`, so the
//! written words and their gold split points can be rebuilt. rasid's own output also
//! splits the article ال, which UD keeps inside its word (للسلطة is ل + لسلطة); the
//! comparison therefore removes rasid's article/stem boundary before scoring. Every written
//! word counts, punctuation glued to a word included, so tokenisation errors count too.

use std::collections::BTreeSet;

use rasid_core::SegmentKind;
use rasid_text::{tokenize, SegPiece, Segmenter};
use serde::Serialize;

/// One written word of the gold file with its gold split points (byte offsets inside it).
#[derive(Debug, Clone)]
pub struct GoldWord {
    pub text: String,
    pub splits: BTreeSet<usize>,
    pub sentence: String,
}

/// Reads written words and their splits from CoNLL-U text.
pub fn read_conllu(src: &str) -> Result<Vec<GoldWord>, String> {
    let mut out = Vec::new();
    let mut sent_id = String::new();
    let mut cur = String::new();
    let mut splits = BTreeSet::new();
    for (ln, line) in src.lines().enumerate() {
        if let Some(id) = line.strip_prefix("# sent_id = ") {
            sent_id = id.trim().to_string();
        }
        if line.is_empty() || line.starts_with('#') {
            if !cur.is_empty() {
                out.push(GoldWord {
                    text: std::mem::take(&mut cur),
                    splits: std::mem::take(&mut splits),
                    sentence: sent_id.clone(),
                });
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!(
                "line {}: expected 10 tab-separated columns, found {}",
                ln + 1,
                cols.len()
            ));
        }
        if cols[0].contains('-') || cols[0].contains('.') {
            continue; // multi-word token ranges and empty nodes
        }
        if !cur.is_empty() {
            splits.insert(cur.len());
        }
        cur.push_str(cols[1]);
        if !cols[9].split('|').any(|m| m == "SpaceAfter=No") {
            out.push(GoldWord {
                text: std::mem::take(&mut cur),
                splits: std::mem::take(&mut splits),
                sentence: sent_id.clone(),
            });
        }
    }
    if !cur.is_empty() {
        out.push(GoldWord {
            text: cur,
            splits,
            sentence: sent_id,
        });
    }
    Ok(out)
}

/// rasid's split points inside one written word, with ال merged back into its stem.
pub fn predicted_splits(seg: &Segmenter, word: &str) -> BTreeSet<usize> {
    let mut toks = Vec::new();
    tokenize(word, &mut toks);
    let mut out = BTreeSet::new();
    let mut pieces: Vec<SegPiece> = Vec::new();
    for t in &toks {
        out.insert(t.start);
        out.insert(t.end);
        if t.kind == rasid_core::TokenKind::Arabic {
            pieces.clear();
            seg.segment(&word[t.start..t.end], t.start, &mut pieces);
            for w in pieces.windows(2) {
                if !(w[0].kind == SegmentKind::Article && w[1].kind == SegmentKind::Stem) {
                    out.insert(w[0].end);
                }
            }
        }
    }
    out.remove(&0);
    out.remove(&word.len());
    out
}

#[derive(Debug, Serialize)]
pub struct ErrorExample {
    pub sentence: String,
    pub gold: String,
    pub predicted: String,
}

#[derive(Debug, Serialize)]
pub struct Report {
    pub gold: String,
    pub words: usize,
    pub word_accuracy: f64,
    pub split_precision: f64,
    pub split_recall: f64,
    pub split_f1: f64,
    /// Accuracy on words written in Arabic letters only (no glued punctuation or digits).
    pub arabic_words: usize,
    pub arabic_word_accuracy: f64,
    /// The same score for a segmenter that never splits clitics (tokeniser only).
    pub baseline_tokenizer_only_accuracy: f64,
    pub errors: Vec<ErrorExample>,
}

fn show(word: &str, splits: &BTreeSet<usize>) -> String {
    let mut s = String::new();
    let mut last = 0;
    for &b in splits {
        s.push_str(&word[last..b]);
        s.push('+');
        last = b;
    }
    s.push_str(&word[last..]);
    s
}

/// Scores `seg` on the gold words; keeps up to `max_errors` examples of mistakes.
pub fn evaluate(seg: &Segmenter, gold: &[GoldWord], gold_name: &str, max_errors: usize) -> Report {
    let (mut correct, mut tp, mut fp, mut fn_, mut ar, mut ar_ok, mut base_ok) = (0, 0, 0, 0, 0, 0, 0);
    let mut errors = Vec::new();
    for w in gold {
        let pred = predicted_splits(seg, &w.text);
        let ok = pred == w.splits;
        correct += ok as usize;
        tp += pred.intersection(&w.splits).count();
        fp += pred.difference(&w.splits).count();
        fn_ += w.splits.difference(&pred).count();
        // Tokeniser-only baseline: the same tokeniser, no clitic splitting.
        let mut toks = Vec::new();
        tokenize(&w.text, &mut toks);
        let mut b: BTreeSet<usize> = toks.iter().flat_map(|t| [t.start, t.end]).collect();
        b.remove(&0);
        b.remove(&w.text.len());
        base_ok += (b == w.splits) as usize;
        if w.text
            .chars()
            .all(|c| rasid_text::chars::is_arabic_letter(c) || rasid_text::chars::is_arabic_mark(c))
        {
            ar += 1;
            ar_ok += ok as usize;
        }
        if !ok && errors.len() < max_errors {
            errors.push(ErrorExample {
                sentence: w.sentence.clone(),
                gold: show(&w.text, &w.splits),
                predicted: show(&w.text, &pred),
            });
        }
    }
    let r = |a: usize, b: usize| {
        if b == 0 {
            0.0
        } else {
            (a as f64 / b as f64 * 10000.0).round() / 10000.0
        }
    };
    let p = r(tp, tp + fp);
    let rc = r(tp, tp + fn_);
    Report {
        gold: gold_name.to_string(),
        words: gold.len(),
        word_accuracy: r(correct, gold.len()),
        split_precision: p,
        split_recall: rc,
        split_f1: if p + rc == 0.0 {
            0.0
        } else {
            ((2.0 * p * rc / (p + rc)) * 10000.0).round() / 10000.0
        },
        arabic_words: ar,
        arabic_word_accuracy: r(ar_ok, ar),
        baseline_tokenizer_only_accuracy: r(base_ok, gold.len()),
        errors,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = s1\n\
1\tو\tو\tCCONJ\tCC\t_\t2\tcc\t_\tSpaceAfter=No\n\
2\tقال\tقال\tVERB\tVBC\t_\t0\troot\t_\t_\n\
3\tل\tل\tADP\tIN\t_\t4\tcase\t_\tSpaceAfter=No\n\
4\tلسلطة\tسلطة\tNOUN\tNN\t_\t2\tobl\t_\tSpaceAfter=No\n\
5\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_\n";

    #[test]
    fn conllu_words_and_splits() {
        let g = read_conllu(SAMPLE).unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g[0].text, "وقال");
        assert_eq!(g[0].splits.iter().copied().collect::<Vec<_>>(), [2]);
        assert_eq!(g[1].text, "للسلطة.");
        assert_eq!(g[1].splits.len(), 2);
    }

    #[test]
    fn article_boundary_is_merged_and_scoring_counts() {
        let mut b = rasid_text::LexiconBuilder::new();
        for _ in 0..10 {
            b.add_text("قال قال قال السلطة سلطة والسلطة بالسلطة");
        }
        let seg = Segmenter::new(rasid_text::Lexicon::from_bytes(&b.build(1).unwrap()).unwrap());
        let g = read_conllu(SAMPLE).unwrap();
        let rep = evaluate(&seg, &g, "sample", 10);
        assert_eq!(rep.words, 2);
        assert_eq!(rep.word_accuracy, 1.0, "{:?}", rep.errors);
        assert_eq!(rep.split_f1, 1.0);
        assert_eq!(rep.baseline_tokenizer_only_accuracy, 0.0);
    }

    #[test]
    fn malformed_lines_are_errors() {
        assert!(read_conllu("1\tonly\ttwo\n").is_err());
    }
}

//! Exact-match chunk scoring, as conlleval computes it: a predicted entity counts only if
//! its start, end and type all equal a gold entity's.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::conll::chunks;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Micro and per-type counts over many sentences.
#[derive(Clone, Debug, Default)]
pub struct Scorer {
    pub total: Counts,
    pub by_type: BTreeMap<String, Counts>,
    pub tokens: usize,
    pub correct_tags: usize,
}

impl Scorer {
    pub fn add(&mut self, gold: &[impl AsRef<str>], pred: &[impl AsRef<str>]) {
        assert_eq!(gold.len(), pred.len(), "gold and prediction must have the same length");
        self.tokens += gold.len();
        self.correct_tags += gold
            .iter()
            .zip(pred)
            .filter(|(g, p)| norm_tag(g.as_ref()) == norm_tag(p.as_ref()))
            .count();
        let g = chunks(gold);
        let p = chunks(pred);
        for c in &p {
            let e = self.by_type.entry(c.2.clone()).or_default();
            if g.contains(c) {
                e.tp += 1;
                self.total.tp += 1;
            } else {
                e.fp += 1;
                self.total.fp += 1;
            }
        }
        for c in &g {
            if !p.contains(c) {
                self.by_type.entry(c.2.clone()).or_default().fn_ += 1;
                self.total.fn_ += 1;
            }
        }
    }

    pub fn report(&self) -> Report {
        let pct = |x: f64| (x * 10000.0).round() / 100.0;
        Report {
            precision: pct(self.total.precision()),
            recall: pct(self.total.recall()),
            f1: pct(self.total.f1()),
            per_type: self
                .by_type
                .iter()
                .map(|(t, c)| {
                    (
                        t.clone(),
                        TypeReport {
                            precision: pct(c.precision()),
                            recall: pct(c.recall()),
                            f1: pct(c.f1()),
                            gold: c.tp + c.fn_,
                        },
                    )
                })
                .collect(),
            tokens: self.tokens,
            tag_accuracy: pct(ratio(self.correct_tags, self.tokens)),
            gold_entities: self.total.tp + self.total.fn_,
            predicted_entities: self.total.tp + self.total.fp,
        }
    }
}

fn norm_tag(t: &str) -> String {
    match t.split_once('-') {
        Some((p, ty)) => format!("{p}-{}", crate::conll::canonical_type(ty)),
        None => t.to_string(),
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct TypeReport {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub gold: usize,
}

/// Percentages, rounded to two decimals.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub per_type: BTreeMap<String, TypeReport>,
    pub tokens: usize,
    pub tag_accuracy: f64,
    pub gold_entities: usize,
    pub predicted_entities: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_case() {
        // gold: PER 0..2, LOC 3..4, ORG 5..6
        // pred: PER 0..2 (right), LOC 3..5 (wrong end: one fp and one fn), ORG 5..6 (right)
        let gold = ["B-PERS", "I-PERS", "O", "B-LOC", "O", "B-ORG"];
        let pred = ["B-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-ORG"];
        let mut s = Scorer::default();
        s.add(&gold, &pred);
        assert_eq!(s.total, Counts { tp: 2, fp: 1, fn_: 1 });
        let r = s.report();
        assert_eq!(r.precision, 66.67);
        assert_eq!(r.recall, 66.67);
        assert_eq!(r.f1, 66.67);
        assert_eq!(r.per_type["LOC"].f1, 0.0);
        assert_eq!(r.per_type["PER"].f1, 100.0);
        assert_eq!(r.tag_accuracy, 83.33);
    }

    #[test]
    fn type_errors_count_twice_and_empty_is_zero() {
        let mut s = Scorer::default();
        s.add(&["B-PER", "O"], &["B-LOC", "O"]);
        assert_eq!(s.total, Counts { tp: 0, fp: 1, fn_: 1 });
        assert_eq!(s.report().f1, 0.0);
        let mut s = Scorer::default();
        s.add(&["O"], &["O"]);
        assert_eq!(s.report().f1, 0.0);
        assert_eq!(s.report().tag_accuracy, 100.0);
    }

    #[test]
    fn micro_average_over_sentences() {
        let mut s = Scorer::default();
        s.add(&["B-PER", "I-PER"], &["B-PER", "I-PER"]);
        s.add(&["B-LOC", "O", "B-ORG"], &["B-LOC", "B-MISC", "O"]);
        // tp 2 (PER, LOC), fp 1 (MISC), fn 1 (ORG): P = R = F = 2/3
        assert_eq!(s.total, Counts { tp: 2, fp: 1, fn_: 1 });
        assert_eq!(s.report().f1, 66.67);
    }
}

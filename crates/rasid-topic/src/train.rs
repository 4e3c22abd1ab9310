//! Training: multinomial logistic regression by stochastic gradient descent over hashed
//! features, plus the document-frequency table keywords need.
//!
//! Logistic regression rather than a perceptron or naive Bayes because the analysis reports a
//! `confidence`, and its softmax probabilities are calibrated well enough to threshold on.

use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::model::{features, softmax, TopicMeta, TopicModel, FEATURES_VERSION};
use crate::terms::Term;

/// One training or evaluation document: its terms, where its title ends, its label.
pub struct Example {
    pub terms: Vec<Term>,
    pub title_end: usize,
    pub label: String,
}

#[derive(Clone, Debug)]
pub struct TrainOptions {
    pub dim_bits: u32,
    pub epochs: usize,
    /// Initial learning rate; it decays as 1 / (1 + t / examples).
    pub rate: f32,
    /// L2 penalty per update on the weights an example touches.
    pub l2: f32,
    pub seed: u64,
    /// Terms in fewer documents are left out of the frequency table (they get the unseen idf).
    pub min_df: u64,
    pub source: String,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            dim_bits: 17,
            epochs: 8,
            rate: 1.0,
            l2: 1e-6,
            seed: 1,
            min_df: 2,
            source: String::new(),
        }
    }
}

/// Accuracy, macro-F1 and per-label F1 of predictions against gold labels.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Scores {
    pub documents: usize,
    pub accuracy: f64,
    pub macro_f1: f64,
    pub per_label: BTreeMap<String, LabelScore>,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct LabelScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub support: usize,
}

/// Scores `(gold, predicted)` pairs.
pub fn score<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Scores {
    let mut tp: BTreeMap<&str, usize> = BTreeMap::new();
    let mut gold_n: BTreeMap<&str, usize> = BTreeMap::new();
    let mut pred_n: BTreeMap<&str, usize> = BTreeMap::new();
    let (mut n, mut right) = (0, 0);
    for (g, p) in pairs {
        n += 1;
        *gold_n.entry(g).or_default() += 1;
        *pred_n.entry(p).or_default() += 1;
        if g == p {
            right += 1;
            *tp.entry(g).or_default() += 1;
        }
    }
    let mut per_label = BTreeMap::new();
    for (&l, &support) in &gold_n {
        let t = *tp.get(l).unwrap_or(&0) as f64;
        let p = *pred_n.get(l).unwrap_or(&0) as f64;
        let precision = if p > 0.0 { t / p } else { 0.0 };
        let recall = t / support as f64;
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        per_label.insert(
            l.to_string(),
            LabelScore {
                precision,
                recall,
                f1,
                support,
            },
        );
    }
    let macro_f1 = if per_label.is_empty() {
        0.0
    } else {
        per_label.values().map(|s| s.f1).sum::<f64>() / per_label.len() as f64
    };
    Scores {
        documents: n,
        accuracy: if n > 0 { right as f64 / n as f64 } else { 0.0 },
        macro_f1,
        per_label,
    }
}

/// Per-epoch development scores.
#[derive(Clone, Debug, Default, Serialize)]
pub struct TrainReport {
    pub train_documents: usize,
    pub dev_documents: usize,
    pub epochs: Vec<Scores>,
}

/// Predicts every example of `dev` and scores it.
pub fn evaluate(model: &TopicModel, dev: &[Example]) -> Scores {
    let pred: Vec<&str> = dev
        .iter()
        .map(|e| model.classify(&e.terms, e.title_end).map(|x| x.0).unwrap_or(""))
        .collect();
    score(dev.iter().map(|e| e.label.as_str()).zip(pred))
}

/// Trains on `train`; after each epoch scores `dev` (if any) with `on_epoch`.
pub fn train(
    train: &[Example],
    dev: &[Example],
    o: &TrainOptions,
    mut on_epoch: impl FnMut(usize, &Scores),
) -> (TopicModel, TrainReport) {
    let labels: Vec<String> = train
        .iter()
        .map(|e| e.label.clone())
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let k = labels.len().max(1);
    let xs: Vec<Vec<(u32, f32)>> = train
        .iter()
        .map(|e| features(&e.terms, e.title_end, o.dim_bits))
        .collect();
    let ys: Vec<usize> = train
        .iter()
        .map(|e| labels.binary_search(&e.label).expect("label collected"))
        .collect();

    // Document frequencies over the training documents only.
    let mut df: BTreeMap<&str, u64> = BTreeMap::new();
    for e in train {
        let distinct: HashSet<&str> = e.terms.iter().map(|t| t.key.as_str()).collect();
        for t in distinct {
            *df.entry(t).or_default() += 1;
        }
    }
    let df = fst::Map::from_iter(df.into_iter().filter(|x| x.1 >= o.min_df)).expect("sorted unique keys");
    let meta = TopicMeta {
        labels: labels.clone(),
        dim_bits: o.dim_bits,
        features_version: FEATURES_VERSION,
        documents: train.len() as u64,
        source: o.source.clone(),
    };

    let mut w = vec![0f32; (1usize << o.dim_bits) * k];
    let mut bias = vec![0f32; k];
    let mut order: Vec<usize> = (0..xs.len()).collect();
    let mut rng = rasid_text::rng::Rng::new(o.seed);
    let mut report = TrainReport {
        train_documents: train.len(),
        dev_documents: dev.len(),
        epochs: Vec::new(),
    };
    let mut t = 0usize;
    let mut p = vec![0f32; k];
    for epoch in 0..o.epochs {
        rng.shuffle(&mut order);
        for &d in &order {
            let rate = o.rate / (1.0 + t as f32 / xs.len().max(1) as f32);
            t += 1;
            p.copy_from_slice(&bias);
            for &(i, v) in &xs[d] {
                for (pj, wj) in p.iter_mut().zip(&w[i as usize * k..(i as usize + 1) * k]) {
                    *pj += v * wj;
                }
            }
            softmax(&mut p);
            for j in 0..k {
                let g = p[j] - if j == ys[d] { 1.0 } else { 0.0 };
                bias[j] -= rate * g;
                for &(i, v) in &xs[d] {
                    let wij = &mut w[i as usize * k + j];
                    *wij -= rate * (g * v + o.l2 * *wij);
                }
            }
        }
        if !dev.is_empty() {
            let m = TopicModel::from_parts(meta.clone(), df.clone(), bias.clone(), &w);
            let s = evaluate(&m, dev);
            on_epoch(epoch + 1, &s);
            report.epochs.push(s);
        }
    }
    (TopicModel::from_parts(meta, df, bias, &w), report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_by_hand() {
        // gold a a b b c, predicted a b b b a: accuracy 3/5.
        // a: P 1/2 R 1/2 F 0.5; b: P 2/3 R 1 F 0.8; c: P 0 R 0 F 0 → macro 1.3/3.
        let s = score([("a", "a"), ("a", "b"), ("b", "b"), ("b", "b"), ("c", "a")]);
        assert!((s.accuracy - 0.6).abs() < 1e-9);
        assert!((s.per_label["b"].f1 - 0.8).abs() < 1e-9);
        assert!((s.macro_f1 - 1.3 / 3.0).abs() < 1e-9);
    }

    fn ex(words: &[&str], label: &str) -> Example {
        let mut at = 0;
        let terms = words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let t = Term {
                    key: w.to_string(),
                    token: i,
                    start: at,
                    end: at + w.len(),
                };
                at += w.len() + 1;
                t
            })
            .collect();
        Example {
            terms,
            title_end: 0,
            label: label.into(),
        }
    }

    #[test]
    fn learns_a_separable_toy_problem() {
        let docs: Vec<Example> = (0..40)
            .map(|i| {
                if i % 2 == 0 {
                    ex(&["مباراه", "هدف", "فريق"], "sport")
                } else {
                    ex(&["سهم", "بورصه", "نفط"], "economy")
                }
            })
            .collect();
        let dev = vec![ex(&["هدف", "فريق"], "sport"), ex(&["نفط", "بورصه"], "economy")];
        let o = TrainOptions {
            dim_bits: 10,
            ..Default::default()
        };
        let (m, report) = train(&docs, &dev, &o, |_, _| {});
        assert_eq!(report.epochs.last().unwrap().accuracy, 1.0);
        let (label, conf) = m.classify(&dev[0].terms, 0).unwrap();
        assert_eq!(label, "sport");
        assert!(conf > 0.8);
        // Same seed, same bytes.
        let (m2, _) = train(&docs, &dev, &o, |_, _| {});
        assert_eq!(m.to_bytes(), m2.to_bytes());
    }
}

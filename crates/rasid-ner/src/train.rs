//! Training: an averaged structured perceptron (Collins 2002) over the features of
//! [`crate::features`], first-order transitions, IOB2-constrained Viterbi. Deterministic
//! for a given seed: sentences are shuffled by a seeded generator, nothing else is random.

use std::collections::HashMap;

use crate::eval::Scorer;
use crate::features::{group, DocCounts, Extractor, Lexicons, SentenceFeatures, TokenView};
use crate::hash::{IdentityBuild, Rng};
use crate::model::{tag_index, viterbi, Model, ModelMeta, NT, TAGS};

/// A training or development sentence.
#[derive(Clone)]
pub struct Example {
    pub tokens: Vec<TokenView>,
    pub tags: Vec<usize>,
    /// Document features per token (see [`crate::features::document_counts`]), or empty.
    pub doc: Vec<DocCounts>,
    /// The genre of the text around (see [`crate::features::genres`]), or 0.
    pub genre: u8,
}

impl Example {
    /// From CoNLL tokens and tags; tags outside the four types become `O`.
    pub fn new(tokens: Vec<TokenView>, tags: &[String]) -> Example {
        Example {
            tokens,
            tags: tags.iter().map(|t| tag_index(t).unwrap_or(0)).collect(),
            doc: Vec::new(),
            genre: 0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct TrainConfig {
    pub epochs: usize,
    pub seed: u64,
    /// Feature groups (see [`crate::features::group`]).
    pub groups: u32,
    /// Features seen fewer times in training are dropped.
    pub min_feature_count: u32,
    /// Epochs of the second stage when they differ from `epochs` (a refit with the epochs
    /// each stage chose on development data).
    pub second_stage_epochs: Option<usize>,
    /// Perceptrons trained side by side, each on its own order of the sentences (the first
    /// with `seed`, the others with seeds drawn from it); the model is their mean. The
    /// scores of a linear model are linear in its weights, so the mean is exactly the
    /// ensemble that sums their scores, at the tagging cost of one model.
    pub ensemble: usize,
}

impl Default for TrainConfig {
    fn default() -> Self {
        TrainConfig {
            epochs: 12,
            seed: 1,
            groups: crate::features::group::ALL,
            min_feature_count: 1,
            second_stage_epochs: None,
            ensemble: 1,
        }
    }
}

/// Reported after each epoch.
#[derive(Clone, Debug)]
pub struct EpochReport {
    /// Which weight set: empty for a one-stage model, else "stage 1", "fold k/n", "stage 2".
    pub stage: String,
    pub epoch: usize,
    pub epochs: usize,
    pub train_errors: usize,
    pub dev_f1: Option<f64>,
}

/// The averaged weights after an epoch: (score, epoch, emissions, start, transitions).
type Snapshot = (f64, usize, Vec<f32>, [f32; NT], [[f32; NT]; NT]);

struct Indexed {
    feats: Vec<u32>,
    offsets: Vec<usize>,
    tags: Vec<usize>,
}

fn index_sentences(
    ex: &Extractor,
    data: &[Example],
    index: &mut HashMap<u64, u32, IdentityBuild>,
    counts: &HashMap<u64, u32, IdentityBuild>,
    min: u32,
    grow: bool,
) -> Vec<Indexed> {
    let mut sf = SentenceFeatures::default();
    data.iter()
        .map(|e| {
            ex.sentence_in(&e.tokens, &e.doc, e.genre, &mut sf);
            let mut feats = Vec::with_capacity(sf.feats.len());
            let mut offsets = Vec::with_capacity(sf.offsets.len());
            for i in 0..sf.len() {
                offsets.push(feats.len());
                for h in sf.token(i) {
                    let known = index.get(h).copied();
                    let id = match known {
                        Some(id) => Some(id),
                        None if grow && counts.get(h).copied().unwrap_or(0) >= min => {
                            let id = index.len() as u32;
                            index.insert(*h, id);
                            Some(id)
                        }
                        None => None,
                    };
                    feats.extend(id);
                }
            }
            offsets.push(feats.len());
            Indexed {
                feats,
                offsets,
                tags: e.tags.clone(),
            }
        })
        .collect()
}

struct Weights {
    w: Vec<f32>,
    u: Vec<f32>,
    start: [f32; NT],
    start_u: [f32; NT],
    trans: [[f32; NT]; NT],
    trans_u: [[f32; NT]; NT],
    c: f32,
}

fn emissions(w: &[f32], s: &Indexed) -> Vec<[f32; NT]> {
    (0..s.offsets.len() - 1)
        .map(|i| {
            let mut e = [0f32; NT];
            for &f in &s.feats[s.offsets[i]..s.offsets[i + 1]] {
                let row = &w[f as usize * NT..(f as usize + 1) * NT];
                for t in 0..NT {
                    e[t] += row[t];
                }
            }
            e
        })
        .collect()
}

/// The seed of an ensemble's member `k`: the seed itself for the first (so that an ensemble
/// of one is the plain model), then values drawn from it, so that the members of `--seed 1`
/// and `--seed 2` share nothing but chance.
fn member_seed(seed: u64, k: usize) -> u64 {
    let mut r = Rng::new(seed);
    (0..k).fold(seed, |_, _| r.next_u64())
}

/// The mean of the members' averaged weights.
fn mean_of(members: &[Weights]) -> (Vec<f32>, [f32; NT], [[f32; NT]; NT]) {
    let (mut w, mut start, mut trans) = members[0].averaged();
    for m in &members[1..] {
        let (w2, s2, t2) = m.averaged();
        w.iter_mut().zip(&w2).for_each(|(a, b)| *a += b);
        for t in 0..NT {
            start[t] += s2[t];
            for u in 0..NT {
                trans[t][u] += t2[t][u];
            }
        }
    }
    let k = members.len() as f32;
    if k > 1.0 {
        w.iter_mut().for_each(|a| *a /= k);
        start.iter_mut().for_each(|a| *a /= k);
        trans.iter_mut().flatten().for_each(|a| *a /= k);
    }
    (w, start, trans)
}

impl Weights {
    fn update(&mut self, s: &Indexed, pred: &[usize]) {
        let c = self.c;
        for i in 0..pred.len() {
            let (g, p) = (s.tags[i], pred[i]);
            if g != p {
                for &f in &s.feats[s.offsets[i]..s.offsets[i + 1]] {
                    let base = f as usize * NT;
                    self.w[base + g] += 1.0;
                    self.u[base + g] += c;
                    self.w[base + p] -= 1.0;
                    self.u[base + p] -= c;
                }
            }
            let (gp, pp) = if i == 0 {
                (None, None)
            } else {
                (Some(s.tags[i - 1]), Some(pred[i - 1]))
            };
            if (gp, g) != (pp, p) {
                match gp {
                    None => {
                        self.start[g] += 1.0;
                        self.start_u[g] += c;
                    }
                    Some(x) => {
                        self.trans[x][g] += 1.0;
                        self.trans_u[x][g] += c;
                    }
                }
                match pp {
                    None => {
                        self.start[p] -= 1.0;
                        self.start_u[p] -= c;
                    }
                    Some(x) => {
                        self.trans[x][p] -= 1.0;
                        self.trans_u[x][p] -= c;
                    }
                }
            }
        }
    }

    /// One pass over the training data in a fresh shuffle of `order`; returns the number of
    /// sentences tagged wrongly.
    fn epoch(&mut self, data: &[Indexed], order: &mut [usize], rng: &mut Rng) -> usize {
        rng.shuffle(order);
        let mut errors = 0;
        for &k in order.iter() {
            let s = &data[k];
            let pred = viterbi(&emissions(&self.w, s), &self.start, &self.trans);
            if pred != s.tags {
                errors += 1;
                self.update(s, &pred);
            }
            self.c += 1.0;
        }
        errors
    }

    /// The averaged weights: w − u / c.
    fn averaged(&self) -> (Vec<f32>, [f32; NT], [[f32; NT]; NT]) {
        let c = self.c.max(1.0);
        let w = self.w.iter().zip(&self.u).map(|(w, u)| w - u / c).collect();
        let mut start = [0f32; NT];
        let mut trans = [[0f32; NT]; NT];
        for t in 0..NT {
            start[t] = self.start[t] - self.start_u[t] / c;
            for s in 0..NT {
                trans[t][s] = self.trans[t][s] - self.trans_u[t][s] / c;
            }
        }
        (w, start, trans)
    }
}

fn dev_f1(w: &[f32], start: &[f32; NT], trans: &[[f32; NT]; NT], dev: &[Indexed]) -> f64 {
    let mut sc = Scorer::default();
    for s in dev {
        let pred = viterbi(&emissions(w, s), start, trans);
        let g: Vec<&str> = s.tags.iter().map(|&t| TAGS[t]).collect();
        let p: Vec<&str> = pred.iter().map(|&t| TAGS[t]).collect();
        sc.add(&g, &p);
    }
    sc.total.f1() * 100.0
}

/// One trained weight set: averaged weights of the best epoch, by feature hash.
pub(crate) struct Fitted {
    pub(crate) features: Vec<(u64, [f32; NT])>,
    pub(crate) start: [f32; NT],
    pub(crate) trans: [[f32; NT]; NT],
    pub(crate) best_epoch: usize,
    pub(crate) dev_f1: Option<f64>,
}

impl Fitted {
    /// Tags sentences with unquantised weights (for the folds of stacking).
    fn tag(&self, ex: &Extractor, data: &[Example]) -> Vec<Vec<usize>> {
        let index: HashMap<u64, usize, IdentityBuild> =
            self.features.iter().enumerate().map(|(i, (h, _))| (*h, i)).collect();
        let mut sf = SentenceFeatures::default();
        data.iter()
            .map(|e| {
                ex.sentence_in(&e.tokens, &e.doc, e.genre, &mut sf);
                let emit: Vec<[f32; NT]> = (0..sf.len())
                    .map(|i| {
                        let mut acc = [0f32; NT];
                        for h in sf.token(i) {
                            if let Some(&r) = index.get(h) {
                                for t in 0..NT {
                                    acc[t] += self.features[r].1[t];
                                }
                            }
                        }
                        acc
                    })
                    .collect();
                viterbi(&emit, &self.start, &self.trans)
            })
            .collect()
    }
}

/// Trains one weight set with the averaged perceptron. With a development set, the epoch
/// with the best development F1 is kept.
fn fit(
    ex: &Extractor,
    train: &[Example],
    dev: &[Example],
    cfg: &TrainConfig,
    stage: &str,
    progress: &mut dyn FnMut(&EpochReport),
) -> Fitted {
    let mut counts: HashMap<u64, u32, IdentityBuild> = HashMap::default();
    let mut sf = SentenceFeatures::default();
    for e in train {
        ex.sentence_in(&e.tokens, &e.doc, e.genre, &mut sf);
        for &h in &sf.feats {
            *counts.entry(h).or_default() += 1;
        }
    }
    let mut index: HashMap<u64, u32, IdentityBuild> = HashMap::default();
    let train_ix = index_sentences(ex, train, &mut index, &counts, cfg.min_feature_count, true);
    let dev_ix = index_sentences(ex, dev, &mut index, &counts, u32::MAX, false);
    let nf = index.len();
    let members = cfg.ensemble.max(1);
    let mut wts: Vec<Weights> = (0..members)
        .map(|_| Weights {
            w: vec![0.0; nf * NT],
            u: vec![0.0; nf * NT],
            start: [0.0; NT],
            start_u: [0.0; NT],
            trans: [[0.0; NT]; NT],
            trans_u: [[0.0; NT]; NT],
            c: 1.0,
        })
        .collect();
    let mut orders: Vec<(Vec<usize>, Rng)> = (0..members)
        .map(|k| ((0..train_ix.len()).collect(), Rng::new(member_seed(cfg.seed, k))))
        .collect();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(members);
    let mut best: Option<Snapshot> = None;
    for epoch in 1..=cfg.epochs {
        // Members are independent within an epoch: they train on as many threads as there
        // are cores, and the result does not depend on how many (each member's updates
        // depend on its own order only).
        let errors: usize = std::thread::scope(|scope| {
            let train_ix = &train_ix;
            let chunk = members.div_ceil(threads);
            let handles: Vec<_> = wts
                .chunks_mut(chunk)
                .zip(orders.chunks_mut(chunk))
                .map(|(ws, os)| {
                    scope.spawn(move || {
                        let mut errors = 0;
                        for (w, (order, rng)) in ws.iter_mut().zip(os.iter_mut()) {
                            errors += w.epoch(train_ix, order, rng);
                        }
                        errors
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().expect("training thread")).sum()
        });
        let (w, start, trans) = mean_of(&wts);
        let f1 = (!dev_ix.is_empty()).then(|| dev_f1(&w, &start, &trans, &dev_ix));
        progress(&EpochReport {
            stage: stage.to_string(),
            epoch,
            epochs: cfg.epochs,
            train_errors: errors / members,
            dev_f1: f1,
        });
        let score = f1.unwrap_or(epoch as f64);
        if best.as_ref().is_none_or(|b| score > b.0) {
            best = Some((score, epoch, w, start, trans));
        }
    }
    let (score, epoch, w, start, trans) = best.unwrap_or((0.0, 0, vec![0.0; nf * NT], [0.0; NT], [[0.0; NT]; NT]));
    let mut by_id: Vec<(u64, u32)> = index.into_iter().collect();
    by_id.sort_unstable_by_key(|x| x.1);
    let features = by_id
        .into_iter()
        .map(|(h, id)| {
            let mut row = [0f32; NT];
            row.copy_from_slice(&w[id as usize * NT..(id as usize + 1) * NT]);
            (h, row)
        })
        .collect();
    Fitted {
        features,
        start,
        trans,
        best_epoch: epoch,
        dev_f1: (!dev_ix.is_empty()).then_some((score * 100.0).round() / 100.0),
    }
}

/// Folds for the first stage's tags on the training data: each fold is tagged by a model
/// that did not see it, so the second stage learns how far to trust first-stage tags on
/// unseen text, not on memorised text.
const STACK_FOLDS: usize = 5;

/// Trains a model. With the document group on, two stages (stacking): the first without
/// document features; the second with document features computed from the first stage's
/// tags (on the training data from `STACK_FOLDS` held-out folds, contiguous so that a
/// document stays in one fold).
pub fn train(
    train: &[Example],
    dev: &[Example],
    lexicons: Lexicons,
    cfg: &TrainConfig,
    mut meta: ModelMeta,
    mut progress: impl FnMut(&EpochReport),
) -> Model {
    let stacked = cfg.groups & group::DOCUMENT != 0;
    let base = TrainConfig {
        groups: cfg.groups & !group::DOCUMENT,
        ..cfg.clone()
    };
    let ex1 = Extractor {
        lexicons: &lexicons,
        groups: base.groups,
    };
    // The first stage's data: the examples without document features.
    let plain = |data: &[Example]| -> Vec<Example> {
        data.iter()
            .map(|e| Example {
                doc: Vec::new(),
                ..e.clone()
            })
            .collect()
    };
    let (mut train1, mut dev1) = (plain(train), plain(dev));
    for data in [&mut train1, &mut dev1] {
        let views: Vec<&[TokenView]> = data.iter().map(|e| e.tokens.as_slice()).collect();
        let genres = ex1.genres(&views);
        for (e, g) in data.iter_mut().zip(genres) {
            e.genre = g;
        }
    }
    let first = fit(
        &ex1,
        &train1,
        &dev1,
        &base,
        if stacked { "stage 1" } else { "" },
        &mut progress,
    );
    meta.epochs = cfg.epochs;
    meta.seed = cfg.seed;
    meta.ensemble = cfg.ensemble.max(1);
    meta.groups = cfg.groups;
    meta.stage1_best_epoch = first.best_epoch;
    if !stacked {
        meta.best_epoch = first.best_epoch;
        meta.dev_f1 = first.dev_f1;
        return Model::from_parts(meta, lexicons, vec![first]);
    }
    let window = meta.document_window.max(1);
    // First-stage tags: held-out folds for the training data, the full first stage for dev.
    let n = train1.len();
    let mut train_tags: Vec<Vec<usize>> = Vec::with_capacity(n);
    for k in 0..STACK_FOLDS {
        let (a, b) = (n * k / STACK_FOLDS, n * (k + 1) / STACK_FOLDS);
        let rest: Vec<Example> = train1[..a].iter().chain(&train1[b..]).cloned().collect();
        let m = fit(
            &ex1,
            &rest,
            &dev1,
            &base,
            &format!("fold {}/{STACK_FOLDS}", k + 1),
            &mut progress,
        );
        train_tags.extend(m.tag(&ex1, &train1[a..b]));
    }
    let dev_tags = first.tag(&ex1, &dev1);
    let with_doc = |data: Vec<Example>, tags: &[Vec<usize>]| -> Vec<Example> {
        let views: Vec<&[TokenView]> = data.iter().map(|e| e.tokens.as_slice()).collect();
        let counts = crate::features::document_counts(&views, tags, window);
        data.into_iter()
            .zip(counts)
            .map(|(mut e, c)| {
                e.doc = c;
                e
            })
            .collect()
    };
    let (train2, dev2) = (with_doc(train1, &train_tags), with_doc(dev1, &dev_tags));
    let ex2 = Extractor {
        lexicons: &lexicons,
        groups: cfg.groups,
    };
    let cfg2 = TrainConfig {
        epochs: cfg.second_stage_epochs.unwrap_or(cfg.epochs),
        ..cfg.clone()
    };
    let second = fit(&ex2, &train2, &dev2, &cfg2, "stage 2", &mut progress);
    meta.stage1_dev_f1 = first.dev_f1;
    meta.best_epoch = second.best_epoch;
    meta.dev_f1 = second.dev_f1;
    Model::from_parts(meta, lexicons, vec![first, second])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(w: &str) -> TokenView {
        TokenView::plain(w)
    }

    fn data() -> Vec<Example> {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut out = Vec::new();
        for (name, verb) in [("سمير", "قال"), ("منى", "أكدت"), ("خالد", "قال"), ("هند", "زارت")]
        {
            out.push(Example::new(
                [verb, name, "إن", "باريس", "جميلة"].map(view).to_vec(),
                &tags(&["O", "B-PERS", "O", "B-LOC", "O"]),
            ));
            out.push(Example::new(
                [name, "في", "مدينة", "باريس"].map(view).to_vec(),
                &tags(&["B-PERS", "O", "O", "B-LOC"]),
            ));
        }
        out
    }

    #[test]
    fn an_ensemble_is_the_mean_of_its_members() {
        let lex = Lexicons::empty();
        let ex = Extractor {
            lexicons: &lex,
            groups: group::ALL & !group::DOCUMENT,
        };
        let data = data();
        let cfg = |seed, ensemble| TrainConfig {
            epochs: 3,
            seed,
            ensemble,
            ..TrainConfig::default()
        };
        let fit_with = |c: TrainConfig| fit(&ex, &data, &[], &c, "", &mut |_| {});
        let (a, b) = (fit_with(cfg(1, 1)), fit_with(cfg(member_seed(1, 1), 1)));
        let both = fit_with(cfg(1, 2));
        // The orders differ, so the members do (otherwise the test would prove nothing).
        assert!(a.features.iter().zip(&b.features).any(|(x, y)| x.1 != y.1));
        assert_eq!(both.features.len(), a.features.len());
        for ((x, y), m) in a.features.iter().zip(&b.features).zip(&both.features) {
            assert_eq!((x.0, y.0), (m.0, m.0), "one feature index for all members");
            for t in 0..NT {
                assert!((m.1[t] - (x.1[t] + y.1[t]) / 2.0).abs() < 1e-4);
            }
        }
        for t in 0..NT {
            assert!((both.start[t] - (a.start[t] + b.start[t]) / 2.0).abs() < 1e-4);
        }
        // The members of seed 1 and seed 2 differ (consecutive seeds once shared four of five).
        let m1: Vec<u64> = (0..5).map(|k| member_seed(1, k)).collect();
        let m2: Vec<u64> = (0..5).map(|k| member_seed(2, k)).collect();
        assert_eq!((m1[0], m2[0]), (1, 2));
        assert!(m1.iter().all(|x| !m2.contains(x)));
        // And it is deterministic.
        let again = fit_with(cfg(1, 2));
        assert!(again.features.iter().zip(&both.features).all(|(x, y)| x == y));
    }
}

//! The runtime tagger model: feature weights, tag transitions, and the gazetteer, word
//! clusters and entity priors its features were trained with, in one versioned file.
//!
//! ```text
//! magic     8 bytes  "RASIDNER"
//! version   u32      FORMAT_VERSION
//! checksum  u64      FNV-1a over the payload
//! length    u64      payload length
//! payload:
//!   header    u32 length + JSON (ModelMeta)
//!   gazetteer u64 length + fst map bytes
//!   clusters  u64 length + fst map bytes
//!   priors    u64 length + fst map bytes
//!   features  u64 count n, then n sorted u64 feature hashes
//!   weights   n × TAGS i16, then scale f32 (weight = i16 × scale)
//!   start     TAGS f32;  transitions TAGS × TAGS f32 (from row to column)
//! ```
//! All integers little endian.

use rasid_text::binary::{Cursor, Truncated};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::clusters::Clusters;
use crate::features::{Extractor, Lexicons, SentenceFeatures, TokenView};
use crate::gazetteer::Gazetteer;
use crate::hash::IdentityBuild;
use crate::priors::Priors;

pub const MAGIC: &[u8; 8] = b"RASIDNER";
pub const FORMAT_VERSION: u32 = 2;

/// The tag set, IOB2 over four types.
pub const TAGS: [&str; 9] = [
    "O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-ORG", "I-ORG", "B-MISC", "I-MISC",
];
pub const NT: usize = TAGS.len();

/// The index of a tag, reading ANERcorp's `PERS` as `PER`; other types are not ours.
pub fn tag_index(t: &str) -> Option<usize> {
    let t = match t {
        "B-PERS" => "B-PER",
        "I-PERS" => "I-PER",
        other => other,
    };
    TAGS.iter().position(|x| *x == t)
}

/// IOB2: `I-X` only after `B-X` or `I-X`.
#[inline]
pub fn allowed(prev: Option<usize>, cur: usize) -> bool {
    if cur == 0 || cur % 2 == 1 {
        return true;
    }
    matches!(prev, Some(p) if p == cur || p + 1 == cur)
}

impl From<rasid_text::binary::EnvelopeError> for ModelError {
    fn from(e: rasid_text::binary::EnvelopeError) -> Self {
        use rasid_text::binary::EnvelopeError as E;
        match e {
            E::BadMagic => ModelError::BadMagic,
            E::Version { found, expected } => ModelError::Version { found, expected },
            E::Truncated(what) => ModelError::Truncated(what),
            E::Corrupt(what) => ModelError::Corrupt(what.into()),
        }
    }
}

impl From<Truncated> for ModelError {
    fn from(t: Truncated) -> Self {
        ModelError::Truncated(t.0)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error("not a rasid tagger model (bad magic string); retrain it with `rasid train ner`")]
    BadMagic,
    #[error("tagger model format version {found} is not supported (this build reads {expected}); retrain it with `rasid train ner`")]
    Version { found: u32, expected: u32 },
    #[error("tagger model was trained with feature set {found}, this build computes feature set {expected}; retrain it with `rasid train ner`")]
    Features { found: u32, expected: u32 },
    #[error("tagger model is truncated: {0}")]
    Truncated(&'static str),
    #[error("tagger model is corrupt: {0}")]
    Corrupt(String),
}

/// Models written before ensembles were one perceptron.
fn one() -> usize {
    1
}

/// What the model was trained on and how; stored in the file, shown by `rasid train`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelMeta {
    pub tags: Vec<String>,
    pub features_version: u32,
    pub groups: u32,
    pub gazetteer_max_words: usize,
    pub train: String,
    /// Silver training data added to `train` (never held out).
    #[serde(default)]
    pub silver: Vec<String>,
    pub dev: Option<String>,
    pub epochs: usize,
    pub best_epoch: usize,
    pub dev_f1: Option<f64>,
    pub seed: u64,
    /// Perceptrons averaged into the weights (see [`crate::train::TrainConfig::ensemble`]).
    #[serde(default = "one")]
    pub ensemble: usize,
    pub features: usize,
    /// Features none of whose weights (in any stage) reached this fraction of their stage's
    /// largest weight were dropped from the file (0: only features whose weights all quantise
    /// to 0). `dev_f1` was measured before pruning.
    #[serde(default)]
    pub prune: f32,
    pub command: String,
    /// Sentences before and after a sentence whose first-stage tags give its document
    /// features (two-stage models).
    #[serde(default)]
    pub document_window: usize,
    /// Development F1 of the first stage alone (two-stage models).
    #[serde(default)]
    pub stage1_dev_f1: Option<f64>,
    /// The epoch of the first stage's weights (equal to `best_epoch` in a one-stage model).
    #[serde(default)]
    pub stage1_best_epoch: usize,
    /// The weights were trained again on training and development data together, each
    /// stage for the epochs it chose on the development data; `dev_f1` and
    /// `stage1_dev_f1` are those of the model trained without the development data.
    #[serde(default)]
    pub refit: bool,
}

pub struct Model {
    pub meta: ModelMeta,
    pub lexicons: Lexicons,
    index: HashMap<u64, u32, IdentityBuild>,
    keys: Vec<u64>,
    /// `weights[(row * stages + stage) * NT + tag]`: a feature's rows of all stages together,
    /// so that one look-up serves both.
    weights: Vec<i16>,
    stages: Vec<Stage>,
}

/// One stage's weight scale (weight = i16 × scale) and tag transitions.
#[derive(Clone, Debug, PartialEq)]
struct Stage {
    scale: f32,
    start: [f32; NT],
    trans: [[f32; NT]; NT],
}

/// At most two stages: the first without document features, the second with them.
const MAX_STAGES: usize = 2;

impl Model {
    /// Builds a model from trained weight sets (one per stage).
    pub(crate) fn from_parts(meta: ModelMeta, lexicons: Lexicons, fitted: Vec<crate::train::Fitted>) -> Model {
        let ns = fitted.len();
        assert!((1..=MAX_STAGES).contains(&ns), "one or two stages");
        let mut stages = Vec::with_capacity(ns);
        let mut rows: std::collections::BTreeMap<u64, Vec<i16>> = Default::default();
        for (k, f) in fitted.iter().enumerate() {
            let max = f
                .features
                .iter()
                .flat_map(|(_, w)| w.iter())
                .fold(0f32, |m, w| m.max(w.abs()))
                .max(1e-9);
            let scale = max / 32767.0;
            for (h, w) in &f.features {
                let row = rows.entry(*h).or_insert_with(|| vec![0; ns * NT]);
                for t in 0..NT {
                    row[k * NT + t] = (w[t] / scale).round().clamp(-32767.0, 32767.0) as i16;
                }
            }
            stages.push(Stage {
                scale,
                start: f.start,
                trans: f.trans,
            });
        }
        // Each stage's largest weight is ±32767, so a fraction of it is one threshold for all.
        let keep = ((meta.prune.clamp(0.0, 1.0) * 32767.0).round() as i16).max(1);
        rows.retain(|_, r| r.iter().any(|&x| x.abs() >= keep));
        let keys: Vec<u64> = rows.keys().copied().collect();
        let weights: Vec<i16> = rows.into_values().flatten().collect();
        let mut meta = meta;
        meta.features = keys.len();
        meta.tags = TAGS.iter().map(|s| s.to_string()).collect();
        meta.features_version = crate::features::FEATURES_VERSION;
        meta.gazetteer_max_words = lexicons.gazetteer.max_words();
        Model::assemble(meta, lexicons, keys, weights, stages)
    }

    /// The model from its stored parts, with the look-up index built over the feature keys.
    fn assemble(meta: ModelMeta, lexicons: Lexicons, keys: Vec<u64>, weights: Vec<i16>, stages: Vec<Stage>) -> Model {
        let index = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        Model {
            meta,
            lexicons,
            index,
            keys,
            weights,
            stages,
        }
    }

    /// Number of stages: 1, or 2 with document features.
    pub fn stages(&self) -> usize {
        self.stages.len()
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        let header = serde_json::to_vec(&self.meta).expect("meta serialises");
        p.extend_from_slice(&(header.len() as u32).to_le_bytes());
        p.extend_from_slice(&header);
        let l = &self.lexicons;
        for section in [l.gazetteer.fst_bytes(), l.clusters.fst_bytes(), l.priors.fst_bytes()] {
            p.extend_from_slice(&(section.len() as u64).to_le_bytes());
            p.extend_from_slice(section);
        }
        p.extend_from_slice(&(self.stages.len() as u32).to_le_bytes());
        p.extend_from_slice(&(self.keys.len() as u64).to_le_bytes());
        for k in &self.keys {
            p.extend_from_slice(&k.to_le_bytes());
        }
        for w in &self.weights {
            p.extend_from_slice(&w.to_le_bytes());
        }
        for st in &self.stages {
            p.extend_from_slice(&st.scale.to_le_bytes());
            for s in st.start {
                p.extend_from_slice(&s.to_le_bytes());
            }
            for row in st.trans {
                for t in row {
                    p.extend_from_slice(&t.to_le_bytes());
                }
            }
        }
        rasid_text::binary::seal(MAGIC, FORMAT_VERSION, &p)
    }

    /// Loads a model file. Never panics: short, foreign or damaged bytes give an error.
    pub fn from_bytes(b: &[u8]) -> Result<Model, ModelError> {
        let payload = rasid_text::binary::open(b, MAGIC, FORMAT_VERSION)?;
        let mut c = Cursor::new(payload);
        let hlen = c.u32("header length")? as usize;
        let meta: ModelMeta =
            serde_json::from_slice(c.take(hlen, "header")?).map_err(|e| ModelError::Corrupt(format!("header: {e}")))?;
        if meta.tags != TAGS {
            return Err(ModelError::Corrupt(format!("unexpected tag set {:?}", meta.tags)));
        }
        if meta.features_version != crate::features::FEATURES_VERSION {
            return Err(ModelError::Features {
                found: meta.features_version,
                expected: crate::features::FEATURES_VERSION,
            });
        }
        let n = c.len("gazetteer length")?;
        let gazetteer =
            Gazetteer::from_fst_bytes(c.take(n, "gazetteer")?.to_vec(), meta.gazetteer_max_words.clamp(1, 8))
                .map_err(|e| ModelError::Corrupt(format!("gazetteer: {e}")))?;
        let n = c.len("clusters length")?;
        let clusters = Clusters::from_fst_bytes(c.take(n, "clusters")?.to_vec())
            .map_err(|e| ModelError::Corrupt(format!("clusters: {e}")))?;
        let n = c.len("priors length")?;
        let priors = Priors::from_fst_bytes(c.take(n, "priors")?.to_vec())
            .map_err(|e| ModelError::Corrupt(format!("priors: {e}")))?;
        let ns = c.u32("stage count")? as usize;
        if !(1..=MAX_STAGES).contains(&ns) {
            return Err(ModelError::Corrupt(format!("{ns} stages (one or two expected)")));
        }
        if (ns == 2) != (meta.groups & crate::features::group::DOCUMENT != 0) {
            return Err(ModelError::Corrupt(
                "the stage count does not match the document feature group".into(),
            ));
        }
        let n = c.u64("feature count")?;
        if n.saturating_mul(8 + 2 * (ns * NT) as u64) > c.remaining() as u64 {
            return Err(ModelError::Truncated("features"));
        }
        let n = n as usize;
        let keys: Vec<u64> = c
            .take(n * 8, "features")?
            .chunks_exact(8)
            .map(|x| u64::from_le_bytes(x.try_into().expect("8")))
            .collect();
        let weights: Vec<i16> = c
            .take(n * ns * NT * 2, "weights")?
            .chunks_exact(2)
            .map(|x| i16::from_le_bytes([x[0], x[1]]))
            .collect();
        let mut stages = Vec::with_capacity(ns);
        for _ in 0..ns {
            let scale = c.f32("scale")?;
            if !scale.is_finite() || scale <= 0.0 {
                return Err(ModelError::Corrupt("weight scale is not a positive number".into()));
            }
            let mut start = [0f32; NT];
            for s in &mut start {
                *s = c.f32("start weights")?;
            }
            let mut trans = [[0f32; NT]; NT];
            for row in &mut trans {
                for t in row.iter_mut() {
                    *t = c.f32("transitions")?;
                }
            }
            if start.iter().chain(trans.iter().flatten()).any(|x| !x.is_finite()) {
                return Err(ModelError::Corrupt("non-finite transition weight".into()));
            }
            stages.push(Stage { scale, start, trans });
        }
        if c.remaining() != 0 {
            return Err(ModelError::Corrupt("unexpected bytes after the transitions".into()));
        }
        let lexicons = Lexicons {
            gazetteer,
            clusters,
            priors,
        };
        Ok(Model::assemble(meta, lexicons, keys, weights, stages))
    }

    /// The feature extractor of the first stage (all groups but the document group).
    pub fn extractor(&self) -> Extractor<'_> {
        Extractor {
            lexicons: &self.lexicons,
            groups: self.meta.groups & !crate::features::group::DOCUMENT,
        }
    }

    /// Adds the stored weights of `feats` for every stage to `acc`.
    #[inline]
    fn accumulate(&self, feats: &[u64], acc: &mut [[i32; NT]; MAX_STAGES]) {
        let ns = self.stages.len();
        for h in feats {
            if let Some(&row) = self.index.get(h) {
                let base = row as usize * ns * NT;
                for (k, a) in acc.iter_mut().enumerate().take(ns) {
                    let w = &self.weights[base + k * NT..base + (k + 1) * NT];
                    for t in 0..NT {
                        a[t] += w[t] as i32;
                    }
                }
            }
        }
    }

    /// Tags a stream of sentences in order: an article, or a CoNLL file. A two-stage model
    /// gives each sentence document features from the first stage's tags of the sentences
    /// up to `meta.document_window` before and after it.
    pub fn tag<S: AsRef<[TokenView]>>(&self, sentences: &[S]) -> Vec<Vec<usize>> {
        let ex = self.extractor();
        let mut sf = SentenceFeatures::default();
        let mut first = Vec::with_capacity(sentences.len());
        let mut second_acc: Vec<Vec<[i32; NT]>> = Vec::new();
        let st0 = &self.stages[0];
        let two = self.stages.len() > 1;
        let genres = ex.genres(sentences);
        for (s, &genre) in sentences.iter().zip(&genres) {
            ex.sentence_in(s.as_ref(), &[], genre, &mut sf);
            let n = sf.len();
            let mut emit = Vec::with_capacity(n);
            let mut acc2 = Vec::new();
            for i in 0..n {
                let mut acc = [[0i32; NT]; MAX_STAGES];
                self.accumulate(sf.token(i), &mut acc);
                emit.push(acc[0].map(|x| x as f32 * st0.scale));
                if two {
                    acc2.push(acc[1]);
                }
            }
            first.push(viterbi(&emit, &st0.start, &st0.trans));
            if two {
                second_acc.push(acc2);
            }
        }
        let Some(st1) = self.stages.get(1) else {
            return first;
        };
        let counts = crate::features::document_counts(sentences, &first, self.meta.document_window.max(1));
        let mut f = Vec::new();
        second_acc
            .into_iter()
            .zip(counts)
            .map(|(acc2, c)| {
                let emit: Vec<[f32; NT]> = acc2
                    .into_iter()
                    .zip(&c)
                    .map(|(a, c)| {
                        f.clear();
                        crate::features::document_features(c, &mut f);
                        let mut acc = [[0i32; NT]; MAX_STAGES];
                        acc[1] = a;
                        self.accumulate(&f, &mut acc);
                        acc[1].map(|x| x as f32 * st1.scale)
                    })
                    .collect();
                viterbi(&emit, &st1.start, &st1.trans)
            })
            .collect()
    }
}

/// First-order Viterbi with the IOB2 constraint.
pub(crate) fn viterbi(emit: &[[f32; NT]], start: &[f32; NT], trans: &[[f32; NT]; NT]) -> Vec<usize> {
    let n = emit.len();
    if n == 0 {
        return Vec::new();
    }
    let mut score = vec![[f32::NEG_INFINITY; NT]; n];
    let mut back = vec![[0u8; NT]; n];
    for t in 0..NT {
        if allowed(None, t) {
            score[0][t] = start[t] + emit[0][t];
        }
    }
    for i in 1..n {
        for t in 0..NT {
            let mut best = (f32::NEG_INFINITY, 0u8);
            for p in 0..NT {
                if !allowed(Some(p), t) || score[i - 1][p] == f32::NEG_INFINITY {
                    continue;
                }
                let s = score[i - 1][p] + trans[p][t];
                if s > best.0 {
                    best = (s, p as u8);
                }
            }
            score[i][t] = best.0 + emit[i][t];
            back[i][t] = best.1;
        }
    }
    let mut last = (0..NT)
        .max_by(|&a, &b| score[n - 1][a].total_cmp(&score[n - 1][b]))
        .unwrap_or(0);
    let mut out = vec![0; n];
    for i in (0..n).rev() {
        out[i] = last;
        last = back[i][last] as usize;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::TokenView;
    use crate::gazetteer::GazetteerBuilder;
    use crate::train::{train, Example, TrainConfig};

    fn view(w: &str) -> TokenView {
        TokenView::plain(w)
    }

    fn tiny() -> Model {
        tiny_with(TrainConfig::default().groups)
    }

    fn tiny_with(groups: u32) -> Model {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut data = Vec::new();
        for name in ["سمير", "خالد", "منى", "هند"] {
            data.push(Example::new(
                ["قال", name, "إن", "باريس", "جميلة"].iter().map(|w| view(w)).collect(),
                &tags(&["O", "B-PERS", "O", "B-LOC", "O"]),
            ));
        }
        let mut g = GazetteerBuilder::default();
        g.add("باريس", crate::gazetteer::LOC);
        let cfg = TrainConfig {
            epochs: 5,
            groups,
            ..TrainConfig::default()
        };
        let lexicons = Lexicons {
            gazetteer: g.build(),
            ..Lexicons::empty()
        };
        train(&data, &[], lexicons, &cfg, ModelMeta::default(), |_| {})
    }

    #[test]
    fn trains_round_trips_and_tags() {
        let m = tiny();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.meta, m.meta);
        let tags: Vec<&str> = back.tag(&[["قال", "سمير", "إن", "باريس", "جميلة"].map(view)])[0]
            .iter()
            .map(|&t| TAGS[t])
            .collect();
        assert_eq!(tags, ["O", "B-PER", "O", "B-LOC", "O"]);
        assert_eq!(back.to_bytes(), bytes, "serialisation is deterministic");
    }

    #[test]
    fn two_stage_models_round_trip_and_tag_documents() {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut data = Vec::new();
        for name in ["سمير", "خالد", "منى", "هند", "رامي"] {
            data.push(Example::new(
                ["قال", name, "إن", "باريس", "جميلة"].iter().map(|w| view(w)).collect(),
                &tags(&["O", "B-PERS", "O", "B-LOC", "O"]),
            ));
            data.push(Example::new(
                [name, "في", "باريس"].iter().map(|w| view(w)).collect(),
                &tags(&["B-PERS", "O", "B-LOC"]),
            ));
        }
        let cfg = TrainConfig {
            epochs: 5,
            ..TrainConfig::default()
        };
        let meta = ModelMeta {
            document_window: 3,
            ..ModelMeta::default()
        };
        let m = train(&data, &data[..2], Lexicons::empty(), &cfg, meta, |_| {});
        assert_eq!(m.stages(), 2);
        assert!(m.meta.stage1_dev_f1.is_some());
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.stages(), 2);
        assert_eq!(back.to_bytes(), bytes);
        let doc = [
            ["قال", "سمير", "إن", "باريس", "جميلة"].map(view).to_vec(),
            ["سمير", "في", "باريس"].map(view).to_vec(),
        ];
        let out: Vec<Vec<&str>> = back
            .tag(&doc)
            .into_iter()
            .map(|s| s.into_iter().map(|t| TAGS[t]).collect())
            .collect();
        assert_eq!(out[0], ["O", "B-PER", "O", "B-LOC", "O"]);
        assert_eq!(out[1], ["B-PER", "O", "B-LOC"]);
        assert!(back.tag::<Vec<TokenView>>(&[]).is_empty());
        // A two-stage file whose header denies the document group is refused.
        let mut two = back;
        two.meta.groups &= !crate::features::group::DOCUMENT;
        assert!(matches!(
            Model::from_bytes(&two.to_bytes()),
            Err(ModelError::Corrupt(_))
        ));
    }

    #[test]
    fn pruning_drops_only_small_weights() {
        let full = tiny_with(crate::features::group::ALL & !crate::features::group::DOCUMENT);
        assert_eq!(full.stages(), 1);
        let largest = |m: &Model, r: usize| (0..NT).map(|t| m.weights[r * NT + t].unsigned_abs()).max().unwrap();
        // A threshold between the rows' largest weights, so that some go and some stay.
        let mut maxima: Vec<u16> = (0..full.keys.len()).map(|r| largest(&full, r)).collect();
        maxima.sort_unstable();
        maxima.dedup();
        assert!(maxima.len() >= 2, "the tiny model has rows of different strength");
        let threshold = maxima[maxima.len() / 2];
        let mut meta = full.meta.clone();
        meta.prune = threshold as f32 / 32767.0;
        let lexicons = Lexicons::empty();
        // The same weights again, pruned: rebuild them from the full model's rows.
        let fitted = crate::train::Fitted {
            features: full
                .keys
                .iter()
                .enumerate()
                .map(|(r, &k)| {
                    let mut row = [0f32; NT];
                    for (t, w) in row.iter_mut().enumerate() {
                        *w = full.weights[r * NT + t] as f32 * full.stages[0].scale;
                    }
                    (k, row)
                })
                .collect(),
            start: full.stages[0].start,
            trans: full.stages[0].trans,
            best_epoch: 1,
            dev_f1: None,
        };
        let pruned = Model::from_parts(meta, lexicons, vec![fitted]);
        assert!(pruned.meta.features < full.meta.features, "something was pruned");
        assert!(pruned.meta.features > 0, "not everything");
        for (r, k) in full.keys.iter().enumerate() {
            let kept = pruned.index.contains_key(k);
            assert_eq!(kept, largest(&full, r) >= threshold, "row {r}");
        }
        let back = Model::from_bytes(&pruned.to_bytes()).unwrap();
        assert_eq!(back.meta.prune, threshold as f32 / 32767.0);
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let bytes = tiny().to_bytes();
        assert!(matches!(Model::from_bytes(b"RASID"), Err(ModelError::Truncated(_))));
        assert!(matches!(
            Model::from_bytes(b"NOTAMODEL-----------------------"),
            Err(ModelError::BadMagic)
        ));
        let mut v = bytes.clone();
        v[8] = 7;
        assert!(matches!(
            Model::from_bytes(&v),
            Err(ModelError::Version { found: 7, .. })
        ));
        for cut in [0, 9, 20, 28, bytes.len() / 2, bytes.len() - 1] {
            assert!(Model::from_bytes(&bytes[..cut]).is_err());
        }
        for at in (28..bytes.len()).step_by(97) {
            let mut v = bytes.clone();
            v[at] ^= 0x5a;
            assert!(Model::from_bytes(&v).is_err(), "flip at {at} went unnoticed");
        }
    }

    #[test]
    fn viterbi_never_emits_an_invalid_i_tag() {
        // Emissions that prefer I-PER everywhere: the decoder must start with B-PER or O.
        let emit = vec![[0.0, 0.0, 5.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]; 3];
        let out = viterbi(&emit, &[0.0; NT], &[[0.0; NT]; NT]);
        assert!(out[0] != 2);
        for w in out.windows(2) {
            assert!(allowed(Some(w[0]), w[1]));
        }
    }
}

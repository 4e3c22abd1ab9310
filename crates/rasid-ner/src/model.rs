//! The runtime tagger model: feature weights, tag transitions, and the gazetteer and word
//! clusters its features were trained with, in one versioned file.
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
//!   features  u64 count n, then n sorted u64 feature hashes
//!   weights   n × TAGS i16, then scale f32 (weight = i16 × scale)
//!   start     TAGS f32;  transitions TAGS × TAGS f32 (from row to column)
//! ```
//! All integers little endian.

use rasid_text::binary::{Cursor, Truncated};
use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::clusters::Clusters;
use crate::features::{Extractor, SentenceFeatures};
use crate::gazetteer::Gazetteer;
use crate::hash::IdentityBuild;

pub const MAGIC: &[u8; 8] = b"RASIDNER";
pub const FORMAT_VERSION: u32 = 1;

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

/// What the model was trained on and how; stored in the file, shown by `rasid train`.
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ModelMeta {
    pub tags: Vec<String>,
    pub features_version: u32,
    pub groups: u32,
    pub gazetteer_max_words: usize,
    pub train: String,
    pub dev: Option<String>,
    pub epochs: usize,
    pub best_epoch: usize,
    pub dev_f1: Option<f64>,
    pub seed: u64,
    pub features: usize,
    pub command: String,
}

pub struct Model {
    pub meta: ModelMeta,
    pub gazetteer: Gazetteer,
    pub clusters: Clusters,
    index: HashMap<u64, u32, IdentityBuild>,
    keys: Vec<u64>,
    weights: Vec<i16>,
    scale: f32,
    pub(crate) start: [f32; NT],
    pub(crate) trans: [[f32; NT]; NT],
}

impl Model {
    /// Builds a model from trained weights (`weights[f * NT + t]`).
    pub(crate) fn from_parts(
        meta: ModelMeta,
        gazetteer: Gazetteer,
        clusters: Clusters,
        features: Vec<(u64, [f32; NT])>,
        start: [f32; NT],
        trans: [[f32; NT]; NT],
    ) -> Model {
        let max = features
            .iter()
            .flat_map(|(_, w)| w.iter())
            .fold(0f32, |m, w| m.max(w.abs()))
            .max(1e-9);
        let scale = max / 32767.0;
        let mut rows: Vec<(u64, [i16; NT])> = features
            .into_iter()
            .map(|(k, w)| (k, w.map(|x| (x / scale).round().clamp(-32767.0, 32767.0) as i16)))
            .filter(|(_, q)| q.iter().any(|&x| x != 0))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let keys: Vec<u64> = rows.iter().map(|r| r.0).collect();
        let weights: Vec<i16> = rows.iter().flat_map(|r| r.1).collect();
        let mut meta = meta;
        meta.features = keys.len();
        meta.tags = TAGS.iter().map(|s| s.to_string()).collect();
        meta.features_version = crate::features::FEATURES_VERSION;
        meta.gazetteer_max_words = gazetteer.max_words();
        Model::assemble(meta, gazetteer, clusters, keys, weights, scale, start, trans)
    }

    /// The model from its stored parts, with the look-up index built over the feature keys.
    #[allow(clippy::too_many_arguments)]
    fn assemble(
        meta: ModelMeta,
        gazetteer: Gazetteer,
        clusters: Clusters,
        keys: Vec<u64>,
        weights: Vec<i16>,
        scale: f32,
        start: [f32; NT],
        trans: [[f32; NT]; NT],
    ) -> Model {
        let index = keys.iter().enumerate().map(|(i, &k)| (k, i as u32)).collect();
        Model {
            meta,
            gazetteer,
            clusters,
            index,
            keys,
            weights,
            scale,
            start,
            trans,
        }
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        let header = serde_json::to_vec(&self.meta).expect("meta serialises");
        p.extend_from_slice(&(header.len() as u32).to_le_bytes());
        p.extend_from_slice(&header);
        for section in [self.gazetteer.fst_bytes(), self.clusters.fst_bytes()] {
            p.extend_from_slice(&(section.len() as u64).to_le_bytes());
            p.extend_from_slice(section);
        }
        p.extend_from_slice(&(self.keys.len() as u64).to_le_bytes());
        for k in &self.keys {
            p.extend_from_slice(&k.to_le_bytes());
        }
        for w in &self.weights {
            p.extend_from_slice(&w.to_le_bytes());
        }
        p.extend_from_slice(&self.scale.to_le_bytes());
        for s in self.start {
            p.extend_from_slice(&s.to_le_bytes());
        }
        for row in self.trans {
            for t in row {
                p.extend_from_slice(&t.to_le_bytes());
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
        let n = c.u64("feature count")?;
        if n.saturating_mul(8 + 2 * NT as u64) > c.remaining() as u64 {
            return Err(ModelError::Truncated("features"));
        }
        let n = n as usize;
        let keys: Vec<u64> = c
            .take(n * 8, "features")?
            .chunks_exact(8)
            .map(|x| u64::from_le_bytes(x.try_into().expect("8")))
            .collect();
        let weights: Vec<i16> = c
            .take(n * NT * 2, "weights")?
            .chunks_exact(2)
            .map(|x| i16::from_le_bytes([x[0], x[1]]))
            .collect();
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
        if c.remaining() != 0 {
            return Err(ModelError::Corrupt("unexpected bytes after the transitions".into()));
        }
        if start.iter().chain(trans.iter().flatten()).any(|x| !x.is_finite()) {
            return Err(ModelError::Corrupt("non-finite transition weight".into()));
        }
        Ok(Model::assemble(
            meta, gazetteer, clusters, keys, weights, scale, start, trans,
        ))
    }

    pub fn extractor(&self) -> Extractor<'_> {
        Extractor {
            gazetteer: &self.gazetteer,
            clusters: &self.clusters,
            groups: self.meta.groups,
        }
    }

    /// The best IOB2-valid tag sequence for a sentence's features.
    pub fn decode(&self, f: &SentenceFeatures) -> Vec<usize> {
        let n = f.len();
        let mut emit = vec![[0f32; NT]; n];
        for (i, e) in emit.iter_mut().enumerate() {
            let mut acc = [0i32; NT];
            for h in f.token(i) {
                if let Some(&row) = self.index.get(h) {
                    let w = &self.weights[row as usize * NT..(row as usize + 1) * NT];
                    for t in 0..NT {
                        acc[t] += w[t] as i32;
                    }
                }
            }
            for t in 0..NT {
                e[t] = acc[t] as f32 * self.scale;
            }
        }
        viterbi(&emit, &self.start, &self.trans)
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
        TokenView {
            norm: w.into(),
            core: w.into(),
            bare: w.into(),
            ..TokenView::default()
        }
    }

    fn tiny() -> Model {
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
            ..TrainConfig::default()
        };
        train(
            &data,
            &[],
            g.build(),
            Clusters::empty(),
            &cfg,
            ModelMeta::default(),
            |_| {},
        )
    }

    #[test]
    fn trains_round_trips_and_tags() {
        let m = tiny();
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.meta, m.meta);
        let mut sf = SentenceFeatures::default();
        back.extractor()
            .sentence(&["قال", "سمير", "إن", "باريس", "جميلة"].map(view), &mut sf);
        let tags: Vec<&str> = back.decode(&sf).into_iter().map(|t| TAGS[t]).collect();
        assert_eq!(tags, ["O", "B-PER", "O", "B-LOC", "O"]);
        assert_eq!(back.to_bytes(), bytes, "serialisation is deterministic");
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

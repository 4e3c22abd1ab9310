//! The topic model file: classifier weights, labels, and the document frequencies of the
//! corpus it was trained on.
//!
//! ```text
//! magic     8 bytes  "RASIDTOP"
//! version   u32      FORMAT_VERSION
//! checksum  u64      FNV-1a over the payload
//! length    u64      payload length
//! payload:
//!   header    u32 length + JSON (TopicMeta)
//!   df        u64 length + fst map bytes (term → number of training documents containing it)
//!   bias      labels × f32
//!   weights   2^dim_bits × labels i16, then scale f32 (weight = i16 × scale)
//! ```
//! All integers little endian.

use rasid_text::binary::{Cursor, Truncated};
use rasid_text::checksum::fnv1a;
use serde::{Deserialize, Serialize};

use crate::terms::Term;

pub const MAGIC: &[u8; 8] = b"RASIDTOP";
pub const FORMAT_VERSION: u32 = 1;
/// Bump when [`features`] changes: a model trained on other features must not load.
pub const FEATURES_VERSION: u32 = 1;

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
    #[error("not a rasid topic model (bad magic string); retrain it with `rasid train topic`")]
    BadMagic,
    #[error("topic model format version {found}, this rasid reads version {expected}; retrain it")]
    Version { found: u32, expected: u32 },
    #[error("topic model truncated: {0}")]
    Truncated(&'static str),
    #[error("topic model corrupt: {0}")]
    Corrupt(String),
}

/// What the model file says about itself.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopicMeta {
    pub labels: Vec<String>,
    /// The feature space has 2^dim_bits hashed dimensions.
    pub dim_bits: u32,
    pub features_version: u32,
    /// Documents the frequencies were counted over.
    pub documents: u64,
    /// Where the training data came from (free text, for people).
    pub source: String,
}

/// A loaded topic model.
pub struct TopicModel {
    pub meta: TopicMeta,
    df: fst::Map<Vec<u8>>,
    bias: Vec<f32>,
    weights: Vec<i16>,
    scale: f32,
}

/// Hashed, L2-normalised features of an article: log counts of stems and stem bigrams,
/// title words counted twice (the headline says what the article is about).
pub fn features(terms: &[Term], title_end: usize, dim_bits: u32) -> Vec<(u32, f32)> {
    let mask = (1u64 << dim_bits) - 1;
    // Sort and merge rather than a hash map: fewer allocations, and the order is fixed.
    let mut raw: Vec<(u32, f32)> = Vec::with_capacity(terms.len() * 2);
    let mut prev: Option<u64> = None;
    for t in terms {
        let h = fnv1a(t.key.as_bytes());
        let w = if t.start < title_end { 2.0 } else { 1.0 };
        raw.push(((h & mask) as u32, w));
        if let Some(p) = prev {
            let b = p.rotate_left(23) ^ h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            raw.push(((b & mask) as u32, w));
        }
        prev = Some(h);
    }
    raw.sort_unstable_by_key(|x| x.0);
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(raw.len());
    for (i, c) in raw {
        match v.last_mut() {
            Some(last) if last.0 == i => last.1 += c,
            _ => v.push((i, c)),
        }
    }
    for x in &mut v {
        x.1 = (1.0 + x.1).ln();
    }
    let norm = v.iter().map(|x| x.1 * x.1).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            x.1 /= norm;
        }
    }
    v
}

impl TopicModel {
    /// Builds a model from trained parts (used by [`crate::train`]).
    pub fn from_parts(meta: TopicMeta, df: fst::Map<Vec<u8>>, bias: Vec<f32>, weights: &[f32]) -> TopicModel {
        let max = weights.iter().fold(0f32, |m, w| m.max(w.abs()));
        let scale = if max > 0.0 { max / i16::MAX as f32 } else { 1.0 };
        let weights = weights.iter().map(|w| (w / scale).round() as i16).collect();
        TopicModel {
            meta,
            df,
            bias,
            weights,
            scale,
        }
    }

    pub fn labels(&self) -> &[String] {
        &self.meta.labels
    }

    /// Number of training documents containing `term` (0 when unseen or rarer than the cut-off).
    pub fn df(&self, term: &str) -> u64 {
        self.df.get(term).unwrap_or(0)
    }

    /// Inverse document frequency, smoothed: unseen terms get the highest weight.
    pub fn idf(&self, term: &str) -> f32 {
        // The same formula as `keywords::term_weights`, which inlines it to look up once.
        let n = self.meta.documents.max(1) as f32;
        ((n + 1.0) / (self.df(term) as f32 + 1.0)).ln() + 1.0
    }

    /// Probabilities of each label, in the order of [`TopicModel::labels`].
    pub fn probabilities(&self, x: &[(u32, f32)]) -> Vec<f32> {
        let k = self.meta.labels.len();
        let mut s = self.bias.clone();
        for &(i, v) in x {
            let row = &self.weights[i as usize * k..(i as usize + 1) * k];
            for (sj, wj) in s.iter_mut().zip(row) {
                *sj += v * (*wj as f32) * self.scale;
            }
        }
        softmax(&mut s);
        s
    }

    /// The most probable label and its probability.
    pub fn classify(&self, terms: &[Term], title_end: usize) -> Option<(&str, f32)> {
        let p = self.probabilities(&features(terms, title_end, self.meta.dim_bits));
        let (best, conf) = p
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, c)| (i, *c))?;
        Some((self.meta.labels[best].as_str(), conf))
    }

    pub fn to_bytes(&self) -> Vec<u8> {
        let mut p = Vec::new();
        let header = serde_json::to_vec(&self.meta).expect("meta serialises");
        p.extend_from_slice(&(header.len() as u32).to_le_bytes());
        p.extend_from_slice(&header);
        let df = self.df.as_fst().as_bytes();
        p.extend_from_slice(&(df.len() as u64).to_le_bytes());
        p.extend_from_slice(df);
        for b in &self.bias {
            p.extend_from_slice(&b.to_le_bytes());
        }
        for w in &self.weights {
            p.extend_from_slice(&w.to_le_bytes());
        }
        p.extend_from_slice(&self.scale.to_le_bytes());
        rasid_text::binary::seal(MAGIC, FORMAT_VERSION, &p)
    }

    /// Loads a model file. Never panics: short, foreign or damaged bytes give an error.
    pub fn from_bytes(b: &[u8]) -> Result<TopicModel, ModelError> {
        let payload = rasid_text::binary::open(b, MAGIC, FORMAT_VERSION)?;
        let mut c = Cursor::new(payload);
        let hlen = c.u32("header length")? as usize;
        let meta: TopicMeta =
            serde_json::from_slice(c.take(hlen, "header")?).map_err(|e| ModelError::Corrupt(format!("header: {e}")))?;
        if meta.features_version != FEATURES_VERSION {
            return Err(ModelError::Corrupt(format!(
                "features version {} (this rasid computes version {FEATURES_VERSION}); retrain it",
                meta.features_version
            )));
        }
        if meta.labels.is_empty() || meta.labels.len() > 1000 || !(8..=24).contains(&meta.dim_bits) {
            return Err(ModelError::Corrupt("implausible labels or dimension".into()));
        }
        let n = c.u64("df length")? as usize;
        let df = fst::Map::new(c.take(n, "df")?.to_vec()).map_err(|e| ModelError::Corrupt(format!("df: {e}")))?;
        let k = meta.labels.len();
        let bias: Vec<f32> = (0..k).map(|_| c.f32("bias")).collect::<Result<_, _>>()?;
        let nw = (1usize << meta.dim_bits) * k;
        let weights: Vec<i16> = c
            .take(nw * 2, "weights")?
            .chunks_exact(2)
            .map(|x| i16::from_le_bytes([x[0], x[1]]))
            .collect();
        let scale = c.f32("scale")?;
        if !scale.is_finite() || scale <= 0.0 || bias.iter().any(|b| !b.is_finite()) {
            return Err(ModelError::Corrupt("weights are not finite numbers".into()));
        }
        if c.remaining() != 0 {
            return Err(ModelError::Corrupt("unread bytes at the end of the payload".into()));
        }
        Ok(TopicModel {
            meta,
            df,
            bias,
            weights,
            scale,
        })
    }
}

pub(crate) fn softmax(s: &mut [f32]) {
    let max = s.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in s.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    for x in s.iter_mut() {
        *x /= sum;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> TopicModel {
        let df = fst::Map::from_iter([("حكومه", 3u64), ("مباراه", 2)]).unwrap();
        let meta = TopicMeta {
            labels: vec!["a".into(), "b".into()],
            dim_bits: 8,
            features_version: FEATURES_VERSION,
            documents: 10,
            source: "test".into(),
        };
        let w: Vec<f32> = (0..512).map(|i| (i % 7) as f32 - 3.0).collect();
        TopicModel::from_parts(meta, df, vec![0.1, -0.1], &w)
    }

    #[test]
    fn round_trip() {
        let m = tiny();
        let b = m.to_bytes();
        let m2 = TopicModel::from_bytes(&b).unwrap();
        assert_eq!(m2.meta, m.meta);
        assert_eq!(m2.df("حكومه"), 3);
        assert_eq!(m2.df("غائب"), 0);
        assert!(m2.idf("غائب") > m2.idf("حكومه"));
        let x = [(1u32, 0.6f32), (7, 0.8)];
        assert_eq!(m.probabilities(&x), m2.probabilities(&x));
    }

    #[test]
    fn damaged_bytes_are_errors() {
        let b = tiny().to_bytes();
        for cut in [0, 7, 8, 12, 20, 28, b.len() / 2, b.len() - 1] {
            assert!(TopicModel::from_bytes(&b[..cut]).is_err(), "cut at {cut}");
        }
        for i in (0..b.len()).step_by(97) {
            let mut d = b.clone();
            d[i] ^= 0x5a;
            assert!(TopicModel::from_bytes(&d).is_err(), "flip at {i}");
        }
    }
}

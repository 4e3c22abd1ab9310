//! Word clusters learned by rasid itself from unlabelled news: skip-gram embeddings with
//! negative sampling (word2vec), then k-means at three granularities. A word's cluster ids
//! are tagger features that carry what the 125k labelled tokens of ANERcorp cannot: that
//! an unseen surname behaves like other surnames, a city like other cities.
//!
//! Single-threaded and seeded, so a rebuild gives the same clusters.

use std::collections::HashMap;

use fst::{Map, MapBuilder};

use crate::hash::Rng;

/// Number of clusters at each level.
pub const LEVELS: [usize; 3] = [64, 256, 1024];

/// Word key → cluster id at each level.
pub struct Clusters {
    map: Map<Vec<u8>>,
}

pub const FILE_MAGIC: &[u8; 8] = b"RASIDCLU";
pub const FILE_VERSION: u32 = 1;

impl Clusters {
    /// The clusters as a standalone file: magic, version, checksum, length, fst bytes
    /// (the shared envelope of `rasid_text::binary`).
    pub fn to_file_bytes(&self) -> Vec<u8> {
        rasid_text::binary::seal(FILE_MAGIC, FILE_VERSION, self.fst_bytes())
    }

    /// Reads a file written by [`Clusters::to_file_bytes`]; errors, never panics, on bad bytes.
    pub fn from_file_bytes(b: &[u8]) -> Result<Clusters, String> {
        let p = rasid_text::binary::open(b, FILE_MAGIC, FILE_VERSION)
            .map_err(|e| format!("cluster file: {e}; rebuild it with `rasid build clusters`"))?;
        Clusters::from_fst_bytes(p.to_vec())
    }

    pub fn from_fst_bytes(bytes: Vec<u8>) -> Result<Clusters, String> {
        Ok(Clusters {
            map: Map::new(bytes).map_err(|e| e.to_string())?,
        })
    }

    pub fn empty() -> Clusters {
        Clusters {
            map: MapBuilder::memory().into_map(),
        }
    }

    pub fn fst_bytes(&self) -> &[u8] {
        self.map.as_fst().as_bytes()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    #[inline]
    pub fn get(&self, key: &str) -> Option<[u16; 3]> {
        self.map.get(key).map(|v| {
            [
                (v & 0xffff) as u16,
                ((v >> 16) & 0xffff) as u16,
                ((v >> 32) & 0xffff) as u16,
            ]
        })
    }
}

#[derive(Clone, Debug)]
pub struct EmbeddingConfig {
    pub dim: usize,
    pub window: usize,
    pub negative: usize,
    pub epochs: usize,
    pub min_count: u32,
    pub learning_rate: f32,
    pub subsample: f64,
    pub kmeans_iterations: usize,
    /// Number of clusters at each level (see [`LEVELS`]).
    pub levels: [usize; 3],
    pub seed: u64,
}

impl Default for EmbeddingConfig {
    fn default() -> Self {
        EmbeddingConfig {
            dim: 64,
            window: 4,
            negative: 5,
            epochs: 3,
            min_count: 5,
            learning_rate: 0.025,
            subsample: 1e-4,
            kmeans_iterations: 12,
            levels: LEVELS,
            seed: 7,
        }
    }
}

/// Collects the corpus as word ids.
#[derive(Default)]
pub struct CorpusBuilder {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    counts: Vec<u64>,
    sentences: Vec<Vec<u32>>,
}

impl CorpusBuilder {
    pub fn add_sentence<'a>(&mut self, words: impl Iterator<Item = &'a str>) {
        let mut s = Vec::new();
        for w in words {
            let id = match self.ids.get(w) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.ids.insert(w.to_string(), id);
                    self.words.push(w.to_string());
                    self.counts.push(0);
                    id
                }
            };
            self.counts[id as usize] += 1;
            s.push(id);
        }
        if s.len() > 1 {
            self.sentences.push(s);
        }
    }

    pub fn tokens(&self) -> u64 {
        self.counts.iter().sum()
    }

    /// Trains embeddings, clusters them, and returns the clusters with a short report.
    pub fn train(self, cfg: &EmbeddingConfig, mut progress: impl FnMut(&str)) -> (Clusters, String) {
        // Vocabulary: words seen at least min_count times, most frequent first (ties by
        // spelling, for determinism).
        let mut order: Vec<u32> = (0..self.words.len() as u32)
            .filter(|&i| self.counts[i as usize] >= cfg.min_count as u64)
            .collect();
        order.sort_by(|&a, &b| {
            self.counts[b as usize]
                .cmp(&self.counts[a as usize])
                .then(self.words[a as usize].cmp(&self.words[b as usize]))
        });
        let mut remap = vec![u32::MAX; self.words.len()];
        for (new, &old) in order.iter().enumerate() {
            remap[old as usize] = new as u32;
        }
        let v = order.len();
        let counts: Vec<u64> = order.iter().map(|&o| self.counts[o as usize]).collect();
        let total: u64 = counts.iter().sum();
        let sentences: Vec<Vec<u32>> = self
            .sentences
            .iter()
            .map(|s| {
                s.iter()
                    .map(|&w| remap[w as usize])
                    .filter(|&w| w != u32::MAX)
                    .collect::<Vec<_>>()
            })
            .filter(|s| s.len() > 1)
            .collect();
        let vectors = sgns(&sentences, &counts, total, v, cfg, &mut progress);
        let mut ids = vec![[0u16; 3]; v];
        for (level, &k) in cfg.levels.iter().enumerate() {
            progress(&format!("k-means, {k} clusters"));
            let assign = kmeans(
                &vectors,
                v,
                cfg.dim,
                k.min(v.max(1)),
                cfg.kmeans_iterations,
                cfg.seed + level as u64,
            );
            for (i, a) in assign.into_iter().enumerate() {
                ids[i][level] = a as u16;
            }
        }
        let mut entries: Vec<(&str, u64)> = order
            .iter()
            .enumerate()
            .map(|(new, &old)| {
                let c = ids[new];
                (
                    self.words[old as usize].as_str(),
                    c[0] as u64 | (c[1] as u64) << 16 | (c[2] as u64) << 32,
                )
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let mut b = MapBuilder::memory();
        for (k, val) in entries {
            b.insert(k, val).expect("sorted unique keys");
        }
        let report = format!(
            "{} tokens, vocabulary {} (min count {}), dim {}, {} epochs",
            total, v, cfg.min_count, cfg.dim, cfg.epochs
        );
        (Clusters { map: b.into_map() }, report)
    }
}

fn sgns(
    sentences: &[Vec<u32>],
    counts: &[u64],
    total: u64,
    v: usize,
    cfg: &EmbeddingConfig,
    progress: &mut impl FnMut(&str),
) -> Vec<f32> {
    let d = cfg.dim;
    let mut rng = Rng::new(cfg.seed);
    let mut w_in: Vec<f32> = (0..v * d).map(|_| (rng.unit() - 0.5) / d as f32).collect();
    let mut w_out = vec![0f32; v * d];
    // Negative sampling table, unigram^0.75.
    let table_size = 1 << 20;
    let pow: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
    let sum: f64 = pow.iter().sum();
    let mut table = Vec::with_capacity(table_size);
    let mut acc = 0.0;
    let mut wi = 0usize;
    for i in 0..table_size {
        let target = (i as f64 + 0.5) / table_size as f64;
        while wi + 1 < v && acc + pow[wi] / sum < target {
            acc += pow[wi] / sum;
            wi += 1;
        }
        table.push(wi as u32);
    }
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| {
            let f = c as f64 / total as f64;
            (((f / cfg.subsample).sqrt() + 1.0) * cfg.subsample / f).min(1.0) as f32
        })
        .collect();
    let words_total = (total as f64 * cfg.epochs as f64).max(1.0);
    let mut processed = 0f64;
    let mut grad = vec![0f32; d];
    let mut buf = Vec::new();
    for epoch in 0..cfg.epochs {
        progress(&format!("embeddings, epoch {}/{}", epoch + 1, cfg.epochs));
        for s in sentences {
            processed += s.len() as f64;
            let lr = (cfg.learning_rate * (1.0 - (processed / words_total) as f32)).max(cfg.learning_rate * 1e-4);
            buf.clear();
            buf.extend(s.iter().copied().filter(|&w| rng.unit() < keep[w as usize]));
            for (pos, &center) in buf.iter().enumerate() {
                let b = rng.below(cfg.window);
                let lo = pos.saturating_sub(cfg.window - b);
                let hi = (pos + cfg.window - b + 1).min(buf.len());
                for (cpos, &ctx) in buf.iter().enumerate().take(hi).skip(lo) {
                    if cpos == pos {
                        continue;
                    }
                    let input = ctx as usize * d;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    for k in 0..=cfg.negative {
                        let (target, label) = if k == 0 {
                            (center as usize, 1.0f32)
                        } else {
                            let t = table[rng.below(table_size)] as usize;
                            if t == center as usize {
                                continue;
                            }
                            (t, 0.0)
                        };
                        let out = target * d;
                        let dot: f32 = w_in[input..input + d]
                            .iter()
                            .zip(&w_out[out..out + d])
                            .map(|(a, b)| a * b)
                            .sum();
                        let sig = 1.0 / (1.0 + (-dot.clamp(-6.0, 6.0)).exp());
                        let g = (label - sig) * lr;
                        for j in 0..d {
                            grad[j] += g * w_out[out + j];
                            w_out[out + j] += g * w_in[input + j];
                        }
                    }
                    for j in 0..d {
                        w_in[input + j] += grad[j];
                    }
                }
            }
        }
    }
    // Unit length, so that k-means on dot products clusters by cosine.
    for row in w_in.chunks_mut(d) {
        let n = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-9);
        row.iter_mut().for_each(|x| *x /= n);
    }
    w_in
}

/// Spherical k-means: initial centres are k distinct words spread over the frequency
/// ranking (frequent words first, so that every centre is a well-trained vector).
fn kmeans(x: &[f32], n: usize, d: usize, k: usize, iterations: usize, seed: u64) -> Vec<usize> {
    if n == 0 || k == 0 {
        return vec![0; n];
    }
    let mut rng = Rng::new(seed);
    let pool = (n / 2).max(k).min(n);
    let mut picks: Vec<usize> = (0..pool).collect();
    rng.shuffle(&mut picks);
    let mut centres: Vec<f32> = picks[..k]
        .iter()
        .flat_map(|&i| x[i * d..(i + 1) * d].to_vec())
        .collect();
    let mut assign = vec![0usize; n];
    for _ in 0..iterations {
        for i in 0..n {
            let row = &x[i * d..(i + 1) * d];
            let mut best = (f32::MIN, 0);
            for c in 0..k {
                let dot: f32 = row.iter().zip(&centres[c * d..(c + 1) * d]).map(|(a, b)| a * b).sum();
                if dot > best.0 {
                    best = (dot, c);
                }
            }
            assign[i] = best.1;
        }
        let mut sums = vec![0f32; k * d];
        let mut sizes = vec![0usize; k];
        for i in 0..n {
            let c = assign[i];
            sizes[c] += 1;
            for j in 0..d {
                sums[c * d + j] += x[i * d + j];
            }
        }
        for c in 0..k {
            if sizes[c] == 0 {
                // An empty cluster takes a random word as its new centre.
                let i = rng.below(n);
                sums[c * d..(c + 1) * d].copy_from_slice(&x[i * d..(i + 1) * d]);
            }
            let row = &mut sums[c * d..(c + 1) * d];
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-9);
            row.iter_mut().for_each(|v| *v /= norm);
        }
        centres = sums;
    }
    assign
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_in_the_same_contexts_share_clusters() {
        let mut c = CorpusBuilder::default();
        let mut rng = Rng::new(1);
        let cities = ["باريس", "لندن", "روما", "مدريد"];
        let verbs = ["قال", "أكد", "أعلن", "أوضح"];
        for _ in 0..3000 {
            let city = cities[rng.below(4)];
            let verb = verbs[rng.below(4)];
            c.add_sentence(["وصل", "الوفد", "إلى", city, "أمس"].into_iter());
            c.add_sentence(["الوزير", verb, "إن", "الوضع", "هادئ"].into_iter());
        }
        let cfg = EmbeddingConfig {
            dim: 16,
            epochs: 2,
            min_count: 1,
            subsample: 1.0,
            levels: [2, 4, 8],
            ..EmbeddingConfig::default()
        };
        let (cl, _) = c.train(&cfg, |_| {});
        let a = cl.get("باريس").unwrap()[0];
        assert!(
            cities.iter().all(|w| cl.get(w).unwrap()[0] == a),
            "cities cluster together at the coarsest level"
        );
        assert!(verbs.iter().all(|w| cl.get(w).unwrap()[0] != a), "verbs are elsewhere");
        assert!(cl.get("غير موجود").is_none());
    }
}

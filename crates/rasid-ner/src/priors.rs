//! Entity priors learned from unlabelled news: for each word, how often a tagger that sees
//! only the word's *context* (neighbouring words, their clusters, gazetteer hits, never the
//! word itself) takes it for part of a name of each type, over all its occurrences in the
//! corpus.
//!
//! The 125k labelled tokens of ANERcorp name a few thousand people; the news corpus names
//! many more, each in many sentences, and most of those sentences say plainly what the word
//! is ("قال المدرب X", "في مدينة X"). Summing that evidence over the corpus gives an unseen
//! surname a prior that one sentence cannot. The context-only tagger never looks at the word
//! it judges, so the prior of a word from the training data is not its memorised label.
//!
//! Stored as an `fst` map from the word key (as [`crate::clusters`]: normalised, proclitics
//! and pronouns removed, article kept) to packed bins; see [`Prior`].

use std::collections::HashMap;

use fst::{Map, MapBuilder};

pub const FILE_MAGIC: &[u8; 8] = b"RASIDPRI";
pub const FILE_VERSION: u32 = 1;

/// Entity types in the order of the tag set (PER, LOC, ORG, MISC).
pub const TYPES: usize = 4;

/// Lower edges of the share bins. (Eight finer bins, from 1 % up, scored 0.9 F1 lower on
/// the development set, mean of three seeds.)
const SHARE_BINS: [f64; 4] = [0.02, 0.10, 0.30, 0.60];

/// A word's prior: for each type, the share of its occurrences tagged as that type, in
/// bins (see `SHARE_BINS`: 0 is under 2 %, 4 is 60 % or more); the bin of the share tagged
/// as any name; and how often it was seen (log2 bins).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prior {
    pub types: [u8; TYPES],
    pub any: u8,
    pub frequency: u8,
}

fn share_bin(k: u32, n: u32) -> u8 {
    let f = k as f64 / n.max(1) as f64;
    SHARE_BINS.iter().take_while(|&&t| f >= t).count() as u8
}

impl Prior {
    fn pack(self) -> u64 {
        let mut v = 0u64;
        for (i, b) in self.types.iter().enumerate() {
            v |= (*b as u64) << (4 * i);
        }
        v | (self.any as u64) << 16 | (self.frequency as u64) << 20
    }

    fn unpack(v: u64) -> Prior {
        let nib = |i: u32| ((v >> (4 * i)) & 0xf) as u8;
        Prior {
            types: [nib(0), nib(1), nib(2), nib(3)],
            any: nib(4),
            frequency: nib(5),
        }
    }
}

pub struct Priors {
    map: Map<Vec<u8>>,
}

impl Priors {
    pub fn empty() -> Priors {
        Priors {
            map: MapBuilder::memory().into_map(),
        }
    }

    pub fn from_fst_bytes(bytes: Vec<u8>) -> Result<Priors, String> {
        Ok(Priors {
            map: Map::new(bytes).map_err(|e| e.to_string())?,
        })
    }

    pub fn fst_bytes(&self) -> &[u8] {
        self.map.as_fst().as_bytes()
    }

    /// The priors as a standalone file (magic, version, checksum, length, fst bytes).
    pub fn to_file_bytes(&self) -> Vec<u8> {
        rasid_text::binary::seal(FILE_MAGIC, FILE_VERSION, self.fst_bytes())
    }

    /// Reads a file written by [`Priors::to_file_bytes`]; errors, never panics, on bad bytes.
    pub fn from_file_bytes(b: &[u8]) -> Result<Priors, String> {
        let p = rasid_text::binary::open(b, FILE_MAGIC, FILE_VERSION)
            .map_err(|e| format!("entity priors file: {e}; rebuild it with `rasid build priors`"))?;
        Priors::from_fst_bytes(p.to_vec())
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    #[inline]
    pub fn get(&self, key: &str) -> Option<Prior> {
        self.map.get(key).map(Prior::unpack)
    }
}

/// Counts, per word, its occurrences and how many of them were tagged as each type.
#[derive(Default)]
pub struct PriorsBuilder {
    counts: HashMap<String, [u32; TYPES + 1]>,
}

impl PriorsBuilder {
    /// One occurrence of `key`, tagged as type `ty` (index into PER, LOC, ORG, MISC) or none.
    pub fn add(&mut self, key: &str, ty: Option<usize>) {
        let c = match self.counts.get_mut(key) {
            Some(c) => c,
            None => self.counts.entry(key.to_string()).or_default(),
        };
        c[0] = c[0].saturating_add(1);
        if let Some(t) = ty.filter(|&t| t < TYPES) {
            c[1 + t] = c[1 + t].saturating_add(1);
        }
    }

    pub fn words(&self) -> usize {
        self.counts.len()
    }

    /// The priors of words seen at least `min_count` times.
    pub fn build(self, min_count: u32) -> Priors {
        let mut rows: Vec<(String, u64)> = self
            .counts
            .into_iter()
            .filter(|(_, c)| c[0] >= min_count.max(1))
            .map(|(k, c)| {
                let n = c[0];
                let named: u32 = c[1..].iter().sum();
                let p = Prior {
                    types: [
                        share_bin(c[1], n),
                        share_bin(c[2], n),
                        share_bin(c[3], n),
                        share_bin(c[4], n),
                    ],
                    any: share_bin(named, n),
                    frequency: (32 - n.leading_zeros()).min(15) as u8,
                };
                (k, p.pack())
            })
            .collect();
        rows.sort_unstable();
        let mut b = MapBuilder::memory();
        for (k, v) in rows {
            b.insert(k, v).expect("sorted, distinct keys");
        }
        Priors { map: b.into_map() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_binned_and_survive_the_file() {
        let mut b = PriorsBuilder::default();
        for i in 0..10 {
            b.add("سميث", if i < 7 { Some(0) } else { None });
            b.add("قال", None);
        }
        b.add("نادرة", Some(1));
        let p = Priors::from_file_bytes(&b.build(2).to_file_bytes()).unwrap();
        let s = p.get("سميث").unwrap();
        assert_eq!(s.types, [4, 0, 0, 0]);
        assert_eq!(s.any, 4);
        assert_eq!(s.frequency, 4); // 10 occurrences: log2 bin 4
        assert_eq!(p.get("قال").unwrap().any, 0);
        assert_eq!(p.get("نادرة"), None, "seen once, under the minimum");
    }

    #[test]
    fn damaged_files_are_errors() {
        let mut b = PriorsBuilder::default();
        b.add("كلمة", Some(2));
        let bytes = b.build(1).to_file_bytes();
        for cut in 0..bytes.len() {
            assert!(Priors::from_file_bytes(&bytes[..cut]).is_err());
        }
        let mut bad = bytes.clone();
        let last = bad.len() - 1;
        bad[last] ^= 0x55;
        assert!(Priors::from_file_bytes(&bad).is_err());
    }
}

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
//! The same pass records, for each word, how much more often than the average word it
//! occurs in articles of each news genre (sport, economy, technology, culture: the labels
//! the news corpus carries). Averaged over a few sentences, that says what kind of text the
//! tagger is reading, which decides many names: "السد" and "العربي" are clubs in a match
//! report and a dam and an adjective elsewhere; "نيسان" is a car maker in a motoring page.
//!
//! Stored as an `fst` map from the word key (as [`crate::clusters`]: normalised, proclitics
//! and pronouns removed, article kept) to packed bins; see [`Prior`].

use std::collections::HashMap;

use fst::{Map, MapBuilder};

pub const FILE_MAGIC: &[u8; 8] = b"RASIDPRI";
pub const FILE_VERSION: u32 = 2;

/// Entity types in the order of the tag set (PER, LOC, ORG, MISC).
pub const TYPES: usize = 4;

/// The news genres whose vocabulary is recorded, as the corpus labels them.
pub const GENRES: [&str; 4] = ["sport", "economy", "technology", "culture"];

/// The genre index of a corpus category label, if it is one of [`GENRES`].
pub fn genre_of(category: &str) -> Option<usize> {
    GENRES.iter().position(|g| g.eq_ignore_ascii_case(category.trim()))
}

/// A genre lift of 1.0 (as common in the genre as elsewhere) is stored as this; the byte
/// saturates at a lift of 255 / 50 = 5.1.
pub const LIFT_ONE: u8 = 50;

/// Pseudo-occurrences at the genre's base rate added to each word's counts, so that a word
/// seen three times, all in sport, does not get the lift of a word seen three hundred times.
const LIFT_SMOOTHING: f64 = 5.0;

/// Lower edges of the share bins. (Eight finer bins, from 1 % up, scored 0.9 F1 lower on
/// the development set, mean of three seeds.)
const SHARE_BINS: [f64; 4] = [0.02, 0.10, 0.30, 0.60];

/// A word's prior: for each type, the share of its occurrences tagged as that type, in
/// bins (see `SHARE_BINS`: 0 is under 2 %, 4 is 60 % or more); the bin of the share tagged
/// as any name; how often it was seen (log2 bins); and for each genre of [`GENRES`], its
/// lift: the share of its occurrences in articles of that genre over the share of all
/// words in them, times [`LIFT_ONE`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prior {
    pub types: [u8; TYPES],
    pub any: u8,
    pub frequency: u8,
    pub genres: [u8; GENRES.len()],
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
        for (i, g) in self.genres.iter().enumerate() {
            v |= (*g as u64) << (24 + 8 * i);
        }
        v | (self.any as u64) << 16 | (self.frequency as u64) << 20
    }

    fn unpack(v: u64) -> Prior {
        let nib = |i: u32| ((v >> (4 * i)) & 0xf) as u8;
        Prior {
            types: [nib(0), nib(1), nib(2), nib(3)],
            any: nib(4),
            frequency: nib(5),
            genres: std::array::from_fn(|i| ((v >> (24 + 8 * i)) & 0xff) as u8),
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

/// Slots of a word's counts: all occurrences, then per type, then per genre.
const SLOTS: usize = 1 + TYPES + GENRES.len();

/// Counts, per word, its occurrences, how many of them were tagged as each type, and how
/// many were in articles of each genre.
#[derive(Default)]
pub struct PriorsBuilder {
    counts: HashMap<String, [u32; SLOTS]>,
    /// All counted occurrences, and those in articles of each genre (the base rates).
    total: u64,
    genre_total: [u64; GENRES.len()],
}

impl PriorsBuilder {
    /// One occurrence of `key`, tagged as type `ty` (index into PER, LOC, ORG, MISC) or
    /// none, in an article of genre `genre` (index into [`GENRES`]) or of another.
    pub fn add(&mut self, key: &str, ty: Option<usize>, genre: Option<usize>) {
        let c = match self.counts.get_mut(key) {
            Some(c) => c,
            None => self.counts.entry(key.to_string()).or_default(),
        };
        c[0] = c[0].saturating_add(1);
        if let Some(t) = ty.filter(|&t| t < TYPES) {
            c[1 + t] = c[1 + t].saturating_add(1);
        }
        self.total += 1;
        if let Some(g) = genre.filter(|&g| g < GENRES.len()) {
            c[1 + TYPES + g] = c[1 + TYPES + g].saturating_add(1);
            self.genre_total[g] += 1;
        }
    }

    /// The share of occurrences in each genre's articles.
    pub fn genre_base_rates(&self) -> [f64; GENRES.len()] {
        std::array::from_fn(|g| self.genre_total[g] as f64 / self.total.max(1) as f64)
    }

    pub fn words(&self) -> usize {
        self.counts.len()
    }

    /// The priors of words seen at least `min_count` times.
    pub fn build(self, min_count: u32) -> Priors {
        let base = self.genre_base_rates();
        let mut rows: Vec<(String, u64)> = self
            .counts
            .into_iter()
            .filter(|(_, c)| c[0] >= min_count.max(1))
            .map(|(k, c)| {
                let n = c[0];
                let named: u32 = c[1..=TYPES].iter().sum();
                let p = Prior {
                    types: [
                        share_bin(c[1], n),
                        share_bin(c[2], n),
                        share_bin(c[3], n),
                        share_bin(c[4], n),
                    ],
                    any: share_bin(named, n),
                    frequency: (32 - n.leading_zeros()).min(15) as u8,
                    genres: std::array::from_fn(|g| {
                        if base[g] == 0.0 {
                            return LIFT_ONE;
                        }
                        let k = c[1 + TYPES + g] as f64;
                        let share = (k + LIFT_SMOOTHING * base[g]) / (n as f64 + LIFT_SMOOTHING);
                        (share / base[g] * LIFT_ONE as f64).round().min(255.0) as u8
                    }),
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
            b.add("سميث", if i < 7 { Some(0) } else { None }, Some(0));
            b.add("قال", None, if i < 5 { Some(0) } else { None });
        }
        for _ in 0..20 {
            b.add("و", None, None);
        }
        b.add("نادرة", Some(1), None);
        let p = Priors::from_file_bytes(&b.build(2).to_file_bytes()).unwrap();
        let s = p.get("سميث").unwrap();
        assert_eq!(s.types, [4, 0, 0, 0]);
        assert_eq!(s.any, 4);
        assert_eq!(s.frequency, 4); // 10 occurrences: log2 bin 4
        assert_eq!(p.get("قال").unwrap().any, 0);
        // 15 of 41 occurrences are in sport: سميث (all 10 in sport) is well above one,
        // قال (half) a little above, the others below; the genres never seen stay at one.
        let lift = |w: &str| p.get(w).unwrap().genres;
        assert!(lift("سميث")[0] > 2 * LIFT_ONE, "{:?}", lift("سميث"));
        assert!(lift("قال")[0] > LIFT_ONE && lift("قال")[0] < lift("سميث")[0]);
        assert!(lift("و")[0] < LIFT_ONE);
        assert_eq!(lift("و")[1], LIFT_ONE);
        assert_eq!(genre_of("Sport"), Some(0));
        assert_eq!(genre_of("politic"), None);
        assert_eq!(p.get("نادرة"), None, "seen once, under the minimum");
    }

    #[test]
    fn damaged_files_are_errors() {
        let mut b = PriorsBuilder::default();
        b.add("كلمة", Some(2), Some(1));
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

//! The stem lexicon: which Arabic strings occur as free words, learned from unlabelled news.
//!
//! For every key (a word with marks, tatweel and invisible characters removed) the lexicon
//! stores two counts from the corpus it was built on:
//!
//! - `count`: how often the key occurred as a whole word;
//! - `free_conj`: how often it occurred behind the conjunctions و or ف,
//! - `free_prep`: behind a preposition (ب، ل، ك، وب، ول ...), and
//! - `free_art`: behind the article (ال، وال، بال، لل ...).
//!
//! Both are evidence that the key is itself a stem: وزير is a stem because الوزير، لوزير
//! and ووزير occur, while وقال is not, because ووقال and الوقال never do. They are kept
//! apart because only the slots *before* a clitic speak against splitting it: وبشكل is no
//! evidence that بشكل is a stem (و may precede ب), البشكل would be; and the article
//! forms of a key must not vouch for the key when the article itself is in question
//! (التقى is a verb: تقى occurs almost only inside it);
//!
//! and a flag for keys that are (words of) names in the gazetteers, which should not be
//! cut (لندن، بوتين، فرنسا).
//!
//! File format (little endian), versioned so that old files are refused with a clear error:
//!
//! ```text
//! magic    8 bytes  "RASIDLEX"
//! version  u32      FORMAT_VERSION
//! kind     4 bytes  "STEM"
//! checksum u64      FNV-1a over the payload
//! length   u64      payload length
//! payload  fst::Map bytes: key -> count (bits 0..20) | free_conj (20..34) | free_prep (34..48)
//!                                     | free_art (48..63) | name (63); counts saturate
//! ```
//!
//! Counts saturate at 2^20 and 2^14 / 2^14 / 2^15: the segmenter compares logarithms, so
//! nothing is lost that matters.
//! ```text
//! ```

use crate::checksum::fnv1a;
use std::collections::HashMap;

use fst::{Map, MapBuilder};

use crate::normalize::is_key_char;
use crate::tokenize::{tokenize, RawToken};
use rasid_core::TokenKind;

pub const MAGIC: &[u8; 8] = b"RASIDLEX";
pub const FORMAT_VERSION: u32 = 2;
const KIND: &[u8; 4] = b"STEM";
const HEADER_LEN: usize = 8 + 4 + 4 + 8 + 8;

/// Why a lexicon file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("not a rasid lexicon (bad magic string); rebuild it with `rasid build lexicon`")]
    BadMagic,
    #[error("lexicon format version {found} is not supported (this build reads version {expected}); rebuild it with `rasid build lexicon`")]
    Version { found: u32, expected: u32 },
    #[error("lexicon is truncated: {0}")]
    Truncated(&'static str),
    #[error("lexicon is corrupt: {0}")]
    Corrupt(String),
}

/// What the lexicon knows about one key.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Entry {
    pub count: u32,
    pub free_conj: u32,
    pub free_prep: u32,
    pub free_art: u32,
    pub name: bool,
}

const COUNT_BITS: u32 = 20;
const CONJ_BITS: u32 = 14;
const PREP_BITS: u32 = 14;
const ART_BITS: u32 = 15;

fn sat(v: u32, bits: u32) -> u64 {
    (v as u64).min((1u64 << bits) - 1)
}

impl Entry {
    /// All prefixed occurrences.
    pub fn free(&self) -> u32 {
        self.free_conj.saturating_add(self.free_inner())
    }

    /// Prefixed occurrences behind a preposition or the article.
    pub fn free_inner(&self) -> u32 {
        self.free_prep.saturating_add(self.free_art)
    }

    fn pack(self) -> u64 {
        sat(self.count, COUNT_BITS)
            | (sat(self.free_conj, CONJ_BITS) << COUNT_BITS)
            | (sat(self.free_prep, PREP_BITS) << (COUNT_BITS + CONJ_BITS))
            | (sat(self.free_art, ART_BITS) << (COUNT_BITS + CONJ_BITS + PREP_BITS))
            | ((self.name as u64) << 63)
    }

    fn unpack(v: u64) -> Entry {
        let mask = |bits: u32| (1u64 << bits) - 1;
        Entry {
            count: (v & mask(COUNT_BITS)) as u32,
            free_conj: ((v >> COUNT_BITS) & mask(CONJ_BITS)) as u32,
            free_prep: ((v >> (COUNT_BITS + CONJ_BITS)) & mask(PREP_BITS)) as u32,
            free_art: ((v >> (COUNT_BITS + CONJ_BITS + PREP_BITS)) & mask(ART_BITS)) as u32,
            name: v >> 63 == 1,
        }
    }
}

/// A loaded stem lexicon.
pub struct Lexicon {
    map: Map<Vec<u8>>,
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon").field("keys", &self.map.len()).finish()
    }
}

impl Lexicon {
    /// Loads a lexicon file's bytes. Never panics: short, foreign or corrupt bytes give an error.
    pub fn from_bytes(bytes: &[u8]) -> Result<Lexicon, LexiconError> {
        if bytes.len() < 8 {
            return Err(LexiconError::Truncated("shorter than the header"));
        }
        if &bytes[..8] != MAGIC {
            return Err(LexiconError::BadMagic);
        }
        if bytes.len() < HEADER_LEN {
            return Err(LexiconError::Truncated("shorter than the header"));
        }
        let version = u32::from_le_bytes(bytes[8..12].try_into().expect("4 bytes"));
        if version != FORMAT_VERSION {
            return Err(LexiconError::Version {
                found: version,
                expected: FORMAT_VERSION,
            });
        }
        if &bytes[12..16] != KIND {
            return Err(LexiconError::Corrupt("not a stem lexicon".into()));
        }
        let checksum = u64::from_le_bytes(bytes[16..24].try_into().expect("8 bytes"));
        let len = u64::from_le_bytes(bytes[24..32].try_into().expect("8 bytes"));
        let payload = &bytes[HEADER_LEN..];
        if (payload.len() as u64) < len {
            return Err(LexiconError::Truncated("payload shorter than its declared length"));
        }
        if payload.len() as u64 != len {
            return Err(LexiconError::Corrupt("trailing bytes after the payload".into()));
        }
        if fnv1a(payload) != checksum {
            return Err(LexiconError::Corrupt("checksum mismatch".into()));
        }
        let map = Map::new(payload.to_vec()).map_err(|e| LexiconError::Corrupt(e.to_string()))?;
        Ok(Lexicon { map })
    }

    /// An empty lexicon: the segmenter then falls back to its closed-class rules.
    pub fn empty() -> Lexicon {
        let map = MapBuilder::memory().into_map();
        Lexicon { map }
    }

    #[inline]
    pub fn get(&self, key: &str) -> Entry {
        self.map.get(key).map(Entry::unpack).unwrap_or_default()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Every key with its entry, in key order (for builders).
    pub fn entries(&self) -> Vec<(String, Entry)> {
        use fst::{IntoStreamer, Streamer};
        let mut out = Vec::with_capacity(self.map.len());
        let mut stream = self.map.stream().into_stream();
        while let Some((k, v)) = stream.next() {
            out.push((String::from_utf8_lossy(k).into_owned(), Entry::unpack(v)));
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }
}

/// Proclitic strings whose presence in front of a key is evidence that the key is a stem.
/// `ل` + a key that starts with ال is written لل (the alef drops), handled in `free_forms`.
const FREE_PREFIXES: &[&str] = &[
    "و", "ف", "ب", "ل", "ك", "ال", "وال", "فال", "بال", "كال", "وب", "ول", "فب", "فل", "وك", "وبال", "فبال",
];

#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
    Conj,
    Prep,
    Art,
}

fn slot_of(q: &str) -> Slot {
    if q == "و" || q == "ف" {
        Slot::Conj
    } else if q.contains("ال") || q.contains("لل") {
        Slot::Art
    } else {
        Slot::Prep
    }
}

/// Calls `f(form, slot)` for every prefixed form of `key`, with the slot of the prefix.
fn free_forms(key: &str, mut f: impl FnMut(&str, Slot)) {
    let mut buf = String::with_capacity(key.len() + 8);
    if let Some(rest) = key.strip_prefix("ال") {
        for q in ["و", "ف", "ب", "ك", "وب", "فب", "وك"] {
            buf.clear();
            buf.push_str(q);
            buf.push_str(key);
            f(&buf, slot_of(q));
        }
        for q in ["لل", "ولل", "فلل"] {
            buf.clear();
            buf.push_str(q);
            buf.push_str(rest);
            f(&buf, Slot::Art);
        }
    } else {
        for q in FREE_PREFIXES.iter().chain(["لل", "ولل", "فلل"].iter()) {
            // ل + a key that starts with ل reads as ل + ال (للحماية is ل+ال+حماية), which
            // says nothing about لحماية being a stem.
            if key.starts_with('ل') && matches!(*q, "ل" | "ول" | "فل") {
                continue;
            }
            buf.clear();
            buf.push_str(q);
            buf.push_str(key);
            f(&buf, slot_of(q));
        }
    }
}

/// The lexicon key of an Arabic word: its letters, without marks, tatweel or invisible characters.
pub fn key_of(word: &str, out: &mut String) {
    out.clear();
    out.extend(word.chars().filter(|&c| is_key_char(c)));
}

/// Counts words from texts and names, then writes a lexicon file.
#[derive(Default)]
pub struct LexiconBuilder {
    counts: HashMap<String, u32>,
    names: HashMap<String, ()>,
    tokens: Vec<RawToken>,
    key: String,
    pub texts: u64,
    pub words: u64,
}

impl LexiconBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    /// Counts the Arabic words of one text.
    pub fn add_text(&mut self, text: &str) {
        self.tokens.clear();
        tokenize(text, &mut self.tokens);
        self.texts += 1;
        for t in &self.tokens {
            if t.kind != TokenKind::Arabic {
                continue;
            }
            key_of(&text[t.start..t.end], &mut self.key);
            if self.key.is_empty() {
                continue;
            }
            self.words += 1;
            match self.counts.get_mut(self.key.as_str()) {
                Some(n) => *n = n.saturating_add(1),
                None => {
                    self.counts.insert(self.key.clone(), 1);
                }
            }
        }
    }

    /// Marks every Arabic word of a gazetteer name as a name.
    pub fn add_name(&mut self, name: &str) {
        self.tokens.clear();
        tokenize(name, &mut self.tokens);
        for t in &self.tokens {
            if t.kind == TokenKind::Arabic {
                key_of(&name[t.start..t.end], &mut self.key);
                if self.key.chars().count() >= 2 {
                    self.names.insert(self.key.clone(), ());
                }
            }
        }
    }

    /// Writes the lexicon: keys whose `count + free` reaches `min_evidence`, and all names.
    pub fn build(&self, min_evidence: u32) -> Result<Vec<u8>, LexiconError> {
        // Candidate stems: every word, and every word with a proclitic string removed.
        let mut keys: HashMap<&str, ()> = HashMap::with_capacity(self.counts.len() * 2);
        for w in self.counts.keys() {
            keys.insert(w.as_str(), ());
            for q in FREE_PREFIXES.iter().chain(["لل", "ولل", "فلل", "س", "وس", "فس"].iter()) {
                if let Some(rest) = w.strip_prefix(q) {
                    if rest.chars().count() >= 2 {
                        keys.insert(rest, ());
                    }
                }
            }
        }
        for n in self.names.keys() {
            keys.insert(n.as_str(), ());
        }
        let mut entries: Vec<(&str, Entry)> = keys
            .into_keys()
            .filter_map(|k| {
                let count = self.counts.get(k).copied().unwrap_or(0);
                let mut by_slot = [0u64; 3];
                free_forms(k, |f, slot| {
                    by_slot[slot as usize] += self.counts.get(f).copied().unwrap_or(0) as u64
                });
                let [conj, prep, art] = by_slot;
                let name = self.names.contains_key(k);
                let clamp = |x: u64| x.min(u32::MAX as u64) as u32;
                let e = Entry {
                    count,
                    free_conj: clamp(conj),
                    free_prep: clamp(prep),
                    free_art: clamp(art),
                    name,
                };
                ((count as u64 + conj + prep + art) >= min_evidence as u64 || name).then_some((k, e))
            })
            .collect();
        entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut b = MapBuilder::memory();
        for (k, e) in entries {
            b.insert(k, e.pack())
                .map_err(|e| LexiconError::Corrupt(e.to_string()))?;
        }
        let payload = b.into_inner().map_err(|e| LexiconError::Corrupt(e.to_string()))?;
        let mut out = Vec::with_capacity(HEADER_LEN + payload.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(KIND);
        out.extend_from_slice(&fnv1a(&payload).to_le_bytes());
        out.extend_from_slice(&(payload.len() as u64).to_le_bytes());
        out.extend_from_slice(&payload);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small() -> Vec<u8> {
        let mut b = LexiconBuilder::new();
        b.add_text("الوزير ووزير لوزير وزير وقال قال قال فقال والحكومة الحكومة حكومة");
        b.add_name("لندن");
        b.build(1).unwrap()
    }

    #[test]
    fn round_trip_counts_and_free_evidence() {
        let lex = Lexicon::from_bytes(&small()).unwrap();
        let e = lex.get("وزير");
        assert_eq!(e.count, 1);
        assert_eq!((e.free_conj, e.free_prep, e.free_art), (1, 1, 1)); // ووزير | لوزير | الوزير
        let q = lex.get("قال");
        assert_eq!((q.count, q.free_conj, q.free_inner()), (2, 2, 0)); // وقال، فقال
        assert_eq!(lex.get("وقال").free(), 0);
        assert!(lex.get("لندن").name);
        assert_eq!(lex.get("حكومة").free_art, 2); // الحكومة، والحكومة
        let big = Entry {
            count: 5_000_000,
            free_conj: 2_000_000,
            free_prep: 3_000_000,
            free_art: 70_000,
            name: true,
        };
        let back = Entry::unpack(big.pack());
        assert_eq!(
            (back.count, back.free_conj, back.free_prep, back.free_art, back.name),
            ((1 << 20) - 1, (1 << 14) - 1, (1 << 14) - 1, (1 << 15) - 1, true)
        );
    }

    #[test]
    fn corrupt_or_foreign_bytes_are_errors() {
        let good = small();
        assert!(matches!(Lexicon::from_bytes(b"RASID"), Err(LexiconError::Truncated(_))));
        assert!(matches!(
            Lexicon::from_bytes(b"NOTALEXICONFILE-------------------"),
            Err(LexiconError::BadMagic)
        ));
        let mut v = good.clone();
        v[8] = 9;
        assert!(matches!(
            Lexicon::from_bytes(&v),
            Err(LexiconError::Version { found: 9, .. })
        ));
        let mut v = good.clone();
        let last = v.len() - 1;
        v[last] ^= 0xff;
        assert!(matches!(Lexicon::from_bytes(&v), Err(LexiconError::Corrupt(_))));
        assert!(matches!(
            Lexicon::from_bytes(&good[..good.len() - 3]),
            Err(LexiconError::Truncated(_))
        ));
        for cut in 0..good.len() {
            let _ = Lexicon::from_bytes(&good[..cut]);
        }
    }
}

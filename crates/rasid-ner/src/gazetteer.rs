//! Names from public lists, as features: which tokens (and runs of tokens) are known
//! person names, places, organisations, given names, CAMEO actors or role words.

use std::collections::BTreeMap;

use fst::{Map, MapBuilder};

pub const PER: u8 = 1;
pub const LOC: u8 = 2;
pub const ORG: u8 = 4;
/// A given name (first names list).
pub const GIVEN: u8 = 8;
/// A name in the UniversalPetrarch actor dictionary.
pub const ACTOR: u8 = 16;
/// A role or agent word (رئيس، وزير، متحدث ...) from the UniversalPetrarch agents list.
pub const AGENT: u8 = 32;

pub const FLAG_NAMES: [(u8, &str); 6] = [
    (PER, "per"),
    (LOC, "loc"),
    (ORG, "org"),
    (GIVEN, "given"),
    (ACTOR, "actor"),
    (AGENT, "agent"),
];

/// Normalised names (words joined by one space) → flags.
pub struct Gazetteer {
    map: Map<Vec<u8>>,
    max_words: usize,
}

impl Gazetteer {
    pub fn from_fst_bytes(bytes: Vec<u8>, max_words: usize) -> Result<Gazetteer, String> {
        Ok(Gazetteer {
            map: Map::new(bytes).map_err(|e| e.to_string())?,
            max_words,
        })
    }

    pub fn empty() -> Gazetteer {
        Gazetteer {
            map: MapBuilder::memory().into_map(),
            max_words: 1,
        }
    }

    pub fn fst_bytes(&self) -> &[u8] {
        self.map.as_fst().as_bytes()
    }

    pub fn max_words(&self) -> usize {
        self.max_words
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    #[inline]
    pub fn get(&self, key: &str) -> u8 {
        self.map.get(key).unwrap_or(0) as u8
    }

    /// A walk along the automaton from its start: feed a multi-word key piece by piece and
    /// read the flags of each prefix, instead of looking up every longer key from scratch
    /// (most words start no entry, and the walk stops there).
    pub fn walk(&self) -> Walk<'_> {
        let fst = self.map.as_fst();
        Walk {
            fst,
            node: fst.root(),
            out: fst::raw::Output::zero(),
        }
    }
}

/// See [`Gazetteer::walk`].
pub struct Walk<'a> {
    fst: &'a fst::raw::Fst<Vec<u8>>,
    node: fst::raw::Node<'a>,
    out: fst::raw::Output,
}

impl Walk<'_> {
    /// Follows `bytes`; false (and the walk is over) when no entry continues with them.
    #[inline]
    pub fn feed(&mut self, bytes: &[u8]) -> bool {
        for &b in bytes {
            match self.node.find_input(b) {
                Some(i) => {
                    let t = self.node.transition(i);
                    self.out = self.out.cat(t.out);
                    self.node = self.fst.node(t.addr);
                }
                None => return false,
            }
        }
        true
    }

    /// The flags of the key fed so far, 0 if it is not an entry.
    #[inline]
    pub fn flags(&self) -> u8 {
        if self.node.is_final() {
            self.out.cat(self.node.final_output()).value() as u8
        } else {
            0
        }
    }
}

/// Collects names; keys are normalised with `rasid_text::normalize` and whitespace-collapsed.
#[derive(Default)]
pub struct GazetteerBuilder {
    entries: BTreeMap<String, u8>,
}

impl GazetteerBuilder {
    pub fn add(&mut self, name: &str, flags: u8) {
        let key = key_of(name);
        if key.chars().count() >= 2 {
            *self.entries.entry(key).or_default() |= flags;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn build(self) -> Gazetteer {
        let mut b = MapBuilder::memory();
        let mut max_words = 1;
        for (k, v) in &self.entries {
            max_words = max_words.max(k.split(' ').count());
            b.insert(k, *v as u64).expect("keys are sorted and unique");
        }
        Gazetteer {
            map: b.into_map(),
            max_words: max_words.min(8),
        }
    }
}

/// The matching key of a name: normalised, words separated by single spaces.
pub fn key_of(name: &str) -> String {
    let n = rasid_text::normalize(name);
    n.split(|c: char| c.is_whitespace() || c == '_')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

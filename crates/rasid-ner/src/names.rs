//! Names learned from unlabelled news: the people, places and organisations of the day.
//!
//! The tagger learned its names from labelled text of 2007; the news it reads names people
//! that text never saw, and a name seen in none of its training sentences is judged by its
//! context alone. News says plainly who its people are, many times over: "الرئيس الأمريكي X Y"
//! puts a name behind a title in thousands of sentences. `rasid build names` gathers the
//! names that stand behind titles across a corpus (`rasid::build::names`); this module holds
//! the list and finds its names in a document.
//!
//! Stored as an `fst` map from a name key (the words' `bare` forms, normalised, without
//! proclitics, pronoun or article, joined by a space) to a packed [`Name`].

use fst::{Map, MapBuilder};
use rasid_core::{EntityType, TokenKind, Word};

pub const FILE_MAGIC: &[u8; 8] = b"RASIDNAM";
pub const FILE_VERSION: u32 = 1;

/// The longest name looked up, in words.
pub const MAX_WORDS: usize = 4;

/// A learned name: its type, whether its last word alone names the same referent (a
/// surname such as the one news uses in headlines), and how often the corpus gave it behind a
/// title.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub kind: EntityType,
    /// The entry is a single word that names the referent on its own.
    pub alone: bool,
    pub count: u32,
    /// The entry is a given name of the labelled data, not a name of the news (it names no
    /// one alone; it marks the first word of a person's name).
    pub given: bool,
    /// The name's last word is written with the article (rather than bare). A single word
    /// matches only in the same form: a bare surname does not match its letters behind ال.
    pub definite: bool,
}

const KINDS: [EntityType; 3] = [EntityType::Per, EntityType::Loc, EntityType::Org];

impl Name {
    fn pack(self) -> u64 {
        let kind = KINDS.iter().position(|&k| k == self.kind).unwrap_or(0) as u64;
        kind | (self.alone as u64) << 2
            | (self.given as u64) << 3
            | (self.definite as u64) << 4
            | (self.count as u64) << 5
    }

    fn unpack(v: u64) -> Name {
        Name {
            kind: KINDS[((v & 3) as usize).min(KINDS.len() - 1)],
            alone: v & 4 != 0,
            given: v & 8 != 0,
            definite: v & 16 != 0,
            count: (v >> 5).min(u32::MAX as u64) as u32,
        }
    }
}

/// The key of a run of words: their `bare` forms joined by a space.
pub fn key<'a>(bares: impl IntoIterator<Item = &'a str>) -> String {
    bares.into_iter().collect::<Vec<_>>().join(" ")
}

pub struct Names {
    map: Map<Vec<u8>>,
}

impl Names {
    pub fn empty() -> Names {
        Names {
            map: MapBuilder::memory().into_map(),
        }
    }

    /// A list from (key, name) pairs in any order.
    pub fn from_entries(mut entries: Vec<(String, Name)>) -> Names {
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries.dedup_by(|a, b| a.0 == b.0);
        let mut b = MapBuilder::memory();
        for (k, n) in entries {
            // Sorted and deduplicated above, so insertion cannot fail.
            let _ = b.insert(k, n.pack());
        }
        Names { map: b.into_map() }
    }

    pub fn to_file_bytes(&self) -> Vec<u8> {
        rasid_text::binary::seal(FILE_MAGIC, FILE_VERSION, self.map.as_fst().as_bytes())
    }

    /// Reads a file written by [`Names::to_file_bytes`]; errors, never panics, on bad bytes.
    pub fn from_file_bytes(b: &[u8]) -> Result<Names, String> {
        let p = rasid_text::binary::open(b, FILE_MAGIC, FILE_VERSION)
            .map_err(|e| format!("names file: {e}; rebuild it with `rasid build names`"))?;
        Ok(Names {
            map: Map::new(p.to_vec()).map_err(|e| format!("names file: {e}"))?,
        })
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.len() == 0
    }

    pub fn get(&self, key: &str) -> Option<Name> {
        self.map.get(key).map(Name::unpack)
    }

    /// Whether the word is a given name of the labelled data.
    pub fn is_given(&self, bare: &str) -> bool {
        self.get(bare).is_some_and(|n| n.given)
    }

    /// Every entry, in key order (for reports and tests).
    pub fn entries(&self) -> Vec<(String, Name)> {
        use fst::Streamer;
        let mut out = Vec::new();
        let mut s = self.map.stream();
        while let Some((k, v)) = s.next() {
            out.push((String::from_utf8_lossy(k).into_owned(), Name::unpack(v)));
        }
        out
    }

    /// The longest learned name starting at token `i` and ending before `end`: its end
    /// token and entry. Only the first word may carry proclitics (وX), none a pronoun;
    /// a single word must be an entry that stands alone.
    pub fn longest_at(&self, kinds: &[TokenKind], words: &[Word], i: usize, end: usize) -> Option<(usize, Name)> {
        let mut best = None;
        // The key of words i..=j, grown one word at a time (the look-up runs at every token).
        let mut k = String::with_capacity(64);
        for j in i..end.min(i + MAX_WORDS) {
            let w = &words[j];
            let word = matches!(kinds[j], TokenKind::Arabic | TokenKind::Latin);
            if !word || w.enclitic.is_some() || (j > i && !w.proclitics.is_empty()) {
                break;
            }
            if j > i {
                k.push(' ');
            }
            k.push_str(&w.bare);
            if let Some(n) = self.get(&k).filter(|n| !n.given) {
                if j > i || (n.alone && n.definite == (w.core != w.bare)) {
                    best = Some((j + 1, n));
                }
            }
        }
        best
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_damaged_files_are_errors() {
        let n = Names::from_entries(vec![
            (
                "اب جد".into(),
                Name {
                    kind: EntityType::Per,
                    alone: false,
                    count: 7,
                    given: false,
                    definite: false,
                },
            ),
            (
                "جد".into(),
                Name {
                    kind: EntityType::Per,
                    alone: true,
                    count: 3,
                    given: false,
                    definite: false,
                },
            ),
            (
                "هوز".into(),
                Name {
                    kind: EntityType::Org,
                    alone: true,
                    count: 1 << 20,
                    given: false,
                    definite: false,
                },
            ),
            (
                "اب".into(),
                Name {
                    kind: EntityType::Per,
                    alone: false,
                    count: 0,
                    given: true,
                    definite: false,
                },
            ),
        ]);
        let bytes = n.to_file_bytes();
        let back = Names::from_file_bytes(&bytes).unwrap();
        assert_eq!(back.entries(), n.entries());
        assert_eq!(
            back.get("هوز").map(|x| (x.kind, x.count)),
            Some((EntityType::Org, 1 << 20))
        );
        assert!(back.is_given("اب") && !back.is_given("جد"));
        for cut in [0, 8, bytes.len() / 2, bytes.len() - 1] {
            assert!(Names::from_file_bytes(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        let last = flipped.len() - 1;
        flipped[last] ^= 1;
        assert!(Names::from_file_bytes(&flipped).is_err());
    }
}

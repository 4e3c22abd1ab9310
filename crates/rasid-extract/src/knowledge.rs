//! The knowledge the extraction layers use, built from public data by `rasid build
//! knowledge` and shipped as one versioned JSON file (`data/knowledge.json`):
//!
//! - `titles`: head words of titles and offices (رئيس، وزير، المتحدث، العقيد ...), from the
//!   UniversalPetrarch agents list and the occupation (OCC) spans of the Wojood sample;
//! - `nationalities`: nationality adjectives mapped to their country (adjective → country),
//!   derived from the country list and kept only when the news corpus attests them;
//! - `places`: countries and cities with country code, coordinates, population, capital flag
//!   (mledoze countries, GeoNames cities over 15,000 people);
//! - `actors`: the UniversalPetrarch Arabic actor dictionary, names with CAMEO codes and
//!   date ranges.

use std::collections::HashMap;

use rasid_core::PlaceKind;
use serde::{Deserialize, Serialize};

pub const MAGIC: &str = "rasid.knowledge";
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("knowledge file is not valid JSON")]
    Json(#[from] serde_json::Error),
    #[error("not a rasid knowledge file (magic `{0}`); rebuild it with `rasid build knowledge`")]
    BadMagic(String),
    #[error("knowledge file version {found} is not supported (this build reads {expected}); rebuild it with `rasid build knowledge`")]
    Version { found: u32, expected: u32 },
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Place {
    /// English name.
    pub name: String,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    pub population: u64,
    pub kind: PlaceKind,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq)]
pub struct ActorCode {
    pub code: String,
    /// `YYYYMMDD`, or empty when the dictionary gives no date.
    pub from: String,
    pub to: String,
}

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct KnowledgeFile {
    pub magic: String,
    pub version: u32,
    pub sources: Vec<String>,
    pub command: String,
    pub titles: Vec<String>,
    /// Adjective (normalised, without the article, masculine) → country (Arabic, as written in the country list).
    pub nationalities: Vec<(String, String)>,
    /// Normalised Arabic name → places with that name.
    pub places: Vec<(String, Vec<Place>)>,
    /// Normalised Arabic name → CAMEO codes.
    pub actors: Vec<(String, Vec<ActorCode>)>,
}

/// The knowledge, indexed for look-ups.
#[derive(Debug, Default)]
pub struct Knowledge {
    titles: HashMap<String, ()>,
    nationalities: HashMap<String, String>,
    places: HashMap<String, Vec<Place>>,
    actors: HashMap<String, Vec<ActorCode>>,
}

/// Every form of each nationality adjective (masculine, normalised): the feminine (ه, as
/// ة normalises), the plurals in ين and ون. A form that is also another adjective's form
/// goes to the adjective it is most directly: the word itself, then a feminine, then a
/// plural in ين, then in ون.
fn nationality_forms(adjectives: impl Iterator<Item = (String, String)>) -> HashMap<String, String> {
    let adjectives: Vec<(String, String)> = adjectives.collect();
    let mut forms = HashMap::new();
    for ending in ["ون", "ين", "ه", ""] {
        for (a, country) in &adjectives {
            forms.insert(format!("{a}{ending}"), country.clone());
        }
    }
    forms
}

impl Knowledge {
    pub fn from_json(bytes: &[u8]) -> Result<Knowledge, KnowledgeError> {
        let f: KnowledgeFile = serde_json::from_slice(bytes)?;
        if f.magic != MAGIC {
            return Err(KnowledgeError::BadMagic(f.magic));
        }
        if f.version != FORMAT_VERSION {
            return Err(KnowledgeError::Version {
                found: f.version,
                expected: FORMAT_VERSION,
            });
        }
        // The builder writes normalised words; normalising again on load keeps a file
        // edited by hand (or built by an older normaliser) from holding forms no token has.
        let norm = |w: String| rasid_text::normalize(&w);
        Ok(Knowledge {
            titles: f.titles.into_iter().map(|t| (norm(t), ())).collect(),
            nationalities: nationality_forms(f.nationalities.into_iter().map(|(a, c)| (norm(a), c))),
            places: f.places.into_iter().collect(),
            actors: f.actors.into_iter().collect(),
        })
    }

    /// Whether a normalised word without its article heads a title (رئيس، وزير، عقيد).
    pub fn is_title(&self, bare: &str) -> bool {
        self.titles.contains_key(bare)
    }

    /// The country of a nationality adjective (normalised, without article, in any of its
    /// forms, the feminine and the plurals too).
    pub fn nationality(&self, bare: &str) -> Option<&str> {
        self.nationalities.get(bare).map(String::as_str)
    }

    /// Places named `norm` (normalised), the preferred reading first: a country, then a
    /// capital, then by population.
    pub fn places(&self, norm: &str) -> &[Place] {
        self.places.get(norm).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn actor(&self, norm: &str) -> &[ActorCode] {
        self.actors.get(norm).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.titles.len(),
            self.nationalities.len(),
            self.places.len(),
            self.actors.len(),
        )
    }
}

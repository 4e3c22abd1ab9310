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
//!   date ranges;
//! - `latin_names`, `latin_words`: Latin forms of actor names and of their words, from the
//!   UniversalPetrarch English actor dictionaries aligned with the Arabic one;
//! - `countries`: each country's ISO 3166-1 alpha-3 code (the first three letters of a CAMEO
//!   actor code: XXXGOV acts for the country XXX) with its Arabic name (mledoze countries);
//! - `clitic_words`: words that read like a clitic letter and a place name (باندورا is not
//!   ب + اندورا): the news uses the whole word more than the name alone.

use std::collections::HashMap;

use rasid_core::PlaceKind;
use serde::{Deserialize, Serialize};

pub const MAGIC: &str = "rasid.knowledge";
/// Version 2 added `latin_names`, `latin_words` and `clitic_words`; version 3 `countries`.
pub const FORMAT_VERSION: u32 = 4;

#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error("knowledge file is not valid JSON")]
    Json(#[from] serde_json::Error),
    #[error("not a rasid knowledge file (magic `{0}`); rebuild it with `rasid build knowledge`")]
    BadMagic(String),
    #[error("knowledge file version {found} is not supported (this build reads {expected}); rebuild it with `rasid build knowledge`")]
    Version { found: u32, expected: u32 },
    #[error("knowledge file is corrupt: {0}; rebuild it with `rasid build knowledge`")]
    Corrupt(String),
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
    /// Normalised Arabic name (words joined by one space) → its Latin form.
    pub latin_names: Vec<(String, String)>,
    /// Normalised Arabic word → its usual Latin form in names.
    pub latin_words: Vec<(String, String)>,
    /// Normalised words that are not a clitic letter + a place name.
    pub clitic_words: Vec<String>,
    /// ISO 3166-1 alpha-3 code → the country's Arabic name.
    pub countries: Vec<(String, String)>,
    /// ISO 3166-1 alpha-2 code (the gazetteer's) → alpha-3 code (CAMEO's actor codes).
    pub alpha3: Vec<(String, String)>,
}

/// The knowledge, indexed for look-ups.
#[derive(Debug, Default)]
pub struct Knowledge {
    titles: HashMap<String, ()>,
    nationalities: HashMap<String, String>,
    places: HashMap<String, Vec<Place>>,
    actors: HashMap<String, Vec<ActorCode>>,
    latin_names: HashMap<String, String>,
    latin_words: HashMap<String, String>,
    clitic_words: HashMap<String, ()>,
    countries: HashMap<String, String>,
    /// Arabic country name (normalised) → alpha-3 code: `countries` reversed.
    country_codes: HashMap<String, String>,
    alpha3: HashMap<String, String>,
}

/// Every form of each nationality adjective (masculine, normalised; two words for a pair
/// such as كوري شمالي): the feminine (ه, as ة normalises), the plurals in ين and ون. A form that is also another adjective's form
/// goes to the adjective it is most directly: the word itself, then a feminine, then a
/// plural in ين, then in ون.
fn nationality_forms(adjectives: impl Iterator<Item = (String, String)>) -> HashMap<String, String> {
    let adjectives: Vec<(String, String)> = adjectives.collect();
    let mut forms = HashMap::new();
    for ending in ["ون", "ين", "ه", ""] {
        for (a, country) in &adjectives {
            // Both words of a pair agree: كورية شمالية.
            let form: Vec<String> = a.split(' ').map(|w| format!("{w}{ending}")).collect();
            forms.insert(form.join(" "), country.clone());
        }
    }
    forms
}

/// What serde cannot check: a place with no name or coordinates off the globe, a Latin
/// form that is empty or not Latin (it is printed as the entity's name).
fn check(f: &KnowledgeFile) -> Result<(), KnowledgeError> {
    for (key, places) in &f.places {
        for p in places {
            if p.name.is_empty() || !(-90.0..=90.0).contains(&p.lat) || !(-180.0..=180.0).contains(&p.lon) {
                return Err(KnowledgeError::Corrupt(format!(
                    "place `{key}` has no name or bad coordinates"
                )));
            }
        }
    }
    for (key, latin) in f.latin_names.iter().chain(&f.latin_words) {
        if key.is_empty() || latin.is_empty() || !latin.chars().all(|c| c.is_ascii_graphic() || c == ' ') {
            return Err(KnowledgeError::Corrupt(format!("Latin form `{latin}` of `{key}`")));
        }
    }
    Ok(())
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
        check(&f)?;
        // The builder writes normalised words; normalising again on load keeps a file
        // edited by hand (or built by an older normaliser) from holding forms no token has.
        let norm = |w: String| rasid_text::normalize(&w);
        Ok(Knowledge {
            titles: f.titles.into_iter().map(|t| (norm(t), ())).collect(),
            nationalities: nationality_forms(f.nationalities.into_iter().map(|(a, c)| (norm(a), c))),
            places: f.places.into_iter().collect(),
            actors: f.actors.into_iter().collect(),
            latin_names: f.latin_names.into_iter().map(|(a, l)| (norm(a), l)).collect(),
            latin_words: f.latin_words.into_iter().map(|(a, l)| (norm(a), l)).collect(),
            clitic_words: f.clitic_words.into_iter().map(|w| (norm(w), ())).collect(),
            country_codes: f.countries.iter().map(|(c, a)| (norm(a.clone()), c.clone())).collect(),
            countries: f.countries.into_iter().collect(),
            alpha3: f.alpha3.into_iter().collect(),
        })
    }

    /// The Arabic name of the country whose alpha-3 code begins a CAMEO actor code (XXXGOV
    /// → the country XXX); none for the codes of bodies that are not states (IGOUNO).
    pub fn country_of_actor(&self, code: &str) -> Option<&str> {
        self.countries.get(code.get(..3)?).map(String::as_str)
    }

    /// Whether any place has the normalised name `norm`.
    /// The alpha-3 code of a country named in Arabic (as the nationality adjectives name it).
    pub fn country_code(&self, arabic: &str) -> Option<&str> {
        self.country_codes
            .get(&rasid_text::normalize(arabic))
            .map(String::as_str)
    }

    /// The alpha-3 code of an alpha-2 code (IR → IRN).
    pub fn alpha3(&self, alpha2: &str) -> Option<&str> {
        self.alpha3.get(alpha2).map(String::as_str)
    }

    pub fn is_place(&self, norm: &str) -> bool {
        self.places.contains_key(norm)
    }

    /// The Latin form of a whole name (normalised, words joined by one space), when a
    /// source gives one.
    pub fn latin_name(&self, norm: &str) -> Option<&str> {
        self.latin_names.get(norm).map(String::as_str)
    }

    /// The usual Latin form of one word of a name (normalised).
    pub fn latin_word(&self, norm: &str) -> Option<&str> {
        self.latin_words.get(norm).map(String::as_str)
    }

    /// Whether a normalised word is a word of its own, not a clitic letter + a place name.
    pub fn is_clitic_word(&self, norm: &str) -> bool {
        self.clitic_words.contains_key(norm)
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

    /// The one place a name most likely means on a map: a country, else the most populous
    /// of its readings (the entity linker's preference).
    pub fn best_place(&self, norm: &str) -> Option<&Place> {
        let candidates = self.places(norm);
        candidates
            .iter()
            .find(|c| matches!(c.kind, rasid_core::PlaceKind::Country))
            .or_else(|| candidates.iter().max_by_key(|c| c.population))
    }

    pub fn actor(&self, norm: &str) -> &[ActorCode] {
        self.actors.get(norm).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Titles, nationality forms, place names, actor names.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.titles.len(),
            self.nationalities.len(),
            self.places.len(),
            self.actors.len(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> serde_json::Value {
        serde_json::json!({
            "magic": MAGIC, "version": FORMAT_VERSION, "sources": [], "command": "",
            "titles": [], "nationalities": [], "actors": [], "clitic_words": ["باندورا"],
            "countries": [["AND", "أندورا"]], "alpha3": [["AD", "AND"]],
            "places": [["اندورا", [{"name": "Andorra", "country": "AD", "lat": 42.5, "lon": 1.5,
                                     "population": 0, "kind": "country"}]]],
            "latin_names": [["عمر البشير", "Omar al-Bashir"]], "latin_words": [["عمر", "Omar"]],
        })
    }

    #[test]
    fn a_good_file_loads_and_answers() {
        let k = Knowledge::from_json(file().to_string().as_bytes()).expect("loads");
        assert!(k.is_place("اندورا") && k.is_clitic_word("باندورا"));
        assert_eq!(k.latin_name("عمر البشير"), Some("Omar al-Bashir"));
        assert_eq!(k.latin_word("عمر"), Some("Omar"));
        assert_eq!(k.country_of_actor("ANDGOV"), Some("أندورا"));
        assert_eq!(k.country_of_actor("IGOUNO"), None);
        assert_eq!(k.country_of_actor("AN"), None);
        assert_eq!((k.alpha3("AD"), k.country_code("أندورا")), (Some("AND"), Some("AND")));
    }

    #[test]
    fn bad_files_are_errors_not_panics() {
        let mut v = file();
        v["version"] = 1.into();
        assert!(matches!(
            Knowledge::from_json(v.to_string().as_bytes()),
            Err(KnowledgeError::Version { .. })
        ));
        let mut v = file();
        v["latin_words"] = serde_json::json!([["عمر", "عمر"]]);
        assert!(matches!(
            Knowledge::from_json(v.to_string().as_bytes()),
            Err(KnowledgeError::Corrupt(_))
        ));
        let mut v = file();
        v["places"][0][1][0]["lat"] = 400.0.into();
        assert!(matches!(
            Knowledge::from_json(v.to_string().as_bytes()),
            Err(KnowledgeError::Corrupt(_))
        ));
        let mut v = file();
        v.as_object_mut().unwrap().remove("clitic_words");
        assert!(Knowledge::from_json(v.to_string().as_bytes()).is_err());
        for n in [0, 1, 10, 100] {
            let bytes = file().to_string().into_bytes();
            assert!(Knowledge::from_json(&bytes[..n.min(bytes.len())]).is_err());
        }
    }
}

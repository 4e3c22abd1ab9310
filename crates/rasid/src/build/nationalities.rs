//! The nationality adjectives of `data/lang/nationalities.toml`, each with the Arabic name of
//! its country, which the country list gives by ISO code: the `nationalities` of
//! data/knowledge.json.

use std::collections::BTreeMap;

use rasid_extract::lang::{self, LangError};
use serde::Deserialize;

use super::sources::{Country, SourceError};

const FILE: &str = "data/lang/nationalities.toml";
const MAGIC: &str = "rasid.lang.nationalities";
const VERSION: u32 = 1;
static NATIONALITIES: &str = include_str!("../../../../data/lang/nationalities.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Adjective {
    word: String,
    #[serde(default)]
    also: Vec<String>,
    country: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pair {
    words: [String; 2],
    country: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    adjective: Vec<Adjective>,
    pair: Vec<Pair>,
}

/// (adjective, normalised and masculine; a pair's two words joined by a space) → the
/// country's Arabic common name, for every adjective of the file.
pub fn nationalities(countries: &[Country]) -> Result<Vec<(String, String)>, SourceError> {
    Ok(from_toml(NATIONALITIES, countries)?)
}

fn from_toml(text: &str, countries: &[Country]) -> Result<Vec<(String, String)>, LangError> {
    let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
    let by_code: BTreeMap<&str, &str> = countries
        .iter()
        .filter_map(|c| Some((c.cca2.as_str(), c.arabic.as_deref().filter(|a| !a.is_empty())?)))
        .collect();
    let country = |code: &str| {
        by_code
            .get(code)
            .map(|c| c.to_string())
            .ok_or_else(|| LangError::Invalid {
                file: FILE,
                what: format!("country code `{code}` is not in the country list"),
            })
    };
    let mut out = BTreeMap::new();
    for a in &f.adjective {
        let c = country(&a.country)?;
        for w in std::iter::once(&a.word).chain(&a.also) {
            out.insert(lang::normal(FILE, w)?, c.clone());
        }
    }
    for p in &f.pair {
        let words = [lang::normal(FILE, &p.words[0])?, lang::normal(FILE, &p.words[1])?];
        out.insert(words.join(" "), country(&p.country)?);
    }
    Ok(out.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn country(cca2: &str, arabic: &str) -> Country {
        Country {
            cca2: cca2.into(),
            arabic: Some(arabic.into()),
            ..Country::default()
        }
    }

    #[test]
    fn spellings_and_pairs_name_their_country_by_code() {
        let text = "magic = \"rasid.lang.nationalities\"\nversion = 1\nadjective = [{ word = \"أمريكي\", also = [\"أميركي\"], country = \"US\" }]\npair = [{ words = [\"كوري\", \"شمالي\"], country = \"KP\" }]";
        let cs = [country("US", "أ"), country("KP", "ك")];
        let n = from_toml(text, &cs).expect("loads");
        assert_eq!(
            n,
            [
                ("امريكي".to_string(), "أ".to_string()),
                ("اميركي".to_string(), "أ".to_string()),
                ("كوري شمالي".to_string(), "ك".to_string())
            ]
        );
        assert!(from_toml(text, &cs[..1]).unwrap_err().to_string().contains("`KP`"));
    }

    #[test]
    fn the_shipped_file_parses() {
        let f: File = lang::parse(FILE, NATIONALITIES, MAGIC, VERSION).expect("parses");
        assert!(f.adjective.len() > 100);
    }
}

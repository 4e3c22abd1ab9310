//! Closed-class language knowledge as data: the word lists of the extraction stages
//! (`data/lang/*.toml`: time words, reporting verbs, event triggers), loaded and checked
//! here by one small mechanism.
//!
//! - Words are written in ordinary spelling and normalised on load by the normaliser the
//!   text goes through (`rasid_text::normalize`), so a list can never hold a form no token
//!   can have (the ئ → ي, ة → ه class of bug).
//! - Inflections are generated ([`inflect`]), not listed.
//! - Every row carries an example sentence; [`Example`]s are what one table test
//!   (`crates/rasid/tests/language.rs`) runs through the whole pipeline.
//! - Each file starts with a magic string and a format version, as every shipped file does.

pub mod inflect;

use serde::de::DeserializeOwned;

/// Why a language file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LangError {
    #[error("{file}: {source}")]
    Toml {
        file: &'static str,
        #[source]
        source: toml::de::Error,
    },
    #[error("{file}: not a rasid language file of this kind (magic `{found}`, expected `{expected}`)")]
    BadMagic {
        file: &'static str,
        found: String,
        expected: &'static str,
    },
    #[error("{file}: format version {found} is not supported (this build reads {expected})")]
    Version {
        file: &'static str,
        found: u32,
        expected: u32,
    },
    #[error("{file}: {what}")]
    Invalid { file: &'static str, what: String },
}

/// The header every language file starts with.
#[derive(serde::Deserialize)]
struct Header {
    magic: String,
    version: u32,
}

/// Parses a language file after checking its magic string and version. The header is
/// taken off before the body is read, so a loader's file type holds the body's keys only
/// (and may deny unknown ones).
pub fn parse<T: DeserializeOwned>(
    file: &'static str,
    text: &str,
    magic: &'static str,
    version: u32,
) -> Result<T, LangError> {
    let toml_err = |source| LangError::Toml { file, source };
    let header: Header = toml::from_str(text).map_err(toml_err)?;
    if header.magic != magic {
        return Err(LangError::BadMagic {
            file,
            found: header.magic,
            expected: magic,
        });
    }
    if header.version != version {
        return Err(LangError::Version {
            file,
            found: header.version,
            expected: version,
        });
    }
    let mut body: toml::Table = toml::from_str(text).map_err(toml_err)?;
    body.remove("magic");
    body.remove("version");
    toml::Value::Table(body).try_into().map_err(toml_err)
}

/// One example sentence of a language file, for the table test.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Example {
    /// `time`, `quotes`, `events`.
    pub file: &'static str,
    /// The group of the row (`unit`, `verb`, `trigger` ...).
    pub group: String,
    /// The row's first word as written in the file.
    pub word: String,
    /// Every word the row lists, as written: the table test puts each in the example in
    /// place of the one the example uses.
    pub listed: Vec<String>,
    /// Every normalised form the row gives (inflections included): the result must cover a
    /// token with one of them.
    pub forms: Vec<String>,
    pub text: String,
    /// What the stage must give for the example: a TIMEX3 value, a CAMEO code, how a
    /// quotation's speaker was found ...
    pub expect: Option<String>,
    /// The TIMEX3 `mod` the expression must carry (modifier and approximation rows).
    pub modifier: Option<String>,
    /// Whether the stage's result must cover the row's word (false for context words such
    /// as "words after which a number is a year", which are not part of the expression).
    pub covers_word: bool,
}

/// A normalised word of a list, or an error naming the file and the word.
pub fn normal(file: &'static str, word: &str) -> Result<String, LangError> {
    let n = rasid_text::normalize(word.trim());
    if n.is_empty() || n.contains(char::is_whitespace) {
        return Err(LangError::Invalid {
            file,
            what: format!("`{word}` is not one word"),
        });
    }
    Ok(n)
}

/// The normalised forms of a list of words, each with the inflections `how` generates.
pub fn forms(file: &'static str, words: &[String], how: Option<inflect::Inflect>) -> Result<Vec<String>, LangError> {
    let mut out = Vec::new();
    for w in words {
        for f in inflect::forms(w, how) {
            out.push(normal(file, &f)?);
        }
    }
    Ok(out)
}

/// A serde default: `true`.
pub(crate) fn yes() -> bool {
    true
}

/// The letters of a list of one-letter clitics (ب، ل ...), or an error naming the file.
pub(crate) fn letters(file: &'static str, ws: &[String]) -> Result<Vec<char>, LangError> {
    ws.iter()
        .map(|w| {
            let mut cs = w.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => Ok(c),
                _ => Err(LangError::Invalid {
                    file,
                    what: format!("`{w}` is not one letter"),
                }),
            }
        })
        .collect()
}

/// The normalised words of a phrase (`كانون الثاني` → [كانون, الثاني]).
pub fn phrase(file: &'static str, words: &str) -> Result<Vec<String>, LangError> {
    let ws: Vec<String> = words
        .split_whitespace()
        .map(|w| normal(file, w))
        .collect::<Result<_, _>>()?;
    if ws.is_empty() {
        return Err(LangError::Invalid {
            file,
            what: "an empty phrase".into(),
        });
    }
    Ok(ws)
}

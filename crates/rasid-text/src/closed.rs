//! The segmenter's closed-class words (`data/lang/clitics.toml`): particles never split,
//! words with ال but no article, function words that take ب and ك, two-letter stems, and
//! the pronoun suffixes with their weights.
//!
//! They are matched on the segmenter's key (letters without diacritics, tatweel or
//! invisible marks; hamza forms kept, since the stem lexicon keeps them), and reduced to it
//! on load. The file is compiled in and parsed once, on first use.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::normalize::is_key_char;

pub const MAGIC: &str = "rasid.lang.clitics";
pub const VERSION: u32 = 1;

/// The embedded file.
pub static CLITIC_WORDS: &str = include_str!("../../../data/lang/clitics.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    #[serde(default)]
    words: Vec<String>,
    example: String,
    expect: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Pronoun {
    suffix: String,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    magic: String,
    version: u32,
    never_split: Group,
    no_article: Group,
    function_hosts: Group,
    short_stems: Group,
    pronouns: Vec<Pronoun>,
    pronoun_example: Group,
}

/// Why the clitic word file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ClosedError {
    #[error("data/lang/clitics.toml: {0}")]
    Toml(#[from] toml::de::Error),
    #[error("data/lang/clitics.toml: magic `{0}` and version {1}, expected `{MAGIC}` and {VERSION}")]
    Header(String, u32),
    #[error("data/lang/clitics.toml: `{0}` has no letters")]
    Empty(String),
}

/// The closed-class words, reduced to the segmenter's key.
#[derive(Debug)]
pub struct ClosedClass {
    never_split: Vec<String>,
    no_article: Vec<String>,
    function_hosts: Vec<String>,
    short_stems: Vec<String>,
    pronouns: Vec<(String, f64)>,
    /// (group, example word, expected segmentation joined by +), for the table test.
    pub examples: Vec<(&'static str, String, String)>,
}

fn key(w: &str) -> Result<String, ClosedError> {
    let k: String = w.trim().chars().filter(|&c| is_key_char(c)).collect();
    if k.is_empty() {
        return Err(ClosedError::Empty(w.to_string()));
    }
    Ok(k)
}

fn keys(g: &Group) -> Result<Vec<String>, ClosedError> {
    g.words.iter().map(|w| key(w)).collect()
}

impl ClosedClass {
    pub fn from_toml(text: &str) -> Result<ClosedClass, ClosedError> {
        let f: File = toml::from_str(text)?;
        if f.magic != MAGIC || f.version != VERSION {
            return Err(ClosedError::Header(f.magic, f.version));
        }
        let examples = [
            ("never_split", &f.never_split),
            ("no_article", &f.no_article),
            ("function_hosts", &f.function_hosts),
            ("short_stems", &f.short_stems),
            ("pronouns", &f.pronoun_example),
        ]
        .into_iter()
        .map(|(name, g)| (name, g.example.clone(), g.expect.clone()))
        .collect();
        Ok(ClosedClass {
            never_split: keys(&f.never_split)?,
            no_article: keys(&f.no_article)?,
            function_hosts: keys(&f.function_hosts)?,
            short_stems: keys(&f.short_stems)?,
            pronouns: f
                .pronouns
                .iter()
                .map(|p| Ok((key(&p.suffix)?, p.weight)))
                .collect::<Result<_, ClosedError>>()?,
            examples,
        })
    }

    pub fn is_never_split(&self, w: &str) -> bool {
        self.never_split.iter().any(|x| x == w)
    }

    pub fn never_split_words(&self) -> impl Iterator<Item = &str> {
        self.never_split.iter().map(String::as_str)
    }

    pub fn has_no_article(&self, w: &str) -> bool {
        self.no_article.iter().any(|x| x == w)
    }

    pub fn is_function_host(&self, w: &str) -> bool {
        self.function_hosts.iter().any(|x| x == w)
    }

    pub fn is_short_stem(&self, w: &str) -> bool {
        self.short_stems.iter().any(|x| x == w)
    }

    pub fn is_pronoun(&self, w: &str) -> bool {
        self.pronouns.iter().any(|(s, _)| s == w)
    }

    pub fn pronoun_count(&self) -> usize {
        self.pronouns.len()
    }

    /// The `i`-th pronoun suffix and its log-weight.
    pub fn pronoun(&self, i: usize) -> (&str, f64) {
        let (s, w) = &self.pronouns[i];
        (s, *w)
    }
}

/// The compiled-in closed-class words. The file is part of the binary and checked by the
/// tests below, so a failure here is a build that should not have shipped.
pub fn closed() -> &'static ClosedClass {
    static CLOSED: OnceLock<ClosedClass> = OnceLock::new();
    CLOSED.get_or_init(|| {
        ClosedClass::from_toml(CLITIC_WORDS).unwrap_or_else(|e| panic!("the embedded clitic words do not load: {e}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_file_loads() {
        let c = ClosedClass::from_toml(CLITIC_WORDS).unwrap();
        assert!(c.is_never_split("كأن") && c.is_short_stem("يد") && c.is_pronoun("هما"));
        assert_eq!(c.pronoun(0), ("هما", -1.0));
    }

    #[test]
    fn a_bad_file_is_an_error() {
        assert!(ClosedClass::from_toml("magic = 1").is_err());
        let wrong = CLITIC_WORDS.replace("version = 1", "version = 2");
        assert!(matches!(ClosedClass::from_toml(&wrong), Err(ClosedError::Header(_, 2))));
    }
}

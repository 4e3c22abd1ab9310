//! The title words of `data/lang/titles.toml`, normalised: what heads a person's role.

use std::collections::HashMap;

use serde::Deserialize;

use crate::lang::inflect::Inflect;
use crate::lang::{self, LangError};

const FILE: &str = "data/lang/titles.toml";
pub const MAGIC: &str = "rasid.lang.titles";
pub const VERSION: u32 = 1;

/// The embedded file.
pub static TITLE_WORDS: &str = include_str!("../../../data/lang/titles.toml");

/// What a word does in a title phrase.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Title {
    /// An office or position (وزير، رئيس، المتحدث، المدرب): the head of a role.
    Office,
    /// A rank or a form of address (الملك، الشيخ، اللواء): a role of its own only when
    /// nothing better is given.
    Honorific,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Group {
    words: Vec<String>,
    #[serde(default)]
    inflect: Option<Inflect>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    office: Group,
    honorific: Group,
    stop: Group,
    apposition: Group,
}

/// The title words, normalised (the look-ups take a word without proclitics and article,
/// `Word::bare`, or as written for `stop` and `apposition`, `Word::form`).
#[derive(Debug, Default)]
pub struct TitleWords {
    titles: HashMap<String, Title>,
    stop: HashMap<String, ()>,
    apposition: HashMap<String, ()>,
}

impl TitleWords {
    pub fn embedded() -> Result<TitleWords, LangError> {
        TitleWords::from_toml(TITLE_WORDS)
    }

    pub fn from_toml(text: &str) -> Result<TitleWords, LangError> {
        let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
        let mut t = TitleWords::default();
        // Offices go last: a word in both groups is an office.
        for (group, kind) in [(&f.honorific, Title::Honorific), (&f.office, Title::Office)] {
            for w in forms(group)? {
                t.titles.insert(w, kind);
            }
        }
        t.stop = forms(&f.stop)?.into_iter().map(|w| (w, ())).collect();
        t.apposition = forms(&f.apposition)?.into_iter().map(|w| (w, ())).collect();
        Ok(t)
    }

    /// What the word (normalised, without proclitics and article) does in a title.
    pub fn title(&self, bare: &str) -> Option<Title> {
        self.titles.get(bare).copied()
    }

    /// Whether a title phrase before a name stops at this word (normalised, as written
    /// after proclitics: `Word::form`).
    pub fn stops(&self, form: &str) -> bool {
        self.stop.contains_key(form)
    }

    /// Whether the word puts a title after a name (وهو، وهي).
    pub fn apposition(&self, norm: &str) -> bool {
        self.apposition.contains_key(norm)
    }
}

fn forms(g: &Group) -> Result<Vec<String>, LangError> {
    lang::forms(FILE, &g.words, g.inflect)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feminines_are_generated_and_offices_win() {
        let t = TitleWords::embedded().expect("the embedded title words load");
        for w in ["رييس", "رييسه", "نايبه", "مستشاره", "متحدثه", "وزيره"] {
            assert_eq!(t.title(w), Some(Title::Office), "{w}");
        }
        assert_eq!(t.title("ملك"), Some(Title::Honorific));
        assert_eq!(t.title("امام"), None, "أمام is not a title");
        assert!(t.stops("ان") && t.apposition("وهو"));
    }

    #[test]
    fn bad_files_are_errors() {
        assert!(TitleWords::from_toml("magic = \"x\"\nversion = 1").is_err());
        let no_stop = "magic = \"rasid.lang.titles\"\nversion = 1\noffice = { words = [\"a\"] }";
        assert!(TitleWords::from_toml(no_stop).is_err());
        let two_words = TITLE_WORDS.replace("\"رئيس\",", "\"رئيس الوزراء\",");
        assert!(TitleWords::from_toml(&two_words).is_err());
    }
}

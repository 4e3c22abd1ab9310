//! The reporting words of `data/lang/quotes.toml`, normalised and indexed.

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::lang::inflect::{self, Inflect};
use crate::lang::{self, Example, LangError};

const FILE: &str = "data/lang/quotes.toml";
pub const MAGIC: &str = "rasid.lang.quotes";
pub const VERSION: u32 = 1;

/// The embedded file.
pub static QUOTE_WORDS: &str = include_str!("../../../../data/lang/quotes.toml");

/// How a reporting word introduces a quotation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verb {
    /// قال، أضاف: the speaker is its subject.
    Finite,
    /// قائلا، مضيفا: the speaker is the subject of the sentence.
    Participle,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct VerbRow {
    #[serde(default)]
    past: Option<String>,
    #[serde(default)]
    present: Option<String>,
    #[serde(default)]
    forms: Vec<String>,
    #[serde(default)]
    participle: Option<String>,
    /// Whether the masculine dual of the perfect (قالا), the participle's feminine (قائلة)
    /// and its plural (قائلين) are generated.
    #[serde(default = "lang::yes")]
    dual: bool,
    #[serde(default = "lang::yes")]
    feminine: bool,
    #[serde(default = "lang::yes")]
    plural: bool,
    /// Prepositions whose object is the content when no إن/أن or quotation follows.
    #[serde(default)]
    object: Vec<String>,
    /// Whether the verb reports only with one of its prepositions.
    #[serde(default)]
    needs_object: bool,
    /// Whether a definite noun object is the content.
    #[serde(default)]
    noun_object: bool,
    /// The word after which the speaker is named (نقل عن X).
    #[serde(default)]
    source: Option<String>,
    example: String,
    /// How the example's speaker must be found.
    #[serde(default)]
    expect: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WordsRow {
    words: Vec<String>,
    #[serde(default)]
    inflect: Option<Inflect>,
    example: String,
    /// How the example's speaker must be found (`statement` ...).
    #[serde(default)]
    expect: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    verb: Vec<VerbRow>,
    that: WordsRow,
    marks: Vec<[String; 2]>,
    prepositions: WordsRow,
    preposition_clitics: Vec<String>,
    statement: WordsRow,
    not_after: WordsRow,
    not_speaker: WordsRow,
    name_heads: WordsRow,
    fronting: WordsRow,
    relative: WordsRow,
}

/// A preposition that opens a verb's content: a proclitic letter (ب) or a word (إلى).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Preposition {
    Clitic(char),
    Word(String),
}

/// What a reporting verb's clause looks like besides its subject and content.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Frame {
    pub object: Vec<Preposition>,
    /// The verb reports only when one of `object` follows it (عبر عن).
    pub needs_object: bool,
    /// A definite noun after the subject (or a noun with a pronoun right after the verb)
    /// is the content when nothing else opens it (نفت الوزارة صحة التقارير).
    pub noun_object: bool,
    /// Normalised: the speaker comes after this word.
    pub source: Option<String>,
}

/// The reporting words, normalised.
#[derive(Debug, Default)]
pub struct QuoteWords {
    /// Form → (how it reports, its row's frame in `frames`).
    pub verbs: HashMap<String, (Verb, usize)>,
    pub frames: Vec<Frame>,
    pub that: HashSet<String>,
    /// Opening mark → closing mark.
    pub marks: Vec<(String, String)>,
    pub prepositions: HashSet<String>,
    pub preposition_clitics: Vec<char>,
    pub statement: Vec<String>,
    pub not_after: HashSet<String>,
    pub not_speaker: HashSet<String>,
    /// Normalised, without the article.
    pub name_heads: HashSet<String>,
    pub fronting: HashSet<String>,
    pub relative: HashSet<String>,
    examples: Vec<Example>,
}

impl QuoteWords {
    pub fn embedded() -> Result<QuoteWords, LangError> {
        QuoteWords::from_toml(QUOTE_WORDS)
    }

    pub fn from_toml(text: &str) -> Result<QuoteWords, LangError> {
        let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
        let mut q = QuoteWords::default();
        for row in &f.verb {
            q.add_verb(row)?;
        }
        q.that = q.words("that", &f.that, false)?.into_iter().collect();
        q.prepositions = q.words("prepositions", &f.prepositions, false)?.into_iter().collect();
        q.statement = q.words("statement", &f.statement, false)?;
        q.not_after = q.words("not_after", &f.not_after, false)?.into_iter().collect();
        q.not_speaker = q.words("not_speaker", &f.not_speaker, false)?.into_iter().collect();
        q.name_heads = q.words("name_heads", &f.name_heads, false)?.into_iter().collect();
        q.fronting = q.words("fronting", &f.fronting, false)?.into_iter().collect();
        q.relative = q.words("relative", &f.relative, false)?.into_iter().collect();
        q.marks = f.marks.into_iter().map(|[a, b]| (a, b)).collect();
        q.preposition_clitics = lang::letters(FILE, &f.preposition_clitics)?;
        Ok(q)
    }

    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    pub fn verb(&self, form: &str) -> Option<Verb> {
        self.verbs.get(form).map(|&(v, _)| v)
    }

    /// The frame of the verb with this form.
    pub fn frame(&self, form: &str) -> Option<&Frame> {
        self.verbs.get(form).map(|&(_, f)| &self.frames[f])
    }

    /// The closing mark of an opening quotation mark.
    pub fn closing(&self, mark: &str) -> Option<&str> {
        self.marks.iter().find(|(a, _)| a == mark).map(|(_, b)| b.as_str())
    }

    fn add_verb(&mut self, row: &VerbRow) -> Result<(), LangError> {
        let mut finite: Vec<String> = row
            .past
            .as_deref()
            .map(|p| inflect::perfect(p, row.dual))
            .unwrap_or_default();
        finite.extend(row.present.as_deref().map(inflect::imperfect).unwrap_or_default());
        finite.extend(row.forms.iter().cloned());
        let participles = row
            .participle
            .as_deref()
            .map(|p| inflect::participle(p, row.feminine, row.plural))
            .unwrap_or_default();
        let mut object = Vec::new();
        for p in &row.object {
            let n = lang::normal(FILE, p)?;
            object.push(match (n.chars().next(), n.chars().count()) {
                (Some(c), 1) => Preposition::Clitic(c),
                _ => Preposition::Word(n),
            });
        }
        let source = row.source.as_deref().map(|w| lang::normal(FILE, w)).transpose()?;
        let frame = self.frames.len();
        self.frames.push(Frame {
            object,
            needs_object: row.needs_object,
            noun_object: row.noun_object,
            source,
        });
        let mut forms = Vec::new();
        for (ws, kind) in [(finite, Verb::Finite), (participles, Verb::Participle)] {
            for w in ws {
                let n = lang::normal(FILE, &w)?;
                self.verbs.insert(n.clone(), (kind, frame));
                forms.push(n);
            }
        }
        let word = row
            .past
            .clone()
            .or_else(|| row.participle.clone())
            .or_else(|| row.forms.first().cloned());
        let Some(word) = word else {
            return Err(invalid("verb: a row needs `past`, `participle` or `forms`".into()));
        };
        self.examples.push(Example {
            file: "quotes",
            group: "verb".into(),
            word,
            listed: Vec::new(),
            forms,
            text: row.example.clone(),
            expect: row.expect.clone(),
            modifier: None,
            covers_word: true,
        });
        Ok(())
    }

    fn words(&mut self, group: &str, row: &WordsRow, covers_word: bool) -> Result<Vec<String>, LangError> {
        let forms = lang::forms(FILE, &row.words, row.inflect)?;
        self.examples.push(Example {
            file: "quotes",
            group: group.into(),
            word: row.words.first().cloned().unwrap_or_default(),
            listed: row.words.clone(),
            forms: forms.clone(),
            text: row.example.clone(),
            expect: row.expect.clone(),
            modifier: None,
            covers_word,
        });
        Ok(forms)
    }
}

fn invalid(what: String) -> LangError {
    LangError::Invalid { file: FILE, what }
}

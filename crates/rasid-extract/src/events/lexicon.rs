//! The event triggers of `data/lang/events.toml`, normalised and indexed.

use std::collections::{HashMap, HashSet};

use rasid_core::CameoCode;
use serde::Deserialize;

use crate::lang::inflect;
use crate::lang::{self, Example, LangError};

const FILE: &str = "data/lang/events.toml";
pub const MAGIC: &str = "rasid.lang.events";
pub const VERSION: u32 = 1;

/// The embedded file.
pub static EVENT_WORDS: &str = include_str!("../../../../data/lang/events.toml");

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerRow {
    past: String,
    code: String,
    #[serde(default)]
    near: Option<String>,
    #[serde(default)]
    near_clitic: Option<String>,
    #[serde(default)]
    within: usize,
    #[serde(default)]
    place_target: bool,
    #[serde(default)]
    place_is_target: bool,
    /// Whether the masculine dual of the perfect is generated (بحثا is mostly "searching").
    #[serde(default = "lang::yes")]
    dual: bool,
    example: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Statement {
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunctionWords {
    before_noun: Vec<String>,
    auxiliary: Vec<String>,
    with: Vec<String>,
    place_prepositions: Vec<String>,
    place_clitics: Vec<String>,
    noun_clitics: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    trigger: Vec<TriggerRow>,
    groups: HashMap<String, Vec<String>>,
    statement: Statement,
    labels: HashMap<String, String>,
    words: FunctionWords,
}

/// What must be near a trigger for it to code an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Near {
    /// A word containing one of these normalised forms.
    Words(Vec<String>),
    /// A word whose first proclitic is this letter.
    Clitic(char),
}

/// One trigger verb with its code and conditions.
#[derive(Clone, Debug)]
pub struct Trigger {
    pub code: CameoCode,
    pub label: String,
    /// The condition and the number of tokens after the verb it looks at.
    pub near: Option<(Near, usize)>,
    pub place_target: bool,
    pub place_is_target: bool,
}

/// The triggers and the function words of the event coder, normalised.
#[derive(Debug, Default)]
pub struct EventWords {
    /// Every generated form → index into `triggers`.
    forms: HashMap<String, usize>,
    pub triggers: Vec<Trigger>,
    pub statement: Option<(CameoCode, String)>,
    pub before_noun: HashSet<String>,
    pub auxiliary: HashSet<String>,
    pub with: HashSet<String>,
    pub place_prepositions: HashSet<String>,
    pub place_clitics: Vec<char>,
    pub noun_clitics: Vec<char>,
    examples: Vec<Example>,
}

impl EventWords {
    pub fn embedded() -> Result<EventWords, LangError> {
        EventWords::from_toml(EVENT_WORDS)
    }

    pub fn from_toml(text: &str) -> Result<EventWords, LangError> {
        let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
        let mut e = EventWords::default();
        let code = |c: &str| c.parse::<CameoCode>().map_err(|e| invalid(e.to_string()));
        let label = |c: &CameoCode| {
            f.labels
                .get(c.as_str())
                .cloned()
                .ok_or_else(|| invalid(format!("no label for CAMEO code {c}")))
        };
        for row in &f.trigger {
            let c = code(&row.code)?;
            let near = e.near(row, &f.groups)?;
            let t = Trigger {
                label: label(&c)?,
                code: c,
                near,
                place_target: row.place_target,
                place_is_target: row.place_is_target,
            };
            let mut forms = Vec::new();
            for w in inflect::perfect(&row.past, row.dual) {
                let n = lang::normal(FILE, &w)?;
                e.forms.insert(n.clone(), e.triggers.len());
                forms.push(n);
            }
            e.examples.push(Example {
                file: "events",
                group: "trigger".into(),
                word: row.past.clone(),
                listed: Vec::new(),
                forms,
                text: row.example.clone(),
                expect: Some(row.code.clone()),
                modifier: None,
                covers_word: true,
            });
            e.triggers.push(t);
        }
        let c = code(&f.statement.code)?;
        e.statement = Some((c.clone(), label(&c)?));
        let w = &f.words;
        let set = |ws: &[String]| -> Result<HashSet<String>, LangError> {
            ws.iter().map(|x| lang::normal(FILE, x)).collect()
        };
        e.before_noun = set(&w.before_noun)?;
        e.auxiliary = set(&w.auxiliary)?;
        e.with = set(&w.with)?;
        e.place_prepositions = set(&w.place_prepositions)?;
        e.place_clitics = lang::letters(FILE, &w.place_clitics)?;
        e.noun_clitics = lang::letters(FILE, &w.noun_clitics)?;
        Ok(e)
    }

    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// The trigger a word's core (`Word::core`) is a form of.
    pub fn trigger(&self, core: &str) -> Option<&Trigger> {
        self.forms.get(core).map(|&i| &self.triggers[i])
    }

    fn near(
        &self,
        row: &TriggerRow,
        groups: &HashMap<String, Vec<String>>,
    ) -> Result<Option<(Near, usize)>, LangError> {
        let near = match (&row.near, &row.near_clitic) {
            (None, None) => return Ok(None),
            (Some(g), None) => {
                let words = groups
                    .get(g)
                    .ok_or_else(|| invalid(format!("trigger {}: no word group `{g}`", row.past)))?;
                Near::Words(words.iter().map(|w| lang::normal(FILE, w)).collect::<Result<_, _>>()?)
            }
            (None, Some(c)) => Near::Clitic(lang::letters(FILE, std::slice::from_ref(c))?[0]),
            (Some(_), Some(_)) => return Err(invalid(format!("trigger {}: one of near and near_clitic", row.past))),
        };
        if row.within == 0 {
            return Err(invalid(format!("trigger {}: a condition needs `within`", row.past)));
        }
        Ok(Some((near, row.within)))
    }
}

fn invalid(what: String) -> LangError {
    LangError::Invalid { file: FILE, what }
}

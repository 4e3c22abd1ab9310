//! The event triggers of `data/lang/events.toml`, normalised and indexed, and the CAMEO
//! code table of `data/cameo.tsv`.

use std::collections::{HashMap, HashSet};

use rasid_core::CameoCode;
use serde::Deserialize;

use crate::lang::inflect;
use crate::lang::{self, Example, LangError};

const FILE: &str = "data/lang/events.toml";
pub const MAGIC: &str = "rasid.lang.events";
pub const VERSION: u32 = 2;

/// The embedded files.
pub static EVENT_WORDS: &str = include_str!("../../../../data/lang/events.toml");
pub static CAMEO_TABLE: &str = include_str!("../../../../data/cameo.tsv");
const CAMEO_FILE: &str = "data/cameo.tsv";
const CAMEO_MAGIC: &str = "# rasid.cameo 1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TriggerRow {
    #[serde(default)]
    past: Option<String>,
    #[serde(default)]
    present: Option<String>,
    #[serde(default)]
    passive: Vec<String>,
    #[serde(default)]
    participle: Option<String>,
    #[serde(default)]
    between_persons: Option<String>,
    #[serde(default)]
    nouns: Vec<String>,
    code: String,
    #[serde(default)]
    non_state: Option<String>,
    frame: String,
    #[serde(default)]
    not_after: Option<String>,
    #[serde(default)]
    unless: Option<String>,
    #[serde(default)]
    unless_after: Option<String>,
    #[serde(default)]
    unless_within: usize,
    #[serde(default)]
    near: Option<String>,
    #[serde(default)]
    near_clitic: Option<String>,
    #[serde(default)]
    within: usize,
    /// Whether the masculine dual of the perfect is generated (بحثا is mostly "searching").
    #[serde(default = "lang::yes")]
    dual: bool,
    example: String,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FrameRow {
    #[serde(default)]
    object: bool,
    #[serde(default)]
    to: Vec<String>,
    #[serde(default)]
    joint: bool,
    #[serde(default)]
    patient: bool,
    #[serde(default)]
    places: bool,
    #[serde(default)]
    place_is_target: bool,
    #[serde(default)]
    needs_target: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Statement {
    code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct StatusWords {
    negation: Vec<String>,
    denial: Vec<String>,
    planned_before: Vec<String>,
    planned_after: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunctionWords {
    before_noun: Vec<String>,
    auxiliary: Vec<String>,
    light_verbs: Vec<String>,
    agent_markers: Vec<String>,
    between: Vec<String>,
    place_prepositions: Vec<String>,
    place_clitics: Vec<String>,
    noun_clitics: Vec<String>,
    prepositions: Vec<String>,
    relatives: Vec<String>,
    person_titles: Vec<String>,
    counted: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    trigger: Vec<TriggerRow>,
    frames: HashMap<String, FrameRow>,
    groups: HashMap<String, Vec<String>>,
    status: StatusWords,
    agents: HashMap<String, Vec<String>>,
    statement: Statement,
    words: FunctionWords,
}

/// A CAMEO agent code of the file's `[agents]` (GOV, MIL, REB ...): three capital letters,
/// kept inline so that actor kinds stay `Copy`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct AgentCode([u8; 3]);

impl AgentCode {
    fn parse(code: &str) -> Option<AgentCode> {
        let b: [u8; 3] = code.as_bytes().try_into().ok()?;
        b.iter().all(u8::is_ascii_uppercase).then_some(AgentCode(b))
    }

    pub fn as_str(&self) -> &str {
        // Three ASCII capitals, checked by `parse`.
        std::str::from_utf8(&self.0).unwrap_or_default()
    }

    pub fn is(&self, codes: &[&str]) -> bool {
        codes.contains(&self.as_str())
    }
}

/// Whether a normalised token contains one of the words of a group (اتفاقية، الاتفاق).
pub fn in_group(words: &[String], norm: &str) -> bool {
    words.iter().any(|w| norm.contains(w.as_str()))
}

/// What must be near a trigger for it to code an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Near {
    /// A word containing one of these normalised forms.
    Words(Vec<String>),
    /// A word whose first proclitic is this letter.
    Clitic(char),
}

/// Where a trigger's participants are (`[frames]` of the file).
#[derive(Clone, Debug, Default)]
pub struct Frame {
    pub object: bool,
    /// Words before the target (مع، على) and proclitic letters (ب، ل).
    pub to_words: HashSet<String>,
    pub to_clitics: Vec<char>,
    pub joint: bool,
    pub patient: bool,
    pub places: bool,
    pub place_is_target: bool,
    pub needs_target: bool,
}

/// The CAMEO facts of a code: its name, Goldstein value and QuadClass.
#[derive(Clone, Debug)]
pub struct Code {
    pub code: CameoCode,
    pub label: String,
    pub goldstein: f64,
    pub quad_class: u8,
}

/// One act with its code and conditions.
#[derive(Clone, Debug)]
pub struct Trigger {
    pub code: Code,
    /// The code when the source is not a state's (18x for 19x).
    pub non_state: Option<Code>,
    /// The code when a person acts on a person (a verbal attack).
    pub between_persons: Option<Code>,
    pub frame: Frame,
    /// No event when the word before contains one of these (طائرة مسيرة).
    pub not_after: Vec<String>,
    /// No event when one of these words is within this many tokens before (a disaster).
    pub unless: Option<(Vec<String>, usize)>,
    /// ... or after (فجر مفاجأة).
    pub unless_after: Option<(Vec<String>, usize)>,
    /// The condition and the number of tokens after the trigger it looks at.
    pub near: Option<(Near, usize)>,
}

/// How a form names its act.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Form {
    Verb,
    /// A perfect that is only passive unvowelled: its first actor is the one acted on.
    Passive,
    Noun,
}

/// The triggers and the function words of the event coder, normalised.
#[derive(Debug, Default)]
pub struct EventWords {
    /// Every generated verb form → index into `triggers`.
    verbs: HashMap<String, (usize, Form)>,
    /// Every noun form (without article) → index into `triggers`.
    nouns: HashMap<String, usize>,
    pub triggers: Vec<Trigger>,
    pub statement: Option<Code>,
    pub negation: HashSet<String>,
    pub denial: HashSet<String>,
    pub planned_before: HashSet<String>,
    pub planned_after: HashSet<String>,
    /// Agent word (without article) → CAMEO agent code (GOV, MIL ...).
    pub agents: HashMap<String, AgentCode>,
    /// Prepositions that put an actor out of the object's place (في فرنسا، من الحكومة).
    pub prepositions: HashSet<String>,
    /// Relative pronouns: in "X الذي التقى Y" the subject is X, before them.
    pub relatives: HashSet<String>,
    pub before_noun: HashSet<String>,
    pub auxiliary: HashSet<String>,
    pub light_verbs: HashSet<String>,
    pub agent_markers: HashSet<String>,
    pub between: HashSet<String>,
    pub place_prepositions: HashSet<String>,
    pub place_clitics: Vec<char>,
    pub noun_clitics: Vec<char>,
    pub counted: HashSet<String>,
    pub person_titles: HashSet<String>,
    examples: Vec<Example>,
}

/// The CAMEO table: code → (Goldstein value, name).
pub fn cameo_table(text: &str) -> Result<HashMap<String, (f64, String)>, LangError> {
    let bad = |what: String| LangError::Invalid { file: CAMEO_FILE, what };
    let mut lines = text.lines();
    if lines.next().map(str::trim_end) != Some(CAMEO_MAGIC) {
        return Err(bad(format!("the first line is not `{CAMEO_MAGIC}`")));
    }
    let mut out = HashMap::new();
    for (n, line) in lines.enumerate() {
        if line.starts_with('#') || line.starts_with("code\t") || line.trim().is_empty() {
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(code), Some(g), Some(name)) = (cols.next(), cols.next(), cols.next()) else {
            return Err(bad(format!("line {}: not code, Goldstein, name", n + 2)));
        };
        let g: f64 = g
            .trim()
            .parse()
            .ok()
            .filter(|g: &f64| (-10.0..=10.0).contains(g))
            .ok_or_else(|| bad(format!("line {}: Goldstein value `{g}`", n + 2)))?;
        out.insert(code.trim().to_string(), (g, name.trim().to_string()));
    }
    Ok(out)
}

/// GDELT's QuadClass of a root family: 01–05 verbal cooperation, 06–08 material
/// cooperation, 09–13 verbal conflict, 14–20 material conflict.
pub fn quad_class(code: &CameoCode) -> u8 {
    match code.root().parse::<u8>().unwrap_or(1) {
        0..=5 => 1,
        6..=8 => 2,
        9..=13 => 3,
        _ => 4,
    }
}

impl EventWords {
    pub fn embedded() -> Result<EventWords, LangError> {
        EventWords::from_toml(EVENT_WORDS)
    }

    pub fn from_toml(text: &str) -> Result<EventWords, LangError> {
        let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
        let table = cameo_table(CAMEO_TABLE)?;
        let code = |c: &str| -> Result<Code, LangError> {
            let code = c.parse::<CameoCode>().map_err(|e| invalid(e.to_string()))?;
            let (goldstein, label) = table
                .get(c)
                .cloned()
                .ok_or_else(|| invalid(format!("CAMEO code {c} is not in {CAMEO_FILE}")))?;
            let quad_class = quad_class(&code);
            Ok(Code {
                code,
                label,
                goldstein,
                quad_class,
            })
        };
        let mut frames = HashMap::new();
        for (name, row) in &f.frames {
            frames.insert(name.as_str(), frame(row)?);
        }
        let mut e = EventWords::default();
        for row in &f.trigger {
            let first = row
                .past
                .clone()
                .or_else(|| {
                    row.nouns
                        .first()
                        .map(|n| n.split('|').next().unwrap_or_default().to_string())
                })
                .or_else(|| row.present.clone())
                .unwrap_or_default();
            let frame = frames
                .get(row.frame.as_str())
                .cloned()
                .ok_or_else(|| invalid(format!("trigger {first}: no frame `{}`", row.frame)))?;
            let not_after = match &row.not_after {
                None => Vec::new(),
                Some(g) => group(&f.groups, g, &first)?,
            };
            let unless_group = |g: &Option<String>| -> Result<Option<(Vec<String>, usize)>, LangError> {
                match g {
                    None => Ok(None),
                    Some(g) if row.unless_within > 0 => Ok(Some((group(&f.groups, g, &first)?, row.unless_within))),
                    Some(_) => Err(invalid(format!("trigger {first}: `unless` needs `unless_within`"))),
                }
            };
            let unless = unless_group(&row.unless)?;
            let unless_after = unless_group(&row.unless_after)?;
            let t = Trigger {
                code: code(&row.code)?,
                non_state: row.non_state.as_deref().map(code).transpose()?,
                between_persons: row.between_persons.as_deref().map(code).transpose()?,
                frame,
                not_after,
                unless,
                unless_after,
                near: near(row, &first, &f.groups)?,
            };
            let i = e.triggers.len();
            let mut forms = Vec::new();
            let mut verb_forms: Vec<(String, Form)> = Vec::new();
            if let Some(past) = &row.past {
                verb_forms.extend(inflect::perfect(past, row.dual).into_iter().map(|w| (w, Form::Verb)));
            }
            if let Some(present) = &row.present {
                verb_forms.extend(inflect::imperfect(present).into_iter().map(|w| (w, Form::Verb)));
            }
            if let Some(p) = &row.participle {
                verb_forms.extend(inflect::participle(p, true, true).into_iter().map(|w| (w, Form::Verb)));
            }
            for p in &row.passive {
                verb_forms.extend(inflect::perfect(p, row.dual).into_iter().map(|w| (w, Form::Passive)));
            }
            for (w, how) in verb_forms {
                let n = lang::normal(FILE, &w)?;
                e.verbs.insert(n.clone(), (i, how));
                forms.push(n);
            }
            for entry in &row.nouns {
                for w in noun_forms(entry) {
                    let n = lang::normal(FILE, &w)?;
                    e.nouns.insert(n.clone(), i);
                    forms.push(n);
                }
            }
            if forms.is_empty() {
                return Err(invalid(format!("trigger with code {}: no past and no nouns", row.code)));
            }
            e.examples.push(Example {
                file: "events",
                group: "trigger".into(),
                word: first,
                listed: Vec::new(),
                forms,
                text: row.example.clone(),
                expect: Some(row.code.clone()),
                modifier: None,
                covers_word: true,
            });
            e.triggers.push(t);
        }
        e.statement = Some(code(&f.statement.code)?);
        let set = |ws: &[String]| -> Result<HashSet<String>, LangError> {
            ws.iter().map(|x| lang::normal(FILE, x)).collect()
        };
        let s = &f.status;
        e.negation = set(&s.negation)?;
        e.denial = set(&s.denial)?;
        e.planned_before = set(&s.planned_before)?;
        e.planned_after = set(&s.planned_after)?;
        for (agent, words) in &f.agents {
            let code = AgentCode::parse(agent)
                .ok_or_else(|| invalid(format!("agent code `{agent}` is not three capital letters")))?;
            for w in words {
                e.agents.insert(lang::normal(FILE, w)?, code);
            }
        }
        let w = &f.words;
        e.before_noun = set(&w.before_noun)?;
        e.auxiliary = set(&w.auxiliary)?;
        e.light_verbs = set(&w.light_verbs)?;
        e.agent_markers = set(&w.agent_markers)?;
        e.between = set(&w.between)?;
        e.place_prepositions = set(&w.place_prepositions)?;
        e.place_clitics = lang::letters(FILE, &w.place_clitics)?;
        e.noun_clitics = lang::letters(FILE, &w.noun_clitics)?;
        e.counted = set(&w.counted)?;
        e.person_titles = set(&w.person_titles)?;
        e.prepositions = set(&w.prepositions)?;
        e.relatives = set(&w.relatives)?;
        Ok(e)
    }

    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    /// The trigger a verb's core (`Word::core`) is a form of.
    pub fn verb(&self, core: &str) -> Option<(&Trigger, Form)> {
        self.verbs.get(core).map(|&(i, how)| (&self.triggers[i], how))
    }

    /// The trigger a noun (`Word::bare`, without the article) is a form of.
    pub fn noun(&self, bare: &str) -> Option<&Trigger> {
        self.nouns.get(bare).map(|&i| &self.triggers[i])
    }
}

/// A noun entry's forms: `اجتماع|اجتماعات` lists the plural; a noun in ة has its dual and
/// its plural in ات generated (مظاهرة → مظاهرتين، مظاهرتان، مظاهرات).
fn noun_forms(entry: &str) -> Vec<String> {
    let mut out: Vec<String> = entry.split('|').map(str::to_string).collect();
    let singular = out[0].clone();
    match singular.strip_suffix('ة') {
        Some(stem) => {
            out.extend(inflect::duals(&singular));
            out.push(format!("{stem}ات"));
        }
        // The indefinite accusative (وجه اتهاما) and the dual (اعتصامين).
        None => {
            out.extend(inflect::accusative(&singular));
            out.extend(inflect::duals(&singular));
        }
    }
    out
}

fn frame(row: &FrameRow) -> Result<Frame, LangError> {
    let mut f = Frame {
        object: row.object,
        joint: row.joint,
        patient: row.patient,
        places: row.places,
        place_is_target: row.place_is_target,
        needs_target: row.needs_target,
        ..Frame::default()
    };
    for w in &row.to {
        if w.chars().count() == 1 {
            f.to_clitics.extend(lang::letters(FILE, std::slice::from_ref(w))?);
        } else {
            f.to_words.insert(lang::normal(FILE, w)?);
        }
    }
    Ok(f)
}

fn near(
    row: &TriggerRow,
    first: &str,
    groups: &HashMap<String, Vec<String>>,
) -> Result<Option<(Near, usize)>, LangError> {
    let near = match (&row.near, &row.near_clitic) {
        (None, None) => return Ok(None),
        (Some(g), None) => Near::Words(group(groups, g, first)?),
        (None, Some(c)) => Near::Clitic(lang::letters(FILE, std::slice::from_ref(c))?[0]),
        (Some(_), Some(_)) => return Err(invalid(format!("trigger {first}: one of near and near_clitic"))),
    };
    if row.within == 0 {
        return Err(invalid(format!("trigger {first}: a condition needs `within`")));
    }
    Ok(Some((near, row.within)))
}

/// A word group of the file, normalised.
fn group(groups: &HashMap<String, Vec<String>>, g: &str, first: &str) -> Result<Vec<String>, LangError> {
    let words = groups
        .get(g)
        .ok_or_else(|| invalid(format!("trigger {first}: no word group `{g}`")))?;
    words.iter().map(|w| lang::normal(FILE, w)).collect()
}

fn invalid(what: String) -> LangError {
    LangError::Invalid { file: FILE, what }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_of_the_table_has_a_value_and_the_classes_follow_the_root() {
        let t = cameo_table(CAMEO_TABLE).expect("the CAMEO table loads");
        assert!(t.len() > 300);
        assert_eq!(t["190"].0, -10.0);
        let q = |c: &str| quad_class(&c.parse().unwrap());
        assert_eq!((q("040"), q("073"), q("112"), q("173")), (1, 2, 3, 4));
        assert!(cameo_table("code\tgoldstein\tname\n").is_err());
        assert!(cameo_table("# rasid.cameo 1\n040\tx\tConsult\n").is_err());
    }

    #[test]
    fn nouns_in_ta_marbuta_get_dual_and_plural() {
        assert_eq!(noun_forms("مظاهرة"), ["مظاهرة", "مظاهرتين", "مظاهرتان", "مظاهرات"]);
        assert_eq!(
            noun_forms("اجتماع|اجتماعات"),
            ["اجتماع", "اجتماعات", "اجتماعا", "اجتماعين", "اجتماعان"]
        );
    }
}

//! The time words of `data/lang/time.toml`, normalised and indexed for the matcher.

use std::collections::{HashMap, HashSet};

use chrono::Weekday;
use serde::Deserialize;

use crate::lang::inflect::{self, Inflect};
use crate::lang::{self, Example, LangError};

const FILE: &str = "data/lang/time.toml";
pub const MAGIC: &str = "rasid.lang.time";
pub const VERSION: u32 = 1;

/// The embedded file.
pub static TIME_WORDS: &str = include_str!("../../../../data/lang/time.toml");

#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

/// A TIMEX3 `mod`: the part of a period (منتصف، أوائل، أواخر) or an approximation (أقل من).
#[derive(Clone, Copy, PartialEq, Eq, Debug, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Modifier {
    Mid,
    Start,
    End,
    LessThan,
    MoreThan,
}

impl Modifier {
    pub fn as_str(self) -> &'static str {
        match self {
            Modifier::Mid => "MID",
            Modifier::Start => "START",
            Modifier::End => "END",
            Modifier::LessThan => "LESS_THAN",
            Modifier::MoreThan => "MORE_THAN",
        }
    }
}

/// One row of the file: words with a value, an example, and how they inflect.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Row<V> {
    words: Vec<String>,
    #[serde(default)]
    plurals: Vec<String>,
    #[serde(default)]
    value: V,
    /// Months: whether the name is a month without context.
    #[serde(default = "lang::yes")]
    free: bool,
    /// Units: whether the indefinite accusative alone is a duration.
    #[serde(default = "lang::yes")]
    alone: bool,
    #[serde(default)]
    inflect: Option<Inflect>,
    example: String,
    #[serde(default)]
    expect: Option<String>,
}

/// The function words of the patterns (see the file for what each group does).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FunctionWords {
    every: Row<()>,
    before: Row<()>,
    after: Row<()>,
    vague_count: Row<()>,
    this: Row<()>,
    year_word: Row<()>,
    month_word: Row<()>,
    year_cue: Row<()>,
    after_year: Row<()>,
    month_cue: Row<()>,
    future: Row<()>,
    century_word: Row<()>,
    quarter: Row<()>,
    day_word: Row<()>,
    of: Row<()>,
    percent: Row<()>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    number: Vec<Row<i64>>,
    teen: Vec<Row<i64>>,
    teen_ten: Vec<Row<()>>,
    weekday: Vec<Row<u8>>,
    month: Vec<Row<u32>>,
    month_pair: Vec<Row<u32>>,
    unit: Vec<Row<Option<Unit>>>,
    direction: Vec<Row<i64>>,
    modifier: Vec<Row<Option<Modifier>>>,
    approximation: Vec<Row<Option<Modifier>>>,
    part_of_day: Vec<Row<String>>,
    reference: Vec<Row<String>>,
    reference_pair: Vec<Row<String>>,
    relative_day: Vec<Row<i64>>,
    relative_day_pair: Vec<Row<i64>>,
    ordinal: Vec<Row<u32>>,
    century: Vec<Row<i64>>,
    decade: Vec<Row<i64>>,
    season: Vec<Row<String>>,
    set: Vec<Row<String>>,
    words: FunctionWords,
}

/// A word set matched on one normalised word.
pub type Words = HashSet<String>;

/// Values keyed by a two-word phrase: first word → (second word, value).
#[derive(Debug, Default)]
pub struct Pairs<V>(HashMap<String, Vec<(Vec<String>, V)>>);

impl<V: Copy> Pairs<V> {
    /// The value of the phrase starting with `first` whose `k`-th next word satisfies
    /// `next(k, word)`, and the number of words it has.
    pub fn get(&self, first: &str, next: impl Fn(usize, &str) -> bool) -> Option<(V, usize)> {
        let rows = self.0.get(first)?;
        rows.iter()
            .find(|(rest, _)| rest.iter().enumerate().all(|(k, w)| next(k, w)))
            .map(|(rest, v)| (*v, rest.len() + 1))
    }
}

/// Which form of a unit noun a word is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnitForm {
    Singular,
    /// Carries the count 2 by itself (يومين).
    Dual,
    Plural,
    /// The indefinite accusative (يوما).
    Accusative,
}

/// A unit word: its unit and form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitWord {
    pub unit: Unit,
    pub form: UnitForm,
}

impl UnitWord {
    /// The count the word carries by itself: 2 for a dual, else 1.
    pub fn count(self) -> i64 {
        if self.form == UnitForm::Dual {
            2
        } else {
            1
        }
    }
}

/// Word sets of the patterns, as bits of [`Classes::flags`].
pub mod flag {
    pub const TEEN_TEN: u32 = 1;
    pub const EVERY: u32 = 1 << 1;
    pub const BEFORE: u32 = 1 << 2;
    pub const AFTER: u32 = 1 << 3;
    pub const VAGUE_COUNT: u32 = 1 << 4;
    pub const THIS: u32 = 1 << 5;
    pub const YEAR_WORD: u32 = 1 << 6;
    pub const MONTH_WORD: u32 = 1 << 7;
    pub const YEAR_CUE: u32 = 1 << 8;
    pub const AFTER_YEAR: u32 = 1 << 9;
    pub const MONTH_CUE: u32 = 1 << 10;
    pub const FUTURE: u32 = 1 << 11;
    pub const CENTURY_WORD: u32 = 1 << 12;
    pub const QUARTER: u32 = 1 << 13;
    pub const DAY_WORD: u32 = 1 << 14;
    pub const OF: u32 = 1 << 15;
    pub const PERCENT: u32 = 1 << 16;
    /// The word starts a phrase of `month_pair`, `relative_day_pair`, `reference_pair`,
    /// `century`: only then are the phrases looked up.
    pub const MONTH_PAIR: u32 = 1 << 17;
    pub const RELATIVE_DAY_PAIR: u32 = 1 << 18;
    pub const REFERENCE_PAIR: u32 = 1 << 19;
    pub const CENTURY_PAIR: u32 = 1 << 20;
}

/// Everything one normalised word is, in every class: the matcher looks a word up once
/// (as written, and without the article) and its patterns read fields.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Classes {
    pub number: Option<i64>,
    pub teen: Option<i64>,
    pub weekday: Option<Weekday>,
    pub month: Option<(u32, bool)>,
    pub unit: Option<UnitWord>,
    pub unit_alone: Option<Unit>,
    pub direction: Option<i64>,
    pub modifier: Option<Modifier>,
    pub approximation: Option<Modifier>,
    pub relative_day: Option<i64>,
    pub ordinal: Option<u32>,
    pub decade: Option<i64>,
    /// Indices into [`TimeWords::value`].
    pub part_of_day: Option<u16>,
    pub reference: Option<u16>,
    pub season: Option<u16>,
    pub set: Option<u16>,
    pub flags: u32,
}

impl Classes {
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }
}

/// The classes one by one, as the file gives them; [`TimeWords::compile`] folds them into
/// one entry per word and drops them.
#[derive(Debug, Default)]
struct ClassMaps {
    number: HashMap<String, i64>,
    teen: HashMap<String, i64>,
    teen_ten: Words,
    weekday: HashMap<String, Weekday>,
    /// A month and whether the name needs no context.
    month: HashMap<String, (u32, bool)>,
    unit: HashMap<String, UnitWord>,
    /// Accusatives that are a duration alone (يوما، عاما).
    unit_alone: HashMap<String, Unit>,
    direction: HashMap<String, i64>,
    modifier: HashMap<String, Modifier>,
    approximation: HashMap<String, Modifier>,
    part_of_day: HashMap<String, String>,
    reference: HashMap<String, String>,
    relative_day: HashMap<String, i64>,
    ordinal: HashMap<String, u32>,
    decade: HashMap<String, i64>,
    season: HashMap<String, String>,
    set: HashMap<String, String>,
    every: Words,
    before: Words,
    after: Words,
    vague_count: Words,
    this: Words,
    year_word: Words,
    month_word: Words,
    year_cue: Words,
    after_year: Words,
    month_cue: Words,
    future: Words,
    century_word: Words,
    quarter: Words,
    day_word: Words,
    of: Words,
    percent: Words,
}

/// Every class of time words, normalised.
#[derive(Debug, Default)]
pub struct TimeWords {
    pub(super) month_pair: Pairs<u32>,
    pub(super) reference_pair: Pairs<usize>,
    /// The values of `reference_pair` (a `Pairs` value must be `Copy`).
    pub(super) reference_values: Vec<String>,
    pub(super) relative_day_pair: Pairs<i64>,
    pub(super) century: Pairs<i64>,
    examples: Vec<Example>,
    /// The classes of words matched without the article, and as written.
    bare_classes: HashMap<String, Classes>,
    written_classes: HashMap<String, Classes>,
    /// The string values the classes point to.
    values: Vec<String>,
}

/// Whether a class is matched without the article (`bare`) or as written after proclitics.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Match {
    Bare,
    Written,
}

impl TimeWords {
    /// The time words compiled into rasid.
    pub fn embedded() -> Result<TimeWords, LangError> {
        TimeWords::from_toml(TIME_WORDS)
    }

    pub fn from_toml(text: &str) -> Result<TimeWords, LangError> {
        let f: File = lang::parse(FILE, text, MAGIC, VERSION)?;
        let mut t = TimeWords::default();
        let mut m = ClassMaps::default();
        use Match::*;
        m.number = t.single("number", &f.number, Bare, |v| Some(*v))?;
        m.teen = t.single("teen", &f.teen, Bare, |v| Some(*v))?;
        m.teen_ten = t.set_of("teen_ten", &f.teen_ten, Bare)?;
        m.weekday = t.single("weekday", &f.weekday, Bare, |v| {
            (1..=7).contains(v).then(|| Weekday::try_from(*v - 1).ok()).flatten()
        })?;
        for row in &f.month {
            let rows = std::slice::from_ref(row);
            for (w, month) in t.single("month", rows, Bare, |v| (1..=12).contains(v).then_some(*v))? {
                m.month.insert(w, (month, row.free));
            }
        }
        t.month_pair = t.pairs("month_pair", &f.month_pair, |v| Some(*v))?;
        t.load_units(&mut m, &f.unit)?;
        m.direction = t.single("direction", &f.direction, Bare, |v| Some(*v))?;
        m.modifier = t.single("modifier", &f.modifier, Bare, |v| *v)?;
        m.approximation = t.single("approximation", &f.approximation, Bare, |v| *v)?;
        // Their examples must carry the row's TIMEX3 mod, not only its value.
        for (group, rows) in [("modifier", &f.modifier), ("approximation", &f.approximation)] {
            let mods = rows.iter().map(|r| r.value.map(|m| m.as_str().to_string()));
            let examples = t.examples.iter_mut().filter(|e| e.group == group);
            for (e, m) in examples.zip(mods) {
                e.modifier = m;
            }
        }
        m.part_of_day = t.single("part_of_day", &f.part_of_day, Bare, |v| Some(v.clone()))?;
        m.reference = t.single("reference", &f.reference, Written, |v| Some(v.clone()))?;
        let mut values = Vec::new();
        t.reference_pair = t.pairs("reference_pair", &f.reference_pair, |v| {
            values.push(v.clone());
            Some(values.len() - 1)
        })?;
        t.reference_values = values;
        m.relative_day = t.single("relative_day", &f.relative_day, Written, |v| Some(*v))?;
        t.relative_day_pair = t.pairs("relative_day_pair", &f.relative_day_pair, |v| Some(*v))?;
        m.ordinal = t.single("ordinal", &f.ordinal, Written, |v| Some(*v))?;
        t.century = t.pairs("century", &f.century, |v| Some(*v))?;
        m.decade = t.single("decade", &f.decade, Bare, |v| Some(*v))?;
        m.season = t.single("season", &f.season, Bare, |v| Some(v.clone()))?;
        m.set = t.single("set", &f.set, Bare, |v| Some(v.clone()))?;
        t.load_function_words(&mut m, &f.words)?;
        t.compile(m);
        Ok(t)
    }

    /// The classes of a word without its article (`strip_article` of `Word::form`).
    pub fn bare(&self, w: &str) -> Classes {
        self.bare_classes.get(w).copied().unwrap_or_default()
    }

    /// The classes of a word as written after its proclitics (`Word::form`).
    pub fn written(&self, w: &str) -> Classes {
        self.written_classes.get(w).copied().unwrap_or_default()
    }

    /// A string value of [`Classes`].
    pub fn value(&self, i: u16) -> &str {
        &self.values[i as usize]
    }

    /// Folds the class maps into one entry per word.
    fn compile(&mut self, m: ClassMaps) {
        let mut b: HashMap<String, Classes> = HashMap::new();
        let mut k: HashMap<String, Classes> = HashMap::new();
        fn put<V: Copy>(m: &mut HashMap<String, Classes>, src: &HashMap<String, V>, set: impl Fn(&mut Classes, V)) {
            for (w, v) in src {
                set(m.entry(w.clone()).or_default(), *v);
            }
        }
        put(&mut b, &m.number, |c, v| c.number = Some(v));
        put(&mut b, &m.teen, |c, v| c.teen = Some(v));
        put(&mut b, &m.weekday, |c, v| c.weekday = Some(v));
        put(&mut b, &m.month, |c, v| c.month = Some(v));
        put(&mut b, &m.unit, |c, v| c.unit = Some(v));
        put(&mut k, &m.unit_alone, |c, v| c.unit_alone = Some(v));
        put(&mut b, &m.direction, |c, v| c.direction = Some(v));
        put(&mut b, &m.modifier, |c, v| c.modifier = Some(v));
        put(&mut b, &m.approximation, |c, v| c.approximation = Some(v));
        put(&mut k, &m.relative_day, |c, v| c.relative_day = Some(v));
        put(&mut k, &m.ordinal, |c, v| c.ordinal = Some(v));
        put(&mut b, &m.decade, |c, v| c.decade = Some(v));
        let mut values: Vec<String> = Vec::new();
        let mut strings =
            |m: &mut HashMap<String, Classes>, src: &HashMap<String, String>, set: fn(&mut Classes, u16)| {
                for (w, v) in src {
                    let i = values.iter().position(|x| x == v).unwrap_or_else(|| {
                        values.push(v.clone());
                        values.len() - 1
                    });
                    set(m.entry(w.clone()).or_default(), i as u16);
                }
            };
        strings(&mut b, &m.part_of_day, |c, i| c.part_of_day = Some(i));
        strings(&mut k, &m.reference, |c, i| c.reference = Some(i));
        strings(&mut b, &m.season, |c, i| c.season = Some(i));
        strings(&mut b, &m.set, |c, i| c.set = Some(i));
        use flag::*;
        let sets: [(&Words, u32, bool); 17] = [
            (&m.teen_ten, TEEN_TEN, true),
            (&m.every, EVERY, false),
            (&m.before, BEFORE, false),
            (&m.after, AFTER, false),
            (&m.vague_count, VAGUE_COUNT, false),
            (&m.this, THIS, false),
            (&m.year_word, YEAR_WORD, true),
            (&m.month_word, MONTH_WORD, true),
            (&m.year_cue, YEAR_CUE, false),
            (&m.after_year, AFTER_YEAR, false),
            (&m.month_cue, MONTH_CUE, false),
            (&m.future, FUTURE, true),
            (&m.century_word, CENTURY_WORD, false),
            (&m.quarter, QUARTER, false),
            (&m.day_word, DAY_WORD, true),
            (&m.of, OF, false),
            (&m.percent, PERCENT, false),
        ];
        for (set, f, bare) in sets {
            let m = if bare { &mut b } else { &mut k };
            for w in set {
                m.entry(w.clone()).or_default().flags |= f;
            }
        }
        for w in self.month_pair.0.keys() {
            b.entry(w.clone()).or_default().flags |= MONTH_PAIR;
        }
        for (pairs, f) in [
            (self.relative_day_pair.0.keys().collect::<Vec<_>>(), RELATIVE_DAY_PAIR),
            (self.reference_pair.0.keys().collect(), REFERENCE_PAIR),
            (self.century.0.keys().collect(), CENTURY_PAIR),
        ] {
            for w in pairs {
                k.entry(w.clone()).or_default().flags |= f;
            }
        }
        self.bare_classes = b;
        self.written_classes = k;
        self.values = values;
    }

    /// The example sentences of every row, for the table test.
    pub fn examples(&self) -> &[Example] {
        &self.examples
    }

    fn example<V>(&mut self, group: &str, row: &Row<V>, forms: Vec<String>, covers_word: bool) {
        self.examples.push(Example {
            file: "time",
            group: group.to_string(),
            word: row.words.first().cloned().unwrap_or_default(),
            // Plurals are not tried in place of a singular: they give another value.
            listed: row.words.clone(),
            forms,
            text: row.example.clone(),
            expect: row.expect.clone(),
            modifier: None,
            covers_word,
        });
    }

    /// The normalised forms of a row's words with their inflections.
    fn forms<V>(group: &str, row: &Row<V>, how: Match) -> Result<Vec<String>, LangError> {
        let mut out = Vec::new();
        for w in &row.words {
            for f in inflect::forms(w, row.inflect) {
                let n = lang::normal(FILE, &f).map_err(|e| invalid(group, e))?;
                out.push(match how {
                    Match::Bare => rasid_text::strip_article(&n).to_string(),
                    Match::Written => n,
                });
            }
        }
        Ok(out)
    }

    /// A class of single words with values; `value` checks and converts a row's value.
    fn single<V, T: Clone>(
        &mut self,
        group: &str,
        rows: &[Row<V>],
        how: Match,
        mut value: impl FnMut(&V) -> Option<T>,
    ) -> Result<HashMap<String, T>, LangError> {
        let mut map = HashMap::new();
        for row in rows {
            let v = value(&row.value).ok_or_else(|| bad_value(group, &row.words))?;
            let forms = Self::forms(group, row, how)?;
            for f in &forms {
                map.insert(f.clone(), v.clone());
            }
            self.example(group, row, forms, true);
        }
        Ok(map)
    }

    fn set_of(&mut self, group: &str, rows: &[Row<()>], how: Match) -> Result<Words, LangError> {
        Ok(self.single(group, rows, how, |_| Some(()))?.into_keys().collect())
    }

    /// A class of phrases, each word matched as written except the first, matched bare
    /// when a month pair (كانون) and as written otherwise (اليوم التالي).
    fn pairs<V, T: Copy>(
        &mut self,
        group: &str,
        rows: &[Row<V>],
        mut value: impl FnMut(&V) -> Option<T>,
    ) -> Result<Pairs<T>, LangError> {
        let mut map: HashMap<String, Vec<(Vec<String>, T)>> = HashMap::new();
        for row in rows {
            let v = value(&row.value).ok_or_else(|| bad_value(group, &row.words))?;
            let mut forms = Vec::new();
            for p in &row.words {
                let mut ws = lang::phrase(FILE, p).map_err(|e| invalid(group, e))?.into_iter();
                let first = ws.next().unwrap_or_default();
                let first = if group == "month_pair" {
                    rasid_text::strip_article(&first).to_string()
                } else {
                    first
                };
                forms.push(first.clone());
                map.entry(first).or_default().push((ws.collect(), v));
            }
            self.example(group, row, forms, true);
        }
        Ok(Pairs(map))
    }

    fn load_units(&mut self, m: &mut ClassMaps, rows: &[Row<Option<Unit>>]) -> Result<(), LangError> {
        for row in rows {
            let unit = row.value.ok_or_else(|| bad_value("unit", &row.words))?;
            let bare = |w: &str| -> Result<String, LangError> {
                let n = lang::normal(FILE, w).map_err(|e| invalid("unit", e))?;
                Ok(rasid_text::strip_article(&n).to_string())
            };
            let mut forms = Vec::new();
            for w in &row.words {
                forms.push((bare(w)?, UnitForm::Singular));
                for d in inflect::duals(w) {
                    forms.push((bare(&d)?, UnitForm::Dual));
                }
                if let Some(a) = inflect::accusative(w) {
                    if row.alone {
                        m.unit_alone.insert(bare(&a)?, unit);
                    }
                    forms.push((bare(&a)?, UnitForm::Accusative));
                }
            }
            for p in &row.plurals {
                forms.push((bare(p)?, UnitForm::Plural));
            }
            for (f, form) in &forms {
                m.unit.insert(f.clone(), UnitWord { unit, form: *form });
            }
            self.example("unit", row, forms.into_iter().map(|(f, _)| f).collect(), true);
        }
        Ok(())
    }

    fn load_function_words(&mut self, m: &mut ClassMaps, w: &FunctionWords) -> Result<(), LangError> {
        use Match::*;
        // Context words (`false`) are not part of the expression they cue.
        m.every = self.words_of("every", &w.every, Written, true)?;
        m.before = self.words_of("before", &w.before, Written, true)?;
        m.after = self.words_of("after", &w.after, Written, true)?;
        m.vague_count = self.words_of("vague_count", &w.vague_count, Written, false)?;
        m.this = self.words_of("this", &w.this, Written, true)?;
        m.year_word = self.words_of("year_word", &w.year_word, Bare, true)?;
        m.month_word = self.words_of("month_word", &w.month_word, Bare, true)?;
        m.year_cue = self.words_of("year_cue", &w.year_cue, Written, false)?;
        m.after_year = self.words_of("after_year", &w.after_year, Written, false)?;
        m.month_cue = self.words_of("month_cue", &w.month_cue, Written, false)?;
        m.future = self.words_of("future", &w.future, Bare, false)?;
        m.century_word = self.words_of("century_word", &w.century_word, Written, true)?;
        m.quarter = self.words_of("quarter", &w.quarter, Written, true)?;
        m.day_word = self.words_of("day_word", &w.day_word, Bare, true)?;
        m.of = self.words_of("of", &w.of, Written, true)?;
        m.percent = self.words_of("percent", &w.percent, Written, false)?;
        Ok(())
    }

    fn words_of(&mut self, group: &str, row: &Row<()>, how: Match, covers: bool) -> Result<Words, LangError> {
        let forms = Self::forms(group, row, how)?;
        let set = forms.iter().cloned().collect();
        self.example(group, row, forms, covers);
        Ok(set)
    }
}

fn invalid(group: &str, e: LangError) -> LangError {
    LangError::Invalid {
        file: FILE,
        what: format!("{group}: {e}"),
    }
}

fn bad_value(group: &str, words: &[String]) -> LangError {
    LangError::Invalid {
        file: FILE,
        what: format!("{group}: the value of {words:?} is missing or out of range"),
    }
}

//! The patterns of Arabic date and time expressions over the word classes of
//! [`TimeWords`]. A pattern looks at the words from one position and says what it found,
//! that nothing here is a date (stop), or that the next pattern should look.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use rasid_core::{TimexType, TokenKind};

use super::lexicon::flag::*;
use super::lexicon::{Classes, Modifier, Pairs, TimeWords, Unit, UnitForm, UnitWord};

/// A token as the matcher sees it.
#[derive(Clone, Debug)]
pub(super) struct W<'a> {
    /// The word without proclitics (وأمس → امس, بالأسبوع → الاسبوع): `Word::form`.
    pub key: &'a str,
    /// `key` without the article.
    pub bare: &'a str,
    /// What `bare` and `key` are in the time classes, looked up once.
    pub b: Classes,
    pub k: Classes,
    /// The segmenter found the article (إلى and إلا begin with ال and have none).
    pub article: bool,
    /// The value of a number token (ASCII digits after normalisation), or of a number word.
    pub num: Option<i64>,
    pub kind: TokenKind,
    /// Span start after proclitics, and end.
    pub start: usize,
    pub end: usize,
    /// The token carries the future prefix س.
    pub future_prefix: bool,
    /// The raw normalised token (with proclitics), for punctuation like "/".
    pub norm: &'a str,
}

/// What a temporal expression found at one position is.
pub(super) struct Found {
    /// One past its last word.
    pub end: usize,
    pub kind: TimexType,
    pub value: Option<String>,
    pub modifier: Option<Modifier>,
    pub relative: bool,
    /// A weekday and whether its direction was written (الاثنين القادم) or guessed.
    pub weekday: Option<(Weekday, bool)>,
}

impl Found {
    fn new(end: usize, kind: TimexType, value: Option<String>, relative: bool) -> Found {
        Found {
            end,
            kind,
            value,
            modifier: None,
            relative,
            weekday: None,
        }
    }
}

/// What a pattern says at a position.
enum Step {
    Found(Found),
    /// No expression starts here; later patterns need not look.
    Stop,
    /// Not this pattern.
    Next,
}

impl From<Option<Found>> for Step {
    /// A pattern that recognised its words but could not give a value stops the search.
    fn from(f: Option<Found>) -> Step {
        f.map_or(Step::Stop, Step::Found)
    }
}

type Pattern = fn(&Matcher, usize) -> Step;

/// The patterns of one position, tried in order; the first that decides wins. Order
/// matters where words are shared: a day and month before a month alone, a relative day
/// pair (أول أمس) before the modifier أول.
const COMPOUND: &[Pattern] = &[modified, approximated, part_of_day, every, counted_from_now];
const PLAIN: &[Pattern] = &[
    numeric_date,
    day_month,
    month,
    year,
    day_ordinal,
    relative_day,
    reference,
    weekday,
    decade,
    century,
    season,
    relative_unit,
    this_unit,
    quarter,
    counted_span,
    set,
    vague_duration,
    duration,
    dual,
    alone,
];

pub(super) struct Matcher<'a> {
    pub w: &'a [W<'a>],
    pub dct: Option<NaiveDate>,
    pub lex: &'a TimeWords,
}

impl Matcher<'_> {
    fn key(&self, i: usize) -> &str {
        self.w.get(i).map(|w| w.key).unwrap_or("")
    }
    /// The classes of word `i` without its article, and as written.
    fn b(&self, i: usize) -> Classes {
        self.w.get(i).map(|w| w.b).unwrap_or_default()
    }
    fn k(&self, i: usize) -> Classes {
        self.w.get(i).map(|w| w.k).unwrap_or_default()
    }
    /// The phrase of `pairs` starting at word `i` (its first word bare or as written),
    /// looked up only when the word starts one.
    fn pair<V: Copy>(&self, pairs: &Pairs<V>, f: u32, i: usize, bare: bool) -> Option<(V, usize)> {
        let w = self.w.get(i)?;
        let (c, first) = if bare { (w.b, w.bare) } else { (w.k, w.key) };
        if !c.has(f) {
            return None;
        }
        pairs.get(first, |k, x| self.written(i + 1 + k, x))
    }
    fn num(&self, i: usize) -> Option<i64> {
        self.w.get(i).and_then(|w| w.num)
    }
    fn is_slash(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.norm == "/")
    }
    /// Whether the word at `i` is `w` as written (after proclitics) or with them.
    fn written(&self, i: usize, w: &str) -> bool {
        self.w.get(i).is_some_and(|x| x.key == w || x.norm == w)
    }
    fn unit(&self, i: usize) -> Option<UnitWord> {
        self.b(i).unit
    }
    fn weekday(&self, i: usize) -> Option<Weekday> {
        self.b(i).weekday
    }
    fn direction(&self, i: usize) -> Option<i64> {
        self.b(i).direction
    }

    /// The expression starting at word `i`, if any. A compound pattern that stops (كل
    /// without a unit after it) ends the search; the plain patterns are not tried.
    pub fn at(&self, i: usize) -> Option<Found> {
        match self.first_of(COMPOUND, i) {
            Step::Found(f) => Some(f),
            Step::Stop => None,
            Step::Next => self.plain(i),
        }
    }

    /// An expression that is not built on another one at the next word.
    fn plain(&self, i: usize) -> Option<Found> {
        self.w.get(i)?;
        match self.first_of(PLAIN, i) {
            Step::Found(f) => Some(f),
            Step::Stop | Step::Next => None,
        }
    }

    fn first_of(&self, patterns: &[Pattern], i: usize) -> Step {
        for p in patterns {
            match p(self, i) {
                Step::Next => {}
                decided => return decided,
            }
        }
        Step::Next
    }

    /// A number, possibly compound (خمسة وتسعين = 95, 26): (value, tokens used).
    fn number(&self, i: usize) -> Option<(i64, usize)> {
        // اثني عشر، ثلاثة عشر: 11 to 19.
        let teen = match self.b(i).teen {
            Some(t) => Some(t),
            None => self.num(i).filter(|n| (3..=9).contains(n)),
        };
        if let Some(t) = teen {
            if self.b(i + 1).has(TEEN_TEN) {
                return Some((10 + t, 2));
            }
        }
        let a = self.num(i)?;
        // خمسة وتسعين: a unit word, then و + a tens word.
        if a < 10 && self.w[i].kind != TokenKind::Number {
            if let Some(next) = self.w.get(i + 1) {
                if next.norm.starts_with('و') {
                    if let Some(t) = self.lex.bare(next.bare.trim_start_matches('و')).number.or(next.num) {
                        if t >= 20 && t % 10 == 0 && t < 100 {
                            return Some((a + t, 2));
                        }
                    }
                }
            }
        }
        Some((a, 1))
    }

    /// Month at `i` (one or two words, with an optional "/ other name"): (month, tokens used).
    fn month_at(&self, i: usize, context: bool) -> Option<(u32, usize)> {
        let pair = |at: usize| self.pair(&self.lex.month_pair, MONTH_PAIR, at, true);
        let (m, mut used) = if let Some((m, n)) = pair(i) {
            (m, n)
        } else {
            let (m, free) = self.b(i).month?;
            if !free && !context {
                return None;
            }
            (m, 1)
        };
        // مايو/أيار, فبراير/ شباط: the second name repeats the month.
        if self.is_slash(i + used) {
            let other = i + used + 1;
            if let Some((m2, n)) = pair(other) {
                if m2 == m {
                    used += 1 + n;
                }
            } else if let Some((m2, _)) = self.b(other).month {
                if m2 == m {
                    used += 2;
                }
            }
        }
        Some((m, used))
    }

    /// Whether word `i` is a plural unit without the article and not in construct with a
    /// definite noun: سنوات in منذ سنوات, not in خلال سنوات الحرب ("the war years").
    fn vague_plural(&self, i: usize) -> bool {
        let construct = self
            .w
            .get(i + 1)
            .is_some_and(|n| n.kind == TokenKind::Arabic && n.article);
        let indefinite = self.w.get(i).is_some_and(|w| !w.article);
        self.unit(i).is_some_and(|u| u.form == UnitForm::Plural) && indefinite && !construct
    }

    /// Whether the sentence marks the future before word `i` (غدا، المقبل، سوف، the prefix س).
    fn future_context(&self, i: usize) -> bool {
        self.w[..i].iter().any(|w| w.future_prefix || w.b.has(FUTURE))
    }

    fn weekday_value(&self, i: usize, wd: Weekday, dir: Option<i64>) -> Option<String> {
        let dct = self.dct?;
        let diff = (wd.num_days_from_monday() as i64 - dct.weekday().num_days_from_monday() as i64).rem_euclid(7);
        let date = match dir {
            Some(d) if d < 0 => dct - Duration::days(if diff == 0 { 7 } else { 7 - diff }),
            Some(d) if d > 0 => dct + Duration::days(if diff == 0 { 7 } else { diff }),
            _ if self.future_context(i) => dct + Duration::days(diff),
            _ => dct - Duration::days((7 - diff) % 7),
        };
        Some(ymd(date))
    }
}

// ---- compound patterns: a word that modifies the expression after it ----

/// Modifiers: منتصف الشهر، مطلع العام، نهاية 2015 ...
fn modified(m: &Matcher, i: usize) -> Step {
    let Some(modifier) = m.b(i).modifier else {
        return Step::Next;
    };
    // أول أمس is a day, not the start of one.
    if m.pair(&m.lex.relative_day_pair, RELATIVE_DAY_PAIR, i, false).is_some() {
        return Step::Next;
    }
    if let Some(mut f) = m.plain(i + 1) {
        if f.kind == TimexType::Date {
            f.modifier = Some(modifier);
            return Step::Found(f);
        }
    }
    // منتصف الشهر: the month or year the text is in.
    let next = m.b(i + 1);
    let u = if next.has(MONTH_WORD) {
        Unit::Month
    } else if next.has(YEAR_WORD) {
        Unit::Year
    } else {
        return Step::Stop;
    };
    let mut f = Found::new(i + 2, TimexType::Date, m.dct.map(|d| at_granularity(d, u)), true);
    f.modifier = Some(modifier);
    Step::Found(f)
}

/// أقل من / أكثر من + a duration.
fn approximated(m: &Matcher, i: usize) -> Step {
    let Some(modifier) = m.b(i).approximation else {
        return Step::Next;
    };
    if m.k(i + 1).has(OF) {
        if let Some(mut f) = m.plain(i + 2) {
            if f.kind == TimexType::Duration {
                f.modifier = Some(modifier);
                return Step::Found(f);
            }
        }
    }
    Step::Next
}

/// Parts of the day: صباح اليوم، مساء الخميس، ليلة أمس.
fn part_of_day(m: &Matcher, i: usize) -> Step {
    let Some(p) = m.b(i).part_of_day.map(|p| m.lex.value(p)) else {
        return Step::Next;
    };
    match m.plain(i + 1) {
        Some(f) if f.kind == TimexType::Date && f.relative => {
            let v = f.value.map(|v| format!("{v}T{p}"));
            Step::Found(Found::new(f.end, TimexType::Time, v, true))
        }
        _ => Step::Stop,
    }
}

/// Every ...: كل يوم، كل عامين، كل يوم سبت، كل أسبوع.
fn every(m: &Matcher, i: usize) -> Step {
    if !m.k(i).has(EVERY) {
        return Step::Next;
    }
    let j = i + 1;
    if let Some(u) = m.unit(j) {
        if let Some(wd) = m.weekday(j + 1).filter(|_| u.unit == Unit::Day) {
            let v = format!("XXXX-WXX-{}", wd.number_from_monday());
            return Step::Found(Found::new(j + 2, TimexType::Set, Some(v), false));
        }
        return Step::Found(Found::new(
            j + 1,
            TimexType::Set,
            Some(duration_value(u.unit, u.count())),
            false,
        ));
    }
    if let Some(wd) = m.weekday(j) {
        let v = format!("XXXX-WXX-{}", wd.number_from_monday());
        return Step::Found(Found::new(j + 1, TimexType::Set, Some(v), false));
    }
    Step::Stop
}

/// قبل / بعد + N units: a date counted from the DCT.
fn counted_from_now(m: &Matcher, i: usize) -> Step {
    // بعد غد is a day of its own.
    if m.pair(&m.lex.relative_day_pair, RELATIVE_DAY_PAIR, i, false).is_some() {
        return Step::Next;
    }
    let sign = if m.k(i).has(BEFORE) {
        -1
    } else if m.k(i).has(AFTER) {
        1
    } else {
        return Step::Next;
    };
    // قبل أيام "days ago": a past date whose count the text does not give.
    if sign < 0 && m.vague_plural(i + 1) {
        return Step::Found(Found::new(i + 2, TimexType::Date, Some("PAST_REF".into()), true));
    }
    let (n, used) = match m.number(i + 1) {
        Some((n, used)) if m.unit(i + 1 + used).is_some() => (n, used),
        _ => match m.unit(i + 1) {
            Some(u) if u.form == UnitForm::Dual => (2, 0),
            _ => return Step::Stop,
        },
    };
    let Some(u) = m.unit(i + 1 + used) else {
        return Step::Stop;
    };
    let v = m
        .dct
        .and_then(|d| shift(d, u.unit, sign * n))
        .map(|d| at_granularity(d, u.unit));
    Step::Found(Found::new(i + 2 + used, TimexType::Date, v, true))
}

// ---- plain patterns ----

/// Numeric dates: 2018/05/12, 12/05/2018, 2018-05-12.
fn numeric_date(m: &Matcher, i: usize) -> Step {
    let w = &m.w[i];
    if w.kind != TokenKind::Number || !(w.norm.contains('/') || w.norm.contains('-')) {
        return Step::Next;
    }
    let parts: Vec<i64> = w.norm.split(['/', '-']).filter_map(|p| p.parse().ok()).collect();
    let d = match parts.as_slice() {
        [y, m, d] if is_year(*y) => NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32),
        [d, m, y] if is_year(*y) => NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32),
        _ => None,
    };
    d.map(|d| Found::new(i + 1, TimexType::Date, Some(ymd(d)), false))
        .into()
}

/// Day + month (+ year): 12 مايو/أيار 2018.
fn day_month(m: &Matcher, i: usize) -> Step {
    let w = &m.w[i];
    let (Some(day), Some((month, used))) = (w.num.filter(|n| (1..=31).contains(n)), m.month_at(i + 1, true)) else {
        return Step::Next;
    };
    if w.kind != TokenKind::Number {
        return Step::Next;
    }
    let j = i + 1 + used;
    let year = m.num(j).filter(|y| is_year(*y));
    let end = if year.is_some() { j + 1 } else { j };
    let y = year
        .map(|y| y as i32)
        .or_else(|| m.dct.and_then(|d| nearest_year(d, month, day as u32)));
    let v = y.and_then(|y| NaiveDate::from_ymd_opt(y, month, day as u32)).map(ymd);
    // 12 مايو الجاري.
    let end = if m.direction(end) == Some(0) { end + 1 } else { end };
    Step::Found(Found::new(end, TimexType::Date, v, year.is_none()))
}

/// Month (+ year), or month + الماضي/المقبل/الجاري.
fn month(m: &Matcher, i: usize) -> Step {
    let context = m.num(i + 1).is_some_and(is_year)
        || m.is_slash(i + 1)
        || m.direction(i + 1).is_some()
        || i > 0 && m.k(i - 1).has(MONTH_CUE);
    let Some((month, used)) = m.month_at(i, context) else {
        return Step::Next;
    };
    let j = i + used;
    if let Some(y) = m.num(j).filter(|y| is_year(*y)) {
        return Step::Found(Found::new(
            j + 1,
            TimexType::Date,
            Some(format!("{y}-{month:02}")),
            false,
        ));
    }
    let dir = m.direction(j);
    let end = if dir.is_some() { j + 1 } else { j };
    let v = m.dct.map(|d| {
        let y = match dir {
            Some(-1) if month >= d.month() => d.year() - 1,
            Some(1) if month <= d.month() => d.year() + 1,
            _ => nearest_year(d, month, 15).unwrap_or(d.year()),
        };
        format!("{y}-{month:02}")
    });
    Step::Found(Found::new(end, TimexType::Date, v, true))
}

/// Years: عام 2015، العام 1917، في 2011، 2013 after a cue.
fn year(m: &Matcher, i: usize) -> Step {
    let w = &m.w[i];
    if w.b.has(YEAR_WORD) {
        if let Some(y) = m.num(i + 1).filter(|y| is_year(*y)) {
            return Step::Found(Found::new(i + 2, TimexType::Date, Some(y.to_string()), false));
        }
    }
    if w.kind != TokenKind::Number || !w.num.is_some_and(is_year) || w.norm.len() != 4 {
        return Step::Next;
    }
    // A bare year, unless a counted noun follows (2000 شخص).
    let cue = i > 0 && m.k(i - 1).has(YEAR_CUE);
    let next_ok =
        m.w.get(i + 1)
            .is_none_or(|n| n.kind != TokenKind::Arabic || n.k.has(AFTER_YEAR) || n.norm.starts_with('و'));
    if cue || next_ok {
        return Step::Found(Found::new(i + 1, TimexType::Date, w.num.map(|y| y.to_string()), false));
    }
    Step::Next
}

/// اليوم الأول، اليوم الثاني are a day of something (a duration), not today.
fn day_ordinal(m: &Matcher, i: usize) -> Step {
    if m.k(i).relative_day == Some(0) && m.k(i + 1).ordinal.is_some() {
        return Step::Found(Found::new(i + 2, TimexType::Duration, Some("P1D".into()), false));
    }
    Step::Next
}

/// Relative days: اليوم، أمس، غدا (a weekday may follow: غدا الاثنين), and the two-word
/// اليوم التالي، أمس الأول / أول أمس، بعد غد.
fn relative_day(m: &Matcher, i: usize) -> Step {
    let day = m
        .pair(&m.lex.relative_day_pair, RELATIVE_DAY_PAIR, i, false)
        .or_else(|| m.k(i).relative_day.map(|d| (d, 1)));
    let Some((offset, used)) = day else {
        return Step::Next;
    };
    // غدا الاثنين: the weekday names the same day. After a two-word day (أمس الأول الأحد)
    // the weekday is an expression of its own, as the Arabic TimeML corpus marks it.
    let end = if used == 1 && m.weekday(i + 1).is_some() {
        i + 2
    } else {
        i + used
    };
    let v = m.dct.map(|d| ymd(d + Duration::days(offset)));
    Step::Found(Found::new(end, TimexType::Date, v, true))
}

/// الآن، مؤخرا؛ في السابق، هذه الأيام، الوقت نفسه.
fn reference(m: &Matcher, i: usize) -> Step {
    if let Some((v, used)) = m.pair(&m.lex.reference_pair, REFERENCE_PAIR, i, false) {
        let v = m.lex.reference_values[v].clone();
        return Step::Found(Found::new(i + used, TimexType::Date, Some(v), false));
    }
    match m.k(i).reference {
        Some(r) => Step::Found(Found::new(
            i + 1,
            TimexType::Date,
            Some(m.lex.value(r).to_string()),
            false,
        )),
        None => Step::Next,
    }
}

/// Weekdays: (يوم) الخميس (الماضي|القادم).
fn weekday(m: &Matcher, i: usize) -> Step {
    let (wi, has_yawm) = if m.b(i).has(DAY_WORD) && m.weekday(i + 1).is_some() {
        (i + 1, true)
    } else {
        (i, false)
    };
    let Some(wd) = m.weekday(wi) else {
        return Step::Next;
    };
    if !(has_yawm || m.key(wi).starts_with("ال")) {
        return Step::Next;
    }
    let dir = m.direction(wi + 1);
    let end = if dir.is_some() { wi + 2 } else { wi + 1 };
    let mut f = Found::new(end, TimexType::Date, m.weekday_value(wi, wd, dir), true);
    f.weekday = Some((wd, dir.is_some() || m.future_context(wi)));
    Step::Found(f)
}

/// Decades: الثمانينيات (القرن الماضي).
fn decade(m: &Matcher, i: usize) -> Step {
    let Some(d) = m.b(i).decade else {
        return Step::Next;
    };
    let end = if m.k(i + 1).has(CENTURY_WORD) { i + 2 } else { i + 1 };
    Step::Found(Found::new(end, TimexType::Date, Some(format!("19{d}")), false))
}

/// Centuries: القرن الماضي، القرن العشرين، القرن الحادي والعشرين.
fn century(m: &Matcher, i: usize) -> Step {
    if m.unit(i)
        != Some(UnitWord {
            unit: Unit::Century,
            form: UnitForm::Singular,
        })
    {
        return Step::Next;
    }
    if let Some(dir) = m.direction(i + 1) {
        let v = m.dct.map(|d| format!("{}", d.year() / 100 + dir as i32));
        return Step::Found(Found::new(i + 2, TimexType::Date, v, true));
    }
    m.pair(&m.lex.century, CENTURY_PAIR, i + 1, false)
        .map(|(c, used)| Found::new(i + 1 + used, TimexType::Date, Some(c.to_string()), false))
        .into()
}

/// Seasons: الصيف (المقبل).
fn season(m: &Matcher, i: usize) -> Step {
    let Some(s) = m.b(i).season.map(|s| m.lex.value(s)) else {
        return Step::Next;
    };
    let dir = m.direction(i + 1);
    let end = if dir.is_some() { i + 2 } else { i + 1 };
    let v = m.dct.map(|d| format!("{}-{s}", d.year() + dir.unwrap_or(0) as i32));
    Step::Found(Found::new(end, TimexType::Date, v, true))
}

/// الأسبوع الماضي، الشهر المقبل، العام الجاري; with a plural (الأيام الماضية، السنوات
/// اللاحقة) a stretch of past or future, not one unit away.
fn relative_unit(m: &Matcher, i: usize) -> Step {
    match (m.unit(i), m.direction(i + 1)) {
        (Some(u), Some(dir)) if u.count() == 1 && m.key(i).starts_with("ال") => {
            let v = if u.form == UnitForm::Plural {
                Some(reference_of(dir).to_string())
            } else {
                m.dct
                    .and_then(|d| shift(d, u.unit, dir))
                    .map(|d| at_granularity(d, u.unit))
            };
            Step::Found(Found::new(i + 2, TimexType::Date, v, true))
        }
        _ => Step::Next,
    }
}

/// The TIMEX3 reference of a direction.
fn reference_of(dir: i64) -> &'static str {
    match dir {
        d if d < 0 => "PAST_REF",
        0 => "PRESENT_REF",
        _ => "FUTURE_REF",
    }
}

/// هذا العام، هذه السنة.
fn this_unit(m: &Matcher, i: usize) -> Step {
    if !m.k(i).has(THIS) {
        return Step::Next;
    }
    match m.unit(i + 1) {
        Some(u) if u.count() == 1 && m.key(i + 1).starts_with("ال") && !matches!(u.unit, Unit::Hour | Unit::Minute) =>
        {
            let v = m.dct.map(|d| at_granularity(d, u.unit));
            Step::Found(Found::new(i + 2, TimexType::Date, v, true))
        }
        _ => Step::Next,
    }
}

/// الربع الأول: a quarter.
fn quarter(m: &Matcher, i: usize) -> Step {
    if m.k(i).has(QUARTER) && m.k(i + 1).ordinal.is_some() {
        return Step::Found(Found::new(i + 2, TimexType::Duration, Some("P1Q".into()), false));
    }
    Step::Next
}

/// السنوات الخمس (الماضية): a counted span.
fn counted_span(m: &Matcher, i: usize) -> Step {
    let (Some(u), Some(n)) = (m.unit(i), m.b(i + 1).number) else {
        return Step::Next;
    };
    if u.count() != 1 || !m.key(i).starts_with("ال") {
        return Step::Next;
    }
    let end = if m.direction(i + 2).is_some() { i + 3 } else { i + 2 };
    Step::Found(Found::new(
        end,
        TimexType::Duration,
        Some(duration_value(u.unit, n)),
        false,
    ))
}

/// Sets as adverbs and adjectives: يوميا، اليومية، سنوي.
fn set(m: &Matcher, i: usize) -> Step {
    match m.b(i).set {
        Some(s) => Step::Found(Found::new(
            i + 1,
            TimexType::Set,
            Some(m.lex.value(s).to_string()),
            false,
        )),
        None => Step::Next,
    }
}

/// A bare indefinite plural unit after منذ، خلال، لمدة: an unspecified count (منذ دقائق
/// "for minutes" or "minutes ago": PTXM; after قبل it is a past date, see
/// `counted_from_now`). Not when a noun with the article follows: خلال سنوات الحرب
/// "during the war years" and ساعات الدوام "working hours" are not spans of time.
fn vague_duration(m: &Matcher, i: usize) -> Step {
    match m.unit(i) {
        Some(u) if m.vague_plural(i) && i > 0 && m.k(i - 1).has(VAGUE_COUNT) => {
            Step::Found(Found::new(i + 1, TimexType::Duration, Some(duration_x(u.unit)), false))
        }
        _ => Step::Next,
    }
}

/// Durations: N units (26 عاما، ثلاثة أيام، خمسة وتسعين عاما).
fn duration(m: &Matcher, i: usize) -> Step {
    let w = &m.w[i];
    let Some((n, used)) = m.number(i) else {
        return Step::Next;
    };
    match m.unit(i + used) {
        Some(u) if !(w.kind == TokenKind::Number && is_year(n) && w.norm.len() == 4) => Step::Found(Found::new(
            i + used + 1,
            TimexType::Duration,
            Some(duration_value(u.unit, n)),
            false,
        )),
        _ => Step::Next,
    }
}

/// Dual units: يومين، ساعتين.
fn dual(m: &Matcher, i: usize) -> Step {
    match m.unit(i) {
        Some(u) if u.form == UnitForm::Dual => Step::Found(Found::new(
            i + 1,
            TimexType::Duration,
            Some(duration_value(u.unit, 2)),
            false,
        )),
        _ => Step::Next,
    }
}

/// A bare indefinite accusative unit: يوما، عاما، شهرا ("for a day", "one day").
fn alone(m: &Matcher, i: usize) -> Step {
    match m.k(i).unit_alone {
        Some(u) => Step::Found(Found::new(
            i + 1,
            TimexType::Duration,
            Some(duration_value(u, 1)),
            false,
        )),
        None => Step::Next,
    }
}

// ---- values ----

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn duration_value(u: Unit, n: i64) -> String {
    match u {
        Unit::Minute => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Year => format!("P{n}Y"),
        Unit::Decade => format!("P{}Y", n.saturating_mul(10)),
        Unit::Century => format!("P{n}CE"),
    }
}

/// A duration of an unspecified count of units (TIMEX3 writes the count X).
fn duration_x(u: Unit) -> String {
    match u {
        Unit::Minute => "PTXM".into(),
        Unit::Hour => "PTXH".into(),
        Unit::Day => "PXD".into(),
        Unit::Week => "PXW".into(),
        Unit::Month => "PXM".into(),
        Unit::Year => "PXY".into(),
        Unit::Decade => "PXDE".into(),
        Unit::Century => "PXCE".into(),
    }
}

/// `d` moved by `n` units; none when the count is too large for a calendar date (the
/// count comes from the text: قبل 200000000000 يوم must not overflow).
fn shift(d: NaiveDate, u: Unit, n: i64) -> Option<NaiveDate> {
    let months = |m: i64| {
        let k = u32::try_from(m.unsigned_abs()).ok()?;
        if m >= 0 {
            d.checked_add_months(Months::new(k))
        } else {
            d.checked_sub_months(Months::new(k))
        }
    };
    let days = |k: i64| d.checked_add_signed(Duration::try_days(k)?);
    match u {
        Unit::Day => days(n),
        Unit::Week => days(n.checked_mul(7)?),
        Unit::Month => months(n),
        Unit::Year => months(n.checked_mul(12)?),
        Unit::Decade => months(n.checked_mul(120)?),
        Unit::Century => months(n.checked_mul(1200)?),
        Unit::Minute | Unit::Hour => Some(d),
    }
}

/// The value of a date at the granularity of a unit.
fn at_granularity(d: NaiveDate, u: Unit) -> String {
    match u {
        Unit::Day | Unit::Hour | Unit::Minute => ymd(d),
        Unit::Week => format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week()),
        Unit::Month => d.format("%Y-%m").to_string(),
        Unit::Year => d.format("%Y").to_string(),
        Unit::Decade => format!("{}", d.year() / 10),
        Unit::Century => format!("{}", d.year() / 100),
    }
}

fn is_year(n: i64) -> bool {
    (1800..=2100).contains(&n)
}

/// The year of a month/day written without one: the latest such date no more than two
/// months after the DCT (news mostly reports the past, and announces the near future).
fn nearest_year(dct: NaiveDate, m: u32, d: u32) -> Option<i32> {
    let limit = dct + Duration::days(60);
    [dct.year() + 1, dct.year(), dct.year() - 1]
        .into_iter()
        .find(|&y| NaiveDate::from_ymd_opt(y, m, d.max(1)).is_some_and(|date| date <= limit))
}

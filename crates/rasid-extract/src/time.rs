//! Temporal expressions: detection over tokens and TIMEX3 values resolved against the
//! publication date (the document creation time, DCT).
//!
//! Rule-based: the expressions of Arabic news are a small, regular language (weekdays,
//! Gregorian, Levantine and Maghrebi month names, relative day words, "last/next/this"
//! with a unit, counted durations, "every ..." sets, decades and centuries), and rules give
//! values that can be explained. Matching works on the normalised token without its
//! proclitics, so وأمس and بالأسبوع الماضي match like أمس and الأسبوع الماضي.
//!
//! Resolution rules worth knowing:
//! - a bare weekday is the most recent such day on or before the DCT (news reports the
//!   past), unless the sentence marks the future before it (غدا، المقبل، القادم، سوف،
//!   the future prefix س): then the next such day after the DCT; الماضي means strictly
//!   before the DCT, القادم/المقبل strictly after;
//! - a day and month without a year take the year that puts the date nearest the DCT;
//! - without a DCT, relative expressions are found but get no value (`value` is empty).

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};
use rasid_core::{SegmentKind, Sentence, Timex, TimexType, Token, TokenKind};

/// A token as the matcher sees it.
#[derive(Clone, Debug)]
struct W {
    /// Normalised, proclitics removed (وأمس → امس, بالأسبوع → الاسبوع).
    key: String,
    /// `key` without the article.
    bare: String,
    /// The value of a number token (ASCII digits after normalisation), or of a number word.
    num: Option<i64>,
    kind: TokenKind,
    /// Span start after proclitics, and end.
    start: usize,
    end: usize,
    /// The token carries the future prefix س.
    future_prefix: bool,
    /// The raw normalised token (with proclitics), for punctuation like "/".
    norm: String,
}

fn view(t: &Token) -> W {
    let mut start = t.start;
    let mut future_prefix = false;
    let mut key = String::new();
    if t.kind == TokenKind::Arabic && !t.segments.is_empty() {
        for s in &t.segments {
            match s.kind {
                SegmentKind::Proclitic => {
                    if s.text == "س" {
                        future_prefix = true;
                    }
                    start = s.end;
                }
                _ => key.push_str(&rasid_text::normalize(&s.text)),
            }
        }
        // ل + ال written لل: restore the article's alef.
        if t.segments
            .iter()
            .any(|s| s.kind == SegmentKind::Article && s.text == "ل")
        {
            key.insert(0, 'ا');
        }
    } else {
        key = t.norm.clone();
    }
    let bare = key
        .strip_prefix("ال")
        .filter(|b| b.chars().count() >= 2)
        .unwrap_or(&key)
        .to_string();
    let num = match t.kind {
        TokenKind::Number => t.norm.parse::<i64>().ok(),
        _ => number_word(&bare),
    };
    W {
        key,
        bare,
        num,
        kind: t.kind,
        start,
        end: t.end,
        future_prefix,
        norm: t.norm.clone(),
    }
}

fn number_word(w: &str) -> Option<i64> {
    Some(match w {
        "واحد" | "واحده" => 1,
        "اثنان" | "اثنين" | "اثنتين" | "اثنتان" => 2,
        "ثلاث" | "ثلاثه" => 3,
        "اربع" | "اربعه" => 4,
        "خمس" | "خمسه" => 5,
        "ست" | "سته" => 6,
        "سبع" | "سبعه" => 7,
        "ثمان" | "ثماني" | "ثمانيه" => 8,
        "تسع" | "تسعه" => 9,
        "عشر" | "عشره" => 10,
        "عشرين" | "عشرون" => 20,
        "ثلاثين" | "ثلاثون" => 30,
        "اربعين" | "اربعون" => 40,
        "خمسين" | "خمسون" => 50,
        "ستين" | "ستون" => 60,
        "سبعين" | "سبعون" => 70,
        "ثمانين" | "ثمانون" => 80,
        "تسعين" | "تسعون" => 90,
        "مئه" | "مائه" => 100,
        "الف" => 1000,
        _ => return None,
    })
}

fn weekday(bare: &str) -> Option<Weekday> {
    Some(match bare {
        "اثنين" => Weekday::Mon,
        "ثلاثاء" => Weekday::Tue,
        "اربعاء" => Weekday::Wed,
        "خميس" => Weekday::Thu,
        "جمعه" => Weekday::Fri,
        "سبت" => Weekday::Sat,
        "احد" => Weekday::Sun,
        _ => return None,
    })
}

/// Month names that need no context; and those that do (مارس is also a verb, اب a father).
fn month(bare: &str) -> Option<(u32, bool)> {
    Some(match bare {
        "يناير" | "جانفي" => (1, true),
        "فبراير" | "فيفري" => (2, true),
        "مارس" => (3, false),
        "ابريل" | "افريل" => (4, true),
        "مايو" => (5, true),
        "ماي" => (5, false),
        "يونيو" | "يونيه" | "جوان" => (6, true),
        "يوليو" | "يوليه" | "جويليه" => (7, true),
        "اغسطس" | "اوت" => (8, true),
        "سبتمبر" => (9, true),
        "اكتوبر" => (10, true),
        "نوفمبر" => (11, true),
        "ديسمبر" => (12, true),
        "شباط" => (2, false),
        "اذار" => (3, false),
        "نيسان" => (4, false),
        "ايار" => (5, false),
        "حزيران" => (6, false),
        "تموز" => (7, false),
        "اب" => (8, false),
        "ايلول" => (9, false),
        _ => return None,
    })
}

/// كانون الثاني، تشرين الأول ...: two-word Levantine months.
fn month2(a: &str, b: &str) -> Option<u32> {
    match (a, b) {
        ("كانون", "الثاني") => Some(1),
        ("كانون", "الاول") => Some(12),
        ("تشرين", "الاول") => Some(10),
        ("تشرين", "الثاني") => Some(11),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Minute,
    Hour,
    Day,
    Week,
    Month,
    Year,
    Decade,
    Century,
}

/// A unit word and the count it carries by itself (dual forms carry 2).
fn unit(bare: &str) -> Option<(Unit, i64)> {
    Some(match bare {
        "دقيقه" | "دقائق" | "دقيقة" => (Unit::Minute, 1),
        "دقيقتين" | "دقيقتان" => (Unit::Minute, 2),
        "ساعه" | "ساعات" => (Unit::Hour, 1),
        "ساعتين" | "ساعتان" => (Unit::Hour, 2),
        "يوم" | "ايام" | "يوما" => (Unit::Day, 1),
        "يومين" | "يومان" => (Unit::Day, 2),
        "اسبوع" | "اسابيع" | "اسبوعا" => (Unit::Week, 1),
        "اسبوعين" | "اسبوعان" => (Unit::Week, 2),
        "شهر" | "اشهر" | "شهور" | "شهرا" => (Unit::Month, 1),
        "شهرين" | "شهران" => (Unit::Month, 2),
        "عام" | "اعوام" | "عاما" | "سنه" | "سنوات" | "سنين" | "سنه," => (Unit::Year, 1),
        "عامين" | "عامان" | "سنتين" | "سنتان" => (Unit::Year, 2),
        "عقد" | "عقود" | "عقدا" => (Unit::Decade, 1),
        "عقدين" | "عقدان" => (Unit::Decade, 2),
        "قرن" | "قرون" | "قرنا" => (Unit::Century, 1),
        "قرنين" | "قرنان" => (Unit::Century, 2),
        _ => return None,
    })
}

fn duration(u: Unit, n: i64) -> String {
    match u {
        Unit::Minute => format!("PT{n}M"),
        Unit::Hour => format!("PT{n}H"),
        Unit::Day => format!("P{n}D"),
        Unit::Week => format!("P{n}W"),
        Unit::Month => format!("P{n}M"),
        Unit::Year => format!("P{n}Y"),
        Unit::Decade => format!("P{}Y", 10 * n),
        Unit::Century => format!("P{n}CE"),
    }
}

fn shift(d: NaiveDate, u: Unit, n: i64) -> Option<NaiveDate> {
    let months = |m: i64| {
        if m >= 0 {
            d.checked_add_months(Months::new(m as u32))
        } else {
            d.checked_sub_months(Months::new((-m) as u32))
        }
    };
    match u {
        Unit::Day => d.checked_add_signed(Duration::days(n)),
        Unit::Week => d.checked_add_signed(Duration::days(7 * n)),
        Unit::Month => months(n),
        Unit::Year => months(12 * n),
        Unit::Decade => months(120 * n),
        Unit::Century => months(1200 * n),
        Unit::Minute | Unit::Hour => Some(d),
    }
}

/// The value of a date at the granularity of a unit.
fn at_granularity(d: NaiveDate, u: Unit) -> String {
    match u {
        Unit::Day | Unit::Hour | Unit::Minute => d.format("%Y-%m-%d").to_string(),
        Unit::Week => format!("{}-W{:02}", d.iso_week().year(), d.iso_week().week()),
        Unit::Month => d.format("%Y-%m").to_string(),
        Unit::Year => d.format("%Y").to_string(),
        Unit::Decade => format!("{}", d.year() / 10),
        Unit::Century => format!("{}", d.year() / 100),
    }
}

fn relative_direction(bare: &str) -> Option<i64> {
    match bare {
        "ماضي" | "ماضيه" | "منصرم" | "منصرمه" | "سابق" | "سابقه" | "فائت" | "فائته" => {
            Some(-1)
        }
        "قادم" | "قادمه" | "مقبل" | "مقبله" | "تالي" | "تاليه" => Some(1),
        "جاري" | "جاريه" | "حالي" | "حاليه" => Some(0),
        _ => None,
    }
}

fn modifier(bare: &str) -> Option<&'static str> {
    match bare {
        "منتصف" => Some("MID"),
        "مطلع" | "بدايه" | "اوائل" | "اول" => Some("START"),
        "اواخر" | "نهايه" | "اخر" => Some("END"),
        _ => None,
    }
}

fn part_of_day(bare: &str) -> Option<&'static str> {
    match bare {
        "صباح" | "فجر" => Some("MO"),
        "ظهر" | "عصر" => Some("AF"),
        "مساء" => Some("EV"),
        "ليل" | "ليله" => Some("NI"),
        _ => None,
    }
}

fn reference(key: &str) -> Option<&'static str> {
    match key {
        "الان" | "حاليا" => Some("PRESENT_REF"),
        "مؤخرا" | "موخرا" | "سابقا" | "انذاك" | "حينذاك" | "حينها" => Some("PAST_REF"),
        "قريبا" | "مستقبلا" => Some("FUTURE_REF"),
        _ => None,
    }
}

fn decade(bare: &str) -> Option<i64> {
    Some(match bare {
        "عشرينيات" | "عشرينات" => 2,
        "ثلاثينيات" | "ثلاثينات" => 3,
        "اربعينيات" | "اربعينات" => 4,
        "خمسينيات" | "خمسينات" => 5,
        "ستينيات" | "ستينات" => 6,
        "سبعينيات" | "سبعينات" => 7,
        "ثمانينيات" | "ثمانينات" => 8,
        "تسعينيات" | "تسعينات" => 9,
        _ => return None,
    })
}

fn season(bare: &str) -> Option<&'static str> {
    match bare {
        "صيف" => Some("SU"),
        "شتاء" => Some("WI"),
        "ربيع" => Some("SP"),
        "خريف" => Some("FA"),
        _ => None,
    }
}

fn is_year(n: i64) -> bool {
    (1800..=2100).contains(&n)
}

/// Words after which a bare four-digit number is a year.
fn year_cue(key: &str) -> bool {
    matches!(
        key,
        "عام"
            | "العام"
            | "سنه"
            | "السنه"
            | "منذ"
            | "في"
            | "حتي"
            | "مطلع"
            | "منتصف"
            | "نهايه"
            | "بدايه"
            | "اواخر"
            | "اوائل"
            | "خلال"
            | "الي"
            | "من"
            | "قبل"
            | "بعد"
            | "و"
            | "موسم"
    )
}

/// The year of a month/day written without one: the latest such date no more than two
/// months after the DCT (news mostly reports the past, and announces the near future).
fn nearest_year(dct: NaiveDate, m: u32, d: u32) -> Option<i32> {
    let limit = dct + Duration::days(60);
    [dct.year() + 1, dct.year(), dct.year() - 1]
        .into_iter()
        .find(|&y| NaiveDate::from_ymd_opt(y, m, d.max(1)).is_some_and(|date| date <= limit))
}

struct Found {
    end: usize,
    kind: TimexType,
    value: Option<String>,
    modifier: Option<&'static str>,
    relative: bool,
    /// A weekday and whether its direction was written (الاثنين القادم) or guessed.
    weekday: Option<(Weekday, bool)>,
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

struct Matcher<'a> {
    w: &'a [W],
    dct: Option<NaiveDate>,
}

impl Matcher<'_> {
    fn bare(&self, i: usize) -> &str {
        self.w.get(i).map(|w| w.bare.as_str()).unwrap_or("")
    }
    fn key(&self, i: usize) -> &str {
        self.w.get(i).map(|w| w.key.as_str()).unwrap_or("")
    }
    fn num(&self, i: usize) -> Option<i64> {
        self.w.get(i).and_then(|w| w.num)
    }
    fn is_slash(&self, i: usize) -> bool {
        self.w.get(i).is_some_and(|w| w.norm == "/")
    }

    /// A number, possibly compound (خمسة وتسعين = 95, 26): (value, tokens used).
    fn number(&self, i: usize) -> Option<(i64, usize)> {
        // اثني عشر، ثلاثة عشر: 11 to 19.
        let teen = match self.bare(i) {
            "احد" | "احدي" => Some(1),
            "اثنا" | "اثني" | "اثنتا" | "اثنتي" => Some(2),
            _ => self.num(i).filter(|n| (3..=9).contains(n)),
        };
        if let Some(t) = teen {
            if matches!(self.bare(i + 1), "عشر" | "عشره") {
                return Some((10 + t, 2));
            }
        }
        let a = self.num(i)?;
        // خمسة وتسعين: a unit word, then و + a tens word.
        if a < 10 && self.w[i].kind != TokenKind::Number {
            if let Some(next) = self.w.get(i + 1) {
                if next.norm.starts_with('و') {
                    if let Some(t) = number_word(next.bare.trim_start_matches('و')).or(next.num) {
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
        let (m, used) = if let Some(m) = month2(self.bare(i), self.key(i + 1)) {
            (m, 2)
        } else {
            let (m, free) = month(self.bare(i))?;
            if !free && !context {
                return None;
            }
            (m, 1)
        };
        // مايو/أيار, فبراير/ شباط: the second name repeats the month.
        let mut used = used;
        if self.is_slash(i + used) {
            if let Some(m2) = month2(self.bare(i + used + 1), self.key(i + used + 2)) {
                if m2 == m {
                    used += 3;
                }
            } else if let Some((m2, _)) = month(self.bare(i + used + 1)) {
                if m2 == m {
                    used += 2;
                }
            }
        }
        Some((m, used))
    }

    fn future_context(&self, i: usize) -> bool {
        self.w[..i].iter().any(|w| {
            w.future_prefix
                || matches!(
                    w.bare.as_str(),
                    "غدا" | "مقبل" | "مقبله" | "قادم" | "قادمه" | "سوف" | "غد"
                )
        }) || self
            .w
            .get(i + 1)
            .is_some_and(|w| matches!(w.bare.as_str(), "مقبل" | "قادم"))
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
        Some(date.format("%Y-%m-%d").to_string())
    }

    fn at(&self, i: usize) -> Option<Found> {
        let w = &self.w[i];
        let bare = w.bare.as_str();
        let key = w.key.as_str();
        let dct = self.dct;

        // Modifiers: منتصف الشهر، مطلع العام، نهاية 2015 ...
        if let Some(m) = modifier(bare) {
            if let Some(mut f) = self.at_plain(i + 1) {
                if f.kind == TimexType::Date {
                    f.modifier = Some(m);
                    return Some(f);
                }
            }
            // منتصف الشهر: the month or year the text is in.
            let (u, n) = match self.bare(i + 1) {
                "شهر" => (Unit::Month, i + 2),
                "عام" | "سنه" => (Unit::Year, i + 2),
                _ => return None,
            };
            let v = dct.map(|d| at_granularity(d, u));
            let mut f = Found::new(n, TimexType::Date, v, true);
            f.modifier = Some(m);
            return Some(f);
        }
        // أقل من / أكثر من / نحو + a duration.
        if matches!(bare, "اقل" | "اكثر") && self.key(i + 1) == "من" {
            if let Some(mut f) = self.at_plain(i + 2) {
                if f.kind == TimexType::Duration {
                    f.modifier = Some(if bare == "اقل" { "LESS_THAN" } else { "MORE_THAN" });
                    return Some(f);
                }
            }
        }
        // Parts of the day: صباح اليوم، مساء الخميس، ليلة أمس.
        if let Some(p) = part_of_day(bare) {
            if let Some(f) = self.at_plain(i + 1) {
                if f.kind == TimexType::Date && f.relative {
                    let v = f.value.map(|v| format!("{v}T{p}"));
                    return Some(Found::new(f.end, TimexType::Time, v, true));
                }
            }
            return None;
        }
        // Every ...: كل يوم، كل عامين، كل يوم سبت، كل أسبوع.
        if key == "كل" {
            let j = i + 1;
            if let Some((u, n)) = unit(self.bare(j)) {
                if let Some(wd) = weekday(self.bare(j + 1)).filter(|_| u == Unit::Day) {
                    let v = format!("XXXX-WXX-{}", wd.number_from_monday());
                    return Some(Found::new(j + 2, TimexType::Set, Some(v), false));
                }
                return Some(Found::new(j + 1, TimexType::Set, Some(duration(u, n)), false));
            }
            if let Some(wd) = weekday(self.bare(j)) {
                return Some(Found::new(
                    j + 1,
                    TimexType::Set,
                    Some(format!("XXXX-WXX-{}", wd.number_from_monday())),
                    false,
                ));
            }
            return None;
        }
        // قبل / بعد + N units: a date counted from the DCT.
        if matches!(key, "قبل" | "بعد") {
            let (n, used) = match self.number(i + 1) {
                Some((n, used)) if unit(self.bare(i + 1 + used)).is_some() => (n, used),
                _ => match unit(self.bare(i + 1)) {
                    Some((_, 2)) => (1, 0),
                    _ => return None,
                },
            };
            let (u, k) = unit(self.bare(i + 1 + used))?;
            let n = if used == 0 { k } else { n };
            let sign = if key == "قبل" { -1 } else { 1 };
            let v = dct.and_then(|d| shift(d, u, sign * n)).map(|d| at_granularity(d, u));
            return Some(Found::new(i + 2 + used, TimexType::Date, v, true));
        }
        self.at_plain(i)
    }

    fn at_plain(&self, i: usize) -> Option<Found> {
        let w = self.w.get(i)?;
        let bare = w.bare.as_str();
        let key = w.key.as_str();
        let dct = self.dct;
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();

        // Numeric dates: 2018/05/12, 12/05/2018, 2018-05-12.
        if w.kind == TokenKind::Number && (w.norm.contains('/') || w.norm.contains('-')) {
            let parts: Vec<i64> = w.norm.split(['/', '-']).filter_map(|p| p.parse().ok()).collect();
            let d = match parts.as_slice() {
                [y, m, d] if is_year(*y) => NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32),
                [d, m, y] if is_year(*y) => NaiveDate::from_ymd_opt(*y as i32, *m as u32, *d as u32),
                _ => None,
            };
            return d.map(|d| Found::new(i + 1, TimexType::Date, Some(date(d)), false));
        }
        // Day + month (+ year): 12 مايو/أيار 2018.
        if let (Some(day), Some((m, used))) = (w.num.filter(|n| (1..=31).contains(n)), self.month_at(i + 1, true)) {
            if w.kind == TokenKind::Number {
                let j = i + 1 + used;
                let year = self.num(j).filter(|y| is_year(*y));
                let end = if year.is_some() { j + 1 } else { j };
                let y = year
                    .map(|y| y as i32)
                    .or_else(|| dct.and_then(|d| nearest_year(d, m, day as u32)));
                let v = y.and_then(|y| NaiveDate::from_ymd_opt(y, m, day as u32)).map(date);
                let end = if relative_direction(self.bare(end)) == Some(0) {
                    end + 1
                } else {
                    end
                };
                return Some(Found::new(end, TimexType::Date, v, year.is_none()));
            }
        }
        // Month (+ year), or month + الماضي/المقبل/الجاري.
        let context = self.num(i + 1).is_some_and(is_year)
            || self.is_slash(i + 1)
            || relative_direction(self.bare(i + 1)).is_some()
            || i > 0
                && matches!(
                    self.key(i - 1),
                    "شهر" | "في" | "منذ" | "خلال" | "حتي" | "مطلع" | "منتصف" | "اواخر"
                );
        if let Some((m, used)) = self.month_at(i, context) {
            let j = i + used;
            if let Some(y) = self.num(j).filter(|y| is_year(*y)) {
                return Some(Found::new(j + 1, TimexType::Date, Some(format!("{y}-{m:02}")), false));
            }
            let dir = relative_direction(self.bare(j));
            let end = if dir.is_some() { j + 1 } else { j };
            let v = dct.map(|d| {
                let y = match dir {
                    Some(-1) if m >= d.month() => d.year() - 1,
                    Some(1) if m <= d.month() => d.year() + 1,
                    _ => nearest_year(d, m, 15).unwrap_or(d.year()),
                };
                format!("{y}-{m:02}")
            });
            return Some(Found::new(end, TimexType::Date, v, true));
        }
        // Years: عام 2015، العام 1917، في 2011، 2013 after a cue.
        if matches!(bare, "عام" | "سنه") {
            if let Some(y) = self.num(i + 1).filter(|y| is_year(*y)) {
                return Some(Found::new(i + 2, TimexType::Date, Some(y.to_string()), false));
            }
        }
        if w.kind == TokenKind::Number && w.num.is_some_and(is_year) && w.norm.len() == 4 {
            // A bare year, unless a counted noun follows (2000 شخص).
            let cue = i > 0 && year_cue(self.key(i - 1));
            let next_ok = self.w.get(i + 1).is_none_or(|n| {
                n.kind != TokenKind::Arabic
                    || matches!(
                        n.key.as_str(),
                        "و" | "في"
                            | "من"
                            | "الي"
                            | "حتي"
                            | "عندما"
                            | "م"
                            | "حين"
                            | "بعد"
                            | "قبل"
                            | "ثم"
                            | "او"
                    )
                    || n.norm.starts_with('و')
            });
            if cue || next_ok {
                return Some(Found::new(i + 1, TimexType::Date, w.num.map(|y| y.to_string()), false));
            }
        }
        // Relative days: اليوم، أمس، غدا (a weekday may follow: غدا الاثنين), and the two-word
        // اليوم التالي، أمس الأول / أول أمس، بعد غد. اليوم الأول، اليوم الثاني are a day of
        // something, not today.
        if key == "اليوم" && matches!(self.key(i + 1), "الاول" | "الثاني" | "الثالث" | "الاخير")
        {
            return Some(Found::new(i + 2, TimexType::Duration, Some("P1D".into()), false));
        }
        let relative_day = match (key, self.key(i + 1)) {
            ("اليوم", "التالي") => Some((1, 2)),
            ("امس", "الاول") | ("اول", "امس") => Some((-2, 2)),
            ("بعد", "غد") => Some((2, 2)),
            ("اليوم", _) => Some((0, 1)),
            ("امس", _) => Some((-1, 1)),
            ("غدا" | "غد", _) => Some((1, 1)),
            _ => None,
        };
        if let Some((offset, used)) = relative_day {
            let end = if used == 1 && weekday(self.bare(i + 1)).is_some() {
                i + 2
            } else {
                i + used
            };
            return Some(Found::new(
                end,
                TimexType::Date,
                dct.map(|d| date(d + Duration::days(offset))),
                true,
            ));
        }
        if let Some(r) = reference(key) {
            return Some(Found::new(i + 1, TimexType::Date, Some(r.into()), false));
        }
        if key == "في" {
            let r = match self.key(i + 1) {
                "السابق" | "الماضي" => Some("PAST_REF"),
                "المستقبل" => Some("FUTURE_REF"),
                _ => None,
            };
            return r.map(|r| Found::new(i + 2, TimexType::Date, Some(r.into()), false));
        }
        if key == "هذه" && self.key(i + 1) == "الايام" {
            return Some(Found::new(i + 2, TimexType::Date, Some("PRESENT_REF".into()), false));
        }
        // Weekdays: (يوم) الخميس (الماضي|القادم).
        let (wi, has_yawm) = if bare == "يوم" && weekday(self.bare(i + 1)).is_some() {
            (i + 1, true)
        } else {
            (i, false)
        };
        if let Some(wd) = weekday(self.bare(wi)) {
            if has_yawm || self.key(wi).starts_with("ال") {
                let dir = relative_direction(self.bare(wi + 1));
                let end = if dir.is_some() { wi + 2 } else { wi + 1 };
                let mut f = Found::new(end, TimexType::Date, self.weekday_value(wi, wd, dir), true);
                f.weekday = Some((wd, dir.is_some() || self.future_context(wi)));
                return Some(f);
            }
        }
        // Decades and centuries.
        if let Some(d) = decade(bare) {
            let century = if self.key(i + 1) == "القرن" { 2 } else { 1 };
            return Some(Found::new(i + century, TimexType::Date, Some(format!("19{d}")), false));
        }
        if bare == "قرن" {
            if let Some(dir) = relative_direction(self.bare(i + 1)) {
                let v = dct.map(|d| format!("{}", d.year() / 100 + dir as i32));
                return Some(Found::new(i + 2, TimexType::Date, v, true));
            }
            let ord = match (self.key(i + 1), self.key(i + 2)) {
                ("العشرين", _) => Some((19, 2)),
                ("الحادي", "والعشرين") => Some((20, 3)),
                ("التاسع", "عشر") => Some((18, 3)),
                _ => None,
            };
            return ord.map(|(c, used)| Found::new(i + used, TimexType::Date, Some(c.to_string()), false));
        }
        if let Some(s) = season(bare) {
            let dir = relative_direction(self.bare(i + 1));
            let end = if dir.is_some() { i + 2 } else { i + 1 };
            let v = dct.map(|d| format!("{}-{s}", d.year() + dir.unwrap_or(0) as i32));
            return Some(Found::new(end, TimexType::Date, v, true));
        }
        // الأسبوع الماضي، الشهر المقبل، العام الجاري، هذا العام.
        if let Some((u, 1)) = unit(bare) {
            if key.starts_with("ال") {
                if let Some(dir) = relative_direction(self.bare(i + 1)) {
                    let v = dct.and_then(|d| shift(d, u, dir)).map(|d| at_granularity(d, u));
                    return Some(Found::new(i + 2, TimexType::Date, v, true));
                }
            }
        }
        if matches!(key, "هذا" | "هذه") {
            if let Some((u, 1)) = unit(self.bare(i + 1)) {
                if self.key(i + 1).starts_with("ال") && !matches!(u, Unit::Hour | Unit::Minute) {
                    return Some(Found::new(
                        i + 2,
                        TimexType::Date,
                        dct.map(|d| at_granularity(d, u)),
                        true,
                    ));
                }
            }
        }
        // Sets as adverbs and adjectives: يوميا، اليومية، سنوي.
        let set = match bare {
            "يوميا" | "يومي" | "يوميه" => Some("P1D"),
            "اسبوعيا" | "اسبوعي" | "اسبوعيه" => Some("P1W"),
            "شهريا" | "شهري" | "شهريه" => Some("P1M"),
            "سنويا" | "سنوي" | "سنويه" => Some("P1Y"),
            _ => None,
        };
        // نفس الوقت، الوقت نفسه، ذات الوقت: the present.
        if (matches!(key, "نفس" | "ذات") && self.key(i + 1) == "الوقت") || (key == "الوقت" && self.key(i + 1) == "نفسه")
        {
            return Some(Found::new(i + 2, TimexType::Date, Some("PRESENT_REF".into()), false));
        }
        // الربع الأول: a quarter.
        if key == "الربع" && matches!(self.key(i + 1), "الاول" | "الثاني" | "الثالث" | "الرابع" | "الاخير")
        {
            return Some(Found::new(i + 2, TimexType::Duration, Some("P1Q".into()), false));
        }
        // السنوات الخمس (الماضية): a counted span.
        if let Some((u, 1)) = unit(bare) {
            if key.starts_with("ال") {
                if let Some(n) = number_word(self.bare(i + 1)) {
                    let end = if relative_direction(self.bare(i + 2)).is_some() {
                        i + 3
                    } else {
                        i + 2
                    };
                    return Some(Found::new(end, TimexType::Duration, Some(duration(u, n)), false));
                }
            }
        }
        if let Some(s) = set {
            return Some(Found::new(i + 1, TimexType::Set, Some(s.into()), false));
        }
        // Durations: N units (26 عاما، ثلاثة أيام، خمسة وتسعين عاما), dual units (يومين).
        if let Some((n, used)) = self.number(i) {
            if let Some((u, _)) = unit(self.bare(i + used)) {
                if !(w.kind == TokenKind::Number && is_year(n) && w.norm.len() == 4) {
                    return Some(Found::new(
                        i + used + 1,
                        TimexType::Duration,
                        Some(duration(u, n)),
                        false,
                    ));
                }
            }
        }
        if let Some((u, 2)) = unit(bare) {
            return Some(Found::new(i + 1, TimexType::Duration, Some(duration(u, 2)), false));
        }
        // A bare indefinite accusative unit: يوما، عاما، شهرا ("for a day", "one day").
        if matches!(key, "يوما" | "عاما" | "شهرا" | "اسبوعا" | "قرنا") {
            let (u, _) = unit(key)?;
            return Some(Found::new(i + 1, TimexType::Duration, Some(duration(u, 1)), false));
        }
        None
    }
}

/// Finds the temporal expressions of an analysed text. `dct` is the publication date.
pub fn extract(text: &str, tokens: &[Token], sentences: &[Sentence], dct: Option<NaiveDate>) -> Vec<Timex> {
    let mut out = Vec::new();
    // Weekdays whose direction was guessed, and those whose direction the text gives.
    let mut guessed: Vec<(usize, Weekday)> = Vec::new();
    let mut stated: Vec<(Weekday, String)> = Vec::new();
    for s in sentences {
        let words: Vec<W> = tokens[s.first_token..s.end_token].iter().map(view).collect();
        let m = Matcher { w: &words, dct };
        let mut i = 0;
        while i < words.len() {
            match m.at(i) {
                Some(f) if f.end > i => {
                    let (start, end) = (words[i].start, words[f.end - 1].end);
                    if start < end {
                        match (f.weekday, &f.value) {
                            (Some((wd, true)), Some(v)) => stated.push((wd, v.clone())),
                            (Some((wd, false)), _) => guessed.push((out.len(), wd)),
                            _ => {}
                        }
                        out.push(Timex {
                            kind: f.kind,
                            start,
                            end,
                            text: text[start..end].to_string(),
                            value: f.value.unwrap_or_default(),
                            modifier: f.modifier.map(str::to_string),
                            relative: f.relative,
                        });
                    }
                    i = f.end;
                }
                _ => i += 1,
            }
        }
    }
    // A headline's bare الاثنين is the الاثنين القادم of the body: one weekday, one day
    // per article, when the text states its direction once.
    for (k, wd) in guessed {
        let mut values = stated.iter().filter(|(w, _)| *w == wd).map(|(_, v)| v);
        if let (Some(v), None) = (values.next(), values.next()) {
            out[k].value = v.clone();
        }
    }
    out
}

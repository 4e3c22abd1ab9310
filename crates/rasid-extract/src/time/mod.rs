//! Temporal expressions: detection over tokens and TIMEX3 values resolved against the
//! publication date (the document creation time, DCT).
//!
//! Rule-based: the expressions of Arabic news are a small, regular language (weekdays,
//! Gregorian, Levantine and Maghrebi month names, relative day words, "last/next/this"
//! with a unit, counted durations, "every ..." sets, decades and centuries), and rules give
//! values that can be explained. The words and their values are data
//! (`data/lang/time.toml`, read by [`lexicon`]); the patterns that combine them are
//! [`matcher`]'s. Matching works on the normalised word without its proclitics, so وأمس
//! and بالأسبوع الماضي match like أمس and الأسبوع الماضي.
//!
//! Resolution rules worth knowing:
//! - a bare weekday is the most recent such day on or before the DCT (news reports the
//!   past), unless the sentence marks the future before it (غدا، المقبل، القادم، سوف,
//!   the future prefix س): then the next such day after the DCT; الماضي means strictly
//!   before the DCT, القادم/المقبل strictly after;
//! - a day and month without a year take the year that puts the date nearest the DCT;
//! - without a DCT, relative expressions are found but get no value (`value` is empty).

pub mod lexicon;
mod matcher;

#[cfg(test)]
use chrono::NaiveDate;
use chrono::Weekday;
use rasid_core::{Doc, Stage, Timex, TokenKind};
use std::collections::HashMap;

use crate::lang::LangError;
pub use lexicon::TimeWords;
use matcher::{Matcher, W};

/// The date stage.
pub struct Dates {
    words: TimeWords,
}

impl Dates {
    pub fn new(words: TimeWords) -> Dates {
        Dates { words }
    }

    /// The stage with the time words compiled into rasid.
    pub fn embedded() -> Result<Dates, LangError> {
        Ok(Dates::new(TimeWords::embedded()?))
    }
}

impl Stage for Dates {
    fn name(&self) -> &'static str {
        "dates"
    }

    fn run(&self, doc: &mut Doc) {
        doc.analysis.dates = extract(doc, &self.words);
    }
}

/// The matcher's view of every token of a sentence.
fn views<'a>(doc: &'a Doc, lex: &TimeWords, from: usize, to: usize) -> Vec<W<'a>> {
    (from..to)
        .map(|i| {
            let (t, w) = (&doc.analysis.tokens[i], &doc.words[i]);
            let key = w.form.as_str();
            let bare = rasid_text::strip_article(key);
            let (b, k) = (lex.bare(bare), lex.written(key));
            // في المئة is "percent", not a hundred (5 في المئة العام الماضي).
            let num = match t.kind {
                TokenKind::Number => t.norm.parse::<i64>().ok(),
                _ if k.has(lexicon::flag::PERCENT) => None,
                _ => b.number,
            };
            W {
                key,
                bare,
                b,
                k,
                article: w.article,
                num,
                kind: t.kind,
                // After proclitics for words; a hashtag starts at its mark.
                start: if t.kind == TokenKind::Arabic {
                    t.core_start()
                } else {
                    t.start
                },
                end: t.end,
                future_prefix: w.has_proclitic('س'),
                norm: &t.norm,
            }
        })
        .collect()
}

/// Finds the temporal expressions of an analysed text (tokens, words and sentences done).
pub fn extract(doc: &Doc, lex: &TimeWords) -> Vec<Timex> {
    let text = doc.text();
    let mut out = Vec::new();
    // Weekdays whose direction was guessed, and those whose direction the text gives.
    let mut guessed: Vec<(usize, Weekday)> = Vec::new();
    let mut stated: Vec<(Weekday, String)> = Vec::new();
    for s in &doc.analysis.sentences {
        let words = views(doc, lex, s.first_token, s.end_token);
        let m = Matcher {
            w: &words,
            dct: doc.dct,
            lex,
        };
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
                            modifier: f.modifier.map(|m| m.as_str().to_string()),
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
    // Each weekday's first stated value and how many times one is stated, counted once
    // rather than for every guessed weekday (quadratic in long articles).
    let mut by_day: HashMap<Weekday, (&String, usize)> = HashMap::new();
    for (wd, v) in &stated {
        by_day.entry(*wd).or_insert((v, 0)).1 += 1;
    }
    for (k, wd) in guessed {
        if let Some(&(v, 1)) = by_day.get(&wd) {
            out[k].value = v.clone();
        }
    }
    out
}

/// Dates of a text with a DCT, for tests (the text layer of `rasid analyze`, no tagger).
#[cfg(test)]
pub(crate) fn dates_of(text: &str, dct: Option<NaiveDate>) -> Vec<Timex> {
    let doc = crate::testing::doc(text, dct);
    extract(&doc, &TimeWords::embedded().expect("the embedded time words load"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<(String, String)> {
        dates_of(text, NaiveDate::from_ymd_opt(2018, 6, 7))
            .into_iter()
            .map(|t| (t.text, t.value))
            .collect()
    }

    #[test]
    fn words_written_with_hamza_and_ta_marbuta_are_found() {
        // The sentence: each of these lists was typed half-normalised and never matched.
        let v = values(
            "وصل الوفد منذ دقائق. وقع الحادث الأسبوع الفائت. يعود الوزير أوائل الشهر المقبل. جرى ذلك قبل مائة يوم.",
        );
        let texts: Vec<&str> = v.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["دقائق", "الأسبوع الفائت", "أوائل الشهر المقبل", "قبل مائة يوم"]);
        assert_eq!(v[3].1, "2018-02-27");
    }

    #[test]
    fn relative_days_before_modifiers_and_counts() {
        assert_eq!(
            values("وصل أول أمس."),
            [("أول أمس".to_string(), "2018-06-05".to_string())]
        );
        assert_eq!(
            values("يصل بعد غد."),
            [("بعد غد".to_string(), "2018-06-09".to_string())]
        );
    }

    #[test]
    fn a_count_too_large_for_the_calendar_gives_no_value_and_no_panic() {
        let v = values("وقع ذلك قبل 200000000000 يوم وبعد 9000000000000000000 أسبوع.");
        assert!(v.iter().all(|(_, v)| v.is_empty()), "{v:?}");
    }

    #[test]
    fn a_plural_before_ila_is_still_a_span() {
        let v = values("استمر الإضراب لمدة سنوات إلى أن انتهى.");
        assert_eq!(v, [("سنوات".to_string(), "PXY".to_string())]);
    }

    #[test]
    fn percent_is_not_a_count() {
        let v = values("ارتفع المؤشر 5 في المئة الأسبوع الماضي.");
        assert_eq!(v, [("الأسبوع الماضي".to_string(), "2018-W22".to_string())]);
    }

    #[test]
    fn plural_units_with_a_direction_are_references_and_constructs_are_not_spans() {
        let v = values("ارتفعت الأسعار خلال الأيام الماضية. وتراجعت خلال سنوات الحرب. وعاد منذ أيام. ووصل قبل ساعات.");
        let v: Vec<(&str, &str)> = v.iter().map(|(t, v)| (t.as_str(), v.as_str())).collect();
        assert_eq!(
            v,
            [
                ("الأيام الماضية", "PAST_REF"),
                ("أيام", "PXD"),
                ("قبل ساعات", "PAST_REF")
            ]
        );
    }

    #[test]
    fn a_number_word_is_not_a_date_alone() {
        assert!(values("قال ثلاثة رجال.").is_empty());
    }

    #[test]
    fn without_a_dct_relative_dates_have_no_value() {
        let d = dates_of("وصل الوفد أمس.", None);
        assert_eq!(d.len(), 1);
        assert!(d[0].value.is_empty());
    }
}

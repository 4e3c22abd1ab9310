//! The whole analysis on arbitrary text with a publication date: every stage must answer,
//! never panic, and every span must slice the analysed text. (A count too large for the
//! calendar, قبل 200000000000 يوم, once panicked in the date stage.)
#![no_main]
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static rasid::Pipeline {
    static P: OnceLock<rasid::Pipeline> = OnceLock::new();
    P.get_or_init(|| rasid::Pipeline::embedded().expect("the shipped pipeline loads"))
}

fuzz_target!(|data: &[u8]| {
    let (date, text) = data.split_at(data.len().min(2));
    let days = date.iter().fold(0i64, |a, &b| a * 256 + b as i64);
    let published = chrono::NaiveDate::from_ymd_opt(1990, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(days as u64)));
    let article = rasid::Article {
        id: "fuzz".into(),
        title: String::from_utf8_lossy(text).into_owned(),
        published,
        ..rasid::Article::default()
    };
    let a = pipeline().analyze(&article);
    for d in &a.dates {
        assert_eq!(&a.text[d.start..d.end], d.text);
    }
    for q in &a.quotes {
        assert_eq!(&a.text[q.start..q.end], q.text);
    }
    for m in &a.mentions {
        assert_eq!(&a.text[m.start..m.end], m.text);
    }
});

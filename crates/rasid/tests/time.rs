//! Temporal expressions through the whole pipeline, case by case from `data/time.tsv`.

use chrono::NaiveDate;
use rasid::{Article, Pipeline};

#[test]
fn time_cases() {
    let p = Pipeline::embedded().unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for line in include_str!("data/time.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let dct = NaiveDate::parse_from_str(cols[0], "%Y-%m-%d").unwrap();
        let a = p.analyze(&Article {
            id: "t".into(),
            body: cols[1].into(),
            published: Some(dct),
            ..Article::default()
        });
        let got: Vec<String> = a
            .dates
            .iter()
            .map(|t| format!("{}={:?}:{}", t.text, t.kind, t.value).to_uppercase_kind())
            .collect();
        let want: Vec<String> = cols
            .get(2)
            .filter(|s| !s.is_empty())
            .map(|s| s.split(" | ").map(str::to_string).collect())
            .unwrap_or_default();
        if got != want {
            failures.push(format!("{}\n   want {want:?}\n   got  {got:?}", cols[1]));
        }
        n += 1;
    }
    assert!(n >= 14);
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

trait UpperKind {
    fn to_uppercase_kind(self) -> String;
}

impl UpperKind for String {
    /// `Date` → `DATE` in "text=Date:value".
    fn to_uppercase_kind(self) -> String {
        match self.rsplit_once('=') {
            Some((text, rest)) => match rest.split_once(':') {
                Some((kind, value)) => format!("{text}={}:{value}", kind.to_uppercase()),
                None => self,
            },
            None => self,
        }
    }
}

#[test]
fn without_a_publication_date_relative_values_stay_empty() {
    let p = Pipeline::embedded().unwrap();
    let a = p.analyze(&Article {
        id: "t".into(),
        body: "وصل أمس في عام 2011.".into(),
        ..Article::default()
    });
    let v: Vec<(&str, &str)> = a.dates.iter().map(|t| (t.text.as_str(), t.value.as_str())).collect();
    assert_eq!(v, [("أمس", ""), ("عام 2011", "2011")]);
}

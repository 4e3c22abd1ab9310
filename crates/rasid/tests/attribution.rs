//! The attribution corpus (`tests/data/attribution.toml`): each case's text goes through the
//! shipped pipeline with its persons and organisations tagged in place of the tagger, and
//! rasid must give exactly the case's quotations (how each begins, its speaker, how the
//! speaker was found) and the case's roles and affiliations.

use chrono::NaiveDate;
use rasid::{Article, Pipeline};
use rasid_core::{Analysis, Doc, EntityType, Mention, MentionHow, Stage};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Corpus {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    pattern: String,
    text: String,
    #[serde(default)]
    persons: Vec<String>,
    #[serde(default)]
    organisations: Vec<String>,
    quotes: Vec<ExpectQuote>,
    #[serde(default)]
    roles: Vec<ExpectRole>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectQuote {
    starts: String,
    speaker: String,
    from: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExpectRole {
    name: String,
    role: String,
    affiliation: String,
}

/// In place of the tagger: every occurrence of the case's names, as whole words.
struct Names(Vec<(String, EntityType)>);

impl Stage for Names {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn run(&self, doc: &mut Doc) {
        let a = &mut doc.analysis;
        let mut found = Vec::new();
        for (name, kind) in &self.0 {
            for (start, _) in a.text.match_indices(name.as_str()) {
                let end = start + name.len();
                let first = a.tokens.iter().position(|t| t.start <= start && start < t.end);
                let last = a.tokens.iter().rposition(|t| t.start < end && end <= t.end);
                let (Some(first), Some(last)) = (first, last) else {
                    continue;
                };
                found.push(Mention {
                    kind: *kind,
                    start,
                    end,
                    text: name.clone(),
                    norm: rasid_text::normalize(name),
                    first_token: first,
                    end_token: last + 1,
                    entity: None,
                    how: MentionHow::Name,
                });
            }
        }
        found.sort_by_key(|m| m.start);
        a.mentions = found;
    }
}

fn analyse(c: &Case) -> Analysis {
    let mut names: Vec<(String, EntityType)> = c.persons.iter().map(|n| (n.clone(), EntityType::Per)).collect();
    names.extend(c.organisations.iter().map(|n| (n.clone(), EntityType::Org)));
    let p = Pipeline::embedded()
        .expect("the pipeline loads")
        .with_stage("tagger", Box::new(Names(names)));
    // A one-sentence case is the article's title, so that headlines are tried too.
    let (title, body) = match c.text.contains(". ") {
        false => (c.text.clone(), String::new()),
        true => (String::new(), c.text.clone()),
    };
    p.analyze(&Article {
        id: "case".into(),
        title,
        body,
        published: NaiveDate::from_ymd_opt(2018, 6, 7),
        ..Article::default()
    })
}

/// What is wrong with the analysis of a case, if anything.
fn check(c: &Case, a: &Analysis) -> Vec<String> {
    let mut wrong = Vec::new();
    let got: Vec<(String, String, String)> = a
        .quotes
        .iter()
        .map(|q| {
            let from = q
                .speaker_from
                .map(|f| serde_json::to_value(f).unwrap().as_str().unwrap().to_string());
            (
                q.text.clone(),
                q.speaker_text.clone().unwrap_or_default(),
                from.unwrap_or_default(),
            )
        })
        .collect();
    let ok = got.len() == c.quotes.len()
        && got
            .iter()
            .zip(&c.quotes)
            .all(|((text, speaker, from), e)| text.starts_with(&e.starts) && *speaker == e.speaker && *from == e.from);
    if !ok {
        wrong.push(format!("quotes: got {got:?}"));
    }
    for e in &c.roles {
        let ent = a.entities.iter().find(|x| x.canonical == e.name);
        let role = ent.and_then(|x| x.role.clone()).unwrap_or_default();
        let aff = ent.and_then(|x| x.affiliation.clone()).unwrap_or_default();
        if role != e.role || aff != e.affiliation {
            wrong.push(format!("{}: got role «{role}», affiliation «{aff}»", e.name));
        }
    }
    wrong
}

#[test]
fn every_case_of_the_attribution_corpus() {
    let corpus: Corpus = toml::from_str(include_str!("data/attribution.toml")).expect("the corpus parses");
    assert!(corpus.case.len() >= 20);
    let failures: Vec<String> = corpus
        .case
        .iter()
        .filter_map(|c| {
            let wrong = check(c, &analyse(c));
            (!wrong.is_empty()).then(|| format!("{} «{}»:\n    {}", c.pattern, c.text, wrong.join("\n    ")))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases fail:\n{}",
        failures.len(),
        corpus.case.len(),
        failures.join("\n")
    );
}

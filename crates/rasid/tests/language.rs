//! The table test of the language files (`data/lang/*.toml`): every row's example sentence
//! goes through the shipped pipeline (for quotes and events with a stand-in tagger, since
//! their examples name no one), and the stage the row belongs to must find what the row
//! says (a temporal expression over the row's word with its value, a quotation on
//! the row's verb, an event of the row's CAMEO code on the row's verb).

use chrono::NaiveDate;
use rasid::{Article, Pipeline};
use rasid_core::{Analysis, Doc, EntityType, Mention, MentionHow, Span, Stage};
use rasid_extract::events::EventWords;
use rasid_extract::lang::Example;
use rasid_extract::quotes::QuoteWords;
use rasid_extract::time::TimeWords;

fn analyse(p: &Pipeline, text: &str) -> Analysis {
    let a = Article {
        id: "example".into(),
        title: text.into(),
        published: NaiveDate::from_ymd_opt(2018, 6, 7),
        ..Article::default()
    };
    p.analyze(&a)
}

/// Whether `span` covers a token whose word is one of the row's forms.
fn covers(a: &Analysis, span: Span, forms: &[String]) -> bool {
    let words = rasid_text::words(&a.tokens);
    a.tokens.iter().zip(&words).any(|(t, w)| {
        span.start <= t.core_start()
            && t.end <= span.end
            && forms.iter().any(|f| {
                // A verb the segmenter left whole behind و or ف (وحث) counts as its word.
                let unsplit = t.norm.strip_prefix(['و', 'ف']) == Some(f.as_str());
                [&w.form, &w.core, &w.stem].contains(&f) || rasid_text::strip_article(&w.form) == f || unsplit
            })
    })
}

/// What is wrong with the stage's result on an example, if anything.
fn check(a: &Analysis, ex: &Example) -> Option<String> {
    // (span, value, TIMEX3 mod) of what the stage found; a quotation's value is how its
    // speaker was found.
    let found: Vec<(Span, String, Option<String>)> = match ex.file {
        "time" => a
            .dates
            .iter()
            .map(|d| (Span::new(d.start, d.end), d.value.clone(), d.modifier.clone()))
            .collect(),
        "quotes" => a
            .quotes
            .iter()
            .filter_map(|q| {
                let from = serde_json::to_value(q.speaker_from?).ok()?;
                Some((q.verb?, from.as_str()?.to_string(), None))
            })
            .collect(),
        "events" => a.events.iter().map(|e| (e.verb, e.cameo.to_string(), None)).collect(),
        other => return Some(format!("unknown file {other}")),
    };
    // A row of words that must stop a quotation (not_after): none is found.
    if ex.expect.as_deref() == Some("none") {
        return (!found.is_empty()).then(|| format!("found {found:?}"));
    }
    let ok = found.iter().any(|(span, value, modifier)| {
        (!ex.covers_word || covers(a, *span, &ex.forms))
            && ex.expect.as_ref().is_none_or(|e| e == value)
            && (ex.modifier.is_none() || ex.modifier == *modifier)
    });
    (!ok).then(|| format!("found {found:?}"))
}

/// In place of the tagger for the quote and event examples, which name no one: the common
/// nouns that act in them are organisations.
struct CommonNouns;

impl Stage for CommonNouns {
    fn name(&self) -> &'static str {
        "tagger"
    }

    fn run(&self, doc: &mut Doc) {
        const ACTORS: &[&str] = &["حزب", "حكومه", "جيش", "برلمان"];
        let a = &mut doc.analysis;
        for (i, (t, w)) in a.tokens.iter().zip(&doc.words).enumerate() {
            if ACTORS.contains(&w.bare.as_str()) {
                let (start, end) = (t.core_start(), t.core_end());
                a.mentions.push(Mention {
                    kind: EntityType::Org,
                    start,
                    end,
                    text: a.text[start..end].to_string(),
                    norm: w.core.clone(),
                    first_token: i,
                    end_token: i + 1,
                    entity: None,
                    how: MentionHow::Name,
                });
            }
        }
    }
}

/// The example, and the example with each other word of its row in place of the one it
/// uses (a row of month names is tried with every name); `None` when the row lists several
/// words and the example uses none of them, so that no word goes untried unnoticed. A
/// word is replaced where it is a whole word, with or without the article; a phrase where
/// it occurs.
fn variants(ex: &Example) -> Option<Vec<String>> {
    let mut out = vec![ex.text.clone()];
    if ex.listed.len() < 2 {
        return Some(out);
    }
    let words: Vec<&str> = ex.text.split(' ').collect();
    let core = |w: &str| w.trim_end_matches(|c: char| !c.is_alphabetic()).to_string();
    let single = words.iter().enumerate().find_map(|(i, w)| {
        let c = core(w);
        let c = c
            .strip_prefix("ال")
            .filter(|_| !ex.listed.contains(&c))
            .unwrap_or(&c)
            .to_string();
        ex.listed.iter().find(|l| **l == c).map(|l| (i, l.clone()))
    });
    if let Some((i, used)) = single {
        for other in ex.listed.iter().filter(|w| **w != used) {
            let mut ws: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            ws[i] = ws[i].replacen(used.as_str(), other, 1);
            out.push(ws.join(" "));
        }
        return Some(out);
    }
    let phrase = ex
        .listed
        .iter()
        .find(|l| l.contains(' ') && ex.text.contains(l.as_str()))?;
    for other in ex.listed.iter().filter(|w| *w != phrase) {
        out.push(ex.text.replacen(phrase.as_str(), other, 1));
    }
    Some(out)
}

#[test]
fn every_row_of_the_language_files_does_what_its_example_says() {
    let shipped = Pipeline::embedded().expect("the pipeline loads");
    let stand_in = Pipeline::embedded()
        .unwrap()
        .with_stage("tagger", Box::new(CommonNouns));
    let time = TimeWords::embedded().unwrap();
    let quotes = QuoteWords::embedded().unwrap();
    let events = EventWords::embedded().unwrap();
    let examples: Vec<&Example> = time
        .examples()
        .iter()
        .chain(quotes.examples())
        .chain(events.examples())
        .collect();
    assert!(examples.len() > 150, "{} examples", examples.len());
    let mut tried = 0;
    let mut failures = Vec::new();
    for ex in &examples {
        // Quotes and events need their actors tagged; the examples name no one.
        let p = if ex.file == "time" { &shipped } else { &stand_in };
        let Some(texts) = variants(ex) else {
            failures.push(format!(
                "{}/{} `{}`: «{}» uses none of the row's words {:?}",
                ex.file, ex.group, ex.word, ex.text, ex.listed
            ));
            continue;
        };
        for text in texts {
            tried += 1;
            if let Some(why) = check(&analyse(p, &text), ex) {
                failures.push(format!(
                    "{}/{} `{}`: «{text}» expects {:?}: {why}",
                    ex.file, ex.group, ex.word, ex.expect
                ));
            }
        }
    }
    eprintln!("{} rows, {tried} sentences", examples.len());
    assert!(
        failures.is_empty(),
        "{} of {} rows fail:\n{}",
        failures.len(),
        examples.len(),
        failures.join("\n")
    );
}

#[test]
fn the_clitic_word_groups_segment_their_examples_as_they_say() {
    let p = Pipeline::embedded().expect("the pipeline loads");
    let closed = rasid_text::closed::closed();
    let mut pieces = Vec::new();
    for (group, word, expect) in &closed.examples {
        pieces.clear();
        p.segmenter().segment(word, 0, &mut pieces);
        let got: Vec<&str> = pieces.iter().map(|g| &word[g.start..g.end]).collect();
        assert_eq!(got.join("+"), *expect, "clitics/{group}: {word}");
    }
}

#[test]
fn a_damaged_language_file_is_an_error_naming_it() {
    let e = TimeWords::from_toml("magic = \"rasid.lang.time\"\nversion = 1\nnumber = 3\n").unwrap_err();
    assert!(e.to_string().starts_with("data/lang/time.toml:"), "{e}");
    let e = QuoteWords::from_toml("magic = \"rasid.lang.time\"\nversion = 1\n").unwrap_err();
    assert!(e.to_string().contains("magic `rasid.lang.time`"), "{e}");
    let e = EventWords::from_toml("magic = \"rasid.lang.events\"\nversion = 9\n").unwrap_err();
    assert!(e.to_string().contains("version 9"), "{e}");
}

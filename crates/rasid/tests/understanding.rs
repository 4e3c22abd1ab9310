//! Article understanding end to end: entities with roles and links, quotations with
//! speakers, events, on a shipped example (checked by hand) and on corpus articles that
//! nobody tuned on (invariants, and golden snapshots of their analysis).

use rasid::Pipeline;
use rasid_core::{Analysis, EntityType, Link};
use rasid_ingest::{read_inputs, Input, ReadOptions};

fn analyse(path: &str) -> Vec<Analysis> {
    let p = Pipeline::embedded().unwrap();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    read_inputs(vec![Input::Path(path)], ReadOptions::default())
        .map(|a| p.analyze(&a.unwrap()))
        .collect()
}

fn person<'a>(a: &'a Analysis, name: &str) -> &'a rasid_core::Entity {
    a.entities
        .iter()
        .find(|e| e.kind == EntityType::Per && e.canonical == name)
        .unwrap_or_else(|| panic!("no person {name}"))
}

#[test]
fn example_article_people_quotes_events() {
    let a = &analyse("../../examples/AL-internationalNews-1727-20180622.json")[0];
    let bashir = person(a, "عمر البشير");
    assert_eq!(bashir.role.as_deref(), Some("الرئيس السوداني"));
    assert_eq!(bashir.affiliation.as_deref(), Some("السودان"));
    assert!(matches!(&bashir.link, Some(Link::Actor { code, .. }) if code == "SDNGOV"));
    assert!(bashir.mentions.len() >= 2, "البشير alone is the same person");
    // سلفاكير ميرديت (رئيس جنوب السودان) is missed by the tagger since the two-stage model
    // with entity priors: ميرديت is unseen in the news corpus, سلفاكير seen 3 times and
    // never in a name-like context. The meeting below is then read with مشار alone.
    let machar = person(a, "ريك مشار");
    assert!(machar.mentions.len() >= 2, "مشار alone is ريك مشار");
    let khartoum = a.entities.iter().find(|e| e.canonical == "الخرطوم").unwrap();
    assert!(matches!(&khartoum.link, Some(Link::Place { country, .. }) if country == "SD"));
    // وأضاف الخضر قائلاً: "..." and the continuation كما أوضح أنه "..."
    let added = a
        .quotes
        .iter()
        .find(|q| q.verb_text.as_deref() == Some("أضاف"))
        .unwrap();
    assert_eq!(added.kind, rasid_core::QuoteKind::Direct);
    assert_eq!(added.speaker_text.as_deref(), Some("الخضر"));
    let explained = a
        .quotes
        .iter()
        .find(|q| q.verb_text.as_deref() == Some("أوضح"))
        .unwrap();
    assert_eq!(explained.speaker_text.as_deref(), Some("الخضر"));
    assert_eq!(explained.speaker_from, Some(rasid_core::SpeakerFrom::Previous));
    // والتقى ... سلفاكير ميرديت، الأربعاء، مع مشار في أديس أبابا
    let meet = a
        .events
        .iter()
        .find(|e| e.cameo == "040" && e.verb_text == "التقى")
        .unwrap();
    let parties: Vec<Option<&str>> = [&meet.source, &meet.target]
        .into_iter()
        .flatten()
        .map(|p| p.entity.as_deref())
        .collect();
    assert!(parties.contains(&Some(machar.id.as_str())), "{parties:?}");
    assert_eq!(meet.date.as_deref(), Some("2018-06-20"));
    let place = meet.place.as_ref().expect("the meeting's place");
    assert_eq!(place.name, "أديس أبابا");
    assert!(place.lat.is_some(), "{place:?}");
}

#[test]
fn corpus_articles_keep_every_invariant() {
    let all = analyse("tests/fixtures/ant-sample.jsonl");
    assert_eq!(all.len(), 2);
    for a in &all {
        for m in &a.mentions {
            assert_eq!(&a.text[m.start..m.end], m.text);
            let id = m.entity.as_ref().expect("every mention belongs to an entity");
            assert!(a.entities.iter().any(|e| &e.id == id));
        }
        for (k, e) in a.entities.iter().enumerate() {
            assert_eq!(e.id, format!("e{}", k + 1));
            assert!(!e.mentions.is_empty());
            for &m in &e.mentions {
                assert_eq!(a.mentions[m].entity.as_ref(), Some(&e.id));
            }
        }
        for q in &a.quotes {
            assert_eq!(&a.text[q.start..q.end], q.text);
            if let Some(s) = &q.speaker {
                assert!(a.entities.iter().any(|e| &e.id == s));
            }
        }
        for ev in &a.events {
            assert!(ev.evidence.start <= ev.verb.start && ev.verb.end <= ev.evidence.end);
            for p in [&ev.source, &ev.target].into_iter().flatten() {
                if let Some(id) = &p.entity {
                    assert!(a.entities.iter().any(|e| &e.id == id));
                }
            }
        }
        for d in &a.dates {
            assert_eq!(&a.text[d.start..d.end], d.text);
        }
        insta::assert_json_snapshot!(format!("corpus-{}", a.document.id), a);
    }
}

//! Events: who did what to whom, where and when, coded with CAMEO.
//!
//! A verb of the table below opens an event. Arabic news is verb-first, so the source is
//! the first person, organisation or place named after the verb, the target the next one
//! (after مع for meetings); the place is a place named after في in the same sentence (the
//! target itself for visits), the date the first temporal expression of the sentence. Every
//! quotation is also a statement (010) by its speaker.
//!
//! The codes come from the CAMEO codebook (as listed in UniversalPetrarch's
//! `english-dictionaries/CAMEO.2.0.txt`); the UniversalPetrarch Arabic verb dictionary is
//! machine-translated and maps many of these verbs to unrelated codes (وصل "arrive" to 010),
//! so the table below is the curated starting point, one line per verb family.

use rasid_core::{
    Entity, EntityType, Event, Link, Mention, Participant, Quote, SegmentKind, Sentence, Span, Timex, Token, TokenKind,
};
use rasid_text::normalize;

/// (normalised past-tense stem, CAMEO code, CAMEO name).
const VERBS: &[(&str, &str, &str)] = &[
    ("التقي", "040", "Consult"),
    ("اجتمع", "040", "Consult"),
    ("بحث", "040", "Consult"),
    ("استقبل", "043", "Host a visit"),
    ("زار", "042", "Make a visit"),
    ("وصل", "042", "Make a visit"),
    ("اشاد", "051", "Praise or endorse"),
    ("انتقد", "111", "Criticize or denounce"),
    ("ندد", "111", "Criticize or denounce"),
    ("ادان", "111", "Criticize or denounce"),
    ("هدد", "130", "Threaten"),
    ("حذر", "130", "Threaten"),
    ("دعا", "020", "Make an appeal or request"),
    ("طالب", "100", "Demand"),
    ("اتفق", "030", "Express intent to cooperate"),
    ("وقع", "057", "Sign formal agreement"),
    ("قصف", "195", "Employ aerial weapons"),
    ("هاجم", "190", "Use conventional military force"),
    ("استهدف", "190", "Use conventional military force"),
    ("تظاهر", "141", "Demonstrate or rally"),
    ("احتج", "140", "Engage in political dissent"),
];

fn verb_core(t: &Token) -> String {
    if t.kind == TokenKind::Arabic && !t.segments.is_empty() {
        t.segments
            .iter()
            .filter(|s| matches!(s.kind, SegmentKind::Stem | SegmentKind::Article))
            .map(|s| normalize(&s.text))
            .collect()
    } else {
        t.norm.clone()
    }
}

fn event_verb(w: &str) -> Option<(&'static str, &'static str)> {
    // Past tense, masculine or feminine or plural: التقى، التقت، التقوا؛ زار، زارت.
    let forms = [
        w,
        w.strip_suffix('ت').unwrap_or(w),
        w.strip_suffix("وا").unwrap_or(w),
        w.strip_suffix("ا").unwrap_or(w),
    ];
    for f in forms {
        for (stem, code, label) in VERBS {
            // التقت: the final ي of التقي drops before ت.
            if f == *stem || (stem.ends_with('ي') && f == &stem[..stem.len() - 'ي'.len_utf8()]) {
                return Some((code, label));
            }
        }
    }
    None
}

/// The first calendar value of a sentence (not a duration or a vague reference).
fn sentence_date(dates: &[Timex], start: usize, end: usize) -> Option<String> {
    dates
        .iter()
        .find(|d| {
            d.start >= start
                && d.end <= end
                && d.value.starts_with(|c: char| c.is_ascii_digit())
                && !d.value.starts_with('P')
        })
        .map(|d| d.value.clone())
}

fn participant(m: &Mention, entities: &[Entity]) -> Participant {
    let e = m.entity.as_ref().and_then(|id| entities.iter().find(|e| &e.id == id));
    let actor_code = e.and_then(|e| match &e.link {
        Some(Link::Actor { code, .. }) => Some(code.clone()),
        Some(Link::Place { country, .. }) => Some(country.clone()),
        None => None,
    });
    Participant {
        entity: m.entity.clone(),
        text: m.text.clone(),
        actor_code,
    }
}

pub fn extract(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    mentions: &[Mention],
    entities: &[Entity],
    dates: &[Timex],
    quotes: &[Quote],
) -> Vec<Event> {
    let mut out = Vec::new();
    for s in sentences {
        let in_sentence: Vec<&Mention> = mentions
            .iter()
            .filter(|m| m.first_token >= s.first_token && m.end_token <= s.end_token)
            .collect();
        let date = sentence_date(dates, s.start, s.end);
        for i in s.first_token..s.end_token {
            let t = &tokens[i];
            // A verb takes no article and no preposition (لبحث is "to discuss", a noun).
            let nominal = t.segments.iter().any(|g| {
                g.kind == SegmentKind::Article
                    || (g.kind == SegmentKind::Proclitic && matches!(g.text.as_str(), "ب" | "ل" | "ك"))
            });
            if t.kind != TokenKind::Arabic || nominal {
                continue;
            }
            let Some((code, label)) = event_verb(&verb_core(t)) else {
                continue;
            };
            // على وقع ("amid"): a preposition before the word, so not a verb.
            if i > s.first_token && matches!(tokens[i - 1].norm.as_str(), "علي" | "في" | "من" | "الي" | "بعد" | "قبل")
            {
                continue;
            }
            // وقع signs only an agreement (وقعت الحادثة "occurred"); طالب demands only with
            // ب after it (طالب is also "student").
            let near = |n: usize| (i + 1..(i + 1 + n).min(s.end_token)).map(|x| &tokens[x]);
            let agreement = ["اتفاق", "اتفاقيه", "معاهده", "مذكره", "بروتوكول", "ميثاق"];
            if code == "057" && !near(6).any(|x| agreement.iter().any(|w| x.norm.contains(w))) {
                continue;
            }
            let with_bi = |x: &Token| {
                x.segments
                    .first()
                    .is_some_and(|g| g.kind == SegmentKind::Proclitic && g.text == "ب")
            };
            if code == "100" && !near(5).any(with_bi) {
                continue;
            }
            // Stop at the next event verb: its arguments are its own.
            let stop = (i + 1..s.end_token)
                .find(|&k| event_verb(&verb_core(&tokens[k])).is_some())
                .unwrap_or(s.end_token);
            let args: Vec<&&Mention> = in_sentence
                .iter()
                .filter(|m| m.first_token > i && m.first_token < stop)
                .collect();
            // Actors are persons, organisations, and countries (as states); towns are the setting.
            let is_country = |m: &Mention| {
                m.entity
                    .as_ref()
                    .and_then(|id| entities.iter().find(|e| &e.id == id))
                    .is_some_and(|e| matches!(&e.link, Some(Link::Place { place_type, .. }) if place_type == "country"))
            };
            let actors: Vec<&&Mention> = args
                .iter()
                .copied()
                .filter(|m| {
                    matches!(m.kind, EntityType::Per | EntityType::Org) || (m.kind == EntityType::Loc && is_country(m))
                })
                .collect();
            // Subject-first order (أن كيم زار، وكان بوتن أشاد، كيم ... قد التقى): an actor
            // right before the verb, with only قد / كان / لقد between, is the source.
            let mut k = i;
            while k > s.first_token
                && matches!(
                    tokens[k - 1].norm.as_str(),
                    "قد" | "لقد" | "كان" | "كانت" | "وكان" | "وكانت"
                )
            {
                k -= 1;
            }
            let before: Option<&Mention> = in_sentence.iter().copied().find(|m| {
                m.end_token == k
                    && (matches!(m.kind, EntityType::Per | EntityType::Org)
                        || (m.kind == EntityType::Loc && is_country(m)))
            });
            let before_ref = before.as_ref();
            let source = before_ref
                .or_else(|| {
                    actors
                        .iter()
                        .copied()
                        .find(|m| matches!(m.kind, EntityType::Per | EntityType::Org))
                })
                .or(actors.first().copied());
            // The target comes after the source; for meetings, after مع when there is one.
            let after_source = |m: &&&Mention| source.is_none_or(|x| m.first_token >= x.end_token);
            let with = (i..stop).find(|&k| tokens[k].norm == "مع");
            // Places are targets only of visits and attacks; elsewhere they are the setting.
            let can_target =
                |m: &&&Mention| m.kind != EntityType::Loc || is_country(m) || matches!(code, "042" | "190" | "195");
            let target = with
                .and_then(|w| {
                    actors
                        .iter()
                        .find(|m| m.first_token > w && after_source(m) && can_target(m))
                })
                .or_else(|| actors.iter().find(|m| after_source(m) && can_target(m)))
                .copied();
            let place = (i..stop)
                .find(|&k| {
                    tokens[k].norm == "في"
                        || tokens[k]
                            .segments
                            .iter()
                            .any(|g| g.kind == SegmentKind::Proclitic && g.text == "ب")
                })
                .and_then(|k| {
                    args.iter()
                        .find(|m| m.kind == EntityType::Loc && m.first_token >= k && m.first_token <= k + 1)
                })
                .and_then(|m| m.entity.clone())
                // A town named near the verb is where it happened (قصف ... صعدة).
                .or_else(|| {
                    args.iter()
                        .find(|m| m.kind == EntityType::Loc && !is_country(m))
                        .and_then(|m| m.entity.clone())
                })
                .or_else(|| {
                    if code == "042" {
                        target
                            .filter(|m| m.kind == EntityType::Loc)
                            .and_then(|m| m.entity.clone())
                    } else {
                        None
                    }
                });
            if source.is_none() && target.is_none() {
                continue;
            }
            let vstart = t.core_start();
            out.push(Event {
                cameo: code.into(),
                label: label.into(),
                verb: Span::new(vstart, t.end),
                verb_text: text[vstart..t.end].to_string(),
                source: source.map(|m| participant(m, entities)),
                target: target.map(|m| participant(m, entities)),
                place,
                date: date.clone(),
                evidence: Span::new(s.start, s.end),
            });
        }
    }
    // Statements: every quotation with a speaker.
    for q in quotes {
        let (Some(v), Some(who)) = (q.verb, q.speaker_text.as_ref()) else {
            continue;
        };
        let Some(s) = sentences.iter().find(|s| s.start <= v.start && v.end <= s.end) else {
            continue;
        };
        let actor_code = q
            .speaker
            .as_ref()
            .and_then(|id| entities.iter().find(|e| &e.id == id))
            .and_then(|e| match &e.link {
                Some(Link::Actor { code, .. }) => Some(code.clone()),
                _ => None,
            });
        let date = sentence_date(dates, s.start, s.end);
        out.push(Event {
            cameo: "010".into(),
            label: "Make statement".into(),
            verb: v,
            verb_text: q.verb_text.clone().unwrap_or_default(),
            source: Some(Participant {
                entity: q.speaker.clone(),
                text: who.clone(),
                actor_code,
            }),
            target: None,
            place: None,
            date,
            evidence: Span::new(s.start, s.end),
        });
    }
    out.sort_by_key(|e| (e.verb.start, e.cameo.clone()));
    out
}

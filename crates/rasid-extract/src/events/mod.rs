//! Events: who did what to whom, where and when, coded with CAMEO.
//!
//! A trigger verb of `data/lang/events.toml` opens an event. Arabic news is verb-first, so
//! the source is the first person, organisation or country named after the verb, the
//! target the next one (after مع for meetings); an actor right before the verb (with only
//! قد / كان between) is the source instead. The place is a place named after في in the same
//! sentence (the target itself for visits), the date the first calendar value of the
//! sentence. Every quotation is also a statement (010) by its speaker.

pub mod lexicon;

use rasid_core::{
    Doc, Entity, EntityType, Event, Link, Mention, Participant, PlaceKind, Sentence, Span, Stage, TokenKind,
};

use std::collections::HashMap;

use crate::lang::LangError;
pub use lexicon::EventWords;
use lexicon::{Near, Trigger};

/// The event stage.
pub struct Events {
    words: EventWords,
}

impl Events {
    pub fn new(words: EventWords) -> Events {
        Events { words }
    }

    /// The stage with the triggers compiled into rasid.
    pub fn embedded() -> Result<Events, LangError> {
        Ok(Events::new(EventWords::embedded()?))
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, doc: &mut Doc) {
        doc.analysis.events = extract(doc, &self.words);
    }
}

/// The events of an analysed text (entities, dates and quotes done).
pub fn extract(doc: &Doc, lex: &EventWords) -> Vec<Event> {
    let a = &doc.analysis;
    let mut entities = HashMap::new();
    for e in &a.entities {
        entities.entry(e.id.as_str()).or_insert(e);
    }
    let coder = Coder {
        doc,
        lex,
        entities,
        dates: by_start(a.dates.iter().map(|d| d.start)),
    };
    // The mentions by first token, so that each sentence takes its own from a range and not
    // from a scan of all of them (quadratic in long articles).
    let by_first = by_start(a.mentions.iter().map(|m| m.first_token));
    let mut out = Vec::new();
    for s in &a.sentences {
        let from = by_first.partition_point(|&(t, _)| t < s.first_token);
        let mut inside: Vec<usize> = by_first[from..]
            .iter()
            .take_while(|&&(t, _)| t <= s.end_token)
            .map(|&(_, mi)| mi)
            .filter(|&mi| a.mentions[mi].end_token <= s.end_token)
            .collect();
        inside.sort_unstable();
        let in_sentence: Vec<&Mention> = inside.into_iter().map(|mi| &a.mentions[mi]).collect();
        for i in s.first_token..s.end_token {
            if let Some(trigger) = coder.trigger_at(s, i) {
                out.extend(coder.event(s, i, trigger, &in_sentence));
            }
        }
    }
    out.extend(coder.statements());
    out.sort_by_key(|e| (e.verb.start, e.cameo.clone()));
    out
}

/// (key, index) pairs sorted: items found by a range of keys with a binary search.
fn by_start(keys: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    v.sort_unstable();
    v
}

struct Coder<'a> {
    doc: &'a Doc,
    lex: &'a EventWords,
    /// Entities by id (the first of an id), instead of a scan per participant.
    entities: HashMap<&'a str, &'a Entity>,
    /// `by_start` of the dates' start bytes.
    dates: Vec<(usize, usize)>,
}

impl<'a> Coder<'a> {
    fn entity(&self, m: &Mention) -> Option<&'a Entity> {
        self.entities.get(m.entity.as_deref()?).copied()
    }

    /// A place linked to a country of the gazetteer (a state, so an actor).
    fn is_country(&self, m: &Mention) -> bool {
        self.entity(m).is_some_and(
            |e| matches!(&e.link, Some(Link::Place { place_type, .. }) if *place_type == PlaceKind::Country),
        )
    }

    /// Persons, organisations and countries act; towns are the setting.
    fn is_actor(&self, m: &Mention) -> bool {
        matches!(m.kind, EntityType::Per | EntityType::Org) || (m.kind == EntityType::Loc && self.is_country(m))
    }

    /// The trigger of token `i` when it is used as a verb here.
    fn trigger_at(&self, s: &Sentence, i: usize) -> Option<&'a Trigger> {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let (t, w) = (&tokens[i], &words[i]);
        // A verb takes no article and no preposition (لبحث is "to discuss", a noun).
        let nominal = w.article || w.proclitics.chars().any(|c| self.lex.noun_clitics.contains(&c));
        if t.kind != TokenKind::Arabic || nominal {
            return None;
        }
        let trigger = self.lex.trigger(&w.core)?;
        // على وقع ("amid"): a preposition before the word, so not a verb.
        if i > s.first_token && self.lex.before_noun.contains(&tokens[i - 1].norm) {
            return None;
        }
        let met = match &trigger.near {
            None => true,
            Some((near, within)) => (i + 1..(i + 1 + within).min(s.end_token)).any(|x| match near {
                Near::Words(ws) => ws.iter().any(|n| tokens[x].norm.contains(n.as_str())),
                Near::Clitic(c) => words[x].proclitics.starts_with(*c),
            }),
        };
        met.then_some(trigger)
    }

    /// The event of the trigger at `i`, when it has a source or a target.
    fn event(&self, s: &Sentence, i: usize, trigger: &Trigger, in_sentence: &[&'a Mention]) -> Option<Event> {
        let tokens = &self.doc.analysis.tokens;
        // Stop at the next event verb: its arguments are its own.
        let stop = (i + 1..s.end_token)
            .find(|&k| self.lex.trigger(&self.doc.words[k].core).is_some())
            .unwrap_or(s.end_token);
        let args: Vec<&Mention> = in_sentence
            .iter()
            .copied()
            .filter(|m| m.first_token > i && m.first_token < stop)
            .collect();
        let actors: Vec<&Mention> = args.iter().copied().filter(|m| self.is_actor(m)).collect();
        let source = self.source(s, i, in_sentence, &actors);
        let target = self.target(i, stop, trigger, source, &actors);
        let place = self.place(i, stop, trigger, &args, target);
        if source.is_none() && target.is_none() {
            return None;
        }
        let t = &tokens[i];
        let vstart = t.core_start();
        Some(Event {
            cameo: trigger.code.clone(),
            label: trigger.label.clone(),
            verb: Span::new(vstart, t.end),
            verb_text: self.doc.text()[vstart..t.end].to_string(),
            source: source.map(|m| self.participant(m)),
            target: target.map(|m| self.participant(m)),
            place,
            date: self.sentence_date(s),
            evidence: Span::new(s.start, s.end),
        })
    }

    /// Subject-first order (أن الوزير زار، وكان الحزب أشاد، الوزير ... قد التقى): an actor right
    /// before the verb, with only auxiliaries between, is the source; else the first person
    /// or organisation after the verb, else the first actor.
    fn source(
        &self,
        s: &Sentence,
        i: usize,
        in_sentence: &[&'a Mention],
        actors: &[&'a Mention],
    ) -> Option<&'a Mention> {
        let tokens = &self.doc.analysis.tokens;
        let mut k = i;
        while k > s.first_token && self.lex.auxiliary.contains(&tokens[k - 1].norm) {
            k -= 1;
        }
        let before = in_sentence
            .iter()
            .copied()
            .find(|m| m.end_token == k && self.is_actor(m));
        before
            .or_else(|| {
                actors
                    .iter()
                    .copied()
                    .find(|m| matches!(m.kind, EntityType::Per | EntityType::Org))
            })
            .or(actors.first().copied())
    }

    /// The target comes after the source; for meetings, after مع when there is one.
    /// Places are targets only of the triggers that allow it; elsewhere they are the setting.
    fn target(
        &self,
        i: usize,
        stop: usize,
        trigger: &Trigger,
        source: Option<&Mention>,
        actors: &[&'a Mention],
    ) -> Option<&'a Mention> {
        let tokens = &self.doc.analysis.tokens;
        let after_source = |m: &Mention| source.is_none_or(|x| m.first_token >= x.end_token);
        let can_target = |m: &Mention| m.kind != EntityType::Loc || self.is_country(m) || trigger.place_target;
        let with = (i..stop).find(|&k| self.lex.with.contains(&tokens[k].norm));
        with.and_then(|w| {
            actors
                .iter()
                .copied()
                .find(|m| m.first_token > w && after_source(m) && can_target(m))
        })
        .or_else(|| actors.iter().copied().find(|m| after_source(m) && can_target(m)))
    }

    /// The place: a place right after في or ب, else a town named near the verb (قصف
    /// followed by a town's name), else for visits the visited place.
    fn place(
        &self,
        i: usize,
        stop: usize,
        trigger: &Trigger,
        args: &[&Mention],
        target: Option<&Mention>,
    ) -> Option<String> {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let marker = (i..stop).find(|&k| {
            self.lex.place_prepositions.contains(&tokens[k].norm)
                || words[k].proclitics.chars().any(|c| self.lex.place_clitics.contains(&c))
        });
        marker
            .and_then(|k| {
                args.iter()
                    .find(|m| m.kind == EntityType::Loc && m.first_token >= k && m.first_token <= k + 1)
            })
            .and_then(|m| m.entity.clone())
            .or_else(|| {
                args.iter()
                    .find(|m| m.kind == EntityType::Loc && !self.is_country(m))
                    .and_then(|m| m.entity.clone())
            })
            .or_else(|| {
                target
                    .filter(|m| trigger.place_is_target && m.kind == EntityType::Loc)
                    .and_then(|m| m.entity.clone())
            })
    }

    fn participant(&self, m: &Mention) -> Participant {
        let actor_code = self.entity(m).and_then(|e| match &e.link {
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

    /// Statements: every quotation with a speaker.
    fn statements(&self) -> Vec<Event> {
        let Some((code, label)) = &self.lex.statement else {
            return Vec::new();
        };
        let a = &self.doc.analysis;
        let mut out = Vec::new();
        for q in &a.quotes {
            let (Some(v), Some(who)) = (q.verb, q.speaker_text.as_ref()) else {
                continue;
            };
            // Sentences are consecutive and in text order: only the last one starting at or
            // before the verb can hold it.
            let n = a.sentences.partition_point(|s| s.start <= v.start);
            let Some(s) = a.sentences[..n].last().filter(|s| v.end <= s.end) else {
                continue;
            };
            let actor_code = q
                .speaker
                .as_ref()
                .and_then(|id| self.entities.get(id.as_str()).copied())
                .and_then(|e| match &e.link {
                    Some(Link::Actor { code, .. }) => Some(code.clone()),
                    _ => None,
                });
            out.push(Event {
                cameo: code.clone(),
                label: label.clone(),
                verb: v,
                verb_text: q.verb_text.clone().unwrap_or_default(),
                source: Some(Participant {
                    entity: q.speaker.clone(),
                    text: who.clone(),
                    actor_code,
                }),
                target: None,
                place: None,
                date: self.sentence_date(s),
                evidence: Span::new(s.start, s.end),
            });
        }
        out
    }
}

impl Coder<'_> {
    /// The first calendar value of a sentence (not a duration or a vague reference): of the
    /// dates starting inside the sentence (a range of `dates`), the first in date order.
    fn sentence_date(&self, s: &Sentence) -> Option<String> {
        let dates = &self.doc.analysis.dates;
        let from = self.dates.partition_point(|&(start, _)| start < s.start);
        self.dates[from..]
            .iter()
            .take_while(|&&(start, _)| start <= s.end)
            .map(|&(_, di)| di)
            .filter(|&di| {
                let d = &dates[di];
                d.end <= s.end && d.value.starts_with(|c: char| c.is_ascii_digit()) && !d.value.starts_with('P')
            })
            .min()
            .map(|di| dates[di].value.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, tag};

    fn events(d: &Doc) -> Vec<Event> {
        extract(d, &EventWords::embedded().expect("the embedded triggers load"))
    }

    #[test]
    fn a_meeting_has_its_subject_as_source_and_the_person_after_ma_as_target() {
        let mut d = doc("اجتمع الوزير سامي مع السفير خالد في المدينة.", None);
        tag(&mut d, "الوزير سامي", EntityType::Per);
        tag(&mut d, "السفير خالد", EntityType::Per);
        let e = events(&d);
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].cameo, "040");
        assert_eq!(e[0].source.as_ref().map(|p| p.text.as_str()), Some("الوزير سامي"));
        assert_eq!(e[0].target.as_ref().map(|p| p.text.as_str()), Some("السفير خالد"));
    }

    #[test]
    fn a_subject_before_the_verb_is_the_source() {
        let mut d = doc("وكان الحزب قد انتقد الحكومة.", None);
        tag(&mut d, "الحزب", EntityType::Org);
        tag(&mut d, "الحكومة", EntityType::Org);
        let e = events(&d);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].cameo, "111");
        assert_eq!(e[0].source.as_ref().map(|p| p.text.as_str()), Some("الحزب"));
        assert_eq!(e[0].target.as_ref().map(|p| p.text.as_str()), Some("الحكومة"));
    }

    #[test]
    fn waqa_codes_a_signature_only_beside_an_agreement() {
        let mut d = doc("وقع الحادث قرب الحزب.", None);
        tag(&mut d, "الحزب", EntityType::Org);
        assert!(events(&d).is_empty());
        let mut d = doc("وقع الحزب اتفاقية مع الحكومة.", None);
        tag(&mut d, "الحزب", EntityType::Org);
        tag(&mut d, "الحكومة", EntityType::Org);
        assert_eq!(events(&d)[0].cameo, "057");
    }

    #[test]
    fn the_feminine_of_a_verb_in_alif_codes() {
        // دعت was missed while forms were made by stripping ت from the written word.
        let mut d = doc("دعت الحكومة الحزب إلى الحوار.", None);
        tag(&mut d, "الحكومة", EntityType::Org);
        tag(&mut d, "الحزب", EntityType::Org);
        assert_eq!(events(&d)[0].cameo, "020");
    }

    #[test]
    fn a_noun_with_a_preposition_is_not_a_trigger() {
        let mut d = doc("جاء الحزب لبحث الأزمة.", None);
        tag(&mut d, "الحزب", EntityType::Org);
        assert!(events(&d).is_empty());
    }
}

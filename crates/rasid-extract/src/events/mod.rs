//! Events: who did what to whom, where and when, coded with CAMEO.
//!
//! A trigger of `data/lang/events.toml` opens an event: a verb in any of its forms, a
//! verbal noun or an event noun. Its frame says where the participants are (`frame`):
//! Arabic news is verb-first, so a verb's source is the actor right before it or the first
//! after it, its target the object or the actor after the frame's preposition; a noun's
//! genitive is its agent, or the one acted on for acts of coercion and violence. `setting`
//! tells whether the event happened (reported, planned, negated, claimed in a quotation),
//! and where and when. Every quotation is also a statement (010) by its speaker.

pub mod actors;
mod frame;
pub mod lexicon;
mod setting;

use std::collections::HashMap;
use std::sync::Arc;

use rasid_core::{Doc, Entity, Event, EventStatus, Mention, Participant, Sentence, Span, Stage, TokenKind};

use crate::knowledge::Knowledge;
use crate::lang::LangError;
use actors::{Actor, Actors};
pub use lexicon::EventWords;
use lexicon::{in_group, Form, Near, Trigger};
use setting::Setting;

/// The event stage.
pub struct Events {
    words: EventWords,
    knowledge: Arc<Knowledge>,
}

impl Events {
    pub fn new(words: EventWords, knowledge: Arc<Knowledge>) -> Events {
        Events { words, knowledge }
    }

    /// The stage with the triggers compiled into rasid.
    pub fn embedded(knowledge: Arc<Knowledge>) -> Result<Events, LangError> {
        Ok(Events::new(EventWords::embedded()?, knowledge))
    }
}

impl Stage for Events {
    fn name(&self) -> &'static str {
        "events"
    }

    fn run(&self, doc: &mut Doc) {
        doc.analysis.events = extract(doc, &self.words, &self.knowledge);
    }
}

/// The events of an analysed text (entities, dates and quotes done).
pub fn extract(doc: &Doc, lex: &EventWords, knowledge: &Knowledge) -> Vec<Event> {
    let a = &doc.analysis;
    let mut entities: HashMap<&str, &Entity> = HashMap::new();
    for e in &a.entities {
        entities.entry(e.id.as_str()).or_insert(e);
    }
    let actors = Actors {
        doc,
        lex,
        knowledge,
        entities: &entities,
    };
    // The mentions by first token, so that each sentence takes its own from a range and not
    // from a scan of all of them (quadratic in long articles).
    let by_first = by_start(a.mentions.iter().map(|m| m.first_token));
    let in_sentence = |s: &Sentence| -> Vec<&Mention> {
        let from = by_first.partition_point(|&(t, _)| t < s.first_token);
        let mut inside: Vec<usize> = by_first[from..]
            .iter()
            .take_while(|&&(t, _)| t < s.end_token)
            .map(|&(_, mi)| mi)
            .filter(|&mi| a.mentions[mi].end_token <= s.end_token)
            .collect();
        inside.sort_unstable();
        inside.into_iter().map(|mi| &a.mentions[mi]).collect()
    };
    let mut setting = Setting {
        doc,
        lex,
        entities: &entities,
        dates: by_start(a.dates.iter().map(|d| d.start)),
        quotes: by_start(a.quotes.iter().map(|q| q.start)),
        dateline: None,
    };
    let mut out = Vec::new();
    for (n, s) in a.sentences.iter().enumerate() {
        let sentence_actors = actors.of_sentence(s, &in_sentence(s));
        if n <= 2 && setting.dateline.is_none() {
            setting.dateline = setting::dateline(doc, &entities, &sentence_actors);
        }
        let coder = Coder {
            doc,
            lex,
            setting: &setting,
            actors: &sentence_actors,
        };
        let found: Vec<(usize, &Trigger, Form)> = (s.first_token..s.end_token)
            .filter_map(|i| coder.trigger_at(s, i).map(|(t, f)| (i, t, f)))
            .collect();
        for (n, &(i, trigger, form)) in found.iter().enumerate() {
            // A trigger's arguments end where the next one begins: they are its own.
            let stop = found.get(n + 1).map_or(s.end_token, |x| x.0);
            out.extend(coder.event(s, i, stop, trigger, form));
        }
    }
    out.extend(statements(doc, lex, &actors, &setting));
    out.sort_by_key(|e| (e.verb.start, e.cameo.clone()));
    out
}

/// (key, index) pairs sorted: items found by a range of keys with a binary search.
fn by_start(keys: impl Iterator<Item = usize>) -> Vec<(usize, usize)> {
    let mut v: Vec<(usize, usize)> = keys.enumerate().map(|(i, k)| (k, i)).collect();
    v.sort_unstable();
    v
}

/// The coder of one sentence.
struct Coder<'a> {
    doc: &'a Doc,
    lex: &'a EventWords,
    setting: &'a Setting<'a>,
    actors: &'a [Actor<'a>],
}

impl<'a> Coder<'a> {
    /// The trigger of token `i` and how it names the act. A word with the article or a
    /// preposition glued to it is a noun (لبحث is "to discuss"); a bare word a verb when it
    /// is a verb form, else a noun.
    fn trigger_at(&self, s: &Sentence, i: usize) -> Option<(&'a Trigger, Form)> {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let (t, w) = (&tokens[i], &words[i]);
        if t.kind != TokenKind::Arabic {
            return None;
        }
        let nominal = w.article || w.proclitics.chars().any(|c| self.lex.noun_clitics.contains(&c));
        // على وقع ("amid"): after a preposition the word is a noun.
        let after_preposition = i > s.first_token && self.lex.before_noun.contains(&tokens[i - 1].norm);
        // A noun in ة before a pronoun is written with ت (زيارته): its core ends in ت.
        let noun = || {
            let tied = w
                .enclitic
                .as_ref()
                .and_then(|_| w.bare.strip_suffix('ت'))
                .map(|s| format!("{s}ه"));
            self.lex
                .noun(&w.bare)
                .or_else(|| tied.and_then(|t| self.lex.noun(&t)))
                .map(|t| (t, Form::Noun))
        };
        // A verb the segmenter left whole behind و or ف (وحث، فندد).
        let unsplit = || {
            let rest = w.core.strip_prefix(['و', 'ف']).filter(|_| w.proclitics.is_empty())?;
            self.lex.verb(rest)
        };
        let found = if nominal || after_preposition {
            noun()
        } else {
            self.lex.verb(&w.core).or_else(unsplit).or_else(noun)
        };
        let (trigger, form) = found?;
        // Words of a group before or after the trigger rule it out (طائرة مسيرة، a disaster
        // before مقتل, فجر مفاجأة).
        let has = |words: &[String], x: usize| in_group(words, &tokens[x].norm);
        let before = |within: usize| i.saturating_sub(within).max(s.first_token)..i;
        let after = |within: usize| i + 1..(i + 1 + within).min(s.end_token);
        if before(1).any(|x| has(&trigger.not_after, x)) {
            return None;
        }
        if let Some((words, within)) = &trigger.unless {
            if before(*within).any(|x| has(words, x)) {
                return None;
            }
        }
        if let Some((words, within)) = &trigger.unless_after {
            if after(*within).any(|x| has(words, x)) {
                return None;
            }
        }
        // A trigger inside a name is part of the name (منظمة حظر الأسلحة الكيميائية). The
        // actors are in text order: only those starting at or before `i` can hold it.
        let upto = self.actors.partition_point(|a| a.first <= i);
        if self.actors[..upto].iter().any(|a| a.mention.is_some() && i < a.end) {
            return None;
        }
        let met = match &trigger.near {
            None => true,
            Some((near, within)) => after(*within).any(|x| match near {
                Near::Words(ws) => has(ws, x),
                Near::Clitic(c) => words[x].proclitics.starts_with(*c),
            }),
        };
        met.then_some((trigger, form))
    }

    /// The event of the trigger at `i`; also when no participant is named (انفجار في
    /// المدينة، اعتقل أمس): the act is news, and its actors may be unnamed.
    fn event(&self, s: &Sentence, i: usize, stop: usize, trigger: &Trigger, form: Form) -> Option<Event> {
        let roles = frame::read(self.doc, self.lex, self.actors, s, (i, stop), trigger, form);
        if trigger.frame.needs_target && roles.target.is_none() {
            return None;
        }
        let (status, claimed_by) = self.setting.status(s, i, form, roles.end);
        let t_start = self.doc.analysis.tokens[i].start;
        let target_actor = roles.target.and_then(|k| self.actors.get(k));
        let place = self
            .setting
            .place(i, stop, self.actors, target_actor, trigger.frame.place_is_target);
        let t = &self.doc.analysis.tokens[i];
        let vstart = t.core_start();
        let text = self.doc.text();
        let part = |k: Option<usize>| k.map(|k| self.actors[k].participant.clone());
        // قالت الهيئة إنها تدين ...، أعلنت النيابة أنها فتحت تحقيقا: an act at the start of a
        // reported clause with no subject of its own is the speaker's.
        let speakers_own = || {
            let q_start = self
                .doc
                .analysis
                .quotes
                .iter()
                .find(|q| q.start <= t_start && t_start < q.end)?
                .start;
            let first = self.doc.analysis.tokens.partition_point(|t| t.start < q_start);
            (i <= first + 3).then(|| claimed_by.clone()).flatten()
        };
        // Unconventional when a non-state source acts, or no source is named but the
        // sentence names an armed group (مسلحون، جماعة إرهابية).
        let non_state = match roles.source {
            Some(k) => !self.actors[k].is_state(),
            None => self.actors.iter().any(|a| a.is_armed_group()),
        };
        let person = |k: Option<usize>| k.is_some_and(|k| self.actors[k].kind == actors::Kind::Person);
        let code = match (&trigger.between_persons, &trigger.non_state) {
            (Some(c), _) if person(roles.source) && person(roles.target) => c,
            (_, Some(c)) if non_state => c,
            _ => &trigger.code,
        };
        Some(Event {
            cameo: code.code.clone(),
            label: code.label.clone(),
            goldstein: code.goldstein,
            quad_class: code.quad_class,
            verb: Span::new(vstart, t.end),
            verb_text: text[vstart..t.end].to_string(),
            source: part(roles.source).or_else(|| (status == EventStatus::Claimed).then(speakers_own).flatten()),
            target: part(roles.target),
            others: roles
                .others
                .iter()
                .map(|&k| self.actors[k].participant.clone())
                .collect(),
            count: roles.count,
            status,
            claimed_by,
            place,
            date: self.setting.date(s, i, roles.end),
            evidence: Span::new(s.start, s.end),
            sentence: text[s.start..s.end].to_string(),
        })
    }
}

/// Statements: every quotation with a speaker.
fn statements(doc: &Doc, lex: &EventWords, actors: &Actors, setting: &Setting) -> Vec<Event> {
    let Some(code) = &lex.statement else {
        return Vec::new();
    };
    let a = &doc.analysis;
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
        let actor_code = q.speaker.as_deref().and_then(|id| actors.code_of_id(id));
        let i = a
            .tokens
            .partition_point(|t| t.start < v.start)
            .min(s.end_token.saturating_sub(1));
        out.push(Event {
            cameo: code.code.clone(),
            label: code.label.clone(),
            goldstein: code.goldstein,
            quad_class: code.quad_class,
            verb: v,
            verb_text: q.verb_text.clone().unwrap_or_default(),
            source: Some(Participant {
                entity: q.speaker.clone(),
                text: who.clone(),
                actor_code,
            }),
            target: None,
            others: Vec::new(),
            count: None,
            status: EventStatus::Reported,
            claimed_by: None,
            place: None,
            date: setting.date(s, i, i),
            evidence: Span::new(s.start, s.end),
            sentence: a.text[s.start..s.end].to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests;

//! What surrounds an event: whether it happened (status), where and when.

use std::collections::HashMap;

use rasid_core::{Doc, Entity, EntityType, EventPlace, EventStatus, Link, Participant, Quote, Sentence, TokenKind};

use super::actors::{Actor, Kind};
use super::lexicon::{EventWords, Form};

pub struct Setting<'a> {
    pub doc: &'a Doc,
    pub lex: &'a EventWords,
    pub entities: &'a HashMap<&'a str, &'a Entity>,
    /// `by_start` of the dates' start bytes.
    pub dates: Vec<(usize, usize)>,
    /// `by_start` of the quotations' start bytes.
    pub quotes: Vec<(usize, usize)>,
    /// The article's dateline place (بغداد - ...): where events with no place of their own
    /// happened.
    pub dateline: Option<EventPlace>,
}

impl<'a> Setting<'a> {
    /// Negated (لم، نفى ...), planned (س، سوف، من المقرر، المقبل), claimed (inside a
    /// quotation, with its speaker) or reported. `after` is the end of the trigger's
    /// phrase (the noun's genitive), where المقبل would stand.
    pub fn status(&self, s: &Sentence, i: usize, form: Form, after: usize) -> (EventStatus, Option<Participant>) {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let norm = |k: usize| tokens[k].norm.as_str();
        // The words before the trigger, back past auxiliaries and light verbs.
        let mut k = i;
        while k > s.first_token
            && (self.lex.auxiliary.contains(norm(k - 1)) || self.lex.light_verbs.contains(norm(k - 1)))
        {
            k -= 1;
        }
        let before = |n: usize| (k.saturating_sub(n).max(s.first_token)..k).chain(std::iter::once(k).filter(|_| k < i));
        if k > s.first_token && self.lex.negation.contains(norm(k - 1)) {
            return (EventStatus::Negated, None);
        }
        // Denials and plans are read on the word without its proclitics (ونفى، وقررت).
        let core = |x: usize| words[x].core.as_str();
        if before(5).any(|x| self.lex.denial.contains(core(x))) {
            return (EventStatus::Negated, None);
        }
        let future = form != Form::Noun && words[i].proclitics.contains('س');
        // The content of an appeal or a demand (دعا قادة الحراك ... إلى مظاهرات، طالب
        // بالإفراج): right after إلى or ب, with an appeal earlier in the sentence.
        let after_to = (i > s.first_token && ["الي", "الى"].contains(&norm(i - 1)))
            || words[i].proclitics.chars().any(|c| c == 'ب' || c == 'ل');
        let appealed = after_to
            && (i.saturating_sub(14).max(s.first_token)..i).any(|x| {
                self.lex
                    .verb(core(x))
                    .is_some_and(|(t, _)| matches!(t.code.code.root(), "02" | "10"))
            });
        if appealed {
            return (EventStatus::Planned, None);
        }
        let planned_after = (i + 1..(after + 2).min(s.end_token)).any(|x| self.lex.planned_after.contains(norm(x)));
        if future || planned_after || before(4).any(|x| self.lex.planned_before.contains(core(x))) {
            return (EventStatus::Planned, None);
        }
        let start = tokens[i].start;
        // Quotations do not nest: the last one starting at or before the trigger is the
        // only one that can hold it.
        let n = self.quotes.partition_point(|&(q, _)| q <= start);
        let holding = self.quotes[..n]
            .last()
            .map(|&(_, qi)| &self.doc.analysis.quotes[qi])
            .filter(|q| start < q.end);
        if let Some(q) = holding {
            // What an appeal, a demand, a promise or a threat is about has not happened:
            // حث X على عدم الانسحاب، طالب بالإفراج.
            if self.asks(q) {
                return (EventStatus::Planned, None);
            }
            return (EventStatus::Claimed, claimer(q));
        }
        (EventStatus::Reported, None)
    }

    /// Whether a quotation's verb appeals, demands, promises or threatens (CAMEO 02, 03,
    /// 10, 13): its content is asked for, not said to have happened.
    fn asks(&self, q: &Quote) -> bool {
        let Some(v) = q.verb else { return false };
        let tokens = &self.doc.analysis.tokens;
        let k = tokens.partition_point(|t| t.end <= v.start);
        let Some(w) = self.doc.words.get(k) else { return false };
        self.lex
            .verb(&w.core)
            .is_some_and(|(t, _)| matches!(t.code.code.root(), "02" | "03" | "10" | "13"))
    }

    /// The date of the event: the calendar date of the sentence nearest the trigger, a
    /// day's date before a month's or a year's; a month or a year only right after the
    /// trigger's phrase, because elsewhere it mostly dates a thing named (اتفاق 2015).
    pub fn date(&self, s: &Sentence, i: usize, after: usize) -> Option<String> {
        let a = &self.doc.analysis;
        let tokens = &a.tokens;
        let from = self.dates.partition_point(|&(start, _)| start < s.start);
        let pos = tokens[i].start;
        let near_end = tokens
            .get((after + 3).min(s.end_token).saturating_sub(1))
            .map_or(s.end, |t| t.end);
        self.dates[from..]
            .iter()
            .take_while(|&&(start, _)| start <= s.end)
            .map(|&(_, di)| &a.dates[di])
            .filter(|d| {
                d.end <= s.end && d.value.starts_with(|c: char| c.is_ascii_digit()) && !d.value.starts_with('P')
            })
            .filter(|d| d.value.len() >= 10 || (d.start >= pos && d.start <= near_end))
            .min_by_key(|d| (d.value.len() < 10, d.start.abs_diff(pos)))
            .map(|d| d.value.clone())
    }

    /// The place: a place right after في or ب (or قرب، أمام ...) in the trigger's reach,
    /// else a town named near it, else a visited place, else the dateline.
    pub fn place(
        &self,
        i: usize,
        stop: usize,
        actors: &[Actor],
        target: Option<&Actor>,
        visits: bool,
    ) -> Option<EventPlace> {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let places: Vec<&Actor> = actors
            .iter()
            .filter(|a| a.first > i && a.first < stop && a.mention.is_some_and(|m| m.kind == EntityType::Loc))
            .collect();
        let marked = places.iter().find(|a| {
            let k = a.first;
            self.lex.place_prepositions.contains(&tokens[k.saturating_sub(1)].norm)
                || words[k].proclitics.chars().any(|c| self.lex.place_clitics.contains(&c))
        });
        let town = || places.iter().find(|a| a.kind == Kind::Place).copied();
        let visited = target.filter(|t| visits && t.mention.is_some_and(|m| m.kind == EntityType::Loc));
        marked
            .copied()
            .or_else(town)
            .or(visited)
            .map(|a| event_place(self.entities, a))
            .or_else(|| self.dateline.clone())
    }
}

/// A place actor (a mention) as an event's place, with the coordinates of its link.
fn event_place(entities: &HashMap<&str, &Entity>, a: &Actor) -> EventPlace {
    let m = a.mention.expect("places are mentions");
    let entity = m.entity.as_deref().and_then(|id| entities.get(id).copied());
    let (lat, lon) = match entity.and_then(|e| e.link.as_ref()) {
        Some(Link::Place { lat, lon, .. }) => (Some(*lat), Some(*lon)),
        _ => (None, None),
    };
    EventPlace {
        entity: m.entity.clone(),
        name: entity.map_or_else(|| m.text.clone(), |e| e.canonical.clone()),
        lat,
        lon,
        from: "text".into(),
    }
}

/// The article's dateline: a place that opens the body's first paragraph followed by a
/// dash or a colon within two words (بغداد - ...، القاهرة - وكالات:).
pub fn dateline(doc: &Doc, entities: &HashMap<&str, &Entity>, actors: &[Actor]) -> Option<EventPlace> {
    let a = &doc.analysis;
    // The body starts after the title's paragraph: the first sentence after a blank line.
    let body = a.text.find("\n\n").map_or(0, |b| b + 2);
    let first = a.tokens.iter().position(|t| t.start >= body)?;
    let place = actors
        .iter()
        .find(|x| x.first >= first && x.first <= first + 1 && x.mention.is_some_and(|m| m.kind == EntityType::Loc))?;
    let dash = (place.end..(place.end + 3).min(a.tokens.len())).any(|k| {
        let t = &a.tokens[k];
        t.kind == TokenKind::Punct && ["-", "–", "—", ":", "("].contains(&&a.text[t.start..t.end])
    });
    if !dash {
        return None;
    }
    let mut p = event_place(entities, place);
    p.from = "dateline".into();
    Some(p)
}

fn claimer(q: &Quote) -> Option<Participant> {
    q.speaker_text.as_ref().map(|t| Participant {
        entity: q.speaker.clone(),
        text: t.clone(),
        actor_code: None,
    })
}

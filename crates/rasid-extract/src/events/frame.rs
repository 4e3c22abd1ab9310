//! Who took part: the source, the target and the other actors of a trigger, read by its
//! frame (`[frames]` of data/lang/events.toml), and the count of people it hit.

use rasid_core::{Doc, Sentence, TokenKind};

use super::actors::{Actor, Kind};
use super::lexicon::{EventWords, Form, Trigger};

/// The participants of one trigger, as indices into the sentence's actors.
#[derive(Debug, Default)]
pub struct Roles {
    pub source: Option<usize>,
    pub target: Option<usize>,
    pub others: Vec<usize>,
    pub count: Option<u64>,
    /// The last token of the trigger's phrase (its genitive for a noun).
    pub end: usize,
}

struct Reader<'a> {
    doc: &'a Doc,
    lex: &'a EventWords,
    actors: &'a [Actor<'a>],
    trigger: &'a Trigger,
}

pub fn read(
    doc: &Doc,
    lex: &EventWords,
    actors: &[Actor],
    s: &Sentence,
    (i, stop): (usize, usize),
    trigger: &Trigger,
    form: Form,
) -> Roles {
    let r = Reader {
        doc,
        lex,
        actors,
        trigger,
    };
    let mut roles = Roles {
        end: i,
        ..Roles::default()
    };
    let after: Vec<usize> = (0..actors.len())
        .filter(|&k| actors[k].first > i && actors[k].first < stop)
        .collect();
    let f = &trigger.frame;
    match form {
        Form::Verb => {
            roles.source = r.subject_before(s, i);
            // "X الذي اعتقل": a person before an act of coercion, with no agent after it,
            // is the one it was done to.
            if let Some(k) = roles.source.filter(|&k| f.patient && !actors[k].is_agentive()) {
                let agent_after = after.iter().any(|&a| !r.marked(a) && actors[a].is_agentive());
                if !agent_after {
                    roles.target = Some(k);
                    roles.source = r.agent_marked(&after);
                }
            }
            if roles.source.is_none() && roles.target.is_none() {
                let first = after.iter().copied().find(|&k| !r.marked(k) && r.can_act(k));
                match first {
                    // A verb before its subject stays singular (طالب القادة ...): a plural
                    // verb (طالبوا، يطالبون) has its subject in it, so what follows is
                    // the object.
                    Some(k) if r.plural_verb(i) && f.object => roles.target = Some(k),
                    // Unvowelled, اعتقل X is also "X was arrested": a person first is the
                    // one acted on.
                    Some(k) if f.patient && !actors[k].is_agentive() => {
                        roles.target = Some(k);
                        roles.source = r.agent_marked(&after);
                    }
                    k => roles.source = k,
                }
            }
        }
        Form::Passive => {
            roles.target = after.iter().copied().find(|&k| !r.marked(k));
            roles.source = r.agent_marked(&after);
        }
        Form::Noun => {
            roles.source = r.light_verb_subject(s, i);
            let genitive = after
                .iter()
                .copied()
                .find(|&k| actors[k].first <= i + 2 && !r.marked(k) && actors[k].kind != Kind::Place);
            if let Some(g) = genitive {
                roles.end = actors[g].end.saturating_sub(1);
                let to_follows = after.iter().any(|&k| k != g && r.to_marked(k));
                let patient = f.patient && !(actors[g].is_agentive() && to_follows);
                if patient || roles.source.is_some() {
                    roles.target = Some(g);
                    roles.source = roles.source.or_else(|| r.agent_marked(&after));
                } else {
                    roles.source = Some(g);
                }
            }
            if roles.source.is_none() && !f.patient {
                roles.source = r.clause_subject(s, i).filter(|&k| Some(k) != roles.target);
            }
        }
    }
    if roles.target.is_none() {
        roles.target = r.target(&after, roles.source);
    }
    if f.joint {
        r.joint(&after, &mut roles);
    }
    if roles.target == roles.source {
        roles.target = None;
    }
    if matches!(trigger.code.code.root(), "14" | "17" | "18" | "19" | "20") {
        roles.count = r.count(i, stop);
    }
    roles
}

impl Reader<'_> {
    fn norm(&self, k: usize) -> &str {
        &self.doc.analysis.tokens[k].norm
    }

    /// A verb in the masculine plural (ends in وا or ون).
    fn plural_verb(&self, i: usize) -> bool {
        let core = &self.doc.words[i].core;
        core.chars().count() > 3 && (core.ends_with("وا") || core.ends_with("ون"))
    }

    /// Places act only in frames that allow them as targets; everyone else can.
    fn can_act(&self, k: usize) -> bool {
        self.actors[k].kind != Kind::Place
    }

    /// An actor behind a preposition (a word before it or a letter glued to it).
    fn marked(&self, k: usize) -> bool {
        let first = self.actors[k].first;
        let before = first.checked_sub(1).map(|b| self.norm(b));
        before.is_some_and(|b| {
            self.lex.prepositions.contains(b)
                || self.trigger.frame.to_words.contains(b)
                || self.lex.place_prepositions.contains(b)
        }) || self.doc.words[first]
            .proclitics
            .chars()
            .any(|c| matches!(c, 'ب' | 'ل' | 'ك'))
    }

    /// An actor behind one of the frame's target words (مع، على، ب ...).
    fn to_marked(&self, k: usize) -> bool {
        let f = &self.trigger.frame;
        let first = self.actors[k].first;
        first.checked_sub(1).is_some_and(|b| f.to_words.contains(self.norm(b)))
            || self.doc.words[first]
                .proclitics
                .chars()
                .any(|c| f.to_clitics.contains(&c))
    }

    /// The subject before a verb: an actor ending right before it (auxiliaries between),
    /// or before the relative pronoun that opens its clause.
    fn subject_before(&self, s: &Sentence, i: usize) -> Option<usize> {
        // Auxiliaries (قد، كان) and a closing quotation mark (جماعة "إرهابية" هاجمت) may
        // stand between a subject and its verb.
        let quote_mark = |k: usize| {
            let t = &self.doc.analysis.tokens[k];
            t.kind == TokenKind::Punct && ["\"", "»", "”", "'"].contains(&&self.doc.analysis.text[t.start..t.end])
        };
        let mut k = i;
        while k > s.first_token && (self.lex.auxiliary.contains(self.norm(k - 1)) || quote_mark(k - 1)) {
            k -= 1;
        }
        if k > s.first_token && self.lex.relatives.contains(self.norm(k - 1)) {
            k -= 1;
        }
        let right_before = |k: usize| {
            self.actors
                .iter()
                .position(|a| a.end == k && a.first >= s.first_token && a.kind != Kind::Place)
        };
        // A name in apposition ends with a comma before its verb (مبعوث المنظمة،
        // X، أجرى): a person or a body there is the subject.
        let after_comma = || {
            (k > s.first_token + 1 && self.norm(k - 1) == "،")
                .then(|| right_before(k - 1))
                .flatten()
                .filter(|&a| matches!(self.actors[a].kind, Kind::Person | Kind::Organisation))
        };
        right_before(k).or_else(after_comma)
    }

    /// The subject of the clause a noun stands in (لم يتوقف X عن انتقاد): a person or a
    /// body named at most three words before it, with no preposition before that actor.
    fn clause_subject(&self, s: &Sentence, i: usize) -> Option<usize> {
        let from = i.saturating_sub(4).max(s.first_token);
        self.actors
            .iter()
            .rposition(|a| {
                a.first >= from && a.end <= i && matches!(a.kind, Kind::Person | Kind::Organisation | Kind::Country)
            })
            .filter(|&k| !self.marked(k))
    }

    /// The subject of a light verb before a noun (شن الجيش غارات، تم اعتقال): the actor
    /// between the light verb and the noun, or right before the light verb.
    fn light_verb_subject(&self, s: &Sentence, i: usize) -> Option<usize> {
        let from = i.saturating_sub(5).max(s.first_token);
        let lv = (from..i).rev().find(|&k| self.lex.light_verbs.contains(self.norm(k)))?;
        self.actors
            .iter()
            .position(|a| a.first > lv && a.end <= i && a.kind != Kind::Place)
            .or_else(|| self.subject_before(s, lv))
    }

    /// The agent after من قبل / على يد.
    fn agent_marked(&self, after: &[usize]) -> Option<usize> {
        after.iter().copied().find(|&k| {
            let first = self.actors[k].first;
            first
                .checked_sub(1)
                .is_some_and(|b| self.lex.agent_markers.contains(self.norm(b)))
        })
    }

    /// The target: the first actor after one of the frame's target words, else (frames
    /// with an object) the first actor after the source with no preposition before it.
    fn target(&self, after: &[usize], source: Option<usize>) -> Option<usize> {
        let f = &self.trigger.frame;
        let past_source = |k: usize| source.is_none_or(|src| self.actors[k].first >= self.actors[src].end);
        // People named by a common noun (أطفال، مدنيين) are acted on by force, not met
        // or appealed to.
        let people = |k: usize| matches!(self.actors[k].kind, Kind::Agent(c) if c.is(&["CVL", "REF", "EDU", "LAB"]));
        let allowed = |k: usize| (f.places || self.can_act(k)) && (f.patient || !people(k));
        let marked = after
            .iter()
            .copied()
            .find(|&k| Some(k) != source && self.to_marked(k) && allowed(k));
        marked.or_else(|| {
            f.object
                .then(|| {
                    after
                        .iter()
                        .copied()
                        .find(|&k| Some(k) != source && past_source(k) && !self.marked(k) && allowed(k))
                })
                .flatten()
        })
    }

    /// Joint events: the actors after بين (or جمعت) all take part, and actors joined to
    /// the target by و are others of the same event; "التقى X وY" without مع is X with Y.
    fn joint(&self, after: &[usize], roles: &mut Roles) {
        let between = after.iter().copied().find(|&k| {
            let first = self.actors[k].first;
            first
                .checked_sub(1)
                .is_some_and(|b| self.lex.between.contains(self.norm(b)))
        });
        if let Some(b) = between {
            let mut group = vec![b];
            group.extend(self.coordinated(b));
            if roles.source.is_none_or(|s| group.contains(&s)) {
                roles.source = Some(group[0]);
                group.remove(0);
            }
            roles.target = group.first().copied();
            roles.others = group.into_iter().skip(1).collect();
            return;
        }
        if let Some(t) = roles.target {
            roles.others = self.coordinated(t);
        } else if let Some(s) = roles.source {
            let mut with = self.coordinated(s).into_iter();
            roles.target = with.next();
            roles.others = with.collect();
        }
    }

    /// The actors joined to actor `k` by و, one after the other.
    fn coordinated(&self, k: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut prev = k;
        for n in k + 1..self.actors.len() {
            let a = &self.actors[n];
            let joined = (a.first == self.actors[prev].end && self.doc.words[a.first].proclitics.starts_with('و'))
                || (a.first == self.actors[prev].end + 1 && self.norm(a.first - 1) == "و")
                || (a.first == self.actors[prev].end + 1 && self.norm(a.first - 1) == "،");
            if !joined || a.kind == Kind::Place {
                break;
            }
            out.push(n);
            prev = n;
        }
        out
    }

    /// A number right after the trigger that counts people (مقتل 5 أشخاص، اعتقال 12
    /// متظاهرا).
    fn count(&self, i: usize, stop: usize) -> Option<u64> {
        let tokens = &self.doc.analysis.tokens;
        (i + 1..(i + 5).min(stop)).find_map(|k| {
            let t = &tokens[k];
            if t.kind != TokenKind::Number || k + 1 >= tokens.len() {
                return None;
            }
            let counted = (k + 1..(k + 3).min(tokens.len())).any(|x| self.lex.counted.contains(&tokens[x].norm));
            counted
                .then(|| number(&self.doc.analysis.text[t.start..t.end]))
                .flatten()
        })
    }
}

/// A whole number in Latin or Arabic-Indic digits (thousands separators dropped).
fn number(s: &str) -> Option<u64> {
    let digits: String = s
        .chars()
        .filter(|c| !matches!(c, ',' | '٬' | '.'))
        .map(|c| match c {
            '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
            c => c,
        })
        .collect();
    digits.parse().ok()
}

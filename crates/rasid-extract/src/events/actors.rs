//! The actors of a sentence: the entities that can take part in an event, and the common
//! nouns that name unnamed ones (الشرطة، مسلحون، الجيش الإسرائيلي), each with its CAMEO
//! actor code when it can be told.

use rasid_core::{Doc, Entity, EntityType, Link, Mention, Participant, PlaceKind, Sentence, TokenKind};

use super::lexicon::{AgentCode, EventWords};
use crate::knowledge::Knowledge;

/// What an actor is, for the frames: agents act, persons and civilians are mostly acted on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Person,
    Organisation,
    Country,
    /// A town, a region, a building: a target only of frames that allow places.
    Place,
    /// A common noun with its agent code.
    Agent(AgentCode),
}

/// One actor of a sentence, by tokens.
#[derive(Clone, Debug)]
pub struct Actor<'a> {
    pub first: usize,
    pub end: usize,
    pub kind: Kind,
    pub mention: Option<&'a Mention>,
    pub participant: Participant,
}

impl Actor<'_> {
    /// Acts on others: an organisation, a state, or an agent noun of a body that acts
    /// (government, army, police, courts, armed groups).
    pub fn is_agentive(&self) -> bool {
        match self.kind {
            Kind::Organisation | Kind::Country => true,
            Kind::Agent(code) => code.is(&["GOV", "MIL", "COP", "JUD", "REB"]),
            Kind::Person | Kind::Place => false,
        }
    }
}

impl Actor<'_> {
    /// An armed group: the agent noun (مسلحون) or an actor coded as rebels, insurgents or
    /// an armed militant group (REB, INS, UAF, IMG...).
    pub fn is_armed_group(&self) -> bool {
        matches!(self.kind, Kind::Agent(c) if c.is(&["REB"]))
            || self
                .participant
                .actor_code
                .as_deref()
                .is_some_and(|c| ["REB", "INS", "UAF", "IMG"].iter().any(|a| c.contains(a)))
    }

    /// A state or its forces: a country, or an actor whose code is a government's, an
    /// army's, a police force's or a court's (ISRMIL, GOV).
    pub fn is_state(&self) -> bool {
        self.kind == Kind::Country
            || self
                .participant
                .actor_code
                .as_deref()
                .is_some_and(|c| ["GOV", "MIL", "COP", "JUD"].iter().any(|a| c.ends_with(a)))
    }
}

pub struct Actors<'a> {
    pub doc: &'a Doc,
    pub lex: &'a EventWords,
    pub knowledge: &'a Knowledge,
    pub entities: &'a std::collections::HashMap<&'a str, &'a Entity>,
}

impl<'a> Actors<'a> {
    fn entity(&self, m: &Mention) -> Option<&'a Entity> {
        self.entities.get(m.entity.as_deref()?).copied()
    }

    /// A place linked to a country of the gazetteer (a state, so an actor).
    pub fn is_country(&self, m: &Mention) -> bool {
        self.entity(m).is_some_and(
            |e| matches!(&e.link, Some(Link::Place { place_type, .. }) if *place_type == PlaceKind::Country),
        )
    }

    /// The actors of a sentence in text order: its mentions (persons, organisations,
    /// countries, places) and the agent nouns outside them.
    pub fn of_sentence(&self, s: &Sentence, mentions: &[&'a Mention]) -> Vec<Actor<'a>> {
        let mut out: Vec<Actor<'a>> = Vec::new();
        for m in mentions {
            // A body or place inside a person's title (رئيس مجلس النواب، X) is the title's,
            // not an actor of its own.
            let in_title = m.first_token > s.first_token
                && m.kind != EntityType::Per
                && self.is_person_title(m.first_token - 1)
                && self.names_after(m.end_token, s.end_token, mentions);
            if in_title {
                continue;
            }
            let kind = match m.kind {
                EntityType::Per => Kind::Person,
                EntityType::Org => Kind::Organisation,
                EntityType::Loc if self.is_country(m) => Kind::Country,
                EntityType::Loc => Kind::Place,
                EntityType::Misc => continue,
            };
            out.push(Actor {
                first: m.first_token,
                end: m.end_token,
                kind,
                mention: Some(m),
                participant: self.participant(m),
            });
        }
        // Which tokens of the sentence a mention covers, marked once (not a scan per token).
        let mut in_mention = vec![false; s.end_token - s.first_token];
        for m in mentions {
            for t in m.first_token.max(s.first_token)..m.end_token.min(s.end_token) {
                in_mention[t - s.first_token] = true;
            }
        }
        let covered = |i: usize| in_mention[i - s.first_token];
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let mut i = s.first_token;
        while i < s.end_token {
            let Some(code) = self.agent_at(i).filter(|_| !covered(i)) else {
                i += 1;
                continue;
            };
            // The noun with the words that qualify it (قوات الأمن العراقية، الجيش الإسرائيلي).
            let mut end = i + 1;
            let mut country = None;
            while end < s.end_token && end < i + 4 && !covered(end) && tokens[end].kind == TokenKind::Arabic {
                if let Some(c) = self.nationality(end) {
                    country = Some(c);
                } else if !(self.agent_at(end).is_some() && words[end].article && words[end].proclitics.is_empty()) {
                    break;
                }
                end += 1;
            }
            // A title before a name is the person's (رئيس الحكومة الأردنية X): not an actor
            // of its own.
            let title = self.is_person_title(i);
            let names_follow = title && self.names_after(end, s.end_token, mentions);
            // The head of a name (جماعة X، مسلحي X: no article, in construct with
            // the name): the named body acts. With the article it is an actor of its own
            // (اعتقلت الشرطة X).
            let heads_a_name = !words[i].article
                && mentions
                    .iter()
                    .any(|m| m.first_token == end && matches!(m.kind, EntityType::Org | EntityType::Per));
            if names_follow || heads_a_name {
                i = end;
                continue;
            }
            let text = self.doc.text()[tokens[i].core_start()..tokens[end - 1].end].to_string();
            out.push(Actor {
                first: i,
                end,
                kind: Kind::Agent(code),
                mention: None,
                participant: Participant {
                    entity: None,
                    text,
                    actor_code: Some(format!("{}{}", country.unwrap_or_default(), code.as_str())),
                },
            });
            i = end;
        }
        // العقوبات الأمريكية: a nationality adjective right after an event noun names the
        // state that acts.
        for k in s.first_token + 1..s.end_token {
            if covered(k) || self.lex.noun(&words[k - 1].bare).is_none() {
                continue;
            }
            if out.iter().any(|a| a.first <= k && k < a.end) {
                continue;
            }
            if let Some(code) = self.nationality(k) {
                out.push(Actor {
                    first: k,
                    end: k + 1,
                    kind: Kind::Country,
                    mention: None,
                    participant: Participant {
                        entity: None,
                        text: self.doc.text()[tokens[k].core_start()..tokens[k].end].to_string(),
                        actor_code: Some(code),
                    },
                });
            }
        }
        out.sort_by_key(|a| a.first);
        out
    }

    /// Whether token `i` is a word of a person's title (وزير، رئيس).
    fn is_person_title(&self, i: usize) -> bool {
        let w = &self.doc.words[i];
        self.lex.person_titles.contains(&w.bare) || self.lex.person_titles.contains(&w.core)
    }

    /// Whether a person's name comes after token `end`, with only the rest of a title
    /// between (رئيس دولة X Y، وزير الخارجية الأمريكي، Y): mentions of places
    /// and bodies, words with no proclitic, a comma.
    fn names_after(&self, end: usize, stop: usize, mentions: &[&Mention]) -> bool {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let mut k = end;
        while k < stop && k < end + 6 {
            if let Some(m) = mentions.iter().find(|m| m.first_token == k) {
                if m.kind == EntityType::Per {
                    return true;
                }
                k = m.end_token;
                continue;
            }
            let part_of_title = (tokens[k].kind == TokenKind::Arabic && words[k].proclitics.is_empty())
                || (tokens[k].kind == TokenKind::Punct && tokens[k].norm == "،");
            if !part_of_title {
                return false;
            }
            k += 1;
        }
        false
    }

    /// The agent code of an agent noun at token `i`.
    fn agent_at(&self, i: usize) -> Option<AgentCode> {
        let w = &self.doc.words[i];
        if self.doc.analysis.tokens[i].kind != TokenKind::Arabic {
            return None;
        }
        self.lex
            .agents
            .get(&w.bare)
            .or_else(|| self.lex.agents.get(&w.core))
            .copied()
    }

    /// The alpha-3 code of the country of a nationality adjective at token `i`.
    fn nationality(&self, i: usize) -> Option<String> {
        let w = &self.doc.words[i];
        let country = self.knowledge.nationality(&w.bare)?;
        self.knowledge.country_code(country).map(str::to_string)
    }

    /// The actor code of the entity with this id (a quotation's speaker).
    pub fn code_of_id(&self, id: &str) -> Option<String> {
        let e = self.entities.get(id).copied()?;
        self.code_of_link(e).or_else(|| self.code_of_entity(e))
    }

    fn code_of_link(&self, e: &Entity) -> Option<String> {
        match &e.link {
            Some(Link::Actor { code, .. }) => Some(code.clone()),
            Some(Link::Place { country, .. }) => self.knowledge.alpha3(country).map(str::to_string),
            None => None,
        }
    }

    /// A mention as a participant: its entity, and its actor code from the link (the actor
    /// dictionary's code, a country's), else from its title or name (an agent word with a
    /// nationality adjective: وزير الخارجية الأمريكي → USAGOV) and its affiliation.
    pub fn participant(&self, m: &Mention) -> Participant {
        let e = self.entity(m);
        let from_link = e.and_then(|e| self.code_of_link(e));
        Participant {
            entity: m.entity.clone(),
            text: m.text.clone(),
            actor_code: from_link.or_else(|| e.and_then(|e| self.code_of_entity(e))),
        }
    }

    /// An unlinked entity's code: the country of its affiliation and the agent of the
    /// first agent word of its title or (for organisations) its name.
    fn code_of_entity(&self, e: &Entity) -> Option<String> {
        let words = match e.kind {
            EntityType::Per => e.role.as_deref()?,
            EntityType::Org => e.canonical.as_str(),
            _ => return None,
        };
        let agent = words.split_whitespace().find_map(|w| {
            let n = rasid_text::normalize(w);
            let bare = rasid_text::strip_article(&n);
            self.lex.agents.get(bare).or_else(|| self.lex.agents.get(&n)).copied()
        });
        let country = e.affiliation.as_deref().and_then(|a| self.knowledge.country_code(a));
        match (country, agent) {
            (None, None) => None,
            (c, a) => Some(format!(
                "{}{}",
                c.unwrap_or_default(),
                a.as_ref().map_or("", |a| a.as_str())
            )),
        }
    }
}

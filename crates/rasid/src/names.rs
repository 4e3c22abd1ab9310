//! The names stage: the tagger's person mentions without the titles it took in, and the
//! names of the list learned from the news (`rasid_ner::names`, `rasid build names`) where
//! the tagger found none.
//!
//! - A person mention that begins with title words or nationality adjectives (الرئيس
//!   الفلسطيني X Y) loses them: a title is the person's role, not their name.
//! - A listed name over tokens no mention covers is a mention of the list's type; one that
//!   contains person mentions of the tagger and is longer (X Y → X Y Z) replaces
//!   them. A listed surname alone (the surname of a headline) counts only where the list says the
//!   word names the person alone.
//! - A hashtag whose words are a listed name (#FIRST_LAST) is a mention of it.

use std::sync::Arc;

use rasid_core::{Doc, EntityType, Mention, MentionHow, Stage, TokenKind};
use rasid_extract::knowledge::Knowledge;
use rasid_ner::names::{key, Names};
use rasid_text::strip_article;

use crate::pipeline::mention_over;

/// The words of `data/lang/names.toml`: heads of organisations' and places' names.
#[derive(Default)]
pub struct Heads {
    organisation: std::collections::HashSet<String>,
    place: std::collections::HashSet<String>,
    /// Definite nouns of state bodies that a nationality adjective names (الحكومة السورية).
    institution: std::collections::HashSet<String>,
    /// Heads that begin the names they head (مجلس الأمن): not anchors for learning names.
    part_of_name: std::collections::HashSet<String>,
    /// Heads of state bodies of three words (وزارة العدل السعودية).
    body_heads: std::collections::HashSet<String>,
}

impl Heads {
    /// Reads `data/lang/names.toml` (magic, version, words normalised on load).
    pub fn from_toml(text: &str) -> Result<Heads, rasid_extract::lang::LangError> {
        #[derive(serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        struct File {
            organisation: Vec<String>,
            place: Vec<String>,
            institution: Vec<String>,
            part_of_name: Vec<String>,
            body_heads: Vec<String>,
        }
        const FILE: &str = "names.toml";
        let f: File = rasid_extract::lang::parse(FILE, text, "rasid.lang.names", 1)?;
        let set = |ws: Vec<String>| -> Result<std::collections::HashSet<String>, rasid_extract::lang::LangError> {
            ws.iter().map(|w| rasid_extract::lang::normal(FILE, w)).collect()
        };
        Ok(Heads {
            organisation: set(f.organisation)?,
            place: set(f.place)?,
            institution: set(f.institution)?,
            part_of_name: set(f.part_of_name)?,
            body_heads: set(f.body_heads)?,
        })
    }

    /// The shipped file, compiled in.
    pub fn embedded() -> Result<Heads, rasid_extract::lang::LangError> {
        Heads::from_toml(include_str!("../../../data/lang/names.toml"))
    }

    /// Whether the word heads names without being part of them (حركة X, not مجلس X).
    pub fn anchors(&self, bare: &str) -> bool {
        self.kind(bare).is_some() && !self.part_of_name.contains(bare)
    }

    pub fn kind(&self, bare: &str) -> Option<EntityType> {
        if self.organisation.contains(bare) {
            Some(EntityType::Org)
        } else if self.place.contains(bare) {
            Some(EntityType::Loc)
        } else {
            None
        }
    }
}

/// The name of the stage.
pub const NAMES: &str = "names";

pub struct NameList {
    names: Arc<Names>,
    knowledge: Arc<Knowledge>,
    heads: Heads,
}

impl NameList {
    pub fn new(names: Arc<Names>, knowledge: Arc<Knowledge>) -> NameList {
        // The file is compiled in and checked by the tests: it cannot fail here.
        let heads = Heads::embedded().unwrap_or_default();
        NameList {
            names,
            knowledge,
            heads,
        }
    }

    /// State bodies named by a nationality adjective: الحكومة السورية (an institution
    /// noun, then the adjective) and وزارة العدل السعودية (a head of state bodies, a
    /// definite noun, the adjective), over tokens no mention covers, as organisations.
    fn institutions(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let (tokens, words, k) = (&doc.analysis.tokens, &doc.words, &self.knowledge);
        let mut covered = vec![false; tokens.len()];
        for m in mentions.iter() {
            covered[m.first_token..m.end_token].iter_mut().for_each(|c| *c = true);
        }
        // The tagger takes the feminine adjective for the country (X-ية read as the country X): a one-word
        // place mention over the adjective gives way to the body.
        let mut lone_place = vec![false; tokens.len()];
        for m in mentions.iter() {
            if m.kind == EntityType::Loc && m.end_token == m.first_token + 1 {
                lone_place[m.first_token] = true;
            }
        }
        let free = |i: usize| i < tokens.len() && tokens[i].kind == TokenKind::Arabic && !covered[i];
        let nationality = |i: usize| {
            (free(i) || (i < tokens.len() && lone_place[i]))
                && words[i].core != words[i].bare
                && k.nationality(&words[i].bare).is_some()
        };
        for s in &doc.analysis.sentences {
            let mut i = s.first_token;
            while i + 1 < s.end_token {
                let w = &words[i];
                // Behind a title or a head word the phrase is part of a title (وزير الداخلية
                // اليمني) or of a longer name, not a body of its own.
                let inside = i > s.first_token && {
                    let before = &words[i - 1];
                    k.is_title(&before.bare) || self.heads.kind(&before.bare).is_some()
                };
                let end = if inside {
                    None
                } else if free(i)
                    && w.enclitic.is_none()
                    && self.heads.institution.contains(&w.core)
                    && nationality(i + 1)
                {
                    Some(i + 2)
                } else if free(i)
                    && w.enclitic.is_none()
                    && w.core == w.bare
                    && self.heads.body_heads.contains(&w.bare)
                    && i + 2 < s.end_token
                    && free(i + 1)
                    && words[i + 1].core != words[i + 1].bare
                    && nationality(i + 2)
                {
                    Some(i + 3)
                } else {
                    None
                };
                match end.and_then(|e| mention_over(doc, (i, e), EntityType::Org, MentionHow::Name).map(|m| (e, m))) {
                    Some((e, m)) => {
                        mentions.retain(|x| !(x.kind == EntityType::Loc && x.first_token == e - 1 && x.end_token == e));
                        mentions.push(m);
                        i = e;
                    }
                    None => i += 1,
                }
            }
        }
    }

    /// The tagger's person mentions with leading title words and adjectives left out.
    fn untitled(&self, doc: &Doc, m: Mention) -> Option<Mention> {
        if m.kind != EntityType::Per || m.how != MentionHow::Name {
            return Some(m);
        }
        let k = &self.knowledge;
        let mut first = m.first_token;
        while first + 1 < m.end_token {
            let w = &doc.words[first];
            if !(k.is_title(&w.bare) || k.nationality(&w.bare).is_some()) {
                break;
            }
            first += 1;
        }
        if first == m.first_token {
            return Some(m);
        }
        mention_over(doc, (first, m.end_token), m.kind, m.how)
    }

    /// A person mention right after a title phrase, when the word before it is a name word
    /// the tagger left out (رئيس جنوب السودان X Y tagged Y): the mention takes it in, up to
    /// two words. A name word here: Arabic, without clitics or article, not a title or a
    /// nationality adjective, in no mention, of three letters or more.
    fn widened(&self, doc: &Doc, m: Mention, covered: &[bool]) -> Mention {
        if m.kind != EntityType::Per {
            return m;
        }
        let (tokens, words, k) = (&doc.analysis.tokens, &doc.words, &self.knowledge);
        let name_word = |i: usize| {
            let w = &words[i];
            tokens[i].kind == TokenKind::Arabic
                && !covered[i]
                && w.proclitics.is_empty()
                && w.enclitic.is_none()
                && w.core == w.bare
                && w.bare.chars().count() >= 3
                && !k.is_title(&w.bare)
                && k.nationality(&w.bare).is_none()
        };
        // Sentences are consecutive token ranges in text order: a binary search finds the
        // mention's (a scan per mention made long articles quadratic).
        let sentences = &doc.analysis.sentences;
        let n = sentences.partition_point(|s| s.first_token <= m.first_token);
        let sentence_start = sentences[..n]
            .last()
            .filter(|s| m.first_token < s.end_token)
            .map_or(0, |s| s.first_token);
        let mut first = m.first_token;
        for n in 1..=2 {
            if m.first_token < sentence_start + n + 1 {
                break;
            }
            let a = m.first_token - n;
            if !(a..m.first_token).all(name_word) {
                break;
            }
            if self.title_phrase_ends_at(doc, a - 1, sentence_start, covered) {
                first = a;
            }
        }
        if first == m.first_token {
            return m;
        }
        mention_over(doc, (first, m.end_token), m.kind, m.how).unwrap_or(m)
    }

    /// Whether token `end` closes a title phrase: scanning left over definite words,
    /// nationality adjectives and place or organisation names, a title word is reached
    /// within five tokens.
    fn title_phrase_ends_at(&self, doc: &Doc, end: usize, sentence_start: usize, covered: &[bool]) -> bool {
        let k = &self.knowledge;
        let mut i = end + 1;
        while i > sentence_start && end + 1 - i < 5 {
            i -= 1;
            let (t, w) = (&doc.analysis.tokens[i], &doc.words[i]);
            if t.kind != TokenKind::Arabic {
                return false;
            }
            if k.is_title(&w.bare) {
                return true;
            }
            // A place of two words (جنوب السودان) belongs to the phrase as a whole.
            let place_pair = i < end && !k.places(&format!("{} {}", w.core, doc.words[i + 1].core)).is_empty();
            let part = w.core != w.bare || k.nationality(&w.bare).is_some() || covered[i] || place_pair;
            if !part || !w.proclitics.is_empty() && i != end {
                return false;
            }
        }
        false
    }

    /// Listed names over the sentence tokens; `taken[i]` is whether a mention covers token i.
    fn listed(&self, doc: &Doc, mentions: &mut Vec<Mention>) {
        let tokens = &doc.analysis.tokens;
        let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
        // The mention covering each token, kept up to date as names are added.
        let mut owner: Vec<Option<usize>> = vec![None; tokens.len()];
        for (mi, m) in mentions.iter().enumerate() {
            for o in &mut owner[m.first_token..m.end_token] {
                *o = Some(mi);
            }
        }
        let mut dropped = vec![false; mentions.len()];
        for s in &doc.analysis.sentences {
            let mut i = s.first_token;
            while i < s.end_token {
                let Some((end, name)) = self.names.longest_at(&kinds, &doc.words, i, s.end_token) else {
                    i += 1;
                    continue;
                };
                let inside: Vec<usize> = owner[i..end].iter().flatten().copied().collect();
                // Only a longer name replaces the tagger's: the same span stays the tagger's.
                let replaces = name.kind == EntityType::Per
                    && inside.iter().all(|&mi| {
                        let m = &mentions[mi];
                        m.kind == EntityType::Per
                            && m.first_token >= i
                            && m.end_token <= end
                            && m.end_token - m.first_token < end - i
                    });
                if inside.is_empty() || replaces {
                    if let Some(m) = mention_over(doc, (i, end), name.kind, MentionHow::List) {
                        for &mi in &inside {
                            dropped[mi] = true;
                        }
                        for o in &mut owner[i..end] {
                            *o = Some(mentions.len());
                        }
                        mentions.push(m);
                        dropped.push(false);
                    }
                }
                i = end;
            }
        }
        self.hashtags(doc, &owner, mentions);
        let mut keep = dropped.iter().map(|d| !d);
        mentions.retain(|_| keep.next().unwrap_or(true));
    }

    /// Hashtags of listed names no mention covers.
    fn hashtags(&self, doc: &Doc, owner: &[Option<usize>], mentions: &mut Vec<Mention>) {
        let text = &doc.analysis.text;
        for (ti, t) in doc.analysis.tokens.iter().enumerate() {
            if t.kind != TokenKind::Hashtag || owner[ti].is_some() {
                continue;
            }
            let words: Vec<&str> = t
                .norm
                .split(|c: char| c == '#' || c == '_' || c.is_whitespace())
                .filter(|w| !w.is_empty())
                .map(strip_article)
                .collect();
            // A listed name, or two or three words that begin with a given name (#GIVEN_SURNAME).
            let kind = match self.names.get(&key(words.iter().copied())).filter(|n| !n.given) {
                Some(n) if words.len() > 1 || n.alone => n.kind,
                None if (2..=3).contains(&words.len())
                    && self.names.is_given(words[0])
                    && !self.knowledge.is_title(words[0])
                    && words.iter().all(|w| self.knowledge.nationality(w).is_none()) =>
                {
                    EntityType::Per
                }
                _ => continue,
            };
            let start = t.words.first().map(|w| w.start).unwrap_or(t.start);
            mentions.push(Mention {
                kind,
                start,
                end: t.end,
                text: text[start..t.end].to_string(),
                norm: t.norm.clone(),
                first_token: ti,
                end_token: ti + 1,
                entity: None,
                how: MentionHow::Hashtag,
            });
        }
    }
}

impl Stage for NameList {
    fn name(&self) -> &'static str {
        NAMES
    }

    fn run(&self, doc: &mut Doc) {
        let tagged = std::mem::take(&mut doc.analysis.mentions);
        let mut covered = vec![false; doc.analysis.tokens.len()];
        for m in &tagged {
            covered[m.first_token..m.end_token].iter_mut().for_each(|c| *c = true);
        }
        let mut mentions: Vec<Mention> = tagged
            .into_iter()
            .filter_map(|m| self.untitled(doc, m))
            .map(|m| self.widened(doc, m, &covered))
            .collect();
        self.listed(doc, &mut mentions);
        self.institutions(doc, &mut mentions);
        mentions.sort_by_key(|m| (m.start, m.end));
        doc.analysis.mentions = mentions;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasid_core::{Analysis, DocumentInfo};
    use rasid_ner::names::Name;

    fn stage() -> NameList {
        let k = Knowledge::from_json(crate::models::KNOWLEDGE).expect("the shipped knowledge loads");
        let person = |alone| Name {
            kind: EntityType::Per,
            alone,
            count: 9,
            given: false,
            definite: false,
        };
        let names = Names::from_entries(vec![("زيد عمرو".into(), person(false)), ("عمرو".into(), person(true))]);
        NameList::new(Arc::new(names), Arc::new(k))
    }

    fn doc(text: &str) -> Doc {
        let lex = rasid_text::Lexicon::from_bytes(crate::models::STEM_LEXICON).expect("the shipped lexicon loads");
        let (tokens, words, sentences) = rasid_text::layer::layer(&rasid_text::Segmenter::new(lex), text);
        let mut analysis = Analysis::empty(DocumentInfo::default(), text.to_string());
        analysis.tokens = tokens;
        analysis.sentences = sentences;
        let mut d = Doc::new(analysis, None);
        d.words = words;
        d
    }

    fn found(d: &Doc) -> Vec<(&str, EntityType, MentionHow)> {
        d.analysis
            .mentions
            .iter()
            .map(|m| (m.text.as_str(), m.kind, m.how))
            .collect()
    }

    #[test]
    fn the_head_words_file_loads_and_a_damaged_one_is_an_error_naming_it() {
        let heads = Heads::embedded().expect("data/lang/names.toml loads");
        assert_eq!(heads.kind("حركه"), Some(EntityType::Org));
        assert!(heads.anchors("حركه") && !heads.anchors("مجلس"));
        let text = include_str!("../../../data/lang/names.toml");
        for bad in [
            text.replace("rasid.lang.names", "rasid.lang.other"),
            text.replace("version = 1", "version = 9"),
            text.replace("institution =", "unknown ="),
            text.replace("\"حركة\"", "\"حركة جماعة\""),
        ] {
            let e = Heads::from_toml(&bad).err().expect("an error");
            assert!(format!("{e}").contains("names.toml"), "{e}");
        }
    }

    #[test]
    fn listed_names_surnames_and_hashtags_are_mentions_where_the_tagger_found_none() {
        let mut d = doc("قال الرئيس زيد عمرو إن عمرو سيزور العمرو #زيد_عمرو");
        stage().run(&mut d);
        use MentionHow::*;
        assert_eq!(
            found(&d),
            [
                ("زيد عمرو", EntityType::Per, List),
                ("عمرو", EntityType::Per, List),
                ("زيد_عمرو", EntityType::Per, Hashtag),
            ],
            "the surname is written without the article: العمرو is not it"
        );
    }

    #[test]
    fn a_title_leaves_a_tagged_name_and_a_state_body_is_an_organisation() {
        let mut d = doc("وقال الرئيس السوري زيد إن الحكومة السورية قررت.");
        let tagged = mention_over(&d, (1, 4), EntityType::Per, MentionHow::Name).expect("a span");
        d.analysis.mentions = vec![tagged];
        stage().run(&mut d);
        assert_eq!(
            found(&d),
            [
                ("زيد", EntityType::Per, MentionHow::Name),
                ("الحكومة السورية", EntityType::Org, MentionHow::Name),
            ]
        );
    }
}

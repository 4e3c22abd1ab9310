//! Quotations and who said them.
//!
//! A quotation is found from its reporting verb (the verbs and participles of
//! `data/lang/quotes.toml`: قال، أضاف، أكد ...، قائلا، مضيفا ...): the quoted content is
//! the text in quotation marks after it (direct), or the إن/أن clause after it up to the end
//! of the sentence (reported). The speaker is, in order: the subject between the verb and
//! the content (a tagged mention, or the words themselves when no entity is named:
//! مسؤولان بالبيت الأبيض); for a statement (وقال البيان) the person or body the statement
//! came from (بيان صادر عن X); for a participle (قائلا) the subject of its sentence; for a
//! verb with no subject (وأضاف: ...) the previous speaker.

pub mod lexicon;

use rasid_core::{
    Doc, EntityType, Mention, Quote, QuoteKind, SegmentKind, Sentence, Span, SpeakerFrom, Stage, TokenKind,
};

use std::cell::OnceCell;
use std::collections::HashSet;

use crate::lang::LangError;
pub use lexicon::QuoteWords;
use lexicon::Verb;

/// The quotation stage.
pub struct Quotes {
    words: QuoteWords,
}

impl Quotes {
    pub fn new(words: QuoteWords) -> Quotes {
        Quotes { words }
    }

    /// The stage with the reporting words compiled into rasid.
    pub fn embedded() -> Result<Quotes, LangError> {
        Ok(Quotes::new(QuoteWords::embedded()?))
    }
}

impl Stage for Quotes {
    fn name(&self) -> &'static str {
        "quotes"
    }

    fn run(&self, doc: &mut Doc) {
        doc.analysis.quotes = extract(doc, &self.words);
    }
}

/// Finds quotations in an analysed text (mentions carry entity ids, dates are found).
pub fn extract(doc: &Doc, lex: &QuoteWords) -> Vec<Quote> {
    let mut f = Finder {
        doc,
        lex,
        out: Vec::new(),
        last_speaker: None,
        owner: owners(doc),
        temporal: temporal_tokens(doc),
        starts: HashSet::new(),
        authors: OnceCell::new(),
    };
    for s in &doc.analysis.sentences {
        let mut i = s.first_token;
        while i < s.end_token {
            i = f.at(s, i);
        }
    }
    f.out
}

/// Per token, the first mention (in mention order) that covers it: one look-up where a scan
/// of every mention per token made long articles quadratic.
fn owners(doc: &Doc) -> Vec<Option<u32>> {
    let mut owner = vec![None; doc.analysis.tokens.len()];
    for (mi, m) in doc.analysis.mentions.iter().enumerate() {
        for o in &mut owner[m.first_token..m.end_token] {
            o.get_or_insert(mi as u32);
        }
    }
    owner
}

/// Per token, whether it lies inside a date expression.
fn temporal_tokens(doc: &Doc) -> Vec<bool> {
    let tokens = &doc.analysis.tokens;
    let mut temporal = vec![false; tokens.len()];
    for d in &doc.analysis.dates {
        // Tokens are in text order: those inside the date start at or after its start.
        let from = tokens.partition_point(|t| t.start < d.start);
        for (j, t) in tokens
            .iter()
            .enumerate()
            .skip(from)
            .take_while(|(_, t)| t.start <= d.end)
        {
            temporal[j] |= t.end <= d.end;
        }
    }
    temporal
}

/// The speaker phrase between a reporting verb and its content.
struct Subject<'a> {
    /// Where the content starts (a quotation mark, or إن/أن).
    content: usize,
    kind: Option<QuoteKind>,
    /// The first person or organisation named in the phrase.
    mention: Option<&'a Mention>,
    /// The words of the phrase up to a preposition or comma, dates left out.
    words: Vec<usize>,
}

/// Who a quotation is by: entity id, the text naming it, and how it was found.
type Speaker = (Option<String>, Option<String>, SpeakerFrom);

struct Finder<'a> {
    doc: &'a Doc,
    lex: &'a QuoteWords,
    out: Vec<Quote>,
    last_speaker: Option<(Option<String>, Option<String>)>,
    /// `owners(doc)`.
    owner: Vec<Option<u32>>,
    /// `temporal_tokens(doc)`.
    temporal: Vec<bool>,
    /// The start of every quotation found so far.
    starts: HashSet<usize>,
    /// The statement words of the text with their authors, made when a statement is first
    /// quoted.
    authors: OnceCell<Authors<'a>>,
}

impl<'a> Finder<'a> {
    fn mention_at(&self, i: usize) -> Option<&'a Mention> {
        let mentions = &self.doc.analysis.mentions;
        self.owner[i].map(|mi| &mentions[mi as usize])
    }

    fn opening(&self, i: usize) -> Option<&'a str> {
        self.lex.closing(&self.doc.analysis.tokens[i].text)
    }

    /// The quotation whose verb is at token `i`, if any; the position to go on from.
    fn at(&mut self, s: &Sentence, i: usize) -> usize {
        let Some(verb) = self.lex.verb(&self.doc.words[i].form) else {
            return i + 1;
        };
        let subject = self.subject(s, i);
        let Some(kind) = subject.kind else {
            return i + 1;
        };
        let (kind, start, end, next) = match self.content(s, kind, subject.content) {
            Ok(c) => c,
            Err(skip) => return skip,
        };
        if start >= end || self.starts.contains(&start) {
            return next.max(i + 1);
        }
        let (speaker, speaker_text, from) = self.speaker(s, i, verb, &subject);
        if speaker.is_some() || speaker_text.is_some() {
            self.last_speaker = Some((speaker.clone(), speaker_text.clone()));
        }
        let (text, t) = (self.doc.text(), &self.doc.analysis.tokens[i]);
        let vstart = t.core_start();
        self.starts.insert(start);
        self.out.push(Quote {
            start,
            end,
            text: text[start..end].to_string(),
            kind,
            verb: Some(Span::new(vstart, t.end)),
            verb_text: Some(text[vstart..t.end].to_string()),
            speaker,
            speaker_text,
            speaker_from: Some(from),
        });
        next.max(i + 1)
    }

    /// From the verb to the content (a quotation mark, a colon, إن/أن), within ten tokens.
    fn subject(&self, s: &Sentence, i: usize) -> Subject<'a> {
        let (tokens, words) = (&self.doc.analysis.tokens, &self.doc.words);
        let mut subject = Subject {
            content: i + 1,
            kind: None,
            mention: None,
            words: Vec::new(),
        };
        let mut stop_words = false;
        let mut j = i + 1;
        while j < s.end_token && j < i + 10 {
            let w = &tokens[j];
            subject.content = j;
            if self.opening(j).is_some() {
                subject.kind = Some(QuoteKind::Direct);
                break;
            }
            if w.kind == TokenKind::Arabic && self.lex.that.contains(&words[j].form) {
                subject.kind = Some(QuoteKind::Reported);
                break;
            }
            if w.kind == TokenKind::Punct && !matches!(w.text.as_str(), ":" | "،" | ",") {
                break;
            }
            if w.text == ":" {
                j += 1;
                continue;
            }
            if let Some(m) = self.mention_at(j) {
                if subject.mention.is_none()
                    && matches!(m.kind, EntityType::Per | EntityType::Org)
                    && subject.words.len() < 4
                {
                    subject.mention = Some(m);
                }
            }
            // A participle or another verb inside the subject ends it (وأضاف المتحدث قائلا: ...).
            if self.lex.verb(&words[j].form).is_some() {
                j += 1;
                continue;
            }
            // The speaker phrase ends at a preposition or a comma (قال في حديث تلفزيوني،
            // قال لتلفزيون محلي): what follows is the setting, not the speaker.
            let first_clitic = words[j].proclitics.chars().next();
            let preposition = self.lex.prepositions.contains(&w.norm)
                || first_clitic.is_some_and(|c| self.lex.preposition_clitics.contains(&c));
            if preposition || w.text == "،" || w.text == "," {
                stop_words = true;
            }
            let temporal = self.temporal[j];
            if w.kind == TokenKind::Arabic && !stop_words && !temporal {
                subject.words.push(j);
            }
            j += 1;
        }
        subject
    }

    /// The content from token `c` on: (kind, start, end, where to go on), or where to go
    /// on when there is none.
    fn content(&self, s: &Sentence, kind: QuoteKind, c: usize) -> Result<(QuoteKind, usize, usize, usize), usize> {
        let tokens = &self.doc.analysis.tokens;
        let found = c;
        // After إن/أن a quotation mark makes it direct: أوضح أنه "تجري ...".
        let (kind, c) = if kind == QuoteKind::Reported && c + 1 < s.end_token && self.opening(c + 1).is_some() {
            (QuoteKind::Direct, c + 1)
        } else {
            (kind, c)
        };
        if kind == QuoteKind::Direct {
            let close = self.opening(c).unwrap_or("\"");
            let stop = self.paragraph_end(c);
            let Some(k) = (c + 1..stop).find(|&k| tokens[k].text.starts_with(close)) else {
                return Err(found + 1);
            };
            if k == c + 1 {
                return Err(k + 1);
            }
            return Ok((kind, tokens[c + 1].start, tokens[k - 1].end, k + 1));
        }
        // The clause after إن/أن, without the pronoun glued to أن, to the sentence end.
        let that = &tokens[c];
        let mut last = s.end_token - 1;
        while last > c && tokens[last].kind == TokenKind::Punct {
            last -= 1;
        }
        if last <= c {
            return Err(c + 1);
        }
        let from = match that.segments.iter().find(|g| g.kind == SegmentKind::Enclitic) {
            Some(g) => g.start,
            None => tokens.get(c + 1).map(|x| x.start).unwrap_or(that.end),
        };
        Ok((kind, from, tokens[last].end, s.end_token))
    }

    /// The quotation may run over sentence ends, not over a line break.
    fn paragraph_end(&self, from: usize) -> usize {
        let (text, tokens) = (self.doc.text(), &self.doc.analysis.tokens);
        let mut j = from;
        while j + 1 < tokens.len() && !text[tokens[j].end..tokens[j + 1].start].contains('\n') {
            j += 1;
        }
        j + 1
    }

    /// Who: the subject mention, a statement's author, the subject's words, the clause
    /// subject, or the previous speaker.
    fn speaker(&self, s: &Sentence, i: usize, verb: Verb, subject: &Subject) -> Speaker {
        let named = |m: &Mention| (m.entity.clone(), Some(m.text.clone()));
        if let Some(m) = subject.mention {
            let (e, t) = named(m);
            return (e, t, SpeakerFrom::Subject);
        }
        let words = &self.doc.words;
        if subject.words.first().is_some_and(|&w| {
            self.lex
                .statement
                .contains(&rasid_text::strip_article(&words[w].form).to_string())
        }) {
            // The statement: find who issued it earlier (بيان صادر عن X، بيان لـ X، بيان من X).
            let author = self
                .authors
                .get_or_init(|| self.authors())
                .before(i, |k| self.author(k, i));
            return match author {
                Some(m) => {
                    let (e, t) = named(m);
                    (e, t, SpeakerFrom::Statement)
                }
                None => (None, self.phrase(&subject.words), SpeakerFrom::Subject),
            };
        }
        if verb == Verb::Participle || subject.words.is_empty() {
            // The subject of the sentence: the first person named after its first verb
            // (وقال الوزير فلان لصحيفة ... مضيفا), else the nearest organisation.
            let clause = (s.first_token..i)
                .find_map(|k| self.mention_at(k).filter(|m| m.kind == EntityType::Per))
                .or_else(|| {
                    (s.first_token..i)
                        .rev()
                        .find_map(|k| self.mention_at(k).filter(|m| m.kind == EntityType::Org))
                });
            return match (clause, &self.last_speaker) {
                (Some(m), _) if verb == Verb::Participle => {
                    let (e, t) = named(m);
                    (e, t, SpeakerFrom::Clause)
                }
                (_, Some((e, t))) => (e.clone(), t.clone(), SpeakerFrom::Previous),
                (Some(m), None) => {
                    let (e, t) = named(m);
                    (e, t, SpeakerFrom::Clause)
                }
                (None, None) => (None, None, SpeakerFrom::Previous),
            };
        }
        (None, self.phrase(&subject.words), SpeakerFrom::Subject)
    }

    /// Who issued the statement word at `k`: the first person or organisation within the
    /// nine tokens after it, before token `until`.
    fn author(&self, k: usize, until: usize) -> Option<&'a Mention> {
        (k + 1..(k + 10).min(until)).find_map(|x| {
            self.mention_at(x)
                .filter(|m| matches!(m.kind, EntityType::Per | EntityType::Org))
        })
    }

    fn authors(&self) -> Authors<'a> {
        let words = &self.doc.words;
        let is_statement = |k: usize| self.lex.statement.iter().any(|st| words[k].form.ends_with(st.as_str()));
        let statements: Vec<usize> = (0..words.len()).filter(|&k| is_statement(k)).collect();
        let authored = statements
            .iter()
            .filter_map(|&k| Some((k, self.author(k, words.len())?)))
            .collect();
        Authors { statements, authored }
    }

    /// The text of the subject's words, from the first word's core to the last word's end.
    fn phrase(&self, ws: &[usize]) -> Option<String> {
        let (a, b) = (ws.first()?, ws.last()?);
        let tokens = &self.doc.analysis.tokens;
        Some(self.doc.text()[tokens[*a].core_start()..tokens[*b].end].to_string())
    }
}

/// The statement words of a text, so that the author of a statement is found without a
/// scan back over the whole text for every quotation of a statement.
struct Authors<'a> {
    /// The tokens that are statement words, in order.
    statements: Vec<usize>,
    /// The statement words with an author in their whole window, in order.
    authored: Vec<(usize, &'a Mention)>,
}

impl<'a> Authors<'a> {
    /// The author of the last statement word before token `i` that has one, where
    /// `author_before_i(k)` is the author of the word at `k` when the window is cut at `i`.
    fn before(&self, i: usize, author_before_i: impl Fn(usize) -> Option<&'a Mention>) -> Option<&'a Mention> {
        // A statement word at k ≥ i - 10 has its window cut by i: look at those one by one.
        let near = i.saturating_sub(10);
        let (a, b) = (
            self.statements.partition_point(|&k| k < near),
            self.statements.partition_point(|&k| k < i),
        );
        if let Some(m) = self.statements[a..b].iter().rev().find_map(|&k| author_before_i(k)) {
            return Some(m);
        }
        // Further back the window is whole: the last statement word with an author.
        let n = self.authored.partition_point(|&(k, _)| k < near);
        self.authored[..n].last().map(|&(_, m)| m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, tag};

    fn quotes(d: &Doc) -> Vec<Quote> {
        extract(d, &QuoteWords::embedded().expect("the embedded quote words load"))
    }

    #[test]
    fn reported_speech_with_a_named_speaker() {
        let mut d = doc("وقال الوزير خالد إن المحادثات كانت مثمرة.", None);
        tag(&mut d, "الوزير خالد", EntityType::Per);
        let q = quotes(&d);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].kind, QuoteKind::Reported);
        assert_eq!(q[0].text, "المحادثات كانت مثمرة");
        assert_eq!(q[0].verb_text.as_deref(), Some("قال"));
        assert_eq!(q[0].speaker_text.as_deref(), Some("الوزير خالد"));
        assert_eq!(q[0].speaker_from, Some(SpeakerFrom::Subject));
    }

    #[test]
    fn direct_speech_in_guillemets_and_the_previous_speaker() {
        let mut d = doc("وقال الطبيب سامر «الوضع صعب جدا». وأضاف: «نحتاج إلى دواء».", None);
        tag(&mut d, "الطبيب سامر", EntityType::Per);
        let q = quotes(&d);
        assert_eq!(q.len(), 2);
        assert_eq!((q[0].kind, q[0].text.as_str()), (QuoteKind::Direct, "الوضع صعب جدا"));
        assert_eq!(q[1].text, "نحتاج إلى دواء");
        assert_eq!(q[1].speaker_from, Some(SpeakerFrom::Previous));
        assert_eq!(q[1].speaker_text.as_deref(), Some("الطبيب سامر"));
    }

    #[test]
    fn a_feminine_perfect_of_a_weak_verb_reports() {
        // نفت was missed while the list held نفى only as a stem to strip ت from.
        let q = quotes(&doc("ونفت الوزارة أن تكون الأسعار قد ارتفعت.", None));
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker_text.as_deref(), Some("الوزارة"));
    }

    #[test]
    fn a_participle_quotes_the_subject_of_its_sentence() {
        let mut d = doc("وتحدث المدير سامي للصحفيين مضيفا أن المشروع سينتهي قريبا.", None);
        tag(&mut d, "المدير سامي", EntityType::Per);
        let q = quotes(&d);
        assert_eq!(q.len(), 1, "{q:?}");
        assert_eq!(q[0].speaker_from, Some(SpeakerFrom::Clause));
        assert_eq!(q[0].speaker_text.as_deref(), Some("المدير سامي"));
        assert_eq!(q[0].text, "المشروع سينتهي قريبا");
    }

    #[test]
    fn a_statement_is_quoted_as_its_author() {
        let mut d = doc("صدر بيان عن الوزارة. وقال البيان إن الحدود مفتوحة.", None);
        tag(&mut d, "الوزارة", EntityType::Org);
        let q = quotes(&d);
        assert_eq!(q.len(), 1);
        assert_eq!(q[0].speaker_from, Some(SpeakerFrom::Statement));
    }

    #[test]
    fn no_verb_no_quote() {
        assert!(quotes(&doc("المحادثات كانت مثمرة \"جدا\".", None)).is_empty());
    }
}

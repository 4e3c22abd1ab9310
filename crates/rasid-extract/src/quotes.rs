//! Quotations and who said them.
//!
//! A quotation is found from its reporting verb (قال، أضاف، أكد، أشار، أوضح، اعتبر، أعلن،
//! شدد، حذر، تعهد، كشف، لفت، تابع، أعرب، and the participles قائلا، مضيفا، مؤكدا ...):
//! the quoted content is the text in quotation marks after it (direct), or the إن/أن
//! clause after it up to the end of the sentence (reported). The speaker is, in order:
//! the subject between the verb and the content (a tagged mention, or the words
//! themselves when no entity is named: مسؤولان بالبيت الأبيض); for a statement
//! (وقال البيان) the person or body the statement came from (بيان صادر عن X); for a
//! participle (قائلا) the subject of its sentence; for a verb with no subject
//! (وأضاف: ...) the previous speaker.

use rasid_core::{EntityType, Mention, Quote, SegmentKind, Sentence, Span, Timex, Token, TokenKind};
use rasid_text::normalize;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Verb {
    Finite,
    Participle,
}

fn core(t: &Token) -> String {
    if t.kind == TokenKind::Arabic && !t.segments.is_empty() {
        t.segments
            .iter()
            .filter(|s| s.kind != SegmentKind::Proclitic)
            .map(|s| normalize(&s.text))
            .collect()
    } else {
        t.norm.clone()
    }
}

/// Reporting verbs, normalised, with gender and number endings.
fn reporting_verb(w: &str) -> Option<Verb> {
    const FINITE: &[&str] = &[
        "قال",
        "اضاف",
        "اكد",
        "اشار",
        "اوضح",
        "اعتبر",
        "اعلن",
        "شدد",
        "حذر",
        "تعهد",
        "كشف",
        "لفت",
        "تابع",
        "اعرب",
        "ذكر",
        "صرح",
        "افاد",
        "يقول",
        "تقول",
        "يضيف",
        "تضيف",
        "يري",
        "تري",
        "راي",
        "نفي",
        "رد",
        "اوضحت",
    ];
    const PARTICIPLE: &[&str] = &[
        "قايلا",
        "مضيفا",
        "موكدا",
        "مشيرا",
        "معتبرا",
        "مبينا",
        "موضحا",
        "محذرا",
        "لافتا",
        "متابعا",
        "معربا",
        "مشددا",
        "قايله",
        "مضيفه",
        "موكده",
        "مشيره",
        "معتبره",
        "موضحه",
        "محذره",
        "لافته",
    ];
    if PARTICIPLE.contains(&w) {
        return Some(Verb::Participle);
    }
    // قال، قالت، قالوا، قالا
    let stem = w
        .strip_suffix("وا")
        .or_else(|| w.strip_suffix('ت'))
        .or_else(|| w.strip_suffix('ا'))
        .unwrap_or(w);
    (FINITE.contains(&w) || FINITE.contains(&stem)).then_some(Verb::Finite)
}

fn is_that(w: &str) -> bool {
    matches!(
        w,
        "ان" | "انه" | "انها" | "انهم" | "انهما" | "انني" | "اننا" | "بان" | "بانه" | "بانها"
    )
}

fn opening(t: &Token) -> Option<char> {
    match t.text.as_str() {
        "\"" => Some('"'),
        "«" => Some('»'),
        "“" | "„" => Some('”'),
        _ => None,
    }
}

/// Finds quotations in an analysed text; `mentions` carry entity ids.
pub fn extract(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    mentions: &[Mention],
    dates: &[Timex],
) -> Vec<Quote> {
    let mut out: Vec<Quote> = Vec::new();
    let mut last_speaker: Option<(Option<String>, Option<String>)> = None;
    let mention_at = |i: usize| mentions.iter().find(|m| m.first_token <= i && i < m.end_token);
    let paragraph_end = |from: usize| {
        // The quotation may run over sentence ends, not over a line break.
        let mut j = from;
        while j + 1 < tokens.len() && !text[tokens[j].end..tokens[j + 1].start].contains('\n') {
            j += 1;
        }
        j + 1
    };
    for s in sentences {
        let mut i = s.first_token;
        while i < s.end_token {
            let t = &tokens[i];
            let Some(vkind) = reporting_verb(&core(t)) else {
                i += 1;
                continue;
            };
            // The subject: from the verb to the content (a quotation mark, a colon, إن/أن).
            let mut j = i + 1;
            let mut subject: Option<&Mention> = None;
            let mut words = Vec::new();
            let mut content_kind = None;
            let mut stop_words = false;
            while j < s.end_token && j < i + 10 {
                let w = &tokens[j];
                if opening(w).is_some() {
                    content_kind = Some("direct");
                    break;
                }
                if w.kind == TokenKind::Arabic && is_that(&core(w)) {
                    content_kind = Some("reported");
                    break;
                }
                if w.kind == TokenKind::Punct && !matches!(w.text.as_str(), ":" | "،" | ",") {
                    break;
                }
                if w.text == ":" {
                    j += 1;
                    continue;
                }
                if let Some(m) = mention_at(j) {
                    if subject.is_none() && matches!(m.kind, EntityType::Per | EntityType::Org) && words.len() < 4 {
                        subject = Some(m);
                    }
                }
                // A participle or another verb inside the subject ends it (وأضاف الخضر قائلا: ...).
                if reporting_verb(&core(w)).is_some() {
                    j += 1;
                    continue;
                }
                // The speaker phrase ends at a preposition or a comma (قال في حديث تلفزيوني،
                // قال لتلفزيون فلسطين): what follows is the setting, not the speaker.
                let preposition = matches!(
                    w.norm.as_str(),
                    "في" | "خلال" | "عن" | "علي" | "امام" | "مع" | "لدي" | "عبر"
                ) || w
                    .segments
                    .first()
                    .is_some_and(|g| g.kind == SegmentKind::Proclitic && matches!(g.text.as_str(), "ل" | "ب"));
                if preposition || w.text == "،" || w.text == "," {
                    stop_words = true;
                }
                let temporal = dates.iter().any(|d| d.start <= w.start && w.end <= d.end);
                if w.kind == TokenKind::Arabic && !stop_words && !temporal {
                    words.push(j);
                }
                j += 1;
            }
            let Some(kind) = content_kind else {
                i += 1;
                continue;
            };
            // After إن/أن a quotation mark makes it direct: أوضح أنه "تجري ...".
            let (kind, cstart) = if kind == "reported" && j + 1 < s.end_token && opening(&tokens[j + 1]).is_some() {
                ("direct", j + 1)
            } else {
                (kind, j)
            };
            let (start, end, next) = if kind == "direct" {
                let close = opening(&tokens[cstart]).unwrap_or('"');
                let stop = paragraph_end(cstart);
                let Some(k) = (cstart + 1..stop).find(|&k| tokens[k].text.starts_with(close)) else {
                    i = j + 1;
                    continue;
                };
                if k == cstart + 1 {
                    i = k + 1;
                    continue;
                }
                (tokens[cstart + 1].start, tokens[k - 1].end, k + 1)
            } else {
                // The clause after إن/أن, without the pronoun glued to أن, to the sentence end.
                let that = &tokens[cstart];
                let from = match that.segments.iter().find(|g| g.kind == SegmentKind::Enclitic) {
                    Some(_) => that.end,
                    None => tokens.get(cstart + 1).map(|x| x.start).unwrap_or(that.end),
                };
                let mut last = s.end_token - 1;
                while last > cstart && tokens[last].kind == TokenKind::Punct {
                    last -= 1;
                }
                if last <= cstart {
                    i = j + 1;
                    continue;
                }
                let from = if that.segments.iter().any(|g| g.kind == SegmentKind::Enclitic) {
                    tokens[cstart]
                        .segments
                        .iter()
                        .find(|g| g.kind == SegmentKind::Enclitic)
                        .map(|g| g.start)
                        .unwrap_or(from)
                } else {
                    from
                };
                (from, tokens[last].end, s.end_token)
            };
            if start >= end || out.iter().any(|q| q.start == start) {
                i = next.max(i + 1);
                continue;
            }
            // Who: subject mention, a statement's author, the words, the clause subject, or the previous speaker.
            let phrase = |ws: &[usize]| -> Option<String> {
                let (a, b) = (ws.first()?, ws.last()?);
                let first = &tokens[*a];
                let from = first.core_start();
                Some(text[from..tokens[*b].end].to_string())
            };
            let (speaker, speaker_text, from) = if let Some(m) = subject {
                (m.entity.clone(), Some(m.text.clone()), "subject")
            } else if words
                .first()
                .is_some_and(|&w| matches!(core(&tokens[w]).as_str(), "البيان" | "بيان"))
            {
                // The statement: find who issued it earlier (بيان صادر عن X، بيان لـ X، بيان من X).
                let author = (0..i).rev().find_map(|k| {
                    (core(&tokens[k]).ends_with("بيان"))
                        .then(|| {
                            (k + 1..(k + 10).min(i)).find_map(|x| {
                                mention_at(x).filter(|m| matches!(m.kind, EntityType::Per | EntityType::Org))
                            })
                        })
                        .flatten()
                });
                match author {
                    Some(m) => (m.entity.clone(), Some(m.text.clone()), "statement"),
                    None => (None, phrase(&words), "subject"),
                }
            } else if vkind == Verb::Participle || words.is_empty() {
                // The subject of the sentence: the first person named after its first verb
                // (وقال الوزير فلان لصحيفة ... مضيفا), else the nearest organisation.
                let clause = (s.first_token..i)
                    .find_map(|k| mention_at(k).filter(|m| m.kind == EntityType::Per))
                    .or_else(|| {
                        (s.first_token..i)
                            .rev()
                            .find_map(|k| mention_at(k).filter(|m| m.kind == EntityType::Org))
                    });
                match (clause, &last_speaker) {
                    (Some(m), _) if vkind == Verb::Participle => (m.entity.clone(), Some(m.text.clone()), "clause"),
                    (_, Some((e, t))) => (e.clone(), t.clone(), "previous"),
                    (Some(m), None) => (m.entity.clone(), Some(m.text.clone()), "clause"),
                    (None, None) => (None, None, "previous"),
                }
            } else {
                (None, phrase(&words), "subject")
            };
            if speaker.is_some() || speaker_text.is_some() {
                last_speaker = Some((speaker.clone(), speaker_text.clone()));
            }
            let vstart = t.core_start();
            out.push(Quote {
                start,
                end,
                text: text[start..end].to_string(),
                kind: kind.to_string(),
                verb: Some(Span::new(vstart, t.end)),
                verb_text: Some(text[vstart..t.end].to_string()),
                speaker,
                speaker_text,
                speaker_from: Some(from.to_string()),
            });
            i = next.max(i + 1);
        }
    }
    out
}

//! Word-level views every layer shares, so that "a word without its clitics" and "a word
//! without its article" mean one thing everywhere (tagger, entities, dates, quotes, events,
//! the store's name keys, the builders).

use rasid_core::{SegmentKind, Token, TokenKind, Word};

use crate::normalize_into;

/// A normalised word without the definite article ال, when at least two letters remain
/// (الخرطوم → خرطوم; ال stays ال; الم stays الم: a two-letter word is not an article and one
/// letter).
pub fn strip_article(w: &str) -> &str {
    w.strip_prefix("ال").filter(|b| b.chars().count() >= 2).unwrap_or(w)
}

/// The matching view of one token of the text layer (see [`Word`] for what each form is).
pub fn word(t: &Token) -> Word {
    if t.kind != TokenKind::Arabic || t.segments.is_empty() {
        return Word {
            form: t.norm.clone(),
            core: t.norm.clone(),
            bare: strip_article(&t.norm).to_string(),
            stem: t.norm.clone(),
            ..Word::default()
        };
    }
    let mut w = Word::default();
    let mut enclitic = String::new();
    for s in &t.segments {
        match s.kind {
            SegmentKind::Proclitic => normalize_into(&s.text, &mut w.proclitics),
            // After ل the article's alef is not written (للخرطوم): it is still ال.
            SegmentKind::Article => {
                w.article = true;
                w.core.push_str("ال");
            }
            SegmentKind::Stem => normalize_into(&s.text, &mut w.stem),
            SegmentKind::Enclitic => normalize_into(&s.text, &mut enclitic),
        }
    }
    w.core.push_str(&w.stem);
    w.form = format!("{}{enclitic}", w.core);
    w.bare = strip_article(&w.core).to_string();
    w.enclitic = (!enclitic.is_empty()).then_some(enclitic);
    w
}

/// The views of a token sequence, one per token.
pub fn words(tokens: &[Token]) -> Vec<Word> {
    tokens.iter().map(word).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_an_article_with_a_word_behind_it() {
        assert_eq!(strip_article("الخرطوم"), "خرطوم");
        assert_eq!(strip_article("ال"), "ال");
        assert_eq!(strip_article("الم"), "الم");
        assert_eq!(strip_article("وزير"), "وزير");
    }

    fn token(kind: TokenKind, norm: &str, segments: &[(&str, SegmentKind)]) -> Token {
        let mut at = 0;
        let segments = segments
            .iter()
            .map(|(text, kind)| {
                let g = rasid_core::Segment {
                    start: at,
                    end: at + text.len(),
                    text: text.to_string(),
                    kind: *kind,
                };
                at += text.len();
                g
            })
            .collect::<Vec<_>>();
        Token {
            start: 0,
            end: at.max(norm.len()),
            text: segments.iter().map(|g| g.text.as_str()).collect(),
            norm: norm.into(),
            kind,
            segments,
            words: Vec::new(),
        }
    }

    #[test]
    fn the_article_after_li_is_restored_and_clitics_are_apart() {
        use SegmentKind::*;
        let w = word(&token(
            TokenKind::Arabic,
            "للسلطه",
            &[("ل", Proclitic), ("ل", Article), ("سلطة", Stem)],
        ));
        assert_eq!(
            (w.form.as_str(), w.core.as_str(), w.bare.as_str()),
            ("السلطه", "السلطه", "سلطه")
        );
        assert_eq!(w.proclitics, "ل");
        assert!(w.article);
        let w = word(&token(
            TokenKind::Arabic,
            "وانه",
            &[("و", Proclitic), ("أن", Stem), ("ه", Enclitic)],
        ));
        assert_eq!((w.form.as_str(), w.core.as_str()), ("انه", "ان"));
        assert_eq!(w.enclitic.as_deref(), Some("ه"));
        assert!(w.starts_with_conjunction());
    }

    #[test]
    fn unsegmented_tokens_are_their_norm() {
        let w = word(&token(TokenKind::Number, "2018", &[]));
        assert_eq!(
            (w.form.as_str(), w.core.as_str(), w.stem.as_str()),
            ("2018", "2018", "2018")
        );
        assert!(w.proclitics.is_empty() && w.enclitic.is_none());
    }
}

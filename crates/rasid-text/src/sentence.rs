//! Sentence boundaries over tokens.
//!
//! Rules, in order:
//! - a line break always ends a sentence (news paragraphs and the title are lines);
//! - `.` `!` `?` `؟` `…` (or a run of them) end a sentence, together with the closing
//!   quotes and brackets right after them;
//! - except inside an open quotation (`"…"`, `«…»`, `“…”`) that started in this sentence,
//!   so that a quoted statement of several sentences stays with its reporting verb;
//! - except after an abbreviation: a single letter (`د.`, `U.S.`), a known Latin
//!   abbreviation (`Mr.`, `Dr.`, `Inc.`), or when a letter or digit follows the period
//!   with no space (`bbc.com` is a URL anyway, but `ع.م` is not a boundary).
//!
//! Numbers like `3.5` are single tokens, so their period never reaches this stage.

use rasid_core::TokenKind;

use crate::tokenize::RawToken;

const LATIN_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "ltd", "co", "corp", "vs", "etc", "no", "gen", "col",
    "lt", "sgt", "capt", "gov", "sen", "rep", "rev", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec",
];

/// Splits `tokens` (from [`crate::tokenize`] over `text`) into sentences, returned as
/// half-open token index ranges. Every token belongs to exactly one sentence.
pub fn split_sentences(text: &str, tokens: &[RawToken]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut first = 0;
    let mut open_quote: Option<char> = None;
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let surf = &text[t.start..t.end];
        // A line break before this token closes the running sentence.
        if i > first && text[tokens[i - 1].end..t.start].contains('\n') {
            out.push((first, i));
            first = i;
            open_quote = None;
        }
        if t.kind == TokenKind::Punct {
            let c = surf.chars().next().unwrap_or(' ');
            match (open_quote, c) {
                (None, '"' | '«' | '“' | '„') => open_quote = Some(c),
                (Some('"'), '"') | (Some('«'), '»') | (Some('“' | '„'), '”' | '“') => {
                    open_quote = None;
                    // `.»` closes the quotation and the sentence together.
                    let prev = tokens[i - 1];
                    if prev.end == t.start && prev.kind == TokenKind::Punct && is_terminal(&text[prev.start..prev.end])
                    {
                        let end = absorb_closers(text, tokens, i + 1);
                        out.push((first, end));
                        first = end;
                        i = end;
                        continue;
                    }
                }
                _ => {}
            }
            if is_terminal(surf) && open_quote.is_none() && !is_abbreviation(text, tokens, i) {
                let end = absorb_closers(text, tokens, i + 1);
                out.push((first, end));
                first = end;
                i = end;
                continue;
            }
        }
        i += 1;
    }
    if first < tokens.len() {
        out.push((first, tokens.len()));
    }
    out
}

/// Closing quotes and brackets glued after a sentence end belong to that sentence.
fn absorb_closers(text: &str, tokens: &[RawToken], mut end: usize) -> usize {
    while end < tokens.len()
        && tokens[end].start == tokens[end - 1].end
        && matches!(
            &text[tokens[end].start..tokens[end].end],
            "\"" | "»" | "”" | ")" | "]" | "’" | "'"
        )
    {
        end += 1;
    }
    end
}

fn is_terminal(surf: &str) -> bool {
    surf.chars().all(|c| matches!(c, '.' | '!' | '?' | '؟' | '…'))
}

fn is_abbreviation(text: &str, tokens: &[RawToken], i: usize) -> bool {
    let t = tokens[i];
    if &text[t.start..t.end] != "." {
        return false;
    }
    // A letter or digit glued to the period on the right: not a sentence end.
    if let Some(n) = tokens.get(i + 1) {
        if n.start == t.end && matches!(n.kind, TokenKind::Arabic | TokenKind::Latin | TokenKind::Number) {
            return true;
        }
    }
    let Some(p) = i.checked_sub(1).map(|j| tokens[j]) else {
        return false;
    };
    if p.end != t.start {
        return false;
    }
    let prev = &text[p.start..p.end];
    match p.kind {
        TokenKind::Arabic | TokenKind::Latin => {
            prev.chars().filter(|c| c.is_alphabetic()).count() == 1
                || (p.kind == TokenKind::Latin && LATIN_ABBREVIATIONS.contains(&prev.to_ascii_lowercase().as_str()))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn sents(s: &str) -> Vec<String> {
        let mut t = Vec::new();
        tokenize(s, &mut t);
        split_sentences(s, &t)
            .into_iter()
            .map(|(a, b)| s[t[a].start..t[b - 1].end].to_string())
            .collect()
    }

    #[test]
    fn periods_question_marks_and_lines() {
        assert_eq!(sents("جاء. ذهب؟ عاد!\nعنوان"), ["جاء.", "ذهب؟", "عاد!", "عنوان"]);
    }

    #[test]
    fn quotes_stay_together_and_closing_quote_is_kept() {
        assert_eq!(
            sents("وقال: \"نحن هنا. وسنبقى.\" ثم غادر. «انتهى.» وعاد."),
            ["وقال: \"نحن هنا. وسنبقى.\"", "ثم غادر.", "«انتهى.»", "وعاد."]
        );
    }

    #[test]
    fn abbreviations_do_not_end_sentences() {
        assert_eq!(
            sents("قال د. أحمد إن U.S. Dr. Smith جاء."),
            ["قال د. أحمد إن U.S. Dr. Smith جاء."]
        );
    }

    #[test]
    fn unclosed_quote_ends_at_the_line() {
        assert_eq!(sents("قال \"نعم. لا\nجديد."), ["قال \"نعم. لا", "جديد."]);
    }
}

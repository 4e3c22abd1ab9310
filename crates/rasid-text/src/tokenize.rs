//! Tokenisation of Arabic news text into words, numbers, punctuation, URLs, e-mail
//! addresses, hashtags and mentions.
//!
//! The scanner works on the original text and emits byte spans into it; it never looks
//! at a normalised copy, so offsets cannot drift. Diacritics, tatweel and invisible joiners
//! inside a word stay inside the word's span (normalisation removes them from `norm`).

use rasid_core::TokenKind;

use crate::chars::{is_arabic_letter, is_arabic_mark, is_digit, is_invisible, is_punct, TATWEEL};

/// A token as the scanner sees it: a byte span into the text and a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RawToken {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Space,
    Invisible,
    ArLetter,
    ArMark,
    Tatweel,
    Digit,
    Letter,
    Punct,
    Symbol,
}

#[inline]
fn class(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            'a'..='z' | 'A'..='Z' => Class::Letter,
            '0'..='9' => Class::Digit,
            ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C' => Class::Space,
            _ if c.is_ascii_punctuation() => Class::Punct,
            _ if c.is_ascii_control() => Class::Space,
            _ => Class::Symbol,
        };
    }
    if c == TATWEEL {
        Class::Tatweel
    } else if is_arabic_letter(c) {
        Class::ArLetter
    } else if is_arabic_mark(c) {
        Class::ArMark
    } else if is_digit(c) {
        Class::Digit
    } else if is_invisible(c) {
        Class::Invisible
    } else if c.is_whitespace() || c.is_control() {
        Class::Space
    } else if is_punct(c) {
        Class::Punct
    } else if c.is_alphabetic() {
        Class::Letter
    } else {
        Class::Symbol
    }
}

struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
}

impl<'a> Scanner<'a> {
    #[inline]
    fn char_at(&self, pos: usize) -> Option<char> {
        if pos >= self.bytes.len() {
            return None;
        }
        let b = self.bytes[pos];
        if b < 0x80 {
            return Some(b as char);
        }
        self.text[pos..].chars().next()
    }

    #[inline]
    fn class_at(&self, pos: usize) -> Option<(Class, char)> {
        self.char_at(pos).map(|c| (class(c), c))
    }

    /// Skips invisible characters from `pos`; returns the next visible position.
    #[inline]
    fn skip_invisible(&self, mut pos: usize) -> usize {
        while let Some((Class::Invisible, c)) = self.class_at(pos) {
            pos += c.len_utf8();
        }
        pos
    }

    /// An Arabic word: letters, marks, joiners between letters, tatweel between letters,
    /// and the tatweel that glues the article to what follows (`الـ84`, `الـCIA`).
    fn arabic_word(&self, start: usize) -> usize {
        let mut pos = start;
        let mut end = start;
        loop {
            match self.class_at(pos) {
                Some((Class::ArLetter | Class::ArMark, c)) => {
                    pos += c.len_utf8();
                    end = pos;
                }
                Some((Class::Invisible, c)) => pos += c.len_utf8(),
                Some((Class::Tatweel, c)) => {
                    let after = self.skip_tatweel_and_invisible(pos + c.len_utf8());
                    match self.class_at(after) {
                        Some((Class::ArLetter | Class::ArMark, _)) => pos = after,
                        _ => {
                            // A trailing tatweel belongs to the word only after the article,
                            // where it marks the article as attached to the next token.
                            if ends_with_article(&self.text[start..end]) {
                                end = after;
                            }
                            return end;
                        }
                    }
                }
                _ => return end,
            }
        }
    }

    fn skip_tatweel_and_invisible(&self, mut pos: usize) -> usize {
        while let Some((Class::Tatweel | Class::Invisible, c)) = self.class_at(pos) {
            pos += c.len_utf8();
        }
        pos
    }

    /// A number: digit runs joined by `, . ٫ ٬ / :` when a digit follows directly.
    fn number(&self, start: usize) -> usize {
        let mut pos = start;
        loop {
            while let Some((Class::Digit, c)) = self.class_at(pos) {
                pos += c.len_utf8();
            }
            match self.char_at(pos) {
                Some(sep @ (',' | '.' | '٫' | '٬' | '/' | ':')) => {
                    let next = pos + sep.len_utf8();
                    if matches!(self.class_at(next), Some((Class::Digit, _))) {
                        pos = next;
                        continue;
                    }
                    return pos;
                }
                _ => return pos,
            }
        }
    }

    /// Letters and digits of a non-Arabic script, with inner apostrophes (`don't`, `O'Neil`).
    fn latin_word(&self, start: usize) -> usize {
        let mut pos = start;
        loop {
            match self.class_at(pos) {
                Some((Class::Letter | Class::Digit, c)) => pos += c.len_utf8(),
                Some((Class::Punct, c @ ('\'' | '’'))) if pos > start => {
                    let next = pos + c.len_utf8();
                    if matches!(self.class_at(next), Some((Class::Letter, _))) {
                        pos = next;
                    } else {
                        return pos;
                    }
                }
                Some((Class::ArMark, c)) if pos > start => pos += c.len_utf8(),
                _ => return pos,
            }
        }
    }

    fn url(&self, start: usize) -> Option<usize> {
        let rest = &self.bytes[start..];
        let has_scheme = |p: &[u8]| rest.len() > p.len() && rest[..p.len()].eq_ignore_ascii_case(p);
        if !(has_scheme(b"http://") || has_scheme(b"https://") || has_scheme(b"www.")) {
            return None;
        }
        let mut pos = start;
        while let Some(c) = self.char_at(pos) {
            if c.is_whitespace() || matches!(c, '"' | '<' | '>' | '«' | '»' | '“' | '”' | '،' | '؛' | '\'') {
                break;
            }
            pos += c.len_utf8();
        }
        // Sentence punctuation right after a URL is not part of it.
        while pos > start {
            let last = self.text[..pos].chars().next_back().unwrap_or(' ');
            if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '؟') {
                pos -= last.len_utf8();
            } else {
                break;
            }
        }
        (pos > start + 4).then_some(pos)
    }

    fn email(&self, start: usize) -> Option<usize> {
        let b = self.bytes;
        let local = |x: u8| x.is_ascii_alphanumeric() || matches!(x, b'.' | b'_' | b'%' | b'+' | b'-');
        let mut pos = start;
        while pos < b.len() && local(b[pos]) {
            pos += 1;
        }
        if pos == start || pos >= b.len() || b[pos] != b'@' {
            return None;
        }
        pos += 1;
        let dom_start = pos;
        let mut last_dot = None;
        while pos < b.len() && (b[pos].is_ascii_alphanumeric() || b[pos] == b'-' || b[pos] == b'.') {
            if b[pos] == b'.' {
                last_dot = Some(pos);
            }
            pos += 1;
        }
        while pos > dom_start && b[pos - 1] == b'.' {
            pos -= 1;
        }
        match last_dot {
            Some(d) if d > dom_start && d + 2 < pos + 1 && pos - d > 2 => Some(pos),
            _ => None,
        }
    }

    /// `#` + word characters and underscores; a trailing underscore is not included.
    fn hashtag(&self, start: usize) -> Option<usize> {
        let mut pos = start + 1;
        let mut end = None;
        while let Some((cl, c)) = self.class_at(pos) {
            match cl {
                Class::ArLetter | Class::ArMark | Class::Letter | Class::Digit => {
                    pos += c.len_utf8();
                    end = Some(pos);
                }
                Class::Tatweel | Class::Invisible => pos += c.len_utf8(),
                Class::Punct if c == '_' => pos += 1,
                _ => break,
            }
        }
        end
    }

    fn mention(&self, start: usize) -> Option<usize> {
        let b = self.bytes;
        let mut pos = start + 1;
        while pos < b.len() && (b[pos].is_ascii_alphanumeric() || b[pos] == b'_') {
            pos += 1;
        }
        (pos > start + 1).then_some(pos)
    }
}

fn ends_with_article(word: &str) -> bool {
    let key: String = word
        .chars()
        .filter(|&c| !is_arabic_mark(c) && !is_invisible(c))
        .collect();
    matches!(
        key.as_str(),
        "ال" | "وال" | "فال" | "بال" | "كال" | "لل" | "ولل" | "فلل" | "وبال" | "فبال"
    )
}

/// Tokenises `text`, appending tokens to `out` (which is not cleared).
///
/// ```
/// let mut toks = Vec::new();
/// rasid_text::tokenize("قال: «نعم» #محمود_عباس", &mut toks);
/// assert_eq!(toks.len(), 6);
/// ```
pub fn tokenize(text: &str, out: &mut Vec<RawToken>) {
    let sc = Scanner {
        text,
        bytes: text.as_bytes(),
    };
    let mut pos = 0;
    let len = text.len();
    while pos < len {
        let c = match sc.char_at(pos) {
            Some(c) => c,
            None => break,
        };
        let cl = class(c);
        let (end, kind) = match cl {
            Class::Space | Class::Invisible => {
                pos += c.len_utf8();
                continue;
            }
            Class::ArLetter | Class::ArMark => (sc.arabic_word(pos), TokenKind::Arabic),
            Class::Letter => {
                if let Some(e) = sc.url(pos) {
                    (e, TokenKind::Url)
                } else if let Some(e) = c.is_ascii().then(|| sc.email(pos)).flatten() {
                    (e, TokenKind::Email)
                } else {
                    (sc.latin_word(pos), TokenKind::Latin)
                }
            }
            Class::Digit => {
                if let Some(e) = c.is_ascii().then(|| sc.email(pos)).flatten() {
                    (e, TokenKind::Email)
                } else {
                    let e = sc.number(pos);
                    // Digits running into Latin letters make one alphanumeric word: 4G, 5km, 3D.
                    match sc.class_at(e) {
                        Some((Class::Letter, _)) => (sc.latin_word(pos), TokenKind::Latin),
                        _ => (e, TokenKind::Number),
                    }
                }
            }
            Class::Tatweel => {
                // A tatweel that starts a word is used as a dash.
                let mut e = pos + c.len_utf8();
                while let Some((Class::Tatweel, t)) = sc.class_at(e) {
                    e += t.len_utf8();
                }
                (e, TokenKind::Punct)
            }
            Class::Punct => {
                if c == '#' {
                    if let Some(e) = sc.hashtag(pos) {
                        out.push(RawToken {
                            start: pos,
                            end: e,
                            kind: TokenKind::Hashtag,
                        });
                        pos = e;
                        continue;
                    }
                } else if c == '@' {
                    if let Some(e) = sc.mention(pos) {
                        out.push(RawToken {
                            start: pos,
                            end: e,
                            kind: TokenKind::Mention,
                        });
                        pos = e;
                        continue;
                    }
                }
                // A run of the same mark is one token: "...", "!!", "؟؟".
                let mut e = pos + c.len_utf8();
                while sc.char_at(e) == Some(c) {
                    e += c.len_utf8();
                }
                (e, TokenKind::Punct)
            }
            Class::Symbol => {
                let mut e = pos + c.len_utf8();
                // Keep emoji modifier and variation sequences with their base.
                while let Some(n) = sc.char_at(e) {
                    if matches!(n, '\u{FE00}'..='\u{FE0F}' | '\u{1F3FB}'..='\u{1F3FF}' | '\u{200D}') {
                        e += n.len_utf8();
                    } else {
                        break;
                    }
                }
                (e, TokenKind::Symbol)
            }
        };
        debug_assert!(end > pos);
        let end = if end <= pos { pos + c.len_utf8() } else { end };
        out.push(RawToken { start: pos, end, kind });
        pos = sc.skip_invisible(end);
    }
}

/// The words of a hashtag token: spans between `#` and `_` separators.
pub fn hashtag_words(text: &str, tok: &RawToken) -> Vec<(usize, usize)> {
    let s = &text[tok.start..tok.end];
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices() {
        if c == '#' || c == '_' {
            if let Some(st) = start.take() {
                out.push((tok.start + st, tok.start + i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(st) = start {
        out.push((tok.start + st, tok.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        let mut v = Vec::new();
        tokenize(s, &mut v);
        v.iter().map(|t| (&s[t.start..t.end], t.kind)).collect()
    }

    #[test]
    fn arabic_punctuation_splits() {
        let t = toks("أعلن السودان، مساء الخميس؛ هل؟ «نعم»");
        let surf: Vec<_> = t.iter().map(|x| x.0).collect();
        assert_eq!(
            surf,
            [
                "أعلن",
                "السودان",
                "،",
                "مساء",
                "الخميس",
                "؛",
                "هل",
                "؟",
                "«",
                "نعم",
                "»"
            ]
        );
    }

    #[test]
    fn numbers_in_three_scripts_and_with_separators() {
        let t = toks("12,5 ١٢٣ 2018/05/12 10:30 ۱۲ 3.5%");
        assert_eq!(
            t,
            [
                ("12,5", TokenKind::Number),
                ("١٢٣", TokenKind::Number),
                ("2018/05/12", TokenKind::Number),
                ("10:30", TokenKind::Number),
                ("۱۲", TokenKind::Number),
                ("3.5", TokenKind::Number),
                ("%", TokenKind::Punct)
            ]
        );
    }

    #[test]
    fn trailing_separator_is_not_part_of_a_number() {
        assert_eq!(
            toks("عام 2015."),
            [
                ("عام", TokenKind::Arabic),
                ("2015", TokenKind::Number),
                (".", TokenKind::Punct)
            ]
        );
        assert_eq!(toks("يونيو/حزيران")[1], ("/", TokenKind::Punct));
    }

    #[test]
    fn urls_emails_hashtags_mentions() {
        let t = toks("زوروا https://www.bbc.com/arabic. أو info@example.org و#محمود_عباس @UN_News");
        assert!(t.contains(&("https://www.bbc.com/arabic", TokenKind::Url)));
        assert!(t.contains(&("info@example.org", TokenKind::Email)));
        assert!(t.contains(&("#محمود_عباس", TokenKind::Hashtag)));
        assert!(t.contains(&("@UN_News", TokenKind::Mention)));
    }

    #[test]
    fn diacritics_tatweel_and_joiners_stay_in_the_word() {
        assert_eq!(toks("جـــديدٌ"), [("جـــديدٌ", TokenKind::Arabic)]);
        assert_eq!(toks("مر\u{200C}حبا"), [("مر\u{200C}حبا", TokenKind::Arabic)]);
        assert_eq!(toks("\u{200F}كلمة\u{200F}"), [("كلمة", TokenKind::Arabic)]);
    }

    #[test]
    fn tatweel_as_dash_and_after_article() {
        assert_eq!(toks("ـ 11")[0], ("ـ", TokenKind::Punct));
        assert_eq!(
            toks("الإحصاءـ")[..],
            [("الإحصاء", TokenKind::Arabic), ("ـ", TokenKind::Punct)]
        );
        assert_eq!(
            toks("الـ84")[..],
            [("الـ", TokenKind::Arabic), ("84", TokenKind::Number)]
        );
    }

    #[test]
    fn latin_words_and_alphanumerics() {
        assert_eq!(
            toks("The Voice 4G O'Neil"),
            [
                ("The", TokenKind::Latin),
                ("Voice", TokenKind::Latin),
                ("4G", TokenKind::Latin),
                ("O'Neil", TokenKind::Latin)
            ]
        );
    }

    #[test]
    fn runs_of_one_mark() {
        assert_eq!(toks("...؟؟")[..], [("...", TokenKind::Punct), ("؟؟", TokenKind::Punct)]);
    }

    #[test]
    fn hashtag_words_are_split_on_underscores() {
        let s = "#محمود_عباس_";
        let mut v = Vec::new();
        tokenize(s, &mut v);
        let w: Vec<_> = hashtag_words(s, &v[0]).into_iter().map(|(a, b)| &s[a..b]).collect();
        assert_eq!(w, ["محمود", "عباس"]);
    }
}

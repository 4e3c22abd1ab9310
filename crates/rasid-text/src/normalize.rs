//! The matching form of Arabic text.
//!
//! Arabic news spells the same word many ways: with or without diacritics, with tatweel
//! for justification, with أ إ آ ٱ or a bare ا, ى or ي at the end, ة or ه, digits in three
//! scripts, presentation-form ligatures from PDFs, and invisible bidi controls pasted from
//! the web. Matching (lexicons, search, coreference) must see one form. The mapping is:
//!
//! | input | output |
//! |---|---|
//! | harakat, shadda, sukun, superscript alef, Quranic marks, tatweel | removed |
//! | أ إ آ ٱ ٲ ٳ | ا |
//! | ى ی (alef maqsura, Farsi yeh), ئ | ي |
//! | ؤ | و |
//! | ة | ه |
//! | ک ڪ (keheh) | ك |
//! | ٠-٩ ۰-۹ | 0-9 |
//! | ٪ ٫ ٬ | % . , |
//! | presentation forms (ﻻ, ﺍ, ...) | their NFKC letters, then the rules above |
//! | ZWNJ, ZWJ, ZWSP, LRM, RLM, bidi embeddings and isolates, ALM, BOM, soft hyphen | removed |
//! | Latin capitals | lower case |
//!
//! This is the normaliser of Elasticsearch's `arabic_normalization` plus digits,
//! presentation forms, invisible characters and hamza carriers. Offsets never come from the
//! normalised string: tokens keep their original span and carry `norm` beside it, and
//! [`normalize_with_map`] returns a byte map for callers that match over a whole text.

use crate::chars::{digit_value, is_arabic_mark, is_invisible, TATWEEL};

/// What normalisation does with one character.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Keep,
    Drop,
    To(char),
    /// A presentation form or other compatibility character: decompose with NFKC first.
    Compat,
    Lower,
}

#[inline]
fn action(c: char) -> Action {
    if c.is_ascii() {
        return if c.is_ascii_uppercase() {
            Action::Lower
        } else {
            Action::Keep
        };
    }
    match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | 'ٲ' | 'ٳ' => Action::To('ا'),
        'ى' | 'ی' | 'ئ' | 'ې' => Action::To('ي'),
        'ؤ' => Action::To('و'),
        'ة' => Action::To('ه'),
        'ک' | 'ڪ' => Action::To('ك'),
        '٪' => Action::To('%'),
        '٫' => Action::To('.'),
        '٬' => Action::To(','),
        TATWEEL => Action::Drop,
        '\u{0600}'..='\u{06FF}' => {
            if is_arabic_mark(c) {
                Action::Drop
            } else if let Some(d) = digit_value(c) {
                Action::To(char::from_digit(d, 10).unwrap_or('0'))
            } else {
                Action::Keep
            }
        }
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}' => {
            if c == '\u{FEFF}' {
                Action::Drop
            } else {
                Action::Compat
            }
        }
        _ if is_invisible(c) => Action::Drop,
        _ if is_arabic_mark(c) => Action::Drop,
        _ if c.is_uppercase() => Action::Lower,
        _ => Action::Keep,
    }
}

/// Appends the normalised form of one character to `out`.
#[inline]
fn push_norm(c: char, out: &mut String) {
    match action(c) {
        Action::Keep => out.push(c),
        Action::Drop => {}
        Action::To(d) => out.push(d),
        Action::Lower => out.extend(c.to_lowercase()),
        Action::Compat => {
            unicode_normalization::char::decompose_compatible(c, |d| {
                // A decomposed presentation form can give a space (isolated harakat): drop it.
                if d != ' ' && action(d) != Action::Compat {
                    push_norm(d, out)
                }
            });
        }
    }
}

/// Appends the normalised form of `s` to `out` (no allocation when `out` has room).
#[inline]
pub fn normalize_into(s: &str, out: &mut String) {
    for c in s.chars() {
        push_norm(c, out);
    }
}

/// The normalised form of `s`.
///
/// ```
/// assert_eq!(rasid_text::normalize("إِلَى الـمدرسةِ ٢٠١٨"), "الي المدرسه 2018");
/// ```
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    normalize_into(s, &mut out);
    out
}

/// A normalised text with a map from its bytes back to the original.
#[derive(Clone, Debug, Default)]
pub struct Normalized {
    pub text: String,
    /// `origin[i]` is the byte offset in the original of the character that produced
    /// normalised byte `i`; one extra entry holds the original length.
    origin: Vec<u32>,
    /// `origin_end[i]` is where that original character ends.
    origin_end: Vec<u32>,
}

impl Normalized {
    /// The original byte span covered by normalised bytes `start..end`.
    ///
    /// `start` and `end` must be char boundaries of `self.text`; the result is always a
    /// pair of char boundaries of the original, covering whole original characters.
    pub fn original_span(&self, start: usize, end: usize) -> (usize, usize) {
        let s = self.origin[start.min(self.origin.len() - 1)] as usize;
        let e = if end == 0 {
            s
        } else {
            self.origin_end[(end - 1).min(self.origin_end.len() - 1)] as usize
        };
        (s, e.max(s))
    }
}

/// Normalises `s` and keeps, for each output byte, the original character it came from.
pub fn normalize_with_map(s: &str) -> Normalized {
    let mut n = Normalized {
        text: String::with_capacity(s.len()),
        origin: Vec::with_capacity(s.len() + 1),
        origin_end: Vec::with_capacity(s.len()),
    };
    let mut buf = String::new();
    for (i, c) in s.char_indices() {
        buf.clear();
        push_norm(c, &mut buf);
        let end = (i + c.len_utf8()) as u32;
        for _ in 0..buf.len() {
            n.origin.push(i as u32);
            n.origin_end.push(end);
        }
        n.text.push_str(&buf);
    }
    n.origin.push(s.len() as u32);
    n
}

/// The light form the segmenter and its lexicon use: marks, tatweel and invisible
/// characters removed, everything else kept. Hamza and alef forms, ة and ى stay apart
/// because clitic boundaries depend on them (على + ه → عليه, حكومة + ه → حكومته).
#[inline]
pub fn is_key_char(c: char) -> bool {
    !(c == TATWEEL || is_arabic_mark(c) || is_invisible(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_the_documented_table() {
        assert_eq!(normalize("أإآٱ"), "اااا");
        assert_eq!(normalize("مستشفى"), "مستشفي");
        assert_eq!(normalize("مسؤول مسئول"), "مسوول مسيول");
        assert_eq!(normalize("الحكومة"), "الحكومه");
        assert_eq!(normalize("٠١٢٣٤٥٦٧٨٩ ۰۱۲"), "0123456789 012");
        assert_eq!(normalize("مُحَمَّدٌ"), "محمد");
        assert_eq!(normalize("جـــديد"), "جديد");
        assert_eq!(normalize("ﻻ"), "لا");
        assert_eq!(normalize("a\u{200F}b\u{200C}c\u{FEFF}"), "abc");
        assert_eq!(normalize("CNN"), "cnn");
        assert_eq!(normalize("٪١٢٫٥"), "%12.5");
    }

    #[test]
    fn map_points_back_to_original_characters() {
        let s = "الـمُدرسة ﻻ";
        let n = normalize_with_map(s);
        assert_eq!(n.text, "المدرسه لا");
        let at = n.text.find("مدرسه").unwrap();
        let (a, b) = n.original_span(at, at + "مدرسه".len());
        assert_eq!(&s[a..b], "مُدرسة");
        let at = n.text.find("لا").unwrap();
        let (a, b) = n.original_span(at, at + "لا".len());
        assert_eq!(&s[a..b], "ﻻ");
    }
}

//! Character classes shared by the tokeniser, the normaliser and the segmenter.

/// Arabic letters proper (not marks, not tatweel, not digits, not punctuation).
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c,
        '\u{0620}'..='\u{063F}'
        | '\u{0641}'..='\u{064A}'
        | '\u{066E}'..='\u{066F}'
        | '\u{0671}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
        | '\u{06FA}'..='\u{06FC}'
        | '\u{06FF}'
        | '\u{0750}'..='\u{077F}'
        | '\u{08A0}'..='\u{08C9}'
        | '\u{FB50}'..='\u{FBB1}'
        | '\u{FBD3}'..='\u{FD3D}'
        | '\u{FD50}'..='\u{FDFB}'
        | '\u{FE80}'..='\u{FEFC}')
}

/// Combining marks that belong to the preceding Arabic letter: harakat, shadda, sukun,
/// superscript alef, Quranic annotation marks, and the spacing presentation forms of
/// harakat (U+FE70..U+FE7F).
#[inline]
pub fn is_arabic_mark(c: char) -> bool {
    matches!(c,
        '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08CA}'..='\u{08FF}'
        | '\u{FE70}'..='\u{FE7F}')
}

pub const TATWEEL: char = '\u{0640}';

/// Invisible format characters: zero-width (non-)joiners and spaces, bidi marks and
/// embeddings, the Arabic letter mark, BOM, soft hyphen. Dropped by normalisation; the
/// tokeniser keeps them inside a word when letters surround them.
#[inline]
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}'
        | '\u{061C}'
        | '\u{180E}'
        | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}'
        | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// Decimal digit in ASCII, Arabic-Indic or Extended Arabic-Indic (Persian) script; returns its value.
#[inline]
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

#[inline]
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// Punctuation the tokeniser emits as `punct` tokens.
#[inline]
pub fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '،' | '؛'
                | '؟'
                | '٪'
                | '٫'
                | '٬'
                | '۔'
                | '؍'
                | '؞'
                | '؉'
                | '؊'
                | '«'
                | '»'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '„'
                | '‹'
                | '›'
                | '‚'
                | '…'
                | '‐'
                ..='―'
                    | '⁃'
                    | '·'
                    | '•'
                    | '﴾'
                    | '﴿'
                    | '〈'
                    | '〉'
                    | '《'
                    | '》'
                    | '【'
                    | '】'
                    | '\u{00A1}'
                    | '\u{00BF}'
                    | '\u{00A7}'
                    | '\u{00B6}'
                    | '\u{2E3A}'
                    | '\u{2E3B}'
        )
}

/// Straight or typographic characters that open or close a quotation.
#[inline]
pub fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”' | '„' | '‹' | '›')
}

use serde::{Deserialize, Serialize};

/// What a token is, decided by the tokeniser from its characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word in Arabic script (diacritics, tatweel and joiners included in its span).
    Arabic,
    /// A word in another alphabetic script (Latin mostly), digits allowed after the first letter.
    Latin,
    /// A number: `12`, `12,5`, `١٢٣`, `2018/05/12`, `10:30`.
    Number,
    /// Punctuation: `.` `،` `؛` `؟` `«` `»` `"` and friends; runs of one mark (`...`) are one token.
    Punct,
    /// Any other visible character (currency signs, emoji, maths).
    Symbol,
    Url,
    Email,
    /// `#محمود_عباس`: one token, its words are given in [`Token::words`].
    Hashtag,
    /// `@user`.
    Mention,
}

impl TokenKind {
    /// Whether the token is a word-like unit that entity tagging and search look at.
    pub fn is_wordlike(self) -> bool {
        matches!(
            self,
            TokenKind::Arabic | TokenKind::Latin | TokenKind::Number | TokenKind::Hashtag
        )
    }
}

/// The role of one clitic segment inside an Arabic word.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    /// و ف ب ل ك س in front of the stem.
    Proclitic,
    /// The definite article ال (or the ل left of it after ل: للسلطة = ل + ل + سلطة).
    Article,
    Stem,
    /// A pronoun suffix: ه ها هم هما هن ك كم كن ي ني نا.
    Enclitic,
}

/// One clitic segment of a token, with its own byte offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub kind: SegmentKind,
}

/// A token of the analysed text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// The surface exactly as in the text: `text == &analysis.text[start..end]`.
    pub text: String,
    /// The form used for matching (see `rasid_text::normalize`).
    pub norm: String,
    pub kind: TokenKind,
    /// Clitic segments of an Arabic word (or of each word of a hashtag); empty otherwise.
    pub segments: Vec<Segment>,
    /// For hashtags only: the words joined by `_`, each with its span.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<crate::Span>,
}

impl Token {
    pub fn span(&self) -> crate::Span {
        crate::Span::new(self.start, self.end)
    }

    /// Where the word starts once attached proclitics (و، ب، ل ...) are left out:
    /// mentions, quotes and verbs are reported from here.
    pub fn core_start(&self) -> usize {
        self.segments
            .iter()
            .find(|g| g.kind != SegmentKind::Proclitic)
            .map(|g| g.start)
            .unwrap_or(self.start)
    }

    /// Where the word ends once an attached pronoun is left out.
    pub fn core_end(&self) -> usize {
        self.segments
            .iter()
            .rev()
            .find(|g| g.kind != SegmentKind::Enclitic)
            .map(|g| g.end)
            .unwrap_or(self.end)
    }

    /// The stem segment, if the token was segmented.
    pub fn stem(&self) -> Option<&Segment> {
        self.segments.iter().find(|s| s.kind == SegmentKind::Stem)
    }
}

/// A sentence: a byte span and the half-open range of token indices it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Index of the first token in `Analysis::tokens`.
    pub first_token: usize,
    /// One past the index of the last token.
    pub end_token: usize,
}

/// A token as the stages match it, computed once per token by the text layer
/// (`rasid_text::words::word`) so that "the word without its clitics" means one thing in
/// every stage. All forms are normalised (`rasid_text::normalize`).
///
/// | token | `form` | `core` | `bare` | `stem` | `proclitics` | `enclitic` |
/// |---|---|---|---|---|---|---|
/// | وبالخرطوم | الخرطوم | الخرطوم | خرطوم | خرطوم | وب | |
/// | للسلطة | السلطه | السلطه | سلطه | سلطه | ل | |
/// | وأنه | انه | ان | ان | ان | و | ه |
/// | 2018 | 2018 | 2018 | 2018 | 2018 | | |
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word {
    /// Without proclitics, the pronoun suffix kept, the article always written ال (the text
    /// writes it ل after ل: للسلطة is ل + ل + سلطة, and its word is السلطة). Tokens that are
    /// not segmented Arabic words: the token's `norm`.
    pub form: String,
    /// `form` without the pronoun suffix.
    pub core: String,
    /// `core` without the article, when two letters or more remain (`rasid_text::strip_article`).
    pub bare: String,
    /// The segmenter's stem alone (`core` without an article segment). It differs from
    /// `bare` where the segmenter kept a word-initial ال as part of the stem (التقى).
    pub stem: String,
    /// The proclitic letters in order (و، ف، ب، ل، ك، س), e.g. `وب`.
    pub proclitics: String,
    /// The pronoun suffix, if any (ه، ها، هم ...).
    pub enclitic: Option<String>,
    /// Whether the segmenter found the article.
    pub article: bool,
}

impl Word {
    /// Whether `c` is one of the token's proclitics.
    pub fn has_proclitic(&self, c: char) -> bool {
        self.proclitics.contains(c)
    }

    /// Whether the first proclitic is the conjunction و or ف (a new phrase starts here).
    pub fn starts_with_conjunction(&self) -> bool {
        self.proclitics.starts_with(['و', 'ف'])
    }
}

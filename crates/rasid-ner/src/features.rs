//! Feature extraction for the tagger. Every feature is a 64-bit hash of a template id and
//! strings (see [`crate::hash`]); groups can be switched off to measure what each buys.

use rasid_core::{Token, TokenKind, Word};
use rasid_text::{normalize, Segmenter};

use crate::clusters::Clusters;
use crate::gazetteer::{Gazetteer, FLAG_NAMES};
use crate::hash::FeatHash;
use crate::priors::Priors;

/// Feature groups, as bits.
pub mod group {
    /// The normalised word itself.
    pub const WORD: u32 = 1;
    /// Clitic segmentation: the word without proclitics/pronouns, without the article, the proclitics.
    pub const STEM: u32 = 2;
    /// First and last letters of the stem.
    pub const AFFIX: u32 = 4;
    /// Script, digits, length, sentence position.
    pub const SHAPE: u32 = 8;
    /// Words and stems around the token.
    pub const CONTEXT: u32 = 16;
    /// Gazetteer membership of the token, of runs of tokens, and of neighbours.
    pub const GAZETTEER: u32 = 32;
    /// Word clusters learned from unlabelled news, for the token and its neighbours.
    pub const CLUSTERS: u32 = 64;
    /// Entity priors of the token and its neighbours, learned from unlabelled news
    /// ([`crate::priors`]).
    pub const PRIORS: u32 = 128;
    /// How a first-stage tagger tagged the same word elsewhere in the document: a second
    /// stage with these features makes a document's mentions of a name agree.
    pub const DOCUMENT: u32 = 256;
    /// The genre of the surrounding text (sport, economy, ...), read from the genre lifts of
    /// the words around ([`crate::features::genres`]), with the token's prior, cluster and
    /// gazetteer flags and the word before it.
    pub const GENRE: u32 = 512;
    /// Quotation marks around the token: titles of programmes, books and films, names of
    /// newspapers and stadiums, car models are often quoted (« ... »), and the word before
    /// the opening mark says which (برنامج، بعنوان، صحيفة، استاد).
    pub const QUOTE: u32 = 1024;
    pub const ALL: u32 = 2047;
    pub const NAMES: [(u32, &str); 11] = [
        (WORD, "word"),
        (STEM, "stem"),
        (AFFIX, "affix"),
        (SHAPE, "shape"),
        (CONTEXT, "context"),
        (GAZETTEER, "gazetteer"),
        (CLUSTERS, "clusters"),
        (PRIORS, "priors"),
        (DOCUMENT, "document"),
        (GENRE, "genre"),
        (QUOTE, "quote"),
    ];
}

/// Quotations longer than this many tokens are not titles; their words get no quote features.
const MAX_QUOTED: usize = 8;

/// A quotation around a token: `before` is the position of its (first) opening mark, whose
/// previous word names what is quoted; `open` and `close` are the marks next to the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Quote {
    pub before: usize,
    pub open: usize,
    pub close: usize,
}

/// For each token, the quotation around it, if it is inside one of at most [`MAX_QUOTED`]
/// tokens in the sentence. « » and “ ” pair as opening and closing; a straight mark (" or ')
/// closes the open one of its kind or opens one; ANERcorp's doubled ' ' is one mark.
pub fn quote_spans(toks: &[TokenView]) -> Vec<Option<Quote>> {
    let mut out = vec![None; toks.len()];
    // Open marks: (closing mark expected, first position, last position).
    let mut open: Vec<(&str, usize, usize)> = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let closes = match t.norm.as_str() {
            "«" => {
                open.push(("»", i, i));
                continue;
            }
            "“" => {
                open.push(("”", i, i));
                continue;
            }
            m @ ("\"" | "'" | "''") => {
                // ' ' (ANERcorp's ″) is one mark; " " stays two, so that "a" "b" is two
                // quotations.
                if m == "'" && i > 0 && toks[i - 1].norm == m {
                    if let Some(o) = open.iter_mut().rev().find(|o| o.0 == m && o.2 == i - 1) {
                        o.2 = i;
                    }
                    continue;
                }
                if !open.iter().any(|o| o.0 == m) {
                    open.push((m, i, i));
                    continue;
                }
                m
            }
            m @ ("»" | "”") => m,
            _ => continue,
        };
        // Close the innermost open mark of this kind; marks opened inside it and never
        // closed are dropped.
        if let Some(k) = open.iter().rposition(|o| o.0 == closes) {
            let (_, before, start) = open[k];
            open.truncate(k);
            if i - start - 1 <= MAX_QUOTED {
                let q = Quote {
                    before,
                    open: start,
                    close: i,
                };
                // Innermost quotation first: an inner one has closed before its outer one.
                for slot in out[start + 1..i].iter_mut().filter(|s| s.is_none()) {
                    *slot = Some(q);
                }
            }
        }
    }
    out
}

/// What the features see of one token.
#[derive(Clone, Debug, Default)]
pub struct TokenView {
    /// Normalised surface.
    pub norm: String,
    /// Normalised word without proclitics and pronoun suffix, article kept (بالخرطوم → الخرطوم).
    pub core: String,
    /// `core` without the article (خرطوم).
    pub bare: String,
    /// The proclitics, e.g. `و+ب`, or empty.
    pub procl: String,
    pub enclitic: bool,
    pub shape: u8,
}

const SHAPE_ARABIC: u8 = 0;
const SHAPE_LATIN: u8 = 1;
const SHAPE_NUMBER: u8 = 2;
const SHAPE_PUNCT: u8 = 3;
const SHAPE_OTHER: u8 = 4;

impl TokenView {
    /// A test token: `w` as its surface, stem and bare stem.
    #[cfg(test)]
    pub(crate) fn plain(w: &str) -> TokenView {
        TokenView {
            norm: w.into(),
            core: w.into(),
            bare: w.into(),
            ..TokenView::default()
        }
    }

    /// From a token of the analysis (segments already computed).
    pub fn from_token(t: &Token) -> TokenView {
        TokenView::of(t, &rasid_text::word(t))
    }

    /// From a token and its word view of the text layer (`rasid_text::word`): the tagger
    /// reads the same stem and clitics as every other stage.
    pub fn of(t: &Token, w: &Word) -> TokenView {
        let shape = match t.kind {
            TokenKind::Arabic | TokenKind::Hashtag => SHAPE_ARABIC,
            TokenKind::Latin => SHAPE_LATIN,
            TokenKind::Number => SHAPE_NUMBER,
            TokenKind::Punct => SHAPE_PUNCT,
            _ => SHAPE_OTHER,
        };
        // The feature strings spell the proclitics `و+ب`, as the shipped model learned them.
        let mut procl = String::with_capacity(w.proclitics.len() * 2);
        for c in w.proclitics.chars() {
            if !procl.is_empty() {
                procl.push('+');
            }
            procl.push(c);
        }
        TokenView {
            norm: t.norm.clone(),
            core: w.core.clone(),
            bare: w.stem.clone(),
            procl,
            enclitic: w.enclitic.is_some(),
            shape,
        }
    }

    /// From a pre-tokenised word (CoNLL input): its Arabic letters are segmented as one word.
    pub fn from_word(word: &str, seg: &Segmenter) -> TokenView {
        let mut raw = Vec::new();
        rasid_text::tokenize(word, &mut raw);
        let kind = match raw.as_slice() {
            [one] if one.start == 0 && one.end == word.len() => one.kind,
            [] => TokenKind::Punct,
            many => {
                if many.iter().any(|t| t.kind == TokenKind::Arabic) {
                    TokenKind::Arabic
                } else {
                    many[0].kind
                }
            }
        };
        let single_arabic =
            matches!(raw.as_slice(), [one] if one.kind == TokenKind::Arabic && one.end - one.start == word.len());
        let mut segments = Vec::new();
        if single_arabic {
            let mut pieces = Vec::new();
            seg.segment(word, 0, &mut pieces);
            segments = pieces
                .iter()
                .map(|p| rasid_core::Segment {
                    start: p.start,
                    end: p.end,
                    text: word[p.start..p.end].to_string(),
                    kind: p.kind,
                })
                .collect();
        }
        let tok = Token {
            start: 0,
            end: word.len(),
            text: word.to_string(),
            norm: normalize(word),
            kind: if single_arabic {
                TokenKind::Arabic
            } else if kind == TokenKind::Arabic {
                TokenKind::Symbol
            } else {
                kind
            },
            segments,
            words: Vec::new(),
        };
        TokenView::from_token(&tok)
    }
}

/// Version of what [`Extractor::sentence`] computes. A model stores the version it was
/// trained with and refuses to load under another: change this number with any change to
/// the features (templates, lookups, hashing).
pub const FEATURES_VERSION: u32 = 6;

// Template ids. Never renumber within a model format version.
const T_BIAS: u8 = 0;
const T_WORD: u8 = 1;
const T_CORE: u8 = 2;
const T_BARE: u8 = 3;
const T_PROCL: u8 = 4;
const T_ENCL: u8 = 5;
const T_PRE: u8 = 6;
const T_SUF: u8 = 7;
const T_SHAPE: u8 = 8;
const T_LEN: u8 = 9;
const T_FIRST: u8 = 10;
const T_CTX_WORD: u8 = 11;
const T_CTX_CORE: u8 = 12;
const T_BIGRAM: u8 = 13;
const T_GAZ: u8 = 14;
const T_GAZ_RUN: u8 = 15;
const T_GAZ_CTX: u8 = 16;
const T_CLUSTER: u8 = 17;
const T_CLUSTER_CTX: u8 = 18;
const T_CTX_SHAPE: u8 = 19;
const T_PRIOR: u8 = 20;
const T_PRIOR_CTX: u8 = 21;
const T_DOC: u8 = 22;
const T_GENRE: u8 = 23;
const T_QUOTE: u8 = 24;

/// Sentences before and after a sentence whose words decide its genre.
pub const GENRE_WINDOW: usize = 3;

/// Mean genre lifts (times [`crate::priors::LIFT_ONE`]) at or above which the text counts
/// as of a genre: weakly, strongly. (These and the window were set before measuring; windows
/// of 1 and 6 sentences and levels of 60/80 or 70/95 all scored lower on the development
/// set, means of three seeds.)
const GENRE_LEVELS: [u32; 2] = [65, 85];

/// The genre of each sentence, from the words of the sentences up to [`GENRE_WINDOW`]
/// before and after it: for each genre, the mean lift of the Arabic words that have a
/// prior; the genre with the highest mean, if it reaches a level of [`GENRE_LEVELS`].
/// 0 is no particular genre; `1 + 2 * genre + level` otherwise.
pub fn genres<S: AsRef<[TokenView]>>(sentences: &[S], priors: &Priors) -> Vec<u8> {
    const NG: usize = crate::priors::GENRES.len();
    // Per sentence: the sum of each genre's lifts and the number of words summed.
    let sums: Vec<([u32; NG], u32)> = sentences
        .iter()
        .map(|s| {
            let mut acc = ([0u32; NG], 0u32);
            for t in s.as_ref() {
                if t.shape != SHAPE_ARABIC {
                    continue;
                }
                if let Some(p) = priors.get(&t.core) {
                    for (a, &l) in acc.0.iter_mut().zip(&p.genres) {
                        *a += l as u32;
                    }
                    acc.1 += 1;
                }
            }
            acc
        })
        .collect();
    let n = sums.len();
    (0..n)
        .map(|i| {
            let (lo, hi) = (i.saturating_sub(GENRE_WINDOW), (i + GENRE_WINDOW + 1).min(n));
            let mut tot = [0u32; NG];
            let mut words = 0u32;
            for (s, w) in &sums[lo..hi] {
                for g in 0..NG {
                    tot[g] += s[g];
                }
                words += w;
            }
            if words == 0 {
                return 0;
            }
            let (g, best) = tot
                .iter()
                .enumerate()
                .max_by_key(|x| (*x.1, std::cmp::Reverse(x.0)))
                .expect("genres");
            let mean = best / words;
            match GENRE_LEVELS.iter().take_while(|&&l| mean >= l).count() {
                0 => 0,
                level => (1 + 2 * g + level - 1) as u8,
            }
        })
        .collect()
}

/// How the other occurrences of a word nearby were tagged by the first stage: counts of O,
/// PER, LOC, ORG, MISC.
pub type DocCounts = [u16; 5];

/// The entity type of a tag index as a [`DocCounts`] slot: 0 for O, then PER, LOC, ORG, MISC.
#[inline]
fn doc_slot(tag: usize) -> usize {
    if tag == 0 {
        0
    } else {
        1 + (tag - 1) / 2
    }
}

/// For every token of every sentence, the first-stage tags of the same word (its key, as
/// for clusters) in the sentences up to `window` before and after, the token itself left
/// out. Non-Arabic tokens get zero counts. A sliding window: linear in the text.
pub fn document_counts<S: AsRef<[TokenView]>>(
    sentences: &[S],
    tags: &[Vec<usize>],
    window: usize,
) -> Vec<Vec<DocCounts>> {
    use std::collections::HashMap;
    // Keyed by a 64-bit hash of the word (through the identity hasher): cheaper than
    // hashing the string in the map, and a collision is as likely as in the feature hashes.
    type Counts = HashMap<u64, [u32; 5], crate::hash::IdentityBuild>;
    let key = |t: &TokenView| FeatHash::new(T_DOC).str(&t.core).finish();
    let change = |toks: &[TokenView], tags: &[usize], add: bool, counts: &mut Counts| {
        for (t, &tag) in toks.iter().zip(tags) {
            if t.shape == SHAPE_ARABIC && !t.core.is_empty() {
                let c = counts.entry(key(t)).or_default();
                let slot = &mut c[doc_slot(tag)];
                *slot = if add { *slot + 1 } else { slot.saturating_sub(1) };
            }
        }
    };
    let n = sentences.len();
    let mut counts = Counts::default();
    let (mut lo, mut hi) = (0usize, 0usize);
    let mut out = Vec::with_capacity(n);
    for s in 0..n {
        while hi < n && hi <= s.saturating_add(window) {
            change(sentences[hi].as_ref(), &tags[hi], true, &mut counts);
            hi += 1;
        }
        while lo < s.saturating_sub(window) {
            change(sentences[lo].as_ref(), &tags[lo], false, &mut counts);
            lo += 1;
        }
        let row = sentences[s]
            .as_ref()
            .iter()
            .zip(&tags[s])
            .map(|(t, &tag)| {
                let mut c = [0u16; 5];
                if t.shape == SHAPE_ARABIC && !t.core.is_empty() {
                    if let Some(all) = counts.get(&key(t)) {
                        for k in 0..5 {
                            c[k] = all[k].min(u16::MAX as u32) as u16;
                        }
                        c[doc_slot(tag)] = c[doc_slot(tag)].saturating_sub(1);
                    }
                }
                c
            })
            .collect();
        out.push(row);
    }
    out
}

/// The document features of one token from its [`DocCounts`].
pub fn document_features(c: &DocCounts, f: &mut Vec<u64>) {
    let named: u32 = c[1..].iter().map(|&x| x as u32).sum();
    let total = named + c[0] as u32;
    if total == 0 {
        f.push(FeatHash::new(T_DOC).num(0).finish());
        return;
    }
    if named == 0 {
        f.push(FeatHash::new(T_DOC).num(1).finish());
        return;
    }
    let (ty, k) = (1..5)
        .map(|t| (t, c[t] as u32))
        .max_by_key(|x| (x.1, std::cmp::Reverse(x.0)))
        .expect("types");
    // The share tagged as a name: a third or less, up to two thirds, more, all.
    let share = if named == total { 3 } else { (named * 3 / total).min(2) };
    f.push(FeatHash::new(T_DOC).num(2).num(ty as u64).num(share as u64).finish());
    f.push(FeatHash::new(T_DOC).num(3).num(ty as u64).finish());
    if k < named {
        f.push(FeatHash::new(T_DOC).num(4).finish());
    }
}

/// What the features look words up in. A model file stores all three.
pub struct Lexicons {
    pub gazetteer: Gazetteer,
    pub clusters: Clusters,
    pub priors: Priors,
}

impl Lexicons {
    pub fn empty() -> Lexicons {
        Lexicons {
            gazetteer: Gazetteer::empty(),
            clusters: Clusters::empty(),
            priors: Priors::empty(),
        }
    }
}

/// Computes features of whole sentences.
pub struct Extractor<'a> {
    pub lexicons: &'a Lexicons,
    pub groups: u32,
}

/// Features of a sentence: `feats[offsets[i]..offsets[i + 1]]` belong to token `i`.
#[derive(Default, Clone, Debug)]
pub struct SentenceFeatures {
    pub feats: Vec<u64>,
    pub offsets: Vec<usize>,
}

impl SentenceFeatures {
    pub fn token(&self, i: usize) -> &[u64] {
        &self.feats[self.offsets[i]..self.offsets[i + 1]]
    }
    pub fn len(&self) -> usize {
        self.offsets.len().saturating_sub(1)
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Extractor<'_> {
    /// The genre of each sentence of a stream ([`genres`]), or all 0 with the genre group off.
    pub fn genres<S: AsRef<[TokenView]>>(&self, sentences: &[S]) -> Vec<u8> {
        if self.groups & group::GENRE != 0 {
            genres(sentences, &self.lexicons.priors)
        } else {
            vec![0; sentences.len()]
        }
    }

    /// Features of a sentence without document features.
    pub fn sentence(&self, toks: &[TokenView], out: &mut SentenceFeatures) {
        self.sentence_in(toks, &[], 0, out)
    }

    /// Features of a sentence; `doc` (one entry per token, or empty) gives the document
    /// features when the document group is on, `genre` (from [`genres`]) the genre features
    /// when the genre group is on.
    pub fn sentence_in(&self, toks: &[TokenView], doc: &[DocCounts], genre: u8, out: &mut SentenceFeatures) {
        out.feats.clear();
        out.offsets.clear();
        let g = self.groups;
        let lk = self.lookups(toks);
        for (i, t) in toks.iter().enumerate() {
            out.offsets.push(out.feats.len());
            let f = &mut out.feats;
            f.push(FeatHash::new(T_BIAS).finish());
            if g & group::WORD != 0 {
                f.push(FeatHash::new(T_WORD).str(&t.norm).finish());
            }
            if g & group::STEM != 0 {
                stem_features(t, f);
            }
            if g & group::AFFIX != 0 && t.shape == SHAPE_ARABIC {
                affix_features(t, f);
            }
            if g & group::SHAPE != 0 {
                shape_features(toks, i, f);
            }
            if g & group::CONTEXT != 0 {
                context_features(toks, i, g, f);
            }
            if g & group::GAZETTEER != 0 {
                gazetteer_features(&lk, i, f);
            }
            if g & group::CLUSTERS != 0 {
                cluster_features(toks, &lk, i, g, f);
            }
            if g & group::PRIORS != 0 {
                prior_features(&lk, i, f);
            }
            if g & group::DOCUMENT != 0 {
                if let Some(c) = doc.get(i) {
                    document_features(c, f);
                }
            }
            if let Some(&Some(q)) = lk.quoted.get(i) {
                quote_features(toks, q, i, f);
            }
            if g & group::GENRE != 0 && genre != 0 {
                genre_features(toks, &lk, i, genre, f);
            }
        }
        out.offsets.push(out.feats.len());
    }

    /// What the lexicons say about each token, looked up before any token's features
    /// (a token's features read its neighbours' entries too). Each part is empty or all
    /// `None`/0 when its group is off.
    fn lookups(&self, toks: &[TokenView]) -> Lookups {
        let n = toks.len();
        let g = self.groups;
        let mut lk = Lookups {
            single: vec![0u8; n],
            run_b: vec![0u8; n],
            run_i: vec![0u8; n],
            clusters: vec![None; n],
            priors: vec![None; n],
            quoted: Vec::new(),
        };
        if g & group::GAZETTEER != 0 {
            self.gazetteer_runs(toks, &mut lk);
        }
        if g & group::CLUSTERS != 0 {
            for (c, t) in lk.clusters.iter_mut().zip(toks) {
                *c = self.lexicons.clusters.get(&t.core);
            }
        }
        if g & group::PRIORS != 0 {
            for (p, t) in lk.priors.iter_mut().zip(toks) {
                if t.shape == SHAPE_ARABIC {
                    *p = self.lexicons.priors.get(&t.core);
                }
            }
        }
        if g & group::QUOTE != 0 {
            lk.quoted = quote_spans(toks);
        }
        lk
    }

    /// Gazetteer entries of each token alone, and for each token the flags of runs of
    /// Arabic words it starts (B) or continues (I).
    fn gazetteer_runs(&self, toks: &[TokenView], lk: &mut Lookups) {
        let n = toks.len();
        let gaz = &self.lexicons.gazetteer;
        for i in 0..n {
            // Role words are listed bare (رئيس), names with their article (السودان).
            lk.single[i] = gaz.get(&toks[i].core) | gaz.get(&toks[i].bare);
            if toks[i].shape != SHAPE_ARABIC {
                continue;
            }
            let mut walk = gaz.walk();
            if !walk.feed(toks[i].core.as_bytes()) {
                continue;
            }
            for j in i + 1..n.min(i + gaz.max_words()) {
                if toks[j].shape != SHAPE_ARABIC || !walk.feed(b" ") || !walk.feed(toks[j].core.as_bytes()) {
                    break;
                }
                let f = walk.flags();
                if f != 0 {
                    lk.run_b[i] |= f;
                    for r in &mut lk.run_i[i + 1..=j] {
                        *r |= f;
                    }
                }
            }
        }
    }
}

/// The lexicon entries of a sentence's tokens ([`Extractor::lookups`]).
struct Lookups {
    /// Gazetteer flags of the token alone.
    single: Vec<u8>,
    /// Flags of the gazetteer runs the token starts.
    run_b: Vec<u8>,
    /// Flags of the gazetteer runs the token continues.
    run_i: Vec<u8>,
    clusters: Vec<Option<[u16; 3]>>,
    priors: Vec<Option<crate::priors::Prior>>,
    /// The quotation each token is inside (empty with the quote group off).
    quoted: Vec<Option<Quote>>,
}

/// The core (the word without clitics), bare form, proclitics and whether a pronoun is attached.
fn stem_features(t: &TokenView, f: &mut Vec<u64>) {
    f.push(FeatHash::new(T_CORE).str(&t.core).finish());
    f.push(FeatHash::new(T_BARE).str(&t.bare).finish());
    f.push(FeatHash::new(T_PROCL).str(&t.procl).finish());
    if t.enclitic {
        f.push(FeatHash::new(T_ENCL).finish());
    }
}

/// The first and last one to three letters of the bare form.
fn affix_features(t: &TokenView, f: &mut Vec<u64>) {
    let b = t.bare.as_str();
    let mut front = b.char_indices().map(|(i, _)| i).skip(1).chain(std::iter::once(b.len()));
    let mut back = b.char_indices().rev().map(|(i, _)| i);
    for k in 1..=3u64 {
        let (Some(p), Some(s)) = (front.next(), back.next()) else {
            break;
        };
        f.push(FeatHash::new(T_PRE).num(k).str(&b[..p]).finish());
        f.push(FeatHash::new(T_SUF).num(k).str(&b[s..]).finish());
    }
}

/// The token's shape and length, whether it starts the sentence, its neighbours' shapes.
fn shape_features(toks: &[TokenView], i: usize, f: &mut Vec<u64>) {
    let t = &toks[i];
    f.push(FeatHash::new(T_SHAPE).num(t.shape as u64).finish());
    f.push(FeatHash::new(T_LEN).num(t.bare.chars().count().min(10) as u64).finish());
    if i == 0 {
        f.push(FeatHash::new(T_FIRST).finish());
    }
    for (o, dir) in [(i.wrapping_sub(1), 0u64), (i + 1, 1)] {
        let s = toks.get(o).map(|x| x.shape as u64).unwrap_or(9);
        f.push(FeatHash::new(T_CTX_SHAPE).num(dir).num(s).finish());
    }
}

/// The words and cores two tokens either side, and (with the stem group) the bigrams.
fn context_features(toks: &[TokenView], i: usize, g: u32, f: &mut Vec<u64>) {
    let n = toks.len();
    let t = &toks[i];
    for (k, o) in [(0u64, -2i64), (1, -1), (2, 1), (3, 2)] {
        let j = i as i64 + o;
        let (w, c) = if j < 0 || j >= n as i64 {
            ("<s>", "<s>")
        } else {
            (toks[j as usize].norm.as_str(), toks[j as usize].core.as_str())
        };
        if o.abs() == 1 {
            f.push(FeatHash::new(T_CTX_WORD).num(k).str(w).finish());
        }
        f.push(FeatHash::new(T_CTX_CORE).num(k).str(c).finish());
    }
    // Bigrams name the word itself: without the stem group the context group
    // must see only the neighbours (the context-only tagger of `crate::priors`).
    if g & group::STEM != 0 {
        let prev = if i > 0 { toks[i - 1].core.as_str() } else { "<s>" };
        let next = toks.get(i + 1).map(|x| x.core.as_str()).unwrap_or("<s>");
        f.push(FeatHash::new(T_BIGRAM).num(0).str(prev).str(&t.core).finish());
        f.push(FeatHash::new(T_BIGRAM).num(1).str(&t.core).str(next).finish());
    }
}

/// Per gazetteer flag: the token's entry, the runs it starts and continues, and the
/// entries of the token before, after and two before.
fn gazetteer_features(lk: &Lookups, i: usize, f: &mut Vec<u64>) {
    let (single, n) = (&lk.single, lk.single.len());
    for (bit, _) in FLAG_NAMES {
        if single[i] & bit != 0 {
            f.push(FeatHash::new(T_GAZ).num(bit as u64).finish());
        }
        if lk.run_b[i] & bit != 0 {
            f.push(FeatHash::new(T_GAZ_RUN).num(bit as u64).num(0).finish());
        }
        if lk.run_i[i] & bit != 0 {
            f.push(FeatHash::new(T_GAZ_RUN).num(bit as u64).num(1).finish());
        }
        if i > 0 && single[i - 1] & bit != 0 {
            f.push(FeatHash::new(T_GAZ_CTX).num(0).num(bit as u64).finish());
        }
        if i + 1 < n && single[i + 1] & bit != 0 {
            f.push(FeatHash::new(T_GAZ_CTX).num(1).num(bit as u64).finish());
        }
        if i > 1 && single[i - 2] & bit != 0 {
            f.push(FeatHash::new(T_GAZ_CTX).num(2).num(bit as u64).finish());
        }
    }
}

/// The token's cluster at every level, its neighbours' middle-level clusters, and (with
/// the context group) the word before with this word's cluster.
fn cluster_features(toks: &[TokenView], lk: &Lookups, i: usize, g: u32, f: &mut Vec<u64>) {
    let clusters = &lk.clusters;
    match clusters[i] {
        Some(c) => {
            for (level, id) in c.iter().enumerate() {
                f.push(FeatHash::new(T_CLUSTER).num(level as u64).num(*id as u64).finish());
            }
        }
        None => f.push(FeatHash::new(T_CLUSTER).num(9).finish()),
    }
    for (k, j) in [
        (0u64, i.wrapping_sub(1)),
        (1, i + 1),
        (2, i.wrapping_sub(2)),
        (3, i + 2),
    ] {
        let id = toks
            .get(j)
            .and(clusters.get(j).copied().flatten())
            .map(|c| c[1] as u64)
            .unwrap_or(u64::MAX);
        f.push(FeatHash::new(T_CLUSTER_CTX).num(k).num(id).finish());
    }
    // The word before with this word's cluster: "الرئيس" + a surname-like cluster.
    if g & group::CONTEXT != 0 {
        let prev = if i > 0 { toks[i - 1].core.as_str() } else { "<s>" };
        let id = clusters[i].map(|c| c[1] as u64).unwrap_or(u64::MAX);
        f.push(FeatHash::new(T_CLUSTER_CTX).num(4).str(prev).num(id).finish());
    }
}

/// The token's entity prior per type and overall, and its neighbours' strongest type.
fn prior_features(lk: &Lookups, i: usize, f: &mut Vec<u64>) {
    let priors = &lk.priors;
    match priors[i] {
        Some(p) => {
            for (ty, &bin) in p.types.iter().enumerate() {
                if bin > 0 {
                    f.push(FeatHash::new(T_PRIOR).num(ty as u64).num(bin as u64).finish());
                }
            }
            f.push(FeatHash::new(T_PRIOR).num(8).num(p.any as u64).finish());
            let seen = (p.frequency / 3) as u64;
            f.push(FeatHash::new(T_PRIOR).num(9).num(p.any as u64).num(seen).finish());
        }
        None => f.push(FeatHash::new(T_PRIOR).num(10).finish()),
    }
    for (dir, j) in [(0u64, i.wrapping_sub(1)), (1, i + 1)] {
        if let Some(Some(p)) = priors.get(j) {
            let (ty, bin) = p
                .types
                .iter()
                .enumerate()
                .max_by_key(|x| (*x.1, std::cmp::Reverse(x.0)))
                .expect("four types");
            if *bin >= 2 {
                f.push(
                    FeatHash::new(T_PRIOR_CTX)
                        .num(dir)
                        .num(ty as u64)
                        .num(*bin as u64)
                        .finish(),
                );
            }
        }
    }
}

/// Inside quotation `q`: its length, the token's place in it and the word before it.
fn quote_features(toks: &[TokenView], q: Quote, i: usize, f: &mut Vec<u64>) {
    let before = if q.before > 0 {
        toks[q.before - 1].core.as_str()
    } else {
        "<s>"
    };
    let len = (q.close - q.open - 1).min(4) as u64;
    let pos = (i - q.open - 1).min(2) as u64;
    let qh = || FeatHash::new(T_QUOTE);
    f.push(qh().num(0).num(len).finish());
    f.push(qh().num(1).num(pos).finish());
    f.push(qh().num(2).str(before).finish());
    f.push(qh().num(3).str(before).num(pos.min(1)).finish());
}

/// The genre of the passage (not 0) alone and with the token's prior, cluster,
/// gazetteer entries and the word before.
fn genre_features(toks: &[TokenView], lk: &Lookups, i: usize, genre: u8, f: &mut Vec<u64>) {
    // The genre alone is a per-genre bias; its conjunctions turn a place-like
    // prior into a club, a common noun into a car maker.
    // (The word itself with the genre added features and no F1; the next word
    // and the neighbours' clusters with the genre cost 0.6, mean of 3 seeds.)
    let gh = || FeatHash::new(T_GENRE).num(genre as u64);
    f.push(gh().num(0).finish());
    if let Some(p) = lk.priors[i] {
        for (ty, &bin) in p.types.iter().enumerate() {
            if bin > 0 {
                f.push(gh().num(2).num(ty as u64).num(bin as u64).finish());
            }
        }
        f.push(gh().num(3).num(p.any as u64).finish());
    }
    if let Some(c) = lk.clusters[i] {
        f.push(gh().num(4).num(c[1] as u64).finish());
    }
    for (bit, _) in FLAG_NAMES {
        if lk.single[i] & bit != 0 {
            f.push(gh().num(5).num(bit as u64).finish());
        }
    }
    let prev = if i > 0 { toks[i - 1].core.as_str() } else { "<s>" };
    f.push(gh().num(6).str(prev).finish());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn views(words: &[&str]) -> Vec<TokenView> {
        words.iter().map(|w| TokenView::plain(w)).collect()
    }

    #[test]
    fn quote_spans_pair_marks_innermost_first() {
        let q = |words: &[&str]| quote_spans(&views(words));
        let at = |before, open, close| Some(Quote { before, open, close });
        // Guillemets, with the word before outside.
        let s = q(&["برنامج", "«", "الناس", "وأنا", "»", "يذاع"]);
        assert_eq!(s, vec![None, None, at(1, 1, 4), at(1, 1, 4), None, None]);
        // Straight marks open and close in turn; a doubled ' is one mark, and the word
        // before it is the one before its first half.
        let s = q(&["صحيفة", "'", "'", "معاريف", "'", "'", "و", "\"", "هآرتس", "\""]);
        assert_eq!(s[3], at(1, 2, 4));
        assert_eq!(s[6], None);
        assert_eq!(s[8], at(7, 7, 9));
        // Two straight quotations side by side stay two.
        let s = q(&["\"", "أ", "\"", "\"", "ب", "\""]);
        assert_eq!((s[1], s[4]), (at(0, 0, 2), at(3, 3, 5)));
        // A quotation inside another keeps its own marks; the outer words keep theirs.
        let s = q(&["«", "أ", "\"", "ب", "\"", "ج", "»"]);
        assert_eq!(s[1], at(0, 0, 6));
        assert_eq!(s[3], at(2, 2, 4));
        assert_eq!(s[5], at(0, 0, 6));
        // An unclosed mark quotes nothing, a closing mark without an opening one neither,
        // and a long quotation is a quoted statement, not a title.
        assert!(q(&["«", "أ", "ب"]).iter().all(Option::is_none));
        assert!(q(&["أ", "»", "ب"]).iter().all(Option::is_none));
        let long: Vec<&str> = std::iter::once("«")
            .chain(std::iter::repeat_n("كلمة", MAX_QUOTED + 1))
            .chain(std::iter::once("»"))
            .collect();
        assert!(q(&long).iter().all(Option::is_none));
        let short: Vec<&str> = std::iter::once("«")
            .chain(std::iter::repeat_n("كلمة", MAX_QUOTED))
            .chain(std::iter::once("»"))
            .collect();
        assert!(q(&short)[1..=MAX_QUOTED].iter().all(Option::is_some));
    }

    #[test]
    fn quote_features_only_inside_quotes_and_only_with_the_group() {
        let lex = Lexicons::empty();
        let toks = views(&["برنامج", "«", "حكايات", "»", "الجديد"]);
        let feats = |groups: u32| {
            let ex = Extractor { lexicons: &lex, groups };
            let mut sf = SentenceFeatures::default();
            ex.sentence(&toks, &mut sf);
            (0..sf.len()).map(|i| sf.token(i).len()).collect::<Vec<_>>()
        };
        let with = feats(group::QUOTE);
        let without = feats(0);
        assert_eq!(with[2], without[2] + 4);
        for i in [0, 1, 3, 4] {
            assert_eq!(with[i], without[i], "token {i} is not inside the quotation");
        }
        // ANERcorp's doubled mark gives the quoted word the same features as a guillemet.
        let ex = Extractor {
            lexicons: &lex,
            groups: group::QUOTE,
        };
        let quoted = |words: &[&str], i: usize| {
            let mut sf = SentenceFeatures::default();
            ex.sentence(&views(words), &mut sf);
            sf.token(i).to_vec()
        };
        assert_eq!(
            quoted(&["برنامج", "'", "'", "حكايات", "'", "'"], 3),
            quoted(&["برنامج", "«", "حكايات", "»"], 2)
        );
    }

    #[test]
    fn document_counts_see_other_mentions_within_the_window_only() {
        // Tag indices: 0 = O, 1 = B-PER, 3 = B-LOC.
        let sents = [
            views(&["قال", "جوزيه"]),
            views(&["جوزيه", "في", "القاهرة"]),
            views(&["جوزيه"]),
            views(&["جوزيه"]),
        ];
        let tags = vec![vec![0, 1], vec![0, 0, 3], vec![1], vec![3]];
        let c = document_counts(&sents, &tags, 1);
        // Sentence 0 sees sentence 1: جوزيه once as O there; itself (B-PER) left out.
        assert_eq!(c[0][1], [1, 0, 0, 0, 0]);
        // Sentence 1 sees 0..=2: جوزيه as PER twice (sentences 0 and 2), itself (O) left out.
        assert_eq!(c[1][0], [0, 2, 0, 0, 0]);
        assert_eq!(c[1][2], [0, 0, 0, 0, 0], "القاهرة has no other mention");
        // Sentence 3 sees 2..=3 only.
        assert_eq!(c[3][0], [0, 1, 0, 0, 0]);
        // A window wider than the text is the whole text, and never overflows.
        let all = document_counts(&sents, &tags, usize::MAX);
        assert_eq!(all[3][0], [1, 2, 0, 0, 0]);
    }

    #[test]
    fn document_features_name_the_majority_type() {
        let mut f = Vec::new();
        document_features(&[0, 0, 0, 0, 0], &mut f);
        let alone = f.clone();
        f.clear();
        document_features(&[1, 3, 0, 0, 0], &mut f);
        assert_eq!(f.len(), 2, "share and type; no conflict");
        f.clear();
        document_features(&[0, 1, 1, 0, 0], &mut f);
        assert_eq!(f.len(), 3, "two types: conflict feature");
        assert!(!f.contains(&alone[0]));
    }

    /// Priors where "مباراة" and "هدف" occur only in sport articles and "قال" and "في"
    /// everywhere (a fifth of the text is sport).
    fn sport_priors() -> Priors {
        let mut b = crate::priors::PriorsBuilder::default();
        for i in 0..100 {
            let sport = (i % 5 == 0).then_some(0);
            b.add("قال", None, sport);
            b.add("في", None, sport);
            if i < 20 {
                b.add("مباراة", None, Some(0));
                b.add("هدف", None, Some(0));
            }
        }
        b.build(1)
    }

    #[test]
    fn the_genre_follows_the_words_around() {
        let p = sport_priors();
        let mut sents = vec![views(&["قال", "في"]); 10];
        sents.extend(vec![views(&["مباراة", "هدف", "في"]); 10]);
        sents.extend(vec![views(&["قال", "في", "كلمة"]); 10]);
        let g = genres(&sents, &p);
        assert_eq!(g.len(), 30);
        assert!(g[..6].iter().all(|&x| x == 0), "{g:?}");
        // Deep inside the sport sentences: sport (genre 0), strongly (1 + 2 * 0 + 1).
        assert!(g[13..17].iter().all(|&x| x == 2), "{g:?}");
        assert!(g[24..].iter().all(|&x| x == 0), "{g:?}");
        // Words without a prior and non-Arabic tokens do not count; no words, no genre.
        assert_eq!(genres(&[views(&["كلمة"])], &p), vec![0]);
        assert!(genres(&[] as &[Vec<TokenView>], &p).is_empty());
    }

    #[test]
    fn genre_features_only_in_a_genre() {
        let lexicons = Lexicons {
            priors: sport_priors(),
            ..Lexicons::empty()
        };
        let ex = Extractor {
            lexicons: &lexicons,
            groups: group::ALL,
        };
        let toks = views(&["هدف", "جوزيه"]);
        let (mut plain, mut sport) = (SentenceFeatures::default(), SentenceFeatures::default());
        ex.sentence_in(&toks, &[], 0, &mut plain);
        ex.sentence_in(&toks, &[], 2, &mut sport);
        for i in 0..2 {
            assert!(sport.token(i).len() > plain.token(i).len());
            assert!(plain.token(i).iter().all(|h| sport.token(i).contains(h)));
        }
        let off = Extractor {
            lexicons: &lexicons,
            groups: group::ALL & !group::GENRE,
        };
        off.sentence_in(&toks, &[], 2, &mut sport);
        off.sentence_in(&toks, &[], 0, &mut plain);
        assert_eq!(sport.feats, plain.feats, "the group switched off");
    }
}

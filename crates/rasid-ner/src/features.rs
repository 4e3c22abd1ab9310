//! Feature extraction for the tagger. Every feature is a 64-bit hash of a template id and
//! strings (see [`crate::hash`]); groups can be switched off to measure what each buys.

use rasid_core::{SegmentKind, Token, TokenKind};
use rasid_text::{normalize, Segmenter};

use crate::clusters::Clusters;
use crate::gazetteer::{Gazetteer, FLAG_NAMES};
use crate::hash::FeatHash;

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
    pub const ALL: u32 = 127;
    pub const NAMES: [(u32, &str); 7] = [
        (WORD, "word"),
        (STEM, "stem"),
        (AFFIX, "affix"),
        (SHAPE, "shape"),
        (CONTEXT, "context"),
        (GAZETTEER, "gazetteer"),
        (CLUSTERS, "clusters"),
    ];
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
    /// From a token of the analysis (segments already computed).
    pub fn from_token(t: &Token) -> TokenView {
        let shape = match t.kind {
            TokenKind::Arabic | TokenKind::Hashtag => SHAPE_ARABIC,
            TokenKind::Latin => SHAPE_LATIN,
            TokenKind::Number => SHAPE_NUMBER,
            TokenKind::Punct => SHAPE_PUNCT,
            _ => SHAPE_OTHER,
        };
        let mut v = TokenView {
            norm: t.norm.clone(),
            shape,
            ..TokenView::default()
        };
        if t.kind == TokenKind::Arabic && !t.segments.is_empty() {
            for s in &t.segments {
                match s.kind {
                    SegmentKind::Proclitic => {
                        if !v.procl.is_empty() {
                            v.procl.push('+');
                        }
                        v.procl.push_str(&normalize(&s.text));
                    }
                    SegmentKind::Article => v.core.push_str("ال"),
                    SegmentKind::Stem => {
                        let n = normalize(&s.text);
                        v.core.push_str(&n);
                        v.bare = n;
                    }
                    SegmentKind::Enclitic => v.enclitic = true,
                }
            }
        } else {
            v.core = t.norm.clone();
            v.bare = t.norm.clone();
        }
        v
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
pub const FEATURES_VERSION: u32 = 2;

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

/// Computes features of whole sentences.
pub struct Extractor<'a> {
    pub gazetteer: &'a Gazetteer,
    pub clusters: &'a Clusters,
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
    pub fn sentence(&self, toks: &[TokenView], out: &mut SentenceFeatures) {
        out.feats.clear();
        out.offsets.clear();
        let n = toks.len();
        let g = self.groups;
        // Gazetteer runs: for each token, the flags of runs it starts (B) or continues (I).
        let mut run_b = vec![0u8; n];
        let mut run_i = vec![0u8; n];
        let mut single = vec![0u8; n];
        let mut clusters = vec![None; n];
        if g & group::GAZETTEER != 0 {
            let mut key = String::new();
            for i in 0..n {
                // Role words are listed bare (رئيس), names with their article (السودان).
                single[i] = self.gazetteer.get(&toks[i].core) | self.gazetteer.get(&toks[i].bare);
                if toks[i].shape != SHAPE_ARABIC {
                    continue;
                }
                key.clear();
                key.push_str(&toks[i].core);
                for j in i + 1..n.min(i + self.gazetteer.max_words()) {
                    if toks[j].shape != SHAPE_ARABIC {
                        break;
                    }
                    key.push(' ');
                    key.push_str(&toks[j].core);
                    let f = self.gazetteer.get(&key);
                    if f != 0 {
                        run_b[i] |= f;
                        for r in &mut run_i[i + 1..=j] {
                            *r |= f;
                        }
                    }
                }
            }
        }
        if g & group::CLUSTERS != 0 {
            for i in 0..n {
                clusters[i] = self.clusters.get(&toks[i].core);
            }
        }
        for i in 0..n {
            out.offsets.push(out.feats.len());
            let t = &toks[i];
            let f = &mut out.feats;
            f.push(FeatHash::new(T_BIAS).finish());
            if g & group::WORD != 0 {
                f.push(FeatHash::new(T_WORD).str(&t.norm).finish());
            }
            if g & group::STEM != 0 {
                f.push(FeatHash::new(T_CORE).str(&t.core).finish());
                f.push(FeatHash::new(T_BARE).str(&t.bare).finish());
                f.push(FeatHash::new(T_PROCL).str(&t.procl).finish());
                if t.enclitic {
                    f.push(FeatHash::new(T_ENCL).finish());
                }
            }
            if g & group::AFFIX != 0 && t.shape == SHAPE_ARABIC {
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
            if g & group::SHAPE != 0 {
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
            if g & group::CONTEXT != 0 {
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
                let prev = if i > 0 { toks[i - 1].core.as_str() } else { "<s>" };
                let next = toks.get(i + 1).map(|x| x.core.as_str()).unwrap_or("<s>");
                f.push(FeatHash::new(T_BIGRAM).num(0).str(prev).str(&t.core).finish());
                f.push(FeatHash::new(T_BIGRAM).num(1).str(&t.core).str(next).finish());
            }
            if g & group::GAZETTEER != 0 {
                for (bit, _) in FLAG_NAMES {
                    if single[i] & bit != 0 {
                        f.push(FeatHash::new(T_GAZ).num(bit as u64).finish());
                    }
                    if run_b[i] & bit != 0 {
                        f.push(FeatHash::new(T_GAZ_RUN).num(bit as u64).num(0).finish());
                    }
                    if run_i[i] & bit != 0 {
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
            if g & group::CLUSTERS != 0 {
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
        }
        out.offsets.push(out.feats.len());
    }
}

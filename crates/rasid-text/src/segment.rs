//! Clitic segmentation of Arabic words.
//!
//! An Arabic written word is `[و|ف] [ب|ل|ك|س] [ال] stem [pronoun]`. Which letters are
//! clitics cannot be read off the letters: و is a clitic in والحكومة but part of the stem
//! in وزير; ب in بالخرطوم but not in بيان; ه in حكومته but not in اتجاه. The segmenter
//! enumerates every analysis the grammar allows and scores each by corpus evidence from
//! the stem [`Lexicon`]:
//!
//! - the unsplit word scores by how often it occurs behind another proclitic (`free`),
//!   plus a small share of its own count and a bonus for gazetteer names;
//! - a split scores by the evidence of its stem (its own count and its `free` count,
//!   minus the occurrences of the very word being analysed), plus a per-clitic weight.
//!
//! The highest score wins; ties keep the word whole. A short closed-class list (particles
//! that grammar treats as one word: كما، لكن، لقد ...) is never split, following the UD
//! Arabic convention.

use rasid_core::SegmentKind;

use crate::chars::is_arabic_letter;
use crate::closed::closed;
use crate::lexicon::{Entry, Lexicon};
use crate::normalize::is_key_char;

/// A segment produced by the segmenter: a byte span into the text and a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SegPiece {
    pub start: usize,
    pub end: usize,
    pub kind: SegmentKind,
}

/// Scoring weights. The defaults were chosen on the shared half of UD Arabic-PUD
/// (see docs/EVALUATION.md); the held-back half was not looked at.
#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// Weight of "occurs behind an incompatible proclitic" evidence for keeping a word whole.
    pub free_weight: f64,
    /// Share of a word's own count that speaks for keeping it whole.
    pub own_count_share: f64,
    /// Evidence added to names from the gazetteers.
    pub name_bonus: f64,
    /// A split needs at least this much evidence for its stem (article splits excepted).
    pub min_stem_evidence: f64,
    /// The same for the future prefix س, whose stem must look like an imperfect verb.
    pub min_future_evidence: f64,
    /// Weight of "occurs with the article or a preposition" evidence against a pronoun split.
    pub suffix_free_weight: f64,
    /// The article is split off when the bare stem is seen at least this share as often as
    /// the word with the article (and at least 3 times).
    pub article_bare_share: f64,
    /// Log-weights of each clitic; negative values make splits harder.
    pub w_wa: f64,
    pub w_fa: f64,
    pub w_bi: f64,
    pub w_li: f64,
    pub w_ka: f64,
    pub w_sa: f64,
    pub w_article: f64,
}

impl Params {
    /// Sets one weight by name (`rasid eval segmentation --param NAME=VALUE`, for tuning).
    pub fn set(&mut self, name: &str, value: f64) -> Result<(), String> {
        let slot = match name {
            "free_weight" => &mut self.free_weight,
            "own_count_share" => &mut self.own_count_share,
            "name_bonus" => &mut self.name_bonus,
            "min_stem_evidence" => &mut self.min_stem_evidence,
            "min_future_evidence" => &mut self.min_future_evidence,
            "suffix_free_weight" => &mut self.suffix_free_weight,
            "article_bare_share" => &mut self.article_bare_share,
            "w_wa" => &mut self.w_wa,
            "w_fa" => &mut self.w_fa,
            "w_bi" => &mut self.w_bi,
            "w_li" => &mut self.w_li,
            "w_ka" => &mut self.w_ka,
            "w_sa" => &mut self.w_sa,
            "w_article" => &mut self.w_article,
            _ => return Err(format!("unknown segmenter parameter `{name}`")),
        };
        *slot = value;
        Ok(())
    }
}

impl Default for Params {
    fn default() -> Self {
        Params {
            free_weight: 10.0,
            own_count_share: 0.02,
            name_bonus: 200.0,
            min_stem_evidence: 10.0,
            min_future_evidence: 2.0,
            suffix_free_weight: 2.0,
            article_bare_share: 0.05,
            w_wa: -0.5,
            w_fa: -1.5,
            w_bi: -1.0,
            w_li: -0.9,
            w_ka: -2.0,
            w_sa: -1.2,
            w_article: 0.7,
        }
    }
}

/// What keeping a word whole scores against a split whose first clitic is in a given
/// slot: only occurrences behind proclitics of *earlier* slots contradict that split.
/// Pronoun splits are contradicted by the article (a definite noun takes no pronoun) and,
/// for ي, by a feminine form (قانوني has قانونية: it is a nisba adjective).
struct Whole {
    entry: Entry,
    vs_conj: f64,
    vs_inner: f64,
    vs_suffix: f64,
    vs_nisba: f64,
    tanween: bool,
}

/// One analysis `best_clitics` considers: its clitics and where they end (conjunction at
/// `a0`, preposition at `a1`, article at `a2`), the pronoun's length, and the weights of
/// conjunction, preposition, article and pronoun (added in that order).
struct Split<'a> {
    conj: &'a str,
    prep: &'a str,
    a0: usize,
    a1: usize,
    a2: usize,
    slen: usize,
    weights: [f64; 4],
}

/// A split's margin over keeping the word whole, and what went into it (for `explain`).
struct Score {
    margin: f64,
    ev: f64,
    keep: f64,
}

/// The article lengths to try after preposition `prep` (ending at letter `a1`).
/// ل + ال is written لل: the article is the bare ل. After ب and ك an ال is almost always
/// the article, and the preposition split is judged by the bare noun (بالإضافة:
/// ب+ال+إضافة). Elsewhere `article` decides afterwards, so that a word like التقى is never
/// cut for the sake of the article alone.
fn article_options(l: &Letters, prep: &str, a1: usize) -> &'static [usize] {
    if prep == "ل" && l.starts_with(a1, "ل") && !l.starts_with(a1, "ال") {
        &[0, 1]
    } else if (prep == "ب" || prep == "ك") && l.starts_with(a1, "ال") {
        &[0, 2]
    } else {
        &[0]
    }
}

/// The stem a split leaves, when the split is one Arabic allows: something is split off,
/// two letters at least remain (two only for the short stems), no bare article and no
/// article before a pronoun, no closed-class particle cut inside, and the future س only
/// before an imperfect verb.
fn split_stem<'l>(l: &'l Letters, split: &Split) -> Option<&'l str> {
    let n = l.n();
    let (a0, a1, a2, slen) = (split.a0, split.a1, split.a2, split.slen);
    if a2 == 0 && slen == 0 {
        return None;
    }
    if n < a2 + slen + 2 {
        return None;
    }
    let stem = l.key(a2, n - slen);
    if stem == "ال" || (slen > 0 && stem.starts_with("ال")) {
        return None;
    }
    if stem.chars().count() == 2 && !closed().is_short_stem(stem) {
        return None;
    }
    // A closed-class particle is not split inside: و+كأن+ها, not و+ك+أن+ها.
    if a1 > a0 {
        let rest = l.key(a0, n);
        let inside = closed().never_split_words().any(|w| {
            rest.strip_prefix(w)
                .is_some_and(|r| r.is_empty() || closed().is_pronoun(r))
        });
        if inside {
            return None;
        }
    }
    if split.prep == "س" && !matches!(stem.chars().next(), Some('ي' | 'ت' | 'ن' | 'أ')) {
        return None;
    }
    Some(stem)
}

/// Evidence that a key is a word that can carry a pronoun. Its own count must carry it:
/// prefixed counts alone are noisy for short keys (وري "occurs" inside كوري and لوري), and
/// a name seldom takes a possessive pronoun, so there is no name bonus.
fn suffix_host_evidence(e: Entry) -> f64 {
    e.count as f64 + (e.free() as f64).min(10.0 * e.count as f64)
}

/// Clitic segmenter over a stem lexicon.
pub struct Segmenter {
    lex: Lexicon,
    params: Params,
    /// Identifies this segmenter in the per-thread cache.
    id: u64,
}

/// Segmentations already computed, per thread, keyed by the word: news repeats its words
/// (Zipf), and a look-up is far cheaper than scoring every analysis again. Pieces are byte
/// offsets relative to the word. The cache belongs to one segmenter at a time and is
/// emptied when it fills up.
struct Cache {
    owner: u64,
    map: std::collections::HashMap<Box<str>, Vec<(u16, u16, SegmentKind)>>,
}

const CACHE_LIMIT: usize = 200_000;

thread_local! {
    static CACHE: std::cell::RefCell<Cache> =
        std::cell::RefCell::new(Cache { owner: 0, map: std::collections::HashMap::new() });
}

static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// Letters of one word: each key character with the byte span it covers in the original
/// (marks and tatweel that follow a letter are inside its span).
struct Letters {
    chars: Vec<char>,
    starts: Vec<usize>,
    key: String,
    /// Byte offset in `key` of each char, plus the key length.
    key_at: Vec<usize>,
}

impl Letters {
    fn new() -> Letters {
        Letters {
            chars: Vec::with_capacity(24),
            starts: Vec::with_capacity(24),
            key: String::new(),
            key_at: Vec::new(),
        }
    }

    fn fill(&mut self, word: &str, base: usize) {
        self.chars.clear();
        self.starts.clear();
        self.key.clear();
        self.key_at.clear();
        for (i, c) in word.char_indices() {
            if is_key_char(c) {
                self.key_at.push(self.key.len());
                self.chars.push(c);
                self.starts.push(base + i);
                self.key.push(c);
            }
        }
        self.key_at.push(self.key.len());
    }

    fn n(&self) -> usize {
        self.chars.len()
    }

    /// The key between char indices `a..b`.
    fn key(&self, a: usize, b: usize) -> &str {
        &self.key[self.key_at[a]..self.key_at[b]]
    }

    fn starts_with(&self, at: usize, s: &str) -> bool {
        self.key[self.key_at[at]..].starts_with(s)
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Analysis {
    conj: u8,
    prep: u8,
    art: u8,
    suffix: u8,
}

impl Segmenter {
    pub fn new(lex: Lexicon) -> Segmenter {
        Segmenter::with_params(lex, Params::default())
    }

    pub fn with_params(lex: Lexicon, params: Params) -> Segmenter {
        let id = NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        Segmenter { lex, params, id }
    }

    pub fn params(&self) -> &Params {
        &self.params
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Segments the Arabic word `word`, found at byte `base` of the text, appending
    /// pieces with absolute byte offsets to `out`. A word that is not split gives one stem.
    pub fn segment(&self, word: &str, base: usize, out: &mut Vec<SegPiece>) {
        if word.len() > u16::MAX as usize {
            return self.segment_uncached(word, base, out);
        }
        let hit = CACHE.with(|c| {
            let c = c.borrow();
            if c.owner != self.id {
                return false;
            }
            match c.map.get(word) {
                Some(pieces) => {
                    out.extend(pieces.iter().map(|&(s, e, kind)| SegPiece {
                        start: base + s as usize,
                        end: base + e as usize,
                        kind,
                    }));
                    true
                }
                None => false,
            }
        });
        if hit {
            return;
        }
        let first = out.len();
        self.segment_uncached(word, base, out);
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.owner != self.id || c.map.len() >= CACHE_LIMIT {
                c.map.clear();
                c.owner = self.id;
            }
            let rel = out[first..]
                .iter()
                .map(|p| ((p.start - base) as u16, (p.end - base) as u16, p.kind))
                .collect();
            c.map.insert(word.into(), rel);
        });
    }

    fn segment_uncached(&self, word: &str, base: usize, out: &mut Vec<SegPiece>) {
        let mut letters = Letters::new();
        letters.fill(word, base);
        let end = base + word.len();
        let best = self.best(&letters, word, &mut None);
        let n = letters.n();
        if n == 0 {
            out.push(SegPiece {
                start: base,
                end,
                kind: SegmentKind::Stem,
            });
            return;
        }
        let mut at = 0usize;
        let push = |from: usize, to: usize, kind: SegmentKind, out: &mut Vec<SegPiece>| {
            if to > from {
                let s = if from == 0 { base } else { letters.starts[from] };
                let e = if to >= n { end } else { letters.starts[to] };
                out.push(SegPiece { start: s, end: e, kind });
            }
        };
        for len in [best.conj, best.prep] {
            if len > 0 {
                push(at, at + len as usize, SegmentKind::Proclitic, out);
                at += len as usize;
            }
        }
        if best.art > 0 {
            push(at, at + best.art as usize, SegmentKind::Article, out);
            at += best.art as usize;
        }
        let stem_end = n - best.suffix as usize;
        push(at, stem_end, SegmentKind::Stem, out);
        if best.suffix > 0 {
            push(stem_end, n, SegmentKind::Enclitic, out);
        }
    }

    /// Every analysis considered for `word` with its margin over keeping the word whole
    /// (positive margins beat it; the largest wins). For `rasid inspect`.
    pub fn explain(&self, word: &str) -> Vec<(String, f64)> {
        let mut letters = Letters::new();
        letters.fill(word, 0);
        let mut v = Vec::new();
        self.best(&letters, word, &mut Some(&mut v));
        v
    }

    fn evidence(&self, e: Entry) -> f64 {
        e.count as f64 + e.free() as f64 + if e.name { self.params.name_bonus } else { 0.0 }
    }

    fn best(&self, l: &Letters, surface: &str, trace: &mut Option<&mut Vec<(String, f64)>>) -> Analysis {
        let n = l.n();
        if n < 2 || !l.chars.iter().all(|&c| is_arabic_letter(c)) {
            return Analysis::default();
        }
        let whole = l.key(0, n);
        if closed().is_never_split(whole) {
            return Analysis::default();
        }
        // A preposition with a pronoun and nothing else: له، بها، لي، ولهم.
        let c0 = usize::from(l.starts_with(0, "و") || l.starts_with(0, "ف"));
        if n > c0 + 1 && (l.starts_with(c0, "ب") || l.starts_with(c0, "ل")) {
            let rest = l.key(c0 + 1, n);
            let ok = closed().is_pronoun(rest) && !(rest == "ي" && l.starts_with(c0, "ب"));
            if ok && !closed().is_never_split(l.key(c0, n)) {
                return Analysis {
                    conj: c0 as u8,
                    prep: 0,
                    art: 0,
                    suffix: (n - c0 - 1) as u8,
                };
            }
        }
        if n < 3 {
            return Analysis::default();
        }
        let mut best = self.best_clitics(l, surface, trace);
        // The article is judged the same way with or without a preposition in front, so
        // that بالخرطوم is ب + الخرطوم exactly when الخرطوم stays whole. (لل has no
        // article letters of its own to judge.)
        if best.art != 1 {
            best.art = 0;
            best.art = self.article(l, &best) as u8;
        }
        best
    }

    /// Chooses conjunction, preposition and pronoun, and the article where it follows a
    /// preposition: every analysis the word's letters allow, scored against keeping the
    /// word whole; the largest positive margin wins.
    fn best_clitics(&self, l: &Letters, surface: &str, trace: &mut Option<&mut Vec<(String, f64)>>) -> Analysis {
        let n = l.n();
        let p = &self.params;
        let whole = self.whole(l, surface);
        let mut best = Analysis::default();
        let mut best_margin = 0.0f64;
        let conjs: [(&str, f64); 3] = [("", 0.0), ("و", p.w_wa), ("ف", p.w_fa)];
        let preps: [(&str, f64); 5] = [("", 0.0), ("ب", p.w_bi), ("ل", p.w_li), ("ك", p.w_ka), ("س", p.w_sa)];
        for (conj, cw) in conjs {
            if !conj.is_empty() && !l.starts_with(0, conj) {
                continue;
            }
            let a0 = conj.chars().count();
            for (prep, pw) in preps {
                if !prep.is_empty() && !l.starts_with(a0, prep) {
                    continue;
                }
                let a1 = a0 + prep.chars().count();
                for &alen in article_options(l, prep, a1) {
                    let aw = if alen > 0 { p.w_article } else { 0.0 };
                    for si in 0..=closed().pronoun_count() {
                        let (slen, sw) = if si == 0 {
                            (0usize, 0.0)
                        } else {
                            let (s, w) = closed().pronoun(si - 1);
                            // A definite noun takes no possessive pronoun.
                            if alen > 0 || !l.key(a1 + alen, n).ends_with(s) || (whole.tanween && s.ends_with('ا')) {
                                continue;
                            }
                            (s.chars().count(), w)
                        };
                        let split = Split {
                            conj,
                            prep,
                            a0,
                            a1,
                            a2: a1 + alen,
                            slen,
                            weights: [cw, pw, aw, sw],
                        };
                        let Some(stem) = split_stem(l, &split) else {
                            continue;
                        };
                        let Some(score) = self.score(l, &whole, &split, stem) else {
                            continue;
                        };
                        if let Some(t) = trace.as_mut() {
                            let shown = format!("{conj}|{prep}|{}|{stem}|{}", l.key(a1, split.a2), l.key(n - slen, n));
                            t.push((
                                format!("{shown} ev={:.0} keep={:.2}", score.ev, score.keep),
                                score.margin,
                            ));
                        }
                        if score.margin > best_margin {
                            best_margin = score.margin;
                            best = Analysis {
                                conj: a0 as u8,
                                prep: (a1 - a0) as u8,
                                art: alen as u8,
                                suffix: slen as u8,
                            };
                        }
                    }
                }
            }
        }
        best
    }

    /// What keeping the word whole scores against each kind of split.
    fn whole(&self, l: &Letters, surface: &str) -> Whole {
        let n = l.n();
        let whole = l.key(0, n);
        let p = &self.params;
        let we = self.lex.get(whole);
        let name = if we.name { p.name_bonus } else { 0.0 };
        let own = p.own_count_share * we.count as f64;
        let keep_vs_nisba = {
            let mut fem = String::with_capacity(whole.len() + 2);
            fem.push_str(whole);
            fem.push('ة');
            let f = self.lex.get(&fem);
            (1.0 + p.suffix_free_weight * (we.free_inner() as f64 + f.count as f64 + f.free() as f64) + own + name).ln()
        };
        Whole {
            entry: we,
            vs_conj: (1.0 + p.free_weight * we.free() as f64 + own + name).ln(),
            vs_inner: (1.0 + p.free_weight * we.free_inner() as f64 + own + name).ln(),
            vs_suffix: (1.0 + p.suffix_free_weight * we.free_inner() as f64 + own + name).ln(),
            vs_nisba: keep_vs_nisba,
            // Accusative tanween (ـاً) is not the alef of ها or نا.
            tanween: surface.contains('\u{064B}'),
        }
    }

    /// The split's margin over keeping the word whole, with the stem's evidence and the
    /// score of keeping it; `None` when there is too little evidence to consider it.
    fn score(&self, l: &Letters, whole: &Whole, split: &Split, stem: &str) -> Option<Score> {
        let n = l.n();
        let p = &self.params;
        let we = whole.entry;
        let ev = self.stem_evidence(whole, split, stem);
        let keep = if split.a0 > 0 {
            whole.vs_conj
        } else if split.a2 > 0 {
            whole.vs_inner
        } else if l.key(n - split.slen, n) == "ي" {
            whole.vs_nisba
        } else {
            whole.vs_suffix
        };
        let min_ev = if split.prep == "س" {
            p.min_future_evidence
        } else {
            p.min_stem_evidence
        };
        let alen = split.a2 - split.a1;
        let margin = if ev < min_ev && alen == 0 {
            // No evidence either way: an unknown word behind و is usually و + an unknown word.
            let unknown = we.count == 0 && we.free() == 0 && !we.name;
            let a2 = split.a2;
            if unknown && split.conj == "و" && a2 == 1 && split.slen == 0 && n - a2 >= 4 && !l.starts_with(1, "و") {
                0.01
            } else {
                return None;
            }
        } else {
            let [cw, pw, aw, sw] = split.weights;
            (1.0 + ev).ln() + cw + pw + aw + sw - keep
        };
        Some(Score { margin, ev, keep })
    }

    /// How much the lexicon attests `stem` as a word on its own (as the host of a pronoun
    /// when the split has one).
    fn stem_evidence(&self, whole: &Whole, split: &Split, stem: &str) -> f64 {
        let we = whole.entry;
        let slen = split.slen;
        let se = self.lex.get(stem);
        // This very word and its own prefixed forms (بشكل، وبشكل) are counted in
        // the stem's free count: they must not vote twice.
        let own_forms = if slen == 0 {
            we.count as f64 + we.free() as f64
        } else {
            0.0
        };
        let mut ev = if slen == 0 {
            (self.evidence(se) - own_forms).max(0.0)
        } else {
            suffix_host_evidence(se)
        };
        if slen > 0 {
            // Before a pronoun ة is written ت, ى is written ي, and hamza sits
            // on a carrier: حكومته، عليه، وراءها → ورائها.
            let mut alt = String::with_capacity(stem.len() + 2);
            for (from, to) in [('ت', 'ة'), ('ي', 'ى'), ('ئ', 'ء'), ('ؤ', 'ء')] {
                if let Some(s) = stem.strip_suffix(from) {
                    alt.clear();
                    alt.push_str(s);
                    alt.push(to);
                    ev = ev.max(suffix_host_evidence(self.lex.get(&alt)));
                }
            }
        }
        // ب and ك attach to nouns: the stem must itself take the article or a preposition.
        let noun = stem.starts_with("ال") || se.name || closed().is_function_host(stem);
        if (split.prep == "ب" || split.prep == "ك") && split.a2 == split.a1 && !noun {
            let inner = se.free_inner() as f64 - own_forms;
            let nounness = (3.0 * inner.max(0.0) / (se.count as f64 + 1.0)).min(1.0);
            ev *= nounness;
        }
        ev
    }

    /// Whether the stem chosen by `best_clitics` starts with an article to split off:
    /// الحكومة → ال + حكومة and الخرطوم → ال + خرطوم (nouns: the bare form occurs, or the
    /// word takes prepositions), but not التقى (a verb), الله, الذي.
    fn article(&self, l: &Letters, a: &Analysis) -> usize {
        let n = l.n();
        let s0 = (a.conj + a.prep) as usize;
        let s1 = n - a.suffix as usize;
        if a.suffix > 0 || s1 < s0 + 4 || !l.starts_with(s0, "ال") {
            return 0;
        }
        let stem = l.key(s0, s1);
        if closed().has_no_article(stem) {
            return 0;
        }
        let rest = l.key(s0 + 2, s1);
        if rest.chars().count() == 2 && !closed().is_short_stem(rest) {
            return 0;
        }
        let with = self.lex.get(stem);
        let without = self.lex.get(rest);
        let bare = without.count as f64 + without.free_conj as f64 + without.free_prep as f64;
        let seen = with.count as f64 + with.free() as f64;
        let unknown = seen < self.params.min_stem_evidence && !with.name;
        // A word that takes prepositions (بالتالي، للخرطوم) is a noun, so its ال is the
        // article even when the bare form is rare; verbs such as التقى never do.
        let takes_prepositions = with.free_prep as f64 >= (0.02 * with.count as f64).max(2.0);
        if unknown || takes_prepositions || bare >= (self.params.article_bare_share * seen).max(3.0) {
            2
        } else {
            0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::LexiconBuilder;

    fn seg(s: &Segmenter, w: &str) -> String {
        let mut out = Vec::new();
        s.segment(w, 0, &mut out);
        out.iter().map(|p| &w[p.start..p.end]).collect::<Vec<_>>().join("+")
    }

    fn toy() -> Segmenter {
        let mut b = LexiconBuilder::new();
        let text = "الوزير ووزير لوزير وزير بيان البيان وبيان قال قال قال فقال وقال الحكومة حكومة والحكومة بالحكومة \
                    المنطقة والمنطقة منطقة في فيه حكومته عليه على على";
        // Repeated so that counts clear the evidence thresholds made for an 8 M word corpus.
        for _ in 0..10 {
            b.add_text(text);
        }
        b.add_name("لندن");
        b.add_name("بوتين");
        Segmenter::new(Lexicon::from_bytes(&b.build(1).unwrap()).unwrap())
    }

    #[test]
    fn stems_with_clitic_letters_are_kept_whole() {
        let s = toy();
        for w in ["وزير", "بيان", "لندن", "بوتين"] {
            assert_eq!(seg(&s, w), w);
        }
    }

    #[test]
    fn clitics_are_split_with_offsets() {
        let s = toy();
        assert_eq!(seg(&s, "وقال"), "و+قال");
        assert_eq!(seg(&s, "والمنطقة"), "و+ال+منطقة");
        assert_eq!(seg(&s, "للحكومة"), "ل+ل+حكومة");
        assert_eq!(seg(&s, "وبوتين"), "و+بوتين");
        assert_eq!(seg(&s, "حكومته"), "حكومت+ه");
        assert_eq!(seg(&s, "بالوزير"), "ب+ال+وزير");
    }

    #[test]
    fn diacritics_stay_inside_their_segment() {
        let s = toy();
        assert_eq!(seg(&s, "وَالمَنطِقةِ"), "وَ+ال+مَنطِقةِ");
    }

    #[test]
    fn closed_class_particles_are_not_split() {
        let s = toy();
        assert_eq!(seg(&s, "لكن"), "لكن");
        assert_eq!(seg(&s, "كما"), "كما");
    }
}

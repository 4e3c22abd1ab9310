//! `rasid build names`: the people a news corpus names behind titles (`rasid_ner::names`).
//!
//! Every title word of the knowledge file (الرئيس، وزير، المتحدث ...) with the words that
//! complete it (definite words and nationality adjectives: الأمريكي، السابق، الخارجية) is an
//! anchor; the words right after it, up to four, up to a stop (punctuation, a clitic, a
//! title word, a nationality adjective), are a candidate. Counted over the corpus, a
//! candidate's prefixes tell where names end: after a given name the next word is nearly always
//! the same (FIRST LAST), after FIRST LAST it is anything. A prefix is a name when
//! - it was seen behind titles at least `min_count` times;
//! - no one word follows it in half of those (else the name goes on: X Y → X Y Z),
//!   while its parent (the prefix one word shorter) is followed by its last word in half of
//!   the parent's (else it is a name with a word after it: X Y في);
//! - its first word is rarely written with the article (a name is not: وزير خارجية X gives
//!   خارجية, mostly الخارجية) and is not a place (رئيس كوريا gives كوريا);
//! - a fair share of all its occurrences in the corpus stand behind a title (`TITLE_SHARE`):
//!   a common word that follows a title by chance (في) occurs far more often elsewhere.
//!
//! A name's last word also names the person alone (the headline's surname) when, of all
//! its occurrences, at least `ALONE_SHARE` end a name of the list or stand right behind a
//! title: a surname does, a common word that ends one name (a colour, a trade) does not.

use std::collections::HashMap;
use std::path::PathBuf;

use rasid_core::{EntityType, TokenKind, Word};
use rasid_extract::knowledge::Knowledge;
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rasid_ner::names::{key, Name, Names, MAX_WORDS};

pub use crate::names::Heads;

/// Share of a name's corpus occurrences that must stand behind a title.
const TITLE_SHARE: f64 = 0.01;
/// Share of a last word's occurrences that must end a listed name or follow a title for
/// the word alone to be the name.
const ALONE_SHARE: f64 = 0.3;
/// A first word written with the article more often than this is a common noun.
const ARTICLE_SHARE: f64 = 0.1;
/// Words of a title phrase after its head word, at most.
const TITLE_WORDS: usize = 4;

/// The corpus as word ids per sentence, with what the learner needs of each token.
#[derive(Default)]
struct Corpus {
    ids: HashMap<String, u32>,
    words: Vec<String>,
    total: Vec<u32>,
    with_article: Vec<u32>,
    /// The word joins the parts of a name and never ends one (بن، عبد).
    connector: Vec<bool>,
    /// Per sentence, per token: the word id, or `None` for a stop (not a name word).
    sentences: Vec<Vec<Tok>>,
}

#[derive(Clone, Copy)]
struct Tok {
    id: u32,
    /// The token can be a name word (Arabic, no clitics, not a title or nationality word).
    free: bool,
    /// The token may continue a title phrase (a definite word or a nationality adjective).
    title_part: bool,
    /// The token is a title head word.
    title: bool,
    /// The word heads organisations' (1) or places' (2) names (`Heads`), else 0.
    head: u8,
    /// A comma (the name may stand behind the title in apposition: TITLE، NAME).
    comma: bool,
    /// A quotation mark (a name behind a head word is often quoted: تنظيم "X").
    quote: bool,
    /// The word is written with the article.
    definite: bool,
    /// The word is in construct form (no article, no pronoun): a head word here heads the
    /// name after it (حركة X، مدينة X).
    construct: bool,
}

/// What the labelled data says of words: those it has seen often and hardly ever in a name
/// (في، منذ، يعلن، الوطني: never a name word), and those that occur in person names but
/// hardly ever as their last word (بن، عبد، أبو: a name does not end there).
#[derive(Default)]
pub struct Common {
    words: std::collections::HashSet<String>,
    connectors: std::collections::HashSet<String>,
    /// Words that begin person names in the labelled data (given names).
    given: std::collections::HashSet<String>,
}

impl Common {
    /// From CoNLL sentences (`token TAG`, IOB2), each token keyed as the corpus keys it.
    pub fn from_labelled(sentences: &[rasid_ner::conll::Sentence], segmenter: &rasid_text::Segmenter) -> Common {
        #[derive(Default, Clone, Copy)]
        struct C {
            all: u32,
            named: u32,
            per_inside: u32,
            per_last: u32,
            per_first: u32,
        }
        let mut counts: HashMap<String, C> = HashMap::new();
        for s in sentences {
            for (i, (tok, tag)) in s.tokens.iter().zip(&s.tags).enumerate() {
                let (tokens, _) = rasid_text::layer::tokens(segmenter, tok);
                let Some(w) = rasid_text::words(&tokens).into_iter().next() else {
                    continue;
                };
                let c = counts.entry(w.bare).or_default();
                c.all += 1;
                c.named += (tag != "O") as u32;
                c.per_first += (tag == "B-PER" || tag == "B-PERS") as u32;
                if tag.ends_with("PER") || tag.ends_with("PERS") {
                    let next_inside = s.tags.get(i + 1).is_some_and(|t| t.starts_with("I-"));
                    if next_inside {
                        c.per_inside += 1;
                    } else {
                        c.per_last += 1;
                    }
                }
            }
        }
        let mut out = Common::default();
        for (w, c) in counts {
            if c.all >= COMMON_SEEN && (c.named as f64) < COMMON_NAMED * c.all as f64 {
                out.words.insert(w.clone());
            }
            if c.per_first >= 2 && 2 * c.per_first >= c.all {
                out.given.insert(w.clone());
            }
            if c.per_inside >= COMMON_SEEN && (c.per_last as f64) < COMMON_NAMED * c.per_inside as f64 {
                out.connectors.insert(w);
            }
        }
        out
    }
}

impl Common {
    /// Adds given names from a bulk list (the given-names gazetteer), normalised and
    /// without article.
    pub fn add_given<'a>(&mut self, names: impl IntoIterator<Item = &'a str>) {
        for n in names {
            let n = rasid_text::normalize(n.trim());
            if !n.is_empty() && !n.contains(' ') {
                self.given.insert(rasid_text::strip_article(&n).to_string());
            }
        }
    }
}

/// A word seen this often in the labelled data ...
const COMMON_SEEN: u32 = 3;
/// ... and in a name less than this share of the time is a common word.
const COMMON_NAMED: f64 = 0.2;

impl Corpus {
    fn id(&mut self, w: &str) -> u32 {
        if let Some(&i) = self.ids.get(w) {
            return i;
        }
        let i = self.words.len() as u32;
        self.ids.insert(w.to_string(), i);
        self.words.push(w.to_string());
        self.total.push(0);
        self.with_article.push(0);
        self.connector.push(false);
        i
    }

    fn add_sentence(&mut self, kinds: &[TokenKind], words: &[Word], k: &Knowledge, lists: (&Common, &Heads)) {
        let (common, heads) = lists;
        let mut out = Vec::with_capacity(words.len());
        for (kind, w) in kinds.iter().zip(words) {
            let id = self.id(&w.bare);
            self.total[id as usize] += 1;
            let definite = w.core != w.bare;
            self.connector[id as usize] = common.connectors.contains(&w.bare);
            self.with_article[id as usize] += definite as u32;
            let arabic = *kind == TokenKind::Arabic;
            // A Latin word can be a name too (شبكة CNN), never a title or an adjective.
            let latin = *kind == TokenKind::Latin;
            let head = heads.kind(&w.bare);
            // A head of an organisation's name is not a title even where the knowledge file
            // lists it (لحركة X names the movement, not a person).
            let title = arabic && k.is_title(&w.bare) && head.is_none();
            let nationality = arabic && k.nationality(&w.bare).is_some();
            out.push(Tok {
                id,
                free: latin
                    || arabic
                        && w.proclitics.is_empty()
                        && w.enclitic.is_none()
                        && !title
                        && !nationality
                        && !common.words.contains(&w.bare),
                title_part: arabic && w.enclitic.is_none() && (definite || nationality) && w.proclitics.is_empty(),
                title,
                comma: matches!(w.form.as_str(), "،" | ","),
                definite,
                quote: *kind == TokenKind::Punct && w.form.chars().all(|c| "\"«»“”'".contains(c)),
                construct: arabic && !definite && w.enclitic.is_none() && heads.anchors(&w.bare),
                head: match head {
                    Some(EntityType::Org) => 1,
                    Some(_) => 2,
                    None => 0,
                },
            });
        }
        self.sentences.push(out);
    }
}

/// Reads the news into a [`Corpus`].
fn read_corpus(
    news: &[PathBuf],
    k: &Knowledge,
    lists: (&Common, &Heads),
    segmenter: &rasid_text::Segmenter,
    progress: &mut impl FnMut(&str),
) -> (Corpus, u64) {
    let mut c = Corpus::default();
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    let mut articles = 0u64;
    for (i, a) in read_inputs(news.iter().map(|p| Input::Path(p.clone())).collect(), opts).enumerate() {
        let Ok(a) = a else { continue };
        articles += 1;
        let text = a.analysis_text();
        let (tokens, raw) = rasid_text::layer::tokens(segmenter, &text);
        let words = rasid_text::words(&tokens);
        let kinds: Vec<TokenKind> = tokens.iter().map(|t| t.kind).collect();
        for s in rasid_text::layer::sentences(&text, &raw) {
            c.add_sentence(
                &kinds[s.first_token..s.end_token],
                &words[s.first_token..s.end_token],
                k,
                lists,
            );
        }
        if i % 2000 == 0 {
            progress(&format!("{i} articles read"));
        }
    }
    (c, articles)
}

/// Where the words behind the title at `t` start, if any: past the title phrase.
fn after_title(s: &[Tok], t: usize) -> Option<usize> {
    if !s[t].title {
        return None;
    }
    let mut j = t + 1;
    while j < s.len() && j <= t + TITLE_WORDS && (s[j].title_part || s[j].title) {
        j += 1;
    }
    if j + 1 < s.len() && s[j].comma {
        j += 1;
    }
    (j < s.len() && s[j].free).then_some(j)
}

/// Counts of every candidate prefix behind titles, keyed by its word ids.
fn candidates(c: &Corpus) -> HashMap<Vec<u32>, u32> {
    let mut counts: HashMap<Vec<u32>, u32> = HashMap::new();
    for s in &c.sentences {
        for t in 0..s.len() {
            let Some(a) = after_title(s, t) else { continue };
            let mut run = Vec::with_capacity(MAX_WORDS + 1);
            // One word past the longest name, so that its continuations are counted.
            for tok in s[a..].iter().take(MAX_WORDS + 1).take_while(|x| x.free) {
                run.push(tok.id);
                *counts.entry(run.clone()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Counts of every candidate prefix behind a head word of organisations' or places' names
/// in construct form (حركة X، وكالة X، مدينة X), keyed by its word ids.
fn head_candidates(c: &Corpus) -> HashMap<Vec<u32>, u32> {
    let mut counts: HashMap<Vec<u32>, u32> = HashMap::new();
    for s in &c.sentences {
        for t in 0..s.len().saturating_sub(1) {
            if s[t].head == 0 || !s[t].construct {
                continue;
            }
            let from = if s[t + 1].quote { t + 2 } else { t + 1 };
            let mut run = Vec::with_capacity(MAX_WORDS + 1);
            for tok in s[from.min(s.len())..].iter().take(MAX_WORDS + 1).take_while(|x| x.free) {
                run.push(tok.id);
                *counts.entry(run.clone()).or_insert(0) += 1;
            }
        }
    }
    counts
}

/// Prefixes that are names by the continuation rule, before the corpus-share tests.
/// `definite_ok`: the first word may be written with the article (names behind head words:
/// صحيفة الحياة), since the share test decides those.
fn name_ends(c: &Corpus, counts: &HashMap<Vec<u32>, u32>, min_count: u32, definite_ok: bool) -> Vec<(Vec<u32>, u32)> {
    // The most frequent next word's count, per prefix.
    let mut top_next: HashMap<&[u32], (u32, u32)> = HashMap::new();
    for (p, &n) in counts {
        if p.len() > 1 {
            let e = top_next.entry(&p[..p.len() - 1]).or_insert((0, 0));
            if n > e.0 {
                *e = (n, *p.last().unwrap_or(&0));
            }
        }
    }
    let mut out = Vec::new();
    for (p, &n) in counts {
        if n < min_count || p.len() > MAX_WORDS {
            continue;
        }
        if c.connector[p[p.len() - 1] as usize] {
            continue;
        }
        let first = p[0] as usize;
        if !definite_ok && c.with_article[first] as f64 > ARTICLE_SHARE * c.total[first] as f64 {
            continue;
        }
        let goes_on = top_next.get(p.as_slice()).is_some_and(|&(m, _)| 2 * m >= n);
        let parent_wants = p.len() == 1
            || top_next
                .get(&p[..p.len() - 1])
                .is_some_and(|&(m, w)| w == p[p.len() - 1] && 2 * m >= counts[&p[..p.len() - 1]]);
        if !goes_on && parent_wants {
            out.push((p.clone(), n));
        }
    }
    out.sort();
    out
}

/// How often each candidate occurs anywhere in the corpus, and how often each word ends one
/// of them or stands alone right behind a title.
/// Occurrences of each name anywhere; head words before each; and per word, how often it
/// ends a listed name or stands alone behind a title, and how often so with the article.
type Counts = (
    HashMap<Vec<u32>, u32>,
    HashMap<Vec<u32>, [u32; 2]>,
    HashMap<u32, [u32; 2]>,
);

fn corpus_counts(c: &Corpus, names: &HashMap<Vec<u32>, u32>) -> Counts {
    let mut anywhere: HashMap<Vec<u32>, u32> = HashMap::new();
    let mut cues: HashMap<Vec<u32>, [u32; 2]> = HashMap::new();
    let mut ends: HashMap<u32, [u32; 2]> = HashMap::new();
    for s in &c.sentences {
        let mut i = 0;
        while i < s.len() {
            let longest = (1..=MAX_WORDS.min(s.len() - i))
                .rev()
                .find(|&n| s[i..i + n].iter().all(|t| t.free) && names.contains_key(&ids(&s[i..i + n])));
            match longest {
                Some(n) => {
                    *anywhere.entry(ids(&s[i..i + n])).or_insert(0) += 1;
                    // the head word right before, or before a quotation mark (تنظيم "X")
                    let h = match i {
                        0 => 0,
                        1 => s[0].head,
                        _ if s[i - 1].quote => s[i - 2].head,
                        _ => s[i - 1].head,
                    };
                    if h > 0 {
                        cues.entry(ids(&s[i..i + n])).or_insert([0, 0])[h as usize - 1] += 1;
                    }
                    // A word ends a name only in a name of two words or more: counting the
                    // word's own matches would make every common word its own evidence.
                    if n > 1 {
                        let e = ends.entry(s[i + n - 1].id).or_insert([0, 0]);
                        e[0] += 1;
                        e[1] += s[i + n - 1].definite as u32;
                    }
                    i += n;
                }
                None => i += 1,
            }
        }
        for t in 0..s.len() {
            if let Some(a) = after_title(s, t) {
                if a + 1 >= s.len() || !s[a + 1].free {
                    let e = ends.entry(s[a].id).or_insert([0, 0]);
                    e[0] += 1;
                    e[1] += s[a].definite as u32;
                }
            }
        }
    }
    (anywhere, cues, ends)
}

/// The type of a name: an organisation or a place when the corpus writes a head word of
/// that kind right before it often enough (شركة X، حركة X، مدينة X: names that stand behind
/// titles too, مدرب X، مراسل X); a person otherwise.
fn kind_of(cues: [u32; 2], anywhere: u32) -> EntityType {
    let [org, place] = cues;
    let enough = |n: u32| n as f64 >= HEAD_SHARE * anywhere.max(1) as f64;
    if enough(org) && org >= place {
        EntityType::Org
    } else if enough(place) {
        EntityType::Loc
    } else {
        EntityType::Per
    }
}

/// Share of a name's occurrences behind a head word that makes it an organisation or place.
const HEAD_SHARE: f64 = 0.1;

/// The names behind head words: an organisation or a place (by the head words it follows
/// most) when it follows them in a fair share of all its occurrences: three in ten for a
/// single word (تنظيم X where X is mostly so named; صحيفة الحياة is not: الحياة is mostly
/// "life"), one in ten for a name of several words; a single word only as an organisation. Returns how many were added.
fn head_names(
    c: &Corpus,
    ends: &[(Vec<u32>, u32)],
    anywhere: &HashMap<Vec<u32>, u32>,
    cues: &HashMap<Vec<u32>, [u32; 2]>,
    entries: &mut Vec<(String, Name)>,
) -> usize {
    let mut added = 0;
    for (p, n) in ends {
        let total = anywhere.get(p).copied().unwrap_or(*n).max(*n);
        let [org, place] = cues.get(p).copied().unwrap_or([0, 0]);
        let last = p[p.len() - 1] as usize;
        let definite = 2 * c.with_article[last] > c.total[last];
        // A definite single word behind a head (نادي الأفريقي) is as often an adjective
        // elsewhere: it must follow head words in most of its occurrences.
        let share = match (p.len(), definite) {
            (1, true) => HEAD_DEFINITE_SHARE,
            (1, false) => HEAD_ALONE_SHARE,
            _ => HEAD_SHARE,
        };
        if ((org + place) as f64) < share * total as f64 {
            continue;
        }
        let kind = if org >= place { EntityType::Org } else { EntityType::Loc };
        // A place of one word behind مدينة، منطقة ... is as often an adjective or a common
        // noun (الخضراء، الحمص) as a place the gazetteers and the tagger do not know.
        if p.len() == 1 && kind == EntityType::Loc {
            continue;
        }
        let words: Vec<&str> = p.iter().map(|&i| c.words[i as usize].as_str()).collect();
        entries.push((
            key(words),
            Name {
                kind,
                alone: p.len() == 1,
                count: *n,
                given: false,
                definite,
            },
        ));
        added += 1;
    }
    added
}

/// Share of a single word's occurrences behind head words for it to be a name alone.
const HEAD_ALONE_SHARE: f64 = 0.3;
/// The same for a single word written with the article.
const HEAD_DEFINITE_SHARE: f64 = 0.5;

/// Whether a word is used behind prepositions as nouns are (بX، لX); a verb that
/// follows titles in headlines (الوزير يرفض) hardly ever is.
fn takes_prepositions(lexicon: &rasid_text::Lexicon, word: &str) -> bool {
    let e = lexicon.get(word);
    e.free_prep as f64 >= PREP_SHARE * e.count.max(1) as f64
}

/// Share of a lone name word's occurrences that must be behind a preposition.
const PREP_SHARE: f64 = 0.01;

/// Whether a candidate begins with a place a news reader knows (رئيس كوريا الجنوبية gives
/// كوريا الجنوبية ...): its first two words (the second with its article back) are a place,
/// or its first word is a country or a capital, or it is a single word that is a city of
/// 100,000 people. A city that shares a given name (بشار) does not stop a full name.
fn is_place(k: &Knowledge, c: &Corpus, p: &[u32]) -> bool {
    use rasid_core::PlaceKind;
    let w = |i: usize| c.words[p[i] as usize].as_str();
    let first = k.places(w(0));
    if first.iter().any(|pl| pl.kind != PlaceKind::City) {
        return true;
    }
    if p.len() == 1 {
        return first.iter().any(|pl| pl.population >= 100_000);
    }
    [format!("{} ال{}", w(0), w(1)), format!("{} {}", w(0), w(1))]
        .iter()
        .any(|key| !k.places(key).is_empty())
}

fn ids(s: &[Tok]) -> Vec<u32> {
    s.iter().map(|t| t.id).collect()
}

/// The names of the corpus with a report of what was counted.
pub fn names(
    news: &[PathBuf],
    k: &Knowledge,
    lists: (&Common, &Heads),
    segmenter: &rasid_text::Segmenter,
    min_count: u32,
    mut progress: impl FnMut(&str),
) -> (Names, serde_json::Value) {
    let (c, articles) = read_corpus(news, k, lists, segmenter, &mut progress);
    progress("counting names");
    let counts = candidates(&c);
    let ends = name_ends(&c, &counts, min_count, false);
    let head_counts = head_candidates(&c);
    let head_ends = name_ends(&c, &head_counts, min_count, true);
    let ends: Vec<(Vec<u32>, u32)> = ends.into_iter().filter(|(p, _)| !is_place(k, &c, p)).collect();
    let by_ids: HashMap<Vec<u32>, u32> = ends.iter().chain(&head_ends).cloned().collect();
    let (anywhere, cues, last_counts) = corpus_counts(&c, &by_ids);
    let mut entries = Vec::new();
    let (mut rejected_share, mut alone) = (0usize, 0usize);
    for (p, n) in &ends {
        let total = anywhere.get(p).copied().unwrap_or(*n).max(*n);
        if (*n as f64) < TITLE_SHARE * total as f64 {
            rejected_share += 1;
            continue;
        }
        let words: Vec<&str> = p.iter().map(|&i| c.words[i as usize].as_str()).collect();
        let last = *p.last().unwrap_or(&0);
        let last_word = &c.words[last as usize];
        let is_alone = last_word.chars().count() >= 3
            && takes_prepositions(segmenter.lexicon(), last_word)
            && last_counts.get(&last).map_or(0, |e| e[0]) as f64 >= ALONE_SHARE * c.total[last as usize] as f64;
        // How the name writes its last word (bare or with the article).
        let [ends_n, ends_definite] = last_counts.get(&last).copied().unwrap_or([0, 0]);
        // A name that begins with a given name is a person, whatever is named after them
        // (مطار X، مؤسسة X); else the head words before it decide.
        let kind = if p.len() > 1 && lists.0.given.contains(words[0]) {
            EntityType::Per
        } else {
            kind_of(cues.get(p).copied().unwrap_or([0, 0]), total)
        };
        let name = |alone| Name {
            kind,
            alone,
            count: *n,
            given: false,
            definite: 2 * ends_definite > ends_n,
        };
        if p.len() == 1 {
            // A person named by one word behind a title (الرئيس X) is kept through the
            // names that end with that word; a lone word that is not the end of one is
            // as often a verb of a headline (الوزير يرفض).
            // An organisation or place (by the head words before it, see `kind_of`) is
            // a name on its own.
            if kind != EntityType::Per && takes_prepositions(segmenter.lexicon(), last_word) {
                entries.push((key(words), name(true)));
                alone += 1;
            }
            continue;
        }
        entries.push((key(words), name(false)));
        if is_alone {
            entries.push((last_word.clone(), name(true)));
            alone += 1;
        }
    }
    let heads_learned = head_names(&c, &head_ends, &anywhere, &cues, &mut entries);
    let mut top: Vec<&(String, Name)> = entries.iter().collect();
    top.sort_by(|a, b| b.1.count.cmp(&a.1.count).then(a.0.cmp(&b.0)));
    let top: Vec<String> = top
        .iter()
        .take(300)
        .map(|(k, n)| format!("{k} {:?}{}", n.kind, if n.alone { " alone" } else { "" }))
        .collect();
    // Given names (of the labelled data and the given-names gazetteer), so that a hashtag
    // can be recognised as a person by its first word (#GIVEN_SURNAME).
    let given = lists.0.given.len();
    for g in &lists.0.given {
        entries.push((
            g.clone(),
            Name {
                kind: EntityType::Per,
                alone: false,
                count: 0,
                given: true,
                definite: false,
            },
        ));
    }
    // A key of two letters collides with function words once the article is gone (الله → له).
    entries.retain(|(k, _)| k.chars().count() >= 3);
    let list = Names::from_entries(entries);
    let report = serde_json::json!({
        "articles": articles,
        "sentences": c.sentences.len(),
        "candidate_prefixes": counts.len(),
        "name_ends": ends.len(),
        "rejected_rarely_behind_titles": rejected_share,
        "names": list.len(),
        "single_words_alone": alone,
        "names_behind_head_words": heads_learned,
        "given_names": given,
        "min_count": min_count,
        "most_often_behind_titles": top,
    });
    (list, report)
}

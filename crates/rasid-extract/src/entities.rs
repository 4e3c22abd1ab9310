//! From mentions to entities: titles and roles, in-document coreference, canonical names,
//! Latin renderings, and links to places and CAMEO actors.
//!
//! - **Roles.** A person's title is the phrase before the name that starts with a title
//!   word of the knowledge file (الرئيس + nationality adjective + NAME; رئيس مجلس النواب،
//!   NAME), or after it behind a comma (NAME، الرئيس + adjective). Its affiliation is the
//!   country of a nationality adjective in it, else a place or organisation mentioned
//!   inside it.
//! - **Coreference.** A person mention whose words are a contiguous part of an earlier
//!   person's name is that person (a surname alone is the full name before it); a longer
//!   name absorbs an
//!   earlier shorter one. Places and organisations corefer on equal normalised names
//!   (article ignored). A hashtag whose words are an entity's name is a mention of it. A
//!   title used alone (الرئيس الأمريكي) is a mention of the one person in the article who
//!   holds that title with that affiliation.
//! - **Place names.** A place mention next to a word with which it makes a longer place
//!   name (جنوب + السودان) becomes the longer name; one whose first word lost a clitic letter
//!   that belongs to the word (باندورا is not ب + اندورا, the knowledge file says) gets the
//!   letter back.
//! - **Links.** Places link to the gazetteer reading preferred by kind (country, then
//!   capital, then population); persons and organisations to the UniversalPetrarch actor
//!   dictionary, with the CAMEO code valid on the publication date.
//! - **Latin.** A linked place's Latin is the gazetteer's name; other names take the Latin
//!   form a source gives for the whole name, else word by word (`translit::latin_with`).

use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

use rasid_core::{Doc, Entity, EntityType, Link, Mention, MentionHow, Sentence, Stage, TokenKind};
use rasid_text::{normalize, strip_article};

use crate::knowledge::Knowledge;
use crate::titles::{Title, TitleWords};
use crate::translit::latin_with;

/// Words of a name for matching: normalised, article removed from each word.
fn name_words(norm: &str) -> Vec<String> {
    norm.split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .map(|w| strip_article(w).to_string())
        .collect()
}

/// A name as people write it: hashtag marks and underscores become spaces.
fn clean_name(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The sentence holding token `i`. Sentences are consecutive token ranges in text order,
/// so a binary search finds it: a scan of every sentence per mention made long articles
/// quadratic.
fn sentence_at(sentences: &[Sentence], i: usize) -> Option<&Sentence> {
    let n = sentences.partition_point(|s| s.first_token <= i);
    sentences[..n].last().filter(|s| i < s.end_token)
}

/// Whether tokens `i` and `j` are in the same sentence.
fn same_sentence(doc: &Doc, i: usize, j: usize) -> bool {
    sentence_at(&doc.analysis.sentences, i.min(j)).is_some_and(|s| i.max(j) < s.end_token)
}

/// Every contiguous run of `words` (the keys under which a name can be found by a part of
/// it).
fn runs(words: &[String]) -> impl Iterator<Item = &[String]> {
    (0..words.len()).flat_map(move |a| (a + 1..=words.len()).map(move |b| &words[a..b]))
}

/// The Latin form of an entity's name: a linked place's gazetteer name, else the form a
/// source gives for the whole name, else word by word.
fn latin_of(name: &str, link: Option<&Link>, k: &Knowledge) -> String {
    if let Some(Link::Place { name, .. }) = link {
        return name.clone();
    }
    let key = normalize(name);
    k.latin_name(&key)
        .map(str::to_string)
        .unwrap_or_else(|| latin_with(name, |w| k.latin_word(w)))
}

struct Role {
    text: String,
    head: String,
    affiliation: Option<String>,
    /// Whether the role names an office, not only a rank or a form of address (الشيخ):
    /// a person's role is the first office the article gives, else the first honorific.
    office: bool,
}

/// What a role phrase is looked for with.
struct RoleWords<'a> {
    k: &'a Knowledge,
    t: &'a TitleWords,
    spans: &'a Spans<'a>,
}

/// The title phrase attached to the person mention `m`, if any: before the name (TITLE
/// NAME, TITLE، NAME), else after it (NAME، TITLE; NAME، وهو TITLE).
fn role_of(doc: &Doc, s: &Sentence, m: &Mention, r: &RoleWords) -> Option<Role> {
    let (a, b) = title_before(doc, s, m, r).or_else(|| title_after(doc, s, m, r))?;
    let (tokens, words) = (&doc.analysis.tokens, &doc.words);
    // A title the segmenter split (و + لي) is the whole token.
    let whole = title_at(doc, a, r.t).is_some_and(|(_, whole)| whole);
    let from = if whole { tokens[a].start } else { tokens[a].core_start() };
    let to = tokens[b - 1].end;
    if from >= to {
        return None;
    }
    let office = (a..b).any(|k| title_at(doc, k, r.t).is_some_and(|(kind, _)| kind == Title::Office));
    Some(Role {
        text: with_article(&doc.text()[from..to], &words[a].form),
        head: if whole {
            strip_article(&tokens[a].norm).to_string()
        } else {
            words[a].bare.clone()
        },
        affiliation: affiliation(doc, a, b, r),
        office,
    })
}

/// The tokens `a..b` of a title phrase before the name: the leftmost title word within
/// eight tokens, not across a clause particle, a person's name, a conjunction or the
/// nationality adjective that closes another title phrase (الرئيس المصري وزير الخارجية
/// الأمريكي X is the minister); ranks and forms of address right before the name after an
/// office are left out (العاهل الأردني الملك X: العاهل الأردني).
fn title_before(doc: &Doc, s: &Sentence, m: &Mention, r: &RoleWords) -> Option<(usize, usize)> {
    let (tokens, words) = (&doc.analysis.tokens, &doc.words);
    // Before the name: skip one comma.
    let mut j = m.first_token;
    if j > s.first_token && matches!(tokens[j - 1].text.as_str(), "،" | ",") {
        j -= 1;
    }
    let mut start: Option<(usize, Title)> = None;
    let mut i = j;
    while i > s.first_token && j - i < 8 {
        let (t, w) = (&tokens[i - 1], &words[i - 1]);
        // An office, a comma, then a form of address (ولي العهد، الأمير X): the office is
        // the role.
        let only_honorifics = start.is_some_and(|(_, kind)| kind == Title::Honorific);
        if only_honorifics && matches!(t.text.as_str(), "،" | ",") && i - 1 > s.first_token {
            i -= 1;
            continue;
        }
        if t.kind != TokenKind::Arabic || r.spans.in_person(i - 1) || r.t.stops(&w.form) {
            break;
        }
        let closes_another = r.k.nationality(&w.bare).is_some();
        if closes_another && start.is_some_and(|(_, kind)| kind == Title::Office) {
            break;
        }
        let title = title_at(doc, i - 1, r.t);
        if let Some((kind, _)) = title {
            start = Some((i - 1, kind));
        }
        // A conjunction starts a new phrase (وزعيم المعارضة), and so does a title behind a
        // preposition (رسالة للرئيس X): it may be the title itself, not beyond.
        let preposition = title.is_some_and(|(_, whole)| !whole) && w.proclitics.contains(['ل', 'ب', 'ك']);
        if (w.starts_with_conjunction() && !title.is_some_and(|(_, whole)| whole)) || preposition {
            break;
        }
        i -= 1;
    }
    let (a, _) = start?;
    let mut b = j;
    let honorific = |k: usize| title_at(doc, k, r.t).is_some_and(|(kind, _)| kind == Title::Honorific);
    while b > a + 1 && (honorific(b - 1) || tokens[b - 1].kind == TokenKind::Punct) {
        b -= 1;
    }
    Some((a, b))
}

/// What the word at token `i` does in a title, and whether it took the whole token: its
/// word without proclitics and article, else the whole token where the segmenter took a
/// letter of the title for a clitic (ولي split as و + لي).
fn title_at(doc: &Doc, i: usize, t: &TitleWords) -> Option<(Title, bool)> {
    let whole = || t.title(strip_article(&doc.analysis.tokens[i].norm)).map(|k| (k, true));
    t.title(&doc.words[i].bare).map(|k| (k, false)).or_else(whole)
}

/// The tokens of a title phrase after the name: "NAME، TITLE ...", "NAME، وهو TITLE ..." or,
/// for an office not followed by another name, "NAME TITLE ...", up to the next
/// punctuation, clause particle or name, at most seven words.
fn title_after(doc: &Doc, s: &Sentence, m: &Mention, r: &RoleWords) -> Option<(usize, usize)> {
    let (tokens, words) = (&doc.analysis.tokens, &doc.words);
    let e = m.end_token;
    let comma = e < s.end_token && matches!(tokens[e].text.as_str(), "،" | ",");
    let mut a = if comma { e + 1 } else { e };
    if a < s.end_token && r.t.apposition(&tokens[a].norm) {
        a += 1;
    }
    // Without a comma only an office, with the article or in a construct, can follow a name
    // as its title (X رئيس الوزراء); a title word glued to a conjunction is a new phrase.
    let title = (a < s.end_token).then(|| title_at(doc, a, r.t)).flatten();
    let bare_ok = title.is_some_and(|(kind, _)| kind == Title::Office) && !words[a].starts_with_conjunction();
    if title.is_none() || (!comma && !bare_ok) {
        return None;
    }
    let mut b = a + 1;
    while b < s.end_token
        && b < a + 7
        && tokens[b].kind == TokenKind::Arabic
        && !r.spans.in_person(b)
        && !r.t.stops(&words[b].form)
    {
        b += 1;
    }
    // Without a comma, a title that runs into another name is that name's (X رئيس الوزراء
    // Y: the prime minister is Y).
    if !comma && b < s.end_token && r.spans.in_person(b) {
        return None;
    }
    Some((a, b))
}

/// Who the title phrase `a..b` says the person acts for: an organisation it names (نائب
/// قائد قوات X، المتحدث باسم حزب X), else the country of its last
/// nationality adjective (وزير الخارجية الروسي is Russian, whatever الخارجية suggests),
/// else a place it names.
fn affiliation(doc: &Doc, a: usize, b: usize, r: &RoleWords) -> Option<String> {
    let words = &doc.words;
    let within = |kind: EntityType| r.spans.first_within(a, b, |x| x.kind == kind).map(display_name);
    within(EntityType::Org)
        .or_else(|| {
            (a..b).rev().find_map(|i| {
                let pair = (i + 1 < b).then(|| format!("{} {}", words[i].bare, words[i + 1].bare));
                pair.and_then(|p| r.k.nationality(&p))
                    .or_else(|| r.k.nationality(&words[i].bare))
                    .map(str::to_string)
            })
        })
        .or_else(|| within(EntityType::Loc))
}

/// A title's text with the article's alef after ل put back (للجنرال gives لجنرال from the
/// second lam on; the role is الجنرال).
fn with_article(text: &str, form: &str) -> String {
    let norm = normalize(text);
    if form.starts_with("ال") && !norm.starts_with("ال") && norm.starts_with('ل') {
        format!("ا{text}")
    } else {
        text.to_string()
    }
}

/// An organisation's name: the one its mentions use most, the longer on a tie. (Its
/// mentions may be shorter or longer forms of one name, وزارة العدل and وزارة العدل
/// الفلانية, and a longer form the tagger ran on into a verb is used once.)
fn usual_name(mentions: &[Mention], of: &[usize]) -> (String, String) {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for &mi in of {
        let e = counts.entry(mentions[mi].norm.as_str()).or_insert((0, mi));
        e.0 += 1;
    }
    let best = counts
        .into_iter()
        .max_by_key(|&(norm, (n, mi))| (n, norm.len(), std::cmp::Reverse(mi)))
        .map(|(_, (_, mi))| &mentions[mi]);
    best.map(|m| (display_name(m), m.norm.clone())).unwrap_or_default()
}

/// The tagger's mentions indexed by token, for the role phrases: which tokens are inside
/// a person's name, and the mentions in order of their first token.
struct Spans<'m> {
    mentions: &'m [Mention],
    person: Vec<bool>,
    /// Mention indices sorted by (first token, index).
    by_first: Vec<usize>,
}

impl<'m> Spans<'m> {
    fn new(mentions: &'m [Mention], n_tokens: usize) -> Spans<'m> {
        let mut person = vec![false; n_tokens];
        for m in mentions.iter().filter(|m| m.kind == EntityType::Per) {
            person[m.first_token..m.end_token].fill(true);
        }
        let mut by_first: Vec<usize> = (0..mentions.len()).collect();
        by_first.sort_by_key(|&i| (mentions[i].first_token, i));
        Spans {
            mentions,
            person,
            by_first,
        }
    }

    fn in_person(&self, i: usize) -> bool {
        self.person[i]
    }

    /// The first mention (in mention order) inside tokens `a..b` that `keep` accepts.
    fn first_within(&self, a: usize, b: usize, keep: impl Fn(&Mention) -> bool) -> Option<&'m Mention> {
        let ms = self.mentions;
        let from = self.by_first.partition_point(|&i| ms[i].first_token < a);
        self.by_first[from..]
            .iter()
            .take_while(|&&i| ms[i].first_token <= b)
            .filter(|&&i| ms[i].end_token <= b && keep(&ms[i]))
            .min()
            .map(|&i| &ms[i])
    }
}

/// A mention's text as a name: after ل the article's alef is not written (للاتحاد الأوروبي
/// gives the mention لاتحاد الأوروبي, whose norm the tagger stage already restored), so the
/// name gets it back: الاتحاد الأوروبي.
fn display_name(m: &Mention) -> String {
    let norm_text = rasid_text::normalize(&m.text);
    if m.norm.strip_prefix('ا') == Some(norm_text.as_str()) && norm_text.starts_with('ل') {
        format!("ا{}", m.text)
    } else {
        m.text.clone()
    }
}

fn link(kind: EntityType, canonical_norm: &str, k: &Knowledge, dct: Option<NaiveDate>) -> Option<Link> {
    let words = canonical_norm.to_string();
    let bare = name_words(&words).join(" ");
    match kind {
        EntityType::Loc => {
            let with_article = format!("ال{words}");
            let places = [words.as_str(), bare.as_str(), with_article.as_str()]
                .into_iter()
                .map(|n| k.places(n))
                .find(|p| !p.is_empty())?;
            let p = &places[0];
            Some(Link::Place {
                name: p.name.clone(),
                country: p.country.clone(),
                lat: p.lat,
                lon: p.lon,
                population: p.population,
                place_type: p.kind,
                candidates: places.len(),
            })
        }
        EntityType::Per | EntityType::Org => {
            let codes = [words.as_str(), bare.as_str()]
                .into_iter()
                .map(|n| k.actor(n))
                .find(|c| !c.is_empty())?;
            let day = dct.map(|d| d.format("%Y%m%d").to_string());
            // Of the codes valid on the publication date, the most general (shortest) one:
            // SDNGOV rather than SDNGOVHRI.
            let valid = codes
                .iter()
                .filter(|c| {
                    day.as_ref().is_some_and(|d| {
                        (c.from.is_empty() || c.from.as_str() <= d.as_str())
                            && (c.to.is_empty() || d.as_str() <= c.to.as_str())
                    })
                })
                .min_by_key(|c| c.code.len());
            let c = valid
                .or_else(|| codes.iter().find(|c| c.from.is_empty()))
                .unwrap_or(&codes[0]);
            let opt = |s: &String| (!s.is_empty()).then(|| s.clone());
            Some(Link::Actor {
                code: c.code.clone(),
                from: opt(&c.from),
                to: opt(&c.to),
                name: words,
            })
        }
        EntityType::Misc => None,
    }
}

/// The entity stage: mentions grouped into entities, with roles and links.
pub struct Entities {
    knowledge: Arc<Knowledge>,
    titles: TitleWords,
}

impl Entities {
    pub fn new(knowledge: Arc<Knowledge>, titles: TitleWords) -> Entities {
        Entities { knowledge, titles }
    }
}

impl Stage for Entities {
    fn name(&self) -> &'static str {
        "entities"
    }

    fn run(&self, doc: &mut Doc) {
        let tagged = std::mem::take(&mut doc.analysis.mentions);
        let (mentions, entities) = resolve(doc, tagged, &self.knowledge, &self.titles);
        doc.analysis.mentions = mentions;
        doc.analysis.entities = entities;
    }
}

/// Groups mentions into entities (and adds title-only, hashtag and repeated-name mentions).
/// `mentions` comes from the tagger, in text order; it is returned in text order with
/// entity ids set.
pub fn resolve(doc: &Doc, mentions: Vec<Mention>, k: &Knowledge, titles: &TitleWords) -> (Vec<Mention>, Vec<Entity>) {
    let n = doc.analysis.tokens.len();
    let mut r = Resolver {
        doc,
        k,
        titles,
        mentions,
        clusters: Vec::new(),
        cover: vec![0; n],
        person_starts: vec![0; n + 1],
    };
    r.join_adjacent_persons();
    for mi in 0..r.mentions.len() {
        r.index_mention(mi);
    }
    r.restore_clitic_letters();
    r.extend_compounds();
    r.cluster_tagged();
    r.add_hashtags();
    r.add_titles_alone();
    r.add_repeated_names();
    r.finish()
}

/// The mentions of one referent while they are being gathered.
struct Cluster {
    kind: EntityType,
    /// The name's words without articles (`name_words`), of the fullest name so far.
    words: Vec<String>,
    canonical: String,
    canonical_norm: String,
    mentions: Vec<usize>,
    role: Option<Role>,
}

/// The clusters by name while the tagger's mentions are clustered, so that a mention
/// finds its cluster without a scan of every cluster: the last cluster of a person whose
/// name contains the mention's words, or whose name the mention's words contain; the last
/// organisation whose name begins with the mention's words (two or more) or begins the
/// mention's name; the last cluster of another type with the same words.
#[derive(Default)]
struct NameIndex {
    /// Every run of a person cluster's words: the last cluster holding it. A cluster's
    /// words only grow into a name that holds the old one as a run, so an entry never goes
    /// stale.
    person_runs: HashMap<Vec<String>, usize>,
    /// A person cluster's words: the clusters that had exactly these (checked on look-up,
    /// since words change).
    person_names: HashMap<Vec<String>, Vec<usize>>,
    /// (type, words) of the other types: the last cluster (their words never change).
    others: HashMap<(EntityType, Vec<String>), usize>,
    /// The shorter beginnings (two words or more) of organisations' names: the last
    /// cluster (وزارة العدل of وزارة العدل الفلانية).
    org_prefixes: HashMap<Vec<String>, usize>,
}

impl NameIndex {
    /// Cluster `ci`, new or with new words.
    fn insert(&mut self, ci: usize, c: &Cluster) {
        if c.kind != EntityType::Per {
            let last = self.others.entry((c.kind, c.words.clone())).or_insert(ci);
            *last = (*last).max(ci);
            if c.kind == EntityType::Org {
                for n in 2..c.words.len() {
                    let last = self.org_prefixes.entry(c.words[..n].to_vec()).or_insert(ci);
                    *last = (*last).max(ci);
                }
            }
            return;
        }
        for run in runs(&c.words) {
            let last = self.person_runs.entry(run.to_vec()).or_insert(ci);
            *last = (*last).max(ci);
        }
        self.person_names.entry(c.words.clone()).or_default().push(ci);
    }

    /// The cluster a mention of `kind` with name `words` belongs to, as the last matching
    /// cluster of a scan would be.
    fn find(&self, clusters: &[Cluster], kind: EntityType, words: &[String]) -> Option<usize> {
        if kind == EntityType::Org && words.len() >= 2 {
            // The same name, the beginning of an earlier name (وزارة العدل after وزارة العدل
            // الفلانية), or an earlier name that begins this one (the reverse): one body.
            let same = self.others.get(&(kind, words.to_vec())).copied();
            let begins_earlier = self.org_prefixes.get(words).copied();
            let earlier_begins = (2..words.len())
                .filter_map(|n| self.others.get(&(kind, words[..n].to_vec())).copied())
                .max();
            return same.or(begins_earlier.max(earlier_begins));
        }
        if kind != EntityType::Per {
            return self.others.get(&(kind, words.to_vec())).copied();
        }
        // An empty name is part of none and holds none.
        if words.is_empty() {
            return None;
        }
        let within = self.person_runs.get(words).copied();
        let holding = runs(words)
            .filter_map(|run| Some((run, self.person_names.get(run)?)))
            .flat_map(|(run, cis)| cis.iter().copied().filter(move |&ci| clusters[ci].words == run))
            .max();
        within.max(holding)
    }
}

/// The clusters by their final words, for hashtags: the first cluster whose words are the
/// hashtag's, or (for two words or more) hold them as a run.
struct HashtagNames<'c> {
    names: HashMap<&'c [String], usize>,
    runs: HashMap<&'c [String], usize>,
}

impl<'c> HashtagNames<'c> {
    fn new(clusters: &'c [Cluster]) -> HashtagNames<'c> {
        let (mut names, mut runs_of) = (HashMap::new(), HashMap::new());
        for (ci, c) in clusters.iter().enumerate() {
            names.entry(c.words.as_slice()).or_insert(ci);
            for run in runs(&c.words).filter(|r| r.len() > 1) {
                runs_of.entry(run).or_insert(ci);
            }
        }
        HashtagNames { names, runs: runs_of }
    }

    fn find(&self, words: &[String]) -> Option<usize> {
        let run = (words.len() > 1).then(|| self.runs.get(words).copied()).flatten();
        let name = self.names.get(words).copied();
        match (name, run) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        }
    }
}

/// The persons by role, for titles used alone: (title head, affiliation) → the first
/// cluster holding it and how many do.
struct TitleHolders {
    by_role: HashMap<(String, String), (usize, usize)>,
}

impl TitleHolders {
    fn new(clusters: &[Cluster]) -> TitleHolders {
        let mut by_role = HashMap::new();
        for (ci, c) in clusters.iter().enumerate() {
            let Some((r, aff)) = c.role.as_ref().and_then(|r| Some((r, r.affiliation.as_ref()?))) else {
                continue;
            };
            by_role.entry((r.head.clone(), aff.clone())).or_insert((ci, 0)).1 += 1;
        }
        TitleHolders { by_role }
    }

    /// The one cluster holding title `head` with affiliation `nat`, if exactly one does.
    fn only(&self, head: &str, nat: &str) -> Option<usize> {
        match self.by_role.get(&(head.to_string(), nat.to_string())) {
            Some(&(ci, 1)) => Some(ci),
            _ => None,
        }
    }
}

struct Resolver<'a> {
    doc: &'a Doc,
    k: &'a Knowledge,
    titles: &'a TitleWords,
    mentions: Vec<Mention>,
    clusters: Vec<Cluster>,
    /// Per token, how many mentions cover it; kept up to date as mentions are added or
    /// widened, so that "is this token in a mention" is one look-up, not a scan of every
    /// mention (which made long articles quadratic).
    cover: Vec<u32>,
    /// Per token, how many person mentions start there.
    person_starts: Vec<u32>,
}

impl Resolver<'_> {
    fn covered(&self, i: usize) -> bool {
        self.cover[i] > 0
    }

    /// Whether any of tokens `a..b` is in a mention.
    fn any_covered(&self, a: usize, b: usize) -> bool {
        self.cover[a..b].iter().any(|&c| c > 0)
    }

    /// Counts mention `mi` in the per-token indexes.
    fn index_mention(&mut self, mi: usize) {
        let m = &self.mentions[mi];
        // The indexes count tokens; an empty mention would overlap nothing in them while a
        // scan of the mentions would see it, so none may exist.
        debug_assert!(m.first_token < m.end_token, "an empty mention: {m:?}");
        for c in &mut self.cover[m.first_token..m.end_token] {
            *c += 1;
        }
        if m.kind == EntityType::Per {
            self.person_starts[m.first_token] += 1;
        }
    }

    /// A mention the resolver adds (how = hashtag, title, repeat) over `first..end` tokens,
    /// from byte `start` to `stop`, as a mention of cluster `ci`.
    fn add(
        &mut self,
        ci: usize,
        how: MentionHow,
        (first, end): (usize, usize),
        (start, stop): (usize, usize),
        norm: String,
    ) {
        let text = self.doc.text();
        self.mentions.push(Mention {
            kind: self.clusters[ci].kind,
            start,
            end: stop,
            text: text[start..stop].to_string(),
            norm,
            first_token: first,
            end_token: end,
            entity: None,
            how,
        });
        let n = self.mentions.len() - 1;
        self.index_mention(n);
        self.clusters[ci].mentions.push(n);
    }

    /// Gives a place mention back the clitic letter the segmenter took from its first word
    /// when the whole word is a word of its own (وباندورا: باندورا, not ب + اندورا).
    fn restore_clitic_letters(&mut self) {
        let (text, words) = (self.doc.text(), &self.doc.words);
        for m in self.mentions.iter_mut().filter(|m| m.kind == EntityType::Loc) {
            let w = &words[m.first_token];
            let Some(letter) = w.proclitics.chars().last().filter(|c| matches!(c, 'ب' | 'ل' | 'ك')) else {
                continue;
            };
            let first = m.norm.split(' ').next().unwrap_or("");
            let at = m.start.saturating_sub(letter.len_utf8());
            if self.k.is_clitic_word(&format!("{letter}{first}"))
                && text.get(at..m.start) == Some(letter.encode_utf8(&mut [0; 4]))
            {
                m.start = at;
                m.text = text[at..m.end].to_string();
                m.norm = normalize(&m.text);
            }
        }
    }

    /// Joins a place mention with the word before or after it when the two make a longer
    /// place name of the gazetteer (جنوب السودان، كوريا الجنوبية): the compound is the place
    /// meant, not its part.
    /// Two person mentions side by side, the second without a conjunction (FIRST MIDDLE +
    /// LAST), are one name the tagger cut in two: the first takes the second's tokens
    /// and the second goes. Mentions are in text order, so the pairs are neighbours.
    fn join_adjacent_persons(&mut self) {
        let doc = self.doc;
        let (text, words) = (doc.text(), &doc.words);
        let mut kept: Vec<Mention> = Vec::with_capacity(self.mentions.len());
        for m in std::mem::take(&mut self.mentions) {
            if let Some(prev) = kept.last_mut() {
                let joins = prev.kind == EntityType::Per
                    && m.kind == EntityType::Per
                    && prev.end_token == m.first_token
                    && prev.how == m.how
                    && !words[m.first_token].starts_with_conjunction()
                    && same_sentence(doc, prev.first_token, m.first_token);
                if joins {
                    prev.end_token = m.end_token;
                    prev.end = m.end;
                    prev.text = text[prev.start..prev.end].to_string();
                    prev.norm = format!("{} {}", prev.norm, m.norm);
                    continue;
                }
            }
            kept.push(m);
        }
        self.mentions = kept;
    }

    fn extend_compounds(&mut self) {
        let doc = self.doc;
        let (text, tokens, words) = (doc.text(), &doc.analysis.tokens, &doc.words);
        let free = |i: usize, cover: &[u32]| tokens[i].kind == TokenKind::Arabic && cover[i] == 0;
        for mi in 0..self.mentions.len() {
            let m = &self.mentions[mi];
            if m.kind != EntityType::Loc {
                continue;
            }
            let (a, b) = (m.first_token, m.end_token);
            let before = (a > 0 && free(a - 1, &self.cover) && same_sentence(doc, a - 1, a))
                .then(|| format!("{} {}", words[a - 1].core, m.norm))
                .filter(|n| self.k.is_place(n));
            let after = (b < tokens.len() && free(b, &self.cover) && same_sentence(doc, b - 1, b))
                .then(|| format!("{} {}", m.norm, words[b].core))
                .filter(|n| self.k.is_place(n));
            let (first, end, start, stop, added) = match (before, after) {
                (Some(_), _) => (a - 1, b, tokens[a - 1].core_start(), m.end, a - 1),
                (None, Some(_)) => (a, b + 1, m.start, tokens[b].core_end(), b),
                (None, None) => continue,
            };
            self.cover[added] += 1;
            let m = &mut self.mentions[mi];
            (m.first_token, m.end_token, m.start, m.end) = (first, end, start, stop);
            m.text = text[start..stop].to_string();
            m.norm = normalize(&m.text);
        }
    }

    /// The tagger's mentions: a person mention whose words are a contiguous part of an
    /// earlier person's name (or the other way round) is that person; other types corefer
    /// on equal names.
    fn cluster_tagged(&mut self) {
        let sentences = &self.doc.analysis.sentences;
        let spans = Spans::new(&self.mentions, self.doc.analysis.tokens.len());
        let role_words = RoleWords {
            k: self.k,
            t: self.titles,
            spans: &spans,
        };
        let mut index = NameIndex::default();
        for mi in 0..self.mentions.len() {
            let m = &self.mentions[mi];
            let words = name_words(&m.norm);
            let found = index.find(&self.clusters, m.kind, &words);
            let role = if m.kind == EntityType::Per {
                sentence_at(sentences, m.first_token).and_then(|s| role_of(self.doc, s, m, &role_words))
            } else {
                None
            };
            match found {
                Some(ci) => {
                    let c = &mut self.clusters[ci];
                    if words.len() > c.words.len() {
                        c.words = words;
                        c.canonical = display_name(m);
                        c.canonical_norm = m.norm.clone();
                        index.insert(ci, c);
                    }
                    c.mentions.push(mi);
                    // The first office the article gives, else the first honorific.
                    let better = |r: &Role| c.role.as_ref().is_none_or(|old| r.office && !old.office);
                    if role.as_ref().is_some_and(better) {
                        c.role = role;
                    }
                }
                None => {
                    let c = Cluster {
                        kind: m.kind,
                        words,
                        canonical: display_name(m),
                        canonical_norm: m.norm.clone(),
                        mentions: vec![mi],
                        role,
                    };
                    index.insert(self.clusters.len(), &c);
                    self.clusters.push(c);
                }
            }
        }
    }

    /// Hashtags naming an entity: the words of #FIRST_LAST are the name FIRST LAST.
    fn add_hashtags(&mut self) {
        let tokens = &self.doc.analysis.tokens;
        let mut names: Option<HashtagNames> = None;
        let mut found = Vec::new();
        for (ti, t) in tokens.iter().enumerate() {
            // A hashtag the tagger already marked is already a mention of its entity.
            // (A hashtag mention covers its own token only, so the ones found before do
            // not change this for the ones after.)
            if t.kind != TokenKind::Hashtag || self.covered(ti) {
                continue;
            }
            let words = name_words(&t.norm);
            if let Some(ci) = names
                .get_or_insert_with(|| HashtagNames::new(&self.clusters))
                .find(&words)
            {
                found.push((ti, ci));
            }
        }
        for (ti, ci) in found {
            let t = &tokens[ti];
            let start = t.words.first().map(|w| w.start).unwrap_or(t.start);
            self.add(ci, MentionHow::Hashtag, (ti, ti + 1), (start, t.end), t.norm.clone());
        }
    }

    /// Titles used alone: الرئيس الأمريكي → the one person with that title and affiliation.
    fn add_titles_alone(&mut self) {
        let doc = self.doc;
        let holders = TitleHolders::new(&self.clusters);
        for s in &doc.analysis.sentences {
            let mut i = s.first_token;
            while i < s.end_token {
                i = match self.title_alone(s, i, &holders) {
                    Some((None, end)) => end,
                    Some((Some(ci), end)) => {
                        let start = doc.analysis.tokens[i].core_start();
                        let stop = doc.analysis.tokens[end - 1].end;
                        self.add(
                            ci,
                            MentionHow::Title,
                            (i, end),
                            (start, stop),
                            normalize(&doc.text()[start..stop]),
                        );
                        end
                    }
                    None => i + 1,
                };
            }
        }
    }

    /// At token `i`: a title word with its nationality adjective, not before a name: the
    /// phrase end, and the cluster of the one person of the article who holds that title
    /// (none when nobody or several do).
    fn title_alone(&self, s: &Sentence, i: usize, holders: &TitleHolders) -> Option<(Option<usize>, usize)> {
        let (t, w) = (&self.doc.analysis.tokens[i], &self.doc.words[i]);
        if t.kind != TokenKind::Arabic
            || self.covered(i)
            || !w.core.starts_with("ال")
            || self.titles.title(&w.bare).is_none()
        {
            return None;
        }
        // The phrase: the title word and a nationality adjective right after it.
        let nat = (i + 1 < s.end_token)
            .then(|| self.k.nationality(&self.doc.words[i + 1].bare))
            .flatten()?;
        let end = i + 2;
        // Followed by a name (or a comma and a name; both within the seven tokens after
        // the title word): that is a role, not a mention.
        let last = (i + 7).min(self.person_starts.len() - 1);
        if self.person_starts[i + 1..=last].iter().any(|&n| n > 0) {
            return None;
        }
        Some((holders.only(&w.bare, nat), end))
    }

    /// Names the tagger missed where the article repeats them: a person's surname (the
    /// last word of a name of two or more) or any entity's full name, as a whole word
    /// behind any clitics.
    fn add_repeated_names(&mut self) {
        let doc = self.doc;
        let tokens = &doc.analysis.tokens;
        // Where each word occurs (Arabic tokens only, the only ones a name matches), so a
        // name is looked for where its rarest word is, not at every token.
        let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, t) in tokens.iter().enumerate() {
            if t.kind == TokenKind::Arabic {
                at.entry(doc.words[i].bare.as_str()).or_default().push(i);
            }
        }
        for ci in 0..self.clusters.len() {
            let (kind, words) = (self.clusters[ci].kind, self.clusters[ci].words.clone());
            let mut patterns: Vec<Vec<String>> = vec![words.clone()];
            if kind == EntityType::Per && words.len() > 1 {
                let last = words[words.len() - 1].clone();
                if last.chars().count() >= 3 && !self.k.is_title(&last) {
                    patterns.push(vec![last]);
                }
            }
            for pat in patterns {
                // A mention with no name words (a hashtag of punctuation) has nothing to repeat.
                if !pat.is_empty() {
                    self.add_repeats(ci, &pat, &at);
                }
            }
        }
    }

    /// The places where the words `pat` occur as whole words outside every mention, as
    /// mentions of cluster `ci`, in text order. A match covers its tokens, so the next
    /// match cannot overlap it.
    fn add_repeats(&mut self, ci: usize, pat: &[String], at: &HashMap<&str, Vec<usize>>) {
        let (doc, n) = (self.doc, pat.len());
        let tokens = &doc.analysis.tokens;
        let Some((k, places)) = pat
            .iter()
            .enumerate()
            .map(|(k, w)| at.get(w.as_str()).map(|p| (k, p)))
            .collect::<Option<Vec<_>>>()
            .and_then(|v| v.into_iter().min_by_key(|(_, p)| p.len()))
        else {
            return; // a word of the name occurs nowhere
        };
        for &p in places {
            let Some(i) = p.checked_sub(k).filter(|&i| i + n <= tokens.len()) else {
                continue;
            };
            let matches = (0..n).all(|d| tokens[i + d].kind == TokenKind::Arabic && doc.words[i + d].bare == pat[d])
                && !self.any_covered(i, i + n);
            if !matches {
                continue;
            }
            let (start, end) = (tokens[i].core_start(), tokens[i + n - 1].core_end());
            self.add(
                ci,
                MentionHow::Repeat,
                (i, i + n),
                (start, end),
                normalize(&doc.text()[start..end]),
            );
        }
    }

    /// Mentions in text order, with entity ids; entities in order of first mention.
    fn finish(self) -> (Vec<Mention>, Vec<Entity>) {
        let Resolver {
            doc,
            k,
            mentions,
            clusters,
            ..
        } = self;
        let mut order: Vec<usize> = (0..mentions.len()).collect();
        order.sort_by_key(|&i| (mentions[i].start, mentions[i].end));
        let mut new_index = vec![0; mentions.len()];
        for (new, &old) in order.iter().enumerate() {
            new_index[old] = new;
        }
        let mut sorted: Vec<Mention> = order.iter().map(|&i| mentions[i].clone()).collect();
        let mut by_first: Vec<(usize, usize)> = clusters
            .iter()
            .enumerate()
            .map(|(ci, c)| (c.mentions.iter().map(|&m| new_index[m]).min().unwrap_or(0), ci))
            .collect();
        by_first.sort();
        let mut entities = Vec::with_capacity(clusters.len());
        for (n, (_, ci)) in by_first.into_iter().enumerate() {
            let c = &clusters[ci];
            let id = format!("e{}", n + 1);
            let mut ms: Vec<usize> = c.mentions.iter().map(|&m| new_index[m]).collect();
            ms.sort();
            for &m in &ms {
                sorted[m].entity = Some(id.clone());
            }
            let (role, affiliation) = match &c.role {
                Some(r) => (Some(r.text.clone()), r.affiliation.clone()),
                None => (None, None),
            };
            let (name, name_norm) = match c.kind {
                EntityType::Org => usual_name(&mentions, &c.mentions),
                _ => (c.canonical.clone(), c.canonical_norm.clone()),
            };
            let link = link(c.kind, &name_norm, k, doc.dct);
            // A person whose title names no country acts for the country of their actor
            // code (a president linked to XXXGOV acts for the country XXX).
            let affiliation = affiliation.or_else(|| match (&link, c.kind) {
                (Some(Link::Actor { code, .. }), EntityType::Per) => k.country_of_actor(code).map(str::to_string),
                _ => None,
            });
            let canonical = clean_name(&name);
            entities.push(Entity {
                id,
                kind: c.kind,
                latin: latin_of(&canonical, link.as_ref(), k),
                link,
                canonical,
                mentions: ms,
                role,
                affiliation,
            });
        }
        (sorted, entities)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{doc, knowledge, tag};

    fn run(mut d: Doc) -> Doc {
        Entities::new(knowledge(), TitleWords::embedded().expect("the title words load")).run(&mut d);
        d
    }

    #[test]
    fn a_surname_repeated_is_the_same_person_with_the_role_before_the_name() {
        let mut d = doc(
            "وقال الوزير سامي خالد إن الوفد وصل. وأضاف خالد أن المحادثات بدأت.",
            None,
        );
        tag(&mut d, "سامي خالد", EntityType::Per);
        let d = run(d);
        let a = &d.analysis;
        assert_eq!(a.entities.len(), 1, "{:?}", a.entities);
        let e = &a.entities[0];
        assert_eq!(e.canonical, "سامي خالد");
        assert_eq!(e.role.as_deref(), Some("الوزير"));
        assert_eq!(e.mentions.len(), 2);
        assert_eq!(a.mentions[1].how, MentionHow::Repeat);
        assert_eq!(a.mentions[1].text, "خالد");
    }

    #[test]
    fn a_hashtag_of_the_name_is_a_mention() {
        let mut d = doc("وصل سامي خالد إلى المدينة. #سامي_خالد", None);
        tag(&mut d, "سامي خالد", EntityType::Per);
        let a = run(d).analysis;
        assert_eq!(a.entities.len(), 1);
        let hashtag = a
            .mentions
            .iter()
            .find(|m| m.how == MentionHow::Hashtag)
            .expect("a hashtag mention");
        assert_eq!(hashtag.entity.as_deref(), Some("e1"));
    }

    #[test]
    fn a_title_alone_is_the_one_person_holding_it() {
        let mut d = doc(
            "وصل الرئيس المصري سامي خالد أمس. وقال الرئيس المصري إن الزيارة مهمة.",
            None,
        );
        tag(&mut d, "سامي خالد", EntityType::Per);
        let a = run(d).analysis;
        assert_eq!(a.entities.len(), 1, "{:?}", a.entities);
        assert!(a.entities[0].affiliation.is_some());
        let title = a
            .mentions
            .iter()
            .find(|m| m.how == MentionHow::Title)
            .expect("a title mention");
        assert_eq!(title.text, "الرئيس المصري");
        assert_eq!(title.entity.as_deref(), Some("e1"));
    }

    #[test]
    fn a_longer_name_absorbs_a_shorter_one_and_types_stay_apart() {
        let mut d = doc("التقى خالد وفد المدينة. ثم قال سامي خالد إن المدينة جاهزة.", None);
        tag(&mut d, "خالد", EntityType::Per);
        tag(&mut d, "سامي خالد", EntityType::Per);
        tag(&mut d, "المدينة", EntityType::Loc);
        let a = run(d).analysis;
        let people: Vec<&Entity> = a.entities.iter().filter(|e| e.kind == EntityType::Per).collect();
        assert_eq!(people.len(), 1);
        assert_eq!(people[0].canonical, "سامي خالد");
        assert!(a.entities.iter().any(|e| e.kind == EntityType::Loc));
    }

    /// The place an entity of `name` links to: (English name, kind, candidates).
    fn place_of(a: &rasid_core::Analysis, name: &str) -> Option<(String, rasid_core::PlaceKind, usize)> {
        let e = a.entities.iter().find(|e| e.canonical == name)?;
        match &e.link {
            Some(Link::Place {
                name,
                place_type,
                candidates,
                ..
            }) => Some((name.clone(), *place_type, *candidates)),
            _ => None,
        }
    }

    #[test]
    fn an_ambiguous_city_name_is_the_capital_and_keeps_its_candidates() {
        let mut d = doc("وصل الوفد إلى واشنطن أمس.", None);
        tag(&mut d, "واشنطن", EntityType::Loc);
        let a = run(d).analysis;
        let (name, kind, candidates) = place_of(&a, "واشنطن").expect("a place link");
        assert_eq!(kind, rasid_core::PlaceKind::Capital, "{name}");
        assert!(name.starts_with("Washington, D"), "{name}");
        assert!(candidates > 1);
        assert_eq!(a.entities[0].latin, name);
    }

    #[test]
    fn common_names_of_countries_link_to_the_country() {
        for (text, name, country) in [
            ("زار الوفد بريطانيا أمس.", "بريطانيا", "United Kingdom"),
            ("زار الوفد أميركا أمس.", "أميركا", "United States"),
            ("زار الوفد أمريكا أمس.", "أمريكا", "United States"),
            ("زار الوفد الولايات المتحدة أمس.", "الولايات المتحدة", "United States"),
            ("زار الوفد ألمانيا أمس.", "ألمانيا", "Germany"),
        ] {
            let mut d = doc(text, None);
            tag(&mut d, name, EntityType::Loc);
            let a = run(d).analysis;
            let (english, kind, _) = place_of(&a, name).unwrap_or_else(|| panic!("{name} is not linked"));
            assert_eq!(
                (english.as_str(), kind),
                (country, rasid_core::PlaceKind::Country),
                "{name}"
            );
        }
    }

    #[test]
    fn a_compound_place_name_is_the_compound_not_its_part() {
        let mut d = doc("زار الوفد جنوب السودان ثم كوريا الجنوبية.", None);
        tag(&mut d, "السودان", EntityType::Loc);
        tag(&mut d, "كوريا", EntityType::Loc);
        let a = run(d).analysis;
        assert_eq!(
            place_of(&a, "جنوب السودان").map(|p| p.0).as_deref(),
            Some("South Sudan")
        );
        assert_eq!(
            place_of(&a, "كوريا الجنوبية").map(|p| p.0).as_deref(),
            Some("South Korea")
        );
        assert!(!a.entities.iter().any(|e| e.canonical == "السودان"));
        for m in &a.mentions {
            assert_eq!(&a.text[m.start..m.end], m.text);
        }
    }

    #[test]
    fn a_word_that_looks_like_a_clitic_and_a_place_keeps_its_letter() {
        let mut d = doc("فتح صندوق باندورا.", None);
        let i = d
            .analysis
            .tokens
            .iter()
            .position(|t| t.text == "باندورا")
            .expect("token");
        assert_eq!(
            d.words[i].proclitics, "ب",
            "the segmenter splits it, which this test is about"
        );
        tag(&mut d, "اندورا", EntityType::Loc);
        let a = run(d).analysis;
        let e = &a.entities[0];
        assert_eq!(e.canonical, "باندورا");
        assert!(e.link.is_none(), "{:?}", e.link);
        assert_eq!(&a.text[a.mentions[0].start..a.mentions[0].end], "باندورا");
    }

    #[test]
    fn latin_forms_come_from_the_dictionaries_then_the_rules() {
        let mut d = doc("قال عمر البشير وفلاديمير بوتين وسامي خالد إن الوفد وصل.", None);
        tag(&mut d, "عمر البشير", EntityType::Per);
        tag(&mut d, "فلاديمير بوتين", EntityType::Per);
        tag(&mut d, "سامي خالد", EntityType::Per);
        let a = run(d).analysis;
        let latin: Vec<&str> = a.entities.iter().map(|e| e.latin.as_str()).collect();
        assert_eq!(latin, ["Omar al-Bashir", "Vladimir Putin", "Sami Khalid"]);
    }
}

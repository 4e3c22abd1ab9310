//! The whole analysis of an article scored against the hand-annotated gold set
//! (`docs/gold/GUIDELINES.md`; the gold JSON lines are written by
//! `scripts/gold/locate.py --out`, with byte spans into the analysed text
//! `title + "\n\n" + body`).
//!
//! Every layer is scored per article and summed over the articles of a part (micro
//! averages). Matching is always one-to-one and greedy: the candidate pairs are taken best
//! first (ties in gold order, then system order), a pair only when neither side is taken.
//! Spans are half-open byte ranges; two overlap when they share at least one byte.
//!
//! - **Entities** (PER, LOC, ORG; system MISC entities are ignored): a gold entity and a
//!   system entity are a candidate pair when their types are equal and some mention of the
//!   system entity overlaps some gold span; the pairs with more overlapping (gold span,
//!   mention) pairs go first, then those with more overlapping bytes. Precision = matched /
//!   system entities, recall = matched / gold entities, also per type. A gold entity
//!   without spans (all its forms also name another referent, so the reader listed none:
//!   the club جنوة beside the city) is matched afterwards by name: an unmatched system
//!   entity of its type with the same canonical words (see below). Mentions are scored
//!   on their own: exact (same span and type) and by overlap (same type, one-to-one). The
//!   system's title mentions (a title used alone) are left out there, since the gold never
//!   marks a title without a name. The canonical name of a matched entity is right when
//!   its words equal the gold name's after [`rasid_text::normalize`], the article ال
//!   stripped from each word ([`rasid_text::strip_article`]).
//! - **Roles and affiliations**, over gold persons with a role (an affiliation): right when
//!   the matched system entity's role has the same words as the gold role (normalised,
//!   articles stripped as above). Lenient: one role's words contain the other's as a
//!   contiguous run and the first words (the title head) are equal. An affiliation is
//!   right when the words are equal, or when both name a country of the gazetteer (their
//!   preferred reading is a country) with the same country code. Gold persons with no
//!   matched system entity count as wrong.
//! - **Quotes:** candidates when the system quote's content overlaps the gold quote's span
//!   (the first words of the content); a system quote containing the gold span goes first,
//!   then more overlapping bytes. Detection P/R/F1; kind accuracy over matched quotes;
//!   speaker accuracy over matched gold quotes with a gold speaker entity: right when the
//!   system speaker is the system entity matched to the gold speaker. `speaker_all` is
//!   over every gold quote: an unmatched one is wrong, one with no gold speaker entity is
//!   right when the system quote has no speaker entity either.
//! - **Dates:** candidates when the spans overlap, more overlapping bytes first. Detection
//!   P/R/F1; value accuracy (the TIMEX3 value exactly) over matched dates and over all gold
//!   dates (unmatched wrong).
//! - **Events:** the system's plain statements are left out (code 010, and any 01x event
//!   at a quotation's reporting verb: the statement rasid makes of every quotation).
//!   Candidates when the trigger spans overlap and the CAMEO roots (the first two digits)
//!   agree. Detection P/R/F1; code accuracy of matched events (the system code starts with
//!   the gold code, so a two-digit gold root accepts any code of that root); participants
//!   accuracy of matched events: source and target both right, a gold participant right
//!   when the system participant is the system entity matched to it, no gold participant
//!   right only when the system has no participant entity either.
//!
//! Percentages are rounded to two decimals; a ratio over nothing is 0.

use std::collections::{BTreeMap, HashMap, HashSet};

use rasid_core::{Analysis, Article, Entity, EntityType, MentionHow, PlaceKind, Span};
use rasid_extract::knowledge::Knowledge;
use serde::ser::SerializeStruct;
use serde::{Deserialize, Serialize, Serializer};

/// The sample's articles and their parts (`id<TAB>dev|test`, one header line).
pub static SAMPLE: &str = include_str!("../../../../data/gold/understanding/ids.tsv");

/// A part of the gold set: development, the untouched test part, or both.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Dev,
    Test,
    All,
}

/// Reads the parts file (`id<TAB>part` after a header line; parts `dev` and `test`).
pub fn read_parts(src: &str) -> Result<HashMap<String, Part>, String> {
    let mut out = HashMap::new();
    for (n, line) in src.lines().enumerate().skip(1) {
        if line.trim().is_empty() {
            continue;
        }
        let (id, part) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected ID<TAB>PART", n + 1))?;
        let part = match part.trim() {
            "dev" => Part::Dev,
            "test" => Part::Test,
            p => return Err(format!("line {}: part `{p}` is neither dev nor test", n + 1)),
        };
        out.insert(id.to_string(), part);
    }
    Ok(out)
}

/// One gold article as `locate.py --out` writes it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub quotes: Vec<GoldQuote>,
    #[serde(default)]
    pub dates: Vec<GoldDate>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEntity {
    pub key: String,
    #[serde(rename = "type")]
    pub kind: EntityType,
    pub name: String,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub affiliation: Option<String>,
    /// Every occurrence of the entity's forms (`[start, end]`).
    pub spans: Vec<Span>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldQuote {
    /// The speaker's entity key, or null when the speaker is not a named entity.
    pub speaker: Option<String>,
    #[serde(default)]
    pub speaker_text: Option<String>,
    /// `direct` or `reported`.
    pub kind: Option<String>,
    /// The first words of the content; null when `locate.py` could not find them.
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldDate {
    pub value: Option<String>,
    pub span: Option<Span>,
}

#[derive(Clone, Debug, Deserialize)]
pub struct GoldEvent {
    pub code: String,
    pub source: Option<String>,
    pub target: Option<String>,
    #[serde(default)]
    pub in_quote: bool,
    /// The trigger word.
    pub span: Option<Span>,
}

/// Reads the gold JSON lines; errors name the line.
pub fn read_gold(src: &str) -> Result<Vec<GoldArticle>, String> {
    let mut out: Vec<GoldArticle> = Vec::new();
    let mut seen = HashSet::new();
    for (n, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let g: GoldArticle = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        if !seen.insert(g.id.clone()) {
            return Err(format!("line {}: article {} is there twice", n + 1, g.id));
        }
        out.push(g);
    }
    Ok(out)
}

/// Checks a gold article against the text its spans point into: every item located, every
/// span inside the text on character boundaries, types PER/LOC/ORG, keys that exist.
pub fn check(g: &GoldArticle, text: &str) -> Result<(), String> {
    let fail = |what: String| Err(format!("article {}: {what}", g.id));
    let good = |s: &Span| s.start < s.end && text.get(s.start..s.end).is_some();
    let keys: HashSet<&str> = g.entities.iter().map(|e| e.key.as_str()).collect();
    for e in &g.entities {
        if e.kind == EntityType::Misc {
            return fail(format!("entity {} has type MISC (the gold has PER, LOC, ORG)", e.key));
        }
        if let Some(s) = e.spans.iter().find(|s| !good(s)) {
            return fail(format!(
                "entity {}: span [{}, {}] is not in the text",
                e.key, s.start, s.end
            ));
        }
    }
    let spans = g.quotes.iter().map(|q| ("quote", q.span));
    let spans = spans.chain(g.dates.iter().map(|d| ("date", d.span)));
    let spans = spans.chain(g.events.iter().map(|e| ("event", e.span)));
    for (n, (what, span)) in spans.enumerate() {
        match span {
            None => {
                return fail(format!(
                    "a {what} has no span (item {}; run locate.py on its file)",
                    n + 1
                ))
            }
            Some(s) if !good(&s) => return fail(format!("{what} span [{}, {}] is not in the text", s.start, s.end)),
            _ => {}
        }
    }
    let refs = g.quotes.iter().map(|q| &q.speaker);
    let refs = refs.chain(g.events.iter().flat_map(|e| [&e.source, &e.target]));
    for k in refs.flatten() {
        if !keys.contains(k.as_str()) {
            return fail(format!("entity key {k} is used but not defined"));
        }
    }
    Ok(())
}

/// Matched out of gold and system items: precision, recall and F1.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub gold: usize,
    pub system: usize,
    pub matched: usize,
}

/// A share in per cent, two decimals (0 of nothing is 0).
pub(crate) fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        (a as f64 / b as f64 * 10000.0).round() / 100.0
    }
}

impl Tally {
    fn add(&mut self, gold: usize, system: usize, matched: usize) {
        self.gold += gold;
        self.system += system;
        self.matched += matched;
    }

    pub fn precision(&self) -> f64 {
        pct(self.matched, self.system)
    }

    pub fn recall(&self) -> f64 {
        pct(self.matched, self.gold)
    }

    pub fn f1(&self) -> f64 {
        pct(2 * self.matched, self.gold + self.system)
    }
}

impl Serialize for Tally {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Tally", 6)?;
        m.serialize_field("gold", &self.gold)?;
        m.serialize_field("system", &self.system)?;
        m.serialize_field("matched", &self.matched)?;
        m.serialize_field("precision", &self.precision())?;
        m.serialize_field("recall", &self.recall())?;
        m.serialize_field("f1", &self.f1())?;
        m.end()
    }
}

/// Right out of total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub right: usize,
    pub total: usize,
}

impl Ratio {
    fn add(&mut self, right: bool) {
        self.right += right as usize;
        self.total += 1;
    }

    pub fn accuracy(&self) -> f64 {
        pct(self.right, self.total)
    }
}

impl Serialize for Ratio {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_struct("Ratio", 3)?;
        m.serialize_field("right", &self.right)?;
        m.serialize_field("total", &self.total)?;
        m.serialize_field("accuracy", &self.accuracy())?;
        m.end()
    }
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EntityScores {
    #[serde(flatten)]
    pub detection: Tally,
    pub per_type: BTreeMap<&'static str, Tally>,
    pub mentions_exact: Tally,
    pub mentions_overlap: Tally,
    pub canonical_name: Ratio,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct RoleScores {
    pub role: Ratio,
    pub role_lenient: Ratio,
    pub affiliation: Ratio,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct QuoteScores {
    #[serde(flatten)]
    pub detection: Tally,
    pub kind: Ratio,
    pub speaker: Ratio,
    pub speaker_all: Ratio,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct DateScores {
    #[serde(flatten)]
    pub detection: Tally,
    pub value: Ratio,
    pub value_all: Ratio,
}

#[derive(Clone, Debug, Default, Serialize)]
pub struct EventScores {
    #[serde(flatten)]
    pub detection: Tally,
    pub code: Ratio,
    pub participants: Ratio,
    /// Of the matched events, how often the source alone and the target alone are right.
    pub source: Ratio,
    pub target: Ratio,
    /// Detection counting only the matches whose source and target are right too: the
    /// issue's "right code family and right participants".
    pub with_participants: Tally,
}

/// The scores of one part of the gold set.
#[derive(Clone, Debug, Default, Serialize)]
pub struct PartReport {
    pub articles: usize,
    pub entities: EntityScores,
    pub roles: RoleScores,
    pub quotes: QuoteScores,
    pub dates: DateScores,
    pub events: EventScores,
}

#[derive(Clone, Debug, Serialize)]
pub struct UnderstandingReport {
    pub gold: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dev: Option<PartReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub test: Option<PartReport>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub all: Option<PartReport>,
}

/// Analyses each gold article (read from `news` by id, with its publication date) and
/// scores the parts asked for: `which` one, or dev, test and all when `None`.
pub fn evaluate(
    p: &crate::Pipeline,
    gold: &[GoldArticle],
    news: &HashMap<String, Article>,
    parts: &HashMap<String, Part>,
    which: Option<Part>,
    name: &str,
) -> Result<UnderstandingReport, String> {
    for g in gold {
        if !news.contains_key(&g.id) {
            return Err(format!("article {} of the gold file is not in the news file", g.id));
        }
        if !parts.contains_key(&g.id) {
            return Err(format!("article {} of the gold file is in no part of the sample", g.id));
        }
    }
    let mut done = Vec::with_capacity(gold.len());
    for g in gold {
        let a = p.analyze(&news[&g.id]);
        check(g, &a.text)?;
        done.push((parts[&g.id], g, a));
    }
    let score = |want: Part| {
        let mut r = PartReport::default();
        for (part, g, a) in &done {
            if want == Part::All || *part == want {
                score_article(g, a, p.knowledge(), &mut r);
            }
        }
        r
    };
    let wanted = |part: Part| (which.is_none() || which == Some(part)).then(|| score(part));
    Ok(UnderstandingReport {
        gold: name.to_string(),
        dev: wanted(Part::Dev),
        test: wanted(Part::Test),
        all: wanted(Part::All),
    })
}

/// Adds one article's scores (its gold annotation against rasid's analysis) to `r`.
pub fn score_article(g: &GoldArticle, a: &Analysis, k: &Knowledge, r: &mut PartReport) {
    r.articles += 1;
    let m = match_entities(g, a);
    score_entities(g, &m, &mut r.entities);
    score_mentions(g, a, &mut r.entities);
    score_roles(g, &m, k, &mut r.roles);
    score_quotes(g, a, &m, &mut r.quotes);
    score_dates(g, a, &mut r.dates);
    score_events(g, a, &m, &mut r.events);
}

/// Bytes two spans share.
fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// One-to-one greedy matching of candidate pairs `(key, gold, system)`, the highest key
/// first, ties in gold then system order: for each gold item, its system item.
fn greedy<K: Ord + Copy>(mut cands: Vec<(K, usize, usize)>, gold: usize, system: usize) -> Vec<Option<usize>> {
    cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut out = vec![None; gold];
    let mut used = vec![false; system];
    for (_, i, j) in cands {
        if out[i].is_none() && !used[j] {
            out[i] = Some(j);
            used[j] = true;
        }
    }
    out
}

/// The entity matching of one article.
struct Matching<'a> {
    /// The system entities scored (PER, LOC, ORG).
    system: Vec<&'a Entity>,
    /// For each gold entity, its system entity (an index into `system`).
    pairs: Vec<Option<usize>>,
    /// Gold key → the id of its system entity.
    ids: HashMap<&'a str, &'a str>,
}

impl Matching<'_> {
    /// Whether a system participant (an entity id or none) is the gold one (a key or none).
    fn same(&self, gold: Option<&str>, system: Option<&str>) -> bool {
        match gold {
            None => system.is_none(),
            Some(k) => system.is_some() && self.ids.get(k).copied() == system,
        }
    }
}

fn match_entities<'a>(g: &'a GoldArticle, a: &'a Analysis) -> Matching<'a> {
    let system: Vec<&Entity> = a.entities.iter().filter(|e| e.kind != EntityType::Misc).collect();
    let mut cands = Vec::new();
    for (i, ge) in g.entities.iter().enumerate() {
        for (j, se) in system.iter().enumerate() {
            if se.kind != ge.kind {
                continue;
            }
            let (mut pairs, mut bytes) = (0, 0);
            for m in se.mentions.iter().filter_map(|&x| a.mentions.get(x)) {
                for s in &ge.spans {
                    let o = overlap(*s, Span::new(m.start, m.end));
                    pairs += (o > 0) as usize;
                    bytes += o;
                }
            }
            if pairs > 0 {
                cands.push(((pairs, bytes), i, j));
            }
        }
    }
    let mut pairs = greedy(cands, g.entities.len(), system.len());
    by_name(g, &system, &mut pairs);
    let ids = g
        .entities
        .iter()
        .zip(&pairs)
        .filter_map(|(ge, p)| p.map(|j| (ge.key.as_str(), system[j].id.as_str())))
        .collect();
    Matching { system, pairs, ids }
}

/// Gold entities without spans (every form of theirs also names another referent, so the
/// reader listed none) are matched by name: to a system entity not yet matched, of their
/// type, whose canonical name has the same words.
fn by_name(g: &GoldArticle, system: &[&Entity], pairs: &mut [Option<usize>]) {
    let mut used: HashSet<usize> = pairs.iter().flatten().copied().collect();
    for (i, ge) in g.entities.iter().enumerate() {
        if !ge.spans.is_empty() || pairs[i].is_some() {
            continue;
        }
        let name = words(&ge.name);
        let found = (0..system.len())
            .find(|j| !used.contains(j) && system[*j].kind == ge.kind && words(&system[*j].canonical) == name);
        if let Some(j) = found {
            used.insert(j);
            pairs[i] = Some(j);
        }
    }
}

const TYPES: [EntityType; 3] = [EntityType::Per, EntityType::Loc, EntityType::Org];

fn score_entities(g: &GoldArticle, m: &Matching, r: &mut EntityScores) {
    let matched = m.pairs.iter().flatten().count();
    r.detection.add(g.entities.len(), m.system.len(), matched);
    for t in TYPES {
        let gold: Vec<usize> = (0..g.entities.len()).filter(|&i| g.entities[i].kind == t).collect();
        let system = m.system.iter().filter(|e| e.kind == t).count();
        let matched = gold.iter().filter(|&&i| m.pairs[i].is_some()).count();
        r.per_type
            .entry(t.as_str())
            .or_default()
            .add(gold.len(), system, matched);
    }
    for (ge, p) in g.entities.iter().zip(&m.pairs) {
        if let Some(j) = p {
            r.canonical_name.add(words(&ge.name) == words(&m.system[*j].canonical));
        }
    }
}

fn score_mentions(g: &GoldArticle, a: &Analysis, r: &mut EntityScores) {
    let gold: Vec<(EntityType, Span)> = g
        .entities
        .iter()
        .flat_map(|e| e.spans.iter().map(move |s| (e.kind, *s)))
        .collect();
    let system: Vec<(EntityType, Span)> = a
        .mentions
        .iter()
        .filter(|m| m.kind != EntityType::Misc && m.how != MentionHow::Title)
        .map(|m| (m.kind, Span::new(m.start, m.end)))
        .collect();
    let exact: HashSet<&(EntityType, Span)> = system.iter().collect();
    let hits = gold.iter().filter(|x| exact.contains(x)).count();
    r.mentions_exact.add(gold.len(), system.len(), hits);
    let mut cands = Vec::new();
    for (i, (gt, gs)) in gold.iter().enumerate() {
        for (j, (st, ss)) in system.iter().enumerate() {
            let o = overlap(*gs, *ss);
            if gt == st && o > 0 {
                cands.push((o, i, j));
            }
        }
    }
    let matched = greedy(cands, gold.len(), system.len()).iter().flatten().count();
    r.mentions_overlap.add(gold.len(), system.len(), matched);
}

/// A name or title as compared: normalised words, each without its article.
fn words(s: &str) -> Vec<String> {
    rasid_text::normalize(s)
        .split_whitespace()
        .map(|w| rasid_text::strip_article(w).to_string())
        .collect()
}

/// The lenient role match: one role's words contain the other's as a contiguous run, and
/// the head words agree.
fn role_close(gold: &[String], system: &[String]) -> bool {
    let within = |a: &[String], b: &[String]| !a.is_empty() && b.windows(a.len()).any(|w| w == a);
    !gold.is_empty() && gold.first() == system.first() && (within(gold, system) || within(system, gold))
}

/// The country code of a name when its preferred reading in the gazetteer is a country.
fn country<'k>(k: &'k Knowledge, name: &str) -> Option<&'k str> {
    let norm = rasid_text::normalize(name.trim());
    let place = k.places(&norm).first()?;
    (place.kind == PlaceKind::Country).then_some(place.country.as_str())
}

fn score_roles(g: &GoldArticle, m: &Matching, k: &Knowledge, r: &mut RoleScores) {
    for (ge, p) in g.entities.iter().zip(&m.pairs) {
        if ge.kind != EntityType::Per {
            continue;
        }
        let se = p.map(|j| m.system[j]);
        if let Some(gold) = &ge.role {
            let system = se.and_then(|e| e.role.as_deref()).map(words);
            let gold = words(gold);
            r.role.add(system.as_ref() == Some(&gold));
            r.role_lenient.add(system.is_some_and(|s| role_close(&gold, &s)));
        }
        if let Some(gold) = &ge.affiliation {
            let right = se
                .and_then(|e| e.affiliation.as_deref())
                .is_some_and(|s| words(s) == words(gold) || country(k, s).is_some_and(|c| country(k, gold) == Some(c)));
            r.affiliation.add(right);
        }
    }
}

fn score_quotes(g: &GoldArticle, a: &Analysis, m: &Matching, r: &mut QuoteScores) {
    let mut cands = Vec::new();
    for (i, gq) in g.quotes.iter().enumerate() {
        let Some(gs) = gq.span else { continue };
        for (j, sq) in a.quotes.iter().enumerate() {
            let ss = Span::new(sq.start, sq.end);
            let o = overlap(gs, ss);
            if o > 0 {
                let contains = ss.start <= gs.start && gs.end <= ss.end;
                cands.push(((contains, o), i, j));
            }
        }
    }
    let pairs = greedy(cands, g.quotes.len(), a.quotes.len());
    r.detection
        .add(g.quotes.len(), a.quotes.len(), pairs.iter().flatten().count());
    for (gq, p) in g.quotes.iter().zip(&pairs) {
        let sq = p.map(|j| &a.quotes[j]);
        if let Some(sq) = sq {
            let kind = format!("{:?}", sq.kind);
            r.kind
                .add(gq.kind.as_deref().is_some_and(|k| k.eq_ignore_ascii_case(&kind)));
            if gq.speaker.is_some() {
                r.speaker.add(m.same(gq.speaker.as_deref(), sq.speaker.as_deref()));
            }
        }
        r.speaker_all
            .add(sq.is_some_and(|sq| m.same(gq.speaker.as_deref(), sq.speaker.as_deref())));
    }
}

fn score_dates(g: &GoldArticle, a: &Analysis, r: &mut DateScores) {
    let mut cands = Vec::new();
    for (i, gd) in g.dates.iter().enumerate() {
        let Some(gs) = gd.span else { continue };
        for (j, t) in a.dates.iter().enumerate() {
            let o = overlap(gs, Span::new(t.start, t.end));
            if o > 0 {
                cands.push((o, i, j));
            }
        }
    }
    let pairs = greedy(cands, g.dates.len(), a.dates.len());
    r.detection
        .add(g.dates.len(), a.dates.len(), pairs.iter().flatten().count());
    for (gd, p) in g.dates.iter().zip(&pairs) {
        let right = p.is_some_and(|j| gd.value.as_deref() == Some(a.dates[j].value.as_str()));
        if p.is_some() {
            r.value.add(right);
        }
        r.value_all.add(right);
    }
}

/// The system events scored: not the plain statements (010, and the 01x event rasid makes
/// at each quotation's reporting verb), and not the events rasid says did not happen (the
/// gold set leaves them out: a denied meeting is a denial, not a meeting).
fn scored_events(a: &Analysis) -> Vec<&rasid_core::Event> {
    let verbs: HashSet<Span> = a.quotes.iter().filter_map(|q| q.verb).collect();
    a.events
        .iter()
        .filter(|e| e.cameo != "010" && !(e.cameo.root() == "01" && verbs.contains(&e.verb)))
        .filter(|e| e.status != rasid_core::EventStatus::Negated)
        .collect()
}

fn score_events(g: &GoldArticle, a: &Analysis, m: &Matching, r: &mut EventScores) {
    let system = scored_events(a);
    let mut cands = Vec::new();
    for (i, ge) in g.events.iter().enumerate() {
        let Some(gs) = ge.span else { continue };
        for (j, se) in system.iter().enumerate() {
            let o = overlap(gs, se.verb);
            if o > 0 && ge.code.get(..2) == Some(se.cameo.root()) {
                cands.push((o, i, j));
            }
        }
    }
    let pairs = greedy(cands, g.events.len(), system.len());
    r.detection
        .add(g.events.len(), system.len(), pairs.iter().flatten().count());
    let mut right = 0;
    for (ge, p) in g.events.iter().zip(&pairs) {
        let Some(se) = p.map(|j| system[j]) else { continue };
        r.code.add(se.cameo.as_str().starts_with(ge.code.as_str()));
        let who = |x: &Option<rasid_core::Participant>| x.as_ref().and_then(|x| x.entity.clone());
        let source = m.same(ge.source.as_deref(), who(&se.source).as_deref());
        let target = m.same(ge.target.as_deref(), who(&se.target).as_deref());
        r.participants.add(source && target);
        r.source.add(source);
        r.target.add(target);
        right += (source && target) as usize;
    }
    r.with_participants.add(g.events.len(), system.len(), right);
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasid_core::{CameoCode, DocumentInfo, Event, Mention, Participant, Quote, QuoteKind, Timex, TimexType};
    use rasid_extract::knowledge::{KnowledgeFile, Place, FORMAT_VERSION, MAGIC};

    fn span(s: usize, e: usize) -> Span {
        Span::new(s, e)
    }

    fn gold_entity(key: &str, kind: EntityType, name: &str, spans: &[(usize, usize)]) -> GoldEntity {
        GoldEntity {
            key: key.to_string(),
            kind,
            name: name.to_string(),
            role: None,
            affiliation: None,
            spans: spans.iter().map(|&(s, e)| span(s, e)).collect(),
        }
    }

    /// An analysis of a text of 200 spaces with the given entities, each `(id, type,
    /// canonical, mention spans)`; mentions are tagged names.
    /// A system entity: id, type, canonical name, mention spans.
    type SystemEntity<'a> = (&'a str, EntityType, &'a str, &'a [(usize, usize)]);

    fn system(entities: &[SystemEntity]) -> Analysis {
        let mut a = Analysis::empty(DocumentInfo::default(), " ".repeat(200));
        for (id, kind, canonical, spans) in entities {
            let mut e = Entity {
                id: id.to_string(),
                kind: *kind,
                canonical: canonical.to_string(),
                latin: String::new(),
                mentions: Vec::new(),
                role: None,
                affiliation: None,
                link: None,
            };
            for &(s, t) in spans.iter() {
                e.mentions.push(a.mentions.len());
                a.mentions.push(Mention {
                    kind: *kind,
                    start: s,
                    end: t,
                    text: String::new(),
                    norm: String::new(),
                    first_token: 0,
                    end_token: 0,
                    entity: Some(id.to_string()),
                    how: MentionHow::Name,
                });
            }
            a.entities.push(e);
        }
        a
    }

    fn score(g: &GoldArticle, a: &Analysis) -> PartReport {
        let mut r = PartReport::default();
        score_article(g, a, &Knowledge::default(), &mut r);
        r
    }

    #[test]
    fn entities_pair_by_most_overlapping_mentions_and_ignore_misc() {
        let g = GoldArticle {
            id: "a".into(),
            entities: vec![
                gold_entity("e1", EntityType::Per, "محمد السوداني", &[(0, 10), (20, 25)]),
                gold_entity("e2", EntityType::Loc, "الخرطوم", &[(30, 35)]),
                gold_entity("e3", EntityType::Org, "الأمم المتحدة", &[(40, 45)]),
                gold_entity("e4", EntityType::Org, "حماس", &[]),
            ],
            ..GoldArticle::default()
        };
        // S2 overlaps e1 once (by more bytes) and comes first; S1 overlaps it twice and
        // wins. S3 has the wrong type for e3's span; S4 has e4's name (e4 has no span);
        // S5 (MISC) is not counted.
        let a = system(&[
            ("S2", EntityType::Per, "محمد", &[(0, 10)]),
            ("S1", EntityType::Per, "محمد سوداني", &[(2, 4), (20, 25)]),
            ("S3", EntityType::Loc, "خرطوم", &[(30, 35), (40, 45)]),
            ("S4", EntityType::Org, "حماس", &[(100, 110)]),
            ("S5", EntityType::Misc, "كأس", &[(40, 45)]),
        ]);
        let r = score(&g, &a);
        let d = r.entities.detection;
        assert_eq!((d.gold, d.system, d.matched), (4, 4, 3));
        assert_eq!((d.precision(), d.recall(), d.f1()), (75.0, 75.0, 75.0));
        assert_eq!(
            r.entities.per_type["PER"],
            Tally {
                gold: 1,
                system: 2,
                matched: 1
            }
        );
        assert_eq!(
            r.entities.per_type["ORG"],
            Tally {
                gold: 2,
                system: 1,
                matched: 1
            }
        );
        let m = match_entities(&g, &a);
        assert_eq!(m.ids.get("e1"), Some(&"S1"));
        assert_eq!(m.ids.get("e2"), Some(&"S3"));
        assert_eq!(m.ids.get("e4"), Some(&"S4"));
        // Articles stripped per word: محمد السوداني = محمد سوداني, الخرطوم = خرطوم.
        assert_eq!(r.entities.canonical_name, Ratio { right: 3, total: 3 });
        // Mentions: (0,10), (20,25) and (30,35) exact; (40,45) is LOC in the system but
        // ORG in the gold; (2,4) is left over. S5's mention is MISC, left out.
        assert_eq!(
            r.entities.mentions_exact,
            Tally {
                gold: 4,
                system: 6,
                matched: 3
            }
        );
        assert_eq!(
            r.entities.mentions_overlap,
            Tally {
                gold: 4,
                system: 6,
                matched: 3
            }
        );
    }

    #[test]
    fn title_mentions_are_not_scored_as_mentions() {
        let g = GoldArticle {
            id: "a".into(),
            entities: vec![gold_entity("e1", EntityType::Per, "زيدان", &[(10, 20)])],
            ..GoldArticle::default()
        };
        let mut a = system(&[("S1", EntityType::Per, "زيدان", &[(10, 20), (50, 60)])]);
        a.mentions[1].how = MentionHow::Title;
        let r = score(&g, &a);
        assert_eq!(
            r.entities.mentions_exact,
            Tally {
                gold: 1,
                system: 1,
                matched: 1
            }
        );
        assert_eq!(r.entities.detection.matched, 1);
    }

    fn knowledge() -> Knowledge {
        let us = Place {
            name: "United States".into(),
            country: "US".into(),
            lat: 0.0,
            lon: 0.0,
            population: 1,
            kind: PlaceKind::Country,
        };
        let f = KnowledgeFile {
            magic: MAGIC.into(),
            version: FORMAT_VERSION,
            places: ["الولايات المتحدة", "أمريكا"]
                .iter()
                .map(|n| (rasid_text::normalize(n), vec![us.clone()]))
                .collect(),
            ..KnowledgeFile::default()
        };
        Knowledge::from_json(&serde_json::to_vec(&f).unwrap()).unwrap()
    }

    #[test]
    fn roles_strict_lenient_and_affiliations_by_country() {
        let person = |key: &str, at: usize, role: &str, aff: &str| GoldEntity {
            role: Some(role.into()),
            affiliation: Some(aff.into()),
            ..gold_entity(key, EntityType::Per, "x", &[(at, at + 5)])
        };
        let g = GoldArticle {
            id: "a".into(),
            entities: vec![
                person("e1", 0, "وزير الخارجية الأمريكي", "الولايات المتحدة"),
                person("e2", 10, "الرئيس الفرنسي", "فرنسا"),
                person("e3", 20, "رئيس الوزراء", "السودان"),
                person("e4", 90, "المتحدث باسم الجيش", "الجيش"),
            ],
            ..GoldArticle::default()
        };
        let mut a = system(&[
            ("S1", EntityType::Per, "x", &[(0, 5)]),
            ("S2", EntityType::Per, "x", &[(10, 15)]),
            ("S3", EntityType::Per, "x", &[(20, 25)]),
        ]);
        let set = |e: &mut Entity, role: &str, aff: &str| {
            e.role = Some(role.into());
            e.affiliation = Some(aff.into());
        };
        // Same words after normalisation (ي/ى, hamza, article); US by country code.
        set(&mut a.entities[0], "وزير الخارجيه الامريكي", "أمريكا");
        // Contained with the same head: lenient only; affiliation written differently.
        set(&mut a.entities[1], "الرئيس", "الفرنسي");
        // Contains the gold role but another head: wrong both ways.
        set(&mut a.entities[2], "نائب رئيس الوزراء", "السودان");
        let mut r = PartReport::default();
        score_article(&g, &a, &knowledge(), &mut r);
        // e4 has no system entity: wrong everywhere.
        assert_eq!(r.roles.role, Ratio { right: 1, total: 4 });
        assert_eq!(r.roles.role_lenient, Ratio { right: 2, total: 4 });
        assert_eq!(r.roles.affiliation, Ratio { right: 2, total: 4 });
        // Without the gazetteer أمريكا is not الولايات المتحدة.
        let r = score(&g, &a);
        assert_eq!(r.roles.affiliation, Ratio { right: 1, total: 4 });
    }

    fn quote(s: usize, e: usize, speaker: Option<&str>) -> Quote {
        Quote {
            start: s,
            end: e,
            text: String::new(),
            kind: QuoteKind::Reported,
            verb: Some(span(s.saturating_sub(5), s.saturating_sub(1))),
            verb_text: None,
            speaker: speaker.map(str::to_string),
            speaker_text: None,
            speaker_from: None,
        }
    }

    fn gold_quote(s: usize, e: usize, speaker: Option<&str>, kind: &str) -> GoldQuote {
        GoldQuote {
            speaker: speaker.map(str::to_string),
            speaker_text: None,
            kind: Some(kind.into()),
            span: Some(span(s, e)),
        }
    }

    #[test]
    fn quotes_match_on_their_opening_and_speakers_through_entities() {
        let g = GoldArticle {
            id: "a".into(),
            entities: vec![
                gold_entity("e1", EntityType::Per, "x", &[(0, 5)]),
                gold_entity("e2", EntityType::Per, "y", &[(10, 15)]),
            ],
            quotes: vec![
                gold_quote(20, 30, Some("e1"), "reported"),
                gold_quote(60, 70, Some("e2"), "direct"),
                gold_quote(100, 110, None, "reported"),
                gold_quote(150, 160, Some("e1"), "reported"),
            ],
            ..GoldArticle::default()
        };
        let mut a = system(&[
            ("S1", EntityType::Per, "x", &[(0, 5)]),
            ("S2", EntityType::Per, "y", &[(10, 15)]),
        ]);
        // The first system quote only touches q1; the second contains it and wins; the
        // first then has nothing left. q2's quote gives S1 (wrong); q3's has no speaker
        // (right: the gold has none); q4 is missed.
        a.quotes = vec![
            quote(28, 40, Some("S2")),
            quote(18, 58, Some("S1")),
            quote(62, 90, Some("S1")),
            quote(95, 140, None),
        ];
        let r = score(&g, &a).quotes;
        assert_eq!(
            r.detection,
            Tally {
                gold: 4,
                system: 4,
                matched: 3
            }
        );
        assert_eq!(r.kind, Ratio { right: 2, total: 3 });
        assert_eq!(r.speaker, Ratio { right: 1, total: 2 });
        assert_eq!(r.speaker_all, Ratio { right: 2, total: 4 });
    }

    fn timex(s: usize, e: usize, value: &str) -> Timex {
        Timex {
            kind: TimexType::Date,
            start: s,
            end: e,
            text: String::new(),
            value: value.into(),
            modifier: None,
            relative: false,
        }
    }

    #[test]
    fn dates_by_overlap_and_value() {
        let gold = |s, e, v: &str| GoldDate {
            value: Some(v.into()),
            span: Some(span(s, e)),
        };
        let g = GoldArticle {
            id: "a".into(),
            dates: vec![gold(0, 10, "2018-06-21"), gold(20, 30, "2018"), gold(50, 60, "P3D")],
            ..GoldArticle::default()
        };
        let mut a = system(&[]);
        a.dates = vec![
            timex(5, 12, "2018-06-21"),
            timex(20, 30, "2018-06"),
            timex(80, 90, "2018"),
        ];
        let r = score(&g, &a).dates;
        assert_eq!(
            r.detection,
            Tally {
                gold: 3,
                system: 3,
                matched: 2
            }
        );
        assert_eq!(r.value, Ratio { right: 1, total: 2 });
        assert_eq!(r.value_all, Ratio { right: 1, total: 3 });
    }

    fn event(s: usize, code: &str, source: Option<&str>, target: Option<&str>) -> Event {
        let who = |x: Option<&str>| {
            x.map(|id| Participant {
                entity: Some(id.to_string()),
                text: String::new(),
                actor_code: None,
            })
        };
        Event {
            cameo: code.parse::<CameoCode>().unwrap(),
            label: String::new(),
            goldstein: 0.0,
            quad_class: 1,
            verb: span(s, s + 5),
            verb_text: String::new(),
            source: who(source),
            target: who(target),
            others: Vec::new(),
            count: None,
            status: rasid_core::EventStatus::Reported,
            claimed_by: None,
            place: None,
            date: None,
            evidence: span(0, 200),
            sentence: String::new(),
        }
    }

    #[test]
    fn events_leave_statements_out_and_need_the_same_root() {
        let gold = |s: usize, code: &str, source: Option<&str>, target: Option<&str>| GoldEvent {
            code: code.into(),
            source: source.map(str::to_string),
            target: target.map(str::to_string),
            in_quote: false,
            span: Some(span(s, s + 5)),
        };
        let g = GoldArticle {
            id: "a".into(),
            entities: vec![
                gold_entity("e1", EntityType::Per, "x", &[(0, 5)]),
                gold_entity("e2", EntityType::Loc, "y", &[(10, 15)]),
            ],
            events: vec![
                gold(30, "04", Some("e1"), Some("e2")),
                gold(50, "112", Some("e1"), None),
                gold(70, "190", None, None),
            ],
            ..GoldArticle::default()
        };
        let mut a = system(&[
            ("S1", EntityType::Per, "x", &[(0, 5)]),
            ("S2", EntityType::Loc, "y", &[(10, 15)]),
        ]);
        a.quotes = vec![quote(106, 150, Some("S1"))];
        a.quotes[0].verb = Some(span(100, 105));
        a.events = vec![
            // A root-only gold code accepts 042; participants right.
            event(30, "042", Some("S1"), Some("S2")),
            // Right root, wrong code; a target where the gold has none.
            event(50, "111", Some("S1"), Some("S2")),
            // Another root on 190's trigger: not a match, and counted as extra.
            event(70, "120", None, None),
            // Statements: not scored.
            event(30, "010", Some("S1"), None),
            event(100, "012", Some("S1"), None),
        ];
        let r = score(&g, &a).events;
        assert_eq!(
            r.detection,
            Tally {
                gold: 3,
                system: 3,
                matched: 2
            }
        );
        assert_eq!(r.code, Ratio { right: 1, total: 2 });
        assert_eq!(r.participants, Ratio { right: 1, total: 2 });
    }

    #[test]
    fn gold_lines_are_read_and_checked_against_the_text() {
        let src = r#"{"id": "a", "entities": [{"key": "e1", "type": "PER", "name": "x", "role": null, "affiliation": null, "spans": [[0, 2]]}], "quotes": [{"speaker": "e1", "speaker_text": null, "kind": "direct", "span": [3, 5]}], "dates": [], "events": []}"#;
        let g = read_gold(src).unwrap();
        assert_eq!(g[0].entities[0].spans, vec![span(0, 2)]);
        check(&g[0], "ab cd").unwrap();
        // Arabic letters are two bytes: 2 is inside ع.
        assert!(check(&g[0], "aعb cd").unwrap_err().contains("not in the text"));
        assert!(check(&g[0], "ab").unwrap_err().contains("article a: quote span"));
        let unlocated = src.replace("[3, 5]", "null");
        let e = check(&read_gold(&unlocated).unwrap()[0], "ab cd").unwrap_err();
        assert!(e.contains("has no span"), "{e}");
        let unknown = src.replace(r#""speaker": "e1""#, r#""speaker": "e9""#);
        assert!(check(&read_gold(&unknown).unwrap()[0], "ab cd")
            .unwrap_err()
            .contains("e9"));
        let twice = format!("{src}\n\n{src}\n");
        assert!(read_gold(&twice).unwrap_err().starts_with("line 3"));
        assert!(read_gold("{").unwrap_err().starts_with("line 1"));
    }

    #[test]
    fn the_sample_has_forty_dev_and_twenty_test_articles() {
        let parts = read_parts(SAMPLE).unwrap();
        assert_eq!(parts.values().filter(|p| **p == Part::Dev).count(), 40);
        assert_eq!(parts.values().filter(|p| **p == Part::Test).count(), 20);
        assert!(read_parts("id\tpart\nx\tother\n").unwrap_err().contains("line 2"));
    }

    #[test]
    fn an_article_missing_from_the_news_is_an_error_naming_it() {
        let p = crate::Pipeline::embedded_with_tagger(None).unwrap();
        let g = vec![GoldArticle {
            id: "AL-sport-2304-20180711".into(),
            ..GoldArticle::default()
        }];
        let parts = read_parts(SAMPLE).unwrap();
        let e = evaluate(&p, &g, &HashMap::new(), &parts, None, "g").unwrap_err();
        assert!(e.contains("AL-sport-2304-20180711") && e.contains("news file"), "{e}");
        let mut news = HashMap::new();
        news.insert(
            g[0].id.clone(),
            Article {
                id: g[0].id.clone(),
                title: "عنوان".into(),
                ..Article::default()
            },
        );
        let r = evaluate(&p, &g, &news, &parts, Some(Part::Dev), "g").unwrap();
        assert!(r.test.is_none() && r.all.is_none());
        assert_eq!(r.dev.unwrap().articles, 1);
        let r = evaluate(&p, &g, &news, &parts, Some(Part::Test), "g").unwrap();
        assert_eq!(r.test.unwrap().articles, 0);
    }
}

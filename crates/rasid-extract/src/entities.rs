//! From mentions to entities: titles and roles, in-document coreference, canonical names,
//! Latin renderings, and links to places and CAMEO actors.
//!
//! - **Roles.** A person's title is the phrase before the name that starts with a title
//!   word of the knowledge file (الرئيس السوداني عمر البشير; رئيس مجلس النواب، نبيه
//!   بري), or after it behind a comma (عمر البشير، الرئيس السوداني). Its affiliation is
//!   the country of a nationality adjective in it (السوداني → السودان), else a place or
//!   organisation mentioned inside it.
//! - **Coreference.** A person mention whose words are a contiguous part of an earlier
//!   person's name is that person (ميركل → أنغيلا ميركل); a longer name absorbs an
//!   earlier shorter one. Places and organisations corefer on equal normalised names
//!   (article ignored). A hashtag whose words are an entity's name is a mention of it. A
//!   title used alone (الرئيس الأمريكي) is a mention of the one person in the article who
//!   holds that title with that affiliation.
//! - **Links.** Places link to the gazetteer reading preferred by kind (country, then
//!   capital, then population); persons and organisations to the UniversalPetrarch actor
//!   dictionary, with the CAMEO code valid on the publication date.

use chrono::NaiveDate;
use rasid_core::{Entity, EntityType, Link, Mention, SegmentKind, Sentence, Token, TokenKind};
use rasid_text::normalize;

use crate::knowledge::Knowledge;
use crate::translit::latin;

/// A token's normalised form without proclitics and pronoun; and that without the article.
fn core_of(t: &Token) -> (String, String) {
    let mut core = String::new();
    if t.kind == TokenKind::Arabic && !t.segments.is_empty() {
        for s in &t.segments {
            match s.kind {
                SegmentKind::Proclitic | SegmentKind::Enclitic => {}
                // After ل the article is written ل (للخرطوم): it is still ال.
                SegmentKind::Article => core.push_str("ال"),
                SegmentKind::Stem => core.push_str(&normalize(&s.text)),
            }
        }
    } else {
        core = t.norm.clone();
    }
    let bare = core
        .strip_prefix("ال")
        .filter(|b| b.chars().count() >= 2)
        .unwrap_or(&core)
        .to_string();
    (core, bare)
}

fn has_conj(t: &Token) -> bool {
    t.segments
        .first()
        .is_some_and(|s| s.kind == SegmentKind::Proclitic && (s.text == "و" || s.text == "ف"))
}

/// Words of a name for matching: normalised, article removed from each word.
fn name_words(norm: &str) -> Vec<String> {
    norm.split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.strip_prefix("ال")
                .filter(|b| b.chars().count() >= 2)
                .unwrap_or(w)
                .to_string()
        })
        .collect()
}

/// A name as people write it: hashtag marks and underscores become spaces.
fn clean_name(s: &str) -> String {
    s.split(|c: char| c.is_whitespace() || c == '_' || c == '#')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn contains_run(hay: &[String], needle: &[String]) -> bool {
    !needle.is_empty() && needle.len() <= hay.len() && hay.windows(needle.len()).any(|w| w == needle)
}

struct Role {
    text: String,
    head: String,
    affiliation: Option<String>,
}

/// The title phrase attached to the person mention `m`, if any.
fn role_of(
    text: &str,
    tokens: &[Token],
    s: &Sentence,
    m: &Mention,
    mentions: &[Mention],
    k: &Knowledge,
) -> Option<Role> {
    let is_punct = |i: usize| tokens[i].kind == TokenKind::Punct;
    let in_mention = |i: usize, kinds: &[EntityType]| {
        mentions
            .iter()
            .find(|x| x.first_token <= i && i < x.end_token && kinds.contains(&x.kind))
    };
    // Before the name: skip one comma, then scan left for the leftmost title word.
    let mut j = m.first_token;
    if j > s.first_token && is_punct(j - 1) && matches!(tokens[j - 1].text.as_str(), "،" | ",") {
        j -= 1;
    }
    let mut start = None;
    let mut i = j;
    while i > s.first_token && j - i < 8 {
        let t = &tokens[i - 1];
        if t.kind != TokenKind::Arabic || in_mention(i - 1, &[EntityType::Per]).is_some() {
            break;
        }
        let (_, bare) = core_of(t);
        if k.is_title(&bare) {
            start = Some(i - 1);
        }
        // A conjunction starts a new phrase (وزعيم المعارضة): it may be the title itself, not beyond.
        if has_conj(t) {
            break;
        }
        i -= 1;
    }
    let (a, b) = match start {
        Some(a) => (a, j),
        None => {
            // After the name: "عمر البشير، الرئيس السوداني".
            let e = m.end_token;
            if e + 1 < s.end_token
                && matches!(tokens[e].text.as_str(), "،" | ",")
                && k.is_title(&core_of(&tokens[e + 1]).1)
            {
                let mut end = e + 1;
                while end < s.end_token
                    && end < e + 7
                    && tokens[end].kind == TokenKind::Arabic
                    && in_mention(end, &[EntityType::Per]).is_none()
                {
                    end += 1;
                }
                if end <= e + 1 {
                    return None;
                }
                (e + 1, end)
            } else {
                return None;
            }
        }
    };
    let first = &tokens[a];
    let from = first.core_start();
    let to = tokens[b - 1].end;
    if from >= to {
        return None;
    }
    let head = core_of(first).1;
    // Affiliation: a nationality adjective, else a place or organisation inside the phrase.
    // The last adjective wins: وزير الخارجية الروسي is Russian, whatever الخارجية suggests.
    let mut affiliation = None;
    for t in tokens[a..b].iter().rev() {
        if let Some(c) = k.nationality(&core_of(t).1) {
            affiliation = Some(c.to_string());
            break;
        }
    }
    if affiliation.is_none() {
        affiliation = mentions
            .iter()
            .find(|x| x.first_token >= a && x.end_token <= b && matches!(x.kind, EntityType::Loc | EntityType::Org))
            .map(|x| x.text.clone());
    }
    Some(Role {
        text: text[from..to].to_string(),
        head,
        affiliation,
    })
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
                place_type: p.kind.clone(),
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

/// Groups mentions into entities (and adds title-only and hashtag mentions). `mentions`
/// comes from the tagger, in text order; it is returned with entity ids set.
pub fn resolve(
    text: &str,
    tokens: &[Token],
    sentences: &[Sentence],
    mut mentions: Vec<Mention>,
    k: &Knowledge,
    dct: Option<NaiveDate>,
) -> (Vec<Mention>, Vec<Entity>) {
    struct Cluster {
        kind: EntityType,
        words: Vec<String>,
        canonical: String,
        canonical_norm: String,
        mentions: Vec<usize>,
        role: Option<Role>,
    }
    let mut clusters: Vec<Cluster> = Vec::new();
    let sentence_of = |tok: usize| sentences.iter().find(|s| s.first_token <= tok && tok < s.end_token);
    for mi in 0..mentions.len() {
        let m = &mentions[mi];
        let words = name_words(&m.norm);
        let found = match m.kind {
            EntityType::Per => clusters.iter().rposition(|c| {
                c.kind == EntityType::Per && (contains_run(&c.words, &words) || contains_run(&words, &c.words))
            }),
            kind => clusters.iter().rposition(|c| c.kind == kind && c.words == words),
        };
        let role = if m.kind == EntityType::Per {
            sentence_of(m.first_token).and_then(|s| role_of(text, tokens, s, m, &mentions, k))
        } else {
            None
        };
        match found {
            Some(ci) => {
                let c = &mut clusters[ci];
                if words.len() > c.words.len() {
                    c.words = words;
                    c.canonical = display_name(m);
                    c.canonical_norm = m.norm.clone();
                }
                c.mentions.push(mi);
                if c.role.is_none() {
                    c.role = role;
                }
            }
            None => clusters.push(Cluster {
                kind: m.kind,
                words,
                canonical: display_name(m),
                canonical_norm: m.norm.clone(),
                mentions: vec![mi],
                role,
            }),
        }
    }
    // Hashtags naming an entity: #محمود_عباس.
    for (ti, t) in tokens.iter().enumerate() {
        // A hashtag the tagger already marked is already a mention of its entity.
        if t.kind != TokenKind::Hashtag || mentions.iter().any(|m| m.first_token <= ti && ti < m.end_token) {
            continue;
        }
        let words = name_words(&t.norm);
        if let Some(ci) = clusters
            .iter()
            .position(|c| c.words == words || (words.len() > 1 && contains_run(&c.words, &words)))
        {
            let start = t.words.first().map(|w| w.start).unwrap_or(t.start);
            mentions.push(Mention {
                kind: clusters[ci].kind,
                start,
                end: t.end,
                text: text[start..t.end].to_string(),
                norm: t.norm.clone(),
                first_token: ti,
                end_token: ti + 1,
                entity: None,
                how: "hashtag".into(),
            });
            clusters[ci].mentions.push(mentions.len() - 1);
        }
    }
    // Titles used alone: الرئيس الأمريكي → the one person with that title and affiliation.
    for s in sentences {
        let mut i = s.first_token;
        while i < s.end_token {
            let t = &tokens[i];
            let (core, bare) = core_of(t);
            let covered = mentions.iter().any(|m| m.first_token <= i && i < m.end_token);
            if t.kind != TokenKind::Arabic || covered || !core.starts_with("ال") || !k.is_title(&bare) {
                i += 1;
                continue;
            }
            // The phrase: the title word and a nationality adjective right after it.
            let nat = tokens
                .get(i + 1)
                .filter(|_| i + 1 < s.end_token)
                .and_then(|n| k.nationality(&core_of(n).1));
            let end = if nat.is_some() { i + 2 } else { i + 1 };
            // Followed by a name (or a comma and a name): that is a role, not a mention.
            let next_is_name = mentions
                .iter()
                .any(|m| m.kind == EntityType::Per && (m.first_token == end || m.first_token == end + 1));
            let before_name = mentions
                .iter()
                .any(|m| m.kind == EntityType::Per && m.first_token > i && m.first_token <= i + 7);
            if nat.is_none() || next_is_name || before_name {
                i += 1;
                continue;
            }
            let holders: Vec<usize> = clusters
                .iter()
                .enumerate()
                .filter(|(_, c)| {
                    c.role
                        .as_ref()
                        .is_some_and(|r| r.head == bare && r.affiliation.as_deref() == nat)
                })
                .map(|(ci, _)| ci)
                .collect();
            if let [ci] = holders.as_slice() {
                let start = t.core_start();
                let stop = tokens[end - 1].end;
                mentions.push(Mention {
                    kind: EntityType::Per,
                    start,
                    end: stop,
                    text: text[start..stop].to_string(),
                    norm: normalize(&text[start..stop]),
                    first_token: i,
                    end_token: end,
                    entity: None,
                    how: "title".into(),
                });
                clusters[*ci].mentions.push(mentions.len() - 1);
            }
            i = end;
        }
    }
    // Names the tagger missed where the article repeats them: a person's surname (مشار for
    // ريك مشار) or any entity's full name, as a whole word behind any clitics.
    let bares: Vec<String> = tokens
        .iter()
        .map(|t| {
            if t.kind == TokenKind::Arabic {
                core_of(t).1
            } else {
                String::new()
            }
        })
        .collect();
    for c in clusters.iter_mut() {
        let (kind, words) = (c.kind, c.words.clone());
        let mut patterns: Vec<Vec<String>> = vec![words.clone()];
        if kind == EntityType::Per && words.len() > 1 {
            let last = words[words.len() - 1].clone();
            if last.chars().count() >= 3 && !k.is_title(&last) {
                patterns.push(vec![last]);
            }
        }
        for pat in patterns {
            let n = pat.len();
            // A mention with no name words (a hashtag of punctuation) has nothing to repeat.
            if n == 0 {
                continue;
            }
            let mut i = 0;
            while i + n <= tokens.len() {
                let matches = (0..n).all(|d| tokens[i + d].kind == TokenKind::Arabic && bares[i + d] == pat[d])
                    && !mentions.iter().any(|m| m.first_token < i + n && i < m.end_token);
                if !matches {
                    i += 1;
                    continue;
                }
                let first = &tokens[i];
                let start = first.core_start();
                let last = &tokens[i + n - 1];
                let end = last.core_end();
                mentions.push(Mention {
                    kind,
                    start,
                    end,
                    text: text[start..end].to_string(),
                    norm: normalize(&text[start..end]),
                    first_token: i,
                    end_token: i + n,
                    entity: None,
                    how: "repeat".into(),
                });
                c.mentions.push(mentions.len() - 1);
                i += n;
            }
        }
    }
    // Mentions in text order, with entity ids; entities in order of first mention.
    let mut order: Vec<usize> = (0..mentions.len()).collect();
    order.sort_by_key(|&i| (mentions[i].start, mentions[i].end));
    let mut new_index = vec![0; mentions.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let mut sorted: Vec<Mention> = order.iter().map(|&i| mentions[i].clone()).collect();
    let mut entities = Vec::with_capacity(clusters.len());
    let mut by_first: Vec<(usize, usize)> = clusters
        .iter()
        .enumerate()
        .map(|(ci, c)| (c.mentions.iter().map(|&m| new_index[m]).min().unwrap_or(0), ci))
        .collect();
    by_first.sort();
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
        entities.push(Entity {
            id,
            kind: c.kind,
            latin: latin(&clean_name(&c.canonical)),
            link: link(c.kind, &c.canonical_norm, k, dct),
            canonical: clean_name(&c.canonical),
            mentions: ms,
            role,
            affiliation,
        });
    }
    (sorted, entities)
}

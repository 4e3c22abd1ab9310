//! Builders that turn the public data sets in `../shared/data` into the files in `data/`.
//! Deterministic: the same inputs give the same bytes.

use std::path::{Path, PathBuf};

use rasid_ingest::{read_inputs, Input, ReadOptions};
use rasid_text::LexiconBuilder;
use serde::Serialize;

/// Where the stem lexicon learns from.
#[derive(Debug, Clone)]
pub struct LexiconSources {
    /// News corpora (JSON lines, gzipped or not); only licences that allow shipping.
    pub news: Vec<PathBuf>,
    /// `../shared/data/gazetteers`, for names that must not be cut.
    pub gazetteers: Option<PathBuf>,
    /// Minimum evidence (count + free count) for a key to be kept.
    pub min_evidence: u32,
}

#[derive(Debug, Serialize)]
pub struct LexiconReport {
    pub news_files: Vec<String>,
    pub articles: u64,
    pub articles_failed: u64,
    pub words: u64,
    pub names: usize,
    pub keys: usize,
    pub bytes: usize,
}

/// Builds the stem lexicon; `progress` is called with the number of articles read so far.
pub fn build_stem_lexicon(
    src: &LexiconSources,
    mut progress: impl FnMut(u64),
) -> Result<(Vec<u8>, LexiconReport), String> {
    let mut b = LexiconBuilder::new();
    let mut failed = 0;
    let inputs = src.news.iter().map(|p| Input::Path(p.clone())).collect();
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    for (i, a) in read_inputs(inputs, opts).enumerate() {
        match a {
            Ok(a) => {
                b.add_text(&a.title);
                b.add_text(&a.body);
            }
            Err(_) => failed += 1,
        }
        if i % 1000 == 0 {
            progress(i as u64);
        }
    }
    let mut names = 0;
    if let Some(dir) = &src.gazetteers {
        for n in gazetteer_names(dir)? {
            b.add_name(&n);
            names += 1;
        }
    }
    let bytes = b.build(src.min_evidence).map_err(|e| e.to_string())?;
    let keys = rasid_text::Lexicon::from_bytes(&bytes)
        .map_err(|e| e.to_string())?
        .len();
    let report = LexiconReport {
        news_files: src.news.iter().map(|p| p.display().to_string()).collect(),
        articles: b.texts / 2,
        articles_failed: failed,
        words: b.words,
        names,
        keys,
        bytes: bytes.len(),
    };
    Ok((bytes, report))
}

fn read(p: &Path) -> Result<String, String> {
    std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()))
}

/// Arabic names from the gazetteers: ANERGazet (persons, places, organisations), the
/// mledoze country list, the world-cities translations and the given-name list.
pub fn gazetteer_names(dir: &Path) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    for sub in ["AlignedPersGazetteer", "AlignedLocGazetteer", "AlignedOrgGazetteer"] {
        let p = dir.join("anergazet").join(sub).join("data");
        for line in read(&p)?.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('=') {
                out.push(l.to_string());
            }
        }
    }
    let countries = read(&dir.join("places/mledoze_countries/countries.json"))?;
    let v: serde_json::Value = serde_json::from_str(&countries).map_err(|e| format!("countries.json: {e}"))?;
    for c in v.as_array().into_iter().flatten() {
        for k in ["common", "official"] {
            if let Some(s) = c.pointer(&format!("/translations/ara/{k}")).and_then(|x| x.as_str()) {
                out.push(s.to_string());
            }
        }
    }
    let cities = read(&dir.join("places/world_cities_translations/world-cities.csv"))?;
    for line in cities.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        for i in [0, 2] {
            if let Some(s) = cols.get(i) {
                out.push(
                    s.trim_matches(|c: char| c == '"' || c == '\u{FEFF}' || c.is_whitespace())
                        .to_string(),
                );
            }
        }
    }
    let given = read(&dir.join("person-names/data/Arabic_names.csv"))?;
    for line in given.lines().skip(1) {
        if let Some(name) = line.split(',').next() {
            out.push(name.trim().to_string());
        }
    }
    out.retain(|s| !s.is_empty());
    Ok(out)
}

/// The entity tagger's gazetteer: ANERGazet (persons, places, organisations), the country
/// and city lists (places), given names, and from UniversalPetrarch the actor dictionary
/// (actors) and the agents list (role words such as رئيس، وزير).
pub fn ner_gazetteer(gazetteers: &Path, events: &Path) -> Result<rasid_ner::gazetteer::GazetteerBuilder, String> {
    use rasid_ner::gazetteer::{ACTOR, AGENT, GIVEN, LOC, ORG, PER};
    let mut g = rasid_ner::gazetteer::GazetteerBuilder::default();
    for (sub, flag) in [
        ("AlignedPersGazetteer", PER),
        ("AlignedLocGazetteer", LOC),
        ("AlignedOrgGazetteer", ORG),
    ] {
        for line in read(&gazetteers.join("anergazet").join(sub).join("data"))?.lines() {
            let l = line.trim();
            if !l.is_empty() && !l.starts_with('=') {
                g.add(l, flag);
            }
        }
    }
    let countries = read(&gazetteers.join("places/mledoze_countries/countries.json"))?;
    let v: serde_json::Value = serde_json::from_str(&countries).map_err(|e| format!("countries.json: {e}"))?;
    for c in v.as_array().into_iter().flatten() {
        for k in ["common", "official"] {
            if let Some(s) = c.pointer(&format!("/translations/ara/{k}")).and_then(|x| x.as_str()) {
                g.add(s, LOC);
            }
        }
    }
    let cities = read(&gazetteers.join("places/world_cities_translations/world-cities.csv"))?;
    for line in cities.lines().skip(1) {
        let cols: Vec<&str> = line.split(',').collect();
        for i in [0, 2] {
            if let Some(s) = cols.get(i) {
                g.add(
                    s.trim_matches(|c: char| c == '"' || c == '\u{FEFF}' || c.is_whitespace()),
                    LOC,
                );
            }
        }
    }
    for line in read(&gazetteers.join("person-names/data/Arabic_names.csv"))?
        .lines()
        .skip(1)
    {
        if let Some(name) = line.split(',').next() {
            g.add(name.trim(), GIVEN);
        }
    }
    for line in read(&events.join("arabic-dictionaries/actor_dict_ar_v4.txt"))?.lines() {
        if line.starts_with(char::is_whitespace) || line.starts_with('#') {
            continue;
        }
        let name = line.split('[').next().unwrap_or("").trim();
        // Lemmatised multi-word descriptions ("صحيفة تابع ل هو ...") are not names.
        if !name.is_empty() && !name.contains(' ') {
            g.add(name, ACTOR);
        }
    }
    for line in read(&events.join("arabic-dictionaries/agents.all.ar.txt"))?.lines() {
        if let Some((_, rest)) = line.split_once(']') {
            let arabic = rest.split('#').next().unwrap_or("").trim();
            if !arabic.is_empty() && arabic.chars().any(rasid_text::chars::is_arabic_letter) {
                g.add(arabic, AGENT);
            }
        }
    }
    Ok(g)
}

/// Word clusters from news: each article's words (without proclitics and pronouns,
/// normalised) feed skip-gram embeddings, then k-means.
pub fn ner_clusters(
    news: &[PathBuf],
    segmenter: &rasid_text::Segmenter,
    cfg: &rasid_ner::clusters::EmbeddingConfig,
    mut progress: impl FnMut(&str),
) -> Result<(rasid_ner::clusters::Clusters, String), String> {
    let mut corpus = rasid_ner::clusters::CorpusBuilder::default();
    let inputs = news.iter().map(|p| Input::Path(p.clone())).collect();
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    for (i, a) in read_inputs(inputs, opts).enumerate() {
        let Ok(a) = a else { continue };
        for text in [&a.title, &a.body] {
            for line in text.lines() {
                let (tokens, _) = crate::pipeline::tokens_with(segmenter, line);
                let words: Vec<String> = tokens
                    .iter()
                    .filter(|t| t.kind.is_wordlike())
                    .map(|t| rasid_ner::TokenView::from_token(t).core)
                    .collect();
                corpus.add_sentence(words.iter().map(String::as_str));
            }
        }
        if i % 2000 == 0 {
            progress(&format!("{i} articles read"));
        }
    }
    Ok(corpus.train(cfg, progress))
}

/// An article as the tagger sees it: its tokens, its sentences (token ranges), and each
/// sentence's token views.
type TaggerSentences = (
    Vec<rasid_core::Token>,
    Vec<(usize, usize)>,
    Vec<Vec<rasid_ner::TokenView>>,
);

fn tagger_sentences(segmenter: &rasid_text::Segmenter, a: &rasid_core::Article) -> TaggerSentences {
    let text = a.analysis_text();
    let (tokens, raw) = crate::pipeline::tokens_with(segmenter, &text);
    let spans = rasid_text::split_sentences(&text, &raw);
    let views = spans
        .iter()
        .map(|&(s, e)| tokens[s..e].iter().map(rasid_ner::TokenView::from_token).collect())
        .collect();
    (tokens, spans, views)
}

/// Entity priors from news (see `rasid_ner::priors`): `tagger` must be a context-only model
/// (trained without the word, stem and affix groups); every Arabic word of every sentence
/// counts once, with the type the tagger gives it and the genre of its article (the
/// article's category, when it is one of `rasid_ner::priors::GENRES`). Words seen fewer than `min_count` times
/// get no prior.
pub fn ner_priors(
    news: &[PathBuf],
    tagger: &rasid_ner::Model,
    segmenter: &rasid_text::Segmenter,
    min_count: u32,
    mut progress: impl FnMut(&str),
) -> Result<(rasid_ner::priors::Priors, serde_json::Value), String> {
    use rasid_ner::features::group;
    // Genre too: the genre lifts come from the priors file this tagger is about to make.
    let identity = group::WORD | group::STEM | group::AFFIX | group::PRIORS | group::GENRE;
    if tagger.meta.groups & identity != 0 {
        return Err("the tagger for entity priors must be context-only: train it with \
             --without word --without stem --without affix --without priors --without genre"
            .into());
    }
    let mut builder = rasid_ner::priors::PriorsBuilder::default();
    let inputs = news.iter().map(|p| Input::Path(p.clone())).collect();
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    let (mut articles, mut tokens_seen, mut named, mut unreadable) = (0u64, 0u64, 0u64, 0u64);
    for (i, a) in read_inputs(inputs, opts).enumerate() {
        let Ok(a) = a else {
            unreadable += 1;
            continue;
        };
        articles += 1;
        let genre = a.category.as_deref().and_then(rasid_ner::priors::genre_of);
        let (tokens, spans, views) = tagger_sentences(segmenter, &a);
        for ((&(s, e), views), tags) in spans.iter().zip(&views).zip(tagger.tag(&views)) {
            for (v, (t, tag)) in views.iter().zip(tokens[s..e].iter().zip(tags)) {
                if t.kind != rasid_core::TokenKind::Arabic || v.core.is_empty() {
                    continue;
                }
                // Tags are O, then B/I pairs per type in the order PER, LOC, ORG, MISC.
                let ty = (tag > 0).then(|| (tag - 1) / 2);
                named += ty.is_some() as u64;
                tokens_seen += 1;
                builder.add(&v.core, ty, genre);
            }
        }
        if i % 2000 == 0 {
            progress(&format!("{i} articles read"));
        }
    }
    let words = builder.words();
    let base = builder.genre_base_rates();
    let priors = builder.build(min_count);
    let report = serde_json::json!({
        "articles": articles,
        "unreadable_articles": unreadable,
        "arabic_tokens": tokens_seen,
        "tagged_as_names": named,
        "distinct_words": words,
        "words_with_prior": priors.len(),
        "min_count": min_count,
        "genre_share_of_tokens": rasid_ner::priors::GENRES.iter().zip(base)
            .map(|(g, b)| (g.to_string(), serde_json::json!((b * 1e4).round() / 1e4)))
            .collect::<serde_json::Map<_, _>>(),
    });
    Ok((priors, report))
}

/// Silver training data for the tagger (co-training, after Blum & Mitchell 1998): news
/// sentences that two taggers trained on different feature sets tag identically and that
/// contain at least one name, as CoNLL `token TAG` lines.
///
/// The articles are taken in a seeded random order and tagged whole (so that the
/// two-stage taggers see each article as a document); a sentence counts when it has
/// `SILVER_MIN_TOKENS..=SILVER_MAX_TOKENS` tokens, mostly Arabic words. Stops at `wanted`
/// sentences. Where two taggers that look at the text differently agree, they are mostly
/// right, and the sentences teach the final tagger names and contexts that the labelled
/// data lacks.
pub fn ner_silver(
    news: &[PathBuf],
    taggers: &[rasid_ner::Model],
    segmenter: &rasid_text::Segmenter,
    wanted: usize,
    seed: u64,
    mut progress: impl FnMut(&str),
) -> Result<(String, serde_json::Value), String> {
    const SILVER_MIN_TOKENS: usize = 8;
    const SILVER_MAX_TOKENS: usize = 60;
    if taggers.is_empty() {
        return Err("silver data needs at least one tagger".into());
    }
    let inputs = news.iter().map(|p| Input::Path(p.clone())).collect();
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    let (mut articles, mut unreadable) = (Vec::new(), 0usize);
    for a in read_inputs(inputs, opts) {
        match a {
            Ok(a) => articles.push(a),
            Err(_) => unreadable += 1,
        }
    }
    // Sorted first, so that the order does not depend on the order of the input files.
    articles.sort_by(|a, b| (&a.id, &a.title, &a.body).cmp(&(&b.id, &b.title, &b.body)));
    rasid_ner::hash::Rng::new(seed).shuffle(&mut articles);
    let (mut out, mut kept, mut read, mut candidates, mut agreed) = (String::new(), 0usize, 0usize, 0usize, 0usize);
    for a in &articles {
        if kept >= wanted {
            break;
        }
        read += 1;
        let (tokens, spans, views) = tagger_sentences(segmenter, a);
        let tags: Vec<Vec<Vec<usize>>> = taggers.iter().map(|m| m.tag(&views)).collect();
        for (k, &(s, e)) in spans.iter().enumerate() {
            let toks = &tokens[s..e];
            let arabic = toks.iter().filter(|t| t.kind == rasid_core::TokenKind::Arabic).count();
            if !(SILVER_MIN_TOKENS..=SILVER_MAX_TOKENS).contains(&toks.len()) || arabic * 10 < toks.len() * 7 {
                continue;
            }
            candidates += 1;
            let first = &tags[0][k];
            if tags[1..].iter().any(|t| &t[k] != first) {
                continue;
            }
            agreed += 1;
            if first.iter().all(|&t| t == 0) || kept >= wanted {
                continue;
            }
            for (t, &tag) in toks.iter().zip(first) {
                out.push_str(&t.text);
                out.push(' ');
                out.push_str(rasid_ner::TAGS[tag]);
                out.push('\n');
            }
            out.push('\n');
            kept += 1;
        }
        if read % 500 == 0 {
            progress(&format!("{read} articles read, {kept} sentences kept"));
        }
    }
    let report = serde_json::json!({
        "articles_read": read,
        "unreadable_articles": unreadable,
        "candidate_sentences": candidates,
        "sentences_agreed": agreed,
        "sentences_kept": kept,
        "seed": seed,
        "taggers": taggers.len(),
    });
    Ok((out, report))
}

/// Builds `data/knowledge.json` (see `rasid_extract::knowledge`). `lexicon` (learned from
/// ANT) decides which derived nationality adjectives and title words the news really uses.
pub fn knowledge(
    gazetteers: &Path,
    events: &Path,
    wojood: &Path,
    anercorp: &Path,
    lexicon: &rasid_text::Lexicon,
) -> Result<rasid_extract::knowledge::KnowledgeFile, String> {
    use rasid_extract::knowledge::{ActorCode, KnowledgeFile, Place, FORMAT_VERSION, MAGIC};
    use std::collections::{BTreeMap, BTreeSet};
    let norm = |s: &str| {
        rasid_text::normalize(s)
            .split(|c: char| c.is_whitespace() || c == '_')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let bare = |w: &str| {
        w.strip_prefix("ال")
            .filter(|b| b.chars().count() >= 2)
            .unwrap_or(w)
            .to_string()
    };
    // How often the news uses a word with or without the article (normalised keys are not
    // the lexicon's keys, so both spellings of hamza are tried through the raw forms).
    let mut normalised_counts: std::collections::HashMap<String, u64> = std::collections::HashMap::new();
    for (k, e) in lexicon.entries() {
        *normalised_counts.entry(rasid_text::normalize(&k)).or_default() += e.count as u64 + e.free() as u64;
    }
    let attested = |w: &str| {
        let e = |k: &str| normalised_counts.get(k).copied().unwrap_or(0);
        e(w) + e(&format!("ال{w}"))
    };

    // Titles: first words of role phrases.
    let mut titles: BTreeMap<String, u32> = BTreeMap::new();
    for line in read(&events.join("arabic-dictionaries/agents.all.ar.txt"))?.lines() {
        if let Some((_, rest)) = line.split_once(']') {
            let arabic = rest.split('#').next().unwrap_or("").trim();
            if let Some(first) = arabic.split_whitespace().next() {
                if first.chars().all(rasid_text::chars::is_arabic_letter) {
                    *titles.entry(bare(&rasid_text::normalize(first))).or_default() += 1;
                }
            }
        }
    }
    for f in ["train.txt", "val.txt", "test.txt"] {
        for line in read(&wojood.join(f))?.lines() {
            let cols: Vec<&str> = line.split_whitespace().collect();
            if cols.len() >= 2
                && cols[1..].contains(&"B-OCC")
                && cols[0].chars().all(rasid_text::chars::is_arabic_letter)
            {
                *titles.entry(bare(&rasid_text::normalize(cols[0]))).or_default() += 2;
            }
        }
    }
    // Keep the candidates that ANERcorp's training part shows right before person names
    // (within two words of a B-PERS): that is what a title does in news.
    let mut before_names: BTreeMap<String, u32> = BTreeMap::new();
    let aner = read(anercorp)?;
    let rows: Vec<(String, bool)> = aner
        .lines()
        .filter_map(|l| {
            let mut c = l.split_whitespace();
            let tok = c.next()?;
            let tag = c.last().unwrap_or("O");
            Some((tok.to_string(), tag == "B-PERS"))
        })
        .collect();
    for i in 0..rows.len() {
        if rows[i].1 {
            for j in [i.wrapping_sub(1), i.wrapping_sub(2)] {
                if let Some((w, _)) = rows.get(j) {
                    let n = rasid_text::normalize(w);
                    let n = n.trim_start_matches(['و', 'ف', 'ب', 'ل']);
                    *before_names.entry(bare(n)).or_default() += 1;
                }
            }
        }
    }
    let titles: Vec<String> = titles
        .into_iter()
        .filter(|(t, votes)| {
            t.chars().count() >= 2
                && attested(t) >= 20
                && (before_names.get(t).copied().unwrap_or(0) >= 2 || *votes >= 6)
        })
        .map(|(t, _)| t)
        .collect();

    // Countries: mledoze (names, code, coordinates) and world-cities' Arabic country names.
    let countries = read(&gazetteers.join("places/mledoze_countries/countries.json"))?;
    let v: serde_json::Value = serde_json::from_str(&countries).map_err(|e| format!("countries.json: {e}"))?;
    let mut places: BTreeMap<String, Vec<Place>> = BTreeMap::new();
    let mut by_english: BTreeMap<String, (String, Place)> = BTreeMap::new();
    let mut by_cca3: BTreeMap<String, String> = BTreeMap::new();
    let mut nisba_votes: BTreeMap<String, BTreeMap<String, u32>> = BTreeMap::new();
    let mut derived_nisba: BTreeSet<String> = BTreeSet::new();
    for c in v.as_array().into_iter().flatten() {
        let s = |p: &str| c.pointer(p).and_then(|x| x.as_str()).unwrap_or("").to_string();
        let common = s("/translations/ara/common");
        if common.is_empty() {
            continue;
        }
        let latlng = c.get("latlng").and_then(|x| x.as_array()).cloned().unwrap_or_default();
        let place = Place {
            name: s("/name/common"),
            country: s("/cca2"),
            lat: latlng.first().and_then(|x| x.as_f64()).unwrap_or(0.0),
            lon: latlng.get(1).and_then(|x| x.as_f64()).unwrap_or(0.0),
            population: 0,
            kind: "country".into(),
        };
        by_cca3.insert(s("/cca3"), common.clone());
        by_english.insert(s("/name/common"), (common.clone(), place.clone()));
        for n in [common.clone(), s("/translations/ara/official")] {
            if !n.is_empty() {
                places.entry(norm(&n)).or_default().push(place.clone());
            }
        }
        // Nationality adjectives by rule: السودان → سوداني، فرنسا → فرنسي، سوريا → سوري.
        let base = bare(&norm(&common));
        if !base.contains(' ') {
            let stem = base
                .strip_suffix("يا")
                .or_else(|| base.strip_suffix('ا'))
                .unwrap_or(&base);
            *nisba_votes
                .entry(format!("{stem}ي"))
                .or_default()
                .entry(common.clone())
                .or_default() += 3;
            derived_nisba.insert(format!("{stem}ي"));
        }
        // ... and from the official name: الجمهورية الفرنسية → فرنسي.
        for w in norm(&s("/translations/ara/official")).split(' ') {
            if let Some(adj) = bare(w).strip_suffix("يه") {
                *nisba_votes
                    .entry(format!("{adj}ي"))
                    .or_default()
                    .entry(common.clone())
                    .or_default() += 1;
                derived_nisba.insert(format!("{adj}ي"));
            }
        }
    }
    let cities = read(&gazetteers.join("places/world_cities_translations/world-cities.csv"))?;
    for line in cities.lines().skip(1) {
        let cols: Vec<&str> = line
            .split(',')
            .map(|c| c.trim_matches(|x: char| x == '"' || x == '\u{FEFF}'))
            .collect();
        if let (Some(ar), Some(en)) = (cols.first(), cols.get(1)) {
            if let Some((_, place)) = by_english.get(*en) {
                let key = norm(ar);
                let list = places.entry(key).or_default();
                if !list.iter().any(|p| p.kind == "country" && p.country == place.country) {
                    list.push(place.clone());
                }
            }
        }
    }
    // Nationality adjectives from the actor dictionary: شرطة_بريطاني_ [GBRCOP] → بريطاني is British.
    let actors_src = read(&events.join("arabic-dictionaries/actor_dict_ar_v4.txt"))?;
    let mut actors: BTreeMap<String, Vec<ActorCode>> = BTreeMap::new();
    let mut current: Option<String> = None;
    let parse_code = |s: &str| -> Option<ActorCode> {
        let inner = s.split('[').nth(1)?.split(']').next()?.trim();
        let mut parts = inner.split_whitespace();
        let code = parts.next()?.to_string();
        // Ranges are `FROM-TO`, `>FROM` or `<TO`; 18000101 stands for "open".
        let (from, to) = match parts.next() {
            Some(r) if r.starts_with('>') => (r[1..].to_string(), String::new()),
            Some(r) if r.starts_with('<') => (String::new(), r[1..].to_string()),
            Some(r) => match r.split_once('-') {
                Some((a, b)) => (a.to_string(), b.to_string()),
                None => (String::new(), String::new()),
            },
            None => (String::new(), String::new()),
        };
        let open = |d: String| if d == "18000101" { String::new() } else { d };
        Some(ActorCode {
            code,
            from: open(from),
            to: open(to),
        })
    };
    for line in actors_src.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if line.starts_with(char::is_whitespace) {
            if let (Some(name), Some(code)) = (&current, parse_code(line)) {
                actors.entry(name.clone()).or_default().push(code);
            }
            continue;
        }
        let name_part = line.split('[').next().unwrap_or("").trim();
        if name_part.is_empty() || name_part.contains(' ') {
            current = None;
            continue;
        }
        let name = norm(name_part);
        current = Some(name.clone());
        if let Some(code) = parse_code(line) {
            if let Some(country) = code.code.get(..3).and_then(|c| by_cca3.get(c)) {
                for w in name.split(' ') {
                    if w.ends_with('ي') && w.chars().count() >= 4 {
                        *nisba_votes
                            .entry(bare(w))
                            .or_default()
                            .entry(country.clone())
                            .or_default() += 1;
                    }
                }
            }
            actors.entry(name).or_default().push(code);
        }
    }
    let mut nationalities = Vec::new();
    for (adj, votes) in nisba_votes {
        let total: u32 = votes.values().sum();
        let (country, best) = votes
            .iter()
            .max_by_key(|(_, v)| **v)
            .map(|(c, v)| (c.clone(), *v))
            .unwrap_or_default();
        // Country names vote 3 and official names 1; the actor dictionary votes 1 per entry.
        // An adjective only the dictionary proposes (بريطاني) must point at one country only
        // and more than once: خارجي (in every foreign ministry) must not become a nationality.
        let one_country = if derived_nisba.contains(&adj) {
            best * 10 >= total * 8
        } else {
            votes.len() == 1 && best >= 2
        };
        if one_country && attested(&adj) + attested(&format!("{adj}ه")) >= 5 {
            nationalities.push((adj, country));
        }
    }

    // GeoNames cities with Arabic names.
    let zip_path = gazetteers.join("places/geonames_cities15000_2018/cities15000.zip");
    let file = std::fs::File::open(&zip_path).map_err(|e| format!("{}: {e}", zip_path.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("{}: {e}", zip_path.display()))?;
    let mut text = String::new();
    {
        use std::io::Read;
        let mut entry = archive
            .by_index(0)
            .map_err(|e| format!("{}: {e}", zip_path.display()))?;
        entry
            .read_to_string(&mut text)
            .map_err(|e| format!("{}: {e}", zip_path.display()))?;
    }
    let mut names_seen = BTreeSet::new();
    for line in text.lines() {
        let c: Vec<&str> = line.split('\t').collect();
        if c.len() < 15 {
            continue;
        }
        let place = Place {
            name: c[1].to_string(),
            country: c[8].to_string(),
            lat: c[4].parse().unwrap_or(0.0),
            lon: c[5].parse().unwrap_or(0.0),
            population: c[14].parse().unwrap_or(0),
            kind: if c[7] == "PPLC" {
                "capital".into()
            } else {
                "city".into()
            },
        };
        names_seen.clear();
        for alt in c[3].split(',') {
            if alt.chars().any(rasid_text::chars::is_arabic_letter)
                && alt
                    .chars()
                    .all(|ch| rasid_text::chars::is_arabic_letter(ch) || ch == ' ')
            {
                let key = norm(alt);
                if names_seen.insert(key.clone()) {
                    places.entry(key).or_default().push(place.clone());
                }
            }
        }
    }
    // Preferred reading first: a country, then a capital, then the most populous.
    let rank = |p: &Place| match p.kind.as_str() {
        "country" => 0,
        "capital" => 1,
        _ => 2,
    };
    let places: Vec<(String, Vec<Place>)> = places
        .into_iter()
        .map(|(k, mut v)| {
            v.sort_by(|a, b| {
                rank(a)
                    .cmp(&rank(b))
                    .then(b.population.cmp(&a.population))
                    .then(a.name.cmp(&b.name))
            });
            v.dedup_by(|a, b| a.kind == b.kind && a.country == b.country && a.name == b.name);
            v.truncate(5);
            (k, v)
        })
        .collect();
    Ok(KnowledgeFile {
        magic: MAGIC.into(),
        version: FORMAT_VERSION,
        sources: vec![
            "events/universalpetrarch/arabic-dictionaries/agents.all.ar.txt (title words)".into(),
            "ner/wojood-sample (OCC spans: title words)".into(),
            "ner/anercorp/train.txt (words before person names: which title words are titles)".into(),
            "gazetteers/places/mledoze_countries/countries.json (countries, official names: nationality adjectives)"
                .into(),
            "gazetteers/places/world_cities_translations/world-cities.csv (Arabic country names)".into(),
            "gazetteers/places/geonames_cities15000_2018/cities15000.zip (cities with Arabic names)".into(),
            "events/universalpetrarch/arabic-dictionaries/actor_dict_ar_v4.txt (actors, nationality adjectives)".into(),
            "data/stems.rlex (ANT counts: which derived words the news attests)".into(),
        ],
        command: String::new(),
        titles,
        nationalities,
        places,
        actors: actors.into_iter().collect(),
    })
}

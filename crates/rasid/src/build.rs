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

//! Builders that turn the public data sets in `../shared/data` into the files in `data/`.
//! Deterministic: the same inputs give the same bytes.

use std::path::{Path, PathBuf};

use rasid_ingest::{read_inputs, Input, ReadOptions};
use rasid_text::LexiconBuilder;
use serde::Serialize;

mod knowledge;
mod latin;
mod names;
mod nationalities;
mod sources;

pub use knowledge::knowledge;
pub use names::{names, Common, Heads};
pub use sources::SourceError;

/// The given names of the gazetteers folder (`person-names/data/Arabic_names.csv`).
pub fn given_names(gazetteers: &Path) -> Result<Vec<String>, SourceError> {
    sources::given_names(gazetteers)
}

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
        for n in gazetteer_names(dir).map_err(|e| e.to_string())? {
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

/// Arabic names from the gazetteers: ANERGazet (persons, places, organisations), the
/// mledoze country list, the world-cities translations and the given-name list.
pub fn gazetteer_names(dir: &Path) -> Result<Vec<String>, SourceError> {
    let mut out: Vec<String> = sources::anergazet(dir)?.into_iter().flatten().collect();
    for c in sources::countries(dir)? {
        out.extend(c.arabic);
        out.extend(c.arabic_official);
    }
    for cols in sources::world_cities(dir)? {
        for i in [0, 2] {
            if let Some(s) = cols.get(i) {
                out.push(sources::city_cell(s).to_string());
            }
        }
    }
    out.extend(sources::given_names(dir)?);
    out.retain(|s| !s.is_empty());
    Ok(out)
}

/// The entity tagger's gazetteer: ANERGazet (persons, places, organisations), the country
/// and city lists (places), given names, and from UniversalPetrarch the actor dictionary
/// (actors) and the agents list (role words such as رئيس، وزير).
pub fn ner_gazetteer(gazetteers: &Path, events: &Path) -> Result<rasid_ner::gazetteer::GazetteerBuilder, SourceError> {
    use rasid_ner::gazetteer::{ACTOR, AGENT, GIVEN, LOC, ORG, PER};
    let mut g = rasid_ner::gazetteer::GazetteerBuilder::default();
    for (list, flag) in sources::anergazet(gazetteers)?.iter().zip([PER, LOC, ORG]) {
        for l in list {
            g.add(l, flag);
        }
    }
    for c in sources::countries(gazetteers)? {
        for s in c.arabic.iter().chain(&c.arabic_official) {
            g.add(s, LOC);
        }
    }
    for cols in sources::world_cities(gazetteers)? {
        for i in [0, 2] {
            if let Some(s) = cols.get(i) {
                g.add(sources::city_cell(s), LOC);
            }
        }
    }
    for name in sources::given_names(gazetteers)? {
        g.add(&name, GIVEN);
    }
    for a in sources::actors(events)? {
        g.add(&a.name, ACTOR);
    }
    for arabic in sources::agents(events)? {
        if arabic.chars().any(rasid_text::chars::is_arabic_letter) {
            g.add(&arabic, AGENT);
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

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::build::{build_stem_lexicon, LexiconSources};

use crate::args::BuildCommand;

/// A spinner with a message and the elapsed time, for builds of unknown length.
fn spinner() -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
    bar
}

pub fn run(cmd: BuildCommand) -> anyhow::Result<i32> {
    match cmd {
        BuildCommand::Lexicon {
            news,
            gazetteers,
            min_evidence,
            out,
        } => {
            let bar = spinner();
            let src = LexiconSources {
                news,
                gazetteers,
                min_evidence,
            };
            let (bytes, report) = build_stem_lexicon(&src, |n| bar.set_message(format!("{n} articles read")))
                .map_err(|e| anyhow::anyhow!(e))?;
            bar.finish_and_clear();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            crate::commands::print_json(&report)?;
            Ok(0)
        }
        BuildCommand::Knowledge {
            gazetteers,
            events,
            wojood,
            anercorp,
            out,
        } => {
            let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
            let mut k =
                rasid::build::knowledge(&gazetteers, &events, &wojood, &anercorp, &lex).map_err(anyhow::Error::msg)?;
            k.command = std::env::args().collect::<Vec<_>>().join(" ");
            let bytes = serde_json::to_vec(&k)?;
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            crate::commands::print_json(&serde_json::json!({
                "titles": k.titles.len(), "nationalities": k.nationalities.len(),
                "place_names": k.places.len(), "actors": k.actors.len(), "bytes": bytes.len()
            }))?;
            Ok(0)
        }
        BuildCommand::Clusters { news, out, seed } => {
            let bar = spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
            let seg = rasid_text::Segmenter::new(lex);
            let cfg = rasid_ner::clusters::EmbeddingConfig {
                seed,
                ..Default::default()
            };
            let (clusters, report) = rasid::build::ner_clusters(&news, &seg, &cfg, |m| bar.set_message(m.to_string()))
                .map_err(anyhow::Error::msg)?;
            bar.finish_and_clear();
            let bytes = clusters.to_file_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            crate::commands::print_json(
                &serde_json::json!({"report": report, "words": clusters.len(), "bytes": bytes.len()}),
            )?;
            Ok(0)
        }
        BuildCommand::Priors {
            news,
            tagger,
            min_count,
            out,
        } => {
            let bar = spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            let model = load_tagger(&tagger)?;
            let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
            let seg = rasid_text::Segmenter::new(lex);
            let (priors, report) =
                rasid::build::ner_priors(&news, &model, &seg, min_count, |m| bar.set_message(m.to_string()))
                    .map_err(anyhow::Error::msg)?;
            bar.finish_and_clear();
            let bytes = priors.to_file_bytes();
            std::fs::write(&out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
            crate::commands::print_json(&serde_json::json!({"report": report, "bytes": bytes.len()}))?;
            Ok(0)
        }
        BuildCommand::Names {
            news,
            labelled,
            gazetteers,
            heads,
            min_count,
            out,
        } => build_names(&news, &labelled, gazetteers.as_deref(), &heads, min_count, &out),
        BuildCommand::Silver {
            news,
            tagger,
            sentences,
            seed,
            out,
        } => {
            let bar = spinner();
            bar.enable_steady_tick(std::time::Duration::from_millis(200));
            let models = tagger
                .iter()
                .map(|p| load_tagger(p))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
            let seg = rasid_text::Segmenter::new(lex);
            let (conll, report) = rasid::build::ner_silver(&news, &models, &seg, sentences, seed, |m| {
                bar.set_message(m.to_string())
            })
            .map_err(anyhow::Error::msg)?;
            bar.finish_and_clear();
            std::fs::write(&out, &conll).with_context(|| format!("cannot write {}", out.display()))?;
            crate::commands::print_json(&serde_json::json!({ "report": report }))?;
            Ok(0)
        }
    }
}

fn load_tagger(path: &std::path::Path) -> anyhow::Result<rasid_ner::Model> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    rasid_ner::Model::from_bytes(&bytes).with_context(|| format!("{}", path.display()))
}

/// `rasid build names`: the labelled data's common words and given names, the head words,
/// then the names of the news (`rasid::build::names`).
fn build_names(
    news: &[std::path::PathBuf],
    labelled: &[std::path::PathBuf],
    gazetteers: Option<&std::path::Path>,
    heads: &std::path::Path,
    min_count: u32,
    out: &std::path::Path,
) -> anyhow::Result<i32> {
    let bar = spinner();
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
    let seg = rasid_text::Segmenter::new(lex);
    let k = rasid_extract::knowledge::Knowledge::from_json(rasid::models::KNOWLEDGE)?;
    let mut sentences = Vec::new();
    for p in labelled {
        let src = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
        sentences.extend(rasid_ner::conll::read(&src, true).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?);
    }
    let mut common = rasid::build::Common::from_labelled(&sentences, &seg);
    if let Some(g) = gazetteers {
        common.add_given(rasid::build::given_names(g)?.iter().map(String::as_str));
    }
    let text = std::fs::read_to_string(heads).with_context(|| format!("cannot read {}", heads.display()))?;
    let heads = rasid::build::Heads::from_toml(&text)?;
    let (names, report) = rasid::build::names(news, &k, (&common, &heads), &seg, min_count, |m| {
        bar.set_message(m.to_string())
    });
    bar.finish_and_clear();
    let bytes = names.to_file_bytes();
    std::fs::write(out, &bytes).with_context(|| format!("cannot write {}", out.display()))?;
    crate::commands::print_json(&serde_json::json!({"report": report, "bytes": bytes.len()}))?;
    Ok(0)
}

use anyhow::Context;
use rasid::eval::segmentation;

use crate::args::{EvalCommand, EvalUnderstandingArgs, GoldPart};

pub fn run(cmd: EvalCommand) -> anyhow::Result<i32> {
    match cmd {
        EvalCommand::Segmentation { gold, errors, params } => {
            let src = std::fs::read_to_string(&gold).with_context(|| format!("cannot read {}", gold.display()))?;
            let words = segmentation::read_conllu(&src).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
            if words.is_empty() {
                anyhow::bail!("{} holds no words (expected a CoNLL-U treebank)", gold.display());
            }
            let mut p = rasid_text::segment::Params::default();
            for kv in &params {
                let (k, v) = kv
                    .split_once('=')
                    .ok_or_else(|| anyhow::anyhow!("--param expects NAME=VALUE, got `{kv}`"))?;
                p.set(k, v.parse().with_context(|| format!("--param {kv}"))?)
                    .map_err(anyhow::Error::msg)?;
            }
            let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
            let seg = rasid_text::Segmenter::with_params(lex, p);
            let report = segmentation::evaluate(&seg, &words, &gold.display().to_string(), errors);
            crate::commands::print_json(&report)?;
            Ok(0)
        }
        EvalCommand::Time(a) => {
            let docs = rasid::eval::time::read_dir(&a.gold).map_err(anyhow::Error::msg)?;
            let p = rasid::Pipeline::embedded()?;
            let report = rasid::eval::time::evaluate(&p, &docs, Some(a.dct), a.errors);
            crate::commands::print_json(&report)?;
            Ok(0)
        }
        EvalCommand::Ner { gold, model, pred } => {
            let gold_tags = |s: &str| rasid_ner::conll::read(s, true);
            let sentences = crate::commands::read_conll(&gold, gold_tags)?;
            if let Some(pred) = pred {
                let predicted = crate::commands::read_conll(&pred, rasid_ner::conll::read_predictions)?;
                let report = rasid::eval::ner::score_predictions(&sentences, &predicted, &gold.display().to_string())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", pred.display()))?;
                crate::commands::print_json(&report)?;
                return Ok(0);
            }
            let pipeline = crate::commands::ner::pipeline_with(model.as_deref())?;
            let tagger = pipeline.tagger().expect("pipeline has a tagger");
            let report =
                rasid::eval::ner::evaluate(tagger, pipeline.segmenter(), &sentences, &gold.display().to_string());
            crate::commands::print_json(&report)?;
            Ok(0)
        }
        EvalCommand::Understanding(a) => understanding(a),
        EvalCommand::EventsCheck { gold, sentences, news } => events_check(&gold, &sentences, &news),
        EvalCommand::Topic { gold, split, model } => crate::commands::topic::eval(gold, split, model),
        EvalCommand::Retrieval {
            news,
            queries,
            seed,
            max_articles,
            db,
        } => {
            let opts = rasid_ingest::ReadOptions {
                date_from_file_name: false,
                ..rasid_ingest::ReadOptions::default()
            };
            let mut docs = Vec::new();
            for r in rasid_ingest::read_inputs(news.iter().map(|s| rasid_ingest::Input::from_arg(s)).collect(), opts) {
                match r {
                    Ok(a) => docs.push(rasid_corpus::eval::RetrievalDoc {
                        id: a.id,
                        title: a.title,
                        body: a.body,
                    }),
                    Err(e) => eprintln!("rasid: error: {e}"),
                }
                if max_articles > 0 && docs.len() == max_articles {
                    break;
                }
            }
            let seg = std::sync::Arc::new(rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(
                rasid::models::STEM_LEXICON,
            )?));
            let o = rasid_corpus::eval::RetrievalOptions {
                queries,
                seed,
                ..Default::default()
            };
            let report = match db {
                Some(url) => {
                    let mut pg = rasid_pg::eval::PgRanker {
                        client: rasid_pg::connect(&url)?,
                        seg: &seg,
                    };
                    rasid_corpus::eval::retrieval_with(&docs, seg.clone(), &o, &mut [&mut pg])?
                }
                None => rasid_corpus::eval::retrieval(&docs, seg, &o)?,
            };
            crate::commands::print_json(&report)?;
            Ok(0)
        }
    }
}

/// Reads the gold lines and the articles they name from the news, and scores them.
fn events_check(gold: &std::path::Path, sentences: &std::path::Path, news_args: &[String]) -> anyhow::Result<i32> {
    use rasid::eval::events_check;
    let read = |p: &std::path::Path| std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()));
    let drawn =
        events_check::read_sentences(&read(sentences)?).map_err(|e| anyhow::anyhow!("{}: {e}", sentences.display()))?;
    let settled = events_check::read_settled(&read(gold)?).map_err(|e| anyhow::anyhow!("{}: {e}", gold.display()))?;
    let news = read_news(news_args, drawn.iter().map(|d| d.article.as_str()).collect());
    let p = rasid::Pipeline::embedded()?;
    let report =
        events_check::evaluate(&p, &drawn, &settled, &news, &gold.display().to_string()).map_err(anyhow::Error::msg)?;
    crate::commands::print_json(&report)?;
    Ok(0)
}

/// The articles of `wanted` from news inputs; a line that cannot be read is reported, and
/// a wanted article it held is then named as missing by the scorer.
fn read_news(
    args: &[String],
    wanted: std::collections::HashSet<&str>,
) -> std::collections::HashMap<String, rasid_core::Article> {
    let opts = rasid_ingest::ReadOptions {
        date_from_file_name: false,
        ..rasid_ingest::ReadOptions::default()
    };
    let mut news = std::collections::HashMap::new();
    for r in rasid_ingest::read_inputs(args.iter().map(|s| rasid_ingest::Input::from_arg(s)).collect(), opts) {
        match r {
            Ok(article) if wanted.contains(article.id.as_str()) => {
                news.insert(article.id.clone(), article);
            }
            Ok(_) => {}
            Err(e) => eprintln!("rasid: error: {e}"),
        }
    }
    news
}

fn understanding(a: EvalUnderstandingArgs) -> anyhow::Result<i32> {
    use rasid::eval::understanding::{self, Part};
    let src = std::fs::read_to_string(&a.gold).with_context(|| format!("cannot read {}", a.gold.display()))?;
    let gold = understanding::read_gold(&src).map_err(|e| anyhow::anyhow!("{}: {e}", a.gold.display()))?;
    if gold.is_empty() {
        anyhow::bail!(
            "{} holds no articles (expected locate.py --out JSON lines)",
            a.gold.display()
        );
    }
    let news = read_news(&a.news, gold.iter().map(|g| g.id.as_str()).collect());
    let parts = understanding::read_parts(understanding::SAMPLE).map_err(anyhow::Error::msg)?;
    let which = a.part.map(|p| match p {
        GoldPart::Dev => Part::Dev,
        GoldPart::Test => Part::Test,
        GoldPart::All => Part::All,
    });
    let p = rasid::Pipeline::embedded()?;
    let name = a.gold.display().to_string();
    let report = understanding::evaluate(&p, &gold, &news, &parts, which, &name)
        .map_err(|e| anyhow::anyhow!("{}: {e}", a.gold.display()))?;
    crate::commands::print_json(&report)?;
    Ok(0)
}

//! `rasid train topic` and `rasid eval topic`.

use std::path::PathBuf;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::topic::{example, in_dev_split};
use rasid_ingest::{read_inputs, Input, ReadOptions};
use rasid_topic::train::{evaluate, Example, TrainOptions};
use rasid_topic::TopicModel;
use rayon::prelude::*;

use crate::args::{TopicSplit, TrainTopicArgs};

/// Reads labelled articles into (train, dev) examples; unreadable documents are reported
/// and counted, articles without a category are skipped.
fn load(inputs: &[String], keep_train: bool) -> anyhow::Result<(Vec<Example>, Vec<Example>)> {
    let seg = rasid_text::Segmenter::new(rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?);
    let opts = ReadOptions {
        date_from_file_name: false,
        ..ReadOptions::default()
    };
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} reading {pos} articles [{elapsed}] {per_sec}").expect("template"),
    );
    let mut articles = Vec::new();
    let mut failed = 0;
    for r in read_inputs(inputs.iter().map(|s| Input::from_arg(s)).collect(), opts) {
        match r {
            Ok(a) => articles.push(a),
            Err(e) => {
                failed += 1;
                bar.suspend(|| eprintln!("rasid: error: {e}"));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if failed > 0 {
        eprintln!("rasid: {failed} documents could not be read and were left out");
    }
    let split: Vec<(bool, Option<Example>)> = articles
        .par_iter()
        .map(|a| {
            let dev = in_dev_split(a);
            (dev, if dev || keep_train { example(&seg, a) } else { None })
        })
        .collect();
    let (mut train, mut dev) = (Vec::new(), Vec::new());
    for (is_dev, ex) in split {
        match (is_dev, ex) {
            (true, Some(e)) => dev.push(e),
            (false, Some(e)) => train.push(e),
            _ => {}
        }
    }
    Ok((train, dev))
}

pub fn train(a: TrainTopicArgs) -> anyhow::Result<i32> {
    let (mut train, mut dev) = load(&a.train, true)?;
    if a.all {
        train.append(&mut dev);
    }
    anyhow::ensure!(
        !train.is_empty(),
        "no labelled articles (with a `category`) in the training input"
    );
    eprintln!(
        "rasid: {} training articles, {} development articles",
        train.len(),
        dev.len()
    );
    let o = TrainOptions {
        dim_bits: a.dim_bits.clamp(8, 24),
        epochs: a.epochs,
        rate: a.rate,
        l2: a.l2,
        seed: a.seed,
        min_df: 2,
        source: format!(
            "{}{}",
            a.train.join(", "),
            if a.all {
                " (all)"
            } else {
                " (development split held out)"
            }
        ),
    };
    let bar = ProgressBar::new(o.epochs as u64);
    bar.set_style(ProgressStyle::with_template("epoch {pos}/{len} [{elapsed}] {msg}").expect("template"));
    let (model, report) = rasid_topic::train(&train, &dev, &o, |epoch, s| {
        bar.set_position(epoch as u64);
        bar.suspend(|| {
            eprintln!(
                "epoch {epoch}: dev accuracy {:.2}%, macro-F1 {:.2}",
                s.accuracy * 100.0,
                s.macro_f1 * 100.0
            )
        });
    });
    bar.finish_and_clear();
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    eprintln!("rasid: wrote {} ({} bytes)", a.out.display(), bytes.len());
    crate::commands::print_json(&report.epochs.last())?;
    Ok(0)
}

pub fn eval(gold: Vec<String>, split: TopicSplit, model: Option<PathBuf>) -> anyhow::Result<i32> {
    let model = match model {
        Some(p) => TopicModel::from_bytes(&std::fs::read(&p).with_context(|| format!("cannot read {}", p.display()))?)
            .with_context(|| format!("loading {}", p.display()))?,
        None => TopicModel::from_bytes(rasid::models::TOPIC_MODEL)?,
    };
    let (train, dev) = load(&gold, split == TopicSplit::All)?;
    let docs: Vec<Example> = match split {
        TopicSplit::Dev => dev,
        TopicSplit::All => train.into_iter().chain(dev).collect(),
    };
    crate::commands::print_json(&evaluate(&model, &docs))?;
    Ok(0)
}

use std::io::{BufWriter, Read, Write};
use std::path::Path;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::Pipeline;
use rasid_ner::features::group;
use rasid_ner::train::{Example, TrainConfig};
use rasid_ner::{Model, ModelMeta, TokenView};

use crate::args::{TagCommand, TrainNerArgs};

/// The shipped pipeline, or one whose tagger is loaded from `model`.
pub fn pipeline_with(model: Option<&Path>) -> anyhow::Result<Pipeline> {
    let p = match model {
        None => Pipeline::embedded(),
        Some(path) => {
            let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let m = Model::from_bytes(&bytes).with_context(|| format!("{}", path.display()))?;
            Pipeline::embedded_with_tagger(Some(m))
        }
    };
    p.context("loading the shipped models")
}

pub fn tag(cmd: TagCommand) -> anyhow::Result<i32> {
    let TagCommand::Ner { input, model } = cmd;
    let mut src = String::new();
    match input.as_deref() {
        None | Some("-") => {
            std::io::stdin()
                .read_to_string(&mut src)
                .context("reading standard input")?;
        }
        Some(f) => src = std::fs::read_to_string(f).with_context(|| format!("cannot read {f}"))?,
    }
    let sentences = rasid_ner::conll::read(&src, false).map_err(anyhow::Error::msg)?;
    let p = pipeline_with(model.as_deref())?;
    let tags = rasid::eval::ner::tag_sentences(p.tagger().expect("tagger"), p.segmenter(), &sentences);
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (s, t) in sentences.iter().zip(tags) {
        for (tok, tag) in s.tokens.iter().zip(t) {
            writeln!(out, "{tok}\t{tag}")?;
        }
        writeln!(out)?;
    }
    out.flush()?;
    Ok(0)
}

fn group_bit(name: &str) -> anyhow::Result<u32> {
    group::NAMES
        .iter()
        .find(|(_, n)| *n == name)
        .map(|(b, _)| *b)
        .ok_or_else(|| {
            let names: Vec<&str> = group::NAMES.iter().map(|(_, n)| *n).collect();
            anyhow::anyhow!("unknown feature group `{name}` (one of: {})", names.join(", "))
        })
}

/// Training and development sentences as examples, and the name of the development data
/// for the model's metadata.
struct Data {
    train: Vec<Example>,
    dev: Vec<Example>,
    dev_name: Option<String>,
}

/// Reads --train, --dev (or holds out the tail of --train) and --silver, and segments
/// their words as the tagger will see them.
fn read_data(a: &TrainNerArgs) -> anyhow::Result<Data> {
    let read = |p: &Path| crate::commands::read_conll(p, |s| rasid_ner::conll::read(s, true));
    let all = read(&a.train)?;
    let (mut train, dev, dev_name) = match &a.dev {
        Some(d) => (all, read(d)?, Some(d.display().to_string())),
        None => {
            let (t, d) = rasid::eval::ner::split_tail(all, a.dev_fraction);
            (
                t,
                d,
                Some(format!("last {:.0}% of {}", a.dev_fraction * 100.0, a.train.display())),
            )
        }
    };
    for s in &a.silver {
        train.extend(read(s)?);
    }
    let lex = rasid_text::Lexicon::from_bytes(rasid::models::STEM_LEXICON)?;
    let seg = rasid_text::Segmenter::new(lex);
    let to_examples = |v: &[rasid_ner::conll::Sentence]| -> Vec<Example> {
        v.iter()
            .map(|s| {
                Example::new(
                    s.tokens.iter().map(|t| TokenView::from_word(t, &seg)).collect(),
                    &s.tags,
                )
            })
            .collect()
    };
    Ok(Data {
        train: to_examples(&train),
        dev: to_examples(&dev),
        dev_name,
    })
}

/// The feature groups left on by --without.
fn feature_groups(without: &[String]) -> anyhow::Result<u32> {
    let mut groups = group::ALL;
    for w in without {
        groups &= !group_bit(w)?;
    }
    Ok(groups)
}

/// What every training run of one command shares: the lexicons' bytes (each run gets
/// lexicons of its own, built from them), the options and the model's metadata.
struct Trainer<'a> {
    a: &'a TrainNerArgs,
    /// The feature groups left on by --without.
    groups: u32,
    clusters: Vec<u8>,
    /// Empty when neither the priors nor the genre group is on.
    priors: Vec<u8>,
    meta: ModelMeta,
}

impl<'a> Trainer<'a> {
    fn new(a: &'a TrainNerArgs, dev_name: Option<String>) -> anyhow::Result<Self> {
        let clusters = std::fs::read(&a.clusters).with_context(|| format!("cannot read {}", a.clusters.display()))?;
        let groups = feature_groups(&a.without)?;
        // The priors file also holds the words' genre lifts, which the genre group reads.
        let priors = if groups & (group::PRIORS | group::GENRE) != 0 {
            std::fs::read(&a.priors).with_context(|| {
                format!(
                    "cannot read {} (build it with `rasid build priors`, or train --without priors --without genre)",
                    a.priors.display()
                )
            })?
        } else {
            Vec::new()
        };
        anyhow::ensure!(
            (0.0..1.0).contains(&a.prune),
            "--prune is a fraction of the largest weight: at least 0, below 1"
        );
        let meta = ModelMeta {
            train: a.train.display().to_string(),
            silver: a.silver.iter().map(|p| p.display().to_string()).collect(),
            dev: dev_name,
            command: std::env::args().collect::<Vec<_>>().join(" "),
            document_window: a.document_window,
            prune: a.prune,
            ..ModelMeta::default()
        };
        Ok(Trainer {
            a,
            groups,
            clusters,
            priors,
            meta,
        })
    }

    fn lexicons(&self) -> anyhow::Result<rasid_ner::Lexicons> {
        let a = self.a;
        Ok(rasid_ner::Lexicons {
            gazetteer: rasid::build::ner_gazetteer(&a.gazetteers, &a.events)
                .map(|g| g.build())
                .map_err(anyhow::Error::msg)?,
            clusters: rasid_ner::clusters::Clusters::from_file_bytes(&self.clusters).map_err(anyhow::Error::msg)?,
            priors: if self.priors.is_empty() {
                rasid_ner::priors::Priors::empty()
            } else {
                rasid_ner::priors::Priors::from_file_bytes(&self.priors).map_err(anyhow::Error::msg)?
            },
        })
    }

    /// One training run with these groups, for `epochs` (the first stage's, and the
    /// second's when fixed), its progress on standard error under `label`.
    fn run(
        &self,
        groups: u32,
        label: &str,
        epochs: (usize, Option<usize>),
        train_ex: &[Example],
        dev_ex: &[Example],
    ) -> anyhow::Result<Model> {
        let cfg = TrainConfig {
            epochs: epochs.0,
            seed: self.a.seed,
            groups,
            min_feature_count: self.a.min_feature_count,
            second_stage_epochs: epochs.1,
            ensemble: self.a.ensemble as usize,
        };
        let bar = ProgressBar::new(epochs.0 as u64);
        bar.set_style(
            ProgressStyle::with_template("{prefix} [{bar:30}] epoch {pos}/{len} {msg} [{elapsed}]").expect("template"),
        );
        bar.set_prefix(label.to_string());
        let m = rasid_ner::train::train(train_ex, dev_ex, self.lexicons()?, &cfg, self.meta.clone(), |r| {
            bar.set_position(r.epoch as u64);
            let f1 = r.dev_f1.map(|f| format!("dev F1 {f:.2}")).unwrap_or_default();
            let stage = if r.stage.is_empty() {
                String::new()
            } else {
                format!("{}, ", r.stage)
            };
            let line = format!(
                "{label} {stage}epoch {:>2}: {} training sentences wrong, {f1}",
                r.epoch, r.train_errors
            );
            // println on a hidden bar (stderr not a terminal) prints nothing: say it directly.
            if bar.is_hidden() {
                eprintln!("{line}");
            } else {
                bar.println(line);
            }
        });
        bar.finish_and_clear();
        Ok(m)
    }

    /// Trains once with all `groups` and once without each, and prints the development
    /// F1 of each as JSON.
    fn ablation(&self, groups: u32, data: &Data) -> anyhow::Result<()> {
        let epochs = (self.a.epochs, None);
        let mut rows = Vec::new();
        let full = self.run(groups, "all", epochs, &data.train, &data.dev)?;
        rows.push(serde_json::json!({"without": null, "dev_f1": full.meta.dev_f1, "best_epoch": full.meta.best_epoch}));
        for (bit, name) in group::NAMES {
            if groups & bit == 0 {
                continue;
            }
            let m = self.run(groups & !bit, &format!("-{name}"), epochs, &data.train, &data.dev)?;
            rows.push(
                serde_json::json!({"without": name, "dev_f1": m.meta.dev_f1, "best_epoch": m.meta.best_epoch,
                "delta": m.meta.dev_f1.zip(full.meta.dev_f1).map(|(x, y)| ((x - y) * 100.0).round() / 100.0)}),
            );
        }
        crate::commands::print_json(&rows)
    }

    /// Trains on training and development data together for the epochs `held_out` chose,
    /// keeping its development scores (the refit model has none of its own).
    fn refit(&self, groups: u32, data: &Data, held_out: ModelMeta) -> anyhow::Result<Model> {
        let second = (groups & group::DOCUMENT != 0).then_some(held_out.best_epoch);
        let all: Vec<Example> = data.train.iter().chain(&data.dev).cloned().collect();
        let mut model = self.run(groups, "refit", (held_out.stage1_best_epoch, second), &all, &[])?;
        model.meta.dev = held_out.dev;
        model.meta.dev_f1 = held_out.dev_f1;
        model.meta.stage1_dev_f1 = held_out.stage1_dev_f1;
        model.meta.refit = true;
        Ok(model)
    }
}

pub fn train(a: TrainNerArgs) -> anyhow::Result<i32> {
    let data = read_data(&a)?;
    let trainer = Trainer::new(&a, data.dev_name.clone())?;
    let groups = trainer.groups;
    if a.ablation {
        trainer.ablation(groups, &data)?;
        return Ok(0);
    }
    anyhow::ensure!(
        !a.refit || !data.dev.is_empty(),
        "--refit needs development data to choose the epochs"
    );
    let mut model = trainer.run(groups, "train", (a.epochs, None), &data.train, &data.dev)?;
    if a.refit {
        model = trainer.refit(groups, &data, model.meta.clone())?;
    }
    let bytes = model.to_bytes();
    std::fs::write(&a.out, &bytes).with_context(|| format!("cannot write {}", a.out.display()))?;
    let mut meta = serde_json::to_value(&model.meta)?;
    meta["bytes"] = bytes.len().into();
    crate::commands::print_json(&meta)?;
    Ok(0)
}

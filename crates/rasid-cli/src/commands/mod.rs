//! One module per subcommand; each returns the process exit code.

mod analyze;
mod build;
pub(crate) mod corpus;
mod db;
mod eval;
mod events;
mod export;
mod inspect;
mod ner;
mod serve;
mod topic;
mod watch;

use crate::args::{Cli, Command, TrainCommand};

/// Exit codes: 0 all went well, 1 some documents failed (and were reported), 2 fatal error.
pub fn run(cli: Cli) -> anyhow::Result<i32> {
    let color = crate::pretty::color_wanted(cli.color);
    match cli.command {
        Command::Analyze(a) => analyze::run(a, color),
        Command::Ingest(a) => corpus::ingest(a),
        Command::Search(a) => corpus::search(a, color),
        Command::Entities(a) => corpus::entities(a),
        Command::Stories(a) => corpus::stories(a),
        Command::Events(a) => events::run(a),
        Command::Duplicates(a) => corpus::duplicates(a),
        Command::Show(a) => corpus::show(a, color),
        Command::Serve(a) => serve::run(a),
        Command::Export(a) => export::run(a),
        Command::Watch(a) => watch::run(a),
        Command::Db(c) => db::run(c),
        Command::Check(a) => corpus::check(a),
        Command::Repair(a) => corpus::repair(a),
        Command::Eval(e) => eval::run(e),
        Command::Build(b) => build::run(b),
        Command::Inspect { words, names } => inspect::run(words, names),
        Command::Train(TrainCommand::Ner(a)) => ner::train(a),
        Command::Train(TrainCommand::Topic(a)) => topic::train(a),
        Command::Tag(t) => ner::tag(t),
    }
}

/// Prints a report as pretty JSON on standard output.
pub fn print_json(v: &impl serde::Serialize) -> anyhow::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    crate::output::write_json(v, &mut out, true)?;
    writeln!(out)?;
    Ok(())
}

/// A CoNLL file parsed by `parse` (gold tags: `|s| rasid_ner::conll::read(s, true)`; a
/// tagger's output: `rasid_ner::conll::read_predictions`), errors naming the file.
pub fn read_conll(
    path: &std::path::Path,
    parse: impl Fn(&str) -> Result<Vec<rasid_ner::conll::Sentence>, String>,
) -> anyhow::Result<Vec<rasid_ner::conll::Sentence>> {
    use anyhow::Context;
    let src = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let sentences = parse(&src).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    // A score over nothing would read as a score of 0.
    if sentences.is_empty() {
        anyhow::bail!(
            "{} holds no sentences (expected CoNLL: a token and its tag per line)",
            path.display()
        );
    }
    Ok(sentences)
}

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use rasid::build::{build_stem_lexicon, LexiconSources};

use crate::args::BuildCommand;

pub fn run(cmd: BuildCommand) -> anyhow::Result<i32> {
    match cmd {
        BuildCommand::Lexicon {
            news,
            gazetteers,
            min_evidence,
            out,
        } => {
            let bar = ProgressBar::new_spinner();
            bar.set_style(ProgressStyle::with_template("{spinner} {msg} [{elapsed}]").expect("valid template"));
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
    }
}

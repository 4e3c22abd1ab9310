use std::fs::File;
use std::io::{self, BufWriter, Write};

use anyhow::Context;
use rasid::{Analysis, Pipeline};
use rasid_ingest::{read_inputs, IngestError, Input, ReadOptions};
use rayon::prelude::*;

use crate::args::AnalyzeArgs;

/// Articles analysed in parallel per batch; output keeps input order.
const BATCH: usize = 64;

pub fn run(args: AnalyzeArgs, color: bool) -> anyhow::Result<i32> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build_global()
            .ok();
    }
    let mut pipeline = Pipeline::embedded().context("loading the shipped models")?;
    if let Some(path) = &args.names {
        let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let names = rasid_ner::names::Names::from_file_bytes(&bytes).map_err(anyhow::Error::msg)?;
        pipeline = pipeline.with_names(names);
    }
    let inputs: Vec<Input> = if args.inputs.is_empty() {
        vec![Input::Stdin]
    } else {
        args.inputs.iter().map(|s| Input::from_arg(s)).collect()
    };
    let opts = ReadOptions {
        default_date: args.date,
        date_from_file_name: !args.no_filename_date,
        max_bytes: args.max_bytes,
    };
    let (out, color): (Box<dyn Write>, bool) = match &args.output {
        Some(p) => (
            Box::new(File::create(p).with_context(|| format!("cannot create {}", p.display()))?),
            false,
        ),
        None => (Box::new(io::stdout().lock()), color),
    };
    let mut out = BufWriter::new(out);
    let mut format = args.format.kind.writer(color);

    crate::commands::corpus::note_twins(&inputs);
    let mut articles = read_inputs(inputs, opts).peekable();
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut batch = Vec::with_capacity(BATCH);
    while articles.peek().is_some() {
        batch.clear();
        batch.extend(articles.by_ref().take(BATCH));
        let results: Vec<Result<Analysis, IngestError>> =
            batch.par_drain(..).map(|r| r.map(|a| pipeline.analyze(&a))).collect();
        let no_more = articles.peek().is_none();
        let last_ok = results.iter().rposition(|r| r.is_ok());
        for (i, r) in results.into_iter().enumerate() {
            match r {
                // The last analysis of all: a format may write it without holding it back.
                Ok(a) if no_more && Some(i) == last_ok => {
                    ok += 1;
                    format.last_item(&a, &mut out)?;
                }
                Ok(a) => {
                    ok += 1;
                    format.item(&a, &mut out)?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("rasid: error: {e}");
                }
            }
        }
    }
    format.finish(&mut out)?;
    out.flush().context("writing the output")?;
    if failed > 0 || ok + failed > 1 {
        eprintln!(
            "rasid: analysed {ok} article{}, {failed} failed",
            if ok == 1 { "" } else { "s" }
        );
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

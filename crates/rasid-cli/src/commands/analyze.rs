use std::fs::File;
use std::io::{self, BufWriter, Write};

use anyhow::Context;
use rasid::{Analysis, Pipeline};
use rasid_ingest::{read_inputs, IngestError, Input, ReadOptions};
use rayon::prelude::*;

use crate::args::{AnalyzeArgs, OutputFormat};

/// Articles analysed in parallel per batch; output keeps input order.
const BATCH: usize = 64;

pub fn run(args: AnalyzeArgs, color: bool) -> anyhow::Result<i32> {
    if let Some(n) = args.threads {
        rayon::ThreadPoolBuilder::new()
            .num_threads(n as usize)
            .build_global()
            .ok();
    }
    let pipeline = Pipeline::embedded().context("loading the shipped models")?;
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
    let mut sink = Sink {
        format: args.format,
        color,
        pending: None,
        written: 0,
    };

    crate::commands::corpus::note_twins(&inputs);
    let mut articles = read_inputs(inputs, opts).peekable();
    let (mut ok, mut failed) = (0usize, 0usize);
    let mut batch = Vec::with_capacity(BATCH);
    while articles.peek().is_some() {
        batch.clear();
        batch.extend(articles.by_ref().take(BATCH));
        let results: Vec<Result<Analysis, IngestError>> =
            batch.par_drain(..).map(|r| r.map(|a| pipeline.analyze(&a))).collect();
        for r in results {
            match r {
                Ok(a) => {
                    ok += 1;
                    sink.push(a, &mut out)?;
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("rasid: error: {e}");
                }
            }
        }
    }
    sink.finish(&mut out)?;
    out.flush().context("writing the output")?;
    if failed > 0 || ok + failed > 1 {
        eprintln!(
            "rasid: analysed {ok} article{}, {failed} failed",
            if ok == 1 { "" } else { "s" }
        );
    }
    Ok(if failed > 0 { 1 } else { 0 })
}

/// Writes analyses in the chosen format. For `json`, one article is printed as a pretty
/// object and several as an array, so the first one is held back until the second arrives.
struct Sink {
    format: OutputFormat,
    color: bool,
    pending: Option<Analysis>,
    written: usize,
}

impl Sink {
    fn push(&mut self, a: Analysis, out: &mut impl Write) -> anyhow::Result<()> {
        match self.format {
            OutputFormat::Jsonl => {
                serde_json::to_writer(&mut *out, &a)?;
                out.write_all(b"\n")?;
            }
            OutputFormat::Pretty => {
                if self.written > 0 {
                    out.write_all(b"\n")?;
                }
                crate::pretty::write(&a, self.color, out)?;
            }
            OutputFormat::Json => {
                if let Some(first) = self.pending.take() {
                    out.write_all(b"[\n")?;
                    serde_json::to_writer_pretty(&mut *out, &first)?;
                }
                if self.written == 0 {
                    self.pending = Some(a);
                    self.written += 1;
                    return Ok(());
                }
                out.write_all(b",\n")?;
                serde_json::to_writer_pretty(&mut *out, &a)?;
            }
        }
        self.written += 1;
        Ok(())
    }

    fn finish(&mut self, out: &mut impl Write) -> anyhow::Result<()> {
        if self.format == OutputFormat::Json {
            if let Some(only) = self.pending.take() {
                serde_json::to_writer_pretty(&mut *out, &only)?;
                out.write_all(b"\n")?;
            } else if self.written > 1 {
                out.write_all(b"\n]\n")?;
            }
        }
        Ok(())
    }
}

//! `rasid export`: a store's tables, places or network to a file or standard output.

use std::io::{IsTerminal, Write};

use anyhow::{bail, Context};
use rasid_corpus::Store;
use rasid_export::{GraphOptions, Table, TableFormat};

use crate::args::{ExportArgs, ExportFormat, ExportWhat};

pub fn run(a: ExportArgs) -> anyhow::Result<i32> {
    use ExportFormat as F;
    use ExportWhat as W;
    let format = a.format.unwrap_or(match a.what {
        W::Places => F::Geojson,
        W::Graph => F::Graphml,
        _ => F::Csv,
    });
    let fits = match a.what {
        W::Places => format == F::Geojson,
        W::Graph => matches!(format, F::Graphml | F::Gexf),
        _ => matches!(format, F::Csv | F::Jsonl | F::Parquet),
    };
    if !fits {
        bail!(
            "--what {} is written as {}, not {:?}",
            format!("{:?}", a.what).to_lowercase(),
            match a.what {
                W::Places => "geojson",
                W::Graph => "graphml or gexf",
                _ => "csv, jsonl or parquet",
            },
            format
        );
    }
    if (a.from.is_some() || a.to.is_some()) && a.what != W::Graph {
        bail!("--from and --to choose the graph's range; the tables are exported whole");
    }
    if format == F::Parquet && a.out.is_none() && std::io::stdout().is_terminal() {
        bail!("Parquet is binary: give --out FILE or pipe the output");
    }
    let store = Store::open(&a.store.dir, super::corpus::store_segmenter()?)?;
    // Written to a temporary file beside the target and renamed at the end, so that a
    // failed export does not leave a file that looks complete.
    let (mut out, tmp): (
        Box<dyn Write + Send>,
        Option<(tempfile::NamedTempFile, std::path::PathBuf)>,
    ) = match &a.out {
        None => (Box::new(std::io::BufWriter::new(std::io::stdout())), None),
        Some(path) => {
            let dir = path
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(std::path::Path::new("."));
            // An ordinary file's permissions (0666 less the umask, applied when it is
            // created), not a temporary file's 0600.
            let mut b = tempfile::Builder::new();
            #[cfg(unix)]
            b.permissions(<std::fs::Permissions as std::os::unix::fs::PermissionsExt>::from_mode(
                0o666,
            ));
            let f = b
                .tempfile_in(dir)
                .with_context(|| format!("cannot write in {}", dir.display()))?;
            let w = std::io::BufWriter::new(f.reopen()?);
            (Box::new(w), Some((f, path.clone())))
        }
    };
    let table = |t: Table, out: &mut Box<dyn Write + Send>| -> anyhow::Result<u64> {
        let tf = match format {
            F::Jsonl => TableFormat::Jsonl,
            F::Parquet => TableFormat::Parquet,
            _ => TableFormat::Csv,
        };
        let e = rasid_export::export_table(&store, t, tf, out)?;
        if let Some(first) = e.problems.first() {
            eprintln!(
                "rasid: warning: the events of {} articles do not read and are left out (e.g. {first}); `rasid check --store` tells more",
                e.problems.len()
            );
        }
        Ok(e.rows)
    };
    let what = match a.what {
        W::Articles => format!("{} articles", table(Table::Articles, &mut out)?),
        W::Entities => format!("{} entities", table(Table::Entities, &mut out)?),
        W::Quotes => format!("{} quotes", table(Table::Quotes, &mut out)?),
        W::Events => format!("{} events", table(Table::Events, &mut out)?),
        W::Places => {
            let pipeline = rasid::Pipeline::embedded()?;
            let (places, unplaced) = rasid_export::places(&store, pipeline.knowledge())?;
            rasid_export::write_geojson(&places, &mut out)?;
            format!(
                "{} places ({unplaced} place names the gazetteer does not locate left out)",
                places.len()
            )
        }
        W::Graph => {
            let g = rasid_export::graph(
                &store,
                &GraphOptions {
                    from: a.from.clone(),
                    to: a.to.clone(),
                    top: a.top,
                },
            )?;
            if format == F::Gexf {
                rasid_export::write_gexf(&g, &mut out)?;
            } else {
                rasid_export::write_graphml(&g, &mut out)?;
            }
            let met = g.edges.iter().filter(|e| e.kind == "met").count();
            format!(
                "a graph of {} entities, {met} met edges and {} co-mention edges",
                g.nodes.len(),
                g.edges.len() - met
            )
        }
    };
    out.flush()?;
    drop(out);
    if let Some((f, path)) = tmp {
        f.persist(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("rasid: wrote {what} to {}", path.display());
    } else {
        eprintln!("rasid: wrote {what}");
    }
    Ok(0)
}

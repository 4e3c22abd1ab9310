use std::io::Write;

use rasid::Pipeline;

pub fn run(words: Vec<String>, names: Option<std::path::PathBuf>) -> anyhow::Result<i32> {
    if let Some(path) = names {
        return list_names(&path);
    }
    let p = Pipeline::embedded()?;
    let seg = p.segmenter();
    let mut out = std::io::stdout().lock();
    for w in words {
        let mut key = String::new();
        rasid_text::lexicon::key_of(&w, &mut key);
        let e = seg.lexicon().get(&key);
        let mut pieces = Vec::new();
        seg.segment(&w, 0, &mut pieces);
        let shown: Vec<_> = pieces
            .iter()
            .map(|x| format!("{}:{:?}", &w[x.start..x.end], x.kind))
            .collect();
        writeln!(
            out,
            "{w}  count={} free_conj={} free_prep={} free_art={} name={}  => {}",
            e.count,
            e.free_conj,
            e.free_prep,
            e.free_art,
            e.name,
            shown.join(" + ")
        )?;
        for (c, m) in seg.explain(&w) {
            writeln!(out, "    {m:+.2}  {c}")?;
        }
        // What the entity tagger looks up for the word.
        if let Some(t) = p.tagger() {
            let v = rasid_ner::TokenView::from_word(&w, seg);
            let l = &t.lexicons;
            writeln!(
                out,
                "    tagger key {}  gazetteer={:#x}  clusters={:?}  prior={:?}",
                v.core,
                l.gazetteer.get(&v.core),
                l.clusters.get(&v.core),
                l.priors.get(&v.core)
            )?;
        }
    }
    Ok(0)
}

/// Every entry of a names list, one per line.
fn list_names(path: &std::path::Path) -> anyhow::Result<i32> {
    use anyhow::Context;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let names = rasid_ner::names::Names::from_file_bytes(&bytes).map_err(anyhow::Error::msg)?;
    let mut out = std::io::stdout().lock();
    for (k, n) in names.entries() {
        let alone = if n.alone { "alone" } else { "-" };
        writeln!(out, "{k}\t{}\t{alone}\t{}", n.kind.as_str(), n.count)?;
    }
    Ok(0)
}

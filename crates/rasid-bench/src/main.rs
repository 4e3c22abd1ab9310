//! Times one rasid operation over a text file, one line at a time, and prints one JSON line
//! in the same shape as ../shared/peers/bench_peers.py, so that scripts/bench_peers.sh can
//! put both side by side.
//!
//! usage: rasid-bench-text MODE FILE      MODE: rasid_tok | rasid_full | rasid_analyze | ner (FILE in CoNLL)
//!        rasid-bench-text ner FILE MODEL  (a tagger model file instead of the shipped one)
//!
//! `rasid_analyze` runs the whole analysis (one article per line) and then prints, on
//! stderr, where the time goes by stage (measured apart, after the timed pass).

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 && !(args.len() == 4 && args[1] == "ner") {
        eprintln!(
            "usage: rasid-bench-text rasid_tok|rasid_full|rasid_analyze|rasid_analyze_no_topic|ner FILE, or ner FILE MODEL"
        );
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[2]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[2]);
        std::process::exit(2)
    });
    if args[1] == "ner" {
        return ner(&text, args.get(3).map(String::as_str));
    }
    let lines: Vec<&str> = text.lines().collect();
    let t0 = Instant::now();
    let pipeline = rasid::Pipeline::embedded().expect("models load");
    let load = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let items = match args[1].as_str() {
        "rasid_tok" => rasid_bench::normalise_tokenise(&lines, &mut Vec::new(), &mut String::new()),
        "rasid_full" => rasid_bench::full_layer(&pipeline, &lines),
        "rasid_analyze" => analyze_profile(&pipeline, &lines),
        // The same without the topic stage, to compare in one sitting.
        "rasid_analyze_no_topic" => {
            let p = rasid::Pipeline::embedded().expect("models load").with_topics(None);
            analyze_profile(&p, &lines)
        }
        m => {
            eprintln!("unknown mode {m}");
            std::process::exit(2)
        }
    };
    let dt = t1.elapsed().as_secs_f64();
    if args[1] == "rasid_analyze" {
        profile(&pipeline, &lines);
    }
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    // Tokens as the text layer counts them, so that the whole analysis can be set against
    // a tagger's tokens per second (counted after the timed pass).
    let tokens: usize = lines.iter().map(|l| pipeline.tokens(l).0.len()).sum();
    println!(
        "{}",
        serde_json::json!({"mode": args[1], "bytes": bytes, "items": items, "load_s": (load * 1000.0).round() / 1000.0,
            "proc_s": (dt * 1000.0).round() / 1000.0, "mb_per_s": ((bytes as f64 / dt / 1e6) * 100.0).round() / 100.0,
            "tokens": tokens, "tokens_per_s": (tokens as f64 / dt) as u64})
    );
}

/// Tagging speed on a CoNLL file: model load, preparing tokens (normalisation, clitic
/// segmentation), and tagging proper (features + Viterbi), each timed apart; best of 5.
fn ner(src: &str, model_file: Option<&str>) {
    let sentences = rasid_ner::conll::read(src, false).expect("CoNLL input");
    let t0 = Instant::now();
    let pipeline = rasid::Pipeline::embedded().expect("models load");
    let load = t0.elapsed().as_secs_f64();
    let bytes = match model_file {
        Some(f) => std::fs::read(f).unwrap_or_else(|e| {
            eprintln!("{f}: {e}");
            std::process::exit(2)
        }),
        None => rasid::models::NER_MODEL.to_vec(),
    };
    let own = rasid_ner::Model::from_bytes(&bytes).unwrap_or_else(|e| {
        eprintln!("tagger model: {e}");
        std::process::exit(2)
    });
    let model = &own;
    let tokens: usize = sentences.iter().map(|s| s.tokens.len()).sum();
    let (mut prep, mut tag) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let t = Instant::now();
        let views = rasid_bench::ner_views(&pipeline, &sentences);
        prep = prep.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(rasid_bench::ner_tag(model, &views));
        tag = tag.min(t.elapsed().as_secs_f64());
    }
    let load_model = {
        let t = Instant::now();
        let m = rasid_ner::Model::from_bytes(&bytes).expect("model");
        std::hint::black_box(m.meta.features);
        t.elapsed().as_secs_f64()
    };
    println!(
        "{}",
        serde_json::json!({"mode": "ner", "stages": model.stages(), "tokens": tokens, "pipeline_load_s": load, "tagger_load_s": load_model,
            "tagging_tokens_per_s": (tokens as f64 / tag) as u64,
            "with_segmentation_tokens_per_s": (tokens as f64 / (tag + prep)) as u64})
    );
}

/// The whole analysis per line; then, on a subset, the share of each stage (text layer,
/// tagger, entities to events, topic with keywords and summary) printed on stderr.
fn analyze_profile(p: &rasid::Pipeline, lines: &[&str]) -> usize {
    let mut n = 0;
    for line in lines {
        let a = rasid::Article {
            id: "b".into(),
            body: line.to_string(),
            ..Default::default()
        };
        n += p.analyze(&a).entities.len();
    }
    n
}

fn profile(p: &rasid::Pipeline, lines: &[&str]) {
    let (mut t_text, mut t_tag, mut t_all, mut t_topic) = (0f64, 0f64, 0f64, 0f64);
    let model = p.tagger().expect("tagger");
    for line in lines.iter().take(1000) {
        let t = Instant::now();
        let (toks, raw) = p.tokens(line);
        let sents = rasid_text::split_sentences(line, &raw);
        t_text += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let views: Vec<Vec<rasid_ner::TokenView>> = sents
            .into_iter()
            .map(|(a, b)| toks[a..b].iter().map(rasid_ner::TokenView::from_token).collect())
            .collect();
        std::hint::black_box(model.tag(&views));
        t_tag += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let a = rasid::Article {
            id: "b".into(),
            body: line.to_string(),
            ..Default::default()
        };
        let an = p.analyze(&a);
        t_all += t.elapsed().as_secs_f64();
        // The topic stage again on its own (topic, keywords, summary), to see its share.
        if let Some(m) = p.topics() {
            let t = Instant::now();
            std::hint::black_box(rasid::topic::digest(m, &an.text, &an.tokens, &an.sentences));
            t_topic += t.elapsed().as_secs_f64();
        }
    }
    let r = |x: f64| (x / t_all * 1000.0).round() / 1000.0;
    eprintln!(
        "{}",
        serde_json::json!({"profile_lines": lines.len().min(1000), "text_layer": r(t_text), "tagger": r(t_tag),
            "entities_dates_quotes_events": r(t_all - t_text - t_tag - t_topic), "topic_keywords_summary": r(t_topic)})
    );
}

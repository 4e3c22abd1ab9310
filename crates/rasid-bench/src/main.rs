//! Times one rasid operation over a text file, one line at a time, and prints one JSON line
//! in the same shape as ../shared/peers/bench_peers.py, so that scripts/bench_peers.sh can
//! put both side by side.
//!
//! usage: rasid-bench-text MODE FILE      MODE: rasid_tok | rasid_full

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 3 {
        eprintln!("usage: rasid-bench-text rasid_tok|rasid_full FILE");
        std::process::exit(2);
    }
    let text = std::fs::read_to_string(&args[2]).unwrap_or_else(|e| {
        eprintln!("{}: {e}", args[2]);
        std::process::exit(2)
    });
    let lines: Vec<&str> = text.lines().collect();
    let t0 = Instant::now();
    let pipeline = rasid::Pipeline::embedded().expect("models load");
    let load = t0.elapsed().as_secs_f64();
    let t1 = Instant::now();
    let items = match args[1].as_str() {
        "rasid_tok" => rasid_bench::normalise_tokenise(&lines, &mut Vec::new(), &mut String::new()),
        "rasid_full" => rasid_bench::full_layer(&pipeline, &lines),
        m => {
            eprintln!("unknown mode {m}");
            std::process::exit(2)
        }
    };
    let dt = t1.elapsed().as_secs_f64();
    let bytes: usize = lines.iter().map(|l| l.len() + 1).sum();
    println!(
        "{}",
        serde_json::json!({"mode": args[1], "bytes": bytes, "items": items, "load_s": (load * 1000.0).round() / 1000.0,
            "proc_s": (dt * 1000.0).round() / 1000.0, "mb_per_s": ((bytes as f64 / dt / 1e6) * 100.0).round() / 100.0})
    );
}

//! Throughput of rasid's text layer on real Arabic news, and of Rust peers on the same
//! text in the same run: charabia's segmenter (normaliser + tokeniser) and rust-stemmers'
//! Arabic Snowball stemmer over whitespace tokens.
//!
//! `cargo bench -p rasid-bench --features peers --bench text_layer`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn bench(c: &mut Criterion) {
    let (text, from) = rasid_bench::sample(2_000_000);
    eprintln!("sample: {} bytes from {from}", text.len());
    let lines: Vec<&str> = text.lines().collect();
    let pipeline = rasid::Pipeline::embedded().unwrap();

    let mut g = c.benchmark_group("text_layer");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);

    let expected = rasid_bench::normalise_tokenise(&lines, &mut Vec::new(), &mut String::new());
    g.bench_function(BenchmarkId::new("rasid", "normalise+tokenise"), |b| {
        let (mut toks, mut norm) = (Vec::new(), String::new());
        b.iter(|| assert_eq!(rasid_bench::normalise_tokenise(&lines, &mut toks, &mut norm), expected))
    });
    let segs = rasid_bench::full_layer(&pipeline, &lines);
    g.bench_function(BenchmarkId::new("rasid", "full text layer"), |b| {
        b.iter(|| assert_eq!(rasid_bench::full_layer(&pipeline, &lines), segs))
    });

    {
        use charabia::Segment;
        let n: usize = lines.iter().map(|l| l.segment_str().count()).sum();
        g.bench_function(BenchmarkId::new("charabia", "segment"), |b| {
            b.iter(|| assert_eq!(lines.iter().map(|l| l.segment_str().count()).sum::<usize>(), n))
        });
    }
    {
        let stemmer = rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::Arabic);
        let n: usize = lines.iter().map(|l| l.split_whitespace().count()).sum();
        g.bench_function(BenchmarkId::new("rust-stemmers", "arabic stem per token"), |b| {
            b.iter(|| {
                let k: usize = lines
                    .iter()
                    .map(|l| l.split_whitespace().map(|w| stemmer.stem(w).len().min(1)).count())
                    .sum();
                assert_eq!(k, n)
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

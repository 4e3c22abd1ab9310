//! A bounded load test of `rasid serve`: N concurrent clients (one keep-alive connection
//! each) send a fixed mix of API requests, and the latency of each kind of request is
//! reported with its median and 99th percentile, the errors (any status but 200), and
//! the server's resident memory sampled between rounds (to see that it stays flat).
//!
//! usage: rasid-bench-load URL --pid PID [--clients 50] [--requests 10000] [--rounds 2]
//!
//! The requests are drawn (seeded) from what the store holds: words of its titles for
//! search, with and without filters and paging; article ids; entity ids; events with
//! filters; the graph; places; stories. One JSON line is printed per round.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::Value;

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Empty<Bytes>>;

struct Args {
    url: String,
    pid: Option<u32>,
    clients: usize,
    requests: usize,
    rounds: usize,
}

fn args() -> Args {
    let mut a = Args {
        url: String::new(),
        pid: None,
        clients: 50,
        requests: 10_000,
        rounds: 2,
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        let mut num = |what: &str| -> usize {
            it.next().and_then(|v| v.parse().ok()).unwrap_or_else(|| {
                eprintln!("{what} needs a number");
                std::process::exit(2)
            })
        };
        match x.as_str() {
            "--pid" => a.pid = Some(num("--pid") as u32),
            "--clients" => a.clients = num("--clients").max(1),
            "--requests" => a.requests = num("--requests").max(1),
            "--rounds" => a.rounds = num("--rounds").max(1),
            u if a.url.is_empty() && u.starts_with("http://") => a.url = u.trim_end_matches('/').to_string(),
            other => {
                eprintln!(
                    "usage: rasid-bench-load URL --pid PID [--clients N] [--requests N] [--rounds N] (not '{other}')"
                );
                std::process::exit(2)
            }
        }
    }
    if a.url.is_empty() {
        eprintln!("usage: rasid-bench-load URL --pid PID [--clients N] [--requests N] [--rounds N]");
        std::process::exit(2)
    }
    a
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

async fn get(http: &Http, url: &str) -> Result<(u16, Bytes), String> {
    let uri: hyper::Uri = url.parse().map_err(|e| format!("{url}: {e}"))?;
    let r = http.get(uri).await.map_err(|e| format!("{url}: {e}"))?;
    let status = r.status().as_u16();
    let body = r
        .into_body()
        .collect()
        .await
        .map_err(|e| format!("{url}: {e}"))?
        .to_bytes();
    Ok((status, body))
}

async fn json(http: &Http, url: &str) -> Value {
    match get(http, url).await {
        Ok((200, b)) => serde_json::from_slice(&b).unwrap_or(Value::Null),
        Ok((s, b)) => panic!("{url}: {s} {}", String::from_utf8_lossy(&b)),
        Err(e) => panic!("{e}"),
    }
}

/// A small, seeded random number generator (SplitMix64): the mix is the same every run.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E3779B97F4A7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D049BB133111EB);
        z ^ (z >> 31)
    }
    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        &v[(self.next() % v.len() as u64) as usize]
    }
}

/// The requests of one round: (kind, path), in a seeded order.
async fn plan(http: &Http, base: &str, n: usize) -> Vec<(&'static str, String)> {
    let api = format!("{base}/api/v1");
    // Words and ids from the store itself.
    let listed = json(http, &format!("{api}/search?limit=100&facets=true")).await;
    let mut words: Vec<String> = Vec::new();
    for h in listed["hits"].as_array().into_iter().flatten() {
        for w in h["title"].as_str().unwrap_or("").split_whitespace() {
            if w.chars().count() >= 4 && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c)) {
                words.push(w.to_string());
            }
        }
    }
    let articles: Vec<String> = listed["hits"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|h| h["id"].as_str().map(str::to_string))
        .collect();
    let sources: Vec<String> = listed["facets"]["sources"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["value"].as_str().map(str::to_string))
        .collect();
    let people: Vec<String> = listed["facets"]["people"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|b| b["value"].as_str().map(str::to_string))
        .collect();
    let ents = json(http, &format!("{api}/entities?limit=200")).await;
    let entities: Vec<String> = ents["entities"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["id"].as_str().map(str::to_string))
        .collect();
    assert!(
        !words.is_empty() && !articles.is_empty() && !entities.is_empty(),
        "the store is too small to load"
    );
    let mut rng = Rng(19);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        // Half searches (the main use), the rest spread over the other views.
        let r = rng.next() % 100;
        let w = enc(rng.pick(&words));
        out.push(match r {
            0..=29 => ("search", format!("{api}/search?q={w}")),
            30..=37 => (
                "search",
                format!("{api}/search?q={w}&source={}", enc(rng.pick(&sources))),
            ),
            38..=43 => (
                "search",
                format!("{api}/search?q={w}&from=2018-03-01&to=2018-08-31&offset=20"),
            ),
            44..=49 => ("search", format!("{api}/search?person={}", enc(rng.pick(&people)))),
            50..=61 => ("article", format!("{api}/articles/{}", enc(rng.pick(&articles)))),
            62..=69 => ("entity", format!("{api}/entities/{}", enc(rng.pick(&entities)))),
            70..=74 => ("entities", format!("{api}/entities?type=PER&q={w}")),
            75..=81 => ("events", format!("{api}/events?code=1&limit=50")),
            82..=85 => ("events", format!("{api}/events?actor={w}&status=all")),
            86..=89 => ("places", format!("{api}/places?q={w}")),
            90..=94 => ("graph", format!("{api}/graph?from=2018-05-01&to=2018-06-30")),
            95..=97 => ("stories", format!("{api}/stories")),
            _ => ("status", format!("{api}/status")),
        });
    }
    out
}

/// A line of /proc/PID/status in KiB: `VmRSS` (all resident pages, the mapped index files
/// too) or `RssAnon` (the server's own allocations).
fn rss_kib(pid: Option<u32>, what: &str) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    s.lines()
        .find(|l| l.starts_with(what))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let a = args();
    let http: Http = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(a.clients)
        .build_http();
    let requests = Arc::new(plan(&http, &a.url, a.requests).await);
    let rss_start = rss_kib(a.pid, "VmRSS:");
    for round in 1..=a.rounds {
        let next = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let t0 = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..a.clients {
            let (http, requests, next) = (http.clone(), requests.clone(), next.clone());
            tasks.push(tokio::spawn(async move {
                let mut seen: Vec<(&'static str, f64, bool)> = Vec::new();
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some((kind, url)) = requests.get(i) else { break };
                    let t = Instant::now();
                    let r = tokio::time::timeout(Duration::from_secs(30), get(&http, url)).await;
                    let ok = matches!(r, Ok(Ok((200, _))));
                    if !ok && seen.iter().filter(|s| !s.2).count() < 3 {
                        eprintln!("error: {url}: {r:?}");
                    }
                    seen.push((kind, t.elapsed().as_secs_f64() * 1000.0, ok));
                }
                seen
            }));
        }
        let mut by_kind: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
        let mut errors = 0usize;
        for t in tasks {
            for (kind, ms, ok) in t.await.expect("a client task") {
                by_kind.entry(kind).or_default().push(ms);
                errors += usize::from(!ok);
            }
        }
        let wall = t0.elapsed().as_secs_f64();
        let mut kinds = serde_json::Map::new();
        let mut all = Vec::new();
        for (k, mut v) in by_kind {
            v.sort_by(|x, y| x.total_cmp(y));
            all.extend_from_slice(&v);
            kinds.insert(
                k.to_string(),
                serde_json::json!({"n": v.len(), "p50_ms": (pct(&v, 50.0) * 100.0).round() / 100.0,
                    "p99_ms": (pct(&v, 99.0) * 100.0).round() / 100.0, "max_ms": (v[v.len() - 1] * 100.0).round() / 100.0}),
            );
        }
        all.sort_by(|x, y| x.total_cmp(y));
        println!(
            "{}",
            serde_json::json!({"round": round, "clients": a.clients, "requests": all.len(), "errors": errors,
                "wall_s": (wall * 100.0).round() / 100.0, "requests_per_s": (all.len() as f64 / wall).round(),
                "p50_ms": (pct(&all, 50.0) * 100.0).round() / 100.0, "p99_ms": (pct(&all, 99.0) * 100.0).round() / 100.0,
                "rss_start_kib": rss_start, "rss_end_kib": rss_kib(a.pid, "VmRSS:"),
                "anon_end_kib": rss_kib(a.pid, "RssAnon:"), "by_kind": kinds})
        );
    }
}

#!/usr/bin/env bash
# rasid serve under load on the store of ANT v2.1 train (28k articles): the time until the
# API answers after start, then 50 concurrent clients sending 10,000 mixed API requests,
# four times (rasid-bench-load, crates/rasid-bench/src/load.rs), with the server's memory
# read after each round. Fails on any error response, or on allocated memory (RssAnon:
# not the index files the kernel maps) over 1.5 GiB, about twice what it reaches (it grows
# by 0–16 % a round in the first rounds, unexplained: docs/BENCHMARKS.md, serve).
#   bash scripts/bench_serve.sh [STORE]   # without STORE, ingests ANT v2.1 train first
#   RASID_LOAD_REQUESTS=N sets the requests of a round (default 10,000).
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared/data}
cargo build --release -q -p rasid-cli -p rasid-bench
rasid=target/release/rasid
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
pid=
store=${1:-}
if [ -z "$store" ]; then
  store=$work/store
  $rasid ingest "$shared/news/ant-v2.1-train.jsonl.gz" --store "$store" 2> "$work/ingest.log" \
    || { tail -5 "$work/ingest.log" >&2; exit 1; }
fi
t0=$(date +%s.%N)
$rasid serve --store "$store" --addr 127.0.0.1:0 2> "$work/serve.log" &
pid=$!
python3 - "$work/serve.log" "$t0" > "$work/started.json" <<'PY'
import json, re, sys, time, urllib.request
log, t0 = sys.argv[1], float(sys.argv[2])
for _ in range(2000):
    m = re.search(r"http://(127\.0\.0\.1:\d+)/", open(log).read())
    if m:
        break
    time.sleep(0.005)
else:
    sys.exit("rasid serve did not start: " + open(log).read())
base = "http://" + m.group(1)
while True:
    try:
        urllib.request.urlopen(base + "/api/v1/status").read()
        break
    except OSError:
        time.sleep(0.005)
up = time.time() - t0
while not json.load(urllib.request.urlopen(base + "/api/v1/status"))["snapshot_ready"]:
    time.sleep(0.1)
print(json.dumps({"base": base, "api_answers_after_s": round(up, 3), "corpus_views_after_s": round(time.time() - t0, 2)}))
PY
cat "$work/started.json"
base=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["base"])' "$work/started.json")
target/release/rasid-bench-load "$base" --pid "$pid" --clients 50 --requests "${RASID_LOAD_REQUESTS:-10000}" --rounds 4 | tee "$work/load.jsonl"
python3 - "$work/load.jsonl" <<'PY'
import json, sys
rounds = [json.loads(l) for l in open(sys.argv[1])]
for r in rounds:
    s = r["by_kind"]["search"]
    print(f"round {r['round']}: {r['requests']} requests, {r['errors']} errors, {r['requests_per_s']:.0f}/s; "
          f"search p50 {s['p50_ms']} ms p99 {s['p99_ms']} ms; RSS {r['rss_end_kib'] // 1024} MiB, allocated {r['anon_end_kib'] // 1024} MiB")
bad = [r for r in rounds if r["errors"]]
growth = (rounds[-1]["anon_end_kib"] - rounds[-2]["anon_end_kib"]) / rounds[-2]["anon_end_kib"]
print(f"allocated memory from the end of round {len(rounds) - 1} to the end of round {len(rounds)}: {growth:+.1%}")
if bad or max(r["anon_end_kib"] for r in rounds) > 1536 * 1024:
    sys.exit("FAIL: error responses, or allocated memory over 1.5 GiB")
PY

#!/usr/bin/env bash
# Corpus scale benchmark (issue 5): whole-pipeline ingest of ANT v2.1 train, store size,
# peak memory, in-process search latency, and an index-only ingest of 100,000 articles.
# Usage: bash scripts/bench_corpus.sh [WORKDIR]   (needs ../shared/data; ~5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared/data}
work=${1:-$(mktemp -d)}
mkdir -p "$work"
cargo build --release -q -p rasid-cli -p rasid-bench
rasid=target/release/rasid
timed() { # label, command...: wall seconds and peak RSS from GNU time
  local label=$1; shift
  /usr/bin/time -f "$label wall_s=%e peak_rss_mb=%M" "$@" 2> "$work/time.err" || { cat "$work/time.err"; exit 1; }
  grep -v '^\s*$' "$work/time.err" | tail -2 | sed 's/peak_rss_mb=\([0-9]*\)/peak_rss_kb=\1/'
}

echo "== full analysis + store: ant-v2.1-train (28,307 articles)"
rm -rf "$work/ant"
timed ingest_full $rasid ingest "$shared/news/ant-v2.1-train.jsonl.gz" --store "$work/ant"
du -sm "$work/ant/articles.sqlite" "$work/ant/index" | awk '{print "size_mb", $2, $1}'

echo "== search latency in process (200 queries x 3 filter variants x 5 rounds)"
target/release/rasid-bench-search "$work/ant" 200 5

echo "== index only: 100,000 articles"
# ANT v2.1 + ANT v1.1 + SaudiNewsNet are 69,498 real articles (fewer distinct bodies); the rest repeats them with a
# new id and the paragraphs rotated (so that exact-duplicate detection does not skip them).
python3 - "$shared/news" "$work/100k.jsonl" <<'PY'
import gzip, json, sys
src, out = sys.argv[1], sys.argv[2]
rows = []
for f in ("ant-v2.1-train.jsonl.gz", "ant-v1.1.jsonl.gz", "saudinewsnet.jsonl.gz"):
    with gzip.open(f"{src}/{f}", "rt", encoding="utf-8") as fh:
        rows.extend(json.loads(l) for l in fh)
# Empty articles (SaudiNewsNet has a few) would be reported as failures, repeated bodies
# skipped as duplicates: keep one article per distinct non-empty body, so that all 100,000 are stored.
seen, uniq = set(), []
for d in rows:
    key = " ".join((d.get("text") or "").split())
    if key and key not in seen:
        seen.add(key)
        uniq.append(d)
rows = uniq
n = 0
with open(out, "w", encoding="utf-8") as o:
    r = 0
    while n < 100_000:
        for d in rows:
            if n == 100_000:
                break
            if r:
                paras = d["text"].split("\n")
                k = r % max(len(paras), 1)
                d = dict(d, id=f'{d["id"]}~{r}', url=None, text="\n".join(paras[k:] + paras[:k]) + f"\n({r})")
            o.write(json.dumps(d, ensure_ascii=False) + "\n")
            n += 1
        r += 1
print(f"wrote {n} articles")
PY
rm -rf "$work/100k"
timed ingest_index_only $rasid ingest "$work/100k.jsonl" --store "$work/100k" --index-only
du -sm "$work/100k/articles.sqlite" "$work/100k/index" | awk '{print "size_mb", $2, $1}'
target/release/rasid-bench-search "$work/100k" 200 5

#!/usr/bin/env bash
# Analysis time and peak memory of one long article against its size: single articles of
# 1, 2, 4, 8 (and 20) MB made by joining ANT v2.1 articles into one JSON article, each
# analysed by `rasid analyze FILE -o /dev/null` under GNU time. Time should grow linearly
# (ratio to 1 MB close to the size ratio); a stage that loops over all mentions per token
# shows up as a quadratic curve.
#
# usage: scripts/bench_long.sh [SIZES_MB...]     (default: 1 2 4 8 20; needs ../shared)
#        RASID_BIN=path/to/rasid scripts/bench_long.sh   (another binary, e.g. an older build)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared}
bin=${RASID_BIN:-target/release/rasid}
work=${RASID_LONG_DIR:-/tmp/rasid-long}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1 2 4 8 20)
mkdir -p "$work"
[ -x "$bin" ] || CARGO_BUILD_JOBS=1 cargo build --release -q -p rasid-cli

# One article of N MB: the bodies of consecutive ANT articles joined by blank lines, under
# the first article's title and date (so the dates stage has a publication date).
for mb in "${sizes[@]}"; do
  f="$work/long-${mb}mb.json"
  [ -s "$f" ] || python3 - "$shared/data/news/ant-v2.1-train.jsonl.gz" "$f" "$mb" <<'PY'
import gzip, json, sys
src, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
limit, parts, n, first = int(mb * 1_000_000), [], 0, None
while n < limit:  # the 20 MB article needs more than the file once over
    for line in gzip.open(src, "rt", encoding="utf-8"):
        a = json.loads(line)
        first = first or a
        parts.append(a["text"]); n += len(a["text"].encode()) + 2
        if n >= limit: break
art = {"id": f"long-{sys.argv[3]}mb", "title": first["title"], "published": first["published"],
       "source": first["source"], "text": "\n\n".join(parts)}
json.dump(art, open(out, "w", encoding="utf-8"), ensure_ascii=False)
PY
done

# Runs per size: 3 for the small ones (median), 1 from 8 MB up.
results="$work/results.txt"
: > "$results"
for mb in "${sizes[@]}"; do
  f="$work/long-${mb}mb.json"
  runs=3
  [ "${mb%.*}" -ge 8 ] && runs=1
  for ((r = 1; r <= runs; r++)); do
    /usr/bin/time -v "$bin" analyze "$f" -o /dev/null 2> "$work/time.txt" >/dev/null
    secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    echo "$mb $(stat -c %s "$f") $secs $rss" >> "$results"
  done
done
python3 - "$results" <<'PY'
import statistics, sys
by = {}
for l in open(sys.argv[1]):
    mb, size, secs, rss = l.split()
    by.setdefault(mb, []).append((float(secs), int(rss), int(size)))
base = None
print("| article | runs | seconds (median) | peak RSS MB | RSS / input | time / 1 MB's |")
print("|---|---|---|---|---|---|")
for mb, v in by.items():
    s = statistics.median(x[0] for x in v); rss = max(x[1] for x in v) / 1024; size = v[0][2]
    base = base or s / float(mb)
    print(f"| {mb} MB ({size/1e6:.1f} MB) | {len(v)} | {s:.2f} | {rss:.0f} | {rss * 1024 * 1024 / size:.1f}x | {s / base:.2f} |")
PY

#!/usr/bin/env bash
# Side-by-side speed of rasid's text layer and other Arabic tools on the same text, in one
# run: a 5 MB sample of ANT v2.1 (one article per line), each tool timed RUNS times in
# turn, medians and ratios printed as a Markdown table.
#
# usage: scripts/bench_peers.sh [RUNS]      (needs ../shared; installs the Python peers
#                                            with ../shared/peers/setup.sh if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
shared=${RASID_SHARED:-../shared}
venv=${RASID_PEERS_VENV:-/tmp/rasid-peers}
sample=${RASID_BENCH_FILE:-/tmp/rasid-bench-sample.txt}

[ -x "$venv/bin/python" ] || bash "$shared/peers/setup.sh" "$venv"
if [ ! -s "$sample" ]; then
  python3 - "$shared/data/news/ant-v2.1-train.jsonl.gz" "$sample" <<'PY'
import gzip, json, sys
out, n = open(sys.argv[2], "w", encoding="utf-8"), 0
for line in gzip.open(sys.argv[1], "rt", encoding="utf-8"):
    a = json.loads(line)
    s = (a["title"] + " " + a["text"]).replace("\n", " ") + "\n"
    out.write(s); n += len(s.encode())
    if n >= 5_000_000: break
PY
fi
cargo build --release -q -p rasid-bench --bin rasid-bench-text
bench=target/release/rasid-bench-text

modes=(rasid_tok rasid_full camel_tok camel_norm pyarabic_tok pyarabic_norm)
results=$(mktemp)
for ((r = 1; r <= runs; r++)); do
  for m in "${modes[@]}"; do
    case $m in
      rasid_*) $bench "$m" "$sample" ;;
      *) "$venv/bin/python" "$shared/peers/bench_peers.py" "$m" "$sample" ;;
    esac >> "$results"
  done
done
python3 - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
by = {}
for r in rows: by.setdefault(r["mode"], []).append(r["mb_per_s"])
med = {m: statistics.median(v) for m, v in by.items()}
size = rows[0]["bytes"]
print(f"sample: {size/1e6:.1f} MB, {len(by[rows[0]['mode']])} runs per tool, median MB/s (one core)\n")
print("| tool | operation | MB/s (median) | rasid normalise+tokenise is × faster | rasid full layer is × faster |")
print("|---|---|---|---|---|")
what = {"rasid_tok": "rasid normalise+tokenise", "rasid_full": "rasid full text layer (+clitics, sentences)",
        "camel_tok": "CAMeL Tools simple_word_tokenize", "camel_norm": "CAMeL Tools dediac+normalise",
        "pyarabic_tok": "pyarabic tokenize", "pyarabic_norm": "pyarabic normalise"}
for m, v in med.items():
    print(f"| {m} | {what.get(m, m)} | {v:.2f} | {med['rasid_tok']/v:.1f} | {med['rasid_full']/v:.1f} |")
PY
rm -f "$results"

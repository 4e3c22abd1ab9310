#!/usr/bin/env bash
# rasid serve in headless Chromium (scripts/web/browser_test.py): installs Debian's chromium
# and chromium-driver and Python's selenium when they are missing, builds a fixture store
# (the shipped examples, a hostile article, and 300 ANT v2.1 articles when ../shared/data
# is there, else the committed story fixtures), and walks every page.
#   SHOTS=docs/screenshots bash scripts/web_test.sh   # also saves the screenshots there
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared/data}
if ! command -v chromium > /dev/null || ! command -v chromedriver > /dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
fi
python3 -c 'import selenium' 2> /dev/null || pip install -q 'selenium==4.*'
cargo build --release -q -p rasid-cli
rasid=target/release/rasid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
inputs=(examples crates/rasid-serve/tests/fixtures/hostile.json)
if [ -f "$shared/news/ant-v2.1-train.jsonl.gz" ]; then
  # Every 94th article: 300 spread over the corpus's sources and months.
  python3 - "$shared/news/ant-v2.1-train.jsonl.gz" "$work/ant300.jsonl" <<'PY'
import gzip, sys
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    for i, line in enumerate(f):
        if i % 94 == 0:
            out.write(line)
PY
  inputs+=("$work/ant300.jsonl")
else
  inputs+=(crates/rasid-cli/tests/fixtures/stories.jsonl)
fi
$rasid ingest "${inputs[@]}" --store "$work/store" 2> "$work/ingest.log" || { cat "$work/ingest.log" >&2; exit 1; }
shots=${SHOTS:-$work/shots}
mkdir -p "$shots"
python3 scripts/web/browser_test.py --rasid "$rasid" --store "$work/store" --query "الرئيس" --shots "$shots"

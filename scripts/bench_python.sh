#!/usr/bin/env bash
# The Python package's speed beside the CLI and beside CAMeL Tools' tokeniser, in one run
# (scripts/bench_python.py): 2,000 ANT v2.1 articles (every 10th of the training file) when
# ../shared/data is there, else the examples repeated. Installs the package (scripts/
# python_test.sh's virtual environment) and the peers (../shared/peers/setup.sh) if missing.
#   bash scripts/bench_python.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-2000}
venv=${RASID_VENV:-target/py-venv}
shared=${RASID_SHARED:-../shared}
"$venv/bin/python" -c 'import rasid' 2> /dev/null || bash scripts/python_test.sh
cargo build --release -q -p rasid-cli
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ -f "$shared/data/news/ant-v2.1-train.jsonl.gz" ]; then
  python3 - "$shared/data/news/ant-v2.1-train.jsonl.gz" "$work/a.jsonl" "$n" <<'PY'
import gzip, sys
n = int(sys.argv[3])
with gzip.open(sys.argv[1], "rt", encoding="utf-8") as f, open(sys.argv[2], "w", encoding="utf-8") as out:
    k = 0
    for i, line in enumerate(f):
        if i % 10 == 0 and k < n:
            out.write(line); k += 1
PY
else
  python3 - examples "$work/a.jsonl" "$n" <<'PY'
import json, pathlib, sys
docs = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(pathlib.Path(sys.argv[1]).glob("*.json"))]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for i in range(int(sys.argv[3])):
        d = dict(docs[i % len(docs)], id=f"x{i}")
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
PY
fi
camel=()
peers=${RASID_PEERS:-/tmp/rasid-peers}
if [ -f "$shared/peers/setup.sh" ]; then
  [ -x "$peers/bin/python" ] && "$peers/bin/python" -c 'import camel_tools' 2> /dev/null || bash "$shared/peers/setup.sh" "$peers" > /dev/null
  camel=(--camel "$peers/bin/python")
fi
"$venv/bin/python" scripts/bench_python.py --rasid target/release/rasid --articles "$work/a.jsonl" "${camel[@]}"

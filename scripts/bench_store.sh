#!/usr/bin/env bash
# The store at the size of ANT v2.1 train (28,307 articles): readers during the ingest,
# re-ingesting the same file, the checks, and both repairs, timed; the searches of a
# sample of headlines compared before and after each repair.
#
#   bash scripts/bench_store.sh [WORK_DIR]      # about 6 minutes on 2 cores
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"
news=${RASID_DATA:-../shared/data}/news/ant-v2.1-train.jsonl.gz
cargo build --release -q
rasid=target/release/rasid
store=$work/ant
rm -rf "$store"
# Queries taken from the corpus itself: the first word of the 100th headline, the first
# three words of the 1,000th, the whole 2,000th.
queries() {
  python3 - "$news" <<'PY'
import gzip, json, sys
titles = [json.loads(l)["title"] for _, l in zip(range(2000), gzip.open(sys.argv[1], "rt", encoding="utf-8"))]
print(titles[99].split()[0]); print(" ".join(titles[999].split()[:3])); print(titles[1999])
PY
}
{ read -r q_word; read -r q_phrase; read -r q_headline; } < <(queries)

secs() { python3 -c 'import sys,time; t=time.time(); import subprocess; r=subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); print(f"{time.time()-t:.2f} s (exit {r.returncode})")' "$@"; }

echo "== ingest, with search / entities / stories / show in a loop meanwhile"
t0=$(date +%s.%N)
$rasid ingest "$news" --store "$store" 2>"$work/ingest.err" &
writer=$!
# Readers start once the writer has created the store (before, it is not a store yet).
until $rasid search x --store "$store" >/dev/null 2>&1; do sleep 0.05; done
ok=0; bad=0
reader() {
  if $rasid "$@" --store "$store" >/dev/null 2>"$work/reader.err"; then
    ok=$((ok + 1))
  else
    bad=$((bad + 1)); head -c 300 "$work/reader.err"; echo
  fi
}
while kill -0 $writer 2>/dev/null; do
  reader search "$q_word"
  reader search "$q_phrase"
  reader entities --type PER
  reader stories
done
wait $writer
t1=$(date +%s.%N)
tail -1 "$work/ingest.err"
echo "ingest: $(python3 -c "print(f'{$t1 - $t0:.1f}')") s; reader calls during it: $ok succeeded, $bad failed"

echo "== the same file again (every article a duplicate, skipped before analysis)"
secs $rasid ingest "$news" --store "$store"
echo "== rasid check (counts, every index checksum, SQLite integrity_check)"
secs $rasid check --store "$store"
echo "== one CLI search, process start included"
secs $rasid search "$q_headline" --store "$store"

# The ids each of 100 stored headlines finds, as a fingerprint of the store.
fingerprint() {
  $rasid search '' --store "$store" --limit 10000 -f jsonl | wc -l
  python3 - "$rasid" "$store" <<'EOF'
import json, subprocess, sys, sqlite3
rasid, store = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"file:{store}/articles.sqlite?mode=ro", uri=True)
titles = [r[0] for r in db.execute("SELECT title FROM articles ORDER BY text_hash LIMIT 100")]
db.close()
for t in titles:
    out = subprocess.run([rasid, "search", t, "--store", store, "--limit", "5", "-f", "jsonl"], capture_output=True, text=True).stdout
    print(sorted(json.loads(l)["id"] for l in out.splitlines()))
EOF
}
fingerprint > "$work/before.txt"

echo "== index deleted: rasid repair rebuilds it from the database"
rm -rf "$store/index"
secs $rasid repair --store "$store"
fingerprint > "$work/after-index.txt"
cmp -s "$work/before.txt" "$work/after-index.txt" && echo "searches of 100 headlines: the same as before" || { echo "searches differ"; diff "$work/before.txt" "$work/after-index.txt" | head; }

echo "== database deleted: rasid repair analyses the index's texts again"
rm -f "$store/articles.sqlite"
secs $rasid repair --store "$store"
fingerprint > "$work/after-db.txt"
cmp -s "$work/before.txt" "$work/after-db.txt" && echo "searches of 100 headlines: the same as before" || { echo "searches differ"; diff "$work/before.txt" "$work/after-db.txt" | head; }
$rasid check --store "$store"
du -sh "$store/articles.sqlite" "$store/index"

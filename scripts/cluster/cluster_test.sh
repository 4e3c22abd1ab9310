#!/usr/bin/env bash
# End to end on one machine: PostgreSQL up, the Spark job over N articles (2,000 of ANT's
# train file when ../shared/data is there, else 400 invented ones), its output loaded into
# PostgreSQL, and checked against `rasid ingest` of the same file:
#   1. the same number of articles, mentions, quotes and events;
#   2. a second run of the job and the load changes no row (table checksums equal);
#   3. a run in which one Spark task's worker is killed changes no row either;
#   4. searches find the same number of articles in both stores (the top hits' agreement is
#      reported), and known-item retrieval from headlines scores within 0.01 MRR of the
#      local store.
#
#   bash scripts/cluster/cluster_test.sh [N]
#
# RASID_CLUSTER_INVENTED=1 uses the invented articles even when ANT is there.
# Installs what it needs (Debian's postgresql and openjdk-17-jre-headless, pyspark into the
# Python package's venv, target/py-venv, which scripts/python_test.sh makes).
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-2000}
work=${RASID_CLUSTER_WORK:-target/cluster-test}
venv=${RASID_VENV:-target/py-venv}
rm -rf "$work" && mkdir -p "$work"
# The time of each part on stderr (lap NAME after the part).
last=$SECONDS
lap() { echo "[cluster] $1 took $((SECONDS - last)) s" >&2; last=$SECONDS; }

if ! command -v java > /dev/null; then
  echo "installing openjdk-17-jre-headless (apt-get)" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null
fi
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# A venv from before `as_json` gets the package again.
"$venv/bin/python" -c "import rasid; rasid.analyze_many([], as_json=True)" 2> /dev/null \
  || "$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall ./crates/rasid-py
"$venv/bin/python" -c "import pyspark" 2> /dev/null || "$venv/bin/pip" install -q --disable-pip-version-check "pyspark==3.5.*" pyarrow
cargo build --release -q -p rasid-cli
rasid=target/release/rasid
lap "set-up and build"

ant=../shared/data/news/ant-v2.1-train.jsonl.gz
if [ -f "$ant" ] && [ -z "${RASID_CLUSTER_INVENTED:-}" ]; then
  (zcat "$ant" || true) | head -n "$n" > "$work/articles.jsonl"
else
  "$venv/bin/python" scripts/cluster/invented.py 400 > "$work/articles.jsonl"
fi
echo "input: $(wc -l < "$work/articles.jsonl") articles"

pg=$(bash scripts/cluster/postgres_up.sh) && eval "$pg"
db_url=${RASID_DB%/*}/rasid_test
"$RASID_PSQL" "${RASID_DB}" -qc "DROP DATABASE IF EXISTS rasid_test" -c "CREATE DATABASE rasid_test"

job() { "$venv/bin/python" scripts/cluster/spark_analyze.py "$work/articles.jsonl" "$work/$1" --master "local[2,4]" "${@:2}" 2> "$work/$1.log" | tail -1; }
job out1
"$rasid" db load "$work/out1" --db "$db_url" > "$work/load1.json"
"$rasid" db counts --db "$db_url" > "$work/counts1.json"
"$rasid" ingest "$work/articles.jsonl" --store "$work/store" 2> "$work/ingest.log"
lap "first job, load and ingest"

job out2
"$rasid" db load "$work/out2" --db "$db_url" > "$work/load2.json"
"$rasid" db counts --db "$db_url" > "$work/counts2.json"
lap "second job and load"

job out3 --kill-task 1
grep -q "Python worker exited unexpectedly\|EOFException\|crashed" "$work/out3.log" \
  || { echo "FAIL: the killed task left no trace in Spark's log" >&2; exit 1; }
"$rasid" db load "$work/out3" --db "$db_url" > "$work/load3.json"
"$rasid" db counts --db "$db_url" > "$work/counts3.json"
lap "killed-task job and load"

RASID_BIN=$rasid "$venv/bin/python" scripts/cluster/check.py "$work" "$db_url"
lap "checks"

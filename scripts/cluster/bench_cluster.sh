#!/usr/bin/env bash
# The figures of docs/SCALING.md: the Spark job's articles per second with 1 and 2
# executor cores, the load into PostgreSQL, and search latency from PostgreSQL beside the
# local store on the same articles.
#
#   bash scripts/cluster/bench_cluster.sh [N]     (N articles of ANT's train file; default all)
#
# Needs ../shared/data and what scripts/cluster/cluster_test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-1000000}
work=${RASID_CLUSTER_WORK:-target/cluster-bench}
venv=${RASID_VENV:-target/py-venv}
rasid=target/release/rasid
rm -rf "$work" && mkdir -p "$work"
cargo build --release -q -p rasid-cli
(zcat ../shared/data/news/ant-v2.1-train.jsonl.gz || true) | head -n "$n" > "$work/articles.jsonl"
echo "articles: $(wc -l < "$work/articles.jsonl")"
eval "$(bash scripts/cluster/postgres_up.sh)"
db_url=${RASID_DB%/*}/rasid_bench
psql "$RASID_DB" -qc "DROP DATABASE IF EXISTS rasid_bench" -c "CREATE DATABASE rasid_bench"

for cores in 1 2; do
  "$venv/bin/python" scripts/cluster/spark_analyze.py "$work/articles.jsonl" "$work/out$cores" \
    --master "local[$cores,4]" --partitions 8 2> /dev/null | tail -1 | sed "s/^/spark, $cores core(s): /"
done
/usr/bin/time -f "load: %e s wall, %M KB peak (rasid db load)" "$rasid" db load "$work/out2" --db "$db_url" > "$work/load.json"
/usr/bin/time -f "local ingest: %e s wall" "$rasid" ingest "$work/articles.jsonl" --store "$work/store" 2> "$work/ingest.log" || true
tail -2 "$work/ingest.log"
RASID_BIN=$rasid "$venv/bin/python" scripts/cluster/latency.py "$work/store" "$db_url" 200

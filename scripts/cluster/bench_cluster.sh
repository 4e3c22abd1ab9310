#!/usr/bin/env bash
# The figures of docs/SCALING.md: the Spark job's articles per second with 1 and 2
# executor cores, the load into PostgreSQL, and search latency from PostgreSQL beside the
# local store on the same articles.
#
#   bash scripts/cluster/bench_cluster.sh [N]     (the first N articles of the news; default all)
#
# The news: ANT v2.1 train, ANT v1.1 and SaudiNewsNet from ../shared/data/news (69,498 lines;
# the stores keep those that are not duplicates). An N past that is made up with derived
# articles, real ones with their paragraphs in reverse order (scripts/cluster/derived.py):
# docs/SCALING.md's 100,000 are `bench_cluster.sh 100000`.
#
# Needs ../shared/data and what scripts/cluster/cluster_test.sh installs.
set -euo pipefail
cd "$(dirname "$0")/../.."
n=${1:-}
work=${RASID_CLUSTER_WORK:-target/cluster-bench}
venv=${RASID_VENV:-target/py-venv}
rasid=target/release/rasid
rm -rf "$work" && mkdir -p "$work"
cargo build --release -q -p rasid-cli
news=../shared/data/news
(zcat "$news/ant-v2.1-train.jsonl.gz" "$news/ant-v1.1.jsonl.gz" "$news/saudinewsnet.jsonl.gz" || true) | head -n "${n:-1000000000}" > "$work/real.jsonl"
# Without N, every real article and no derived one.
python3 scripts/cluster/derived.py "$work/real.jsonl" "${n:-$(wc -l < "$work/real.jsonl")}" > "$work/articles.jsonl"
rm "$work/real.jsonl"
echo "articles: $(wc -l < "$work/articles.jsonl")"
pg=$(bash scripts/cluster/postgres_up.sh) && eval "$pg"
db_url=${RASID_DB%/*}/rasid_bench
"$RASID_PSQL" "$RASID_DB" -qc "DROP DATABASE IF EXISTS rasid_bench" -c "CREATE DATABASE rasid_bench"

for cores in 1 2; do
  "$venv/bin/python" scripts/cluster/spark_analyze.py "$work/articles.jsonl" "$work/out$cores" \
    --master "local[$cores,4]" --partitions 8 2> /dev/null | tail -1 | sed "s/^/spark, $cores core(s): /"
done
/usr/bin/time -f "load: %e s wall, %M KB peak (rasid db load)" "$rasid" db load "$work/out2" --db "$db_url" > "$work/load.json" || [ $? = 1 ] # 1: some articles failed (reported)
/usr/bin/time -f "local ingest: %e s wall" "$rasid" ingest "$work/articles.jsonl" --store "$work/store" 2> "$work/ingest.log" || true
tail -1 "$work/ingest.log"
"$RASID_PSQL" "$db_url" -tAc "SELECT 'database size: ' || pg_size_pretty(pg_database_size(current_database()))"
du -sh "$work/store" | sed 's/^/local store size: /' 
RASID_BIN=$rasid "$venv/bin/python" scripts/cluster/latency.py "$work/store" "$db_url" 200

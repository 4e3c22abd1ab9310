#!/usr/bin/env bash
# Evaluations over ../shared/data (not part of `cargo test`: the data is not in the repo).
# Prints each report and fails if a score falls below its floor.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared/data}
cargo build --release -q -p rasid-cli
rasid=target/release/rasid
# The time of each part on stderr (lap NAME after the part).
last=$SECONDS
lap() { echo "[eval] $1 took $((SECONDS - last)) s" >&2; last=$SECONDS; }

check() { # name value floor
  python3 - "$@" <<'PY'
import sys
name, value, floor = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
ok = value >= floor
print(f"{'ok  ' if ok else 'FAIL'} {name} = {value:.4f} (floor {floor})")
sys.exit(0 if ok else 1)
PY
}

seg=$($rasid eval segmentation --gold "$shared/segmentation/ud-arabic-pud/ar_pud-dev.conllu")
echo "$seg"
acc=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["word_accuracy"])' <<<"$seg")
check segmentation.word_accuracy "$acc" 0.98
lap "segmentation"

time=$($rasid eval time --gold "$shared/time/arabic-timeml/docs")
echo "$time"
f1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["overlap"]["f1"] / 100)' <<<"$time")
acc=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["value_accuracy"] / 100)' <<<"$time")
# 0.89, not 0.90, since issue 15: the fixed word lists find قبل مائة عام (doc23) and القرن
# الحادى والعشرين (doc48), which the gold leaves unmarked (docs/EVALUATION.md, dates).
check time.overlap_f1 "$f1" 0.89
check time.value_accuracy "$acc" 0.85
lap "time"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 scripts/ner_split.py "$shared/ner/anercorp/train.txt" "$work/train.txt" "$work/dev.txt" > /dev/null
# The shipped tagger was trained on all of ANERcorp's training part (--refit), so the
# development split is scored by the same recipe trained without it.
RASID_DATA="$shared" bash scripts/ner_recipe.sh "$work/train.txt" "$work/dev.txt" "$work/held-out.rmod" \
    > "$work/recipe.log" 2>&1 || { cat "$work/recipe.log" >&2; exit 1; }
ner=$($rasid eval ner --model "$work/held-out.rmod" --gold "$work/dev.txt")
rm -rf "$work"
echo "$ner"
f1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["f1"] / 100)' <<<"$ner")
# 0.80 since issue 16 (NewsFANEGold in the recipe: 77.78 → 81.49 on seed 1).
check ner.dev_f1 "$f1" 0.80
lap "ner recipe"

topic=$($rasid eval topic --gold "$shared/news/ant-v2.1-train.jsonl.gz" 2>/dev/null)
python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("documents", "accuracy", "macro_f1")}))' <<<"$topic"
acc=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["accuracy"])' <<<"$topic")
mf1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["macro_f1"])' <<<"$topic")
check topic.dev_accuracy "$acc" 0.84
check topic.dev_macro_f1 "$mf1" 0.83
lap "topic"

# Search quality: rasid's analyzer must not fall behind tantivy's Snowball Arabic stemmer by
# more than the spread between query samples (the two are level; docs/EVALUATION.md).
ret=$($rasid eval retrieval --news "$shared/news/ant-v2.1-train.jsonl.gz" --queries 2000)
python3 -c 'import json,sys; d=json.load(sys.stdin); [print(json.dumps({"analyzer": a["analyzer"], "mrr": round(a["mrr"], 4), "recall_at_10": round(a["recall_at_k"], 4)})) for a in d["analyzers"]]' <<<"$ret"
gap=$(python3 -c 'import json,sys; a={x["analyzer"]: x["mrr"] for x in json.load(sys.stdin)["analyzers"]}; print(a["rasid"] - a["snowball arabic (tantivy)"])' <<<"$ret")
check retrieval.mrr_rasid_minus_snowball "$gap" -0.01
lap "retrieval"
# The PostgreSQL store (`rasid search --db`) on the same bodies and queries: within 0.01
# MRR of the local store's ranking (500 queries: a PostgreSQL search takes ~90 ms here).
pg=$(bash scripts/cluster/postgres_up.sh) && eval "$pg"
ret=$($rasid eval retrieval --news "$shared/news/ant-v2.1-train.jsonl.gz" --queries 500 --db "$RASID_DB")
python3 -c 'import json,sys; d=json.load(sys.stdin); [print(json.dumps({"analyzer": a["analyzer"], "mrr": round(a["mrr"], 4), "search_ms_median": round(a["search_ms_median"], 2)})) for a in d["analyzers"][-2:]]' <<<"$ret"
gap=$(python3 -c 'import json,sys; a={x["analyzer"]: x["mrr"] for x in json.load(sys.stdin)["analyzers"]}; print(-abs(a["rasid (PostgreSQL store)"] - a["rasid"]))' <<<"$ret")
check retrieval.minus_abs_mrr_postgres_minus_local "$gap" -0.01
lap "retrieval (PostgreSQL)"

# Article understanding against the settled gold set (docs/gold/GUIDELINES.md,
# data/gold/understanding/SETTLED.md): the floors are on the development part; the
# untouched test part is printed, never tuned on.
und=$($rasid eval understanding --gold data/gold/understanding/gold.jsonl --news "$shared/news/ant-v2.1-train.jsonl.gz")
python3 -c 'import json,sys; d=json.load(sys.stdin); [print(p, json.dumps({"entities_f1": d[p]["entities"]["f1"], "per_type": {k: v["f1"] for k, v in d[p]["entities"]["per_type"].items()}, "role": d[p]["roles"]["role"]["accuracy"], "affiliation": d[p]["roles"]["affiliation"]["accuracy"], "quotes_f1": d[p]["quotes"]["f1"], "speaker": d[p]["quotes"]["speaker"]["accuracy"], "dates_f1": d[p]["dates"]["f1"], "date_value": d[p]["dates"]["value"]["accuracy"], "events_f1": d[p]["events"]["f1"]})) for p in ("dev", "test")]' <<<"$und"
f1=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["dev"]["entities"]["f1"] / 100)' <<<"$und")
check understanding.dev_entity_f1 "$f1" 0.75
# Attribution (issue 17): roles, affiliations, quotes found and their speakers, on the
# development part (docs/EVALUATION.md has both parts and the classes of what is missed).
dev() { python3 -c "import json,sys; d=json.load(sys.stdin)['dev']; print($1 / 100)" <<<"$und"; }
check understanding.dev_role "$(dev 'd["roles"]["role"]["accuracy"]')" 0.55
check understanding.dev_affiliation "$(dev 'd["roles"]["affiliation"]["accuracy"]')" 0.33
check understanding.dev_quotes_f1 "$(dev 'd["quotes"]["f1"]')" 0.70
check understanding.dev_quotes_precision "$(dev 'd["quotes"]["precision"]')" 0.80
check understanding.dev_speaker_of_matched "$(dev 'd["quotes"]["speaker"]["accuracy"]')" 0.45
# Events (issue 18): found with the right CAMEO family, on the development part.
check understanding.dev_events_f1 "$(dev 'd["events"]["f1"]')" 0.38
check understanding.dev_events_recall "$(dev 'd["events"]["recall"]')" 0.42
lap "understanding"

# The event check set (docs/gold/EVENTS-CHECK.md): ANT sentences about protests,
# attacks, arrests, courts and sanctions; the floors on the development part.
evc=$($rasid eval events-check --gold data/gold/events-check/gold.jsonl --sentences data/gold/events-check/sentences.tsv --news "$shared/news/ant-v2.1-train.jsonl.gz")
python3 -c 'import json,sys; d=json.load(sys.stdin); [print(p, json.dumps({k: d[p][k] for k in ("right_family_pct", "other_family_pct", "by_class", "missed")})) for p in ("dev", "test")]' <<<"$evc"
evdev() { python3 -c "import json,sys; d=json.load(sys.stdin)['dev']; print($1 / 100)" <<<"$evc"; }
check events_check.dev_right_family "$(evdev 'd["right_family_pct"]')" 0.70
check events_check.dev_not_other_family "$(evdev '(100 - d["other_family_pct"])')" 0.66
lap "events check"

# The most-named people, places and organisations of the news (data/gold/top-names.tsv,
# checked by eye): the share of article-name pairs in which rasid finds the name, on the
# sixteenth of ANT v2.1 train the names list is not learned from (scripts/eval/top_names.py).
top_dir=$(mktemp -d)
top=$(RASID_SHARED="$shared" python3 scripts/eval/top_names.py "$top_dir" --names data/gold/top-names.tsv --rasid "$rasid")
rm -rf "$top_dir"
python3 -c 'import json,sys; d=json.load(sys.stdin); print(json.dumps({k: d[k] for k in ("names", "article_name_pairs", "found_share", "by_type", "names_below_0.80")}, ensure_ascii=False))' <<<"$top"
share=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["found_share"])' <<<"$top")
check top_names.found_share "$share" 0.93
lap "top names"

# rasid serve under load on the whole of ANT v2.1 train (docs/BENCHMARKS.md, serve): no
# error response, memory flat between rounds (rounds of 5,000 requests here, for CI's time;
# the benchmark's figures are of 10,000). The benchmarks that gate nothing (bench_python.sh,
# bench_peers.sh, ...) are not run here: docs/BENCHMARKS.md has their commands.
RASID_LOAD_REQUESTS=5000 bash scripts/bench_serve.sh
echo "ok   rasid serve under load (50 clients, 4 × 5,000 requests)"
lap "serve load"

# Smoke run: the whole analysis over every ANT v2.1 article must not fail or panic.
$rasid analyze "$shared/news/ant-v2.1-train.jsonl.gz" -f jsonl -o /dev/null
echo "ok   analyze over ant-v2.1-train.jsonl.gz (every article, no failure)"
lap "analyze all"

#!/usr/bin/env bash
# Trains the entity tagger by the shipped recipe, given the entity priors (data/priors.rpr)
# and word clusters (data/clusters.rcl):
#   1. two taggers on the labelled data, one with all feature groups, one without the
#      priors and clusters (they look at words differently);
#   2. silver data: 3,000 ANT news sentences with a name that both tag identically
#      (`rasid build silver`, co-training);
#   3. the final two-stage tagger on the labelled data plus the silver sentences.
# Development data (DEV, or the last 10 % of TRAIN when DEV is -) is held out from all
# three steps; extra arguments go to step 3 (e.g. --refit).
#
# usage: scripts/ner_recipe.sh TRAIN DEV|- OUT [train ner arguments...]
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 3 ] || { echo "usage: $0 TRAIN DEV|- OUT [train ner arguments...]" >&2; exit 2; }
train=$1 dev=$2 out=$3
shift 3
shared=${RASID_SHARED:-../shared}
cargo build --release -q -p rasid-cli
rasid=./target/release/rasid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--train "$train" --gazetteers "$shared/data/gazetteers"
        --events "$shared/data/events/universalpetrarch" --clusters data/clusters.rcl
        --priors data/priors.rpr --without shape)
[ "$dev" = - ] || common+=(--dev "$dev")
"$rasid" train ner "${common[@]}" --out "$work/a.rmod" > /dev/null 2>&1
"$rasid" train ner "${common[@]}" --without priors --without clusters --out "$work/b.rmod" > /dev/null 2>&1
"$rasid" build silver --news "$shared/data/news/ant-v2.1-train.jsonl.gz" \
    --tagger "$work/a.rmod" --tagger "$work/b.rmod" --sentences 3000 --seed 1 \
    --out "$work/silver.conll" > /dev/null
"$rasid" train ner "${common[@]}" --silver "$work/silver.conll" --out "$out" "$@"

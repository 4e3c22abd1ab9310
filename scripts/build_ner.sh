#!/usr/bin/env bash
# Rebuilds the entity tagger's files from ../shared/data, deterministically:
#   1. a context-only tagger (it never sees the word it tags), trained on ANERcorp;
#   2. data/priors.rpr: how often that tagger takes each word of the ANT news for a name;
#   3. data/ner.rmod: the shipped two-stage tagger, with the priors as features, trained on
#      ANERcorp and silver sentences from ANT (scripts/ner_recipe.sh). The last 10 % of the
#      training file is held out to choose each stage's epoch and to report dev F1; then the
#      tagger is trained again on all of it for those epochs (--refit).
# The word clusters (data/clusters.rcl) are an input; `rasid build clusters` rebuilds them
# (see data/README.md). About 3 minutes on 2 cores (the ensemble trains on both).
#
# usage: scripts/build_ner.sh        (needs ../shared, or RASID_SHARED=DIR)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared}
cargo build --release -q -p rasid-cli
rasid=./target/release/rasid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--train "$shared/data/ner/anercorp/train.txt"
        --gazetteers "$shared/data/gazetteers" --events "$shared/data/events/universalpetrarch"
        --clusters data/clusters.rcl)
"$rasid" train ner "${common[@]}" --without word --without stem --without affix \
    --without shape --without priors --without genre --without document --without quote --out "$work/context.rmod" > /dev/null 2>&1
"$rasid" build priors --tagger "$work/context.rmod" \
    --news "$shared/data/news/ant-v2.1-train.jsonl.gz" --news "$shared/data/news/ant-v1.1.jsonl.gz" \
    --out data/priors.rpr
bash scripts/ner_recipe.sh "$shared/data/ner/anercorp/train.txt" - data/ner.rmod --refit \
    | grep -E '"(dev_f1|stage1_dev_f1|best_epoch|stage1_best_epoch|bytes|features)"'
echo "rebuilt data/priors.rpr and data/ner.rmod; rebuild the binary to embed them" >&2

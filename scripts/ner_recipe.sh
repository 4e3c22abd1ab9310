#!/usr/bin/env bash
# Trains the entity tagger by the shipped recipe, given the entity priors (data/priors.rpr)
# and word clusters (data/clusters.rcl):
#   1. two taggers on the labelled data that look at words differently: one with all
#      feature groups but quote, one also without the priors and clusters groups (it still
#      reads the genre lifts of the priors file);
#   2. silver data: 3,000 ANT news sentences with a name that both tag identically
#      (`rasid build silver`, co-training);
#   2b. NewsFANEGold in ANERcorp's form (scripts/newsfane.py: clitics joined, classes mapped),
#      with the MISC names of tagger 1 where NewsFANE marks none (it does not mark
#      currencies, religions, prizes: ANERcorp's MISC);
#   3. the final two-stage tagger on the labelled data plus the silver sentences, an ensemble
#      of 5 perceptrons (--ensemble 5: their mean weights, so tagging costs one model),
#      without the features whose weights stay below 1/64 of the largest (--prune).
# The development data (DEV, or the last 10 % of TRAIN when DEV is -) is never trained on
# in any step; it chooses the epoch of each tagger, as development data does. Extra
# arguments go to step 3 (e.g. --refit, which then trains the final tagger again on all of
# TRAIN).
#
# usage: scripts/ner_recipe.sh TRAIN DEV|- OUT [train ner arguments...]
#        (paths in the extra arguments are relative to the repository)
#        RASID_DATA=DIR (default ${RASID_SHARED:-../shared}/data) is the shared data folder;
#        NER_ENSEMBLE and NER_PRUNE (default 5 and 0.015625) set step 3's --ensemble and --prune,
#        NER_SILVER (default 3000) the number of silver sentences; NER_NEWSFANE (default
#        $RASID_DATA/ner/newsfane/NewsFANE_Gold_2014_170K.txt when it is there; `-` for none)
#        the NewsFANEGold file whose sentences the final tagger also trains on (step 2b).
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 TRAIN DEV|- OUT [train ner arguments...]" >&2; exit 2; }
abs() { case $1 in /*|-) echo "$1" ;; *) echo "$PWD/$1" ;; esac; }
train=$(abs "$1") dev=$(abs "$2") out=$(abs "$3")
shift 3
data=$(abs "${RASID_DATA:-${RASID_SHARED:-../shared}/data}")
cd "$(dirname "$0")/.."
# Paths relative to the repository, so that the model header (which records the command)
# does not depend on where the repository is checked out.
rel() { case $1 in -) echo - ;; *) realpath -m --relative-to=. "$1" ;; esac; }
train=$(rel "$train") dev=$(rel "$dev") out=$(rel "$out") data=$(rel "$data")
cargo build --release -q -p rasid-cli
rasid=./target/release/rasid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
common=(--train "$train" --gazetteers "$data/gazetteers"
        --events "$data/events/universalpetrarch" --clusters data/clusters.rcl
        --priors data/priors.rpr --without shape)
[ "$dev" = - ] || common+=(--dev "$dev")
# Steps 1 and 2 print their progress only when they fail.
quiet() { "$@" > "$work/log" 2>&1 || { cat "$work/log" >&2; return 1; }; }
# The silver taggers leave the quote group out: silver from taggers with it scored the same
# in cross-validation and 2 points lower on the development split (docs/EVALUATION.md).
quiet "$rasid" train ner "${common[@]}" --without quote --out "$work/a.rmod"
quiet "$rasid" train ner "${common[@]}" --without priors --without clusters --without quote --out "$work/b.rmod"
quiet "$rasid" build silver --news "$data/news/ant-v2.1-train.jsonl.gz" \
    --tagger "$work/a.rmod" --tagger "$work/b.rmod" --sentences "${NER_SILVER:-3000}" --seed 1 \
    --out "$work/silver.conll"
newsfane=${NER_NEWSFANE:-$data/ner/newsfane/NewsFANE_Gold_2014_170K.txt}
extra=()
if [ "$newsfane" != - ] && [ -f "$newsfane" ]; then
    quiet python3 scripts/newsfane.py "$newsfane" "$work/newsfane.conll"
    "$rasid" tag ner --model "$work/a.rmod" "$work/newsfane.conll" > "$work/newsfane.pred"
    quiet python3 scripts/newsfane.py "$newsfane" "$work/newsfane.conll" --misc "$work/newsfane.pred"
    extra=(--silver "$work/newsfane.conll")
fi
"$rasid" train ner "${common[@]}" --silver "$work/silver.conll" "${extra[@]}" --ensemble "${NER_ENSEMBLE:-5}" --prune "${NER_PRUNE:-0.015625}" --out "$out" "$@"

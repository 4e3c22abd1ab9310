#!/usr/bin/env bash
# Cross-validation of a tagger setting on the whole training file: 5 contiguous folds of
# sentences (a document stays in one fold unless it straddles a cut), each tagged by a model
# trained on the other four; the predictions of the five folds are pooled and scored once
# (9,002 entities, against 978 on the development split, so settings can be told apart at a
# few tenths of a point). Each fold's model holds out the last 10 % of its own training part
# to choose its epochs (`train ner` without --dev); the fold it tags chooses nothing.
#
# The entity priors, word clusters and any --silver file given were made by taggers that saw
# ANERcorp, these folds included, so the absolute numbers are optimistic: use this to compare
# settings with each other, and the development split or the test split for the score.
# A --silver file is worse than optimistic: its labels come from taggers that saw the fold
# being scored, so more of it scores better here and worse on the development split (more
# silver, 2026-11-29: +0.96 here, -0.9 there). Compare anything that touches the silver data
# with --recipe, which runs scripts/ner_recipe.sh on each fold's training part: the silver
# taggers, the silver sentences and the final tagger (with the arguments given) never see
# the fold they are scored on (the priors and clusters still have).
#
# usage: scripts/ner_cv.sh [train ner arguments...]      e.g. --ensemble 5 --seed 2
#        scripts/ner_cv.sh --recipe [arguments of the recipe's final tagger...]
#                                                         e.g. NER_SILVER=9000 scripts/ner_cv.sh --recipe --seed 2
#        RASID_DATA=DIR (default ${RASID_SHARED:-../shared}/data) is the shared data folder.
#        Paths in the arguments are relative to where you run it, or with --recipe to the
#        repository. With --recipe the recipe already passes --ensemble and --prune (set them
#        with NER_ENSEMBLE and NER_PRUNE, the silver size with NER_SILVER), and --seed sets
#        the final tagger's seed only (the silver taggers and the silver sample keep seed 1).
set -euo pipefail
recipe=false
if [ "${1:-}" = --recipe ]; then recipe=true; shift; fi
root=$(cd "$(dirname "$0")/.." && pwd)
data=$(realpath -m "${RASID_DATA:-${RASID_SHARED:-$root/../shared}/data}")
cargo build --release -q -p rasid-cli --manifest-path "$root/Cargo.toml"
rasid=$root/target/release/rasid
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$root/scripts/ner_split.py" --folds 5 "$data/ner/anercorp/train.txt" "$work" > /dev/null
for i in 0 1 2 3 4; do
  if $recipe; then
    RASID_DATA="$data" bash "$root/scripts/ner_recipe.sh" "$work/train$i.txt" - "$work/m$i.rmod" "$@" \
        > "$work/log" 2>&1 || { cat "$work/log" >&2; exit 1; }
  else
    "$rasid" train ner --train "$work/train$i.txt" --gazetteers "$data/gazetteers" \
        --events "$data/events/universalpetrarch" --clusters "$root/data/clusters.rcl" \
        --priors "$root/data/priors.rpr" --without shape --out "$work/m$i.rmod" "$@" > "$work/log" 2>&1 \
        || { cat "$work/log" >&2; exit 1; }
  fi
  "$rasid" tag ner --model "$work/m$i.rmod" "$work/test$i.txt" >> "$work/pred.txt"
  cat "$work/test$i.txt" >> "$work/gold.txt"
done
"$rasid" eval ner --gold "$work/gold.txt" --pred "$work/pred.txt"

#!/usr/bin/env bash
# rasid's entity tagger and python-crfsuite (../shared/peers/crf_baseline.py) trained and
# scored on the same ANERcorp split, in one run: F1, tagging speed, and their ratios.
#
# usage: scripts/bench_ner.sh        (needs ../shared; installs the Python peers if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${RASID_SHARED:-../shared}
venv=${RASID_PEERS_VENV:-/tmp/rasid-peers}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x "$venv/bin/python" ] || bash "$shared/peers/setup.sh" "$venv"
python3 scripts/ner_split.py "$shared/data/ner/anercorp/train.txt" "$work/train.txt" "$work/dev.txt"
cargo build --release -q -p rasid-cli -p rasid-bench
# The shipped tagger was refit on the whole training file, development split included, so
# F1 is that of the same recipe trained without the split (as scripts/eval.sh); speed is
# the shipped tagger's.
RASID_DATA="$shared/data" bash scripts/ner_recipe.sh "$work/train.txt" "$work/dev.txt" "$work/held-out.rmod" \
    > "$work/recipe.log" 2>&1 || { cat "$work/recipe.log" >&2; exit 1; }
./target/release/rasid eval ner --model "$work/held-out.rmod" --gold "$work/dev.txt" > "$work/rasid.json"
./target/release/rasid-bench-text ner "$work/dev.txt" > "$work/rasid-speed.json"
"$venv/bin/python" "$shared/peers/crf_baseline.py" "$work/train.txt" "$work/dev.txt" "$shared/data/gazetteers/anergazet" > "$work/crf.json"
python3 - "$work" <<'PY'
import json, sys, os
w = sys.argv[1]
r = json.load(open(os.path.join(w, "rasid.json")))
s = json.load(open(os.path.join(w, "rasid-speed.json")))
c = json.load(open(os.path.join(w, "crf.json")))
print("| tagger | micro F1 | PER | LOC | ORG | MISC | tokens/s (features included) |")
print("|---|---|---|---|---|---|---|")
pt = r["per_type"]
print(f"| rasid (two-stage averaged perceptron) | {r['f1']:.2f} | {pt['PER']['f1']:.2f} | {pt['LOC']['f1']:.2f} | {pt['ORG']['f1']:.2f} | {pt['MISC']['f1']:.2f} | {s['tagging_tokens_per_s']:,} ({s['with_segmentation_tokens_per_s']:,} with clitic segmentation) |")
print(f"| python-crfsuite baseline | {c['micro_f1']:.2f} | {c['PERS_f1']:.2f} | {c['LOC_f1']:.2f} | {c['ORG_f1']:.2f} | {c['MISC_f1']:.2f} | {c['tag_tokens_per_s']:,} |")
print(f"\nF1 difference: {r['f1'] - c['micro_f1']:+.2f} points; speed ratio: {s['tagging_tokens_per_s'] / c['tag_tokens_per_s']:.1f}x "
      f"({s['with_segmentation_tokens_per_s'] / c['tag_tokens_per_s']:.1f}x counting rasid's segmentation); "
      f"tagger load {s['tagger_load_s'] * 1000:.1f} ms")
PY
rm -rf "$work"

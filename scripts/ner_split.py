#!/usr/bin/env python3
"""Write the train/dev split `rasid train ner` uses (the last 10% of sentences are dev), so
that peers such as ../shared/peers/crf_baseline.py are scored on exactly the same split.

With --folds K it writes K contiguous folds instead, for cross-validation
(scripts/ner_cv.sh): OUT_DIR/test{i}.txt is fold i, OUT_DIR/train{i}.txt the others.

usage: scripts/ner_split.py TRAIN.txt OUT_TRAIN OUT_DEV [FRACTION]
       scripts/ner_split.py --folds K TRAIN.txt OUT_DIR
"""
import sys

folds = None
if sys.argv[1] == "--folds":
    folds, src, out_dir = int(sys.argv[2]), sys.argv[3], sys.argv[4]
else:
    src, out_train, out_dev = sys.argv[1:4]
    fraction = float(sys.argv[4]) if len(sys.argv) > 4 else 0.1
sents, cur = [], []
for line in open(src, encoding="utf-8"):
    if line.strip():
        cur.append(line.rstrip("\n"))
    elif cur:
        sents.append(cur); cur = []
if cur:
    sents.append(cur)

def write(path, part):
    with open(path, "w", encoding="utf-8") as f:
        for s in part:
            f.write("\n".join(s) + "\n\n")


if folds:
    for i in range(folds):
        a, b = len(sents) * i // folds, len(sents) * (i + 1) // folds
        write(f"{out_dir}/test{i}.txt", sents[a:b])
        write(f"{out_dir}/train{i}.txt", sents[:a] + sents[b:])
    print(f"{len(sents)} sentences in {folds} folds")
    sys.exit(0)
keep = round(len(sents) * (1 - fraction))
for path, part in ((out_train, sents[:keep]), (out_dev, sents[keep:])):
    write(path, part)
print(f"{keep} train sentences, {len(sents) - keep} dev sentences")

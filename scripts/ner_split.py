#!/usr/bin/env python3
"""Write the train/dev split `rasid train ner` uses (the last 10% of sentences are dev), so
that peers such as ../shared/peers/crf_baseline.py are scored on exactly the same split.

usage: scripts/ner_split.py TRAIN.txt OUT_TRAIN OUT_DEV [FRACTION]
"""
import sys

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
keep = round(len(sents) * (1 - fraction))
for path, part in ((out_train, sents[:keep]), (out_dev, sents[keep:])):
    with open(path, "w", encoding="utf-8") as f:
        for s in part:
            f.write("\n".join(s) + "\n\n")
print(f"{keep} train sentences, {len(sents) - keep} dev sentences")

#!/usr/bin/env python3
"""Draws the articles of the article-understanding gold set (docs/gold/GUIDELINES.md).

Seeded and deterministic: 60 articles at random from ANT v2.1 train (the shipped examples
excluded), in the order drawn; the first 40 are the development part, the last 20 the
untouched part (scored, never tuned on).

usage: python3 scripts/gold/sample.py [NEWS] > data/gold/understanding/ids.tsv
       NEWS defaults to ../shared/data/news/ant-v2.1-train.jsonl.gz
"""
import gzip, json, os, random, sys

SEED = 20261201
DEV, TEST = 40, 20

news = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/news/ant-v2.1-train.jsonl.gz"
here = os.path.dirname(os.path.abspath(__file__))
examples = {f.rsplit(".", 1)[0] for f in os.listdir(os.path.join(here, "..", "..", "examples"))}
ids = []
with gzip.open(news, "rt", encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        if a["id"] not in examples:
            ids.append(a["id"])
ids.sort()
drawn = random.Random(SEED).sample(ids, DEV + TEST)
print("id\tpart")
for i, a in enumerate(drawn):
    print(f"{a}\t{'dev' if i < DEV else 'test'}")

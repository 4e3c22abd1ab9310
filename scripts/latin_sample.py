#!/usr/bin/env python3
"""A seeded sample of PER and LOC entity names from `rasid analyze -f jsonl` output, with
their Latin renderings, for judging by eye (docs/EVALUATION.md, "Latin names").

    python3 scripts/latin_sample.py BEFORE.jsonl [AFTER.jsonl ...] > sample.tsv

The sample is drawn from the names of the first file (distinct canonical names, sorted,
then `random.Random(SEED).sample`), so that several runs over the same articles are
compared on the same names; each later file gives its rendering of the same name (empty
when that run has no entity of that name and type).
"""
import json
import random
import sys

SEED = 7
SIZE = 60


def renderings(path):
    out = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            for e in json.loads(line)["entities"]:
                if e["type"] in ("PER", "LOC"):
                    out.setdefault((e["type"], e["canonical"]), e["latin"])
    return out


def main(paths):
    runs = [renderings(p) for p in paths]
    names = sorted(runs[0])
    sample = sorted(random.Random(SEED).sample(names, min(SIZE, len(names))))
    for kind, name in sample:
        cells = [r.get((kind, name), "") for r in runs]
        print("\t".join([kind, name] + cells))


if __name__ == "__main__":
    main(sys.argv[1:])

#!/usr/bin/env python3
"""Compares the two readers of the event check set (docs/gold/EVENTS-CHECK.md).

Prints the agreement on `main` (the sentence's main family) and on the set of families of
each sentence, and writes the sentences where the readers differ on `main` as JSON lines
for the third reader who settles them.

usage: python3 scripts/gold/events_check_compare.py A.jsonl B.jsonl [DISAGREEMENTS.jsonl]
"""
import json, sys


def read(p):
    return {r["key"]: r for r in map(json.loads, open(p, encoding="utf-8"))}


def families(r):
    return sorted({e["code"][:2] for e in r["events"]})


a, b = read(sys.argv[1]), read(sys.argv[2])
keys = sorted(set(a) | set(b))
main_same = sum(a[k]["main"] == b[k]["main"] for k in keys)
fam_same = sum(families(a[k]) == families(b[k]) for k in keys)
print(f"sentences {len(keys)}; main agrees {main_same} ({100 * main_same / len(keys):.1f} %); "
      f"families agree {fam_same} ({100 * fam_same / len(keys):.1f} %)", file=sys.stderr)
if len(sys.argv) > 3:
    with open(sys.argv[3], "w", encoding="utf-8") as f:
        for k in keys:
            if a[k]["main"] != b[k]["main"]:
                f.write(json.dumps({"key": k, "A": a[k], "B": b[k]}, ensure_ascii=False) + "\n")

# With a fourth argument (the third reader's settled mains), writes the settled gold set:
#   python3 scripts/gold/events_check_compare.py A.jsonl B.jsonl DIS.jsonl SETTLED_MAIN.jsonl > data/gold/events-check/gold.jsonl
# `main` is the readers' when they agree, else the third reader's; `families` the union
# of the roots both readers coded (an event either reader saw is not "another family").
if len(sys.argv) > 4:
    settled = read(sys.argv[4])
    for k in keys:
        main = a[k]["main"] if a[k]["main"] == b[k]["main"] else settled[k]["main"]
        fams = sorted(set(families(a[k])) | set(families(b[k])))
        codes = sorted({e["code"] for e in a[k]["events"] + b[k]["events"]})
        print(json.dumps({"key": k, "main": main, "families": fams, "codes": codes}, ensure_ascii=False))

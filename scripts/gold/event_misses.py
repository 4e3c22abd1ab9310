#!/usr/bin/env python3
"""The development part's gold events that rasid misses, and the events it codes that no
gold event matches, each with the sentence around it: what to read when improving the
event coder. Only the `dev` part of data/gold/understanding/ids.tsv is shown.

usage: python3 scripts/gold/event_misses.py [BIN] [--part dev]
"""
import collections, os, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import analyse, articles, entity_map, gold_articles, overlap, sample  # noqa: E402

binary = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("--") else "./target/release/rasid"
part = sys.argv[sys.argv.index("--part") + 1] if "--part" in sys.argv else "dev"
ids = [i for i, p in sample() if p == part]
gold = gold_articles()
arts = articles(ids)
an = analyse(binary, arts)
missed, spurious = collections.Counter(), collections.Counter()
for i in ids:
    g, a = gold[i], an[i]
    text = a["text"].encode("utf-8")
    quotes = {(q["verb"]["start"], q["verb"]["end"]) for q in a["quotes"] if q.get("verb")}
    sys_ev = [e for e in a["events"] if e["cameo"] != "010" and not (e["cameo"][:2] == "01" and (e["verb"]["start"], e["verb"]["end"]) in quotes)]
    used = set()
    for ge in g["events"]:
        s = ge["span"]
        hit = [j for j, e in enumerate(sys_ev) if overlap(s, (e["verb"]["start"], e["verb"]["end"])) > 0 and e["cameo"][:2] == ge["code"][:2]]
        if hit:
            used.add(hit[0])
            e = sys_ev[hit[0]]
            names = {x["key"]: x["name"] for x in g["entities"]}
            emap = entity_map(g, a)
            ok = lambda k, p: (p is None or p.get("entity") is None) if k is None else (p is not None and p.get("entity") == emap.get(k))
            if not (ok(ge["source"], e["source"]) and ok(ge["target"], e["target"])):
                print(f"WRONG {i} {ge['code']} {e['verb_text']} gold {names.get(ge['source'])} -> {names.get(ge['target'])} | rasid {(e['source'] or {}).get('text')} -> {(e['target'] or {}).get('text')}")
            continue
        missed[ge["code"][:2]] += 1
        word = text[s[0]:s[1]].decode("utf-8", "replace")
        ctx = text[max(0, s[0] - 80):s[1] + 80].decode("utf-8", "replace").replace("\n", " ")
        print(f"MISS {i} {ge['code']} {word}  | {ctx}")
    for j, e in enumerate(sys_ev):
        if j not in used:
            spurious[e["cameo"][:2]] += 1
            print(f"EXTRA {i} {e['cameo']} {e['verb_text']} {e['status']} | {(e['source'] or {}).get('text')} -> {(e['target'] or {}).get('text')}")
print("missed by family", sorted(missed.items()), file=sys.stderr)
print("unmatched by family", sorted(spurious.items()), file=sys.stderr)

#!/usr/bin/env python3
"""Compares two readers' annotations of the gold set and lists where they disagree.

Items are matched as the scorer matches them (entities by type and overlapping mentions,
quotes, dates and events by overlapping spans); every unmatched item, and every matched pair
whose labels differ (a role, an affiliation, a speaker, a date value, an event code or
participant, a mention one reader has and the other not), is a disagreement. Prints a JSON
report with the counts per kind and, with --list DIR, writes DIR/ID.txt per article: the
disagreements in words, for the reader who settles them.

usage: python3 scripts/gold/compare.py A.jsonl B.jsonl [--list DIR]   (locate.py --out files)
"""
import json, os, sys
from common import articles, analysis_text


def load(p):
    return {r["id"]: r for r in map(json.loads, open(p, encoding="utf-8"))}


def overlap(a, b):
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


def match(xs, ys, ok):
    """Greedy one-to-one pairs (i, j) with ok(x, y), in order."""
    used, pairs = set(), []
    for i, x in enumerate(xs):
        for j, y in enumerate(ys):
            if j not in used and ok(x, y):
                used.add(j)
                pairs.append((i, j))
                break
    return pairs


def ent_overlap(x, y):
    return sum(overlap(a, b) for a in x["spans"] for b in y["spans"])


def compare(a, b, text):
    out = []
    raw = text.encode("utf-8")
    s = lambda sp: raw[sp[0]:sp[1]].decode("utf-8", "replace") if sp else "?"
    ea, eb = a["entities"], b["entities"]
    cand = sorted(((ent_overlap(x, y), i, j) for i, x in enumerate(ea) for j, y in enumerate(eb)
                   if x["type"] == y["type"] and ent_overlap(x, y)), reverse=True)
    pa, pb, emap = set(), set(), {}
    for _, i, j in cand:
        if i not in pa and j not in pb:
            pa.add(i); pb.add(j); emap[ea[i]["key"]] = eb[j]["key"]
    for i, x in enumerate(ea):
        if i not in pa:
            out.append(("entity", f"only A: {x['type']} {x['name']} ({len(x['spans'])} mentions)"))
    for j, y in enumerate(eb):
        if j not in pb:
            out.append(("entity", f"only B: {y['type']} {y['name']} ({len(y['spans'])} mentions)"))
    for ka, kb in emap.items():
        x = next(e for e in ea if e["key"] == ka)
        y = next(e for e in eb if e["key"] == kb)
        sx, sy = {tuple(v) for v in x["spans"]}, {tuple(v) for v in y["spans"]}
        if sx != sy:
            out.append(("mention", f"{x['name']}: only A {[s(v) for v in sorted(sx - sy)]}, only B {[s(v) for v in sorted(sy - sx)]}"))
        for f in ("role", "affiliation"):
            if (x.get(f) or None) != (y.get(f) or None):
                out.append((f, f"{x['name']}: A {x.get(f)!r} / B {y.get(f)!r}"))
        if x["name"] != y["name"]:
            out.append(("name", f"A {x['name']!r} / B {y['name']!r}"))
    name = lambda es, k: next((e["name"] for e in es if e["key"] == k), None)
    for kind, key, label in (("quotes", "speaker", "quote"), ("dates", "value", "date"), ("events", "code", "event")):
        xs, ys = a[kind], b[kind]
        pairs = match(xs, ys, lambda x, y: overlap(x["span"], y["span"]))
        ia, ib = {i for i, _ in pairs}, {j for _, j in pairs}
        for i, x in enumerate(xs):
            if i not in ia:
                out.append((label, f"only A: {s(x['span'])!r} {x.get(key)!r}"))
        for j, y in enumerate(ys):
            if j not in ib:
                out.append((label, f"only B: {s(y['span'])!r} {y.get(key)!r}"))
        for i, j in pairs:
            x, y = xs[i], ys[j]
            if kind == "quotes":
                if x["speaker"] is not None or y["speaker"] is not None:
                    if emap.get(x["speaker"]) != y["speaker"]:
                        out.append(("speaker", f"{s(x['span'])!r}: A {name(ea, x['speaker']) or x.get('speaker_text')!r} / B {name(eb, y['speaker']) or y.get('speaker_text')!r}"))
                if x["kind"] != y["kind"]:
                    out.append(("quote kind", f"{s(x['span'])!r}: A {x['kind']} / B {y['kind']}"))
            elif kind == "dates":
                if x["value"] != y["value"] or x["span"] != y["span"]:
                    out.append(("date value", f"A {s(x['span'])!r} {x['value']} / B {s(y['span'])!r} {y['value']}"))
            else:
                if x["code"] != y["code"]:
                    out.append(("event code", f"{s(x['span'])!r}: A {x['code']} / B {y['code']}"))
                for r in ("source", "target"):
                    if emap.get(x[r]) != y[r] and not (x[r] is None and y[r] is None):
                        out.append((f"event {r}", f"{s(x['span'])!r}: A {name(ea, x[r])!r} / B {name(eb, y[r])!r}"))
    return out


def main(argv):
    listdir = None
    if "--list" in argv:
        i = argv.index("--list"); listdir = argv[i + 1]; argv = argv[:i] + argv[i + 2:]
    A, B = load(argv[0]), load(argv[1])
    ids = sorted(set(A) & set(B))
    arts = articles(ids)
    counts, total = {}, 0
    for i in ids:
        d = compare(A[i], B[i], analysis_text(arts[i]))
        for k, _ in d:
            counts[k] = counts.get(k, 0) + 1
        total += len(d)
        if listdir:
            os.makedirs(listdir, exist_ok=True)
            with open(os.path.join(listdir, i + ".txt"), "w", encoding="utf-8") as f:
                f.write("\n".join(f"[{k}] {m}" for k, m in d) + "\n")
    items = {k: sum(len(r[k]) for r in A.values()) for k in ("entities", "quotes", "dates", "events")}
    print(json.dumps({"articles": len(ids), "only_in_one": sorted(set(A) ^ set(B)), "items_A": items,
                      "disagreements": total, "by_kind": counts}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])

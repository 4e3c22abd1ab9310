#!/usr/bin/env python3
"""Scores quotes, speakers, roles and affiliations of the gold sample per pattern class,
for one or more rasid binaries side by side (an earlier build and the current one), so that a
change is reported class by class.

The classes are read from the gold annotation and the text alone, never from rasid's output:
- quotes, by how the content opens: `mark` (a quotation mark), `that` (after إن/أن/بأن with
  any pronoun), `colon` (after a colon, no mark), `object` (after a preposition: ب glued to
  the word, إلى، على، عن، من), `headline` (the title line, NAME: ...), `other`;
- roles, by where the gold role stands: `before` the name, `after` it (NAME، ROLE), or
  `elsewhere` in the article; and whether its head word is feminine (ends in ة).

usage: python3 scripts/gold/patterns.py [--part dev] BINARY [BINARY ...]
"""
import argparse, os, re
from collections import defaultdict
from common import sample, articles, gold_articles, analyse, overlap, entity_map

MARKS = '"«“„'
THAT = re.compile(r"^[وف]?ب?[إأا]ن(ه|ها|هم|هما|ني|نا)?$")
PREPS = {"إلى", "الى", "على", "عن", "من"}


def quote_class(text, s):
    """The class of a gold quote whose content starts at byte `s` of `text`."""
    raw = text.encode("utf-8")
    if s < len(text.split("\n", 1)[0].encode("utf-8")):
        return "headline"
    before = raw[max(0, s - 120):s].decode("utf-8", "ignore")
    b = before.rstrip()
    if b and b[-1] in MARKS:
        return "mark"
    if b.endswith(":"):
        return "colon"
    if before and not before[-1].isspace():
        return "object" if before[-1] in "بـ" else "other"
    words = b.split()
    last = words[-1] if words else ""
    if THAT.match(last):
        return "that"
    if last in PREPS or last in ("بـ", "ب"):
        return "object"
    return "other"


def role_class(text, ge):
    role = ge["role"]
    b = text.encode("utf-8")
    for s, e in ge["spans"]:
        pre = b[max(0, s - len(role.encode()) - 12):s].decode("utf-8", "ignore")
        post = b[e:e + len(role.encode()) + 12].decode("utf-8", "ignore")
        if role in pre:
            return "before"
        if role in post:
            return "after"
    return "elsewhere"


def words(s):
    s = re.sub("[\u064b-\u0652\u0640]", "", s or "")
    s = s.translate(str.maketrans("أإآىة", "ااايه"))
    return [w[2:] if w.startswith("ال") and len(w) > 3 else w for w in s.split()]


def score(g, an, table):
    text = an["text"]
    m = entity_map(g, an)
    used = set()
    for gq in g["quotes"]:
        s, e = gq["span"]
        c = quote_class(text, s)
        cands = [j for j, q in enumerate(an["quotes"]) if j not in used and overlap((s, e), (q["start"], q["end"])) > 0]
        found = bool(cands)
        right = False
        if found:
            used.add(cands[0])
            q = an["quotes"][cands[0]]
            want = m.get(gq["speaker"]) if gq["speaker"] else None
            right = (want is not None and q.get("speaker") == want) or (gq["speaker"] is None and not q.get("speaker"))
        t = table["quote " + c]
        t[0] += 1
        t[1] += found
        t[2] += right
    ents = {x["id"]: x for x in an["entities"]}
    for ge in g["entities"]:
        if ge["type"] != "PER" or not ge.get("role"):
            continue
        se = ents.get(m.get(ge["key"])) if m.get(ge["key"]) else None
        c = role_class(text, ge) + (" feminine" if words(ge["role"])[0].endswith("ه") else "")
        t = table["role " + c]
        t[0] += 1
        t[1] += bool(se and se.get("role"))
        t[2] += bool(se and words(se.get("role")) == words(ge["role"]))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="dev")
    ap.add_argument("binaries", nargs="+")
    o = ap.parse_args()
    ids = [i for i, p in sample() if p == o.part or o.part == "all"]
    gold = gold_articles()
    arts = articles(ids)
    tables = []
    for b in o.binaries:
        table = defaultdict(lambda: [0, 0, 0])
        for aid, an in analyse(b, arts).items():
            score(gold[aid], an, table)
        tables.append(table)
    keys = sorted(set().union(*tables))
    print(f"part {o.part}: class, gold items, then per binary: found (quote found / a role given), right (speaker / role exact)")
    print("| class | gold | " + " | ".join(f"{os.path.basename(b)} found | right" for b in o.binaries) + " |")
    print("|---|---:|" + "---:|---:|" * len(o.binaries))
    for k in keys:
        n = tables[0][k][0]
        cells = " | ".join(f"{t[k][1]} | {t[k][2]}" for t in tables)
        print(f"| {k} | {n} | {cells} |")


if __name__ == "__main__":
    main()

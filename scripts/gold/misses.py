#!/usr/bin/env python3
"""Prints, for the articles of one part of the gold sample, what rasid got wrong: gold quotes
it missed or gave another speaker, the quotes it found that gold does not have, and the roles
and affiliations of gold persons beside rasid's. For reading misses while tuning, on the
development part only.

usage: python3 scripts/gold/misses.py [--part dev] [--rasid target/release/rasid] [--what quotes,roles]
"""
import argparse, os
from common import sample, articles, gold_articles, analyse, overlap, entity_map, ROOT


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--part", default="dev")
    ap.add_argument("--rasid", default=os.path.join(ROOT, "target", "release", "rasid"))
    ap.add_argument("--what", default="quotes,roles")
    ap.add_argument("--ids", nargs="*")
    o = ap.parse_args()
    ids = o.ids or [i for i, p in sample() if p == o.part]
    gold = gold_articles()
    what = set(o.what.split(","))
    for aid, an in analyse(o.rasid, articles(ids)).items():
        g = gold[aid]
        text = an["text"]
        b = text.encode("utf-8")
        cut = lambda s, e: b[s:e].decode("utf-8", "replace")
        ents = {e["id"]: e for e in an.get("entities", [])}
        gents = {e["key"]: e for e in g["entities"]}
        m = entity_map(g, an)
        print(f"=== {aid}")
        if "quotes" in what:
            used = set()
            for gq in g["quotes"]:
                s, e = gq["span"]
                cands = [(j, q) for j, q in enumerate(an.get("quotes", [])) if overlap((s, e), (q["start"], q["end"])) > 0 and j not in used]
                ctx = cut(max(0, s - 90), s).replace("\n", " ⏎ ")
                gs = gq["speaker"] and gents[gq["speaker"]]["name"] or gq.get("speaker_text")
                if not cands:
                    print(f"  MISS  [{gs}] …{ctx}⟦{cut(s, e)}⟧")
                    continue
                j, q = cands[0]
                used.add(j)
                want = m.get(gq["speaker"]) if gq["speaker"] else None
                ok = (want is not None and q.get("speaker") == want) or (gq["speaker"] is None and not q.get("speaker"))
                if not ok:
                    print(f"  SPKR  gold [{gs}] got [{q.get('speaker_text')}] ({q.get('speaker_from')}) …{ctx}⟦{cut(s, e)}⟧")
            for j, q in enumerate(an.get("quotes", [])):
                if j not in used:
                    print(f"  EXTRA [{q.get('speaker_text')}] verb {q.get('verb_text')} ⟦{q['text'][:80]}⟧")
        if "roles" in what:
            for ge in g["entities"]:
                if ge["type"] != "PER" or not (ge.get("role") or ge.get("affiliation")):
                    continue
                se = ents.get(m.get(ge["key"])) if m.get(ge["key"]) else None
                sr = se and se.get("role")
                sa = se and se.get("affiliation")
                flag = "ok  " if sr == ge.get("role") else "ROLE"
                print(f"  {flag} {ge['name']}: gold [{ge.get('role')}] / [{ge.get('affiliation')}]  got [{sr}] / [{sa}]" + ("" if se else "  (no entity)"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks annotation files of the gold set and resolves their strings to byte offsets.

A reader writes one JSON file per article (docs/gold/GUIDELINES.md) with names, quote
openings, dates and triggers as strings written as in the text. This finds them:

- an entity's `forms` are found at every occurrence, longest form first, occurrences not
  overlapping; a form may stand behind the proclitics و ف ب ل ك س (and ل + ال written لل)
  and a tatweel, and must not be followed by a letter;
- a quote's `starts`, a date's `text` and an event's `trigger` are found at their `nth`
  occurrence (default 1) under the same rule.

Prints every problem as FILE: message (a form never found, an unknown entity key, a bad
type, code or value) and exits 1 if there was any. With --out, writes one JSON line per
article: the same annotation with `spans` / `span` as [start, end) byte offsets into the
analysed text and the strings dropped (only labels, canonical names and roles are kept).

usage: python3 scripts/gold/locate.py DIR [--out FILE.jsonl] [ID...]
"""
import json, os, re, sys
from common import sample, articles, analysis_text

TYPES = {"PER", "LOC", "ORG"}
CLITICS = "وفبلكس"
LETTER = re.compile(r"[\u0621-\u064A\u0660-\u0669\u066E-\u06D3\u06FA-\u06FFa-zA-Z0-9]")
VALUE = re.compile(r"^(\d{4}(-\d\d(-\d\d)?|-W\d\d|-Q\d|-(SP|SU|FA|WI))?|\d{3}X?|\d\dXX|"
                   r"PRESENT_REF|PAST_REF|FUTURE_REF|P[\dX.]+[YMWDH]|PT[\dX.]+[HMS]|"
                   r"\d{4}-\d\d-\d\dT(MO|AF|EV|NI|\d\d(:\d\d)?)|XXXX-\d\d(-\d\d)?|XXXX-WXX-\d)$")
CODE = re.compile(r"^(0[1-9]|1\d|20)\d{0,2}$")


def occurrences(text, form):
    """Start and end (code points) of every occurrence of form under the clitic rule."""
    out = []
    variants = [(form, 0)]
    if form.startswith("ال"):
        variants.append((form[1:], 1))  # لل: the proclitic ل + ال with its alef dropped
    for v, extra in variants:
        for m in re.finditer(re.escape(v), text):
            s, e = m.start(), m.end()
            if e < len(text) and (LETTER.match(text[e]) and text[e] != "ـ"):
                continue
            j = s
            if extra:
                # the ل of لل must itself be a proclitic
                if j == 0 or text[j - 1] != "ل":
                    continue
                j -= 1
            while j > 0 and text[j - 1] == "ـ":
                j -= 1
            k = j
            while k > 0 and text[k - 1] in CLITICS and s - k < 4:
                k -= 1
            if k > 0 and LETTER.match(text[k - 1]):
                continue
            out.append((s, e))
    return sorted(set(out))


def byte(text, i, cache={}):
    """The byte offset of code point i of text."""
    if text not in cache:
        cache.clear()
        b = [0]
        for ch in text:
            b.append(b[-1] + len(ch.encode("utf-8")))
        cache[text] = b
    return cache[text][i]


def nth(text, s, n, what, problems):
    occ = occurrences(text, s)
    if not occ:
        problems.append(f"{what} {s!r} not found")
        return None
    if n < 1 or n > len(occ):
        problems.append(f"{what} {s!r}: nth {n} but only {len(occ)} occurrences")
        return None
    a, b = occ[n - 1]
    return [byte(text, a), byte(text, b)]


def resolve(ann, text):
    problems, out = [], {"id": ann["id"], "entities": [], "quotes": [], "dates": [], "events": []}
    keys = {}
    taken = []
    ents = ann.get("entities", [])
    forms = sorted(((f, i) for i, e in enumerate(ents) for f in e.get("forms", [])), key=lambda x: -len(x[0]))
    spans = {i: [] for i in range(len(ents))}
    for f, i in forms:
        occ = occurrences(text, f)
        if not occ:
            problems.append(f"entity {ents[i].get('key')}: form {f!r} not found")
        for a, b in occ:
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            spans[i].append([byte(text, a), byte(text, b)])
    for i, e in enumerate(ents):
        k = e.get("key")
        if not k or k in keys:
            problems.append(f"entity key {k!r} missing or repeated")
        keys[k] = e
        if e.get("type") not in TYPES:
            problems.append(f"entity {k}: type {e.get('type')!r} is not one of {sorted(TYPES)}")
        if not e.get("name"):
            problems.append(f"entity {k}: no name")
        if e.get("type") != "PER" and (e.get("role") or e.get("affiliation")):
            problems.append(f"entity {k}: role/affiliation only for PER")
        if not spans[i] and e.get("forms"):
            problems.append(f"entity {k}: no mention found")
        r = {x: e.get(x) for x in ("key", "type", "name", "role", "affiliation")}
        r["spans"] = sorted(spans[i])
        out["entities"].append(r)
    for q in ann.get("quotes", []):
        sp = q.get("speaker")
        if sp is not None and sp not in keys:
            problems.append(f"quote {q.get('starts')!r}: speaker {sp!r} is not an entity key")
        if q.get("kind") not in ("direct", "reported"):
            problems.append(f"quote {q.get('starts')!r}: kind must be direct or reported")
        span = nth(text, q.get("starts", ""), q.get("nth", 1), "quote", problems)
        out["quotes"].append({"speaker": sp, "speaker_text": q.get("speaker_text"), "kind": q.get("kind"), "span": span})
    for d in ann.get("dates", []):
        v = d.get("value")
        if not v or not VALUE.match(v):
            problems.append(f"date {d.get('text')!r}: value {v!r} is not a TIMEX3 value this checker knows")
        span = nth(text, d.get("text", ""), d.get("nth", 1), "date", problems)
        out["dates"].append({"value": v, "span": span})
    for ev in ann.get("events", []):
        c = str(ev.get("code", ""))
        if not CODE.match(c):
            problems.append(f"event {ev.get('trigger')!r}: code {c!r} is not a CAMEO code")
        for role in ("source", "target"):
            if ev.get(role) is not None and ev[role] not in keys:
                problems.append(f"event {ev.get('trigger')!r}: {role} {ev[role]!r} is not an entity key")
        span = nth(text, ev.get("trigger", ""), ev.get("nth", 1), "event trigger", problems)
        out["events"].append({"code": c, "source": ev.get("source"), "target": ev.get("target"),
                              "in_quote": bool(ev.get("in_quote")), "span": span})
    return out, problems


def main(argv):
    out_path = None
    if "--out" in argv:
        i = argv.index("--out")
        out_path = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    d, ids = argv[0], argv[1:]
    if not ids:
        ids = sorted(f[:-5] for f in os.listdir(d) if f.endswith(".json"))
    arts = articles(ids)
    bad, rows = 0, []
    for i in ids:
        path = os.path.join(d, i + ".json")
        try:
            with open(path, encoding="utf-8") as f:
                ann = json.load(f)
        except (OSError, ValueError) as e:
            print(f"{path}: {e}")
            bad += 1
            continue
        if i not in arts:
            print(f"{path}: article {i} not in the news file")
            bad += 1
            continue
        ann["id"] = i
        r, problems = resolve(ann, analysis_text(arts[i]))
        for p in problems:
            print(f"{path}: {p}")
        bad += bool(problems)
        rows.append(r)
    if out_path:
        with open(out_path, "w", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(ids)} files, {bad} with problems", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""The probe behind docs/EVALUATION.md's "foreign names through their Latin spelling"
(2026-11-29): how often an ANERcorp word whose consonant skeleton matches a name token of the
UniversalPetrarch English actor dictionaries is part of a name, by skeleton length. The
feature group it motivated was measured and not kept; this script only reproduces the probe.

usage: python3 scripts/ner_latin_probe.py [DATA]     (DATA defaults to ../shared/data)
prints: the number of distinct English name words, then one line per (consonants, capped at
6; match): tokens, of them inside a name, share. match is 'vowel' (consonants and written
vowels agree), 'cons' (consonants only) or 'none'. Tokens are counted in ANERcorp's training
file, each taken without a leading article or و/ب/ل whenever 3 letters remain (which also
cuts names such as لندن; no suffix is removed); a token with a character outside the
Arabic letters below (a digit, Latin, punctuation) is skipped.
"""
import collections
import re
import sys

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data"
E = data + "/events/universalpetrarch/english-dictionaries/"

names = collections.Counter()
for f in ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt"]:
    for line in open(E + f, encoding="utf-8", errors="replace"):
        line = line.split("#")[0].strip().lstrip("+")
        for t in re.split(r"[_\s\-/().,']+", line.split("[")[0]):
            if t.isalpha() and len(t) >= 3:
                names[t.lower()] += 1
common = set()
for f in ["CAMEO.2.0.txt", "Phoenix.agents.txt", "Phoenix.IssueCoding.txt"]:
    for line in open(E + f, encoding="utf-8", errors="replace"):
        for t in re.split(r"[^A-Za-z]+", line.split("#")[0]):
            if len(t) >= 3:
                common.add(t.lower())
names = [t for t in names if t not in common]
print("english name tokens", len(names))

LATIN_DIGRAPHS = [("ph", "f"), ("ck", "k"), ("sch", "s"), ("sh", "s"), ("ch", "s"), ("th", "t"),
                  ("kh", "k"), ("gh", "g"), ("dh", "d"), ("qu", "k"), ("x", "ks")]
LATIN = {"p": "b", "v": "f", "c": "k", "q": "k", "j": "g", "z": "s", "h": ""}
ARABIC = {"ب": "b", "ت": "t", "ث": "s", "ج": "g", "خ": "k", "د": "d", "ذ": "d", "ر": "r", "ز": "s",
          "س": "s", "ش": "s", "ص": "s", "ض": "d", "ط": "t", "ظ": "d", "غ": "g", "ف": "f", "ق": "k",
          "ك": "k", "ل": "l", "م": "m", "ن": "n", "پ": "b", "ڤ": "f", "گ": "g", "چ": "s"}
ARABIC_VOWELS = set("اويىأإآة")


def skeleton(letters):
    """(consonants, vowel-gap mask) from (kind, consonant) pairs; kind is 'c', 'v' or '-'."""
    cons, gaps = [], [0]
    for kind, c in letters:
        if kind == "v":
            gaps[-1] = 1
        elif kind == "c":
            if cons and cons[-1] == c and gaps[-1] == 0:
                continue
            cons.append(c)
            gaps.append(0)
    return "".join(cons), sum(1 << i for i, g in enumerate(gaps) if g)


def latin(w):
    w = w.lower()
    for a, b in LATIN_DIGRAPHS:
        w = w.replace(a, b)
    out = []
    for ch in w:
        c = LATIN.get(ch, ch)
        if ch in "aeiouwy":
            out.append(("v", ""))
        elif not c:
            out.append(("-", ""))  # a lone h
        else:
            out.append(("c", c))
    return skeleton(out)


def arabic(w):
    out = []
    for ch in w:
        if ch in ARABIC_VOWELS:
            out.append(("v", ""))
        elif ch in "عحهءئؤ":
            out.append(("-", ""))
        elif ch in ARABIC:
            out.append(("c", ARABIC[ch]))
        else:
            return None, None
    return skeleton(out)


masks = collections.defaultdict(set)
for t in names:
    s, m = latin(t)
    masks[s].add(m)


def strip(w):
    for p in ["وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل"]:
        if w.startswith(p) and len(w) - len(p) >= 3:
            return w[len(p):]
    return w


stat = collections.defaultdict(lambda: [0, 0])
for line in open(data + "/ner/anercorp/train.txt", encoding="utf-8"):
    r = line.split()
    if len(r) < 2:
        continue
    s, m = arabic(strip(r[0]))
    if s is None:
        continue
    hit = "none"
    if s in masks:
        hit = "vowel" if any(m & e == m for e in masks[s]) else "cons"
    key = (min(len(s), 6), hit)
    stat[key][0] += 1
    stat[key][1] += r[1] != "O"
for k in sorted(stat):
    n, e = stat[k]
    print(k, n, e, round(e / n, 3))

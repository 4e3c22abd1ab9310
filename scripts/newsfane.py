#!/usr/bin/env python3
"""Converts NewsFANEGold (../shared/data/ner/newsfane) into training sentences for the entity
tagger, in ANERcorp's form: `token TAG` lines, IOB2 over PER, LOC, ORG, MISC, a blank line
between sentences.

Two differences from ANERcorp are undone:

- Clitics. NewsFANE writes many clitics as tokens of their own (و قال، ان ه، ل تصل);
  ANERcorp and rasid's tokeniser keep them on the word. A lone proclitic و ف ب ل (and ك
  before a word with the article) is joined to the next token, ل + ال as لل; a lone pronoun
  ه ها هم هما هن نا ي كم كما كن (and ك otherwise) to the token before. A joined token takes
  the tag of the word it joins (و + [X B-LOC] is B-LOC, as ANERcorp tags والخرطوم).
- Classes. About fifty fine classes are mapped to ANERcorp's four (CLASSES below), decided by
  reading both corpora: ANERcorp tags works (novels, films) MISC and leaves nationalities and
  peoples O, so Group is O and Book, Movie are MISC; facilities (mosques, markets, prisons,
  ports) are places; media, clubs and teams are organisations; products, vehicles,
  weapons, foods and drugs are O (ANERcorp has almost none tagged).

NewsFANE does not mark ANERcorp's other MISC names (currencies, religions, prizes,
championships, wars), so its O would teach that they are not names. With --misc PRED, the
MISC spans a tagger trained on ANERcorp alone predicts on the converted tokens (`rasid tag
ner` output, one line per token) are taken wherever NewsFANE has O.

Credit: NewsFANEGold, F. Alotaibi and M. Lee (COLING 2014), CC BY-SA 3.0.

usage: python3 scripts/newsfane.py NEWSFANE.txt OUT.conll [--misc PRED.conll]
"""
import sys

PER = "Politician Athlete Artist Other_PER Religious_PER Scientist Businessperson Lawyer Engineer".split()
LOC = ("Nation Population-Center State-or-Province GPE-Cluster County-or-District Continent "
       "Water-Body Land Land-Region-Natural Celestial Path Building-Grounds Airport Subarea-Facility").split()
ORG = ("Non-Governmental Sports Government Media Commercial Educational Police Medical-Science "
       "Entertainment Religious_ORG").split()
MISC = "Book Movie".split()
CLASSES = {**{c: "PER" for c in PER}, **{c: "LOC" for c in LOC}, **{c: "ORG" for c in ORG},
           **{c: "MISC" for c in MISC}}
PROCLITICS = {"و", "ف", "ب", "ل"}
ENCLITICS = {"ه", "ها", "هم", "هما", "هن", "نا", "ي", "كم", "كما", "كن"}


def read(path):
    sents, cur = [], []
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\r\n").replace("\u200e", "").replace("\u200f", "")
            if not line.strip():
                if cur:
                    sents.append(cur)
                    cur = []
                continue
            parts = line.split("\t")
            if len(parts) != 2 or not parts[0]:
                sys.exit(f"{path}:{n}: expected TOKEN<TAB>TAG, got {line!r}")
            tok, tag = parts
            # whether the corpus marks the token as part of a name, whatever it maps to:
            # clitics are joined by this, so every mapping gives the same tokens
            named = tag != "O"
            if tag != "O":
                if tag[:2] not in ("B-", "I-"):
                    sys.exit(f"{path}:{n}: bad tag {tag!r}")
                kind = CLASSES.get(tag[2:])
                tag = f"{tag[:2]}{kind}" if kind else "O"
            cur.append([tok, tag, named])
    if cur:
        sents.append(cur)
    return sents


def is_word(t):
    return any("\u0621" <= c <= "\u064a" for c in t)


def join(sent):
    out = []
    i = 0
    while i < len(sent):
        tok, tag, named = sent[i]
        nxt = sent[i + 1] if i + 1 < len(sent) else None
        pro = tok in PROCLITICS or (tok == "ك" and nxt and nxt[0].startswith("ال"))
        # joined only when the clitic is not itself part of a name (د ب ا is an acronym)
        if pro and not named and nxt and is_word(nxt[0]) and len(nxt[0]) > 1 and nxt[0] not in ENCLITICS:
            # a chain of proclitics (و ب X) joins onto X in turn
            nxt[0] = ("ل" + nxt[0][1:]) if tok == "ل" and nxt[0].startswith("ال") else tok + nxt[0]
            i += 1
            continue
        if (tok in ENCLITICS or tok == "ك") and out and is_word(out[-1][0]) and not named:
            out[-1][0] += tok
            i += 1
            continue
        out.append([tok, tag, named])
        i += 1
    # a B- tag whose B token was a joined proclitic: joining keeps the name's own tag, so
    # nothing to repair; an I- after an O (a name split by a dropped token) becomes B-.
    for k, (_, tag, _) in enumerate(out):
        if tag.startswith("I-") and (k == 0 or out[k - 1][1][2:] != tag[2:]):
            out[k][1] = "B-" + tag[2:]
    return out


def add_misc(sents, pred_path):
    preds = [s for s in open(pred_path, encoding="utf-8").read().split("\n\n") if s.strip()]
    if len(preds) != len(sents):
        sys.exit(f"{pred_path}: {len(preds)} sentences, the conversion has {len(sents)}")
    added = 0
    for s, p in zip(sents, preds):
        tags = [l.rsplit(None, 1)[-1] for l in p.strip().split("\n")]
        if len(tags) != len(s):
            sys.exit(f"{pred_path}: a sentence of {len(tags)} tokens where the conversion has {len(s)}")
        k = 0
        while k < len(s):
            if tags[k] == "B-MISC":
                e = k + 1
                while e < len(s) and tags[e] == "I-MISC":
                    e += 1
                if all(s[j][1] == "O" for j in range(k, e)):
                    for j in range(k, e):
                        s[j][1] = ("B-" if j == k else "I-") + "MISC"
                    added += 1
                k = e
            else:
                k += 1
    return added


def main(argv):
    if len(argv) not in (2, 4) or (len(argv) == 4 and argv[2] != "--misc"):
        sys.exit(__doc__.strip().splitlines()[-1])
    sents = [join(s) for s in read(argv[0])]
    added = add_misc(sents, argv[3]) if len(argv) == 4 else 0
    with open(argv[1], "w", encoding="utf-8") as f:
        for s in sents:
            for tok, tag, _ in s:
                f.write(f"{tok} {tag}\n")
            f.write("\n")
    counts = {}
    for s in sents:
        for _, tag, _ in s:
            if tag.startswith("B-"):
                counts[tag[2:]] = counts.get(tag[2:], 0) + 1
    print(f"{len(sents)} sentences, {sum(len(s) for s in sents)} tokens, entities {counts}, "
          f"MISC spans taken from the tagger {added}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])

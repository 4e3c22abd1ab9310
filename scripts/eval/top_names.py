#!/usr/bin/env python3
"""The names an analyst looks for first: how often rasid finds the most-named people, places
and organisations of the news in the articles that name them.

1. Split ANT v2.1 train by id: an article whose sha1(id) ends in 0 (one in sixteen) is in the
   scored part; the names list is learned (`rasid build names`) from the rest and ANT v1.1
   only, so no scored article taught the list anything.
2. Analyse the scored part with that list.
3. The names: candidates are every canonical name rasid gives there and every name of the
   learned list; each is counted in the articles whose text contains it (normalised, behind
   any proclitics, as a whole word run); the most often named 100 people, 50 places and 50
   organisations (their type: the one rasid gives most often, PER for listed names) are the
   list, written to OUT/top-names.tsv. --names FILE reads a list checked by eye instead
   (same columns; rows whose `keep` column is `no` are skipped).
4. For each name and each scored article containing it: found when an entity of that type
   has a mention overlapping one of the name's occurrences. Prints JSON: the share of
   article-name pairs found, per type and per name, and the names below 0.80.

usage: python3 scripts/eval/top_names.py OUT_DIR [--names TSV] [--rasid BIN]
"""
import gzip, hashlib, json, os, re, subprocess, sys
from collections import Counter, defaultdict

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
SHARED = os.environ.get("RASID_SHARED", os.path.join(ROOT, "..", "shared", "data"))
NEWS = os.path.join(SHARED, "news", "ant-v2.1-train.jsonl.gz")
OLD = os.path.join(SHARED, "news", "ant-v1.1.jsonl.gz")
LABELLED = [os.path.join(SHARED, "ner", "anercorp", "train.txt"),
            os.path.join(SHARED, "ner", "newsfane", "NewsFANE_Gold_2014_170K.txt")]
WANT = {"PER": 100, "LOC": 50, "ORG": 50}
# Candidates listed per wanted name, so that the names a checker strikes out can be replaced.
SPARE = 1.6
MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
MAP = str.maketrans("أإآٱىئؤة", "ااااييوه")
LETTER = re.compile(r"[\u0621-\u064a\u0660-\u0669a-zA-Z0-9]")


def scored(aid):
    return hashlib.sha1(aid.encode()).hexdigest()[-1] == "0"


def norm_chars(text):
    """The text normalised letter by letter, and for each normalised char its index in text."""
    out, idx = [], []
    for i, ch in enumerate(text):
        if MARKS.match(ch):
            continue
        out.append(ch.translate(MAP))
        idx.append(i)
    return "".join(out), idx


def norm(s):
    return norm_chars(s)[0].strip()


def occurrences(ntext, name):
    """(start, end) in normalised chars of name as a whole word run behind proclitics."""
    out = []
    for m in re.finditer(re.escape(name), ntext):
        s, e = m.start(), m.end()
        if e < len(ntext) and LETTER.match(ntext[e]):
            continue
        k = s
        while k > 0 and ntext[k - 1] in "وفبلك" and s - k < 3:
            k -= 1
        if k > 0 and LETTER.match(ntext[k - 1]):
            # لل + name without its article
            continue
        out.append((s, e))
    return out


def run(cmd):
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)


def main(argv):
    out_dir = argv[0]
    names_tsv = argv[argv.index("--names") + 1] if "--names" in argv else None
    rasid = argv[argv.index("--rasid") + 1] if "--rasid" in argv else os.path.join(ROOT, "target", "release", "rasid")
    os.makedirs(out_dir, exist_ok=True)
    learn, score = os.path.join(out_dir, "learn.jsonl.gz"), os.path.join(out_dir, "scored.jsonl")
    arts = {}
    with gzip.open(NEWS, "rt", encoding="utf-8") as f, gzip.open(learn, "wt", encoding="utf-8") as lf, \
            open(score, "w", encoding="utf-8") as sf:
        for line in f:
            a = json.loads(line)
            if scored(a["id"]):
                sf.write(line)
                arts[a["id"]] = a
            else:
                lf.write(line)
    names_file = os.path.join(out_dir, "names.rnm")
    run([rasid, "build", "names", "--news", learn, "--news", OLD, *sum((["--labelled", p] for p in LABELLED), []),
         "--heads", os.path.join(ROOT, "data", "lang", "names.toml"), "--out", names_file])
    analysed = os.path.join(out_dir, "scored.analysis.jsonl")
    run([rasid, "analyze", score, "-f", "jsonl", "--names", names_file, "-o", analysed])
    analyses = {}
    with open(analysed, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            analyses[d["document"]["id"]] = d
    texts = {i: d["text"] for i, d in analyses.items()}
    ntexts = {i: norm_chars(t) for i, t in texts.items()}
    if names_tsv:
        rows = [l.rstrip("\n").split("\t") for l in open(names_tsv, encoding="utf-8")][1:]
        top = checked(rows)
    else:
        top = candidates(analyses, names_file, rasid, ntexts)
        with open(os.path.join(out_dir, "top-names.tsv"), "w", encoding="utf-8") as f:
            f.write("name\ttype\tarticles\tkeep\tforms\n")
            for n, t, c in top:
                f.write(f"{n}\t{t}\t{c}\t\t{'|'.join(forms_of(n, t))}\n")
        top = [(n, t, forms_of(n, t)) for n, t, _ in top]
    print(json.dumps(score_names(top, analyses, texts, ntexts), ensure_ascii=False, indent=1))


def candidates(analyses, names_file, rasid, ntexts):
    types = defaultdict(Counter)
    for d in analyses.values():
        for e in d["entities"]:
            if e["type"] in WANT:
                types[norm(e["canonical"])][e["type"]] += 1
    listed = subprocess.run([rasid, "inspect", "--names", names_file], capture_output=True, text=True)
    for line in listed.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[1] == "PER" and " " in parts[0]:
            types[parts[0]]["PER"] += 1
    counted = []
    for name, c in types.items():
        # a person is looked up by a full name: one word alone is a given name many share,
        # or a surname, which is scored as a form of the full name
        if len(name) < 3 or (c.most_common(1)[0][0] == "PER" and " " not in name):
            continue
        n = sum(1 for t, _ in ntexts.values() if occurrences(t, name))
        counted.append((name, c.most_common(1)[0][0], n))
    counted.sort(key=lambda x: (-x[2], x[0]))
    # A candidate whose words run inside a longer candidate named in at least half as many
    # articles is a piece of that name (المتحده of الولايات المتحده, a surname of a full
    # name): it is scored as one of the longer name's forms, not as a name of its own.
    count = {n: c for n, _, c in counted}
    def longer(name):
        w = name.split(" ")
        return [o for o in count if o != name and 2 * count[o] >= count[name]
                and any(o.split(" ")[i:i + len(w)] == w for i in range(len(o.split(" "))))]
    top, per_type = [], Counter()
    for name, t, n in counted:
        if per_type[t] >= SPARE * WANT[t] or longer(name):
            continue
        per_type[t] += 1
        top.append((name, t, n))
    return top


def checked(rows):
    """The names of a list checked by eye: columns name, type, articles, keep, forms. `keep`
    is empty or `yes` (a name), `no` (not one referent: a fragment, a given name alone, a
    common word), or `=NAME` (another spelling of the row NAME: its forms join that row's);
    `type` may have been corrected. The first WANT names of each type are scored."""
    rows = [r + [""] * (5 - len(r)) for r in rows]
    forms = {r[0]: [f for f in r[4].split("|") if f] or forms_of(r[0], r[1]) for r in rows}
    for r in rows:
        if r[3].startswith("="):
            forms[r[3][1:]] = forms.get(r[3][1:], []) + forms[r[0]]
    top, per_type = [], Counter()
    for r in rows:
        if r[3] in ("", "yes") and per_type[r[1]] < WANT.get(r[1], 0):
            per_type[r[1]] += 1
            top.append((r[0], r[1], forms[r[0]]))
    return top


def forms_of(name, kind):
    """A person is also named by the last word of the name (the surname); others by the name."""
    w = name.split(" ")
    return [name, w[-1]] if kind == "PER" and len(w) > 1 and len(w[-1]) >= 3 else [name]


def score_names(top, analyses, texts, ntexts):
    per_name, per_type = {}, defaultdict(lambda: [0, 0])
    for name, t, forms in top:
        found = total = 0
        for aid, (nt, idx) in ntexts.items():
            occ = sorted({o for f in forms for o in occurrences(nt, norm(f))})
            if not occ:
                continue
            total += 1
            text = texts[aid]
            b = [len(text[:idx[s]].encode()) for s, _ in occ]
            e = [len(text[:idx[e - 1] + 1].encode()) for _, e in occ]
            d = analyses[aid]
            kinds = {x["id"]: x["type"] for x in d["entities"]}
            hit = any(kinds.get(m.get("entity")) == t and any(m["start"] < y and x < m["end"] for x, y in zip(b, e))
                      for m in d["mentions"])
            found += hit
        per_name[name] = {"type": t, "articles": total, "found": round(found / total, 3) if total else None}
        per_type[t][0] += found
        per_type[t][1] += total
    pairs = [sum(v[0] for v in per_type.values()), sum(v[1] for v in per_type.values())]
    return {
        "scored_articles": len(analyses),
        "names": len(top),
        "article_name_pairs": pairs[1],
        "found_share": round(pairs[0] / max(pairs[1], 1), 4),
        "by_type": {t: round(v[0] / max(v[1], 1), 4) for t, v in per_type.items()},
        "names_below_0.80": sorted((n for n, v in per_name.items() if v["found"] is not None and v["found"] < 0.8),
                                   key=lambda n: per_name[n]["found"]),
        "per_name": per_name,
    }


if __name__ == "__main__":
    main(sys.argv[1:])

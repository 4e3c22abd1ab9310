"""Shared by the gold-set scripts: the articles of the sample and the text offsets point into."""
import gzip, json, os, subprocess, tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
GOLD = os.path.join(ROOT, "data", "gold", "understanding")
NEWS = os.environ.get("RASID_NEWS", os.path.join(ROOT, "..", "shared", "data", "news", "ant-v2.1-train.jsonl.gz"))


def sample():
    """[(id, part)] in the order drawn."""
    with open(os.path.join(GOLD, "ids.tsv"), encoding="utf-8") as f:
        rows = [l.rstrip("\n").split("\t") for l in f][1:]
    return [(r[0], r[1]) for r in rows if r and r[0]]


def articles(ids, news=NEWS):
    """{id: article} for the ids asked for, read from the news file."""
    want, out = set(ids), {}
    with gzip.open(news, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in want:
                out[a["id"]] = a
    return out


def analysis_text(a):
    """The text every offset points into: rasid's `title + "\\n\\n" + body`."""
    title, body = (a.get("title") or "").strip(), (a.get("text") or "").strip()
    return title + ("\n\n" + body if body else "")


def gold_articles():
    """{id: gold annotation} of data/gold/understanding/gold.jsonl."""
    with open(os.path.join(GOLD, "gold.jsonl"), encoding="utf-8") as f:
        return {g["id"]: g for g in map(json.loads, f)}


def analyse(binary, arts):
    """{id: analysis} of the articles `arts` ({id: article}) by `rasid analyze` of `binary`."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as t:
        for a in arts.values():
            t.write(json.dumps(a, ensure_ascii=False) + "\n")
    try:
        out = subprocess.run([binary, "analyze", "-f", "jsonl", t.name], capture_output=True, text=True, check=True)
    finally:
        os.unlink(t.name)
    return {an["document"]["id"]: an for an in map(json.loads, out.stdout.splitlines())}


def overlap(a, b):
    """Bytes shared by two half-open spans."""
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def entity_map(g, an):
    """Gold entity key → the system entity whose mentions overlap its spans most (or None)."""
    m = {}
    for ge in g["entities"]:
        best = (0, None)
        for me in an["mentions"]:
            if me.get("entity"):
                ov = sum(overlap(sp, (me["start"], me["end"])) for sp in ge["spans"])
                if ov > best[0]:
                    best = (ov, me["entity"])
        m[ge["key"]] = best[1]
    return m

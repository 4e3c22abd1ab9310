"""Shared by the gold-set scripts: the articles of the sample and the text offsets point into."""
import gzip, json, os

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

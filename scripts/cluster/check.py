"""The checks of scripts/cluster/cluster_test.sh, over its work directory.

    python check.py WORK DB_URL      (RASID_BIN: the rasid binary)

Fails (exit 1) with a message on the first check that does not hold; prints a JSON report
of what it measured otherwise.
"""

import json
import os
import sqlite3
import subprocess
import sys

import pyarrow.parquet as pq

work, db = sys.argv[1], sys.argv[2]
rasid = os.environ.get("RASID_BIN", "target/release/rasid")
report = {}


def fail(msg):
    print(f"FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def load(name):
    with open(os.path.join(work, name)) as f:
        return json.load(f)


# 1. The same articles, mentions, quotes and events as `rasid ingest` of the same file.
local = sqlite3.connect(os.path.join(work, "store", "articles.sqlite"))
quotes = events = 0
for (a,) in local.execute("SELECT analysis FROM articles"):
    d = json.loads(a)
    quotes += len(d["quotes"])
    events += len(d["events"])
expected = {
    "articles": local.execute("SELECT count(*) FROM articles").fetchone()[0],
    "mentions": local.execute("SELECT count(*) FROM entities").fetchone()[0],
    "quotes": quotes,
    "events": events,
}
c1 = load("counts1.json")
got = {k: c1[k]["rows"] for k in expected}
report["rows"] = got
if got != expected:
    fail(f"PostgreSQL holds {got}, the local store {expected}")
# The same articles, not only as many (the first of two with one id, URL or text).
psql = os.environ.get("RASID_PSQL", "psql")
out = subprocess.run([psql, db, "-tAc", "SELECT id FROM articles"], capture_output=True, text=True, check=True)
pg_ids = {line for line in out.stdout.splitlines() if line}
local_ids = {i for (i,) in local.execute("SELECT id FROM articles")}
if pg_ids != local_ids:
    fail(f"the stores hold different articles: {sorted(pg_ids ^ local_ids)[:10]}")

# 2 and 3. A second run, and a run with a killed task, write the same rows and change none.
def rows(out):
    t = pq.read_table(os.path.join(work, out)).to_pandas()
    t["day"] = t["day"].astype(str)
    return sorted(t[["id", "seq", "analysis", "error", "day"]].itertuples(index=False, name=None), key=lambda r: r[1])


r1 = rows("out1")
if len(r1) != sum(1 for line in open(os.path.join(work, "articles.jsonl")) if line.strip()):
    fail(f"the job wrote {len(r1)} rows for the input's articles")
for run in ("out2", "out3"):
    if rows(run) != r1:
        fail(f"{run} differs from out1 (a re-run must write the same rows, with no article lost or doubled)")
for run, counts in (("second run", "counts2.json"), ("killed-task run", "counts3.json")):
    if load(counts) != c1:
        fail(f"the {run} changed the database: {load(counts)} != {c1}")
for name in ("load2.json", "load3.json"):
    r = load(name)
    if r["inserted"] or r["updated"]:
        fail(f"{name}: a load of the same analyses wrote rows: {r}")
report["loads"] = {n: load(n) for n in ("load1.json", "load2.json", "load3.json")}
for r in report["loads"].values():
    r.pop("problems", None)


# 4. Searches from both stores: totals and top hits; known-item retrieval from headlines.
def search(q, where):
    out = subprocess.run([rasid, "search", q, "--limit", "10", *where], capture_output=True, text=True)
    if out.returncode != 0:
        fail(f"rasid search {q!r} {where}: {out.stderr}")
    d = json.loads(out.stdout)
    return d["total"], [h["id"] for h in d["hits"]], d["took_ms"]


titles = list(local.execute("SELECT id, title FROM articles ORDER BY id"))
step = max(1, len(titles) // 150)
picked = titles[::step][:150]
same_total = same_top = 0
rr = {"store": 0.0, "db": 0.0}
for id_, title in picked:
    words = " ".join(title.split()[:6])
    a = search(words, ["--store", os.path.join(work, "store")])
    b = search(words, ["--db", db])
    same_total += a[0] == b[0]
    same_top += a[1] == b[1]
    for k, r in (("store", a), ("db", b)):
        if id_ in r[1]:
            rr[k] += 1 / (r[1].index(id_) + 1)
n = len(picked)
report["queries"] = n
report["same_total"] = same_total
report["same_top10"] = same_top
report["mrr_at_10"] = {k: round(v / n, 4) for k, v in rr.items()}
if same_total != n:
    fail(f"only {same_total} of {n} queries have the same number of hits in both stores")
if abs(rr["store"] - rr["db"]) / n > 0.01:
    fail(f"MRR differs by more than 0.01: {report['mrr_at_10']}")
print(json.dumps(report, ensure_ascii=False, indent=1))
print("cluster test: all checks passed")

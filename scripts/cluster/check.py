"""The checks of scripts/cluster/cluster_test.sh, over its work directory.

    python check.py WORK DB_URL      (RASID_BIN: the rasid binary)

Fails (exit 1) with a message on the first check that does not hold; prints a JSON report
of what it measured otherwise.
"""

import atexit
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

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
    t = pq.read_table(os.path.join(work, out)).to_pylist()
    cols = ("id", "seq", "analysis", "error")
    return sorted((tuple(r[c] for c in cols) + (str(r["day"]),) for r in t), key=lambda r: r[1])


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


# 5. `rasid serve --db` answers as `rasid serve --store`: the same entity list, entity
# pages, events, stories, network, articles (with their near-duplicates), and searches with
# the same totals and facets.
def serve(where, port):
    p = subprocess.Popen([rasid, "serve", *where, "--addr", f"127.0.0.1:{port}"],
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    atexit.register(p.terminate)  # also when a check fails
    base = f"http://127.0.0.1:{port}/api/v1"
    for _ in range(600):
        if p.poll() is not None:
            fail(f"rasid serve {where} stopped: {p.stderr.read()}")
        try:
            with urllib.request.urlopen(base + "/status", timeout=5) as r:
                st = json.load(r)
            if st["store"] != re.sub(r"://([^:@/]+):[^@]*@", r"://\1@", where[1]):  # shown without a password
                fail(f"port {port} is served by another rasid (of {st['store']})")
            if st["snapshot_ready"]:
                return p, base
            if st["snapshot_error"]:
                fail(f"rasid serve {where}: {st['snapshot_error']}")
        except (urllib.error.URLError, ConnectionError):
            pass
        time.sleep(0.5)
    fail(f"rasid serve {where} did not get ready")


def get(base, path):
    try:
        with urllib.request.urlopen(base + path, timeout=120) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return {"status": e.code, "error": json.load(e)}


VOLATILE = {"took_ms", "built_ms"}


def clean(v):
    if isinstance(v, dict):
        return {k: clean(x) for k, x in v.items() if k not in VOLATILE}
    if isinstance(v, list):
        return [clean(x) for x in v]
    return v


def q(s):
    return urllib.parse.quote(s)


local_srv, local_base = serve(["--store", os.path.join(work, "store")], 18431)
db_srv, db_base = serve(["--db", db], 18432)
try:
    top = get(local_base, "/entities?limit=100")
    paths = ["/entities?limit=100", "/entities?kind=PER&limit=100", "/entities?kind=LOC&limit=100",
             "/stories?limit=100", "/events?limit=500&status=all", "/graph?kind=both&limit=40"]
    paths += [f"/entities/{q(e['id'])}" for e in top["entities"][:15]]
    paths += [f"/articles/{q(i)}" for i, _ in picked[:40]]
    for id_, title in picked[:30]:
        words = q(" ".join(title.split()[:3]))
        paths.append(f"/search?q={words}&facets=true&limit=20")
    paths += ["/search?q=&facets=true", f"/places?q={q(picked[0][1].split()[0])}"]
    differ = []
    for path in paths:
        a, b = clean(get(local_base, path)), clean(get(db_base, path))
        if path.startswith("/search"):
            # Hits may differ in order where scores are equal to rounding (reported above).
            a.pop("hits", None), b.pop("hits", None)
        if a != b:
            differ.append(path)
    report["serve"] = {"paths": len(paths), "differ": differ}
    if differ:
        a, b = clean(get(local_base, differ[0])), clean(get(db_base, differ[0]))
        if differ[0].startswith("/search"):
            a.pop("hits", None), b.pop("hits", None)
        diff = next((k for k in a if a.get(k) != b.get(k)), None)
        if isinstance(a.get(diff), dict):
            a, b = a[diff], b.get(diff) or {}
            diff = next((k for k in a if a.get(k) != b.get(k)), None)
        fail(f"rasid serve --db answers {len(differ)} of {len(paths)} requests otherwise than --store: "
             f"{differ[:5]}; first differing field of {differ[0]}: {diff}: "
             f"{json.dumps(a.get(diff), ensure_ascii=False)[:400]} vs {json.dumps(b.get(diff), ensure_ascii=False)[:400]}")
finally:
    local_srv.terminate()
    db_srv.terminate()
    local_srv.wait()
    db_srv.wait()
print(json.dumps(report, ensure_ascii=False, indent=1))
print("cluster test: all checks passed")

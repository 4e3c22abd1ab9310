"""Search latency, local store against PostgreSQL, on the same queries.

    python latency.py STORE DB_URL [QUERIES]     (RASID_BIN: the rasid binary)

Queries: the first four words of the titles of QUERIES stored articles spread over the
store (what a reader pastes), then each again with a date range.
The time is each search's own `took_ms` (in the process, after the store or the
connection is open), so the process start is left out of both. Prints medians and p99.
"""

import json
import os
import sqlite3
import statistics
import subprocess
import sys

store, db = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200
rasid = os.environ.get("RASID_BIN", "target/release/rasid")
titles = [t for (t,) in sqlite3.connect(os.path.join(store, "articles.sqlite")).execute("SELECT title FROM articles ORDER BY id")]
step = max(1, len(titles) // n)
queries = [" ".join(t.split()[:4]) for t in titles[::step][:n]]


def took(q, where, extra):
    out = subprocess.run([rasid, "search", q, "--limit", "10", *where, *extra], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["took_ms"]


def p99(xs):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(len(xs) * 0.99))]


report = {"queries": len(queries)}
for label, extra in (("words", []), ("words + date range", ["--from", "2018-03-01", "--to", "2018-06-30"])):
    for name, where in (("store", ["--store", store]), ("postgres", ["--db", db])):
        took(queries[0], where, extra)  # warm the caches
        ts = [took(q, where, extra) for q in queries]
        report[f"{label}, {name}"] = {"median_ms": round(statistics.median(ts), 2), "p99_ms": round(p99(ts), 2)}
print(json.dumps(report, ensure_ascii=False, indent=1))

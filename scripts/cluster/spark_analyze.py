"""rasid on Apache Spark: analyse articles partition by partition, write Parquet by day.

    python scripts/cluster/spark_analyze.py INPUT OUT [--master local[2]] [--partitions N]

INPUT is JSON lines (plain or .gz: one article per line, the fields `rasid ingest` reads)
or a Parquet file/directory of articles (the same fields as columns). OUT receives the
analyses as Parquet partitioned by publication day (`day=YYYY-MM-DD`, `day=unknown`), one
row per input article:

    id        the article's id as rasid reads it (the input's, or `STEM-LINE` as `rasid
              ingest` names an article without one)
    seq       the article's line in the input (0-based): the order `rasid db load` keeps,
              so that duplicates resolve as `rasid ingest` resolves them
    analysis  the analysis as JSON text (the schema of `rasid analyze`, without tokens), or
              null when the article could not be read
    error     why not, or null

Each partition is analysed in the Spark task's Python worker by the rasid package
(`rasid.analyze_many(..., threads=1, as_json=True)`: one core per task, so Spark's task
slots are the cores). Nothing depends on the clock or the partitioning: a re-run over the
same input writes the same rows (the files are replaced: `mode("overwrite")`). A task that
dies is run again by Spark (`local[N,F]` allows F attempts): the analysis stage's output
of a failed attempt is thrown away and the attempt run again, and the write stage commits
only the files of attempts that finished (`_SUCCESS` marks the output done), so no
article is lost or written twice.

`--kill-task P` is for the test: the first attempt of the analysis of partition P kills
its own Python worker with SIGKILL halfway through its articles (after yielding the first
half's rows), as a crashed or killed worker would.
"""

import argparse
import json
import os
import re
import signal
import sys
import time

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")


def stem_of(path):
    """The file name `rasid ingest` gives positional ids from (its `file_stem`): without
    the first of these extensions that ends it, in any case."""
    name = os.path.basename(path.rstrip("/"))
    for ext in (".jsonl.gz", ".ndjson.gz", ".json.gz", ".jsonl", ".ndjson", ".json"):
        if name.lower().endswith(ext):
            return name[: -len(ext)]
    return name


def analyse_partition(rows, kill_task, stem):
    """rows: (seq, line or dict). Yields output rows in input order."""
    import rasid
    from pyspark import TaskContext

    rows = list(rows)
    items, out = [], []
    for seq, raw in rows:
        if isinstance(raw, str):
            if seq == 0:
                raw = raw.lstrip("\ufeff")  # a byte order mark, as rasid ingest drops it
            if not raw.strip():
                continue
            try:
                item = json.loads(raw)
            except ValueError as e:
                out.append((seq, None, None, f"line {seq + 1}: not JSON ({e})"))
                continue
        else:
            item = {k: v for k, v in raw.items() if v is not None}
        if not isinstance(item, dict):
            out.append((seq, None, None, f"line {seq + 1}: not a JSON object"))
            continue
        if item.get("id") in (None, ""):
            item["id"] = f"{stem}-{seq + 1}"
        items.append((seq, item))
    ctx = TaskContext.get()
    dying = ctx is not None and ctx.partitionId() == kill_task and ctx.attemptNumber() == 0
    half = len(items) // 2
    for n, part in enumerate((items[:half], items[half:])):
        if dying and n == 1:
            # Rows of the first half are already in this attempt's output file.
            os.kill(os.getpid(), signal.SIGKILL)
        for (seq, item), (analysis, error) in zip(part, analyse(rasid, [i for _, i in part])):
            out.append((seq, str(item["id"]), analysis, error))
        for row in sorted(out):
            yield day_row(row)
        out = []


def analyse(rasid, items):
    """(analysis JSON, None) or (None, error) for each item; one bad item does not stop
    the others."""
    try:
        return [(t, None) for t in rasid.analyze_many(items, threads=1, tokens=False, as_json=True)]
    except (rasid.RasidError, ValueError):
        out = []
        for item in items:
            try:
                out.append((rasid.analyze_many([item], threads=1, tokens=False, as_json=True)[0], None))
            except (rasid.RasidError, ValueError) as e:
                out.append((None, f"article {item.get('id')}: {e}"))
        return out


def day_row(row):
    seq, id_, analysis, error = row
    day = "unknown"
    if analysis is not None:
        document = json.loads(analysis)["document"]
        id_ = document["id"]  # as rasid read it (a number in the input is a string here)
        published = document.get("published") or ""
        if DAY.match(published):
            day = published[:10]
    return (id_, seq, analysis, error, day)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("out")
    ap.add_argument("--master", default="local[2,4]", help="Spark master (local[N,F]: N cores, F attempts per task)")
    ap.add_argument("--partitions", type=int, default=8)
    ap.add_argument("--kill-task", type=int, default=-1, help="for the test: kill partition P's first attempt")
    a = ap.parse_args()

    # The workers run this Python (the one rasid is installed in), not the first on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark.sql import SparkSession
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    spark = (
        SparkSession.builder.master(a.master)
        .appName("rasid-analyze")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.python.worker.reuse", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    t0 = time.time()
    if a.input.endswith((".parquet", "/")) or os.path.isdir(a.input):
        records = spark.read.parquet(a.input).rdd.map(lambda r: r.asDict())
    else:
        # Blank lines are numbered too (and skipped in the partitions): positions are line
        # numbers, as in `rasid ingest`'s ids and messages.
        records = spark.sparkContext.textFile(a.input)
    n = a.partitions
    kill, stem = a.kill_task, stem_of(a.input)
    # The position in the input is the key; partitions are taken by it, so that the same
    # input always makes the same partitions whatever Spark's own splitting did.
    keyed = records.zipWithIndex().map(lambda x: (x[1], x[0])).partitionBy(n, lambda seq: seq % n)
    rows = keyed.mapPartitions(lambda it: analyse_partition(it, kill, stem))
    schema = StructType(
        [
            StructField("id", StringType()),
            StructField("seq", LongType(), False),
            StructField("analysis", StringType()),
            StructField("error", StringType()),
            StructField("day", StringType(), False),
        ]
    )
    df = spark.createDataFrame(rows, schema)
    # One file per day rather than one per day and task (thousands of small files), rows
    # in input order within it.
    df = df.repartition(max(1, n // 2), "day").sortWithinPartitions("day", "seq")
    df.write.mode("overwrite").partitionBy("day").parquet(a.out)
    took = time.time() - t0
    written = spark.read.parquet(a.out)
    total = written.count()
    failed = written.filter("error IS NOT NULL").count()
    print(
        json.dumps({"articles": total, "failed": failed, "seconds": round(took, 2), "master": a.master}),
        flush=True,
    )
    spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

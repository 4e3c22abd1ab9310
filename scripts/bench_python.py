#!/usr/bin/env python3
"""The Python package against the command line and CAMeL Tools' tokeniser, same run.

usage: python bench_python.py --rasid target/release/rasid --articles N.jsonl [--camel VENV/bin/python] [--rounds 5]

Times, in alternating rounds on the same articles:
- cli: `rasid analyze FILE -f jsonl -o /dev/null` (process start, model load, reading,
  analysis on every core, writing JSON);
- python: in this interpreter, reading the same JSON lines (json.loads) and
  `rasid.analyze_many(dicts)` (model load on first use, analysis on every core, the
  analyses as Python dicts); python_no_tokens: the same with `tokens=False`;
- camel_tok: CAMeL Tools' `simple_word_tokenize` over the same texts in the peers'
  interpreter (tokenising only; its analysers need downloads).
Prints one JSON object with the medians, MB/s, and the ratios.
"""
import argparse, json, os, statistics, subprocess, sys, tempfile, time

CAMEL = r"""
import json, sys, time
from camel_tools.tokenizers.word import simple_word_tokenize as tok
texts = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
texts = [(t.get("title") or "") + "\n\n" + (t.get("text") or "") for t in texts]
t0 = time.perf_counter()
n = sum(len(tok(t)) for t in texts)
print(json.dumps({"seconds": time.perf_counter() - t0, "tokens": n}))
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rasid", required=True)
    ap.add_argument("--articles", required=True)
    ap.add_argument("--camel")
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    import rasid

    size = os.path.getsize(a.articles)
    lines = open(a.articles, encoding="utf-8").read().splitlines()
    times = {"cli": [], "python": [], "python_no_tokens": [], "camel_tok": []}
    camel_script = None
    if a.camel:
        camel_script = tempfile.NamedTemporaryFile("w", suffix=".py", delete=False)
        camel_script.write(CAMEL)
        camel_script.close()
    for _ in range(a.rounds):
        t0 = time.perf_counter()
        subprocess.run([a.rasid, "analyze", a.articles, "-f", "jsonl", "-o", os.devnull], check=True, stderr=subprocess.DEVNULL)
        times["cli"].append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        out = rasid.analyze_many(json.loads(l) for l in lines)
        times["python"].append(time.perf_counter() - t0)
        assert len(out) == len(lines)
        del out
        t0 = time.perf_counter()
        out = rasid.analyze_many((json.loads(l) for l in lines), tokens=False)
        times["python_no_tokens"].append(time.perf_counter() - t0)
        del out
        if camel_script:
            r = subprocess.run([a.camel, camel_script.name, a.articles], check=True, capture_output=True, text=True)
            times["camel_tok"].append(json.loads(r.stdout)["seconds"])
    med = {k: statistics.median(v) for k, v in times.items() if v}
    report = {
        "articles": len(lines),
        "mb": round(size / 1e6, 2),
        "rounds": a.rounds,
        "seconds": {k: [round(x, 3) for x in v] for k, v in times.items() if v},
        "median_s": {k: round(v, 3) for k, v in med.items()},
        "mb_per_s": {k: round(size / 1e6 / v, 2) for k, v in med.items()},
        "python_overhead_vs_cli": round(med["python"] / med["cli"] - 1, 3),
        "python_no_tokens_vs_cli": round(med["python_no_tokens"] / med["cli"] - 1, 3),
        "cpus": os.cpu_count(),
    }
    if "camel_tok" in med:
        report["rasid_python_analysis_vs_camel_tokenise"] = round(med["camel_tok"] / med["python"], 2)
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()

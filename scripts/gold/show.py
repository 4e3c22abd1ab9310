#!/usr/bin/env python3
"""Prints articles of the gold sample as the annotators read them: the analysed text (title,
blank line, body), paragraphs numbered.

usage: python3 scripts/gold/show.py ID...        (or --list to print the sample's ids)
"""
import sys
from common import sample, articles, analysis_text

if sys.argv[1:] == ["--list"]:
    for i, p in sample():
        print(i, p)
    sys.exit(0)
arts = articles(sys.argv[1:])
for i in sys.argv[1:]:
    a = arts.get(i)
    if a is None:
        sys.exit(f"{i}: not in the news file")
    print(f"=== {i}  published {a.get('published')}  source {a.get('source')}  category {a.get('category')}")
    for n, para in enumerate(analysis_text(a).split("\n")):
        if para.strip():
            print(f"[{n}] {para}")
    print()

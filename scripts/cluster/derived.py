"""Tops a file of articles up to N lines with derived ones, for benchmarks at a size the
real news here does not reach (69,498 lines).

    python derived.py ARTICLES.jsonl N > OUT.jsonl

Writes every line of ARTICLES.jsonl, then, while fewer than N are written, derived copies
of its articles in order: the paragraphs of the text in reverse order, under the id and URL
with `-reversed` appended. An article of one paragraph gives the same text reversed, which
both stores would refuse as a duplicate: it is passed over. Derived articles keep their
words, lengths, dates and sources, so a store of them has the postings, the field lengths
and the date spread of real news; what they add is repetition (each derived article is a
near-duplicate of its original), as when many outlets carry one story.
"""

import json
import sys


def derived(article):
    paragraphs = [p for p in (article.get("text") or "").split("\n") if p.strip()]
    if len(paragraphs) < 2:
        return None
    copy = dict(article)
    copy["id"] = f"{article.get('id', '')}-reversed"
    if article.get("url"):
        copy["url"] = f"{article['url']}-reversed"
    copy["text"] = "\n".join(reversed(paragraphs))
    return copy


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    written = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if written == n:
                return
            sys.stdout.write(line if line.endswith("\n") else line + "\n")
            written += 1
    with open(path, encoding="utf-8") as f:
        for line in f:
            if written == n:
                return
            try:
                copy = derived(json.loads(line))
            except json.JSONDecodeError:
                continue
            if copy is not None:
                sys.stdout.write(json.dumps(copy, ensure_ascii=False) + "\n")
                written += 1
    if written < n:
        print(f"derived.py: only {written} articles could be written (asked for {n})", file=sys.stderr)


if __name__ == "__main__":
    main()

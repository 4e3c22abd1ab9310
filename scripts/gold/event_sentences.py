#!/usr/bin/env python3
"""Draws the sentences of the event check set (docs/gold/EVENTS-CHECK.md).

Seeded and deterministic: ANT v2.1 train articles (the understanding gold set's articles and
the shipped examples excluded) are cut into sentences; a sentence is a candidate of a class
when it holds one of the class's cue words below (protest, attack, arrest, court, sanction:
the classes the issue names). 60 sentences are drawn per class, at most one per article,
then shuffled; the even places are the development part, the odd ones the untouched part.

The cue words are closed-class event vocabulary written by hand (stems, matched after the
usual letter normalisation); they only choose which sentences are read, the readers code
what the sentence says.

usage: python3 scripts/gold/event_sentences.py > data/gold/events-check/sentences.tsv
       python3 scripts/gold/event_sentences.py --text > /tmp/sentences.txt   (for the readers)
"""
import gzip, json, os, random, re, sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import NEWS, ROOT, analysis_text, sample  # noqa: E402

SEED = 20261202
PER_CLASS = 60

CUES = {
    "protest": ["تظاهر", "مظاهر", "احتجاج", "احتج", "اعتصام", "اعتصم", "اضراب", "مسيره"],
    "attack": ["هجوم", "هاجم", "قصف", "تفجير", "انفجار", "اشتباك", "غاره", "غارات", "مقتل", "قتلى", "اغتيال"],
    "arrest": ["اعتقال", "اعتقل", "توقيف", "اوقف", "احتجاز", "احتجز", "القبض", "اسر"],
    "court": ["محكمه", "المحكمه", "حكم بالسجن", "بالسجن", "محاكمه", "قضت", "دعوى", "النيابه", "الادعاء"],
    "sanction": ["عقوبات", "العقوبات", "حظر", "رسوم جمركيه", "الرسوم الجمركيه", "تجميد", "حصار", "مقاطعه"],
}


def norm(s):
    s = re.sub("[\u064b-\u0652\u0640]", "", s)
    s = re.sub("[أإآ]", "ا", s)
    return s.replace("ة", "ه").replace("ى", "ي")


def sentences(text):
    """(start, end) byte spans of the sentences of `text`: paragraphs cut after . ! ؟"""
    out = []
    b = text.encode("utf-8")
    for m in re.finditer(r"[^\n]+", text):
        para_start = m.start()
        for s in re.finditer(r"[^.!؟?]+[.!؟?]*", m.group()):
            piece = s.group()
            lead = len(piece) - len(piece.lstrip())
            piece = piece.strip()
            if not piece:
                continue
            cs = para_start + s.start() + lead
            start = len(text[:cs].encode("utf-8"))
            out.append((start, start + len(piece.encode("utf-8")), piece))
    assert all(b[s:e].decode("utf-8") == p for s, e, p in out)
    return out


def main():
    want_text = "--text" in sys.argv
    excluded = {i for i, _ in sample()}
    excluded |= {f.rsplit(".", 1)[0] for f in os.listdir(os.path.join(ROOT, "examples"))}
    cands = {c: [] for c in CUES}
    with gzip.open(NEWS, "rt", encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            if a["id"] in excluded:
                continue
            for start, end, s in sentences(analysis_text(a)):
                words = len(s.split())
                if words < 6 or words > 60:
                    continue
                n = " " + norm(s)
                for c, cues in CUES.items():
                    if any(re.search(r"[\s\"(«]" + "(?:[وف]?(?:ب|ل|ك)?(?:ال)?)" + re.escape(w), n) for w in cues):
                        cands[c].append((a["id"], start, end, s))
    rng = random.Random(SEED)
    drawn, used = [], set()
    for c in CUES:
        pool = sorted(cands[c])
        rng.shuffle(pool)
        k = 0
        for art, start, end, s in pool:
            if art in used:
                continue
            used.add(art)
            drawn.append((c, art, start, end, s))
            k += 1
            if k == PER_CLASS:
                break
    rng.shuffle(drawn)
    if not want_text:
        print("key\tarticle\tstart\tend\tclass\tpart")
    for i, (c, art, start, end, s) in enumerate(drawn):
        key = f"s{i + 1:03}"
        part = "dev" if i % 2 == 0 else "test"
        if want_text:
            print(f"{key}\t{s}")
        else:
            print(f"{key}\t{art}\t{start}\t{end}\t{c}\t{part}")


if __name__ == "__main__":
    main()

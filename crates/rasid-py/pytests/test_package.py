"""rasid's Python package against the command line: the same analyses, the same store
answers, the same error messages."""

import datetime
import json
import subprocess
import threading
import time

import pytest

import rasid
from conftest import EXAMPLES


def rounded(v):
    """JSON-like data with floats rounded: the CLI prints an f32 by its shortest form, the
    package gives the f32 widened to a Python float."""
    if isinstance(v, float):
        return round(v, 5)
    if isinstance(v, dict):
        return {k: rounded(x) for k, x in v.items()}
    if isinstance(v, list):
        return [rounded(x) for x in v]
    return v


def texts():
    return sorted(p for p in EXAMPLES.glob("*.txt"))


def test_analyze_is_the_cli(rasid_bin):
    for path in texts():
        cli = json.loads(subprocess.run([rasid_bin, "analyze", "--no-filename-date", path], check=True, capture_output=True).stdout)
        ours = rasid.analyze(path.read_text(encoding="utf-8"), id=path.stem)
        # The CLI records where the article came from and how its date was found.
        for a in (cli, ours):
            a["document"].pop("origin", None)
        assert rounded(ours) == rounded(cli), path.name


def test_analyze_arguments():
    a = rasid.analyze("نص الخبر.", title="عنوان", published=datetime.date(2020, 1, 2))
    assert a["document"]["title"] == "عنوان"
    assert a["document"]["published"].startswith("2020-01-02")
    assert a["text"].startswith("عنوان\n\n")
    b = rasid.analyze("نص الخبر.", title="عنوان", published="2020-01-02")
    assert b["document"]["published"] == a["document"]["published"]
    with pytest.raises(ValueError, match="cannot read"):
        rasid.analyze("نص", published="yesterday")
    with pytest.raises(TypeError):
        rasid.analyze("نص", published=12)


def test_analyze_many_keeps_order_and_matches_analyze():
    paths = texts()
    items = [p.read_text(encoding="utf-8") for p in paths] * 3
    many = rasid.analyze_many(iter(items), threads=2)
    assert len(many) == len(items)
    for text, a in zip(items, many):
        assert a["entities"] == rasid.analyze(text)["entities"]
    dicts = rasid.analyze_many([{"id": "x", "title": "عنوان", "text": "نص", "published": datetime.date(2021, 5, 6)}])
    assert dicts[0]["document"]["id"] == "x"
    assert dicts[0]["document"]["published"].startswith("2021-05-06")
    assert rasid.analyze_many([]) == []
    lean = rasid.analyze_many(items[:2], tokens=False)
    assert lean[0]["tokens"] == [] and lean[0]["entities"] == many[0]["entities"]
    assert rasid.analyze(items[0], tokens=False)["quotes"] == many[0]["quotes"]


def test_analyze_many_errors_name_the_item():
    with pytest.raises(TypeError, match="item 1"):
        rasid.analyze_many(["نص", 3])
    with pytest.raises(ValueError, match="item 0: article has neither a title nor a text"):
        rasid.analyze_many([{"title": "", "text": ""}])
    with pytest.raises(ValueError, match="threads"):
        rasid.analyze_many(["نص"], threads=0)


def test_analyze_many_releases_the_gil():
    items = [p.read_text(encoding="utf-8") for p in texts()] * 60
    started, done = threading.Event(), threading.Event()
    span = {}

    def work():
        started.set()
        t0 = time.perf_counter()
        rasid.analyze_many(items)
        span["call"] = time.perf_counter() - t0
        done.set()

    t = threading.Thread(target=work)
    t.start()
    started.wait()
    # This thread runs Python the whole time; the longest it is kept from running is how
    # long the call holds the GIL at once. Held for the whole analysis, that gap would be
    # about the length of the call.
    gap, last = 0.0, time.perf_counter()
    while not done.is_set():
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
    t.join()
    assert span["call"] > 0.2, "enough work to tell"
    assert gap < 0.6 * span["call"], (gap, span["call"])


def test_store(store):
    s = rasid.Store(store)
    assert len(s) == 4
    assert "Store(" in repr(s)
    hits = s.search("الرئيس", limit=2)
    assert 1 <= len(hits) <= 2 and {"id", "title", "snippet"} <= hits[0].keys()
    assert s.search("الرئيس", limit=50, from_="2100-01-01") == []
    people = s.entities("PER", limit=5)
    assert people and all(p["type"] == "PER" for p in people)
    events = s.events(status=["reported"])
    assert events and all(e["status"] == "reported" for e in events)
    assert len(s.events()) >= len(events)
    a = s.article(hits[0]["id"])
    assert a["document"]["id"] == hits[0]["id"]
    assert s.article("no such id") is None
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        s.search("x", from_="2018")
    with pytest.raises(ValueError, match="type"):
        s.entities("PERSON")
    with pytest.raises(ValueError, match="status"):
        s.events(status=["done"])


def test_store_errors_are_the_cli_messages(rasid_bin, tmp_path):
    missing = tmp_path / "nothing"
    cli = subprocess.run([rasid_bin, "search", "x", "--store", missing], capture_output=True, text=True)
    assert cli.returncode != 0
    with pytest.raises(rasid.RasidError) as e:
        rasid.Store(missing)
    assert str(e.value) in cli.stderr
    assert rasid.RasidError.__module__ == "rasid" and issubclass(rasid.RasidError, Exception)


def test_to_pandas(store):
    pd = pytest.importorskip("pandas")
    s = rasid.Store(store)
    articles = s.to_pandas()
    assert isinstance(articles, pd.DataFrame)
    assert len(articles) == 4 and list(articles.columns)[:3] == ["id", "published", "source"]
    quotes = s.to_pandas("quotes")
    assert len(quotes) == sum(len(s.article(i)["quotes"]) for i in articles["id"])
    events = s.to_pandas("events")
    assert len(events) == len(s.events())
    with pytest.raises(ValueError):
        s.to_pandas("people")

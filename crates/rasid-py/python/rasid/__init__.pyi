"""Type stubs of rasid's Python package (the native module rasid._rasid)."""

import datetime
import os
from typing import Any, Iterable, Literal, Optional, Union

__version__: str

Date = Union[str, datetime.date, datetime.datetime]
Analysis = dict[str, Any]

class RasidError(Exception):
    """An error of rasid: a store that cannot be opened or is damaged, a model that does
    not load. The message is the one the command line prints."""

def analyze(
    text: str,
    title: Optional[str] = None,
    published: Optional[Date] = None,
    *,
    id: Optional[str] = None,
    tokens: bool = True,
) -> Analysis:
    """Analyses one article; returns the analysis (the schema of ``rasid analyze``).

    Without ``title`` the first non-empty line of ``text`` is the title, as for a text
    file given to ``rasid analyze``. ``published`` anchors relative dates ("أمس").
    ``tokens=False`` leaves ``tokens`` empty (most of an analysis's size; the store
    keeps no tokens either)."""

def analyze_many(
    items: Iterable[Union[str, dict[str, Any]]],
    threads: Optional[int] = None,
    *,
    tokens: bool = True,
    as_json: bool = False,
) -> list[Any]:
    """Analyses many articles in parallel with the GIL released (every core, or
    ``threads``); the analyses come back in the order of ``items``. An item is a str (as
    ``analyze(text)``) or a dict with the fields of a JSON line: ``text`` (or ``body``),
    ``title``, ``published``, ``id``, ``url``, ``source``, ``category``, ``author``.
    ``tokens=False`` as for ``analyze``. ``as_json=True`` gives each analysis as its JSON
    text (a str, the line ``rasid analyze -f jsonl`` writes) instead of a dict: for a
    consumer that stores or ships it, such as a Spark job, it skips making the objects."""

class Store:
    """A store made by ``rasid ingest``, opened for reading."""

    def __init__(self, path: Union[str, os.PathLike[str]]) -> None: ...
    def __len__(self) -> int: ...
    def search(
        self,
        query: str,
        limit: int = 10,
        offset: int = 0,
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        source: Optional[str] = None,
        topic: Optional[str] = None,
        person: Optional[str] = None,
        place: Optional[str] = None,
        org: Optional[str] = None,
    ) -> list[dict[str, Any]]:
        """Full-text search with the filters of ``rasid search``; the hits, best first."""
    def entities(
        self,
        type: Optional[Literal["PER", "LOC", "ORG", "MISC"]] = None,
        limit: int = 100,
    ) -> list[dict[str, Any]]:
        """Entities merged across articles, most mentioned first."""
    def events(
        self,
        *,
        from_: Optional[str] = None,
        to: Optional[str] = None,
        actor: Optional[str] = None,
        code: Optional[str] = None,
        country: Optional[str] = None,
        status: Optional[list[Literal["reported", "planned", "negated", "claimed"]]] = None,
    ) -> list[dict[str, Any]]:
        """The CAMEO event table with the filters of ``rasid events``."""
    def article(self, id: str) -> Optional[Analysis]:
        """One stored article's analysis, or None."""
    def to_pandas(
        self, what: Literal["articles", "entities", "quotes", "events"] = "articles"
    ) -> Any:
        """A table of the store as a ``pandas.DataFrame`` (the columns of ``rasid export``)."""

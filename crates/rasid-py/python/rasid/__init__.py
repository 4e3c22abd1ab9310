"""rasid (راصد): Arabic news intelligence.

Analyse Arabic news articles (entities with titles and roles, quotes and their speakers,
dates, CAMEO events, topic, keywords, summary) with the models built into the package,
and read stores made by ``rasid ingest``::

    import rasid
    a = rasid.analyze("عنوان الخبر\\n\\nنص الخبر ...", published="2024-03-05")
    [e["canonical"] for e in a["entities"]]

    store = rasid.Store("corpus/")
    store.search("الانتخابات", limit=5, from_="2018-01-01")
    store.to_pandas("events")

Every analysis is a dict of the same schema as ``rasid analyze`` writes; every byte offset
(``start``, ``end``) points into ``a["text"]`` encoded as UTF-8.
"""

from ._rasid import RasidError, Store, __version__, analyze, analyze_many

__all__ = ["analyze", "analyze_many", "Store", "RasidError", "__version__"]

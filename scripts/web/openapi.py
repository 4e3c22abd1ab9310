# Writes crates/rasid-serve/openapi.json, the OpenAPI description of rasid serve's API:
#   python3 scripts/web/openapi.py > crates/rasid-serve/openapi.json
# (crates/rasid-serve/tests/api.rs checks real responses against it.)
import json
S = lambda t, **k: {"type": t, **k}
str_ = S("string"); int_ = S("integer", minimum=0); num = S("number"); bool_ = S("boolean")
ostr = {"type": ["string", "null"]}; onum = {"type": ["number", "null"]}; oint = {"type": ["integer", "null"]}
ref = lambda n: {"$ref": f"#/components/schemas/{n}"}
arr = lambda x: {"type": "array", "items": x}
def obj(props, required=None, extra=False, desc=None):
    o = {"type": "object", "properties": props, "required": list(props) if required is None else required, "additionalProperties": extra}
    if desc: o["description"] = desc
    return o
bucket = obj({"value": str_, "articles": int_})
named_bucket = obj({"value": str_, "articles": int_, "entity": ostr, "name": ostr})
corpus_entity = {"id": str_, "type": S("string", enum=["PER", "LOC", "ORG", "MISC"]), "name": str_, "key": str_, "merged_keys": arr(str_),
    "articles": int_, "spellings": arr(str_), "roles": arr(str_), "codes": arr(str_), "first_seen": ostr, "last_seen": ostr}
event_row = obj({"date": ostr, "published": ostr, "source": ostr, "source_code": ostr, "source_entity": ostr, "code": S("string", pattern="^[0-9]{2,4}$"),
    "label": str_, "target": ostr, "target_code": ostr, "target_entity": ostr, "goldstein": num, "quad_class": S("integer", minimum=1, maximum=4),
    "status": S("string", enum=["reported", "planned", "negated", "claimed"]), "trigger": str_, "place": ostr, "lat": onum, "lon": onum, "article": str_, "url": ostr})
schemas = {
    "Error": obj({"error": str_}),
    "Status": obj({"store": str_, "articles": int_, "generation": S("integer"), "snapshot_ready": bool_, "snapshot_generation": oint,
        "snapshot_ms": onum, "snapshot_error": ostr, "problems": arr(str_), "version": str_}),
    "Bucket": bucket, "NamedBucket": named_bucket,
    "SearchHit": obj({"id": str_, "score": num, "title": str_, "date": ostr, "source": ostr, "url": ostr,
        "snippet": S("string", description="A passage, HTML-escaped, the matching words in <b>…</b>.")}),
    "SearchResponse": obj({"query": str_, "total": int_, "offset": int_, "took_ms": num, "hits": arr(ref("SearchHit")), "notes": arr(str_),
        "facets": {"oneOf": [{"type": "null"}, obj({"sources": arr(ref("Bucket")), "topics": arr(ref("Bucket")), "people": arr(ref("NamedBucket")),
            "places": arr(ref("NamedBucket")), "organisations": arr(ref("NamedBucket")), "days": arr(ref("Bucket"))})]}}),
    "PlacesResponse": obj({"total": int_, "places": arr(obj({"value": str_, "name": str_, "entity": ostr, "articles": int_, "lat": num, "lon": num, "country": str_})),
        "unplaced": arr(ref("Bucket"))}),
    "ArticleResponse": obj({"analysis": S("object", description="The stored analysis, schema rasid.analysis/4 (docs/schema/analysis.schema.json); `tokens` and `sentences` empty unless ?tokens=true, which computes them again."),
        "near_duplicates": arr(obj({"id": str_, "similarity": num})),
        "entity_ids": S("object", additionalProperties=str_, description="Each entity of the article (its id, e1 …) → the id of the store's entity it belongs to.")}),
    "Entity": obj(corpus_entity),
    "EntitiesResponse": obj({"total": int_, "entities": arr(ref("Entity"))}),
    "EntityProfile": obj({**corpus_entity, "affiliations": arr(str_), "latin": ostr, "link": {"type": ["object", "null"]},
        "roles": arr(obj({"role": str_, "mentions": int_, "first": ostr, "last": ostr})), "days": arr(obj({"day": str_, "articles": int_})),
        "co_mentioned": arr(obj({"id": ostr, "name": str_, "type": str_, "articles": int_})),
        "quotes": arr(obj({"article": str_, "title": str_, "date": ostr, "quote": S("object", description="A quote of rasid.analysis/4.")})),
        "events": arr(ref("EventRow")), "articles_read": int_}),
    "Story": obj({"title": str_, "articles": int_, "sources": arr(str_), "first": str_, "last": str_, "keywords": arr(str_), "entities": arr(str_),
        "members": arr(obj({"id": str_, "title": str_, "source": ostr, "date": str_, "similarity": num}))}),
    "StoriesResponse": obj({"stories": arr(ref("Story"))}),
    "EventRow": event_row,
    "EventsResponse": obj({"total": int_, "events": arr(ref("EventRow")),
        "by_day_and_quad_class": arr(obj({"day": str_, "quad_class": S("integer", minimum=1, maximum=4), "events": int_})),
        "by_day_and_code": arr(obj({"day": str_, "code": str_, "events": int_}))}),
    "Graph": obj({"nodes": arr(obj({"id": str_, "name": str_, "type": str_, "articles": int_})),
        "edges": arr(obj({"source": str_, "target": str_, "kind": S("string", enum=["met", "mentioned"]), "weight": int_, "first": ostr, "last": ostr, "codes": arr(str_)}))}),
    "AnalyzeRequest": obj({"text": S("string", minLength=1), "title": ostr, "published": {"type": ["string", "null"], "format": "date"}}, required=["text"]),
    "Analysis": S("object", description="rasid.analysis/4 (docs/schema/analysis.schema.json).", required=["schema", "document", "text"]),
}
def q(name, desc, schema=str_):
    return {"name": name, "in": "query", "required": False, "description": desc, "schema": schema}
date = S("string", format="date")
search_params = [q("q", "The query: words (any clitics and spellings), \"a phrase\", +must, -must-not, AND/OR/NOT; empty lists what the filters pass."),
    q("from", "Published on or after.", date), q("to", "Published on or before.", date), q("source", "Source, any case."), q("topic", "Topic label."),
    q("person", "Articles mentioning this person (surname alone, spellings)."), q("place", "Articles mentioning this place."), q("org", "Articles mentioning this organisation.")]
page = lambda d, mx: [q("limit", f"Results, 1–{mx} (default {d}).", S("integer", minimum=1, maximum=mx)), q("offset", "Results to skip.", S("integer", minimum=0))]
def resp(name, desc="OK"):
    return {"200": {"description": desc, "content": {"application/json": {"schema": ref(name)}}},
            "400": {"description": "A request the API cannot take (the message says why).", "content": {"application/json": {"schema": ref("Error")}}},
            "401": {"description": "The server needs a token.", "content": {"application/json": {"schema": ref("Error")}}},
            "503": {"description": "The store is being written or is damaged, or the corpus views are still being computed (Retry-After).", "content": {"application/json": {"schema": ref("Error")}}}}
def get(op, summary, params, name):
    return {"get": {"operationId": op, "summary": summary, "parameters": params, "responses": resp(name)}}
paths = {
    "/status": get("status", "The store and the state of the corpus views.", [], "Status"),
    "/search": get("search", "Search with every filter of `rasid search`, paging and facets over all hits.",
        search_params + page(20, 100) + [q("facets", "Count sources, topics, names, days (default true).", bool_)], "SearchResponse"),
    "/places": get("places", "The places of a search with gazetteer coordinates (the map).", search_params, "PlacesResponse"),
    "/articles/{id}": {"get": {"operationId": "article", "summary": "A stored article and its analysis.",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": str_}, q("tokens", "Add the text layer (tokens, sentences).", bool_)],
        "responses": {**resp("ArticleResponse"), "404": {"description": "No such article.", "content": {"application/json": {"schema": ref("Error")}}}}}},
    "/entities": get("entities", "The entities of the store (spellings merged), by articles.",
        [q("type", "PER, LOC, ORG or MISC.", S("string", enum=["PER", "LOC", "ORG", "MISC", "per", "loc", "org", "misc"])), q("q", "Words of the name.")] + page(50, 1000), "EntitiesResponse"),
    "/entities/{id}": {"get": {"operationId": "entity", "summary": "One entity: spellings, roles over time, affiliation, link, mentions per day, co-mentioned entities, quotes, events.",
        "parameters": [{"name": "id", "in": "path", "required": True, "schema": str_, "description": "TYPE:key, as /entities gives it."}],
        "responses": {**resp("EntityProfile"), "404": {"description": "No such entity.", "content": {"application/json": {"schema": ref("Error")}}}}}},
    "/stories": get("stories", "Stories covered by several outlets within days.", [q("from", "First day.", date), q("to", "Last day.", date),
        q("limit", "Stories, 1–50 (default 20).", S("integer", minimum=1, maximum=50))], "StoriesResponse"),
    "/events": get("events", "The corpus event table (CAMEO), filtered, with counts by day and code and by day and QuadClass.",
        [q("from", "First day.", date), q("to", "Last day.", date), q("actor", "Source or target name, or actor code prefix."), q("code", "CAMEO code prefix."),
         q("country", "Alpha-3 country code."), q("status", "reported (default), planned, negated, claimed, several joined by a comma, or all."),
         q("order", "asc (default) or desc.", S("string", enum=["asc", "desc"]))] + page(50, 1000), "EventsResponse"),
    "/graph": get("graph", "Who met whom (reported CAMEO 04x events) and who is mentioned with whom.",
        [q("from", "First day.", date), q("to", "Last day.", date), q("kind", "met, mentioned or both (default).", S("string", enum=["met", "mentioned", "both"])),
         q("limit", "People for the co-mentions, 1–200 (default 40); each kind of edge keeps the 2 × limit heaviest.", S("integer", minimum=1, maximum=200))], "Graph"),
    "/analyze": {"post": {"operationId": "analyze", "summary": "Analyse a text (size-limited; --max-body).",
        "requestBody": {"required": True, "content": {"application/json": {"schema": ref("AnalyzeRequest")}}},
        "responses": {**resp("Analysis"), "413": {"description": "The body is larger than the server takes."}}}},
    "/openapi.json": {"get": {"operationId": "openapi", "summary": "This description.", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
}
doc = {"openapi": "3.1.0",
    "info": {"title": "rasid serve", "version": "1", "description": "The read-only API of a rasid store: search, articles, entities, stories, events, the network, analysis. Errors are {\"error\": message}. With --token, send `Authorization: Bearer TOKEN`.",
             "license": {"name": "MIT OR Apache-2.0"}},
    "servers": [{"url": "/api/v1"}],
    "components": {"schemas": schemas, "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}}},
    "security": [{}, {"bearer": []}],
    "paths": paths}
print(json.dumps(doc, ensure_ascii=False, indent=1))

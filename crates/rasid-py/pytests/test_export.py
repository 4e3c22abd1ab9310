"""`rasid export` read back by the tools analysts use: Parquet by pyarrow and DuckDB, CSV
by Python's csv module (with the byte order mark spreadsheets need), GraphML and GEXF by
networkx, GeoJSON as JSON."""

import csv
import json
import subprocess

import pytest

import rasid

TABLES = ["articles", "entities", "quotes", "events"]


def export(rasid_bin, store, out, *args):
    subprocess.run([rasid_bin, "export", "--store", store, "--out", out, *args], check=True, capture_output=True)
    return out


@pytest.fixture(scope="module")
def exported(rasid_bin, store, tmp_path_factory):
    d = tmp_path_factory.mktemp("export")
    files = {}
    for what in TABLES:
        for fmt in ["csv", "jsonl", "parquet"]:
            files[what, fmt] = export(rasid_bin, store, d / f"{what}.{fmt}", "--what", what, "--format", fmt)
    files["places"] = export(rasid_bin, store, d / "places.geojson", "--what", "places")
    files["graphml"] = export(rasid_bin, store, d / "g.graphml", "--what", "graph", "--format", "graphml")
    files["gexf"] = export(rasid_bin, store, d / "g.gexf", "--what", "graph", "--format", "gexf")
    return files


def test_every_format_has_the_same_rows(exported, store):
    pq = pytest.importorskip("pyarrow.parquet")
    s = rasid.Store(store)
    for what in TABLES:
        raw = exported[what, "csv"].read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), "CSV starts with a UTF-8 byte order mark"
        rows = list(csv.DictReader(raw.decode("utf-8-sig").splitlines(keepends=True)))
        lines = [json.loads(l) for l in exported[what, "jsonl"].read_text(encoding="utf-8").splitlines()]
        table = pq.read_table(exported[what, "parquet"])
        assert len(rows) == len(lines) == table.num_rows > 0, what
        assert list(rows[0].keys()) == list(lines[0].keys()) == table.column_names
        assert table.to_pylist() == lines, what
        frame = s.to_pandas(what)
        assert len(frame) == table.num_rows
    texts = [r["text"] for r in pq.read_table(exported["articles", "parquet"]).to_pylist()]
    assert all("\u0600" <= c <= "\u06ff" for t in texts for c in t[:1]), "Arabic text survives"


def test_duckdb_reads_the_parquet(exported):
    duckdb = pytest.importorskip("duckdb")
    path = str(exported["events", "parquet"])
    con = duckdb.connect()
    n, reported = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE status = 'reported') FROM read_parquet('{path}')"
    ).fetchone()
    assert n > 0 and 0 < reported <= n
    types = {r[0]: r[1] for r in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()}
    assert types["goldstein"] == "DOUBLE" and types["quad_class"] == "BIGINT" and types["code"] == "VARCHAR"


def test_networkx_reads_the_graph(exported):
    nx = pytest.importorskip("networkx")
    g = nx.read_graphml(exported["graphml"])
    assert g.number_of_nodes() > 0 and g.number_of_edges() > 0
    for _, data in g.nodes(data=True):
        assert data["type"] in {"PER", "LOC", "ORG", "MISC"} and data["name"] and data["articles"] >= 1
    for _, _, data in g.edges(data=True):
        assert data["kind"] in {"met", "mentioned"} and data["weight"] >= 1 and data["first"] <= data["last"]
    x = nx.read_gexf(exported["gexf"])
    assert x.number_of_nodes() == g.number_of_nodes()
    assert x.number_of_edges() == g.number_of_edges()


def test_places_are_geojson_points(exported):
    fc = json.loads(exported["places"].read_text(encoding="utf-8"))
    assert fc["type"] == "FeatureCollection" and fc["features"]
    for f in fc["features"]:
        lon, lat = f["geometry"]["coordinates"]
        assert f["geometry"]["type"] == "Point" and -180 <= lon <= 180 and -90 <= lat <= 90
        assert f["properties"]["name"] and f["properties"]["articles"] >= 1


def test_wrong_combinations_are_refused(rasid_bin, store, tmp_path):
    r = subprocess.run(
        [rasid_bin, "export", "--store", store, "--what", "graph", "--format", "csv", "--out", tmp_path / "x"],
        capture_output=True, text=True,
    )
    assert r.returncode != 0 and "graphml or gexf" in r.stderr
    assert not (tmp_path / "x").exists()

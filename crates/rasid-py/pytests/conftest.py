"""Fixtures shared by the tests of the Python package and of `rasid export`: the rasid
binary (RASID_BIN, else target/release/rasid) and a store of the shipped examples."""

import os
import pathlib
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def rasid_bin():
    path = pathlib.Path(os.environ.get("RASID_BIN", ROOT / "target" / "release" / "rasid"))
    if not path.exists():
        pytest.fail(f"{path} not found: build it with `cargo build --release -p rasid-cli` or set RASID_BIN")
    return path


@pytest.fixture(scope="session")
def store(rasid_bin, tmp_path_factory):
    path = tmp_path_factory.mktemp("store") / "examples"
    subprocess.run([rasid_bin, "ingest", EXAMPLES, "--store", path], check=True, capture_output=True)
    return path

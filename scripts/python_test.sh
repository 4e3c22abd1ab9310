#!/usr/bin/env bash
# The Python package: installs it the way the README says (`pip install ./crates/rasid-py`,
# which builds the abi3 wheel with maturin) into a virtual environment under target/,
# with pytest and the tools the export tests read with (pandas, pyarrow, DuckDB,
# networkx), then runs crates/rasid-py/pytests against the release CLI.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${RASID_VENV:-target/py-venv}
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check pytest pandas pyarrow duckdb networkx
"$venv/bin/pip" install -q --disable-pip-version-check --force-reinstall ./crates/rasid-py
cargo build --release -q -p rasid-cli
RASID_BIN=target/release/rasid "$venv/bin/python" -m pytest -q crates/rasid-py/pytests

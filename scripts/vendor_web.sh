#!/usr/bin/env bash
# Re-fetches the web interface's vendored libraries and map from the npm registry into
# crates/rasid-serve/assets/vendor/ (committed; the server compiles them in and fetches
# nothing at run time). Pinned versions; each file's licence is copied beside it.
#   d3 7.9.2 (ISC, Mike Bostock): charts, force layout, map projection.
#   topojson-client 3.1.0 (ISC, Mike Bostock): TopoJSON → GeoJSON for the map.
#   world-atlas 2.0.2 (ISC; shapes from Natural Earth, public domain): countries-110m.json.
set -euo pipefail
cd "$(dirname "$0")/.."
out=crates/rasid-serve/assets/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm init -y > /dev/null && npm install --no-audit --no-fund --silent d3@7.9.2 topojson-client@3.1.0 world-atlas@2.0.2)
m="$work/node_modules"
mkdir -p "$out"
cp "$m/d3/dist/d3.min.js" "$out/d3.min.js"
cp "$m/d3/LICENSE" "$out/LICENSE.d3"
cp "$m/topojson-client/dist/topojson-client.min.js" "$out/topojson-client.min.js"
cp "$m/topojson-client/LICENSE" "$out/LICENSE.topojson-client"
cp "$m/world-atlas/countries-110m.json" "$out/countries-110m.json"
cp "$m/world-atlas/LICENSE" "$out/LICENSE.world-atlas"
# LICENSES.txt (served at /assets/LICENSES.txt) is these three licences with a heading each.
sha256sum "$out"/*.js "$out"/*.json

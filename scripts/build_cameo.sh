#!/usr/bin/env bash
# Rebuilds data/cameo.tsv, the CAMEO code table compiled into rasid (code, Goldstein value,
# name), from GDELT's two lookup tables in ../shared/data/events/cameo (free and open, cite
# the GDELT Project; CAMEO by Schrodt et al.; the Goldstein scale by J. Goldstein 1992).
# usage: bash scripts/build_cameo.sh [DIR] > data/cameo.tsv
set -euo pipefail
dir=${1:-../shared/data/events/cameo}
echo "# rasid.cameo 1"
echo "# CAMEO event codes with their Goldstein values and names, joined from GDELT's"
echo "# CAMEO.goldsteinscale.txt and CAMEO.eventcodes.txt by scripts/build_cameo.sh."
printf 'code\tgoldstein\tname\n'
join -t $'\t' <(tail -n +2 "$dir/CAMEO.goldsteinscale.txt" | tr -d '\r' | sort) \
              <(tail -n +2 "$dir/CAMEO.eventcodes.txt" | tr -d '\r' | sort) | sort

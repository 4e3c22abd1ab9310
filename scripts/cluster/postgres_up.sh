#!/usr/bin/env bash
# Starts a private PostgreSQL server for rasid's cluster test and benchmarks, installing
# Debian's postgresql first when the machine has none, and prints its URL.
#
#   pg=$(bash scripts/cluster/postgres_up.sh) && eval "$pg"   # sets RASID_DB, RASID_PSQL
#
# The server is the machine's own PostgreSQL binaries run on a data directory of ours
# (RASID_PG_DATA, default /tmp/rasid-pg), on 127.0.0.1:RASID_PG_PORT (default 55432), with
# trust authentication on loopback: a test server, not a production one. Run again, it
# finds the server up and only prints the URL. `bash scripts/cluster/postgres_up.sh stop`
# stops it.
set -euo pipefail
data=${RASID_PG_DATA:-/tmp/rasid-pg}
port=${RASID_PG_PORT:-55432}
db=${RASID_PG_DB:-rasid}

if ! ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1; then
  echo "installing postgresql (apt-get)" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null
fi
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)

# PostgreSQL refuses to run as root: as root, the server runs as the postgres user the
# Debian package made.
if [ "$(id -u)" = 0 ]; then
  owner=postgres
  as() { su "$owner" -s /bin/sh -c "$*"; }
else
  owner=$(id -un)
  as() { sh -c "$*"; }
fi

if [ "${1:-}" = stop ]; then
  as "'$bin/pg_ctl' -D '$data' -m fast stop" >&2 || true
  exit 0
fi

if [ ! -f "$data/PG_VERSION" ]; then
  mkdir -p "$data"
  chown "$owner" "$data"
  as "'$bin/initdb' -D '$data' -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8" > /dev/null
fi
if ! as "'$bin/pg_ctl' -D '$data' status" > /dev/null 2>&1; then
  # Settings for a loader on a small machine (the defaults are for a 1990s server).
  as "'$bin/pg_ctl' -D '$data' -l '$data/server.log' -w start -o \"-p $port -k /tmp -c listen_addresses=127.0.0.1 -c shared_buffers=256MB -c work_mem=32MB -c maintenance_work_mem=256MB -c max_wal_size=2GB -c synchronous_commit=off\"" >&2
fi
if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" | grep -q 1; then
  "$bin/psql" -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE $db" >&2
fi
echo "export RASID_DB=postgres://postgres@127.0.0.1:$port/$db RASID_PSQL=$bin/psql"

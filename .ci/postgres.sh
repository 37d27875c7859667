#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests on 127.0.0.1 and prints its DSN.
# Installs Debian's postgresql when no server binaries are found. Safe to call twice: a cluster
# already answering on the port is reused.
set -euo pipefail
port=${CREATOROPS_PG_PORT:-54329}
dir=${CREATOROPS_PG_DIR:-/tmp/creatorops-pg-$port}
dsn="postgres://creatorops@127.0.0.1:$port/creatorops?sslmode=disable"

find_bin() {
  local b
  for b in /usr/lib/postgresql/*/bin; do
    [ -x "$b/initdb" ] && { echo "$b"; return 0; }
  done
  return 1
}

if ! bin=$(find_bin); then
  echo "postgres.sh: installing Debian's postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bin=$(find_bin)
fi

# PostgreSQL refuses to run as root: run it as the postgres user (created by the package) or nobody.
runas=""
if [ "$(id -u)" = 0 ]; then
  user=postgres
  id -u postgres >/dev/null 2>&1 || user=nobody
  runas="runuser -u $user --"
fi

if $runas "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
  echo "$dsn"
  exit 0
fi

if [ ! -s "$dir/PG_VERSION" ]; then
  rm -rf "$dir"
  mkdir -p "$dir"
  [ -n "$runas" ] && chown "${user}" "$dir"
  $runas "$bin/initdb" -D "$dir" -U creatorops --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
fi
# Tests drop and create many schemas; durability is not what is tested here.
$runas "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w -t 60 start \
  -o "-h 127.0.0.1 -p $port -k /tmp -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" >/dev/null
$runas "$bin/psql" -h 127.0.0.1 -p "$port" -U creatorops -d postgres -qtAc \
  "SELECT 1 FROM pg_database WHERE datname = 'creatorops'" | grep -q 1 ||
  $runas "$bin/createdb" -h 127.0.0.1 -p "$port" -U creatorops creatorops
echo "$dsn"

#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL cluster (from the installed server binaries) on a free
# local port, exported as TEST_DATABASE_URL; the cluster is removed afterwards.
#   scripts/with-postgres.sh npm test
set -euo pipefail

pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$pg_bin" ]; then
  echo "with-postgres: no PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/replyloop-pg.XXXXXX)
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
as_pg() {
  if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi
}
[ "$(id -u)" = 0 ] && chown postgres "$dir"

as_pg "$pg_bin/initdb -D $dir/data -U postgres -A trust --no-sync >/dev/null"
as_pg "$pg_bin/pg_ctl -D $dir/data -l $dir/log -w -o \"-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400\" start >/dev/null"
stop() {
  as_pg "$pg_bin/pg_ctl -D $dir/data -m immediate stop >/dev/null" || true
  rm -rf "$dir"
}
trap stop EXIT

export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
"$@"

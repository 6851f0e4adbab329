#!/usr/bin/env bash
# A throw-away PostgreSQL for the PostgreSQL store tests, on 127.0.0.1:55432 with trust auth.
# Idempotent: reuses a server that already answers there. Prints the connection string on stdout
# (nothing when PostgreSQL cannot be had here; those tests then skip and say why).
set -euo pipefail
port=55432
data=/tmp/dms-test-postgres-$port
connection="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres;Pooling=true"

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ]; then
  echo "start-test-postgres: PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 0
fi
if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port"; then
  echo "$connection"
  exit 0
fi
if ! id postgres >/dev/null 2>&1 || [ "$(id -u)" -ne 0 ]; then
  echo "start-test-postgres: need root and the postgres user to start a server" >&2
  exit 0
fi
if [ ! -f "$data/PG_VERSION" ]; then
  rm -rf "$data"; mkdir -p "$data"; chown postgres "$data"
  su postgres -s /bin/sh -c "'$bin/initdb' -D '$data' -A trust -U postgres" >/dev/null
fi
# A server killed with the session that started it leaves its lock files behind (and its pid may
# belong to another process by now).
is_postgres() { [ "$(cat "/proc/$1/comm" 2>/dev/null)" = postgres ]; }
for lock in "$data/postmaster.pid" "/tmp/.s.PGSQL.$port.lock"; do
  if [ -f "$lock" ] && ! is_postgres "$(head -1 "$lock")"; then
    rm -f "$lock"
  fi
done
su postgres -s /bin/sh -c "'$bin/pg_ctl' -D '$data' -l '$data/server.log' -w -o '-p $port -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off' start" >/dev/null \
  || { echo "start-test-postgres: could not start (see $data/server.log)" >&2; exit 0; }
echo "$connection"

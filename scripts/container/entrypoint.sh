#!/bin/sh
# The entrypoint of the PostgreSQL image that build-postgres-image.sh makes from Debian's
# packages. It honours what the official image's does and what testcontainers sets:
# POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required), POSTGRES_DB (default: the
# user's name). On the first start it runs initdb, then a temporary server that creates the
# database, then the real one — so, like the official image, the log says "database system
# is ready to accept connections" twice, which is what waiting for the server watches for.
set -eu
PGBIN=/usr/lib/postgresql/15/bin
PGDATA=${PGDATA:-/var/lib/postgresql/data}
user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
: "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}"

if [ "${1:-postgres}" = postgres ]; then
  [ "$#" -gt 0 ] && shift
  mkdir -p "$PGDATA" /var/run/postgresql
  chown -R postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  if [ ! -s "$PGDATA/PG_VERSION" ]; then
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" > "$pwfile"
    chown postgres "$pwfile"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA" --username="$user" --pwfile="$pwfile" \
      --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --no-locale >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -o "-c listen_addresses='' -c unix_socket_directories=/var/run/postgresql" -w start
    if [ "$db" != postgres ]; then
      runuser -u postgres -- "$PGBIN/psql" -v ON_ERROR_STOP=1 -h /var/run/postgresql -U "$user" -d postgres \
        -c "create database \"$db\""
    fi
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA" -m fast -w stop
  fi
  exec runuser -u postgres -- "$PGBIN/postgres" -D "$PGDATA" -c listen_addresses='*' \
    -c unix_socket_directories=/var/run/postgresql "$@"
fi
exec "$@"

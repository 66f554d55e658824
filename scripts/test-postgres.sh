#!/usr/bin/env bash
# Make sure a PostgreSQL server runs for the tests and print its URL.
# Installs Debian's postgresql when missing (needs root, as on CI), starts the
# packaged cluster, and creates a throwaway role and database. Idempotent.
# Prints nothing (and the PostgreSQL tests fail loudly) when it cannot.
set -euo pipefail
if [ -n "${LUOSHI_TEST_POSTGRES_URL:-}" ]; then echo "$LUOSHI_TEST_POSTGRES_URL"; exit 0; fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then echo "test-postgres: postgresql not installed and not root" >&2; exit 0; fi
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >"$log" 2>&1 \
    || { cat "$log" >&2; echo "test-postgres: could not install postgresql" >&2; exit 0; }
fi
cluster=$(pg_lsclusters -h | head -n 1)
if [ -z "$cluster" ]; then echo "test-postgres: no PostgreSQL cluster" >&2; exit 0; fi
read -r ver name port status _ <<<"$cluster"
if [ "$status" != online ]; then pg_ctlcluster "$ver" "$name" start >"$log" 2>&1 || { cat "$log" >&2; exit 0; }; fi
psql_su() { su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAtc \"$1\"" ; }
if [ "$(psql_su "SELECT 1 FROM pg_roles WHERE rolname='luoshi'")" != 1 ]; then
  psql_su "CREATE ROLE luoshi LOGIN SUPERUSER PASSWORD 'luoshi'" >/dev/null
fi
if [ "$(psql_su "SELECT 1 FROM pg_database WHERE datname='luoshi_test'")" != 1 ]; then
  psql_su "CREATE DATABASE luoshi_test OWNER luoshi" >/dev/null
fi
echo "postgresql://luoshi:luoshi@127.0.0.1:$port/luoshi_test"

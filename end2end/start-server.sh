#!/usr/bin/env bash
# Starts the debug server for the end-to-end suite with its own fresh data directory and,
# for PostgreSQL, its own fresh database. A test that restarts a server of its own passes
# E2E_DATA_DIR (and E2E_DB_NAME for PostgreSQL) to start it again on the same data.
# Arguments, if any, run that server command on the same data instead of serving.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${E2E_DATA_DIR:-$(mktemp -d /tmp/sparring-e2e.XXXXXX)}"
export SPARRING_DATA_DIR="$data"
export SPARRING_ADDR="127.0.0.1:${E2E_PORT:-3917}"
export SPARRING_LOG="${SPARRING_LOG:-warn}"
export LEPTOS_SITE_ROOT="$PWD/target/site"
if [ "${E2E_DATABASE:-sqlite}" = postgres ]; then
  admin="${E2E_ADMIN_DATABASE_URL:?set E2E_ADMIN_DATABASE_URL}"
  name="${E2E_DB_NAME:-sparring_e2e_$(date +%s)_$$}"
  if [ -z "$(psql "$admin" -tAq -c "SELECT 1 FROM pg_database WHERE datname = '$name'")" ]; then
    psql "$admin" -q -c "CREATE DATABASE $name"
  fi
  export DATABASE_URL="${admin%/*}/$name"
fi
if [ $# -eq 0 ]; then set -- serve; fi
exec target/debug/server "$@"

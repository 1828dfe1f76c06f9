#!/usr/bin/env bash
# Starts the local PostgreSQL cluster from Debian's package (if it isn't running) and gives
# the postgres role the password "postgres" for TCP connections from tests.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
ver=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
if [ -z "$ver" ]; then echo "PostgreSQL is not installed; run scripts/setup.sh" >&2; exit 1; fi
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  echo "[postgres] starting cluster $ver/main"
  as_root pg_ctlcluster "$ver" main start
fi
for _ in $(seq 1 30); do
  pg_isready -h 127.0.0.1 -p 5432 -q && break
  sleep 1
done
as_root su postgres -c "psql -q -c \"ALTER USER postgres PASSWORD 'postgres'\"" >/dev/null
echo "[postgres] ready at 127.0.0.1:5432"

#!/usr/bin/env bash
# Runs every test: unit and integration tests against SQLite and PostgreSQL, then the
# Playwright end-to-end tests in Debian's Chromium against both engines.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

say() { printf '\033[1;32m[test]\033[0m %s\n' "$*"; }

bash scripts/setup.sh

say "building the site (server + WASM)"
cargo leptos build

say "problem validation through the real sandbox"
for dir in server/tests/fixtures/problems problems; do
  if ls "$dir"/*/problem.toml >/dev/null 2>&1; then
    target/debug/server problems validate "$dir"
  fi
done

say "unit and integration tests (SQLite)"
cargo test -p app -p server --features app/ssr

say "the sandbox as an ordinary user (no root, a cgroup subtree it owns)"
bash scripts/sandbox-as-user.sh

# PostgreSQL: use TEST_DATABASE_URL if given, else start the local Debian cluster.
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  bash scripts/postgres.sh
  export TEST_DATABASE_URL="postgres://postgres:postgres@127.0.0.1:5432/postgres"
fi
say "integration tests (PostgreSQL)"
cargo test -p server --features app/ssr --test api

say "end-to-end tests (SQLite)"
(cd end2end && E2E_DATABASE=sqlite npx playwright test)

say "end-to-end tests (PostgreSQL)"
(cd end2end && E2E_DATABASE=postgres E2E_ADMIN_DATABASE_URL="$TEST_DATABASE_URL" npx playwright test)

say "all tests passed"

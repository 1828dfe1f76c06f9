#!/usr/bin/env bash
# Runs Sparring on embedded defaults: builds what is missing (release), then starts the
# server. Options: see `target/release/server --help`, or set SPARRING_* variables.
# Pass --dev for a faster debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/.tools/node_modules/.bin:$PATH"

profile=release
if [ "${1:-}" = "--dev" ]; then profile=debug; shift; fi

bash scripts/setup.sh
if [ "$profile" = release ]; then
  cargo leptos build --release
  export LEPTOS_ENV=PROD
else
  cargo leptos build
fi

export LEPTOS_SITE_ROOT="$PWD/target/site"
exec "target/$profile/server" "$@" serve

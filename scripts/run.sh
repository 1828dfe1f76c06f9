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
  # --precompress writes .br and .gz beside every static file; the server sends them to
  # browsers that accept them (the 2.3 MB WASM bundle travels as 857 KB gzipped, less as brotli).
  # Bundle files are named by their content hash (the server reads target/release/hash.txt),
  # so browsers may keep them for a year.
  export LEPTOS_HASH_FILES=true
  cargo leptos build --release --precompress
  export LEPTOS_ENV=PROD
else
  cargo leptos build
fi

export LEPTOS_SITE_ROOT="$PWD/target/site"
exec "target/$profile/server" "$@" serve

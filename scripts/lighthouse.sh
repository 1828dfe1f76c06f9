#!/usr/bin/env bash
# Lighthouse (its default mobile profile: a mid-range phone on a slow 4G link) against the
# landing page of a release build served as scripts/run.sh serves it: hashed, precompressed
# files. Prints the performance and accessibility scores, LCP and the bytes transferred;
# docs/benchmarks.md keeps the last results. Uses Debian's Chromium, never a browser download.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"
LIGHTHOUSE_VERSION=12.2.3 # 13 needs Node 22
PORT=${LIGHTHOUSE_PORT:-3931}
SITE="$ROOT/target/site-bench"

bash scripts/setup.sh
if ! lighthouse --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "lighthouse@$LIGHTHOUSE_VERSION"
fi

# Its own site root, so a benchmark never replaces the files a running test server serves.
export LEPTOS_HASH_FILES=true
LEPTOS_SITE_ROOT="$SITE" cargo leptos build --release --precompress

data=$(mktemp -d)
LEPTOS_ENV=PROD LEPTOS_SITE_ROOT="$SITE" SPARRING_DATA_DIR="$data" SPARRING_ADDR="127.0.0.1:$PORT" \
  SPARRING_LOG=warn target/release/server serve &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 120); do
  curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
  sleep 0.5
done

report=$(mktemp --suffix=.json)
CHROME_PATH=/usr/bin/chromium lighthouse "http://127.0.0.1:$PORT/" \
  --only-categories=performance,accessibility --output=json --output-path="$report" --quiet \
  --chrome-flags="--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync --no-first-run"
node -e '
const r = require(process.argv[1]);
const a = r.audits;
console.log(`performance ${Math.round(r.categories.performance.score * 100)}`);
console.log(`accessibility ${Math.round(r.categories.accessibility.score * 100)}`);
console.log(`LCP ${(a["largest-contentful-paint"].numericValue / 1000).toFixed(2)} s`);
console.log(`FCP ${(a["first-contentful-paint"].numericValue / 1000).toFixed(2)} s`);
console.log(`TBT ${Math.round(a["total-blocking-time"].numericValue)} ms`);
console.log(`transferred ${Math.round(a["total-byte-weight"].numericValue / 1024)} KB`);
' "$report"
rm -f "$report"

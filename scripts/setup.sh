#!/usr/bin/env bash
# Installs everything Sparring needs to build, run and test, skipping what is present.
# Idempotent; prints what it does. Used by scripts/run.sh, scripts/test.sh and .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

CARGO_LEPTOS_VERSION=0.3.10
BINARYEN_VERSION=132
MONACO_VERSION=0.57.0
export PATH="$HOME/.cargo/bin:$ROOT/.tools/node_modules/.bin:$PATH"

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Rust target for the browser bundle.
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. cargo-leptos, pinned (0.3.11 needs a newer rustc), without its own downloads.
if cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "cargo-leptos $CARGO_LEPTOS_VERSION: present"
else
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 17 minutes on 2 cores, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# 3. wasm-bindgen-cli at exactly the version in Cargo.lock.
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ -z "$WB_VERSION" ]; then echo "cannot read the wasm-bindgen version from Cargo.lock" >&2; exit 1; fi
if wasm-bindgen --version 2>/dev/null | grep -q "$WB_VERSION"; then
  say "wasm-bindgen-cli $WB_VERSION: present"
else
  say "installing wasm-bindgen-cli $WB_VERSION (about 6 minutes)"
  # Not --locked: its lockfile pins a webpki-roots the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WB_VERSION"
fi

# 4. Debian packages: Chromium for end-to-end tests, PostgreSQL for the second engine,
#    bubblewrap for the code sandbox, and the interpreters candidates' code runs on.
missing=()
for pkg in chromium postgresql bubblewrap python3 nodejs openjdk-17-jdk-headless; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -eq 0 ]; then
  say "Debian packages (chromium, postgresql, bubblewrap, python3, nodejs, openjdk-17-jdk-headless): present"
else
  say "installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# 5. wasm-opt for release builds: npm binaryen (Debian's older binaryen breaks hydration).
if [ -x .tools/node_modules/.bin/wasm-opt ] && .tools/node_modules/.bin/wasm-opt --version | grep -q "version $BINARYEN_VERSION"; then
  say "wasm-opt (binaryen $BINARYEN_VERSION): present"
else
  say "installing wasm-opt from npm binaryen@$BINARYEN_VERSION into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "binaryen@$BINARYEN_VERSION"
fi

# 6. End-to-end test dependencies, never a browser download (we use Debian's Chromium).
if [ -d end2end/node_modules/@playwright/test ] && [ -d end2end/node_modules/@axe-core/playwright ] \
  && [ end2end/node_modules/.package-lock.json -nt end2end/package-lock.json ]; then
  say "end2end npm packages: present"
else
  say "installing end2end npm packages (no browser download)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 7. Monaco, served from public/vs (never a CDN): the pinned npm package's AMD build.
if [ -f public/vs/loader.js ] && grep -qs "\"version\": \"$MONACO_VERSION\"" .tools/node_modules/monaco-editor/package.json; then
  say "Monaco editor $MONACO_VERSION: present"
else
  say "installing Monaco editor $MONACO_VERSION into public/vs"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --loglevel=error "monaco-editor@$MONACO_VERSION"
  rm -rf public/vs
  cp -r .tools/node_modules/monaco-editor/min/vs public/vs
fi

say "done"

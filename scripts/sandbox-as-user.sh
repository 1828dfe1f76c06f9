#!/usr/bin/env bash
# Runs the sandbox's tests (containment, hostile corpus, limits) as an ordinary user, the way
# a person running Sparring without root would: unprivileged user namespaces for bubblewrap,
# and a cgroup subtree the user owns. Needs root to create the user and hand it the subtree.
# Usage: scripts/sandbox-as-user.sh  (from scripts/test.sh, after the test build)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf '\033[1;32m[test]\033[0m %s\n' "$*"; }

if [ "$(id -u)" != 0 ]; then
  say "already an ordinary user: the sandbox tests ran as one"
  exit 0
fi
USER_NAME=sparring-tester
GROUP_NAME=sparring-user-test
id "$USER_NAME" >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin "$USER_NAME"

# The subtree: on cgroup v2 one directory (with the controllers enabled above it), on v1 one
# per controller; owned by the user, as systemd's delegation or an administrator would make it.
ROOT=/sys/fs/cgroup
if [ -f "$ROOT/cgroup.controllers" ]; then
  echo "+memory +pids +cpu" > "$ROOT/cgroup.subtree_control" || true
  mkdir -p "$ROOT/$GROUP_NAME"
  chown -R "$USER_NAME:" "$ROOT/$GROUP_NAME"
else
  for c in memory pids cpu; do
    mkdir -p "$ROOT/$c/$GROUP_NAME"
    chown -R "$USER_NAME:" "$ROOT/$c/$GROUP_NAME"
  done
fi

# The test binary, copied where the user can read it (the checkout may be private).
BIN=$(cargo test -p app --features ssr --lib --no-run --message-format=json 2>/dev/null \
  | sed -n 's/.*"executable":"\([^"]*\)".*/\1/p' | tail -n 1)
[ -n "$BIN" ] || { echo "cannot find the app test binary" >&2; exit 1; }
WORK=$(mktemp -d /tmp/sparring-user-test.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
install -m 755 "$BIN" "$WORK/app-tests"
chown "$USER_NAME:" "$WORK"

say "sandbox tests as the ordinary user $USER_NAME (cgroup $GROUP_NAME)"
cd "$WORK"
setpriv --reuid "$USER_NAME" --regid "$USER_NAME" --clear-groups --reset-env -- \
  env HOME="$WORK" TMPDIR="$WORK" SPARRING_TEST_SANDBOX_CGROUP="$GROUP_NAME" \
  ./app-tests --test-threads 2 platform::executor::

#!/usr/bin/env bash
# The README's demo command (`npm run demo`): installs what is missing, builds the SDK into pkg/, then
# runs the sandbox with the demo page on http://127.0.0.1:8787 (database kept in ./sandbox.sqlite3).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

HOST="127.0.0.1"
PORT="${DEMO_PORT:-8787}"

step() { printf '\n==> [demo] %s\n' "$*"; }

step "1/4 installing missing tools (bootstrap)"
bash scripts/bootstrap.sh

step "2/4 building the SDK into pkg/"
bash scripts/build.sh

step "3/4 building the sandbox (release; the first build takes a few minutes)"
cargo build --release -p sandbox

step "4/4 starting the sandbox with the demo page"
printf '    open http://%s:%s/ in a browser (Ctrl+C stops it; cards are kept in ./sandbox.sqlite3)\n\n' "$HOST" "$PORT"
# This checkout's www/ and pkg/: the binary's default is the tree it was first built in.
exec cargo run --release -p sandbox -- --host "$HOST" --port "$PORT" --db ./sandbox.sqlite3 --demo \
  --www "$PWD/www" --pkg "$PWD/pkg"

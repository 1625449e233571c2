#!/usr/bin/env bash
# The README's test command (`npm test`): installs what is missing, then runs every check.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

step() { printf '\n==> [test] %s\n' "$*"; }

bash scripts/bootstrap.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "clippy (wasm32)"
cargo clippy -p enrollment-sdk --target wasm32-unknown-unknown --all-targets -- -D warnings

step "cargo test (native)"
cargo test --workspace

step "done"

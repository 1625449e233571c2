#!/usr/bin/env bash
# The README's test command (`npm test`): installs whatever is missing, then runs every check:
# fmt, clippy (native and wasm32), native tests, fuzz smoke, the JS unit tests, the package build,
# the type test, the browser tests in Chromium/Firefox/WebKit, the end-to-end tests of the demo and
# the bench smoke run.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
# Build outputs are kept between runs and clones (a cache, like any CI's): a fresh machine simply
# starts with it empty.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/enrollment-sdk/target}"

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
step() { printf '\n==> [test] %s\n' "$*"; }
# run CMD...: runs a step with its output shown and kept for the final tally.
run() { "$@" 2>&1 | tee -a "$log"; }

step "setup"
bash scripts/bootstrap.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "clippy (native, all targets)"
cargo clippy --workspace --all-targets --all-features -- -D warnings

step "clippy (the SDK's features: default native and wasm32, checkout alone, all in wasm32)"
# The shipped package builds each feature alone (scripts/build.sh): neither may leave dead code.
cargo clippy -p enrollment-sdk --all-targets -- -D warnings
cargo clippy -p enrollment-sdk --target wasm32-unknown-unknown --all-targets -- -D warnings
cargo clippy -p enrollment-sdk --target wasm32-unknown-unknown --all-targets \
  --no-default-features --features checkout -- -D warnings
cargo clippy -p enrollment-sdk --target wasm32-unknown-unknown --all-targets --all-features -- -D warnings

step "native tests (core, sandbox, SDK units)"
run cargo test --workspace

step "fuzz smoke (every target, ${FUZZ_SECONDS:-10}s each)"
bash scripts/fuzz.sh "${FUZZ_SECONDS:-10}"

step "JS unit tests (src/transport.js, fake fetch and timers)"
run node --test tests/js/

step "build the package (pkg/)"
bash scripts/build.sh

step "type test (.d.ts: valid usage compiles, misuse fails)"
tsc -p types
echo "types: ok"

step "browser tests (wasm-bindgen-test) in ${BROWSERS:-chrome firefox safari}"
run bash scripts/browser-tests.sh

step "sandbox release build"
cargo build --release -p sandbox

step "end-to-end tests of the demo (Chromium)"
run node --test --test-concurrency=1 tests/e2e/

step "end-to-end demo flow in Firefox and WebKit"
run node --test --test-concurrency=1 tests/e2e-engines/

step "bench smoke run (measures once; the full run is npm run bench)"
node bench/run.mjs --smoke

# One closing line over every suite: cargo's "test result" lines and node's "# pass/# fail".
passed=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{s+=$4} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
npass=$(grep -E '^# pass [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
nfail=$(grep -E '^# fail [0-9]+' "$log" | awk '{s+=$3} END {print s+0}')
echo
echo "all suites: $((passed + npass)) passed, $((failed + nfail)) failed"

#!/usr/bin/env bash
# Builds every cargo-fuzz target of fuzz/ and runs each for N seconds (first argument, default 10).
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
export PATH="$HOME/.cargo/bin:$PATH"

seconds="${1:-10}"
case "$seconds" in
  '' | *[!0-9]*) echo "usage: scripts/fuzz.sh [seconds per target]" >&2; exit 2 ;;
esac

# cargo-fuzz needs nightly (-Z sanitizer flags); a fresh machine may have stable only.
if ! rustup run nightly rustc --version >/dev/null 2>&1; then
  echo "==> [fuzz] installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi

if ! command -v cargo-fuzz >/dev/null 2>&1; then
  echo "==> [fuzz] installing cargo-fuzz (builds from source the first time)"
  cargo install cargo-fuzz --locked
fi

echo "==> [fuzz] build"
cargo +nightly fuzz build

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for target in $(cargo +nightly fuzz list); do
  echo "==> [fuzz] $target for ${seconds}s"
  # -rss_limit_mb keeps a runaway input from taking the machine; a crash fails the script.
  if ! cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -rss_limit_mb=1024 \
      -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log"
    echo "==> [fuzz] $target FAILED (reproducer under fuzz/artifacts/$target/)" >&2
    exit 1
  fi
  grep -E '^(stat::number_of_executed_units|stat::new_units_added|Done)' "$log" || true
done
echo "==> [fuzz] all targets ran ${seconds}s without a crash"

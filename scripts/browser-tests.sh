#!/usr/bin/env bash
# The SDK's browser tests (wasm-bindgen-test in headless Chromium) against real sandboxes: starts a
# normal and a chaos sandbox on free loopback ports, bakes their URLs into the tests, runs every
# tests/*.rs of the root crate, and stops the sandboxes however the run ends.
# Extra arguments go to `cargo test` through wasm-pack: `--test net`, `--lib`, and a name filter
# after `--` (`--test net -- chaos`).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

target_dir="${CARGO_TARGET_DIR:-$PWD/target}"
logs="$(mktemp -d)"
pids=()
cleanup() {
  local status=$? pid log
  if [[ $status -ne 0 ]]; then
    # The sandboxes' request logs (method, path, status; never a card) help explain a failure.
    for log in "$logs"/*.log; do
      [[ -f "$log" ]] || continue
      echo "--- last lines of $(basename "$log")" >&2
      tail -n 40 "$log" >&2
    done
  fi
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$logs"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A port nothing listens on right now (the OS picks it, we close it again).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_sandbox VAR NAME FLAGS...: starts a sandbox in the background (in this shell, so that the
# trap can stop it) and sets VAR to its URL once it prints its listening line.
start_sandbox() {
  local var="$1" name="$2"
  shift 2
  local log="$logs/$name.log"
  "$target_dir/debug/sandbox" --port 0 --db :memory: --demo "$@" >"$log" 2>&1 &
  local pid="$!" line
  pids+=("$pid")
  for _ in $(seq 1 300); do
    line="$(grep -m1 -o 'sandbox listening on http://127\.0\.0\.1:[0-9]*' "$log" || true)"
    if [[ -n "$line" ]]; then
      printf -v "$var" '%s' "${line#sandbox listening on }"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "browser-tests: the $name sandbox did not start:" >&2
  cat "$log" >&2
  return 1
}

echo "==> [browser-tests] building the sandbox"
cargo build -p sandbox --quiet

# wasm-pack's test server gets a fixed port so that its origin can be allowed in advance: the
# sandboxes grant CORS only to the origins they are told about.
test_port="$(free_port)"
test_origin="http://127.0.0.1:$test_port"
export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:$test_port"

start_sandbox SANDBOX_URL main --allowed-origin "$test_origin"
start_sandbox CHAOS_SANDBOX_URL chaos --allowed-origin "$test_origin" --chaos-rate 0.3
UNREACHABLE_URL="http://127.0.0.1:$(free_port)"

# A second customer, made the way a merchant backend would (the merchant endpoints have no CORS,
# so the browser cannot): the tests check that one customer's token never sees the other's cards.
secret_key="$(sed -n 's/^secret key: //p' "$logs/main.log" | head -n1)"
OTHER_CUSTOMER_TOKEN="$(python3 - "$SANDBOX_URL" "$secret_key" <<'PY'
import json, sys, urllib.request

base, key = sys.argv[1], sys.argv[2]

def post(path, body):
    req = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"private-secret-key": key, "Content-Type": "application/json"})
    with urllib.request.urlopen(req) as resp:
        return json.load(resp)

customer = post("/v1/customers", {"merchant_customer_id": "browser-tests-other"})
print(post("/v1/customers/%s/sessions" % customer["id"], {"expires_in": 86400})["sdk_token"])
PY
)"
export SANDBOX_URL CHAOS_SANDBOX_URL UNREACHABLE_URL OTHER_CUSTOMER_TOKEN
echo "==> [browser-tests] sandbox $SANDBOX_URL, chaos sandbox $CHAOS_SANDBOX_URL, tests at $test_origin"

if [[ ! -f webdriver.json ]]; then
  echo "browser-tests: webdriver.json (the headless Chromium flags) is missing" >&2
  exit 1
fi

# The default 20 s is for the whole of one test file; ours wait for sessions to expire and retry.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"
echo "==> [browser-tests] wasm-pack test --headless --chrome"
CHROMEDRIVER=/usr/bin/chromedriver wasm-pack test --headless --chrome --mode no-install . "$@"

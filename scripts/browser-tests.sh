#!/usr/bin/env bash
# The SDK's browser tests (wasm-bindgen-test) in every engine: Chromium, Firefox and WebKit (WebKitGTK,
# Safari's engine). Starts a normal and a chaos sandbox on free loopback ports, bakes their URLs into
# the tests, runs every tests/*.rs of the root crate once per engine, prints one summary line per
# engine, and stops the sandboxes however the run ends. Exits non-zero if any engine failed.
# BROWSERS picks the engines (default: "chrome firefox safari"; names as wasm-pack's flags).
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

# N distinct ports nothing listens on right now (the OS picks them, all held at once so that no two
# are the same, then closed again).
free_ports() {
  python3 - "$1" <<'PY'
import socket, sys
held = [socket.socket() for _ in range(int(sys.argv[1]))]
for s in held:
    s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in held))
for s in held:
    s.close()
PY
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

# Engines by wasm-pack's flag names; an unknown name is an error, not a skip.
read -r -a browsers <<<"${BROWSERS:-chrome firefox safari}"
engine_name() {
  case "$1" in
    chrome) echo Chromium ;;
    firefox) echo Firefox ;;
    safari) echo WebKit ;;
    *) return 1 ;;
  esac
}
for browser in "${browsers[@]}"; do
  if ! engine_name "$browser" >/dev/null; then
    echo "browser-tests: unknown engine '$browser' in BROWSERS (chrome, firefox, safari)" >&2
    exit 2
  fi
done
if [[ ${#browsers[@]} -eq 0 ]]; then
  echo "browser-tests: BROWSERS names no engine" >&2
  exit 2
fi

if [[ ! -f webdriver.json ]]; then
  echo "browser-tests: webdriver.json (the browsers' headless flags) is missing" >&2
  exit 1
fi

echo "==> [browser-tests] building the sandbox"
cargo build -p sandbox --quiet

# wasm-pack's test server gets a fixed port per engine so that its origin can be allowed in
# advance: the sandboxes grant CORS only to the origins they are told about. One port per engine
# (not one reused) so that a run never waits on the previous engine's socket.
# One more port for UNREACHABLE_URL, on which nothing will listen.
read -r -a ports <<<"$(free_ports $((${#browsers[@]} + 1)))"
declare -A test_port
origins=()
for i in "${!browsers[@]}"; do
  test_port[${browsers[$i]}]="${ports[$i]}"
  origins+=(--allowed-origin "http://127.0.0.1:${ports[$i]}")
done

# These tests decline many cards on the one demo customer, once per engine; the card-testing
# limits have tests of their own (sandbox/tests/api/attempts.rs, tests/e2e/card-testing.test.mjs).
limits=(--session-decline-limit 1000 --customer-decline-limit 100000)
start_sandbox SANDBOX_URL main "${origins[@]}" "${limits[@]}"
start_sandbox CHAOS_SANDBOX_URL chaos "${origins[@]}" "${limits[@]}" --chaos-rate 0.3
UNREACHABLE_URL="http://127.0.0.1:${ports[-1]}"

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
echo "==> [browser-tests] sandbox $SANDBOX_URL, chaos sandbox $CHAOS_SANDBOX_URL"

# The default 20 s is for the whole of one test file; ours wait for sessions to expire and retry.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-600}"

# wasm-pack finds WebKit's driver under Safari's name; WebKitGTK ships it as WebKitWebDriver.
safari_bin="$logs/bin"
mkdir -p "$safari_bin"
ln -s "${WEBKIT_WEBDRIVER:-/usr/bin/WebKitWebDriver}" "$safari_bin/safaridriver"

# run_engine BROWSER ARGS...: the whole suite in one engine, its output kept for the summary.
# The engines run one after another: the same tests, built once into one target dir.
run_engine() {
  local browser="$1"
  shift
  export WASM_BINDGEN_TEST_ADDRESS="127.0.0.1:${test_port[$browser]}"
  # Every feature: the suite covers the enrollment form and the checkout pane (tests/checkout.rs).
  local cmd=(wasm-pack test --headless "--$browser" --mode no-install . --all-features "$@")
  case "$browser" in
    chrome) CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}" "${cmd[@]}" ;;
    firefox) GECKODRIVER="${GECKODRIVER:-$(command -v geckodriver || echo "$HOME/.cargo/bin/geckodriver")}" "${cmd[@]}" ;;
    # WebKitGTK's MiniBrowser has no headless mode: it draws into a virtual X display.
    safari) PATH="$safari_bin:$PATH" xvfb-run -a "${cmd[@]}" ;;
  esac
}

summaries=()
declare -A counts
total_passed=0
total_failed=0
failed_engines=0
mismatch=0
for browser in "${browsers[@]}"; do
  name="$(engine_name "$browser")"
  log="$logs/$browser.out"
  echo "==> [browser-tests] $name: wasm-pack test --headless --$browser (tests at http://127.0.0.1:${test_port[$browser]})"
  set +e
  run_engine "$browser" "$@" 2>&1 | tee "$log"
  status="${PIPESTATUS[0]}"
  set -e
  # One "test result:" line per test binary; their sum is the engine's count. (The empty
  # doc-test run of a wasm32 build has a line too; it counts as no binary.)
  read -r passed failed ignored files < <(
    sed -n 's/.*test result: [A-Za-z]*\. \([0-9]*\) passed; \([0-9]*\) failed; \([0-9]*\) ignored.*/\1 \2 \3/p' "$log" |
      awk '{p += $1; f += $2; i += $3; if ($1 + $2 + $3 > 0) n++} END {print p + 0, f + 0, i + 0, n + 0}'
  )
  counts[$browser]="$passed passed, $ignored ignored"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
  if [[ $status -eq 0 && $failed -eq 0 && $files -gt 0 ]]; then
    verdict="ok"
  else
    verdict="FAILED (exit $status)"
    failed_engines=$((failed_engines + 1))
  fi
  summaries+=("$(printf '%-8s %s: %d passed, %d failed, %d ignored in %d test binaries' \
    "$name" "$verdict" "$passed" "$failed" "$ignored" "$files")")
  echo "==> [browser-tests] ${summaries[-1]}"
done

echo
echo "==> [browser-tests] summary"
printf '    %s\n' "${summaries[@]}"
# Every engine runs the same suite; different counts mean a test ran in one engine and not another
# (or the sources changed between two engines' builds).
if [[ $(printf '%s\n' "${counts[@]}" | sort -u | wc -l) -gt 1 ]]; then
  echo "browser-tests: the engines ran different numbers of tests" >&2
  mismatch=1
fi
echo "browser-tests: $total_passed passed, $total_failed failed"
if [[ $failed_engines -ne 0 ]]; then
  echo "browser-tests: $failed_engines of ${#browsers[@]} engines failed" >&2
fi
[[ $failed_engines -eq 0 && $mismatch -eq 0 ]]

#!/usr/bin/env bash
# Benchmark of `sellkit sync ebay`: pulls N orders (default 100,000, two line items each, 200 a
# page) from the loopback mock in examples/ebay_mock.rs into a fresh database, then again over
# the full database (every order already stored: updates). eBay states no per-second limit for
# the Sell APIs, so nothing is lifted. Prints orders per second and CPU time per order of the
# sellkit process (from /usr/bin/time).
#
#   bench/sync_ebay.sh [N] [PROFILE]      PROFILE: release (default) or debug
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
profile="${2:-release}"
if [ "$profile" = release ]; then cargo build --release --quiet; else cargo build --quiet; fi
cargo build --example ebay_mock --quiet
bin="$PWD/target/$profile/sellkit"
work="$(mktemp -d)"
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

target/debug/examples/ebay_mock "$n" > "$work/url" &
mock_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url="$(head -1 "$work/url")"

export SELLKIT_NOW="2025-11-25T12:00:00Z" NO_COLOR=1
export SELLKIT_CONFIG="$work/config.toml" SELLKIT_DB="$work/bench.db"
export SELLKIT_KEYSTORE=file
export SELLKIT_EBAY_CLIENT_ID=bench-id SELLKIT_EBAY_CLIENT_SECRET=bench-secret
export SELLKIT_EBAY_REFRESH_TOKEN=bench-refresh
"$bin" -q config set auth.credentials_file "$work/credentials.toml" > /dev/null
"$bin" -q config set ebay.base_url "$url" > /dev/null

run() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$bin" sync ebay --only orders --json "$@" > "$work/out.json"
  read -r wall user sys rss < "$work/t"
  local orders calls
  orders=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['marketplaces'][0]['resources'][0]['counts']['orders'])" "$work/out.json")
  calls=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['marketplaces'][0]['calls']['calls'])" "$work/out.json")
  awk -v l="$label" -v o="$orders" -v c="$calls" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
    printf "%-34s %7d orders %5d calls  wall %6.2f s  %8.0f orders/s  CPU %5.2f s (user %.2f + sys %.2f)  %6.1f us CPU/order  peak RSS %d MB\n",
      l, o, c, w, o / w, u + s, u, s, (u + s) * 1e6 / o, m / 1024 }'
}

run "fresh database ($profile)"
run "again, all orders stored (--full)" --full
echo "orders in the database: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM orders').fetchone()[0])" "$work/bench.db")"

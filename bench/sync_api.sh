#!/usr/bin/env bash
# Benchmark of `sellkit sync etsy`: pulls N receipts (default 100,000, two transactions each)
# from the loopback mock in examples/etsy_mock.rs with the rate limits lifted, into a fresh
# database, then again over the full database (every order already stored: updates).
# Prints orders per second and CPU time per order of the sellkit process (from /usr/bin/time).
#
#   bench/sync_api.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-100000}"
cargo build --release --quiet
cargo build --example etsy_mock --quiet
bin="$PWD/target/release/sellkit"
work="$(mktemp -d)"
mock_pid=""
cleanup() {
  [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

target/debug/examples/etsy_mock "$n" > "$work/url" &
mock_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.1; done
url="$(head -1 "$work/url")"

export SELLKIT_NOW="2026-11-25T12:00:00Z" NO_COLOR=1
export SELLKIT_CONFIG="$work/config.toml" SELLKIT_DB="$work/bench.db"
export SELLKIT_KEYSTORE=file
export SELLKIT_ETSY_API_KEY=bench-key SELLKIT_ETSY_SHARED_SECRET=bench-secret
export SELLKIT_ETSY_REFRESH_TOKEN=1.bench-refresh SELLKIT_ETSY_SHOP_ID=1
"$bin" -q config set auth.credentials_file "$work/credentials.toml" > /dev/null
"$bin" -q config set etsy.base_url "$url" > /dev/null
"$bin" -q config set etsy.token_url "$url/v3/public/oauth/token" > /dev/null
"$bin" -q config set etsy.rate_per_second 10000 > /dev/null
"$bin" -q config set etsy.burst 10000 > /dev/null

run() {
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$bin" sync etsy --only orders --json "$@" > "$work/out.json"
  read -r wall user sys rss < "$work/t"
  local orders calls
  orders=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['marketplaces'][0]['resources'][0]['counts']['orders'])" "$work/out.json")
  calls=$(python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['marketplaces'][0]['calls']['calls'])" "$work/out.json")
  awk -v l="$label" -v o="$orders" -v c="$calls" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" 'BEGIN {
    printf "%-34s %7d orders %5d calls  wall %6.2f s  %8.0f orders/s  CPU %5.2f s (user %.2f + sys %.2f)  %6.1f us CPU/order  peak RSS %d MB\n",
      l, o, c, w, o / w, u + s, u, s, (u + s) * 1e6 / o, m / 1024 }'
}

run "fresh database"
run "again, all orders stored (--full)" --full
echo "orders in the database: $(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM orders').fetchone()[0])" "$work/bench.db")"

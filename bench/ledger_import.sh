#!/usr/bin/env bash
# Benchmarks of the ledger (issue "money truth"):
# 1. `sellkit sync import` of a generated Amazon settlement flat file (older typed-fee layout,
#    tab-separated, LINES detail rows; orders alternate a Principal price row and a Commission
#    fee row, and the summary's total-amount is their sum) against the sqlite3 shell's `.import`
#    of the same file into a plain table.
# 2. `sellkit report payouts` on the 10,000-SKU demo shop.
# Wall time and peak RSS come from /usr/bin/time. sellkit runs from a release build.
#
# Usage: bench/ledger_import.sh [LINES]     (default 1000000; BENCH_KEEP=1 keeps the files)
# Needs: cargo, awk, /usr/bin/time, sqlite3 (SQLITE3=/path/to/sqlite3 to choose one).
set -euo pipefail

LINES="${1:-1000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SQLITE3="${SQLITE3:-/usr/bin/sqlite3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sellkit-ledger-bench.XXXXXX")"
if [ -n "${BENCH_KEEP:-}" ]; then echo "files kept in $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

echo "building sellkit (release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)
SELLKIT="$ROOT/target/release/sellkit"

echo "generating a $LINES-row settlement in $WORK..." >&2
awk -v n="$LINES" 'BEGIN {
  OFS = "\t";
  print "settlement-id","settlement-start-date","settlement-end-date","deposit-date","total-amount","currency","transaction-type","order-id","merchant-order-id","adjustment-id","shipment-id","marketplace-name","shipment-fee-type","shipment-fee-amount","order-fee-type","order-fee-amount","fulfillment-id","posted-date","order-item-code","merchant-order-item-id","merchant-adjustment-item-id","sku","quantity-purchased","price-type","price-amount","item-related-fee-type","item-related-fee-amount","misc-fee-amount","other-fee-amount","other-fee-reason-description","promotion-id","promotion-type","promotion-amount","direct-payment-type","direct-payment-amount","other-amount";
  total = 0;
  for (i = 0; i < n; i++) { o = int(i / 2); s = (o * 7919) % 1000; p = 500 + (s % 50) * 100 + (s * 7) % 100;
    if (i % 2 == 0) total += p; else total -= int(p * 15 / 100); }
  printf "90000000001\t2025-08-01T00:00:00+00:00\t2025-08-15T00:00:00+00:00\t2025-08-16T00:00:00+00:00\t%d.%02d\tUSD", int(total / 100), total % 100;
  for (k = 0; k < 30; k++) printf "\t"; printf "\n";
  for (i = 0; i < n; i++) {
    o = int(i / 2); s = (o * 7919) % 1000; p = 500 + (s % 50) * 100 + (s * 7) % 100;
    day = 1 + (o % 14);
    id = sprintf("%03d-%07d-%07d", 111 + o % 3, o, (o * 31) % 10000000);
    if (i % 2 == 0) { pt = "Principal"; pa = sprintf("%d.%02d", int(p / 100), p % 100); ft = ""; fa = ""; }
    else { f = int(p * 15 / 100); pt = ""; pa = ""; ft = "Commission"; fa = sprintf("-%d.%02d", int(f / 100), f % 100); }
    printf "90000000001\t\t\t\t\t\tOrder\t%s\t%s\t\t%d\tAmazon.com\t\t\t\t\tMFN\t2025-08-%02d\t%d\t\t\tSKU-%04d\t1\t%s\t%s\t%s\t%s\t\t\t\t\t\t\t\t\t\n",
      id, id, o, day, o, s, pt, pa, ft, fa;
  }
}' > "$WORK/settlement.txt"
ls -l "$WORK/settlement.txt" | awk '{print "file: " $5 " bytes"}' >&2

echo "== sellkit sync import (release)"
rm -f "$WORK/s.db"
SELLKIT_DB="$WORK/s.db" HOME="$WORK" /usr/bin/time -f "sellkit: %e s wall, %M KB peak" \
  "$SELLKIT" -q sync import "$WORK/settlement.txt"
SELLKIT_DB="$WORK/s.db" HOME="$WORK" "$SELLKIT" report payouts --json \
  | awk '/"difference"/ {d = 1} d && /amount_minor/ {print "payout difference: " $2; exit}'

echo "== sqlite3 .import of the same file"
rm -f "$WORK/plain.db"
/usr/bin/time -f "sqlite3: %e s wall, %M KB peak" "$SQLITE3" "$WORK/plain.db" \
  -cmd ".mode tabs" ".import $WORK/settlement.txt settlement"

echo "== report payouts on the 10,000-SKU demo shop"
export SELLKIT_NOW=2025-06-30T12:00:00Z
SELLKIT_DB="$WORK/demo.db" HOME="$WORK" "$SELLKIT" -q sync demo --skus 10000
for i in 1 2 3; do
  SELLKIT_DB="$WORK/demo.db" HOME="$WORK" /usr/bin/time -f "report payouts: %e s wall, %M KB peak" \
    "$SELLKIT" report payouts --json > /dev/null
done

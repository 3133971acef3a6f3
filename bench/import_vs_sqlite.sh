#!/usr/bin/env bash
# Benchmark: `sellkit sync import` of a generated 1,000,000-line export against the sqlite3
# shell's `.import` of the same file into a plain table (the floor for "just put rows in SQLite").
#
# Two formats: an Amazon All Orders report (tab-separated, 2 items per order) and a Shopify
# orders export (CSV, 2 line items per order, order-level fields on the first row only).
# Wall time and peak RSS come from /usr/bin/time -v. sellkit runs from a release build.
#
# Usage: bench/import_vs_sqlite.sh [LINES]        (default 1000000; BENCH_KEEP=1 keeps the files)
# Needs: cargo, awk, /usr/bin/time, sqlite3 (SQLITE3=/path/to/sqlite3 to choose one).
set -euo pipefail

LINES="${1:-1000000}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SQLITE3="${SQLITE3:-/usr/bin/sqlite3}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/sellkit-bench.XXXXXX")"
# BENCH_KEEP=1 keeps the generated files (and prints where they are).
if [ -n "${BENCH_KEEP:-}" ]; then echo "files kept in $WORK" >&2; else trap 'rm -rf "$WORK"' EXIT; fi

echo "building sellkit (release)..." >&2
(cd "$ROOT" && cargo build --release --quiet)
SELLKIT="$ROOT/target/release/sellkit"

echo "generating $LINES-line files in $WORK..." >&2
# Amazon All Orders: header as documented; 1,000 SKUs; prices vary per SKU; ISO 8601 dates.
awk -v n="$LINES" 'BEGIN {
  OFS = "\t";
  print "amazon-order-id","merchant-order-id","purchase-date","last-updated-date","order-status","fulfillment-channel","sales-channel","order-channel","ship-service-level","product-name","sku","asin","item-status","quantity","currency","item-price","item-tax","shipping-price","shipping-tax","gift-wrap-price","gift-wrap-tax","item-promotion-discount","ship-promotion-discount","ship-city","ship-state","ship-postal-code","ship-country","promotion-ids","cpf","is-business-order","purchase-order-number","price-designation";
  split("US CA GB DE FR", cc, " "); split("Seattle Toronto London Berlin Paris", city, " ");
  for (i = 0; i < n; i++) {
    o = int(i / 2); s = (i * 7919) % 1000; q = 1 + (i % 3);
    day = 1 + (o % 28); mon = 1 + int(o / 28) % 12; hh = o % 24; mm = o % 60;
    d = sprintf("2025-%02d-%02dT%02d:%02d:00+00:00", mon, day, hh, mm);
    c = 1 + (o % 5);
    unit = 500 + (s % 50) * 100 + (s * 7) % 100; total = q * unit;  # item-price = quantity x unit price, in cents
    printf "%03d-%07d-%07d\t\t%s\t%s\tShipped\tAmazon\tAmazon.com\t\tStandard\tProduct %d, size M\tSKU-%04d\tB%09d\tShipped\t%d\tUSD\t%d.%02d\t%d.%02d\t4.99\t0.40\t\t\t-1.00\t0.00\t%s\tST\t%05d\t%s\t\t\tfalse\t\t\n",
      111 + o % 3, o, (o * 31) % 10000000, d, d, s, s, s, q, int(total / 100), total % 100, q, (s * 13) % 100, city[c], 10000 + o % 89999, cc[c];
  }
}' > "$WORK/amazon_orders.txt"

# Shopify orders export: 79 columns; the first row of each order carries the order-level fields.
awk -v n="$LINES" 'BEGIN {
  print "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References";
  tail = ",,,,,,,,,,,,,,,,,,,";
  for (i = 0; i < n; i++) {
    o = int(i / 2); s = (i * 7919) % 1000; q = 1 + (i % 3); p = 5 + s % 50;
    day = 1 + (o % 28); mon = 1 + int(o / 28) % 12;
    d = sprintf("2025-%02d-%02d %02d:%02d:%02d -0500", mon, day, o % 24, o % 60, i % 60);
    if (i % 2 == 0) {
      printf "#%d,buyer%d@example.com,paid,%s,fulfilled,%s,no,USD,%d.00,5.00,1.20,%d.20,SAVE,2.00,Standard,%s,%d,\"Product %d, size M\",%d.00,,SKU-%04d,true,true,fulfilled,Buyer %d,\"1 Main St, Apt 2\",1 Main St,Apt 2,,Springfield,12345,IL,US,,Buyer %d,\"1 Main St, Apt 2\",1 Main St,Apt 2,,Springfield,12345,IL,US,,,,,Bogus Gateway,,0.00,Vendor,0.00,,,,%d,,Low,web,0.00,Tax,1.20,,,,,,,,,,,,Illinois,Illinois,,,,\n",
        1000 + o, o, d, d, 60 + o % 40, 64 + o % 40, d, q, s, p, s, o, o, 5000000 + o;
    } else {
      printf "#%d,buyer%d@example.com,,,,,,,,,,,,,,%s,%d,\"Product %d, size M\",%d.00,,SKU-%04d,true,true,fulfilled,,,,,,,,,,,,,,,,,,,,,,,,,,,Vendor,,,,,,,,,0.00%s\n",
        1000 + o, o, d, q, s, p, s, tail;
    }
  }
}' > "$WORK/shopify_orders.csv"

# Runs a command under /usr/bin/time -v; prints "seconds max_rss_kb".
measure() {
  local log="$WORK/time.log"
  /usr/bin/time -v "$@" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; print s }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
  echo "$wall $rss"
}

printf '\n%-16s %10s %12s %14s %16s %7s %14s\n' format lines file_MB sqlite3_s sellkit_s ratio sellkit_RSS_MB
for fmt in amazon shopify; do
  if [ "$fmt" = amazon ]; then file="$WORK/amazon_orders.txt"; mode=tabs; as=amazon-orders
  else file="$WORK/shopify_orders.csv"; mode=csv; as=shopify-orders; fi
  rm -f "$WORK"/*.db*
  read -r sq_s sq_rss < <(measure "$SQLITE3" "$WORK/plain.db" ".mode $mode" ".import $file t")
  read -r sk_s sk_rss < <(measure env SELLKIT_NOW=2026-01-01T00:00:00Z "$SELLKIT" --db "$WORK/sellkit.db" sync import "$file" --as "$as" -q --format json)
  orders=$("$SQLITE3" "$WORK/sellkit.db" "SELECT COUNT(*) FROM orders")
  lines_db=$("$SQLITE3" "$WORK/sellkit.db" "SELECT COUNT(*) FROM order_lines")
  size=$(awk -v b="$(stat -c %s "$file")" 'BEGIN { printf "%.1f", b / 1048576 }')
  ratio=$(awk -v a="$sk_s" -v b="$sq_s" 'BEGIN { printf "%.2f", a / b }')
  printf '%-16s %10s %12s %14s %16s %7s %14s\n' "$as" "$LINES" "$size" "$sq_s" "$sk_s" "${ratio}x" "$((sk_rss / 1024))"
  echo "  (sqlite3 peak RSS $((sq_rss / 1024)) MB; sellkit wrote $orders orders, $lines_db order lines)" >&2
done

#!/usr/bin/env bash
# Benchmark of `sellkit report` (all sections) over the 10,000-SKU × 3-year demo shop, as a
# table, as the HTML page and as JSON. Prints the median wall time of several runs, the median
# CPU time (user + system: what the run itself cost, whatever else the machine is doing) and
# the peak memory.
#
#   bench/report.sh [RUNS]     (default 5; builds the release binary first)
#   DB=/tmp/big.db bench/report.sh   reuse a filled shop (it gets a forecast run if it has none)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cargo build --release --quiet
bin="$PWD/target/release/sellkit"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 SELLKIT_CONFIG="$work/none.toml"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# measure LABEL CMD...: runs CMD $runs times; median wall and CPU seconds, peak RSS.
measure() {
  local label="$1"; shift
  local wall=() cpu=() rss=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > "$work/out" 2> "$work/err" || { cat "$work/err"; exit 1; }
    read -r e u s m < "$work/t"
    wall+=("$e"); cpu+=("$(awk -v u="$u" -v s="$s" 'BEGIN {print u + s}')"); rss+=("$m")
  done
  printf '%-34s wall median %6.2f s (runs: %s)  cpu median %5.2f s  peak RSS %d MB  output %d KB\n' \
    "$label" "$(printf '%s\n' "${wall[@]}" | median)" "${wall[*]}" \
    "$(printf '%s\n' "${cpu[@]}" | median)" $(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 )) \
    $(( $(wc -c < "$work/out") / 1024 ))
}

db="${DB:-$work/bench.db}"
if [ ! -s "$db" ]; then
  echo "filling the demo shop: sync demo --skus 10000 --days 1095 ..." >&2
  "$bin" --db "$db" sync demo --skus 10000 --days 1095 -q > /dev/null
fi
if [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM sqlite_master WHERE name = 'forecast_runs'")" = 0 ] \
   || [ "$(sqlite3 "$db" "SELECT COUNT(*) FROM forecast_runs")" = 0 ]; then
  echo "forecasting once, so inventory uses a forecast run and the page has fan charts ..." >&2
  "$bin" --db "$db" forecast -q > /dev/null
fi
"$bin" --db "$db" db migrate -q > /dev/null
printf '%s SKUs, %s orders, %s order lines; %s forecast run(s); %s load average\n' \
  "$(sqlite3 "$db" "SELECT COUNT(*) FROM products")" "$(sqlite3 "$db" "SELECT COUNT(*) FROM orders")" \
  "$(sqlite3 "$db" "SELECT COUNT(*) FROM order_lines")" "$(sqlite3 "$db" "SELECT COUNT(*) FROM forecast_runs")" \
  "$(cut -d' ' -f1 /proc/loadavg)"

measure "report (all), table" "$bin" --db "$db" report -q
measure "report (all), html" "$bin" --db "$db" report -q --format html
measure "report (all), html -o FILE" "$bin" --db "$db" report -q --format html -o "$work/report.html"
measure "report (all), json" "$bin" --db "$db" report -q --json
for s in sales inventory forecast brief; do
  measure "report $s, table" "$bin" --db "$db" report "$s" -q
done

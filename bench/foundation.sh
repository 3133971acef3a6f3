#!/usr/bin/env bash
# Benchmarks of the foundation: filling the 10,000-SKU × 3-year demo shop and `report sales`
# over it. Prints the median wall time and the median CPU time (user + sys) of several runs, the
# peak memory (max RSS) and the load average before the runs: on a shared machine wall times are
# upper bounds, CPU times are disturbed less.
#
#   bench/foundation.sh [RUNS]        (default 5; builds the release binary first)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-5}"
cargo build --release --quiet
bin="$PWD/target/release/sellkit"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export SELLKIT_NOW="2026-11-25T12:00:00Z" NO_COLOR=1
export SELLKIT_CONFIG="$work/none.toml"

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# run LABEL CMD...: runs CMD $runs times, prints median seconds and max RSS in MB.
measure() {
  local label="$1"; shift
  local times=() cpus=() rss=() load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  for i in $(seq "$runs"); do
    [ -n "${BEFORE:-}" ] && eval "$BEFORE"
    /usr/bin/time -f "%e %U %S %M" -o "$work/t" "$@" > /dev/null 2> "$work/err" || { cat "$work/err"; exit 1; }
    read -r t u s m < "$work/t"
    times+=("$t"); cpus+=("$(awk -v u="$u" -v s="$s" 'BEGIN {printf "%.2f", u + s}')"); rss+=("$m")
  done
  local med cpu mem
  med=$(printf '%s\n' "${times[@]}" | median)
  cpu=$(printf '%s\n' "${cpus[@]}" | median)
  mem=$(printf '%s\n' "${rss[@]}" | sort -n | tail -1)
  printf '%-48s median %6.2f s wall, %6.2f s CPU  (wall runs: %s)  peak RSS %d MB  (load average %s)\n' \
    "$label" "$med" "$cpu" "${times[*]}" $((mem / 1024)) "$load"
  echo "$med"  > "$work/last_median"
  echo "$cpu"  > "$work/last_cpu"
}

db="$work/bench.db"
BEFORE="rm -f '$db' '$db-wal' '$db-shm'" measure "sync demo --skus 10000 --days 1095 (fresh db)" \
  "$bin" --db "$db" sync demo --skus 10000 --days 1095 -q
lines=$(sqlite3 "$db" "SELECT COUNT(*) FROM order_lines")
orders=$(sqlite3 "$db" "SELECT COUNT(*) FROM orders")
rows=$(sqlite3 "$db" "SELECT (SELECT COUNT(*) FROM orders)+(SELECT COUNT(*) FROM order_lines)+(SELECT COUNT(*) FROM listings)+(SELECT COUNT(*) FROM listing_prices)+(SELECT COUNT(*) FROM offers)+(SELECT COUNT(*) FROM trend_signals)+(SELECT COUNT(*) FROM products)+(SELECT COUNT(*) FROM product_costs)+(SELECT COUNT(*) FROM inventory)+(SELECT COUNT(*) FROM stockouts)")
med=$(cat "$work/last_median")
cpu=$(cat "$work/last_cpu")
awk -v l="$lines" -v o="$orders" -v r="$rows" -v t="$med" -v c="$cpu" 'BEGIN {
  printf "  %d order lines, %d orders, %d rows in all: %.0f order lines/s, %.0f rows/s (wall); %.0f order lines per CPU second\n", l, o, r, l / t, r / t, l / c }'
ls -l "$db" | awk '{printf "  database size %.0f MB\n", $5 / 1048576}'

BEFORE="" measure "report sales (default: last 12 months)" "$bin" --db "$db" report sales
BEFORE="" measure "report sales --json (default window)" "$bin" --db "$db" report sales --json
BEFORE="" measure "report sales --since 2023-01-01 (all 3 years)" "$bin" --db "$db" report sales --since 2023-01-01
BEFORE="" measure "report sales --period day --since 2023-01-01" "$bin" --db "$db" report sales --period day --since 2023-01-01 --json

#!/usr/bin/env bash
# Benchmark of trend scoring: 100,000 terms × 2 years of weekly values (104 weeks), scored with
# the code of `sellkit trends` (seasonal Kendall, seasonal growth, momentum), on one thread and
# on all cores (rayon). Release build. Prints the wall time of each run.
#
#   bench/trends.sh [TERMS] [WEEKS] [RUNS]     (defaults 100000 104 3)
set -euo pipefail
cd "$(dirname "$0")/.."
terms="${1:-100000}"
weeks="${2:-104}"
runs="${3:-3}"
cargo build --release --quiet --example trends_bench
for i in $(seq "$runs"); do
  echo "run $i:" >&2
  target/release/examples/trends_bench "$terms" "$weeks"
done

#!/usr/bin/env bash
# Pipelines over sellkit's JSON. Every document starts with "schema_version"; money is
# {"amount_minor": 1299, "currency": "USD"} and ratios are basis points (margin_bp 2350 = 23.5%).
set -euo pipefail

# Net profit per channel, in dollars.
sellkit report sales --json |
  jq -r '.by_channel[] | "\(.key)\t\(.net_profit.amount_minor / 100)"'

# SKUs whose margin is under 20%, worst first.
sellkit report sales --json |
  jq -r '[.by_sku[] | select(.margin_bp != null and .margin_bp < 2000)] | sort_by(.margin_bp) | .[] | "\(.key)\t\(.margin_bp / 100)%"'

# NDJSON streams one self-contained row per line: months with falling revenue.
sellkit report sales --period month --format ndjson |
  jq -c 'select(.section == "period") | {month: .key, revenue: .revenue.amount_minor}' |
  jq -s 'reduce .[] as $m ({prev: null, out: []}; {prev: $m.revenue, out: (.out + (if .prev != null and $m.revenue < .prev then [$m.month] else [] end))}) | .out'

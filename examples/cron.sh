#!/usr/bin/env bash
# A nightly sellkit job for cron. Install with `crontab -e`:
#   15 6 * * *  $HOME/bin/sellkit-nightly.sh >> $HOME/.local/state/sellkit-nightly.log 2>&1
#
# Results go to files; messages go to the log. Exit codes tell cron what happened:
# 3 = configuration/credentials, 4 = a marketplace API failed, 5 = bad input data.
set -euo pipefail

out="${SELLKIT_REPORTS:-$HOME/sellkit-reports}"
mkdir -p "$out"
day="$(date +%F)"

# Refresh the data. (On a real shop: `sellkit sync import ~/Downloads/EtsySoldOrders*.csv`.)
sellkit -q sync demo

# Yesterday's P&L by day for the last 30 days, as CSV and JSON.
sellkit -q report sales --period day --format csv -o "$out/sales-$day.csv"
sellkit -q report sales --period day --json -o "$out/sales-$day.json"

# A one-line summary for the log.
sellkit report sales --json | jq -r '.totals[] | "\(.currency): net profit \(.net_profit.amount_minor / 100) on \(.orders) orders"'

# Keep a backup of the database, one per day.
sellkit -q db backup "$out/sellkit-$day.db" || true

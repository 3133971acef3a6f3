#!/usr/bin/env bash
# Runs `sellkit sync etsy|ebay|amazon` against mock servers generated from the official API
# specifications (../shared/specs) by Stoplight Prism, a tool sellkit's authors did not write,
# then posts what a seller would: drafts written from the synced data (`agents write --all`,
# `price suggest`, offline), approved in `sellkit review` driven in a pseudo-terminal
# (scripts/conformance/approve.py presses the keys; nothing approves without the review
# screen), replayed through `post --dry-run` and then posted for real to the mocks, which
# validate every request. Prints per marketplace and run the requests made, the request
# violations Prism found, the records sellkit rejected (sync_rejects) and the exit code.
#
#   static  mode: `prism mock SPEC`     answers with the documented examples (or, where a
#                 specification has none, with placeholder values such as "string")
#   dynamic mode: `prism mock -d SPEC`  answers with random data valid against the schemas
#
# Aims: 0 request violations; every sync ends within its page cap (exit 0; 4 only when the
# answers never end: a repeated cursor, or the cap reached, naming the cursor); dynamic mode
# ends with rejects counted (exit 0, or 5 when more than sync.max_reject_percent of a page was
# rejected), never a crash. `post` exits 0, 4 when the marketplace refused a request, or 6 when
# a draft was refused for safety (a mock answering getMe with another shop than the draft's).
#
# Not part of `cargo test`: it installs Prism from the npm registry into a cache outside the
# repository. Network traffic otherwise stays on 127.0.0.1.
#
# usage: scripts/conformance.sh [static|dynamic|both]     (default: both)
# environment: SELLKIT_BIN (default: target/debug/sellkit, built when missing),
#              SELLKIT_SPECS (default: ../shared/specs beside the repository),
#              CONFORMANCE_CACHE (default: ~/.cache/sellkit-conformance),
#              CONFORMANCE_TIMEOUT (seconds per sync, default 180),
#              CONFORMANCE_PAGE_CAP (sync.max_pages_per_resource, default 25),
#              CONFORMANCE_AMAZON_ORDER_PAGES (--max-pages of `sync amazon --only orders`, 60),
#              CONFORMANCE_PORT (first port used, default 47100).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
MODES=${1:-both}
case "$MODES" in
static | dynamic) ;;
both) MODES="static dynamic" ;;
*)
    echo "usage: $0 [static|dynamic|both]" >&2
    exit 2
    ;;
esac
SPECS=${SELLKIT_SPECS:-$ROOT/../shared/specs}
CACHE=${CONFORMANCE_CACHE:-$HOME/.cache/sellkit-conformance}
TIMEOUT=${CONFORMANCE_TIMEOUT:-180}
PAGE_CAP=${CONFORMANCE_PAGE_CAP:-25}
AMAZON_ORDER_PAGES=${CONFORMANCE_AMAZON_ORDER_PAGES:-60}
PORT=${CONFORMANCE_PORT:-47100}
PRISM_VERSION=5.14.2
PRISM=$CACHE/node_modules/.bin/prism

for tool in node npm python3 curl timeout; do
    command -v "$tool" >/dev/null || {
        echo "conformance: $tool is needed" >&2
        exit 3
    }
done
[ -d "$SPECS" ] || {
    echo "conformance: no specifications at $SPECS (set SELLKIT_SPECS)" >&2
    exit 3
}
if [ ! -x "$PRISM" ] || [ "$("$PRISM" --version 2>/dev/null)" != "$PRISM_VERSION" ]; then
    echo "conformance: installing @stoplight/prism-cli@$PRISM_VERSION into $CACHE" >&2
    mkdir -p "$CACHE"
    npm install --prefix "$CACHE" --no-audit --no-fund --silent "@stoplight/prism-cli@$PRISM_VERSION" >&2
fi
BIN=${SELLKIT_BIN:-$ROOT/target/debug/sellkit}
if [ -z "${SELLKIT_BIN:-}" ]; then
    (cd "$ROOT" && cargo build --locked --quiet --bin sellkit)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sellkit-conformance.XXXXXX")
PIDS=()
cleanup() {
    for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
}
trap cleanup EXIT

wait_port() {
    for _ in $(seq 1 240); do
        curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
        sleep 0.5
    done
    echo "conformance: nothing listens on port $1 (see $WORK)" >&2
    exit 1
}

# start_prism LOG PORT SPEC [-d]
start_prism() {
    local log=$1 port=$2 spec=$3
    shift 3
    "$PRISM" mock "$@" -h 127.0.0.1 -p "$port" "$SPECS/$spec" >"$log" 2>&1 &
    PIDS+=($!)
}

# start_router NAME PORT ROUTE...
start_router() {
    local name=$1 port=$2
    shift 2
    node "$ROOT/scripts/conformance/router.mjs" "$port" "$WORK/$name.stats.json" "$@" \
        >"$WORK/$name.router.log" 2>&1 &
    PIDS+=($!)
}

# sk_env CMD...: CMD in a clean environment with the conformance credentials (test values).
sk_env() {
    env -i PATH="$PATH" HOME="$d/home" SELLKIT_NOW="2026-06-30T12:00:00Z" SELLKIT_KEYSTORE=file \
        SELLKIT_ETSY_API_KEY=conformancekeystring SELLKIT_ETSY_SHARED_SECRET=conformancesecret \
        SELLKIT_ETSY_REFRESH_TOKEN=conformance-refresh \
        SELLKIT_EBAY_CLIENT_ID=conformance-id SELLKIT_EBAY_CLIENT_SECRET=conformance-secret \
        SELLKIT_EBAY_REFRESH_TOKEN=conformance-refresh \
        SELLKIT_AMAZON_CLIENT_ID=conformance-id SELLKIT_AMAZON_CLIENT_SECRET=conformance-secret \
        SELLKIT_AMAZON_REFRESH_TOKEN=conformance-refresh SELLKIT_AMAZON_SELLER_ID=A1CONFORMANCE \
        "$@"
}
# sk ARGS...: sellkit on this mode's config and database, with a time bound.
sk() {
    sk_env timeout "$TIMEOUT" "$BIN" --config "$d/config.toml" --db "$d/sellkit.db" "$@"
}

printf '%-8s %-19s %5s %9s %11s %9s %8s  %s\n' mode run exit requests violations rejected seconds note
for mode in $MODES; do
    flag=()
    [ "$mode" = dynamic ] && flag=(-d)
    d=$WORK/$mode
    mkdir -p "$d"
    p=$PORT
    # Etsy: one specification.
    start_prism "$d/prism-etsy.log" $((p + 1)) etsy/etsy-openapi-v3-3.0.0.json "${flag[@]}"
    start_router "$mode-etsy" $((p + 0)) "/v3/application=$((p + 1))"
    # eBay: three, under their base paths.
    start_prism "$d/prism-ebay-fulfillment.log" $((p + 11)) ebay/sell_fulfillment_v1_oas3.json "${flag[@]}"
    start_prism "$d/prism-ebay-inventory.log" $((p + 12)) ebay/sell_inventory_v1_oas3.json "${flag[@]}"
    start_prism "$d/prism-ebay-browse.log" $((p + 13)) ebay/buy_browse_v1_oas3.json "${flag[@]}"
    start_router "$mode-ebay" $((p + 10)) "/sell/fulfillment/v1=$((p + 11))=strip" \
        "/sell/inventory/v1=$((p + 12))=strip" "/buy/browse/v1=$((p + 13))=strip"
    # Amazon: one per API used by `sync amazon`.
    start_prism "$d/prism-amazon-orders.log" $((p + 21)) amazon/ordersV0.json "${flag[@]}"
    start_prism "$d/prism-amazon-listings.log" $((p + 22)) amazon/listingsItems_2021-08-01.json "${flag[@]}"
    start_prism "$d/prism-amazon-fba.log" $((p + 23)) amazon/fbaInventory.json "${flag[@]}"
    start_prism "$d/prism-amazon-pricing.log" $((p + 24)) amazon/productPricingV0.json "${flag[@]}"
    start_prism "$d/prism-amazon-fees.log" $((p + 25)) amazon/productFeesV0.json "${flag[@]}"
    start_router "$mode-amazon" $((p + 20)) "/orders/v0=$((p + 21))" "/listings/2021-08-01=$((p + 22))" \
        "/fba/inventory/v1=$((p + 23))" "/products/pricing/v0=$((p + 24))" "/products/fees/v0=$((p + 25))"
    for port in $((p + 0)) $((p + 1)) $((p + 10)) $((p + 11)) $((p + 12)) $((p + 13)) \
        $((p + 20)) $((p + 21)) $((p + 22)) $((p + 23)) $((p + 24)) $((p + 25)); do
        wait_port "$port"
    done
    cat >"$d/config.toml" <<EOF
[auth]
store = "file"
credentials_file = "$d/credentials.toml"

[sync]
timeout = 10
max_retries = 1
retry_delay_ms = 5
max_pages_per_resource = $PAGE_CAP

[etsy]
base_url = "http://127.0.0.1:$((p + 0))"
token_url = "http://127.0.0.1:$((p + 0))/v3/public/oauth/token"
rate_per_second = 50
burst = 50

[ebay]
base_url = "http://127.0.0.1:$((p + 10))"
token_url = "http://127.0.0.1:$((p + 10))/identity/v1/oauth2/token"

[amazon]
endpoint = "http://127.0.0.1:$((p + 20))"
token_url = "http://127.0.0.1:$((p + 20))/auth/o2/token"
EOF
    # Each resource on its own (so that one stopping does not hide the others), on one database;
    # then the posting runs (see the top).
    for run in etsy:listings etsy:orders ebay:listings ebay:orders ebay:offers \
        amazon:orders amazon:listings amazon:inventory amazon:offers \
        all:drafts all:review etsy:post-dry-run etsy:post ebay:post-dry-run ebay:post \
        amazon:post-dry-run amazon:post; do
        market=${run%%:*}
        resource=${run#*:}
        before=$(python3 -c 'import json,sys
try: print(json.load(open(sys.argv[1]))["requests"])
except Exception: print(0)' "$WORK/$mode-$market.stats.json")
        start=$(date +%s)
        set +e
        case $resource in
        drafts)
            # The offline listing writer and pricing analyst: no network.
            { sk agents write --all --new && sk price suggest; } >"$d/$run.out.json" 2>"$d/$run.err.txt"
            ;;
        review)
            sk_env timeout "$TIMEOUT" python3 "$ROOT/scripts/conformance/approve.py" "$d/review.screen.txt" -- \
                "$BIN" --config "$d/config.toml" --db "$d/sellkit.db" \
                >"$d/$run.out.json" 2>"$d/$run.err.txt"
            ;;
        post-dry-run)
            sk --json post --dry-run --marketplace "$market" >"$d/$run.out.json" 2>"$d/$run.err.txt"
            ;;
        post)
            sk --json post --marketplace "$market" >"$d/$run.out.json" 2>"$d/$run.err.txt"
            ;;
        *)
            # getOrderItems is paced at 0.5/s after a burst of 30 (Amazon's usage plan, which
            # sellkit keeps); random answers give most orders several items pages, so that
            # walk is bounded by --max-pages to fit the time bound (complete=False then).
            bound=()
            [ "$run" = amazon:orders ] && bound=(--max-pages "$AMAZON_ORDER_PAGES")
            sk --json sync "$market" --only "$resource" "${bound[@]}" >"$d/$run.out.json" 2>"$d/$run.err.txt"
            ;;
        esac
        rc=$?
        set -e
        secs=$(($(date +%s) - start))
        # Let the router write its last counts.
        sleep 0.3
        python3 - "$d" "$run" "$mode" "$rc" "$secs" "$WORK/$mode-$market.stats.json" "$before" <<'PY'
import glob, json, os, re, sqlite3, sys
d, run, mode, rc, secs, stats_file, before = sys.argv[1:]
market, resource = run.split(":")
posting = resource.startswith("post")
local = market == "all"  # drafts and review: no marketplace, no network
try:
    stats = json.load(open(stats_file))
except (OSError, ValueError):
    stats = {"requests": 0}
requests = stats.get("requests", 0) - int(before)
# Violations are counted per run: the logs are read from where the last run left them.
mark_file = os.path.join(d, f"{market}.violations")
seen = int(open(mark_file).read()) if os.path.exists(mark_file) else 0
total = 0
for log in glob.glob(os.path.join(d, f"prism-{market}*.log")):
    for line in open(log, errors="replace"):
        # Prism's request validator: "Violation: request.query.limit ..." (response checks
        # are not sellkit's doing and are left out).
        if re.search(r"Violation: request", line):
            total += 1
open(mark_file, "w").write(str(total))
violations = total - seen
rejected = 0
db = None
try:
    db = sqlite3.connect(os.path.join(d, "sellkit.db"))
    rejected = db.execute(
        "SELECT COUNT(*) FROM sync_rejects WHERE marketplace = ? AND resource = ?",
        (market, "listings" if resource == "inventory" and market == "ebay" else resource),
    ).fetchone()[0]
except sqlite3.Error:
    pass


def out_doc():
    try:
        return json.load(open(os.path.join(d, f"{run}.out.json")))
    except (OSError, ValueError):
        return None


note = ""
err = open(os.path.join(d, f"{run}.err.txt"), errors="replace").read().strip().splitlines()
errors = [l for l in err if "error:" in l]
warnings = [l for l in err if "pagination stopped" in l]
if rc == "124":
    note = "timed out"
elif resource == "drafts":
    try:
        rows = db.execute("SELECT kind, marketplace, COUNT(*) FROM drafts WHERE status = 'pending' GROUP BY 1, 2 ORDER BY 2, 1").fetchall()
        note = "pending drafts: " + (", ".join(f"{m} {k} {n}" for k, m, n in rows) or "none")
    except (sqlite3.Error, AttributeError):
        note = "no drafts table"
    if errors:
        note += "; " + errors[-1][:120]
elif resource == "review":
    out = open(os.path.join(d, f"{run}.out.json")).read().strip()
    note = f"approved in the review screen: {out or '?'}"
    try:
        rows = db.execute("SELECT d.marketplace, COUNT(*) FROM approvals a JOIN drafts d ON d.id = a.draft_id WHERE a.decision = 'approved' AND a.how LIKE 'tty%' GROUP BY 1 ORDER BY 1").fetchall()
        note += " (" + (", ".join(f"{m} {n}" for m, n in rows) or "none") + ")"
    except (sqlite3.Error, AttributeError):
        pass
elif posting:
    doc = out_doc()
    if doc is None:
        note = errors[-1][:160] if errors else "no summary"
    else:
        parts = [f"{k} {len(doc.get(k, []))}" for k in ("posted", "failed", "refused", "skipped")]
        if doc.get("dry_run"):
            parts.insert(0, f"{len(doc.get('requests', []))} requests printed")
        reasons = sorted({(i.get("reason") or "")[:70] for k in ("failed", "refused") for i in doc.get(k, [])})
        note = ", ".join(parts) + (("; " + " | ".join(r for r in reasons if r)[:200]) if reasons else "")
elif errors:
    note = errors[-1][:160]
elif rc == "0":
    doc = out_doc()
    try:
        m = doc["marketplaces"][0]
        pages = sum(r["pages"] for r in m["resources"])
        cut = [r for r in m["resources"] if r.get("pagination_stopped")]
        note = f"{pages} pages, complete={m['complete']}"
        if cut:
            why = cut[0]["pagination_stopped"]
            why = why[why.find(": ") + 2:] if ": " in why else why
            note += f"; ended at a contradicting page: {why[:110]}"
    except (TypeError, KeyError, IndexError):
        note = "no summary"
if local:
    requests = violations = rejected = "-"
elif posting:
    rejected = "-"
print(f"{mode:<8} {run:<19} {rc:>5} {requests:>9} {violations:>11} {rejected:>9} {secs:>8}  {note}")
PY
    done
    cleanup
    PIDS=()
    PORT=$((PORT + 50))
done
echo "logs, databases and outputs: $WORK" >&2

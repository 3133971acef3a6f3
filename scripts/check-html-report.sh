#!/usr/bin/env bash
# Checks the HTML report in a real browser: builds the page from the demo shop, opens it in
# headless Chromium, takes a desktop and a phone screenshot, and fails on a console error, a
# failed load or an empty chart (an <svg> with nothing drawn in the DOM Chromium rendered).
#
#   scripts/check-html-report.sh [OUT_DIR]     (default: a new temp dir; the PNGs stay there)
#
# Needs Debian's chromium (`apt-get install -y chromium`) and python3. SELLKIT=path/to/sellkit
# skips the build.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-$(mktemp -d -t sellkit-html.XXXXXX)}"
mkdir -p "$out"
if [ -z "${SELLKIT:-}" ]; then
  cargo build --quiet --bin sellkit
  SELLKIT="$PWD/target/debug/sellkit"
fi
CHROMIUM="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
[ -n "$CHROMIUM" ] || { echo "check-html-report: chromium not found (apt-get install -y chromium)" >&2; exit 2; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export NO_COLOR=1 SELLKIT_CONFIG="$work/none.toml" SELLKIT_DB="$work/shop.db"
# A fixed clock: a forecast four weeks back (its periods have ended, so accuracy has actuals),
# one today (fan charts and the inventory basis), listing drafts waiting for review.
export SELLKIT_NOW="2025-06-30T12:00:00Z"
"$SELLKIT" sync demo -q > /dev/null
SELLKIT_NOW="2025-06-02T08:00:00Z" "$SELLKIT" forecast -q > /dev/null
"$SELLKIT" forecast -q > /dev/null
"$SELLKIT" agents write --all -q > /dev/null
"$SELLKIT" report --format html -o "$out/report.html" -q
echo "page: $out/report.html ($(wc -c < "$out/report.html") bytes)"

browse() { # browse LOG ARGS...: headless Chromium with no network, profile or background work
  local log="$1"; shift
  timeout 120 "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$(mktemp -d -p "$work")" --enable-logging=stderr --v=0 \
    --hide-scrollbars "$@" 2>> "$log"
}
url="file://$(cd "$out" && pwd)/report.html"
browse "$work/chromium.log" --dump-dom "$url" > "$out/dom.html"
browse "$work/chromium.log" --window-size=1200,5200 --screenshot="$out/desktop.png" "$url" > /dev/null
browse "$work/chromium.log" --window-size=390,9000 --screenshot="$out/phone.png" "$url" > /dev/null
for png in desktop phone; do
  [ -s "$out/$png.png" ] || { echo "check-html-report: no $png screenshot" >&2; exit 1; }
done
echo "screenshots: $out/desktop.png $out/phone.png"

# Console errors and failed loads (the page has no scripts and no external assets: any is a bug).
if grep -E "CONSOLE|Failed to load resource|Uncaught|net::ERR_" "$work/chromium.log" > "$work/errors"; then
  echo "check-html-report: browser console errors:" >&2
  cat "$work/errors" >&2
  exit 1
fi

# Every chart in the rendered DOM has drawn marks; the expected charts are all there.
python3 - "$out/dom.html" <<'PY'
import sys
from html.parser import HTMLParser

MARKS = {"rect", "polyline", "polygon", "circle", "path"}

class Charts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.charts, self.depth, self.current = [], 0, None
    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.current = {"label": dict(attrs).get("aria-label", "?"), "marks": 0}
            self.depth += 1
        elif self.current is not None and tag in MARKS:
            self.current["marks"] += 1
    handle_startendtag = handle_starttag
    def handle_endtag(self, tag):
        if tag == "svg" and self.current is not None:
            self.depth -= 1
            if self.depth == 0:
                self.charts.append(self.current)
                self.current = None

p = Charts()
p.feed(open(sys.argv[1], encoding="utf-8").read())
bad = [c for c in p.charts if c["marks"] == 0]
for c in p.charts:
    print(f"  chart {c['label']!r}: {c['marks']} marks")
want = ["Revenue and net profit by period", "Net profit by channel", "Top SKUs by net profit",
        "Net sales by ship-to country", "Stockout timeline"]
labels = [c["label"] for c in p.charts]
missing = [w for w in want if w not in labels]
fans = sum(1 for l in labels if l.startswith("Forecast for"))
if bad or missing or fans == 0:
    print(f"check-html-report: empty charts {bad}, missing {missing}, fan charts {fans}", file=sys.stderr)
    sys.exit(1)
print(f"{len(p.charts)} charts, all drawn")
PY
echo "check-html-report: ok"

#!/usr/bin/env bash
# Forecast accuracy and speed: sellkit against the statsforecast peer, side by side, in one run,
# on every data set of the shared benchmark folder. Both are scored by the same score.py
# (points) and bench/score_intervals.py (80% and 95% intervals: coverage and M4's MSIS). The
# peer runs through bench/statsforecast_peer.py, the shared harness plus `--level 80,95`.
# The table gives each run's wall time, sellkit's CPU time (user + sys, from /usr/bin/time)
# and the 1-minute load average when each run started: on a shared machine, wall times are
# upper bounds.
#
#   bench/forecast_vs_peer.sh              # all sets
#   SETS="m3-monthly" bench/forecast_vs_peer.sh
#
# Settings (environment):
#   SHARED   the shared folder holding data/ and bench/ (default: <repo>/../shared)
#   VENV     virtualenv for the peer, outside the repository (default: /work/venv-peer);
#            created with `pip install statsforecast numpy` when missing
#   OUT      folder for forecasts and JSON results (default: a new temp dir)
#   N_JOBS   worker processes for the peer (default 2, as in the published figures)
#   LEVELS   interval levels for the peer (default 80,95: the levels sellkit always prints)
set -euo pipefail

ROOT="$(git rev-parse --show-toplevel)"
SHARED="${SHARED:-$ROOT/../shared}"
VENV="${VENV:-/work/venv-peer}"
OUT="${OUT:-$(mktemp -d -t sellkit-bench.XXXXXX)}"
N_JOBS="${N_JOBS:-2}"
SETS="${SETS:-m3-monthly retail-monthly retail-quarterly retail-weekly-jewelry intermittent-carparts}"
DATA="$SHARED/data"
HARNESS="$SHARED/bench"
BENCH="$ROOT/bench"
LEVELS="${LEVELS:-80,95}"

[ -f "$HARNESS/score.py" ] || { echo "forecast_vs_peer: $HARNESS/score.py not found; set SHARED" >&2; exit 2; }
case "$(cd "$(dirname "$VENV")" 2>/dev/null && pwd)/$(basename "$VENV")/" in
  "$ROOT"/*) echo "forecast_vs_peer: VENV must be outside the repository" >&2; exit 2 ;;
esac
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import statsforecast, numpy" 2>/dev/null; then
  echo "setting up the peer in $VENV ..." >&2
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q statsforecast numpy
fi
PY="$VENV/bin/python"

echo "building sellkit (release) ..." >&2
(cd "$ROOT" && cargo build -q --release --bin sellkit)
SELLKIT="$ROOT/target/release/sellkit"

# set -> "horizon season_length peer_models"
settings() {
  case "$1" in
    m3-monthly) echo "18 12 AutoETS,AutoTheta" ;;
    retail-monthly) echo "12 12 AutoETS,AutoTheta" ;;
    retail-quarterly) echo "8 4 AutoETS,AutoTheta" ;;
    retail-weekly-jewelry) echo "8 1 CrostonOptimized,AutoETS,AutoTheta" ;;
    intermittent-carparts) echo "6 1 intermittent" ;;
    *) echo "unknown set $1" >&2; exit 2 ;;
  esac
}

now() { date +%s.%N; }

: > "$OUT/results.jsonl"
for set in $SETS; do
  read -r h m models <<<"$(settings "$set")"
  train="$DATA/$set.csv"; test="$DATA/$set-test.csv"
  echo "== $set (h=$h, m=$m)" >&2
  load=$(cut -d' ' -f1 /proc/loadavg)
  t0=$(now)
  # CPU time (user + sys) is disturbed less than wall time by other work on the machine.
  if [ -x /usr/bin/time ]; then
    /usr/bin/time -f "%U %S %M" -o "$OUT/sellkit-$set.time" \
      "$SELLKIT" forecast --input "$train" --horizon "$h" --season-length "$m" --format csv \
      > "$OUT/sellkit-$set.csv" 2> "$OUT/sellkit-$set.log"
    cpu=$(awk 'END { print $1 + $2 }' "$OUT/sellkit-$set.time")
  else
    "$SELLKIT" forecast --input "$train" --horizon "$h" --season-length "$m" --format csv \
      > "$OUT/sellkit-$set.csv" 2> "$OUT/sellkit-$set.log"
    cpu=null
  fi
  t1=$(now)
  wall=$(echo "$t1 - $t0" | bc -l)
  "$PY" "$HARNESS/score.py" --train "$train" --test "$test" --forecasts "$OUT/sellkit-$set.csv" \
      --season-length "$m" --label sellkit \
    | "$PY" -c "import json,sys
for l in sys.stdin:
    r=json.loads(l)
    if r['model']=='y_hat':
        r.update(set='$set', tool='sellkit', wall_s=round($wall,3), cpu_s=$cpu, load=$load); print(json.dumps(r))" >> "$OUT/results.jsonl"
  "$PY" "$BENCH/score_intervals.py" --shared-bench "$HARNESS" --train "$train" --test "$test" \
      --forecasts "$OUT/sellkit-$set.csv" --season-length "$m" \
    | "$PY" -c "import json,sys
for l in sys.stdin:
    r=json.loads(l)
    if r['model']=='y_hat':
        r.update(set='$set', tool='sellkit', kind='intervals'); print(json.dumps(r))" >> "$OUT/results.jsonl"
  peer_load=$(cut -d' ' -f1 /proc/loadavg)
  SHARED_BENCH="$HARNESS" "$PY" "$BENCH/statsforecast_peer.py" --train "$train" --test "$test" --season-length "$m" \
      --horizon "$h" --models "$models" --n-jobs "$N_JOBS" --level "$LEVELS" \
      --save-forecasts "$OUT/peer-$set.csv" 2> "$OUT/peer-$set.log" \
    | "$PY" -c "import json,sys
for l in sys.stdin:
    r=json.loads(l)
    if r['model']!='Naive2':
        r.update(set='$set', tool='statsforecast', load=$peer_load); print(json.dumps(r))" >> "$OUT/results.jsonl"
  "$PY" "$BENCH/score_intervals.py" --shared-bench "$HARNESS" --train "$train" --test "$test" \
      --forecasts "$OUT/peer-$set.csv" --season-length "$m" \
    | "$PY" -c "import json,sys
for l in sys.stdin:
    r=json.loads(l)
    r.update(set='$set', tool='statsforecast', kind='intervals'); print(json.dumps(r))" >> "$OUT/results.jsonl"
done

"$PY" - "$OUT/results.jsonl" <<'PYEOF'
import json, sys
allrows = [json.loads(l) for l in open(sys.argv[1])]
rows = [r for r in allrows if r.get("kind") != "intervals"]
ivals = {(r["set"], r["tool"], r["model"]): r for r in allrows if r.get("kind") == "intervals"}
def f(v, d=3):
    return "—" if v is None else f"{v:.{d}f}"
print(f"{'set':<22} {'tool / model':<30} {'sMAPE':>7} {'MASE':>7} {'OWA':>7} {'RMSSE':>7} {'MAE/mean':>8} "
      f"{'cov80':>6} {'cov95':>6} {'MSIS80':>7} {'MSIS95':>7} {'wall s':>8} {'CPU s':>6} {'load':>5}")
for s in dict.fromkeys(r["set"] for r in rows):
    mine = [r for r in rows if r["set"] == s and r["tool"] == "sellkit"]
    peer = [r for r in rows if r["set"] == s and r["tool"] == "statsforecast"]
    for r in mine + peer:
        name = "sellkit" if r["tool"] == "sellkit" else "statsforecast " + r["model"]
        iv = ivals.get((s, r["tool"], r["model"]), {})
        print(f"{s:<22} {name:<30} {f(r['smape'],2):>7} {f(r['mase']):>7} {f(r['owa']):>7} "
              f"{f(r['rmsse']):>7} {f(r['mae_mean']):>8} "
              f"{f(iv.get('cov_80'),1):>6} {f(iv.get('cov_95'),1):>6} {f(iv.get('msis_80')):>7} {f(iv.get('msis_95')):>7} "
              f"{f(r['wall_s'],2):>8} {f(r.get('cpu_s'),2):>6} {f(r.get('load'),1):>5}")
    if mine and peer:
        total = sum(r["wall_s"] or 0 for r in peer)
        print(f"{'':<22} {'speed-up vs each peer model':<30} " +
              ", ".join(f"{r['model']} {r['wall_s'] / max(mine[0]['wall_s'], 1e-9):.1f}x" for r in peer) +
              f"; vs all peer models together {total / max(mine[0]['wall_s'], 1e-9):.1f}x")
print(f"\nforecasts and JSON lines in {sys.argv[1].rsplit('/', 1)[0]}")
PYEOF

#!/usr/bin/env python3
"""Score prediction intervals against a held-out test set: coverage and M4's MSIS.

    score_intervals.py --train TRAIN.csv --test TEST.csv --forecasts FC.csv --season-length M

Reads the same long CSV files as the shared ../shared/bench/score.py (whose readers and MASE
scale it reuses, so point and interval scores share one definition of the scale). For every
point column MODEL of the forecast file that has interval columns at a level L, named
`MODEL-lo-L`/`MODEL-hi-L` (statsforecast) or `MODEL_lo_L`/`MODEL_hi_L` (sellkit), it prints
one JSON line:

  cov_L   share of test points inside [lo, hi] (ends included), pooled over every series
          and step, in percent (M4 reports its complement as the absolute coverage
          difference, ACD = |cov - L|)
  msis_L  mean over series of the scaled interval score (Makridakis et al. 2020, IJF 36(1),
          eq. for MSIS with a = 1 - L/100):
            (1/h) sum [(U - L) + 2/a (L - y) 1{y < L} + 2/a (y - U) 1{y > U}]
          divided by the in-sample mean absolute seasonal difference (the MASE scale);
          series whose scale is zero are left out (counted in `skipped`).
  width_L mean over series of the scaled mean width (U - L) / scale.

M4 scores MSIS at 95%; the 80% figure is computed the same way with a = 0.2.
"""
from __future__ import annotations

import argparse
import csv
import json
import math
import os
import re
import sys

import numpy as np

COL = re.compile(r"^(?P<model>.+?)(-|_)(?P<side>lo|hi)(-|_)(?P<level>\d+(\.\d+)?)$")


def load_scorer(shared_bench: str):
    sys.path.insert(0, shared_bench)
    import score  # noqa: E402  (the shared scorer)

    return score


def read_intervals(path, norm_ds):
    """{model: {level: {(uid, ds): (lo, hi)}}}"""
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        found = {}
        for c in reader.fieldnames or []:
            m = COL.match(c)
            if m:
                found.setdefault((m["model"], m["level"]), {})[m["side"]] = c
        pairs = {k: v for k, v in found.items() if "lo" in v and "hi" in v}
        out = {}
        for row in reader:
            key = (row["unique_id"], norm_ds(row["ds"]))
            for (model, level), cols in pairs.items():
                out.setdefault(model, {}).setdefault(level, {})[key] = (
                    float(row[cols["lo"]]),
                    float(row[cols["hi"]]),
                )
    return out


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--forecasts", required=True)
    ap.add_argument("--season-length", "-m", type=int, required=True)
    ap.add_argument("--shared-bench", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                            "..", "..", "shared", "bench"),
                    help="folder holding the shared score.py")
    args = ap.parse_args(argv)
    score = load_scorer(args.shared_bench)
    train = score.read_long(args.train)
    test = score.read_long(args.test)
    intervals = read_intervals(args.forecasts, score.norm_ds)
    for model, levels in intervals.items():
        r = {"model": model}
        skipped = 0
        for level, table in sorted(levels.items(), key=lambda kv: float(kv[0])):
            a = 1.0 - float(level) / 100.0
            inside = total = 0
            msis, width = [], []
            skipped = 0
            for uid, (ds, y) in test.items():
                try:
                    lo = np.array([table[(uid, d)][0] for d in ds])
                    hi = np.array([table[(uid, d)][1] for d in ds])
                except KeyError as e:
                    sys.stderr.write(f"{model} {level}%: no interval for {e.args[0]}\n")
                    sys.exit(2)
                inside += int(np.sum((y >= lo) & (y <= hi)))
                total += len(y)
                scale = score.mase_scale(train[uid][1], args.season_length)
                if not scale > 0:
                    skipped += 1
                    continue
                penalty = (hi - lo) + 2.0 / a * (lo - y) * (y < lo) + 2.0 / a * (y - hi) * (y > hi)
                msis.append(float(np.mean(penalty)) / scale)
                width.append(float(np.mean(hi - lo)) / scale)
            lv = level.rstrip("0").rstrip(".") if "." in level else level
            r[f"cov_{lv}"] = 100.0 * inside / total if total else None
            r[f"msis_{lv}"] = float(np.mean(msis)) if msis else None
            r[f"width_{lv}"] = float(np.mean(width)) if width else None
        r["skipped"] = skipped
        print(json.dumps(r))


if __name__ == "__main__":
    main()

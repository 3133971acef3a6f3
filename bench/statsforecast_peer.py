#!/usr/bin/env python3
"""Run the statsforecast peer on a long-format train/test pair and print one JSON line per model.

    python statsforecast_peer.py --train ../data/m3-monthly.csv --test ../data/m3-monthly-test.csv \
        --season-length 12 --horizon 18

For each model the script
  1. warms up: fits and forecasts the first few series once, so first-call costs (imports,
     any JIT compilation, process-pool start-up code paths) are paid before timing; that time
     is reported as warmup_s;
  2. times fit + forecast of every series (wall_s), with n_jobs worker processes;
  3. scores the forecasts with score.py (sMAPE, MASE, OWA against Naive2, RMSSE, MAE/mean).

Frequency: integer ds is treated as an index (freq 1); dated ds has its pandas frequency
inferred from the first series unless --freq is given (MS, W-MON, D, QS-OCT, ...).

This is a copy of ../shared/bench/statsforecast_peer.py with one addition, --level (e.g.
`--level 80,95`): the models also forecast prediction intervals at those levels, inside the
timed call, and --save-forecasts writes them as `MODEL-lo-L`, `MODEL-hi-L` columns (scored by
bench/score_intervals.py). Models with their own interval theory (AutoETS, AutoTheta,
AutoARIMA, AutoCES, Naive, SeasonalNaive, HistoricAverage) use it; the intermittent models
have none in statsforecast, and get its conformal intervals (ConformalIntervals with
h = the horizon and 2 windows; each JSON line names the method in `intervals`).
Without --level the script behaves as the shared one.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time

T_IMPORT = time.perf_counter()
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import statsforecast  # noqa: E402
from statsforecast import StatsForecast  # noqa: E402
from statsforecast import models as sfm  # noqa: E402

IMPORT_S = time.perf_counter() - T_IMPORT

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
# the shared scorer: $SHARED_BENCH, else ../../shared/bench from this copy (the repository's
# sibling folder), else this folder (where the original lives)
sys.path.insert(0, os.environ.get("SHARED_BENCH")
                or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench"))
import score as scoring  # noqa: E402

DEFAULT_MODELS = "AutoETS,CrostonOptimized,SeasonalNaive,Naive"
INTERMITTENT_MODELS = "CrostonClassic,CrostonOptimized,CrostonSBA,TSB,ADIDA,IMAPA,AutoETS,Naive,SeasonalNaive"


NATIVE_INTERVALS = {"AutoETS", "AutoETS-ZZN", "AutoTheta", "AutoARIMA", "AutoCES", "SeasonalNaive", "Naive",
                    "HistoricAverage"}


def build_model(name: str, m: int, conformal_h: int | None = None):
    if conformal_h is not None and name not in NATIVE_INTERVALS:
        from statsforecast.utils import ConformalIntervals

        pi = ConformalIntervals(h=conformal_h, n_windows=2)
        conformal = {
            "CrostonClassic": lambda: sfm.CrostonClassic(prediction_intervals=pi),
            "CrostonOptimized": lambda: sfm.CrostonOptimized(prediction_intervals=pi),
            "CrostonSBA": lambda: sfm.CrostonSBA(prediction_intervals=pi),
            "TSB": lambda: sfm.TSB(alpha_d=0.2, alpha_p=0.2, prediction_intervals=pi),
            "ADIDA": lambda: sfm.ADIDA(prediction_intervals=pi),
            "IMAPA": lambda: sfm.IMAPA(prediction_intervals=pi),
        }
        if name in conformal:
            return conformal[name]()
    builders = {
        "AutoETS": lambda: sfm.AutoETS(season_length=m),
        # non-seasonal search only (error x trend x damping), for engines without seasonal ETS
        "AutoETS-ZZN": lambda: sfm.AutoETS(season_length=m, model="ZZN", alias="AutoETS-ZZN"),
        "AutoTheta": lambda: sfm.AutoTheta(season_length=m),
        "AutoARIMA": lambda: sfm.AutoARIMA(season_length=m),
        "AutoCES": lambda: sfm.AutoCES(season_length=m),
        "SeasonalNaive": lambda: sfm.SeasonalNaive(season_length=m),
        "Naive": lambda: sfm.Naive(),
        "HistoricAverage": lambda: sfm.HistoricAverage(),
        "CrostonClassic": lambda: sfm.CrostonClassic(),
        "CrostonOptimized": lambda: sfm.CrostonOptimized(),
        "CrostonSBA": lambda: sfm.CrostonSBA(),
        # statsforecast's TSB has no optimiser: smoothing weights as in its tutorial on M5.
        "TSB": lambda: sfm.TSB(alpha_d=0.2, alpha_p=0.2),
        "ADIDA": lambda: sfm.ADIDA(),
        "IMAPA": lambda: sfm.IMAPA(),
    }
    if name not in builders:
        sys.exit(f"unknown model {name!r}; known: {', '.join(builders)}")
    return builders[name]()


def load(path: str) -> pd.DataFrame:
    df = pd.read_csv(path, dtype={"unique_id": str})
    missing = {"unique_id", "ds", "y"} - set(df.columns)
    if missing:
        sys.exit(f"{path}: missing column(s) {sorted(missing)}")
    if pd.api.types.is_integer_dtype(df["ds"]):
        return df
    df["ds"] = pd.to_datetime(df["ds"])
    return df


def infer_freq(df: pd.DataFrame):
    if pd.api.types.is_integer_dtype(df["ds"]):
        return 1
    for _, g in df.groupby("unique_id", sort=False):
        if len(g) >= 3:
            f = pd.infer_freq(g["ds"].sort_values())
            if f:
                return f
    sys.exit("cannot infer the frequency; pass --freq")


def to_key(ds):
    if isinstance(ds, (int, np.integer)):
        return int(ds)
    return pd.Timestamp(ds).date().isoformat()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--season-length", "-m", type=int, required=True,
                    help="season length given to the models")
    ap.add_argument("--mase-m", type=int, help="seasonal period for MASE/Naive2 (default: --season-length)")
    ap.add_argument("--horizon", "-H", type=int, required=True)
    ap.add_argument("--freq", help="pandas frequency (default: inferred; integer ds -> 1)")
    ap.add_argument("--models", default=DEFAULT_MODELS,
                    help=f"comma-separated (default {DEFAULT_MODELS}; 'intermittent' = {INTERMITTENT_MODELS})")
    ap.add_argument("--n-jobs", type=int, default=-1, help="worker processes (-1: all cores)")
    ap.add_argument("--warmup-series", type=int, default=3)
    ap.add_argument("--save-forecasts", help="write all models' forecasts as one long CSV")
    ap.add_argument("--level", help="prediction interval levels, comma-separated, e.g. 80,95 (default: none)")
    args = ap.parse_args(argv)
    levels = [int(v) for v in args.level.split(",")] if args.level else None
    conformal_h = args.horizon if levels else None

    models = INTERMITTENT_MODELS if args.models == "intermittent" else args.models
    names = [s.strip() for s in models.split(",") if s.strip()]
    m = args.season_length
    mase_m = args.mase_m or m

    train = load(args.train)
    test = load(args.test)
    freq = args.freq or infer_freq(train)
    n_series = train["unique_id"].nunique()
    cpus = os.cpu_count() or 1
    n_jobs = cpus if args.n_jobs == -1 else args.n_jobs

    tr_long = scoring.read_long(args.train)
    te_long = scoring.read_long(args.test)
    first_ids = train["unique_id"].drop_duplicates().iloc[: args.warmup_series]
    warm_df = train[train["unique_id"].isin(first_ids)]

    all_fc = None
    common = {
        "tool": "statsforecast",
        "version": statsforecast.__version__,
        "dataset": os.path.basename(args.train),
        "horizon": args.horizon,
        "season_length": m,
        "mase_m": mase_m,
        "freq": str(freq),
        "n_jobs": n_jobs,
        "cpu_count": cpus,
        "python": platform.python_version(),
        "import_s": round(IMPORT_S, 3),
    }
    naive2_line = None
    for name in names:
        t0 = time.perf_counter()
        StatsForecast(models=[build_model(name, m, conformal_h)], freq=freq, n_jobs=1).forecast(
            df=warm_df, h=args.horizon, level=levels)
        warm = time.perf_counter() - t0

        sf = StatsForecast(models=[build_model(name, m, conformal_h)], freq=freq, n_jobs=n_jobs)
        t0 = time.perf_counter()
        fc = sf.forecast(df=train, h=args.horizon, level=levels)
        wall = time.perf_counter() - t0

        fc = fc.reset_index() if "unique_id" not in fc.columns else fc
        point_cols = [c for c in fc.columns if c not in ("unique_id", "ds") and not scoring.INTERVAL_COL.search(c)]
        col = point_cols[0]
        interval_cols = [c for c in fc.columns if scoring.INTERVAL_COL.search(c)]
        table = {(str(u), to_key(d)): float(v) for u, d, v in zip(fc["unique_id"], fc["ds"], fc[col])}
        res = scoring.score(tr_long, te_long, {name: table}, mase_m)
        r, naive2_line = res[0], res[1]
        print(json.dumps({**common, "model": name, "series": n_series, "wall_s": round(wall, 3),
                          "warmup_s": round(warm, 3),
                          "intervals": None if not levels else
                          ("native" if name in NATIVE_INTERVALS else "conformal"),
                          **{k: r[k] for k in ("smape", "mase", "owa", "rmsse", "mae_mean", "skipped")}}),
              flush=True)
        rename = {col: name, **{c: name + c[len(col):] for c in interval_cols if c.startswith(col)}}
        part = fc[["unique_id", "ds", col, *interval_cols]].rename(columns=rename)
        all_fc = part if all_fc is None else all_fc.merge(part, on=["unique_id", "ds"])
    if naive2_line is not None:
        print(json.dumps({**common, "model": "Naive2", "series": n_series, "wall_s": None, "warmup_s": None,
                          **{k: naive2_line[k] for k in ("smape", "mase", "owa", "rmsse", "mae_mean", "skipped")},
                          "note": "M4 reference, computed by score.py"}), flush=True)
    if args.save_forecasts and all_fc is not None:
        if not pd.api.types.is_integer_dtype(all_fc["ds"]):
            all_fc["ds"] = pd.to_datetime(all_fc["ds"]).dt.strftime("%Y-%m-%d")
        all_fc.to_csv(args.save_forecasts, index=False)


if __name__ == "__main__":
    main()

//! Demand forecasting: per-series demand classification, candidate models, selection by
//! rolling-origin backtest, prediction intervals, and the inventory arithmetic built on them.
//!
//! The core is pure: it takes numbers and settings and returns numbers. It never prints,
//! reads the environment or the clock. Series are `f64` slices in which `NaN` marks a period
//! with no observation (for demand: a day out of stock, whose zero sales say nothing about
//! demand); see [`mask_stockouts`].
//!
//! Models (see `models/`): naive and seasonal naive; ETS with automatic selection by AICc
//! (our own implementation, seasonal models included); the Theta method (classic and the
//! AutoTheta family); Croston, SBA, optimised Croston, TSB, ADIDA and IMAPA; and combinations.

pub mod classify;
pub mod inventory;
pub mod longcsv;
pub mod models;
pub mod stats;

use rayon::prelude::*;
use serde::Serialize;

pub use classify::{Classification, DemandClass, classify};
use models::ets::{self, EtsOptions};
use models::intermittent::{self, Croston};
use models::{naive, theta};

/// How to forecast.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    /// Periods to forecast.
    pub horizon: usize,
    /// Season length in periods (12 monthly, 4 quarterly, 7 daily with a weekly pattern, 1 none).
    pub season_length: usize,
    /// Rolling-origin backtest windows used to choose among candidates (0: no backtest, use
    /// the default model of the demand class).
    pub backtest_windows: usize,
    /// Clip forecasts and lower bounds at zero (demand cannot be negative).
    pub non_negative: bool,
}

impl Settings {
    pub fn new(horizon: usize, season_length: usize) -> Self {
        Settings {
            horizon,
            season_length: season_length.max(1),
            backtest_windows: 2,
            non_negative: true,
        }
    }
}

/// One model's forecast before intervals are attached.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub model: String,
    pub point: Vec<f64>,
    /// Forecast variance per step.
    pub variance: Vec<f64>,
}

/// The forecast of one series.
#[derive(Debug, Clone, Serialize)]
pub struct Forecast {
    /// Chosen model, e.g. `ets_theta` or `tsb`.
    pub model: String,
    pub classification: Classification,
    pub point: Vec<f64>,
    pub lo_80: Vec<f64>,
    pub hi_80: Vec<f64>,
    pub lo_95: Vec<f64>,
    pub hi_95: Vec<f64>,
    /// Mean absolute error of the chosen model over the backtest windows, scaled by the
    /// in-sample mean absolute seasonal difference (a MASE); `None` without a backtest.
    pub backtest_mase: Option<f64>,
    /// Number of observed (non-missing) periods the model saw.
    pub observations: usize,
}

/// Replace the values of out-of-stock periods with `NaN` so that they read as missing, not
/// as zero demand. `mask[i]` is true when period `i` had no stock.
pub fn mask_stockouts(values: &[f64], mask: &[bool]) -> Vec<f64> {
    values
        .iter()
        .zip(mask.iter().copied().chain(std::iter::repeat(false)))
        .map(|(v, out)| if out { f64::NAN } else { *v })
        .collect()
}

/// Which family of candidates a series gets.
fn is_sporadic(class: &Classification) -> bool {
    class.class.is_sporadic()
}

/// Model names, in the order of preference on ties.
pub const REGULAR_MODELS: &[&str] = &[
    "ets_theta",
    "ets",
    "auto_theta",
    "theta",
    "seasonal_naive",
    "naive",
];
pub const SPORADIC_MODELS: &[&str] = &[
    "imapa_tsb",
    "tsb",
    "imapa",
    "adida",
    "croston_sba",
    "croston_opt",
    "croston",
];

/// Forecast with one named model. Returns `None` when the model cannot be fitted to `y`
/// (e.g. too short).
pub fn run_model(name: &str, y: &[f64], m: usize, h: usize) -> Option<Candidate> {
    let flat = |rate: f64| Candidate {
        model: name.to_string(),
        point: vec![rate; h],
        variance: intermittent::rate_variance(y, rate, h),
    };
    let c = match name {
        "naive" => {
            let (p, v) = naive::naive(y, h)?;
            Candidate {
                model: name.into(),
                point: p,
                variance: v,
            }
        }
        "seasonal_naive" => {
            let (p, v) = naive::seasonal_naive(y, m, h)?;
            Candidate {
                model: name.into(),
                point: p,
                variance: v,
            }
        }
        "ets" => {
            let f = ets::auto(y, m, &EtsOptions::default())?;
            Candidate {
                model: name.into(),
                point: f.forecast(h),
                variance: f.variance(h),
            }
        }
        "theta" => {
            let f = theta::classic(y, m, h)?;
            Candidate {
                model: name.into(),
                point: f.point,
                variance: f.variance,
            }
        }
        "auto_theta" => {
            let f = theta::auto(y, m, h)?;
            Candidate {
                model: name.into(),
                point: f.point,
                variance: f.variance,
            }
        }
        "ets_theta" => combine(
            name,
            &[run_model("ets", y, m, h)?, run_model("theta", y, m, h)?],
        ),
        "croston" => flat(intermittent::croston(y, Croston::Classic)),
        "croston_opt" => flat(intermittent::croston(y, Croston::Optimised)),
        "croston_sba" => flat(intermittent::croston(y, Croston::Sba)),
        "tsb" => flat(intermittent::tsb(y, 0.2, 0.2)),
        "adida" => flat(intermittent::adida(y)),
        "imapa" => flat(intermittent::imapa(y)),
        "imapa_tsb" => combine(
            name,
            &[run_model("imapa", y, m, h)?, run_model("tsb", y, m, h)?],
        ),
        _ => return None,
    };
    c.point.iter().all(|v| v.is_finite()).then_some(c)
}

/// Equal-weight combination: mean of the point forecasts; the standard deviation is the mean
/// of the members' standard deviations (the average of their interval widths).
pub fn combine(name: &str, members: &[Candidate]) -> Candidate {
    let h = members[0].point.len();
    let k = members.len() as f64;
    let point = (0..h)
        .map(|i| members.iter().map(|c| c.point[i]).sum::<f64>() / k)
        .collect();
    let variance = (0..h)
        .map(|i| {
            let sd = members
                .iter()
                .map(|c| c.variance[i].max(0.0).sqrt())
                .sum::<f64>()
                / k;
            sd * sd
        })
        .collect();
    Candidate {
        model: name.to_string(),
        point,
        variance,
    }
}

/// The mean absolute seasonal difference of the observed values (the MASE scale), falling back
/// to the lag-1 difference, then to the mean level.
fn mase_scale(y: &[f64], m: usize) -> f64 {
    let scale_at = |lag: usize| {
        let d: Vec<f64> = (lag..y.len())
            .filter(|&t| !y[t].is_nan() && !y[t - lag].is_nan())
            .map(|t| (y[t] - y[t - lag]).abs())
            .collect();
        stats::mean(&d)
    };
    let s = if m > 1 && y.len() > m {
        scale_at(m)
    } else {
        0.0
    };
    if s > 0.0 {
        return s;
    }
    let s1 = scale_at(1);
    if s1 > 0.0 {
        return s1;
    }
    let known: Vec<f64> = y
        .iter()
        .copied()
        .filter(|v| !v.is_nan())
        .map(f64::abs)
        .collect();
    stats::mean(&known).max(1e-9)
}

/// Backtest windows: (train length, test length) pairs, most recent last.
fn backtest_origins(n: usize, h: usize, m: usize, windows: usize) -> Vec<(usize, usize)> {
    let test = h.min((n / 4).max(1));
    let min_train = (2 * m).max(8);
    (1..=windows)
        .rev()
        .filter_map(|w| {
            let origin = n.checked_sub(w * test)?;
            (origin >= min_train).then_some((origin, test))
        })
        .collect()
}

/// Mean scaled absolute error of `model` over the backtest windows.
fn backtest(
    model: &str,
    y: &[f64],
    m: usize,
    origins: &[(usize, usize)],
    scale: f64,
) -> Option<f64> {
    let mut total = 0.0;
    let mut count = 0usize;
    for &(origin, test) in origins {
        let c = run_model(model, &y[..origin], m, test)?;
        for (f, a) in c.point.iter().zip(&y[origin..origin + test]) {
            if !a.is_nan() {
                total += (f.max(0.0) - a).abs();
                count += 1;
            }
        }
    }
    (count > 0).then(|| total / count as f64 / scale)
}

const Z80: f64 = 1.281_551_565_544_600_4;
const Z95: f64 = 1.959_963_984_540_054;

/// Forecast one series: classify it, pick the model by rolling-origin backtest among the
/// candidates for its class (or take the class default), and attach 80% and 95% intervals.
/// An all-zero or empty series forecasts zero.
pub fn forecast(y: &[f64], settings: &Settings) -> Forecast {
    let h = settings.horizon;
    let m = settings.season_length.max(1);
    // Leading missing periods carry no information.
    let start = y.iter().position(|v| !v.is_nan()).unwrap_or(y.len());
    let y = &y[start..];
    let classification = classify(y);
    let observations = y.iter().filter(|v| !v.is_nan()).count();
    let all_zero = y.iter().all(|v| v.is_nan() || *v == 0.0);
    if observations == 0 || all_zero {
        return finish(
            Candidate {
                model: "zero".into(),
                point: vec![0.0; h],
                variance: vec![0.0; h],
            },
            classification,
            None,
            observations,
            settings,
        );
    }
    let sporadic = is_sporadic(&classification);
    let names: &[&str] = if sporadic {
        SPORADIC_MODELS
    } else {
        REGULAR_MODELS
    };
    let default = names[0];
    let origins = if settings.backtest_windows > 0 {
        backtest_origins(y.len(), h, m, settings.backtest_windows)
    } else {
        vec![]
    };
    let mut chosen = default;
    let mut backtest_mase = None;
    if !origins.is_empty() {
        let scale = mase_scale(y, m);
        let mut best = f64::INFINITY;
        for name in names {
            if let Some(err) = backtest(name, y, m, &origins, scale)
                && err < best
            {
                best = err;
                chosen = name;
            }
        }
        if best.is_finite() {
            backtest_mase = Some(best);
        }
    }
    let candidate = run_model(chosen, y, m, h)
        .or_else(|| run_model(default, y, m, h))
        .or_else(|| run_model("naive", y, m, h))
        .expect("naive forecasts any series with an observation");
    finish(
        candidate,
        classification,
        backtest_mase,
        observations,
        settings,
    )
}

fn finish(
    c: Candidate,
    classification: Classification,
    backtest_mase: Option<f64>,
    observations: usize,
    settings: &Settings,
) -> Forecast {
    let h = c.point.len();
    let clip = |v: f64| if settings.non_negative { v.max(0.0) } else { v };
    // Widths never shrink with the horizon.
    let mut sd = Vec::with_capacity(h);
    let mut prev = 0.0f64;
    for v in &c.variance {
        let s = if v.is_finite() {
            v.max(0.0).sqrt()
        } else {
            prev
        };
        prev = prev.max(s);
        sd.push(prev);
    }
    let point: Vec<f64> = c.point.iter().map(|v| clip(*v)).collect();
    let band = |z: f64, sign: f64| -> Vec<f64> {
        c.point
            .iter()
            .zip(&sd)
            .map(|(p, s)| clip(p + sign * z * s))
            .collect()
    };
    Forecast {
        model: c.model,
        classification,
        lo_80: band(Z80, -1.0),
        hi_80: band(Z80, 1.0),
        lo_95: band(Z95, -1.0),
        hi_95: band(Z95, 1.0),
        point,
        backtest_mase,
        observations,
    }
}

/// Forecast many series in parallel (rayon); the output keeps the input order.
pub fn forecast_many<S: AsRef<[f64]> + Sync>(series: &[S], settings: &Settings) -> Vec<Forecast> {
    series
        .par_iter()
        .map(|y| forecast(y.as_ref(), settings))
        .collect()
}

/// Like [`forecast_many`], calling `progress` once per finished series (from worker threads).
pub fn forecast_many_with_progress<S, P>(
    series: &[S],
    settings: &Settings,
    progress: P,
) -> Vec<Forecast>
where
    S: AsRef<[f64]> + Sync,
    P: Fn() + Sync,
{
    series
        .par_iter()
        .map(|y| {
            let f = forecast(y.as_ref(), settings);
            progress();
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_invariants(f: &Forecast) {
        for i in 0..f.point.len() {
            assert!(f.point[i] >= 0.0, "negative demand {f:?}");
            assert!(
                f.lo_95[i] <= f.lo_80[i] && f.lo_80[i] <= f.point[i],
                "{f:?}"
            );
            assert!(
                f.point[i] <= f.hi_80[i] && f.hi_80[i] <= f.hi_95[i],
                "{f:?}"
            );
            if i > 0 {
                let w = f.hi_95[i] - f.point[i];
                let w_prev = f.hi_95[i - 1] - f.point[i - 1];
                assert!(w >= w_prev - 1e-9, "interval narrows at step {i}: {f:?}");
            }
        }
    }

    #[test]
    fn all_zero_series_forecasts_zero() {
        let f = forecast(&[0.0; 60], &Settings::new(7, 7));
        assert_eq!(f.model, "zero");
        assert!(f.point.iter().chain(&f.hi_95).all(|v| *v == 0.0));
        let empty = forecast(&[], &Settings::new(3, 1));
        assert_eq!(empty.point, vec![0.0; 3]);
    }

    #[test]
    fn intervals_contain_the_point_and_widen_for_every_model() {
        let y: Vec<f64> = (0..80)
            .map(|t| {
                20.0 + 0.3 * t as f64
                    + 5.0 * ((t % 7) as f64 - 3.0).abs()
                    + ((t * 37 % 11) as f64 - 5.0)
            })
            .collect();
        let sporadic: Vec<f64> = (0..80)
            .map(|t| {
                if t % 3 == 0 {
                    ((t * 7) % 5 + 1) as f64
                } else {
                    0.0
                }
            })
            .collect();
        for name in REGULAR_MODELS.iter().chain(SPORADIC_MODELS) {
            for series in [&y, &sporadic] {
                let c = run_model(name, series, 7, 14).unwrap_or_else(|| panic!("{name}"));
                let f = finish(c, classify(series), None, 80, &Settings::new(14, 7));
                check_invariants(&f);
            }
        }
        let f = forecast(&y, &Settings::new(14, 7));
        check_invariants(&f);
        assert!(f.hi_95[13] > f.lo_95[13]);
    }

    #[test]
    fn demand_never_goes_negative_on_a_falling_series() {
        let y: Vec<f64> = (0..40).map(|t| (40 - t) as f64).collect();
        let f = forecast(&y, &Settings::new(30, 1));
        check_invariants(&f);
        assert_eq!(*f.point.last().unwrap(), 0.0);
    }

    #[test]
    fn stockout_days_do_not_read_as_low_demand() {
        // 10 a day, then 20 days out of stock recorded as zero sales, then back to 10.
        let mut sales = vec![10.0; 100];
        let mut mask = vec![false; 100];
        for d in 70..90 {
            sales[d] = 0.0;
            mask[d] = true;
        }
        let settings = Settings::new(7, 1);
        let masked = forecast(&mask_stockouts(&sales, &mask), &settings);
        assert!(
            masked.point.iter().all(|v| (v - 10.0).abs() < 0.5),
            "{masked:?}"
        );
        assert_eq!(masked.observations, 80);
        // Without the mask the zeros drag the forecast down or it predicts noise around them.
        let naive_zero = forecast(
            &sales,
            &Settings {
                backtest_windows: 0,
                ..settings.clone()
            },
        );
        assert!(
            naive_zero.classification.class != DemandClass::Smooth
                || naive_zero.point[0] < 10.0
                || naive_zero.hi_95[0] > masked.hi_95[0]
        );
    }

    #[test]
    fn sporadic_series_get_an_intermittent_model() {
        let y: Vec<f64> = (0..60)
            .map(|t| if t % 4 == 0 { 2.0 } else { 0.0 })
            .collect();
        let f = forecast(&y, &Settings::new(6, 1));
        assert!(f.classification.class.is_sporadic());
        assert!(SPORADIC_MODELS.contains(&f.model.as_str()), "{}", f.model);
        // Two units every 4 periods: 0.5 a period, give or take where the cycle ends.
        assert!((f.point[0] - 0.5).abs() < 0.2, "{:?}", f.point);
    }

    #[test]
    fn parallel_results_keep_the_input_order() {
        let a = vec![5.0; 30];
        let b: Vec<f64> = (0..30).map(|t| t as f64).collect();
        let out = forecast_many(&[a.clone(), b.clone()], &Settings::new(3, 1));
        assert_eq!(out[0].point, forecast(&a, &Settings::new(3, 1)).point);
        assert_eq!(out[1].point, forecast(&b, &Settings::new(3, 1)).point);
    }

    #[test]
    fn backtest_origins_leave_enough_history() {
        assert_eq!(backtest_origins(100, 10, 7, 2), vec![(80, 10), (90, 10)]);
        // Short series: test windows shrink to a quarter of the history.
        assert_eq!(backtest_origins(20, 10, 1, 2), vec![(10, 5), (15, 5)]);
        assert!(backtest_origins(10, 10, 12, 2).is_empty());
    }
}

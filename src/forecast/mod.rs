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
pub mod demand;
pub mod geo;
pub mod history;
pub mod inventory;
pub mod latest;
pub mod longcsv;
pub mod models;
pub mod population;
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
    /// the default model of the demand class). One window of the horizon, pooled over the
    /// series, made the same choices as two on every benchmark set at 10–37% less CPU.
    pub backtest_windows: usize,
    /// Clip forecasts and lower bounds at zero (demand cannot be negative).
    pub non_negative: bool,
}

impl Settings {
    pub fn new(horizon: usize, season_length: usize) -> Self {
        Settings {
            horizon,
            season_length: season_length.max(1),
            backtest_windows: 1,
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
    /// Standard deviation of demand per period (non-decreasing), for inventory arithmetic:
    /// the model's own, scaled by the calibration of the 95% interval (`k95 / 1.96`, see
    /// [`Calibration`]).
    pub sd: Vec<f64>,
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

/// The models a forecast is built from; candidates are one of them or an equal-weight
/// combination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Base {
    Naive,
    SeasonalNaive,
    Ets,
    Theta,
    AutoTheta,
    Croston,
    CrostonOptimised,
    CrostonSba,
    Tsb,
    Adida,
    Imapa,
}

/// A candidate: a name and the base models it averages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ModelDef {
    pub name: &'static str,
    pub members: &'static [Base],
}

const fn def(name: &'static str, members: &'static [Base]) -> ModelDef {
    ModelDef { name, members }
}

/// Candidates for series with regular timing (smooth, erratic), the default first.
pub const REGULAR_MODELS: &[ModelDef] = &[
    def("ets_auto_theta", &[Base::Ets, Base::AutoTheta]),
    def("ets_theta", &[Base::Ets, Base::Theta]),
    def("ets", &[Base::Ets]),
    def("theta", &[Base::Theta]),
    def("auto_theta", &[Base::AutoTheta]),
    def("croston_opt", &[Base::CrostonOptimised]),
    def("naive", &[Base::Naive]),
    def("seasonal_naive", &[Base::SeasonalNaive]),
];

/// Candidates for sporadic series (intermittent, lumpy, sparse), the default first.
pub const SPORADIC_MODELS: &[ModelDef] = &[
    def("imapa_tsb", &[Base::Imapa, Base::Tsb]),
    def("tsb", &[Base::Tsb]),
    def("imapa", &[Base::Imapa]),
    def("adida", &[Base::Adida]),
    def("croston_sba", &[Base::CrostonSba]),
    def("croston_opt", &[Base::CrostonOptimised]),
    def("croston", &[Base::Croston]),
];

/// Which candidate list a series gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// Smooth and erratic demand: [`REGULAR_MODELS`].
    Regular,
    /// Intermittent, lumpy and sparse demand: [`SPORADIC_MODELS`].
    Sporadic,
}

impl Family {
    pub fn models(self) -> &'static [ModelDef] {
        match self {
            Family::Regular => REGULAR_MODELS,
            Family::Sporadic => SPORADIC_MODELS,
        }
    }
}

/// Every candidate name known to [`run_model`].
pub fn model_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = REGULAR_MODELS
        .iter()
        .chain(SPORADIC_MODELS)
        .map(|d| d.name)
        .collect();
    names.dedup();
    let mut seen = std::collections::HashSet::new();
    names.retain(|n| seen.insert(*n));
    names
}

fn find_def(name: &str) -> Option<ModelDef> {
    REGULAR_MODELS
        .iter()
        .chain(SPORADIC_MODELS)
        .find(|d| d.name == name)
        .copied()
}

/// Fit one base model. `ets_spec` reuses an ETS structure chosen earlier (backtests refit the
/// structure selected on the full history instead of searching again).
fn run_base(
    b: Base,
    y: &[f64],
    m: usize,
    h: usize,
    ets_spec: Option<ets::EtsSpec>,
) -> Option<(Candidate, Option<ets::EtsSpec>)> {
    let mut fitted_spec = None;
    let flat = |rate: f64| Candidate {
        model: String::new(),
        point: vec![rate; h],
        variance: intermittent::rate_variance(y, rate, h),
    };
    let c = match b {
        Base::Naive => {
            let (p, v) = naive::naive(y, h)?;
            Candidate {
                model: String::new(),
                point: p,
                variance: v,
            }
        }
        Base::SeasonalNaive => {
            let (p, v) = naive::seasonal_naive(y, m, h)?;
            Candidate {
                model: String::new(),
                point: p,
                variance: v,
            }
        }
        Base::Ets => {
            let opts = EtsOptions::default();
            // With a structure given (a backtest), that structure alone is refitted. A search
            // forecasts with the Akaike-weighted average of the structures it fitted (m3-monthly
            // OWA 0.817 -> 0.816, retail-monthly 0.996 -> 0.989, retail-quarterly 0.784 ->
            // 0.776, at no extra cost); backtests score the lowest-AICc structure in its place.
            let (f, all) = match ets_spec.and_then(|spec| ets::fit(y, spec, &opts, false)) {
                Some(f) => (f, vec![]),
                None => ets::auto_all(y, m, &opts)?,
            };
            fitted_spec = Some(f.spec);
            let (point, variance) =
                ets::akaike_average(&all, h).unwrap_or_else(|| (f.forecast(h), f.variance(h)));
            Candidate {
                model: f.spec.name(),
                point,
                variance,
            }
        }
        Base::Theta => {
            let f = theta::classic(y, m, h)?;
            Candidate {
                model: String::new(),
                point: f.point,
                variance: f.variance,
            }
        }
        Base::AutoTheta => {
            let f = theta::auto(y, m, h)?;
            Candidate {
                model: String::new(),
                point: f.point,
                variance: f.variance,
            }
        }
        Base::Croston => flat(intermittent::croston(y, Croston::Classic)),
        Base::CrostonOptimised => flat(intermittent::croston(y, Croston::Optimised)),
        Base::CrostonSba => flat(intermittent::croston(y, Croston::Sba)),
        Base::Tsb => flat(intermittent::tsb(y, 0.2, 0.2)),
        Base::Adida => flat(intermittent::adida(y)),
        Base::Imapa => flat(intermittent::imapa(y)),
    };
    c.point
        .iter()
        .all(|v| v.is_finite())
        .then_some((c, fitted_spec))
}

/// Base forecasts of one series at one origin, computed at most once each.
struct BaseCache<'a> {
    y: &'a [f64],
    m: usize,
    h: usize,
    /// ETS structure to refit instead of searching.
    ets_spec: Option<ets::EtsSpec>,
    /// ETS structure chosen by this cache's own ETS fit.
    fitted_spec: Option<ets::EtsSpec>,
    done: Vec<(Base, Option<Candidate>)>,
}

impl<'a> BaseCache<'a> {
    fn new(y: &'a [f64], m: usize, h: usize, ets_spec: Option<ets::EtsSpec>) -> Self {
        BaseCache {
            y,
            m,
            h,
            ets_spec,
            fitted_spec: None,
            done: Vec::new(),
        }
    }

    fn get(&mut self, b: Base) -> Option<&Candidate> {
        let idx = match self.done.iter().position(|(k, _)| *k == b) {
            Some(i) => i,
            None => {
                let c = run_base(b, self.y, self.m, self.h, self.ets_spec).map(|(c, spec)| {
                    if spec.is_some() {
                        self.fitted_spec = spec;
                    }
                    c
                });
                self.done.push((b, c));
                self.done.len() - 1
            }
        };
        self.done[idx].1.as_ref()
    }

    fn model(&mut self, d: &ModelDef) -> Option<Candidate> {
        let mut members = Vec::with_capacity(d.members.len());
        for b in d.members {
            members.push(self.get(*b)?.clone());
        }
        let mut c = if members.len() == 1 {
            members.pop()?
        } else {
            combine(d.name, &members)
        };
        c.model = d.name.to_string();
        Some(c)
    }

    /// The ETS structure selected on this cache's data (fitting ETS if not done yet).
    fn ets_spec(&mut self) -> Option<ets::EtsSpec> {
        self.get(Base::Ets)?;
        self.fitted_spec
    }
}

/// Forecast with one named candidate (see [`REGULAR_MODELS`], [`SPORADIC_MODELS`]). Returns
/// `None` for an unknown name or when the model cannot be fitted to `y` (e.g. too short).
pub fn run_model(name: &str, y: &[f64], m: usize, h: usize) -> Option<Candidate> {
    let d = find_def(name)?;
    BaseCache::new(y, m.max(1), h, None).model(&d)
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

const Z80: f64 = 1.281_551_565_544_600_4;
const Z95: f64 = 1.959_963_984_540_054;

/// Interval half-widths in units of the model's forecast standard deviation: the 80% and 95%
/// bounds are `point ± k80·sd` and `point ± k95·sd`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Calibration {
    pub k80: f64,
    pub k95: f64,
}

/// Backtest errors needed outside a level's interval (`n·(1 − level)`) before that level's
/// multiplier is read off their empirical quantile.
pub const MIN_TAIL_POINTS: f64 = 10.0;

impl Calibration {
    /// The models' own (normal) intervals.
    pub const NORMAL: Calibration = Calibration { k80: Z80, k95: Z95 };

    /// Split-conformal calibration from standardised backtest errors `(actual − point)/sd`
    /// (Vovk et al. 2005; for forecasts, Stankeviciute et al. 2021): a level's multiplier is
    /// the conformal quantile of `|z|`, the ⌈(n+1)·level⌉-th smallest, so that the backtest's
    /// own errors fall inside the interval at the nominal rate. A level with fewer than
    /// [`MIN_TAIL_POINTS`] expected misses scales the normal multiplier by the factor the 80%
    /// level found; with too few errors for that, the models' own intervals stand.
    pub fn from_residuals<'a>(z: impl IntoIterator<Item = &'a f64>) -> Calibration {
        let mut a: Vec<f64> = z
            .into_iter()
            .filter(|v| v.is_finite())
            .map(|v| v.abs())
            .collect();
        a.sort_by(f64::total_cmp);
        let n = a.len();
        let at = |level: f64| -> Option<f64> {
            if (n as f64) * (1.0 - level) < MIN_TAIL_POINTS {
                return None;
            }
            let rank = (((n + 1) as f64) * level).ceil() as usize;
            Some(a[rank.clamp(1, n) - 1])
        };
        match (at(0.8), at(0.95)) {
            (Some(k80), Some(k95)) => Calibration { k80, k95 },
            (Some(k80), None) => Calibration {
                k80,
                k95: Z95 * k80 / Z80,
            },
            _ => Calibration::NORMAL,
        }
    }
}

/// A series after classification and backtest, before the final model is chosen.
struct Prepared<'a> {
    y: &'a [f64],
    classification: Classification,
    observations: usize,
    /// `None` for a series with no demand at all.
    family: Option<Family>,
    /// Scaled backtest error per candidate of the family (`None`: could not be fitted).
    errors: Vec<Option<f64>>,
    /// Standardised backtest errors per candidate of the family, `(actual − point) / sd` with
    /// the point clipped as the forecast is and `sd` the candidate's own forecast standard
    /// deviation at that step (see [`widths`]); empty when not backtested.
    residuals: Vec<Vec<f64>>,
    /// Forecasts on the full history, shared between backtest and final fit.
    full: Option<BaseCacheOwned>,
}

/// The base forecasts of the full history (kept between the two passes).
struct BaseCacheOwned {
    done: Vec<(Base, Option<Candidate>)>,
}

/// The family a series belongs to, or `None` when it has no demand at all.
fn family_of(y: &[f64]) -> Option<Family> {
    let start = y.iter().position(|v| !v.is_nan()).unwrap_or(y.len());
    let y = &y[start..];
    if y.iter().all(|v| v.is_nan() || *v == 0.0) {
        return None;
    }
    Some(if classify(y).class.is_sporadic() {
        Family::Sporadic
    } else {
        Family::Regular
    })
}

/// Classify and backtest one series. `all_candidates` false backtests only the family's
/// default (for its accuracy figure): with too few series to overrule the default, the other
/// candidates' backtests could not change the choice.
fn prepare<'a>(y: &'a [f64], settings: &Settings, all_candidates: bool) -> Prepared<'a> {
    let h = settings.horizon;
    let m = settings.season_length.max(1);
    // Leading missing periods carry no information.
    let start = y.iter().position(|v| !v.is_nan()).unwrap_or(y.len());
    let y = &y[start..];
    let classification = classify(y);
    let observations = y.iter().filter(|v| !v.is_nan()).count();
    let all_zero = y.iter().all(|v| v.is_nan() || *v == 0.0);
    if observations == 0 || all_zero {
        return Prepared {
            y,
            classification,
            observations,
            family: None,
            errors: vec![],
            residuals: vec![],
            full: None,
        };
    }
    let family_kind = if classification.class.is_sporadic() {
        Family::Sporadic
    } else {
        Family::Regular
    };
    let family = family_kind.models();
    let origins = if settings.backtest_windows > 0 {
        backtest_origins(y.len(), h, m, settings.backtest_windows)
    } else {
        vec![]
    };
    let mut full = BaseCache::new(y, m, h, None);
    let mut errors = vec![None; family.len()];
    let mut residuals = vec![Vec::new(); family.len()];
    let clip = |v: f64| if settings.non_negative { v.max(0.0) } else { v };
    if !origins.is_empty() {
        let needs_ets = family.iter().any(|d| d.members.contains(&Base::Ets));
        let spec = if needs_ets { full.ets_spec() } else { None };
        let scale = mase_scale(y, m);
        let mut totals = vec![Some((0.0, 0usize)); family.len()];
        for &(origin, test) in &origins {
            let mut cache = BaseCache::new(&y[..origin], m, test, spec);
            for (i, d) in family.iter().enumerate() {
                if i > 0 && !all_candidates {
                    totals[i] = None;
                    continue;
                }
                let Some(acc) = totals[i].as_mut() else {
                    continue;
                };
                match cache.model(d) {
                    Some(c) => {
                        let sd = widths(&c.variance);
                        let steps = c.point.iter().zip(&y[origin..origin + test]).zip(&sd);
                        for ((f, a), s) in steps {
                            if !a.is_nan() {
                                acc.0 += (f.max(0.0) - a).abs();
                                acc.1 += 1;
                                if *s > 0.0 && s.is_finite() {
                                    residuals[i].push((a - clip(*f)) / s);
                                }
                            }
                        }
                    }
                    None => totals[i] = None,
                }
            }
        }
        for (e, t) in errors.iter_mut().zip(totals) {
            *e = t.and_then(|(sum, n)| (n > 0).then(|| sum / n as f64 / scale));
        }
    }
    let full = BaseCacheOwned { done: full.done };
    Prepared {
        y,
        classification,
        observations,
        family: Some(family_kind),
        errors,
        residuals,
        full: Some(full),
    }
}

/// Series a pooled backtest needs before it may overrule a family's default model.
pub const MIN_POOL: usize = 30;
/// How much lower (relative) the best candidate's pooled backtest error must be than the
/// default's to replace it.
pub const OVERRULE_MARGIN: f64 = 0.05;

/// Choose the model for the series of one family: the family's default (an equal-weight
/// combination, the most reliable choice on the benchmark sets) unless the rolling-origin
/// backtest, pooled over at least [`MIN_POOL`] series, finds a candidate whose mean scaled
/// error is lower by more than [`OVERRULE_MARGIN`]. Series where some candidate could not be
/// backtested are left out of the pool. Per-series selection on one short backtest was
/// measured to be worse than either (m3-monthly OWA 0.859 against 0.82).
fn choose(prepared: &[&Prepared], family: &'static [ModelDef]) -> usize {
    let mut sums = vec![0.0; family.len()];
    let mut n = 0usize;
    for p in prepared {
        if p.errors.len() == family.len() && p.errors.iter().all(|e| e.is_some_and(f64::is_finite))
        {
            for (s, e) in sums.iter_mut().zip(&p.errors) {
                *s += e.unwrap_or(0.0);
            }
            n += 1;
        }
    }
    pick(&sums, n)
}

/// The index to use given pooled error sums over `n` series (index 0 is the default).
fn pick(sums: &[f64], n: usize) -> usize {
    if n < MIN_POOL || sums.is_empty() {
        return 0;
    }
    let mut best = 0;
    for i in 1..sums.len() {
        if sums[i] < sums[best] {
            best = i;
        }
    }
    if sums[best] < (1.0 - OVERRULE_MARGIN) * sums[0] {
        best
    } else {
        0
    }
}

fn finalise(
    p: Prepared,
    choice: Option<usize>,
    calibration: Calibration,
    settings: &Settings,
) -> Forecast {
    let h = settings.horizon;
    let m = settings.season_length.max(1);
    let Some(family) = p.family.map(Family::models) else {
        let zero = Candidate {
            model: "zero".into(),
            point: vec![0.0; h],
            variance: vec![0.0; h],
        };
        return finish(
            zero,
            p.classification,
            None,
            p.observations,
            Calibration::NORMAL,
            settings,
        );
    };
    let idx = choice.unwrap_or(0);
    let done = p.full.map(|f| f.done).unwrap_or_default();
    let mut cache = BaseCache {
        y: p.y,
        m,
        h,
        ets_spec: None,
        fitted_spec: None,
        done,
    };
    let (candidate, err, calibration) = match cache.model(&family[idx]) {
        Some(c) => (c, p.errors.get(idx).copied().flatten(), calibration),
        None => {
            // The calibration was measured on the chosen model: the fallback's own variance
            // is used as it is.
            let fallback = cache
                .model(&family[0])
                .or_else(|| cache.model(&def("naive", &[Base::Naive])))
                .expect("naive forecasts any series with an observation");
            (
                fallback,
                p.errors.first().copied().flatten(),
                Calibration::NORMAL,
            )
        }
    };
    finish(
        candidate,
        p.classification,
        err,
        p.observations,
        calibration,
        settings,
    )
}

/// Forecast one series: classify it, backtest the candidates of its class on rolling origins,
/// keep the best, and attach 80% and 95% intervals. An all-zero or empty series forecasts
/// zero. (With many series, prefer [`forecast_many`]: it chooses the model per demand class
/// over all series, which is far more reliable than one short backtest.)
pub fn forecast(y: &[f64], settings: &Settings) -> Forecast {
    forecast_many(&[y], settings)
        .pop()
        .expect("one series in, one forecast out")
}

/// A model's forecast standard deviation per step from its variances, made non-decreasing
/// (widths never shrink with the horizon; a non-finite variance repeats the last width).
fn widths(variance: &[f64]) -> Vec<f64> {
    let mut sd = Vec::with_capacity(variance.len());
    let mut prev = 0.0f64;
    for v in variance {
        let s = if v.is_finite() {
            v.max(0.0).sqrt()
        } else {
            prev
        };
        prev = prev.max(s);
        sd.push(prev);
    }
    sd
}

fn finish(
    c: Candidate,
    classification: Classification,
    backtest_mase: Option<f64>,
    observations: usize,
    calibration: Calibration,
    settings: &Settings,
) -> Forecast {
    let clip = |v: f64| if settings.non_negative { v.max(0.0) } else { v };
    let model_sd = widths(&c.variance);
    // The band sits around the clipped point, so a forecast of no demand still carries its
    // uncertainty upwards.
    let point: Vec<f64> = c.point.iter().map(|v| clip(*v)).collect();
    let half_width = |k: f64| -> Vec<f64> { model_sd.iter().map(|s| k * s).collect() };
    let (w80, w95) = (half_width(calibration.k80), half_width(calibration.k95));
    let band = |w: &[f64], sign: f64| -> Vec<f64> {
        point
            .iter()
            .zip(w)
            .map(|(p, w)| clip(p + sign * w))
            .collect()
    };
    // The standard deviation handed to inventory arithmetic is the one whose normal 95%
    // quantile is the calibrated 95% bound (reorder points come from that quantile).
    let sd_factor = calibration.k95 / Z95;
    let sd = model_sd.iter().map(|s| s * sd_factor).collect();
    Forecast {
        model: c.model,
        classification,
        lo_80: band(&w80, -1.0),
        hi_80: band(&w80, 1.0),
        lo_95: band(&w95, -1.0),
        hi_95: band(&w95, 1.0),
        point,
        sd,
        backtest_mase,
        observations,
    }
}

/// Forecast many series in parallel (rayon); the output keeps the input order.
///
/// Model choice is by rolling-origin backtest pooled over the series of the same family
/// (regular or sporadic demand): every candidate is backtested on every series, and the
/// candidate with the lowest mean scaled error is used for all of them.
pub fn forecast_many<S: AsRef<[f64]> + Sync>(series: &[S], settings: &Settings) -> Vec<Forecast> {
    forecast_many_with_progress(series, settings, || {})
}

/// Like [`forecast_many`], calling `progress` once per series as its backtest finishes and
/// once more as its final forecast does (from worker threads): `2 × series.len()` calls.
pub fn forecast_many_with_progress<S, P>(
    series: &[S],
    settings: &Settings,
    progress: P,
) -> Vec<Forecast>
where
    S: AsRef<[f64]> + Sync,
    P: Fn() + Sync,
{
    let families: Vec<Option<Family>> = series.par_iter().map(|y| family_of(y.as_ref())).collect();
    let pool = |f: Family| families.iter().filter(|g| **g == Some(f)).count();
    let (regular, sporadic) = (
        pool(Family::Regular) >= MIN_POOL,
        pool(Family::Sporadic) >= MIN_POOL,
    );
    let prepared: Vec<Prepared> = series
        .par_iter()
        .zip(&families)
        .map(|(y, family)| {
            let all = match family {
                Some(Family::Regular) => regular,
                Some(Family::Sporadic) => sporadic,
                None => false,
            };
            let p = prepare(y.as_ref(), settings, all);
            progress();
            p
        })
        .collect();
    let mut choices: Vec<(Family, usize, Calibration)> = Vec::new();
    for family in [Family::Regular, Family::Sporadic] {
        let members: Vec<&Prepared> = prepared
            .iter()
            .filter(|p| p.family == Some(family))
            .collect();
        let choice = choose(&members, family.models());
        // The chosen model's standardised backtest errors, pooled over the family's series
        // and steps, set its interval widths.
        let calibration = Calibration::from_residuals(
            members
                .iter()
                .filter_map(|p| p.residuals.get(choice))
                .flatten(),
        );
        choices.push((family, choice, calibration));
    }
    prepared
        .into_par_iter()
        .map(|p| {
            let (choice, calibration) = p
                .family
                .and_then(|f| choices.iter().find(|(g, _, _)| *g == f))
                .map_or((None, Calibration::NORMAL), |(_, c, k)| (Some(*c), *k));
            let f = finalise(p, choice, calibration, settings);
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
        for name in model_names() {
            for series in [&y, &sporadic] {
                let c = run_model(name, series, 7, 14).unwrap_or_else(|| panic!("{name}"));
                let f = finish(
                    c,
                    classify(series),
                    None,
                    80,
                    Calibration::NORMAL,
                    &Settings::new(14, 7),
                );
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
        assert!(
            SPORADIC_MODELS.iter().any(|d| d.name == f.model),
            "{}",
            f.model
        );
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
    fn pooled_backtest_overrules_the_default_only_with_evidence() {
        // Too few series: the default stands even when another candidate looks better.
        assert_eq!(pick(&[10.0, 5.0, 8.0], MIN_POOL - 1), 0);
        // Enough series, but within the margin: the default stands.
        assert_eq!(pick(&[10.0, 9.6, 9.8], MIN_POOL), 0);
        // Clearly better: it wins.
        assert_eq!(pick(&[10.0, 9.6, 9.4], MIN_POOL), 2);
    }

    #[test]
    fn calibration_reads_conformal_quantiles_off_backtest_errors() {
        // |z| = 0.05, 0.10, ..., 10.0 (signs alternate), 200 errors: the ⌈201·0.8⌉ = 161st
        // and the ⌈201·0.95⌉ = 191st smallest.
        let z: Vec<f64> = (1..=200)
            .map(|i| if i % 2 == 0 { 1.0 } else { -1.0 } * i as f64 / 20.0)
            .collect();
        let c = Calibration::from_residuals(&z);
        assert_eq!(
            c,
            Calibration {
                k80: 8.05,
                k95: 9.55
            }
        );
        // Non-finite errors are left out.
        let mut with_nan = z.clone();
        with_nan.push(f64::NAN);
        assert_eq!(Calibration::from_residuals(&with_nan), c);
        // 60 errors: enough for the 80% level (12 expected misses), not for the 95% one (3),
        // which scales the normal multiplier by the 80% level's factor.
        let c = Calibration::from_residuals(&z[..60]);
        let k80 = 2.45; // the ⌈61·0.8⌉ = 49th of 0.05, ..., 3.0
        assert!((c.k80 - k80).abs() < 1e-12, "{c:?}");
        assert!((c.k95 - Z95 * k80 / Z80).abs() < 1e-12, "{c:?}");
        // Too few for either: the models' own intervals.
        assert_eq!(Calibration::from_residuals(&z[..40]), Calibration::NORMAL);
    }

    #[test]
    fn calibrated_intervals_scale_the_models_width() {
        let c = Candidate {
            model: "x".into(),
            point: vec![100.0; 3],
            variance: vec![4.0, 9.0, 1.0],
        };
        let k = Calibration { k80: 2.0, k95: 4.0 };
        let f = finish(c, classify(&[1.0; 20]), None, 20, k, &Settings::new(3, 1));
        // sd 2, 3, 3 (never shrinking).
        assert_eq!(f.hi_80, vec![104.0, 106.0, 106.0]);
        assert_eq!(f.lo_95, vec![92.0, 88.0, 88.0]);
        // The inventory sd is the one whose normal 95% quantile is the calibrated bound.
        assert!((f.sd[1] * Z95 - 12.0).abs() < 1e-9);
        check_invariants(&f);
    }

    #[test]
    fn many_series_get_intervals_from_their_backtest_errors() {
        // 40 smooth series of level 100 with noise whose tails are heavier than the normal:
        // mostly ±1, every 10th period ±12. The calibrated 95% interval is wider than the
        // normal one for the same model and points.
        let series: Vec<Vec<f64>> = (0..40)
            .map(|s| {
                (0..60)
                    .map(|t| {
                        let u = (t * 7 + s * 13) % 10;
                        let sign = if (t + s) % 2 == 0 { 1.0 } else { -1.0 };
                        100.0 + sign * if u == 0 { 12.0 } else { 1.0 }
                    })
                    .collect()
            })
            .collect();
        let settings = Settings::new(6, 1);
        let calibrated = forecast_many(&series, &settings);
        let normal = forecast_many(
            &series,
            &Settings {
                backtest_windows: 0,
                ..settings.clone()
            },
        );
        for (c, n) in calibrated.iter().zip(&normal) {
            check_invariants(c);
            if c.model == n.model {
                assert_eq!(c.point, n.point);
            }
        }
        let width = |f: &[Forecast]| f.iter().map(|f| f.hi_95[0] - f.lo_95[0]).sum::<f64>();
        let cal_80 = calibrated
            .iter()
            .map(|f| f.hi_80[0] - f.lo_80[0])
            .sum::<f64>();
        let nor_80 = normal.iter().map(|f| f.hi_80[0] - f.lo_80[0]).sum::<f64>();
        // Heavy tails: the 80% interval narrows (most errors are ±1), the 95% one widens.
        assert!(cal_80 < nor_80, "{cal_80} {nor_80}");
        assert!(width(&calibrated) > width(&normal), "{calibrated:?}");
    }

    #[test]
    fn backtest_origins_leave_enough_history() {
        assert_eq!(backtest_origins(100, 10, 7, 2), vec![(80, 10), (90, 10)]);
        // Short series: test windows shrink to a quarter of the history.
        assert_eq!(backtest_origins(20, 10, 1, 2), vec![(10, 5), (15, 5)]);
        assert!(backtest_origins(10, 10, 12, 2).is_empty());
    }
}

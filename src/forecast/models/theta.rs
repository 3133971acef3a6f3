//! The Theta method.
//!
//! * [`classic`]: the M3 competition's Theta (Assimakopoulos & Nikolopoulos, 2000) in the form
//!   of Hyndman & Billah (2003): simple exponential smoothing plus half the slope of the linear
//!   trend, on the series seasonally adjusted by classical multiplicative decomposition when the
//!   lag-m autocorrelation is significant at 90%.
//! * [`auto`]: the standard, optimised and dynamic Theta models (STM, OTM, DSTM, DOTM) of
//!   Fiorucci et al. (2016) on the same seasonally adjusted series, each estimated by
//!   Nelder–Mead on the in-sample squared one-step errors; the lowest error wins (as
//!   statsforecast's AutoTheta).
//!
//! Missing values (NaN) are replaced by the model's own one-step forecast as the filter runs.

use crate::forecast::models::ets::{self, Component, EtsOptions, EtsSpec, interpolate};
use crate::forecast::stats::{
    Decomposition, Search, acf, is_constant, linear_fit, mean, nelder_mead, seasonal_indices,
};

/// A Theta forecast: point forecasts and forecast variances.
#[derive(Debug, Clone)]
pub struct ThetaForecast {
    pub model: &'static str,
    pub point: Vec<f64>,
    pub variance: Vec<f64>,
}

/// Seasonal adjustment shared by both variants: `(adjusted series, seasonal index by phase,
/// multiplicative?)`, or `None` when the series is not seasonal.
fn deseasonalise(y: &[f64], m: usize) -> Option<(Vec<f64>, Vec<f64>, bool)> {
    let filled = interpolate(y);
    let n = filled.len();
    if m < 4 || n < 2 * m {
        return None;
    }
    let r = acf(&filled, m);
    let s: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let stat = ((1.0 + 2.0 * s) / n as f64).sqrt();
    if r[m - 1].abs() / stat <= 1.645 {
        return None;
    }
    let positive = filled.iter().all(|v| *v > 0.0);
    let mut mult = positive;
    let mut idx = if mult {
        seasonal_indices(&filled, m, Decomposition::Multiplicative)
    } else {
        vec![]
    };
    if !mult || idx.iter().any(|v| *v < 0.01) {
        mult = false;
        idx = seasonal_indices(&filled, m, Decomposition::Additive);
    }
    let adj = y
        .iter()
        .enumerate()
        .map(|(t, v)| if mult { v / idx[t % m] } else { v - idx[t % m] })
        .collect();
    Some((adj, idx, mult))
}

fn reseasonalise(f: &mut ThetaForecast, n: usize, season: Option<(Vec<f64>, bool)>) {
    if let Some((idx, mult)) = season {
        let m = idx.len();
        for (i, (p, v)) in f.point.iter_mut().zip(f.variance.iter_mut()).enumerate() {
            let s = idx[(n + i) % m];
            if mult {
                *p *= s;
                *v *= s * s;
            } else {
                *p += s;
            }
        }
    }
}

/// Classic Theta (SES with drift). Needs 3 or more observations.
pub fn classic(y: &[f64], m: usize, h: usize) -> Option<ThetaForecast> {
    let n = y.len();
    if y.iter().filter(|v| !v.is_nan()).count() < 3 {
        return None;
    }
    let (adj, season) = match deseasonalise(y, m) {
        Some((adj, idx, mult)) => (adj, Some((idx, mult))),
        None => (y.to_vec(), None),
    };
    let spec = EtsSpec {
        error: Component::Additive,
        trend: Component::None,
        damped: false,
        season: Component::None,
        m: 1,
    };
    let ses = if is_constant(&interpolate(&adj)) {
        None
    } else {
        ets::fit(&adj, spec, &EtsOptions::default(), false)
    };
    let (level, alpha, sigma2) = match &ses {
        Some(f) => (f.level, f.par.alpha.max(1e-10), f.sigma2),
        None => (interpolate(&adj)[n - 1], 1.0, 0.0),
    };
    let (_, slope) = linear_fit(&interpolate(&adj), 0.0);
    let b = slope / 2.0;
    let tail = (1.0 - (1.0 - alpha).powi(n as i32)) / alpha;
    let point = (0..h).map(|i| level + b * (i as f64 + tail)).collect();
    let variance = (0..h)
        .map(|i| sigma2 * (1.0 + i as f64 * alpha * alpha))
        .collect();
    let mut f = ThetaForecast {
        model: "theta",
        point,
        variance,
    };
    reseasonalise(&mut f, n, season);
    Some(f)
}

/// Which Theta model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThetaModel {
    /// Standard: θ = 2, fixed regression line.
    Stm,
    /// Optimised θ, fixed regression line.
    Otm,
    /// Standard θ, regression line updated as data arrive.
    Dstm,
    /// Optimised θ, dynamic line.
    Dotm,
}

impl ThetaModel {
    fn name(self) -> &'static str {
        match self {
            ThetaModel::Stm => "theta_stm",
            ThetaModel::Otm => "theta_otm",
            ThetaModel::Dstm => "theta_dstm",
            ThetaModel::Dotm => "theta_dotm",
        }
    }
    fn dynamic(self) -> bool {
        matches!(self, ThetaModel::Dstm | ThetaModel::Dotm)
    }
    fn optimise_theta(self) -> bool {
        matches!(self, ThetaModel::Otm | ThetaModel::Dotm)
    }
}

#[derive(Debug, Clone, Copy)]
struct ThetaState {
    level: f64,
    mean_y: f64,
    a: f64,
    b: f64,
}

/// One step: the forecast `mu` for time index `i` from the previous state.
#[inline]
fn theta_mu(s: &ThetaState, pw_i: f64, alpha: f64, theta: f64) -> f64 {
    // pw_i = (1 − α)^i
    s.level + (1.0 - 1.0 / theta) * (s.a * pw_i + s.b * (1.0 - pw_i * (1.0 - alpha)) / alpha)
}

#[inline]
fn theta_update(s: &mut ThetaState, i: usize, y: f64, alpha: f64, dynamic: bool) {
    let fi = i as f64;
    let prev_mean = s.mean_y;
    s.level = alpha * y + (1.0 - alpha) * s.level;
    s.mean_y = (fi * prev_mean + y) / (fi + 1.0);
    if dynamic {
        s.b = ((fi - 1.0) * s.b + 6.0 * (y - prev_mean) / (fi + 1.0)) / (fi + 2.0);
        s.a = s.mean_y - s.b * (fi + 2.0) / 2.0;
    }
}

/// What [`theta_filter`] needs of the series besides the parameters, computed once per fit:
/// the regression line of the static models and the objective's scale.
struct ThetaData {
    /// Intercept and slope of the regression of the (interpolated) series on 1..n.
    line: (f64, f64),
    /// Mean absolute observed value (at least 1e-10).
    scale: f64,
    /// For a series with no missing value: the dynamic models' line `(a, b)` in force when
    /// each period is forecast (index 0 unused), and the state's running mean and line after
    /// the last period. Without missing values these follow the data alone, whatever the
    /// parameters, so the optimiser's many filter runs need not recompute them.
    dynamic_path: Option<(Vec<(f64, f64)>, ThetaState)>,
}

impl ThetaData {
    fn new(y: &[f64]) -> Self {
        let n = y.len();
        let filled = interpolate(y);
        let nf = n as f64;
        let y_mean = mean(&filled);
        let wavg = filled
            .iter()
            .enumerate()
            .map(|(i, v)| v * (i + 1) as f64)
            .sum::<f64>()
            / nf;
        let bn = if n > 1 {
            6.0 * (2.0 * wavg - (nf + 1.0) * y_mean) / (nf * nf - 1.0)
        } else {
            0.0
        };
        let known: Vec<f64> = y.iter().filter(|v| !v.is_nan()).map(|v| v.abs()).collect();
        let dynamic_path = (n > 0 && y.iter().all(|v| !v.is_nan())).then(|| {
            let mut s = ThetaState {
                level: 0.0,
                mean_y: y[0],
                a: y[0],
                b: 0.0,
            };
            let mut path = Vec::with_capacity(n);
            path.push((s.a, s.b));
            for (i, &v) in y.iter().enumerate().skip(1) {
                path.push((s.a, s.b));
                theta_update(&mut s, i, v, 0.5, true);
            }
            (path, s)
        });
        ThetaData {
            line: (y_mean - (nf + 1.0) * bn / 2.0, bn),
            scale: mean(&known).max(1e-10),
            dynamic_path,
        }
    }
}

/// Run the model over `y`: returns (objective = Σ_{t≥3} e² / mean|y|, final state, residuals).
/// The parameters a Theta filter runs with: the initial level, the smoothing weight and theta.
#[derive(Debug, Clone, Copy)]
struct ThetaParams {
    l0: f64,
    alpha: f64,
    theta: f64,
}

fn theta_filter(
    y: &[f64],
    data: &ThetaData,
    model: ThetaModel,
    p: ThetaParams,
    resid: Option<&mut Vec<f64>>,
) -> (f64, ThetaState) {
    if let Some((path, last)) = &data.dynamic_path {
        return theta_filter_complete(y, data, path, last, model, p, resid);
    }
    let ThetaParams { l0, alpha, theta } = p;
    let filled0 = if y[0].is_nan() { l0 } else { y[0] };
    let (a, b) = if model.dynamic() {
        (filled0, 0.0)
    } else {
        data.line
    };
    let mu0 = if model.dynamic() {
        filled0
    } else {
        l0 + (1.0 - 1.0 / theta) * (a + b)
    };
    let mut s = ThetaState {
        level: alpha * filled0 + (1.0 - alpha) * l0,
        mean_y: filled0,
        a,
        b,
    };
    let mut sse = 0.0;
    let mut resid = resid;
    let e0 = if y[0].is_nan() { f64::NAN } else { y[0] - mu0 };
    if let Some(r) = resid.as_deref_mut() {
        r.push(e0);
    }
    let mut pw = 1.0 - alpha; // (1 − α)^i for i = 1
    for (i, &obs) in y.iter().enumerate().skip(1) {
        let mu = theta_mu(&s, pw, alpha, theta);
        let (v, e) = if obs.is_nan() {
            (mu, f64::NAN)
        } else {
            (obs, obs - mu)
        };
        if i >= 3 && !e.is_nan() {
            sse += e * e;
        }
        if let Some(r) = resid.as_deref_mut() {
            r.push(e);
        }
        theta_update(&mut s, i, v, alpha, model.dynamic());
        pw *= 1.0 - alpha;
    }
    (sse / data.scale, s)
}

/// [`theta_filter`] for a series with no missing value: the same arithmetic, with the
/// parameter-free parts (running mean, dynamic line) read from `data` instead of recomputed.
fn theta_filter_complete(
    y: &[f64],
    data: &ThetaData,
    path: &[(f64, f64)],
    last: &ThetaState,
    model: ThetaModel,
    p: ThetaParams,
    mut resid: Option<&mut Vec<f64>>,
) -> (f64, ThetaState) {
    let ThetaParams { l0, alpha, theta } = p;
    let dynamic = model.dynamic();
    let mu0 = if dynamic {
        y[0]
    } else {
        l0 + (1.0 - 1.0 / theta) * (data.line.0 + data.line.1)
    };
    if let Some(r) = resid.as_deref_mut() {
        r.push(y[0] - mu0);
    }
    let mut level = alpha * y[0] + (1.0 - alpha) * l0;
    let mut sse = 0.0;
    let mut pw = 1.0 - alpha; // (1 − α)^i for i = 1
    for (i, &obs) in y.iter().enumerate().skip(1) {
        let (a, b) = if dynamic { path[i] } else { data.line };
        let s = ThetaState {
            level,
            mean_y: 0.0,
            a,
            b,
        };
        let e = obs - theta_mu(&s, pw, alpha, theta);
        if i >= 3 {
            sse += e * e;
        }
        if let Some(r) = resid.as_deref_mut() {
            r.push(e);
        }
        level = alpha * obs + (1.0 - alpha) * level;
        pw *= 1.0 - alpha;
    }
    let (a, b) = if dynamic { (last.a, last.b) } else { data.line };
    let state = ThetaState {
        level,
        mean_y: last.mean_y,
        a,
        b,
    };
    (sse / data.scale, state)
}

fn theta_forecast(
    s: ThetaState,
    n: usize,
    model: ThetaModel,
    alpha: f64,
    theta: f64,
    h: usize,
) -> Vec<f64> {
    let mut s = s;
    let mut pw = (1.0 - alpha).powi(n as i32);
    let mut out = Vec::with_capacity(h);
    for j in 0..h {
        let i = n + j;
        let mu = theta_mu(&s, pw, alpha, theta);
        out.push(mu);
        theta_update(&mut s, i, mu, alpha, model.dynamic());
        pw *= 1.0 - alpha;
    }
    out
}

/// Fit one Theta model; returns (objective, forecast).
fn fit_one(y: &[f64], model: ThetaModel, h: usize) -> Option<(f64, ThetaForecast)> {
    let data = ThetaData::new(y);
    let first = y.iter().copied().find(|v| !v.is_nan())?;
    let mut x0 = vec![first / 2.0, 0.5];
    let mut lo = vec![-1e10, 0.1];
    let mut hi = vec![1e10, 0.99];
    if model.optimise_theta() {
        x0.push(2.0);
        lo.push(1.0);
        hi.push(1e10);
    }
    let opt = nelder_mead(
        |x| {
            let theta = if model.optimise_theta() { x[2] } else { 2.0 };
            let p = ThetaParams {
                l0: x[0],
                alpha: x[1],
                theta,
            };
            theta_filter(y, &data, model, p, None).0
        },
        &x0,
        &lo,
        &hi,
        &Search {
            init_step: 0.05,
            tol: 1e-4,
            max_iter: 1000,
            restarts: 0,
        },
    );
    let (l0, alpha) = (opt.x[0], opt.x[1]);
    let theta = if model.optimise_theta() {
        opt.x[2]
    } else {
        2.0
    };
    let mut resid = Vec::with_capacity(y.len());
    let (obj, state) = theta_filter(
        y,
        &data,
        model,
        ThetaParams { l0, alpha, theta },
        Some(&mut resid),
    );
    if !obj.is_finite() {
        return None;
    }
    let point = theta_forecast(state, y.len(), model, alpha, theta, h);
    let tail: Vec<f64> = resid
        .iter()
        .skip(3)
        .copied()
        .filter(|v| !v.is_nan())
        .collect();
    let sigma2 = if tail.len() >= 2 {
        let mu = mean(&tail);
        tail.iter().map(|v| (v - mu) * (v - mu)).sum::<f64>() / (tail.len() - 1) as f64
    } else {
        0.0
    };
    let variance = (0..h)
        .map(|i| sigma2 * (1.0 + i as f64 * alpha * alpha))
        .collect();
    Some((
        obj,
        ThetaForecast {
            model: model.name(),
            point,
            variance,
        },
    ))
}

/// AutoTheta: STM, OTM, DSTM and DOTM, the lowest in-sample error wins. Needs 4 or more
/// observations.
pub fn auto(y: &[f64], m: usize, h: usize) -> Option<ThetaForecast> {
    let n = y.len();
    if y.iter().filter(|v| !v.is_nan()).count() < 4 {
        return None;
    }
    let (adj, season) = match deseasonalise(y, m) {
        Some((adj, idx, mult)) => (adj, Some((idx, mult))),
        None => (y.to_vec(), None),
    };
    let mut best: Option<(f64, ThetaForecast)> = None;
    for model in [
        ThetaModel::Stm,
        ThetaModel::Otm,
        ThetaModel::Dstm,
        ThetaModel::Dotm,
    ] {
        if let Some((obj, f)) = fit_one(&adj, model, h)
            && best.as_ref().is_none_or(|(b, _)| obj < *b)
        {
            best = Some((obj, f));
        }
    }
    let (_, mut f) = best?;
    reseasonalise(&mut f, n, season);
    Some(f)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classic_theta_on_a_line_continues_with_half_the_slope_plus_ses() {
        // On an exact line SES lags the data; Theta adds half the slope. For y = 10 + 2t the
        // SES level with α → 1 is the last value, and the forecast grows by b = 1 per step
        // on top of it: the first step is y_n + b·1/α ≈ y_n + 1.
        let y: Vec<f64> = (0..30).map(|t| 10.0 + 2.0 * t as f64).collect();
        let f = classic(&y, 1, 3).unwrap();
        let last = y[29];
        assert!((f.point[0] - (last + 1.0)).abs() < 0.05, "{:?}", f.point);
        assert!((f.point[1] - f.point[0] - 1.0).abs() < 1e-9);
    }

    #[test]
    fn theta_state_update_by_hand() {
        // Dynamic update at i = 1 with α = 0.5: level 4 → 0.5·6 + 0.5·4 = 5; mean 4 → 5;
        // B = (0·0 + 6·(6 − 4)/2)/3 = 2; A = 5 − 2·3/2 = 2.
        let mut s = ThetaState {
            level: 4.0,
            mean_y: 4.0,
            a: 4.0,
            b: 0.0,
        };
        theta_update(&mut s, 1, 6.0, 0.5, true);
        assert_eq!((s.level, s.mean_y, s.b, s.a), (5.0, 5.0, 2.0, 2.0));
        // μ at i = 2 with θ = 2: 5 + 0.5·(2·0.25 + 2·(1 − 0.125)/0.5) = 5 + 0.5·(0.5 + 3.5) = 7.
        let mu = theta_mu(&s, 0.25, 0.5, 2.0);
        assert!((mu - 7.0).abs() < 1e-12);
    }

    #[test]
    fn auto_theta_follows_a_trend() {
        let y: Vec<f64> = (0..40)
            .map(|t| 100.0 + 3.0 * t as f64 + if t % 2 == 0 { 1.0 } else { -1.0 })
            .collect();
        let f = auto(&y, 1, 5).unwrap();
        assert!(f.point[4] > f.point[0], "{:?}", f.point);
        assert!((f.point[0] - 220.0).abs() < 6.0, "{:?}", f.point);
    }

    #[test]
    fn precomputed_path_gives_the_general_filter_bit_for_bit() {
        let y: Vec<f64> = (0..40)
            .map(|t| 50.0 + 0.7 * t as f64 + ((t * 13 % 7) as f64 - 3.0) * 2.5)
            .collect();
        let fast = ThetaData::new(&y);
        assert!(fast.dynamic_path.is_some());
        let general = ThetaData {
            dynamic_path: None,
            ..ThetaData::new(&y)
        };
        for model in [
            ThetaModel::Stm,
            ThetaModel::Otm,
            ThetaModel::Dstm,
            ThetaModel::Dotm,
        ] {
            let (mut ra, mut rb) = (Vec::new(), Vec::new());
            let p = ThetaParams {
                l0: 45.0,
                alpha: 0.3,
                theta: 2.5,
            };
            let (oa, sa) = theta_filter(&y, &fast, model, p, Some(&mut ra));
            let (ob, sb) = theta_filter(&y, &general, model, p, Some(&mut rb));
            assert_eq!(oa.to_bits(), ob.to_bits(), "{model:?}");
            assert_eq!(ra, rb, "{model:?}");
            let fa = theta_forecast(sa, y.len(), model, 0.3, 2.5, 6);
            let fb = theta_forecast(sb, y.len(), model, 0.3, 2.5, 6);
            assert_eq!(fa, fb, "{model:?}");
        }
        // A missing value takes the general path.
        let mut gap = y.clone();
        gap[10] = f64::NAN;
        assert!(ThetaData::new(&gap).dynamic_path.is_none());
    }
}

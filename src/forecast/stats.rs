//! Small numerical helpers shared by the models: autocorrelation, the seasonality test,
//! classical decomposition, least squares on a time index, the normal quantile and a bounded
//! Nelder–Mead minimiser.

/// Arithmetic mean; 0 for an empty slice.
pub fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// True when every value equals the first one (or the slice is empty).
pub fn is_constant(x: &[f64]) -> bool {
    x.iter().all(|v| *v == x[0])
}

/// Sample autocorrelations at lags 1..=max_lag (biased estimator, as in M4's Naive2 test).
pub fn acf(x: &[f64], max_lag: usize) -> Vec<f64> {
    let mu = mean(x);
    let d: Vec<f64> = x.iter().map(|v| v - mu).collect();
    let denom: f64 = d.iter().map(|v| v * v).sum();
    if denom == 0.0 {
        return vec![0.0; max_lag];
    }
    (1..=max_lag)
        .map(|k| {
            if k >= d.len() {
                0.0
            } else {
                d[k..]
                    .iter()
                    .zip(&d[..d.len() - k])
                    .map(|(a, b)| a * b)
                    .sum::<f64>()
                    / denom
            }
        })
        .collect()
}

/// The M4 seasonality test: the lag-`m` autocorrelation exceeds its 90% one-sided limit.
/// Needs `m > 1` and at least `min_cycles` full cycles.
pub fn is_seasonal(x: &[f64], m: usize, min_cycles: usize) -> bool {
    if m <= 1 || x.len() < min_cycles * m {
        return false;
    }
    let r = acf(x, m);
    let s: f64 = r[..m - 1].iter().map(|v| v * v).sum();
    let limit = 1.645 * ((1.0 + 2.0 * s) / x.len() as f64).sqrt();
    r[m - 1].abs() > limit
}

/// Decomposition kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decomposition {
    Additive,
    Multiplicative,
}

/// Classical decomposition's seasonal indices by phase (`phase 0` = the first observation):
/// a centred moving average of order `m` is the trend; the mean detrended value per phase,
/// normalised to mean 1 (multiplicative) or 0 (additive). Needs `x.len() >= 2 * m`.
pub fn seasonal_indices(x: &[f64], m: usize, kind: Decomposition) -> Vec<f64> {
    let n = x.len();
    let w: Vec<f64> = if m.is_multiple_of(2) {
        let mut w = vec![1.0 / m as f64; m + 1];
        w[0] = 0.5 / m as f64;
        w[m] = 0.5 / m as f64;
        w
    } else {
        vec![1.0 / m as f64; m]
    };
    let half = w.len() / 2;
    let mut sums = vec![0.0; m];
    let mut counts = vec![0usize; m];
    if n > 2 * half {
        for t in half..n - half {
            let trend: f64 = w
                .iter()
                .zip(&x[t - half..=t + half])
                .map(|(a, b)| a * b)
                .sum();
            let d = match kind {
                Decomposition::Additive => x[t] - trend,
                Decomposition::Multiplicative => {
                    if trend == 0.0 {
                        continue;
                    }
                    x[t] / trend
                }
            };
            sums[t % m] += d;
            counts[t % m] += 1;
        }
    }
    let neutral = match kind {
        Decomposition::Additive => 0.0,
        Decomposition::Multiplicative => 1.0,
    };
    let mut idx: Vec<f64> = sums
        .iter()
        .zip(&counts)
        .map(|(s, c)| if *c > 0 { s / *c as f64 } else { neutral })
        .collect();
    let avg = mean(&idx);
    match kind {
        Decomposition::Additive => idx.iter_mut().for_each(|v| *v -= avg),
        Decomposition::Multiplicative => {
            if avg != 0.0 {
                idx.iter_mut().for_each(|v| *v /= avg)
            }
        }
    }
    idx
}

/// Least-squares line through `(t, y[t])` with `t = t0, t0 + 1, ...`: `(intercept, slope)`.
pub fn linear_fit(y: &[f64], t0: f64) -> (f64, f64) {
    let n = y.len() as f64;
    if y.len() < 2 {
        return (y.first().copied().unwrap_or(0.0), 0.0);
    }
    let tm = t0 + (n - 1.0) / 2.0;
    let ym = mean(y);
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    for (i, v) in y.iter().enumerate() {
        let dt = t0 + i as f64 - tm;
        sxy += dt * (v - ym);
        sxx += dt * dt;
    }
    let slope = sxy / sxx;
    (ym - slope * tm, slope)
}

/// Inverse of the standard normal CDF (Acklam's rational approximation, refined by one
/// Halley step; absolute error below 1e-12 on (0, 1)).
pub fn norm_ppf(p: f64) -> f64 {
    assert!(p > 0.0 && p < 1.0, "probability {p} outside (0, 1)");
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let plow = 0.02425;
    let x = if p < plow {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - plow {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    // One Halley refinement step.
    let e = 0.5 * erfc(-x / std::f64::consts::SQRT_2) - p;
    let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
    x - u / (1.0 + x * u / 2.0)
}

/// Standard normal CDF.
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Complementary error function (W. J. Cody's rational approximations via erfc(x) =
/// exp(-x²)·P/Q; relative error below 1e-13 as used here).
pub fn erfc(x: f64) -> f64 {
    // Numerical Recipes' erfc with Chebyshev coefficients (fractional error < 1.2e-7) is too
    // coarse for the Halley step; use a continued-fraction / series split instead.
    let ax = x.abs();
    let r = if ax < 2.0 {
        1.0 - erf_series(ax)
    } else {
        erfc_cf(ax)
    };
    if x >= 0.0 { r } else { 2.0 - r }
}

fn erf_series(x: f64) -> f64 {
    // erf(x) = 2/sqrt(pi) * sum_{n} (-1)^n x^(2n+1) / (n! (2n+1))
    let mut sum = 0.0;
    let mut term = x;
    let x2 = x * x;
    let mut n = 0.0;
    loop {
        let add = term / (2.0 * n + 1.0);
        sum += add;
        if add.abs() < 1e-17 * sum.abs() {
            break;
        }
        n += 1.0;
        term *= -x2 / n;
        if n > 200.0 {
            break;
        }
    }
    2.0 / std::f64::consts::PI.sqrt() * sum
}

fn erfc_cf(x: f64) -> f64 {
    // Lentz's continued fraction: erfc(x) = exp(-x²)/sqrt(pi) * 1/(x + 1/2/(x + 1/(x + 3/2/(x + ...))))
    let tiny = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for k in 1..300 {
        let a = k as f64 / 2.0;
        d = x + a * d;
        if d.abs() < tiny {
            d = tiny;
        }
        c = x + a / c;
        if c.abs() < tiny {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-16 {
            break;
        }
    }
    (-x * x).exp() / std::f64::consts::PI.sqrt() / f
}

/// Result of a Nelder–Mead run.
#[derive(Debug, Clone)]
pub struct Optimum {
    pub x: Vec<f64>,
    pub value: f64,
    pub evaluations: usize,
}

/// Bounded Nelder–Mead (adaptive coefficients of Gao & Han; points are clamped into the box).
/// Stops when the standard deviation of the simplex values falls under `tol` or after
/// `max_iter` iterations. Non-finite objective values are treated as +infinity.
pub fn nelder_mead_once<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    init_step: f64,
    tol: f64,
    max_iter: usize,
) -> Optimum {
    let n = x0.len();
    let mut eval = |x: &[f64], count: &mut usize| {
        *count += 1;
        let v = f(x);
        if v.is_finite() { v } else { f64::INFINITY }
    };
    let mut count = 0usize;
    let clamp = |x: &mut [f64]| {
        for i in 0..n {
            x[i] = x[i].clamp(lower[i], upper[i]);
        }
    };
    if n == 0 {
        let v = eval(&[], &mut count);
        return Optimum {
            x: vec![],
            value: v,
            evaluations: count,
        };
    }
    let nf = n as f64;
    let (alpha, gamma, rho, sigma) = (1.0, 1.0 + 2.0 / nf, 0.75 - 1.0 / (2.0 * nf), 1.0 - 1.0 / nf);
    let mut start = x0.to_vec();
    clamp(&mut start);
    let mut simplex: Vec<Vec<f64>> = vec![start.clone(); n + 1];
    for i in 0..n {
        let v = simplex[i + 1][i];
        let mut nv = if v == 0.0 {
            1e-4
        } else {
            v * (1.0 + init_step)
        };
        nv = nv.clamp(lower[i], upper[i]);
        if nv == v {
            // At a bound: step inwards instead.
            nv = (v * (1.0 - init_step)).clamp(lower[i], upper[i]);
            if nv == v {
                nv = (v - init_step).clamp(lower[i], upper[i]);
            }
        }
        simplex[i + 1][i] = nv;
    }
    let mut values: Vec<f64> = simplex.iter().map(|p| eval(p, &mut count)).collect();
    let mut order: Vec<usize> = (0..=n).collect();
    let mut centroid = vec![0.0; n];
    let mut xr = vec![0.0; n];
    let mut xe = vec![0.0; n];
    let mut xc = vec![0.0; n];
    for _ in 0..max_iter {
        // Converged when every value is finite and their standard deviation is under `tol`
        // (computed in place: this runs once per iteration).
        if values.iter().all(|v| v.is_finite()) {
            let k = values.len() as f64;
            let m = values.iter().sum::<f64>() / k;
            let sd = (values.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / k).sqrt();
            if sd < tol {
                break;
            }
        }
        order.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
        let best = order[0];
        let worst = order[n];
        let second = order[n - 1];
        centroid.iter_mut().for_each(|c| *c = 0.0);
        for (k, p) in simplex.iter().enumerate() {
            if k != worst {
                for i in 0..n {
                    centroid[i] += p[i] / nf;
                }
            }
        }
        for i in 0..n {
            xr[i] = centroid[i] + alpha * (centroid[i] - simplex[worst][i]);
        }
        clamp(&mut xr);
        let fr = eval(&xr, &mut count);
        if values[best] <= fr && fr < values[second] {
            simplex[worst].copy_from_slice(&xr);
            values[worst] = fr;
            continue;
        }
        if fr < values[best] {
            for i in 0..n {
                xe[i] = centroid[i] + gamma * (xr[i] - centroid[i]);
            }
            clamp(&mut xe);
            let fe = eval(&xe, &mut count);
            if fe < fr {
                simplex[worst].copy_from_slice(&xe);
                values[worst] = fe;
            } else {
                simplex[worst].copy_from_slice(&xr);
                values[worst] = fr;
            }
            continue;
        }
        if fr < values[worst] {
            for i in 0..n {
                xc[i] = centroid[i] + rho * (xr[i] - centroid[i]);
            }
            clamp(&mut xc);
            let fc = eval(&xc, &mut count);
            if fc <= fr {
                simplex[worst].copy_from_slice(&xc);
                values[worst] = fc;
                continue;
            }
        } else {
            for i in 0..n {
                xc[i] = centroid[i] - rho * (xr[i] - centroid[i]);
            }
            clamp(&mut xc);
            let fc = eval(&xc, &mut count);
            if fc < values[worst] {
                simplex[worst].copy_from_slice(&xc);
                values[worst] = fc;
                continue;
            }
        }
        // Shrink towards the best point.
        xc.copy_from_slice(&simplex[best]);
        for k in 0..=n {
            if k == best {
                continue;
            }
            for i in 0..n {
                simplex[k][i] = xc[i] + sigma * (simplex[k][i] - xc[i]);
            }
            clamp(&mut simplex[k]);
            values[k] = eval(&simplex[k], &mut count);
        }
    }
    let best = (0..=n)
        .min_by(|a, b| values[*a].total_cmp(&values[*b]))
        .unwrap_or(0);
    Optimum {
        x: simplex[best].clone(),
        value: values[best],
        evaluations: count,
    }
}

/// How [`nelder_mead`] searches: the first simplex's step, the tolerance on the value, the
/// iterations per run and the restarts.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    pub init_step: f64,
    pub tol: f64,
    pub max_iter: usize,
    pub restarts: usize,
}

/// [`nelder_mead_once`] restarted from its optimum with a fresh simplex while that still
/// improves the value by more than `tol` (at most `restarts` times): a simplex squeezed
/// against a bound can otherwise stall away from the optimum.
pub fn nelder_mead<F: FnMut(&[f64]) -> f64>(
    mut f: F,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
    search: &Search,
) -> Optimum {
    let Search {
        init_step,
        tol,
        max_iter,
        restarts,
    } = *search;
    let mut best = nelder_mead_once(&mut f, x0, lower, upper, init_step, tol, max_iter);
    for _ in 0..restarts {
        let next = nelder_mead_once(
            &mut f,
            &best.x.clone(),
            lower,
            upper,
            init_step,
            tol,
            max_iter,
        );
        let evaluations = best.evaluations + next.evaluations;
        let improved = next.value < best.value - tol;
        if next.value <= best.value {
            best = Optimum {
                evaluations,
                ..next
            };
        } else {
            best.evaluations = evaluations;
        }
        if !improved {
            break;
        }
    }
    best
}

/// Minimise a one-dimensional function on `[lo, hi]` by golden-section search.
pub fn golden_section<F: FnMut(f64) -> f64>(mut f: F, lo: f64, hi: f64, tol: f64) -> f64 {
    let g = (5f64.sqrt() - 1.0) / 2.0;
    let (mut a, mut b) = (lo, hi);
    let mut c = b - g * (b - a);
    let mut d = a + g * (b - a);
    let mut fc = f(c);
    let mut fd = f(d);
    while (b - a).abs() > tol {
        if fc < fd {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    (a + b) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_quantiles_match_tables() {
        assert!((norm_ppf(0.975) - 1.959_963_984_540_054).abs() < 1e-9);
        assert!((norm_ppf(0.9) - 1.281_551_565_544_601).abs() < 1e-9);
        assert!((norm_ppf(0.5)).abs() < 1e-12);
        assert!((norm_ppf(0.01) + 2.326_347_874_040_841).abs() < 1e-9);
        assert!((norm_cdf(1.959_963_984_540_054) - 0.975).abs() < 1e-12);
    }

    #[test]
    fn linear_fit_recovers_a_line() {
        let y: Vec<f64> = (0..10).map(|t| 3.0 + 2.0 * t as f64).collect();
        let (a, b) = linear_fit(&y, 0.0);
        assert!((a - 3.0).abs() < 1e-12 && (b - 2.0).abs() < 1e-12);
        let (a1, b1) = linear_fit(&y, 1.0);
        assert!((a1 - 1.0).abs() < 1e-12 && (b1 - 2.0).abs() < 1e-12);
    }

    #[test]
    fn seasonal_indices_of_a_pure_pattern() {
        let pattern = [0.5, 1.0, 1.5, 1.0];
        let y: Vec<f64> = (0..24).map(|t| 100.0 * pattern[t % 4]).collect();
        let idx = seasonal_indices(&y, 4, Decomposition::Multiplicative);
        for (a, b) in idx.iter().zip(pattern) {
            assert!((a - b).abs() < 1e-12, "{idx:?}");
        }
        assert!(is_seasonal(&y, 4, 3));
        let flat = vec![5.0; 24];
        assert!(!is_seasonal(&flat, 4, 3));
    }

    #[test]
    fn nelder_mead_finds_a_bounded_minimum() {
        let opt = nelder_mead(
            |x| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2),
            &[0.5, 0.5],
            &[-5.0, -1.0],
            &[5.0, 5.0],
            &Search {
                init_step: 0.5,
                tol: 1e-12,
                max_iter: 2000,
                restarts: 2,
            },
        );
        assert!((opt.x[0] - 1.0).abs() < 1e-3, "{opt:?}");
        // -2 is outside the box: the minimum sits on the bound.
        assert!((opt.x[1] + 1.0).abs() < 1e-6, "{opt:?}");
        let g = golden_section(|a| (a - 0.25).powi(2), 0.1, 0.3, 1e-8);
        assert!((g - 0.25).abs() < 1e-6);
    }
}

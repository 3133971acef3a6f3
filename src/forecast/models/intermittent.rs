//! Forecasts for intermittent demand: Croston (classic and optimised), SBA, TSB, ADIDA and
//! IMAPA. All of them give a flat per-period demand rate. Missing periods (NaN, e.g. days out
//! of stock) are removed before fitting: they are neither zero demand nor part of an interval.

use crate::forecast::stats::{golden_section, mean};

/// Simple exponential smoothing started at the first value: returns (forecast, in-sample SSE
/// of the one-step forecasts).
pub fn ses(x: &[f64], alpha: f64) -> (f64, f64) {
    let Some(&first) = x.first() else {
        return (0.0, 0.0);
    };
    let mut level = first;
    let mut sse = 0.0;
    for &v in &x[1..] {
        let e = v - level;
        sse += e * e;
        level += alpha * e;
    }
    (level, sse)
}

/// SES with α chosen in [0.1, 0.3] to minimise the in-sample squared one-step error (the range
/// statsforecast and Syntetos & Boylan use for intermittent demand).
pub fn ses_optimised(x: &[f64]) -> (f64, f64) {
    if x.len() < 2 {
        return (ses(x, 0.1).0, 0.1);
    }
    let alpha = golden_section(|a| ses(x, a).1, 0.1, 0.3, 1e-4);
    (ses(x, alpha).0, alpha)
}

/// Observed periods only, NaN removed.
fn observed(y: &[f64]) -> Vec<f64> {
    y.iter().copied().filter(|v| !v.is_nan()).collect()
}

/// Non-zero demand sizes and the intervals between demands (the first counted from the start).
pub fn sizes_and_intervals(y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let mut sizes = Vec::new();
    let mut intervals = Vec::new();
    let mut last = -1i64;
    for (i, v) in y.iter().enumerate() {
        if *v != 0.0 {
            sizes.push(*v);
            intervals.push((i as i64 - last) as f64);
            last = i as i64;
        }
    }
    (sizes, intervals)
}

/// Croston's variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Croston {
    /// α = 0.1 for sizes and intervals.
    Classic,
    /// α ∈ [0.1, 0.3] chosen separately for sizes and intervals.
    Optimised,
    /// Syntetos–Boylan approximation: classic × (1 − α/2).
    Sba,
}

/// Croston's method: smoothed size ÷ smoothed interval. Zero when there is no demand.
pub fn croston(y: &[f64], variant: Croston) -> f64 {
    let y = observed(y);
    let (sizes, intervals) = sizes_and_intervals(&y);
    if sizes.is_empty() {
        return 0.0;
    }
    let (z, p) = match variant {
        Croston::Classic | Croston::Sba => (ses(&sizes, 0.1).0, ses(&intervals, 0.1).0),
        Croston::Optimised => (ses_optimised(&sizes).0, ses_optimised(&intervals).0),
    };
    let f = z / p;
    if variant == Croston::Sba { f * 0.95 } else { f }
}

/// Teunter–Syntetos–Babai: smoothed demand probability (updated every period) × smoothed size.
pub fn tsb(y: &[f64], alpha_d: f64, alpha_p: f64) -> f64 {
    let y = observed(y);
    let (sizes, _) = sizes_and_intervals(&y);
    if sizes.is_empty() {
        return 0.0;
    }
    let occurrence: Vec<f64> = y
        .iter()
        .map(|v| if *v != 0.0 { 1.0 } else { 0.0 })
        .collect();
    ses(&occurrence, alpha_p).0 * ses(&sizes, alpha_d).0
}

/// Sums over non-overlapping buckets of `k` periods, aligned on the last period.
fn aggregate(y: &[f64], k: usize) -> Vec<f64> {
    let start = y.len() % k;
    y[start..].chunks(k).map(|c| c.iter().sum()).collect()
}

fn mean_interval(y: &[f64]) -> f64 {
    let (_, intervals) = sizes_and_intervals(y);
    mean(&intervals)
}

/// ADIDA: aggregate to buckets of the mean inter-demand interval, optimised SES, per period.
pub fn adida(y: &[f64]) -> f64 {
    let y = observed(y);
    if y.iter().all(|v| *v == 0.0) {
        return 0.0;
    }
    let k = (mean_interval(&y).round() as usize).clamp(1, y.len());
    ses_optimised(&aggregate(&y, k)).0 / k as f64
}

/// IMAPA: the mean of optimised SES forecasts over every aggregation level from 1 to the mean
/// inter-demand interval, each per period.
pub fn imapa(y: &[f64]) -> f64 {
    let y = observed(y);
    if y.iter().all(|v| *v == 0.0) {
        return 0.0;
    }
    let max_k = (mean_interval(&y).round() as usize).clamp(1, y.len());
    let fs: Vec<f64> = (1..=max_k)
        .map(|k| ses_optimised(&aggregate(&y, k)).0 / k as f64)
        .collect();
    mean(&fs)
}

/// Forecast variance per horizon step for a flat demand-rate forecast `rate`: the mean squared
/// deviation of the observed periods from the rate, growing like SES's σ²(1 + (h−1)α²)
/// with α = 0.1.
pub fn rate_variance(y: &[f64], rate: f64, h: usize) -> Vec<f64> {
    let y = observed(y);
    let s2 = if y.is_empty() {
        0.0
    } else {
        y.iter().map(|v| (v - rate).powi(2)).sum::<f64>() / y.len() as f64
    };
    (0..h).map(|i| s2 * (1.0 + i as f64 * 0.01)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: [f64; 8] = [0.0, 3.0, 0.0, 0.0, 6.0, 0.0, 3.0, 0.0];

    #[test]
    fn sizes_and_intervals_count_from_the_start() {
        let (s, i) = sizes_and_intervals(&Y);
        assert_eq!(s, vec![3.0, 6.0, 3.0]);
        assert_eq!(i, vec![2.0, 3.0, 2.0]);
    }

    #[test]
    fn croston_by_hand() {
        // sizes 3, 6, 3 with α = 0.1: 3 → 3.3 → 3.27; intervals 2, 3, 2: 2 → 2.1 → 2.09.
        let f = croston(&Y, Croston::Classic);
        assert!((f - 3.27 / 2.09).abs() < 1e-12, "{f}");
        let sba = croston(&Y, Croston::Sba);
        assert!((sba - 0.95 * 3.27 / 2.09).abs() < 1e-12);
    }

    #[test]
    fn tsb_by_hand() {
        // occurrence 0,1,0,0,1,0,1,0 with α_p = 0.5: 0 → .5 → .25 → .125 → .5625 → .28125
        // → .640625 → .3203125; sizes 3, 6, 3 with α_d = 0.5: 3 → 4.5 → 3.75.
        let f = tsb(&Y, 0.5, 0.5);
        assert!((f - 0.320_312_5 * 3.75).abs() < 1e-12, "{f}");
    }

    #[test]
    fn adida_aggregates_from_the_end() {
        // Mean interval 7/3 → k = 2; buckets aligned on the last period:
        // (0,3) (0,0) (6,0) (3,0) → 3, 0, 6, 3; with k = 3 the first 2 periods are dropped.
        assert_eq!(aggregate(&Y, 2), vec![3.0, 0.0, 6.0, 3.0]);
        assert_eq!(aggregate(&Y, 3), vec![6.0, 3.0]);
        let f = adida(&Y);
        assert!(f > 0.0 && f < 3.0);
    }

    #[test]
    fn all_zero_forecasts_zero_and_missing_periods_are_dropped() {
        let z = [0.0; 10];
        for f in [
            croston(&z, Croston::Optimised),
            tsb(&z, 0.2, 0.2),
            adida(&z),
            imapa(&z),
        ] {
            assert_eq!(f, 0.0);
        }
        // A stockout (NaN) between two demands is not an empty period.
        let with_gap = [2.0, f64::NAN, f64::NAN, 2.0, 2.0];
        assert!((croston(&with_gap, Croston::Classic) - 2.0).abs() < 1e-12);
    }

    #[test]
    fn optimised_ses_stays_in_range() {
        // A level shift: the fastest allowed adaptation has the smallest error.
        let x = [0.0, 0.0, 0.0, 10.0, 10.0, 10.0, 10.0, 10.0];
        let (_, a) = ses_optimised(&x);
        assert!(a > 0.299 && a <= 0.3, "{a}");
        // Noise around a constant: the smallest allowed α.
        let x = [4.0, 6.0, 4.0, 6.0, 4.0, 6.0, 4.0, 6.0, 4.0, 6.0];
        let (_, a) = ses_optimised(&[5.0].iter().chain(&x).copied().collect::<Vec<_>>());
        assert!((0.1..0.101).contains(&a), "{a}");
    }
}

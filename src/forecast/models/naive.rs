//! Naive and seasonal naive forecasts with their textbook forecast variances.

use crate::forecast::stats::mean;

/// Last observed value carried forward; variance h·σ² with σ² the mean squared one-step change.
pub fn naive(y: &[f64], h: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let known: Vec<f64> = y.iter().copied().filter(|v| !v.is_nan()).collect();
    let last = *known.last()?;
    let diffs: Vec<f64> = known.windows(2).map(|w| (w[1] - w[0]).powi(2)).collect();
    let s2 = mean(&diffs);
    Some((vec![last; h], (1..=h).map(|i| s2 * i as f64).collect()))
}

/// The value one season ago; variance (⌊(h−1)/m⌋ + 1)·σ² with σ² the mean squared seasonal
/// difference. Missing observations fall back to the most recent known value of that phase.
pub fn seasonal_naive(y: &[f64], m: usize, h: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let n = y.len();
    if m <= 1 || n < m {
        return naive(y, h);
    }
    let mut last_by_phase = vec![f64::NAN; m];
    for (t, v) in y.iter().enumerate() {
        if !v.is_nan() {
            last_by_phase[t % m] = *v;
        }
    }
    let fallback = y.iter().rev().copied().find(|v| !v.is_nan())?;
    let diffs: Vec<f64> = (m..n)
        .filter(|&t| !y[t].is_nan() && !y[t - m].is_nan())
        .map(|t| (y[t] - y[t - m]).powi(2))
        .collect();
    let s2 = mean(&diffs);
    let point = (0..h)
        .map(|i| {
            let v = last_by_phase[(n + i) % m];
            if v.is_nan() { fallback } else { v }
        })
        .collect();
    let var = (0..h).map(|i| s2 * ((i / m) + 1) as f64).collect();
    Some((point, var))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn naive_and_seasonal_naive_by_hand() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let (p, v) = naive(&y, 3).unwrap();
        assert_eq!(p, vec![6.0; 3]);
        assert_eq!(v, vec![1.0, 2.0, 3.0]);
        let (p, v) = seasonal_naive(&y, 4, 5).unwrap();
        // n = 6: next phases are 2, 3, 0, 1, 2 → last values 3, 4, 5, 6, 3.
        assert_eq!(p, vec![3.0, 4.0, 5.0, 6.0, 3.0]);
        // seasonal differences: 5−1, 6−2 → σ² = 16.
        assert_eq!(v, vec![16.0, 16.0, 16.0, 16.0, 32.0]);
    }

    #[test]
    fn seasonal_naive_skips_missing_days() {
        let y = [10.0, 20.0, 11.0, f64::NAN];
        let (p, _) = seasonal_naive(&y, 2, 2).unwrap();
        assert_eq!(p, vec![11.0, 20.0]);
    }
}

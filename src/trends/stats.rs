//! The statistics behind a trend score: the Mann-Kendall trend test, growth of the recent
//! window against a seasonally adjusted baseline, and momentum.

use serde::Serialize;

use crate::forecast::stats::erfc;

/// Which form of the test was run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MkTest {
    /// Mann-Kendall over the most recent weeks.
    Plain,
    /// Seasonal Kendall (Hirsch, Slack & Smith 1982): S and Var(S) summed over the 52 weeks of
    /// the year, each compared only with the same week in other years, so a season's peak is
    /// never read as a trend. Used when at least two full years are there.
    Seasonal,
}

/// The Mann-Kendall test of a monotonic trend (Mann 1945, Kendall 1975), with the variance
/// corrected for ties and the continuity-corrected normal approximation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MannKendall {
    pub test: MkTest,
    /// Number of observations.
    pub n: usize,
    /// S = Σ_{i<j} sign(x_j − x_i).
    pub s: i64,
    /// Var(S) = [n(n−1)(2n+5) − Σ_t t(t−1)(2t+5)] / 18, t over groups of tied values.
    pub var_s: f64,
    /// Z = (S−1)/√Var(S) for S > 0, 0 for S = 0, (S+1)/√Var(S) for S < 0.
    pub z: f64,
    /// Two-sided p-value, 2·(1 − Φ(|Z|)).
    pub p_value: f64,
    /// Kendall's tau = S / (n(n−1)/2), in [−1, 1].
    pub tau: f64,
}

/// S and the tie-corrected Var(S) of one series.
fn s_and_var(x: &[f64]) -> (i64, f64) {
    let n = x.len();
    if n < 2 {
        return (0, 0.0);
    }
    let mut s: i64 = 0;
    for i in 0..n - 1 {
        let xi = x[i];
        let mut row: i64 = 0;
        for &xj in &x[i + 1..] {
            row += i64::from(xj > xi) - i64::from(xj < xi);
        }
        s += row;
    }
    let mut sorted = x.to_vec();
    sorted.sort_by(f64::total_cmp);
    let mut ties = 0.0;
    let mut run = 1usize;
    for k in 1..=n {
        if k < n && sorted[k] == sorted[k - 1] {
            run += 1;
        } else {
            if run > 1 {
                let t = run as f64;
                ties += t * (t - 1.0) * (2.0 * t + 5.0);
            }
            run = 1;
        }
    }
    let nf = n as f64;
    (s, (nf * (nf - 1.0) * (2.0 * nf + 5.0) - ties) / 18.0)
}

fn finish(test: MkTest, n: usize, pairs: f64, s: i64, var_s: f64) -> MannKendall {
    let z = if var_s <= 0.0 {
        0.0
    } else if s > 0 {
        (s as f64 - 1.0) / var_s.sqrt()
    } else if s < 0 {
        (s as f64 + 1.0) / var_s.sqrt()
    } else {
        0.0
    };
    // 2·(1 − Φ(|z|)) = erfc(|z|/√2), without the cancellation of 1 − Φ for large |z|.
    let p_value = erfc(z.abs() / std::f64::consts::SQRT_2).min(1.0);
    MannKendall {
        test,
        n,
        s,
        var_s,
        z,
        p_value,
        tau: if pairs > 0.0 { s as f64 / pairs } else { 0.0 },
    }
}

/// Runs the Mann-Kendall test. Fewer than 3 values give S = 0 and p = 1.
pub fn mann_kendall(x: &[f64]) -> MannKendall {
    let n = x.len();
    if n < 3 {
        return finish(MkTest::Plain, n, 0.0, 0, 0.0);
    }
    let (s, var_s) = s_and_var(x);
    let nf = n as f64;
    finish(MkTest::Plain, n, nf * (nf - 1.0) / 2.0, s, var_s)
}

/// The seasonal Kendall test over the whole years at the end of `x` (at most `max_years`):
/// S = Σ_season S_season, Var(S) = Σ_season Var(S_season) (each with its tie correction),
/// then Z and p as in the plain test. tau = S / Σ_season m(m−1)/2.
pub fn seasonal_kendall(x: &[f64], period: usize, max_years: usize) -> MannKendall {
    let years = (x.len() / period.max(1)).min(max_years);
    if years < 2 {
        return mann_kendall(x);
    }
    let tail = &x[x.len() - years * period..];
    let (mut s, mut var_s) = (0i64, 0.0);
    let mut season = Vec::with_capacity(years);
    for phase in 0..period {
        season.clear();
        season.extend(tail.iter().skip(phase).step_by(period).copied());
        let (ss, vs) = s_and_var(&season);
        s += ss;
        var_s += vs;
    }
    let m = years as f64;
    finish(
        MkTest::Seasonal,
        tail.len(),
        period as f64 * m * (m - 1.0) / 2.0,
        s,
        var_s,
    )
}

/// Which baseline the growth was measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Baseline {
    /// The same weeks one year earlier (seasonal naive): a December peak is compared with last
    /// December, not with November.
    SameWeeksLastYear,
    /// The weeks just before the recent window (less than a year of history).
    PreviousWeeks,
    /// Too little history for any baseline.
    None,
}

/// Growth of the recent window against its baseline.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Growth {
    pub baseline: Baseline,
    pub recent_mean: f64,
    pub baseline_mean: f64,
    /// (recent + 1) / (baseline + 1): the +1 keeps a launch from zero finite.
    pub ratio: f64,
}

/// Weeks in a year, for the seasonal baseline.
pub const SEASON: usize = 52;

fn mean(x: &[f64]) -> f64 {
    if x.is_empty() {
        0.0
    } else {
        x.iter().sum::<f64>() / x.len() as f64
    }
}

/// Growth of the last `recent` values: against the same weeks a year earlier when the series is
/// at least a year plus the window long, else against up to 26 weeks before the window.
pub fn growth(x: &[f64], recent: usize) -> Growth {
    let n = x.len();
    let recent = recent.max(1);
    if n <= recent {
        let m = mean(x);
        return Growth {
            baseline: Baseline::None,
            recent_mean: m,
            baseline_mean: m,
            ratio: 1.0,
        };
    }
    let recent_mean = mean(&x[n - recent..]);
    let (baseline, baseline_mean) = if n >= SEASON + recent {
        (
            Baseline::SameWeeksLastYear,
            mean(&x[n - SEASON - recent..n - SEASON]),
        )
    } else {
        let start = (n - recent).saturating_sub(26);
        (Baseline::PreviousWeeks, mean(&x[start..n - recent]))
    };
    Growth {
        baseline,
        recent_mean,
        baseline_mean,
        ratio: (recent_mean + 1.0) / (baseline_mean.max(0.0) + 1.0),
    }
}

fn raw_momentum(x: &[f64], k: usize) -> f64 {
    let n = x.len();
    (mean(&x[n - k..]) + 1.0) / (mean(&x[n - 2 * k..n - k]) + 1.0)
}

/// Momentum: the mean of the last `k` values against the mean of the `k` before them,
/// as (last + 1) / (previous + 1), divided by the same ratio one year earlier when the series
/// is long enough (so the run-up to a season is not momentum). 1 means no change.
pub fn momentum(x: &[f64], k: usize) -> f64 {
    let n = x.len();
    let k = k.max(1);
    if n < 2 * k {
        return 1.0;
    }
    let now = raw_momentum(x, k);
    if n >= SEASON + 2 * k {
        now / raw_momentum(&x[..n - SEASON], k)
    } else {
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The normal CDF by its own series, independent of the code under test.
    fn phi(z: f64) -> f64 {
        // Φ(z) = 1/2 + φ(z)·Σ z^(2k+1)/(1·3·5···(2k+1))  (Marsaglia 2004)
        let mut sum = z;
        let mut term = z;
        for k in 1..200 {
            term *= z * z / (2 * k + 1) as f64;
            sum += term;
        }
        0.5 + sum * (-z * z / 2.0).exp() / (2.0 * std::f64::consts::PI).sqrt()
    }

    #[test]
    fn mann_kendall_with_ties_by_hand() {
        // x = [1, 2, 2, 3, 5, 4, 4, 6], n = 8.
        // Pairs (i<j) by hand, sign(x_j − x_i):
        //  i=0 (1): 2,2,3,5,4,4,6 → +7
        //  i=1 (2): 2,3,5,4,4,6   → 0 +1+1+1+1+1 = +5
        //  i=2 (2): 3,5,4,4,6     → +5
        //  i=3 (3): 5,4,4,6       → +4
        //  i=4 (5): 4,4,6         → −1 −1 +1 = −1
        //  i=5 (4): 4,6           → 0 +1 = +1
        //  i=6 (4): 6             → +1
        //  S = 7+5+5+4−1+1+1 = 22
        // Ties: {2,2} t=2 and {4,4} t=2, each t(t−1)(2t+5) = 2·1·9 = 18.
        // Var(S) = [8·7·21 − 18 − 18] / 18 = (1176 − 36)/18 = 63.333…
        // Z = (22 − 1)/√63.333… = 21/7.958224… = 2.638780…
        let x = [1.0, 2.0, 2.0, 3.0, 5.0, 4.0, 4.0, 6.0];
        let mk = mann_kendall(&x);
        assert_eq!(mk.s, 22);
        let var = (8.0 * 7.0 * 21.0 - 18.0 - 18.0) / 18.0;
        assert!((mk.var_s - var).abs() < 1e-12, "{}", mk.var_s);
        assert!((var - 63.333_333_333_333).abs() < 1e-9);
        let z = 21.0 / var.sqrt();
        assert!((mk.z - z).abs() < 1e-12);
        assert!((z - 2.638_780).abs() < 1e-6, "{z}");
        let p = 2.0 * (1.0 - phi(z));
        assert!((mk.p_value - p).abs() < 1e-9, "{} vs {p}", mk.p_value);
        // Φ(2.6388) from tables ≈ 0.99584 → p ≈ 0.00832.
        assert!((mk.p_value - 0.00832).abs() < 5e-5, "{}", mk.p_value);
        assert!((mk.tau - 22.0 / 28.0).abs() < 1e-12);
    }

    #[test]
    fn mann_kendall_decreasing_and_flat() {
        // Strictly decreasing, n = 5, no ties: S = −10, Var = 5·4·15/18 = 16.667,
        // Z = (−10 + 1)/√16.667 = −2.204541, p = 0.027486.
        let mk = mann_kendall(&[5.0, 4.0, 3.0, 2.0, 1.0]);
        assert_eq!(mk.s, -10);
        assert!((mk.var_s - 300.0 / 18.0).abs() < 1e-12);
        assert!((mk.z + 9.0 / (300.0f64 / 18.0).sqrt()).abs() < 1e-12);
        assert!((mk.p_value - 0.027486).abs() < 1e-5, "{}", mk.p_value);
        // All tied: S = 0, Var = 0, Z = 0, p = 1.
        let flat = mann_kendall(&[3.0; 10]);
        assert_eq!((flat.s, flat.z, flat.p_value), (0, 0.0, 1.0));
        assert_eq!(flat.var_s, 0.0);
    }

    #[test]
    fn seasonal_kendall_by_hand() {
        // Period 3, three years: seasons (1, 2, 4), (5, 5, 3), (2, 6, 6).
        let x = [1.0, 5.0, 2.0, 2.0, 5.0, 6.0, 4.0, 3.0, 6.0];
        // Season 1: signs (2−1)+, (4−1)+, (4−2)+ → S = 3, no ties, Var = 3·2·11/18 = 11/3.
        // Season 2: (5−5)0, (3−5)−, (3−5)− → S = −2; ties {5,5}: t=2 → 2·1·9 = 18,
        //           Var = (66 − 18)/18 = 8/3.
        // Season 3: (6−2)+, (6−2)+, (6−6)0 → S = 2; ties {6,6} → Var = 8/3.
        // S = 3; Var = 11/3 + 8/3 + 8/3 = 9; Z = (3 − 1)/3 = 0.6667; p = 2(1 − Φ(2/3)).
        let mk = seasonal_kendall(&x, 3, 10);
        assert_eq!(mk.test, MkTest::Seasonal);
        assert_eq!(mk.s, 3);
        assert!((mk.var_s - 9.0).abs() < 1e-12, "{}", mk.var_s);
        assert!((mk.z - 2.0 / 3.0).abs() < 1e-12);
        assert!((mk.p_value - 2.0 * (1.0 - phi(2.0 / 3.0))).abs() < 1e-9);
        // Φ(0.6667) ≈ 0.74751 from tables → p ≈ 0.50499.
        assert!((mk.p_value - 0.50499).abs() < 1e-4, "{}", mk.p_value);
        assert!((mk.tau - 3.0 / 9.0).abs() < 1e-12);
        // Under two whole years it falls back to the plain test.
        assert_eq!(seasonal_kendall(&x[..5], 3, 10).test, MkTest::Plain);
    }

    #[test]
    fn seasonal_baseline_compares_with_last_year() {
        // Two years of a December-peak series: the recent window (a peak) against last year's
        // peak is no growth; against the weeks just before it, it would look like 4×.
        let mut x = Vec::new();
        for _ in 0..2 {
            x.extend(std::iter::repeat_n(10.0, 44));
            x.extend(std::iter::repeat_n(40.0, 8));
        }
        let g = growth(&x, 8);
        assert_eq!(g.baseline, Baseline::SameWeeksLastYear);
        assert!((g.ratio - 1.0).abs() < 1e-12);
        let short = growth(&x[52..], 8);
        assert_eq!(short.baseline, Baseline::PreviousWeeks);
        assert!((short.ratio - 41.0 / 11.0).abs() < 1e-12);
        assert!((momentum(&[1.0, 1.0, 3.0, 3.0], 2) - 2.0).abs() < 1e-12);
        // The run-up to the peak happened last year too: no momentum.
        assert!((momentum(&x, 4) - 1.0).abs() < 1e-12);
    }
}

//! Own-price elasticity from a listing's price and sales history.
//!
//! The model is log-log: expected units per in-stock day = exp(a + c·t) × price^b, so `b` is the
//! elasticity (−1.5 means 1% more price, 1.5% fewer units) and `c` a log-linear trend, so that a
//! product rising or dying over the history is not read as a response to its price changes; with a
//! year or more of history, two annual harmonics absorb smooth seasonality the same way. Observations are spells of days at one
//! price (split by week), with their units and in-stock days; it is fitted as a Poisson regression
//! of units on ln(price) with the days as exposure (which keeps the weeks with no sales, that an
//! ordinary least squares on ln(units) would have to drop), by Newton's method. The standard error
//! is scaled by the Pearson dispersion (quasi-Poisson) so that seasonal swings widen the interval
//! instead of faking precision. An estimate is returned only when the data supports one.
//!
//! This is statistics on counts, not money: f64 is right here. Prices it suggests are turned back
//! into integer minor units by the caller.

use serde::Serialize;

/// One spell of days at one price.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Observation {
    /// The price in force (any unit; only ratios matter).
    pub price: f64,
    /// When: the spell's middle day (any origin; used for the trend term).
    pub day: f64,
    /// In-stock days in the spell.
    pub days: f64,
    /// Units sold in the spell.
    pub units: f64,
}

/// When to trust an estimate.
#[derive(Debug, Clone, Copy)]
pub struct Requirements {
    pub min_observations: usize,
    pub min_units: f64,
    /// The highest price must be at least this much above the lowest, in basis points.
    pub min_price_spread_bp: i64,
    /// z for the two-sided interval (1.96 = 95%).
    pub z: f64,
}

impl Default for Requirements {
    fn default() -> Self {
        Requirements {
            min_observations: 8,
            min_units: 30.0,
            min_price_spread_bp: 500,
            z: 1.96,
        }
    }
}

/// A supported estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Estimate {
    pub elasticity: f64,
    pub lower: f64,
    pub upper: f64,
    pub standard_error: f64,
    pub dispersion: f64,
    pub observations: usize,
    pub units: f64,
    pub distinct_prices: usize,
}

/// Why there is no estimate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Refusal {
    TooFewObservations {
        observations: usize,
        needed: usize,
    },
    TooFewSales {
        units: f64,
        needed: f64,
    },
    NoPriceVariation {
        spread_bp: i64,
        needed_bp: i64,
    },
    NotSignificant {
        elasticity: f64,
        lower: f64,
        upper: f64,
    },
    NoFit,
}

impl Refusal {
    pub fn describe(&self) -> String {
        match self {
            Refusal::TooFewObservations {
                observations,
                needed,
            } => {
                format!("{observations} price spells, {needed} needed")
            }
            Refusal::TooFewSales { units, needed } => {
                format!("{units:.0} units sold, {needed:.0} needed")
            }
            Refusal::NoPriceVariation {
                spread_bp,
                needed_bp,
            } => format!(
                "prices varied by {:.1}%, {:.1}% needed",
                *spread_bp as f64 / 100.0,
                *needed_bp as f64 / 100.0
            ),
            Refusal::NotSignificant {
                elasticity,
                lower,
                upper,
            } => {
                format!(
                    "estimate {elasticity:.2} not significant (95% interval {lower:.2} to {upper:.2})"
                )
            }
            Refusal::NoFit => "the fit did not converge".into(),
        }
    }
}

/// Estimates the elasticity, or says why not.
pub fn estimate(obs: &[Observation], req: &Requirements) -> Result<Estimate, Refusal> {
    let obs: Vec<Observation> = obs
        .iter()
        .copied()
        .filter(|o| o.days > 0.0 && o.price > 0.0 && o.units >= 0.0)
        .collect();
    let n = obs.len();
    if n < req.min_observations.max(3) {
        return Err(Refusal::TooFewObservations {
            observations: n,
            needed: req.min_observations.max(3),
        });
    }
    let units: f64 = obs.iter().map(|o| o.units).sum();
    if units < req.min_units {
        return Err(Refusal::TooFewSales {
            units,
            needed: req.min_units,
        });
    }
    let (lo, hi) = obs.iter().fold((f64::MAX, f64::MIN), |(lo, hi), o| {
        (lo.min(o.price), hi.max(o.price))
    });
    let spread_bp = ((hi / lo - 1.0) * 10_000.0).round() as i64;
    if spread_bp < req.min_price_spread_bp {
        return Err(Refusal::NoPriceVariation {
            spread_bp,
            needed_bp: req.min_price_spread_bp,
        });
    }
    let mut prices: Vec<f64> = obs.iter().map(|o| o.price).collect();
    prices.sort_by(f64::total_cmp);
    prices.dedup();
    let distinct_prices = prices.len();

    // Covariates: intercept, centred ln(price), centred time in years, and — when the history
    // spans a year or more — two annual harmonics (sin/cos of 2πt/365 and 4πt/365), so that a
    // gift season falling in one price spell is not read as the price's effect.
    let days: f64 = obs.iter().map(|o| o.days).sum();
    let xbar = obs.iter().map(|o| o.days * o.price.ln()).sum::<f64>() / days;
    let tbar = obs.iter().map(|o| o.days * o.day).sum::<f64>() / days;
    let (t0, t1) = obs.iter().fold((f64::MAX, f64::MIN), |(a, b), o| {
        (a.min(o.day), b.max(o.day))
    });
    let seasonal = t1 - t0 >= 364.0;
    let k = if seasonal { 7 } else { 3 };
    let cov: Vec<Vec<f64>> = obs
        .iter()
        .map(|o| {
            let mut z = vec![1.0, o.price.ln() - xbar, (o.day - tbar) / 365.0];
            if seasonal {
                let w = o.day / 365.0 * std::f64::consts::TAU;
                z.extend([w.sin(), w.cos(), (2.0 * w).sin(), (2.0 * w).cos()]);
            }
            z
        })
        .collect();
    if n <= k {
        return Err(Refusal::TooFewObservations {
            observations: n,
            needed: k + 1,
        });
    }
    let mut beta = vec![0.0f64; k];
    beta[0] = (units / days).max(1e-9).ln();
    let mut converged = false;
    let mut inv = vec![vec![0.0f64; k]; k];
    for _ in 0..100 {
        let mut score = vec![0.0f64; k];
        let mut info = vec![vec![0.0f64; k]; k];
        for (o, z) in obs.iter().zip(&cov) {
            let eta: f64 = z.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let mu = o.days * eta.exp();
            for j in 0..k {
                score[j] += z[j] * (o.units - mu);
                for l in 0..k {
                    info[j][l] += z[j] * z[l] * mu;
                }
            }
        }
        let Some(i) = invert(&info) else {
            return Err(Refusal::NoFit);
        };
        inv = i;
        let step: Vec<f64> = (0..k)
            .map(|j| (0..k).map(|l| inv[j][l] * score[l]).sum())
            .collect();
        let size: f64 = step.iter().map(|x| x.abs()).sum();
        // Damped steps keep exp() in range on awkward data.
        let scale = 1.0f64.min(5.0 / size.max(1e-12));
        for j in 0..k {
            beta[j] += step[j] * scale;
        }
        if size < 1e-10 {
            converged = true;
            break;
        }
    }
    let b = beta[1];
    if !converged || !b.is_finite() {
        return Err(Refusal::NoFit);
    }
    let pearson: f64 = obs
        .iter()
        .zip(&cov)
        .map(|(o, z)| {
            let eta: f64 = z.iter().zip(&beta).map(|(a, b)| a * b).sum();
            let mu = o.days * eta.exp();
            (o.units - mu).powi(2) / mu.max(1e-12)
        })
        .sum();
    let dispersion = (pearson / (n - k) as f64).max(1.0);
    let se = (inv[1][1] * dispersion).sqrt();
    let lower = b - req.z * se;
    let upper = b + req.z * se;
    if !se.is_finite() || upper >= 0.0 {
        return Err(Refusal::NotSignificant {
            elasticity: b,
            lower,
            upper,
        });
    }
    Ok(Estimate {
        elasticity: b,
        lower,
        upper,
        standard_error: se,
        dispersion,
        observations: n,
        units,
        distinct_prices,
    })
}

/// The inverse of a square matrix by Gauss-Jordan elimination with partial pivoting, or None
/// when it is (numerically) singular.
fn invert(m: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = m.len();
    let mut a: Vec<Vec<f64>> = m.to_vec();
    let mut inv: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect();
    let scale = m
        .iter()
        .flatten()
        .map(|x| x.abs())
        .fold(0.0, f64::max)
        .max(1e-300);
    for col in 0..n {
        let pivot = (col..n).max_by(|x, y| a[*x][col].abs().total_cmp(&a[*y][col].abs()))?;
        if !a[pivot][col].is_finite() || a[pivot][col].abs() <= 1e-12 * scale {
            return None;
        }
        a.swap(col, pivot);
        inv.swap(col, pivot);
        let p = a[col][col];
        for j in 0..n {
            a[col][j] /= p;
            inv[col][j] /= p;
        }
        for row in 0..n {
            if row != col {
                let f = a[row][col];
                if f != 0.0 {
                    for j in 0..n {
                        a[row][j] -= f * a[col][j];
                        inv[row][j] -= f * inv[col][j];
                    }
                }
            }
        }
    }
    Some(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_distr::{Distribution, Poisson};

    /// Synthetic weekly spells: a price level drawn at random every 4 weeks from 16..24; units ~
    /// Poisson with mean 7 days × base × (price / 20)^e × a ±20% seasonal swing × a trend of
    /// `growth` per year.
    fn synthetic_trend(
        e: f64,
        weeks: usize,
        base: f64,
        seed: u64,
        vary: bool,
        growth: f64,
    ) -> Vec<Observation> {
        let mut r = rand_pcg::Pcg64::seed_from_u64(seed);
        let levels = [16.0, 18.0, 20.0, 22.0, 24.0];
        let mut price = 20.0;
        (0..weeks)
            .map(|w| {
                if vary && w % 4 == 0 {
                    price = levels[r.random_range(0..levels.len())];
                }
                let season = 1.0 + 0.2 * (w as f64 / 52.0 * std::f64::consts::TAU).sin();
                let trend = (growth * w as f64 / 52.0).exp();
                let mean = 7.0 * base * season * trend * (price / 20.0f64).powf(e);
                let units = Poisson::new(mean).unwrap().sample(&mut r);
                Observation {
                    price,
                    day: w as f64 * 7.0 + 3.0,
                    days: 7.0,
                    units,
                }
            })
            .collect()
    }

    fn synthetic(e: f64, weeks: usize, base: f64, seed: u64, vary: bool) -> Vec<Observation> {
        synthetic_trend(e, weeks, base, seed, vary, 0.0)
    }

    /// Tolerance stated. Three years of weekly spells at ~2 units/day with a ±20% seasonal swing
    /// give a standard error near 0.17 (measured: sd 0.165 over 60 seeds, no bias). So: every
    /// estimate within 0.6 (3.5 standard errors) of the true elasticity, the mean of 20 seeds
    /// within 0.1, and the 95% interval covering the truth for at least 90% of 200 seeds. A
    /// product growing 80% a year or dying (−63% a year, fewer sales, standard error ≈ 0.29) is
    /// still recovered within 0.9 thanks to the trend term.
    #[test]
    fn recovers_known_elasticity() {
        for e in [-0.8, -1.5, -2.5] {
            let mut sum = 0.0;
            for seed in 0..20 {
                let est = estimate(
                    &synthetic(e, 156, 2.0, seed, true),
                    &Requirements::default(),
                )
                .unwrap();
                assert!(
                    (est.elasticity - e).abs() < 0.6,
                    "seed {seed}: {est:?} vs {e}"
                );
                assert!(est.lower < est.upper && est.upper < 0.0);
                sum += est.elasticity;
            }
            assert!((sum / 20.0 - e).abs() < 0.1, "mean {} vs {e}", sum / 20.0);
        }
        for growth in [0.8, -1.0] {
            for seed in 0..5 {
                let obs = synthetic_trend(-1.5, 156, 2.0, 500 + seed, true, growth);
                let est = estimate(&obs, &Requirements::default()).unwrap();
                assert!(
                    (est.elasticity + 1.5).abs() < 0.9,
                    "growth {growth} seed {seed}: {est:?}"
                );
            }
        }
        let covered = (0..200)
            .filter(|seed| {
                let est = estimate(
                    &synthetic(-1.5, 156, 2.0, 1000 + seed, true),
                    &Requirements::default(),
                )
                .unwrap();
                est.lower <= -1.5 && -1.5 <= est.upper
            })
            .count();
        assert!(covered >= 180, "covered {covered} of 200");
    }

    #[test]
    fn refuses_without_price_variation() {
        let obs = synthetic(-1.5, 156, 2.0, 7, false);
        assert!(matches!(
            estimate(&obs, &Requirements::default()),
            Err(Refusal::NoPriceVariation { spread_bp: 0, .. })
        ));
    }

    #[test]
    fn refuses_thin_or_flat_data() {
        // Too few sales.
        let obs = synthetic(-1.5, 156, 0.01, 3, true);
        assert!(matches!(
            estimate(&obs, &Requirements::default()),
            Err(Refusal::TooFewSales { .. })
        ));
        // Too few spells.
        let obs = synthetic(-1.5, 5, 2.0, 3, true);
        assert!(matches!(
            estimate(&obs, &Requirements::default()),
            Err(Refusal::TooFewObservations { .. })
        ));
        // Demand that does not respond to price: refused as not significant, except for the
        // about 2.5% of samples a one-sided 95% interval lets through (at most 10 of 100 here).
        let false_positives = (0..100)
            .filter(|seed| {
                estimate(
                    &synthetic(0.0, 156, 2.0, 2000 + seed, true),
                    &Requirements::default(),
                )
                .is_ok()
            })
            .count();
        assert!(false_positives <= 10, "{false_positives} of 100");
    }
}

//! Demand pattern classification by ADI and CV² (Syntetos, Boylan & Croston, 2005).

use serde::Serialize;

use crate::forecast::models::intermittent::sizes_and_intervals;
use crate::forecast::stats::mean;

/// ADI cut-off: an average inter-demand interval at or above this is intermittent.
pub const ADI_CUTOFF: f64 = 1.32;
/// CV² cut-off: a squared coefficient of variation of demand sizes at or above this is erratic.
pub const CV2_CUTOFF: f64 = 0.49;

/// The demand pattern of a series.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DemandClass {
    /// Regular timing, regular sizes.
    Smooth,
    /// Regular timing, sizes vary a lot.
    Erratic,
    /// Sporadic timing, regular sizes.
    Intermittent,
    /// Sporadic timing, sizes vary a lot.
    Lumpy,
    /// Fewer than two periods with demand: nothing to measure.
    Sparse,
}

impl DemandClass {
    pub fn as_str(self) -> &'static str {
        match self {
            DemandClass::Smooth => "smooth",
            DemandClass::Erratic => "erratic",
            DemandClass::Intermittent => "intermittent",
            DemandClass::Lumpy => "lumpy",
            DemandClass::Sparse => "sparse",
        }
    }

    /// Sporadic timing (intermittent or lumpy) or too little demand to tell.
    pub fn is_sporadic(self) -> bool {
        matches!(
            self,
            DemandClass::Intermittent | DemandClass::Lumpy | DemandClass::Sparse
        )
    }
}

/// ADI, CV² and the class of a demand series. Missing periods (NaN) are left out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Classification {
    pub class: DemandClass,
    /// Average inter-demand interval: observed periods ÷ periods with demand.
    pub adi: f64,
    /// Squared coefficient of variation of the non-zero demand sizes (population variance).
    pub cv2: f64,
}

/// Classify a series. With fewer than two non-zero periods the class is `Sparse` and ADI is
/// the number of observed periods.
pub fn classify(y: &[f64]) -> Classification {
    let obs: Vec<f64> = y.iter().copied().filter(|v| !v.is_nan()).collect();
    let (sizes, _) = sizes_and_intervals(&obs);
    if sizes.len() < 2 {
        return Classification {
            class: DemandClass::Sparse,
            adi: obs.len() as f64,
            cv2: 0.0,
        };
    }
    let adi = obs.len() as f64 / sizes.len() as f64;
    let mu = mean(&sizes);
    let var = sizes.iter().map(|v| (v - mu).powi(2)).sum::<f64>() / sizes.len() as f64;
    let cv2 = if mu != 0.0 { var / (mu * mu) } else { 0.0 };
    let class = match (adi >= ADI_CUTOFF, cv2 >= CV2_CUTOFF) {
        (false, false) => DemandClass::Smooth,
        (false, true) => DemandClass::Erratic,
        (true, false) => DemandClass::Intermittent,
        (true, true) => DemandClass::Lumpy,
    };
    Classification { class, adi, cv2 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cut_offs_split_the_four_classes() {
        // Every period has demand of 10: ADI 1, CV² 0.
        assert_eq!(classify(&[10.0; 12]).class, DemandClass::Smooth);
        // Sizes 1 and 5 alternating: mean 3, variance 4, CV² 4/9 = 0.444 < 0.49 → smooth.
        let y: Vec<f64> = (0..12)
            .map(|t| if t % 2 == 0 { 1.0 } else { 5.0 })
            .collect();
        let c = classify(&y);
        assert!((c.cv2 - 4.0 / 9.0).abs() < 1e-12);
        assert_eq!(c.class, DemandClass::Smooth);
        // Sizes 1 and 6: mean 3.5, variance 6.25, CV² 0.510 ≥ 0.49 → erratic.
        let y: Vec<f64> = (0..12)
            .map(|t| if t % 2 == 0 { 1.0 } else { 6.0 })
            .collect();
        assert_eq!(classify(&y).class, DemandClass::Erratic);
        // Demand every other period (intervals 2): ADI 2 ≥ 1.32 → intermittent / lumpy.
        let y: Vec<f64> = (0..12)
            .map(|t| if t % 2 == 1 { 4.0 } else { 0.0 })
            .collect();
        let c = classify(&y);
        assert_eq!((c.class, c.adi), (DemandClass::Intermittent, 2.0));
        let y: Vec<f64> = (0..12)
            .map(|t| match t % 4 {
                1 => 1.0,
                3 => 6.0,
                _ => 0.0,
            })
            .collect();
        assert_eq!(classify(&y).class, DemandClass::Lumpy);
    }

    #[test]
    fn adi_just_below_and_above_the_cut_off() {
        // 4 demands in 5 periods: ADI 5/4 = 1.25.
        let y = [1.0, 1.0, 1.0, 0.0, 1.0];
        let c = classify(&y);
        assert_eq!((c.adi, c.class), (1.25, DemandClass::Smooth));
        // 4 demands in 6 periods: 1.5.
        let y = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0];
        assert_eq!(classify(&y).class, DemandClass::Intermittent);
    }

    #[test]
    fn stockout_days_are_not_zero_demand_and_sparse_is_its_own_class() {
        let y = [3.0, f64::NAN, f64::NAN, 3.0, 3.0];
        assert_eq!(classify(&y).class, DemandClass::Smooth);
        assert_eq!(classify(&[0.0, 0.0, 5.0]).class, DemandClass::Sparse);
        assert_eq!(classify(&[0.0; 4]).class, DemandClass::Sparse);
    }

    #[test]
    #[allow(clippy::print_stderr)] // the skip notice
    fn car_parts_classes_match_the_published_counts() {
        // ../shared/data/README.md: 1,281 intermittent, 192 lumpy, 3 smooth, 1 erratic and
        // 23 with fewer than two sales on the training months.
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/data/intermittent-carparts.csv");
        let Ok(file) = std::fs::File::open(&path) else {
            eprintln!("skipped: {} not found", path.display());
            return;
        };
        let series = crate::forecast::longcsv::read(file, "intermittent-carparts.csv").unwrap();
        let mut counts = std::collections::HashMap::new();
        for s in &series {
            *counts.entry(classify(&s.y).class).or_insert(0) += 1;
        }
        assert_eq!(counts.get(&DemandClass::Intermittent), Some(&1281));
        assert_eq!(counts.get(&DemandClass::Lumpy), Some(&192));
        assert_eq!(counts.get(&DemandClass::Smooth), Some(&3));
        assert_eq!(counts.get(&DemandClass::Erratic), Some(&1));
        assert_eq!(counts.get(&DemandClass::Sparse), Some(&23));
    }
}

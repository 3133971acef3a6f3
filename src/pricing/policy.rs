//! Pricing policy from config: the `pricing.*` keys, overridden per marketplace by a
//! `[pricing.marketplace.NAME]` table and per SKU by a `[pricing.sku."SKU"]` table (SKU wins over
//! marketplace, marketplace over the global keys). Example:
//!
//! ```toml
//! [pricing]
//! strategy = "beat_lowest"
//! min_margin_bp = 1500
//!
//! [pricing.marketplace.amazon]
//! strategy = "featured"
//!
//! [pricing.sku."MUG-00001"]
//! min_margin_bp = 3000
//! strategy = "median_band"
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::fees::Marketplace;
use crate::settings::{OverrideTables, PricingConfig, key_spec, validate};

/// How to answer the competitors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    MatchLowest,
    BeatLowest,
    MedianBand,
    Featured,
}

impl Strategy {
    pub fn parse(text: &str) -> Option<Strategy> {
        Some(match text {
            "match_lowest" => Strategy::MatchLowest,
            "beat_lowest" => Strategy::BeatLowest,
            "median_band" => Strategy::MedianBand,
            "featured" => Strategy::Featured,
            _ => return None,
        })
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Strategy::MatchLowest => "match_lowest",
            Strategy::BeatLowest => "beat_lowest",
            Strategy::MedianBand => "median_band",
            Strategy::Featured => "featured",
        }
    }
}

/// What to do when the competitor target is below the floor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BelowFloor {
    Hold,
    Floor,
}

/// The rules for one listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Policy {
    pub strategy: Strategy,
    pub min_margin_bp: i64,
    pub step_minor: i64,
    pub band_bp: i64,
    pub max_change_bp: i64,
    pub min_change_bp: i64,
    pub below_floor: BelowFloor,
    pub stockout_days: i64,
    pub stock_raise_bp: i64,
    pub aging_days: i64,
    pub stock_lower_bp: i64,
    pub offer_max_age_days: i64,
    pub elasticity: bool,
}

/// The overridable keys (without the `pricing.` prefix).
const OVERRIDABLE: &[&str] = &[
    "strategy",
    "min_margin_bp",
    "step_minor",
    "band_bp",
    "max_change_bp",
    "min_change_bp",
    "below_floor",
    "stockout_days",
    "stock_raise_bp",
    "aging_days",
    "stock_lower_bp",
    "offer_max_age_days",
    "elasticity",
];

type Overrides = Vec<(&'static str, String)>;

/// The global policy and its overrides, read once.
#[derive(Debug, Clone)]
pub struct PolicySet {
    pub base: Policy,
    by_marketplace: HashMap<Marketplace, Overrides>,
    by_sku: HashMap<String, Overrides>,
}

impl Policy {
    fn set(&mut self, key: &str, value: &str) {
        let int = || value.trim().parse::<i64>().unwrap_or_default();
        match key {
            "strategy" => self.strategy = Strategy::parse(value).unwrap_or(self.strategy),
            "min_margin_bp" => self.min_margin_bp = int(),
            "step_minor" => self.step_minor = int(),
            "band_bp" => self.band_bp = int(),
            "max_change_bp" => self.max_change_bp = int(),
            "min_change_bp" => self.min_change_bp = int(),
            "below_floor" => {
                self.below_floor = if value == "floor" {
                    BelowFloor::Floor
                } else {
                    BelowFloor::Hold
                }
            }
            "stockout_days" => self.stockout_days = int(),
            "stock_raise_bp" => self.stock_raise_bp = int(),
            "aging_days" => self.aging_days = int(),
            "stock_lower_bp" => self.stock_lower_bp = int(),
            "offer_max_age_days" => self.offer_max_age_days = int(),
            "elasticity" => self.elasticity = value == "on",
            _ => {}
        }
    }
}

fn value_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

impl PolicySet {
    /// The `[pricing]` config and its override tables; a bad override is a config error naming
    /// the file, the table and the key.
    pub fn from_config(c: &PricingConfig, overrides: &OverrideTables) -> Result<PolicySet> {
        let base = Policy {
            strategy: Strategy::parse(&c.strategy).unwrap_or(Strategy::BeatLowest),
            min_margin_bp: *c.min_margin_bp,
            step_minor: *c.step_minor,
            band_bp: *c.band_bp,
            max_change_bp: *c.max_change_bp,
            min_change_bp: *c.min_change_bp,
            below_floor: if c.below_floor.as_str() == "floor" {
                BelowFloor::Floor
            } else {
                BelowFloor::Hold
            },
            stockout_days: *c.stockout_days,
            stock_raise_bp: *c.stock_raise_bp,
            aging_days: *c.aging_days,
            stock_lower_bp: *c.stock_lower_bp,
            offer_max_age_days: *c.offer_max_age_days,
            elasticity: *c.elasticity,
        };
        let path = &overrides.path;
        let read_overrides = |what: &str, table: &toml::Table| -> Result<Overrides> {
            let mut out = Vec::new();
            for (k, v) in table {
                let Some(key) = OVERRIDABLE.iter().find(|o| **o == k.as_str()) else {
                    return Err(Error::config(format!(
                        "{path}: [{what}]: unknown key {k:?}; known: {}",
                        OVERRIDABLE.join(", ")
                    )));
                };
                let text = value_text(v);
                let spec = key_spec(&format!("pricing.{key}"))
                    .ok_or_else(|| Error::config(format!("pricing.{key} is not declared")))?;
                validate(spec, &text)
                    .map_err(|m| Error::config(format!("{path}: [{what}] {k}: {m}")))?;
                out.push((*key, text));
            }
            Ok(out)
        };
        let mut by_marketplace = HashMap::new();
        let mut by_sku = HashMap::new();
        if let Some(t) = &overrides.pricing_marketplace {
            let t = t.as_table().ok_or_else(|| {
                Error::config(format!("{path}: pricing.marketplace must be a table"))
            })?;
            for (name, v) in t {
                let m = Marketplace::parse(name).ok_or_else(|| {
                    Error::config(format!(
                        "{path}: [pricing.marketplace.{name}]: not a marketplace (etsy, ebay, amazon, shopify)"
                    ))
                })?;
                let table = v.as_table().ok_or_else(|| {
                    Error::config(format!(
                        "{path}: pricing.marketplace.{name} must be a table"
                    ))
                })?;
                by_marketplace.insert(
                    m,
                    read_overrides(&format!("pricing.marketplace.{name}"), table)?,
                );
            }
        }
        if let Some(t) = &overrides.pricing_sku {
            let t = t
                .as_table()
                .ok_or_else(|| Error::config(format!("{path}: pricing.sku must be a table")))?;
            for (sku, v) in t {
                let table = v.as_table().ok_or_else(|| {
                    Error::config(format!("{path}: pricing.sku.{sku:?} must be a table"))
                })?;
                by_sku.insert(
                    sku.clone(),
                    read_overrides(&format!("pricing.sku.{sku:?}"), table)?,
                );
            }
        }
        Ok(PolicySet {
            base,
            by_marketplace,
            by_sku,
        })
    }

    /// A policy set with no overrides.
    pub fn uniform(base: Policy) -> PolicySet {
        PolicySet {
            base,
            by_marketplace: HashMap::new(),
            by_sku: HashMap::new(),
        }
    }

    /// The policy for one listing.
    pub fn for_listing(&self, m: Marketplace, sku: &str) -> Policy {
        let mut p = self.base.clone();
        for (k, v) in self.by_marketplace.get(&m).into_iter().flatten() {
            p.set(k, v);
        }
        for (k, v) in self.by_sku.get(sku).into_iter().flatten() {
            p.set(k, v);
        }
        p
    }

    /// The longest offer age any policy reads (for the offers query).
    pub fn max_offer_age_days(&self) -> i64 {
        let mut n = self.base.offer_max_age_days;
        for o in self.by_marketplace.values().chain(self.by_sku.values()) {
            for (k, v) in o {
                if *k == "offer_max_age_days" {
                    n = n.max(v.trim().parse().unwrap_or(0));
                }
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn from_toml(text: &str) -> Result<PolicySet> {
        let s = crate::settings::Settings::from_toml(text)?;
        let c = crate::settings::Config::resolve(&s, None)?;
        PolicySet::from_config(&c.pricing, &c.overrides)
    }

    #[test]
    fn defaults_and_overrides() {
        let set = from_toml(
            "[pricing]\nmin_margin_bp = 2000\n[pricing.marketplace.amazon]\nstrategy = \"featured\"\n[pricing.sku.\"MUG-1\"]\nmin_margin_bp = 3000\nstrategy = \"median_band\"\n",
        )
        .unwrap();
        assert_eq!(set.base.strategy, Strategy::BeatLowest);
        assert_eq!(set.base.min_margin_bp, 2000);
        assert_eq!(set.base.step_minor, 25);
        let amazon = set.for_listing(Marketplace::Amazon, "CDL-2");
        assert_eq!(amazon.strategy, Strategy::Featured);
        let mug = set.for_listing(Marketplace::Amazon, "MUG-1");
        assert_eq!(
            (mug.strategy, mug.min_margin_bp),
            (Strategy::MedianBand, 3000)
        );
        assert_eq!(
            set.for_listing(Marketplace::Etsy, "CDL-2").strategy,
            Strategy::BeatLowest
        );
    }

    #[test]
    fn bad_overrides_are_config_errors() {
        for text in [
            "[pricing.sku.\"A\"]\nstrategy = \"cheapest\"\n",
            "[pricing.sku.\"A\"]\nfloor = 3\n",
            "[pricing.marketplace.walmart]\nstrategy = \"featured\"\n",
            "[pricing]\nmin_margin_bp = 99999\n",
        ] {
            let err = from_toml(text).unwrap_err();
            assert_eq!(err.kind(), crate::ErrorKind::Config, "{text}: {err}");
        }
    }
}

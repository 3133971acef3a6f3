//! Identities of ledger rows: the external id an entry keeps across re-imports.
//!
//! Where a source gives an id of its own (a settlement id and an order item code), the entry's
//! id is built from it. Rows without one are named by a digest of their cells, never by their
//! line number, so that the same row read again (a file imported twice, two reports whose date
//! ranges overlap) gets the same id; an occurrence number keeps two identical rows of one file
//! two entries (`…#2` for the second).

use std::collections::HashMap;

use sha2::{Digest, Sha256};

/// The first 16 hex digits of the SHA-256 of `cells` (trimmed, each followed by a separator).
pub fn digest<'a>(cells: impl IntoIterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for c in cells {
        h.update(c.trim().as_bytes());
        h.update([0x1f]);
    }
    let out = h.finalize();
    out.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Counts the keys handed out in one file. Keys are kept as 64-bit digests (a file of a million
/// rows costs 16 MB, not the keys' text): two keys that collide would only number each other,
/// the same way on every import, so ids stay stable.
#[derive(Debug, Default)]
pub struct Occurrences {
    seen: HashMap<u64, u32>,
}

impl Occurrences {
    /// `key` the first time, then `key#2`, `key#3`, … for the later rows with the same key.
    pub fn next(&mut self, key: String) -> String {
        match self.count(&key) {
            1 => key,
            n => format!("{key}#{n}"),
        }
    }

    /// How many times `key` has come up, this one included.
    pub fn count(&mut self, key: &str) -> u32 {
        // SHA-256, whose output no compiler or library version changes.
        let d = Sha256::digest(key.as_bytes());
        let k = u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]]);
        let n = self.seen.entry(k).or_insert(0);
        *n += 1;
        *n
    }
}

/// `FBAPerUnitFulfillmentFee` → `fba_per_unit_fulfillment_fee`, `Subscription Fee` →
/// `subscription_fee`, `WAREHOUSE_DAMAGE` → `warehouse_damage`: a source's type as a snake_case
/// entry type.
pub fn snake(text: &str) -> String {
    let chars: Vec<char> = text.trim().chars().collect();
    let mut out = String::with_capacity(chars.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && i > 0 && !out.ends_with('_') && !out.is_empty() {
                let prev = chars[i - 1];
                let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
                if prev.is_lowercase()
                    || prev.is_ascii_digit()
                    || (prev.is_uppercase() && next_lower)
                {
                    out.push('_');
                }
            }
            out.extend(c.to_lowercase());
        } else if !out.is_empty() && !out.ends_with('_') {
            out.push('_');
        }
    }
    while out.ends_with('_') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_stable_and_occurrences_count() {
        let a = digest(["x", " y "]);
        assert_eq!(a, digest(["x", "y"]));
        assert_ne!(a, digest(["xy", ""]));
        assert_eq!(a.len(), 16);
        let mut o = Occurrences::default();
        assert_eq!(o.next("k".into()), "k");
        assert_eq!(o.next("k".into()), "k#2");
        assert_eq!(o.next("j".into()), "j");
        assert_eq!(o.next("k".into()), "k#3");
    }

    #[test]
    fn types_in_snake_case() {
        assert_eq!(
            snake("FBAPerUnitFulfillmentFee"),
            "fba_per_unit_fulfillment_fee"
        );
        assert_eq!(snake("DigitalServicesFee"), "digital_services_fee");
        assert_eq!(snake("Subscription Fee"), "subscription_fee");
        assert_eq!(snake("WAREHOUSE_DAMAGE"), "warehouse_damage");
        assert_eq!(
            snake("shop_cash_campaign_billing_debit"),
            "shop_cash_campaign_billing_debit"
        );
        assert_eq!(snake("Cost of Advertising"), "cost_of_advertising");
        assert_eq!(snake("  "), "");
    }
}

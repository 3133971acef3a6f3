//! The fee rules the demo shop's orders are charged with, one per channel, as published by the
//! marketplaces for US sellers (see the fee schedule sources in `sellkit price fees`):
//! - Etsy: listing fee $0.20 per item sold, transaction fee 6.5% of item + shipping,
//!   payment processing 3% + $0.25 of the order total;
//! - Shopify Payments (Basic plan): 2.9% + $0.30 per order;
//! - Amazon: referral fee 15% of item + shipping (at least $0.30 per item) and an FBA fee per unit
//!   by size tier;
//! - eBay: final value fee 13.6% of the total amount, plus $0.40 per order over $10 ($0.30 otherwise).

use crate::money::apply_bp;

/// What the fee rules need to know about an order, in cents.
pub struct OrderAmounts {
    pub items: i64,
    pub discount: i64,
    pub shipping: i64,
    pub tax: i64,
    pub units: i64,
    /// FBA fee per unit for the order's products (Amazon only), summed over units.
    pub fba_fees: i64,
}

/// The total marketplace and payment fees for one order on a channel (index into CHANNELS).
pub fn order_fees(channel: usize, a: &OrderAmounts) -> i64 {
    let sale = a.items - a.discount;
    match channel {
        0 => {
            let listing = 20 * a.units;
            let transaction = apply_bp(sale + a.shipping, 650);
            let processing = apply_bp(sale + a.shipping + a.tax, 300) + 25;
            listing + transaction + processing
        }
        1 => apply_bp(sale + a.shipping + a.tax, 290) + 30,
        2 => {
            let referral = apply_bp(sale + a.shipping, 1500).max(30 * a.units);
            referral + a.fba_fees
        }
        _ => {
            let total = sale + a.shipping + a.tax;
            apply_bp(total, 1360) + if total > 1000 { 40 } else { 30 }
        }
    }
}

/// FBA fulfilment fee per unit by shipping weight (standard size, 2024 rate card, cents).
pub fn fba_fee(weight_g: i64) -> i64 {
    let oz = weight_g * 1000 / 28_350; // thousandths of an ounce would be overkill: whole ounces
    match oz {
        0..=4 => 306,
        5..=8 => 315,
        9..=12 => 324,
        13..=16 => 333,
        17..=32 => 477,
        33..=48 => 532,
        _ => 600,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etsy_worked_example() {
        // $20 item + $5 shipping, no tax: 0.20 + 6.5% of 25 (1.625 -> 1.63) + 3% of 25 (0.75) + 0.25.
        let a = OrderAmounts {
            items: 2000,
            discount: 0,
            shipping: 500,
            tax: 0,
            units: 1,
            fba_fees: 0,
        };
        assert_eq!(order_fees(0, &a), 20 + 163 + 75 + 25);
    }

    #[test]
    fn amazon_minimum_referral_and_ebay_per_order_fee() {
        let cheap = OrderAmounts {
            items: 100,
            discount: 0,
            shipping: 0,
            tax: 0,
            units: 1,
            fba_fees: 306,
        };
        assert_eq!(order_fees(2, &cheap), 30 + 306);
        let small = OrderAmounts {
            items: 900,
            discount: 0,
            shipping: 0,
            tax: 0,
            units: 1,
            fba_fees: 0,
        };
        assert_eq!(order_fees(3, &small), 122 + 30);
        let big = OrderAmounts {
            items: 5000,
            discount: 0,
            shipping: 0,
            tax: 0,
            units: 1,
            fba_fees: 0,
        };
        assert_eq!(order_fees(3, &big), 680 + 40);
        assert_eq!(fba_fee(20), 306);
        assert_eq!(fba_fee(420), 333); // 14.8 oz
    }
}

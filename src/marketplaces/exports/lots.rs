//! Purchase lots: a CSV the seller writes (or exports from a purchasing tool) with one row per
//! batch of one SKU bought, `sku,received_on,quantity,unit_cost,landed_cost,currency,lot`.
//! `report.cost_method = fifo` costs each unit sold from the oldest lot with units left.
//!
//! - `received_on` is a calendar day, `YYYY-MM-DD`;
//! - `quantity` is a whole number above zero;
//! - `unit_cost` is what one unit cost, `landed_cost` (optional, empty is zero) what the whole
//!   lot cost to land (freight, duty, fees), both exact decimals in `currency` (`12.50`; more
//!   decimals than the currency has are an error, never rounded), neither negative;
//! - `currency` is an ISO 4217 code;
//! - `lot` (optional) is the seller's PO or lot id. A lot is stored once per (sku, lot): a
//!   re-import replaces it. Without one, the lot's id is `received_on` and a digest of the row's
//!   cells ([`ledger_ids::digest`]), numbered when the same row comes twice in one file, so
//!   re-importing the same file gives the same ids.

use super::formats::{ColSpec, Format, Spec};
use super::{Col, Header, MapContext, Mapper, Row, RowError, bounded, ledger_ids};
use crate::marketplaces::sink::{LotRec, Record};
use crate::money::Currency;

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const COLS: &[ColSpec] = &[
    c("sku", &["sku"], true),
    c("received_on", &["received_on", "received on"], true),
    c("quantity", &["quantity"], true),
    c("unit_cost", &["unit_cost", "unit cost"], true),
    c("landed_cost", &["landed_cost", "landed cost"], false),
    c("currency", &["currency"], true),
    c("lot", &["lot", "lot_ref", "po"], false),
];

pub static LOTS: Spec = Spec {
    format: Format::PurchaseLots,
    title: "purchase lots",
    channel: "store",
    cols: COLS,
};

const SKU: usize = 0;
const RECEIVED: usize = 1;
const QUANTITY: usize = 2;
const UNIT_COST: usize = 3;
const LANDED: usize = 4;
const CURRENCY: usize = 5;
const LOT: usize = 6;

/// Active ISO 4217 codes: a lot in any other "currency" is a typo, and its cost could never be
/// converted.
const ISO_4217: &str = "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND \
BOB BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB \
EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY \
KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR \
MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF \
SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS \
UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF XPF YER ZAR ZMW ZWL";

fn known_currency(c: Currency) -> bool {
    ISO_4217.split_ascii_whitespace().any(|k| k == c.code())
}

pub struct LotsMapper {
    c: [Col; COLS.len()],
    seen: ledger_ids::Occurrences,
}

impl LotsMapper {
    pub fn new(h: &Header, _ctx: &MapContext) -> LotsMapper {
        LotsMapper {
            c: std::array::from_fn(|i| h.col(Format::PurchaseLots, COLS[i].key)),
            seen: ledger_ids::Occurrences::default(),
        }
    }

    /// A cost that is not negative.
    fn cost(row: &Row<'_>, col: Col, currency: Currency) -> Result<i64, RowError> {
        let v = row.money(col, currency)?;
        if v < 0 {
            return Err(row.err(
                col,
                format!(
                    "{:?} is negative: a cost cannot be",
                    bounded(row.get(col), 40)
                ),
            ));
        }
        Ok(v)
    }
}

impl Mapper for LotsMapper {
    /// A lot named by the file: a second row with the same SKU and lot is a duplicate when its
    /// values agree, a conflict when they do not.
    fn identity(&self, row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        let sku = row.opt(self.c[SKU])?;
        let lot = row.opt(self.c[LOT])?;
        Some(format!("SKU {sku}, lot {lot}"))
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let sku = row.req(c[SKU])?.to_string();
        let received = row.req(c[RECEIVED])?;
        let day = received
            .parse::<jiff::civil::Date>()
            .ok()
            .filter(|_| received.len() == 10)
            .ok_or_else(|| {
                row.err(
                    c[RECEIVED],
                    format!(
                        "{:?} is not a date (expected YYYY-MM-DD, such as 2025-03-14)",
                        bounded(received, 40)
                    ),
                )
            })?;
        // Within the import's bounds (1990 to a year from now), as every other date.
        row.date(c[RECEIVED], super::parse::DateStyle::Iso)?;
        let quantity = row.count(c[QUANTITY])?;
        if quantity <= 0 {
            return Err(row.err(
                c[QUANTITY],
                format!("{quantity} units: a lot holds at least one unit"),
            ));
        }
        let cur_text = row.req(c[CURRENCY])?;
        let currency = Currency::new(cur_text)
            .ok()
            .filter(|c| known_currency(*c))
            .ok_or_else(|| {
                row.err(
                    c[CURRENCY],
                    format!(
                        "{:?} is not an ISO 4217 currency code (such as USD, EUR, CNY)",
                        bounded(cur_text, 20)
                    ),
                )
            })?;
        let unit_cost = Self::cost(row, c[UNIT_COST], currency)?;
        let landed_cost = if row.get(c[LANDED]).is_empty() {
            0
        } else {
            Self::cost(row, c[LANDED], currency)?
        };
        let lot_ref = match row.opt(c[LOT]) {
            Some(l) => l.to_string(),
            None => {
                let key = format!(
                    "{day}:{}",
                    ledger_ids::digest(c.iter().map(|col| row.get(*col)))
                );
                self.seen.next(key)
            }
        };
        out.push(Record::Lot(LotRec {
            sku,
            received_on: day.to_string(),
            quantity,
            unit_cost,
            landed_cost,
            currency,
            lot_ref,
            source: String::new(),
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

//! Amazon SP-API Finances v0: the ledger resource. A page is a page of financial event groups
//! (listFinancialEventGroups, from the window's start); each group is one settlement, so one
//! payout (`payout_ref` of its entries = the group id), and its events are walked fully inside
//! the page (listFinancialEventsByGroupId with its NextToken; each continuation page draws on
//! `--max-pages` like an order's items).
//!
//! Amounts are mapped with the settlement file's classification (`exports::ledger_amazon`), so a
//! movement has the same kind and type from the API as from the file: an item's charges are
//! `sale` (Principal, Shipping, …) or `tax`, its fees `fee` (Commission → `referral_fee`,
//! FBAPerUnitFulfillmentFee → `fba_fulfilment`), promotions go with the sale, refunds and
//! chargebacks are `refund` with their fee reversals, service fees `fee` (Cost of Advertising:
//! `ad`), Sponsored Products charges `ad`, adjustments and retrocharges `adjustment`. An event
//! list sellkit does not map is one `other` entry per event, of its one total, typed after the
//! list.
//!
//! Quirks (reference/ledger.md §1.1): there is no map from a settlement id to a group id, so
//! the group id is the payout's id; an order id can be empty on reversals (the entry then has
//! none); deferred events are left out by Amazon until they are released, so the API gives no
//! release date to keep as `pending_until`.
//!
//! **Ids**: Amazon gives events no ids. An entry's id is built from the group id, the event
//! list, the order id, the posted date, the item and the amount's type, with its occurrence
//! number inside the group (`…#2`), so a group read again gives the same ids.

use serde::Deserialize;

use super::AmazonConnector;
use crate::error::{Error, Result};
use crate::marketplaces::api::wire::{At, Decimal, Refusal, item, json_authed_refusable, newest};
use crate::marketplaces::api::{Page, PageInfo, Reject};
use crate::marketplaces::exports::ledger_amazon::{Slot, classify};
use crate::marketplaces::exports::ledger_etsy::payout_status;
use crate::marketplaces::exports::ledger_ids::{Occurrences, digest, snake};
use crate::marketplaces::sink::{LedgerKind, LedgerRec, PayoutRec, Record, ShopKey};
use crate::money::Currency;

const GROUPS: &str = "listFinancialEventGroups";
const EVENTS: &str = "listFinancialEventsByGroupId";

/// A `Currency` of the Finances model.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Amount {
    #[serde(default)]
    currency_code: Option<String>,
    #[serde(default)]
    currency_amount: Option<Decimal>,
}

#[derive(Debug, Deserialize)]
struct Payload<T> {
    #[serde(default)]
    payload: Option<T>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct GroupsPayload {
    #[serde(default)]
    next_token: Option<String>,
    #[serde(default)]
    financial_event_group_list: Option<Vec<serde_json::Value>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Group {
    financial_event_group_id: String,
    #[serde(default)]
    processing_status: Option<String>,
    #[serde(default)]
    fund_transfer_status: Option<String>,
    #[serde(default)]
    original_total: Option<Amount>,
    #[serde(default)]
    converted_total: Option<Amount>,
    #[serde(default)]
    fund_transfer_date: Option<String>,
    #[serde(default)]
    financial_event_group_start: Option<String>,
    #[serde(default)]
    financial_event_group_end: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct EventsPayload {
    #[serde(default)]
    next_token: Option<String>,
    /// Each list's events are read one by one, so that one bad event is rejected alone.
    #[serde(default)]
    financial_events: Option<serde_json::Map<String, serde_json::Value>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ShipmentLike {
    #[serde(default)]
    amazon_order_id: Option<String>,
    #[serde(default)]
    posted_date: Option<String>,
    #[serde(default)]
    shipment_item_list: Option<Vec<Item>>,
    #[serde(default)]
    shipment_item_adjustment_list: Option<Vec<Item>>,
    #[serde(default)]
    order_charge_list: Option<Vec<Charge>>,
    #[serde(default)]
    order_charge_adjustment_list: Option<Vec<Charge>>,
    #[serde(default)]
    shipment_fee_list: Option<Vec<FeeC>>,
    #[serde(default)]
    shipment_fee_adjustment_list: Option<Vec<FeeC>>,
    #[serde(default)]
    order_fee_list: Option<Vec<FeeC>>,
    #[serde(default)]
    order_fee_adjustment_list: Option<Vec<FeeC>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Item {
    #[serde(default, rename = "SellerSKU")]
    seller_sku: Option<String>,
    #[serde(default)]
    order_item_id: Option<String>,
    #[serde(default)]
    order_adjustment_item_id: Option<String>,
    #[serde(default)]
    item_charge_list: Option<Vec<Charge>>,
    #[serde(default)]
    item_charge_adjustment_list: Option<Vec<Charge>>,
    #[serde(default)]
    item_fee_list: Option<Vec<FeeC>>,
    #[serde(default)]
    item_fee_adjustment_list: Option<Vec<FeeC>>,
    #[serde(default)]
    promotion_list: Option<Vec<Promotion>>,
    #[serde(default)]
    promotion_adjustment_list: Option<Vec<Promotion>>,
    #[serde(default)]
    item_tax_withheld_list: Option<Vec<Withheld>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Charge {
    #[serde(default)]
    charge_type: Option<String>,
    #[serde(default)]
    charge_amount: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct FeeC {
    #[serde(default)]
    fee_type: Option<String>,
    #[serde(default)]
    fee_amount: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Promotion {
    #[serde(default)]
    promotion_type: Option<String>,
    #[serde(default)]
    promotion_amount: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Withheld {
    #[serde(default)]
    taxes_withheld: Option<Vec<Charge>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ServiceFee {
    #[serde(default)]
    amazon_order_id: Option<String>,
    #[serde(default)]
    fee_reason: Option<String>,
    #[serde(default)]
    fee_list: Option<Vec<FeeC>>,
    #[serde(default, rename = "SellerSKU")]
    seller_sku: Option<String>,
    #[serde(default)]
    fee_description: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct ProductAds {
    #[serde(default)]
    posted_date: Option<String>,
    #[serde(default)]
    transaction_type: Option<String>,
    #[serde(default)]
    invoice_id: Option<String>,
    #[serde(default)]
    transaction_value: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Adjustment {
    #[serde(default)]
    adjustment_type: Option<String>,
    #[serde(default)]
    posted_date: Option<String>,
    #[serde(default)]
    adjustment_amount: Option<Amount>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Retrocharge {
    #[serde(default)]
    retrocharge_event_type: Option<String>,
    #[serde(default)]
    amazon_order_id: Option<String>,
    #[serde(default)]
    posted_date: Option<String>,
    #[serde(default)]
    base_tax: Option<Amount>,
    #[serde(default)]
    shipping_tax: Option<Amount>,
}

/// What the entries of one group share.
struct GroupCtx<'a> {
    shop: &'a ShopKey,
    group: &'a str,
    /// Posted date for events that carry none (service fees): the group's end, else its start.
    default_posted: Option<String>,
    /// Amazon's rate from the group's total to the payout's, and the currency converted from.
    fx: Option<(String, Currency)>,
    seen: Occurrences,
}

/// One amount of an event, before it becomes an entry.
struct Part<'a> {
    list: &'a str,
    order: Option<&'a str>,
    sku: Option<&'a str>,
    item: Option<&'a str>,
    posted: &'a str,
    /// What the amount is (its charge or fee type), for the id.
    what: &'a str,
    kind: LedgerKind,
    entry_type: String,
    description: String,
}

/// Where in an event an amount sits: its list, order, SKU and item, and its day.
#[derive(Clone, Copy)]
struct Where<'a> {
    list: &'a str,
    order: Option<&'a str>,
    sku: Option<&'a str>,
    item: Option<&'a str>,
    posted: &'a str,
}

impl<'a> Where<'a> {
    /// The part of an amount of type `what` here.
    fn part(
        self,
        what: &'a str,
        kind: LedgerKind,
        entry_type: String,
        description: String,
    ) -> Part<'a> {
        Part {
            list: self.list,
            order: self.order,
            sku: self.sku,
            item: self.item,
            posted: self.posted,
            what,
            kind,
            entry_type,
            description,
        }
    }
}

impl GroupCtx<'_> {
    fn entry(
        &mut self,
        at: &At<'_>,
        p: Part<'_>,
        field: &str,
        a: &Amount,
    ) -> Result<Option<LedgerRec>> {
        let Some(value) = &a.currency_amount else {
            return Ok(None);
        };
        let code = a
            .currency_code
            .as_deref()
            .ok_or_else(|| at.error(&format!("{field}.CurrencyCode"), "is missing"))?;
        let currency = at.currency(&format!("{field}.CurrencyCode"), code)?;
        let minor = at.minor(&format!("{field}.CurrencyAmount"), &value.0, currency)?;
        if minor == 0 {
            return Ok(None);
        }
        let order = p.order.map(str::trim).filter(|o| !o.is_empty());
        let key = digest([
            p.list,
            order.unwrap_or(""),
            p.posted,
            p.item.or(p.sku).unwrap_or(""),
            field,
            p.what,
        ]);
        let external_id = self.seen.next(format!("fe:{}:{key}", self.group));
        Ok(Some(LedgerRec {
            shop: self.shop.clone(),
            external_id,
            posted_at: p.posted.to_string(),
            kind: p.kind,
            entry_type: p.entry_type,
            description: p.description,
            amount: minor,
            currency,
            order_ref: order.map(String::from),
            sku: p
                .sku
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from),
            payout_ref: Some(self.group.to_string()),
            pending_until: None,
            fx: self.fx.clone().filter(|(_, from)| *from == currency),
            source: format!("api:{EVENTS}"),
        }))
    }

    fn posted(&self, at: &At<'_>, field: &str, d: Option<&str>) -> Result<String> {
        match d {
            Some(d) => at.instant(field, d),
            None => self
                .default_posted
                .clone()
                .ok_or_else(|| at.error(field, "is missing and the group has no dates")),
        }
    }
}

/// The settlement-file type word of a shipment-shaped list.
fn txn_word(list: &str) -> &'static str {
    match list {
        "RefundEventList" => "Refund",
        "ChargebackEventList" => "Chargeback",
        "GuaranteeClaimEventList" => "GuaranteeClaim",
        _ => "Order",
    }
}

fn words(t: Option<&String>) -> &str {
    t.map(|s| s.trim()).unwrap_or("")
}

/// The entries of one event of `list`.
fn map_event(
    g: &mut GroupCtx<'_>,
    list: &str,
    raw: &serde_json::Value,
) -> std::result::Result<Vec<LedgerRec>, String> {
    let record = format!("{list} event of group {}", g.group);
    let at = At {
        marketplace: "amazon",
        op: EVENTS,
        record: &record,
    };
    let mut out = Vec::new();
    let bad = |e: Error| e.to_string();
    let decode = |e: serde_json::Error| {
        format!("amazon {EVENTS}: the {list} event is not what the API documents ({e})")
    };
    match list {
        "ShipmentEventList"
        | "RefundEventList"
        | "ChargebackEventList"
        | "GuaranteeClaimEventList"
        | "ShipmentSettleEventList" => {
            let e: ShipmentLike = serde_json::from_value(raw.clone()).map_err(decode)?;
            let posted = g
                .posted(&at, "PostedDate", e.posted_date.as_deref())
                .map_err(bad)?;
            let txn = txn_word(list);
            let order = e.amazon_order_id.as_deref();
            let describe = |what: &str| match order.map(str::trim).filter(|o| !o.is_empty()) {
                Some(o) => format!("{txn}: {what} for order {o}"),
                None => format!("{txn}: {what}"),
            };
            let items = e
                .shipment_item_list
                .iter()
                .flatten()
                .chain(e.shipment_item_adjustment_list.iter().flatten());
            for it in items {
                let item_id = it
                    .order_item_id
                    .as_deref()
                    .or(it.order_adjustment_item_id.as_deref());
                let sku = it.seller_sku.as_deref();
                let here = Where {
                    list,
                    order,
                    sku,
                    item: item_id,
                    posted: &posted,
                };
                let charges = it
                    .item_charge_list
                    .iter()
                    .flatten()
                    .chain(it.item_charge_adjustment_list.iter().flatten());
                for c in charges {
                    let ty = words(c.charge_type.as_ref());
                    let (kind, entry_type) = classify(txn, Slot::Price, ty);
                    if let Some(a) = &c.charge_amount {
                        let p = here.part(ty, kind, entry_type, describe(ty));
                        out.extend(g.entry(&at, p, "ItemChargeList", a).map_err(bad)?);
                    }
                }
                let fees = it
                    .item_fee_list
                    .iter()
                    .flatten()
                    .chain(it.item_fee_adjustment_list.iter().flatten());
                for f in fees {
                    let ty = words(f.fee_type.as_ref());
                    let (kind, entry_type) = classify(txn, Slot::ItemFee, ty);
                    if let Some(a) = &f.fee_amount {
                        let p = here.part(ty, kind, entry_type, describe(ty));
                        out.extend(g.entry(&at, p, "ItemFeeList", a).map_err(bad)?);
                    }
                }
                let promos = it
                    .promotion_list
                    .iter()
                    .flatten()
                    .chain(it.promotion_adjustment_list.iter().flatten());
                for pr in promos {
                    let ty = words(pr.promotion_type.as_ref());
                    let (kind, entry_type) = classify(txn, Slot::Promotion, ty);
                    if let Some(a) = &pr.promotion_amount {
                        let p = here.part(ty, kind, entry_type, describe("Promotion"));
                        out.extend(g.entry(&at, p, "PromotionList", a).map_err(bad)?);
                    }
                }
                for w in it.item_tax_withheld_list.iter().flatten() {
                    for c in w.taxes_withheld.iter().flatten() {
                        let ty = words(c.charge_type.as_ref());
                        let (kind, entry_type) = classify(txn, Slot::Withheld, ty);
                        if let Some(a) = &c.charge_amount {
                            let p = here.part(ty, kind, entry_type, describe(ty));
                            out.extend(g.entry(&at, p, "ItemTaxWithheldList", a).map_err(bad)?);
                        }
                    }
                }
            }
            let order_level = Where {
                list,
                order,
                sku: None,
                item: None,
                posted: &posted,
            };
            let order_charges = e
                .order_charge_list
                .iter()
                .flatten()
                .chain(e.order_charge_adjustment_list.iter().flatten());
            for c in order_charges {
                let ty = words(c.charge_type.as_ref());
                let (kind, entry_type) = classify(txn, Slot::Price, ty);
                if let Some(a) = &c.charge_amount {
                    let p = order_level.part(ty, kind, entry_type, describe(ty));
                    out.extend(g.entry(&at, p, "OrderChargeList", a).map_err(bad)?);
                }
            }
            let fee_lists: [(&str, Slot, Option<&Vec<FeeC>>); 4] = [
                (
                    "ShipmentFeeList",
                    Slot::ShipmentFee,
                    e.shipment_fee_list.as_ref(),
                ),
                (
                    "ShipmentFeeAdjustmentList",
                    Slot::ShipmentFee,
                    e.shipment_fee_adjustment_list.as_ref(),
                ),
                ("OrderFeeList", Slot::OrderFee, e.order_fee_list.as_ref()),
                (
                    "OrderFeeAdjustmentList",
                    Slot::OrderFee,
                    e.order_fee_adjustment_list.as_ref(),
                ),
            ];
            for (field, slot, fees) in fee_lists {
                for f in fees.into_iter().flatten() {
                    let ty = words(f.fee_type.as_ref());
                    let (kind, entry_type) = classify(txn, slot, ty);
                    if let Some(a) = &f.fee_amount {
                        let p = order_level.part(ty, kind, entry_type, describe(ty));
                        out.extend(g.entry(&at, p, field, a).map_err(bad)?);
                    }
                }
            }
        }
        "ServiceFeeEventList" => {
            let e: ServiceFee = serde_json::from_value(raw.clone()).map_err(decode)?;
            // Service fee events carry no date: the group's.
            let posted = g.posted(&at, "PostedDate", None).map_err(bad)?;
            let reason = e
                .fee_description
                .as_deref()
                .or(e.fee_reason.as_deref())
                .unwrap_or("Service fee")
                .to_string();
            for f in e.fee_list.iter().flatten() {
                let ty = words(f.fee_type.as_ref());
                let (kind, entry_type) = classify("ServiceFee", Slot::Other, ty);
                if let Some(a) = &f.fee_amount {
                    let p = Part {
                        list,
                        order: e.amazon_order_id.as_deref(),
                        sku: e.seller_sku.as_deref(),
                        item: None,
                        posted: &posted,
                        what: ty,
                        kind,
                        entry_type,
                        description: format!("ServiceFee: {ty}: {reason}"),
                    };
                    out.extend(g.entry(&at, p, "FeeList", a).map_err(bad)?);
                }
            }
        }
        "ProductAdsPaymentEventList" => {
            let e: ProductAds = serde_json::from_value(raw.clone()).map_err(decode)?;
            let posted = g
                .posted(&at, "postedDate", e.posted_date.as_deref())
                .map_err(bad)?;
            if let Some(a) = &e.transaction_value {
                let ty = words(e.transaction_type.as_ref());
                let p = Part {
                    list,
                    order: None,
                    sku: None,
                    item: e.invoice_id.as_deref(),
                    posted: &posted,
                    what: ty,
                    kind: LedgerKind::Ad,
                    entry_type: "advertising".into(),
                    description: format!(
                        "Sponsored Products {ty} (invoice {})",
                        e.invoice_id.as_deref().unwrap_or("none")
                    ),
                };
                out.extend(g.entry(&at, p, "transactionValue", a).map_err(bad)?);
            }
        }
        "AdjustmentEventList" => {
            let e: Adjustment = serde_json::from_value(raw.clone()).map_err(decode)?;
            let posted = g
                .posted(&at, "PostedDate", e.posted_date.as_deref())
                .map_err(bad)?;
            let ty = words(e.adjustment_type.as_ref());
            let (mut kind, mut entry_type) = classify(ty, Slot::Other, "");
            if kind == LedgerKind::Other {
                // An adjustment is a correction whatever its type says.
                kind = LedgerKind::Adjustment;
                entry_type = if ty.is_empty() {
                    "adjustment".into()
                } else {
                    snake(ty)
                };
            }
            if let Some(a) = &e.adjustment_amount {
                let p = Part {
                    list,
                    order: None,
                    sku: None,
                    item: None,
                    posted: &posted,
                    what: ty,
                    kind,
                    entry_type,
                    description: format!("Adjustment: {ty}"),
                };
                out.extend(g.entry(&at, p, "AdjustmentAmount", a).map_err(bad)?);
            }
        }
        "RetrochargeEventList" => {
            let e: Retrocharge = serde_json::from_value(raw.clone()).map_err(decode)?;
            let posted = g
                .posted(&at, "PostedDate", e.posted_date.as_deref())
                .map_err(bad)?;
            let ty = match words(e.retrocharge_event_type.as_ref()) {
                "" => "Retrocharge",
                t => t,
            };
            let (kind, entry_type) = classify(&format!("Order {ty}"), Slot::Other, "");
            for (field, a) in [("BaseTax", &e.base_tax), ("ShippingTax", &e.shipping_tax)] {
                if let Some(a) = a {
                    let p = Part {
                        list,
                        order: e.amazon_order_id.as_deref(),
                        sku: None,
                        item: None,
                        posted: &posted,
                        what: ty,
                        kind,
                        entry_type: entry_type.clone(),
                        description: format!("{ty}: {field}"),
                    };
                    out.extend(g.entry(&at, p, field, a).map_err(bad)?);
                }
            }
        }
        _ => out.extend(other_event(g, &at, list, raw).map_err(bad)?),
    }
    Ok(out)
}

/// An event of a list sellkit does not map: one `other` entry of its total (its one top-level
/// amount, or the one named `…Total…`), typed after the list; none when it has no such amount.
fn other_event(
    g: &mut GroupCtx<'_>,
    at: &At<'_>,
    list: &str,
    raw: &serde_json::Value,
) -> Result<Option<LedgerRec>> {
    let Some(obj) = raw.as_object() else {
        return Ok(None);
    };
    let amounts: Vec<(&String, Amount)> = obj
        .iter()
        .filter_map(|(k, v)| {
            let a: Amount = serde_json::from_value(v.clone()).ok()?;
            (a.currency_amount.is_some() && a.currency_code.is_some()).then_some((k, a))
        })
        .collect();
    let chosen = match amounts.as_slice() {
        [one] => Some(one),
        many => many
            .iter()
            .find(|(k, _)| k.to_ascii_lowercase().contains("total")),
    };
    let Some((field, a)) = chosen else {
        tracing::warn!(
            list,
            group = g.group,
            "amazon {EVENTS}: an event with no one total is left out"
        );
        return Ok(None);
    };
    let date = ["PostedDate", "postedDate"]
        .iter()
        .find_map(|k| obj.get(*k).and_then(|v| v.as_str()));
    let posted = g.posted(at, "PostedDate", date)?;
    let order = obj.get("AmazonOrderId").and_then(|v| v.as_str());
    let name = list.strip_suffix("EventList").unwrap_or(list);
    let p = Part {
        list,
        order,
        sku: None,
        item: None,
        posted: &posted,
        what: field,
        kind: LedgerKind::Other,
        entry_type: snake(name),
        description: format!("{name}: {field}"),
    };
    g.entry(at, p, field, a)
}

/// Amazon's rate between two totals, as decimal text (6 places), from minor units.
fn rate(converted: (i64, Currency), original: (i64, Currency)) -> Option<String> {
    if original.0 == 0 {
        return None;
    }
    let scale = |c: Currency| 10i128.pow(c.minor_digits());
    // converted/original in major units, times 10^6, rounded half away from zero.
    let num = i128::from(converted.0) * scale(original.1) * 1_000_000;
    let den = i128::from(original.0) * scale(converted.1);
    let neg = (num < 0) != (den < 0);
    let (num, den) = (num.abs(), den.abs());
    let q = (2 * num + den) / (2 * den);
    Some(format!(
        "{}{}.{:06}",
        if neg { "-" } else { "" },
        q / 1_000_000,
        q % 1_000_000
    ))
}

fn total(at: &At<'_>, field: &str, a: &Amount) -> Result<Option<(i64, Currency)>> {
    let (Some(v), Some(c)) = (&a.currency_amount, &a.currency_code) else {
        return Ok(None);
    };
    let c = at.currency(&format!("{field}.CurrencyCode"), c)?;
    Ok(Some((
        at.minor(&format!("{field}.CurrencyAmount"), &v.0, c)?,
        c,
    )))
}

/// A group as a payout and its `payout` entry, with Amazon's rate for its entries, and the
/// group's start when it is closed (an open group is read again next run).
struct MappedGroup {
    payout: PayoutRec,
    entry: LedgerRec,
    fx: Option<(String, Currency)>,
    default_posted: Option<String>,
    closed_start: Option<String>,
}

fn map_group(shop: &ShopKey, g: &Group) -> Result<MappedGroup> {
    let record = format!("group {}", g.financial_event_group_id);
    let at = At {
        marketplace: "amazon",
        op: GROUPS,
        record: &record,
    };
    let instant = |field: &str, v: &Option<String>| -> Result<Option<String>> {
        v.as_deref().map(|d| at.instant(field, d)).transpose()
    };
    let start = instant("FinancialEventGroupStart", &g.financial_event_group_start)?;
    let end = instant("FinancialEventGroupEnd", &g.financial_event_group_end)?;
    let transfer = instant("FundTransferDate", &g.fund_transfer_date)?;
    let paid_at = transfer
        .clone()
        .or(end.clone())
        .or(start.clone())
        .ok_or_else(|| {
            at.error(
                "FundTransferDate",
                "is missing, and so are the group's dates",
            )
        })?;
    let original = match &g.original_total {
        Some(a) => total(&at, "OriginalTotal", a)?,
        None => None,
    };
    let converted = match &g.converted_total {
        Some(a) => total(&at, "ConvertedTotal", a)?,
        None => None,
    };
    // What reached the bank; an open group with no total yet is a payout of nothing so far.
    let (amount, currency) = converted.or(original).unwrap_or((0, shop.currency));
    let (orig, fx) = match (converted, original) {
        (Some(c), Some(o)) if c.1 != o.1 => (Some(o), rate(c, o).map(|r| (r, o.1))),
        _ => (None, None),
    };
    let processing = g.processing_status.as_deref().unwrap_or("").trim();
    let open = processing.eq_ignore_ascii_case("open");
    let status = if open {
        "pending"
    } else {
        // Closed: sent (paid), or in transit while Amazon says the transfer is under way.
        g.fund_transfer_status
            .as_deref()
            .and_then(payout_status)
            .unwrap_or("paid")
    };
    let id = g.financial_event_group_id.trim().to_string();
    // The money leaves the Amazon balance once the group is closed and sent; until then (or
    // when the transfer failed) its entry is zero, replaced when it is read again.
    let moved = if matches!(status, "paid" | "in_transit") {
        -amount
    } else {
        0
    };
    let entry = LedgerRec {
        shop: shop.clone(),
        external_id: format!("payout:{id}"),
        posted_at: paid_at.clone(),
        kind: LedgerKind::Payout,
        entry_type: "settlement".into(),
        description: format!("Settlement {id}"),
        amount: moved,
        currency,
        order_ref: None,
        sku: None,
        payout_ref: Some(id.clone()),
        pending_until: None,
        fx: None,
        source: format!("api:{GROUPS}"),
    };
    let payout = PayoutRec {
        shop: shop.clone(),
        external_id: id,
        paid_at,
        amount,
        currency,
        status,
        original: orig,
        source: format!("api:{GROUPS}"),
    };
    Ok(MappedGroup {
        payout,
        entry,
        fx,
        default_posted: end.or(start.clone()),
        closed_start: if open { None } else { start },
    })
}

/// Why a refused Finances call means the seller must act, or `None`.
fn unavailable(op: &str, r: &Refusal) -> Option<String> {
    (r.status == reqwest::StatusCode::FORBIDDEN).then(|| {
        format!(
            "{op} was refused (HTTP 403): the app lacks the Finance and Accounting role; add it to the app in Seller Central (Apps and Services > Develop Apps), then authorise the app again with `sellkit auth login amazon`"
        )
    })
}

impl AmazonConnector {
    /// One page of financial event groups, each with all its events.
    pub(super) async fn ledger(
        &mut self,
        shop: &ShopKey,
        since: Option<&str>,
        page: Option<&str>,
    ) -> Result<Page> {
        // Events by group cover the past two years; a full pull asks for all of them.
        let from = match since {
            Some(s) => s.to_string(),
            None => crate::time::rfc3339(self.now - jiff::SignedDuration::from_hours(24 * 729)),
        };
        let mut q = vec![
            (
                "MaxResultsPerPage",
                self.cfg.page_size.clamp(1, 100).to_string(),
            ),
            ("FinancialEventGroupStartedAfter", from),
        ];
        if let Some(t) = page {
            q.push(("NextToken", t.to_string()));
        }
        let url = self.url("/finances/v0/financialEventGroups");
        let mut out = Page::default();
        let got: std::result::Result<Payload<GroupsPayload>, Refusal> =
            json_authed_refusable(&self.client, &mut self.tokens, GROUPS, |h, t| {
                h.get(&url).header("x-amz-access-token", t).query(&q)
            })
            .await?;
        let body = match got {
            Ok(b) => b.payload.unwrap_or_default(),
            Err(r) => match unavailable(GROUPS, &r) {
                Some(why) => {
                    out.unavailable = Some(why);
                    return Ok(out);
                }
                None => return Err(r.error(&self.client, GROUPS)),
            },
        };
        let raws = body.financial_event_group_list.unwrap_or_default();
        out.info = PageInfo {
            op: GROUPS,
            items: raws.len() as u64,
            ..PageInfo::default()
        };
        out.next = body.next_token;
        let ids = ["FinancialEventGroupId"];
        for raw in &raws {
            let mapped = item::<Group>(GROUPS, "amazon", raw, &ids).and_then(|g| {
                map_group(shop, &g)
                    .map(|m| (g, m))
                    .map_err(|e| Reject::new(GROUPS, raw, &ids, e))
            });
            let (g, m) = match mapped {
                Ok(x) => x,
                Err(r) => {
                    out.rejects.push(r);
                    continue;
                }
            };
            let group_id = g.financial_event_group_id.trim().to_string();
            let events = match self.group_events(&group_id).await? {
                Ok(ev) => ev,
                Err(why) => {
                    out.rejects.push(Reject::new(GROUPS, raw, &ids, why));
                    continue;
                }
            };
            if self.client.overdrawn() {
                // --max-pages ran out inside this group's events: the page is not written.
                return Ok(out);
            }
            let mut ctx = GroupCtx {
                shop,
                group: &group_id,
                default_posted: m.default_posted.clone(),
                fx: m.fx.clone(),
                seen: Occurrences::default(),
            };
            for (list, ev) in &events {
                match map_event(&mut ctx, list, ev) {
                    Ok(entries) => out.records.extend(entries.into_iter().map(Record::Ledger)),
                    Err(why) => out
                        .rejects
                        .push(Reject::new(EVENTS, ev, &["AmazonOrderId"], why)),
                }
            }
            out.validated += 1 + events.len() as u64;
            if let Some(s) = &m.closed_start {
                out.newest = newest(out.newest.take(), s);
            }
            out.records.push(Record::Payout(m.payout));
            out.records.push(Record::Ledger(m.entry));
        }
        Ok(out)
    }

    /// Every event of one group, with the list it is in, in the order Amazon gives them;
    /// `Ok(Err(why))` when a page names a next one its own counts contradict (the events then
    /// cannot be known complete, and the group is rejected).
    async fn group_events(
        &mut self,
        group_id: &str,
    ) -> Result<std::result::Result<Vec<(String, serde_json::Value)>, String>> {
        let url = self.url(&format!(
            "/finances/v0/financialEventGroups/{}/financialEvents",
            super::urlencode(group_id)
        ));
        let mut all = Vec::new();
        let mut token: Option<String> = None;
        let mut walk = self.client.nested_walk(EVENTS);
        loop {
            let mut q = vec![("MaxResultsPerPage", "100".to_string())];
            if let Some(t) = &token {
                q.push(("NextToken", t.clone()));
            }
            let got: std::result::Result<Payload<EventsPayload>, Refusal> =
                json_authed_refusable(&self.client, &mut self.tokens, EVENTS, |h, t| {
                    h.get(&url).header("x-amz-access-token", t).query(&q)
                })
                .await?;
            let body = got.map_err(|r| r.error(&self.client, EVENTS))?;
            let (next, lists) = match body.payload {
                Some(p) => (p.next_token, p.financial_events.unwrap_or_default()),
                None => (None, Default::default()),
            };
            let mut n = 0u64;
            for (list, events) in lists {
                // A list that is null or no array holds no events.
                if let serde_json::Value::Array(events) = events {
                    n += events.len() as u64;
                    all.extend(events.into_iter().map(|e| (list.clone(), e)));
                }
            }
            let info = PageInfo {
                op: EVENTS,
                items: n,
                ..PageInfo::default()
            };
            let next = walk
                .advance(token.as_deref(), &info, next)
                .map_err(|e| Error::api(format!("{e} (the events of group {group_id})")))?;
            if let Some(why) = walk.take_cut() {
                return Ok(Err(format!("its events cannot be known complete: {why}")));
            }
            match next {
                Some(t) if self.client.take_page() => token = Some(t),
                _ => break,
            }
        }
        Ok(Ok(all))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn shop() -> ShopKey {
        ShopKey {
            channel: "amazon",
            external_id: "S:ATVPDKIKX0DER".into(),
            name: "Amazon".into(),
            currency: Currency::USD,
        }
    }

    fn ctx<'a>(shop: &'a ShopKey) -> GroupCtx<'a> {
        GroupCtx {
            shop,
            group: "G1",
            default_posted: Some("2025-06-14T00:00:00Z".into()),
            fx: None,
            seen: Occurrences::default(),
        }
    }

    fn usd(v: &str) -> serde_json::Value {
        json!({"CurrencyCode": "USD", "CurrencyAmount": serde_json::from_str::<serde_json::Value>(v).unwrap()})
    }

    #[test]
    fn a_shipment_maps_like_the_settlement_file() {
        let s = shop();
        let mut g = ctx(&s);
        let ev = json!({
            "AmazonOrderId": "111-1", "PostedDate": "2025-06-05T10:00:00Z",
            "ShipmentItemList": [{"SellerSKU": "MUG", "OrderItemId": "I1",
                "ItemChargeList": [{"ChargeType": "Principal", "ChargeAmount": usd("20.00")},
                                   {"ChargeType": "Tax", "ChargeAmount": usd("1.60")},
                                   {"ChargeType": "Gift", "ChargeAmount": null}],
                "ItemFeeList": [{"FeeType": "Commission", "FeeAmount": usd("-3.00")},
                                {"FeeType": "FBAPerUnitFulfillmentFee", "FeeAmount": usd("-4.10")}],
                "PromotionList": [{"PromotionType": "Shipping", "PromotionAmount": usd("-1.00")}],
                "ItemTaxWithheldList": [{"TaxesWithheld": [{"ChargeType": "MarketplaceFacilitatorTax-Principal", "ChargeAmount": usd("-1.60")}]}]
            }]
        });
        let e = map_event(&mut g, "ShipmentEventList", &ev).unwrap();
        let got: Vec<(&str, &str, i64)> = e
            .iter()
            .map(|e| (e.kind.as_str(), e.entry_type.as_str(), e.amount))
            .collect();
        assert_eq!(
            got,
            vec![
                ("sale", "principal", 2000),
                ("tax", "tax", 160),
                ("fee", "referral_fee", -300),
                ("fee", "fba_fulfilment", -410),
                ("sale", "promotion", -100),
                ("tax", "marketplace_facilitator_tax_principal", -160),
            ]
        );
        assert!(e.iter().all(|e| e.order_ref.as_deref() == Some("111-1")
            && e.payout_ref.as_deref() == Some("G1")
            && e.external_id.starts_with("fe:G1:")));
        // The same event again (a second identical one in the group) gets numbered ids.
        let again = map_event(&mut g, "ShipmentEventList", &ev).unwrap();
        assert_eq!(again[0].external_id, format!("{}#2", e[0].external_id));
    }

    #[test]
    fn refunds_service_fees_ads_adjustments_and_unknown_lists() {
        let s = shop();
        let mut g = ctx(&s);
        let refund = json!({
            "AmazonOrderId": "", "PostedDate": "2025-06-06T10:00:00Z",
            "ShipmentItemAdjustmentList": [{"SellerSKU": "MUG", "OrderAdjustmentItemId": "A1",
                "ItemChargeAdjustmentList": [{"ChargeType": "Principal", "ChargeAmount": usd("-20.00")}],
                "ItemFeeAdjustmentList": [{"FeeType": "Commission", "FeeAmount": usd("2.40")}]}]
        });
        let e = map_event(&mut g, "RefundEventList", &refund).unwrap();
        assert_eq!(
            e.iter()
                .map(|e| (e.kind.as_str(), e.entry_type.as_str(), e.amount))
                .collect::<Vec<_>>(),
            vec![("refund", "principal", -2000), ("fee", "referral_fee", 240)]
        );
        // An empty order id on a reversal is no order.
        assert_eq!(e[0].order_ref, None);
        let fee = json!({"FeeReason": "", "FeeList": [{"FeeType": "FBAStorageFee", "FeeAmount": usd("-5.00")},
                                                      {"FeeType": "Cost of Advertising", "FeeAmount": usd("-7.00")}]});
        let e = map_event(&mut g, "ServiceFeeEventList", &fee).unwrap();
        assert_eq!(
            e.iter()
                .map(|e| (e.kind.as_str(), e.entry_type.as_str(), e.posted_at.as_str()))
                .collect::<Vec<_>>(),
            vec![
                ("fee", "storage", "2025-06-14T00:00:00Z"),
                ("ad", "advertising", "2025-06-14T00:00:00Z")
            ]
        );
        let ads = json!({"postedDate": "2025-06-07T00:00:00Z", "transactionType": "Charge", "invoiceId": "INV1",
                         "transactionValue": usd("-12.50")});
        let e = map_event(&mut g, "ProductAdsPaymentEventList", &ads).unwrap();
        assert_eq!((e[0].kind, e[0].amount), (LedgerKind::Ad, -1250));
        let adj = json!({"AdjustmentType": "FBAInventoryReimbursement", "PostedDate": "2025-06-08T00:00:00Z",
                         "AdjustmentAmount": usd("9.99")});
        let e = map_event(&mut g, "AdjustmentEventList", &adj).unwrap();
        assert_eq!(
            (e[0].kind, e[0].entry_type.as_str(), e[0].amount),
            (LedgerKind::Adjustment, "fba_inventory_reimbursement", 999)
        );
        let odd = json!({"PostedDate": "2025-06-09T00:00:00Z", "CouponId": "C1", "TotalAmount": usd("-0.60"),
                         "FeeComponent": {"FeeType": "x"}});
        let e = map_event(&mut g, "CouponPaymentEventList", &odd).unwrap();
        assert_eq!(
            (e[0].kind, e[0].entry_type.as_str(), e[0].amount),
            (LedgerKind::Other, "coupon_payment", -60)
        );
        let bad = json!({"PostedDate": "2025-06-09T00:00:00Z", "AdjustmentType": "X", "AdjustmentAmount": {"CurrencyCode": "??", "CurrencyAmount": 1}});
        assert!(
            map_event(&mut g, "AdjustmentEventList", &bad)
                .unwrap_err()
                .contains("CurrencyCode")
        );
    }

    #[test]
    fn groups_become_payouts_with_the_rate_between_their_totals() {
        let g: Group = serde_json::from_value(json!({
            "FinancialEventGroupId": "G9", "ProcessingStatus": "Closed", "FundTransferStatus": "Succeeded",
            "OriginalTotal": {"CurrencyCode": "USD", "CurrencyAmount": 100.00},
            "ConvertedTotal": {"CurrencyCode": "EUR", "CurrencyAmount": 92.35},
            "FundTransferDate": "2025-06-15T00:00:00Z",
            "FinancialEventGroupStart": "2025-06-01T00:00:00Z", "FinancialEventGroupEnd": "2025-06-14T00:00:00Z"
        })).unwrap();
        let m = map_group(&shop(), &g).unwrap();
        assert_eq!(
            (m.payout.amount, m.payout.currency.code(), m.payout.status),
            (9235, "EUR", "paid")
        );
        assert_eq!(m.payout.original, Some((10000, Currency::USD)));
        assert_eq!(m.fx, Some(("0.923500".into(), Currency::USD)));
        assert_eq!(m.entry.amount, -9235);
        assert_eq!(m.closed_start.as_deref(), Some("2025-06-01T00:00:00Z"));
        let open: Group = serde_json::from_value(json!({
            "FinancialEventGroupId": "G10", "ProcessingStatus": "Open",
            "FinancialEventGroupStart": "2025-06-15T00:00:00Z"
        }))
        .unwrap();
        let m = map_group(&shop(), &open).unwrap();
        assert_eq!(
            (m.payout.amount, m.payout.status, m.entry.amount),
            (0, "pending", 0)
        );
        assert_eq!(m.closed_start, None);
        assert_eq!(
            rate((-5000, Currency::EUR), (-4000, Currency::USD)).as_deref(),
            Some("1.250000")
        );
    }
}

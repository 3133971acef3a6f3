//! The wire types of the SP-API answers sellkit reads (only the fields it uses), and their
//! mapping to the store's records.

use super::*;

// ---- wire types (only the fields sellkit reads) ----

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct MoneyW {
    pub(super) currency_code: String,
    pub(super) amount: Decimal,
}

#[derive(Debug, Deserialize)]
pub(super) struct Payload<T> {
    pub(super) payload: T,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct OrdersList {
    #[serde(default)]
    pub(super) orders: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AOrder {
    pub(super) amazon_order_id: String,
    pub(super) purchase_date: String,
    pub(super) last_update_date: String,
    pub(super) order_status: String,
    #[serde(default)]
    pub(super) order_total: Option<MoneyW>,
    #[serde(default)]
    pub(super) shipping_address: Option<AAddress>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AAddress {
    #[serde(default)]
    pub(super) city: Option<String>,
    #[serde(default)]
    pub(super) state_or_region: Option<String>,
    #[serde(default)]
    pub(super) postal_code: Option<String>,
    #[serde(default)]
    pub(super) country_code: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct OrderItemsList {
    #[serde(default)]
    pub(super) order_items: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AOrderItem {
    #[serde(rename = "ASIN")]
    pub(super) asin: String,
    #[serde(default)]
    pub(super) seller_s_k_u: Option<String>,
    pub(super) order_item_id: String,
    #[serde(default)]
    pub(super) title: Option<String>,
    pub(super) quantity_ordered: i64,
    #[serde(default)]
    pub(super) item_price: Option<MoneyW>,
    #[serde(default)]
    pub(super) shipping_price: Option<MoneyW>,
    #[serde(default)]
    pub(super) item_tax: Option<MoneyW>,
    #[serde(default)]
    pub(super) shipping_tax: Option<MoneyW>,
    #[serde(default)]
    pub(super) shipping_discount: Option<MoneyW>,
    #[serde(default)]
    pub(super) promotion_discount: Option<MoneyW>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListingsPage {
    #[serde(default)]
    pub(super) items: Vec<serde_json::Value>,
    #[serde(default)]
    pub(super) pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Pagination {
    #[serde(default)]
    pub(super) next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListingItem {
    pub(super) sku: String,
    #[serde(default)]
    pub(super) summaries: Vec<ListingSummary>,
    #[serde(default)]
    pub(super) offers: Vec<ListingOffer>,
    #[serde(default)]
    pub(super) fulfillment_availability: Vec<FulfillmentAvailability>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListingSummary {
    pub(super) marketplace_id: String,
    #[serde(default)]
    pub(super) asin: Option<String>,
    #[serde(default)]
    pub(super) item_name: Option<String>,
    #[serde(default)]
    pub(super) status: Vec<String>,
    #[serde(default)]
    pub(super) last_updated_date: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListingOffer {
    pub(super) marketplace_id: String,
    #[serde(default)]
    pub(super) offer_type: Option<String>,
    pub(super) price: ListingPrice,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ListingPrice {
    pub(super) currency_code: String,
    pub(super) amount: Decimal,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FulfillmentAvailability {
    pub(super) fulfillment_channel_code: String,
    #[serde(default)]
    pub(super) quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InventoryResponse {
    #[serde(default)]
    pub(super) payload: Option<InventoryPayload>,
    #[serde(default)]
    pub(super) pagination: Option<Pagination>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InventoryPayload {
    #[serde(default)]
    pub(super) inventory_summaries: Vec<serde_json::Value>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InventorySummary {
    #[serde(default)]
    pub(super) seller_sku: Option<String>,
    #[serde(default)]
    pub(super) inventory_details: Option<InventoryDetails>,
    #[serde(default)]
    pub(super) total_quantity: Option<i64>,
    #[serde(default)]
    pub(super) last_updated_time: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct InventoryDetails {
    #[serde(default)]
    pub(super) fulfillable_quantity: Option<i64>,
    #[serde(default)]
    pub(super) inbound_working_quantity: Option<i64>,
    #[serde(default)]
    pub(super) inbound_shipped_quantity: Option<i64>,
    #[serde(default)]
    pub(super) inbound_receiving_quantity: Option<i64>,
    #[serde(default)]
    pub(super) reserved_quantity: Option<ReservedQuantity>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ReservedQuantity {
    #[serde(default)]
    pub(super) total_reserved_quantity: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ItemOffers {
    #[serde(rename = "ASIN", default)]
    pub(super) asin: Option<String>,
    #[serde(default)]
    pub(super) offers: Vec<OfferDetail>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct OfferDetail {
    #[serde(default)]
    pub(super) seller_id: Option<String>,
    pub(super) listing_price: MoneyW,
    #[serde(default)]
    pub(super) shipping: Option<MoneyW>,
    #[serde(default)]
    pub(super) is_buy_box_winner: Option<bool>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct FeesResult {
    #[serde(default)]
    pub(super) status: Option<String>,
    #[serde(default)]
    pub(super) fees_estimate_identifier: Option<FeesIdentifier>,
    #[serde(default)]
    pub(super) fees_estimate: Option<FeesEstimate>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct FeesIdentifier {
    #[serde(default)]
    pub(super) id_value: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct FeesEstimate {
    #[serde(default)]
    pub(super) total_fees_estimate: Option<MoneyW>,
}

// ---- mapping ----

pub(super) fn order_status(s: &str) -> &'static str {
    match s {
        "Pending" | "PendingAvailability" => "pending",
        "Shipped" => "shipped",
        "Canceled" | "Unfulfillable" => "cancelled",
        _ => "paid",
    }
}

pub(super) fn money(
    at: &At<'_>,
    field: &str,
    m: Option<&MoneyW>,
    currency: Currency,
) -> Result<i64> {
    match m {
        None => Ok(0),
        Some(m) => {
            let c = at.currency(&format!("{field}.CurrencyCode"), &m.currency_code)?;
            if c != currency {
                return Err(at.error(field, format!("is in {c}, the order in {currency}")));
            }
            at.minor(&format!("{field}.Amount"), &m.amount.0, currency)
        }
    }
}

pub(super) fn map_order(shop: &ShopKey, o: &AOrder, items: &[AOrderItem]) -> Result<OrderRec> {
    let record = format!("order {}", o.amazon_order_id);
    let at = At {
        marketplace: "amazon",
        op: "getOrders",
        record: &record,
    };
    let code = o
        .order_total
        .as_ref()
        .map(|t| t.currency_code.as_str())
        .or_else(|| {
            items
                .iter()
                .find_map(|i| i.item_price.as_ref().map(|p| p.currency_code.as_str()))
        })
        .unwrap_or(shop.currency.code());
    let currency = at.currency("OrderTotal.CurrencyCode", code)?;
    let at_items = At {
        op: "getOrderItems",
        ..at
    };
    let mut lines = Vec::new();
    for i in items {
        let total = money(&at_items, "ItemPrice", i.item_price.as_ref(), currency)?;
        let shipping = money(
            &at_items,
            "ShippingPrice",
            i.shipping_price.as_ref(),
            currency,
        )?;
        let tax = money(&at_items, "ItemTax", i.item_tax.as_ref(), currency)?
            + money(&at_items, "ShippingTax", i.shipping_tax.as_ref(), currency)?;
        let discount = money(
            &at_items,
            "PromotionDiscount",
            i.promotion_discount.as_ref(),
            currency,
        )?
        .abs()
            + money(
                &at_items,
                "ShippingDiscount",
                i.shipping_discount.as_ref(),
                currency,
            )?
            .abs();
        if i.quantity_ordered < 0 {
            return Err(at_items.error("QuantityOrdered", "is negative"));
        }
        let sku = i
            .seller_s_k_u
            .clone()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or_else(|| format!("asin:{}", i.asin));
        // ItemPrice is the line's total (price × quantity); amounts stay on the first part.
        for (n, (q, unit)) in split_total(total, i.quantity_ordered)
            .into_iter()
            .enumerate()
        {
            let first = n == 0;
            lines.push(LineRec {
                external_id: Some(i.order_item_id.clone()),
                sku: sku.clone(),
                title: i.title.clone(),
                quantity: q,
                unit_price: unit,
                discount: if first { discount } else { 0 },
                shipping: if first { shipping } else { 0 },
                tax: if first { tax } else { 0 },
                fees: 0,
            });
        }
    }
    let a = o.shipping_address.as_ref();
    let clean = |s: Option<&String>| s.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    Ok(OrderRec {
        shop: shop.clone(),
        external_id: o.amazon_order_id.clone(),
        ordered_at: at.instant("PurchaseDate", &o.purchase_date)?,
        updated_at: at.instant("LastUpdateDate", &o.last_update_date)?,
        status: order_status(&o.order_status),
        currency,
        ship_city: clean(a.and_then(|a| a.city.as_ref())),
        ship_region: clean(a.and_then(|a| a.state_or_region.as_ref())),
        ship_postal_code: clean(a.and_then(|a| a.postal_code.as_ref())),
        ship_country: at.country(
            "ShippingAddress.CountryCode",
            a.and_then(|a| a.country_code.as_ref()),
        )?,
        lines,
        level: OrderLevel::default(),
        summary: false,
    })
}

/// The records of one item of searchListingsItems; returns its change time.
pub(super) fn map_listing_item(
    shop: &ShopKey,
    market: &str,
    item: &ListingItem,
    recs: &mut Vec<Record>,
) -> Result<Option<String>> {
    let mut newest_at: Option<String> = None;
    let record = format!("SKU {}", item.sku);
    let at = At {
        marketplace: "amazon",
        op: "searchListingsItems",
        record: &record,
    };
    let summary = item.summaries.iter().find(|s| s.marketplace_id == market);
    let title = summary
        .and_then(|s| s.item_name.clone())
        .unwrap_or_else(|| item.sku.clone());
    if let Some(d) = summary.and_then(|s| s.last_updated_date.as_deref()) {
        newest_at = newest(newest_at.take(), &at.instant("lastUpdatedDate", d)?);
    }
    let quantity = item
        .fulfillment_availability
        .iter()
        .find(|f| f.fulfillment_channel_code == "DEFAULT")
        .and_then(|f| f.quantity);
    recs.push(Record::Product {
        sku: item.sku.clone(),
        title: title.clone(),
        category: None,
        weight_g: None,
    });
    if let Some(q) = quantity {
        recs.push(Record::Inventory {
            sku: item.sku.clone(),
            location: "amazon",
            on_hand: q.max(0),
        });
    }
    let offer = item
        .offers
        .iter()
        .find(|o| o.marketplace_id == market && o.offer_type.as_deref().unwrap_or("B2C") == "B2C");
    let Some(offer) = offer else {
        return Ok(newest_at);
    };
    let currency = at.currency("offers.price.currencyCode", &offer.price.currency_code)?;
    let status = summary.map(|s| s.status.as_slice()).unwrap_or_default();
    let state = if status.iter().any(|s| s == "BUYABLE") {
        "active"
    } else {
        "inactive"
    };
    recs.push(Record::Listing(ListingRec {
        shop: shop.clone(),
        external_id: item.sku.clone(),
        sku: Some(item.sku.clone()),
        title,
        description: String::new(),
        tags: Vec::new(),
        price: at.minor("offers.price.amount", &offer.price.amount.0, currency)?,
        currency,
        quantity,
        state,
        url: summary
            .and_then(|s| s.asin.as_ref())
            .map(|a| format!("https://www.amazon.com/dp/{a}")),
    }));
    Ok(newest_at)
}

/// One FBA inventory summary as a stock record (with its change time); `None` without a SKU.
pub(super) fn map_summary(s: InventorySummary) -> Result<Option<(Option<String>, Record)>> {
    let mut newest_at: Option<String> = None;
    let Some(sku) = s.seller_sku.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let record = format!("SKU {sku}");
    let at = At {
        marketplace: "amazon",
        op: "getInventorySummaries",
        record: &record,
    };
    if let Some(t) = &s.last_updated_time {
        newest_at = newest(newest_at.take(), &at.instant("lastUpdatedTime", t)?);
    }
    let d = s.inventory_details.as_ref();
    let on_hand = d
        .and_then(|d| d.fulfillable_quantity)
        .or(s.total_quantity)
        .unwrap_or(0);
    let reserved = d
        .and_then(|d| d.reserved_quantity.as_ref())
        .and_then(|r| r.total_reserved_quantity)
        .unwrap_or(0);
    let inbound = d.map_or(0, |d| {
        d.inbound_working_quantity.unwrap_or(0)
            + d.inbound_shipped_quantity.unwrap_or(0)
            + d.inbound_receiving_quantity.unwrap_or(0)
    });
    Ok(Some((
        newest_at,
        Record::Stock {
            sku,
            location: "amazon-fba",
            on_hand,
            reserved,
            inbound,
        },
    )))
}

/// Competitors' offers for one ASIN (getItemOffers) as records.
pub(super) fn map_item_offers(asin: &str, sku: &str, offers: ItemOffers) -> Result<Vec<Record>> {
    let mut recs = Vec::new();
    let record = format!("ASIN {asin}");
    let at = At {
        marketplace: "amazon",
        op: "getItemOffers",
        record: &record,
    };
    for o in offers.offers {
        let currency = at.currency(
            "Offers.ListingPrice.CurrencyCode",
            &o.listing_price.currency_code,
        )?;
        let shipping = match &o.shipping {
            Some(s) if s.currency_code == o.listing_price.currency_code => {
                at.minor("Offers.Shipping.Amount", &s.amount.0, currency)?
            }
            _ => 0,
        };
        recs.push(Record::Offer(OfferRec {
            marketplace: "amazon",
            sku: Some(sku.to_string()),
            product_ref: Some(offers.asin.clone().unwrap_or_else(|| asin.to_string())),
            seller: o.seller_id.unwrap_or_else(|| "unknown".into()),
            title: None,
            price: at.minor(
                "Offers.ListingPrice.Amount",
                &o.listing_price.amount.0,
                currency,
            )?,
            shipping,
            currency,
            is_featured: o.is_buy_box_winner.unwrap_or(false),
            source: "amazon-pricing",
        }));
    }
    Ok(recs)
}

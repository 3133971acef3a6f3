//! Amazon Seller Central: the All Orders flat file (tab-separated, one row per order item), the
//! All/Active Listings report (tab-separated) and the Business Report (sales and traffic by
//! child item, CSV with BOM, localised headers, money with symbols).

use super::formats::{ColSpec, Format, Spec};
use super::parse::{self, DateStyle, split_total};
use super::{Col, Header, MapContext, Mapper, Row, RowError};
use crate::marketplaces::sink::{LineRec, ListingRec, OrderLevel, OrderRec, Record, ShopKey};
use crate::money::Currency;

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const ORDER_COLS: &[ColSpec] = &[
    c("order_id", &["amazon-order-id"], true),
    c("purchase_date", &["purchase-date"], true),
    c("updated", &["last-updated-date"], false),
    c("status", &["order-status"], true),
    c("sales_channel", &["sales-channel"], false),
    c("product_name", &["product-name"], false),
    c("sku", &["sku"], true),
    c("asin", &["asin"], false),
    c("item_status", &["item-status"], false),
    c("quantity", &["quantity"], true),
    c("currency", &["currency"], true),
    c("item_price", &["item-price"], true),
    c("item_tax", &["item-tax"], false),
    c("shipping_price", &["shipping-price"], false),
    c("shipping_tax", &["shipping-tax"], false),
    c("gift_price", &["gift-wrap-price"], false),
    c("gift_tax", &["gift-wrap-tax"], false),
    c("item_promo", &["item-promotion-discount"], false),
    c("ship_promo", &["ship-promotion-discount"], false),
    c("city", &["ship-city"], false),
    c("state", &["ship-state"], false),
    c("zip", &["ship-postal-code"], false),
    c("country", &["ship-country"], false),
    c("order_item_id", &["order-item-id"], false),
];

pub static ORDERS: Spec = Spec {
    format: Format::AmazonOrders,
    title: "Amazon All Orders report",
    channel: "amazon",
    cols: ORDER_COLS,
};

const LISTING_COLS: &[ColSpec] = &[
    c("name", &["item-name"], true),
    c("description", &["item-description"], false),
    c("listing_id", &["listing-id"], false),
    c("sku", &["seller-sku"], true),
    c("price", &["price"], true),
    c("quantity", &["quantity"], true),
    c("asin", &["asin1"], false),
    c("fulfillment", &["fulfillment-channel"], false),
    c("status", &["status"], false),
];

pub static LISTINGS: Spec = Spec {
    format: Format::AmazonListings,
    title: "Amazon All/Active Listings report",
    channel: "amazon",
    cols: LISTING_COLS,
};

const BUSINESS_COLS: &[ColSpec] = &[
    c("parent", &["(Parent) ASIN", "(Übergeordnete) ASIN"], true),
    c("child", &["(Child) ASIN", "(Untergeordnete) ASIN"], true),
    c("title", &["Title", "Titel"], false),
    c("sku", &["SKU"], false),
    c(
        "sessions",
        &["Sessions - Total", "Sessions", "Sitzungen - Summe"],
        true,
    ),
    c(
        "page_views",
        &["Page Views - Total", "Page Views", "Seitenaufrufe - Summe"],
        false,
    ),
    c(
        "buy_box",
        &[
            "Featured Offer (Buy Box) Percentage",
            "Buy Box Percentage",
            "Hervorgehobenes Angebot (\"In-den-Einkaufswagen\") - Prozentsatz",
        ],
        false,
    ),
    c(
        "units",
        &["Units Ordered", "Units ordered", "Bestellte Einheiten"],
        true,
    ),
    c(
        "sales",
        &[
            "Ordered Product Sales",
            "Ordered product sales",
            "Durch bestellte Produkte erzielter Umsatz",
        ],
        true,
    ),
    c(
        "order_items",
        &[
            "Total Order Items",
            "Total order items",
            "Zahl der Bestellposten",
        ],
        false,
    ),
];

pub static BUSINESS_REPORT: Spec = Spec {
    format: Format::AmazonBusinessReport,
    title: "Amazon Business Report (sales and traffic by child item)",
    channel: "amazon",
    cols: BUSINESS_COLS,
};

fn cols<const N: usize>(h: &Header, f: Format, spec: &[ColSpec]) -> [Col; N] {
    std::array::from_fn(|i| h.col(f, spec[i].key))
}

pub(super) fn shop(store: &str, currency: Currency) -> ShopKey {
    ShopKey {
        channel: "amazon",
        external_id: store.to_string(),
        name: format!("Amazon ({store}, imported)"),
        currency,
    }
}

pub struct OrdersMapper {
    c: [Col; ORDER_COLS.len()],
    shop: String,
    cur: Option<OrderRec>,
}

impl OrdersMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> OrdersMapper {
        OrdersMapper {
            c: cols(h, Format::AmazonOrders, ORDER_COLS),
            shop: ctx.shop.clone(),
            cur: None,
        }
    }
}

fn order_status(s: &str) -> &'static str {
    let s = s.to_ascii_lowercase();
    if s.starts_with("cancel") {
        "cancelled"
    } else if s.starts_with("shipped") || s == "complete" || s == "delivered" {
        "shipped"
    } else if s.starts_with("pending") {
        "pending"
    } else if s.contains("refund") || s.contains("return") {
        "refunded"
    } else {
        "paid"
    }
}

impl Mapper for OrdersMapper {
    fn identity(&self, row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        let id = row.opt(self.c[0])?;
        match row.opt(self.c[23]) {
            Some(item) => Some(format!("order {id}, order-item-id {item}")),
            None => Some(format!("order {id}, SKU {}", row.opt(self.c[6])?)),
        }
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let id = row.req(c[0])?;
        let purchased = row.date(c[1], DateStyle::Iso)?;
        let updated = row.date_opt(c[2], DateStyle::Iso)?;
        let status = order_status(row.req(c[3])?);
        // Pending orders carry no prices yet (and may carry no currency).
        let currency = match row.opt(c[10]) {
            Some(t) => Currency::new(t).map_err(|e| row.err(c[10], e.to_string()))?,
            None => match &self.cur {
                Some(o) if o.external_id == id => o.currency,
                _ => Currency::USD,
            },
        };
        let quantity = row.quantity(c[9])?;
        let total = row.price_or_zero(c[11], currency)?;
        let tax = row.money_or_zero(c[12], currency)?
            + row.money_or_zero(c[14], currency)?
            + row.money_or_zero(c[16], currency)?;
        let shipping = row.money_or_zero(c[13], currency)? + row.money_or_zero(c[15], currency)?;
        // Promotions are written as negative amounts in some reports, positive in others.
        let discount =
            row.money_or_zero(c[17], currency)?.abs() + row.money_or_zero(c[18], currency)?.abs();
        let sku = row.req(c[6])?.to_string();
        let title = row.opt(c[5]).map(str::to_string);
        // The line's identity in the store: the order item id when the report has one, else the
        // SKU (one row per SKU and order in the All Orders report).
        let key = match row.opt(c[23]) {
            Some(item) => item.to_string(),
            None => format!("sku:{sku}"),
        };
        let parts = split_total(total, quantity);
        let n = parts.len();
        let mut lines: Vec<LineRec> = Vec::with_capacity(n);
        for (i, (q, unit)) in parts.into_iter().enumerate() {
            // Amounts of a line split for exact unit prices stay on its first part.
            let first = i == 0;
            lines.push(LineRec {
                external_id: Some(key.clone()),
                sku: sku.clone(),
                title: title.clone(),
                quantity: q,
                unit_price: unit,
                discount: if first { discount } else { 0 },
                shipping: if first { shipping } else { 0 },
                tax: if first { tax } else { 0 },
                fees: 0,
            });
        }
        let country = row.country(c[22])?;
        if let Some(o) = &mut self.cur
            && o.external_id == id
        {
            if o.currency != currency && total != 0 {
                return Err(row.err(
                    c[10],
                    format!(
                        "is {currency}, but earlier rows of order {id} are in {}",
                        o.currency
                    ),
                ));
            }
            o.lines.extend(lines);
            if let Some(u) = updated
                && u > o.updated_at
            {
                o.updated_at = u;
            }
            return Ok(());
        }
        if let Some(o) = self.cur.take() {
            out.push(Record::Order(o));
        }
        let store = match row.opt(c[4]) {
            Some(ch) => ch.to_ascii_lowercase(),
            None => self.shop.clone(),
        };
        self.cur = Some(OrderRec {
            shop: shop(&store, currency),
            external_id: id.to_string(),
            updated_at: updated.unwrap_or_else(|| purchased.clone()),
            ordered_at: purchased,
            status,
            currency,
            ship_city: row.opt(c[19]).map(str::to_string),
            ship_region: row.opt(c[20]).map(str::to_string),
            ship_postal_code: row.opt(c[21]).map(str::to_string),
            ship_country: country,
            lines,
            level: OrderLevel::default(),
            summary: false,
        });
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        if let Some(o) = self.cur.take() {
            out.push(Record::Order(o));
        }
    }
}

pub struct ListingsMapper {
    c: [Col; LISTING_COLS.len()],
    shop: String,
    currency: Currency,
}

impl ListingsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> ListingsMapper {
        ListingsMapper {
            c: cols(h, Format::AmazonListings, LISTING_COLS),
            shop: ctx.shop.clone(),
            currency: ctx.currency,
        }
    }
}

impl Mapper for ListingsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let title = row.req(c[0])?.to_string();
        let sku = row.req(c[3])?.to_string();
        let price = row.price(c[4], self.currency)?;
        // FBA rows leave quantity empty: Amazon holds that stock.
        let quantity = match row.opt(c[5]) {
            Some(_) => Some(row.quantity(c[5])?),
            None => None,
        };
        let state = match row.get(c[8]).to_ascii_lowercase().as_str() {
            "" | "active" => "active",
            "inactive" => "inactive",
            "incomplete" => "draft",
            _ => "inactive",
        };
        let fba = {
            let f = row.get(c[7]).to_ascii_uppercase();
            !f.is_empty() && f != "DEFAULT"
        };
        out.push(Record::Product {
            sku: sku.clone(),
            title: title.clone(),
            category: None,
            weight_g: None,
        });
        if let Some(q) = quantity {
            out.push(Record::Inventory {
                sku: sku.clone(),
                location: if fba { "amazon-fba" } else { "amazon" },
                on_hand: q,
            });
        }
        let url = row
            .opt(c[6])
            .map(|asin| format!("https://www.amazon.com/dp/{asin}"));
        out.push(Record::Listing(ListingRec {
            shop: shop(&self.shop, self.currency),
            external_id: sku.clone(),
            sku: Some(sku),
            title,
            description: row.get(c[1]).to_string(),
            tags: Vec::new(),
            price,
            currency: self.currency,
            quantity,
            state,
            url,
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

pub struct BusinessMapper {
    c: [Col; BUSINESS_COLS.len()],
    currency: Currency,
}

impl BusinessMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> BusinessMapper {
        BusinessMapper {
            c: cols(h, Format::AmazonBusinessReport, BUSINESS_COLS),
            currency: ctx.currency,
        }
    }
}

const SOURCE: &str = "amazon_business_report";

impl Mapper for BusinessMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let child = row.req(c[1])?.to_string();
        let sku = row.opt(c[3]).map(str::to_string);
        let term = sku.clone().unwrap_or_else(|| child.clone());
        let sessions = row.quantity(c[4])?;
        let units = row.quantity(c[7])?;
        let sales = parse::amount(row.req(c[8])?, self.currency).map_err(|e| row.err(c[8], e))?;
        if sales.minor < 0 {
            return Err(row.err(c[8], "is negative: sales cannot be"));
        }
        let mut signals: Vec<(&'static str, f64)> = vec![
            ("sessions", sessions as f64),
            ("units_ordered", units as f64),
            ("ordered_product_sales_minor", sales.minor as f64),
        ];
        if row.opt(c[5]).is_some() {
            signals.push(("page_views", row.count(c[5])? as f64));
        }
        if let Some(t) = row.opt(c[6]) {
            signals.push((
                "buy_box_bp",
                parse::percent_bp(t).map_err(|e| row.err(c[6], e))? as f64,
            ));
        }
        if row.opt(c[9]).is_some() {
            signals.push(("order_items", row.count(c[9])? as f64));
        }
        if let Some(s) = &sku {
            out.push(Record::Product {
                sku: s.clone(),
                title: row.opt(c[2]).unwrap_or(s).to_string(),
                category: None,
                weight_g: None,
            });
        }
        for (metric, value) in signals {
            out.push(Record::Signal {
                term: term.clone(),
                source: SOURCE,
                metric,
                value,
            });
        }
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

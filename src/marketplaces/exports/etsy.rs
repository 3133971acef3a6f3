//! Etsy: Sold Orders (one row per order), Sold Order Items (one row per item; order-level
//! amounts repeated on every row of the order) and Listings (localised headers).

use super::formats::{ColSpec, Format, Spec};
use super::parse::{DateStyle, split_total};
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

/// Columns shared by both order files; en-GB exports say "Delivery"/"Date Posted".
const ORDER_COLS: &[ColSpec] = &[
    c("sale_date", &["Sale Date", "Date Posted"], true),
    c("order_id", &["Order ID"], true),
    c("items", &["Number of Items"], true),
    c("date_shipped", &["Date Shipped", "Date Dispatched"], false),
    c("city", &["Ship City", "Delivery City"], false),
    c("state", &["Ship State", "Delivery State"], false),
    c("zip", &["Ship Zipcode", "Delivery Zipcode"], false),
    c("country", &["Ship Country", "Delivery Country"], false),
    c("currency", &["Currency"], true),
    c("order_value", &["Order Value"], true),
    c("discount", &["Discount Amount"], false),
    c(
        "ship_discount",
        &["Shipping Discount", "Delivery Discount"],
        false,
    ),
    c("shipping", &["Shipping", "Delivery"], false),
    c("tax", &["Sales Tax"], false),
    c("status", &["Status"], false),
    c("fees", &["Card Processing Fees"], true),
    c("adj_total", &["Adjusted Order Total"], false),
    c("sku", &["SKU"], false),
];

pub static ORDERS: Spec = Spec {
    format: Format::EtsyOrders,
    title: "Etsy sold orders",
    channel: "etsy",
    cols: ORDER_COLS,
};

const ITEM_COLS: &[ColSpec] = &[
    c("sale_date", &["Sale Date", "Date Posted"], true),
    c("item_name", &["Item Name"], true),
    c("quantity", &["Quantity"], true),
    c("price", &["Price"], true),
    c("discount", &["Discount Amount"], false),
    c(
        "ship_discount",
        &["Shipping Discount", "Delivery Discount"],
        false,
    ),
    c(
        "order_shipping",
        &["Order Shipping", "Order Delivery"],
        false,
    ),
    c("order_tax", &["Order Sales Tax"], false),
    c("currency", &["Currency"], true),
    c("transaction_id", &["Transaction ID"], true),
    c("listing_id", &["Listing ID"], false),
    c("date_paid", &["Date Paid"], false),
    c("date_shipped", &["Date Shipped", "Date Dispatched"], false),
    c("city", &["Ship City", "Delivery City"], false),
    c("state", &["Ship State", "Delivery State"], false),
    c("zip", &["Ship Zipcode", "Delivery Zipcode"], false),
    c("country", &["Ship Country", "Delivery Country"], false),
    c("order_id", &["Order ID"], true),
    c("variations", &["Variations"], false),
    c("sku", &["SKU"], false),
];

pub static ORDER_ITEMS: Spec = Spec {
    format: Format::EtsyOrderItems,
    title: "Etsy sold order items",
    channel: "etsy",
    cols: ITEM_COLS,
};

const LISTING_COLS: &[ColSpec] = &[
    c(
        "title",
        &["TITLE", "TITOLO", "TITEL", "TITRE", "TÍTULO"],
        true,
    ),
    c(
        "description",
        &["DESCRIPTION", "DESCRIZIONE", "BESCHREIBUNG", "DESCRIPCIÓN"],
        false,
    ),
    c(
        "price",
        &["PRICE", "PREZZO", "PREIS", "PRIX", "PRECIO"],
        true,
    ),
    c("currency", &["CURRENCY_CODE"], true),
    c(
        "quantity",
        &["QUANTITY", "QUANTITÀ", "MENGE", "QUANTITÉ", "CANTIDAD"],
        true,
    ),
    c("tags", &["TAGS", "TAG"], false),
    c("sku", &["SKU"], true),
];

pub static LISTINGS: Spec = Spec {
    format: Format::EtsyListings,
    title: "Etsy listings download",
    channel: "etsy",
    cols: LISTING_COLS,
};

/// The shop of an Etsy import (`--shop` / import.shop): orders, listings and ledger entries land
/// in the same one.
pub(crate) fn shop(name: &str, currency: Currency) -> ShopKey {
    ShopKey {
        channel: "etsy",
        external_id: name.to_string(),
        name: format!("Etsy ({name}, imported)"),
        currency,
    }
}

fn currency(row: &Row<'_>, col: Col) -> Result<Currency, RowError> {
    Currency::new(row.req(col)?).map_err(|e| row.err(col, e.to_string()))
}

/// The SKU Etsy gives for an order or item when it names exactly one.
fn single_sku(text: &str) -> Option<&str> {
    let t = text.trim();
    (!t.is_empty() && !t.contains(',')).then_some(t)
}

fn later(a: String, b: Option<String>) -> String {
    match b {
        Some(b) if b > a => b,
        _ => a,
    }
}

pub struct OrdersMapper {
    c: [Col; ORDER_COLS.len()],
    shop: String,
}

fn cols<const N: usize>(h: &Header, f: Format, spec: &[ColSpec]) -> [Col; N] {
    std::array::from_fn(|i| h.col(f, spec[i].key))
}

// Indexes into ORDER_COLS.
const O_SALE: usize = 0;
const O_ID: usize = 1;
const O_ITEMS: usize = 2;
const O_SHIPPED: usize = 3;
const O_CITY: usize = 4;
const O_STATE: usize = 5;
const O_ZIP: usize = 6;
const O_COUNTRY: usize = 7;
const O_CUR: usize = 8;
const O_VALUE: usize = 9;
const O_DISC: usize = 10;
const O_SHIPDISC: usize = 11;
const O_SHIPPING: usize = 12;
const O_TAX: usize = 13;
const O_STATUS: usize = 14;
const O_FEES: usize = 15;
const O_ADJ: usize = 16;
const O_SKU: usize = 17;

impl OrdersMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> OrdersMapper {
        OrdersMapper {
            c: cols(h, Format::EtsyOrders, ORDER_COLS),
            shop: ctx.shop.clone(),
        }
    }
}

fn order_status(status: &str, shipped: bool) -> &'static str {
    let s = status.to_ascii_lowercase();
    if s.contains("refund") {
        "refunded"
    } else if s.contains("cancel") {
        "cancelled"
    } else if shipped || s.contains("complete") || s.contains("shipped") {
        "shipped"
    } else {
        "paid"
    }
}

impl Mapper for OrdersMapper {
    fn identity(&self, row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        row.opt(self.c[O_ID]).map(|id| format!("order {id}"))
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let id = row.req(c[O_ID])?.to_string();
        let cur = currency(row, c[O_CUR])?;
        let sale = row.date(c[O_SALE], DateStyle::UsSlash)?;
        let shipped = row.date_opt(c[O_SHIPPED], DateStyle::UsSlash)?;
        let items = row.quantity(c[O_ITEMS])?;
        let value = row.price(c[O_VALUE], cur)?;
        let discount =
            row.money_or_zero(c[O_DISC], cur)? + row.money_or_zero(c[O_SHIPDISC], cur)?;
        let shipping = row.money_or_zero(c[O_SHIPPING], cur)?;
        let tax = row.money_or_zero(c[O_TAX], cur)?;
        let fees = row.money(c[O_FEES], cur)?;
        let _adjusted = row.money_or_zero(c[O_ADJ], cur)?;
        let sku = single_sku(row.get(c[O_SKU]))
            .map(str::to_string)
            .unwrap_or_else(|| format!("etsy:order:{id}"));
        let lines = split_total(value, items)
            .into_iter()
            .map(|(q, unit)| LineRec {
                external_id: None,
                sku: sku.clone(),
                title: None,
                quantity: q,
                unit_price: unit,
                discount: 0,
                shipping: 0,
                tax: 0,
                fees: 0,
            })
            .collect();
        out.push(Record::Order(OrderRec {
            shop: shop(&self.shop, cur),
            external_id: id,
            updated_at: later(sale.clone(), shipped.clone()),
            ordered_at: sale,
            status: order_status(row.get(c[O_STATUS]), shipped.is_some()),
            currency: cur,
            ship_city: row.opt(c[O_CITY]).map(str::to_string),
            ship_region: row.opt(c[O_STATE]).map(str::to_string),
            ship_postal_code: row.opt(c[O_ZIP]).map(str::to_string),
            ship_country: row.country(c[O_COUNTRY])?,
            lines,
            level: OrderLevel {
                discount: Some(discount),
                shipping: Some(shipping),
                tax: Some(tax),
                fees: Some(fees),
            },
            summary: true,
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

const I_SALE: usize = 0;
const I_NAME: usize = 1;
const I_QTY: usize = 2;
const I_PRICE: usize = 3;
const I_DISC: usize = 4;
const I_SHIPDISC: usize = 5;
const I_SHIPPING: usize = 6;
const I_TAX: usize = 7;
const I_CUR: usize = 8;
const I_TXN: usize = 9;
const I_LISTING: usize = 10;
const I_PAID: usize = 11;
const I_SHIPPED: usize = 12;
const I_CITY: usize = 13;
const I_STATE: usize = 14;
const I_ZIP: usize = 15;
const I_COUNTRY: usize = 16;
const I_ORDER: usize = 17;
const I_VARIATIONS: usize = 18;
const I_SKU: usize = 19;

pub struct ItemsMapper {
    c: [Col; ITEM_COLS.len()],
    shop: String,
    cur: Option<OrderRec>,
}

impl ItemsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> ItemsMapper {
        ItemsMapper {
            c: cols(h, Format::EtsyOrderItems, ITEM_COLS),
            shop: ctx.shop.clone(),
            cur: None,
        }
    }
}

impl Mapper for ItemsMapper {
    fn identity(&self, row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        let order = row.opt(self.c[I_ORDER])?;
        let txn = row.opt(self.c[I_TXN])?;
        Some(format!("order {order}, Transaction ID {txn}"))
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let order_id = row.req(c[I_ORDER])?.to_string();
        let cur = currency(row, c[I_CUR])?;
        // Sale Date is MM/DD/YY; Date Paid and Date Shipped are MM/DD/YYYY in the same row.
        let sale = row.date(c[I_SALE], DateStyle::UsSlash)?;
        let paid = row.date_opt(c[I_PAID], DateStyle::UsSlash)?;
        let shipped = row.date_opt(c[I_SHIPPED], DateStyle::UsSlash)?;
        let name = row.req(c[I_NAME])?.to_string();
        let quantity = row.quantity(c[I_QTY])?;
        let unit = row.price(c[I_PRICE], cur)?;
        // Order-level amounts, repeated on every item row of the order: taken once.
        let level = OrderLevel {
            discount: Some(
                row.money_or_zero(c[I_DISC], cur)? + row.money_or_zero(c[I_SHIPDISC], cur)?,
            ),
            shipping: Some(row.money_or_zero(c[I_SHIPPING], cur)?),
            tax: Some(row.money_or_zero(c[I_TAX], cur)?),
            fees: None,
        };
        let txn = row.req(c[I_TXN])?.to_string();
        let sku = match single_sku(row.get(c[I_SKU])) {
            Some(s) => s.to_string(),
            None => match row.opt(c[I_LISTING]) {
                Some(l) => format!("etsy:{l}"),
                None => format!("etsy:{name}"),
            },
        };
        let title = match row.opt(c[I_VARIATIONS]) {
            Some(v) => format!("{name} ({v})"),
            None => name,
        };
        let line = LineRec {
            external_id: Some(txn),
            sku,
            title: Some(title),
            quantity,
            unit_price: unit,
            discount: 0,
            shipping: 0,
            tax: 0,
            fees: 0,
        };
        let country = row.country(c[I_COUNTRY])?;
        if let Some(o) = &mut self.cur
            && o.external_id == order_id
        {
            if o.currency != cur {
                return Err(row.err(
                    c[I_CUR],
                    format!(
                        "is {cur}, but earlier rows of order {order_id} are in {}",
                        o.currency
                    ),
                ));
            }
            o.lines.push(line);
            o.updated_at = later(o.updated_at.clone(), shipped);
            return Ok(());
        }
        if let Some(o) = self.cur.take() {
            out.push(Record::Order(o));
        }
        let updated = later(later(sale.clone(), paid), shipped.clone());
        self.cur = Some(OrderRec {
            shop: shop(&self.shop, cur),
            external_id: order_id,
            ordered_at: sale,
            updated_at: updated,
            status: if shipped.is_some() { "shipped" } else { "paid" },
            currency: cur,
            ship_city: row.opt(c[I_CITY]).map(str::to_string),
            ship_region: row.opt(c[I_STATE]).map(str::to_string),
            ship_postal_code: row.opt(c[I_ZIP]).map(str::to_string),
            ship_country: country,
            lines: vec![line],
            level,
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
}

impl ListingsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> ListingsMapper {
        ListingsMapper {
            c: cols(h, Format::EtsyListings, LISTING_COLS),
            shop: ctx.shop.clone(),
        }
    }
}

impl Mapper for ListingsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let title = row.req(c[0])?.to_string();
        let cur = currency(row, c[3])?;
        let price = row.price(c[2], cur)?;
        let quantity = row.quantity(c[4])?;
        let sku_field = row.get(c[6]);
        let skus: Vec<&str> = sku_field
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        // No listing id in this file: the SKU field is the key when present, else the title.
        let external_id = if skus.is_empty() {
            format!("title:{title}")
        } else {
            format!("sku:{}", skus.join(","))
        };
        for s in &skus {
            out.push(Record::Product {
                sku: s.to_string(),
                title: title.clone(),
                category: None,
                weight_g: None,
            });
        }
        let sku = (skus.len() == 1).then(|| skus[0].to_string());
        if let Some(s) = &sku {
            out.push(Record::Inventory {
                sku: s.clone(),
                location: "etsy",
                on_hand: quantity,
            });
        }
        let tags = row
            .get(c[5])
            .split(',')
            .map(|t| t.trim().replace('_', " "))
            .filter(|t| !t.is_empty())
            .collect();
        out.push(Record::Listing(ListingRec {
            shop: shop(&self.shop, cur),
            external_id,
            sku,
            title,
            description: row.get(c[1]).to_string(),
            tags,
            price,
            currency: cur,
            quantity: Some(quantity),
            state: if quantity > 0 { "active" } else { "sold_out" },
            url: None,
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

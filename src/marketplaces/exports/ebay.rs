//! eBay Seller Hub orders report: a blank first row, the header, a blank row, one row per order
//! line, then footer rows ("N record(s) downloaded", "Seller ID : …"). US and UK header wording.

use super::formats::{ColSpec, Format, Spec};
use super::parse::{self, DateStyle};
use super::{Col, Header, MapContext, Mapper, Row, RowError};
use crate::marketplaces::sink::{LineRec, OrderLevel, OrderRec, Record, ShopKey};
use crate::money::Currency;

const fn c(key: &'static str, names: &'static [&'static str], required: bool) -> ColSpec {
    ColSpec {
        key,
        names,
        required,
    }
}

const COLS: &[ColSpec] = &[
    c("order", &["Order Number"], true),
    c("item", &["Item Number"], true),
    c("title", &["Item Title"], false),
    c("sku", &["Custom Label"], false),
    c("quantity", &["Quantity"], true),
    c("sold_for", &["Sold For"], true),
    c(
        "shipping",
        &["Shipping And Handling", "Postage and packaging"],
        false,
    ),
    c("seller_tax", &["Seller Collected Tax"], false),
    c("ebay_tax", &["eBay Collected Tax"], false),
    c("sale_date", &["Sale Date"], true),
    c("paid", &["Paid On Date"], false),
    c("shipped", &["Shipped On Date", "Dispatched on date"], false),
    c("city", &["Ship To City", "Post to city"], false),
    c("state", &["Ship To State", "Post to county"], false),
    c("zip", &["Ship To Zip", "Post to postcode"], false),
    c("country", &["Ship To Country", "Post to country"], false),
    c("transaction", &["Transaction ID"], false),
    c("variation", &["Variation Details"], false),
    c("record", &["Sales Record Number"], false),
];

pub static ORDERS: Spec = Spec {
    format: Format::EbayOrders,
    title: "eBay orders report",
    channel: "ebay",
    cols: COLS,
};

/// The shop of an eBay import (`--shop` / import.shop): orders and ledger entries land in the
/// same one.
pub(crate) fn shop(name: &str, currency: Currency) -> ShopKey {
    ShopKey {
        channel: "ebay",
        external_id: name.to_string(),
        name: format!("eBay ({name}, imported)"),
        currency,
    }
}

pub struct OrdersMapper {
    c: [Col; COLS.len()],
    shop: String,
    currency: Currency,
    cur: Option<OrderRec>,
}

impl OrdersMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> OrdersMapper {
        OrdersMapper {
            c: std::array::from_fn(|i| h.col(Format::EbayOrders, COLS[i].key)),
            shop: ctx.shop.clone(),
            currency: ctx.currency,
            cur: None,
        }
    }
}

impl Mapper for OrdersMapper {
    fn skip(&self, row: &Row<'_>) -> bool {
        let first = row.rec.get(0).unwrap_or("").trim();
        let second = row.rec.get(1).unwrap_or("").trim();
        second.contains("record(s) downloaded") || first.starts_with("Seller ID")
    }

    fn identity(&self, row: &Row<'_>, _fingerprint: u64) -> Option<String> {
        let order = row.opt(self.c[0])?;
        match row.opt(self.c[16]) {
            Some(t) => Some(format!("order {order}, Transaction ID {t}")),
            None => Some(format!("order {order}, item {}", row.opt(self.c[1])?)),
        }
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let order = row.req(c[0])?.to_string();
        let sold = parse::amount(row.req(c[5])?, self.currency).map_err(|e| row.err(c[5], e))?;
        let currency = sold.currency.unwrap_or(self.currency);
        let unit = sold.minor;
        if unit < 0 {
            return Err(row.err(c[5], "is negative: a price cannot be"));
        }
        let quantity = row.quantity(c[4])?;
        let shipping = row.money_or_zero(c[6], currency)?;
        let tax = row.money_or_zero(c[7], currency)? + row.money_or_zero(c[8], currency)?;
        let sale = row.date(c[9], DateStyle::MonDashDay)?;
        let paid = row.date_opt(c[10], DateStyle::MonDashDay)?;
        let shipped = row.date_opt(c[11], DateStyle::MonDashDay)?;
        let item = row.req(c[1])?.to_string();
        let title = row.opt(c[2]).map(|t| match row.opt(c[17]) {
            Some(v) => format!("{t} ({v})"),
            None => t.to_string(),
        });
        let sku = row
            .opt(c[3])
            .map(str::to_string)
            .unwrap_or_else(|| format!("ebay:{item}"));
        let line = LineRec {
            external_id: Some(row.opt(c[16]).unwrap_or(&item).to_string()),
            sku,
            title,
            quantity,
            unit_price: unit,
            discount: 0,
            shipping,
            tax,
            fees: 0,
        };
        let country = row.country(c[15])?;
        let status = if shipped.is_some() {
            "shipped"
        } else if paid.is_some() {
            "paid"
        } else {
            "pending"
        };
        let updated = [&paid, &shipped]
            .into_iter()
            .flatten()
            .fold(sale.clone(), |a, b| if *b > a { b.clone() } else { a });
        if let Some(o) = &mut self.cur
            && o.external_id == order
        {
            if o.currency != currency {
                return Err(row.err(
                    c[5],
                    format!(
                        "is in {currency}, but earlier rows of order {order} are in {}",
                        o.currency
                    ),
                ));
            }
            o.lines.push(line);
            if updated > o.updated_at {
                o.updated_at = updated;
                o.status = status;
            }
            return Ok(());
        }
        if let Some(o) = self.cur.take() {
            out.push(Record::Order(o));
        }
        self.cur = Some(OrderRec {
            shop: shop(&self.shop, currency),
            external_id: order,
            ordered_at: sale,
            updated_at: updated,
            status,
            currency,
            ship_city: row.opt(c[12]).map(str::to_string),
            ship_region: row.opt(c[13]).map(str::to_string),
            ship_postal_code: row.opt(c[14]).map(str::to_string),
            ship_country: country,
            lines: vec![line],
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

//! Shopify: the orders export (one row per line item; the first row of an order carries the
//! order-level fields) and the products export (one product over several rows sharing a Handle).

use super::formats::{ColSpec, Format, Spec};
use super::parse::DateStyle;
use super::{Col, Header, MapContext, Mapper, Row, RowError};
use crate::marketplaces::sink::{LineRec, ListingRec, OrderLevel, OrderRec, Record, ShopKey};
use crate::money::Currency;

const ORDER_COLS: &[ColSpec] = &[
    ColSpec {
        key: "name",
        names: &["Name"],
        required: true,
    },
    ColSpec {
        key: "financial_status",
        names: &["Financial Status"],
        required: false,
    },
    ColSpec {
        key: "fulfillment_status",
        names: &["Fulfillment Status"],
        required: false,
    },
    ColSpec {
        key: "currency",
        names: &["Currency"],
        required: true,
    },
    ColSpec {
        key: "shipping",
        names: &["Shipping"],
        required: false,
    },
    ColSpec {
        key: "taxes",
        names: &["Taxes"],
        required: false,
    },
    ColSpec {
        key: "total",
        names: &["Total"],
        required: true,
    },
    ColSpec {
        key: "discount_amount",
        names: &["Discount Amount"],
        required: false,
    },
    ColSpec {
        key: "created_at",
        names: &["Created at"],
        required: true,
    },
    ColSpec {
        key: "paid_at",
        names: &["Paid at"],
        required: false,
    },
    ColSpec {
        key: "fulfilled_at",
        names: &["Fulfilled at"],
        required: false,
    },
    ColSpec {
        key: "cancelled_at",
        names: &["Cancelled at"],
        required: false,
    },
    ColSpec {
        key: "li_qty",
        names: &["Lineitem quantity"],
        required: true,
    },
    ColSpec {
        key: "li_name",
        names: &["Lineitem name"],
        required: true,
    },
    ColSpec {
        key: "li_price",
        names: &["Lineitem price"],
        required: true,
    },
    ColSpec {
        key: "li_sku",
        names: &["Lineitem sku"],
        required: true,
    },
    ColSpec {
        key: "li_discount",
        names: &["Lineitem discount"],
        required: false,
    },
    ColSpec {
        key: "ship_city",
        names: &["Shipping City"],
        required: false,
    },
    ColSpec {
        key: "ship_zip",
        names: &["Shipping Zip"],
        required: false,
    },
    ColSpec {
        key: "ship_province",
        names: &["Shipping Province"],
        required: false,
    },
    ColSpec {
        key: "ship_country",
        names: &["Shipping Country"],
        required: false,
    },
    ColSpec {
        key: "id",
        names: &["Id"],
        required: false,
    },
];

pub static ORDERS: Spec = Spec {
    format: Format::ShopifyOrders,
    title: "Shopify orders export",
    channel: "shopify",
    cols: ORDER_COLS,
};

const PRODUCT_COLS: &[ColSpec] = &[
    ColSpec {
        key: "handle",
        names: &["Handle"],
        required: true,
    },
    ColSpec {
        key: "title",
        names: &["Title"],
        required: true,
    },
    ColSpec {
        key: "body",
        names: &["Body (HTML)"],
        required: false,
    },
    ColSpec {
        key: "type",
        names: &["Type"],
        required: false,
    },
    ColSpec {
        key: "category",
        names: &["Product Category"],
        required: false,
    },
    ColSpec {
        key: "tags",
        names: &["Tags"],
        required: false,
    },
    ColSpec {
        key: "published",
        names: &["Published"],
        required: false,
    },
    ColSpec {
        key: "opt1",
        names: &["Option1 Value"],
        required: true,
    },
    ColSpec {
        key: "opt2",
        names: &["Option2 Value"],
        required: false,
    },
    ColSpec {
        key: "opt3",
        names: &["Option3 Value"],
        required: false,
    },
    ColSpec {
        key: "sku",
        names: &["Variant SKU"],
        required: true,
    },
    ColSpec {
        key: "grams",
        names: &["Variant Grams"],
        required: false,
    },
    ColSpec {
        key: "qty",
        names: &["Variant Inventory Qty"],
        required: false,
    },
    ColSpec {
        key: "price",
        names: &["Variant Price"],
        required: true,
    },
    ColSpec {
        key: "cost",
        names: &["Cost per item"],
        required: false,
    },
    ColSpec {
        key: "status",
        names: &["Status"],
        required: false,
    },
];

pub static PRODUCTS: Spec = Spec {
    format: Format::ShopifyProducts,
    title: "Shopify products export",
    channel: "shopify",
    cols: PRODUCT_COLS,
};

pub(super) fn shop(ctx_shop: &str, currency: Currency) -> ShopKey {
    ShopKey {
        channel: "shopify",
        external_id: ctx_shop.to_string(),
        name: format!("Shopify ({ctx_shop}, imported)"),
        currency,
    }
}

struct OrderCols {
    name: Col,
    financial: Col,
    fulfillment: Col,
    currency: Col,
    shipping: Col,
    taxes: Col,
    discount: Col,
    created: Col,
    paid: Col,
    fulfilled: Col,
    cancelled: Col,
    qty: Col,
    li_name: Col,
    price: Col,
    sku: Col,
    li_discount: Col,
    city: Col,
    zip: Col,
    province: Col,
    country: Col,
    id: Col,
}

pub struct OrdersMapper {
    c: OrderCols,
    shop: String,
    /// The order being read (its Name), with its order-level discount.
    cur: Option<(String, OrderRec, i64)>,
}

impl OrdersMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> OrdersMapper {
        let f = Format::ShopifyOrders;
        OrdersMapper {
            c: OrderCols {
                name: h.col(f, "name"),
                financial: h.col(f, "financial_status"),
                fulfillment: h.col(f, "fulfillment_status"),
                currency: h.col(f, "currency"),
                shipping: h.col(f, "shipping"),
                taxes: h.col(f, "taxes"),
                discount: h.col(f, "discount_amount"),
                created: h.col(f, "created_at"),
                paid: h.col(f, "paid_at"),
                fulfilled: h.col(f, "fulfilled_at"),
                cancelled: h.col(f, "cancelled_at"),
                qty: h.col(f, "li_qty"),
                li_name: h.col(f, "li_name"),
                price: h.col(f, "li_price"),
                sku: h.col(f, "li_sku"),
                li_discount: h.col(f, "li_discount"),
                city: h.col(f, "ship_city"),
                zip: h.col(f, "ship_zip"),
                province: h.col(f, "ship_province"),
                country: h.col(f, "ship_country"),
                id: h.col(f, "id"),
            },
            shop: ctx.shop.clone(),
            cur: None,
        }
    }

    /// A line item row; `position` is its place among the order's rows (its identity in the store).
    fn line(
        &self,
        row: &Row<'_>,
        currency: Currency,
        position: usize,
    ) -> Result<LineRec, RowError> {
        let c = &self.c;
        let title = row.req(c.li_name)?.to_string();
        let sku = match row.opt(c.sku) {
            Some(s) => s.to_string(),
            None => format!("shopify:{title}"),
        };
        Ok(LineRec {
            external_id: Some(format!("pos:{position}")),
            sku,
            title: Some(title),
            quantity: row.quantity(c.qty)?,
            unit_price: row.price(c.price, currency)?,
            discount: row.money_or_zero(c.li_discount, currency)?,
            shipping: 0,
            tax: 0,
            fees: 0,
        })
    }

    fn flush(&mut self, out: &mut Vec<Record>) {
        if let Some((_, mut o, discount)) = self.cur.take() {
            // "Discount Amount" is the order's total; "Lineitem discount" its split when Shopify
            // gives one. Use the split only when it adds up, so nothing is counted twice.
            let line_sum: i64 = o.lines.iter().map(|l| l.discount).sum();
            if line_sum == discount {
                o.level.discount = Some(0);
            } else {
                for l in &mut o.lines {
                    l.discount = 0;
                }
                o.level.discount = Some(discount);
            }
            out.push(Record::Order(o));
        }
    }
}

fn status(financial: &str, fulfillment: &str, cancelled: bool) -> &'static str {
    if cancelled {
        return "cancelled";
    }
    match financial.to_ascii_lowercase().as_str() {
        "refunded" => "refunded",
        "voided" => "cancelled",
        "pending" | "authorized" | "expired" => "pending",
        _ if fulfillment.eq_ignore_ascii_case("fulfilled") => "shipped",
        _ => "paid",
    }
}

impl Mapper for OrdersMapper {
    /// Shopify rows carry no line id: a row is identified by its order and its values, so an
    /// exact copy of a row is a duplicate; lines are stored by position within the order.
    fn identity(&self, row: &Row<'_>, fingerprint: u64) -> Option<String> {
        let name = row.opt(self.c.name)?;
        Some(format!(
            "order {name}, a line row with values {fingerprint:016x}"
        ))
    }

    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let name = row.req(c.name)?.to_string();
        if let Some((cur_name, o, _)) = &self.cur
            && *cur_name == name
        {
            let line = self.line(row, o.currency, o.lines.len() + 1)?;
            if let Some((_, o, _)) = &mut self.cur {
                o.lines.push(line);
            }
            return Ok(());
        }
        // The first row of an order: order-level fields are here.
        let Some(cur_text) = row.opt(c.currency) else {
            return Err(row.err(
                c.currency,
                format!("is empty on the first row of order {name}: its first row is missing or was rejected"),
            ));
        };
        let currency = Currency::new(cur_text).map_err(|e| row.err(c.currency, e.to_string()))?;
        let created = row.date(c.created, DateStyle::Offset)?;
        let paid = row.date_opt(c.paid, DateStyle::Offset)?;
        let fulfilled = row.date_opt(c.fulfilled, DateStyle::Offset)?;
        let cancelled = row.date_opt(c.cancelled, DateStyle::Offset)?;
        let updated = [&paid, &fulfilled, &cancelled]
            .into_iter()
            .flatten()
            .fold(created.clone(), |a, b| if *b > a { b.clone() } else { a });
        let shipping = row.money_or_zero(c.shipping, currency)?;
        let tax = row.money_or_zero(c.taxes, currency)?;
        let discount = row.money_or_zero(c.discount, currency)?;
        let line = self.line(row, currency, 1)?;
        let order = OrderRec {
            shop: shop(&self.shop, currency),
            external_id: row.opt(c.id).unwrap_or(&name).to_string(),
            ordered_at: created,
            updated_at: updated,
            status: status(
                row.get(c.financial),
                row.get(c.fulfillment),
                cancelled.is_some(),
            ),
            currency,
            ship_city: row.opt(c.city).map(str::to_string),
            ship_region: row.opt(c.province).map(str::to_string),
            ship_postal_code: row.opt(c.zip).map(str::to_string),
            ship_country: row.country(c.country)?,
            lines: vec![line],
            level: OrderLevel {
                discount: None,
                shipping: Some(shipping),
                tax: Some(tax),
                fees: None,
            },
            summary: false,
        };
        self.flush(out);
        self.cur = Some((name, order, discount));
        Ok(())
    }

    fn finish(&mut self, out: &mut Vec<Record>) {
        self.flush(out);
    }
}

struct ProductCols {
    handle: Col,
    title: Col,
    body: Col,
    ptype: Col,
    category: Col,
    tags: Col,
    published: Col,
    opt1: Col,
    opt2: Col,
    opt3: Col,
    sku: Col,
    grams: Col,
    qty: Col,
    price: Col,
    cost: Col,
    status: Col,
}

/// What the first row of a product says, for its later variant rows.
struct Product {
    handle: String,
    title: String,
    body: String,
    category: Option<String>,
    tags: Vec<String>,
    state: &'static str,
}

pub struct ProductsMapper {
    c: ProductCols,
    shop: String,
    currency: Currency,
    cur: Option<Product>,
}

impl ProductsMapper {
    pub fn new(h: &Header, ctx: &MapContext) -> ProductsMapper {
        let f = Format::ShopifyProducts;
        ProductsMapper {
            c: ProductCols {
                handle: h.col(f, "handle"),
                title: h.col(f, "title"),
                body: h.col(f, "body"),
                ptype: h.col(f, "type"),
                category: h.col(f, "category"),
                tags: h.col(f, "tags"),
                published: h.col(f, "published"),
                opt1: h.col(f, "opt1"),
                opt2: h.col(f, "opt2"),
                opt3: h.col(f, "opt3"),
                sku: h.col(f, "sku"),
                grams: h.col(f, "grams"),
                qty: h.col(f, "qty"),
                price: h.col(f, "price"),
                cost: h.col(f, "cost"),
                status: h.col(f, "status"),
            },
            shop: ctx.shop.clone(),
            currency: ctx.currency,
            cur: None,
        }
    }
}

fn product_state(status: &str, published: &str) -> &'static str {
    match status.to_ascii_lowercase().as_str() {
        "active" => "active",
        "draft" => "draft",
        "archived" => "inactive",
        _ => match published.to_ascii_lowercase().as_str() {
            "false" => "inactive",
            _ => "active",
        },
    }
}

impl Mapper for ProductsMapper {
    fn row(&mut self, row: &Row<'_>, out: &mut Vec<Record>) -> Result<(), RowError> {
        let c = &self.c;
        let handle = row.req(c.handle)?.to_string();
        let first = self.cur.as_ref().is_none_or(|p| p.handle != handle);
        if first {
            let title = row.req(c.title)?.to_string();
            self.cur = Some(Product {
                handle: handle.clone(),
                title,
                body: row.get(c.body).to_string(),
                category: row
                    .opt(c.ptype)
                    .or_else(|| row.opt(c.category))
                    .map(str::to_string),
                tags: row
                    .get(c.tags)
                    .split(',')
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .map(str::to_string)
                    .collect(),
                state: product_state(row.get(c.status), row.get(c.published)),
            });
        }
        // Image-only rows (no price, no option) carry nothing sellkit stores.
        if row.get(c.price).is_empty() && row.get(c.opt1).is_empty() && row.get(c.sku).is_empty() {
            return Ok(());
        }
        let Some(p) = &self.cur else {
            return Err(RowError::row("no product row before this variant"));
        };
        let price = row.price(c.price, self.currency)?;
        let options: Vec<&str> = [c.opt1, c.opt2, c.opt3]
            .iter()
            .map(|o| row.get(*o))
            .filter(|v| !v.is_empty() && *v != "Default Title")
            .collect();
        let external_id = if options.is_empty() {
            p.handle.clone()
        } else {
            format!("{}/{}", p.handle, options.join("/"))
        };
        let title = if options.is_empty() {
            p.title.clone()
        } else {
            format!("{} - {}", p.title, options.join(" / "))
        };
        let sku = row.opt(c.sku).map(str::to_string);
        let quantity = match row.opt(c.qty) {
            Some(_) => Some(row.count(c.qty)?),
            None => None,
        };
        let grams = match row.opt(c.grams) {
            Some(g) => Some(
                g.parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite() && *v >= 0.0)
                    .ok_or_else(|| row.err(c.grams, format!("{g:?} is not a weight in grams")))?
                    .round() as i64,
            ),
            None => None,
        };
        let cost = match row.opt(c.cost) {
            Some(_) => Some(row.price(c.cost, self.currency)?),
            None => None,
        };
        if let Some(sku) = &sku {
            out.push(Record::Product {
                sku: sku.clone(),
                title: title.clone(),
                category: p.category.clone(),
                weight_g: grams.filter(|g| *g > 0),
            });
            if let Some(q) = quantity {
                out.push(Record::Inventory {
                    sku: sku.clone(),
                    location: "shopify",
                    on_hand: q,
                });
            }
            if let Some(cost) = cost {
                out.push(Record::Cost {
                    sku: sku.clone(),
                    unit_cost: cost,
                    currency: self.currency,
                });
            }
        }
        out.push(Record::Listing(ListingRec {
            shop: shop(&self.shop, self.currency),
            external_id,
            sku,
            title,
            description: p.body.clone(),
            tags: p.tags.clone(),
            price,
            currency: self.currency,
            quantity,
            state: p.state,
            url: None,
        }));
        Ok(())
    }

    fn finish(&mut self, _out: &mut Vec<Record>) {}
}

//! Shopify Admin GraphQL: productSet for a new product (one variant with the SKU and price),
//! inventorySetQuantities for its stock, productUpdate for copy changes and
//! productVariantsBulkUpdate for prices. The SKU is found with the `productVariants` query.

use reqwest::Method;
use serde_json::{Value, json};

use super::http::{Request, Session, pick};
use super::{Mark, Posted, Resume, Target};
use crate::error::{Error, Result};

pub const PRODUCT_SET: &str = "mutation productSet($input: ProductSetInput!, $synchronous: Boolean!) { productSet(input: $input, synchronous: $synchronous) { product { id variants(first: 1) { nodes { id inventoryItem { id } } } } userErrors { field message code } } }";
pub const PRODUCT_UPDATE: &str = "mutation productUpdate($product: ProductUpdateInput!) { productUpdate(product: $product) { product { id } userErrors { field message } } }";
pub const VARIANTS_BULK_UPDATE: &str = "mutation productVariantsBulkUpdate($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id price } userErrors { field message code } } }";
pub const INVENTORY_SET: &str = "mutation inventorySetQuantities($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) { inventoryAdjustmentGroup { id } userErrors { field message code } } }";
pub const FIND_SKU: &str = "query variantBySku($query: String!) { productVariants(first: 1, query: $query) { nodes { id sku product { id } inventoryItem { id } } } }";
pub const FIRST_LOCATION: &str = "query firstLocation { locations(first: 1) { nodes { id } } }";

fn endpoint(s: &Session) -> Result<String> {
    let base = match s
        .fields
        .get("base_url")
        .and_then(Value::as_str)
        .filter(|b| !b.is_empty())
    {
        Some(b) => b.trim_end_matches('/').to_string(),
        None => format!("https://{}", s.field("shop")?.trim_end_matches('/')),
    };
    Ok(format!(
        "{base}/admin/api/{}/graphql.json",
        s.field("api_version")?
    ))
}

/// One GraphQL call: top-level errors fail it (THROTTLED is waited out), as do `userErrors` of
/// the mutation `root`. `None` in a dry run.
async fn gql(
    s: &mut Session,
    op: &'static str,
    root: &str,
    query: &str,
    variables: Value,
) -> Result<Option<Value>> {
    let url = endpoint(s)?;
    for attempt in 0..5u32 {
        let req = Request::new(op, Method::POST, url.clone())
            .json(json!({"query": query, "variables": variables}));
        let Some(answer) = s.call(req).await? else {
            return Ok(None);
        };
        if let Some(errors) = answer
            .get("errors")
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            let throttled = errors.iter().any(|e| {
                e.pointer("/extensions/code").and_then(Value::as_str) == Some("THROTTLED")
            });
            if throttled && attempt < 4 {
                tokio::time::sleep(std::time::Duration::from_millis(500 << attempt)).await;
                continue;
            }
            let msgs: Vec<String> = errors
                .iter()
                .filter_map(|e| e.get("message").and_then(Value::as_str))
                .map(crate::output::sanitize::one_line)
                .collect();
            return Err(Error::api(format!("shopify {op}: {}", msgs.join("; "))));
        }
        let data = answer.get("data").cloned().unwrap_or(Value::Null);
        if let Some(errs) = data
            .get(root)
            .and_then(|r| r.get("userErrors"))
            .and_then(Value::as_array)
            .filter(|e| !e.is_empty())
        {
            let msgs: Vec<String> = errs
                .iter()
                .map(|e| {
                    let field = e
                        .get("field")
                        .and_then(Value::as_array)
                        .map(|f| {
                            f.iter()
                                .filter_map(Value::as_str)
                                .collect::<Vec<_>>()
                                .join(".")
                        })
                        .unwrap_or_default();
                    let m = e.get("message").and_then(Value::as_str).unwrap_or("");
                    crate::output::sanitize::one_line(&format!("{field}: {m}"))
                })
                .collect();
            return Err(Error::api(format!("shopify {op}: {}", msgs.join("; "))));
        }
        return Ok(Some(data));
    }
    Err(Error::api(format!(
        "shopify {op}: throttled after 5 attempts; try again later"
    )))
}

/// The variant of a SKU: (variant id, product id, inventory item id).
async fn find(s: &mut Session, sku: &str) -> Result<Option<(String, String, String)>> {
    let q = format!("sku:\"{}\"", sku.replace('\\', "\\\\").replace('"', "\\\""));
    let Some(data) = gql(
        s,
        "productVariants",
        "productVariants",
        FIND_SKU,
        json!({"query": q}),
    )
    .await?
    else {
        return Ok(None);
    };
    let node = data
        .pointer("/productVariants/nodes")
        .and_then(Value::as_array)
        .and_then(|n| {
            n.iter()
                .find(|v| v.get("sku").and_then(Value::as_str) == Some(sku))
                .cloned()
        });
    Ok(node.map(|v| {
        let get = |p: &str| {
            v.pointer(p)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string()
        };
        (get("/id"), get("/product/id"), get("/inventoryItem/id"))
    }))
}

fn description_html(t: &Target) -> String {
    let mut html: String = t
        .description
        .clone()
        .unwrap_or_default()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            format!(
                "<p>{}</p>",
                super::ebay::html_escape(p.trim()).replace('\n', "<br>")
            )
        })
        .collect();
    if let Some(b) = t.bullets.as_ref().filter(|b| !b.is_empty()) {
        html.push_str("<ul>");
        for x in b {
            html.push_str(&format!("<li>{}</li>", super::ebay::html_escape(x)));
        }
        html.push_str("</ul>");
    }
    html
}

/// The productSet input of a new product.
pub fn product_set_input(t: &Target) -> Value {
    let price = t.price.expect("checked by Target::from_draft");
    let status = match t.attr("status").as_deref() {
        Some("active") | Some("ACTIVE") => "ACTIVE",
        _ => "DRAFT",
    };
    let mut input = json!({
        "title": t.title.clone().unwrap_or_default(),
        "descriptionHtml": description_html(t),
        "tags": t.tags.clone().unwrap_or_default(),
        "status": status,
        "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
        "variants": [{
            "optionValues": [{"optionName": "Title", "name": "Default Title"}],
            "sku": t.sku,
            "price": price.decimal_string(),
            "inventoryItem": {"tracked": true},
        }],
    });
    for k in ["vendor", "productType"] {
        if let Some(v) = t.attr(k) {
            input[k] = json!(v);
        }
    }
    input
}

async fn set_quantity(s: &mut Session, t: &Target, inventory_item: &str) -> Result<()> {
    let Some(q) = t.quantity else {
        return Ok(());
    };
    let location = match t.attr("location_id") {
        Some(l) => l,
        None => match gql(s, "locations", "locations", FIRST_LOCATION, json!({})).await? {
            None => "{locationId}".to_string(),
            Some(d) => d
                .pointer("/locations/nodes/0/id")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::api("shopify locations: the shop has no location to hold stock")
                })?,
        },
    };
    let input = json!({
        "name": "available",
        "reason": "correction",
        "quantities": [{"inventoryItemId": inventory_item, "locationId": location, "quantity": q, "changeFromQuantity": null}],
    });
    gql(
        s,
        "inventorySetQuantities",
        "inventorySetQuantities",
        INVENTORY_SET,
        json!({"input": input}),
    )
    .await?;
    Ok(())
}

pub async fn publish(
    s: &mut Session,
    t: &Target,
    resume: &Resume,
    mark: &mut Mark<'_>,
) -> Result<Posted> {
    match t.kind.as_str() {
        "new_listing" => {
            let mut found = None;
            if resume.resumed {
                found = find(s, &t.sku).await?;
            }
            let reconciled = found.is_some();
            let (product, item) = match found {
                Some((_, p, i)) => (p, i),
                None => {
                    let answer = gql(
                        s,
                        "productSet",
                        "productSet",
                        PRODUCT_SET,
                        json!({"input": product_set_input(t), "synchronous": true}),
                    )
                    .await?;
                    let product = pick(&answer, "/productSet/product/id", "productId")?;
                    let item = pick(
                        &answer,
                        "/productSet/product/variants/nodes/0/inventoryItem/id",
                        "inventoryItemId",
                    )?;
                    if answer.is_some() {
                        mark(&product)?;
                    }
                    (product, item)
                }
            };
            set_quantity(s, t, &item).await?;
            Ok(Posted {
                remote_id: product,
                reconciled,
            })
        }
        _ => {
            let found = find(s, &t.sku).await?;
            if found.is_none() && !s.dry_run {
                return Err(Error::api(format!(
                    "shopify productVariants: no variant with SKU {}",
                    t.sku
                )));
            }
            let (variant, product, item) = found.unwrap_or_else(|| {
                (
                    "{variantId}".into(),
                    "{productId}".into(),
                    "{inventoryItemId}".into(),
                )
            });
            if t.title.is_some() || t.description.is_some() || t.tags.is_some() {
                let mut p = json!({"id": product});
                if let Some(x) = &t.title {
                    p["title"] = json!(x);
                }
                if t.description.is_some() {
                    p["descriptionHtml"] = json!(description_html(t));
                }
                if let Some(x) = &t.tags {
                    p["tags"] = json!(x);
                }
                gql(
                    s,
                    "productUpdate",
                    "productUpdate",
                    PRODUCT_UPDATE,
                    json!({"product": p}),
                )
                .await?;
            }
            if let Some(price) = t.price {
                gql(
                    s,
                    "productVariantsBulkUpdate",
                    "productVariantsBulkUpdate",
                    VARIANTS_BULK_UPDATE,
                    json!({"productId": product, "variants": [{"id": variant, "price": price.decimal_string()}]}),
                )
                .await?;
            }
            set_quantity(s, t, &item).await?;
            Ok(Posted {
                remote_id: product,
                reconciled: false,
            })
        }
    }
}

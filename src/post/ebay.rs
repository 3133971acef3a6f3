//! eBay Sell Inventory API: createOrReplaceInventoryItem, createOffer and publishOffer for a new
//! listing; getInventoryItem + createOrReplaceInventoryItem and getOffers + updateOffer for an
//! update; bulkUpdatePriceQuantity for price and quantity.

use reqwest::Method;
use serde_json::{Map, Value, json};

use super::http::{Lookup, Request, Session, pick};
use super::{Mark, Posted, Resume, Target};
use crate::error::{Error, Result};

/// Fields `updateOffer` (EbayOfferDetailsWithId) accepts from a `getOffer` answer.
const OFFER_UPDATE_FIELDS: &[&str] = &[
    "availableQuantity",
    "categoryId",
    "charity",
    "extendedProducerResponsibility",
    "hideBuyerDetails",
    "includeCatalogProductDetails",
    "listingDescription",
    "listingDuration",
    "listingPolicies",
    "listingStartDate",
    "lotSize",
    "merchantLocationKey",
    "pricingSummary",
    "quantityLimitPerBuyer",
    "regulatory",
    "secondaryCategoryId",
    "storeCategoryNames",
    "tax",
];

/// Fields of an inventory item a replace may send back (read-only ones dropped).
const ITEM_FIELDS: &[&str] = &[
    "availability",
    "condition",
    "conditionDescription",
    "conditionDescriptors",
    "packageWeightAndSize",
    "product",
];

fn inv(s: &Session) -> Result<String> {
    Ok(format!(
        "{}/sell/inventory/v1",
        s.field("base_url")?.trim_end_matches('/')
    ))
}

fn sku_path(sku: &str) -> String {
    url::form_urlencoded::byte_serialize(sku.as_bytes()).collect()
}

fn amount(m: crate::money::Money) -> Value {
    json!({"value": m.decimal_string(), "currency": m.currency.code()})
}

pub async fn publish(
    s: &mut Session,
    t: &Target,
    resume: &Resume,
    mark: &mut Mark<'_>,
) -> Result<Posted> {
    match t.kind.as_str() {
        "new_listing" => create(s, t, resume, mark).await,
        "listing_update" => update(s, t).await,
        _ => price_quantity(s, t).await,
    }
}

/// The inventory item body of a new listing.
pub fn item_body(t: &Target) -> Value {
    let mut product = json!({
        "title": t.title.clone().unwrap_or_default(),
        "description": t.description.clone().unwrap_or_default(),
    });
    if let Some(urls) = t.attributes.get("image_urls").filter(|v| v.is_array()) {
        product["imageUrls"] = urls.clone();
    }
    if let Some(a) = t.attributes.get("aspects").filter(|v| v.is_object()) {
        product["aspects"] = a.clone();
    }
    for k in ["brand", "mpn"] {
        if let Some(v) = t.attr(k) {
            product[k] = json!(v);
        }
    }
    json!({
        "availability": {"shipToLocationAvailability": {"quantity": t.quantity.unwrap_or(0)}},
        "condition": t.attr("condition").unwrap_or_default(),
        "product": product,
    })
}

/// The createOffer body of a new listing.
pub fn offer_body(t: &Target, marketplace_id: &str) -> Value {
    let price = t.price.expect("checked by Target::from_draft");
    let listing = match &t.bullets {
        Some(b) if !b.is_empty() => format!(
            "{}<ul>{}</ul>",
            t.description.clone().unwrap_or_default(),
            b.iter()
                .map(|x| format!("<li>{}</li>", html_escape(x)))
                .collect::<String>()
        ),
        _ => t.description.clone().unwrap_or_default(),
    };
    json!({
        "sku": t.sku,
        "marketplaceId": marketplace_id,
        "format": "FIXED_PRICE",
        "availableQuantity": t.quantity.unwrap_or(0),
        "categoryId": t.attr("category_id").unwrap_or_default(),
        "listingDescription": listing,
        "listingPolicies": {
            "fulfillmentPolicyId": t.attr("fulfillment_policy_id").unwrap_or_default(),
            "paymentPolicyId": t.attr("payment_policy_id").unwrap_or_default(),
            "returnPolicyId": t.attr("return_policy_id").unwrap_or_default(),
        },
        "merchantLocationKey": t.attr("merchant_location_key").unwrap_or_default(),
        "pricingSummary": {"price": amount(price)},
    })
}

pub fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The offer of the SKU on the marketplace (getOffers), if any.
async fn find_offer(
    s: &mut Session,
    base: &str,
    sku: &str,
    marketplace_id: &str,
) -> Result<Option<Value>> {
    let req = Request::new(
        "getOffers",
        Method::GET,
        format!(
            "{base}/offer?sku={}&marketplace_id={marketplace_id}",
            sku_path(sku)
        ),
    );
    Ok(match s.lookup(req).await? {
        Lookup::Found(v) => v
            .get("offers")
            .and_then(Value::as_array)
            .and_then(|a| a.first().cloned()),
        Lookup::Missing | Lookup::DryRun => None,
    })
}

async fn create(
    s: &mut Session,
    t: &Target,
    resume: &Resume,
    mark: &mut Mark<'_>,
) -> Result<Posted> {
    let base = inv(s)?;
    let mp = s.field("marketplace_id")?;
    // The inventory item is keyed by SKU: replacing it is idempotent.
    let req = Request::new(
        "createOrReplaceInventoryItem",
        Method::PUT,
        format!("{base}/inventory_item/{}", sku_path(&t.sku)),
    )
    .header("Content-Language", "en-US")
    .json(item_body(t));
    s.call(req).await?;
    let mut offer_id = resume
        .remote_id
        .as_deref()
        .and_then(|r| r.strip_prefix("offer:"))
        .map(str::to_string);
    let mut reconciled = false;
    if offer_id.is_none()
        && resume.resumed
        && let Some(o) = find_offer(s, &base, &t.sku, &mp).await?
    {
        reconciled = true;
        if o.get("status").and_then(Value::as_str) == Some("PUBLISHED")
            && let Some(l) = o.pointer("/listing/listingId").and_then(Value::as_str)
        {
            return Ok(Posted {
                remote_id: l.to_string(),
                reconciled,
            });
        }
        offer_id = o.get("offerId").and_then(Value::as_str).map(str::to_string);
    }
    let offer_id = match offer_id {
        Some(o) => o,
        None => {
            let req = Request::new("createOffer", Method::POST, format!("{base}/offer"))
                .header("Content-Language", "en-US")
                .json(offer_body(t, &mp));
            let answer = s.call(req).await?;
            let id = pick(&answer, "/offerId", "offerId")?;
            if answer.is_some() {
                mark(&format!("offer:{id}"))?;
            }
            id
        }
    };
    let req = Request::new(
        "publishOffer",
        Method::POST,
        format!("{base}/offer/{offer_id}/publish"),
    );
    let answer = s.call(req).await?;
    let listing = pick(&answer, "/listingId", "listingId")?;
    Ok(Posted {
        remote_id: listing,
        reconciled,
    })
}

async fn update(s: &mut Session, t: &Target) -> Result<Posted> {
    let base = inv(s)?;
    let mp = s.field("marketplace_id")?;
    let item_url = format!("{base}/inventory_item/{}", sku_path(&t.sku));
    if t.title.is_some() || t.description.is_some() {
        let current = match s
            .lookup(Request::new(
                "getInventoryItem",
                Method::GET,
                item_url.clone(),
            ))
            .await?
        {
            Lookup::Found(v) => v,
            Lookup::DryRun => json!({"product": {}}),
            Lookup::Missing => {
                return Err(Error::api(format!(
                    "ebay getInventoryItem: SKU {} is not an inventory item on eBay",
                    t.sku
                )));
            }
        };
        let mut item: Map<String, Value> = current
            .as_object()
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| ITEM_FIELDS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        let product = item.entry("product").or_insert_with(|| json!({}));
        if let Some(x) = &t.title {
            product["title"] = json!(x);
        }
        if let Some(x) = &t.description {
            product["description"] = json!(x);
        }
        if let Some(q) = t.quantity {
            item.insert(
                "availability".into(),
                json!({"shipToLocationAvailability": {"quantity": q}}),
            );
        }
        let req = Request::new("createOrReplaceInventoryItem", Method::PUT, item_url)
            .header("Content-Language", "en-US")
            .json(Value::Object(item));
        s.call(req).await?;
    }
    let offer = find_offer(s, &base, &t.sku, &mp).await?;
    let offer_id = offer
        .as_ref()
        .and_then(|o| o.get("offerId").and_then(Value::as_str))
        .map_or_else(|| "{offerId}".to_string(), str::to_string);
    if !s.dry_run && offer.is_none() {
        return Err(Error::api(format!(
            "ebay getOffers: no offer for SKU {} on {mp}",
            t.sku
        )));
    }
    if t.description.is_some() || t.price.is_some() {
        let mut body: Map<String, Value> = offer
            .as_ref()
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .filter(|(k, _)| OFFER_UPDATE_FIELDS.contains(&k.as_str()))
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(x) = &t.description {
            body.insert("listingDescription".into(), json!(x));
        }
        if let Some(p) = t.price {
            body.insert("pricingSummary".into(), json!({"price": amount(p)}));
        }
        if let Some(q) = t.quantity {
            body.insert("availableQuantity".into(), json!(q));
        }
        let req = Request::new(
            "updateOffer",
            Method::PUT,
            format!("{base}/offer/{offer_id}"),
        )
        .header("Content-Language", "en-US")
        .json(Value::Object(body));
        s.call(req).await?;
    }
    Ok(Posted {
        remote_id: offer
            .and_then(|o| {
                o.pointer("/listing/listingId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or(offer_id),
        reconciled: false,
    })
}

/// The bulkUpdatePriceQuantity body for one offer.
pub fn price_body(t: &Target, offer_id: &str) -> Value {
    let mut o = json!({"offerId": offer_id});
    if let Some(p) = t.price {
        o["price"] = amount(p);
    }
    if let Some(q) = t.quantity {
        o["availableQuantity"] = json!(q);
    }
    let mut r = json!({"sku": t.sku, "offers": [o]});
    if let Some(q) = t.quantity {
        r["shipToLocationAvailability"] = json!({"quantity": q});
    }
    json!({"requests": [r]})
}

async fn price_quantity(s: &mut Session, t: &Target) -> Result<Posted> {
    let base = inv(s)?;
    let mp = s.field("marketplace_id")?;
    let offer = find_offer(s, &base, &t.sku, &mp).await?;
    if !s.dry_run && offer.is_none() {
        return Err(Error::api(format!(
            "ebay getOffers: no offer for SKU {} on {mp}",
            t.sku
        )));
    }
    let offer_id = offer
        .as_ref()
        .and_then(|o| o.get("offerId").and_then(Value::as_str))
        .map_or_else(|| "{offerId}".to_string(), str::to_string);
    let req = Request::new(
        "bulkUpdatePriceQuantity",
        Method::POST,
        format!("{base}/bulk_update_price_quantity"),
    )
    .json(price_body(t, &offer_id));
    if let Some(answer) = s.call(req).await? {
        for r in answer
            .get("responses")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let code = r.get("statusCode").and_then(Value::as_i64).unwrap_or(0);
            if !(200..300).contains(&code) {
                let why = r
                    .get("errors")
                    .and_then(Value::as_array)
                    .and_then(|e| e.first())
                    .and_then(|e| e.get("message"))
                    .and_then(Value::as_str)
                    .unwrap_or("no message");
                return Err(Error::api(format!(
                    "ebay bulkUpdatePriceQuantity: SKU {} refused ({code}): {}",
                    t.sku,
                    crate::output::sanitize::one_line(why)
                )));
            }
        }
    }
    Ok(Posted {
        remote_id: offer
            .and_then(|o| {
                o.pointer("/listing/listingId")
                    .and_then(Value::as_str)
                    .map(str::to_string)
            })
            .unwrap_or(offer_id),
        reconciled: false,
    })
}

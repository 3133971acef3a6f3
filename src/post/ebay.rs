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

/// What a dry run puts where a real run merges in a field it read: the operation and field the
/// value comes from, so that the body shown is exactly the one sent, reads included.
fn read_placeholders(op: &str, fields: &[&str]) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| (f.to_string(), json!(format!("{{{op}.{f}}}"))))
            .collect(),
    )
}

/// The fields of `current` named in `keep`.
fn kept(current: &Value, keep: &[&str]) -> Map<String, Value> {
    current
        .as_object()
        .map(|o| {
            o.iter()
                .filter(|(k, _)| keep.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .unwrap_or_default()
}

/// The createOrReplaceInventoryItem body of an update: the item as read, with the draft's
/// title, description and quantity (a full replacement: every field not sent is cleared).
pub fn updated_item_body(current: &Value, t: &Target) -> Value {
    let mut item = kept(current, ITEM_FIELDS);
    let product = item.entry("product").or_insert_with(|| json!({}));
    if !product.is_object() {
        *product = json!({});
    }
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
    Value::Object(item)
}

/// The updateOffer body: the offer as read, with the draft's description, price and quantity
/// (a full replacement too).
pub fn updated_offer_body(offer: &Value, t: &Target) -> Value {
    let mut body = kept(offer, OFFER_UPDATE_FIELDS);
    if let Some(x) = &t.description {
        body.insert("listingDescription".into(), json!(x));
    }
    if let Some(p) = t.price {
        body.insert("pricingSummary".into(), json!({"price": amount(p)}));
    }
    if let Some(q) = t.quantity {
        body.insert("availableQuantity".into(), json!(q));
    }
    Value::Object(body)
}

/// A listing update. Every lookup (getInventoryItem, getOffers) comes first, so nothing is
/// written when one fails; when updateOffer fails after the inventory item was replaced, the
/// item is put back as it was read, and the error says whether that worked.
async fn update(s: &mut Session, t: &Target) -> Result<Posted> {
    let base = inv(s)?;
    let mp = s.field("marketplace_id")?;
    let item_url = format!("{base}/inventory_item/{}", sku_path(&t.sku));
    let writes_item = t.title.is_some() || t.description.is_some();
    let writes_offer = t.description.is_some() || t.price.is_some();
    // 1. Reads.
    let current = if writes_item {
        Some(
            match s
                .lookup(Request::new(
                    "getInventoryItem",
                    Method::GET,
                    item_url.clone(),
                ))
                .await?
            {
                Lookup::Found(v) => v,
                Lookup::DryRun => {
                    let mut v = read_placeholders("getInventoryItem", ITEM_FIELDS);
                    // The product is merged field by field: its other fields go back as read.
                    v["product"] = json!({"*": "{getInventoryItem.product.*}"});
                    v
                }
                Lookup::Missing => {
                    return Err(Error::api(format!(
                        "ebay getInventoryItem: SKU {} is not an inventory item on eBay; nothing was changed",
                        t.sku
                    )));
                }
            },
        )
    } else {
        None
    };
    let offer = find_offer(s, &base, &t.sku, &mp).await?;
    if !s.dry_run && offer.is_none() {
        return Err(Error::api(format!(
            "ebay getOffers: no offer for SKU {} on {mp}; nothing was changed",
            t.sku
        )));
    }
    let offer = offer.unwrap_or_else(|| {
        let mut o = read_placeholders("getOffers", OFFER_UPDATE_FIELDS);
        o["offerId"] = json!("{offerId}");
        o
    });
    let offer_id = offer
        .get("offerId")
        .and_then(Value::as_str)
        .unwrap_or("{offerId}")
        .to_string();
    // 2. Writes.
    let previous = current
        .as_ref()
        .map(|c| Value::Object(kept(c, ITEM_FIELDS)));
    if let Some(current) = &current {
        let req = Request::new(
            "createOrReplaceInventoryItem",
            Method::PUT,
            item_url.clone(),
        )
        .header("Content-Language", "en-US")
        .json(updated_item_body(current, t));
        s.call(req).await?;
    }
    if writes_offer {
        let req = Request::new(
            "updateOffer",
            Method::PUT,
            format!("{base}/offer/{offer_id}"),
        )
        .header("Content-Language", "en-US")
        .json(updated_offer_body(&offer, t));
        if let Err(e) = s.call(req).await {
            let Some(previous) = previous else {
                return Err(e);
            };
            let back = Request::new("createOrReplaceInventoryItem", Method::PUT, item_url)
                .header("Content-Language", "en-US")
                .json(previous);
            return Err(match s.call(back).await {
                Ok(_) => Error::api(format!(
                    "{e}; the inventory item of SKU {} was put back as it was",
                    t.sku
                )),
                Err(e2) => Error::api(format!(
                    "{e}; putting the inventory item of SKU {} back failed too ({e2}): check it on eBay",
                    t.sku
                )),
            });
        }
    }
    Ok(Posted {
        remote_id: offer
            .pointer("/listing/listingId")
            .and_then(Value::as_str)
            .map(str::to_string)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::marketplaces::api::{ApiClient, test_client_config};
    use crate::money::{Currency, Money};
    use crate::post::http::Auth;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn target() -> Target {
        Target {
            draft_id: 1,
            kind: "listing_update".into(),
            marketplace: "ebay".into(),
            sku: "MUG-1".into(),
            external_id: Some("110551234567".into()),
            title: Some("New title".into()),
            description: None,
            tags: None,
            bullets: None,
            price: Some(Money::new(2495, Currency::USD)),
            quantity: None,
            attributes: Map::new(),
        }
    }

    fn session(base: &str, dry_run: bool) -> Session {
        let mut fields = Map::new();
        fields.insert("base_url".into(), json!(base));
        fields.insert("marketplace_id".into(), json!("EBAY_US"));
        Session::new(
            "ebay",
            ApiClient::new("ebay", test_client_config()).unwrap(),
            Auth::None,
            fields,
            dry_run,
        )
    }

    fn current_item() -> Value {
        json!({
            "sku": "MUG-1", "locale": "en_US", "condition": "NEW",
            "availability": {"shipToLocationAvailability": {"quantity": 7}},
            "product": {"title": "Old title", "description": "Glazed.", "aspects": {"Color": ["Blue"]}}
        })
    }

    fn offer() -> Value {
        json!({"offers": [{
            "offerId": "9001", "sku": "MUG-1", "marketplaceId": "EBAY_US", "format": "FIXED_PRICE",
            "categoryId": "20625", "availableQuantity": 7, "status": "PUBLISHED",
            "listing": {"listingId": "110551234567"},
            "pricingSummary": {"price": {"value": "21.00", "currency": "USD"}}
        }]})
    }

    async fn puts(server: &MockServer) -> Vec<(String, Value)> {
        server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == "PUT")
            .map(|r| {
                (
                    r.url.path().to_string(),
                    serde_json::from_slice(&r.body).unwrap_or(Value::Null),
                )
            })
            .collect()
    }

    #[tokio::test]
    async fn a_failed_offer_lookup_writes_nothing() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/sell/inventory/v1/inventory_item/MUG-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(current_item()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/sell/inventory/v1/offer"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"offers": []})))
            .mount(&server)
            .await;
        let mut s = session(&server.uri(), false);
        let e = update(&mut s, &target()).await.unwrap_err();
        assert!(
            e.to_string().contains("no offer for SKU MUG-1")
                && e.to_string().contains("nothing was changed"),
            "{e}"
        );
        assert!(puts(&server).await.is_empty());
    }

    #[tokio::test]
    async fn a_failed_offer_update_puts_the_inventory_item_back() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/sell/inventory/v1/inventory_item/MUG-1"))
            .respond_with(ResponseTemplate::new(200).set_body_json(current_item()))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/sell/inventory/v1/offer"))
            .respond_with(ResponseTemplate::new(200).set_body_json(offer()))
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path("/sell/inventory/v1/inventory_item/MUG-1"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        Mock::given(method("PUT"))
            .and(path("/sell/inventory/v1/offer/9001"))
            .respond_with(
                ResponseTemplate::new(400).set_body_json(
                    json!({"errors": [{"errorId": 25002, "message": "bad category"}]}),
                ),
            )
            .mount(&server)
            .await;
        let mut s = session(&server.uri(), false);
        let e = update(&mut s, &target()).await.unwrap_err();
        assert!(
            e.to_string().contains("updateOffer") && e.to_string().contains("put back"),
            "{e}"
        );
        let puts = puts(&server).await;
        assert_eq!(puts.len(), 3, "{puts:?}");
        assert_eq!(puts[0].1["product"]["title"], "New title");
        assert_eq!(puts[1].0, "/sell/inventory/v1/offer/9001");
        // The item goes back as it was read (read-only fields left out, as on every replace).
        assert_eq!(puts[2].0, "/sell/inventory/v1/inventory_item/MUG-1");
        assert_eq!(puts[2].1["product"]["title"], "Old title");
        assert_eq!(puts[2].1["condition"], "NEW");
        assert!(puts[2].1.get("sku").is_none());
    }

    #[tokio::test]
    async fn a_dry_run_shows_the_whole_replacement_bodies_with_the_reads_merged_in() {
        let mut s = session("https://api.ebay.com", true);
        let posted = update(&mut s, &target()).await.unwrap();
        assert_eq!(posted.remote_id, "{offerId}");
        let ops: Vec<&str> = s
            .recorded
            .iter()
            .map(|r| r["operation"].as_str().unwrap())
            .collect();
        // Reads first, then the writes.
        assert_eq!(
            ops,
            [
                "getInventoryItem",
                "getOffers",
                "createOrReplaceInventoryItem",
                "updateOffer"
            ]
        );
        let item = &s.recorded[2]["body"];
        assert_eq!(item["condition"], "{getInventoryItem.condition}");
        assert_eq!(item["availability"], "{getInventoryItem.availability}");
        assert_eq!(item["product"]["title"], "New title");
        assert_eq!(item["product"]["*"], "{getInventoryItem.product.*}");
        let offer = &s.recorded[3]["body"];
        assert_eq!(offer["categoryId"], "{getOffers.categoryId}");
        assert_eq!(offer["listingPolicies"], "{getOffers.listingPolicies}");
        assert_eq!(
            offer["pricingSummary"],
            json!({"price": {"value": "24.95", "currency": "USD"}})
        );
        assert!(
            s.recorded[3]["url"]
                .as_str()
                .unwrap()
                .ends_with("/offer/{offerId}")
        );
    }
}

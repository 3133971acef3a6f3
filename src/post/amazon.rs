//! Amazon SP-API Listings Items 2021-08-01: putListingsItem for a new listing, patchListingsItem
//! for copy, price (purchasable_offer) and quantity (fulfillment_availability). Every submission
//! is first sent with `mode=VALIDATION_PREVIEW`; any ERROR issue stops it before the real call.

use reqwest::Method;
use serde_json::{Value, json};

use super::http::{Lookup, Request, Session, decimal_number};
use super::{Mark, Posted, Resume, Target};
use crate::error::{Error, Result};

fn item_url(s: &Session, sku: &str) -> Result<String> {
    let sku: String = url::form_urlencoded::byte_serialize(sku.as_bytes()).collect();
    Ok(format!(
        "{}/listings/2021-08-01/items/{}/{sku}?marketplaceIds={}",
        s.field("endpoint")?.trim_end_matches('/'),
        s.field("seller_id")?,
        s.field("marketplace_id")?
    ))
}

fn text(t: &Target, mp: &str, value: &str) -> Value {
    json!({"value": value, "language_tag": t.attr("language_tag").unwrap_or_else(|| "en_US".into()), "marketplace_id": mp})
}

/// The attributes a draft sets, in the Listings Items attribute shape.
pub fn attributes(t: &Target, mp: &str) -> serde_json::Map<String, Value> {
    let mut a = serde_json::Map::new();
    if let Some(x) = &t.title {
        a.insert("item_name".into(), json!([text(t, mp, x)]));
    }
    if let Some(x) = &t.description {
        a.insert("product_description".into(), json!([text(t, mp, x)]));
    }
    if let Some(b) = t.bullets.as_ref().filter(|b| !b.is_empty()) {
        a.insert(
            "bullet_point".into(),
            Value::Array(b.iter().map(|x| text(t, mp, x)).collect()),
        );
    }
    if let Some(tags) = t.tags.as_ref().filter(|x| !x.is_empty()) {
        a.insert(
            "generic_keyword".into(),
            json!([text(t, mp, &tags.join(" "))]),
        );
    }
    if let Some(p) = t.price {
        a.insert(
            "purchasable_offer".into(),
            json!([{"marketplace_id": mp, "currency": p.currency.code(), "our_price": [{"schedule": [{"value_with_tax": decimal_number(p)}]}]}]),
        );
    }
    if let Some(q) = t.quantity {
        a.insert(
            "fulfillment_availability".into(),
            json!([{"fulfillment_channel_code": t.attr("fulfillment_channel_code").unwrap_or_else(|| "DEFAULT".into()), "quantity": q}]),
        );
    }
    a
}

/// The putListingsItem body of a new listing.
pub fn put_body(t: &Target, mp: &str) -> Value {
    let mut a = attributes(t, mp);
    if let Some(c) = t.attr("condition_type") {
        a.insert(
            "condition_type".into(),
            json!([{"value": c, "marketplace_id": mp}]),
        );
    }
    // Product-type attributes given in the draft (brand, item_type_keyword, ...) as Amazon shapes them.
    if let Some(extra) = t.attributes.get("attributes").and_then(Value::as_object) {
        for (k, v) in extra {
            a.insert(k.clone(), v.clone());
        }
    }
    json!({
        "productType": t.attr("product_type").unwrap_or_default(),
        "requirements": "LISTING",
        "attributes": a,
    })
}

/// The patchListingsItem body: a `replace` per attribute the draft sets.
pub fn patch_body(t: &Target, mp: &str, product_type: &str) -> Value {
    let patches: Vec<Value> = attributes(t, mp)
        .into_iter()
        .map(|(k, v)| json!({"op": "replace", "path": format!("/attributes/{k}"), "value": v}))
        .collect();
    json!({"productType": product_type, "patches": patches})
}

/// Fails on an INVALID submission or any ERROR issue, naming them.
fn check(op: &str, answer: &Option<Value>) -> Result<()> {
    let Some(a) = answer else {
        return Ok(());
    };
    let status = a.get("status").and_then(Value::as_str).unwrap_or("");
    let errors: Vec<String> = a
        .get("issues")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|i| i.get("severity").and_then(Value::as_str) == Some("ERROR"))
        .map(|i| {
            crate::output::sanitize::one_line(&format!(
                "{} {}",
                i.get("code").and_then(Value::as_str).unwrap_or(""),
                i.get("message").and_then(Value::as_str).unwrap_or("")
            ))
        })
        .collect();
    if status == "INVALID" || !errors.is_empty() {
        return Err(Error::api(format!(
            "amazon {op}: the submission is {}: {}",
            if status.is_empty() { "refused" } else { status },
            if errors.is_empty() {
                "no issue given".to_string()
            } else {
                errors.join("; ")
            }
        )));
    }
    Ok(())
}

/// Sends a submission as a validation preview, then for real.
async fn submit(
    s: &mut Session,
    op: &'static str,
    method: Method,
    url: &str,
    body: Value,
) -> Result<Option<Value>> {
    let preview = Request::new(op, method.clone(), format!("{url}&mode=VALIDATION_PREVIEW"))
        .json(body.clone());
    let answer = s.call(preview).await?;
    check(&format!("{op} (validation preview)"), &answer)?;
    let answer = s
        .call(Request::new(op, method, url.to_string()).json(body))
        .await?;
    check(op, &answer)?;
    Ok(answer)
}

pub async fn publish(
    s: &mut Session,
    t: &Target,
    resume: &Resume,
    mark: &mut Mark<'_>,
) -> Result<Posted> {
    let mp = s.field("marketplace_id")?;
    let url = item_url(s, &t.sku)?;
    if t.kind == "new_listing" {
        if resume.resumed
            && let Lookup::Found(_) = s
                .lookup(Request::new("getListingsItem", Method::GET, url.clone()))
                .await?
        {
            return Ok(Posted {
                remote_id: t.sku.clone(),
                reconciled: true,
            });
        }
        let answer = submit(s, "putListingsItem", Method::PUT, &url, put_body(t, &mp)).await?;
        if let Some(id) = answer
            .as_ref()
            .and_then(|a| a.get("submissionId"))
            .and_then(Value::as_str)
        {
            mark(&format!("submission:{id}"))?;
        }
        return Ok(Posted {
            remote_id: t.sku.clone(),
            reconciled: false,
        });
    }
    let product_type = match t.attr("product_type") {
        Some(p) => p,
        None => match s
            .lookup(Request::new(
                "getListingsItem",
                Method::GET,
                format!("{url}&includedData=summaries"),
            ))
            .await?
        {
            Lookup::DryRun => "{productType}".to_string(),
            Lookup::Missing => {
                return Err(Error::api(format!(
                    "amazon getListingsItem: SKU {} is not listed",
                    t.sku
                )));
            }
            Lookup::Found(v) => v
                .pointer("/summaries/0/productType")
                .and_then(Value::as_str)
                .map(str::to_string)
                .ok_or_else(|| {
                    Error::api(format!(
                        "amazon getListingsItem: no product type for SKU {}",
                        t.sku
                    ))
                })?,
        },
    };
    submit(
        s,
        "patchListingsItem",
        Method::PATCH,
        &url,
        patch_body(t, &mp, &product_type),
    )
    .await?;
    Ok(Posted {
        remote_id: t.sku.clone(),
        reconciled: false,
    })
}

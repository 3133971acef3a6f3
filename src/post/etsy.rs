//! Etsy Open API v3: createDraftListing, updateListing (PATCH), getListingInventory and
//! updateListingInventory (price, quantity, SKU). A new listing stays a draft unless the draft's
//! `attributes.state` is `active`; no images are uploaded (Etsy needs one to activate).

use reqwest::Method;
use serde_json::{Value, json};

use super::http::{Request, Session, decimal_number, pick};
use super::{Mark, Posted, Resume, Target};
use crate::error::{Error, Result};

/// Optional createDraftListing fields passed through from `attributes`.
const CREATE_FIELDS: &[&str] = &[
    "shipping_profile_id",
    "return_policy_id",
    "materials",
    "shop_section_id",
    "processing_min",
    "processing_max",
    "readiness_state_id",
    "styles",
    "item_weight",
    "item_length",
    "item_width",
    "item_height",
    "item_weight_unit",
    "item_dimensions_unit",
    "is_supply",
    "is_taxable",
    "should_auto_renew",
    "type",
];

fn base(s: &Session) -> Result<String> {
    Ok(s.field("base_url")?.trim_end_matches('/').to_string())
}

/// Form text of an attribute: arrays comma-separated, as Etsy documents for form bodies.
fn form_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(a) => a
            .iter()
            .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_string))
            .collect::<Vec<_>>()
            .join(","),
        other => other.to_string(),
    }
}

/// Finds the shop id through getMe (as `sync etsy` does) when the credentials carry none, so
/// that the draft's shop can be checked against the signed-in account before anything is sent.
/// A dry run leaves it as a placeholder.
pub async fn ensure_shop_id(s: &mut Session) -> Result<()> {
    let known = matches!(s.fields.get("shop_id"), Some(Value::String(x)) if !x.trim().is_empty())
        || matches!(s.fields.get("shop_id"), Some(Value::Number(_)));
    if known || s.dry_run {
        return Ok(());
    }
    let url = format!("{}/v3/application/users/me", base(s)?);
    let me = s.call(Request::new("getMe", Method::GET, url)).await?;
    let id = match me.as_ref().and_then(|v| v.get("shop_id")) {
        Some(Value::Number(n)) => n.to_string(),
        _ => {
            return Err(Error::config(
                "etsy: the signed-in Etsy user has no shop; sign in with the shop owner's account (`sellkit auth login etsy`)",
            ));
        }
    };
    s.fields.insert("shop_id".into(), Value::String(id));
    Ok(())
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
        _ => {
            let id = t.listing_id()?.to_string();
            set_inventory(s, t, &id, true).await?;
            Ok(Posted {
                remote_id: id,
                reconciled: false,
            })
        }
    }
}

async fn create(
    s: &mut Session,
    t: &Target,
    resume: &Resume,
    mark: &mut Mark<'_>,
) -> Result<Posted> {
    let shop = s.field("shop_id")?;
    let base = base(s)?;
    let mut listing = resume
        .remote_id
        .as_deref()
        .and_then(|r| r.strip_prefix("listing:"))
        .map(str::to_string);
    let mut reconciled = false;
    if listing.is_none() && resume.resumed {
        listing = find(s, t, &base, &shop).await?;
        reconciled = listing.is_some();
        if let Some(id) = &listing {
            mark(&format!("listing:{id}"))?;
        }
    }
    let id = match listing {
        Some(id) => id,
        None => {
            let price = t.price.expect("checked by Target::from_draft");
            let mut form = vec![
                ("quantity".to_string(), t.quantity.unwrap_or(0).to_string()),
                ("title".to_string(), t.title.clone().unwrap_or_default()),
                (
                    "description".to_string(),
                    t.description.clone().unwrap_or_default(),
                ),
                ("price".to_string(), price.decimal_string()),
            ];
            for key in ["who_made", "when_made", "taxonomy_id"] {
                form.push((key.to_string(), t.attr(key).unwrap_or_default()));
            }
            if let Some(tags) = t.tags.as_ref().filter(|x| !x.is_empty()) {
                form.push(("tags".into(), tags.join(",")));
            }
            for key in CREATE_FIELDS {
                if let Some(v) = t.attributes.get(*key).filter(|v| !v.is_null()) {
                    form.push(((*key).to_string(), form_text(v)));
                }
            }
            let req = Request::new(
                "createDraftListing",
                Method::POST,
                format!("{base}/v3/application/shops/{shop}/listings"),
            )
            .form(form);
            let answer = s.call(req).await?;
            let id = pick(&answer, "/listing_id", "listing_id")?;
            if answer.is_some() {
                mark(&format!("listing:{id}"))?;
            }
            id
        }
    };
    set_inventory(s, t, &id, false).await?;
    if t.attr("state").as_deref() == Some("active") {
        let req = Request::new(
            "updateListing",
            Method::PATCH,
            format!("{base}/v3/application/shops/{shop}/listings/{id}"),
        )
        .form(vec![("state".into(), "active".into())]);
        s.call(req).await?;
    }
    Ok(Posted {
        remote_id: id,
        reconciled,
    })
}

/// A listing of the shop carrying the SKU, or (before its inventory was set) a draft listing
/// with the same title: what a crashed create left behind.
async fn find(s: &mut Session, t: &Target, base: &str, shop: &str) -> Result<Option<String>> {
    for state in ["draft", "active", "inactive"] {
        let mut offset = 0;
        loop {
            let req = Request::new(
                "getListingsByShop",
                Method::GET,
                format!(
                    "{base}/v3/application/shops/{shop}/listings?state={state}&limit=100&offset={offset}"
                ),
            );
            let Some(answer) = s.call(req).await? else {
                return Ok(None);
            };
            let results = answer
                .get("results")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            for l in &results {
                let has_sku = l
                    .get("skus")
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|x| x.as_str() == Some(t.sku.as_str())));
                let same_draft = state == "draft"
                    && l.get("title").and_then(Value::as_str) == t.title.as_deref();
                if (has_sku || same_draft)
                    && let Some(id) = l.get("listing_id")
                {
                    return Ok(Some(
                        id.as_i64()
                            .map_or_else(|| id.to_string(), |n| n.to_string()),
                    ));
                }
            }
            if results.len() < 100 || offset >= 10_000 {
                break;
            }
            offset += 100;
        }
    }
    Ok(None)
}

async fn update(s: &mut Session, t: &Target) -> Result<Posted> {
    let shop = s.field("shop_id")?;
    let base = base(s)?;
    let id = t.listing_id()?.to_string();
    let mut form = Vec::new();
    if let Some(x) = &t.title {
        form.push(("title".to_string(), x.clone()));
    }
    if let Some(x) = &t.description {
        form.push(("description".to_string(), x.clone()));
    }
    if let Some(x) = &t.tags {
        form.push(("tags".to_string(), x.join(",")));
    }
    if !form.is_empty() {
        let req = Request::new(
            "updateListing",
            Method::PATCH,
            format!("{base}/v3/application/shops/{shop}/listings/{id}"),
        )
        .form(form);
        s.call(req).await?;
    }
    if t.price.is_some() || t.quantity.is_some() {
        set_inventory(s, t, &id, true).await?;
    }
    Ok(Posted {
        remote_id: id,
        reconciled: false,
    })
}

/// updateListingInventory. For an existing listing the current inventory is read first and only
/// price and quantity change (variations, SKUs and readiness states are kept); a new listing
/// gets one product with the draft's SKU.
async fn set_inventory(s: &mut Session, t: &Target, id: &str, existing: bool) -> Result<()> {
    let base = base(s)?;
    let price = t.price.map(decimal_number);
    let body = if existing {
        let req = Request::new(
            "getListingInventory",
            Method::GET,
            format!("{base}/v3/application/listings/{id}/inventory"),
        );
        match s.call(req).await? {
            Some(current) => inventory_update(&current, price.as_ref(), t.quantity)?,
            // Dry run: the request a one-product listing would get.
            None => single_product(t, price.clone()),
        }
    } else {
        single_product(t, price.clone())
    };
    let req = Request::new(
        "updateListingInventory",
        Method::PUT,
        format!("{base}/v3/application/listings/{id}/inventory"),
    )
    .json(body);
    s.call(req).await?;
    Ok(())
}

fn single_product(t: &Target, price: Option<Value>) -> Value {
    let readiness = t
        .attributes
        .get("readiness_state_id")
        .cloned()
        .unwrap_or(Value::Null);
    let mut offering = json!({
        "price": price.unwrap_or(Value::Null),
        "quantity": t.quantity.unwrap_or(1),
        "is_enabled": true,
    });
    if !readiness.is_null() {
        offering["readiness_state_id"] = readiness;
    } else {
        // Only a dry run of a change to an existing listing gets here: the real run copies the
        // readiness state of each offering from getListingInventory.
        offering["readiness_state_id"] = json!("{readiness_state_id}");
    }
    json!({"products": [{"sku": t.sku, "property_values": [], "offerings": [offering]}]})
}

/// The getListingInventory answer turned into an updateListingInventory body with new prices.
pub fn inventory_update(
    current: &Value,
    price: Option<&Value>,
    quantity: Option<i64>,
) -> Result<Value> {
    let products = current
        .get("products")
        .and_then(Value::as_array)
        .ok_or_else(|| Error::api("etsy getListingInventory: the answer has no products"))?;
    let mut out = Vec::new();
    for p in products {
        if p.get("is_deleted").and_then(Value::as_bool) == Some(true) {
            continue;
        }
        let values: Vec<Value> = p
            .get("property_values")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|v| {
                        let mut o = json!({
                            "property_id": v.get("property_id"),
                            "value_ids": v.get("value_ids"),
                            "values": v.get("values"),
                        });
                        if let Some(sc) = v.get("scale_id").filter(|x| !x.is_null()) {
                            o["scale_id"] = sc.clone();
                        }
                        if let Some(n) = v.get("property_name").filter(|x| !x.is_null()) {
                            o["property_name"] = n.clone();
                        }
                        o
                    })
                    .collect()
            })
            .unwrap_or_default();
        let offerings: Vec<Value> = p
            .get("offerings")
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter(|o| o.get("is_deleted").and_then(Value::as_bool) != Some(true))
                    .map(|o| {
                        let old_price = o
                            .get("price")
                            .and_then(|m| {
                                let amount = m.get("amount")?.as_i64()?;
                                let divisor = m.get("divisor")?.as_i64()?.max(1);
                                let digits = divisor.to_string().len() - 1;
                                serde_json::from_str::<Value>(&format!(
                                    "{}.{:0width$}",
                                    amount / divisor,
                                    amount % divisor,
                                    width = digits
                                ))
                                .ok()
                            })
                            .unwrap_or(Value::Null);
                        let mut n = json!({
                            "price": price.cloned().unwrap_or(old_price),
                            "quantity": quantity.map_or_else(|| o.get("quantity").cloned().unwrap_or(json!(0)), |q| json!(q)),
                            "is_enabled": o.get("is_enabled").cloned().unwrap_or(json!(true)),
                        });
                        if let Some(r) = o.get("readiness_state_id").filter(|x| !x.is_null()) {
                            n["readiness_state_id"] = r.clone();
                        }
                        n
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(json!({"sku": p.get("sku").cloned().unwrap_or(json!("")), "property_values": values, "offerings": offerings}));
    }
    let mut body = json!({"products": out});
    for k in [
        "price_on_property",
        "quantity_on_property",
        "sku_on_property",
        "readiness_state_on_property",
    ] {
        if let Some(v) = current.get(k).filter(|v| !v.is_null()) {
            body[k] = v.clone();
        }
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inventory_keeps_variations_and_changes_prices() {
        let current = json!({"products": [
            {"product_id": 1, "sku": "A-S", "is_deleted": false,
             "property_values": [{"property_id": 100, "property_name": "Size", "scale_id": null, "scale_name": null, "value_ids": [5], "values": ["S"]}],
             "offerings": [{"offering_id": 9, "quantity": 3, "is_enabled": true, "is_deleted": false, "readiness_state_id": 77,
                            "price": {"amount": 2200, "divisor": 100, "currency_code": "USD"}}]},
            {"product_id": 2, "sku": "gone", "is_deleted": true, "property_values": [], "offerings": []}],
            "price_on_property": [], "quantity_on_property": [100], "sku_on_property": [100]});
        let body = inventory_update(&current, Some(&json!(24.95)), None).unwrap();
        assert_eq!(body["products"].as_array().unwrap().len(), 1);
        let o = &body["products"][0]["offerings"][0];
        assert_eq!(
            (
                o["price"].clone(),
                o["quantity"].clone(),
                o["readiness_state_id"].clone()
            ),
            (json!(24.95), json!(3), json!(77))
        );
        assert_eq!(
            body["products"][0]["property_values"][0]["value_ids"],
            json!([5])
        );
        assert!(
            body["products"][0]["property_values"][0]
                .get("scale_id")
                .is_none()
        );
        let same = inventory_update(&current, None, Some(8)).unwrap();
        assert_eq!(same["products"][0]["offerings"][0]["price"], json!(22.0));
        assert_eq!(same["products"][0]["offerings"][0]["quantity"], json!(8));
    }
}

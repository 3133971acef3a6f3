//! Editing a draft: its editable fields as a TOML document for `$EDITOR`, and reading the
//! edited document back with the agents' validators (marketplace title, tag and text limits,
//! prices inside the floor and ceiling the draft carries).

use serde_json::{Map, Value, json};

use super::{DraftRow, money_of, price_key, proposed};
use crate::agents::validate;
use crate::drafts::DraftKind;
use crate::error::{Error, Result};
use crate::money::{Currency, Money};

/// The fields a person may edit for a kind of draft.
pub fn editable_fields(kind: DraftKind) -> &'static [&'static str] {
    match kind {
        DraftKind::PriceChange => &["price"],
        DraftKind::NewListing => &[
            "title",
            "description",
            "tags",
            "bullets",
            "price",
            "quantity",
            "attributes",
        ],
        _ => &[
            "title",
            "description",
            "tags",
            "bullets",
            "price",
            "quantity",
        ],
    }
}

fn toml_of(v: &Value) -> Option<toml::Value> {
    Some(match v {
        Value::Null => return None,
        Value::Bool(b) => toml::Value::Boolean(*b),
        Value::Number(n) => match n.as_i64() {
            Some(i) => toml::Value::Integer(i),
            None => toml::Value::Float(n.as_f64()?),
        },
        Value::String(s) => toml::Value::String(s.clone()),
        Value::Array(a) => toml::Value::Array(a.iter().filter_map(toml_of).collect()),
        Value::Object(m) => toml::Value::Table(
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), toml_of(v)?)))
                .collect(),
        ),
    })
}

fn json_of(v: &toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s.clone()),
        toml::Value::Integer(i) => json!(i),
        toml::Value::Float(f) => json!(f),
        toml::Value::Boolean(b) => json!(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.iter().map(json_of).collect()),
        toml::Value::Table(t) => {
            Value::Object(t.iter().map(|(k, v)| (k.clone(), json_of(v))).collect())
        }
    }
}

/// The currency of a draft's prices: its price, else its old price, else USD.
fn currency_of(d: &DraftRow) -> Currency {
    proposed(d)
        .price
        .or_else(|| d.payload.get("old_price").and_then(money_of))
        .map_or(Currency::USD, |m| m.currency)
}

/// The TOML document the editor opens.
pub fn document(d: &DraftRow) -> String {
    document_with(d, &[])
}

/// The TOML document the editor opens, with extra comment lines at the top (the review screen
/// adds the current price and the margin at the floor, the ceiling and the current price).
pub fn document_with(d: &DraftRow, context: &[String]) -> String {
    let limits = validate::limits(&d.marketplace);
    let currency = currency_of(d);
    let mut out = String::new();
    out.push_str(&format!(
        "# sellkit review: draft {} ({} on {}, SKU {})\n",
        d.id,
        d.kind,
        crate::output::sanitize::one_line(&d.marketplace),
        crate::output::sanitize::one_line(d.sku.as_deref().unwrap_or("-"))
    ));
    out.push_str(
        "# Change the values, save and close the editor. Lines starting with # are ignored.\n",
    );
    for line in context {
        out.push_str(&format!("# {}\n", crate::output::sanitize::one_line(line)));
    }
    if d.kind != DraftKind::PriceChange {
        out.push_str(&format!(
            "# Checked on save: title <= {} characters, at most {} tags of <= {} characters each.\n",
            limits.title_max, limits.tags_max, limits.tag_max_chars
        ));
    }
    let p = proposed(d);
    if p.floor.is_some() || p.ceiling.is_some() {
        out.push_str(&format!(
            "# The price must stay from {} to {} (floor to ceiling); outside it the edit is refused.\n",
            p.floor.map_or_else(|| "no floor".into(), |f| f.decimal_string()),
            p.ceiling.map_or_else(|| "no ceiling".into(), |c| c.decimal_string())
        ));
    }
    let mut table = toml::Table::new();
    let mut attributes = None;
    for field in editable_fields(d.kind) {
        let value = match *field {
            "price" => p.price.map(|m| toml::Value::String(m.decimal_string())),
            "attributes" => {
                attributes = Some(
                    d.payload
                        .get("attributes")
                        .and_then(toml_of)
                        .unwrap_or(toml::Value::Table(toml::Table::new())),
                );
                None
            }
            f => d.payload.get(f).and_then(toml_of),
        };
        match value {
            Some(v) => {
                table.insert((*field).to_string(), v);
            }
            None if *field == "price" || *field == "quantity" => {
                out.push_str(&format!(
                    "# {field} = {}   (not set)\n",
                    if *field == "price" { "\"0.00\"" } else { "0" }
                ));
            }
            None => {}
        }
    }
    if table.contains_key("price") || d.kind != DraftKind::PriceChange {
        out.push_str(&format!("# price is in {currency}, as text: \"24.95\"\n"));
    }
    out.push_str(&toml::to_string(&table).unwrap_or_default());
    if let Some(a) = attributes {
        let mut t = toml::Table::new();
        t.insert("attributes".into(), a);
        out.push_str(&format!(
            "\n# Marketplace fields for a new listing ({}).\n",
            required_attributes(&d.marketplace).join(", ")
        ));
        out.push_str(&toml::to_string(&t).unwrap_or_default());
        if !out.contains("[attributes]") {
            out.push_str("[attributes]\n");
        }
        let have = d.payload.get("attributes");
        for key in required_attributes(&d.marketplace) {
            if have.and_then(|a| a.get(*key)).is_none() {
                out.push_str(&format!("# {key} = \"\"   (needed)\n"));
            }
        }
    }
    out
}

/// Marketplace fields a new listing needs before it can be posted.
pub fn required_attributes(marketplace: &str) -> &'static [&'static str] {
    match marketplace {
        "etsy" => &["who_made", "when_made", "taxonomy_id", "readiness_state_id"],
        "ebay" => &[
            "condition",
            "category_id",
            "fulfillment_policy_id",
            "payment_policy_id",
            "return_policy_id",
            "merchant_location_key",
        ],
        "amazon" => &["product_type", "condition_type"],
        _ => &[],
    }
}

fn field_err(id: i64, field: &str, what: impl std::fmt::Display) -> Error {
    Error::input(format!("edited draft {id}: field `{field}`: {what}"))
}

fn string_list(id: i64, field: &str, v: &toml::Value) -> Result<Vec<String>> {
    let arr = v
        .as_array()
        .ok_or_else(|| field_err(id, field, "expected a list of text, e.g. [\"a\", \"b\"]"))?;
    arr.iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .ok_or_else(|| field_err(id, field, "every item must be text in quotes"))
        })
        .collect()
}

/// Reads an edited document: the new payload, or every problem found (one line each).
pub fn apply(d: &DraftRow, text: &str) -> Result<std::result::Result<Value, Vec<String>>> {
    let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
        let msg = e.to_string();
        Error::input(format!(
            "edited draft {}: {}",
            d.id,
            msg.lines().next().unwrap_or("not valid TOML").trim()
        ))
    })?;
    let allowed = editable_fields(d.kind);
    for k in table.keys() {
        if !allowed.contains(&k.as_str()) {
            return Err(field_err(
                d.id,
                k,
                format!("not an editable field (editable: {})", allowed.join(", ")),
            ));
        }
    }
    let currency = currency_of(d);
    let mut payload: Map<String, Value> = d.payload.as_object().cloned().unwrap_or_default();
    let mut problems = Vec::new();
    for field in allowed {
        let Some(v) = table.get(*field) else {
            let required = (d.kind == DraftKind::PriceChange && *field == "price")
                || (d.kind == DraftKind::NewListing && *field == "title");
            if required {
                problems.push(format!("{field} is required"));
            }
            let key = if *field == "price" {
                price_key(d.kind)
            } else {
                field
            };
            payload.remove(key);
            continue;
        };
        match *field {
            "title" | "description" => {
                let s = v
                    .as_str()
                    .ok_or_else(|| field_err(d.id, field, "expected text in quotes"))?;
                payload.insert((*field).into(), Value::String(s.to_string()));
            }
            "tags" | "bullets" => {
                let list = string_list(d.id, field, v)?;
                payload.insert((*field).into(), json!(list));
            }
            "price" => {
                let text = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Integer(i) => i.to_string(),
                    toml::Value::Float(f) => f.to_string(),
                    _ => {
                        return Err(field_err(
                            d.id,
                            field,
                            "expected an amount such as \"24.95\"",
                        ));
                    }
                };
                let m =
                    Money::parse_decimal(&text, currency).map_err(|e| field_err(d.id, field, e))?;
                if m.amount_minor <= 0 {
                    problems.push(format!("price {} must be above zero", m.decimal_string()));
                }
                payload.insert(price_key(d.kind).into(), json!(m));
            }
            "quantity" => {
                let q = v
                    .as_integer()
                    .ok_or_else(|| field_err(d.id, field, "expected a whole number"))?;
                if q < 0 {
                    problems.push(format!("quantity {q} is negative"));
                }
                payload.insert("quantity".into(), json!(q));
            }
            "attributes" => {
                if !v.is_table() {
                    return Err(field_err(d.id, field, "expected a [attributes] table"));
                }
                payload.insert("attributes".into(), json_of(v));
            }
            _ => {}
        }
    }
    let new = Value::Object(payload);
    let edited = DraftRow {
        payload: new.clone(),
        ..d.clone()
    };
    problems.extend(problems_of(&edited));
    if problems.is_empty() {
        Ok(Ok(new))
    } else {
        Ok(Err(problems))
    }
}

/// The agents' checks on a draft's fields, and the price band it carries.
pub fn problems_of(d: &DraftRow) -> Vec<String> {
    let limits = validate::limits(&d.marketplace);
    let p = proposed(d);
    let mut out = Vec::new();
    if let Some(t) = &p.title {
        out.extend(validate::title_problems(&limits, t));
    }
    if let Some(tags) = &p.tags {
        out.extend(validate::tag_problems(&limits, tags));
    }
    if p.description.is_some() || p.bullets.is_some() {
        out.extend(validate::body_problems(
            &limits,
            p.description.as_deref().unwrap_or(""),
            p.bullets.as_deref().unwrap_or(&[]),
        ));
    }
    if let Some(problem) = crate::drafts::decide::bounds_problem(d.kind, &d.payload) {
        out.push(problem);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(kind: &str, marketplace: &str, payload: Value) -> DraftRow {
        DraftRow {
            id: 7,
            kind: DraftKind::parse(kind).unwrap(),
            marketplace: marketplace.into(),
            shop_id: None,
            sku: Some("MUG-1".into()),
            listing_id: None,
            payload_text: crate::drafts::canonical_json(&payload),
            payload,
            payload_hash: String::new(),
            agent: "a".into(),
            rationale: String::new(),
            confidence_bp: None,
            status: crate::drafts::DraftStatus::Pending,
            created_at: String::new(),
            updated_at: String::new(),
        }
    }

    #[test]
    fn a_document_round_trips_unchanged() {
        let d = row(
            "listing_update",
            "etsy",
            json!({"kind": "listing_update", "sku": "MUG-1", "title": "Blue mug", "description": "Line one\nLine \"two\"", "tags": ["mug", "blue"]}),
        );
        let doc = document(&d);
        let back = apply(&d, &doc).unwrap().unwrap();
        assert_eq!(back, d.payload);
    }

    #[test]
    fn edits_are_validated_like_the_agents_output() {
        let d = row(
            "listing_update",
            "ebay",
            json!({"kind": "listing_update", "title": "Blue mug", "tags": ["mug"]}),
        );
        let long = format!("title = \"{}\"\ntags = [\"mug\"]\n", "x".repeat(81));
        let problems = apply(&d, &long).unwrap().unwrap_err();
        assert!(
            problems.iter().any(|p| p.contains("81 characters")),
            "{problems:?}"
        );
        let e = apply(&d, "title = \"a\"\nsurprise = 1\n").unwrap_err();
        assert!(e.to_string().contains("`surprise`"), "{e}");
        let e = apply(&d, "title = \n").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[test]
    fn a_new_listing_document_names_the_marketplace_fields() {
        let d = row(
            "new_listing",
            "etsy",
            json!({"kind": "new_listing", "title": "Blue mug", "tags": ["mug"]}),
        );
        let doc = document(&d);
        assert!(doc.contains("# who_made = \"\"   (needed)"), "{doc}");
        let filled = doc.replace("# who_made = \"\"   (needed)", "who_made = \"i_did\"");
        let filled = filled.replace("[attributes]", "price = \"19.50\"\n[attributes]");
        let p = apply(&d, &filled).unwrap().unwrap();
        assert_eq!(p["attributes"]["who_made"], "i_did");
        assert_eq!(p["price"], json!({"amount_minor": 1950, "currency": "USD"}));
    }

    #[test]
    fn price_edits_respect_floor_and_ceiling() {
        let d = row(
            "price_change",
            "etsy",
            json!({"kind": "price_change", "new_price": {"amount_minor": 2500, "currency": "USD"},
                   "floor": {"amount_minor": 2000, "currency": "USD"}, "ceiling": {"amount_minor": 3000, "currency": "USD"}}),
        );
        assert!(document(&d).contains("price = \"25.00\""));
        let low = apply(&d, "price = \"19.99\"").unwrap().unwrap_err();
        assert_eq!(
            low[0],
            "price $19.99 is below the floor $20.00 (allowed $20.00 to $30.00)"
        );
        let ok = apply(&d, "price = \"27.50\"").unwrap().unwrap();
        assert_eq!(ok["new_price"]["amount_minor"], 2750);
        let none = apply(&d, "").unwrap().unwrap_err();
        assert!(none[0].contains("price is required"));
    }
}

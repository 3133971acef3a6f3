//! `sellkit post`: tampering refused, crash reconciliation, dry runs, and request bodies checked
//! against the marketplaces' published contracts in ../shared/specs.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rusqlite::Connection;
use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::cli::review::{listing_draft, price_draft, seed_shop};
use crate::common::TestEnv;
use sellkit::drafts::{DraftKind, NewDraft, insert_pending};

const SECRET: &str = "very-secret-token-123";

use crate::common::approve;

pub fn new_listing(conn: &Connection, marketplace: &str, sku: &str, attributes: Value) -> i64 {
    insert_pending(
        conn,
        &NewDraft {
            kind: DraftKind::NewListing,
            marketplace: marketplace.into(),
            shop_id: Some(crate::cli::review::shop_of(marketplace)),
            sku: Some(sku.into()),
            listing_id: None,
            payload: json!({"kind": "new_listing", "marketplace": marketplace, "sku": sku,
                "title": "Blue stoneware mug", "description": "A blue mug.\n\nThrown by hand.",
                "tags": ["mug", "stoneware"], "bullets": ["Holds 350 ml", "Dishwasher safe"],
                "price": {"amount_minor": 2495, "currency": "USD"}, "quantity": 6, "attributes": attributes}),
            agent: "listing_writer".into(),
            rationale: "new".into(),
            confidence_bp: Some(6000),
        },
        "2025-06-30T11:00:00Z",
    )
    .unwrap()
    .id()
}

pub fn etsy_attributes() -> Value {
    json!({"who_made": "i_did", "when_made": "2020_2025", "taxonomy_id": 1633, "readiness_state_id": 4242})
}
fn ebay_attributes() -> Value {
    json!({"condition": "NEW", "category_id": "20625", "fulfillment_policy_id": "f1", "payment_policy_id": "p1",
           "return_policy_id": "r1", "merchant_location_key": "home"})
}
fn amazon_attributes() -> Value {
    json!({"product_type": "DRINKING_CUP", "condition_type": "new_new",
           "attributes": {"brand": [{"value": "Test Pottery", "marketplace_id": "ATVPDKIKX0DEJ"}]}})
}

/// Config pointing every marketplace at `base`, and credentials in the environment.
pub fn configure(env: &TestEnv, base: &str) {
    let dir = env.path("config/sellkit");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("config.toml"),
        format!(
            "[etsy]\nbase_url = \"{base}\"\ntoken_url = \"{base}/token\"\n[ebay]\nbase_url = \"{base}\"\ntoken_url = \"{base}/token\"\n\
             [shopify]\nbase_url = \"{base}\"\n[amazon]\nendpoint = \"{base}\"\ntoken_url = \"{base}/token\"\n"
        ),
    )
    .unwrap();
}

pub fn post_cmd(env: &TestEnv, args: &[&str]) -> std::process::Command {
    let mut cmd = env.command();
    cmd.arg("post").args(args).env("SELLKIT_KEYSTORE", "file");
    for (k, v) in [
        ("SELLKIT_ETSY_API_KEY", SECRET),
        ("SELLKIT_ETSY_REFRESH_TOKEN", SECRET),
        ("SELLKIT_ETSY_ACCESS_TOKEN", SECRET),
        ("SELLKIT_ETSY_SHOP_ID", "555"),
        ("SELLKIT_ETSY_SHARED_SECRET", "shh-shared"),
        ("SELLKIT_EBAY_CLIENT_ID", "id"),
        ("SELLKIT_EBAY_CLIENT_SECRET", SECRET),
        ("SELLKIT_EBAY_REFRESH_TOKEN", SECRET),
        ("SELLKIT_EBAY_ACCESS_TOKEN", SECRET),
        ("SELLKIT_SHOPIFY_SHOP", "test.myshopify.com"),
        ("SELLKIT_SHOPIFY_ACCESS_TOKEN", SECRET),
        ("SELLKIT_AMAZON_CLIENT_ID", "id"),
        ("SELLKIT_AMAZON_CLIENT_SECRET", SECRET),
        ("SELLKIT_AMAZON_REFRESH_TOKEN", SECRET),
        ("SELLKIT_AMAZON_ACCESS_TOKEN", SECRET),
        ("SELLKIT_AMAZON_SELLER_ID", "A1SELLER"),
    ] {
        cmd.env(k, v);
    }
    cmd
}

fn run(env: &TestEnv, args: &[&str]) -> crate::common::Run {
    env.run_cmd(&mut post_cmd(env, args))
}

pub async fn run_async(env: &TestEnv, args: &[&str]) -> crate::common::Run {
    let mut cmd = post_cmd(env, args);
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    crate::common::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

pub fn one(conn: &Connection, sql: &str, id: i64) -> String {
    conn.query_row(sql, [id], |r| r.get::<_, String>(0))
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_changed_after_approval_is_refused_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let b = listing_draft(&conn, "Blue mug, stoneware");
    approve(&env, a);
    approve(&env, b);
    // a: the payload text is changed behind sellkit's back (hash column untouched).
    conn.execute(
        "UPDATE drafts SET payload = replace(payload, '2495', '1') WHERE id = ?1",
        [a],
    )
    .unwrap();
    // b: payload and hash both rewritten consistently: still not what was approved.
    let store = sellkit::store::Store::open_existing(&env.db()).unwrap();
    let (text, hash) = sellkit::drafts::canonical_and_hash(
        &json!({"kind": "listing_update", "sku": "MUG-1", "title": "Cheap mug"}),
    );
    store
        .conn()
        .execute(
            "UPDATE drafts SET payload = ?2, payload_hash = ?3 WHERE id = ?1",
            rusqlite::params![b, text, hash],
        )
        .unwrap();
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 6, "{}", r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let refused: Vec<i64> = out["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["draft_id"].as_i64().unwrap())
        .collect();
    assert_eq!(refused, [a, b]);
    assert!(
        out["refused"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("changed after approval")
    );
    assert!(out["posted"].as_array().unwrap().is_empty());
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "nothing may be sent"
    );
    for id in [a, b] {
        assert_eq!(
            one(&conn, "SELECT status FROM drafts WHERE id = ?1", id),
            "pending"
        );
        let n: i64 = conn
            .query_row("SELECT COUNT(*) FROM audit_log WHERE action = 'post_refused' AND subject = 'draft:' || ?1", [id], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
        let postings: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM postings WHERE draft_id = ?1",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(postings, 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_while_sending_then_reconciled_without_a_second_create() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = new_listing(&conn, "etsy", "MUG-2", etsy_attributes());
    approve(&env, id);
    let created =
        json!({"listing_id": 2002, "title": "Blue stoneware mug", "state": "draft", "skus": []});
    // The create reaches Etsy, but its answer is slow: the process is killed meanwhile.
    Mock::given(method("POST"))
        .and(path("/v3/application/shops/555/listings"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(created.clone())
                .set_delay(Duration::from_secs(60)),
        )
        .mount(&server)
        .await;
    let mut child = post_cmd(&env, &["--json"]).spawn().unwrap();
    let t = Instant::now();
    loop {
        let creates = server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == "POST")
            .count();
        if creates == 1 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(30),
            "the create never arrived"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let state = one(&conn, "SELECT state FROM postings WHERE draft_id = ?1", id);
    assert_eq!(state, "sending");
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(
        one(&conn, "SELECT state FROM postings WHERE draft_id = ?1", id),
        "sending"
    );

    // Etsy now holds the draft listing (its SKU not set yet: the crash came before the inventory call).
    Mock::given(method("GET"))
        .and(path("/v3/application/shops/555/listings"))
        .and(query_param("state", "draft"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 1, "results": [created]})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v3/application/listings/2002/inventory"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"products": []})))
        .expect(1)
        .mount(&server)
        .await;
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(out["posted"][0]["remote_id"], "2002");
    assert_eq!(out["posted"][0]["reconciled"], true);
    let reqs = server.received_requests().await.unwrap();
    let creates = reqs.iter().filter(|r| r.method.as_str() == "POST").count();
    assert_eq!(creates, 1, "the listing was created exactly once");
    // The inventory call carries the SKU, price and quantity; secrets only in headers.
    let put = reqs.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    let body: Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(body["products"][0]["sku"], "MUG-2");
    assert_eq!(body["products"][0]["offerings"][0]["price"], json!(24.95));
    // Etsy wants keystring:shared_secret, as `sync etsy` sends it.
    assert_eq!(
        put.headers.get("x-api-key").unwrap(),
        format!("{SECRET}:shh-shared").as_str()
    );
    let (state, remote, attempts): (String, String, i64) = conn
        .query_row(
            "SELECT state, remote_id, attempts FROM postings WHERE draft_id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (state.as_str(), remote.as_str(), attempts),
        ("posted", "2002", 2)
    );
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", id),
        "posted"
    );
    let actions: Vec<String> = conn
        .prepare("SELECT action FROM audit_log WHERE subject = 'draft:' || ?1 ORDER BY id")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        actions,
        [
            "draft_approved",
            "posting_sending",
            "posting_sending",
            "draft_posted"
        ]
    );
    // A third run has nothing to do.
    let again = run_async(&env, &["--json"]).await;
    assert_eq!(again.code, 0);
    assert_eq!(server.received_requests().await.unwrap().len(), reqs.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn amazon_validates_first_and_stops_on_errors() {
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let good = new_listing(&conn, "amazon", "MUG-3", amazon_attributes());
    let bad = new_listing(&conn, "amazon", "MUG-4", amazon_attributes());
    approve(&env, good);
    approve(&env, bad);
    let item = "/listings/2021-08-01/items/A1SELLER/";
    Mock::given(method("PUT"))
        .and(path(format!("{item}MUG-4")))
        .and(query_param("mode", "VALIDATION_PREVIEW"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sku": "MUG-4", "status": "INVALID", "submissionId": "s0",
            "issues": [{"code": "90220", "message": "'item_type_keyword' is required but not supplied.", "severity": "ERROR", "categories": []}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{item}MUG-3")))
        .and(query_param("mode", "VALIDATION_PREVIEW"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"sku": "MUG-3", "status": "VALID", "submissionId": "s1", "issues": []}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(format!("{item}MUG-3")))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"sku": "MUG-3", "status": "ACCEPTED", "submissionId": "s2", "issues": []}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(out["posted"][0]["draft_id"], good);
    assert_eq!(out["failed"][0]["draft_id"], bad);
    assert!(
        out["failed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("item_type_keyword"),
        "{out}"
    );
    let reqs = server.received_requests().await.unwrap();
    let to_bad: Vec<_> = reqs
        .iter()
        .filter(|r| r.url.path().ends_with("MUG-4"))
        .collect();
    assert_eq!(
        to_bad.len(),
        1,
        "only the validation preview went out for the invalid listing"
    );
    assert_eq!(reqs[0].headers.get("x-amz-access-token").unwrap(), SECRET);
    assert_eq!(
        one(&conn, "SELECT state FROM postings WHERE draft_id = ?1", bad),
        "failed"
    );
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", bad),
        "failed"
    );
    server.verify().await;
}

#[test]
fn dry_run_prints_requests_with_secrets_redacted_and_sends_nothing() {
    let env = TestEnv::new();
    // An address nothing listens on: any request would fail the run.
    configure(&env, "http://127.0.0.1:9");
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    approve(&env, a);
    let before: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    let r = run(&env, &["--dry-run", "--json"]);
    let out = r.json();
    assert!(!r.stdout.contains(SECRET) && !r.stderr.contains(SECRET));
    let reqs = out["requests"].as_array().unwrap();
    let ops: Vec<&str> = reqs
        .iter()
        .map(|q| q["operation"].as_str().unwrap())
        .collect();
    assert_eq!(ops, ["getListingInventory", "updateListingInventory"]);
    assert_eq!(reqs[1]["method"], "PUT");
    assert_eq!(
        reqs[1]["url"],
        "http://127.0.0.1:9/v3/application/listings/1001/inventory"
    );
    assert_eq!(reqs[1]["headers"]["Authorization"], "<redacted>");
    assert_eq!(reqs[1]["headers"]["x-api-key"], "<redacted>");
    assert_eq!(
        reqs[1]["body"]["products"][0]["offerings"][0]["price"],
        json!(24.95)
    );
    let after: i64 = conn
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(before, after);
    let postings: i64 = conn
        .query_row("SELECT COUNT(*) FROM postings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(postings, 0);
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", a),
        "approved"
    );
    // The table form shows the same requests.
    let t = run(&env, &["--dry-run"]);
    assert!(
        t.ok()
            .contains("PUT http://127.0.0.1:9/v3/application/listings/1001/inventory"),
        "{}",
        t.stdout
    );
}

#[test]
fn nothing_posts_without_credentials() {
    let env = TestEnv::new();
    configure(&env, "http://127.0.0.1:9");
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    approve(&env, a);
    let mut cmd = env.command();
    cmd.args(["post", "--json"]).env("SELLKIT_KEYSTORE", "file");
    let r = env.run_cmd(&mut cmd);
    assert_eq!(r.code, 3, "{}", r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(
        out["failed"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("SELLKIT_ETSY_API_KEY"),
        "{out}"
    );
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", a),
        "approved"
    );
}

// ------------------------------------------------------------ request bodies vs the contracts

#[track_caller]
fn specs() -> Option<PathBuf> {
    crate::common::shared("specs/etsy/etsy-openapi-v3-3.0.0.json")?;
    crate::common::shared("specs")
}

fn load(p: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn resolve<'a>(spec: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => resolve(
            spec,
            spec.pointer(r.trim_start_matches('#'))
                .unwrap_or_else(|| panic!("no {r}")),
        ),
        None => schema,
    }
}

/// A JSON-schema subset: $ref, allOf, type, required, properties (unknown keys are errors),
/// items, enum, nullable.
fn check(spec: &Value, schema: &Value, v: &Value, at: &str, errs: &mut Vec<String>) {
    let schema = resolve(spec, schema);
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for s in all {
            check(spec, s, v, at, errs);
        }
    }
    if v.is_null() {
        if schema.get("nullable") != Some(&json!(true))
            && schema.get("x-nullable") != Some(&json!(true))
        {
            errs.push(format!("{at}: null"));
        }
        return;
    }
    if let Some(e) = schema.get("enum").and_then(Value::as_array)
        && !e.contains(v)
    {
        errs.push(format!("{at}: {v} not in {e:?}"));
    }
    let ty = schema.get("type").and_then(Value::as_str).unwrap_or(
        if schema.get("properties").is_some() {
            "object"
        } else {
            ""
        },
    );
    let ok = match ty {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "boolean" => v.is_boolean(),
        _ => true,
    };
    if !ok {
        errs.push(format!("{at}: {v} is not {ty}"));
        return;
    }
    if let Some(obj) = v.as_object() {
        for r in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(r.as_str().unwrap()) {
                errs.push(format!("{at}: required {r} missing"));
            }
        }
        if let Some(props) = schema.get("properties").and_then(Value::as_object) {
            for (k, x) in obj {
                match props.get(k) {
                    Some(s) => check(spec, s, x, &format!("{at}.{k}"), errs),
                    None => errs.push(format!("{at}.{k}: not in the schema")),
                }
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), v.as_array()) {
        for (i, x) in arr.iter().enumerate() {
            check(spec, items, x, &format!("{at}[{i}]"), errs);
        }
    }
}

/// A form body typed by its schema (integers, numbers, booleans, comma-separated arrays).
fn typed_form(spec: &Value, schema: &Value, form: &Value) -> Value {
    let schema = resolve(spec, schema);
    let props = schema["properties"].as_object().unwrap();
    let mut out = serde_json::Map::new();
    for (k, v) in form.as_object().unwrap() {
        let s = v.as_str().unwrap();
        let ty = props
            .get(k)
            .and_then(|p| p.get("type"))
            .and_then(Value::as_str)
            .unwrap_or("string");
        let typed = match ty {
            "integer" => s.parse::<i64>().map(|n| json!(n)).unwrap_or(json!(s)),
            "number" => s.parse::<f64>().map(|n| json!(n)).unwrap_or(json!(s)),
            "boolean" => s.parse::<bool>().map(|n| json!(n)).unwrap_or(json!(s)),
            "array" => json!(s.split(',').collect::<Vec<_>>()),
            _ => json!(s),
        };
        out.insert(k.clone(), typed);
    }
    Value::Object(out)
}

fn op_schema<'a>(spec: &'a Value, p: &str, m: &str, ct: &str) -> &'a Value {
    spec["paths"][p][m]["requestBody"]["content"][ct]
        .get("schema")
        .unwrap_or_else(|| panic!("no schema for {m} {p}"))
}

fn dry_requests(env: &TestEnv, marketplace: &str) -> Vec<Value> {
    let r = run(env, &["--dry-run", "--json", "--marketplace", marketplace]);
    let out = r.json();
    assert!(out["failed"].as_array().unwrap().is_empty(), "{out}");
    out["requests"].as_array().unwrap().clone()
}

fn by_op<'a>(reqs: &'a [Value], op: &str) -> &'a Value {
    reqs.iter()
        .find(|r| r["operation"] == op)
        .unwrap_or_else(|| panic!("no {op} in {reqs:?}"))
}

fn assert_valid(name: &str, errs: Vec<String>) {
    assert!(
        errs.is_empty(),
        "{name} does not match the contract:\n{}",
        errs.join("\n")
    );
}

#[test]
fn request_bodies_match_the_official_contracts() {
    let Some(specs) = specs() else { return };
    let env = TestEnv::new();
    configure(&env, "http://127.0.0.1:9");
    let conn = seed_shop(&env);
    for (m, attrs) in [
        ("etsy", etsy_attributes()),
        ("ebay", ebay_attributes()),
        ("amazon", amazon_attributes()),
        (
            "shopify",
            json!({"location_id": "gid://shopify/Location/1"}),
        ),
    ] {
        let id = new_listing(&conn, m, &format!("NEW-{m}"), attrs);
        approve(&env, id);
        let p = price_draft(&conn, m, "MUG-1", 2200, 2495);
        approve(&env, p);
    }

    // Etsy (OpenAPI 3): createDraftListing (form) and updateListingInventory (JSON).
    let etsy = load(&specs.join("etsy/etsy-openapi-v3-3.0.0.json"));
    let reqs = dry_requests(&env, "etsy");
    let create = by_op(&reqs, "createDraftListing");
    let schema = op_schema(
        &etsy,
        "/v3/application/shops/{shop_id}/listings",
        "post",
        "application/x-www-form-urlencoded",
    );
    let mut errs = Vec::new();
    check(
        &etsy,
        schema,
        &typed_form(&etsy, schema, &create["body"]),
        "createDraftListing",
        &mut errs,
    );
    assert_valid("etsy createDraftListing", errs);
    let schema = op_schema(
        &etsy,
        "/v3/application/listings/{listing_id}/inventory",
        "put",
        "application/json",
    );
    let new_inventory = reqs
        .iter()
        .find(|r| {
            r["operation"] == "updateListingInventory"
                && r["body"]["products"][0]["sku"] == "NEW-etsy"
        })
        .unwrap();
    let mut errs = Vec::new();
    check(
        &etsy,
        schema,
        &new_inventory["body"],
        "updateListingInventory",
        &mut errs,
    );
    assert_valid("etsy updateListingInventory (new listing)", errs);
    // A price change re-sends the inventory read from getListingInventory (a dry run cannot
    // read it): the body built from a documented getListingInventory answer.
    let current = json!({"products": [{"product_id": 1, "sku": "MUG-1", "is_deleted": false,
        "offerings": [{"offering_id": 2, "quantity": 4, "is_enabled": true, "is_deleted": false, "readiness_state_id": 7,
                       "price": {"amount": 2200, "divisor": 100, "currency_code": "USD"}}],
        "property_values": [{"property_id": 513, "property_name": "Colour", "scale_id": null, "scale_name": null, "value_ids": [1], "values": ["Blue"]}]}],
        "price_on_property": [513], "quantity_on_property": [], "sku_on_property": [], "readiness_state_on_property": []});
    let mut errs = Vec::new();
    check(
        &etsy,
        &etsy["components"]["schemas"]["ListingInventoryWithAssociations"],
        &current,
        "getListingInventory answer",
        &mut errs,
    );
    let body = sellkit::post::etsy::inventory_update(&current, Some(&json!(24.95)), None).unwrap();
    check(&etsy, schema, &body, "updateListingInventory", &mut errs);
    assert_valid("etsy updateListingInventory (price change)", errs);

    // eBay (OpenAPI 3): its schemas mark nothing required, so the fields eBay's publishOffer
    // documentation requires are checked by name as well as by type.
    let ebay = load(&specs.join("ebay/sell_inventory_v1_oas3.json"));
    let reqs = dry_requests(&env, "ebay");
    for (op, p, m) in [
        (
            "createOrReplaceInventoryItem",
            "/inventory_item/{sku}",
            "put",
        ),
        ("createOffer", "/offer", "post"),
        (
            "bulkUpdatePriceQuantity",
            "/bulk_update_price_quantity",
            "post",
        ),
    ] {
        let mut errs = Vec::new();
        check(
            &ebay,
            op_schema(&ebay, p, m, "application/json"),
            &by_op(&reqs, op)["body"],
            op,
            &mut errs,
        );
        assert_valid(op, errs);
    }
    let offer = &by_op(&reqs, "createOffer")["body"];
    for f in [
        "/sku",
        "/marketplaceId",
        "/format",
        "/categoryId",
        "/pricingSummary/price/value",
        "/listingPolicies/fulfillmentPolicyId",
        "/listingPolicies/paymentPolicyId",
        "/listingPolicies/returnPolicyId",
        "/merchantLocationKey",
        "/availableQuantity",
    ] {
        assert!(
            offer.pointer(f).is_some_and(|v| !v.is_null() && v != ""),
            "createOffer lacks {f}"
        );
    }
    let item = &by_op(&reqs, "createOrReplaceInventoryItem")["body"];
    for f in [
        "/condition",
        "/product/title",
        "/product/description",
        "/availability/shipToLocationAvailability/quantity",
    ] {
        assert!(item.pointer(f).is_some(), "inventory item lacks {f}");
    }
    assert_eq!(
        by_op(&reqs, "createOrReplaceInventoryItem")["headers"]["Content-Language"],
        "en-US"
    );

    // Amazon (Swagger 2): putListingsItem and patchListingsItem, each preceded by a validation preview.
    let amazon = load(&specs.join("amazon/listingsItems_2021-08-01.json"));
    let reqs = dry_requests(&env, "amazon");
    for (op, def) in [
        ("putListingsItem", "ListingsItemPutRequest"),
        ("patchListingsItem", "ListingsItemPatchRequest"),
    ] {
        let sent: Vec<&Value> = reqs.iter().filter(|r| r["operation"] == op).collect();
        assert_eq!(sent.len(), 2, "{op}: preview then the real call");
        assert!(
            sent[0]["url"]
                .as_str()
                .unwrap()
                .ends_with("&mode=VALIDATION_PREVIEW")
        );
        assert!(!sent[1]["url"].as_str().unwrap().contains("mode="));
        assert_eq!(sent[0]["body"], sent[1]["body"]);
        let mut errs = Vec::new();
        check(
            &amazon,
            &json!({"$ref": format!("#/definitions/{def}")}),
            &sent[1]["body"],
            op,
            &mut errs,
        );
        assert_valid(op, errs);
    }
    let put = &by_op(&reqs, "putListingsItem")["body"];
    assert_eq!(
        put["attributes"]["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"],
        json!(24.95)
    );

    // Shopify (GraphQL SDL 2026-01): productSet's input against ProductSetInput and friends.
    let sdl = std::fs::read_to_string(specs.join("shopify/admin-graphql-2026-01.graphql")).unwrap();
    let reqs = dry_requests(&env, "shopify");
    let set = by_op(&reqs, "productSet");
    assert!(
        set["body"]["query"]
            .as_str()
            .unwrap()
            .contains("productSet(input: $input")
    );
    let mut errs = Vec::new();
    check_gql(
        &sdl,
        "ProductSetInput",
        &set["body"]["variables"]["input"],
        "input",
        &mut errs,
    );
    let inv = by_op(&reqs, "inventorySetQuantities");
    check_gql(
        &sdl,
        "InventorySetQuantitiesInput",
        &inv["body"]["variables"]["input"],
        "input",
        &mut errs,
    );
    let bulk = by_op(&reqs, "productVariantsBulkUpdate");
    for (i, v) in bulk["body"]["variables"]["variants"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
    {
        check_gql(
            &sdl,
            "ProductVariantsBulkInput",
            v,
            &format!("variants[{i}]"),
            &mut errs,
        );
    }
    assert_valid("shopify", errs);
}

/// The fields of `input NAME { ... }` in an SDL file: name → type text (e.g. `[String!]`).
fn gql_input(sdl: &str, name: &str) -> Vec<(String, String)> {
    let start = sdl
        .find(&format!("\ninput {name} {{"))
        .unwrap_or_else(|| panic!("no input {name}"));
    let body = &sdl[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let mut out = Vec::new();
    let mut in_doc = false;
    for line in body.lines().skip(1) {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            if !(t.len() > 3 && t.ends_with("\"\"\"")) {
                in_doc = !in_doc;
            }
            continue;
        }
        if in_doc || t.is_empty() || t.starts_with('#') {
            continue;
        }
        if let Some((k, ty)) = t.split_once(':') {
            let ty = ty.trim().split(['=', '@']).next().unwrap().trim();
            out.push((k.trim().to_string(), ty.to_string()));
        }
    }
    out
}

fn gql_enum(sdl: &str, name: &str) -> Option<Vec<String>> {
    let start = sdl.find(&format!("\nenum {name} {{"))?;
    let body = &sdl[start..];
    let body = &body[..body.find("\n}").unwrap()];
    let mut out = Vec::new();
    let mut in_doc = false;
    for line in body.lines().skip(1) {
        let t = line.trim();
        if t.starts_with("\"\"\"") {
            if !(t.len() > 3 && t.ends_with("\"\"\"")) {
                in_doc = !in_doc;
            }
            continue;
        }
        if !in_doc && !t.is_empty() {
            out.push(t.split_whitespace().next().unwrap().to_string());
        }
    }
    Some(out)
}

/// Checks a variables value against a GraphQL input type: unknown fields, non-null fields
/// missing, scalar kinds, enum values, lists.
fn check_gql(sdl: &str, ty: &str, v: &Value, at: &str, errs: &mut Vec<String>) {
    let t = ty.trim();
    if let Some(inner) = t.strip_suffix('!') {
        if v.is_null() {
            errs.push(format!("{at}: null for {t}"));
            return;
        }
        return check_gql(sdl, inner, v, at, errs);
    }
    if v.is_null() {
        return;
    }
    if let Some(inner) = t.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
        match v.as_array() {
            Some(a) => {
                for (i, x) in a.iter().enumerate() {
                    check_gql(sdl, inner, x, &format!("{at}[{i}]"), errs);
                }
            }
            None => errs.push(format!("{at}: not a list for {t}")),
        }
        return;
    }
    let ok = match t {
        "String" | "ID" | "URL" | "HTML" => v.is_string(),
        "Int" => v.is_i64(),
        "Float" => v.is_number(),
        "Boolean" => v.is_boolean(),
        "Money" | "Decimal" => v.as_str().is_some_and(|s| s.parse::<f64>().is_ok()),
        _ => {
            if let Some(values) = gql_enum(sdl, t) {
                let ok = v.as_str().is_some_and(|s| values.iter().any(|x| x == s));
                if !ok {
                    errs.push(format!("{at}: {v} is not a {t}"));
                }
                return;
            }
            let fields = gql_input(sdl, t);
            let Some(obj) = v.as_object() else {
                errs.push(format!("{at}: not an object for {t}"));
                return;
            };
            for (k, x) in obj {
                match fields.iter().find(|(f, _)| f == k) {
                    Some((_, fty)) => check_gql(sdl, fty, x, &format!("{at}.{k}"), errs),
                    None => errs.push(format!("{at}.{k}: not a field of {t}")),
                }
            }
            for (f, fty) in &fields {
                if fty.ends_with('!') && !obj.contains_key(f) {
                    errs.push(format!("{at}: {t}.{f} ({fty}) missing"));
                }
            }
            return;
        }
    };
    if !ok {
        errs.push(format!("{at}: {v} is not {t}"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ebay_and_shopify_new_listings_and_price_changes_against_mock_servers() {
    use wiremock::matchers::{body_string_contains, header};
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let bearer = format!("Bearer {SECRET}");
    let inv = "/sell/inventory/v1";
    // eBay: inventory item, offer, publish; then a price change through bulkUpdatePriceQuantity.
    Mock::given(method("PUT"))
        .and(path(format!("{inv}/inventory_item/NEW-E")))
        .and(header("authorization", bearer.as_str()))
        .and(header("content-language", "en-US"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{inv}/offer")))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({"offerId": "O-1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{inv}/offer/O-1/publish")))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"listingId": "L-1"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{inv}/offer")))
        .and(query_param("sku", "MUG-1"))
        .and(query_param("marketplace_id", "EBAY_US"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"offers": [
            {"offerId": "O-9", "sku": "MUG-1", "status": "PUBLISHED", "listing": {"listingId": "L-9"}}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("{inv}/bulk_update_price_quantity")))
        .and(body_string_contains("\"offerId\":\"O-9\""))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"responses": [{"statusCode": 200, "sku": "MUG-1", "offerId": "O-9"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // Shopify: productSet then inventorySetQuantities; a price change finds the variant by SKU.
    let gql = "/admin/api/2026-01/graphql.json";
    let shop = |needle: &'static str, data: Value| {
        Mock::given(method("POST"))
            .and(path(gql))
            .and(header("x-shopify-access-token", SECRET))
            .and(body_string_contains(needle))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": data})))
            .expect(1)
    };
    shop("mutation productSet", json!({"productSet": {"product": {"id": "gid://shopify/Product/7",
        "variants": {"nodes": [{"id": "gid://shopify/ProductVariant/70", "inventoryItem": {"id": "gid://shopify/InventoryItem/700"}}]}}, "userErrors": []}}))
        .mount(&server)
        .await;
    shop(
        "query firstLocation",
        json!({"locations": {"nodes": [{"id": "gid://shopify/Location/1"}]}}),
    )
    .mount(&server)
    .await;
    shop("mutation inventorySetQuantities", json!({"inventorySetQuantities": {"inventoryAdjustmentGroup": {"id": "gid://shopify/InventoryAdjustmentGroup/1"}, "userErrors": []}}))
        .mount(&server)
        .await;
    shop("query variantBySku", json!({"productVariants": {"nodes": [{"id": "gid://shopify/ProductVariant/80", "sku": "MUG-1",
        "product": {"id": "gid://shopify/Product/8"}, "inventoryItem": {"id": "gid://shopify/InventoryItem/800"}}]}}))
        .mount(&server)
        .await;
    shop("mutation productVariantsBulkUpdate", json!({"productVariantsBulkUpdate": {"productVariants": [{"id": "gid://shopify/ProductVariant/80", "price": "24.95"}], "userErrors": []}}))
        .mount(&server)
        .await;

    let e1 = new_listing(&conn, "ebay", "NEW-E", ebay_attributes());
    let e2 = price_draft(&conn, "ebay", "MUG-1", 2200, 2495);
    let s1 = new_listing(&conn, "shopify", "NEW-S", json!({}));
    let s2 = price_draft(&conn, "shopify", "MUG-1", 2200, 2495);
    for id in [e1, e2, s1, s2] {
        approve(&env, id);
    }
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    let posted: Vec<(i64, String)> = out["posted"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["draft_id"].as_i64().unwrap(),
                i["remote_id"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        posted,
        [
            (e1, "L-1".to_string()),
            (e2, "L-9".to_string()),
            (s1, "gid://shopify/Product/7".to_string()),
            (s2, "gid://shopify/Product/8".to_string())
        ]
    );
    server.verify().await;
    let reqs = server.received_requests().await.unwrap();
    let body_of = |needle: &str| -> Value {
        let r = reqs
            .iter()
            .find(|r| String::from_utf8_lossy(&r.body).contains(needle))
            .unwrap_or_else(|| panic!("no request with {needle}"));
        serde_json::from_slice(&r.body).unwrap()
    };
    let offer = body_of("\"marketplaceId\"");
    assert_eq!(
        offer["pricingSummary"]["price"],
        json!({"value": "24.95", "currency": "USD"})
    );
    assert_eq!(offer["availableQuantity"], 6);
    let set = body_of("mutation productSet");
    assert_eq!(set["variables"]["input"]["variants"][0]["sku"], "NEW-S");
    assert_eq!(set["variables"]["input"]["status"], "DRAFT");
    let qty = body_of("mutation inventorySetQuantities");
    assert_eq!(
        qty["variables"]["input"]["quantities"][0],
        json!({"inventoryItemId": "gid://shopify/InventoryItem/700", "locationId": "gid://shopify/Location/1", "quantity": 6, "changeFromQuantity": null})
    );
    let bulk = body_of("mutation productVariantsBulkUpdate");
    assert_eq!(
        bulk["variables"]["variants"][0],
        json!({"id": "gid://shopify/ProductVariant/80", "price": "24.95"})
    );
    for id in [e1, e2, s1, s2] {
        assert_eq!(
            one(&conn, "SELECT state FROM postings WHERE draft_id = ?1", id),
            "posted"
        );
    }
    // A posted draft is never sent again.
    let again = run_async(&env, &["--json"]).await;
    assert_eq!(again.code, 0);
    assert_eq!(server.received_requests().await.unwrap().len(), reqs.len());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_token_is_refreshed_and_server_errors_are_retried() {
    use wiremock::matchers::{body_string_contains, header};
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    approve(&env, id);
    let inventory = "/v3/application/listings/1001/inventory";
    let current = json!({"products": [{"product_id": 1, "sku": "MUG-1", "is_deleted": false, "property_values": [],
        "offerings": [{"offering_id": 2, "quantity": 4, "is_enabled": true, "is_deleted": false, "readiness_state_id": 7,
                       "price": {"amount": 2200, "divisor": 100, "currency_code": "USD"}}]}]});
    // The stored access token is refused once; the refresh returns a new one (and a rotated refresh token).
    Mock::given(method("GET"))
        .and(path(inventory))
        .and(header("authorization", format!("Bearer {SECRET}").as_str()))
        .respond_with(ResponseTemplate::new(401))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/token"))
        .and(body_string_contains("grant_type=refresh_token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"access_token": "fresh", "expires_in": 3600, "refresh_token": "rotated"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(inventory))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(current))
        .expect(1)
        .mount(&server)
        .await;
    // The update meets a 503 once, then goes through.
    Mock::given(method("PUT"))
        .and(path(inventory))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path(inventory))
        .and(header("authorization", "Bearer fresh"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"products": []})))
        .expect(1)
        .mount(&server)
        .await;
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    server.verify().await;
    let put = server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .rfind(|r| r.method.as_str() == "PUT")
        .unwrap();
    let body: Value = serde_json::from_slice(&put.body).unwrap();
    assert_eq!(
        body["products"][0]["offerings"][0],
        json!({"price": 24.95, "quantity": 4, "is_enabled": true, "readiness_state_id": 7})
    );
    // The local copy now shows the new price.
    let price: i64 = conn
        .query_row("SELECT price_minor FROM listings WHERE id = 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(price, 2495);
    assert!(!r.stdout.contains("fresh") && !r.stdout.contains("rotated"));
}

//! Shopify Payments balance transactions and payouts against a loopback GraphQL mock whose
//! answers follow the Admin API 2026-01 schema (ShopifyPaymentsAccount.balanceTransactions,
//! .payouts; ShopifyPaymentsBalanceTransaction; ShopifyPaymentsPayout; MoneyV2), and the
//! documents checked against that schema's SDL.

use std::collections::HashSet;

use serde_json::{Value, json};
use wiremock::matchers::{body_partial_json, body_string_contains, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::super::tests::{GQL, answer, conn, connector, count, mount_shop, opts};
use super::*;
use crate::marketplaces::api::{Resource, SyncOptions, sync};
use crate::progress::NoProgress;
use crate::store::Store;

const P1: &str = "gid://shopify/ShopifyPaymentsPayout/901";
const P2: &str = "gid://shopify/ShopifyPaymentsPayout/902";

fn usd(amount: &str) -> Value {
    json!({"amount": amount, "currencyCode": "USD"})
}

#[allow(clippy::too_many_arguments)]
fn tx(
    n: u64,
    ty: &str,
    amount: &str,
    fee: &str,
    net: &str,
    order: Option<u64>,
    payout: Option<&str>,
    date: &str,
) -> Value {
    json!({
        "id": format!("gid://shopify/ShopifyPaymentsBalanceTransaction/{n}"),
        "transactionDate": date, "type": ty, "test": false, "sourceType": "CHARGE",
        "adjustmentReason": null,
        "amount": usd(amount), "fee": usd(fee), "net": usd(net),
        "associatedOrder": order.map(|o| json!({"id": format!("gid://shopify/Order/{o}"), "name": format!("#{}", o - 4000)})),
        "associatedPayout": {"id": payout, "status": if payout == Some(P1) { "PAID" } else { "SCHEDULED" }}
    })
}

fn account(field: &str, c: Value) -> Value {
    json!({"shopifyPaymentsAccount": {field: c}})
}

/// Page 1: two charges and a refund; page 2: an adjustment, a label, the transfer of payout
/// 901, a charge of the scheduled payout 902 and a test charge.
fn pages() -> (Vec<Value>, Vec<Value>) {
    let d = |day: u32, h: u32| format!("2025-06-{day:02}T{h:02}:00:00-04:00");
    let p1 = vec![
        tx(
            1,
            "CHARGE",
            "50.00",
            "1.75",
            "48.25",
            Some(5001),
            Some(P1),
            &d(18, 9),
        ),
        tx(
            2,
            "CHARGE",
            "30.00",
            "1.17",
            "28.83",
            Some(5002),
            Some(P1),
            &d(18, 10),
        ),
        tx(
            3,
            "REFUND",
            "-10.00",
            "0.00",
            "-10.00",
            Some(5001),
            Some(P1),
            &d(19, 9),
        ),
    ];
    let mut adj = tx(
        4,
        "ADJUSTMENT",
        "-2.50",
        "0.00",
        "-2.50",
        None,
        Some(P1),
        &d(19, 10),
    );
    adj["adjustmentReason"] = json!("chargeback_protection");
    adj["sourceType"] = json!("ADJUSTMENT");
    let mut test = tx(
        8,
        "CHARGE",
        "99.00",
        "3.00",
        "96.00",
        Some(5009),
        None,
        &d(28, 9),
    );
    test["test"] = json!(true);
    let p2 = vec![
        adj,
        tx(
            5,
            "SHIPPING_LABEL",
            "-6.40",
            "0.00",
            "-6.40",
            Some(5002),
            Some(P1),
            &d(19, 11),
        ),
        tx(
            6,
            "TRANSFER",
            "-58.18",
            "0.00",
            "-58.18",
            None,
            Some(P1),
            &d(20, 4),
        ),
        tx(
            7,
            "CHARGE",
            "20.00",
            "0.88",
            "19.12",
            Some(5003),
            Some(P2),
            &d(24, 6),
        ),
        test,
    ];
    (p1, p2)
}

fn payouts() -> Vec<Value> {
    vec![
        json!({"id": P2, "legacyResourceId": "902", "issuedAt": "2025-06-25T08:00:00Z", "status": "SCHEDULED",
               "transactionType": "DEPOSIT", "net": usd("19.12")}),
        json!({"id": P1, "legacyResourceId": "901", "issuedAt": "2025-06-20T08:00:00Z", "status": "PAID",
               "transactionType": "DEPOSIT", "net": usd("58.18")}),
    ]
}

async fn mount_ledger(server: &MockServer) {
    let (p1, p2) = pages();
    Mock::given(method("POST"))
        .and(path(GQL))
        .and(body_string_contains("query BalanceTransactions"))
        .and(body_partial_json(
            json!({"variables": {"after": null, "query": null, "first": 100}}),
        ))
        .respond_with(answer(account("balanceTransactions", conn(p1, Some("c1")))))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(GQL))
        .and(body_string_contains("query BalanceTransactions"))
        .and(body_partial_json(
            json!({"variables": {"after": "c1", "query": null}}),
        ))
        .respond_with(answer(account("balanceTransactions", conn(p2, None))))
        .mount(server)
        .await;
    Mock::given(method("POST"))
        .and(path(GQL))
        .and(body_string_contains("query Payouts"))
        .and(body_partial_json(json!({"variables": {"after": null}})))
        .respond_with(answer(account("payouts", conn(payouts(), None))))
        .mount(server)
        .await;
}

fn rows(store: &Store, sql: &str) -> Vec<Vec<Option<String>>> {
    let conn = store.conn();
    let mut st = conn.prepare(sql).unwrap();
    let n = st.column_count();
    st.query_map([], |r| {
        (0..n)
            .map(|i| {
                let v: rusqlite::types::Value = r.get(i)?;
                Ok(match v {
                    rusqlite::types::Value::Null => None,
                    rusqlite::types::Value::Integer(i) => Some(i.to_string()),
                    rusqlite::types::Value::Text(t) => Some(t),
                    other => Some(format!("{other:?}")),
                })
            })
            .collect()
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn report(store: &Store) -> crate::report::payouts::PayoutsReport {
    let q = crate::report::payouts::PayoutsQuery {
        since: None,
        until: None,
        marketplace: Some("shopify".into()),
        today: "2025-06-30".parse().unwrap(),
        grace_days: 14,
        examples: 5,
    };
    crate::report::payouts::payouts(store, &q).unwrap()
}

#[tokio::test]
async fn transactions_then_payouts_are_written_and_each_payout_reconciles() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_ledger(&server).await;
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert!(s.complete);
    let r = &s.resources[0];
    assert_eq!((r.pages, r.records_rejected), (3, 0));
    assert_eq!(r.pagination_stopped, None);
    assert_eq!((r.counts.ledger_entries, r.counts.payouts), (10, 2));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ledger_entries"), 10);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM payouts"), 2);

    let g = |n: &str| format!("gid://shopify/ShopifyPaymentsBalanceTransaction/{n}");
    let s = |v: &str| Some(v.to_string());
    let got = rows(
        &store,
        "SELECT external_id, posted_at, kind, type, amount_minor, currency, order_ref, payout_ref, source
         FROM ledger_entries ORDER BY posted_at, external_id",
    );
    let src = "api:shopifyPaymentsAccount.balanceTransactions";
    let want = |id: String, at: &str, k: &str, t: &str, a: i64, o: Option<&str>, p: &str| {
        vec![
            Some(id),
            s(at),
            s(k),
            s(t),
            Some(a.to_string()),
            s("USD"),
            o.map(String::from),
            s(p),
            s(src),
        ]
    };
    assert_eq!(
        got,
        vec![
            want(
                g("1"),
                "2025-06-18T13:00:00Z",
                "sale",
                "charge",
                5000,
                Some("5001"),
                P1
            ),
            want(
                g("1:fee"),
                "2025-06-18T13:00:00Z",
                "fee",
                "processing_fee",
                -175,
                Some("5001"),
                P1
            ),
            want(
                g("2"),
                "2025-06-18T14:00:00Z",
                "sale",
                "charge",
                3000,
                Some("5002"),
                P1
            ),
            want(
                g("2:fee"),
                "2025-06-18T14:00:00Z",
                "fee",
                "processing_fee",
                -117,
                Some("5002"),
                P1
            ),
            want(
                g("3"),
                "2025-06-19T13:00:00Z",
                "refund",
                "refund",
                -1000,
                Some("5001"),
                P1
            ),
            want(
                g("4"),
                "2025-06-19T14:00:00Z",
                "adjustment",
                "adjustment",
                -250,
                None,
                P1
            ),
            want(
                g("5"),
                "2025-06-19T15:00:00Z",
                "shipping_label",
                "shipping_label",
                -640,
                Some("5002"),
                P1
            ),
            want(
                g("6"),
                "2025-06-20T08:00:00Z",
                "payout",
                "transfer",
                -5818,
                None,
                P1
            ),
            want(
                g("7"),
                "2025-06-24T10:00:00Z",
                "sale",
                "charge",
                2000,
                Some("5003"),
                P2
            ),
            want(
                g("7:fee"),
                "2025-06-24T10:00:00Z",
                "fee",
                "processing_fee",
                -88,
                Some("5003"),
                P2
            ),
        ]
    );
    let desc: String = store
        .conn()
        .query_row(
            "SELECT description FROM ledger_entries WHERE external_id = ?1",
            [g("4")],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(desc, "adjustment (chargeback_protection)");
    assert_eq!(
        rows(
            &store,
            "SELECT external_id, paid_at, amount_minor, currency, status, source FROM payouts ORDER BY paid_at"
        ),
        vec![
            vec![
                s(P1),
                s("2025-06-20T08:00:00Z"),
                s("5818"),
                s("USD"),
                s("paid"),
                s("api:shopifyPaymentsAccount.payouts")
            ],
            vec![
                s(P2),
                s("2025-06-25T08:00:00Z"),
                s("1912"),
                s("USD"),
                s("pending"),
                s("api:shopifyPaymentsAccount.payouts")
            ],
        ]
    );

    // report payouts: each payout is the sum of its entries.
    let rep = report(&store);
    assert_eq!(rep.payouts.len(), 2);
    for p in &rep.payouts {
        assert!(p.linked, "{p:?}");
        assert_eq!(p.difference.map(|d| d.amount_minor), Some(0), "{p:?}");
    }
    assert_eq!(rep.payouts[0].entries, 7);
    assert_eq!(rep.payouts[0].orders, 2);
    assert_eq!(rep.exceptions.payouts_not_adding_up.count, 0);

    // A second full run: the same rows, no duplicates.
    let full = SyncOptions {
        full: true,
        ..opts(&[Resource::Ledger])
    };
    sync(&mut connector(&server), &mut store, &full, &NoProgress)
        .await
        .unwrap();
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ledger_entries"), 10);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM payouts"), 2);
    assert_eq!(report(&store).payouts, rep.payouts);

    // The next run asks for transactions processed from the newest one seen (the test-mode
    // charge, not written, does not move the window), and reads the payouts again.
    Mock::given(method("POST"))
        .and(path(GQL))
        .and(body_string_contains("query BalanceTransactions"))
        .and(body_partial_json(json!({"variables": {
            "after": null, "query": "processed_at:>='2025-06-24T10:00:00Z'"
        }})))
        .respond_with(answer(account("balanceTransactions", conn(vec![], None))))
        .expect(1)
        .mount(&server)
        .await;
    let s = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    let r = &s.resources[0];
    assert_eq!(r.since.as_deref(), Some("2025-06-24T10:00:00Z"));
    assert_eq!(r.pagination_stopped, None, "an empty window is no cut");
    assert_eq!((r.counts.ledger_entries, r.counts.payouts), (0, 2));
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ledger_entries"), 10);
    assert_eq!(count(&store, "SELECT COUNT(*) FROM payouts"), 2);
    server.verify().await;
}

/// Empty listings, inventory and orders, for default runs.
async fn mount_others(server: &MockServer) {
    for (q, field) in [
        ("query Variants", "productVariants"),
        ("query Inventory", "inventoryItems"),
        ("query Orders", "orders"),
    ] {
        Mock::given(method("POST"))
            .and(path(GQL))
            .and(body_string_contains(q))
            .respond_with(answer(json!({field: conn(vec![], None)})))
            .mount(server)
            .await;
    }
}

/// A default run skips the ledger with `why`'s words; `--only ledger` fails with exit 3.
async fn refused(server: &MockServer, why: &[&str]) {
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(&mut connector(server), &mut store, &opts(&[]), &NoProgress)
        .await
        .unwrap();
    let names: Vec<&str> = s.resources.iter().map(|r| r.resource.name()).collect();
    assert_eq!(names, ["listings", "inventory", "orders", "ledger"]);
    let skipped = s.resources[3].skipped.as_deref().expect("skipped");
    for w in why {
        assert!(skipped.contains(w), "{w:?} not in {skipped}");
    }
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ledger_entries"), 0);
    let e = sync(
        &mut connector(server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind().exit_code(), 3, "{e}");
    assert!(e.to_string().starts_with("shopify ledger: "), "{e}");
    for w in why {
        assert!(e.to_string().contains(w), "{w:?} not in {e}");
    }
}

#[tokio::test]
async fn a_shop_without_shopify_payments_has_no_ledger_and_says_so() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_others(&server).await;
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(answer(json!({"shopifyPaymentsAccount": null})))
        .mount(&server)
        .await;
    refused(
        &server,
        &[
            "no Shopify Payments account",
            "shopifyPaymentsAccount is null",
            "sellkit import",
        ],
    )
    .await;
}

#[tokio::test]
async fn access_denied_or_a_403_names_the_missing_scope() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_others(&server).await;
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "errors": [{"message": "Access denied for shopifyPaymentsAccount field. Required access: `read_shopify_payments_payouts` access scope.",
                        "extensions": {"code": "ACCESS_DENIED"}, "path": ["shopifyPaymentsAccount"]}],
            "data": {"shopifyPaymentsAccount": null}
        })))
        .mount(&server)
        .await;
    refused(
        &server,
        &[
            "shopify balanceTransactions: ACCESS_DENIED",
            "read_shopify_payments_payouts",
        ],
    )
    .await;

    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_others(&server).await;
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(ResponseTemplate::new(403).set_body_string(
            "[API] This action requires merchant approval for read_shopify_payments_payouts scope.",
        ))
        .mount(&server)
        .await;
    refused(
        &server,
        &["HTTP 403", "read_shopify_payments_payouts scope; add it"],
    )
    .await;
}

#[tokio::test]
async fn odd_nodes_are_kept_as_other_or_rejected_never_fatal() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    let at = "2025-06-10T12:00:00Z";
    let mut unknown = tx(11, "NEW_KIND_OF_MONEY", "3.00", "0", "3.00", None, None, at);
    unknown["fee"] = Value::Null;
    unknown["net"] = Value::Null;
    unknown["associatedOrder"] = Value::Null;
    unknown["associatedPayout"] = Value::Null;
    unknown["sourceType"] = Value::Null;
    let mut euro = tx(12, "CHARGE", "40.00", "1.50", "38.50", Some(5010), None, at);
    for k in ["amount", "fee", "net"] {
        euro[k]["currencyCode"] = json!("EUR");
    }
    let not_adding_up = tx(13, "CHARGE", "10.00", "0.50", "9.00", None, None, at);
    let mut no_amount = tx(14, "CHARGE", "1.00", "0", "1.00", None, None, at);
    no_amount.as_object_mut().unwrap().remove("amount");
    let mut mixed = tx(15, "CHARGE", "10.00", "0.50", "9.50", None, None, at);
    mixed["fee"]["currencyCode"] = json!("CAD");
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(answer(account(
            "balanceTransactions",
            conn(vec![unknown, euro, not_adding_up, no_amount, mixed], None),
        )))
        .mount(&server)
        .await;
    let odd_payout = json!({"id": "gid://shopify/ShopifyPaymentsPayout/903", "legacyResourceId": "903",
        "issuedAt": at, "status": "LOST_IN_SPACE", "transactionType": "DEPOSIT", "net": usd("1.00")});
    let withdrawal = json!({"id": "gid://shopify/ShopifyPaymentsPayout/904", "legacyResourceId": "904",
        "issuedAt": at, "status": "PAID", "transactionType": "WITHDRAWAL", "net": usd("12.00")});
    Mock::given(body_string_contains("query Payouts"))
        .respond_with(answer(account(
            "payouts",
            conn(vec![odd_payout, withdrawal], None),
        )))
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.resources[0].records_rejected, 4);
    let got = rows(
        &store,
        "SELECT external_id, kind, type, amount_minor, currency, order_ref, payout_ref FROM ledger_entries ORDER BY external_id",
    );
    let g = |n: &str| {
        Some(format!(
            "gid://shopify/ShopifyPaymentsBalanceTransaction/{n}"
        ))
    };
    let s = |v: &str| Some(v.to_string());
    assert_eq!(
        got,
        vec![
            vec![
                g("11"),
                s("other"),
                s("new_kind_of_money"),
                s("300"),
                s("USD"),
                None,
                None
            ],
            vec![
                g("12"),
                s("sale"),
                s("charge"),
                s("4000"),
                s("EUR"),
                s("5010"),
                None
            ],
            vec![
                g("12:fee"),
                s("fee"),
                s("processing_fee"),
                s("-150"),
                s("EUR"),
                s("5010"),
                None
            ],
        ]
    );
    assert_eq!(
        rows(
            &store,
            "SELECT external_id, amount_minor, status FROM payouts"
        ),
        vec![vec![
            s("gid://shopify/ShopifyPaymentsPayout/904"),
            s("-1200"),
            s("paid")
        ]]
    );
    let rejected: HashSet<String> = rows(&store, "SELECT external_id, reason FROM sync_rejects")
        .into_iter()
        .map(|r| format!("{} {}", r[0].clone().unwrap(), r[1].clone().unwrap()))
        .collect();
    let has = |id: &str, why: &str| {
        assert!(
            rejected.iter().any(|r| r.contains(id) && r.contains(why)),
            "{id} {why}: {rejected:?}"
        )
    };
    has("BalanceTransaction/13", "does not add up");
    has("BalanceTransaction/14", "not what the API documents");
    has("BalanceTransaction/15", "is in CAD");
    has("Payout/903", "LOST_IN_SPACE");
}

// ---- the documents against the schema ----

/// The fields of `type NAME` (or `interface NAME`) in an SDL file: name → (argument names,
/// type name without list and non-null marks).
fn sdl_fields(sdl: &str, name: &str) -> Option<Vec<(String, Vec<String>, String)>> {
    let start = [format!("\ntype {name} "), format!("\ninterface {name} ")]
        .iter()
        .find_map(|h| sdl.find(h.as_str()))?;
    let body = &sdl[start + 1..];
    let body = &body[..body.find("\n}")?];
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
        if in_doc || t.is_empty() || !line.starts_with("  ") || line.starts_with("   ") {
            continue;
        }
        let field: String = t
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        let rest = &t[field.len()..];
        let (args, ty) = if let Some(inner) = rest.strip_prefix('(') {
            let close = inner.rfind("):").unwrap_or(inner.len());
            let args: Vec<String> = inner[..close]
                .split(", ")
                .filter_map(|a| a.split(':').next())
                .map(|a| a.trim().to_string())
                .collect();
            (args, inner.get(close + 2..).unwrap_or(""))
        } else {
            (Vec::new(), rest.trim_start_matches(':'))
        };
        let ty: String = ty
            .trim()
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '_' || *c == ' ')
            .collect::<String>()
            .split_whitespace()
            .next()
            .unwrap_or("")
            .to_string();
        out.push((field, args, ty));
    }
    Some(out)
}

fn tokens(doc: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = doc.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_whitespace() || c == ',' {
            continue;
        }
        if c == '"' {
            let mut s = String::from('"');
            for d in chars.by_ref() {
                s.push(d);
                if d == '"' {
                    break;
                }
            }
            out.push(s);
        } else if c.is_alphanumeric() || c == '_' || c == '$' {
            let mut s = c.to_string();
            while let Some(&d) = chars.peek() {
                if d.is_alphanumeric() || d == '_' {
                    s.push(d);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push(s);
        } else {
            out.push(c.to_string());
        }
    }
    out
}

/// Checks the selection set at `toks[*i]` (just after `{`) against type `ty`.
fn check_selection(
    sdl: &str,
    ty: &str,
    toks: &[String],
    i: &mut usize,
    at: &str,
    errs: &mut Vec<String>,
) {
    let Some(fields) = sdl_fields(sdl, ty) else {
        errs.push(format!("{at}: no type {ty} in the schema"));
        return;
    };
    while *i < toks.len() && toks[*i] != "}" {
        let name = toks[*i].clone();
        *i += 1;
        let here = format!("{at}.{name}");
        let found = fields.iter().find(|f| f.0 == name);
        if found.is_none() {
            errs.push(format!("{here}: {ty} has no field {name}"));
        }
        if toks.get(*i).map(String::as_str) == Some("(") {
            let mut depth = 0;
            loop {
                let t = &toks[*i];
                *i += 1;
                match t.as_str() {
                    "(" | "[" | "{" => depth += 1,
                    ")" | "]" | "}" => depth -= 1,
                    _ => {}
                }
                if depth == 0 {
                    break;
                }
                // An argument's name: a name followed by `:` at the top level of the list.
                let is_name = t.chars().all(|c| c.is_alphanumeric() || c == '_');
                if depth == 1
                    && is_name
                    && toks.get(*i).map(String::as_str) == Some(":")
                    && let Some(f) = found
                    && !f.1.iter().any(|a| a == t)
                {
                    errs.push(format!("{here}: no argument {t}"));
                }
            }
        }
        if toks.get(*i).map(String::as_str) == Some("{") {
            *i += 1;
            match found {
                Some(f) => check_selection(sdl, &f.2, toks, i, &here, errs),
                None => {
                    // Skip the unknown field's selection.
                    let mut depth = 1;
                    while depth > 0 && *i < toks.len() {
                        match toks[*i].as_str() {
                            "{" => depth += 1,
                            "}" => depth -= 1,
                            _ => {}
                        }
                        *i += 1;
                    }
                    continue;
                }
            }
            *i += 1;
        }
    }
}

/// The errors of one query document against QueryRoot.
fn check_document(sdl: &str, doc: &str) -> Vec<String> {
    let toks = tokens(doc);
    let mut errs = Vec::new();
    let Some(open) = toks.iter().position(|t| t == "{") else {
        return vec!["no selection".into()];
    };
    let name = toks.get(1).cloned().unwrap_or_default();
    let mut i = open + 1;
    check_selection(sdl, "QueryRoot", &toks, &mut i, &name, &mut errs);
    errs
}

#[test]
#[allow(clippy::print_stderr)] // says that it was skipped, as the CLI tests do
fn every_query_document_names_only_fields_and_arguments_of_the_2026_01_schema() {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/specs/shopify/admin-graphql-2026-01.graphql");
    let Ok(sdl) = std::fs::read_to_string(&p) else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing (CI=true)",
            p.display()
        );
        eprintln!("skipped: {} is absent", p.display());
        return;
    };
    // The checker finds what it should: a field and an argument the schema lacks.
    let bad = "query X { shopifyPaymentsAccount { payouts(first: 1, color: RED) { nodes { id bogus } } } }";
    assert_eq!(
        check_document(&sdl, bad),
        [
            "X.shopifyPaymentsAccount.payouts: no argument color",
            "X.shopifyPaymentsAccount.payouts.nodes.bogus: ShopifyPaymentsPayout has no field bogus"
        ]
    );
    for (name, doc) in [
        ("shop", super::super::SHOP_QUERY),
        ("variants", super::super::VARIANTS_QUERY),
        ("inventory", super::super::INVENTORY_QUERY),
        ("orders", super::super::ORDERS_QUERY),
        ("more lines", super::super::MORE_LINES_QUERY),
        ("balance transactions", BALANCE_TRANSACTIONS_QUERY),
        ("payouts", PAYOUTS_QUERY),
    ] {
        let errs = check_document(&sdl, doc);
        assert!(errs.is_empty(), "{name}: {errs:?}");
    }
}

#[tokio::test]
async fn the_paging_guards_hold_for_transactions() {
    // A page naming the cursor it was read at again: the walk stops with an API error.
    let server = MockServer::start().await;
    mount_shop(&server).await;
    let (p1, _) = pages();
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(answer(account("balanceTransactions", conn(p1, Some("c1")))))
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let e = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind().exit_code(), 4);
    assert!(
        e.to_string().contains("balanceTransactions") && e.to_string().contains("repeats"),
        "{e}"
    );
    // What was read before is kept.
    assert_eq!(count(&store, "SELECT COUNT(*) FROM ledger_entries"), 5);

    // An empty page that still says there is a next one ends the ledger there, said so.
    let server = MockServer::start().await;
    mount_shop(&server).await;
    Mock::given(body_string_contains("query BalanceTransactions"))
        .respond_with(answer(account(
            "balanceTransactions",
            conn(vec![], Some("c9")),
        )))
        .mount(&server)
        .await;
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    let cut = s.resources[0].pagination_stopped.as_deref().expect("cut");
    assert!(cut.contains("empty page"), "{cut}");
    assert_eq!(count(&store, "SELECT COUNT(*) FROM payouts"), 0);
}

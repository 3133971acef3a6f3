//! The payment account ledger against a loopback mock whose answers follow the Open API v3
//! schemas (PaymentAccountLedgerEntries, PaymentAccountLedgerEntry, Payments, Payment).

use serde_json::{Value, json};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use super::super::tests::{NOW, SHOP, connector, count, mount_shop, store_with};
use super::*;
use crate::marketplaces::api::{Resource, SyncOptions, sync};
use crate::progress::NoProgress;
use crate::store::Store;

/// NOW in epoch seconds: the `max_created` of a walk that starts at NOW.
const NOW_S: i64 = 1_751_284_800;
const T0: i64 = 1_750_000_000;

fn opts(only: &[Resource]) -> SyncOptions {
    SyncOptions {
        only: only.to_vec(),
        now: NOW.into(),
        ..SyncOptions::default()
    }
}

fn entry(seq: i64, ty: &str, amount: i64, balance: i64, rtype: &str, rid: Value) -> Value {
    json!({
        "entry_id": 80_000 + seq, "ledger_id": 4242, "sequence_number": seq,
        "amount": amount, "currency": "USD", "description": ty, "balance": balance,
        "create_date": T0 + seq * 60, "created_timestamp": T0 + seq * 60,
        "ledger_type": ty, "reference_type": rtype, "reference_id": rid,
        "payment_adjustments": []
    })
}

/// 34 sales (gross 20.00, transaction fee 1.30, processing fee 0.85), a 0.20 listing fee,
/// then the disbursement of the whole balance: 104 entries, 100 on the first page.
fn statement() -> Vec<Value> {
    let mut out = Vec::new();
    let mut balance = 0;
    let mut seq = 0;
    let mut push = |ty: &str, amount: i64, rtype: &str, rid: Value, out: &mut Vec<Value>| {
        seq += 1;
        balance += amount;
        out.push(entry(seq, ty, amount, balance, rtype, rid));
    };
    for k in 0..34u64 {
        push(
            "PAYMENT_GROSS",
            2000,
            "shop_payment",
            json!(700 + k),
            &mut out,
        );
        push(
            "transaction",
            -130,
            "transaction",
            json!(5_000 + k),
            &mut out,
        );
        push(
            "PAYMENT_PROCESSING_FEE",
            -85,
            "shop_payment",
            json!((700 + k).to_string()),
            &mut out,
        );
    }
    push("listing", -20, "listing", json!(111), &mut out);
    let b = 34 * (2000 - 130 - 85) - 20;
    push("DISBURSE2", -b, "disbursement", Value::Null, &mut out);
    out
}

fn payments() -> Value {
    let results: Vec<Value> = (0..34u64)
        .map(|k| {
            json!({
                "payment_id": 700 + k, "buyer_user_id": 1, "shop_id": 5551234, "receipt_id": 9_000_000 + k,
                "amount_gross": {"amount": 2000, "divisor": 100, "currency_code": "USD"},
                "currency": "USD", "shop_currency": "USD", "status": "settled",
                "create_timestamp": T0, "created_timestamp": T0, "payment_adjustments": []
            })
        })
        .collect();
    json!({"count": results.len(), "results": results})
}

async fn mount_payments(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path(format!(
            "{SHOP}/payment-account/ledger-entries/payments"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(payments()))
        .mount(server)
        .await;
}

/// The statement's entries at offsets 0 and 100, for a walk from `min_created`.
async fn mount_ledger(server: &MockServer, min_created: i64, entries: &[Value]) {
    let total = entries.len();
    for offset in [0usize, 100] {
        let page: Vec<Value> = entries.iter().skip(offset).take(100).cloned().collect();
        Mock::given(method("GET"))
            .and(path(format!("{SHOP}/payment-account/ledger-entries")))
            .and(query_param("min_created", min_created.to_string()))
            .and(query_param("max_created", NOW_S.to_string()))
            .and(query_param("limit", "100"))
            .and(query_param("offset", offset.to_string()))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"count": total, "results": page})),
            )
            .mount(server)
            .await;
    }
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

fn one(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

#[test]
fn ledger_types_map_as_the_statement_rows_of_the_same_movements() {
    use LedgerKind as K;
    let c = |t: &str| classify(t, "");
    assert_eq!(c("PAYMENT_GROSS"), (K::Sale, "sale".into()));
    assert_eq!(c("REFUND_GROSS"), (K::Refund, "refund".into()));
    assert_eq!(c("REFUND"), (K::Refund, "refund".into()));
    assert_eq!(c("transaction"), (K::Fee, "transaction_fee".into()));
    assert_eq!(
        c("shipping_transaction"),
        (K::Fee, "transaction_fee".into())
    );
    assert_eq!(
        c("transaction_quantity_refund"),
        (K::Fee, "transaction_fee".into())
    );
    assert_eq!(c("renew_sold_auto"), (K::Fee, "listing_fee".into()));
    assert_eq!(c("listing_refund"), (K::Fee, "listing_fee".into()));
    assert_eq!(
        c("PAYMENT_PROCESSING_FEE"),
        (K::Fee, "processing_fee".into())
    );
    assert_eq!(c("offsite_ads_fee"), (K::Ad, "offsite_ads".into()));
    assert_eq!(c("offsite_ads_fee_refund"), (K::Ad, "offsite_ads".into()));
    assert_eq!(c("prolist"), (K::Ad, "etsy_ads".into()));
    assert_eq!(
        c("shipping_labels"),
        (K::ShippingLabel, "shipping_label".into())
    );
    assert_eq!(
        c("shipping_label_refund"),
        (K::ShippingLabel, "shipping_label".into())
    );
    assert_eq!(c("sales_tax"), (K::Tax, "sales_tax".into()));
    assert_eq!(c("vat_seller_services"), (K::Tax, "vat_on_fees".into()));
    assert_eq!(c("DISBURSE2"), (K::Payout, "deposit".into()));
    assert_eq!(c("DISBURSE"), (K::Payout, "deposit".into()));
    assert_eq!(c("RESERVE"), (K::Reserve, "reserve".into()));
    assert_eq!(c("RECOUP"), (K::Adjustment, "payment".into()));
    assert_eq!(c("misc_credit"), (K::Adjustment, "adjustment".into()));
    // A type no rule knows is kept, never refused.
    assert_eq!(c("FANCY_NEW_THING"), (K::Other, "fancy_new_thing".into()));
    // No type: the description says what it is.
    assert_eq!(classify("", "DISBURSE2"), (K::Payout, "deposit".into()));
    // The same names as the statement importer gives the same movements.
    use crate::marketplaces::exports::ledger_etsy::classify as statement;
    assert_eq!(c("transaction"), statement("Fee", "Transaction fee: Mug"));
    assert_eq!(c("listing"), statement("Fee", "Listing fee"));
    assert_eq!(c("offsite_ads_fee"), statement("Marketing", "Offsite Ads"));
    assert_eq!(
        c("DISBURSE2"),
        statement("Deposit", "$10.00 sent to your bank account")
    );
}

#[tokio::test]
async fn a_two_page_ledger_is_written_with_orders_and_its_payout_which_reconciles() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_payments(&server).await;
    let entries = statement();
    assert_eq!(entries.len(), 104);
    mount_ledger(&server, EPOCH_MIN, &entries).await;
    let ks = store_with("at-one");
    let mut c = connector(&server, &ks);
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(&mut c, &mut store, &opts(&[Resource::Ledger]), &NoProgress)
        .await
        .unwrap();
    assert!(s.complete);
    assert_eq!(s.resources.len(), 1);
    let r = &s.resources[0];
    assert_eq!(r.pages, 2);
    assert_eq!(r.skipped, None);
    assert_eq!(r.records_rejected, 0);
    assert_eq!(r.counts.payouts, 1);
    assert_eq!(count(&store, "ledger_entries"), 104);
    assert_eq!(count(&store, "payouts"), 1);

    // Kinds and types, as the statement importer names them.
    let by_type = rows(
        &store,
        "SELECT kind, type, COUNT(*), SUM(amount_minor), COUNT(order_ref) FROM ledger_entries GROUP BY kind, type ORDER BY kind, type",
    );
    let want = |k: &str, t: &str, n: i64, sum: i64, orders: i64| {
        vec![
            Some(k.to_string()),
            Some(t.to_string()),
            Some(n.to_string()),
            Some(sum.to_string()),
            Some(orders.to_string()),
        ]
    };
    let paid = 34 * (2000 - 130 - 85) - 20;
    assert_eq!(
        by_type,
        vec![
            want("fee", "listing_fee", 1, -20, 0),
            want("fee", "processing_fee", 34, -34 * 85, 34),
            want("fee", "transaction_fee", 34, -34 * 130, 0),
            want("payout", "deposit", 1, -paid, 0),
            want("sale", "sale", 34, 34 * 2000, 34),
        ]
    );
    // The order of a sale is its payment's receipt, from the payments join.
    let first = rows(
        &store,
        "SELECT external_id, posted_at, amount_minor, currency, order_ref, source, payout_ref FROM ledger_entries WHERE external_id = 'entry:80001'",
    );
    assert_eq!(
        first,
        vec![vec![
            Some("entry:80001".into()),
            Some("2025-06-15T15:07:40Z".into()),
            Some("2000".into()),
            Some("USD".into()),
            Some("9000000".into()),
            Some("api:getShopPaymentAccountLedgerEntries".into()),
            Some("payout:80104".into()),
        ]]
    );
    // The payout, and every entry it pays out linked to it (those of the first page too).
    let payout = rows(
        &store,
        "SELECT external_id, paid_at, amount_minor, currency, status, source FROM payouts",
    );
    assert_eq!(
        payout,
        vec![vec![
            Some("payout:80104".into()),
            Some("2025-06-15T16:50:40Z".into()),
            Some(paid.to_string()),
            Some("USD".into()),
            Some("paid".into()),
            Some("api:getShopPaymentAccountLedgerEntries".into()),
        ]]
    );
    assert_eq!(
        one(
            &store,
            "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref = 'payout:80104'"
        ),
        104
    );

    // report payouts: the payout is the sum of its entries.
    let q = crate::report::payouts::PayoutsQuery {
        since: None,
        until: None,
        marketplace: Some("etsy".into()),
        today: "2025-06-30".parse().unwrap(),
        grace_days: 14,
        examples: 5,
    };
    let rep = crate::report::payouts::payouts(&store, &q).unwrap();
    assert_eq!(rep.payouts.len(), 1);
    let p = &rep.payouts[0];
    assert!(p.linked, "{p:?}");
    assert_eq!(p.entries, 103);
    assert_eq!(p.amount.amount_minor, paid);
    assert_eq!(p.difference.unwrap().amount_minor, 0);
    assert_eq!(p.orders, 34);
    assert_eq!(rep.exceptions.payouts_not_adding_up.count, 0);

    // A second full run writes the same rows again: no duplicates.
    let full = SyncOptions {
        full: true,
        ..opts(&[Resource::Ledger])
    };
    sync(&mut connector(&server, &ks), &mut store, &full, &NoProgress)
        .await
        .unwrap();
    assert_eq!(count(&store, "ledger_entries"), 104);
    assert_eq!(count(&store, "payouts"), 1);
    let rep2 = crate::report::payouts::payouts(&store, &q).unwrap();
    assert_eq!(rep2.payouts, rep.payouts);

    // The next run asks only from the newest entry on (the disbursement's time), and the
    // entries it reads again keep their payout.
    let newest = T0 + 104 * 60;
    let again = vec![entries[103].clone()];
    Mock::given(method("GET"))
        .and(path(format!("{SHOP}/payment-account/ledger-entries")))
        .and(query_param("min_created", newest.to_string()))
        .and(query_param("max_created", NOW_S.to_string()))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 1, "results": again})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(
        s.resources[0].since.as_deref(),
        Some("2025-06-15T16:50:40Z")
    );
    assert_eq!(s.resources[0].counts.ledger_entries, 1);
    assert_eq!(count(&store, "ledger_entries"), 104);
    assert_eq!(count(&store, "payouts"), 1);
    assert_eq!(
        one(
            &store,
            "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref = 'payout:80104'"
        ),
        104
    );
    server.verify().await;
}

#[tokio::test]
async fn a_403_skips_the_ledger_in_a_default_run_and_fails_under_only() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    for p in ["listings", "receipts"] {
        Mock::given(method("GET"))
            .and(path(format!("{SHOP}/{p}")))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(json!({"count": 0, "results": []})),
            )
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(format!("{SHOP}/payment-account/ledger-entries")))
        .respond_with(ResponseTemplate::new(403).set_body_json(
            json!({"error": "Access denied: the token is missing the scope transactions_r"}),
        ))
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[]),
        &NoProgress,
    )
    .await
    .unwrap();
    let names: Vec<&str> = s.resources.iter().map(|r| r.resource.name()).collect();
    assert_eq!(names, ["listings", "orders", "ledger"]);
    let why = s.resources[2]
        .skipped
        .as_deref()
        .expect("the ledger is skipped");
    assert!(
        why.contains("getShopPaymentAccountLedgerEntries")
            && why.contains("403")
            && why.contains("transactions_r")
            && why.contains("sellkit auth login etsy"),
        "{why}"
    );
    assert_eq!(s.resources[2].pages, 0);
    assert_eq!(count(&store, "ledger_entries"), 0);

    let e = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap_err();
    assert_eq!(e.kind(), crate::error::ErrorKind::Config);
    assert_eq!(e.kind().exit_code(), 3);
    assert!(
        e.to_string()
            .starts_with("etsy ledger: etsy getShopPaymentAccountLedgerEntries: HTTP 403"),
        "{e}"
    );
}

#[tokio::test]
async fn odd_entries_are_kept_as_other_or_rejected_never_fatal() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_payments(&server).await;
    let mut unknown = entry(1, "FANCY_NEW_THING", 150, 150, "", Value::Null);
    unknown["description"] = Value::Null;
    unknown["reference_type"] = Value::Null;
    let mut euro = entry(2, "PAYMENT_GROSS", 1999, 2149, "shop_payment", json!("999"));
    euro["currency"] = json!("EUR");
    let mut bare = entry(3, "sales_tax", -40, 0, "receipt", json!(9_000_077));
    for k in [
        "sequence_number",
        "balance",
        "created_timestamp",
        "ledger_id",
    ] {
        bare[k] = Value::Null;
    }
    let mut no_amount = entry(4, "transaction", 0, 0, "transaction", json!(1));
    no_amount["amount"] = Value::Null;
    let mut no_currency = entry(5, "transaction", -10, 0, "transaction", json!(1));
    no_currency.as_object_mut().unwrap().remove("currency");
    let mut no_time = entry(6, "listing", -20, 0, "listing", json!(1));
    no_time["create_date"] = Value::Null;
    no_time["created_timestamp"] = Value::Null;
    let list = vec![unknown, euro, bare, no_amount, no_currency, no_time];
    mount_ledger(&server, EPOCH_MIN, &list).await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.resources[0].records_rejected, 3);
    assert_eq!(
        rows(
            &store,
            "SELECT external_id, kind, type, description, amount_minor, currency, order_ref FROM ledger_entries ORDER BY external_id",
        ),
        vec![
            vec![
                Some("entry:80001".into()),
                Some("other".into()),
                Some("fancy_new_thing".into()),
                Some("FANCY_NEW_THING".into()),
                Some("150".into()),
                Some("USD".into()),
                None
            ],
            vec![
                Some("entry:80002".into()),
                Some("sale".into()),
                Some("sale".into()),
                Some("PAYMENT_GROSS".into()),
                Some("1999".into()),
                Some("EUR".into()),
                // Payment 999 is not in the join's answer: no order, no failure.
                None
            ],
            vec![
                Some("entry:80003".into()),
                Some("tax".into()),
                Some("sales_tax".into()),
                Some("sales_tax".into()),
                Some("-40".into()),
                Some("USD".into()),
                Some("9000077".into())
            ],
        ]
    );
    let rejected = rows(
        &store,
        "SELECT operation, external_id FROM sync_rejects ORDER BY external_id",
    );
    assert_eq!(
        rejected,
        vec![
            vec![Some(LEDGER_OP.into()), Some("80004".into())],
            vec![Some(LEDGER_OP.into()), Some("80005".into())],
            vec![Some(LEDGER_OP.into()), Some("80006".into())],
        ]
    );
    // No disbursement: nothing linked, no payout.
    assert_eq!(count(&store, "payouts"), 0);
}

#[tokio::test]
async fn a_full_page_whose_count_says_it_is_the_last_ends_the_walk() {
    let server = MockServer::start().await;
    mount_shop(&server).await;
    mount_payments(&server).await;
    let entries: Vec<Value> = statement().into_iter().take(100).collect();
    Mock::given(method("GET"))
        .and(path(format!("{SHOP}/payment-account/ledger-entries")))
        .and(query_param("offset", "0"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 100, "results": entries})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("{SHOP}/payment-account/ledger-entries")))
        .and(query_param("offset", "100"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"count": 100, "results": []})),
        )
        .expect(0)
        .mount(&server)
        .await;
    let ks = store_with("at-one");
    let mut store = Store::open_in_memory().unwrap();
    let s = sync(
        &mut connector(&server, &ks),
        &mut store,
        &opts(&[Resource::Ledger]),
        &NoProgress,
    )
    .await
    .unwrap();
    assert_eq!(s.resources[0].pages, 1);
    assert_eq!(count(&store, "ledger_entries"), 100);
    // No disbursement in what was read: nothing linked.
    assert_eq!(
        one(
            &store,
            "SELECT COUNT(*) FROM ledger_entries WHERE payout_ref IS NOT NULL"
        ),
        0
    );
    server.verify().await;
}

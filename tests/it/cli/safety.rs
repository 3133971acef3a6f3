//! The safety core against someone with a database editor: every column of an approved draft
//! tampered in turn, forged approval rows, deleted audit entries and dropped triggers. Each
//! time `post` must send nothing (zero requests at the loopback mock), exit 6, put the draft
//! back in the queue and audit the refusal. Also: demo-shop drafts never leave the machine,
//! Etsy posts carry `keystring:shared_secret` and find the shop through getMe, and edits stay
//! inside the price bounds.

use rusqlite::Connection;
use serde_json::{Value, json};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::cli::post::{configure, one, post_cmd, run_async};
use crate::cli::review::{price_draft, seed_shop};
use crate::common::{TestEnv, approve, open_store, seal};

/// A fresh shop with one approved Etsy price change (MUG-1, listing 1001, $22.00 -> $24.95).
async fn approved_etsy_price(server: &MockServer) -> (TestEnv, Connection, i64) {
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    approve(&env, id);
    (env, conn, id)
}

fn refusals(conn: &Connection, id: i64) -> i64 {
    conn.query_row(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'post_refused' AND subject = 'draft:' || ?1",
        [id],
        |r| r.get(0),
    )
    .unwrap()
}

/// Runs `post`, and checks that it refused `id`: exit 6, no request, back to pending, audited.
async fn assert_refused(server: &MockServer, env: &TestEnv, conn: &Connection, id: i64, why: &str) {
    let r = run_async(env, &["--json"]).await;
    assert_eq!(r.code, 6, "{why}: exit code\n{}\n{}", r.stdout, r.stderr);
    let out: Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        out["refused"][0]["draft_id"].as_i64(),
        Some(id),
        "{why}: {out}"
    );
    assert!(out["posted"].as_array().unwrap().is_empty(), "{why}");
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "{why}: a request reached the marketplace"
    );
    assert_eq!(
        one(conn, "SELECT status FROM drafts WHERE id = ?1", id),
        "pending",
        "{why}"
    );
    assert_eq!(refusals(conn, id), 1, "{why}: post_refused audited once");
    let postings: i64 = conn
        .query_row("SELECT COUNT(*) FROM postings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(postings, 0, "{why}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_column_tampered_after_a_genuine_approval_is_refused() {
    // Columns of the drafts row, each set to something a person could mean to post elsewhere.
    let tampers: &[(&str, &str)] = &[
        ("sku", "UPDATE drafts SET sku = 'VAS-00005' WHERE id = ?1"),
        (
            "marketplace",
            "UPDATE drafts SET marketplace = 'ebay' WHERE id = ?1",
        ),
        (
            "kind",
            "UPDATE drafts SET kind = 'listing_update' WHERE id = ?1",
        ),
        ("shop_id", "UPDATE drafts SET shop_id = 2 WHERE id = ?1"),
        (
            "listing_id",
            "UPDATE drafts SET listing_id = NULL WHERE id = ?1",
        ),
        (
            "payload",
            "UPDATE drafts SET payload = replace(payload, '2495', '1000') WHERE id = ?1",
        ),
        (
            "payload and hash",
            "UPDATE drafts SET payload = replace(payload, '2495', '1000'), payload_hash = 'x' WHERE id = ?1",
        ),
        (
            "payload_hash",
            "UPDATE drafts SET payload_hash = 'abc' WHERE id = ?1",
        ),
        (
            "approval hash",
            "UPDATE approvals SET payload_hash = 'abc' WHERE draft_id = ?1",
        ),
        (
            "approval who",
            "UPDATE approvals SET who = 'someone else' WHERE draft_id = ?1",
        ),
        (
            "approval time",
            "UPDATE approvals SET at = '2031-01-01T00:00:00Z' WHERE draft_id = ?1",
        ),
        (
            "approval seal",
            "UPDATE approvals SET mac = NULL WHERE draft_id = ?1",
        ),
        (
            "approval audit link",
            "UPDATE approvals SET audit_id = NULL WHERE draft_id = ?1",
        ),
    ];
    for (what, sql) in tampers {
        let server = MockServer::start().await;
        let (env, conn, id) = approved_etsy_price(&server).await;
        conn.execute(sql, [id]).unwrap();
        assert_refused(&server, &env, &conn, id, what).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_made_approval_is_refused() {
    // An approvals row with the right hash, made with SQL: no seal.
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    conn.execute(
        "INSERT INTO approvals (draft_id, payload_hash, decision, who, how, at)
         SELECT id, payload_hash, 'approved', 'me', 'tty', '2025-06-30T12:00:00Z' FROM drafts WHERE id = ?1",
        [id],
    )
    .unwrap();
    conn.execute("UPDATE drafts SET status = 'approved' WHERE id = ?1", [id])
        .unwrap();
    assert_refused(&server, &env, &conn, id, "unsealed approval").await;

    // Sealed, but with another install's secret, and audited by hand.
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let other = sellkit::store::Store::open_existing(&env.db())
        .unwrap()
        .with_seal(sellkit::drafts::Seal::ephemeral());
    let hash = one(&conn, "SELECT payload_hash FROM drafts WHERE id = ?1", id);
    let s = other.seal().unwrap();
    sellkit::drafts::approve(
        other.conn(),
        &sellkit::drafts::Decider {
            seal: &s,
            who: "me",
            how: "tty",
            now: "2025-06-30T12:00:00Z",
        },
        id,
        &hash,
    )
    .unwrap();
    drop(other);
    assert_refused(
        &server,
        &env,
        &conn,
        id,
        "approval sealed by another secret",
    )
    .await;

    // A genuine rejection turned into an approval.
    let server = MockServer::start().await;
    let env = TestEnv::new();
    configure(&env, &server.uri());
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let store = open_store(&env);
    let hash = one(&conn, "SELECT payload_hash FROM drafts WHERE id = ?1", id);
    let s = store.seal().unwrap();
    let by = sellkit::drafts::Decider {
        seal: &s,
        who: "me",
        how: "tty",
        now: "2025-06-30T12:00:00Z",
    };
    sellkit::drafts::reject(store.conn(), &by, id, &hash, "too high").unwrap();
    drop(store);
    conn.execute_batch(&format!(
        "UPDATE approvals SET decision = 'approved', reason = NULL WHERE draft_id = {id};
         UPDATE drafts SET status = 'approved' WHERE id = {id};"
    ))
    .unwrap();
    assert_refused(&server, &env, &conn, id, "rejection turned approval").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deleted_audit_entry_or_dropped_triggers_stop_every_post() {
    // The approval's audit entry deleted after dropping the triggers.
    let server = MockServer::start().await;
    let (env, conn, id) = approved_etsy_price(&server).await;
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DROP TRIGGER audit_log_append_only_delete; DROP TRIGGER audit_log_append_only_update;",
    )
    .unwrap();
    conn.execute("DELETE FROM audit_log WHERE action = 'draft_approved'", [])
        .unwrap();
    assert_refused(&server, &env, &conn, id, "approval entry deleted").await;
    let check = env.run(&["db", "check", "--json"]);
    assert_eq!(check.code, 6, "{}", check.stderr);
    let doc: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(doc["ok"], false);
    assert_eq!(doc["audit"]["triggers_present"], false);

    // Triggers dropped, nothing deleted: still nothing is sent until `db check` passes.
    let server = MockServer::start().await;
    let (env, conn, id) = approved_etsy_price(&server).await;
    conn.execute_batch("DROP TRIGGER audit_log_append_only_delete;")
        .unwrap();
    assert_refused(&server, &env, &conn, id, "trigger dropped").await;

    // An earlier entry rewritten: db check names it.
    let server = MockServer::start().await;
    let (env, conn, _id) = approved_etsy_price(&server).await;
    let second = price_draft(&conn, "etsy", "MUG-1", 2200, 2600);
    approve(&env, second);
    let first_entry: i64 = conn
        .query_row("SELECT MIN(id) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    conn.execute_batch("DROP TRIGGER audit_log_append_only_update;")
        .unwrap();
    conn.execute(
        "UPDATE audit_log SET actor = 'someone else' WHERE id = ?1",
        [first_entry],
    )
    .unwrap();
    conn.execute_batch(
        "CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
         BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;",
    )
    .unwrap();
    let check = env.run(&["db", "check", "--json"]);
    assert_eq!(check.code, 6);
    let doc: Value = serde_json::from_str(&check.stdout).unwrap();
    assert_eq!(
        doc["audit"]["first_broken"]["id"].as_i64(),
        Some(first_entry),
        "{doc}"
    );
    assert!(
        check.stderr.contains(&format!("entry {first_entry}")),
        "{}",
        check.stderr
    );
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 6);
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_intact_store_passes_db_check_and_posts_with_the_shared_secret() {
    let server = MockServer::start().await;
    let (env, conn, id) = approved_etsy_price(&server).await;
    let check = env.run(&["db", "check", "--json"]).json();
    assert_eq!(check["ok"], true, "{check}");
    assert_eq!(check["audit"]["first_broken"], Value::Null);
    // Etsy refuses the bare keystring: only keystring:shared_secret is answered.
    Mock::given(method("GET"))
        .and(path("/v3/application/listings/1001/inventory"))
        .and(header("x-api-key", "very-secret-token-123:shh-shared"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "products": [{"sku": "MUG-1", "offerings": [{"price": {"amount": 2200, "divisor": 100, "currency_code": "USD"}, "quantity": 4, "is_enabled": true}], "property_values": []}],
            "price_on_property": [], "quantity_on_property": [], "sku_on_property": []
        })))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/v3/application/listings/1001/inventory"))
        .and(header("x-api-key", "very-secret-token-123:shh-shared"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"products": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(header("x-api-key", "very-secret-token-123"))
        .respond_with(
            ResponseTemplate::new(403).set_body_json(
                json!({"error": "Invalid API key: should be keystring:shared_secret"}),
            ),
        )
        .mount(&server)
        .await;
    let r = run_async(&env, &["--json"]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", id),
        "posted"
    );
    assert!(!r.stdout.contains("shh-shared") && !r.stderr.contains("shh-shared"));
    let check = env.run(&["db", "check", "--json"]).json();
    assert_eq!(check["ok"], true, "{check}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn etsy_post_finds_the_shop_through_get_me_and_checks_it() {
    let server = MockServer::start().await;
    let (env, conn, id) = approved_etsy_price(&server).await;
    // The credentials name no shop: getMe says the signed-in user owns shop 777, not the draft's 555.
    Mock::given(method("GET"))
        .and(path("/v3/application/users/me"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_id": 1, "shop_id": 777})),
        )
        .mount(&server)
        .await;
    let mut cmd = post_cmd(&env, &["--json"]);
    cmd.env_remove("SELLKIT_ETSY_SHOP_ID");
    let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
        .await
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(6),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    let reason = doc["refused"][0]["reason"].as_str().unwrap();
    assert!(
        reason.contains("\"555\"") && reason.contains("\"777\""),
        "{reason}"
    );
    let reqs = server.received_requests().await.unwrap();
    assert_eq!(reqs.len(), 1, "only getMe");
    assert_eq!(reqs[0].url.path(), "/v3/application/users/me");
    assert_eq!(
        one(&conn, "SELECT status FROM drafts WHERE id = ?1", id),
        "pending"
    );
}

#[test]
fn demo_shop_drafts_never_leave_the_machine() {
    let env = TestEnv::new();
    // Every marketplace configured at an address nothing listens on: any request would fail.
    configure(&env, "http://127.0.0.1:9");
    env.small_demo();
    let out = env
        .run(&["price", "suggest", "--json"])
        .json_with("price drafts created");
    assert!(
        out["summary"]["drafts_created"].as_u64().unwrap() > 0,
        "{out}"
    );
    let conn = Connection::open(env.db()).unwrap();
    let ids: Vec<i64> = {
        let mut s = conn
            .prepare("SELECT id FROM drafts WHERE status = 'pending'")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    for id in &ids {
        approve(&env, *id);
    }
    let r = env.run_cmd(&mut post_cmd(&env, &["--json"]));
    assert_eq!(r.code, 0, "{}", r.stderr);
    let doc: Value = serde_json::from_str(&r.stdout).unwrap();
    assert!(doc["posted"].as_array().unwrap().is_empty());
    assert!(doc["failed"].as_array().unwrap().is_empty(), "{doc}");
    let skipped = doc["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), ids.len());
    assert!(
        skipped
            .iter()
            .all(|s| s["reason"].as_str().unwrap().contains("demo shop"))
    );
    let postings: i64 = conn
        .query_row("SELECT COUNT(*) FROM postings", [], |r| r.get(0))
        .unwrap();
    assert_eq!(postings, 0);
    // The payload names the shop it belongs to.
    let payload: Value = serde_json::from_str(&one(
        &conn,
        "SELECT payload FROM drafts WHERE id = ?1",
        ids[0],
    ))
    .unwrap();
    assert_eq!(payload["shop"]["origin"], "demo", "{payload}");
}

#[test]
fn approval_refuses_a_price_outside_the_bounds_and_edits_cannot_move_a_draft() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    let id = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    // The price moved below the floor by SQL, hash made to match: approval refuses it.
    let store = open_store(&env);
    let d = sellkit::drafts::load_draft(store.conn(), id)
        .unwrap()
        .unwrap();
    let mut p = d.payload.clone();
    p["new_price"]["amount_minor"] = json!(1000);
    let (text, hash) = sellkit::drafts::canonical_and_hash(&p);
    conn.execute(
        "UPDATE drafts SET payload = ?2, payload_hash = ?3 WHERE id = ?1",
        rusqlite::params![id, text, hash],
    )
    .unwrap();
    let s = seal(&env);
    let e = sellkit::drafts::approve(
        store.conn(),
        &sellkit::drafts::Decider {
            seal: &s,
            who: "me",
            how: "tty",
            now: "2025-06-30T12:00:00Z",
        },
        id,
        &hash,
    )
    .unwrap_err();
    assert_eq!(e.kind(), sellkit::error::ErrorKind::Safety);
    assert!(
        e.to_string()
            .contains("below the floor $15.00 (allowed $15.00 to $40.00)"),
        "{e}"
    );
    // An edit cannot change where the draft goes.
    let mut moved = d.payload.clone();
    moved["marketplace"] = json!("ebay");
    let e = sellkit::drafts::replace_payload(store.conn(), &s, id, &hash, &moved, "me", "t")
        .unwrap_err();
    assert!(
        e.to_string().contains("cannot be edited") || e.to_string().contains("changed"),
        "{e}"
    );
}

/// Bytes that must never reach a terminal from data: ESC, BEL, CSI (C1) and NUL.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\t' | '\r'))
        .collect()
}

#[test]
fn one_hostile_value_through_every_renderer() {
    const HOSTILE: &str =
        "=EVIL\u{1b}]0;pwned\u{7}\u{1b}]52;c;ZXZpbA==\u{7}\u{1b}[2J\u{9b}31m\u{202e}-01";
    let env = TestEnv::new();
    env.small_demo();
    let conn = Connection::open(env.db()).unwrap();
    let victim: String = conn
        .query_row("SELECT sku FROM products ORDER BY sku LIMIT 1", [], |r| {
            r.get(0)
        })
        .unwrap();
    // As if a marketplace answer or a database edit had put it there (importers refuse it).
    conn.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    for table in [
        "products",
        "listings",
        "order_lines",
        "product_costs",
        "inventory",
    ] {
        let has_sku: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM pragma_table_info(?1) WHERE name = 'sku'",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        if has_sku > 0 {
            conn.execute(
                &format!("UPDATE {table} SET sku = ?1 WHERE sku = ?2"),
                [HOSTILE, &victim],
            )
            .unwrap();
        }
    }
    conn.execute("UPDATE listings SET title = ?1 WHERE sku = ?1", [HOSTILE])
        .unwrap();
    drop(conn);
    env.run(&["forecast", "-q"]).ok();
    let store = open_store(&env);
    sellkit::drafts::insert_pending(
        store.conn(),
        &sellkit::drafts::NewDraft {
            kind: sellkit::drafts::DraftKind::PriceChange,
            marketplace: "etsy".into(),
            shop_id: Some(1),
            sku: Some(HOSTILE.into()),
            listing_id: None,
            payload: json!({"new_price": {"amount_minor": 100, "currency": "USD"}}),
            agent: HOSTILE.into(),
            rationale: HOSTILE.into(),
            confidence_bp: Some(5000),
        },
        "2025-06-30T11:00:00Z",
    )
    .unwrap();
    drop(store);
    let mut checked = 0;
    for cmd in [
        vec!["report"],
        vec!["report", "sales"],
        vec!["report", "inventory"],
        vec!["review", "list"],
        vec!["forecast", "--sku", HOSTILE],
    ] {
        for format in ["table", "markdown", "csv", "html", "json", "ndjson"] {
            let mut args = cmd.clone();
            args.extend(["--format", format]);
            let r = env.run(&args);
            let all = format!("{}{}", r.stdout, r.stderr);
            assert!(
                raw_controls(&all).is_empty(),
                "{args:?} printed raw control characters {:?}",
                raw_controls(&all)
            );
            assert!(
                !all.contains('\u{202e}'),
                "{args:?} printed a bidi override"
            );
            if r.code == 0 {
                checked += 1;
                let lists_it = cmd[0] == "review" || cmd.len() == 1 || cmd[1] == "sales";
                if lists_it && format != "json" && format != "ndjson" && format != "html" {
                    assert!(
                        r.stdout.contains("EVIL"),
                        "{args:?} dropped the value instead of neutralising it:\n{}",
                        r.stdout
                    );
                }
                if format == "csv" {
                    assert!(
                        !r.stdout
                            .lines()
                            .any(|l| l.starts_with("=EVIL") || l.contains(",=EVIL")),
                        "{args:?}: a formula cell reached the CSV:\n{}",
                        r.stdout
                    );
                    assert!(r.stdout.contains("'=EVIL"), "{args:?}:\n{}", r.stdout);
                }
            }
        }
    }
    assert!(checked >= 20, "only {checked} renderings succeeded");
    // --raw-csv keeps the text as stored (still no terminal controls: CSV is data, not a screen).
    let raw = env.run(&["review", "list", "--format", "csv", "--raw-csv"]);
    assert!(raw.ok().contains(",=EVIL"), "{}", raw.stdout);
}

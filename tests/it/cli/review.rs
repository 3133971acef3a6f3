//! `sellkit review`: driven in a pseudo-terminal (rexpect), the database checked after each key.

use std::process::{Command, Stdio};

use rexpect::process::WaitStatus;
use rusqlite::Connection;
use serde_json::{Value, json};

use crate::common::TestEnv;
use sellkit::drafts::{DraftKind, NewDraft, insert_pending, sha256_hex};

const DOWN: &str = "\x1b[B";

/// The seeded shop of each marketplace (the accounts `post` tests sign in as).
pub fn shop_of(marketplace: &str) -> i64 {
    match marketplace {
        "etsy" => 1,
        "shopify" => 2,
        "ebay" => 3,
        "amazon" => 4,
        other => panic!("no seeded shop for {other}"),
    }
}

/// A shop on each marketplace, and one live Etsy listing (MUG-1 at $22.00, 4 in stock, cost
/// $8.00).
pub fn seed_shop(env: &TestEnv) -> Connection {
    let store = sellkit::store::Store::open_or_create(&env.db()).expect("db");
    drop(store);
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
           VALUES (1, 'etsy', 'etsy', '555', 'Test shop', 'USD', 'api', '2025-01-01T00:00:00Z'),
                  (2, 'shopify', 'shopify', 'test.myshopify.com', 'Test shop', 'USD', 'api', '2025-01-01T00:00:00Z'),
                  (3, 'ebay', 'ebay', 'testseller', 'Test shop', 'USD', 'api', '2025-01-01T00:00:00Z'),
                  (4, 'amazon', 'amazon', 'A1SELLER', 'Test shop', 'USD', 'api', '2025-01-01T00:00:00Z');
         INSERT INTO products (sku, title, origin, created_at, updated_at)
           VALUES ('MUG-1', 'Blue mug', 'api', '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z');
         INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency) VALUES ('MUG-1', '2025-01-01', 800, 'USD');
         INSERT INTO listings (id, shop_id, external_id, sku, title, description, tags, price_minor, currency, quantity, state, updated_at)
           VALUES (1, 1, '1001', 'MUG-1', 'Blue mug', 'A blue mug.', '[\"mug\",\"blue\"]', 2200, 'USD', 4, 'active', '2025-01-01T00:00:00Z');",
    )
    .unwrap();
    conn
}

pub fn price_draft(conn: &Connection, marketplace: &str, sku: &str, old: i64, new: i64) -> i64 {
    insert_pending(
        conn,
        &NewDraft {
            kind: DraftKind::PriceChange,
            marketplace: marketplace.into(),
            shop_id: Some(shop_of(marketplace)),
            sku: Some(sku.into()),
            listing_id: (marketplace == "etsy" && sku == "MUG-1").then_some(1),
            payload: json!({"kind": "price_change", "marketplace": marketplace, "sku": sku, "external_id": "1001",
                "old_price": {"amount_minor": old, "currency": "USD"}, "new_price": {"amount_minor": new, "currency": "USD"},
                "floor": {"amount_minor": 1500, "currency": "USD"}, "ceiling": {"amount_minor": 4000, "currency": "USD"}}),
            agent: "pricing".into(),
            rationale: "Lowest competitor moved up; stock runs out in 20 days.".into(),
            confidence_bp: Some(7200),
        },
        "2025-06-30T11:00:00Z",
    )
    .unwrap()
    .id()
}

pub fn listing_draft(conn: &Connection, title: &str) -> i64 {
    insert_pending(
        conn,
        &NewDraft {
            kind: DraftKind::ListingUpdate,
            marketplace: "etsy".into(),
            shop_id: Some(1),
            sku: Some("MUG-1".into()),
            listing_id: Some(1),
            payload: json!({"kind": "listing_update", "marketplace": "etsy", "sku": "MUG-1", "listing_external_id": "1001",
                "title": title, "description": "A blue mug.\nThrown by hand.", "tags": ["mug", "stoneware"]}),
            agent: "listing_writer".into(),
            rationale: "Adds the material buyers search for.".into(),
            confidence_bp: Some(6500),
        },
        "2025-06-30T11:00:00Z",
    )
    .unwrap()
    .id()
}

fn status(conn: &Connection, id: i64) -> String {
    conn.query_row("SELECT status FROM drafts WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .unwrap()
}

fn approvals(conn: &Connection, id: i64) -> Vec<(String, String, Option<String>, String, String)> {
    let mut s = conn
        .prepare("SELECT decision, payload_hash, reason, who, how FROM approvals WHERE draft_id = ?1 ORDER BY id")
        .unwrap();
    s.query_map([id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<rusqlite::Result<_>>()
    .unwrap()
}

fn audit_actions(conn: &Connection, id: i64) -> Vec<String> {
    let mut s = conn
        .prepare("SELECT action FROM audit_log WHERE subject = ?1 ORDER BY id")
        .unwrap();
    s.query_map([format!("draft:{id}")], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// Everything review could change, for before/after comparisons.
fn snapshot(conn: &Connection) -> Value {
    let q = |sql: &str| -> Vec<String> {
        let mut s = conn.prepare(sql).unwrap();
        s.query_map([], |r| r.get::<_, String>(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    json!({
        "drafts": q("SELECT id || status || payload_hash || payload FROM drafts ORDER BY id"),
        "approvals": q("SELECT draft_id || decision FROM approvals ORDER BY id"),
        "audit": q("SELECT action || subject FROM audit_log ORDER BY id"),
    })
}

/// `sellkit review` in a pseudo-terminal: stdin, stdout and stderr all on the pty.
fn review_cmd(env: &TestEnv) -> Command {
    let mut cmd = env.command();
    cmd.arg("review")
        .stdin(Stdio::inherit())
        .env("SELLKIT_KEYSTORE", "file")
        .env("TERM", "dumb")
        .env_remove("VISUAL")
        .env_remove("EDITOR");
    cmd
}

fn key(p: &mut rexpect::session::PtySession, keys: &str) {
    p.send(keys).unwrap();
    p.flush().unwrap();
}

#[test]
fn approve_edit_reject_skip_and_quit_in_a_terminal() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let b = listing_draft(&conn, "Blue mug, stoneware");
    let c = price_draft(&conn, "shopify", "MUG-1", 2200, 1999);
    let d = price_draft(&conn, "ebay", "MUG-1", 2200, 2100);
    let e = price_draft(&conn, "amazon", "MUG-1", 2200, 2300);
    let hash_a: String = conn
        .query_row("SELECT payload_hash FROM drafts WHERE id = ?1", [a], |r| {
            r.get(0)
        })
        .unwrap();

    // The editor: rewrites the title line of the TOML document it is given.
    let editor = env.path("fake-editor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^title = .*/title = \"Blue stoneware mug, thrown by hand\"/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();

    let mut cmd = review_cmd(&env);
    cmd.env("EDITOR", &editor);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn review");

    // Draft a: the screen shows the price diff, the money and the rationale; approve it.
    p.exp_string("5 drafts waiting").unwrap();
    p.exp_string("by kind").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, "\r");
    p.exp_string("- $22.00").unwrap();
    p.exp_string("+ $24.95 (+13.4%)").unwrap();
    p.exp_string("profit").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}\r"));
    p.exp_string(&format!("Approved draft {a}")).unwrap();
    assert_eq!(status(&conn, a), "approved");
    let appr = approvals(&conn, a);
    assert_eq!(appr.len(), 1);
    assert_eq!(
        (appr[0].0.as_str(), appr[0].1.as_str(), appr[0].4.as_str()),
        ("approved", hash_a.as_str(), "tty")
    );
    assert!(!appr[0].3.is_empty());
    assert_eq!(audit_actions(&conn, a), ["draft_approved"]);
    // Each decision carries its own time, even with the clock pinned by SELLKIT_NOW.
    std::thread::sleep(std::time::Duration::from_millis(1100));

    // Draft b: edit (the fake editor changes the title), then approve the edited payload.
    p.exp_string("Blue mug, stoneware").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}\r"));
    p.exp_string(&format!("Draft {b} saved")).unwrap();
    let (payload, hash, st): (String, String, String) = conn
        .query_row(
            "SELECT payload, payload_hash, status FROM drafts WHERE id = ?1",
            [b],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(st, "pending");
    assert_eq!(
        sha256_hex(payload.as_bytes()),
        hash,
        "re-hashed after the edit"
    );
    let v: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(v["title"], "Blue stoneware mug, thrown by hand");
    assert_eq!(v["tags"], json!(["mug", "stoneware"]), "other fields kept");
    assert!(approvals(&conn, b).is_empty());
    p.exp_string("+ Blue stoneware mug, thrown by hand")
        .unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}\r"));
    p.exp_string(&format!("Approved draft {b}")).unwrap();
    let appr = approvals(&conn, b);
    assert_eq!(appr.len(), 1);
    assert_eq!(appr[0].1, hash, "the approval covers the edited payload");
    assert_eq!(audit_actions(&conn, b), ["draft_edited", "draft_approved"]);
    let at = |id: i64| -> String {
        conn.query_row(
            "SELECT at FROM approvals WHERE draft_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert!(at(b) > at(a), "{} then {}", at(a), at(b));

    // Draft c: reject with a reason (an empty reason is not accepted).
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}\r"));
    p.exp_string("Reason").unwrap();
    p.send_line("below what shipping costs us").unwrap();
    p.exp_string(&format!("Rejected draft {c}")).unwrap();
    assert_eq!(status(&conn, c), "rejected");
    let appr = approvals(&conn, c);
    assert_eq!(appr[0].0, "rejected");
    assert_eq!(appr[0].2.as_deref(), Some("below what shipping costs us"));
    assert_eq!(audit_actions(&conn, c), ["draft_rejected"]);

    // Draft d: skip (the default: Enter alone never approves).
    p.exp_string("Quit").unwrap();
    key(&mut p, "\r");
    p.exp_string(&format!("Draft {e}")).unwrap();
    assert_eq!(status(&conn, d), "pending");
    assert!(approvals(&conn, d).is_empty());

    // Draft e: its details, then quit.
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}{DOWN}\r"));
    p.exp_string(&format!("Draft {e} details")).unwrap();
    p.exp_string("payload sha256").unwrap();
    key(&mut p, "q");
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}\r"));
    p.exp_string("not reviewed").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    assert_eq!(status(&conn, e), "pending");
    assert!(approvals(&conn, e).is_empty());
    assert!(audit_actions(&conn, d).is_empty() && audit_actions(&conn, e).is_empty());
}

#[test]
fn an_invalid_edit_is_not_saved() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let before = snapshot(&conn);
    let editor = env.path("below-floor.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^price = .*/price = \"9.99\"/' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&editor, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let mut cmd = review_cmd(&env);
    cmd.env("VISUAL", &editor);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, "\r");
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}\r"));
    p.exp_string("below the floor $15.00 (allowed $15.00 to $40.00)")
        .unwrap();
    p.exp_string("Discard the edit").unwrap();
    key(&mut p, &format!("{DOWN}\r"));
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}\r"));
    p.exp_eof().unwrap();
    assert_eq!(snapshot(&conn), before);
    assert_eq!(status(&conn, a), "pending");
}

#[test]
fn without_a_terminal_review_refuses_and_changes_nothing() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    listing_draft(&conn, "Blue mug, stoneware");
    let before = snapshot(&conn);

    // Pipes everywhere (CI, cron).
    let run = env.run(&["review"]);
    let err = run.fails(6);
    assert!(
        err.contains("not a TTY") && err.contains("nothing was approved"),
        "{err}"
    );
    // Piped answers change nothing either.
    let mut cmd = env.command();
    cmd.args(["review"]).stdin(Stdio::piped());
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"\x1b[B\r\x1b[B\r").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(6));
    assert!(out.stdout.is_empty());

    // Only stdin off the terminal (stdout and stderr on a pty).
    let mut cmd = review_cmd(&env);
    cmd.stdin(Stdio::null());
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("stdin is not a TTY").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 6)
    ));

    // Only stdout off the terminal (stdin and stderr on a pty).
    let mut cmd = review_cmd(&env);
    cmd.stdout(Stdio::null());
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).unwrap();
    p.exp_string("stdout is not a TTY").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 6)
    ));

    assert_eq!(snapshot(&conn), before);
}

#[test]
fn list_is_the_read_only_view_for_scripts() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    let a = price_draft(&conn, "etsy", "MUG-1", 2200, 2495);
    let b = listing_draft(&conn, "Blue mug, stoneware");
    crate::common::approve(&env, a);
    let before = snapshot(&conn);
    let all = env.run(&["review", "list", "--json"]).json();
    let ids: Vec<i64> = all["drafts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, [a, b]);
    assert_eq!(all["drafts"][0]["decision"]["who"], "tester");
    assert_eq!(all["drafts"][0]["payload_intact"], true);
    let approved = env
        .run(&["review", "list", "--status", "approved", "--json"])
        .json();
    assert_eq!(approved["drafts"].as_array().unwrap().len(), 1);
    let table = env.run(&["review", "list", "--kind", "listing_update"]);
    let out = table.ok();
    assert!(
        out.contains("Blue mug, stoneware") && !out.contains("$24.95"),
        "{out}"
    );
    let bad = env.run(&["review", "list", "--status", "maybe"]);
    assert_eq!(bad.code, 2);
    assert_eq!(snapshot(&conn), before);
}

/// 20,000 waiting drafts (price changes on SKUs without a listing), 37 of them at 80% confidence
/// or more; all in one transaction.
fn many_drafts(env: &TestEnv, n: usize, confident: usize) {
    let mut store = sellkit::store::Store::open_existing(&env.db()).unwrap();
    store
        .write(|tx| {
            for i in 0..n {
                insert_pending(
                    tx,
                    &NewDraft {
                        kind: DraftKind::PriceChange,
                        marketplace: "etsy".into(),
                        shop_id: Some(1),
                        sku: Some(format!("SKU-{i:05}")),
                        listing_id: None,
                        payload: json!({"listing_external_id": format!("{}", 5000 + i),
                            "old_price": {"amount_minor": 2000, "currency": "USD"},
                            "new_price": {"amount_minor": 2100, "currency": "USD"},
                            "floor": {"amount_minor": 1500, "currency": "USD"},
                            "ceiling": {"amount_minor": 4000, "currency": "USD"}}),
                        agent: if i < confident {
                            "pricing_analyst"
                        } else {
                            "pricing"
                        }
                        .into(),
                        rationale: "Stock covers 5 days: raise 5%.".into(),
                        confidence_bp: Some(if i < confident { 8500 } else { 6000 }),
                    },
                    "2025-06-30T11:00:00Z",
                )?;
            }
            Ok(())
        })
        .unwrap();
}

#[test]
#[allow(clippy::print_stderr)] // the time to the first screen, for `cargo test -- --nocapture`
fn twenty_thousand_drafts_open_on_a_summary_bulk_approve_with_a_typed_count_and_quit_in_counts() {
    let env = TestEnv::new();
    let conn = seed_shop(&env);
    many_drafts(&env, 20_000, 37);

    // A filtered bulk approval: the list first, then "approve 37" typed.
    let mut cmd = review_cmd(&env);
    cmd.args(["--min-confidence", "80"]);
    let started = std::time::Instant::now();
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_string("37 drafts waiting (filtered)").unwrap();
    let first = started.elapsed();
    eprintln!("review: first screen of a 20,000-draft store after {first:?}");
    let before_menu = p.exp_string("Start").unwrap();
    assert!(
        before_menu.lines().count() < 12,
        "the summary, not the queue:\n{before_menu}"
    );
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}\r"));
    p.exp_string("Approve 37 draft(s)").unwrap();
    p.exp_string("page 1 of 2").unwrap();
    key(&mut p, " ");
    p.exp_string("page 2 of 2").unwrap();
    key(&mut p, "q");
    p.exp_string("Type \"approve 37\"").unwrap();
    p.send_line("approve 37").unwrap();
    p.exp_string("Approved 37 draft(s)").unwrap();
    p.exp_string("not reviewed").unwrap();
    p.exp_eof().unwrap();
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
    let (n, distinct, sealed, bulk): (i64, i64, i64, i64) = conn
        .query_row(
            "SELECT COUNT(*), COUNT(DISTINCT a.payload_hash), COUNT(a.mac), SUM(a.how = 'tty-bulk')
             FROM approvals a JOIN drafts d ON d.id = a.draft_id AND d.payload_hash = a.payload_hash
             WHERE d.status = 'approved' AND d.confidence_bp >= 8000",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!((n, distinct, sealed, bulk), (37, 37, 37, 37));
    let others: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM drafts WHERE status != 'pending' AND confidence_bp < 8000",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(others, 0);

    // A typed count that does not match records nothing.
    let before = snapshot(&conn);
    let mut cmd = review_cmd(&env);
    cmd.args(["--agent", "pricing"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(30_000)).unwrap();
    p.exp_string("19,963 drafts waiting (filtered)").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}\r"));
    p.exp_string("Approve 19,963 draft(s)").unwrap();
    key(&mut p, "q");
    p.exp_string("Type \"approve 19963\"").unwrap();
    p.send_line("approve 37").unwrap();
    p.exp_string("Cancelled: nothing recorded.").unwrap();
    p.exp_eof().unwrap();
    assert_eq!(snapshot(&conn), before);

    // One by one: the first draft's screen, then Quit: counts, not ids.
    let mut p = rexpect::session::spawn_command(review_cmd(&env), Some(30_000)).unwrap();
    p.exp_string("19,963 drafts waiting").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, "\r");
    p.exp_string("(1/19,963)").unwrap();
    p.exp_string("Quit").unwrap();
    key(&mut p, &format!("{DOWN}{DOWN}{DOWN}{DOWN}{DOWN}\r"));
    let tail = p.exp_string("not reviewed").unwrap();
    let rest = p.exp_eof().unwrap();
    let table_start = tail.rfind("Review").expect("the summary's title");
    let summary = format!("{}{rest}", &tail[table_start..]);
    assert!(summary.contains("19,963"), "{summary}");
    assert!(summary.lines().count() < 30, "counts, not ids:\n{summary}");
    assert!(matches!(
        p.process().wait().unwrap(),
        WaitStatus::Exited(_, 0)
    ));
}

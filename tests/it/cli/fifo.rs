//! Purchase lots and `report.cost_method = fifo`: lots imported from tests/fixtures/lots, orders
//! written here by SQL, cost of goods against a hand computation.

use rusqlite::Connection;
use serde_json::Value;

use crate::common::TestEnv;

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/lots/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A store with one USD shop and MUG-1's orders: 1 unit before the first lot, 2 and 3 units
/// across PO-1's end, 4 units cancelled, 4 units past PO-2's end. MUG-1's dated cost is $4.50.
fn store(env: &TestEnv) -> Connection {
    env.run(&["db", "migrate"]).ok_with_stderr();
    let conn = Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "INSERT INTO shops (id, marketplace, channel, external_id, name, currency, origin, created_at)
           VALUES (1, 'import', 'shopify', 'shop', 'Shop', 'USD', 'import', '2024-01-01T00:00:00Z');
         INSERT INTO products (sku, title, origin, created_at, updated_at)
           VALUES ('MUG-1', 'Mug', 'import', '2024-01-01T00:00:00Z', '2024-01-01T00:00:00Z');
         INSERT INTO product_costs (sku, effective_from, unit_cost_minor, currency)
           VALUES ('MUG-1', '2025-01-01', 450, 'USD');
         INSERT INTO orders (id, shop_id, external_id, ordered_at, status, currency, updated_at) VALUES
           (1, 1, 'o1', '2024-12-20T10:00:00Z', 'shipped', 'USD', '2025-01-01T00:00:00Z'),
           (2, 1, 'o2', '2025-01-10T10:00:00Z', 'shipped', 'USD', '2025-01-01T00:00:00Z'),
           (3, 1, 'o3', '2025-02-10T10:00:00Z', 'shipped', 'USD', '2025-01-01T00:00:00Z'),
           (4, 1, 'o4', '2025-02-15T10:00:00Z', 'cancelled', 'USD', '2025-01-01T00:00:00Z'),
           (5, 1, 'o5', '2025-03-01T10:00:00Z', 'shipped', 'USD', '2025-01-01T00:00:00Z');
         INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_minor) VALUES
           (1, 1, 'MUG-1', 1, 1500), (2, 1, 'MUG-1', 2, 1500), (3, 1, 'MUG-1', 3, 1500),
           (4, 1, 'MUG-1', 4, 1500), (5, 1, 'MUG-1', 4, 1500);",
    )
    .unwrap();
    conn
}

fn totals(env: &TestEnv, since: &str) -> Value {
    let r = env
        .run(&[
            "report",
            "sales",
            "--since",
            since,
            "--until",
            "2025-03-31",
            "--json",
        ])
        .json();
    r["totals"][0].clone()
}

fn cogs(t: &Value) -> i64 {
    t["cogs"]["amount_minor"].as_i64().unwrap()
}

#[test]
fn fifo_costs_units_from_the_oldest_lot_with_landed_cost() {
    let env = TestEnv::new();
    let conn = store(&env);
    env.run(&["sync", "import", &fixture("purchase_lots.csv")])
        .ok_with("Imported 3 rows");
    let lots = || crate::common::count(&conn, "SELECT COUNT(*) FROM purchase_lots");
    assert_eq!(lots(), 3);

    // The default: the dated cost, $4.50 a unit over the 10 units sold (the cancelled 4 aside).
    let t = totals(&env, "2024-12-01");
    assert_eq!(t["units"], 10);
    assert_eq!(cogs(&t), 10 * 450);
    assert_eq!(t["lines_cost_fifo"], 0);

    env.run(&["config", "set", "report.cost_method", "fifo"])
        .ok_with("report.cost_method = fifo");
    // PO-1: 3 units at 400 plus 100 landed spread 33, 33, 34. PO-2: 5 units at 550 plus 250
    // landed, 50 each.
    let po1 = [433, 433, 434];
    let po2 = 600;
    let before_lots = 450; // ordered before the first lot: the dated cost
    let o2 = po1[0] + po1[1];
    let o3 = po1[2] + 2 * po2;
    let o5 = 3 * po2 + 450; // PO-2's last 3 units, then one no lot covers: dated
    let t = totals(&env, "2024-12-01");
    assert_eq!(cogs(&t), before_lots + o2 + o3 + o5);
    assert_eq!(t["lines_cost_fifo"], 3);
    assert_eq!(t["lines_without_cost"], 0);
    assert_eq!(t["lines_cost_converted"], 0);
    let table = env
        .run(&[
            "report",
            "sales",
            "--since",
            "2024-12-01",
            "--until",
            "2025-03-31",
        ])
        .ok()
        .to_string();
    assert!(
        table.contains("Cost of goods in USD: 3 line(s) first in, first out from purchase lots"),
        "{table}"
    );
    // A window after the first sales: earlier sales consumed the earlier units all the same.
    let march = totals(&env, "2025-03-01");
    assert_eq!(cogs(&march), o5);
    assert_eq!(march["lines_cost_fifo"], 1);

    // Re-importing the lots replaces them: same lots, same costs.
    env.run(&["sync", "import", &fixture("purchase_lots.csv")])
        .ok_with("Imported 3 rows");
    assert_eq!(lots(), 3);
    assert_eq!(
        cogs(&totals(&env, "2024-12-01")),
        before_lots + o2 + o3 + o5
    );

    // Without a dated cost, the unit past every lot leaves its line without a cost.
    conn.execute_batch("DELETE FROM product_costs").unwrap();
    let t = totals(&env, "2024-12-01");
    assert_eq!(cogs(&t), o2 + o3);
    assert_eq!(t["lines_without_cost"], 2);

    // Back to the dated method: no lot is used.
    env.run(&["config", "set", "report.cost_method", "dated"])
        .ok_with("report.cost_method = dated");
    let t = totals(&env, "2024-12-01");
    assert_eq!(t["lines_cost_fifo"], 0);
    assert_eq!(t["lines_without_cost"], 4);
}

#[test]
fn a_broken_lots_file_exits_5_and_writes_nothing() {
    let env = TestEnv::new();
    let conn = store(&env);
    let path = env.path("lots.csv");
    std::fs::copy(fixture("purchase_lots_broken.csv"), &path).unwrap();
    let run = env.run(&["sync", "import", "lots.csv"]);
    let err = run.fails(5);
    assert!(
        err.contains("lots.csv:3:3") && err.contains("quantity"),
        "{err}"
    );
    assert_eq!(
        crate::common::count(&conn, "SELECT COUNT(*) FROM purchase_lots"),
        0
    );

    // Other bad cells, each named by its line and column.
    for (row, want) in [
        ("MUG-1,2025-13-01,3,4.00,,USD,X", "lots.csv:2:2"),
        ("MUG-1,2025-01-05,3,4.005,,USD,X", "lots.csv:2:4"),
        ("MUG-1,2025-01-05,3,4.00,,XYZ,X", "lots.csv:2:6"),
        ("MUG-1,2025-01-05,-2,4.00,,USD,X", "lots.csv:2:3"),
    ] {
        std::fs::write(
            &path,
            format!("sku,received_on,quantity,unit_cost,landed_cost,currency,lot\n{row}\n"),
        )
        .unwrap();
        let err = env
            .run(&["sync", "import", "lots.csv"])
            .fails(5)
            .to_string();
        assert!(err.contains(want), "{row}: {err}");
    }
    assert_eq!(
        crate::common::count(&conn, "SELECT COUNT(*) FROM purchase_lots"),
        0
    );

    // Lenient: the good row is imported.
    std::fs::copy(fixture("purchase_lots_broken.csv"), &path).unwrap();
    env.run(&["sync", "import", "--lenient", "lots.csv"])
        .ok_with_stderr();
    assert_eq!(
        crate::common::count(&conn, "SELECT COUNT(*) FROM purchase_lots"),
        1
    );
}

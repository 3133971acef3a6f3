//! Property tests of `sync import` through the library (issue 17), over the repository's
//! synthetic fixtures of every export format:
//!
//! - random duplication of rows: each copy is counted once, the store is the clean one;
//! - random splits of the rows over files, imported together or run after run in any order
//!   (with repeats): the store is the clean one;
//! - byte flips and truncation: no panic, never an unexpected error (exit 1), a failed import
//!   writes nothing, lenient imports commit and their rejects file imports again;
//! - totals of the clean store equal an independent computation from the fixture's cells.
//!
//! Case counts: `PROPTEST_CASES` (default 48 per property).

use std::io::Cursor;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use rusqlite::Connection;
use sellkit::marketplaces::exports::{self, ImportOptions, ImportSummary, Input, InputSource};
use sellkit::progress::NoProgress;
use sellkit::{Currency, ErrorKind, Store};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
}

fn opts(lenient: bool, rejects: Option<PathBuf>) -> ImportOptions {
    ImportOptions {
        format: None,
        lenient,
        rejects,
        currency: Currency::USD,
        shop: "default".into(),
        encoding: None,
        now: "2025-12-31T12:00:00Z".parse().unwrap(),
    }
}

fn input(name: &str, bytes: Vec<u8>) -> Input {
    Input {
        name: name.to_string(),
        len: Some(bytes.len() as u64),
        source: InputSource::Reader(Box::new(Cursor::new(bytes))),
    }
}

fn run(
    store: &mut Store,
    files: Vec<(String, Vec<u8>)>,
    o: &ImportOptions,
) -> sellkit::Result<ImportSummary> {
    let inputs = files.into_iter().map(|(n, b)| input(&n, b)).collect();
    exports::import(store, inputs, o, &NoProgress)
}

/// Every row of the tables an import writes, without surrogate ids, as text.
fn dump(conn: &Connection) -> Vec<String> {
    let queries = [
        "SELECT marketplace, channel, external_id, name, currency FROM shops ORDER BY 1, 3",
        // Titles of products known only from orders are the first title seen (not compared).
        "SELECT sku, category, weight_g FROM products ORDER BY sku",
        "SELECT s.external_id, o.external_id, o.ordered_at, o.status, o.currency, o.ship_city, o.ship_region, o.ship_postal_code, o.ship_country, o.updated_at, o.level_discount_minor, o.level_shipping_minor, o.level_tax_minor, o.level_fees_minor FROM orders o JOIN shops s ON s.id = o.shop_id ORDER BY 1, 2",
        "SELECT o.external_id, l.line_no, l.external_id, l.sku, l.title, l.quantity, l.unit_price_minor, l.discount_minor, l.shipping_minor, l.tax_minor, l.fees_minor FROM order_lines l JOIN orders o ON o.id = l.order_id ORDER BY 1, 2",
        "SELECT s.external_id, l.external_id, l.sku, l.title, l.price_minor, l.quantity, l.state FROM listings l JOIN shops s ON s.id = l.shop_id ORDER BY 1, 2",
        "SELECT sku, location, on_hand FROM inventory ORDER BY 1, 2",
        "SELECT term, metric, value FROM trend_signals ORDER BY 1, 2",
    ];
    let mut out = Vec::new();
    for q in queries {
        let mut stmt = conn.prepare(q).unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                let mut cells = Vec::with_capacity(n);
                for i in 0..n {
                    let v: rusqlite::types::Value = r.get(i)?;
                    cells.push(format!("{v:?}"));
                }
                Ok(cells.join("|"))
            })
            .unwrap();
        for r in rows {
            out.push(r.unwrap());
        }
    }
    out
}

/// A fixture as header + data rows (blank rows and eBay's footers dropped), and how to write it.
struct Table {
    name: &'static str,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
    tab: bool,
    /// Shopify: rows of one order must stay together, first row first.
    group_col: Option<usize>,
}

fn read_table(name: &'static str) -> Table {
    let bytes = std::fs::read(fixture(name)).unwrap();
    let tab = name.ends_with(".txt");
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tab { b'\t' } else { b',' })
        .quoting(!tab)
        .from_reader(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes));
    let mut all: Vec<Vec<String>> = Vec::new();
    for rec in r.records() {
        let rec = rec.unwrap();
        let cells: Vec<String> = rec.iter().map(str::to_string).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cells
            .get(1)
            .is_some_and(|c| c.contains("record(s) downloaded"))
            || cells[0].starts_with("Seller ID")
        {
            continue;
        }
        all.push(cells);
    }
    let header = all.remove(0);
    let group_col = name
        .contains("shopify_orders")
        .then(|| header.iter().position(|h| h == "Name").unwrap());
    Table {
        name,
        header,
        rows: all,
        tab,
        group_col,
    }
}

impl Table {
    fn write(&self, rows: &[&Vec<String>]) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new()
            .delimiter(if self.tab { b'\t' } else { b',' })
            .quote_style(if self.tab {
                csv::QuoteStyle::Never
            } else {
                csv::QuoteStyle::Necessary
            })
            .flexible(true)
            .from_writer(Vec::new());
        w.write_record(&self.header).unwrap();
        for r in rows {
            w.write_record(*r).unwrap();
        }
        w.into_inner().unwrap()
    }

    fn all(&self) -> Vec<u8> {
        self.write(&self.rows.iter().collect::<Vec<_>>())
    }

    /// Groups of rows that must stay together and in order (Shopify orders), else single rows.
    fn groups(&self) -> Vec<Vec<usize>> {
        match self.group_col {
            None => (0..self.rows.len()).map(|i| vec![i]).collect(),
            Some(c) => {
                let mut out: Vec<Vec<usize>> = Vec::new();
                for (i, r) in self.rows.iter().enumerate() {
                    match out.last_mut() {
                        Some(g) if self.rows[g[0]][c] == r[c] => g.push(i),
                        _ => out.push(vec![i]),
                    }
                }
                out
            }
        }
    }

    fn col(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{}: no column {name}", self.name))
    }
}

const ORDER_FIXTURES: [&str; 5] = [
    "synthetic_etsy_sold_order_items.csv",
    "synthetic_etsy_sold_orders.csv",
    "synthetic_shopify_orders.csv",
    "synthetic_amazon_all_orders.txt",
    "synthetic_ebay_orders.csv",
];

const ALL_FIXTURES: [&str; 7] = [
    "synthetic_etsy_sold_order_items.csv",
    "synthetic_etsy_sold_orders.csv",
    "synthetic_shopify_orders.csv",
    "synthetic_amazon_all_orders.txt",
    "synthetic_ebay_orders.csv",
    "synthetic_amazon_all_listings.txt",
    "synthetic_amazon_business_report.csv",
];

fn clean_dump(t: &Table) -> Vec<String> {
    let mut store = Store::open_in_memory().unwrap();
    let s = run(
        &mut store,
        vec![(t.name.into(), t.all())],
        &opts(false, None),
    )
    .unwrap();
    assert!(s.committed, "{}: {:?}", t.name, s.bad_rows);
    dump(store.conn())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(48)
}

fn runner() -> TestRunner {
    TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    })
}

/// Minor units of a plain fixture amount such as `39.98`, `$19.99` or `25`.
fn cents(text: &str) -> i64 {
    let t = text.trim().trim_start_matches('$');
    if t.is_empty() {
        return 0;
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
    let frac = format!("{frac:0<2}");
    int.parse::<i64>().unwrap() * 100 + frac[..2].parse::<i64>().unwrap()
}

/// (distinct order lines, units, value of items) computed from the cells, not by sellkit.
fn independent_totals(t: &Table) -> (i64, i64, i64) {
    use std::collections::BTreeSet;
    let mut lines = BTreeSet::new();
    let (mut units, mut value) = (0i64, 0i64);
    let mut add = |key: String, q: i64, v: i64| {
        if lines.insert(key) {
            units += q;
            value += v;
        }
    };
    let n = |s: &str| s.trim().parse::<i64>().unwrap_or(0);
    match t.name {
        "synthetic_etsy_sold_order_items.csv" => {
            let (o, x, q, p) = (
                t.col("Order ID"),
                t.col("Transaction ID"),
                t.col("Quantity"),
                t.col("Price"),
            );
            for r in &t.rows {
                add(
                    format!("{}/{}", r[o], r[x]),
                    n(&r[q]),
                    n(&r[q]) * cents(&r[p]),
                );
            }
        }
        "synthetic_etsy_sold_orders.csv" => {
            let (o, q, v) = (
                t.col("Order ID"),
                t.col("Number of Items"),
                t.col("Order Value"),
            );
            for r in &t.rows {
                add(r[o].clone(), n(&r[q]), cents(&r[v]));
            }
        }
        "synthetic_shopify_orders.csv" => {
            let (o, q, p) = (
                t.col("Name"),
                t.col("Lineitem quantity"),
                t.col("Lineitem price"),
            );
            for r in &t.rows {
                add(
                    format!("{}/{}", r[o], r.join("\u{1f}")),
                    n(&r[q]),
                    n(&r[q]) * cents(&r[p]),
                );
            }
        }
        "synthetic_amazon_all_orders.txt" => {
            let (o, s, q, p) = (
                t.col("amazon-order-id"),
                t.col("sku"),
                t.col("quantity"),
                t.col("item-price"),
            );
            for r in &t.rows {
                add(format!("{}/{}", r[o], r[s]), n(&r[q]), cents(&r[p]));
            }
        }
        "synthetic_ebay_orders.csv" => {
            let (o, x, i, q, p) = (
                t.col("Order Number"),
                t.col("Transaction ID"),
                t.col("Item Number"),
                t.col("Quantity"),
                t.col("Sold For"),
            );
            for r in &t.rows {
                let id = if r[x].is_empty() { &r[i] } else { &r[x] };
                add(format!("{}/{id}", r[o]), n(&r[q]), n(&r[q]) * cents(&r[p]));
            }
        }
        other => panic!("no independent totals for {other}"),
    }
    (lines.len() as i64, units, value)
}

fn store_totals(conn: &Connection, summary_lines: bool) -> (i64, i64, i64) {
    let lines = if summary_lines {
        "SELECT COUNT(*) FROM orders"
    } else {
        "SELECT COUNT(DISTINCT order_id || '/' || COALESCE(external_id, line_no)) FROM order_lines"
    };
    let n: i64 = conn.query_row(lines, [], |r| r.get(0)).unwrap();
    let (u, v): (i64, i64) = conn
        .query_row(
            "SELECT COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * unit_price_minor), 0) FROM order_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    (n, u, v)
}

#[test]
fn clean_imports_equal_an_independent_computation() {
    for name in ORDER_FIXTURES {
        let t = read_table(name);
        let mut store = Store::open_in_memory().unwrap();
        run(&mut store, vec![(name.into(), t.all())], &opts(false, None)).unwrap();
        assert_eq!(
            store_totals(store.conn(), name.contains("sold_orders")),
            independent_totals(&t),
            "{name}"
        );
    }
}

#[test]
fn duplicated_rows_are_counted_once() {
    for name in ORDER_FIXTURES {
        let t = read_table(name);
        let want = clean_dump(&t);
        let n = t.rows.len();
        let strategy = (
            proptest::collection::vec((0..n, 0..=n), 1..6),
            proptest::bool::ANY,
        );
        runner()
            .run(&strategy, |(copies, separate)| {
                let mut rows: Vec<&Vec<String>> = t.rows.iter().collect();
                let mut extra: Vec<&Vec<String>> = Vec::new();
                for (from, to) in &copies {
                    if separate {
                        extra.push(&t.rows[*from]);
                    } else {
                        // A copy somewhere after the original (Shopify's continuation rows
                        // still follow their order's first row).
                        let original = rows
                            .iter()
                            .position(|r| std::ptr::eq(*r, &t.rows[*from]))
                            .unwrap();
                        let at = (*to).clamp(original + 1, rows.len());
                        rows.insert(at, &t.rows[*from]);
                    }
                }
                let mut files = vec![(format!("{name}-a"), t.write(&rows))];
                if separate {
                    files.push((format!("{name}-b"), t.write(&extra)));
                }
                let mut store = Store::open_in_memory().unwrap();
                let s = run(&mut store, files, &opts(false, None)).unwrap();
                prop_assert!(s.committed, "{:?}", s.bad_rows);
                let dups: u64 = s.files.iter().map(|f| f.rows_duplicate).sum();
                prop_assert_eq!(dups, copies.len() as u64);
                prop_assert_eq!(dump(store.conn()), want.clone());
                prop_assert_eq!(
                    store_totals(store.conn(), name.contains("sold_orders")),
                    independent_totals(&t)
                );
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn any_split_and_order_of_the_same_rows_gives_the_same_store() {
    for name in ORDER_FIXTURES {
        let t = read_table(name);
        let want = clean_dump(&t);
        let groups = t.groups();
        let g = groups.len();
        let strategy = (
            proptest::collection::vec(0usize..4, g),
            Just((0usize..4).collect::<Vec<_>>()).prop_shuffle(),
            proptest::bool::ANY,
            proptest::collection::vec(0usize..4, 0..3),
        );
        runner()
            .run(&strategy, |(part_of, order, together, repeats)| {
                let mut parts: Vec<Vec<&Vec<String>>> = vec![Vec::new(); 4];
                for (gi, grp) in groups.iter().enumerate() {
                    for &ri in grp {
                        parts[part_of[gi]].push(&t.rows[ri]);
                    }
                }
                let files: Vec<(String, Vec<u8>)> = order
                    .iter()
                    .chain(repeats.iter())
                    .filter(|p| !parts[**p].is_empty())
                    .map(|p| (format!("{name}-{p}"), t.write(&parts[*p])))
                    .collect();
                let mut store = Store::open_in_memory().unwrap();
                if together {
                    let s = run(&mut store, files, &opts(false, None)).unwrap();
                    prop_assert!(s.committed, "{:?}", s.bad_rows);
                } else {
                    for f in files {
                        let s = run(&mut store, vec![f], &opts(false, None)).unwrap();
                        prop_assert!(s.committed, "{:?}", s.bad_rows);
                    }
                }
                prop_assert_eq!(dump(store.conn()), want.clone());
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn byte_flips_and_truncation_never_fail_badly_nor_write_half() {
    let dir = tempfile::tempdir().unwrap();
    for name in ALL_FIXTURES {
        let clean = std::fs::read(fixture(name)).unwrap();
        let len = clean.len();
        let strategy = (
            proptest::collection::vec((0..len, any::<u8>()), 0..8),
            proptest::option::of(0..len),
            proptest::bool::ANY,
        );
        runner()
            .run(&strategy, |(flips, cut, lenient)| {
                let mut bytes = clean.clone();
                for (at, b) in &flips {
                    bytes[*at] = *b;
                }
                if let Some(c) = cut {
                    bytes.truncate(c);
                }
                // A store that already holds another file's rows: a failed import leaves it so.
                let mut store = Store::open_in_memory().unwrap();
                let base = read_table("synthetic_etsy_sold_order_items.csv");
                run(
                    &mut store,
                    vec![("base.csv".into(), base.all())],
                    &opts(false, None),
                )
                .unwrap();
                let before = dump(store.conn());
                let rejects = dir.path().join("rejects.csv");
                let _ = std::fs::remove_file(&rejects);
                let o = opts(lenient, Some(rejects.clone()));
                match run(&mut store, vec![(name.into(), bytes)], &o) {
                    Err(e) => {
                        prop_assert_ne!(e.kind(), ErrorKind::Unexpected, "{}", e);
                        prop_assert_eq!(dump(store.conn()), before);
                    }
                    Ok(s) if !s.committed => {
                        prop_assert!(!lenient);
                        prop_assert!(s.rows_rejected > 0);
                        prop_assert_eq!(dump(store.conn()), before);
                    }
                    Ok(s) => {
                        prop_assert_eq!(s.rows_rejected > 0, rejects.exists());
                        if rejects.exists() {
                            // The rejects file is a file of the same format: it imports again
                            // (its rows may still be bad: a lenient import takes what is good).
                            let again = std::fs::read(&rejects).unwrap();
                            let o2 = opts(true, Some(dir.path().join("rejects-2.csv")));
                            match run(&mut store, vec![("rejects.csv".into(), again)], &o2) {
                                Ok(s2) => {
                                    prop_assert!(s2.committed);
                                    prop_assert_eq!(&s2.files[0].format, &s.files[0].format);
                                }
                                Err(e) => prop_assert_ne!(e.kind(), ErrorKind::Unexpected, "{}", e),
                            }
                        }
                    }
                }
                Ok(())
            })
            .unwrap_or_else(|e| panic!("{name}: {e}"));
    }
}

#[test]
fn a_full_database_is_a_config_error_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_or_create(&dir.path().join("s.db")).unwrap();
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    // SQLite's own "database or disk is full": the file may not grow past its size now.
    store
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    let t = read_table("synthetic_etsy_sold_order_items.csv");
    let mut rows: Vec<Vec<String>> = Vec::new();
    let (o, x) = (t.col("Order ID"), t.col("Transaction ID"));
    for i in 0..3000 {
        let mut r = t.rows[0].clone();
        r[o] = format!("77{i:08}");
        r[x] = format!("55{i:08}");
        rows.push(r);
    }
    let before = dump(store.conn());
    let e = run(
        &mut store,
        vec![("big.csv".into(), t.write(&rows.iter().collect::<Vec<_>>()))],
        &opts(false, None),
    )
    .unwrap_err();
    assert_eq!(e.kind().exit_code(), 3, "{e}");
    let text = e.to_string();
    assert!(
        text.contains("database or disk is full")
            && text.contains("free space")
            && text.contains("--db"),
        "{text}"
    );
    assert_eq!(dump(store.conn()), before);
}

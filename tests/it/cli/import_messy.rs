//! `sync import` on messy files (issue 17): duplicates, orders split over files, damaged
//! encodings, rejects that import again, odd values, full disks and broken config files. Each
//! test is one case the fuzzing round found; the property suite is tests/import_props.rs.

use std::path::Path;

use crate::common::TestEnv;

fn synthetic(name: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/exports")
        .join(name)
        .display()
        .to_string()
}

fn text(name: &str) -> String {
    std::fs::read_to_string(synthetic(name)).unwrap()
}

fn write(env: &TestEnv, name: &str, body: impl AsRef<[u8]>) -> String {
    let p = env.path(name);
    std::fs::write(&p, body).unwrap();
    p.display().to_string()
}

fn db(env: &TestEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(env.db()).expect("open db")
}

/// (orders, order lines, units, value of items) in the store.
fn totals(env: &TestEnv) -> (i64, i64, i64, i64) {
    if !env.db().exists() {
        return (0, 0, 0, 0);
    }
    db(env)
        .query_row(
            "SELECT (SELECT COUNT(*) FROM orders), COUNT(*), COALESCE(SUM(quantity), 0), COALESCE(SUM(quantity * unit_price_minor), 0) FROM order_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

/// Money per order line table column, summed: discount, shipping, tax, fees.
fn amounts(env: &TestEnv) -> (i64, i64, i64, i64) {
    db(env)
        .query_row(
            "SELECT SUM(discount_minor), SUM(shipping_minor), SUM(tax_minor), SUM(fees_minor) FROM order_lines",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap()
}

fn lines(t: &str) -> Vec<&str> {
    t.lines().collect()
}

fn import(env: &TestEnv, files: &[&str], extra: &[&str]) -> crate::common::Run {
    let mut args = vec!["sync", "import", "--json"];
    args.extend(files);
    args.extend(extra);
    env.run(&args)
}

const ITEMS: &str = "synthetic_etsy_sold_order_items.csv";
const AMAZON: &str = "synthetic_amazon_all_orders.txt";

#[test]
fn etsy_items_with_a_transaction_id_on_two_rows_count_it_once() {
    let env = TestEnv::new();
    let t = text(ITEMS);
    let l = lines(&t);
    // The Blue Mug row (2 units) twice: 3 lines / 4 units, not 4 / 6.
    let f = write(
        &env,
        "dup.csv",
        format!("{}\n{}\n{}\n{}\n{}\n", l[0], l[1], l[2], l[1], l[3]),
    );
    let doc = import(&env, &[&f], &[]).json_with("an order line already read");
    assert_eq!(doc["files"][0]["rows_read"], 4);
    assert_eq!(doc["files"][0]["rows_duplicate"], 1);
    assert_eq!(doc["files"][0]["order_lines"], 3);
    assert_eq!(doc["files"][0]["units"], 4);
    assert_eq!(totals(&env), (2, 3, 4, 9_300));
}

#[test]
fn amazon_all_orders_with_a_duplicated_row_count_it_once() {
    let env = TestEnv::new();
    let t = text(AMAZON);
    let l = lines(&t);
    let mut rows: Vec<&str> = l.clone();
    rows.insert(3, l[1]);
    let f = write(&env, "dup.txt", rows.join("\n") + "\n");
    let run = import(&env, &[&f], &[]);
    let doc = run.json_with("an order line already read");
    assert_eq!(doc["files"][0]["rows_duplicate"], 1);
    // 7 lines / 8 units as from the clean file, not 8 / 10.
    let clean = TestEnv::new();
    import(&clean, &[&synthetic(AMAZON)], &[]).ok_with("Imported");
    assert_eq!(totals(&env), totals(&clean));
    assert_eq!((totals(&env).1, totals(&env).2), (7, 8));
    assert!(run.stderr.contains("1 duplicate rows"), "{}", run.stderr);
}

#[test]
fn a_conflicting_duplicate_is_a_bad_row_naming_both_lines() {
    let env = TestEnv::new();
    let t = text(ITEMS);
    let l = lines(&t);
    // The same Transaction ID with 3 units instead of 2.
    let changed = l[1].replacen(",2,25.00,", ",3,25.00,", 1);
    assert_ne!(changed, l[1]);
    let f = write(
        &env,
        "conflict.csv",
        format!("{}\n{}\n{}\n{}\n", l[0], l[1], l[2], changed),
    );
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("conflict.csv:4:4: field \"Quantity\": conflicts with ")
            && err.contains("conflict.csv:2"),
        "{err}"
    );
    assert!(err.contains("Transaction ID 4400000001"), "{err}");
    assert_eq!(totals(&env), (0, 0, 0, 0));
    // Across files of one import too.
    let g = write(&env, "other.csv", format!("{}\n{}\n", l[0], changed));
    let err = import(&env, &[&synthetic(ITEMS), &g], &[])
        .fails(5)
        .to_string();
    assert!(
        err.contains("other.csv:2:4:") && err.contains(&format!("{}:2", synthetic(ITEMS))),
        "{err}"
    );
}

#[test]
fn an_order_split_over_two_files_merges_together_or_one_after_the_other() {
    let t = text(ITEMS);
    let l = lines(&t);
    // Order 3012345671 has rows 2 (Blue Mug ×2) and 4 (Red Mug ×1): one in each file.
    let clean = TestEnv::new();
    import(&clean, &[&synthetic(ITEMS)], &[]).ok_with("Imported");
    let want = (totals(&clean), amounts(&clean));
    assert_eq!(want.0, (2, 3, 4, 9_300));
    for mode in ["together", "a then b", "b then a", "b, a, b again"] {
        let env = TestEnv::new();
        let a = write(&env, "a.csv", format!("{}\n{}\n{}\n", l[0], l[1], l[2]));
        let b = write(&env, "b.csv", format!("{}\n{}\n", l[0], l[3]));
        match mode {
            "together" => {
                import(&env, &[&a, &b], &[]).ok_with("Imported");
            }
            "a then b" => {
                import(&env, &[&a], &[]).ok_with("Imported");
                import(&env, &[&b], &[]).ok_with("Imported");
            }
            "b then a" => {
                import(&env, &[&b], &[]).ok_with("Imported");
                import(&env, &[&a], &[]).ok_with("Imported");
            }
            _ => {
                import(&env, &[&b], &[]).ok_with("Imported");
                import(&env, &[&a], &[]).ok_with("Imported");
                import(&env, &[&b], &[]).ok_with("Imported");
            }
        }
        assert_eq!((totals(&env), amounts(&env)), want, "{mode}");
    }
}

#[test]
fn etsy_orders_with_one_order_id_on_two_rows_is_a_duplicate_or_a_located_bad_row() {
    let env = TestEnv::new();
    let t = text("synthetic_etsy_sold_orders.csv");
    let l = lines(&t);
    let f = write(
        &env,
        "orders.csv",
        format!("{}\n{}\n{}\n", l[0], l[1], l[1]),
    );
    let doc = import(&env, &[&f], &[]).json_with("an order line already read");
    assert_eq!(doc["files"][0]["rows_duplicate"], 1);
    assert_eq!(totals(&env).0, 1);
    // Another value on the second row: exit 5 with its place, in strict and lenient mode; never
    // "database: UNIQUE constraint failed".
    let env = TestEnv::new();
    let other = l[1].replacen(",75.00,", ",76.00,", 1);
    assert_ne!(other, l[1]);
    let f = write(
        &env,
        "orders.csv",
        format!("{}\n{}\n{}\n", l[0], l[1], other),
    );
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("orders.csv:3:17: field \"Order Value\": conflicts with"),
        "{err}"
    );
    assert!(!err.contains("UNIQUE"), "{err}");
    let run = import(&env, &[&f], &["--lenient"]);
    let doc = run.json_with("sellkit: warning");
    assert_eq!(doc["rows_rejected"], 1);
    assert_eq!(totals(&env).0, 1);
    assert!(!run.stderr.contains("UNIQUE"), "{}", run.stderr);
}

#[test]
fn invalid_bytes_in_a_utf8_file_are_bad_rows_not_a_switch_to_windows_1252() {
    let env = TestEnv::new();
    let t = text(ITEMS)
        .replace("Swindon", "Köln-Mülheim")
        .replace("Portland", "Zürich");
    let mut bytes = t.into_bytes();
    // Six invalid bytes in the first item name.
    let at = bytes.windows(8).position(|w| w == b"Blue Mug").unwrap();
    bytes.splice(at..at, *b"\xff\xfe\xfd\xfc\xfb\xfa");
    let f = write(&env, "damaged.csv", &bytes);
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("damaged.csv:2:2: field \"Item Name\": is not valid utf-8"),
        "{err}"
    );
    let run = import(&env, &[&f], &["--lenient"]);
    let doc = run.json_with("sellkit: warning");
    assert_eq!(doc["files"][0]["encoding"], "utf-8");
    assert_eq!(doc["files"][0]["rows_rejected"], 1);
    let c = db(&env);
    let city: String = c
        .query_row(
            "SELECT ship_city FROM orders WHERE external_id = '3012345674'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(city, "Köln-Mülheim");
    // The rejected row keeps its bytes in the rejects file, which has the original header.
    let rejects = std::fs::read(format!("{f}.rejects.csv")).unwrap();
    assert!(rejects.windows(6).any(|w| w == b"\xff\xfe\xfd\xfc\xfb\xfa"));
}

#[test]
fn lenient_commits_nothing_when_the_rejects_cannot_be_written() {
    let env = TestEnv::new();
    let f = write(
        &env,
        "bad.txt",
        text(AMAZON).replace("\t20.00\t", "\tabc\t"),
    );
    // The rejects path's folder is a file: the rejects cannot be created.
    write(&env, "not-a-dir", "x");
    let r = env.path("not-a-dir/rejects.csv");
    let err = import(
        &env,
        &[&f],
        &["--lenient", "--rejects", r.to_str().unwrap()],
    )
    .fails(3)
    .to_string();
    assert!(
        err.contains("cannot write the rejects file") && err.contains("nothing was imported"),
        "{err}"
    );
    assert_eq!(totals(&env), (0, 0, 0, 0));
    // The rejects path is a folder: the rejects are written, but cannot be moved into place,
    // which is found before the commit.
    let d = env.path("a-dir");
    std::fs::create_dir(&d).unwrap();
    let err = import(
        &env,
        &[&f],
        &["--lenient", "--rejects", d.to_str().unwrap()],
    )
    .fails(3)
    .to_string();
    assert!(err.contains("nothing was imported"), "{err}");
    assert_eq!(totals(&env), (0, 0, 0, 0));
    assert_eq!(std::fs::read_dir(&d).unwrap().count(), 0);
}

#[test]
fn the_rejects_file_is_the_original_format_and_imports_again_once_fixed() {
    let env = TestEnv::new();
    // Shopify: a bad Created at on #2001's first row (whose note spans two lines, with a comma),
    // so its second line item is rejected too.
    let t = text("synthetic_shopify_orders.csv");
    let f = write(
        &env,
        "orders.csv",
        t.replacen("2025-12-06 22:37:33 -0500", "06/12/2025 22:37", 1),
    );
    let doc = import(&env, &[&f], &["--lenient"]).json_with("sellkit: warning");
    assert_eq!(doc["rows_rejected"], 2);
    let rejects = format!("{f}.rejects.csv");
    let body = std::fs::read_to_string(&rejects).unwrap();
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let original: Vec<String> = csv::Reader::from_reader(t.as_bytes())
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header[..header.len() - 1], original[..]);
    assert_eq!(header.last().unwrap(), "sellkit_reject_reason");
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(rows.len(), 2);
    // Field boundaries survive: the two-line note with its comma is one field.
    let notes = original.iter().position(|h| h == "Notes").unwrap();
    assert_eq!(&rows[0][notes], "Leave at the door.\nThank you!");
    assert!(
        rows[0][header.len() - 1].contains("orders.csv:2:16: field \"Created at\""),
        "{:?}",
        rows[0]
    );
    // Fixed and imported as it is: the store is the clean file's.
    let fixed = write(
        &env,
        "fixed.csv",
        body.replacen("06/12/2025 22:37", "2025-12-06 22:37:33 -0500", 1),
    );
    import(&env, &[&fixed], &[]).ok_with("Imported");
    let clean = TestEnv::new();
    import(&clean, &[&synthetic("synthetic_shopify_orders.csv")], &[]).ok_with("Imported");
    assert_eq!(totals(&env), totals(&clean));
    assert_eq!(amounts(&env), amounts(&clean));

    // Amazon's tab-separated rows come back quoted CSV, with a quote and a comma in a title.
    let env = TestEnv::new();
    let a = write(
        &env,
        "bad.txt",
        text(AMAZON)
            .replace("Art Print A3", "Art \"Print\", A3")
            .replace("\t20.00\t", "\t-20.00\t"),
    );
    let doc = import(&env, &[&a], &["--lenient"]).json_with("sellkit: warning");
    assert_eq!(doc["rows_rejected"], 1);
    let body = std::fs::read_to_string(format!("{a}.rejects.csv")).unwrap();
    assert!(body.contains("\"Art \"\"Print\"\", A3\""), "{body}");
    let fixed = write(&env, "fixed.csv", body.replace(",-20.00,", ",20.00,"));
    let doc = import(&env, &[&fixed], &[]).json_with("Imported");
    assert_eq!(doc["files"][0]["format"], "amazon-orders");
    assert_eq!(doc["files"][0]["rows_imported"], 1);
}

#[test]
fn negative_prices_and_quantities_and_far_dates_are_bad_rows() {
    let env = TestEnv::new();
    let t = text(ITEMS);
    let f = write(
        &env,
        "odd.csv",
        t.replacen(",2,25.00,", ",2,-5.00,", 1)
            .replacen(",1,18.00,", ",-3,18.00,", 1)
            .replacen("09/05/25,\"Red", "09/05/2999,\"Red", 1),
    );
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("odd.csv:2:5: field \"Price\": \"-5.00\" is negative"),
        "{err}"
    );
    assert!(
        err.contains("odd.csv:3:4: field \"Quantity\": -3 is negative"),
        "{err}"
    );
    assert!(
        err.contains(
            "odd.csv:4:1: field \"Sale Date\": \"09/05/2999\" is outside 1990-01-01 to 2026-06-30"
        ),
        "{err}"
    );
    let g = write(
        &env,
        "old.csv",
        t.replacen("09/05/25,\"Red", "09/05/1900,\"Red", 1),
    );
    let err = import(&env, &[&g], &[]).fails(5).to_string();
    assert!(
        err.contains("old.csv:4:1: field \"Sale Date\": \"09/05/1900\" is outside"),
        "{err}"
    );
    assert_eq!(totals(&env), (0, 0, 0, 0));
}

#[test]
fn a_huge_header_line_is_echoed_bounded() {
    let env = TestEnv::new();
    let mut header = "x".repeat(2_000_000);
    header.push_str(",b\n1,2\n");
    let f = write(&env, "huge.csv", header);
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("unknown export format (header starts \"xxxx"),
        "{err:.300}"
    );
    assert!(err.contains("x…\""), "{err:.300}");
    assert!(err.len() < 2_000, "{} bytes", err.len());
}

/// Runs sellkit with a file size limit: writes past it fail as on a full disk (SQLite reports a
/// write error where a full disk gives "database or disk is full"; the lib test
/// `a_full_database_is_a_config_error_and_writes_nothing` in tests/import_props.rs has that one).
fn with_size_limit(env: &TestEnv, kib: u64, args: &[&str]) -> crate::common::Run {
    let cmd = env.command();
    let exe = env!("CARGO_BIN_EXE_sellkit");
    let quoted: Vec<String> = args.iter().map(|a| format!("'{a}'")).collect();
    let mut sh = std::process::Command::new("/bin/sh");
    sh.arg("-c").arg(format!(
        "trap '' XFSZ; ulimit -f {}; exec '{exe}' {}",
        kib * 2,
        quoted.join(" ")
    ));
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => sh.env(k, v),
            None => sh.env_remove(k),
        };
    }
    sh.current_dir(env.dir.path())
        .stdin(std::process::Stdio::null());
    env.run_cmd(&mut sh)
}

#[test]
fn a_full_disk_is_exit_3_with_the_fix_and_writes_nothing() {
    let env = TestEnv::new();
    env.run(&["db", "migrate", "-q"]).ok();
    let size = std::fs::metadata(env.db()).unwrap().len();
    // A file with many rows: the database must grow to hold them.
    let t = text(ITEMS);
    let l = lines(&t);
    let mut body = format!("{}\n", l[0]);
    for i in 0..4000 {
        body.push_str(
            &l[1]
                .replace("4400000001", &format!("55{i:08}"))
                .replace("3012345671", &format!("77{i:08}")),
        );
        body.push('\n');
    }
    let f = write(&env, "big.csv", body);
    let run = with_size_limit(&env, size / 1024 + 1, &["sync", "import", &f]);
    let err = run.fails(3);
    assert!(err.contains("free space") && err.contains("--db"), "{err}");
    assert_eq!(totals(&env), (0, 0, 0, 0));
}

#[test]
fn db_backup_on_a_full_disk_removes_its_private_partial_file() {
    let env = TestEnv::new();
    env.small_demo();
    let dest = env.path("backup.db");
    let run = with_size_limit(&env, 128, &["db", "backup", dest.to_str().unwrap()]);
    let err = run.fails(3);
    assert!(err.contains("free space"), "{err}");
    let left: Vec<String> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("backup"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // A good backup is private like the database.
    env.run(&["db", "backup", dest.to_str().unwrap(), "-q"])
        .ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}

#[test]
fn a_non_utf8_config_names_the_file_and_offset_and_config_path_still_works() {
    let env = TestEnv::new();
    let cfg = env.path("config/sellkit/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, b"format = \"json\"\n# caf\xe9\n").unwrap();
    let err = env.run(&["config", "get"]).fails(3).to_string();
    assert!(
        err.contains("config.toml: not UTF-8 text (invalid byte 0xE9 at byte offset 21)"),
        "{err}"
    );
    let run = env.run(&["config", "path"]);
    assert!(
        run.ok_with("sellkit: warning")
            .trim_end()
            .ends_with("config/sellkit/config.toml"),
        "{}",
        run.stdout
    );
    assert!(run.stderr.contains("not UTF-8"), "{}", run.stderr);
}

#[test]
fn unknown_config_keys_warn_with_the_nearest_known_key() {
    let env = TestEnv::new();
    let cfg = env.path("config/sellkit/config.toml");
    std::fs::create_dir_all(cfg.parent().unwrap()).unwrap();
    std::fs::write(&cfg, "[import]\ncurency = \"EUR\"\n").unwrap();
    let run = env.run(&["config", "path"]);
    run.ok_with("sellkit: warning");
    assert!(
        run.stderr.contains(
            "unknown config key \"import.curency\", ignored (did you mean \"import.currency\"?)"
        ),
        "{}",
        run.stderr
    );
}

/// A file of ../shared/fixtures/exports; `None` (and a notice) when ../shared is absent. Under
/// CI=true a missing file of a ../shared that exists is a failure, not a skip.
#[track_caller]
fn shared_file(rel: &str) -> Option<std::path::PathBuf> {
    crate::common::shared(&format!("fixtures/exports/{rel}"))
}

#[test]
fn six_bad_bytes_in_the_first_title_of_a_real_utf8_listings_file_reject_one_listing_only() {
    let Some(real) = shared_file("etsy/Volkan-eles_EtsyListingsDownload.csv") else {
        return;
    };
    let clean = TestEnv::new();
    import(&clean, &[real.to_str().unwrap()], &[]).ok_with("Imported");
    let mut bytes = std::fs::read(&real).unwrap();
    let at = bytes.windows(7).position(|w| w == b"Toy Box").unwrap() + 3;
    bytes.splice(at..at, *b"\xff\xfe\xfd\xfc\xfb\xfa");
    let env = TestEnv::new();
    let f = write(&env, "listings.csv", &bytes);
    let err = import(&env, &[&f], &[]).fails(5).to_string();
    assert!(
        err.contains("listings.csv:2:1: field \"TITLE\": is not valid utf-8"),
        "{err}"
    );
    let doc = import(&env, &[&f], &["--lenient"]).json_with("sellkit: warning");
    assert_eq!(doc["files"][0]["encoding"], "utf-8");
    assert_eq!(doc["files"][0]["rows_rejected"], 1);
    assert_eq!(doc["files"][0]["rows_imported"], 132);
    // The other 132 listings read exactly as from the undamaged file: no mojibake.
    let titles = |e: &TestEnv| -> Vec<String> {
        let c = db(e);
        let mut s = c
            .prepare("SELECT title FROM listings ORDER BY title")
            .unwrap();
        s.query_map([], |r| r.get(0))
            .unwrap()
            .map(|r| r.unwrap())
            .collect()
    };
    let mut want = titles(&clean);
    let first = "Toy Box Plans PDF | Stacking Wood Bins, Kids Storage Build (Digital Download)";
    let i = want.iter().position(|t| t == first).unwrap();
    want.remove(i);
    assert_eq!(titles(&env), want);
}

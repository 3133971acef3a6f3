//! `sellkit fx`: importing the ECB's rates (CSV, zip, XML, stdin), fetching them from a loopback
//! mock, a bad file writing nothing, rates carried over weekends and holidays, and the real
//! eurofxref-hist.csv when ../shared has it.

use std::io::Write;
use std::path::PathBuf;
use std::process::Stdio;

use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, ResponseTemplate};

use crate::common::TestEnv;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fx")
        .join(name)
}

fn config(env: &TestEnv, text: &str) {
    let dir = env.path("config/sellkit");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

/// Rates stored in the test's database (0 when there is no database).
fn stored(env: &TestEnv) -> i64 {
    if env.db().exists() {
        env.count("SELECT count(*) FROM fx_rates")
    } else {
        0
    }
}

/// A decimal text as (digits, decimals): "1.0400" is (10400, 4).
fn parts(t: &str) -> (i128, u32) {
    let (i, f) = t.split_once('.').unwrap_or((t, ""));
    (format!("{i}{f}").parse().unwrap(), f.len() as u32)
}

/// `factor × a / b` of two positive decimal texts, rounded half away from zero to a whole
/// number, in the test's own integer arithmetic (not the crate's).
fn scaled(a: &str, b: &str, factor: i128) -> i128 {
    let ((ma, sa), (mb, sb)) = (parts(a), parts(b));
    // a / b = ma·10^sb / (mb·10^sa).
    let num = factor * ma * 10i128.pow(sb);
    let den = mb * 10i128.pow(sa);
    (num * 2 + den) / (den * 2)
}

/// `a / b` to `places` decimals, rounded half away from zero.
fn quotient(a: &str, b: &str, places: u32) -> String {
    let q = scaled(a, b, 10i128.pow(places));
    let s = format!("{q:0>width$}", width = places as usize + 1);
    let (i, f) = s.split_at(s.len() - places as usize);
    format!("{i}.{f}")
}

fn rate(env: &TestEnv, args: &[&str]) -> Value {
    let mut all = vec!["fx", "rate"];
    all.extend_from_slice(args);
    all.push("--json");
    env.run(&all).json()
}

#[test]
fn the_test_quotient_rounds_half_away_from_zero() {
    assert_eq!(quotient("0.83000", "1.0400", 10), "0.7980769231");
    assert_eq!(quotient("2", "3", 4), "0.6667");
    assert_eq!(quotient("1", "8", 2), "0.13");
}

#[test]
fn import_the_csv_then_rates_carry_over_weekends_and_holidays() {
    let env = TestEnv::new();
    let file = fixture("eurofxref-hist-sample.csv");
    let file = file.to_str().unwrap();
    let doc = env.run(&["fx", "import", file, "--json"]).json();
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(
        (&doc["format"], &doc["source"], &doc["url"]),
        (&json!("csv"), &json!("ecb"), &Value::Null)
    );
    assert_eq!((&doc["days_in_file"], &doc["days"]), (&json!(7), &json!(7)));
    assert_eq!(doc["currencies"], 4);
    assert_eq!(doc["currency_codes"], json!(["CHF", "GBP", "JPY", "USD"]));
    // 7 days × 4 currencies, less CHF's empty cell (RUB is N/A throughout).
    assert_eq!(
        (&doc["rates"], &doc["new_rates"], &doc["changed_rates"]),
        (&json!(27), &json!(27), &json!(0))
    );
    assert_eq!(
        (&doc["first_day"], &doc["last_day"]),
        (&json!("2024-12-20"), &json!("2025-01-02"))
    );
    assert_eq!(stored(&env), 27);
    // The text as published, trailing zeros kept.
    assert_eq!(
        env.count(
            "SELECT count(*) FROM fx_rates WHERE source = 'ecb' AND currency = 'GBP' AND day = '2024-12-24' AND per_eur = '0.83000'"
        ),
        1
    );

    // Again: nothing new, nothing changed; the table says so.
    let out = env.run(&["fx", "import", file]).ok().to_string();
    assert!(out.contains("ECB reference rates imported"), "{out}");
    assert!(out.contains("27 (0 new, 0 changed)"), "{out}");
    assert!(out.contains("7 (2024-12-20 to 2025-01-02)"), "{out}");
    assert!(out.contains("4 (CHF, GBP, JPY, USD)"), "{out}");
    assert_eq!(stored(&env), 27);

    // Christmas Day and Boxing Day take Christmas Eve's rate: GBP / USD of that row.
    let doc = rate(&env, &["USD", "GBP", "--on", "2024-12-26"]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["day"], "2024-12-24");
    assert_eq!(doc["on"], "2024-12-26");
    assert_eq!(doc["carried_days"], 2);
    assert_eq!(doc["basis"], "ecb");
    assert_eq!(doc["rate"], quotient("0.83000", "1.0400", 10));
    assert_eq!(doc["rate_exact"], false);
    assert_eq!(
        (&doc["from_per_eur"], &doc["to_per_eur"]),
        (&json!("1.0400"), &json!("0.83000"))
    );
    assert_eq!(doc["amount"], Value::Null);
    // A weekend: Friday's. EUR to a currency is the published rate itself.
    let doc = rate(
        &env,
        &["EUR", "JPY", "--on", "2024-12-29", "--amount", "10"],
    );
    assert_eq!(
        (&doc["day"], &doc["rate"], &doc["rate_exact"]),
        (&json!("2024-12-27"), &json!("164.50"), &json!(true))
    );
    assert_eq!(doc["from_per_eur"], Value::Null);
    assert_eq!(
        doc["amount"],
        json!({"amount_minor": 1000, "currency": "EUR"})
    );
    // 10 EUR × 164.50 = 1645 yen (no minor digits).
    assert_eq!(
        doc["converted"],
        json!({"amount_minor": 1645, "currency": "JPY"})
    );
    // New Year's Day: the 31st's. 1000 yen × 1.0389 / 163.06 = 6.3713 USD -> 6.37.
    let doc = rate(
        &env,
        &["JPY", "USD", "--on", "2025-01-01", "--amount", "1000"],
    );
    assert_eq!(doc["day"], "2024-12-31");
    assert_eq!(
        doc["converted"],
        json!({"amount_minor": 637, "currency": "USD"})
    );
    // CHF has no rate on the 23rd: CHF to GBP on the 23rd pairs the 20th's rates.
    let doc = rate(&env, &["CHF", "GBP", "--on", "2024-12-23"]);
    assert_eq!(doc["day"], "2024-12-20");
    assert_eq!(doc["rate"], quotient("0.83010", "0.9300", 10));
    // The same currency needs no rate; a half cent rounds away from zero.
    let doc = rate(&env, &["GBP", "GBP", "--amount", "-1.25"]);
    assert_eq!(
        (&doc["basis"], &doc["rate"], &doc["day"]),
        (&json!("same_currency"), &json!("1"), &json!("2025-06-30"))
    );
    let doc = rate(
        &env,
        &["USD", "EUR", "--on", "2024-12-20", "--amount", "0.01"],
    );
    // 0.01 / 1.0390 = 0.0096 EUR -> 1 cent.
    assert_eq!(doc["converted"]["amount_minor"], 1);

    // The table: the rate, its day and why, the basis, both legs.
    let out = env
        .run(&[
            "fx",
            "rate",
            "usd",
            "gbp",
            "--on",
            "2024-12-26",
            "--amount",
            "100",
        ])
        .ok()
        .to_string();
    for want in [
        "USD to GBP on 2024-12-26",
        "0.7980769231 GBP per USD (rounded)",
        "2024-12-24 (for 2024-12-26, 2 days later)",
        "ecb",
        "1.0400 USD per EUR",
        "0.83000 GBP per EUR",
        "$100.00",
        "£79.81",
    ] {
        assert!(out.contains(want), "{want:?} missing:\n{out}");
    }

    // Today (2025-06-30 in tests) is far past the file: no rate, exit 3 with the fix.
    let err = env.run(&["fx", "rate", "USD", "GBP"]).fails(3).to_string();
    assert!(
        err.contains("no ECB rate for USD on 2025-06-30 or in the 10 days before"),
        "{err}"
    );
    assert!(err.contains("sellkit fx fetch"), "{err}");
    // Older than the limit: 2025-01-13 is 11 days after the last row.
    env.run(&["fx", "rate", "EUR", "USD", "--on", "2025-01-12"])
        .ok();
    env.run(&["fx", "rate", "EUR", "USD", "--on", "2025-01-13"])
        .fails(3);
    // A currency the ECB does not publish.
    let err = env
        .run(&["fx", "rate", "KWD", "EUR", "--on", "2024-12-27"])
        .fails(3)
        .to_string();
    assert!(err.contains("no ECB rate for KWD"), "{err}");
    // Usage errors.
    env.run(&["fx", "rate", "US", "EUR"]).fails(2);
    env.run(&["fx", "rate", "JPY", "EUR", "--amount", "1.5"])
        .fails(2);
}

#[test]
fn the_zip_xml_and_stdin_import_the_same() {
    let env = TestEnv::new();
    let zip = fixture("eurofxref-hist-sample.zip");
    let doc = env
        .run(&["fx", "import", zip.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(doc["format"], "zip");
    assert_eq!((&doc["rates"], &doc["new_rates"]), (&json!(27), &json!(27)));
    // The same rates again from stdin, as CSV: nothing new.
    let csv = std::fs::read(fixture("eurofxref-hist-sample.csv")).unwrap();
    let mut child = env
        .command()
        .args(["fx", "import", "-", "--json"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(&csv).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (&doc["file"], &doc["format"], &doc["new_rates"]),
        (&json!("-"), &json!("csv"), &json!(0))
    );
    // An XML day that revises one rate and adds one.
    let xml = env.path("daily.xml");
    std::fs::write(
        &xml,
        daily_xml(
            "2025-01-02",
            &[("USD", "1.0351"), ("JPY", "162.41"), ("SEK", "11.4935")],
        ),
    )
    .unwrap();
    let doc = env
        .run(&["fx", "import", xml.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(doc["format"], "xml");
    assert_eq!(
        (&doc["rates"], &doc["new_rates"], &doc["changed_rates"]),
        (&json!(3), &json!(1), &json!(1))
    );
    assert_eq!(stored(&env), 28);
    let doc = rate(&env, &["SEK", "USD", "--on", "2025-01-03"]);
    assert_eq!(doc["rate"], quotient("1.0351", "11.4935", 10));
}

#[test]
fn a_bad_file_names_its_line_and_column_and_writes_nothing() {
    let env = TestEnv::new();
    let bad = fixture("bad-rate.csv");
    let err = env
        .run(&["fx", "import", bad.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(
        err.contains("bad-rate.csv:3:12: USD \"1.04l0\" is not a rate"),
        "{err}"
    );
    // Checked before the database is opened: not even created.
    assert!(!env.db().exists());
    // Over stored rates: they stay as they were.
    let good = fixture("eurofxref-hist-sample.csv");
    env.run(&["fx", "import", good.to_str().unwrap(), "-q"])
        .ok();
    env.run(&["fx", "import", bad.to_str().unwrap()]).fails(5);
    assert_eq!(stored(&env), 27);
    assert_eq!(
        env.count("SELECT count(*) FROM fx_rates WHERE day = '2025-01-02'"),
        4
    );
    // Not an ECB file at all, and a missing file.
    let other = env.path("orders.csv");
    std::fs::write(&other, "order_id,total\n1,9.99\n").unwrap();
    let err = env
        .run(&["fx", "import", other.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(
        err.contains("orders.csv:1:1: expected the ECB header"),
        "{err}"
    );
    env.run(&["fx", "import", "nope.csv"]).fails(3);
}

fn daily_xml(day: &str, rates: &[(&str, &str)]) -> String {
    let cubes: String = rates
        .iter()
        .map(|(c, r)| format!("\t\t\t<Cube currency='{c}' rate='{r}'/>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<gesmes:Envelope xmlns:gesmes=\"http://www.gesmes.org/xml/2002-08-01\" xmlns=\"http://www.ecb.int/vocabulary/2002-08-01/eurofxref\">\n\t<gesmes:subject>Reference rates</gesmes:subject>\n\t<gesmes:Sender>\n\t\t<gesmes:name>European Central Bank</gesmes:name>\n\t</gesmes:Sender>\n\t<Cube>\n\t\t<Cube time='{day}'>\n{cubes}\t\t</Cube>\n\t</Cube>\n</gesmes:Envelope>\n"
    )
}

#[test]
fn fetch_downloads_the_daily_xml_or_the_history_zip() {
    let env = TestEnv::new();
    let (rt, server) = crate::common::mock_server();
    let daily = daily_xml(
        "2025-06-27",
        &[("USD", "1.1702"), ("JPY", "169.15"), ("GBP", "0.85300")],
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/stats/eurofxref/eurofxref-daily.xml"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(daily, "text/xml"))
            .expect(1)
            .mount(&server),
    );
    let zip = std::fs::read(fixture("eurofxref-hist-sample.zip")).unwrap();
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/stats/eurofxref/eurofxref-hist.zip"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(zip, "application/zip"))
            .expect(1)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/down.xml"))
            .respond_with(ResponseTemplate::new(503).set_body_string("maintenance"))
            .expect(3)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/page.xml"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_raw("<html><body>moved</body></html>", "text/html"),
            )
            .mount(&server),
    );
    let uri = server.uri();
    config(
        &env,
        &format!(
            "[fx]\ndaily_url = \"{uri}/stats/eurofxref/eurofxref-daily.xml\"\nhistory_url = \"{uri}/stats/eurofxref/eurofxref-hist.zip\"\n"
        ),
    );
    let doc = env
        .run(&["fx", "fetch", "--json"])
        .json_with("ecb: downloading");
    assert_eq!(
        (&doc["url"], &doc["file"], &doc["format"]),
        (
            &json!(format!("{uri}/stats/eurofxref/eurofxref-daily.xml")),
            &Value::Null,
            &json!("xml")
        )
    );
    assert_eq!((&doc["days"], &doc["rates"]), (&json!(1), &json!(3)));
    // Monday takes Friday's rate.
    let doc = rate(&env, &["EUR", "GBP"]);
    assert_eq!(
        (&doc["day"], &doc["rate"], &doc["carried_days"]),
        (&json!("2025-06-27"), &json!("0.85300"), &json!(3))
    );
    let doc = env
        .run(&["fx", "fetch", "--history", "--json", "-q"])
        .json();
    assert_eq!(doc["format"], "zip");
    assert_eq!((&doc["days"], &doc["new_rates"]), (&json!(7), &json!(27)));
    assert_eq!(stored(&env), 30);

    // A server error is retried, then exit 4; so is an answer that is not the rates.
    config(&env, &format!("[fx]\ndaily_url = \"{uri}/down.xml\"\n"));
    let err = env.run(&["fx", "fetch", "-q"]).fails(4).to_string();
    assert!(err.contains("/down.xml: HTTP 503: maintenance"), "{err}");
    config(&env, &format!("[fx]\ndaily_url = \"{uri}/page.xml\"\n"));
    let err = env.run(&["fx", "fetch", "-q"]).fails(4).to_string();
    assert!(err.contains("no <Cube time"), "{err}");
    // Nothing answering at all.
    config(&env, "[fx]\ndaily_url = \"http://127.0.0.1:9/x.xml\"\n");
    env.run(&["fx", "fetch", "-q"]).fails(4);
    // Not an address.
    config(&env, "[fx]\ndaily_url = \"ecb.europa.eu\"\n");
    let err = env.run(&["fx", "fetch", "-q"]).fails(3).to_string();
    assert!(err.contains("fx.daily_url"), "{err}");
    assert_eq!(stored(&env), 30);
    rt.block_on(server.verify());
}

#[test]
#[allow(clippy::print_stdout)] // the timing, shown with --nocapture
fn the_real_ecb_history_imports_and_gives_fridays_cross_rate_on_a_saturday() {
    let Some(file) = crate::common::shared("data/fx/eurofxref-hist.csv") else {
        return;
    };
    let env = TestEnv::new();
    let started = std::time::Instant::now();
    let doc = env
        .run(&["fx", "import", file.to_str().unwrap(), "--json"])
        .json();
    let took = started.elapsed();
    // Shown with --nocapture; a measurement, not an assertion.
    println!(
        "fx import of the real eurofxref-hist.csv ({} days, {} rates): {:.2} s (this test build)",
        doc["days"],
        doc["rates"],
        took.as_secs_f64()
    );
    assert_eq!(
        (&doc["days_in_file"], &doc["days"]),
        (&json!(6983), &json!(6983))
    );
    assert_eq!(doc["currencies"], 41);
    assert_eq!(doc["rates"], 217_555);
    assert_eq!(
        (&doc["first_day"], &doc["last_day"]),
        (&json!("1999-01-04"), &json!("2026-04-13"))
    );

    // Two real rows, read from the file itself.
    let text = std::fs::read_to_string(&file).unwrap();
    let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
    let cell = |day: &str, currency: &str| -> String {
        let col = header.iter().position(|h| *h == currency).unwrap();
        let line = text
            .lines()
            .find(|l| l.starts_with(day))
            .unwrap_or_else(|| panic!("no row {day}"));
        line.split(',').nth(col).unwrap().to_string()
    };
    // Saturday 2026-04-11 takes Friday 2026-04-10's rates: USD to GBP = GBP / USD.
    let (usd, gbp) = (cell("2026-04-10", "USD"), cell("2026-04-10", "GBP"));
    let doc = rate(&env, &["USD", "GBP", "--on", "2026-04-11"]);
    assert_eq!(
        (&doc["day"], &doc["carried_days"]),
        (&json!("2026-04-10"), &json!(1))
    );
    assert_eq!(doc["rate"], quotient(&gbp, &usd, 10));
    assert_eq!(
        (&doc["from_per_eur"], &doc["to_per_eur"]),
        (&json!(usd), &json!(gbp))
    );
    // Christmas 2025 (Thursday and Friday closed, then the weekend): Christmas Eve's.
    let (usd, jpy) = (cell("2025-12-24", "USD"), cell("2025-12-24", "JPY"));
    let doc = rate(
        &env,
        &["JPY", "USD", "--on", "2025-12-28", "--amount", "10000"],
    );
    assert_eq!(doc["day"], "2025-12-24");
    assert_eq!(doc["rate"], quotient(&usd, &jpy, 10));
    // 10,000 yen × USD / JPY, in cents.
    let cents = scaled(&usd, &jpy, 10_000 * 100) as i64;
    assert_eq!(doc["converted"]["amount_minor"], cents);
    // A 1999 rate of a currency gone since: the Cyprus pound, per EUR as published.
    let doc = rate(&env, &["EUR", "CYP", "--on", "1999-01-09"]);
    assert_eq!(
        (&doc["day"], &doc["rate"]),
        (&json!("1999-01-08"), &json!(cell("1999-01-08", "CYP")))
    );
    // The rouble is N/A since its suspension: no rate, not an old one.
    env.run(&["fx", "rate", "EUR", "RUB", "--on", "2026-04-10"])
        .fails(3);
}

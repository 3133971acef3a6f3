//! `sellkit trends`: the demo's planted risers rank first, a Google Trends export is imported and
//! scored with seasonal adjustment, and Reddit, eBay, Etsy and Amazon are fetched from loopback mocks
//! that check paths, headers and query strings.

use serde_json::{Value, json};
use wiremock::matchers::{
    basic_auth, bearer_token, body_string_contains, header, method, path, query_param,
};
use wiremock::{Mock, ResponseTemplate};

use crate::common::TestEnv;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/trends/google_trends_multiTimeline_SAMPLE.csv"
);

fn config(env: &TestEnv, text: &str) {
    let dir = env.path("config/sellkit");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
}

fn candidates(doc: &Value) -> &Vec<Value> {
    doc["candidates"].as_array().expect("candidates")
}

fn find<'a>(doc: &'a Value, term: &str) -> &'a Value {
    candidates(doc)
        .iter()
        .find(|c| c["term"] == term)
        .unwrap_or_else(|| panic!("no candidate {term}"))
}

#[test]
fn demo_planted_risers_rank_top_and_flat_or_seasonal_terms_do_not() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "-q"]).ok();
    let doc = env.run(&["trends", "--json"]).json();
    let list = candidates(&doc);
    // The demo plants five rising search terms and one rising SKU family in twelve.
    let rising_terms = [
        "mushroom lamp",
        "frog planter",
        "bow earring",
        "checkered tote",
        "coquette decor",
    ];
    let top5: Vec<&str> = list[..5]
        .iter()
        .map(|c| c["term"].as_str().unwrap())
        .collect();
    for t in rising_terms {
        assert!(top5.contains(&t), "{t} not in the top 5: {top5:?}");
    }
    let spec = sellkit::marketplaces::demo::DemoSpec {
        seed: 42,
        skus: 48,
        days: 730,
        end: jiff::civil::date(2025, 6, 29),
    };
    let planted = sellkit::marketplaces::demo::planted_rising(&spec);
    assert_eq!(planted.len(), 4);
    let top_skus: Vec<&str> = list
        .iter()
        .filter(|c| c["kind"] == "sku")
        .take(planted.len())
        .map(|c| c["term"].as_str().unwrap())
        .collect();
    for sku in &planted {
        assert!(
            top_skus.contains(&sku.as_str()),
            "{sku} not among the top SKUs {top_skus:?}"
        );
    }
    // Every planted riser scores above every flat or seasonal-only demo term.
    let lowest_riser = list[..5]
        .iter()
        .map(|c| c["score"].as_f64().unwrap())
        .fold(f64::MAX, f64::min);
    for t in [
        "christmas ornament",
        "advent calendar",
        "stocking stuffer",
        "valentine card",
        "galentine gift",
        "coffee mug",
        "scented candle",
        "art print",
    ] {
        let c = find(&doc, t);
        let score = c["score"].as_f64().unwrap();
        assert!(score < 15.0, "{t} scored {score}");
        assert!(score < lowest_riser);
        assert!(
            !(c["best"]["significant"] == true
                && c["best"]["mann_kendall"]["s"].as_i64().unwrap() > 0),
            "{t} has a significant rising trend"
        );
    }
    // The explanation fields are all there.
    let top = &list[0];
    for f in [
        "growth",
        "mann_kendall",
        "momentum_bp",
        "growth_points",
        "trend_points",
    ] {
        assert!(!top["best"][f].is_null(), "best.{f}");
    }
    for f in ["s", "var_s", "z", "p_value", "tau"] {
        assert!(
            top["best"]["mann_kendall"][f].is_number(),
            "mann_kendall.{f}"
        );
    }
    assert!(
        top["explanation"]
            .as_str()
            .unwrap()
            .contains("Mann-Kendall")
    );
    // The scoring is saved for other commands.
    let db = rusqlite::Connection::open(env.db()).unwrap();
    let n: i64 = db
        .query_row("SELECT COUNT(*) FROM trend_candidates", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n as usize, list.len());
    // The store's weekly sales were stored as signals.
    let store_rows: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM trend_signals WHERE source = 'store' AND metric = 'sku_units'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(store_rows > 100);
    // Filters.
    let only = env
        .run(&["trends", "--source", "demo", "--min-score", "50", "--json"])
        .json();
    let terms: Vec<&str> = candidates(&only)
        .iter()
        .map(|c| c["term"].as_str().unwrap())
        .collect();
    assert_eq!(terms.len(), 5, "{terms:?}");
    let table = env.run(&["trends", "--limit", "3"]);
    assert_eq!(
        table.ok().lines().filter(|l| l.starts_with("| ")).count(),
        4
    );
    // Unchanged orders: the store's signals were computed once, not on every run.
    let refreshes = || -> i64 {
        db.query_row(
            "SELECT COUNT(*) FROM sync_runs WHERE marketplace = 'trends:store'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    };
    assert_eq!(refreshes(), 1);
    // New orders (a demo shop with another seed): recomputed.
    env.run(&["sync", "demo", "--seed", "7", "-q"]).ok();
    env.run(&["trends", "-q"]).ok();
    assert_eq!(refreshes(), 2);
}

#[test]
fn google_trends_export_is_imported_and_scored_with_seasonal_adjustment() {
    let env = TestEnv::new();
    let run = env.run(&["trends", "import", SAMPLE, "--json"]);
    let doc = run.json();
    assert_eq!(doc["format"], "google-trends");
    assert_eq!(doc["source"], "google_trends");
    assert_eq!(doc["signals"], 105 * 4);
    assert_eq!(doc["first_date"], "2022-12-25");
    assert_eq!(doc["last_date"], "2024-12-22");
    let doc = env
        .run(&["trends", "--source", "google_trends", "--json"])
        .json();
    let list = candidates(&doc);
    assert_eq!(list.len(), 4);
    // "frog planters" (below 1 for a year, then rising) and "mushroom lamp" rise.
    let rising: Vec<&str> = list[..2]
        .iter()
        .map(|c| c["term"].as_str().unwrap())
        .collect();
    assert!(
        rising.contains(&"mushroom lamp") && rising.contains(&"frog planter"),
        "{rising:?}"
    );
    let lamp = find(&doc, "mushroom lamp");
    assert_eq!(lamp["best"]["significant"], true);
    assert!(lamp["score"].as_f64().unwrap() > 50.0);
    assert_eq!(lamp["variants"], json!(["mushroom lamp"]));
    assert_eq!(
        find(&doc, "frog planter")["variants"],
        json!(["frog planters"])
    );
    // The file ends in the Christmas peak: against last year's peak that is no growth.
    let xmas = find(&doc, "christmas ornament");
    assert_eq!(xmas["best"]["growth"]["baseline"], "same_weeks_last_year");
    let growth = xmas["best"]["growth_bp"].as_i64().unwrap();
    assert!(growth.abs() < 2000, "seasonal growth {growth} bp");
    assert!(xmas["score"].as_f64().unwrap() < 15.0, "{xmas}");
    let mug = find(&doc, "coffee mug");
    assert!(mug["score"].as_f64().unwrap() < 15.0, "{mug}");
    // Importing again replaces, never duplicates.
    env.run(&["trends", "import", SAMPLE, "-q"]).ok();
    let db = rusqlite::Connection::open(env.db()).unwrap();
    let n: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM trend_signals WHERE source = 'google_trends'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 420);
    let fetches: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM sync_runs WHERE marketplace = 'trends:google_trends'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fetches, 2);
}

#[test]
fn generic_feeds_import_and_bad_rows_write_nothing() {
    let env = TestEnv::new();
    let good = env.path("feed.csv");
    std::fs::write(
        &good,
        "term,date,value\nTote Bags,2025-06-02,12\ntote bag,2025-06-09,14\n",
    )
    .unwrap();
    let doc = env
        .run(&[
            "trends",
            "import",
            good.to_str().unwrap(),
            "--source",
            "keyword-tool",
            "--json",
        ])
        .json();
    assert_eq!(doc["format"], "csv");
    assert_eq!(doc["signals"], 2);
    let json_feed = env.path("feed.json");
    std::fs::write(
        &json_feed,
        r#"{"signals": [{"term": "Frog Planter", "date": "2025-06-02", "value": 3}]}"#,
    )
    .unwrap();
    let doc = env
        .run(&["trends", "import", json_feed.to_str().unwrap(), "--json"])
        .json();
    assert_eq!(doc["format"], "json");
    assert_eq!(doc["source"], "feed");
    let bad = env.path("bad.csv");
    std::fs::write(
        &bad,
        "term,date,value\nmug,2025-06-02,3\nmug,2025-13-01,4\n",
    )
    .unwrap();
    let err = env
        .run(&["trends", "import", bad.to_str().unwrap()])
        .fails(5)
        .to_string();
    assert!(err.contains("bad.csv:3:2:"), "{err}");
    let db = rusqlite::Connection::open(env.db()).unwrap();
    let mugs: i64 = db
        .query_row(
            "SELECT COUNT(*) FROM trend_signals WHERE term = 'mug'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(mugs, 0, "a bad file writes nothing");
    let err = env
        .run(&[
            "trends",
            "import",
            good.to_str().unwrap(),
            "--source",
            "store",
        ])
        .fails(2)
        .to_string();
    assert!(err.contains("built-in source"), "{err}");
}

/// A Reddit listing page of posts.
fn listing(posts: &[(&str, i64)], after: Option<&str>) -> Value {
    json!({
        "kind": "Listing",
        "data": {
            "after": after,
            "dist": posts.len(),
            "children": posts.iter().map(|(title, t)| json!({
                "kind": "t3",
                "data": {"title": title, "selftext": "", "created_utc": *t as f64, "subreddit": "somethingimade"}
            })).collect::<Vec<_>>()
        }
    })
}

#[test]
fn reddit_mentions_are_fetched_with_oauth_user_agent_and_rate_limits() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "--skus", "12", "--days", "400", "-q"])
        .ok();
    let (rt, server) = crate::common::mock_server();
    rt.block_on(
        Mock::given(method("POST"))
            .and(path("/api/v1/access_token"))
            .and(basic_auth("app-id", "app-secret-xyz"))
            .and(header("user-agent", "cli:sellkit-test:1.0 (by /u/tester)"))
            .and(body_string_contains("grant_type=client_credentials"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "reddit-token-1", "token_type": "bearer", "expires_in": 86400, "scope": "*"
            })))
            .expect(1)
            .mount(&server),
    );
    // 2025-06-16 (Mon) 12:00 UTC = 1750075200; 2025-06-23 12:00 = 1750680000.
    let page1 = listing(
        &[
            ("My new Mushroom Lamps!", 1_750_680_000),
            ("mushroom lamp for the nursery", 1_750_680_100),
            ("a frog", 1_750_680_200),
        ],
        Some("t3_abc"),
    );
    let page2 = listing(&[("Mushroom-lamp WIP", 1_750_075_200)], None);
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/r/somethingimade/search"))
            .and(bearer_token("reddit-token-1"))
            .and(header("user-agent", "cli:sellkit-test:1.0 (by /u/tester)"))
            .and(query_param("q", "mushroom lamp"))
            .and(query_param("restrict_sr", "1"))
            .and(query_param("sort", "new"))
            .and(query_param("after", "t3_abc"))
            .respond_with(ResponseTemplate::new(200).set_body_json(page2))
            .with_priority(1)
            .expect(1)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/r/somethingimade/search"))
            .and(bearer_token("reddit-token-1"))
            .and(query_param("q", "mushroom lamp"))
            .respond_with(
                ResponseTemplate::new(200)
                    .insert_header("x-ratelimit-remaining", "0.0")
                    .insert_header("x-ratelimit-used", "100")
                    .insert_header("x-ratelimit-reset", "1")
                    .set_body_json(page1),
            )
            .with_priority(2)
            .expect(1)
            .mount(&server),
    );
    config(
        &env,
        &format!(
            "[trends]\nkeywords = \"mushroom lamp\"\nmarket_top = 0\n[trends.reddit]\nsubreddits = \"r/somethingimade\"\nuser_agent = \"cli:sellkit-test:1.0 (by /u/tester)\"\nauth_url = \"{0}\"\napi_url = \"{0}\"\n",
            server.uri()
        ),
    );
    let started = std::time::Instant::now();
    let run = env.run_cmd(
        env.command()
            .args(["trends", "fetch", "--source", "reddit", "--json"])
            .env("SELLKIT_KEYSTORE", "file")
            .env("SELLKIT_REDDIT_CLIENT_ID", "app-id")
            .env("SELLKIT_REDDIT_CLIENT_SECRET", "app-secret-xyz"),
    );
    let doc = run.json_with("reddit");
    assert!(
        started.elapsed() >= std::time::Duration::from_millis(900),
        "waited for X-Ratelimit-Reset"
    );
    assert_eq!(doc["reddit"]["rate_limit_waits"], 1);
    assert_eq!(doc["reddit"]["mentions"], 3);
    assert_eq!(doc["reddit"]["posts_seen"], 4);
    assert!(!run.stderr.contains("app-secret-xyz") && !run.stdout.contains("reddit-token-1"));
    rt.block_on(server.verify());
    let db = rusqlite::Connection::open(env.db()).unwrap();
    let mut stmt = db
        .prepare("SELECT observed_at, value FROM trend_signals WHERE source = 'reddit' AND metric = 'mentions' ORDER BY observed_at")
        .unwrap();
    let rows: Vec<(String, f64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(
        rows,
        vec![
            ("2025-06-16".to_string(), 1.0),
            ("2025-06-23".to_string(), 2.0)
        ]
    );
    let bytes = std::fs::read(env.db()).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains("app-secret-xyz") && !text.contains("reddit-token-1"));
    // Asked for explicitly without credentials: a configuration error.
    let err = env
        .run_cmd(
            env.command()
                .args(["trends", "fetch", "--source", "reddit"])
                .env("SELLKIT_KEYSTORE", "file"),
        )
        .fails(3)
        .to_string();
    assert!(err.contains("SELLKIT_REDDIT_CLIENT_ID"), "{err}");
}

#[test]
fn ebay_and_etsy_searches_give_competition_and_price_bands() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "-q"]).ok();
    let (rt, server) = crate::common::mock_server();
    // eBay: one 429 first (Retry-After 0), then the page.
    let ebay_page = json!({
        "href": "https://api.ebay.com/buy/browse/v1/item_summary/search?q=coquette%20decor&limit=200",
        "total": 48213,
        "limit": 200,
        "offset": 0,
        "itemSummaries": [
            {"itemId": "v1|1|0", "title": "Coquette bow wall decor", "price": {"value": "12.00", "currency": "USD"}},
            {"itemId": "v1|2|0", "title": "Pink coquette decor", "price": {"value": "18.50", "currency": "USD"}},
            {"itemId": "v1|3|0", "title": "Coquette ribbon garland", "price": {"value": "25.00", "currency": "USD"}},
            {"itemId": "v1|4|0", "title": "Coquette mirror", "price": {"value": "40.00", "currency": "USD"}},
            {"itemId": "v1|5|0", "title": "Coquette print (UK)", "price": {"value": "9.99", "currency": "GBP"}}
        ]
    });
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/buy/browse/v1/item_summary/search"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/buy/browse/v1/item_summary/search"))
            .and(bearer_token("ebay-app-token"))
            .and(header("x-ebay-c-marketplace-id", "EBAY_US"))
            .and(query_param("q", "coquette decor"))
            .and(query_param("limit", "200"))
            .respond_with(ResponseTemplate::new(200).set_body_json(ebay_page))
            .with_priority(2)
            .expect(1)
            .mount(&server),
    );
    let etsy_page = json!({
        "count": 913,
        "results": [
            {"listing_id": 1, "title": "Coquette bow decor", "price": {"amount": 1500, "divisor": 100, "currency_code": "USD"}},
            {"listing_id": 2, "title": "Coquette candle", "price": {"amount": 2200, "divisor": 100, "currency_code": "USD"}},
            {"listing_id": 3, "title": "Coquette wall art", "price": {"amount": 3000, "divisor": 100, "currency_code": "USD"}}
        ]
    });
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/v3/application/listings/active"))
            .and(header("x-api-key", "etsy-key-123"))
            .and(query_param("keywords", "coquette decor"))
            .and(query_param("limit", "100"))
            .respond_with(ResponseTemplate::new(200).set_body_json(etsy_page))
            .expect(1)
            .mount(&server),
    );
    config(
        &env,
        &format!(
            "[trends]\nkeywords = \"coquette decor\"\nmarket_top = 0\n[trends.ebay]\nbase_url = \"{0}\"\n[trends.etsy]\nbase_url = \"{0}/\"\n",
            server.uri()
        ),
    );
    let run = env.run_cmd(
        env.command()
            .args([
                "trends", "fetch", "--source", "ebay", "--source", "etsy", "--json",
            ])
            .env("SELLKIT_KEYSTORE", "file")
            .env("SELLKIT_EBAY_APP_TOKEN", "ebay-app-token")
            .env("SELLKIT_ETSY_API_KEY", "etsy-key-123"),
    );
    let doc = run.json_with("ebay: searching");
    rt.block_on(server.verify());
    let market = doc["market"].as_array().unwrap();
    assert_eq!(market.len(), 2);
    // eBay USD prices 12.00, 18.50, 25.00, 40.00 (the GBP one left out): nearest-rank
    // p25 = 1st = 12.00, median = 2nd = 18.50, p75 = 3rd = 25.00.
    assert_eq!(market[0]["source"], "ebay");
    assert_eq!(market[0]["listings"], 48213);
    assert_eq!(market[0]["prices_in_currency"], 4);
    assert_eq!(market[0]["price_p25_minor"], 1200);
    assert_eq!(market[0]["price_median_minor"], 1850);
    assert_eq!(market[0]["price_p75_minor"], 2500);
    // Etsy 15.00, 22.00, 30.00: p25 = 1st, median = 2nd, p75 = 3rd.
    assert_eq!(market[1]["source"], "etsy");
    assert_eq!(market[1]["listings"], 913);
    assert_eq!(market[1]["price_median_minor"], 2200);
    assert_eq!(market[1]["price_p75_minor"], 3000);
    assert!(!run.stdout.contains("ebay-app-token") && !run.stdout.contains("etsy-key-123"));
    // The candidate now carries competition, the price band and the margin at it.
    let doc = env.run(&["trends", "--json"]).json();
    let c = find(&doc, "coquette decor");
    assert_eq!(c["competition_listings"], 48213);
    let penalty = c["competition_points"].as_f64().unwrap();
    // −10 × (log10(48214) − 2) / 4
    assert!(
        (penalty + 10.0 * ((48214f64).log10() - 2.0) / 4.0).abs() < 1e-9,
        "{penalty}"
    );
    let ebay = c["market"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["source"] == "ebay")
        .unwrap();
    assert_eq!(ebay["price_median_minor"], 1850);
    assert!(ebay["margin_bp"].is_i64());
    // Feasible means at least pricing.min_margin_bp at the median price.
    let cfg = env
        .run(&["config", "get", "pricing.min_margin_bp", "--json"])
        .json();
    let min_margin: i64 = cfg["settings"][0]["value"]
        .as_str()
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(
        ebay["margin_feasible"].as_bool().unwrap(),
        ebay["margin_bp"].as_i64().unwrap() >= min_margin
    );
    // Without credentials and without --source, eBay and Etsy are skipped, not failed.
    let doc = env
        .run_cmd(
            env.command()
                .args(["trends", "fetch", "--json"])
                .env("SELLKIT_KEYSTORE", "file"),
        )
        .json_with("run `sellkit trends` to see the scored candidates");
    let skipped: Vec<&Value> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["status"] == "skipped")
        .collect();
    assert_eq!(skipped.len(), 4, "{doc}");
}

/// A searchCatalogItems item with a sales rank in `market`.
fn catalog_item(asin: &str, market: &str, rank: i64) -> Value {
    json!({
        "asin": asin,
        "summaries": [{"marketplaceId": market, "itemName": format!("Mushroom lamp {asin}")}],
        "salesRanks": [{
            "marketplaceId": market,
            "classificationRanks": [{"classificationId": "1063306", "title": "Lamps", "rank": rank * 3}],
            "displayGroupRanks": [{"websiteDisplayGroup": "home_display_on_website", "title": "Home & Kitchen", "rank": rank}]
        }]
    })
}

/// A getCompetitivePricing entry: the New Buy Box (CompetitivePriceId 1) and offer counts.
fn priced(asin: &str, amount: &str, currency: &str, new_offers: i64) -> Value {
    json!({
        "status": "Success",
        "ASIN": asin,
        "Product": {
            "Identifiers": {"MarketplaceASIN": {"MarketplaceId": "ATVPDKIKX0DER", "ASIN": asin}},
            "CompetitivePricing": {
                "CompetitivePrices": [
                    {"CompetitivePriceId": "2", "condition": "Used",
                     "Price": {"ListingPrice": {"CurrencyCode": currency, "Amount": 5.0}}},
                    {"CompetitivePriceId": "1", "condition": "New", "belongsToRequester": false,
                     "Price": {"LandedPrice": {"CurrencyCode": currency, "Amount": 99.0},
                               "ListingPrice": {"CurrencyCode": currency, "Amount": amount.parse::<f64>().unwrap()},
                               "Shipping": {"CurrencyCode": currency, "Amount": 4.99}}}
                ],
                "NumberOfOfferListings": [
                    {"Count": new_offers, "condition": "New"},
                    {"Count": 2, "condition": "Used"},
                    {"Count": new_offers + 2, "condition": "Any"}
                ]
            },
            "SalesRankings": [{"ProductCategoryId": "home_display_on_website", "Rank": 100}]
        }
    })
}

#[test]
fn amazon_catalog_search_and_competitive_pricing_give_competition_and_price_band() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "-q"]).ok();
    let (rt, server) = crate::common::mock_server();
    let market = "ATVPDKIKX0DER";
    rt.block_on(
        Mock::given(method("POST"))
            .and(path("/auth/o2/token"))
            .and(body_string_contains("grant_type=refresh_token"))
            .and(body_string_contains("refresh_token=Atzr%7Ctrends-refresh"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "Atza|trends-access", "token_type": "bearer", "expires_in": 3600
            })))
            .expect(1)
            .mount(&server),
    );
    // The catalogue: 4 items on the first page (one from another marketplace's ranks only).
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/catalog/2022-04-01/items"))
            .and(header("x-amz-access-token", "Atza|trends-access"))
            .and(query_param("keywords", "mushroom lamp"))
            .and(query_param("marketplaceIds", market))
            .and(query_param("includedData", "summaries,salesRanks"))
            .and(query_param("pageSize", "20"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "numberOfResults": 2315,
                "pagination": {"nextToken": "page2"},
                "refinements": {"brands": [], "classifications": []},
                "items": [
                    catalog_item("B0MUSH0001", market, 412),
                    catalog_item("B0MUSH0002", market, 88),
                    catalog_item("B0MUSH0003", market, 1520),
                    catalog_item("B0MUSH0004", "A1F83G8C2ARO7P", 3)
                ]
            })))
            .expect(1)
            .mount(&server),
    );
    // One priced call for all four ASINs; the fourth is priced in GBP and left out of the band.
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/products/pricing/v0/competitivePrice"))
            .and(header("x-amz-access-token", "Atza|trends-access"))
            .and(query_param("MarketplaceId", market))
            .and(query_param("ItemType", "Asin"))
            .and(query_param(
                "Asins",
                "B0MUSH0001,B0MUSH0002,B0MUSH0003,B0MUSH0004",
            ))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "payload": [
                    priced("B0MUSH0001", "34.99", "USD", 7),
                    priced("B0MUSH0002", "24.5", "USD", 12),
                    priced("B0MUSH0003", "59", "USD", 1),
                    priced("B0MUSH0004", "19.99", "GBP", 3),
                    {"status": "ClientError", "ASIN": "B0MUSH0005"}
                ]
            })))
            .expect(1)
            .mount(&server),
    );
    config(
        &env,
        &format!(
            "[trends]\nkeywords = \"mushroom lamp\"\nmarket_top = 0\n[amazon]\nendpoint = \"{0}\"\ntoken_url = \"{0}/auth/o2/token\"\n",
            server.uri()
        ),
    );
    let run = env.run_cmd(
        env.command()
            .args(["trends", "fetch", "--source", "amazon", "--json", "-vv"])
            .env("SELLKIT_KEYSTORE", "file")
            .env(
                "SELLKIT_AMAZON_CLIENT_ID",
                "amzn1.application-oa2-client.trends",
            )
            .env(
                "SELLKIT_AMAZON_CLIENT_SECRET",
                "amzn1.oa2-cs.v1.trends-secret",
            )
            .env("SELLKIT_AMAZON_REFRESH_TOKEN", "Atzr|trends-refresh"),
    );
    let doc = run.json_with("amazon: searching the catalogue for");
    rt.block_on(server.verify());
    let m = &doc["market"].as_array().unwrap()[0];
    assert_eq!(m["source"], "amazon");
    assert_eq!(m["keyword"], "mushroom lamp");
    assert_eq!(m["listings"], 2315);
    assert_eq!(m["prices_seen"], 4);
    // USD New Buy Box listing prices 24.50, 34.99, 59.00 (not the landed or used prices):
    // nearest-rank p25 = 1st, median = 2nd, p75 = 3rd.
    assert_eq!(m["prices_in_currency"], 3);
    assert_eq!(m["price_p25_minor"], 2450);
    assert_eq!(m["price_median_minor"], 3499);
    assert_eq!(m["price_p75_minor"], 5900);
    // New offers 7 + 12 + 1 + 3; the best rank in this marketplace is 88.
    assert_eq!(m["offer_listings"], 23);
    assert_eq!(m["best_sales_rank"], 88);
    let amazon = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["source"] == "amazon")
        .unwrap();
    assert_eq!(amazon["status"], "ok");
    assert_eq!(amazon["signals"], 6);
    for text in [&run.stdout, &run.stderr] {
        for secret in ["trends-secret", "Atzr|trends-refresh", "Atza|trends-access"] {
            assert!(!text.contains(secret), "a secret leaked: {secret}");
        }
    }
    // The candidate carries Amazon's competition and band, with the margin at its median.
    let doc = env.run(&["trends", "--json"]).json();
    let c = find(&doc, "mushroom lamp");
    assert_eq!(c["competition_listings"], 2315);
    let snap = c["market"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["source"] == "amazon")
        .unwrap();
    assert_eq!(snap["price_median_minor"], 3499);
    assert_eq!(snap["offer_listings"], 23);
    assert_eq!(snap["best_sales_rank"], 88);
    assert!(snap["margin_bp"].is_i64(), "{snap}");
    // Asked for by name without credentials: exit 3 naming the variables.
    let err = env
        .run_cmd(
            env.command()
                .args(["trends", "fetch", "--source", "amazon"])
                .env("SELLKIT_KEYSTORE", "file"),
        )
        .fails(3)
        .to_string();
    assert!(err.contains("SELLKIT_AMAZON_CLIENT_ID"), "{err}");
}

#[test]
fn ebay_application_token_is_minted_from_the_client_id_and_secret() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "--skus", "12", "--days", "400", "-q"])
        .ok();
    let (rt, server) = crate::common::mock_server();
    rt.block_on(
        Mock::given(method("POST"))
            .and(path("/identity/v1/oauth2/token"))
            .and(basic_auth("ebay-client", "ebay-secret"))
            .and(body_string_contains("grant_type=client_credentials"))
            .and(body_string_contains("scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "access_token": "v^1.1#minted", "expires_in": 7200, "token_type": "Application Access Token"
            })))
            .expect(1)
            .mount(&server),
    );
    rt.block_on(
        Mock::given(method("GET"))
            .and(path("/buy/browse/v1/item_summary/search"))
            .and(bearer_token("v^1.1#minted"))
            .and(query_param("q", "Frog Planters"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(json!({"total": 0, "limit": 200, "offset": 0})),
            )
            .expect(1)
            .mount(&server),
    );
    config(
        &env,
        &format!(
            "[trends]\nmarket_top = 0\n[trends.ebay]\nbase_url = \"{}\"\n",
            server.uri()
        ),
    );
    let run = env.run_cmd(
        env.command()
            .args([
                "trends",
                "fetch",
                "--source",
                "ebay",
                "--keyword",
                "Frog Planters",
                "--json",
            ])
            .env("SELLKIT_KEYSTORE", "file")
            .env("SELLKIT_EBAY_CLIENT_ID", "ebay-client")
            .env("SELLKIT_EBAY_CLIENT_SECRET", "ebay-secret"),
    );
    let doc = run.json_with("ebay: searching");
    rt.block_on(server.verify());
    // No items: a count of 0 and no price band.
    assert_eq!(doc["market"][0]["listings"], 0);
    assert!(doc["market"][0]["price_median_minor"].is_null());
    assert!(!run.stdout.contains("minted") && !run.stderr.contains("ebay-secret"));
}

#[test]
fn draft_turns_the_best_new_trend_into_one_new_listing_per_marketplace() {
    let env = TestEnv::new();
    env.run(&["sync", "demo", "-q"]).ok();
    let doc = env
        .run(&["trends", "draft", "--top", "1", "--json"])
        .json_with("run `sellkit review`");
    let drafts = doc["drafts"].as_array().unwrap();
    // The planted rising terms the shop already sells are skipped; "coquette decor" is new.
    assert_eq!(drafts.len(), 4, "{doc}");
    let mut markets: Vec<&str> = drafts
        .iter()
        .map(|d| d["marketplace"].as_str().unwrap())
        .collect();
    markets.sort_unstable();
    assert_eq!(markets, ["amazon", "ebay", "etsy", "shopify"]);
    for d in drafts {
        assert_eq!(d["term"], "coquette decor");
        assert_eq!(d["status"], "queued");
        assert_eq!(d["sku"], "TRD-COQUETTE-DECOR");
        assert!(d["rationale"].as_str().unwrap().contains("Mann-Kendall"));
        let conf = d["confidence_bp"].as_i64().unwrap();
        assert!(conf > 0 && conf <= 10_000);
    }
    assert!(
        doc["skipped"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["term"] == "mushroom lamp")
    );
    let db = rusqlite::Connection::open(env.db()).unwrap();
    let (n, kind): (i64, String) = db
        .query_row(
            "SELECT COUNT(*), MIN(kind) FROM drafts WHERE status = 'pending' AND sku = 'TRD-COQUETTE-DECOR'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((n, kind.as_str()), (4, "new_listing"));
    let payload: String = db
        .query_row(
            "SELECT payload FROM drafts WHERE marketplace = 'etsy'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let payload: Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["trend"]["term"], "coquette decor");
    // Twice: nothing queued twice.
    let again = env
        .run(&["trends", "draft", "--top", "1", "--json"])
        .json_with("run `sellkit review`");
    assert!(
        again["drafts"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["status"] == "already_queued")
    );
    assert_eq!(again["drafts_waiting"], 4);
}

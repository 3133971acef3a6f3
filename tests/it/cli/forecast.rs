use serde::Deserialize;

use crate::common::TestEnv;

/// The JSON shape scripts rely on, owned by the test: a renamed field fails here.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Run {
    schema_version: u32,
    run_id: Option<i64>,
    freq: String,
    horizon: usize,
    history_from: String,
    history_to: String,
    first_period: String,
    skus: Vec<Sku>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Sku {
    sku: String,
    demand_class: String,
    adi: f64,
    cv2: f64,
    model: String,
    backtest_mase: Option<f64>,
    observations: usize,
    on_hand: i64,
    inbound: i64,
    lead_time_days: i64,
    review_days: i64,
    service_level_bp: i64,
    moq: i64,
    case_pack: i64,
    forecast_total: f64,
    days_of_cover: Option<f64>,
    stockout_median: Option<String>,
    stockout_pessimistic: Option<String>,
    lead_time_demand: f64,
    safety_stock: f64,
    reorder_point: f64,
    order_quantity: u64,
    forecast: Vec<Period>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Period {
    period_start: String,
    point: f64,
    lo_80: f64,
    hi_80: f64,
    lo_95: f64,
    hi_95: f64,
}

#[test]
fn store_forecast_json_is_stable_and_consistent() {
    let env = TestEnv::new();
    env.small_demo();
    let run = env.run(&["forecast", "--json"]);
    assert_eq!(run.stderr, "");
    let r: Run = serde_json::from_str(run.ok()).unwrap();
    assert_eq!(
        (r.schema_version, r.freq.as_str(), r.horizon),
        (1, "day", 28)
    );
    assert_eq!(r.run_id, Some(1));
    // NOW is 2025-06-30: the current day is forecast, a year of history before it.
    assert_eq!(
        (r.first_period.as_str(), r.history_to.as_str()),
        ("2025-06-30", "2025-06-29")
    );
    assert_eq!(r.history_from, "2024-06-30");
    assert_eq!(r.skus.len(), 12);
    let classes = ["smooth", "erratic", "intermittent", "lumpy", "sparse"];
    for s in &r.skus {
        assert!(
            classes.contains(&s.demand_class.as_str()),
            "{}",
            s.demand_class
        );
        assert_eq!(s.forecast.len(), 28);
        assert_eq!(s.forecast[0].period_start, "2025-06-30");
        assert_eq!(
            (
                s.lead_time_days,
                s.review_days,
                s.service_level_bp,
                s.moq,
                s.case_pack
            ),
            (14, 7, 9500, 0, 1)
        );
        assert!(s.adi >= 1.0 && s.cv2 >= 0.0 && s.observations <= 365 && s.inbound >= 0);
        assert!(!s.model.is_empty() && s.backtest_mase.is_none_or(|m| m >= 0.0));
        for p in &s.forecast {
            assert!(
                p.lo_95 <= p.lo_80
                    && p.lo_80 <= p.point
                    && p.point <= p.hi_80
                    && p.hi_80 <= p.hi_95
            );
            assert!(p.lo_95 >= 0.0);
        }
        let total: f64 = s.forecast.iter().map(|p| p.point).sum();
        assert!((total - s.forecast_total).abs() < 1e-6);
        assert!((s.reorder_point - s.lead_time_demand - s.safety_stock).abs() < 1e-6);
        if let (Some(m), Some(p)) = (&s.stockout_median, &s.stockout_pessimistic) {
            assert!(p <= m, "{}: pessimistic {p} after median {m}", s.sku);
        }
        if s.forecast_total > 0.0 {
            let cover = s.days_of_cover.unwrap();
            assert!((cover - s.on_hand as f64 / (s.forecast_total / 28.0)).abs() < 1e-6);
        }
    }
    // Soonest pessimistic stockout first.
    let dates: Vec<&str> = r
        .skus
        .iter()
        .filter_map(|s| s.stockout_pessimistic.as_deref())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    // The run is stored: a second run gets the next id.
    let again: Run =
        serde_json::from_str(env.run(&["forecast", "--json", "--no-save"]).ok()).unwrap();
    assert_eq!(again.run_id, None);
    let third: Run = serde_json::from_str(env.run(&["forecast", "--json"]).ok()).unwrap();
    assert_eq!(third.run_id, Some(2));
}

#[test]
fn per_sku_policy_from_config_changes_the_order() {
    let env = TestEnv::new();
    env.small_demo();
    let r: Run = serde_json::from_str(env.run(&["forecast", "--json", "--no-save"]).ok()).unwrap();
    // The best seller: with a 30-day lead time its stock cannot cover the lead time, so an order
    // is due and the MOQ and case-pack rule must shape it.
    let target = r
        .skus
        .iter()
        .max_by(|a, b| a.forecast_total.total_cmp(&b.forecast_total))
        .expect("a SKU with demand");
    let config = env.path("config/sellkit/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(
        &config,
        format!(
            "[forecast]\nlead_time_days = 30\n\n[forecast.sku.\"{}\"]\nmoq = 500\ncase_pack = 12\n",
            target.sku
        ),
    )
    .unwrap();
    let r2: Run = serde_json::from_str(env.run(&["forecast", "--json", "--no-save"]).ok()).unwrap();
    let t2 = r2.skus.iter().find(|s| s.sku == target.sku).unwrap();
    assert_eq!((t2.lead_time_days, t2.moq, t2.case_pack), (30, 500, 12));
    assert!(t2.order_quantity > 0, "no order was due: {t2:?}");
    assert!(
        t2.order_quantity >= 500 && t2.order_quantity % 12 == 0,
        "{t2:?}"
    );
    assert!(t2.lead_time_demand > target.lead_time_demand);
    // A bad per-SKU key is a configuration error (exit 3) that names the key.
    std::fs::write(&config, "[forecast.sku.\"X\"]\nlead_time = 3\n").unwrap();
    let err = env.run(&["forecast", "--no-save"]).fails(3).to_string();
    assert!(err.contains("unknown key \"lead_time\""), "{err}");
}

#[test]
fn weekly_table_and_unknown_sku() {
    let env = TestEnv::new();
    env.small_demo();
    let out = env.run(&[
        "forecast",
        "--freq",
        "week",
        "--horizon",
        "4",
        "--top",
        "3",
        "--no-save",
    ]);
    let text = out.ok();
    assert!(
        text.starts_with("Demand forecast, 4 weeks from 2025-06-30"),
        "{text}"
    );
    assert!(
        text.contains("demand/week") && text.contains("3 of 12 SKUs shown"),
        "{text}"
    );
    let err = env.run(&["forecast", "--sku", "NOPE"]).fails(5).to_string();
    assert_eq!(
        err,
        "sellkit: error: no SKU \"NOPE\" in the store: see `sellkit report sales` for SKUs"
    );
}

#[test]
fn input_csv_prints_the_scorer_format() {
    let env = TestEnv::new();
    let input = env.path("train.csv");
    let mut text = String::from("unique_id,ds,y\n");
    for t in 1..=24 {
        text += &format!("flat,{t},10\n");
        text += &format!("up,{t},{}\n", 100 + 5 * t);
    }
    std::fs::write(&input, text).unwrap();
    let run = env.run(&[
        "forecast",
        "--input",
        input.to_str().unwrap(),
        "--horizon",
        "3",
        "--format",
        "csv",
    ]);
    let out = run.ok();
    assert_eq!(run.stderr, "");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "unique_id,ds,y_hat,y_hat_lo_80,y_hat_hi_80,y_hat_lo_95,y_hat_hi_95"
    );
    assert_eq!(lines.len(), 1 + 2 * 3);
    assert!(
        lines[1].starts_with("flat,25,10,10,10,10,10"),
        "{}",
        lines[1]
    );
    let up: Vec<f64> = lines[4..]
        .iter()
        .map(|l| l.split(',').nth(2).unwrap().parse().unwrap())
        .collect();
    assert_eq!(lines[4].split(',').nth(1), Some("25"));
    assert!(up.windows(2).all(|w| w[1] > w[0]), "{up:?}");
    assert!((up[0] - 225.0).abs() < 3.0, "{up:?}");
    // Stdin works too, and a bad value names the line and field (exit 5).
    let bad = env.path("bad.csv");
    std::fs::write(&bad, "unique_id,ds,y\nA,1,3\nA,2,three\n").unwrap();
    let err = env
        .run(&[
            "forecast",
            "--input",
            bad.to_str().unwrap(),
            "--horizon",
            "2",
        ])
        .fails(5)
        .to_string();
    assert!(
        err.ends_with("bad.csv:3: field \"y\": \"three\" is not a number"),
        "{err}"
    );
    // --input does not mix with store options (usage error).
    env.run(&[
        "forecast",
        "--input",
        input.to_str().unwrap(),
        "--horizon",
        "2",
        "--sku",
        "A",
    ])
    .fails(2);
    // --horizon is required with --input (usage error).
    env.run(&["forecast", "--input", input.to_str().unwrap()])
        .fails(2);
}

#[test]
fn by_city_ranks_places_with_share_and_growth() {
    let env = TestEnv::new();
    env.small_demo();
    let v = env
        .run(&["forecast", "--by", "country", "--days", "60", "--json"])
        .json();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(
        (v["by"].as_str(), v["until"].as_str()),
        (Some("country"), Some("2025-06-29"))
    );
    let places = v["places"].as_array().unwrap();
    assert!(!places.is_empty());
    let share: i64 = places
        .iter()
        .map(|p| p["share_bp"].as_i64().unwrap_or(0))
        .sum();
    assert!((9990..=10010).contains(&share), "shares add up to {share}");
    for (i, p) in places.iter().enumerate() {
        assert_eq!(p["rank"].as_u64(), Some(i as u64 + 1));
        for key in [
            "place",
            "units",
            "previous_units",
            "revenue",
            "share_bp",
            "growth_bp",
            "population",
            "units_per_100k",
        ] {
            assert!(p.get(key).is_some(), "missing {key}");
        }
        // Every country the demo ships to is in the population table.
        let pop = p["population"].as_i64().unwrap();
        let units = p["units"].as_i64().unwrap();
        let rate = p["units_per_100k"].as_f64().unwrap();
        assert!(
            (rate - units as f64 * 1e5 / pop as f64).abs() <= 0.005,
            "{p}"
        );
    }
    let units: Vec<i64> = places
        .iter()
        .map(|p| p["units"].as_i64().unwrap())
        .collect();
    assert!(units.windows(2).all(|w| w[0] >= w[1]));
    // Cities: New York City's GeoNames population; a rate per 100,000 people.
    let v = env
        .run(&["forecast", "--by", "city", "--days", "60", "--json"])
        .json();
    let ny = v["places"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["place"] == "New York, US")
        .unwrap();
    assert_eq!(ny["population"], 8_804_190);
    let expected = ny["units"].as_i64().unwrap() as f64 * 1e5 / 8_804_190.0;
    assert!((ny["units_per_100k"].as_f64().unwrap() - expected).abs() <= 0.005);
    // The table says where the populations come from.
    let out = env.run(&["forecast", "--by", "region", "--days", "60"]);
    assert!(out.ok().contains("per 100k"), "{}", out.stdout);
    assert!(
        out.stdout.contains("GeoNames (CC BY 4.0)"),
        "{}",
        out.stdout
    );
}

#[test]
fn store_forecast_csv_has_one_row_per_sku_and_period() {
    let env = TestEnv::new();
    env.small_demo();
    let json: Run = serde_json::from_str(
        env.run(&["forecast", "--freq", "week", "--no-save", "--json"])
            .ok(),
    )
    .unwrap();
    let out = env
        .run(&["forecast", "--freq", "week", "--no-save", "--format", "csv"])
        .ok()
        .to_string();
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &headers[..9],
        &[
            "run_id",
            "sku",
            "freq",
            "period_start",
            "point",
            "lo_80",
            "hi_80",
            "lo_95",
            "hi_95"
        ]
    );
    assert!(
        headers.contains(&"order_quantity".to_string()),
        "{headers:?}"
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 12 * 12, "12 SKUs × 12 weeks");
    let mut i = 0;
    for s in &json.skus {
        assert_eq!(s.forecast.len(), 12);
        for p in &s.forecast {
            let r = &rows[i];
            assert_eq!(
                (&r[0], &r[1], &r[2], &r[3]),
                ("", s.sku.as_str(), "week", p.period_start.as_str())
            );
            let num = |k: usize| r[k].parse::<f64>().unwrap();
            for (k, v) in [
                (4, p.point),
                (5, p.lo_80),
                (6, p.hi_80),
                (7, p.lo_95),
                (8, p.hi_95),
            ] {
                assert!(
                    (num(k) - v).abs() <= 1e-9 * v.abs().max(1.0),
                    "{}: {} vs {v}",
                    s.sku,
                    &r[k]
                );
            }
            assert!(num(7) <= num(5) && num(5) <= num(4) && num(4) <= num(6) && num(6) <= num(8));
            i += 1;
        }
    }
    // NDJSON carries the same rows.
    let nd = env
        .run(&[
            "forecast",
            "--freq",
            "week",
            "--no-save",
            "--format",
            "ndjson",
        ])
        .ok()
        .to_string();
    let first: serde_json::Value = serde_json::from_str(nd.lines().next().unwrap()).unwrap();
    assert_eq!(nd.lines().count(), 144);
    assert_eq!(first["sku"], json.skus[0].sku.as_str());
    assert_eq!(
        first["period_start"],
        json.skus[0].forecast[0].period_start.as_str()
    );
    assert!(first["model"].is_string() && first["order_quantity"].is_u64());
}

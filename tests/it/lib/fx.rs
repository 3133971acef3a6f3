//! `sellkit::fx` through its public API on the real eurofxref-hist.csv (when ../shared has it):
//! parsing, importing and loading timed (printed with --nocapture, never asserted), and a year
//! of conversions from the loaded table against the file's own rows.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use sellkit::fx::{self, Basis, Rates};
use sellkit::money::Currency;
use sellkit::store::Store;

#[test]
#[allow(clippy::print_stdout)] // the timings, shown with --nocapture
fn the_real_history_loads_once_and_converts_without_sql() {
    let Some(file) = crate::common::shared("data/fx/eurofxref-hist.csv") else {
        return;
    };
    let bytes = std::fs::read(&file).unwrap();
    let t = std::time::Instant::now();
    let sheet = fx::parse("eurofxref-hist.csv", &bytes).unwrap();
    let parsed = t.elapsed();
    let mut store = Store::open_in_memory().unwrap();
    let t = std::time::Instant::now();
    let imported = fx::import(&mut store, &sheet.rows).unwrap();
    let stored = t.elapsed();
    assert_eq!((imported.rows, imported.new), (217_555, 217_555));
    let t = std::time::Instant::now();
    let rates = Rates::load(store.conn()).unwrap();
    let loaded = t.elapsed();
    assert_eq!(rates.currencies().len(), 41);

    // Every day of 2025 (weekends and holidays included), USD and JPY to GBP and back.
    let usd = Currency::USD;
    let gbp = Currency::GBP;
    let jpy = Currency::new("JPY").unwrap();
    let days: Vec<Date> = (0..365)
        .map(|i| date(2025, 1, 1).checked_add(i.days()).unwrap())
        .collect();
    let t = std::time::Instant::now();
    let mut n = 0u32;
    for _ in 0..100 {
        for &d in &days {
            for (from, to) in [(usd, gbp), (gbp, usd), (jpy, gbp), (usd, jpy)] {
                let c = rates.convert(123_456, from, to, d).unwrap();
                assert_eq!(c.basis, Basis::Ecb);
                assert!(
                    c.day <= d && (d - c.day).get_days() <= 4,
                    "{d}: {:?}",
                    c.day
                );
                n += 1;
            }
        }
    }
    let converted = t.elapsed();
    println!(
        "fx on the real file (this test build): parse {:.0} ms, import {:.0} ms, load {:.0} ms ({} rates), {n} conversions {:.0} ms ({:.2} µs each)",
        parsed.as_secs_f64() * 1e3,
        stored.as_secs_f64() * 1e3,
        loaded.as_secs_f64() * 1e3,
        imported.rows,
        converted.as_secs_f64() * 1e3,
        converted.as_secs_f64() * 1e6 / f64::from(n)
    );

    // The loaded table agrees with the window loader and with the file's rows: 2025-12-24's
    // GBP per USD, asked on Boxing Day.
    let window = Rates::load_between(store.conn(), date(2025, 12, 26), date(2025, 12, 26)).unwrap();
    let a = rates.quote(usd, gbp, date(2025, 12, 26)).unwrap();
    let b = window.quote(usd, gbp, date(2025, 12, 26)).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.day, date(2025, 12, 24));
    let row = sheet
        .rows
        .iter()
        .filter(|r| r.day == date(2025, 12, 24))
        .map(|r| (r.currency, r.per_eur.as_str()))
        .collect::<Vec<_>>();
    let text = |c: Currency| row.iter().find(|r| r.0 == c).unwrap().1.to_string();
    assert_eq!(a.from_per_eur.unwrap().to_string(), text(usd));
    assert_eq!(a.to_per_eur.unwrap().to_string(), text(gbp));
}

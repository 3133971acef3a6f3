//! Using sellkit as a library: fill a demo shop in memory and print its best channel.
//!
//! Run with `cargo run --example library`.

use sellkit::marketplaces::demo::{self, DemoSpec};
use sellkit::progress::NoProgress;
use sellkit::report::sales::{self, CostMethod, Period, SalesQuery};
use sellkit::store::Store;

fn main() -> Result<(), sellkit::Error> {
    let mut store = Store::open_in_memory()?;
    let end = jiff::civil::date(2025, 6, 30);
    let spec = DemoSpec {
        seed: 42,
        skus: 24,
        days: 365,
        end,
    };
    let summary = demo::fill(&mut store, &spec, jiff::Timestamp::now(), &NoProgress)?;

    let query = SalesQuery {
        since: jiff::civil::date(2025, 1, 1),
        until: end,
        period: Period::Month,
        channel: None,
        sku: None,
        refund_restocked: false,
        cost_method: CostMethod::Dated,
        home: None,
    };
    let report = sales::sales(&store, &query)?;
    let best = report
        .by_channel
        .iter()
        .max_by_key(|r| r.net_profit.amount_minor);
    // An example program prints its result; the library itself never does.
    #[allow(clippy::print_stdout)]
    if let Some(best) = best {
        println!(
            "{} order lines generated; best channel in 2025: {} with {} net profit ({} margin)",
            summary.rows.order_lines,
            best.key,
            best.net_profit.display(),
            best.margin_bp
                .map_or("n/a".to_string(), |bp| format!("{:.1}%", bp as f64 / 100.0)),
        );
    }
    Ok(())
}

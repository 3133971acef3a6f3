//! `sellkit forecast`: per-SKU demand forecasts with intervals, the chosen model and its
//! backtest accuracy, days of cover, stockout dates, reorder point and order quantity; or
//! where buyers are (`--by`); or any long CSV file (`--input`).

use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

use jiff::ToSpan;
use jiff::civil::Date;

use crate::cli::Context;
use crate::error::{Error, Result};
use crate::forecast::geo::{self, Level, Place};
use crate::forecast::history::{self, Freq, StoredRun, StoredSku};
use crate::forecast::inventory::{self, Policy, Stock};
use crate::forecast::{self as core, Settings, longcsv};
use crate::output::{Align, Format, Render, SCHEMA_VERSION, TableOpts, Titled, table, to_json};
use crate::progress::Progress;

/// Forecast demand per SKU and plan restocking.
///
/// For every SKU: the demand pattern (smooth, erratic, intermittent, lumpy), a forecast with
/// 80% and 95% intervals, the model's backtest error (MASE), days of cover, the probable
/// stockout date (median and pessimistic), the reorder point and how much to order now.
/// Regular demand gets an ETS + Theta combination, sporadic demand IMAPA + TSB, unless a
/// rolling-origin backtest over all SKUs of the pattern clearly prefers another model.
/// Days out of stock count as unknown demand, not zero. Each run is stored (tables
/// forecast_runs, forecast_skus, forecasts). With --format csv or ndjson: one row per SKU and
/// period (period_start, point, lo_80, hi_80, lo_95, hi_95), then the SKU's model and plan.
///
/// --by city|region|country ranks ship-to places by units, with revenue, share, growth and,
/// where the embedded population table knows the place, units per 100,000 people (countries
/// and cities: GeoNames, CC BY 4.0; U.S. states: U.S. Census Bureau 2019 estimates).
///
/// Lead time, review period, service level, MOQ and case pack come from config
/// (forecast.lead_time_days, ...), per SKU from a [forecast.sku."SKU"] table with the same
/// key names.
///
/// Examples:
///   sellkit forecast
///   sellkit forecast --freq week --horizon 8 --sku MUG-001
///   sellkit forecast --json | jq '.skus[] | select(.order_quantity > 0)'
///   sellkit forecast --freq week --format csv > forecast.csv
///   sellkit forecast --by city --days 90
///   sellkit forecast --input train.csv --horizon 18 --season-length 12 --format csv
#[derive(Debug, clap::Args)]
#[command(verbatim_doc_comment)]
pub struct Args {
    /// Forecast period [config: forecast.freq]
    #[arg(long, value_enum)]
    pub freq: Option<Freq>,
    /// Periods to forecast [default: 28 days, 12 weeks or 6 months; with --input required]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub horizon: Option<u32>,
    /// Periods of history the models see [default: 365 days, 156 weeks or 60 months]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=36600))]
    pub history: Option<u32>,
    /// Only this SKU
    #[arg(long)]
    pub sku: Option<String>,
    /// Rank places by units sold, with revenue, share, growth and units per 100,000 people
    /// (where the population is known), instead of forecasting
    #[arg(long, value_enum, value_name = "LEVEL", conflicts_with_all = ["freq", "horizon", "history", "sku", "input"])]
    pub by: Option<Level>,
    /// Days in the --by period, compared with the same number of days before it
    #[arg(long, value_name = "N", default_value_t = 90, value_parser = clap::value_parser!(u32).range(1..=3660))]
    pub days: u32,
    /// Forecast every series of a long CSV file (columns unique_id,ds,y; ds a date or an
    /// integer) instead of the store; `-` reads stdin. Prints unique_id,ds,y_hat and interval
    /// columns with --format csv
    #[arg(long, value_name = "FILE", conflicts_with_all = ["freq", "history", "sku", "no_save", "top"])]
    pub input: Option<PathBuf>,
    /// Season length of the --input series (12 monthly, 4 quarterly, 7 daily, 1 none)
    #[arg(long, value_name = "M", default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=366))]
    pub season_length: u32,
    /// Do not store the run
    #[arg(long)]
    pub no_save: bool,
    /// Show only the N SKUs that run out first [default: 20 in tables, all otherwise]
    #[arg(long, value_name = "N")]
    pub top: Option<usize>,
    /// Write to FILE instead of stdout (written whole, then moved into place)
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

pub fn run(ctx: &Context, args: Args) -> Result<()> {
    if let Some(input) = &args.input {
        return run_input(ctx, &args, input);
    }
    if let Some(level) = args.by {
        return run_by(ctx, &args, level);
    }
    run_store(ctx, &args)
}

fn emit(ctx: &Context, args: &Args, result: &dyn Render) -> Result<()> {
    match &args.output {
        Some(path) => {
            let mut buf = Vec::new();
            ctx.out.write(result, &mut buf)?;
            crate::fsutil::write_atomic(path, &buf, false)?;
            ctx.out.status(&format!("wrote {}", path.display()));
            Ok(())
        }
        None => ctx.out.print(result),
    }
}

fn fmt_units(v: f64) -> String {
    if v.abs() >= 100.0 {
        format!("{v:.0}")
    } else {
        format!("{v:.1}")
    }
}

fn fmt_opt_date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "-".into())
}

// ---------------------------------------------------------------------------- --input

struct CsvForecasts {
    series: Vec<longcsv::LongSeries>,
    forecasts: Vec<core::Forecast>,
}

impl CsvForecasts {
    fn rows(&self) -> impl Iterator<Item = (usize, longcsv::Ds, usize)> + '_ {
        self.series
            .iter()
            .zip(&self.forecasts)
            .enumerate()
            .flat_map(|(i, (s, f))| {
                longcsv::future_ds(&s.ds, f.point.len())
                    .into_iter()
                    .enumerate()
                    .map(move |(k, ds)| (i, ds, k))
            })
    }
}

impl Render for CsvForecasts {
    fn document(&self) -> serde_json::Value {
        let series = self
            .series
            .iter()
            .zip(&self.forecasts)
            .map(|(s, f)| {
                let ds = longcsv::future_ds(&s.ds, f.point.len());
                wire::SeriesForecast {
                    unique_id: &s.id,
                    model: &f.model,
                    demand_class: f.classification.class.as_str(),
                    backtest_mase: f.backtest_mase,
                    forecast: ds
                        .iter()
                        .enumerate()
                        .map(|(k, d)| wire::Step::of(f, k, d))
                        .collect(),
                }
            })
            .collect();
        to_json(&wire::SeriesDoc {
            schema_version: SCHEMA_VERSION,
            series,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.rows()
            .map(|(i, ds, k)| {
                to_json(&wire::StepRecord {
                    unique_id: &self.series[i].id,
                    step: wire::Step::of(&self.forecasts[i], k, &ds),
                })
            })
            .collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let headers = [
            ("unique_id", Align::Left),
            ("ds", Align::Left),
            ("y_hat", Align::Right),
            ("80%", Align::Right),
            ("95%", Align::Right),
            ("model", Align::Left),
        ];
        let rows = self
            .rows()
            .map(|(i, ds, k)| {
                let f = &self.forecasts[i];
                vec![
                    self.series[i].id.clone(),
                    ds.to_string(),
                    fmt_units(f.point[k]),
                    format!("{}–{}", fmt_units(f.lo_80[k]), fmt_units(f.hi_80[k])),
                    format!("{}–{}", fmt_units(f.lo_95[k]), fmt_units(f.hi_95[k])),
                    f.model.clone(),
                ]
            })
            .collect();
        vec![Titled {
            title: None,
            table: table::build(opts, &headers, rows),
            note: None,
        }]
    }
}

fn run_input(ctx: &Context, args: &Args, input: &PathBuf) -> Result<()> {
    let horizon = args.horizon.ok_or_else(|| {
        Error::usage("--input needs --horizon N (the number of periods to forecast)")
    })? as usize;
    let name = input.display().to_string();
    let series = if name == "-" {
        longcsv::read(std::io::stdin().lock(), "-")
    } else {
        let file = std::fs::File::open(input).map_err(|e| Error::io(input, e))?;
        longcsv::read(std::io::BufReader::new(file), &name)
    }
    .map_err(|e| Error::input(e.to_string()))?;
    let mut settings = Settings::new(horizon, args.season_length as usize);
    // Series here need not be demand (an index, a price): keep negative values possible
    // only when the history has them.
    settings.non_negative = series.iter().all(|s| s.y.iter().all(|v| *v >= 0.0));
    let values: Vec<&[f64]> = series.iter().map(|s| s.y.as_slice()).collect();
    let bar = ctx.out.progress();
    bar.start(2 * values.len() as u64, "forecasting");
    let forecasts = core::forecast_many_with_progress(&values, &settings, || bar.inc(1));
    bar.finish();
    let result = CsvForecasts { series, forecasts };
    if ctx.out.format() == Format::Csv {
        let mut buf = Vec::new();
        longcsv::write(&mut buf, &result.series, &result.forecasts)
            .map_err(|e| Error::io("stdout", e))?;
        return match &args.output {
            Some(path) => {
                crate::fsutil::write_atomic(path, &buf, false)?;
                ctx.out.status(&format!("wrote {}", path.display()));
                Ok(())
            }
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(&buf)
                    .and_then(|_| out.flush())
                    .map_err(|e| Error::io("stdout", e))
            }
        };
    }
    emit(ctx, args, &result)
}

// ---------------------------------------------------------------------------- --by

struct Places {
    level: Level,
    since: Date,
    until: Date,
    places: Vec<Place>,
}

impl Render for Places {
    fn document(&self) -> serde_json::Value {
        to_json(&wire::PlacesDoc {
            schema_version: SCHEMA_VERSION,
            by: self.level.as_str(),
            since: self.since.to_string(),
            until: self.until.to_string(),
            places: &self.places,
        })
    }
    fn records(&self) -> Vec<serde_json::Value> {
        self.places.iter().map(to_json).collect()
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let headers = [
            ("rank", Align::Right),
            (self.level.as_str(), Align::Left),
            ("units", Align::Right),
            ("share", Align::Right),
            ("previous", Align::Right),
            ("growth", Align::Right),
            ("revenue", Align::Right),
            ("population", Align::Right),
            ("per 100k", Align::Right),
        ];
        let rows = self
            .places
            .iter()
            .map(|p| {
                vec![
                    p.rank.to_string(),
                    crate::output::sanitize::for_terminal(&p.place),
                    table::count(p.units),
                    table::percent(p.share_bp),
                    table::count(p.previous_units),
                    table::percent(p.growth_bp),
                    p.revenue.display(),
                    p.population.map_or("-".into(), table::count),
                    p.units_per_100k.map_or("-".into(), |r| format!("{r:.2}")),
                ]
            })
            .collect();
        let title = format!(
            "Units by {} {} to {}, against the {} days before",
            self.level.as_str(),
            self.since,
            self.until,
            (self.until - self.since).get_days() + 1
        );
        vec![Titled {
            title: Some(title),
            table: table::build(opts, &headers, rows),
            note: Some(
                "per 100k: units per 100,000 people. Populations: GeoNames (CC BY 4.0) for countries and cities, U.S. Census Bureau 2019 estimates for U.S. states; - where unknown."
                    .into(),
            ),
        }]
    }
}

fn run_by(ctx: &Context, args: &Args, level: Level) -> Result<()> {
    let store = ctx.open_store()?;
    let until = ctx.today().checked_sub(1.days()).unwrap_or(ctx.today());
    let since = until
        .checked_sub(((args.days - 1) as i32).days())
        .unwrap_or(until);
    let places = geo::by_place(store.conn(), level, since, until)?;
    emit(
        ctx,
        args,
        &Places {
            level,
            since,
            until,
            places,
        },
    )
}

// ---------------------------------------------------------------------------- the store

struct StoreForecast {
    run_id: Option<i64>,
    freq: Freq,
    horizon: usize,
    history_from: Date,
    history_to: Date,
    first_period: Date,
    skus: Vec<StoredSku>,
    shown: usize,
}

impl Render for StoreForecast {
    fn document(&self) -> serde_json::Value {
        let skus = self.skus[..self.shown]
            .iter()
            .map(|s| wire::SkuForecast {
                sku: &s.sku,
                plan: wire::SkuPlan::of(s),
                forecast: s.periods.iter().map(wire::Period::of).collect(),
            })
            .collect();
        to_json(&wire::ForecastDoc {
            schema_version: SCHEMA_VERSION,
            run_id: self.run_id,
            freq: self.freq.as_str(),
            horizon: self.horizon,
            history_from: self.history_from.to_string(),
            history_to: self.history_to.to_string(),
            first_period: self.first_period.to_string(),
            skus,
        })
    }
    /// One self-contained record per SKU and forecast period: the period's point forecast and
    /// intervals first, then the SKU's model and plan (repeated on each of its rows).
    fn records(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for s in &self.skus[..self.shown] {
            let plan = wire::SkuPlan::of(s);
            for p in &s.periods {
                out.push(to_json(&wire::PeriodRecord {
                    run_id: self.run_id,
                    sku: &s.sku,
                    freq: self.freq.as_str(),
                    period: wire::Period::of(p),
                    plan: &plan,
                }));
            }
        }
        out
    }
    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let per = match self.freq {
            Freq::Day => "/day",
            Freq::Week => "/week",
            Freq::Month => "/month",
        };
        let rate_header = format!("demand{per}");
        let headers = [
            ("sku", Align::Left),
            ("pattern", Align::Left),
            ("model", Align::Left),
            ("MASE", Align::Right),
            (rate_header.as_str(), Align::Right),
            ("on hand", Align::Right),
            ("cover (days)", Align::Right),
            ("stockout", Align::Left),
            ("pessimistic", Align::Left),
            ("reorder at", Align::Right),
            ("order", Align::Right),
        ];
        let rows = self.skus[..self.shown]
            .iter()
            .map(|s| {
                let rate = if s.periods.is_empty() {
                    0.0
                } else {
                    s.periods.iter().map(|p| p.1).sum::<f64>() / s.periods.len() as f64
                };
                vec![
                    crate::output::sanitize::for_terminal(&s.sku),
                    s.demand_class.to_string(),
                    s.model.clone(),
                    s.backtest_mase
                        .map(|m| format!("{m:.2}"))
                        .unwrap_or_else(|| "-".into()),
                    fmt_units(rate),
                    table::count(s.on_hand),
                    s.days_of_cover
                        .map(|d| format!("{d:.0}"))
                        .unwrap_or_else(|| "-".into()),
                    fmt_opt_date(s.stockout_median),
                    fmt_opt_date(s.stockout_pessimistic),
                    format!("{:.0}", s.reorder_point.ceil()),
                    s.order_quantity.to_string(),
                ]
            })
            .collect();
        let title = format!(
            "Demand forecast, {} {}s from {} (history {} to {}){}",
            self.horizon,
            self.freq.as_str(),
            self.first_period,
            self.history_from,
            self.history_to,
            self.run_id
                .map(|id| format!(", run {id}"))
                .unwrap_or_default()
        );
        let note = (self.shown < self.skus.len()).then(|| {
            format!(
                "{} of {} SKUs shown, soonest stockout first (--top N)",
                self.shown,
                self.skus.len()
            )
        });
        vec![Titled {
            title: Some(title),
            table: table::build(opts, &headers, rows),
            note,
        }]
    }
}

fn run_store(ctx: &Context, args: &Args) -> Result<()> {
    let started = Instant::now();
    let freq = match args.freq {
        Some(f) => f,
        None => Freq::parse(&ctx.config.forecast.freq).unwrap_or(Freq::Day),
    };
    let horizon = args
        .horizon
        .map(|h| h as usize)
        .unwrap_or_else(|| freq.default_horizon());
    let periods = args
        .history
        .map(|h| h as usize)
        .unwrap_or_else(|| freq.default_history());
    let base = ctx.config.forecast.sku_policy();
    let overrides = ctx.config.forecast.sku_policies(&ctx.config.overrides)?;
    let mut store = if args.no_save {
        ctx.open_store()?
    } else {
        ctx.open_store_create()?
    };
    let today = ctx.today();
    let hist = history::load(store.conn(), freq, today, periods, args.sku.as_deref())?;
    if let Some(sku) = &args.sku
        && hist.skus.is_empty()
    {
        return Err(Error::input(format!(
            "no SKU {sku:?} in the store: see `sellkit report sales` for SKUs"
        )));
    }
    let m = freq.season_length();
    let settings = Settings::new(horizon, m);
    let bar = ctx.out.progress();
    bar.start(2 * hist.skus.len() as u64, "forecasting");
    let values: Vec<&[f64]> = hist.skus.iter().map(|s| s.values.as_slice()).collect();
    let forecasts = core::forecast_many_with_progress(&values, &settings, || bar.inc(1));
    bar.finish();
    let period_days = freq.days();
    let to_date = |p: Option<f64>| -> Option<Date> {
        p.map(|p| {
            let days = (p * period_days).floor() as i64;
            hist.first_forecast
                .checked_add((days as i32).days())
                .unwrap_or(hist.first_forecast)
        })
    };
    let mut skus: Vec<StoredSku> = hist
        .skus
        .iter()
        .zip(&forecasts)
        .map(|(h, f)| {
            let pol = overrides.get(&h.sku).copied().unwrap_or(base);
            let policy = Policy {
                lead_time: pol.lead_time_days as f64 / period_days,
                review_period: pol.review_days as f64 / period_days,
                service_level: pol.service_level_bp as f64 / 10_000.0,
                moq: pol.moq as u64,
                case_pack: pol.case_pack as u64,
                pessimistic_quantile: 0.9,
            };
            let plan = inventory::plan(
                &f.point,
                &f.sd,
                Stock {
                    on_hand: h.on_hand as f64,
                    inbound: h.inbound as f64,
                },
                &policy,
            );
            StoredSku {
                sku: h.sku.clone(),
                demand_class: f.classification.class.as_str(),
                adi: f.classification.adi,
                cv2: f.classification.cv2,
                model: f.model.clone(),
                backtest_mase: f.backtest_mase,
                observations: f.observations,
                on_hand: h.on_hand,
                inbound: h.inbound,
                lead_time_days: pol.lead_time_days,
                review_days: pol.review_days,
                service_level_bp: pol.service_level_bp,
                moq: pol.moq,
                case_pack: pol.case_pack,
                days_of_cover: plan.days_of_cover.map(|d| d * period_days),
                stockout_median: to_date(plan.stockout_median),
                stockout_pessimistic: to_date(plan.stockout_pessimistic),
                lead_time_demand: plan.lead_time_demand,
                safety_stock: plan.safety_stock,
                reorder_point: plan.reorder_point,
                order_quantity: plan.order_quantity,
                periods: (0..f.point.len())
                    .map(|k| {
                        (
                            freq.add(hist.first_forecast, k as i32),
                            f.point[k],
                            f.lo_80[k],
                            f.hi_80[k],
                            f.lo_95[k],
                            f.hi_95[k],
                        )
                    })
                    .collect(),
            }
        })
        .collect();
    // Soonest pessimistic stockout first, then the SKU.
    skus.sort_by(|a, b| {
        let key = |s: &StoredSku| s.stockout_pessimistic.unwrap_or(Date::MAX);
        key(a).cmp(&key(b)).then_with(|| a.sku.cmp(&b.sku))
    });
    let run_id = if args.no_save {
        None
    } else {
        let run = StoredRun {
            created_at: ctx.now,
            freq,
            horizon,
            season_length: m,
            history_from: hist.from,
            history_to: hist.to,
            first_period: hist.first_forecast,
            duration_ms: started.elapsed().as_millis() as u64,
        };
        Some(store.write(|tx| history::save(tx, &run, &skus))?)
    };
    let is_table = ctx.out.format() == Format::Table;
    let shown = args
        .top
        .or(if is_table { Some(20) } else { None })
        .unwrap_or(skus.len())
        .min(skus.len());
    let result = StoreForecast {
        run_id,
        freq,
        horizon,
        history_from: hist.from,
        history_to: hist.to,
        first_period: hist.first_forecast,
        skus,
        shown,
    };
    emit(ctx, args, &result)
}

/// What `sellkit forecast` prints in JSON, NDJSON and CSV (`--input` writes its own CSV, the
/// scorer format, from the same numbers).
mod wire {
    use jiff::civil::Date;
    use serde::Serialize;

    use crate::forecast::Forecast;
    use crate::forecast::geo::Place;
    use crate::forecast::history::StoredSku;
    use crate::forecast::longcsv::Ds;

    /// The document `sellkit forecast --json` prints.
    #[derive(Serialize)]
    pub struct ForecastDoc<'a> {
        pub schema_version: u32,
        /// The stored run; `null` with --no-save.
        pub run_id: Option<i64>,
        /// `day`, `week` or `month`.
        pub freq: &'static str,
        /// Periods forecast.
        pub horizon: usize,
        /// The history the models saw (YYYY-MM-DD, inclusive).
        pub history_from: String,
        pub history_to: String,
        /// The start of the first forecast period.
        pub first_period: String,
        /// The SKUs that run out first, first.
        pub skus: Vec<SkuForecast<'a>>,
    }

    /// One SKU of [`ForecastDoc`]: its model and plan, then its forecast.
    #[derive(Serialize)]
    pub struct SkuForecast<'a> {
        pub sku: &'a str,
        #[serde(flatten)]
        pub plan: SkuPlan<'a>,
        pub forecast: Vec<Period>,
    }

    /// A SKU's demand model and restocking plan. Units are units of the SKU.
    #[derive(Serialize)]
    pub struct SkuPlan<'a> {
        /// `smooth`, `erratic`, `intermittent` or `lumpy`.
        pub demand_class: &'static str,
        /// Average interval between periods with demand.
        pub adi: f64,
        /// Squared coefficient of variation of the non-zero demand.
        pub cv2: f64,
        pub model: &'a str,
        /// The model's backtest error (MASE); `null` without a backtest.
        pub backtest_mase: Option<f64>,
        /// Periods with a known demand the model saw.
        pub observations: usize,
        pub on_hand: i64,
        pub inbound: i64,
        pub lead_time_days: i64,
        pub review_days: i64,
        pub service_level_bp: i64,
        pub moq: i64,
        pub case_pack: i64,
        /// The point forecasts summed over the horizon.
        pub forecast_total: f64,
        /// `null` when there is no demand to cover.
        pub days_of_cover: Option<f64>,
        /// The median and pessimistic stockout dates (YYYY-MM-DD); `null` beyond the forecast.
        pub stockout_median: Option<String>,
        pub stockout_pessimistic: Option<String>,
        pub lead_time_demand: f64,
        pub safety_stock: f64,
        pub reorder_point: f64,
        /// How much to order now (after MOQ and case pack).
        pub order_quantity: u64,
    }

    impl<'a> SkuPlan<'a> {
        pub fn of(s: &'a StoredSku) -> SkuPlan<'a> {
            SkuPlan {
                demand_class: s.demand_class,
                adi: s.adi,
                cv2: s.cv2,
                model: &s.model,
                backtest_mase: s.backtest_mase,
                observations: s.observations,
                on_hand: s.on_hand,
                inbound: s.inbound,
                lead_time_days: s.lead_time_days,
                review_days: s.review_days,
                service_level_bp: s.service_level_bp,
                moq: s.moq,
                case_pack: s.case_pack,
                forecast_total: s.periods.iter().map(|p| p.1).sum::<f64>(),
                days_of_cover: s.days_of_cover,
                stockout_median: s.stockout_median.map(|d| d.to_string()),
                stockout_pessimistic: s.stockout_pessimistic.map(|d| d.to_string()),
                lead_time_demand: s.lead_time_demand,
                safety_stock: s.safety_stock,
                reorder_point: s.reorder_point,
                order_quantity: s.order_quantity,
            }
        }
    }

    /// One forecast period: the point forecast and its 80% and 95% intervals.
    #[derive(Serialize)]
    pub struct Period {
        /// YYYY-MM-DD.
        pub period_start: String,
        pub point: f64,
        pub lo_80: f64,
        pub hi_80: f64,
        pub lo_95: f64,
        pub hi_95: f64,
    }

    impl Period {
        pub fn of(p: &(Date, f64, f64, f64, f64, f64)) -> Period {
            Period {
                period_start: p.0.to_string(),
                point: p.1,
                lo_80: p.2,
                hi_80: p.3,
                lo_95: p.4,
                hi_95: p.5,
            }
        }
    }

    /// One NDJSON/CSV record of `sellkit forecast`: a SKU's period, then the SKU's model and
    /// plan (repeated on each of its periods).
    #[derive(Serialize)]
    pub struct PeriodRecord<'a> {
        pub run_id: Option<i64>,
        pub sku: &'a str,
        pub freq: &'static str,
        #[serde(flatten)]
        pub period: Period,
        #[serde(flatten)]
        pub plan: &'a SkuPlan<'a>,
    }

    /// The document `sellkit forecast --by LEVEL --json` prints. NDJSON and CSV have one
    /// record per place, each a [`Place`] as it is in `places`.
    #[derive(Serialize)]
    pub struct PlacesDoc<'a> {
        pub schema_version: u32,
        /// `city`, `region` or `country`.
        pub by: &'static str,
        /// The days ranked (YYYY-MM-DD, inclusive), compared with as many days before.
        pub since: String,
        pub until: String,
        pub places: &'a [Place],
    }

    /// The document `sellkit forecast --input FILE --json` prints.
    #[derive(Serialize)]
    pub struct SeriesDoc<'a> {
        pub schema_version: u32,
        pub series: Vec<SeriesForecast<'a>>,
    }

    /// One series of the --input file, forecast.
    #[derive(Serialize)]
    pub struct SeriesForecast<'a> {
        pub unique_id: &'a str,
        pub model: &'a str,
        /// `smooth`, `erratic`, `intermittent` or `lumpy`.
        pub demand_class: &'static str,
        /// `null` without a backtest.
        pub backtest_mase: Option<f64>,
        pub forecast: Vec<Step>,
    }

    /// One forecast step of a series, named as in the scorer format.
    #[derive(Serialize)]
    pub struct Step {
        /// The step's `ds`: a date or an integer, as the file has them, as text.
        pub ds: String,
        pub y_hat: f64,
        pub y_hat_lo_80: f64,
        pub y_hat_hi_80: f64,
        pub y_hat_lo_95: f64,
        pub y_hat_hi_95: f64,
    }

    impl Step {
        /// Step `k` of `f`, at `ds`.
        pub fn of(f: &Forecast, k: usize, ds: &Ds) -> Step {
            Step {
                ds: ds.to_string(),
                y_hat: f.point[k],
                y_hat_lo_80: f.lo_80[k],
                y_hat_hi_80: f.hi_80[k],
                y_hat_lo_95: f.lo_95[k],
                y_hat_hi_95: f.hi_95[k],
            }
        }
    }

    /// One NDJSON record of `sellkit forecast --input FILE`: a series' step.
    #[derive(Serialize)]
    pub struct StepRecord<'a> {
        pub unique_id: &'a str,
        #[serde(flatten)]
        pub step: Step,
    }
}

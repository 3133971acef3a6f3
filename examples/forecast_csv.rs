//! Forecast every series of a long CSV file (`unique_id,ds,y`) and write
//! `unique_id,ds,y_hat` plus 80%/95% interval columns, with the same core calls as
//! `sellkit forecast --input`; its `--models` mode compares single models for tuning.
//!
//! ```text
//! cargo run --release --example forecast_csv -- --input train.csv --horizon 18 --season-length 12 > fc.csv
//! ```
//! `--models ets,theta,...` instead writes one point-forecast column per named model (for
//! comparing models with the benchmark scorer); `--backtest-windows N` sets the number of
//! rolling-origin windows used to choose the model (default 1, 0 = class default).

// A developer tool: its timing and model counts go to stderr by design.
#![allow(clippy::print_stderr)]

use std::io::Write;
use std::time::Instant;

use rayon::prelude::*;
use sellkit::forecast::{self, Settings, longcsv};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut input = None;
    let mut horizon = None;
    let mut season = 1usize;
    let mut models: Option<Vec<String>> = None;
    let mut windows = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().ok_or_else(|| format!("{a} needs a value"));
        match a.as_str() {
            "--input" => input = Some(val()?),
            "--horizon" => horizon = Some(val()?.parse::<usize>()?),
            "--season-length" => season = val()?.parse()?,
            "--models" => models = Some(val()?.split(',').map(str::to_string).collect()),
            "--backtest-windows" => windows = Some(val()?.parse::<usize>()?),
            other => return Err(format!("unknown argument {other}").into()),
        }
    }
    let input = input.ok_or("--input FILE is required")?;
    let horizon = horizon.ok_or("--horizon N is required")?;
    let t0 = Instant::now();
    let file = std::fs::File::open(&input).map_err(|e| format!("{input}: {e}"))?;
    let series = longcsv::read(std::io::BufReader::new(file), &input)?;
    let mut settings = Settings::new(horizon, season);
    if let Some(w) = windows {
        settings.backtest_windows = w;
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match models {
        None => {
            let values: Vec<&[f64]> = series.iter().map(|s| s.y.as_slice()).collect();
            let fcs = forecast::forecast_many(&values, &settings);
            longcsv::write(&mut out, &series, &fcs)?;
            let mut counts = std::collections::BTreeMap::new();
            for f in &fcs {
                *counts.entry(f.model.clone()).or_insert(0usize) += 1;
            }
            eprintln!("models chosen: {counts:?}");
        }
        Some(models) => {
            let cols: Vec<Vec<Vec<f64>>> = series
                .par_iter()
                .map(|s| {
                    models
                        .iter()
                        .map(|name| {
                            if name == "auto" {
                                forecast::forecast(&s.y, &settings).point
                            } else {
                                forecast::run_model(name, &s.y, season, horizon)
                                    .map(|c| c.point.iter().map(|v| v.max(0.0)).collect())
                                    .unwrap_or_else(|| forecast::forecast(&s.y, &settings).point)
                            }
                        })
                        .collect()
                })
                .collect();
            write!(out, "unique_id,ds")?;
            for m in &models {
                write!(out, ",{m}")?;
            }
            writeln!(out)?;
            for (s, c) in series.iter().zip(&cols) {
                for (i, ds) in longcsv::future_ds(&s.ds, horizon).iter().enumerate() {
                    write!(out, "{},{}", s.id, ds)?;
                    for col in c {
                        write!(out, ",{}", col[i])?;
                    }
                    writeln!(out)?;
                }
            }
        }
    }
    out.flush()?;
    eprintln!(
        "{} series in {:.3} s",
        series.len(),
        t0.elapsed().as_secs_f64()
    );
    Ok(())
}

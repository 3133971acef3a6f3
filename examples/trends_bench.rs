//! Scores 100,000 synthetic terms × 104 weekly values (two years) with the same per-series code
//! as `sellkit trends` (seasonal Kendall test, growth against the same weeks last year,
//! seasonally adjusted momentum), on one thread and on all of rayon's threads.
//!
//! ```text
//! cargo run --release --example trends_bench -- [TERMS] [WEEKS]
//! ```
//! The series are generated from a fixed seed (a tenth rising, a fifth seasonal, a fifth
//! declining, the rest flat, all with noise); generating them is not timed.

// A developer tool: its figures go to stderr by design.
#![allow(clippy::print_stderr)]

use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_pcg::Pcg64;
use rayon::prelude::*;
use sellkit::trends::{Params, series_points};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let terms: usize = args.next().map_or(Ok(100_000), |a| a.parse())?;
    let weeks: usize = args.next().map_or(Ok(104), |a| a.parse())?;
    let mut rng = Pcg64::seed_from_u64(2025);
    let series: Vec<Vec<f64>> = (0..terms)
        .map(|i| {
            let base: f64 = rng.random_range(5.0..60.0);
            (0..weeks)
                .map(|w| {
                    let x = w as f64 / weeks as f64;
                    let shape = match i % 10 {
                        0 => 0.2 + 2.0 * x * x,
                        1 | 2 => {
                            if w % 52 >= 44 {
                                2.5
                            } else {
                                0.6
                            }
                        }
                        3 | 4 => 1.4 - x,
                        _ => 1.0,
                    };
                    (base * shape * rng.random_range(0.85..1.15)).round()
                })
                .collect()
        })
        .collect();
    let params = Params::default();
    let time = |label: &str, threads: usize| -> Result<f64, Box<dyn std::error::Error>> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()?;
        let start = Instant::now();
        let scores: Vec<f64> = pool.install(|| {
            series
                .par_iter()
                .map(|s| series_points(s, &params).total())
                .collect()
        });
        let secs = start.elapsed().as_secs_f64();
        let rising = scores.iter().filter(|s| **s > 40.0).count();
        eprintln!(
            "{label:<10} threads={threads} terms={terms} weeks={weeks} wall={secs:.3}s ({:.1} µs/term), scored>40: {rising}",
            secs * 1e6 / terms as f64
        );
        Ok(secs)
    };
    let one = time("scoring", 1)?;
    let all_threads = rayon::current_num_threads();
    let many = time("scoring", all_threads)?;
    eprintln!("speed-up with {all_threads} threads: {:.2}x", one / many);
    Ok(())
}

//! The forecast section: the last forecast runs against the units sold since (WAPE, bias,
//! interval coverage per run, overall and per SKU), and fan charts on the page.

use std::fmt::Write as _;

use serde_json::Value;

use super::{View, tagged, title_of};
use crate::output::chart::{Fan, FanStep, LOSS, REV, fan_chart, figure};
use crate::output::html::{empty, escape, html_table};
use crate::output::table::{count, percent};
use crate::output::{Align, TableOpts, Titled, table};
use crate::report::accuracy::AccuracyReport;

pub(super) struct ForecastView {
    pub report: AccuracyReport,
    /// Rows per list.
    pub shown: usize,
}

fn bp(v: Option<i64>) -> String {
    percent(v)
}

impl ForecastView {
    /// The section's document: the report as it is.
    pub fn document(&self) -> &AccuracyReport {
        &self.report
    }
}

impl View for ForecastView {
    fn records(&self) -> Vec<Value> {
        let a = &self.report;
        let mut out: Vec<Value> = a.runs.iter().map(|r| tagged("forecast_run", r)).collect();
        out.push(tagged("forecast_overall", &a.overall));
        out.extend(a.by_sku.iter().map(|s| tagged("forecast_sku", s)));
        out
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let (a, shown) = (&self.report, self.shown);
        let p = |v: Option<i64>| table::percent(v);
        let runs = a
            .runs
            .iter()
            .map(|r| {
                vec![
                    r.run_id.to_string(),
                    r.created_at.clone(),
                    r.freq.to_string(),
                    table::count(r.skus),
                    table::count(r.scores.periods_evaluated),
                    table::count(r.scores.periods_censored),
                    format!("{:.0}", r.scores.forecast_units),
                    table::count(r.scores.actual_units),
                    p(r.scores.wape_bp),
                    p(r.scores.bias_bp),
                    p(r.scores.coverage_80_bp),
                    p(r.scores.coverage_95_bp),
                ]
            })
            .collect();
        let o = &a.overall;
        let note = if a.runs.is_empty() {
            "No forecast run yet: run `sellkit forecast`.".to_string()
        } else {
            format!(
                "Overall: {} of {} ended periods evaluated ({} with a stockout left out); WAPE {}, bias {}, 80% interval held {}, 95% held {}.",
                o.periods_evaluated,
                o.periods_due,
                o.periods_censored,
                p(o.wape_bp),
                p(o.bias_bp),
                p(o.coverage_80_bp),
                p(o.coverage_95_bp)
            )
        };
        let skus = a
            .by_sku
            .iter()
            .take(shown)
            .map(|s| {
                vec![
                    s.sku.clone(),
                    table::count(s.scores.periods_evaluated),
                    format!("{:.1}", s.scores.forecast_units),
                    table::count(s.scores.actual_units),
                    s.scores
                        .mae
                        .map(|m| format!("{m:.2}"))
                        .unwrap_or_else(|| "—".into()),
                    p(s.scores.wape_bp),
                    p(s.scores.bias_bp),
                    p(s.scores.coverage_80_bp),
                ]
            })
            .collect();
        vec![
            Titled {
                title: Some("Forecast runs against actual sales".into()),
                table: table::build(
                    opts,
                    &[
                        ("run", Align::Right),
                        ("created", Align::Left),
                        ("freq", Align::Left),
                        ("skus", Align::Right),
                        ("periods", Align::Right),
                        ("stockout", Align::Right),
                        ("forecast", Align::Right),
                        ("actual", Align::Right),
                        ("WAPE", Align::Right),
                        ("bias", Align::Right),
                        ("80% held", Align::Right),
                        ("95% held", Align::Right),
                    ],
                    runs,
                ),
                note: Some(note),
            },
            Titled {
                title: Some(match a.by_sku_run_id {
                    Some(id) => format!("Least accurate SKUs, run {id}"),
                    None => "Least accurate SKUs (no forecast period has ended yet)".into(),
                }),
                table: table::build(
                    opts,
                    &[
                        ("sku", Align::Left),
                        ("periods", Align::Right),
                        ("forecast", Align::Right),
                        ("actual", Align::Right),
                        ("MAE", Align::Right),
                        ("WAPE", Align::Right),
                        ("bias", Align::Right),
                        ("80% held", Align::Right),
                    ],
                    skus,
                ),
                note: (a.by_sku.len() > shown).then(|| {
                    format!(
                        "{shown} of {} SKUs shown; --top N for more, --json for all.",
                        a.by_sku.len()
                    )
                }),
            },
        ]
    }

    fn html(&self) -> String {
        let a = &self.report;
        let mut out = String::from("<section id=\"forecast\"><h2>Forecast</h2>\n");
        if a.runs.is_empty() {
            out.push_str(&empty("No forecast run yet: run `sellkit forecast` to get forecasts, fan charts and accuracy."));
            out.push_str("</section>\n");
            return out;
        }
        if a.fans.is_empty() {
            out.push_str(&empty("The latest run has no forecasts to chart."));
        } else {
            out.push_str("<div class=\"grid\">");
            for fan in &a.fans {
                let chart = Fan {
                    sku: &fan.sku,
                    history: &fan.history,
                    forecast: fan
                        .forecast
                        .iter()
                        .map(|p| FanStep {
                            period_start: &p.period_start,
                            point: p.point,
                            lo_80: p.lo_80,
                            hi_80: p.hi_80,
                            lo_95: p.lo_95,
                            hi_95: p.hi_95,
                            actual: p.actual,
                        })
                        .collect(),
                };
                if let Some(svg) = fan_chart(&chart) {
                    out.push_str(&figure(
                        svg,
                        &format!(
                            "{} — units per {}, run {}",
                            title_of(&fan.sku, fan.title.as_deref()),
                            fan.freq,
                            fan.run_id
                        ),
                        &[
                            ("#1d232b", "sold"),
                            (REV, "forecast"),
                            ("#9fc1ea", "80%"),
                            ("#cfe0f5", "95%"),
                            (LOSS, "actual since"),
                        ],
                    ));
                }
            }
            out.push_str("</div>\n");
        }
        let o = &a.overall;
        let _ = write!(
            out,
            "<h3>Accuracy against actual sales</h3><p class=\"note\">{}</p>",
            escape(&format!(
                "Over the {} runs below: {} forecast periods have ended, {} evaluated ({} left out for a stockout). WAPE {}, bias {}, 80% interval held {}, 95% held {}.",
                a.runs.len(),
                o.periods_due,
                o.periods_evaluated,
                o.periods_censored,
                bp(o.wape_bp),
                bp(o.bias_bp),
                bp(o.coverage_80_bp),
                bp(o.coverage_95_bp)
            ))
        );
        let runs: Vec<Vec<String>> = a
            .runs
            .iter()
            .map(|r| {
                vec![
                    r.run_id.to_string(),
                    r.created_at.clone(),
                    r.freq.to_string(),
                    count(r.skus),
                    count(r.scores.periods_evaluated),
                    format!("{:.0}", r.scores.forecast_units),
                    count(r.scores.actual_units),
                    bp(r.scores.wape_bp),
                    bp(r.scores.bias_bp),
                    bp(r.scores.coverage_80_bp),
                    bp(r.scores.coverage_95_bp),
                ]
            })
            .collect();
        out.push_str(&html_table(
            &[
                "run", "created", "freq", "skus", "periods", "forecast", "actual", "WAPE", "bias",
                "80% held", "95% held",
            ],
            &[
                true, false, false, true, true, true, true, true, true, true, true,
            ],
            &runs,
        ));
        if !a.by_sku.is_empty() {
            let worst: Vec<Vec<String>> = a
                .by_sku
                .iter()
                .take(15)
                .map(|s| {
                    vec![
                        s.sku.clone(),
                        s.title.clone().unwrap_or_default(),
                        count(s.scores.periods_evaluated),
                        format!("{:.0}", s.scores.forecast_units),
                        count(s.scores.actual_units),
                        bp(s.scores.wape_bp),
                        bp(s.scores.bias_bp),
                    ]
                })
                .collect();
            let _ = write!(
                out,
                "<h3>Least accurate SKUs, run {}</h3>",
                a.by_sku_run_id.unwrap_or_default()
            );
            out.push_str(&html_table(
                &[
                    "sku", "title", "periods", "forecast", "actual", "WAPE", "bias",
                ],
                &[false, false, true, true, true, true, true],
                &worst,
            ));
        }
        out.push_str("</section>\n");
        out
    }
}

//! The inventory section: days of cover, stockout risk, reorder suggestions, dead and aging
//! stock, as of today.

use std::collections::HashMap;
use std::fmt::Write as _;

use serde_json::Value;

use super::{View, tagged};
use crate::money::Money;
use crate::output::chart::{LOSS, Stockout, figure, stockout_timeline};
use crate::output::html::{empty, escape, html_table};
use crate::output::table::count;
use crate::output::{Align, TableOpts, Titled, table};
use crate::report::inventory::{self, InventoryReport, InventoryRow};

pub(super) struct InventoryView {
    pub report: InventoryReport,
    /// Weekly units over the last 12 weeks for the rows that need action (terminal tables).
    pub series: HashMap<String, Vec<i64>>,
    /// Rows per list.
    pub shown: usize,
}

impl InventoryView {
    /// The section's document: the report as it is.
    pub fn document(&self) -> &InventoryReport {
        &self.report
    }
}

impl View for InventoryView {
    fn records(&self) -> Vec<Value> {
        let inv = &self.report;
        inv.rows.iter().map(|r| tagged("inventory", r)).collect()
    }

    fn tables(&self, opts: &TableOpts) -> Vec<Titled> {
        let (inv, shown, series) = (&self.report, self.shown, &self.series);
        let basis = match (inv.basis, inv.forecast_run_id) {
            ("forecast", Some(id)) => format!("demand from forecast run {id}"),
            ("mixed", Some(id)) => format!(
                "demand from forecast run {id} ({} SKUs) and the last {} days' average ({} SKUs)",
                inv.skus_on_forecast, inv.demand_days, inv.skus_on_recent_average
            ),
            _ => format!(
                "demand from the last {} days' average (no forecast run covers today)",
                inv.demand_days
            ),
        };
        let c = &inv.counts;
        let money_list = |l: &[crate::money::Money]| {
            if l.is_empty() {
                "—".to_string()
            } else {
                l.iter()
                    .map(|m| m.display())
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        };
        let summary = table::key_values(
            opts,
            vec![
                ("out of stock".into(), table::count(c.out_of_stock)),
                (
                    "stockout risk (within lead time)".into(),
                    table::count(c.stockout_risk),
                ),
                ("to reorder".into(), table::count(c.reorder)),
                (
                    format!("dead (no sale in {} days)", inv.dead_days),
                    table::count(c.dead),
                ),
                (
                    format!("aging (over {} days of cover)", inv.aging_cover_days),
                    table::count(c.aging),
                ),
                ("ok".into(), table::count(c.ok)),
                ("stock at cost".into(), money_list(&inv.stock_value)),
                (
                    "dead stock at cost".into(),
                    money_list(&inv.dead_stock_value),
                ),
                (
                    "aging stock at cost".into(),
                    money_list(&inv.aging_stock_value),
                ),
            ],
        );
        let action: Vec<&inventory::InventoryRow> = inv
            .rows
            .iter()
            .filter(|r| matches!(r.status, "out_of_stock" | "stockout_risk" | "reorder"))
            .collect();
        let rows = action
            .iter()
            .take(shown)
            .map(|r| {
                vec![
                    r.sku.clone(),
                    r.status.replace('_', " "),
                    table::count(r.on_hand),
                    table::count(r.inbound),
                    format!("{:.2}", r.demand_per_day),
                    r.days_of_cover
                        .map(|d| format!("{d:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    r.stockout_date.clone().unwrap_or_else(|| "—".into()),
                    r.stockout_date_pessimistic
                        .clone()
                        .unwrap_or_else(|| "—".into()),
                    table::count(r.order_quantity as i64),
                    r.basis.replace('_', " "),
                    table::sparkline(series.get(&r.sku).map(Vec::as_slice).unwrap_or(&[])),
                ]
            })
            .collect();
        let idle: Vec<&inventory::InventoryRow> = inv
            .rows
            .iter()
            .filter(|r| matches!(r.status, "dead" | "aging"))
            .collect();
        let idle_rows = idle
            .iter()
            .take(shown)
            .map(|r| {
                vec![
                    r.sku.clone(),
                    r.status.to_string(),
                    table::count(r.on_hand),
                    r.last_sold
                        .clone()
                        .unwrap_or_else(|| format!(">{} days", inv.dead_days)),
                    r.days_of_cover
                        .map(|d| format!("{d:.0}"))
                        .unwrap_or_else(|| "—".into()),
                    r.stock_value
                        .map(|m| m.display())
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        let more = |n: usize| {
            (n > shown).then(|| format!("{shown} of {n} shown; --top N for more, --json for all."))
        };
        vec![
            Titled {
                title: Some(format!("Inventory as of {}: {basis}", inv.as_of)),
                table: summary,
                note: None,
            },
            Titled {
                title: Some("Stockout risk and reorder suggestions, soonest stockout first".into()),
                table: table::build(
                    opts,
                    &[
                        ("sku", Align::Left),
                        ("status", Align::Left),
                        ("on hand", Align::Right),
                        ("inbound", Align::Right),
                        ("units/day", Align::Right),
                        ("cover (days)", Align::Right),
                        ("stockout", Align::Left),
                        ("pessimistic", Align::Left),
                        ("order", Align::Right),
                        ("basis", Align::Left),
                        ("last 12 weeks", Align::Left),
                    ],
                    rows,
                ),
                note: more(action.len()),
            },
            Titled {
                title: Some("Dead and aging stock".into()),
                table: table::build(
                    opts,
                    &[
                        ("sku", Align::Left),
                        ("status", Align::Left),
                        ("on hand", Align::Right),
                        ("last sold", Align::Left),
                        ("cover (days)", Align::Right),
                        ("value at cost", Align::Right),
                    ],
                    idle_rows,
                ),
                note: more(idle.len()),
            },
        ]
    }

    fn html(&self) -> String {
        let inv = &self.report;
        let mut out = String::from("<section id=\"inventory\"><h2>Inventory</h2>\n");
        let basis = match (inv.basis, inv.forecast_run_id) {
            ("forecast", Some(id)) => format!(
                "Demand from forecast run {id} ({}).",
                inv.forecast_run_created_at.as_deref().unwrap_or("")
            ),
            ("mixed", Some(id)) => format!(
                "Demand from forecast run {id} for {} SKUs, from the average of the last {} days for {}.",
                inv.skus_on_forecast, inv.demand_days, inv.skus_on_recent_average
            ),
            _ => format!(
                "Demand from the average of the last {} days (no forecast run covers today: run `sellkit forecast` for forecast-based figures).",
                inv.demand_days
            ),
        };
        let _ = writeln!(
            out,
            "<p class=\"meta\">As of {}. {}</p>",
            escape(&inv.as_of),
            escape(&basis)
        );
        let c = &inv.counts;
        let value = |list: &[Money]| {
            if list.is_empty() {
                "—".to_string()
            } else {
                list.iter()
                    .map(|m| m.display())
                    .collect::<Vec<_>>()
                    .join(" + ")
            }
        };
        out.push_str("<div class=\"kpis\">");
        for (label, v) in [
            ("Out of stock", count(c.out_of_stock)),
            ("Stockout risk", count(c.stockout_risk)),
            ("To reorder", count(c.reorder)),
            ("Dead stock SKUs", count(c.dead)),
            ("Aging stock SKUs", count(c.aging)),
            ("Stock at cost", value(&inv.stock_value)),
            ("Dead stock at cost", value(&inv.dead_stock_value)),
        ] {
            let _ = write!(
                out,
                "<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div></div>",
                escape(label),
                escape(&v)
            );
        }
        out.push_str("</div>\n");
        let at_risk: Vec<&InventoryRow> = inv
            .rows
            .iter()
            .filter(|r| r.stockout_date_pessimistic.is_some())
            .take(20)
            .collect();
        out.push_str("<div class=\"narrow\">");
        let bars: Vec<Stockout> = at_risk
            .iter()
            .map(|r| Stockout {
                sku: &r.sku,
                date: r.stockout_date.as_deref(),
                pessimistic: r.stockout_date_pessimistic.as_deref(),
                lead_time_days: r.lead_time_days,
            })
            .collect();
        match stockout_timeline(&bars, &inv.as_of, 60) {
            Some(svg) => out.push_str(&figure(
                svg,
                "Stockout timeline, next 60 days (20 soonest): bar to the median stockout date, black tick at the pessimistic date, dashed blue line at the lead time",
                &[(LOSS, "stockout within lead time"), ("#e0a030", "later")],
            )),
            None => out.push_str(&empty("No SKU is expected to run out in the next 60 days.")),
        }
        out.push_str("</div>\n");
        let reorder: Vec<Vec<String>> = inv
            .rows
            .iter()
            .filter(|r| r.order_quantity > 0)
            .take(25)
            .map(|r| {
                vec![
                    r.sku.clone(),
                    r.title.clone().unwrap_or_default(),
                    r.status.replace('_', " "),
                    count(r.on_hand),
                    count(r.inbound),
                    format!("{:.2}", r.demand_per_day),
                    r.days_of_cover
                        .map(|d| format!("{d:.1}"))
                        .unwrap_or_else(|| "—".into()),
                    r.stockout_date.clone().unwrap_or_else(|| "—".into()),
                    count(r.order_quantity as i64),
                ]
            })
            .collect();
        out.push_str("<h3>Reorder suggestions (soonest stockout first)</h3>");
        if reorder.is_empty() {
            out.push_str(&empty(
                "Nothing to reorder: stock covers lead time and review period everywhere.",
            ));
        } else {
            out.push_str(&html_table(
                &[
                    "sku",
                    "title",
                    "status",
                    "on hand",
                    "inbound",
                    "units/day",
                    "days of cover",
                    "stockout",
                    "order",
                ],
                &[false, false, false, true, true, true, true, false, true],
                &reorder,
            ));
        }
        let idle: Vec<Vec<String>> = inv
            .rows
            .iter()
            .filter(|r| r.status == "dead" || r.status == "aging")
            .take(25)
            .map(|r| {
                vec![
                    r.sku.clone(),
                    r.title.clone().unwrap_or_default(),
                    r.status.to_string(),
                    count(r.on_hand),
                    r.last_sold
                        .clone()
                        .unwrap_or_else(|| format!("over {} days ago", inv.dead_days)),
                    r.days_of_cover
                        .map(|d| format!("{d:.0}"))
                        .unwrap_or_else(|| "—".into()),
                    r.stock_value
                        .map(|m| m.display())
                        .unwrap_or_else(|| "—".into()),
                ]
            })
            .collect();
        let _ = write!(
            out,
            "<h3>Dead and aging stock</h3><p class=\"note\">{}</p>",
            escape(&format!(
                "Dead: stock on hand and no sale in {} days. Aging: more than {} days of cover.",
                inv.dead_days, inv.aging_cover_days
            ))
        );
        if idle.is_empty() {
            out.push_str(&empty("No dead or aging stock."));
        } else {
            out.push_str(&html_table(
                &[
                    "sku",
                    "title",
                    "status",
                    "on hand",
                    "last sold",
                    "days of cover",
                    "value at cost",
                ],
                &[false, false, false, true, false, true, true],
                &idle,
            ));
        }
        out.push_str("</section>\n");
        out
    }
}

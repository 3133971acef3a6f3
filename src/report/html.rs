//! The report as one self-contained HTML page: inline CSS, inline SVG charts (each scaled by its
//! viewBox), no scripts, no external assets. All text is escaped; product titles, agent output
//! and place names are untrusted. Money stays integer minor units; f64 is used only for chart
//! geometry.
//!
//! A chart is drawn only when it has data; otherwise the page says why in a sentence, so no
//! `<svg>` on the page is ever empty.

use std::fmt::Write as _;

use super::accuracy::{AccuracyReport, Fan};
use super::inventory::{InventoryReport, InventoryRow};
use super::{BriefSection, PlaceRow, SalesOverview};
use crate::money::{Currency, Money};
use crate::output::html::{escape, page};
use crate::output::table::{count, percent};

/// What the page shows; sections that were not asked for are `None`.
pub struct Page<'a> {
    pub as_of: String,
    pub generated_at: String,
    pub sales: Option<&'a SalesOverview>,
    pub inventory: Option<&'a InventoryReport>,
    pub accuracy: Option<&'a AccuracyReport>,
    pub brief: Option<&'a BriefSection>,
}

const W: f64 = 640.0;
const REV: &str = "#3b6fb6";
const PROFIT: &str = "#2e8b57";
const LOSS: &str = "#c0392b";
const MUTED: &str = "#8a949e";
const GRID: &str = "#d8dee4";

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Major units for axis labels only: `$12k`, `€1.2M`, `-$300`.
fn compact(minor: i64, currency: Currency) -> String {
    let scale = 10i64.pow(currency.minor_digits());
    let major = minor / scale;
    let abs = major.unsigned_abs();
    let sign = if major < 0 { "-" } else { "" };
    let num = if abs >= 1_000_000 {
        format!("{}.{}M", abs / 1_000_000, (abs % 1_000_000) / 100_000)
    } else if abs >= 10_000 {
        format!("{}k", abs / 1_000)
    } else {
        abs.to_string()
    };
    match currency.symbol() {
        Some(s) => format!("{sign}{s}{num}"),
        None => format!("{sign}{num} {currency}"),
    }
}

fn svg_open(height: f64, label: &str) -> String {
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {}\" role=\"img\" aria-label=\"{}\">",
        f(height),
        escape(label)
    )
}

/// A "nice" step for about `ticks` gridlines over `span`.
fn nice_step(span: f64, ticks: f64) -> f64 {
    if span <= 0.0 {
        return 1.0;
    }
    let raw = span / ticks;
    let mag = 10f64.powf(raw.log10().floor());
    let n = raw / mag;
    let nice = if n <= 1.0 {
        1.0
    } else if n <= 2.0 {
        2.0
    } else if n <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn empty(text: &str) -> String {
    format!("<p class=\"empty\">{}</p>\n", escape(text))
}

fn figure(svg: String, caption: &str, legend: &[(&str, &str)]) -> String {
    let mut out = String::from("<figure>");
    out.push_str(&svg);
    out.push_str("<figcaption>");
    out.push_str(&escape(caption));
    if !legend.is_empty() {
        out.push_str("<br /><span class=\"legend\">");
        for (color, name) in legend {
            let _ = write!(
                out,
                "<span><i class=\"sw\" style=\"background:{color}\"></i>{}</span>",
                escape(name)
            );
        }
        out.push_str("</span>");
    }
    out.push_str("</figcaption></figure>\n");
    out
}

/// Revenue bars and a net-profit line per period.
pub fn revenue_profit_chart(periods: &[(String, i64, i64)], currency: Currency) -> Option<String> {
    if periods.is_empty() || periods.iter().all(|p| p.1 == 0 && p.2 == 0) {
        return None;
    }
    let h = 260.0;
    let (left, right, top, bottom) = (64.0, 10.0, 12.0, 34.0);
    let max = periods
        .iter()
        .map(|p| p.1.max(p.2))
        .max()
        .unwrap_or(0)
        .max(0) as f64;
    let min = periods
        .iter()
        .map(|p| p.2.min(p.1))
        .min()
        .unwrap_or(0)
        .min(0) as f64;
    let step = nice_step(max - min, 4.0);
    let lo = (min / step).floor() * step;
    let hi = ((max / step).ceil() * step).max(lo + step);
    let y = |v: f64| top + (hi - v) / (hi - lo) * (h - top - bottom);
    let n = periods.len() as f64;
    let band = (W - left - right) / n;
    let x = |i: usize| left + band * (i as f64 + 0.5);
    let mut s = svg_open(h, "Revenue and net profit by period");
    let mut t = lo;
    while t <= hi + step / 2.0 {
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"{GRID}\" stroke-width=\"1\" />\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            f(left),
            f(W - right),
            f(left - 6.0),
            f(y(t) + 4.0),
            escape(&compact(t.round() as i64, currency)),
            y0 = f(y(t)),
        );
        t += step;
    }
    let bw = (band * 0.7).max(1.0);
    for (i, p) in periods.iter().enumerate() {
        let (y1, y2) = (y(p.1 as f64), y(0.0));
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{REV}\" opacity=\"0.85\"><title>{} revenue {}</title></rect>",
            f(x(i) - bw / 2.0),
            f(y1.min(y2)),
            f(bw),
            f((y2 - y1).abs().max(0.5)),
            escape(&p.0),
            escape(&Money::new(p.1, currency).display())
        );
    }
    let pts: Vec<String> = periods
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.2 as f64))))
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{PROFIT}\" stroke-width=\"2.5\" />",
        pts.join(" ")
    );
    for (i, p) in periods.iter().enumerate() {
        let color = if p.2 < 0 { LOSS } else { PROFIT };
        let _ = write!(
            s,
            "<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{color}\"><title>{} net profit {}</title></circle>",
            f(x(i)),
            f(y(p.2 as f64)),
            escape(&p.0),
            escape(&Money::new(p.2, currency).display())
        );
    }
    let every = (periods.len() / 6).max(1);
    for (i, p) in periods.iter().enumerate() {
        if i % every == 0 {
            let _ = write!(
                s,
                "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
                f(x(i)),
                f(h - 12.0),
                escape(&p.0)
            );
        }
    }
    s.push_str("</svg>");
    Some(s)
}

/// Horizontal bars for labelled money amounts; negative amounts in red to the left of zero.
pub fn money_bars(
    items: &[(String, i64)],
    currency: Currency,
    color: &str,
    label: &str,
) -> Option<String> {
    if items.is_empty() || items.iter().all(|i| i.1 == 0) {
        return None;
    }
    let row = 26.0;
    let h = 16.0 + row * items.len() as f64;
    let (left, right) = (170.0, 90.0);
    let max = items.iter().map(|i| i.1).max().unwrap_or(0).max(0) as f64;
    let min = items.iter().map(|i| i.1).min().unwrap_or(0).min(0) as f64;
    let span = (max - min).max(1.0);
    let x = |v: f64| left + (v - min) / span * (W - left - right);
    let mut s = svg_open(h, label);
    let _ = write!(
        s,
        "<line x1=\"{x0}\" x2=\"{x0}\" y1=\"4\" y2=\"{}\" stroke=\"{MUTED}\" stroke-width=\"1\" />",
        f(h - 4.0),
        x0 = f(x(0.0))
    );
    for (i, (name, v)) in items.iter().enumerate() {
        let y = 8.0 + row * i as f64;
        let (a, b) = (x(0.0), x(*v as f64));
        let fill = if *v < 0 { LOSS } else { color };
        let mut name_short: String = name.chars().take(22).collect();
        if name.chars().count() > 22 {
            name_short.push('…');
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"><title>{} {}</title></rect>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            f(left - 6.0),
            f(y + 13.0),
            escape(&name_short),
            f(a.min(b)),
            f(y),
            f((b - a).abs().max(1.0)),
            f(row - 8.0),
            escape(name),
            escape(&Money::new(*v, currency).display()),
            f(a.max(b) + 4.0),
            f(y + 13.0),
            escape(&compact(*v, currency))
        );
    }
    s.push_str("</svg>");
    Some(s)
}

/// A forecast fan: history, the 95% and 80% bands, the point forecast, and actuals since.
pub fn fan_chart(fan: &Fan) -> Option<String> {
    if fan.forecast.is_empty() {
        return None;
    }
    let h = 220.0;
    let (left, right, top, bottom) = (40.0, 10.0, 10.0, 28.0);
    let n = fan.history.len() + fan.forecast.len();
    let max = fan
        .history
        .iter()
        .map(|p| p.1 as f64)
        .chain(fan.forecast.iter().map(|p| p.hi_95))
        .chain(
            fan.forecast
                .iter()
                .filter_map(|p| p.actual.map(|a| a as f64)),
        )
        .fold(1.0f64, f64::max);
    let step = nice_step(max, 4.0);
    let hi = (max / step).ceil() * step;
    let y = |v: f64| top + (hi - v.max(0.0)) / hi * (h - top - bottom);
    let x = |i: usize| left + (W - left - right) * i as f64 / (n.max(2) - 1) as f64;
    let mut s = svg_open(h, &format!("Forecast for {}", fan.sku));
    let mut t = 0.0;
    while t <= hi + step / 2.0 {
        let _ = write!(
            s,
            "<line x1=\"{}\" x2=\"{}\" y1=\"{y0}\" y2=\"{y0}\" stroke=\"{GRID}\" stroke-width=\"1\" />\
             <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
            f(left),
            f(W - right),
            f(left - 4.0),
            f(y(t) + 3.0),
            t.round() as i64,
            y0 = f(y(t)),
        );
        t += step;
    }
    let off = fan.history.len();
    let band = |lo: &dyn Fn(usize) -> f64, up: &dyn Fn(usize) -> f64, color: &str| {
        let mut pts: Vec<String> = (0..fan.forecast.len())
            .map(|i| format!("{},{}", f(x(off + i)), f(y(up(i)))))
            .collect();
        pts.extend(
            (0..fan.forecast.len())
                .rev()
                .map(|i| format!("{},{}", f(x(off + i)), f(y(lo(i))))),
        );
        format!("<polygon points=\"{}\" fill=\"{color}\" />", pts.join(" "))
    };
    s.push_str(&band(
        &|i| fan.forecast[i].lo_95,
        &|i| fan.forecast[i].hi_95,
        "#cfe0f5",
    ));
    s.push_str(&band(
        &|i| fan.forecast[i].lo_80,
        &|i| fan.forecast[i].hi_80,
        "#9fc1ea",
    ));
    if !fan.history.is_empty() {
        let pts: Vec<String> = fan
            .history
            .iter()
            .enumerate()
            .map(|(i, p)| format!("{},{}", f(x(i)), f(y(p.1 as f64))))
            .collect();
        let _ = write!(
            s,
            "<polyline points=\"{}\" fill=\"none\" stroke=\"#1d232b\" stroke-width=\"1.5\" />",
            pts.join(" ")
        );
    }
    let pts: Vec<String> = fan
        .forecast
        .iter()
        .enumerate()
        .map(|(i, p)| format!("{},{}", f(x(off + i)), f(y(p.point))))
        .collect();
    let _ = write!(
        s,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"{REV}\" stroke-width=\"2\" stroke-dasharray=\"5 3\" />",
        pts.join(" ")
    );
    for (i, p) in fan.forecast.iter().enumerate() {
        if let Some(a) = p.actual {
            let _ = write!(
                s,
                "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{LOSS}\"><title>{} actual {a}, forecast {:.1}</title></circle>",
                f(x(off + i)),
                f(y(a as f64)),
                escape(&p.period_start),
                p.point
            );
        }
    }
    let first = fan.history.first().map(|p| p.0.as_str()).unwrap_or("");
    let start = fan
        .forecast
        .first()
        .map(|p| p.period_start.as_str())
        .unwrap_or("");
    let last = fan
        .forecast
        .last()
        .map(|p| p.period_start.as_str())
        .unwrap_or("");
    let _ = write!(
        s,
        "<line x1=\"{x0}\" x2=\"{x0}\" y1=\"{}\" y2=\"{}\" stroke=\"{MUTED}\" stroke-dasharray=\"2 2\" />\
         <text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>\
         <text x=\"{x0}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">{}</text>\
         <text x=\"{}\" y=\"{}\" font-size=\"10\" text-anchor=\"end\">{}</text>",
        f(top),
        f(h - bottom),
        f(left),
        f(h - 10.0),
        escape(first),
        f(h - 10.0),
        escape(start),
        f(W - right),
        f(h - 10.0),
        escape(last),
        x0 = f(x(off)),
    );
    s.push_str("</svg>");
    Some(s)
}

/// Stockout timeline: a bar from today to each SKU's median stockout date, a tick at the
/// pessimistic date, and a line at the lead time.
pub fn stockout_timeline(rows: &[&InventoryRow], today: &str, window_days: i64) -> Option<String> {
    let parse = |d: &str| d.parse::<jiff::civil::Date>().ok();
    let today_d = parse(today)?;
    let days = |d: &Option<String>| -> Option<i64> {
        d.as_deref()
            .and_then(parse)
            .map(|x| (x - today_d).get_days() as i64)
    };
    let items: Vec<(&InventoryRow, i64, i64)> = rows
        .iter()
        .filter_map(|r| {
            let pes = days(&r.stockout_date_pessimistic)?;
            let med = days(&r.stockout_date).unwrap_or(window_days);
            (pes <= window_days).then_some((*r, med.min(window_days), pes))
        })
        .collect();
    if items.is_empty() {
        return None;
    }
    let row = 24.0;
    let h = 34.0 + row * items.len() as f64;
    let (left, right) = (150.0, 16.0);
    let x =
        |d: i64| left + (d.clamp(0, window_days) as f64) / window_days as f64 * (W - left - right);
    let mut s = svg_open(h, "Stockout timeline");
    let mut t = 0;
    while t <= window_days {
        let _ = write!(
            s,
            "<line x1=\"{x0}\" x2=\"{x0}\" y1=\"4\" y2=\"{}\" stroke=\"{GRID}\" />\
             <text x=\"{x0}\" y=\"{}\" font-size=\"10\" text-anchor=\"middle\">+{t}d</text>",
            f(h - 22.0),
            f(h - 8.0),
            x0 = f(x(t)),
        );
        t += (window_days / 6).max(1);
    }
    for (i, (r, med, pes)) in items.iter().enumerate() {
        let y = 6.0 + row * i as f64;
        let color = if *pes <= r.lead_time_days {
            LOSS
        } else {
            "#e0a030"
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>\
             <rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{color}\" opacity=\"0.8\"><title>{} median stockout {}, pessimistic {}</title></rect>\
             <line x1=\"{px}\" x2=\"{px}\" y1=\"{}\" y2=\"{}\" stroke=\"#1d232b\" stroke-width=\"2\" />\
             <line x1=\"{lx}\" x2=\"{lx}\" y1=\"{}\" y2=\"{}\" stroke=\"{REV}\" stroke-width=\"1.5\" stroke-dasharray=\"3 2\" />",
            f(left - 6.0),
            f(y + 12.0),
            escape(&r.sku),
            f(left),
            f(y + 2.0),
            f((x(*med) - left).max(2.0)),
            f(row - 10.0),
            escape(&r.sku),
            escape(r.stockout_date.as_deref().unwrap_or("beyond the plan")),
            escape(r.stockout_date_pessimistic.as_deref().unwrap_or("-")),
            f(y),
            f(y + row - 6.0),
            f(y - 1.0),
            f(y + row - 5.0),
            px = f(x(*pes)),
            lx = f(x(r.lead_time_days)),
        );
    }
    s.push_str("</svg>");
    Some(s)
}

fn kpi(label: &str, value: &str, delta: Option<i64>, points: bool) -> String {
    let d = match delta {
        Some(d) => {
            let class = if d >= 0 { "up" } else { "down" };
            let text = if points {
                format!("{:+} pts", d as f64 / 100.0)
            } else {
                format!(
                    "{}{} vs previous",
                    if d >= 0 { "+" } else { "" },
                    percent(Some(d))
                )
            };
            format!("<div class=\"delta {class}\">{}</div>", escape(&text))
        }
        None => "<div class=\"delta\">no previous data</div>".into(),
    };
    format!(
        "<div class=\"kpi\"><div class=\"label\">{}</div><div class=\"value\">{}</div>{d}</div>",
        escape(label),
        escape(value)
    )
}

fn html_table(headers: &[&str], num: &[bool], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<div class=\"scroll\"><table><thead><tr>");
    for (i, h) in headers.iter().enumerate() {
        let c = if num.get(i).copied().unwrap_or(false) {
            " class=\"num\""
        } else {
            ""
        };
        let _ = write!(out, "<th{c}>{}</th>", escape(h));
    }
    out.push_str("</tr></thead><tbody>");
    for r in rows {
        out.push_str("<tr>");
        for (i, cell) in r.iter().enumerate() {
            let c = if num.get(i).copied().unwrap_or(false) {
                " class=\"num\""
            } else if cell.chars().count() > 40 {
                " class=\"wrap\""
            } else {
                ""
            };
            let _ = write!(out, "<td{c}>{}</td>", escape(cell));
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table></div>\n");
    out
}

fn title_of(sku: &str, title: Option<&str>) -> String {
    match title {
        Some(t) => format!("{sku} · {t}"),
        None => sku.to_string(),
    }
}

fn sales_section(s: &SalesOverview) -> String {
    let r = &s.report;
    let mut out = String::from("<section id=\"sales\"><h2>Sales</h2>\n");
    let mut scope = format!(
        "{} to {} by {}, against {} to {}",
        r.since,
        r.until,
        match r.period {
            super::sales::Period::Day => "day",
            super::sales::Period::Week => "week",
            super::sales::Period::Month => "month",
        },
        s.previous.since,
        s.previous.until
    );
    if let Some(c) = &r.channel {
        scope.push_str(&format!("; channel {c}"));
    }
    if let Some(k) = &r.sku {
        scope.push_str(&format!("; SKU {k}"));
    }
    let _ = writeln!(out, "<p class=\"meta\">{}</p>", escape(&scope));
    if r.totals.is_empty() {
        out.push_str(&empty("No orders in this window."));
    }
    for t in &r.totals {
        let ch = s.change.iter().find(|c| c.currency == t.currency);
        out.push_str("<div class=\"kpis\">");
        out.push_str(&kpi(
            "Revenue",
            &t.revenue.display(),
            ch.and_then(|c| c.revenue_change_bp),
            false,
        ));
        out.push_str(&kpi(
            "Net profit",
            &t.net_profit.display(),
            ch.and_then(|c| c.net_profit_change_bp),
            false,
        ));
        out.push_str(&kpi(
            "Margin",
            &percent(t.margin_bp),
            ch.and_then(|c| c.margin_change_bp),
            true,
        ));
        out.push_str(&kpi(
            "Orders",
            &count(t.orders),
            ch.and_then(|c| c.orders_change_bp),
            false,
        ));
        out.push_str(&kpi(
            "Units",
            &count(t.units),
            ch.and_then(|c| c.units_change_bp),
            false,
        ));
        out.push_str(&kpi(
            "Fees",
            &t.fees.display(),
            ch.and_then(|c| c.fees_change_bp),
            false,
        ));
        out.push_str("</div>\n");
        let rows: Vec<Vec<String>> = vec![
            (
                "Revenue (items)",
                t.revenue,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.revenue),
            ),
            (
                "Discounts",
                t.discounts,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.discounts),
            ),
            (
                "Shipping charged",
                t.shipping,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.shipping),
            ),
            (
                "Marketplace fees",
                t.fees,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.fees),
            ),
            (
                "Cost of goods",
                t.cogs,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.cogs),
            ),
            (
                "Net profit",
                t.net_profit,
                s.previous
                    .totals
                    .iter()
                    .find(|p| p.currency == t.currency)
                    .map(|p| p.net_profit),
            ),
        ]
        .into_iter()
        .map(|(name, now, before)| {
            vec![
                name.to_string(),
                now.display(),
                before.map(|b| b.display()).unwrap_or_else(|| "—".into()),
                percent(before.and_then(|b| {
                    crate::money::basis_points(
                        now.amount_minor - b.amount_minor,
                        b.amount_minor.abs(),
                    )
                })),
            ]
        })
        .collect();
        let _ = write!(out, "<h3>Profit and loss ({})</h3>", t.currency);
        out.push_str(&html_table(
            &["", "this window", "previous", "change"],
            &[false, true, true, true],
            &rows,
        ));
        let periods: Vec<(String, i64, i64)> = r
            .by_period
            .iter()
            .filter(|p| p.currency == t.currency)
            .map(|p| {
                (
                    p.key.clone(),
                    p.revenue.amount_minor,
                    p.net_profit.amount_minor,
                )
            })
            .collect();
        out.push_str("<div class=\"narrow\">");
        match revenue_profit_chart(&periods, t.currency) {
            Some(svg) => out.push_str(&figure(
                svg,
                &format!("Revenue and net profit by period ({})", t.currency),
                &[(REV, "revenue"), (PROFIT, "net profit")],
            )),
            None => out.push_str(&empty("No sales by period to chart.")),
        }
        out.push_str("</div>\n<div class=\"grid\">");
        let channels: Vec<(String, i64)> = r
            .by_channel
            .iter()
            .filter(|c| c.currency == t.currency)
            .map(|c| (c.key.clone(), c.net_profit.amount_minor))
            .collect();
        match money_bars(&channels, t.currency, PROFIT, "Net profit by channel") {
            Some(svg) => out.push_str(&figure(
                svg,
                &format!("Net profit by channel ({})", t.currency),
                &[],
            )),
            None => out.push_str(&empty("No channel had sales.")),
        }
        let skus: Vec<(String, i64)> = r
            .by_sku
            .iter()
            .filter(|c| c.currency == t.currency)
            .take(10)
            .map(|c| {
                (
                    title_of(&c.key, c.title.as_deref()),
                    c.net_profit.amount_minor,
                )
            })
            .collect();
        match money_bars(&skus, t.currency, REV, "Top SKUs by net profit") {
            Some(svg) => out.push_str(&figure(
                svg,
                &format!("Top 10 SKUs by net profit ({})", t.currency),
                &[],
            )),
            None => out.push_str(&empty("No SKU sold.")),
        }
        let countries: Vec<(String, i64)> = s
            .by_country
            .iter()
            .filter(|p| p.currency == t.currency)
            .take(10)
            .map(|p| (p.place.clone(), p.net_sales.amount_minor))
            .collect();
        match money_bars(
            &countries,
            t.currency,
            "#7a5cc0",
            "Net sales by ship-to country",
        ) {
            Some(svg) => out.push_str(&figure(
                svg,
                &format!("Net sales by ship-to country, top 10 ({})", t.currency),
                &[],
            )),
            None => out.push_str(&empty("No ship-to places recorded.")),
        }
        out.push_str("</div>\n");
    }
    let mover_rows = |list: &[super::compare::Mover]| -> Vec<Vec<String>> {
        list.iter()
            .map(|m| {
                vec![
                    m.sku.clone(),
                    m.title.clone().unwrap_or_default(),
                    m.net_sales_previous.display(),
                    m.net_sales.display(),
                    m.net_sales_change.display(),
                    format!("{} → {}", m.units_previous, m.units),
                ]
            })
            .collect()
    };
    let headers = [
        "sku",
        "title",
        "net sales before",
        "net sales now",
        "change",
        "units",
    ];
    let num = [false, false, true, true, true, true];
    out.push_str("<div class=\"grid\"><div>");
    out.push_str("<h3>Top movers up</h3>");
    if s.movers_up.is_empty() {
        out.push_str(&empty("No SKU sold more than in the previous window."));
    } else {
        out.push_str(&html_table(&headers, &num, &mover_rows(&s.movers_up)));
    }
    out.push_str("</div><div><h3>Top movers down</h3>");
    if s.movers_down.is_empty() {
        out.push_str(&empty("No SKU sold less than in the previous window."));
    } else {
        out.push_str(&html_table(&headers, &num, &mover_rows(&s.movers_down)));
    }
    out.push_str("</div></div>\n");
    let regions: Vec<Vec<String>> = s
        .by_region
        .iter()
        .take(15)
        .map(|p: &PlaceRow| {
            vec![
                p.place.clone(),
                count(p.orders),
                count(p.units),
                p.net_sales.display(),
            ]
        })
        .collect();
    out.push_str("<h3>Sales by ship-to region (top 15)</h3>");
    if regions.is_empty() {
        out.push_str(&empty("No ship-to regions recorded."));
    } else {
        out.push_str(&html_table(
            &["region", "orders", "units", "net sales"],
            &[false, true, true, true],
            &regions,
        ));
    }
    out.push_str("</section>\n");
    out
}

fn inventory_section(inv: &InventoryReport) -> String {
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
    match stockout_timeline(&at_risk, &inv.as_of, 60) {
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

fn bp(v: Option<i64>) -> String {
    percent(v)
}

fn accuracy_section(a: &AccuracyReport) -> String {
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
            if let Some(svg) = fan_chart(fan) {
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

fn brief_section(b: &BriefSection) -> String {
    let mb = &b.brief;
    let mut out = String::from("<section id=\"brief\"><h2>Brief</h2>\n");
    let _ = writeln!(
        out,
        "<p><strong>{}</strong></p><p class=\"meta\">{}</p>",
        escape(&mb.brief.headline),
        escape(&format!(
            "Strategist: {} {}. Units sold {} to {}: {} against {} the 28 days before.",
            mb.brief_provider,
            mb.brief_model,
            mb.sales.since,
            mb.sales.until,
            mb.sales.units,
            mb.sales.units_previous
        ))
    );
    if !mb.brief.priorities.is_empty() {
        out.push_str("<ol>");
        for p in &mb.brief.priorities {
            let _ = write!(
                out,
                "<li><strong>{}</strong> — {}</li>",
                escape(&p.action),
                escape(&p.why)
            );
        }
        out.push_str("</ol>\n");
    }
    let _ = write!(out, "<h3>Risk findings ({})</h3>", mb.findings.len());
    if mb.findings.is_empty() {
        out.push_str(&empty("The risk sentinel found nothing."));
    } else {
        let rows: Vec<Vec<String>> = mb
            .findings
            .iter()
            .take(30)
            .map(|f| {
                vec![
                    f.severity.as_str().to_string(),
                    f.kind.to_string(),
                    f.sku.clone(),
                    f.marketplace.clone().unwrap_or_else(|| "-".into()),
                    f.summary.clone(),
                ]
            })
            .collect();
        out.push_str(&html_table(
            &["severity", "kind", "sku", "marketplace", "summary"],
            &[false; 5],
            &rows,
        ));
        if mb.findings.len() > 30 {
            let _ = write!(
                out,
                "<p class=\"note\">30 of {} findings shown; `sellkit report brief --json` lists all.</p>",
                mb.findings.len()
            );
        }
    }
    let _ = write!(
        out,
        "<h3>Drafts waiting for review ({})</h3>",
        mb.drafts_waiting_total
    );
    if b.drafts.is_empty() {
        out.push_str(&empty("No drafts waiting."));
    } else {
        let rows: Vec<Vec<String>> = b
            .drafts
            .iter()
            .map(|d| {
                vec![
                    d.id.to_string(),
                    d.kind.clone(),
                    d.marketplace.clone(),
                    d.sku.clone().unwrap_or_default(),
                    d.agent.clone(),
                    d.rationale.clone(),
                ]
            })
            .collect();
        out.push_str(&html_table(
            &["id", "kind", "marketplace", "sku", "agent", "rationale"],
            &[true, false, false, false, false, false],
            &rows,
        ));
    }
    out.push_str("</section>\n");
    out
}

/// The whole page.
pub fn render(p: &Page) -> String {
    let mut body = String::new();
    let _ = writeln!(
        body,
        "<h1>sellkit report</h1><p class=\"meta\">{}</p>",
        escape(&format!(
            "As of {} · generated {} · days and periods are UTC calendar days",
            p.as_of, p.generated_at
        ))
    );
    if let Some(s) = p.sales {
        body.push_str(&sales_section(s));
    }
    if let Some(i) = p.inventory {
        body.push_str(&inventory_section(i));
    }
    if let Some(a) = p.accuracy {
        body.push_str(&accuracy_section(a));
    }
    if let Some(b) = p.brief {
        body.push_str(&brief_section(b));
    }
    page(&format!("sellkit report {}", p.as_of), &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compact_labels() {
        assert_eq!(compact(1_234_500, Currency::USD), "$12k");
        assert_eq!(compact(-30_000, Currency::USD), "-$300");
        assert_eq!(compact(250_000_000, Currency::EUR), "€2.5M");
    }

    #[test]
    fn bars_escape_labels_and_skip_empty_data() {
        assert!(money_bars(&[], Currency::USD, REV, "x").is_none());
        assert!(money_bars(&[("a".into(), 0)], Currency::USD, REV, "x").is_none());
        let svg = money_bars(
            &[
                ("<script>alert(1)</script>".into(), 500),
                ("b".into(), -200),
            ],
            Currency::USD,
            REV,
            "x",
        )
        .unwrap();
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert_eq!(svg.matches("<rect").count(), 2);
        assert!(svg.contains(LOSS), "negative bar in red");
    }
}

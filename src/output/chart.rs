//! Inline SVG charts for the HTML page: each scaled by its viewBox, drawn only when it has data
//! (otherwise the caller says why in a sentence, so no `<svg>` is ever empty). All text is
//! escaped. Money stays integer minor units; f64 is used only for geometry.

use std::fmt::Write as _;

use super::html::escape;
use crate::money::{Currency, Money};

pub const W: f64 = 640.0;
pub const REV: &str = "#3b6fb6";
pub const PROFIT: &str = "#2e8b57";
pub const LOSS: &str = "#c0392b";
pub const MUTED: &str = "#8a949e";
pub const GRID: &str = "#d8dee4";

fn f(v: f64) -> String {
    format!("{v:.1}")
}

/// Major units for axis labels only: `$12k`, `€1.2M`, `-$300`.
pub fn compact(minor: i64, currency: Currency) -> String {
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

pub fn figure(svg: String, caption: &str, legend: &[(&str, &str)]) -> String {
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

/// One forecast period of a fan: the point forecast, its 80% and 95% bands, and the units
/// sold in it when it has ended.
pub struct FanStep<'a> {
    pub period_start: &'a str,
    pub point: f64,
    pub lo_80: f64,
    pub hi_80: f64,
    pub lo_95: f64,
    pub hi_95: f64,
    pub actual: Option<i64>,
}

/// What a fan chart draws: the units sold before the forecast, then the forecast periods.
pub struct Fan<'a> {
    pub sku: &'a str,
    /// (period start, units sold).
    pub history: &'a [(String, i64)],
    pub forecast: Vec<FanStep<'a>>,
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
                escape(p.period_start),
                p.point
            );
        }
    }
    let first = fan.history.first().map(|p| p.0.as_str()).unwrap_or("");
    let start = fan.forecast.first().map(|p| p.period_start).unwrap_or("");
    let last = fan.forecast.last().map(|p| p.period_start).unwrap_or("");
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

/// One SKU on the stockout timeline.
pub struct Stockout<'a> {
    pub sku: &'a str,
    /// The median stockout date (YYYY-MM-DD), if within the plan.
    pub date: Option<&'a str>,
    pub pessimistic: Option<&'a str>,
    pub lead_time_days: i64,
}

/// Stockout timeline: a bar from today to each SKU's median stockout date, a tick at the
/// pessimistic date, and a line at the lead time.
pub fn stockout_timeline(rows: &[Stockout], today: &str, window_days: i64) -> Option<String> {
    let parse = |d: &str| d.parse::<jiff::civil::Date>().ok();
    let today_d = parse(today)?;
    let days = |d: Option<&str>| -> Option<i64> {
        d.and_then(parse).map(|x| (x - today_d).get_days() as i64)
    };
    let items: Vec<(&Stockout, i64, i64)> = rows
        .iter()
        .filter_map(|r| {
            let pes = days(r.pessimistic)?;
            let med = days(r.date).unwrap_or(window_days);
            (pes <= window_days).then_some((r, med.min(window_days), pes))
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
            escape(r.sku),
            f(left),
            f(y + 2.0),
            f((x(*med) - left).max(2.0)),
            f(row - 10.0),
            escape(r.sku),
            escape(r.date.unwrap_or("beyond the plan")),
            escape(r.pessimistic.unwrap_or("-")),
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

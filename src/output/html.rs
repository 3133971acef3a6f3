//! HTML output: one self-contained page (inline CSS, no scripts, no external assets) that reads
//! on a phone and prints cleanly. Every piece of text goes through [`escape`].

use std::fmt::Write as _;

use super::table::{Titled, percent};

/// Escapes text for HTML and XML element content and attribute values. Control characters and
/// bidirectional overrides are replaced first (see `sanitize::for_terminal`).
pub fn escape(text: &str) -> String {
    let clean = super::sanitize::for_terminal(text);
    let mut out = String::with_capacity(clean.len());
    for c in clean.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A sentence in place of a chart or table that has nothing to show.
pub fn empty(text: &str) -> String {
    format!("<p class=\"empty\">{}</p>\n", escape(text))
}

/// A headline figure with its change against the previous window (`points`: a difference in
/// percentage points rather than a relative change).
pub fn kpi(label: &str, value: &str, delta: Option<i64>, points: bool) -> String {
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

/// A table that scrolls sideways on a narrow screen; `num` marks right-aligned numeric columns.
pub fn html_table(headers: &[&str], num: &[bool], rows: &[Vec<String>]) -> String {
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

/// The page's style: system fonts, fluid width, tables that scroll sideways on a phone,
/// charts that scale with their viewBox, and a print layout without backgrounds or page breaks
/// inside a chart.
pub const CSS: &str = r#"
:root { --fg: #1d232b; --muted: #5b6672; --line: #d8dee4; --bg: #ffffff; --card: #f6f8fa;
        --rev: #3b6fb6; --profit: #2e8b57; --loss: #c0392b; --band95: #cfe0f5; --band80: #9fc1ea; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       color: var(--fg); background: var(--bg); }
main { max-width: 1100px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; }
h2 { font-size: 1.2rem; margin: 28px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1rem; margin: 18px 0 6px; }
p.meta, p.note, figcaption { color: var(--muted); font-size: .9rem; margin: 4px 0 10px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: 10px; margin: 12px 0; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.kpi .label { color: var(--muted); font-size: .8rem; text-transform: uppercase; letter-spacing: .03em; }
.kpi .value { font-size: 1.25rem; font-weight: 600; }
.kpi .delta { font-size: .85rem; }
.up { color: var(--profit); } .down { color: var(--loss); }
.narrow { max-width: 820px; margin: 12px 0; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(400px, 1fr)); gap: 16px; }
figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 10px; break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
svg text { font-family: system-ui, "DejaVu Sans", sans-serif; fill: var(--fg); }
.scroll { overflow-x: auto; -webkit-overflow-scrolling: touch; }
table { border-collapse: collapse; width: 100%; font-size: .88rem; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: left; white-space: nowrap; }
th { background: var(--card); font-weight: 600; }
td.num, th.num { text-align: right; }
td.wrap { white-space: normal; min-width: 14em; }
.legend { font-size: .8rem; color: var(--muted); }
.legend span { display: inline-block; margin-right: 12px; }
.sw { display: inline-block; width: 10px; height: 10px; margin-right: 4px; vertical-align: middle; }
.empty { color: var(--muted); font-style: italic; }
@media (max-width: 600px) { main { padding: 10px; } body { font-size: 14px; } .grid { grid-template-columns: 1fr; } }
@media print {
  body { font-size: 11pt; } main { max-width: none; padding: 0; }
  figure, .kpi { background: none; } th { background: none; }
  h2 { break-after: avoid; } figure, table, .kpis { break-inside: avoid; }
  .scroll { overflow: visible; } a { color: inherit; text-decoration: none; }
}
"#;

/// A whole page around `body` (already escaped HTML). Well-formed XHTML as well as HTML5, so
/// tests can parse it with an XML parser.
pub fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">\n<head>\n<meta charset=\"utf-8\" />\n\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\" />\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n\
<body>\n<main>\n{body}</main>\n</body>\n</html>\n",
        escape(title)
    )
}

/// True when a cell holds a number-like value to right-align (amounts, counts, percentages).
pub fn numeric(text: &str) -> bool {
    let t = text.trim_start_matches(['-', '+', '−']);
    t.chars()
        .next()
        .is_some_and(|c| c.is_ascii_digit() || "$€£¥".contains(c))
}

/// True when every filled cell of column `i` is number-like (and at least one is).
pub fn numeric_column(rows: &[Vec<String>], i: usize) -> bool {
    let mut any = false;
    for r in rows {
        match r.get(i).map(|s| s.as_str()) {
            Some("" | "—" | "-") | None => {}
            Some(s) if numeric(s) => any = true,
            Some(_) => return false,
        }
    }
    any
}

/// One table as HTML, its title as a heading and its note below.
pub fn table(t: &Titled) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str(&format!("<h3>{}</h3>\n", escape(title)));
    }
    let rows: Vec<Vec<String>> = t
        .table
        .row_iter()
        .map(|r| r.cell_iter().map(|c| c.content()).collect())
        .collect();
    let header: Vec<String> = t
        .table
        .header()
        .map(|h| h.cell_iter().map(|c| c.content()).collect())
        .unwrap_or_default();
    let classes: Vec<&str> = (0..header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0)))
        .map(|i| {
            if numeric_column(&rows, i) {
                " class=\"num\""
            } else {
                ""
            }
        })
        .collect();
    out.push_str("<div class=\"scroll\"><table>\n");
    if !header.is_empty() {
        out.push_str("<thead><tr>");
        for (i, h) in header.iter().enumerate() {
            out.push_str(&format!("<th{}>{}</th>", classes[i], escape(h)));
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for r in &rows {
        out.push_str("<tr>");
        for (i, c) in r.iter().enumerate() {
            let class = classes.get(i).copied().unwrap_or("");
            out.push_str(&format!("<td{class}>{}</td>", escape(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody></table></div>\n");
    if let Some(note) = &t.note {
        out.push_str(&format!("<p class=\"note\">{}</p>\n", escape(note)));
    }
    out
}

/// Every table, in order.
pub fn from_tables(tables: &[Titled]) -> String {
    tables.iter().map(table).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::{Align, TableOpts, build};

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape("<img src=x onerror='a'>&\"\u{202E}"),
            "&lt;img src=x onerror=&#39;a&#39;&gt;&amp;&quot;\u{FFFD}"
        );
    }

    #[test]
    fn tables_escape_cells_and_align_numbers() {
        let t = Titled {
            title: Some("A <b>".into()),
            table: build(
                &TableOpts::plain(),
                &[("sku", Align::Left), ("net", Align::Right)],
                vec![
                    vec!["<x>".into(), "$1.00".into()],
                    vec!["y".into(), "—".into()],
                ],
            ),
            note: None,
        };
        let html = table(&t);
        assert!(html.contains("<h3>A &lt;b&gt;</h3>"), "{html}");
        assert!(
            html.contains("<td>&lt;x&gt;</td><td class=\"num\">$1.00</td>"),
            "{html}"
        );
        assert!(!html.contains("<x>"));
    }
}

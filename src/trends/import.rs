//! Trend files: the CSV that trends.google.com exports ("Download CSV" on "Interest over time",
//! `multiTimeline.csv`) and a generic feed of (term, date, value) rows as CSV or JSON.
//!
//! The Google Trends export starts with a category line, a blank line, then a header whose
//! first cell is the period (`Week`, `Month` or `Day`) and whose other cells are
//! `term: (Region)`. Values are 0-100 relative to the highest point in the file; `<1` means
//! above zero but below one (read as 0.5).

use jiff::civil::Date;
use serde::Serialize;

use super::Signal;
use crate::error::{Error, Result};

pub const GOOGLE_TRENDS: &str = "google_trends";
pub const FEED: &str = "feed";

/// The formats `trends import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum FileFormat {
    /// Decide from the content.
    Auto,
    /// trends.google.com "Interest over time" CSV.
    GoogleTrends,
    /// CSV with a header naming term, date and value (optional metric).
    Csv,
    /// JSON: an array of {term, date, value[, metric]} objects, or {"signals": [...]}.
    Json,
}

/// What was read from a file.
#[derive(Debug, Clone, Serialize)]
pub struct Parsed {
    pub format: FileFormat,
    pub signals: Vec<Signal>,
    /// Google Trends: the region of each term's column, e.g. "Worldwide".
    pub regions: Vec<String>,
}

/// Decides the format from the file's first non-blank character and line.
pub fn detect(text: &str) -> FileFormat {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    if t.starts_with('[') || t.starts_with('{') {
        FileFormat::Json
    } else if t.starts_with("Category:") || looks_like_trends_header(t.lines().next().unwrap_or(""))
    {
        FileFormat::GoogleTrends
    } else {
        FileFormat::Csv
    }
}

fn looks_like_trends_header(line: &str) -> bool {
    let mut cells = line.split(',');
    matches!(cells.next(), Some("Week" | "Month" | "Day"))
        && cells.clone().count() > 0
        && cells.all(|c| c.trim_end().ends_with(')') && c.contains(": ("))
}

/// Parses a trend file. `name` is used in error messages; `source` names a generic feed.
pub fn parse(name: &str, text: &str, format: FileFormat, source: &str) -> Result<Parsed> {
    let text = text.trim_start_matches('\u{feff}');
    let format = match format {
        FileFormat::Auto => detect(text),
        f => f,
    };
    match format {
        FileFormat::GoogleTrends => google_trends(name, text),
        FileFormat::Json => json_feed(name, text, source),
        _ => csv_feed(name, text, source),
    }
}

fn parse_date(name: &str, line: usize, col: usize, text: &str) -> Result<Date> {
    let t = text.trim();
    // Dates, or instants whose date part is taken (a feed may write 2025-06-02T00:00:00Z).
    let day = t.get(..10).unwrap_or(t);
    day.parse::<Date>().map_err(|_| {
        Error::input(format!(
            "{name}:{line}:{col}: {t:?} is not a date; write YYYY-MM-DD, e.g. 2025-06-02"
        ))
    })
}

fn parse_value(name: &str, line: usize, col: usize, text: &str) -> Result<f64> {
    let t = text.trim();
    if t == "<1" {
        return Ok(0.5);
    }
    match t.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(v),
        _ => Err(Error::input(format!(
            "{name}:{line}:{col}: {t:?} is not a value; write a number of 0 or more (Google Trends also writes <1)"
        ))),
    }
}

fn google_trends(name: &str, text: &str) -> Result<Parsed> {
    let lines: Vec<&str> = text.lines().collect();
    // The header is the first line whose first cell is the period.
    let Some(h) = lines.iter().position(|l| {
        let first = l.split(',').next().unwrap_or("").trim();
        matches!(first, "Week" | "Month" | "Day")
    }) else {
        return Err(Error::input(format!(
            "{name}: no header row starting with Week, Month or Day: is this a Google Trends \"Interest over time\" CSV?"
        )));
    };
    let body = lines[h..].join("\n");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(body.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:{}: {e}", h + 1)))?
        .clone();
    let mut terms = Vec::new();
    let mut regions = Vec::new();
    for (i, cell) in headers.iter().enumerate().skip(1) {
        let (term, region) = match cell.rsplit_once(": (") {
            Some((t, r)) => (t.trim(), r.trim_end_matches(')').trim()),
            None => (cell.trim(), ""),
        };
        if term.is_empty() {
            return Err(Error::input(format!(
                "{name}:{}:{}: empty term in the header",
                h + 1,
                i + 1
            )));
        }
        terms.push(term.to_string());
        regions.push(region.to_string());
    }
    if terms.is_empty() {
        return Err(Error::input(format!(
            "{name}:{}: the header has no term columns",
            h + 1
        )));
    }
    let mut signals = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = h + 2 + k;
        let record = record.map_err(|e| Error::input(format!("{name}:{line}: {e}")))?;
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let date = parse_date(name, line, 1, &record[0])?;
        for (i, term) in terms.iter().enumerate() {
            let value = parse_value(name, line, i + 2, &record[i + 1])?;
            signals.push(Signal {
                term: term.clone(),
                source: GOOGLE_TRENDS.into(),
                metric: "search_interest".into(),
                value,
                observed_at: date,
            });
        }
    }
    Ok(Parsed {
        format: FileFormat::GoogleTrends,
        signals,
        regions,
    })
}

fn csv_feed(name: &str, text: &str, source: &str) -> Result<Parsed> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| Error::input(format!("{name}:1: {e}")))?
        .clone();
    let find = |want: &[&str]| {
        headers
            .iter()
            .position(|h| want.iter().any(|w| h.eq_ignore_ascii_case(w)))
    };
    let (Some(term), Some(date), Some(value)) = (
        find(&["term", "keyword", "query"]),
        find(&["date", "observed_at", "week"]),
        find(&["value", "interest", "count"]),
    ) else {
        return Err(Error::input(format!(
            "{name}:1: the header must name the columns term, date and value (found: {})",
            headers.iter().collect::<Vec<_>>().join(",")
        )));
    };
    let metric = find(&["metric"]);
    let mut signals = Vec::new();
    for (k, record) in reader.records().enumerate() {
        let line = k + 2;
        let record = record.map_err(|e| Error::input(format!("{name}:{line}: {e}")))?;
        let cell = |i: usize| record.get(i).unwrap_or("");
        let t = cell(term);
        if t.is_empty() {
            return Err(Error::input(format!(
                "{name}:{line}:{}: empty term",
                term + 1
            )));
        }
        signals.push(Signal {
            term: t.to_string(),
            source: source.to_string(),
            metric: metric
                .map(|m| cell(m).to_string())
                .filter(|m| !m.is_empty())
                .unwrap_or_else(|| "interest".into()),
            value: parse_value(name, line, value + 1, cell(value))?,
            observed_at: parse_date(name, line, date + 1, cell(date))?,
        });
    }
    Ok(Parsed {
        format: FileFormat::Csv,
        signals,
        regions: Vec::new(),
    })
}

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct JsonRow {
    term: String,
    date: String,
    value: serde_json::Value,
    #[serde(default)]
    metric: Option<String>,
}

#[derive(serde::Deserialize)]
#[serde(untagged)]
enum JsonDoc {
    Rows(Vec<JsonRow>),
    Wrapped { signals: Vec<JsonRow> },
}

fn json_feed(name: &str, text: &str, source: &str) -> Result<Parsed> {
    let doc: JsonDoc = serde_json::from_str(text).map_err(|e| {
        Error::input(format!(
            "{name}:{}:{}: {e}; expected [{{\"term\": ..., \"date\": \"YYYY-MM-DD\", \"value\": N}}, ...]",
            e.line(),
            e.column()
        ))
    })?;
    let rows = match doc {
        JsonDoc::Rows(r) | JsonDoc::Wrapped { signals: r } => r,
    };
    let mut signals = Vec::with_capacity(rows.len());
    for (i, r) in rows.into_iter().enumerate() {
        let at = |field: &str| format!("{name}: signal {} field {field}", i + 1);
        let value = match &r.value {
            serde_json::Value::Number(n) => n.as_f64().filter(|v| v.is_finite() && *v >= 0.0),
            serde_json::Value::String(s) if s.trim() == "<1" => Some(0.5),
            serde_json::Value::String(s) => s.trim().parse::<f64>().ok().filter(|v| *v >= 0.0),
            _ => None,
        }
        .ok_or_else(|| {
            Error::input(format!(
                "{}: {} is not a number of 0 or more",
                at("value"),
                r.value
            ))
        })?;
        let day = r.date.get(..10).unwrap_or(&r.date);
        let date = day.parse::<Date>().map_err(|_| {
            Error::input(format!(
                "{}: {:?} is not a date; write YYYY-MM-DD",
                at("date"),
                r.date
            ))
        })?;
        if r.term.trim().is_empty() {
            return Err(Error::input(format!("{}: empty term", at("term"))));
        }
        signals.push(Signal {
            term: r.term,
            source: source.to_string(),
            metric: r.metric.unwrap_or_else(|| "interest".into()),
            value,
            observed_at: date,
        });
    }
    Ok(Parsed {
        format: FileFormat::Json,
        signals,
        regions: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "Category: All categories\n\nWeek,mushroom lamp: (Worldwide),frog planter: (Worldwide)\n2025-06-01,40,<1\n2025-06-08,44,3\n";

    #[test]
    fn google_trends_export_is_detected_and_read() {
        assert_eq!(detect(SAMPLE), FileFormat::GoogleTrends);
        let p = parse("t.csv", SAMPLE, FileFormat::Auto, "feed").unwrap();
        assert_eq!(p.format, FileFormat::GoogleTrends);
        assert_eq!(p.regions, vec!["Worldwide", "Worldwide"]);
        assert_eq!(p.signals.len(), 4);
        assert_eq!(p.signals[1].term, "frog planter");
        assert_eq!(p.signals[1].value, 0.5);
        assert_eq!(p.signals[3].value, 3.0);
        assert_eq!(p.signals[0].source, "google_trends");
        assert_eq!(p.signals[2].observed_at, jiff::civil::date(2025, 6, 8));
    }

    #[test]
    fn generic_feeds_and_errors_name_the_place() {
        let csv = "date,term,value\n2025-06-02,Tote Bags,12\n2025-06-09,tote bag,x\n";
        assert_eq!(detect(csv), FileFormat::Csv);
        let e = parse("f.csv", csv, FileFormat::Auto, "feed").unwrap_err();
        assert!(e.to_string().starts_with("f.csv:3:3: \"x\""), "{e}");
        let json = r#"[{"term": "tote bag", "date": "2025-06-02", "value": 7}]"#;
        let p = parse("f.json", json, FileFormat::Auto, "myfeed").unwrap();
        assert_eq!(p.signals[0].source, "myfeed");
        assert_eq!(p.signals[0].metric, "interest");
        let bad = r#"{"signals": [{"term": "a", "date": "June", "value": 1}]}"#;
        let e = parse("f.json", bad, FileFormat::Auto, "feed").unwrap_err();
        assert!(e.to_string().contains("signal 1 field date"), "{e}");
        let e = parse(
            "g.csv",
            "Category: All categories\n\nfoo\n",
            FileFormat::Auto,
            "feed",
        )
        .unwrap_err();
        assert!(e.to_string().contains("Week, Month or Day"), "{e}");
    }
}

//! comfy-table setup: one place for styles, alignment and terminal width.

use comfy_table::{Cell, CellAlignment, ContentArrangement, Table, presets};

/// What the table renderer needs to know about the terminal.
#[derive(Debug, Clone, Copy)]
pub struct TableOpts {
    pub tty: bool,
    pub width: Option<u16>,
    pub color: bool,
}

impl TableOpts {
    /// No terminal, no colour: for files, Markdown and HTML.
    pub fn plain() -> TableOpts {
        TableOpts {
            tty: false,
            width: None,
            color: false,
        }
    }
}

/// A table with an optional title line above and note below.
pub struct Titled {
    pub title: Option<String>,
    pub table: Table,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Builds a table: on a terminal it fits the width; off a terminal nothing wraps or truncates.
pub fn build(opts: &TableOpts, headers: &[(&str, Align)], rows: Vec<Vec<String>>) -> Table {
    let mut table = Table::new();
    if opts.tty {
        table.load_style(presets::UTF8_HORIZONTAL_ONLY);
        table.set_content_arrangement(ContentArrangement::Dynamic);
        if let Some(w) = opts.width {
            table.set_width(w);
        }
    } else {
        table.load_style(presets::ASCII_MARKDOWN);
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    if !opts.color {
        table.force_no_tty();
    }
    // Every cell passes the terminal sanitizer here, whatever the command put in it: SKUs,
    // titles, marketplace ids and error text can come from files and APIs.
    table.set_header(
        headers
            .iter()
            .map(|(h, _)| Cell::new(super::sanitize::cell(h))),
    );
    for row in rows {
        table.add_row(row.iter().map(|c| super::sanitize::cell(c)));
    }
    for (i, (_, align)) in headers.iter().enumerate() {
        if let Some(col) = table.column_mut(i) {
            col.set_cell_alignment(match align {
                Align::Left => CellAlignment::Left,
                Align::Right => CellAlignment::Right,
            });
        }
    }
    table
}

/// A two-column key/value table.
pub fn key_values(opts: &TableOpts, rows: Vec<(String, String)>) -> Table {
    build(
        opts,
        &[("", Align::Left), ("", Align::Right)],
        rows.into_iter().map(|(k, v)| vec![k, v]).collect(),
    )
}

/// Formats basis points as a percentage with one decimal (`1234` → `12.3%`).
pub fn percent(bp: Option<i64>) -> String {
    match bp {
        None => "—".into(),
        Some(bp) => {
            let sign = if bp < 0 { "-" } else { "" };
            let abs = bp.unsigned_abs();
            // Round to one decimal: 1234 bp = 12.34% -> 12.3%.
            let tenths = (abs + 5) / 10;
            format!("{sign}{}.{}%", tenths / 10, tenths % 10)
        }
    }
}

/// A whole number with thousands separators.
pub fn count(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A unicode sparkline (`▁▂▄█`), one character per value, scaled from 0 (or the minimum when
/// it is negative) to the maximum. Empty for no values.
pub fn sparkline(values: &[i64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let (Some(&max), Some(&min)) = (values.iter().max(), values.iter().min()) else {
        return String::new();
    };
    let low = min.min(0);
    let span = (max - low).max(1) as i128;
    values
        .iter()
        .map(|v| BARS[((i128::from(v - low) * 7 + span / 2) / span).clamp(0, 7) as usize])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_numbers() {
        assert_eq!(percent(Some(1234)), "12.3%");
        assert_eq!(percent(Some(-5)), "-0.1%");
        assert_eq!(percent(None), "—");
        assert_eq!(count(1234567), "1,234,567");
        assert_eq!(count(-12), "-12");
    }

    #[test]
    fn sparklines_scale_from_zero() {
        assert_eq!(sparkline(&[]), "");
        assert_eq!(sparkline(&[0, 7, 14]), "▁▅█");
        assert_eq!(sparkline(&[5, 5]), "██");
        assert_eq!(sparkline(&[0, 0]), "▁▁");
        assert_eq!(sparkline(&[-10, 0, 10]), "▁▅█");
    }
}

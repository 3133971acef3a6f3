//! Markdown output: each table as a pipe table under a `###` heading, its note below.
//! Cell text is made one line and `|`, `\`, `*`, `_`, `` ` ``, `<`, `>` are escaped, so
//! untrusted text cannot break the table or inject markup.

use super::table::Titled;

/// Escapes text for a Markdown table cell or heading.
pub fn escape(text: &str) -> String {
    let one = super::sanitize::one_line(text);
    let mut out = String::with_capacity(one.len());
    for c in one.chars() {
        match c {
            '|' | '\\' | '*' | '_' | '`' | '[' | ']' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// One table as Markdown (title as a heading, then the table, then the note).
pub fn table(t: &Titled) -> String {
    let mut out = String::new();
    if let Some(title) = &t.title {
        out.push_str("### ");
        out.push_str(&escape(title));
        out.push_str("\n\n");
    }
    let header: Vec<String> = t
        .table
        .header()
        .map(|h| h.cell_iter().map(|c| escape(&c.content())).collect())
        .unwrap_or_default();
    let rows: Vec<Vec<String>> = t
        .table
        .row_iter()
        .map(|r| r.cell_iter().map(|c| c.content()).collect())
        .collect();
    let columns = header
        .len()
        .max(rows.iter().map(Vec::len).max().unwrap_or(0));
    if columns > 0 {
        let cell = |i: usize| header.get(i).cloned().unwrap_or_default();
        out.push('|');
        for i in 0..columns {
            out.push(' ');
            out.push_str(&cell(i));
            out.push_str(" |");
        }
        out.push_str("\n|");
        for i in 0..columns {
            let right = super::html::numeric_column(&rows, i);
            out.push_str(if right { " ---: |" } else { " --- |" });
        }
        out.push('\n');
        for row in &rows {
            let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
            out.push('|');
            for i in 0..columns {
                out.push(' ');
                out.push_str(cells.get(i).map(String::as_str).unwrap_or(""));
                out.push_str(" |");
            }
            out.push('\n');
        }
    }
    if let Some(note) = &t.note {
        out.push('\n');
        out.push_str(&escape(note));
        out.push('\n');
    }
    out
}

/// Every table, separated by blank lines.
pub fn from_tables(tables: &[Titled]) -> String {
    tables.iter().map(table).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::table::{Align, TableOpts, build};

    #[test]
    fn pipe_table_with_escaped_cells() {
        let t = Titled {
            title: Some("Top *SKUs*".into()),
            table: build(
                &TableOpts::plain(),
                &[("sku", Align::Left), ("units", Align::Right)],
                vec![vec!["A|B <script>".into(), "3".into()]],
            ),
            note: Some("1 of 2 shown".into()),
        };
        assert_eq!(
            table(&t),
            "### Top \\*SKUs\\*\n\n| sku | units |\n| --- | ---: |\n| A\\|B &lt;script&gt; | 3 |\n\n1 of 2 shown\n"
        );
    }
}

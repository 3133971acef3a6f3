//! Untrusted text (competitor titles, buyer messages, LLM output) made safe for a terminal:
//! control characters and escape sequences are replaced, so they cannot move the cursor,
//! change colours or rewrite what the person reads.

/// Replaces control characters (C0, DEL, C1) with U+FFFD, keeping tab and newline.
pub fn for_terminal(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\n' | '\t' => c,
            c if c.is_control() => '\u{FFFD}',
            // Bidirectional overrides can reorder what is displayed.
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => '\u{FFFD}',
            c => c,
        })
        .collect()
}

/// Like [`for_terminal`], and also folds newlines and tabs into spaces, for a table cell.
pub fn one_line(text: &str) -> String {
    for_terminal(text).replace(['\n', '\t', '\r'], " ")
}

/// A table cell: multi-line cells keep their lines (comfy-table draws them), everything else
/// is neutralised. The common case (plain printable text) is returned without rewriting.
pub fn cell(text: &str) -> String {
    if text.chars().all(|c| !needs_replacing(c) || c == '\n') {
        return text.to_string();
    }
    for_terminal(text).replace(['\t', '\r'], " ")
}

fn needs_replacing(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether a text holds anything [`for_terminal`] would replace.
pub fn is_clean(text: &str) -> bool {
    !text
        .chars()
        .any(|c| needs_replacing(c) && c != '\n' && c != '\t')
}

/// A CSV text cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR
/// first) gets a leading `'`, as OWASP recommends for CSV injection. Numbers are left alone
/// (a negative amount stays a number).
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    let risky = matches!(
        text.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    );
    if risky && text.parse::<f64>().is_err() {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(for_terminal("ok\x1b[2Jgone"), "ok\u{FFFD}[2Jgone");
        assert_eq!(for_terminal("a\u{202E}b"), "a\u{FFFD}b");
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(for_terminal("Tasse \u{e9}maill\u{e9}e"), "Tasse émaillée");
        assert_eq!(
            cell("a\nb\x1b]52;c;ZXZpbA==\x07"),
            "a\nb\u{FFFD}]52;c;ZXZpbA==\u{FFFD}"
        );
        assert_eq!(cell("plain"), "plain");
        assert!(is_clean("ok\tfine\n") && !is_clean("x\u{9b}2J"));
    }

    #[test]
    fn formulas_are_neutralised_but_numbers_kept() {
        assert_eq!(csv_cell("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_cell("+1-2"), "'+1-2");
        assert_eq!(csv_cell("\tcmd"), "'\tcmd");
        assert_eq!(csv_cell("-12.50"), "-12.50");
        assert_eq!(csv_cell("MUG-1"), "MUG-1");
    }
}

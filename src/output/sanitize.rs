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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_are_neutralised() {
        assert_eq!(for_terminal("ok\x1b[2Jgone"), "ok\u{FFFD}[2Jgone");
        assert_eq!(for_terminal("a\u{202E}b"), "a\u{FFFD}b");
        assert_eq!(one_line("a\nb\tc"), "a b c");
        assert_eq!(for_terminal("Tasse \u{e9}maill\u{e9}e"), "Tasse émaillée");
    }
}

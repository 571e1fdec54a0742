//! Pasted text, as a one-line field takes it.

/// The text a one-line field (a name, a path, the filter) takes from a paste: each line break
/// (`\n`, `\r\n`, or `\r` as terminals send it) and tab becomes one space, so that `a⏎b` stays
/// two words; the line break that ends it, and other control characters, are dropped.
pub fn one_line(text: &str) -> String {
    let text = text.trim_end_matches(['\r', '\n']).replace("\r\n", "\n");
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\r' | '\t' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn line_breaks_and_tabs_become_spaces_and_other_controls_go() {
        assert_eq!(one_line("a\nb"), "a b");
        assert_eq!(one_line("a\r\nb\rc\td\r\n"), "a b c d");
        assert_eq!(one_line("evil\u{1b}[2J"), "evil[2J");
    }
}

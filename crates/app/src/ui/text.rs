//! Text made safe and short for the screen.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use mnq_api::model::Timestamp;

/// Text from outside (names, API messages) with its control characters made visible: an escape
/// sequence in a credentials name must never reach the terminal raw.
pub fn clean(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| match c {
                // The Unicode "control pictures": ␛ for ESC, ␊ for a line feed, ...
                '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
                '\u{7f}' => '\u{2421}',
                c if c.is_control() => '\u{fffd}',
                c => c,
            })
            .collect(),
    )
}

/// Cuts text to `width` terminal columns, ending with `…` when cut.
pub fn fit(text: &str, width: usize) -> Cow<'_, str> {
    let total: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if total <= width {
        return Cow::Borrowed(text);
    }
    let mut used = 0;
    let mut cut = String::new();
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        cut.push(c);
    }
    if width > 0 {
        cut.push('…');
    }
    Cow::Owned(cut)
}

/// Text broken into lines of at most `width` columns, between words; a word longer than a
/// line is broken where the line ends.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for word in text.split_whitespace() {
        let word_width = word.width();
        if used > 0 && used + 1 + word_width > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let w = c.width().unwrap_or(0);
            if used + w > width && used > 0 {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += w;
        }
    }
    if used > 0 || lines.is_empty() {
        lines.push(line);
    }
    lines
}

/// A long identifier as `AHBRPO…R5XK`.
pub fn abbreviate(id: &str, head: usize, tail: usize) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= head + tail + 1 {
        return id.to_owned();
    }
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{start}…{end}")
}

/// A date as lists show it (UTC), or `—`.
pub fn date(timestamp: Option<Timestamp>) -> String {
    timestamp.map_or_else(|| "—".to_owned(), |t| t.date().to_string())
}

/// Date and time (UTC, to the minute), or `—`.
pub fn date_time(timestamp: Option<Timestamp>) -> String {
    timestamp.map_or_else(
        || "—".to_owned(),
        |t| t.0.strftime("%Y-%m-%d %H:%M UTC").to_string(),
    )
}

/// The text with its first letter in capitals ("Press n…").
pub fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A count with thousands separators: "20,000".
pub fn thousands(count: u64) -> String {
    let digits = count.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_become_visible_pictures() {
        assert_eq!(clean("evil\u{1b}[2Jname\n"), "evil␛[2Jname␊");
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("c1\u{9b}x"), "c1\u{fffd}x");
    }

    #[test]
    fn fitting_counts_terminal_columns() {
        assert_eq!(fit("orders-producer", 20), "orders-producer");
        assert_eq!(fit("orders-producer", 8), "orders-…");
        assert_eq!(fit("日本語のテキスト", 7), "日本語…");
    }

    #[test]
    fn wrapping_breaks_between_words_and_inside_a_word_too_long() {
        assert_eq!(
            wrap("rotate: new credentials like these, then revoke these", 20),
            [
                "rotate: new",
                "credentials like",
                "these, then revoke",
                "these"
            ]
        );
        assert_eq!(wrap("abcdefgh ij", 3), ["abc", "def", "gh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn ids_are_abbreviated_in_the_middle() {
        assert_eq!(
            abbreviate(
                "AHBRPOIGF3CBFNOBM2O4RAK3VRJNVGFYGWWQC5HYFSXMECOSFOGYR5XK",
                6,
                4
            ),
            "AHBRPO…R5XK"
        );
        assert_eq!(abbreviate("short", 6, 4), "short");
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(20_000), "20,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }
}

//! The styles of the console, in colour or (with `NO_COLOR`) without: selection is reverse
//! video plus a `▶` marker and danger is spelled out, so nothing relies on colour alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub monochrome: bool,
    /// Titles, the focused field, the active tab.
    pub accent: Style,
    /// The selected row or menu item.
    pub selected: Style,
    /// Revoke and other irreversible things.
    pub danger: Style,
    /// Errors in forms and messages.
    pub error: Style,
    /// Secondary text: descriptions, dates, hints.
    pub muted: Style,
    /// Keys in the footer and help.
    pub key: Style,
    /// Good news: enabled, updated.
    pub ok: Style,
    pub border: Style,
    pub focused_border: Style,
    pub header: Style,
}

impl Theme {
    pub fn new(monochrome: bool) -> Self {
        let plain = Style::new();
        if monochrome {
            return Theme {
                monochrome,
                accent: plain.add_modifier(Modifier::BOLD),
                selected: plain.add_modifier(Modifier::REVERSED),
                danger: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
                error: plain.add_modifier(Modifier::BOLD),
                muted: plain,
                key: plain.add_modifier(Modifier::BOLD),
                ok: plain.add_modifier(Modifier::BOLD),
                border: plain,
                focused_border: plain.add_modifier(Modifier::BOLD),
                header: plain.add_modifier(Modifier::REVERSED),
            };
        }
        Theme {
            monochrome,
            accent: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: plain
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            danger: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            error: plain.fg(Color::Red),
            muted: plain.fg(Color::Gray),
            key: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ok: plain.fg(Color::Green),
            border: plain.fg(Color::Gray),
            focused_border: plain.fg(Color::Cyan),
            header: plain.fg(Color::White).bg(Color::Blue),
        }
    }
}

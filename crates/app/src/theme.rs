//! The styles of the console, in colour or (with `NO_COLOR`) without: selection is reverse
//! video plus a `▶` marker and danger is spelled out, so nothing relies on colour alone.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    /// What deserves a look but is not wrong: stale credentials.
    pub warning: Style,
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
    /// The theme of a name, if it is one: `dark`, `light` or `mono`.
    pub fn named(name: &str) -> Option<Theme> {
        match name {
            "dark" => Some(Theme::dark()),
            "light" => Some(Theme::light()),
            "mono" => Some(Theme::mono()),
            _ => None,
        }
    }

    /// No colour at all (`NO_COLOR`, or `theme = "mono"`): selection is reverse video and
    /// danger bold and underlined, so both stay visible.
    pub fn mono() -> Self {
        let plain = Style::new();
        Theme {
            monochrome: true,
            accent: plain.add_modifier(Modifier::BOLD),
            selected: plain.add_modifier(Modifier::REVERSED),
            danger: plain.add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            error: plain.add_modifier(Modifier::BOLD),
            warning: plain.add_modifier(Modifier::BOLD),
            muted: plain,
            key: plain.add_modifier(Modifier::BOLD),
            ok: plain.add_modifier(Modifier::BOLD),
            border: plain,
            focused_border: plain.add_modifier(Modifier::BOLD),
            header: plain.add_modifier(Modifier::REVERSED),
        }
    }

    /// The colour of text drawn over `background` where a role's own colour is that very
    /// background (the accent over the header, a stale mark over the selection): the text
    /// colour of the role whose background it is. `None` when no role's text fits, when the
    /// terminal's own text colour is the best guess.
    pub fn text_over(&self, background: Color) -> Option<Color> {
        self.roles()
            .into_iter()
            .filter(|role| role.bg == Some(background))
            .find_map(|role| role.fg.filter(|fg| *fg != background))
    }

    fn roles(&self) -> [Style; 11] {
        [
            self.accent,
            self.selected,
            self.danger,
            self.error,
            self.warning,
            self.muted,
            self.key,
            self.ok,
            self.border,
            self.focused_border,
            self.header,
        ]
    }

    /// For dark terminals: the console's default.
    pub fn dark() -> Self {
        let plain = Style::new();
        Theme {
            monochrome: false,
            accent: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            selected: plain
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            danger: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            error: plain.fg(Color::Red),
            warning: plain.fg(Color::Yellow),
            muted: plain.fg(Color::Gray),
            key: plain.fg(Color::Cyan).add_modifier(Modifier::BOLD),
            ok: plain.fg(Color::Green),
            border: plain.fg(Color::Gray),
            focused_border: plain.fg(Color::Cyan),
            header: plain.fg(Color::White).bg(Color::Blue),
        }
    }

    /// For light terminals: darker colours that keep their contrast on white.
    pub fn light() -> Self {
        let plain = Style::new();
        Theme {
            monochrome: false,
            accent: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
            selected: plain
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            danger: plain.fg(Color::Red).add_modifier(Modifier::BOLD),
            error: plain.fg(Color::Red),
            // Yellow is unreadable on white; a dark orange of the 256 colours is not.
            warning: plain.fg(Color::Indexed(130)),
            muted: plain.fg(Color::DarkGray),
            key: plain.fg(Color::Blue).add_modifier(Modifier::BOLD),
            ok: plain.fg(Color::Green),
            border: plain.fg(Color::DarkGray),
            focused_border: plain.fg(Color::Blue),
            header: plain.fg(Color::White).bg(Color::Blue),
        }
    }
}

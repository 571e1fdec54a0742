//! `?`: every key of the screen under the help, from the keymap.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup;
use super::theme::Theme;
use crate::app::{Context, State, keymap};

fn context_name(context: Context) -> &'static str {
    match context {
        Context::Products => "product menu",
        Context::Overview => "Overview tab",
        Context::Credentials => "credentials list",
        Context::NatsAccounts => "NATS accounts",
        Context::NatsAccount => "NATS account",
        Context::Filter => "filter",
        Context::Regions => "region menu",
        Context::SeeMore => "see more menu",
        Context::UpdateName | Context::Update => "Update pop-up",
        Context::Discard => "discard question",
        Context::Revoke => "Revoke pop-up",
        Context::Help => "help",
        Context::Message => "message",
        Context::TooSmall => "too small",
    }
}

pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let context = state.screen_context();
    let bindings: Vec<_> = keymap::bindings(context, state.session.readonly).collect();
    let height = bindings.len() as u16 + 6;
    let box_area = popup::centered(area, 64, height);
    let title = Line::styled(format!(" Help · {} ", context_name(context)), theme.accent);
    let inner = popup::open(frame, box_area, title, theme.focused_border);
    let mut lines = vec![Line::raw("")];
    for binding in bindings {
        lines.push(Line::from(vec![
            Span::styled(format!(" {:<18}", binding.keys_label()), theme.key),
            Span::raw(binding.help),
        ]));
    }
    lines.push(Line::raw(""));
    if state.session.readonly {
        lines.push(Line::styled(
            " READ-ONLY: Update and Revoke are off (--readonly).",
            theme.muted,
        ));
    }
    lines.push(Line::styled(" Esc or ? closes this help.", theme.muted));
    frame.render_widget(Paragraph::new(lines), inner);
}

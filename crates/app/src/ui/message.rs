//! A dismissible message: what could not be done, the API's words and what to do.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::popup;
use super::text::clean;
use crate::command::Command;
use crate::keymap::Context;
use crate::state::State;
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, state: &State, title: &str, text: &str, theme: &Theme) {
    let width = 72.min(area.width.saturating_sub(4));
    let text = Paragraph::new(vec![Line::raw(""), Line::raw(clean(text).into_owned())])
        .wrap(Wrap { trim: false })
        .block(Block::new().padding(Padding::horizontal(1)));
    // Borders and padding take 4 columns; the text is as tall as it wraps, then a blank line
    // and the hint, in borders.
    let text_lines = text.line_count(width.saturating_sub(2)) as u16;
    let height = (text_lines + 4).min(area.height.saturating_sub(2));
    let box_area = popup::centered(area, width, height);
    let title = format!(" {} ", clean(title));
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(title, theme.error),
        theme.error,
    );
    let [text_area, hint_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    frame.render_widget(text, text_area);
    let keymap = &state.session.keymap;
    if let Some(keys) = keymap.keys_for(Context::Message, Command::Back, "/") {
        frame.render_widget(
            Line::styled(format!("{keys} dismiss  "), theme.muted).right_aligned(),
            hint_area,
        );
    }
}

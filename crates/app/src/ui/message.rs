//! A dismissible message: what could not be done, the API's words and what to do.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::popup;
use super::text::clean;
use super::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, title: &str, text: &str, theme: &Theme) {
    let width = 72.min(area.width.saturating_sub(4));
    let text = clean(text).into_owned();
    let text_width = usize::from(width.saturating_sub(4)).max(1);
    let text_lines = text.chars().count().div_ceil(text_width) as u16 + 1;
    let height = (text_lines + 5).min(area.height.saturating_sub(2));
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
    frame.render_widget(
        Paragraph::new(vec![Line::raw(""), Line::raw(text)])
            .wrap(Wrap { trim: false })
            .block(
                ratatui::widgets::Block::new().padding(ratatui::widgets::Padding::horizontal(1)),
            ),
        text_area,
    );
    frame.render_widget(
        Line::styled("⏎/Esc dismiss  ", theme.muted).right_aligned(),
        hint_area,
    );
}

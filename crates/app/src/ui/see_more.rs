//! The "see more" menu of a credential, next to its row.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::popup;
use crate::hit::{Hit, Hits};
use crate::state::MenuItem;
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    body: Rect,
    (row, items, selected): (Option<Rect>, &[MenuItem], usize),
    theme: &Theme,
    hits: &mut Hits,
) {
    let width = 26;
    let height = items.len() as u16 + 2;
    let area = match row {
        Some(row) => {
            let x = row.right().saturating_sub(width + 2).max(body.x);
            let below = row.y + 1;
            let y = if below + height <= body.bottom() {
                below
            } else {
                row.y.saturating_sub(height).max(body.y)
            };
            Rect::new(x, y, width.min(body.width), height.min(body.height))
        }
        None => popup::centered(body, width, height),
    };
    let inner = popup::open(frame, area, Line::raw(""), theme.focused_border);
    hits.add(area, Hit::Popup);
    for index in 0..items.len() {
        let line = Rect::new(inner.x, inner.y + index as u16, inner.width, 1);
        hits.add(line.intersection(inner), Hit::MenuItem(index));
    }
    let lines: Vec<Line> = items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let marker = if index == selected { "▶" } else { " " };
            let style = match (index == selected, item) {
                (true, _) => theme.selected,
                (false, MenuItem::Revoke) => theme.danger,
                (false, MenuItem::Update | MenuItem::Rotate) => ratatui::style::Style::new(),
            };
            Line::styled(format!("{marker} {}", item.label()), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

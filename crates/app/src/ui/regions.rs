//! The region dropdown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::hits::{Hit, Hits};
use super::popup;
use super::theme::Theme;
use crate::State;
use mnq_api::model::Region;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    selected: usize,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let height = Region::ALL.len() as u16 + 2;
    let box_area = Rect::new(area.x + 2, area.y + 1, 22.min(area.width), height);
    hits.add(box_area, Hit::Popup);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(" Region ", theme.accent),
        theme.focused_border,
    );
    let lines: Vec<Line> = Region::ALL
        .iter()
        .enumerate()
        .map(|(index, region)| {
            let marker = if index == selected { "▶" } else { " " };
            let current = if *region == state.region {
                "  ✓ current"
            } else {
                ""
            };
            let line = Line::from(vec![
                Span::raw(format!("{marker} {region}")),
                Span::styled(current, theme.muted),
            ]);
            if index == selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    for index in 0..Region::ALL.len() {
        let line = Rect::new(inner.x, inner.y + index as u16, inner.width, 1);
        hits.add(line.intersection(inner), Hit::Region(index));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

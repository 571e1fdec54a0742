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
    // Each region, then All regions.
    let height = Region::ALL.len() as u16 + 3;
    let box_area = Rect::new(area.x + 2, area.y + 1, 28.min(area.width), height);
    hits.add(box_area, Hit::Popup);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(" Region ", theme.accent),
        theme.focused_border,
    );
    let labels = Region::ALL
        .iter()
        .map(|region| {
            (
                region.to_string(),
                !state.all_regions && *region == state.region,
            )
        })
        .chain([("All regions".to_owned(), state.all_regions)]);
    let lines: Vec<Line> = labels
        .enumerate()
        .map(|(index, (label, current))| {
            let marker = if index == selected { "▶" } else { " " };
            let current = if current { "  ✓ current" } else { "" };
            let line = Line::from(vec![
                Span::raw(format!("{marker} {label}")),
                Span::styled(current, theme.muted),
            ]);
            if index == selected {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    for index in 0..=Region::ALL.len() {
        let line = Rect::new(inner.x, inner.y + index as u16, inner.width, 1);
        hits.add(line.intersection(inner), Hit::Region(index));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

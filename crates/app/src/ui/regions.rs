//! The region dropdown.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup;
use crate::hit::{Hit, Hits};
use crate::state::State;
use crate::theme::Theme;
use mnq_api::model::Region;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    opener: Rect,
    selected: usize,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    // Each region, then All regions.
    let height = Region::ALL.len() as u16 + 3;
    let box_area = popup::under(opener, area, 28, height);
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
            let current = if current { "  ✓ current" } else { "" };
            let spans = vec![Span::raw(label), Span::styled(current, theme.muted)];
            popup::choice_line(spans, index == selected, theme)
        })
        .collect();
    popup::choice_hits(inner, Region::ALL.len() + 1, Hit::Region, hits);
    frame.render_widget(Paragraph::new(lines), inner);
}

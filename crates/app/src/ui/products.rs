//! The product menu: NATS · Queues · Topics and Events.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::press;
use super::text::fit;
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::state::State;
use crate::theme::Theme;
use mnq_api::model::Product;

fn description(product: Product) -> &'static str {
    match product {
        Product::Nats => "Publish/subscribe and streaming: NATS accounts and their credentials",
        Product::Queues => "SQS-compatible message queues: access keys with permissions",
        Product::TopicsAndEvents => "SNS-compatible topics: access keys with permissions",
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    selected: usize,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let [menu, note] = Layout::vertical([Constraint::Length(7), Constraint::Fill(1)]).areas(area);
    let block = Block::bordered()
        .border_style(theme.border)
        .title(Span::styled(" Messaging and Queuing ", theme.accent));
    let inner = block.inner(menu);
    frame.render_widget(block, menu);

    let name_width = 19;
    let description_width = usize::from(inner.width).saturating_sub(name_width + 8);
    let mut lines = vec![Line::raw("")];
    for (index, product) in Product::ALL.iter().enumerate() {
        let line = Rect::new(inner.x, inner.y + 1 + index as u16, inner.width, 1);
        hits.add(line.intersection(inner), Hit::Product(index));
        let is_selected = index == selected;
        let marker = if is_selected { "▶" } else { " " };
        let line = Line::from(vec![
            Span::raw(format!(" {marker} {}  ", index + 1)),
            Span::raw(format!("{:<name_width$}", product.label())),
            Span::styled(
                fit(description(*product), description_width).into_owned(),
                if is_selected {
                    theme.selected
                } else {
                    theme.muted
                },
            ),
        ]);
        lines.push(if is_selected {
            line.style(theme.selected)
        } else {
            line
        });
    }
    frame.render_widget(Paragraph::new(lines), inner);

    let tip = vec![
        Line::raw(""),
        Line::from(vec![
            Span::styled(
                match state.all_regions {
                    true => "All regions".to_owned(),
                    false => format!("Region {}", state.region),
                },
                theme.accent,
            ),
            Span::styled(
                format!(
                    " — Messaging and Queuing runs in fr-par and nl-ams{}.",
                    press(state, Context::Products, Command::OpenRegions, "switch")
                        .map(|press| format!("; {press}"))
                        .unwrap_or_default()
                ),
                theme.muted,
            ),
        ]),
        Line::styled(
            "Open a product to see its credentials, update their name and permissions, or \
             revoke them.",
            theme.muted,
        ),
    ];
    // Indented as a whole, so that a line the width wraps keeps its indent.
    let indented = Rect {
        x: note.x + 2,
        width: note.width.saturating_sub(2),
        ..note
    };
    frame.render_widget(
        Paragraph::new(tip).wrap(ratatui::widgets::Wrap { trim: false }),
        indented,
    );
}

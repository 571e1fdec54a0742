//! The connection test pop-up: the `.creds` path, then what the server said.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::popup;
use super::text::clean;
use super::words;
use crate::hit::{Hit, Hits};
use crate::state::{ConnectionStatus, ConnectionTest};
use crate::theme::Theme;

pub fn draw(frame: &mut Frame, area: Rect, test: &ConnectionTest, theme: &Theme, hits: &mut Hits) {
    let box_area = popup::centered(area, 72, 10);
    hits.add(box_area, Hit::Popup);
    let title = Line::from(vec![
        Span::styled(" Test a connection ", theme.accent),
        Span::styled(
            format!("· NATS account {} ", clean(&test.account.name)),
            theme.muted,
        ),
    ]);
    let inner = popup::open(frame, box_area, title, theme.focused_border).inner(Margin::new(1, 1));
    let [endpoint, path, _, outcome] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(
        Line::from(vec![
            Span::styled("Endpoint  ", theme.muted),
            Span::raw(clean(&test.account.endpoint).into_owned()),
        ]),
        endpoint,
    );
    let label = ".creds    ";
    let field_width = usize::from(path.width).saturating_sub(label.len());
    let scroll = test.path.visual_scroll(field_width.saturating_sub(1));
    let value: String = clean(test.path.value())
        .chars()
        .skip(scroll)
        .take(field_width)
        .collect();
    frame.render_widget(
        Line::from(vec![
            Span::styled(label, theme.muted),
            Span::styled(format!("{value:<field_width$}"), theme.selected),
        ]),
        path,
    );
    let testing = matches!(test.status, ConnectionStatus::Testing(_));
    if !testing {
        let cursor = test.path.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((
            path.x + label.len() as u16 + cursor.min(field_width as u16),
            path.y,
        ));
    }
    let line = match &test.status {
        ConnectionStatus::Editing => Line::styled(
            "Connects to the endpoint with this file, as an application would, then leaves.",
            theme.muted,
        ),
        ConnectionStatus::Testing(_) => Line::styled("Connecting…", theme.muted),
        ConnectionStatus::Done(outcome) => {
            let (ok, text) = words::connection(outcome);
            Line::styled(
                clean(&text).into_owned(),
                if ok { theme.ok } else { theme.error },
            )
        }
    };
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), outcome);
}

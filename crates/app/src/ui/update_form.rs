//! The Update pop-up (name and permissions) and its "discard your changes?" question.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::popup::{self, Button};
use super::text::clean;
use super::theme::Theme;
use crate::{Choice, Field, FormStatus, UpdateForm};
use mnq_api::model::Service;

/// What each permission allows, in the words of the product.
fn permission_rows(service: Service) -> [(Field, &'static str, &'static str); 3] {
    match service {
        Service::Sqs => [
            (Field::Write, "Write", "send messages to queues"),
            (Field::Read, "Read", "receive messages from queues"),
            (
                Field::Manage,
                "Manage",
                "create, delete and configure queues",
            ),
        ],
        Service::Sns => [
            (Field::Write, "Write", "publish messages to topics"),
            (
                Field::Read,
                "Read",
                "receive messages, configure subscriptions",
            ),
            (Field::Manage, "Manage", "manage topics and subscriptions"),
        ],
    }
}

/// The pop-up's width, and its height without an API error.
const WIDTH: u16 = 68;
const HEIGHT: u16 = 16;

pub fn draw(frame: &mut Frame, area: Rect, form: &UpdateForm, theme: &Theme) {
    let error = match &form.status {
        FormStatus::Failed(error) => Some(error.to_string()),
        FormStatus::Editing | FormStatus::Submitting(_) => None,
    }
    .map(|text| {
        Paragraph::new(Line::styled(clean(&text).into_owned(), theme.error))
            .wrap(Wrap { trim: true })
    });
    // The error is as tall as its wrapped text (inside the borders and margins), up to what
    // the terminal has room for.
    let error_width = WIDTH.min(area.width).saturating_sub(4);
    let error_lines = error.as_ref().map_or(0, |error| {
        (error.line_count(error_width) as u16).min(area.height.saturating_sub(HEIGHT))
    });
    let box_area = popup::centered(area, WIDTH, HEIGHT + error_lines);
    let title = Line::from(vec![
        Span::styled(" Update credentials ", theme.accent),
        Span::styled(
            format!("· {} · {} ", form.target.product, form.target.region),
            theme.muted,
        ),
    ]);
    let inner = popup::open(frame, box_area, title, theme.focused_border);
    let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
    let [
        _,
        name_label,
        name_box,
        name_problem,
        permissions_label,
        checks,
        problem,
        error_area,
        _,
        buttons,
    ] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Length(error_lines),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    let problems = form.problems();

    frame.render_widget(Line::styled("Name", theme.accent), name_label);
    let name_focused = form.focus == Field::Name;
    let field = Block::bordered().border_style(if name_focused {
        theme.focused_border
    } else {
        theme.border
    });
    let field_inner = field.inner(name_box);
    let scroll = form
        .name
        .visual_scroll(usize::from(field_inner.width.saturating_sub(1)));
    frame.render_widget(
        Paragraph::new(clean(form.name.value()).into_owned())
            .scroll((0, scroll as u16))
            .block(field),
        name_box,
    );
    if name_focused && form.submitting().is_none() {
        let cursor = form.name.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((field_inner.x + cursor, field_inner.y));
    }
    if let Some(text) = problems.name {
        frame.render_widget(
            Line::styled(format!("Name {text}"), theme.error),
            name_problem,
        );
    }

    frame.render_widget(Line::styled("Permissions", theme.accent), permissions_label);
    let lines: Vec<Line> = permission_rows(form.service)
        .into_iter()
        .map(|(field, label, meaning)| {
            let ticked = match field {
                Field::Write => form.permissions.can_publish,
                Field::Read => form.permissions.can_receive,
                _ => form.permissions.can_manage,
            };
            let focused = form.focus == field;
            let line = Line::from(vec![
                Span::raw(if focused { "▶ " } else { "  " }),
                Span::raw(if ticked { "[x] " } else { "[ ] " }),
                Span::raw(format!("{label:<8}")),
                Span::styled(meaning, if focused { theme.selected } else { theme.muted }),
            ]);
            if focused {
                line.style(theme.selected)
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), checks);
    if let Some(text) = problems.permissions {
        frame.render_widget(
            Line::styled(format!("Permissions: {text}"), theme.error),
            problem,
        );
    }
    if let Some(error) = error {
        frame.render_widget(error, error_area);
    }

    let submit_label = if form.submitting().is_some() {
        "Updating…"
    } else {
        "Update credentials"
    };
    frame.render_widget(
        popup::buttons(
            &[
                Button {
                    label: "Cancel",
                    focused: form.focus == Field::Cancel,
                    danger: false,
                },
                Button {
                    label: submit_label,
                    focused: form.focus == Field::Submit,
                    danger: false,
                },
            ],
            theme,
        ),
        buttons,
    );
}

pub fn draw_discard(frame: &mut Frame, area: Rect, focus: Choice, theme: &Theme) {
    let box_area = popup::centered(area, 52, 7);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(" Discard your changes? ", theme.accent),
        theme.focused_border,
    );
    let [text, _, buttons] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(" The name and permissions you edited will be lost.")
            .wrap(Wrap { trim: false }),
        text,
    );
    frame.render_widget(
        popup::confirmation_buttons(focus, "Keep editing", "Discard", theme),
        buttons,
    );
}

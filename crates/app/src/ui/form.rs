//! The form pop-ups — Update, Generate (and Rotate) credentials, Create NATS account — and
//! their "discard your changes?" question.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::popup::{self, Button};
use super::text::clean;
use crate::choice::Choice;
use crate::form::{Field, Form, FormPurpose, FormStatus, Place};
use crate::hit::{Hit, Hits};
use crate::theme::Theme;
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

/// The pop-up's width, and its height without a message.
const WIDTH: u16 = 68;
const HEIGHT: u16 = 16;

/// The title, the words of the send button, and the same while it is in flight.
fn words(purpose: &FormPurpose) -> (&'static str, &'static str, &'static str) {
    match purpose {
        FormPurpose::Update { .. } => ("Update credentials", "Update credentials", "Updating…"),
        FormPurpose::Generate { replaces: None, .. } => (
            "Generate credentials",
            "Generate credentials",
            "Generating…",
        ),
        FormPurpose::Generate {
            replaces: Some(_), ..
        } => ("Rotate credentials", "Generate replacement", "Generating…"),
        FormPurpose::CreateAccount { .. } => ("Create NATS account", "Create account", "Creating…"),
    }
}

/// What the form says about itself under the name: where NATS credentials go, what a
/// rotation will do.
fn explanation(form: &Form) -> Option<String> {
    match &form.purpose {
        FormPurpose::Generate {
            place: Place::Nats(account),
            replaces,
        } => Some(match replaces {
            Some(old) => format!(
                "A replacement for {} in account {}; its .creds is shown once. Revoking the old \
                 credentials comes next, and asks first.",
                clean(&old.name),
                clean(&account.name)
            ),
            None => format!(
                "In NATS account {}. The .creds file is shown once, right after.",
                clean(&account.name)
            ),
        }),
        FormPurpose::Generate {
            replaces: Some(old),
            ..
        } => Some(format!(
            "A replacement for {}, with its permissions; the secret key is shown once. \
             Revoking the old credentials comes next, and asks first.",
            clean(&old.name)
        )),
        FormPurpose::CreateAccount { region, .. } => Some(format!(
            "A new NATS account in {region}; its credentials are generated on its page."
        )),
        FormPurpose::Generate { .. } | FormPurpose::Update { .. } => None,
    }
}

/// The status line under the fields, if the form has one to show, and whether it is an error.
fn status_text(form: &Form) -> Option<(String, bool)> {
    if form.status == FormStatus::NothingToChange {
        let text = "Nothing to change: the name and permissions are as they were. Edit them, \
                    or cancel.";
        return Some((text.to_owned(), false));
    }
    let error = match &form.status {
        FormStatus::Failed(error) => Some(error.to_string()),
        FormStatus::Checking(_) => Some(
            "The connection dropped before the API answered: checking whether it was made…"
                .to_owned(),
        ),
        FormStatus::NothingCreated => Some(format!(
            "The connection dropped before the API answered, and nothing named {:?} exists: \
             nothing was made. You can send it again.",
            form.name.value()
        )),
        FormStatus::CheckFailed(error) => Some(super::words::lost_create_unchecked(
            form.name.value(),
            error,
        )),
        FormStatus::Editing | FormStatus::Submitting(_) | FormStatus::NothingToChange => None,
    };
    error.map(|text| (text, true))
}

/// Draws the form; `project` names the project in its title (when lists show several).
pub fn draw(
    frame: &mut Frame,
    area: Rect,
    form: &Form,
    project: Option<String>,
    theme: &Theme,
    hits: &mut Hits,
) {
    let (title, send, sending) = words(&form.purpose);
    let service = form
        .purpose
        .service()
        .filter(|_| form.permissions.is_some());
    let error = status_text(form).map(|(text, error)| {
        let style = if error { theme.error } else { theme.warning };
        Paragraph::new(Line::styled(clean(&text).into_owned(), style)).wrap(Wrap { trim: true })
    });
    // The error is as tall as its wrapped text (inside the borders and margins), up to what
    // the terminal has room for.
    let error_width = WIDTH.min(area.width).saturating_sub(4);
    let error_lines = error.as_ref().map_or(0, |error| {
        (error.line_count(error_width) as u16).min(area.height.saturating_sub(HEIGHT))
    });
    let explanation = explanation(form).map(|text| {
        Paragraph::new(Line::styled(clean(&text).into_owned(), theme.muted))
            .wrap(Wrap { trim: true })
    });
    let explanation_lines = explanation
        .as_ref()
        .map_or(0, |text| text.line_count(error_width) as u16);
    // Without permissions, their label, checkboxes and problem line are not drawn.
    let permission_lines = if service.is_some() { 5 } else { 0 };
    let height = HEIGHT - 5 + permission_lines + explanation_lines + error_lines;
    let box_area = popup::centered(area, WIDTH, height);
    let title = title_line(form, title, project, theme);
    let inner = popup::open(frame, box_area, title, theme.focused_border);
    let inner = inner.inner(ratatui::layout::Margin::new(1, 0));
    let permission_line = |lines| Constraint::Length(if service.is_some() { lines } else { 0 });
    let [
        _,
        name_label,
        name_box,
        name_problem,
        explanation_area,
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
        Constraint::Length(explanation_lines),
        permission_line(1),
        permission_line(3),
        permission_line(1),
        Constraint::Length(error_lines),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    hits.add(box_area, Hit::Popup);
    hits.add(name_box, Hit::Field(Field::Name));
    draw_name(frame, form, [name_label, name_box, name_problem], theme);

    if let Some(explanation) = explanation {
        frame.render_widget(explanation, explanation_area);
    }
    if let (Some(service), Some(permissions)) = (service, form.permissions) {
        let areas = [permissions_label, checks, problem];
        draw_permissions(frame, form, (service, permissions), areas, theme, hits);
    }
    if let Some(error) = error {
        frame.render_widget(error, error_area);
    }

    let submit_label = if form.submitting().is_some() {
        sending
    } else {
        send
    };
    draw_buttons(frame, form, buttons, submit_label, theme, hits);
}

/// " Update credentials · Queues · fr-par · project billing ".
fn title_line<'a>(form: &Form, title: &'a str, project: Option<String>, theme: &Theme) -> Line<'a> {
    let mut title = vec![
        Span::styled(format!(" {title} "), theme.accent),
        Span::styled(
            format!("· {} · {} ", form.purpose.product(), form.purpose.region()),
            theme.muted,
        ),
    ];
    if let Some(project) = project {
        title.push(Span::styled(format!("· project {project} "), theme.muted));
    }
    Line::from(title)
}

/// The name: its label, its field (with the cursor while it is typed in), its problem.
fn draw_name(
    frame: &mut Frame,
    form: &Form,
    [label, field_area, problem]: [Rect; 3],
    theme: &Theme,
) {
    frame.render_widget(Line::styled("Name", theme.accent), label);
    let focused = form.focus == Field::Name;
    let field = Block::bordered().border_style(if focused {
        theme.focused_border
    } else {
        theme.border
    });
    let field_inner = field.inner(field_area);
    let scroll = form
        .name
        .visual_scroll(usize::from(field_inner.width.saturating_sub(1)));
    frame.render_widget(
        Paragraph::new(clean(form.name.value()).into_owned())
            .scroll((0, scroll as u16))
            .block(field),
        field_area,
    );
    if focused && form.submitting().is_none() {
        let cursor = form.name.visual_cursor().saturating_sub(scroll) as u16;
        frame.set_cursor_position((field_inner.x + cursor, field_inner.y));
    }
    if let Some(text) = form.shown_problems().name {
        frame.render_widget(Line::styled(format!("Name {text}"), theme.error), problem);
    }
}

/// Cancel and the button that sends.
fn draw_buttons(
    frame: &mut Frame,
    form: &Form,
    area: Rect,
    submit_label: &str,
    theme: &Theme,
    hits: &mut Hits,
) {
    let form_buttons = [
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
    ];
    for (button, field) in popup::button_areas(area, &form_buttons)
        .into_iter()
        .zip([Field::Cancel, Field::Submit])
    {
        hits.add(button, Hit::Field(field));
    }
    frame.render_widget(popup::buttons(&form_buttons, theme), area);
}

/// The permissions' label, their checkboxes (each clickable), and their problem.
fn draw_permissions(
    frame: &mut Frame,
    form: &Form,
    (service, permissions): (Service, mnq_api::model::Permissions),
    [label, checks, problem]: [Rect; 3],
    theme: &Theme,
    hits: &mut Hits,
) {
    for (index, field) in [Field::Write, Field::Read, Field::Manage]
        .into_iter()
        .enumerate()
    {
        let line = Rect::new(checks.x, checks.y + index as u16, checks.width, 1);
        hits.add(line.intersection(checks), Hit::Field(field));
    }
    if let Some(text) = form.shown_problems().permissions {
        frame.render_widget(
            Line::styled(format!("Permissions: {text}"), theme.error),
            problem,
        );
    }
    frame.render_widget(Line::styled("Permissions", theme.accent), label);
    let lines: Vec<Line> = permission_rows(service)
        .into_iter()
        .map(|(field, label, meaning)| {
            let ticked = match field {
                Field::Write => permissions.can_publish,
                Field::Read => permissions.can_receive,
                _ => permissions.can_manage,
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
}

pub fn draw_discard(frame: &mut Frame, area: Rect, focus: Choice, theme: &Theme, hits: &mut Hits) {
    let box_area = popup::centered(area, 52, 7);
    hits.add(box_area, Hit::Popup);
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
    popup::question_buttons(
        frame,
        buttons,
        (focus, "Keep editing", "Discard"),
        theme,
        hits,
    );
}

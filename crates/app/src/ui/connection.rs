//! The connection test pop-up: the path of the `.creds` or `.env`, then what the endpoint
//! said; for Queues and Topics and Events, what it lets the key do next to what the API
//! declares (the secret pop-up shows the same after its own test).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::popup;
use super::text::clean;
use super::words;
use crate::call::{ConnectionOutcome, Probed};
use crate::hit::{Hit, Hits};
use crate::state::{ConnectionStatus, ConnectionSubject, ConnectionTest, Declared};
use crate::theme::Theme;
use mnq_api::data_plane::Grant;
use mnq_api::model::{Permissions, Service};

const WIDTH: u16 = 72;

pub fn draw(frame: &mut Frame, area: Rect, test: &ConnectionTest, theme: &Theme, hits: &mut Hits) {
    let width = WIDTH.min(area.width);
    let outcome_text = Paragraph::new(outcome_lines(test, theme)).wrap(Wrap { trim: true });
    let outcome_height = outcome_text.line_count(width.saturating_sub(4)) as u16;
    // Borders, margins, the endpoint, the path and a blank line: 7.
    let box_area = popup::centered(area, width, (7 + outcome_height).max(10));
    hits.add(box_area, Hit::Popup);
    let what = match &test.subject {
        ConnectionSubject::Nats(account) => format!("· NATS account {} ", clean(&account.name)),
        ConnectionSubject::Service { service, .. } => format!("· {} ", service.product()),
    };
    let title = Line::from(vec![
        Span::styled(" Test a connection ", theme.accent),
        Span::styled(what, theme.muted),
    ]);
    let inner = popup::open(frame, box_area, title, theme.focused_border).inner(Margin::new(1, 1));
    let [endpoint, path, _, outcome] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    frame.render_widget(endpoint_line(test, theme), endpoint);
    let label = match test.subject {
        ConnectionSubject::Nats(_) => ".creds    ",
        ConnectionSubject::Service { .. } => ".env      ",
    };
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
    frame.render_widget(outcome_text, outcome);
}

/// The endpoint: the NATS account's; for Queues and Topics and Events the file's, known once
/// it was read.
fn endpoint_line(test: &ConnectionTest, theme: &Theme) -> Line<'static> {
    let label = Span::styled("Endpoint  ", theme.muted);
    let endpoint = match (&test.subject, &test.status) {
        (ConnectionSubject::Nats(account), _) => Span::raw(clean(&account.endpoint).into_owned()),
        (_, ConnectionStatus::Done(ConnectionOutcome::Probed(probed))) => {
            Span::raw(clean(&probed.endpoint).into_owned())
        }
        (ConnectionSubject::Service { service, .. }, _) => {
            let variable = match service {
                Service::Sqs => "AWS_ENDPOINT_URL_SQS",
                Service::Sns => "AWS_ENDPOINT_URL_SNS",
            };
            Span::styled(format!("the file's {variable}"), theme.muted)
        }
    };
    Line::from(vec![label, endpoint])
}

fn outcome_lines(test: &ConnectionTest, theme: &Theme) -> Vec<Line<'static>> {
    let nats = matches!(test.subject, ConnectionSubject::Nats(_));
    match &test.status {
        ConnectionStatus::Editing if nats => vec![Line::styled(
            "Connects to the endpoint with this file, as an application would, then leaves.",
            theme.muted,
        )],
        ConnectionStatus::Editing => vec![Line::styled(
            "Signs requests that create and send nothing with the file's keys, and shows what \
             the endpoint lets them do next to what the API declares.",
            theme.muted,
        )],
        ConnectionStatus::Testing(_) if nats => vec![Line::styled("Connecting…", theme.muted)],
        ConnectionStatus::Testing(_) => vec![Line::styled("Testing…", theme.muted)],
        ConnectionStatus::Done(ConnectionOutcome::Probed(probed)) => {
            probed_lines(probed, test.declared.as_ref(), theme)
        }
        ConnectionStatus::Done(outcome) => vec![outcome_line(outcome, theme)],
    }
}

/// A connection test's outcome in one line.
pub(super) fn outcome_line(outcome: &ConnectionOutcome, theme: &Theme) -> Line<'static> {
    let (ok, text) = words::connection(outcome);
    Line::styled(
        clean(&text).into_owned(),
        if ok { theme.ok } else { theme.error },
    )
}

/// What a Queues or Topics and Events endpoint answered: whether it took the key, then, if it
/// did, each permission as the endpoint grants it beside what the API declares (`declared`,
/// when known), a difference marked `≠` in words, so that it shows without colour too.
pub(super) fn probed_lines(
    probed: &Probed,
    declared: Option<&Declared>,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let (ok, headline) = words::access(&probed.report.access, &probed.access_key);
    let mut lines = vec![Line::styled(
        clean(&headline).into_owned(),
        if ok { theme.ok } else { theme.error },
    )];
    let declared_permissions = declared.and_then(|declared| declared.permissions);
    let Some(grants) = &probed.report.grants else {
        if let Some(declared) = declared {
            let permissions = declared_permissions.map_or_else(
                || "not said".to_owned(),
                |permissions| match permissions.labels().as_slice() {
                    [] => "no permission".to_owned(),
                    labels => labels.join(", "),
                },
            );
            lines.push(Line::styled(
                clean(&format!(
                    "The API declares for {}: {permissions}.",
                    declared.name
                ))
                .into_owned(),
                theme.muted,
            ));
        }
        return lines;
    };
    lines.push(Line::raw(""));
    let api_column = match declared {
        Some(_) => "the API declares",
        None => "",
    };
    // A header that starts with words: the wrapping trims leading blanks.
    lines.push(Line::styled(
        format!("{:<11}{:<15}{api_column}", "Permission", "the endpoint"),
        theme.muted,
    ));
    let says = |holds: fn(Permissions) -> bool| declared_permissions.map(holds);
    let rows = [
        (Permissions::WRITE, &grants.write, says(|p| p.can_publish)),
        (Permissions::READ, &grants.read, says(|p| p.can_receive)),
        (Permissions::MANAGE, &grants.manage, says(|p| p.can_manage)),
    ];
    for &(label, grant, says) in &rows {
        let differs = matches!(
            (grant, says),
            (Grant::Granted, Some(false)) | (Grant::Refused, Some(true))
        );
        let api = match says {
            Some(true) => "yes",
            Some(false) => "no",
            None if declared.is_some() => "not said",
            None => "",
        };
        let mut spans = vec![
            Span::raw(format!("{label:<11}")),
            Span::styled(
                format!("{:<15}", words::grant(grant)),
                match grant {
                    Grant::CannotTell(_) => theme.muted,
                    Grant::Granted | Grant::Refused => Style::new(),
                },
            ),
            Span::raw(format!("{api:<17}")),
        ];
        if differs {
            spans.push(Span::styled("≠ differs", theme.error));
        }
        lines.push(Line::from(spans));
    }
    for (label, grant, _) in &rows {
        if let Grant::CannotTell(why) = grant {
            lines.push(Line::styled(
                clean(&format!("{label}: cannot tell: {why}")).into_owned(),
                theme.muted,
            ));
        }
    }
    if declared.is_none() {
        lines.push(Line::styled(
            "What the API declares is not shown: no credentials of the list on screen have \
             this access key.",
            theme.muted,
        ));
    }
    lines
}

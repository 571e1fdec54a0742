//! The pop-up that finds the credentials of a leaked file: the path, then where they are — or
//! that they are nowhere the API key can see, and where it looked.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::popup;
use super::scope::project_label;
use super::text::{abbreviate, clean, fit};
use super::words;
use crate::call::{Found, Leaked};
use crate::hit::{Hit, Hits};
use crate::state::{FindFile, FindStatus, State};
use crate::theme::Theme;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    find: &FindFile,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let box_area = popup::centered(area, 96, 16);
    hits.add(box_area, Hit::Popup);
    let title = Line::styled(" Find the credentials of a file ", theme.accent);
    let inner = popup::open(frame, box_area, title, theme.focused_border).inner(Margin::new(1, 1));
    let [path, _, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    let label = "File  ";
    let field_width = usize::from(path.width).saturating_sub(label.len());
    let scroll = find.path.visual_scroll(field_width.saturating_sub(1));
    let value: String = clean(find.path.value())
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
    let lines = match &find.status {
        FindStatus::Editing => {
            let cursor = find.path.visual_cursor().saturating_sub(scroll) as u16;
            frame.set_cursor_position((
                path.x + label.len() as u16 + cursor.min(field_width as u16),
                path.y,
            ));
            vec![Line::styled(
                "A .env (its AWS_ACCESS_KEY_ID) or a .creds (the checksum the API shows of \
                     it): looked for in every region of every project this API key can see. \
                     The secret stays here: only the key or the checksum is compared.",
                theme.muted,
            )]
        }
        FindStatus::BadFile(why) => vec![Line::styled(format!("✗ {}", clean(why)), theme.error)],
        FindStatus::Searching(_) => vec![Line::styled(
            "Looking in every region of every project…",
            theme.muted,
        )],
        FindStatus::Found(found) => found_lines(found, find.selected, state, theme),
    };
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), body);
}

/// What the search found: each match (the selected one marked), or that nothing matched and
/// where it looked; the listings that failed.
fn found_lines<'a>(found: &Found, selected: usize, state: &State, theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = Vec::new();
    let what = match &found.leaked {
        Leaked::AccessKey { key, .. } => format!("access key {}", clean(key)),
        Leaked::Creds { checksum, .. } => {
            format!(".creds with checksum {}", abbreviate(checksum, 12, 4))
        }
    };
    let looked = format!(
        "{} {} × {} {}",
        found.regions.len(),
        if found.regions.len() == 1 {
            "region"
        } else {
            "regions"
        },
        found.projects.len(),
        if found.projects.len() == 1 {
            "project"
        } else {
            "projects"
        },
    );
    if found.matches.is_empty() {
        lines.push(Line::styled(
            format!("Not found anywhere: no credentials have this {what} in {looked}."),
            theme.warning,
        ));
        if let Some(account) = &found.account {
            lines.push(Line::raw(format!(
                "Its JWT names NATS account {} ({}, project {}): the file was changed since it \
                 was issued, or its credentials are revoked already.",
                clean(&account.name),
                account.region,
                project_label(state, &account.project_id)
            )));
        }
        if let Leaked::Creds {
            user: Some(user), ..
        } = &found.leaked
        {
            lines.push(Line::styled(
                format!(
                    "Its user's public key is {} — the API never shows users' keys, so only \
                     the file itself finds its credentials.",
                    abbreviate(user, 8, 4)
                ),
                theme.muted,
            ));
        }
    } else {
        lines.push(Line::styled(
            format!(
                "Found {} with this {what} (looked in {looked}):",
                words::count(found.matches.len(), "credential", "credentials")
            ),
            theme.ok,
        ));
        for (index, credentials) in found.matches.iter().enumerate() {
            let mut place = format!(
                "{} · {} · project {}",
                words::product_short(credentials.product),
                credentials.region,
                project_label(state, &credentials.project_id)
            );
            if let Some(account) = &credentials.account {
                place.push_str(&format!(" · account {}", clean(&account.name)));
            }
            let line = popup::choice_line(
                vec![
                    Span::raw(fit(&clean(&credentials.name), 32).into_owned()),
                    Span::styled(format!("  {place}"), theme.muted),
                ],
                index == selected,
                theme,
            );
            lines.push(line);
        }
    }
    for (product, region, project_id, error) in &found.failed {
        lines.push(Line::styled(
            format!(
                "⚠ not looked at: {} in {region}, project {} — {}",
                words::product_short(*product),
                project_label(state, project_id),
                clean(&error.to_string())
            ),
            theme.error,
        ));
    }
    lines
}

//! The Revoke pop-up: what will be revoked, where, and that it cannot be undone. Focus starts
//! on Cancel.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::popup;
use super::scope::project_label;
use super::text::clean;
use crate::choice::Choice;
use crate::hit::{Hit, Hits};
use crate::state::{RevokeReason, State};
use crate::target::Target;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    (target, focus, reason): (&Target, Choice, &RevokeReason),
    state: &State,
    hits: &mut Hits,
) {
    let theme = &state.session.theme;
    let why = match reason {
        RevokeReason::Asked => None,
        RevokeReason::Replaced { replacement } => Some(format!(
            "Its replacement, {}, exists now. Anything still using the old key will be denied: \
             switch it to the new one first. Cancel keeps both.",
            clean(replacement)
        )),
        RevokeReason::SecretLost => Some(
            "The connection dropped while these were created: they exist, but their secret was \
             lost and can never be shown. Revoke them, then generate new ones."
                .to_owned(),
        ),
    };
    let extra = if why.is_some() { 4 } else { 0 };
    let box_area = popup::centered(area, 68, 12 + extra);
    hits.add(box_area, Hit::Popup);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(" Revoke credentials ", theme.danger),
        theme.danger,
    );
    let [text_area, buttons_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);

    // The project by name where the organisation's are known, as the lists and the batch
    // pop-up show it.
    let mut place = format!(
        "{} · {} · project {}",
        target.product,
        target.region,
        project_label(state, &target.project_id)
    );
    if let Some(account) = &target.account {
        place.push_str(&format!(" · account {}", clean(account)));
    }
    let warning = if theme.monochrome {
        "WARNING: this action is irreversible."
    } else {
        "⚠ This action is irreversible."
    };
    let mut lines = vec![
        Line::raw(""),
        Line::from(vec![
            Span::raw("You are about to revoke "),
            Span::styled(
                clean(&target.name).into_owned(),
                theme.accent.add_modifier(Modifier::BOLD),
            ),
        ]),
        Line::styled(place, theme.muted),
        Line::raw(""),
        Line::styled(warning, theme.danger),
        Line::raw(
            "The key will no longer be able to access your service: anything using these \
             credentials will be denied.",
        ),
    ];
    if let Some(why) = why {
        lines.insert(3, Line::raw(""));
        lines.insert(4, Line::styled(why, theme.accent));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().padding(Padding::horizontal(1))),
        text_area,
    );
    popup::question_buttons(
        frame,
        buttons_area,
        (focus, "Cancel", "Revoke credentials"),
        theme,
        hits,
    );
}

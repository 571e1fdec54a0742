//! "Quit while revoking?" (or while other changes are under way): what is still under way,
//! and that quitting leaves its outcome unknown. Focus starts on Wait.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::popup;
use super::text::clean;
use crate::change::{Change, ChangeKind};
use crate::hit::{Hit, Hits};
use crate::state::{QuitQuestion, State};
use crate::theme::Theme;

/// Names of what is under way, a few of them: "orders-producer, billing-admin and 3 more".
fn under_way(names: &[String]) -> String {
    const NAMED: usize = 3;
    match names {
        [] => String::new(),
        [one] => one.clone(),
        names if names.len() <= NAMED => format!(
            "{} and {}",
            names[..names.len() - 1].join(", "),
            names[names.len() - 1]
        ),
        names => format!(
            "{} and {} more",
            names[..NAMED].join(", "),
            names.len() - NAMED
        ),
    }
}

/// A change as the question names it: "the update of billing-reader".
fn described(change: &Change) -> String {
    let name = clean(&change.name);
    match change.kind {
        ChangeKind::Revoke => format!("the revoke of {name}"),
        ChangeKind::Update { .. } => format!("the update of {name}"),
        ChangeKind::Generate => format!("new credentials {name}"),
        ChangeKind::CreateAccount => format!("new NATS account {name}"),
    }
}

/// Whether the change's answer carries a secret, shown only then.
fn brings_a_secret(kind: &ChangeKind) -> bool {
    matches!(kind, ChangeKind::Generate)
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    question: &QuitQuestion,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let changes = state.requests.changes_under_way();
    let only_revokes = changes.iter().all(|c| c.kind == ChangeKind::Revoke);
    let secrets = changes.iter().any(|c| brings_a_secret(&c.kind));
    let box_area = popup::centered(area, 64, if secrets { 14 } else { 11 });
    hits.add(box_area, Hit::Popup);
    let title = match only_revokes {
        true => " Quit while revoking? ",
        false => " Quit while changes are under way? ",
    };
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(title, theme.danger),
        theme.danger,
    );
    let [text_area, buttons_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let lines = if changes.is_empty() {
        vec![
            Line::raw(""),
            Line::raw("Every change has its answer now: nothing is under way."),
        ]
    } else {
        let (count, names) = if only_revokes {
            let count = match changes.len() {
                1 => "1 revoke is".to_owned(),
                n => format!("{n} revokes are"),
            };
            let names = changes.iter().map(|c| clean(&c.name).into_owned());
            (count, names.collect::<Vec<_>>())
        } else {
            let count = match changes.len() {
                1 => "1 change is".to_owned(),
                n => format!("{n} changes are"),
            };
            (count, changes.iter().map(|c| described(c)).collect())
        };
        let mut lines = vec![
            Line::raw(""),
            Line::raw(format!("{count} still under way: {}.", under_way(&names))),
            Line::raw(""),
            Line::styled(
                "Quitting now, their answers are never seen: each may or may not be done. \
                 The journal keeps them as asked (mnq-tui journal).",
                theme.muted,
            ),
        ];
        if secrets {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "New credentials come with their secret, shown once: quitting now loses it \
                 (revoke them then).",
                theme.warning,
            ));
        }
        lines
    };
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(Block::new().padding(Padding::horizontal(1))),
        text_area,
    );
    popup::question_buttons(
        frame,
        buttons_area,
        (question.focus, "Wait", "Quit anyway"),
        theme,
        hits,
    );
}

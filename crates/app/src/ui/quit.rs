//! "Quit while revokes are under way?": what is still under way, and that quitting leaves its
//! outcome unknown. Focus starts on Wait.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Padding, Paragraph, Wrap};

use super::popup;
use super::text::clean;
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

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    question: &QuitQuestion,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let box_area = popup::centered(area, 64, 11);
    hits.add(box_area, Hit::Popup);
    let inner = popup::open(
        frame,
        box_area,
        Line::styled(" Quit while revoking? ", theme.danger),
        theme.danger,
    );
    let [text_area, buttons_area] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(1)]).areas(inner);
    let names: Vec<String> = state
        .requests
        .revokes()
        .iter()
        .map(|target| clean(&target.name).into_owned())
        .collect();
    let lines = if names.is_empty() {
        vec![
            Line::raw(""),
            Line::raw("Every revoke has its answer now: nothing is under way."),
        ]
    } else {
        let count = if names.len() == 1 {
            "1 revoke is".to_owned()
        } else {
            format!("{} revokes are", names.len())
        };
        vec![
            Line::raw(""),
            Line::raw(format!("{count} still under way: {}.", under_way(&names))),
            Line::raw(""),
            Line::styled(
                "Quitting now, their answers are never seen: each may or may not be done. \
                 The journal keeps them as asked (mnq-tui journal).",
                theme.muted,
            ),
        ]
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

//! `?`: every key of the screen under the help, from the keymap.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::popup;
use super::text::fit;
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::state::State;
use crate::theme::Theme;
use unicode_width::UnicodeWidthStr;

fn context_name(context: Context) -> &'static str {
    match context {
        Context::Products => "product menu",
        Context::Overview => "Overview tab",
        Context::Credentials => "credentials list",
        Context::NatsAccounts => "NATS accounts",
        Context::NatsAccount => "NATS account",
        Context::Filter => "filter",
        Context::Regions => "region menu",
        Context::Projects => "project switcher",
        Context::SeeMore => "see more menu",
        Context::FormName | Context::Form => "form",
        Context::Secret | Context::SavePath | Context::SaveOptions | Context::SecretQuestion => {
            "secret pop-up"
        }
        Context::Connection => "connection test",
        Context::Discard => "discard question",
        Context::Revoke => "Revoke pop-up",
        Context::BatchConfirm | Context::BatchRevoke => "batch revoke",
        Context::Quit => "quit question",
        Context::FindFile | Context::Found => "find a file's credentials",
        Context::Journal => "journal",
        Context::Help => "help",
        Context::Message => "message",
        Context::TooSmall => "too small",
    }
}

/// Draws the help inside `area`, the screen's body.
pub fn draw(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    hits.add(area, Hit::Popup);
    let context = state.screen_context();
    // Keys that do the same thing share a line ("⏎ . m").
    let mut entries: Vec<(String, &'static str)> = Vec::new();
    let keymap = &state.session.keymap;
    for binding in keymap.bindings(context, state.session.readonly) {
        match entries.iter_mut().find(|(_, help)| *help == binding.help) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&binding.keys_label());
            }
            None => entries.push((binding.keys_label(), binding.help)),
        }
    }
    let mut notes = Vec::new();
    if state.session.readonly {
        notes.push(Line::styled(
            "READ-ONLY: Update and Revoke are off (--readonly).",
            theme.muted,
        ));
    }
    if let Some(keys) = keymap.keys_for(Context::Help, Command::Back, " or ") {
        let mouse = if state.session.mouse {
            " Mouse: click, double-click for the menu, wheel; hold Shift to select text."
        } else {
            ""
        };
        notes.push(Line::styled(
            format!("{keys} closes this help.{mouse}"),
            theme.muted,
        ));
    }
    if let Some(file) = &state.session.config_file {
        notes.push(Line::styled(
            format!("Keys and colours: {file}"),
            theme.muted,
        ));
    }

    // One column when it fits, two otherwise; the box stays in `area` (the body), so the
    // header and footer stay in sight. Borders, margins and the line before the notes take 5.
    let room = |notes: &[Line]| area.height.saturating_sub(5 + notes.len() as u16).max(1);
    let columns = if entries.len() <= usize::from(room(&notes)) {
        1
    } else {
        2
    };
    let mut rows = entries.len().div_ceil(columns) as u16;
    if rows > room(&notes) {
        notes.push(Line::raw(""));
        rows = room(&notes);
        let hidden = entries.len() - usize::from(rows) * columns;
        let last = notes.len() - 1;
        notes[last] = Line::styled(
            format!("{hidden} more keys: enlarge the window to see them."),
            theme.muted,
        );
    }
    let width = if columns == 1 { 72 } else { area.width };
    let height = rows + notes.len() as u16 + 5;
    let box_area = popup::centered(area, width, height);
    let title = Line::styled(format!(" Help · {} ", context_name(context)), theme.accent);
    let inner = popup::open(frame, box_area, title, theme.focused_border);
    let inner = inner.inner(Margin::new(1, 1));
    let [keys_area, notes_area] =
        Layout::vertical([Constraint::Length(rows + 1), Constraint::Fill(1)]).areas(inner);
    let column_areas = Layout::horizontal(vec![Constraint::Fill(1); columns])
        .spacing(2)
        .split(keys_area);
    let keys_width = entries
        .iter()
        .map(|(keys, _)| keys.width())
        .max()
        .unwrap_or(0);
    for (column, chunk) in entries.chunks(usize::from(rows.max(1))).enumerate() {
        let Some(column_area) = column_areas.get(column) else {
            break;
        };
        let text_width = usize::from(column_area.width).saturating_sub(keys_width + 1);
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(keys, help)| {
                let padding = " ".repeat(keys_width + 1 - keys.width());
                Line::from(vec![
                    Span::styled(format!("{keys}{padding}"), theme.key),
                    Span::raw(fit(help, text_width).into_owned()),
                ])
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), *column_area);
    }
    frame.render_widget(Paragraph::new(notes), notes_area);
}

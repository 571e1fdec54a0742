//! `?`: every key of the screen under the help, from the keymap. Long lines wrap under their
//! text; a help longer than the screen scrolls.

use ratatui::Frame;
use ratatui::layout::{Margin, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::popup;
use super::text::wrap;
use crate::command::Command;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::state::State;
use crate::theme::Theme;

/// The widest the help's box gets.
const WIDTH: u16 = 76;

/// Borders and the margin inside them, on each side.
const FRAME: u16 = 2;

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

/// How much of the help shows in `body`: all its lines, and the rows of its box they scroll
/// through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Measure {
    pub lines: usize,
    pub rows: usize,
}

/// The help's box in `body`, and its lines wrapped to it.
fn laid_out(body: Rect, state: &State, theme: &Theme) -> (Rect, Vec<Line<'static>>) {
    let width = WIDTH.min(body.width);
    let lines = lines(state, usize::from(width.saturating_sub(2 * FRAME)), theme);
    let height = (lines.len() as u16).saturating_add(2 * FRAME);
    (popup::centered(body, width, height), lines)
}

pub fn measure(body: Rect, state: &State) -> Measure {
    let (area, lines) = laid_out(body, state, &state.session.theme);
    Measure {
        lines: lines.len(),
        rows: usize::from(area.height.saturating_sub(2 * FRAME)),
    }
}

/// Draws the help inside `body`, the screen's body (the header and footer stay in sight),
/// from line `scroll` on.
pub fn draw(
    frame: &mut Frame,
    body: Rect,
    (state, scroll): (&State, usize),
    theme: &Theme,
    hits: &mut Hits,
) {
    hits.add(body, Hit::Popup);
    let (area, lines) = laid_out(body, state, theme);
    let rows = usize::from(area.height.saturating_sub(2 * FRAME));
    let scroll = scroll.min(lines.len().saturating_sub(rows));
    let title = Line::styled(
        format!(" Help · {} ", context_name(state.screen_context())),
        theme.accent,
    );
    let mut block = Block::bordered()
        .border_style(theme.focused_border)
        .title(title);
    if lines.len() > rows {
        let last = (scroll + rows).min(lines.len());
        let more = if last < lines.len() {
            " · ↓ more"
        } else {
            ""
        };
        block = block.title_bottom(
            Line::styled(
                format!(" lines {}–{last} of {}{more} ", scroll + 1, lines.len()),
                theme.muted,
            )
            .right_aligned(),
        );
    }
    frame.render_widget(Clear, area);
    let inner = block.inner(area).inner(Margin::new(1, 1));
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(rows).collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

/// The help's lines at `width`: each key with what it does (keys that do the same thing
/// share a line, "⏎ . m"), its text wrapped under itself; then the notes.
fn lines(state: &State, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let context = state.screen_context();
    let keymap = &state.session.keymap;
    let mut entries: Vec<(String, &'static str)> = Vec::new();
    for binding in keymap.bindings(context, state.session.readonly) {
        match entries.iter_mut().find(|(_, help)| *help == binding.help) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&binding.keys_label());
            }
            None => entries.push((binding.keys_label(), binding.help)),
        }
    }
    let keys_width = entries
        .iter()
        .map(|(keys, _)| keys.width())
        .max()
        .unwrap_or(0);
    let text_width = width.saturating_sub(keys_width + 1).max(8);
    let mut lines = Vec::new();
    for (keys, help) in entries {
        for (index, text) in wrap(help, text_width).into_iter().enumerate() {
            let keys = if index == 0 { keys.as_str() } else { "" };
            let padding = " ".repeat(keys_width + 1 - keys.width());
            lines.push(Line::from(vec![
                Span::styled(format!("{keys}{padding}"), theme.key),
                Span::raw(text),
            ]));
        }
    }
    lines.push(Line::raw(""));
    for note in notes(state) {
        lines.extend(
            wrap(&note, width)
                .into_iter()
                .map(|line| Line::styled(line, theme.muted)),
        );
    }
    lines
}

/// What the help says under the keys: read-only, how it closes (and the mouse), where the
/// keys are changed.
fn notes(state: &State) -> Vec<String> {
    let mut notes = Vec::new();
    if state.session.readonly {
        notes.push(format!(
            "READ-ONLY (--readonly): {} are off.",
            super::words::READ_ONLY_OFF
        ));
    }
    if let Some(keys) = state
        .session
        .keymap
        .keys_for(Context::Help, Command::Back, " or ")
    {
        let mouse = if state.session.mouse {
            " Mouse: click, double-click for the menu, wheel; hold Shift to select text."
        } else {
            ""
        };
        notes.push(format!("{keys} closes this help.{mouse}"));
    }
    if let Some(file) = &state.session.config_file {
        notes.push(format!("Keys and colours: {file}"));
    }
    notes
}

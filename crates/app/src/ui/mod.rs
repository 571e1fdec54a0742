//! The view: `render(&State, &mut Frame)` draws the state and nothing else; the same state
//! always gives the same screen. One file per screen and per pop-up.

mod batch;
mod connection;
mod find;
mod form;
mod frame;
mod help;
mod journal;
mod list;
mod message;
mod nats;
mod popup;
mod products;
mod projects;
mod quit;
mod regions;
mod revoke;
mod scope;
mod secret;
mod see_more;
mod service;
pub mod text;
pub mod words;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout as Split, Rect, Size};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Wrap};

use crate::command::Command;
use crate::event::Layout;
use crate::hit::{Hit, Hits};
use crate::keymap::Context;
use crate::screen::Screen;
use crate::secret::SecretQuestion;
use crate::state::{Popup, State};
use crate::theme::Theme;

/// The smallest terminal the console draws in; below it, a notice says so.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

/// The header, the screen's body and the footer.
struct Areas {
    header: Rect,
    body: Rect,
    footer: Rect,
}

fn areas(area: Rect) -> Areas {
    let [header, body, footer] = Split::vertical([
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    Areas {
        header,
        body,
        footer,
    }
}

/// What the state needs to know of the view for paging: whether the terminal is too small and
/// how many list rows the current screen shows.
pub fn layout(size: Size, state: &State) -> Layout {
    let area = Rect::new(0, 0, size.width, size.height);
    let too_small = size.width < MIN_WIDTH || size.height < MIN_HEIGHT;
    let body = areas(area).body;
    let list_rows = match &state.screen {
        Screen::Products { .. } => 0,
        Screen::Service(page) => list::rows_in(
            service::list_area(body),
            list::lines_above(&page.credentials),
        ),
        Screen::NatsAccounts(accounts) => list::rows_in(body, list::lines_above(accounts)),
        Screen::NatsAccount(page) => list::rows_in(
            nats::credentials_area(body),
            list::lines_above(&page.credentials),
        ),
    };
    let help = match &state.popup {
        Some(Popup::Help { .. }) => help::measure(body, state),
        _ => help::Measure { lines: 0, rows: 0 },
    };
    Layout {
        too_small,
        list_rows: list_rows.max(1),
        popup_rows: batch::rows_in(area).max(1),
        help_lines: help.lines,
        help_rows: help.rows,
    }
}

/// Draws the whole console.
pub fn render(state: &State, frame: &mut Frame) {
    render_with_hits(state, frame);
}

/// Draws the whole console, and says where each clickable thing was drawn.
pub fn render_with_hits(state: &State, frame: &mut Frame) -> Hits {
    let mut hits = Hits::default();
    let theme = state.session.theme;
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        too_small(frame, area, state, &theme);
        keep_text_readable(frame, &theme);
        return hits;
    }
    let areas = areas(area);
    let hits = &mut hits;
    frame::header(frame, areas.header, state, &theme, hits);
    frame::footer(frame, areas.footer, state, &theme);
    let selected_row = match &state.screen {
        Screen::Products { selected } => {
            products::draw(frame, areas.body, *selected, state, &theme, hits);
            None
        }
        Screen::Service(page) => service::draw(frame, areas.body, page, state, &theme, hits),
        Screen::NatsAccounts(accounts) => {
            nats::draw_accounts(frame, areas.body, accounts, state, &theme, hits)
        }
        Screen::NatsAccount(page) => {
            nats::draw_account(frame, areas.body, page, state, &theme, hits)
        }
    };
    if let Some(popup) = &state.popup {
        draw_popup(frame, popup, (area, areas.body, selected_row), state, hits);
    }
    keep_text_readable(frame, &theme);
    std::mem::take(hits)
}

/// Draws a pop-up over the screen (`area` the whole terminal, `body` the screen's body, and
/// where its selected row is).
fn draw_popup(
    frame: &mut Frame,
    popup: &Popup,
    (area, body, selected_row): (Rect, Rect, Option<Rect>),
    state: &State,
    hits: &mut Hits,
) {
    let theme = state.session.theme;
    {
        match popup {
            Popup::Regions { selected } => {
                let opener = frame::selector_places(area, state).region;
                regions::draw(frame, area, opener, *selected, state, &theme, hits);
            }
            Popup::Projects { selected } => {
                let opener = frame::selector_places(area, state).project;
                projects::draw(frame, area, opener, *selected, state, &theme, hits);
            }
            Popup::SeeMore {
                items, selected, ..
            } => see_more::draw(frame, body, (selected_row, items, *selected), &theme, hits),
            Popup::Form(form) => {
                // Where new credentials go is not obvious while every project is listed.
                let project = state
                    .all_projects
                    .then(|| scope::project_label(state, form.purpose.project_id()));
                form::draw(frame, area, form, project, &theme, hits);
                if let Some(focus) = form.discard {
                    form::draw_discard(frame, area, focus, &theme, hits);
                }
            }
            Popup::Secret(secret) => {
                let keymap = &state.session.keymap;
                // In the body: however much it has to say, the header and footer stay.
                secret::draw(frame, body, (secret, keymap), &theme, hits);
            }
            Popup::Connection(test) => connection::draw(frame, area, test, &theme, hits),
            Popup::Revoke {
                target,
                focus,
                reason,
            } => revoke::draw(frame, area, (target, *focus, reason), state, hits),
            Popup::BatchRevoke(batch) => batch::draw(frame, area, batch, state, &theme, hits),
            Popup::Quit(question) => {
                if let Some(over) = &question.over {
                    draw_popup(frame, over, (area, body, selected_row), state, hits);
                }
                quit::draw(frame, area, question, state, &theme, hits);
            }
            Popup::Find(find) => find::draw(frame, area, find, state, &theme, hits),
            Popup::Journal(view) => journal::draw(frame, area, view, state, &theme, hits),
            Popup::Help { scroll } => help::draw(frame, body, (state, *scroll), &theme, hits),
            Popup::Failure(failure) => message::draw(
                frame,
                area,
                state,
                &words::failure_title(failure),
                &words::failure_text(failure),
                &theme,
            ),
            Popup::ConfigWarnings(warnings) => message::draw(
                frame,
                area,
                state,
                "Configuration warning",
                &warnings.join(" — "),
                &theme,
            ),
        }
        if matches!(popup, Popup::Failure(_) | Popup::ConfigWarnings(_)) {
            hits.add(area, Hit::Popup);
        }
    }
}

/// Where a role's colour met the same colour as background — the accent over the header, a
/// mark over the selected row, with the built-in themes or with a user's roles — the text
/// takes the colour of the role whose background it is, so no text is ever drawn in its own
/// background's colour.
fn keep_text_readable(frame: &mut Frame, theme: &Theme) {
    for cell in &mut frame.buffer_mut().content {
        if cell.fg == cell.bg && cell.bg != Color::Reset {
            cell.fg = theme.text_over(cell.bg).unwrap_or(Color::Reset);
        }
    }
}

fn too_small(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    frame.render_widget(Clear, area);
    let mut text = vec![
        Line::styled("Terminal too small", theme.accent),
        Line::raw(format!(
            "mnq-tui needs {MIN_WIDTH}×{MIN_HEIGHT}; this is {}×{}.",
            area.width, area.height
        )),
    ];
    let secret = match &state.popup {
        Some(Popup::Secret(secret)) => Some(secret.question),
        _ => None,
    };
    let quit = press(state, Context::TooSmall, Command::Quit, "quit");
    text.push(match (secret, quit) {
        (Some(Some(SecretQuestion::Quit(_))), _) => Line::styled(
            secret::quit_question(
                &state.session.keymap,
                Context::TooSmall,
                &[Command::Quit, Command::ForceQuit],
            ),
            theme.danger,
        ),
        (Some(_), _) => Line::styled(
            "A new secret is open and is never shown again: enlarge the window to copy or \
             save it.",
            theme.danger,
        ),
        (None, Some(press)) => Line::raw(format!("Enlarge the window, or {press}.")),
        (None, None) => Line::raw("Enlarge the window."),
    });
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// "press F5 or Ctrl-R to try again": the keys the keymap has for `command` in `context`, for
/// the sentences that tell what to do; `None` when no key does it.
fn press(state: &State, context: Context, command: Command, purpose: &str) -> Option<String> {
    state
        .session
        .keymap
        .keys_for(context, command, " or ")
        .map(|keys| format!("press {keys} to {purpose}"))
}

//! The header (who, where, what, busy) and the footer (the keys of the moment, from the
//! keymap).

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::scope::project_label;
use super::text::{clean, fit, thousands};
use super::words;
use crate::hit::{Hit, Hits};
use crate::keymap::Hint;
use crate::screen::{Screen, ServiceTab};
use crate::state::{Notice, State};
use crate::theme::Theme;
use mnq_api::model::Product;

/// The demo without nats-server: a connection test reaches no server.
const LIVE_CHECKS_OFF: &str = "live NATS checks off (no nats-server) ";

/// The most columns the project's name takes in the header.
const PROJECT_WIDTH: usize = 24;

const SPINNER: [&str; 10] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// Where the header draws its two dropdown openers: the project's, then the region's.
pub struct Selectors {
    pub project: Rect,
    pub region: Rect,
}

/// The header's project and region labels, and where they go: the dropdowns open under them.
fn selectors(area: Rect, state: &State) -> (String, String, Selectors) {
    let profile = format!(" mnq-tui  {} · ", clean(&state.session.profile));
    let project = match state.all_projects {
        true => "All projects ▾".to_owned(),
        // A long name would push the region off the header.
        false => format!(
            "project {} ▾",
            fit(&project_label(state, &state.project_id), PROJECT_WIDTH)
        ),
    };
    let region = match state.all_regions {
        true => "All regions ▾".to_owned(),
        false => format!("{} ▾", state.region),
    };
    let project_at = area.x + profile.width() as u16;
    let region_at = project_at + project.width() as u16 + " · ".width() as u16;
    let places = Selectors {
        project: Rect::new(project_at, area.y, project.width() as u16, 1).intersection(area),
        region: Rect::new(region_at, area.y, region.width() as u16, 1).intersection(area),
    };
    (project, region, places)
}

/// Where the header of `screen` (the whole terminal) draws its dropdown openers.
pub fn selector_places(screen: Rect, state: &State) -> Selectors {
    selectors(Rect::new(screen.x, screen.y, screen.width, 1), state).2
}

pub fn header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme, hits: &mut Hits) {
    let (project, region, places) = selectors(area, state);
    hits.add(places.project, Hit::ProjectSelector);
    hits.add(places.region, Hit::RegionSelector);
    let mut left = vec![
        Span::styled(" mnq-tui ", theme.accent),
        Span::raw(format!(
            " {} · {project} · {region} ",
            clean(&state.session.profile),
        )),
    ];
    let place = match &state.screen {
        Screen::Products { .. } => "Messaging and Queuing".to_owned(),
        Screen::Service(page) => format!("{}", page.service.product()),
        Screen::NatsAccounts(_) => "NATS".to_owned(),
        Screen::NatsAccount(page) => format!("NATS › {}", clean(&page.account.name)),
    };
    left.push(Span::styled(format!("· {place}"), theme.accent));

    let mut right = Vec::new();
    if state.is_busy() {
        let spinner = SPINNER[state.spinner % SPINNER.len()];
        right.push(Span::raw(format!("{spinner} working ")));
    }
    if state.session.readonly {
        right.push(Span::styled(" READ-ONLY ", theme.danger));
        right.push(Span::raw(" "));
    }
    if state.session.live_nats == Some(false) && state.screen.product() == Some(Product::Nats) {
        right.push(Span::raw(LIVE_CHECKS_OFF));
    }
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.header), area);
    frame.render_widget(
        Paragraph::new(Line::from(right))
            .alignment(Alignment::Right)
            .style(theme.header),
        right_part(area, &state_width(state)),
    );
}

/// Room for the right side of the header, so that it never covers the left side's start.
fn right_part(area: Rect, text: &str) -> Rect {
    let width = (text.width() as u16).min(area.width / 2);
    Rect::new(area.right() - width, area.y, width, 1)
}

fn state_width(state: &State) -> String {
    let mut text = String::new();
    if state.is_busy() {
        text.push_str("⠋ working ");
    }
    if state.session.readonly {
        text.push_str(" READ-ONLY  ");
    }
    if state.session.live_nats == Some(false) && state.screen.product() == Some(Product::Nats) {
        text.push_str(LIVE_CHECKS_OFF);
    }
    text
}

pub fn footer(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    if let Some(toast) = &state.toast {
        // What went as asked, or what the person should know went otherwise.
        let (sign, style) = match toast {
            Notice::MarksGone { .. } | Notice::JournalUnwritable(_) | Notice::ReadOnly => {
                (" ⚠ ", theme.warning)
            }
            Notice::Revoked(_)
            | Notice::AlreadyRevoked(_)
            | Notice::Updated(_)
            | Notice::AccountCreated { .. }
            | Notice::Copied(..) => (" ✓ ", theme.ok),
        };
        let line = Line::from(vec![
            Span::styled(sign, style),
            Span::styled(clean(&words::notice(toast)).into_owned(), style),
        ]);
        frame.render_widget(Paragraph::new(line), area);
        return;
    }
    let mut hints = footer_hints(state);
    // What `d` acts on while rows are marked comes first.
    let marked = match marked(state) {
        0 => String::new(),
        count => format!("● {} marked · ", thousands(count as u64)),
    };
    // When they do not all fit, the last ones (help and quit) stay: drop from the middle.
    let width = |hints: &[Hint]| -> usize {
        1 + marked.width()
            + hints
                .iter()
                .map(|hint| hint.keys.width() + hint.words.width() + 3)
                .sum::<usize>()
    };
    while width(&hints) > usize::from(area.width) && hints.len() > 2 {
        hints.remove(hints.len() - 3);
    }
    let mut spans = vec![Span::raw(" "), Span::styled(marked, theme.accent)];
    for hint in hints {
        spans.push(Span::styled(hint.keys, theme.key));
        spans.push(Span::styled(format!(" {}  ", hint.words), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The footer's hints for the state: its context, read-only or not, and whether credentials
/// are selected.
fn footer_hints(state: &State) -> Vec<Hint> {
    state.session.keymap.footer_hints(
        state.context(),
        state.session.readonly,
        credentials_selected(state),
    )
}

/// Whether the screen has credentials selected that an action could act on.
fn credentials_selected(state: &State) -> bool {
    match &state.screen {
        Screen::Service(page) => {
            page.tab == ServiceTab::Credentials && page.credentials.selected_row().is_some()
        }
        Screen::NatsAccount(page) => page.credentials.selected_row().is_some(),
        Screen::Products { .. } | Screen::NatsAccounts(_) => false,
    }
}

/// How many rows the credentials list on screen has marked.
fn marked(state: &State) -> usize {
    match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            page.credentials.marked_count()
        }
        Screen::NatsAccount(page) => page.credentials.marked_count(),
        Screen::Products { .. } | Screen::Service(_) | Screen::NatsAccounts(_) => 0,
    }
}

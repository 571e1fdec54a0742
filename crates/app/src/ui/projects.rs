//! The project switcher: the organisation's projects, then *All projects*; or, when they cannot
//! be listed, the configured project and why.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::popup;
use super::scope::project_label;
use super::text::{abbreviate, clean};
use crate::hit::{Hit, Hits};
use crate::state::{ProjectChoice, Projects, State};
use crate::theme::Theme;

const WIDTH: u16 = 52;

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    opener: Rect,
    selected: usize,
    state: &State,
    theme: &Theme,
    hits: &mut Hits,
) {
    let choices = state.project_choices();
    let note = note(state);
    let inner_width = WIDTH.min(area.width).saturating_sub(2);
    let note_lines = note.as_ref().map_or(0, |note| {
        // One blank line, then the note wrapped to the box, between words.
        let wrapped = Paragraph::new(note.as_str()).wrap(Wrap { trim: false });
        1 + wrapped.line_count(inner_width.max(1)) as u16
    });
    // An organisation with more projects than the screen has lines shows a window of them
    // that follows the selection.
    let room = usize::from(area.height.saturating_sub(3 + note_lines)).max(1);
    let shown = choices.len().min(room);
    let first = (selected + 1).saturating_sub(shown);
    let height = shown as u16 + 2 + note_lines;
    let box_area = popup::under(opener, area, WIDTH, height);
    hits.add(box_area, Hit::Popup);
    let mut title = vec![Span::styled(" Project ", theme.accent)];
    if shown < choices.len() {
        title.push(Span::styled(
            format!("· {} of {} ", selected + 1, choices.len()),
            theme.muted,
        ));
    }
    let inner = popup::open(frame, box_area, Line::from(title), theme.focused_border);
    let current = state.current_project_choice();
    let mut lines: Vec<Line> = choices
        .iter()
        .enumerate()
        .skip(first)
        .take(shown)
        .map(|(index, choice)| {
            let (label, id) = match choice {
                // The start of the id beside the name; alone when there is no name.
                ProjectChoice::One(project_id) => match state.project_name(project_id) {
                    Some(_) => (
                        project_label(state, project_id),
                        abbreviate(project_id.as_str(), 8, 0)
                            .trim_end_matches('…')
                            .to_owned(),
                    ),
                    None => (project_label(state, project_id), String::new()),
                },
                ProjectChoice::All => ("All projects".to_owned(), String::new()),
            };
            let mark = if *choice == current {
                "✓ current"
            } else {
                ""
            };
            let spans = vec![
                Span::raw(format!("{label:<24.24} ")),
                Span::styled(format!("{id:<9} "), theme.muted),
                Span::styled(mark, theme.muted),
            ];
            popup::choice_line(spans, index == selected, theme)
        })
        .collect();
    popup::choice_hits(inner, shown, |line| Hit::Project(first + line), hits);
    if let Some(note) = note {
        lines.push(Line::raw(""));
        lines.push(Line::styled(note, theme.muted));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What the switcher says under the projects when it cannot offer them all.
fn note(state: &State) -> Option<String> {
    match &state.projects {
        Projects::Listed(_) => None,
        Projects::NotAsked | Projects::Loading(_) => {
            Some("Loading the organisation's projects…".to_owned())
        }
        Projects::NoOrganisation => Some(
            "No organisation is configured (default_organization_id in the scw config, or \
             SCW_DEFAULT_ORGANIZATION_ID): only the configured project is shown."
                .to_owned(),
        ),
        Projects::Unavailable(error) if error.is_permissions_denied() => Some(
            "This API key may not list the organisation's projects (403 permissions_denied): \
             it is probably scoped to some projects. Showing the configured project."
                .to_owned(),
        ),
        Projects::Unavailable(error) => Some(format!(
            "Could not list the organisation's projects: {}. Showing the configured project.",
            clean(&error.to_string())
        )),
    }
}

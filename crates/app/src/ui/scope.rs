//! How the view names where the lists look: one region or all, one project or all, and the
//! region and project of each row of a merged list.

use ratatui::text::Span;
use ratatui::widgets::Cell;

use super::list::Column;
use super::text::{abbreviate, clean, fit};
use crate::list::Scope;
use crate::state::State;
use crate::theme::Theme;
use mnq_api::model::{ProjectId, Region};

/// A project as the person knows it: its name, else the start of its id.
pub fn project_label(state: &State, project_id: &ProjectId) -> String {
    match state.project_name(project_id) {
        Some(name) => clean(name).into_owned(),
        None => abbreviate(project_id.as_str(), 8, 0)
            .trim_end_matches('…')
            .to_owned(),
    }
}

/// What a list's title says after its name: "fr-par", "all regions · all projects".
pub fn shown(state: &State) -> String {
    let region = match state.all_regions {
        true => "all regions".to_owned(),
        false => state.region.to_string(),
    };
    match state.all_projects {
        true => format!("{region} · all projects"),
        false => region,
    }
}

/// Where an empty list looked: "in fr-par for this project", "in any region or project".
pub fn looked_in(state: &State) -> String {
    match (state.all_regions, state.all_projects) {
        (false, false) => format!("in {} for this project", state.region),
        (true, false) => "in any region for this project".to_owned(),
        (false, true) => format!("in {} in any project", state.region),
        (true, true) => "in any region or project".to_owned(),
    }
}

/// What a list's filter matches: `matched` ("name or access key"), and the Region and
/// Project columns a merged list shows ("name, access key, region or project").
pub fn filter_matches(state: &State, matched: &[&str]) -> String {
    let mut all: Vec<&str> = matched.to_vec();
    if state.all_regions {
        all.push("region");
    }
    if state.all_projects {
        all.push("project");
    }
    match all.split_last() {
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
        None => String::new(),
    }
}

/// A listing of a merged list, as its failure line names it: "nl-ams · project billing".
pub fn scope_name(state: &State, scope: &Scope) -> String {
    match state.all_projects {
        true => format!(
            "{} · project {}",
            scope.region,
            project_label(state, &scope.project_id)
        ),
        false => scope.region.to_string(),
    }
}

/// The columns a merged list adds after the name: Region, Project.
pub fn columns(state: &State) -> Vec<Column> {
    let mut columns = Vec::new();
    if state.all_regions {
        columns.push(Column::fixed("Region", 6));
    }
    if state.all_projects {
        columns.push(Column::droppable("Project", 14, 3));
    }
    columns
}

/// A row's cells for [`columns`].
pub fn cells(
    state: &State,
    theme: &Theme,
    region: Region,
    project_id: &ProjectId,
    widths: &[usize],
) -> Vec<Cell<'static>> {
    let mut cells = Vec::new();
    let mut widths = widths.iter();
    if state.all_regions {
        widths.next();
        cells.push(Cell::from(Span::styled(region.to_string(), theme.muted)));
    }
    if state.all_projects {
        let width = widths.next().copied().unwrap_or(14);
        let label = project_label(state, project_id);
        cells.push(Cell::from(Span::styled(
            fit(&label, width).into_owned(),
            theme.muted,
        )));
    }
    cells
}

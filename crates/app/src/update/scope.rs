//! Where the lists look: the region dropdown (with All regions), the project switcher (with
//! All projects) and the organisation's projects it lists. A change of either loads the
//! lists anew (see `lists`).

use super::{Handled, Input, MenuKey, menu_key, navigation};
use crate::call::{ApiCall, RequestId};
use crate::event::Effect;
use crate::requests::Pending;
use crate::screen::Screen;
use crate::state::{Popup, ProjectChoice, Projects, State};
use mnq_api::ApiError;
use mnq_api::account::Project;
use mnq_api::model::{Product, Region};

/// What the console does as it starts: it asks for the organisation's projects, whose names
/// the header and the project switcher show.
pub fn start(state: &mut State) -> Vec<Effect> {
    list_projects(state)
}

/// Asks for the organisation's projects, unless they are known, on their way or refused.
pub(super) fn list_projects(state: &mut State) -> Vec<Effect> {
    let Some(organization_id) = state.session.organization_id.clone() else {
        return Vec::new();
    };
    // Asked once; again after a failure that was not a refusal (the network, the API).
    let ask = match &state.projects {
        Projects::NotAsked => true,
        Projects::Unavailable(error) => !error.is_permissions_denied(),
        Projects::NoOrganisation | Projects::Loading(_) | Projects::Listed(_) => false,
    };
    if !ask {
        return Vec::new();
    }
    let id = state.requests.send(Pending::Projects);
    state.projects = Projects::Loading(id);
    vec![Effect::Api(id, ApiCall::ListProjects { organization_id })]
}

/// The region dropdown, on the region shown (or *All regions*).
pub(super) fn regions_menu(state: &State) -> Popup {
    let selected = match state.all_regions {
        true => Region::ALL.len(),
        false => Region::ALL
            .iter()
            .position(|r| *r == state.region)
            .unwrap_or(0),
    };
    Popup::Regions { selected }
}

/// The project switcher, on the project shown (or *All projects*); it asks for the
/// organisation's projects if they are not known yet.
pub(super) fn open_projects(state: &mut State) -> Vec<Effect> {
    let current = state.current_project_choice();
    let selected = state
        .project_choices()
        .iter()
        .position(|choice| *choice == current)
        .unwrap_or(0);
    state.popup = Some(Popup::Projects { selected });
    list_projects(state)
}

/// Switches region or project (`change`): every list shown belongs to the old ones, so it is
/// loaded anew.
fn change_scope(state: &mut State, change: impl FnOnce(&mut State)) -> Vec<Effect> {
    let before = (
        state.region,
        state.all_regions,
        state.project_id.clone(),
        state.all_projects,
    );
    change(state);
    let after = (
        state.region,
        state.all_regions,
        state.project_id.clone(),
        state.all_projects,
    );
    if before == after {
        return Vec::new();
    }
    match &state.screen {
        Screen::Products { .. } => Vec::new(),
        Screen::Service(page) => {
            let (service, tab) = (page.service, page.tab);
            let effects = navigation::open_product(state, service.product());
            if let Screen::Service(page) = &mut state.screen {
                page.tab = tab;
            }
            effects
        }
        // An account lives in one region: go back to the accounts of the new one.
        Screen::NatsAccounts(_) | Screen::NatsAccount(_) => {
            navigation::open_product(state, Product::Nats)
        }
    }
}

/// The region dropdown: each region, then *All regions* (index `Region::ALL.len()`).
pub(super) fn on_regions(state: &mut State, selected: usize, input: Input) -> Handled {
    let last = Region::ALL.len();
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::First => 0,
        MenuKey::Last => last,
        MenuKey::Choose => {
            let (region, all) = match Region::ALL.get(selected) {
                Some(region) => (*region, false),
                None => (state.region, true),
            };
            let effects = change_scope(state, |state| {
                state.region = region;
                state.all_regions = all;
            });
            return (None, effects);
        }
        MenuKey::Close => return (None, Vec::new()),
        MenuKey::Other => selected,
    };
    (Some(Popup::Regions { selected }), Vec::new())
}

/// The project switcher: the organisation's projects, then *All projects*.
pub(super) fn on_projects(state: &mut State, selected: usize, input: Input) -> Handled {
    let choices = state.project_choices();
    let last = choices.len() - 1;
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::First => 0,
        MenuKey::Last => last,
        MenuKey::Choose => {
            let choice = choices[selected.min(last)].clone();
            let effects = change_scope(state, |state| match choice {
                ProjectChoice::One(project_id) => {
                    state.project_id = project_id;
                    state.all_projects = false;
                }
                ProjectChoice::All => state.all_projects = true,
            });
            return (None, effects);
        }
        MenuKey::Close => return (None, Vec::new()),
        MenuKey::Other => selected,
    };
    (Some(Popup::Projects { selected }), Vec::new())
}

/// The organisation's projects. When they cannot be listed, the configured project is all
/// the console shows, and the switcher says why.
pub(super) fn on_projects_listed(
    state: &mut State,
    id: RequestId,
    result: Result<Vec<Project>, ApiError>,
) {
    if state.projects != Projects::Loading(id) {
        return;
    }
    if let Ok(projects) = &result {
        let names = projects
            .iter()
            .map(|project| (project.id.clone(), project.name.clone()))
            .collect();
        state.project_names = std::sync::Arc::new(names);
    }
    state.projects = match result {
        Ok(projects) => Projects::Listed(projects),
        Err(error) => Projects::Unavailable(error),
    };
    // The switcher may be open on the list that just changed.
    let last = state.project_choices().len() - 1;
    if let Some(Popup::Projects { selected }) = &mut state.popup {
        *selected = (*selected).min(last);
    }
}

//! Where the lists look: the region dropdown (with All regions), the project switcher (with
//! All projects) and the organisation's projects it lists, and the lists made of one listing
//! per region and project, whose first pages show as they arrive.

use super::*;

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

/// Every region and project the lists show.
fn scopes(state: &State) -> Vec<Scope> {
    let project_ids = state.project_ids();
    state
        .regions()
        .into_iter()
        .flat_map(|region| {
            project_ids.iter().map(move |project_id| Scope {
                region,
                project_id: project_id.clone(),
            })
        })
        .collect()
}

/// A list of what `call` lists in every scope shown, its listings sent: one list, or one
/// merged from a listing per region and project.
pub(super) fn list_everywhere<T: Row>(
    state: &mut State,
    effects: &mut Vec<Effect>,
    call: impl Fn(Scope) -> ApiCall,
) -> ListView<T> {
    let sent: Vec<(Scope, RequestId)> = scopes(state)
        .into_iter()
        .map(|scope| {
            let id = state.requests.send(Pending::List);
            effects.push(Effect::Api(id, call(scope.clone())));
            (scope, id)
        })
        .collect();
    match sent.as_slice() {
        [(_, id)] => ListView::loading(*id),
        _ => ListView::loading_scopes(sent),
    }
}

/// Sends every listing of a list again, keeping its rows until their answers.
pub(super) fn reload_list<T: Row>(
    requests: &mut Requests,
    list: &mut ListView<T>,
    alone: &Scope,
    effects: &mut Vec<Effect>,
    call: impl Fn(Scope) -> ApiCall,
) {
    let ids: Vec<RequestId> = list
        .parts
        .iter()
        .map(|part| {
            let id = requests.send(Pending::List);
            let scope = part.scope.clone().unwrap_or_else(|| alone.clone());
            effects.push(Effect::Api(id, call(scope)));
            id
        })
        .collect();
    list.reload(ids);
}

pub(super) fn list_nats_accounts(scope: Scope) -> ApiCall {
    ApiCall::ListNatsAccounts {
        region: scope.region,
        project_id: scope.project_id,
    }
}

pub(super) fn list_credentials(service: Service) -> impl Fn(Scope) -> ApiCall {
    move |scope| ApiCall::ListCredentials {
        service,
        region: scope.region,
        project_id: scope.project_id,
    }
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
            let effects = open_product(state, service.product());
            if let Screen::Service(page) = &mut state.screen {
                page.tab = tab;
            }
            effects
        }
        // An account lives in one region: go back to the accounts of the new one.
        Screen::NatsAccounts(_) | Screen::NatsAccount(_) => open_product(state, Product::Nats),
    }
}

/// The region dropdown: each region, then *All regions* (index `Region::ALL.len()`).
pub(super) fn on_regions(state: &mut State, selected: usize, input: Input) -> Vec<Effect> {
    let last = Region::ALL.len();
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::Choose => {
            let (region, all) = match Region::ALL.get(selected) {
                Some(region) => (*region, false),
                None => (state.region, true),
            };
            return change_scope(state, |state| {
                state.region = region;
                state.all_regions = all;
            });
        }
        MenuKey::Close => return Vec::new(),
        MenuKey::Other => selected,
    };
    state.popup = Some(Popup::Regions { selected });
    Vec::new()
}

/// The project switcher: the organisation's projects, then *All projects*.
pub(super) fn on_projects(state: &mut State, selected: usize, input: Input) -> Vec<Effect> {
    let choices = state.project_choices();
    let last = choices.len() - 1;
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::Choose => {
            let choice = choices[selected.min(last)].clone();
            return change_scope(state, |state| match choice {
                ProjectChoice::One(project_id) => {
                    state.project_id = project_id;
                    state.all_projects = false;
                }
                ProjectChoice::All => state.all_projects = true,
            });
        }
        MenuKey::Close => return Vec::new(),
        MenuKey::Other => selected,
    };
    state.popup = Some(Popup::Projects { selected });
    Vec::new()
}

/// Takes a list answer into a list if it waits for it; returns the error to show if there was
/// one. In a merged list a listing's failure shows in place of its rows, not as a pop-up.
pub(super) fn accept<T: Row>(
    list: &mut ListView<T>,
    id: RequestId,
    result: Result<Vec<T>, ApiError>,
    page: usize,
) -> Option<ApiError> {
    if !list.waits_for(id) {
        return None;
    }
    let failed = list.answered(id, result, page).err();
    failed.filter(|_| !list.is_merged())
}

/// The first pages of a list on screen.
pub(super) fn on_page(state: &mut State, id: RequestId, rows: Page, total: u64) {
    let page = state.layout.list_rows;
    match (&mut state.screen, rows) {
        (Screen::NatsAccounts(list), Page::NatsAccounts(rows)) => {
            list.page_arrived(id, rows, total, page);
        }
        (Screen::NatsAccount(account), Page::NatsCredentials(rows)) => {
            account.credentials.page_arrived(id, rows, total, page);
        }
        (Screen::Service(service), Page::Credentials(rows)) => {
            service.credentials.page_arrived(id, rows, total, page);
        }
        _ => return,
    }
    show_propagating(state);
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

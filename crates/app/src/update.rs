//! `update`: the pure reducer. It applies an [`Action`] to the [`State`] and returns the
//! [`Effect`]s to carry out; it does no I/O and never waits.

use super::action::{Action, ApiAnswer, ApiCall, CredentialsRef, Effect};
use super::form::{Field, FormStatus, UpdateForm};
use tui_input::InputRequest;

use super::list::{Filter, ListView, Load, RequestId, Row, Selectable};
use super::state::*;
use mnq_api::ApiError;
use mnq_api::model::*;

/// Applies one action. A list or info the screen waited for and no longer does (another view
/// or a reload replaced it) is forgotten and cancelled, so a long listing nobody will see
/// stops; revokes and updates are never among them.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let awaited_before = awaited(&state.screen);
    let mut effects = apply(state, action);
    if !awaited_before.is_empty() {
        let awaited_now = awaited(&state.screen);
        let cancels = awaited_before
            .into_iter()
            .filter(|id| !awaited_now.contains(id) && state.requests.answered(*id).is_some())
            .map(Effect::Cancel);
        // Cancels first: the worker frees their turns for the new requests.
        effects.splice(0..0, cancels);
    }
    effects
}

/// The reads the screen waits for: its lists and its info while they load.
fn awaited(screen: &Screen) -> Vec<RequestId> {
    let loading = |load: &Load| match load {
        Load::Loading(id) => Some(*id),
        Load::Loaded | Load::Failed(_) => None,
    };
    match screen {
        Screen::Products { .. } => Vec::new(),
        Screen::Service(page) => {
            let info = match &page.info {
                Info::Loading(id) => Some(*id),
                Info::Loaded(_) | Info::Failed(_) => None,
            };
            loading(&page.credentials.load)
                .into_iter()
                .chain(info)
                .collect()
        }
        Screen::NatsAccounts(list) => loading(&list.load).into_iter().collect(),
        Screen::NatsAccount(page) => loading(&page.credentials.load)
            .into_iter()
            .chain(loading(&page.accounts.load))
            .collect(),
    }
}

fn apply(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Answer(id, answer) => return on_answer(state, id, answer),
        Action::Tick => {
            if state.is_busy() {
                state.spinner = state.spinner.wrapping_add(1);
            }
            return Vec::new();
        }
        Action::Layout(layout) => {
            state.layout = layout;
            clamp_lists(state);
            return Vec::new();
        }
        Action::ForceQuit => return vec![Effect::Quit],
        Action::Suspend => return vec![Effect::Suspend],
        _ => {}
    }
    // A key was pressed: the last note has been seen.
    state.toast = None;
    if state.layout.too_small {
        return on_too_small(action);
    }
    let effects = match state.popup.take() {
        Some(popup) => on_popup(state, popup, action),
        None => on_screen(state, action),
    };
    if state.popup.is_none() {
        state.popup = state.waiting_failures.pop_front().map(Popup::Failure);
    }
    effects
}

fn on_too_small(action: Action) -> Vec<Effect> {
    if action == Action::Quit {
        return vec![Effect::Quit];
    }
    Vec::new()
}

// Screens

fn on_screen(state: &mut State, action: Action) -> Vec<Effect> {
    if let Some(effects) = on_filter(state, &action) {
        return effects;
    }
    let page = state.layout.list_rows;
    match action {
        Action::Quit => vec![Effect::Quit],
        Action::Help => {
            state.popup = Some(Popup::Help);
            Vec::new()
        }
        Action::OpenRegions => {
            let selected = Region::ALL
                .iter()
                .position(|r| *r == state.region)
                .unwrap_or(0);
            state.popup = Some(Popup::Regions { selected });
            Vec::new()
        }
        Action::Jump(product) => open_product(state, product),
        Action::Reload => reload(state),
        Action::Filter => {
            if let Some(list) = current_list(&mut state.screen) {
                list.filter_mut().editing = true;
            }
            Vec::new()
        }
        Action::Up
        | Action::Down
        | Action::PageUp
        | Action::PageDown
        | Action::First
        | Action::Last => {
            move_selection(state, &action, page);
            Vec::new()
        }
        Action::Back => back(state),
        Action::Open => open(state),
        Action::NextTab | Action::PreviousTab => {
            if let Screen::Service(page) = &mut state.screen {
                page.tab = match page.tab {
                    ServiceTab::Overview => ServiceTab::Credentials,
                    ServiceTab::Credentials => ServiceTab::Overview,
                };
            }
            Vec::new()
        }
        Action::OpenSeeMore => {
            // Read-only offers no action on credentials, so no menu (and no key opens it).
            if let Some(target) = selected_target(state) {
                let items = menu_items(state, target.product);
                if !items.is_empty() {
                    state.popup = Some(Popup::SeeMore {
                        target,
                        items,
                        selected: 0,
                    });
                }
            }
            Vec::new()
        }
        Action::Update => {
            if let Some(target) = selected_target(state) {
                open_update(state, target);
            }
            Vec::new()
        }
        Action::Revoke => {
            if let Some(target) = selected_target(state) {
                open_revoke(state, target);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Keys while the `/` filter has the keyboard; `None` when it does not.
fn on_filter(state: &mut State, action: &Action) -> Option<Vec<Effect>> {
    let page = state.layout.list_rows;
    let list = current_list(&mut state.screen).filter(|list| list.filter().editing)?;
    match action {
        Action::Edit(request) => {
            list.filter_mut().input.handle(*request);
            list.refilter();
            list.select_first(page);
        }
        Action::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                list.filter_mut().input.handle(InputRequest::InsertChar(c));
            }
            list.refilter();
            list.select_first(page);
        }
        Action::Open => list.filter_mut().editing = false,
        Action::Back => {
            *list.filter_mut() = Filter::default();
            list.refilter();
            list.clamp(page);
        }
        Action::Up => list.move_by(-1, page),
        Action::Down => list.move_by(1, page),
        _ => {}
    }
    Some(Vec::new())
}

/// The list on screen, if the screen shows one.
fn current_list(screen: &mut Screen) -> Option<&mut dyn Selectable> {
    match screen {
        Screen::Products { .. } => None,
        Screen::Service(page) if page.tab == ServiceTab::Credentials => Some(&mut page.credentials),
        Screen::Service(_) => None,
        Screen::NatsAccounts(list) => Some(list),
        Screen::NatsAccount(page) => Some(&mut page.credentials),
    }
}

fn move_selection(state: &mut State, action: &Action, page: usize) {
    if let Screen::Products { selected } = &mut state.screen {
        let last = Product::ALL.len() - 1;
        *selected = match action {
            Action::Up => selected.saturating_sub(1),
            Action::Down => (*selected + 1).min(last),
            Action::First | Action::PageUp => 0,
            Action::Last | Action::PageDown => last,
            _ => *selected,
        };
        return;
    }
    let Some(list) = current_list(&mut state.screen) else {
        return;
    };
    let page_step = page.max(1) as isize;
    match action {
        Action::Up => list.move_by(-1, page),
        Action::Down => list.move_by(1, page),
        Action::PageUp => list.move_by(-page_step, page),
        Action::PageDown => list.move_by(page_step, page),
        Action::First => list.select_first(page),
        Action::Last => list.select_last(page),
        _ => {}
    }
}

/// After a change of layout: every list keeps its selection on screen, the ones a tab or a
/// page hides too, so that they are right when shown again.
fn clamp_lists(state: &mut State) {
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(service) => service.credentials.clamp(page),
        Screen::NatsAccounts(accounts) => accounts.clamp(page),
        Screen::NatsAccount(account) => {
            account.accounts.clamp(page);
            account.credentials.clamp(page);
        }
    }
}

fn back(state: &mut State) -> Vec<Effect> {
    let page = state.layout.list_rows;
    // Esc first clears a filter that is still applied.
    if let Some(list) = current_list(&mut state.screen)
        && !list.filter().is_empty()
    {
        *list.filter_mut() = Filter::default();
        list.refilter();
        list.clamp(page);
        return Vec::new();
    }
    let screen = std::mem::replace(&mut state.screen, Screen::Products { selected: 0 });
    state.screen = match screen {
        Screen::Products { selected } => Screen::Products { selected },
        Screen::Service(page) => Screen::Products {
            selected: product_index(page.service.product()),
        },
        Screen::NatsAccounts(_) => Screen::Products {
            selected: product_index(Product::Nats),
        },
        Screen::NatsAccount(page) => Screen::NatsAccounts(page.accounts),
    };
    Vec::new()
}

fn product_index(product: Product) -> usize {
    Product::ALL.iter().position(|p| *p == product).unwrap_or(0)
}

fn open(state: &mut State) -> Vec<Effect> {
    match &state.screen {
        Screen::Products { selected } => {
            let product = Product::ALL[(*selected).min(Product::ALL.len() - 1)];
            open_product(state, product)
        }
        Screen::NatsAccounts(list) => match list.selected_row().cloned() {
            Some(account) => open_account(state, account),
            None => Vec::new(),
        },
        _ => Vec::new(),
    }
}

/// Opens a product's page and loads what it shows.
fn open_product(state: &mut State, product: Product) -> Vec<Effect> {
    let region = state.region;
    let project_id = state.session.project_id.clone();
    match product.service() {
        None => {
            let id = state.requests.send(Pending::List);
            state.screen = Screen::NatsAccounts(ListView::loading(id));
            vec![Effect::Api(
                id,
                ApiCall::ListNatsAccounts { region, project_id },
            )]
        }
        Some(service) => {
            let list = state.requests.send(Pending::List);
            let info = state.requests.send(Pending::Info);
            state.screen = Screen::Service(ServicePage {
                service,
                tab: ServiceTab::Credentials,
                credentials: ListView::loading(list),
                info: Info::Loading(info),
            });
            vec![
                Effect::Api(
                    list,
                    ApiCall::ListCredentials {
                        service,
                        region,
                        project_id: project_id.clone(),
                    },
                ),
                Effect::Api(
                    info,
                    ApiCall::GetInfo {
                        service,
                        region,
                        project_id,
                    },
                ),
            ]
        }
    }
}

fn open_account(state: &mut State, account: NatsAccount) -> Vec<Effect> {
    let Screen::NatsAccounts(accounts) =
        std::mem::replace(&mut state.screen, Screen::Products { selected: 0 })
    else {
        return Vec::new();
    };
    let id = state.requests.send(Pending::List);
    let call = ApiCall::ListNatsCredentials {
        region: state.region,
        project_id: state.session.project_id.clone(),
        account: account.id.clone(),
    };
    state.screen = Screen::NatsAccount(NatsAccountPage {
        account,
        credentials: ListView::loading(id),
        accounts,
    });
    vec![Effect::Api(id, call)]
}

/// Loads the current screen's data again, keeping what is shown until the answer.
fn reload(state: &mut State) -> Vec<Effect> {
    let region = state.region;
    let project_id = state.session.project_id.clone();
    let requests = &mut state.requests;
    match &mut state.screen {
        Screen::Products { .. } => Vec::new(),
        Screen::Service(page) => {
            let list = requests.send(Pending::List);
            let info = requests.send(Pending::Info);
            page.credentials.load = Load::Loading(list);
            page.info = Info::Loading(info);
            vec![
                Effect::Api(
                    list,
                    ApiCall::ListCredentials {
                        service: page.service,
                        region,
                        project_id: project_id.clone(),
                    },
                ),
                Effect::Api(
                    info,
                    ApiCall::GetInfo {
                        service: page.service,
                        region,
                        project_id,
                    },
                ),
            ]
        }
        Screen::NatsAccounts(list) => {
            let id = requests.send(Pending::List);
            list.load = Load::Loading(id);
            vec![Effect::Api(
                id,
                ApiCall::ListNatsAccounts { region, project_id },
            )]
        }
        Screen::NatsAccount(page) => {
            let id = requests.send(Pending::List);
            page.credentials.load = Load::Loading(id);
            vec![Effect::Api(
                id,
                ApiCall::ListNatsCredentials {
                    region,
                    project_id,
                    account: page.account.id.clone(),
                },
            )]
        }
    }
}

/// Switches region: every list shown belongs to the old one, so it is loaded anew.
fn change_region(state: &mut State, region: Region) -> Vec<Effect> {
    if region == state.region {
        return Vec::new();
    }
    state.region = region;
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

/// The credentials selected on the current screen, as a pop-up target.
fn selected_target(state: &State) -> Option<Target> {
    let region = state.region;
    match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            let row = page.credentials.selected_row()?;
            if page.credentials.revoking.contains(&row.id) {
                return None;
            }
            Some(Target {
                product: page.service.product(),
                region,
                project_id: row.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                account: None,
            })
        }
        Screen::NatsAccount(page) => {
            let row = page.credentials.selected_row()?;
            if page.credentials.revoking.contains(&row.id) {
                return None;
            }
            Some(Target {
                product: Product::Nats,
                region,
                project_id: page.account.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                account: Some(page.account.name.clone()),
            })
        }
        _ => None,
    }
}

/// The "see more" actions for a product's credentials: NATS credentials cannot be updated,
/// and read-only offers nothing.
pub fn menu_items(state: &State, product: Product) -> Vec<MenuItem> {
    if state.session.readonly {
        Vec::new()
    } else if product == Product::Nats {
        vec![MenuItem::Revoke]
    } else {
        vec![MenuItem::Update, MenuItem::Revoke]
    }
}

fn open_update(state: &mut State, target: Target) {
    let Some(service) = target.product.service() else {
        return;
    };
    if state.session.readonly {
        return;
    }
    let Screen::Service(page) = &state.screen else {
        return;
    };
    let Some(row) = page.credentials.rows.iter().find(|row| row.id == target.id) else {
        return;
    };
    let form = UpdateForm::new(target, service, row.permissions());
    state.popup = Some(Popup::Update(Box::new(form)));
}

fn open_revoke(state: &mut State, target: Target) {
    if state.session.readonly {
        return;
    }
    state.popup = Some(Popup::Revoke {
        target,
        focus: Choice::Cancel,
    });
}

// Pop-ups. The pop-up was taken out of its slot; handlers put it back if it stays open.

fn on_popup(state: &mut State, popup: Popup, action: Action) -> Vec<Effect> {
    match popup {
        Popup::Regions { selected } => on_regions(state, selected, action),
        Popup::SeeMore {
            target,
            items,
            selected,
        } => on_see_more(state, target, items, selected, action),
        Popup::Update(form) => match form.discard {
            Some(focus) => on_discard(state, form, focus, action),
            None => on_update_form(state, form, action),
        },
        Popup::Revoke { target, focus } => on_revoke(state, target, focus, action),
        Popup::Help => {
            match action {
                Action::Quit => return vec![Effect::Quit],
                Action::Back | Action::Help => {}
                _ => state.popup = Some(Popup::Help),
            }
            Vec::new()
        }
        message @ (Popup::Failure(_) | Popup::ConfigWarnings(_)) => {
            if !matches!(action, Action::Back | Action::Activate | Action::Open) {
                state.popup = Some(message);
            }
            Vec::new()
        }
    }
}

fn on_regions(state: &mut State, selected: usize, action: Action) -> Vec<Effect> {
    let last = Region::ALL.len() - 1;
    let selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Open | Action::Activate => {
            return change_region(state, Region::ALL[selected.min(last)]);
        }
        Action::Back => return Vec::new(),
        _ => selected,
    };
    state.popup = Some(Popup::Regions { selected });
    Vec::new()
}

fn on_see_more(
    state: &mut State,
    target: Target,
    items: Vec<MenuItem>,
    selected: usize,
    action: Action,
) -> Vec<Effect> {
    let last = items.len().saturating_sub(1);
    let selected = match action {
        Action::Up => selected.saturating_sub(1),
        Action::Down => (selected + 1).min(last),
        Action::Open | Action::Activate => {
            match items.get(selected) {
                Some(MenuItem::Update) => open_update(state, target),
                Some(MenuItem::Revoke) => open_revoke(state, target),
                None => {}
            }
            return Vec::new();
        }
        Action::Back => return Vec::new(),
        _ => selected,
    };
    state.popup = Some(Popup::SeeMore {
        target,
        items,
        selected,
    });
    Vec::new()
}

fn on_update_form(state: &mut State, mut form: Box<UpdateForm>, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    match action {
        // While the update is in flight the form only shows progress.
        _ if form.submitting().is_some() => {}
        Action::FocusNext => form.focus_next(true),
        Action::FocusPrevious => form.focus_next(false),
        Action::Toggle => form.toggle_focused(),
        Action::Edit(request) => form.edit_name(request),
        Action::Paste(text) if form.focus == Field::Name => form.paste(&text),
        Action::Activate => match form.focus {
            Field::Cancel => {
                return cancel_update(state, form);
            }
            Field::Write | Field::Read | Field::Manage => form.toggle_focused(),
            Field::Name | Field::Submit => {
                if let Some(effect) = submit(state, &mut form) {
                    effects.push(effect);
                }
            }
        },
        Action::Back => return cancel_update(state, form),
        _ => {}
    }
    state.popup = Some(Popup::Update(form));
    effects
}

/// Esc or Cancel: closes the form, asking first when something was edited.
fn cancel_update(state: &mut State, mut form: Box<UpdateForm>) -> Vec<Effect> {
    if form.is_edited() {
        form.discard = Some(Choice::Cancel);
        state.popup = Some(Popup::Update(form));
    }
    Vec::new()
}

/// Sends the update if the form is valid; otherwise moves to the first field in error.
fn submit(state: &mut State, form: &mut UpdateForm) -> Option<Effect> {
    let problems = form.problems();
    if problems.any() {
        form.focus = if problems.name.is_some() {
            Field::Name
        } else {
            Field::Write
        };
        return None;
    }
    let id = state.requests.send(Pending::Update(form.target.clone()));
    form.status = FormStatus::Submitting(id);
    Some(Effect::Api(
        id,
        ApiCall::UpdateCredentials {
            service: form.service,
            region: form.target.region,
            id: form.target.id.clone(),
            request: UpdateServiceCredentialsRequest {
                name: Some(form.name.value().to_owned()),
                permissions: Some(PermissionsPatch::set(form.permissions)),
            },
        },
    ))
}

/// The "discard your changes?" question of an update form: Discard closes the form, Keep
/// editing (or Esc) goes back to it as it was.
fn on_discard(
    state: &mut State,
    mut form: Box<UpdateForm>,
    focus: Choice,
    action: Action,
) -> Vec<Effect> {
    form.discard = match action {
        Action::FocusNext | Action::FocusPrevious | Action::Toggle => Some(focus.other()),
        Action::Back => None,
        Action::Activate if focus == Choice::Confirm => return Vec::new(),
        Action::Activate => None,
        _ => Some(focus),
    };
    state.popup = Some(Popup::Update(form));
    Vec::new()
}

fn on_revoke(state: &mut State, target: Target, focus: Choice, action: Action) -> Vec<Effect> {
    let focus = match action {
        Action::FocusNext | Action::FocusPrevious => focus.other(),
        Action::Back => return Vec::new(),
        Action::Activate if focus == Choice::Cancel => return Vec::new(),
        Action::Activate => return confirm_revoke(state, target),
        _ => focus,
    };
    state.popup = Some(Popup::Revoke { target, focus });
    Vec::new()
}

/// The revoke was confirmed: mark the row "revoking…" and send the revoke. Nothing is removed
/// before the API answers.
fn confirm_revoke(state: &mut State, target: Target) -> Vec<Effect> {
    if state.session.readonly {
        return Vec::new();
    }
    mark_revoking(&mut state.screen, &target.id, true);
    let call = ApiCall::Revoke(CredentialsRef {
        product: target.product,
        region: target.region,
        id: target.id.clone(),
    });
    let id = state.requests.send(Pending::Revoke(target));
    vec![Effect::Api(id, call)]
}

fn mark_revoking(screen: &mut Screen, id: &CredentialsId, revoking: bool) {
    let set = match screen {
        Screen::Service(page) => &mut page.credentials.revoking,
        Screen::NatsAccount(page) => &mut page.credentials.revoking,
        _ => return,
    };
    if revoking {
        set.insert(id.clone());
    } else {
        set.remove(id);
    }
}

// Answers from the API

fn on_answer(state: &mut State, id: RequestId, answer: ApiAnswer) -> Vec<Effect> {
    // Each request is answered once; anything else is not an answer to act on.
    let Some(pending) = state.requests.answered(id) else {
        return Vec::new();
    };
    let page = state.layout.list_rows;
    let region = state.region;
    match answer {
        ApiAnswer::NatsAccounts(result) => {
            if let Screen::NatsAccounts(list) = &mut state.screen
                && list.load == Load::Loading(id)
                && let Some(error) = accept(list, result, page)
            {
                show_failure(state, Operation::ListNatsAccounts { region }, error);
            }
        }
        ApiAnswer::NatsCredentials(result) => {
            if let Screen::NatsAccount(account) = &mut state.screen
                && account.credentials.load == Load::Loading(id)
                && let Some(error) = accept(&mut account.credentials, result, page)
            {
                let op = Operation::ListNatsCredentials {
                    account: account.account.name.clone(),
                    region,
                };
                show_failure(state, op, error);
            }
        }
        ApiAnswer::Credentials(result) => {
            if let Screen::Service(service) = &mut state.screen
                && service.credentials.load == Load::Loading(id)
            {
                let product = service.service.product();
                if let Some(error) = accept(&mut service.credentials, result, page) {
                    show_failure(state, Operation::ListCredentials { product, region }, error);
                }
            }
        }
        ApiAnswer::Info(result) => {
            if let Screen::Service(service) = &mut state.screen
                && service.info == Info::Loading(id)
            {
                // A failure shows on the Overview tab; the credentials list carries on.
                service.info = match result {
                    Ok(info) => Info::Loaded(info),
                    Err(error) => Info::Failed(error),
                };
            }
        }
        ApiAnswer::Updated(result) => {
            if let Pending::Update(target) = pending {
                on_updated(state, id, target, result);
            }
        }
        ApiAnswer::Revoked(result) => {
            if let Pending::Revoke(target) = pending {
                on_revoked(state, target, result);
            }
        }
    }
    Vec::new()
}

/// Takes a list answer into a list; returns the error if there was one.
fn accept<T: Row>(
    list: &mut ListView<T>,
    result: Result<Vec<T>, ApiError>,
    page: usize,
) -> Option<ApiError> {
    match result {
        Ok(rows) => {
            list.set_rows(rows, page);
            None
        }
        Err(error) => {
            list.load = Load::Failed(error.clone());
            Some(error)
        }
    }
}

/// Shows a failure at once when the pop-up slot holds nothing that would be lost (a menu, the
/// help); otherwise it waits for the slot (see [`State::waiting_failures`]).
fn show_failure(state: &mut State, op: Operation, error: ApiError) {
    let failure = Failure { op, error };
    match &state.popup {
        None | Some(Popup::Regions { .. } | Popup::SeeMore { .. } | Popup::Help) => {
            state.popup = Some(Popup::Failure(failure));
        }
        Some(_) => state.waiting_failures.push_back(failure),
    }
}

fn on_updated(
    state: &mut State,
    id: RequestId,
    target: Target,
    result: Result<ServiceCredentials, ApiError>,
) {
    // The form, if it is still the one waiting for this answer.
    let form_waits =
        matches!(&state.popup, Some(Popup::Update(form)) if form.submitting() == Some(id));
    match result {
        Ok(credentials) => {
            if form_waits {
                state.popup = state.waiting_failures.pop_front().map(Popup::Failure);
            }
            let updated = Target {
                name: credentials.name.clone(),
                ..target
            };
            if let Screen::Service(page) = &mut state.screen {
                page.credentials.replace(credentials);
                page.credentials.clamp(state.layout.list_rows);
            }
            state.toast = Some(Notice::Updated(updated));
        }
        Err(error) => match &mut state.popup {
            Some(Popup::Update(form)) if form_waits => form.status = FormStatus::Failed(error),
            _ => show_failure(state, Operation::Update(target), error),
        },
    }
}

fn on_revoked(state: &mut State, target: Target, result: Result<(), ApiError>) {
    let page = state.layout.list_rows;
    mark_revoking(&mut state.screen, &target.id, false);
    match result {
        Ok(()) => {
            remove_row(&mut state.screen, &target.id, page);
            state.toast = Some(Notice::Revoked(target));
        }
        Err(error) if error.is_not_found() => {
            remove_row(&mut state.screen, &target.id, page);
            state.toast = Some(Notice::AlreadyRevoked(target));
        }
        Err(error) => show_failure(state, Operation::Revoke(target), error),
    }
}

fn remove_row(screen: &mut Screen, id: &CredentialsId, page: usize) {
    match screen {
        Screen::Service(service) => {
            service.credentials.remove(id, page);
        }
        Screen::NatsAccount(account) => {
            account.credentials.remove(id, page);
        }
        _ => {}
    }
}

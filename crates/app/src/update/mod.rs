//! `update`: the pure reducer. It applies an [`Action`] to the [`State`] and returns the
//! [`Effect`]s to carry out; it does no I/O and never waits.

use crate::action::{Action, Effect};
use crate::call::{
    ApiAnswer, ApiCall, ConnectionOutcome, Created, CreatedRef, CredentialsRef, CredsSource, Page,
    RequestId,
};
use crate::choice::Choice;
use crate::form::{Field, Form, FormPurpose, FormStatus, Place};
use crate::hit::Hit;
use crate::requests::{Create, Pending, Requests};
use crate::screen::{Info, NatsAccountPage, Screen, ServicePage, ServiceTab};
use crate::secret::{
    Clip, Copied, CreatedCredentials, SaveError, SaveForm, Saved, SecretButton, SecretNote,
    SecretPopup, SecretQuestion,
};
use crate::target::Target;

mod lists;
mod scope;
mod secret_popup;

pub use scope::start;
use scope::{
    accept, list_credentials, list_everywhere, list_nats_accounts, list_projects, on_page,
    on_projects, on_projects_listed, on_regions, reload_list,
};

pub use lists::stale_cutoff;

use secret_popup::{on_connection, on_connection_answer, on_saved, on_secret};
use tui_input::InputRequest;

use crate::list::{Filter, ListView, Row, Scope, Selectable};
use crate::state::*;
use mnq_api::ApiError;
use mnq_api::account::Project;
use mnq_api::model::*;

/// Applies one action. A list or info the screen waited for and no longer does (another view
/// or a reload replaced it) is forgotten and cancelled, so a long listing nobody will see
/// stops; revokes and updates are never among them.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    let awaited_before = awaited(&state.screen);
    let mut effects = apply(state, action);
    lists::mark_stale(state);
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
    match screen {
        Screen::Products { .. } => Vec::new(),
        Screen::Service(page) => {
            let info = match &page.info {
                Info::Loading(id) => Some(*id),
                Info::Loaded(_) | Info::Failed(_) => None,
            };
            page.credentials.awaited().chain(info).collect()
        }
        Screen::NatsAccounts(list) => list.awaited().collect(),
        Screen::NatsAccount(page) => page
            .credentials
            .awaited()
            .chain(page.accounts.awaited())
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
        Action::Saved(result) => {
            on_saved(state, result);
            return Vec::new();
        }
        _ => {}
    }
    // A key was pressed: the last note has been seen.
    state.toast = None;
    if state.layout.too_small {
        return on_too_small(action);
    }
    let effects = match action {
        Action::Click(hit, double) => on_click(state, hit, double),
        Action::Scroll(rows) => on_scroll(state, rows),
        action => dispatch(state, action),
    };
    if state.popup.is_none() {
        state.popup = state.waiting_failures.pop_front().map(Popup::Failure);
    }
    effects
}

/// An action for whatever has the keyboard: the pop-up, else the screen.
fn dispatch(state: &mut State, action: Action) -> Vec<Effect> {
    match state.popup.take() {
        Some(popup) => on_popup(state, popup, action),
        None => on_screen(state, action),
    }
}

/// A click: what was clicked gets the focus (or the selection), then acts as Enter (or Space
/// on a checkbox) on it would. Outside a pop-up, a click closes a menu or the help and does
/// nothing to anything else: it never confirms.
fn on_click(state: &mut State, hit: Option<Hit>, double: bool) -> Vec<Effect> {
    let Some(popup) = &mut state.popup else {
        return match hit {
            Some(hit) => on_screen_click(state, hit, double),
            None => Vec::new(),
        };
    };
    match (popup, hit) {
        (Popup::Regions { selected }, Some(Hit::Region(index)))
        | (Popup::Projects { selected }, Some(Hit::Project(index))) => {
            *selected = index;
            dispatch(state, Action::Open)
        }
        (Popup::SeeMore { selected, .. }, Some(Hit::MenuItem(index))) => {
            *selected = index;
            dispatch(state, Action::Open)
        }
        (
            Popup::Regions { .. } | Popup::Projects { .. } | Popup::SeeMore { .. } | Popup::Help,
            None | Some(_),
        ) if hit != Some(Hit::Popup) => {
            state.popup = None;
            Vec::new()
        }
        (Popup::Form(form), Some(Hit::Choice(choice))) if form.discard.is_some() => {
            form.discard = Some(choice);
            dispatch(state, Action::Activate)
        }
        (Popup::Form(form), Some(Hit::Field(field)))
            if form.discard.is_none() && form.submitting().is_none() =>
        {
            form.focus = field;
            match field {
                Field::Name => Vec::new(),
                Field::Write | Field::Read | Field::Manage => dispatch(state, Action::Toggle),
                Field::Cancel | Field::Submit => dispatch(state, Action::Activate),
            }
        }
        (Popup::Revoke { focus, .. }, Some(Hit::Choice(choice))) => {
            *focus = choice;
            dispatch(state, Action::Activate)
        }
        (Popup::Secret(secret), Some(Hit::Choice(choice))) => {
            secret.question = match secret.question {
                Some(SecretQuestion::Close(_)) => Some(SecretQuestion::Close(choice)),
                Some(SecretQuestion::Overwrite(_)) => Some(SecretQuestion::Overwrite(choice)),
                None => None,
            };
            dispatch(state, Action::Activate)
        }
        (Popup::Secret(secret), Some(Hit::SecretButton(button)))
            if secret.question.is_none() && secret.save.is_none() =>
        {
            secret.focus = button;
            dispatch(state, Action::Activate)
        }
        (Popup::Secret(secret), Some(Hit::SaveCheckbox)) if secret.question.is_none() => {
            if let Some(save) = &mut secret.save {
                save.on_checkbox = true;
            }
            dispatch(state, Action::Toggle)
        }
        _ => Vec::new(),
    }
}

fn on_screen_click(state: &mut State, hit: Hit, double: bool) -> Vec<Effect> {
    let page = state.layout.list_rows;
    match hit {
        Hit::Product(index) => {
            if let Screen::Products { selected } = &mut state.screen {
                *selected = index.min(Product::ALL.len() - 1);
            }
            on_screen(state, Action::Open)
        }
        Hit::Tab(tab) => {
            if let Screen::Service(service) = &mut state.screen {
                service.tab = tab;
            }
            Vec::new()
        }
        Hit::Row(position) => {
            if let Some(list) = current_list(&mut state.screen) {
                list.select_at(position, page);
            }
            match (&state.screen, double) {
                (Screen::NatsAccounts(_), true) => on_screen(state, Action::Open),
                (_, true) => on_screen(state, Action::OpenSeeMore),
                (_, false) => Vec::new(),
            }
        }
        Hit::RegionSelector => on_screen(state, Action::OpenRegions),
        Hit::ProjectSelector => on_screen(state, Action::OpenProjects),
        Hit::Generate => on_screen(state, Action::Generate),
        Hit::Region(_)
        | Hit::Project(_)
        | Hit::MenuItem(_)
        | Hit::Field(_)
        | Hit::SecretButton(_)
        | Hit::SaveCheckbox
        | Hit::Choice(_)
        | Hit::Popup => Vec::new(),
    }
}

/// The wheel moves the selection of the list (or menu) under the keyboard.
fn on_scroll(state: &mut State, rows: isize) -> Vec<Effect> {
    let step = if rows < 0 { Action::Up } else { Action::Down };
    match &state.popup {
        None | Some(Popup::Regions { .. } | Popup::Projects { .. } | Popup::SeeMore { .. }) => (0
            ..rows.unsigned_abs())
            .flat_map(|_| dispatch(state, step.clone()))
            .collect(),
        Some(_) => Vec::new(),
    }
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
            let selected = match state.all_regions {
                true => Region::ALL.len(),
                false => Region::ALL
                    .iter()
                    .position(|r| *r == state.region)
                    .unwrap_or(0),
            };
            state.popup = Some(Popup::Regions { selected });
            Vec::new()
        }
        Action::OpenProjects => {
            let current = state.current_project_choice();
            let selected = state
                .project_choices()
                .iter()
                .position(|choice| *choice == current)
                .unwrap_or(0);
            state.popup = Some(Popup::Projects { selected });
            list_projects(state)
        }
        Action::Jump(product) => open_product(state, product),
        Action::Reload => reload(state),
        Action::Filter => {
            if let Some(list) = current_list(&mut state.screen) {
                list.filter_mut().editing = true;
            }
            Vec::new()
        }
        Action::Sort | Action::ReverseSort => {
            lists::sort(state, &action);
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
        Action::Rotate => {
            if let Some(target) = selected_target(state) {
                open_rotate(state, target);
            }
            Vec::new()
        }
        Action::Generate => {
            open_generate(state);
            Vec::new()
        }
        Action::CopyKey | Action::CopyId => copy_selected(state, action == Action::CopyId),
        Action::TestConnection => {
            if let Screen::NatsAccount(page) = &state.screen {
                let proposed = state.saved_creds.get(&page.account.id).cloned();
                state.popup = Some(Popup::Connection(Box::new(ConnectionTest {
                    account: page.account.clone(),
                    path: tui_input::Input::new(proposed.unwrap_or_default()),
                    status: ConnectionStatus::Editing,
                })));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `y` / `Y`: the selected row's key or id to the terminal's clipboard. Lists hold no secret,
/// so none can be copied from one.
fn copy_selected(state: &mut State, id: bool) -> Vec<Effect> {
    let copied = match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            page.credentials.selected_row().map(|row| {
                if id {
                    (Copied::Id, row.id.to_string())
                } else {
                    (Copied::AccessKey, row.access_key.clone())
                }
            })
        }
        Screen::NatsAccount(page) => page.credentials.selected_row().map(|row| {
            if id {
                (Copied::Id, row.id.to_string())
            } else {
                (Copied::Checksum, row.checksum.clone())
            }
        }),
        Screen::NatsAccounts(list) => list
            .selected_row()
            .map(|row| (Copied::AccountId, row.id.to_string())),
        Screen::Products { .. } | Screen::Service(_) => None,
    };
    let Some((what, value)) = copied else {
        return Vec::new();
    };
    state.toast = Some(Notice::Copied(what, value.clone()));
    vec![Effect::Copy(Clip {
        what,
        text: Secret::new(value),
    })]
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
    let mut effects = Vec::new();
    match product.service() {
        None => {
            let list = list_everywhere(state, &mut effects, list_nats_accounts);
            state.screen = Screen::NatsAccounts(list);
        }
        Some(service) => {
            let credentials = list_everywhere(state, &mut effects, list_credentials(service));
            // The Overview tab tells of the service where new credentials are created.
            let info = state.requests.send(Pending::Info);
            effects.push(Effect::Api(
                info,
                ApiCall::GetInfo {
                    service,
                    region: state.region,
                    project_id: state.project_id.clone(),
                },
            ));
            state.screen = Screen::Service(ServicePage {
                service,
                tab: ServiceTab::Credentials,
                credentials,
                info: Info::Loading(info),
            });
        }
    }
    effects
}

fn open_account(state: &mut State, account: NatsAccount) -> Vec<Effect> {
    let Screen::NatsAccounts(accounts) =
        std::mem::replace(&mut state.screen, Screen::Products { selected: 0 })
    else {
        return Vec::new();
    };
    let id = state.requests.send(Pending::List);
    // The account's own region and project: in a merged list they need not be the view's.
    let call = ApiCall::ListNatsCredentials {
        region: account.region,
        project_id: account.project_id.clone(),
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
    let here = Scope {
        region: state.region,
        project_id: state.project_id.clone(),
    };
    let requests = &mut state.requests;
    let mut effects = Vec::new();
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(page) => {
            let call = list_credentials(page.service);
            reload_list(requests, &mut page.credentials, &here, &mut effects, call);
            let info = requests.send(Pending::Info);
            page.info = Info::Loading(info);
            effects.push(Effect::Api(
                info,
                ApiCall::GetInfo {
                    service: page.service,
                    region: here.region,
                    project_id: here.project_id.clone(),
                },
            ));
        }
        Screen::NatsAccounts(list) => {
            reload_list(requests, list, &here, &mut effects, list_nats_accounts);
        }
        Screen::NatsAccount(page) => {
            let account = Scope {
                region: page.account.region,
                project_id: page.account.project_id.clone(),
            };
            let id = page.account.id.clone();
            reload_list(
                requests,
                &mut page.credentials,
                &account,
                &mut effects,
                |scope| ApiCall::ListNatsCredentials {
                    region: scope.region,
                    project_id: scope.project_id,
                    account: id.clone(),
                },
            );
        }
    }
    effects
}

/// The credentials selected on the current screen, as a pop-up target: in their own region
/// and project, which in a merged list need not be the view's.
fn selected_target(state: &State) -> Option<Target> {
    match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            let row = page.credentials.selected_row()?;
            if page.credentials.revoking.contains(&row.id) {
                return None;
            }
            Some(Target {
                product: page.service.product(),
                region: row.region,
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
                region: page.account.region,
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
        vec![MenuItem::Rotate, MenuItem::Revoke]
    } else {
        vec![MenuItem::Update, MenuItem::Rotate, MenuItem::Revoke]
    }
}

/// The Generate pop-up of the screen: new credentials on a Credentials tab or a NATS account
/// page, a new account on the accounts list.
fn open_generate(state: &mut State) {
    if state.session.readonly {
        return;
    }
    let project_id = state.project_id.clone();
    let (purpose, permissions) = match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            let place = Place::Service {
                service: page.service,
                region: state.region,
                project_id,
            };
            let purpose = FormPurpose::Generate {
                place,
                replaces: None,
            };
            (purpose, Some(Permissions::default()))
        }
        Screen::NatsAccount(page) => {
            let purpose = FormPurpose::Generate {
                place: Place::Nats(page.account.clone()),
                replaces: None,
            };
            (purpose, None)
        }
        Screen::NatsAccounts(_) => {
            let purpose = FormPurpose::CreateAccount {
                region: state.region,
                project_id,
            };
            (purpose, None)
        }
        Screen::Products { .. } | Screen::Service(_) => return,
    };
    let form = Form::new(purpose, String::new(), permissions);
    state.popup = Some(Popup::Form(Box::new(form)));
}

/// Rotate: the Generate pop-up for a replacement with the same permissions (NATS: in the
/// same account), named as the old one with today's date.
fn open_rotate(state: &mut State, target: Target) {
    if state.session.readonly {
        return;
    }
    let (place, permissions) = match &state.screen {
        Screen::Service(page) => {
            let Some(row) = page.credentials.rows.iter().find(|row| row.id == target.id) else {
                return;
            };
            let place = Place::Service {
                service: page.service,
                region: target.region,
                project_id: target.project_id.clone(),
            };
            (place, Some(row.permissions()))
        }
        Screen::NatsAccount(page) => (Place::Nats(page.account.clone()), None),
        Screen::Products { .. } | Screen::NatsAccounts(_) => return,
    };
    let name = rotated_name(&target.name, state.today);
    let purpose = FormPurpose::Generate {
        place,
        replaces: Some(target),
    };
    state.popup = Some(Popup::Form(Box::new(Form::new(purpose, name, permissions))));
}

/// The old name with `-YYYY-MM-DD`, in place of a date suffix it already has.
pub fn rotated_name(old: &str, today: jiff::civil::Date) -> String {
    let base = match old.char_indices().rev().nth(10) {
        Some((at, '-')) if old[at + 1..].parse::<jiff::civil::Date>().is_ok() => &old[..at],
        _ => old,
    };
    format!("{base}-{today}")
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
    let form = Form::update(target, service, row.permissions());
    state.popup = Some(Popup::Form(Box::new(form)));
}

fn open_revoke(state: &mut State, target: Target) {
    if state.session.readonly {
        return;
    }
    state.popup = Some(Popup::Revoke {
        target,
        focus: Choice::Cancel,
        reason: RevokeReason::Asked,
    });
}

// Pop-ups. The pop-up was taken out of its slot; handlers put it back if it stays open.

fn on_popup(state: &mut State, popup: Popup, action: Action) -> Vec<Effect> {
    match popup {
        Popup::Regions { selected } => on_regions(state, selected, action),
        Popup::Projects { selected } => on_projects(state, selected, action),
        Popup::SeeMore {
            target,
            items,
            selected,
        } => on_see_more(state, target, items, selected, action),
        Popup::Form(form) => match form.discard {
            Some(focus) => on_discard(state, form, focus, action),
            None => on_form(state, form, action),
        },
        Popup::Secret(secret) => on_secret(state, secret, action),
        Popup::Connection(test) => on_connection(state, test, action),
        Popup::Revoke {
            target,
            focus,
            reason,
        } => on_revoke(state, target, focus, reason, action),
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
                Some(MenuItem::Rotate) => open_rotate(state, target),
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

fn on_form(state: &mut State, mut form: Box<Form>, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    match action {
        // While the request is in flight the form only shows progress.
        _ if form.submitting().is_some() => {}
        Action::FocusNext => form.focus_next(true),
        Action::FocusPrevious => form.focus_next(false),
        Action::Toggle => form.toggle_focused(),
        Action::Edit(request) => form.edit_name(request),
        Action::Paste(text) if form.focus == Field::Name => form.paste(&text),
        Action::Activate => match form.focus {
            Field::Cancel => {
                return cancel_form(state, form);
            }
            Field::Write | Field::Read | Field::Manage => form.toggle_focused(),
            Field::Name | Field::Submit => {
                if let Some(effect) = submit(state, &mut form) {
                    effects.push(effect);
                }
            }
        },
        Action::Back => return cancel_form(state, form),
        _ => {}
    }
    state.popup = Some(Popup::Form(form));
    effects
}

/// Esc or Cancel: closes the form, asking first when something was edited.
fn cancel_form(state: &mut State, mut form: Box<Form>) -> Vec<Effect> {
    if form.is_edited() {
        form.discard = Some(Choice::Cancel);
        state.popup = Some(Popup::Form(form));
    }
    Vec::new()
}

/// Sends the form's request if it is valid; otherwise moves to the first field in error.
fn submit(state: &mut State, form: &mut Form) -> Option<Effect> {
    form.attempted = true;
    let problems = form.problems();
    if problems.any() {
        form.focus = if problems.name.is_some() {
            Field::Name
        } else {
            Field::Write
        };
        return None;
    }
    let name = form.name.value().to_owned();
    let permissions = form.permissions.unwrap_or_default();
    let (pending, call) = match &form.purpose {
        FormPurpose::Update { target, service } => (
            Pending::Update(target.clone()),
            ApiCall::UpdateCredentials {
                service: *service,
                region: target.region,
                id: target.id.clone(),
                request: UpdateServiceCredentialsRequest {
                    name: Some(name),
                    permissions: Some(PermissionsPatch::set(permissions)),
                },
            },
        ),
        FormPurpose::Generate { place, .. } => (
            pending_create(state, form, &name),
            generate_call(place, &name, permissions),
        ),
        FormPurpose::CreateAccount { region, project_id } => (
            pending_create(state, form, &name),
            ApiCall::CreateNatsAccount {
                region: *region,
                request: CreateNatsAccountRequest {
                    name: name.clone(),
                    project_id: project_id.clone(),
                },
            },
        ),
    };
    let id = state.requests.send(pending);
    form.status = FormStatus::Submitting(id);
    Some(Effect::Api(id, call))
}

/// A create to send for a form, remembered until its answer.
fn pending_create(state: &State, form: &Form, name: &str) -> Pending {
    Pending::Create(Box::new(Create {
        purpose: form.purpose.clone(),
        name: name.to_owned(),
        known: ids_named(&state.screen, name),
    }))
}

/// The create of new credentials in `place`.
fn generate_call(place: &Place, name: &str, permissions: Permissions) -> ApiCall {
    match place {
        Place::Service {
            service,
            region,
            project_id,
        } => ApiCall::CreateCredentials {
            service: *service,
            region: *region,
            request: CreateServiceCredentialsRequest {
                project_id: project_id.clone(),
                name: name.to_owned(),
                permissions,
            },
        },
        Place::Nats(account) => ApiCall::CreateNatsCredentials {
            region: account.region,
            request: CreateNatsCredentialsRequest {
                nats_account_id: account.id.clone(),
                name: name.to_owned(),
            },
        },
    }
}

/// The ids of the rows named `name` in the list on screen.
fn ids_named(screen: &Screen, name: &str) -> Vec<String> {
    fn named<T: Row>(list: &ListView<T>, name: &str) -> Vec<String>
    where
        T::Id: std::fmt::Display,
    {
        list.rows
            .iter()
            .filter(|row| row.name() == name)
            .map(|row| row.id().to_string())
            .collect()
    }
    match screen {
        Screen::Service(page) => named(&page.credentials, name),
        Screen::NatsAccounts(list) => named(list, name),
        Screen::NatsAccount(page) => named(&page.credentials, name),
        Screen::Products { .. } => Vec::new(),
    }
}

/// The "discard your changes?" question of an update form: Discard closes the form, Keep
/// editing (or Esc) goes back to it as it was.
fn on_discard(
    state: &mut State,
    mut form: Box<Form>,
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
    state.popup = Some(Popup::Form(form));
    Vec::new()
}

fn on_revoke(
    state: &mut State,
    target: Target,
    focus: Choice,
    reason: RevokeReason,
    action: Action,
) -> Vec<Effect> {
    let focus = match action {
        Action::FocusNext | Action::FocusPrevious => focus.other(),
        Action::Back => return Vec::new(),
        Action::Activate if focus == Choice::Cancel => return Vec::new(),
        Action::Activate => return confirm_revoke(state, target),
        _ => focus,
    };
    state.popup = Some(Popup::Revoke {
        target,
        focus,
        reason,
    });
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
    // The first pages of a list come before its answer, which ends the request.
    if let ApiAnswer::Page { rows, total } = answer {
        on_page(state, id, rows, total);
        return Vec::new();
    }
    // Each request is answered once; anything else is not an answer to act on.
    let Some(pending) = state.requests.answered(id) else {
        return Vec::new();
    };
    let pending = match pending {
        Pending::Create(create) => {
            return match answer {
                ApiAnswer::Created(result) => on_created(state, id, *create, result),
                _ => Vec::new(),
            };
        }
        Pending::Recheck(create) => {
            on_recheck(state, id, *create, answer);
            return Vec::new();
        }
        Pending::ReadBack => {
            if let ApiAnswer::ReadBack(result) = answer {
                on_read_back(state, id, result);
            }
            return Vec::new();
        }
        Pending::Connection => {
            if let ApiAnswer::Connection(outcome) = answer {
                on_connection_answer(state, id, outcome);
            }
            return Vec::new();
        }
        other => other,
    };
    let page = state.layout.list_rows;
    let region = state.region;
    match answer {
        ApiAnswer::Projects(result) => on_projects_listed(state, id, result),
        ApiAnswer::NatsAccounts(result) => {
            if let Screen::NatsAccounts(list) = &mut state.screen
                && let Some(error) = accept(list, id, result, page)
            {
                show_failure(state, Operation::ListNatsAccounts { region }, error);
            }
        }
        ApiAnswer::NatsCredentials(result) => {
            if let Screen::NatsAccount(account) = &mut state.screen
                && let Some(error) = accept(&mut account.credentials, id, result, page)
            {
                let op = Operation::ListNatsCredentials {
                    account: account.account.name.clone(),
                    region: account.account.region,
                };
                show_failure(state, op, error);
            }
        }
        ApiAnswer::Credentials(result) => {
            if let Screen::Service(service) = &mut state.screen {
                let product = service.service.product();
                if let Some(error) = accept(&mut service.credentials, id, result, page) {
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
        // Pages, and answers to creates, their reads and connection tests were taken above.
        ApiAnswer::Page { .. }
        | ApiAnswer::Created(_)
        | ApiAnswer::ReadBack(_)
        | ApiAnswer::Connection(_) => {}
    }
    show_propagating(state);
    Vec::new()
}

/// A create answered. Created: the secret pop-up (or, for an account, a note), the new row in
/// its list at once, and the read that waits for it to propagate. Failed: the form keeps what
/// was typed — unless the answer was lost, when a list tells whether it happened (it is never
/// sent again by itself).
fn on_created(
    state: &mut State,
    id: RequestId,
    create: Create,
    result: Result<Created, ApiError>,
) -> Vec<Effect> {
    let form_waits =
        matches!(&state.popup, Some(Popup::Form(form)) if form.submitting() == Some(id));
    let created = match result {
        Ok(created) => created,
        Err(error) if error.is_outcome_unknown() => {
            let call = recheck_call(&create.purpose);
            let recheck = state
                .requests
                .send(Pending::Recheck(Box::new(create.clone())));
            match &mut state.popup {
                Some(Popup::Form(form)) if form_waits => {
                    form.status = FormStatus::Checking(recheck);
                }
                _ => show_failure(state, create_operation(&create), error),
            }
            return vec![Effect::Api(recheck, call)];
        }
        Err(error) => {
            match &mut state.popup {
                Some(Popup::Form(form)) if form_waits => form.status = FormStatus::Failed(error),
                _ => show_failure(state, create_operation(&create), error),
            }
            return Vec::new();
        }
    };
    let (row, read_back, with_secret) = match (create.purpose, created) {
        (
            FormPurpose::Generate {
                place: Place::Service { service, .. },
                replaces,
            },
            Created::Credentials(credentials),
        ) => {
            let endpoint = service_endpoint(state, service, credentials.region);
            let listed = ServiceCredentials {
                secret_key: Secret::default(),
                ..credentials.clone()
            };
            let read_back = CreatedRef::Credentials {
                service,
                region: credentials.region,
                id: credentials.id.clone(),
            };
            let with_secret = CreatedCredentials::Service {
                service,
                credentials,
                endpoint,
            };
            (
                CreatedRow::Credentials(service, listed),
                read_back,
                Some((with_secret, replaces)),
            )
        }
        (
            FormPurpose::Generate {
                place: Place::Nats(account),
                replaces,
            },
            Created::NatsCredentials(credentials),
        ) => {
            let listed = NatsCredentials {
                credentials: None,
                ..credentials.clone()
            };
            let read_back = CreatedRef::NatsCredentials {
                region: account.region,
                id: credentials.id.clone(),
            };
            let with_secret = CreatedCredentials::Nats {
                account,
                credentials,
            };
            (
                CreatedRow::NatsCredentials(listed),
                read_back,
                Some((with_secret, replaces)),
            )
        }
        (FormPurpose::CreateAccount { region, .. }, Created::NatsAccount(account)) => {
            state.toast = Some(Notice::AccountCreated {
                name: account.name.clone(),
                region,
            });
            let read_back = CreatedRef::NatsAccount {
                region,
                id: account.id.clone(),
            };
            (CreatedRow::NatsAccount(account), read_back, None)
        }
        // An answer that does not fit its request is not acted on.
        _ => return Vec::new(),
    };
    if form_waits {
        state.popup = None;
    }
    if let Some((with_secret, replaces)) = with_secret {
        if let Some(old) = &replaces {
            state
                .replaced
                .insert(old.id.clone(), with_secret.name().to_owned());
        }
        // The secret is shown once and must be seen: it takes the slot, and a failure shown
        // there waits for it.
        if let Some(Popup::Failure(failure)) = state.popup.take() {
            state.waiting_failures.push_front(failure);
        }
        state.popup = Some(Popup::Secret(Box::new(SecretPopup::new(
            with_secret,
            replaces,
        ))));
    }
    let read = state.requests.send(Pending::ReadBack);
    state.propagating.push((read, row));
    show_propagating(state);
    vec![Effect::Api(read, ApiCall::ReadBack(read_back))]
}

/// What a failed create attempted, for its message.
fn create_operation(create: &Create) -> Operation {
    Operation::Create {
        product: create.purpose.product(),
        region: create.purpose.region(),
        name: create.name.clone(),
        account: matches!(create.purpose, FormPurpose::CreateAccount { .. }),
    }
}

/// The endpoint the SDKs of new Queues or Topics and Events credentials talk to: as the
/// Overview read it, or the API's usual one.
fn service_endpoint(state: &State, service: Service, region: Region) -> String {
    match &state.screen {
        Screen::Service(page)
            if page.service == service
                && matches!(&page.info, Info::Loaded(info) if info.region == region) =>
        {
            match &page.info {
                Info::Loaded(info) => info.endpoint_url.clone(),
                Info::Loading(_) | Info::Failed(_) => String::new(),
            }
        }
        _ => format!("https://{}.mnq.{region}.scaleway.com", service.api_name()),
    }
}

/// The list in which a lost create's result would show.
fn recheck_call(purpose: &FormPurpose) -> ApiCall {
    match purpose {
        FormPurpose::Generate {
            place:
                Place::Service {
                    service,
                    region,
                    project_id,
                },
            ..
        } => ApiCall::ListCredentials {
            service: *service,
            region: *region,
            project_id: project_id.clone(),
        },
        FormPurpose::Generate {
            place: Place::Nats(account),
            ..
        } => ApiCall::ListNatsCredentials {
            region: account.region,
            project_id: account.project_id.clone(),
            account: account.id.clone(),
        },
        FormPurpose::CreateAccount { region, project_id } => ApiCall::ListNatsAccounts {
            region: *region,
            project_id: project_id.clone(),
        },
        FormPurpose::Update { target, service } => ApiCall::ListCredentials {
            service: *service,
            region: target.region,
            project_id: target.project_id.clone(),
        },
    }
}

/// The list after a create whose answer was lost: something of that name the console did not
/// know means the create happened and its secret is lost (offer to revoke it); nothing means
/// it did not, and the form can be sent again.
fn on_recheck(state: &mut State, id: RequestId, create: Create, answer: ApiAnswer) {
    let form_waits =
        matches!(&state.popup, Some(Popup::Form(form)) if form.submitting() == Some(id));
    let propagating_ids: Vec<String> = state.propagating.iter().map(|(_, row)| row.id()).collect();
    let unseen = |id: String, name: &str| {
        name == create.name && !create.known.contains(&id) && !propagating_ids.contains(&id)
    };
    let found: Result<Option<CreatedRow>, ApiError> = match (answer, &create.purpose) {
        (
            ApiAnswer::Credentials(rows),
            FormPurpose::Generate {
                place: Place::Service { service, .. },
                ..
            },
        ) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(|row| CreatedRow::Credentials(*service, row))
        }),
        (ApiAnswer::NatsCredentials(rows), _) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(CreatedRow::NatsCredentials)
        }),
        (ApiAnswer::NatsAccounts(rows), _) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(CreatedRow::NatsAccount)
        }),
        _ => return,
    };
    let status = match found {
        Ok(None) => FormStatus::NothingCreated,
        Err(error) => FormStatus::Failed(ApiError::OutcomeUnknown {
            target: create.name.clone(),
            cause: format!("and checking whether it happened failed too: {error}"),
        }),
        Ok(Some(row)) => {
            if form_waits {
                state.popup = None;
            }
            show_created(state, &row, false);
            match lost_secret_target(&row, &create.purpose) {
                Some(target) if state.popup.is_none() => {
                    state.popup = Some(Popup::Revoke {
                        target,
                        focus: Choice::Cancel,
                        reason: RevokeReason::SecretLost,
                    });
                }
                Some(_) => {}
                None => {
                    if let CreatedRow::NatsAccount(account) = &row {
                        state.toast = Some(Notice::AccountCreated {
                            name: account.name.clone(),
                            region: account.region,
                        });
                    }
                }
            }
            return;
        }
    };
    match &mut state.popup {
        Some(Popup::Form(form)) if form_waits => form.status = status,
        _ => {
            if let FormStatus::Failed(error) = status {
                show_failure(state, create_operation(&create), error);
            }
        }
    }
}

/// The credentials a lost create created, as a revoke target (a NATS account has no secret to
/// lose).
fn lost_secret_target(created: &CreatedRow, purpose: &FormPurpose) -> Option<Target> {
    match (created, purpose) {
        (CreatedRow::Credentials(service, row), _) => Some(Target {
            product: service.product(),
            region: row.region,
            project_id: row.project_id.clone(),
            id: row.id.clone(),
            name: row.name.clone(),
            account: None,
        }),
        (
            CreatedRow::NatsCredentials(row),
            FormPurpose::Generate {
                place: Place::Nats(account),
                ..
            },
        ) => Some(Target {
            product: Product::Nats,
            region: account.region,
            project_id: account.project_id.clone(),
            id: row.id.clone(),
            name: row.name.clone(),
            account: Some(account.name.clone()),
        }),
        _ => None,
    }
}

/// What the console created reads back now (or still does not after the wait, which is said).
fn on_read_back(state: &mut State, id: RequestId, result: Result<(), ApiError>) {
    let Some(at) = state.propagating.iter().position(|(read, _)| *read == id) else {
        return;
    };
    let (_, created) = state.propagating.remove(at);
    unmark_propagating(&mut state.screen, &created);
    if let Err(error) = result {
        let op = Operation::ReadBack {
            product: created.product(),
            region: created.region(state.region),
            name: created.name().to_owned(),
        };
        show_failure(state, op, error);
    }
}

/// Puts what the console created into the list on screen, if it belongs there and is not in it
/// (a list answer from before it propagated), marked "propagating…".
fn show_propagating(state: &mut State) {
    let propagating = std::mem::take(&mut state.propagating);
    for (_, created) in &propagating {
        show_created(state, created, true);
    }
    state.propagating = propagating;
}

/// Adds a row the console created to the list on screen if it belongs there.
fn show_created(state: &mut State, created: &CreatedRow, propagating: bool) {
    let page = state.layout.list_rows;
    let shown = match created {
        CreatedRow::Credentials(_, row) => state.shows(row.region, &row.project_id),
        CreatedRow::NatsAccount(row) => state.shows(row.region, &row.project_id),
        CreatedRow::NatsCredentials(_) => true,
    };
    match (&mut state.screen, created) {
        (Screen::Service(list), CreatedRow::Credentials(service, row))
            if list.service == *service && shown =>
        {
            list.credentials.add(row.clone(), page);
            if propagating {
                list.credentials.propagating.insert(row.id.clone());
            }
        }
        (Screen::NatsAccount(account), CreatedRow::NatsCredentials(row))
            if row.nats_account_id == account.account.id =>
        {
            account.credentials.add(row.clone(), page);
            if propagating {
                account.credentials.propagating.insert(row.id.clone());
            }
        }
        (Screen::NatsAccounts(list), CreatedRow::NatsAccount(row)) if shown => {
            list.add(row.clone(), page);
            if propagating {
                list.propagating.insert(row.id.clone());
            }
        }
        _ => {}
    }
}

fn unmark_propagating(screen: &mut Screen, created: &CreatedRow) {
    match (screen, created) {
        (Screen::Service(list), CreatedRow::Credentials(_, row)) => {
            list.credentials.propagating.remove(&row.id);
        }
        (Screen::NatsAccount(account), CreatedRow::NatsCredentials(row)) => {
            account.credentials.propagating.remove(&row.id);
        }
        (Screen::NatsAccounts(list), CreatedRow::NatsAccount(row)) => {
            list.propagating.remove(&row.id);
        }
        _ => {}
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
        matches!(&state.popup, Some(Popup::Form(form)) if form.submitting() == Some(id));
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
            Some(Popup::Form(form)) if form_waits => form.status = FormStatus::Failed(error),
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

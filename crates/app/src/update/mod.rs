//! `update`: the pure reducer. It applies an [`Event`] to the [`State`] and returns the
//! [`Effect`]s to carry out; it does no I/O and never waits.

use crate::call::{
    ApiAnswer, ApiCall, ConnectionOutcome, Created, CreatedRef, CredentialsRef, CredsSource, Page,
    RequestId,
};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::{Effect, Event};
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
pub fn update(state: &mut State, event: impl Into<Event>) -> Vec<Effect> {
    let awaited_before = awaited(&state.screen);
    let mut effects = apply(state, event.into());
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

fn apply(state: &mut State, event: Event) -> Vec<Effect> {
    match event {
        Event::Answer(id, answer) => on_answer(state, id, answer),
        Event::Tick => {
            if state.is_busy() {
                state.spinner = state.spinner.wrapping_add(1);
            }
            Vec::new()
        }
        Event::Layout(layout) => {
            state.layout = layout;
            clamp_lists(state);
            Vec::new()
        }
        Event::Saved(result) => {
            on_saved(state, result);
            Vec::new()
        }
        Event::Command(Command::ForceQuit) => vec![Effect::Quit],
        Event::Command(Command::Suspend) => vec![Effect::Suspend],
        Event::Command(command) => by_the_person(state, command == Command::Quit, |state| {
            dispatch(state, Input::Command(command))
        }),
        Event::Edit(request) => {
            by_the_person(state, false, |state| dispatch(state, Input::Edit(request)))
        }
        Event::Paste(text) => {
            by_the_person(state, false, |state| dispatch(state, Input::Paste(text)))
        }
        Event::Click(hit, double) => {
            by_the_person(state, false, |state| on_click(state, hit, double))
        }
        Event::Scroll(rows) => by_the_person(state, false, |state| on_scroll(state, rows)),
    }
}

/// What the person does (a key, a paste, the mouse): the last note has been seen; a terminal
/// too small only quits (`quits`); a failure that waited for the pop-up slot shows once it is
/// free.
fn by_the_person(
    state: &mut State,
    quits: bool,
    act: impl FnOnce(&mut State) -> Vec<Effect>,
) -> Vec<Effect> {
    state.toast = None;
    if state.layout.too_small {
        return if quits {
            vec![Effect::Quit]
        } else {
            Vec::new()
        };
    }
    let effects = act(state);
    if state.popup.is_none() {
        state.popup = state.waiting_failures.pop_front().map(Popup::Failure);
    }
    effects
}

/// What goes to whatever has the keyboard.
#[derive(Debug, Clone, PartialEq)]
enum Input {
    Command(Command),
    /// An edit of the text field being typed in.
    Edit(InputRequest),
    Paste(String),
}

/// An action for whatever has the keyboard: the pop-up, else the screen.
fn dispatch(state: &mut State, input: Input) -> Vec<Effect> {
    match state.popup.take() {
        Some(popup) => on_popup(state, popup, input),
        None => on_screen(state, input),
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
            dispatch(state, Input::Command(Command::Open))
        }
        (Popup::SeeMore { selected, .. }, Some(Hit::MenuItem(index))) => {
            *selected = index;
            dispatch(state, Input::Command(Command::Open))
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
            dispatch(state, Input::Command(Command::Activate))
        }
        (Popup::Form(form), Some(Hit::Field(field)))
            if form.discard.is_none() && form.submitting().is_none() =>
        {
            form.focus = field;
            match field {
                Field::Name => Vec::new(),
                Field::Write | Field::Read | Field::Manage => {
                    dispatch(state, Input::Command(Command::Toggle))
                }
                Field::Cancel | Field::Submit => dispatch(state, Input::Command(Command::Activate)),
            }
        }
        (Popup::Revoke { focus, .. }, Some(Hit::Choice(choice))) => {
            *focus = choice;
            dispatch(state, Input::Command(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::Choice(choice))) => {
            secret.question = match secret.question {
                Some(SecretQuestion::Close(_)) => Some(SecretQuestion::Close(choice)),
                Some(SecretQuestion::Overwrite(_)) => Some(SecretQuestion::Overwrite(choice)),
                None => None,
            };
            dispatch(state, Input::Command(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::SecretButton(button)))
            if secret.question.is_none() && secret.save.is_none() =>
        {
            secret.focus = button;
            dispatch(state, Input::Command(Command::Activate))
        }
        (Popup::Secret(secret), Some(Hit::SaveCheckbox)) if secret.question.is_none() => {
            if let Some(save) = &mut secret.save {
                save.on_checkbox = true;
            }
            dispatch(state, Input::Command(Command::Toggle))
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
            on_screen(state, Input::Command(Command::Open))
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
                (Screen::NatsAccounts(_), true) => on_screen(state, Input::Command(Command::Open)),
                (_, true) => on_screen(state, Input::Command(Command::OpenSeeMore)),
                (_, false) => Vec::new(),
            }
        }
        Hit::RegionSelector => on_screen(state, Input::Command(Command::OpenRegions)),
        Hit::ProjectSelector => on_screen(state, Input::Command(Command::OpenProjects)),
        Hit::Generate => on_screen(state, Input::Command(Command::Generate)),
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
    let step = if rows < 0 { Command::Up } else { Command::Down };
    match &state.popup {
        None | Some(Popup::Regions { .. } | Popup::Projects { .. } | Popup::SeeMore { .. }) => (0
            ..rows.unsigned_abs())
            .flat_map(|_| dispatch(state, Input::Command(step)))
            .collect(),
        Some(_) => Vec::new(),
    }
}

// Screens

fn on_screen(state: &mut State, input: Input) -> Vec<Effect> {
    if let Some(effects) = on_filter(state, &input) {
        return effects;
    }
    let command = match input {
        Input::Command(command) => command,
        // No text field has the keyboard.
        Input::Edit(_) | Input::Paste(_) => return Vec::new(),
    };
    match command {
        Command::Quit => vec![Effect::Quit],
        Command::Help => {
            state.popup = Some(Popup::Help);
            Vec::new()
        }
        Command::OpenRegions => {
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
        Command::OpenProjects => {
            let current = state.current_project_choice();
            let selected = state
                .project_choices()
                .iter()
                .position(|choice| *choice == current)
                .unwrap_or(0);
            state.popup = Some(Popup::Projects { selected });
            list_projects(state)
        }
        Command::GoToNats => open_product(state, Product::Nats),
        Command::GoToQueues => open_product(state, Product::Queues),
        Command::GoToTopics => open_product(state, Product::TopicsAndEvents),
        Command::Reload => reload(state),
        Command::Filter => {
            if let Some(list) = current_list(&mut state.screen) {
                list.filter_mut().editing = true;
            }
            Vec::new()
        }
        Command::Sort => {
            lists::sort(state, false);
            Vec::new()
        }
        Command::ReverseSort => {
            lists::sort(state, true);
            Vec::new()
        }
        Command::Up => move_selection(state, Move::Up),
        Command::Down => move_selection(state, Move::Down),
        Command::PageUp => move_selection(state, Move::PageUp),
        Command::PageDown => move_selection(state, Move::PageDown),
        Command::First => move_selection(state, Move::First),
        Command::Last => move_selection(state, Move::Last),
        Command::Back => back(state),
        Command::Open => open(state),
        Command::NextTab | Command::PreviousTab => {
            if let Screen::Service(page) = &mut state.screen {
                page.tab = match page.tab {
                    ServiceTab::Overview => ServiceTab::Credentials,
                    ServiceTab::Credentials => ServiceTab::Overview,
                };
            }
            Vec::new()
        }
        Command::OpenSeeMore => {
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
        Command::Update => {
            if let Some(target) = selected_target(state) {
                open_update(state, target);
            }
            Vec::new()
        }
        Command::Revoke => {
            if let Some(target) = selected_target(state) {
                open_revoke(state, target);
            }
            Vec::new()
        }
        Command::Rotate => {
            if let Some(target) = selected_target(state) {
                open_rotate(state, target);
            }
            Vec::new()
        }
        Command::Generate => {
            open_generate(state);
            Vec::new()
        }
        Command::CopyKey => copy_selected(state, false),
        Command::CopyId => copy_selected(state, true),
        Command::TestConnection => {
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
        // Pop-ups' commands; quitting from anywhere and suspending are taken before.
        Command::FocusNext
        | Command::FocusPrevious
        | Command::Toggle
        | Command::Activate
        | Command::ShowSeed
        | Command::ForceQuit
        | Command::Suspend => Vec::new(),
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
fn on_filter(state: &mut State, input: &Input) -> Option<Vec<Effect>> {
    let page = state.layout.list_rows;
    let list = current_list(&mut state.screen).filter(|list| list.filter().editing)?;
    match input {
        Input::Edit(request) => {
            list.filter_mut().input.handle(*request);
            list.refilter();
            list.select_first(page);
        }
        Input::Paste(text) => {
            for c in text.chars().filter(|c| !c.is_control()) {
                list.filter_mut().input.handle(InputRequest::InsertChar(c));
            }
            list.refilter();
            list.select_first(page);
        }
        Input::Command(Command::Open) => list.filter_mut().editing = false,
        Input::Command(Command::Back) => {
            *list.filter_mut() = Filter::default();
            list.refilter();
            list.clamp(page);
        }
        Input::Command(Command::Up) => list.move_by(-1, page),
        Input::Command(Command::Down) => list.move_by(1, page),
        // The rest waits until the filter is kept or cleared.
        Input::Command(
            Command::PageUp
            | Command::PageDown
            | Command::First
            | Command::Last
            | Command::GoToNats
            | Command::GoToQueues
            | Command::GoToTopics
            | Command::NextTab
            | Command::PreviousTab
            | Command::FocusNext
            | Command::FocusPrevious
            | Command::Toggle
            | Command::Activate
            | Command::OpenRegions
            | Command::OpenProjects
            | Command::OpenSeeMore
            | Command::Update
            | Command::Revoke
            | Command::Generate
            | Command::Rotate
            | Command::ShowSeed
            | Command::CopyKey
            | Command::CopyId
            | Command::TestConnection
            | Command::Reload
            | Command::Filter
            | Command::Sort
            | Command::ReverseSort
            | Command::Help
            | Command::Quit
            | Command::ForceQuit
            | Command::Suspend,
        ) => {}
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

fn move_selection(state: &mut State, step: Move) -> Vec<Effect> {
    let page = state.layout.list_rows;
    if let Screen::Products { selected } = &mut state.screen {
        let last = Product::ALL.len() - 1;
        *selected = match step {
            Move::Up => selected.saturating_sub(1),
            Move::Down => (*selected + 1).min(last),
            Move::First | Move::PageUp => 0,
            Move::Last | Move::PageDown => last,
        };
        return Vec::new();
    }
    let Some(list) = current_list(&mut state.screen) else {
        return Vec::new();
    };
    let page_step = page.max(1) as isize;
    match step {
        Move::Up => list.move_by(-1, page),
        Move::Down => list.move_by(1, page),
        Move::PageUp => list.move_by(-page_step, page),
        Move::PageDown => list.move_by(page_step, page),
        Move::First => list.select_first(page),
        Move::Last => list.select_last(page),
    }
    Vec::new()
}

/// A move of the selection in a list or the product menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Move {
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
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

fn on_popup(state: &mut State, popup: Popup, input: Input) -> Vec<Effect> {
    match popup {
        Popup::Regions { selected } => on_regions(state, selected, input),
        Popup::Projects { selected } => on_projects(state, selected, input),
        Popup::SeeMore {
            target,
            items,
            selected,
        } => on_see_more(state, target, items, selected, input),
        Popup::Form(form) => match form.discard {
            Some(focus) => on_discard(state, form, focus, input),
            None => on_form(state, form, input),
        },
        Popup::Secret(secret) => on_secret(state, secret, input),
        Popup::Connection(test) => on_connection(state, test, input),
        Popup::Revoke {
            target,
            focus,
            reason,
        } => on_revoke(state, target, focus, reason, input),
        Popup::Help => {
            match input {
                Input::Command(Command::Quit) => return vec![Effect::Quit],
                Input::Command(Command::Back | Command::Help) => {}
                Input::Command(
                    Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::First
                    | Command::Last
                    | Command::Open
                    | Command::GoToNats
                    | Command::GoToQueues
                    | Command::GoToTopics
                    | Command::NextTab
                    | Command::PreviousTab
                    | Command::FocusNext
                    | Command::FocusPrevious
                    | Command::Toggle
                    | Command::Activate
                    | Command::OpenRegions
                    | Command::OpenProjects
                    | Command::OpenSeeMore
                    | Command::Update
                    | Command::Revoke
                    | Command::Generate
                    | Command::Rotate
                    | Command::ShowSeed
                    | Command::CopyKey
                    | Command::CopyId
                    | Command::TestConnection
                    | Command::Reload
                    | Command::Filter
                    | Command::Sort
                    | Command::ReverseSort
                    | Command::ForceQuit
                    | Command::Suspend,
                )
                | Input::Edit(_)
                | Input::Paste(_) => state.popup = Some(Popup::Help),
            }
            Vec::new()
        }
        message @ (Popup::Failure(_) | Popup::ConfigWarnings(_)) => {
            match input {
                Input::Command(Command::Back | Command::Activate | Command::Open) => {}
                Input::Command(
                    Command::Up
                    | Command::Down
                    | Command::PageUp
                    | Command::PageDown
                    | Command::First
                    | Command::Last
                    | Command::GoToNats
                    | Command::GoToQueues
                    | Command::GoToTopics
                    | Command::NextTab
                    | Command::PreviousTab
                    | Command::FocusNext
                    | Command::FocusPrevious
                    | Command::Toggle
                    | Command::OpenRegions
                    | Command::OpenProjects
                    | Command::OpenSeeMore
                    | Command::Update
                    | Command::Revoke
                    | Command::Generate
                    | Command::Rotate
                    | Command::ShowSeed
                    | Command::CopyKey
                    | Command::CopyId
                    | Command::TestConnection
                    | Command::Reload
                    | Command::Filter
                    | Command::Sort
                    | Command::ReverseSort
                    | Command::Help
                    | Command::Quit
                    | Command::ForceQuit
                    | Command::Suspend,
                )
                | Input::Edit(_)
                | Input::Paste(_) => state.popup = Some(message),
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
    input: Input,
) -> Vec<Effect> {
    let last = items.len().saturating_sub(1);
    let selected = match menu_key(&input) {
        MenuKey::Previous => selected.saturating_sub(1),
        MenuKey::Next => (selected + 1).min(last),
        MenuKey::Choose => {
            match items.get(selected) {
                Some(MenuItem::Update) => open_update(state, target),
                Some(MenuItem::Rotate) => open_rotate(state, target),
                Some(MenuItem::Revoke) => open_revoke(state, target),
                None => {}
            }
            return Vec::new();
        }
        MenuKey::Close => return Vec::new(),
        MenuKey::Other => selected,
    };
    state.popup = Some(Popup::SeeMore {
        target,
        items,
        selected,
    });
    Vec::new()
}

/// What an input does in a menu (the region dropdown, the project switcher, see more).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum MenuKey {
    Previous,
    Next,
    Choose,
    Close,
    /// Nothing: the menu stays as it is.
    Other,
}

fn menu_key(input: &Input) -> MenuKey {
    let Input::Command(command) = input else {
        return MenuKey::Other;
    };
    match command {
        Command::Up => MenuKey::Previous,
        Command::Down => MenuKey::Next,
        Command::Open | Command::Activate => MenuKey::Choose,
        Command::Back => MenuKey::Close,
        Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last
        | Command::GoToNats
        | Command::GoToQueues
        | Command::GoToTopics
        | Command::NextTab
        | Command::PreviousTab
        | Command::FocusNext
        | Command::FocusPrevious
        | Command::Toggle
        | Command::OpenRegions
        | Command::OpenProjects
        | Command::OpenSeeMore
        | Command::Update
        | Command::Revoke
        | Command::Generate
        | Command::Rotate
        | Command::ShowSeed
        | Command::CopyKey
        | Command::CopyId
        | Command::TestConnection
        | Command::Reload
        | Command::Filter
        | Command::Sort
        | Command::ReverseSort
        | Command::Help
        | Command::Quit
        | Command::ForceQuit
        | Command::Suspend => MenuKey::Other,
    }
}

fn on_form(state: &mut State, mut form: Box<Form>, input: Input) -> Vec<Effect> {
    let mut effects = Vec::new();
    match input {
        // While the request is in flight the form only shows progress.
        _ if form.submitting().is_some() => {}
        Input::Edit(request) => form.edit_name(request),
        Input::Paste(text) if form.focus == Field::Name => form.paste(&text),
        Input::Paste(_) => {}
        Input::Command(Command::FocusNext) => form.focus_next(true),
        Input::Command(Command::FocusPrevious) => form.focus_next(false),
        Input::Command(Command::Toggle) => form.toggle_focused(),
        Input::Command(Command::Activate) => match form.focus {
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
        Input::Command(Command::Back) => return cancel_form(state, form),
        Input::Command(
            Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::First
            | Command::Last
            | Command::Open
            | Command::GoToNats
            | Command::GoToQueues
            | Command::GoToTopics
            | Command::NextTab
            | Command::PreviousTab
            | Command::OpenRegions
            | Command::OpenProjects
            | Command::OpenSeeMore
            | Command::Update
            | Command::Revoke
            | Command::Generate
            | Command::Rotate
            | Command::ShowSeed
            | Command::CopyKey
            | Command::CopyId
            | Command::TestConnection
            | Command::Reload
            | Command::Filter
            | Command::Sort
            | Command::ReverseSort
            | Command::Help
            | Command::Quit
            | Command::ForceQuit
            | Command::Suspend,
        ) => {}
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
fn on_discard(state: &mut State, mut form: Box<Form>, focus: Choice, input: Input) -> Vec<Effect> {
    form.discard = match question_key(&input) {
        QuestionKey::Switch => Some(focus.other()),
        QuestionKey::Cancel => None,
        QuestionKey::Press if focus == Choice::Confirm => return Vec::new(),
        QuestionKey::Press => None,
        QuestionKey::Other => Some(focus),
    };
    state.popup = Some(Popup::Form(form));
    Vec::new()
}

/// What an input does to a question with two buttons (discard your changes? close anyway?
/// overwrite? revoke?).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QuestionKey {
    /// Focus the other button.
    Switch,
    /// Go back without an answer.
    Cancel,
    /// Press the focused button.
    Press,
    /// Nothing: the question stays as it is.
    Other,
}

fn question_key(input: &Input) -> QuestionKey {
    let Input::Command(command) = input else {
        return QuestionKey::Other;
    };
    match command {
        Command::FocusNext | Command::FocusPrevious | Command::Toggle => QuestionKey::Switch,
        Command::Back => QuestionKey::Cancel,
        Command::Activate => QuestionKey::Press,
        Command::Up
        | Command::Down
        | Command::PageUp
        | Command::PageDown
        | Command::First
        | Command::Last
        | Command::Open
        | Command::GoToNats
        | Command::GoToQueues
        | Command::GoToTopics
        | Command::NextTab
        | Command::PreviousTab
        | Command::OpenRegions
        | Command::OpenProjects
        | Command::OpenSeeMore
        | Command::Update
        | Command::Revoke
        | Command::Generate
        | Command::Rotate
        | Command::ShowSeed
        | Command::CopyKey
        | Command::CopyId
        | Command::TestConnection
        | Command::Reload
        | Command::Filter
        | Command::Sort
        | Command::ReverseSort
        | Command::Help
        | Command::Quit
        | Command::ForceQuit
        | Command::Suspend => QuestionKey::Other,
    }
}

fn on_revoke(
    state: &mut State,
    target: Target,
    focus: Choice,
    reason: RevokeReason,
    input: Input,
) -> Vec<Effect> {
    let focus = match question_key(&input) {
        // Space is no key of the revoke question.
        QuestionKey::Switch if input == Input::Command(Command::Toggle) => focus,
        QuestionKey::Switch => focus.other(),
        QuestionKey::Cancel => return Vec::new(),
        QuestionKey::Press if focus == Choice::Cancel => return Vec::new(),
        QuestionKey::Press => return confirm_revoke(state, target),
        QuestionKey::Other => focus,
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

//! The form pop-ups: Update (name and permissions), Generate (and Rotate, a Generate for a
//! replacement) and Create account. Opening them, editing, sending, the "discard your
//! changes?" question, and the answer to an update. What becomes of a create's answer is in
//! `create`.

use super::failures::{show_failure, show_waiting};
use super::{Handled, Input, QuestionKey, journal, question_key};
use crate::call::{ApiCall, RequestId};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::Effect;
use crate::form::{Field, Form, FormPurpose, FormStatus, Place};
use crate::list::{ListView, Row};
use crate::requests::{Create, Pending};
use crate::screen::{Screen, ServiceTab};
use crate::state::{Notice, Operation, Popup, State};
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::model::{
    CreateNatsAccountRequest, CreateNatsCredentialsRequest, CreateServiceCredentialsRequest,
    Permissions, PermissionsPatch, ServiceCredentials, UpdateServiceCredentialsRequest,
};

// Opening

/// The Generate pop-up of the screen: new credentials on a Credentials tab or a NATS account
/// page, a new account on the accounts list.
pub(super) fn generate_form(state: &State) -> Option<Popup> {
    if state.session.readonly {
        return None;
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
        Screen::Products { .. } | Screen::Service(_) => return None,
    };
    let form = Form::new(purpose, String::new(), permissions);
    Some(Popup::Form(Box::new(form)))
}

/// Rotate: the Generate pop-up for a replacement with the same permissions (NATS: in the
/// same account), named as the old one with today's date.
pub(super) fn rotate_form(state: &State, target: Target) -> Option<Popup> {
    if state.session.readonly {
        return None;
    }
    let (place, permissions) = match &state.screen {
        Screen::Service(page) => {
            let row = page
                .credentials
                .rows()
                .iter()
                .find(|row| row.id == target.id)?;
            let place = Place::Service {
                service: page.service,
                region: target.region,
                project_id: target.project_id.clone(),
            };
            (place, Some(row.permissions()))
        }
        Screen::NatsAccount(page) => (Place::Nats(page.account.clone()), None),
        Screen::Products { .. } | Screen::NatsAccounts(_) => return None,
    };
    let name = rotated_name(&target.name, state.today);
    let purpose = FormPurpose::Generate {
        place,
        replaces: Some(target),
    };
    Some(Popup::Form(Box::new(Form::new(purpose, name, permissions))))
}

/// The old name with `-YYYY-MM-DD`, in place of a date suffix it already has.
pub fn rotated_name(old: &str, today: jiff::civil::Date) -> String {
    let base = match old.char_indices().rev().nth(10) {
        Some((at, '-')) if old[at + 1..].parse::<jiff::civil::Date>().is_ok() => &old[..at],
        _ => old,
    };
    format!("{base}-{today}")
}

/// The Update pop-up of Queues or Topics and Events credentials, filled in as they are.
pub(super) fn update_form(state: &State, target: Target) -> Option<Popup> {
    let service = target.product.service()?;
    if state.session.readonly {
        return None;
    }
    let Screen::Service(page) = &state.screen else {
        return None;
    };
    let row = page
        .credentials
        .rows()
        .iter()
        .find(|row| row.id == target.id)?;
    let form = Form::update(target, service, row.permissions());
    Some(Popup::Form(Box::new(form)))
}

// Editing and sending

pub(super) fn on_form(state: &mut State, mut form: Box<Form>, input: Input) -> Handled {
    // While the request is in flight the form only shows progress.
    if form.submitting().is_some() {
        return (Some(Popup::Form(form)), Vec::new());
    }
    // "Nothing to change" holds until something changes.
    if form.status == FormStatus::NothingToChange
        && matches!(
            input,
            Input::Edit(_) | Input::Paste(_) | Input::Command(Command::Toggle)
        )
    {
        form.status = FormStatus::Editing;
    }
    let mut effects = Vec::new();
    match input {
        Input::Edit(request) => form.edit_name(request),
        Input::Paste(text) => {
            if form.focus == Field::Name {
                form.paste(&text);
            }
        }
        Input::Command(Command::FocusNext) => form.focus_next(true),
        Input::Command(Command::FocusPrevious) => form.focus_next(false),
        Input::Command(Command::First | Command::PageUp) => form.focus = Field::Name,
        Input::Command(Command::Last | Command::PageDown) => form.focus = Field::Submit,
        Input::Command(Command::Toggle) => form.toggle_focused(),
        // Enter sends from anywhere but Cancel; Space ticks a permission.
        Input::Command(Command::Activate) => match form.focus {
            Field::Cancel => return cancel_form(form),
            Field::Name | Field::Write | Field::Read | Field::Manage | Field::Submit => {
                effects.extend(submit(state, &mut form));
            }
        },
        Input::Command(Command::Back) => return cancel_form(form),
        Input::Command(
            Command::Up
            | Command::Down
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
            | Command::Mark
            | Command::MarkAll
            | Command::FindFile
            | Command::Journal
            | Command::Sort
            | Command::ReverseSort
            | Command::Help
            | Command::Quit
            | Command::ForceQuit
            | Command::Suspend,
        ) => {}
    }
    (Some(Popup::Form(form)), effects)
}

/// Esc or Cancel: closes the form, asking first when something was edited.
fn cancel_form(mut form: Box<Form>) -> Handled {
    if !form.is_edited() {
        return (None, Vec::new());
    }
    form.discard = Some(Choice::Cancel);
    (Some(Popup::Form(form)), Vec::new())
}

/// The "discard your changes?" question of a form: Discard closes the form, Keep editing (or
/// Esc) goes back to it as it was.
pub(super) fn on_discard(mut form: Box<Form>, focus: Choice, input: Input) -> Handled {
    form.discard = match question_key(&input) {
        QuestionKey::Switch => Some(focus.other()),
        QuestionKey::Focus(choice) => Some(choice),
        QuestionKey::Cancel => None,
        QuestionKey::Press if focus == Choice::Confirm => return (None, Vec::new()),
        QuestionKey::Press => None,
        QuestionKey::Other => Some(focus),
    };
    (Some(Popup::Form(form)), Vec::new())
}

/// Sends the form's request if it is valid and, for an update, changes something; otherwise
/// moves to the first field in error, or says there is nothing to change.
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
    if matches!(form.purpose, FormPurpose::Update { .. }) && !form.is_edited() {
        form.status = FormStatus::NothingToChange;
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
    let id = state.requests.send_change(pending, journal::of_form(form));
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
        list.rows()
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

// The answer to an update

pub(super) fn on_updated(
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
                state.popup = None;
                show_waiting(state);
            }
            let updated = Target {
                name: credentials.name.clone(),
                ..target
            };
            if let Screen::Service(page) = &mut state.screen {
                page.credentials
                    .replace(credentials, state.layout.list_rows);
            }
            state.toast = Some(Notice::Updated(updated));
        }
        Err(error) => match &mut state.popup {
            Some(Popup::Form(form)) if form_waits => form.status = FormStatus::Failed(error),
            _ => show_failure(state, Operation::Update(target), error),
        },
    }
}

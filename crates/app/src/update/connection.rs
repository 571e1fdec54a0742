//! The connection test: credentials tried against their endpoint as an application would use
//! them, from their page (`t`) with a file, or from the secret pop-up with what was just
//! created.
//!
//! - NATS: a `.creds` connects to the account's endpoint, then leaves.
//! - Queues and Topics and Events: the key pair of a `.env` (or the new one) signs requests
//!   that create and send nothing to the endpoint; the answer says whether the endpoint takes
//!   the key and what it lets it do, which the pop-up shows next to what the API declares for
//!   that key.

use tui_input::InputRequest;

use super::{Handled, Input};
use crate::call::{
    ApiCall, ConnectionCheck, ConnectionOutcome, CreatedKeys, CredsSource, KeysSource, RequestId,
};
use crate::command::Command;
use crate::event::Effect;
use crate::paste::one_line;
use crate::requests::Pending;
use crate::screen::{Info, Screen};
use crate::secret::{CreatedCredentials, SecretNote};
use crate::state::{ConnectionStatus, ConnectionSubject, ConnectionTest, Declared, Popup, State};
use mnq_api::model::{Region, Service};

/// The test pop-up of what the screen shows: the NATS account on screen, proposing the
/// `.creds` last saved for it; or the Queues or Topics and Events credentials selected,
/// proposing the `.env` last saved for them (with none selected, the probes name the project
/// shown).
pub(super) fn test_form(state: &State) -> Option<Popup> {
    let (subject, proposed) = match &state.screen {
        Screen::NatsAccount(page) => (
            ConnectionSubject::Nats(page.account.clone()),
            state.saved_creds.get(&page.account.id),
        ),
        Screen::Service(page) => {
            let selected = page.credentials.selected_row();
            let project_id = selected.map_or(&state.project_id, |row| &row.project_id);
            (
                ConnectionSubject::Service {
                    service: page.service,
                    project_id: project_id.clone(),
                },
                selected.and_then(|row| state.saved_env_files.get(&row.id)),
            )
        }
        Screen::Products { .. } | Screen::NatsAccounts(_) => return None,
    };
    Some(Popup::Connection(Box::new(ConnectionTest {
        subject,
        path: tui_input::Input::new(proposed.cloned().unwrap_or_default()),
        status: ConnectionStatus::Editing,
        declared: None,
    })))
}

/// The test of credentials just created, with their secret, as the secret pop-up runs it.
pub(super) fn created_check(
    state: &State,
    created: &CreatedCredentials,
) -> Option<ConnectionCheck> {
    match created {
        CreatedCredentials::Nats { account, .. } => Some(ConnectionCheck::Nats {
            url: account.endpoint.clone(),
            creds: CredsSource::Created(created.creds()?.clone()),
        }),
        CreatedCredentials::Service {
            service,
            credentials,
            ..
        } => Some(ConnectionCheck::Service {
            service: *service,
            project_id: credentials.project_id.clone(),
            keys: KeysSource::Created(CreatedKeys {
                region: credentials.region,
                endpoint: known_endpoint(state, *service, credentials.region),
                access_key: credentials.access_key.clone(),
                secret_key: credentials.secret_key.clone(),
            }),
        }),
    }
}

/// The endpoint of Queues or Topics and Events in a region, as the Overview on screen read it
/// from `sqs-info` / `sns-info`, if it did.
pub(super) fn known_endpoint(state: &State, service: Service, region: Region) -> Option<String> {
    match &state.screen {
        Screen::Service(page) if page.service == service => match &page.info {
            Info::Loaded(info) if info.region == region && !info.endpoint_url.is_empty() => {
                Some(info.endpoint_url.clone())
            }
            Info::Loaded(_) | Info::Loading(_) | Info::Failed(_) => None,
        },
        _ => None,
    }
}

/// A connection test, remembered until its answer.
pub(super) fn send_test(state: &mut State, check: ConnectionCheck) -> (RequestId, Effect) {
    let id = state.requests.send(Pending::Connection);
    (id, Effect::Api(id, ApiCall::TestConnection(check)))
}

pub(super) fn on_connection(
    state: &mut State,
    mut test: Box<ConnectionTest>,
    input: Input,
) -> Handled {
    // While it tests only Esc acts: closing then is fine, the answer is not shown.
    let testing = matches!(test.status, ConnectionStatus::Testing(_));
    let mut effects = Vec::new();
    match input {
        Input::Command(Command::Back) => return (None, effects),
        Input::Edit(_) | Input::Paste(_) | Input::Command(Command::Activate) if testing => {}
        Input::Edit(request) => {
            test.path.handle(request);
        }
        Input::Paste(text) => {
            for c in one_line(&text).trim().chars() {
                test.path.handle(InputRequest::InsertChar(c));
            }
        }
        Input::Command(Command::Activate) => {
            let path = test.path.value().trim().to_owned();
            test.declared = None;
            if path.is_empty() {
                let file = match test.subject {
                    ConnectionSubject::Nats(_) => ".creds",
                    ConnectionSubject::Service { .. } => ".env",
                };
                test.status = ConnectionStatus::Done(ConnectionOutcome::BadFile(format!(
                    "type the path of a {file} file"
                )));
            } else {
                let check = match &test.subject {
                    ConnectionSubject::Nats(account) => ConnectionCheck::Nats {
                        url: account.endpoint.clone(),
                        creds: CredsSource::File(path),
                    },
                    ConnectionSubject::Service {
                        service,
                        project_id,
                    } => ConnectionCheck::Service {
                        service: *service,
                        project_id: project_id.clone(),
                        keys: KeysSource::File(path),
                    },
                };
                let (id, send) = send_test(state, check);
                test.status = ConnectionStatus::Testing(id);
                effects.push(send);
            }
        }
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
    (Some(Popup::Connection(test)), effects)
}

/// What a test found, shown by the pop-up that asked if it still waits for it; with what the
/// API declares for the key a Queues or Topics and Events test signed with.
pub(super) fn on_answer(state: &mut State, id: RequestId, outcome: ConnectionOutcome) {
    let declared = match &outcome {
        ConnectionOutcome::Probed(probed) => declared(&state.screen, &probed.access_key),
        ConnectionOutcome::Connected { .. }
        | ConnectionOutcome::Denied(_)
        | ConnectionOutcome::Unreachable(_)
        | ConnectionOutcome::BadFile(_) => None,
    };
    match &mut state.popup {
        Some(Popup::Connection(test)) if test.status == ConnectionStatus::Testing(id) => {
            test.status = ConnectionStatus::Done(outcome);
            test.declared = declared;
        }
        Some(Popup::Secret(secret)) if secret.note == Some(SecretNote::Testing(id)) => {
            secret.note = Some(SecretNote::Connection(outcome));
        }
        _ => {}
    }
}

/// What the API declares for an access key: the credentials of the list on screen that have
/// it.
fn declared(screen: &Screen, access_key: &str) -> Option<Declared> {
    let Screen::Service(page) = screen else {
        return None;
    };
    let row = page
        .credentials
        .rows()
        .iter()
        .find(|row| row.access_key == access_key)?;
    Some(Declared {
        name: row.name.clone(),
        permissions: row.permissions,
    })
}

//! The NATS connection test: from an account's page with a `.creds` file (`t`), or from the
//! secret pop-up with the `.creds` just created. It connects as an application would, to see
//! whether the server lets the credentials in.

use tui_input::InputRequest;

use super::{Handled, Input};
use crate::call::{ApiCall, ConnectionOutcome, CredsSource, RequestId};
use crate::command::Command;
use crate::event::Effect;
use crate::paste::one_line;
use crate::requests::Pending;
use crate::screen::Screen;
use crate::secret::SecretNote;
use crate::state::{ConnectionStatus, ConnectionTest, Popup, State};

/// The test pop-up of the NATS account on screen, proposing the `.creds` last saved for it.
pub(super) fn test_form(state: &State) -> Option<Popup> {
    let Screen::NatsAccount(page) = &state.screen else {
        return None;
    };
    let proposed = state.saved_creds.get(&page.account.id).cloned();
    Some(Popup::Connection(Box::new(ConnectionTest {
        account: page.account.clone(),
        path: tui_input::Input::new(proposed.unwrap_or_default()),
        status: ConnectionStatus::Editing,
    })))
}

/// A test of `creds` on a NATS endpoint, remembered until its answer.
pub(super) fn send_test(state: &mut State, url: String, creds: CredsSource) -> (RequestId, Effect) {
    let id = state.requests.send(Pending::Connection);
    (id, Effect::Api(id, ApiCall::TestConnection { url, creds }))
}

pub(super) fn on_connection(
    state: &mut State,
    mut test: Box<ConnectionTest>,
    input: Input,
) -> Handled {
    // While it connects only Esc acts: closing then is fine, the answer is not shown.
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
            if path.is_empty() {
                test.status = ConnectionStatus::Done(ConnectionOutcome::BadFile(
                    "type the path of a .creds file".into(),
                ));
            } else {
                let url = test.account.endpoint.clone();
                let (id, send) = send_test(state, url, CredsSource::File(path));
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

/// What a test found, shown by the pop-up that asked if it still waits for it.
pub(super) fn on_answer(state: &mut State, id: RequestId, outcome: ConnectionOutcome) {
    match &mut state.popup {
        Some(Popup::Connection(test)) if test.status == ConnectionStatus::Testing(id) => {
            test.status = ConnectionStatus::Done(outcome);
        }
        Some(Popup::Secret(secret)) if secret.note == Some(SecretNote::Testing(id)) => {
            secret.note = Some(SecretNote::Connection(outcome));
        }
        _ => {}
    }
}

//! The secret pop-up (copy, save, its questions) and the connection test: what their keys do,
//! and what becomes of their answers.

use super::*;

// The connection test

pub(super) fn on_connection(
    state: &mut State,
    mut test: Box<ConnectionTest>,
    input: Input,
) -> Vec<Effect> {
    let testing = matches!(test.status, ConnectionStatus::Testing(_));
    let mut effects = Vec::new();
    match input {
        // Closing while it connects is fine: the answer is then not shown.
        Input::Command(Command::Back) => return Vec::new(),
        _ if testing => {}
        Input::Edit(request) => {
            test.path.handle(request);
        }
        Input::Paste(text) => {
            for c in text.trim().chars().filter(|c| !c.is_control()) {
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
                let id = state.requests.send(Pending::Connection);
                test.status = ConnectionStatus::Testing(id);
                effects.push(Effect::Api(
                    id,
                    ApiCall::TestConnection {
                        url: test.account.endpoint.clone(),
                        creds: CredsSource::File(path),
                    },
                ));
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
    state.popup = Some(Popup::Connection(test));
    effects
}

pub(super) fn on_connection_answer(state: &mut State, id: RequestId, outcome: ConnectionOutcome) {
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

// The secret pop-up

pub(super) fn on_secret(
    state: &mut State,
    mut secret: Box<SecretPopup>,
    input: Input,
) -> Vec<Effect> {
    if let Some(question) = secret.question {
        return on_secret_question(state, secret, question, input);
    }
    if secret.save.is_some() {
        return on_save_form(state, secret, input);
    }
    let mut effects = Vec::new();
    match input {
        Input::Command(Command::FocusNext) => secret.focus_next(true),
        Input::Command(Command::FocusPrevious) => secret.focus_next(false),
        Input::Command(Command::ShowSeed) => secret.seed_shown = !secret.seed_shown,
        Input::Command(Command::Activate) => match secret.focus {
            SecretButton::ShowSeed => secret.seed_shown = !secret.seed_shown,
            SecretButton::Save => {
                secret.note = None;
                secret.open_save();
            }
            SecretButton::Done => return close_secret(state, secret),
            SecretButton::TestConnection => {
                if let (CreatedCredentials::Nats { account, .. }, Some(creds)) =
                    (&secret.created, secret.created.creds())
                {
                    let id = state.requests.send(Pending::Connection);
                    secret.note = Some(SecretNote::Testing(id));
                    effects.push(Effect::Api(
                        id,
                        ApiCall::TestConnection {
                            url: account.endpoint.clone(),
                            creds: CredsSource::Created(creds.clone()),
                        },
                    ));
                }
            }
            button @ (SecretButton::CopyAccessKey
            | SecretButton::CopySecretKey
            | SecretButton::CopyCreds) => {
                if let Some(clip) = secret.clip(button) {
                    secret.note = Some(SecretNote::Copied(clip.what));
                    effects.push(Effect::Copy(clip));
                }
            }
        },
        // Esc never closes by accident: it asks first, with Cancel focused.
        Input::Command(Command::Back) => {
            secret.question = Some(SecretQuestion::Close(Choice::Cancel));
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
            | Command::Toggle
            | Command::OpenRegions
            | Command::OpenProjects
            | Command::OpenSeeMore
            | Command::Update
            | Command::Revoke
            | Command::Generate
            | Command::Rotate
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
        | Input::Paste(_) => {}
    }
    state.popup = Some(Popup::Secret(secret));
    effects
}

/// Closes the secret pop-up, which drops (and zeroes) the secret; after a rotation, the
/// revoke of the old credentials follows.
fn close_secret(state: &mut State, secret: Box<SecretPopup>) -> Vec<Effect> {
    let replacement = secret.created.name().to_owned();
    if let Some(old) = secret.replaces {
        state.popup = Some(Popup::Revoke {
            target: old,
            focus: Choice::Cancel,
            reason: RevokeReason::Replaced { replacement },
        });
    }
    Vec::new()
}

fn on_secret_question(
    state: &mut State,
    mut secret: Box<SecretPopup>,
    question: SecretQuestion,
    input: Input,
) -> Vec<Effect> {
    let (SecretQuestion::Close(focus) | SecretQuestion::Overwrite(focus)) = question;
    let mut effects = Vec::new();
    secret.question = match question_key(&input) {
        QuestionKey::Switch => Some(match question {
            SecretQuestion::Close(_) => SecretQuestion::Close(focus.other()),
            SecretQuestion::Overwrite(_) => SecretQuestion::Overwrite(focus.other()),
        }),
        QuestionKey::Cancel => None,
        QuestionKey::Press if focus == Choice::Cancel => None,
        QuestionKey::Press => match question {
            SecretQuestion::Close(_) => return close_secret(state, secret),
            SecretQuestion::Overwrite(_) => {
                if let Some(request) = secret.save_request(true) {
                    if let Some(save) = &mut secret.save {
                        save.saving = true;
                    }
                    effects.push(Effect::Save(request));
                }
                None
            }
        },
        QuestionKey::Other => Some(question),
    };
    state.popup = Some(Popup::Secret(secret));
    effects
}

/// The path field of *Save to file* (and, for NATS, the `nats` context checkbox).
fn on_save_form(state: &mut State, mut secret: Box<SecretPopup>, input: Input) -> Vec<Effect> {
    let mut effects = Vec::new();
    let has_checkbox = secret
        .save
        .as_ref()
        .is_some_and(|save| save.nats_context.is_some());
    let Some(save) = &mut secret.save else {
        return effects;
    };
    match input {
        // While the console writes, the form waits for its answer.
        _ if save.saving => {}
        Input::Edit(request) => {
            save.path.handle(request);
        }
        Input::Paste(text) => paste_path(save, &text),
        Input::Command(Command::FocusNext | Command::FocusPrevious) => {
            if has_checkbox {
                save.on_checkbox = !save.on_checkbox;
            }
        }
        Input::Command(Command::Toggle) => {
            if let Some(checked) = &mut save.nats_context {
                *checked = !*checked;
            }
        }
        Input::Command(Command::Back) => secret.save = None,
        Input::Command(Command::Activate) => match secret.save_request(false) {
            Some(request) => {
                secret.note = None;
                if let Some(save) = &mut secret.save {
                    save.saving = true;
                }
                effects.push(Effect::Save(request));
            }
            None => {
                let problem = SaveError::Failed("type the path of the file to write".into());
                secret.note = Some(SecretNote::SaveFailed(problem));
            }
        },
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
    state.popup = Some(Popup::Secret(secret));
    effects
}

fn paste_path(save: &mut SaveForm, text: &str) {
    for c in text.trim().chars().filter(|c| !c.is_control()) {
        save.path.handle(InputRequest::InsertChar(c));
    }
}

/// The console wrote the file, or could not: the secret stays on screen either way.
pub(super) fn on_saved(state: &mut State, result: Result<Saved, SaveError>) {
    let Some(Popup::Secret(secret)) = &mut state.popup else {
        return;
    };
    let Some(save) = &mut secret.save else {
        return;
    };
    if !save.saving {
        return;
    }
    save.saving = false;
    match result {
        Ok(saved) => {
            if let CreatedCredentials::Nats { account, .. } = &secret.created {
                let path = saved.path.display().to_string();
                state.saved_creds.insert(account.id.clone(), path);
            }
            secret.save = None;
            secret.saved.push(saved.clone());
            secret.note = Some(SecretNote::Saved(saved));
        }
        Err(SaveError::Exists(_)) => {
            secret.question = Some(SecretQuestion::Overwrite(Choice::Cancel));
        }
        Err(error) => secret.note = Some(SecretNote::SaveFailed(error)),
    }
}

//! The secret pop-up (copy, save, its questions) and the connection test: what their keys do,
//! and what becomes of their answers.

use super::*;

// The connection test

pub(super) fn on_connection(
    state: &mut State,
    mut test: Box<ConnectionTest>,
    action: Action,
) -> Vec<Effect> {
    let testing = matches!(test.status, ConnectionStatus::Testing(_));
    let mut effects = Vec::new();
    match action {
        // Closing while it connects is fine: the answer is then not shown.
        Action::Back => return Vec::new(),
        _ if testing => {}
        Action::Edit(request) => {
            test.path.handle(request);
        }
        Action::Paste(text) => {
            for c in text.trim().chars().filter(|c| !c.is_control()) {
                test.path.handle(InputRequest::InsertChar(c));
            }
        }
        Action::Activate => {
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
        _ => {}
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
    action: Action,
) -> Vec<Effect> {
    if let Some(question) = secret.question {
        return on_secret_question(state, secret, question, action);
    }
    if secret.save.is_some() {
        return on_save_form(state, secret, action);
    }
    let mut effects = Vec::new();
    match action {
        Action::FocusNext => secret.focus_next(true),
        Action::FocusPrevious => secret.focus_next(false),
        Action::ShowSeed => secret.seed_shown = !secret.seed_shown,
        Action::Activate => match secret.focus {
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
        Action::Back => secret.question = Some(SecretQuestion::Close(Choice::Cancel)),
        _ => {}
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
    action: Action,
) -> Vec<Effect> {
    let (SecretQuestion::Close(focus) | SecretQuestion::Overwrite(focus)) = question;
    let mut effects = Vec::new();
    secret.question = match action {
        Action::FocusNext | Action::FocusPrevious | Action::Toggle => Some(match question {
            SecretQuestion::Close(_) => SecretQuestion::Close(focus.other()),
            SecretQuestion::Overwrite(_) => SecretQuestion::Overwrite(focus.other()),
        }),
        Action::Back => None,
        Action::Activate if focus == Choice::Cancel => None,
        Action::Activate => match question {
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
        _ => Some(question),
    };
    state.popup = Some(Popup::Secret(secret));
    effects
}

/// The path field of *Save to file* (and, for NATS, the `nats` context checkbox).
fn on_save_form(state: &mut State, mut secret: Box<SecretPopup>, action: Action) -> Vec<Effect> {
    let mut effects = Vec::new();
    let has_checkbox = secret
        .save
        .as_ref()
        .is_some_and(|save| save.nats_context.is_some());
    let Some(save) = &mut secret.save else {
        return effects;
    };
    match action {
        // While the console writes, the form waits for its answer.
        _ if save.saving => {}
        Action::Edit(request) => {
            save.path.handle(request);
        }
        Action::Paste(text) => paste_path(save, &text),
        Action::FocusNext | Action::FocusPrevious if has_checkbox => {
            save.on_checkbox = !save.on_checkbox;
        }
        Action::Toggle => {
            if let Some(checked) = &mut save.nats_context {
                *checked = !*checked;
            }
        }
        Action::Back => secret.save = None,
        Action::Activate => match secret.save_request(false) {
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
        _ => {}
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

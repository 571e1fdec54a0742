//! The secret pop-up of new credentials, shown once: copying the secret, saving it to a file
//! (and the console's answer to that), its questions (close anyway? quit anyway? overwrite?),
//! what a way out of the console does while it is open, and after a
//! rotation the revoke question of the old credentials. Its connection test is in
//! `connection`.

use tui_input::InputRequest;

use super::{Handled, Input, QuestionKey, connection, question_key};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::Effect;
use crate::paste::one_line;
use crate::secret::{
    CreatedCredentials, SaveError, SaveForm, Saved, SecretButton, SecretNote, SecretPopup,
    SecretQuestion,
};
use crate::state::{Popup, RevokeReason, State};

pub(super) fn on_secret(state: &mut State, mut secret: Box<SecretPopup>, input: Input) -> Handled {
    if let Some(question) = secret.question {
        return on_secret_question(secret, question, input);
    }
    if secret.save.is_some() {
        return on_save_form(secret, input);
    }
    let mut effects = Vec::new();
    match input {
        Input::Command(Command::FocusNext) => secret.focus_next(true),
        Input::Command(Command::FocusPrevious) => secret.focus_next(false),
        Input::Command(Command::First | Command::PageUp) => secret.focus_end(false),
        Input::Command(Command::Last | Command::PageDown) => secret.focus_end(true),
        Input::Command(Command::ShowSeed) => secret.seed_shown = !secret.seed_shown,
        Input::Command(Command::Activate) => match secret.focus {
            SecretButton::ShowSeed => secret.seed_shown = !secret.seed_shown,
            SecretButton::Save => {
                secret.note = None;
                secret.open_save();
            }
            SecretButton::Done => return (close_secret(*secret), Vec::new()),
            SecretButton::TestConnection => {
                if let Some(check) = connection::created_check(state, &secret.created) {
                    let (id, test) = connection::send_test(state, check);
                    secret.note = Some(SecretNote::Testing(id));
                    effects.push(test);
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
        )
        | Input::Edit(_)
        | Input::Paste(_) => {}
    }
    (Some(Popup::Secret(secret)), effects)
}

/// Closes the secret pop-up, which drops (and zeroes) the secret; after a rotation, the
/// revoke question of the old credentials follows.
fn close_secret(secret: SecretPopup) -> Option<Popup> {
    let replacement = secret.created.name().to_owned();
    let old = secret.replaces?;
    Some(Popup::Revoke {
        target: old,
        focus: Choice::Cancel,
        reason: RevokeReason::Replaced { replacement },
    })
}

fn on_secret_question(
    mut secret: Box<SecretPopup>,
    question: SecretQuestion,
    input: Input,
) -> Handled {
    let focus = question.focus();
    let mut effects = Vec::new();
    secret.question = match question_key(&input) {
        QuestionKey::Switch => Some(question.focused_on(focus.other())),
        QuestionKey::Focus(choice) => Some(question.focused_on(choice)),
        QuestionKey::Cancel => None,
        QuestionKey::Press if focus == Choice::Cancel => None,
        QuestionKey::Press => match question {
            SecretQuestion::Close(_) => return (close_secret(*secret), Vec::new()),
            // The pop-up goes first, so that the secret is dropped (and zeroed) at once.
            SecretQuestion::Quit(_) => return (None, vec![Effect::Quit]),
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
    (Some(Popup::Secret(secret)), effects)
}

/// A way out of the console (`q` where the terminal is too small, Ctrl-C anywhere): while
/// a secret pop-up is open it asks first, as closing the pop-up does; asked already, it
/// quits — so a second Ctrl-C forces the way out.
pub(super) fn quit(state: &mut State) -> Vec<Effect> {
    match &mut state.popup {
        Some(Popup::Secret(secret))
            if !matches!(secret.question, Some(SecretQuestion::Quit(_))) =>
        {
            secret.question = Some(SecretQuestion::Quit(Choice::Cancel));
            Vec::new()
        }
        _ => vec![Effect::Quit],
    }
}

/// The path field of *Save to file* (and, for NATS, the `nats` context checkbox).
fn on_save_form(mut secret: Box<SecretPopup>, input: Input) -> Handled {
    let mut effects = Vec::new();
    let Some(save) = secret.save.as_mut() else {
        return (Some(Popup::Secret(secret)), effects);
    };
    // While the console writes, the form waits for its answer.
    if save.saving {
        return (Some(Popup::Secret(secret)), effects);
    }
    let has_checkbox = save.nats_context.is_some();
    match input {
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
                secret.adds_nats_context = *checked;
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
    (Some(Popup::Secret(secret)), effects)
}

fn paste_path(save: &mut SaveForm, text: &str) {
    for c in one_line(text).trim().chars() {
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
            let path = saved.path.display().to_string();
            match &secret.created {
                CreatedCredentials::Nats { account, .. } => {
                    state.saved_creds.insert(account.id.clone(), path);
                }
                CreatedCredentials::Service { credentials, .. } => {
                    state.saved_env_files.insert(credentials.id.clone(), path);
                }
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

//! Revoking: the question (its focus starts on Cancel), the revoke it sends once confirmed,
//! and the answer. Nothing is optimistic: the row shows "revoking…" until the API answers.

use super::create::forget_propagating;
use super::failures::show_failure;
use super::{Handled, Input, QuestionKey, journal, question_key};
use crate::call::{ApiCall, CredentialsRef};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::Effect;
use crate::requests::Pending;
use crate::screen::Screen;
use crate::state::{Notice, Operation, Popup, RevokeReason, State};
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::model::CredentialsId;

/// The revoke question for credentials the person chose; none when read-only.
pub(super) fn question(state: &State, target: Target) -> Option<Popup> {
    if state.session.readonly {
        return None;
    }
    Some(Popup::Revoke {
        target,
        focus: Choice::Cancel,
        reason: RevokeReason::Asked,
    })
}

pub(super) fn on_revoke(
    state: &mut State,
    target: Target,
    focus: Choice,
    reason: RevokeReason,
    input: Input,
) -> Handled {
    let focus = match question_key(&input) {
        // Space is no key of the revoke question.
        QuestionKey::Switch if input == Input::Command(Command::Toggle) => focus,
        QuestionKey::Switch => focus.other(),
        QuestionKey::Focus(choice) => choice,
        QuestionKey::Cancel => return (None, Vec::new()),
        QuestionKey::Press if focus == Choice::Cancel => return (None, Vec::new()),
        QuestionKey::Press => return (None, confirm_revoke(state, target)),
        QuestionKey::Other => focus,
    };
    let question = Popup::Revoke {
        target,
        focus,
        reason,
    };
    (Some(question), Vec::new())
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
    let change = journal::revoke(&target);
    let id = state.requests.send_change(Pending::Revoke(target), change);
    vec![Effect::Api(id, call)]
}

pub(super) fn mark_revoking(screen: &mut Screen, id: &CredentialsId, revoking: bool) {
    match screen {
        Screen::Service(page) => page.credentials.set_revoking(id, revoking),
        Screen::NatsAccount(page) => page.credentials.set_revoking(id, revoking),
        Screen::Products { .. } | Screen::NatsAccounts(_) => {}
    }
}

/// The answer: the row goes (also when someone else revoked it first) and stays gone, even
/// one the console just created and still waited to read back; or the failure shows.
pub(super) fn on_revoked(
    state: &mut State,
    target: Target,
    result: Result<(), ApiError>,
) -> Vec<Effect> {
    let page = state.layout.list_rows;
    mark_revoking(&mut state.screen, &target.id, false);
    let notice = match result {
        Ok(()) => Notice::Revoked(target.clone()),
        Err(error) if error.is_not_found() => Notice::AlreadyRevoked(target.clone()),
        Err(error) => {
            show_failure(state, Operation::Revoke(target), error);
            return Vec::new();
        }
    };
    remove_row(&mut state.screen, &target.id, page);
    let cancels = forget_propagating(state, target.id.as_str());
    state.toast = Some(notice);
    cancels
}

pub(super) fn remove_row(screen: &mut Screen, id: &CredentialsId, page: usize) {
    match screen {
        Screen::Service(service) => {
            service.credentials.remove(id, page);
        }
        Screen::NatsAccount(account) => {
            account.credentials.remove(id, page);
        }
        Screen::Products { .. } | Screen::NatsAccounts(_) => {}
    }
}

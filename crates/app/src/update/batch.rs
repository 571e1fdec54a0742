//! Revoking many at once: marks on the list on screen (`Space`, `a`), then `d` opens one
//! pop-up for every marked credential. Nothing is sent until the person has typed their count
//! and pressed the acting button (Cancel has the focus). Each revoke then goes through the
//! worker (at most 8 at once) with its own request, and its row in the pop-up shows its
//! outcome. A failure can be retried, for the failed ones only: what is revoked is never sent
//! again.

use tui_input::InputRequest;

use super::{Handled, Input, QuestionKey, journal, question_key, revoke};
use crate::batch::{BatchRevoke, BatchStage, ItemOutcome};
use crate::call::{ApiCall, CredentialsRef, RequestId};
use crate::choice::Choice;
use crate::command::Command;
use crate::event::Effect;
use crate::list::{ListView, Row};
use crate::requests::Pending;
use crate::screen::{Screen, ServiceTab};
use crate::state::{Popup, State};
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::model::{NatsCredentials, Product, ServiceCredentials};

// Marks (refused under `--readonly` with the screen's other changes: `changes_credentials`)

/// `Space`: marks the selected credentials, or unmarks them.
pub(super) fn toggle_mark(state: &mut State) -> Vec<Effect> {
    match &mut state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            page.credentials.toggle_selected_mark();
        }
        Screen::NatsAccount(page) => page.credentials.toggle_selected_mark(),
        Screen::Products { .. } | Screen::Service(_) | Screen::NatsAccounts(_) => {}
    }
    Vec::new()
}

/// `a`: marks every row the filter shows, or unmarks them when they all are.
pub(super) fn toggle_shown_marks(state: &mut State) -> Vec<Effect> {
    match &mut state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            page.credentials.toggle_shown_marks();
        }
        Screen::NatsAccount(page) => page.credentials.toggle_shown_marks(),
        Screen::Products { .. } | Screen::Service(_) | Screen::NatsAccounts(_) => {}
    }
    Vec::new()
}

/// The marked credentials of the list on screen, as targets, in the list's order; those being
/// revoked one by one are left out.
pub(super) fn marked_targets(state: &State) -> Vec<Target> {
    fn targets<T: Row>(list: &ListView<T>, target: impl Fn(&T) -> Target) -> Vec<Target> {
        list.marked_rows()
            .filter(|row| !list.is_revoking(row.id()))
            .map(target)
            .collect()
    }
    match &state.screen {
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            let product = page.service.product();
            targets(&page.credentials, |row: &ServiceCredentials| Target {
                product,
                region: row.region,
                project_id: row.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                key: row.access_key.clone(),
                account: None,
            })
        }
        Screen::NatsAccount(page) => {
            let account = &page.account;
            targets(&page.credentials, |row: &NatsCredentials| Target {
                product: Product::Nats,
                region: account.region,
                project_id: account.project_id.clone(),
                id: row.id.clone(),
                name: row.name.clone(),
                key: row.checksum.clone(),
                account: Some(account.name.clone()),
            })
        }
        Screen::Products { .. } | Screen::Service(_) | Screen::NatsAccounts(_) => Vec::new(),
    }
}

// The pop-up

/// The pop-up that revokes `targets`: one credential gets the revoke question of its own,
/// several the batch pop-up. None when read-only or there is nothing to revoke.
pub(super) fn question(state: &State, mut targets: Vec<Target>) -> Option<Popup> {
    if state.session.readonly {
        return None;
    }
    match targets.len() {
        0 => None,
        1 => revoke::question(state, targets.remove(0)),
        _ => Some(Popup::BatchRevoke(Box::new(BatchRevoke::new(targets)))),
    }
}

/// Keys for the batch pop-up.
pub(super) fn on_batch(state: &mut State, mut batch: Box<BatchRevoke>, input: Input) -> Handled {
    // Quitting asks first while revokes are under way (see `quit`).
    if input == Input::Command(Command::Quit) {
        return (Some(Popup::BatchRevoke(batch)), vec![Effect::Quit]);
    }
    if let Some(offset) = scroll(&batch, &input, state.layout.popup_rows) {
        batch.offset = offset;
        return (Some(Popup::BatchRevoke(batch)), Vec::new());
    }
    let confirmed = batch.is_confirmed();
    let (in_flight, failed) = (batch.in_flight(), batch.failed());
    let effects = match &mut batch.stage {
        BatchStage::Confirming {
            typed,
            focus,
            tried,
        } => match input {
            Input::Edit(request) => {
                typed.handle(request);
                Vec::new()
            }
            Input::Paste(text) => {
                for c in text.trim().chars().filter(|c| !c.is_control()) {
                    typed.handle(InputRequest::InsertChar(c));
                }
                Vec::new()
            }
            Input::Command(_) => match question_key(&input) {
                QuestionKey::Switch => {
                    *focus = focus.other();
                    Vec::new()
                }
                QuestionKey::Focus(choice) => {
                    *focus = choice;
                    Vec::new()
                }
                QuestionKey::Cancel => return (None, Vec::new()),
                QuestionKey::Press if *focus == Choice::Cancel => return (None, Vec::new()),
                // The button does nothing until the count is typed; the pop-up then says so.
                QuestionKey::Press if !confirmed => {
                    *tried = true;
                    Vec::new()
                }
                QuestionKey::Press => {
                    batch.stage = BatchStage::Sent {
                        focus: Choice::Cancel,
                    };
                    send(state, &mut batch, |_| true)
                }
                QuestionKey::Other => Vec::new(),
            },
        },
        // While answers are due the pop-up stays: it is where they show.
        BatchStage::Sent { .. } if in_flight > 0 => Vec::new(),
        BatchStage::Sent { focus } => match question_key(&input) {
            QuestionKey::Switch if failed > 0 => {
                *focus = focus.other();
                Vec::new()
            }
            // Retry is there only while some failed.
            QuestionKey::Focus(choice) if failed > 0 => {
                *focus = choice;
                Vec::new()
            }
            QuestionKey::Cancel => return (None, Vec::new()),
            QuestionKey::Press if *focus == Choice::Cancel || failed == 0 => {
                return (None, Vec::new());
            }
            QuestionKey::Press => {
                *focus = Choice::Cancel;
                send(state, &mut batch, |outcome| {
                    matches!(outcome, ItemOutcome::Failed(_))
                })
            }
            QuestionKey::Switch | QuestionKey::Focus(_) | QuestionKey::Other => Vec::new(),
        },
    };
    (Some(Popup::BatchRevoke(batch)), effects)
}

/// Sends the revoke of every item whose outcome `send_it` accepts (all of them at first, the
/// failed ones on a retry). Items revoked are never among them.
fn send(
    state: &mut State,
    batch: &mut BatchRevoke,
    send_it: impl Fn(&ItemOutcome) -> bool,
) -> Vec<Effect> {
    let mut effects = Vec::new();
    for item in &mut batch.items {
        if item.outcome.is_done() || !send_it(&item.outcome) {
            continue;
        }
        revoke::mark_revoking(&mut state.screen, &item.target.id, true);
        let call = ApiCall::Revoke(CredentialsRef {
            product: item.target.product,
            region: item.target.region,
            id: item.target.id.clone(),
        });
        let change = journal::revoke(&item.target);
        let id = state
            .requests
            .send_change(Pending::BatchRevoke(item.target.clone()), change);
        item.outcome = ItemOutcome::Revoking(id);
        effects.push(Effect::Api(id, call));
    }
    effects
}

/// Up, Down and the pages scroll the list of the pop-up: the new first item drawn.
fn scroll(batch: &BatchRevoke, input: &Input, page: usize) -> Option<usize> {
    let last = batch.items.len().saturating_sub(page.max(1));
    let offset = batch.offset;
    Some(match input {
        Input::Command(Command::Up) => offset.saturating_sub(1),
        Input::Command(Command::Down) => (offset + 1).min(last),
        Input::Command(Command::PageUp) => offset.saturating_sub(page.max(1)),
        Input::Command(Command::PageDown) => (offset + page.max(1)).min(last),
        _ => return None,
    })
}

/// The answer to one revoke of the batch: its item says it, its row goes (also when someone
/// else revoked it first), or stays marked when it failed.
pub(super) fn on_revoked(
    state: &mut State,
    request: RequestId,
    target: Target,
    result: Result<(), ApiError>,
) {
    let page = state.layout.list_rows;
    revoke::mark_revoking(&mut state.screen, &target.id, false);
    let outcome = match result {
        Ok(()) => ItemOutcome::Revoked,
        Err(error) if error.is_not_found() => ItemOutcome::AlreadyGone,
        Err(error) => ItemOutcome::Failed(error),
    };
    if outcome.is_done() {
        revoke::remove_row(&mut state.screen, &target.id, page);
    }
    if let Some(batch) = batch_mut(&mut state.popup)
        && let Some(item) = batch
            .items
            .iter_mut()
            .find(|item| item.outcome == ItemOutcome::Revoking(request))
    {
        item.outcome = outcome;
    }
}

/// The batch pop-up, open or under the quit question.
pub(super) fn batch_mut(popup: &mut Option<Popup>) -> Option<&mut BatchRevoke> {
    match popup {
        Some(Popup::BatchRevoke(batch)) => Some(batch),
        Some(Popup::Quit(question)) => match &mut question.over {
            Some(Popup::BatchRevoke(batch)) => Some(batch),
            _ => None,
        },
        _ => None,
    }
}

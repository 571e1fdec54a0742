//! Where a failure shows: at once when the pop-up slot holds nothing that would be lost,
//! otherwise once it is free, so that it neither replaces what the person was doing nor goes
//! unseen.

use crate::state::{Failure, Operation, Popup, State};
use mnq_api::ApiError;

/// Shows a failure at once when the pop-up slot holds nothing that would be lost (a menu, the
/// help); otherwise it waits for the slot (see [`State::waiting_failures`]).
pub(super) fn show_failure(state: &mut State, op: Operation, error: ApiError) {
    let failure = Failure { op, error };
    match &state.popup {
        None | Some(Popup::Regions { .. } | Popup::SeeMore { .. } | Popup::Help { .. }) => {
            state.popup = Some(Popup::Failure(failure));
        }
        Some(_) => state.waiting_failures.push_back(failure),
    }
}

/// The slot is free: the first failure that waited for it shows.
pub(super) fn show_waiting(state: &mut State) {
    if state.popup.is_none() {
        state.popup = state.waiting_failures.pop_front().map(Popup::Failure);
    }
}

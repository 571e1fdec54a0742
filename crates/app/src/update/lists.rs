//! The order of the list on screen (`s`, `S`) and which of its rows are stale.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::current_list;

use crate::list::Sort;
use crate::screen::Screen;
use crate::state::State;
use mnq_api::model::Timestamp;

/// `s` sorts the list on screen by the next key, `S` the other way; the selection stays on
/// its row.
pub(super) fn sort(state: &mut State, reverse: bool) {
    let page = state.layout.list_rows;
    let Some(list) = current_list(&mut state.screen) else {
        return;
    };
    let Sort { key, descending } = list.sort();
    let sort = match reverse {
        true => Sort {
            key,
            descending: !descending,
        },
        false => Sort {
            key: key.next(),
            descending,
        },
    };
    list.set_sort(sort, page);
}

/// The instant before which credentials are stale: the start (UTC) of the day `stale_days`
/// before `today`. `None`, so nothing is stale, when `stale_days` is 0, or so large that no
/// date is that old.
pub fn stale_cutoff(today: Date, stale_days: u32) -> Option<Timestamp> {
    if stale_days == 0 {
        return None;
    }
    let span = jiff::Span::new().try_days(i64::from(stale_days)).ok()?;
    let day = today.checked_sub(span).ok()?;
    let start = day.to_zoned(TimeZone::UTC).ok()?;
    Some(Timestamp(start.timestamp()))
}

/// Gives the screen's lists the cutoff of today and the session's `stale_days`. Called after
/// every action, so that a list made or loaded anywhere in the reducer is marked before it is
/// drawn; a list whose cutoff is already right is left as it is.
pub(super) fn mark_stale(state: &mut State) {
    let before = stale_cutoff(state.today, state.session.stale_days);
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(service) => service.credentials.set_stale_before(before, page),
        Screen::NatsAccounts(accounts) => accounts.set_stale_before(before, page),
        Screen::NatsAccount(account) => {
            account.accounts.set_stale_before(before, page);
            account.credentials.set_stale_before(before, page);
        }
    }
}

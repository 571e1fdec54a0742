//! The lists on screen: each loaded from every region and project shown (one listing each,
//! whose first pages show as they arrive), loaded again on F5, their order (`s`, `S`), and
//! which of their rows are stale.

use jiff::civil::Date;
use jiff::tz::TimeZone;

use super::create::show_propagating;
use super::failures::show_failure;
use crate::call::{ApiAnswer, ApiCall, Page, RequestId};
use crate::event::Effect;
use crate::list::{ListView, Row, Scope, Shown, Sort};
use crate::requests::{Pending, Requests};
use crate::screen::{Info, Screen, ServiceTab};
use crate::state::{Notice, Operation, State};
use mnq_api::ApiError;
use mnq_api::model::{Service, Timestamp};

// Loading

/// Every region and project the lists show.
fn scopes(state: &State) -> Vec<Scope> {
    let project_ids = state.project_ids();
    state
        .regions()
        .into_iter()
        .flat_map(|region| {
            project_ids.iter().map(move |project_id| Scope {
                region,
                project_id: project_id.clone(),
            })
        })
        .collect()
}

/// A list of what `call` lists in every scope shown, its listings sent: one list, or one
/// merged from a listing per region and project.
pub(super) fn list_everywhere<T: Row>(
    state: &mut State,
    effects: &mut Vec<Effect>,
    call: impl Fn(Scope) -> ApiCall,
) -> ListView<T> {
    let sent: Vec<(Scope, RequestId)> = scopes(state)
        .into_iter()
        .map(|scope| {
            let id = state.requests.send(Pending::List);
            effects.push(Effect::Api(id, call(scope.clone())));
            (scope, id)
        })
        .collect();
    match sent.as_slice() {
        [(_, id)] => ListView::loading(*id),
        _ => ListView::loading_scopes(sent),
    }
}

/// Sends every listing of a list again, keeping its rows until their answers.
pub(super) fn reload_list<T: Row>(
    requests: &mut Requests,
    list: &mut ListView<T>,
    alone: &Scope,
    effects: &mut Vec<Effect>,
    call: impl Fn(Scope) -> ApiCall,
) {
    let ids: Vec<RequestId> = list
        .parts()
        .scopes()
        .map(|scope| {
            let id = requests.send(Pending::List);
            let scope = scope.unwrap_or(alone).clone();
            effects.push(Effect::Api(id, call(scope)));
            id
        })
        .collect();
    list.reload(ids);
}

pub(super) fn list_nats_accounts(scope: Scope) -> ApiCall {
    ApiCall::ListNatsAccounts {
        region: scope.region,
        project_id: scope.project_id,
    }
}

pub(super) fn list_credentials(service: Service) -> impl Fn(Scope) -> ApiCall {
    move |scope| ApiCall::ListCredentials {
        service,
        region: scope.region,
        project_id: scope.project_id,
    }
}

/// What taking a list answer led to.
#[derive(Default)]
struct Accepted {
    /// The error to show as a pop-up: a list that is one listing failed. In a merged list a
    /// listing's failure shows in place of its rows instead.
    failed: Option<ApiError>,
    /// Marked rows the answer no longer has, and the marks left.
    marks_gone: Option<(usize, usize)>,
}

/// Takes a list answer into a list if it waits for it.
fn accept<T: Row>(
    list: &mut ListView<T>,
    id: RequestId,
    result: Result<Vec<T>, ApiError>,
    page: usize,
) -> Accepted {
    if !list.parts().waits_for(id) {
        return Accepted::default();
    }
    match list.answered(id, result, page) {
        Ok(0) => Accepted::default(),
        Ok(gone) => Accepted {
            failed: None,
            marks_gone: Some((gone, list.marked_count())),
        },
        Err(error) => Accepted {
            failed: (!list.parts().is_merged()).then_some(error),
            marks_gone: None,
        },
    }
}

/// The first pages of a list on screen.
pub(super) fn on_page(state: &mut State, id: RequestId, rows: Page, total: u64) {
    let page = state.layout.list_rows;
    match (&mut state.screen, rows) {
        (Screen::NatsAccounts(list), Page::NatsAccounts(rows)) => {
            list.page_arrived(id, rows, total, page);
        }
        (Screen::NatsAccount(account), Page::NatsCredentials(rows)) => {
            account.credentials.page_arrived(id, rows, total, page);
        }
        (Screen::Service(service), Page::Credentials(rows)) => {
            service.credentials.page_arrived(id, rows, total, page);
        }
        _ => return,
    }
    show_propagating(state);
}

/// Loads the current screen's data again, keeping what is shown until the answer.
pub(super) fn reload(state: &mut State) -> Vec<Effect> {
    let here = Scope {
        region: state.region,
        project_id: state.project_id.clone(),
    };
    let requests = &mut state.requests;
    let mut effects = Vec::new();
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(page) => {
            let call = list_credentials(page.service);
            reload_list(requests, &mut page.credentials, &here, &mut effects, call);
            let info = requests.send(Pending::Info);
            page.info = Info::Loading(info);
            effects.push(Effect::Api(
                info,
                ApiCall::GetInfo {
                    service: page.service,
                    region: here.region,
                    project_id: here.project_id.clone(),
                },
            ));
        }
        Screen::NatsAccounts(list) => {
            reload_list(requests, list, &here, &mut effects, list_nats_accounts);
        }
        Screen::NatsAccount(page) => {
            let account = Scope {
                region: page.account.region,
                project_id: page.account.project_id.clone(),
            };
            let id = page.account.id.clone();
            reload_list(
                requests,
                &mut page.credentials,
                &account,
                &mut effects,
                |scope| ApiCall::ListNatsCredentials {
                    region: scope.region,
                    project_id: scope.project_id,
                    account: id.clone(),
                },
            );
        }
    }
    effects
}

/// The answer to a listing of the list on screen. A list that is one listing shows its
/// failure as a pop-up; a merged list shows it in place of the listing's rows.
pub(super) fn on_list(state: &mut State, id: RequestId, answer: ApiAnswer) {
    let page = state.layout.list_rows;
    let region = state.region;
    let (accepted, op) = match answer {
        ApiAnswer::NatsAccounts(result) => match &mut state.screen {
            Screen::NatsAccounts(list) => (
                accept(list, id, result, page),
                Operation::ListNatsAccounts { region },
            ),
            _ => return,
        },
        ApiAnswer::NatsCredentials(result) => match &mut state.screen {
            Screen::NatsAccount(account) => (
                accept(&mut account.credentials, id, result, page),
                Operation::ListNatsCredentials {
                    account: account.account.name.clone(),
                    region: account.account.region,
                },
            ),
            _ => return,
        },
        ApiAnswer::Credentials(result) => match &mut state.screen {
            Screen::Service(service) => (
                accept(&mut service.credentials, id, result, page),
                Operation::ListCredentials {
                    product: service.service.product(),
                    region,
                },
            ),
            _ => return,
        },
        ApiAnswer::Page { .. }
        | ApiAnswer::Projects(_)
        | ApiAnswer::Info(_)
        | ApiAnswer::Updated(_)
        | ApiAnswer::Revoked(_)
        | ApiAnswer::Created(_)
        | ApiAnswer::ReadBack(_)
        | ApiAnswer::Connection(_)
        | ApiAnswer::Found(_) => return,
    };
    if let Some((gone, left)) = accepted.marks_gone {
        state.toast = Some(Notice::MarksGone { gone, left });
    }
    if let Some(error) = accepted.failed {
        show_failure(state, op, error);
    }
}

/// The service status the Overview tab shows. A failure shows there; the credentials list
/// carries on.
pub(super) fn on_info(state: &mut State, id: RequestId, answer: ApiAnswer) {
    if let ApiAnswer::Info(result) = answer
        && let Screen::Service(service) = &mut state.screen
        && service.info == Info::Loading(id)
    {
        service.info = match result {
            Ok(info) => Info::Loaded(info),
            Err(error) => Info::Failed(error),
        };
    }
}

// Order, stale rows, layout

/// What the list on screen shows, if the screen shows a list: its filter, order and
/// selection, whatever its rows are.
pub(super) fn current_list(screen: &mut Screen) -> Option<&mut Shown> {
    match screen {
        Screen::Products { .. } => None,
        Screen::Service(page) if page.tab == ServiceTab::Credentials => {
            Some(page.credentials.shown_mut())
        }
        Screen::Service(_) => None,
        Screen::NatsAccounts(list) => Some(list.shown_mut()),
        Screen::NatsAccount(page) => Some(page.credentials.shown_mut()),
    }
}

/// `s` sorts the list on screen by the next key, `S` the other way; the selection stays on
/// the row the person chose (or on the first row).
pub(super) fn sort(state: &mut State, reverse: bool) -> Vec<Effect> {
    let page = state.layout.list_rows;
    let Some(list) = current_list(&mut state.screen) else {
        return Vec::new();
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
    Vec::new()
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
/// every event, so that a list made or loaded anywhere in the reducer is marked before it is
/// drawn; a list whose cutoff is already right is left as it is.
pub(super) fn mark_stale(state: &mut State) {
    let before = stale_cutoff(state.today, state.session.stale_days);
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(service) => service
            .credentials
            .shown_mut()
            .set_stale_before(before, page),
        Screen::NatsAccounts(accounts) => accounts.shown_mut().set_stale_before(before, page),
        Screen::NatsAccount(account) => {
            account.accounts.shown_mut().set_stale_before(before, page);
            account
                .credentials
                .shown_mut()
                .set_stale_before(before, page);
        }
    }
}

/// Gives the screen's lists the organisation's projects' names, which the filter of a list
/// over several projects matches. Called after every event, as [`mark_stale`]; a list that
/// has them already is left as it is.
pub(super) fn name_projects(state: &mut State) {
    let names = &state.project_names;
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(service) => service.credentials.name_projects(names, page),
        Screen::NatsAccounts(accounts) => accounts.name_projects(names, page),
        Screen::NatsAccount(account) => {
            account.accounts.name_projects(names, page);
            account.credentials.name_projects(names, page);
        }
    }
}

/// After a change of layout: every list keeps its selection on screen, the ones a tab or a
/// page hides too, so that they are right when shown again.
pub(super) fn clamp_lists(state: &mut State) {
    let page = state.layout.list_rows;
    match &mut state.screen {
        Screen::Products { .. } => {}
        Screen::Service(service) => service.credentials.shown_mut().clamp(page),
        Screen::NatsAccounts(accounts) => accounts.shown_mut().clamp(page),
        Screen::NatsAccount(account) => {
            account.accounts.shown_mut().clamp(page);
            account.credentials.shown_mut().clamp(page);
        }
    }
}

//! What becomes of a create: the answer (the secret pop-up, or for an account a note), the
//! new row shown at once and marked "propagating…" until it reads back, and after a lost
//! answer the recheck that tells whether the create happened (a create is never sent again
//! by itself).

use super::connection::known_endpoint;
use super::failures::show_failure;
use crate::call::{ApiAnswer, ApiCall, Created, CreatedRef, RequestId};
use crate::choice::Choice;
use crate::event::Effect;
use crate::form::{FormPurpose, FormStatus, Place};
use crate::requests::{Create, Pending};
use crate::screen::Screen;
use crate::secret::{CreatedCredentials, SecretPopup};
use crate::state::{CreatedRow, Notice, Operation, Popup, RevokeReason, State};
use crate::target::Target;
use mnq_api::ApiError;
use mnq_api::model::{NatsCredentials, Product, Region, Secret, Service, ServiceCredentials};

/// A create answered. Created: the secret pop-up (or, for an account, a note), the new row in
/// its list at once, and the read that waits for it to propagate. Failed: the form keeps what
/// was typed — unless the answer was lost, when a list tells whether it happened (it is never
/// sent again by itself).
pub(super) fn on_created(
    state: &mut State,
    id: RequestId,
    create: Create,
    result: Result<Created, ApiError>,
) -> Vec<Effect> {
    let form_waits =
        matches!(&state.popup, Some(Popup::Form(form)) if form.submitting() == Some(id));
    let created = match result {
        Ok(created) => created,
        Err(error) if error.is_outcome_unknown() => {
            return recheck(state, create, error, form_waits);
        }
        Err(error) => {
            match &mut state.popup {
                Some(Popup::Form(form)) if form_waits => form.status = FormStatus::Failed(error),
                _ => show_failure(state, create_operation(&create), error),
            }
            return Vec::new();
        }
    };
    // An answer that does not fit its request is not acted on.
    let Some((row, read_back, secret)) = sort_out(state, create.purpose, created) else {
        return Vec::new();
    };
    if form_waits {
        state.popup = None;
    }
    if let Some((credentials, replaces)) = secret {
        show_secret(state, credentials, replaces);
    }
    let read = state.requests.send(Pending::ReadBack);
    state.propagating.push((read, row));
    show_propagating(state);
    vec![Effect::Api(read, ApiCall::ReadBack(read_back))]
}

/// A create's answer was lost: the list that tells whether it happened, which the form waits
/// for.
fn recheck(state: &mut State, create: Create, error: ApiError, form_waits: bool) -> Vec<Effect> {
    let call = recheck_call(&create.purpose);
    let recheck = state
        .requests
        .send(Pending::Recheck(Box::new(create.clone())));
    match &mut state.popup {
        Some(Popup::Form(form)) if form_waits => {
            form.status = FormStatus::Checking(recheck);
        }
        _ => show_failure(state, create_operation(&create), error),
    }
    vec![Effect::Api(recheck, call)]
}

/// Created credentials as the secret pop-up shows them, with those a rotation replaces.
type ToShow = (CreatedCredentials, Option<Target>);

/// What a create's answer gives: the row for its list, how to read it back, and for
/// credentials what the secret pop-up shows. An account's note is set here. `None` when the
/// answer does not fit the request.
fn sort_out(
    state: &mut State,
    purpose: FormPurpose,
    created: Created,
) -> Option<(CreatedRow, CreatedRef, Option<ToShow>)> {
    match (purpose, created) {
        (
            FormPurpose::Generate {
                place: Place::Service { service, .. },
                replaces,
            },
            Created::Credentials(credentials),
        ) => {
            let endpoint = service_endpoint(state, service, credentials.region);
            let listed = ServiceCredentials {
                secret_key: Secret::default(),
                ..credentials.clone()
            };
            let read_back = CreatedRef::Credentials {
                service,
                region: credentials.region,
                id: credentials.id.clone(),
            };
            let shown = CreatedCredentials::Service {
                service,
                credentials,
                endpoint,
            };
            let row = CreatedRow::Credentials(service, listed);
            Some((row, read_back, Some((shown, replaces))))
        }
        (
            FormPurpose::Generate {
                place: Place::Nats(account),
                replaces,
            },
            Created::NatsCredentials(credentials),
        ) => {
            let listed = NatsCredentials {
                credentials: None,
                ..credentials.clone()
            };
            let read_back = CreatedRef::NatsCredentials {
                region: account.region,
                id: credentials.id.clone(),
            };
            let shown = CreatedCredentials::Nats {
                account,
                credentials,
            };
            let row = CreatedRow::NatsCredentials(listed);
            Some((row, read_back, Some((shown, replaces))))
        }
        (FormPurpose::CreateAccount { region, .. }, Created::NatsAccount(account)) => {
            state.toast = Some(Notice::AccountCreated {
                name: account.name.clone(),
                region,
            });
            let read_back = CreatedRef::NatsAccount {
                region,
                id: account.id.clone(),
            };
            Some((CreatedRow::NatsAccount(account), read_back, None))
        }
        _ => None,
    }
}

/// The secret pop-up of new credentials. The secret is shown once and must be seen: it takes
/// the slot, and a failure shown there waits for it.
fn show_secret(state: &mut State, credentials: CreatedCredentials, replaces: Option<Target>) {
    if let Some(old) = &replaces {
        state
            .replaced
            .insert(old.id.clone(), credentials.name().to_owned());
    }
    if let Some(Popup::Failure(failure)) = state.popup.take() {
        state.waiting_failures.push_front(failure);
    }
    let popup = SecretPopup::new(credentials, replaces);
    state.popup = Some(Popup::Secret(Box::new(popup)));
}

/// What a failed create attempted, for its message.
fn create_operation(create: &Create) -> Operation {
    Operation::Create {
        product: create.purpose.product(),
        region: create.purpose.region(),
        name: create.name.clone(),
        account: matches!(create.purpose, FormPurpose::CreateAccount { .. }),
    }
}

/// The endpoint the SDKs of new Queues or Topics and Events credentials talk to: as the
/// Overview read it, or the API's usual one.
fn service_endpoint(state: &State, service: Service, region: Region) -> String {
    known_endpoint(state, service, region)
        .unwrap_or_else(|| format!("https://{}.mnq.{region}.scaleway.com", service.api_name()))
}

/// The list in which a lost create's result would show.
fn recheck_call(purpose: &FormPurpose) -> ApiCall {
    match purpose {
        FormPurpose::Generate {
            place:
                Place::Service {
                    service,
                    region,
                    project_id,
                },
            ..
        } => ApiCall::ListCredentials {
            service: *service,
            region: *region,
            project_id: project_id.clone(),
        },
        FormPurpose::Generate {
            place: Place::Nats(account),
            ..
        } => ApiCall::ListNatsCredentials {
            region: account.region,
            project_id: account.project_id.clone(),
            account: account.id.clone(),
        },
        FormPurpose::CreateAccount { region, project_id } => ApiCall::ListNatsAccounts {
            region: *region,
            project_id: project_id.clone(),
        },
        FormPurpose::Update { target, service } => ApiCall::ListCredentials {
            service: *service,
            region: target.region,
            project_id: target.project_id.clone(),
        },
    }
}

/// The list after a create whose answer was lost: something of that name the console did not
/// know means the create happened and its secret is lost (offer to revoke it); nothing means
/// it did not, and the form can be sent again.
pub(super) fn on_recheck(state: &mut State, id: RequestId, create: Create, answer: ApiAnswer) {
    let form_waits =
        matches!(&state.popup, Some(Popup::Form(form)) if form.submitting() == Some(id));
    let propagating_ids: Vec<String> = state.propagating.iter().map(|(_, row)| row.id()).collect();
    let unseen = |id: String, name: &str| {
        name == create.name && !create.known.contains(&id) && !propagating_ids.contains(&id)
    };
    let found: Result<Option<CreatedRow>, ApiError> = match (answer, &create.purpose) {
        (
            ApiAnswer::Credentials(rows),
            FormPurpose::Generate {
                place: Place::Service { service, .. },
                ..
            },
        ) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(|row| CreatedRow::Credentials(*service, row))
        }),
        (ApiAnswer::NatsCredentials(rows), _) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(CreatedRow::NatsCredentials)
        }),
        (ApiAnswer::NatsAccounts(rows), _) => rows.map(|rows| {
            rows.into_iter()
                .find(|row| unseen(row.id.to_string(), &row.name))
                .map(CreatedRow::NatsAccount)
        }),
        _ => return,
    };
    let status = match found {
        Ok(None) => FormStatus::NothingCreated,
        Err(error) => FormStatus::CheckFailed(error),
        Ok(Some(row)) => {
            if form_waits {
                state.popup = None;
            }
            show_created(state, &row, false);
            match lost_secret_target(&row, &create.purpose) {
                Some(target) if state.popup.is_none() => {
                    state.popup = Some(Popup::Revoke {
                        target,
                        focus: Choice::Cancel,
                        reason: RevokeReason::SecretLost,
                    });
                }
                Some(_) => {}
                None => {
                    if let CreatedRow::NatsAccount(account) = &row {
                        state.toast = Some(Notice::AccountCreated {
                            name: account.name.clone(),
                            region: account.region,
                        });
                    }
                }
            }
            return;
        }
    };
    match &mut state.popup {
        Some(Popup::Form(form)) if form_waits => form.status = status,
        _ => {
            if let FormStatus::CheckFailed(error) = status {
                let op = Operation::CheckCreate {
                    product: create.purpose.product(),
                    region: create.purpose.region(),
                    name: create.name.clone(),
                    account: matches!(create.purpose, FormPurpose::CreateAccount { .. }),
                };
                show_failure(state, op, error);
            }
        }
    }
}

/// The credentials a lost create created, as a revoke target (a NATS account has no secret to
/// lose).
fn lost_secret_target(created: &CreatedRow, purpose: &FormPurpose) -> Option<Target> {
    match (created, purpose) {
        (CreatedRow::Credentials(service, row), _) => Some(Target {
            product: service.product(),
            region: row.region,
            project_id: row.project_id.clone(),
            id: row.id.clone(),
            name: row.name.clone(),
            key: row.access_key.clone(),
            account: None,
        }),
        (
            CreatedRow::NatsCredentials(row),
            FormPurpose::Generate {
                place: Place::Nats(account),
                ..
            },
        ) => Some(Target {
            product: Product::Nats,
            region: account.region,
            project_id: account.project_id.clone(),
            id: row.id.clone(),
            name: row.name.clone(),
            key: row.checksum.clone(),
            account: Some(account.name.clone()),
        }),
        _ => None,
    }
}

/// What the console created reads back now (or still does not after the wait, which is said).
pub(super) fn on_read_back(state: &mut State, id: RequestId, result: Result<(), ApiError>) {
    let Some(at) = state.propagating.iter().position(|(read, _)| *read == id) else {
        return;
    };
    let (_, created) = state.propagating.remove(at);
    unmark_propagating(&mut state.screen, &created);
    if let Err(error) = result {
        let op = Operation::ReadBack {
            product: created.product(),
            region: created.region(state.region),
            name: created.name().to_owned(),
        };
        show_failure(state, op, error);
    }
}

/// What the console created was revoked: it is no longer waited for — its read-back is
/// cancelled, and it is not put back into the lists (it would come back as if live).
pub(super) fn forget_propagating(state: &mut State, id: &str) -> Vec<Effect> {
    let (forgotten, kept) = std::mem::take(&mut state.propagating)
        .into_iter()
        .partition(|(_, created)| created.id() == id);
    state.propagating = kept;
    forgotten
        .into_iter()
        .filter(|(read, _)| state.requests.answered(*read).is_some())
        .map(|(read, _)| Effect::Cancel(read))
        .collect()
}

/// Puts what the console created into the list on screen, if it belongs there and is not in it
/// (a list answer from before it propagated), marked "propagating…".
pub(super) fn show_propagating(state: &mut State) {
    let propagating = std::mem::take(&mut state.propagating);
    for (_, created) in &propagating {
        show_created(state, created, true);
    }
    state.propagating = propagating;
}

/// Adds a row the console created to the list on screen if it belongs there.
fn show_created(state: &mut State, created: &CreatedRow, propagating: bool) {
    let page = state.layout.list_rows;
    let shown = match created {
        CreatedRow::Credentials(_, row) => state.shows(row.region, &row.project_id),
        CreatedRow::NatsAccount(row) => state.shows(row.region, &row.project_id),
        CreatedRow::NatsCredentials(_) => true,
    };
    match (&mut state.screen, created) {
        (Screen::Service(list), CreatedRow::Credentials(service, row))
            if list.service == *service && shown =>
        {
            list.credentials.add(row.clone(), page);
            if propagating {
                list.credentials.set_propagating(&row.id, true);
            }
        }
        (Screen::NatsAccount(account), CreatedRow::NatsCredentials(row))
            if row.nats_account_id == account.account.id =>
        {
            account.credentials.add(row.clone(), page);
            if propagating {
                account.credentials.set_propagating(&row.id, true);
            }
        }
        (Screen::NatsAccounts(list), CreatedRow::NatsAccount(row)) if shown => {
            list.add(row.clone(), page);
            if propagating {
                list.set_propagating(&row.id, true);
            }
        }
        _ => {}
    }
}

fn unmark_propagating(screen: &mut Screen, created: &CreatedRow) {
    match (screen, created) {
        (Screen::Service(list), CreatedRow::Credentials(_, row)) => {
            list.credentials.set_propagating(&row.id, false);
        }
        (Screen::NatsAccount(account), CreatedRow::NatsCredentials(row)) => {
            account.credentials.set_propagating(&row.id, false);
        }
        (Screen::NatsAccounts(list), CreatedRow::NatsAccount(row)) => {
            list.set_propagating(&row.id, false);
        }
        _ => {}
    }
}

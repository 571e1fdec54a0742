//! The worker: the only door to the network. It owns the [`Client`], takes the console's
//! [`Order`]s over a bounded channel, runs each call as its own task, and sends every answer
//! back with the id of its request.
//!
//! At most [`MAX_CALLS`] calls run at once; the others wait their turn. A read the console no
//! longer waits for (the person moved to another list, or reloaded) is cancelled: its task is
//! aborted, so a long listing stops asking for pages. A revoke or an update is never
//! cancelled, even if asked: once sent, its outcome must be known.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use futures::StreamExt;
use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::api::model::Resource;
use crate::api::{ApiError, Client, ListQuery, Pages, WholeList};
use crate::app::{ApiAnswer, ApiCall, Created, CreatedRef, Page, RequestId};

/// Orders waiting for the worker; the console waits when this many are queued.
pub const QUEUE: usize = 64;

/// Calls that run at once; each listing reads its own pages concurrently besides.
pub const MAX_CALLS: usize = 8;

/// A listing's pages go to the console as they arrive, the first at once, then together at
/// most this often: each costs the console a pass over the rows it has, and a few updates a
/// second is all a person can follow.
const PAGES_EVERY: Duration = Duration::from_millis(100);

/// What the console asks of the worker.
#[derive(Debug, Clone, PartialEq)]
pub enum Order {
    Call(RequestId, ApiCall),
    /// Stop a read whose answer nobody waits for any more; no answer will come.
    Cancel(RequestId),
}

/// Starts the worker; answers go to `answers`.
pub fn spawn(client: Client, answers: mpsc::Sender<(RequestId, ApiAnswer)>) -> mpsc::Sender<Order> {
    let (orders, mut queue) = mpsc::channel::<Order>(QUEUE);
    tokio::spawn(async move {
        let turns = Arc::new(Semaphore::new(MAX_CALLS));
        // The reads still running, to abort on a cancel.
        let mut reads: HashMap<RequestId, AbortHandle> = HashMap::new();
        while let Some(order) = queue.recv().await {
            reads.retain(|_, task| !task.is_finished());
            match order {
                Order::Call(id, call) => {
                    let is_read = !call.is_mutation();
                    let task = tokio::spawn(run(
                        client.clone(),
                        Arc::clone(&turns),
                        answers.clone(),
                        id,
                        call,
                    ));
                    if is_read {
                        reads.insert(id, task.abort_handle());
                    }
                }
                Order::Cancel(id) => {
                    if let Some(task) = reads.remove(&id) {
                        tracing::debug!(?id, "cancel");
                        task.abort();
                    }
                }
            }
        }
    });
    orders
}

/// Runs one call when its turn comes and sends the answer back; a listing's pages go before.
async fn run(
    client: Client,
    turns: Arc<Semaphore>,
    answers: mpsc::Sender<(RequestId, ApiAnswer)>,
    id: RequestId,
    call: ApiCall,
) {
    // The semaphore is never closed.
    let Ok(_turn) = turns.acquire().await else {
        return;
    };
    tracing::debug!(?id, ?call, "call");
    let answer = carry_out(
        &client,
        call,
        Some(ShowPages {
            answers: &answers,
            id,
        }),
    )
    .await;
    tracing::debug!(?id, ?answer, "answer");
    // The console may have quit; then nobody needs the answer.
    let _ = answers.send((id, answer)).await;
}

/// Where a listing's pages go as they arrive: to the console, as answers to request `id`.
struct ShowPages<'a> {
    answers: &'a mpsc::Sender<(RequestId, ApiAnswer)>,
    id: RequestId,
}

/// Carries out one call, answering once (a list's pages are not shown as they arrive).
pub async fn execute(client: &Client, call: ApiCall) -> ApiAnswer {
    carry_out(client, call, None).await
}

/// Carries out one call; a listing shows its pages to `show` as they arrive.
async fn carry_out(client: &Client, call: ApiCall, show: Option<ShowPages<'_>>) -> ApiAnswer {
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => ApiAnswer::NatsAccounts(
            read_listing(
                client.list_nats_accounts(region, &ListQuery::project(project_id)),
                Page::NatsAccounts,
                show,
            )
            .await,
        ),
        ApiCall::ListNatsCredentials {
            region,
            project_id,
            account,
        } => ApiAnswer::NatsCredentials(
            read_listing(
                client.list_nats_credentials(
                    region,
                    &ListQuery::project(project_id),
                    Some(&account),
                ),
                Page::NatsCredentials,
                show,
            )
            .await,
        ),
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => ApiAnswer::Credentials(
            read_listing(
                client.list_credentials(service, region, &ListQuery::project(project_id)),
                Page::Credentials,
                show,
            )
            .await,
        ),
        ApiCall::ListProjects { organization_id } => {
            ApiAnswer::Projects(client.list_projects(&organization_id).await)
        }
        ApiCall::GetInfo {
            service,
            region,
            project_id,
        } => ApiAnswer::Info(client.get_info(service, region, &project_id).await),
        ApiCall::UpdateCredentials {
            service,
            region,
            id,
            request,
        } => ApiAnswer::Updated(
            client
                .update_credentials(service, region, &id, &request)
                .await,
        ),
        ApiCall::Revoke(credentials) => ApiAnswer::Revoked(match credentials.product.service() {
            Some(service) => {
                client
                    .delete_credentials(service, credentials.region, &credentials.id)
                    .await
            }
            None => {
                client
                    .delete_nats_credentials(credentials.region, &credentials.id)
                    .await
            }
        }),
        ApiCall::CreateCredentials {
            service,
            region,
            request,
        } => ApiAnswer::Created(
            client
                .create_credentials(service, region, &request)
                .await
                .map(Created::Credentials),
        ),
        ApiCall::CreateNatsCredentials { region, request } => ApiAnswer::Created(
            client
                .create_nats_credentials(region, &request)
                .await
                .map(Created::NatsCredentials),
        ),
        ApiCall::CreateNatsAccount { region, request } => ApiAnswer::Created(
            client
                .create_nats_account(region, &request)
                .await
                .map(Created::NatsAccount),
        ),
        ApiCall::FindFile { path, projects } => {
            ApiAnswer::Found(crate::find::search(client, &path, projects).await)
        }
        ApiCall::TestConnection(check) => ApiAnswer::Connection(
            crate::connection::test(&check, client, &crate::files::Places::from_env()).await,
        ),
        // The reads that tolerate the API's propagation delay after our own create.
        ApiCall::ReadBack(made) => ApiAnswer::ReadBack(match made {
            CreatedRef::Credentials {
                service,
                region,
                id,
            } => client
                .get_credentials_after_create(service, region, &id)
                .await
                .map(drop),
            CreatedRef::NatsCredentials { region, id } => client
                .get_nats_credentials_after_create(region, &id)
                .await
                .map(drop),
            CreatedRef::NatsAccount { region, id } => client
                .get_nats_account_after_create(region, &id)
                .await
                .map(drop),
        }),
    }
}

/// Reads a listing to its end, for its whole list. With `show`, its pages go to the console
/// as they arrive: the first at once, then what arrived in each [`PAGES_EVERY`] as one.
async fn read_listing<T: Resource + Clone + Send + 'static>(
    mut pages: Pages<T>,
    rows: fn(Vec<T>) -> Page,
    show: Option<ShowPages<'_>>,
) -> Result<Vec<T>, ApiError> {
    let Some(show) = show else {
        return pages.await;
    };
    let mut whole = WholeList::default();
    // Rows that arrived since the last pages shown, and the total announced so far.
    let mut waiting: Option<(Vec<T>, u64)> = None;
    let mut next_show = Instant::now();
    loop {
        tokio::select! {
            // Pages that are due go first, however fast the next ones arrive.
            biased;
            () = tokio::time::sleep_until(next_show), if waiting.is_some() => {
                if let Some((arrived, total)) = waiting.take() {
                    let page = ApiAnswer::Page { rows: rows(arrived), total };
                    // The console may have quit; the listing's end will tell.
                    let _ = show.answers.send((show.id, page)).await;
                }
                next_show = Instant::now() + PAGES_EVERY;
            }
            page = pages.next() => match page {
                Some(Ok(page)) => {
                    let (arrived, total) = waiting.get_or_insert_with(|| (Vec::new(), 0));
                    arrived.extend(page.items.iter().cloned());
                    *total = (*total).max(page.total);
                    whole.add(page);
                }
                Some(Err(error)) => return Err(error),
                // The whole list goes at once: pages still waiting would only come before it.
                None => return Ok(whole.finish()),
            },
        }
    }
}

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

use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;
use tokio::time::Instant;

use crate::api::Client;
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

/// Runs one call when its turn comes and sends the answer back.
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
    let (pages, arriving) = mpsc::unbounded_channel();
    let listing = async move {
        let on_page = |page: Page, total: u64| {
            // The forwarding ends only after the listing: it is there to take this.
            let _ = pages.send(ApiAnswer::Page { rows: page, total });
        };
        execute_with_pages(&client, call, &on_page).await
    };
    let (answer, ()) = tokio::join!(listing, forward_pages(arriving, &answers, id));
    tracing::debug!(?id, ?answer, "answer");
    // The console may have quit; then nobody needs the answer.
    let _ = answers.send((id, answer)).await;
}

/// Sends a listing's pages on to the console: the first at once, then what arrived in each
/// [`PAGES_EVERY`] as one. Ends when the listing does.
async fn forward_pages(
    mut arriving: mpsc::UnboundedReceiver<ApiAnswer>,
    answers: &mpsc::Sender<(RequestId, ApiAnswer)>,
    id: RequestId,
) {
    let mut next_send = Instant::now();
    while let Some(mut batch) = arriving.recv().await {
        loop {
            match tokio::time::timeout_at(next_send, arriving.recv()).await {
                Ok(Some(ApiAnswer::Page { rows, total })) => {
                    if let ApiAnswer::Page {
                        rows: batch_rows,
                        total: batch_total,
                    } = &mut batch
                    {
                        batch_rows.extend(rows);
                        *batch_total = (*batch_total).max(total);
                    }
                }
                Ok(Some(_)) => {}
                // The listing ended, or it is time to send.
                Ok(None) | Err(_) => break,
            }
        }
        if answers.send((id, batch)).await.is_err() {
            return;
        }
        next_send = Instant::now() + PAGES_EVERY;
    }
}
/// Carries out one call, answering once (a list's pages are not shown as they arrive).
pub async fn execute(client: &Client, call: ApiCall) -> ApiAnswer {
    execute_with_pages(client, call, &|_, _| {}).await
}

/// Carries out one call; a list shows its pages to `on_page` as they arrive.
async fn execute_with_pages(
    client: &Client,
    call: ApiCall,
    on_page: &(dyn Fn(Page, u64) + Sync),
) -> ApiAnswer {
    use crate::api::ListQuery;
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => ApiAnswer::NatsAccounts(
            client
                .list_nats_accounts_with_progress(
                    region,
                    &ListQuery::project(project_id),
                    &|rows, total| on_page(Page::NatsAccounts(rows.to_vec()), total),
                )
                .await,
        ),
        ApiCall::ListNatsCredentials {
            region,
            project_id,
            account,
        } => ApiAnswer::NatsCredentials(
            client
                .list_nats_credentials_with_progress(
                    region,
                    &ListQuery::project(project_id),
                    Some(&account),
                    &|rows, total| on_page(Page::NatsCredentials(rows.to_vec()), total),
                )
                .await,
        ),
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => ApiAnswer::Credentials(
            client
                .list_credentials_with_progress(
                    service,
                    region,
                    &ListQuery::project(project_id),
                    &|rows, total| on_page(Page::Credentials(rows.to_vec()), total),
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

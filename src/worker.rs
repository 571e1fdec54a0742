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

use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;

use crate::api::Client;
use crate::app::{ApiAnswer, ApiCall, Created, Made, RequestId};

/// Orders waiting for the worker; the console waits when this many are queued.
pub const QUEUE: usize = 64;

/// Calls that run at once; each listing reads its own pages concurrently besides.
pub const MAX_CALLS: usize = 8;

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
    let answer = execute(&client, call).await;
    tracing::debug!(?id, ?answer, "answer");
    // The console may have quit; then nobody needs the answer.
    let _ = answers.send((id, answer)).await;
}
/// Carries out one call.
pub async fn execute(client: &Client, call: ApiCall) -> ApiAnswer {
    use crate::api::ListQuery;
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => ApiAnswer::NatsAccounts(
            client
                .list_nats_accounts(region, &ListQuery::project(project_id))
                .await,
        ),
        ApiCall::ListNatsCredentials {
            region,
            project_id,
            account,
        } => ApiAnswer::NatsCredentials(
            client
                .list_nats_credentials(region, &ListQuery::project(project_id), Some(&account))
                .await,
        ),
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => ApiAnswer::Credentials(
            client
                .list_credentials(service, region, &ListQuery::project(project_id))
                .await,
        ),
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
        ApiCall::TestConnection { url, creds } => ApiAnswer::Connection(
            crate::connection::test(&url, &creds, &crate::files::Places::from_env()).await,
        ),
        // The reads that tolerate the API's propagation delay after our own create.
        ApiCall::Confirm(made) => ApiAnswer::Confirmed(match made {
            Made::Credentials {
                service,
                region,
                id,
            } => client
                .get_credentials_after_create(service, region, &id)
                .await
                .map(drop),
            Made::NatsCredentials { region, id } => client
                .get_nats_credentials_after_create(region, &id)
                .await
                .map(drop),
            Made::NatsAccount { region, id } => client
                .get_nats_account_after_create(region, &id)
                .await
                .map(drop),
        }),
    }
}

//! The worker: the only door to the network. It owns the [`Client`], takes the console's
//! [`ApiCall`]s over a bounded channel, runs each one as its own task, and sends every answer
//! back with the id of its request.

use tokio::sync::mpsc;

use crate::api::Client;
use crate::app::{ApiAnswer, ApiCall, RequestId};

/// Calls waiting for the worker; the console waits when this many are queued.
pub const QUEUE: usize = 64;

/// Starts the worker; answers go to `answers`.
pub fn spawn(
    client: Client,
    answers: mpsc::Sender<(RequestId, ApiAnswer)>,
) -> mpsc::Sender<(RequestId, ApiCall)> {
    let (calls, mut queue) = mpsc::channel::<(RequestId, ApiCall)>(QUEUE);
    tokio::spawn(async move {
        while let Some((id, call)) = queue.recv().await {
            let client = client.clone();
            let answers = answers.clone();
            tokio::spawn(async move {
                tracing::debug!(?id, ?call, "call");
                let answer = execute(&client, call).await;
                tracing::debug!(?id, ?answer, "answer");
                // The console may have quit; then nobody needs the answer.
                let _ = answers.send((id, answer)).await;
            });
        }
    });
    calls
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
        ApiCall::Revoke(target) => ApiAnswer::Revoked(match target.product.service() {
            Some(service) => {
                client
                    .delete_credentials(service, target.region, &target.id)
                    .await
            }
            None => {
                client
                    .delete_nats_credentials(target.region, &target.id)
                    .await
            }
        }),
    }
}

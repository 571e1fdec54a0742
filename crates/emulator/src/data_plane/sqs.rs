//! Queues (SQS) in the AWS JSON 1.0 protocol, what current AWS SDKs send (boto3 since
//! botocore 1.34.90): `POST` with `X-Amz-Target: AmazonSQS.<Action>` and a JSON body, JSON
//! answers. Errors carry `__type` and, for SDKs that still name errors as the query protocol
//! did, `x-amzn-query-error` (boto3 reports that code: `AWS.SimpleQueueService.NonExistentQueue`,
//! `AccessDenied`, `InvalidClientTokenId`...).
//!
//! The query protocol (form-encoded `Action=...`, XML answers) of older SDKs is not served: it
//! gets an error that says so.

mod error;
mod wire;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use super::messages::{Receive, check_batch};
use super::queues::QueueError;
use super::{Caller, Needs, Place, Received, authenticate};
use crate::Shared;
use error::{SqsError, unsupported};
use mnq_api::model::{Region, Service, Timestamp};
use wire::{
    BatchInput, CreateQueueInput, DeleteEntry, DeleteInput, GetAttributesInput, ListQueuesInput,
    QueueNameInput, QueueUrlInput, ReceiveInput, SendBatchInput, SendInput, SetAttributesInput,
    VisibilityEntry, VisibilityInput, answer, delivered_json, failed, input,
};

/// What each action needs (Scaleway's "Queues support" table). Actions not listed are not
/// served.
fn needs(action: &str) -> Option<Needs> {
    Some(match action {
        "CreateQueue" | "DeleteQueue" | "ListQueues" | "SetQueueAttributes" | "PurgeQueue" => {
            Needs::Manage
        }
        "SendMessage" | "SendMessageBatch" => Needs::Write,
        "ReceiveMessage" | "DeleteMessage" | "DeleteMessageBatch" => Needs::Read,
        "ChangeMessageVisibility" | "ChangeMessageVisibilityBatch" => Needs::ReadOrManage,
        "GetQueueUrl" | "GetQueueAttributes" => Needs::AnyPermission,
        _ => return None,
    })
}

/// Every request to `/sqs/{region}…`.
pub(crate) async fn serve(
    State(shared): State<Arc<Shared>>,
    Path(params): Path<HashMap<String, String>>,
    request: Request,
) -> Response {
    match handle(&shared, &params, request).await {
        Ok(body) => answer(StatusCode::OK, &body),
        Err(error) => error.into_response(),
    }
}

async fn handle(
    shared: &Arc<Shared>,
    params: &HashMap<String, String>,
    request: Request,
) -> Result<Value, SqsError> {
    let region: Region = params
        .get("region")
        .and_then(|region| region.parse().ok())
        .ok_or_else(|| {
            SqsError::new(
                StatusCode::NOT_FOUND,
                "InvalidAddress",
                "InvalidAddress",
                "Queues exist in fr-par and nl-ams: the endpoint is …/sqs/fr-par or …/sqs/nl-ams",
            )
        })?;
    let received = Received::read(request).await.ok_or_else(|| {
        SqsError::invalid("The request body is larger than 1 MiB, or was cut short.")
    })?;
    let Some(action) = received
        .header("x-amz-target")
        .and_then(|target| target.strip_prefix("AmazonSQS."))
        .map(str::to_owned)
    else {
        return Err(SqsError::new(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "InvalidAction",
            "This endpoint serves SQS in the AWS JSON 1.0 protocol (X-Amz-Target: \
             AmazonSQS.<Action>), which current AWS SDKs send (boto3 since 1.34.90); the \
             older query protocol is not emulated.",
        ));
    };
    let caller = authenticate(shared, Service::Sqs, region, &received)?;
    let Some(needs) = needs(&action) else {
        return Err(unsupported(&action));
    };
    if !needs.allows(caller.permissions) {
        return Err(SqsError::new(
            StatusCode::FORBIDDEN,
            "AccessDeniedException",
            "AccessDenied",
            needs.refusal(&action, caller.permissions),
        ));
    }
    let body: Value = if received.body.iter().all(u8::is_ascii_whitespace) {
        json!({})
    } else {
        serde_json::from_slice(&received.body).map_err(|error| {
            SqsError::new(
                StatusCode::BAD_REQUEST,
                "SerializationException",
                "SerializationException",
                format!("the body is not JSON: {error}"),
            )
        })?
    };
    let queues = Queues {
        shared,
        caller: &caller,
        endpoint: shared.service_endpoint(Service::Sqs, region),
    };
    queues.act(&action, body).await
}

/// One request's view of the queues: the caller, and the endpoint its queue URLs start with.
struct Queues<'a> {
    shared: &'a Arc<Shared>,
    caller: &'a Caller,
    endpoint: String,
}

/// How long a receive may wait for a message, at most (SQS's long polling).
const MAX_WAIT_SECONDS: u32 = 20;

impl Queues<'_> {
    fn place(&self) -> &Place {
        &self.caller.place
    }

    fn url(&self, name: &str) -> String {
        format!(
            "{}/project-{}/{name}",
            self.endpoint, self.caller.place.project_id
        )
    }

    /// The name of the caller's queue a URL names: `…/project-<id>/<name>`. Another
    /// project's queue does not exist for the caller.
    fn name_in(&self, url: &str) -> Result<String, QueueError> {
        let mut segments = url.trim_end_matches('/').rsplit('/');
        let name = segments.next().unwrap_or_default();
        let project = segments
            .next()
            .and_then(|segment| segment.strip_prefix("project-"));
        match project {
            Some(project) if project == self.caller.place.project_id.as_str() => {
                Ok(name.to_owned())
            }
            _ => Err(QueueError::DoesNotExist),
        }
    }

    async fn change<T>(
        &self,
        change: impl FnOnce(&mut super::DataPlane, &Place, Timestamp) -> Result<T, QueueError>,
    ) -> Result<T, SqsError> {
        let place = self.place().clone();
        self.shared
            .change(|store, now| change(&mut store.data_plane, &place, now).map_err(SqsError::from))
            .await
    }

    async fn act(&self, action: &str, body: Value) -> Result<Value, SqsError> {
        match action {
            "CreateQueue" => {
                let input: CreateQueueInput = input(body)?;
                self.change(|plane, place, now| {
                    plane.create_queue(place, &input.queue_name, &input.attributes, now)
                })
                .await?;
                Ok(json!({ "QueueUrl": self.url(&input.queue_name) }))
            }
            "GetQueueUrl" => {
                let input: QueueNameInput = input(body)?;
                self.shared.read(|store| {
                    store
                        .data_plane
                        .queue(self.place(), &input.queue_name)
                        .map(|_| ())
                })?;
                Ok(json!({ "QueueUrl": self.url(&input.queue_name) }))
            }
            "ListQueues" => self.list_queues(input(body)?),
            "GetQueueAttributes" => {
                let input: GetAttributesInput = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                let attributes = self.shared.read(|store| {
                    store.data_plane.queue(self.place(), &name)?.attributes(
                        self.place(),
                        &input.attribute_names,
                        Timestamp::now(),
                    )
                })?;
                Ok(if attributes.is_empty() {
                    json!({})
                } else {
                    json!({ "Attributes": attributes })
                })
            }
            "SetQueueAttributes" => {
                let input: SetAttributesInput = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                self.change(|plane, place, now| {
                    plane.set_queue_attributes(place, &name, &input.attributes, now)
                })
                .await?;
                Ok(json!({}))
            }
            "DeleteQueue" => {
                let name = self.name_in(&input::<QueueUrlInput>(body)?.queue_url)?;
                self.change(|plane, place, _| plane.delete_queue(place, &name))
                    .await?;
                Ok(json!({}))
            }
            "PurgeQueue" => {
                let name = self.name_in(&input::<QueueUrlInput>(body)?.queue_url)?;
                self.change(|plane, place, _| plane.purge_queue(place, &name))
                    .await?;
                Ok(json!({}))
            }
            "SendMessage" => self.send(input(body)?).await,
            "SendMessageBatch" => self.send_batch(input(body)?).await,
            "ReceiveMessage" => self.receive(input(body)?).await,
            "DeleteMessage" => {
                let input: DeleteInput = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                self.change(|plane, place, _| {
                    plane.delete_message(place, &name, &input.receipt_handle)
                })
                .await?;
                Ok(json!({}))
            }
            "DeleteMessageBatch" => {
                let input: BatchInput<DeleteEntry> = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                let ids: Vec<&str> = input.entries.iter().map(|e| e.id.as_str()).collect();
                check_batch(&ids)?;
                self.change(|plane, place, _| {
                    plane.queue(place, &name)?;
                    Ok(batch_answer(input.entries.iter().map(|entry| {
                        (
                            entry.id.as_str(),
                            plane.delete_message(place, &name, &entry.receipt_handle),
                        )
                    })))
                })
                .await
            }
            "ChangeMessageVisibility" => {
                let input: VisibilityInput = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                self.change(|plane, place, now| {
                    plane.change_visibility(
                        place,
                        &name,
                        &input.receipt_handle,
                        input.visibility_timeout,
                        now,
                    )
                })
                .await?;
                self.shared.arrivals.notify_waiters();
                Ok(json!({}))
            }
            "ChangeMessageVisibilityBatch" => {
                let input: BatchInput<VisibilityEntry> = input(body)?;
                let name = self.name_in(&input.queue_url)?;
                let ids: Vec<&str> = input.entries.iter().map(|e| e.id.as_str()).collect();
                check_batch(&ids)?;
                let answer = self
                    .change(|plane, place, now| {
                        plane.queue(place, &name)?;
                        Ok(batch_answer(input.entries.iter().map(|entry| {
                            let changed = plane.change_visibility(
                                place,
                                &name,
                                &entry.receipt_handle,
                                entry.visibility_timeout,
                                now,
                            );
                            (entry.id.as_str(), changed)
                        })))
                    })
                    .await?;
                self.shared.arrivals.notify_waiters();
                Ok(answer)
            }
            _ => Err(unsupported(action)),
        }
    }

    fn list_queues(&self, input: ListQueuesInput) -> Result<Value, SqsError> {
        let names = self.shared.read(|store| {
            store
                .data_plane
                .queue_names(self.place(), &input.queue_name_prefix)
        });
        let start = match &input.next_token {
            Some(token) => token
                .parse::<usize>()
                .map_err(|_| SqsError::invalid("Invalid NextToken value."))?,
            None => 0,
        };
        let size = match input.max_results {
            Some(size) if (1..=1000).contains(&size) => size,
            Some(_) => {
                return Err(SqsError::invalid(
                    "Value for parameter MaxResults is invalid. Reason: must be between 1 and 1000.",
                ));
            }
            None if input.next_token.is_some() => {
                return Err(SqsError::invalid("MaxResults is required with NextToken."));
            }
            None => 1000,
        };
        let page: Vec<String> = names
            .iter()
            .skip(start)
            .take(size)
            .map(|name| self.url(name))
            .collect();
        let mut answer = json!({});
        if !page.is_empty() {
            answer["QueueUrls"] = json!(page);
        }
        if input.max_results.is_some() && start + size < names.len() {
            answer["NextToken"] = (start + size).to_string().into();
        }
        Ok(answer)
    }

    async fn send(&self, input: SendInput) -> Result<Value, SqsError> {
        let name = self.name_in(&input.queue_url)?;
        let message = input.message.into_message()?;
        let sender = self.caller.access_key.clone();
        let sent = self
            .change(|plane, place, now| plane.send(place, &name, message, &sender, now))
            .await?;
        self.shared.arrivals.notify_waiters();
        let mut answer = json!({
            "MessageId": sent.message_id,
            "MD5OfMessageBody": sent.md5_of_body,
        });
        if let Some(md5) = sent.md5_of_attributes {
            answer["MD5OfMessageAttributes"] = md5.into();
        }
        Ok(answer)
    }

    async fn send_batch(&self, input: SendBatchInput) -> Result<Value, SqsError> {
        let name = self.name_in(&input.queue_url)?;
        let ids: Vec<&str> = input.entries.iter().map(|e| e.id.as_str()).collect();
        check_batch(&ids)?;
        let size: usize = input.entries.iter().map(|e| e.message.size()).sum();
        if size > 262_144 {
            return Err(QueueError::BatchRequestTooLong.into());
        }
        let sender = self.caller.access_key.clone();
        let answer = self
            .change(|plane, place, now| {
                plane.queue(place, &name)?;
                let mut successful = Vec::new();
                let mut failures = Vec::new();
                for entry in input.entries {
                    let sent = entry
                        .message
                        .into_message()
                        .and_then(|message| plane.send(place, &name, message, &sender, now));
                    match sent {
                        Ok(sent) => {
                            let mut done = json!({
                                "Id": entry.id,
                                "MessageId": sent.message_id,
                                "MD5OfMessageBody": sent.md5_of_body,
                            });
                            if let Some(md5) = sent.md5_of_attributes {
                                done["MD5OfMessageAttributes"] = md5.into();
                            }
                            successful.push(done);
                        }
                        Err(error) => failures.push(failed(&entry.id, &error)),
                    }
                }
                Ok(json!({ "Successful": successful, "Failed": failures }))
            })
            .await?;
        self.shared.arrivals.notify_waiters();
        Ok(answer)
    }

    /// Receives, waiting up to `WaitTimeSeconds` (or the queue's
    /// `ReceiveMessageWaitTimeSeconds`) for a message to arrive or become visible.
    async fn receive(&self, input: ReceiveInput) -> Result<Value, SqsError> {
        let name = self.name_in(&input.queue_url)?;
        let max_messages = input.max_number_of_messages.unwrap_or(1);
        if !(1..=10).contains(&max_messages) {
            return Err(SqsError::invalid(format!(
                "Value {max_messages} for parameter MaxNumberOfMessages is invalid. Reason: Must \
                 be between 1 and 10, if provided."
            )));
        }
        if input
            .visibility_timeout
            .is_some_and(|timeout| timeout > 43_200)
        {
            return Err(SqsError::invalid(
                "Value for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and \
                 43200.",
            ));
        }
        let queue_wait = self.shared.read(|store| {
            store
                .data_plane
                .queue(self.place(), &name)
                .map(|queue| queue.settings.receive_message_wait_time_seconds)
        })?;
        let wait = input.wait_time_seconds.unwrap_or(queue_wait);
        if wait > MAX_WAIT_SECONDS {
            return Err(SqsError::invalid(format!(
                "Value {wait} for parameter WaitTimeSeconds is invalid. Reason: Must be >= 0 and \
                 <= {MAX_WAIT_SECONDS}."
            )));
        }
        let mut attribute_names = input.attribute_names;
        attribute_names.extend(input.message_system_attribute_names);
        let receive = Receive {
            max_messages,
            visibility_timeout: input.visibility_timeout,
            attribute_names,
            message_attribute_names: input.message_attribute_names,
        };
        let deadline = tokio::time::Instant::now() + Duration::from_secs(u64::from(wait));
        loop {
            // Listening before looking: a message sent in between still wakes this receive.
            let arrival = self.shared.arrivals.notified();
            tokio::pin!(arrival);
            arrival.as_mut().enable();
            let now = Timestamp::now();
            let ready = self.shared.read(|store| {
                store
                    .data_plane
                    .queue(self.place(), &name)
                    .map(|queue| queue.next_visible(now))
            })?;
            let soonest = match ready {
                Ok(()) => {
                    let delivered = self
                        .change(|plane, place, now| plane.receive(place, &name, &receive, now))
                        .await?;
                    if !delivered.is_empty() {
                        let messages: Vec<Value> = delivered.iter().map(delivered_json).collect();
                        return Ok(json!({ "Messages": messages }));
                    }
                    None
                }
                Err(soonest) => soonest,
            };
            let mut wake = deadline;
            if let Some(soonest) = soonest {
                let until = soonest.0.duration_since(now.0).unsigned_abs();
                wake = wake.min(tokio::time::Instant::now() + until);
            }
            if tokio::time::Instant::now() >= deadline {
                return Ok(json!({}));
            }
            let _arrived_or_due = tokio::time::timeout_at(wake, arrival).await;
        }
    }
}

/// The answer of a batch whose entries each succeeded or failed.
fn batch_answer<'a>(results: impl Iterator<Item = (&'a str, Result<(), QueueError>)>) -> Value {
    let mut successful = Vec::new();
    let mut failures = Vec::new();
    for (id, result) in results {
        match result {
            Ok(()) => successful.push(json!({ "Id": id })),
            Err(error) => failures.push(failed(id, &error)),
        }
    }
    json!({ "Successful": successful, "Failed": failures })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_permission_table_is_scaleways() {
        use mnq_api::model::Permissions;
        let write = Permissions::new(true, false, false);
        let read = Permissions::new(false, true, false);
        let manage = Permissions::new(false, false, true);
        let cases = [
            ("CreateQueue", [false, false, true]),
            ("DeleteQueue", [false, false, true]),
            ("ListQueues", [false, false, true]),
            ("SetQueueAttributes", [false, false, true]),
            ("PurgeQueue", [false, false, true]),
            ("SendMessage", [true, false, false]),
            ("SendMessageBatch", [true, false, false]),
            ("ReceiveMessage", [false, true, false]),
            ("DeleteMessage", [false, true, false]),
            ("DeleteMessageBatch", [false, true, false]),
            ("ChangeMessageVisibility", [false, true, true]),
            ("ChangeMessageVisibilityBatch", [false, true, true]),
            ("GetQueueUrl", [true, true, true]),
            ("GetQueueAttributes", [true, true, true]),
        ];
        for (action, allowed) in cases {
            let needs = needs(action).unwrap();
            assert_eq!(
                [
                    needs.allows(write),
                    needs.allows(read),
                    needs.allows(manage)
                ],
                allowed,
                "{action}"
            );
            assert!(!needs.allows(Permissions::default()), "{action}");
        }
        assert_eq!(needs("TagQueue"), None);
    }
}

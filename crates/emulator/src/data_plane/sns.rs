//! Topics and Events (SNS) in the query protocol, what every AWS SDK sends: form-encoded
//! `Action=…&Version=2010-03-31` (lists as `Name.member.N`, maps as `Name.entry.N.key/value`),
//! XML answers, and errors as `<ErrorResponse><Error><Type/><Code/><Message/></Error>`.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use super::messages::{MessageAttribute, check_batch};
use super::queues::QueueError;
use super::topics::{Listed, Publication, TopicError};
use super::{AuthFailure, Caller, Needs, Place, Received, authenticate, new_id};
use crate::{SaveFailed, Shared};
use mnq_api::model::{Region, Service, Timestamp};

const NAMESPACE: &str = "http://sns.amazonaws.com/doc/2010-03-31/";

/// The most items of a list answer's page.
const PAGE: usize = 100;

/// What each action needs (Scaleway's "Topics and Events support" table). Actions not listed
/// are not served.
fn needs(action: &str) -> Option<Needs> {
    Some(match action {
        "CreateTopic" | "DeleteTopic" | "SetTopicAttributes" => Needs::Manage,
        "Publish" | "PublishBatch" => Needs::Write,
        "Subscribe" => Needs::Read,
        "Unsubscribe"
        | "ListSubscriptions"
        | "ListSubscriptionsByTopic"
        | "GetTopicAttributes"
        | "GetSubscriptionAttributes"
        | "SetSubscriptionAttributes" => Needs::ReadOrManage,
        "ListTopics" => Needs::AnyPermission,
        "ConfirmSubscription" => Needs::Nothing,
        _ => return None,
    })
}

/// An SNS error answer.
#[derive(Debug)]
pub(crate) struct SnsError {
    status: StatusCode,
    code: &'static str,
    message: String,
}

impl SnsError {
    fn new(status: StatusCode, code: &'static str, message: impl Into<String>) -> Self {
        SnsError {
            status,
            code,
            message: message.into(),
        }
    }

    fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "InvalidParameter", message)
    }
}

impl From<AuthFailure> for SnsError {
    fn from(failure: AuthFailure) -> Self {
        let forbidden = StatusCode::FORBIDDEN;
        match failure {
            AuthFailure::Missing => Self::new(
                forbidden,
                "MissingAuthenticationToken",
                "Request is missing Authentication Token",
            ),
            AuthFailure::Malformed(why) => {
                Self::new(StatusCode::BAD_REQUEST, "IncompleteSignature", why)
            }
            AuthFailure::UnknownKey => Self::new(
                forbidden,
                "InvalidClientTokenId",
                "The security token included in the request is invalid.",
            ),
            // SNS says an old signature has expired as a signature that does not match.
            AuthFailure::Expired(why) | AuthFailure::Mismatch(why) => {
                Self::new(forbidden, "SignatureDoesNotMatch", why)
            }
        }
    }
}

impl From<TopicError> for SnsError {
    fn from(error: TopicError) -> Self {
        match &error {
            TopicError::NotFound(message) => Self::new(StatusCode::NOT_FOUND, "NotFound", message),
            TopicError::InvalidParameter(message) => Self::invalid(message.clone()),
        }
    }
}

impl From<SaveFailed> for SnsError {
    fn from(failed: SaveFailed) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "InternalError", failed.0)
    }
}

impl IntoResponse for SnsError {
    fn into_response(self) -> Response {
        let fault = if self.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        };
        let request_id = new_id();
        let body = format!(
            "<ErrorResponse xmlns=\"{NAMESPACE}\"><Error><Type>{fault}</Type>{}{}</Error>{}\
             </ErrorResponse>",
            element("Code", self.code),
            element("Message", &self.message),
            element("RequestId", &request_id),
        );
        xml(self.status, body, &request_id)
    }
}

/// An XML answer; its request id is also in the `x-amzn-RequestId` header.
fn xml(status: StatusCode, body: String, request_id: &str) -> Response {
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/xml"));
    if let Ok(id) = HeaderValue::from_str(request_id) {
        headers.insert("x-amzn-requestid", id);
    }
    response
}

/// `<name>text</name>`, the text escaped.
fn element(name: &str, text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            '\r' => escaped.push_str("&#13;"),
            other => escaped.push(other),
        }
    }
    format!("<{name}>{escaped}</{name}>")
}

/// A map as `<entry><key/><value/></entry>…`.
fn entries(map: &BTreeMap<String, String>) -> String {
    map.iter()
        .map(|(key, value)| {
            format!(
                "<entry>{}{}</entry>",
                element("key", key),
                element("value", value)
            )
        })
        .collect()
}

/// The answer of `action`: its result (none for actions that answer nothing) and the request
/// id.
fn success(action: &str, result: Option<String>) -> Response {
    let result = result
        .map(|inner| format!("<{action}Result>{inner}</{action}Result>"))
        .unwrap_or_default();
    let request_id = new_id();
    xml(
        StatusCode::OK,
        format!(
            "<{action}Response xmlns=\"{NAMESPACE}\">{result}<ResponseMetadata>{}\
             </ResponseMetadata></{action}Response>",
            element("RequestId", &request_id)
        ),
        &request_id,
    )
}

/// The request's parameters: `Name=value` pairs.
struct Form(Vec<(String, String)>);

impl Form {
    fn parse(bytes: &[u8]) -> Form {
        Form(url::form_urlencoded::parse(bytes).into_owned().collect())
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn required(&self, name: &str) -> Result<&str, SnsError> {
        self.get(name)
            .ok_or_else(|| SnsError::invalid(format!("Invalid parameter: {name} is required")))
    }

    /// The members of a list or map, `prefix.N.…`, in the order of N, each with the rest of
    /// its names.
    fn members(&self, prefix: &str) -> Vec<Form> {
        let mut members: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
        let start = format!("{prefix}.");
        for (key, value) in &self.0 {
            let Some(rest) = key.strip_prefix(&start) else {
                continue;
            };
            let Some((index, name)) = rest.split_once('.') else {
                continue;
            };
            if let Ok(index) = index.parse() {
                members
                    .entry(index)
                    .or_default()
                    .push((name.to_owned(), value.clone()));
            }
        }
        members.into_values().map(Form).collect()
    }

    /// A map sent as `prefix.entry.N.key` and `prefix.entry.N.value`.
    fn map(&self, prefix: &str) -> BTreeMap<String, String> {
        self.members(&format!("{prefix}.entry"))
            .iter()
            .filter_map(|entry| {
                Some((entry.get("key")?.to_owned(), entry.get("value")?.to_owned()))
            })
            .collect()
    }

    /// Message attributes: `MessageAttributes.entry.N.Name`, `.Value.DataType`,
    /// `.Value.StringValue`, `.Value.BinaryValue` (base64).
    fn message_attributes(&self) -> Result<BTreeMap<String, MessageAttribute>, SnsError> {
        let mut attributes = BTreeMap::new();
        for entry in self.members("MessageAttributes.entry") {
            let name = entry.required("Name")?.to_owned();
            let binary_value = entry
                .get("Value.BinaryValue")
                .map(|text| data_encoding::BASE64.decode(text.as_bytes()))
                .transpose()
                .map_err(|_| {
                    SnsError::invalid(format!(
                        "Invalid parameter: MessageAttributes: the binary value of {name} is not \
                         base64"
                    ))
                })?;
            attributes.insert(
                name,
                MessageAttribute {
                    data_type: entry.required("Value.DataType")?.to_owned(),
                    string_value: entry.get("Value.StringValue").map(str::to_owned),
                    binary_value,
                },
            );
        }
        Ok(attributes)
    }

    fn publication(&self) -> Result<Publication, SnsError> {
        Ok(Publication {
            message: self.required("Message")?.to_owned(),
            subject: self.get("Subject").map(str::to_owned),
            attributes: self.message_attributes()?,
            per_protocol: self.get("MessageStructure") == Some("json"),
        })
    }

    /// Where a list answer starts: its `NextToken`.
    fn page_start(&self) -> Result<usize, SnsError> {
        match self.get("NextToken") {
            None => Ok(0),
            Some(token) => token
                .parse()
                .map_err(|_| SnsError::invalid("Invalid parameter: NextToken")),
        }
    }
}

/// A page of a list, and the `NextToken` element if more follow.
fn page<T>(items: &[T], start: usize) -> (&[T], String) {
    let end = items.len().min(start.saturating_add(PAGE));
    let page = items.get(start..end).unwrap_or_default();
    let next = if end < items.len() {
        element("NextToken", &end.to_string())
    } else {
        String::new()
    };
    (page, next)
}

fn subscriptions_xml(listed: &[Listed]) -> String {
    let members: String = listed
        .iter()
        .map(|subscription| {
            format!(
                "<member>{}{}{}{}{}</member>",
                element("TopicArn", &subscription.topic_arn),
                element("Protocol", "sqs"),
                element("SubscriptionArn", &subscription.subscription_arn),
                element("Owner", &subscription.owner),
                element("Endpoint", &subscription.endpoint),
            )
        })
        .collect();
    format!("<Subscriptions>{members}</Subscriptions>")
}

/// Every request to `/sns/{region}…`.
pub(crate) async fn serve(
    State(shared): State<Arc<Shared>>,
    Path(params): Path<HashMap<String, String>>,
    request: Request,
) -> Response {
    match handle(&shared, &params, request).await {
        Ok(response) => response,
        Err(error) => error.into_response(),
    }
}

async fn handle(
    shared: &Arc<Shared>,
    params: &HashMap<String, String>,
    request: Request,
) -> Result<Response, SnsError> {
    let region: Region = params
        .get("region")
        .and_then(|region| region.parse().ok())
        .ok_or_else(|| {
            SnsError::new(
                StatusCode::NOT_FOUND,
                "InvalidAddress",
                "Topics and Events exist in fr-par and nl-ams: the endpoint is …/sns/fr-par or \
                 …/sns/nl-ams",
            )
        })?;
    let received = Received::read(request).await.ok_or_else(|| {
        SnsError::invalid("The request body is larger than 1 MiB, or was cut short.")
    })?;
    let form = if received.body.is_empty() {
        Form::parse(received.query.as_bytes())
    } else if received
        .header("content-type")
        .is_some_and(|kind| kind.starts_with("application/x-www-form-urlencoded"))
    {
        Form::parse(&received.body)
    } else {
        return Err(SnsError::new(
            StatusCode::BAD_REQUEST,
            "InvalidAction",
            "This endpoint serves SNS in the query protocol: a form-encoded body \
             (application/x-www-form-urlencoded) with Action=<action>",
        ));
    };
    let action = form
        .get("Action")
        .ok_or_else(|| SnsError::new(StatusCode::BAD_REQUEST, "MissingAction", "Missing Action"))?
        .to_owned();
    let caller = authenticate(shared, Service::Sns, region, &received)?;
    let Some(needs) = needs(&action) else {
        return Err(unknown_action(&action));
    };
    if !needs.allows(caller.permissions) {
        return Err(SnsError::new(
            StatusCode::FORBIDDEN,
            "AuthorizationError",
            needs.refusal(&action, caller.permissions),
        ));
    }
    let topics = Topics {
        shared,
        caller: &caller,
        endpoint: shared.service_endpoint(Service::Sns, region),
    };
    let result = topics.act(&action, &form).await?;
    Ok(success(&action, result))
}

fn unknown_action(action: &str) -> SnsError {
    SnsError::new(
        StatusCode::BAD_REQUEST,
        "InvalidAction",
        format!("{action} is not served by the emulator's Topics and Events."),
    )
}

/// One request's view of the topics: the caller, and the endpoint.
struct Topics<'a> {
    shared: &'a Arc<Shared>,
    caller: &'a Caller,
    endpoint: String,
}

impl Topics<'_> {
    fn place(&self) -> &Place {
        &self.caller.place
    }

    fn read<T>(
        &self,
        read: impl FnOnce(&super::DataPlane, &Place) -> Result<T, TopicError>,
    ) -> Result<T, SnsError> {
        Ok(self
            .shared
            .read(|store| read(&store.data_plane, self.place()))?)
    }

    async fn change<T>(
        &self,
        change: impl FnOnce(&mut super::DataPlane, &Place, Timestamp) -> Result<T, SnsError>,
    ) -> Result<T, SnsError> {
        let place = self.place().clone();
        self.shared
            .change(|store, now| change(&mut store.data_plane, &place, now))
            .await
    }

    /// Carries out `action`; answers its result's XML (none for actions without one).
    async fn act(&self, action: &str, form: &Form) -> Result<Option<String>, SnsError> {
        match action {
            "CreateTopic" => {
                let name = form.required("Name")?;
                let attributes = form.map("Attributes");
                let arn = self
                    .change(|plane, place, now| {
                        Ok(plane.create_topic(place, name, &attributes, now)?)
                    })
                    .await?;
                Ok(Some(element("TopicArn", &arn)))
            }
            "ListTopics" => {
                let arns = self.read(|plane, place| Ok(plane.topic_arns(place)))?;
                let (arns, next) = page(&arns, form.page_start()?);
                let members: String = arns
                    .iter()
                    .map(|arn| format!("<member>{}</member>", element("TopicArn", arn)))
                    .collect();
                Ok(Some(format!("<Topics>{members}</Topics>{next}")))
            }
            "GetTopicAttributes" => {
                let arn = form.required("TopicArn")?;
                let attributes = self.read(|plane, place| plane.topic_attributes(place, arn))?;
                Ok(Some(format!(
                    "<Attributes>{}</Attributes>",
                    entries(&attributes)
                )))
            }
            "SetTopicAttributes" => {
                let arn = form.required("TopicArn")?;
                let name = form.required("AttributeName")?;
                let value = form.get("AttributeValue").unwrap_or_default();
                self.change(|plane, place, _| {
                    Ok(plane.set_topic_attribute(place, arn, name, value)?)
                })
                .await?;
                Ok(None)
            }
            "DeleteTopic" => {
                let arn = form.required("TopicArn")?;
                self.change(|plane, place, _| Ok(plane.delete_topic(place, arn)?))
                    .await?;
                Ok(None)
            }
            "Publish" => {
                if form.get("PhoneNumber").is_some() {
                    return Err(SnsError::invalid(
                        "Invalid parameter: PhoneNumber: SMS is not emulated",
                    ));
                }
                let arn = form
                    .get("TopicArn")
                    .or(form.get("TargetArn"))
                    .ok_or_else(|| SnsError::invalid("Invalid parameter: TopicArn is required"))?;
                let publication = form.publication()?;
                let sender = self.caller.access_key.clone();
                let id = self
                    .change(|plane, place, now| {
                        Ok(
                            plane.publish(
                                place,
                                arn,
                                &publication,
                                &sender,
                                &self.endpoint,
                                now,
                            )?,
                        )
                    })
                    .await?;
                self.shared.arrivals.notify_waiters();
                Ok(Some(element("MessageId", &id)))
            }
            "PublishBatch" => self.publish_batch(form).await.map(Some),
            "Subscribe" => {
                let arn = form.required("TopicArn")?;
                let protocol = form.required("Protocol")?;
                let endpoint = form.get("Endpoint").unwrap_or_default();
                let attributes = form.map("Attributes");
                let subscription = self
                    .change(|plane, place, _| {
                        Ok(plane.subscribe(place, arn, protocol, endpoint, &attributes)?)
                    })
                    .await?;
                Ok(Some(element("SubscriptionArn", &subscription)))
            }
            "Unsubscribe" => {
                let arn = form.required("SubscriptionArn")?;
                self.change(|plane, place, _| Ok(plane.unsubscribe(place, arn)?))
                    .await?;
                Ok(None)
            }
            "ListSubscriptions" | "ListSubscriptionsByTopic" => {
                let topic = if action == "ListSubscriptionsByTopic" {
                    Some(form.required("TopicArn")?)
                } else {
                    None
                };
                let listed = self.read(|plane, place| plane.subscriptions(place, topic))?;
                let (listed, next) = page(&listed, form.page_start()?);
                Ok(Some(format!("{}{next}", subscriptions_xml(listed))))
            }
            "GetSubscriptionAttributes" => {
                let arn = form.required("SubscriptionArn")?;
                let attributes =
                    self.read(|plane, place| plane.subscription_attributes(place, arn))?;
                Ok(Some(format!(
                    "<Attributes>{}</Attributes>",
                    entries(&attributes)
                )))
            }
            "SetSubscriptionAttributes" => {
                let arn = form.required("SubscriptionArn")?;
                let name = form.required("AttributeName")?;
                let value = form.get("AttributeValue").unwrap_or_default();
                self.change(|plane, place, _| {
                    Ok(plane.set_subscription_attribute(place, arn, name, value)?)
                })
                .await?;
                Ok(None)
            }
            "ConfirmSubscription" => Err(SnsError::invalid(
                "Invalid parameter: Token: no subscription waits for confirmation (the \
                 emulator's SQS subscriptions are confirmed at once)",
            )),
            _ => Err(unknown_action(action)),
        }
    }

    async fn publish_batch(&self, form: &Form) -> Result<String, SnsError> {
        let arn = form.required("TopicArn")?;
        let entries = form.members("PublishBatchRequestEntries.member");
        let ids: Vec<&str> = entries
            .iter()
            .map(|e| e.get("Id").unwrap_or_default())
            .collect();
        check_batch(&ids).map_err(batch_error)?;
        let size: usize = entries
            .iter()
            .map(|entry| entry.0.iter().map(|(_, value)| value.len()).sum::<usize>())
            .sum();
        if size > 262_144 {
            return Err(SnsError::new(
                StatusCode::BAD_REQUEST,
                "BatchRequestTooLong",
                "The length of all the messages put together is more than the limit.",
            ));
        }
        let sender = self.caller.access_key.clone();
        let result = self
            .change(|plane, place, now| {
                plane.topic_attributes(place, arn)?;
                let mut successful = String::new();
                let mut failed = String::new();
                for (entry, id) in entries.iter().zip(&ids) {
                    let published =
                        entry.publication().and_then(|publication| {
                            Ok(plane.publish(
                                place,
                                arn,
                                &publication,
                                &sender,
                                &self.endpoint,
                                now,
                            )?)
                        });
                    match published {
                        Ok(message_id) => successful.push_str(&format!(
                            "<member>{}{}</member>",
                            element("Id", id),
                            element("MessageId", &message_id)
                        )),
                        Err(error) => failed.push_str(&format!(
                            "<member>{}{}{}{}</member>",
                            element("Id", id),
                            element("Code", error.code),
                            element("Message", &error.message),
                            element("SenderFault", "true")
                        )),
                    }
                }
                Ok(format!(
                    "<Successful>{successful}</Successful><Failed>{failed}</Failed>"
                ))
            })
            .await?;
        self.shared.arrivals.notify_waiters();
        Ok(result)
    }
}

/// SNS's batch errors share SQS's names.
fn batch_error(error: QueueError) -> SnsError {
    let code = match &error {
        QueueError::EmptyBatchRequest => "EmptyBatchRequest",
        QueueError::TooManyEntriesInBatchRequest => "TooManyEntriesInBatchRequest",
        QueueError::BatchEntryIdsNotDistinct(_) => "BatchEntryIdsNotDistinct",
        _ => "InvalidBatchEntryId",
    };
    SnsError::new(StatusCode::BAD_REQUEST, code, error.message())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_and_maps_are_read_by_member_number() {
        let form = Form::parse(
            b"Action=Publish&MessageAttributes.entry.2.Name=b&MessageAttributes.entry.2.Value.DataType=Number\
              &MessageAttributes.entry.2.Value.StringValue=7&MessageAttributes.entry.10.Name=c\
              &MessageAttributes.entry.10.Value.DataType=Binary&MessageAttributes.entry.10.Value.BinaryValue=AP8%3D\
              &Attributes.entry.1.key=DisplayName&Attributes.entry.1.value=Orders+%26+co",
        );
        let attributes = form.message_attributes().unwrap();
        assert_eq!(attributes["b"].string_value.as_deref(), Some("7"));
        assert_eq!(attributes["c"].binary_value.as_deref(), Some(&[0, 255][..]));
        assert_eq!(
            form.map("Attributes"),
            BTreeMap::from([("DisplayName".to_owned(), "Orders & co".to_owned())])
        );
    }

    #[test]
    fn text_in_answers_is_escaped() {
        assert_eq!(
            element("Message", "<a href=\"x\">'&'</a>"),
            "<Message>&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;</Message>"
        );
    }

    #[test]
    fn the_permission_table_is_scaleways() {
        use mnq_api::model::Permissions;
        let write = Permissions::new(true, false, false);
        let read = Permissions::new(false, true, false);
        let manage = Permissions::new(false, false, true);
        let cases = [
            ("CreateTopic", [false, false, true]),
            ("DeleteTopic", [false, false, true]),
            ("SetTopicAttributes", [false, false, true]),
            ("Publish", [true, false, false]),
            ("PublishBatch", [true, false, false]),
            ("Subscribe", [false, true, false]),
            ("Unsubscribe", [false, true, true]),
            ("ListSubscriptions", [false, true, true]),
            ("ListSubscriptionsByTopic", [false, true, true]),
            ("GetTopicAttributes", [false, true, true]),
            ("GetSubscriptionAttributes", [false, true, true]),
            ("SetSubscriptionAttributes", [false, true, true]),
            ("ListTopics", [true, true, true]),
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
        assert!(
            needs("ConfirmSubscription")
                .unwrap()
                .allows(Permissions::default())
        );
        assert_eq!(needs("CreatePlatformApplication"), None);
    }
}

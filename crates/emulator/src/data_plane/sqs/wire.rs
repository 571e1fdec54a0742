//! Queues' JSON 1.0 protocol on the wire: the requests' JSON read into the rules' terms, and
//! answers and errors written as the SDKs read them.

use std::collections::BTreeMap;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use super::error::{SqsError, queue_error_codes};
use crate::data_plane::messages::{Delivered, MessageAttribute, NewMessage};
use crate::data_plane::new_id;
use crate::data_plane::queues::QueueError;

/// An answer of the JSON 1.0 protocol, with its content type and a request id.
pub(super) fn answer(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/x-amz-json-1.0"),
    );
    if let Ok(id) = HeaderValue::from_str(&new_id()) {
        headers.insert("x-amzn-requestid", id);
    }
    response
}

impl IntoResponse for SqsError {
    fn into_response(self) -> Response {
        let fault = if self.status.is_server_error() {
            "Receiver"
        } else {
            "Sender"
        };
        let body = json!({
            "__type": format!("com.amazonaws.sqs#{}", self.kind),
            "message": self.message,
        });
        let mut response = answer(self.status, &body);
        if let Ok(value) = HeaderValue::from_str(&format!("{};{fault}", self.query_code)) {
            response.headers_mut().insert("x-amzn-query-error", value);
        }
        response
    }
}

/// A JSON body's field, or the error SQS gives for it.
pub(super) fn input<T: DeserializeOwned>(body: Value) -> Result<T, SqsError> {
    serde_json::from_value(body).map_err(|error| {
        let text = error.to_string();
        match text.strip_prefix("missing field `") {
            Some(rest) => SqsError::from(QueueError::MissingParameter(format!(
                "The request must contain the parameter {}.",
                rest.split('`').next().unwrap_or_default()
            ))),
            None => SqsError::invalid(format!("Invalid request: {text}")),
        }
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct CreateQueueInput {
    pub(super) queue_name: String,
    #[serde(default)]
    pub(super) attributes: BTreeMap<String, String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct QueueNameInput {
    pub(super) queue_name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ListQueuesInput {
    #[serde(default)]
    pub(super) queue_name_prefix: String,
    pub(super) max_results: Option<usize>,
    pub(super) next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct QueueUrlInput {
    pub(super) queue_url: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct GetAttributesInput {
    pub(super) queue_url: String,
    #[serde(default)]
    pub(super) attribute_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SetAttributesInput {
    pub(super) queue_url: String,
    pub(super) attributes: BTreeMap<String, String>,
}

/// A message attribute as JSON carries it: binary values in base64.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct AttributeInput {
    pub(super) data_type: String,
    pub(super) string_value: Option<String>,
    pub(super) binary_value: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SendInput {
    pub(super) queue_url: String,
    #[serde(flatten)]
    pub(super) message: MessageInput,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct MessageInput {
    #[serde(default)]
    pub(super) message_body: String,
    pub(super) delay_seconds: Option<u32>,
    #[serde(default)]
    pub(super) message_attributes: BTreeMap<String, AttributeInput>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SendBatchInput {
    pub(super) queue_url: String,
    #[serde(default)]
    pub(super) entries: Vec<SendEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct SendEntry {
    pub(super) id: String,
    #[serde(flatten)]
    pub(super) message: MessageInput,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct ReceiveInput {
    pub(super) queue_url: String,
    pub(super) max_number_of_messages: Option<usize>,
    pub(super) visibility_timeout: Option<u32>,
    pub(super) wait_time_seconds: Option<u32>,
    #[serde(default)]
    pub(super) attribute_names: Vec<String>,
    #[serde(default)]
    pub(super) message_system_attribute_names: Vec<String>,
    #[serde(default)]
    pub(super) message_attribute_names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DeleteInput {
    pub(super) queue_url: String,
    pub(super) receipt_handle: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct VisibilityInput {
    pub(super) queue_url: String,
    pub(super) receipt_handle: String,
    pub(super) visibility_timeout: u32,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct BatchInput<T> {
    pub(super) queue_url: String,
    #[serde(default = "Vec::new")]
    pub(super) entries: Vec<T>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct DeleteEntry {
    pub(super) id: String,
    pub(super) receipt_handle: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(super) struct VisibilityEntry {
    pub(super) id: String,
    pub(super) receipt_handle: String,
    #[serde(default)]
    pub(super) visibility_timeout: u32,
}

impl MessageInput {
    pub(super) fn into_message(self) -> Result<NewMessage, QueueError> {
        let mut attributes = BTreeMap::new();
        for (name, input) in self.message_attributes {
            let binary_value = input
                .binary_value
                .map(|text| data_encoding::BASE64.decode(text.as_bytes()))
                .transpose()
                .map_err(|_| {
                    QueueError::InvalidParameterValue(format!(
                        "The binary value of message attribute '{name}' is not base64."
                    ))
                })?;
            attributes.insert(
                name,
                MessageAttribute {
                    data_type: input.data_type,
                    string_value: input.string_value,
                    binary_value,
                },
            );
        }
        Ok(NewMessage {
            body: self.message_body,
            attributes,
            delay_seconds: self.delay_seconds,
        })
    }

    pub(super) fn size(&self) -> usize {
        self.message_body.len()
            + self
                .message_attributes
                .iter()
                .map(|(name, a)| {
                    name.len()
                        + a.data_type.len()
                        + a.string_value.as_ref().map_or(0, String::len)
                        + a.binary_value.as_ref().map_or(0, String::len)
                })
                .sum::<usize>()
    }
}

pub(super) fn attributes_json(attributes: &BTreeMap<String, MessageAttribute>) -> Value {
    attributes
        .iter()
        .map(|(name, attribute)| {
            let mut value = json!({ "DataType": attribute.data_type });
            if let Some(text) = &attribute.string_value {
                value["StringValue"] = text.clone().into();
            }
            if let Some(bytes) = &attribute.binary_value {
                value["BinaryValue"] = data_encoding::BASE64.encode(bytes).into();
            }
            (name.clone(), value)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

pub(super) fn delivered_json(message: &Delivered) -> Value {
    let mut value = json!({
        "MessageId": message.message_id,
        "ReceiptHandle": message.receipt_handle,
        "MD5OfBody": message.md5_of_body,
        "Body": message.body,
    });
    if !message.attributes.is_empty() {
        value["Attributes"] = json!(message.attributes);
    }
    if let Some(md5) = &message.md5_of_message_attributes {
        value["MD5OfMessageAttributes"] = md5.clone().into();
        value["MessageAttributes"] = attributes_json(&message.message_attributes);
    }
    value
}

/// A failed batch entry.
pub(super) fn failed(id: &str, error: &QueueError) -> Value {
    json!({
        "Id": id,
        "SenderFault": true,
        "Code": queue_error_codes(error).0,
        "Message": error.message(),
    })
}

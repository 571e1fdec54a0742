//! The messages of a queue, and SQS's rules over them, without HTTP: what sending,
//! receiving, deleting and hiding a message changes, answers or refuses, and the checks and
//! MD5s of their bodies and attributes. `sqs.rs` reads requests into these calls and writes
//! their answers; `topics.rs` delivers publications through [`DataPlane::deliver`].
//!
//! As in a standard SQS queue: a message received is invisible for the visibility timeout,
//! then visible again until deleted; `DelaySeconds` hides it at first; messages older than the
//! retention period are dropped.

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::queues::QueueError;
use super::{DataPlane, Place, new_id};
use mnq_api::model::Timestamp;

/// A message in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub id: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, MessageAttribute>,
    /// The access key that sent it (SQS's `SenderId`).
    pub sender: String,
    pub sent_at: Timestamp,
    /// Hidden until then: delayed, or received and not yet deleted.
    pub visible_at: Timestamp,
    pub receive_count: u32,
    pub first_received_at: Option<Timestamp>,
    /// The receipt handle of the last receive.
    pub receipt: Option<String>,
}

/// A message attribute: a type (`String`, `Number`, `Binary`, perhaps with a `.label`) and a
/// value of that kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageAttribute {
    pub data_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub string_value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub binary_value: Option<Vec<u8>>,
}

/// A message to send, as the request gave it.
#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    pub body: String,
    pub attributes: BTreeMap<String, MessageAttribute>,
    /// The queue's `DelaySeconds` when absent.
    pub delay_seconds: Option<u32>,
}

/// What sending answers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    pub message_id: String,
    pub md5_of_body: String,
    pub md5_of_attributes: Option<String>,
}

/// A receive, as the request asked it.
#[derive(Debug, Clone)]
pub struct Receive {
    pub max_messages: usize,
    /// The queue's `VisibilityTimeout` when absent.
    pub visibility_timeout: Option<u32>,
    /// The system attributes to return (`All`, or names).
    pub attribute_names: Vec<String>,
    /// The message attributes to return (`All`, `.*`, names, or `prefix.*`).
    pub message_attribute_names: Vec<String>,
}

/// A message as a receive returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivered {
    pub message_id: String,
    pub receipt_handle: String,
    pub body: String,
    pub md5_of_body: String,
    pub attributes: BTreeMap<String, String>,
    pub message_attributes: BTreeMap<String, MessageAttribute>,
    pub md5_of_message_attributes: Option<String>,
}

/// The system attributes a message can carry.
const SYSTEM_ATTRIBUTES: [&str; 4] = [
    "ApproximateFirstReceiveTimestamp",
    "ApproximateReceiveCount",
    "SenderId",
    "SentTimestamp",
];

/// The most entries of a batch.
pub const MAX_BATCH: usize = 10;

/// Checks a batch's entry ids: 1 to 10 of them, distinct, each 1 to 80 letters, digits, `-`
/// or `_`.
pub fn check_batch(ids: &[&str]) -> Result<(), QueueError> {
    if ids.is_empty() {
        return Err(QueueError::EmptyBatchRequest);
    }
    if ids.len() > MAX_BATCH {
        return Err(QueueError::TooManyEntriesInBatchRequest);
    }
    for (index, id) in ids.iter().enumerate() {
        let valid = !id.is_empty()
            && id.len() <= 80
            && id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
        if !valid {
            return Err(QueueError::InvalidBatchEntryId(format!(
                "A batch entry id can only contain alphanumeric characters, hyphens and \
                 underscores. It can be at most 80 letters long: {id:?}"
            )));
        }
        if ids[..index].contains(id) {
            return Err(QueueError::BatchEntryIdsNotDistinct(format!(
                "Id {id} repeated."
            )));
        }
    }
    Ok(())
}

/// The MD5 of a text, in hex, as SQS answers `MD5OfMessageBody`.
pub fn md5_hex(bytes: &[u8]) -> String {
    hex(&Md5::digest(bytes))
}

/// `MD5OfMessageAttributes`: the attributes sorted by name, each as its name, its type, a
/// transport byte (1 text, 2 binary) and its value, every name, type and value preceded by its
/// length in four big-endian bytes. `None` without attributes.
pub fn md5_of_attributes(attributes: &BTreeMap<String, MessageAttribute>) -> Option<String> {
    if attributes.is_empty() {
        return None;
    }
    fn field(bytes: &mut Vec<u8>, value: &[u8]) {
        bytes.extend((value.len() as u32).to_be_bytes());
        bytes.extend(value);
    }
    let mut bytes = Vec::new();
    for (name, attribute) in attributes {
        field(&mut bytes, name.as_bytes());
        field(&mut bytes, attribute.data_type.as_bytes());
        if attribute.is_binary() {
            bytes.push(2);
            field(
                &mut bytes,
                attribute.binary_value.as_deref().unwrap_or_default(),
            );
        } else {
            bytes.push(1);
            field(
                &mut bytes,
                attribute
                    .string_value
                    .as_deref()
                    .unwrap_or_default()
                    .as_bytes(),
            );
        }
    }
    Some(md5_hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

impl MessageAttribute {
    fn is_binary(&self) -> bool {
        self.data_type.split('.').next() == Some("Binary")
    }

    /// The bytes SQS counts toward a message's size: name, type and value.
    fn size(&self, name: &str) -> usize {
        name.len()
            + self.data_type.len()
            + self.string_value.as_ref().map_or(0, String::len)
            + self.binary_value.as_ref().map_or(0, Vec::len)
    }
}

/// Checks attributes as SQS does: at most 10, names of letters, digits, `-`, `_` and `.`
/// (not `AWS.` or `Amazon.` ones), a type of `String`, `Number` or `Binary` (with an optional
/// `.label`) and a value of that kind.
pub fn check_attributes(attributes: &BTreeMap<String, MessageAttribute>) -> Result<(), QueueError> {
    if attributes.len() > 10 {
        return Err(QueueError::InvalidParameterValue(format!(
            "Number of message attributes [{}] exceeds the allowed maximum [10].",
            attributes.len()
        )));
    }
    for (name, attribute) in attributes {
        let valid_name = !name.is_empty()
            && name.len() <= 256
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
            && !name.starts_with('.')
            && !name.ends_with('.')
            && !name.contains("..")
            && !name.to_ascii_lowercase().starts_with("aws.")
            && !name.to_ascii_lowercase().starts_with("amazon.");
        if !valid_name {
            return Err(QueueError::InvalidParameterValue(format!(
                "Message attribute name '{name}' is invalid."
            )));
        }
        let base = attribute.data_type.split('.').next().unwrap_or_default();
        let value_fits = match base {
            "String" => attribute.string_value.is_some(),
            "Number" => attribute
                .string_value
                .as_deref()
                .is_some_and(|n| n.parse::<f64>().is_ok_and(f64::is_finite)),
            "Binary" => attribute.binary_value.is_some(),
            _ => {
                return Err(QueueError::InvalidParameterValue(format!(
                    "The type of message (user) attribute '{name}' is invalid. You must use \
                     only the following supported type prefixes: Binary, Number, String."
                )));
            }
        };
        if !value_fits {
            return Err(QueueError::InvalidParameterValue(format!(
                "Message (user) attribute '{name}' must contain a non-empty value of type \
                 '{base}'."
            )));
        }
    }
    Ok(())
}

/// Whether SQS accepts these characters in a message: #x9, #xA, #xD, #x20 to #xD7FF, #xE000
/// to #xFFFD, #x10000 to #x10FFFF.
fn allowed_in_messages(character: char) -> bool {
    matches!(character, '\u{9}' | '\u{A}' | '\u{D}' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

fn later(now: Timestamp, seconds: u32) -> Timestamp {
    now.0
        .checked_add(jiff::SignedDuration::from_secs(i64::from(seconds)))
        .map(Timestamp)
        .unwrap_or(now)
}

/// A receipt handle: the message's id and a fresh one, so that each receive gives another.
fn receipt_for(message_id: &str) -> String {
    format!("{message_id}:{}", new_id())
}

/// The message id a receipt handle names, if it has the form the emulator gives.
fn message_of(receipt: &str) -> Result<&str, QueueError> {
    receipt
        .split_once(':')
        .filter(|(id, fresh)| {
            uuid::Uuid::try_parse(id).is_ok() && uuid::Uuid::try_parse(fresh).is_ok()
        })
        .map(|(id, _)| id)
        .ok_or_else(|| {
            QueueError::ReceiptHandleIsInvalid(format!(
                "The input receipt handle \"{receipt}\" is not a valid receipt handle."
            ))
        })
}

impl DataPlane {
    /// Checks a message against the queue's rules without sending it.
    pub(crate) fn check_message(
        &self,
        place: &Place,
        name: &str,
        message: &NewMessage,
    ) -> Result<(), QueueError> {
        let queue = self.queue(place, name)?;
        if message.body.is_empty() {
            return Err(QueueError::MissingParameter(
                "The request must contain the parameter MessageBody.".into(),
            ));
        }
        if let Some(character) = message.body.chars().find(|c| !allowed_in_messages(*c)) {
            return Err(QueueError::InvalidMessageContents(format!(
                "Invalid binary character '#x{:X}' was found in the message body, the set of \
                 allowed characters is #x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | \
                 #x10000 to #x10FFFF",
                u32::from(character)
            )));
        }
        check_attributes(&message.attributes)?;
        let size = message.body.len()
            + message
                .attributes
                .iter()
                .map(|(name, attribute)| attribute.size(name))
                .sum::<usize>();
        let limit = queue.settings.maximum_message_size as usize;
        if size > limit {
            return Err(QueueError::InvalidParameterValue(format!(
                "One or more parameters are invalid. Reason: Message must be shorter than \
                 {limit} bytes."
            )));
        }
        if let Some(delay) = message.delay_seconds
            && delay > 900
        {
            return Err(QueueError::InvalidParameterValue(format!(
                "Value {delay} for parameter DelaySeconds is invalid. Reason: DelaySeconds must \
                 be >= 0 and <= 900."
            )));
        }
        Ok(())
    }

    /// Sends a message to a queue, checked first.
    pub(crate) fn send(
        &mut self,
        place: &Place,
        name: &str,
        message: NewMessage,
        sender: &str,
        now: Timestamp,
    ) -> Result<Sent, QueueError> {
        self.check_message(place, name, &message)?;
        self.deliver(place, name, message, sender, now)
    }

    /// Puts a message in a queue without checking it: publications, which SNS checked.
    pub(crate) fn deliver(
        &mut self,
        place: &Place,
        name: &str,
        message: NewMessage,
        sender: &str,
        now: Timestamp,
    ) -> Result<Sent, QueueError> {
        let queue = self.queue_mut(place, name)?;
        queue.expire(now);
        let delay = message
            .delay_seconds
            .unwrap_or(queue.settings.delay_seconds);
        let sent = Sent {
            message_id: new_id(),
            md5_of_body: md5_hex(message.body.as_bytes()),
            md5_of_attributes: md5_of_attributes(&message.attributes),
        };
        queue.messages.push(Message {
            id: sent.message_id.clone(),
            body: message.body,
            attributes: message.attributes,
            sender: sender.to_owned(),
            sent_at: now,
            visible_at: later(now, delay),
            receive_count: 0,
            first_received_at: None,
            receipt: None,
        });
        Ok(sent)
    }

    /// Receives up to `receive.max_messages` visible messages, oldest first, and hides them
    /// for the visibility timeout.
    pub(crate) fn receive(
        &mut self,
        place: &Place,
        name: &str,
        receive: &Receive,
        now: Timestamp,
    ) -> Result<Vec<Delivered>, QueueError> {
        let queue = self.queue_mut(place, name)?;
        queue.expire(now);
        let timeout = receive
            .visibility_timeout
            .unwrap_or(queue.settings.visibility_timeout);
        let mut delivered = Vec::new();
        for message in queue
            .messages
            .iter_mut()
            .filter(|message| message.visible_at <= now)
            .take(receive.max_messages)
        {
            message.receive_count += 1;
            message.first_received_at.get_or_insert(now);
            message.visible_at = later(now, timeout);
            let receipt = receipt_for(&message.id);
            message.receipt = Some(receipt.clone());
            delivered.push(delivery(message, receipt, receive));
        }
        Ok(delivered)
    }

    /// Deletes the message a receipt handle names; a message already deleted is no error.
    pub(crate) fn delete_message(
        &mut self,
        place: &Place,
        name: &str,
        receipt: &str,
    ) -> Result<(), QueueError> {
        let queue = self.queue_mut(place, name)?;
        let id = message_of(receipt)?;
        queue.messages.retain(|message| message.id != id);
        Ok(())
    }

    /// Shows the received message again after `timeout` seconds from now (0: at once).
    pub(crate) fn change_visibility(
        &mut self,
        place: &Place,
        name: &str,
        receipt: &str,
        timeout: u32,
        now: Timestamp,
    ) -> Result<(), QueueError> {
        if timeout > 43_200 {
            return Err(QueueError::InvalidParameterValue(format!(
                "Value {timeout} for parameter VisibilityTimeout is invalid. Reason: Must be \
                 between 0 and 43200."
            )));
        }
        let queue = self.queue_mut(place, name)?;
        let id = message_of(receipt)?;
        let message = queue
            .messages
            .iter_mut()
            .find(|message| message.id == id && message.receipt.as_deref() == Some(receipt))
            .filter(|message| message.visible_at > now)
            .ok_or(QueueError::MessageNotInflight)?;
        message.visible_at = later(now, timeout);
        Ok(())
    }
}

/// A received message with the attributes the receive asked for.
fn delivery(message: &Message, receipt: String, receive: &Receive) -> Delivered {
    let all_system = receive.attribute_names.iter().any(|name| name == "All");
    let mut attributes = BTreeMap::new();
    for name in SYSTEM_ATTRIBUTES {
        if !all_system && !receive.attribute_names.iter().any(|asked| asked == name) {
            continue;
        }
        let value = match name {
            "ApproximateFirstReceiveTimestamp" => message
                .first_received_at
                .map(|at| at.0.as_millisecond().to_string())
                .unwrap_or_default(),
            "ApproximateReceiveCount" => message.receive_count.to_string(),
            "SenderId" => message.sender.clone(),
            _ => message.sent_at.0.as_millisecond().to_string(),
        };
        attributes.insert(name.to_owned(), value);
    }
    let wanted = |name: &str| {
        receive.message_attribute_names.iter().any(|asked| {
            asked == "All"
                || asked == ".*"
                || asked == name
                || asked
                    .strip_suffix(".*")
                    .is_some_and(|prefix| name.starts_with(&format!("{prefix}.")))
        })
    };
    let message_attributes: BTreeMap<String, MessageAttribute> = message
        .attributes
        .iter()
        .filter(|(name, _)| wanted(name))
        .map(|(name, attribute)| (name.clone(), attribute.clone()))
        .collect();
    Delivered {
        message_id: message.id.clone(),
        receipt_handle: receipt,
        body: message.body.clone(),
        md5_of_body: md5_hex(message.body.as_bytes()),
        md5_of_message_attributes: md5_of_attributes(&message_attributes),
        attributes,
        message_attributes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnq_api::model::{ProjectId, Region};

    fn place() -> Place {
        Place {
            region: Region::FrPar,
            project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn text(data_type: &str, value: &str) -> MessageAttribute {
        MessageAttribute {
            data_type: data_type.into(),
            string_value: Some(value.into()),
            binary_value: None,
        }
    }

    /// The attributes' MD5, worked out by hand from the algorithm: each field's length in four
    /// bytes, then the field; the transport byte alone.
    #[test]
    fn the_md5_of_attributes_follows_the_documented_encoding() {
        let attributes = BTreeMap::from([
            ("b".to_owned(), text("Number", "7")),
            (
                "a".to_owned(),
                MessageAttribute {
                    data_type: "Binary".into(),
                    string_value: None,
                    binary_value: Some(vec![0, 255]),
                },
            ),
        ]);
        let mut expected = Vec::new();
        expected.extend(b"\0\0\0\x01a\0\0\0\x06Binary\x02\0\0\0\x02\0\xff");
        expected.extend(b"\0\0\0\x01b\0\0\0\x06Number\x01\0\0\0\x017");
        assert_eq!(md5_of_attributes(&attributes), Some(md5_hex(&expected)));
        assert_eq!(md5_of_attributes(&BTreeMap::new()), None);
        assert_eq!(
            md5_hex(b"hello"),
            "5d41402abc4b2a76b9719d911017c592",
            "the MD5 of a body is the text's"
        );
    }

    #[test]
    fn a_received_message_is_hidden_until_its_visibility_timeout_ends() {
        let mut plane = DataPlane::default();
        let now = at("2026-04-12T09:00:00Z");
        plane
            .create_queue(&place(), "orders", &BTreeMap::new(), now)
            .unwrap();
        let message = NewMessage {
            body: "one".into(),
            ..NewMessage::default()
        };
        plane.send(&place(), "orders", message, "KEY", now).unwrap();
        let receive = Receive {
            max_messages: 10,
            visibility_timeout: Some(60),
            attribute_names: vec!["All".into()],
            message_attribute_names: vec![],
        };
        let first = plane.receive(&place(), "orders", &receive, now).unwrap();
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].attributes["ApproximateReceiveCount"], "1");
        let soon = at("2026-04-12T09:00:59Z");
        assert!(
            plane
                .receive(&place(), "orders", &receive, soon)
                .unwrap()
                .is_empty()
        );
        assert_eq!(
            plane.queue(&place(), "orders").unwrap().next_visible(soon),
            Err(Some(at("2026-04-12T09:01:00Z")))
        );
        let again = plane
            .receive(&place(), "orders", &receive, at("2026-04-12T09:01:00Z"))
            .unwrap();
        assert_eq!(again[0].attributes["ApproximateReceiveCount"], "2");
        assert_ne!(again[0].receipt_handle, first[0].receipt_handle);
        plane
            .delete_message(&place(), "orders", &again[0].receipt_handle)
            .unwrap();
        assert!(plane.queue(&place(), "orders").unwrap().messages.is_empty());
        assert!(matches!(
            plane.delete_message(&place(), "orders", "not-a-receipt"),
            Err(QueueError::ReceiptHandleIsInvalid(_))
        ));
    }
}

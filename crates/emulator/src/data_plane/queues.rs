//! Queues and their messages, and SQS's rules over them, without HTTP: what each action
//! changes, answers or refuses. `sqs.rs` reads requests into these calls and writes their
//! answers; `topics.rs` delivers publications through [`DataPlane::deliver`].
//!
//! A standard queue, as SQS has them: a message received is invisible for the visibility
//! timeout, then visible again until deleted; `DelaySeconds` hides it at first; messages older
//! than the retention period are dropped. FIFO queues are not emulated.

use std::collections::BTreeMap;

use md5::{Digest, Md5};
use serde::{Deserialize, Serialize};

use super::{DataPlane, Place, arn, new_id};
use mnq_api::model::{ProjectId, Region, Service, Timestamp};

/// A queue of a project in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub region: Region,
    pub project_id: ProjectId,
    pub name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub settings: QueueSettings,
    /// In the order sent.
    #[serde(default)]
    pub messages: Vec<Message>,
}

/// The attributes of a queue that can be set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueSettings {
    pub delay_seconds: u32,
    pub maximum_message_size: u32,
    pub message_retention_period: u32,
    pub receive_message_wait_time_seconds: u32,
    pub visibility_timeout: u32,
}

impl Default for QueueSettings {
    fn default() -> Self {
        QueueSettings {
            delay_seconds: 0,
            maximum_message_size: 262_144,
            message_retention_period: 345_600,
            receive_message_wait_time_seconds: 0,
            visibility_timeout: 30,
        }
    }
}

/// A settable attribute: its name, its bounds, and where it is kept.
struct Settable {
    name: &'static str,
    min: u32,
    max: u32,
    field: fn(&mut QueueSettings) -> &mut u32,
}

const SETTABLE: [Settable; 5] = [
    Settable {
        name: "DelaySeconds",
        min: 0,
        max: 900,
        field: |s| &mut s.delay_seconds,
    },
    Settable {
        name: "MaximumMessageSize",
        min: 1_024,
        max: 262_144,
        field: |s| &mut s.maximum_message_size,
    },
    Settable {
        name: "MessageRetentionPeriod",
        min: 60,
        max: 1_209_600,
        field: |s| &mut s.message_retention_period,
    },
    Settable {
        name: "ReceiveMessageWaitTimeSeconds",
        min: 0,
        max: 20,
        field: |s| &mut s.receive_message_wait_time_seconds,
    },
    Settable {
        name: "VisibilityTimeout",
        min: 0,
        max: 43_200,
        field: |s| &mut s.visibility_timeout,
    },
];

fn settable(name: &str) -> Option<&'static Settable> {
    SETTABLE.iter().find(|settable| settable.name == name)
}

/// The attributes `GetQueueAttributes` knows, besides the settable ones.
const READ_ONLY: [&str; 6] = [
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
    "CreatedTimestamp",
    "LastModifiedTimestamp",
    "QueueArn",
];

impl QueueSettings {
    /// Settings with these attributes changed, or why not.
    fn with(mut self, attributes: &BTreeMap<String, String>) -> Result<Self, QueueError> {
        for (name, value) in attributes {
            if name == "FifoQueue" || name == "ContentBasedDeduplication" {
                return Err(QueueError::NotEmulated(
                    "FIFO queues are not emulated: only standard queues are".into(),
                ));
            }
            let Some(Settable {
                min, max, field, ..
            }) = settable(name)
            else {
                return Err(QueueError::InvalidAttributeName(format!(
                    "Unknown Attribute {name}."
                )));
            };
            let number: u32 = value
                .parse()
                .ok()
                .filter(|number| (min..=max).contains(&number))
                .ok_or_else(|| {
                    QueueError::InvalidAttributeValue(format!(
                        "Invalid value for the parameter {name}: {value:?} is not a whole number \
                         from {min} to {max}."
                    ))
                })?;
            *field(&mut self) = number;
        }
        Ok(self)
    }

    fn get(mut self, name: &str) -> Option<u32> {
        settable(name).map(|settable| *(settable.field)(&mut self))
    }
}

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

/// Why SQS refuses an action. `sqs.rs` gives each its code and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueError {
    DoesNotExist,
    /// A queue of that name exists with other attributes.
    NameExists(String),
    InvalidParameterValue(String),
    MissingParameter(String),
    InvalidAttributeName(String),
    InvalidAttributeValue(String),
    InvalidMessageContents(String),
    ReceiptHandleIsInvalid(String),
    MessageNotInflight,
    EmptyBatchRequest,
    TooManyEntriesInBatchRequest,
    BatchEntryIdsNotDistinct(String),
    BatchRequestTooLong,
    InvalidBatchEntryId(String),
    /// What SQS has and the emulator does not.
    NotEmulated(String),
}

impl QueueError {
    pub(crate) fn message(&self) -> String {
        match self {
            QueueError::DoesNotExist => "The specified queue does not exist.".into(),
            QueueError::NameExists(name) => {
                format!("A queue named {name} already exists with different attributes.")
            }
            QueueError::MessageNotInflight => "The message is not in flight.".into(),
            QueueError::EmptyBatchRequest => {
                "There should be at least one entry in the request.".into()
            }
            QueueError::TooManyEntriesInBatchRequest => {
                "Maximum number of entries per request are 10.".into()
            }
            QueueError::BatchRequestTooLong => {
                "Batch requests cannot be longer than 262144 bytes.".into()
            }
            QueueError::InvalidParameterValue(message)
            | QueueError::MissingParameter(message)
            | QueueError::InvalidAttributeName(message)
            | QueueError::InvalidAttributeValue(message)
            | QueueError::InvalidMessageContents(message)
            | QueueError::ReceiptHandleIsInvalid(message)
            | QueueError::BatchEntryIdsNotDistinct(message)
            | QueueError::InvalidBatchEntryId(message)
            | QueueError::NotEmulated(message) => message.clone(),
        }
    }
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

/// `arn:scw:sqs:fr-par:project-<id>:<name>`.
pub fn queue_arn(place: &Place, name: &str) -> String {
    arn(Service::Sqs, place, name)
}

/// Checks a queue's name: 1 to 80 letters, digits, `-` or `_`.
fn check_queue_name(name: &str) -> Result<(), QueueError> {
    if name.ends_with(".fifo") {
        return Err(QueueError::NotEmulated(
            "FIFO queues are not emulated: only standard queues are".into(),
        ));
    }
    let valid = !name.is_empty()
        && name.len() <= 80
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(QueueError::InvalidParameterValue(format!(
            "Can only include alphanumeric characters, hyphens, or underscores. 1 to 80 in \
             length: {name:?}"
        )))
    }
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

impl Queue {
    fn retained_after(&self, now: Timestamp) -> Timestamp {
        now.0
            .checked_sub(jiff::SignedDuration::from_secs(i64::from(
                self.settings.message_retention_period,
            )))
            .map(Timestamp)
            .unwrap_or(now)
    }

    /// Drops the messages older than the retention period.
    fn expire(&mut self, now: Timestamp) {
        let oldest = self.retained_after(now);
        self.messages.retain(|message| message.sent_at > oldest);
    }

    fn live(&self, now: Timestamp) -> impl Iterator<Item = &Message> {
        let oldest = self.retained_after(now);
        self.messages.iter().filter(move |m| m.sent_at > oldest)
    }

    /// The queue's attributes by name (`All` for every one).
    pub(crate) fn attributes(
        &self,
        place: &Place,
        names: &[String],
        now: Timestamp,
    ) -> Result<BTreeMap<String, String>, QueueError> {
        let all = names.iter().any(|name| name == "All");
        let mut answer = BTreeMap::new();
        let known = SETTABLE
            .iter()
            .map(|settable| settable.name)
            .chain(READ_ONLY);
        for name in known {
            if !all && !names.iter().any(|asked| asked == name) {
                continue;
            }
            let visible = |m: &&Message| m.visible_at <= now;
            let value = match name {
                "ApproximateNumberOfMessages" => self.live(now).filter(visible).count().to_string(),
                "ApproximateNumberOfMessagesNotVisible" => self
                    .live(now)
                    .filter(|m| m.visible_at > now && m.receipt.is_some())
                    .count()
                    .to_string(),
                "ApproximateNumberOfMessagesDelayed" => self
                    .live(now)
                    .filter(|m| m.visible_at > now && m.receipt.is_none())
                    .count()
                    .to_string(),
                "CreatedTimestamp" => self.created_at.0.as_second().to_string(),
                "LastModifiedTimestamp" => self.updated_at.0.as_second().to_string(),
                "QueueArn" => queue_arn(place, &self.name),
                settable => self
                    .settings
                    .get(settable)
                    .map(|value| value.to_string())
                    .unwrap_or_default(),
            };
            answer.insert(name.to_owned(), value);
        }
        if let Some(unknown) = names.iter().find(|name| {
            *name != "All" && settable(name).is_none() && !READ_ONLY.contains(&name.as_str())
        }) {
            return Err(QueueError::InvalidAttributeName(format!(
                "Unknown Attribute {unknown}."
            )));
        }
        Ok(answer)
    }

    /// Whether a receive now would find a message; if not, when one may become visible.
    pub(crate) fn next_visible(&self, now: Timestamp) -> Result<(), Option<Timestamp>> {
        let mut soonest: Option<Timestamp> = None;
        for message in self.live(now) {
            if message.visible_at <= now {
                return Ok(());
            }
            soonest = Some(soonest.map_or(message.visible_at, |s| s.min(message.visible_at)));
        }
        Err(soonest)
    }
}

impl DataPlane {
    fn queue_index(&self, place: &Place, name: &str) -> Result<usize, QueueError> {
        self.queues
            .iter()
            .position(|queue| {
                queue.region == place.region
                    && queue.project_id == place.project_id
                    && queue.name == name
            })
            .ok_or(QueueError::DoesNotExist)
    }

    pub(crate) fn queue(&self, place: &Place, name: &str) -> Result<&Queue, QueueError> {
        Ok(&self.queues[self.queue_index(place, name)?])
    }

    fn queue_mut(&mut self, place: &Place, name: &str) -> Result<&mut Queue, QueueError> {
        let index = self.queue_index(place, name)?;
        Ok(&mut self.queues[index])
    }

    /// Creates a queue, or finds the one of that name if its attributes are those asked.
    pub(crate) fn create_queue(
        &mut self,
        place: &Place,
        name: &str,
        attributes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<(), QueueError> {
        check_queue_name(name)?;
        let settings = QueueSettings::default().with(attributes)?;
        if let Ok(existing) = self.queue(place, name) {
            let asked_differ = existing.settings.with(attributes)? != existing.settings;
            return if asked_differ {
                Err(QueueError::NameExists(name.to_owned()))
            } else {
                Ok(())
            };
        }
        self.queues.push(Queue {
            region: place.region,
            project_id: place.project_id.clone(),
            name: name.to_owned(),
            created_at: now,
            updated_at: now,
            settings,
            messages: Vec::new(),
        });
        Ok(())
    }

    /// The names of the project's queues that start with `prefix`, in name order.
    pub(crate) fn queue_names(&self, place: &Place, prefix: &str) -> Vec<String> {
        let mut names: Vec<String> = self
            .queues
            .iter()
            .filter(|queue| queue.region == place.region && queue.project_id == place.project_id)
            .filter(|queue| queue.name.starts_with(prefix))
            .map(|queue| queue.name.clone())
            .collect();
        names.sort();
        names
    }

    pub(crate) fn delete_queue(&mut self, place: &Place, name: &str) -> Result<(), QueueError> {
        let index = self.queue_index(place, name)?;
        self.queues.remove(index);
        Ok(())
    }

    pub(crate) fn purge_queue(&mut self, place: &Place, name: &str) -> Result<(), QueueError> {
        self.queue_mut(place, name)?.messages.clear();
        Ok(())
    }

    pub(crate) fn set_queue_attributes(
        &mut self,
        place: &Place,
        name: &str,
        attributes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<(), QueueError> {
        let queue = self.queue_mut(place, name)?;
        queue.settings = queue.settings.with(attributes)?;
        queue.updated_at = now;
        Ok(())
    }

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

    #[test]
    fn queues_of_other_projects_and_regions_do_not_exist() {
        let mut plane = DataPlane::default();
        let now = at("2026-04-12T09:00:00Z");
        plane
            .create_queue(&place(), "orders", &BTreeMap::new(), now)
            .unwrap();
        let other_project = Place {
            project_id: ProjectId("9e41c3a0-1111-4d5e-8f60-2a7b9c1d4e85".into()),
            ..place()
        };
        let other_region = Place {
            region: Region::NlAms,
            ..place()
        };
        for elsewhere in [other_project, other_region] {
            assert_eq!(
                plane.queue(&elsewhere, "orders").map(|_| ()),
                Err(QueueError::DoesNotExist)
            );
            assert!(plane.queue_names(&elsewhere, "").is_empty());
        }
    }

    #[test]
    fn creating_again_with_other_attributes_is_refused() {
        let mut plane = DataPlane::default();
        let now = at("2026-04-12T09:00:00Z");
        let slow = BTreeMap::from([("VisibilityTimeout".to_owned(), "120".to_owned())]);
        plane.create_queue(&place(), "orders", &slow, now).unwrap();
        plane.create_queue(&place(), "orders", &slow, now).unwrap();
        plane
            .create_queue(&place(), "orders", &BTreeMap::new(), now)
            .unwrap();
        let fast = BTreeMap::from([("VisibilityTimeout".to_owned(), "5".to_owned())]);
        assert_eq!(
            plane.create_queue(&place(), "orders", &fast, now),
            Err(QueueError::NameExists("orders".into()))
        );
        let wrong = BTreeMap::from([("VisibilityTimeout".to_owned(), "a lot".to_owned())]);
        assert!(matches!(
            plane.create_queue(&place(), "other", &wrong, now),
            Err(QueueError::InvalidAttributeValue(_))
        ));
    }
}

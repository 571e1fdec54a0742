//! Queues, and SQS's rules over them, without HTTP: what creating, listing, configuring,
//! purging and deleting a queue changes, answers or refuses. Their messages are in
//! `messages.rs`; `sqs.rs` reads requests into these calls and writes their answers.
//!
//! A standard queue, as SQS has them; FIFO queues are not emulated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::messages::Message;
use super::{DataPlane, Place, arn};
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

/// Why SQS refuses an action. `sqs/error.rs` gives each its code and status.
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
    pub(super) fn expire(&mut self, now: Timestamp) {
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

    pub(super) fn queue_mut(
        &mut self,
        place: &Place,
        name: &str,
    ) -> Result<&mut Queue, QueueError> {
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

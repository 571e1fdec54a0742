//! Topics, their subscriptions and publications, and SNS's rules over them, without HTTP.
//! `sns.rs` reads requests into these calls and writes their answers.
//!
//! Only SQS subscriptions are emulated: a queue of the same project and region, which every
//! publication reaches at once — as an SNS notification (a JSON envelope), or as the message
//! itself with `RawMessageDelivery`. The emulator does not sign notifications (no
//! `Signature`); FIFO topics, filter policies and other protocols are not emulated.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::messages::{MessageAttribute, NewMessage, check_attributes};
use super::queues::QueueError;
use super::{DataPlane, Place, arn, new_id, parse_arn};
use mnq_api::model::{ProjectId, Region, Service, Timestamp};

/// A topic of a project in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub region: Region,
    pub project_id: ProjectId,
    pub name: String,
    pub created_at: Timestamp,
    /// The attributes set: `DisplayName`, `Policy`, `DeliveryPolicy`.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub attributes: BTreeMap<String, String>,
}

/// A queue subscribed to a topic of the same project and region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub region: Region,
    pub project_id: ProjectId,
    pub topic: String,
    pub queue: String,
    #[serde(default)]
    pub raw_message_delivery: bool,
}

/// Why SNS refuses an action. `sns.rs` gives each its code and status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicError {
    NotFound(String),
    InvalidParameter(String),
}

impl TopicError {
    fn invalid(parameter: &str, why: impl std::fmt::Display) -> Self {
        TopicError::InvalidParameter(format!("Invalid parameter: {parameter}: {why}"))
    }
}

/// The topic attributes that can be set.
const TOPIC_ATTRIBUTES: [&str; 3] = ["DisplayName", "Policy", "DeliveryPolicy"];

/// The largest publication: message and attributes.
const MAX_MESSAGE: usize = 262_144;

/// A publication, as the request gave it.
#[derive(Debug, Clone, Default)]
pub struct Publication {
    pub message: String,
    pub subject: Option<String>,
    pub attributes: BTreeMap<String, MessageAttribute>,
    /// `MessageStructure=json`: the message is a JSON object of messages per protocol.
    pub per_protocol: bool,
}

/// A subscription as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listed {
    pub subscription_arn: String,
    pub topic_arn: String,
    pub endpoint: String,
    pub owner: String,
}

/// `arn:scw:sns:fr-par:project-<id>:<name>`.
pub fn topic_arn(place: &Place, name: &str) -> String {
    arn(Service::Sns, place, name)
}

fn owner(place: &Place) -> String {
    format!("project-{}", place.project_id)
}

impl Subscription {
    fn place(&self) -> Place {
        Place {
            region: self.region,
            project_id: self.project_id.clone(),
        }
    }

    fn arn(&self) -> String {
        format!("{}:{}", topic_arn(&self.place(), &self.topic), self.id)
    }

    fn listed(&self) -> Listed {
        let place = self.place();
        Listed {
            subscription_arn: self.arn(),
            topic_arn: topic_arn(&place, &self.topic),
            endpoint: super::queues::queue_arn(&place, &self.queue),
            owner: owner(&place),
        }
    }
}

fn check_topic_name(name: &str) -> Result<(), TopicError> {
    if name.ends_with(".fifo") {
        return Err(TopicError::invalid(
            "Name",
            "FIFO topics are not emulated: only standard topics are",
        ));
    }
    let valid = !name.is_empty()
        && name.len() <= 256
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if valid {
        Ok(())
    } else {
        Err(TopicError::invalid(
            "Topic Name",
            "1 to 256 letters, digits, hyphens or underscores",
        ))
    }
}

fn check_topic_attribute(name: &str) -> Result<(), TopicError> {
    if TOPIC_ATTRIBUTES.contains(&name) {
        Ok(())
    } else {
        Err(TopicError::invalid(
            "AttributeName",
            format!("{name} is not one of {}", TOPIC_ATTRIBUTES.join(", ")),
        ))
    }
}

fn raw_delivery(value: &str) -> Result<bool, TopicError> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(TopicError::invalid(
            "Attributes",
            "RawMessageDelivery is true or false",
        )),
    }
}

impl Publication {
    /// Checks a publication as SNS does.
    pub(crate) fn check(&self) -> Result<(), TopicError> {
        if self.message.is_empty() {
            return Err(TopicError::invalid("Message", "must not be empty"));
        }
        if let Some(subject) = &self.subject
            && (subject.is_empty()
                || subject.chars().count() > 100
                || subject.chars().any(|c| c.is_control() || !c.is_ascii()))
        {
            return Err(TopicError::invalid(
                "Subject",
                "1 to 100 ASCII characters, no line breaks or control characters",
            ));
        }
        let mut for_sqs = self.attributes.clone();
        for attribute in for_sqs.values_mut() {
            // SNS's String.Array is a string to SQS's rules.
            if attribute.data_type == "String.Array" {
                attribute.data_type = "String".into();
            }
        }
        check_attributes(&for_sqs).map_err(|error| match error {
            QueueError::InvalidParameterValue(why) => TopicError::invalid("MessageAttributes", why),
            other => TopicError::invalid("MessageAttributes", other.message()),
        })?;
        let size = self.message.len()
            + self
                .attributes
                .iter()
                .map(|(name, a)| {
                    name.len()
                        + a.data_type.len()
                        + a.string_value.as_ref().map_or(0, String::len)
                        + a.binary_value.as_ref().map_or(0, Vec::len)
                })
                .sum::<usize>();
        if size > MAX_MESSAGE {
            return Err(TopicError::invalid(
                "Message",
                format!("Message too long: at most {MAX_MESSAGE} bytes"),
            ));
        }
        if self.per_protocol {
            self.message_for_sqs()?;
        }
        Ok(())
    }

    /// What an SQS subscriber gets: the message, or with `MessageStructure=json` its `sqs`
    /// entry, else its `default` one.
    fn message_for_sqs(&self) -> Result<String, TopicError> {
        if !self.per_protocol {
            return Ok(self.message.clone());
        }
        let invalid = || {
            TopicError::invalid(
                "Message Structure",
                "with MessageStructure=json the message is a JSON object with a \"default\" \
                 string",
            )
        };
        let object: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(&self.message).map_err(|_| invalid())?;
        let text = |key: &str| object.get(key).and_then(serde_json::Value::as_str);
        text("default").ok_or_else(invalid)?;
        Ok(text("sqs")
            .or(text("default"))
            .unwrap_or_default()
            .to_owned())
    }
}

impl DataPlane {
    /// The index of the topic an ARN names, if it is the caller's.
    fn topic_index(&self, place: &Place, topic_arn: &str) -> Result<usize, TopicError> {
        let (named, name) = parse_arn(Service::Sns, topic_arn)
            .ok_or_else(|| TopicError::invalid("TopicArn", "not a topic ARN"))?;
        self.topics
            .iter()
            .position(|topic| {
                named == *place
                    && topic.region == place.region
                    && topic.project_id == place.project_id
                    && topic.name == name
            })
            .ok_or_else(|| TopicError::NotFound("Topic does not exist".into()))
    }

    /// Creates a topic, or finds the one of that name if its attributes are those asked.
    pub(crate) fn create_topic(
        &mut self,
        place: &Place,
        name: &str,
        attributes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<String, TopicError> {
        check_topic_name(name)?;
        for attribute in attributes.keys() {
            check_topic_attribute(attribute)?;
        }
        let arn = topic_arn(place, name);
        if let Ok(index) = self.topic_index(place, &arn) {
            let existing = &self.topics[index].attributes;
            let differ = attributes
                .iter()
                .any(|(key, value)| existing.get(key) != Some(value));
            return if differ {
                Err(TopicError::invalid(
                    "Attributes",
                    "Topic already exists with different attributes",
                ))
            } else {
                Ok(arn)
            };
        }
        self.topics.push(Topic {
            region: place.region,
            project_id: place.project_id.clone(),
            name: name.to_owned(),
            created_at: now,
            attributes: attributes.clone(),
        });
        Ok(arn)
    }

    /// The ARNs of the project's topics, in name order.
    pub(crate) fn topic_arns(&self, place: &Place) -> Vec<String> {
        let mut names: Vec<&str> = self
            .topics
            .iter()
            .filter(|topic| topic.region == place.region && topic.project_id == place.project_id)
            .map(|topic| topic.name.as_str())
            .collect();
        names.sort_unstable();
        names
            .into_iter()
            .map(|name| topic_arn(place, name))
            .collect()
    }

    pub(crate) fn topic_attributes(
        &self,
        place: &Place,
        topic_arn: &str,
    ) -> Result<BTreeMap<String, String>, TopicError> {
        let topic = &self.topics[self.topic_index(place, topic_arn)?];
        let confirmed = self
            .subscriptions
            .iter()
            .filter(|s| s.place() == *place && s.topic == topic.name)
            .count();
        let mut attributes = topic.attributes.clone();
        attributes.insert("TopicArn".into(), topic_arn.to_owned());
        attributes.insert("Owner".into(), owner(place));
        attributes.insert("SubscriptionsConfirmed".into(), confirmed.to_string());
        attributes.insert("SubscriptionsPending".into(), "0".into());
        attributes.insert("SubscriptionsDeleted".into(), "0".into());
        attributes.entry("DisplayName".into()).or_default();
        Ok(attributes)
    }

    pub(crate) fn set_topic_attribute(
        &mut self,
        place: &Place,
        topic_arn: &str,
        name: &str,
        value: &str,
    ) -> Result<(), TopicError> {
        check_topic_attribute(name)?;
        let index = self.topic_index(place, topic_arn)?;
        self.topics[index]
            .attributes
            .insert(name.to_owned(), value.to_owned());
        Ok(())
    }

    /// Deletes a topic and its subscriptions. As SNS, deleting a topic that does not exist is
    /// no error.
    pub(crate) fn delete_topic(
        &mut self,
        place: &Place,
        topic_arn: &str,
    ) -> Result<(), TopicError> {
        match self.topic_index(place, topic_arn) {
            Ok(index) => {
                let topic = self.topics.remove(index);
                self.subscriptions
                    .retain(|s| !(s.place() == *place && s.topic == topic.name));
                Ok(())
            }
            Err(TopicError::NotFound(_)) => Ok(()),
            Err(invalid) => Err(invalid),
        }
    }

    /// Subscribes a queue of the caller's project and region; subscribing it again answers the
    /// same subscription.
    pub(crate) fn subscribe(
        &mut self,
        place: &Place,
        topic_arn: &str,
        protocol: &str,
        endpoint: &str,
        attributes: &BTreeMap<String, String>,
    ) -> Result<String, TopicError> {
        let index = self.topic_index(place, topic_arn)?;
        if protocol != "sqs" {
            return Err(TopicError::invalid(
                "Protocol",
                format!("{protocol:?} is not emulated: only sqs subscriptions are"),
            ));
        }
        let queue = match parse_arn(Service::Sqs, endpoint) {
            Some((queue_place, queue))
                if queue_place == *place && self.queue(place, &queue).is_ok() =>
            {
                queue
            }
            _ => {
                return Err(TopicError::invalid(
                    "Endpoint",
                    format!("{endpoint:?} is not the ARN of a queue of this project and region"),
                ));
            }
        };
        let mut raw_message_delivery = false;
        for (name, value) in attributes {
            match name.as_str() {
                "RawMessageDelivery" => raw_message_delivery = raw_delivery(value)?,
                other => {
                    return Err(TopicError::invalid(
                        "Attributes",
                        format!("{other} is not emulated: only RawMessageDelivery is"),
                    ));
                }
            }
        }
        let topic = self.topics[index].name.clone();
        if let Some(existing) = self
            .subscriptions
            .iter_mut()
            .find(|s| s.place() == *place && s.topic == topic && s.queue == queue)
        {
            existing.raw_message_delivery |= raw_message_delivery;
            return Ok(existing.arn());
        }
        let subscription = Subscription {
            id: new_id(),
            region: place.region,
            project_id: place.project_id.clone(),
            topic,
            queue,
            raw_message_delivery,
        };
        let arn = subscription.arn();
        self.subscriptions.push(subscription);
        Ok(arn)
    }

    fn subscription_index(
        &self,
        place: &Place,
        subscription_arn: &str,
    ) -> Result<usize, TopicError> {
        self.subscriptions
            .iter()
            .position(|s| s.place() == *place && s.arn() == subscription_arn)
            .ok_or_else(|| TopicError::NotFound("Subscription does not exist".into()))
    }

    pub(crate) fn unsubscribe(
        &mut self,
        place: &Place,
        subscription_arn: &str,
    ) -> Result<(), TopicError> {
        let index = self.subscription_index(place, subscription_arn)?;
        self.subscriptions.remove(index);
        Ok(())
    }

    /// The project's subscriptions, or a topic's.
    pub(crate) fn subscriptions(
        &self,
        place: &Place,
        topic_arn: Option<&str>,
    ) -> Result<Vec<Listed>, TopicError> {
        let topic = match topic_arn {
            Some(arn) => Some(self.topics[self.topic_index(place, arn)?].name.clone()),
            None => None,
        };
        Ok(self
            .subscriptions
            .iter()
            .filter(|s| s.place() == *place)
            .filter(|s| topic.as_ref().is_none_or(|topic| s.topic == *topic))
            .map(Subscription::listed)
            .collect())
    }

    pub(crate) fn subscription_attributes(
        &self,
        place: &Place,
        subscription_arn: &str,
    ) -> Result<BTreeMap<String, String>, TopicError> {
        let subscription = &self.subscriptions[self.subscription_index(place, subscription_arn)?];
        let listed = subscription.listed();
        Ok(BTreeMap::from([
            ("SubscriptionArn".into(), listed.subscription_arn),
            ("TopicArn".into(), listed.topic_arn),
            ("Protocol".into(), "sqs".into()),
            ("Endpoint".into(), listed.endpoint),
            ("Owner".into(), listed.owner),
            (
                "RawMessageDelivery".into(),
                subscription.raw_message_delivery.to_string(),
            ),
            ("PendingConfirmation".into(), "false".into()),
            ("ConfirmationWasAuthenticated".into(), "true".into()),
        ]))
    }

    pub(crate) fn set_subscription_attribute(
        &mut self,
        place: &Place,
        subscription_arn: &str,
        name: &str,
        value: &str,
    ) -> Result<(), TopicError> {
        let index = self.subscription_index(place, subscription_arn)?;
        if name != "RawMessageDelivery" {
            return Err(TopicError::invalid(
                "AttributeName",
                format!("{name} is not emulated: only RawMessageDelivery is"),
            ));
        }
        self.subscriptions[index].raw_message_delivery = raw_delivery(value)?;
        Ok(())
    }

    /// Publishes to a topic: every subscribed queue that still exists gets the message now.
    /// `endpoint` is the SNS endpoint, for the notifications' `UnsubscribeURL`.
    pub(crate) fn publish(
        &mut self,
        place: &Place,
        topic_arn: &str,
        publication: &Publication,
        sender: &str,
        endpoint: &str,
        now: Timestamp,
    ) -> Result<String, TopicError> {
        let topic = self.topics[self.topic_index(place, topic_arn)?]
            .name
            .clone();
        publication.check()?;
        let message_id = new_id();
        let text = publication.message_for_sqs()?;
        let deliveries: Vec<(String, bool, String)> = self
            .subscriptions
            .iter()
            .filter(|s| s.place() == *place && s.topic == topic)
            .map(|s| (s.queue.clone(), s.raw_message_delivery, s.arn()))
            .collect();
        for (queue, raw, subscription_arn) in deliveries {
            let message = if raw {
                NewMessage {
                    body: text.clone(),
                    attributes: publication.attributes.clone(),
                    delay_seconds: None,
                }
            } else {
                NewMessage {
                    body: envelope(
                        &message_id,
                        topic_arn,
                        &subscription_arn,
                        publication,
                        &text,
                        endpoint,
                        now,
                    ),
                    ..NewMessage::default()
                }
            };
            // A queue deleted since it subscribed gets nothing, as SNS loses such deliveries.
            let _lost_if_deleted = self.deliver(place, &queue, message, sender, now);
        }
        Ok(message_id)
    }
}

/// The JSON an SQS subscriber without raw delivery receives.
fn envelope(
    message_id: &str,
    topic_arn: &str,
    subscription_arn: &str,
    publication: &Publication,
    text: &str,
    endpoint: &str,
    now: Timestamp,
) -> String {
    let mut envelope = serde_json::json!({
        "Type": "Notification",
        "MessageId": message_id,
        "TopicArn": topic_arn,
        "Message": text,
        "Timestamp": now.0.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
        "UnsubscribeURL": format!(
            "{endpoint}/?Action=Unsubscribe&SubscriptionArn={subscription_arn}"
        ),
    });
    if let Some(subject) = &publication.subject {
        envelope["Subject"] = subject.clone().into();
    }
    if !publication.attributes.is_empty() {
        let attributes: serde_json::Map<String, serde_json::Value> = publication
            .attributes
            .iter()
            .map(|(name, attribute)| {
                let value = match &attribute.binary_value {
                    Some(bytes) => data_encoding::BASE64.encode(bytes),
                    None => attribute.string_value.clone().unwrap_or_default(),
                };
                (
                    name.clone(),
                    serde_json::json!({"Type": attribute.data_type, "Value": value}),
                )
            })
            .collect();
        envelope["MessageAttributes"] = attributes.into();
    }
    envelope.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data_plane::messages::Receive;

    fn place() -> Place {
        Place {
            region: Region::FrPar,
            project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
        }
    }

    fn now() -> Timestamp {
        "2026-04-12T09:00:00Z".parse().unwrap()
    }

    fn receive_all(plane: &mut DataPlane, queue: &str) -> Vec<String> {
        let receive = Receive {
            max_messages: 10,
            visibility_timeout: None,
            attribute_names: vec![],
            message_attribute_names: vec!["All".into()],
        };
        plane
            .receive(&place(), queue, &receive, now())
            .unwrap()
            .into_iter()
            .map(|delivered| delivered.body)
            .collect()
    }

    #[test]
    fn a_publication_reaches_every_subscribed_queue() {
        let mut plane = DataPlane::default();
        let topic = plane
            .create_topic(&place(), "orders", &BTreeMap::new(), now())
            .unwrap();
        assert_eq!(
            topic,
            "arn:scw:sns:fr-par:project-3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85:orders"
        );
        for queue in ["wrapped", "raw"] {
            plane
                .create_queue(&place(), queue, &BTreeMap::new(), now())
                .unwrap();
        }
        let queue_arn = |name: &str| super::super::queues::queue_arn(&place(), name);
        plane
            .subscribe(
                &place(),
                &topic,
                "sqs",
                &queue_arn("wrapped"),
                &BTreeMap::new(),
            )
            .unwrap();
        let raw = BTreeMap::from([("RawMessageDelivery".to_owned(), "true".to_owned())]);
        plane
            .subscribe(&place(), &topic, "sqs", &queue_arn("raw"), &raw)
            .unwrap();
        let publication = Publication {
            message: "order 42 shipped".into(),
            subject: Some("shipping".into()),
            ..Publication::default()
        };
        let id = plane
            .publish(
                &place(),
                &topic,
                &publication,
                "KEY",
                "http://e/sns/fr-par",
                now(),
            )
            .unwrap();

        assert_eq!(receive_all(&mut plane, "raw"), ["order 42 shipped"]);
        let wrapped = receive_all(&mut plane, "wrapped");
        let envelope: serde_json::Value = serde_json::from_str(&wrapped[0]).unwrap();
        assert_eq!(envelope["Type"], "Notification");
        assert_eq!(envelope["MessageId"], id.as_str());
        assert_eq!(envelope["TopicArn"], topic.as_str());
        assert_eq!(envelope["Message"], "order 42 shipped");
        assert_eq!(envelope["Subject"], "shipping");
        assert_eq!(envelope["Timestamp"], "2026-04-12T09:00:00.000Z");
    }

    #[test]
    fn only_queues_of_the_same_project_and_region_can_subscribe() {
        let mut plane = DataPlane::default();
        let topic = plane
            .create_topic(&place(), "orders", &BTreeMap::new(), now())
            .unwrap();
        let elsewhere = "arn:scw:sqs:nl-ams:project-3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85:orders";
        let missing = "arn:scw:sqs:fr-par:project-3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85:none";
        for endpoint in [elsewhere, missing, "https://example.com/hook"] {
            assert!(matches!(
                plane.subscribe(&place(), &topic, "sqs", endpoint, &BTreeMap::new()),
                Err(TopicError::InvalidParameter(_))
            ));
        }
        assert!(matches!(
            plane.subscribe(
                &place(),
                &topic,
                "https",
                "https://example.com",
                &BTreeMap::new()
            ),
            Err(TopicError::InvalidParameter(_))
        ));
    }

    #[test]
    fn topics_of_other_projects_are_not_found() {
        let mut plane = DataPlane::default();
        let topic = plane
            .create_topic(&place(), "orders", &BTreeMap::new(), now())
            .unwrap();
        let other = Place {
            project_id: ProjectId("9e41c3a0-1111-4d5e-8f60-2a7b9c1d4e85".into()),
            ..place()
        };
        assert!(matches!(
            plane.topic_attributes(&other, &topic),
            Err(TopicError::NotFound(_))
        ));
        assert!(plane.topic_arns(&other).is_empty());
        assert!(matches!(
            plane.topic_attributes(&place(), "not an arn"),
            Err(TopicError::InvalidParameter(_))
        ));
    }
}

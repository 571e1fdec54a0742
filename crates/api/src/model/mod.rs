//! Wire types of the Scaleway Messaging and Queuing API (`mnq/v1beta1`).
//!
//! The client decodes these and the emulator encodes them, so the two cannot drift. Decoding is
//! tolerant where the real API is known to vary: unknown fields are ignored, timestamps may be
//! `null`, and NATS credentials may lack `region` (responses recorded before 2025 have none).
//! Encoding writes every key, with `null` for absent values, as the real API does.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use zeroize::Zeroize;

mod bodies;
pub use bodies::*;

/// The header that carries the secret key of every request.
pub const AUTH_HEADER: &str = "X-Auth-Token";

/// A Scaleway region where Messaging and Queuing exists.
///
/// `pl-waw` is a Scaleway region but has no Messaging and Queuing, so it is not one of these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Region {
    #[serde(rename = "fr-par")]
    FrPar,
    #[serde(rename = "nl-ams")]
    NlAms,
}

impl Region {
    pub const ALL: [Region; 2] = [Region::FrPar, Region::NlAms];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::FrPar => "fr-par",
            Region::NlAms => "nl-ams",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text of a region that is not an MNQ region.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a Messaging and Queuing region (expected fr-par or nl-ams)")]
pub struct UnknownRegion(pub String);

impl FromStr for Region {
    type Err = UnknownRegion;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Region::ALL
            .into_iter()
            .find(|region| region.as_str() == s)
            .ok_or_else(|| UnknownRegion(s.to_owned()))
    }
}

/// The three products of the console's product menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Product {
    Nats,
    Queues,
    TopicsAndEvents,
}

impl Product {
    pub const ALL: [Product; 3] = [Product::Nats, Product::Queues, Product::TopicsAndEvents];

    /// The product's name as Scaleway's console writes it.
    pub fn label(self) -> &'static str {
        match self {
            Product::Nats => "NATS",
            Product::Queues => "Queues",
            Product::TopicsAndEvents => "Topics and Events",
        }
    }

    /// The access-key service behind the product, if it has one (NATS does not).
    pub fn service(self) -> Option<Service> {
        match self {
            Product::Nats => None,
            Product::Queues => Some(Service::Sqs),
            Product::TopicsAndEvents => Some(Service::Sns),
        }
    }
}

impl fmt::Display for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The two products whose credentials are access keys with permissions: Queues (SQS) and
/// Topics and Events (SNS). Their endpoints and JSON are identical except for the `sqs`/`sns`
/// in names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Service {
    Sqs,
    Sns,
}

impl Service {
    pub const ALL: [Service; 2] = [Service::Sqs, Service::Sns];

    /// The `sqs`/`sns` used in paths and JSON keys.
    pub fn api_name(self) -> &'static str {
        match self {
            Service::Sqs => "sqs",
            Service::Sns => "sns",
        }
    }

    pub fn product(self) -> Product {
        match self {
            Service::Sqs => Product::Queues,
            Service::Sns => Product::TopicsAndEvents,
        }
    }
}

/// Something the API lists: what identifies it and what a person calls it.
pub trait Resource {
    type Id: Clone + Eq + std::hash::Hash + fmt::Debug;
    fn id(&self) -> &Self::Id;
    fn name(&self) -> &str;
}

macro_rules! resource {
    ($type:ty, $id:ty) => {
        impl Resource for $type {
            type Id = $id;
            fn id(&self) -> &$id {
                &self.id
            }
            fn name(&self) -> &str {
                &self.name
            }
        }
    };
}

resource!(ServiceCredentials, CredentialsId);
resource!(NatsCredentials, CredentialsId);
resource!(NatsAccount, NatsAccountId);

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($name), self.0)
            }
        }

        impl From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.to_owned())
            }
        }
    };
}

string_id!(
    /// A Scaleway Project (a UUID).
    ProjectId
);
string_id!(
    /// A Scaleway Organization (a UUID).
    OrganizationId
);
string_id!(
    /// A NATS account: its 56-character account public key (`A…`), not a UUID.
    NatsAccountId
);
string_id!(
    /// Credentials of any product (a UUID).
    CredentialsId
);

/// A secret: a secret key or the content of a `.creds` file.
///
/// Its `Debug` never shows the value, so a secret cannot leak through logs, panics or error
/// reports by accident; reading it takes an explicit [`Secret::expose`]. It has no `Display`.
///
/// Its memory is overwritten with zeros when it is dropped (`zeroize`), so that a secret shown
/// once and closed does not linger in freed memory. Copies made from [`Secret::expose`] (a
/// header, a file's content) are the caller's to keep short-lived.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            f.write_str("Secret(\"\")")
        } else {
            write!(f, "Secret(<{} characters hidden>)", self.0.chars().count())
        }
    }
}

/// An instant as the API writes it: RFC 3339 in UTC with a `Z`.
///
/// The real API answers a create with nanoseconds (`…:12.661542430Z`, trailing zeros kept) and
/// every later read with microseconds (`…:12.661542Z`). Encoding follows the value: nine digits
/// when it has sub-microsecond precision, six otherwise. Decoding accepts any RFC 3339 instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub jiff::Timestamp);

impl Timestamp {
    pub fn now() -> Self {
        Timestamp(jiff::Timestamp::now())
    }

    /// The same instant cut to whole microseconds, as the API returns it on reads.
    pub fn to_micros(self) -> Self {
        let nanos = self.0.as_nanosecond();
        let micros = nanos - nanos.rem_euclid(1_000);
        Timestamp(jiff::Timestamp::from_nanosecond(micros).unwrap_or(self.0))
    }

    /// The calendar date in UTC, as the console shows it in lists.
    pub fn date(self) -> jiff::civil::Date {
        self.0.to_zoned(jiff::tz::TimeZone::UTC).date()
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.subsec_nanosecond() % 1_000 != 0 {
            write!(f, "{:.9}", self.0)
        } else {
            write!(f, "{:.6}", self.0)
        }
    }
}

impl FromStr for Timestamp {
    type Err = jiff::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Timestamp)
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Parsed where it lies in the answer, without a copy into a string of its own.
        struct Rfc3339;
        impl serde::de::Visitor<'_> for Rfc3339 {
            type Value = Timestamp;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
                text.parse().map_err(E::custom)
            }
        }
        deserializer.deserialize_str(Rfc3339)
    }
}

/// What an access key may do. The console labels them Write, Read and Manage.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Permissions {
    /// Write: send messages to queues / publish to topics.
    #[serde(default)]
    pub can_publish: bool,
    /// Read: receive messages from queues / receive and configure subscriptions.
    #[serde(default)]
    pub can_receive: bool,
    /// Manage: create, delete and configure queues / topics and subscriptions.
    #[serde(default)]
    pub can_manage: bool,
}

impl Permissions {
    pub const WRITE: &'static str = "Write";
    pub const READ: &'static str = "Read";
    pub const MANAGE: &'static str = "Manage";

    pub fn new(write: bool, read: bool, manage: bool) -> Self {
        Permissions {
            can_publish: write,
            can_receive: read,
            can_manage: manage,
        }
    }

    /// The console labels of the granted permissions, in console order.
    pub fn labels(self) -> Vec<&'static str> {
        [
            (self.can_publish, Self::WRITE),
            (self.can_receive, Self::READ),
            (self.can_manage, Self::MANAGE),
        ]
        .into_iter()
        .filter_map(|(granted, label)| granted.then_some(label))
        .collect()
    }

    pub fn is_empty(self) -> bool {
        !(self.can_publish || self.can_receive || self.can_manage)
    }
}

/// A partial change of permissions: `None` (sent as `null`) leaves the permission unchanged.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PermissionsPatch {
    #[serde(default)]
    pub can_publish: Option<bool>,
    #[serde(default)]
    pub can_receive: Option<bool>,
    #[serde(default)]
    pub can_manage: Option<bool>,
}

impl PermissionsPatch {
    /// A patch that sets all three permissions.
    pub fn set(permissions: Permissions) -> Self {
        PermissionsPatch {
            can_publish: Some(permissions.can_publish),
            can_receive: Some(permissions.can_receive),
            can_manage: Some(permissions.can_manage),
        }
    }

    pub fn apply_to(self, permissions: Permissions) -> Permissions {
        Permissions {
            can_publish: self.can_publish.unwrap_or(permissions.can_publish),
            can_receive: self.can_receive.unwrap_or(permissions.can_receive),
            can_manage: self.can_manage.unwrap_or(permissions.can_manage),
        }
    }
}

/// The longest credentials name accepted. The real limit is not documented; the client and the
/// emulator agree on this one.
pub const MAX_NAME_CHARS: usize = 255;

/// What is wrong with a credentials or account name, if anything: names have 1 to 255
/// characters, not only spaces, and no control characters.
pub fn name_problem(name: &str) -> Option<&'static str> {
    if name.is_empty() {
        Some("must not be empty")
    } else if name.chars().count() > MAX_NAME_CHARS {
        Some("must be at most 255 characters")
    } else if name.chars().any(char::is_control) {
        Some("must not contain control characters")
    } else if name.trim().is_empty() {
        Some("must not be only spaces")
    } else {
        None
    }
}

/// A NATS account. Its id is the account's public nkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatsAccount {
    pub id: NatsAccountId,
    pub name: String,
    pub endpoint: String,
    pub project_id: ProjectId,
    pub region: Region,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

/// A `.creds` file as the API returns it, once, when NATS credentials are created.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CredsFile {
    pub name: String,
    /// The user JWT and the user's nkey seed: a secret.
    pub content: Secret,
}

impl fmt::Debug for CredsFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredsFile")
            .field("name", &self.name)
            .field("content", &self.content)
            .finish()
    }
}

/// NATS credentials. They cannot be updated, only revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatsCredentials {
    pub id: CredentialsId,
    pub name: String,
    pub nats_account_id: NatsAccountId,
    /// Absent in responses recorded before 2025.
    #[serde(default)]
    pub region: Option<Region>,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    /// Only in the create response; `null` everywhere else.
    #[serde(default)]
    pub credentials: Option<CredsFile>,
    /// SHA-1 (hex) of the `.creds` file.
    pub checksum: String,
}

/// Queues (SQS) or Topics and Events (SNS) credentials: an access key with permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceCredentials {
    pub id: CredentialsId,
    pub name: String,
    pub project_id: ProjectId,
    pub region: Region,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    pub access_key: String,
    /// The real secret only in the create response; `""` elsewhere.
    #[serde(default)]
    pub secret_key: Secret,
    #[serde(default)]
    pub secret_checksum: String,
    #[serde(default)]
    pub permissions: Option<Permissions>,
}

impl ServiceCredentials {
    pub fn permissions(&self) -> Permissions {
        self.permissions.unwrap_or_default()
    }
}

/// Whether Queues or Topics and Events is activated for a project in a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceStatus {
    UnknownStatus,
    Enabled,
    Disabled,
    /// A status this client does not know yet.
    #[serde(other)]
    Unrecognised,
}

/// `GET /sqs-info` and the activation answers for Queues.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SqsInfo {
    pub project_id: ProjectId,
    pub region: Region,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    pub status: ServiceStatus,
    pub sqs_endpoint_url: String,
}

/// `GET /sns-info` and the activation answers for Topics and Events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnsInfo {
    pub project_id: ProjectId,
    pub region: Region,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
    pub status: ServiceStatus,
    pub sns_endpoint_url: String,
}

/// [`SqsInfo`] or [`SnsInfo`], without the `sqs`/`sns` in the endpoint's key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceInfo {
    pub service: Service,
    pub project_id: ProjectId,
    pub region: Region,
    pub created_at: Option<Timestamp>,
    pub updated_at: Option<Timestamp>,
    pub status: ServiceStatus,
    pub endpoint_url: String,
}

impl From<SqsInfo> for ServiceInfo {
    fn from(info: SqsInfo) -> Self {
        ServiceInfo {
            service: Service::Sqs,
            project_id: info.project_id,
            region: info.region,
            created_at: info.created_at,
            updated_at: info.updated_at,
            status: info.status,
            endpoint_url: info.sqs_endpoint_url,
        }
    }
}

impl From<SnsInfo> for ServiceInfo {
    fn from(info: SnsInfo) -> Self {
        ServiceInfo {
            service: Service::Sns,
            project_id: info.project_id,
            region: info.region,
            created_at: info.created_at,
            updated_at: info.updated_at,
            status: info.status,
            endpoint_url: info.sns_endpoint_url,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_keep_the_precision_the_api_uses() {
        let created: Timestamp = "2026-04-10T10:59:13.238260154Z".parse().unwrap();
        assert_eq!(created.to_string(), "2026-04-10T10:59:13.238260154Z");
        assert_eq!(
            created.to_micros().to_string(),
            "2026-04-10T10:59:13.238260Z"
        );
        let whole: Timestamp = "2026-04-10T10:59:13Z".parse().unwrap();
        assert_eq!(whole.to_string(), "2026-04-10T10:59:13.000000Z");
        let trailing_zero: Timestamp = "2026-04-10T10:59:13.238260150Z".parse().unwrap();
        assert_eq!(trailing_zero.to_string(), "2026-04-10T10:59:13.238260150Z");
    }

    #[test]
    fn nats_credentials_decode_without_region_and_with_null_timestamps() {
        let json = r#"{"id":"ea97157f-4c9b-46c7-80cb-b86b25ddebea","name":"w","nats_account_id":"A",
            "created_at":null,"updated_at":null,"credentials":null,"checksum":"00","brand_new":1}"#;
        let credentials: NatsCredentials = serde_json::from_str(json).unwrap();
        assert_eq!(credentials.region, None);
        assert_eq!(credentials.created_at, None);
    }

    #[test]
    fn secrets_never_show_in_debug() {
        let credentials = CredsFile {
            name: "user.creds".into(),
            content: Secret::new("SUAHIDDENSEED"),
        };
        let debug = format!("{credentials:?}");
        assert!(!debug.contains("SUAHIDDENSEED"), "{debug}");
        assert!(debug.contains("13 characters hidden"), "{debug}");

        let credentials: ServiceCredentials = serde_json::from_str(
            r#"{"id":"ea97157f-4c9b-46c7-80cb-b86b25ddebea","name":"n",
            "project_id":"ea97157f-4c9b-46c7-80cb-b86b25ddebeb","region":"fr-par",
            "access_key":"SCWAAAAAAAAAAAAAAAAA","secret_key":"7d5f0a0e-hidden-secret"}"#,
        )
        .unwrap();
        assert_eq!(credentials.secret_key.expose(), "7d5f0a0e-hidden-secret");
        let debug = format!("{credentials:?}");
        assert!(!debug.contains("hidden-secret"), "{debug}");
        assert!(debug.contains("Secret(<22 characters hidden>)"), "{debug}");
        assert_eq!(
            serde_json::to_value(&credentials.secret_key).unwrap(),
            serde_json::json!("7d5f0a0e-hidden-secret"),
            "serde still carries the value itself"
        );
    }

    /// `Secret` has no `Display`, so `format!("{secret}")` and `to_string()` do not compile. The
    /// probe's inherent constant exists only for types that are `Display`; for others the
    /// trait's default answers.
    #[test]
    fn secrets_have_no_display() {
        struct Probe<T>(std::marker::PhantomData<T>);
        trait NotDisplay {
            const IS_DISPLAY: bool = false;
        }
        impl<T> NotDisplay for Probe<T> {}
        impl<T: fmt::Display> Probe<T> {
            const IS_DISPLAY: bool = true;
        }
        // Checked when the test compiles.
        const { assert!(Probe::<String>::IS_DISPLAY, "the probe sees Display") };
        const { assert!(!Probe::<Secret>::IS_DISPLAY) };
        const { assert!(!Probe::<CredsFile>::IS_DISPLAY) };
    }

    #[test]
    fn permissions_use_the_console_labels_in_console_order() {
        assert_eq!(
            Permissions::new(true, false, true).labels(),
            ["Write", "Manage"]
        );
        assert!(Permissions::default().is_empty());
    }

    #[test]
    fn a_patch_with_nulls_leaves_those_permissions_unchanged() {
        let patch: PermissionsPatch =
            serde_json::from_str(r#"{"can_publish":true,"can_receive":null,"can_manage":false}"#)
                .unwrap();
        let before = Permissions::new(false, true, true);
        assert_eq!(patch.apply_to(before), Permissions::new(true, true, false));
    }

    #[test]
    fn names_follow_the_documented_rules() {
        assert_eq!(name_problem(""), Some("must not be empty"));
        assert_eq!(name_problem("   "), Some("must not be only spaces"));
        assert_eq!(
            name_problem("a\u{1b}[2J"),
            Some("must not contain control characters")
        );
        assert_eq!(name_problem(&"é".repeat(255)), None);
        assert_eq!(
            name_problem(&"é".repeat(256)),
            Some("must be at most 255 characters")
        );
        assert_eq!(name_problem("orders-producer 🚀"), None);
    }

    #[test]
    fn unknown_service_status_decodes_as_unrecognised() {
        let status: ServiceStatus = serde_json::from_str(r#""migrating""#).unwrap();
        assert_eq!(status, ServiceStatus::Unrecognised);
    }
}

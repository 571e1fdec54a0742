//! Queues (SQS) and Topics and Events (SNS) themselves, reached as an application reaches them
//! with the credentials the API issues: requests signed with SigV4 ([`crate::sigv4`]) to the
//! endpoint `sqs-info` / `sns-info` answer, and the console's connection test built on them.
//!
//! The connection test ([`test_connection`]) creates, sends and receives nothing. Its probes aim
//! at a queue or topic that cannot exist (`mnq-tui-probe-<random>`):
//!
//! - Queues: `GetQueueUrl` of that name — "does not exist" means the endpoint took the key;
//!   then `ListQueues` with that name as prefix (Manage), and `SendMessage` (Write) and
//!   `ReceiveMessage` with no wait (Read) to its URL.
//! - Topics and Events: `ListTopics` (the key is taken); then `Publish` (Write),
//!   `SetTopicAttributes` (Manage) and `Subscribe` (Read) on its ARN.
//!
//! A per-permission probe answered "does not exist" shows the permission granted only where the
//! endpoint checks permissions before it looks the queue or topic up, as the emulator does; a
//! refusal shows it missing either way.
//!
//! What a test finds ([`ConnectionReport`]) needs no client: the console's core keeps it.

#[cfg(feature = "client")]
mod probe;

#[cfg(feature = "client")]
pub use probe::{Answer, Endpoint, PROBE_TIMEOUT, Unreachable, test_connection};

/// Whether the endpoint took the key, as the first probe found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// The key and its signature were taken.
    Accepted,
    /// The endpoint does not know the key: never issued, issued elsewhere, or revoked
    /// (`InvalidClientTokenId`).
    UnknownKey { code: String },
    /// The endpoint knows the key but refused the request (`AccessDenied`,
    /// `AuthorizationError`): no permission. Scaleway may answer so for revoked keys too.
    Denied { code: String },
    /// The signature does not match: the secret key is not this access key's.
    WrongSecret,
    /// The endpoint finds this machine's clock more than 15 minutes off.
    ClockSkew,
    /// No answer.
    Unreachable(String),
    /// An answer the test cannot read.
    Unexpected(String),
}

impl Access {
    /// Revoked, unknown, or without permission.
    pub fn is_refused(&self) -> bool {
        matches!(self, Access::UnknownKey { .. } | Access::Denied { .. })
    }
}

/// What the endpoint said about one permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// The probe passed the permission check (the probe's target does not exist).
    Granted,
    /// The probe was refused for want of the permission.
    Refused,
    /// The endpoint's answer does not tell; the words say what it was.
    CannotTell(String),
}

/// What the endpoint grants, permission by permission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Grants {
    pub write: Grant,
    pub read: Grant,
    pub manage: Grant,
}

/// The outcome of a connection test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectionReport {
    pub access: Access,
    /// Probed only when the key was accepted.
    pub grants: Option<Grants>,
}

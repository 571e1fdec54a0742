//! [`Change`]: a change asked of the API through mnq-tui, as its journal records it. A call
//! ([`ApiCall`](crate::call::ApiCall)) holds what the API needs; a change holds what a person
//! reading the journal later needs: where, what it was called, its key, and before → after.

use mnq_api::model::{Permissions, Product, ProjectId, Region, Timestamp};

/// One change, as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
    /// The id of what is changed; of what a create made, once it answered.
    pub id: Option<String>,
    pub name: String,
    /// The access key (Queues, Topics and Events) or the `.creds` checksum (NATS credentials);
    /// for a create, once it answered. Never a secret.
    pub key: Option<String>,
}

/// What kind of change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeKind {
    /// New credentials.
    Generate,
    Update {
        before: Version,
        after: Version,
    },
    Revoke,
    /// A new NATS account.
    CreateAccount,
}

impl ChangeKind {
    /// The word the journal writes (`generate`, `update`, `revoke`, `create-account`).
    pub fn word(&self) -> &'static str {
        match self {
            ChangeKind::Generate => "generate",
            ChangeKind::Update { .. } => "update",
            ChangeKind::Revoke => "revoke",
            ChangeKind::CreateAccount => "create-account",
        }
    }
}

/// Credentials' name and permissions, before or after an update.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Version {
    pub name: String,
    pub permissions: Permissions,
}

/// What became of a change, as far as the journal knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// Sent, and no answer recorded: the process ended first, or it is still waiting.
    Asked,
    /// Done; with a note when it needs one ("already revoked").
    Done { note: Option<String> },
    /// Refused or failed: not done.
    Failed(String),
    /// The answer was lost: it may or may not have been done.
    Unknown(String),
}

impl ChangeOutcome {
    /// The word the journal writes: `asked`, `done`, `failed`, `unknown`.
    pub fn word(&self) -> &'static str {
        match self {
            ChangeOutcome::Asked => "asked",
            ChangeOutcome::Done { .. } => "done",
            ChangeOutcome::Failed(_) => "failed",
            ChangeOutcome::Unknown(_) => "unknown",
        }
    }
}

/// A change as the journal recorded it: when, by whom, and its last outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    /// When it was asked.
    pub asked_at: Timestamp,
    /// The scw profile (or `demo`) it was made with.
    pub profile: String,
    /// `console` or `cli`.
    pub source: String,
    pub change: Change,
    pub outcome: ChangeOutcome,
}

//! [`Target`]: the credentials a pop-up acts on.

use mnq_api::model::{CredentialsId, Product, ProjectId, Region};

/// The credentials a pop-up acts on, with what the pop-up says about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
    pub id: CredentialsId,
    pub name: String,
    /// What identifies them to whoever holds them: the access key (Queues, Topics and Events)
    /// or the checksum of the `.creds` (NATS).
    pub key: String,
    /// The NATS account of NATS credentials.
    pub account: Option<String>,
}

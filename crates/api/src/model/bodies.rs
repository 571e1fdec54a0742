//! The bodies of requests and answers around the resources: list pages, the orders a list
//! accepts, what a create or an update sends, and the error body of every failed call.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{
    NatsAccount, NatsAccountId, NatsCredentials, Permissions, PermissionsPatch, ProjectId,
    ServiceCredentials,
};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListNatsAccountsResponse {
    pub total_count: u64,
    pub nats_accounts: Vec<NatsAccount>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListNatsCredentialsResponse {
    pub total_count: u64,
    pub nats_credentials: Vec<NatsCredentials>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSqsCredentialsResponse {
    pub total_count: u64,
    pub sqs_credentials: Vec<ServiceCredentials>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListSnsCredentialsResponse {
    pub total_count: u64,
    pub sns_credentials: Vec<ServiceCredentials>,
}

/// The six orders every list endpoint accepts; the API's default is `created_at_asc`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderBy {
    #[default]
    CreatedAtAsc,
    CreatedAtDesc,
    UpdatedAtAsc,
    UpdatedAtDesc,
    NameAsc,
    NameDesc,
}

impl OrderBy {
    pub const ALL: [OrderBy; 6] = [
        OrderBy::CreatedAtAsc,
        OrderBy::CreatedAtDesc,
        OrderBy::UpdatedAtAsc,
        OrderBy::UpdatedAtDesc,
        OrderBy::NameAsc,
        OrderBy::NameDesc,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderBy::CreatedAtAsc => "created_at_asc",
            OrderBy::CreatedAtDesc => "created_at_desc",
            OrderBy::UpdatedAtAsc => "updated_at_asc",
            OrderBy::UpdatedAtDesc => "updated_at_desc",
            OrderBy::NameAsc => "name_asc",
            OrderBy::NameDesc => "name_desc",
        }
    }
}

impl FromStr for OrderBy {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrderBy::ALL
            .into_iter()
            .find(|order| order.as_str() == s)
            .ok_or_else(|| format!("unknown order {s:?}"))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateNatsAccountRequest {
    pub name: String,
    pub project_id: ProjectId,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateNatsAccountRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateNatsCredentialsRequest {
    pub nats_account_id: NatsAccountId,
    pub name: String,
}

/// The body of `activate-sqs`, `deactivate-sqs` and their SNS twins.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectRequest {
    pub project_id: ProjectId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreateServiceCredentialsRequest {
    pub project_id: ProjectId,
    pub name: String,
    pub permissions: Permissions,
}

/// A change to Queues or Topics and Events credentials; absent fields stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UpdateServiceCredentialsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permissions: Option<PermissionsPatch>,
}

/// The JSON body of every error answer: `type` and `message`, plus fields that depend on the type
/// (`details` for `invalid_arguments`, `permissions_denied` and `quotas_exceeded`; `resource` and
/// `resource_id` for `not_found` and `already_exists`; `method` and `reason` for
/// `denied_authentication`; ...). Absent fields are not written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub details: Option<Vec<ErrorDetail>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub precondition: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current_state: Option<String>,
}

/// One entry of an error's `details`; which fields are set depends on the error type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorDetail {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub argument_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help_message: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quota: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub current: Option<u64>,
}

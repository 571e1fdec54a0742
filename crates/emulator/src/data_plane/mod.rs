//! The data planes: what applications talk to with the credentials the API issues. Queues
//! (SQS, in the AWS JSON 1.0 protocol, `sqs.rs`) and Topics and Events (SNS, in the query
//! protocol with XML answers, `sns.rs`), served beside the API on the same listener, under
//! `/sqs/{region}` and `/sns/{region}`: those are the endpoints `sqs-info` and `sns-info`
//! answer, usable as an AWS SDK's `endpoint_url` with the region as `region_name`.
//!
//! Every request is checked as Scaleway's endpoints check it: a SigV4 signature by the secret
//! key of credentials of that product and region ([`authenticate`]), then the credentials'
//! permissions against the action ([`Needs`]), before any queue or topic is looked up. Both
//! read the store when the request arrives: a revoke or a permission update through the API
//! holds from the very next request.
//!
//! Queues and topics belong to a project; a key sees its project's only. What they hold is
//! in the store (`queues.rs`, `messages.rs`, `topics.rs`: the rules, without HTTP), so in
//! `--state` too.

mod messages;
mod queues;
mod sns;
mod sqs;
mod topics;

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::Request;
use axum::routing::any;
use serde::{Deserialize, Serialize};

use super::Shared;
use mnq_api::model::{CredentialsId, Permissions, ProjectId, Region, Secret, Service};
use mnq_api::sigv4::{self, Authorization, Rejection, Scope};

pub use messages::{Message, MessageAttribute};
pub use queues::{Queue, QueueSettings};
pub use topics::{Subscription, Topic};

/// What the data planes keep in the store, and so in `--state`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataPlane {
    /// The secret keys of the Queues and Topics and Events credentials issued through the API,
    /// by credentials id: signatures are checked with them. Seeded credentials have none
    /// (nobody was ever given their secret), so no request is ever theirs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub secrets: BTreeMap<CredentialsId, Secret>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub queues: Vec<Queue>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<Topic>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub subscriptions: Vec<Subscription>,
}

impl DataPlane {
    pub fn is_empty(&self) -> bool {
        self.secrets.is_empty()
            && self.queues.is_empty()
            && self.topics.is_empty()
            && self.subscriptions.is_empty()
    }
}

/// The largest request body read; SQS's largest batch is 256 KiB of messages, which JSON and
/// base64 may make larger.
const MAX_BODY: usize = 1 << 20;

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/sqs/{region}", any(sqs::serve))
        .route("/sqs/{region}/", any(sqs::serve))
        .route("/sqs/{region}/{*queue}", any(sqs::serve))
        .route("/sns/{region}", any(sns::serve))
        .route("/sns/{region}/", any(sns::serve))
        .route("/sns/{region}/{*rest}", any(sns::serve))
        .with_state(shared)
}

/// The data plane of `service` in `region` on an emulator whose API is at `base`.
pub(crate) fn endpoint(base: &str, service: Service, region: Region) -> String {
    format!("{base}/{}/{region}", service.api_name())
}

/// Where queues and topics live: a region and a project.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub region: Region,
    pub project_id: ProjectId,
}

/// `arn:scw:sqs:fr-par:project-<id>:<name>`, as Scaleway writes ARNs.
fn arn(service: Service, place: &Place, name: &str) -> String {
    format!(
        "arn:scw:{}:{}:project-{}:{name}",
        service.api_name(),
        place.region,
        place.project_id
    )
}

/// The place and name an ARN of this service names, if it is one.
fn parse_arn(service: Service, arn: &str) -> Option<(Place, String)> {
    let rest = arn.strip_prefix(&format!("arn:scw:{}:", service.api_name()))?;
    let (region, rest) = rest.split_once(':')?;
    let (project, name) = rest.split_once(':')?;
    Some((
        Place {
            region: region.parse().ok()?,
            project_id: ProjectId(project.strip_prefix("project-")?.to_owned()),
        },
        name.to_owned(),
    ))
}

/// A request read whole: what SigV4 covers.
pub(crate) struct Received {
    method: String,
    path: String,
    query: String,
    /// Headers whose value is not text are left out: a signature over them cannot match.
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl Received {
    /// The request, or `None` when its body is larger than [`MAX_BODY`] or cut short.
    async fn read(request: Request) -> Option<Received> {
        let (parts, body) = request.into_parts();
        let body = axum::body::to_bytes(body, MAX_BODY).await.ok()?;
        Some(Received {
            method: parts.method.to_string(),
            path: parts.uri.path().to_owned(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            headers: parts
                .headers
                .iter()
                .filter_map(|(name, value)| {
                    Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned()))
                })
                .collect(),
            body,
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }
}

/// Who sent a request whose signature holds: the credentials' project and permissions as the
/// store has them now.
#[derive(Debug, Clone)]
pub(crate) struct Caller {
    pub access_key: String,
    pub place: Place,
    pub permissions: Permissions,
}

/// Why a request is not anyone's. Each protocol says it in its own error shape.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum AuthFailure {
    /// No `Authorization` header.
    Missing,
    /// An `Authorization` header that is not a complete SigV4 one.
    Malformed(String),
    /// The access key is not one of this product's in this region: never issued, issued
    /// elsewhere, or revoked. The emulator does not tell these apart, as AWS does not.
    UnknownKey,
    /// Signed more than 15 minutes away from now.
    Expired(String),
    /// Not the signature the key's secret gives for this request.
    Mismatch(String),
}

impl From<Rejection> for AuthFailure {
    fn from(rejection: Rejection) -> Self {
        match &rejection {
            Rejection::Missing => AuthFailure::Missing,
            Rejection::Malformed(_) => AuthFailure::Malformed(rejection.to_string()),
            Rejection::Expired { .. } => AuthFailure::Expired(rejection.to_string()),
            Rejection::Mismatch(_) => AuthFailure::Mismatch(rejection.to_string()),
        }
    }
}

/// Checks the request's SigV4 signature against the secret key of the credentials it names,
/// and answers who they are.
pub(crate) fn authenticate(
    shared: &Shared,
    service: Service,
    region: Region,
    received: &Received,
) -> Result<Caller, AuthFailure> {
    let headers: Vec<(&str, &str)> = received
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let request = sigv4::Request {
        method: &received.method,
        path: &received.path,
        query: &received.query,
        headers: &headers,
        body: &received.body,
    };
    let authorization = Authorization::read(&request)?;
    let (caller, secret) = shared
        .read(|store| {
            let credentials = store.credentials(service).iter().find(|credentials| {
                credentials.access_key == authorization.access_key && credentials.region == region
            })?;
            let secret = store.data_plane.secrets.get(&credentials.id)?.clone();
            let caller = Caller {
                access_key: credentials.access_key.clone(),
                place: Place {
                    region,
                    project_id: credentials.project_id.clone(),
                },
                permissions: credentials.permissions(),
            };
            Some((caller, secret))
        })
        .ok_or(AuthFailure::UnknownKey)?;
    let scope = Scope {
        region: region.as_str(),
        service: service.api_name(),
    };
    authorization.verify(&request, &secret, scope, jiff::Timestamp::now())?;
    Ok(caller)
}

/// What an action needs of the credentials' permissions (Scaleway's "Queues support" and
/// "Topics and Events support" tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    Manage,
    Write,
    Read,
    ReadOrManage,
    /// Any one of the three.
    AnyPermission,
    /// A valid signature only.
    Nothing,
}

impl Needs {
    pub fn allows(self, permissions: Permissions) -> bool {
        match self {
            Needs::Manage => permissions.can_manage,
            Needs::Write => permissions.can_publish,
            Needs::Read => permissions.can_receive,
            Needs::ReadOrManage => permissions.can_receive || permissions.can_manage,
            Needs::AnyPermission => !permissions.is_empty(),
            Needs::Nothing => true,
        }
    }

    /// Why `action` is refused to credentials with `permissions`, in words.
    pub fn refusal(self, action: &str, permissions: Permissions) -> String {
        let needed = match self {
            Needs::Manage => "the Manage permission (can_manage)",
            Needs::Write => "the Write permission (can_publish)",
            Needs::Read => "the Read permission (can_receive)",
            Needs::ReadOrManage => "the Read or the Manage permission",
            Needs::AnyPermission | Needs::Nothing => "at least one permission",
        };
        let held = match permissions.labels().as_slice() {
            [] => "none".to_owned(),
            labels => labels.join(", "),
        };
        format!(
            "Access to the resource is denied: {action} needs {needed}; these credentials have \
             {held}"
        )
    }
}

/// A random id for a message, a receipt or a request.
fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

//! The emulator's data and the API's rules over it, with no HTTP: what each operation changes,
//! answers, or refuses. Inputs arrive already checked for form (see `routes`); this checks
//! existence and state.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::data_plane::DataPlane;
use super::nats::{AccountKeys, OperatorKeys, sha1_hex};
use super::refusal::Refusal;
use mnq_api::model::*;

mod nats;
mod services;

/// The organization the emulator serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organization {
    pub id: OrganizationId,
    pub name: String,
}

/// An IAM API key that may call the emulator. Its secret key is the `X-Auth-Token`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiKey {
    pub access_key: String,
    pub secret_key: Secret,
    pub default_project_id: ProjectId,
    #[serde(default)]
    pub description: String,
    /// The only projects this key may read (see `projects.rs`); none: the whole organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_ids: Option<Vec<ProjectId>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub created_at: Option<Timestamp>,
    #[serde(default)]
    pub updated_at: Option<Timestamp>,
}

/// Queues or Topics and Events activated for a project in a region.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    pub service: Service,
    pub project_id: ProjectId,
    pub region: Region,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A NATS account with the private keys that sign its users' JWTs, and what its account JWT
/// must say about them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatsAccountRecord {
    pub account: NatsAccount,
    pub keys: AccountKeys,
    /// The users of the credentials issued through the API (seeded ones have none: nobody
    /// ever got their `.creds`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub users: Vec<NatsUser>,
    /// Revoked users: public key → a Unix time; their JWTs issued at or before it are refused.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub revocations: BTreeMap<String, i64>,
}

/// The NATS user behind credentials: deleting the credentials revokes this key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NatsUser {
    pub credentials_id: CredentialsId,
    pub public_key: String,
}

/// Everything the emulator holds; also the content of the `--state` file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Store {
    pub organization: Organization,
    pub api_keys: Vec<ApiKey>,
    pub projects: Vec<Project>,
    pub activations: Vec<Activation>,
    pub nats_accounts: Vec<NatsAccountRecord>,
    /// Stored without their `.creds` file, which the API returns only once.
    pub nats_credentials: Vec<NatsCredentials>,
    /// Stored with an empty `secret_key`, which the API returns only once.
    pub sqs_credentials: Vec<ServiceCredentials>,
    pub sns_credentials: Vec<ServiceCredentials>,
    /// The operator a live nats-server trusts; made the first time one runs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nats_operator: Option<OperatorKeys>,
    /// The queues, topics and messages of the data planes, and the secret keys they check
    /// signatures with.
    #[serde(default, skip_serializing_if = "DataPlane::is_empty")]
    pub data_plane: DataPlane,
}

/// What a list call asks for, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListParams {
    pub project_id: Option<ProjectId>,
    pub nats_account_id: Option<NatsAccountId>,
    pub order_by: OrderBy,
    /// 1-based.
    pub page: u64,
    pub page_size: u64,
}

/// Credentials to create, already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCredentials {
    pub project_id: ProjectId,
    pub name: String,
    pub permissions: Permissions,
}

/// Randomness that operations need, passed in so that tests and seeds can fix it.
pub struct Entropy {
    pub uuid: uuid::Uuid,
    pub bytes: [u8; 64],
}

impl Entropy {
    pub fn random() -> Self {
        let mut bytes = [0u8; 64];
        for chunk in bytes.chunks_mut(16) {
            chunk.copy_from_slice(uuid::Uuid::new_v4().as_bytes());
        }
        Entropy {
            uuid: uuid::Uuid::new_v4(),
            bytes,
        }
    }

    fn first_32(&self) -> [u8; 32] {
        let mut first = [0u8; 32];
        first.copy_from_slice(&self.bytes[..32]);
        first
    }
}

/// An item of a list endpoint: its id and name (the wire model's [`Resource`]) and what the
/// other orders sort on.
trait Listed: Resource<Id: Ord> + Clone {
    fn created_at(&self) -> Option<Timestamp>;
    fn updated_at(&self) -> Option<Timestamp>;
    /// The item as reads return it (timestamps cut to microseconds).
    fn as_read(&self) -> Self;
}

macro_rules! listed {
    ($type:ty) => {
        impl Listed for $type {
            fn created_at(&self) -> Option<Timestamp> {
                self.created_at
            }
            fn updated_at(&self) -> Option<Timestamp> {
                self.updated_at
            }
            fn as_read(&self) -> Self {
                let mut read = self.clone();
                read.created_at = read.created_at.map(Timestamp::to_micros);
                read.updated_at = read.updated_at.map(Timestamp::to_micros);
                read
            }
        }
    };
}

listed!(NatsAccount);
listed!(NatsCredentials);
listed!(ServiceCredentials);

/// The total order of a list: the requested key, then the id, so that pages never overlap.
fn compare<T: Listed>(order: OrderBy, a: &T, b: &T) -> Ordering {
    let ascending = |a: &T, b: &T| {
        let by_key = match order {
            OrderBy::CreatedAtAsc | OrderBy::CreatedAtDesc => a.created_at().cmp(&b.created_at()),
            OrderBy::UpdatedAtAsc | OrderBy::UpdatedAtDesc => a.updated_at().cmp(&b.updated_at()),
            OrderBy::NameAsc | OrderBy::NameDesc => a.name().cmp(b.name()),
        };
        by_key.then_with(|| a.id().cmp(b.id()))
    };
    // A descending order is exactly the ascending one reversed, ties included.
    match order {
        OrderBy::CreatedAtDesc | OrderBy::UpdatedAtDesc | OrderBy::NameDesc => ascending(b, a),
        OrderBy::CreatedAtAsc | OrderBy::UpdatedAtAsc | OrderBy::NameAsc => ascending(a, b),
    }
}

/// One page of the matching items, in order.
///
/// The store keeps every list in creation order (see [`Store::keep_in_creation_order`]), so the
/// two `created_at` orders — the default — just skip to the page. Other orders select the page's
/// window in linear time rather than sorting everything. Either way paging through a long list
/// stays cheap.
fn page_of<'a, T, I>(matching: I, params: &ListParams) -> (u64, Vec<T>)
where
    T: Listed + 'a,
    I: DoubleEndedIterator<Item = &'a T> + Clone,
{
    let size = usize::try_from(params.page_size).unwrap_or(usize::MAX);
    let skip = usize::try_from(params.page.saturating_sub(1))
        .unwrap_or(usize::MAX)
        .saturating_mul(size);
    match params.order_by {
        OrderBy::CreatedAtAsc => {
            let total = matching.clone().count() as u64;
            let page = matching.skip(skip).take(size).map(Listed::as_read);
            (total, page.collect())
        }
        OrderBy::CreatedAtDesc => {
            let total = matching.clone().count() as u64;
            let page = matching.rev().skip(skip).take(size).map(Listed::as_read);
            (total, page.collect())
        }
        _ => select_page(matching.collect(), params.order_by, skip, size),
    }
}

fn select_page<T: Listed>(
    mut matching: Vec<&T>,
    order_by: OrderBy,
    skip: usize,
    size: usize,
) -> (u64, Vec<T>) {
    let total = matching.len();
    let start = skip.min(total);
    let end = start.saturating_add(size).min(total);
    let order = |a: &&T, b: &&T| compare(order_by, *a, *b);
    if start > 0 && start < total {
        matching.select_nth_unstable_by(start, order);
    }
    let rest = &mut matching[start..];
    if end - start < rest.len() {
        rest.select_nth_unstable_by(end - start, order);
    }
    let window = &mut matching[start..end];
    window.sort_unstable_by(order);
    (
        total as u64,
        window.iter().map(|item| item.as_read()).collect(),
    )
}

/// Sorts a list into creation order (`created_at`, then id) unless it already is.
fn sort_by_creation<T: Listed>(items: &mut [T]) {
    let ordered = |a: &T, b: &T| compare(OrderBy::CreatedAtAsc, a, b);
    if !items.is_sorted_by(|a, b| ordered(a, b) != Ordering::Greater) {
        items.sort_by(ordered);
    }
}

/// Adds an item, keeping the list in creation order (new items are almost always last).
fn insert_by_creation<T: Listed>(items: &mut Vec<T>, item: T) {
    let at = items.partition_point(|existing| {
        compare(OrderBy::CreatedAtAsc, existing, &item) != Ordering::Greater
    });
    items.insert(at, item);
}

/// The endpoint of NATS accounts without a live nats-server: Scaleway's.
fn nats_endpoint(region: Region) -> String {
    format!("nats://nats.mnq.{region}.scaleway.com:4222")
}

/// The resource name the API uses for a service's per-project "namespace".
fn namespace_resource(service: Service) -> &'static str {
    match service {
        Service::Sqs => "MnqSQSNamespace",
        Service::Sns => "MnqSNSNamespace",
    }
}

/// 20 mixed-case letters and digits, like the access keys the real API issues.
pub fn random_access_key() -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    (0..20)
        .map(|_| char::from(ALPHABET[fastrand::usize(..ALPHABET.len())]))
        .collect()
}

impl Store {
    /// Puts every list in creation order, which listing relies on. Seeds and state files may
    /// come in any order; changes keep the order afterwards.
    pub fn keep_in_creation_order(&mut self) {
        let ordered = |a: &NatsAccountRecord, b: &NatsAccountRecord| {
            compare(OrderBy::CreatedAtAsc, &a.account, &b.account)
        };
        if !self
            .nats_accounts
            .is_sorted_by(|a, b| ordered(a, b) != Ordering::Greater)
        {
            self.nats_accounts.sort_by(ordered);
        }
        sort_by_creation(&mut self.nats_credentials);
        sort_by_creation(&mut self.sqs_credentials);
        sort_by_creation(&mut self.sns_credentials);
    }

    pub fn authenticates(&self, token: &str) -> bool {
        self.api_keys
            .iter()
            .any(|key| key.secret_key.expose() == token)
    }

    pub(crate) fn credentials(&self, service: Service) -> &Vec<ServiceCredentials> {
        match service {
            Service::Sqs => &self.sqs_credentials,
            Service::Sns => &self.sns_credentials,
        }
    }

    fn credentials_mut(&mut self, service: Service) -> &mut Vec<ServiceCredentials> {
        match service {
            Service::Sqs => &mut self.sqs_credentials,
            Service::Sns => &mut self.sns_credentials,
        }
    }
}

fn matches_project(filter: &Option<ProjectId>, project_id: &ProjectId) -> bool {
    filter.as_ref().is_none_or(|wanted| wanted == project_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn credentials(id: &str, name: &str, created: &str) -> ServiceCredentials {
        ServiceCredentials {
            id: CredentialsId(id.into()),
            name: name.into(),
            project_id: ProjectId("p".into()),
            region: Region::FrPar,
            created_at: Some(created.parse().unwrap()),
            updated_at: Some(created.parse().unwrap()),
            access_key: String::new(),
            secret_key: Secret::default(),
            secret_checksum: String::new(),
            permissions: None,
        }
    }

    fn params(order_by: OrderBy, page: u64, page_size: u64) -> ListParams {
        ListParams {
            project_id: None,
            nats_account_id: None,
            order_by,
            page,
            page_size,
        }
    }

    #[test]
    fn pages_partition_the_sorted_list_for_every_order() {
        // Ties on both keys, settled by the id; a descending order is the ascending one
        // reversed, ties included. Pages of 3 cut through the ties.
        let mut items = vec![
            credentials("a", "delta", "2026-01-01T00:00:03Z"),
            credentials("b", "alpha", "2026-01-01T00:00:01Z"),
            credentials("c", "alpha", "2026-01-01T00:00:02Z"),
            credentials("d", "charlie", "2026-01-01T00:00:01Z"),
            credentials("e", "bravo", "2026-01-01T00:00:02Z"),
            credentials("f", "alpha", "2026-01-01T00:00:01Z"),
            credentials("g", "echo", "2026-01-01T00:00:00Z"),
        ];
        sort_by_creation(&mut items);
        let expected = [
            (OrderBy::CreatedAtAsc, "gbdfcea"),
            (OrderBy::CreatedAtDesc, "aecfdbg"),
            (OrderBy::UpdatedAtAsc, "gbdfcea"),
            (OrderBy::UpdatedAtDesc, "aecfdbg"),
            (OrderBy::NameAsc, "bcfedag"),
            (OrderBy::NameDesc, "gadefcb"),
        ];
        assert_eq!(expected.len(), OrderBy::ALL.len());
        for (order, expected) in expected {
            let mut paged = String::new();
            for page in 1..=3 {
                let (total, items) = page_of(items.iter(), &params(order, page, 3));
                assert_eq!(total, 7);
                paged.extend(items.into_iter().map(|c| c.id.0));
            }
            assert_eq!(paged, expected, "{order:?}");
        }
    }

    #[test]
    fn reads_cut_timestamps_to_microseconds() {
        let item = credentials("1", "a", "2026-04-10T11:02:44.784472612Z");
        let (_, page) = page_of(std::iter::once(&item), &params(OrderBy::NameAsc, 1, 20));
        assert_eq!(
            page[0].created_at.unwrap().to_string(),
            "2026-04-10T11:02:44.784472Z"
        );
    }

    #[test]
    fn a_page_past_the_end_is_empty() {
        let item = credentials("1", "a", "2026-04-10T11:02:44Z");
        let (total, page) = page_of(std::iter::once(&item), &params(OrderBy::NameAsc, 3, 20));
        assert_eq!((total, page.len()), (1, 0));
    }
}

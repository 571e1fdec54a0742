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

    // NATS accounts

    pub fn list_nats_accounts(
        &self,
        region: Region,
        params: &ListParams,
    ) -> ListNatsAccountsResponse {
        let matching = self
            .nats_accounts
            .iter()
            .map(|record| &record.account)
            .filter(|account| account.region == region)
            .filter(|account| matches_project(&params.project_id, &account.project_id));
        let (total_count, nats_accounts) = page_of(matching, params);
        ListNatsAccountsResponse {
            total_count,
            nats_accounts,
        }
    }

    fn nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<&NatsAccountRecord, Refusal> {
        self.nats_accounts
            .iter()
            .find(|record| record.account.id == *id && record.account.region == region)
            .ok_or_else(|| Refusal::not_found("namespace", id.as_str()))
    }

    fn nats_account_mut(
        &mut self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<&mut NatsAccountRecord, Refusal> {
        self.nats_accounts
            .iter_mut()
            .find(|record| record.account.id == *id && record.account.region == region)
            .ok_or_else(|| Refusal::not_found("namespace", id.as_str()))
    }

    pub fn get_nats_account(
        &self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<NatsAccount, Refusal> {
        Ok(self.nats_account(region, id)?.account.as_read())
    }

    pub fn create_nats_account(
        &mut self,
        region: Region,
        project_id: ProjectId,
        name: String,
        now: Timestamp,
        entropy: &Entropy,
    ) -> NatsAccount {
        let (id, keys) = AccountKeys::from_entropy(entropy.bytes);
        let account = NatsAccount {
            id,
            name,
            endpoint: nats_endpoint(region),
            project_id,
            region,
            created_at: Some(now),
            updated_at: Some(now),
        };
        let at = self.nats_accounts.partition_point(|record| {
            compare(OrderBy::CreatedAtAsc, &record.account, &account) != Ordering::Greater
        });
        self.nats_accounts.insert(
            at,
            NatsAccountRecord {
                account: account.clone(),
                keys,
                users: Vec::new(),
                revocations: BTreeMap::new(),
            },
        );
        account
    }

    pub fn rename_nats_account(
        &mut self,
        region: Region,
        id: &NatsAccountId,
        name: Option<String>,
        now: Timestamp,
    ) -> Result<NatsAccount, Refusal> {
        let record = self.nats_account_mut(region, id)?;
        if let Some(name) = name {
            record.account.name = name;
            record.account.updated_at = Some(now);
        }
        Ok(record.account.as_read())
    }

    /// Deletes the account and all its credentials.
    pub fn delete_nats_account(
        &mut self,
        region: Region,
        id: &NatsAccountId,
    ) -> Result<(), Refusal> {
        self.nats_account(region, id)?;
        self.nats_accounts
            .retain(|record| !(record.account.id == *id && record.account.region == region));
        self.nats_credentials
            .retain(|credentials| credentials.nats_account_id != *id);
        Ok(())
    }

    // NATS credentials

    pub fn list_nats_credentials(
        &self,
        region: Region,
        params: &ListParams,
    ) -> ListNatsCredentialsResponse {
        let matching = self
            .nats_credentials
            .iter()
            .filter(|credentials| credentials.region == Some(region))
            .filter(|credentials| {
                params
                    .nats_account_id
                    .as_ref()
                    .is_none_or(|account| credentials.nats_account_id == *account)
            })
            .filter(|credentials| {
                params.project_id.as_ref().is_none_or(|project| {
                    self.nats_accounts.iter().any(|record| {
                        record.account.id == credentials.nats_account_id
                            && record.account.project_id == *project
                    })
                })
            });
        let (total_count, nats_credentials) = page_of(matching, params);
        ListNatsCredentialsResponse {
            total_count,
            nats_credentials,
        }
    }

    /// Creates credentials; the answer carries the `.creds` file, which is not kept.
    pub fn create_nats_credentials(
        &mut self,
        region: Region,
        account_id: &NatsAccountId,
        name: String,
        now: Timestamp,
        entropy: &Entropy,
    ) -> Result<NatsCredentials, Refusal> {
        let record = self.nats_account_mut(region, account_id)?;
        let (content, user_public_key) = record
            .keys
            .issue_user_creds(account_id, &name, now.0.as_second(), entropy.first_32())
            .map_err(|message| Refusal::Internal { message })?;
        record.account.updated_at = Some(now);
        let id = CredentialsId(entropy.uuid.to_string());
        record.users.push(NatsUser {
            credentials_id: id.clone(),
            public_key: user_public_key,
        });
        // As observed on the real API: updated_at is a few hundred nanoseconds after created_at.
        let updated_at = now
            .0
            .checked_add(jiff::SignedDuration::from_nanos(286))
            .map(Timestamp)
            .unwrap_or(now);
        let stored = NatsCredentials {
            id,
            name,
            nats_account_id: account_id.clone(),
            region: Some(region),
            created_at: Some(now),
            updated_at: Some(updated_at),
            credentials: None,
            checksum: sha1_hex(content.expose()),
        };
        insert_by_creation(&mut self.nats_credentials, stored.clone());
        Ok(NatsCredentials {
            credentials: Some(CredsFile {
                name: "user.creds".to_owned(),
                content,
            }),
            ..stored
        })
    }

    fn nats_credentials_index(&self, region: Region, id: &CredentialsId) -> Result<usize, Refusal> {
        self.nats_credentials
            .iter()
            .position(|credentials| credentials.id == *id && credentials.region == Some(region))
            .ok_or_else(|| Refusal::not_found("credentials", id.as_str()))
    }

    pub fn get_nats_credentials(
        &self,
        region: Region,
        id: &CredentialsId,
    ) -> Result<NatsCredentials, Refusal> {
        let index = self.nats_credentials_index(region, id)?;
        Ok(self.nats_credentials[index].as_read())
    }

    /// Deletes credentials and revokes their user: the account JWT a live nats-server gets
    /// next refuses it. Answers the account, whose JWT changed.
    pub fn delete_nats_credentials(
        &mut self,
        region: Region,
        id: &CredentialsId,
        now: Timestamp,
    ) -> Result<NatsAccountId, Refusal> {
        let index = self.nats_credentials_index(region, id)?;
        let removed = self.nats_credentials.remove(index);
        if let Ok(record) = self.nats_account_mut(region, &removed.nats_account_id) {
            record.account.updated_at = Some(now);
            if let Some(at) = record
                .users
                .iter()
                .position(|user| user.credentials_id == *id)
            {
                let user = record.users.remove(at);
                record
                    .revocations
                    .insert(user.public_key, now.0.as_second());
            }
        }
        Ok(removed.nats_account_id)
    }

    // Activation of Queues and Topics and Events

    fn activation(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Option<&Activation> {
        self.activations.iter().find(|activation| {
            activation.service == service
                && activation.region == region
                && activation.project_id == *project_id
        })
    }

    fn info(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
        activation: Option<&Activation>,
    ) -> ServiceInfo {
        ServiceInfo {
            service,
            project_id: project_id.clone(),
            region,
            created_at: activation.map(|a| a.created_at),
            updated_at: activation.map(|a| a.updated_at),
            status: if activation.is_some() {
                ServiceStatus::Enabled
            } else {
                ServiceStatus::Disabled
            },
            // The routes answer the emulator's own data plane.
            endpoint_url: String::new(),
        }
    }

    pub fn get_info(
        &self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> ServiceInfo {
        let activation = self
            .activation(service, region, project_id)
            .map(|a| Activation {
                created_at: a.created_at.to_micros(),
                updated_at: a.updated_at.to_micros(),
                ..a.clone()
            });
        self.info(service, region, project_id, activation.as_ref())
    }

    pub fn activate(
        &mut self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
        now: Timestamp,
    ) -> Result<ServiceInfo, Refusal> {
        if self.activation(service, region, project_id).is_some() {
            return Err(Refusal::AlreadyExists {
                resource: namespace_resource(service),
                resource_id: project_id.to_string(),
                help: format!(
                    "{} is already enabled on this project",
                    service.api_name().to_uppercase()
                ),
            });
        }
        let activation = Activation {
            service,
            project_id: project_id.clone(),
            region,
            created_at: now,
            updated_at: now,
        };
        let info = self.info(service, region, project_id, Some(&activation));
        self.activations.push(activation);
        Ok(info)
    }

    /// Deactivates the service. Refused while credentials remain, as the API's description
    /// asks ("You must delete all queues and credentials before this call").
    pub fn deactivate(
        &mut self,
        service: Service,
        region: Region,
        project_id: &ProjectId,
    ) -> Result<ServiceInfo, Refusal> {
        if self.activation(service, region, project_id).is_none() {
            return Err(Refusal::not_found(
                namespace_resource(service),
                project_id.as_str(),
            ));
        }
        let remaining = self
            .credentials(service)
            .iter()
            .filter(|c| c.region == region && c.project_id == *project_id)
            .count();
        let in_place = |item_region: Region, item_project: &ProjectId| {
            item_region == region && item_project == project_id
        };
        let (kept, what) = match service {
            Service::Sqs => (
                self.data_plane
                    .queues
                    .iter()
                    .filter(|queue| in_place(queue.region, &queue.project_id))
                    .count(),
                "queues",
            ),
            Service::Sns => (
                self.data_plane
                    .topics
                    .iter()
                    .filter(|topic| in_place(topic.region, &topic.project_id))
                    .count(),
                "topics",
            ),
        };
        if kept > 0 {
            return Err(Refusal::PreconditionFailed {
                precondition: "resource_still_in_use",
                help: format!("delete the {kept} {what} of this project in {region} first"),
            });
        }
        if remaining > 0 {
            return Err(Refusal::PreconditionFailed {
                precondition: "resource_still_in_use",
                help: format!(
                    "delete the {remaining} {} credentials of this project in {region} first",
                    service.product()
                ),
            });
        }
        self.activations.retain(|activation| {
            !(activation.service == service
                && activation.region == region
                && activation.project_id == *project_id)
        });
        Ok(self.info(service, region, project_id, None))
    }

    // Queues and Topics and Events credentials

    /// Where the credentials a list call matches are in the store, in creation order: the
    /// part of a list call that reads the whole store, which a client paging through a long
    /// list need not repeat for every page (see [`Store::credentials_page`]).
    pub fn matching_credentials(
        &self,
        service: Service,
        region: Region,
        project_id: &Option<ProjectId>,
    ) -> Vec<usize> {
        self.credentials(service)
            .iter()
            .enumerate()
            .filter(|(_, credentials)| {
                credentials.region == region && matches_project(project_id, &credentials.project_id)
            })
            .map(|(position, _)| position)
            .collect()
    }

    /// One page of a list call, from what [`Store::matching_credentials`] found (in this same
    /// state of the store).
    pub fn credentials_page(
        &self,
        service: Service,
        matching: &[usize],
        params: &ListParams,
    ) -> (u64, Vec<ServiceCredentials>) {
        let all = self.credentials(service);
        page_of(matching.iter().filter_map(|&at| all.get(at)), params)
    }

    /// Creates credentials; the answer carries the secret key, which is not kept. The service
    /// must be activated for the project in the region.
    pub fn create_credentials(
        &mut self,
        service: Service,
        region: Region,
        new: NewCredentials,
        now: Timestamp,
        entropy: &Entropy,
    ) -> Result<ServiceCredentials, Refusal> {
        if self.activation(service, region, &new.project_id).is_none() {
            return Err(Refusal::not_found(
                namespace_resource(service),
                new.project_id.as_str(),
            ));
        }
        let secret_key =
            uuid::Uuid::from_bytes(entropy.bytes[..16].try_into().unwrap_or([0; 16])).to_string();
        let stored = ServiceCredentials {
            id: CredentialsId(entropy.uuid.to_string()),
            name: new.name,
            project_id: new.project_id,
            region,
            created_at: Some(now),
            updated_at: Some(now),
            access_key: random_access_key(),
            secret_key: Secret::default(),
            secret_checksum: sha1_hex(&secret_key),
            permissions: Some(new.permissions),
        };
        insert_by_creation(self.credentials_mut(service), stored.clone());
        let secret_key = Secret::new(secret_key);
        self.data_plane
            .secrets
            .insert(stored.id.clone(), secret_key.clone());
        Ok(ServiceCredentials {
            secret_key,
            ..stored
        })
    }

    fn credentials_index(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<usize, Refusal> {
        self.credentials(service)
            .iter()
            .position(|credentials| credentials.id == *id && credentials.region == region)
            .ok_or_else(|| Refusal::not_found("credentials", id.as_str()))
    }

    pub fn get_credentials(
        &self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<ServiceCredentials, Refusal> {
        let index = self.credentials_index(service, region, id)?;
        Ok(self.credentials(service)[index].as_read())
    }

    pub fn update_credentials(
        &mut self,
        service: Service,
        region: Region,
        id: &CredentialsId,
        name: Option<String>,
        permissions: Option<PermissionsPatch>,
        now: Timestamp,
    ) -> Result<ServiceCredentials, Refusal> {
        let index = self.credentials_index(service, region, id)?;
        let credentials = &mut self.credentials_mut(service)[index];
        if let Some(name) = name {
            credentials.name = name;
        }
        if let Some(patch) = permissions {
            credentials.permissions = Some(patch.apply_to(credentials.permissions()));
        }
        credentials.updated_at = Some(now);
        Ok(credentials.as_read())
    }

    pub fn delete_credentials(
        &mut self,
        service: Service,
        region: Region,
        id: &CredentialsId,
    ) -> Result<(), Refusal> {
        let index = self.credentials_index(service, region, id)?;
        self.credentials_mut(service).remove(index);
        // The data planes refuse the key from now on: it is gone, and so is its secret.
        self.data_plane.secrets.remove(id);
        Ok(())
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

//! The data an emulator starts with: `demo` (shipped in `assets/seeds/demo.json`), `empty`, or a
//! file in the same format. Ids, keys and `.creds` checksums are derived from the seed's content,
//! so the same seed always gives the same ids.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::str::FromStr;

use data_encoding::HEXLOWER;
use serde::Deserialize;
use sha2::{Digest, Sha512};

use super::data_plane::DataPlane;
use super::nats::{AccountKeys, sha1_hex};
use super::store::{Activation, ApiKey, NatsAccountRecord, Organization, Project, Store};
use mnq_api::model::*;

const DEMO: &str = include_str!("../../../assets/seeds/demo.json");

/// Which data to start with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seed {
    Demo,
    Empty,
    File(PathBuf),
}

impl FromStr for Seed {
    type Err = std::convert::Infallible;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s {
            "demo" => Seed::Demo,
            "empty" => Seed::Empty,
            path => Seed::File(PathBuf::from(path)),
        })
    }
}

impl fmt::Display for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Seed::Demo => f.write_str("demo"),
            Seed::Empty => f.write_str("empty"),
            Seed::File(path) => write!(f, "{}", path.display()),
        }
    }
}

/// A seed that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    #[error("cannot read the seed file {path}: {cause}")]
    Unreadable { path: String, cause: String },
    #[error("the seed {seed} is not valid: {cause}")]
    Invalid { seed: String, cause: String },
}

/// The seed file format.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedFile {
    pub organization: Organization,
    pub api_keys: Vec<ApiKey>,
    pub projects: Vec<Project>,
    #[serde(default)]
    pub activations: Vec<SeedActivation>,
    #[serde(default)]
    pub nats_accounts: Vec<SeedNatsAccount>,
    #[serde(default)]
    pub sqs_credentials: Vec<SeedCredentials>,
    #[serde(default)]
    pub sns_credentials: Vec<SeedCredentials>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedActivation {
    pub service: Service,
    pub project_id: ProjectId,
    pub region: Region,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedNatsAccount {
    pub name: String,
    pub project_id: ProjectId,
    pub region: Region,
    pub created_at: Timestamp,
    pub updated_at: Option<Timestamp>,
    #[serde(default)]
    pub credentials: Vec<SeedNatsCredentials>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedNatsCredentials {
    pub name: String,
    pub created_at: Timestamp,
    pub updated_at: Option<Timestamp>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeedCredentials {
    pub name: String,
    pub project_id: ProjectId,
    pub region: Region,
    pub permissions: Permissions,
    pub created_at: Timestamp,
    pub updated_at: Option<Timestamp>,
}

impl Seed {
    pub fn load(&self) -> Result<Store, SeedError> {
        let seed_file: SeedFile = match self {
            Seed::Demo => parse("demo", DEMO)?,
            Seed::Empty => empty(),
            Seed::File(path) => {
                let text =
                    std::fs::read_to_string(path).map_err(|error| SeedError::Unreadable {
                        path: path.display().to_string(),
                        cause: error.to_string(),
                    })?;
                parse(&path.display().to_string(), &text)?
            }
        };
        build(seed_file).map_err(|cause| SeedError::Invalid {
            seed: self.to_string(),
            cause,
        })
    }
}

fn parse(name: &str, text: &str) -> Result<SeedFile, SeedError> {
    serde_json::from_str(text).map_err(|error| SeedError::Invalid {
        seed: name.to_owned(),
        cause: error.to_string(),
    })
}

/// One organization, one project and one API key; nothing activated.
fn empty() -> SeedFile {
    let project_id = ProjectId("6867d0f3-2d3c-4d0b-b5c9-51cc2d1f0ea1".into());
    SeedFile {
        organization: Organization {
            id: OrganizationId("0c9fd3a4-7f53-4fa7-9a34-4f0bb1c8a2f5".into()),
            name: "Emulated organization".into(),
        },
        api_keys: vec![ApiKey {
            access_key: "SCWEMULATOR000000000".into(),
            secret_key: Secret::new("11111111-2222-4333-8444-555555555555"),
            default_project_id: project_id.clone(),
            description: "emulator key".into(),
            project_ids: None,
        }],
        projects: vec![Project {
            id: project_id,
            name: "default".into(),
            description: String::new(),
            // A constant that parses: the real API always dates a project.
            created_at: "2024-01-01T00:00:00Z".parse().ok(),
            updated_at: "2024-01-01T00:00:00Z".parse().ok(),
        }],
        activations: Vec::new(),
        nats_accounts: Vec::new(),
        sqs_credentials: Vec::new(),
        sns_credentials: Vec::new(),
    }
}

/// Stable pseudo-random bytes for one seeded item.
fn derived(parts: &[&str]) -> [u8; 64] {
    let mut hasher = Sha512::new();
    for part in parts {
        hasher.update(part.as_bytes());
        hasher.update([0]);
    }
    hasher.finalize().into()
}

fn derived_uuid(bytes: &[u8; 64]) -> CredentialsId {
    let mut raw = [0u8; 16];
    raw.copy_from_slice(&bytes[..16]);
    CredentialsId(
        uuid::Builder::from_random_bytes(raw)
            .into_uuid()
            .to_string(),
    )
}

fn derived_access_key(bytes: &[u8; 64]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    bytes[16..36]
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect()
}

fn build(seed: SeedFile) -> Result<Store, String> {
    if seed.api_keys.is_empty() {
        return Err("it has no api_keys, so no client could authenticate".into());
    }
    for key in &seed.api_keys {
        if uuid::Uuid::try_parse(key.secret_key.expose()).is_err() {
            return Err(format!(
                "the secret key of {} is not a UUID",
                key.access_key
            ));
        }
    }
    let activations = seed
        .activations
        .iter()
        .map(|a| Activation {
            service: a.service,
            project_id: a.project_id.clone(),
            region: a.region,
            created_at: a.created_at,
            updated_at: a.created_at,
        })
        .collect();

    let mut nats_accounts = Vec::new();
    let mut nats_credentials = Vec::new();
    for account in &seed.nats_accounts {
        let region = account.region.as_str();
        let entropy = derived(&[
            "nats-account",
            account.project_id.as_str(),
            region,
            &account.name,
        ]);
        let (id, keys) = AccountKeys::from_entropy(entropy);
        for credentials in &account.credentials {
            let bytes = derived(&["nats-credentials", id.as_str(), &credentials.name]);
            let mut user = [0u8; 32];
            user.copy_from_slice(&bytes[32..]);
            // Nobody ever saw these `.creds`: only their checksum is kept, and no user key.
            let (content, _) = keys.issue_user_creds(
                &id,
                &credentials.name,
                credentials.created_at.0.as_second(),
                user,
            )?;
            nats_credentials.push(NatsCredentials {
                id: derived_uuid(&bytes),
                name: credentials.name.clone(),
                nats_account_id: id.clone(),
                region: Some(account.region),
                created_at: Some(credentials.created_at),
                updated_at: Some(credentials.updated_at.unwrap_or(credentials.created_at)),
                credentials: None,
                checksum: sha1_hex(content.expose()),
            });
        }
        nats_accounts.push(NatsAccountRecord {
            account: NatsAccount {
                id,
                name: account.name.clone(),
                endpoint: format!("nats://nats.mnq.{region}.scaleway.com:4222"),
                project_id: account.project_id.clone(),
                region: account.region,
                created_at: Some(account.created_at),
                updated_at: Some(account.updated_at.unwrap_or(account.created_at)),
            },
            keys,
            users: Vec::new(),
            revocations: BTreeMap::new(),
        });
    }

    let service_credentials = |service: Service, seeded: &[SeedCredentials]| {
        seeded
            .iter()
            .map(|c| {
                let bytes = derived(&[
                    service.api_name(),
                    c.project_id.as_str(),
                    c.region.as_str(),
                    &c.name,
                ]);
                ServiceCredentials {
                    id: derived_uuid(&bytes),
                    name: c.name.clone(),
                    project_id: c.project_id.clone(),
                    region: c.region,
                    created_at: Some(c.created_at),
                    updated_at: Some(c.updated_at.unwrap_or(c.created_at)),
                    access_key: derived_access_key(&bytes),
                    secret_key: Secret::default(),
                    secret_checksum: sha1_hex(&HEXLOWER.encode(&bytes[36..])),
                    permissions: Some(c.permissions),
                }
            })
            .collect::<Vec<_>>()
    };

    Ok(Store {
        sqs_credentials: service_credentials(Service::Sqs, &seed.sqs_credentials),
        sns_credentials: service_credentials(Service::Sns, &seed.sns_credentials),
        organization: seed.organization,
        api_keys: seed.api_keys,
        projects: seed.projects,
        activations,
        nats_accounts,
        nats_credentials,
        nats_operator: None,
        data_plane: DataPlane::default(),
    })
}

/// Extra Queues or Topics and Events credentials generated on top of a seed, for lists of any
/// size (benchmarks, long-list tests): `--generate 100000`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Generate {
    pub count: usize,
    pub service: Service,
    pub region: Region,
}

impl Generate {
    /// The most credentials the command line lets the emulator generate: each takes about 430
    /// bytes of its memory, so a million is about 430 MB (and 6 s to start, debug build).
    pub const MAX_COUNT: usize = 1_000_000;

    /// Adds the credentials to the first API key's default project, activating the service
    /// there if needed. Names, dates and permissions vary; ids are stable.
    pub fn apply(&self, store: &mut Store) {
        const TEAMS: [&str; 12] = [
            "orders",
            "billing",
            "shipping",
            "search",
            "payments",
            "catalog",
            "identity",
            "inventory",
            "analytics",
            "notifications",
            "reporting",
            "platform",
        ];
        const ROLES: [&str; 8] = [
            "producer", "consumer", "reader", "writer", "admin", "worker", "relay", "audit",
        ];
        let Some(key) = store.api_keys.first() else {
            return;
        };
        let project_id = key.default_project_id.clone();
        let start: Timestamp = "2023-01-02T08:00:00Z"
            .parse()
            .unwrap_or_else(|_| Timestamp::now());
        let activated = store.activations.iter().any(|a| {
            a.service == self.service && a.region == self.region && a.project_id == project_id
        });
        if !activated {
            store.activations.push(Activation {
                service: self.service,
                project_id: project_id.clone(),
                region: self.region,
                created_at: start,
                updated_at: start,
            });
        }
        let list = match self.service {
            Service::Sqs => &mut store.sqs_credentials,
            Service::Sns => &mut store.sns_credentials,
        };
        list.reserve(self.count);
        for index in 0..self.count {
            let name = format!(
                "{}-{}-{index:06}",
                TEAMS[index % TEAMS.len()],
                ROLES[(index / TEAMS.len()) % ROLES.len()]
            );
            let bytes = derived(&["generated", self.service.api_name(), &name]);
            let created = start
                .0
                .checked_add(jiff::SignedDuration::from_secs(index as i64 * 337))
                .map(Timestamp)
                .unwrap_or(start);
            let permissions = match index % 7 {
                0 => Permissions::new(true, true, true),
                1 | 4 => Permissions::new(false, true, false),
                2 | 5 => Permissions::new(true, false, false),
                3 => Permissions::new(true, true, false),
                _ => Permissions::new(false, false, true),
            };
            list.push(ServiceCredentials {
                id: derived_uuid(&bytes),
                name,
                project_id: project_id.clone(),
                region: self.region,
                created_at: Some(created),
                updated_at: Some(created),
                access_key: derived_access_key(&bytes),
                secret_key: Secret::default(),
                secret_checksum: sha1_hex(&HEXLOWER.encode(&bytes[36..])),
                permissions: Some(permissions),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_seed_loads_with_stable_ids() {
        let first = Seed::Demo.load().unwrap();
        let again = Seed::Demo.load().unwrap();
        assert_eq!(first, again);
        assert!(first.sqs_credentials.len() >= 12);
        assert!(first.sns_credentials.len() >= 12);
        assert!(first.nats_accounts.len() >= 3);
        let mut ids: Vec<&str> = first
            .sqs_credentials
            .iter()
            .chain(&first.sns_credentials)
            .map(|c| c.id.as_str())
            .chain(first.nats_credentials.iter().map(|c| c.id.as_str()))
            .collect();
        let count = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), count, "ids are unique");
    }

    #[test]
    fn generated_credentials_are_many_distinct_and_listable() {
        let mut store = Seed::Empty.load().unwrap();
        Generate {
            count: 5_000,
            service: Service::Sqs,
            region: Region::NlAms,
        }
        .apply(&mut store);
        assert_eq!(store.sqs_credentials.len(), 5_000);
        let mut ids: Vec<&str> = store
            .sqs_credentials
            .iter()
            .map(|c| c.id.as_str())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), 5_000);
        assert!(
            store
                .activations
                .iter()
                .any(|a| a.service == Service::Sqs && a.region == Region::NlAms)
        );
    }

    #[test]
    fn seeded_credentials_exist_only_where_their_service_is_activated() {
        let store = Seed::Demo.load().unwrap();
        for (service, list) in [
            (Service::Sqs, &store.sqs_credentials),
            (Service::Sns, &store.sns_credentials),
        ] {
            for credentials in list {
                assert!(
                    store.activations.iter().any(|a| a.service == service
                        && a.region == credentials.region
                        && a.project_id == credentials.project_id),
                    "{} has no activation",
                    credentials.name
                );
            }
        }
    }
}

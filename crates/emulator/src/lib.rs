//! A local emulator of the Scaleway Messaging and Queuing API (`mnq/v1beta1`): the same paths,
//! JSON, status codes, errors and pagination, over real HTTP on loopback. It serves `demo`, the
//! tests, and any other client (the official SDKs included).
//!
//! - `routes`: HTTP, authentication and checks of form;
//! - `data_plane`: Queues (SQS) and Topics and Events (SNS) themselves, on the same listener:
//!   what applications do with the credentials, SigV4 checked, the permissions enforced;
//! - `store`: the data and the API's rules over it;
//! - `seed`: the data it starts with; `state_file`: `--state` persistence;
//! - `nats`: real nkeys, `.creds` files and account JWTs; `live`: a real nats-server that
//!   knows every account and refuses revoked users; `faults`: latency and failure injection;
//! - `propagation`: the delay before what was just made can be read;
//! - `projects`: the Account API's project list, and API keys scoped to some projects.

mod data_plane;
mod faults;
mod live;
mod nats;
mod nats_protocol;
mod projects;
mod propagation;
mod refusal;
mod routes;
mod seed;
mod state_file;
mod store;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use mnq_api::model::{
    NatsAccount, NatsAccountId, ProjectId, Region, Service, ServiceCredentials, Timestamp,
};

pub use data_plane::{
    DataPlane, Message, MessageAttribute, Queue, QueueSettings, Subscription, Topic,
};
pub use faults::{FaultConfig, FaultKind, FaultStats};
pub use live::{NatsServerError, find_nats_server};
pub use nats::sha1_hex;
pub use refusal::Refusal;
pub use seed::{Generate, Seed, SeedError};
pub use store::{ApiKey, Store};

use faults::Faults;
use live::LiveNats;
use nats::OperatorKeys;
use propagation::Propagation;
use state_file::StateFile;
use store::ListParams;

/// The page sizes of list calls. The real values are not documented; these are our choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageSize {
    pub default: u64,
    pub max: u64,
}

impl Default for PageSize {
    fn default() -> Self {
        PageSize {
            default: 20,
            max: 100,
        }
    }
}

/// How to run an emulator.
#[derive(Debug, Clone, Default)]
pub struct EmulatorOptions {
    pub seed: Option<Seed>,
    /// Credentials generated on top of the seed (not on top of a saved state).
    pub generate: Option<Generate>,
    /// Keep every change in this file, and start from it when it exists.
    pub state_file: Option<PathBuf>,
    pub faults: FaultConfig,
    pub page_size: PageSize,
    /// For this long after a create or an activation, reads of what was made fail as the real
    /// API's do while it propagates (404 `namespace`, 403 `permissions_denied`); lists show it
    /// at once. Zero (the default): no delay. See `propagation.rs` for what was recorded.
    pub propagation: Duration,
    /// Run this nats-server binary behind the emulator: every NATS account is known to it,
    /// every `.creds` issued connects, deleted credentials and accounts are refused (see
    /// `live.rs`). `None` (the default): no server, and accounts name Scaleway's endpoint.
    pub nats_server: Option<PathBuf>,
}

/// Why an emulator could not start.
#[derive(Debug, thiserror::Error)]
pub enum EmulatorError {
    #[error(transparent)]
    Seed(#[from] SeedError),
    #[error("{0}")]
    State(String),
    #[error("cannot listen on {addr}: {cause}")]
    Listen { addr: SocketAddr, cause: String },
    #[error(transparent)]
    NatsServer(#[from] NatsServerError),
}

/// What the routes share: the store behind a lock, and how changes are kept.
pub(crate) struct Shared {
    store: Mutex<Versioned>,
    /// The API's base URL (`http://127.0.0.1:PORT`), under which the data planes are served.
    base_url: String,
    /// Woken whenever a message may have arrived or become visible: receives waiting for one
    /// (SQS long polling) look again.
    arrivals: tokio::sync::Notify,
    state_file: Option<StateFile>,
    faults: Option<Arc<Faults>>,
    page_size: PageSize,
    propagation: Propagation,
    nats: Option<LiveNats>,
}

/// A change that could not be written to the state file: it is not acknowledged.
pub(crate) struct SaveFailed(pub String);

impl From<SaveFailed> for Refusal {
    fn from(failed: SaveFailed) -> Self {
        Refusal::Internal { message: failed.0 }
    }
}

/// The store and the number of changes made to it, changed together.
struct Versioned {
    store: Store,
    version: u64,
    /// What the last credentials list call matched, until the store changes: a client reads a
    /// long list one page per call, and finding the matching credentials is the part of a call
    /// that reads the whole store (100,000 credentials: 1,000 pages, each reading all of them).
    matched: Option<Matched>,
}

/// The credentials a list call matched: a service, a region and perhaps a project.
struct Matched {
    query: (Service, Region, Option<ProjectId>),
    positions: Vec<usize>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Versioned> {
        // A panic in one handler must not take the emulator down with it.
        self.store
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn read<T>(&self, read: impl FnOnce(&Store) -> T) -> T {
        read(&self.lock().store)
    }

    /// With a live nats-server, brings it in line with what the store now says about NATS
    /// account `id` (created, renamed, a user revoked, deleted); the answer waits until the
    /// server has applied it, so that a revoke answered is a revoke in force. The change itself
    /// is kept even when the server fails: the next start gives the server every account anew.
    async fn sync_nats_account(&self, id: &NatsAccountId) -> Result<(), Refusal> {
        let Some(nats) = &self.nats else {
            return Ok(());
        };
        let read = || {
            self.read(|store| {
                store
                    .nats_accounts
                    .iter()
                    .find(|record| record.account.id == *id)
                    .cloned()
            })
        };
        nats.sync(id, read)
            .await
            .map_err(|message| Refusal::Internal { message })
    }

    /// The data plane's endpoint for a service in a region: what `sqs-info` and `sns-info`
    /// answer.
    fn service_endpoint(&self, service: Service, region: Region) -> String {
        data_plane::endpoint(&self.base_url, service, region)
    }

    /// A NATS account as the API answers it: with a live nats-server, its endpoint is that
    /// server.
    fn shown(&self, mut account: NatsAccount) -> NatsAccount {
        if let Some(nats) = &self.nats {
            account.endpoint = nats.url().to_owned();
        }
        account
    }

    /// A page of credentials, finding the matching ones again only when the query or the store
    /// changed since the last page.
    fn list_credentials(
        &self,
        service: Service,
        region: Region,
        params: &ListParams,
    ) -> (u64, Vec<ServiceCredentials>) {
        let mut guard = self.lock();
        let versioned = &mut *guard;
        let query = (service, region, params.project_id.clone());
        let matched = match versioned.matched.take() {
            Some(matched) if matched.query == query => matched,
            _ => Matched {
                positions: versioned
                    .store
                    .matching_credentials(service, region, &query.2),
                query,
            },
        };
        let page = versioned
            .store
            .credentials_page(service, &matched.positions, params);
        versioned.matched = Some(matched);
        page
    }

    /// Runs a change; when it succeeds and a state file is kept, the answer waits until the
    /// change is on disk.
    async fn change<T, E: From<SaveFailed>>(
        self: &Arc<Self>,
        change: impl FnOnce(&mut Store, Timestamp) -> Result<T, E>,
    ) -> Result<T, E> {
        let (result, snapshot) = {
            let mut guard = self.lock();
            guard.matched = None;
            let result = change(&mut guard.store, Timestamp::now());
            let mut snapshot = None;
            if result.is_ok() && self.state_file.is_some() {
                guard.version += 1;
                let bytes = serde_json::to_vec(&guard.store)
                    .map_err(|error| SaveFailed(format!("cannot encode the state: {error}")))?;
                snapshot = Some((guard.version, bytes));
            }
            (result, snapshot)
        };
        if let Some((version, bytes)) = snapshot {
            let shared = Arc::clone(self);
            let written = tokio::task::spawn_blocking(move || match &shared.state_file {
                Some(file) => file.write(version, &bytes),
                None => Ok(()),
            })
            .await;
            match written {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    return Err(
                        SaveFailed(format!("the change could not be saved: {error}")).into(),
                    );
                }
                Err(error) => {
                    return Err(
                        SaveFailed(format!("the change could not be saved: {error}")).into(),
                    );
                }
            }
        }
        result
    }
}

/// How long [`Emulator::stop`] lets requests in flight finish. The emulator answers in
/// microseconds (plus any injected latency), so this only matters for a client that never
/// completes its request.
pub const STOP_GRACE: Duration = Duration::from_millis(200);

/// A running emulator. Dropping it stops it; [`Emulator::stop`] waits until it has.
pub struct Emulator {
    addr: SocketAddr,
    shared: Arc<Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Emulator {
    /// Starts an emulator listening on `listen` (port 0: a free port the OS picks).
    pub async fn start(
        listen: SocketAddr,
        options: EmulatorOptions,
    ) -> Result<Emulator, EmulatorError> {
        let state_file = options.state_file.map(StateFile::new);
        if let Some(file) = &state_file {
            let removed = file.remove_leftovers().map_err(|error| {
                EmulatorError::State(format!(
                    "cannot clean the directory of the state file {}: {error}",
                    file.path().display()
                ))
            })?;
            if removed > 0 {
                tracing::info!(removed, "removed temporary files of writes cut short");
            }
        }
        let saved = match &state_file {
            Some(file) => file.load().map_err(EmulatorError::State)?,
            None => None,
        };
        let mut store = match saved {
            Some(store) => store,
            None => {
                let mut store = options.seed.unwrap_or(Seed::Demo).load()?;
                if let Some(generate) = options.generate {
                    generate.apply(&mut store);
                }
                store
            }
        };
        store.keep_in_creation_order();
        if options.nats_server.is_some() && store.nats_operator.is_none() {
            store.nats_operator = Some(OperatorKeys::random());
        }
        if let Some(file) = &state_file {
            let bytes =
                serde_json::to_vec(&store).map_err(|e| EmulatorError::State(e.to_string()))?;
            file.write(1, &bytes).map_err(|error| {
                EmulatorError::State(format!(
                    "cannot write the state file {}: {error}",
                    file.path().display()
                ))
            })?;
        }
        let listener = TcpListener::bind(listen)
            .await
            .map_err(|error| EmulatorError::Listen {
                addr: listen,
                cause: error.to_string(),
            })?;
        let addr = listener
            .local_addr()
            .map_err(|error| EmulatorError::Listen {
                addr: listen,
                cause: error.to_string(),
            })?;
        let nats = match (&options.nats_server, &store.nats_operator) {
            (Some(binary), Some(operator)) => {
                Some(LiveNats::start(binary, operator, &store.nats_accounts).await?)
            }
            _ => None,
        };
        let shared = Arc::new(Shared {
            store: Mutex::new(Versioned {
                store,
                version: 1,
                matched: None,
            }),
            base_url: format!("http://{addr}"),
            arrivals: tokio::sync::Notify::new(),
            state_file,
            faults: options
                .faults
                .is_active()
                .then(|| Arc::new(Faults::new(options.faults))),
            page_size: options.page_size,
            propagation: Propagation::new(options.propagation),
            nats,
        });
        let (shutdown, stopped) = oneshot::channel::<()>();
        let app = routes::router(Arc::clone(&shared));
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        });
        tracing::info!(%addr, "emulator listening");
        Ok(Emulator {
            addr,
            shared,
            shutdown: Some(shutdown),
            task: Some(task),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give clients (`SCW_API_URL`).
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The data plane of a product in a region (`http://127.0.0.1:PORT/sqs/fr-par`): an AWS
    /// SDK's `endpoint_url`, with the region as `region_name`. `sqs-info` and `sns-info`
    /// answer it.
    pub fn data_plane_url(&self, service: Service, region: Region) -> String {
        self.shared.service_endpoint(service, region)
    }

    /// The live nats-server's URL (`nats://127.0.0.1:PORT`), or `None` when the emulator runs
    /// without one and NATS credentials cannot be tried.
    pub fn nats_server_url(&self) -> Option<&str> {
        self.shared.nats.as_ref().map(LiveNats::url)
    }

    /// The process id of the live nats-server, if one runs.
    pub fn nats_server_pid(&self) -> Option<u32> {
        self.shared.nats.as_ref().map(LiveNats::pid)
    }

    /// The API key clients should use: the seed's first.
    pub fn api_key(&self) -> ApiKey {
        // Never empty: a seed or a state file without a key is refused at start.
        self.shared.read(|store| store.api_keys[0].clone())
    }

    /// The `SCW_*` settings that point any Scaleway client at this emulator.
    pub fn client_env(&self) -> Vec<(&'static str, String)> {
        let key = self.api_key();
        let organization = self.shared.read(|store| store.organization.id.to_string());
        vec![
            ("SCW_API_URL", self.url()),
            ("SCW_ACCESS_KEY", key.access_key),
            ("SCW_SECRET_KEY", key.secret_key.expose().to_owned()),
            ("SCW_DEFAULT_ORGANIZATION_ID", organization),
            ("SCW_DEFAULT_PROJECT_ID", key.default_project_id.to_string()),
            ("SCW_DEFAULT_REGION", Region::FrPar.to_string()),
        ]
    }

    pub fn default_project(&self) -> ProjectId {
        self.api_key().default_project_id
    }

    /// A copy of everything the emulator holds now.
    pub fn snapshot(&self) -> Store {
        self.shared.read(Store::clone)
    }

    /// Changes the data directly, bypassing HTTP (tests use this to set up large lists).
    pub fn edit(&self, edit: impl FnOnce(&mut Store)) {
        let mut guard = self.shared.lock();
        guard.matched = None;
        edit(&mut guard.store);
        guard.store.keep_in_creation_order();
    }

    /// What fault injection did so far, if it is on.
    pub fn fault_stats(&self) -> Option<&FaultStats> {
        self.shared.faults.as_ref().map(|faults| &faults.stats)
    }

    /// Stops accepting connections and waits for the requests in flight, for at most
    /// [`STOP_GRACE`]: a graceful shutdown alone waits for every open connection to finish its
    /// request, and a client that sent half a request and went quiet would keep the emulator
    /// running for as long as it stays connected.
    pub async fn stop(mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(task) = self.task.take() {
            let abort = task.abort_handle();
            if tokio::time::timeout(STOP_GRACE, task).await.is_err() {
                tracing::info!(?STOP_GRACE, "stopping with requests still open");
                abort.abort();
            }
        }
        if let Some(nats) = &self.shared.nats {
            nats.stop().await;
        }
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        // The routes' tasks may hold the shared state a little longer: the server goes now.
        if let Some(nats) = &self.shared.nats {
            nats.kill();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mnq_api::model::{CreateServiceCredentialsRequest, Permissions, Secret};
    use mnq_api::{Client, ClientConfig, ListQuery};

    /// Pages are answered from what the previous page matched until the store changes: every
    /// listing after a change, through the API or by `edit`, sees it.
    #[tokio::test]
    async fn listings_see_every_change_made_between_them() {
        let emulator = Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                generate: Some(Generate {
                    count: 250,
                    service: Service::Sqs,
                    region: Region::FrPar,
                }),
                ..EmulatorOptions::default()
            },
        )
        .await
        .unwrap();
        let project = emulator.default_project();
        let secret = Secret::new(emulator.api_key().secret_key.expose());
        mnq_api::install_tls_provider();
        let client = Client::new(ClientConfig::new(emulator.url(), secret)).unwrap();
        let query = ListQuery::project(project.clone());
        let list = || client.list_credentials(Service::Sqs, Region::FrPar, &query);
        assert_eq!(list().await.unwrap().len(), 250);

        let created = client
            .create_credentials(
                Service::Sqs,
                Region::FrPar,
                &CreateServiceCredentialsRequest {
                    project_id: project.clone(),
                    name: "added-between-listings".into(),
                    permissions: Permissions::new(true, false, false),
                },
            )
            .await
            .unwrap();
        let listed = list().await.unwrap();
        assert_eq!(listed.len(), 251);
        assert!(
            listed
                .iter()
                .any(|credentials| credentials.id == created.id)
        );

        emulator.edit(|store| {
            for credentials in &mut store.sqs_credentials[..50] {
                credentials.region = Region::NlAms;
            }
        });
        assert_eq!(list().await.unwrap().len(), 201);
        let moved = client
            .list_credentials(Service::Sqs, Region::NlAms, &query)
            .await
            .unwrap();
        assert_eq!(moved.len(), 50);
        assert_eq!(list().await.unwrap().len(), 201);
    }
}

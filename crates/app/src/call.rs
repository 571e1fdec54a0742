//! The console's conversation with the worker: the calls it asks for ([`ApiCall`]), each with
//! the id of its request ([`RequestId`]), and their answers ([`ApiAnswer`]).

use mnq_api::ApiError;
use mnq_api::account::Project;
use mnq_api::data_plane::ConnectionReport;
use mnq_api::model::*;

/// Identifies one request sent to the worker; answers carry it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RequestId(pub u64);

/// A call the worker makes for the console.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiCall {
    ListNatsAccounts {
        region: Region,
        project_id: ProjectId,
    },
    ListNatsCredentials {
        region: Region,
        project_id: ProjectId,
        account: NatsAccountId,
    },
    ListCredentials {
        service: Service,
        region: Region,
        project_id: ProjectId,
    },
    /// The organisation's projects (Account API).
    ListProjects { organization_id: OrganizationId },
    GetInfo {
        service: Service,
        region: Region,
        project_id: ProjectId,
    },
    UpdateCredentials {
        service: Service,
        region: Region,
        id: CredentialsId,
        request: UpdateServiceCredentialsRequest,
    },
    /// Revokes credentials of any product. Never retried.
    Revoke(CredentialsRef),
    /// Creates are never retried: a lost answer may mean they happened.
    CreateCredentials {
        service: Service,
        region: Region,
        request: CreateServiceCredentialsRequest,
    },
    CreateNatsCredentials {
        region: Region,
        request: CreateNatsCredentialsRequest,
    },
    CreateNatsAccount {
        region: Region,
        request: CreateNatsAccountRequest,
    },
    /// Reads back what the console just created until the API shows it (it takes a while
    /// to propagate), up to the client's propagation wait.
    ReadBack(CreatedRef),
    /// Tests credentials against their endpoint, as an application would use them.
    TestConnection(ConnectionCheck),
    /// Reads a `.env` or `.creds` file (as typed: relative to the console's directory, `~/`
    /// for the home folder) and finds its credentials in every region of these projects.
    FindFile {
        path: String,
        projects: Vec<ProjectId>,
    },
}

/// What a connection test tries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionCheck {
    /// Connects to a NATS endpoint with a `.creds`, and leaves.
    Nats { url: String, creds: CredsSource },
    /// Signs requests that create and send nothing to a Queues or Topics and Events endpoint,
    /// to see whether it takes the key and what it lets the key do. The probes name queues and
    /// topics of `project_id`, the credentials' project.
    Service {
        service: Service,
        project_id: ProjectId,
        keys: KeysSource,
    },
}

/// The key pair, and where to send it, of a Queues or Topics and Events test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeysSource {
    /// A `.env` file, as typed (relative to the console's directory, `~/` for the home
    /// folder): its `AWS_*` variables give the endpoint, the region and the key pair.
    File(String),
    /// The keys just created, still in the secret pop-up.
    Created(CreatedKeys),
}

/// New Queues or Topics and Events keys, for their test. `Debug` shows no secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatedKeys {
    pub region: Region,
    /// As the Overview read it from `sqs-info` / `sns-info`; `None` when the console has not
    /// read it for this region, and the worker asks.
    pub endpoint: Option<String>,
    pub access_key: String,
    pub secret_key: Secret,
}

/// The `.creds` a NATS connection test uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CredsSource {
    /// A file, as typed (relative to the console's directory, `~/` for the home folder).
    File(String),
    /// The `.creds` just created, still in the secret pop-up.
    Created(Secret),
}

/// What a connection test found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionOutcome {
    /// The server let the credentials in: which server.
    Connected { server: String },
    /// Refused: revoked, or not of this account.
    Denied(String),
    /// No server answered, and why.
    Unreachable(String),
    /// The file could not be read, or is not a `.creds` (NATS) or a `.env` of the product.
    BadFile(String),
    /// What a Queues or Topics and Events endpoint answered the probes.
    Probed(Box<Probed>),
}

/// What a Queues or Topics and Events test found: the endpoint and the key it signed for, and
/// whether the endpoint took the key and what it lets it do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Probed {
    pub endpoint: String,
    pub access_key: String,
    pub report: ConnectionReport,
}

/// What a create of the console created, as the API addresses it (to read it back).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreatedRef {
    Credentials {
        service: Service,
        region: Region,
        id: CredentialsId,
    },
    NatsCredentials {
        region: Region,
        id: CredentialsId,
    },
    NatsAccount {
        region: Region,
        id: NatsAccountId,
    },
}

/// Which credentials, as the API addresses them: no labels, only what the call needs.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CredentialsRef {
    pub product: Product,
    pub region: Region,
    pub id: CredentialsId,
}

impl ApiCall {
    /// Whether the call changes something (a create, an update or a revoke) rather than
    /// reads.
    pub fn is_mutation(&self) -> bool {
        matches!(
            self,
            ApiCall::UpdateCredentials { .. }
                | ApiCall::Revoke(_)
                | ApiCall::CreateCredentials { .. }
                | ApiCall::CreateNatsCredentials { .. }
                | ApiCall::CreateNatsAccount { .. }
        )
    }
}

/// The worker's answer to an [`ApiCall`]: one, or for a list, first some [`ApiAnswer::Page`]s
/// then the whole list.
#[derive(Debug, Clone, PartialEq)]
pub enum ApiAnswer {
    /// Rows of a list still loading (its first pages, as they arrive), and how many the list
    /// has in all; the whole list follows.
    Page {
        rows: Page,
        total: u64,
    },
    Projects(Result<Vec<Project>, ApiError>),
    NatsAccounts(Result<Vec<NatsAccount>, ApiError>),
    NatsCredentials(Result<Vec<NatsCredentials>, ApiError>),
    Credentials(Result<Vec<ServiceCredentials>, ApiError>),
    Info(Result<ServiceInfo, ApiError>),
    Updated(Result<ServiceCredentials, ApiError>),
    Revoked(Result<(), ApiError>),
    Created(Result<Created, ApiError>),
    /// What was created reads back now.
    ReadBack(Result<(), ApiError>),
    Connection(ConnectionOutcome),
    /// What the search for a file's credentials found, or why the file tells nothing.
    Found(Result<Box<Found>, String>),
}

/// What a leaked file gives to find its credentials by. Never its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Leaked {
    /// A `.env`: the access key, and the product when its endpoint says.
    AccessKey {
        key: String,
        product: Option<Product>,
    },
    /// A `.creds`: the checksum the API shows of it, the user's public key (`U…`, which the
    /// API never shows) and the account that issued it (`A…`), when its JWT says.
    Creds {
        checksum: String,
        user: Option<String>,
        account: Option<NatsAccountId>,
    },
}

/// What the search for a file's credentials found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub leaked: Leaked,
    /// Where it looked: each of these regions of each of these projects.
    pub regions: Vec<Region>,
    pub projects: Vec<ProjectId>,
    /// The listings that failed: there, the credentials may be and were not seen.
    pub failed: Vec<(Product, Region, ProjectId, ApiError)>,
    pub matches: Vec<FoundCredentials>,
    /// The NATS account the `.creds`' JWT names, when one of those listed is it (a `.creds`
    /// changed since it was issued has another checksum, but still says its account).
    pub account: Option<NatsAccount>,
}

/// Credentials a search found, wherever they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundCredentials {
    pub product: Product,
    pub region: Region,
    pub project_id: ProjectId,
    pub id: CredentialsId,
    pub name: String,
    /// The access key, or the checksum of the `.creds`.
    pub key: String,
    /// The account of NATS credentials.
    pub account: Option<NatsAccount>,
}

/// Rows of a list, of one of the kinds the console lists.
#[derive(Debug, Clone, PartialEq)]
pub enum Page {
    NatsAccounts(Vec<NatsAccount>),
    NatsCredentials(Vec<NatsCredentials>),
    Credentials(Vec<ServiceCredentials>),
}

impl Page {
    /// Adds the rows of a later page of the same list (a page of another kind is dropped).
    pub fn extend(&mut self, later: Page) {
        match (self, later) {
            (Page::NatsAccounts(rows), Page::NatsAccounts(more)) => rows.extend(more),
            (Page::NatsCredentials(rows), Page::NatsCredentials(more)) => rows.extend(more),
            (Page::Credentials(rows), Page::Credentials(more)) => rows.extend(more),
            _ => {}
        }
    }
}

/// What a create created, as the API answered: the only time it holds the secret.
#[derive(Debug, Clone, PartialEq)]
pub enum Created {
    Credentials(ServiceCredentials),
    NatsCredentials(NatsCredentials),
    NatsAccount(NatsAccount),
}

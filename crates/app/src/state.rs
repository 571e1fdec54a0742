//! [`State`]: everything the console shows, owned by the app loop and changed only by
//! `update`.

use std::collections::{HashMap, VecDeque};
use std::sync::Arc;

use crate::batch::{BatchRevoke, BatchStage};
use crate::call::{ConnectionOutcome, Found, RequestId};
use crate::change::Recorded;
use crate::choice::Choice;
use crate::event::Layout;
use crate::form::{Field, Form};
use crate::keymap::{Context, Keymap};
use crate::list::ProjectNames;
use crate::requests::Requests;
use crate::screen::{Screen, ServiceTab};
use crate::secret::{Copied, SecretPopup};
use crate::target::Target;
use crate::theme::Theme;
use mnq_api::ApiError;
use mnq_api::account::Project;
use mnq_api::model::*;

/// How many days old credentials are when the lists mark them stale, unless told otherwise.
pub const DEFAULT_STALE_DAYS: u32 = 90;

/// What does not change while the console runs.
#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// `demo`, or the scw profile in use.
    pub profile: String,
    /// The project the configuration names: where the console starts, and all it shows when
    /// the organisation's projects cannot be listed.
    pub project_id: ProjectId,
    /// The organisation, whose projects the project switcher lists; without one, only the
    /// configured project is shown.
    pub organization_id: Option<OrganizationId>,
    /// `--readonly`: no Update, no Revoke, anywhere.
    pub readonly: bool,
    /// The colours (`NO_COLOR` makes it `mono`: selection and danger shown without colour).
    pub theme: Theme,
    /// The keys: the console's, with the user's changes from their config file.
    pub keymap: Arc<Keymap>,
    /// Where the user's config file is looked for (the help says where keys are changed).
    pub config_file: Option<String>,
    /// Clicks and the wheel are on (the help says how to select text then).
    pub mouse: bool,
    /// The demo's emulator runs a real nats-server (`Some(true)`) or not, when the NATS
    /// connection tests cannot reach anything (`Some(false)`); `None` against the real API.
    pub live_nats: Option<bool>,
    /// Rows created more than this many days before today are stale (`--stale-days`, the
    /// config's `stale_days`): marked, and kept by the filter's word `stale`. 0 marks none.
    pub stale_days: u32,
}

impl Session {
    /// A session with the console's own keys and the dark theme.
    pub fn new(profile: impl Into<String>, project_id: ProjectId) -> Session {
        Session {
            profile: profile.into(),
            project_id,
            organization_id: None,
            readonly: false,
            theme: Theme::dark(),
            keymap: Arc::new(Keymap::default()),
            config_file: None,
            mouse: false,
            live_nats: None,
            stale_days: DEFAULT_STALE_DAYS,
        }
    }
}

/// An action of the "see more" menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MenuItem {
    Update,
    Rotate,
    Revoke,
}

impl MenuItem {
    pub fn label(self) -> &'static str {
        match self {
            MenuItem::Update => "Update credentials",
            MenuItem::Rotate => "Rotate credentials",
            MenuItem::Revoke => "Revoke",
        }
    }
}

/// Why the revoke pop-up is open; its text says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RevokeReason {
    /// The person chose Revoke.
    Asked,
    /// A rotation created `replacement`; these are the old credentials.
    Replaced { replacement: String },
    /// A create whose answer was lost created these: their secret is lost.
    SecretLost,
}

/// A note in the footer until the next key: what was done. The view words it (`ui::words`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Revoked(Target),
    /// The API did not know the credentials any more: someone else revoked them.
    AlreadyRevoked(Target),
    /// Updated; the target carries the name the credentials have now.
    Updated(Target),
    /// A NATS account was created.
    AccountCreated {
        name: String,
        region: Region,
    },
    /// A row's key or id was sent to the terminal's clipboard: what, and its value.
    Copied(Copied, String),
    /// A reload no longer has `gone` of the marked rows (revoked elsewhere): they are marked
    /// no more; `left` still are.
    MarksGone {
        gone: usize,
        left: usize,
    },
    /// The journal cannot be written (why): changes go on, unrecorded. Said once.
    JournalUnwritable(String),
    /// A key that changes credentials was pressed under `--readonly`.
    ReadOnly,
}

/// What the console attempted when a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operation {
    ListNatsAccounts {
        region: Region,
    },
    ListNatsCredentials {
        /// The account's name.
        account: String,
        region: Region,
    },
    ListCredentials {
        product: Product,
        region: Region,
    },
    Update(Target),
    Revoke(Target),
    /// A create (of credentials, or with `account` of a NATS account).
    Create {
        product: Product,
        region: Region,
        name: String,
        account: bool,
    },
    /// The list that tells whether a create whose answer was lost happened.
    CheckCreate {
        product: Product,
        region: Region,
        name: String,
        account: bool,
    },
    /// The read-back of what the console just created, which the API still did not show
    /// after the wait for propagation.
    ReadBack {
        product: Product,
        region: Region,
        name: String,
    },
}

/// A request that failed: what was attempted and the API's error, shown until dismissed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub op: Operation,
    pub error: ApiError,
}

#[derive(Debug, Clone)]
pub enum Popup {
    /// The region dropdown; `selected` indexes [`Region::ALL`], then *All regions*.
    Regions {
        selected: usize,
    },
    /// The project switcher; `selected` indexes [`State::project_choices`].
    Projects {
        selected: usize,
    },
    SeeMore {
        target: Target,
        items: Vec<MenuItem>,
        selected: usize,
    },
    /// The Update, Generate or Create account pop-up, with its own "discard your changes?"
    /// question when one is asked.
    Form(Box<Form>),
    /// New credentials and their secret, shown once.
    Secret(Box<SecretPopup>),
    /// A connection test: the path of a `.creds` (NATS) or `.env` (Queues, Topics and
    /// Events), then the outcome.
    Connection(Box<ConnectionTest>),
    /// The revoke confirmation; the revoke travels through it as data.
    Revoke {
        target: Target,
        focus: Choice,
        reason: RevokeReason,
    },
    /// The revoke of every marked credential: the count typed to confirm, then each one's
    /// outcome.
    BatchRevoke(Box<BatchRevoke>),
    /// "Quit while changes are under way?", over the pop-up that was open (given back on
    /// Wait).
    Quit(Box<QuitQuestion>),
    /// Finding the credentials of a `.env` or `.creds` file (`f`).
    Find(Box<FindFile>),
    /// The last changes made through mnq-tui (`J`).
    Journal(JournalView),
    /// The help, scrolled down `scroll` lines.
    Help {
        scroll: usize,
    },
    Failure(Failure),
    /// What the configuration loader warned about, in its words, before the first screen.
    ConfigWarnings(Vec<String>),
}

/// The question asked when quitting while changes are under way. What is under way is the
/// state's ([`Requests::revokes`]); the view names it.
#[derive(Debug, Clone)]
pub struct QuitQuestion {
    /// Cancel: wait; Confirm: quit anyway.
    pub focus: Choice,
    /// The pop-up the question was asked over.
    pub over: Option<Popup>,
}

/// The pop-up that finds the credentials of a file.
#[derive(Debug, Clone)]
pub struct FindFile {
    /// The path typed.
    pub path: tui_input::Input,
    pub status: FindStatus,
    /// The match selected, once found.
    pub selected: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FindStatus {
    Editing,
    Searching(RequestId),
    Found(Box<Found>),
    /// The file could not be read, or tells nothing to find by.
    BadFile(String),
}

/// The journal pop-up: the last changes, newest first.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalView {
    /// `None` while it is read; the error when it cannot be.
    pub records: Option<Result<Vec<Recorded>, String>>,
    /// The first record shown.
    pub offset: usize,
}

/// The connection test pop-up.
#[derive(Debug, Clone)]
pub struct ConnectionTest {
    pub subject: ConnectionSubject,
    pub path: tui_input::Input,
    pub status: ConnectionStatus,
    /// What the API declares for the key a Queues or Topics and Events test signed with: the
    /// credentials of the list on screen with that access key, found when the answer arrives.
    pub declared: Option<Declared>,
}

/// What a connection test tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionSubject {
    /// A `.creds` connects to this account's endpoint.
    Nats(NatsAccount),
    /// A `.env` gives the endpoint and the key pair; the probes name this project's queues
    /// and topics.
    Service {
        service: Service,
        project_id: ProjectId,
    },
}

/// What the API declares for credentials: their name and their permissions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    pub name: String,
    pub permissions: Option<Permissions>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConnectionStatus {
    Editing,
    Testing(RequestId),
    Done(ConnectionOutcome),
}

/// What the console created, as a row of its list (without its secret). While the API may not
/// show it yet it is propagating: shown in its list marked "propagating…", and added back if
/// a list answer lacks it, until its read-back succeeds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CreatedRow {
    Credentials(Service, ServiceCredentials),
    NatsCredentials(NatsCredentials),
    NatsAccount(NatsAccount),
}

impl CreatedRow {
    /// Its id, as text.
    pub fn id(&self) -> String {
        match self {
            CreatedRow::Credentials(_, row) => row.id.to_string(),
            CreatedRow::NatsCredentials(row) => row.id.to_string(),
            CreatedRow::NatsAccount(row) => row.id.to_string(),
        }
    }

    pub fn name(&self) -> &str {
        match self {
            CreatedRow::Credentials(_, row) => &row.name,
            CreatedRow::NatsCredentials(row) => &row.name,
            CreatedRow::NatsAccount(row) => &row.name,
        }
    }

    pub fn product(&self) -> Product {
        match self {
            CreatedRow::Credentials(service, _) => service.product(),
            CreatedRow::NatsCredentials(_) | CreatedRow::NatsAccount(_) => Product::Nats,
        }
    }

    /// Its region; NATS credentials older than 2025 do not say, so `otherwise`.
    pub fn region(&self, otherwise: Region) -> Region {
        match self {
            CreatedRow::Credentials(_, row) => row.region,
            CreatedRow::NatsCredentials(row) => row.region.unwrap_or(otherwise),
            CreatedRow::NatsAccount(row) => row.region,
        }
    }
}

/// The organisation's projects, as far as the console knows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Projects {
    /// No organisation is configured: only the configured project.
    NoOrganisation,
    /// Not asked for yet (the console asks as it starts, or when the switcher opens).
    NotAsked,
    Loading(RequestId),
    Listed(Vec<Project>),
    /// They could not be listed (an API key scoped to some projects gets 403): only the
    /// configured project, and the switcher says why.
    Unavailable(ApiError),
}

/// A line of the project switcher.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProjectChoice {
    One(ProjectId),
    All,
}

#[derive(Debug, Clone)]
pub struct State {
    pub session: Session,
    /// The region shown, or with `all_regions` the one where new things are made.
    pub region: Region,
    /// Lists show every region, each row with its own.
    pub all_regions: bool,
    /// The project shown, or with `all_projects` the one where new things are made.
    pub project_id: ProjectId,
    /// Lists show every project of the organisation, each row with its own.
    pub all_projects: bool,
    pub projects: Projects,
    /// The names of the organisation's projects once listed, which the filter of a list over
    /// several projects matches.
    pub project_names: ProjectNames,
    pub screen: Screen,
    /// The one pop-up open, if any; it gets the keys.
    pub popup: Option<Popup>,
    /// Failures that arrived while the pop-up held something typed or being decided (a form,
    /// a revoke confirmation, another failure): each shows, in order, once the slot is free,
    /// so that none replaces what the person was doing and none goes unseen.
    pub waiting_failures: VecDeque<Failure>,
    /// A short note in the footer (e.g. "Revoked orders-producer"), until the next key.
    pub toast: Option<Notice>,
    pub requests: Requests,
    /// What the console created and the API may not show yet, each with its read-back.
    pub propagating: Vec<(RequestId, CreatedRow)>,
    /// Credentials rotated in this run whose old version was kept: old id → new name.
    pub replaced: HashMap<CredentialsId, String>,
    /// The `.creds` last saved for each NATS account in this run, proposed by the connection
    /// test.
    pub saved_creds: HashMap<NatsAccountId, String>,
    /// The `.env` last saved for Queues or Topics and Events credentials in this run, proposed
    /// by their connection test.
    pub saved_env_files: HashMap<CredentialsId, String>,
    /// Today, for the date a rotation proposes in the new name and the lists' stale cutoff;
    /// the console keeps it current.
    pub today: jiff::civil::Date,
    /// Frame of the busy spinner.
    pub spinner: usize,
    pub layout: Layout,
}

impl State {
    pub fn new(session: Session, region: Region) -> Self {
        let projects = match &session.organization_id {
            Some(_) => Projects::NotAsked,
            None => Projects::NoOrganisation,
        };
        State {
            project_id: session.project_id.clone(),
            session,
            region,
            all_regions: false,
            all_projects: false,
            projects,
            project_names: ProjectNames::default(),
            screen: Screen::Products { selected: 0 },
            popup: None,
            waiting_failures: VecDeque::new(),
            toast: None,
            requests: Requests::default(),
            propagating: Vec::new(),
            replaced: HashMap::new(),
            saved_creds: HashMap::new(),
            saved_env_files: HashMap::new(),
            today: jiff::civil::date(2026, 1, 1),
            spinner: 0,
            layout: Layout {
                too_small: false,
                list_rows: 10,
                help_lines: 0,
                help_rows: 0,
                popup_rows: 10,
            },
        }
    }

    pub fn is_busy(&self) -> bool {
        self.requests.in_flight() > 0
    }

    /// The regions the lists show.
    pub fn regions(&self) -> Vec<Region> {
        if self.all_regions {
            Region::ALL.to_vec()
        } else {
            vec![self.region]
        }
    }

    /// The projects the lists show. *All projects* is the configured one alone when the
    /// organisation's projects are not known.
    pub fn project_ids(&self) -> Vec<ProjectId> {
        match &self.projects {
            Projects::Listed(projects) if self.all_projects && !projects.is_empty() => {
                projects.iter().map(|project| project.id.clone()).collect()
            }
            _ if self.all_projects => vec![self.session.project_id.clone()],
            _ => vec![self.project_id.clone()],
        }
    }

    /// Whether the lists on screen show this region and project.
    pub fn shows(&self, region: Region, project_id: &ProjectId) -> bool {
        (self.all_regions || region == self.region) && self.project_ids().contains(project_id)
    }

    /// A project's name, when the organisation's projects are known.
    pub fn project_name(&self, project_id: &ProjectId) -> Option<&str> {
        match &self.projects {
            Projects::Listed(projects) => projects
                .iter()
                .find(|project| project.id == *project_id)
                .map(|project| project.name.as_str()),
            _ => None,
        }
    }

    /// The lines of the project switcher: the organisation's projects (or the configured
    /// one), then *All projects* when there are several.
    pub fn project_choices(&self) -> Vec<ProjectChoice> {
        let mut choices: Vec<ProjectChoice> = match &self.projects {
            Projects::Listed(projects) if !projects.is_empty() => projects
                .iter()
                .map(|project| ProjectChoice::One(project.id.clone()))
                .collect(),
            _ => vec![ProjectChoice::One(self.session.project_id.clone())],
        };
        if choices.len() > 1 {
            choices.push(ProjectChoice::All);
        }
        choices
    }

    /// The switcher's line of what is shown now.
    pub fn current_project_choice(&self) -> ProjectChoice {
        if self.all_projects {
            ProjectChoice::All
        } else {
            ProjectChoice::One(self.project_id.clone())
        }
    }

    /// What the keys currently act on.
    pub fn context(&self) -> Context {
        if self.layout.too_small {
            return Context::TooSmall;
        }
        match &self.popup {
            Some(Popup::Regions { .. }) => Context::Regions,
            Some(Popup::Projects { .. }) => Context::Projects,
            Some(Popup::SeeMore { .. }) => Context::SeeMore,
            Some(Popup::Form(form)) if form.discard.is_some() => Context::Discard,
            Some(Popup::Form(form)) if form.focus == Field::Name => Context::FormName,
            Some(Popup::Form(_)) => Context::Form,
            Some(Popup::Secret(secret)) => match (&secret.question, &secret.save) {
                (Some(_), _) => Context::SecretQuestion,
                (None, Some(save)) if save.on_checkbox => Context::SaveOptions,
                (None, Some(_)) => Context::SavePath,
                (None, None) => Context::Secret,
            },
            Some(Popup::Revoke { .. }) => Context::Revoke,
            Some(Popup::BatchRevoke(batch)) => match batch.stage {
                BatchStage::Confirming { .. } => Context::BatchConfirm,
                BatchStage::Sent { .. } => Context::BatchRevoke,
            },
            Some(Popup::Quit(_)) => Context::Quit,
            Some(Popup::Find(find)) => match find.status {
                FindStatus::Editing | FindStatus::BadFile(_) => Context::FindFile,
                FindStatus::Searching(_) | FindStatus::Found(_) => Context::Found,
            },
            Some(Popup::Journal(_)) => Context::Journal,
            Some(Popup::Help { .. }) => Context::Help,
            Some(Popup::Connection(_)) => Context::Connection,
            Some(Popup::Failure(_) | Popup::ConfigWarnings(_)) => Context::Message,
            None => self.screen_context(),
        }
    }

    /// The context of the screen under any pop-up (what `?` explains).
    pub fn screen_context(&self) -> Context {
        match &self.screen {
            Screen::Products { .. } => Context::Products,
            Screen::Service(page) if page.tab == ServiceTab::Overview => Context::Overview,
            Screen::Service(page) if page.credentials.shown().filter().editing => Context::Filter,
            Screen::Service(_) => Context::Credentials,
            Screen::NatsAccounts(list) if list.shown().filter().editing => Context::Filter,
            Screen::NatsAccounts(_) => Context::NatsAccounts,
            Screen::NatsAccount(page) if page.credentials.shown().filter().editing => {
                Context::Filter
            }
            Screen::NatsAccount(_) => Context::NatsAccount,
        }
    }
}

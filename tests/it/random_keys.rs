//! Random keys, pastes, resizes and API answers, fed to the console's [`Program`] (the same
//! type the console drives) and drawn after every step at the terminal's current size, down
//! to 1×1.
//!
//! After every step: nothing panicked; a revoke was sent only by Enter on a revoke pop-up whose
//! focus was on Revoke; an update only by a form that had none in flight; `--readonly` sent
//! neither; every selection is in range and its list scrolled to it; the busy count is the
//! number of requests still unanswered; no control character reached the screen. Over the run,
//! revokes and updates were really sent and answered.
//!
//! 256 cases of 1–400 steps (200 on average) by default; `PROPTEST_CASES=5000 cargo nextest
//! run --test it random_keys` runs more. The totals are printed at the end.

use std::collections::HashSet;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use mnq_tui::api::data_plane::{Access, ConnectionReport, Grant, Grants};
use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, DeniedAction, ExceededQuota, InvalidArgument};
use mnq_tui::app::*;
use mnq_tui::emulator::Store;
use mnq_tui::ui;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestCaseError, TestRunner};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;

use crate::support::fake_api;

fn demo() -> &'static Store {
    static DEMO: OnceLock<Store> = OnceLock::new();
    DEMO.get_or_init(fake_api::demo)
}

// What the test feeds in.

/// One thing that happens to the console.
#[derive(Debug, Clone)]
enum Step {
    Key(Key),
    /// A few keys in a row, from [`gesture`].
    Keys(Vec<Key>),
    Paste(String),
    Resize(u16, u16),
    /// Answers one of the requests in flight, chosen by `pick` among them.
    Answer {
        pick: usize,
        reply: Reply,
    },
    /// Shows a list in flight, chosen by `pick`, the first rows of its answer, as the worker
    /// does before the whole answer; the list stays in flight.
    FirstPage {
        pick: usize,
        reply: Reply,
    },
    /// Answers once more a request that was already answered.
    AnswerAgain {
        pick: usize,
        reply: Reply,
    },
    /// An answer carrying an id that was never sent.
    AnswerUnknown {
        beyond: u64,
        reply: Reply,
    },
    Tick,
}

/// How an answer turns out.
#[derive(Debug, Clone)]
enum Reply {
    /// Success: for a list, the demo rows (some dropped, per `drop` bits) and `extra` more
    /// rows named after `names`.
    Success {
        drop: u64,
        extra: usize,
        names: Vec<String>,
    },
    Failure(ApiError),
}

/// Where a case starts.
#[derive(Debug, Clone, Copy)]
enum Start {
    Products,
    Page(Product),
    NatsAccount,
}

#[derive(Debug, Clone)]
struct Case {
    start: Start,
    region: Region,
    readonly: bool,
    steps: Vec<Step>,
}

/// Text people paste, and text nobody should: escapes, control characters, emoji,
/// right-to-left marks and scripts, line breaks, very long lines.
fn pasted() -> impl Strategy<Value = String> {
    let samples = vec![
        "orders-consumer".to_owned(),
        "billing\nconsumer\r\nv2\n".to_owned(),
        "\u{1b}[2J\u{1b}]0;owned\u{7}".to_owned(),
        "\u{0}\u{8}\u{7f}\u{9b}31m".to_owned(),
        "🦀 clé 🔑 👩‍👩‍👧‍👦".to_owned(),
        "مفاتيح الطابور".to_owned(),
        "שלום\u{202e}txt.exe".to_owned(),
        "\t \t".to_owned(),
        String::new(),
        "x".repeat(1000),
        "日本語のテキスト".repeat(30),
    ];
    prop_oneof![
        3 => prop::sample::select(samples),
        2 => prop::collection::vec(any::<char>(), 0..40)
            .prop_map(|chars| chars.into_iter().collect::<String>()),
        1 => "[a-z0-9 -]{0,30}",
    ]
}

fn key() -> impl Strategy<Value = Key> {
    let bound = vec![
        'j', 'k', 'g', 'G', 'r', '/', '?', '.', 'm', 'u', 'd', '1', '2', '3', ' ', 'q', 'a', 'f',
        'J',
    ];
    let code = prop_oneof![
        6 => Just(KeyCode::Down),
        3 => Just(KeyCode::Up),
        6 => Just(KeyCode::Enter),
        5 => Just(KeyCode::Tab),
        1 => Just(KeyCode::BackTab),
        3 => Just(KeyCode::Esc),
        2 => Just(KeyCode::Left),
        2 => Just(KeyCode::Right),
        1 => Just(KeyCode::PageUp),
        1 => Just(KeyCode::PageDown),
        1 => Just(KeyCode::Home),
        1 => Just(KeyCode::End),
        1 => Just(KeyCode::Backspace),
        1 => Just(KeyCode::Delete),
        1 => Just(KeyCode::F(5)),
        8 => prop::sample::select(bound).prop_map(KeyCode::Char),
        2 => any::<char>().prop_map(KeyCode::Char),
    ];
    let modifiers = prop_oneof![
        12 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::SHIFT),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::ALT),
    ];
    (code, modifiers).prop_map(|(code, modifiers)| Key::new(code, modifiers))
}

/// Every kind of error the client can report.
fn api_error() -> impl Strategy<Value = ApiError> {
    let text = || "[ -~]{0,40}|\\PC{0,20}";
    prop_oneof![
        (text(), text()).prop_map(|(message, help)| ApiError::InvalidArguments {
            message,
            arguments: vec![InvalidArgument {
                name: "name".into(),
                reason: "constraint".into(),
                help,
            }],
        }),
        prop::option::of(text()).prop_map(|reason| ApiError::Unauthenticated { reason }),
        text().prop_map(|action| ApiError::PermissionsDenied {
            denied: vec![DeniedAction {
                action,
                resource: "mnq".into(),
            }],
        }),
        any::<u64>().prop_map(|quota| ApiError::QuotasExceeded {
            quotas: vec![ExceededQuota {
                resource: "sqs_credentials".into(),
                quota,
                current: quota,
            }],
        }),
        text().prop_map(|resource_id| ApiError::NotFound {
            resource: "credentials".into(),
            resource_id,
        }),
        (text(), prop::option::of(text())).prop_map(|(resource_id, help)| {
            ApiError::AlreadyExists {
                resource: "credentials".into(),
                resource_id,
                help,
            }
        }),
        (text(), prop::option::of(text())).prop_map(|(precondition, help)| {
            ApiError::PreconditionFailed { precondition, help }
        }),
        (1u32..6).prop_map(|attempts| ApiError::RateLimited { attempts }),
        (500u16..600, text()).prop_map(|(status, message)| ApiError::Server { status, message }),
        (400u16..500, text(), text()).prop_map(|(status, kind, message)| ApiError::Rejected {
            status,
            kind,
            message,
        }),
        text().prop_map(|cause| ApiError::Network {
            target: "https://api.scaleway.com".into(),
            cause,
        }),
        (1u64..60).prop_map(|seconds| ApiError::Timeout {
            target: "https://api.scaleway.com".into(),
            after: Duration::from_secs(seconds),
        }),
        (any::<u16>(), text())
            .prop_map(|(status, problem)| ApiError::UnexpectedResponse { status, problem }),
        text().prop_map(|cause| ApiError::OutcomeUnknown {
            target: "https://api.scaleway.com".into(),
            cause,
        }),
        (text(), 1u64..60).prop_map(|(resource_id, seconds)| ApiError::StillPropagating {
            resource: "Queues credentials".into(),
            resource_id,
            waited: Duration::from_secs(seconds),
        }),
        Just(ApiError::NoTlsProvider),
    ]
}

fn reply() -> impl Strategy<Value = Reply> {
    let success = (
        any::<u64>(),
        prop_oneof![4 => Just(0usize), 1 => 0usize..120],
        prop::collection::vec(pasted(), 1..3),
    )
        .prop_map(|(drop, extra, names)| Reply::Success { drop, extra, names });
    prop_oneof![
        3 => success,
        2 => api_error().prop_map(Reply::Failure),
    ]
}

fn press(code: KeyCode) -> Key {
    Key::new(code, KeyModifiers::NONE)
}

/// Short runs of keys that go somewhere (revoke and confirm, update and send, open an
/// account), so that random walks reach the dangerous flows often; any key can still follow.
fn gesture() -> impl Strategy<Value = Vec<Key>> {
    use KeyCode::{Char, Down, Enter, Right, Tab};
    let gestures: Vec<Vec<KeyCode>> = vec![
        vec![Char('d'), Tab, Enter],
        vec![Char('d'), Right, Right, Enter],
        vec![Char('.'), Down, Enter, Tab, Enter],
        vec![Enter, Enter, Char('x'), Enter],
        vec![Char('u'), Tab, Char(' '), Enter],
        vec![Char('u'), Char('-'), Char('v'), Char('2'), Enter],
        vec![Char('u'), Tab, Tab, Tab, Tab, Tab, Enter],
        vec![Char('1'), Enter, Char('j'), Enter],
        vec![Char('2'), Char('G')],
        vec![Char('/'), Char('o'), Char('r'), Enter],
        vec![Char('r'), Down, Enter],
        // All regions, then all projects: merged lists.
        vec![Char('r'), Down, Down, Enter],
        vec![Char('p'), Down, Down, Down, Enter],
        vec![Char('p'), Down, Enter],
    ];
    prop::sample::select(gestures).prop_map(|codes| codes.into_iter().map(press).collect())
}

fn step() -> impl Strategy<Value = Step> {
    let size = prop_oneof![
        1 => (1u16..=20, 1u16..=10),
        1 => (50u16..=70, 12u16..=20),
        2 => (60u16..=140, 16u16..=45),
        1 => Just((80, 24)),
    ];
    prop_oneof![
        30 => key().prop_map(Step::Key),
        4 => gesture().prop_map(Step::Keys),
        2 => pasted().prop_map(Step::Paste),
        2 => size.prop_map(|(width, height)| Step::Resize(width, height)),
        10 => (any::<usize>(), reply()).prop_map(|(pick, reply)| Step::Answer { pick, reply }),
        3 => (any::<usize>(), reply()).prop_map(|(pick, reply)| Step::FirstPage { pick, reply }),
        1 => (any::<usize>(), reply()).prop_map(|(pick, reply)| Step::AnswerAgain { pick, reply }),
        1 => (1u64..5, reply()).prop_map(|(beyond, reply)| Step::AnswerUnknown { beyond, reply }),
        2 => Just(Step::Tick),
    ]
}

fn case() -> impl Strategy<Value = Case> {
    let start = prop_oneof![
        Just(Start::Products),
        Just(Start::Page(Product::Queues)),
        Just(Start::Page(Product::TopicsAndEvents)),
        Just(Start::Page(Product::Nats)),
        Just(Start::NatsAccount),
    ];
    (
        start,
        prop::sample::select(Region::ALL.to_vec()),
        prop::bool::weighted(0.25),
        prop::collection::vec(step(), 1..400),
    )
        .prop_map(|(start, region, readonly, steps)| Case {
            start,
            region,
            readonly,
            steps,
        })
}

// Answers, as the worker would give them.

/// A credentials id no demo row has.
fn fresh_id(n: usize) -> CredentialsId {
    CredentialsId(format!("f0000000-0000-4000-8000-{n:012}"))
}

/// The rows of a list answer: the demo's, minus some, plus extra ones with the given names.
fn rows<T: Clone>(
    demo: Vec<T>,
    drop: u64,
    extra: usize,
    mut make: impl FnMut(usize) -> T,
) -> Vec<T> {
    let mut rows: Vec<T> = demo
        .into_iter()
        .enumerate()
        .filter(|(index, _)| index >= &64 || drop & (1 << index) == 0)
        .map(|(_, row)| row)
        .collect();
    rows.extend((0..extra).map(&mut make));
    rows
}

fn success(call: &ApiCall, drop: u64, extra: usize, names: &[String]) -> ApiAnswer {
    let store = demo();
    let name = |n: usize| format!("{}-{n}", names[n % names.len()]);
    match call {
        ApiCall::ListNatsAccounts { region, project_id } => {
            let demo_rows = fake_api::nats_accounts(store, *region, project_id);
            ApiAnswer::NatsAccounts(Ok(rows(demo_rows, drop, extra, |n| NatsAccount {
                id: NatsAccountId(format!("{n:A>56}")),
                name: name(n),
                endpoint: String::new(),
                project_id: project_id.clone(),
                region: *region,
                created_at: None,
                updated_at: None,
            })))
        }
        ApiCall::ListNatsCredentials {
            region, account, ..
        } => {
            let demo_rows = fake_api::nats_credentials(store, account);
            ApiAnswer::NatsCredentials(Ok(rows(demo_rows, drop, extra, |n| NatsCredentials {
                id: fresh_id(n),
                name: name(n),
                nats_account_id: account.clone(),
                region: Some(*region),
                created_at: None,
                updated_at: None,
                credentials: None,
                checksum: String::new(),
            })))
        }
        ApiCall::ListCredentials {
            service,
            region,
            project_id,
        } => {
            let demo_rows = fake_api::credentials(store, *service, *region, project_id);
            ApiAnswer::Credentials(Ok(rows(demo_rows, drop, extra, |n| ServiceCredentials {
                id: fresh_id(n),
                name: name(n),
                project_id: project_id.clone(),
                region: *region,
                created_at: None,
                updated_at: None,
                access_key: format!("AK{n:018}"),
                secret_key: Secret::default(),
                secret_checksum: String::new(),
                permissions: Some(Permissions::new(n % 2 == 0, n % 3 == 0, n % 5 == 0)),
            })))
        }
        ApiCall::GetInfo {
            service,
            region,
            project_id,
        } => ApiAnswer::Info(Ok(ServiceInfo {
            service: *service,
            project_id: project_id.clone(),
            region: *region,
            created_at: None,
            updated_at: None,
            status: if drop.is_multiple_of(2) {
                ServiceStatus::Enabled
            } else {
                ServiceStatus::Disabled
            },
            endpoint_url: format!("https://{}.mnq.{region}.scaleway.com", service.api_name()),
        })),
        ApiCall::UpdateCredentials {
            region,
            id,
            request,
            ..
        } => ApiAnswer::Updated(Ok(ServiceCredentials {
            id: id.clone(),
            name: request.name.clone().unwrap_or_else(|| name(0)),
            project_id: ProjectId("p".into()),
            region: *region,
            created_at: None,
            updated_at: None,
            access_key: "AKUPDATED".into(),
            secret_key: Secret::default(),
            secret_checksum: String::new(),
            permissions: request
                .permissions
                .map(|patch| patch.apply_to(Permissions::default())),
        })),
        ApiCall::Revoke(_) => ApiAnswer::Revoked(Ok(())),
        ApiCall::CreateCredentials {
            region, request, ..
        } => ApiAnswer::Created(Ok(Created::Credentials(ServiceCredentials {
            id: fresh_id(1_000 + extra),
            name: request.name.clone(),
            project_id: request.project_id.clone(),
            region: *region,
            created_at: None,
            updated_at: None,
            access_key: "AKNEW".into(),
            secret_key: Secret::new("a-random-secret"),
            secret_checksum: String::new(),
            permissions: Some(request.permissions),
        }))),
        ApiCall::CreateNatsCredentials { region, request } => {
            ApiAnswer::Created(Ok(Created::NatsCredentials(NatsCredentials {
                id: fresh_id(2_000 + extra),
                name: request.name.clone(),
                nats_account_id: request.nats_account_id.clone(),
                region: Some(*region),
                created_at: None,
                updated_at: None,
                credentials: Some(CredsFile {
                    name: format!("{}.creds", request.name),
                    content: Secret::new("-----BEGIN USER NKEY SEED-----\nSUA\n"),
                }),
                checksum: String::new(),
            })))
        }
        ApiCall::CreateNatsAccount { region, request } => {
            ApiAnswer::Created(Ok(Created::NatsAccount(NatsAccount {
                id: NatsAccountId(format!("{:B>56}", extra)),
                name: request.name.clone(),
                endpoint: String::new(),
                project_id: request.project_id.clone(),
                region: *region,
                created_at: None,
                updated_at: None,
            })))
        }
        ApiCall::ListProjects { .. } => ApiAnswer::Projects(Ok(fake_api::projects(store))),
        ApiCall::ReadBack(_) => ApiAnswer::ReadBack(Ok(())),
        ApiCall::TestConnection(ConnectionCheck::Nats { .. }) => {
            ApiAnswer::Connection(ConnectionOutcome::Connected {
                server: "nats-server".into(),
            })
        }
        ApiCall::TestConnection(ConnectionCheck::Service { .. }) => {
            ApiAnswer::Connection(ConnectionOutcome::Probed(Box::new(Probed {
                endpoint: "https://sqs.mnq.fr-par.scaleway.com".into(),
                access_key: "SCWQ7M2K9D4TXB8RFN3H".into(),
                report: ConnectionReport {
                    access: Access::Accepted,
                    grants: Some(Grants {
                        write: Grant::Granted,
                        read: Grant::Refused,
                        manage: Grant::CannotTell("ListQueues answered nothing".into()),
                    }),
                },
            })))
        }
        ApiCall::FindFile { projects, .. } => ApiAnswer::Found(Ok(Box::new(Found {
            leaked: Leaked::AccessKey {
                key: "SCWNOTLISTED".into(),
                product: None,
            },
            regions: Region::ALL.to_vec(),
            projects: projects.clone(),
            failed: Vec::new(),
            matches: Vec::new(),
            account: None,
        }))),
    }
}

fn failure(call: &ApiCall, error: ApiError) -> ApiAnswer {
    match call {
        ApiCall::ListNatsAccounts { .. } => ApiAnswer::NatsAccounts(Err(error)),
        ApiCall::ListNatsCredentials { .. } => ApiAnswer::NatsCredentials(Err(error)),
        ApiCall::ListCredentials { .. } => ApiAnswer::Credentials(Err(error)),
        ApiCall::GetInfo { .. } => ApiAnswer::Info(Err(error)),
        ApiCall::ListProjects { .. } => ApiAnswer::Projects(Err(error)),
        ApiCall::UpdateCredentials { .. } => ApiAnswer::Updated(Err(error)),
        ApiCall::Revoke(_) => ApiAnswer::Revoked(Err(error)),
        ApiCall::CreateCredentials { .. }
        | ApiCall::CreateNatsCredentials { .. }
        | ApiCall::CreateNatsAccount { .. } => ApiAnswer::Created(Err(error)),
        ApiCall::ReadBack(_) => ApiAnswer::ReadBack(Err(error)),
        ApiCall::TestConnection { .. } => {
            ApiAnswer::Connection(ConnectionOutcome::Denied(error.to_string()))
        }
        ApiCall::FindFile { .. } => ApiAnswer::Found(Err(error.to_string())),
    }
}

/// The first rows of a list's answer as a page of it (nothing for a failure or another call).
fn first_page(answer: ApiAnswer) -> Option<ApiAnswer> {
    let (rows, total) = match answer {
        ApiAnswer::NatsAccounts(Ok(rows)) => {
            let total = rows.len() as u64;
            (
                Page::NatsAccounts(rows.into_iter().take(2).collect()),
                total,
            )
        }
        ApiAnswer::NatsCredentials(Ok(rows)) => {
            let total = rows.len() as u64;
            (
                Page::NatsCredentials(rows.into_iter().take(2).collect()),
                total,
            )
        }
        ApiAnswer::Credentials(Ok(rows)) => {
            let total = rows.len() as u64;
            (Page::Credentials(rows.into_iter().take(2).collect()), total)
        }
        _ => return None,
    };
    Some(ApiAnswer::Page { rows, total })
}

fn answer(call: &ApiCall, reply: &Reply) -> ApiAnswer {
    match reply {
        Reply::Success { drop, extra, names } => success(call, *drop, *extra, names),
        Reply::Failure(error) => failure(call, error.clone()),
    }
}

/// Any call, to give an answer of some kind to an id that was never sent.
fn some_call(state: &State, n: u64) -> ApiCall {
    let region = state.region;
    let project_id = state.session.project_id.clone();
    match n % 4 {
        0 => ApiCall::ListCredentials {
            service: Service::Sqs,
            region,
            project_id,
        },
        1 => ApiCall::ListNatsAccounts { region, project_id },
        2 => ApiCall::Revoke(CredentialsRef {
            product: Product::Queues,
            region,
            id: fresh_id(0),
        }),
        _ => ApiCall::UpdateCredentials {
            service: Service::Sqs,
            region,
            id: fresh_id(0),
            request: UpdateServiceCredentialsRequest::default(),
        },
    }
}

// The console's program, with the test's shadow of the requests.

/// Totals over every case, printed at the end.
#[derive(Default)]
struct Totals {
    cases: AtomicU64,
    steps: AtomicU64,
    keys: AtomicU64,
    pastes: AtomicU64,
    resizes: AtomicU64,
    answers: AtomicU64,
    stray_answers: AtomicU64,
    cancels: AtomicU64,
    draws: AtomicU64,
    revokes_sent: AtomicU64,
    updates_sent: AtomicU64,
    /// Revokes and updates answered with success, and those answered with an error.
    revokes_done: AtomicU64,
    updates_done: AtomicU64,
    mutations_failed: AtomicU64,
}

impl Totals {
    fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }
}

struct Console {
    program: Program,
    terminal: Terminal<TestBackend>,
    /// Requests sent and not answered yet, in the order sent.
    pending: Vec<(RequestId, ApiCall)>,
    /// Requests answered already.
    answered: Vec<(RequestId, ApiCall)>,
    sent: HashSet<RequestId>,
}

/// One input to the program.
enum Input<'a> {
    Key(&'a Key),
    Paste(&'a str),
    Answer(RequestId, ApiAnswer),
    Tick,
}

impl Console {
    fn new(program: Program) -> Console {
        let size = program.size();
        let terminal = Terminal::new(TestBackend::new(size.width, size.height))
            .expect("a test terminal never fails");
        Console {
            program,
            terminal,
            pending: Vec::new(),
            answered: Vec::new(),
            sent: HashSet::new(),
        }
    }

    fn state(&self) -> &State {
        self.program.state()
    }

    /// Gives the program one input, as the console does, and checks what it asked for.
    fn input(&mut self, input: Input, totals: &Totals) -> Result<(), TestCaseError> {
        let top_before = self.state().popup.clone();
        let form_in_flight_before = matches!(
            &self.state().popup,
            Some(Popup::Form(form)) if form.submitting().is_some()
        );
        let is_enter = matches!(&input, Input::Key(key) if key.code == KeyCode::Enter);
        let outcome = match input {
            Input::Key(key) => self.program.key(key),
            Input::Paste(text) => self.program.paste(text.to_owned()),
            Input::Answer(id, answer) => self.program.answer(id, answer),
            Input::Tick => self.program.tick(),
        };
        let readonly = self.state().session.readonly;
        for effect in outcome.effects {
            let (id, call) = match effect {
                Effect::Api(id, call) => (id, call),
                Effect::Cancel(id) => {
                    Totals::add(&totals.cancels, 1);
                    let Some(at) = self.pending.iter().position(|(sent, _)| *sent == id) else {
                        return Err(TestCaseError::fail(format!(
                            "cancelled {id:?}, which is not in flight"
                        )));
                    };
                    let (id, call) = self.pending.remove(at);
                    prop_assert!(!call.is_mutation(), "cancelled a change: {call:?}");
                    // Its answer may still arrive (sent before the cancel): a stray one.
                    self.answered.push((id, call));
                    continue;
                }
                Effect::Copy(_) | Effect::Suspend | Effect::Quit | Effect::ReadJournal => continue,
                Effect::Save(_) => {
                    prop_assert!(
                        matches!(&top_before, Some(Popup::Secret(_))),
                        "a save from {top_before:?}, not from the secret pop-up"
                    );
                    continue;
                }
            };
            prop_assert!(self.sent.insert(id), "request id {id:?} used twice");
            match &call {
                ApiCall::Revoke(target) => {
                    Totals::add(&totals.revokes_sent, 1);
                    prop_assert!(!readonly, "read-only sent a revoke: {call:?}");
                    let confirmed = matches!(
                        &top_before,
                        Some(Popup::Revoke { target: shown, focus: Choice::Confirm, .. })
                            if (shown.product, shown.region, &shown.id)
                                == (target.product, target.region, &target.id)
                    );
                    prop_assert!(
                        confirmed && is_enter,
                        "a revoke of {target:?} was sent from {top_before:?}, not by Enter on \
                         a confirmed revoke pop-up"
                    );
                }
                ApiCall::UpdateCredentials { .. } => {
                    Totals::add(&totals.updates_sent, 1);
                    prop_assert!(!readonly, "read-only sent an update: {call:?}");
                    prop_assert!(
                        !form_in_flight_before,
                        "a second update was sent while one was in flight: {call:?}"
                    );
                    let from_form = matches!(
                        &top_before,
                        Some(Popup::Form(form)) if form.submitting().is_none()
                    );
                    prop_assert!(
                        from_form && is_enter,
                        "an update was sent from {top_before:?}, not by Enter on the form"
                    );
                    prop_assert!(
                        matches!(
                            self.state().popup.as_ref(),
                            Some(Popup::Form(form)) if form.submitting() == Some(id)
                        ),
                        "the form does not show its update {id:?} in flight"
                    );
                }
                ApiCall::CreateCredentials { .. }
                | ApiCall::CreateNatsCredentials { .. }
                | ApiCall::CreateNatsAccount { .. } => {
                    prop_assert!(!readonly, "read-only sent a create: {call:?}");
                    let from_form = matches!(
                        &top_before,
                        Some(Popup::Form(form)) if form.submitting().is_none()
                    );
                    prop_assert!(
                        from_form && is_enter,
                        "a create was sent from {top_before:?}, not by Enter on the form"
                    );
                }
                _ => {}
            }
            self.pending.push((id, call));
        }
        Ok(())
    }

    fn key(&mut self, key: &Key, totals: &Totals) -> Result<(), TestCaseError> {
        Totals::add(&totals.keys, 1);
        self.input(Input::Key(key), totals)
    }

    fn step(&mut self, step: &Step, totals: &Totals) -> Result<(), TestCaseError> {
        match step {
            Step::Key(key) => self.key(key, totals)?,
            Step::Keys(keys) => {
                for key in keys {
                    self.key(key, totals)?;
                    self.check()?;
                }
            }
            Step::Paste(text) => {
                Totals::add(&totals.pastes, 1);
                self.input(Input::Paste(text), totals)?;
            }
            Step::Resize(width, height) => {
                Totals::add(&totals.resizes, 1);
                let outcome = self.program.resize(Size::new(*width, *height));
                prop_assert!(outcome.effects.is_empty() && outcome.redraw);
            }
            Step::Answer { pick, reply } => {
                if !self.pending.is_empty() {
                    Totals::add(&totals.answers, 1);
                    let (id, call) = self.pending.remove(pick % self.pending.len());
                    count_mutation_answer(&call, reply, totals);
                    let answer = answer(&call, reply);
                    self.answered.push((id, call));
                    self.input(Input::Answer(id, answer), totals)?;
                }
            }
            Step::FirstPage { pick, reply } => {
                if !self.pending.is_empty() {
                    let (id, call) = &self.pending[pick % self.pending.len()];
                    if let Some(page) = first_page(answer(call, reply)) {
                        let id = *id;
                        self.input(Input::Answer(id, page), totals)?;
                    }
                }
            }
            Step::AnswerAgain { pick, reply } => {
                if !self.answered.is_empty() {
                    Totals::add(&totals.stray_answers, 1);
                    let (id, call) = self.answered[pick % self.answered.len()].clone();
                    self.input(Input::Answer(id, answer(&call, reply)), totals)?;
                }
            }
            Step::AnswerUnknown { beyond, reply } => {
                Totals::add(&totals.stray_answers, 1);
                let newest = self.sent.iter().map(|id| id.0).max().unwrap_or(0);
                let id = RequestId(newest + beyond);
                let call = some_call(self.state(), *beyond);
                self.input(Input::Answer(id, answer(&call, reply)), totals)?;
            }
            Step::Tick => {
                self.input(Input::Tick, totals)?;
            }
        }
        self.check()?;
        self.draw(totals)
    }

    fn draw(&mut self, totals: &Totals) -> Result<(), TestCaseError> {
        Totals::add(&totals.draws, 1);
        let size = self.program.size();
        self.terminal.backend_mut().resize(size.width, size.height);
        let state = self.program.state();
        self.terminal
            .draw(|frame| ui::render(state, frame))
            .map_err(|error| TestCaseError::fail(error.to_string()))?;
        let buffer = self.terminal.backend().buffer();
        for cell in &buffer.content {
            prop_assert!(
                !is_control(cell.symbol()),
                "a control character reached the screen: {:?}",
                cell.symbol()
            );
        }
        Ok(())
    }

    /// The invariants that hold between any two steps.
    fn check(&self) -> Result<(), TestCaseError> {
        let state = self.program.state();
        prop_assert_eq!(
            state.requests.in_flight(),
            self.pending.len(),
            "the busy count is not the number of unanswered requests"
        );
        prop_assert_eq!(state.is_busy(), !self.pending.is_empty());
        let page = state.layout.list_rows;
        match &state.screen {
            Screen::Products { selected } => prop_assert!(*selected < Product::ALL.len()),
            Screen::Service(service) => {
                let on_screen = service.tab == ServiceTab::Credentials;
                check_list("credentials", &service.credentials, page, on_screen)?;
            }
            Screen::NatsAccounts(accounts) => check_list("accounts", accounts, page, true)?,
            Screen::NatsAccount(account) => {
                check_list("NATS credentials", &account.credentials, page, true)?;
                check_list("accounts (behind)", &account.accounts, page, false)?;
            }
        }
        if let Some(popup) = &state.popup {
            match popup {
                // Each region, then All regions.
                Popup::Regions { selected } => prop_assert!(*selected <= Region::ALL.len()),
                Popup::Projects { selected } => {
                    prop_assert!(*selected < state.project_choices().len());
                }
                Popup::SeeMore {
                    items, selected, ..
                } => {
                    prop_assert!(*selected < items.len(), "see-more menu: {popup:?}");
                }
                Popup::Form(_) | Popup::Revoke { .. } | Popup::Secret(_) => {
                    prop_assert!(
                        !state.session.readonly,
                        "read-only shows a pop-up that changes things: {popup:?}"
                    );
                }
                Popup::BatchRevoke(batch) => {
                    prop_assert!(
                        !state.session.readonly,
                        "read-only shows the batch revoke: {popup:?}"
                    );
                    // Each item in flight waits for one request of its own.
                    for item in &batch.items {
                        if let ItemOutcome::Revoking(id) = item.outcome {
                            prop_assert!(
                                self.pending.iter().any(|(sent, _)| *sent == id),
                                "{} shows revoking without a revoke in flight",
                                item.target.name
                            );
                        }
                    }
                }
                Popup::Help { .. }
                | Popup::Failure(_)
                | Popup::ConfigWarnings(_)
                | Popup::Connection(_)
                | Popup::Quit(_)
                | Popup::Find(_)
                | Popup::Journal(_) => {}
            }
        }
        Ok(())
    }
}

/// Counts the first answer to a revoke or an update, so that the run shows the dangerous flows
/// were really reached and settled.
fn count_mutation_answer(call: &ApiCall, reply: &Reply, totals: &Totals) {
    let succeeded = matches!(reply, Reply::Success { .. });
    match call {
        ApiCall::Revoke(_) if succeeded => Totals::add(&totals.revokes_done, 1),
        ApiCall::UpdateCredentials { .. } if succeeded => Totals::add(&totals.updates_done, 1),
        ApiCall::Revoke(_) | ApiCall::UpdateCredentials { .. } => {
            Totals::add(&totals.mutations_failed, 1)
        }
        _ => {}
    }
}

/// Whether a cell holds a control character (fast for the usual one ASCII byte: this runs
/// for every cell of every frame).
fn is_control(symbol: &str) -> bool {
    match symbol.as_bytes() {
        [byte] => *byte < 0x20 || *byte == 0x7f,
        _ => symbol.chars().any(char::is_control),
    }
}

/// The selection is on a visible row (or 0 when none is) and the list is scrolled to show it;
/// when the list is not the one on screen, only the range is checked.
fn check_list<T: Row>(
    name: &str,
    list: &ListView<T>,
    page: usize,
    on_screen: bool,
) -> Result<(), TestCaseError> {
    let shown = list.shown();
    let (selected, offset, visible) = (shown.selected(), shown.offset(), shown.visible().len());
    prop_assert!(
        selected < visible || (selected == 0 && visible == 0),
        "{name}: selected {selected} of {visible} visible rows"
    );
    prop_assert!(
        offset <= selected,
        "{name}: scrolled to {offset}, past the selected row {selected}"
    );
    if on_screen {
        prop_assert!(
            selected < offset + page.max(1),
            "{name}: the selected row {selected} is below the {page} rows shown from {offset}"
        );
    }
    for index in shown.visible() {
        prop_assert!(
            *index < list.rows().len(),
            "{name}: a visible row that is not there"
        );
    }
    Ok(())
}

/// The program a case starts from, loaded from the demo data as the console would be.
fn start(case: &Case) -> Program {
    let store = demo();
    let session = Session {
        readonly: case.readonly,
        organization_id: Some(store.organization.id.clone()),
        ..Session::new("demo", store.api_keys[0].default_project_id.clone())
    };
    let mut program = Program::new(State::new(session, case.region), Size::new(80, 24));
    for effect in program.start().effects {
        if let Effect::Api(id, call) = effect {
            let _ = program.answer(id, success(&call, 0, 0, &[]));
        }
    }
    let loaded = |program: &mut Program, key: KeyCode| {
        for effect in program.key(&press(key)).effects {
            if let Effect::Api(id, call) = effect {
                let _ = program.answer(id, success(&call, 0, 0, &[]));
            }
        }
    };
    match case.start {
        Start::Products => {}
        Start::Page(product) => loaded(&mut program, jump_key(product)),
        Start::NatsAccount => {
            loaded(&mut program, jump_key(Product::Nats));
            loaded(&mut program, KeyCode::Enter);
        }
    }
    program
}

/// The key that opens a product's page from anywhere.
fn jump_key(product: Product) -> KeyCode {
    let digit = Product::ALL.iter().position(|p| *p == product).unwrap_or(0) + 1;
    KeyCode::Char(char::from(b'0' + digit as u8))
}

fn run(case: &Case, totals: &Totals) -> Result<(), TestCaseError> {
    let mut console = Console::new(start(case));
    console.check()?;
    console.draw(totals)?;
    for step in &case.steps {
        console.step(step, totals)?;
    }
    Totals::add(&totals.cases, 1);
    Totals::add(&totals.steps, case.steps.len() as u64);
    Ok(())
}

#[test]
fn random_keys_pastes_resizes_and_answers_keep_the_console_correct() {
    let totals = Totals::default();
    // `Config::default()` reads PROPTEST_CASES (256 when unset). A failing case is saved
    // (committed next to this file) and tried first on every later run.
    let config = Config {
        max_shrink_iters: 2000,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(
            "tests/it/random_keys.proptest-regressions",
        ))),
        ..Config::default()
    };
    let started = Instant::now();
    let mut runner = TestRunner::new(config);
    let result = runner.run(&case(), |case| run(&case, &totals));
    let read = |counter: &AtomicU64| counter.load(Ordering::Relaxed);
    println!(
        "random keys: {} cases, {} steps ({} keys, {} pastes, {} resizes, {} answers, {} \
         duplicate or unknown answers, {} cancels), {} draws, {} revokes and {} updates sent, {} revokes \
         and {} updates done, {} failed, in {:.1} s; invariant violations: {}",
        read(&totals.cases),
        read(&totals.steps),
        read(&totals.keys),
        read(&totals.pastes),
        read(&totals.resizes),
        read(&totals.answers),
        read(&totals.stray_answers),
        read(&totals.cancels),
        read(&totals.draws),
        read(&totals.revokes_sent),
        read(&totals.updates_sent),
        read(&totals.revokes_done),
        read(&totals.updates_done),
        read(&totals.mutations_failed),
        started.elapsed().as_secs_f64(),
        usize::from(result.is_err()),
    );
    if let Err(error) = result {
        panic!("{error}");
    }
    // A console that ignored every key would pass the checks above: the run must really have
    // sent revokes and updates, and seen them succeed and fail. Over the default 256 cases
    // each happens hundreds of times; a handful of cases (PROPTEST_CASES) may miss one.
    if read(&totals.cases) >= 64 {
        for (what, counter) in [
            ("revokes sent", &totals.revokes_sent),
            ("updates sent", &totals.updates_sent),
            ("revokes done", &totals.revokes_done),
            ("updates done", &totals.updates_done),
            ("revokes or updates failed", &totals.mutations_failed),
            ("superseded reads cancelled", &totals.cancels),
        ] {
            assert!(
                read(counter) > 0,
                "no {what} in {} cases",
                read(&totals.cases)
            );
        }
    }
}

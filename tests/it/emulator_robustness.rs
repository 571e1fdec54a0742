//! The emulator holds up under concurrent clients and under SIGKILL.
//!
//! - **Concurrent clients**: 32 tasks × 500 mixed operations (create, list, get, update,
//!   delete of Queues, Topics and Events and NATS) against one emulator, over loopback with the
//!   real `api::Client`. Each task works in a project of its own, so it knows what every answer
//!   must be: no update is lost, no id is given twice, every page's `total_count` is the number
//!   of items the pages hold, and at the end the emulator holds exactly what the tasks were told.
//! - **SIGKILL**: `mnq-tui emulator --state FILE` is killed at random moments while clients
//!   change things, and restarted on the same file: the file always loads, and every change
//!   that was answered 2xx before the kill is there.
//!
//! Both print their figures. `EMULATOR_SOAK_SEED` replays a run (the seed is printed);
//! `EMULATOR_SOAK_OPERATIONS` and `EMULATOR_KILL_ROUNDS` make them longer.

#![cfg(unix)]

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, Client, ClientConfig, ListQuery, RetryPolicy};
use mnq_tui::emulator::{EmulatorOptions, Seed, Store};
use serde_json::Value;

use crate::support;
use crate::support::child::{self, ChildEmulator};

const TASKS: usize = 32;
const OPERATIONS_PER_TASK: usize = 500;
/// Items of one kind a task keeps at most; beyond, it deletes rather than creates.
const MOST_ITEMS: usize = 8;

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(default)
}

fn seed() -> u64 {
    env_number("EMULATOR_SOAK_SEED", fastrand::u64(..))
}

fn project() -> ProjectId {
    ProjectId(uuid::Uuid::new_v4().to_string())
}

fn client(url: &str, secret_key: &str) -> Client {
    let mut config = ClientConfig::new(url, Secret::new(secret_key));
    // A retry would hide what the emulator answered; none of these calls should fail.
    config.retry = RetryPolicy::none();
    config.connect_timeout = Duration::from_secs(2);
    config.request_timeout = Duration::from_secs(10);
    support::client::build(config)
}

/// What Queues or Topics and Events credentials must be.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Expected {
    service: Service,
    region: Region,
    name: String,
    permissions: Permissions,
}

impl Expected {
    fn of(service: Service, credentials: &ServiceCredentials) -> Expected {
        Expected {
            service,
            region: credentials.region,
            name: credentials.name.clone(),
            permissions: credentials.permissions(),
        }
    }
}

fn permissions(rng: &mut fastrand::Rng) -> Permissions {
    Permissions::new(rng.bool(), rng.bool(), rng.bool())
}

/// A change of permissions that leaves some of them as they are.
fn patch(rng: &mut fastrand::Rng) -> PermissionsPatch {
    let mut maybe = || rng.bool().then(|| rng.bool());
    PermissionsPatch {
        can_publish: maybe(),
        can_receive: maybe(),
        can_manage: maybe(),
    }
}

fn pick<T: Clone>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())].clone()
}

fn region(rng: &mut fastrand::Rng) -> Region {
    Region::ALL[rng.usize(..Region::ALL.len())]
}

fn service(rng: &mut fastrand::Rng) -> Service {
    Service::ALL[rng.usize(..Service::ALL.len())]
}

// Concurrent clients

/// What a task owns, as the emulator must hold it.
#[derive(Default)]
struct Owned {
    credentials: BTreeMap<CredentialsId, Expected>,
    accounts: BTreeMap<NatsAccountId, (Region, String)>,
    /// NATS credentials: their account, region and name.
    nats_credentials: BTreeMap<CredentialsId, (NatsAccountId, Region, String)>,
}

/// What a task did.
#[derive(Default)]
struct Tally {
    /// (what, operation) → count.
    operations: BTreeMap<(&'static str, &'static str), u64>,
    /// Every id a create answered.
    created: Vec<String>,
    /// Pages read one by one to check `total_count`.
    pages: u64,
}

impl Tally {
    fn count(&mut self, what: &'static str, operation: &'static str) {
        *self.operations.entry((what, operation)).or_default() += 1;
    }
}

/// Reads a list page by page (`page_size` items), as a raw HTTP client, and checks that every
/// page's `total_count` is `expected_total`, that the pages hold that many items, each once,
/// and that the page after the last is empty. Returns the ids.
struct Pager {
    http: reqwest::Client,
    url: String,
    secret_key: String,
}

impl Pager {
    async fn ids(
        &self,
        region: Region,
        path: &str,
        filter: (&str, &str),
        items: &str,
        page_size: u64,
        tally: &mut Tally,
    ) -> Vec<String> {
        let mut ids = Vec::new();
        let mut total = None;
        for page in 1.. {
            let response = self
                .http
                .get(format!("{}/mnq/v1beta1/regions/{region}/{path}", self.url))
                .header("X-Auth-Token", &self.secret_key)
                .query(&[
                    (filter.0, filter.1.to_owned()),
                    ("page", page.to_string()),
                    ("page_size", page_size.to_string()),
                ])
                .send()
                .await
                .expect("the emulator answers");
            assert!(response.status().is_success(), "{path}: {response:?}");
            let body: Value = response.json().await.expect("a JSON page");
            tally.pages += 1;
            let count = body["total_count"].as_u64().expect("total_count");
            let expected = *total.get_or_insert(count);
            assert_eq!(count, expected, "{path}: total_count changed between pages");
            let page_items = body[items].as_array().expect("the items");
            assert!(page_items.len() as u64 <= page_size);
            if page_items.is_empty() {
                break;
            }
            ids.extend(
                page_items
                    .iter()
                    .map(|item| item["id"].as_str().expect("an id").to_owned()),
            );
        }
        let unique: HashSet<&String> = ids.iter().collect();
        assert_eq!(unique.len(), ids.len(), "{path}: an item on two pages");
        assert_eq!(
            ids.len() as u64,
            total.unwrap_or(0),
            "{path}: total_count is not the number of items the pages hold"
        );
        ids
    }
}

fn sorted<T: Ord>(mut items: Vec<T>) -> Vec<T> {
    items.sort();
    items
}

/// Items by id; an id listed twice fails the test.
fn by_id<K: Ord + Clone + std::fmt::Debug, V>(
    items: impl IntoIterator<Item = (K, V)>,
) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (key, value) in items {
        let listed = key.clone();
        assert!(map.insert(key, value).is_none(), "{listed:?} listed twice");
    }
    map
}

/// One client task: `operations` random operations in its own project, each answer checked
/// against what the task knows.
async fn client_task(
    client: Client,
    pager: Arc<Pager>,
    index: usize,
    seed: u64,
    operations: usize,
) -> (Owned, Tally) {
    let mut rng = fastrand::Rng::with_seed(seed.wrapping_add(index as u64));
    let project = project();
    let mut owned = Owned::default();
    let mut tally = Tally::default();
    for service in Service::ALL {
        for region in Region::ALL {
            client
                .activate(service, region, &project)
                .await
                .expect("activation");
        }
    }
    let mut names = 0u64;
    let mut name = |rng: &mut fastrand::Rng| {
        names += 1;
        // Names the emulator must keep exactly: some are not ASCII.
        let flavour = ["", " é", " 🦀", " שלום"][rng.usize(..4)];
        format!("t{index}-{names}{flavour}")
    };

    for _ in 0..operations {
        let roll = rng.u32(..100);
        let operation = match rng.u32(..100) {
            0..20 => "create",
            20..35 => "list",
            35..55 => "get",
            55..85 => "update",
            _ => "delete",
        };
        // NATS credentials need an account: make one first.
        let (roll, operation) = if roll >= 75 && owned.accounts.is_empty() {
            (60, "create")
        } else {
            (roll, operation)
        };
        match roll {
            // Queues and Topics and Events credentials.
            0..60 => {
                let service = if roll < 30 {
                    Service::Sqs
                } else {
                    Service::Sns
                };
                let what = match service {
                    Service::Sqs => "Queues credentials",
                    Service::Sns => "Topics and Events credentials",
                };
                let mine: Vec<CredentialsId> = owned
                    .credentials
                    .iter()
                    .filter(|(_, expected)| expected.service == service)
                    .map(|(id, _)| id.clone())
                    .collect();
                let operation = match operation {
                    "create" if mine.len() >= MOST_ITEMS => "delete",
                    "get" | "update" | "delete" if mine.is_empty() => "create",
                    operation => operation,
                };
                tally.count(what, operation);
                match operation {
                    "create" => {
                        let request = CreateServiceCredentialsRequest {
                            project_id: project.clone(),
                            name: name(&mut rng),
                            permissions: permissions(&mut rng),
                        };
                        let region = region(&mut rng);
                        let created = client
                            .create_credentials(service, region, &request)
                            .await
                            .expect("create credentials");
                        let expected = Expected {
                            service,
                            region,
                            name: request.name,
                            permissions: request.permissions,
                        };
                        assert_eq!(Expected::of(service, &created), expected);
                        assert!(!created.secret_key.is_empty(), "a create shows the secret");
                        tally.created.push(created.id.to_string());
                        owned.credentials.insert(created.id, expected);
                    }
                    "get" => {
                        let id = pick(&mut rng, &mine);
                        let expected = &owned.credentials[&id];
                        let got = client
                            .get_credentials(service, expected.region, &id)
                            .await
                            .expect("get credentials");
                        assert_eq!(&Expected::of(service, &got), expected, "get {id}");
                    }
                    "update" => {
                        let id = pick(&mut rng, &mine);
                        let request = UpdateServiceCredentialsRequest {
                            name: rng.bool().then(|| name(&mut rng)),
                            permissions: rng.bool().then(|| patch(&mut rng)),
                        };
                        let expected = owned.credentials.get_mut(&id).expect("owned");
                        if let Some(name) = &request.name {
                            expected.name = name.clone();
                        }
                        if let Some(patch) = request.permissions {
                            expected.permissions = patch.apply_to(expected.permissions);
                        }
                        let updated = client
                            .update_credentials(service, expected.region, &id, &request)
                            .await
                            .expect("update credentials");
                        assert_eq!(&Expected::of(service, &updated), expected, "update {id}");
                    }
                    "delete" => {
                        let id = pick(&mut rng, &mine);
                        let expected = owned.credentials.remove(&id).expect("owned");
                        client
                            .delete_credentials(service, expected.region, &id)
                            .await
                            .expect("delete credentials");
                    }
                    _ => {
                        let region = region(&mut rng);
                        let listed = client
                            .list_credentials(service, region, &ListQuery::project(project.clone()))
                            .await
                            .expect("list credentials");
                        let listed = by_id(
                            listed
                                .iter()
                                .map(|c| (c.id.clone(), Expected::of(service, c))),
                        );
                        let expected: BTreeMap<CredentialsId, Expected> = owned
                            .credentials
                            .iter()
                            .filter(|(_, e)| e.service == service && e.region == region)
                            .map(|(id, e)| (id.clone(), e.clone()))
                            .collect();
                        assert_eq!(listed, expected, "list {what} in {region}");
                        let paged = pager
                            .ids(
                                region,
                                &format!("{}-credentials", service.api_name()),
                                ("project_id", project.as_str()),
                                &format!("{}_credentials", service.api_name()),
                                rng.u64(1..=4),
                                &mut tally,
                            )
                            .await;
                        let expected: Vec<String> =
                            expected.keys().map(|id| id.to_string()).collect();
                        assert_eq!(sorted(paged), expected, "paged {what} in {region}");
                    }
                }
            }
            // NATS accounts.
            60..75 => {
                let what = "NATS accounts";
                let mine: Vec<NatsAccountId> = owned.accounts.keys().cloned().collect();
                let operation = match operation {
                    "create" if mine.len() >= MOST_ITEMS => "delete",
                    "get" | "update" | "delete" if mine.is_empty() => "create",
                    operation => operation,
                };
                tally.count(what, operation);
                match operation {
                    "create" => {
                        let region = region(&mut rng);
                        let request = CreateNatsAccountRequest {
                            name: name(&mut rng),
                            project_id: project.clone(),
                        };
                        let account = client
                            .create_nats_account(region, &request)
                            .await
                            .expect("create a NATS account");
                        assert_eq!((account.region, &account.name), (region, &request.name));
                        tally.created.push(account.id.to_string());
                        owned.accounts.insert(account.id, (region, request.name));
                    }
                    "get" => {
                        let id = pick(&mut rng, &mine);
                        let (region, name) = &owned.accounts[&id];
                        let account = client
                            .get_nats_account(*region, &id)
                            .await
                            .expect("get a NATS account");
                        assert_eq!(&account.name, name, "get NATS account {id}");
                    }
                    "update" => {
                        let id = pick(&mut rng, &mine);
                        let new_name = name(&mut rng);
                        let (region, expected) = owned.accounts.get_mut(&id).expect("owned");
                        let account = client
                            .rename_nats_account(*region, &id, &new_name)
                            .await
                            .expect("rename a NATS account");
                        assert_eq!(account.name, new_name);
                        *expected = new_name;
                    }
                    "delete" => {
                        let id = pick(&mut rng, &mine);
                        let (region, _) = owned.accounts.remove(&id).expect("owned");
                        client
                            .delete_nats_account(region, &id)
                            .await
                            .expect("delete a NATS account");
                        // Its credentials go with it.
                        owned
                            .nats_credentials
                            .retain(|_, (account, _, _)| *account != id);
                    }
                    _ => {
                        let region = region(&mut rng);
                        let listed = client
                            .list_nats_accounts(region, &ListQuery::project(project.clone()))
                            .await
                            .expect("list NATS accounts");
                        let listed = by_id(listed.into_iter().map(|a| (a.id, a.name)));
                        let expected: BTreeMap<NatsAccountId, String> = owned
                            .accounts
                            .iter()
                            .filter(|(_, (r, _))| *r == region)
                            .map(|(id, (_, name))| (id.clone(), name.clone()))
                            .collect();
                        assert_eq!(listed, expected, "list NATS accounts in {region}");
                        let paged = pager
                            .ids(
                                region,
                                "nats-accounts",
                                ("project_id", project.as_str()),
                                "nats_accounts",
                                rng.u64(1..=4),
                                &mut tally,
                            )
                            .await;
                        let expected: Vec<String> =
                            expected.keys().map(|id| id.to_string()).collect();
                        assert_eq!(sorted(paged), expected, "paged NATS accounts in {region}");
                    }
                }
            }
            // NATS credentials, which cannot be updated: an update roll reads instead.
            _ => {
                let what = "NATS credentials";
                let accounts: Vec<NatsAccountId> = owned.accounts.keys().cloned().collect();
                let account = pick(&mut rng, &accounts);
                let region = owned.accounts[&account].0;
                let mine: Vec<CredentialsId> = owned
                    .nats_credentials
                    .iter()
                    .filter(|(_, (a, _, _))| *a == account)
                    .map(|(id, _)| id.clone())
                    .collect();
                let operation = match operation {
                    "update" => "get",
                    operation => operation,
                };
                let operation = match operation {
                    "create" if mine.len() >= MOST_ITEMS => "delete",
                    "get" | "delete" if mine.is_empty() => "create",
                    operation => operation,
                };
                tally.count(what, operation);
                match operation {
                    "create" => {
                        let request = CreateNatsCredentialsRequest {
                            nats_account_id: account.clone(),
                            name: name(&mut rng),
                        };
                        let created = client
                            .create_nats_credentials(region, &request)
                            .await
                            .expect("create NATS credentials");
                        assert_eq!(created.name, request.name);
                        assert!(created.credentials.is_some(), "a create gives the .creds");
                        tally.created.push(created.id.to_string());
                        owned
                            .nats_credentials
                            .insert(created.id, (account, region, request.name));
                    }
                    "get" => {
                        let id = pick(&mut rng, &mine);
                        let got = client
                            .get_nats_credentials(region, &id)
                            .await
                            .expect("get NATS credentials");
                        assert_eq!(got.name, owned.nats_credentials[&id].2, "get {id}");
                        assert!(got.credentials.is_none(), "the .creds is shown only once");
                    }
                    "delete" => {
                        let id = pick(&mut rng, &mine);
                        owned.nats_credentials.remove(&id);
                        client
                            .delete_nats_credentials(region, &id)
                            .await
                            .expect("delete NATS credentials");
                    }
                    _ => {
                        let listed = client
                            .list_nats_credentials(
                                region,
                                &ListQuery::project(project.clone()),
                                Some(&account),
                            )
                            .await
                            .expect("list NATS credentials");
                        let listed = by_id(listed.into_iter().map(|c| (c.id, c.name)));
                        let expected: BTreeMap<CredentialsId, String> = owned
                            .nats_credentials
                            .iter()
                            .filter(|(_, (a, _, _))| *a == account)
                            .map(|(id, (_, _, name))| (id.clone(), name.clone()))
                            .collect();
                        assert_eq!(listed, expected, "list NATS credentials");
                        let paged = pager
                            .ids(
                                region,
                                "nats-credentials",
                                ("nats_account_id", account.as_str()),
                                "nats_credentials",
                                rng.u64(1..=4),
                                &mut tally,
                            )
                            .await;
                        let expected: Vec<String> =
                            expected.keys().map(|id| id.to_string()).collect();
                        assert_eq!(sorted(paged), expected, "paged NATS credentials");
                    }
                }
            }
        }
    }
    (owned, tally)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_clients_lose_no_update_and_get_no_duplicate_id() {
    let seed = seed();
    let operations = env_number("EMULATOR_SOAK_OPERATIONS", OPERATIONS_PER_TASK as u64) as usize;
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..EmulatorOptions::default()
    })
    .await;
    let secret_key = emulator.api_key().secret_key.expose().to_owned();
    // One client for all tasks, as the console's worker shares one.
    let client = client(&emulator.url(), &secret_key);
    let pager = Arc::new(Pager {
        http: reqwest::Client::new(),
        url: emulator.url(),
        secret_key,
    });

    let started = Instant::now();
    let tasks: Vec<_> = (0..TASKS)
        .map(|index| {
            tokio::spawn(client_task(
                client.clone(),
                Arc::clone(&pager),
                index,
                seed,
                operations,
            ))
        })
        .collect();
    let mut results = Vec::new();
    for task in tasks {
        results.push(task.await.expect("a client task ends without failing"));
    }
    let elapsed = started.elapsed();

    // No id given twice.
    let created: Vec<&String> = results
        .iter()
        .flat_map(|(_, tally)| &tally.created)
        .collect();
    let unique: HashSet<&&String> = created.iter().collect();
    let duplicates = created.len() - unique.len();
    assert_eq!(duplicates, 0, "ids given twice");

    // What the emulator holds is exactly what the tasks were answered, in every project.
    let store = emulator.snapshot();
    let mut expected_credentials = BTreeMap::new();
    let mut expected_accounts = BTreeMap::new();
    let mut expected_nats = BTreeMap::new();
    for (owned, _) in &results {
        expected_credentials.extend(owned.credentials.clone());
        expected_accounts.extend(owned.accounts.clone());
        expected_nats.extend(
            owned
                .nats_credentials
                .iter()
                .map(|(id, (account, _, name))| (id.clone(), (account.clone(), name.clone()))),
        );
    }
    let held_credentials: BTreeMap<CredentialsId, Expected> = Service::ALL
        .iter()
        .flat_map(|service| {
            let all = match service {
                Service::Sqs => &store.sqs_credentials,
                Service::Sns => &store.sns_credentials,
            };
            all.iter()
                .map(|c| (c.id.clone(), Expected::of(*service, c)))
        })
        .collect();
    let held_accounts: BTreeMap<NatsAccountId, (Region, String)> = store
        .nats_accounts
        .iter()
        .map(|record| {
            let account = &record.account;
            (account.id.clone(), (account.region, account.name.clone()))
        })
        .collect();
    let held_nats: BTreeMap<CredentialsId, (NatsAccountId, String)> = store
        .nats_credentials
        .iter()
        .map(|c| (c.id.clone(), (c.nats_account_id.clone(), c.name.clone())))
        .collect();
    let lost = count_differences(&expected_credentials, &held_credentials)
        + count_differences(&expected_accounts, &held_accounts)
        + count_differences(&expected_nats, &held_nats);
    assert_eq!(held_credentials, expected_credentials);
    assert_eq!(held_accounts, expected_accounts);
    assert_eq!(held_nats, expected_nats);

    // The same through the API: every project's credentials of every region, read by the
    // client across pages.
    for service in Service::ALL {
        for region in Region::ALL {
            let listed = client
                .list_credentials(service, region, &ListQuery::default())
                .await
                .expect("list every project's credentials");
            let listed = by_id(
                listed
                    .iter()
                    .map(|c| (c.id.clone(), Expected::of(service, c))),
            );
            let expected: BTreeMap<CredentialsId, Expected> = expected_credentials
                .iter()
                .filter(|(_, e)| e.service == service && e.region == region)
                .map(|(id, e)| (id.clone(), e.clone()))
                .collect();
            assert_eq!(listed, expected, "final listing of {service:?} in {region}");
        }
    }

    let mut operations_by_kind: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    let mut pages = 0;
    for (_, tally) in &results {
        pages += tally.pages;
        for (key, count) in &tally.operations {
            *operations_by_kind.entry(*key).or_default() += count;
        }
    }
    let total: u64 = operations_by_kind.values().sum();
    println!(
        "emulator under {TASKS} concurrent clients (seed {seed}): {total} operations in {:.1} s \
         ({:.0}/s), plus {pages} pages read one by one; {} ids created, duplicates: \
         {duplicates}; lost or wrong at the end: {lost}; held at the end: {} Queues and Topics \
         and Events credentials, {} NATS accounts, {} NATS credentials",
        elapsed.as_secs_f64(),
        total as f64 / elapsed.as_secs_f64(),
        created.len(),
        held_credentials.len(),
        held_accounts.len(),
        held_nats.len(),
    );
    for ((what, operation), count) in &operations_by_kind {
        println!("  {what:<30} {operation:<7} {count:>6}");
    }
    emulator.stop().await;
}

/// Entries of `expected` that `held` lacks or holds differently, and entries `held` has that
/// `expected` does not.
fn count_differences<K: Ord, V: PartialEq>(
    expected: &BTreeMap<K, V>,
    held: &BTreeMap<K, V>,
) -> usize {
    let wrong = expected
        .iter()
        .filter(|(key, value)| held.get(*key) != Some(*value))
        .count();
    let extra = held
        .keys()
        .filter(|key| !expected.contains_key(*key))
        .count();
    wrong + extra
}

// SIGKILL with --state

/// How long a round may take, all in all.
const ROUND: Duration = Duration::from_secs(60);
const KILL_ROUNDS: u64 = 15;
const WRITERS: usize = 6;

/// `mnq-tui emulator --seed empty --state FILE` (without `--seed` once the file exists, which
/// the emulator refuses).
fn emulator_command(state: &Path) -> Command {
    let seed: &[&str] = if state.exists() {
        &[]
    } else {
        &["--seed", "empty"]
    };
    let mut command = child::command(seed);
    command.arg("--state").arg(state);
    command
}

/// A change sent to the emulator.
#[derive(Debug, Clone)]
enum Mutation {
    CreateCredentials {
        service: Service,
        region: Region,
        name: String,
        permissions: Permissions,
    },
    UpdateCredentials {
        id: CredentialsId,
        name: Option<String>,
        patch: Option<PermissionsPatch>,
    },
    DeleteCredentials(CredentialsId),
    CreateAccount {
        region: Region,
        name: String,
    },
    RenameAccount {
        id: NatsAccountId,
        name: String,
    },
    DeleteAccount(NatsAccountId),
}

/// What the emulator holds of the kinds the writers change.
#[derive(Debug, Default)]
struct Held {
    credentials: BTreeMap<CredentialsId, Expected>,
    accounts: BTreeMap<NatsAccountId, (Region, String)>,
}

/// A writer: changes its own credentials and NATS accounts one at a time, and knows what the
/// emulator acknowledged.
struct Writer {
    index: usize,
    rng: fastrand::Rng,
    names: u64,
    acknowledged: Held,
    /// The change whose answer did not arrive: it may or may not have been made.
    unanswered: Option<Mutation>,
    acknowledged_mutations: u64,
    /// Ids whose deletion was acknowledged.
    deleted: HashSet<String>,
}

impl Writer {
    fn next_mutation(&mut self) -> Mutation {
        self.names += 1;
        let rng = &mut self.rng;
        let name = format!("w{}-{}", self.index, self.names);
        let credentials: Vec<CredentialsId> =
            self.acknowledged.credentials.keys().cloned().collect();
        let accounts: Vec<NatsAccountId> = self.acknowledged.accounts.keys().cloned().collect();
        match rng.u32(..100) {
            0..30 if credentials.len() < MOST_ITEMS => Mutation::CreateCredentials {
                service: service(rng),
                region: region(rng),
                name,
                permissions: permissions(rng),
            },
            0..70 if !credentials.is_empty() => {
                let id = credentials[rng.usize(..credentials.len())].clone();
                if rng.u32(..4) == 0 {
                    Mutation::DeleteCredentials(id)
                } else {
                    Mutation::UpdateCredentials {
                        id,
                        name: rng.bool().then_some(name),
                        patch: Some(patch(rng)),
                    }
                }
            }
            70..85 if accounts.len() < MOST_ITEMS => Mutation::CreateAccount {
                region: region(rng),
                name,
            },
            _ if !accounts.is_empty() => {
                let id = accounts[rng.usize(..accounts.len())].clone();
                if rng.bool() {
                    Mutation::DeleteAccount(id)
                } else {
                    Mutation::RenameAccount { id, name }
                }
            }
            _ => Mutation::CreateAccount {
                region: region(rng),
                name,
            },
        }
    }

    /// Sends the change; `Ok(true)` when acknowledged, `Ok(false)` when no answer came.
    async fn send(&mut self, client: &Client, project: &ProjectId, mutation: &Mutation) -> bool {
        let held = &mut self.acknowledged;
        let deleted = &mut self.deleted;
        let result: Result<(), ApiError> = match mutation.clone() {
            Mutation::CreateCredentials {
                service,
                region,
                name,
                permissions,
            } => {
                let request = CreateServiceCredentialsRequest {
                    project_id: project.clone(),
                    name,
                    permissions,
                };
                client
                    .create_credentials(service, region, &request)
                    .await
                    .map(|created| {
                        held.credentials
                            .insert(created.id.clone(), Expected::of(service, &created));
                    })
            }
            Mutation::UpdateCredentials { id, name, patch } => {
                let expected = held.credentials.get_mut(&id).expect("owned");
                let request = UpdateServiceCredentialsRequest {
                    name,
                    permissions: patch,
                };
                client
                    .update_credentials(expected.service, expected.region, &id, &request)
                    .await
                    .map(|updated| *expected = Expected::of(expected.service, &updated))
            }
            Mutation::DeleteCredentials(id) => {
                let expected = held.credentials[&id].clone();
                client
                    .delete_credentials(expected.service, expected.region, &id)
                    .await
                    .map(|()| {
                        held.credentials.remove(&id);
                        deleted.insert(id.to_string());
                    })
            }
            Mutation::CreateAccount { region, name } => {
                let request = CreateNatsAccountRequest {
                    name,
                    project_id: project.clone(),
                };
                client
                    .create_nats_account(region, &request)
                    .await
                    .map(|account| {
                        held.accounts.insert(account.id, (region, account.name));
                    })
            }
            Mutation::RenameAccount { id, name } => {
                let region = held.accounts[&id].0;
                client
                    .rename_nats_account(region, &id, &name)
                    .await
                    .map(|account| {
                        held.accounts.insert(id, (region, account.name));
                    })
            }
            Mutation::DeleteAccount(id) => {
                let region = held.accounts[&id].0;
                client.delete_nats_account(region, &id).await.map(|()| {
                    held.accounts.remove(&id);
                    deleted.insert(id.to_string());
                })
            }
        };
        match result {
            Ok(()) => {
                self.acknowledged_mutations += 1;
                true
            }
            Err(
                ApiError::Network { .. }
                | ApiError::Timeout { .. }
                | ApiError::OutcomeUnknown { .. },
            ) => false,
            Err(error) => panic!("the emulator refused {mutation:?}: {error}"),
        }
    }

    /// Changes things until a change goes unanswered (the emulator was killed).
    async fn run(mut self, client: Client, project: ProjectId, killed: Arc<AtomicBool>) -> Self {
        loop {
            let mutation = self.next_mutation();
            if !self.send(&client, &project, &mutation).await {
                self.unanswered = Some(mutation);
                return self;
            }
            if killed.load(Ordering::Relaxed) {
                // Answered after the kill was sent: made before it, all the same.
                return self;
            }
        }
    }

    /// After a restart: takes what the writer owns out of `held`, and counts the acknowledged
    /// changes that are not there. The unanswered change may be there or not.
    fn reconcile(&mut self, held: &mut Held) -> Vec<String> {
        let mut lost = Vec::new();
        let unanswered = self.unanswered.take();
        let mut credentials = BTreeMap::new();
        for (id, expected) in std::mem::take(&mut self.acknowledged.credentials) {
            let found = held.credentials.remove(&id);
            let mut allowed = vec![Some(expected.clone())];
            match &unanswered {
                Some(Mutation::UpdateCredentials {
                    id: changed,
                    name,
                    patch,
                }) if *changed == id => {
                    let mut after = expected.clone();
                    if let Some(name) = name {
                        after.name = name.clone();
                    }
                    if let Some(patch) = patch {
                        after.permissions = patch.apply_to(after.permissions);
                    }
                    allowed.push(Some(after));
                }
                Some(Mutation::DeleteCredentials(deleted)) if *deleted == id => allowed.push(None),
                _ => {}
            }
            if !allowed.contains(&found) {
                lost.push(format!(
                    "credentials {id}: acknowledged {expected:?}, found {found:?}"
                ));
            }
            if let Some(found) = found {
                credentials.insert(id, found);
            }
        }
        let mut accounts = BTreeMap::new();
        for (id, expected) in std::mem::take(&mut self.acknowledged.accounts) {
            let found = held.accounts.remove(&id);
            let mut allowed = vec![Some(expected.clone())];
            match &unanswered {
                Some(Mutation::RenameAccount { id: renamed, name }) if *renamed == id => {
                    allowed.push(Some((expected.0, name.clone())));
                }
                Some(Mutation::DeleteAccount(deleted)) if *deleted == id => allowed.push(None),
                _ => {}
            }
            if !allowed.contains(&found) {
                lost.push(format!(
                    "NATS account {id}: acknowledged {expected:?}, found {found:?}"
                ));
            }
            if let Some(found) = found {
                accounts.insert(id, found);
            }
        }
        // A create that went unanswered shows by its name, if it was made.
        match unanswered {
            Some(Mutation::CreateCredentials {
                service,
                region,
                name,
                permissions,
            }) => {
                let made = held
                    .credentials
                    .iter()
                    .find(|(_, found)| found.name == name)
                    .map(|(id, _)| id.clone());
                if let Some(id) = made {
                    let found = held.credentials.remove(&id).expect("just found");
                    let asked = Expected {
                        service,
                        region,
                        name,
                        permissions,
                    };
                    assert_eq!(found, asked, "an unanswered create was made differently");
                    credentials.insert(id, found);
                }
            }
            Some(Mutation::CreateAccount { region, name }) => {
                let made = held
                    .accounts
                    .iter()
                    .find(|(_, found)| found.1 == name)
                    .map(|(id, _)| id.clone());
                if let Some(id) = made {
                    let found = held.accounts.remove(&id).expect("just found");
                    assert_eq!(
                        found,
                        (region, name),
                        "an unanswered create was made differently"
                    );
                    accounts.insert(id, found);
                }
            }
            _ => {}
        }
        self.acknowledged = Held {
            credentials,
            accounts,
        };
        lost
    }
}

/// Checks what the emulator holds after a restart against what the writers were answered,
/// adds what is missing to `lost`, and returns how many changes had no answer.
fn reconcile(writers: &mut [Writer], mut held: Held, lost: &mut Vec<String>) -> usize {
    let mut unanswered = 0;
    for writer in writers.iter_mut() {
        unanswered += usize::from(writer.unanswered.is_some());
        lost.extend(writer.reconcile(&mut held));
    }
    // What no writer owns: deleted with an acknowledgement, yet back; or never made at all.
    let rest = held
        .credentials
        .keys()
        .map(|id| id.to_string())
        .chain(held.accounts.keys().map(|id| id.to_string()));
    for id in rest {
        let deleted = writers.iter().any(|writer| writer.deleted.contains(&id));
        assert!(deleted, "the emulator holds {id}, which nobody made");
        lost.push(format!(
            "{id}: its deletion was acknowledged, yet it is back"
        ));
    }
    unanswered
}

/// Everything the emulator holds in the project, read through the API.
async fn read_back(client: &Client, project: &ProjectId) -> Held {
    let mut held = Held::default();
    let query = ListQuery::project(project.clone());
    for region in Region::ALL {
        for service in Service::ALL {
            let info = client
                .get_info(service, region, project)
                .await
                .expect("read the status");
            assert_eq!(
                info.status,
                ServiceStatus::Enabled,
                "the acknowledged activation of {service:?} in {region} is lost"
            );
            for credentials in client
                .list_credentials(service, region, &query)
                .await
                .expect("list credentials")
            {
                held.credentials
                    .insert(credentials.id.clone(), Expected::of(service, &credentials));
            }
        }
        for account in client
            .list_nats_accounts(region, &query)
            .await
            .expect("list NATS accounts")
        {
            held.accounts.insert(account.id, (region, account.name));
        }
    }
    held
}

/// The files beside the state file: temporary files of writes a kill cut short.
fn temporary_files(directory: &Path) -> Vec<String> {
    std::fs::read_dir(directory)
        .expect("the state file's directory")
        .filter_map(|entry| entry.ok())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| name != "state.json")
        .collect()
}

/// The state file is whole: it parses as the emulator's store.
fn assert_loads(state: &Path) {
    let bytes = std::fs::read(state).expect("the state file is there");
    if let Err(error) = serde_json::from_slice::<Store>(&bytes) {
        panic!("the state file is damaged ({error}); {} bytes", bytes.len());
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_acknowledged_change() {
    let seed = seed();
    let rounds = env_number("EMULATOR_KILL_ROUNDS", KILL_ROUNDS);
    let mut rng = fastrand::Rng::with_seed(seed);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    let directory = tempfile::tempdir().expect("a temporary directory");
    let state = directory.path().join("state.json");
    let mut writers: Vec<Writer> = (0..WRITERS)
        .map(|index| Writer {
            index,
            rng: fastrand::Rng::with_seed(seed.wrapping_add(index as u64)),
            names: 0,
            acknowledged: Held::default(),
            unanswered: None,
            acknowledged_mutations: 0,
            deleted: HashSet::new(),
        })
        .collect();
    let mut lost = Vec::new();
    let mut unanswered = 0;
    let mut kills_while_starting = 0;
    // Temporary files found after a kill (a write cut short), each removed by the next start.
    let mut cut_short = 0;
    let started = Instant::now();

    for round in 0..rounds {
        // Now and then, a kill while the emulator starts (and rewrites the file).
        if round > 0 && round % 5 == 0 {
            let mut child = emulator_command(&state).spawn().expect("the binary runs");
            std::thread::sleep(Duration::from_millis(rng.u64(0..30)));
            child::kill(&mut child);
            kills_while_starting += 1;
            assert_loads(&state);
            cut_short += temporary_files(directory.path()).len();
        }

        let mut emulator = ChildEmulator::spawn(emulator_command(&state));
        let client = client(emulator.url(), emulator.secret_key());
        let project = emulator.project();
        let kill_after = Duration::from_millis(rng.u64(5..300));
        writers = runtime.block_on(async {
            tokio::time::timeout(ROUND, async {
                if round == 0 {
                    for service in Service::ALL {
                        for region in Region::ALL {
                            client
                                .activate(service, region, &project)
                                .await
                                .expect("activation");
                        }
                    }
                }
                let held = read_back(&client, &project).await;
                unanswered += reconcile(&mut writers, held, &mut lost);

                let killed = Arc::new(AtomicBool::new(false));
                let running: Vec<_> = writers
                    .drain(..)
                    .map(|writer| {
                        tokio::spawn(writer.run(
                            client.clone(),
                            project.clone(),
                            Arc::clone(&killed),
                        ))
                    })
                    .collect();
                tokio::time::sleep(kill_after).await;
                killed.store(true, Ordering::Relaxed);
                emulator.kill();
                let mut back = Vec::new();
                for writer in running {
                    back.push(writer.await.expect("a writer ends without failing"));
                }
                back
            })
            .await
            .unwrap_or_else(|_| panic!("round {round} took more than {ROUND:?}"))
        });
        assert_loads(&state);
        cut_short += temporary_files(directory.path()).len();
    }

    // A last restart: every change acknowledged before the last kill is there.
    let emulator = ChildEmulator::spawn(emulator_command(&state));
    let client = client(emulator.url(), emulator.secret_key());
    runtime.block_on(async {
        let held = read_back(&client, &emulator.project()).await;
        unanswered += reconcile(&mut writers, held, &mut lost);
    });
    let acknowledged: u64 = writers
        .iter()
        .map(|w| w.acknowledged_mutations)
        .sum::<u64>()
        + 4;
    let leftovers = temporary_files(directory.path());
    println!(
        "emulator --state under SIGKILL (seed {seed}): {rounds} rounds ({kills_while_starting} \
         more kills while starting) in {:.1} s; {acknowledged} acknowledged mutations, \
         {unanswered} unanswered at a kill; state file damaged: 0; lost: {}; temporary files \
         of writes cut short: {cut_short}, left after a restart: {}",
        started.elapsed().as_secs_f64(),
        lost.len(),
        leftovers.len(),
    );
    assert!(lost.is_empty(), "acknowledged changes lost: {lost:#?}");
    assert!(
        leftovers.is_empty(),
        "a restart leaves the temporary files of killed writes: {leftovers:?}"
    );
}

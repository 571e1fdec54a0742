//! The 60,000 credentials the `list_command` and `revoke_command` benchmarks read: the demo's,
//! and generated ones over the three products × fr-par and nl-ams × the demo's 3 projects (a
//! NATS account in each region of each project), created 400 days ago, one second apart. Both
//! benchmarks include this file by its path.

use std::time::Duration;

use mnq_tui::api::model::{
    CreateNatsAccountRequest, CredentialsId, NatsCredentials, Permissions, ProjectId, Region,
    Secret, Service, ServiceCredentials, Timestamp,
};
use mnq_tui::api::{Client, ClientConfig, ListQuery};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, Seed, sha1_hex};

/// Credentials in all.
pub const TOTAL: usize = 60_000;

/// An emulator with the demo data and 60,000 credentials in all, and one with the same data
/// that delays every request by up to 20 ms (`--latency-ms 20`).
pub fn emulators(runtime: &tokio::runtime::Runtime) -> (Emulator, Emulator) {
    let emulator = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Demo),
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    let key = emulator.api_key();
    let client = Client::new(ClientConfig::new(
        emulator.url(),
        Secret::new(key.secret_key.expose()),
    ))
    .expect("a client");
    let store = emulator.snapshot();
    let projects: Vec<ProjectId> = store.projects.iter().map(|p| p.id.clone()).collect();

    // A NATS account in each region of each project: the demo's, or a new one.
    let mut accounts = Vec::new();
    for project in &projects {
        for region in Region::ALL {
            let listed = runtime
                .block_on(
                    client
                        .list_nats_accounts(region, &ListQuery::project(project.clone()))
                        .into_future(),
                )
                .expect("the accounts list");
            let account = match listed.into_iter().next() {
                Some(account) => account,
                None => runtime
                    .block_on(client.create_nats_account(
                        region,
                        &CreateNatsAccountRequest {
                            project_id: project.clone(),
                            name: format!("bench-{region}"),
                        },
                    ))
                    .expect("a new account"),
            };
            accounts.push((project.clone(), region, account.id));
        }
    }

    let existing = {
        let store = emulator.snapshot();
        store.nats_credentials.len() + store.sqs_credentials.len() + store.sns_credentials.len()
    };
    let parts = accounts.len() * 3;
    let per_part = (TOTAL - existing) / parts;
    let remainder = (TOTAL - existing) % parts;
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 400);
    let mut serial = 0u64;
    let mut part = 0;
    emulator.edit(|store| {
        for (project, region, account) in &accounts {
            for service in [None, Some(Service::Sqs), Some(Service::Sns)] {
                let count = per_part + usize::from(part < remainder);
                part += 1;
                for i in 0..count {
                    serial += 1;
                    let created = Timestamp(start + jiff::SignedDuration::from_secs(serial as i64));
                    let id = CredentialsId(uuid::Uuid::new_v4().to_string());
                    let name = format!("bench-{region}-{i:05}");
                    match service {
                        None => store.nats_credentials.push(NatsCredentials {
                            id,
                            name,
                            nats_account_id: account.clone(),
                            region: Some(*region),
                            created_at: Some(created),
                            updated_at: Some(created),
                            credentials: None,
                            checksum: sha1_hex(&format!("creds {serial}")),
                        }),
                        Some(service) => {
                            let credentials = ServiceCredentials {
                                id,
                                name,
                                project_id: project.clone(),
                                region: *region,
                                created_at: Some(created),
                                updated_at: Some(created),
                                access_key: format!("BENCH{serial:015}"),
                                secret_key: Secret::default(),
                                secret_checksum: sha1_hex(&format!("secret {serial}")),
                                permissions: Some(Permissions::new(true, i % 2 == 0, i % 7 == 0)),
                            };
                            match service {
                                Service::Sqs => store.sqs_credentials.push(credentials),
                                Service::Sns => store.sns_credentials.push(credentials),
                            }
                        }
                    }
                }
            }
        }
    });

    // The same data behind an emulator that delays every request by up to 20 ms.
    let data = emulator.snapshot();
    let slow = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                faults: FaultConfig {
                    max_latency: Duration::from_millis(20),
                    ..FaultConfig::default()
                },
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    slow.edit(|store| *store = data);
    (emulator, slow)
}

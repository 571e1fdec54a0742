//! The connection test of Queues and Topics and Events credentials
//! (`mnq_api::data_plane::test_connection`) against the emulator: for every permission set the
//! endpoint grants what the API declares; a revoked key, a wrong secret and an endpoint that is
//! not there each read as what they are; and nothing is created, sent or received. Then the
//! test as the console's worker runs it (`mnq_tui::connection::test`): from a saved `.env`, or
//! with new keys whose endpoint it asks `*-info` for.

use std::time::{Duration, Instant};

use crate::support::data_plane::{Issued, api_client, every_permission_set, issue, revoke};
use mnq_tui::api::data_plane::{
    Access, ConnectionReport, Endpoint, Grant, Grants, PROBE_TIMEOUT, test_connection,
};
use mnq_tui::api::model::{Permissions, Region, Secret, Service};
use mnq_tui::app::{
    ConnectionCheck, ConnectionOutcome, CreatedCredentials, CreatedKeys, KeysSource, Probed,
};
use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};
use mnq_tui::files::Places;

const REGION: Region = Region::FrPar;

async fn empty_emulator() -> Emulator {
    mnq_tui::api::install_tls_provider();
    crate::support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..EmulatorOptions::default()
    })
    .await
}

fn granted(yes: bool) -> Grant {
    if yes { Grant::Granted } else { Grant::Refused }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_test_finds_the_permissions_the_api_declares_and_changes_nothing() {
    let emulator = empty_emulator().await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    for service in Service::ALL {
        for permissions in every_permission_set() {
            let issued = issue(&client, service, REGION, &project, permissions).await;
            let report = test_connection(&issued.endpoint, &project, PROBE_TIMEOUT).await;
            let expected = if permissions.is_empty() {
                // Even the first probe needs one permission.
                let code = match service {
                    Service::Sqs => "AccessDenied",
                    Service::Sns => "AuthorizationError",
                };
                ConnectionReport {
                    access: Access::Denied { code: code.into() },
                    grants: None,
                }
            } else {
                ConnectionReport {
                    access: Access::Accepted,
                    grants: Some(Grants {
                        write: granted(permissions.can_publish),
                        read: granted(permissions.can_receive),
                        manage: granted(permissions.can_manage),
                    }),
                }
            };
            assert_eq!(report, expected, "{service:?} {permissions:?}");
        }
    }
    let plane = emulator.snapshot().data_plane;
    assert!(
        plane.queues.is_empty() && plane.topics.is_empty() && plane.subscriptions.is_empty(),
        "the probes made nothing: {plane:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoked_key_a_wrong_secret_and_a_missing_endpoint_read_as_such() {
    let emulator = empty_emulator().await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    let all = Permissions::new(true, true, true);
    for service in Service::ALL {
        let issued = issue(&client, service, REGION, &project, all).await;

        let wrong = Endpoint {
            secret_key: Secret::new("00000000-0000-4000-8000-000000000000"),
            ..issued.endpoint.clone()
        };
        let report = test_connection(&wrong, &project, PROBE_TIMEOUT).await;
        assert_eq!(report.access, Access::WrongSecret, "{service:?}");
        assert_eq!(report.grants, None);

        revoke(&client, &issued).await;
        let report = test_connection(&issued.endpoint, &project, PROBE_TIMEOUT).await;
        assert_eq!(
            report.access,
            Access::UnknownKey {
                code: "InvalidClientTokenId".into()
            },
            "{service:?}"
        );
        assert!(report.access.is_refused());
        assert!(
            !format!("{report:?}").contains(issued.endpoint.secret_key.expose()),
            "no secret in the report"
        );
    }

    // A port where nothing listens.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let nowhere = Endpoint {
        service: Service::Sqs,
        url: format!("http://127.0.0.1:{port}/sqs/fr-par"),
        region: REGION,
        access_key: "SCWQ7M2K9D4TXB8RFN3H".into(),
        secret_key: Secret::new("6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d"),
    };
    let report = test_connection(&nowhere, &project, PROBE_TIMEOUT).await;
    let Access::Unreachable(why) = &report.access else {
        panic!("not unreachable: {report:?}");
    };
    assert!(why.contains(&format!("127.0.0.1:{port}")), "{why}");
    assert!(!why.contains("6f1d3c2a"), "{why}");

    // A server that takes the connection and never answers: the test gives up in time.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let silent_endpoint = Endpoint {
        url: format!("http://{}/sqs/fr-par", silent.local_addr().unwrap()),
        ..nowhere
    };
    let accepting = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = silent.accept().await {
            held.push(stream);
        }
    });
    let timeout = Duration::from_millis(500);
    let started = Instant::now();
    let report = test_connection(&silent_endpoint, &project, timeout).await;
    assert!(
        matches!(report.access, Access::Unreachable(_)),
        "{report:?}"
    );
    assert!(
        started.elapsed() < PROBE_TIMEOUT,
        "gave up after its own timeout, not the default one"
    );
    accepting.abort();
}

/// The `.env` the secret pop-up saves for issued credentials.
fn saved_env(issued: &Issued) -> String {
    CreatedCredentials::Service {
        service: issued.endpoint.service,
        credentials: issued.credentials.clone(),
        endpoint: issued.endpoint.url.clone(),
    }
    .file_contents()
    .expose()
    .to_owned()
}

fn accepted(issued: &Issued, grants: Grants) -> ConnectionOutcome {
    ConnectionOutcome::Probed(Box::new(Probed {
        endpoint: issued.endpoint.url.clone(),
        access_key: issued.endpoint.access_key.clone(),
        report: ConnectionReport {
            access: Access::Accepted,
            grants: Some(grants),
        },
    }))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_worker_tests_a_saved_env_and_new_keys_whose_endpoint_it_asks_for() {
    let emulator = empty_emulator().await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let places = Places {
        working_dir: folder.path().to_owned(),
        home: None,
        config_dir: None,
    };
    let queues = issue(
        &client,
        Service::Sqs,
        REGION,
        &project,
        Permissions::new(true, false, false),
    )
    .await;
    std::fs::write(folder.path().join("ci.env"), saved_env(&queues)).expect("the .env");
    let from_file = |service: Service, path: &str| ConnectionCheck::Service {
        service,
        project_id: project.clone(),
        keys: KeysSource::File(path.into()),
    };

    let write_only = accepted(
        &queues,
        Grants {
            write: Grant::Granted,
            read: Grant::Refused,
            manage: Grant::Refused,
        },
    );
    let mut times = Vec::new();
    for _ in 0..10 {
        let started = Instant::now();
        let outcome =
            mnq_tui::connection::test(&from_file(Service::Sqs, "ci.env"), &client, &places).await;
        times.push(started.elapsed());
        assert_eq!(outcome, write_only);
    }
    times.sort();
    println!(
        "connection test of Queues keys from a .env against the emulator (4 signed requests): \
         median {:?}, slowest {:?} of {} (`cargo test --test it \
         data_plane_probe::the_worker -- --nocapture`)",
        times[times.len() / 2],
        times[times.len() - 1],
        times.len()
    );

    // New keys whose endpoint the console does not know: the worker asks sns-info.
    let topics = issue(
        &client,
        Service::Sns,
        REGION,
        &project,
        Permissions::new(false, true, false),
    )
    .await;
    let created = ConnectionCheck::Service {
        service: Service::Sns,
        project_id: project.clone(),
        keys: KeysSource::Created(CreatedKeys {
            region: REGION,
            endpoint: None,
            access_key: topics.endpoint.access_key.clone(),
            secret_key: topics.endpoint.secret_key.clone(),
        }),
    };
    let outcome = mnq_tui::connection::test(&created, &client, &places).await;
    assert_eq!(
        outcome,
        accepted(
            &topics,
            Grants {
                write: Grant::Refused,
                read: Grant::Granted,
                manage: Grant::Refused,
            }
        )
    );

    // A Topics and Events file where Queues are tested, and a file that is not there: refused
    // before anything is sent, without a secret in the words.
    std::fs::write(folder.path().join("events.env"), saved_env(&topics)).expect("the .env");
    let outcomes = [
        mnq_tui::connection::test(&from_file(Service::Sqs, "events.env"), &client, &places).await,
        mnq_tui::connection::test(&from_file(Service::Sqs, "gone.env"), &client, &places).await,
    ];
    let [
        ConnectionOutcome::BadFile(other_product),
        ConnectionOutcome::BadFile(missing),
    ] = &outcomes
    else {
        panic!("not refused as files: {outcomes:?}");
    };
    assert!(
        other_product.contains("holds keys of Topics and Events, not Queues"),
        "{other_product}"
    );
    assert!(missing.contains("cannot read"), "{missing}");
    for words in [other_product, missing] {
        assert!(
            !words.contains(topics.endpoint.secret_key.expose()),
            "{words}"
        );
    }

    // Revoked: the same file is refused now.
    revoke(&client, &queues).await;
    let outcome =
        mnq_tui::connection::test(&from_file(Service::Sqs, "ci.env"), &client, &places).await;
    let ConnectionOutcome::Probed(probed) = &outcome else {
        panic!("not probed: {outcome:?}");
    };
    assert!(probed.report.access.is_refused(), "{outcome:?}");
}

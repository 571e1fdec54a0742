//! The connection test of Queues and Topics and Events credentials
//! (`mnq_api::data_plane::test_connection`) against the emulator: for every permission set the
//! endpoint grants what the API declares; a revoked key, a wrong secret and an endpoint that is
//! not there each read as what they are; and nothing is created, sent or received.

use std::time::{Duration, Instant};

use crate::support::data_plane::{api_client, every_permission_set, issue, revoke};
use mnq_tui::api::data_plane::{
    Access, ConnectionReport, Endpoint, Grant, Grants, PROBE_TIMEOUT, test_connection,
};
use mnq_tui::api::model::{Permissions, Region, Secret, Service};
use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};

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

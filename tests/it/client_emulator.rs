//! `api::Client` against the real emulator over loopback HTTP: every operation, every error
//! class provoked for real, and listing in every order. Small hand-written servers stand in for
//! the answers the emulator never gives (broken JSON, HTML pages, silence, redirects).

use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use data_encoding::{BASE64URL_NOPAD, HEXLOWER};
use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, Client, ClientConfig, InvalidArgument, ListQuery, RetryPolicy};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, FaultKind, Seed};
use nkeys::KeyPair;
use serde_json::Value;
use sha1::{Digest, Sha1};

use crate::support::client::{self, fast_retries};
use crate::support::emulator;
use crate::support::http::{Reply, ScriptedServer, http, json, refused_url};

const REGION: Region = Region::FrPar;

// Set-up

async fn empty_emulator() -> Emulator {
    emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..EmulatorOptions::default()
    })
    .await
}

async fn emulator_with_faults(faults: FaultConfig) -> Emulator {
    emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        faults,
        ..EmulatorOptions::default()
    })
    .await
}

fn failing_with(kind: FaultKind) -> FaultConfig {
    FaultConfig {
        failure_rate: 1.0,
        kinds: vec![kind],
        ..FaultConfig::default()
    }
}

fn client_for(url: &str, secret_key: &str, retry: RetryPolicy) -> Client {
    let mut config = ClientConfig::new(url, Secret::new(secret_key));
    config.retry = retry;
    config.request_timeout = Duration::from_secs(10);
    client::build(config)
}

fn client(emulator: &Emulator) -> Client {
    client_with_retries(emulator, fast_retries(3))
}

fn client_with_retries(emulator: &Emulator, retry: RetryPolicy) -> Client {
    client_for(
        &emulator.url(),
        emulator.api_key().secret_key.expose(),
        retry,
    )
}

fn requests_sent(client: &Client) -> u64 {
    client.stats().requests.load(Ordering::Relaxed)
}

fn retries_made(client: &Client) -> u64 {
    client.stats().retries.load(Ordering::Relaxed)
}

fn random_project() -> ProjectId {
    ProjectId(uuid::Uuid::new_v4().to_string())
}

fn random_credentials_id() -> CredentialsId {
    CredentialsId(uuid::Uuid::new_v4().to_string())
}

fn sha1_hex(text: &str) -> String {
    HEXLOWER.encode(&Sha1::digest(text.as_bytes()))
}

fn ids<T>(items: &[T], id: impl Fn(&T) -> &str) -> Vec<String> {
    items.iter().map(|item| id(item).to_owned()).collect()
}

fn credentials_ids(items: &[ServiceCredentials]) -> Vec<String> {
    ids(items, |c| c.id.as_str())
}

fn credentials_names(items: &[ServiceCredentials]) -> Vec<String> {
    items.iter().map(|c| c.name.clone()).collect()
}

async fn create_account(client: &Client, project: &ProjectId, name: &str) -> NatsAccount {
    client
        .create_nats_account(
            REGION,
            &CreateNatsAccountRequest {
                name: name.into(),
                project_id: project.clone(),
            },
        )
        .await
        .expect("the NATS account is created")
}

async fn create_nats_credentials(
    client: &Client,
    account: &NatsAccountId,
    name: &str,
) -> NatsCredentials {
    client
        .create_nats_credentials(
            REGION,
            &CreateNatsCredentialsRequest {
                nats_account_id: account.clone(),
                name: name.into(),
            },
        )
        .await
        .expect("the NATS credentials are created")
}

fn new_credentials(project: &ProjectId, name: &str) -> CreateServiceCredentialsRequest {
    CreateServiceCredentialsRequest {
        project_id: project.clone(),
        name: name.into(),
        permissions: Permissions::new(false, true, false),
    }
}

/// Activates Queues for the emulator's project and creates credentials there.
async fn activated_with_credentials(client: &Client, project: &ProjectId) -> ServiceCredentials {
    client
        .activate(Service::Sqs, REGION, project)
        .await
        .expect("Queues activates");
    client
        .create_credentials(Service::Sqs, REGION, &new_credentials(project, "worker"))
        .await
        .expect("the credentials are created")
}

// NATS accounts

#[tokio::test(flavor = "multi_thread")]
async fn nats_accounts_are_created_listed_read_renamed_and_deleted() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();

    let created = create_account(&client, &project, "orders-bus").await;
    assert_eq!(created.name, "orders-bus");
    assert_eq!(created.project_id, project);
    assert_eq!(created.region, REGION);
    assert_eq!(created.endpoint, "nats://nats.mnq.fr-par.scaleway.com:4222");
    assert_eq!(created.id.as_str().len(), 56);
    assert!(created.id.as_str().starts_with('A'), "{:?}", created.id);
    assert!(
        KeyPair::from_public_key(created.id.as_str()).is_ok(),
        "the id is a NATS account public key"
    );
    assert!(created.created_at.is_some());
    assert_eq!(created.created_at, created.updated_at);

    // Accounts of another project, and of the same project in another region.
    let elsewhere = create_account(&client, &random_project(), "elsewhere").await;
    let amsterdam = client
        .create_nats_account(
            Region::NlAms,
            &CreateNatsAccountRequest {
                name: "amsterdam".into(),
                project_id: project.clone(),
            },
        )
        .await
        .unwrap();
    assert_eq!(amsterdam.region, Region::NlAms);
    assert_eq!(
        amsterdam.endpoint,
        "nats://nats.mnq.nl-ams.scaleway.com:4222"
    );

    let of_project = client
        .list_nats_accounts(REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap();
    assert_eq!(
        ids(&of_project, |a| a.id.as_str()),
        [created.id.to_string()]
    );
    let whole_region = client
        .list_nats_accounts(REGION, &ListQuery::default())
        .await
        .unwrap();
    assert_eq!(
        ids(&whole_region, |a| a.id.as_str()),
        [created.id.to_string(), elsewhere.id.to_string()],
        "without a project filter: every project of the region, oldest first"
    );

    let read = client.get_nats_account(REGION, &created.id).await.unwrap();
    assert_eq!(read.name, created.name);
    assert_eq!(
        read.created_at,
        created.created_at.map(Timestamp::to_micros),
        "reads carry microseconds"
    );
    let in_amsterdam = client.get_nats_account(Region::NlAms, &created.id).await;
    assert!(
        matches!(in_amsterdam, Err(ApiError::NotFound { .. })),
        "{in_amsterdam:?}"
    );

    let renamed = client
        .rename_nats_account(REGION, &created.id, "orders-bus-v2")
        .await
        .unwrap();
    assert_eq!(renamed.name, "orders-bus-v2");
    assert_eq!(renamed.id, created.id);
    assert_eq!(
        renamed.created_at,
        created.created_at.map(Timestamp::to_micros)
    );
    assert!(renamed.updated_at > created.updated_at.map(Timestamp::to_micros));
    let read = client.get_nats_account(REGION, &created.id).await.unwrap();
    assert_eq!(read.name, "orders-bus-v2");

    client
        .delete_nats_account(REGION, &created.id)
        .await
        .unwrap();
    let gone = client.get_nats_account(REGION, &created.id).await;
    assert_eq!(
        gone,
        Err(ApiError::NotFound {
            resource: "namespace".into(),
            resource_id: created.id.to_string(),
        })
    );
    let of_project = client
        .list_nats_accounts(REGION, &ListQuery::project(project))
        .await
        .unwrap();
    assert!(of_project.is_empty(), "{of_project:?}");
}

// NATS credentials

/// The base64url-decoded JSON of one part of a JWT.
fn jwt_part(part: &str) -> Value {
    let bytes = BASE64URL_NOPAD
        .decode(part.as_bytes())
        .expect("JWT parts are base64url without padding");
    serde_json::from_slice(&bytes).expect("JWT parts are JSON")
}

#[tokio::test(flavor = "multi_thread")]
async fn nats_credentials_carry_a_signed_creds_file_only_when_created() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();
    let account = create_account(&client, &project, "orders-bus").await;

    let created = create_nats_credentials(&client, &account.id, "worker-1").await;
    assert_eq!(created.name, "worker-1");
    assert_eq!(created.nats_account_id, account.id);
    assert_eq!(created.region, Some(REGION));
    assert!(uuid::Uuid::try_parse(created.id.as_str()).is_ok());

    let file = created
        .credentials
        .as_ref()
        .expect("the create answer carries the .creds file");
    assert_eq!(file.name, "user.creds");
    let content = file.content.expose();
    assert_eq!(
        created.checksum,
        sha1_hex(content),
        "checksum is the SHA-1 of the file"
    );

    // The decorated layout, byte for byte, around the JWT and the seed.
    let lines: Vec<&str> = content.split('\n').collect();
    assert_eq!(lines.len(), 14, "{content}");
    let (jwt, seed) = (lines[1], lines[9]);
    let expected = format!(
        "-----BEGIN NATS USER JWT-----\n{jwt}\n------END NATS USER JWT------\n\n\
         ************************* IMPORTANT *************************\n\
         NKEY Seed printed below can be used to sign and prove identity.\n\
         NKEYs are sensitive and should be treated as secrets.\n\n\
         -----BEGIN USER NKEY SEED-----\n{seed}\n------END USER NKEY SEED------\n\n\
         *************************************************************\n"
    );
    assert_eq!(content, expected);
    assert!(seed.starts_with("SU") && seed.len() == 58, "{seed}");
    let user = KeyPair::from_seed(seed).expect("the seed is a user nkey seed");

    // The JWT: a NATS user, issued by a signing key of the account, signed with ed25519.
    let parts: Vec<&str> = jwt.split('.').collect();
    assert_eq!(parts.len(), 3, "{jwt}");
    assert_eq!(
        jwt_part(parts[0]),
        serde_json::json!({"typ": "JWT", "alg": "ed25519-nkey"})
    );
    let claims = jwt_part(parts[1]);
    assert_eq!(claims["name"], "worker-1");
    assert_eq!(claims["sub"], user.public_key());
    assert_eq!(claims["nats"]["issuer_account"], account.id.as_str());
    assert_eq!(claims["nats"]["type"], "user");
    assert_eq!(claims["nats"]["version"], 2);
    assert!(claims.get("exp").is_none(), "the credentials do not expire");
    let issuer = claims["iss"].as_str().expect("iss is a string");
    assert!(issuer.starts_with('A') && issuer.len() == 56, "{issuer}");
    assert_ne!(issuer, account.id.as_str(), "signed by a signing key");
    let signature = BASE64URL_NOPAD.decode(parts[2].as_bytes()).unwrap();
    KeyPair::from_public_key(issuer)
        .unwrap()
        .verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .expect("the signature verifies with the key named in iss");

    // Reads never carry the file again.
    let read = client
        .get_nats_credentials(REGION, &created.id)
        .await
        .unwrap();
    assert_eq!(read.credentials, None);
    assert_eq!(read.checksum, created.checksum);
    assert_eq!(read.name, "worker-1");
    assert_eq!(read.nats_account_id, account.id);

    // Listing by account and by project.
    let second = create_nats_credentials(&client, &account.id, "worker-2").await;
    let other_account = create_account(&client, &project, "audit-bus").await;
    let third = create_nats_credentials(&client, &other_account.id, "auditor").await;
    let foreign_account = create_account(&client, &random_project(), "foreign").await;
    create_nats_credentials(&client, &foreign_account.id, "foreigner").await;

    let of_account = client
        .list_nats_credentials(REGION, &ListQuery::default(), Some(&account.id))
        .await
        .unwrap();
    assert_eq!(
        ids(&of_account, |c| c.id.as_str()),
        [created.id.to_string(), second.id.to_string()]
    );
    assert!(of_account.iter().all(|c| c.credentials.is_none()));
    let of_project = client
        .list_nats_credentials(REGION, &ListQuery::project(project.clone()), None)
        .await
        .unwrap();
    assert_eq!(
        ids(&of_project, |c| c.id.as_str()),
        [
            created.id.to_string(),
            second.id.to_string(),
            third.id.to_string()
        ]
    );
    let both_filters = client
        .list_nats_credentials(
            REGION,
            &ListQuery::project(project.clone()),
            Some(&other_account.id),
        )
        .await
        .unwrap();
    assert_eq!(
        ids(&both_filters, |c| c.id.as_str()),
        [third.id.to_string()]
    );

    client
        .delete_nats_credentials(REGION, &created.id)
        .await
        .unwrap();
    assert_eq!(
        client.get_nats_credentials(REGION, &created.id).await,
        Err(ApiError::NotFound {
            resource: "credentials".into(),
            resource_id: created.id.to_string(),
        })
    );
    let of_account = client
        .list_nats_credentials(REGION, &ListQuery::default(), Some(&account.id))
        .await
        .unwrap();
    assert_eq!(ids(&of_account, |c| c.id.as_str()), [second.id.to_string()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_a_nats_account_deletes_its_credentials() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();
    let doomed = create_account(&client, &project, "doomed").await;
    let kept = create_account(&client, &project, "kept").await;
    let first = create_nats_credentials(&client, &doomed.id, "one").await;
    let second = create_nats_credentials(&client, &doomed.id, "two").await;
    let survivor = create_nats_credentials(&client, &kept.id, "survivor").await;

    client
        .delete_nats_account(REGION, &doomed.id)
        .await
        .unwrap();

    for id in [&first.id, &second.id] {
        let error = client.get_nats_credentials(REGION, id).await.unwrap_err();
        assert!(error.is_not_found(), "{error:?}");
    }
    let left = client
        .list_nats_credentials(REGION, &ListQuery::project(project), None)
        .await
        .unwrap();
    assert_eq!(ids(&left, |c| c.id.as_str()), [survivor.id.to_string()]);
    assert!(
        emulator
            .snapshot()
            .nats_credentials
            .iter()
            .all(|c| c.nats_account_id != doomed.id),
        "the emulator holds none of the deleted account's credentials"
    );
}

// Queues and Topics and Events

#[tokio::test(flavor = "multi_thread")]
async fn queues_and_topics_credentials_are_created_read_updated_and_deleted() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();

    for service in Service::ALL {
        let name = service.api_name();
        // The emulator's own data plane, which an AWS SDK can use.
        let endpoint = emulator.data_plane_url(service, REGION);
        assert_eq!(endpoint, format!("{}/{name}/fr-par", emulator.url()));

        let info = client.get_info(service, REGION, &project).await.unwrap();
        assert_eq!(info.service, service);
        assert_eq!(info.status, ServiceStatus::Disabled, "{name}");
        assert_eq!((info.created_at, info.updated_at), (None, None));
        assert_eq!(info.endpoint_url, endpoint);

        let activated = client.activate(service, REGION, &project).await.unwrap();
        assert_eq!(activated.status, ServiceStatus::Enabled);
        assert_eq!(activated.project_id, project);
        assert!(activated.created_at.is_some());
        assert_eq!(activated.endpoint_url, endpoint);
        let info = client.get_info(service, REGION, &project).await.unwrap();
        assert_eq!(info.status, ServiceStatus::Enabled);

        let created = client
            .create_credentials(service, REGION, &new_credentials(&project, "shop-consumer"))
            .await
            .unwrap();
        assert_eq!(created.name, "shop-consumer");
        assert_eq!(created.project_id, project);
        assert_eq!(created.region, REGION);
        assert_eq!(
            created.permissions,
            Some(Permissions::new(false, true, false))
        );
        assert_eq!(created.access_key.len(), 20, "{}", created.access_key);
        assert!(
            created
                .access_key
                .chars()
                .all(|c| c.is_ascii_alphanumeric())
        );
        assert!(!created.secret_key.is_empty(), "create returns the secret");
        assert_eq!(
            created.secret_checksum,
            sha1_hex(created.secret_key.expose())
        );
        assert_eq!(created.created_at, created.updated_at);

        let read = client
            .get_credentials(service, REGION, &created.id)
            .await
            .unwrap();
        assert!(read.secret_key.is_empty(), "get gives an empty secret");
        assert_eq!(
            read,
            ServiceCredentials {
                secret_key: Secret::default(),
                created_at: created.created_at.map(Timestamp::to_micros),
                updated_at: created.updated_at.map(Timestamp::to_micros),
                ..created.clone()
            }
        );
        let listed = client
            .list_credentials(service, REGION, &ListQuery::project(project.clone()))
            .await
            .unwrap();
        assert_eq!(
            listed,
            std::slice::from_ref(&read),
            "list gives an empty secret"
        );
        let other_service = match service {
            Service::Sqs => Service::Sns,
            Service::Sns => Service::Sqs,
        };
        let others = client
            .list_credentials(other_service, REGION, &ListQuery::project(project.clone()))
            .await
            .unwrap();
        assert!(
            !credentials_ids(&others).contains(&created.id.to_string()),
            "{name} credentials are not {} credentials",
            other_service.api_name()
        );

        // The name alone: permissions stay.
        let renamed = client
            .update_credentials(
                service,
                REGION,
                &created.id,
                &UpdateServiceCredentialsRequest {
                    name: Some("shop-consumer-2".into()),
                    permissions: None,
                },
            )
            .await
            .unwrap();
        assert_eq!(renamed.name, "shop-consumer-2");
        assert_eq!(
            renamed.permissions,
            Some(Permissions::new(false, true, false))
        );
        assert!(
            renamed.secret_key.is_empty(),
            "update gives an empty secret"
        );
        assert_eq!(renamed.access_key, created.access_key);
        assert_eq!(renamed.created_at, read.created_at);
        assert!(renamed.updated_at > read.updated_at);

        // A patch sets what it names and leaves its `None`s as they are.
        let patched = client
            .update_credentials(
                service,
                REGION,
                &created.id,
                &UpdateServiceCredentialsRequest {
                    name: None,
                    permissions: Some(PermissionsPatch {
                        can_publish: Some(true),
                        can_receive: None,
                        can_manage: None,
                    }),
                },
            )
            .await
            .unwrap();
        assert_eq!(patched.name, "shop-consumer-2", "no name leaves the name");
        assert_eq!(
            patched.permissions,
            Some(Permissions::new(true, true, false))
        );
        let patched = client
            .update_credentials(
                service,
                REGION,
                &created.id,
                &UpdateServiceCredentialsRequest {
                    name: None,
                    permissions: Some(PermissionsPatch {
                        can_publish: None,
                        can_receive: Some(false),
                        can_manage: Some(true),
                    }),
                },
            )
            .await
            .unwrap();
        assert_eq!(
            patched.permissions,
            Some(Permissions::new(true, false, true))
        );
        let read = client
            .get_credentials(service, REGION, &created.id)
            .await
            .unwrap();
        assert_eq!(read.name, "shop-consumer-2");
        assert_eq!(read.permissions, Some(Permissions::new(true, false, true)));

        client
            .delete_credentials(service, REGION, &created.id)
            .await
            .unwrap();
        assert_eq!(
            client.get_credentials(service, REGION, &created.id).await,
            Err(ApiError::NotFound {
                resource: "credentials".into(),
                resource_id: created.id.to_string(),
            })
        );

        let deactivated = client.deactivate(service, REGION, &project).await.unwrap();
        assert_eq!(deactivated.status, ServiceStatus::Disabled);
        assert_eq!(
            (deactivated.created_at, deactivated.updated_at),
            (None, None)
        );
        let info = client.get_info(service, REGION, &project).await.unwrap();
        assert_eq!(info.status, ServiceStatus::Disabled);
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn activating_twice_is_already_exists_and_deactivating_twice_is_not_found() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();

    for (service, resource, product) in [
        (Service::Sqs, "MnqSQSNamespace", "Queues"),
        (Service::Sns, "MnqSNSNamespace", "Topics and Events"),
    ] {
        let upper = service.api_name().to_uppercase();
        client.activate(service, REGION, &project).await.unwrap();
        let again = client
            .activate(service, REGION, &project)
            .await
            .unwrap_err();
        assert_eq!(
            again,
            ApiError::AlreadyExists {
                resource: resource.into(),
                resource_id: project.to_string(),
                help: Some(format!("{upper} is already enabled on this project")),
            }
        );
        assert_eq!(
            again.to_string(),
            format!(
                "already exists (409): {resource} {project} — {upper} is already enabled on \
                 this project"
            )
        );
        assert_eq!(again.status(), Some(409));

        client.deactivate(service, REGION, &project).await.unwrap();
        let again = client
            .deactivate(service, REGION, &project)
            .await
            .unwrap_err();
        assert_eq!(
            again,
            ApiError::NotFound {
                resource: resource.into(),
                resource_id: project.to_string(),
            }
        );
        assert_eq!(
            again.to_string(),
            format!(
                "not activated (404): {product} is not activated for project {project} in this \
                 region — activate it first"
            )
        );
    }
}

// Error classes, provoked for real

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_secret_key_is_unauthenticated() {
    let emulator = empty_emulator().await;
    let stranger = client_for(
        &emulator.url(),
        "0badc0de-0000-4000-8000-000000000000",
        fast_retries(3),
    );
    let project = emulator.default_project();

    let read = stranger
        .list_nats_accounts(REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap_err();
    assert_eq!(
        read,
        ApiError::Unauthenticated {
            reason: Some("not_found".into())
        }
    );
    assert_eq!(
        read.to_string(),
        "authentication denied (401): the API does not accept this secret key — it is wrong, \
         expired or revoked; check secret_key in your scw config or SCW_SECRET_KEY"
    );
    let write = stranger
        .activate(Service::Sqs, REGION, &project)
        .await
        .unwrap_err();
    assert!(
        matches!(write, ApiError::Unauthenticated { .. }),
        "{write:?}"
    );
    let revoke = stranger
        .delete_credentials(Service::Sns, REGION, &random_credentials_id())
        .await
        .unwrap_err();
    assert!(
        matches!(revoke, ApiError::Unauthenticated { .. }),
        "{revoke:?}"
    );
    assert_eq!(retries_made(&stranger), 0, "a 401 is not retried");
    assert!(
        emulator.snapshot().activations.is_empty(),
        "nothing changed"
    );
}

fn invalid(name: &str, reason: &str, help: &str) -> ApiError {
    ApiError::InvalidArguments {
        message: "invalid argument(s)".into(),
        arguments: vec![InvalidArgument {
            name: name.into(),
            reason: reason.into(),
            help: help.into(),
        }],
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nats_account_id_of_the_wrong_length_is_an_invalid_argument() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let short = NatsAccountId("Wrong-id".into());
    let expected = invalid(
        "nats_account_id",
        "constraint",
        "value length must be 56 runes",
    );

    let error = client.get_nats_account(REGION, &short).await.unwrap_err();
    assert_eq!(error, expected);
    assert_eq!(
        error.to_string(),
        "invalid request (400 invalid_arguments): nats_account_id: value length must be 56 \
         runes — correct the value and send it again"
    );
    assert_eq!(
        client
            .rename_nats_account(REGION, &short, "x")
            .await
            .unwrap_err(),
        expected
    );
    assert_eq!(
        client
            .delete_nats_account(REGION, &short)
            .await
            .unwrap_err(),
        expected
    );
    let request = CreateNatsCredentialsRequest {
        nats_account_id: NatsAccountId("A".repeat(57)),
        name: "w".into(),
    };
    assert_eq!(
        client
            .create_nats_credentials(REGION, &request)
            .await
            .unwrap_err(),
        expected
    );
    assert_eq!(
        client
            .list_nats_credentials(REGION, &ListQuery::default(), Some(&short))
            .await
            .unwrap_err(),
        expected
    );
    assert_eq!(retries_made(&client), 0, "a 400 is not retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_credentials_id_that_is_not_a_uuid_is_an_invalid_argument() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let bad = CredentialsId("not-a-uuid".into());

    let nats = client.get_nats_credentials(REGION, &bad).await.unwrap_err();
    assert_eq!(
        nats,
        invalid("nats_credentials_id", "format", "must be a valid UUID")
    );
    assert_eq!(
        nats.to_string(),
        "invalid request (400 invalid_arguments): nats_credentials_id: must be a valid UUID — \
         correct the value and send it again"
    );
    assert_eq!(
        client
            .delete_nats_credentials(REGION, &bad)
            .await
            .unwrap_err(),
        invalid("nats_credentials_id", "format", "must be a valid UUID")
    );
    for service in Service::ALL {
        let argument = format!("{}_credentials_id", service.api_name());
        let expected = invalid(&argument, "format", "must be a valid UUID");
        assert_eq!(
            client
                .get_credentials(service, REGION, &bad)
                .await
                .unwrap_err(),
            expected
        );
        assert_eq!(
            client
                .update_credentials(
                    service,
                    REGION,
                    &bad,
                    &UpdateServiceCredentialsRequest::default()
                )
                .await
                .unwrap_err(),
            expected
        );
        assert_eq!(
            client
                .delete_credentials(service, REGION, &bad)
                .await
                .unwrap_err(),
            expected
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_ids_are_not_found_with_their_resource_and_id() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let not_found = |resource: &str, id: &str| ApiError::NotFound {
        resource: resource.into(),
        resource_id: id.into(),
    };

    let account = NatsAccountId(format!("A{}", "B".repeat(55)));
    let error = client.get_nats_account(REGION, &account).await.unwrap_err();
    assert_eq!(error, not_found("namespace", account.as_str()));
    assert_eq!(
        error.to_string(),
        format!(
            "not found (404): NATS account {account} does not exist (deleted, or just created \
             and not visible yet) — reload the list in a few seconds"
        )
    );
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        client
            .delete_nats_account(REGION, &account)
            .await
            .unwrap_err(),
        not_found("namespace", account.as_str())
    );
    let request = CreateNatsCredentialsRequest {
        nats_account_id: account.clone(),
        name: "w".into(),
    };
    assert_eq!(
        client
            .create_nats_credentials(REGION, &request)
            .await
            .unwrap_err(),
        not_found("namespace", account.as_str())
    );

    let id = random_credentials_id();
    let error = client.get_nats_credentials(REGION, &id).await.unwrap_err();
    assert_eq!(error, not_found("credentials", id.as_str()));
    assert_eq!(
        error.to_string(),
        format!(
            "not found (404): credentials {id} does not exist (it may have been deleted \
             already) — reload the list"
        )
    );
    assert_eq!(
        client
            .delete_nats_credentials(REGION, &id)
            .await
            .unwrap_err(),
        not_found("credentials", id.as_str())
    );
    for service in Service::ALL {
        assert_eq!(
            client
                .get_credentials(service, REGION, &id)
                .await
                .unwrap_err(),
            not_found("credentials", id.as_str())
        );
        assert_eq!(
            client
                .update_credentials(
                    service,
                    REGION,
                    &id,
                    &UpdateServiceCredentialsRequest {
                        name: Some("x".into()),
                        permissions: None
                    }
                )
                .await
                .unwrap_err(),
            not_found("credentials", id.as_str())
        );
        assert_eq!(
            client
                .delete_credentials(service, REGION, &id)
                .await
                .unwrap_err(),
            not_found("credentials", id.as_str())
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn credentials_of_a_service_that_is_not_activated_are_refused() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();

    for (service, resource, product) in [
        (Service::Sqs, "MnqSQSNamespace", "Queues"),
        (Service::Sns, "MnqSNSNamespace", "Topics and Events"),
    ] {
        let error = client
            .create_credentials(service, REGION, &new_credentials(&project, "early"))
            .await
            .unwrap_err();
        assert_eq!(
            error,
            ApiError::NotFound {
                resource: resource.into(),
                resource_id: project.to_string(),
            }
        );
        assert_eq!(
            error.to_string(),
            format!(
                "not activated (404): {product} is not activated for project {project} in this \
                 region — activate it first"
            )
        );
    }
    // Activated in fr-par does not mean activated in nl-ams.
    client
        .activate(Service::Sqs, REGION, &project)
        .await
        .unwrap();
    let error = client
        .create_credentials(
            Service::Sqs,
            Region::NlAms,
            &new_credentials(&project, "early"),
        )
        .await
        .unwrap_err();
    assert!(error.is_not_found(), "{error:?}");
    assert!(emulator.snapshot().sqs_credentials.is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn deactivating_while_credentials_are_left_is_a_failed_precondition() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();
    let credentials = activated_with_credentials(&client, &project).await;

    let error = client
        .deactivate(Service::Sqs, REGION, &project)
        .await
        .unwrap_err();
    assert_eq!(
        error,
        ApiError::PreconditionFailed {
            precondition: "resource_still_in_use".into(),
            help: Some("delete the 1 Queues credentials of this project in fr-par first".into()),
        }
    );
    assert_eq!(
        error.to_string(),
        "refused (412 resource_still_in_use): delete the 1 Queues credentials of this project \
         in fr-par first"
    );
    let info = client
        .get_info(Service::Sqs, REGION, &project)
        .await
        .unwrap();
    assert_eq!(info.status, ServiceStatus::Enabled, "still activated");

    client
        .delete_credentials(Service::Sqs, REGION, &credentials.id)
        .await
        .unwrap();
    let info = client
        .deactivate(Service::Sqs, REGION, &project)
        .await
        .unwrap();
    assert_eq!(info.status, ServiceStatus::Disabled);
}

#[tokio::test(flavor = "multi_thread")]
async fn names_that_break_the_rules_are_invalid_arguments() {
    let emulator = empty_emulator().await;
    let client = client(&emulator);
    let project = emulator.default_project();
    let credentials = activated_with_credentials(&client, &project).await;
    let account = create_account(&client, &project, "bus").await;

    let cases = [
        ("é".repeat(256), "must be at most 255 characters"),
        (
            "evil\u{1b}[2Jname".to_owned(),
            "must not contain control characters",
        ),
        (
            "line\nbreak".to_owned(),
            "must not contain control characters",
        ),
        ("   ".to_owned(), "must not be only spaces"),
        (String::new(), "must not be empty"),
    ];
    // The client refuses them before sending, with the same words as the API...
    let same_argument = |error: ApiError, expected: &ApiError| match (error, expected) {
        (
            ApiError::InvalidArguments { arguments, .. },
            ApiError::InvalidArguments {
                arguments: wanted, ..
            },
        ) => arguments == *wanted,
        _ => false,
    };
    for (name, problem) in &cases {
        let (name, problem) = (name.clone(), *problem);
        let expected = invalid("name", "constraint", problem);
        let error = client
            .create_credentials(Service::Sqs, REGION, &new_credentials(&project, &name))
            .await
            .unwrap_err();
        assert_eq!(
            error.to_string(),
            format!(
                "invalid request (400 invalid_arguments): name: {problem} — correct the value \
                 and send it again"
            )
        );
        assert!(same_argument(error, &expected), "{name:?}");
        let update = UpdateServiceCredentialsRequest {
            name: Some(name.clone()),
            permissions: None,
        };
        assert!(
            same_argument(
                client
                    .update_credentials(Service::Sqs, REGION, &credentials.id, &update)
                    .await
                    .unwrap_err(),
                &expected
            ),
            "update {name:?}"
        );
        assert!(
            same_argument(
                client
                    .rename_nats_account(REGION, &account.id, &name)
                    .await
                    .unwrap_err(),
                &expected
            ),
            "rename {name:?}"
        );
        let nats = CreateNatsCredentialsRequest {
            nats_account_id: account.id.clone(),
            name: name.clone(),
        };
        assert!(
            same_argument(
                client
                    .create_nats_credentials(REGION, &nats)
                    .await
                    .unwrap_err(),
                &expected
            ),
            "NATS {name:?}"
        );
    }

    // ...and the emulator refuses them too when another client sends them.
    mnq_tui::api::install_tls_provider();
    let raw = reqwest::Client::new();
    for (name, problem) in &cases {
        let response = raw
            .post(format!(
                "{}/mnq/v1beta1/regions/{REGION}/sqs-credentials",
                emulator.url()
            ))
            .header("X-Auth-Token", emulator.api_key().secret_key.expose())
            .body(serde_json::json!({"project_id": project.as_str(), "name": name}).to_string())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        let body = response.bytes().await.unwrap();
        assert_eq!(
            ApiError::from_response(status, &body),
            invalid("name", "constraint", problem),
            "emulator {name:?}"
        );
    }

    // 255 characters (not bytes) is the limit, and it is allowed.
    let longest = "é".repeat(255);
    let created = client
        .create_credentials(Service::Sqs, REGION, &new_credentials(&project, &longest))
        .await
        .unwrap();
    assert_eq!(created.name, longest);
    let snapshot = emulator.snapshot();
    assert_eq!(
        snapshot.sqs_credentials.len(),
        2,
        "only the valid ones exist"
    );
    assert_eq!(snapshot.nats_credentials.len(), 0);
    assert_eq!(
        client
            .get_nats_account(REGION, &account.id)
            .await
            .unwrap()
            .name,
        "bus"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn rate_limiting_is_retried_for_reads_updates_and_revokes_never_for_creates() {
    let emulator = emulator_with_faults(failing_with(FaultKind::RateLimited)).await;
    let client = client(&emulator);
    let project = emulator.default_project();
    let id = random_credentials_id();

    let read = client
        .list_credentials(Service::Sqs, REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap_err();
    assert_eq!(read, ApiError::RateLimited { attempts: 4 });
    assert_eq!(
        read.to_string(),
        "rate limited (429): the API refused 4 attempts in a row — wait a few seconds and try again"
    );
    assert_eq!(
        requests_sent(&client),
        4,
        "GET: the first try and 3 retries"
    );

    let before = requests_sent(&client);
    let revoke = client
        .delete_credentials(Service::Sqs, REGION, &id)
        .await
        .unwrap_err();
    assert_eq!(revoke, ApiError::RateLimited { attempts: 4 });
    assert_eq!(
        requests_sent(&client) - before,
        4,
        "DELETE is retried on 429: the gateway refused it before the API saw it"
    );

    let before = requests_sent(&client);
    let create = client
        .create_credentials(Service::Sqs, REGION, &new_credentials(&project, "x"))
        .await
        .unwrap_err();
    assert_eq!(create, ApiError::RateLimited { attempts: 1 });
    let activate = client
        .activate(Service::Sns, REGION, &project)
        .await
        .unwrap_err();
    assert_eq!(activate, ApiError::RateLimited { attempts: 1 });
    assert_eq!(requests_sent(&client) - before, 2, "POST is sent once");

    let before = requests_sent(&client);
    let update = client
        .update_credentials(
            Service::Sqs,
            REGION,
            &id,
            &UpdateServiceCredentialsRequest::default(),
        )
        .await
        .unwrap_err();
    assert_eq!(update, ApiError::RateLimited { attempts: 4 });
    assert_eq!(
        requests_sent(&client) - before,
        4,
        "PATCH is retried on 429: the gateway refused it before the API saw it"
    );

    let stats = emulator.fault_stats().expect("faults are on");
    assert_eq!(
        stats.rate_limited.load(Ordering::Relaxed),
        requests_sent(&client),
        "the emulator saw exactly what the client counted"
    );
}

/// A revoke refused with 429 is sent again and succeeds; the second answer is the only one
/// the API acted on.
#[tokio::test(flavor = "multi_thread")]
async fn a_revoke_refused_with_429_is_sent_again_and_succeeds_once() {
    let server = ScriptedServer::replying(vec![
        http(
            "429 Too Many Requests",
            &[("x-envoy-ratelimited", "true")],
            "",
        ),
        http("204 No Content", &[], ""),
        http("500 Internal Server Error", &[], "sent a third time"),
    ])
    .await;
    let client = server_client(&server, fast_retries(3));
    client
        .delete_credentials(Service::Sqs, REGION, &random_credentials_id())
        .await
        .unwrap();
    assert_eq!(server.request_count(), 2, "refused once, carried out once");
    assert_eq!(retries_made(&client), 1);
    let requests = server.requests();
    assert!(
        requests
            .iter()
            .all(|request| request.text.starts_with("DELETE "))
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unavailable_server_is_a_server_error_after_the_read_retries() {
    let emulator = emulator_with_faults(failing_with(FaultKind::Unavailable)).await;
    let client = client(&emulator);
    let project = emulator.default_project();

    let error = client
        .get_info(Service::Sqs, REGION, &project)
        .await
        .unwrap_err();
    let message = "\"upstream connect error or disconnect/reset before headers. reset reason: \
                   connection failure\"";
    assert_eq!(
        error,
        ApiError::Server {
            status: 503,
            message: message.into(),
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "Scaleway API error (503): {message} — the fault is on the server side; try again \
             in a moment"
        )
    );
    assert_eq!(requests_sent(&client), 4);

    let before = requests_sent(&client);
    let activate = client.activate(Service::Sqs, REGION, &project).await;
    let update = client
        .update_credentials(
            Service::Sqs,
            REGION,
            &random_credentials_id(),
            &UpdateServiceCredentialsRequest::default(),
        )
        .await;
    let revoke = client
        .delete_nats_credentials(REGION, &random_credentials_id())
        .await;
    for (what, outcome) in [
        ("POST", activate.err()),
        ("PATCH", update.err()),
        ("DELETE", revoke.err()),
    ] {
        assert!(
            matches!(outcome, Some(ApiError::Server { status: 503, .. })),
            "{what}: {outcome:?}"
        );
    }
    assert_eq!(
        requests_sent(&client) - before,
        3,
        "a 503 is retried for GET only"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_connection_is_a_network_error_and_reads_are_retried() {
    let emulator = emulator_with_faults(failing_with(FaultKind::Drop)).await;
    let client = client(&emulator);
    let project = emulator.default_project();

    let error = client
        .list_nats_accounts(REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap_err();
    let ApiError::Network { target, cause } = &error else {
        panic!("expected a network error, got {error:?}");
    };
    assert_eq!(target, &emulator.url());
    assert!(
        cause.starts_with("the connection closed before the answer was complete ("),
        "{cause}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with(&format!(
            "cannot reach {}: the connection closed before the answer was complete (",
            emulator.url()
        )),
        "{text}"
    );
    assert!(
        text.ends_with(" — check the network, any proxy, and api_url / SCW_API_URL"),
        "{text}"
    );
    assert_eq!(error.status(), None);
    assert_eq!(requests_sent(&client), 4, "GET is retried after a drop");

    let before = requests_sent(&client);
    let create = client
        .create_nats_account(
            REGION,
            &CreateNatsAccountRequest {
                name: "once".into(),
                project_id: project.clone(),
            },
        )
        .await
        .unwrap_err();
    assert!(create.is_outcome_unknown(), "{create:?}");
    let revoke = client
        .delete_nats_credentials(REGION, &random_credentials_id())
        .await
        .unwrap_err();
    assert!(revoke.is_outcome_unknown(), "{revoke:?}");
    assert!(
        revoke.to_string().ends_with(
            " — the change may have been made; reload to see whether it was before trying again"
        ),
        "{revoke}"
    );
    assert_eq!(
        requests_sent(&client) - before,
        2,
        "POST and DELETE are never sent twice, even when the answer was lost"
    );
    assert!(
        emulator.snapshot().nats_accounts.len() <= 1,
        "the create ran at most once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn reads_get_through_a_flaky_network_with_enough_retries() {
    let emulator = emulator::start(EmulatorOptions {
        seed: Some(Seed::Demo),
        faults: FaultConfig {
            failure_rate: 0.5,
            seed: 11,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    })
    .await;
    let client = client_with_retries(&emulator, fast_retries(12));
    let project = emulator.default_project();
    let truth = emulator.snapshot();

    for _ in 0..5 {
        let accounts = client
            .list_nats_accounts(REGION, &ListQuery::project(project.clone()))
            .await
            .expect("a read gets through");
        let expected = truth
            .nats_accounts
            .iter()
            .filter(|r| r.account.region == REGION && r.account.project_id == project)
            .count();
        assert_eq!(accounts.len(), expected);
        for service in Service::ALL {
            let info = client
                .get_info(service, REGION, &project)
                .await
                .expect("a read gets through");
            assert_eq!(info.project_id, project);
        }
    }
    let stats = emulator.fault_stats().expect("faults are on");
    assert!(retries_made(&client) > 0, "the network failed some reads");
    assert_eq!(
        stats.injected(),
        retries_made(&client),
        "every injected failure (429, 503 or drop) was retried, and nothing else"
    );
}

// Answers the emulator never gives, from hand-written servers

fn json_200(body: &str) -> Reply {
    json("200 OK", body)
}

const PROJECT: &str = "3ae3505c-76bf-4cdd-9a4b-64c1071266cf";
const SECRET: &str = "1c289622-4b27-445f-89df-54e71b9913a6";

fn sqs_info_json() -> String {
    format!(
        r#"{{"project_id":"{PROJECT}","region":"fr-par","created_at":null,"updated_at":null,
            "status":"disabled","sqs_endpoint_url":"https://sqs.mnq.fr-par.scaleway.com"}}"#
    )
}

fn server_client(server: &ScriptedServer, retry: RetryPolicy) -> Client {
    client_for(&server.url, SECRET, retry)
}

async fn sqs_info_from(client: &Client) -> Result<ServiceInfo, ApiError> {
    client
        .get_info(Service::Sqs, REGION, &ProjectId(PROJECT.into()))
        .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_client_sends_what_the_api_expects() {
    let server = ScriptedServer::replying(vec![json_200(&sqs_info_json())]).await;
    let client = server_client(&server, fast_retries(0));
    sqs_info_from(&client).await.unwrap();
    let request = server.requests()[0].text.to_lowercase();
    assert!(
        request.starts_with(&format!(
            "get /mnq/v1beta1/regions/fr-par/sqs-info?project_id={PROJECT} http/1.1\r\n"
        )),
        "{request}"
    );
    assert!(request.contains(&format!("\r\nx-auth-token: {SECRET}\r\n")));
    assert!(request.contains(&format!(
        "\r\nuser-agent: mnq-tui/{}\r\n",
        env!("CARGO_PKG_VERSION")
    )));
}

#[tokio::test(flavor = "multi_thread")]
async fn malformed_json_is_an_unexpected_response() {
    let server = ScriptedServer::replying(vec![json_200(r#"{"project_id": "3ae3"#)]).await;
    let client = server_client(&server, fast_retries(3));
    let error = sqs_info_from(&client).await.unwrap_err();
    let ApiError::UnexpectedResponse { status, problem } = &error else {
        panic!("expected an unexpected response, got {error:?}");
    };
    assert_eq!(*status, 200);
    assert!(
        problem.starts_with("the JSON ends too early (line 1 column 20)"),
        "{problem}"
    );
    let text = error.to_string();
    assert!(
        text.starts_with("unexpected answer from the API (HTTP 200): the JSON ends too early"),
        "{text}"
    );
    assert!(
        text.ends_with(" — a proxy may be in the way, or the API changed"),
        "{text}"
    );
    assert_eq!(server.request_count(), 1, "a broken 200 is not retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_200_is_an_unexpected_response() {
    let server = ScriptedServer::replying(vec![json_200("")]).await;
    let client = server_client(&server, fast_retries(3));
    let error = sqs_info_from(&client).await.unwrap_err();
    assert_eq!(
        error,
        ApiError::UnexpectedResponse {
            status: 200,
            problem: "an empty body where JSON was expected".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "unexpected answer from the API (HTTP 200): an empty body where JSON was expected — a \
         proxy may be in the way, or the API changed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_200_with_a_missing_field_is_an_unexpected_response() {
    let body = format!(
        r#"{{"id":"eeb7c65d-8835-4277-aed8-4b7065cec176","name":"shop","project_id":"{PROJECT}",
            "region":"fr-par","created_at":null,"updated_at":null,"secret_key":"",
            "secret_checksum":"","permissions":null}}"#
    );
    let server = ScriptedServer::replying(vec![json_200(&body)]).await;
    let client = server_client(&server, fast_retries(3));
    let error = client
        .get_credentials(
            Service::Sqs,
            REGION,
            &CredentialsId("eeb7c65d-8835-4277-aed8-4b7065cec176".into()),
        )
        .await
        .unwrap_err();
    let ApiError::UnexpectedResponse {
        status: 200,
        problem,
    } = &error
    else {
        panic!("expected an unexpected response, got {error:?}");
    };
    assert!(
        problem.contains("missing field `access_key`"),
        "names the field: {problem}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_html_error_page_is_a_server_error() {
    let page = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n\
                <center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";
    let server = ScriptedServer::replying(vec![http(
        "502 Bad Gateway",
        &[("Content-Type", "text/html")],
        page,
    )])
    .await;
    let client = server_client(&server, fast_retries(2));
    let error = sqs_info_from(&client).await.unwrap_err();
    let excerpt = "\"<html> <head><title>502 Bad Gateway</title></head> <body> <center><h1>502 \
                   Bad Gateway</h1></center> </body> </html>\"";
    assert_eq!(
        error,
        ApiError::Server {
            status: 502,
            message: excerpt.into(),
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "Scaleway API error (502): {excerpt} — the fault is on the server side; try again \
             in a moment"
        )
    );
    assert_eq!(server.request_count(), 3, "a 502 is retried for GET");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_is_waited_for() {
    let server = ScriptedServer::replying(vec![
        http("429 Too Many Requests", &[("Retry-After", "1")], ""),
        json_200(&sqs_info_json()),
    ])
    .await;
    let client = server_client(&server, fast_retries(3));
    let started = Instant::now();
    let info = sqs_info_from(&client).await.expect("the retry succeeds");
    let waited = started.elapsed();
    assert_eq!(info.status, ServiceStatus::Disabled);
    assert_eq!(server.request_count(), 2);
    assert!(
        waited >= Duration::from_secs(1),
        "Retry-After: 1 is honoured, not the 1 ms backoff (waited {waited:?})"
    );
    assert!(waited < Duration::from_secs(3), "{waited:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_after_beyond_the_time_budget_ends_the_retries_at_once() {
    let server = ScriptedServer::replying(vec![
        http("429 Too Many Requests", &[("Retry-After", "30")], ""),
        json_200(&sqs_info_json()),
    ])
    .await;
    let client = server_client(
        &server,
        RetryPolicy {
            max_total: Duration::from_secs(2),
            ..fast_retries(3)
        },
    );
    let started = Instant::now();
    let error = sqs_info_from(&client).await.unwrap_err();
    assert_eq!(error, ApiError::RateLimited { attempts: 1 });
    assert_eq!(server.request_count(), 1);
    assert!(started.elapsed() < Duration::from_secs(1));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_server_that_never_answers_is_a_timeout() {
    let server = ScriptedServer::start(|_| Reply::Silence).await;
    let url = server.url.clone();
    let mut config = ClientConfig::new(url.clone(), Secret::new(SECRET));
    config.request_timeout = Duration::from_millis(300);
    config.retry = fast_retries(3);
    let client = client::build(config);

    let started = Instant::now();
    let error = sqs_info_from(&client).await.unwrap_err();
    assert_eq!(
        error,
        ApiError::Timeout {
            target: url.clone(),
            after: Duration::from_millis(300),
        }
    );
    assert_eq!(
        error.to_string(),
        format!(
            "no complete answer from {url} within 0.3 s — the network or the API is slow; try \
             again"
        )
    );
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(server.connections(), 1, "a timeout is not retried");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_connection_is_a_network_error() {
    let url = refused_url();
    let client = client_for(&url, SECRET, fast_retries(3));

    let error = sqs_info_from(&client).await.unwrap_err();
    let ApiError::Network { target, cause } = &error else {
        panic!("expected a network error, got {error:?}");
    };
    assert_eq!(target, &url);
    assert!(cause.contains("onnection refused"), "{cause}");
    assert_eq!(
        error.to_string(),
        format!(
            "cannot reach {url}: {cause} — check the network, any proxy, and api_url / \
             SCW_API_URL"
        )
    );
    assert_eq!(requests_sent(&client), 4, "a refused GET is retried");

    let before = requests_sent(&client);
    let revoke = client
        .delete_credentials(Service::Sqs, REGION, &random_credentials_id())
        .await
        .unwrap_err();
    assert!(matches!(revoke, ApiError::Network { .. }), "{revoke:?}");
    assert_eq!(requests_sent(&client) - before, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_redirect_is_not_followed_so_the_secret_key_stays_home() {
    let elsewhere = ScriptedServer::replying(vec![json_200(&sqs_info_json())]).await;
    let target = format!(
        "{}/mnq/v1beta1/regions/fr-par/sqs-info?project_id={PROJECT}",
        elsewhere.url
    );
    let redirecting = ScriptedServer::replying(vec![http(
        "307 Temporary Redirect",
        &[("Location", &target)],
        "",
    )])
    .await;
    let client = server_client(&redirecting, fast_retries(3));

    let outcome = sqs_info_from(&client).await;
    assert!(
        !elsewhere
            .requests()
            .iter()
            .any(|request| request.text.contains(SECRET)),
        "the secret key was sent to the host the redirect named"
    );
    assert_eq!(elsewhere.request_count(), 0);
    assert_eq!(
        outcome,
        Err(ApiError::UnexpectedResponse {
            status: 307,
            problem: "the body is not a Scaleway error: (empty body)".into(),
        })
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn no_error_text_contains_the_secret_key() {
    // A server that echoes the request — the secret key in `X-Auth-Token` included — in its
    // error answers, as some proxies and debugging gateways do.
    let server = ScriptedServer::start(|request| {
        let (index, request) = (request.index, request.text.as_str());
        let escaped = serde_json::to_string(request).unwrap();
        match index % 4 {
            0 => http("500 Internal Server Error", &[], request),
            1 => http(
                "400 Bad Request",
                &[("Content-Type", "application/json")],
                &format!(r#"{{"type":"invalid_arguments","message":{escaped}}}"#),
            ),
            2 => http(
                "404 Not Found",
                &[("Content-Type", "application/json")],
                &format!(
                    r#"{{"type":"not_found","message":"x","resource":{escaped},"resource_id":{escaped}}}"#
                ),
            ),
            _ => http("418 I'm a teapot", &[], request),
        }
    })
    .await;
    let client = server_client(&server, fast_retries(0));
    let mut errors = Vec::new();
    for _ in 0..4 {
        errors.push(
            client
                .delete_credentials(Service::Sqs, REGION, &random_credentials_id())
                .await
                .unwrap_err(),
        );
    }
    assert_eq!(server.request_count(), 4);

    // And every error the emulator and the network give, with the same key.
    let emulator = empty_emulator().await;
    let stranger = client_for(&emulator.url(), SECRET, fast_retries(0));
    errors.push(
        stranger
            .get_info(Service::Sqs, REGION, &emulator.default_project())
            .await
            .unwrap_err(),
    );
    let key = emulator.api_key().secret_key.expose().to_owned();
    let known = client_for(&emulator.url(), &key, fast_retries(0));
    errors.push(
        known
            .get_nats_account(REGION, &NatsAccountId("short".into()))
            .await
            .unwrap_err(),
    );
    errors.push(
        known
            .get_credentials(Service::Sqs, REGION, &random_credentials_id())
            .await
            .unwrap_err(),
    );
    errors.push(
        known
            .create_credentials(
                Service::Sqs,
                REGION,
                &new_credentials(&emulator.default_project(), "x"),
            )
            .await
            .unwrap_err(),
    );
    let refused = client_for(&refused_url(), SECRET, fast_retries(0));
    errors.push(sqs_info_from(&refused).await.unwrap_err());

    for error in &errors {
        for text in [error.to_string(), format!("{error:?}")] {
            assert!(!text.contains(SECRET), "the secret key leaks: {text}");
            assert!(!text.contains(&key), "the secret key leaks: {text}");
        }
    }
    let client_debug = format!("{client:?}");
    assert!(!client_debug.contains(SECRET), "{client_debug}");
}

// Listing

fn at_second(second: i64) -> Timestamp {
    Timestamp(jiff::Timestamp::from_second(1_775_000_000 + second).unwrap())
}

/// Queues credentials as the store keeps them.
fn stored_credentials(
    project: &ProjectId,
    region: Region,
    name: String,
    created: i64,
    updated: i64,
) -> ServiceCredentials {
    ServiceCredentials {
        id: random_credentials_id(),
        name,
        project_id: project.clone(),
        region,
        created_at: Some(at_second(created)),
        updated_at: Some(at_second(updated)),
        access_key: "AAAAAAAAAAAAAAAAAAAA".into(),
        secret_key: Secret::default(),
        secret_checksum: sha1_hex("secret"),
        permissions: Some(Permissions::new(true, false, false)),
    }
}

/// The 250 names of [`seed_250`], in their order by name.
fn names_250() -> Vec<String> {
    (0..250).map(|i| format!("creds-{i:03}")).collect()
}

/// 250 Queues credentials in the emulator's project, added in a shuffled order, whose order is
/// known by construction for every `order_by`: `creds-000` … `creds-249` by name; by creation
/// the same, two at each second (ties, which the id settles: ids rise with the number); by
/// update the other way round. Plus credentials that the list must leave out.
fn seed_250(emulator: &Emulator) -> ProjectId {
    let project = emulator.default_project();
    let stranger = random_project();
    emulator.edit(|store| {
        for i in 0..250 {
            // 97 and 250 are coprime: every number once, out of order.
            let n = (i * 97) % 250;
            let mut credentials = stored_credentials(
                &project,
                REGION,
                format!("creds-{n:03}"),
                n / 2,
                1_000 + (249 - n),
            );
            credentials.id = CredentialsId(format!("00000000-0000-4000-8000-{n:012}"));
            store.sqs_credentials.push(credentials);
        }
        for i in 0..7 {
            store.sqs_credentials.push(stored_credentials(
                &stranger,
                REGION,
                format!("stranger-{i}"),
                i,
                i,
            ));
            store.sqs_credentials.push(stored_credentials(
                &project,
                Region::NlAms,
                format!("amsterdam-{i}"),
                i,
                i,
            ));
            store.sns_credentials.push(stored_credentials(
                &project,
                REGION,
                format!("topics-{i}"),
                i,
                i,
            ));
        }
    });
    project
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_250_queues_credentials_returns_them_all_in_each_order() {
    let emulator = empty_emulator().await;
    let project = seed_250(&emulator);
    let client = client(&emulator);
    let ascending = names_250();
    let descending: Vec<String> = ascending.iter().rev().cloned().collect();

    for (order, expected) in [
        (OrderBy::CreatedAtAsc, &ascending),
        (OrderBy::CreatedAtDesc, &descending),
        (OrderBy::UpdatedAtAsc, &descending),
        (OrderBy::UpdatedAtDesc, &ascending),
        (OrderBy::NameAsc, &ascending),
        (OrderBy::NameDesc, &descending),
    ] {
        let before = requests_sent(&client);
        let listed = client
            .list_credentials(
                Service::Sqs,
                REGION,
                &ListQuery {
                    project_id: Some(project.clone()),
                    order_by: order,
                },
            )
            .await
            .unwrap();
        assert_eq!(listed.len(), 250, "{order:?}");
        let unique: HashSet<&str> = listed.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(unique.len(), 250, "no duplicates in {order:?}");
        assert_eq!(&credentials_names(&listed), expected, "{order:?}");
        assert_eq!(
            requests_sent(&client) - before,
            3,
            "pages of 100: page 1, then pages 2 and 3"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_list_that_grows_while_it_is_read_is_read_to_its_end() {
    // Latency holds each page request long enough to change the list under it.
    let emulator = emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        faults: FaultConfig {
            max_latency: Duration::from_millis(150),
            seed: 3,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    })
    .await;
    let project = emulator.default_project();
    emulator.edit(|store| {
        for i in 0..200 {
            store.sqs_credentials.push(stored_credentials(
                &project,
                REGION,
                format!("old-{i:03}"),
                i,
                i,
            ));
        }
    });
    let client = client(&emulator);
    let arrived = || {
        emulator
            .fault_stats()
            .expect("faults are on")
            .requests
            .load(Ordering::SeqCst)
    };

    let grow = async {
        // Page 2 has arrived and waits in the latency: add 150 newer credentials now.
        let deadline = Instant::now() + Duration::from_secs(5);
        while arrived() < 2 {
            assert!(Instant::now() < deadline, "page 2 never came");
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        emulator.edit(|store| {
            for i in 0..150 {
                store.sqs_credentials.push(stored_credentials(
                    &project,
                    REGION,
                    format!("new-{i:03}"),
                    10_000 + i,
                    10_000 + i,
                ));
            }
        });
    };
    let query = ListQuery::project(project.clone());
    let (listed, ()) = tokio::join!(client.list_credentials(Service::Sqs, REGION, &query), grow);
    let listed = listed.unwrap();

    let expected: Vec<String> = (0..200)
        .map(|i| format!("old-{i:03}"))
        .chain((0..150).map(|i| format!("new-{i:03}")))
        .collect();
    assert_eq!(
        credentials_names(&listed),
        expected,
        "page 2 said 350: pages 3 and 4 were read too"
    );
    assert_eq!(arrived(), 4);
}

#[tokio::test(flavor = "multi_thread")]
async fn listing_while_items_are_deleted_and_added_gives_no_duplicates_and_keeps_the_order() {
    let emulator = emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        faults: FaultConfig {
            max_latency: Duration::from_millis(40),
            seed: 5,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    })
    .await;
    let project = emulator.default_project();
    emulator.edit(|store| {
        for i in 0..290 {
            store.sqs_credentials.push(stored_credentials(
                &project,
                REGION,
                format!("creds-{i:03}"),
                i,
                i,
            ));
        }
    });
    let ever_existed: Mutex<HashSet<String>> = Mutex::new(
        emulator
            .snapshot()
            .sqs_credentials
            .iter()
            .map(|c| c.id.to_string())
            .collect(),
    );
    let mut config = client::config_of(&emulator);
    config.retry = fast_retries(3);
    config.list_concurrency = 2;
    let client = client::build(config);
    let done = AtomicBool::new(false);
    let arrived = || {
        emulator
            .fault_stats()
            .expect("faults are on")
            .requests
            .load(Ordering::SeqCst)
    };

    // Each time a page request arrives, and before the emulator answers it: delete 15 of the
    // oldest (the pages after them shift back: some items are skipped) and add 25 older still
    // (the pages after them shift on: some items come again).
    let churn = async {
        let mut handled = 0;
        let mut round = 0;
        while !done.load(Ordering::SeqCst) {
            let now = arrived();
            if now > handled {
                handled = now;
                round += 1;
                emulator.edit(|store| {
                    let mut index = 0;
                    store.sqs_credentials.retain(|_| {
                        index += 1;
                        index % 9 != 0 || index > 135
                    });
                    let mut added = ever_existed.lock().unwrap();
                    for i in 0..25 {
                        let new = stored_credentials(
                            &project,
                            REGION,
                            format!("round-{round}-{i}"),
                            -1_000 - round * 100 - i,
                            0,
                        );
                        added.insert(new.id.to_string());
                        store.sqs_credentials.push(new);
                    }
                });
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    };
    let list = async {
        let query = ListQuery::project(project.clone());
        let listed = client.list_credentials(Service::Sqs, REGION, &query).await;
        done.store(true, Ordering::SeqCst);
        listed
    };
    let (listed, ()) = tokio::join!(list, churn);
    let listed = listed.expect("the list is read despite the churn");

    let unique: HashSet<&str> = listed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(unique.len(), listed.len(), "no duplicates");
    let ever_existed = ever_existed.into_inner().unwrap();
    assert!(
        listed.iter().all(|c| ever_existed.contains(c.id.as_str())),
        "nothing made up"
    );
    assert!(
        listed
            .windows(2)
            .all(|pair| (pair[0].created_at, &pair[0].id) < (pair[1].created_at, &pair[1].id)),
        "still in created_at order"
    );
    assert!(listed.len() >= 200, "{} items", listed.len());
    assert!(arrived() >= 3, "the list took several pages");

    // Once the churn stops, a reload shows exactly what the emulator holds.
    let reloaded = client
        .list_credentials(Service::Sqs, REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap();
    let mut held = credentials_ids(&emulator.snapshot().sqs_credentials);
    let mut reloaded_ids = credentials_ids(&reloaded);
    assert!(
        reloaded
            .windows(2)
            .all(|pair| (pair[0].created_at, &pair[0].id) < (pair[1].created_at, &pair[1].id)),
        "the reload is in created_at order"
    );
    held.sort();
    reloaded_ids.sort();
    assert_eq!(reloaded_ids, held, "the reload is what the emulator holds");
}

// Propagation: reads right after our own create or activation.

/// A client whose reads after its own creates wait at most `max_total` for propagation.
fn client_waiting_for_propagation(emulator: &Emulator, max_total: Duration) -> Client {
    let mut config = client::config_of(emulator);
    config.retry = fast_retries(3);
    config.propagation = RetryPolicy {
        base_delay: Duration::from_millis(50),
        max_delay: Duration::from_millis(200),
        max_total,
        ..RetryPolicy::propagation()
    };
    client::build(config)
}

async fn emulator_with_propagation(window: Duration) -> Emulator {
    emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        propagation: window,
        ..EmulatorOptions::default()
    })
    .await
}

fn propagation_retries(client: &Client) -> u64 {
    client.stats().propagation_retries.load(Ordering::Relaxed)
}

/// Each read that follows our own create or activation waits out the emulator's one-second
/// window and answers what was made.
#[tokio::test(flavor = "multi_thread")]
async fn reads_after_our_own_create_or_activation_wait_for_propagation() {
    let emulator = emulator_with_propagation(Duration::from_secs(1)).await;
    let client = client_waiting_for_propagation(&emulator, Duration::from_secs(20));
    let project = emulator.default_project();

    client
        .activate(Service::Sqs, REGION, &project)
        .await
        .unwrap();
    let info = client
        .get_info_after_activation(Service::Sqs, REGION, &project)
        .await
        .unwrap();
    assert_eq!(info.status, ServiceStatus::Enabled);
    assert!(propagation_retries(&client) >= 1, "the 403 was waited out");

    let created = client
        .create_credentials(Service::Sqs, REGION, &new_credentials(&project, "fresh"))
        .await
        .unwrap();
    let before = propagation_retries(&client);
    let read = client
        .get_credentials_after_create(Service::Sqs, REGION, &created.id)
        .await
        .unwrap();
    assert_eq!((read.id, read.name), (created.id, "fresh".to_owned()));
    assert!(
        propagation_retries(&client) > before,
        "the 404 was waited out"
    );

    let account = client
        .create_nats_account(
            REGION,
            &CreateNatsAccountRequest {
                name: "fresh-bus".into(),
                project_id: project.clone(),
            },
        )
        .await
        .unwrap();
    let before = propagation_retries(&client);
    let read = client
        .get_nats_account_after_create(REGION, &account.id)
        .await
        .unwrap();
    assert_eq!(read.name, "fresh-bus");
    assert!(propagation_retries(&client) > before);

    let nats = client
        .create_nats_credentials(
            REGION,
            &CreateNatsCredentialsRequest {
                nats_account_id: account.id.clone(),
                name: "fresh-user".into(),
            },
        )
        .await
        .unwrap();
    let before = propagation_retries(&client);
    let read = client
        .get_nats_credentials_after_create(REGION, &nats.id)
        .await
        .unwrap();
    assert_eq!(read.name, "fresh-user");
    assert!(propagation_retries(&client) > before);
}

/// Under a window longer than the test, an ordinary read takes the 404 as it comes, a read
/// after our own create ends as "still propagating", and lists show the new credentials.
#[tokio::test(flavor = "multi_thread")]
async fn a_propagation_longer_than_the_wait_is_still_propagating_not_not_found() {
    let emulator = emulator_with_propagation(Duration::from_secs(600)).await;
    let client = client_waiting_for_propagation(&emulator, Duration::from_millis(300));
    let project = emulator.default_project();

    client
        .activate(Service::Sns, REGION, &project)
        .await
        .unwrap();
    let ordinary = client
        .get_info(Service::Sns, REGION, &project)
        .await
        .unwrap_err();
    assert!(
        matches!(ordinary, ApiError::PermissionsDenied { .. }),
        "{ordinary:?}"
    );
    let waited = client
        .get_info_after_activation(Service::Sns, REGION, &project)
        .await
        .unwrap_err();
    let ApiError::StillPropagating {
        resource,
        resource_id,
        waited: how_long,
    } = &waited
    else {
        panic!("expected still propagating, got {waited:?}");
    };
    assert_eq!(resource, "the Topics and Events activation of project");
    assert_eq!(resource_id, project.as_str());
    assert!(*how_long <= Duration::from_millis(300), "{how_long:?}");

    let created = client
        .create_credentials(Service::Sns, REGION, &new_credentials(&project, "slow"))
        .await
        .unwrap();
    let requests_before = requests_sent(&client);
    let ordinary = client
        .get_credentials(Service::Sns, REGION, &created.id)
        .await
        .unwrap_err();
    assert!(ordinary.is_not_found(), "{ordinary:?}");
    assert_eq!(requests_sent(&client) - requests_before, 1, "read once");

    let waited = client
        .get_credentials_after_create(Service::Sns, REGION, &created.id)
        .await
        .unwrap_err();
    assert!(!waited.is_not_found());
    assert_eq!(waited.status(), None);
    assert_eq!(
        waited.to_string(),
        format!(
            "still propagating: Topics and Events credentials {} was made but the API does not \
             show it yet after 0 s — reload in a moment",
            created.id
        )
    );
    let listed = client
        .list_credentials(Service::Sns, REGION, &ListQuery::project(project.clone()))
        .await
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].id, created.id, "lists show it at once");
}

// Unknown outcome: a create whose answer was lost.

/// A create whose connection drops is sent once and reported as "may have been made"; a
/// reload (here: the same state served without faults) lists exactly the creates the emulator
/// carried out before dropping the answer.
#[tokio::test(flavor = "multi_thread")]
async fn a_dropped_create_is_sent_once_its_outcome_unknown_and_a_reload_tells() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let flaky = emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        state_file: Some(state.clone()),
        faults: failing_with(FaultKind::Drop),
        ..EmulatorOptions::default()
    })
    .await;
    let project = flaky.default_project();
    let client = client(&flaky);

    let (mut made, mut lost) = (Vec::new(), Vec::new());
    for attempt in 0..64 {
        if !made.is_empty() && !lost.is_empty() {
            break;
        }
        let name = format!("dropped-{attempt}");
        let before = requests_sent(&client);
        let error = client
            .create_nats_account(
                REGION,
                &CreateNatsAccountRequest {
                    name: name.clone(),
                    project_id: project.clone(),
                },
            )
            .await
            .unwrap_err();
        assert!(error.is_outcome_unknown(), "{error:?}");
        assert_eq!(
            requests_sent(&client) - before,
            1,
            "a create is never resent"
        );
        let carried_out = flaky
            .snapshot()
            .nats_accounts
            .iter()
            .any(|record| record.account.name == name);
        if carried_out {
            made.push(name);
        } else {
            lost.push(name);
        }
    }
    assert!(
        !made.is_empty() && !lost.is_empty(),
        "both ways of dropping were seen"
    );
    flaky.stop().await;

    let steady = emulator::start(EmulatorOptions {
        state_file: Some(state),
        ..EmulatorOptions::default()
    })
    .await;
    let listed: HashSet<String> = client_with_retries(&steady, fast_retries(0))
        .list_nats_accounts(REGION, &ListQuery::project(project))
        .await
        .unwrap()
        .into_iter()
        .map(|account| account.name)
        .collect();
    assert_eq!(listed, made.into_iter().collect::<HashSet<_>>());
}

//! The emulator's data planes over loopback HTTP, with credentials issued through its API:
//! every way a signature is refused gets its code and status, each permission allows what
//! Scaleway's tables say (checked before any lookup), a revoke or an update holds from the
//! next request, a key sees only its project's queues and topics, and queues, messages,
//! topics and subscriptions survive a restart on the state file.
//!
//! boto3 judges the same data planes independently in `tests/boto3.rs`.

use std::time::Duration;

use crate::support::data_plane::{
    Issued, api_client, every_permission_set, issue, revoke, set_permissions,
};
use mnq_tui::api::data_plane::{Answer, Endpoint};
use mnq_tui::api::model::{Permissions, ProjectId, Region, Secret, Service};
use mnq_tui::api::sigv4::{self, Scope};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, FaultKind, Seed};
use serde_json::{Value, json};

const REGION: Region = Region::FrPar;
const ALL: Permissions = Permissions {
    can_publish: true,
    can_receive: true,
    can_manage: true,
};

async fn start(options: EmulatorOptions) -> Emulator {
    crate::support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..options
    })
    .await
}

fn http() -> reqwest::Client {
    mnq_tui::api::install_tls_provider();
    Endpoint::http_client(Duration::from_secs(10)).expect("the client builds")
}

async fn sqs(endpoint: &Endpoint, action: &str, input: Value) -> Answer {
    endpoint
        .sqs(&http(), action, &input)
        .await
        .expect("the data plane answers")
}

async fn sns(endpoint: &Endpoint, params: &[(&str, &str)]) -> Answer {
    endpoint
        .sns(&http(), params)
        .await
        .expect("the data plane answers")
}

fn code(answer: &Answer) -> (u16, &str) {
    (answer.status, answer.code.as_deref().unwrap_or("success"))
}

/// A request signed by hand, so that it can be changed after signing.
struct Raw<'a> {
    endpoint: &'a Endpoint,
    headers: Vec<(&'static str, String)>,
    body: String,
}

impl<'a> Raw<'a> {
    fn sqs(endpoint: &'a Endpoint, action: &str, body: &str) -> Self {
        Raw {
            endpoint,
            headers: vec![
                ("content-type", "application/x-amz-json-1.0".into()),
                ("x-amz-target", format!("AmazonSQS.{action}")),
            ],
            body: body.into(),
        }
    }

    fn sns(endpoint: &'a Endpoint, body: &str) -> Self {
        Raw {
            endpoint,
            headers: vec![(
                "content-type",
                "application/x-www-form-urlencoded; charset=utf-8".into(),
            )],
            body: body.into(),
        }
    }

    fn url(&self) -> reqwest::Url {
        reqwest::Url::parse(&self.endpoint.url).unwrap()
    }

    /// The `X-Amz-Date` and `Authorization` headers for this request as made at `at`.
    fn signature(&self, at: jiff::Timestamp, secret: &Secret) -> Vec<(&'static str, String)> {
        let url = self.url();
        let host = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap());
        let mut headers: Vec<(&str, &str)> = vec![("host", &host)];
        headers.extend(self.headers.iter().map(|(n, v)| (*n, v.as_str())));
        let signed = sigv4::sign(
            &sigv4::Request {
                method: "POST",
                path: url.path(),
                query: "",
                headers: &headers,
                body: self.body.as_bytes(),
            },
            &self.endpoint.access_key,
            secret,
            Scope {
                region: self.endpoint.region.as_str(),
                service: self.endpoint.service.api_name(),
            },
            at,
        );
        vec![
            ("x-amz-date", signed.amz_date),
            ("authorization", signed.authorization),
        ]
    }

    async fn send(&self, extra: &[(&'static str, String)], body: &str) -> (u16, String, String) {
        let mut request = http().post(self.url()).body(body.to_owned());
        for (name, value) in self.headers.iter().chain(extra) {
            request = request.header(*name, value);
        }
        let response = request.send().await.expect("the data plane answers");
        let status = response.status().as_u16();
        let query_code = response
            .headers()
            .get("x-amzn-query-error")
            .map(|value| value.to_str().unwrap().to_owned())
            .unwrap_or_default();
        let body = response.text().await.unwrap();
        assert!(
            !body.contains(self.endpoint.secret_key.expose()),
            "an answer never quotes the secret: {body}"
        );
        (status, query_code, body)
    }
}

/// The code of a raw answer: SQS's query code, or SNS's `<Code>`.
fn raw_code(answer: &(u16, String, String)) -> (u16, String) {
    let (status, query_code, body) = answer;
    let code = match query_code.split_once(';') {
        Some((code, _)) => code.to_owned(),
        None => body
            .split_once("<Code>")
            .and_then(|(_, rest)| rest.split_once("</Code>"))
            .map(|(code, _)| code.to_owned())
            .unwrap_or_default(),
    };
    (*status, code)
}

#[tokio::test(flavor = "multi_thread")]
async fn every_refused_signature_gets_its_code_and_status() {
    let emulator = start(EmulatorOptions::default()).await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    for service in Service::ALL {
        let issued = issue(&client, service, REGION, &project, ALL).await;
        let endpoint = &issued.endpoint;
        let secret = &endpoint.secret_key;
        let raw = match service {
            Service::Sqs => Raw::sqs(endpoint, "ListQueues", "{}"),
            Service::Sns => Raw::sns(endpoint, "Action=ListTopics&Version=2010-03-31"),
        };
        let now = jiff::Timestamp::now();
        let expected = |code: &str| code.to_owned();

        let signed = raw.signature(now, secret);
        assert_eq!(
            raw_code(&raw.send(&signed, &raw.body).await),
            (200, String::new()),
            "{service:?}: a good signature"
        );
        assert_eq!(
            raw_code(&raw.send(&[], &raw.body).await),
            (403, expected("MissingAuthenticationToken")),
            "{service:?}: unsigned"
        );
        let malformed = [
            ("x-amz-date", signed[0].1.clone()),
            (
                "authorization",
                "AWS4-HMAC-SHA256 Credential=nope".to_owned(),
            ),
        ];
        assert_eq!(
            raw_code(&raw.send(&malformed, &raw.body).await),
            (400, expected("IncompleteSignature")),
            "{service:?}: malformed"
        );
        let wrong = raw.signature(now, &Secret::new("not-the-secret"));
        assert_eq!(
            raw_code(&raw.send(&wrong, &raw.body).await),
            (403, expected("SignatureDoesNotMatch")),
            "{service:?}: another secret"
        );
        let tampered_body = match service {
            Service::Sqs => r#"{"QueueNamePrefix":"x"}"#,
            Service::Sns => "Action=ListTopics&Version=2010-03-31&NextToken=0",
        };
        assert_eq!(
            raw_code(&raw.send(&signed, tampered_body).await),
            (403, expected("SignatureDoesNotMatch")),
            "{service:?}: a body changed after signing"
        );
        let mut changed = Raw {
            endpoint,
            headers: raw.headers.clone(),
            body: raw.body.clone(),
        };
        changed.headers[0].1 = match service {
            Service::Sqs => "application/x-amz-json-1.1".into(),
            Service::Sns => "application/x-www-form-urlencoded".into(),
        };
        assert_eq!(
            raw_code(&changed.send(&signed, &raw.body).await),
            (403, expected("SignatureDoesNotMatch")),
            "{service:?}: a signed header changed after signing"
        );
        let old = raw.signature(now - jiff::SignedDuration::from_mins(16), secret);
        let expired = raw_code(&raw.send(&old, &raw.body).await);
        match service {
            Service::Sqs => assert_eq!(expired, (400, expected("RequestExpired"))),
            Service::Sns => assert_eq!(expired, (403, expected("SignatureDoesNotMatch"))),
        }
        let unknown = Endpoint {
            access_key: "SCWUNKNOWNACCESSKEY0".into(),
            ..endpoint.clone()
        };
        let raw_unknown = Raw {
            endpoint: &unknown,
            headers: raw.headers.clone(),
            body: raw.body.clone(),
        };
        assert_eq!(
            raw_code(
                &raw_unknown
                    .send(&raw_unknown.signature(now, secret), &raw.body)
                    .await
            ),
            (403, expected("InvalidClientTokenId")),
            "{service:?}: an access key never issued"
        );
        let other_region = Endpoint {
            region: Region::NlAms,
            ..endpoint.clone()
        };
        let answer = match service {
            Service::Sqs => sqs(&other_region, "ListQueues", json!({})).await,
            Service::Sns => sns(&other_region, &[("Action", "ListTopics")]).await,
        };
        assert_eq!(code(&answer), (403, "SignatureDoesNotMatch"));
        assert!(answer.message.contains("scoped"), "{}", answer.message);
    }
}

/// Every action of each product, aimed at a queue or topic that does not exist, as each
/// permission set: refused exactly when Scaleway's table says so — before the lookup, so
/// "does not exist" is never the answer to a refused key.
#[tokio::test(flavor = "multi_thread")]
async fn each_permission_allows_what_the_tables_say_before_any_lookup() {
    let emulator = start(EmulatorOptions::default()).await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    let queue_url = |endpoint: &Endpoint| format!("{}/project-{project}/absent", endpoint.url);
    let topic = format!("arn:scw:sns:fr-par:project-{project}:absent");
    let queue_arn = format!("arn:scw:sqs:fr-par:project-{project}:absent");
    for permissions in every_permission_set() {
        let (write, read, manage) = (
            permissions.can_publish,
            permissions.can_receive,
            permissions.can_manage,
        );
        let any = write || read || manage;
        let queues = issue(&client, Service::Sqs, REGION, &project, permissions).await;
        let endpoint = &queues.endpoint;
        let url = queue_url(endpoint);
        let sqs_cases = [
            ("GetQueueUrl", json!({"QueueName": "absent"}), any),
            ("GetQueueAttributes", json!({"QueueUrl": url}), any),
            ("ListQueues", json!({}), manage),
            (
                "SetQueueAttributes",
                json!({"QueueUrl": url, "Attributes": {}}),
                manage,
            ),
            ("PurgeQueue", json!({"QueueUrl": url}), manage),
            ("DeleteQueue", json!({"QueueUrl": url}), manage),
            (
                "SendMessage",
                json!({"QueueUrl": url, "MessageBody": "x"}),
                write,
            ),
            (
                "SendMessageBatch",
                json!({"QueueUrl": url, "Entries": [{"Id": "1", "MessageBody": "x"}]}),
                write,
            ),
            ("ReceiveMessage", json!({"QueueUrl": url}), read),
            (
                "DeleteMessage",
                json!({"QueueUrl": url, "ReceiptHandle": "r"}),
                read,
            ),
            (
                "DeleteMessageBatch",
                json!({"QueueUrl": url, "Entries": [{"Id": "1", "ReceiptHandle": "r"}]}),
                read,
            ),
            (
                "ChangeMessageVisibility",
                json!({"QueueUrl": url, "ReceiptHandle": "r", "VisibilityTimeout": 1}),
                read || manage,
            ),
        ];
        for (action, input, allowed) in sqs_cases {
            let answer = sqs(endpoint, action, input).await;
            let refused = answer.code.as_deref() == Some("AccessDenied");
            assert_eq!(refused, !allowed, "{action} as {permissions:?}: {answer:?}");
            if refused {
                assert_eq!(answer.status, 403);
            }
            if action != "ListQueues" && allowed {
                assert_eq!(
                    code(&answer),
                    (400, "AWS.SimpleQueueService.NonExistentQueue"),
                    "{action} as {permissions:?}"
                );
            }
        }
        // CreateQueue last: it makes what the others looked for.
        let created = sqs(endpoint, "CreateQueue", json!({"QueueName": "made"})).await;
        assert_eq!(
            created.is_success(),
            manage,
            "CreateQueue as {permissions:?}"
        );

        let topics = issue(&client, Service::Sns, REGION, &project, permissions).await;
        let endpoint = &topics.endpoint;
        let subscription = format!("{topic}:00000000-0000-0000-0000-000000000000");
        let sns_cases: [(&[(&str, &str)], bool); 12] = [
            (&[("Action", "ListTopics")], any),
            (
                &[("Action", "GetTopicAttributes"), ("TopicArn", &topic)],
                read || manage,
            ),
            (
                &[
                    ("Action", "SetTopicAttributes"),
                    ("TopicArn", &topic),
                    ("AttributeName", "DisplayName"),
                ],
                manage,
            ),
            (&[("Action", "DeleteTopic"), ("TopicArn", &topic)], manage),
            (
                &[
                    ("Action", "Publish"),
                    ("TopicArn", &topic),
                    ("Message", "x"),
                ],
                write,
            ),
            (
                &[
                    ("Action", "PublishBatch"),
                    ("TopicArn", &topic),
                    ("PublishBatchRequestEntries.member.1.Id", "1"),
                    ("PublishBatchRequestEntries.member.1.Message", "x"),
                ],
                write,
            ),
            (
                &[
                    ("Action", "Subscribe"),
                    ("TopicArn", &topic),
                    ("Protocol", "sqs"),
                    ("Endpoint", &queue_arn),
                ],
                read,
            ),
            (
                &[
                    ("Action", "Unsubscribe"),
                    ("SubscriptionArn", &subscription),
                ],
                read || manage,
            ),
            (&[("Action", "ListSubscriptions")], read || manage),
            (
                &[("Action", "ListSubscriptionsByTopic"), ("TopicArn", &topic)],
                read || manage,
            ),
            (
                &[
                    ("Action", "GetSubscriptionAttributes"),
                    ("SubscriptionArn", &subscription),
                ],
                read || manage,
            ),
            (
                &[
                    ("Action", "SetSubscriptionAttributes"),
                    ("SubscriptionArn", &subscription),
                    ("AttributeName", "RawMessageDelivery"),
                    ("AttributeValue", "true"),
                ],
                read || manage,
            ),
        ];
        for (params, allowed) in sns_cases {
            let answer = sns(endpoint, params).await;
            let refused = answer.code.as_deref() == Some("AuthorizationError");
            assert_eq!(
                refused, !allowed,
                "{params:?} as {permissions:?}: {answer:?}"
            );
            if refused {
                assert_eq!(answer.status, 403);
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_permission_update_or_a_revoke_holds_from_the_next_request() {
    let emulator = start(EmulatorOptions::default()).await;
    let client = api_client(&emulator);
    let project = emulator.default_project();

    let queues = issue(&client, Service::Sqs, REGION, &project, ALL).await;
    let endpoint = &queues.endpoint;
    let url = sqs(endpoint, "CreateQueue", json!({"QueueName": "orders"}))
        .await
        .body;
    let url: Value = serde_json::from_str(&url).unwrap();
    let url = url["QueueUrl"].as_str().unwrap().to_owned();
    let send = || {
        sqs(
            endpoint,
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "one"}),
        )
    };
    let receive = || sqs(endpoint, "ReceiveMessage", json!({"QueueUrl": url}));
    assert!(send().await.is_success());

    set_permissions(&client, &queues, Permissions::new(false, true, false)).await;
    assert_eq!(code(&send().await), (403, "AccessDenied"));
    let received = receive().await;
    assert!(received.is_success(), "{received:?}");
    assert!(
        received.body.contains("\"Body\":\"one\""),
        "{}",
        received.body
    );

    revoke(&client, &queues).await;
    assert_eq!(code(&receive().await), (403, "InvalidClientTokenId"));
    assert_eq!(code(&send().await), (403, "InvalidClientTokenId"));
    assert!(
        !emulator
            .snapshot()
            .data_plane
            .secrets
            .contains_key(&queues.credentials.id),
        "the revoked key's secret is forgotten"
    );

    let topics = issue(&client, Service::Sns, REGION, &project, ALL).await;
    let endpoint = &topics.endpoint;
    let created = sns(endpoint, &[("Action", "CreateTopic"), ("Name", "news")]).await;
    assert!(created.is_success(), "{created:?}");
    let topic = format!("arn:scw:sns:fr-par:project-{project}:news");
    let publication = [
        ("Action", "Publish"),
        ("TopicArn", topic.as_str()),
        ("Message", "m"),
    ];
    let publish = || sns(endpoint, &publication);
    assert!(publish().await.is_success());
    set_permissions(&client, &topics, Permissions::new(false, false, true)).await;
    assert_eq!(code(&publish().await), (403, "AuthorizationError"));
    revoke(&client, &topics).await;
    assert_eq!(
        code(&sns(endpoint, &[("Action", "ListTopics")]).await),
        (403, "InvalidClientTokenId")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_key_sees_only_its_projects_queues_and_topics_in_its_region() {
    let emulator = start(EmulatorOptions::default()).await;
    let client = api_client(&emulator);
    let mine = emulator.default_project();
    let theirs = ProjectId("9e41c3a0-5b6d-4c1e-8f2a-7d3b9c0e1f24".into());
    let queues = issue(&client, Service::Sqs, REGION, &mine, ALL).await;
    let other = issue(&client, Service::Sqs, REGION, &theirs, ALL).await;
    let made = sqs(
        &queues.endpoint,
        "CreateQueue",
        json!({"QueueName": "orders"}),
    )
    .await;
    let url: Value = serde_json::from_str(&made.body).unwrap();
    let url = url["QueueUrl"].as_str().unwrap();
    assert_eq!(
        url,
        format!("{}/project-{mine}/orders", queues.endpoint.url)
    );

    let absent = (400, "AWS.SimpleQueueService.NonExistentQueue");
    assert_eq!(
        code(
            &sqs(
                &other.endpoint,
                "GetQueueUrl",
                json!({"QueueName": "orders"})
            )
            .await
        ),
        absent
    );
    assert_eq!(
        code(
            &sqs(
                &other.endpoint,
                "SendMessage",
                json!({"QueueUrl": url, "MessageBody": "x"})
            )
            .await
        ),
        absent
    );
    let listed = sqs(&other.endpoint, "ListQueues", json!({})).await;
    assert_eq!(listed.body, "{}");

    // The same key elsewhere: another region, or the other product, does not know it.
    let amsterdam = Endpoint {
        url: emulator.data_plane_url(Service::Sqs, Region::NlAms),
        region: Region::NlAms,
        ..queues.endpoint.clone()
    };
    assert_eq!(
        code(&sqs(&amsterdam, "ListQueues", json!({})).await),
        (403, "InvalidClientTokenId")
    );
    let as_topics = Endpoint {
        service: Service::Sns,
        url: emulator.data_plane_url(Service::Sns, REGION),
        ..queues.endpoint.clone()
    };
    assert_eq!(
        code(&sns(&as_topics, &[("Action", "ListTopics")]).await),
        (403, "InvalidClientTokenId")
    );

    let topics = issue(&client, Service::Sns, REGION, &mine, ALL).await;
    let other_topics = issue(&client, Service::Sns, REGION, &theirs, ALL).await;
    sns(
        &topics.endpoint,
        &[("Action", "CreateTopic"), ("Name", "news")],
    )
    .await;
    let topic = format!("arn:scw:sns:fr-par:project-{mine}:news");
    assert_eq!(
        code(
            &sns(
                &other_topics.endpoint,
                &[("Action", "GetTopicAttributes"), ("TopicArn", &topic)]
            )
            .await
        ),
        (404, "NotFound")
    );
    let listed = sns(&other_topics.endpoint, &[("Action", "ListTopics")]).await;
    assert!(!listed.body.contains("news"), "{}", listed.body);
    // Their queue cannot be subscribed to my topic.
    sqs(
        &other.endpoint,
        "CreateQueue",
        json!({"QueueName": "theirs"}),
    )
    .await;
    let their_queue = format!("arn:scw:sqs:fr-par:project-{theirs}:theirs");
    let subscribe = [
        ("Action", "Subscribe"),
        ("TopicArn", topic.as_str()),
        ("Protocol", "sqs"),
        ("Endpoint", their_queue.as_str()),
    ];
    assert_eq!(
        code(&sns(&topics.endpoint, &subscribe).await),
        (400, "InvalidParameter")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_receive_waits_for_a_message_to_arrive_or_become_visible() {
    let emulator = start(EmulatorOptions::default()).await;
    let client = api_client(&emulator);
    let queues = issue(
        &client,
        Service::Sqs,
        REGION,
        &emulator.default_project(),
        ALL,
    )
    .await;
    let endpoint = queues.endpoint.clone();
    let made = sqs(&endpoint, "CreateQueue", json!({"QueueName": "slow"})).await;
    let url: Value = serde_json::from_str(&made.body).unwrap();
    let url = url["QueueUrl"].as_str().unwrap().to_owned();
    let receive = |wait: u32| {
        let (endpoint, url) = (endpoint.clone(), url.clone());
        async move {
            sqs(
                &endpoint,
                "ReceiveMessage",
                json!({"QueueUrl": url, "WaitTimeSeconds": wait}),
            )
            .await
        }
    };
    assert_eq!(receive(0).await.body, "{}", "nothing to receive");

    // A delayed message: not there at once, received by a receive that waits for it.
    let delayed = json!({"QueueUrl": url, "MessageBody": "delayed", "DelaySeconds": 1});
    assert!(sqs(&endpoint, "SendMessage", delayed).await.is_success());
    assert_eq!(receive(0).await.body, "{}", "still delayed");
    let received = receive(10).await;
    assert!(
        received.body.contains("\"Body\":\"delayed\""),
        "{}",
        received.body
    );

    // A message sent while a receive waits: it answers with it.
    let receiving = tokio::spawn(receive(20));
    assert!(
        sqs(
            &endpoint,
            "SendMessage",
            json!({"QueueUrl": url, "MessageBody": "late"})
        )
        .await
        .is_success()
    );
    let received = tokio::time::timeout(Duration::from_secs(15), receiving)
        .await
        .expect("the waiting receive answers once the message is there, before its 20 s")
        .unwrap();
    assert!(
        received.body.contains("\"Body\":\"late\""),
        "{}",
        received.body
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn queues_messages_topics_and_subscriptions_survive_a_restart_on_the_state_file() {
    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("state.json");
    let options = || EmulatorOptions {
        state_file: Some(state.clone()),
        ..EmulatorOptions::default()
    };
    let emulator = start(options()).await;
    let client = api_client(&emulator);
    let project = emulator.default_project();
    let queues = issue(&client, Service::Sqs, REGION, &project, ALL).await;
    let topics = issue(&client, Service::Sns, REGION, &project, ALL).await;
    sqs(
        &queues.endpoint,
        "CreateQueue",
        json!({"QueueName": "kept"}),
    )
    .await;
    let url = format!("{}/project-{project}/kept", queues.endpoint.url);
    sqs(
        &queues.endpoint,
        "SendMessage",
        json!({"QueueUrl": url, "MessageBody": "before"}),
    )
    .await;
    sns(
        &topics.endpoint,
        &[("Action", "CreateTopic"), ("Name", "kept")],
    )
    .await;
    let topic = format!("arn:scw:sns:fr-par:project-{project}:kept");
    let queue_arn = format!("arn:scw:sqs:fr-par:project-{project}:kept");
    let subscribed = sns(
        &topics.endpoint,
        &[
            ("Action", "Subscribe"),
            ("TopicArn", &topic),
            ("Protocol", "sqs"),
            ("Endpoint", &queue_arn),
            ("Attributes.entry.1.key", "RawMessageDelivery"),
            ("Attributes.entry.1.value", "true"),
        ],
    )
    .await;
    assert!(subscribed.is_success(), "{subscribed:?}");
    emulator.stop().await;

    // Another port: the same keys sign for the new endpoints.
    let emulator = start(options()).await;
    let at = |issued: &Issued| Endpoint {
        url: emulator.data_plane_url(issued.endpoint.service, REGION),
        ..issued.endpoint.clone()
    };
    let (queues, topics) = (at(&queues), at(&topics));
    let url = format!("{}/project-{project}/kept", queues.url);
    let published = sns(
        &topics,
        &[
            ("Action", "Publish"),
            ("TopicArn", &topic),
            ("Message", "after"),
        ],
    )
    .await;
    assert!(published.is_success(), "{published:?}");
    let received = sqs(
        &queues,
        "ReceiveMessage",
        json!({"QueueUrl": url, "MaxNumberOfMessages": 10}),
    )
    .await;
    assert!(
        received.body.contains("\"Body\":\"before\""),
        "{}",
        received.body
    );
    assert!(
        received.body.contains("\"Body\":\"after\""),
        "{}",
        received.body
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn injected_faults_reach_the_data_plane_too() {
    let emulator = start(EmulatorOptions {
        faults: FaultConfig {
            failure_rate: 1.0,
            kinds: vec![FaultKind::Unavailable],
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    })
    .await;
    let endpoint = Endpoint {
        service: Service::Sqs,
        url: emulator.data_plane_url(Service::Sqs, REGION),
        region: REGION,
        access_key: "SCWQ7M2K9D4TXB8RFN3H".into(),
        secret_key: Secret::new("6f1d3c2a-8b4e-4f7a-9c1d-2e3f4a5b6c7d"),
    };
    let answer = sqs(&endpoint, "ListQueues", json!({})).await;
    assert_eq!(answer.status, 503);
    let stats = emulator.fault_stats().expect("faults are on");
    assert_eq!(
        stats.unavailable.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

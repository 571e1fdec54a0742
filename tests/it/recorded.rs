//! The 298 recorded exchanges with the real Scaleway API (`tests/fixtures/recorded/`, copied
//! from `api/recorded/interactions.json`): the client's types decode every answer, and the
//! emulator answers the same operations with the same statuses and the same JSON shapes.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, DeniedAction};
use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::support;

#[derive(Debug, Deserialize)]
struct Interaction {
    source: String,
    method: String,
    path: String,
    status: u16,
    response_body: Value,
}

fn recorded() -> Vec<Interaction> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/recorded/interactions.json"
    );
    let text = std::fs::read_to_string(path).expect("the recorded exchanges are in the repository");
    let interactions: Vec<Interaction> = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(interactions.len(), 298);
    interactions
}

/// What a path names: the collection (`sqs-credentials`, `activate-sqs`, ...) and whether an id
/// follows it.
fn operation(path: &str) -> (&str, bool) {
    let rest = path
        .strip_prefix("/mnq/v1beta1/regions/fr-par/")
        .unwrap_or_else(|| panic!("unexpected path {path}"));
    match rest.split_once('/') {
        Some((collection, _id)) => (collection, true),
        None => (rest, false),
    }
}

/// The path with its id replaced by `{id}`.
fn template(method: &str, path: &str) -> String {
    let (collection, has_id) = operation(path);
    let id = if has_id { "/{id}" } else { "" };
    format!("{method} /mnq/v1beta1/regions/fr-par/{collection}{id}")
}

/// Decodes a body as `T`, and checks that encoding it again gives back every key and value that
/// was recorded (so the model drops nothing and writes timestamps as the API does).
fn round_trips<T: DeserializeOwned + serde::Serialize>(body: &Value) -> Result<(), String> {
    let decoded: T = serde_json::from_value(body.clone()).map_err(|e| e.to_string())?;
    let encoded = serde_json::to_value(&decoded).map_err(|e| e.to_string())?;
    contains(&encoded, body, "")
}

/// Whether `whole` has every key of `part` with the same value (it may have more keys).
fn contains(whole: &Value, part: &Value, at: &str) -> Result<(), String> {
    match (whole, part) {
        (Value::Object(whole), Value::Object(part)) => part.iter().try_for_each(|(key, value)| {
            let here = format!("{at}.{key}");
            let other = whole.get(key).ok_or_else(|| format!("{here} is lost"))?;
            contains(other, value, &here)
        }),
        (Value::Array(whole), Value::Array(part)) if whole.len() == part.len() => whole
            .iter()
            .zip(part)
            .enumerate()
            .try_for_each(|(i, (w, p))| contains(w, p, &format!("{at}[{i}]"))),
        _ if whole == part => Ok(()),
        _ => Err(format!("{at}: {part} became {whole}")),
    }
}

/// Decodes a successful answer into the model type of its operation.
fn decode_success(method: &str, path: &str, body: &Value) -> Result<(), String> {
    let (collection, has_id) = operation(path);
    let list = method == "GET" && !has_id;
    match collection {
        "nats-accounts" if list => round_trips::<ListNatsAccountsResponse>(body),
        "nats-accounts" => round_trips::<NatsAccount>(body),
        "nats-credentials" if list => round_trips::<ListNatsCredentialsResponse>(body),
        "nats-credentials" => round_trips::<NatsCredentials>(body),
        "sqs-credentials" if list => round_trips::<ListSqsCredentialsResponse>(body),
        "sns-credentials" if list => round_trips::<ListSnsCredentialsResponse>(body),
        "sqs-credentials" | "sns-credentials" => round_trips::<ServiceCredentials>(body),
        "sqs-info" | "activate-sqs" | "deactivate-sqs" => round_trips::<SqsInfo>(body),
        "sns-info" | "activate-sns" | "deactivate-sns" => round_trips::<SnsInfo>(body),
        other => Err(format!("no model for {other}")),
    }
}

#[test]
fn every_recorded_success_decodes_into_its_model_type() {
    let mut decoded = 0;
    for (index, exchange) in recorded().iter().enumerate() {
        let what = format!(
            "#{index} {} {} {} ({})",
            exchange.method, exchange.path, exchange.status, exchange.source
        );
        match exchange.status {
            204 => {
                assert_eq!(exchange.method, "DELETE", "{what}");
                assert_eq!(exchange.response_body, Value::Null, "{what}");
            }
            200 => {
                decode_success(&exchange.method, &exchange.path, &exchange.response_body)
                    .unwrap_or_else(|problem| panic!("{what}: {problem}"));
                decoded += 1;
            }
            _ => {}
        }
    }
    assert_eq!(decoded, 201);
}

#[test]
fn recorded_answers_keep_their_telling_values_once_decoded() {
    for exchange in recorded() {
        let (collection, has_id) = operation(&exchange.path);
        let body = exchange.response_body;
        match (exchange.status, exchange.method.as_str(), collection) {
            (200, "POST", "nats-credentials") => {
                let created: NatsCredentials = serde_json::from_value(body).unwrap();
                let file = created.credentials.expect("create carries the file");
                assert_eq!(file.name, "user.creds");
                assert!(
                    file.content
                        .expose()
                        .starts_with("-----BEGIN NATS USER JWT-----\n")
                );
                assert_eq!(created.checksum.len(), 40);
            }
            (200, "GET", "nats-credentials") if has_id => {
                let read: NatsCredentials = serde_json::from_value(body).unwrap();
                assert_eq!(read.credentials, None, "reads never carry the file");
            }
            (200, _, "sqs-credentials" | "sns-credentials") => {
                let credentials: ServiceCredentials = serde_json::from_value(body).unwrap();
                assert_eq!(credentials.access_key.len(), 20);
                assert!(credentials.permissions.is_some());
                let debug = format!("{credentials:?}");
                assert!(
                    !debug.contains("00000000-0000-0000-0000-000000000000"),
                    "Debug hides the secret key: {debug}"
                );
            }
            (200, "POST", "deactivate-sqs") => {
                let info = ServiceInfo::from(serde_json::from_value::<SqsInfo>(body).unwrap());
                assert_eq!(info.status, ServiceStatus::Disabled);
                assert_eq!((info.created_at, info.updated_at), (None, None));
                assert_eq!(info.endpoint_url, "https://sqs.mnq.fr-par.scaleway.com");
            }
            _ => {}
        }
    }
}

#[test]
fn every_recorded_error_decodes_into_its_api_error() {
    let mut seen = BTreeMap::<u16, usize>::new();
    for exchange in recorded().iter().filter(|e| e.status >= 400) {
        let what = format!("{} {} {}", exchange.method, exchange.path, exchange.status);
        let body = serde_json::to_vec(&exchange.response_body).unwrap();
        let error = ApiError::from_response(exchange.status, &body);
        let text = |key: &str| exchange.response_body[key].as_str().unwrap().to_owned();
        match exchange.status {
            400 => {
                let ApiError::InvalidArguments { arguments, .. } = &error else {
                    panic!("{what}: {error:?}");
                };
                assert_eq!(arguments[0].name, "nats_account_id", "{what}");
                assert_eq!(arguments[0].reason, "constraint", "{what}");
                assert_eq!(arguments[0].help, "value length must be 56 runes", "{what}");
            }
            403 => assert_eq!(
                error,
                ApiError::PermissionsDenied {
                    denied: vec![DeniedAction {
                        action: "read".into(),
                        resource: "namespace".into(),
                    }],
                },
                "{what}"
            ),
            404 => assert_eq!(
                error,
                ApiError::NotFound {
                    resource: text("resource"),
                    resource_id: text("resource_id"),
                },
                "{what}"
            ),
            409 => assert_eq!(
                error,
                ApiError::AlreadyExists {
                    resource: "MnqSQSNamespace".into(),
                    resource_id: text("resource_id"),
                    help: Some("SQS is already enabled on this project".into()),
                },
                "{what}"
            ),
            other => panic!("{what}: no expectation for {other}"),
        }
        assert_eq!(error.status(), Some(exchange.status), "{what}");
        let message = error.to_string();
        assert!(
            !message.contains('{') && !message.contains("\"type\""),
            "{what}: a sentence, not the JSON: {message}"
        );
        *seen.entry(exchange.status).or_default() += 1;
    }
    assert_eq!(
        seen,
        BTreeMap::from([(400, 2), (403, 37), (404, 36), (409, 1)])
    );
}

#[test]
fn recorded_error_messages_read_as_advice() {
    let by_status = |status: u16, resource: &str| {
        recorded()
            .into_iter()
            .find(|e| e.status == status && e.response_body["resource"] == resource)
            .map(|e| {
                ApiError::from_response(status, &serde_json::to_vec(&e.response_body).unwrap())
            })
            .unwrap_or_else(|| panic!("a recorded {status} about {resource}"))
    };
    let error = by_status(404, "MnqSQSNamespace");
    assert!(
        error
            .to_string()
            .starts_with("not activated (404): Queues is not activated for project "),
        "{error}"
    );
    let error = by_status(404, "credentials");
    assert!(
        error
            .to_string()
            .ends_with("does not exist (it may have been deleted already) — reload the list"),
        "{error}"
    );
    let denied = recorded()
        .into_iter()
        .find(|e| e.status == 403)
        .expect("a recorded 403");
    let error = ApiError::from_response(403, &serde_json::to_vec(&denied.response_body).unwrap());
    assert_eq!(
        error.to_string(),
        "permission denied (403): this API key may not read namespace in this project — give \
         it MessagingAndQueuingReadOnly or MessagingAndQueuingFullAccess in its IAM policy; \
         right after an activation this can last a few seconds"
    );
}

// The emulator against the recordings

/// The shape of a JSON value: every key path with the JSON type of its value
/// (`permissions.can_manage: bool`), items of arrays under `[]`.
fn shape(value: &Value) -> BTreeSet<String> {
    fn walk(value: &Value, at: &str, shape: &mut BTreeSet<String>) {
        let kind = match value {
            Value::Null => "null",
            Value::Bool(_) => "bool",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !at.is_empty() {
            shape.insert(format!("{at}: {kind}"));
        }
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    let here = if at.is_empty() {
                        key.clone()
                    } else {
                        format!("{at}.{key}")
                    };
                    walk(value, &here, shape);
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, &format!("{at}[]"), shape);
                }
            }
            _ => {}
        }
    }
    let mut shape = BTreeSet::new();
    walk(value, "", &mut shape);
    shape
}

/// Only the key paths of a shape.
fn keys(shape: &BTreeSet<String>) -> BTreeSet<String> {
    shape
        .iter()
        .map(|entry| entry.split(": ").next().unwrap_or_default().to_owned())
        .collect()
}

/// One exchange with the emulator.
struct Exchange {
    template: String,
    status: u16,
    body: Value,
    content_type: Option<String>,
    has_request_id: bool,
}

/// Talks to the emulator as the recorded clients did, without the crate's client (which would
/// hide the raw JSON).
struct Raw {
    http: reqwest::Client,
    base: String,
    token: String,
    exchanges: Vec<Exchange>,
}

impl Raw {
    fn new(emulator: &Emulator) -> Raw {
        mnq_tui::api::install_tls_provider();
        Raw {
            http: reqwest::Client::new(),
            base: format!("{}/mnq/v1beta1/regions/fr-par", emulator.url()),
            token: emulator.api_key().secret_key.expose().to_owned(),
            exchanges: Vec::new(),
        }
    }

    /// Sends a call and keeps the exchange; returns the answer's JSON.
    async fn call(&mut self, method: &str, rest: &str, body: Option<Value>) -> Value {
        let url = format!("{}/{rest}", self.base);
        let method_value = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .http
            .request(method_value, &url)
            .header("X-Auth-Token", &self.token);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.expect("the emulator answers");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let has_request_id = response.headers().contains_key("x-request-id");
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("the emulator answers JSON")
        };
        let path = url::Url::parse(&url).unwrap().path().to_owned();
        self.exchanges.push(Exchange {
            template: template(method, &path),
            status,
            body: body.clone(),
            content_type,
            has_request_id,
        });
        body
    }
}

/// Runs, on the emulator, every operation the recordings hold, in the states they were
/// recorded in.
async fn emulator_exchanges() -> Vec<Exchange> {
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..EmulatorOptions::default()
    })
    .await;
    let project = emulator.default_project().to_string();
    let mut raw = Raw::new(&emulator);
    let on_project = json!({ "project_id": project });

    for name in ["sqs", "sns"] {
        let info = format!("{name}-info?project_id={project}");
        raw.call("GET", &info, None).await;
        raw.call(
            "POST",
            &format!("activate-{name}"),
            Some(on_project.clone()),
        )
        .await;
        raw.call(
            "POST",
            &format!("activate-{name}"),
            Some(on_project.clone()),
        )
        .await;
        raw.call("GET", &info, None).await;
        let created = raw
            .call(
                "POST",
                &format!("{name}-credentials"),
                Some(json!({
                    "project_id": project,
                    "name": "test-mnq-credentials-basic",
                    "permissions": {"can_publish": false, "can_receive": true, "can_manage": false}
                })),
            )
            .await;
        let one = format!("{name}-credentials/{}", created["id"].as_str().unwrap());
        raw.call("GET", &one, None).await;
        // Terraform's PATCH, with a null for the permission it leaves alone.
        let patch =
            json!({"permissions": {"can_publish": true, "can_receive": null, "can_manage": true}});
        raw.call("PATCH", &one, Some(patch)).await;
        raw.call(
            "GET",
            &format!("{name}-credentials?project_id={project}"),
            None,
        )
        .await;
        raw.call("DELETE", &one, None).await;
        raw.call("GET", &one, None).await;
        raw.call("DELETE", &one, None).await;
        raw.call(
            "POST",
            &format!("deactivate-{name}"),
            Some(on_project.clone()),
        )
        .await;
        raw.call(
            "POST",
            &format!("deactivate-{name}"),
            Some(on_project.clone()),
        )
        .await;
        raw.call("GET", &info, None).await;
    }

    raw.call("GET", "nats-accounts?order_by=created_at_asc", None)
        .await;
    let account = raw
        .call(
            "POST",
            "nats-accounts",
            Some(json!({"name": "test-mnq-nats-account", "project_id": project})),
        )
        .await;
    let account_id = account["id"].as_str().unwrap().to_owned();
    raw.call("GET", "nats-accounts?order_by=created_at_asc", None)
        .await;
    let one_account = format!("nats-accounts/{account_id}");
    raw.call("GET", &one_account, None).await;
    raw.call("GET", "nats-accounts/Wrong-id", None).await;
    let created = raw
        .call(
            "POST",
            "nats-credentials",
            Some(json!({"nats_account_id": account_id, "name": "test-mnq-nats-credentials"})),
        )
        .await;
    let one = format!("nats-credentials/{}", created["id"].as_str().unwrap());
    raw.call("GET", &one, None).await;
    raw.call(
        "GET",
        &format!("nats-credentials?nats_account_id={account_id}"),
        None,
    )
    .await;
    raw.call("DELETE", &one, None).await;
    raw.call("GET", &one, None).await;
    raw.call("DELETE", &one, None).await;
    raw.call("DELETE", &one_account, None).await;
    raw.call("GET", &one_account, None).await;
    raw.call("DELETE", &one_account, None).await;
    raw.exchanges
}

/// The recorded shapes per operation and status.
fn recorded_shapes() -> BTreeMap<(String, u16), Vec<BTreeSet<String>>> {
    let mut shapes = BTreeMap::<(String, u16), Vec<BTreeSet<String>>>::new();
    for exchange in recorded() {
        let entry = shapes
            .entry((template(&exchange.method, &exchange.path), exchange.status))
            .or_default();
        let shape = shape(&exchange.response_body);
        if !entry.contains(&shape) {
            entry.push(shape);
        }
    }
    shapes
}

/// The fields (last key of a path) the real API was seen to set to `null` in some answer.
fn nullable_fields() -> BTreeSet<String> {
    recorded_shapes()
        .values()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.strip_suffix(": null"))
        .map(|path| path.rsplit('.').next().unwrap_or(path).to_owned())
        .collect()
}

/// Whether an emulated shape has the recorded one's keys and types. A recording shows one
/// state; `null` is accepted where the real API was seen to write `null` for that field
/// (SNS info of a disabled project was never recorded, SQS info of one was).
fn same_types(
    emulated: &BTreeSet<String>,
    recorded: &BTreeSet<String>,
    nullable: &BTreeSet<String>,
) -> bool {
    let types = |shape: &BTreeSet<String>| -> BTreeMap<String, String> {
        shape
            .iter()
            .filter_map(|entry| entry.split_once(": "))
            .map(|(path, kind)| (path.to_owned(), kind.to_owned()))
            .collect()
    };
    let (emulated, recorded) = (types(emulated), types(recorded));
    emulated.len() == recorded.len()
        && emulated.iter().all(|(path, kind)| {
            let field = path.rsplit('.').next().unwrap_or(path);
            recorded.get(path).is_some_and(|recorded_kind| {
                recorded_kind == kind || (kind == "null" && nullable.contains(field))
            })
        })
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulator_answers_with_the_recorded_statuses_and_shapes() {
    let recorded = recorded_shapes();
    let nullable = nullable_fields();
    let exchanges = emulator_exchanges().await;
    let mut compared = BTreeSet::new();
    for exchange in &exchanges {
        let what = format!("{} → {}", exchange.template, exchange.status);
        assert_eq!(
            exchange.content_type.as_deref(),
            Some("application/json"),
            "{what}"
        );
        assert!(exchange.has_request_id, "{what}: X-Request-Id");
        let Some(shapes) = recorded.get(&(exchange.template.clone(), exchange.status)) else {
            // Never recorded (lists of credentials, SNS activated twice): the next test
            // checks that these decode.
            continue;
        };
        let emulated = shape(&exchange.body);
        let key_sets: Vec<BTreeSet<String>> = shapes.iter().map(keys).collect();
        assert!(
            key_sets.contains(&keys(&emulated)),
            "{what}: the emulator's keys {:?} are none of the recorded {key_sets:?}",
            keys(&emulated)
        );
        assert!(
            shapes
                .iter()
                .any(|shape| same_types(&emulated, shape, &nullable)),
            "{what}: the emulator's JSON types {emulated:?} are none of the recorded {shapes:?}"
        );
        compared.insert((exchange.template.clone(), exchange.status));
    }

    // Every recorded operation and status was reproduced, but the 403 that the real API gives
    // for a few seconds after an activation (the emulator is consistent at once).
    let missing: Vec<_> = recorded
        .keys()
        .filter(|key| key.1 != 403 && !compared.contains(*key))
        .collect();
    assert!(missing.is_empty(), "not reproduced: {missing:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_emulators_answers_decode_like_the_recorded_ones() {
    for exchange in emulator_exchanges().await {
        let (method, path) = exchange.template.split_once(' ').unwrap();
        match exchange.status {
            200 => decode_success(method, path, &exchange.body)
                .unwrap_or_else(|problem| panic!("{}: {problem}", exchange.template)),
            204 => assert_eq!(exchange.body, Value::Null),
            status => {
                let error = ApiError::from_response(status, exchange.body.to_string().as_bytes());
                assert_eq!(error.status(), Some(status), "{}", exchange.template);
                assert!(
                    !matches!(
                        error,
                        ApiError::Rejected { .. } | ApiError::UnexpectedResponse { .. }
                    ),
                    "{}: {error:?}",
                    exchange.template
                );
            }
        }
    }
}

/// The first recorded error answer of `method` on a path ending with `ending` (ids replaced by
/// `{id}`), with this status.
fn recorded_error(method: &str, ending: &str, status: u16) -> Value {
    recorded()
        .into_iter()
        .find(|interaction| {
            interaction.method == method
                && interaction.status == status
                && template(method, &interaction.path).ends_with(ending)
        })
        .unwrap_or_else(|| panic!("a recorded {status} for {method} …{ending}"))
        .response_body
}

/// The keys of a JSON object, sorted.
fn object_keys(value: &Value) -> Vec<String> {
    let mut keys: Vec<String> = value
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    keys.sort();
    keys
}

/// `--propagation-ms`: reads right after a create or an activation answer the recorded 404
/// and 403 bodies key for key; lists show what was made at once. The window (ten minutes)
/// outlasts the test, so nothing here depends on timing.
#[tokio::test(flavor = "multi_thread")]
async fn while_propagating_reads_answer_as_the_api_was_recorded() {
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        propagation: Duration::from_secs(600),
        ..EmulatorOptions::default()
    })
    .await;
    let project = emulator.default_project();
    let mut raw = Raw::new(&emulator);
    let status = |raw: &Raw| raw.exchanges.last().expect("a call was made").status;

    for service in ["sqs", "sns"] {
        raw.call(
            "POST",
            &format!("activate-{service}"),
            Some(json!({"project_id": project})),
        )
        .await;
        assert_eq!(status(&raw), 200);
        let info = raw
            .call("GET", &format!("{service}-info?project_id={project}"), None)
            .await;
        assert_eq!(status(&raw), 403, "{service}-info");
        assert_eq!(
            info,
            recorded_error("GET", &format!("/{service}-info"), 403),
            "the recorded body, whole"
        );

        let created = raw
            .call(
                "POST",
                &format!("{service}-credentials"),
                Some(json!({"project_id": project, "name": "fresh",
                    "permissions": {"can_publish": true}})),
            )
            .await;
        let id = created["id"].as_str().expect("an id").to_owned();
        let path = format!("{service}-credentials/{id}");
        let answer = raw.call("GET", &path, None).await;
        assert_eq!(status(&raw), 404, "{path}");
        let recorded = recorded_error("GET", &format!("/{service}-credentials/{{id}}"), 404);
        assert_eq!(object_keys(&answer), object_keys(&recorded));
        for key in ["type", "message", "resource"] {
            assert_eq!(answer[key], recorded[key], "{key}");
        }
        // Recorded: a NATS-style id (56 characters, A…), not the credentials' id, the same on
        // every such answer of one project.
        let namespace = answer["resource_id"].as_str().expect("a resource_id");
        let recorded_namespace = recorded["resource_id"].as_str().expect("a resource_id");
        assert_eq!(namespace.len(), recorded_namespace.len());
        assert_eq!(&namespace[..1], &recorded_namespace[..1]);
        assert_ne!(namespace, id);
        assert_eq!(raw.call("GET", &path, None).await["resource_id"], namespace);

        let list = raw
            .call(
                "GET",
                &format!("{service}-credentials?project_id={project}"),
                None,
            )
            .await;
        assert_eq!(list["total_count"], 1, "lists show it at once");
        assert_eq!(list[format!("{service}_credentials")][0]["id"], id.as_str());
    }

    let account = raw
        .call(
            "POST",
            "nats-accounts",
            Some(json!({"project_id": project, "name": "bus"})),
        )
        .await;
    let account_id = account["id"].as_str().expect("an id").to_owned();
    let answer = raw
        .call("GET", &format!("nats-accounts/{account_id}"), None)
        .await;
    assert_eq!(status(&raw), 404);
    // Recorded: the 404 names the account itself.
    let mut expected = recorded_error("GET", "/nats-accounts/{id}", 404);
    expected["resource_id"] = json!(account_id);
    assert_eq!(answer, expected);
    let list = raw
        .call("GET", &format!("nats-accounts?project_id={project}"), None)
        .await;
    assert_eq!(list["nats_accounts"][0]["id"], account_id.as_str());

    let credentials = raw
        .call(
            "POST",
            "nats-credentials",
            Some(json!({"nats_account_id": account_id, "name": "user"})),
        )
        .await;
    let id = credentials["id"].as_str().expect("an id").to_owned();
    let answer = raw
        .call("GET", &format!("nats-credentials/{id}"), None)
        .await;
    assert_eq!(status(&raw), 404);
    // Recorded: the 404 names the credentials' account, not the credentials.
    let mut expected = recorded_error("GET", "/nats-credentials/{id}", 404);
    expected["resource_id"] = json!(account_id);
    assert_eq!(answer, expected);
}

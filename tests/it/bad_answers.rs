//! Bad answers from the API: each one ends in a message a person can act on, and the console
//! stays usable.
//!
//! Each test drives the real `update` and the real `worker::execute` (with a real `Client`)
//! against a small hand-written HTTP server on `127.0.0.1:0` that answers badly on purpose:
//! broken or cut JSON, an HTML page, bytes that are not UTF-8, missing fields, unknown values,
//! an empty body, a slow drip, error statuses; and against a closed port and a TLS handshake
//! with a plain-HTTP server. Then it checks what the person sees: the title names the request (product,
//! region), the text is the exact message, no text holds the secret key; Esc closes the
//! message, and F5 sends the request again, which shows the list once the server is healthy.

use std::collections::VecDeque;
use std::time::Duration;

use mnq_tui::api::model::*;
use mnq_tui::api::{Client, ClientConfig};
use mnq_tui::app::*;
use mnq_tui::{ui, worker};
use ratatui::layout::Size;

use crate::support::client;
use crate::support::http::{Reply, Request, ScriptedServer, http, json, refused_url};
use crate::support::view::{render, screen_lines};

const SECRET: &str = "9d3f6a12-58c4-4e0b-a7d1-2c9e8b4f7a60";
const PROJECT: &str = "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85";
const QUEUES_ID: &str = "eeb7c65d-8835-4277-aed8-4b7065cec176";
const TOPICS_ID: &str = "5a1c9e37-2f04-4b8d-96e3-7d0b1f2a8c45";
const ACCOUNT_ID: &str = "ACXWXPZ7R6QVK2DJYH5FUBTL3NMGOE4SI7AWC6XKQ2RZPJ5VDHLNYF3T";
/// Retries that take a few milliseconds, so that "after the retries" comes quickly.
const RETRIES: u32 = 2;

// What the API answers

fn credentials_json(id: &str, name: &str, region: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"{name}","project_id":"{PROJECT}","region":"{region}",
            "created_at":"2025-05-19T09:12:44.464973Z","updated_at":"2025-05-19T09:12:44.464973Z",
            "access_key":"SCWQ7M2K9D4TXB8RFN3H","secret_key":"","secret_checksum":"",
            "permissions":{{"can_publish":true,"can_receive":false,"can_manage":false}}}}"#
    )
}

/// What the API answers: one credentials row per list, an activated service, 204 to a revoke,
/// and the updated row to an update.
fn healthy(request: &Request) -> Reply {
    let region = request.region();
    match request.method.as_str() {
        "DELETE" => http("204 No Content", &[], ""),
        "PATCH" => {
            let name = request
                .text
                .split("\"name\":\"")
                .nth(1)
                .and_then(|rest| rest.split('"').next())
                .unwrap_or("renamed");
            json("200 OK", &credentials_json(QUEUES_ID, name, region))
        }
        _ if request.ends_with("sqs-credentials") => json(
            "200 OK",
            &format!(
                r#"{{"total_count":1,"sqs_credentials":[{}]}}"#,
                credentials_json(QUEUES_ID, "orders-producer", region)
            ),
        ),
        _ if request.ends_with("sns-credentials") => json(
            "200 OK",
            &format!(
                r#"{{"total_count":1,"sns_credentials":[{}]}}"#,
                credentials_json(TOPICS_ID, "billing-events", region)
            ),
        ),
        _ if request.ends_with("-info") => json("200 OK", &info_json(request, "enabled")),
        _ if request.ends_with("nats-accounts") => json(
            "200 OK",
            &format!(
                r#"{{"total_count":1,"nats_accounts":[{{"id":"{ACCOUNT_ID}","name":"orders-bus",
                    "endpoint":"nats://nats.mnq.{region}.scaleway.com:4222",
                    "project_id":"{PROJECT}","region":"{region}","created_at":null,
                    "updated_at":null}}]}}"#
            ),
        ),
        _ if request.ends_with("nats-credentials") => json(
            "200 OK",
            &format!(
                r#"{{"total_count":1,"nats_credentials":[{{"id":"{QUEUES_ID}","name":"orders-worker",
                    "nats_account_id":"{ACCOUNT_ID}","region":"{region}","created_at":null,
                    "updated_at":null,"credentials":null,"checksum":"{}"}}]}}"#,
                "0".repeat(40)
            ),
        ),
        _ => json(
            "404 Not Found",
            r#"{"message":"resource is not found","type":"not_found","resource":"path","resource_id":""}"#,
        ),
    }
}

fn info_json(request: &Request, status: &str) -> String {
    let service = if request.ends_with("sqs-info") {
        "sqs"
    } else {
        "sns"
    };
    format!(
        r#"{{"project_id":"{PROJECT}","region":"{}","created_at":null,"updated_at":null,
            "status":"{status}","{service}_endpoint_url":"https://{service}.mnq.{}.scaleway.com"}}"#,
        request.region(),
        request.region()
    )
}

// The console

fn client_for(url: &str, request_timeout: Duration) -> Client {
    let mut config = ClientConfig::new(url, Secret::new(SECRET));
    config.request_timeout = request_timeout;
    config.connect_timeout = Duration::from_secs(2);
    config.retry = client::fast_retries(RETRIES);
    client::build(config)
}

/// The console's program, and the worker's way to the API: every call the program asks for is
/// carried out by the real `worker::execute`, and its answer goes back into the program.
struct Console {
    program: Program,
    client: Client,
    sent: usize,
}

impl Console {
    fn new(client: Client, region: Region) -> Console {
        let session = Session {
            theme: Theme::mono(),
            ..Session::new("test", ProjectId(PROJECT.into()))
        };
        Console {
            program: Program::new(State::new(session, region), Size::new(120, 40)),
            client,
            sent: 0,
        }
    }

    /// Applies a command or another event, then carries out every call it leads to, one after
    /// the other.
    async fn act(&mut self, event: impl Into<Event>) {
        let mut effects: VecDeque<Effect> = self.program.apply(event).effects.into();
        while let Some(effect) = effects.pop_front() {
            if let Effect::Api(id, call) = effect {
                self.sent += 1;
                let answer = worker::execute(&self.client, call).await;
                effects.extend(self.program.answer(id, answer).effects);
            }
        }
        assert!(!self.state().is_busy(), "every request was answered");
    }

    fn state(&self) -> &State {
        self.program.state()
    }

    /// The failure on top, as the person reads it: (title, text).
    fn message(&self) -> Option<(String, String)> {
        match self.state().popup.as_ref() {
            Some(Popup::Failure(failure)) => Some((
                ui::words::failure_title(failure),
                ui::words::failure_text(failure),
            )),
            _ => None,
        }
    }

    /// Names of the rows of the list on screen.
    fn rows(&self) -> Vec<String> {
        match &self.state().screen {
            Screen::Service(page) => page
                .credentials
                .rows()
                .iter()
                .map(|r| r.name.clone())
                .collect(),
            Screen::NatsAccounts(list) => list.rows().iter().map(|r| r.name.clone()).collect(),
            Screen::NatsAccount(page) => page
                .credentials
                .rows()
                .iter()
                .map(|r| r.name.clone())
                .collect(),
            Screen::Products { .. } => Vec::new(),
        }
    }

    /// The whole screen as a 120×40 terminal shows it.
    fn screen(&self) -> String {
        screen_lines(&render(self.state(), Size::new(120, 40))).join("\n")
    }

    /// Checks the message on top: its title and its exact text, and that neither holds the
    /// secret key.
    fn assert_message(&self, title: &str, text: &str) {
        let Some((shown_title, shown_text)) = self.message() else {
            panic!("no message; the screen:\n{}", self.screen());
        };
        assert_eq!(shown_title, title);
        assert_eq!(shown_text, text);
        assert!(!shown_text.contains(SECRET) && !shown_title.contains(SECRET));
        let screen = self.screen();
        assert!(screen.contains(&format!(" {title} ")), "{screen}");
        assert!(!screen.contains(&SECRET[..12]), "{screen}");
    }

    /// Esc closes the message; F5 sends the list again, which shows the row once the server
    /// answers well.
    async fn assert_usable_after(&mut self, server: &ScriptedServer, row: &str) {
        self.act(Command::Back).await;
        assert!(self.message().is_none(), "Esc closes the message");
        assert!(self.state().popup.is_none());
        server.answer_with(healthy);
        let before = self.sent;
        self.act(Command::Reload).await;
        assert!(self.sent > before, "F5 sends the request again");
        assert_eq!(self.rows(), [row], "the list after F5:\n{}", self.screen());
        assert!(self.message().is_none(), "{:?}", self.message());
    }
}

// Listing Queues credentials in fr-par

const LIST_QUEUES: &str = "Could not list Queues credentials in fr-par";
const PROXY_OR_API: &str = " — a proxy may be in the way, or the API changed";

/// Opens Queues in fr-par against a server that answers the list (and only the list) with
/// `bad`.
async fn queues_listed_with(
    bad: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (ScriptedServer, Console) {
    let server = ScriptedServer::start(healthy).await;
    server.answer_with(move |request| {
        if request.ends_with("sqs-credentials") {
            bad(request)
        } else {
            healthy(request)
        }
    });
    let mut console = Console::new(
        client_for(&server.url, Duration::from_secs(5)),
        Region::FrPar,
    );
    console.act(Command::GoToQueues).await;
    (server, console)
}

#[tokio::test]
async fn malformed_json() {
    let body = r#"{"total_count":1,"sqs_credentials":[{"id":"eeb7c65d","name":"#;
    let (server, mut console) = queues_listed_with(move |_| json("200 OK", body)).await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): the JSON ends too early (line 1 column \
             {}): the answer was cut{PROXY_OR_API}",
            body.len()
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn a_name_that_is_not_utf8() {
    // "café" in Latin-1 (é is the byte 0xE9), as a proxy re-encoding the answer would send it.
    let item = credentials_json(QUEUES_ID, "caf\u{1}", "fr-par");
    let body: Vec<u8> = format!(r#"{{"total_count":1,"sqs_credentials":[{item}]}}"#)
        .bytes()
        .map(|byte| if byte == 1 { 0xE9 } else { byte })
        .collect();
    let (server, mut console) =
        queues_listed_with(move |_| http("200 OK", &[("Content-Type", "application/json")], &body))
            .await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): the body holds bytes that are not UTF-8 \
             text (line 1 column 93){PROXY_OR_API}"
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn a_body_that_is_not_json() {
    // A proxy's sign-in page, echoing the request it stopped, secret key included.
    let (server, mut console) = queues_listed_with(|request| {
        let page = format!(
            "<!DOCTYPE html>\n<html><body><h1>Sign in to continue</h1><pre>{}</pre></body></html>",
            request.text
        );
        http("200 OK", &[("Content-Type", "text/html")], &page)
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): the body is not JSON but an HTML page \
             (line 1 column 1){PROXY_OR_API}"
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn an_html_error_page() {
    // A gateway's error page that shows the secret key it was sent.
    let (server, mut console) = queues_listed_with(|request| {
        let page = format!(
            "<html>\n<body>\n<h1>502 Bad Gateway</h1>\n<p>x-auth-token: {}</p>\n</body>\n</html>\n",
            request.token()
        );
        http("502 Bad Gateway", &[("Content-Type", "text/html")], &page)
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        "Scaleway API error (502): \"<html> <body> <h1>502 Bad Gateway</h1> <p>x-auth-token: \
         <secret key></p> </body> </html>\" — the fault is on the server side; try again in a \
         moment",
    );
    let lists = server
        .requests()
        .iter()
        .filter(|request| request.ends_with("sqs-credentials"))
        .count();
    assert_eq!(lists, 1 + RETRIES as usize, "a 502 to a read is retried");
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn missing_fields() {
    let body = format!(
        r#"{{"total_count":1,"sqs_credentials":[{{"id":"{QUEUES_ID}","name":"orders-producer",
            "project_id":"{PROJECT}","region":"fr-par"}}]}}"#
    );
    let (server, mut console) = queues_listed_with(move |_| json("200 OK", &body)).await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): the JSON does not match the API's \
             schema (missing field `access_key` at line 2 column 82){PROXY_OR_API}"
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn an_unknown_status_is_tolerated() {
    let server = ScriptedServer::start(healthy).await;
    server.answer_with(|request| {
        if request.ends_with("-info") {
            json("200 OK", &info_json(request, "migrating"))
        } else {
            healthy(request)
        }
    });
    let mut console = Console::new(
        client_for(&server.url, Duration::from_secs(5)),
        Region::FrPar,
    );
    console.act(Command::GoToQueues).await;
    assert!(console.message().is_none(), "{:?}", console.message());
    assert_eq!(console.rows(), ["orders-producer"]);
    console.act(Command::NextTab).await;
    let screen = console.screen();
    assert!(screen.contains("Status     ? Unknown"), "{screen}");
}

#[tokio::test]
async fn an_unknown_region_is_a_clear_decode_error() {
    let (server, mut console) = queues_listed_with(|_| {
        json(
            "200 OK",
            &format!(
                r#"{{"total_count":1,"sqs_credentials":[{}]}}"#,
                credentials_json(QUEUES_ID, "orders-producer", "pl-waw")
            ),
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): the JSON does not match the API's \
             schema (unknown value `pl-waw`, expected `fr-par` or `nl-ams` at line 1 column \
             175){PROXY_OR_API}"
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn an_empty_200() {
    let (server, mut console) = queues_listed_with(|_| json("200 OK", "")).await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "unexpected answer from the API (HTTP 200): an empty body where JSON was \
             expected{PROXY_OR_API}"
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn a_slow_drip_hits_the_timeout() {
    let server = ScriptedServer::start(healthy).await;
    server.answer_with(|request| {
        if request.ends_with("sqs-credentials") {
            Reply::Drip {
                body: r#"{"total_count":0,"sqs_credentials":[]}"#.into(),
                every: Duration::from_millis(50),
            }
        } else {
            healthy(request)
        }
    });
    let mut console = Console::new(
        client_for(&server.url, Duration::from_millis(400)),
        Region::FrPar,
    );
    let started = std::time::Instant::now();
    console.act(Command::GoToQueues).await;
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "no complete answer from {} within 0.4 s — the network or the API is slow; try again",
            server.url
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn a_refused_connection() {
    let url = refused_url();
    let mut console = Console::new(client_for(&url, Duration::from_secs(5)), Region::FrPar);
    console.act(Command::GoToQueues).await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "cannot reach {url}: Connection refused (os error 111) — check the network, any \
             proxy, and api_url / SCW_API_URL"
        ),
    );
    // Usable: Esc closes it, F5 tries again (and fails again: nothing listens there).
    console.act(Command::Back).await;
    assert!(console.state().popup.is_none());
    let before = console.sent;
    console.act(Command::Reload).await;
    assert!(console.sent > before);
    assert_eq!(
        console.message().map(|(title, _)| title).as_deref(),
        Some(LIST_QUEUES)
    );
}

#[tokio::test]
async fn a_tls_failure() {
    // https:// to a server that speaks plain HTTP.
    let server = ScriptedServer::start(healthy).await;
    let url = server.url.replace("http://", "https://");
    let mut console = Console::new(client_for(&url, Duration::from_secs(5)), Region::FrPar);
    console.act(Command::GoToQueues).await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "cannot reach {url}: TLS failed (received corrupt message of type \
             InvalidContentType): the server does not speak HTTPS (is its address http://?) — \
             check the network, any proxy, and api_url / SCW_API_URL"
        ),
    );
    assert_eq!(
        server.connections(),
        2,
        "one list and one service status, neither retried: TLS does not mend itself"
    );
    console.act(Command::Back).await;
    assert!(console.state().popup.is_none());
    console.act(Command::Reload).await;
    assert_eq!(
        console.message().map(|(title, _)| title).as_deref(),
        Some(LIST_QUEUES)
    );
}

#[tokio::test]
async fn unauthenticated_401() {
    let (server, mut console) = queues_listed_with(|_| {
        json(
            "401 Unauthorized",
            r#"{"message":"authentication is denied","method":"api_key","reason":"not_found","type":"denied_authentication"}"#,
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        "authentication denied (401): the API does not accept this secret key — it is wrong, \
         expired or revoked; check secret_key in your scw config or SCW_SECRET_KEY",
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn forbidden_403_says_which_right_is_missing() {
    let (server, mut console) = queues_listed_with(|_| {
        json(
            "403 Forbidden",
            r#"{"details":[{"action":"read","resource":"namespace"}],"message":"insufficient permissions","type":"permissions_denied"}"#,
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        "permission denied (403): this API key may not read namespace in this project — give \
         it MessagingAndQueuingReadOnly or MessagingAndQueuingFullAccess in its IAM policy; \
         right after an activation this can last a few seconds",
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn rate_limited_429_after_the_retries() {
    let (server, mut console) = queues_listed_with(|_| {
        http(
            "429 Too Many Requests",
            &[("x-envoy-ratelimited", "true")],
            "",
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        &format!(
            "rate limited (429): the API refused {} attempts in a row — wait a few seconds and \
             try again",
            1 + RETRIES
        ),
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

#[tokio::test]
async fn server_errors_5xx() {
    let (server, mut console) = queues_listed_with(|_| {
        json(
            "500 Internal Server Error",
            r#"{"message":"internal error","type":"internal_error"}"#,
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        "Scaleway API error (500): internal error — the fault is on the server side; try again \
         in a moment",
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;

    let (server, mut console) = queues_listed_with(|_| {
        http(
            "503 Service Unavailable",
            &[("Content-Type", "text/plain")],
            "upstream connect error or disconnect/reset before headers. reset reason: overflow",
        )
    })
    .await;
    console.assert_message(
        LIST_QUEUES,
        "Scaleway API error (503): \"upstream connect error or disconnect/reset before headers. \
         reset reason: overflow\" — the fault is on the server side; try again in a moment",
    );
    console
        .assert_usable_after(&server, "orders-producer")
        .await;
}

// Other requests: NATS lists, revokes, updates

#[tokio::test]
async fn nats_lists_name_the_region() {
    let server = ScriptedServer::start(healthy).await;
    server.answer_with(|_| {
        http(
            "503 Service Unavailable",
            &[("Content-Type", "text/plain")],
            "no healthy upstream",
        )
    });
    let mut console = Console::new(
        client_for(&server.url, Duration::from_secs(5)),
        Region::NlAms,
    );
    console.act(Command::GoToNats).await;
    console.assert_message(
        "Could not list the NATS accounts of nl-ams",
        "Scaleway API error (503): \"no healthy upstream\" — the fault is on the server side; \
         try again in a moment",
    );
    console.assert_usable_after(&server, "orders-bus").await;

    // The account's credentials.
    server.answer_with(|request| {
        if request.ends_with("nats-credentials") {
            json(
                "401 Unauthorized",
                r#"{"message":"authentication is denied","type":"denied_authentication"}"#,
            )
        } else {
            healthy(request)
        }
    });
    console.act(Command::Open).await;
    let (title, _) = console.message().expect("a message");
    assert_eq!(
        title,
        "Could not list the credentials of NATS account orders-bus in nl-ams"
    );
    console.assert_usable_after(&server, "orders-worker").await;
}

/// Topics and Events in nl-ams, listed, with the revoke of its row confirmed against a server
/// that answers the revoke with `bad`.
async fn topics_revoke_answered_with(
    bad: impl Fn(&Request) -> Reply + Send + Sync + 'static,
) -> (ScriptedServer, Console) {
    let server = ScriptedServer::start(healthy).await;
    let mut console = Console::new(
        client_for(&server.url, Duration::from_secs(5)),
        Region::NlAms,
    );
    console.act(Command::GoToTopics).await;
    assert_eq!(console.rows(), ["billing-events"]);
    console.act(Command::Revoke).await;
    console.act(Command::FocusNext).await;
    server.answer_with(move |request| {
        if request.method == "DELETE" {
            bad(request)
        } else {
            healthy(request)
        }
    });
    console.act(Command::Activate).await;
    let deletes = server
        .requests()
        .iter()
        .filter(|r| r.method == "DELETE")
        .count();
    assert_eq!(deletes, 1, "a revoke is sent once, never retried");
    (server, console)
}

const REVOKE_TOPICS: &str = "Could not revoke billing-events (Topics and Events, nl-ams)";

#[tokio::test]
async fn not_found_404_on_revoke_means_already_revoked() {
    let (_, console) = topics_revoke_answered_with(|_| {
        json(
            "404 Not Found",
            &format!(
                r#"{{"message":"resource is not found","resource":"credentials","resource_id":"{TOPICS_ID}","type":"not_found"}}"#
            ),
        )
    })
    .await;
    assert!(console.message().is_none(), "{:?}", console.message());
    assert!(console.rows().is_empty(), "the row is removed");
    assert_eq!(
        console
            .state()
            .toast
            .as_ref()
            .map(ui::words::notice)
            .as_deref(),
        Some("billing-events was already revoked (Topics and Events, nl-ams)")
    );
}

#[tokio::test]
async fn conflict_409_on_revoke() {
    let (server, mut console) = topics_revoke_answered_with(|_| {
        json(
            "409 Conflict",
            &format!(
                r#"{{"message":"resource is in a transient state","resource":"credentials","resource_id":"{TOPICS_ID}","current_state":"updating","type":"transient_state"}}"#
            ),
        )
    })
    .await;
    console.assert_message(
        REVOKE_TOPICS,
        &format!(
            "busy (409 transient_state): credentials {TOPICS_ID} is updating — wait a few \
             seconds, reload, and try again"
        ),
    );
    assert_eq!(console.rows(), ["billing-events"], "the row stays");
    console.assert_usable_after(&server, "billing-events").await;
}

#[tokio::test]
async fn forbidden_403_on_revoke_and_server_errors_are_not_retried() {
    let (server, mut console) = topics_revoke_answered_with(|_| {
        json(
            "403 Forbidden",
            r#"{"details":[{"action":"delete","resource":"sns_credentials"}],"message":"insufficient permissions","type":"permissions_denied"}"#,
        )
    })
    .await;
    console.assert_message(
        REVOKE_TOPICS,
        "permission denied (403): this API key may not delete sns_credentials in this project — \
         give it MessagingAndQueuingFullAccess in its IAM policy; right after an activation this \
         can last a few seconds",
    );
    console.assert_usable_after(&server, "billing-events").await;

    let (server, mut console) =
        topics_revoke_answered_with(|_| http("503 Service Unavailable", &[], "")).await;
    console.assert_message(
        REVOKE_TOPICS,
        "Scaleway API error (503): (empty body) — the fault is on the server side; try again in a \
         moment",
    );
    console.assert_usable_after(&server, "billing-events").await;
}

#[tokio::test]
async fn a_failed_update_keeps_the_form_and_what_was_typed() {
    let server = ScriptedServer::start(healthy).await;
    let mut console = Console::new(
        client_for(&server.url, Duration::from_secs(5)),
        Region::FrPar,
    );
    console.act(Command::GoToQueues).await;
    console.act(Command::Update).await;
    console
        .act(Event::Edit(tui_input::InputRequest::DeleteFromStart))
        .await;
    for c in "orders-v2".chars() {
        console
            .act(Event::Edit(tui_input::InputRequest::InsertChar(c)))
            .await;
    }
    server.answer_with(|request| {
        if request.method == "PATCH" {
            json(
                "409 Conflict",
                &format!(
                    r#"{{"message":"resource already exists","resource":"credentials","resource_id":"{QUEUES_ID}","help_message":"credentials named orders-v2 already exist","type":"already_exists"}}"#
                ),
            )
        } else {
            healthy(request)
        }
    });
    console.act(Command::Activate).await;
    let Some(Popup::Form(form)) = console.state().popup.as_ref() else {
        panic!("the form is closed:\n{}", console.screen());
    };
    assert_eq!(form.name.value(), "orders-v2", "what was typed is kept");
    let FormStatus::Failed(error) = &form.status else {
        panic!("the form shows no error: {:?}", form.status);
    };
    assert_eq!(
        error.to_string(),
        "already exists (409): credentials eeb7c65d-8835-4277-aed8-4b7065cec176 — \
         credentials named orders-v2 already exist"
    );
    let screen = console.screen();
    assert!(
        screen.contains("Update credentials · Queues · fr-par"),
        "{screen}"
    );
    assert!(screen.contains("already exists (409)"), "{screen}");

    // Sent again once the server is healthy: the form closes and the row has its new name.
    server.answer_with(healthy);
    console.act(Command::Activate).await;
    assert!(
        console.state().popup.is_none(),
        "{:?}",
        console.state().popup
    );
    assert_eq!(console.rows(), ["orders-v2"]);
}

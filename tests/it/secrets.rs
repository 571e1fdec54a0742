//! Secrets never leak: not through `Debug` or `Display`, not into the log at its most verbose
//! level, not onto the screen, not into a crash report.
//!
//! The end-to-end test runs the real binary in pseudo-terminals against an emulator it owns:
//! a whole session (all three products, both regions, an update, revokes, and revokes of
//! Queues and NATS credentials the test deleted behind the console's back), a session with a
//! wrong secret key, a session against an emulator that fails every request, a
//! `demo` session (its emulator logs into the same file), a crash, and a session that
//! generates credentials in the console (copied, saved, the seed shown, tested against the
//! emulator's data plane, then tested again with `t` and the saved `.env`): their new secrets may
//! be in the terminal output only while their pop-up is open, and nowhere else. The whole
//! session also tests `.env` files the test wrote, one with a wrong secret. Every byte they
//! write — log files, journals, raw terminal output, and the screen after every step — is
//! searched for every secret in play: the API secret key, a wrong one, the secret keys returned
//! when Queues and Topics and Events credentials were created, the seed and JWT of a `.creds`
//! file, and the private keys the emulator holds. Each secret is searched whole and as every
//! 16-character piece of it, so that a secret cut by a line wrap or a cursor move is still
//! found.
#![cfg(target_os = "linux")]

use std::collections::HashMap;
use std::time::{Duration, Instant};

use mnq_tui::api::model::*;
use mnq_tui::api::{ApiError, Client, ClientConfig, ListQuery, RetryPolicy};
use mnq_tui::app::{ApiAnswer, Event, RequestId};
use mnq_tui::config::{Env, Overrides, Settings};
use mnq_tui::emulator::{EmulatorOptions, FaultConfig, Seed};

use crate::support::client;
use crate::support::emulator::TestEmulator;
use crate::support::http::{Reply, Request, ScriptedServer, json};
use crate::support::pty::{Launch, Pty, WAIT, key};
use crate::support::screen::{lists, selected_name};

/// The shortest piece of a secret searched for: long enough that a random secret's piece
/// never shows up by chance, short enough to catch a secret cut at the edge of the screen.
const PIECE: usize = 16;

// What is searched for

/// Secrets in play, by what they are.
#[derive(Default)]
struct Secrets(Vec<(String, String)>);

impl Secrets {
    fn add(&mut self, what: impl Into<String>, secret: &str) {
        assert!(secret.len() >= 8, "{secret:?} is too short to search for");
        if !self.0.iter().any(|(_, known)| known == secret) {
            self.0.push((what.into(), secret.to_owned()));
        }
    }

    /// Every secret an emulator's store holds: API secret keys, NATS account seeds, and any
    /// secret key or `.creds` content (the store keeps those empty, but if it did not...).
    fn add_store(&mut self, emulator: &TestEmulator) {
        let store = serde_json::to_value(emulator.snapshot()).expect("the store encodes");
        let mut found = Vec::new();
        collect_secret_fields(&store, &mut found);
        for (field, value) in found {
            self.add(format!("the emulator's {field}"), &value);
        }
    }

    /// Every piece of every secret, with what the secret is.
    fn pieces(&self) -> HashMap<&[u8], &str> {
        let mut pieces = HashMap::new();
        for (what, secret) in &self.0 {
            for piece in secret.as_bytes().windows(PIECE) {
                pieces.insert(piece, what.as_str());
            }
        }
        pieces
    }
}

fn collect_secret_fields(value: &serde_json::Value, found: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::Object(fields) => {
            for (name, value) in fields {
                match value {
                    serde_json::Value::String(text)
                        if !text.is_empty()
                            && [
                                "secret_key",
                                "account_seed",
                                "signing_seed",
                                "operator_seed",
                                "content",
                            ]
                            .contains(&name.as_str()) =>
                    {
                        found.push((name.clone(), text.clone()));
                    }
                    other => collect_secret_fields(other, found),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                collect_secret_fields(item, found);
            }
        }
        _ => {}
    }
}

/// Everything the program wrote, by where it was found.
#[derive(Default)]
struct Written(Vec<(String, Vec<u8>)>);

impl Written {
    fn add(&mut self, where_: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.0.push((where_.into(), bytes.into()));
    }

    /// A finished session: its log, its raw terminal output, and the screens seen.
    fn add_session(&mut self, session: Session) {
        let name = session.name;
        let log = session.pty.log();
        assert!(
            log.contains(" TRACE "),
            "{name}: the log is at its most verbose"
        );
        self.add(format!("{name}: log file"), log);
        self.add(format!("{name}: journal"), session.pty.journal());
        self.add(format!("{name}: terminal output"), session.pty.output());
        self.add(format!("{name}: screens"), session.screens.join("\n"));
    }

    fn bytes(&self) -> usize {
        self.0.iter().map(|(_, bytes)| bytes.len()).sum()
    }

    /// Where a secret or a piece of one occurs: (where, what).
    fn hits(&self, secrets: &Secrets) -> Vec<(String, String)> {
        let pieces = secrets.pieces();
        let mut hits = Vec::new();
        for (where_, bytes) in &self.0 {
            for (what, secret) in &secrets.0 {
                let secret = secret.as_bytes();
                if bytes.windows(secret.len()).any(|window| window == secret) {
                    hits.push((where_.clone(), what.clone()));
                }
            }
            for window in bytes.windows(PIECE) {
                if let Some(what) = pieces.get(window) {
                    hits.push((where_.clone(), format!("a piece of {what}")));
                }
            }
        }
        hits.sort();
        hits.dedup();
        hits
    }
}

// Driving the console

/// A console in a pseudo-terminal, with the screen seen at each step kept for the search.
struct Session {
    name: &'static str,
    pty: Pty,
    screens: Vec<String>,
}

impl Session {
    fn start(name: &'static str, launch: Launch) -> Session {
        let launch = launch.env([("MNQ_TUI_LOG", "trace".to_owned())]);
        Session {
            name,
            pty: launch.spawn(),
            screens: Vec::new(),
        }
    }

    fn wait(&mut self, what: &str, condition: impl Fn(&str) -> bool) -> String {
        let screen = self.pty.wait_for(what, condition);
        self.screens.push(screen.clone());
        screen
    }

    fn wait_text(&mut self, text: &str) -> String {
        self.wait(&format!("{text:?} on screen"), |screen| {
            screen.contains(text)
        })
    }

    fn press(&mut self, keys: &str) {
        self.pty.press(keys);
    }

    /// Presses a key and waits for its effect, so that an Esc is never read with what follows.
    fn press_then(&mut self, keys: &str, what: &str, condition: impl Fn(&str) -> bool) -> String {
        self.press(keys);
        self.wait(what, condition)
    }

    fn quit(&mut self) {
        self.press("q");
        let status = self.pty.wait_exit(WAIT);
        assert!(
            status.success(),
            "{}: mnq-tui exited with {status}",
            self.name
        );
    }

    /// Shows only the rows whose name contains `text`.
    fn filter(&mut self, text: &str) {
        self.press("/");
        self.wait_text("⏎ keep · Esc clear");
        self.press(text);
        self.press(key::ENTER);
        self.wait(&format!("the rows matching {text:?}"), |screen| {
            screen.contains(&format!("/ {text}   Esc clears"))
                && selected_name(screen).is_some_and(|name| name.contains(text))
        });
    }

    /// Esc on a filtered list: the filter goes, the other rows are back.
    fn clear_filter(&mut self) {
        self.press(key::ESC);
        self.wait("the filter gone", |screen| {
            !screen.contains("Esc clears") && selected_name(screen).is_some()
        });
    }

    /// Revokes the selected row: `d`, then *Revoke credentials*.
    fn revoke_selected(&mut self, name: &str) {
        self.press("d");
        self.wait("the revoke pop-up", |screen| {
            screen.contains("You are about to revoke") && screen.contains(name)
        });
        self.press(key::TAB);
        self.wait_text("[▶ Revoke credentials ]");
        self.press(key::ENTER);
    }

    /// Opens the region dropdown and picks `region`.
    fn switch_region(&mut self, region: Region) {
        self.press("r");
        self.wait_text("✓ current");
        let step = match region {
            Region::FrPar => "\x1b[A",
            Region::NlAms => key::DOWN,
        };
        self.press(step);
        self.wait_text(&format!("▶ {region}"));
        self.press(key::ENTER);
        self.wait(&format!("the header in {region}"), |screen| {
            !screen.contains("✓ current") && header(screen).contains(region.as_str())
        });
    }

    /// Esc on an error message: it closes.
    fn dismiss(&mut self, title: &str) {
        self.press(key::ESC);
        self.wait(&format!("{title:?} closed"), |screen| {
            !screen.contains(title)
        });
    }
}

fn header(screen: &str) -> &str {
    screen.lines().next().unwrap_or_default()
}

fn is_product_menu(screen: &str) -> bool {
    ["1  NATS", "2  Queues", "3  Topics and Events"]
        .iter()
        .all(|product| screen.contains(product))
}

// Setting up what the console will see

/// A runtime for the test's own API calls.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime")
}

/// What the test created before the console started.
struct Prepared {
    nats_account: NatsAccount,
    behind_its_back: CredentialsId,
    /// `.env` files of the Topics and Events credentials of nl-ams: `topics.env` as the console
    /// saves it, `wrong.env` with a wrong secret.
    env_files: tempfile::TempDir,
}

/// Creates credentials whose secrets the console must never show: Queues in fr-par, Topics
/// and Events in nl-ams (and their `.env`, with the right and a wrong secret), NATS in a new
/// fr-par account; and Queues credentials the test will revoke itself while the console still
/// lists them.
async fn prepare(
    emulator: &TestEmulator,
    client: &Client,
    project: &ProjectId,
    secrets: &mut Secrets,
) -> Prepared {
    let new = |name: &str| CreateServiceCredentialsRequest {
        project_id: project.clone(),
        name: name.into(),
        permissions: Permissions::new(true, true, false),
    };
    let queues = client
        .create_credentials(Service::Sqs, Region::FrPar, &new("secret-probe"))
        .await
        .expect("Queues credentials are created");
    secrets.add("a Queues secret key", queues.secret_key.expose());
    let topics = client
        .create_credentials(Service::Sns, Region::NlAms, &new("topics-probe"))
        .await
        .expect("Topics and Events credentials are created");
    secrets.add("a Topics and Events secret key", topics.secret_key.expose());
    let env_files = tempfile::tempdir().expect("a temporary folder");
    let endpoint = emulator.data_plane_url(Service::Sns, Region::NlAms);
    let env = |secret: &str| {
        format!(
            "AWS_ACCESS_KEY_ID={}\nAWS_SECRET_ACCESS_KEY={secret}\nAWS_REGION=nl-ams\n\
             AWS_ENDPOINT_URL_SNS={endpoint}\n",
            topics.access_key
        )
    };
    let wrong = uuid::Uuid::new_v4().to_string();
    secrets.add("a wrong secret key in a .env", &wrong);
    std::fs::write(
        env_files.path().join("topics.env"),
        env(topics.secret_key.expose()),
    )
    .expect("the .env");
    std::fs::write(env_files.path().join("wrong.env"), env(&wrong)).expect("the .env");

    let nats_account = client
        .create_nats_account(
            Region::FrPar,
            &CreateNatsAccountRequest {
                name: "probe-account".into(),
                project_id: project.clone(),
            },
        )
        .await
        .expect("the NATS account is created");
    let nats = client
        .create_nats_credentials(
            Region::FrPar,
            &CreateNatsCredentialsRequest {
                nats_account_id: nats_account.id.clone(),
                name: "nats-probe".into(),
            },
        )
        .await
        .expect("NATS credentials are created");
    let creds = nats
        .credentials
        .expect("the create answer carries the .creds file");
    let content = creds.content.expose();
    let lines: Vec<&str> = content.lines().collect();
    let after = |marker: &str| {
        lines
            .iter()
            .position(|line| line.contains(marker))
            .and_then(|at| lines.get(at + 1))
            .copied()
            .unwrap_or_else(|| panic!("the .creds file has {marker:?}"))
    };
    let seed = after("BEGIN USER NKEY SEED");
    assert!(seed.starts_with("SU"), "a user seed: {seed}");
    secrets.add("the .creds user seed", seed);
    secrets.add("the .creds JWT", after("BEGIN NATS USER JWT"));

    let doomed = client
        .create_credentials(Service::Sqs, Region::FrPar, &new("revoked-elsewhere"))
        .await
        .expect("Queues credentials are created");
    secrets.add("a Queues secret key", doomed.secret_key.expose());
    Prepared {
        nats_account,
        behind_its_back: doomed.id,
        env_files,
    }
}

// The whole session

#[test]
fn no_secret_reaches_the_log_the_screen_or_a_crash_report() {
    let started = Instant::now();
    let emulator = TestEmulator::start();
    let project = emulator.default_project();
    let client = emulator.client();
    let mut secrets = Secrets::default();
    secrets.add("the API secret key", &emulator.secret_key());
    let prepared = emulator.block_on(prepare(&emulator, &client, &project, &mut secrets));
    secrets.add_store(&emulator);
    let mut written = Written::default();

    let whole = whole_session(&emulator, &client, &prepared);
    assert_eq!(
        whole.pty.log().matches("TestConnection(Service").count(),
        2,
        "the worker logged both tests of a .env"
    );
    written.add_session(whole);
    written.add_session(wrong_key_session(&emulator, &mut secrets));
    written.add_session(failing_api_session(&mut secrets));
    written.add_session(demo_session());
    written.add_session(crash(&emulator));

    // Generated in the console: the new secrets may be on screen only while their pop-up is.
    let lifecycle = lifecycle_session(&emulator);
    assert_eq!(
        lifecycle
            .session
            .pty
            .log()
            .matches("TestConnection(Service")
            .count(),
        2,
        "the worker logged the test of the new keys and of their saved .env"
    );
    let mut outside = Written::default();
    lifecycle.add_outside_popups(&mut outside);
    let fresh_hits = outside.hits(&lifecycle.secrets);
    // The search would find them: the pop-ups' own output shows the secret key and the seed.
    let mut inside = Written::default();
    let output = lifecycle.session.pty.output();
    for popup in &lifecycle.popups {
        inside.add("lifecycle: a secret pop-up", &output[popup.clone()]);
    }
    let shown: Vec<String> = inside
        .hits(&lifecycle.secrets)
        .into_iter()
        .map(|(_, what)| what)
        .filter(|what| !what.starts_with("a piece"))
        .collect();
    assert_eq!(
        shown,
        [
            "a secret key generated in the console",
            "a seed generated in the console"
        ]
    );
    assert_eq!(
        lifecycle.secrets.0.len(),
        3,
        "the new secret key, seed and JWT were read"
    );
    written.add_session(lifecycle.session);

    // The search finds what it looks for.
    let mut control = Written::default();
    let (_, api_key) = &secrets.0[0];
    control.add("control", format!("…{}…", &api_key[3..3 + PIECE]));
    assert_eq!(
        control.hits(&secrets),
        [(
            "control".to_owned(),
            "a piece of the API secret key".to_owned()
        )]
    );

    let hits = written.hits(&secrets);
    let secret_bytes: usize = secrets.0.iter().map(|(_, secret)| secret.len()).sum();
    println!(
        "secrets: {} bytes written by {} sessions searched ({} places) for {} secrets \
         ({} bytes; whole and as {} pieces of {PIECE} characters): hits = {} ({:.1} s; \
         `cargo test --test it secrets -- --nocapture`)",
        written.bytes(),
        written.0.len() / 4,
        written.0.len(),
        secrets.0.len(),
        secret_bytes,
        secrets.pieces().len(),
        hits.len(),
        started.elapsed().as_secs_f32(),
    );
    assert!(hits.is_empty(), "secrets were written: {hits:#?}");
    assert!(
        fresh_hits.is_empty(),
        "new secrets were written outside their pop-up: {fresh_hits:#?}"
    );
}

/// A session that generates credentials, with where their secrets were allowed.
struct Lifecycle {
    session: Session,
    /// The secrets the console was given by the API during the session.
    secrets: Secrets,
    /// Ranges of the terminal output written while a secret pop-up was open.
    popups: Vec<std::ops::Range<usize>>,
    /// The screens seen with no secret pop-up open.
    screens_outside: Vec<String>,
}

impl Lifecycle {
    /// The log, the terminal output outside the pop-ups and the screens without them.
    fn add_outside_popups(&self, written: &mut Written) {
        written.add("lifecycle: log file", self.session.pty.log());
        let journal = self.session.pty.journal();
        assert!(
            journal.contains("\"change\":\"generate\""),
            "the generates are in the journal: {journal}"
        );
        written.add("lifecycle: journal", journal);
        let output = self.session.pty.output();
        let mut from = 0;
        for popup in &self.popups {
            written.add("lifecycle: terminal output", &output[from..popup.start]);
            from = popup.end;
        }
        written.add("lifecycle: terminal output", &output[from..]);
        written.add("lifecycle: screens", self.screens_outside.join("\n"));
    }
}

/// Generates Queues credentials (copied and saved) and NATS credentials (seed shown, saved),
/// closing each secret pop-up, then goes on browsing.
fn lifecycle_session(emulator: &TestEmulator) -> Lifecycle {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut session = Session::start("lifecycle", Launch::new(&[]).env(emulator.client_env()));
    let mut secrets = Secrets::default();
    let mut popups = Vec::new();
    let mut screens_outside = Vec::new();
    session.wait("the product menu", is_product_menu);
    let screen = session.press_then("2", "the Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });
    screens_outside.push(screen);
    session.press_then("n", "the Generate form", |screen| {
        screen.contains("Generate credentials · Queues")
    });
    session.press("lifecycle-probe");
    session.press_then(key::TAB, "Write focused", |screen| {
        screen.contains("▶ [ ] Write")
    });
    session.press_then(" ", "Write ticked", |screen| screen.contains("▶ [x] Write"));
    session.press_then("\x1b[Z", "the name focused", |screen| {
        screen.contains("⏎ send")
    });
    let opened = session.pty.output().len();
    let screen = session.press_then(key::ENTER, "the secret pop-up", |screen| {
        screen.contains("New credentials — shown once")
    });
    let secret = screen
        .lines()
        .find_map(|line| line.split_once("│ Secret key"))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .expect("the secret key on screen")
        .to_owned();
    secrets.add("a secret key generated in the console", &secret);
    session.press_then(key::ENTER, "the secret copied", |screen| {
        screen.contains("Secret key sent to the terminal's clipboard")
    });
    session.press_then(key::TAB, "Save focused", |screen| {
        screen.contains("[▶ Save ]")
    });
    session.press_then(key::ENTER, "the path field", |screen| {
        screen.contains("Save to ")
    });
    session.press(key::CTRL_U);
    session.press(&folder.path().join("probe.env").display().to_string());
    session.press_then(key::ENTER, "the .env saved", |screen| {
        screen.contains("(mode 0600)")
    });
    session.press_then(key::TAB, "Test focused", |screen| {
        screen.contains("[▶ Test ]")
    });
    session.press(key::ENTER);
    session
        .pty
        .wait_for_within(Duration::from_secs(15), "the new keys accepted", |screen| {
            screen.contains("✓ Accepted: the endpoint takes access key")
        });
    session.press_then(key::TAB, "Done focused", |screen| {
        screen.contains("[▶ Done ]")
    });
    session.press(key::ENTER);
    let screen = session.pty.wait_for("the pop-up closed", |screen| {
        !screen.contains("shown once") && lists(screen, "lifecycle-probe")
    });
    popups.push(opened..session.pty.output().len());
    screens_outside.push(screen);
    let env = std::fs::read_to_string(folder.path().join("probe.env")).expect("the .env");
    assert!(env.contains(&secret), "the saved file holds the secret");

    // `t` on the new row tests the saved file: its secret is read again, outside the pop-up.
    session.filter("lifecycle-probe");
    screens_outside.push(
        session.press_then("t", "the saved .env proposed", |screen| {
            screen.contains("Test a connection · Queues") && screen.contains("probe.env")
        }),
    );
    session.press(key::ENTER);
    screens_outside.push(session.pty.wait_for_within(
        Duration::from_secs(15),
        "the saved keys accepted",
        |screen| screen.contains("✓ Accepted: the endpoint takes access key"),
    ));
    screens_outside.push(session.press_then(key::ESC, "the test closed", |screen| {
        !screen.contains("Test a connection")
    }));
    session.clear_filter();

    screens_outside.push(session.press_then("1", "the NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && selected_name(screen).is_some()
    }));
    screens_outside.push(
        session.press_then(key::ENTER, "an account's credentials", |screen| {
            screen.contains("Credentials · ") && selected_name(screen).is_some()
        }),
    );
    session.press_then("n", "the NATS Generate form", |screen| {
        screen.contains("Generate credentials · NATS")
    });
    session.press("lifecycle-nats");
    let opened = session.pty.output().len();
    session.press_then(key::ENTER, "the .creds pop-up", |screen| {
        screen.contains("New credentials — shown once")
    });
    session.press_then("v", "the seed shown", |screen| {
        screen.contains("NKEY seed    SU")
    });
    session.press_then(key::TAB, "Copy focused", |screen| {
        screen.contains("[▶ Copy ]")
    });
    session.press_then(key::ENTER, "the .creds copied", |screen| {
        screen.contains(".creds file sent to the terminal's clipboard")
    });
    session.press_then(key::TAB, "Save focused", |screen| {
        screen.contains("[▶ Save ]")
    });
    session.press_then(key::ENTER, "the path field", |screen| {
        screen.contains("Save to ")
    });
    session.press(key::CTRL_U);
    let creds_path = folder.path().join("probe.creds");
    session.press(&creds_path.display().to_string());
    session.press_then(key::ENTER, "the .creds saved", |screen| {
        screen.contains("(mode 0600)")
    });
    // Esc, then Close anyway.
    session.press_then(key::ESC, "the close question", |screen| {
        screen.contains("close anyway?")
    });
    session.press_then(key::TAB, "Close anyway focused", |screen| {
        screen.contains("[▶ Close anyway ]")
    });
    session.press(key::ENTER);
    let screen = session.pty.wait_for("the pop-up closed", |screen| {
        !screen.contains("shown once") && lists(screen, "lifecycle-nats")
    });
    popups.push(opened..session.pty.output().len());
    screens_outside.push(screen);
    let creds = std::fs::read_to_string(&creds_path).expect("the .creds");
    let after = |marker: &str| {
        let lines: Vec<&str> = creds.lines().collect();
        let at = lines
            .iter()
            .position(|line| line.contains(marker))
            .unwrap_or_else(|| panic!("the .creds file has {marker:?}"));
        lines[at + 1].to_owned()
    };
    secrets.add(
        "a seed generated in the console",
        &after("BEGIN USER NKEY SEED"),
    );
    secrets.add(
        "a JWT generated in the console",
        &after("BEGIN NATS USER JWT"),
    );

    // Browsing on: nothing brings them back.
    screens_outside.push(
        session.press_then(key::F5, "the reloaded credentials", |screen| {
            lists(screen, "lifecycle-nats")
        }),
    );
    screens_outside.push(session.press_then("2", "the Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && lists(screen, "lifecycle-probe")
    }));
    session.quit();
    Lifecycle {
        session,
        secrets,
        popups,
        screens_outside,
    }
}

/// Browses every product in both regions, updates, revokes, and meets two 404s.
fn whole_session(emulator: &TestEmulator, client: &Client, prepared: &Prepared) -> Session {
    let account = &prepared.nats_account.name;
    let mut session = Session::start("session", Launch::new(&[]).env(emulator.client_env()));
    session.wait("the product menu", is_product_menu);

    // NATS: the new account (created last, so listed last) and its credentials.
    session.press_then("1", "the fr-par NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && lists(screen, account)
    });
    session.press_then("G", "the new account selected", |screen| {
        selected_name(screen) == Some(account.as_str())
    });
    session.press_then(key::ENTER, "the account's credentials", |screen| {
        screen.contains(&format!("Credentials · {account}")) && lists(screen, "nats-probe")
    });
    session.press_then(key::ESC, "the accounts again", |screen| {
        screen.contains("NATS accounts · fr-par")
    });
    session.switch_region(Region::NlAms);
    session.wait_text("NATS accounts · nl-ams");

    // Topics and Events, then Queues, in nl-ams; the Overview tab too.
    session.press_then("3", "the nl-ams Topics and Events credentials", |screen| {
        screen.contains("Topics and Events credentials · nl-ams") && lists(screen, "topics-probe")
    });
    session.press_then(key::TAB, "the Overview tab", |screen| {
        screen.contains("Endpoint")
    });
    session.press_then(key::TAB, "the Credentials tab", |screen| {
        lists(screen, "topics-probe")
    });
    // The connection test reads the secret of a .env: accepted, then a wrong one.
    for (file, outcome) in [
        ("topics.env", "✓ Accepted: the endpoint takes access key"),
        ("wrong.env", "✗ Wrong secret"),
    ] {
        session.press_then("t", "the connection test", |screen| {
            screen.contains("Test a connection · Topics and Events")
        });
        session.press(key::CTRL_U);
        session.press(&prepared.env_files.path().join(file).display().to_string());
        session.press(key::ENTER);
        session.pty.wait_for_within(
            Duration::from_secs(15),
            &format!("{outcome:?} on screen"),
            |screen| screen.contains(outcome),
        );
        session.wait_text(outcome);
        session.press_then(key::ESC, "the test closed", |screen| {
            !screen.contains("Test a connection")
        });
    }
    session.press_then("2", "the nl-ams Queues credentials", |screen| {
        screen.contains("Queues credentials · nl-ams") && selected_name(screen).is_some()
    });

    // Queues in fr-par: update, then revoke, the probe.
    session.switch_region(Region::FrPar);
    session.wait("the fr-par Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && lists(screen, "secret-probe")
    });
    session.filter("secret-probe");
    session.press_then("u", "the update form", |screen| {
        screen.contains("Update credentials") && screen.contains("│secret-probe")
    });
    session.press(key::CTRL_U);
    session.wait_text("Name must not be empty");
    session.press("secret-probe-renamed");
    session.press(key::ENTER);
    session.wait("the renamed row", |screen| {
        !screen.contains("Update credentials ·") && lists(screen, "secret-probe-renamed")
    });
    session.revoke_selected("secret-probe-renamed");
    session.wait("the probe revoked", |screen| {
        screen.contains("Revoked secret-probe-renamed") && !lists(screen, "secret-probe-renamed")
    });
    session.clear_filter();

    // Revoked behind the console's back: the revoke answers 404.
    session.filter("revoked-elsewhere");
    emulator
        .block_on(client.delete_credentials(Service::Sqs, Region::FrPar, &prepared.behind_its_back))
        .expect("the test revokes it first");
    session.revoke_selected("revoked-elsewhere");
    session.wait("the note that it was already revoked", |screen| {
        screen.contains("revoked-elsewhere was already revoked")
    });
    session.clear_filter();

    // Topics and Events in fr-par.
    session.press_then("3", "the fr-par Topics and Events credentials", |screen| {
        screen.contains("Topics and Events credentials · fr-par") && selected_name(screen).is_some()
    });

    // A NATS account deleted behind the console's back, with its credentials: revoking
    // them answers 404.
    session.press_then("1", "the fr-par NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && lists(screen, account)
    });
    session.press_then("G", "the new account selected", |screen| {
        selected_name(screen) == Some(account.as_str())
    });
    session.press_then(key::ENTER, "the account's credentials", |screen| {
        selected_name(screen) == Some("nats-probe")
    });
    emulator
        .block_on(client.delete_nats_account(Region::FrPar, &prepared.nats_account.id))
        .expect("the test deletes the account");
    session.revoke_selected("nats-probe");
    session.wait("the note that it was already revoked", |screen| {
        screen.contains("nats-probe was already revoked")
    });
    session.quit();
    session
}

/// Every call answers 401: the key is not one the API knows.
fn wrong_key_session(emulator: &TestEmulator, secrets: &mut Secrets) -> Session {
    let wrong = uuid::Uuid::new_v4().to_string();
    secrets.add("a wrong secret key", &wrong);
    let launch = Launch::new(&[])
        .env(emulator.client_env())
        .env([("SCW_SECRET_KEY", wrong)]);
    let mut session = Session::start("wrong key", launch);
    session.wait("the product menu", is_product_menu);
    for (product, title) in [
        ("2", "Could not list Queues credentials in fr-par"),
        (
            "3",
            "Could not list Topics and Events credentials in fr-par",
        ),
        ("1", "Could not list the NATS accounts of fr-par"),
    ] {
        session.press_then(product, title, |screen| {
            screen.contains(title) && screen.contains("authentication denied (401)")
        });
        session.dismiss(title);
    }
    session.quit();
    session
}

/// An emulator that fails every request, as a flaky gateway does: 429, 503, or a dropped
/// connection, after the client's retries.
fn failing_api_session(secrets: &mut Secrets) -> Session {
    let failing = TestEmulator::start_with(EmulatorOptions {
        seed: Some(Seed::Demo),
        faults: FaultConfig {
            failure_rate: 1.0,
            seed: 4,
            ..FaultConfig::default()
        },
        ..EmulatorOptions::default()
    });
    secrets.add("the API secret key", &failing.secret_key());
    secrets.add_store(&failing);
    let mut session = Session::start("failing API", Launch::new(&[]).env(failing.client_env()));
    session.wait("the product menu", is_product_menu);
    for (product, title) in [
        ("2", "Could not list Queues credentials in fr-par"),
        ("1", "Could not list the NATS accounts of fr-par"),
    ] {
        // Reads are retried for several seconds before the error shows.
        session.press(product);
        let screen = session.pty.wait_for_within(
            WAIT + Duration::from_secs(10),
            &format!("{title:?}"),
            |screen| screen.contains(title),
        );
        session.screens.push(screen);
        session.dismiss(title);
    }
    session.quit();
    let injected = failing.fault_stats().map_or(0, |stats| stats.injected());
    assert!(injected > 0, "the emulator injected faults");
    session
}

/// `demo`: the emulator runs inside the console's process and logs into the same file.
fn demo_session() -> Session {
    let mut session = Session::start("demo", Launch::new(&["demo"]));
    session.wait("the product menu", is_product_menu);
    session.press_then("2", "the demo Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });
    session.press_then("1", "the demo NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && selected_name(screen).is_some()
    });
    session.press_then(key::ENTER, "a demo account's credentials", |screen| {
        screen.contains("Credentials · ")
    });
    session.quit();
    session
}

/// `MNQ_TUI_CRASH_TEST` panics right after the first frame. The terminal must be given back, the
/// exit must say it failed, and the report must say where the log is.
fn crash(emulator: &TestEmulator) -> Session {
    let launch = Launch::new(&[]).env(emulator.client_env()).env([
        ("RUST_BACKTRACE", "1".to_owned()),
        (mnq_tui::cli::CRASH_TEST_VARIABLE, "1".to_owned()),
    ]);
    let mut session = Session::start("crash", launch);
    let status = session.pty.wait_exit(WAIT);
    assert!(!status.success(), "a panic exits non-zero ({status})");

    let output = session.pty.output();
    let find = |sequence: &[u8]| output.windows(sequence.len()).rposition(|w| w == sequence);
    let entered = find(b"\x1b[?1049h").expect("it entered the alternate screen");
    let left = find(b"\x1b[?1049l").expect("it left the alternate screen");
    assert!(
        left > entered,
        "it left the alternate screen after entering it"
    );
    assert!(
        session.pty.canonical_mode(),
        "raw mode is off after the panic"
    );
    session.pty.with_screen(|screen| {
        assert!(!screen.alternate_screen(), "back on the main screen");
        assert!(!screen.hide_cursor(), "the cursor is visible");
    });

    let report = format!(
        "mnq-tui stopped on an internal error (a bug). The terminal has been restored. The log \
         is in {}; attach it to a bug report.",
        session.pty.log_file().display()
    );
    let at = find(report.as_bytes()).unwrap_or_else(|| {
        panic!(
            "the report is not in the output:\n{}",
            String::from_utf8_lossy(&output[entered..])
        )
    });
    assert!(
        at > left,
        "the report comes after the terminal was restored"
    );
    assert!(
        session
            .pty
            .log()
            .contains("crash test requested with MNQ_TUI_CRASH_TEST"),
        "the log has the panic"
    );
    session
}

// Debug and Display of everything that holds a secret

const SECRET_KEY: &str = "5f0b8c1e-7a2d-4e69-9c3b-d84a1f6e2b70";
const USER_SEED: &str = "SUAMK2FG4MI6UE3ACF3FK3OIQBCEIEZV7NSWFFEW63UXMRLFM2XLAXK4GY";

fn creds_file() -> CredsFile {
    CredsFile {
        name: "nats-probe.creds".into(),
        content: Secret::new(format!(
            "-----BEGIN USER NKEY SEED-----\n{USER_SEED}\n------END USER NKEY SEED------\n"
        )),
    }
}

fn service_credentials() -> ServiceCredentials {
    ServiceCredentials {
        id: CredentialsId("eeb7c65d-8835-4277-aed8-4b7065cec176".into()),
        name: "orders-producer".into(),
        project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
        region: Region::FrPar,
        created_at: None,
        updated_at: None,
        access_key: "SCWQ7M2K9D4TXB8RFN3H".into(),
        secret_key: Secret::new(SECRET_KEY),
        secret_checksum: String::new(),
        permissions: None,
    }
}

fn nats_credentials() -> NatsCredentials {
    NatsCredentials {
        id: CredentialsId("10000000-0000-4000-8000-000000000001".into()),
        name: "nats-probe".into(),
        nats_account_id: NatsAccountId("A".repeat(56)),
        region: Some(Region::FrPar),
        created_at: None,
        updated_at: None,
        credentials: Some(creds_file()),
        checksum: "0".repeat(40),
    }
}

fn assert_hidden(what: &str, text: &str) {
    assert!(
        !text.contains(SECRET_KEY) && !text.contains(USER_SEED),
        "{what} shows a secret: {text}"
    );
}

#[test]
fn debug_never_shows_a_secret() {
    let secret = Secret::new(SECRET_KEY);
    assert_eq!(format!("{secret:?}"), "Secret(<36 characters hidden>)");
    assert_hidden("CredsFile", &format!("{:?}", creds_file()));
    assert_hidden("CredsFile {:#?}", &format!("{:#?}", creds_file()));
    assert_hidden("NatsCredentials", &format!("{:?}", nats_credentials()));
    assert_hidden(
        "ServiceCredentials",
        &format!("{:?}", service_credentials()),
    );

    let config = ClientConfig::new("https://api.scaleway.com", Secret::new(SECRET_KEY));
    assert_hidden("ClientConfig", &format!("{config:?}"));
    let client = client::build(config);
    assert_hidden("Client", &format!("{client:?}"));
    assert_hidden("Client {:#?}", &format!("{client:#?}"));

    let answers = [
        ApiAnswer::Credentials(Ok(vec![service_credentials()])),
        ApiAnswer::Updated(Ok(service_credentials())),
        ApiAnswer::NatsCredentials(Ok(vec![nats_credentials()])),
    ];
    for answer in answers {
        assert_hidden("ApiAnswer", &format!("{answer:?}"));
        let event = Event::Answer(RequestId(7), answer);
        assert_hidden("Event::Answer", &format!("{event:?}"));
        assert_hidden("Event::Answer {:#?}", &format!("{event:#?}"));
    }
}

#[test]
fn settings_show_neither_the_secret_key_nor_a_malformed_one() {
    let env = Env::from_pairs([
        ("SCW_SECRET_KEY", SECRET_KEY),
        (
            "SCW_DEFAULT_PROJECT_ID",
            "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85",
        ),
        ("SCW_CONFIG_PATH", "/nonexistent/mnq-tui/config.yaml"),
    ]);
    let settings = Settings::load_from(&Overrides::default(), &env).expect("settings");
    assert_eq!(settings.secret_key.expose(), SECRET_KEY);
    for text in [format!("{settings:?}"), format!("{settings:#?}")] {
        assert_hidden("Settings", &text);
        assert!(
            text.contains("5f0b8c1e-xxxx-xxxx-xxxx-xxxxxxxxxxxx"),
            "masked as the scw tools do: {text}"
        );
    }

    // A secret key that is not a UUID is not quoted back either.
    let malformed = "Zq8Fh2sLk93JdPq0WmXn";
    let env = Env::from_pairs([
        ("SCW_SECRET_KEY", malformed),
        (
            "SCW_DEFAULT_PROJECT_ID",
            "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85",
        ),
        ("SCW_CONFIG_PATH", "/nonexistent/mnq-tui/config.yaml"),
    ]);
    let error = Settings::load_from(&Overrides::default(), &env).expect_err("refused");
    for text in [error.to_string(), format!("{error:?}")] {
        assert!(!text.contains(malformed), "{text}");
    }
}

/// Every character as a JSON `\u` escape: what a JSON encoder that escapes everything writes.
fn escaped(text: &str) -> String {
    text.chars()
        .map(|c| format!("\\u{:04x}", c as u32))
        .collect()
}

#[test]
fn errors_never_quote_the_secret_key_however_the_answer_echoes_it() {
    /// What a server that echoes the request answers.
    type Echo = fn(&Request) -> Reply;
    let echoes: [(&str, Echo); 8] = [
        ("a 500 text page", |request| {
            json("500 Internal Server Error", &request.text)
        }),
        ("a 502 HTML page", |request| {
            json(
                "502 Bad Gateway",
                &format!("<html><pre>{}</pre></html>", request.text),
            )
        }),
        ("a 400 error's message", |request| {
            let message = serde_json::to_string(&request.text).unwrap_or_default();
            json(
                "400 Bad Request",
                &format!(r#"{{"type":"invalid_arguments","message":{message}}}"#),
            )
        }),
        ("a 404 error's resource id", |request| {
            json(
                "404 Not Found",
                &format!(
                    r#"{{"type":"not_found","resource":"credentials","resource_id":"{}"}}"#,
                    request.token()
                ),
            )
        }),
        ("an unknown error type", |request| {
            json(
                "409 Conflict",
                &format!(r#"{{"type":"{}","message":"x"}}"#, request.token()),
            )
        }),
        ("a JSON-escaped message", |request| {
            json(
                "400 Bad Request",
                &format!(
                    r#"{{"type":"invalid_arguments","message":"token {}"}}"#,
                    escaped(request.token())
                ),
            )
        }),
        ("a 200 whose field has the wrong type", |request| {
            json(
                "200 OK",
                &format!(
                    r#"{{"total_count":"{}","sqs_credentials":[]}}"#,
                    request.token()
                ),
            )
        }),
        ("a 200 whose enum is unknown", |request| {
            json(
                "200 OK",
                &format!(
                    r#"{{"total_count":1,"sqs_credentials":[{{"id":"x","name":"x",
                    "project_id":"x","region":"{}","access_key":"x"}}]}}"#,
                    request.token()
                ),
            )
        }),
    ];
    let runtime = runtime();
    for (what, echo) in echoes {
        let error = runtime.block_on(async {
            let server = ScriptedServer::start(echo).await;
            let mut config = ClientConfig::new(server.url, Secret::new(SECRET_KEY));
            config.retry = RetryPolicy::none();
            let client = client::build(config);
            client
                .list_credentials(
                    Service::Sqs,
                    Region::FrPar,
                    &ListQuery::project(ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into())),
                )
                .await
                .expect_err("an error")
        });
        assert_hidden(what, &error.to_string());
        assert_hidden(what, &format!("{error:?}"));
        let answer = ApiAnswer::Credentials(Err::<Vec<_>, ApiError>(error));
        assert_hidden(what, &format!("{:?}", Event::Answer(RequestId(1), answer)));
    }
}

#[test]
fn a_broken_config_file_is_reported_without_its_secret_key() {
    let directory = tempfile::tempdir().expect("a temporary directory");
    let path = directory.path().join("config.yaml");
    let files = [
        format!("secret_key: \"{SECRET_KEY}\ndefault_region: fr-par\n"),
        format!("secret_key: {SECRET_KEY}\n  default_region: [fr-par\n"),
        format!("secret_key: {SECRET_KEY}\ninsecure: {SECRET_KEY}\n"),
        format!("{{secret_key: {SECRET_KEY}, insecure: maybe}}\n"),
        format!("{{secret_key: {SECRET_KEY}, insecure: {SECRET_KEY}}}\n"),
        format!("profiles:\n  work: {{secret_key: \"{SECRET_KEY}\", insecure: {SECRET_KEY}}}\n"),
        format!("profiles:\n  work:\n    secret_key: {SECRET_KEY}\n    insecure: nope\n"),
        format!("profiles:\n  work: {{secret_key: '{SECRET_KEY}', insecure: nope}}\n"),
        format!("secret_key: {SECRET_KEY}\nsecret_key: {SECRET_KEY}\n"),
        format!("secret_key:\n  - {SECRET_KEY}\n"),
        format!("\tsecret_key: {SECRET_KEY}\n"),
        format!("secret_key: !!binary {SECRET_KEY}\n"),
        format!("secret_key: {SECRET_KEY}\nprofiles: {SECRET_KEY}\n"),
    ];
    for file in &files {
        std::fs::write(&path, file).expect("the file is written");
        let path_text = path.to_string_lossy().into_owned();
        let env = Env::from_pairs([("SCW_CONFIG_PATH", path_text.as_str())]);
        let outcome = Settings::load_from(&Overrides::default(), &env);
        let text = match &outcome {
            Ok(settings) => format!("{settings:?}"),
            Err(error) => format!("{error}\n{error:?}"),
        };
        assert_hidden(&format!("the error about {file:?}"), &text);
    }
}

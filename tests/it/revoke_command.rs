//! `mnq-tui revoke` and `mnq-tui journal`, the real binary run as a process against an
//! emulator (or a scripted server) the test owns: a leaked access key found in another project
//! and region, `--dry-run`, no revoke off a terminal without `--yes`, an ambiguous `--name`,
//! the `.env` and `.creds` of generated credentials, the exit codes and the JSON; the journal
//! each revoke leaves (asked, then its outcome; 0600 in a 0700 folder; the asked line of a
//! process killed before the answer), and no secret anywhere.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use mnq_tui::api::model::*;
use mnq_tui::app::CreatedCredentials;
use mnq_tui::emulator::Store;

use crate::support::emulator::TestEmulator;
use crate::support::http::{Reply, ScriptedServer, json};

/// A home of its own (no scw config, the journal under `state/`), and the settings of the API
/// the binary talks to.
struct Harness {
    home: tempfile::TempDir,
    env: Vec<(&'static str, String)>,
}

impl Harness {
    fn new(env: Vec<(&'static str, String)>) -> Harness {
        Harness {
            home: tempfile::tempdir().unwrap(),
            env,
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_mnq-tui"));
        command
            .args(args)
            .env_clear()
            .env("HOME", self.home.path())
            .env("XDG_STATE_HOME", self.home.path().join("state"))
            .env("SCW_CONFIG_PATH", self.home.path().join("absent.yaml"))
            .envs(self.env.iter().cloned())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    /// `mnq-tui ARGS`, its input and output not terminals.
    fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the binary runs")
    }

    fn journal_file(&self) -> PathBuf {
        self.home.path().join("state/mnq-tui/journal.jsonl")
    }

    /// The journal's lines, as JSON.
    fn journal(&self) -> Vec<Value> {
        std::fs::read_to_string(self.journal_file())
            .unwrap_or_default()
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect()
    }
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

fn json_rows(output: &Output) -> Vec<Value> {
    let parsed: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "stdout is JSON ({error}): {}\nstderr: {}",
            text(&output.stdout),
            text(&output.stderr)
        )
    });
    parsed.as_array().expect("one array").clone()
}

/// Every credential id of the store.
fn ids(store: &Store) -> Vec<CredentialsId> {
    store
        .sqs_credentials
        .iter()
        .chain(&store.sns_credentials)
        .map(|credentials| credentials.id.clone())
        .chain(store.nats_credentials.iter().map(|c| c.id.clone()))
        .collect()
}

fn etl_loader(store: &Store) -> ServiceCredentials {
    store
        .sqs_credentials
        .iter()
        .find(|credentials| credentials.name == "etl-loader")
        .expect("the demo has etl-loader")
        .clone()
}

#[test]
fn a_leaked_access_key_is_found_in_another_project_and_region_and_revoked() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let before = emulator.snapshot();
    let leaked = etl_loader(&before);
    assert_eq!(leaked.region, Region::NlAms, "not the profile's region");
    assert_ne!(
        leaked.project_id,
        emulator.default_project(),
        "nor its project"
    );

    let output = harness.run(&[
        "revoke",
        "--access-key",
        &leaked.access_key,
        "--project",
        "all",
        "--region",
        "all",
        "--yes",
        "--output",
        "json",
    ]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let rows = json_rows(&output);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], leaked.id.as_str());
    assert_eq!(rows[0]["product"], "queues");
    assert_eq!(rows[0]["region"], "nl-ams");
    assert_eq!(rows[0]["outcome"], "revoked");
    assert_eq!(rows[0]["error"], Value::Null);

    let after = emulator.snapshot();
    let mut expected = ids(&before);
    expected.retain(|id| *id != leaked.id);
    assert_eq!(ids(&after), expected, "exactly that one is gone");

    let journal = harness.journal();
    let outcomes: Vec<&str> = journal
        .iter()
        .map(|line| line["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(outcomes, ["asked", "done"]);
    assert_eq!(journal[0]["change_id"], journal[1]["change_id"]);
    for line in &journal {
        assert_eq!(line["change"], "revoke");
        assert_eq!(line["source"], "cli");
        assert_eq!(line["key"], leaked.access_key.as_str());
        assert_eq!(line["project_id"], leaked.project_id.as_str());
        assert_eq!(line["api_url"], emulator.url());
    }
    let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&harness.journal_file()), 0o600);
    assert_eq!(mode(harness.journal_file().parent().unwrap()), 0o700);
    let secret = emulator.secret_key();
    for written in [
        text(&output.stdout),
        text(&output.stderr),
        &std::fs::read_to_string(harness.journal_file()).unwrap(),
    ] {
        assert!(
            !written.contains(&secret),
            "the API secret key leaked: {written}"
        );
    }
}

#[test]
fn a_dry_run_revokes_nothing() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let before = emulator.snapshot();
    let output = harness.run(&[
        "revoke",
        "--stale-days",
        "90",
        "--region",
        "all",
        "--dry-run",
        "--output",
        "json",
    ]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let rows = json_rows(&output);
    assert!(rows.len() > 3, "the demo has stale credentials: {rows:?}");
    assert!(
        rows.iter()
            .all(|row| row["outcome"] == "dry-run" && row["stale"] == true)
    );
    assert_eq!(ids(&emulator.snapshot()), ids(&before));
    assert!(harness.journal().is_empty(), "nothing to journal");

    // The table for a person: projects by name, a `.creds` checksum cut (JSON has them whole).
    let output = harness.run(&[
        "revoke",
        "--stale-days",
        "90",
        "--region",
        "all",
        "--project",
        "all",
        "--dry-run",
        "--output",
        "table",
    ]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let table = text(&output.stdout);
    let nats = before.nats_credentials[0].checksum.as_str();
    assert!(
        table.contains(" data-platform ") && table.contains(&format!(" {}… ", &nats[..12])),
        "{table}"
    );
    assert!(!table.contains(nats), "{table}");
}

#[test]
fn off_a_terminal_without_yes_nothing_is_revoked_and_it_exits_2() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let before = emulator.snapshot();
    let leaked = etl_loader(&before);
    let output = harness.run(&[
        "revoke",
        "--access-key",
        &leaked.access_key,
        "--project",
        "all",
        "--region",
        "all",
    ]);
    assert_eq!(code(&output), Some(2));
    assert!(
        text(&output.stderr).contains("nothing was revoked: not on a terminal, and no --yes"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(ids(&emulator.snapshot()), ids(&before));
}

#[test]
fn a_name_several_credentials_have_needs_all_matching() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let client = emulator.client();
    let twin = emulator
        .block_on(client.create_credentials(
            Service::Sns,
            Region::FrPar,
            &CreateServiceCredentialsRequest {
                project_id: emulator.default_project(),
                name: "orders-producer".into(),
                permissions: Permissions::new(true, false, false),
            },
        ))
        .expect("a second orders-producer");
    let before = emulator.snapshot();

    let output = harness.run(&["revoke", "--name", "orders-producer", "--yes"]);
    assert_eq!(code(&output), Some(2));
    assert!(
        text(&output.stderr).contains("--name \"orders-producer\" matches 2 credentials"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(ids(&emulator.snapshot()), ids(&before), "nothing revoked");

    let output = harness.run(&[
        "revoke",
        "--name",
        "orders-producer",
        "--all-matching",
        "--yes",
        "--output",
        "json",
    ]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let rows = json_rows(&output);
    let revoked: Vec<&str> = rows
        .iter()
        .map(|row| row["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(revoked, ["revoked", "revoked"]);
    let after = ids(&emulator.snapshot());
    assert!(!after.contains(&twin.id));
    assert_eq!(
        after.len(),
        before.sqs_credentials.len() + before.sns_credentials.len() + before.nats_credentials.len()
            - 2
    );
}

#[test]
fn the_env_file_and_the_creds_file_of_generated_credentials_revoke_them() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let client = emulator.client();
    let project = emulator.default_project();
    let created = emulator
        .block_on(client.create_credentials(
            Service::Sqs,
            Region::NlAms,
            &CreateServiceCredentialsRequest {
                project_id: project.clone(),
                name: "leaked-ci".into(),
                permissions: Permissions::new(true, true, false),
            },
        ))
        .expect("new Queues credentials");
    let secret_key = created.secret_key.expose().to_owned();
    let saved = CreatedCredentials::Service {
        service: Service::Sqs,
        credentials: created.clone(),
        endpoint: emulator.data_plane_url(Service::Sqs, Region::NlAms),
    }
    .file_contents();
    let env_file = harness.home.path().join("leaked.env");
    std::fs::write(&env_file, saved.expose()).unwrap();

    let account = emulator
        .block_on(client.create_nats_account(
            Region::FrPar,
            &CreateNatsAccountRequest {
                name: "leaky-bus".into(),
                project_id: project,
            },
        ))
        .expect("a NATS account");
    let nats = emulator
        .block_on(client.create_nats_credentials(
            Region::FrPar,
            &CreateNatsCredentialsRequest {
                nats_account_id: account.id,
                name: "leaked-worker".into(),
            },
        ))
        .expect("new NATS credentials");
    let creds = nats.credentials.clone().expect("the .creds").content;
    let creds_file = harness.home.path().join("leaked-worker.creds");
    std::fs::write(&creds_file, creds.expose()).unwrap();

    let output = harness.run(&[
        "revoke",
        "--env-file",
        env_file.to_str().unwrap(),
        "--creds-file",
        creds_file.to_str().unwrap(),
        "--region",
        "all",
        "--yes",
        "--output",
        "json",
    ]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let mut revoked: Vec<(String, String)> = json_rows(&output)
        .iter()
        .map(|row| {
            (
                row["name"].as_str().unwrap().to_owned(),
                row["outcome"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    revoked.sort();
    assert_eq!(
        revoked,
        [
            ("leaked-ci".to_owned(), "revoked".to_owned()),
            ("leaked-worker".to_owned(), "revoked".to_owned())
        ]
    );
    let after = ids(&emulator.snapshot());
    assert!(!after.contains(&created.id) && !after.contains(&nats.id));

    let seed_line = creds
        .expose()
        .lines()
        .find(|line| line.starts_with("SU"))
        .expect("the seed")
        .to_owned();
    let journal = std::fs::read_to_string(harness.journal_file()).unwrap();
    assert!(
        journal.contains(&nats.checksum),
        "NATS credentials go by their checksum"
    );
    for written in [text(&output.stdout), text(&output.stderr), journal.as_str()] {
        assert!(
            !written.contains(&secret_key),
            "a secret key leaked: {written}"
        );
        assert!(!written.contains(&seed_line), "a seed leaked: {written}");
    }
}

#[test]
fn nothing_matched_exits_1_and_says_where_it_looked() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let output = harness.run(&["revoke", "--access-key", "SCWNOSUCHKEY00000000", "--yes"]);
    assert_eq!(code(&output), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("nothing matched in Queues, Topics and Events (fr-par of project"),
        "{stderr}"
    );
    assert!(
        stderr.contains("--region all --project all looks everywhere"),
        "{stderr}"
    );
    assert_eq!(text(&output.stdout), "");
}

#[test]
fn usage_mistakes_exit_2() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    assert_eq!(
        code(&harness.run(&["revoke", "--yes"])),
        Some(2),
        "no selector"
    );
    let creds = harness.home.path().join("not.env");
    std::fs::write(&creds, "-----BEGIN NATS USER JWT-----\nx.y.z\n").unwrap();
    let output = harness.run(&["revoke", "--env-file", creds.to_str().unwrap(), "--yes"]);
    assert_eq!(code(&output), Some(2));
    assert!(
        text(&output.stderr).contains("pass it with --creds-file"),
        "{}",
        text(&output.stderr)
    );
}

/// A scripted API with one Queues credential, whose revoke gets `revoke`.
fn scripted(revoke: Reply) -> (tokio::runtime::Runtime, ScriptedServer, ServiceCredentials) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let credentials = ServiceCredentials {
        id: CredentialsId("6d2c1b0a-9f8e-4d7c-b6a5-948372615041".into()),
        name: "leaked-deployer".into(),
        project_id: ProjectId("3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into()),
        region: Region::FrPar,
        created_at: Some(Timestamp::now()),
        updated_at: None,
        access_key: "SCWLEAKEDDEPLOYER001".into(),
        secret_key: Secret::default(),
        secret_checksum: String::new(),
        permissions: Some(Permissions::new(true, false, false)),
    };
    let page = serde_json::to_string(&ListSqsCredentialsResponse {
        total_count: 1,
        sqs_credentials: vec![credentials.clone()],
    })
    .unwrap();
    let server = runtime.block_on(ScriptedServer::start(move |request| {
        match (request.method.as_str(), request.path.as_str()) {
            ("DELETE", _) => revoke.clone(),
            (_, path) if path.ends_with("sqs-credentials") => json("200 OK", &page),
            _ => json("200 OK", r#"{"total_count":0,"sns_credentials":[]}"#),
        }
    }));
    (runtime, server, credentials)
}

fn scripted_env(server: &ScriptedServer) -> Vec<(&'static str, String)> {
    vec![
        ("SCW_API_URL", server.url.clone()),
        (
            "SCW_SECRET_KEY",
            "4a7c1e2b-8d3f-4b6a-9c0e-1f2d3e4c5b6a".into(),
        ),
        (
            "SCW_DEFAULT_PROJECT_ID",
            "3c8e1f4a-9b27-4d5e-8f60-2a7b9c1d4e85".into(),
        ),
        ("SCW_DEFAULT_REGION", "fr-par".into()),
    ]
}

#[test]
fn a_failed_revoke_exits_1_and_says_why() {
    let (_runtime, server, leaked) = scripted(json(
        "503 Service Unavailable",
        r#"{"message":"internal error"}"#,
    ));
    let harness = Harness::new(scripted_env(&server));
    let output = harness.run(&[
        "revoke",
        "--access-key",
        &leaked.access_key,
        "--yes",
        "--output",
        "json",
    ]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    let rows = json_rows(&output);
    assert_eq!(rows[0]["outcome"], "failed");
    assert!(
        rows[0]["error"].as_str().unwrap().contains("503"),
        "{rows:?}"
    );
    assert!(
        text(&output.stderr).contains("1 of 1 revokes failed"),
        "{}",
        text(&output.stderr)
    );
    let outcomes: Vec<Value> = harness
        .journal()
        .iter()
        .map(|line| line["outcome"].clone())
        .collect();
    assert_eq!(outcomes, ["asked", "failed"]);
}

#[test]
fn a_process_killed_before_the_answer_leaves_the_asked_line() {
    let (_runtime, server, leaked) = scripted(Reply::Silence);
    let harness = Harness::new(scripted_env(&server));
    let mut child = harness
        .command(&["revoke", "--access-key", &leaked.access_key, "--yes"])
        .spawn()
        .expect("the binary runs");
    let deadline = Instant::now() + Duration::from_secs(30);
    while server
        .requests()
        .iter()
        .all(|request| request.method != "DELETE")
    {
        assert!(Instant::now() < deadline, "the revoke was never sent");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("killed");
    child.wait().expect("reaped");
    let journal = harness.journal();
    assert_eq!(journal.len(), 1, "{journal:?}");
    assert_eq!(journal[0]["outcome"], "asked");
    assert_eq!(journal[0]["id"], leaked.id.as_str());

    // `mnq-tui journal` says it was asked and nothing more is known.
    let output = harness.run(&["journal", "--output", "table"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let table = text(&output.stdout);
    assert!(
        table.contains("leaked-deployer") && table.contains("asked"),
        "{table}"
    );
}

#[test]
fn the_journal_command_prints_each_change_once_with_its_last_outcome() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    let leaked = etl_loader(&emulator.snapshot());
    let revoke = |key: &str| {
        harness.run(&[
            "revoke",
            "--access-key",
            key,
            "--region",
            "all",
            "--project",
            "all",
            "--yes",
        ])
    };
    assert_eq!(code(&revoke(&leaked.access_key)), Some(0));

    let output = harness.run(&["journal"]);
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let changes = json_rows(&output);
    assert_eq!(
        changes.len(),
        1,
        "asked and done are one change: {changes:?}"
    );
    assert_eq!(changes[0]["outcome"], "done");
    assert_eq!(changes[0]["name"], "etl-loader");

    let future = harness.run(&["journal", "--since", "2100-01-01"]);
    assert_eq!(json_rows(&future).len(), 0);
    let recent = harness.run(&["journal", "--since", "1h"]);
    assert_eq!(json_rows(&recent).len(), 1);
    let wrong = harness.run(&["journal", "--since", "last tuesday"]);
    assert_eq!(code(&wrong), Some(2));
    // A journal that cannot be read fails while running: 1.
    let unreadable = harness.home.path().join("a-folder");
    std::fs::create_dir(&unreadable).unwrap();
    let output = harness.run(&["journal", "--file", unreadable.to_str().unwrap()]);
    assert_eq!(code(&output), Some(1), "{}", text(&output.stderr));
    assert!(
        text(&output.stderr).contains("cannot read the journal"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_journal_that_cannot_be_written_is_said_once_and_the_revokes_go_on() {
    let emulator = TestEmulator::start();
    let harness = Harness::new(emulator.client_env());
    // A file where the state folder should be: nothing can be made under it.
    let blocked = harness.home.path().join("blocked");
    std::fs::write(&blocked, "").unwrap();
    let before = emulator.snapshot();
    let output = harness
        .command(&[
            "revoke",
            "--name",
            "orders-consumer",
            "--name",
            "orders-producer",
            "--yes",
        ])
        .env("XDG_STATE_HOME", &blocked)
        .output()
        .expect("the binary runs");
    assert_eq!(code(&output), Some(0), "{}", text(&output.stderr));
    let stderr = text(&output.stderr);
    assert_eq!(
        stderr
            .matches("warning: the journal cannot be written")
            .count(),
        1,
        "{stderr}"
    );
    assert_eq!(ids(&emulator.snapshot()).len(), ids(&before).len() - 2);
}

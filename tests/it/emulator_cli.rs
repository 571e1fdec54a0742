//! `mnq-tui emulator` as a user runs it: what it prints, that a client can use what it prints,
//! that it stops cleanly on SIGTERM and Ctrl-C, and that `--state` survives a restart.

#![cfg(unix)]

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::time::Duration;

use mnq_tui::api::ListQuery;
use mnq_tui::api::model::*;
use mnq_tui::config::{Env, Overrides, Settings};

use crate::support::child::{self, ChildEmulator, PRINTED};

/// How soon SIGTERM must stop an emulator: its grace for requests in flight is 200 ms; the rest
/// is margin for a loaded machine (an idle stop takes a few milliseconds).
const AT_ONCE: Duration = Duration::from_secs(1);

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Runtime::new().unwrap()
}

fn is_uuid(text: &str) -> bool {
    text.len() == 36 && uuid::Uuid::try_parse(text).is_ok()
}

#[test]
fn the_emulator_prints_how_to_reach_it_and_stops_on_sigterm() {
    let emulator = ChildEmulator::start(&["--seed", "empty"]);

    let url = emulator
        .listening
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("first line: {:?}", emulator.listening));
    let port = url
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("a loopback URL: {url}"));
    assert!(port.parse::<u16>().is_ok_and(|port| port > 0), "{url}");
    let names: Vec<&str> = emulator.printed.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, PRINTED);
    assert_eq!(emulator.value("SCW_API_URL"), url);
    let access_key = emulator.value("SCW_ACCESS_KEY");
    assert!(
        access_key.len() == 20
            && access_key.starts_with("SCW")
            && access_key[3..]
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
        "an access key the SDKs accept: {access_key}"
    );
    for name in [
        "SCW_SECRET_KEY",
        "SCW_DEFAULT_ORGANIZATION_ID",
        "SCW_DEFAULT_PROJECT_ID",
    ] {
        assert!(is_uuid(emulator.value(name)), "{name}");
    }
    assert_eq!(emulator.value("SCW_DEFAULT_REGION"), "fr-par");

    // Our own configuration accepts exactly these lines, and a client reaches the emulator.
    let printed: BTreeMap<&str, &str> = emulator
        .printed
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let settings = Settings::load_from(
        &Overrides::default(),
        &Env::from_pairs(printed.iter().map(|(n, v)| (*n, *v))),
    )
    .expect("the printed settings are a valid configuration");
    assert_eq!(settings.api_url, url);
    let info = runtime()
        .block_on(
            emulator
                .client()
                .get_info(Service::Sqs, settings.region, &settings.project_id),
        )
        .expect("an authenticated call succeeds");
    assert_eq!(info.status, ServiceStatus::Disabled);

    let (status, took) = emulator.stop_with("TERM");
    assert!(status.success(), "exit status after SIGTERM: {status}");
    assert!(took < AT_ONCE, "SIGTERM took {took:?}");
}

#[test]
fn sigterm_stops_the_emulator_at_once_whatever_its_clients_left_open() {
    let emulator = ChildEmulator::start(&["--seed", "empty"]);
    let address = emulator
        .value("SCW_API_URL")
        .strip_prefix("http://")
        .expect("an http URL")
        .to_owned();
    let connect = || TcpStream::connect(&address).expect("the emulator accepts a connection");

    // A client that keeps its connection open after an answer, as HTTP clients do...
    let mut kept_alive = connect();
    write!(
        kept_alive,
        "GET /mnq/v1beta1/regions/fr-par/sqs-info?project_id={} HTTP/1.1\r\nHost: emulator\r\n\
         X-Auth-Token: {}\r\n\r\n",
        emulator.value("SCW_DEFAULT_PROJECT_ID"),
        emulator.value("SCW_SECRET_KEY")
    )
    .unwrap();
    let mut answer = [0; 64];
    let read = kept_alive.read(&mut answer).unwrap();
    assert!(
        answer[..read].starts_with(b"HTTP/1.1 200 OK"),
        "{:?}",
        String::from_utf8_lossy(&answer[..read])
    );
    // ...one that connected and said nothing, and one that sent half a request and went quiet.
    let _silent = connect();
    let mut half_sent = connect();
    write!(
        half_sent,
        "GET /mnq/v1beta1/regions/fr-par/sqs-info HTTP/1.1\r\nHost: e"
    )
    .unwrap();
    half_sent.flush().unwrap();

    let (status, took) = emulator.stop_with("TERM");
    assert!(status.success(), "exit status after SIGTERM: {status}");
    assert!(took < AT_ONCE, "SIGTERM took {took:?}");
}

#[test]
fn the_emulator_stops_on_ctrl_c() {
    let emulator = ChildEmulator::start(&["--seed", "demo"]);
    let accounts = runtime()
        .block_on(
            emulator
                .client()
                .list_nats_accounts(Region::FrPar, &ListQuery::default())
                .into_future(),
        )
        .unwrap();
    assert!(!accounts.is_empty(), "the demo seed has NATS accounts");
    let (status, _) = emulator.stop_with("INT");
    assert!(status.success(), "exit status after SIGINT: {status}");
}

fn state_of(path: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(path).expect("the state file exists"))
        .expect("the state file is JSON")
}

#[test]
fn a_state_file_keeps_every_change_across_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let state = dir.path().join("state.json");
    let state_arg = state.to_str().unwrap();
    let runtime = runtime();

    let first = ChildEmulator::start(&["--seed", "empty", "--state", state_arg]);
    let client = first.client();
    let project = first.project();
    let (credentials, account) = runtime.block_on(async {
        client
            .activate(Service::Sqs, Region::FrPar, &project)
            .await
            .unwrap();
        let credentials = client
            .create_credentials(
                Service::Sqs,
                Region::FrPar,
                &CreateServiceCredentialsRequest {
                    project_id: project.clone(),
                    name: "kept-across-restarts".into(),
                    permissions: Permissions::new(true, false, true),
                },
            )
            .await
            .unwrap();
        let account = client
            .create_nats_account(
                Region::NlAms,
                &CreateNatsAccountRequest {
                    name: "kept-bus".into(),
                    project_id: project.clone(),
                },
            )
            .await
            .unwrap();
        (credentials, account)
    });
    let secret_key = first.value("SCW_SECRET_KEY").to_owned();
    assert!(
        state_of(&state)["sqs_credentials"]
            .as_array()
            .is_some_and(|saved| saved.len() == 1),
        "the change is on disk before the answer"
    );
    let (status, _) = first.stop_with("TERM");
    assert!(status.success(), "{status}");

    let second = ChildEmulator::start(&["--state", state_arg]);
    assert_eq!(
        second.value("SCW_SECRET_KEY"),
        secret_key,
        "the saved API key, not the demo seed's"
    );
    let client = second.client();
    runtime.block_on(async {
        let read = client
            .get_credentials(Service::Sqs, Region::FrPar, &credentials.id)
            .await
            .expect("the credentials survived the restart");
        assert_eq!(read.name, "kept-across-restarts");
        assert_eq!(read.access_key, credentials.access_key);
        assert_eq!(read.permissions, Some(Permissions::new(true, false, true)));
        let listed = client
            .list_credentials(
                Service::Sqs,
                Region::FrPar,
                &ListQuery::project(project.clone()),
            )
            .await
            .unwrap();
        assert_eq!(listed.len(), 1, "nothing of the demo seed: {listed:?}");
        let info = client
            .get_info(Service::Sqs, Region::FrPar, &project)
            .await
            .unwrap();
        assert_eq!(
            info.status,
            ServiceStatus::Enabled,
            "the activation survived"
        );
        let kept = client
            .get_nats_account(Region::NlAms, &account.id)
            .await
            .expect("the NATS account survived");
        assert_eq!(kept.name, "kept-bus");
    });
    let (status, _) = second.stop_with("TERM");
    assert!(status.success(), "{status}");
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .all(|entry| entry.unwrap().path() == state),
        "no temporary file is left beside the state file"
    );
}

/// `mnq-tui emulator ARGS` run to its end, as a user with `RUST_BACKTRACE=1` would.
fn run_emulator(args: &[&str]) -> std::process::Output {
    child::command(args)
        .env("RUST_BACKTRACE", "1")
        .output()
        .expect("the binary runs")
}

/// A state file written by an emulator started from the empty seed.
fn saved_state(dir: &Path) -> std::path::PathBuf {
    let state = dir.join("state.json");
    let first = ChildEmulator::start(&["--seed", "empty", "--state", state.to_str().unwrap()]);
    let (status, _) = first.stop_with("TERM");
    assert!(status.success(), "{status}");
    state
}

#[test]
fn a_seed_or_generated_credentials_with_an_existing_state_file_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let state = saved_state(dir.path());
    let saved = std::fs::read(&state).unwrap();
    let state_arg = state.to_str().unwrap();

    for (args, refused, pronoun) in [
        (&["--seed", "demo"][..], "--seed demo", "it"),
        (&["--generate", "5"], "--generate 5", "it"),
        (
            &["--seed", "empty", "--generate", "5"],
            "--seed empty and --generate 5",
            "them",
        ),
    ] {
        let output = run_emulator(&[args, &["--state", state_arg]].concat());
        // A command line that cannot be used.
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "");
        assert_eq!(
            String::from_utf8_lossy(&output.stderr),
            format!(
                "error: {refused} would be ignored: the state file {state_arg} exists and the \
                 emulator starts from it — leave {pronoun} out to carry on from the saved \
                 state, or delete the file to start again\n"
            )
        );
    }
    assert_eq!(
        std::fs::read(&state).unwrap(),
        saved,
        "the state file is untouched"
    );
}

/// `--generate` has a limit the emulator's memory can hold: beyond it, one line that says so
/// and exit 2, instead of an abort on the allocation.
#[test]
fn generating_more_than_the_limit_is_refused_with_exit_2() {
    for count in ["1000000000", "1000001"] {
        let output = run_emulator(&["--seed", "empty", "--generate", count]);
        assert_eq!(output.status.code(), Some(2), "{count}: {output:?}");
        assert_eq!(String::from_utf8_lossy(&output.stdout), "");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.starts_with(&format!(
                "error: invalid value '{count}' for '--generate <GENERATE>': at most 1,000,000 \
                 credentials (each takes about 430 bytes of the emulator's memory)\n"
            )),
            "{stderr}"
        );
    }
}

#[test]
fn a_state_file_without_api_keys_is_an_error_not_a_panic() {
    let dir = tempfile::tempdir().unwrap();
    let state = saved_state(dir.path());
    let mut saved = state_of(&state);
    saved["api_keys"] = serde_json::json!([]);
    std::fs::write(&state, serde_json::to_vec(&saved).unwrap()).unwrap();

    let output = run_emulator(&["--state", state.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        format!(
            "error: the state file {} has no api_keys, so no client could authenticate — add \
             one, or delete the file to start again from a seed\n",
            state.display()
        )
    );
}

/// `--propagation-ms` reaches the emulator: right after the activation, `sqs-info` answers 403
/// and the NATS account 404 `namespace`, as the real API did (the window outlasts the test).
#[test]
fn propagation_ms_delays_reads_after_a_create() {
    let emulator = ChildEmulator::start(&["--seed", "empty", "--propagation-ms", "600000"]);
    let client = emulator.client();
    let project = emulator.project();
    runtime().block_on(async {
        client
            .activate(Service::Sqs, Region::FrPar, &project)
            .await
            .unwrap();
        let info = client
            .get_info(Service::Sqs, Region::FrPar, &project)
            .await
            .unwrap_err();
        assert_eq!(info.status(), Some(403), "{info:?}");
        let account = client
            .create_nats_account(
                Region::FrPar,
                &CreateNatsAccountRequest {
                    name: "fresh".into(),
                    project_id: project.clone(),
                },
            )
            .await
            .unwrap();
        let read = client
            .get_nats_account(Region::FrPar, &account.id)
            .await
            .unwrap_err();
        assert_eq!(
            read,
            mnq_tui::api::ApiError::NotFound {
                resource: "namespace".into(),
                resource_id: account.id.to_string(),
            }
        );
    });
    emulator.stop_with("TERM");
}

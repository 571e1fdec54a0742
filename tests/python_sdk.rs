//! The official Scaleway Python SDK (PyPI `scaleway`, unchanged) against the emulator:
//! `tests/python/sdk_check.py` lists, reads, creates, updates and deletes NATS accounts and
//! credentials, Queues and Topics and Events credentials, activates and reads info, and expects
//! the SDK's own exception for a 404. If the SDK cannot tell the emulator from the real API,
//! neither can our client.
//!
//! The interpreter is `target/sdk-venv/bin/python`, or `MNQ_SDK_PYTHON`. Without it (or without
//! the SDK in it) the test is skipped locally and fails when `CI` is set.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};

const INSTALL: &str = "python3 -m venv target/sdk-venv && target/sdk-venv/bin/pip install \
                       scaleway==2.12.0";
/// The script takes a few seconds; this is for a machine that is very slow or stuck.
const DEADLINE: Duration = Duration::from_secs(180);

fn python() -> PathBuf {
    match std::env::var_os("MNQ_SDK_PYTHON") {
        Some(path) => PathBuf::from(path),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv/bin/python"),
    }
}

/// The SDK cannot run here: a failure under CI, a notice otherwise.
fn unavailable(why: &str) {
    if std::env::var_os("CI").is_some() {
        panic!(
            "{why}. CI is set, so this test must run: install the SDK with `{INSTALL}` (from \
             the repository root), or point MNQ_SDK_PYTHON at a Python that has scaleway==2.12.0"
        );
    }
    eprintln!("SKIPPED the Python SDK check: {why}. To run it: {INSTALL}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_python_sdk_cannot_tell_the_emulator_from_the_api() {
    let python = python();
    if !python.exists() {
        unavailable(&format!("there is no Python at {}", python.display()));
        return;
    }
    let emulator = Emulator::start(
        "127.0.0.1:0".parse().unwrap(),
        EmulatorOptions {
            seed: Some(Seed::Empty),
            ..EmulatorOptions::default()
        },
    )
    .await
    .expect("the emulator starts");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python/sdk_check.py");
    let no_config = tempfile::tempdir().unwrap();

    let mut command = Command::new(&python);
    command
        .arg(&script)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // Only the emulator's settings: none of the developer's own Scaleway configuration.
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("SCW_") || name.starts_with("SCALEWAY_") {
            command.env_remove(name.as_ref());
        }
    }
    command
        .envs(emulator.client_env())
        .env("SCW_CONFIG_PATH", no_config.path().join("config.yaml"))
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1");
    let child = command
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
    let pid = child.id();

    // The emulator answers on this test's runtime, so the wait happens on a blocking thread.
    let waited = tokio::time::timeout(
        DEADLINE,
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await;
    let output = match waited {
        Ok(joined) => joined
            .expect("the waiting thread does not panic")
            .expect("the script's output is read"),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
            panic!("the Python SDK check did not finish within {DEADLINE:?}");
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);

    if output.status.code() == Some(3) {
        unavailable(&format!(
            "the scaleway SDK is not installed for {}",
            python.display()
        ));
        return;
    }
    assert!(
        output.status.success(),
        "the Python SDK check failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(
        summary.ends_with(" passed, 0 failed"),
        "unexpected summary {summary:?}:\n{stdout}"
    );
}

//! The official Scaleway Python SDK (PyPI `scaleway`, unchanged) against the emulator:
//! `tests/python/sdk_check.py` lists, reads, creates, updates and deletes NATS accounts and
//! credentials, Queues and Topics and Events credentials, activates and reads info, lists the
//! organisation's projects (Account API), and expects the SDK's own exception for a 404. If
//! the SDK cannot tell the emulator from the real API, neither can our client. The emulator
//! runs with a live nats-server (`--nats`), so every NATS change the SDK makes is also pushed
//! to a real server, whose answer the API's waits for.
//!
//! The interpreter is `MNQ_SDK_PYTHON` when set (used as it is), else `target/sdk-venv/bin/python`,
//! which the test creates with `python3 -m venv` and fills with `pip install scaleway==2.12.0`
//! when it is missing or holds another version. The test never passes without running every
//! check: no Python, no SDK or another version of it is a failure that says what to do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use mnq_tui::emulator::{EmulatorOptions, Seed};

use crate::support;

/// The SDK version the emulator is checked against.
const SDK_VERSION: &str = "2.12.0";
/// The checks `sdk_check.py` makes; a change to the script changes this number with it, so that
/// a section that stops running cannot go unnoticed.
const CHECKS: u32 = 135;
/// The script takes a few seconds; this is for a machine that is very slow or stuck.
const DEADLINE: Duration = Duration::from_secs(180);

/// Runs a program to its end, or fails the test saying what could not run.
fn output_of(command: &mut Command) -> Output {
    command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"))
}

/// The version of the `scaleway` package `python` imports, if it has one.
fn sdk_version(python: &Path) -> Option<String> {
    let output = Command::new(python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('scaleway'))",
        ])
        .stdin(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

/// The Python to run the check with, with the SDK's version checked (and, in the test's own
/// venv, installed).
fn python_with_the_sdk() -> PathBuf {
    if let Some(python) = std::env::var_os("MNQ_SDK_PYTHON") {
        let python = PathBuf::from(python);
        let version = sdk_version(&python);
        assert_eq!(
            version.as_deref(),
            Some(SDK_VERSION),
            "MNQ_SDK_PYTHON={} must have scaleway=={SDK_VERSION} (pip install \
             scaleway=={SDK_VERSION}), or leave MNQ_SDK_PYTHON unset to let the test make its \
             own venv",
            python.display()
        );
        return python;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv");
    let python = venv.join("bin/python");
    if sdk_version(&python).as_deref() == Some(SDK_VERSION) {
        return python;
    }
    if !python.exists() {
        let created = output_of(Command::new("python3").arg("-m").arg("venv").arg(&venv));
        assert!(
            created.status.success(),
            "`python3 -m venv {}` failed (on Debian or Ubuntu: apt-get install python3-venv):\n{}",
            venv.display(),
            String::from_utf8_lossy(&created.stderr)
        );
    }
    let installed = output_of(
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check"])
            .arg(format!("scaleway=={SDK_VERSION}")),
    );
    assert!(
        installed.status.success(),
        "`pip install scaleway=={SDK_VERSION}` into {} failed (it needs PyPI, or a proxy to it \
         in PIP_INDEX_URL):\n{}",
        venv.display(),
        String::from_utf8_lossy(&installed.stderr)
    );
    let version = sdk_version(&python);
    assert_eq!(
        version.as_deref(),
        Some(SDK_VERSION),
        "{} still does not have scaleway=={SDK_VERSION} after pip install",
        venv.display()
    );
    python
}

#[tokio::test(flavor = "multi_thread")]
async fn the_official_python_sdk_cannot_tell_the_emulator_from_the_api() {
    let python = tokio::task::spawn_blocking(python_with_the_sdk)
        .await
        .expect("the SDK is set up");
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        nats_server: Some(support::emulator::nats_server_binary()),
        ..EmulatorOptions::default()
    })
    .await;
    assert!(emulator.nats_server_url().is_some());
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
    assert!(
        output.status.success(),
        "the Python SDK check failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    let summary = stdout.lines().last().unwrap_or_default();
    assert_eq!(
        summary,
        format!("{CHECKS} passed, 0 failed"),
        "every check ran and passed:\n{stdout}"
    );
}

//! The official Scaleway Python SDK (PyPI `scaleway`, unchanged) against the emulator:
//! `tests/python/sdk_check.py` lists, reads, creates, updates and deletes NATS accounts and
//! credentials, Queues and Topics and Events credentials, activates and reads info, lists the
//! organisation's projects (Account API), and expects the SDK's own exception for a 404. If
//! the SDK cannot tell the emulator from the real API, neither can our client. The emulator
//! runs with a live nats-server (`--nats`), so every NATS change the SDK makes is also pushed
//! to a real server, whose answer the API's waits for.
//!
//! The Python, its venv and its pinned packages: `tests/support/python.rs`.

use std::time::Duration;

use mnq_tui::emulator::{EmulatorOptions, Seed};

use crate::support;

/// The checks `sdk_check.py` makes; a change to the script changes this number with it, so that
/// a section that stops running cannot go unnoticed.
const CHECKS: u32 = 135;
/// The script takes a few seconds; this is for a machine that is very slow or stuck.
const DEADLINE: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread")]
async fn the_official_python_sdk_cannot_tell_the_emulator_from_the_api() {
    let python = tokio::task::spawn_blocking(support::python::python_with_the_judges)
        .await
        .expect("the SDK is set up");
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        nats_server: Some(support::emulator::nats_server_binary()),
        ..EmulatorOptions::default()
    })
    .await;
    assert!(emulator.nats_server_url().is_some());
    let ran = support::python::run_script(&python, "sdk_check.py", &emulator, DEADLINE).await;
    assert_eq!(
        ran.summary(),
        format!("{CHECKS} passed, 0 failed"),
        "every check ran and passed:\n{}",
        ran.stdout
    );
}

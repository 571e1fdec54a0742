//! boto3, the AWS SDK for Python, judges the emulator's Queues and Topics and Events data
//! planes: `tests/python/boto3_check.py` issues credentials through the API with the official
//! Scaleway SDK, then does with boto3 what an application does — a queue, messages (their MD5s
//! checked against an implementation of its own), a topic whose publications reach subscribed
//! queues — and checks that an update removing Write refuses the next publication, that a
//! revoke refuses every call from the very next request, and that requests signed with another
//! secret, an old clock, or changed after signing are refused with the documented codes.
//!
//! It prints what it measured (`figure …` lines: revoke answered → first refusal, the
//! scenario's wall time); `cargo test --test boto3 -- --nocapture` shows them.
//!
//! The Python, its venv and its pinned packages: `tests/support/python.rs`.

use std::time::Duration;

use mnq_tui::emulator::{EmulatorOptions, Seed};

use crate::support;

/// The checks `boto3_check.py` makes; a change to the script changes this number with it.
const CHECKS: u32 = 73;
/// The script takes a few seconds; this is for a machine that is very slow or stuck.
const DEADLINE: Duration = Duration::from_secs(180);

#[tokio::test(flavor = "multi_thread")]
async fn boto3_finds_revoked_keys_refused_and_permissions_enforced() {
    let python = tokio::task::spawn_blocking(support::python::python_with_the_judges)
        .await
        .expect("boto3 is set up");
    let emulator = support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        ..EmulatorOptions::default()
    })
    .await;
    let ran = support::python::run_script(&python, "boto3_check.py", &emulator, DEADLINE).await;
    for figure in ran.figures() {
        println!("{figure}");
    }
    assert_eq!(
        ran.summary(),
        format!("{CHECKS} passed, 0 failed"),
        "every check ran and passed:\n{}",
        ran.stdout
    );
}

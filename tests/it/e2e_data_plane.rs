//! End-to-end on the emulator's Queues data plane: the real `mnq-tui` in a pseudo-terminal
//! generates Queues credentials with Write only and tests them from the secret pop-up (the
//! endpoint takes the key and grants Write only); updates them to Read only and tests them
//! with `t` and the `.env` it saved (Read only now); revokes them and tests the file again
//! (refused). The emulator's queues are checked too: the probes made nothing.
//!
//! The time from Enter on Test to the answer on screen is printed: `cargo test --test it
//! e2e_data_plane -- --nocapture`.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use crate::support::emulator::TestEmulator;
use crate::support::pty::{Launch, Pty, WAIT, key};
use crate::support::screen::{lists, selected_name};
use mnq_tui::api::model::{Permissions, Region, Service};

/// A test's answer on screen: generous, for a debug build on a loaded machine; a passing wait
/// takes milliseconds.
const ANSWER: Duration = Duration::from_secs(15);

/// The grants table's line of a permission: the endpoint's word, then the API's.
fn grant_line(permission: &str, endpoint: &str, api: &str) -> String {
    format!("{permission:<11}{endpoint:<15}{api}")
}

/// Waits for an accepted test whose endpoint grants what the API declares: Write, Read and
/// Manage each granted or refused as `permissions` say, and no difference.
fn wait_accepted(pty: &Pty, permissions: Permissions) -> String {
    let expected: Vec<String> = [
        ("Write", permissions.can_publish),
        ("Read", permissions.can_receive),
        ("Manage", permissions.can_manage),
    ]
    .into_iter()
    .map(|(permission, held)| {
        let (endpoint, api) = if held {
            ("granted", "yes")
        } else {
            ("refused", "no")
        };
        grant_line(permission, endpoint, api)
    })
    .collect();
    let screen = pty.wait_for_within(ANSWER, "the test accepted", |screen| {
        screen.contains("✓ Accepted: the endpoint takes access key")
            && expected.iter().all(|line| screen.contains(line))
    });
    assert!(!screen.contains("differs"), "{screen}");
    screen
}

#[test]
fn the_console_tests_queues_keys_as_generated_updated_and_revoked() {
    let emulator = TestEmulator::start();
    let folder = tempfile::tempdir().expect("a temporary folder");
    let env = folder.path().join("probe-e2e.env");
    let mut pty = Launch::new(&["--no-config"])
        .env(emulator.client_env())
        .spawn();
    pty.wait_for_text("1  NATS");
    pty.press("2");
    pty.wait_for("the Queues credentials", |screen| {
        screen.contains("Queues credentials · fr-par") && selected_name(screen).is_some()
    });

    // Generated with Write only, saved, tested from the secret pop-up.
    pty.press("n");
    pty.wait_for_text("Generate credentials · Queues");
    pty.press("probe-e2e");
    pty.press(key::TAB);
    pty.wait_for_text("▶ [ ] Write");
    pty.press(key::SPACE);
    pty.wait_for_text("▶ [x] Write");
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("⏎ send");
    pty.press(key::ENTER);
    pty.wait_for_text("New credentials — shown once");
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Save ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Save to ");
    pty.press(key::CTRL_U);
    pty.press(&env.display().to_string());
    pty.press(key::ENTER);
    pty.wait_for_text("(mode 0600)");
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Test ]");
    let pressed = Instant::now();
    pty.press(key::ENTER);
    wait_accepted(&pty, Permissions::new(true, false, false));
    println!(
        "connection test from the secret pop-up: answer on screen {:?} after Enter on Test \
         (debug build, emulator on loopback)",
        pressed.elapsed()
    );
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Done ]");
    pty.press(key::ENTER);
    pty.wait_for("the new row", |screen| {
        !screen.contains("shown once") && lists(screen, "probe-e2e")
    });

    // Updated to Read only: `t` proposes the saved file, and the endpoint grants Read only.
    pty.press("/");
    pty.wait_for_text("⏎ keep · Esc clear");
    pty.press("probe-e2e");
    pty.press(key::ENTER);
    pty.wait_for("the new row selected", |screen| {
        screen.contains("/ probe-e2e   Esc clears") && selected_name(screen) == Some("probe-e2e")
    });
    pty.press("u");
    pty.wait_for_text("Update credentials ·");
    pty.press(key::TAB);
    pty.wait_for_text("▶ [x] Write");
    pty.press(key::SPACE);
    pty.wait_for_text("▶ [ ] Write");
    pty.press(key::TAB);
    pty.wait_for_text("▶ [ ] Read");
    pty.press(key::SPACE);
    pty.wait_for_text("▶ [x] Read");
    // Read, Manage, Cancel, Update credentials.
    pty.press(&key::TAB.repeat(3));
    pty.wait_for_text("[▶ Update credentials ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Updated probe-e2e");
    let updated = emulator
        .snapshot()
        .sqs_credentials
        .into_iter()
        .find(|credentials| credentials.name == "probe-e2e")
        .expect("the credentials");
    assert_eq!(
        updated.permissions,
        Some(Permissions::new(false, true, false))
    );
    pty.press("t");
    pty.wait_for("the test of the saved file", |screen| {
        screen.contains("Test a connection · Queues")
            && screen.contains(&format!(".env      {}", env.display()))
    });
    pty.press(key::ENTER);
    wait_accepted(&pty, Permissions::new(false, true, false));
    pty.press(key::ESC);
    pty.wait_for("the test closed", |screen| {
        !screen.contains("Test a connection")
    });

    // Revoked: the file's key is refused. The row is gone, so the path is typed.
    pty.press("d");
    pty.wait_for_text("You are about to revoke probe-e2e");
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Revoke credentials ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Revoked probe-e2e");
    pty.press("t");
    pty.wait_for_text("Test a connection · Queues");
    pty.press(key::CTRL_U);
    pty.press(&env.display().to_string());
    pty.press(key::ENTER);
    let screen = pty.wait_for_within(ANSWER, "the test refused", |screen| {
        screen.contains("✗ Refused (InvalidClientTokenId)")
    });
    assert!(!screen.contains("granted"), "{screen}");
    pty.press(key::ESC);
    pty.wait_for("the test closed", |screen| {
        !screen.contains("Test a connection")
    });
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());

    let plane = emulator.snapshot().data_plane;
    assert!(
        plane.queues.is_empty() && plane.topics.is_empty(),
        "the probes made nothing: {plane:?}"
    );
    // The endpoint tested was the emulator's own, as the Overview read it.
    let saved = std::fs::read_to_string(&env).expect("the saved .env");
    let endpoint = emulator.data_plane_url(Service::Sqs, Region::FrPar);
    assert!(
        saved.contains(&format!("AWS_ENDPOINT_URL_SQS={endpoint}\n")),
        "{saved}"
    );
}

//! End-to-end on a real nats-server: the console generates NATS credentials, tests a connection
//! with them from the secret pop-up, saves them; an application connects with the file; the
//! console revokes them (confirmed in the pop-up); the application's connection is dropped and
//! the console's connection test is then denied.
//!
//! The time from the confirmed revoke to the dropped connection is printed: `cargo test --test
//! e2e_live_nats -- --nocapture`.
#![cfg(target_os = "linux")]

use std::time::{Duration, Instant};

use crate::support::emulator::{TestEmulator, nats_server_binary};
use crate::support::nats::{connect, dropped};
use crate::support::pty::{Launch, WAIT, key};
use crate::support::screen::{lists, selected_name};
use mnq_tui::emulator::{EmulatorOptions, Seed};

/// The target is 2 s; the bound leaves room for a loaded machine.
const DROP_BOUND: Duration = Duration::from_secs(5);

#[test]
fn the_console_tests_new_creds_revokes_them_and_then_they_are_denied() {
    let emulator = TestEmulator::start_with(EmulatorOptions {
        seed: Some(Seed::Demo),
        nats_server: Some(nats_server_binary()),
        ..EmulatorOptions::default()
    });
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the application");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut pty = Launch::new(&["--no-config"])
        .env(emulator.client_env())
        .spawn();
    pty.wait_for_text("1  NATS");
    pty.press("1");
    pty.wait_for("the NATS accounts", |screen| {
        screen.contains("NATS accounts · fr-par") && selected_name(screen).is_some()
    });
    pty.press(key::ENTER);
    let screen = pty.wait_for_text("Credentials · ");
    let url = screen
        .lines()
        .find_map(|line| line.split_once("Endpoint "))
        .and_then(|(_, rest)| rest.split_whitespace().next())
        .expect("the account's endpoint")
        .to_owned();
    assert!(
        url.starts_with("nats://127.0.0.1:"),
        "the live server: {url}"
    );

    pty.press("n");
    pty.wait_for_text("Generate credentials · NATS");
    pty.press("live-probe");
    pty.press(key::ENTER);
    pty.wait_for_text("New credentials — shown once");
    for _ in 0..3 {
        pty.press(key::TAB);
    }
    pty.wait_for_text("[▶ Test connection ]");
    pty.press(key::ENTER);
    pty.wait_for_within(Duration::from_secs(15), "connected", |screen| {
        screen.contains("✓ Connected: ")
    });
    let path = folder.path().join("live-probe.creds");
    pty.press(key::SHIFT_TAB);
    pty.wait_for_text("[▶ Save ]");
    pty.press(key::ENTER);
    pty.wait_for_text("Save to ");
    pty.press(key::CTRL_U);
    pty.press(&path.display().to_string());
    pty.press(key::ENTER);
    pty.wait_for_text("(mode 0600)");
    pty.press(key::TAB);
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Done ]");
    pty.press(key::ENTER);
    pty.wait_for("the new row", |screen| {
        lists(screen, "live-probe") && !screen.contains("shown once")
    });

    // An application connects with the saved file.
    let creds = std::fs::read_to_string(&path).expect("the saved .creds");
    let (application, mut events) = runtime
        .block_on(connect(&url, &creds))
        .expect("the new credentials connect");

    pty.press("G");
    pty.wait_for("the new row selected", |screen| {
        selected_name(screen) == Some("live-probe")
    });
    pty.press("d");
    pty.wait_for_text("You are about to revoke live-probe");
    pty.press(key::TAB);
    pty.wait_for_text("[▶ Revoke credentials ]");
    let confirmed = Instant::now();
    pty.press(key::ENTER);
    let dropped_at = runtime.block_on(dropped(&mut events, DROP_BOUND));
    println!(
        "live NATS: the application's connection dropped {:?} after Enter on Revoke credentials \
         in the console",
        dropped_at.duration_since(confirmed)
    );
    pty.wait_for_text("Revoked live-probe");
    drop(application);

    // The console's own test: the file it proposes is the one saved; it is denied now.
    pty.press("t");
    pty.wait_for_text(&path.display().to_string());
    pty.press(key::ENTER);
    let denied = pty.wait_for_within(Duration::from_secs(15), "denied", |screen| {
        screen.contains("✗ Denied")
    });
    // The server's reason, said once.
    assert!(
        denied.contains("Denied (authorization violation): the credentials"),
        "{denied}"
    );
    pty.press(key::ESC);
    pty.wait_for("the test closed", |screen| {
        !screen.contains("Test a connection")
    });
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}

//! The console's log file, from the real binary: private modes, and a file that cannot be
//! written said once, on screen, while the console runs without logs.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::pty::{Launch, Pty, WAIT};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("it exists")
        .permissions()
        .mode()
        & 0o777
}

/// The words on screen, one space apart, whatever the lines a pop-up wrapped them to.
fn words(screen: &str) -> String {
    screen
        .split(|c: char| c.is_whitespace() || c == '│')
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn quit(pty: &mut Pty) {
    pty.press("q");
    assert!(pty.wait_exit(WAIT).success());
}

/// The log names credentials, ids and access keys: the file is created 0600 and the folders
/// made for it 0700, as the saved secrets are.
#[test]
fn the_log_file_and_the_folders_made_for_it_are_private() {
    let root = tempfile::tempdir().unwrap();
    let log = root.path().join("state/mnq-tui/mnq-tui.log");
    let mut pty = Launch::new(&["demo"]).log_file(&log).spawn();
    pty.wait_for_text("1  NATS");
    quit(&mut pty);
    assert!(pty.log().contains("demo emulator started"), "{}", pty.log());
    assert_eq!(mode(&log), 0o600);
    assert_eq!(mode(&root.path().join("state/mnq-tui")), 0o700);
    assert_eq!(mode(&root.path().join("state")), 0o700);
}

/// A `--log-file` that cannot be written (here under a file, as a folder): the console says so
/// once, when it starts, and runs without logs.
#[test]
fn a_log_file_that_cannot_be_written_is_said_once_and_the_console_runs() {
    let root = tempfile::tempdir().unwrap();
    std::fs::write(root.path().join("not-a-folder"), "").unwrap();
    let log = root.path().join("not-a-folder/mnq-tui.log");
    let mut pty = Launch::new(&["demo"]).log_file(&log).spawn();
    let warning = format!(
        "cannot write the log file {}: {} is not a folder — running without logs",
        log.display(),
        root.path().join("not-a-folder").display()
    );
    pty.wait_for(&warning, |screen| words(screen).contains(&warning));
    pty.press("\r");
    pty.wait_for("the warning closed", |screen| {
        !screen.contains("cannot write the log file") && screen.contains("1  NATS")
    });
    pty.press("2");
    pty.wait_for("the Queues credentials, and no warning again", |screen| {
        screen.contains("Queues credentials") && !screen.contains("cannot write the log file")
    });
    quit(&mut pty);
}

//! The console's log file, from the real binary: private modes.

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

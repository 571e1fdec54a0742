//! What the command line says of itself: `--version` with the commit it was built from, shell
//! completions and the manual page, generated from the same definitions as the parser.

use std::process::Command;

fn mnq_tui(args: &[&str]) -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_mnq-tui"))
        .args(args)
        .output()
        .expect("mnq-tui runs");
    assert!(output.status.success(), "{args:?}: {output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn the_version_names_the_commit_it_was_built_from() {
    let version = mnq_tui(&["--version"]);
    let head = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("git runs");
    let commit = String::from_utf8_lossy(&head.stdout).trim().to_owned();
    assert_eq!(
        version,
        format!("mnq-tui {} ({commit})\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn completions_for_every_shell_know_the_commands_and_flags() {
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = mnq_tui(&["completions", shell]);
        for word in ["demo", "emulator", "readonly", "no-mouse"] {
            assert!(script.contains(word), "{shell} completions lack {word}");
        }
    }
}

#[test]
fn the_manual_page_is_roff_with_the_commands() {
    let page = mnq_tui(&["man"]);
    assert!(page.contains(".TH mnq-tui 1"), "{page}");
    for word in ["demo", "emulator", "completions", "readonly"] {
        assert!(page.contains(word), "the manual lacks {word}");
    }
}

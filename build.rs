//! Stamps the binary with the git commit it was built from, for `mnq-tui --version`.

use std::process::Command;

fn main() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short=12", "HEAD"])
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|commit| commit.trim().to_owned())
        .filter(|commit| !commit.is_empty())
        // A build from a source archive has no repository to ask.
        .unwrap_or_else(|| "unknown commit".to_owned());
    println!("cargo:rustc-env=MNQ_TUI_COMMIT={commit}");
    // A new commit changes HEAD (or the branch it points to).
    println!("cargo:rerun-if-changed=.git/HEAD");
    println!("cargo:rerun-if-changed=.git/refs/heads");
}

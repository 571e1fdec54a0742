//! Stamps the binary with the git commit it was built from, for `mnq-tui --version`.

use std::process::Command;

/// What `git rev-parse ARGS` prints, if git runs and answers.
fn git(args: &[&str]) -> Option<String> {
    Command::new("git")
        .args(args)
        .output()
        .ok()
        .filter(|output| output.status.success())
        .and_then(|output| String::from_utf8(output.stdout).ok())
        .map(|text| text.trim().to_owned())
        .filter(|text| !text.is_empty())
}

fn main() {
    // A build from a source archive has no repository to ask.
    let commit =
        git(&["rev-parse", "--short=12", "HEAD"]).unwrap_or_else(|| "unknown commit".to_owned());
    println!("cargo:rustc-env=MNQ_TUI_COMMIT={commit}");
    // A new commit changes HEAD (or the branch it points to). Git says where they are: in a
    // worktree `.git` is a file, and a path cargo cannot find would rebuild on every run.
    for name in ["HEAD", "refs/heads"] {
        if let Some(path) = git(&["rev-parse", "--git-path", name]) {
            println!("cargo:rerun-if-changed={path}");
        }
    }
}

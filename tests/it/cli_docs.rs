//! What the command line says of itself: `--version` with the commit it was built from, shell
//! completions (tried in bash, zsh and fish) and the manual page, generated from the same
//! definitions as the parser.

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
fn help_says_what_readonly_turns_off() {
    let help = mnq_tui(&["--help"])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains(
            "--readonly Browse only: Generate, Update, Rotate, Revoke and New account are off"
        ),
        "{help}"
    );
}

#[test]
fn the_manual_page_is_roff_with_the_commands() {
    let page = mnq_tui(&["man"]);
    assert!(page.contains(".TH mnq-tui 1"), "{page}");
    for word in ["demo", "emulator", "completions", "readonly"] {
        assert!(page.contains(word), "the manual lacks {word}");
    }
}

/// A shell the completion tests run, found on PATH; `tests/run` installs bash, zsh and fish.
fn shell(name: &str) -> std::path::PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/bin".into(), "/bin".into()])
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
        .unwrap_or_else(|| {
            panic!("{name} is not installed: tests/run installs it (Debian package {name})")
        })
}

/// The completion script for `shell`, in a file of its own.
fn completion_script(shell: &str) -> tempfile::NamedTempFile {
    let script = tempfile::NamedTempFile::new().expect("a temporary file");
    std::fs::write(script.path(), mnq_tui(&["completions", shell])).expect("the script written");
    script
}

/// What bash's completion of `mnq-tui` offers for the words typed, the last one being
/// completed, as the shell asks it: the function `complete -p` names, `COMP_WORDS`,
/// `COMP_CWORD` and the function's three arguments.
fn bash_completes(script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let program = r#"
        source "$1"; shift
        function=$(complete -p mnq-tui | sed -E 's/.*-F ([^ ]+) .*/\1/')
        COMP_WORDS=("$@")
        COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
        COMP_LINE="$*"
        COMP_POINT=${#COMP_LINE}
        "$function" mnq-tui "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
        printf '%s\n' "${COMPREPLY[@]}"
    "#;
    let output = Command::new(shell("bash"))
        .arg("-c")
        .arg(program)
        .arg("bash")
        .arg(script)
        .args(words)
        .current_dir(std::env::temp_dir())
        .output()
        .expect("bash runs");
    assert!(output.status.success(), "{words:?}: {output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| !line.is_empty())
        .map(str::to_owned)
        .collect()
}

#[test]
fn bash_completes_subcommands_their_options_and_their_values() {
    let script = completion_script("bash");
    let script = script.path();
    assert!(bash_completes(script, &["mnq-tui", "li"]).contains(&"list".to_owned()));
    assert_eq!(
        bash_completes(script, &["mnq-tui", "list", "--product", ""]),
        ["nats", "queues", "topics", "all"]
    );
    assert_eq!(
        bash_completes(script, &["mnq-tui", "list", "--out"]),
        ["--output"]
    );
    assert_eq!(
        bash_completes(script, &["mnq-tui", "demo", "--read"]),
        ["--readonly"]
    );
    for words in [&["mnq-tui", "--"][..], &["mnq-tui", "demo", "--"]] {
        let offered = bash_completes(script, words);
        assert!(offered.contains(&"--no-mouse".to_owned()), "{offered:?}");
        assert!(
            !offered.iter().any(|word| word.contains("crash")),
            "{offered:?}"
        );
    }
}

#[test]
fn fish_completes_subcommands_their_options_and_their_values() {
    let script = completion_script("fish");
    let completes = |line: &str| -> Vec<String> {
        let program = format!(
            "source {}; complete --do-complete '{line}'",
            script.path().display()
        );
        let output = Command::new(shell("fish"))
            .args(["--no-config", "-c", &program])
            .current_dir(std::env::temp_dir())
            .output()
            .expect("fish runs");
        assert!(output.status.success(), "{line}: {output:?}");
        String::from_utf8_lossy(&output.stdout)
            .lines()
            .map(|line| line.split('\t').next().unwrap_or_default().to_owned())
            .collect()
    };
    assert!(completes("mnq-tui li").contains(&"list".to_owned()));
    let mut products = completes("mnq-tui list --product ");
    products.sort();
    assert_eq!(products, ["all", "nats", "queues", "topics"]);
    let options = completes("mnq-tui demo --");
    assert!(options.contains(&"--readonly".to_owned()), "{options:?}");
    assert!(
        !options.iter().any(|word| word.contains("crash")),
        "{options:?}"
    );
}

/// zsh completes only in an interactive shell, with its completion system loaded: the test
/// types into one in a pseudo-terminal and reads the screen.
#[test]
fn zsh_completes_subcommands_their_options_and_their_values() {
    use crate::support::pty::{Launch, key};
    let script = completion_script("zsh");
    let mut zsh = Launch::program(&shell("zsh"), &["-f", "-i"]).spawn();
    zsh.press(&format!(
        "PS1='zsh''-ready> '; autoload -U compinit && compinit -u -D && source {}\r",
        script.path().display()
    ));
    // Not the line typed, which reads `'zsh''-ready> '`: the prompt once it ran.
    zsh.wait_for_text("zsh-ready>");
    zsh.press("mnq-tui li\t");
    zsh.wait_for_text("zsh-ready> mnq-tui list");
    zsh.press(key::CTRL_U);
    zsh.press("mnq-tui list --product \t");
    zsh.wait_for("the products offered", |screen| {
        ["nats", "queues", "topics", "all"]
            .iter()
            .all(|product| screen.contains(product))
    });
    zsh.press(key::CTRL_U);
    zsh.press("clear\r");
    zsh.wait_for("a clear screen", |screen| !screen.contains("queues"));
    zsh.press("mnq-tui demo --\t");
    // zsh draws the list line by line: waiting for the last option before reading it.
    let options = zsh.wait_for("the demo's options", |screen| {
        screen.contains("--no-mouse") && screen.contains("--stale-days")
    });
    assert!(options.contains("--readonly"), "{options}");
    assert!(!options.contains("crash"), "{options}");
}

//! What a person meets when the command line or the configuration is wrong, from the real
//! binary: one message that says what to do and a non-zero exit. No source location and no
//! backtrace (also with `RUST_BACKTRACE=1`, which many Rust users have set), and no colour when
//! `NO_COLOR` is set or stderr is not a terminal. Only a panic, a bug, gets the full report
//! (`secrets.rs` crashes on purpose).

#![cfg(unix)]

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::support::pty::{Launch, WAIT};

/// `mnq-tui ARGS` run to its end with stderr a pipe, no scw configuration (`SCW_CONFIG_PATH`
/// names `HOME/absent.yaml`) and backtraces asked for.
fn run(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mnq-tui"))
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("SCW_CONFIG_PATH", home.join("absent.yaml"))
        .env("RUST_BACKTRACE", "1")
        .env("RUST_LIB_BACKTRACE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> &str {
    std::str::from_utf8(bytes).expect("UTF-8 output")
}

/// What `mnq-tui` says with no configuration at all, `SCW_CONFIG_PATH` naming `path`.
fn no_secret_key(path: &Path) -> String {
    format!(
        "error: no secret key is configured: the scw config file {} does not exist \
         (SCW_CONFIG_PATH names it) — create it with secret_key, fix SCW_CONFIG_PATH, or export \
         SCW_SECRET_KEY",
        path.display()
    )
}

#[test]
fn a_configuration_error_is_one_message_and_exit_2() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &[]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(text(&output.stdout), "");
    assert_eq!(
        text(&output.stderr),
        format!("{}\n", no_secret_key(&home.path().join("absent.yaml")))
    );
}

#[test]
fn a_configuration_error_in_a_terminal_without_colour_is_the_same_one_line() {
    let mut pty = Launch::new(&[])
        .env([("RUST_BACKTRACE", "1".to_owned())])
        .spawn();
    let status = pty.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 2, "{status}");
    let home = pty.log_file().parent().expect("the log is in HOME");
    let config = home.join("scw").join("config.yaml");
    assert_eq!(
        String::from_utf8_lossy(&pty.output()),
        format!("{}\r\n", no_secret_key(&config))
    );
}

#[test]
fn a_usage_error_is_clap_s_message_without_colour_or_backtrace() {
    let home = tempfile::tempdir().unwrap();
    let output = run(home.path(), &["--no-such-option"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("error: unexpected argument '--no-such-option' found\n"),
        "{stderr}"
    );
    assert!(
        stderr.ends_with("For more information, try '--help'.\n"),
        "{stderr}"
    );
    assert!(
        !stderr.contains('\x1b'),
        "no colour when stderr is a pipe: {stderr:?}"
    );

    let mut pty = Launch::new(&["--no-such-option"]).spawn();
    let status = pty.wait_exit(WAIT);
    assert_eq!(status.exit_code(), 2, "{status}");
    let shown = String::from_utf8_lossy(&pty.output()).into_owned();
    assert!(shown.starts_with("error: unexpected argument"), "{shown:?}");
    assert!(
        !shown.contains('\x1b'),
        "no colour with NO_COLOR: {shown:?}"
    );
}

/// One rule for every command: a command line or a configuration that cannot be used exits 2,
/// as clap does for its own usage errors, with one line that says why.
#[test]
fn configuration_errors_exit_2_in_every_command() {
    let home = tempfile::tempdir().unwrap();
    let no_secret = |output: &Output| text(&output.stderr).contains("no secret key is configured");
    for args in [&[][..], &["list"], &["info"]] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert!(no_secret(&output), "{args:?}: {output:?}");
    }

    // mnq-tui's own config file, which the demo reads.
    let config = home.path().join(".config/mnq-tui/config.toml");
    std::fs::create_dir_all(config.parent().unwrap()).unwrap();
    std::fs::write(&config, "stale_days = \"many\"\n").unwrap();
    let output = run(home.path(), &["demo"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with(&format!("error: {}", config.display()))
            && stderr.contains("--no-config"),
        "{stderr}"
    );

    // The emulator's options.
    let output = run(home.path(), &["emulator", "--failure-rate", "2"]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        text(&output.stderr),
        "error: --failure-rate must be between 0 and 1 (got 2)\n"
    );
}

/// `--region` names every value it takes, `all` included where it is one, and refuses the
/// others before anything else is looked at.
#[test]
fn a_region_it_does_not_know_is_refused_with_every_accepted_value() {
    let home = tempfile::tempdir().unwrap();
    for (args, accepted) in [
        (&["--region", "mars"][..], "fr-par, nl-ams, all"),
        (&["demo", "--region", "mars"], "fr-par, nl-ams, all"),
        (&["list", "--region", "mars"], "fr-par, nl-ams, all"),
        (&["info", "--region", "mars"], "fr-par, nl-ams"),
    ] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.starts_with("error: invalid value 'mars' for '--region <REGION>'")
                && stderr.contains(&format!("[possible values: {accepted}]")),
            "{args:?}: {stderr}"
        );
    }
}

/// What the person typed is checked first: `--project nope` without any configuration says
/// that the project is wrong, not that the secret key is missing.
#[test]
fn the_command_line_s_mistakes_are_named_before_the_configuration_s() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["--project", "nope"][..],
        &["list", "--project", "nope"],
        &["info", "--project", "nope"],
    ] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(
            text(&output.stderr),
            "error: --project: \"nope\" is not a project id (a UUID)\n",
            "{args:?}"
        );
    }
}

/// The options `mnq-tui SUBCOMMAND --help` lists: every `--name` that starts a line.
fn options_of(help: &str) -> Vec<&str> {
    help.lines()
        .filter_map(|line| {
            let line = line.trim_start();
            // `-p, --profile <PROFILE>` or `--project <PROJECT>`.
            let long = match line.strip_prefix('-')?.split_once(", ") {
                Some((_short, long)) if !line.starts_with("--") => long,
                _ => line,
            };
            long.strip_prefix("--")?.split([' ', '<']).next()
        })
        .collect()
}

#[test]
fn each_command_has_only_the_options_it_uses() {
    let home = tempfile::tempdir().unwrap();
    let help = |args: &[&str]| {
        let output = run(home.path(), args);
        assert!(output.status.success(), "{output:?}");
        text(&output.stdout).to_owned()
    };
    let console = help(&["--help"]);
    assert_eq!(
        options_of(&console),
        [
            "profile",
            "project",
            "allow-insecure-http",
            "region",
            "readonly",
            "log-file",
            "no-config",
            "no-mouse",
            "stale-days",
            "help",
            "version"
        ],
        "{console}"
    );
    let demo = help(&["demo", "--help"]);
    assert_eq!(
        options_of(&demo),
        [
            "region",
            "readonly",
            "log-file",
            "no-config",
            "no-mouse",
            "stale-days",
            "nats-server",
            "help"
        ],
        "{demo}"
    );
    let emulator = help(&["emulator", "--help"]);
    assert_eq!(
        options_of(&emulator),
        [
            "listen",
            "seed",
            "state",
            "generate",
            "generate-service",
            "generate-region",
            "propagation-ms",
            "nats",
            "nats-server",
            "latency-ms",
            "failure-rate",
            "faults",
            "fault-seed",
            "help"
        ],
        "{emulator}"
    );

    // A console option given to the emulator, after or before its name, is refused, not
    // accepted and ignored.
    for args in [
        &["emulator", "--readonly"][..],
        &["--readonly", "emulator"],
        &["emulator", "--region", "nl-ams"],
        &["demo", "--profile", "prod"],
    ] {
        let output = run(home.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = text(&output.stderr);
        assert!(stderr.starts_with("error: "), "{args:?}: {stderr}");
    }
}

//! The release binary run as a process against an emulator, timed from start to exit: what the
//! benchmarks that run `mnq-tui` commands share (they include this file by its path).

use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mnq_tui::emulator::Emulator;

/// The release binary.
pub const BINARY: &str = env!("CARGO_BIN_EXE_mnq-tui");
/// Runs a program with only the emulator's `SCW_*` settings; returns its output and how long it
/// took from start to exit.
pub fn timed(
    command: &mut Command,
    emulator: &Emulator,
    home: &tempfile::TempDir,
) -> (Output, Duration) {
    command
        .env_clear()
        .env("HOME", home.path())
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SCW_CONFIG_PATH", home.path().join("absent.yaml"))
        .env("NO_PROXY", "127.0.0.1")
        .envs(emulator.client_env())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let output = command.output().expect("the program runs");
    (output, started.elapsed())
}

//! What the benchmarks that run `mnq-tui list` and the Python SDK as processes against an
//! emulator share (`list_command` and `paging` include this file by its path, so that the
//! benchmarks that do not use it do not compile it).

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use mnq_tui::emulator::Emulator;

/// The release binary.
pub const BINARY: &str = env!("CARGO_BIN_EXE_mnq-tui");
/// The SDK the Python rows measure.
pub const SDK_VERSION: &str = "2.12.0";

/// The SDK listing every Queues credential of fr-par, 100 a page, and printing how many. It
/// reads the pages after the first by recursion, one level a page: 1,000 pages need more than
/// Python's default limit of 1,000 levels, which changes nothing of what is timed.
pub const SDK_LIST_QUEUES: &str = "import sys\n\
    sys.setrecursionlimit(10_000)\n\
    from scaleway import Client\n\
    from scaleway.mnq.v1beta1 import MnqV1Beta1SqsAPI\n\
    api = MnqV1Beta1SqsAPI(Client.from_env())\n\
    print(len(api.list_sqs_credentials_all(region='fr-par', page_size=100)))\n";

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

/// The Python with scaleway [`SDK_VERSION`]: `MNQ_SDK_PYTHON`, else the venv that
/// `tests/run` (or `cargo test --test it python_sdk`) makes; `None` without it.
pub fn sdk_python() -> Option<PathBuf> {
    let python = std::env::var_os("MNQ_SDK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv/bin/python")
        });
    let version = Command::new(&python)
        .args([
            "-c",
            "import importlib.metadata as m; print(m.version('scaleway'))",
        ])
        .output()
        .ok()?;
    (String::from_utf8_lossy(&version.stdout).trim() == SDK_VERSION).then_some(python)
}

/// What the summary says when there is no SDK to run.
pub fn sdk_missing() -> String {
    format!(
        "Python SDK rows skipped: no scaleway=={SDK_VERSION} (set MNQ_SDK_PYTHON, or run \
         `tests/run --test it python_sdk` once to make target/sdk-venv)"
    )
}

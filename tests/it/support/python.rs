//! The Python the independent judges run in (the official Scaleway SDK, boto3), and running a
//! script of `tests/python/` against an emulator.
//!
//! The interpreter is `MNQ_SDK_PYTHON` when set (used as it is), else `target/sdk-venv/bin/python`,
//! which `tests/run` (the README's test command) fills with `tests/python/requirements.txt`, and
//! which the tests make themselves, the same way, when it is missing or holds other versions. A
//! test never passes without running its script: no Python, or other versions of the packages,
//! is a failure that says what to do.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use mnq_tui::emulator::Emulator;

fn python_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python")
}

/// Runs a program to its end, or fails the test saying what could not run.
fn output_of(command: &mut Command) -> Output {
    command
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|error| panic!("cannot run {command:?}: {error}"))
}

/// Whether `python` has every package of `tests/python/requirements.txt` at its pinned
/// version; otherwise what is missing, as `tests/python/has_pins.py` says it.
fn pins_missing(python: &Path) -> Option<String> {
    let checked = Command::new(python)
        .arg(python_dir().join("has_pins.py"))
        .arg(python_dir().join("requirements.txt"))
        .stdin(Stdio::null())
        .output();
    match checked {
        Ok(output) if output.status.success() => None,
        Ok(output) => Some(String::from_utf8_lossy(&output.stdout).trim().to_owned()),
        Err(error) => Some(format!("cannot run {}: {error}", python.display())),
    }
}

/// The Python to run the judges with, with its packages checked (and, in the tests' own venv,
/// installed: `tests/run` normally did it already).
pub fn python_with_the_judges() -> PathBuf {
    let requirements = python_dir().join("requirements.txt");
    if let Some(python) = std::env::var_os("MNQ_SDK_PYTHON") {
        let python = PathBuf::from(python);
        if let Some(missing) = pins_missing(&python) {
            panic!(
                "MNQ_SDK_PYTHON={} must have the packages of {} ({missing}), or leave \
                 MNQ_SDK_PYTHON unset to let the test make its own venv",
                python.display(),
                requirements.display()
            );
        }
        return python;
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/sdk-venv");
    let python = venv.join("bin/python");
    if pins_missing(&python).is_none() {
        return python;
    }
    if !python.exists() {
        let created = output_of(Command::new("python3").arg("-m").arg("venv").arg(&venv));
        assert!(
            created.status.success(),
            "`python3 -m venv {}` failed (tests/run, the README's test command, installs \
             python3-venv):\n{}",
            venv.display(),
            String::from_utf8_lossy(&created.stderr)
        );
    }
    // `python -m pip`, not `bin/pip`: a venv copied or moved keeps scripts that name the
    // interpreter of its first place, and would install there.
    let installed = output_of(
        Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "-r",
            ])
            .arg(&requirements),
    );
    assert!(
        installed.status.success(),
        "`pip install -r {}` into {} failed (it needs PyPI, or a proxy to it in \
         PIP_INDEX_URL):\n{}",
        requirements.display(),
        venv.display(),
        String::from_utf8_lossy(&installed.stderr)
    );
    if let Some(missing) = pins_missing(&python) {
        panic!("{} after pip install: {missing}", venv.display());
    }
    python
}

/// What a script printed, once it exited 0.
pub struct Ran {
    pub stdout: String,
}

impl Ran {
    /// The `figure <what>: <value>` lines: what the script measured.
    pub fn figures(&self) -> Vec<&str> {
        self.stdout
            .lines()
            .filter(|line| line.starts_with("figure "))
            .collect()
    }

    /// The last line: `N passed, M failed`.
    pub fn summary(&self) -> &str {
        self.stdout.lines().last().unwrap_or_default()
    }
}

/// Runs `tests/python/<script>` with `python` and the emulator's `SCW_*` settings (none of the
/// developer's own), for at most `deadline`; fails the test unless it exits 0.
pub async fn run_script(
    python: &Path,
    script: &str,
    emulator: &Emulator,
    deadline: Duration,
) -> Ran {
    let no_config = tempfile::tempdir().unwrap();
    let mut command = Command::new(python);
    command
        .arg(python_dir().join(script))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy();
        if name.starts_with("SCW_") || name.starts_with("SCALEWAY_") || name.starts_with("AWS_") {
            command.env_remove(name.as_ref());
        }
    }
    command
        .envs(emulator.client_env())
        .env("SCW_CONFIG_PATH", no_config.path().join("config.yaml"))
        // boto3 must find no credentials or config of the developer's.
        .env("AWS_CONFIG_FILE", no_config.path().join("aws-config"))
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            no_config.path().join("aws-credentials"),
        )
        .env("NO_PROXY", "127.0.0.1")
        .env("no_proxy", "127.0.0.1");
    let child = command
        .spawn()
        .unwrap_or_else(|error| panic!("cannot run {}: {error}", python.display()));
    let pid = child.id();

    // The emulator answers on this test's runtime, so the wait happens on a blocking thread.
    let waited = tokio::time::timeout(
        deadline,
        tokio::task::spawn_blocking(move || child.wait_with_output()),
    )
    .await;
    let output = match waited {
        Ok(joined) => joined
            .expect("the waiting thread does not panic")
            .expect("the script's output is read"),
        Err(_) => {
            let _ = Command::new("kill")
                .arg("-KILL")
                .arg(pid.to_string())
                .status();
            panic!("{script} did not finish within {deadline:?}");
        }
    };
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{script} failed ({}):\n{stdout}\n{stderr}",
        output.status
    );
    Ran { stdout }
}

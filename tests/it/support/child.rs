//! `mnq-tui emulator` as a user runs it: the real binary as a process of its own, and the lines
//! it prints when it is ready, read with a deadline.

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use mnq_tui::api::Client;
use mnq_tui::api::model::ProjectId;

use super::client;

/// How long the emulator may take to print its lines (it takes milliseconds; this is for a
/// loaded machine running a debug build).
const STARTUP: Duration = Duration::from_secs(30);
/// How long it may take to end after a signal.
const SHUTDOWN: Duration = Duration::from_secs(5);

/// The variables the emulator prints after `listening on`, in this order.
pub const PRINTED: [&str; 6] = [
    "SCW_API_URL",
    "SCW_ACCESS_KEY",
    "SCW_SECRET_KEY",
    "SCW_DEFAULT_ORGANIZATION_ID",
    "SCW_DEFAULT_PROJECT_ID",
    "SCW_DEFAULT_REGION",
];

/// A running `mnq-tui emulator`, killed if the test ends before stopping it.
pub struct ChildEmulator {
    child: Child,
    /// The first stdout line: `listening on http://…`.
    pub listening: String,
    /// The `NAME=value` lines, in order.
    pub printed: Vec<(String, String)>,
    /// What it prints after them.
    lines: mpsc::Receiver<String>,
    /// What it wrote on stderr, once it has ended.
    stderr: mpsc::Receiver<String>,
}

impl ChildEmulator {
    /// Starts `mnq-tui emulator ARGS` and waits until it has printed how to reach it.
    pub fn start(args: &[&str]) -> ChildEmulator {
        ChildEmulator::spawn(command(args))
    }

    /// Starts what [`command`] made (and the test added to) and waits until it has printed
    /// how to reach it.
    pub fn spawn(mut command: Command) -> ChildEmulator {
        let mut child = command.spawn().expect("the binary runs");
        let lines = stdout_lines(&mut child);
        let mut pipe = child.stderr.take().expect("stderr is piped");
        let (sender, stderr) = mpsc::channel();
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            let _ = sender.send(text);
        });
        let mut emulator = ChildEmulator {
            child,
            listening: String::new(),
            printed: Vec::new(),
            lines,
            stderr,
        };
        let deadline = Instant::now() + STARTUP;
        emulator.listening = emulator.next_line(deadline);
        emulator.printed = (0..PRINTED.len())
            .map(|_| {
                let line = emulator.next_line(deadline);
                let (name, value) = line
                    .split_once('=')
                    .unwrap_or_else(|| panic!("not NAME=value: {line:?}"));
                (name.to_owned(), value.to_owned())
            })
            .collect();
        emulator
    }

    /// The next line on stdout; fails the test with the emulator's stderr if none comes by
    /// `deadline`.
    fn next_line(&mut self, deadline: Instant) -> String {
        let left = deadline.saturating_duration_since(Instant::now());
        if let Ok(line) = self.lines.recv_timeout(left) {
            return line;
        }
        kill(&mut self.child);
        let stderr = self
            .stderr
            .recv_timeout(SHUTDOWN)
            .unwrap_or_else(|_| "(not read)".into());
        panic!("the emulator did not print its lines in time; its stderr:\n{stderr}");
    }

    /// The value of a printed `NAME=value` line.
    pub fn value(&self, name: &str) -> &str {
        self.printed
            .iter()
            .find(|(printed, _)| printed == name)
            .map(|(_, value)| value.as_str())
            .unwrap_or_else(|| panic!("{name} is printed"))
    }

    pub fn url(&self) -> &str {
        self.value("SCW_API_URL")
    }

    pub fn secret_key(&self) -> &str {
        self.value("SCW_SECRET_KEY")
    }

    pub fn project(&self) -> ProjectId {
        ProjectId(self.value("SCW_DEFAULT_PROJECT_ID").to_owned())
    }

    /// A client with the printed settings.
    pub fn client(&self) -> Client {
        client::to(self.url(), self.secret_key())
    }

    /// The line an emulator with a live nats-server prints last: the server's URL.
    pub fn nats_url(&mut self) -> String {
        let line = self.next_line(Instant::now() + STARTUP);
        line.strip_prefix("NATS_URL=")
            .unwrap_or_else(|| panic!("not NATS_URL=…: {line:?}"))
            .to_owned()
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Sends `SIG{signal}` (`TERM`, `INT`) and waits, with a deadline, for the process to end.
    pub fn stop_with(mut self, signal: &str) -> (ExitStatus, Duration) {
        let sent = Instant::now();
        let status = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(self.child.id().to_string())
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -{signal} failed");
        loop {
            if let Some(status) = self.child.try_wait().expect("the child can be waited for") {
                return (status, sent.elapsed());
            }
            assert!(
                sent.elapsed() < SHUTDOWN,
                "the emulator is still running {SHUTDOWN:?} after SIG{signal}"
            );
            // A short poll: the exit has no event of its own to wait on.
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// SIGKILL, and the process reaped.
    pub fn kill(&mut self) {
        kill(&mut self.child);
    }
}

impl Drop for ChildEmulator {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            kill(&mut self.child);
        }
    }
}

/// `mnq-tui emulator ARGS`, its stdout and stderr piped for [`ChildEmulator::spawn`].
pub fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mnq-tui"));
    command
        .arg("emulator")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// SIGKILL to a child that has not been waited for, and the child reaped.
pub fn kill(child: &mut Child) {
    child.kill().expect("SIGKILL is sent");
    child.wait().expect("the killed emulator is reaped");
}

/// The lines a child prints on its (piped) standard output, as they come, read on a thread of
/// their own so that a test can wait for each with a deadline (`recv_timeout`).
fn stdout_lines(child: &mut Child) -> mpsc::Receiver<String> {
    let stdout = child.stdout.take().expect("stdout is piped");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    received
}

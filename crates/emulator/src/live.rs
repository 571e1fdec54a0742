//! A real nats-server behind the emulator (`--nats`), so that what the API says about NATS
//! credentials is what a NATS client meets: issued `.creds` connect, revoked ones are refused.
//!
//! The emulator is the server's operator. The server runs in operator (JWT) mode with the
//! `full` resolver: it knows the accounts whose JWTs are in its directory, and it takes new
//! account JWTs from its system account. The emulator writes every account's JWT into that
//! directory before the server starts, then, while it runs, pushes each change over a system
//! account connection (`nats_protocol`): `$SYS.REQ.CLAIMS.UPDATE` for a created, renamed or
//! revoking account, `$SYS.REQ.CLAIMS.DELETE` for a deleted one.
//!
//! Why pushes rather than rewriting the files and sending SIGHUP: the server answers a push
//! only after it has applied it — revoked users' connections closed, a deleted account's users
//! disconnected — so the API's answer to a revoke can wait for that answer and mean "refused
//! from now on". A reload answers nothing (the emulator could only guess when it took effect),
//! it rereads the whole configuration, and it walks the JWT files that exist, so a removed file
//! (a deleted account) goes unnoticed. The pushes are what `nsc push` does to real servers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Deserialize;
use tokio::sync::oneshot;

use super::nats::OperatorKeys;
use super::nats_protocol::Connection;
use super::store::NatsAccountRecord;
use mnq_api::model::NatsAccountId;

/// How long nats-server may take to listen. It needs tens of milliseconds; this is for a very
/// slow machine.
const START_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a push may wait for the server's answer.
const PUSH_TIMEOUT: Duration = Duration::from_secs(5);
/// How long nats-server may take to exit after SIGTERM before it is killed.
const STOP_TIMEOUT: Duration = Duration::from_secs(3);

/// The server's temporary directory is `mnq-nats-PID-XXXXXX`, PID being the emulator's.
const DIRECTORY_PREFIX: &str = "mnq-nats-";

/// Removes the directories that emulators killed with SIGKILL left behind (their servers died
/// with them, but nobody removed their files). A directory whose emulator's pid is in use is
/// kept: it may be alive. Linux only, where `/proc` says which processes are alive.
#[cfg(target_os = "linux")]
fn remove_leftovers() {
    let Ok(entries) = std::fs::read_dir(std::env::temp_dir()) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let owner = name
            .to_str()
            .and_then(|name| name.strip_prefix(DIRECTORY_PREFIX))
            .and_then(|rest| rest.split_once('-'))
            .and_then(|(pid, _)| pid.parse::<u32>().ok());
        let Some(owner) = owner else {
            continue;
        };
        if !Path::new(&format!("/proc/{owner}")).exists() {
            // Its emulator is gone. One we may not remove belongs to another user: theirs.
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(not(target_os = "linux"))]
fn remove_leftovers() {}

/// Why a live nats-server could not start.
#[derive(Debug, thiserror::Error)]
pub enum NatsServerError {
    #[error("cannot prepare the files of nats-server: {0}")]
    Files(#[from] std::io::Error),
    #[error("cannot run {binary}: {cause}")]
    Spawn { binary: String, cause: String },
    #[error("nats-server exited as it started ({status}); it said:\n{log}")]
    Exited { status: String, log: String },
    #[error("nats-server did not listen within {timeout:?}; it said:\n{log}")]
    NotListening { timeout: Duration, log: String },
    #[error("cannot connect to nats-server as its system account: {0}")]
    Connect(String),
    #[error("{0}")]
    Keys(String),
    #[error("live NATS checks need Linux or another Unix")]
    Unsupported,
}

/// The nats-server binary on `PATH`, else where Debian's package puts it (`/usr/sbin`, which
/// is not on an ordinary user's `PATH`).
pub fn find_nats_server() -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain([PathBuf::from("/usr/sbin"), PathBuf::from("/usr/local/sbin")])
        .map(|directory| directory.join("nats-server"))
        .find(|candidate| candidate.is_file())
}

/// A running nats-server and the emulator's system account connection to it.
pub struct LiveNats {
    url: String,
    process: Process,
    operator: OperatorKeys,
    /// The system user the emulator connects as: its JWT and keys.
    system_user: (String, nkeys::KeyPair),
    /// One push at a time, each made from the store as it is when its turn comes: the server
    /// keeps the last JWT it was sent, so an older one must never arrive after a newer one.
    /// `None` after a failure: the next push connects again (a late reply must not answer it).
    connection: tokio::sync::Mutex<Option<Connection>>,
    /// The server's configuration, account JWTs and log; removed when the server is gone.
    _directory: tempfile::TempDir,
}

impl LiveNats {
    /// Starts `binary` on a free loopback port, knowing `accounts`.
    pub async fn start(
        binary: &Path,
        operator: &OperatorKeys,
        accounts: &[NatsAccountRecord],
    ) -> Result<LiveNats, NatsServerError> {
        let started = Instant::now();
        let now = jiff::Timestamp::now().as_second();
        remove_leftovers();
        let directory = tempfile::Builder::new()
            .prefix(&format!("{DIRECTORY_PREFIX}{}-", std::process::id()))
            .tempdir()?;
        let jwt_directory = directory.path().join("jwt");
        let ports_directory = directory.path().join("ports");
        std::fs::create_dir(&jwt_directory)?;
        std::fs::create_dir(&ports_directory)?;
        let system_account = operator
            .system_account_id()
            .map_err(NatsServerError::Keys)?;
        // The `full` resolver reads `<dir>/<account>.jwt`.
        let mut jwts = vec![(
            system_account.clone(),
            operator
                .system_account_jwt(now)
                .map_err(NatsServerError::Keys)?,
        )];
        for record in accounts {
            let jwt = account_jwt(operator, record, now).map_err(NatsServerError::Keys)?;
            jwts.push((record.account.id.as_str().to_owned(), jwt));
        }
        for (account, jwt) in jwts {
            std::fs::write(jwt_directory.join(format!("{account}.jwt")), jwt)?;
        }
        let operator_jwt = directory.path().join("operator.jwt");
        std::fs::write(
            &operator_jwt,
            operator.operator_jwt(now).map_err(NatsServerError::Keys)?,
        )?;
        let config = directory.path().join("nats-server.conf");
        let mut file = std::fs::File::create(&config)?;
        writeln!(
            file,
            "# Written by the mnq-tui emulator, for this run only."
        )?;
        writeln!(file, "host: 127.0.0.1")?;
        // -1: a free port; the server writes it into the ports file.
        writeln!(file, "port: -1")?;
        writeln!(file, "ports_file_dir: {}", quoted(&ports_directory))?;
        writeln!(file, "operator: {}", quoted(&operator_jwt))?;
        writeln!(file, "system_account: {system_account}")?;
        writeln!(
            file,
            "resolver: {{ type: full, dir: {}, allow_delete: true }}",
            quoted(&jwt_directory)
        )?;
        file.sync_all()?;
        let log = directory.path().join("nats-server.log");
        let process = Process::spawn(binary, &config, &log)?;
        let url = wait_for_port(&process, &ports_directory, &log).await?;
        let system_user = operator.system_user(now).map_err(NatsServerError::Keys)?;
        let connection = Connection::connect(&url, &system_user.0, &system_user.1, PUSH_TIMEOUT)
            .await
            .map_err(NatsServerError::Connect)?;
        tracing::info!(%url, pid = process.pid, elapsed = ?started.elapsed(), "nats-server ready");
        Ok(LiveNats {
            url,
            process,
            operator: operator.clone(),
            system_user,
            connection: tokio::sync::Mutex::new(Some(connection)),
            _directory: directory,
        })
    }

    /// `nats://127.0.0.1:PORT`.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn pid(&self) -> u32 {
        self.process.pid
    }

    /// Tells the server what the store now says about account `id`: `read` gives its record,
    /// or `None` when it was deleted. Returns once the server has applied it.
    pub async fn sync(
        &self,
        id: &NatsAccountId,
        read: impl FnOnce() -> Option<NatsAccountRecord>,
    ) -> Result<(), String> {
        let mut connection = self.connection.lock().await;
        let now = jiff::Timestamp::now().as_second();
        let (subject, body) = match read() {
            Some(record) => (
                "$SYS.REQ.CLAIMS.UPDATE",
                account_jwt(&self.operator, &record, now)?,
            ),
            None => (
                "$SYS.REQ.CLAIMS.DELETE",
                self.operator.delete_request(&[id.as_str()], now)?,
            ),
        };
        let open = match connection.take() {
            Some(open) => open,
            None => {
                let (jwt, user) = &self.system_user;
                Connection::connect(&self.url, jwt, user, PUSH_TIMEOUT).await?
            }
        };
        let open = connection.insert(open);
        let reply = match open.request(subject, body.as_bytes(), PUSH_TIMEOUT).await {
            Ok(reply) => reply,
            Err(error) => {
                *connection = None;
                return Err(error);
            }
        };
        let answer: ClaimsAnswer = serde_json::from_slice(&reply)
            .map_err(|error| format!("nats-server's answer to {subject} is unreadable: {error}"))?;
        match answer.error {
            None => Ok(()),
            Some(error) => Err(format!(
                "nats-server refused {subject}: {}",
                error.description
            )),
        }
    }

    /// Stops the server: SIGTERM, then SIGKILL if it lingers.
    pub async fn stop(&self) {
        self.process.stop().await;
    }

    /// Kills the server now, without waiting.
    pub fn kill(&self) {
        self.process.kill();
    }
}

/// nats-server's answer to a claims request: `data` or `error`.
#[derive(Deserialize)]
struct ClaimsAnswer {
    error: Option<ClaimsError>,
}

#[derive(Deserialize)]
struct ClaimsError {
    #[serde(default)]
    description: String,
}

fn account_jwt(
    operator: &OperatorKeys,
    record: &NatsAccountRecord,
    issued_at: i64,
) -> Result<String, String> {
    record.keys.account_jwt(
        operator,
        &record.account.name,
        &record.revocations,
        issued_at,
    )
}

/// A path as a quoted string of nats-server's configuration (JSON's quoting is a subset).
fn quoted(path: &Path) -> String {
    serde_json::Value::from(path.to_string_lossy()).to_string()
}

/// The last lines nats-server wrote, for an error message.
fn log_tail(log: &Path) -> String {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    lines[lines.len().saturating_sub(10)..].join("\n")
}

/// Waits until the server has written its ports file (it does once it listens), and returns
/// its client URL.
async fn wait_for_port(
    process: &Process,
    ports_directory: &Path,
    log: &Path,
) -> Result<String, NatsServerError> {
    #[derive(Deserialize)]
    struct Ports {
        #[serde(default)]
        nats: Vec<String>,
    }
    let deadline = Instant::now() + START_TIMEOUT;
    loop {
        if let Some(status) = process.exit_status() {
            return Err(NatsServerError::Exited {
                status,
                log: log_tail(log),
            });
        }
        for entry in std::fs::read_dir(ports_directory)? {
            // The server writes the file in place: a partial read fails to parse, and the
            // next round reads it whole.
            let Ok(text) = std::fs::read(entry?.path()) else {
                continue;
            };
            if let Ok(Ports { nats }) = serde_json::from_slice::<Ports>(&text)
                && let Some(url) = nats.into_iter().next()
            {
                return Ok(url);
            }
        }
        if Instant::now() > deadline {
            process.kill();
            return Err(NatsServerError::NotListening {
                timeout: START_TIMEOUT,
                log: log_tail(log),
            });
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// The nats-server process. A thread of its own starts it and waits for it: Linux sends the
/// parent-death signal when the *thread* that started a child ends, so that thread must live
/// exactly as long as the child.
struct Process {
    pid: u32,
    /// Set once the process has been waited for; after that its pid may belong to another.
    reaped: Arc<AtomicBool>,
    exited: Mutex<Option<oneshot::Receiver<()>>>,
    status: Arc<Mutex<Option<String>>>,
}

impl Process {
    #[cfg(unix)]
    fn spawn(binary: &Path, config: &Path, log: &Path) -> Result<Process, NatsServerError> {
        use std::os::unix::process::CommandExt;

        let log = std::fs::File::create(log)?;
        let mut command = Command::new(binary);
        command
            .arg("-c")
            .arg(config)
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        #[cfg(target_os = "linux")]
        {
            let parent = std::process::id();
            // SAFETY: between fork and exec this only makes async-signal-safe calls.
            unsafe {
                command.pre_exec(move || {
                    // Killed with us, even when we are killed with SIGKILL.
                    if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) == -1 {
                        return Err(std::io::Error::last_os_error());
                    }
                    // We died before the line above: nobody will send the signal.
                    if libc::getppid() as u32 != parent {
                        return Err(std::io::Error::other("the emulator is gone"));
                    }
                    Ok(())
                });
            }
        }
        let reaped = Arc::new(AtomicBool::new(false));
        let status = Arc::new(Mutex::new(None));
        let (spawned, spawn_result) = std::sync::mpsc::sync_channel(1);
        let (exited_sender, exited) = oneshot::channel();
        let thread_reaped = Arc::clone(&reaped);
        let thread_status = Arc::clone(&status);
        std::thread::Builder::new()
            .name("nats-server".into())
            .spawn(move || {
                let mut child = match command.spawn() {
                    Ok(child) => child,
                    Err(error) => {
                        let _ = spawned.send(Err(error));
                        return;
                    }
                };
                let _ = spawned.send(Ok(child.id()));
                let ended = match child.wait() {
                    Ok(status) => status.to_string(),
                    Err(error) => format!("not known: {error}"),
                };
                *thread_status
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(ended);
                thread_reaped.store(true, Ordering::SeqCst);
                let _ = exited_sender.send(());
            })?;
        let spawn_error = |cause: String| NatsServerError::Spawn {
            binary: binary.display().to_string(),
            cause,
        };
        let pid = spawn_result
            .recv()
            .map_err(|error| spawn_error(error.to_string()))?
            .map_err(|error| spawn_error(error.to_string()))?;
        Ok(Process {
            pid,
            reaped,
            exited: Mutex::new(Some(exited)),
            status,
        })
    }

    #[cfg(not(unix))]
    fn spawn(_binary: &Path, _config: &Path, _log: &Path) -> Result<Process, NatsServerError> {
        Err(NatsServerError::Unsupported)
    }

    /// How it ended, once it has.
    fn exit_status(&self) -> Option<String> {
        self.status
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    fn signal(&self, signal: i32) {
        if self.reaped.load(Ordering::SeqCst) {
            return;
        }
        #[cfg(unix)]
        if let Ok(pid) = libc::pid_t::try_from(self.pid) {
            // SAFETY: kill has no memory effects; the pid is our unreaped child.
            unsafe {
                libc::kill(pid, signal);
            }
        }
    }

    fn kill(&self) {
        #[cfg(unix)]
        self.signal(libc::SIGKILL);
    }

    async fn stop(&self) {
        let exited = self
            .exited
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        let Some(mut exited) = exited else {
            return;
        };
        #[cfg(unix)]
        self.signal(libc::SIGTERM);
        if tokio::time::timeout(STOP_TIMEOUT, &mut exited)
            .await
            .is_err()
        {
            tracing::warn!(
                ?STOP_TIMEOUT,
                "nats-server did not stop on SIGTERM; killing it"
            );
            self.kill();
            let _ = exited.await;
        }
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        self.kill();
    }
}

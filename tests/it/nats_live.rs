//! "Revoked means denied", on a real nats-server: the emulator runs one (`--nats`), the
//! `.creds` it issues connect, and revoking them through the API (DELETE nats-credentials)
//! refuses new connections and drops live ones; deleting the account refuses its users. The
//! emulator owns the server: it goes when the emulator stops, even killed with SIGKILL.
//!
//! The figures (printed; run with `--nocapture` to see them): `cargo test --test it nats_live
//! -- --nocapture --test-threads 1`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use async_nats::ConnectErrorKind;
use futures::StreamExt;
use mnq_tui::api::Client;
use mnq_tui::api::model::{
    CreateNatsAccountRequest, CreateNatsCredentialsRequest, NatsAccount, NatsCredentials, Region,
};
use mnq_tui::emulator::{Emulator, EmulatorOptions, Seed};

use crate::support;
use crate::support::child::{self, ChildEmulator};
use crate::support::client;
use crate::support::emulator::nats_server_binary;
use crate::support::nats::{connect, dropped};

const REGION: Region = Region::FrPar;
/// What a revoke may take to reach a live connection. The target is under 2 s; this bound
/// leaves room for a loaded machine.
const DROP_BOUND: Duration = Duration::from_secs(5);
/// For anything else that should happen at once.
const DEADLINE: Duration = Duration::from_secs(5);

async fn start(state_file: Option<PathBuf>) -> Emulator {
    support::emulator::start(EmulatorOptions {
        seed: Some(Seed::Empty),
        state_file,
        nats_server: Some(nats_server_binary()),
        ..EmulatorOptions::default()
    })
    .await
}

async fn create_account(client: &Client, emulator: &Emulator, name: &str) -> NatsAccount {
    client
        .create_nats_account(
            REGION,
            &CreateNatsAccountRequest {
                name: name.into(),
                project_id: emulator.default_project(),
            },
        )
        .await
        .expect("the NATS account is created")
}

/// Credentials and the text of their `.creds` file.
async fn create_creds(
    client: &Client,
    account: &NatsAccount,
    name: &str,
) -> (NatsCredentials, String) {
    let created = client
        .create_nats_credentials(
            REGION,
            &CreateNatsCredentialsRequest {
                nats_account_id: account.id.clone(),
                name: name.into(),
            },
        )
        .await
        .expect("the NATS credentials are created");
    let creds = created
        .credentials
        .as_ref()
        .expect("a create answers the .creds file")
        .content
        .expose()
        .to_owned();
    (created, creds)
}

/// A message published on `client` comes back to its own subscription.
async fn round_trip(client: &async_nats::Client, subject: &'static str) {
    let mut subscription = client.subscribe(subject).await.unwrap();
    client.publish(subject, "order 42".into()).await.unwrap();
    client.flush().await.unwrap();
    let message = tokio::time::timeout(DEADLINE, subscription.next())
        .await
        .expect("the message comes back in time")
        .expect("the subscription is open");
    assert_eq!(&message.payload[..], b"order 42");
}

async fn assert_refused(url: &str, creds: &str, who: &str) {
    match connect(url, creds).await {
        Ok(_) => panic!("{who} still connect"),
        Err(error) => assert_eq!(
            error.kind(),
            ConnectErrorKind::AuthorizationViolation,
            "{who} are refused as unauthorized: {error}"
        ),
    }
}

/// Whether process `pid` is gone. A zombie counts as gone: it is dead and only waits to be
/// reaped, which in a container whose first process reaps nothing may never happen.
fn gone(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        Err(_) => true,
        Ok(stat) => stat
            .rsplit_once(')')
            .is_some_and(|(_, rest)| rest.trim_start().starts_with('Z')),
    }
}

async fn wait_until_gone(pid: u32, what: &str) {
    let deadline = Instant::now() + DEADLINE;
    while !gone(pid) {
        assert!(
            Instant::now() < deadline,
            "{what}: nats-server {pid} still runs"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// The resident memory of a process, from `/proc/PID/status`.
fn rss_of(pid: u32) -> String {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .map(|value| value.trim().to_owned())
        .unwrap_or_else(|| "unknown".into())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_revoke_refuses_new_connections_and_drops_live_ones() {
    let starting = Instant::now();
    let emulator = start(None).await;
    let started = starting.elapsed();
    let url = emulator
        .nats_server_url()
        .expect("a live nats-server")
        .to_owned();
    let pid = emulator.nats_server_pid().expect("a live nats-server");
    println!(
        "emulator with nats-server started in {started:?}; nats-server pid {pid}, VmRSS {}",
        rss_of(pid)
    );
    let client = client::of(&emulator);
    let account = create_account(&client, &emulator, "orders-bus").await;
    assert_eq!(
        account.endpoint, url,
        "the account points at the live server"
    );
    let (revoked, revoked_creds) = create_creds(&client, &account, "worker-1").await;
    let (_, kept_creds) = create_creds(&client, &account, "worker-2").await;

    let (live, mut events) = connect(&url, &revoked_creds)
        .await
        .expect("issued .creds connect");
    round_trip(&live, "orders.created").await;
    let (other, _other_events) = connect(&url, &kept_creds).await.unwrap();

    let revoking = Instant::now();
    client
        .delete_nats_credentials(REGION, &revoked.id)
        .await
        .expect("the revoke is answered");
    let answered = revoking.elapsed();
    assert_refused(&url, &revoked_creds, "revoked credentials").await;
    let refused = revoking.elapsed();
    let dropped_at = dropped(&mut events, DROP_BOUND).await;
    let dropped = dropped_at.saturating_duration_since(revoking);
    println!(
        "revoke answered after {answered:?}; a new connection refused {refused:?} after the \
         revoke was sent; the live connection dropped after {dropped:?}"
    );
    assert!(dropped < DROP_BOUND);

    // Only that user: the account's other credentials carry on.
    round_trip(&other, "orders.shipped").await;
    println!("nats-server VmRSS after the checks: {}", rss_of(pid));

    emulator.stop().await;
    wait_until_gone(pid, "after stop()").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn deleting_an_account_refuses_its_users() {
    let emulator = start(None).await;
    let url = emulator.nats_server_url().unwrap().to_owned();
    let client = client::of(&emulator);
    let account = create_account(&client, &emulator, "billing").await;
    let (_, creds) = create_creds(&client, &account, "invoicer").await;
    let (live, mut events) = connect(&url, &creds).await.expect("issued .creds connect");
    round_trip(&live, "invoices").await;

    client
        .delete_nats_account(REGION, &account.id)
        .await
        .expect("the account is deleted");
    assert_refused(&url, &creds, "users of a deleted account").await;
    dropped(&mut events, DROP_BOUND).await;
    emulator.stop().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restart_on_the_same_state_file_keeps_creds_and_revocations() {
    let directory = tempfile::tempdir().unwrap();
    let state = directory.path().join("state.json");
    let emulator = start(Some(state.clone())).await;
    let client = client::of(&emulator);
    let account = create_account(&client, &emulator, "orders-bus").await;
    let (_, kept) = create_creds(&client, &account, "kept").await;
    let (revoked, revoked_creds) = create_creds(&client, &account, "revoked").await;
    client
        .delete_nats_credentials(REGION, &revoked.id)
        .await
        .unwrap();
    emulator.stop().await;

    let again = start(Some(state)).await;
    let url = again.nats_server_url().unwrap().to_owned();
    let (live, _events) = connect(&url, &kept)
        .await
        .expect(".creds issued before the restart connect");
    round_trip(&live, "orders.created").await;
    assert_refused(
        &url,
        &revoked_creds,
        "credentials revoked before the restart",
    )
    .await;
    again.stop().await;
}

/// The emulator as a process (`mnq-tui emulator --nats-server …`), killed with SIGKILL: its
/// nats-server goes with it. Its temporary directory is the test's own, so that no other
/// emulator (another test's in this process, or another program's) removes what it left behind
/// before the test looks.
#[tokio::test(flavor = "multi_thread")]
async fn a_killed_emulator_leaves_no_nats_server() {
    let temporary = tempfile::tempdir().expect("a temporary directory");
    let with_nats_server = || {
        let mut command = child::command(&["--seed", "empty", "--nats-server"]);
        command
            .arg(nats_server_binary())
            .env("TMPDIR", temporary.path());
        command
    };
    let mut emulator = ChildEmulator::spawn(with_nats_server());
    let url = emulator.nats_url();
    assert!(url.starts_with("nats://127.0.0.1:"), "{url}");
    let pid = child_named(emulator.id(), "nats-server").expect("the emulator runs nats-server");
    assert!(!gone(pid), "nats-server runs before the kill");
    let files = server_directories_of(temporary.path(), emulator.id());
    assert_eq!(files.len(), 1, "the server's directory: {files:?}");

    let killing = Instant::now();
    emulator.kill();
    wait_until_gone(pid, "after the emulator's SIGKILL").await;
    println!(
        "nats-server gone {:?} after the emulator was killed",
        killing.elapsed()
    );

    // Its files stay behind, until the next emulator with a nats-server starts.
    assert!(files[0].exists());
    ChildEmulator::spawn(with_nats_server()).stop_with("TERM");
    assert!(!files[0].exists(), "{} is removed", files[0].display());
}

/// The temporary directories in `temporary` of the nats-server that emulator `pid` runs.
fn server_directories_of(temporary: &Path, pid: u32) -> Vec<PathBuf> {
    let prefix = format!("mnq-nats-{pid}-");
    std::fs::read_dir(temporary)
        .unwrap()
        .flatten()
        .filter(|entry| entry.file_name().to_string_lossy().starts_with(&prefix))
        .map(|entry| entry.path())
        .collect()
}

/// `--nats-server` naming no program: one line that says so, and a failed exit.
#[test]
fn a_nats_server_that_cannot_run_is_a_one_line_error() {
    let output = Command::new(env!("CARGO_BIN_EXE_mnq-tui"))
        .args(["emulator", "--nats-server", "/nonexistent/nats-server"])
        .env("RUST_BACKTRACE", "1")
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&output.stderr),
        "error: cannot run /nonexistent/nats-server: No such file or directory (os error 2)\n"
    );
}

/// The child of `parent` whose command name is `name`, from `/proc`.
fn child_named(parent: u32, name: &str) -> Option<u32> {
    std::fs::read_dir("/proc").ok()?.find_map(|entry| {
        let pid: u32 = entry.ok()?.file_name().to_str()?.parse().ok()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let (head, rest) = stat.rsplit_once(')')?;
        let comm = head.split_once('(')?.1;
        let ppid: u32 = rest.split_whitespace().nth(1)?.parse().ok()?;
        (ppid == parent && comm == name).then_some(pid)
    })
}

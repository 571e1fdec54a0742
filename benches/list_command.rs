//! `mnq-tui list` measured as a script meets it: the release binary run as a process, its start
//! included, against an emulator on loopback. Each figure is printed beside its target from
//! issue 11:
//!
//! - 10,000 Queues credentials: `mnq-tui list --product queues --output json` against the
//!   official Python SDK's `list_sqs_credentials_all(page_size=100)` on the same emulator, one
//!   run each, as a ratio (target: at least 5× faster);
//! - 60,000 credentials over the three products × fr-par and nl-ams × the demo's 3 projects,
//!   the emulator delaying each request by up to 20 ms (`--latency-ms 20`): `mnq-tui list
//!   --product all --region all --project all --output json` to the full list (target < 1 s);
//!   and the console's own time to each product's full list over all regions and projects —
//!   its `Program` and worker, as the console runs them, with a frame drawn after each answer.
//!
//! Run: `cargo bench --bench list_command`. The Python row needs the SDK: `MNQ_SDK_PYTHON`, or
//! the venv `cargo test --test it python_sdk` makes in `target/sdk-venv`; without it the row says
//! so.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

use mnq_tui::api::model::{
    CreateNatsAccountRequest, CredentialsId, NatsCredentials, Permissions, ProjectId, Region,
    Secret, Service, ServiceCredentials, Timestamp,
};
use mnq_tui::api::{Client, ClientConfig, ListQuery};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, Generate, Seed, sha1_hex};

#[path = "support/processes.rs"]
mod processes;

use processes::{BINARY, SDK_LIST_QUEUES, sdk_missing, sdk_python, timed};

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a runtime for the emulator");
    mnq_tui::api::install_tls_provider();
    let mut report = Vec::new();
    against_the_python_sdk(&runtime, &mut report);
    everything_at_latency(&runtime, &mut report);

    println!();
    println!("Targets of issue 11 (cargo bench --bench list_command; release binary, one run):");
    for line in report {
        println!("  {line}");
    }
}

fn line(what: &str, figure: String, target: &str, met: Option<bool>) -> String {
    let verdict = match met {
        Some(true) => "ok",
        Some(false) => "MISSED",
        None => "",
    };
    format!("{what:<58} {figure:>22}   target {target:<6} {verdict}")
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1e3)
}

/// CPU time (user + system) of the children waited for so far.
fn children_cpu() -> Duration {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut usage);
        usage
    };
    let time = |t: libc::timeval| {
        Duration::from_secs(t.tv_sec as u64) + Duration::from_micros(t.tv_usec as u64)
    };
    time(usage.ru_utime) + time(usage.ru_stime)
}

fn json_rows(output: &Output) -> usize {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    rows.as_array().expect("an array").len()
}

fn against_the_python_sdk(runtime: &tokio::runtime::Runtime, report: &mut Vec<String>) {
    const COUNT: usize = 10_000;
    let emulator = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                generate: Some(Generate {
                    count: COUNT,
                    service: Service::Sqs,
                    region: Region::FrPar,
                }),
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    let home = tempfile::tempdir().unwrap();

    let (output, ours) = timed(
        Command::new(BINARY).args(["list", "--product", "queues", "--output", "json"]),
        &emulator,
        &home,
    );
    assert_eq!(json_rows(&output), COUNT);
    report.push(line(
        "list --product queues --output json, 10,000",
        ms(ours),
        "",
        None,
    ));

    let Some(python) = sdk_python() else {
        report.push(sdk_missing());
        return;
    };
    let (output, theirs) = timed(
        Command::new(&python).args(["-c", SDK_LIST_QUEUES]),
        &emulator,
        &home,
    );
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        COUNT.to_string()
    );
    report.push(line(
        "Python SDK list_sqs_credentials_all(page_size=100)",
        ms(theirs),
        "",
        None,
    ));
    let ratio = theirs.as_secs_f64() / ours.as_secs_f64();
    report.push(line(
        "  mnq-tui list is faster by",
        format!("{ratio:.1}×"),
        "≥ 5×",
        Some(ratio >= 5.0),
    ));
    runtime.block_on(emulator.stop());
}

fn everything_at_latency(runtime: &tokio::runtime::Runtime, report: &mut Vec<String>) {
    const TOTAL: usize = 60_000;
    let emulator = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Demo),
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    let key = emulator.api_key();
    let client = Client::new(ClientConfig::new(
        emulator.url(),
        Secret::new(key.secret_key.expose()),
    ))
    .expect("a client");
    let store = emulator.snapshot();
    let projects: Vec<ProjectId> = store.projects.iter().map(|p| p.id.clone()).collect();

    // A NATS account in each region of each project: the demo's, or a new one.
    let mut accounts = Vec::new();
    for project in &projects {
        for region in Region::ALL {
            let listed = runtime
                .block_on(
                    client
                        .list_nats_accounts(region, &ListQuery::project(project.clone()))
                        .into_future(),
                )
                .expect("the accounts list");
            let account = match listed.into_iter().next() {
                Some(account) => account,
                None => runtime
                    .block_on(client.create_nats_account(
                        region,
                        &CreateNatsAccountRequest {
                            project_id: project.clone(),
                            name: format!("bench-{region}"),
                        },
                    ))
                    .expect("a new account"),
            };
            accounts.push((project.clone(), region, account.id));
        }
    }

    let existing = {
        let store = emulator.snapshot();
        store.nats_credentials.len() + store.sqs_credentials.len() + store.sns_credentials.len()
    };
    let parts = accounts.len() * 3;
    let per_part = (TOTAL - existing) / parts;
    let remainder = (TOTAL - existing) % parts;
    let start = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 400);
    let mut serial = 0u64;
    let mut part = 0;
    emulator.edit(|store| {
        for (project, region, account) in &accounts {
            for service in [None, Some(Service::Sqs), Some(Service::Sns)] {
                let count = per_part + usize::from(part < remainder);
                part += 1;
                for i in 0..count {
                    serial += 1;
                    let created = Timestamp(start + jiff::SignedDuration::from_secs(serial as i64));
                    let id = CredentialsId(uuid::Uuid::new_v4().to_string());
                    let name = format!("bench-{region}-{i:05}");
                    match service {
                        None => store.nats_credentials.push(NatsCredentials {
                            id,
                            name,
                            nats_account_id: account.clone(),
                            region: Some(*region),
                            created_at: Some(created),
                            updated_at: Some(created),
                            credentials: None,
                            checksum: sha1_hex(&format!("creds {serial}")),
                        }),
                        Some(service) => {
                            let credentials = ServiceCredentials {
                                id,
                                name,
                                project_id: project.clone(),
                                region: *region,
                                created_at: Some(created),
                                updated_at: Some(created),
                                access_key: format!("BENCH{serial:015}"),
                                secret_key: Secret::default(),
                                secret_checksum: sha1_hex(&format!("secret {serial}")),
                                permissions: Some(Permissions::new(true, i % 2 == 0, i % 7 == 0)),
                            };
                            match service {
                                Service::Sqs => store.sqs_credentials.push(credentials),
                                Service::Sns => store.sns_credentials.push(credentials),
                            }
                        }
                    }
                }
            }
        }
    });

    // The same data behind an emulator that delays every request by up to 20 ms.
    let data = emulator.snapshot();
    let slow = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().unwrap(),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                faults: FaultConfig {
                    max_latency: Duration::from_millis(20),
                    ..FaultConfig::default()
                },
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    slow.edit(|store| *store = data);

    let home = tempfile::tempdir().unwrap();
    let everything = [
        "list",
        "--product",
        "all",
        "--region",
        "all",
        "--project",
        "all",
        "--output",
        "json",
    ];
    for (what, emulator, target) in [
        (
            "list, 60,000 in 3 products × 2 regions × 3 projects, ≤ 20 ms",
            &slow,
            Some(Duration::from_secs(1)),
        ),
        ("  the same without latency", &emulator, None),
    ] {
        let cpu_before = children_cpu();
        let (output, took) = timed(Command::new(BINARY).args(everything), emulator, &home);
        let cpu = children_cpu() - cpu_before;
        assert_eq!(json_rows(&output), TOTAL, "every credential listed");
        report.push(line(
            what,
            format!("{} (CPU {})", ms(took), ms(cpu)),
            if target.is_some() { "< 1 s" } else { "" },
            target.map(|target| took < target),
        ));
    }
    runtime.block_on(in_the_console(&slow, report));
    runtime.block_on(slow.stop());
    runtime.block_on(emulator.stop());
}

/// The console's time to the full lists of the 60,000 credentials: every region and project,
/// Queues, Topics and Events, then NATS (the accounts, then each account's credentials, as a
/// person opens them one after the other).
async fn in_the_console(emulator: &Emulator, report: &mut Vec<String>) {
    use mnq_tui::app::{ApiAnswer, Command, Effect, Program, RequestId, Screen, Session, State};
    use mnq_tui::worker::{self, Order};
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    use ratatui::layout::Size;
    use tokio::sync::mpsc;

    let key = emulator.api_key();
    let client = Client::new(ClientConfig::new(
        emulator.url(),
        Secret::new(key.secret_key.expose()),
    ))
    .expect("a client");
    let session = Session {
        organization_id: Some(emulator.snapshot().organization.id),
        ..Session::new("bench", key.default_project_id.clone())
    };
    let mut program = Program::new(State::new(session, Region::FrPar), Size::new(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let (answers_sender, mut answers) = mpsc::channel(worker::QUEUE);
    let orders = worker::spawn(client, answers_sender);
    let send = |effects: Vec<Effect>| {
        let orders = orders.clone();
        async move {
            for effect in effects {
                let order = match effect {
                    Effect::Api(id, call) => Order::Call(id, call),
                    Effect::Cancel(id) => Order::Cancel(id),
                    _ => continue,
                };
                orders.send(order).await.expect("the worker runs");
            }
        }
    };
    let loading = |program: &Program| match &program.state().screen {
        Screen::Service(page) => page.credentials.parts().is_loading(),
        Screen::NatsAccounts(list) => list.parts().is_loading(),
        Screen::NatsAccount(page) => page.credentials.parts().is_loading(),
        Screen::Products { .. } => false,
    };
    let rows = |program: &Program| match &program.state().screen {
        Screen::Service(page) => page.credentials.rows().len(),
        Screen::NatsAccounts(list) => list.rows().len(),
        Screen::NatsAccount(page) => page.credentials.rows().len(),
        Screen::Products { .. } => 0,
    };
    // Takes answers (drawing a frame after each) until the screen's list is whole; returns
    // when the first rows showed.
    async fn settle(
        program: &mut Program,
        terminal: &mut Terminal<TestBackend>,
        answers: &mut mpsc::Receiver<(RequestId, ApiAnswer)>,
        started: Instant,
        send: &impl Fn(Vec<Effect>) -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>>,
        loading: &impl Fn(&Program) -> bool,
        rows: &impl Fn(&Program) -> usize,
    ) -> Option<Duration> {
        let mut first_rows = None;
        while loading(program) {
            let Some((id, answer)) = answers.recv().await else {
                break;
            };
            let outcome = program.answer(id, answer);
            send(outcome.effects).await;
            terminal
                .draw(|frame| mnq_tui::ui::render(program.state(), frame))
                .expect("drawn");
            if first_rows.is_none() && rows(program) > 0 {
                first_rows = Some(started.elapsed());
            }
        }
        first_rows
    }
    let send = |effects: Vec<Effect>| -> std::pin::Pin<Box<dyn std::future::Future<Output = ()>>> {
        Box::pin(send(effects))
    };
    let apply = |program: &mut Program, command: Command| program.apply(command).effects;

    send(program.start().effects).await;
    while !matches!(program.state().projects, mnq_tui::app::Projects::Listed(_)) {
        let (id, answer) = answers.recv().await.expect("the projects");
        send(program.answer(id, answer).effects).await;
    }
    // All regions (after the two regions), All projects (after the three projects).
    for command in [
        Command::OpenRegions,
        Command::Down,
        Command::Down,
        Command::Open,
    ] {
        send(apply(&mut program, command)).await;
    }
    for command in [
        Command::OpenProjects,
        Command::Down,
        Command::Down,
        Command::Down,
        Command::Open,
    ] {
        send(apply(&mut program, command)).await;
    }

    let mut total = Duration::ZERO;
    let mut listed = 0;
    for (what, product) in [
        ("Queues", mnq_tui::api::model::Product::Queues),
        (
            "Topics and Events",
            mnq_tui::api::model::Product::TopicsAndEvents,
        ),
        ("NATS accounts", mnq_tui::api::model::Product::Nats),
    ] {
        let started = Instant::now();
        send(apply(&mut program, Command::go_to(product))).await;
        let first = settle(
            &mut program,
            &mut terminal,
            &mut answers,
            started,
            &send,
            &loading,
            &rows,
        )
        .await;
        let took = started.elapsed();
        total += took;
        listed += rows(&program);
        report.push(line(
            &format!("  console: {what}, all regions × all projects"),
            format!(
                "{} rows {} (first {})",
                rows(&program),
                ms(took),
                first.map_or_else(|| "-".to_owned(), ms)
            ),
            "",
            None,
        ));
    }
    // NATS credentials live in their accounts: open each in turn.
    let accounts = match &program.state().screen {
        Screen::NatsAccounts(list) => list.rows().len(),
        _ => 0,
    };
    let started = Instant::now();
    for index in 0..accounts {
        send(apply(&mut program, Command::First)).await;
        for _ in 0..index {
            send(apply(&mut program, Command::Down)).await;
        }
        send(apply(&mut program, Command::Open)).await;
        settle(
            &mut program,
            &mut terminal,
            &mut answers,
            Instant::now(),
            &send,
            &loading,
            &rows,
        )
        .await;
        listed += rows(&program);
        send(apply(&mut program, Command::Back)).await;
    }
    let took = started.elapsed();
    total += took;
    report.push(line(
        &format!("  console: NATS credentials, {accounts} accounts one after the other"),
        ms(took),
        "",
        None,
    ));
    report.push(line(
        "console, 60,000 in 3 products × 2 regions × 3 projects, ≤ 20 ms",
        format!("{listed} rows {}", ms(total)),
        "< 1 s",
        Some(total < Duration::from_secs(1)),
    ));
}

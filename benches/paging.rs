//! Listing 10,000 and 100,000 Queues credentials behind an emulator that delays each request by
//! a random time up to 40 ms (20 ms on average: `mnq-tui emulator --latency-ms 40`), three ways
//! side by side in the same rounds:
//!
//! - the console: the `2` key to the whole list, through its `Program` and its worker as the
//!   console runs them, a frame drawn after each answer;
//! - `mnq-tui list --product queues --output json`: the release binary as a process, its start
//!   and its output included;
//! - the official Python SDK's `list_sqs_credentials_all(page_size=100)` (scaleway 2.12.0),
//!   its recursion limit raised so that it can read 1,000 pages.
//!
//! Targets (issue 18): the console and `list` at least 8× faster than the SDK at 10,000 and 9×
//! at 100,000, with at most 8 pages of a listing in flight. Each size runs `MNQ_BENCH_RUNS`
//! rounds (default 3) of the three, one after the other; the summary gives the median of each
//! figure and of each round's ratio (a shared machine slows a whole round, not one of its rows).
//!
//! Run: `cargo bench --bench paging`. The SDK rows need `MNQ_SDK_PYTHON`, or the venv that
//! `tests/run` makes in `target/sdk-venv`; without it they say so.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use mnq_tui::api::model::{Region, Service};
use mnq_tui::api::{Client, ClientConfig};
use mnq_tui::app::{
    ApiAnswer, Effect, Key, KeyCode, KeyModifiers, Program, Screen, Session, State,
};
use mnq_tui::emulator::{Emulator, EmulatorOptions, FaultConfig, Generate, Seed};
use mnq_tui::worker::{self, Order};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Size;
use tokio::runtime::Runtime;
use tokio::sync::mpsc;

#[path = "support/processes.rs"]
mod processes;

use processes::{BINARY, SDK_LIST_QUEUES, sdk_missing, sdk_python, timed};

const MAX_LATENCY: Duration = Duration::from_millis(40);
/// The sizes, each with the speed-up over the SDK it must reach.
const SIZES: [(usize, f64); 2] = [(10_000, 8.0), (100_000, 9.0)];

fn main() {
    let runtime = Runtime::new().expect("a tokio runtime");
    mnq_tui::api::install_tls_provider();
    let runs: usize = std::env::var("MNQ_BENCH_RUNS")
        .ok()
        .and_then(|runs| runs.parse().ok())
        .unwrap_or(3)
        .max(1);
    let python = sdk_python();
    let mut report = Vec::new();
    for (count, target) in SIZES {
        report.extend(size(&runtime, count, target, runs, python.as_ref()));
    }
    println!();
    println!(
        "Targets of issue 18 (cargo bench --bench paging; emulator latency random up to {} ms, \
         medians of {runs} rounds):",
        MAX_LATENCY.as_millis()
    );
    for line in report {
        println!("  {line}");
    }
    if python.is_none() {
        println!("  {}", sdk_missing());
    }
}

/// One size: its rounds, and the lines of the summary.
fn size(
    runtime: &Runtime,
    count: usize,
    target: f64,
    runs: usize,
    python: Option<&PathBuf>,
) -> Vec<String> {
    let emulator = runtime
        .block_on(Emulator::start(
            "127.0.0.1:0".parse().expect("a loopback address"),
            EmulatorOptions {
                seed: Some(Seed::Empty),
                generate: Some(Generate {
                    count,
                    service: Service::Sqs,
                    region: Region::FrPar,
                }),
                faults: FaultConfig {
                    max_latency: MAX_LATENCY,
                    failure_rate: 0.0,
                    kinds: Vec::new(),
                    seed: 1,
                },
                ..EmulatorOptions::default()
            },
        ))
        .expect("the emulator starts");
    let home = tempfile::tempdir().expect("a temporary home");
    let (mut console, mut list, mut sdk) = (Vec::new(), Vec::new(), Vec::new());
    for round in 1..=runs {
        console.push(runtime.block_on(in_the_console(&emulator, count)));
        list.push(list_command(&emulator, &home, count));
        if let Some(python) = python {
            sdk.push(python_sdk(python, &emulator, &home, count));
        }
        eprintln!(
            "{count} credentials, round {round}: console {}, list {}{}",
            ms(console[round - 1]),
            ms(list[round - 1]),
            sdk.last()
                .map_or_else(String::new, |sdk| format!(", SDK {}", ms(*sdk)))
        );
    }
    runtime.block_on(emulator.stop());

    let amount = thousands(count);
    let mut lines = vec![
        line(
            &format!("console, key 2 to the whole list, {amount}"),
            ms(median(&console)),
            "",
            None,
        ),
        line(
            &format!("mnq-tui list --product queues --output json, {amount}"),
            ms(median(&list)),
            "",
            None,
        ),
    ];
    if sdk.is_empty() {
        return lines;
    }
    lines.push(line(
        &format!("Python SDK list_sqs_credentials_all(page_size=100), {amount}"),
        ms(median(&sdk)),
        "",
        None,
    ));
    for (what, ours) in [("console", &console), ("mnq-tui list", &list)] {
        let ratios: Vec<f64> = sdk
            .iter()
            .zip(ours)
            .map(|(sdk, ours)| sdk.as_secs_f64() / ours.as_secs_f64())
            .collect();
        let ratio = median_f64(&ratios);
        lines.push(line(
            &format!("  {what} is faster than the SDK by"),
            format!("{ratio:.1}×"),
            &format!("≥ {target}×"),
            Some(ratio >= target),
        ));
    }
    lines
}

/// The console's time from the `2` key (Queues) to the whole list on screen: its `Program` and
/// worker as the console runs them, a frame drawn after each answer.
async fn in_the_console(emulator: &Emulator, count: usize) -> Duration {
    let key = emulator.api_key();
    let client =
        Client::new(ClientConfig::new(emulator.url(), key.secret_key.clone())).expect("a client");
    let session = Session::new("bench", key.default_project_id.clone());
    let mut program = Program::new(State::new(session, Region::FrPar), Size::new(120, 40));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("a test terminal");
    let (answers_sender, mut answers) = mpsc::channel(worker::QUEUE);
    let orders = worker::spawn(client, answers_sender);
    let send = async |effects: Vec<Effect>| {
        for effect in effects {
            let order = match effect {
                Effect::Api(id, call) => Order::Call(id, call),
                Effect::Cancel(id) => Order::Cancel(id),
                _ => continue,
            };
            orders.send(order).await.expect("the worker runs");
        }
    };
    let loading = |program: &Program| match &program.state().screen {
        Screen::Service(page) => page.credentials.parts().is_loading(),
        _ => true,
    };

    let started = Instant::now();
    let queues = Key::new(KeyCode::Char('2'), KeyModifiers::NONE);
    send(program.key(&queues).effects).await;
    while loading(&program) {
        let (id, answer): (_, ApiAnswer) = answers.recv().await.expect("the worker answers");
        send(program.answer(id, answer).effects).await;
        terminal
            .draw(|frame| mnq_tui::ui::render(program.state(), frame))
            .expect("a test terminal draws");
    }
    let took = started.elapsed();
    let rows = match &program.state().screen {
        Screen::Service(page) => page.credentials.rows().len(),
        _ => 0,
    };
    assert_eq!(rows, count, "the console lists every credential");
    took
}

/// `mnq-tui list --product queues --output json`, from start to exit.
fn list_command(emulator: &Emulator, home: &tempfile::TempDir, count: usize) -> Duration {
    let mut command = Command::new(BINARY);
    command.args(["list", "--product", "queues", "--output", "json"]);
    let (output, took) = timed(&mut command, emulator, home);
    assert_success(&output);
    let rows: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        rows.as_array().map(Vec::len),
        Some(count),
        "list prints every credential"
    );
    took
}

/// The Python SDK's `list_sqs_credentials_all(page_size=100)`, from start to exit.
fn python_sdk(
    python: &PathBuf,
    emulator: &Emulator,
    home: &tempfile::TempDir,
    count: usize,
) -> Duration {
    let (output, took) = timed(
        Command::new(python).args(["-c", SDK_LIST_QUEUES]),
        emulator,
        home,
    );
    assert_success(&output);
    assert_eq!(
        String::from_utf8_lossy(&output.stdout).trim(),
        count.to_string(),
        "the SDK lists every credential"
    );
    took
}

fn assert_success(output: &Output) {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn median(durations: &[Duration]) -> Duration {
    let mut sorted = durations.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

fn median_f64(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[sorted.len() / 2]
}

fn line(what: &str, figure: String, target: &str, met: Option<bool>) -> String {
    let verdict = match met {
        Some(true) => "ok",
        Some(false) => "MISSED",
        None => "",
    };
    format!("{what:<64} {figure:>9}   target {target:<6} {verdict}")
}

fn ms(duration: Duration) -> String {
    format!("{:.0} ms", duration.as_secs_f64() * 1e3)
}

fn thousands(count: usize) -> String {
    mnq_tui::ui::text::thousands(count as u64)
}
